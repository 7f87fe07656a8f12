package darklink

import (
	"math"
	"strconv"
	"strings"
)

// A small CSS reader: enough of the cascade to know whether an element is
// hidden. Rules come from <style> blocks of the same file (and strings a
// script writes as a style sheet); selectors are compounds of tag, #id and
// .class joined by descendant or child combinators. A selector with a
// pseudo-class, attribute or sibling combinator is skipped: it does not
// apply to the page as loaded (":hover" menus are shown on demand).

type compound struct {
	tag     string // "" or "*" for any
	id      string
	classes []string
	child   bool // the combinator to the compound on its left is ">"
}

type selector struct {
	parts []compound // left to right
	spec  int        // ids*10000 + classes*100 + tags
}

type decl struct {
	prop, value string
	important   bool
}

type rule struct {
	sel    selector
	decls  []decl
	order  int
	origin string // "style", "js-style" or "link"
	file   string // the linked style sheet (origin "link")
	line   int
}

type sheet struct {
	rules []*rule
	// index by the rightmost compound: "#id", ".class", "tag", "*"
	index map[string][]*rule
}

func newSheet() *sheet { return &sheet{index: map[string][]*rule{}} }

const maxRules = 20_000

// props the analysis reads; others are dropped when parsing.
var wantProps = map[string]bool{"display": true, "visibility": true, "opacity": true, "position": true, "left": true,
	"top": true, "right": true, "bottom": true, "width": true, "height": true, "max-height": true, "max-width": true,
	"overflow": true, "overflow-x": true, "overflow-y": true, "font-size": true, "line-height": true, "clip": true,
	"clip-path": true, "text-indent": true, "color": true, "background": true, "background-color": true,
	"background-image": true, "margin-left": true, "margin-top": true, "transform": true}

func stripComments(s string) string {
	if !strings.Contains(s, "/*") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "/*")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		// keep newlines for line counting
		rest := s[i+2:]
		j := strings.Index(rest, "*/")
		if j < 0 {
			b.WriteString(strings.Repeat("\n", strings.Count(rest, "\n")))
			break
		}
		b.WriteString(strings.Repeat("\n", strings.Count(rest[:j], "\n")))
		s = rest[j+2:]
	}
	return b.String()
}

// add parses css (from line base) into the sheet.
func (sh *sheet) add(css string, base int, origin string) {
	sh.parseBlock(stripComments(css), base, origin, "", 0)
}

// addFile parses a linked style sheet.
func (sh *sheet) addFile(css, file string) {
	sh.parseBlock(stripComments(css), 1, "link", file, 0)
}

func (sh *sheet) parseBlock(s string, line int, origin, file string, depth int) {
	for len(s) > 0 && len(sh.rules) < maxRules {
		open := strings.IndexByte(s, '{')
		semi := strings.IndexByte(s, ';')
		if open < 0 {
			return
		}
		prelude := s[:open]
		if semi >= 0 && semi < open && strings.HasPrefix(strings.TrimSpace(s[:semi]), "@") {
			// @import, @charset …
			line += strings.Count(s[:semi+1], "\n")
			s = s[semi+1:]
			continue
		}
		// find the matching close brace
		d, end := 0, -1
		for i := open; i < len(s); i++ {
			if s[i] == '{' {
				d++
			} else if s[i] == '}' {
				d--
				if d == 0 {
					end = i
					break
				}
			}
		}
		if end < 0 {
			end = len(s)
		}
		body := s[open+1 : end]
		preLines := strings.Count(prelude, "\n")
		ruleLine := line + preLines
		p := strings.TrimSpace(prelude)
		if strings.HasPrefix(p, "@") {
			if depth < 4 && atRuleApplies(p) {
				sh.parseBlock(body, ruleLine, origin, file, depth+1)
			}
		} else {
			decls := parseDecls(body)
			if len(decls) > 0 {
				for _, one := range strings.Split(p, ",") {
					sel, ok := parseSelector(one)
					if !ok {
						continue
					}
					r := &rule{sel: sel, decls: decls, order: len(sh.rules), origin: origin, file: file, line: ruleLine}
					sh.rules = append(sh.rules, r)
					last := sel.parts[len(sel.parts)-1]
					key := "*"
					switch {
					case last.id != "":
						key = "#" + last.id
					case len(last.classes) > 0:
						key = "." + last.classes[0]
					case last.tag != "" && last.tag != "*":
						key = last.tag
					}
					sh.index[key] = append(sh.index[key], r)
				}
			}
		}
		if end >= len(s) {
			return
		}
		line += strings.Count(s[:end+1], "\n")
		s = s[end+1:]
	}
}

// atRuleApplies: @media for every screen applies; @media print and
// queries on the viewport (a menu hidden on phones) do not, nor do
// @keyframes, @font-face and the like.
func atRuleApplies(p string) bool {
	p = strings.ToLower(p)
	switch {
	case strings.HasPrefix(p, "@media"):
		q := strings.TrimSpace(p[len("@media"):])
		for _, bad := range []string{"print", "width", "height", "orientation", "hover", "pointer", "not ", "speech", "prefers"} {
			if strings.Contains(q, bad) {
				return false
			}
		}
		return true
	case strings.HasPrefix(p, "@supports"), strings.HasPrefix(p, "@layer"):
		return true
	}
	return false
}

func parseDecls(body string) []decl {
	var out []decl
	for _, d := range strings.Split(body, ";") {
		k, v, ok := strings.Cut(d, ":")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		if !wantProps[k] {
			continue
		}
		v = strings.ToLower(strings.TrimSpace(v))
		imp := false
		if i := strings.Index(v, "!important"); i >= 0 {
			imp, v = true, strings.TrimSpace(v[:i])
		}
		out = append(out, decl{k, v, imp})
		if len(out) > 64 {
			break
		}
	}
	return out
}

func isIdentByte(c byte) bool {
	return c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func parseSelector(s string) (selector, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, ":[+~\\") {
		return selector{}, false
	}
	var sel selector
	child := false
	for _, tok := range strings.Fields(strings.ReplaceAll(s, ">", " > ")) {
		if tok == ">" {
			child = true
			continue
		}
		c := compound{child: child}
		child = false
		i := 0
		for i < len(tok) {
			switch tok[i] {
			case '#', '.':
				kind := tok[i]
				j := i + 1
				for j < len(tok) && isIdentByte(tok[j]) {
					j++
				}
				name := tok[i+1 : j]
				if name == "" {
					return selector{}, false
				}
				if kind == '#' {
					c.id = name
					sel.spec += 10000
				} else {
					c.classes = append(c.classes, strings.ToLower(name))
					sel.spec += 100
				}
				i = j
			case '*':
				c.tag = "*"
				i++
			default:
				j := i
				for j < len(tok) && isIdentByte(tok[j]) {
					j++
				}
				if j == i {
					return selector{}, false
				}
				c.tag = strings.ToLower(tok[i:j])
				sel.spec++
				i = j
			}
		}
		sel.parts = append(sel.parts, c)
		if len(sel.parts) > 16 {
			return selector{}, false
		}
	}
	if len(sel.parts) == 0 || sel.parts[0].child {
		return selector{}, false
	}
	return sel, true
}

func (c *compound) matches(n *node) bool {
	if n == nil || n.tag == "#root" {
		return false
	}
	if c.tag != "" && c.tag != "*" && c.tag != n.tag {
		return false
	}
	if c.id != "" && n.attrs["id"] != c.id {
		return false
	}
	for _, want := range c.classes {
		found := false
		for _, h := range n.classes {
			if h == want {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (s *selector) matches(n *node) bool {
	budget := 4096 // bounds backtracking over ancestors ("a a a a b")
	return matchFrom(s.parts, len(s.parts)-1, n, &budget)
}

func matchFrom(parts []compound, i int, n *node, budget *int) bool {
	if *budget--; *budget < 0 || !parts[i].matches(n) {
		return false
	}
	if i == 0 {
		return true
	}
	if parts[i].child {
		return matchFrom(parts, i-1, n.parent, budget)
	}
	for p := n.parent; p != nil && *budget > 0; p = p.parent {
		if matchFrom(parts, i-1, p, budget) {
			return true
		}
	}
	return false
}

type styled struct {
	value string
	imp   bool
	spec  int // inline = 1<<30
	order int
	js    bool
	file  string // the linked style sheet of the rule, if any
	line  int    // the rule's line in it
}

// computeOwn returns the declared values of the properties on n: style
// sheet rules by importance, specificity and order, the inline style
// above non-important sheet rules, styles set by a script last.
func (sh *sheet) computeOwn(n *node) map[string]styled {
	out := map[string]styled{}
	set := func(p string, v styled) {
		old, ok := out[p]
		if !ok || v.imp && !old.imp || v.imp == old.imp && (v.spec > old.spec || v.spec == old.spec && v.order >= old.order) {
			out[p] = v
		}
	}
	var keys []string
	if id := n.attrs["id"]; id != "" {
		keys = append(keys, "#"+id)
	}
	for _, c := range n.classes {
		keys = append(keys, "."+c)
	}
	keys = append(keys, n.tag, "*")
	seen := map[*rule]bool{}
	for _, k := range keys {
		for _, r := range sh.index[k] {
			if seen[r] {
				continue
			}
			seen[r] = true
			if !r.sel.matches(n) {
				continue
			}
			for _, d := range r.decls {
				set(d.prop, styled{value: d.value, imp: d.important, spec: r.sel.spec, order: r.order, js: r.origin == "js-style", file: r.file, line: r.line})
			}
		}
	}
	if st, ok := n.attrs["style"]; ok {
		for _, d := range parseDecls(st) {
			set(d.prop, styled{value: d.value, imp: d.important, spec: 1 << 30})
		}
	}
	return out
}

// length parses a CSS length in px (em and rem taken as 16px); ok is false
// for percentages, auto and the like.
func length(v string) (float64, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	mult := 1.0
	switch {
	case strings.HasSuffix(v, "px"):
		v = v[:len(v)-2]
	case strings.HasSuffix(v, "rem"):
		v, mult = v[:len(v)-3], 16
	case strings.HasSuffix(v, "em"):
		v, mult = v[:len(v)-2], 16
	case strings.HasSuffix(v, "pt"):
		v, mult = v[:len(v)-2], 4.0/3
	case strings.HasSuffix(v, "cm"):
		v, mult = v[:len(v)-2], 37.8
	case strings.HasSuffix(v, "in"):
		v, mult = v[:len(v)-2], 96
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f * mult, true
}

// htmlLength parses a width/height attribute ("0", "1px").
func htmlLength(v string) (float64, bool) {
	v = strings.TrimSpace(strings.ToLower(v))
	if strings.HasSuffix(v, "%") {
		return 0, false
	}
	return length(v)
}

// colour parses #rgb, #rrggbb, rgb()/rgba() and a few names.
func colour(v string) (r, g, b float64, ok bool) {
	v = strings.TrimSpace(strings.ToLower(v))
	switch v {
	case "white":
		return 255, 255, 255, true
	case "black":
		return 0, 0, 0, true
	}
	if strings.HasPrefix(v, "#") {
		h := v[1:]
		if len(h) == 3 || len(h) == 4 {
			h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
		}
		if len(h) == 8 {
			h = h[:6]
		}
		if len(h) != 6 {
			return 0, 0, 0, false
		}
		n, err := strconv.ParseUint(h, 16, 32)
		if err != nil {
			return 0, 0, 0, false
		}
		return float64(n >> 16 & 255), float64(n >> 8 & 255), float64(n & 255), true
	}
	if strings.HasPrefix(v, "rgb") {
		i, j := strings.IndexByte(v, '('), strings.IndexByte(v, ')')
		if i < 0 || j < i {
			return 0, 0, 0, false
		}
		f := strings.FieldsFunc(v[i+1:j], func(r rune) bool { return r == ',' || r == ' ' || r == '/' })
		if len(f) < 3 {
			return 0, 0, 0, false
		}
		if len(f) == 4 {
			if a, err := strconv.ParseFloat(f[3], 64); err == nil && a < 0.5 {
				return 0, 0, 0, false // a translucent colour: unknown
			}
		}
		var c [3]float64
		for k := 0; k < 3; k++ {
			x, err := strconv.ParseFloat(strings.TrimSuffix(f[k], "%"), 64)
			if err != nil {
				return 0, 0, 0, false
			}
			c[k] = x
		}
		return c[0], c[1], c[2], true
	}
	return 0, 0, 0, false
}

// backgroundColour takes the colour out of background or background-color.
func backgroundColour(v string) (r, g, b float64, ok bool) {
	for _, f := range strings.Fields(v) {
		if r, g, b, ok = colour(f); ok {
			return
		}
	}
	return colour(v)
}

func luminance(r, g, b float64) float64 {
	lin := func(c float64) float64 {
		c /= 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is the WCAG contrast ratio.
func contrast(a, b [3]float64) float64 {
	la, lb := luminance(a[0], a[1], a[2]), luminance(b[0], b[1], b[2])
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}
