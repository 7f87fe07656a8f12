package report

import (
	"bytes"
	"cmp"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"
	"unicode/utf8"

	"github.com/yingji/yingji/internal/finding"
)

// The names of the replaceable files, in the embedded templates/ directory
// and in a service's template directory.
const (
	HTMLTemplateFile     = "report.html.tmpl"
	MarkdownTemplateFile = "report.md.tmpl"
	StyleFile            = "style.css"
)

//go:embed templates
var embedded embed.FS

// Templates are the parsed templates and style sheet that lay a Report out.
// They are safe for concurrent use.
type Templates struct {
	html *htmltemplate.Template
	md   *texttemplate.Template
	css  string
}

var (
	defaultOnce sync.Once
	defaultTmpl *Templates
	defaultErr  error
)

// DefaultTemplates returns the templates embedded in the binary. They are
// parsed once; a failure is a bug caught by the package's tests, so it
// panics.
func DefaultTemplates() *Templates {
	defaultOnce.Do(func() { defaultTmpl, defaultErr = LoadTemplates("") })
	if defaultErr != nil {
		panic(defaultErr)
	}
	return defaultTmpl
}

// LoadTemplates parses the report templates. Each of report.html.tmpl,
// report.md.tmpl and style.css found in dir replaces the embedded one; a
// file missing from dir falls back to the embedded one, so a service can
// replace only the style sheet. dir "" loads the embedded templates only.
// The error names the file that does not parse.
func LoadTemplates(dir string) (*Templates, error) {
	read := func(name string) (data []byte, from string, err error) {
		if dir != "" {
			p := filepath.Join(dir, name)
			data, err = os.ReadFile(p)
			if err == nil {
				return data, p, nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return nil, p, fmt.Errorf("report template: %w", err)
			}
		}
		data, err = embedded.ReadFile("templates/" + name)
		return data, "embedded " + name, err
	}
	var t Templates

	src, from, err := read(HTMLTemplateFile)
	if err != nil {
		return nil, err
	}
	t.html, err = htmltemplate.New(HTMLTemplateFile).Funcs(htmlFuncs).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("report template %s does not parse: %w", from, err)
	}

	src, from, err = read(MarkdownTemplateFile)
	if err != nil {
		return nil, err
	}
	t.md, err = texttemplate.New(MarkdownTemplateFile).Funcs(mdFuncs).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("report template %s does not parse: %w", from, err)
	}

	src, from, err = read(StyleFile)
	if err != nil {
		return nil, err
	}
	// The style sheet is put inside <style>: a closing tag in it would end
	// the element and let the rest be read as markup.
	if bytes.Contains(bytes.ToLower(src), []byte("</style")) {
		return nil, fmt.Errorf("report style sheet %s contains </style", from)
	}
	t.css = string(src)
	return &t, nil
}

// HTML writes the report as one self-contained HTML page: the style sheet
// and the charts are inline, nothing is loaded from elsewhere. Nothing is
// written when the template fails.
func (t *Templates) HTML(w io.Writer, r *Report) error {
	v := NewView(r)
	v.CSS = htmltemplate.CSS(t.css)
	var b bytes.Buffer
	if err := t.html.Execute(&b, v); err != nil {
		return fmt.Errorf("rendering the HTML report: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// Markdown writes the report as GitHub-flavoured Markdown. Nothing is
// written when the template fails.
func (t *Templates) Markdown(w io.Writer, r *Report) error {
	var b bytes.Buffer
	if err := t.md.Execute(&b, NewView(r)); err != nil {
		return fmt.Errorf("rendering the Markdown report: %w", err)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// View is what the templates see: the Report with its text made safe to
// show, the labels of its language, and the parts derived for layout.
type View struct {
	R *Report // a copy; every string holds valid UTF-8 without control characters
	L Labels

	CSS htmltemplate.CSS // the style sheet; set for the HTML template only

	Title    string    // R.Title between the language's title marks
	Sections []Section // the numbered sections, for headings and the table of contents

	Severities []SeverityCount // Critical first
	Total      int             // the findings that stand

	Findings  []Finding // the findings that stand, worst first
	Dismissed []Finding // those marked false positive

	IndicatorGroups []IndicatorGroup
	RecGroups       []RecGroup

	// Charts, as inline SVG elements (built by this package, escaped).
	SeverityChart, TimelineChart, ChainChart htmltemplate.HTML
}

// Section is one numbered section of the report.
type Section struct {
	ID    string // the element id in the HTML
	Num   int
	Title string
}

// SeverityCount is one bar of the severity breakdown.
type SeverityCount struct {
	Severity finding.Severity
	Name     string
	Count    int
}

// IndicatorGroup holds the indicators of one kind.
type IndicatorGroup struct {
	Kind, Label string
	Items       []Indicator
	// Whether any item has times, a count, rules: the table leaves out
	// columns that would be empty.
	HasTime, HasCount, HasRules bool
}

// RecGroup holds the recommendations of one priority, numbered across the
// groups.
type RecGroup struct {
	Priority int
	Label    string
	Items    []NumberedRec
}

// NumberedRec is a recommendation with its number in the report.
type NumberedRec struct {
	N int
	Recommendation
}

// The ids of the sections, fixed so that links, tests and replaced
// templates can rely on them.
var sectionIDs = []string{"overview", "classification", "timeline", "findings", "tracing",
	"impact", "actions", "recommendations", "appendices"}

// NewView prepares a Report for the templates. The report itself is not
// changed.
func NewView(r *Report) *View {
	rc := sanitized(r)
	l := labelsFor(rc.Lang)
	v := &View{R: rc, L: l, Title: l.TitleOpen + rc.Title + l.TitleClose}

	for i, title := range []string{l.Overview, l.Classification, l.Timeline, l.Findings, l.Tracing,
		l.Impact, l.Actions, l.Recommendations, l.Appendices} {
		v.Sections = append(v.Sections, Section{ID: sectionIDs[i], Num: i + 1, Title: title})
	}

	for i, n := range rc.SeverityCounts {
		s := finding.Critical - finding.Severity(i)
		v.Severities = append(v.Severities, SeverityCount{Severity: s, Name: l.SeverityName(s), Count: n})
		v.Total += n
	}

	for _, f := range rc.Findings {
		if f.FalsePositive {
			v.Dismissed = append(v.Dismissed, f)
		} else {
			v.Findings = append(v.Findings, f)
		}
	}
	byWorst := func(a, b Finding) int {
		return cmp.Or(cmp.Compare(b.Severity, a.Severity), cmp.Compare(a.Number, b.Number))
	}
	slices.SortStableFunc(v.Findings, byWorst)
	slices.SortStableFunc(v.Dismissed, byWorst)

	v.IndicatorGroups = groupIndicators(rc.Indicators, l)

	n := 0
	for p := 1; p <= 3; p++ {
		g := RecGroup{Priority: p, Label: l.PriorityName(p)}
		for _, rec := range rc.Recommendations {
			// An out-of-range priority is shown as planned rather than lost.
			if rp := rec.Priority; rp == p || p == 3 && (rp < 1 || rp > 3) {
				n++
				g.Items = append(g.Items, NumberedRec{N: n, Recommendation: rec})
			}
		}
		if len(g.Items) > 0 {
			v.RecGroups = append(v.RecGroups, g)
		}
	}

	v.SeverityChart = severityChart(v.Severities, l)
	v.TimelineChart = timelineChart(rc.AttackerTimeline, rc.Chain, l)
	v.ChainChart = chainChart(rc.Chain, l)
	return v
}

func groupIndicators(ins []Indicator, l Labels) []IndicatorGroup {
	var groups []IndicatorGroup
	idx := map[string]int{}
	for _, in := range ins {
		i, ok := idx[in.Kind]
		if !ok {
			i = len(groups)
			idx[in.Kind] = i
			groups = append(groups, IndicatorGroup{Kind: in.Kind, Label: l.KindName(in.Kind)})
		}
		g := &groups[i]
		g.Items = append(g.Items, in)
		g.HasTime = g.HasTime || !in.First.IsZero() || !in.Last.IsZero()
		g.HasCount = g.HasCount || in.Count != 0
		g.HasRules = g.HasRules || len(in.Rules) > 0
	}
	// Known kinds in the labels' order, then unknown kinds by name.
	rank := func(kind string) int {
		for i, k := range l.kinds {
			if k.kind == kind {
				return i
			}
		}
		return len(l.kinds)
	}
	slices.SortStableFunc(groups, func(a, b IndicatorGroup) int {
		return cmp.Or(cmp.Compare(rank(a.Kind), rank(b.Kind)), strings.Compare(a.Kind, b.Kind))
	})
	return groups
}

// sanitized returns a deep copy of r whose strings are safe to display:
// evidence is attacker-controlled, and although html/template escapes
// markup, invalid UTF-8, terminal escapes and bidirectional overrides would
// still reach the reader's eyes (or confuse a PDF text layer).
func sanitized(r *Report) *Report {
	if r == nil {
		r = &Report{}
	}
	c := *r
	cleanValue(reflect.ValueOf(&c).Elem())
	return &c
}

// cleanValue cleans every settable string under v, copying slices, maps and
// pointers first so that the caller's Report is never modified.
func cleanValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); needsClean(s) {
			v.SetString(cleanText(s))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				cleanValue(f)
			}
		}
	case reflect.Array:
		for i := range v.Len() {
			cleanValue(v.Index(i))
		}
	case reflect.Slice:
		if v.IsNil() {
			return
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		reflect.Copy(c, v)
		v.Set(c)
		for i := range c.Len() {
			cleanValue(c.Index(i))
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			k := reflect.New(v.Type().Key()).Elem()
			k.Set(it.Key())
			cleanValue(k)
			e := reflect.New(v.Type().Elem()).Elem()
			e.Set(it.Value())
			cleanValue(e)
			c.SetMapIndex(k, e)
		}
		v.Set(c)
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		c := reflect.New(v.Type().Elem())
		c.Elem().Set(v.Elem())
		cleanValue(c.Elem())
		v.Set(c)
	}
}

func needsClean(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r != '\n' && r != '\t' && isHidden(r) {
			return true
		}
	}
	return false
}

// isHidden reports the runes that are not shown as themselves: C0 and C1
// controls, and the format characters that reorder or hide text (the
// "Trojan Source" bidirectional controls, zero-width characters, line and
// paragraph separators, the byte order mark).
func isHidden(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return true
	case r >= 0x200b && r <= 0x200f, r >= 0x2028 && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0xfeff:
		return true
	}
	return false
}

// cleanText writes invalid bytes as \xNN and hidden runes as \xNN or
// \uNNNN, keeping newlines and tabs, and a carriage return only as part of
// CRLF (dropped: the line break stays).
func cleanText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n', r == '\t':
			b.WriteRune(r)
		case r == '\r' && strings.HasPrefix(s[i+1:], "\n"):
		case r < 0x80 && isHidden(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case isHidden(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// Functions shared by both templates.
var commonFuncs = map[string]any{
	"time":   formatTime,
	"window": formatWindow,
	"refs":   formatRefs,
	"join":   strings.Join,
	"add":    func(a, b int) int { return a + b },
	"size":   func(n int64) string { return strconv.FormatInt(n, 10) },
	"more":   func(format string, n int) string { return fmt.Sprintf(format, n) },
	"packs":  sortedPacks,
	"short":  shortCommit,
	"pair":   func(a, b any) Pair { return Pair{a, b} },
}

// Pair carries two values into a sub-template, which takes only one: the
// templates pass the View and the item they are showing.
type Pair struct{ A, B any }

// Date is the report's date for the cover, written as the language writes
// dates.
func (v *View) Date() string {
	t := v.R.Generated
	if t.IsZero() {
		return "—"
	}
	if v.L.Lang == LangEn {
		return t.Format("2 January 2006")
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

var htmlFuncs = htmltemplate.FuncMap(commonFuncs)

var mdFuncs = func() texttemplate.FuncMap {
	m := texttemplate.FuncMap{
		"cell":  mdCell,
		"text":  mdText,
		"code":  mdCode,
		"fence": mdFence,
	}
	for k, f := range commonFuncs {
		m[k] = f
	}
	return m
}()

// formatTime shows a time in its own zone, as the evidence recorded it; the
// offset is printed so that times from hosts in different zones compare.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format("2006-01-02 15:04:05 -07:00")
}

func formatWindow(w TimeWindow) string {
	if w.Start.IsZero() && w.End.IsZero() {
		return "—"
	}
	return formatTime(w.Start) + " ~ " + formatTime(w.End)
}

func formatRefs(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = "#" + strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

// Pack is a rule pack of the tool record, for templates (maps range in key
// order already, but a slice keeps the template simple).
type Pack struct{ Name, SHA256 string }

func sortedPacks(m map[string]string) []Pack {
	var ps []Pack
	for k, v := range m {
		ps = append(ps, Pack{k, v})
	}
	slices.SortFunc(ps, func(a, b Pack) int { return strings.Compare(a.Name, b.Name) })
	return ps
}

func shortCommit(s string) string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}

// mdEscaper escapes the characters that make Markdown markup inline, and
// the HTML ones, since GitHub-flavoured Markdown passes raw HTML through.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `|`, `\|`, `~`, `\~`,
	`<`, `&lt;`, `>`, `&gt;`, `&`, `&amp;`,
)

// mdText escapes a paragraph: inline markup, and a line start that would
// begin a heading, list, quote or rule; line breaks are kept as hard breaks.
func mdText(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, ln := range lines {
		ln = mdEscaper.Replace(ln)
		if t := strings.TrimLeft(ln, " "); t != "" {
			switch t[0] {
			case '#', '-', '+', '=', '>':
				ln = `\` + t
			default:
				if j := strings.IndexFunc(t, func(r rune) bool { return r < '0' || r > '9' }); j > 0 && (t[j] == '.' || t[j] == ')') {
					ln = t[:j] + `\` + t[j:]
				}
			}
		}
		lines[i] = ln
	}
	return strings.Join(lines, "  \n")
}

// mdCell escapes text for a table cell: a cell is one line, and a pipe
// would end it.
func mdCell(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return " "
	}
	return strings.ReplaceAll(mdEscaper.Replace(s), "\n", "<br>")
}

// mdCode writes s as an inline code span for a table cell, with a delimiter
// longer than any backtick run in s. A line break cannot be in a cell, and
// a pipe must be escaped even inside a code span (GFM splits the row
// first and then drops the backslash).
func mdCode(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	s = strings.ReplaceAll(s, "|", `\|`)
	d := strings.Repeat("`", longestRun(s, '`')+1)
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return d + pad + s + pad + d
}

// mdFence writes s as a fenced code block whose fence is longer than any
// backtick run in s, so nothing inside can close it.
func mdFence(s string) string {
	f := strings.Repeat("`", max(3, longestRun(s, '`')+1))
	return f + "text\n" + strings.TrimRight(s, "\n") + "\n" + f
}

func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}
