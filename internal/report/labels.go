package report

import "github.com/yingji/yingji/internal/finding"

// Labels are the fixed words of the report: headings, table headers and the
// sentences that do not come from the analysis. The Report carries the
// analysis in its language; Labels carry the frame in the same language, so a
// replaced template never has to hard-code either language.
type Labels struct {
	Lang         string // the html lang attribute
	TitleOpen    string // 《 in Chinese, nothing in English
	TitleClose   string
	Confidential string // the cover's classification mark
	Contents     string

	// Cover block.
	Customer, Date, ReportNumber, PreparedWith string

	// Section headings, in order (see Sections).
	Overview, Classification, Timeline, Findings, Tracing, Impact,
	Actions, Recommendations, Appendices string

	// 1. Overview.
	Systems, SystemName, Address, OS, Role, Source                   string
	IncidentWindow, WorkWindow, Responders, ToolRecord, Conclusion   string
	SeverityBreakdown, Severity, Count, Total                        string
	Version, Commit, Modified, GoVersion, Platform, BinarySHA, Rules string
	FullToolRecord                                                   string
	Unknown, None                                                    string

	// 2. Classification.
	Categories, Code, Class, Name, Worst                 string
	Grade, NotGraded, Importance, Loss, Social, Criteria string

	// 3. Timeline.
	AttackerTimeline, ResponderTimeline, Time, Actor, What, Detail, Rule, Other string

	// 4. Findings.
	Number, Confidence, Technique, Category, Description, Evidence string
	Location, Excerpt, Facts, Advice, Note, MoreEvidence           string
	OmittedFindings                                                string
	AttackChain, Tactic, FindingsRef, NoFindings                   string

	// 5. Tracing and the IOC appendix.
	Indicators, Kind, Value, Context, First, Last, NoIndicators string

	// 7. Actions.
	Operator, Action, Target, Result, Undo, NoActions string

	// 8. Recommendations.
	Priority, Because, Baseline string

	// 9. Appendices.
	IOCs, FileHashes, Path, Size, Why, Custody, Bundle, Members string
	Collected, Collector, Verification, Verified, NotVerified   string
	OplogHead, OplogRecords, Dismissed, Reason, NoDismissed     string

	// PageFooter is the PDF footer around the page numbers: before the
	// current page, between it and the total, after the total.
	PageBefore, PageOf, PageAfter string

	severity [5]string   // by finding.Severity, Info first
	priority [4]string   // by Recommendation.Priority; 0 is unused
	kinds    []kindLabel // indicator kinds, in the order the tables show them
}

type kindLabel struct{ kind, label string }

// SeverityName returns the name of a severity in the report's language.
func (l Labels) SeverityName(s finding.Severity) string {
	if s < finding.Info || s > finding.Critical {
		return l.Unknown
	}
	return l.severity[s]
}

// PriorityName returns the name of a recommendation priority (1 immediately,
// 2 soon, 3 planned).
func (l Labels) PriorityName(p int) string {
	if p < 1 || p > 3 {
		return l.priority[3]
	}
	return l.priority[p]
}

// KindName returns the heading of an indicator kind; an unknown kind is
// shown as it is.
func (l Labels) KindName(kind string) string {
	for _, k := range l.kinds {
		if k.kind == kind {
			return k.label
		}
	}
	return kind
}

// labelsFor returns the labels of a language: English for LangEn (and any
// "en-…"), Chinese otherwise, because Chinese is the report's default.
func labelsFor(lang string) Labels {
	if lang == LangEn || len(lang) > 3 && lang[:3] == "en-" {
		return labelsEn
	}
	return labelsZh
}

var labelsZh = Labels{
	Lang: LangZh, TitleOpen: "《", TitleClose: "》", Confidential: "机密 · CONFIDENTIAL", Contents: "目录",

	Customer: "客户", Date: "报告日期", ReportNumber: "报告编号", PreparedWith: "报告生成工具",

	Overview: "概述", Classification: "事件分类与分级", Timeline: "事件时间线", Findings: "分析结果",
	Tracing: "攻击溯源", Impact: "影响评估", Actions: "处置措施", Recommendations: "安全优化建议",
	Appendices: "附录",

	Systems: "涉及系统", SystemName: "主机名", Address: "地址", OS: "操作系统", Role: "角色", Source: "检查对象",
	IncidentWindow: "事件时间范围", WorkWindow: "应急响应工作时间", Responders: "应急响应人员",
	ToolRecord: "工具记录", Conclusion: "结论",
	SeverityBreakdown: "发现按严重程度分布", Severity: "严重程度", Count: "数量", Total: "合计",
	Version: "版本", Commit: "源码提交", Modified: "（含未提交修改）", GoVersion: "Go 版本", Platform: "平台",
	BinarySHA: "程序 SHA-256", FullToolRecord: "完整工具记录见附录 D", Rules: "规则包", Unknown: "未知", None: "无",

	Categories: "事件分类（GB/T 20986-2023）", Code: "代码", Class: "类别", Name: "子类", Worst: "最高严重程度",
	Grade: "事件分级", NotGraded: "未定级", Importance: "信息系统重要程度", Loss: "系统损失", Social: "社会危害",
	Criteria: "分级标准",

	AttackerTimeline: "攻击者活动", ResponderTimeline: "应急响应过程", Time: "时间", Actor: "操作人",
	What: "事项", Detail: "详情", Rule: "规则", Other: "其他",

	Number: "编号", Confidence: "置信度", Technique: "ATT&CK 技术", Category: "事件分类", Description: "描述",
	Evidence: "证据", Location: "位置", Excerpt: "摘录", Facts: "属性", Advice: "处置建议", Note: "分析人员备注",
	MoreEvidence:    "另有 %d 条证据未列出，见 findings.jsonl。",
	OmittedFindings: "另有 %d 项较低级别的发现未在报告中逐项列出（计入上述统计），完整列表见 findings.jsonl。",
	AttackChain:     "攻击链", Tactic: "战术", FindingsRef: "相关发现", NoFindings: "未发现需要报告的问题。",

	Indicators: "攻击指标", Kind: "类型", Value: "值", Context: "说明", First: "首次出现", Last: "最后出现",
	NoIndicators: "未提取到攻击指标。",

	Operator: "操作人", Action: "措施", Target: "对象", Result: "结果", Undo: "撤销方法",
	NoActions: "yingji 未执行任何遏制或清除操作；本报告仅作分析，处置请按下文安全优化建议进行。",

	Priority: "优先级", Because: "对应发现", Baseline: "基线建议",

	IOCs: "攻击指标（IOC）列表", FileHashes: "文件哈希", Path: "路径", Size: "大小（字节）", Why: "原因",
	Custody: "证据保管链", Bundle: "证据包", Members: "文件数", Collected: "采集时间", Collector: "采集人",
	Verification: "校验结果", Verified: "校验通过", NotVerified: "未通过校验或未校验",
	OplogHead: "操作记录末条哈希", OplogRecords: "操作记录条数",
	Dismissed: "已排除的误报", Reason: "排除理由", NoDismissed: "没有被排除的发现。",

	PageBefore: "第 ", PageOf: " 页 / 共 ", PageAfter: " 页",

	severity: [5]string{"提示", "低危", "中危", "高危", "严重"},
	priority: [4]string{"", "立即", "近期", "计划"},
	kinds: []kindLabel{{"ip", "IP 地址"}, {"domain", "域名"}, {"url", "URL"}, {"account", "账号"},
		{"ssh-key", "SSH 公钥"}, {"user-agent", "User-Agent"}, {"wallet", "钱包地址"},
		{"sha256", "文件 SHA-256"}, {"file", "文件"}},
}

var labelsEn = Labels{
	Lang: LangEn, Confidential: "CONFIDENTIAL", Contents: "Contents",

	Customer: "Customer", Date: "Date", ReportNumber: "Report number", PreparedWith: "Prepared with",

	Overview: "Overview", Classification: "Classification and grade", Timeline: "Timeline",
	Findings: "Findings", Tracing: "Attacker tracing", Impact: "Impact", Actions: "Actions taken",
	Recommendations: "Recommendations", Appendices: "Appendices",

	Systems: "Systems", SystemName: "Host", Address: "Address", OS: "OS", Role: "Role", Source: "Examined",
	IncidentWindow: "Incident time window", WorkWindow: "Response work window", Responders: "Responders",
	ToolRecord: "Tool record", Conclusion: "Conclusion",
	SeverityBreakdown: "Findings by severity", Severity: "Severity", Count: "Count", Total: "Total",
	Version: "Version", Commit: "Commit", Modified: " (with uncommitted changes)", GoVersion: "Go version",
	Platform: "Platform", BinarySHA: "Binary SHA-256", FullToolRecord: "The full tool record is in appendix D", Rules: "Rule packs", Unknown: "unknown", None: "None",

	Categories: "Categories (GB/T 20986-2023)", Code: "Code", Class: "Class", Name: "Category",
	Worst: "Worst severity", Grade: "Grade", NotGraded: "Not graded", Importance: "System importance",
	Loss: "System loss", Social: "Social harm", Criteria: "Grading criteria",

	AttackerTimeline: "Attacker activity", ResponderTimeline: "Response activity", Time: "Time",
	Actor: "Actor", What: "What", Detail: "Detail", Rule: "Rule", Other: "Other",

	Number: "No.", Confidence: "Confidence", Technique: "ATT&CK techniques", Category: "Category",
	Description: "Description", Evidence: "Evidence", Location: "Location", Excerpt: "Excerpt",
	Facts: "Facts", Advice: "Advice", Note: "Analyst note",
	MoreEvidence:    "%d more evidence items are not listed; see findings.jsonl.",
	OmittedFindings: "%d more findings of lower severity are counted above but not listed one by one; findings.jsonl has them all.",
	AttackChain:     "Attack chain", Tactic: "Tactic", FindingsRef: "Findings",
	NoFindings: "No finding to report.",

	Indicators: "Indicators", Kind: "Kind", Value: "Value", Context: "Context", First: "First seen",
	Last: "Last seen", NoIndicators: "No indicator was extracted.",

	Operator: "Operator", Action: "Action", Target: "Target", Result: "Result", Undo: "Undo",
	NoActions: "yingji took no containment or clean-up action; this report is an analysis only, and the recommendations below say what to do.",

	Priority: "Priority", Because: "Answers findings", Baseline: "baseline",

	IOCs: "Indicators of compromise", FileHashes: "File hashes", Path: "Path", Size: "Size (bytes)",
	Why: "Why", Custody: "Chain of custody", Bundle: "Bundle", Members: "Files", Collected: "Collected",
	Collector: "Collector", Verification: "Verification", Verified: "verified",
	NotVerified: "not verified", OplogHead: "Operation record head", OplogRecords: "Operation records",
	Dismissed: "Dismissed findings", Reason: "Reason", NoDismissed: "No finding was dismissed.",

	PageBefore: "Page ", PageOf: " of ", PageAfter: "",

	severity: [5]string{"Info", "Low", "Medium", "High", "Critical"},
	priority: [4]string{"", "Immediately", "Soon", "Planned"},
	kinds: []kindLabel{{"ip", "IP addresses"}, {"domain", "Domains"}, {"url", "URLs"}, {"account", "Accounts"},
		{"ssh-key", "SSH keys"}, {"user-agent", "User agents"}, {"wallet", "Wallets"},
		{"sha256", "File SHA-256"}, {"file", "Files"}},
}
