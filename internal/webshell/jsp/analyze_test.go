package jsp

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// expectRE finds a fixture's expectation, written in its first comment:
// "expect rule=R [min=N] ... [family=F] [max=N]".
var expectRE = regexp.MustCompile(`expect ((?:[a-z]+=[^\s]+\s*)+)`)

type expectation struct {
	rules  []ruleExpect
	family string
	max    int // -1: none
}

type ruleExpect struct {
	rule string
	min  int
}

func parseExpect(t *testing.T, name string, src []byte) expectation {
	m := expectRE.FindSubmatch(src)
	if m == nil {
		m = expectRE.FindSubmatch(toUTF8(src))
	}
	if m == nil {
		m = expectRE.FindSubmatch(altText(src))
	}
	if m == nil {
		t.Fatalf("%s: no expectation", name)
	}
	e := expectation{max: -1}
	for _, f := range strings.Fields(string(m[1])) {
		k, v, _ := strings.Cut(f, "=")
		switch k {
		case "rule":
			e.rules = append(e.rules, ruleExpect{rule: v})
		case "min":
			n, _ := strconv.Atoi(v)
			if len(e.rules) == 0 {
				t.Fatalf("%s: min before rule", name)
			}
			e.rules[len(e.rules)-1].min = n
		case "family":
			e.family = v
		case "max":
			e.max, _ = strconv.Atoi(v)
		}
	}
	return e
}

func brief(ds []verdict.Detection) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(" " + d.Rule + ":" + strconv.Itoa(d.Score))
		if d.Family != "" {
			b.WriteString("(" + d.Family + ")")
		}
	}
	return b.String()
}

// TestFixtures runs the synthetic pages of testdata/: every malicious
// page must be reported with the expected rules, every benign look-alike
// must stay under its bound (always under verdict.Report).
func TestFixtures(t *testing.T) {
	for _, dir := range []string{"malicious", "benign"} {
		files, err := filepath.Glob(filepath.Join("testdata", dir, "*"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no fixtures in %s: %v", dir, err)
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			name := dir + "/" + filepath.Base(f)
			t.Run(name, func(t *testing.T) {
				e := parseExpect(t, name, src)
				ds := Analyze(src)
				top := verdict.Max(ds)
				if dir == "malicious" && top < verdict.Report {
					t.Errorf("not reported (max %d):%s", top, brief(ds))
				}
				if dir == "benign" && top >= verdict.Report {
					t.Errorf("benign page reported (max %d):%s", top, brief(ds))
				}
				if e.max >= 0 && top > e.max {
					t.Errorf("max score %d > %d:%s", top, e.max, brief(ds))
				}
				for _, r := range e.rules {
					found := false
					for _, d := range ds {
						if d.Rule == r.rule && d.Score >= r.min {
							found = true
						}
					}
					if !found {
						t.Errorf("want %s >= %d, got%s", r.rule, r.min, brief(ds))
					}
				}
				if e.family != "" {
					found := false
					for _, d := range ds {
						if d.Family == e.family {
							found = true
						}
					}
					if !found {
						t.Errorf("want family %s, got%s", e.family, brief(ds))
					}
				}
				checkDetections(t, src, ds)
				// Decide stops early with the same verdict.
				dd := AnalyzeFor(src, verdict.Decide)
				if d := verdict.Max(dd); (d >= verdict.Report) != (top >= verdict.Report) {
					t.Errorf("Decide max %d, Explain max %d:%s", d, top, brief(dd))
				}
				checkDetections(t, src, dd)
			})
		}
	}
}

// checkDetections checks what every detection must satisfy: a known
// rule with both texts, a score in range, a sink, points on real lines
// and bounded excerpts.
func checkDetections(t *testing.T, src []byte, ds []verdict.Detection) {
	t.Helper()
	lines := max(strings.Count(string(toUTF8(src)), "\n"), strings.Count(string(altText(src)), "\n")) + 1
	point := func(what string, p *verdict.Point) {
		if p == nil {
			return
		}
		if p.Line < 0 || p.Line > lines {
			t.Errorf("%s line %d outside the file (%d lines)", what, p.Line, lines)
		}
		if len(p.Excerpt) > verdict.ExcerptMax+8 || len(p.What) > verdict.ExcerptMax+8 {
			t.Errorf("%s: unbounded text", what)
		}
	}
	for _, d := range ds {
		if _, ok := ruleText[d.Rule]; !ok || d.Why == "" || d.WhyZh == "" {
			t.Errorf("rule %s has no text", d.Rule)
		}
		if d.Score < 0 || d.Score > 100 {
			t.Errorf("%s: score %d", d.Rule, d.Score)
		}
		if d.Sink == nil && !strings.HasPrefix(d.Rule, "family.") {
			t.Errorf("%s: no sink", d.Rule)
		}
		point(d.Rule+" source", d.Source)
		point(d.Rule+" sink", d.Sink)
		for i := range d.Steps {
			point(d.Rule+" step", &d.Steps[i])
		}
	}
}

// BenchmarkAnalyze runs the analysis over every fixture.
func BenchmarkAnalyze(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*"))
	var srcs [][]byte
	n := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, src)
		n += len(src)
	}
	b.SetBytes(int64(n))
	for i := 0; i < b.N; i++ {
		for _, src := range srcs {
			Analyze(src)
		}
	}
}

// BenchmarkAnalyzeLarge analyses a page the size of the large file
// managers (a few hundred KB of methods and HTML strings).
func BenchmarkAnalyzeLarge(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("<%@ page import=\"java.io.*\" %><%!\n")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&sb, "String m%d(String p, HttpServletRequest r) throws Exception {\n"+
			"  StringBuilder s = new StringBuilder(\"<tr><td class=\\\"x\\\">\" + p + \"</td>\");\n"+
			"  File f = new File(p);\n  if (f.isDirectory()) { for (File c : f.listFiles()) s.append(c.getName()); }\n"+
			"  else if (r.getParameter(\"d\") != null) f.delete();\n  return s.toString() + \"</tr>\";\n}\n", i)
	}
	sb.WriteString("%><%\nString p = request.getParameter(\"p\");\n")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&sb, "if (\"%d\".equals(request.getParameter(\"o\"))) out.print(m%d(p, request));\n", i, i)
	}
	sb.WriteString("%>")
	src := []byte(sb.String())
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		Analyze(src)
	}
}

// TestDecideExcerpts checks that verdict.Decide decides as Explain does
// but leaves out the excerpts, which only explain.
func TestDecideExcerpts(t *testing.T) {
	src := []byte("<%@ page import=\"java.io.*\" %>\n<%\nString c = request.getParameter(\"c\");\nRuntime.getRuntime().exec(c);\n%>\n")
	ds, dd := AnalyzeFor(src, verdict.Explain), AnalyzeFor(src, verdict.Decide)
	if len(ds) == 0 || len(dd) == 0 || verdict.Max(ds) < verdict.Report {
		t.Fatalf("not reported: Explain %s, Decide %s", brief(ds), brief(dd))
	}
	if dd[0].Rule != ds[0].Rule || dd[0].Score != ds[0].Score {
		t.Errorf("Decide %s, Explain %s", brief(dd), brief(ds))
	}
	if ds[0].Sink == nil || ds[0].Sink.Excerpt != "Runtime.getRuntime().exec(c);" {
		t.Errorf("Explain's sink: %+v", ds[0].Sink)
	}
	for _, d := range dd {
		for _, p := range append([]*verdict.Point{d.Source, d.Sink}, pointers(d.Steps)...) {
			if p != nil && p.Excerpt != "" {
				t.Errorf("%s: Decide made the excerpt %q", d.Rule, p.Excerpt)
			}
		}
	}
}

func pointers(ps []verdict.Point) []*verdict.Point {
	var out []*verdict.Point
	for i := range ps {
		out = append(out, &ps[i])
	}
	return out
}
