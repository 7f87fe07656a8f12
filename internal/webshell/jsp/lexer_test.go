package jsp

import (
	"fmt"
	"strings"
	"testing"
)

func lexString(code string) ([]token, lexStats) {
	var st lexStats
	seg := &segment{code: code, line: 1}
	for i := range code {
		if code[i] == '\n' {
			seg.nl = append(seg.nl, i)
		}
	}
	return lex(seg, nil, &st), st
}

func show(ts []token) string {
	var parts []string
	for _, t := range ts {
		switch t.kind {
		case tString:
			parts = append(parts, fmt.Sprintf("%q", t.text))
		case tChar:
			parts = append(parts, fmt.Sprintf("'%s'", t.text))
		case tNum:
			parts = append(parts, fmt.Sprintf("#%d", t.num))
		default:
			parts = append(parts, t.text)
		}
	}
	return strings.Join(parts, " ")
}

func TestLex(t *testing.T) {
	tests := []struct{ in, want string }{
		{`a.b("x\ty", 'c')`, `a . b ( "x\ty" , 'c' )`},
		{`x >>>= 1; y >= 2;`, `x > > > = #1 ; y > = #2 ;`},
		{`0x1F 0b101 017 1_000 12L 1.5e3 .5f 'A'`, `#31 #5 #15 #1000 #12 #1500 #0 'A'`},
		{"a // comment\n/* block */ b", `a b`},
		{`"\101\7\u0041\\"`, `"A\aA\\"`},
		{`i -> j :: k ... l`, `i -> j :: k ... l`},
		{"\"\"\"\n    line1\n      line2\n    \"\"\"", `"line1\n  line2\n"`},
		{`'\''`, `'''`},
	}
	for _, tt := range tests {
		ts, _ := lexString(tt.in)
		if got := show(ts); got != tt.want {
			t.Errorf("%s\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

// Java decodes \uXXXX before lexing: an escape can spell a keyword, an
// identifier, an operator or a quote; "\\u" (an escaped backslash) is
// not an escape; several u's are allowed.
func TestUnicodeEscapes(t *testing.T) {
	tests := []struct {
		in, want string
		code     int
	}{
		{`\u0052untime.exec(x)`, `Runtime . exec ( x )`, 1},
		{`s = \u0022abc\u0022;`, `s = "abc" ;`, 2},
		{`"\\u0041"`, `"\\u0041"`, 0},
		{`"\\\u0041"`, `"\\A"`, 0},
		{`\uuuu0061`, `a`, 1},
		{`"\u4e2d"`, `"中"`, 0},
		{`x\u002e\u0079`, `x . y`, 2},
	}
	for _, tt := range tests {
		ts, st := lexString(tt.in)
		if got := show(ts); got != tt.want {
			t.Errorf("%s\n got %s\nwant %s", tt.in, got, tt.want)
		}
		if st.escCode != tt.code {
			t.Errorf("%s: %d escapes in code, want %d", tt.in, st.escCode, tt.code)
		}
	}
}

// A string whose closing quote was escaped by a Windows path
// ("C:\") leaves the line unterminated; the lexer retries reading the
// backslash as a character so that the rest of the line is code.
func TestLenientStrings(t *testing.T) {
	ts, _ := lexString(`f(a("\")+b("c"));` + "\nnext();")
	if got, want := show(ts), `f ( a ( "\\" ) + b ( "c" ) ) ; next ( ) ;`; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	// A correct string with an escaped quote stays as it is.
	ts, _ = lexString(`s("say \"hi\"");`)
	if got, want := show(ts), `s ( "say \"hi\"" ) ;`; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestTokenLines(t *testing.T) {
	ts, _ := lexString("a\n\"x\"\n/* c\n */ b \\u000a c")
	want := map[string]int32{"a": 1, "x": 2, "b": 4, "c": 4}
	for _, tk := range ts {
		if w, ok := want[tk.text]; ok && tk.line != w {
			t.Errorf("%s on line %d, want %d", tk.text, tk.line, w)
		}
	}
}
