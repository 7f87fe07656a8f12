package aspx

import (
	"math/rand"
	"strings"
	"testing"
)

// TestBraceOpsBy holds the operator found through braceOpsBy to the
// first of braceOps that matches, as bracePunct looked them up before.
func TestBraceOpsBy(t *testing.T) {
	chars := []byte("<>=!&|?+-*/%^:.;,()[]{}ax ")
	r := rand.New(rand.NewSource(1))
	first := func(ops []string, b []byte) string {
		for _, op := range ops {
			if len(op) <= len(b) && string(b[:len(op)]) == op && op != ">>>" && op != ">>>=" {
				return op
			}
		}
		return ""
	}
	for range 100000 {
		b := make([]byte, 1+r.Intn(5))
		for i := range b {
			b[i] = chars[r.Intn(len(chars))]
		}
		if got, want := first(braceOpsBy[b[0]], b), first(braceOps, b); got != want {
			t.Fatalf("%q: got %q, want %q", b, got, want)
		}
	}
}

// TestLineCommentEnd checks that a // comment ends at its line break or
// at the end of the lexed range.
func TestLineCommentEnd(t *testing.T) {
	for _, c := range []struct {
		src        string
		start, end int
		want       int
	}{
		{"// a\nb", 0, 6, 4}, {"// a", 0, 4, 4}, {"// a\nb", 0, 3, 3}, {"x// a\n", 1, 6, 5}, {"", 0, 0, 0},
	} {
		lx := &lexer{src: []byte(c.src), i: c.start, end: c.end}
		lx.lineComment()
		if lx.i != c.want || !lx.sp {
			t.Errorf("%q [%d:%d]: ends at %d, want %d", c.src, c.start, c.end, lx.i, c.want)
		}
	}
}

// TestVBOpsBy holds the operator found through vbOpsBy to the first of
// vbOps that matches.
func TestVBOpsBy(t *testing.T) {
	chars := []byte("<>=:&+-*/\\^?.ax ")
	r := rand.New(rand.NewSource(2))
	first := func(ops []string, b []byte) string {
		for _, op := range ops {
			if len(op) <= len(b) && string(b[:len(op)]) == op {
				return op
			}
		}
		return ""
	}
	for range 100000 {
		b := make([]byte, 1+r.Intn(4))
		for i := range b {
			b[i] = chars[r.Intn(len(chars))]
		}
		if got, want := first(vbOpsBy[b[0]], b), first(vbOps, b); got != want {
			t.Fatalf("%q: got %q, want %q", b, got, want)
		}
	}
}

// TestLowerName holds lowerName to strings.ToLower.
func TestLowerName(t *testing.T) {
	lx := &lexer{}
	for _, s := range []string{"", "abc", "ABC", "aBc", "x1_", "\u212a", "k\u212a", "\u0130x", "caf\xc3\xa9", "CAF\xc3\x89", "\xff"} {
		if got, want := lx.lowerName(s), strings.ToLower(s); got != want {
			t.Errorf("lowerName(%q) = %q, want %q", s, got, want)
		}
	}
}
