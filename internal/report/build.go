package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/attack"
	"github.com/yingji/yingji/internal/buildinfo"
	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/indicator"
	"github.com/yingji/yingji/internal/oplog"
	"github.com/yingji/yingji/internal/pathenc"
)

// Input is what a report is built from.
type Input struct {
	Lang     string
	Customer string
	// Number is the report's number; empty gives YJ-<date>-<time> of
	// generation.
	Number     string
	Responders []string // empty: the operators of the operation record
	Systems    []System
	Findings   []finding.Finding
	// FileTime returns the modification time of a file of the target
	// ("/var/www/html/x.php"), to place files the findings name on the
	// attacker's timeline; nil when unknown.
	FileTime func(path string) (time.Time, bool)
	Oplog    []oplog.Record
	// Location is the target's time zone: every time in the report is
	// shown in it (nil: as each source gave it).
	Location   *time.Location
	Assessment Assessment
	Tool       buildinfo.Record
	Custody    Custody
	Library    *Library
	Now        time.Time
}

// Bounds on what the report shows; everything stays in the JSON files.
const (
	// MaxFindings is the most standing findings a report lists one by
	// one (worst first); maxDismissed the most dismissed ones.
	MaxFindings   = 500
	maxDismissed  = 200
	maxRefs       = 30 // finding numbers cited by one chain step or recommendation
	maxEvidence   = 12
	maxExcerpt    = 600
	maxTimeline   = 200
	maxIndicators = 500
	maxHashes     = 500
)

// Build assembles the report. Findings the responder dismissed go to the
// appendix with their reason and count for nothing else.
func Build(in Input) (*Report, error) {
	lang := in.Lang
	if lang == "" {
		lang = LangZh
	}
	if lang != LangZh && lang != LangEn {
		return nil, fmt.Errorf("report language %q: want %s or %s", lang, LangZh, LangEn)
	}
	if in.Library == nil {
		return nil, fmt.Errorf("report: no recommendation library")
	}
	en := lang == LangEn
	r := &Report{Lang: lang, Customer: in.Customer, Number: in.Number, Generated: in.Now, Systems: in.Systems, Custody: in.Custody}
	if r.Number == "" {
		r.Number = "YJ-" + in.Now.Format("20060102-150405")
	}
	if en {
		r.Title = in.Customer + " Incident Response Service Report and Security Recommendations"
	} else {
		r.Title = in.Customer + " 应急响应服务处理报告及安全优化建议"
	}
	r.Tool = ToolRecord{Build: in.Tool.Build, RulePacks: map[string]string{}}
	for _, p := range in.Tool.RulePacks {
		r.Tool.RulePacks[p.Name] = p.SHA256
	}

	// Findings: standing ones worst first, then dismissed ones; numbered
	// in that order so the numbers cited in the text are stable.
	src := make([]*finding.Finding, 0, len(in.Findings))
	for i := range in.Findings {
		src = append(src, &in.Findings[i])
	}
	sort.SliceStable(src, func(i, j int) bool {
		a, b := src[i], src[j]
		if a.Dismissed() != b.Dismissed() {
			return !a.Dismissed()
		}
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if (a.Time == nil) != (b.Time == nil) {
			return a.Time != nil
		}
		if a.Time != nil && !a.Time.Equal(*b.Time) {
			return a.Time.Before(*b.Time)
		}
		return a.Rule < b.Rule
	})
	var standing []*finding.Finding
	var standingOut []Finding
	dismissed := 0
	for i, f := range src {
		rf := reportFinding(f, i+1, en)
		if !f.Dismissed() {
			standing = append(standing, f)
			standingOut = append(standingOut, rf)
			r.SeverityCounts[finding.Critical-f.Severity]++
			if len(standing) > MaxFindings {
				r.OmittedFindings++
				continue
			}
		} else if dismissed++; dismissed > maxDismissed {
			continue
		}
		r.Findings = append(r.Findings, rf)
	}

	r.Categories = categories(standing, en)
	r.Grade = in.Assessment.grade(lang)
	r.Chain = chain(standing, standingOut, en)
	r.AttackerTimeline = attackerTimeline(standing, in.FileTime, en)
	r.Window = incidentWindow(r.AttackerTimeline)
	r.ResponderTimeline, r.WorkWindow, r.Actions = fromOplog(in.Oplog, en)
	r.Responders = in.Responders
	if len(r.Responders) == 0 {
		seen := map[string]bool{}
		for _, rec := range in.Oplog {
			if rec.Operator != "" && !seen[rec.Operator] {
				seen[rec.Operator] = true
				r.Responders = append(r.Responders, rec.Operator)
			}
		}
	}

	var stand []finding.Finding
	for _, f := range standing {
		stand = append(stand, *f)
	}
	for i, ind := range indicator.Extract(stand) {
		if i == maxIndicators {
			break
		}
		r.Indicators = append(r.Indicators, Indicator{Kind: ind.Kind, Value: pathenc.Display(ind.Value), Context: indicatorNote(ind.Note, en),
			First: ind.First, Last: ind.Last, Count: ind.Count, Rules: ind.Rules})
	}
	r.Hashes = hashes(standing, en)

	for _, p := range in.Library.pick(KindImpact, standingOut, standing) {
		if len(p.because) > 0 {
			r.Impact = append(r.Impact, p.e.Title.In(lang)+": "+p.e.Text.In(lang))
		}
	}
	if len(r.Impact) == 0 {
		if en {
			r.Impact = []string{"No finding shows an effect on the host's data or services."}
		} else {
			r.Impact = []string{"本次分析未发现对主机数据或业务造成影响的迹象。"}
		}
	}
	for _, p := range in.Library.pick(KindRecommendation, standingOut, standing) {
		r.Recommendations = append(r.Recommendations, Recommendation{ID: p.e.ID, Priority: p.e.Priority,
			Title: p.e.Title.In(lang), Text: p.e.Text.In(lang), Because: listed(p.because)})
	}
	if in.Location != nil {
		inZone(r, in.Location)
	}
	r.Conclusion = conclusion(r, en)
	return r, nil
}

// inZone shows every time of the report in the target's zone, so that
// log times (with their offset), file times (UTC) and the operation
// record read as one clock.
func inZone(r *Report, loc *time.Location) {
	z := func(t *time.Time) {
		if !t.IsZero() {
			*t = t.In(loc)
		}
	}
	z(&r.Generated)
	for _, w := range []*TimeWindow{&r.Window, &r.WorkWindow} {
		z(&w.Start)
		z(&w.End)
	}
	for _, tl := range [][]TimelineEntry{r.AttackerTimeline, r.ResponderTimeline} {
		for i := range tl {
			z(&tl[i].Time)
		}
	}
	for i := range r.Findings {
		if t := r.Findings[i].Time; t != nil {
			tt := t.In(loc)
			r.Findings[i].Time = &tt
		}
	}
	for i := range r.Indicators {
		z(&r.Indicators[i].First)
		z(&r.Indicators[i].Last)
	}
	for i := range r.Actions {
		z(&r.Actions[i].Time)
	}
	z(&r.Custody.Collected)
}

// listed keeps the finding numbers the report lists, at most maxRefs.
func listed(ns []int) []int {
	var out []int
	for _, n := range ns {
		if n <= MaxFindings && len(out) < maxRefs {
			out = append(out, n)
		}
	}
	return out
}

// reportFinding flattens a finding for display, in the language.
func reportFinding(f *finding.Finding, n int, en bool) Finding {
	rf := Finding{Number: n, Rule: f.Rule, Severity: f.Severity, Confidence: f.Confidence, Category: f.Category, Time: f.Time}
	if en {
		rf.Title, rf.Description, rf.Advice = f.Title, f.Description, f.Advice
	} else {
		rf.Title, rf.Description, rf.Advice = or(f.TitleZh, f.Title), or(f.DescriptionZh, f.Description), or(f.AdviceZh, f.Advice)
	}
	rf.Description = pathenc.Display(rf.Description)
	for _, id := range f.Attack {
		t, _ := attack.Lookup(id)
		rf.Attack = append(rf.Attack, Technique{ID: t.ID, Name: techName(t, en)})
	}
	for i, ev := range f.Evidence {
		if i == maxEvidence {
			rf.MoreEvidence = len(f.Evidence) - maxEvidence
			break
		}
		rf.Evidence = append(rf.Evidence, flatEvidence(ev))
	}
	if f.Review != nil {
		rf.FalsePositive, rf.Reason, rf.Note = f.Review.FalsePositive, f.Review.Reason, f.Review.Note
	}
	return rf
}

func flatEvidence(ev finding.Evidence) Evidence {
	loc := pathenc.Escape(ev.Path)
	if ev.Line > 0 {
		loc += fmt.Sprintf(":%d", ev.Line)
	}
	if ev.Offset != nil {
		loc += fmt.Sprintf(" @%d", *ev.Offset)
	}
	if ev.PID > 0 {
		loc = strings.TrimSpace(loc + fmt.Sprintf(" pid %d", ev.PID))
	}
	out := Evidence{Location: loc, SHA256: ev.SHA256, Excerpt: pathenc.Display(finding.Excerpt(ev.Excerpt, maxExcerpt))}
	for k, v := range ev.Fields {
		out.Facts = append(out.Facts, k+"="+pathenc.Display(finding.Excerpt(v, 200)))
	}
	sort.Strings(out.Facts)
	return out
}

func techName(t attack.Technique, en bool) string {
	if en {
		return t.Name
	}
	return t.NameZh
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// classNames are the event classes of GB/T 20986-2023 by code prefix.
var classNames = map[string][2]string{
	"MP": {"恶意程序事件", "Malicious program event"},
	"NA": {"网络攻击事件", "Network attack event"},
	"DS": {"数据安全事件", "Data security event"},
	"IC": {"信息内容安全事件", "Information content security event"},
	"SH": {"安全隐患事件", "Security hazard event"},
	"AB": {"异常行为事件", "Abnormal behaviour event"},
}

// categories files the findings of at least medium severity (the event,
// not the host's configuration weaknesses) under their categories.
func categories(fs []*finding.Finding, en bool) []Category {
	idx := map[string]int{}
	var out []Category
	for _, f := range fs {
		if f.Category == "" || f.Severity < finding.Medium {
			continue
		}
		i, ok := idx[f.Category]
		if !ok {
			c := Category{Code: f.Category, Name: f.Category, Class: f.Category}
			if n, ok := finding.Categories[f.Category]; ok {
				c.Name = n.Zh
				if en {
					c.Name = n.En
				}
			}
			if cl, ok := classNames[f.Category[:min(2, len(f.Category))]]; ok {
				c.Class = cl[0]
				if en {
					c.Class = cl[1]
				}
			}
			i = len(out)
			idx[f.Category] = i
			out = append(out, c)
		}
		out[i].Findings++
		out[i].Worst = max(out[i].Worst, f.Severity)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Worst != out[j].Worst {
			return out[i].Worst > out[j].Worst
		}
		return out[i].Findings > out[j].Findings
	})
	return out
}

// chain files the findings of at least medium severity under the first
// tactic of each of their techniques, in kill-chain order.
func chain(fs []*finding.Finding, rfs []Finding, en bool) []ChainStep {
	steps := map[string]*ChainStep{}
	for i, f := range fs {
		if f.Severity < finding.Medium {
			continue
		}
		for _, id := range f.Attack {
			t, _ := attack.Lookup(id)
			if len(t.Tactics) == 0 {
				continue
			}
			ta, _ := attack.TacticByID(t.Tactics[0])
			s := steps[ta.ID]
			if s == nil {
				s = &ChainStep{TacticID: ta.ID, Tactic: ta.NameZh}
				if en {
					s.Tactic = ta.Name
				}
				steps[ta.ID] = s
			}
			if !hasTechnique(s.Techniques, t.ID) {
				s.Techniques = append(s.Techniques, Technique{ID: t.ID, Name: techName(t, en)})
			}
			if n := rfs[i].Number; n <= MaxFindings && len(s.Findings) < maxRefs && (len(s.Findings) == 0 || s.Findings[len(s.Findings)-1] != n) {
				s.Findings = append(s.Findings, n)
			}
		}
	}
	var out []ChainStep
	for _, ta := range attack.Tactics {
		if s := steps[ta.ID]; s != nil {
			sort.Slice(s.Techniques, func(i, j int) bool { return s.Techniques[i].ID < s.Techniques[j].ID })
			out = append(out, *s)
		}
	}
	return out
}

func hasTechnique(ts []Technique, id string) bool {
	for _, t := range ts {
		if t.ID == id {
			return true
		}
	}
	return false
}

// attackerTimeline places the findings of at least medium severity on
// the time line: at their own time, at the first and last times their
// evidence names (a brute force's start and end), and at the modification
// time of the files they name (when a webshell or a cron entry was
// written). Bounded to the worst entries.
func attackerTimeline(fs []*finding.Finding, fileTime func(string) (time.Time, bool), en bool) []TimelineEntry {
	var out []TimelineEntry
	index := map[string]int{}
	// add adds a row under key, or, when a row has that key, names the
	// finding's title in it too (the worst severity wins).
	add := func(key string, f *finding.Finding, t time.Time, summary, title, detail string) {
		if t.IsZero() {
			return
		}
		key = t.UTC().String() + "\x00" + key
		if i, ok := index[key]; ok {
			e := &out[i]
			if !strings.Contains(e.Summary, title) {
				e.Summary += map[bool]string{true: "; ", false: "；"}[en] + title
			}
			e.Severity = max(e.Severity, f.Severity)
			return
		}
		index[key] = len(out)
		var tactic string
		if len(f.Attack) > 0 {
			if te, _ := attack.Lookup(f.Attack[0]); len(te.Tactics) > 0 {
				ta, _ := attack.TacticByID(te.Tactics[0])
				tactic = ta.NameZh
				if en {
					tactic = ta.Name
				}
			}
		}
		out = append(out, TimelineEntry{Time: t, Summary: summary, Detail: pathenc.Display(finding.Excerpt(detail, 300)), Rule: f.Rule, Severity: f.Severity, Tactic: tactic})
	}
	for _, f := range fs {
		if f.Severity < finding.Medium {
			continue
		}
		title := f.TitleZh
		if en || title == "" {
			title = f.Title
		}
		// One row per rule and moment: several findings of one rule at
		// one time (a correlation per source) are one event.
		if f.Time != nil {
			add(f.Rule, f, *f.Time, title, title, firstLocation(f))
		}
		// A summary's first and last times (a brute force's span) date
		// the finding; the times of the single events it quotes only
		// when nothing else does, or every quoted line would be a row.
		spanned := f.Time != nil
		for _, ev := range f.Evidence {
			for _, k := range []string{"first", "last"} {
				if t, err := time.Parse(time.RFC3339, ev.Fields[k]); err == nil {
					add(f.Rule, f, t, title, title, or(ev.Excerpt, ev.Path))
					spanned = true
				}
			}
		}
		for _, ev := range f.Evidence {
			if t, err := time.Parse(time.RFC3339, ev.Fields["time"]); err == nil && !spanned {
				add(f.Rule, f, t, title, title, or(ev.Excerpt, ev.Path))
			}
			// A file's modification is one row whatever number of
			// findings name the file.
			if fileTime != nil && ev.Path != "" && strings.HasPrefix(ev.Path, "/") && !strings.HasPrefix(ev.Path, "/var/log/") {
				if t, ok := fileTime(ev.Path); ok {
					what := "文件最后修改：" + title
					if en {
						what = "File last modified: " + title
					}
					add("file\x00"+ev.Path, f, t, what, title, ev.Path)
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	if len(out) > maxTimeline {
		// Keep the worst, then restore time order.
		sort.SliceStable(out, func(i, j int) bool { return out[i].Severity > out[j].Severity })
		out = out[:maxTimeline]
		sort.SliceStable(out, func(i, j int) bool { return out[i].Time.Before(out[j].Time) })
	}
	return out
}

// incidentWindow spans the high and critical rows of the attacker's
// timeline (all rows when there are none): medium rows include times that
// only bound an event, such as a file's change time, which the responders'
// own work moves to the present.
func incidentWindow(tl []TimelineEntry) TimeWindow {
	var w TimeWindow
	for _, floor := range []finding.Severity{finding.High, finding.Info} {
		for _, e := range tl {
			if e.Severity < floor {
				continue
			}
			if w.Start.IsZero() || e.Time.Before(w.Start) {
				w.Start = e.Time
			}
			if e.Time.After(w.End) {
				w.End = e.Time
			}
		}
		if !w.Start.IsZero() {
			break
		}
	}
	return w
}

func firstLocation(f *finding.Finding) string {
	for _, ev := range f.Evidence {
		if ev.Path != "" {
			return ev.Path
		}
	}
	return ""
}

// actionNames describe operation record actions for people.
var actionNames = map[string][2]string{
	"collect.start":     {"开始取证采集", "Evidence collection started"},
	"collect.end":       {"取证采集结束", "Evidence collection finished"},
	"snapshot.take":     {"采集易失性信息（进程、网络、登录用户）", "Volatile state captured (processes, network, users)"},
	"file.copy":         {"复制文件到证据包", "Files copied into the bundle"},
	"file.hash":         {"计算文件哈希", "Files hashed"},
	"file.read":         {"读取文件", "Files read"},
	"timeline.write":    {"生成文件系统时间线", "File-system timeline written"},
	"bundle.seal":       {"封存证据包（清单与哈希）", "Bundle sealed (manifest and hashes)"},
	"bundle.verify":     {"校验证据包完整性", "Bundle integrity verified"},
	"scan.run":          {"运行主机入侵检查", "Host intrusion checks run"},
	"triage.start":      {"开始应急分析", "Triage started"},
	"triage.source":     {"打开分析对象", "Source opened"},
	"triage.scan":       {"运行全部检查（主机、WebShell、YARA、日志）", "All checks run (host, webshell, YARA, logs)"},
	"triage.timeline":   {"生成统一时间线", "Unified timeline built"},
	"triage.indicators": {"提取攻击指标", "Indicators extracted"},
	"triage.report":     {"生成报告", "Report written"},
	"report.render":     {"重新生成报告", "Report rendered again"},
	"webshell.scan":     {"WebShell 检测", "Webshell scan"},
	"logs.analyze":      {"日志分析", "Log analysis"},
	"yara.scan":         {"YARA 扫描", "YARA scan"},
}

// fromOplog condenses the operation record into the responders'
// timeline (a run of records of one kind becomes one line with a count),
// the work window, and the containment actions (respond.*).
func fromOplog(recs []oplog.Record, en bool) ([]TimelineEntry, TimeWindow, []Action) {
	var out []TimelineEntry
	var win TimeWindow
	var acts []Action
	count := 0
	flush := func() {
		if count > 1 && len(out) > 0 {
			if en {
				out[len(out)-1].Summary += fmt.Sprintf(" (%d times)", count)
			} else {
				out[len(out)-1].Summary += fmt.Sprintf("（%d 次）", count)
			}
		}
		count = 0
	}
	last := ""
	for _, rec := range recs {
		if win.Start.IsZero() || rec.Time.Before(win.Start) {
			win.Start = rec.Time
		}
		if rec.Time.After(win.End) {
			win.End = rec.Time
		}
		if strings.HasPrefix(rec.Action, "respond.") {
			acts = append(acts, action(rec, en))
		}
		if rec.Action == last {
			count++
			continue
		}
		flush()
		last, count = rec.Action, 1
		name, ok := actionNames[rec.Action]
		summary := rec.Action
		if ok {
			summary = name[0]
			if en {
				summary = name[1]
			}
		}
		if rec.Result != "" && rec.Result != oplog.OK {
			summary += " [" + rec.Result + "]"
		}
		out = append(out, TimelineEntry{Time: rec.Time, Summary: summary, Detail: pathenc.Display(finding.Excerpt(rec.Target, 200)), Actor: rec.Operator})
	}
	flush()
	return out, win, acts
}

func action(rec oplog.Record, en bool) Action {
	res := rec.Result
	if !en {
		switch rec.Result {
		case oplog.OK:
			res = "成功"
		case oplog.Error:
			res = "失败"
		case oplog.Skipped:
			res = "未执行"
		case oplog.Partial:
			res = "部分完成"
		}
	}
	a := Action{Time: rec.Time, Operator: rec.Operator, Action: rec.Action, Target: pathenc.Display(rec.Target), Result: res}
	if u, ok := rec.Detail["undo"].(string); ok {
		a.Undo = u
	}
	return a
}

func hashes(fs []*finding.Finding, en bool) []FileHash {
	var out []FileHash
	seen := map[string]bool{}
	for _, f := range fs {
		if f.Severity < finding.Medium {
			continue
		}
		for _, ev := range f.Evidence {
			if ev.SHA256 == "" || ev.Path == "" || seen[ev.Path+ev.SHA256] || len(out) == maxHashes {
				continue
			}
			seen[ev.Path+ev.SHA256] = true
			why := f.TitleZh
			if en || why == "" {
				why = f.Title
			}
			out = append(out, FileHash{Path: pathenc.Escape(ev.Path), SHA256: strings.ToLower(ev.SHA256), Why: why})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// indicatorNote translates the notes the indicator package writes.
func indicatorNote(note string, en bool) string {
	if en || note == "" {
		return note
	}
	switch {
	case strings.HasPrefix(note, "documentation address"):
		return "文档保留地址（RFC 5737/3849）"
	case strings.HasPrefix(note, "private address"):
		return "内网地址（RFC 1918/4193）"
	case strings.HasPrefix(note, "shared address"):
		return "运营商共享地址（RFC 6598）"
	case note == "link-local address":
		return "链路本地地址"
	case note == "multicast address":
		return "组播地址"
	case strings.HasPrefix(note, "reserved name"):
		return "保留域名（RFC 2606/6761）"
	}
	return note
}

// conclusion writes the one-paragraph conclusion of the overview from
// what the rest of the report says.
func conclusion(r *Report, en bool) string {
	var names []string
	for _, s := range r.Systems {
		names = append(names, s.Name)
	}
	host := strings.Join(names, ", ")
	if host == "" {
		host = map[bool]string{true: "the host", false: "目标主机"}[en]
	}
	c := r.SeverityCounts
	serious := c[0] + c[1] + c[2]
	if serious == 0 {
		if en {
			return fmt.Sprintf("The analysis of %s found no sign of intrusion: %d low-severity and %d informational observations concern the host's configuration and are addressed by the recommendations.", host, c[3], c[4])
		}
		return fmt.Sprintf("经分析，%s 未发现入侵迹象；%d 项低危和 %d 项提示类问题属于主机配置问题，已在安全优化建议中给出处理意见。", host, c[3], c[4])
	}
	var cats []string
	for _, cat := range r.Categories {
		cats = append(cats, cat.Name)
	}
	var tactics []string
	for _, s := range r.Chain {
		tactics = append(tactics, s.Tactic)
	}
	when := ""
	if !r.Window.Start.IsZero() {
		layout := "2006-01-02 15:04 MST"
		if en {
			when = fmt.Sprintf(" between %s and %s", r.Window.Start.Format(layout), r.Window.End.Format(layout))
		} else {
			when = fmt.Sprintf("于 %s 至 %s 期间", r.Window.Start.Format(layout), r.Window.End.Format(layout))
		}
	}
	if en {
		return fmt.Sprintf("%s was compromised%s. The findings amount to: %s. The attack covers the stages %s. yingji found %d critical, %d high and %d medium findings (%d low, %d informational), each with its evidence in section 4; %d indicators of the attacker are listed in section 5, and the recommendations in section 8 are ordered by urgency.",
			host, when, strings.Join(cats, "; "), strings.Join(tactics, " → "), c[0], c[1], c[2], c[3], c[4], len(r.Indicators))
	}
	return fmt.Sprintf("经分析，%s %s遭受入侵，事件类型包括：%s。攻击过程涉及%s等阶段。共发现严重问题 %d 项、高危 %d 项、中危 %d 项（另有低危 %d 项、提示 %d 项），证据见第四部分；攻击者相关指标 %d 个，见第五部分；处置与加固建议按紧急程度列于第八部分。",
		host, when, strings.Join(cats, "、"), strings.Join(tactics, " → "), c[0], c[1], c[2], c[3], c[4], len(r.Indicators))
}
