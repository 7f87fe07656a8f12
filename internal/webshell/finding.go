package webshell

import (
	"fmt"
	"strings"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

// Metadata of webshell findings, shared by `yingji webshell` and the scan
// check malware.webshell.
const (
	RuleID   = "malware.webshell"
	Attack   = "T1505.003" // Server Software Component: Web Shell
	Category = "MPTH"      // GB/T 20986-2023: Trojan horse (a backdoor on the web server)

	Title   = "Webshell in a web site"
	TitleZh = "网站中存在 WebShell"

	Advice = "Take the site offline or block the file, keep a copy as evidence (yingji collect), then remove the file; " +
		"find how it was planted (upload forms, vulnerable plug-ins, stolen FTP/panel passwords) from the web server's access log, " +
		"look for other files written at the same time, and change the credentials the site's code can read."
	AdviceZh = "下线站点或禁止访问该文件，先保留副本作为证据（yingji collect）再删除；通过 Web 访问日志排查植入途径（上传点、存在漏洞的插件、被盗的 FTP/面板口令），" +
		"检查同一时间写入的其他文件，并更换网站代码可读取到的各类凭据。"
)

// Severity maps a score to a finding severity and confidence.
func Severity(score int) (finding.Severity, string) {
	switch {
	case score >= verdict.High:
		return finding.Critical, "high"
	case score >= verdict.Report:
		return finding.High, "medium"
	}
	return finding.Low, "low"
}

// Explain returns the finding text for a result: why the file is a
// webshell, in English and Chinese, from its reported detections.
func Explain(r Result) (string, string) {
	var en, zh []string
	for _, d := range r.Detections {
		if verdict.IsNote(d) {
			en = append(en, "Note: "+d.Why+".")
			zh = append(zh, "注意："+d.WhyZh+"。")
			continue
		}
		if d.Score < verdict.Report && len(en) > 0 || len(en) >= 4 {
			continue
		}
		en = append(en, fmt.Sprintf("[%s, score %d] %s", d.Rule, d.Score, d.Why))
		zh = append(zh, fmt.Sprintf("[%s，评分 %d] %s", d.Rule, d.Score, d.WhyZh))
	}
	head := fmt.Sprintf("%s file", r.Lang)
	headZh := fmt.Sprintf("%s 文件", r.Lang)
	if r.Truncated {
		head += fmt.Sprintf(" (%d bytes; analysed its first %d and last %d bytes)", r.Size, MaxFileSize-TailSize, TailSize)
		headZh += fmt.Sprintf("（%d 字节；分析了开头 %d 字节与末尾 %d 字节）", r.Size, MaxFileSize-TailSize, TailSize)
	}
	if r.Tagless {
		head += " without a <?php tag (a payload: PHP prints it when the file is requested and runs it when another script passes it to eval)"
		headZh += "（无 <?php 标记的载荷：直接访问时 PHP 原样输出，被其他脚本读入 eval 时执行）"
	}
	return head + ": " + strings.Join(en, " "), headZh + "：" + strings.Join(zh, " ")
}

// Evidence returns the evidence of a result: the file, then for each
// reported detection its source, steps and sink as lines of the file.
// path is the file's name as seen on the target.
func Evidence(r Result, path string) []finding.Evidence {
	ev := []finding.Evidence{{Path: path, SHA256: r.SHA256, Fields: map[string]string{
		"language": r.Lang.String(), "score": fmt.Sprint(r.Score), "size": fmt.Sprint(r.Size)}}}
	if fam := family(r); fam != "" {
		ev[0].Fields["family"] = fam
	}
	for _, d := range r.Detections {
		if d.Score < verdict.Report {
			continue
		}
		add := func(role string, p *verdict.Point) {
			if p == nil {
				return
			}
			ev = append(ev, finding.Evidence{Path: path, Line: p.Line, Excerpt: p.Excerpt,
				Fields: map[string]string{"role": role, "what": p.What, "detection": d.Rule}})
		}
		add("source", d.Source)
		for i := range d.Steps {
			add("step", &d.Steps[i])
		}
		add("sink", d.Sink)
		if len(ev) > 24 {
			break
		}
	}
	return ev
}

func family(r Result) string {
	for _, d := range r.Detections {
		if d.Family != "" {
			return d.Family
		}
	}
	return ""
}

// A Kind is what a reported file is, for its finding's title, ATT&CK
// techniques and event category: a webshell, or one of the scripts the
// php.abuse rules find, which serve the attacker without being a command
// shell (a phishing kit's collector is filed as phishing, a parasite page
// as dark links).
type Kind struct {
	Title, TitleZh string
	Attack         []string
	Category       string
}

// webshellKind is the Kind of a webshell.
var webshellKind = Kind{Title, TitleZh, []string{Attack}, Category}

var abuseKinds = map[string]Kind{
	"php.abuse.phish-collector":  {"Phishing kit's collector in a web site", "网站中存在钓鱼页面的收信脚本", []string{"T1608.005", "T1584.004"}, "NAPHISH"},
	"php.abuse.mass-mailer":      {"Spam mailer in a web site", "网站中存在群发垃圾邮件脚本", []string{"T1584.004"}, "NAOT"},
	"php.abuse.parasite":         {"Parasite SEO page (cloaking, spam content) in a web site", "网站中存在寄生虫（黑帽 SEO）页面", []string{"T1608.006"}, "NATAMPER"},
	"php.abuse.link-client":      {"Dark-link client in a web site", "网站中存在黑链程序", []string{"T1608.006"}, "NATAMPER"},
	"php.abuse.content-injector": {"Link-injection backdoor in a web site", "网站中存在植入黑链的后门", []string{"T1608.006", "T1505.003"}, "NATAMPER"},
	"php.abuse.open-proxy":       {"Open proxy script in a web site", "网站中存在开放代理脚本", []string{"T1090"}, "NAOT"},
	"php.abuse.reverse-ip":       {"Reverse-IP scanner in a web site", "网站中存在旁站（反查 IP）扫描脚本", []string{"T1595"}, "NASCAN"},
	"php.abuse.security-off":     {"Script switching off security plug-ins", "网站中存在关闭安全插件的恶意脚本", []string{"T1562.001"}, "ABOT"},
	"php.abuse.payload-server":   {"Webshell code served from a web site", "网站中存在分发 WebShell 代码的脚本", []string{"T1608.001"}, "MPTH"},
	"php.abuse.probe":            {"Attacker's discovery probe in a web site", "网站中存在攻击者的探测脚本", []string{"T1033", "T1082", "T1087"}, "MPOT"},
	"php.abuse.defacement":       {"Defaced page in a web site", "网站页面被篡改（黑页）", []string{"T1491.002"}, "NATAMPER"},
}

// KindOf returns the Kind of a reported result: a webshell when any of
// its reported detections is a webshell's, else the kind of its first
// (highest-scoring) one.
func KindOf(r Result) Kind {
	var k *Kind
	for _, d := range r.Detections {
		if d.Score < verdict.Report {
			continue
		}
		ak, ok := abuseKinds[d.Rule]
		if !ok {
			return webshellKind
		}
		if k == nil {
			k = &ak
		}
	}
	if k == nil {
		return webshellKind
	}
	return *k
}

// Finding turns a reported result into a finding; path is the file as seen
// on the target.
func Finding(r Result, path string) finding.Finding {
	sev, conf := Severity(r.Score)
	why, whyZh := Explain(r)
	k := KindOf(r)
	return finding.Finding{
		Rule: RuleID, Severity: sev, Confidence: conf,
		Title: k.Title, TitleZh: k.TitleZh,
		Description: why, DescriptionZh: whyZh,
		Attack: k.Attack, Category: k.Category,
		Evidence: Evidence(r, path),
		Advice:   Advice, AdviceZh: AdviceZh,
	}
}
