package aspx

import (
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// TestHostile feeds inputs built to exhaust a naive analyser; each must
// finish quickly and without a panic.
func TestHostile(t *testing.T) {
	big := func(s string, n int) string { return strings.Repeat(s, n) }
	cases := map[string]string{
		"deep parens":      "<%@ Page Language=\"C#\" %><% var x = " + big("(", 200000) + "1" + big(")", 200000) + "; %>",
		"deep braces":      "<script runat=\"server\">" + big("{", 200000) + "</script>",
		"long chain":       "<%@ Page Language=\"C#\" %><% string s = \"a\"" + big(" + \"a\"", 300000) + "; %>",
		"doubling":         "<%@ Page Language=\"C#\" %><% string s = \"abcdefgh\"; " + big("s = s + s; ", 60) + " System.Diagnostics.Process.Start(s); %>",
		"doubling in loop": "<%@ Page Language=\"JScript\" %><% var s = \"ab\"; while (true) { s = s + s; } eval(s); %>",
		"recursion":        "<script runat=\"server\">string A(string x) { return B(x) + A(x); } string B(string x) { return A(x + x); }</script><% A(Request[\"x\"]); %>",
		"many methods":     "<script runat=\"server\">" + manyMethods(3000) + "</script><% M0(Request[\"x\"]); %>",
		"vb deep":          "<%@ Page Language=\"VB\" %><% x = " + big("(", 100000) + "1 %>",
		"unclosed blocks":  big("<% ", 50000) + big("<script runat=server>", 1000),
		"unterminated str": "<%@ Page Language=\"C#\" %><% var s = @\"" + big("x", 1000000),
		"interp nest":      "<%@ Page Language=\"C#\" %><% var s = $\"" + big("{$\"", 20000) + "\"; %>",
		"nul bytes":        big("\x00<%\x00", 100000),
		"utf16 junk":       "\xff\xfe" + big("<\x00%\x00(\x00", 100000),
		"gbk junk":         big("\xd6\x5c\"", 200000),
		"directives":       big("<%@ Page Language=\"VB\" %><%@ Page Language=\"JScript\" %>", 20000),
		"controls":         big("<asp:TextBox runat=\"server\" ID=\"t\" />", 50000),
		"reflection loop":  "<%@ Page Language=\"C#\" %><% Type t = Type.GetType(\"System.Type\"); " + big("t = t.GetMethod(\"GetType\").Invoke(t, null) as Type; ", 20000) + " %>",
	}
	for name, src := range cases {
		// The bounds (budget, depth, sizes) end each; how soon is for
		// the benchmarks, and a hang for the test's timeout.
		start := time.Now()
		ds := Analyze([]byte(src))
		for _, d := range ds {
			if d.Score < 0 || d.Score > 100 || d.Rule == "" {
				t.Errorf("%s: bad detection %+v", name, d)
			}
		}
		t.Logf("%s: %v, %d detections, max %d", name, time.Since(start), len(ds), verdict.Max(ds))
	}
}

func manyMethods(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString("string M")
		b.WriteString(itoa(i))
		b.WriteString("(string a) { return M")
		b.WriteString(itoa(i + 1))
		b.WriteString("(a) + M")
		b.WriteString(itoa((i * 7) % n))
		b.WriteString("(a + a); }\n")
	}
	return b.String()
}

// TestLines checks that evidence points at the original lines, also in
// UTF-16 and after a BOM.
func TestLines(t *testing.T) {
	src := "<%@ Page Language=\"C#\" %>\r\n\r\n<%\r\nstring c = Request.Form[\"c\"];\r\n\r\nSystem.Diagnostics.Process.Start(\"cmd.exe\", \"/c \" + c);\r\n%>\r\n"
	for name, b := range map[string][]byte{"utf8": []byte(src), "bom": append([]byte{0xEF, 0xBB, 0xBF}, src...), "utf16": utf16le(src)} {
		ds := Analyze(b)
		if len(ds) == 0 || ds[0].Source == nil || ds[0].Sink == nil {
			t.Fatalf("%s: %s", name, summary(ds))
		}
		if ds[0].Source.Line != 4 || ds[0].Sink.Line != 6 {
			t.Errorf("%s: source line %d, sink line %d; want 4 and 6", name, ds[0].Source.Line, ds[0].Sink.Line)
		}
		if !strings.Contains(ds[0].Sink.Excerpt, "Process.Start") {
			t.Errorf("%s: sink excerpt %q", name, ds[0].Sink.Excerpt)
		}
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, p := range maliciousProbes {
		f.Add([]byte(p.src))
	}
	for _, p := range benignProbes {
		f.Add([]byte(p.src))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ds := Analyze(b)
		for _, d := range ds {
			if d.Score < 0 || d.Score > 100 || d.Rule == "" || d.Why == "" {
				t.Fatalf("bad detection %+v", d)
			}
		}
		checkDecide(t, "fuzz", b, ds)
	})
}

// checkDecide checks that verdict.Decide reports src exactly when the
// full analysis (ds) does.
func checkDecide(t *testing.T, name string, src []byte, ds []verdict.Detection) {
	t.Helper()
	dd := AnalyzeFor(src, verdict.Decide)
	if e, d := verdict.Max(ds) >= verdict.Report, verdict.Max(dd) >= verdict.Report; e != d {
		t.Errorf("%s: Explain reports %v (%s), Decide %v (%s)", name, e, summary(ds), d, summary(dd))
	}
}
