package darklink

import (
	"regexp"
	"strings"
)

// Known libraries: a minified build of a popular library starts with its
// banner comment (name and version). The library's code is one top-level
// statement (its UMD or IIFE wrapper), sometimes a few; code after the
// largest of them was appended to the file. Appended code that writes a
// script, an iframe or links, or loads another host, is a trojanised
// library (挂马 in a shared script that every page loads).

var bannerRe = regexp.MustCompile(`(?i)^\s*(?:/\*[!*]?[\s*]*(?:@license\s+)?|//\s*)` +
	`(jquery ui|jquery|bootstrap|vue\.js|vue|react-dom|react|lodash|underscore\.js|underscore|moment\.js|moment|swiper|layui|axios|echarts|popper\.js|popper|zepto\.js|zepto|angular(?:js)?|three\.js|d3|require\.?js|sea\.?js|jquery\.validate|jquery-migrate|jquery migrate|modernizr|html5shiv|respond\.js|chart\.js|select2|fancybox|wow\.js|animate\.css|layer)` +
	`(?:\s+javascript library)?[\s,:-]*(?:-\s*)?v?(\d+\.\d+(?:\.\d+)?(?:[-.][0-9a-z.]+)?)`)

// vendorBanner names the library a script file is, from its banner
// comment in its first 512 bytes ("jQuery 3.7.1"), or "".
func vendorBanner(data []byte) string {
	head := data
	if len(head) > 512 {
		head = head[:512]
	}
	m := bannerRe.FindSubmatch(head)
	if m == nil {
		return ""
	}
	return string(m[1]) + " " + string(m[2])
}

// libraryEnd returns the byte offset where the library's code ends: the
// end of its largest top-level statement when that is most of the file
// (a library whose wrapper follows a guard statement), else the end of
// its first statement.
func libraryEnd(code string, toks []jtok) int {
	depth := 0
	start := -1 // start of the current statement (byte offset)
	bestLen, bestEnd, firstEnd := -1, -1, -1
	prevClose := false // the previous token may end an expression
	end := func(at int) {
		if start >= 0 && firstEnd < 0 {
			firstEnd = at
		}
		if start >= 0 && at-start > bestLen {
			bestLen, bestEnd = at-start, at
		}
		start = -1
	}
	for k, t := range toks {
		if depth == 0 && start >= 0 && prevClose && k > 0 && strings.Contains(code[toks[k-1].pos:t.pos], "\n") &&
			(t.kind == 'i' && t.val != "in" && t.val != "instanceof" || t.kind == 's' || t.kind == 'n') {
			end(toks[k-1].pos + tokLen(code, toks[k-1]))
		}
		if start < 0 && !(t.kind == 'p' && t.val == ";") {
			start = t.pos
		}
		prevClose = false
		switch {
		case t.kind == 'p' && (t.val == "(" || t.val == "[" || t.val == "{" || t.val == "${"):
			depth++
		case t.kind == 'p' && (t.val == ")" || t.val == "]" || t.val == "}"):
			if depth > 0 {
				depth--
			}
			prevClose = depth == 0
		case t.kind == 'p' && t.val == ";" && depth == 0:
			end(t.pos + 1)
		case t.kind == 'i' || t.kind == 's' || t.kind == 'n' || t.kind == 'r':
			prevClose = true
		}
	}
	end(len(code))
	if bestLen*2 >= len(code) && bestEnd > firstEnd {
		return bestEnd
	}
	return firstEnd
}

// tokLen is a token's length in the source (for the ends of statements).
func tokLen(code string, t jtok) int {
	if t.kind == 'p' || t.kind == 'i' {
		return len(t.val)
	}
	// strings, numbers, regexes: up to the next token is close enough
	return 1
}

// vendor looks at the code after a known library's end.
func (a *analyzer) vendor(lib, code string) {
	toks := lexJS(code)
	if len(toks) == 0 || len(toks) >= maxTokens {
		return
	}
	endAt := libraryEnd(code, toks)
	if endAt < 0 || endAt >= len(code) {
		return
	}
	trailer := code[endAt:]
	if strings.TrimSpace(strings.TrimLeft(trailer, "; \t\r\n")) == "" {
		return
	}
	line := 1 + strings.Count(code[:endAt], "\n")
	f := scanScript(trailer, line)
	var hosts []string
	var steps []string
	add := func(u string, st []string) {
		h := hostOf(u)
		if h == "" || sameSite(h, a.opt.SiteHosts) || allowed(h, a.opt.Allow) {
			return
		}
		hosts = appendUniq(hosts, h, maxHosts)
		for _, s := range st {
			steps = appendUniq(steps, s, 8)
		}
	}
	first := 0
	for _, inj := range f.injections {
		frag := parseTree([]byte(inj.html), inj.line)
		walk(frag, func(n *node) bool {
			switch n.tag {
			case "script", "iframe", "frame", "img", "embed", "object":
				add(n.attrs["src"], inj.steps)
			case "a", "link", "form":
				add(n.attrs["href"]+n.attrs["action"], inj.steps)
			}
			return true
		})
		if len(hosts) > 0 && first == 0 {
			first = inj.line
		}
	}
	for _, group := range [][]urlUse{f.srcs, f.fetches, f.redirects} {
		for _, u := range group {
			n := len(hosts)
			add(u.url, u.steps)
			if len(hosts) > n && first == 0 {
				first = u.line
			}
		}
	}
	if len(hosts) == 0 {
		// a trailer that only names another host while creating a
		// script or writing HTML
		if f.createsScript || f.writesHTML {
			for _, m := range urlRe.FindAllString(trailer, 16) {
				add(m, nil)
			}
		}
		first = line
	}
	if len(hosts) == 0 {
		return
	}
	a.add(Hit{Kind: KindScript, Technique: "appended-code", Level: High, Line: first, Hosts: hosts, Steps: steps,
		Injected: true, Excerpt: Clip(strings.TrimSpace(strings.TrimLeft(trailer, "; \t\r\n")), MaxExcerpt),
		Detail: "appended code after a known library (" + lib + ", which ends at line " + itoa(line) + ")"})
}

var urlRe = regexp.MustCompile(`(?i)(?:https?:)?//[a-z0-9][a-z0-9.\-]*\.[a-z]{2,}[^\s'"<>\\]*`)

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	if n == 0 {
		return "0"
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
