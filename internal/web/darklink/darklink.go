// Package darklink finds dark links (暗链) in the files of a web site by
// reading them, without a browser: search-engine spam links an attacker
// hid in a page (CSS hiding, off-screen boxes, zero-size or clipped boxes,
// tiny marquees, low contrast), hidden iframes to other hosts, and links,
// iframes and scripts written by inline JavaScript whose strings the
// analysis decodes (concatenation, unescape, decodeURIComponent, atob,
// String.fromCharCode, Dean Edwards' packer).
//
// A page is read as HTML with the golang.org/x/net/html tokenizer; PHP,
// JSP and ASP templates are read the same way with their server code
// blanked out. At most MaxInput bytes of a file are read. Style comes from
// the file's own <style> blocks and style attributes, and from the
// same-site style sheets it links when the caller gives Options.ReadCSS,
// with a simple cascade (tag, #id, .class and their compounds, descendant
// and child combinators; :hover and other state selectors do not apply);
// a hit hidden by a linked sheet's rule cites the sheet and line.
//
// A script file that is a known library (jQuery, Bootstrap, Vue … by its
// banner comment) is read for code appended after the library's end that
// writes scripts, iframes or links, or loads another host: a trojanised
// library. Spam words in the title or the keywords and description meta
// tags are title tampering (KindTitleTamper). What only a browser render
// can decide (styles set by scripts, HTML written by code the analysis
// cannot decode, conditions on the referrer or user agent, remote content,
// linked sheets not loaded) is listed in Result.NeedsRender, so a
// static-only run says "needs a render" rather than "clean".
//
// A verdict weighs how a link is hidden, where it points and its words
// (package lexicon): a hidden link to another host with spam words is
// high; several hidden links to other hosts without such words are medium;
// hidden links to the site itself (menus, modals, skip links, logo image
// replacement) are not reported.
package darklink

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yingji/yingji/internal/web/lexicon"
)

// MaxInput bounds the bytes of one file the analysis reads (8 MiB); the
// rest is ignored and Result.Truncated says so.
const MaxInput = 8 << 20

// Bounds of the linked style sheets one page loads through
// Options.ReadCSS.
const (
	MaxSheets     = 16
	MaxSheetBytes = 2 << 20
)

// Level orders verdicts.
type Level int

// Levels, lowest first.
const (
	None Level = iota
	Info
	Low
	Medium
	High
)

var levelNames = [...]string{"none", "info", "low", "medium", "high"}

func (l Level) String() string { return levelNames[l] }

// ParseLevel returns the level a name of String gives.
func ParseLevel(s string) (Level, bool) {
	for l, n := range levelNames {
		if n == s {
			return Level(l), true
		}
	}
	return None, false
}

// Kinds of hits.
const (
	KindHiddenLink   = "hidden_link"
	KindJSLink       = "js_injected_link"
	KindHiddenIframe = "hidden_iframe"
	KindScript       = "external_script"
	KindKeyword      = "keyword"
	KindRedirect     = "redirect"
	// KindTitleTamper: spam words in the page's title or its keywords
	// or description meta tags.
	KindTitleTamper = "title_tamper"
)

// Hit is one thing found in a file.
type Hit struct {
	Kind string
	// Technique says how: display-none, visibility-hidden, opacity-zero,
	// hidden-attr, offscreen, text-indent, zero-size, clipped, zero-font,
	// marquee, low-contrast, js-style, js-created-style; for scripts the
	// sink (document.write, innerHTML …); for keywords title or meta.
	Technique string
	Level     Level
	Line      int
	Hosts     []string // other hosts the links, frames or scripts point to
	Texts     []string // anchor texts (bounded)
	Words     []string // lexicon words found
	Families  []string // their families
	Links     int      // links to other hosts in the group
	Steps     []string // decoders the script used (unescape, fromCharCode …)
	Injected  bool     // the content was written by a script
	Excerpt   string
	// Source is "file:line" of the linked style sheet rule that hides the
	// links, when the rule is not in the page itself.
	Source string
	// Detail is more evidence in words (the library code was appended to,
	// the style sheet rule …).
	Detail string
}

// Result of one file.
type Result struct {
	Hits      []Hit
	Level     Level // the highest level of the hits
	Truncated bool  // the file is larger than MaxInput
	// NeedsRender lists what only a browser render can decide in the file
	// (styles a script sets, HTML a script writes that could not be
	// decoded, conditions on the referrer or the user agent, remote
	// content, linked style sheets not loaded): the static verdict may
	// miss what these do. Empty when the source says all.
	NeedsRender []string
	// Library names the known library (name and version from its banner)
	// a script file is, when it is one.
	Library string
}

// Options of an analysis.
type Options struct {
	// SiteHosts are the host names of the site the file belongs to; links
	// to them (and to their registrable domain) are same-site. When empty,
	// every absolute http(s) link counts as a link to another host.
	SiteHosts []string
	// Allow are more hosts (and their subdomains) whose hidden iframes and
	// scripts are expected, beside the built-in analytics and video list.
	Allow []string
	// MaxDepth bounds how many times HTML a script writes is analysed
	// again (default 3).
	MaxDepth int
	// Script says the file is JavaScript, not HTML.
	Script bool
	// Path is the page's URL path on the site ("/news/a.html"); relative
	// style sheet links are resolved against it (default "/").
	Path string
	// ReadCSS, when set, returns a same-site style sheet by its URL path
	// ("/css/style.css", cleaned, without query); its rules join the
	// page's cascade. At most MaxSheets sheets of MaxSheetBytes each are
	// read per page. When nil, linked sheets are not loaded and a page
	// that links one says so in Result.NeedsRender.
	ReadCSS func(path string) ([]byte, error)
}

// MaxExcerpt bounds a hit's excerpt, in bytes before Clip's "…".
const MaxExcerpt = 240

const (
	maxTexts      = 12
	maxTextLen    = 80
	maxHosts      = 12
	maxHits       = 64
	containerText = 4096
)

type link struct {
	n        *node
	href     string
	host     string // "" for same-site
	text     string
	reason   *reason
	injected *injection
}

type analyzer struct {
	opt      Options
	sheet    *sheet
	memo     map[*node]*state
	src      []byte
	lineIdx  []int
	hits     []Hit
	jsHides  map[string]string // element id → technique a script applies
	extSrcs  []Hit
	budget   int // bytes of decoded HTML still allowed
	injected map[*node]*injection
	contrast map[*node]*reason
	sheets   int             // linked style sheets read
	render   map[string]bool // NeedsRender reasons
	sheetRaw map[string]string
	lib      string // the known library the script file is
}

// Analyze reads one file's content; name is used only to tell scripts
// (.js) from pages when opt.Script is not set.
func Analyze(name string, data []byte, opt Options) Result {
	var res Result
	if len(data) > MaxInput {
		data, res.Truncated = data[:MaxInput], true
	}
	if opt.MaxDepth <= 0 {
		opt.MaxDepth = 3
	}
	if strings.HasSuffix(strings.ToLower(name), ".js") {
		opt.Script = true
	}
	a := &analyzer{opt: opt, sheet: newSheet(), memo: map[*node]*state{}, src: data, jsHides: map[string]string{},
		budget: 4 << 20, injected: map[*node]*injection{}, contrast: map[*node]*reason{}, render: map[string]bool{},
		sheetRaw: map[string]string{}}
	for i, c := range data {
		if c == '\n' {
			a.lineIdx = append(a.lineIdx, i)
		}
	}
	root := &node{tag: "#root", line: 1}
	if opt.Script {
		if lib := vendorBanner(data); lib != "" {
			res.Library, a.lib = lib, lib
			a.vendor(lib, string(data))
		}
		a.script(root, string(data), 1, 0)
	} else {
		doc := parseTree(maskServerCode(data), 1)
		a.document(doc, 0, nil)
		a.meta(doc)
	}
	a.finish(&res)
	for r := range a.render {
		res.NeedsRender = append(res.NeedsRender, r)
	}
	sort.Strings(res.NeedsRender)
	return res
}

// document analyses a tree: first its styles and scripts (a script may
// add a style sheet or hide an element), then its links and frames.
func (a *analyzer) document(doc *node, depth int, inj *injection) {
	var scripts, noscripts []*node
	walk(doc, func(n *node) bool {
		switch n.tag {
		case "link":
			a.linkedSheet(n, inj)
		case "style":
			a.sheet.add(n.raw, n.line, "style")
		case "script":
			scripts = append(scripts, n)
		case "noscript":
			noscripts = append(noscripts, n)
		}
		return true
	})
	for _, s := range scripts {
		src, has := s.attr("src")
		if has && strings.TrimSpace(src) != "" {
			a.externalScript(s, src, inj)
		}
		if typ := strings.ToLower(s.attrs["type"]); typ != "" && !strings.Contains(typ, "javascript") && typ != "module" {
			continue // JSON, templates
		}
		if strings.TrimSpace(s.raw) != "" {
			a.script(s, s.raw, s.line, depth)
		}
	}
	// <noscript> content is raw text to the tokenizer; read it as HTML.
	for _, ns := range noscripts {
		if strings.Contains(ns.raw, "<") {
			frag := parseTree([]byte(ns.raw), ns.line)
			frag.parent = ns
			a.links(frag, inj)
		}
	}
	a.links(doc, inj)
}

// script analyses code inside el (a <script>, or the root of a .js file).
func (a *analyzer) script(el *node, code string, line, depth int) {
	f := scanScript(code, line)
	if depth == 0 && a.lib == "" {
		a.renderCode(code)
	}
	for _, c := range f.css {
		if f.createsStyle || looksLikeHidingCSS(c.html) {
			a.sheet.add(c.html, c.line, "js-style")
		}
	}
	for _, h := range f.hides {
		a.jsHides[h.id] = h.technique
	}
	if depth < a.opt.MaxDepth {
		for k := range f.injections {
			inj := &f.injections[k]
			if a.budget < len(inj.html) {
				continue
			}
			a.budget -= len(inj.html)
			frag := parseTree([]byte(inj.html), inj.line)
			frag.parent = el.parent // written where the script stands
			walk(frag, func(n *node) bool { a.injected[n] = inj; return true })
			a.document(frag, depth+1, inj)
		}
		for _, u := range f.unpacked {
			if a.budget < len(u) {
				continue
			}
			a.budget -= len(u)
			inner := scanScript(u, line)
			for k := range inner.injections {
				inner.injections[k].steps = append(inner.injections[k].steps, "packer")
			}
			a.scriptFacts(el, inner, line, depth+1, true)
		}
	}
	a.scriptFacts(el, f, line, depth, false)
}

// scriptFacts turns the loaders, fetches and redirects of a script into
// hits; injections were handled by script (for packed code here).
func (a *analyzer) scriptFacts(el *node, f *scriptFacts, line, depth int, packed bool) {
	if packed && depth <= a.opt.MaxDepth {
		for k := range f.injections {
			inj := &f.injections[k]
			frag := parseTree([]byte(inj.html), inj.line)
			frag.parent = el.parent
			walk(frag, func(n *node) bool { a.injected[n] = inj; return true })
			a.document(frag, depth, inj)
		}
	}
	for _, s := range f.srcs {
		host := hostOf(s.url)
		if host == "" || sameSite(host, a.opt.SiteHosts) || allowed(host, a.opt.Allow) || !f.createsScript && s.what == "src" && !hasDecoder(s.steps) {
			continue
		}
		lvl := Info
		if hasDecoder(s.steps) {
			lvl = High
		}
		a.add(Hit{Kind: KindScript, Technique: "dynamic-loader", Level: lvl, Line: s.line, Hosts: []string{host},
			Steps: s.steps, Injected: true, Excerpt: a.excerpt(s.line)})
	}
	writes := len(f.injections) > 0 || f.writesHTML
	for _, u := range f.fetches {
		host := hostOf(u.url)
		if host == "" || sameSite(host, a.opt.SiteHosts) || allowed(host, a.opt.Allow) || !writes {
			continue
		}
		a.add(Hit{Kind: KindJSLink, Technique: "remote-fetch", Level: Medium, Line: u.line, Hosts: []string{host},
			Steps: u.steps, Injected: true, Excerpt: a.excerpt(u.line)})
	}
	if f.referrer && f.engines {
		for _, r := range f.redirects {
			host := hostOf(r.url)
			if host == "" || sameSite(host, a.opt.SiteHosts) {
				continue
			}
			a.add(Hit{Kind: KindRedirect, Technique: "referrer-conditioned", Level: High, Line: r.line, Hosts: []string{host},
				Steps: r.steps, Excerpt: a.excerpt(r.line)})
		}
	}
}

func hasDecoder(steps []string) bool {
	for _, s := range steps {
		switch s {
		case "unescape", "fromCharCode", "atob", "decodeURIComponent", "decodeURI", "packer":
			return true
		}
	}
	return false
}

// looksLikeHidingCSS: a string a script builds that is a style sheet
// hiding something (#M6b{position:fixed;top:-152413851px}).
func looksLikeHidingCSS(s string) bool {
	if !strings.Contains(s, "{") || !strings.Contains(s, "}") {
		return false
	}
	l := strings.ToLower(s)
	for _, w := range []string{"display:none", "display: none", "position:absolute", "position:fixed", "position: absolute", "position: fixed", "visibility:hidden", "text-indent"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

func (a *analyzer) externalScript(s *node, src string, inj *injection) {
	host := hostOf(src)
	if host == "" || sameSite(host, a.opt.SiteHosts) || allowed(host, a.opt.Allow) {
		return
	}
	h := Hit{Kind: KindScript, Technique: "script-src", Line: s.line, Hosts: []string{host}, Excerpt: a.excerptNode(s, inj)}
	if inj != nil {
		h.Injected, h.Steps, h.Technique = true, inj.steps, inj.sink
		h.Level = Medium
		if hasDecoder(inj.steps) {
			h.Level = High
		}
		a.add(h)
		return
	}
	// A plain external script is common; it is kept as supporting
	// evidence when something else is found.
	h.Level = Info
	a.extSrcs = append(a.extSrcs, h)
}

// group is the hidden links under one hiding element.
type group struct {
	reason *reason
	links  []*link
}

// links collects the links and frames of a tree and judges them.
func (a *analyzer) links(doc *node, inj *injection) {
	groups := map[*node]*group{}
	var order []*node
	var injectedExt []*link
	var visibleSpam []*link
	walk(doc, func(n *node) bool {
		switch n.tag {
		case "a", "area":
			href, ok := n.attr("href")
			if !ok {
				return true
			}
			l := &link{n: n, href: href, text: strings.TrimSpace(innerText(n, 512) + " " + n.attrs["title"]), injected: inj}
			if h := hostOf(href); h != "" && !sameSite(h, a.opt.SiteHosts) {
				l.host = h
			}
			st := a.state(n)
			l.reason = st.hidden(n, a)
			if inj != nil && l.host != "" {
				injectedExt = append(injectedExt, l)
			}
			if l.reason == nil {
				if l.host != "" && lexicon.AnyStrong(lexicon.Match(l.text)) {
					visibleSpam = append(visibleSpam, l)
				}
				return true
			}
			g := groups[l.reason.node]
			if g == nil {
				g = &group{reason: l.reason}
				groups[l.reason.node] = g
				order = append(order, l.reason.node)
			}
			g.links = append(g.links, l)
		case "iframe", "frame":
			a.iframe(n, inj)
		}
		return true
	})
	for _, k := range order {
		a.judgeGroup(groups[k], inj)
	}
	if len(injectedExt) > 0 {
		a.judgeInjected(injectedExt, inj)
	}
	if len(visibleSpam) > 0 {
		h := Hit{Kind: KindKeyword, Technique: "visible-link", Level: Medium, Line: visibleSpam[0].n.line, Injected: inj != nil}
		var words []lexicon.Hit
		for _, l := range visibleSpam {
			words = append(words, lexicon.Match(l.text)...)
			h.Hosts = appendUniq(h.Hosts, l.host, maxHosts)
			h.Texts = appendUniq(h.Texts, Clip(l.text, maxTextLen), maxTexts)
			h.Links++
		}
		h.Words, h.Families = wordsOf(words)
		h.Excerpt = a.excerptNode(visibleSpam[0].n, inj)
		a.add(h)
	}
	a.hiddenText(doc, groups, inj)
}

func (a *analyzer) judgeGroup(g *group, inj *injection) {
	var ext []*link
	var words []lexicon.Hit
	h := Hit{Kind: KindHiddenLink, Technique: g.reason.technique, Line: g.reason.node.line, Injected: inj != nil}
	if inj != nil {
		h.Steps = inj.steps
	}
	for _, l := range g.links {
		if l.host == "" {
			continue
		}
		ext = append(ext, l)
		words = append(words, lexicon.Match(l.text)...)
		h.Hosts = appendUniq(h.Hosts, l.host, maxHosts)
		h.Texts = appendUniq(h.Texts, Clip(l.text, maxTextLen), maxTexts)
	}
	if len(ext) == 0 {
		return // menus, modals, skip links, logo text: same-site
	}
	// The container's own text counts when strong (a block of keywords
	// around the links).
	for _, w := range lexicon.Match(innerText(g.reason.node, containerText)) {
		if w.Strong {
			words = append(words, w)
		}
	}
	h.Links = len(ext)
	h.Words, h.Families = wordsOf(words)
	switch {
	case len(words) > 0:
		h.Level = High
	case len(ext) >= 3 && !interactive(g.reason.node) && g.reason.technique != "low-contrast":
		h.Level = Medium
	default:
		h.Level = Info
	}
	h.Excerpt = a.excerptNode(g.reason.node, inj)
	a.cite(&h, g.reason)
	a.add(h)
}

// cite names the linked style sheet rule that hides.
func (a *analyzer) cite(h *Hit, r *reason) {
	if r == nil || r.ref == "" {
		return
	}
	h.Source = r.ref
	h.Detail = "hidden by the rule at " + r.ref
	if i := strings.LastIndexByte(r.ref, ':'); i > 0 {
		var line int
		fmt.Sscan(r.ref[i+1:], &line)
		if x := a.sheetLine(r.ref[:i], line); x != "" {
			h.Detail += ": " + x
		}
	}
}

func (a *analyzer) judgeInjected(ext []*link, inj *injection) {
	h := Hit{Kind: KindJSLink, Technique: inj.sink, Line: inj.line, Injected: true, Steps: inj.steps}
	var words []lexicon.Hit
	hidden := false
	for _, l := range ext {
		words = append(words, lexicon.Match(l.text)...)
		h.Hosts = appendUniq(h.Hosts, l.host, maxHosts)
		h.Texts = appendUniq(h.Texts, Clip(l.text, maxTextLen), maxTexts)
		hidden = hidden || l.reason != nil
	}
	h.Links = len(ext)
	h.Words, h.Families = wordsOf(words)
	switch {
	case len(words) > 0 || hidden:
		h.Level = High
	case hasDecoder(inj.steps):
		h.Level = Medium
	default:
		h.Level = Info
	}
	h.Excerpt = a.excerpt(inj.line)
	a.add(h)
}

// hiddenText reports hidden blocks of spam words without links to other
// hosts (keyword stuffing).
func (a *analyzer) hiddenText(doc *node, groups map[*node]*group, inj *injection) {
	walk(doc, func(n *node) bool {
		if n.tag == "script" || n.tag == "style" {
			return false
		}
		own := a.state(n)
		if own.own == nil || own.own.node != n {
			return true
		}
		if g := groups[n]; g != nil {
			for _, l := range g.links {
				if l.host != "" {
					return false // judged with its links
				}
			}
		}
		var strong []lexicon.Hit
		for _, w := range lexicon.Match(innerText(n, containerText)) {
			if w.Strong {
				strong = append(strong, w)
			}
		}
		if len(strong) >= 2 {
			h := Hit{Kind: KindKeyword, Technique: own.own.technique, Level: Medium, Line: n.line, Injected: inj != nil,
				Excerpt: a.excerptNode(n, inj)}
			h.Words, h.Families = wordsOf(strong)
			a.add(h)
		}
		return false
	})
}

func (a *analyzer) iframe(n *node, inj *injection) {
	src := n.attrs["src"]
	if strings.TrimSpace(src) == "" {
		src = n.attrs["data-src"]
	}
	host := hostOf(src)
	if host == "" || sameSite(host, a.opt.SiteHosts) || allowed(host, a.opt.Allow) {
		return
	}
	technique := ""
	w, wok := htmlLength(n.attrs["width"])
	ht, hok := htmlLength(n.attrs["height"])
	own := a.sheet.computeOwn(n)
	if v, ok := own["width"]; ok {
		w, wok = length(v.value)
	}
	if v, ok := own["height"]; ok {
		ht, hok = length(v.value)
	}
	if wok && w <= 1 || hok && ht <= 1 {
		technique = "zero-size"
	}
	if r := a.state(n).hidden(n, a); r != nil {
		technique = r.technique
	}
	if technique == "" {
		return
	}
	h := Hit{Kind: KindHiddenIframe, Technique: technique, Level: High, Line: n.line, Hosts: []string{host},
		Injected: inj != nil, Excerpt: a.excerptNode(n, inj)}
	if inj != nil {
		h.Steps = inj.steps
	}
	a.cite(&h, a.state(n).hidden(n, a))
	a.add(h)
}

// meta reads the title and the keywords and description meta tags.
func (a *analyzer) meta(doc *node) {
	walk(doc, func(n *node) bool {
		var text, technique string
		switch n.tag {
		case "title":
			text, technique = n.raw, "title"
		case "meta":
			name := strings.ToLower(n.attrs["name"])
			if name != "keywords" && name != "description" {
				return true
			}
			text, technique = n.attrs["content"], "meta-"+name
		default:
			return true
		}
		var strong []lexicon.Hit
		for _, w := range lexicon.Match(text) {
			if w.Strong {
				strong = append(strong, w)
			}
		}
		lvl := None
		switch {
		case technique == "title" && len(strong) > 0:
			lvl = High
		case len(strong) >= 2:
			lvl = Medium
		}
		if lvl > None {
			h := Hit{Kind: KindTitleTamper, Technique: technique, Level: lvl, Line: n.line, Texts: []string{Clip(lexicon.Normalize(text), maxTextLen)},
				Excerpt: a.excerpt(n.line)}
			h.Words, h.Families = wordsOf(strong)
			a.add(h)
		}
		return true
	})
}

func (a *analyzer) add(h Hit) {
	if len(a.hits) < maxHits {
		a.hits = append(a.hits, h)
	}
}

func (a *analyzer) finish(res *Result) {
	for _, h := range a.hits {
		if h.Level > res.Level {
			res.Level = h.Level
		}
	}
	if res.Level >= Medium {
		for _, h := range a.extSrcs {
			a.add(h)
		}
	}
	sort.SliceStable(a.hits, func(i, j int) bool {
		if a.hits[i].Level != a.hits[j].Level {
			return a.hits[i].Level > a.hits[j].Level
		}
		return a.hits[i].Line < a.hits[j].Line
	})
	res.Hits = a.hits
}

// excerpt is the source line (bounded).
func (a *analyzer) excerpt(line int) string {
	if line < 1 {
		return ""
	}
	start := 0
	if line-2 >= 0 && line-2 < len(a.lineIdx) {
		start = a.lineIdx[line-2] + 1
	} else if line > 1 {
		return ""
	}
	end := len(a.src)
	if line-1 < len(a.lineIdx) {
		end = a.lineIdx[line-1]
	}
	if start > end {
		return ""
	}
	return Clip(strings.TrimSpace(string(a.src[start:end])), MaxExcerpt)
}

// excerptNode is the element's source line, or for written HTML the
// start of the decoded HTML.
func (a *analyzer) excerptNode(n *node, inj *injection) string {
	if inj != nil {
		return Clip("decoded: "+strings.Join(strings.Fields(inj.html), " "), MaxExcerpt)
	}
	return a.excerpt(n.line)
}

// Clip bounds attacker-written text for a finding: valid UTF-8, at most
// max bytes cut at a character boundary, with "…" when cut.
func Clip(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// LineExcerpt is line n (1-based) of text, trimmed and clipped to the
// excerpt bound; "" when text has no such line.
func LineExcerpt(text string, n int) string {
	if n < 1 {
		return ""
	}
	for i := 1; i < n; i++ {
		j := strings.IndexByte(text, '\n')
		if j < 0 {
			return ""
		}
		text = text[j+1:]
	}
	if j := strings.IndexByte(text, '\n'); j >= 0 {
		text = text[:j]
	}
	return Clip(strings.TrimSpace(text), MaxExcerpt)
}

func appendUniq(list []string, s string, max int) []string {
	if s == "" || len(list) >= max {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func wordsOf(hits []lexicon.Hit) (words, fams []string) {
	for _, h := range hits {
		words = appendUniq(words, h.Word, 16)
	}
	return words, lexicon.Families(hits)
}

// String is a one-line summary of a hit for people.
func (h Hit) String() string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s line %d (%s)", h.Kind, h.Technique, h.Line, h.Level)
	if len(h.Hosts) > 0 {
		fmt.Fprintf(&b, " to %s", strings.Join(h.Hosts, ", "))
	}
	if len(h.Words) > 0 {
		fmt.Fprintf(&b, " words %s", strings.Join(h.Words, ", "))
	}
	return b.String()
}
