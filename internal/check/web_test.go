package check

import (
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/finding"
)

const darkBlock = `<div style="position:absolute;left:-9999px;top:-9999px">
<a href="http://www.amjs.invalid/">澳门博彩</a>
<a href="http://bjl.invalid/">百家乐</a>
<a href="http://zr.invalid/">真人娱乐</a>
</div>
`

// TestDarkLink plants dark links in web roots and benign look-alikes.
func TestDarkLink(t *testing.T) {
	const dl = "web.dark_link"
	runScenarios(t, []scenario{
		{name: "hidden gambling block in the default root", pattern: dl, plant: func(r *testRoot) {
			r.write("var/www/html/index.html", "<html><body><h1>Welcome</h1>\n"+darkBlock+"</body></html>\n")
		}, want: []want{{dl, "/var/www/html/index.html"}}},
		{name: "hidden iframe in a PHP template of an nginx root", pattern: dl, plant: func(r *testRoot) {
			r.write("etc/nginx/sites-enabled/shop", "server {\n  listen 80;\n  server_name shop.example.test;\n  root /data/shop/public;\n}\n")
			r.write("data/shop/public/header.php", "<?php echo $title; ?>\n<iframe src=\"http://trojan.invalid/ad.htm\" width=\"0\" height=\"0\"></iframe>\n")
		}, want: []want{{dl, "/data/shop/public/header.php"}}},
		{name: "script written with unescape", pattern: dl, plant: func(r *testRoot) {
			r.write("var/www/html/js/common.js", "document.write(unescape('%3Cdiv%20style%3D%22display%3Anone%22%3E%3Ca%20href%3D%22http%3A//bc.invalid/%22%3E%u6FB3%u95E8%u535A%u5F69%3C/a%3E%3C/div%3E'));\n")
		}, want: []want{{dl, "/var/www/html/js/common.js"}}},
		{name: "benign: menus, skip links, logo, news against gambling", pattern: dl, plant: func(r *testRoot) {
			r.write("etc/nginx/sites-enabled/univ", "server {\n  server_name www.example-univ.test;\n  root /srv/univ;\n}\n")
			r.write("srv/univ/index.html", `<html><head><style>.sr-only{position:absolute;width:1px;height:1px;clip:rect(0,0,0,0);overflow:hidden}
a.logo{display:block;background:url(logo.png);text-indent:-9999px}</style></head><body>
<a class="sr-only" href="#main">跳到主要内容</a><a class="logo" href="/">某某大学</a>
<nav><ul class="sub" style="display:none"><li><a href="/a">学院</a><li><a href="https://www.example-univ.test/b">招生</a></ul></nav>
<main id="main"><h1>我校开展"打击网络赌博、远离黄赌毒"主题教育</h1><p>严禁参与网络博彩、百家乐。</p></main></body></html>`)
		}},
	})
}

// TestDarkLinkFinding checks the finding of the demo's hidden gambling
// block: high, with the technique, hosts and words in the evidence.
func TestDarkLinkFinding(t *testing.T) {
	r := newRoot(t)
	r.write("var/www/html/index.html", "<html><body><h1>Welcome</h1>\n"+darkBlock+"</body></html>\n")
	for _, f := range r.scan("web.dark_link") {
		if f.Rule != "web.dark_link" {
			continue
		}
		if f.Severity != finding.High || f.Confidence != "high" || f.Category != "NATAMPER" {
			t.Errorf("finding %s %s %s", f.Severity, f.Confidence, f.Category)
		}
		ev := f.Evidence
		if len(ev) < 2 || ev[0].Path != "/var/www/html/index.html" || ev[0].SHA256 == "" {
			t.Fatalf("evidence %+v", ev)
		}
		e := ev[1]
		if e.Line != 2 || e.Fields["kind"] != "hidden_link" || e.Fields["technique"] != "offscreen" ||
			!strings.Contains(e.Fields["hosts"], "bjl.invalid") || !strings.Contains(e.Fields["words"], "百家乐") ||
			!strings.Contains(e.Excerpt, "left:-9999px") {
			t.Errorf("hit evidence %+v", e)
		}
		if !strings.Contains(f.DescriptionZh, "隐藏链接") || !strings.Contains(f.Description, "offscreen") {
			t.Errorf("description %q / %q", f.Description, f.DescriptionZh)
		}
		return
	}
	t.Fatal("no web.dark_link finding")
}
