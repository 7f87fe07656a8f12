package serverconf

import (
	"testing"

	"github.com/yingji/yingji/internal/web/darklink"
)

var fuzzFormats = []string{"", FormatApache, FormatNginx, FormatPHPIni, FormatIIS, FormatPHP}

func FuzzAnalyze(f *testing.F) {
	f.Add([]byte("RewriteCond %{HTTP_REFERER} (baidu|sogou)\\.com [NC]\nRewriteCond %{HTTP_USER_AGENT} mobile\nRewriteRule ^ https://bc.invalid/ [R=302,L]\nErrorDocument 404 http://bc.invalid/\nSubstitute \"s|</body>|<a href=http://x.invalid>x</a></body>|i\"\n"), uint8(1))
	f.Add([]byte("map $http_user_agent $s { default 0; \"~*spider\" 1; }\nserver { server_name a.test; if ($s) { proxy_pass http://x.invalid; } if ($http_referer ~* baidu) { return 302 https://bc.invalid/; } sub_filter '</body>' '<div style=display:none><a href=//b.invalid>博彩</a></div>'; error_page 404 http://c.invalid/; }"), uint8(2))
	f.Add([]byte("auto_prepend_file = \"/dev/shm/.x\"\nphp_admin_value[auto_append_file] = /tmp/a.jpg\n"), uint8(3))
	f.Add([]byte(`<rule name="x"><conditions><add input="{HTTP_USER_AGENT}" pattern="Baiduspider"/></conditions><action type="Redirect" url="http://x.invalid/"/></rule><error statusCode="404" path="http://y.invalid"/>`), uint8(4))
	f.Add([]byte("<?php if(preg_match('/baiduspider/i',$_SERVER['HTTP_USER_AGENT'])){echo file_get_contents('http://s.invalid/');} ob_start(function($b){return str_replace('</body>','x</body>',$b);});"), uint8(5))
	f.Add([]byte("if ( { \" ' \\ } ; ; { { {"), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		r := Analyze("x", data, Options{SiteHosts: []string{"www.example-univ.test"}, Format: fuzzFormats[int(format)%len(fuzzFormats)]})
		if len(r.Hits) > maxHits {
			t.Fatalf("%d hits", len(r.Hits))
		}
		for _, h := range r.Hits {
			if h.Level > r.Level || h.Level > darklink.High || len(h.Excerpt) > darklink.MaxExcerpt+len("…") {
				t.Fatalf("bad hit %+v", h)
			}
		}
		_ = Detect("x.conf", data)
	})
}

func FuzzNginx(f *testing.F) {
	f.Add("http { server { listen 80; location / { if ($http_user_agent ~* \"a|b\") { rewrite ^ /x last; } } } }")
	f.Add("a 'b\\' c' \"d\n\" # e\n{ } } ; if (x")
	f.Fuzz(func(t *testing.T, s string) {
		var count func(ds []*ndir, depth int) int
		count = func(ds []*ndir, depth int) int {
			if depth > maxNginxDepth+1 {
				t.Fatalf("depth %d", depth)
			}
			n := len(ds)
			for _, d := range ds {
				n += count(d.block, depth+1)
			}
			return n
		}
		if n := count(parseNginx(s), 0); n > len(s)+1 {
			t.Fatalf("%d directives from %d bytes", n, len(s))
		}
	})
}
