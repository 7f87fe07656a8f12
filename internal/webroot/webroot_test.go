package webroot

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/source"
)

// tree describes a fake target: name → file content; a name ending in "/"
// is a directory; content starting with "->" makes a symbolic link.
type tree map[string]string

func build(t *testing.T, tr tree) source.Source {
	t.Helper()
	dir := t.TempDir()
	for name, content := range tr {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasSuffix(name, "/"):
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
		case strings.HasPrefix(content, "->"):
			if err := os.Symlink(strings.TrimPrefix(content, "->"), p); err != nil {
				t.Fatal(err)
			}
		default:
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	src, err := source.OpenDir(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return src
}

// want is what a test expects of one root.
type want struct {
	server string
	hosts  []string
	why    []string // substrings, each of some Why entry
}

func TestFind(t *testing.T) {
	tests := []struct {
		name    string
		tree    tree
		extra   []string
		want    map[string]want
		wantErr string // substring of the error, "" for none
	}{
		{
			name: "debian nginx",
			tree: tree{
				"etc/nginx/nginx.conf": `
user www-data;
http {
	include /etc/nginx/conf.d/*.conf;   # none there
	include /etc/nginx/sites-enabled/*;
}`,
				"etc/nginx/conf.d/":                 "",
				"etc/nginx/sites-available/default": "server {\n\tlisten 80 default_server;\n\tserver_name _;\n\troot /var/www/html;\n}\n",
				"etc/nginx/sites-available/shop": `server {
	server_name shop.example.com www.shop.example.com;
	root "/srv/shop/public"; # the site
	location /static/ { alias /srv/shop/static/; }
	location /blog { root '/srv/blog'; }
	location /x { root $document_root/x; }
	location /h { root /srv/vhosts/$host/htdocs; }
}`,
				"etc/nginx/sites-enabled/default": "->../sites-available/default",
				"etc/nginx/sites-enabled/shop":    "->/etc/nginx/sites-available/shop",
				"var/www/html/":                   "",
				"srv/shop/public/":                "",
				"srv/shop/static/":                "",
				"srv/blog/":                       "",
				"srv/vhosts/a/htdocs/":            "",
			},
			want: map[string]want{
				"var/www":         {why: []string{"usual place"}},
				"var/www/html":    {server: "nginx", why: []string{"nginx: etc/nginx/sites-enabled/default:4 root /var/www/html", "usual place"}},
				"srv/shop/public": {server: "nginx", hosts: []string{"shop.example.com", "www.shop.example.com"}, why: []string{"nginx: etc/nginx/sites-enabled/shop:3 root /srv/shop/public"}},
				"srv/shop/static": {server: "nginx", hosts: []string{"shop.example.com", "www.shop.example.com"}, why: []string{"alias /srv/shop/static/"}},
				"srv/blog":        {server: "nginx", hosts: []string{"shop.example.com", "www.shop.example.com"}, why: []string{"sites-enabled/shop:5 root /srv/blog"}},
				"srv/vhosts":      {server: "nginx", hosts: []string{"shop.example.com", "www.shop.example.com"}, why: []string{"root /srv/vhosts/$host/htdocs"}},
			},
		},
		{
			name: "apache",
			tree: tree{
				"etc/apache2/apache2.conf":            "ServerRoot \"/etc/apache2\"\n# DocumentRoot /nowhere\nIncludeOptional conf-enabled/*.conf\nIncludeOptional sites-enabled/*.conf\nIncludeOptional missing/*.conf\n<Directory />\n  Require all denied\n</Directory>\n",
				"etc/apache2/conf-enabled/alias.conf": "<IfModule alias_module>\n  Alias /icons/ \"/usr/share/apache2/icons/\"\n  ScriptAlias /cgi-bin/ /usr/lib/cgi-bin/\n</IfModule>\n",
				"etc/apache2/sites-enabled/site.conf": "<VirtualHost *:80>\n\tServerName www.example.org:80\n\tServerAlias example.org \\\n\t\tstatic.example.org\n\tDocumentRoot /var/www/site\n\tAliasMatch ^/u/(.*)$ /home/up/$1\n\t<Directory /var/www/site>\n\t</Directory>\n</VirtualHost>\n",
				"usr/share/apache2/icons/":            "",
				"usr/lib/cgi-bin/":                    "",
				"var/www/site/":                       "",
				"home/up/":                            "",
			},
			want: map[string]want{
				"var/www":                 {why: []string{"usual place"}},
				"var/www/site":            {server: "apache", hosts: []string{"example.org", "static.example.org", "www.example.org"}, why: []string{"apache: etc/apache2/sites-enabled/site.conf:5 DocumentRoot /var/www/site", "usual place"}},
				"usr/share/apache2/icons": {server: "apache", why: []string{"conf-enabled/alias.conf:2 Alias"}},
				"usr/lib/cgi-bin":         {server: "apache", why: []string{"ScriptAlias /usr/lib/cgi-bin/"}},
				"home/up":                 {server: "apache", hosts: []string{"example.org", "static.example.org", "www.example.org"}, why: []string{"AliasMatch /home/up/$1"}},
			},
		},
		{
			name: "bt-panel",
			tree: tree{
				"www/server/nginx/conf/nginx.conf":        "http {\n include /www/server/panel/vhost/nginx/*.conf;\n server { root html; }\n}\n",
				"www/server/nginx/html/":                  "",
				"usr/share/nginx/html/":                   "",
				"etc/nginx/sites-enabled/x":               "server { root html; }",
				"www/server/panel/vhost/nginx/site.conf":  "server\n{\n    listen 80;\n    server_name site.cn;\n    index index.php;\n    root /www/wwwroot/site;\n}\n",
				"www/server/panel/vhost/apache/site.conf": "<VirtualHost *:8080>\n    DocumentRoot \"/www/wwwroot/other\"\n    ServerName other.cn\n</VirtualHost>\n",
				"www/wwwroot/site/":                       "",
				"www/wwwroot/other/":                      "",
				"www/wwwroot/plain/":                      "",
			},
			want: map[string]want{
				"usr/share/nginx/html":  {server: "nginx", why: []string{"nginx: etc/nginx/sites-enabled/x:1 root html", "usual place"}},
				"www/server/nginx/html": {server: "nginx", why: []string{"nginx: www/server/nginx/conf/nginx.conf:3 root html"}},
				"www/wwwroot/site":      {server: "nginx", hosts: []string{"site.cn"}, why: []string{"nginx: www/server/panel/vhost/nginx/site.conf:6 root /www/wwwroot/site", "usual place"}},
				"www/wwwroot/other":     {server: "apache", hosts: []string{"other.cn"}, why: []string{"apache: www/server/panel/vhost/apache/site.conf:2 DocumentRoot"}},
				"www/wwwroot/plain":     {server: "bt-panel", why: []string{"usual place"}},
			},
		},
		{
			name: "tomcat",
			tree: tree{
				"etc/tomcat9/server.xml": `<?xml version="1.0" encoding="UTF-8"?>
<!-- <Host name="commented" appBase="/nope"/> -->
<Server port="8005">
  <Service name="Catalina">
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps" unpackWARs="true">
        <Alias>www.example.com</Alias>
        <Context path="/app" docBase="/opt/apps/app"/>
        <Context path="/rel" docBase="relapp"/>
      </Host>
      <Host name="other" appBase="/srv/tomcat-other"/>
    </Engine>
  </Service>
</Server>`,
				"var/lib/tomcat9/conf":                   "->/etc/tomcat9",
				"etc/tomcat9/Catalina/localhost/ext.xml": `<Context docBase="/srv/ext" reloadable="true"/>`,
				"srv/ext/":                               "",
				"var/lib/tomcat9/webapps/relapp/":        "",
				"opt/apps/app/":                          "",
				"srv/tomcat-other/":                      "",
			},
			want: map[string]want{
				"var/lib/tomcat9/webapps":        {server: "tomcat", hosts: []string{"localhost", "www.example.com"}, why: []string{"tomcat: var/lib/tomcat9/conf/server.xml:6 Host appBase webapps", "usual place"}},
				"var/lib/tomcat9/webapps/relapp": {server: "tomcat", hosts: []string{"localhost", "www.example.com"}, why: []string{"Context docBase relapp"}},
				"opt/apps/app":                   {server: "tomcat", hosts: []string{"localhost", "www.example.com"}, why: []string{"Context docBase /opt/apps/app"}},
				"srv/ext":                        {server: "tomcat", hosts: []string{"localhost"}, why: []string{"tomcat: var/lib/tomcat9/conf/Catalina/localhost/ext.xml:1 Context docBase /srv/ext"}},
				"srv/tomcat-other":               {server: "tomcat", hosts: []string{"other"}, why: []string{"Host appBase /srv/tomcat-other"}},
			},
		},
		{
			name: "usual places and user",
			tree: tree{
				"var/www/":                "",
				"var/www/a/":              "",
				"var/www/file":            "not a dir",
				"home/alice/public_html/": "",
				"home/bob/www":            "->/data/bob",
				"data/bob/":               "",
				"data/wwwroot/":           "",
				"usr/share/nginx/html/":   "",
				"opt/custom/":             "",
				"opt/lampp/htdocs":        "->../../var/www/a",
			},
			extra: []string{"/opt/custom/", "/does/not/exist", "/var/www/file"},
			want: map[string]want{
				"var/www":                {why: []string{"usual place"}},
				"var/www/a":              {server: "apache", why: []string{"usual place"}}, // via opt/lampp/htdocs too
				"home/alice/public_html": {server: "apache", why: []string{"usual place"}},
				"data/bob":               {why: []string{"usual place"}},
				"data/wwwroot":           {why: []string{"usual place"}},
				"usr/share/nginx/html":   {server: "nginx", why: []string{"usual place"}},
				"opt/custom":             {why: []string{"user"}},
			},
		},
		{
			name: "include cycle",
			tree: tree{
				"etc/nginx/nginx.conf":     "include a.conf;\nhttp { server { root /srv/a; } }\n",
				"etc/nginx/a.conf":         "include b.conf;\n",
				"etc/nginx/b.conf":         "include /etc/nginx/nginx.conf;\ninclude a.conf;\n",
				"etc/apache2/apache2.conf": "Include apache2.conf\nInclude loop/\nDocumentRoot /srv/b\n",
				"etc/apache2/loop/self":    "->.",
				"etc/apache2/loop/x.conf":  "Include /etc/apache2/loop\n",
				"srv/a/":                   "",
				"srv/b/":                   "",
			},
			want: map[string]want{
				"srv/a": {server: "nginx", why: []string{"nginx.conf:2 root"}},
				"srv/b": {server: "apache", why: []string{"apache2.conf:3 DocumentRoot"}},
			},
			wantErr: "include cycle",
		},
		{
			name: "huge line",
			tree: tree{
				"etc/nginx/nginx.conf": "http { server { root /srv/first; } }\n# " + strings.Repeat("x", 5<<20) + "\nhttp { server { root /srv/late; } }\n",
				"srv/first/":           "",
				"srv/late/":            "",
			},
			want: map[string]want{
				"srv/first": {server: "nginx", why: []string{"root /srv/first"}},
			},
			wantErr: "larger than the limit",
		},
		{
			name: "comments quotes and missing roots",
			tree: tree{
				"etc/nginx/nginx.conf": `# root /srv/commented;
http {
	server {
		server_name "a.example" 'b.example';
		root "/srv/with space"; # root /srv/also-commented;
		location ~ "^/x{2}" { root /srv/re#not-comment; }
		location /gone { root /srv/gone; }
		location /up { root /../../srv/up; }
		location /v { alias ${base}/v; }
	}
`,
				"srv/with space/":     "",
				"srv/re#not-comment/": "",
				"srv/up/":             "",
				"srv/commented/":      "",
				"srv/also-commented/": "",
			},
			want: map[string]want{
				"srv/with space":     {server: "nginx", hosts: []string{"a.example", "b.example"}, why: []string{"nginx.conf:5 root /srv/with space"}},
				"srv/re#not-comment": {server: "nginx", hosts: []string{"a.example", "b.example"}, why: []string{"nginx.conf:6 root"}},
				"srv/up":             {server: "nginx", hosts: []string{"a.example", "b.example"}, why: []string{"root /../../srv/up"}},
			},
			wantErr: "unclosed block",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := build(t, tc.tree)
			roots, err := Find(src, tc.extra)
			if tc.wantErr == "" && err != nil {
				t.Errorf("unexpected error: %v", err)
			}
			if tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Errorf("error %v, want one with %q", err, tc.wantErr)
			}
			got := map[string]Root{}
			var paths []string
			for _, r := range roots {
				got[r.Path] = r
				paths = append(paths, r.Path)
			}
			if !slices.IsSorted(paths) {
				t.Errorf("roots not sorted: %q", paths)
			}
			for p, w := range tc.want {
				r, ok := got[p]
				if !ok {
					t.Errorf("root %q missing; got %q", p, paths)
					continue
				}
				if r.Server != w.server {
					t.Errorf("%s: server %q, want %q", p, r.Server, w.server)
				}
				if !slices.Equal(r.Hosts, w.hosts) {
					t.Errorf("%s: hosts %q, want %q", p, r.Hosts, w.hosts)
				}
				for _, s := range w.why {
					if !slices.ContainsFunc(r.Why, func(y string) bool { return strings.Contains(y, s) }) {
						t.Errorf("%s: why %q, want one with %q", p, r.Why, s)
					}
				}
			}
			for _, p := range paths {
				if _, ok := tc.want[p]; !ok {
					t.Errorf("unexpected root %q: %+v", p, got[p])
				}
			}
		})
	}
}

func TestFindEmpty(t *testing.T) {
	roots, err := Find(build(t, tree{"etc/": ""}), nil)
	if err != nil || len(roots) != 0 {
		t.Fatalf("Find on an empty target = %v, %v", roots, err)
	}
}

func TestIncludeBlowup(t *testing.T) {
	// Each level includes the next one twice: 2^20 inclusions without a
	// cycle, bounded by MaxIncludeDepth and MaxFiles.
	tr := tree{"etc/nginx/nginx.conf": "include l0.conf; include l0.conf;\n", "srv/x/": ""}
	for i := 0; i < 20; i++ {
		tr["etc/nginx/l"+itoa(i)+".conf"] = "include l" + itoa(i+1) + ".conf; include l" + itoa(i+1) + ".conf; root /srv/x;\n"
	}
	roots, err := Find(build(t, tr), nil)
	if err == nil || !strings.Contains(err.Error(), "configuration files") {
		t.Errorf("error %v, want the file bound", err)
	}
	if len(roots) != 1 || roots[0].Path != "srv/x" {
		t.Errorf("roots %+v", roots)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestStripVars(t *testing.T) {
	for in, want := range map[string]string{
		"/var/www/html":    "/var/www/html",
		"/var/www/$host":   "/var/www",
		"/$x/y":            "",
		"$document_root/x": "",
		"${APACHE_ROOT}/x": "",
		"html":             "/prefix/html",
		"/a/${b}c/d":       "/a",
		"":                 "",
		"/":                "/",
	} {
		if got := targetPath(in, "/prefix"); got != want {
			t.Errorf("targetPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseErrorsNotFatal(t *testing.T) {
	_, err := parseNginx([]byte("}}} server { root /x; \"unterminated"))
	if err == nil {
		t.Error("no error for broken nginx config")
	}
	_, err = parseApache([]byte("</VirtualHost>\n<>\n<VirtualHost *>\n"))
	if err == nil {
		t.Error("no error for broken apache config")
	}
}

func TestManyRoots(t *testing.T) {
	var b strings.Builder
	b.WriteString("server { server_name " + strings.Repeat("h ", 5000) + ";\n")
	for i := 0; b.Len() < 2<<20; i++ {
		b.WriteString("root /srv/r" + strconv.Itoa(i%50) + ";\n")
	}
	b.WriteString("}\n")
	tr := tree{"etc/nginx/nginx.conf": "include a; include a; include a; include a;", "etc/nginx/a": b.String()}
	for i := 0; i < 50; i++ {
		tr["srv/r"+strconv.Itoa(i)+"/"] = ""
	}
	roots, err := Find(build(t, tr), nil)
	if err == nil || !strings.Contains(err.Error(), "candidate roots") {
		t.Errorf("error %v, want the candidate bound", err)
	}
	if len(roots) != 50 {
		t.Errorf("%d roots, want 50", len(roots))
	}
	for _, r := range roots {
		if len(r.Why) > maxWhy || len(r.Hosts) != 1 {
			t.Fatalf("root %s: %d why, hosts %q", r.Path, len(r.Why), r.Hosts)
		}
	}
}
