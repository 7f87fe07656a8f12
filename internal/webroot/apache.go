package webroot

import (
	"bytes"
	"fmt"
	"path"
	"strings"
)

// apacheMains are the main configuration files of the usual Apache
// installs: Debian, Red Hat, source builds, the BT-panel, cPanel, XAMPP.
var apacheMains = []string{
	"etc/apache2/apache2.conf",
	"etc/httpd/conf/httpd.conf",
	"usr/local/apache2/conf/httpd.conf",
	"usr/local/apache/conf/httpd.conf",
	"www/server/apache/conf/httpd.conf",
	"opt/lampp/etc/httpd.conf",
}

// apacheVhosts are read on their own too when the main configuration did
// not include them, with the ServerRoot of their install.
var apacheVhosts = []struct{ pattern, root string }{
	{"/etc/apache2/sites-enabled/*", "/etc/apache2"},
	{"/etc/httpd/conf.d/*.conf", "/etc/httpd"},
	{"/www/server/panel/vhost/apache/*.conf", "/www/server/apache"},
}

// parseApache parses an Apache configuration: one directive a logical
// line (a trailing backslash continues it), "#" comments, <Section>
// blocks. It is lenient like parseNginx.
func parseApache(data []byte) ([]*directive, error) {
	var (
		b   builder
		err error
	)
	fail := func(line int, format string, args ...any) {
		if err == nil {
			err = fmt.Errorf("line %d: "+format, append([]any{line}, args...)...)
		}
	}
	line := 0
	for len(data) > 0 {
		// One logical line.
		start := line + 1
		var logical []byte
		for len(data) > 0 {
			var l []byte
			if i := bytes.IndexByte(data, '\n'); i >= 0 {
				l, data = data[:i], data[i+1:]
			} else {
				l, data = data, nil
			}
			line++
			l = bytes.TrimRight(l, " \t\r")
			if bytes.HasSuffix(l, []byte{'\\'}) {
				logical = append(logical, l[:len(l)-1]...)
				logical = append(logical, ' ')
				continue
			}
			logical = append(logical, l...)
			break
		}
		s := strings.TrimSpace(string(logical))
		if s == "" || s[0] == '#' {
			continue
		}
		if strings.HasPrefix(s, "</") {
			if !b.close() {
				fail(start, "unexpected %s", s)
			}
			continue
		}
		if s[0] == '<' {
			s = strings.TrimSpace(strings.TrimSuffix(s[1:], ">"))
			w := ApacheWords(s)
			if len(w) == 0 {
				fail(start, "empty section")
				continue
			}
			b.open(&directive{name: strings.ToLower(w[0]), args: w[1:], line: start})
			continue
		}
		w := ApacheWords(s)
		if len(w) == 0 {
			continue
		}
		b.add(&directive{name: strings.ToLower(w[0]), args: w[1:], line: start})
	}
	if len(b.stack) > 0 || b.deep > 0 {
		fail(line, "unclosed section at the end")
	}
	return b.top, err
}

// ApacheWords splits a directive line into words, as ap_getword_conf
// does: blanks separate, double or single quotes group, a backslash
// escapes the quote inside quotes.
func ApacheWords(s string) []string {
	var out []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return out
		}
		if q := s[0]; q == '"' || q == '\'' {
			var w strings.Builder
			i := 1
			for ; i < len(s) && s[i] != q; i++ {
				if s[i] == '\\' && i+1 < len(s) && (s[i+1] == q || s[i+1] == '\\') {
					i++
				}
				w.WriteByte(s[i])
			}
			out = append(out, w.String())
			if i >= len(s) {
				return out
			}
			s = s[i+1:]
			continue
		}
		i := strings.IndexAny(s, " \t")
		if i < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i:]
	}
}

// apacheWalk is the state of one walk through an Apache configuration.
type apacheWalk struct {
	root string // ServerRoot, for relative paths
	includes
}

// apache reads the Apache configurations of the target.
func (f *finder) apache() {
	// Each walk has its own include stack; all share the parse cache.
	inc := includes{f: f, server: "apache", parse: parseApache, cache: map[string][]*directive{}}
	for _, m := range apacheMains {
		if _, err := f.src.Stat(m); err != nil {
			continue
		}
		w := &apacheWalk{includes: inc, root: confPrefix(m)}
		w.file(m, nil)
	}
	for _, v := range apacheVhosts {
		for _, n := range f.unseen(v.pattern) {
			w := &apacheWalk{includes: inc, root: v.root}
			w.file(n, nil)
		}
	}
}

// file walks the configuration file name, within a VirtualHost serving
// hosts when hosts is not nil.
func (w *apacheWalk) file(name string, hosts []string) {
	dirs, ok := w.enter(name)
	if !ok {
		return
	}
	w.block(name, dirs, hosts)
	w.leave()
}

// block walks the directives of one section of the file name.
func (w *apacheWalk) block(name string, dirs []*directive, hosts []string) {
	for _, d := range dirs {
		switch d.name {
		case "include", "includeoptional":
			if len(d.args) > 0 {
				w.include(name, d, d.args[0], hosts, d.name == "includeoptional")
			}
		case "serverroot":
			if len(d.args) > 0 && strings.HasPrefix(d.args[0], "/") && !strings.Contains(d.args[0], "$") {
				w.root = path.Clean(d.args[0])
			}
		case "virtualhost":
			var h []string
			for _, c := range d.block {
				if c.name == "servername" || c.name == "serveralias" {
					for _, a := range c.args {
						// ServerName may carry a scheme and a port.
						a = strings.TrimPrefix(strings.TrimPrefix(a, "http://"), "https://")
						if i := strings.LastIndexByte(a, ':'); i > 0 && !strings.Contains(a[i:], "]") {
							a = a[:i]
						}
						h = appendHost(h, a)
					}
				}
			}
			w.block(name, d.block, h)
		case "customlog", "transferlog":
			// CustomLog file format|nickname [env=...]; TransferLog file.
			// A piped log ("|/usr/bin/rotatelogs ...") has no file here.
			if len(d.args) > 0 && !strings.HasPrefix(d.args[0], "|") && !strings.Contains(d.args[0], "$") {
				p := d.args[0]
				if !strings.HasPrefix(p, "/") {
					p = path.Join(w.root, p)
				}
				l := AccessLog{Path: p, Server: "apache",
					Why: fmt.Sprintf("apache: %s:%d %s %s", name, d.line, d.name, short(d.args[0]))}
				if d.name == "customlog" && len(d.args) > 1 {
					l.FormatName = d.args[1]
				}
				w.f.addLog(l)
			}
		case "logformat":
			// LogFormat format [nickname]
			if len(d.args) > 1 {
				w.f.addFormat("apache", d.args[1], d.args[0])
			}
		case "documentroot", "alias", "aliasmatch", "scriptalias", "scriptaliasmatch":
			if len(d.args) == 0 || w.f.candidatesFull() {
				continue
			}
			// DocumentRoot dir; Alias [url] dir: the target is the last word.
			v := d.args[len(d.args)-1]
			if d.name == "documentroot" {
				v = d.args[0]
			}
			w.f.add(candidate{
				path:   targetPath(v, w.root),
				why:    fmt.Sprintf("apache: %s:%d %s %s", name, d.line, apacheName(d.name), short(v)),
				server: "apache",
				hosts:  hosts,
			})
		case "directory", "directorymatch":
			// Access rules, not served trees: not evidence.
		default:
			if d.block != nil {
				w.block(name, d.block, hosts)
			}
		}
	}
}

// apacheName gives a directive's usual spelling, for Why.
func apacheName(lower string) string {
	switch lower {
	case "documentroot":
		return "DocumentRoot"
	case "alias":
		return "Alias"
	case "aliasmatch":
		return "AliasMatch"
	case "scriptalias":
		return "ScriptAlias"
	case "scriptaliasmatch":
		return "ScriptAliasMatch"
	}
	return lower
}

// include follows Include or IncludeOptional: a file, a glob, or a
// directory (all its files, recursively, in order).
func (w *apacheWalk) include(name string, d *directive, pat string, hosts []string, optional bool) {
	if pat == "" || strings.Contains(pat, "$") {
		return
	}
	if !strings.HasPrefix(pat, "/") {
		pat = path.Join(w.root, pat)
	}
	names, err := w.f.glob(pat)
	if err != nil {
		w.f.problem("apache: %s:%d: %w", name, d.line, err)
		return
	}
	for _, n := range names {
		if w.f.isDir(n) {
			w.includeDir(name, n, hosts, 0, map[string]bool{})
			continue
		}
		if _, err := w.f.src.Stat(n); err != nil {
			if !optional && !hasMeta(pat) {
				w.f.problem("apache: %s:%d: Include: %w", name, d.line, err)
			}
			continue
		}
		w.file(n, hosts)
	}
}

// includeDir includes every file under dir.
func (w *apacheWalk) includeDir(name, dir string, hosts []string, depth int, done map[string]bool) {
	canon, err := w.f.src.Resolve(dir)
	if err != nil || done[canon] {
		return // a directory seen already, through a link
	}
	done[canon] = true
	if depth >= MaxIncludeDepth {
		w.f.problem("apache: %s: directories nested more than %d deep, not included", dir, MaxIncludeDepth)
		return
	}
	ents, err := w.f.readDir(dir)
	if err != nil {
		w.f.problem("apache: %s: %w", name, err)
		return
	}
	for _, e := range ents {
		n := path.Join(dir, e)
		if w.f.isDir(n) {
			w.includeDir(name, n, hosts, depth+1, done)
		} else {
			w.file(n, hosts)
		}
	}
}
