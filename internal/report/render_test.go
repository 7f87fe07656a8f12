package report

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var renderLangs = []string{LangZh, LangEn}

func renderHTML(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := DefaultTemplates().HTML(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func renderMarkdown(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := DefaultTemplates().Markdown(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// headings returns the nine section headings of a language, in order.
func headings(lang string) []string {
	l := labelsFor(lang)
	return []string{l.Overview, l.Classification, l.Timeline, l.Findings, l.Tracing, l.Impact,
		l.Actions, l.Recommendations, l.Appendices}
}

func TestHeadingsAreTheIssues(t *testing.T) {
	// The headings are fixed by the issue; a typo here would reach every
	// customer.
	want := map[string][]string{
		LangZh: {"概述", "事件分类与分级", "事件时间线", "分析结果", "攻击溯源", "影响评估", "处置措施", "安全优化建议", "附录"},
		LangEn: {"Overview", "Classification and grade", "Timeline", "Findings", "Attacker tracing", "Impact",
			"Actions taken", "Recommendations", "Appendices"},
	}
	for lang, w := range want {
		if got := headings(lang); !slices.Equal(got, w) {
			t.Errorf("%s headings = %q, want %q", lang, got, w)
		}
	}
	if labelsFor("en-GB").Lang != LangEn || labelsFor("").Lang != LangZh || labelsFor("fr").Lang != LangZh {
		t.Error("labelsFor: en-GB must be English, anything else Chinese")
	}
}

// node helpers over golang.org/x/net/html.

func parseHTML(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), class)
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return b.String()
}

func byID(doc *html.Node, id string) *html.Node {
	var found *html.Node
	walk(doc, func(n *html.Node) {
		if found == nil && n.Type == html.ElementNode && attr(n, "id") == id {
			found = n
		}
	})
	return found
}

func findAll(root *html.Node, match func(*html.Node) bool) []*html.Node {
	var ns []*html.Node
	walk(root, func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			ns = append(ns, n)
		}
	})
	return ns
}

func TestHTMLSections(t *testing.T) {
	for _, lang := range renderLangs {
		t.Run(lang, func(t *testing.T) {
			r := sampleReport(lang)
			out := renderHTML(t, r)
			doc := parseHTML(t, out)

			title := findAll(doc, func(n *html.Node) bool { return n.DataAtom == atom.Title && n.Parent.DataAtom == atom.Head })
			if len(title) != 1 || !strings.Contains(textOf(title[0]), r.Title) {
				t.Fatalf("<title> should hold %q", r.Title)
			}
			cover := byID(doc, "cover")
			if cover == nil {
				t.Fatal("no cover")
			}
			ct := textOf(cover)
			for _, want := range []string{r.Title, r.Customer, labelsFor(lang).Confidential, r.Number} {
				if !strings.Contains(ct, want) {
					t.Errorf("cover lacks %q", want)
				}
			}
			if lang == LangZh && !strings.Contains(ct, "《"+sampleCustomer+" "+titleZhSuffix+"》") {
				t.Errorf("zh cover title should be in 《》: %q", ct)
			}

			// Every section exists, in order, with its numbered heading,
			// and the table of contents links to each.
			toc := byID(doc, "toc")
			sections := findAll(doc, func(n *html.Node) bool { return n.DataAtom == atom.Section })
			if len(sections) != 9 {
				t.Fatalf("%d sections, want 9", len(sections))
			}
			for i, h := range headings(lang) {
				s := sections[i]
				if attr(s, "id") != sectionIDs[i] {
					t.Errorf("section %d has id %q, want %q", i+1, attr(s, "id"), sectionIDs[i])
				}
				h2 := findAll(s, func(n *html.Node) bool { return n.DataAtom == atom.H2 })
				if len(h2) != 1 || strings.Join(strings.Fields(textOf(h2[0])), " ") != strings.TrimSpace(strconvI(i+1)+" "+h) {
					t.Errorf("section %s heading wrong", sectionIDs[i])
				}
				links := findAll(toc, func(n *html.Node) bool { return attr(n, "href") == "#"+sectionIDs[i] })
				if len(links) != 1 || !strings.Contains(textOf(links[0]), h) {
					t.Errorf("contents lack a link to %s", h)
				}
			}

			// Overview: systems, responders, tool record, conclusion.
			ov := textOf(byID(doc, "overview"))
			for _, want := range []string{"web-prod-01", "db-prod-01", r.Responders[1], r.Tool.Build.BinarySHA256,
				r.Tool.Build.Commit[:12], r.Conclusion, "2026-03-13 23:47:12 +08:00"} {
				if !strings.Contains(ov, want) {
					t.Errorf("overview lacks %q", want)
				}
			}
			// Classification: the categories and the grade's parts.
			cl := textOf(byID(doc, "classification"))
			for _, want := range []string{"MPMINER", r.Categories[0].Name, r.Grade.Name, r.Grade.Importance,
				r.Grade.Loss, r.Grade.Social, r.Grade.Explanation, r.Grade.Criteria[3]} {
				if !strings.Contains(cl, want) {
					t.Errorf("classification lacks %q", want)
				}
			}
			// Timelines: both tables.
			tl := byID(doc, "timeline")
			rows := findAll(tl, func(n *html.Node) bool { return n.DataAtom == atom.Tr })
			if want := 2 + len(r.AttackerTimeline) + len(r.ResponderTimeline); len(rows) != want {
				t.Errorf("timeline has %d rows, want %d", len(rows), want)
			}
			// Impact paragraphs, the no-action sentence, recommendations.
			if !strings.Contains(textOf(byID(doc, "impact")), r.Impact[1]) {
				t.Error("impact paragraph missing")
			}
			if !strings.Contains(textOf(byID(doc, "actions")), labelsFor(lang).NoActions) {
				t.Error("no-action sentence missing")
			}
			// Tracing: a table per kind, the wallet among them.
			tr := byID(doc, "tracing")
			if n := len(findAll(tr, func(n *html.Node) bool { return n.DataAtom == atom.Table })); n != 7 {
				t.Errorf("tracing has %d tables, want one per kind (7)", n)
			}
			if !strings.Contains(textOf(tr), r.Indicators[5].Value) {
				t.Error("wallet missing from tracing")
			}
			// Appendices: IOCs, hashes, custody with verification, tool.
			ap := textOf(byID(doc, "appendices"))
			for _, want := range []string{r.Hashes[1].SHA256, r.Custody.BundleSHA256, r.Custody.OplogHead,
				r.Custody.Verification, labelsFor(lang).Verified, "2457600", r.Tool.RulePacks["sigma"],
				r.Tool.RulePacks["yara"], r.Tool.Build.Commit, r.Tool.Build.GoVersion} {
				if !strings.Contains(ap, want) {
					t.Errorf("appendices lack %q", want)
				}
			}
		})
	}
}

func strconvI(i int) string { return string(rune('0' + i)) }

func TestHTMLFindings(t *testing.T) {
	for _, lang := range renderLangs {
		t.Run(lang, func(t *testing.T) {
			r := sampleReport(lang)
			// The builder sends them worst first; the renderer must not
			// depend on it.
			slices.Reverse(r.Findings)
			doc := parseHTML(t, renderHTML(t, r))
			fs := byID(doc, "findings")
			arts := findAll(fs, func(n *html.Node) bool { return n.DataAtom == atom.Article })
			var ids []string
			for _, a := range arts {
				ids = append(ids, attr(a, "id"))
			}
			want := []string{"finding-1", "finding-2", "finding-3", "finding-4", "finding-5", "finding-6", "finding-7"}
			if !slices.Equal(ids, want) {
				t.Fatalf("findings in order %q, want %q (worst first, false positive left out)", ids, want)
			}
			f1 := textOf(arts[0])
			for _, want := range []string{r.Findings[7].Title, "T1505.003", "Web Shell", "T1190", r.Findings[7].Category,
				r.Findings[7].Advice, r.Findings[7].Note, "owner=www-data", "9f2c4d1be0e1a3f5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d",
				labelsFor(lang).SeverityName(4), r.Findings[7].Confidence, "14"} {
				if !strings.Contains(f1, want) {
					t.Errorf("finding 1 lacks %q", want)
				}
			}
			if b := findAll(arts[0], func(n *html.Node) bool { return hasClass(n, "badge") }); len(b) != 1 || !hasClass(b[0], "sev-critical") {
				t.Error("finding 1 has no critical badge")
			}
			// The dismissed finding is in the appendix with its reason.
			fp := r.Findings[0] // number 8 after the reverse
			if fp.Number != 8 || !fp.FalsePositive {
				t.Fatal("sample changed: finding 8 should be the false positive")
			}
			if strings.Contains(textOf(fs), fp.Title) {
				t.Error("the false positive is listed among the findings")
			}
			row := byID(byID(doc, "appendices"), "finding-8")
			if row == nil || !strings.Contains(textOf(row), fp.Reason) || !strings.Contains(textOf(row), fp.Note) {
				t.Error("the dismissed finding, its reason and note should be in the appendix")
			}
			// The chain: a diagram with a box per step and the table.
			svg := findAll(fs, func(n *html.Node) bool { return n.Data == "svg" && hasClass(n, "chain-chart") })
			if len(svg) != 1 {
				t.Fatal("no chain diagram")
			}
			steps := findAll(svg[0], func(n *html.Node) bool { return n.Data == "g" && hasClass(n, "step") })
			if len(steps) != len(r.Chain) {
				t.Errorf("chain diagram has %d boxes, want %d", len(steps), len(r.Chain))
			}
			arrows := findAll(svg[0], func(n *html.Node) bool { return n.Data == "line" && attr(n, "marker-end") != "" })
			if len(arrows) != len(r.Chain)-1 {
				t.Errorf("chain diagram has %d arrows, want %d", len(arrows), len(r.Chain)-1)
			}
			st := textOf(steps[3])
			for _, want := range []string{"TA0003", "T1505.003", "T1053.003", "T1098.004", "#1, #3, #4"} {
				if !strings.Contains(st, want) {
					t.Errorf("persistence box lacks %q: %q", want, st)
				}
			}
		})
	}
}

func TestHTMLCharts(t *testing.T) {
	r := sampleReport(LangZh)
	doc := parseHTML(t, renderHTML(t, r))
	sev := findAll(doc, func(n *html.Node) bool { return n.Data == "svg" && hasClass(n, "severity-chart") })
	if len(sev) != 1 {
		t.Fatal("no severity chart")
	}
	bars := findAll(sev[0], func(n *html.Node) bool { return hasClass(n, "bar") })
	if len(bars) != 5 || !hasClass(bars[0], "sev-critical") || !hasClass(bars[4], "sev-info") {
		t.Fatalf("severity chart bars wrong: %d", len(bars))
	}
	// Bars scale with the counts: critical (2) is twice info (1).
	if attr(bars[0], "width") != "360.0" || attr(bars[4], "width") != "180.0" {
		t.Errorf("bar widths %s and %s, want 360.0 and 180.0", attr(bars[0], "width"), attr(bars[4], "width"))
	}
	tl := findAll(doc, func(n *html.Node) bool { return n.Data == "svg" && hasClass(n, "timeline-chart") })
	if len(tl) != 1 {
		t.Fatal("no timeline chart")
	}
	pts := findAll(tl[0], func(n *html.Node) bool { return hasClass(n, "point") })
	if len(pts) != len(r.AttackerTimeline) {
		t.Fatalf("%d points, want %d", len(pts), len(r.AttackerTimeline))
	}
	// Lanes follow the chain; a point without tactic goes in "other", and
	// time runs left to right.
	txt := textOf(tl[0])
	for _, lane := range []string{"凭据访问", "初始访问", "持久化", "影响", "其他"} {
		if !strings.Contains(txt, lane) {
			t.Errorf("timeline lacks lane %q", lane)
		}
	}
	xOf := func(summary string) float64 {
		for _, p := range pts {
			if strings.Contains(textOf(p), summary) {
				x, err := strconv.ParseFloat(attr(p, "cx"), 64)
				if err != nil {
					t.Fatal(err)
				}
				return x
			}
		}
		t.Fatalf("no point for %q", summary)
		return 0
	}
	first, mid, last := xOf("SSH 暴力破解开始"), xOf("上传 Web Shell"), xOf("最后一次 Web Shell 访问")
	if !(first < mid && mid < last) || first < 120 || last > 760 {
		t.Errorf("points at x=%v, %v, %v: not in time order inside the plot", first, mid, last)
	}
}

// TestHTMLHostile checks that attacker text is shown, escaped, and never
// markup: not a script, not an image, not a bidi override, not a control
// character, not invalid UTF-8.
func TestHTMLHostile(t *testing.T) {
	for _, lang := range renderLangs {
		t.Run(lang, func(t *testing.T) {
			out := renderHTML(t, sampleReport(lang))
			for _, bad := range []string{`<script>alert`, `</script><script>`, `<img src=x`, "\u202e", "\x1b", "\x00"} {
				if strings.Contains(out, bad) {
					t.Errorf("output contains %q", bad)
				}
			}
			if !utf8.ValidString(out) {
				t.Error("output is not valid UTF-8")
			}
			for _, r := range out {
				if r < 0x20 && r != '\n' && r != '\t' {
					t.Fatalf("control character %U in output", r)
				}
			}
			doc := parseHTML(t, out)
			for _, a := range []atom.Atom{atom.Script, atom.Img, atom.Iframe, atom.Object, atom.Embed, atom.Link, atom.Base} {
				if n := findAll(doc, func(n *html.Node) bool { return n.DataAtom == a }); len(n) > 0 {
					t.Errorf("document has a <%s> element", a)
				}
			}
			// The hostile text is there, as text, in the excerpt.
			var pres []string
			for _, p := range findAll(doc, func(n *html.Node) bool { return n.DataAtom == atom.Pre }) {
				pres = append(pres, textOf(p))
			}
			joined := strings.Join(pres, "\n")
			for _, want := range []string{hostileScript, hostilePre, hostileTicks, `\x1b[31mred\x1b[0m\x00`, `user=\xff\xfe\xfdroot`, `invoice\u202egpj.php`} {
				if !strings.Contains(joined, want) {
					t.Errorf("excerpts lack %q", want)
				}
			}
			if strings.Contains(joined, "\r") {
				t.Error("a CRLF's carriage return survived")
			}
		})
	}
}

// TestHTMLSelfContained checks that nothing in the page loads from
// elsewhere: links are fragments, nothing has a src, the style sheet has no
// url() to another document and no @import.
func TestHTMLSelfContained(t *testing.T) {
	out := renderHTML(t, sampleReport(LangZh))
	doc := parseHTML(t, out)
	walk(doc, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		for _, a := range n.Attr {
			switch k := strings.ToLower(a.Key); {
			case k == "href" || k == "xlink:href":
				if !strings.HasPrefix(a.Val, "#") {
					t.Errorf("<%s %s=%q> leaves the page", n.Data, a.Key, a.Val)
				}
			case k == "src" || k == "srcset" || k == "action" || k == "poster" || k == "data" || k == "background" || k == "http-equiv":
				t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
			case strings.HasPrefix(k, "on"):
				t.Errorf("<%s %s=%q>: event handler", n.Data, a.Key, a.Val)
			case k == "style" || k == "marker-end" || k == "fill":
				checkCSSRefs(t, a.Val)
			}
		}
		if n.DataAtom == atom.Style {
			checkCSSRefs(t, textOf(n))
		}
	})
}

var cssURL = regexp.MustCompile(`(?i)url\(\s*['"]?([^'")]*)`)

func checkCSSRefs(t *testing.T, css string) {
	t.Helper()
	if strings.Contains(strings.ToLower(css), "@import") {
		t.Error("style sheet has @import")
	}
	for _, m := range cssURL.FindAllStringSubmatch(css, -1) {
		if !strings.HasPrefix(m[1], "#") {
			t.Errorf("style refers to %q", m[1])
		}
	}
}

func TestHTMLActionsAndEmpty(t *testing.T) {
	r := sampleReport(LangEn)
	r.Actions = []Action{{Time: sampleAt(15, 12, 0, 0), Operator: "Zhang Wei", Action: "Killed process", Target: "pid 23817", Result: "ok", Undo: "-"}}
	doc := parseHTML(t, renderHTML(t, r))
	act := byID(doc, "actions")
	if strings.Contains(textOf(act), labelsEn.NoActions) || !strings.Contains(textOf(act), "pid 23817") {
		t.Error("actions table not shown")
	}

	// An empty report renders, with every section and "none" where empty.
	for _, lang := range renderLangs {
		out := renderHTML(t, &Report{Lang: lang})
		d := parseHTML(t, out)
		for _, id := range sectionIDs {
			if byID(d, id) == nil {
				t.Errorf("%s: empty report lacks section %s", lang, id)
			}
		}
		if !strings.Contains(out, labelsFor(lang).NoFindings) || !strings.Contains(out, labelsFor(lang).NoActions) {
			t.Errorf("%s: empty report should say there are no findings and no actions", lang)
		}
		md := renderMarkdown(t, &Report{Lang: lang})
		checkMarkdownTables(t, md)
	}
	// A nil report must not panic.
	if err := DefaultTemplates().HTML(&bytes.Buffer{}, nil); err != nil {
		t.Error(err)
	}
}

func TestRecommendationsGrouped(t *testing.T) {
	r := sampleReport(LangZh)
	r.Recommendations = append(r.Recommendations, Recommendation{ID: "R9", Priority: 7, Title: "越界优先级", Text: "x"})
	doc := parseHTML(t, renderHTML(t, r))
	sec := byID(doc, "recommendations")
	var hs []string
	for _, h := range findAll(sec, func(n *html.Node) bool { return n.DataAtom == atom.H3 }) {
		hs = append(hs, textOf(h))
	}
	if !slices.Equal(hs, []string{"优先级：立即", "优先级：近期", "优先级：计划"}) {
		t.Errorf("priority groups %q", hs)
	}
	recs := findAll(sec, func(n *html.Node) bool { return hasClass(n, "rec") })
	if len(recs) != 6 || attr(recs[5], "id") != "rec-6" || !strings.Contains(textOf(recs[5]), "越界优先级") {
		t.Fatalf("recommendations not numbered 1-6 with the out-of-range one last (planned)")
	}
	if got := textOf(recs[0]); !strings.Contains(got, "#1, #2, #3, #4") {
		t.Errorf("R1 should cite findings 1-4: %q", got)
	}
	if links := findAll(recs[0], func(n *html.Node) bool { return attr(n, "href") == "#finding-4" }); len(links) != 1 {
		t.Error("finding references should link to the finding")
	}
	if !strings.Contains(textOf(recs[4]), "基线建议") {
		t.Error("a recommendation without findings should say it is a baseline")
	}
}

func TestSanitizeLeavesReportAlone(t *testing.T) {
	r := sampleReport(LangZh)
	renderHTML(t, r)
	renderMarkdown(t, r)
	if !reflect.DeepEqual(r, sampleReport(LangZh)) {
		t.Error("rendering modified the Report")
	}
}

func TestCleanText(t *testing.T) {
	for in, want := range map[string]string{
		"plain 中文":           "plain 中文",
		"a\tb\nc":            "a\tb\nc",
		"line\r\nnext":       "line\nnext",
		"lone\rcr":           `lone\x0dcr`,
		"\x1b[1m":            `\x1b[1m`,
		"\xff\xfe":           `\xff\xfe`,
		"\u202eevil\u2066":   `\u202eevil\u2066`,
		"nbsp\u00a0ok\u200b": `nbsp` + "\u00a0" + `ok\u200b`,
		"\u0085next":         `\u0085next`,
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
		if needsClean(in) != (in != want) {
			t.Errorf("needsClean(%q) = %v", in, needsClean(in))
		}
	}
}

// Markdown.

// splitRow splits a GFM table row on the pipes that are not escaped.
func splitRow(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line):
			cur.WriteByte(line[i])
			cur.WriteByte(line[i+1])
			i++
		case line[i] == '|':
			cells = append(cells, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(line[i])
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		cells = append(cells, cur.String())
	}
	return cells
}

var delimRow = regexp.MustCompile(`^\|(\s*:?-+:?\s*\|)+$`)

// checkMarkdownTables checks every table outside fenced blocks: a header,
// a delimiter row with as many cells, and rows with the same count; it
// returns the number of tables.
func checkMarkdownTables(t *testing.T, md string) int {
	t.Helper()
	lines := outsideFences(t, md)
	tables := 0
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "|") {
			continue
		}
		tables++
		if i > 0 && strings.TrimSpace(lines[i-1]) != "" {
			t.Errorf("table at line %q is not preceded by a blank line", lines[i])
		}
		n := len(splitRow(lines[i]))
		if i+1 >= len(lines) || !delimRow.MatchString(lines[i+1]) || len(splitRow(lines[i+1])) != n {
			t.Errorf("table %q lacks a delimiter row of %d cells", lines[i], n)
			continue
		}
		j := i + 2
		for ; j < len(lines) && strings.HasPrefix(lines[j], "|"); j++ {
			if got := len(splitRow(lines[j])); got != n || !strings.HasSuffix(lines[j], "|") {
				t.Errorf("row %q has %d cells, want %d", lines[j], got, n)
			}
		}
		i = j
	}
	return tables
}

var fenceLine = regexp.MustCompile("^(`{3,})(.*)$")

// outsideFences returns the lines of md outside fenced code blocks, and
// checks each block: closed, and its fence longer than any backtick run
// inside. Lines inside blocks are replaced by empty ones.
func outsideFences(t *testing.T, md string) []string {
	t.Helper()
	var out []string
	open := ""
	var body []string
	for _, ln := range strings.Split(md, "\n") {
		if open == "" {
			if m := fenceLine.FindStringSubmatch(ln); m != nil {
				open = m[1]
				body = nil
				out = append(out, "")
				continue
			}
			out = append(out, ln)
			continue
		}
		if strings.TrimSpace(ln) == strings.Repeat("`", len(strings.TrimSpace(ln))) && len(strings.TrimSpace(ln)) >= len(open) {
			if run := longestRun(strings.Join(body, "\n"), '`'); run >= len(open) {
				t.Errorf("fence of %d backticks holds a run of %d", len(open), run)
			}
			open = ""
			out = append(out, "")
			continue
		}
		body = append(body, ln)
		out = append(out, "")
	}
	if open != "" {
		t.Error("unclosed fenced block")
	}
	return out
}

// stripCodeSpans removes the inline code spans of a line: a run of n
// backticks up to the next run of exactly n.
func stripCodeSpans(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); {
		if line[i] != '`' {
			b.WriteByte(line[i])
			i++
			continue
		}
		n := 0
		for i+n < len(line) && line[i+n] == '`' {
			n++
		}
		end := -1
		for j := i + n; j < len(line); {
			if line[j] != '`' {
				j++
				continue
			}
			m := 0
			for j+m < len(line) && line[j+m] == '`' {
				m++
			}
			if m == n {
				end = j + m
				break
			}
			j += m
		}
		if end < 0 { // no closing run: the backticks are literal
			b.WriteString(line[i : i+n])
			i += n
			continue
		}
		i = end
	}
	return b.String()
}

func TestMarkdown(t *testing.T) {
	for _, lang := range renderLangs {
		t.Run(lang, func(t *testing.T) {
			r := sampleReport(lang)
			md := renderMarkdown(t, r)
			if !strings.HasPrefix(md, "# "+labelsFor(lang).TitleOpen+r.Customer) {
				t.Errorf("Markdown should open with the title: %q", md[:min(80, len(md))])
			}
			if !strings.Contains(md, r.Customer) || !strings.Contains(md, labelsFor(lang).Confidential) {
				t.Error("customer or classification mark missing")
			}
			// The nine headings, numbered and in order.
			pos := 0
			for i, h := range headings(lang) {
				line := "\n## " + strconvI(i+1) + " " + h + "\n"
				p := strings.Index(md, line)
				if p < pos {
					t.Errorf("heading %q missing or out of order", line)
				}
				pos = p
			}
			if n := checkMarkdownTables(t, md); n < 20 {
				t.Errorf("only %d tables", n)
			}
			// Outside code blocks and code spans (whose content a renderer
			// escapes), no raw markup from the evidence.
			lines := outsideFences(t, md)
			for i, ln := range lines {
				lines[i] = stripCodeSpans(ln)
			}
			text := strings.Join(lines, "\n")
			for _, bad := range []string{"<script", "<img", "</pre", "\u202e", "\x1b"} {
				if strings.Contains(text, bad) {
					t.Errorf("Markdown text contains %q", bad)
				}
			}
			if strings.Contains(strings.ReplaceAll(text, "<br>", ""), "<") {
				t.Error("Markdown text contains a raw <")
			}
			if !utf8.ValidString(md) {
				t.Error("Markdown is not valid UTF-8")
			}
			// The excerpt with a four-backtick run is in a block of five.
			if !strings.Contains(md, "`````text\n<?php") && !strings.Contains(md, "`````text\n"+hostileTicks) {
				t.Error("excerpt with ```` should be fenced with `````")
			}
			if !strings.Contains(md, "`````text\n"+hostileTicks+"\n") {
				t.Error("the miner's excerpt is not fenced as it is")
			}
			// The pipe in a fact and a code cell stays inside its cell
			// (checked by the table check) and is shown.
			if !strings.Contains(md, `a\|b\|c`) {
				t.Error("escaped pipes missing")
			}
			// The false positive is only in the appendix.
			fp := r.Findings[7]
			if strings.Contains(md, "### #8 ") || !strings.Contains(md, "| #8 |") || !strings.Contains(md, mdCell(fp.Reason)) {
				t.Error("false positive should be in the appendix only, with its reason")
			}
			if !strings.Contains(md, labelsFor(lang).NoActions) {
				t.Error("no-action sentence missing")
			}
		})
	}
}

func TestMarkdownEscapes(t *testing.T) {
	for in, want := range map[string]string{
		"a|b":        `a\|b`,
		"`x`":        "\\`x\\`",
		"<b>&":       "&lt;b&gt;&amp;",
		"two\nlines": "two<br>lines",
		"":           " ",
	} {
		if got := mdCell(in); got != want {
			t.Errorf("mdCell(%q) = %q, want %q", in, got, want)
		}
	}
	if got := mdCode("a``b|c"); got != "```a``b\\|c```" {
		t.Errorf("mdCode = %q", got)
	}
	if got := mdCode("`x"); got != "`` `x ``" {
		t.Errorf("mdCode = %q", got)
	}
	if got := mdFence("x\n````\ny"); got != "`````text\nx\n````\ny\n`````" {
		t.Errorf("mdFence = %q", got)
	}
	if got := mdText("# not a heading\n1. not a list\n- nor this"); got != "\\# not a heading  \n1\\. not a list  \n\\- nor this" {
		t.Errorf("mdText = %q", got)
	}
}

func TestLoadTemplatesFromDir(t *testing.T) {
	dir := t.TempDir()
	// Only the style sheet replaced: the templates are the embedded ones.
	if err := os.WriteFile(filepath.Join(dir, StyleFile), []byte("body { color: #123456 }"), 0o644); err != nil {
		t.Fatal(err)
	}
	tm, err := LoadTemplates(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tm.HTML(&b, sampleReport(LangZh)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "#123456") || !strings.Contains(b.String(), `id="appendices"`) {
		t.Error("replaced style sheet or embedded template missing")
	}
	if strings.Contains(b.String(), "--critical") {
		t.Error("embedded style sheet still used")
	}

	// A replaced Markdown template is used.
	if err := os.WriteFile(filepath.Join(dir, MarkdownTemplateFile), []byte("custom {{cell .R.Customer}}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if tm, err = LoadTemplates(dir); err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := tm.Markdown(&b, sampleReport(LangZh)); err != nil || b.String() != "custom "+sampleCustomer+"\n" {
		t.Errorf("custom Markdown template: %q, %v", b.String(), err)
	}

	// A template that does not parse is an error that names the file.
	bad := filepath.Join(dir, HTMLTemplateFile)
	if err := os.WriteFile(bad, []byte("{{if .R.Customer}}unclosed"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = LoadTemplates(dir)
	if err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "does not parse") {
		t.Errorf("bad template: error %v should name %s", err, bad)
	}

	// A style sheet that would close the <style> element is refused.
	os.Remove(bad)
	if err := os.WriteFile(filepath.Join(dir, StyleFile), []byte("</style><script>x()</script>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadTemplates(dir); err == nil {
		t.Error("a style sheet with </style> should be refused")
	}

	// A template that fails while executing writes nothing.
	if err := os.WriteFile(filepath.Join(dir, StyleFile), []byte(""), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bad, []byte("partial {{.R.NoSuchField}}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if tm, err = LoadTemplates(dir); err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := tm.HTML(&b, sampleReport(LangZh)); err == nil || b.Len() != 0 {
		t.Errorf("failing template: err %v, wrote %d bytes", err, b.Len())
	}
}

// TestWriteSample writes the rendered sample to $YINGJI_REPORT_SAMPLE_DIR
// (a temporary directory when unset), so that a reviewer can open it.
func TestWriteSample(t *testing.T) {
	dir := os.Getenv("YINGJI_REPORT_SAMPLE_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, lang := range renderLangs {
		r := sampleReport(lang)
		if err := os.WriteFile(filepath.Join(dir, "sample-"+lang+".html"), []byte(renderHTML(t, r)), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "sample-"+lang+".md"), []byte(renderMarkdown(t, r)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
