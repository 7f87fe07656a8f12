package jsp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

func addSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"<%", "<%!", "<%=", "<%@ page import=\"", "<jsp:scriptlet>", "<x:declaration><![CDATA[",
		"${a.b(", "<% a(((((((( %>", "<% \"\\u00 %>", "<% '\\u0027' %>", `<% "\" %>`, "<% \"\"\"\n x %>",
		"<%! class A { A( } %>", "<% for(;;) %>", "<% new int[]{ %>", "<% (a) -> %>", "<% x >>>= 1 >> 2 > 3; %>",
		"<% switch (x) { case 1 -> a(); default: } %>", "<% List<List<String>> x = y; %>", "\xff\xfe<\x00%\x00",
	} {
		f.Add([]byte(s))
	}
}

// FuzzAnalyze: any bytes are analysed without panicking (the internal
// entry point, which does not recover) and in bounded time, and
// verdict.Decide reports exactly the pages verdict.Explain reports.
func FuzzAnalyze(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		start := time.Now()
		ds := analyze(src, 0, false)
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("slow: %v", d)
		}
		checkDetections(t, src, ds)
		dd := analyze(src, 0, true)
		checkDetections(t, src, dd)
		if e, d := verdict.Max(ds) >= verdict.Report, verdict.Max(dd) >= verdict.Report; e != d {
			t.Fatalf("Explain reports %v, Decide %v:%s /%s", e, d, brief(ds), brief(dd))
		}
	})
}

// TestHostile feeds pathological pages: deep nesting, long chains, huge
// literals, unterminated constructs. Each must finish quickly.
func TestHostile(t *testing.T) {
	cases := map[string]string{
		"parens":      "<% x = " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000) + "; %>",
		"braces":      "<% " + strings.Repeat("{", 100000) + " %>",
		"ifs":         "<% " + strings.Repeat("if (a) ", 50000) + "b(); %>",
		"calls":       "<% x = " + strings.Repeat("a.b(", 50000) + " %>",
		"concat":      "<% String s = " + strings.Repeat("\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" + ", 50000) + "\"\"; %>",
		"arrays":      "<% byte[] b = {" + strings.Repeat("1,", 200000) + "1}; %>",
		"loops":       "<% " + strings.Repeat("while (a) { ", 2000) + "x = y;" + strings.Repeat("}", 2000) + " %>",
		"tries":       "<% " + strings.Repeat("try { ", 2000) + "x();" + strings.Repeat("} catch (E e) { y(); }", 2000) + " %>",
		"scriptlets":  strings.Repeat("<% a(); %>x", 100000),
		"el":          strings.Repeat("${a.b(c)}", 50000),
		"escapes":     "<% " + strings.Repeat("\\u0061", 200000) + " %>",
		"lambdas":     "<% f(" + strings.Repeat("x -> ", 50000) + "y); %>",
		"generics":    "<% " + strings.Repeat("A<", 50000) + " x; %>",
		"methods":     "<%! " + strings.Repeat("void m() { m(); n(); } void n() { m(); } ", 5000) + " %><% m(); %>",
		"ternaries":   "<% x = " + strings.Repeat("a ? b : ", 50000) + "c; %>",
		"casts":       "<% x = " + strings.Repeat("(A)", 100000) + "y; %>",
		"unterm":      "<% \"" + strings.Repeat("x", 1<<20),
		"appends":     "<% StringBuilder sb = new StringBuilder(); " + strings.Repeat("sb.append(\"xxxxxxxxxxxxxxxx\"); ", 50000) + " %>",
		"selfconcat":  "<% String s = \"a\"; " + strings.Repeat("s = s + s; ", 200) + " Runtime.getRuntime().exec(s); %>",
		"classes":     "<%! " + strings.Repeat("class A { ", 3000) + strings.Repeat("}", 3000) + " %>",
		"anonclasses": "<% x = " + strings.Repeat("new A() { void f() { x = ", 2000) + "1" + strings.Repeat("; } }", 2000) + "; %>",
		"hugecode":    "<% x(" + strings.Repeat("a+", 10<<20) + "b); %>",
		"hugetext":    strings.Repeat("<p>x</p>\n", 5<<20/2) + "<% Runtime.getRuntime().exec(request.getParameter(\"c\")); %>",
		"hugeline":    strings.Repeat("<p>x</p>", 5<<20/2) + "<% Runtime.getRuntime().exec(request.getParameter(\"c\")); %>",
		"manyscripts": strings.Repeat("<%a%>", 4<<20),
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			ds := analyze([]byte(src), 0, false)
			// Padding in front of a shell must not hide it.
			if strings.HasPrefix(name, "huge") && name != "hugecode" && verdict.Max(ds) < verdict.Report {
				t.Errorf("%s: the shell after the padding is not reported:%s", name, brief(ds))
			}
			// The bounds (budget, depth, sizes) end it; how soon is
			// for the benchmarks, and a hang for the test's timeout.
			t.Logf("%s: %v", name, time.Since(start))
		})
	}
}
