package jsp

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

type segWant struct {
	kind segKind
	code string
	line int
}

func segsOf(p *page) []segWant {
	var out []segWant
	for _, s := range p.segs {
		out = append(out, segWant{s.kind, strings.TrimSpace(s.code), s.line})
	}
	return out
}

func TestParsePage(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    []segWant
		imports []string
	}{
		{
			name: "standard syntax",
			src:  "<html>\n<%@ page import=\"java.io.*, java.util.List\" %>\n<%! int n; %>\n<% n++; %>\n<p><%= n %></p>",
			want: []segWant{
				{segDeclaration, "int n;", 3},
				{segScriptlet, "n++;", 4},
				{segExpression, "n", 5},
			},
			imports: []string{"java.io.*", "java.util.List"},
		},
		{
			name: "JSP comments hide code, HTML comments do not",
			src:  "<%-- <% hidden(); %> --%>\n<!-- <% shown(); %> -->",
			want: []segWant{{segScriptlet, "shown();", 2}},
		},
		{
			name: "%\\> is an escaped %>",
			src:  "<% s = \"a%\\>b\"; %>",
			want: []segWant{{segScriptlet, `s = "a%>b";`, 1}},
		},
		{
			name: "the first %> ends a scriptlet even inside a Java string",
			src:  "<% s = \"%>\"; %>",
			want: []segWant{{segScriptlet, `s = "`, 1}},
		},
		{
			name: "XML syntax, any prefix, CDATA and character references",
			src: "<x:root xmlns:x=\"http://java.sun.com/JSP/Page\">\n" +
				"<x:directive.page import=\"java.io.File\"/>\n" +
				"<x:declaration><![CDATA[ int a = 1 < 2 ? 1 : 0; ]]></x:declaration>\n" +
				"<x:scriptlet>if (a &lt; 2 &amp;&amp; b) &#x72;un();</x:scriptlet>\n" +
				"<x:expression>a</x:expression>\n" +
				"<!-- <x:scriptlet>commented();</x:scriptlet> -->\n" +
				"<x:scriptlet/>\n" +
				"</x:root>",
			want: []segWant{
				{segDeclaration, "int a = 1 < 2 ? 1 : 0;", 3},
				{segScriptlet, "if (a < 2 && b) run();", 4},
				{segExpression, "a", 5},
			},
			imports: []string{"java.io.File"},
		},
		{
			name: "jsp:scriptlet in a standard-syntax page",
			src:  "<p>\n<jsp:scriptlet>\nx();\n</jsp:scriptlet>",
			want: []segWant{{segScriptlet, "x();", 2}},
		},
		{
			name: "EL with a method call is kept, a property read is not",
			src:  "${param.q}\n${a.b(c)} \\${not.el()} #{d.e(f)}",
			want: []segWant{{segEL, "a.b(c)", 2}, {segEL, "d.e(f)", 2}},
		},
		{
			name: "unterminated elements run to the end",
			src:  "<% a();\nb();",
			want: []segWant{{segScriptlet, "a();\nb();", 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := parsePage([]byte(tt.src))
			if got := segsOf(p); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("segments\n got %+v\nwant %+v", got, tt.want)
			}
			if tt.imports != nil && !reflect.DeepEqual(p.imports, tt.imports) {
				t.Errorf("imports %q, want %q", p.imports, tt.imports)
			}
		})
	}
}

// Line numbers of code inside segments are those of the source, also
// across character references that the XML syntax resolves.
func TestSegmentLines(t *testing.T) {
	src := "<jsp:root xmlns:jsp=\"http://java.sun.com/JSP/Page\">\n<jsp:scriptlet>\na(&quot;x&quot;);\n\nb();\n</jsp:scriptlet></jsp:root>"
	p := parsePage([]byte(src))
	if len(p.segs) != 1 {
		t.Fatalf("%d segments", len(p.segs))
	}
	var st lexStats
	toks := lex(&p.segs[0], nil, &st)
	lines := map[string]int32{}
	for _, tk := range toks {
		lines[tk.text] = tk.line
	}
	if lines["a"] != 3 || lines["b"] != 5 || lines["x"] != 3 {
		t.Errorf("lines %v", lines)
	}
}

func TestToUTF8(t *testing.T) {
	s := "<% a(); %>\n<% b(); %>"
	u := utf16.Encode([]rune(s))
	le := []byte{0xFF, 0xFE}
	be := []byte{}
	for _, c := range u {
		le = append(le, byte(c), byte(c>>8))
		be = append(be, byte(c>>8), byte(c))
	}
	for name, b := range map[string][]byte{
		"utf16le bom":   le,
		"utf16be nobom": be,
		"utf8 bom":      append([]byte{0xEF, 0xBB, 0xBF}, s...),
	} {
		if got := string(toUTF8(b)); got != s {
			t.Errorf("%s: %q", name, got)
		}
	}
}

func TestAltText(t *testing.T) {
	if altText([]byte("<%@ page pageEncoding=\"UTF-8\" %><% a(); %>")) != nil {
		t.Error("UTF-8 declaration gave an alternative reading")
	}
	// cp037 "<?xml ... <% x(); %>"
	ebc := []byte{0x4C, 0x6F, 0xA7, 0x94, 0x93, 0x40, 0x4C, 0x6C, 0x40, 0xA7, 0x4D, 0x5D, 0x5E, 0x40, 0x6C, 0x6E}
	if got := string(altText(ebc)); got != "<?xml <% x(); %>" {
		t.Errorf("cp037: %q", got)
	}
}

// Excerpts find their line from the anchors taken while scanning.
func TestLineStart(t *testing.T) {
	src := "a\nb\n<% x(); %>\nc\n\n<%\ny();\n%>\nlast"
	p := parsePage([]byte(src))
	lines := strings.Split(src, "\n")
	for l := 1; l <= len(lines); l++ {
		off := p.lineStart(l)
		if off < 0 || !strings.HasPrefix(src[off:], lines[l-1]) {
			t.Errorf("line %d at %d", l, off)
		}
	}
	if p.lineStart(len(lines)+1) != -1 || p.lineStart(0) != -1 {
		t.Error("lines outside the page")
	}
	a := newAnalysis(p)
	if got := a.excerpt(7); got != "y();" {
		t.Errorf("excerpt %q", got)
	}
}

// TestPageNext compares page.next with indexAny2 over random template
// text, with the scan's offsets moving on as parsePage's do.
func TestPageNext(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for range 20000 {
		b := make([]byte, r.Intn(40))
		for i := range b {
			b[i] = "<${#\\a{"[r.Intn(7)]
		}
		p := &page{text: b, lt: -1, brace: -1}
		for i := 0; i <= len(b); {
			want, got := indexAny2(b, i), p.next(i)
			if got != want {
				t.Fatalf("%q at %d: got %d, want %d", b, i, got, want)
			}
			if want < 0 {
				break
			}
			i = want + 1 + r.Intn(3)
		}
	}
}

// indexAny2 is what page.next replaced, a byte at a time: the next '<',
// or "${" / "#{" starting an EL expression, at or after i.
func indexAny2(text []byte, i int) int {
	for k := i; k < len(text); k++ {
		switch text[k] {
		case '<':
			return k
		case '$', '#':
			if k+1 < len(text) && text[k+1] == '{' && (k == 0 || text[k-1] != '\\') {
				return k
			}
		}
	}
	return -1
}
