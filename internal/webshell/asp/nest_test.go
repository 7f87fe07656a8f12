package asp

import (
	"fmt"
	"math"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// countStmts counts the statements of ss and of everything nested in
// them.
func countStmts(ss []*stmt) int {
	n := 0
	for _, s := range ss {
		n++
		for _, b := range s.bodies {
			n += countStmts(b)
		}
		n += countStmts(s.body) + countStmts(s.init) + countStmts(s.post)
	}
	return n
}

// pageWork analyses src and returns the detections, the statements the
// abstract analysis evaluated, and the statements of the page's code.
func pageWork(t *testing.T, src string) ([]verdict.Detection, int, int) {
	t.Helper()
	p := parsePage([]byte(src))
	a := newAnalyzer(p)
	a.runPage()
	prog := &program{}
	n := 0
	for _, b := range p.blocks {
		if b.lang == jscript {
			n += countStmts(parseJS(lexJS(b.code, 1), prog))
		} else {
			n += countStmts(parseVB(lexVB(b.code, 1), prog))
		}
	}
	for _, f := range prog.funcs {
		n += countStmts(f.body)
	}
	return a.verdicts(), a.work, n
}

// nestedVB is a page whose body sits in depth nested loops of every
// VBScript kind.
func nestedVB(depth int, body string) string {
	var b strings.Builder
	b.WriteString("<%\n")
	ends := make([]string, depth)
	for i := range depth {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "For i%d = 1 To Request(\"n\")\n", i)
			ends[i] = "Next"
		case 1:
			fmt.Fprintf(&b, "Do While Request(\"m%d\") <> \"\"\n", i)
			ends[i] = "Loop"
		case 2:
			fmt.Fprintf(&b, "For Each k%d In Request.Form\n", i)
			ends[i] = "Next"
		case 3:
			fmt.Fprintf(&b, "While Len(s%d) < Request(\"n\")\ns%d = s%d & \"x\"\n", i, i, i)
			ends[i] = "Wend"
		}
	}
	b.WriteString(body)
	for i := depth - 1; i >= 0; i-- {
		b.WriteString(ends[i] + "\n")
	}
	b.WriteString("%>\n")
	return b.String()
}

// nestedJS is nestedVB in server-side JScript.
func nestedJS(depth int, body string) string {
	var b strings.Builder
	b.WriteString("<script runat=server language=jscript>\n")
	for i := range depth {
		if i%2 == 0 {
			fmt.Fprintf(&b, "for (var i%d = 0; i%d < Request(\"n\"); i%d++) {\n", i, i, i)
		} else {
			fmt.Fprintf(&b, "while (s%d.length < Request(\"n\")) { s%d += \"x\";\n", i, i)
		}
	}
	b.WriteString(body)
	b.WriteString(strings.Repeat("}\n", depth))
	b.WriteString("</script>\n")
	return b.String()
}

// TestDeepLoops: loops nested far deeper than real pages nest them (a
// megabyte of minified script read as VBScript nests them thirty deep)
// cost the abstract analysis work linear in the code, not exponential in
// the nesting, and what the innermost body does is still followed.
func TestDeepLoops(t *testing.T) {
	cases := []struct {
		name, src string
		report    bool
	}{
		// The command reaches Execute one iteration after it is read.
		{"vb-carried", nestedVB(24, "Execute a\na = Request(\"c\")\n"), true},
		{"vb-encoded", nestedVB(32, "Response.Write Server.HTMLEncode(a)\na = Request(\"c\")\n"), false},
		{"js-carried", nestedJS(24, "eval(a);\na = Request(\"c\");\n"), true},
		{"js-encoded", nestedJS(32, "Response.Write(Server.HTMLEncode(a));\na = Request(\"c\");\n"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, work, n := pageWork(t, c.src)
			// Two passes over the page, each statement at most maxRepeat
			// times per pass.
			if limit := 2 * maxRepeat * n; work > limit {
				t.Errorf("%d statements evaluated for %d statements (limit %d)", work, n, limit)
			}
			if got := verdict.Max(ds) >= verdict.Report; got != c.report {
				t.Errorf("reported %v, want %v: %v", got, c.report, ds)
			}
			for _, d := range ds {
				if d.Why == "" || d.WhyZh == "" {
					t.Errorf("%s: empty explanation", d.Rule)
				}
			}
		})
	}

	// The test means something: without the bound, twelve nested loops
	// already evaluate the innermost body thousands of times.
	saved := maxRepeat
	maxRepeat = math.MaxInt
	defer func() { maxRepeat = saved }()
	if _, work, _ := pageWork(t, nestedVB(12, "Execute a\na = Request(\"c\")\n")); work < 1<<12 {
		t.Errorf("unbounded: %d statements evaluated, want at least %d", work, 1<<12)
	}
}

// genLoops writes random VBScript statements nested at most depth loops
// deep: assignments that carry request input from one variable to
// another across iterations, sinks, branches, and loops of every kind.
func genLoops(r *rand.Rand, b *strings.Builder, depth, n int) {
	vars := []string{"a", "b", "c", "d"}
	v := func() string { return vars[r.Intn(len(vars))] }
	for range n {
		switch k := r.Intn(12); {
		case k < 4:
			var rhs string
			switch r.Intn(6) {
			case 0:
				rhs = `Request("x")`
			case 1:
				rhs = v()
			case 2:
				rhs = v() + ` & "q"`
			case 3:
				rhs = `Replace(` + v() + `, "z", "")`
			case 4:
				rhs = `"echo"`
			case 5:
				rhs = `Mid(` + v() + `, 2)`
			}
			fmt.Fprintf(b, "%s = %s\n", v(), rhs)
		case k < 6:
			switch r.Intn(5) {
			case 0:
				fmt.Fprintf(b, "Execute %s\n", v())
			case 1:
				fmt.Fprintf(b, "Response.Write Eval(%s)\n", v())
			case 2:
				fmt.Fprintf(b, "CreateObject(\"WScript.Shell\").Run %s\n", v())
			case 3:
				fmt.Fprintf(b, "Set f = CreateObject(\"Scripting.FileSystemObject\").CreateTextFile(%s)\nf.Write %s\n", v(), v())
			case 4:
				fmt.Fprintf(b, "Response.Write %s\n", v())
			}
		case k < 7:
			fmt.Fprintf(b, "If %s = \"x\" Then\n", v())
			genLoops(r, b, depth, 1+r.Intn(2))
			b.WriteString("Else\n")
			genLoops(r, b, depth, 1)
			b.WriteString("End If\n")
		case k < 8:
			fmt.Fprintf(b, "%s = g(%s)\n", v(), v())
		default:
			if depth == 0 {
				continue
			}
			switch r.Intn(4) {
			case 0:
				fmt.Fprintf(b, "For i = 1 To %s\n", v())
				genLoops(r, b, depth-1, 1+r.Intn(4))
				b.WriteString("Next\n")
			case 1:
				fmt.Fprintf(b, "Do While %s <> \"\"\n", v())
				genLoops(r, b, depth-1, 1+r.Intn(4))
				b.WriteString("Loop\n")
			case 2:
				fmt.Fprintf(b, "For Each e In %s\n", v())
				genLoops(r, b, depth-1, 1+r.Intn(4))
				b.WriteString("Next\n")
			case 3:
				fmt.Fprintf(b, "While Len(%s) > 0\n", v())
				genLoops(r, b, depth-1, 1+r.Intn(4))
				b.WriteString("Wend\n")
			}
		}
	}
}

// TestLoopRepeatEquivalence: on pages whose loops nest no deeper than
// log2(maxRepeat), bounding the repetition changes nothing: detections
// and explanations are those of the unbounded analysis.
func TestLoopRepeatEquivalence(t *testing.T) {
	depth := 0
	for 1<<(depth+1) <= maxRepeat {
		depth++
	}
	r := rand.New(rand.NewSource(7))
	reported := 0
	for n := range 400 {
		var b strings.Builder
		b.WriteString("<%\nFunction g(p)\n")
		genLoops(r, &b, depth, 3)
		b.WriteString("g = p & a\nEnd Function\n")
		genLoops(r, &b, depth, 8)
		b.WriteString("%>\n")
		src := []byte(b.String())
		want := func() []verdict.Detection {
			saved := maxRepeat
			maxRepeat = math.MaxInt
			defer func() { maxRepeat = saved }()
			return analyze(src)
		}()
		got := analyze(src)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("page %d differs:\n%s\nbounded %v\nunbounded %v", n, src, got, want)
		}
		if verdict.Max(got) >= verdict.Report {
			reported++
		}
	}
	if reported == 0 || reported == 400 {
		t.Errorf("%d of 400 generated pages reported: the generator tests nothing", reported)
	}
}
