package yara

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/yingji/yingji/internal/testcorpus"
	"github.com/yingji/yingji/internal/yara/module/moduletest"
)

var (
	scanTreeOnce sync.Once
	scanTreeDir  string
	scanTreeErr  error
)

// scanTree returns a directory with the files of webshell-dev.tar.gz and
// the PE and ELF programs built by buildBinaries, made once per test
// binary run.
func scanTree(t testing.TB) string {
	t.Helper()
	corpus := testcorpus.Path(t, "webshell-dev.tar.gz")
	moduletest.NeedTool(t, "go")
	scanTreeOnce.Do(func() {
		dir, err := os.MkdirTemp("", "yara-conformance-")
		if err != nil {
			scanTreeErr = err
			return
		}
		scanTreeDir = dir
		if scanTreeErr = testcorpus.Extract(corpus, filepath.Join(dir, "web")); scanTreeErr != nil {
			return
		}
		scanTreeErr = buildBinaries(filepath.Join(dir, "bin"))
	})
	if scanTreeErr != nil {
		t.Fatal(scanTreeErr)
	}
	return scanTreeDir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if scanTreeDir != "" {
		os.RemoveAll(scanTreeDir)
	}
	os.Exit(code)
}

// buildBinaries builds a small Go program as PE (windows/amd64 and 386)
// and ELF (linux/amd64, arm64, 386) files, for the pe and elf conditions
// of the rule sets.
func buildBinaries(dir string) error {
	src := filepath.Join(dir, "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return err
	}
	prog := "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() { fmt.Println(\"cmd.exe /c whoami\", os.Args) }\n"
	if err := os.WriteFile(filepath.Join(src, "main.go"), []byte(prog), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(src, "go.mod"), []byte("module sample\n\ngo 1.21\n"), 0o644); err != nil {
		return err
	}
	for _, target := range []string{"windows/amd64", "windows/386", "linux/amd64", "linux/arm64", "linux/386"} {
		goos, goarch, _ := strings.Cut(target, "/")
		out := filepath.Join(dir, goos+"-"+goarch+".bin")
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s", "-o", out, ".")
		cmd.Dir = src
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=-mod=mod")
		if b, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", target, err, b)
		}
	}
	return os.RemoveAll(src)
}

// yaraMatches runs the reference yara and returns its "RULE PATH" lines
// as a set, and the -s string lines keyed by rule and path.
func yaraMatches(t testing.TB, args ...string) map[string]bool {
	t.Helper()
	bin := moduletest.NeedTool(t, "yara")
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("yara %v: %v\n%s", args[:min(len(args), 4)], err, stderr.Bytes())
	}
	set := map[string]bool{}
	sc := bufio.NewScanner(&stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "0x") {
			continue
		}
		set[line] = true
	}
	return set
}

// compileFiles compiles rule files as one rule set, as the yara command
// does.
func compileFiles(t testing.TB, ruleFiles []string, ext map[string]any) *Rules {
	t.Helper()
	files, err := ParseFiles(ruleFiles, &Options{Externals: ext, CheckRegexp: CheckRegexp})
	if err != nil {
		t.Fatal(err)
	}
	rules, err := Compile(files, &CompileOptions{Externals: ext})
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

// ourScan compiles the rule files and scans target recursively, calling
// fn with each match; a file that cannot be scanned fails the test.
func ourScan(t testing.TB, ruleFiles []string, ext map[string]any, target string, opts TreeOptions, fn func(path string, m Match)) {
	t.Helper()
	opts.Recursive = true
	err := compileFiles(t, ruleFiles, ext).ScanTree(context.Background(), target, opts, func(fr FileResult) {
		if fr.Err != nil {
			t.Errorf("%s: %v", fr.Path, fr.Err)
			return
		}
		for _, m := range fr.Result.Matches {
			fn(fr.Path, m)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

// ourMatches is ourScan's "RULE PATH" set.
func ourMatches(t testing.TB, ruleFiles []string, ext map[string]any, target string) map[string]bool {
	t.Helper()
	set := map[string]bool{}
	ourScan(t, ruleFiles, ext, target, TreeOptions{Workers: 2}, func(path string, m Match) { set[m.Rule+" "+path] = true })
	return set
}

// compareSets reports the differences between yara's and our match sets.
func compareSets(t testing.TB, want, got map[string]bool) {
	t.Helper()
	var missing, extra []string
	for k := range want {
		if !got[k] {
			missing = append(missing, k)
		}
	}
	for k := range got {
		if !want[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for i, k := range missing {
		if i == 25 {
			t.Errorf("... %d more missing", len(missing)-i)
			break
		}
		t.Errorf("yara matches, we do not: %s", k)
	}
	for i, k := range extra {
		if i == 25 {
			t.Errorf("... %d more extra", len(extra)-i)
			break
		}
		t.Errorf("we match, yara does not: %s", k)
	}
	t.Logf("%d matches from yara, %d from us, %d missing, %d extra", len(want), len(got), len(missing), len(extra))
}

var sigbaseExternals = map[string]any{"filename": "", "filepath": "", "extension": "", "filetype": "", "owner": ""}

func externalArgs(ext map[string]any) []string {
	var defs []string
	for k, v := range ext {
		defs = append(defs, fmt.Sprintf("%s=%v", k, v))
	}
	sort.Strings(defs)
	var args []string
	for _, d := range defs {
		args = append(args, "-d", d)
	}
	return args
}

// TestScanSignatureBase compares the (rule, file) matches of all of
// signature-base, compiled as one rule set with its external variables,
// over the webshell corpus and built PE and ELF programs.
func TestScanSignatureBase(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	testcorpus.Path(t, "yara-rules")
	tree := scanTree(t)
	files := sigbaseFiles(t)
	args := append(externalArgs(sigbaseExternals), "-w", "-r", "-p", "2")
	args = append(args, files...)
	want := yaraMatches(t, append(args, tree)...)
	got := ourMatches(t, files, sigbaseExternals, tree)
	compareSets(t, want, got)
}

// TestScanPHPMalwareFinder does the same for php-malware-finder (with its
// include, global and private rules and hash-based whitelist).
func TestScanPHPMalwareFinder(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	testcorpus.Path(t, "yara-rules")
	tree := scanTree(t)
	rf := filepath.Join(corpusDir, "php-malware-finder", "php.yar")
	want := yaraMatches(t, "-w", "-r", "-p", "2", rf, tree)
	got := ourMatches(t, []string{rf}, nil, tree)
	compareSets(t, want, got)
}

// sigbaseFiles lists signature-base's rule files (*.yar and *.yara).
func sigbaseFiles(t testing.TB) []string {
	var files []string
	for _, ext := range []string{"*.yar", "*.yara"} {
		m, err := filepath.Glob(filepath.Join(corpusDir, "signature-base", "yara", ext))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) != 741 {
		t.Fatalf("signature-base: %d rule files, want 741", len(files))
	}
	return files
}

// TestScanEmbeddedPack compares yingji's own rule pack (rules/yara),
// compiled as one rule set, with yara on the same tree.
func TestScanEmbeddedPack(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	tree := scanTree(t)
	files, err := filepath.Glob("../../rules/yara/*.yar")
	if err != nil || len(files) == 0 {
		t.Fatalf("rules/yara: %d files, %v", len(files), err)
	}
	want := yaraMatches(t, append(append([]string{"-w", "-r", "-p", "2"}, files...), tree)...)
	got := ourMatches(t, files, nil, tree)
	compareSets(t, want, got)
	if len(want) < 1000 {
		t.Errorf("the pack matches only %d files of the webshell corpus", len(want))
	}
}

// TestScanEntrypoint compares the deprecated entrypoint keyword, with and
// without the pe and elf modules imported, on the built PE and ELF files.
// yara runs once per file: yara 4.2.3 keeps the entry point of the first
// file a scanning thread sees for the files after it (with -p 1, all five
// binaries get the first one's), so a tree scan is no reference for it.
func TestScanEntrypoint(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	bins, err := filepath.Glob(filepath.Join(scanTree(t), "bin", "*.bin"))
	if err != nil || len(bins) != 5 {
		t.Fatalf("built binaries: %v, %v", bins, err)
	}
	for _, rf := range []string{"testdata/entrypoint/imported.yar", "testdata/entrypoint/plain.yar"} {
		want := map[string]bool{}
		for _, b := range bins {
			for k := range yaraMatches(t, "-w", rf, b) {
				want[k] = true
			}
		}
		got := ourMatches(t, []string{rf}, nil, filepath.Dir(bins[0]))
		compareSets(t, want, got)
		if len(want) == 0 {
			t.Errorf("%s: yara matched nothing", rf)
		}
	}
}
