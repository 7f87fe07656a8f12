// Package attack names the MITRE ATT&CK (Enterprise) techniques and
// tactics that yingji's detections cite, so a report can order an attack
// chain by tactic and show names beside the ids.
//
// The table holds the techniques the checks, rules and analyzers use (a
// test keeps it complete) with their tactics in ATT&CK's order of
// preference for telling the story of an intrusion on a Linux server: the
// first tactic is the one the attack chain files the technique under.
package attack

import (
	"strings"
)

// Tactic is an ATT&CK tactic.
type Tactic struct {
	ID     string // TA0001
	Name   string
	NameZh string
	Order  int // position in the kill chain, reconnaissance first
}

// Tactics in kill-chain order.
var Tactics = []Tactic{
	{"TA0043", "Reconnaissance", "侦察", 1},
	{"TA0042", "Resource Development", "资源开发", 2},
	{"TA0001", "Initial Access", "初始访问", 3},
	{"TA0002", "Execution", "执行", 4},
	{"TA0003", "Persistence", "持久化", 5},
	{"TA0004", "Privilege Escalation", "权限提升", 6},
	{"TA0005", "Defense Evasion", "防御规避", 7},
	{"TA0006", "Credential Access", "凭据访问", 8},
	{"TA0007", "Discovery", "发现", 9},
	{"TA0008", "Lateral Movement", "横向移动", 10},
	{"TA0009", "Collection", "收集", 11},
	{"TA0011", "Command and Control", "命令与控制", 12},
	{"TA0010", "Exfiltration", "数据渗出", 13},
	{"TA0040", "Impact", "影响", 14},
}

// Technique is an ATT&CK technique or sub-technique.
type Technique struct {
	ID      string
	Name    string
	NameZh  string
	Tactics []string // tactic ids, the one the attack chain uses first
}

// Tactic shorthands for the table.
const (
	recon    = "TA0043"
	resource = "TA0042"
	initial  = "TA0001"
	exec     = "TA0002"
	persist  = "TA0003"
	privesc  = "TA0004"
	evasion  = "TA0005"
	creds    = "TA0006"
	discover = "TA0007"
	lateral  = "TA0008"
	collect  = "TA0009"
	c2       = "TA0011"
	impact   = "TA0040"
)

var techniques = []Technique{
	{"T1003", "OS Credential Dumping", "操作系统凭据转储", []string{creds}},
	{"T1003.008", "/etc/passwd and /etc/shadow", "读取 /etc/passwd 与 /etc/shadow", []string{creds}},
	{"T1014", "Rootkit", "Rootkit", []string{evasion}},
	{"T1021", "Remote Services", "远程服务", []string{lateral}},
	{"T1021.004", "SSH", "SSH 远程登录", []string{lateral}},
	{"T1027", "Obfuscated Files or Information", "混淆文件或信息", []string{evasion}},
	{"T1027.011", "Fileless Storage", "无文件存储", []string{evasion}},
	{"T1033", "System Owner/User Discovery", "系统所有者/用户发现", []string{discover}},
	{"T1036", "Masquerading", "伪装", []string{evasion}},
	{"T1036.004", "Masquerade Task or Service", "伪装任务或服务", []string{evasion}},
	{"T1036.005", "Match Legitimate Name or Location", "仿冒合法名称或位置", []string{evasion}},
	{"T1036.006", "Space after Filename", "文件名后加空格", []string{evasion}},
	{"T1037", "Boot or Logon Initialization Scripts", "启动或登录初始化脚本", []string{persist, privesc}},
	{"T1037.004", "RC Scripts", "RC 启动脚本", []string{persist, privesc}},
	{"T1040", "Network Sniffing", "网络嗅探", []string{creds, discover}},
	{"T1049", "System Network Connections Discovery", "网络连接发现", []string{discover}},
	{"T1053", "Scheduled Task/Job", "计划任务", []string{persist, exec, privesc}},
	{"T1053.002", "At", "at 计划任务", []string{persist, exec, privesc}},
	{"T1053.003", "Cron", "cron 计划任务", []string{persist, exec, privesc}},
	{"T1053.006", "Systemd Timers", "systemd 定时器", []string{persist, exec, privesc}},
	{"T1056", "Input Capture", "输入捕获", []string{collect, creds}},
	{"T1059", "Command and Scripting Interpreter", "命令与脚本解释器", []string{exec}},
	{"T1059.004", "Unix Shell", "Unix Shell", []string{exec}},
	{"T1059.006", "Python", "Python", []string{exec}},
	{"T1068", "Exploitation for Privilege Escalation", "利用漏洞提权", []string{privesc}},
	{"T1070", "Indicator Removal", "痕迹清除", []string{evasion}},
	{"T1070.002", "Clear Linux or Mac System Logs", "清除系统日志", []string{evasion}},
	{"T1070.003", "Clear Command History", "清除命令历史", []string{evasion}},
	{"T1070.004", "File Deletion", "删除文件", []string{evasion}},
	{"T1070.006", "Timestomp", "篡改文件时间", []string{evasion}},
	{"T1071", "Application Layer Protocol", "应用层协议通信", []string{c2}},
	{"T1078", "Valid Accounts", "有效账户", []string{initial, persist, privesc, evasion}},
	{"T1078.003", "Local Accounts", "本地账户", []string{initial, persist, privesc, evasion}},
	{"T1082", "System Information Discovery", "系统信息发现", []string{discover}},
	{"T1087", "Account Discovery", "账户发现", []string{discover}},
	{"T1090", "Proxy", "代理", []string{c2}},
	{"T1095", "Non-Application Layer Protocol", "非应用层协议通信", []string{c2}},
	{"T1098", "Account Manipulation", "账户操纵", []string{persist, privesc}},
	{"T1098.004", "SSH Authorized Keys", "SSH 授权密钥", []string{persist, privesc}},
	{"T1105", "Ingress Tool Transfer", "下载攻击工具", []string{c2}},
	{"T1110", "Brute Force", "暴力破解", []string{creds}},
	{"T1110.001", "Password Guessing", "口令猜解", []string{creds}},
	{"T1110.002", "Password Cracking", "口令破解", []string{creds}},
	{"T1110.003", "Password Spraying", "口令喷洒", []string{creds}},
	{"T1133", "External Remote Services", "外部远程服务", []string{initial, persist}},
	{"T1136", "Create Account", "创建账户", []string{persist}},
	{"T1136.001", "Local Account", "创建本地账户", []string{persist}},
	{"T1189", "Drive-by Compromise", "水坑/挂马攻击", []string{initial}},
	{"T1190", "Exploit Public-Facing Application", "利用对外应用漏洞", []string{initial}},
	{"T1205", "Traffic Signaling", "流量信号（端口敲门）", []string{persist, evasion, c2}},
	{"T1222", "File and Directory Permissions Modification", "修改文件权限", []string{evasion}},
	{"T1222.002", "Linux and Mac File and Directory Permissions Modification", "修改 Linux 文件权限", []string{evasion}},
	{"T1491", "Defacement", "网页篡改", []string{impact}},
	{"T1491.001", "Internal Defacement", "内部篡改", []string{impact}},
	{"T1491.002", "External Defacement", "外部网页篡改", []string{impact}},
	{"T1496", "Resource Hijacking", "资源劫持（挖矿）", []string{impact}},
	{"T1499", "Endpoint Denial of Service", "终端拒绝服务", []string{impact}},
	{"T1505", "Server Software Component", "服务器软件组件", []string{persist}},
	{"T1505.003", "Web Shell", "WebShell", []string{persist}},
	{"T1543", "Create or Modify System Process", "创建或修改系统进程", []string{persist, privesc}},
	{"T1543.002", "Systemd Service", "systemd 服务", []string{persist, privesc}},
	{"T1546", "Event Triggered Execution", "事件触发执行", []string{persist, privesc}},
	{"T1546.004", "Unix Shell Configuration Modification", "修改 Shell 配置", []string{persist, privesc}},
	{"T1546.005", "Trap", "trap 触发", []string{persist, privesc}},
	{"T1547", "Boot or Logon Autostart Execution", "开机或登录自启动", []string{persist, privesc}},
	{"T1547.006", "Kernel Modules and Extensions", "内核模块", []string{persist, privesc}},
	{"T1547.013", "XDG Autostart Entries", "XDG 自启动项", []string{persist, privesc}},
	{"T1548", "Abuse Elevation Control Mechanism", "滥用提权机制", []string{privesc, evasion}},
	{"T1548.001", "Setuid and Setgid", "Setuid 与 Setgid", []string{privesc, evasion}},
	{"T1548.003", "Sudo and Sudo Caching", "sudo 及其凭据缓存", []string{privesc, evasion}},
	{"T1552", "Unsecured Credentials", "未受保护的凭据", []string{creds}},
	{"T1552.004", "Private Keys", "私钥", []string{creds}},
	{"T1553", "Subvert Trust Controls", "破坏信任控制", []string{evasion}},
	{"T1553.004", "Install Root Certificate", "安装根证书", []string{evasion}},
	{"T1554", "Compromise Host Software Binary", "篡改主机软件程序", []string{persist}},
	{"T1556", "Modify Authentication Process", "修改认证流程", []string{creds, evasion, persist}},
	{"T1556.003", "Pluggable Authentication Modules", "PAM 模块", []string{creds, evasion, persist}},
	{"T1557", "Adversary-in-the-Middle", "中间人攻击", []string{creds, collect}},
	{"T1557.002", "ARP Cache Poisoning", "ARP 欺骗", []string{creds, collect}},
	{"T1562", "Impair Defenses", "削弱防御", []string{evasion}},
	{"T1562.001", "Disable or Modify Tools", "停用或修改安全工具", []string{evasion}},
	{"T1562.003", "Impair Command History Logging", "破坏命令历史记录", []string{evasion}},
	{"T1562.004", "Disable or Modify System Firewall", "停用或修改防火墙", []string{evasion}},
	{"T1562.012", "Disable or Modify Linux Audit System", "停用或修改 Linux 审计", []string{evasion}},
	{"T1564", "Hide Artifacts", "隐藏痕迹", []string{evasion}},
	{"T1564.001", "Hidden Files and Directories", "隐藏文件和目录", []string{evasion}},
	{"T1565", "Data Manipulation", "数据篡改", []string{impact}},
	{"T1565.001", "Stored Data Manipulation", "存储数据篡改", []string{impact}},
	{"T1571", "Non-Standard Port", "非标准端口", []string{c2}},
	{"T1574", "Hijack Execution Flow", "劫持执行流", []string{persist, privesc, evasion}},
	{"T1574.006", "Dynamic Linker Hijacking", "动态链接器劫持", []string{persist, privesc, evasion}},
	{"T1574.010", "Services File Permissions Weakness", "服务文件权限缺陷", []string{persist, privesc, evasion}},
	{"T1584", "Compromise Infrastructure", "入侵基础设施", []string{resource}},
	{"T1584.002", "DNS Server", "DNS 服务器", []string{resource}},
	{"T1584.004", "Server", "服务器", []string{resource}},
	{"T1595", "Active Scanning", "主动扫描", []string{recon}},
	{"T1595.002", "Vulnerability Scanning", "漏洞扫描", []string{recon}},
	{"T1595.003", "Wordlist Scanning", "字典扫描", []string{recon}},
	{"T1608", "Stage Capabilities", "部署攻击能力", []string{resource}},
	{"T1608.001", "Upload Malware", "上传恶意软件", []string{resource}},
	{"T1608.004", "Drive-by Target", "挂马目标", []string{resource}},
	{"T1608.005", "Link Target", "链接目标（钓鱼页面）", []string{resource}},
	{"T1608.006", "SEO Poisoning", "SEO 投毒（暗链）", []string{resource}},
	{"T1610", "Deploy Container", "部署容器", []string{exec, evasion}},
	{"T1611", "Escape to Host", "容器逃逸", []string{privesc}},
	{"T1620", "Reflective Code Loading", "反射加载代码", []string{evasion}},
}

var (
	byID       = map[string]*Technique{}
	tacticByID = map[string]*Tactic{}
)

func init() {
	for i := range techniques {
		byID[techniques[i].ID] = &techniques[i]
	}
	for i := range Tactics {
		tacticByID[Tactics[i].ID] = &Tactics[i]
	}
}

// Lookup returns the technique with the id ("T1053.003", any case). An
// unknown sub-technique falls back to its parent's tactics with the id as
// its name, so a new rule still lands in the chain.
func Lookup(id string) (Technique, bool) {
	id = strings.ToUpper(strings.TrimSpace(id))
	if t, ok := byID[id]; ok {
		return *t, true
	}
	if parent, _, ok := strings.Cut(id, "."); ok {
		if t, ok := byID[parent]; ok {
			return Technique{ID: id, Name: id, NameZh: id, Tactics: t.Tactics}, false
		}
	}
	return Technique{ID: id, Name: id, NameZh: id}, false
}

// TacticByID returns the tactic with the id.
func TacticByID(id string) (Tactic, bool) {
	t, ok := tacticByID[id]
	if !ok {
		return Tactic{}, false
	}
	return *t, true
}
