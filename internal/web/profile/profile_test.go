package profile

// Verdicts of the profile view on the 40 fixtures of corpus_spec.md
// (P = the profiles must decide). HTTP = net/http fetches only; +render =
// with the rendered profiles (desktop, desktop+baidu, mobile+baidu,
// mobile).
//
//	ID   P  verdict
//	M15  P  HTTP: benign (client-side); +render: redirect navigation bc.invalid for desktop+baidu, mobile+baidu (high)
//	M16  P  HTTP: benign (client-side); +render: redirect overlay bc.invalid for mobile+baidu only (high)
//	M17  P  cloaking spider-content (bc.invalid, casino.invalid; 澳门博彩 …) for the 4 spiders (high)
//	M18  P  cloaking conditional-redirect bc.invalid for mobile+baidu, mobile+sogou (high)
//	B09  P  benign (mobile redirect stays on example-univ.test)
//	B16  P  HTTP: cloaking text-differs (info); +render: benign (rendered shell ≥ 0.9 similar)
//	M07  –  benign (CSS hiding is the same for every profile)
//	M19  –  benign with HTTP (the title is the same bytes for everyone; the static view decides)
//	others  benign (the page is the same for every profile) or n.a. (M21–M23: no page to fetch)

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/web/darklink"
	"github.com/yingji/yingji/internal/web/render"
	"github.com/yingji/yingji/internal/web/webtest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	webtest.CloseBrowser()
	os.Exit(code)
}

// profileP are the fixtures whose Profiles column is P; httpDecides are
// those the HTTP fetches alone decide (server-side logic).
var (
	profileP    = map[string]bool{"M15": true, "M16": true, "M17": true, "M18": true, "B09": true, "B16": true}
	httpDecides = map[string]bool{"M17": true, "M18": true, "B09": true, "B16": true}
	viewKinds   = map[string]bool{KindCloaking: true, darklink.KindRedirect: true}
)

// levelOf is the level s names, High when it names none.
func levelOf(s string) darklink.Level {
	if l, ok := darklink.ParseLevel(s); ok {
		return l
	}
	return darklink.High
}

func matches(hits []Hit, f webtest.Find) bool {
	for _, h := range hits {
		if h.Kind != f.Kind {
			continue
		}
		if f.Technique != "" && h.Technique == f.Technique {
			return true
		}
		for _, host := range h.Hosts {
			if host == f.HrefHost {
				return true
			}
		}
	}
	return false
}

func summary(r *Result) string {
	if len(r.Hits) == 0 {
		return "benign"
	}
	var parts []string
	for _, h := range r.Hits {
		parts = append(parts, fmt.Sprintf("%s/%s(%s)%v@%s", h.Kind, h.Technique, h.Level, h.Hosts, h.Profile))
	}
	return strings.Join(parts, " ")
}

func check(t *testing.T, f webtest.Fixture, opt Options, decides bool) {
	t.Helper()
	srv := webtest.Serve(f)
	defer srv.Close()
	opt.SiteHosts = []string{f.Site}
	r, err := Check(context.Background(), srv.URL+f.URLPath, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s %s: %s", f.ID, f.Name, summary(r))
	if !f.Expect.Malicious() {
		if r.Level > darklink.Info {
			t.Errorf("benign fixture scored %s: %s", r.Level, summary(r))
		}
		for _, k := range f.Expect.MustNotFindKinds {
			for _, h := range r.Hits {
				if h.Kind == k && h.Level > darklink.Info {
					t.Errorf("found %s: %s", k, summary(r))
				}
			}
		}
		return
	}
	if !decides {
		return
	}
	if r.Level < levelOf(f.Expect.MinSeverity) {
		t.Errorf("level %s, want ≥ %s: %s", r.Level, f.Expect.MinSeverity, summary(r))
	}
	for _, want := range f.Expect.MustFind {
		if viewKinds[want.Kind] && !matches(r.Hits, want) {
			t.Errorf("missing %+v in %s", want, summary(r))
		}
	}
	for _, h := range r.Hits {
		if h.Level >= darklink.Medium && (h.Baseline.Profile == "" || h.Variant.Profile == "") {
			t.Errorf("hit without both versions as evidence: %+v", h)
		}
	}
}

// TestCorpusHTTP fetches every fixture under every profile with net/http.
func TestCorpusHTTP(t *testing.T) {
	fixtures, err := webtest.Fixtures()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fixtures {
		t.Run(f.ID, func(t *testing.T) {
			t.Parallel()
			check(t, f, Options{}, httpDecides[f.ID])
		})
	}
}

// TestCorpusRendered adds the rendered profiles for the P fixtures.
func TestCorpusRendered(t *testing.T) {
	b := webtest.Browser(t, 4)
	fixtures, err := webtest.Fixtures()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range fixtures {
		if !profileP[f.ID] {
			continue
		}
		n++
		t.Run(f.ID, func(t *testing.T) {
			t.Parallel()
			check(t, f, Options{Browser: b, Render: render.Options{Settle: 500 * time.Millisecond, Remote: webtest.Remote(),
				Timeout: 40 * time.Second}}, true)
		})
	}
	if n != len(profileP) {
		t.Errorf("%d of the %d P fixtures present", n, len(profileP))
	}
}

func TestSimilarity(t *testing.T) {
	for _, c := range []struct {
		a, b     string
		min, max float64
	}{
		{"", "", 1, 1},
		{"某某大学欢迎您", "某某大学欢迎您", 1, 1},
		{"某某大学欢迎您。学校坚持立德树人根本任务", "澳门博彩 在线赌场 百家乐 注册送彩金", 0, 0.01},
		{"The quick brown fox jumps over the lazy dog", "The quick brown fox jumps over the lazy dog!", 1, 1},
	} {
		if s := Similarity(c.a, c.b); s < c.min || s > c.max {
			t.Errorf("Similarity(%q, %q) = %.2f", c.a, c.b, s)
		}
	}
}

// TestNoRedirectFollowedAway: a redirect off the host is recorded and not
// fetched.
func TestNoRedirectFollowedAway(t *testing.T) {
	var other atomic.Int32
	away := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other.Add(1) }))
	defer away.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			http.Redirect(w, r, "/home", http.StatusFound)
		case "/home":
			if strings.Contains(r.Referer(), "baidu") {
				http.Redirect(w, r, strings.Replace(away.URL, "127.0.0.1", "localhost", 1)+"/spam", http.StatusFound)
				return
			}
			fmt.Fprint(w, "<title>home</title><p>hello</p>")
		}
	}))
	defer srv.Close()
	r, err := Check(context.Background(), srv.URL+"/", Options{Profiles: []Profile{Desktop, DesktopBaidu}})
	if err != nil {
		t.Fatal(err)
	}
	if other.Load() != 0 {
		t.Errorf("the other host was fetched")
	}
	f := r.Fetches[1]
	if len(f.Chain) != 2 || f.Away != "localhost" {
		t.Errorf("chain %+v away %q", f.Chain, f.Away)
	}
	if len(r.Hits) != 1 || r.Hits[0].Technique != TechConditionalRedirect || r.Hits[0].Level != darklink.High {
		t.Errorf("hits %s", summary(r))
	}
}

func TestCrawl(t *testing.T) {
	var other atomic.Int32
	away := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { other.Add(1) }))
	defer away.Close()
	var mu sync.Mutex
	var times []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/robots.txt":
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\nSitemap: /sitemap.xml\n")
		case "/":
			fmt.Fprintf(w, `<title>home</title><a href="/a">a</a><a href="/private/x">x</a><a href="%s/out">out</a><a href="/a#frag">a</a>`, away.URL)
		case "/a":
			fmt.Fprint(w, `<title>a</title><a href="/b">b</a><a href="/old">old</a>`)
		case "/b":
			fmt.Fprint(w, `<title>b</title><a href="/c">c</a>`) // depth 2: /c is not followed
		case "/old":
			http.Redirect(w, r, away.URL+"/gone", http.StatusMovedPermanently)
		case "/private/x":
			fmt.Fprint(w, `<title>private</title>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	res, err := Crawl(context.Background(), srv.URL+"/", CrawlOptions{MaxDepth: 2, MaxPages: 10, Rate: 20})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]CrawlPage{}
	for _, p := range res.Pages {
		got[strings.TrimPrefix(p.URL, srv.URL)] = p
	}
	for _, want := range []string{"/", "/a", "/private/x", "/b", "/old"} {
		if _, ok := got[want]; !ok {
			t.Errorf("%s not crawled: %+v", want, res.Pages)
		}
	}
	if _, ok := got["/c"]; ok {
		t.Errorf("/c is beyond the depth")
	}
	if !got["/private/x"].Disallowed || got["/a"].Disallowed {
		t.Errorf("robots.txt not noted: %+v", res.Pages)
	}
	if !strings.HasPrefix(got["/old"].Away, away.URL) {
		t.Errorf("redirect away not recorded: %+v", got["/old"])
	}
	if other.Load() != 0 {
		t.Errorf("the crawl left the host")
	}
	if len(res.Disallow) != 1 || len(res.Sitemaps) != 1 || res.Robots != 200 {
		t.Errorf("robots %d %v %v", res.Robots, res.Disallow, res.Sitemaps)
	}
	mu.Lock()
	for i := 1; i < len(times); i++ {
		if d := times[i].Sub(times[i-1]); d < 40*time.Millisecond {
			t.Errorf("requests %d and %d only %v apart at 20/s", i-1, i, d)
		}
	}
	mu.Unlock()
	// MaxPages bounds the crawl.
	res, err = Crawl(context.Background(), srv.URL+"/", CrawlOptions{MaxPages: 2, Rate: 50})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pages) != 2 || !res.Truncated {
		t.Errorf("MaxPages 2: %d pages, truncated %v: %+v", len(res.Pages), res.Truncated, res.Pages)
	}
}
