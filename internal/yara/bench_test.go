package yara

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// benchScan scans the webshell corpus (YINGJI_BENCH_TREE, default the
// extracted development set) with the given rule files.
func benchScan(b *testing.B, ruleFiles []string, ext map[string]any) {
	tree := os.Getenv("YINGJI_BENCH_TREE")
	if tree == "" {
		tree = "/var/tmp/wsdev/webshell-dev"
	}
	if _, err := os.Stat(tree); err != nil {
		b.Skipf("no tree to scan: %v", err)
	}
	rules := compileFiles(b, ruleFiles, ext)
	var size int64
	filepath.Walk(tree, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			size += fi.Size()
		}
		return nil
	})
	b.SetBytes(size)
	b.ResetTimer()
	for range b.N {
		err := rules.ScanTree(context.Background(), tree, TreeOptions{Recursive: true, Workers: 1}, func(fr FileResult) {
			if fr.Err != nil {
				b.Error(fr.Err)
			}
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScanPHPMalwareFinder(b *testing.B) {
	benchScan(b, []string{filepath.Join(corpusDir, "php-malware-finder", "php.yar")}, nil)
}

func BenchmarkScanSignatureBaseWebshells(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "signature-base", "yara", "*webshell*.yar"))
	benchScan(b, files, sigbaseExternals)
}

func BenchmarkScanSignatureBase(b *testing.B) {
	benchScan(b, sigbaseFiles(b), sigbaseExternals)
}
