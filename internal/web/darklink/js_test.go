package darklink

import (
	"strings"
	"testing"
)

func TestUnescape(t *testing.T) {
	for in, want := range map[string]string{
		"%3Ca%20href%3D%22x%22%3E": `<a href="x">`,
		"%u6FB3%u95E8%u535A%u5F69": "澳门博彩",
		"%E6%BE%B3":                "\u00e6\u00be\u00b3", // %XX is Latin-1, not UTF-8
		"%uD83D%uDE00":             "\U0001F600",         // a surrogate pair
		"%uD83D":                   "\uFFFD",             // a lone surrogate
		"%zz%u12%4":                "%zz%u12%4",          // malformed stays
		"100%":                     "100%",
		"%u0041%41":                "AA",
		"%U0041":                   "%U0041", // only lower-case u
	} {
		if got := Unescape(in); got != want {
			t.Errorf("Unescape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEvalJS(t *testing.T) {
	cases := []struct{ code, want string }{
		{`document.write('<a href="http://x.invalid/">' + "a" + '</a>')`, `<a href="http://x.invalid/">a</a>`},
		{`document.write(String.fromCharCode(60,97,62))`, `<a>`},
		{`var p="<a "; p+="href=x>"; document.write(p)`, `<a href=x>`},
		{`el.innerHTML = decodeURIComponent('%3Cb%3E%E5%8D%9A')`, `<b>博`},
		{`document.write(atob('PGE+'))`, `<a>`},
		{`document.write("\x3cdiv\u003e\u{1F600}")`, "<div>\U0001F600"},
		{"document.write(`<i>x</i>`)", "<i>x</i>"},
		{`document.write(['<','a','>'].join(''))`, `<a>`},
		{`document.write('>a<'.split('').reverse().join(''))`, `<a>`},
		{`x.insertAdjacentHTML('beforeend', '<p>' + unescape('%u535A'))`, `<p>博`},
		{`$('#f').append('<a href=/x>y</a>')`, `<a href=/x>y</a>`},
	}
	for _, c := range cases {
		f := scanScript(c.code, 1)
		if len(f.injections) != 1 || f.injections[0].html != c.want {
			t.Errorf("%s: %+v, want %q", c.code, f.injections, c.want)
		}
	}
}

func TestUnpack(t *testing.T) {
	out, ok := unpack(`0.1("x")`, 62, 2, []string{"document", "write"})
	if !ok || out != `document.write("x")` {
		t.Fatalf("%q %v", out, ok)
	}
	if packerBase(61, 62) != "Z" || packerBase(62, 62) != "10" {
		t.Fatal(packerBase(61, 62), packerBase(62, 62))
	}
}

// TestDemoBlock is the block the demo host plants in
// /var/www/html/index.html: it must be high.
func TestDemoBlock(t *testing.T) {
	page := `<html><body><h1>Welcome</h1>
<div style="position:absolute;left:-9999px;top:-9999px">
<a href="http://www.amjs-bc.invalid/">澳门博彩</a>
<a href="http://bjl.invalid/">百家乐</a>
<a href="http://zr.invalid/">真人娱乐</a>
</div></body></html>`
	r := Analyze("index.html", []byte(page), Options{})
	if r.Level != High || len(r.Hits) == 0 || r.Hits[0].Kind != KindHiddenLink || r.Hits[0].Technique != "offscreen" || r.Hits[0].Line != 2 {
		t.Fatalf("%+v", r)
	}
	if !strings.Contains(r.Hits[0].Excerpt, "left:-9999px") || len(r.Hits[0].Texts) != 3 {
		t.Fatalf("%+v", r.Hits[0])
	}
}

// TestServerTemplate: PHP code is blanked, the HTML around it read, lines kept.
func TestServerTemplate(t *testing.T) {
	page := "<?php\n$x = $a->b; // a > in code\n?>\n<div style=\"display:none\"><a href=\"<?= $u ?>\">x</a><a href=\"http://bc.invalid/\">百家乐</a></div>\n"
	r := Analyze("index.php", []byte(page), Options{})
	if r.Level != High || r.Hits[0].Line != 4 {
		t.Fatalf("%+v", r)
	}
}

func FuzzAnalyze(f *testing.F) {
	f.Add([]byte(`<div style="display:none"><a href="http://bc.invalid/">澳门博彩</a></div>`), false)
	f.Add([]byte(`<script>document.write(unescape('%3Ca%20href%3D%22http%3A//x.invalid/%22%3E%u535A%3C/a%3E'))</script>`), false)
	f.Add([]byte(`<style>.a b>c{position:absolute;left:-9999px} @media screen{.x{display:none}}</style><p class=a><b><c><a href=//h.invalid>x</a>`), false)
	f.Add([]byte(`eval(function(p,a,c,k,e,d){}('0.1("<2>")',3,3,'document|write|a'.split('|'),0,{}))`), true)
	f.Add([]byte("s.src=String.fromCharCode(104,116,116,112,58,47,47)+'d.invalid/a.js';`${x}<a>`;/re[/]/g.test(document.referrer)"), true)
	f.Fuzz(func(t *testing.T, b []byte, script bool) {
		name := "x.html"
		if script {
			name = "x.js"
		}
		r := Analyze(name, b, Options{SiteHosts: []string{"www.example-univ.test"}, MaxDepth: 2})
		for _, h := range r.Hits {
			if h.Level > r.Level || len(h.Excerpt) > MaxExcerpt+len("…") || len(h.Texts) > maxTexts {
				t.Fatalf("bad hit %+v", h)
			}
		}
		Unescape(string(b))
	})
}
