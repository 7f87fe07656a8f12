package main

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/report"
	"github.com/yingji/yingji/internal/web/webtest"
)

const cleanPage = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>某某大学</title></head>
<body><nav><a href="/">首页</a> <a href="/news/">新闻</a></nav>
<p>欢迎访问某某大学网站。学校创建于 1952 年，现有学生两万余人，设有文学院、理学院、工学院和体育学院。</p>
<p>友情链接：<a href="https://www.moe.gov.cn/">教育部</a></p></body></html>`

const injectedPage = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>某某大学</title></head>
<body><nav><a href="/">首页</a> <a href="/news/">新闻</a></nav>
<p>欢迎访问某某大学网站。学校创建于 1952 年，现有学生两万余人，设有文学院、理学院、工学院和体育学院。</p>
<div style="position:absolute;left:-9999px;top:-9999px"><a href="http://bc.invalid/">澳门博彩</a> <a href="http://bc.invalid/b">百家乐</a> <a href="http://bet.invalid/">真人娱乐</a></div>
<p>友情链接：<a href="https://www.moe.gov.cn/">教育部</a></p></body></html>`

func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readFindings(t *testing.T, out string) []finding.Finding {
	t.Helper()
	fs, err := finding.ReadJSONL(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// TestWebScan: the static view over a site's files, with and without a
// baseline; the clean copy of the same site reports nothing.
func TestWebScan(t *testing.T) {
	site := writeSite(t, map[string]string{"index.html": injectedPage, "about.html": cleanPage,
		".htaccess": "RewriteEngine On\nRewriteCond %{HTTP_USER_AGENT} (baiduspider|sogou) [NC]\nRewriteRule ^(.*)$ http://seo.invalid/$1 [R=302,L]\n"})
	code, out, stderr := yingji(t, "web", "scan", "--root", site, "--site", "www.example-univ.test", "--json")
	if code != 1 {
		t.Fatalf("web scan: exit %d %s", code, stderr)
	}
	rules := map[string]finding.Finding{}
	for _, f := range readFindings(t, out) {
		rules[f.Rule] = f
	}
	if f, ok := rules["web.dark_link"]; !ok || f.Severity != finding.High || f.Evidence[0].Path != "/index.html" {
		t.Errorf("dark link: %+v", f)
	}
	if f, ok := rules["web.config_injection"]; !ok || f.Severity != finding.High {
		t.Errorf("config injection: %+v", f)
	}

	clean := writeSite(t, map[string]string{"index.html": cleanPage, "about.html": cleanPage})
	if code, out, _ := yingji(t, "web", "scan", "--root", clean, "--json"); code != 0 || strings.TrimSpace(out) != "" {
		t.Errorf("clean site: exit %d %s", code, out)
	}

	// Defacement against the clean copy.
	defaced := writeSite(t, map[string]string{"index.html": `<html><head><title>Hacked by Z</title></head><body style="background:#000"><h1>Hacked by Z</h1><marquee>greetings</marquee></body></html>`, "about.html": cleanPage})
	code, out, _ = yingji(t, "web", "scan", "--root", defaced, "--baseline", clean, "--json")
	found := false
	for _, f := range readFindings(t, out) {
		found = found || f.Rule == "web.dark_link" && f.Severity == finding.High && strings.Contains(f.Description+fieldsOf(f), "defacement")
	}
	if code != 1 || !found {
		t.Errorf("defacement against the baseline not reported high: exit %d\n%s", code, out)
	}
}

func fieldsOf(f finding.Finding) string {
	var b strings.Builder
	for _, ev := range f.Evidence {
		for k, v := range ev.Fields {
			b.WriteString(k + "=" + v + " ")
		}
	}
	return b.String()
}

// TestWebScanRender renders the pages in Chromium (required in CI).
func TestWebScanRender(t *testing.T) {
	if _, err := report.FindChromium(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI: %v", err)
		}
		t.Skip(err)
	}
	site := writeSite(t, map[string]string{"index.html": injectedPage, "about.html": cleanPage})
	shots := t.TempDir()
	code, out, stderr := yingji(t, "web", "scan", "--root", site, "--render", "--screenshots", shots, "--json")
	if code != 1 {
		t.Fatalf("web scan --render: exit %d %s", code, stderr)
	}
	var rendered *finding.Finding
	for _, f := range readFindings(t, out) {
		if f.Rule == "web.rendered_dark_link" {
			rendered = &f
		}
	}
	if rendered == nil || rendered.Severity != finding.High || rendered.Evidence[0].Path != "/index.html" || !strings.Contains(fieldsOf(*rendered), "bc.invalid") {
		t.Fatalf("rendered finding: %+v", rendered)
	}
	if pngs, _ := filepath.Glob(filepath.Join(shots, "*.png")); len(pngs) != 1 {
		t.Errorf("screenshots %v, want one for index.html", pngs)
	}
}

// TestWebCheck fetches a cloaking page (the M17 fixture's emulated PHP:
// spiders get gambling spam) from a server on 127.0.0.1.
func TestWebCheck(t *testing.T) {
	fx, err := webtest.Fixtures()
	if err != nil {
		t.Fatal(err)
	}
	var dir, clean string
	for _, f := range fx {
		switch {
		case strings.HasPrefix(filepath.Base(f.Dir), "m17_"):
			dir = f.Dir
		case strings.HasPrefix(filepath.Base(f.Dir), "b16_"):
			clean = f.Dir
		}
	}
	if dir == "" || clean == "" {
		t.Fatal("fixtures m17 and b16 not found")
	}
	srv := httptest.NewServer(webtest.Handler(dir))
	defer srv.Close()
	code, out, stderr := yingji(t, "web", "check", srv.URL+"/", "--json")
	if code != 1 {
		t.Fatalf("web check: exit %d %s", code, stderr)
	}
	fs := readFindings(t, out)
	if len(fs) != 1 || fs[0].Rule != "web.cloaking" || fs[0].Severity != finding.High || !strings.Contains(fieldsOf(fs[0]), "baiduspider") {
		b, _ := json.MarshalIndent(fs, "", " ")
		t.Fatalf("cloaking finding: %s", b)
	}
	// Legitimate pre-rendering for bots is not cloaking above info.
	srv2 := httptest.NewServer(webtest.Handler(clean))
	defer srv2.Close()
	if code, out, stderr := yingji(t, "web", "check", srv2.URL+"/", "--json", "--crawl", "--pages", "3"); code != 0 {
		t.Errorf("prerender for bots: exit %d %s %s", code, out, stderr)
	}
}
