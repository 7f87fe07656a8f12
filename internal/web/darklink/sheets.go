package darklink

import (
	"path"
	"regexp"
	"strings"
)

// linkedSheet loads a <link rel=stylesheet> of the same site through
// Options.ReadCSS and adds its rules to the cascade where it stands.
func (a *analyzer) linkedSheet(n *node, inj *injection) {
	rel := strings.ToLower(n.attrs["rel"])
	if !strings.Contains(rel, "stylesheet") || strings.Contains(rel, "alternate") {
		return
	}
	href := strings.TrimSpace(n.attrs["href"])
	if href == "" {
		return
	}
	if m := strings.ToLower(strings.TrimSpace(n.attrs["media"])); m != "" && !atRuleApplies("@media "+m) {
		return
	}
	p, ok := a.sheetPath(href)
	if !ok {
		return // another host: not the site's to read
	}
	if a.opt.ReadCSS == nil {
		a.render["linked style sheet not loaded: "+p] = true
		return
	}
	if _, done := a.sheetRaw[p]; done || a.sheets >= MaxSheets {
		return
	}
	a.sheets++
	b, err := a.opt.ReadCSS(p)
	if err != nil {
		a.sheetRaw[p] = ""
		a.render["linked style sheet unreadable: "+p] = true
		return
	}
	if len(b) > MaxSheetBytes {
		b = b[:MaxSheetBytes]
	}
	css := strings.ToValidUTF8(string(b), "\uFFFD")
	a.sheetRaw[p] = css
	a.sheet.addFile(css, strings.TrimPrefix(p, "/"))
}

// sheetPath resolves a style sheet link against the page's path; ok is
// false for another host's sheet.
func (a *analyzer) sheetPath(href string) (string, bool) {
	if i := strings.IndexAny(href, "?#"); i >= 0 {
		href = href[:i]
	}
	l := strings.ToLower(href)
	switch {
	case strings.HasPrefix(l, "http://"), strings.HasPrefix(l, "https://"), strings.HasPrefix(l, "//"):
		h := hostOf(href)
		if h == "" || !sameSite(h, a.opt.SiteHosts) || len(a.opt.SiteHosts) == 0 {
			return "", false
		}
		rest := href[strings.Index(href, "//")+2:]
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			href = rest[i:]
		} else {
			href = "/"
		}
	case strings.Contains(l, ":"):
		return "", false // data:, javascript:
	}
	if !strings.HasPrefix(href, "/") {
		base := a.opt.Path
		if base == "" {
			base = "/"
		}
		if !strings.HasSuffix(base, "/") {
			base = path.Dir(base)
		}
		href = path.Join("/", base, href)
	}
	return path.Clean("/" + href), true
}

// sheetLine is line n of a loaded linked sheet (bounded).
func (a *analyzer) sheetLine(file string, n int) string {
	css, ok := a.sheetRaw["/"+file]
	if !ok {
		return ""
	}
	return LineExcerpt(css, n)
}

// What a script does that only a render shows for sure.
var renderSignals = []struct {
	re     *regexp.Regexp
	reason string
}{
	{regexp.MustCompile(`\.style\s*(\.\s*[A-Za-z]+|\[[^\]]*\])\s*=[^=]|\.cssText\s*=|setAttribute\(\s*['"]style|createElement\(\s*['"]st|insertRule\(`), "a script sets styles"},
	{regexp.MustCompile(`document\.write|\.innerHTML\s*\+?=|\.outerHTML\s*=|insertAdjacentHTML|appendChild\(|\.append\(|\.html\(`), "a script writes the page"},
	{regexp.MustCompile(`\beval\s*\(|new\s+Function\s*\(|function\s*\(\s*p\s*,\s*a\s*,\s*c\s*,\s*k\s*,\s*e\s*,\s*[dr]\s*\)|\b(unescape|atob|fromCharCode)\b`), "obfuscated or evaluated code"},
	{regexp.MustCompile(`document\.referrer|navigator\.userAgent|navigator\.webdriver|navigator\.platform`), "conditions on the referrer or the user agent"},
	{regexp.MustCompile(`\bfetch\s*\(|XMLHttpRequest|\$\.(get|ajax|getScript|getJSON)\s*\(|\.src\s*=`), "loads remote content"},
	{regexp.MustCompile(`location\.(href\s*=|replace|assign)|window\.location\s*=|top\.location\s*=|\blocation\s*=[^=]`), "redirects"},
	{regexp.MustCompile(`setTimeout\s*\(|setInterval\s*\(|addEventListener\s*\(\s*['"](mousemove|mouseover|scroll|click|touchstart|keydown)`), "delayed or event-driven code"},
}

// renderCode notes the render signals of an inline script or a script
// file that is not a known library.
func (a *analyzer) renderCode(code string) {
	if len(code) > 1<<20 {
		code = code[:1<<20]
	}
	for _, s := range renderSignals {
		if !a.render[s.reason] && s.re.MatchString(code) {
			a.render[s.reason] = true
		}
	}
}
