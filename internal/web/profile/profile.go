// Package profile fetches a page as different visitors: a desktop browser
// without a Referer (the baseline), search-engine spiders (Baiduspider,
// Googlebot, Sogou, 360Spider), and desktop and mobile visitors who come
// from a Baidu, Sogou or 360 search. Attackers serve spam only to spiders
// (spider cloaking, 蜘蛛劫持) or redirect only search visitors on phones,
// so the site owner browsing it sees nothing; comparing each profile with
// the baseline shows it.
//
// Check fetches with net/http and does not follow redirects off the
// host: a hop to another host is recorded, never fetched. Differences that
// favour spiders or search visitors (another title, text less similar
// than the threshold by a shingle Jaccard measure, new link domains,
// spam words, a redirect only some profiles get) are hits with both
// versions as evidence. Byte differences alone (timestamps, CSRF tokens)
// and legitimate pre-rendering for bots (same title, same link domains,
// the rendered text ≥ 0.9 similar) are not reported above info. With a
// render.Browser the profiles are also rendered, which catches
// client-side conditions (document.referrer, navigator.userAgent) and
// lets pre-rendered bot pages be compared with the page users see.
//
// Crawl walks a site politely (one host, bounded depth and pages, a rate
// limit) and records robots.txt without obeying it blindly: a responder
// checks the customer's own site.
package profile

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/yingji/yingji/internal/web/darklink"
	"github.com/yingji/yingji/internal/web/lexicon"
	"github.com/yingji/yingji/internal/web/render"
)

// Profile is one kind of visitor.
type Profile struct {
	Name      string
	UserAgent string
	Referer   string
	Mobile    bool
	Spider    bool // a search-engine crawler
}

// Searcher reports a visitor who comes from a search engine.
func (p Profile) Searcher() bool { return p.Referer != "" }

// User agents of the spiders.
const (
	BaiduspiderUA = "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"
	GooglebotUA   = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
	SogouUA       = "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)"
	SpiderUA360   = "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0); 360Spider"
)

// The built-in profiles; Desktop is the baseline.
var (
	Desktop      = Profile{Name: "desktop", UserAgent: render.DesktopUA}
	Baiduspider  = Profile{Name: "baiduspider", UserAgent: BaiduspiderUA, Spider: true}
	Googlebot    = Profile{Name: "googlebot", UserAgent: GooglebotUA, Spider: true}
	SogouSpider  = Profile{Name: "sogou-spider", UserAgent: SogouUA, Spider: true}
	Spider360    = Profile{Name: "360spider", UserAgent: SpiderUA360, Spider: true}
	DesktopBaidu = Profile{Name: "desktop+baidu", UserAgent: render.DesktopUA, Referer: "https://www.baidu.com/s?wd=x"}
	DesktopSogou = Profile{Name: "desktop+sogou", UserAgent: render.DesktopUA, Referer: "https://www.sogou.com/web?query=x"}
	Desktop360   = Profile{Name: "desktop+360", UserAgent: render.DesktopUA, Referer: "https://www.so.com/s?q=x"}
	MobileBaidu  = Profile{Name: "mobile+baidu", UserAgent: render.MobileUA, Referer: "https://m.baidu.com/s?word=x", Mobile: true}
	MobileSogou  = Profile{Name: "mobile+sogou", UserAgent: render.MobileUA, Referer: "https://m.sogou.com/web/searchList.jsp?keyword=x", Mobile: true}
	Mobile       = Profile{Name: "mobile", UserAgent: render.MobileUA, Mobile: true}
)

// Default returns the built-in profiles, the baseline first.
func Default() []Profile {
	return []Profile{Desktop, Baiduspider, Googlebot, SogouSpider, Spider360, DesktopBaidu, DesktopSogou, Desktop360,
		MobileBaidu, MobileSogou, Mobile}
}

// DefaultRendered are the profiles rendered when Options.Browser is set:
// the ones whose conditions live in the page's scripts.
var DefaultRendered = []string{"desktop", "desktop+baidu", "mobile+baidu", "mobile"}

// Kinds and techniques of the profile view.
const (
	KindCloaking = "cloaking"

	TechConditionalRedirect = "conditional-redirect" // a redirect off the site for some profiles only
	TechServerRedirect      = "server-redirect"      // every profile is redirected off the site
	TechSpiderContent       = "spider-content"       // spiders get other content with spam
	TechSearchContent       = "search-visitor-content"
	TechContentDiffers      = "content-differs" // other title or link domains, no spam words
	TechTextDiffers         = "text-differs"    // only the text differs (pre-rendering?)
)

// Options of Check.
type Options struct {
	Profiles  []Profile // Default() when nil; the first is the baseline
	SiteHosts []string  // the site's hosts (the URL's host is added)
	// MaxHops bounds the same-host redirects followed (default 5).
	MaxHops int
	// Timeout bounds one request (default 15 s).
	Timeout time.Duration
	// MaxBody bounds the bytes read of a body (default 2 MiB).
	MaxBody int64
	// Similarity is the text similarity below which two versions differ
	// (default 0.9).
	Similarity float64
	// Client is the HTTP client (tests); its redirect policy is replaced.
	Client *http.Client
	// Browser, when set, also renders the RenderProfiles.
	Browser *render.Browser
	// Render are the options of those renders (Settle, Remote …); the
	// profile's user agent, Referer and mobile flag are set per profile.
	Render render.Options
	// RenderProfiles are the names of the profiles rendered
	// (DefaultRendered when nil); the baseline is always rendered.
	RenderProfiles []string
}

// Hop is one response of a redirect chain.
type Hop struct {
	URL      string
	Status   int
	Location string // resolved Location of a redirect
}

// Fetch is one profile's view of the page.
type Fetch struct {
	Profile   Profile
	Chain     []Hop  // every response, the last is the page (or a redirect off the host)
	Away      string // host of a redirect off the site ("" when none)
	Status    int    // status of the last hop
	Title     string
	Text      string   // visible text (scripts and styles stripped, bounded)
	LinkHosts []string // hosts of links and frames not of the site
	Words     []string // strong spam words in the title, text and anchors
	SHA256    string
	Size      int
	Err       string
	// Rendered is the page as the browser showed it to this profile.
	Rendered *Rendered
}

// Rendered is the summary of a render under a profile.
type Rendered struct {
	FinalURL  string
	Title     string
	Text      string
	LinkHosts []string // hosts of links and frames not of the site
	Hits      []darklink.Hit
	Elapsed   time.Duration
}

// Evidence is one side of a comparison.
type Evidence struct {
	Profile   string
	Status    int
	Location  string // the redirect off the site, if any
	Title     string
	Excerpt   string // start of the visible text
	LinkHosts []string
	SHA256    string
}

// Hit is a difference between a profile and the baseline.
type Hit struct {
	darklink.Hit
	Profile    string  // the profile that sees the difference
	Similarity float64 // text similarity with the baseline
	Baseline   Evidence
	Variant    Evidence
}

// Result of Check.
type Result struct {
	URL     string
	Fetches []*Fetch
	Hits    []Hit
	Level   darklink.Level
}

// Check fetches rawURL under each profile and compares each with the
// baseline.
func Check(ctx context.Context, rawURL string, opt Options) (*Result, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("profile: %q is not an http(s) URL", rawURL)
	}
	if opt.Profiles == nil {
		opt.Profiles = Default()
	}
	if len(opt.Profiles) == 0 {
		return nil, errors.New("profile: no profiles")
	}
	if opt.MaxHops <= 0 {
		opt.MaxHops = 5
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 15 * time.Second
	}
	if opt.MaxBody <= 0 {
		opt.MaxBody = 2 << 20
	}
	if opt.Similarity <= 0 {
		opt.Similarity = 0.9
	}
	if opt.RenderProfiles == nil {
		opt.RenderProfiles = DefaultRendered
	}
	site := append([]string{strings.ToLower(u.Hostname())}, opt.SiteHosts...)
	c := client(opt.Client, opt.Timeout)
	res := &Result{URL: rawURL}
	for _, p := range opt.Profiles {
		f := fetch(ctx, c, u, p, site, opt)
		res.Fetches = append(res.Fetches, f)
	}
	if opt.Browser != nil {
		renderAll(ctx, rawURL, res.Fetches, site, opt)
	}
	base := res.Fetches[0]
	seenAway := false
	for _, f := range res.Fetches {
		if f == base {
			continue
		}
		for _, h := range compare(base, f, opt.Similarity, site) {
			if h.Technique == TechServerRedirect {
				if seenAway {
					continue
				}
				seenAway = true
			}
			res.Hits = append(res.Hits, h)
		}
	}
	if base.Away != "" && !seenAway {
		res.Hits = append(res.Hits, Hit{Hit: darklink.Hit{Kind: darklink.KindRedirect, Technique: TechServerRedirect,
			Level: darklink.High, Hosts: []string{base.Away}}, Profile: base.Profile.Name, Baseline: evidence(base), Variant: evidence(base)})
	}
	for _, h := range res.Hits {
		if h.Level > res.Level {
			res.Level = h.Level
		}
	}
	sort.SliceStable(res.Hits, func(i, j int) bool { return res.Hits[i].Level > res.Hits[j].Level })
	return res, nil
}

// client copies c (or a default one) and stops it from following
// redirects: fetch follows same-host hops itself.
func client(c *http.Client, timeout time.Duration) *http.Client {
	var cc http.Client
	if c != nil {
		cc = *c
	}
	cc.Timeout = timeout
	cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	cc.Jar = nil // every fetch is a new visitor
	return &cc
}

func fetch(ctx context.Context, c *http.Client, u *url.URL, p Profile, site []string, opt Options) *Fetch {
	f := &Fetch{Profile: p}
	cur := u
	for hop := 0; ; hop++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, cur.String(), nil)
		if err != nil {
			f.Err = err.Error()
			return f
		}
		req.Header.Set("User-Agent", p.UserAgent)
		if p.Referer != "" {
			req.Header.Set("Referer", p.Referer)
		}
		req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
		req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
		resp, err := c.Do(req)
		if err != nil {
			f.Err = err.Error()
			return f
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, opt.MaxBody))
		resp.Body.Close()
		h := Hop{URL: cur.String(), Status: resp.StatusCode}
		f.Status = resp.StatusCode
		if resp.StatusCode >= 300 && resp.StatusCode < 400 {
			if loc, err := resp.Location(); err == nil {
				h.Location = loc.String()
				f.Chain = append(f.Chain, h)
				// Only hops on the same host are followed; another host
				// is recorded and never fetched.
				if !strings.EqualFold(loc.Host, u.Host) {
					if !darklink.SameSite(strings.ToLower(loc.Hostname()), site) {
						f.Away = strings.ToLower(loc.Hostname())
					}
					return f
				}
				if hop+1 >= opt.MaxHops {
					return f
				}
				cur = loc
				continue
			}
		}
		f.Chain = append(f.Chain, h)
		sum := sha256.Sum256(body)
		f.SHA256, f.Size = hex.EncodeToString(sum[:]), len(body)
		pp := parse(body, cur)
		f.Title, f.Text = pp.title, pp.text
		f.LinkHosts = otherHosts(pp.hosts, site)
		var words []lexicon.Hit
		words = append(words, lexicon.Match(f.Title)...)
		words = append(words, lexicon.Match(f.Text)...)
		for _, w := range words {
			if w.Strong && !containsStr(f.Words, w.Word) && len(f.Words) < 16 {
				f.Words = append(f.Words, w.Word)
			}
		}
		return f
	}
}

// renderAll renders the baseline and the chosen profiles, two at a time
// at most (the browser bounds it too).
func renderAll(ctx context.Context, rawURL string, fs []*Fetch, site []string, opt Options) {
	var wg sync.WaitGroup
	for i, f := range fs {
		if i != 0 && !containsStr(opt.RenderProfiles, f.Profile.Name) {
			continue
		}
		wg.Add(1)
		go func(f *Fetch) {
			defer wg.Done()
			ro := opt.Render
			ro.UserAgent, ro.Referer, ro.Mobile = f.Profile.UserAgent, f.Profile.Referer, f.Profile.Mobile
			ro.NoScreenshot = true
			p, err := opt.Browser.Render(ctx, rawURL, ro)
			if err != nil {
				if f.Err == "" {
					f.Err = "render: " + err.Error()
				}
				return
			}
			var hosts []string
			for _, e := range p.Elements {
				if e.Host != "" && !darklink.SameSite(e.Host, site) && !containsStr(hosts, e.Host) && len(hosts) < 200 {
					hosts = append(hosts, e.Host)
				}
			}
			f.Rendered = &Rendered{FinalURL: p.FinalURL, Title: p.Title, Text: p.Text, LinkHosts: hosts,
				Hits: render.Judge(p, site), Elapsed: p.Elapsed}
		}(f)
	}
	wg.Wait()
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func evidence(f *Fetch) Evidence {
	e := Evidence{Profile: f.Profile.Name, Status: f.Status, Title: f.Title, Excerpt: darklink.Clip(f.Text, 300),
		LinkHosts: f.LinkHosts, SHA256: f.SHA256}
	if n := len(f.Chain); n > 0 {
		e.Location = f.Chain[n-1].Location
	}
	if f.Rendered != nil && e.Title == "" {
		e.Title = f.Rendered.Title
	}
	return e
}

// compare returns the hits of profile v against the baseline b.
func compare(b, v *Fetch, threshold float64, site []string) []Hit {
	if v.Err != "" && v.Status == 0 || b.Err != "" && b.Status == 0 {
		return nil
	}
	mk := func(kind, tech string, lvl darklink.Level, hosts []string, sim float64) Hit {
		h := Hit{Hit: darklink.Hit{Kind: kind, Technique: tech, Level: lvl, Hosts: hosts}, Profile: v.Profile.Name,
			Similarity: sim, Baseline: evidence(b), Variant: evidence(v)}
		h.Excerpt = darklink.Clip(fmt.Sprintf("%s: %q vs %s: %q", b.Profile.Name, h.Baseline.Title, v.Profile.Name, h.Variant.Title), 240)
		return h
	}
	var hits []Hit
	// Redirects off the site.
	switch {
	case v.Away != "" && v.Away != b.Away:
		h := mk(KindCloaking, TechConditionalRedirect, darklink.High, []string{v.Away}, 0)
		h.Excerpt = darklink.Clip(fmt.Sprintf("%s is redirected to %s (%d); %s is not", v.Profile.Name, h.Variant.Location, v.Status, b.Profile.Name), 240)
		return append(hits, h)
	case v.Away != "" && v.Away == b.Away:
		return append(hits, mk(darklink.KindRedirect, TechServerRedirect, darklink.High, []string{v.Away}, 0))
	case b.Away != "" && v.Away == "":
		// Only the baseline is sent away: unusual, and reported once by
		// Check as a server redirect.
		return nil
	}
	hits = append(hits, compareContent(b, v, threshold, mk)...)
	hits = append(hits, compareRendered(b, v, mk)...)
	return hits
}

func compareContent(b, v *Fetch, threshold float64, mk func(string, string, darklink.Level, []string, float64) Hit) []Hit {
	sim := Similarity(b.Text, v.Text)
	titleDiff := normTitle(b.Title) != normTitle(v.Title)
	var newHosts []string
	for _, h := range v.LinkHosts {
		if !containsStr(b.LinkHosts, h) && (b.Rendered == nil || !containsStr(b.Rendered.LinkHosts, h)) {
			newHosts = append(newHosts, h)
		}
	}
	var spam []string
	for _, w := range v.Words {
		if !containsStr(b.Words, w) {
			spam = append(spam, w)
		}
	}
	differs := titleDiff || sim < threshold || len(newHosts) > 0
	if !differs {
		return nil
	}
	// A spider's view is compared with the page users see: when the
	// baseline was rendered (an SPA shell becomes the page), its rendered
	// text, title and links count.
	if b.Rendered != nil && len(spam) == 0 && len(newHosts) == 0 {
		rs := Similarity(b.Rendered.Text, v.Text)
		if rs >= threshold && normTitle(b.Rendered.Title) == normTitle(v.Title) {
			return nil // pre-rendering for bots: the same page
		}
	}
	tech := TechSearchContent
	if v.Profile.Spider {
		tech = TechSpiderContent
	}
	var h Hit
	switch {
	case len(spam) > 0:
		h = mk(KindCloaking, tech, darklink.High, newHosts, sim)
		h.Words = spam
	case titleDiff:
		h = mk(KindCloaking, TechContentDiffers, darklink.Low, newHosts, sim)
	default:
		// Only the text or the link domains differ, without spam words:
		// pre-rendering, an A/B test or a shell that scripts fill; without
		// a render it cannot be told from cloaking.
		h = mk(KindCloaking, TechTextDiffers, darklink.Info, newHosts, sim)
	}
	h.Texts = []string{darklink.Clip(v.Title, 80)}
	return []Hit{h}
}

// compareRendered reports what the render of v finds and the render of
// the baseline does not (a redirect only search visitors get, an overlay
// only phones get).
func compareRendered(b, v *Fetch, mk func(string, string, darklink.Level, []string, float64) Hit) []Hit {
	if v.Rendered == nil || b.Rendered == nil {
		return nil
	}
	var hits []Hit
	for _, rh := range v.Rendered.Hits {
		if rh.Level <= darklink.Info || hasHit(b.Rendered.Hits, rh) {
			continue
		}
		h := mk(rh.Kind, rh.Technique, rh.Level, rh.Hosts, Similarity(b.Rendered.Text, v.Rendered.Text))
		h.Texts, h.Words, h.Families, h.Links, h.Injected = rh.Texts, rh.Words, rh.Families, rh.Links, rh.Injected
		h.Excerpt = darklink.Clip(fmt.Sprintf("only %s (UA %s, Referer %q): %s", v.Profile.Name, shortUA(v.Profile.UserAgent), v.Profile.Referer, rh.Excerpt), 240)
		h.Variant.Location = v.Rendered.FinalURL
		hits = append(hits, h)
	}
	return hits
}

func hasHit(hits []darklink.Hit, x darklink.Hit) bool {
	for _, h := range hits {
		if h.Kind == x.Kind && strings.Join(h.Hosts, ",") == strings.Join(x.Hosts, ",") {
			return true
		}
	}
	return false
}

func shortUA(ua string) string {
	if strings.Contains(ua, "Mobile") {
		return "mobile"
	}
	return darklink.Clip(ua, 40)
}

func normTitle(s string) string { return strings.Join(strings.Fields(lexicon.Normalize(s)), " ") }
