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
	"github.com/yingji/yingji/internal/webroot"
)

// Bounds of web.dark_link over all web roots of a run.
const (
	darkLinkMaxFiles    = 200_000
	darkLinkMaxEvidence = 24
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
		Title:   "Dark links, hidden iframes or injected scripts in web pages",
		TitleZh: "网页中存在暗链、隐藏 iframe 或被注入的脚本",
		Description: "A page, template or script under a web root (found from the nginx, Apache and Tomcat configurations and the usual places) hides links to other sites " +
			"(display:none, off-screen, zero-size or clipped boxes, tiny marquees, text-indent, low contrast, or HTML written by obfuscated JavaScript), " +
			"hides an iframe to another host, or loads a script from another host through obfuscated code: the marks of search-engine spam (暗链) and drive-by injection. " +
			"Spam words (gambling, lottery, pornography, fake invoices, private game servers, loans) are matched after decoding entities, full-width letters, zero-width characters and traditional characters.",
		DescriptionZh: "网站根目录（根据 nginx、Apache、Tomcat 配置及常见位置确定）中的页面、模板或脚本隐藏了指向其他站点的链接" +
			"（display:none、移出屏幕、零尺寸或裁剪、极小的 marquee、text-indent、低对比度，或由混淆 JavaScript 写入的 HTML），" +
			"隐藏了指向其他主机的 iframe，或经混淆代码加载其他主机的脚本：这是搜索引擎黑帽 SEO 暗链和网页挂马的特征。" +
			"博彩、彩票、色情、代开发票、私服、网贷等关键词在解码实体、全角字符、零宽字符和繁体字后匹配。",
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
		Attack:   []string{"T1608.006", "T1608.004"},
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
		opt := darklink.Options{SiteHosts: siteHosts(root.hosts)}
		err := fs.WalkDir(c.Src(), root.dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root.dir {
					return err
				}
				return nil
			}
			if c.Err() != nil {
				return c.Err()
			}
			if d.IsDir() {
				if p != root.dir && darkLinkSkipDirs[d.Name()] {
					return fs.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() || !darkLinkExts[strings.ToLower(path.Ext(p))] {
				return nil
			}
			if files++; files > darkLinkMaxFiles {
				return fs.SkipAll
			}
			data, err := c.ReadFile(p, darklink.MaxInput)
			if err != nil && len(data) == 0 {
				return nil
			}
			res := darklink.Analyze(p, data, opt)
			if res.Level < darklink.Low {
				return nil
			}
			c.Report(darkLinkHit("/"+p, data, res))
			return nil
		})
		if err != nil && err != fs.SkipAll && c.Err() == nil && !IsNotExist(err) {
			return err
		}
		if files > darkLinkMaxFiles || c.Err() != nil {
			break
		}
	}
	return c.Err()
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
