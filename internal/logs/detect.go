package logs

import (
	"fmt"
	"html"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/sigma"
)

// Detector turns events into findings with a Sigma rule set: each event
// is matched against the detection rules and fed to the correlation
// rules, and to the detections of what is unusual for this host
// (behaviour.go). Events must come in time order within each rotation set (a
// small disorder between files only widens a correlation's window).
//
// A detection rule that matches many events gives one finding per rule
// and source address (or user, for commands): a scanner's ten thousand
// requests are one finding with a count, the first requests and the last
// as evidence, not ten thousand findings.
type Detector struct {
	set     *sigma.Set
	matcher *sigma.Matcher // set's, for this detector's goroutine
	corr    *sigma.Correlator
	matched []*sigma.Rule
	groups  map[groupKey]*group
	order   []groupKey
	// bursts gathers the correlation matches by rule and group: the
	// same address brute forcing a thousand times is one finding with a
	// thousand bursts, and memory stays bounded by the groups.
	bursts     map[burstKey]*burstGroup
	burstOrder []burstKey
	beh        *behaviour
	// copyKept makes Event copy the events it keeps, for a caller that
	// reuses them (Options.Reuse) and cuts their lines from buffers
	// shared by many (Options.Forget): the copies are detached from
	// those (event.Detach), so that what is kept holds no buffer.
	copyKept bool
	// reporting holds the rules whose matches are findings (reports),
	// looked up once rather than in each rule's metadata per match.
	reporting map[*sigma.Rule]bool
	// Events counts the events seen, Matched those that matched a rule
	// that reports.
	Events, Matched int64
}

// maxEvidence bounds the events quoted per finding: the first ones and
// the last.
const maxEvidence = 6

// maxGroups bounds the (rule, source) groups kept: past it, the matches of
// a new source are counted in one group per rule for every other source,
// so that memory does not grow with the number of addresses in the logs.
const maxGroups = 100_000

// otherSources is the key of that group.
const otherSources = "\x00other sources"

type groupKey struct {
	rule *sigma.Rule
	key  string
}

type group struct {
	count       int64
	first, last time.Time
	evidence    []*event.Event
	latest      *event.Event
}

// NewDetector returns a detector over set.
func NewDetector(set *sigma.Set) *Detector {
	d := &Detector{set: set, matcher: set.NewMatcher(), corr: sigma.NewCorrelator(set, nil), groups: map[groupKey]*group{},
		bursts: map[burstKey]*burstGroup{}, beh: newBehaviour(), reporting: map[*sigma.Rule]bool{}}
	for _, r := range set.Rules {
		d.reporting[r] = reports(r)
	}
	return d
}

// Event matches one event. The detector keeps the events it quotes as
// evidence, so e must not be reused by the caller.
func (d *Detector) Event(e *event.Event) {
	d.Events++
	if e.Source == event.SourceWeb {
		if u, ok := e.Fields[event.FieldURL]; ok {
			e.Set(FieldURLDecoded, DecodeURL(u))
		}
	}
	d.matched = d.matcher.AppendMatches(d.matched[:0], e)
	var borrowed *event.Event
	if d.copyKept && e.Source == event.SourceWeb {
		// Kept by the webshell detections, which read its fields
		// later: with them.
		e = e.Take()
	} else if d.copyKept && len(d.matched) > 0 {
		// Kept as evidence and in correlation windows, which quote its
		// line, time, address, user and type, and read its fields only
		// now (rules and correlations as it comes, the detections of
		// behaviour.go too). The copy borrows the parser's map until
		// Event returns, rather than taking it: the parser would have
		// to make a new one for the next line, and most lines of a
		// busy auth.log match a rule. Detached, it has its own line,
		// so that the copy does not keep the parser's shared buffer
		// of lines in memory (a fifth of the lines of an auth.log
		// match; the others are never copied); the correlations copy
		// the field values they keep.
		e = e.Detach()
		borrowed = e
	}
	reported := false
	for _, r := range d.matched {
		if r.Hidden || !d.reporting[r] {
			continue
		}
		reported = true
		k := groupKey{r, e.SrcIP}
		if k.key == "" {
			k.key = e.User + "\x00" + e.File
		}
		g := d.groups[k]
		if g == nil && len(d.groups) >= maxGroups {
			k.key = otherSources
			g = d.groups[k]
		}
		if g == nil {
			g = &group{first: e.At}
			d.groups[k] = g
			d.order = append(d.order, k)
		}
		g.count++
		g.last = e.At
		if len(g.evidence) < maxEvidence-1 {
			g.evidence = append(g.evidence, e)
		} else {
			g.latest = e
		}
	}
	if reported {
		d.Matched++
	}
	d.burst(d.corr.Process(e, d.matched))
	d.beh.event(e)
	if borrowed != nil {
		borrowed.Fields = nil // the parser's, emptied at its next line
	}
}

// FieldURLDecoded is the field the detector adds to web events: the
// request target as the application sees it, for rules to match.
const FieldURLDecoded = "url_decoded"

// maxDecoded bounds the text decoded per request.
const maxDecoded = 16 << 10

// DecodeURL returns a request target percent-decoded twice (double
// encoding is a common evasion), with '+' as a space and HTML entities
// decoded, in lower case. Invalid escapes are kept as written.
func DecodeURL(u string) string {
	if len(u) > maxDecoded {
		u = u[:maxDecoded]
	}
	s := strings.ReplaceAll(u, "+", " ")
	for range 2 {
		if !strings.Contains(s, "%") {
			break
		}
		s = percentDecode(s)
	}
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	return strings.ToLower(s)
}

// percentDecode decodes %XX escapes, keeping malformed ones (url.
// QueryUnescape gives up on the whole string at the first bad escape,
// which an attacker would use to hide the rest).
func percentDecode(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// reports says whether a rule's matches are findings: rules with a
// Chinese title are; the others are building blocks of correlations.
func reports(r *sigma.Rule) bool {
	_, ok := r.Raw["title_zh"]
	return ok
}

// Findings ends the input (open correlation bursts are closed) and
// returns the findings, in the order their first event came.
func (d *Detector) Findings() []finding.Finding {
	d.burst(d.corr.Flush())
	var out []finding.Finding
	for _, k := range d.order {
		out = append(out, d.ruleFinding(k, d.groups[k]))
	}
	for _, k := range d.burstOrder {
		out = append(out, correlationFinding(d.bursts[k]))
	}
	out = append(out, d.beh.findings()...)
	sortByTime(out)
	return out
}

// sortByTime orders findings by time, those without a time last.
func sortByTime(fs []finding.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Time == nil || fs[j].Time == nil {
			return fs[j].Time == nil && fs[i].Time != nil
		}
		return fs[i].Time.Before(*fs[j].Time)
	})
}

func (d *Detector) ruleFinding(k groupKey, g *group) finding.Finding {
	f := base(k.rule)
	if !g.first.IsZero() {
		t := g.first
		f.Time = &t
	}
	who, whoZh := "", ""
	if k.key == otherSources {
		who, whoZh = " from sources past the first "+strconv.Itoa(maxGroups)+" (counted together)", "，来源超过 "+strconv.Itoa(maxGroups)+" 个（合并计数）"
	} else if e := g.evidence[0]; e.SrcIP != "" {
		who, whoZh = " from "+e.SrcIP, "，来源 "+e.SrcIP
	} else if e.User != "" {
		who, whoZh = " by "+e.User, "，用户 "+e.User
	}
	f.Description += fmt.Sprintf(" %d matching event(s)%s%s.", g.count, who, span(g.first, g.last, false))
	f.DescriptionZh += fmt.Sprintf("共 %d 条匹配记录%s%s。", g.count, whoZh, span(g.first, g.last, true))
	evs := g.evidence
	if g.latest != nil {
		evs = append(evs[:len(evs):len(evs)], g.latest)
	}
	for _, e := range evs {
		f.Evidence = append(f.Evidence, evidenceOf(e))
	}
	return f
}

type burstKey struct {
	rule  *sigma.Rule
	group string
}

type burstGroup struct {
	first, last *sigma.CorrelationMatch
	bursts      int
	events      int64
	truncated   bool
}

// burst gathers correlation matches by rule and group.
func (d *Detector) burst(ms []*sigma.CorrelationMatch) {
	for _, m := range ms {
		if !d.reporting[m.Rule] {
			continue
		}
		k := burstKey{m.Rule, strings.Join(m.Group, "\x00")}
		g := d.bursts[k]
		if g == nil {
			g = &burstGroup{first: m}
			d.bursts[k] = g
			d.burstOrder = append(d.burstOrder, k)
		}
		g.last = m
		g.bursts++
		g.events += m.Count
		g.truncated = g.truncated || m.Truncated
	}
}

func correlationFinding(g *burstGroup) finding.Finding {
	m := g.first
	f := base(m.Rule)
	t := m.First
	f.Time = &t
	var groups []string
	fields := map[string]string{"events": strconv.FormatInt(g.events, 10),
		"first": m.First.Format(time.RFC3339), "last": g.last.Last.Format(time.RFC3339)}
	for i, name := range m.GroupBy {
		groups = append(groups, name+"="+m.Group[i])
		fields[name] = m.Group[i]
	}
	if len(m.Values) > 0 {
		fields["values"] = strings.Join(m.Values, ", ")
	}
	if g.truncated {
		fields["note"] = "a memory bound was reached: counts are approximate"
	}
	times, timesZh := "", ""
	if g.bursts > 1 {
		fields["bursts"] = strconv.Itoa(g.bursts)
		times, timesZh = fmt.Sprintf(" in %d separate bursts", g.bursts), fmt.Sprintf("，分 %d 轮", g.bursts)
	}
	f.Description += fmt.Sprintf(" %s: %d event(s)%s%s.", strings.Join(groups, ", "), g.events, times, span(m.First, g.last.Last, false))
	f.DescriptionZh += fmt.Sprintf("%s：共 %d 条记录%s%s。", strings.Join(groups, "，"), g.events, timesZh, span(m.First, g.last.Last, true))
	f.Evidence = append(f.Evidence, finding.Evidence{Fields: fields})
	refs := append(m.Events[:len(m.Events):len(m.Events)], m.LastEvent)
	if g.last != m {
		refs = append(refs, g.last.LastEvent)
	}
	seen := map[sigma.Event]bool{}
	for _, r := range refs {
		if r.Event == nil || seen[r.Event] {
			continue
		}
		seen[r.Event] = true
		switch e := r.Event.(type) {
		case *event.Event:
			f.Evidence = append(f.Evidence, evidenceOf(e))
		case *sigma.CorrelationMatch:
			// A correlation of correlations: quote the inner match's
			// events.
			for _, in := range append(e.Events[:len(e.Events):len(e.Events)], e.LastEvent) {
				if ev, ok := in.Event.(*event.Event); ok && !seen[ev] {
					seen[ev] = true
					f.Evidence = append(f.Evidence, evidenceOf(ev))
				}
			}
		}
	}
	return f
}

// base fills a finding from a rule's metadata.
func base(r *sigma.Rule) finding.Finding {
	str := func(k string) string { s, _ := r.Raw[k].(string); return s }
	id := r.Name
	if id == "" {
		id = r.ID
	}
	f := finding.Finding{
		Rule: "log." + id, Title: r.Title, TitleZh: str("title_zh"),
		Description: r.Description, DescriptionZh: str("description_zh"),
		Advice: str("advice"), AdviceZh: str("advice_zh"),
		Category: str("category"), Confidence: str("confidence"),
		Severity: severity(r.Level),
	}
	for _, t := range r.Tags {
		if tech, ok := strings.CutPrefix(strings.ToLower(t), "attack.t"); ok {
			f.Attack = append(f.Attack, "T"+strings.ToUpper(tech))
		}
	}
	return f
}

func severity(level string) finding.Severity {
	switch strings.ToLower(level) {
	case "critical":
		return finding.Critical
	case "high":
		return finding.High
	case "medium":
		return finding.Medium
	case "low":
		return finding.Low
	}
	return finding.Info
}

// maxExcerpt bounds the raw line quoted as evidence.
const maxExcerpt = 512

func evidenceOf(e *event.Event) finding.Evidence {
	ev := finding.Evidence{Path: e.File, Line: int(e.Line), Excerpt: e.Raw}
	if len(ev.Excerpt) > maxExcerpt {
		ev.Excerpt = ev.Excerpt[:maxExcerpt] + "…"
	}
	fields := map[string]string{}
	for _, k := range []string{"time", "src_ip", "user", "type"} {
		if v, ok := e.Field(k); ok {
			fields[k] = v
		}
	}
	if len(fields) > 0 {
		ev.Fields = fields
	}
	return ev
}

func span(first, last time.Time, zh bool) string {
	if first.IsZero() {
		return ""
	}
	if zh {
		return "，时间 " + first.Format("2006-01-02 15:04:05 -0700") + " 至 " + last.Format("2006-01-02 15:04:05 -0700")
	}
	return " between " + first.Format("2006-01-02 15:04:05 -0700") + " and " + last.Format("2006-01-02 15:04:05 -0700")
}
