package render

import (
	"fmt"
	"sort"
	"strings"

	"github.com/yingji/yingji/internal/web/darklink"
	"github.com/yingji/yingji/internal/web/lexicon"
)

// Techniques of the rendered view beside darklink's.
const (
	// TechOverlay: a frame from another host covering most of the viewport.
	TechOverlay = "overlay"
	// TechNavigation: the page navigated itself (or was redirected) to
	// another host.
	TechNavigation = "navigation"
	// TechRemoteFetch: a script fetched from another host and the page
	// then gained elements that are not in its HTML.
	TechRemoteFetch = "remote-fetch"
	// TechDOMWrite: elements that are not in the HTML (document.write,
	// innerHTML …), without a remote fetch.
	TechDOMWrite = "dom-write"
	// TechDynamicLoader: a script from another host whose URL is not
	// written in the HTML (computed by a script).
	TechDynamicLoader = "dynamic-loader"
)

const (
	maxTexts = 12
	maxHosts = 12
)

// Judge turns a rendered page into hits, weighed as package darklink
// weighs the source: hidden links to other hosts with spam words are high,
// several without words medium, one or two info; hidden iframes to other
// hosts and full-viewport frames from other hosts are high; scripts
// written by the page from other hosts, remote payloads written into the
// page and navigations away to another host are reported with the hosts.
// siteHosts are the site's host names (the page's own host is added); the
// analytics/video allow list (Allowed) applies to frames and scripts. The
// hits carry no line numbers (Line is 0): the evidence is the rendered
// element, described in Excerpt.
func Judge(p *Page, siteHosts []string) []darklink.Hit {
	if p == nil {
		return nil
	}
	site := append([]string{darklink.HostOf(p.URL)}, siteHosts...)
	other := func(h string) bool { return h != "" && !darklink.SameSite(h, site) }
	var hits []darklink.Hit

	// Hidden links to other hosts, grouped by the element that hides them.
	type group struct {
		technique string
		cont      int
		links     []*Element
	}
	groups := map[string]*group{}
	var order []string
	var injected []*Element
	var visibleSpam []*Element
	for i := range p.Elements {
		e := &p.Elements[i]
		switch e.Tag {
		case "a", "area":
		default:
			continue
		}
		if !other(e.Host) {
			continue
		}
		if e.Injected {
			injected = append(injected, e)
		}
		if e.Hidden == "" {
			if lexicon.AnyStrong(lexicon.Match(e.Text)) {
				visibleSpam = append(visibleSpam, e)
			}
			continue
		}
		key := fmt.Sprintf("%d/%s", e.Container, e.Hidden)
		g := groups[key]
		if g == nil {
			g = &group{technique: e.Hidden, cont: e.Container}
			groups[key] = g
			order = append(order, key)
		}
		g.links = append(g.links, e)
	}
	for _, k := range order {
		g := groups[k]
		h := darklink.Hit{Kind: darklink.KindHiddenLink, Technique: g.technique, Links: len(g.links)}
		var words []lexicon.Hit
		for _, e := range g.links {
			words = append(words, lexicon.Match(e.Text)...)
			h.Hosts = appendUniq(h.Hosts, e.Host, maxHosts)
			h.Texts = appendUniq(h.Texts, e.Text, maxTexts)
			h.Injected = h.Injected || e.Injected
		}
		desc, widget := "", false
		if g.cont >= 0 && g.cont < len(p.Containers) {
			c := p.Containers[g.cont]
			desc, widget = c.Desc, c.Widget
			for _, w := range lexicon.Match(c.Text) {
				if w.Strong {
					words = append(words, w)
				}
			}
		}
		h.Words, h.Families = wordsOf(words)
		switch {
		case len(words) > 0:
			h.Level = darklink.High
		case len(g.links) >= 3 && !widget && g.technique != "low-contrast" && g.technique != "occluded":
			h.Level = darklink.Medium
		default:
			h.Level = darklink.Info
		}
		h.Excerpt = darklink.Clip(fmt.Sprintf("rendered: %s hidden by %s: %s", g.technique, desc, strings.Join(h.Texts, " | ")), 240)
		hits = append(hits, h)
	}

	// Requests to other hosts.
	var fetchHosts []string
	for _, r := range p.Requests {
		if !other(r.Host) || darklink.Allowed(r.Host, nil) {
			continue
		}
		switch r.Type {
		case "Fetch", "XHR":
			fetchHosts = appendUniq(fetchHosts, r.Host, maxHosts)
		}
	}
	lateOrWritten := len(injected) > 0 || p.LateCount > 0
	if len(injected) > 0 || len(fetchHosts) > 0 && lateOrWritten {
		h := darklink.Hit{Kind: darklink.KindJSLink, Technique: TechDOMWrite, Injected: true, Links: len(injected)}
		if len(fetchHosts) > 0 {
			h.Technique = TechRemoteFetch
			h.Hosts = append(h.Hosts, fetchHosts...)
		}
		var words []lexicon.Hit
		hidden := false
		for _, e := range injected {
			words = append(words, lexicon.Match(e.Text)...)
			h.Hosts = appendUniq(h.Hosts, e.Host, maxHosts)
			h.Texts = appendUniq(h.Texts, e.Text, maxTexts)
			hidden = hidden || e.Hidden != ""
		}
		h.Words, h.Families = wordsOf(words)
		switch {
		case len(words) > 0 || hidden:
			h.Level = darklink.High
		case len(fetchHosts) > 0:
			h.Level = darklink.Medium
		default:
			h.Level = darklink.Info
		}
		ex := "rendered: links not in the served HTML"
		if len(p.LateSamples) > 0 {
			ex = "rendered, added after load: " + p.LateSamples[0]
		}
		h.Excerpt = darklink.Clip(ex, 240)
		hits = append(hits, h)
	}
	if len(visibleSpam) > 0 {
		h := darklink.Hit{Kind: darklink.KindKeyword, Technique: "visible-link", Level: darklink.Medium, Links: len(visibleSpam)}
		var words []lexicon.Hit
		for _, e := range visibleSpam {
			words = append(words, lexicon.Match(e.Text)...)
			h.Hosts = appendUniq(h.Hosts, e.Host, maxHosts)
			h.Texts = appendUniq(h.Texts, e.Text, maxTexts)
			h.Injected = h.Injected || e.Injected
		}
		h.Words, h.Families = wordsOf(words)
		h.Excerpt = darklink.Clip("rendered: "+strings.Join(h.Texts, " | "), 240)
		hits = append(hits, h)
	}

	// Frames to other hosts: hidden ones, and ones that cover the page.
	for i := range p.Elements {
		e := &p.Elements[i]
		if e.Tag != "iframe" && e.Tag != "frame" && e.Tag != "embed" && e.Tag != "object" {
			continue
		}
		if !other(e.Host) || darklink.Allowed(e.Host, nil) {
			continue
		}
		tech := e.Hidden
		if tech == "low-contrast" || tech == "occluded" {
			tech = ""
		}
		if tech == "" && e.W*e.H <= 4 {
			tech = "zero-size"
		}
		switch {
		case tech != "":
			hits = append(hits, darklink.Hit{Kind: darklink.KindHiddenIframe, Technique: tech, Level: darklink.High,
				Hosts: []string{e.Host}, Injected: e.Injected, Excerpt: darklink.Clip("rendered: <"+e.Tag+" src="+e.URL+">", 240)})
		case e.Cover >= 0.5:
			hits = append(hits, darklink.Hit{Kind: darklink.KindRedirect, Technique: TechOverlay, Level: darklink.High,
				Hosts: []string{e.Host}, Injected: e.Injected,
				Excerpt: darklink.Clip(fmt.Sprintf("rendered: <%s src=%s> covers %.0f%% of the viewport (z-index %d)", e.Tag, e.URL, e.Cover*100, e.Z), 240)})
		}
	}

	// Scripts from other hosts whose URL the page computed.
	src := string(p.Source)
	var loaders []string
	for _, r := range p.Requests {
		if r.Type != "Script" || !other(r.Host) || darklink.Allowed(r.Host, nil) {
			continue
		}
		if src != "" && inSource(src, r.URL) {
			continue // a plain <script src>: common, not judged here
		}
		loaders = appendUniq(loaders, r.Host, maxHosts)
	}
	if len(loaders) > 0 {
		hits = append(hits, darklink.Hit{Kind: darklink.KindScript, Technique: TechDynamicLoader, Level: darklink.High,
			Hosts: loaders, Injected: true, Excerpt: darklink.Clip("rendered: the page loaded a script whose URL is not in its HTML from "+strings.Join(loaders, ", "), 240)})
	}

	// Navigations away.
	var away []string
	for i, n := range p.Navigations {
		if i > 0 && other(darklink.HostOf(n)) {
			away = appendUniq(away, darklink.HostOf(n), maxHosts)
		}
	}
	if len(away) > 0 {
		h := darklink.Hit{Kind: darklink.KindRedirect, Technique: TechNavigation, Level: darklink.High, Hosts: away,
			Excerpt: darklink.Clip("rendered: "+strings.Join(p.Navigations, " → "), 240)}
		if p.Options.Referer != "" {
			h.Excerpt = darklink.Clip(h.Excerpt+" (Referer "+p.Options.Referer+")", 240)
		}
		hits = append(hits, h)
	}

	// The title as rendered.
	var strong []lexicon.Hit
	for _, w := range lexicon.Match(p.Title) {
		if w.Strong {
			strong = append(strong, w)
		}
	}
	if len(strong) > 0 {
		h := darklink.Hit{Kind: darklink.KindKeyword, Technique: "title", Level: darklink.High, Texts: []string{p.Title},
			Excerpt: darklink.Clip("rendered title: "+p.Title, 240)}
		h.Words, h.Families = wordsOf(strong)
		hits = append(hits, h)
	}

	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Level > hits[j].Level })
	return hits
}

// Level is the highest level of hits.
func Level(hits []darklink.Hit) darklink.Level {
	l := darklink.None
	for _, h := range hits {
		if h.Level > l {
			l = h.Level
		}
	}
	return l
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
	return append(list, darklink.Clip(s, 120))
}

func wordsOf(hits []lexicon.Hit) (words, fams []string) {
	for _, h := range hits {
		words = appendUniq(words, h.Word, 16)
	}
	return words, lexicon.Families(hits)
}
