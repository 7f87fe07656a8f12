package check

import (
	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/logs"
	"github.com/yingji/yingji/rules"
)

// The log check runs the Sigma detections of internal/logs over the
// system, auditd and web access logs of the target. Login records and
// shell histories are left to the logins checks, which read them already.

func init() {
	Register(&Check{
		ID: "logs.detections", Family: "logs",
		Title:         "Attacks and intrusion traces in the system and web logs",
		TitleZh:       "系统与 Web 日志中的攻击与入侵痕迹",
		Description:   "The Sigma rules for logs (SSH brute force and the login that followed, root logins, account changes, sudo and su abuse, commands run through sudo or recorded by auditd, web attacks and scanners) matched the target's syslog, auditd and access logs. Each rule gives its own finding.",
		DescriptionZh: "日志 Sigma 规则（SSH 暴力破解及随后的登录、root 登录、账户变更、sudo/su 滥用、sudo 或 auditd 记录的命令、Web 攻击与扫描器）在目标的 syslog、auditd 与访问日志中命中，每条规则单独给出结果。",
		Verify:        "Read the quoted log lines in the files named; compare with the other logs of the same time.",
		VerifyZh:      "查看结果中引用的日志行及所在文件，并与同一时段的其他日志相互印证。",
		Advice:        "Follow the advice of each finding.",
		AdviceZh:      "按各条结果的处置建议操作。",
		Attack:        []string{"T1110", "T1190"},
		Category:      "NAPWD",
		Severity:      finding.Medium,
		Needs:         NeedsFiles,
		Reads:         []string{"/var/log (auth.log, secure, syslog, messages, audit/audit.log)", "web server access logs"},
		Run:           runLogs,
	})
}

func runLogs(c *Context) error {
	set, err := rules.SigmaSet()
	if err != nil {
		return err
	}
	all, opts, _ := logs.FindSource(c.Src(), c.env.webRoots) // what cannot be read does not stop the rest
	var files []logs.File
	for _, f := range all {
		switch f.Kind {
		case logs.KindSyslog, logs.KindAuditd, logs.KindAccess:
			files = append(files, f)
		}
	}
	fs, _ := logs.Analyze(c, c.Src(), files, set, opts, nil)
	for _, f := range fs {
		c.ReportFinding(f)
	}
	return nil
}
