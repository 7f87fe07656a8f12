package php

import (
	"path"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/testcorpus"
)

// TestCorpusSmoke tokenizes every PHP sample of the development corpus
// (read from the archive, never executed) and checks that the tokens
// cover each file.
func TestCorpusSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	corpus := testcorpus.Path(t, "webshell-dev.tar.gz")
	var files, withErr, bytesTotal int
	start := time.Now()
	err := testcorpus.EachFile(corpus, func(name string, src []byte) error {
		if path.Base(path.Dir(name)) != "php" {
			return nil
		}
		toks, lexErr := Tokenize(src)
		var b strings.Builder
		for _, tok := range toks {
			b.WriteString(tok.Text)
		}
		if b.String() != string(src) {
			t.Errorf("%s: tokens do not reproduce the file", name)
		}
		files++
		bytesTotal += len(src)
		if lexErr != nil {
			withErr++
			// Attackers ship broken PHP on purpose; listed for review.
			t.Logf("%s: %.200s", path.Base(name), lexErr.Error())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 3000 {
		t.Errorf("only %d PHP files in %s", files, corpus)
	}
	t.Logf("%d files, %d bytes in %v; %d with lexical errors", files, bytesTotal, time.Since(start), withErr)
}
