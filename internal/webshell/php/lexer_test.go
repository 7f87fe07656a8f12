package php

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// tk is a compact expected token: kind, raw text and (if non-empty) value.
type tk struct {
	k    Kind
	text string
	val  string
}

// significant drops whitespace so that tables stay readable.
func significant(toks []Token) []Token {
	var out []Token
	for _, t := range toks {
		if t.Kind != Whitespace {
			out = append(out, t)
		}
	}
	return out
}

func checkCover(t *testing.T, src string, toks []Token) {
	t.Helper()
	var b strings.Builder
	off := 0
	for _, tok := range toks {
		if int(tok.Offset) != off || tok.Text == "" {
			t.Fatalf("token %+v at wrong offset %d or empty", tok, off)
		}
		off += len(tok.Text)
		b.WriteString(tok.Text)
	}
	if b.String() != src {
		t.Fatalf("tokens do not reproduce source:\n got %q\nwant %q", b.String(), src)
	}
}

func TestTokenizeTable(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []tk
	}{
		{"inline and open", "a<?php echo 1;?>\nb", []tk{
			{InlineHTML, "a", ""}, {OpenTag, "<?php ", ""}, {Keyword, "echo", "echo"},
			{LNumber, "1", ""}, {Op, ";", ""}, {CloseTag, "?>\n", ""}, {InlineHTML, "b", ""}}},
		{"open tag at EOF", "<?php", []tk{{OpenTag, "<?php", ""}}},
		{"upper case tag and keyword", "<?PHP EVAL($x);", []tk{
			{OpenTag, "<?PHP ", ""}, {Keyword, "EVAL", "eval"}, {Op, "(", ""},
			{Variable, "$x", "x"}, {Op, ")", ""}, {Op, ";", ""}}},
		{"short tags", "<?=$a?><? $b", []tk{{OpenTagWithEcho, "<?=", ""}, {Variable, "$a", "a"},
			{CloseTag, "?>", ""}, {OpenTag, "<?", ""}, {Variable, "$b", "b"}}},
		{"phpinfo is short tag", "<?phpinfo();", []tk{{OpenTag, "<?", ""}, {Ident, "phpinfo", ""},
			{Op, "(", ""}, {Op, ")", ""}, {Op, ";", ""}}},
		{"script tag", `x<script language="php">system($c);</script>y`, []tk{
			{InlineHTML, "x", ""}, {OpenTag, `<script language="php">`, ""}, {Ident, "system", ""},
			{Op, "(", ""}, {Variable, "$c", "c"}, {Op, ")", ""}, {Op, ";", ""},
			{CloseTag, "</script>", ""}, {InlineHTML, "y", ""}}},
		{"xml is not closed by script", "<?php '</script>';", []tk{{OpenTag, "<?php ", ""},
			{ConstString, "'</script>'", "</script>"}, {Op, ";", ""}}},
		{"variables", "<?php $$a ${'b'} $c->d?->e::f", []tk{{OpenTag, "<?php ", ""},
			{Op, "$", ""}, {Variable, "$a", "a"}, {Op, "$", ""}, {Op, "{", ""},
			{ConstString, "'b'", "b"}, {Op, "}", ""}, {Variable, "$c", "c"}, {Op, "->", ""},
			{Ident, "d", ""}, {Op, "?->", ""}, {Ident, "e", ""}, {Op, "::", ""}, {Ident, "f", ""}}},
		{"keyword after arrow is property", "<?php $a->class", []tk{{OpenTag, "<?php ", ""},
			{Variable, "$a", "a"}, {Op, "->", ""}, {Ident, "class", ""}}},
		{"names", `<?php \system(); A\B; namespace\C;`, []tk{{OpenTag, "<?php ", ""},
			{Name, `\system`, ""}, {Op, "(", ""}, {Op, ")", ""}, {Op, ";", ""},
			{Name, `A\B`, ""}, {Op, ";", ""}, {Name, `namespace\C`, ""}, {Op, ";", ""}}},
		{"numbers", "<?php 1_000 0x1F 0b101 0o17 017 1.5 .5 1. 1e3 1E-3 9223372036854775807 9223372036854775808 0xFFFFFFFFFFFFFFFF", []tk{
			{OpenTag, "<?php ", ""}, {LNumber, "1_000", "1000"}, {LNumber, "0x1F", ""},
			{LNumber, "0b101", ""}, {LNumber, "0o17", ""}, {LNumber, "017", ""},
			{DNumber, "1.5", ""}, {DNumber, ".5", ""}, {DNumber, "1.", ""}, {DNumber, "1e3", ""},
			{DNumber, "1E-3", ""}, {LNumber, "9223372036854775807", ""},
			{DNumber, "9223372036854775808", ""}, {DNumber, "0xFFFFFFFFFFFFFFFF", ""}}},
		{"number then ident", "<?php 1_a 0xg", []tk{{OpenTag, "<?php ", ""}, {LNumber, "1", ""},
			{Ident, "_a", ""}, {LNumber, "0", ""}, {Ident, "xg", ""}}},
		{"single quoted", `<?php 'a\'b\\c\n'`, []tk{{OpenTag, "<?php ", ""},
			{ConstString, `'a\'b\\c\n'`, `a'b\c\n`}}},
		{"double quoted escapes", `<?php "\x41\101\u{48}\u{1F600}\t\$x\"\q\u"`, []tk{{OpenTag, "<?php ", ""},
			{ConstString, `"\x41\101\u{48}\u{1F600}\t\$x\"\q\u"`, "AAH\U0001F600\t$x\"\\q\\u"}}},
		{"b before shift", "<?php b<<<1;", []tk{{OpenTag, "<?php ", ""}, {Ident, "b", ""},
			{Op, "<<", ""}, {Op, "<", ""}, {LNumber, "1", ""}, {Op, ";", ""}}},
		{"binary heredoc", "<?php b<<<X\nx\nX;", []tk{{OpenTag, "<?php ", ""}, {StartHeredoc, "b<<<X\n", "X"},
			{EncapsedString, "x\n", "x"}, {EndHeredoc, "X", ""}, {Op, ";", ""}}},
		{"binary prefix", `<?php b'x' B"y"`, []tk{{OpenTag, "<?php ", ""},
			{ConstString, "b'x'", "x"}, {ConstString, `B"y"`, "y"}}},
		{"interpolation", `<?php "a$b[c]$d[0]$e[$f]$g->h->i{$j['k']}${l}${m[1]}\$n"`, []tk{
			{OpenTag, "<?php ", ""}, {Quote, `"`, ""}, {EncapsedString, "a", ""},
			{Variable, "$b", "b"}, {Op, "[", ""}, {Ident, "c", ""}, {Op, "]", ""},
			{Variable, "$d", "d"}, {Op, "[", ""}, {NumString, "0", ""}, {Op, "]", ""},
			{Variable, "$e", "e"}, {Op, "[", ""}, {Variable, "$f", "f"}, {Op, "]", ""},
			{Variable, "$g", "g"}, {Op, "->", ""}, {Ident, "h", ""}, {EncapsedString, "->i", ""},
			{CurlyOpen, "{", ""}, {Variable, "$j", "j"}, {Op, "[", ""}, {ConstString, "'k'", "k"},
			{Op, "]", ""}, {Op, "}", ""}, {DollarOpenCurly, "${", ""}, {VarName, "l", ""},
			{Op, "}", ""}, {DollarOpenCurly, "${", ""}, {VarName, "m", ""}, {Op, "[", ""},
			{LNumber, "1", ""}, {Op, "]", ""}, {Op, "}", ""}, {EncapsedString, `\$n`, "$n"},
			{Quote, `"`, ""}}},
		{"dollar expr in string", `<?php "${$x}"`, []tk{{OpenTag, "<?php ", ""}, {Quote, `"`, ""},
			{DollarOpenCurly, "${", ""}, {Variable, "$x", "x"}, {Op, "}", ""}, {Quote, `"`, ""}}},
		{"backtick", "<?php `id $x \\``", []tk{{OpenTag, "<?php ", ""}, {Backtick, "`", ""},
			{EncapsedString, "id ", ""}, {Variable, "$x", "x"}, {EncapsedString, " \\`", " `"},
			{Backtick, "`", ""}}},
		{"heredoc", "<?php <<<EOT\n  a\\x41 $b\n  c\"\n  EOT;", []tk{{OpenTag, "<?php ", ""},
			{StartHeredoc, "<<<EOT\n", "EOT"}, {EncapsedString, "  a\\x41 ", "aA "},
			{Variable, "$b", "b"}, {EncapsedString, "\n  c\"\n", "\nc\""},
			{EndHeredoc, "  EOT", "EOT"}, {Op, ";", ""}}},
		{"quoted heredoc label and empty body", "<?php <<<\"A\"\nA\n;", []tk{{OpenTag, "<?php ", ""},
			{StartHeredoc, "<<<\"A\"\n", "A"}, {EndHeredoc, "A", "A"}, {Op, ";", ""}}},
		{"label prefix is not end", "<?php <<<A\nAB\nA;", []tk{{OpenTag, "<?php ", ""},
			{StartHeredoc, "<<<A\n", "A"}, {EncapsedString, "AB\n", "AB"}, {EndHeredoc, "A", ""}, {Op, ";", ""}}},
		{"nowdoc", "<?php <<<'N'\n$x\\n\nN\n", []tk{{OpenTag, "<?php ", ""},
			{StartHeredoc, "<<<'N'\n", "N"}, {EncapsedString, "$x\\n\n", "$x\\n"}, {EndHeredoc, "N", ""}}},
		{"comments", "<?php # a\n// b ?>x<?php /* c */ /** d */ #[Attr]", []tk{{OpenTag, "<?php ", ""},
			{Comment, "# a", ""}, {Comment, "// b ", ""}, {CloseTag, "?>", ""}, {InlineHTML, "x", ""},
			{OpenTag, "<?php ", ""}, {Comment, "/* c */", ""}, {DocComment, "/** d */", ""},
			{Attribute, "#[", ""}, {Ident, "Attr", ""}, {Op, "]", ""}}},
		{"casts", "<?php ( int )$a;(STRING)$b;(binary)$c;(foo)", []tk{{OpenTag, "<?php ", ""},
			{Cast, "( int )", "int"}, {Variable, "$a", ""}, {Op, ";", ""}, {Cast, "(STRING)", "string"},
			{Variable, "$b", ""}, {Op, ";", ""}, {Cast, "(binary)", "string"}, {Variable, "$c", ""},
			{Op, ";", ""}, {Op, "(", ""}, {Ident, "foo", ""}, {Op, ")", ""}}},
		{"operators", "<?php ... ** <=> ??= ?-> <<= === !== => :: ?? ** .= @", []tk{{OpenTag, "<?php ", ""},
			{Op, "...", ""}, {Op, "**", ""}, {Op, "<=>", ""}, {Op, "??=", ""}, {Op, "?->", ""},
			{Op, "<<=", ""}, {Op, "===", ""}, {Op, "!==", ""}, {Op, "=>", ""}, {Op, "::", ""},
			{Op, "??", ""}, {Op, "**", ""}, {Op, ".=", ""}, {Op, "@", ""}}},
		{"halt compiler", "<?php __halt_compiler(); <?php system('x');", []tk{{OpenTag, "<?php ", ""},
			{Keyword, "__halt_compiler", "__halt_compiler"}, {Op, "(", ""}, {Op, ")", ""}, {Op, ";", ""},
			{InlineHTML, " <?php system('x');", ""}}},
		{"image prefix", "GIF89a\x00\x01<?php eval($_POST[1]);", []tk{{InlineHTML, "GIF89a\x00\x01", ""},
			{OpenTag, "<?php ", ""}, {Keyword, "eval", ""}, {Op, "(", ""}, {Variable, "$_POST", "_POST"},
			{Op, "[", ""}, {LNumber, "1", ""}, {Op, "]", ""}, {Op, ")", ""}, {Op, ";", ""}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			toks, err := Tokenize([]byte(c.src))
			if err != nil {
				t.Errorf("unexpected error %v", err)
			}
			checkCover(t, c.src, toks)
			got := significant(toks)
			n := max(len(got), len(c.want))
			for i := 0; i < n; i++ {
				if i >= len(got) || i >= len(c.want) {
					t.Fatalf("token count: got %d want %d; got %v", len(got), len(c.want), got)
				}
				g, w := got[i], c.want[i]
				if g.Kind != w.k || g.Text != w.text || w.val != "" && g.Value != w.val {
					t.Fatalf("token %d: got %v %q %q, want %v %q %q", i, g.Kind, g.Text, g.Value, w.k, w.text, w.val)
				}
			}
		})
	}
}

func TestLines(t *testing.T) {
	toks, _ := Tokenize([]byte("<?php\n$a\r\n$b\r$c /*\n*/ $d"))
	want := map[string]int{"$a": 2, "$b": 3, "$c": 4, "$d": 5}
	for _, tok := range toks {
		if l, ok := want[tok.Text]; ok && int(tok.Line) != l {
			t.Errorf("%s on line %d, want %d", tok.Text, tok.Line, l)
		}
	}
}

func TestErrorsKeepGoing(t *testing.T) {
	for _, src := range []string{
		"<?php 'abc", `<?php "abc`, `<?php "a$b`, "<?php `ls", "<?php /* x", "<?php <<<A\nfoo\n",
		"<?php \x01 $x", `<?php "{$a`, "<?php <<<A\n{$x[<<<B\n",
	} {
		toks, err := Tokenize([]byte(src))
		checkCover(t, src, toks)
		if err == nil {
			t.Errorf("%q: expected an error note", src)
		}
	}
}

// TestHostileLinear checks that pathological 10 MB inputs tokenize quickly:
// unterminated constructs, deep nesting and many heredocs must not rescan.
func TestHostileLinear(t *testing.T) {
	n := 10 << 20
	if testing.Short() { // e.g. under -race, which slows per-token work ~10x
		n = 1 << 20
	}
	inputs := map[string][]byte{
		"one line":        append([]byte("<?php $a='"), bytes.Repeat([]byte("x"), n)...),
		"deep braces":     append([]byte("<?php "), bytes.Repeat([]byte("{"), n)...),
		"deep interp":     append([]byte("<?php "), bytes.Repeat([]byte(`"{$a[`), n/5)...),
		"dq no close":     append([]byte(`<?php "`), bytes.Repeat([]byte(`\"a`), n/3)...),
		"html lt":         bytes.Repeat([]byte("<"), n),
		"script prefixes": bytes.Repeat([]byte("<script language=x"), n/18),
		"nested heredoc":  append([]byte("<?php "), bytes.Repeat([]byte("<<<A\n{$x[\n"), n/10)...),
		"heredoc lines":   append([]byte("<?php <<<ABCDEFGH\n"), bytes.Repeat([]byte("ABCDEFG\n"), n/8)...),
		"comments":        append([]byte("<?php "), bytes.Repeat([]byte("#x\n"), n/3)...),
		"casts":           append([]byte("<?php "), bytes.Repeat([]byte("(   "), n/4)...),
		"bad bytes":       append([]byte("<?php "), bytes.Repeat([]byte{0x01}, n)...),
	}
	for name, src := range inputs {
		start := time.Now()
		l := NewLexer(src)
		total := 0
		for {
			tok, ok := l.Next()
			if !ok {
				break
			}
			total += len(tok.Text)
		}
		if total != len(src) {
			t.Errorf("%s: covered %d of %d bytes", name, total, len(src))
		}
		// How soon it ends is for the benchmarks; a hang is the test
		// timeout's to catch.
		t.Logf("%s: %v", name, time.Since(start))
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"<?php echo 1;", `<?php "a$b[0]{$c->d}${e}"`, "<?php <<<A\n  x $y\n  A;", "<?php <<<'B'\nz\nB\n",
		"x<?= `ls $x` ?>y", "<script language=php>1</script>", "<?php /** d */ #[A] (int)$a?->b",
		"<?php 0x1_F 1.5e-3 .5 b'x' \\A\\B", "<?php __halt_compiler();data", `<?php "\u{41}\x41\101"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		toks, _ := Tokenize(src)
		var b bytes.Buffer
		for _, tok := range toks {
			if tok.Text == "" {
				t.Fatalf("empty token %+v", tok)
			}
			if int(tok.Offset) != b.Len() {
				t.Fatalf("token %+v at offset %d", tok, b.Len())
			}
			b.WriteString(tok.Text)
		}
		if !bytes.Equal(b.Bytes(), src) {
			t.Fatalf("tokens do not reproduce input")
		}
		checkCodeTokens(t, src)
	})
}

// checkCodeTokens checks that appendCode gives Next's tokens without
// whitespace and comments, and the same errors.
func checkCodeTokens(t *testing.T, src []byte) {
	t.Helper()
	all := NewLexer(src)
	var want []Token
	for {
		tok, ok := all.Next()
		if !ok {
			break
		}
		if tok.Kind != Whitespace && tok.Kind != Comment && tok.Kind != DocComment {
			want = append(want, tok)
		}
	}
	code := newLexer(src, string(src))
	if got := code.appendCode(nil); !slices.Equal(got, want) {
		t.Fatalf("appendCode = %+v; Next = %+v", got, want)
	}
	if fmt.Sprint(all.Err()) != fmt.Sprint(code.Err()) {
		t.Fatalf("appendCode errors %v; Next errors %v", code.Err(), all.Err())
	}
}

func TestCodeTokens(t *testing.T) {
	for _, src := range []string{
		"", "x", "<?php echo 1; // c\n /* d */ /** e */ $x;", "<?php __halt_compiler /* c */ ( ) ; data <?php $x",
		"<?php\n\n  #c\n\r\n$a = 'b';\n?>\n<?= 1 ?>", "<?php \"unterminated $x", "<?php <<<A\n  x $y\n  A;\n",
	} {
		checkCodeTokens(t, []byte(src))
	}
}

// binPrec is the table of binary operator precedences that binaryPrec
// replaced, kept as its reference.
var binPrec = map[string]int{
	"or": 1, "xor": 2, "and": 3,
	"?": 5, "??": 6, "||": 7, "&&": 8, "|": 9, "^": 10, "&": 11,
	"==": 12, "!=": 12, "===": 12, "!==": 12, "<>": 12, "<=>": 12,
	"<": 13, "<=": 13, ">": 13, ">=": 13,
	"<<": 14, ">>": 14, "+": 15, "-": 15, ".": 15,
	"*": 16, "/": 16, "%": 16, "instanceof": 17, "**": 19,
}

// TestBinaryPrec holds binaryPrec to the table binPrec.
func TestBinaryPrec(t *testing.T) {
	for op, want := range binPrec {
		if got := binaryPrec(op); got != want {
			t.Errorf("binaryPrec(%q) = %d; want %d", op, got, want)
		}
	}
	for _, op := range []string{";", ")", ",", "=", "]", "->", "::", "!", "=>", "OR", ""} {
		if got := binaryPrec(op); got != 0 {
			t.Errorf("binaryPrec(%q) = %d; want 0", op, got)
		}
	}
}
