package report

import (
	"fmt"
	"html"
	htmltemplate "html/template"
	"slices"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/finding"
)

// The charts are inline SVG written here rather than in the template: they
// need arithmetic a template cannot do. Every text that reaches them passes
// through esc, since tactic names and summaries come from the evidence.
// The sizes are in the viewBox's units; the SVG scales to the column width.

// sevColors are by finding.Severity (Info first); dark enough to print in
// grey and still be told apart by the labels beside them.
var sevColors = [5]string{"#607d8b", "#1e88e5", "#f9a825", "#ef6c00", "#c62828"}

func sevColor(s finding.Severity) string {
	if s < finding.Info || s > finding.Critical {
		return sevColors[0]
	}
	return sevColors[s]
}

func esc(s string) string { return html.EscapeString(s) }

// textWidth estimates the width of s in a sans-serif font of the given
// size: wide (CJK) runes take an em, others a little over half.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x2e80 {
			w += size
		} else {
			w += 0.6 * size
		}
	}
	return w
}

// fit shortens s with an ellipsis so that it fits in width, in one pass
// (a chain box may be handed thousands of finding numbers).
func fit(s string, size, width float64) string {
	if textWidth(s, size) <= width {
		return s
	}
	limit := width - textWidth("…", size)
	w := 0.0
	for i, r := range s {
		w += textWidth(string(r), size)
		if w > limit {
			return s[:i] + "…"
		}
	}
	return s
}

const svgFont = `font-family="'Noto Sans CJK SC','Noto Serif CJK SC',sans-serif"`

func svgOpen(b *strings.Builder, class string, w, h float64, label string) {
	fmt.Fprintf(b, `<svg class="chart %s" viewBox="0 0 %g %g" width="100%%" style="max-width:%gpx" role="img" aria-label="%s" %s>`,
		class, w, h, w, esc(label), svgFont)
	fmt.Fprintf(b, `<title>%s</title>`, esc(label))
}

// severityChart draws the severity breakdown as horizontal bars, Critical
// on top, with the count at the end of each bar.
func severityChart(rows []SeverityCount, l Labels) htmltemplate.HTML {
	const (
		w, labelW, barMax, rowH, top = 520.0, 80.0, 360.0, 30.0, 8.0
	)
	most := 1
	for _, r := range rows {
		most = max(most, r.Count)
	}
	h := top*2 + rowH*float64(len(rows))
	var b strings.Builder
	svgOpen(&b, "severity-chart", w, h, l.SeverityBreakdown)
	for i, r := range rows {
		y := top + rowH*float64(i)
		bw := barMax * float64(r.Count) / float64(most)
		if r.Count > 0 {
			bw = max(bw, 3) // a single finding must still show
		}
		fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="14" text-anchor="end" dominant-baseline="middle" fill="#222">%s</text>`,
			labelW-10, y+rowH/2, esc(r.Name))
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" fill="#eceff1"/>`, labelW, y+5, barMax, rowH-10)
		fmt.Fprintf(&b, `<rect class="bar sev-%s" x="%g" y="%g" width="%.1f" height="%g" fill="%s"/>`,
			r.Severity, labelW, y+5, bw, rowH-10, sevColor(r.Severity))
		fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="14" dominant-baseline="middle" fill="#222">%d</text>`,
			labelW+barMax+8, y+rowH/2, r.Count)
	}
	b.WriteString(`</svg>`)
	return htmltemplate.HTML(b.String())
}

// tickSteps are the candidate distances between time axis ticks.
var tickSteps = []time.Duration{
	time.Second, 5 * time.Second, 15 * time.Second, 30 * time.Second,
	time.Minute, 5 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	24 * time.Hour, 2 * 24 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour,
	30 * 24 * time.Hour, 91 * 24 * time.Hour, 365 * 24 * time.Hour,
}

// timelineChart draws the attacker's events on a time axis, one lane per
// ATT&CK tactic (in the chain's order), each point coloured by severity.
// Without events it returns nothing and the template says so.
func timelineChart(entries []TimelineEntry, chain []ChainStep, l Labels) htmltemplate.HTML {
	var es []TimelineEntry
	for _, e := range entries {
		if !e.Time.IsZero() {
			es = append(es, e)
		}
	}
	if len(es) == 0 {
		return ""
	}
	slices.SortStableFunc(es, func(a, b TimelineEntry) int { return a.Time.Compare(b.Time) })

	// Lanes: tactics in the chain's order, then others as first seen, then
	// events without a tactic. No tactic at all gives one unnamed lane.
	var lanes []string
	laneOf := map[string]int{}
	addLane := func(name string) {
		if _, ok := laneOf[name]; !ok {
			laneOf[name] = len(lanes)
			lanes = append(lanes, name)
		}
	}
	present := map[string]bool{}
	for _, e := range es {
		present[e.Tactic] = true
	}
	for _, s := range chain {
		if present[s.Tactic] && s.Tactic != "" {
			addLane(s.Tactic)
		}
	}
	for _, e := range es {
		if e.Tactic != "" {
			addLane(e.Tactic)
		}
	}
	if present[""] {
		addLane("")
	}
	named := len(lanes) > 1 || lanes[0] != ""

	const (
		w, laneH, top, axisH, legendH = 760.0, 26.0, 6.0, 42.0, 26.0
	)
	labelW := 0.0
	if named {
		labelW = 120
	}
	x0, x1 := labelW+14, w-24
	h := top + laneH*float64(len(lanes)) + axisH + legendH

	start, end := es[0].Time, es[len(es)-1].Time
	span := end.Sub(start)
	if span < time.Minute {
		// One moment (or a burst): centre it in a minute's window.
		start = start.Add(-(time.Minute - span) / 2)
		span = time.Minute
	}
	x := func(t time.Time) float64 { return x0 + (x1-x0)*float64(t.Sub(start))/float64(span) }

	var b strings.Builder
	svgOpen(&b, "timeline-chart", w, h, l.AttackerTimeline)

	// Lanes, with alternating shading so points line up with their label.
	for i, name := range lanes {
		y := top + laneH*float64(i)
		if i%2 == 0 {
			fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" fill="#f5f7f8"/>`, 0.0, y, w, laneH)
		}
		if named {
			if name == "" {
				name = l.Other
			}
			fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="13" text-anchor="end" dominant-baseline="middle" fill="#333">%s</text>`,
				labelW, y+laneH/2, esc(fit(name, 13, labelW-6)))
		}
	}

	// Axis and ticks, labelled in the zone of the first event.
	loc := es[0].Time.Location()
	axisY := top + laneH*float64(len(lanes))
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#555"/>`, x0, axisY, x1, axisY)
	step := tickSteps[len(tickSteps)-1]
	for _, s := range tickSteps {
		if span/s <= 6 {
			step = s
			break
		}
	}
	layout := "01-02 15:04"
	switch {
	case step < time.Minute:
		layout = "15:04:05"
	case step >= 24*time.Hour:
		layout = "2006-01-02"
	case start.In(loc).YearDay() == end.In(loc).YearDay() && start.Year() == end.Year():
		layout = "15:04"
	}
	first := start.In(loc).Truncate(step)
	if step >= time.Hour {
		// Truncate works in UTC; ticks on local hours and days read better.
		s := start.In(loc)
		first = time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, loc)
	}
	for t := first; !t.After(start.Add(span)); t = t.Add(step) {
		if t.Before(start) {
			continue
		}
		tx := x(t)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%g" x2="%.1f" y2="%g" stroke="#555"/>`, tx, axisY, tx, axisY+5)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%g" x2="%.1f" y2="%g" stroke="#ddd" stroke-dasharray="2,3"/>`, tx, top, tx, axisY)
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="12" text-anchor="middle" fill="#333">%s</text>`,
			tx, axisY+18, esc(t.In(loc).Format(layout)))
	}
	// The full start and end under the axis, so the reader has the dates
	// and the zone even when ticks show only the hour.
	fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="11" fill="#666">%s</text>`, x0, axisY+35, esc(formatTime(es[0].Time)))
	fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="11" text-anchor="end" fill="#666">%s</text>`,
		x1, axisY+35, esc(formatTime(es[len(es)-1].Time)))

	// Points; the worst drawn last so that it stays on top.
	order := slices.Clone(es)
	slices.SortStableFunc(order, func(a, b TimelineEntry) int { return int(a.Severity - b.Severity) })
	for _, e := range order {
		name := e.Tactic
		if !named {
			name = ""
		}
		y := top + laneH*float64(laneOf[name]) + laneH/2
		fmt.Fprintf(&b, `<circle class="point sev-%s" cx="%.1f" cy="%g" r="6" fill="%s" stroke="#fff" stroke-width="1.5"><title>%s</title></circle>`,
			e.Severity, x(e.Time), y, sevColor(e.Severity), esc(formatTime(e.Time)+" "+e.Summary))
	}

	// Legend.
	ly := h - legendH/2
	lx := x0
	for s := finding.Critical; s >= finding.Info; s-- {
		fmt.Fprintf(&b, `<circle cx="%g" cy="%g" r="6" fill="%s"/>`, lx, ly, sevColor(s))
		name := l.SeverityName(s)
		fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="12" dominant-baseline="middle" fill="#333">%s</text>`, lx+10, ly, esc(name))
		lx += 30 + textWidth(name, 12)
	}
	b.WriteString(`</svg>`)
	return htmltemplate.HTML(b.String())
}

// chainChart draws the attack chain: a box per tactic, in order, joined by
// arrows. Rows of four run left to right, then right to left (a snake), so
// that every arrow is short and the order is never ambiguous.
func chainChart(chain []ChainStep, l Labels) htmltemplate.HTML {
	if len(chain) == 0 {
		return ""
	}
	const (
		w, perRow, boxW, gapX, gapY, pad   = 720.0, 4, 150.0, 40.0, 34.0, 8.0
		titleSize, idSize, techSize, lineH = 13.0, 11.0, 12.0, 16.0
		maxTech                            = 6
	)
	type box struct {
		x, y, h float64
		lines   int
	}
	rows := (len(chain) + perRow - 1) / perRow
	boxes := make([]box, len(chain))
	y := 4.0
	for r := range rows {
		lo, hi := r*perRow, min((r+1)*perRow, len(chain))
		most := 0
		for _, s := range chain[lo:hi] {
			most = max(most, min(len(s.Techniques), maxTech+1))
		}
		bh := pad*2 + lineH*float64(2+most+1) // title, id, techniques, findings
		for i := lo; i < hi; i++ {
			col := i - lo
			if r%2 == 1 {
				col = perRow - 1 - col
			}
			boxes[i] = box{x: float64(col) * (boxW + gapX), y: y, h: bh}
		}
		y += bh + gapY
	}
	h := y - gapY + 4

	var b strings.Builder
	svgOpen(&b, "chain-chart", w, h, l.AttackChain)
	b.WriteString(`<defs><marker id="yj-chain-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#455a64"/></marker></defs>`)
	for i, s := range chain {
		bx := boxes[i]
		fmt.Fprintf(&b, `<g class="step"><rect x="%g" y="%g" width="%g" height="%g" rx="6" fill="#fff" stroke="#455a64" stroke-width="1.5"/>`,
			bx.x, bx.y, boxW, bx.h)
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="%g" height="%g" rx="6" fill="#eceff1"/>`, bx.x+1, bx.y+1, boxW-2, lineH*2+pad-2)
		ty := bx.y + pad + 12
		tactic := s.Tactic
		if tactic == "" {
			tactic = s.TacticID
		}
		fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="%g" font-weight="bold" fill="#222">%s</text>`,
			bx.x+pad, ty, titleSize, esc(fit(tactic, titleSize, boxW-2*pad)))
		ty += lineH
		fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="%g" fill="#666">%s</text>`, bx.x+pad, ty, idSize, esc(fit(s.TacticID, idSize, boxW-2*pad)))
		ty += lineH + 2
		for j, t := range s.Techniques {
			text := t.ID
			if j == maxTech && len(s.Techniques) > maxTech+1 {
				text = fmt.Sprintf("+%d", len(s.Techniques)-maxTech)
			} else if j > maxTech {
				break
			}
			fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="%g" font-family="monospace" fill="#0d47a1">%s</text>`,
				bx.x+pad, ty, techSize, esc(fit(text, techSize, boxW-2*pad)))
			ty += lineH
		}
		if len(s.Findings) > 0 {
			fmt.Fprintf(&b, `<text x="%g" y="%g" font-size="%g" fill="#444">%s</text>`,
				bx.x+pad, bx.y+bx.h-pad-2, idSize, esc(fit(l.FindingsRef+" "+formatRefs(s.Findings), idSize, boxW-2*pad)))
		}
		b.WriteString(`</g>`)
		if i == 0 {
			continue
		}
		// The arrow from the previous box: sideways within a row, down
		// between rows.
		p := boxes[i-1]
		var x1, y1, x2, y2 float64
		switch {
		case p.y != bx.y:
			x1, y1, x2, y2 = p.x+boxW/2, p.y+p.h, bx.x+boxW/2, bx.y
		case p.x < bx.x:
			x1, y1, x2, y2 = p.x+boxW, p.y+p.h/2, bx.x, bx.y+bx.h/2
		default:
			x1, y1, x2, y2 = p.x, p.y+p.h/2, bx.x+boxW, bx.y+bx.h/2
		}
		fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#455a64" stroke-width="2" marker-end="url(#yj-chain-arrow)"/>`,
			x1, y1, x2, y2)
	}
	b.WriteString(`</svg>`)
	return htmltemplate.HTML(b.String())
}
