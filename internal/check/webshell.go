package check

import (
	"strings"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/webroot"
	"github.com/yingji/yingji/internal/webshell"
)

// webshellMaxFiles bounds the files analysed in one run over all web roots.
const webshellMaxFiles = 500_000

func init() {
	Register(&Check{
		ID: webshell.RuleID, Family: "malware",
		Title:         webshell.Title,
		TitleZh:       webshell.TitleZh,
		Description:   "A file under a web root (found from the nginx, Apache and Tomcat configurations and the usual places) behaves as a webshell: request input reaches code or command execution, a file write or an upload, directly or through obfuscation the analysis decodes. PHP scripts that serve the attacker without being a command shell (phishing-kit collectors, spam mailers, parasite SEO pages and dark-link clients, open proxies, discovery probes, defaced pages) are reported under their own title, technique and category.",
		DescriptionZh: "网站根目录（根据 nginx、Apache、Tomcat 配置及常见位置确定）中的文件具有 WebShell 行为：请求输入直接或经混淆（分析时已解码）到达代码/命令执行、文件写入或上传。不是命令后门但为攻击者服务的 PHP 脚本（钓鱼页面收信脚本、群发垃圾邮件脚本、寄生虫 SEO 页面与黑链程序、开放代理、探测脚本、被篡改的黑页）以各自的标题、技术编号和事件分类报告。",
		Verify:        "Read the lines the evidence names (source, decoding steps, sink); check the file's times and owner against the site's deployment, and look for requests to it in the access log.",
		VerifyZh:      "查看证据中列出的行（输入、解码步骤、危险操作）；将文件的时间与属主和网站的部署记录对照，并在访问日志中查找对该文件的请求。",
		Advice:        webshell.Advice,
		AdviceZh:      webshell.AdviceZh,
		Attack:        []string{webshell.Attack},
		Category:      webshell.Category,
		Severity:      finding.Critical,
		Needs:         NeedsFiles,
		Reads:         []string{"web roots"},
		Run:           runWebshell,
	})
}

func runWebshell(c *Context) error {
	roots, _ := webroot.Find(c.Src(), c.env.webRoots) // problems with configurations do not stop the scan
	// Roots come sorted; one inside another is scanned with it.
	var dirs []string
	for _, r := range roots {
		if n := len(dirs); n > 0 && (dirs[n-1] == "." || strings.HasPrefix(r.Path, dirs[n-1]+"/")) {
			continue
		}
		dirs = append(dirs, r.Path)
	}
	if len(dirs) == 0 {
		return nil
	}
	return webshell.ScanFS(c, c.Src(), dirs, webshell.Options{MaxFiles: webshellMaxFiles}, func(r webshell.Result) {
		if r.Err != nil || !r.Reported() {
			return
		}
		sev, conf := webshell.Severity(r.Score)
		why, whyZh := webshell.Explain(r)
		k := webshell.KindOf(r)
		c.Report(Hit{Severity: sev, SeveritySet: true, Confidence: conf, Detail: why, DetailZh: whyZh,
			Title: k.Title, TitleZh: k.TitleZh, Attack: k.Attack, Category: k.Category,
			Evidence: webshell.Evidence(r, "/"+r.Path)})
	})
}
