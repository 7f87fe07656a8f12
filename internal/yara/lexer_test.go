package yara

import (
	"fmt"
	"strings"
	"testing"
)

func TestLexer(t *testing.T) {
	cases := []struct {
		src  string
		want string // kind:text tokens, space separated
	}{
		{`rule a { }`, `<rule> identifier:a hex-string: `}, // flex: "{ }" is a hex string
		{`rule a {}`, `<rule> identifier:a '{' '}'`},
		{`$a $ $a* $* #a @a !a != #`, `string-identifier:$a string-identifier:$ wildcard:$a* wildcard:$* string-count:#a string-offset:@a string-length:!a '!=' string-count:#`},
		{`1..2 1.5 0x1F 0o17 017 10KB 2MB 3kb`, `integer-number:1 '..' integer-number:2 floating-point-number:1.5 integer-number:0x1F integer-number:0o17 integer-number:017 integer-number:10KB integer-number:2MB integer-number:3 identifier:kb`},
		{`uint16be(0) int8 filesize entrypoint`, `integer-function:uint16be '(' integer-number:0 ')' integer-function:int8 <filesize> <entrypoint>`},
		{`== <= >= << >> < > = + - * \ % & | ^ ~ . , : [ ]`, `'==' '<=' '>=' '<<' '>>' '<' '>' '=' '+' '-' '*' '\' '%' '&' '|' '^' '~' '.' ',' ':' '[' ']'`},
		{`{ AA ?? [1-2] ( BB | CC ) }`, `hex-string: AA ?? [1-2] ( BB | CC ) `},
		{`{ hello }`, `'{' identifier:hello '}'`},
		{`/ab\/c/is /x/`, `regular-expression:ab\/c regular-expression:x`},
		{"// comment\n/* block\n */ true", `<true>`},
		{`"a\"b"`, `text-string:a\"b`},
	}
	for _, tc := range cases {
		l := NewLexer("t", []byte(tc.src))
		var got []string
		for {
			tok := l.Next()
			if tok.Kind == EOF {
				break
			}
			name := strings.ReplaceAll(tok.Kind.String(), " ", "-")
			switch tok.Kind {
			case StringIdentWC:
				name = "wildcard"
			}
			if tok.Kind < KwAll || tok.Kind > KwXor {
				if tok.Kind < LBrace {
					name += ":" + tok.Text
				}
			}
			got = append(got, name)
		}
		if g := strings.Join(got, " "); g != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, g, tc.want)
		}
		if errs := l.Errors(); len(errs) > 0 {
			t.Errorf("%q: errors %v", tc.src, errs)
		}
	}
}

func TestLexerValues(t *testing.T) {
	l := NewLexer("t", []byte("10KB 0x10 \"\\x41\\t\" /a\\/b/s\n  2.5"))
	if v := l.Next().Value; v != int64(10240) {
		t.Errorf("10KB = %v", v)
	}
	if v := l.Next().Value; v != int64(16) {
		t.Errorf("0x10 = %v", v)
	}
	if v := string(l.Next().Value.([]byte)); v != "A\t" {
		t.Errorf("text = %q", v)
	}
	re := l.Next()
	if re.Value != "a/b" || re.Flags != "s" {
		t.Errorf("regexp = %q flags %q", re.Value, re.Flags)
	}
	f := l.Next()
	if f.Value != 2.5 || f.Pos.Line != 2 || f.Pos.Col != 3 || f.Pos.Offset != 29 {
		t.Errorf("float = %v at %v", f.Value, f.Pos)
	}
}

func TestLexerEOFInToken(t *testing.T) {
	// flex ends the input silently at an end of file inside a string or a
	// regexp; yara then accepts a file that ends so after a complete rule.
	for _, src := range []string{`rule a { condition: true } "abc`, `rule a { condition: true } /abc`, `rule a { condition: true } /`, `rule a { condition: true } /* x`} {
		if _, err := Parse("eof", []byte(src), nil); err != nil {
			t.Errorf("%q: %v", src, err)
		}
	}
	if _, err := Parse("eof", []byte(`rule a { condition: true and "abc`), nil); err == nil || !strings.Contains(err.Error(), "unexpected end of file") {
		t.Errorf("truncated rule: %v", err)
	}
}

func TestLexerErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{`"a\qb"`, "1:3: illegal escape sequence"},
		{`"a\x4"`, "1:3: illegal escape sequence"},
		{"\"ab\ncd\"", "1:1: unterminated string"},
		{"/ab\n", "1:1: unterminated regular expression"},
		{"99999999999999999999", `1:1: integer overflow in "99999999999999999999"`},
	}
	for _, tc := range cases {
		l := NewLexer("", []byte(tc.src))
		for l.Next().Kind != EOF {
		}
		errs := l.Errors()
		if len(errs) == 0 || errs[0].Error() != tc.want {
			t.Errorf("%q: got %v, want %s", tc.src, errs, tc.want)
		}
	}
}

// exprString prints an expression fully parenthesised, to check
// precedence.
func exprString(e Expr) string {
	switch x := e.(type) {
	case *Binary:
		return "(" + exprString(x.X) + " " + x.Op + " " + exprString(x.Y) + ")"
	case *Unary:
		return "(" + x.Op + " " + exprString(x.X) + ")"
	case *Paren:
		return exprString(x.X)
	case *IntLit:
		return x.Text
	case *BoolLit:
		return fmt.Sprint(x.Value)
	case *StringMatch:
		return x.ID
	case *Ident:
		return x.Name
	case *Keyword:
		return x.Name
	}
	return fmt.Sprintf("%T", e)
}

func TestPrecedence(t *testing.T) {
	cases := []struct{ cond, want string }{
		{"1 + 2 * 3 == 7", "((1 + (2 * 3)) == 7)"},
		{"1 | 2 ^ 3 & 4 == 0", "((1 | (2 ^ (3 & 4))) == 0)"},
		{"1 << 2 + 1 == 8", "((1 << (2 + 1)) == 8)"},
		{"-1 + 2 == 1", "(((- 1) + 2) == 1)"},
		{"~1 * 2 == 0", "(((~ 1) * 2) == 0)"},
		{"10 - 2 - 3 == 5", "(((10 - 2) - 3) == 5)"},
		{"not 1 == 2", "(not (1 == 2))"},
		{"not true and false", "((not true) and false)"},
		{"true or false and false", "(true or (false and false))"},
		{"defined 1 and false", "((defined 1) and false)"},
		{"(1 + 2) * 3 == 9", "(((1 + 2) * 3) == 9)"},
		{"filesize < 1KB or (true and false)", "((filesize < 1KB) or (true and false))"},
	}
	for _, tc := range cases {
		f, err := Parse("p", []byte("rule a { condition: "+tc.cond+" }"), nil)
		if err != nil {
			t.Errorf("%s: %v", tc.cond, err)
			continue
		}
		if got := exprString(f.Rules[0].Condition); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.cond, got, tc.want)
		}
	}
}

func TestAST(t *testing.T) {
	src := `import "pe"
rule r : tag {
  meta:
    n = -5
  strings:
    $h = { 4D 5A ?0 [2-4] ( 01 | 02 ) }
    $t = "abc" xor(1-3) wide
    $r = /a.c/i
  condition:
    $h at 0 and for 2 i in (1..#t) : ( @t[i] > 0 ) and $r and pe.sections[0].name == "x"
}`
	f, err := Parse("ast.yar", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := f.Rules[0]
	if r.Name != "r" || r.Pos.Line != 2 || r.Tags[0] != "tag" || r.Metas[0].Value != int64(-5) {
		t.Fatalf("rule = %+v", r)
	}
	h := r.Strings[0]
	if h.Kind != HexStringKind || len(h.Hex.Items) != 5 || h.Pos.Line != 6 || h.Pos.Col != 5 {
		t.Fatalf("hex = %+v", h)
	}
	if b := h.Hex.Items[2].(HexByte); b.Mask != 0x0F || b.Value != 0 {
		t.Errorf("?0 = %+v", b)
	}
	if j := h.Hex.Items[3].(HexJump); j.Min != 2 || j.Max != 4 {
		t.Errorf("jump = %+v", j)
	}
	if alt := h.Hex.Items[4].(*HexAlt); len(alt.Alts) != 2 {
		t.Errorf("alt = %+v", alt)
	}
	m := r.Strings[1].Modifiers
	if !m.Xor || m.XorMin != 1 || m.XorMax != 3 || !m.Wide {
		t.Errorf("modifiers = %+v", m)
	}
	if s := r.Strings[2]; s.Regexp != "a.c" || s.RegexpFlags != "i" {
		t.Errorf("regexp = %+v", s)
	}
	and := r.Condition.(*Binary)
	cmp := and.Y.(*Binary)
	if cmp.Op != "==" || cmp.OpPos.Line != 10 {
		t.Errorf("last term = %s at %v", cmp.Op, cmp.OpPos)
	}
	mem := cmp.X.(*Member)
	if mem.Name != "name" || mem.X.(*Index).X.(*Member).X.(*Ident).Ref != RefModule {
		t.Errorf("member = %+v", mem)
	}
}

func TestIncludes(t *testing.T) {
	f, err := ParseFile("testdata/include/main.yar", nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range f.Rules {
		names = append(names, r.Name+"@"+r.Pos.File)
	}
	want := "b@testdata/include/sub/b.yar a@testdata/include/sub/a.yar main@testdata/include/main.yar"
	if strings.Join(names, " ") != want {
		t.Errorf("rules = %v", names)
	}
	if len(f.Includes) != 2 {
		t.Errorf("includes = %v", f.Includes)
	}

	_, err = ParseFile("testdata/include/cycle1.yar", nil)
	if err == nil || !strings.Contains(err.Error(), "testdata/include/cycle2.yar:1:1: includes circular reference") {
		t.Errorf("cycle: %v", err)
	}
	f, err = ParseFile("testdata/include/missing.yar", nil)
	if err == nil || !strings.Contains(err.Error(), "testdata/include/missing.yar:3:3: can't open include file: nowhere.yar") {
		t.Errorf("missing: %v", err)
	}
	if len(f.Rules) != 2 {
		t.Errorf("rules around a missing include = %d, want 2", len(f.Rules))
	}

	// Depth: a file including itself under new names forever.
	n := 0
	read := func(path string) ([]byte, error) {
		n++
		return []byte(fmt.Sprintf(`include "f%d"`, n)), nil
	}
	_, err = Parse("d", []byte(`include "f0"`), &Options{ReadFile: read, MaxIncludeDepth: 5})
	if err == nil || !strings.Contains(err.Error(), "too many levels of nested includes") {
		t.Errorf("depth: %v", err)
	}
}

func TestNestingBound(t *testing.T) {
	deep := strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000)
	_, err := Parse("n", []byte("rule a { condition: "+deep+" }"), nil)
	if err == nil || !strings.Contains(err.Error(), "nesting too deep") {
		t.Errorf("deep parens: %v", err)
	}
	hex := "rule a { strings: $a = { " + strings.Repeat("( AA | ", 500) + "BB" + strings.Repeat(" )", 500) + " } condition: $a }"
	if _, err := Parse("n", []byte(hex), nil); err == nil {
		t.Error("deep hex alternation accepted")
	}
}
