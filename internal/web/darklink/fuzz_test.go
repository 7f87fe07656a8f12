package darklink

import (
	"strings"
	"testing"
)

// FuzzLinkedCSS: a page and the style sheet it links, both hostile.
func FuzzLinkedCSS(f *testing.F) {
	f.Add([]byte(`<link rel=stylesheet href="css/a.css?v=1"><div class=x9f><a href=http://bc.invalid/>澳门博彩</a></div>`), []byte(".x9f{position:absolute;top:-999px}"))
	f.Add([]byte(`<link rel="stylesheet" media="print" href="//www.example-univ.test/p.css"><p class=a>x</p>`), []byte("@media screen{.a{display:none}} /* x"))
	f.Add([]byte(`<link rel=stylesheet href=../../../etc/passwd>`), []byte("{{{}}}"))
	f.Fuzz(func(t *testing.T, page, css []byte) {
		reads := 0
		r := Analyze("news/x.html", page, Options{SiteHosts: []string{"www.example-univ.test"}, Path: "/news/x.html",
			ReadCSS: func(p string) ([]byte, error) {
				reads++
				if !strings.HasPrefix(p, "/") || strings.Contains(p, "/../") || strings.Contains(p, "?") {
					t.Fatalf("sheet path %q", p)
				}
				return css, nil
			}})
		if reads > MaxSheets {
			t.Fatalf("%d sheets read", reads)
		}
		for _, h := range r.Hits {
			if h.Level > r.Level || len(h.Excerpt) > MaxExcerpt+len("…") {
				t.Fatalf("bad hit %+v", h)
			}
		}
	})
}

// FuzzVendor: a known library's banner followed by anything.
func FuzzVendor(f *testing.F) {
	f.Add("!function(e,t){t(e)}(window,function(){return {}});\n;document.write(\"<script src=http://cdn-jquery.invalid/j.js><\\/script>\")")
	f.Add("if(\"undefined\"==typeof jQuery)throw new Error(\"x\");+function(a){}(jQuery),+function(a){}(jQuery);\nfoo()")
	f.Add("`${`${x}`}` / 1 / 2 /re/g; }}}) ((( [")
	f.Fuzz(func(t *testing.T, code string) {
		src := "/*! jQuery v3.7.1 | (c) OpenJS Foundation */\n" + code
		end := libraryEnd(src, lexJS(src))
		if end > len(src) {
			t.Fatalf("end %d > %d", end, len(src))
		}
		r := Analyze("jquery.min.js", []byte(src), Options{SiteHosts: []string{"www.example-univ.test"}})
		if r.Library != "jQuery 3.7.1" {
			t.Fatalf("library %q", r.Library)
		}
	})
}
