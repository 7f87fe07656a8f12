// Package report builds and renders the customer's report,
// 《<客户> 应急响应服务处理报告及安全优化建议》, from the evidence: the
// findings, the timeline, the indicators, the operation record and the
// bundle's chain of custody.
//
// The Report value holds everything the report says, already in the
// chosen language; templates (HTML, Markdown) only lay it out, so a
// service can replace them without touching the analysis. The findings and
// the timeline are also written as JSON beside the rendered report.
package report

import (
	"time"

	"github.com/yingji/yingji/internal/buildinfo"
	"github.com/yingji/yingji/internal/finding"
)

// Languages the report is written in.
const (
	LangZh = "zh-CN"
	LangEn = "en"
)

// Report is the content of one report, in one language (Lang). Text fields
// are plain text; the templates escape them.
type Report struct {
	Lang      string    `json:"lang"`
	Title     string    `json:"title"` // 《…应急响应服务处理报告及安全优化建议》 without the brackets
	Customer  string    `json:"customer"`
	Generated time.Time `json:"generated"`
	// Number is the report number the service gives the report, shown on
	// the cover when set.
	Number string `json:"number,omitempty"`

	// 1. 概述 Overview.
	Systems    []System   `json:"systems"`
	Window     TimeWindow `json:"window"`      // the incident, first to last attacker event
	WorkWindow TimeWindow `json:"work_window"` // the responders' work, from the operation record
	Responders []string   `json:"responders"`
	Tool       ToolRecord `json:"tool"`
	Conclusion string     `json:"conclusion"` // one paragraph
	// Counts of the findings that stand (not marked false positive) by
	// severity, Critical first: index 0 is critical … 4 is info.
	SeverityCounts [5]int `json:"severity_counts"`

	// 2. 事件分类与分级 Classification and grade.
	Categories []Category `json:"categories"`
	Grade      Grade      `json:"grade"`

	// 3. 事件时间线 Timelines.
	AttackerTimeline  []TimelineEntry `json:"attacker_timeline"`
	ResponderTimeline []TimelineEntry `json:"responder_timeline"`

	// 4. 分析结果 Findings (worst first) and the attack chain. A report
	// lists at most MaxFindings standing findings; OmittedFindings counts
	// the others (the least severe), which stay in findings.jsonl.
	Findings        []Finding   `json:"findings"`
	OmittedFindings int         `json:"omitted_findings,omitempty"`
	Chain           []ChainStep `json:"chain"` // ordered by ATT&CK tactic

	// 5. 攻击溯源 Attacker indicators, grouped by kind.
	Indicators []Indicator `json:"indicators"`

	// 6. 影响评估 Impact: one paragraph per affected area.
	Impact []string `json:"impact"`

	// 7. 处置措施 Actions taken (from the operation record). Empty means
	// no containment action was taken; the template says so.
	Actions []Action `json:"actions"`

	// 8. 安全优化建议 Recommendations, most urgent first.
	Recommendations []Recommendation `json:"recommendations"`

	// 9. 附录 Appendices. The IOC table is Indicators.
	Hashes  []FileHash `json:"hashes"`
	Custody Custody    `json:"custody"`
}

// System is one host the report covers.
type System struct {
	Name    string `json:"name"`              // host name
	Address string `json:"address,omitempty"` // IP addresses, comma-separated
	OS      string `json:"os,omitempty"`
	Role    string `json:"role,omitempty"` // "web server", from the responder or guessed
	Source  string `json:"source"`         // what was examined: "live host", "bundle case.zip", "image /mnt/x"
}

// TimeWindow is a closed interval; zero times mean unknown.
type TimeWindow struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// ToolRecord names the exact build and rule packs that produced the report.
type ToolRecord struct {
	Build buildinfo.Info `json:"build"`
	// RulePacks maps a rule pack's name ("yara", "sigma") to the SHA-256 of
	// its content.
	RulePacks map[string]string `json:"rule_packs,omitempty"`
}

// Category is one GB/T 20986-2023 event category with the findings filed
// under it.
type Category struct {
	Code     string           `json:"code"`     // e.g. MPMINER
	Class    string           `json:"class"`    // the class, e.g. 恶意程序事件 (MP)
	Name     string           `json:"name"`     // the sub-category, e.g. 挖矿病毒事件
	Findings int              `json:"findings"` // how many findings
	Worst    finding.Severity `json:"worst"`
}

// Grade is the event grade of GB/T 20986-2023 (特别重大/重大/较大/一般),
// decided from the responder's assessment of the three factors the
// standard names. Level 0 means not graded (the responder gave no
// assessment); Explanation then says what is needed.
type Grade struct {
	Level       int    `json:"level"` // 1 特别重大 (most severe) … 4 一般; 0 not graded
	Name        string `json:"name"`
	Importance  string `json:"importance,omitempty"` // system importance as assessed
	Loss        string `json:"loss,omitempty"`       // system loss as assessed
	Social      string `json:"social,omitempty"`     // social harm as assessed
	Explanation string `json:"explanation"`
	// Criteria is the standard's table, one line per grade, so the reader
	// can check the grading.
	Criteria []string `json:"criteria"`
}

// TimelineEntry is one line of a timeline.
type TimelineEntry struct {
	Time     time.Time        `json:"time"`
	Summary  string           `json:"summary"`
	Detail   string           `json:"detail,omitempty"` // a path, a log line, an address
	Actor    string           `json:"actor,omitempty"`  // responder timeline: the operator
	Rule     string           `json:"rule,omitempty"`   // attacker timeline: the finding's rule
	Severity finding.Severity `json:"severity"`
	Tactic   string           `json:"tactic,omitempty"` // ATT&CK tactic name, for the chart lanes
}

// Finding is a finding as the report shows it: the finding in the report's
// language, its ATT&CK tactic, and the responder's review.
type Finding struct {
	Number      int              `json:"number"` // 1-based, as cited in the text
	Rule        string           `json:"rule"`
	Severity    finding.Severity `json:"severity"`
	Confidence  string           `json:"confidence,omitempty"`
	Title       string           `json:"title"`
	Description string           `json:"description,omitempty"`
	Attack      []Technique      `json:"attack,omitempty"`
	Category    string           `json:"category,omitempty"`
	Evidence    []Evidence       `json:"evidence,omitempty"`
	// MoreEvidence counts evidence items left out of the report (kept in
	// findings.jsonl).
	MoreEvidence int        `json:"more_evidence,omitempty"`
	Time         *time.Time `json:"time,omitempty"`
	Advice       string     `json:"advice,omitempty"`
	// Review: a finding a responder marked as a false positive stays in
	// the report's appendix of dismissed items with the reason; Note is the
	// responder's annotation.
	FalsePositive bool   `json:"false_positive,omitempty"`
	Reason        string `json:"reason,omitempty"`
	Note          string `json:"note,omitempty"`
}

// Evidence is one item of a finding's evidence, flattened for display.
type Evidence struct {
	Location string `json:"location"` // path[:line], pid, or a log source
	SHA256   string `json:"sha256,omitempty"`
	Excerpt  string `json:"excerpt,omitempty"` // bounded, control characters escaped
	// Facts are the other fields ("rhost=203.0.113.9", "count=412"), sorted.
	Facts []string `json:"facts,omitempty"`
}

// Technique is an ATT&CK technique with its name.
type Technique struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ChainStep is one ATT&CK tactic of the attack chain with the techniques
// seen under it.
type ChainStep struct {
	TacticID   string      `json:"tactic_id"` // TA0001
	Tactic     string      `json:"tactic"`    // name in the report's language
	Techniques []Technique `json:"techniques"`
	Findings   []int       `json:"findings"` // Finding.Number values
}

// Indicator is one indicator of compromise.
type Indicator struct {
	Kind    string    `json:"kind"`              // ip, domain, url, sha256, account, ssh-key, user-agent, wallet, file
	Value   string    `json:"value"`             // as found
	Context string    `json:"context,omitempty"` // e.g. GeoIP, "private address", the finding's title
	First   time.Time `json:"first,omitempty"`
	Last    time.Time `json:"last,omitempty"`
	Count   int       `json:"count,omitempty"`
	Rules   []string  `json:"rules,omitempty"` // the findings that gave it
}

// Action is one containment or clean-up action from the operation record.
type Action struct {
	Time     time.Time `json:"time"`
	Operator string    `json:"operator"`
	Action   string    `json:"action"` // localized description
	Target   string    `json:"target"`
	Result   string    `json:"result"` // localized ok / error / dry-run
	Undo     string    `json:"undo,omitempty"`
}

// Recommendation is one security recommendation.
type Recommendation struct {
	ID       string `json:"id"`
	Priority int    `json:"priority"` // 1 immediately, 2 soon, 3 planned
	Title    string `json:"title"`
	Text     string `json:"text"`
	// Because lists the findings (Finding.Number) that call for it; empty
	// for a baseline recommendation.
	Because []int `json:"because,omitempty"`
}

// FileHash is one file of the evidence with its digest.
type FileHash struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size,omitempty"`
	Why    string `json:"why,omitempty"` // the finding's title
}

// Custody is the chain of custody of the evidence.
type Custody struct {
	Source string `json:"source"` // what was examined
	// Bundle, when the analysis read a bundle: its file name, SHA-256,
	// number of members, collection time and collector, and the result of
	// verifying its manifest and operation record.
	Bundle       string    `json:"bundle,omitempty"`
	BundleSHA256 string    `json:"bundle_sha256,omitempty"`
	Members      int       `json:"members,omitempty"`
	Collected    time.Time `json:"collected,omitempty"`
	Collector    string    `json:"collector,omitempty"`
	Verification string    `json:"verification,omitempty"` // localized result of yingji verify
	Verified     bool      `json:"verified,omitempty"`
	// OplogHead is the hash of the last record of this analysis's
	// operation record, to be noted in the case file.
	OplogHead    string `json:"oplog_head,omitempty"`
	OplogRecords int    `json:"oplog_records,omitempty"`
}
