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

// Finding turns a reported result into a finding; path is the file as seen
// on the target.
func Finding(r Result, path string) finding.Finding {
	sev, conf := Severity(r.Score)
	why, whyZh := Explain(r)
	return finding.Finding{
		Rule: RuleID, Severity: sev, Confidence: conf,
		Title: Title, TitleZh: TitleZh,
		Description: why, DescriptionZh: whyZh,
		Attack: []string{Attack}, Category: Category,
		Evidence: Evidence(r, path),
		Advice:   Advice, AdviceZh: AdviceZh,
	}
}
