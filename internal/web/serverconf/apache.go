package serverconf

import (
	"strings"

	"github.com/yingji/yingji/internal/web/darklink"
	"github.com/yingji/yingji/internal/webroot"
)

// apache reads Apache configuration and .htaccess files.
func (a *analyzer) apache() {
	hosts := append([]string(nil), a.opt.SiteHosts...)
	type line struct {
		n     int
		words []string
	}
	var lines []line
	raw := strings.Split(a.src, "\n")
	for i := 0; i < len(raw); i++ {
		n := i + 1
		s := strings.TrimSpace(strings.TrimSuffix(raw[i], "\r"))
		for strings.HasSuffix(s, "\\") && i+1 < len(raw) { // continuation
			i++
			s = strings.TrimSuffix(s, "\\") + " " + strings.TrimSpace(raw[i])
		}
		if s == "" || s[0] == '#' {
			continue
		}
		w := webroot.ApacheWords(s)
		if len(w) == 0 {
			continue
		}
		lines = append(lines, line{n, w})
		switch strings.ToLower(w[0]) {
		case "servername", "serveralias":
			for _, h := range w[1:] {
				if i := strings.IndexByte(h, ':'); i >= 0 {
					h = h[:i]
				}
				if h = strings.ToLower(strings.TrimPrefix(h, "*.")); h != "" && !strings.ContainsAny(h, "*?") {
					hosts = append(hosts, h)
				}
			}
		}
	}
	var conds []cond
	for _, l := range lines {
		w := l.words
		switch strings.ToLower(w[0]) {
		case "<virtualhost", "</virtualhost>", "<directory", "</directory>", "<ifmodule", "</ifmodule>", "<location", "</location>", "<files", "</files>":
			conds = nil
		case "rewritecond":
			if len(w) < 3 {
				continue
			}
			if hd := headerOf(w[1]); hd != "" {
				p := w[2]
				neg := strings.HasPrefix(p, "!")
				conds = append(conds, cond{line: l.n, header: hd, pattern: strings.TrimPrefix(p, "!"), negated: neg})
			}
		case "rewriterule":
			if len(w) < 3 {
				conds = nil
				continue
			}
			flags := ""
			if len(w) > 3 {
				flags = strings.ToUpper(w[3])
			}
			act := action{line: l.n, target: w[2], kind: "rewrite"}
			if flagSet(flags, "F") || flagSet(flags, "G") || strings.Contains(flags, "R=403") || strings.Contains(flags, "R=404") || strings.Contains(flags, "R=410") {
				act.block = true
			}
			if flagSet(flags, "P") {
				act.kind = "proxy"
			} else if strings.Contains(flags, "R") {
				act.kind = "redirect"
			}
			a.judgeRule(conds, act, hosts)
			if !flagSet(flags, "C") {
				conds = nil
			}
		case "errordocument":
			if len(w) >= 3 {
				a.errorDocument(w[2], l.n, hosts)
			}
		case "header":
			// Header [condition] set|append|add Refresh|Location value
			for i := 1; i+2 < len(w); i++ {
				op := strings.ToLower(w[i])
				if op != "set" && op != "append" && op != "add" && op != "always" {
					continue
				}
				name := strings.ToLower(w[i+1])
				if name == "refresh" || name == "location" {
					if h := urlHost(w[i+2]); h != "" && !sameSiteOrVar(h, hosts) {
						a.add(Hit{Kind: KindConfigInjection, Technique: HeaderInjected, Level: darklink.Medium, Line: l.n, Hosts: []string{h},
							Target: w[i+2], Detail: "a response header sends visitors to another host"})
					}
				}
				break
			}
		case "substitute":
			if len(w) >= 2 {
				if repl, ok := substituteRepl(w[1]); ok {
					a.injectedHTML(repl, l.n, SubFilter, hosts)
				}
			}
		}
	}
}

// flagSet reports a RewriteRule flag ([R=302,L]).
func flagSet(flags, f string) bool {
	flags = strings.Trim(flags, "[]")
	for _, x := range strings.Split(flags, ",") {
		x = strings.TrimSpace(x)
		if i := strings.IndexByte(x, '='); i >= 0 {
			x = x[:i]
		}
		if x == f {
			return true
		}
	}
	return false
}

// substituteRepl returns the replacement of a mod_substitute expression
// (s|pattern|replacement|flags, any delimiter).
func substituteRepl(e string) (string, bool) {
	if len(e) < 4 || e[0] != 's' {
		return "", false
	}
	d := string(e[1])
	parts := strings.Split(e[2:], d)
	if len(parts) < 2 {
		return "", false
	}
	return parts[1], true
}

// urlHost is the host of a URL in a header value ("0; url=http://x/").
func urlHost(v string) string {
	if i := strings.Index(strings.ToLower(v), "url="); i >= 0 {
		v = v[i+4:]
	}
	return strings.TrimSpace(hostOrEmpty(v))
}

func hostOrEmpty(v string) string {
	return hostOf(strings.Trim(strings.TrimSpace(v), `'"`))
}

func sameSiteOrVar(h string, hosts []string) bool {
	return strings.ContainsAny(h, "%$") || sameSite(h, hosts)
}
