package php

// Equivalence of appendCode with the version it replaced, which appended
// each token as a struct value: the reference is kept here verbatim.

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/webshell/lang"
)

// refAppendCode is appendCode before its tokens were written a field at a
// time.
func (l *Lexer) refAppendCode(ts []Token) []Token {
	s := l.src
	for l.pos < len(s) {
		start := l.pos
		var k Kind
		var val string
		var hasVal bool
		if l.cur == stScripting && !l.haltData {
			if byteClass[s[start]]&clWS != 0 {
				p, lines := start, 0
				for ; p < len(s) && byteClass[s[p]]&clWS != 0; p++ {
					if c := s[p]; c == '\n' || c == '\r' && (p+1 >= len(s) || s[p+1] != '\n') {
						lines++
					}
				}
				l.pos = p
				l.line += lines
				continue
			}
			k, val, hasVal = l.scanScripting()
			if l.pos <= start {
				l.pos = start + 1
				k, hasVal = Invalid, false
			}
		} else {
			k, val, hasVal = l.scanOne()
		}
		if k == Whitespace || k == Comment || k == DocComment {
			l.line += countNewlines(l.src[start:l.pos])
			continue
		}
		text := l.str[start:l.pos]
		if !hasVal {
			val = text
		}
		ts = append(ts, Token{Kind: k, Text: text, Value: val, Line: int32(l.line), Offset: int32(start)})
		if !oneLine[k] {
			l.line += countNewlines(l.src[start:l.pos])
		}
		if l.halt != 0 || k == Keyword {
			l.trackHalt(&ts[len(ts)-1])
		}
	}
	l.checkEOF()
	return ts
}

// lexEquiv checks that appendCode gives refAppendCode's tokens and errors
// for src, into a fresh array and into dirty, a reused array that still
// holds another input's tokens (which must all be overwritten).
func lexEquiv(t *testing.T, name string, src []byte, dirty []Token) {
	t.Helper()
	ref := newLexer(src, string(src))
	want := ref.refAppendCode(nil)
	for _, buf := range [][]Token{nil, dirty[:0], make([]Token, 0, 1)} {
		l := newLexer(src, string(src))
		got := l.appendCode(buf)
		if !slices.Equal(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("%s: token %d = %+v; want %+v", name, i, got[i], want[i])
				}
			}
			t.Fatalf("%s: %d tokens; want %d", name, len(got), len(want))
		}
		if fmt.Sprint(l.Err()) != fmt.Sprint(ref.Err()) || l.line != ref.line || l.halt != ref.halt || l.haltData != ref.haltData {
			t.Fatalf("%s: end state differs: errors %v, line %d; want %v, line %d", name, l.Err(), l.line, ref.Err(), ref.line)
		}
	}
}

// lexEquivDirs holds appendCode to its reference on every PHP file (by
// lang.Detect) under the directories, and returns how many it compared.
func lexEquivDirs(t *testing.T, dirs ...string) int {
	n := 0
	var dirty []Token
	for _, dir := range dirs {
		filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
			if err != nil || !fi.Mode().IsRegular() {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil || lang.Detect(b, p).Lang != lang.PHP {
				return nil
			}
			text, _ := lang.Text(b)
			lexEquiv(t, p, text, dirty)
			if !slices.Equal(text, b) {
				lexEquiv(t, p+" (raw)", b, dirty)
			}
			dirty = newLexer(b, string(b)).appendCode(dirty[:0])
			n++
			return nil
		})
	}
	return n
}

// TestLexEquivTrees compares on the trees named by PHPLEX_DIRS
// (colon-separated), such as the development set and the held-out benign
// applications.
func TestLexEquivTrees(t *testing.T) {
	dirs := os.Getenv("PHPLEX_DIRS")
	if dirs == "" {
		t.Skip("PHPLEX_DIRS not set")
	}
	t.Logf("%d PHP files compared", lexEquivDirs(t, strings.Split(dirs, ":")...))
}

// TestLexEquivCorpus compares on the PHP files of the development corpus.
func TestLexEquivCorpus(t *testing.T) {
	var dirty []Token
	for i, src := range frontCorpus(t) {
		lexEquiv(t, fmt.Sprint("corpus file ", i), src, dirty)
		dirty = newLexer(src, string(src)).appendCode(dirty[:0])
	}
}

// TestLexEquivRandom compares on generated, mostly broken programs.
func TestLexEquivRandom(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	var dirty []Token
	for i := range n {
		src := genFront(r, 1+i%200)
		lexEquiv(t, fmt.Sprintf("%q", src), src, dirty)
		dirty = newLexer(src, string(src)).appendCode(dirty[:0])
	}
}

func FuzzLexEquiv(f *testing.F) {
	for _, s := range []string{
		"<?php $a->b?->c::d(...$e) <=> 1 ** 2 ?? 3 <<= 4;", "<?php (int)$x . ( STRING ) $y (foo) b'q' B<<<A\nx\nA\n",
		"<?php ECHO Eval(1); brea\u212a; \\A\\B; #[X] /* c */ // d\n?>x<?= 1 ?>", "<script language=php>$a</script >",
		"<?php __halt_compiler(); data", "<?php \"a $b[1] {$c->d} ${e}\" `ls $f` <<<\"G\"\n  $h\n  G;\n",
	} {
		f.Add([]byte(s))
	}
	dirty := newLexer([]byte("<?php $a = 'b'; echo 1;"), "<?php $a = 'b'; echo 1;").appendCode(nil)
	f.Fuzz(func(t *testing.T, src []byte) {
		lexEquiv(t, fmt.Sprintf("%q", src), src, dirty)
	})
}
