package finding

// Categories are the GB/T 20986-2023 event categories findings are filed
// under: a class (MP malicious program, NA network attack, DS data security,
// SH security hazard, AB abnormal behaviour) and a sub-category. The report
// aggregates findings by these codes for 事件分类与分级.
//
// The codes follow the pattern of the standard's Appendix B (class prefix
// plus sub-category, e.g. MPMINER, NABACKIMPL). Where the exact code of a
// sub-category could not be confirmed against the standard's text it is
// marked below; a service can override the table.
var Categories = map[string]struct{ En, Zh string }{
	"MPTH":       {"Trojan horse", "特洛伊木马事件"},
	"MPBN":       {"Botnet", "僵尸网络事件"},
	"MPRW":       {"Ransomware", "勒索软件事件"},
	"MPMINER":    {"Cryptomining malware", "挖矿病毒事件"},
	"MPWEB":      {"Malicious code embedded in web pages", "网页内嵌恶意代码事件"},
	"MPOT":       {"Other malicious program", "其他恶意程序事件"},
	"NABACKIMPL": {"Backdoor implant", "后门植入事件"},
	"NAVULN":     {"Vulnerability exploitation", "漏洞利用事件"},
	"NAPWD":      {"Password attack (brute force, credential stuffing)", "口令攻击事件"},
	"NASCAN":     {"Network scanning and eavesdropping", "网络扫描窃听事件"},
	"NAPHISH":    {"Phishing", "网络钓鱼事件"}, // code not confirmed against the standard's text
	"NAHIJACK":   {"Hijacking (DNS, traffic, search engine)", "劫持事件"},
	"NATAMPER":   {"Web page tampering and dark links", "网页篡改事件"},
	"NAOT":       {"Other network attack", "其他网络攻击事件"},
	"DSLEAK":     {"Data leakage", "数据泄露事件"},
	"DSTHEFT":    {"Data theft", "数据窃取事件"},
	"DSTAMPER":   {"Data tampering", "数据篡改事件"},
	"SHVULN":     {"Security hazard: vulnerability or weak configuration", "安全隐患事件（漏洞或弱配置）"},
	"ABACCESS":   {"Abnormal access or login", "异常访问事件"},
	"ABOT":       {"Other abnormal behaviour (log tampering, evasion)", "其他异常行为事件"},
}
