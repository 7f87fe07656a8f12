package logs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/source"
	"github.com/yingji/yingji/rules"
)

// TestFindSource reads an access log that only the nginx configuration
// names, in the JSON format the configuration defines, with its rotated
// copy.
func TestFindSource(t *testing.T) {
	root := t.TempDir()
	write(t, root, "etc/nginx/nginx.conf", []byte(`http {
    log_format shopjson escape=json '{"ip":"$remote_addr","t":"$time_iso8601","r":"$request","s":$status,"ua":"$http_user_agent"}';
    server { root /data/shop; access_log /data/logs/shop.log shopjson; }
}`))
	line := func(ip, req string) string {
		return `{"ip":"` + ip + `","t":"2026-03-01T02:10:00+08:00","r":"` + req + `","s":200,"ua":"Mozilla/5.0"}` + "\n"
	}
	write(t, root, "data/logs/shop.log.1", []byte(line("203.0.113.20", "GET /item.php?id=1%20UNION%20SELECT%20password%20FROM%20users HTTP/1.1")))
	write(t, root, "data/logs/shop.log", []byte(line("198.51.100.7", "GET / HTTP/1.1")))
	src, err := source.OpenDir(root, false)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	files, opts, errs := FindSource(src, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(files) != 2 || files[0].Path != "data/logs/shop.log.1" || files[1].Path != "data/logs/shop.log" || files[0].Kind != KindAccess {
		t.Fatalf("files %+v", files)
	}
	if formats := opts.AccessFormats; len(formats) != 1 || formats[0].Name != "shopjson" {
		t.Fatalf("formats %+v", formats)
	}
	set, err := rules.SigmaSet()
	if err != nil {
		t.Fatal(err)
	}
	fs, results := Analyze(context.Background(), src, files, set, Options{Location: time.UTC, AccessFormats: opts.AccessFormats}, nil)
	for _, r := range results {
		if r.Err != nil || r.Unparsed != 0 || r.Events != 1 {
			t.Errorf("%s: %d events, %d unparsed, %v", r.File.Path, r.Events, r.Unparsed, r.Err)
		}
	}
	if len(fs) != 1 || fs[0].Title != "SQL injection attempt" || !strings.Contains(fs[0].Description, "203.0.113.20") {
		t.Errorf("findings %+v", fs)
	}
}
