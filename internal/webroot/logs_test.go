package webroot

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/yingji/yingji/internal/source"
)

// TestConfigLogs reads the access logs and their formats from nginx and
// Apache configurations, whichever order formats and logs come in.
func TestConfigLogs(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"etc/nginx/nginx.conf": `http {
    include /etc/nginx/sites-enabled/*;
    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time';
    access_log /var/log/nginx/access.log main;
    access_log off;
    access_log syslog:server=192.0.2.1 main;
}`,
		"etc/nginx/sites-enabled/shop": `server {
    server_name shop.example;
    root /data/shop;
    access_log /data/logs/shop.access.log json buffer=32k;
    access_log logs/relative.log;
}
log_format json escape=json '{"ip":"$remote_addr","t":"$time_iso8601","r":"$request","s":$status}';`,
		"etc/apache2/apache2.conf": `ServerRoot "/etc/apache2"
LogFormat "%h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"" combined
LogFormat "%v:%p %h %l %u %t \"%r\" %>s %O" vhost_combined
IncludeOptional sites-enabled/*.conf`,
		"etc/apache2/sites-enabled/000-default.conf": `<VirtualHost *:80>
    DocumentRoot /var/www/html
    CustomLog ${APACHE_LOG_DIR}/access.log combined
    CustomLog /srv/logs/site.log "%h %t \"%r\" %>s"
    CustomLog "|/usr/bin/rotatelogs /var/log/x 86400" common
    TransferLog logs/transfer.log
</VirtualHost>`,
	}
	for name, data := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	src, err := source.OpenDir(root, false)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	_, logs, _ := Config(src, nil)
	got := map[string]AccessLog{}
	for _, l := range logs {
		got[l.Path] = l
	}
	want := map[string]AccessLog{
		"var/log/nginx/access.log": {Server: "nginx", FormatName: "main",
			Format: `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time`},
		"data/logs/shop.access.log": {Server: "nginx", FormatName: "json",
			Format: `{"ip":"$remote_addr","t":"$time_iso8601","r":"$request","s":$status}`},
		"usr/share/nginx/logs/relative.log": {Server: "nginx"}, // relative to the prefix
		"srv/logs/site.log":                 {Server: "apache", Format: `%h %t "%r" %>s`},
		"etc/apache2/logs/transfer.log":     {Server: "apache"},
	}
	for p, w := range want {
		g, ok := got[p]
		if !ok {
			t.Errorf("%s not found; got %v", p, logs)
			continue
		}
		if g.Server != w.Server || g.FormatName != w.FormatName || g.Format != w.Format {
			t.Errorf("%s: %+v\nwant %+v", p, g, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d logs, want %d (no off, syslog, piped or ${VAR} paths): %v", len(got), len(want), logs)
	}
}
