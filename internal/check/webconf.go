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
	"github.com/yingji/yingji/internal/web/serverconf"
	"github.com/yingji/yingji/internal/webroot"
)

// Bounds of web.config_injection.
const (
	confInjMaxServerFiles = 4000
	confInjMaxRootFiles   = 200_000
	confInjMaxEvidence    = 16
	confInjMaxPrepends    = 64
)

// confInjServerDirs hold web server configurations (nginx, Apache, the
// BT panel's, OpenResty's, Tengine's) and PHP-FPM pools.
var confInjServerDirs = []string{"etc/nginx", "usr/local/nginx/conf", "usr/local/openresty/nginx/conf", "usr/local/tengine/conf",
	"www/server/nginx/conf", "www/server/panel/vhost", "etc/apache2", "etc/httpd", "usr/local/apache2/conf", "usr/local/apache/conf",
	"www/server/apache/conf", "opt/lampp/etc", "etc/php-fpm.d", "etc/php/*/fpm/pool.d", "usr/local/php*/etc/php-fpm.d", "www/server/php/*/etc"}

// confInjIniGlobs are PHP's ini files.
var confInjIniGlobs = []string{"etc/php.ini", "etc/php.d/*.ini", "etc/php/*/*/php.ini", "etc/php/*/*/conf.d/*.ini", "etc/php/*/mods-available/*.ini",
	"usr/local/php*/etc/php.ini", "usr/local/php*/lib/php.ini", "usr/local/lib/php.ini", "www/server/php/*/etc/php.ini",
	"etc/opt/remi/php*/php.ini", "etc/opt/remi/php*/php.d/*.ini", "opt/lampp/etc/php.ini"}

// confInjRootNames are the per-directory configurations read under web roots.
var confInjRootNames = map[string]bool{".htaccess": true, ".user.ini": true, "web.config": true, "php.ini": true}

func init() {
	Register(&Check{
		ID: "web.config_injection", Family: "web",
		Title:   "Search-engine hijacking or page injection in web server or PHP configuration",
		TitleZh: "Web 服务器或 PHP 配置中存在搜索引擎劫持或页面注入",
		Description: "A web server or PHP configuration sends only search engine spiders, or only visitors coming from a search engine (or mobile visitors from one), to another host or to a script in a temporary or hidden place " +
			"(Apache and .htaccess RewriteCond on the user agent or referer, nginx if ($http_user_agent …) with rewrite, return or proxy_pass, IIS web.config rewrite rules), " +
			"sends error pages to another host, injects hidden links into every page through an output filter (nginx sub_filter, Apache Substitute), " +
			"or makes PHP run a file in a temporary or hidden place before or after every page (auto_prepend_file, auto_append_file in php.ini, .user.ini, php_value or PHP_VALUE); " +
			"or PHP code serves spiders content fetched from another host, or rewrites the page's output buffer to add links. These are spider hijacking (蜘蛛劫持) and snapshot hijacking (快照劫持): " +
			"search engines index the attacker's spam while the site's owners see nothing. Mobile-site redirects within the same domain, http-to-https and www redirects, front-controller rewrites, hot-link protection, bot blocking, prerendering services and WAF prepend files are not reported.",
		DescriptionZh: "Web 服务器或 PHP 配置只把搜索引擎爬虫、或只把来自搜索引擎的访客（或来自搜索引擎的移动端访客）转到其他主机或临时、隐藏位置的脚本" +
			"（Apache 与 .htaccess 中针对 User-Agent 或 Referer 的 RewriteCond，nginx 的 if ($http_user_agent …) 配合 rewrite、return 或 proxy_pass，IIS web.config 重写规则），" +
			"把错误页面指向其他主机，通过输出过滤（nginx sub_filter、Apache Substitute）向每个页面注入隐藏链接，" +
			"或让 PHP 在每个页面前后执行位于临时或隐藏位置的文件（php.ini、.user.ini、php_value 或 PHP_VALUE 中的 auto_prepend_file、auto_append_file）；" +
			"或 PHP 代码向爬虫输出从其他主机获取的内容，或改写页面输出缓冲区以追加链接。这是蜘蛛劫持与快照劫持：搜索引擎收录攻击者的垃圾内容，而网站管理者看不到异常。" +
			"同一域名内的移动站跳转、http 到 https 与 www 跳转、前端控制器重写、防盗链、屏蔽爬虫、预渲染服务以及 WAF 的 prepend 文件不会报告。",
		Verify: "Open the configuration at the lines the evidence names and read the rule, its conditions and its target; compare the file with the server's package or backup copy and check its modification time; " +
			"fetch a page with a spider user agent (curl -A Baiduspider) and with a search engine referer (curl -e https://www.baidu.com/s?wd=x) and compare with a plain fetch; read the prepended file the setting names.",
		VerifyZh: "打开证据中列出的配置文件和行，查看规则、条件及目标；将文件与软件包或备份中的版本对照并检查修改时间；" +
			"分别以爬虫 UA（curl -A Baiduspider）和搜索引擎来源（curl -e https://www.baidu.com/s?wd=x）访问页面，与普通访问对比；查看配置指向的 prepend 文件内容。",
		Advice: "Remove the injected rules and settings and restore the configuration from a clean copy; delete the prepended or rewrite-target files after preserving them as evidence; reload the web server and PHP-FPM; " +
			"find how the configuration was written (webshell, panel, FTP or SSH password) from the logs around its modification time; ask the search engines to recrawl the site.",
		AdviceZh: "删除被注入的规则和设置，从干净副本恢复配置；在留存证据后删除被 prepend 或重写目标的文件；重新加载 Web 服务器和 PHP-FPM；" +
			"结合配置文件修改时间前后的日志查明写入途径（WebShell、面板、FTP 或 SSH 口令）；请求搜索引擎重新抓取站点。",
		// Cloaking for spiders is SEO poisoning; a prepended file PHP runs
		// with every page is a server software component.
		Attack:   []string{"T1608.006", "T1505"},
		Category: "NAHIJACK",
		Severity: finding.High,
		Needs:    NeedsFiles,
		Reads:    []string{"web server configuration", "PHP configuration", "web roots"},
		Run:      runConfigInjection,
	})
}

type confInj struct {
	c        *Context
	done     map[string]bool
	prepends []prependRef
}

type prependRef struct {
	target, from string
	hosts        []string
}

func runConfigInjection(c *Context) error {
	ci := &confInj{c: c, done: map[string]bool{}}
	// server configurations
	files := 0
	for _, pat := range confInjServerDirs {
		for _, dir := range c.Glob(pat) {
			err := fs.WalkDir(c.Src(), dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || c.Err() != nil {
					return c.Err()
				}
				if d.IsDir() {
					if strings.Count(strings.TrimPrefix(p, dir), "/") > 4 {
						return fs.SkipDir
					}
					return nil
				}
				if !d.Type().IsRegular() {
					return nil
				}
				ext := strings.ToLower(path.Ext(p))
				if ext != ".conf" && ext != ".vhost" && ext != ".ini" && ext != "" && !confInjRootNames[path.Base(p)] {
					return nil
				}
				if files++; files > confInjMaxServerFiles {
					return fs.SkipAll
				}
				ci.file(p, "", nil)
				return nil
			})
			if err != nil && err != fs.SkipAll && c.Err() != nil {
				return c.Err()
			}
		}
	}
	for _, pat := range confInjIniGlobs {
		for _, p := range c.Glob(pat) {
			ci.file(p, serverconf.FormatPHPIni, nil)
		}
	}
	// web roots: per-directory configurations and PHP code
	roots, _ := webroot.Find(c.Src(), c.env.webRoots)
	files = 0
	for _, r := range roots {
		hosts := siteHosts(r.Hosts)
		err := walkSite(c, r.Path, func(p string, d fs.DirEntry) error {
			name := strings.ToLower(d.Name())
			if !confInjRootNames[name] && path.Ext(name) != ".php" {
				return nil
			}
			if files++; files > confInjMaxRootFiles {
				return fs.SkipAll
			}
			ci.file(p, "", hosts)
			return nil
		})
		if err != nil {
			return err
		}
	}
	if files > confInjMaxRootFiles {
		c.Note("stopped after %d configuration and PHP files of the web roots", confInjMaxRootFiles)
	}
	// the files auto_prepend_file and auto_append_file name
	for i := 0; i < len(ci.prepends) && i < confInjMaxPrepends && c.Err() == nil; i++ {
		pr := ci.prepends[i]
		t := pr.target
		if !strings.HasPrefix(t, "/") {
			t = path.Join("/", path.Dir("/"+pr.from), t) // relative to the directory of .user.ini
		}
		ci.file(strings.TrimPrefix(path.Clean(t), "/"), serverconf.FormatPHP, pr.hosts, "prepended by /"+pr.from)
	}
	return c.Err()
}

// file analyses one file and reports it.
func (ci *confInj) file(p, format string, hosts []string, note ...string) {
	key := p
	if len(note) > 0 {
		key += "\x00prepended"
	}
	if ci.done[key] {
		return
	}
	ci.done[key] = true
	data, err := ci.c.ReadFile(p, serverconf.MaxInput)
	if err != nil && len(data) == 0 {
		return
	}
	res := serverconf.Analyze(p, data, serverconf.Options{SiteHosts: hosts, Format: format, Prepended: len(note) > 0})
	for _, t := range res.Prepends {
		if darklink.HostOf(t) == "" {
			ci.prepends = append(ci.prepends, prependRef{target: t, from: p, hosts: hosts})
		}
	}
	if res.Level < darklink.Low {
		return
	}
	ci.c.Report(confInjHit("/"+p, data, res, note))
}

func confInjHit(name string, data []byte, res serverconf.Result, note []string) Hit {
	sum := sha256.Sum256(data)
	ev := []finding.Evidence{{Path: name, SHA256: hex.EncodeToString(sum[:]), Fields: map[string]string{
		"format": res.Format, "level": res.Level.String(), "hits": fmt.Sprint(len(res.Hits)), "size": fmt.Sprint(len(data))}}}
	if len(note) > 0 {
		ev[0].Fields["note"] = strings.Join(note, "; ")
	}
	if len(res.Prepends) > 0 {
		ev[0].Fields["prepended_files"] = strings.Join(res.Prepends, ", ")
	}
	var kinds []string
	onlyPrepend := true
	for i, h := range res.Hits {
		if i >= confInjMaxEvidence {
			break
		}
		kinds = appendOnce(kinds, h.Kind+"/"+h.Technique)
		if h.Level >= darklink.Medium && h.Technique != serverconf.AutoPrepend && h.Technique != serverconf.OutputRewrite {
			onlyPrepend = false
		}
		f := map[string]string{"kind": h.Kind, "technique": h.Technique, "level": h.Level.String()}
		if len(h.Hosts) > 0 {
			f["hosts"] = strings.Join(h.Hosts, ", ")
		}
		if h.Target != "" {
			f["target"] = h.Target
		}
		if len(h.Conditions) > 0 {
			f["conditions"] = strings.Join(h.Conditions, " AND ")
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
		hit.Severity, hit.Confidence = finding.High, "high"
	case darklink.Medium:
		hit.Severity = finding.Medium
	default:
		hit.Severity, hit.Confidence = finding.Low, "low"
	}
	if onlyPrepend && res.Level >= darklink.Medium {
		hit.Attack = []string{"T1505", "T1608.006"}
	} else {
		hit.Attack = []string{"T1608.006"}
	}
	hit.Detail = fmt.Sprintf("%s: %s (%s) at line %d", name, top.Kind, top.Technique, top.Line)
	hit.DetailZh = fmt.Sprintf("%s：第 %d 行 %s（%s）", name, top.Line, confKindZh(top.Kind, top.Technique), top.Technique)
	if top.Target != "" {
		hit.Detail += " to " + top.Target
		hit.DetailZh += "，目标 " + top.Target
	}
	if top.Detail != "" {
		hit.Detail += ": " + top.Detail
	}
	if len(kinds) > 1 {
		hit.Detail += "; also " + strings.Join(kinds[1:], ", ")
		hit.DetailZh += "；另有 " + strings.Join(kinds[1:], ", ")
	}
	hit.Detail += "."
	hit.DetailZh += "。"
	return hit
}

func confKindZh(kind, technique string) string {
	switch technique {
	case serverconf.SpiderUA:
		return "按爬虫 UA 劫持"
	case serverconf.SearchReferer:
		return "按搜索引擎来源劫持"
	case serverconf.MobileReferer:
		return "按搜索引擎来源劫持移动端访客"
	case serverconf.SubFilter:
		return "输出过滤注入"
	case serverconf.AutoPrepend:
		return "PHP 自动前置/追加文件"
	case serverconf.ErrorDocument:
		return "错误页面指向其他主机"
	case serverconf.OutputRewrite:
		return "改写输出缓冲区"
	case serverconf.HeaderInjected:
		return "响应头跳转"
	}
	if kind == serverconf.KindCloaking {
		return "差异化内容（cloaking）"
	}
	return "配置注入"
}
