package profile

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// CrawlOptions bound a crawl.
type CrawlOptions struct {
	MaxDepth int           // links followed from the start page (default 2)
	MaxPages int           // pages fetched, robots.txt not counted (default 50)
	Rate     float64       // requests per second at most (default 2)
	Timeout  time.Duration // per request (default 15 s)
	MaxBody  int64         // bytes read per page (default 2 MiB)
	// UserAgent of the crawler (default the desktop browser's).
	UserAgent string
	Client    *http.Client // tests; redirects are not followed
}

// CrawlPage is one fetched page.
type CrawlPage struct {
	URL    string
	Depth  int
	Status int
	Type   string // media type
	Title  string
	Links  int    // same-host links found
	Away   string // Location of a redirect off the host
	// Disallowed: robots.txt disallows the path for every agent ("*");
	// the page is fetched anyway (it is the customer's own site) and this
	// is noted.
	Disallowed bool
	Err        string
}

// CrawlResult of Crawl.
type CrawlResult struct {
	Start     string
	Robots    int      // status of /robots.txt (0 when it failed)
	Disallow  []string // its Disallow rules for "*" (bounded)
	Sitemaps  []string // its Sitemap lines (bounded)
	Pages     []CrawlPage
	Truncated bool // MaxPages or the context ended the crawl
}

// Crawl fetches the pages reachable from start on start's host (exactly:
// scheme, host and port), breadth first, within the bounds. It never
// leaves the host: links and redirects elsewhere are counted or recorded,
// never fetched.
func Crawl(ctx context.Context, start string, opt CrawlOptions) (*CrawlResult, error) {
	su, err := url.Parse(start)
	if err != nil || (su.Scheme != "http" && su.Scheme != "https") || su.Host == "" {
		return nil, fmt.Errorf("crawl: %q is not an http(s) URL", start)
	}
	su.Fragment = ""
	if opt.MaxDepth <= 0 {
		opt.MaxDepth = 2
	}
	if opt.MaxPages <= 0 {
		opt.MaxPages = 50
	}
	if opt.Rate <= 0 {
		opt.Rate = 2
	}
	if opt.Timeout <= 0 {
		opt.Timeout = 15 * time.Second
	}
	if opt.MaxBody <= 0 {
		opt.MaxBody = 2 << 20
	}
	if opt.UserAgent == "" {
		opt.UserAgent = Desktop.UserAgent
	}
	c := client(opt.Client, opt.Timeout)
	interval := time.Duration(float64(time.Second) / opt.Rate)
	var last time.Time
	// get waits for its turn under the rate limit, then fetches.
	get := func(u *url.URL) (*http.Response, []byte, error) {
		if wait := time.Until(last.Add(interval)); !last.IsZero() && wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil, nil, ctx.Err()
			case <-t.C:
			}
		}
		last = time.Now()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, nil, err
		}
		req.Header.Set("User-Agent", opt.UserAgent)
		resp, err := c.Do(req)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(io.LimitReader(resp.Body, opt.MaxBody))
		return resp, body, err
	}

	res := &CrawlResult{Start: su.String()}
	robots := &url.URL{Scheme: su.Scheme, Host: su.Host, Path: "/robots.txt"}
	if resp, body, err := get(robots); err == nil {
		res.Robots = resp.StatusCode
		if resp.StatusCode == http.StatusOK {
			res.Disallow, res.Sitemaps = parseRobots(body)
		}
	} else if ctx.Err() != nil {
		return res, ctx.Err()
	}

	type item struct {
		u     *url.URL
		depth int
	}
	queue := []item{{su, 0}}
	seen := map[string]bool{su.String(): true}
	for len(queue) > 0 {
		if len(res.Pages) >= opt.MaxPages {
			res.Truncated = true
			break
		}
		if ctx.Err() != nil {
			res.Truncated = true
			return res, ctx.Err()
		}
		it := queue[0]
		queue = queue[1:]
		pg := CrawlPage{URL: it.u.String(), Depth: it.depth, Disallowed: disallowed(res.Disallow, it.u)}
		resp, body, err := get(it.u)
		if err != nil {
			pg.Err = err.Error()
			res.Pages = append(res.Pages, pg)
			continue
		}
		pg.Status = resp.StatusCode
		pg.Type, _, _ = mime.ParseMediaType(resp.Header.Get("Content-Type"))
		if resp.StatusCode >= 300 && resp.StatusCode < 400 {
			if loc, err := resp.Location(); err == nil {
				loc.Fragment = ""
				if loc.Scheme == su.Scheme && loc.Host == su.Host {
					if k := loc.String(); !seen[k] && len(seen) < 10*opt.MaxPages {
						seen[k] = true
						queue = append(queue, item{loc, it.depth})
					}
				} else {
					pg.Away = loc.String()
				}
			}
			res.Pages = append(res.Pages, pg)
			continue
		}
		if pg.Type != "" && pg.Type != "text/html" && pg.Type != "application/xhtml+xml" {
			res.Pages = append(res.Pages, pg)
			continue
		}
		pp := parse(body, it.u)
		pg.Title = pp.title
		for _, l := range pp.links {
			lu, err := url.Parse(l)
			if err != nil || lu.Scheme != su.Scheme || lu.Host != su.Host {
				continue
			}
			lu.Fragment = ""
			pg.Links++
			if it.depth+1 > opt.MaxDepth {
				continue
			}
			if k := lu.String(); !seen[k] && len(seen) < 10*opt.MaxPages {
				seen[k] = true
				queue = append(queue, item{lu, it.depth + 1})
			}
		}
		res.Pages = append(res.Pages, pg)
	}
	if len(queue) > 0 {
		res.Truncated = true
	}
	return res, nil
}

// parseRobots reads the Disallow rules of the "*" group and the sitemaps.
func parseRobots(b []byte) (disallow, sitemaps []string) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	star, inAgents := false, false
	for sc.Scan() && len(disallow) < 200 {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "user-agent":
			if !inAgents {
				star = false
			}
			inAgents = true
			star = star || v == "*"
		case "disallow":
			inAgents = false
			if star && v != "" {
				disallow = append(disallow, v)
			}
		case "sitemap":
			if len(sitemaps) < 50 {
				sitemaps = append(sitemaps, v)
			}
		default:
			inAgents = false
		}
	}
	return disallow, sitemaps
}

// disallowed reports a path under one of the rules (prefix match; * and
// $ as in Google's robots.txt).
func disallowed(rules []string, u *url.URL) bool {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	for _, r := range rules {
		if robotsMatch(r, p) {
			return true
		}
	}
	return false
}

func robotsMatch(rule, p string) bool {
	anchored := strings.HasSuffix(rule, "$")
	rule = strings.TrimSuffix(rule, "$")
	parts := strings.Split(rule, "*")
	if !strings.HasPrefix(p, parts[0]) {
		return false
	}
	rest := p[len(parts[0]):]
	for _, part := range parts[1:] {
		i := strings.Index(rest, part)
		if i < 0 {
			return false
		}
		rest = rest[i+len(part):]
	}
	return !anchored || rest == "" || len(parts) > 1 && strings.HasSuffix(p, parts[len(parts)-1])
}
