package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/yingji/yingji/internal/check"
	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/source"
	"github.com/yingji/yingji/internal/web"
	"github.com/yingji/yingji/internal/web/darklink"
	"github.com/yingji/yingji/internal/web/profile"
	"github.com/yingji/yingji/internal/web/render"
)

func webCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "web",
		Short: "Web sites: dark links (暗链), trojan pages (挂马), search-engine hijacking",
	}
	c.AddCommand(webScanCmd(), webCheckCmd())
	return c
}

// webOutput prints findings for people or as JSON Lines and sets the
// exit code as scan does.
func webOutput(cmd *cobra.Command, fs []finding.Finding, asJSON bool, lang string) error {
	out := cmd.OutOrStdout()
	if asJSON {
		if err := finding.WriteJSONL(out, fs); err != nil {
			return &exitError{2, err}
		}
	} else {
		counts := printFindingList(out, fs, lang, true)
		fmt.Fprintf(out, "\n%s: %s\n", pick(lang, "Summary", "汇总"), severityCounts(counts, lang))
	}
	for _, f := range fs {
		if f.Severity > finding.Low {
			return &exitError{1, nil}
		}
	}
	return nil
}

func webScanCmd() *cobra.Command {
	var (
		root, shots, lang string
		baseline          string
		sites             []string
		doRender, asJSON  bool
		maxPages          int
	)
	c := &cobra.Command{
		Use:   "scan --root DIR [--site HOST]... [--render] [--json]",
		Short: "Examine the files of a web site for dark links, hidden frames, injected scripts and hijacking configuration",
		Long: `Examine a web site's files (a copy of its document root, or the root itself,
read-only) with the web checks of yingji scan: pages, templates, scripts and
style sheets for hidden links, hidden iframes, script-written content and
loaders, and the server configuration in the tree (.htaccess, .user.ini,
web.config) for spider and search-referer cloaking, and the site as a whole
for doorway pages and defacement (sharper with --baseline, a clean copy of the
site). --site names the site's own host names, so links to them count as
same-site.

--render also opens every HTML page (at most --max-pages) in headless Chromium,
served from this machine on 127.0.0.1 with every other host blocked (server code
is not run: PHP and the like are only read), as a desktop visitor and as a phone
visitor arriving from Baidu, and reports what the browser shows: computed
visibility of every link and frame, script-written elements, requests to other
hosts and redirects. --screenshots DIR keeps a PNG of each page with a finding.
Exit code: 0 nothing above low, 1 findings, 2 error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if root == "" {
				return &exitError{2, errors.New("--root DIR is required")}
			}
			abs, err := filepath.Abs(root)
			if err != nil {
				return &exitError{2, err}
			}
			src, err := source.OpenDir(abs, false)
			if err != nil {
				return &exitError{2, err}
			}
			defer src.Close()
			// The directory is the web root: the checks read it as "/".
			opt := check.Options{Pattern: "web.*", WebRoots: []string{"/"}}
			if baseline != "" {
				if st, err := os.Stat(baseline); err != nil || !st.IsDir() {
					return &exitError{2, fmt.Errorf("--baseline %s: not a directory", baseline)}
				}
				opt.WebBaselines = map[string]fs.FS{"/": os.DirFS(baseline)}
			}
			res, err := check.Run(cmd.Context(), src, opt)
			if err != nil {
				return &exitError{2, err}
			}
			fs := res.Findings
			for _, st := range res.Statuses {
				if st.Error != "" {
					fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", st.ID, st.Error)
				}
			}
			if doRender {
				rf, err := renderTree(cmd.Context(), cmd.ErrOrStderr(), src, sites, maxPages, shots)
				if err != nil {
					return &exitError{2, err}
				}
				fs = append(fs, rf...)
			}
			return webOutput(cmd, fs, asJSON, lang)
		},
	}
	f := c.Flags()
	f.StringVar(&root, "root", "", "the web site's document root (or a copy of it)")
	f.StringArrayVar(&sites, "site", nil, "a host name of the site (repeatable): links to it are same-site")
	f.StringVar(&baseline, "baseline", "", "a clean copy of the site (a backup or release) to compare with: defacement and new doorway pages")
	f.BoolVar(&doRender, "render", false, "also render every HTML page in headless Chromium")
	f.IntVar(&maxPages, "max-pages", 100, "with --render, the most pages rendered")
	f.StringVar(&shots, "screenshots", "", "with --render, write a PNG of each page with a finding into `DIR`")
	f.BoolVar(&asJSON, "json", false, "write findings as JSON Lines")
	f.StringVar(&lang, "lang", "zh-CN", "language of the terminal output: zh-CN or en")
	return c
}

// renderTree serves the tree's files on 127.0.0.1 and renders its HTML
// pages under two profiles.
func renderTree(ctx context.Context, stderr io.Writer, src source.Source, sites []string, maxPages int, shots string) ([]finding.Finding, error) {
	var pages []string
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || len(pages) >= maxPages {
			return nil
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return fs.SkipDir
		}
		switch strings.ToLower(path.Ext(p)) {
		case ".html", ".htm", ".shtml":
			if d.Type().IsRegular() {
				pages = append(pages, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	// The Source resolves links inside the root, so a page cannot make
	// the server read the analyst's own files.
	srv := &http.Server{Handler: http.FileServer(http.FS(src))}
	go srv.Serve(ln)
	defer srv.Close()
	b, err := render.NewBrowser(ctx, render.BrowserOptions{})
	if err != nil {
		return nil, err
	}
	defer b.Close()
	profiles := []render.Options{{}, {Mobile: true, Referer: "https://m.baidu.com/s?word=x"}}
	// Pages render two at a time (the browser's own bound); results keep
	// the page and profile order.
	rendered := make([][]*render.Page, len(pages))
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, p := range pages {
		rendered[i] = make([]*render.Page, len(profiles))
		u := "http://" + ln.Addr().String() + "/" + (&url.URL{Path: p}).EscapedPath()
		for k, o := range profiles {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				pg, err := b.Render(ctx, u, o)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					// One page must not stop the others; say which failed.
					fmt.Fprintf(stderr, "render %s: %v\n", p, err)
					return
				}
				rendered[i][k] = pg
			}()
		}
	}
	wg.Wait()
	var out []finding.Finding
	for i, p := range pages {
		// The phone visitor from a search engine is reported only for what
		// the desktop visitor does not see (hijacking aimed at them).
		seen := map[string]bool{}
		for _, pg := range rendered[i] {
			if pg == nil {
				continue
			}
			var hits []darklink.Hit
			for _, h := range render.Judge(pg, sites) {
				k := h.Kind + "\x00" + h.Technique + "\x00" + strings.Join(h.Hosts, ",")
				if !seen[k] {
					seen[k] = true
					hits = append(hits, h)
				}
			}
			f, ok := web.Rendered("/"+p, hits)
			if !ok {
				continue
			}
			if pg.Options.Mobile {
				f.Title += " (phone visitor from Baidu only)"
				f.TitleZh += "（仅来自百度的手机访客可见）"
			}
			if shots != "" && len(pg.Screenshot) > 0 {
				name := filepath.Join(shots, fmt.Sprintf("%03d-%s.png", i+1, strings.ReplaceAll(p, "/", "_")))
				if err := os.MkdirAll(shots, 0o755); err == nil && os.WriteFile(name, pg.Screenshot, 0o644) == nil {
					f.Evidence = append(f.Evidence, finding.Evidence{Path: name, Fields: map[string]string{"screenshot": "true"}})
				}
			}
			out = append(out, f)
		}
	}
	return out, nil
}

func webCheckCmd() *cobra.Command {
	var (
		lang             string
		sites            []string
		doRender, asJSON bool
		crawl            bool
		depth, pages     int
	)
	c := &cobra.Command{
		Use:   "check URL... [--crawl] [--render] [--json]",
		Short: "Fetch pages as a browser, as search-engine spiders and as search visitors, and report what differs",
		Long: `Fetch each URL as a desktop browser (the baseline), as Baiduspider, Googlebot,
the Sogou and 360 spiders, and as desktop and phone visitors arriving from Baidu,
Sogou and 360 search (with the Referer sent), and compare titles, visible text,
link hosts, redirects and status codes. Differences that favour spiders or
search visitors (spam only they see, a redirect only they get) are cloaking
findings with both versions as evidence; legitimate pre-rendering for bots (the
same text, title and links) is not.

--crawl follows the site's own links from each URL (at most --depth links deep
and --pages pages, 2 requests a second, never another host; robots.txt is read
and noted). --render also renders the baseline and the search-visitor profiles
in headless Chromium (only the site's hosts resolve) to catch client-side
redirects and overlays. This command reaches the network: point it only at the
customer's own site.
Exit code: 0 nothing above low, 1 findings, 2 error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var urls []string
			hosts := append([]string(nil), sites...)
			for _, a := range args {
				u, err := url.Parse(a)
				if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
					return &exitError{2, fmt.Errorf("%q is not an http(s) URL", a)}
				}
				hosts = append(hosts, u.Hostname())
				if !crawl {
					urls = append(urls, a)
					continue
				}
				cr, err := profile.Crawl(cmd.Context(), a, profile.CrawlOptions{MaxDepth: depth, MaxPages: pages})
				if err != nil {
					return &exitError{2, err}
				}
				for _, p := range cr.Pages {
					if p.Err == "" && strings.Contains(p.Type, "html") {
						urls = append(urls, p.URL)
					}
				}
				if cr.Robots == 200 && len(cr.Disallow) > 0 {
					fmt.Fprintf(cmd.ErrOrStderr(), "%s: robots.txt disallows %s (pages fetched anyway: the customer's own site)\n", a, strings.Join(cr.Disallow, " "))
				}
			}
			opt := profile.Options{SiteHosts: sites}
			if doRender {
				b, err := render.NewBrowser(cmd.Context(), render.BrowserOptions{Hosts: hosts})
				if err != nil {
					return &exitError{2, err}
				}
				defer b.Close()
				opt.Browser = b
			}
			var fs []finding.Finding
			failed := false
			for _, u := range urls {
				res, err := profile.Check(cmd.Context(), u, opt)
				if err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "%s: %v\n", u, err)
					failed = true
					continue
				}
				if f, ok := web.Cloaked(res); ok {
					fs = append(fs, f)
				}
				if doRender {
					for _, fe := range res.Fetches {
						if fe.Rendered != nil {
							if f, ok := web.Rendered(u+" ("+fe.Profile.Name+")", fe.Rendered.Hits); ok {
								fs = append(fs, f)
							}
						}
					}
				}
			}
			err := webOutput(cmd, fs, asJSON, lang)
			if failed && err == nil {
				return &exitError{2, errors.New("some pages could not be fetched")}
			}
			return err
		},
	}
	f := c.Flags()
	f.StringArrayVar(&sites, "site", nil, "another host name of the same site (repeatable)")
	f.BoolVar(&crawl, "crawl", false, "also check the pages the site links to")
	f.IntVar(&depth, "depth", 2, "with --crawl, how many links deep")
	f.IntVar(&pages, "pages", 50, "with --crawl, the most pages per URL")
	f.BoolVar(&doRender, "render", false, "also render pages in headless Chromium")
	f.BoolVar(&asJSON, "json", false, "write findings as JSON Lines")
	f.StringVar(&lang, "lang", "zh-CN", "language of the terminal output: zh-CN or en")
	return c
}
