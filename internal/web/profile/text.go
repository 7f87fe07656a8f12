package profile

import (
	"bytes"
	"net/url"
	"strings"
	"unicode"

	"github.com/yingji/yingji/internal/web/darklink"
	"golang.org/x/net/html"
)

const (
	maxText  = 20000 // runes of visible text kept
	maxLinks = 2000  // links read per page
	shingleK = 5
)

// parsed is what a page says to a reader: title, visible text and the
// hosts its links and frames point to.
type parsed struct {
	title string
	text  string
	links []string // every href/src resolved (bounded)
	hosts []string // their distinct hosts
}

// parse reads an HTML body; base resolves relative links.
func parse(body []byte, base *url.URL) parsed {
	var p parsed
	z := html.NewTokenizer(bytes.NewReader(body))
	var text strings.Builder
	skip := 0 // depth inside script, style …
	inTitle := false
	seen := map[string]bool{}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			p.text = clipRunes(strings.Join(strings.Fields(text.String()), " "), maxText)
			p.title = strings.Join(strings.Fields(p.title), " ")
			return p
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			switch tag {
			case "script", "style", "noscript", "template", "svg":
				if tt == html.StartTagToken {
					skip++
				}
			case "title":
				inTitle = tt == html.StartTagToken
			case "br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6":
				text.WriteByte(' ')
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				key := string(k)
				if (key == "href" && (tag == "a" || tag == "area")) || (key == "src" && (tag == "iframe" || tag == "frame")) {
					if len(p.links) >= maxLinks {
						continue
					}
					u, err := base.Parse(strings.TrimSpace(string(v)))
					if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
						continue
					}
					p.links = append(p.links, u.String())
					if h := strings.ToLower(u.Hostname()); h != "" && !seen[h] {
						seen[h] = true
						p.hosts = append(p.hosts, h)
					}
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "noscript", "template", "svg":
				if skip > 0 {
					skip--
				}
			case "title":
				inTitle = false
			}
		case html.TextToken:
			if inTitle {
				if len(p.title) < 1000 {
					p.title += string(z.Text())
				}
				continue
			}
			if skip == 0 && text.Len() < 4*maxText {
				text.Write(z.Text())
				text.WriteByte(' ')
			}
		}
	}
}

func clipRunes(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// shingles are the k-rune windows of the text with spaces and punctuation
// removed (Chinese has no word breaks; this works for both).
func shingles(s string) map[string]struct{} {
	var rs []rune
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, unicode.ToLower(r))
		}
	}
	set := map[string]struct{}{}
	if len(rs) == 0 {
		return set
	}
	if len(rs) < shingleK {
		set[string(rs)] = struct{}{}
		return set
	}
	for i := 0; i+shingleK <= len(rs); i++ {
		set[string(rs[i:i+shingleK])] = struct{}{}
	}
	return set
}

// Similarity is the Jaccard similarity of the texts' 5-rune shingles: 1
// for the same text (or two empty texts), 0 for nothing in common.
func Similarity(a, b string) float64 {
	sa, sb := shingles(a), shingles(b)
	if len(sa) == 0 && len(sb) == 0 {
		return 1
	}
	inter := 0
	for k := range sa {
		if _, ok := sb[k]; ok {
			inter++
		}
	}
	union := len(sa) + len(sb) - inter
	return float64(inter) / float64(union)
}

// otherHosts are the hosts not of the site.
func otherHosts(hosts, site []string) []string {
	var out []string
	for _, h := range hosts {
		if !darklink.SameSite(h, site) {
			out = append(out, h)
		}
	}
	return out
}
