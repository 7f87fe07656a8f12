package render_test

// Verdicts of the rendered view on the 40 fixtures of corpus_spec.md
// (desktop/no-ref unless noted; R = the render must decide). Run with -v
// to see them; the table is checked by TestCorpus.
//
//	ID  Render  verdict of the rendered view
//	M01 r   hidden_link display-none, visibility-hidden, opacity-zero, hidden-attr (bc.invalid) high
//	M02 r   hidden_link offscreen (*.top.invalid) high
//	M03 r   hidden_link zero-font / zero-size (代开发票) high
//	M04 R   hidden_link low-contrast (av.invalid) high
//	M05 r   hidden_link marquee high
//	M06 r   hidden_link text-indent high
//	M07 R   hidden_link offscreen (bc.invalid, www.lottery.invalid) high (the linked CSS applies)
//	M08 R   hidden_link display-none (bc.invalid) high
//	M09 R   hidden_link offscreen (bc.invalid) high
//	M10 R   js_injected_link dom-write + hidden_link display-none (bc.invalid) high
//	M11 R   js_injected_link dom-write + hidden_link display-none (bc.invalid) high
//	M12 r   hidden_iframe zero-size (trojan.invalid) high
//	M13 R   external_script dynamic-loader (dyn.invalid) high
//	M14 r   external_script dynamic-loader (cdn-jquery.invalid) high
//	M15 R   redirect navigation (bc.invalid) high, desktop + Referer www.baidu.com
//	M16 R   redirect overlay (bc.invalid) high, mobile + Referer m.baidu.com
//	M17 –   benign (server-side cloaking: the profile view's)
//	M18 –   redirect navigation (bc.invalid) high, mobile + Referer m.baidu.com (the server's 302)
//	M19 –   benign (JS resets the title: render misses it, as the spec says)
//	M20 r   hidden_link (normalised keywords) high
//	M21 –   n.a. (config only)
//	M22 –   n.a. (site level)
//	M23 r   n.a. (baseline)
//	M24 R   js_injected_link remote-fetch (jasabacklink.invalid) + hidden_link offscreen high
//	B08     hidden_link hidden-attr (moe.gov.cn, chsi.com.cn) info
//	B17     hidden_link display-none (3 hosts, no spam words, tab widget) info
//	B01–B07, B09–B15  benign; B16 R benign (the SPA builds the same page; its one external URL is written in its script)
//
// The rows marked r are logged, not asserted, beyond "malicious is
// found": the static view decides them.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
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

// renderR are the fixtures whose Render column is R.
var renderR = map[string]bool{"M04": true, "M07": true, "M08": true, "M09": true, "M10": true, "M11": true, "M13": true,
	"M15": true, "M16": true, "M24": true, "B14": true, "B16": true}

// renderKinds are the kinds the rendered view can report.
var renderKinds = map[string]bool{darklink.KindHiddenLink: true, darklink.KindJSLink: true, darklink.KindHiddenIframe: true,
	darklink.KindScript: true, darklink.KindRedirect: true, darklink.KindKeyword: true}

// profileFor is the profile a fixture is rendered under: the search
// visitor the attack waits for.
func profileFor(id string) render.Options {
	switch id {
	case "M15":
		return render.Options{Referer: "https://www.baidu.com/s?wd=x"}
	case "M16", "M18":
		return render.Options{Mobile: true, Referer: "https://m.baidu.com/s?word=x"}
	}
	return render.Options{}
}

func levelOf(s string) darklink.Level {
	for l := darklink.None; l <= darklink.High; l++ {
		if l.String() == s {
			return l
		}
	}
	return darklink.High
}

// matches reports a hit of the entry's kind with its host or technique.
func matches(hits []darklink.Hit, f webtest.Find) bool {
	for _, h := range hits {
		if h.Kind != f.Kind {
			continue
		}
		if f.HrefHost == "" && f.Technique == "" || f.Technique != "" && h.Technique == f.Technique {
			return true
		}
		for _, host := range h.Hosts {
			if f.HrefHost != "" && (host == f.HrefHost || strings.HasSuffix(host, "."+f.HrefHost) ||
				strings.HasPrefix(f.HrefHost, "*.") && strings.HasSuffix(host, f.HrefHost[1:])) {
				return true
			}
		}
	}
	return false
}

func summary(hits []darklink.Hit) string {
	if len(hits) == 0 {
		return "benign"
	}
	var parts []string
	for _, h := range hits {
		parts = append(parts, fmt.Sprintf("%s/%s(%s)%v", h.Kind, h.Technique, h.Level, h.Hosts))
	}
	return strings.Join(parts, " ")
}

func TestCorpus(t *testing.T) {
	b := webtest.Browser(t, 3)
	fixtures, err := webtest.Fixtures()
	if err != nil {
		t.Fatal(err)
	}
	if len(fixtures) < 37 {
		t.Fatalf("%d fixtures, want at least 37", len(fixtures))
	}
	for _, f := range fixtures {
		t.Run(f.ID, func(t *testing.T) {
			t.Parallel()
			srv := webtest.Serve(f)
			defer srv.Close()
			opt := profileFor(f.ID)
			opt.Remote = webtest.Remote()
			opt.Timeout = 45 * time.Second
			p, err := b.Render(context.Background(), srv.URL+f.URLPath, opt)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Screenshot) == 0 || !strings.HasPrefix(string(p.Screenshot), "\x89PNG") {
				t.Errorf("no PNG screenshot")
			}
			hits := render.Judge(p, []string{f.Site})
			lvl := render.Level(hits)
			t.Logf("%s %s render %v: %s", f.ID, f.Name, p.Elapsed.Round(10*time.Millisecond), summary(hits))
			for _, r := range p.Requests {
				if r.Host != "" && r.Host != "127.0.0.1" && !r.Blocked {
					t.Errorf("request to %s was let through", r.URL)
				}
			}
			if !f.Expect.Malicious() {
				if lvl > darklink.Info {
					t.Errorf("benign fixture scored %s: %s", lvl, summary(hits))
				}
				return
			}
			if !renderR[f.ID] {
				return
			}
			if lvl < levelOf(f.Expect.MinSeverity) {
				t.Errorf("level %s, want ≥ %s", lvl, f.Expect.MinSeverity)
			}
			for _, want := range f.Expect.MustFind {
				if renderKinds[want.Kind] && !matches(hits, want) {
					t.Errorf("missing %+v in %s", want, summary(hits))
				}
			}
		})
	}
}

// TestNoEgress loads a page that tries every way out it can think of and
// checks that nothing but 127.0.0.1 was reached: each other request is
// recorded as blocked, and the rest ended at the local sink proxy.
func TestNoEgress(t *testing.T) {
	b := webtest.Browser(t, 3)
	var mu sync.Mutex
	seen := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.URL.Path]++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, `<!DOCTYPE html><html><head><title>egress</title>
<link rel="stylesheet" href="http://css.invalid/a.css"><link rel="dns-prefetch" href="//prefetch.invalid">
<link rel="preconnect" href="https://preconnect.invalid"><script src="https://script.invalid/a.js"></script>
<style>@import url(http://import.invalid/b.css); body{background:url(http://bg.invalid/c.png)}</style></head>
<body><img src="http://img.invalid/x.gif"><img src="http://10.255.255.1/y.gif"><iframe src="https://frame.invalid/"></iframe>
<a href="http://link.invalid/">link</a>
<script>
fetch('https://fetch.invalid/api').catch(function(){});
fetch('http://192.0.2.1/api').catch(function(){});
try{new WebSocket('ws://ws.invalid/s')}catch(e){}
try{new WebSocket('ws://192.0.2.2:80/s')}catch(e){}
try{navigator.sendBeacon('https://beacon.invalid/b','x')}catch(e){}
try{new EventSource('https://events.invalid/e')}catch(e){}
var x=new XMLHttpRequest();x.open('GET','https://xhr.invalid/');x.send();
</script></body></html>`)
	}))
	defer srv.Close()
	p, err := b.Render(context.Background(), srv.URL+"/", render.Options{Settle: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	hosts := map[string]bool{}
	for _, r := range p.Requests {
		if r.Host != "" && r.Host != "127.0.0.1" {
			hosts[r.Host] = true
			if !r.Blocked || r.Fulfilled {
				t.Errorf("%s %s not blocked", r.Type, r.URL)
			}
		}
	}
	for _, h := range []string{"css.invalid", "script.invalid", "img.invalid", "10.255.255.1", "frame.invalid", "fetch.invalid", "192.0.2.1", "xhr.invalid"} {
		if !hosts[h] {
			t.Errorf("request to %s not recorded (recorded %v)", h, hosts)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if seen["/"] != 1 {
		t.Errorf("the page was fetched %d times", seen["/"])
	}
	t.Logf("blocked hosts %d, connections that ended at the sink proxy %d", len(hosts), b.Escapes())
}
