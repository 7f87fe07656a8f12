package asp

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// devASPDir is where the development set is extracted on a developer
// machine; the benchmark skips when it is absent (CI reads the tarball in
// TestCorpus instead).
const devASPDir = "/var/tmp/wsdev/webshell-dev/malicious/asp"

// loadDevASP returns the malicious classic ASP files of the extracted
// development set, in name order, or skips.
func loadDevASP(tb testing.TB) [][]byte {
	tb.Helper()
	names, err := filepath.Glob(filepath.Join(devASPDir, "*.asp"))
	if err != nil || len(names) == 0 {
		tb.Skip("development set not extracted at " + devASPDir)
	}
	sort.Strings(names)
	var files [][]byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, b)
	}
	return files
}

// BenchmarkCorpus analyses every malicious classic ASP file of the
// development set once per iteration: the cost the scanner pays on a
// webroot full of ASP.
func BenchmarkCorpus(b *testing.B) {
	files := loadDevASP(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			Analyze(f)
		}
	}
}

// BenchmarkCorpusDecide is BenchmarkCorpus with verdict.Decide, as
// "yingji webshell -l" analyses: each page only until its verdict.
func BenchmarkCorpusDecide(b *testing.B) {
	files := loadDevASP(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, f := range files {
			AnalyzeFor(f, verdict.Decide)
		}
	}
}

// BenchmarkDecoder is the concrete interpreter on the commonest hidden
// code of big shells: a function decoding a long constant a character
// at a time (Mid, Asc, Chr, string building), whose result is executed.
func BenchmarkDecoder(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("<%\nFunction Dec(s)\nDim i, c, r\nr = \"\"\nFor i = 1 To Len(s)\nc = Mid(s, i, 1)\n" +
		"If c <> \"|\" Then\nr = Chr(Asc(c) Xor 1) & r\nElse\nr = vbCrLf & r\nEnd If\nNext\nDec = r\nEnd Function\n")
	for k := range 4 {
		sb.WriteString("Execute(Dec(\"")
		for i := range 5000 {
			sb.WriteByte("abcdefgh|"[(i+k)%9])
		}
		sb.WriteString("\"))\n")
	}
	sb.WriteString("%>")
	src := []byte(sb.String())
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		AnalyzeFor(src, verdict.Decide)
	}
}
