package serverconf

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/web/darklink"
	"github.com/yingji/yingji/internal/web/webtest"
)

// analyseDir reads every configuration and PHP file of a fixture, and the
// files their auto_prepend_file settings name (inside the fixture).
func analyseDir(t *testing.T, dir string) []Hit {
	t.Helper()
	var site struct {
		Site string `json:"site"`
	}
	if b, err := os.ReadFile(filepath.Join(dir, "site.json")); err == nil {
		if err := json.Unmarshal(b, &site); err != nil {
			t.Fatal(err)
		}
	}
	opt := Options{SiteHosts: []string{site.Site}}
	var hits []Hit
	done := map[string]bool{}
	var one func(p, format string)
	one = func(p, format string) {
		if done[p] {
			return
		}
		done[p] = true
		b, err := os.ReadFile(p)
		if err != nil {
			return
		}
		o := opt
		o.Format = format
		o.Prepended = format == FormatPHP
		r := Analyze(p, b, o)
		hits = append(hits, r.Hits...)
		for _, f := range r.Prepends {
			one(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(f, "/"))), FormatPHP)
		}
	}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".json") {
			return err
		}
		one(p, "")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

func TestCorpus(t *testing.T) {
	dirs, err := filepath.Glob("testdata/corpus/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			e, err := webtest.ReadExpect(dir)
			if err != nil {
				t.Fatal(err)
			}
			hits := analyseDir(t, dir)
			max := darklink.None
			for _, h := range hits {
				if h.Level > max {
					max = h.Level
				}
				t.Logf("%s %s %s line %d %v %s: %s", h.Kind, h.Technique, h.Level, h.Line, h.Hosts, h.Target, h.Detail)
			}
			switch e.Verdict {
			case "BENIGN":
				if max > darklink.Info {
					t.Errorf("benign fixture at %s", max)
				}
			case "MALICIOUS":
				if max < minLevel(e) {
					t.Errorf("level %s, want at least %s", max, e.MinSeverity)
				}
				for _, m := range e.MustFind {
					found := false
					for _, h := range hits {
						if h.Kind == m.Kind && h.Level >= darklink.Medium && (m.Technique == "" || h.Technique == m.Technique) &&
							(m.HrefHost == "" || contains(h.Hosts, m.HrefHost)) {
							found = true
						}
					}
					if !found {
						t.Errorf("missing %+v", m)
					}
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestDetect(t *testing.T) {
	for name, want := range map[string]string{
		"/var/www/.htaccess": FormatApache, "/etc/nginx/nginx.conf": FormatNginx, "/srv/.user.ini": FormatPHPIni,
		"/etc/php/8.2/fpm/php.ini": FormatPHPIni, "C:/inetpub/wwwroot/web.config": FormatIIS, "/var/www/index.php": FormatPHP,
		"/var/www/robots.txt": "",
	} {
		if got := Detect(name, nil); got != want {
			t.Errorf("Detect(%s) = %q, want %q", name, got, want)
		}
	}
	if got := Detect("/etc/nginx/sites-enabled/shop", []byte("server {\n listen 80;\n server_name a;\n}\n")); got != FormatNginx {
		t.Errorf("sites-enabled: %q", got)
	}
	if got := Detect("/etc/httpd/conf.d/shop.conf", []byte("<VirtualHost *:80>\nDocumentRoot /srv\n</VirtualHost>\n")); got != FormatApache {
		t.Errorf("conf.d: %q", got)
	}
}

func TestPrepends(t *testing.T) {
	r := Analyze("php.ini", []byte("[PHP]\n;auto_prepend_file = /tmp/a.php\nauto_prepend_file = \"/dev/shm/.x\"\nauto_append_file =\n"), Options{})
	if len(r.Prepends) != 1 || r.Prepends[0] != "/dev/shm/.x" || r.Level != darklink.High || r.Hits[0].Line != 3 {
		t.Errorf("%+v", r)
	}
	r = Analyze("site.conf", []byte("server {\n location ~ \\.php$ {\n  fastcgi_param PHP_VALUE \"auto_prepend_file=/var/tmp/.cache.php\";\n }\n}\n"), Options{})
	if len(r.Prepends) != 1 || r.Prepends[0] != "/var/tmp/.cache.php" || r.Level != darklink.High {
		t.Errorf("nginx PHP_VALUE: %+v", r)
	}
	r = Analyze(".htaccess", []byte("php_value auto_append_file /var/www/html/uploads/2024/a.jpg\n"), Options{})
	if r.Level != darklink.High {
		t.Errorf("php_value: %+v", r)
	}
}

// minLevel is the fixture's min_severity (None when it names no level).
func minLevel(e webtest.Expect) Level {
	l, _ := darklink.ParseLevel(e.MinSeverity)
	return l
}
