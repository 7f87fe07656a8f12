package php

import (
	"testing"

	"github.com/yingji/yingji/internal/testcorpus"
	"github.com/yingji/yingji/internal/webshell/lang"
)

// frontCorpus returns the texts of the files of the development corpus
// that the language detection calls PHP.
func frontCorpus(tb testing.TB) [][]byte {
	var srcs [][]byte
	err := testcorpus.EachFile(testcorpus.Path(tb, "webshell-dev.tar.gz"), func(name string, b []byte) error {
		if lang.Detect(b, name).Lang == lang.PHP {
			text, _ := lang.Text(b)
			srcs = append(srcs, text)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return srcs
}

// BenchmarkFront measures the front end alone (lexing without whitespace
// and comments, then parsing) on the PHP files of the development corpus:
// go test -run XXX -bench Front
func BenchmarkFront(b *testing.B) {
	srcs := frontCorpus(b)
	var n int64
	for _, s := range srcs {
		n += int64(len(s))
	}
	b.SetBytes(n)
	var buf []Token
	b.ResetTimer()
	for range b.N {
		for _, s := range srcs {
			buf = codeTokens(s, string(s), buf[:0])
			parse(buf)
		}
	}
}
