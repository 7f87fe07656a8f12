package webtest

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func get(t *testing.T, c *http.Client, url, ua, ref string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("User-Agent", ua)
	if ref != "" {
		req.Header.Set("Referer", ref)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func fixture(t *testing.T, id string) Fixture {
	t.Helper()
	fs, err := Fixtures()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.ID == id {
			return f
		}
	}
	t.Fatalf("no fixture %s", id)
	return Fixture{}
}

const (
	desktop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
	mobile  = "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36"
	spider  = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
)

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func TestFixtures(t *testing.T) {
	fs, err := Fixtures()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, f := range fs {
		if ids[f.ID] {
			t.Errorf("duplicate %s", f.ID)
		}
		ids[f.ID] = true
		if f.Site != "www.example-univ.test" || f.Expect.Verdict == "" {
			t.Errorf("%s: site %q verdict %q", f.Name, f.Site, f.Expect.Verdict)
		}
	}
	for _, id := range []string{"M16", "M17", "M18", "B16"} {
		if !ids[id] {
			t.Errorf("fixture %s missing", id)
		}
	}
	if len(fs) < 37 {
		t.Errorf("%d fixtures", len(fs))
	}
}

func TestSpiderCloak(t *testing.T) {
	srv := Serve(fixture(t, "M17"))
	defer srv.Close()
	_, user := get(t, noRedirect, srv.URL+"/", desktop, "")
	_, bot := get(t, noRedirect, srv.URL+"/", spider, "")
	if strings.Contains(user, "<?php") || !strings.Contains(user, "<title>某某大学</title>") {
		t.Errorf("user page: %.200s", user)
	}
	if !strings.Contains(bot, "澳门博彩_在线赌场") {
		t.Errorf("spider page: %.200s", bot)
	}
	if resp, _ := get(t, noRedirect, srv.URL+"/index.php.txt", desktop, ""); resp.StatusCode != 404 {
		t.Errorf("status %d", resp.StatusCode)
	}
}

func TestHtaccess(t *testing.T) {
	srv := Serve(fixture(t, "M18"))
	defer srv.Close()
	for _, c := range []struct {
		ua, ref string
		code    int
	}{
		{desktop, "", 200}, {mobile, "", 200}, {desktop, "https://www.baidu.com/s?wd=x", 200},
		{mobile, "https://m.baidu.com/s?word=x", 302}, {mobile, "https://www.sogou.com/web?query=x", 302},
	} {
		resp, _ := get(t, noRedirect, srv.URL+"/", c.ua, c.ref)
		if resp.StatusCode != c.code {
			t.Errorf("%s / %q: %d, want %d", c.ua[:20], c.ref, resp.StatusCode, c.code)
		}
		if c.code == 302 && resp.Header.Get("Location") != "https://bc.invalid/" {
			t.Errorf("Location %q", resp.Header.Get("Location"))
		}
	}
	resp, _ := get(t, noRedirect, srv.URL+"/missing", desktop, "")
	if resp.StatusCode != 302 || resp.Header.Get("Location") != "http://bc.invalid/" {
		t.Errorf("ErrorDocument: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := get(t, noRedirect, srv.URL+"/.htaccess", desktop, ""); resp.StatusCode == 200 {
		t.Errorf(".htaccess served")
	}
}

func TestPrerender(t *testing.T) {
	srv := Serve(fixture(t, "B16"))
	defer srv.Close()
	_, u1 := get(t, noRedirect, srv.URL+"/", desktop, "")
	_, u2 := get(t, noRedirect, srv.URL+"/", desktop, "")
	_, bot := get(t, noRedirect, srv.URL+"/", spider, "")
	if u1 == u2 || strings.Contains(u1, "{{") {
		t.Errorf("responses do not vary per fetch")
	}
	if !strings.Contains(u1, `id="state"`) || strings.Contains(bot, `id="state"`) || !strings.Contains(bot, "<h1>") {
		t.Errorf("users get the shell, bots the pre-rendered page")
	}
}
