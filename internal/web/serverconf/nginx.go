package serverconf

import (
	"regexp"
	"strings"

	"github.com/yingji/yingji/internal/web/darklink"
)

// ndir is an nginx directive.
type ndir struct {
	name  string
	args  []string
	line  int
	block []*ndir
	raw   string // the condition of an if, as written
}

const maxNginxDepth = 32

// parseNginx builds the directive tree (bounded, forgiving).
func parseNginx(src string) []*ndir {
	p := &nparser{s: src, line: 1}
	return p.block(0)
}

type nparser struct {
	s    string
	i    int
	line int
	n    int
}

func (p *nparser) skipSpace() {
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '\n':
			p.line++
			p.i++
		case c == ' ' || c == '\t' || c == '\r':
			p.i++
		case c == '#':
			for p.i < len(p.s) && p.s[p.i] != '\n' {
				p.i++
			}
		default:
			return
		}
	}
}

// word reads one token: a quoted string, {, }, ; or a bare word.
func (p *nparser) word() (string, byte) {
	p.skipSpace()
	if p.i >= len(p.s) {
		return "", 0
	}
	c := p.s[p.i]
	switch c {
	case '{', '}', ';':
		p.i++
		return string(c), c
	case '"', '\'':
		var b strings.Builder
		p.i++
		for p.i < len(p.s) && p.s[p.i] != c {
			if p.s[p.i] == '\\' && p.i+1 < len(p.s) {
				if p.s[p.i+1] == c {
					p.i++
				} else {
					b.WriteByte('\\')
					p.i++
				}
			}
			if p.s[p.i] == '\n' {
				p.line++
			}
			b.WriteByte(p.s[p.i])
			p.i++
		}
		p.i++
		return b.String(), 'q'
	}
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '{' || c == '}' {
			break
		}
		if c == '\\' && p.i+1 < len(p.s) {
			p.i++
		}
		p.i++
	}
	return p.s[start:p.i], 'w'
}

func (p *nparser) block(depth int) []*ndir {
	var out []*ndir
	for p.i < len(p.s) && p.n < 100_000 {
		w, k := p.word()
		switch k {
		case 0:
			return out
		case '}':
			return out
		case ';', '{':
			if k == '{' && depth < maxNginxDepth {
				p.block(depth + 1) // an anonymous block
			}
			continue
		}
		d := &ndir{name: strings.ToLower(w), line: p.line}
		p.n++
		if d.name == "if" {
			// the condition up to its {, parentheses and quotes kept
			p.skipSpace()
			start := p.i
			q := byte(0)
			for p.i < len(p.s) {
				c := p.s[p.i]
				if q != 0 {
					if c == '\\' {
						p.i++
					} else if c == q {
						q = 0
					}
				} else if c == '"' || c == '\'' {
					q = c
				} else if c == '{' || c == ';' {
					break
				}
				if p.i < len(p.s) && p.s[p.i] == '\n' {
					p.line++
				}
				p.i++
			}
			d.raw = strings.TrimSpace(p.s[start:min(p.i, len(p.s))])
			if p.i < len(p.s) && p.s[p.i] == '{' {
				p.i++
				if depth < maxNginxDepth {
					d.block = p.block(depth + 1)
				}
			} else if p.i < len(p.s) {
				p.i++
			}
			out = append(out, d)
			continue
		}
		for {
			w, k := p.word()
			if k == 0 || k == ';' || k == '}' {
				break
			}
			if k == '{' {
				if depth < maxNginxDepth {
					d.block = p.block(depth + 1)
				} else {
					d.block = nil
				}
				break
			}
			d.args = append(d.args, w)
		}
		out = append(out, d)
	}
	return out
}

var ifRe = regexp.MustCompile(`^\(\s*(\$[A-Za-z0-9_]+)\s*(?:(!?~\*?|!?=)\s*(.*?))?\s*\)$`)

// nginx reads nginx configuration.
func (a *analyzer) nginx() {
	tree := parseNginx(a.src)
	maps := map[string]cond{} // map variables that select spiders or search engines
	var collect func(ds []*ndir, depth int)
	collect = func(ds []*ndir, depth int) {
		for _, d := range ds {
			if d.name == "map" && len(d.args) >= 2 {
				if hd := headerOf(d.args[0]); hd != "" {
					var pats []string
					for _, e := range d.block {
						if e.name != "default" && e.name != "hostnames" && len(e.args) > 0 && e.args[0] != "0" && e.args[0] != "''" && e.args[0] != "" {
							pats = append(pats, strings.TrimLeft(e.name, "~*"))
						}
					}
					if len(pats) > 0 {
						maps[d.args[1]] = cond{line: d.line, header: hd, pattern: strings.Join(pats, "|")}
					}
				}
			}
			if depth < maxNginxDepth {
				collect(d.block, depth+1)
			}
		}
	}
	collect(tree, 0)
	var walk func(ds []*ndir, hosts []string, conds []cond, depth int)
	walk = func(ds []*ndir, hosts []string, conds []cond, depth int) {
		if depth > maxNginxDepth {
			return
		}
		// the server block's names first
		for _, d := range ds {
			if d.name == "server_name" {
				for _, h := range d.args {
					if h = strings.ToLower(strings.TrimPrefix(h, "*.")); h != "" && h != "_" && !strings.ContainsAny(h, "*~^$") {
						hosts = append(hosts, h)
					}
				}
			}
		}
		for _, d := range ds {
			switch d.name {
			case "if":
				c := conds
				if m := ifRe.FindStringSubmatch(d.raw); m != nil {
					op, pat := m[2], strings.Trim(m[3], `"'`)
					if hd := headerOf(m[1]); hd != "" && op != "" {
						c = append(append([]cond(nil), conds...), cond{line: d.line, header: hd, pattern: pat, negated: strings.HasPrefix(op, "!")})
					} else if mc, ok := maps[m[1]]; ok {
						neg := op == "=" && (pat == "0" || pat == "") || op == "!=" && pat != "0" && pat != ""
						mc.line = d.line
						mc.negated = neg
						c = append(append([]cond(nil), conds...), mc)
					}
				}
				walk(d.block, hosts, c, depth+1)
			case "rewrite":
				if len(d.args) >= 2 {
					act := action{line: d.line, target: d.args[1], kind: "rewrite"}
					if len(d.args) >= 3 && (d.args[2] == "redirect" || d.args[2] == "permanent") {
						act.kind = "redirect"
					}
					a.judgeRule(conds, act, hosts)
				}
			case "return":
				if len(d.args) >= 1 {
					act := action{line: d.line, kind: "return"}
					code := d.args[0]
					if len(d.args) >= 2 {
						act.target = d.args[1]
					} else if strings.Contains(code, "/") {
						act.target, code = code, "302"
					}
					switch code {
					case "400", "401", "403", "404", "405", "410", "418", "429", "444", "499", "503":
						act.block = true
					}
					if strings.HasPrefix(code, "2") {
						act.target = "" // a text body
					}
					a.judgeRule(conds, act, hosts)
				}
			case "proxy_pass", "fastcgi_pass":
				if len(d.args) >= 1 && len(conds) > 0 {
					a.judgeRule(conds, action{line: d.line, target: d.args[0], kind: "proxy"}, hosts)
				}
			case "error_page":
				if len(d.args) >= 2 {
					a.errorDocument(d.args[len(d.args)-1], d.line, hosts)
				}
			case "sub_filter":
				if len(d.args) >= 2 {
					a.injectedHTML(d.args[1], d.line, SubFilter, hosts)
				}
			case "add_before_body", "add_after_body":
				if len(d.args) >= 1 && oddPathRe.MatchString(d.args[0]) {
					a.add(Hit{Kind: KindConfigInjection, Technique: SubFilter, Level: darklink.High, Line: d.line, Target: d.args[0],
						Detail: d.name + " adds a file in a temporary or hidden place to every page"})
				}
			default:
				if len(d.block) > 0 {
					walk(d.block, hosts, conds, depth+1)
				}
			}
		}
	}
	walk(tree, append([]string(nil), a.opt.SiteHosts...), nil, 0)
}
