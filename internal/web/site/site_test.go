package site

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/yingji/yingji/internal/web/darklink"
	"github.com/yingji/yingji/internal/web/webtest"
)

// fixtureOptions: site.json's host, baseline/ as the clean copy and
// baseline.manifest as the clean list, when present.
func fixtureOptions(t *testing.T, dir string) Options {
	var sj struct {
		Site string `json:"site"`
	}
	if b, err := os.ReadFile(filepath.Join(dir, "site.json")); err == nil {
		if err := json.Unmarshal(b, &sj); err != nil {
			t.Fatal(err)
		}
	}
	opt := Options{SiteHosts: []string{sj.Site}}
	if st, err := os.Stat(filepath.Join(dir, "baseline")); err == nil && st.IsDir() {
		opt.Baseline = os.DirFS(filepath.Join(dir, "baseline"))
	}
	if f, err := os.Open(filepath.Join(dir, "baseline.manifest")); err == nil {
		m, err := ReadManifest(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		opt.Manifest = m
	}
	return opt
}

func TestCorpus(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/corpus/*")
	if len(dirs) == 0 {
		t.Fatal("no fixtures")
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			e, err := webtest.ReadExpect(dir)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Analyze(os.DirFS(filepath.Join(dir, "site")), fixtureOptions(t, dir))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res.Findings {
				t.Logf("%s %s %s count %d %v hosts %v: %s", f.Kind, f.Technique, f.Level, f.Count, f.Paths[:min(3, len(f.Paths))], f.Hosts, f.Detail)
			}
			switch e.Verdict {
			case "BENIGN":
				if res.Level > darklink.Info {
					t.Errorf("benign fixture at %s", res.Level)
				}
			case "MALICIOUS":
				if res.Level < minLevel(e) {
					t.Errorf("level %s, want at least %s", res.Level, e.MinSeverity)
				}
				for _, m := range e.MustFind {
					found := false
					for _, f := range res.Findings {
						if f.Kind == m.Kind && f.Level >= darklink.Medium && (m.Technique == "" || f.Technique == m.Technique) &&
							(m.HrefHost == "" || contains(f.Hosts, m.HrefHost)) && f.Count >= e.MinCount {
							found = true
						}
					}
					if !found {
						t.Errorf("missing %+v (count ≥ %d)", m, e.MinCount)
					}
				}
			}
		})
	}
}

// TestDoorwayWithoutBaseline: M22 without its manifest is still high (300
// stuffed orphans), and the clustered times are said.
func TestDoorwayWithoutBaseline(t *testing.T) {
	dir := "testdata/corpus/m22_parasite_doorway/site"
	fsys := fstest.MapFS{}
	t0 := time.Date(2024, 5, 1, 3, 0, 0, 0, time.UTC)
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		mt := t0.AddDate(-1, 0, 0)
		if strings.HasPrefix(filepath.ToSlash(rel), "news/2024/") {
			mt = t0.Add(time.Duration(len(fsys)) * time.Second)
		}
		fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: b, ModTime: mt}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Analyze(fsys, Options{SiteHosts: []string{"www.example-univ.test"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Level != darklink.High || len(res.Findings) == 0 || res.Findings[0].Kind != KindDoorway || res.Findings[0].Count != 300 ||
		!strings.Contains(res.Findings[0].Detail, "written within") || res.Orphans != 300 {
		t.Fatalf("%+v", res)
	}
	// a couple of pages: medium
	small := fstest.MapFS{"index.html": {Data: []byte("<title>x</title><a href=/a.html>a</a>")},
		"a.html":     {Data: []byte("<title>a</title>")},
		"x/ab.html":  {Data: []byte("<title>澳门博彩_百家乐</title><h1>澳门博彩</h1><p>澳门博彩百家乐真人娱乐在线赌场</p>")},
		"robots.txt": {Data: []byte("User-agent: *\n")}}
	res, _ = Analyze(small, Options{})
	if res.Level != darklink.Medium || res.Findings[0].Count != 1 {
		t.Errorf("one stuffed orphan: %+v", res)
	}
}

func TestSimilarity(t *testing.T) {
	a := "某某大学是一所以工科为主、多学科协调发展的省属重点大学"
	if s := Similarity(a, a); s < 0.999 {
		t.Errorf("same %f", s)
	}
	if s := Similarity(a, "Hacked by XXX Greetz to all my friends"); s > 0.05 {
		t.Errorf("unrelated %f", s)
	}
	if s := Similarity(a, a+"学校坐落于美丽的江南水乡"); s < 0.7 {
		t.Errorf("extended %f", s)
	}
}

func TestReadManifest(t *testing.T) {
	m, err := ReadManifest(strings.NewReader("# x\n" + strings.Repeat("a", 64) + "  ./news/a.html\n" + strings.Repeat("b", 64) + " *img/b.png\nindex.html\n\n/about.html\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"about.html", "img/b.png", "index.html", "news/a.html"}
	if got := sortedKeys(m); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%v", got)
	}
}

func TestResolve(t *testing.T) {
	hosts := []string{"www.example-univ.test"}
	for _, c := range []struct{ from, href, want string }{
		{"news/index.html", "2023/a.html", "news/2023/a.html"},
		{"news/index.html", "../about.html", "about.html"},
		{"a.html", "/news/", "news/"},
		{"a.html", "https://www.example-univ.test/x.html?q=1", "x.html"},
		{"a.html", "https://example-univ.test", ""},
	} {
		if got, ok := resolve(c.from, c.href, hosts); !ok || got != c.want {
			t.Errorf("resolve(%q, %q) = %q %v, want %q", c.from, c.href, got, ok, c.want)
		}
	}
	if _, ok := resolve("a.html", "https://bc.invalid/", hosts); ok {
		t.Error("another host resolved")
	}
}

func FuzzSummarize(f *testing.F) {
	f.Add("news/a.html", []byte(`<title>澳门博彩</title><h1>x</h1><a href="../b.html">b</a><meta http-equiv=refresh content="0;url=http://bc.invalid/"><script>location.href="https://x.invalid"</script>`))
	f.Add("index.html", []byte("<html><body><p>hello</p></body></html>"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		pg := Summarize(name, data, Options{SiteHosts: []string{"www.example-univ.test"}})
		if pg.Density < 0 || pg.Density > 1 {
			t.Fatalf("density %f", pg.Density)
		}
		_ = Similarity(pg.text, string(data))
	})
}

func FuzzReadManifest(f *testing.F) {
	f.Add("index.html\n" + strings.Repeat("a", 64) + "  ./x/../y.html\n")
	f.Fuzz(func(t *testing.T, s string) {
		m, _ := ReadManifest(strings.NewReader(s))
		for k := range m {
			if strings.HasPrefix(k, "/") || strings.Contains(k, "/../") {
				t.Fatalf("path %q", k)
			}
		}
	})
}

// minLevel is the fixture's min_severity (None when it names no level).
func minLevel(e webtest.Expect) Level {
	l, _ := darklink.ParseLevel(e.MinSeverity)
	return l
}
