// Package site analyses a web site as a whole, beside the page-by-page
// analysis of package darklink: doorway pages (寄生虫 / 站群 pages a
// parasite program writes by the hundred: new files nothing links to and
// no sitemap lists, stuffed with spam words, often redirecting visitors to
// another host, written within minutes of each other) and defacement (a
// page whose text no longer resembles its clean copy, or whose title
// became "hacked by …").
//
// A baseline makes both sharper: Options.Baseline is a clean copy of the
// site (a backup or release), Options.Manifest the list of the clean
// site's files. Without one, a doorway page is judged by being an orphan,
// its words and its redirect, and a defacement by its signature alone
// (medium at most).
package site

import (
	"bufio"
	"bytes"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/yingji/yingji/internal/web/darklink"
	"github.com/yingji/yingji/internal/web/lexicon"
)

// Level is the scale of package darklink.
type Level = darklink.Level

// Kinds of findings.
const (
	KindDoorway     = "doorway"
	KindDefacement  = "defacement"
	KindTitleTamper = darklink.KindTitleTamper
)

// Bounds.
const (
	DefaultMaxPages = 50_000
	MaxPageBytes    = 512 << 10
	maxExamples     = 10
	maxSitemaps     = 64
	maxSitemapBytes = 16 << 20
)

// Options of an analysis.
type Options struct {
	// SiteHosts are the site's host names (absolute links to them are
	// the site's own).
	SiteHosts []string
	// Baseline is a clean copy of the site (its root), or nil.
	Baseline fs.FS
	// Manifest lists the clean site's files (slash paths relative to the
	// root, as ReadManifest returns them), or nil. Baseline's files count
	// as listed too.
	Manifest map[string]bool
	// MaxPages bounds the pages read (default DefaultMaxPages).
	MaxPages int
	// Stop, when set, is asked before each file; true ends the walk.
	Stop func() bool
}

// Finding is one site-level finding.
type Finding struct {
	Kind      string
	Technique string // doorway: orphan-pages; defacement: baseline-diff, signature; title_tamper: baseline-title
	Level     Level
	Count     int      // pages concerned
	Paths     []string // examples (slash paths relative to the root)
	Hosts     []string // hosts the pages redirect to
	Words     []string // spam words
	// Similarity is the text similarity with the baseline copy (0..1) for
	// a defacement found against a baseline, else -1.
	Similarity float64
	Title      string // the page's title (defacement, title_tamper), or an example's (doorway)
	OldTitle   string // the baseline's title
	Detail     string
}

// Result of a site.
type Result struct {
	Findings  []Finding
	Level     Level
	Pages     int  // pages read
	Orphans   int  // pages no other page links to and no sitemap lists
	Truncated bool // more pages than MaxPages
	// Doorways are all the doorway pages (the finding names examples).
	Doorways []string
}

// Page is what the analysis keeps of one page.
type Page struct {
	Path      string // slash path relative to the root
	Title, H1 string
	Links     []string // same-site pages it links to (cleaned paths, no leading slash)
	Redirects []string // other hosts it redirects to (script or meta refresh)
	Density   float64  // lexicon density of its text
	Words     []string // strong spam words of its title, h1 and text
	TextLen   int      // runes of visible text
	ModTime   time.Time
	text      string // bounded visible text (for the baseline comparison)
}

var pageExts = map[string]bool{".html": true, ".htm": true, ".shtml": true, ".xhtml": true}

var skipDirs = map[string]bool{".git": true, ".svn": true, ".hg": true, "node_modules": true, "vendor": true}

// Analyze walks the site under fsys (its web root).
func Analyze(fsys fs.FS, opt Options) (Result, error) {
	var res Result
	if opt.MaxPages <= 0 {
		opt.MaxPages = DefaultMaxPages
	}
	var pages []*Page
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "." {
				return err
			}
			return nil
		}
		if opt.Stop != nil && opt.Stop() {
			return fs.SkipAll
		}
		if d.IsDir() {
			if p != "." && skipDirs[d.Name()] {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !pageExts[strings.ToLower(path.Ext(p))] {
			return nil
		}
		if len(pages) >= opt.MaxPages {
			res.Truncated = true
			return fs.SkipAll
		}
		data, err := readBounded(fsys, p, MaxPageBytes)
		if err != nil {
			return nil
		}
		pg := Summarize(p, data, opt)
		if info, err := d.Info(); err == nil {
			pg.ModTime = info.ModTime()
		}
		pages = append(pages, pg)
		return nil
	})
	if err != nil {
		return res, err
	}
	listed := Sitemaps(fsys, opt.SiteHosts)
	res = judge(fsys, pages, listed, opt, res)
	return res, nil
}

func readBounded(fsys fs.FS, name string, max int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max))
}

// Summarize reads one page (name is its slash path relative to the root).
func Summarize(name string, data []byte, opt Options) *Page {
	pg := &Page{Path: strings.TrimPrefix(path.Clean("/"+name), "/")}
	z := html.NewTokenizer(bytes.NewReader(data))
	var text strings.Builder
	var in string // title, h1, script, style
	var script strings.Builder
	seen := map[string]bool{}
	addLink := func(href string) {
		if p, ok := resolve(pg.Path, href, opt.SiteHosts); ok && !seen[p] && len(pg.Links) < 4096 {
			seen[p] = true
			pg.Links = append(pg.Links, p)
		}
	}
	for n := 0; n < 500_000; n++ {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			attrs := map[string]string{}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			switch tag {
			case "a", "area", "link":
				if tag == "link" && !strings.Contains(strings.ToLower(attrs["rel"]), "alternate") && !strings.Contains(strings.ToLower(attrs["rel"]), "canonical") {
					continue
				}
				addLink(attrs["href"])
			case "iframe", "frame":
				addLink(attrs["src"])
			case "form":
				addLink(attrs["action"])
			case "meta":
				if strings.EqualFold(attrs["http-equiv"], "refresh") {
					c := attrs["content"]
					if i := strings.Index(strings.ToLower(c), "url="); i >= 0 {
						pg.redirect(strings.Trim(c[i+4:], `'" `), opt.SiteHosts)
					}
				}
			case "title", "h1", "script", "style":
				if tt == html.StartTagToken {
					in = tag
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if string(name) == in {
				if in == "script" {
					pg.scriptRedirects(script.String(), opt.SiteHosts)
					script.Reset()
				}
				in = ""
			}
		case html.TextToken:
			t := string(z.Text())
			switch in {
			case "title":
				if len(pg.Title) < 1024 {
					pg.Title += t
				}
			case "h1":
				if len(pg.H1) < 1024 {
					pg.H1 += t
				}
				text.WriteString(t + " ")
			case "script":
				if script.Len() < 256<<10 {
					script.WriteString(t)
				}
				continue
			case "style":
				continue
			default:
				if text.Len() < 64<<10 {
					text.WriteString(t + " ")
				}
			}
		}
	}
	pg.Title = strings.Join(strings.Fields(pg.Title), " ")
	pg.H1 = strings.Join(strings.Fields(pg.H1), " ")
	body := strings.Join(strings.Fields(text.String()), " ")
	pg.TextLen = len([]rune(body))
	pg.Density = lexicon.Density(pg.Title + " " + body)
	for _, w := range lexicon.Match(pg.Title + " " + pg.H1 + " " + body) {
		if w.Strong && len(pg.Words) < 16 {
			pg.Words = append(pg.Words, w.Word)
		}
	}
	if len(body) > 16<<10 {
		body = body[:16<<10]
	}
	pg.text = body
	return pg
}

var (
	jsRedirectRe = regexp.MustCompile(`(?i)(?:location(?:\.href)?|window\.location|top\.location|self\.location|document\.location)\s*=\s*['"]([^'"]+)['"]|location\.(?:replace|assign)\s*\(\s*['"]([^'"]+)['"]|window\.open\s*\(\s*['"]([^'"]+)['"]`)
)

func (pg *Page) scriptRedirects(code string, hosts []string) {
	for _, m := range jsRedirectRe.FindAllStringSubmatch(code, 8) {
		for _, u := range m[1:] {
			if u != "" {
				pg.redirect(u, hosts)
			}
		}
	}
}

func (pg *Page) redirect(u string, hosts []string) {
	h := darklink.HostOf(u)
	if h == "" || darklink.SameSite(h, hosts) {
		return
	}
	for _, x := range pg.Redirects {
		if x == h {
			return
		}
	}
	if len(pg.Redirects) < 8 {
		pg.Redirects = append(pg.Redirects, h)
	}
}

// resolve turns a link of the page at from into a site path ("news/a.html",
// "" for the root); ok is false for another host's, a fragment or a
// non-http link.
func resolve(from, href string, hosts []string) (string, bool) {
	href = strings.TrimSpace(href)
	if i := strings.IndexAny(href, "?#"); i >= 0 {
		href = href[:i]
	}
	if href == "" {
		return "", false
	}
	l := strings.ToLower(href)
	switch {
	case strings.HasPrefix(l, "http://"), strings.HasPrefix(l, "https://"), strings.HasPrefix(l, "//"):
		h := darklink.HostOf(href)
		if h == "" || !darklink.SameSite(h, hosts) {
			return "", false
		}
		rest := href[strings.Index(href, "//")+2:]
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			href = rest[i:]
		} else {
			href = "/"
		}
	case strings.Contains(l, ":"):
		return "", false
	}
	if !strings.HasPrefix(href, "/") {
		href = path.Join("/", path.Dir("/"+from), href) + map[bool]string{true: "/", false: ""}[strings.HasSuffix(href, "/")]
	}
	dir := strings.HasSuffix(href, "/")
	p := strings.TrimPrefix(path.Clean(href), "/")
	if dir && p != "" {
		p += "/"
	}
	return p, true
}

var locRe = regexp.MustCompile(`(?is)<loc>\s*(.*?)\s*</loc>`)

// Sitemaps returns the site paths the site's sitemaps list (sitemap.xml,
// sitemap_index.xml and the sitemaps they or robots.txt name, sitemap.txt).
func Sitemaps(fsys fs.FS, hosts []string) map[string]bool {
	listed := map[string]bool{}
	queue := []string{"sitemap.xml", "sitemap_index.xml", "sitemap.txt", "sitemap.html"}
	if ms, _ := fs.Glob(fsys, "sitemap*.xml"); len(ms) > 0 {
		queue = append(queue, ms...)
	}
	if b, err := readBounded(fsys, "robots.txt", 1<<20); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			l := strings.TrimSpace(sc.Text())
			if len(l) > 8 && strings.EqualFold(l[:8], "sitemap:") {
				if p, ok := resolve("", strings.TrimSpace(l[8:]), hosts); ok || darklink.HostOf(strings.TrimSpace(l[8:])) != "" {
					if !ok { // a sitemap under another name of the site: take its path
						u := strings.TrimSpace(l[8:])
						rest := u[strings.Index(u, "//")+2:]
						if i := strings.IndexByte(rest, '/'); i >= 0 {
							p = strings.TrimPrefix(rest[i:], "/")
						}
					}
					queue = append(queue, p)
				}
			}
		}
	}
	done := map[string]bool{}
	total := 0
	for len(queue) > 0 && len(done) < maxSitemaps {
		name := queue[0]
		queue = queue[1:]
		if done[name] || name == "" {
			continue
		}
		done[name] = true
		b, err := readBounded(fsys, name, maxSitemapBytes)
		if err != nil {
			continue
		}
		if total += len(b); total > 4*maxSitemapBytes {
			break
		}
		var urls []string
		if strings.HasSuffix(name, ".txt") {
			urls = strings.Fields(string(b))
		} else if strings.HasSuffix(name, ".html") {
			urls = nil
			for _, m := range regexp.MustCompile(`(?i)href\s*=\s*["']?([^"'\s>]+)`).FindAllStringSubmatch(string(b), -1) {
				urls = append(urls, m[1])
			}
		} else {
			for _, m := range locRe.FindAllStringSubmatch(string(b), -1) {
				urls = append(urls, html.UnescapeString(m[1]))
			}
		}
		for _, u := range urls {
			p, ok := resolve(name, u, hosts)
			if !ok {
				// listed under a host the site's names do not show: take the path
				if h := darklink.HostOf(u); h != "" && len(hosts) == 0 {
					rest := u[strings.Index(u, "//")+2:]
					if i := strings.IndexByte(rest, '/'); i >= 0 {
						p, ok = strings.TrimPrefix(path.Clean(rest[i:]), "/"), true
					}
				}
			}
			if !ok {
				continue
			}
			if strings.HasSuffix(p, ".xml") || strings.HasSuffix(p, ".xml.gz") {
				queue = append(queue, p)
				continue
			}
			listed[p] = true
		}
	}
	return listed
}

// ReadManifest reads a list of a clean site's files: one path a line,
// relative to the site's root, optionally after a SHA-256 as sha256sum
// prints it ("<hex>  path"); blank lines and # comments are skipped.
func ReadManifest(r io.Reader) (map[string]bool, error) {
	out := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		if l == "" || l[0] == '#' {
			continue
		}
		if f := strings.Fields(l); len(f) >= 2 && len(f[0]) == 64 && isHex(f[0]) {
			l = strings.TrimSpace(l[64:])
			l = strings.TrimPrefix(l, "*")
		}
		l = strings.TrimPrefix(path.Clean("/"+strings.TrimPrefix(l, "./")), "/")
		if l != "" && len(out) < 10_000_000 {
			out[l] = true
		}
	}
	return out, sc.Err()
}

func isHex(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
