package php

import (
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// A defacement (ATT&CK T1491.002, external) replaces a site's page with a banner
// announcing who hacked it, or appends one to the home page. The rules
// here look for the banner's shape, not for anyone's name: the claim
// ("hacked by", "defaced by", "hacked!", "owned by" with a hacking word)
// as the page's title, a heading, a marquee or centred text, and a write
// of such a claim into the site's index page. A blog post or an advisory
// that tells of a site hacked by someone says so in its body text, and a
// help page asks "was your site hacked?".

// defaceClaim matches a claim of a defacement in lower-case text.
var defaceClaim = regexp.MustCompile(`\b(?:hacked|hack3d|h4cked|h4ck3d|defaced|pwned|0wned)(?:\s*by\b|\s*!)|\b(?:owned|0wned)\s+by\b.*\b(?:hack(?:ed|ers?)\b|h4ck|defac)`)

// bannerTags are the elements a defacement banner is shown in.
var bannerTags = []string{"title", "h1", "h2", "h3", "marquee", "center", "blink"}

// maxBannerText bounds the text of a banner element looked at: a banner
// is a line or two; the claim is at its start.
const maxBannerText = 160

// hackWord reports whether s holds a word a defacement claim is made
// of (hack, h4ck, defac, pwn), in any case. It is the cheap test that
// keeps defaceBanner from most markup.
func hackWord(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		switch s[i] | 0x20 {
		case 'h':
			if i+4 <= len(s) && (s[i+1]|0x20 == 'a' || s[i+1] == '4') && s[i+2]|0x20 == 'c' && s[i+3]|0x20 == 'k' {
				return true
			}
		case 'd':
			if i+5 <= len(s) && s[i+1]|0x20 == 'e' && s[i+2]|0x20 == 'f' && s[i+3]|0x20 == 'a' && s[i+4]|0x20 == 'c' {
				return true
			}
		case 'p':
			if s[i+1]|0x20 == 'w' && s[i+2]|0x20 == 'n' {
				return true
			}
		}
	}
	return false
}

// defaceBanner returns the claim shown as a banner in markup s (its
// title, a heading, a marquee, centred text) and the offset of the
// element in s, or "".
func defaceBanner(s string) (string, int) {
	if !hackWord(s) {
		return "", 0
	}
	l := asciiLower(s)
	for _, tag := range bannerTags {
		for off := 0; ; {
			i := strings.Index(l[off:], "<"+tag)
			if i < 0 {
				break
			}
			i += off
			off = i + 1 + len(tag)
			if off < len(l) && l[off] != '>' && l[off] != ' ' && l[off] != '\t' && l[off] != '\n' && l[off] != '\r' {
				continue // <header>, <h1x>
			}
			gt := strings.IndexByte(l[off:], '>')
			if gt < 0 {
				break
			}
			from := off + gt + 1
			to := len(l)
			if end := strings.Index(l[from:], "</"+tag); end >= 0 {
				to = from + end
			}
			text := markupText(l[from:to], maxBannerText)
			if strings.Contains(text, "?") {
				continue // "was your site hacked?"
			}
			if defaceClaim.MatchString(text) {
				return claimText(markupText(s[from:to], maxBannerText)), i
			}
		}
	}
	return "", 0
}

// asciiLower returns s with its ASCII letters in lower case and every
// other byte as it is, so that offsets in it are offsets in s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// maxClaim bounds the claim quoted in an explanation.
const maxClaim = 60

// claimText returns the start of a banner's text, to quote.
func claimText(s string) string {
	if i := strings.IndexRune(s, utf8.RuneError); i >= 0 {
		// Text in a legacy encoding (GBK): quote what comes before it.
		s = strings.TrimSpace(s[:i])
	}
	if len(s) <= maxClaim {
		return s
	}
	i := maxClaim
	for i > 0 && s[i]&0xc0 == 0x80 {
		i-- // not in the middle of a UTF-8 sequence
	}
	return s[:i] + "…"
}

// markupText returns the first n bytes of the text of markup s, without
// its tags and with its runs of white space as one space.
func markupText(s string, n int) string {
	var b strings.Builder
	in, space := false, false
	for i := 0; i < len(s) && b.Len() < n; i++ {
		c := s[i]
		switch {
		case c == '<':
			in = true
		case c == '>':
			in = false
			space = true
		case in:
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xa0:
			space = true
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte(c)
		}
	}
	return b.String()
}

// defacementBanner reports a page that shows a defacement banner in its
// own markup. It reports whether the file has a shell-exec string (`id`),
// which the same pass over the tokens finds.
func (a *analyzer) defacementBanner() (backtick bool) {
	if len(a.ts) > maxProbeTokens {
		// A defacement page is markup with little code, whatever the size
		// of the pictures and music it embeds (one token of inline HTML);
		// a file of more code is an application's, or a shell that other
		// rules report. This keeps the pass off most of the code scanned.
		return false
	}
	reported := false
	for i := range a.ts {
		t := &a.ts[i] // not a copy: this runs over every token of most files
		var s string
		switch t.Kind {
		case InlineHTML:
			s = t.Text
		case ConstString, EncapsedString:
			s = t.Value
		case Backtick:
			backtick = true
			continue
		default:
			continue
		}
		if reported {
			continue
		}
		if strings.IndexByte(s, '<') < 0 {
			continue
		}
		claim, off := defaceBanner(s)
		if claim == "" {
			continue
		}
		var sink *verdict.Point
		if t.Kind == InlineHTML {
			sink = a.pointAt(int(t.Offset)+off, "defacement banner")
		} else {
			sink = &verdict.Point{Line: int(t.Line), What: "defacement banner", Excerpt: a.excerpt(int(t.Line), int(t.Offset))}
		}
		c := verdict.Clip(strconvQuote(claim))
		a.emit("php.abuse.defacement", 65, nil, nil, sink,
			"Shows a banner announcing that the site was hacked ("+c+") as its title, a heading or centred text: a defacement page an intruder put on the site.",
			"以标题、大字或居中文字显示宣称网站已被黑的横幅（"+c+"）：入侵者放到网站上的篡改页面。")
		reported = true
	}
	return backtick
}

// indexPages are the names of a site's home page.
var indexPages = map[string]bool{"index": true, "default": true, "home": true}

// defaceWrite checks a write (file_put_contents, fwrite, fputs) of a
// defacement claim into the site's home page (index.php, index.html,
// default.htm, ...).
func (a *analyzer) defaceWrite(name string, args []*node, data *value, n *node, e env) {
	if len(args) < 2 || !data.known() {
		return
	}
	claim := ""
	for _, s := range data.strs {
		if len(s) > 1<<16 || !hackWord(s) {
			continue
		}
		l := asciiLower(s)
		if m := defaceClaim.FindStringIndex(l); m != nil && !strings.Contains(l[m[0]:min(len(l), m[1]+40)], "?") {
			claim = claimText(markupText(s[m[0]:], maxBannerText))
			break
		}
	}
	if claim == "" {
		return
	}
	target := args[0]
	if name != "file_put_contents" {
		target, _ = fopenPath(args[0], e, n.tok)
	}
	page := a.indexPage(target, e)
	if page == "" {
		return
	}
	c := verdict.Clip(strconvQuote(claim))
	a.emit("php.abuse.defacement", 70, nil, nil, a.point(n.tok, name+" "+verdict.Clip(page)),
		"Writes a notice that the site was hacked ("+c+") into the site's home page ("+verdict.Clip(page)+", with "+name+"): a defacer replacing or marking the site's index page.",
		"把宣称网站已被黑的文字（"+c+"）写入网站首页（"+verdict.Clip(page)+"，通过 "+name+"）：篡改或标记网站首页的脚本。")
}

// indexPage returns the path target names when it is a home page of a
// site (index.php, ../index.html, $root.'/default.htm'), or "".
func (a *analyzer) indexPage(target *node, e env) string {
	if target == nil {
		return ""
	}
	p := ""
	if v := a.eval(target, e); v.known() {
		p = v.strs[0]
	} else {
		// A computed directory and a fixed name: the last literal.
		for x := target; x != nil; {
			switch x.k {
			case nStr:
				p = x.s
			case nBin:
				if x.s == "." {
					x = x.kids[1]
					continue
				}
			case nInterp:
				if k := len(x.kids); k > 0 {
					x = x.kids[k-1]
					continue
				}
			}
			break
		}
		if !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, `\`) {
			return ""
		}
	}
	base := strings.ToLower(path.Base(strings.ReplaceAll(strings.TrimSpace(p), `\`, "/")))
	stem, ext, ok := strings.Cut(base, ".")
	if !ok || !indexPages[stem] {
		return ""
	}
	switch ext {
	case "php", "html", "htm", "shtml", "asp", "aspx", "jsp":
		return p
	}
	return ""
}
