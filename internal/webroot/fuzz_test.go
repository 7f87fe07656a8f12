package webroot

import "testing"

func FuzzParseNginx(f *testing.F) {
	for _, s := range []string{
		"http { server { server_name a b; root /var/www; location / { alias \"/x\"; } } }",
		"# c\ninclude /etc/nginx/*.conf;\nroot '/a b'; set $x \"${y}z\";",
		"}}}{{{ \"unterminated",
		"location ~ ^/x{2}$ { root /r; }",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dirs, _ := parseNginx(data)
		checkTree(t, dirs, 0)
	})
}

func FuzzParseApache(f *testing.F) {
	for _, s := range []string{
		"<VirtualHost *:80>\nServerName a\nDocumentRoot \"/var/www\"\n</VirtualHost>\n",
		"Include conf.d/*.conf\nAlias /x /y \\\n  z\n# c\n",
		"</x>\n<\n<a 'b\\' c'>\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dirs, _ := parseApache(data)
		checkTree(t, dirs, 0)
	})
}

// checkTree checks what holds of any parse: bounded nesting, lines
// counted from 1.
func checkTree(t *testing.T, dirs []*directive, depth int) {
	if depth > maxNesting {
		t.Fatalf("nesting %d deeper than %d", depth, maxNesting)
	}
	for _, d := range dirs {
		if d.line < 1 {
			t.Fatalf("directive %q at line %d", d.name, d.line)
		}
		checkTree(t, d.block, depth+1)
	}
}
