package check

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/web/darklink"
	"github.com/yingji/yingji/internal/web/site"
	"github.com/yingji/yingji/internal/webroot"
)

// darkLinkMaxFiles bounds the files web.dark_link reads over all web
// roots of a run (a variable for the test of the note it leaves).
var darkLinkMaxFiles = 200_000

// Bounds of web.dark_link over all web roots of a run.
const (
	darkLinkMaxEvidence = 24
	// the site-level analysis reads at most this many pages of a root
	darkLinkMaxSitePages = 20_000
	// linked style sheets kept in memory per root (count and bytes)
	darkLinkSheetCache      = 64
	darkLinkSheetCacheBytes = 16 << 20
)

// darkLinkExts are the files read: pages, server templates (read as HTML,
// their server code blanked) and scripts.
var darkLinkExts = map[string]bool{".html": true, ".htm": true, ".shtml": true, ".php": true, ".jsp": true,
	".asp": true, ".aspx": true, ".tpl": true, ".js": true}

// darkLinkSkipDirs are directories of tools and dependencies, not pages.
var darkLinkSkipDirs = map[string]bool{".git": true, ".svn": true, ".hg": true, "node_modules": true}

func init() {
	Register(&Check{
		ID: "web.dark_link", Family: "web",
		Title:   "Dark links, hidden iframes, injected scripts, doorway pages or defacement in web sites",
		TitleZh: "网站中存在暗链、隐藏 iframe、被注入的脚本、寄生虫页面或网页篡改",
		Description: "A page, template or script under a web root (found from the nginx, Apache and Tomcat configurations and the usual places) hides links to other sites " +
			"(display:none, off-screen, zero-size or clipped boxes, tiny marquees, text-indent, low contrast, or HTML written by obfuscated JavaScript), " +
			"hides an iframe to another host, or loads a script from another host through obfuscated code: the marks of search-engine spam (暗链) and drive-by injection. " +
			"Spam words (gambling, lottery, pornography, fake invoices, private game servers, loans) are matched after decoding entities, full-width letters, zero-width characters and traditional characters. " +
			"Same-site style sheets a page links are read into its cascade; a known library (jQuery, Bootstrap, Vue …) with code appended after its end that loads another host is a trojanised library; " +
			"a page title or keywords meta tag full of spam words is title tampering. Across the whole site, many orphan pages (linked from no page, listed in no sitemap) stuffed with spam words, often redirecting to another host, are doorway pages a parasite program wrote, " +
			"and a small page whose title or heading says \"hacked by\" is a defacement.",
		DescriptionZh: "网站根目录（根据 nginx、Apache、Tomcat 配置及常见位置确定）中的页面、模板或脚本隐藏了指向其他站点的链接" +
			"（display:none、移出屏幕、零尺寸或裁剪、极小的 marquee、text-indent、低对比度，或由混淆 JavaScript 写入的 HTML），" +
			"隐藏了指向其他主机的 iframe，或经混淆代码加载其他主机的脚本：这是搜索引擎黑帽 SEO 暗链和网页挂马的特征。" +
			"博彩、彩票、色情、代开发票、私服、网贷等关键词在解码实体、全角字符、零宽字符和繁体字后匹配。" +
			"页面引用的本站样式表会并入层叠计算；已知库文件（jQuery、Bootstrap、Vue 等）在库代码结束后被追加了加载其他主机内容的代码即为被挂马的库文件；" +
			"页面标题或 keywords 元标签充斥黑帽 SEO 关键词即为标题篡改。在全站范围内，大量无任何页面链接、也不在站点地图中、堆砌黑帽关键词（常跳转到其他主机）的孤立页面是寄生虫程序生成的桥页，" +
			"标题或大标题为 \"hacked by\" 之类字样的小页面是网页篡改。",
		Verify: "Open the file at the lines the evidence names and look at the hidden block, the hosts and the anchor texts; compare the file with the site's release or backup " +
			"and check its modification time and owner; fetch the page as a search engine spider (Baiduspider user agent) and as a user, and search the site with site:<domain> plus a gambling word.",
		VerifyZh: "打开证据中列出的文件和行，查看隐藏的区块、目标主机和锚文本；将文件与网站发布版本或备份对照，并检查其修改时间和属主；" +
			"分别以搜索引擎爬虫（Baiduspider UA）和普通用户身份访问该页面，并用 site:域名 加博彩类关键词在搜索引擎中检索。",
		Advice: "Restore the file from a clean release or backup and remove the injected block; find how it was written (webshell, CMS or plugin vulnerability, stolen FTP or panel password) " +
			"from the access log around the file's modification time and close that way in; search every page of the site for the same hosts and code; " +
			"after cleaning, ask the search engines to recrawl and remove the spam pages.",
		AdviceZh: "从干净的发布版本或备份恢复该文件，删除被注入的内容；结合文件修改时间前后的访问日志查明写入途径（WebShell、CMS 或插件漏洞、被盗的 FTP 或面板口令）并封堵；" +
			"在全站页面中搜索相同的主机和代码；清理后向搜索引擎提交重新抓取和删除垃圾页面的请求。",
		// SEO poisoning is the purpose of dark links (compromised sites
		// injected with keywords and links); hidden iframes and injected
		// external scripts stage a drive-by target. Findings of those kinds
		// carry T1608.004 alone.
		// A defacement carries T1491.002 alone.
		Attack:   []string{"T1608.006", "T1608.004", "T1491.002"},
		Category: "NATAMPER",
		Severity: finding.High,
		Needs:    NeedsFiles,
		Reads:    []string{"web roots"},
		Run:      runDarkLink,
	})
}

type darkRoot struct {
	dir   string
	hosts []string
}

func runDarkLink(c *Context) error {
	roots, _ := webroot.Find(c.Src(), c.env.webRoots) // problems with configurations do not stop the scan
	// Roots come sorted; one inside another is scanned with it, its hosts
	// added to the outer root's.
	var dirs []darkRoot
	for _, r := range roots {
		if n := len(dirs); n > 0 && (dirs[n-1].dir == "." || strings.HasPrefix(r.Path, dirs[n-1].dir+"/")) {
			dirs[n-1].hosts = append(dirs[n-1].hosts, r.Hosts...)
			continue
		}
		dirs = append(dirs, darkRoot{r.Path, append([]string(nil), r.Hosts...)})
	}
	files := 0
	for _, root := range dirs {
		hosts := siteHosts(root.hosts)
		// the site as a whole first: its doorway pages are reported
		// together, not one finding a page
		doors := siteLevel(c, root.dir, hosts)
		sheets := newSheetCache(c, root.dir)
		err := walkSite(c, root.dir, func(p string, d fs.DirEntry) error {
			if !darkLinkExts[strings.ToLower(path.Ext(p))] {
				return nil
			}
			if files++; files > darkLinkMaxFiles {
				return fs.SkipAll
			}
			data, err := c.ReadFile(p, darklink.MaxInput)
			if err != nil && len(data) == 0 {
				return nil
			}
			rel := strings.TrimPrefix(strings.TrimPrefix(p, root.dir), "/")
			if root.dir == "." {
				rel = p
			}
			if doors[rel] {
				return nil
			}
			opt := darklink.Options{SiteHosts: hosts, Path: "/" + rel, ReadCSS: sheets.read}
			res := darklink.Analyze(p, data, opt)
			if res.Level < darklink.Low {
				return nil
			}
			c.Report(darkLinkHit("/"+p, data, res))
			return nil
		})
		if err != nil {
			return err
		}
		if files > darkLinkMaxFiles {
			c.Note("stopped after %d files of the web roots; %s and the roots after it were not read to the end", darkLinkMaxFiles, root.dir)
			break
		}
		if c.Err() != nil {
			break
		}
	}
	return c.Err()
}

// walkSite calls fn for every regular file under a web root, leaving
// out version-control and dependency directories; fn may return
// fs.SkipAll to stop. Unreadable entries below the root are passed over
// (the analysis goes on); a missing root is no error; cancellation is.
func walkSite(c *Context, dir string, fn func(p string, d fs.DirEntry) error) error {
	err := fs.WalkDir(c.Src(), dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil
		}
		if c.Err() != nil {
			return c.Err()
		}
		if d.IsDir() {
			if p != dir && darkLinkSkipDirs[d.Name()] {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return fn(p, d)
	})
	if err != nil && err != fs.SkipAll && c.Err() == nil && !IsNotExist(err) {
		return err
	}
	return nil
}

// siteLevel runs the site-level analysis of a root (doorway pages,
// defacement signatures) and reports its findings; it returns the doorway
// pages (paths relative to the root).
func siteLevel(c *Context, dir string, hosts []string) map[string]bool {
	sub, err := fs.Sub(c.Src(), dir)
	if err != nil {
		return nil
	}
	opt := site.Options{SiteHosts: hosts, MaxPages: darkLinkMaxSitePages, Stop: func() bool { return c.Err() != nil }}
	opt.Baseline = c.env.webBaselines["/"+strings.TrimPrefix(path.Clean("/"+dir), "/")]
	res, err := site.Analyze(sub, opt)
	if err != nil || c.Err() != nil {
		return nil
	}
	if res.Truncated {
		c.Note("site-level analysis of %s (doorway pages, defacement) read its first %d pages only", "/"+dir, darkLinkMaxSitePages)
	}
	for _, f := range res.Findings {
		if f.Level >= darklink.Low {
			c.Report(siteHit(dir, f))
		}
	}
	doors := map[string]bool{}
	for _, p := range res.Doorways {
		doors[p] = true
	}
	return doors
}

func siteHit(dir string, f site.Finding) Hit {
	at := func(p string) string {
		if dir == "." {
			return "/" + p
		}
		return "/" + dir + "/" + p
	}
	fields := map[string]string{"kind": f.Kind, "technique": f.Technique, "level": f.Level.String(), "pages": fmt.Sprint(f.Count)}
	if len(f.Paths) > 0 {
		var ex []string
		for _, p := range f.Paths {
			ex = append(ex, at(p))
		}
		fields["examples"] = strings.Join(ex, ", ")
	}
	if len(f.Hosts) > 0 {
		fields["redirect_hosts"] = strings.Join(f.Hosts, ", ")
	}
	if len(f.Words) > 0 {
		fields["words"] = strings.Join(f.Words, ", ")
	}
	if f.Title != "" {
		fields["title"] = f.Title
	}
	if f.OldTitle != "" {
		fields["baseline_title"] = f.OldTitle
	}
	if f.Similarity >= 0 {
		fields["similarity"] = fmt.Sprintf("%.2f", f.Similarity)
	}
	path0 := at(".")
	if len(f.Paths) > 0 {
		path0 = at(f.Paths[0])
	}
	hit := Hit{Evidence: []finding.Evidence{{Path: path0, Fields: fields, Excerpt: f.Detail}}, SeveritySet: true, Confidence: "medium"}
	switch f.Level {
	case darklink.High:
		hit.Severity, hit.Confidence = finding.High, "high"
	case darklink.Medium:
		hit.Severity = finding.Medium
	default:
		hit.Severity, hit.Confidence = finding.Low, "low"
	}
	hit.Attack = []string{"T1608.006"}
	if f.Kind == site.KindDefacement {
		hit.Attack = []string{"T1491.002"}
	}
	switch f.Kind {
	case site.KindDoorway:
		hit.Detail = fmt.Sprintf("%s: %d doorway pages (%s), e.g. %s", at("."), f.Count, f.Detail, path0)
		hit.DetailZh = fmt.Sprintf("%s：%d 个寄生虫桥页（无链接指向、不在站点地图中、堆砌黑帽关键词），例如 %s", at("."), f.Count, path0)
		if len(f.Hosts) > 0 {
			hit.DetailZh += "，跳转到 " + strings.Join(f.Hosts, ", ")
		}
	case site.KindDefacement:
		hit.Detail = fmt.Sprintf("%s: defacement (%s): %s", path0, f.Technique, f.Detail)
		hit.DetailZh = fmt.Sprintf("%s：网页篡改（%s），标题为 %q", path0, f.Technique, f.Title)
	default:
		hit.Detail = fmt.Sprintf("%s: %s (%s): %s", path0, f.Kind, f.Technique, f.Detail)
		hit.DetailZh = fmt.Sprintf("%s：%s（%s），标题为 %q", path0, kindZh(f.Kind), f.Technique, f.Title)
	}
	hit.Detail += "."
	hit.DetailZh += "。"
	return hit
}

// sheetCache reads a root's style sheets for darklink (same-site linked
// sheets), keeping the recent ones.
type sheetCache struct {
	c     *Context
	dir   string
	data  map[string][]byte
	errs  map[string]error
	bytes int
}

func newSheetCache(c *Context, dir string) *sheetCache {
	return &sheetCache{c: c, dir: dir, data: map[string][]byte{}, errs: map[string]error{}}
}

func (s *sheetCache) read(u string) ([]byte, error) {
	if b, ok := s.data[u]; ok {
		return b, nil
	}
	if err, ok := s.errs[u]; ok {
		return nil, err
	}
	name := path.Join(s.dir, strings.TrimPrefix(path.Clean("/"+u), "/"))
	b, err := s.c.ReadFile(name, darklink.MaxSheetBytes)
	if err != nil && len(b) == 0 {
		if len(s.errs) < 4096 {
			s.errs[u] = err
		}
		return nil, err
	}
	if len(s.data) < darkLinkSheetCache && s.bytes+len(b) <= darkLinkSheetCacheBytes {
		s.data[u] = b
		s.bytes += len(b)
	}
	return b, nil
}

// siteHosts drops wildcard and catch-all names ("_", "*.example.com" is
// kept as example.com).
func siteHosts(hosts []string) []string {
	var out []string
	for _, h := range hosts {
		h = strings.TrimPrefix(strings.ToLower(h), "*.")
		if h == "" || h == "_" || h == "localhost" || strings.ContainsAny(h, "*~^$") {
			continue
		}
		out = append(out, h)
	}
	return out
}

func darkLinkHit(name string, data []byte, res darklink.Result) Hit {
	sum := sha256.Sum256(data)
	ev := []finding.Evidence{{Path: name, SHA256: hex.EncodeToString(sum[:]), Fields: map[string]string{
		"level": res.Level.String(), "hits": fmt.Sprint(len(res.Hits)), "size": fmt.Sprint(len(data))}}}
	if res.Truncated {
		ev[0].Fields["truncated"] = fmt.Sprintf("only the first %d bytes were read", darklink.MaxInput)
	}
	if res.Library != "" {
		ev[0].Fields["library"] = res.Library
	}
	if len(res.NeedsRender) > 0 {
		ev[0].Fields["needs_render"] = strings.Join(res.NeedsRender, "; ")
	}
	var kinds []string
	onlyDriveBy := true
	for i, h := range res.Hits {
		if i >= darkLinkMaxEvidence {
			break
		}
		kinds = appendOnce(kinds, h.Kind)
		if h.Level >= darklink.Medium && h.Kind != darklink.KindHiddenIframe && h.Kind != darklink.KindScript {
			onlyDriveBy = false
		}
		f := map[string]string{"kind": h.Kind, "technique": h.Technique, "level": h.Level.String()}
		put := func(k string, v []string, sep string) {
			if len(v) > 0 {
				f[k] = strings.Join(v, sep)
			}
		}
		put("hosts", h.Hosts, ", ")
		put("anchor_texts", h.Texts, " | ")
		put("words", h.Words, ", ")
		put("families", h.Families, ", ")
		put("decoders", h.Steps, ", ")
		if h.Links > 0 {
			f["links"] = fmt.Sprint(h.Links)
		}
		if h.Injected {
			f["written_by_script"] = "yes"
		}
		if h.Source != "" {
			f["style_sheet_rule"] = h.Source
		}
		if h.Detail != "" {
			f["detail"] = h.Detail
		}
		ev = append(ev, finding.Evidence{Path: name, Line: h.Line, Excerpt: h.Excerpt, Fields: f})
	}
	top := res.Hits[0]
	hit := Hit{Evidence: ev, SeveritySet: true, Confidence: "medium"}
	switch res.Level {
	case darklink.High:
		hit.Severity = finding.High
		if len(top.Words) > 0 || top.Kind == darklink.KindHiddenIframe {
			hit.Confidence = "high"
		}
	case darklink.Medium:
		hit.Severity = finding.Medium
	default:
		hit.Severity, hit.Confidence = finding.Low, "low"
	}
	if onlyDriveBy {
		hit.Attack = []string{"T1608.004"}
	}
	hosts := strings.Join(top.Hosts, ", ")
	words := strings.Join(top.Words, ", ")
	if top.Kind == darklink.KindTitleTamper || top.Kind == darklink.KindKeyword {
		hit.Attack = []string{"T1608.006"}
	}
	hit.Detail = fmt.Sprintf("%s: %s (%s) at line %d", name, top.Kind, top.Technique, top.Line)
	hit.DetailZh = fmt.Sprintf("%s：第 %d 行 %s（%s）", name, top.Line, kindZh(top.Kind), top.Technique)
	if hosts != "" {
		hit.Detail += " to " + hosts
		hit.DetailZh += "，指向 " + hosts
	}
	if words != "" {
		hit.Detail += ", spam words " + words
		hit.DetailZh += "，关键词：" + words
	}
	if len(kinds) > 1 {
		hit.Detail += "; also " + strings.Join(kinds[1:], ", ")
		hit.DetailZh += "；另有 " + strings.Join(kinds[1:], ", ")
	}
	hit.Detail += "."
	hit.DetailZh += "。"
	return hit
}

func kindZh(k string) string {
	switch k {
	case darklink.KindHiddenLink:
		return "隐藏链接"
	case darklink.KindJSLink:
		return "脚本写入的链接"
	case darklink.KindHiddenIframe:
		return "隐藏 iframe"
	case darklink.KindScript:
		return "外部脚本"
	case darklink.KindKeyword:
		return "黑帽 SEO 关键词"
	case darklink.KindRedirect:
		return "按来源跳转"
	case darklink.KindTitleTamper:
		return "标题篡改"
	case site.KindDoorway:
		return "寄生虫桥页"
	case site.KindDefacement:
		return "网页篡改"
	}
	return k
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
