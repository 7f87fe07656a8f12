package aspx

import (
	"bytes"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yingji/yingji/internal/webshell/lang"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

// TestExcerptEquiv: excerpt, which takes a line's bounds from the table
// of line starts, gives what verdict.ExcerptAt (a search from the
// offset) gave.
func TestExcerptEquiv(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	pieces := []string{"a", "\n", "\r\n", " ", "é", "\xff", strings.Repeat("x", 150), "中文"}
	for n := 0; n < 3000; n++ {
		var b []byte
		for k := r.Intn(16); k > 0; k-- {
			b = append(b, pieces[r.Intn(len(pieces))]...)
		}
		ev := &analyzer{pg: &page{text: b, ls: newLines(b)}}
		for off := -1; off <= len(b)+1; off++ {
			want := verdict.ExcerptAt(b, off)
			if !utf8.ValidString(want) {
				want = strings.ToValidUTF8(want, "?")
			}
			if got := ev.excerpt(off); got != want {
				t.Fatalf("%q at %d: got %q, want %q", b, off, got, want)
			}
		}
	}
}

// TestFoldEquiv: the family names finish looks for are found in the
// ASCII-lower-cased text exactly where strings.ToLower finds them.
func TestFoldEquiv(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	pieces := []string{"ReGeorg", "X-STATUS", "AspxSpy", "aspx", "spy", "\u212a", "\u0130", "\xff", "é", "-", "x", "S"}
	for n := 0; n < 5000; n++ {
		var b []byte
		for k := r.Intn(8); k > 0; k-- {
			b = append(b, pieces[r.Intn(len(pieces))]...)
		}
		low := strings.ToLower(string(b))
		ascii := lang.LowerASCII(nil, b)
		for _, name := range []string{"regeorg", "x-status", "aspxspy"} {
			if strings.Contains(low, name) != bytes.Contains(ascii, []byte(name)) {
				t.Fatalf("%q: %s found differently", b, name)
			}
		}
	}
}

// TestLexNames: names are cut from the text (not copied) and lower-cased
// once per spelling; each still reads as written at its offset, and its
// lower-case form is strings.ToLower's.
func TestLexNames(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	pieces := []string{"Response", "response", "RESPONSE", ".", "Write", "(", "\"s\"", ")", ";", " ", "\n",
		"x1", "_a", "é", "\\u0041b", "$\"a{Request[\"q\"]}b\"", "@\"v\"", ">>=", "=>", "??", "<", "Ä"}
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		for k := r.Intn(20); k > 0; k-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		src := []byte("<% " + b.String() + " %>")
		for _, l := range []language{langCS, langJS, langVB} {
			for _, tk := range lex(src, 3, len(src)-3, 1, l, false) {
				if tk.k != tIdent {
					continue
				}
				if tk.s != strings.ToLower(tk.raw) && !strings.Contains(string(src), "\\u") {
					t.Fatalf("%q: name %q lower-cased as %q", src, tk.raw, tk.s)
				}
				if !strings.Contains(tk.raw, "\\") && !strings.Contains(string(src), "\\u") &&
					!bytes.HasPrefix(src[tk.off:], []byte(tk.raw)) && !(l == langCS && src[tk.off] == '@') {
					t.Fatalf("%q: name %q not at its offset %d", src, tk.raw, tk.off)
				}
			}
		}
	}
}

// TestLinesEquiv: newLines finds the line starts a byte-by-byte scan
// finds.
func TestLinesEquiv(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	for n := 0; n < 2000; n++ {
		b := make([]byte, r.Intn(40))
		for i := range b {
			b[i] = "ab\n\r"[r.Intn(4)]
		}
		want := lines{0}
		for i, c := range b {
			if c == '\n' {
				want = append(want, i+1)
			}
		}
		if got := newLines(b); !slices.Equal(got, want) {
			t.Fatalf("%q: got %v, want %v", b, got, want)
		}
	}
}
