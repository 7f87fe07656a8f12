package webroot

import (
	"fmt"
	"path"
	"strings"
)

// nginxMains are the main configuration files of the usual nginx installs:
// distributions, source builds, the BT-panel and OpenResty.
var nginxMains = []string{
	"etc/nginx/nginx.conf",
	"usr/local/nginx/conf/nginx.conf",
	"usr/local/etc/nginx/nginx.conf",
	"www/server/nginx/conf/nginx.conf",
	"usr/local/openresty/nginx/conf/nginx.conf",
	"opt/nginx/conf/nginx.conf",
}

// nginxVhosts are vhost files read on their own too, as if included in
// the http block, when the main configuration did not include them (or is
// missing, as in a partial copy).
var nginxVhosts = []string{
	"/etc/nginx/conf.d/*.conf",
	"/etc/nginx/sites-enabled/*",
	"/www/server/panel/vhost/nginx/*.conf",
	"/usr/local/nginx/conf/vhost/*.conf",
}

// nginxPrefix guesses the nginx prefix (where relative root paths start)
// for the main configuration name: /usr/share/nginx for the distributions'
// /etc/nginx, the parent of a conf directory for source builds.
func nginxPrefix(name string) string {
	if path.Dir(abs(name)) == "/etc/nginx" {
		return "/usr/share/nginx"
	}
	return confPrefix(name)
}

// parseNginx parses an nginx configuration. It is lenient: a problem is
// reported but what could be parsed is returned, unclosed blocks are closed
// at the end and a last directive without its ";" is dropped.
func parseNginx(data []byte) ([]*directive, error) {
	var (
		b     builder
		words []string
		wline int // line of the first word
		line  = 1
		err   error
		word  []byte
		in    bool // inside a word
	)
	fail := func(format string, args ...any) {
		if err == nil {
			err = fmt.Errorf("line %d: "+format, append([]any{line}, args...)...)
		}
	}
	endWord := func() {
		if in {
			if len(words) == 0 {
				wline = line
			}
			words = append(words, string(word))
			word = word[:0]
			in = false
		}
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			endWord()
			line++
		case c == ' ' || c == '\t' || c == '\r':
			endWord()
		case c == '#' && !in:
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i-- // the newline is counted by the loop
		case (c == '"' || c == '\'') && !in:
			if len(words) == 0 {
				wline = line
			}
			in = true
			j := i + 1
			for ; j < len(data) && data[j] != c; j++ {
				if data[j] == '\n' {
					line++
				}
				if data[j] == '\\' && j+1 < len(data) {
					j++
					switch data[j] {
					case '"', '\'', '\\':
					case 't':
						word = append(word, '\t')
						continue
					case 'n':
						word = append(word, '\n')
						continue
					case 'r':
						word = append(word, '\r')
						continue
					default:
						word = append(word, '\\')
					}
					if data[j] == '\n' {
						line++
					}
				}
				word = append(word, data[j])
			}
			if j >= len(data) {
				fail("unterminated quote")
				word = word[:0]
				in = false
				i = j
				continue
			}
			i = j
			// A quoted string is a whole word, even with empty content.
			if len(words) == 0 {
				wline = line
			}
			words = append(words, string(word))
			word = word[:0]
			in = false
		case c == '{' && in && len(word) > 0 && word[len(word)-1] == '$':
			// ${variable}: part of the word.
			for i < len(data) && data[i] != '}' && data[i] != '\n' {
				word = append(word, data[i])
				i++
			}
			if i < len(data) && data[i] == '}' {
				word = append(word, '}')
			} else {
				i--
			}
		case c == ';' || c == '{':
			endWord()
			if len(words) == 0 {
				fail("unexpected %q", c)
				continue
			}
			d := &directive{name: words[0], args: words[1:], line: wline}
			words = nil
			if c == ';' {
				b.add(d)
			} else {
				b.open(d)
			}
		case c == '}':
			endWord()
			if len(words) > 0 {
				fail("directive %q without \";\"", words[0])
				words = nil
			}
			if !b.close() {
				fail("unexpected \"}\"")
			}
		default:
			in = true
			word = append(word, c)
		}
	}
	endWord()
	if len(words) > 0 {
		fail("directive %q without \";\" at the end", words[0])
	}
	if len(b.stack) > 0 || b.deep > 0 {
		fail("unclosed block at the end")
	}
	return b.top, err
}

// nginxWalk is the state of one walk through an nginx configuration.
type nginxWalk struct {
	prefix string // installation prefix, for relative root paths
	conf   string // configuration directory, for relative includes
	includes
}

// nginx reads the nginx configurations of the target.
func (f *finder) nginx() {
	// Each walk has its own include stack; all share the parse cache.
	inc := includes{f: f, server: "nginx", parse: parseNginx, cache: map[string][]*directive{}}
	for _, m := range nginxMains {
		if _, err := f.src.Stat(m); err != nil {
			continue
		}
		w := &nginxWalk{includes: inc, prefix: nginxPrefix(m), conf: path.Dir(abs(m))}
		w.file(m, nil)
	}
	for _, pat := range nginxVhosts {
		for _, n := range f.unseen(pat) {
			main := "etc/nginx/nginx.conf"
			if strings.HasPrefix(n, "usr/local/nginx/") {
				main = "usr/local/nginx/conf/nginx.conf"
			} else if strings.HasPrefix(n, "www/server/") {
				main = "www/server/nginx/conf/nginx.conf"
			}
			w := &nginxWalk{includes: inc, prefix: nginxPrefix(main), conf: path.Dir(abs(main))}
			w.file(n, nil)
		}
	}
}

// file walks the configuration file name (root-relative, as named by its
// includer), within a server block serving hosts when hosts is not nil.
func (w *nginxWalk) file(name string, hosts []string) {
	dirs, ok := w.enter(name)
	if !ok {
		return
	}
	w.block(name, dirs, hosts)
	w.leave()
}

// block walks the directives of one block of the file name.
func (w *nginxWalk) block(name string, dirs []*directive, hosts []string) {
	for _, d := range dirs {
		switch d.name {
		case "include":
			for _, a := range d.args {
				w.include(name, d, a, hosts)
			}
		case "server":
			if d.block == nil {
				continue
			}
			var h []string
			for _, c := range d.block {
				if c.name == "server_name" {
					for _, a := range c.args {
						if a != "_" {
							h = appendHost(h, a)
						}
					}
				}
			}
			w.block(name, d.block, h)
		case "access_log":
			// access_log path [format [buffer=...]]; "off" and syslog
			// destinations have no file.
			if len(d.args) > 0 && d.args[0] != "off" && !strings.HasPrefix(d.args[0], "syslog:") && !strings.Contains(d.args[0], "$") {
				l := AccessLog{Path: targetPath(d.args[0], w.prefix), Server: "nginx",
					Why: fmt.Sprintf("nginx: %s:%d access_log %s", name, d.line, short(d.args[0]))}
				if len(d.args) > 1 && !strings.Contains(d.args[1], "=") {
					l.FormatName = d.args[1]
				}
				w.f.addLog(l)
			}
		case "log_format":
			// log_format name [escape=...] 'string' ...: the strings are
			// joined.
			if len(d.args) > 1 {
				parts := d.args[1:]
				if strings.HasPrefix(parts[0], "escape=") {
					parts = parts[1:]
				}
				w.f.addFormat("nginx", d.args[0], strings.Join(parts, ""))
			}
		case "root", "alias":
			if len(d.args) == 0 || w.f.candidatesFull() {
				continue
			}
			w.f.add(candidate{
				path:   targetPath(d.args[0], w.prefix),
				why:    fmt.Sprintf("nginx: %s:%d %s %s", name, d.line, d.name, short(d.args[0])),
				server: "nginx",
				hosts:  hosts,
			})
		default:
			if d.block != nil {
				w.block(name, d.block, hosts)
			}
		}
	}
}

// include follows one include pattern of directive d in file name.
func (w *nginxWalk) include(name string, d *directive, pat string, hosts []string) {
	if pat == "" || strings.Contains(pat, "$") {
		return
	}
	if !strings.HasPrefix(pat, "/") {
		pat = path.Join(w.conf, pat)
	}
	names, err := w.f.glob(pat)
	if err != nil {
		w.f.problem("nginx: %s:%d: %w", name, d.line, err)
		return
	}
	for _, n := range names {
		if !hasMeta(pat) {
			if _, err := w.f.src.Stat(n); err != nil {
				w.f.problem("nginx: %s:%d: include: %w", name, d.line, err)
				continue
			}
		}
		if w.f.isDir(n) {
			continue
		}
		w.file(n, hosts)
	}
}
