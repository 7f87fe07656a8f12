package asp

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
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
