package yara

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// corpusDir is the shared rule corpus, relative to this package.
const corpusDir = "../../../shared/corpus/yara-rules"

// conformanceExternals are the external variables signature-base expects.
var conformanceExternals = []string{"filename", "filepath", "extension", "filetype", "owner"}

type verdict struct {
	file    string
	defined bool // externals defined
	yaraOK  bool
	yaraMsg string
	ourOK   bool
	ourMsg  string
}

// corpusFiles lists the rule files of the corpus: every file of
// signature-base/yara and every .yar file of php-malware-finder.
func corpusFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	sig, err := filepath.Glob(filepath.Join(corpusDir, "signature-base", "yara", "*"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, sig...)
	err = filepath.WalkDir(filepath.Join(corpusDir, "php-malware-finder"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".yar") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

// TestConformance compares, for every rule file of the shared corpus, with
// and without the signature-base external variables, whether yara's
// compiler accepts the file with whether we do.
func TestConformance(t *testing.T) {
	ci := os.Getenv("CI") == "true"
	if _, err := os.Stat(corpusDir); err != nil {
		if ci {
			t.Fatalf("corpus %s missing under CI: %v", corpusDir, err)
		}
		t.Skipf("corpus %s absent: %v", corpusDir, err)
	}
	// yarac compiles only; without it, yara scanning /dev/null gives the
	// same verdict.
	yarac, err := exec.LookPath("yarac")
	if err != nil {
		if yarac, err = exec.LookPath("yara"); err != nil {
			if ci {
				t.Fatalf("neither yarac nor yara installed under CI: %v", err)
			}
			t.Skipf("yara not installed: %v", err)
		}
	}
	files := corpusFiles(t)
	if len(files) < 700 {
		t.Fatalf("only %d rule files found under %s", len(files), corpusDir)
	}
	var jobs []*verdict
	for _, f := range files {
		jobs = append(jobs, &verdict{file: f}, &verdict{file: f, defined: true})
	}
	work := make(chan *verdict)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range work {
				args := []string{}
				ext := map[string]any{}
				if v.defined {
					for _, name := range conformanceExternals {
						args = append(args, "-d", name+"=")
						ext[name] = ParseExternal("")
					}
				}
				args = append(args, v.file, os.DevNull)
				var stderr bytes.Buffer
				cmd := exec.Command(yarac, args...)
				cmd.Stderr = &stderr
				runErr := cmd.Run()
				var exitErr *exec.ExitError
				if runErr != nil && !errors.As(runErr, &exitErr) {
					v.yaraMsg = "running yarac: " + runErr.Error()
				} else {
					v.yaraOK = runErr == nil
					v.yaraMsg = firstError(stderr.String())
				}
				f, err := ParseFile(v.file, &Options{Externals: ext, CheckRegexp: CheckRegexp})
				if err == nil {
					// The verdict is the compiler's: patterns and
					// module use are checked there too.
					_, err = Compile([]*File{f}, &CompileOptions{Externals: ext})
				}
				v.ourOK = err == nil
				if err != nil {
					v.ourMsg = strings.SplitN(err.Error(), "\n", 2)[0]
				}
			}
		}()
	}
	for _, v := range jobs {
		work <- v
	}
	close(work)
	wg.Wait()

	var table strings.Builder
	counts := map[string]int{}
	for _, v := range jobs {
		mode := "plain"
		if v.defined {
			mode = "-d"
		}
		key := fmt.Sprintf("%s yara=%v ours=%v", mode, v.yaraOK, v.ourOK)
		counts[key]++
		if v.yaraOK != v.ourOK || strings.HasPrefix(v.yaraMsg, "running yarac") {
			t.Errorf("%s (%s): yara ok=%v %q; ours ok=%v %q", v.file, mode, v.yaraOK, v.yaraMsg, v.ourOK, v.ourMsg)
		}
		if !v.yaraOK || !v.ourOK {
			fmt.Fprintf(&table, "  %-60s %-5s yara:%-5v ours:%-5v %s | %s\n", filepath.Base(v.file), mode, v.yaraOK, v.ourOK, v.yaraMsg, v.ourMsg)
		}
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%-32s %d files", k, counts[k])
	}
	t.Logf("files rejected by yara or by us:\n%s", table.String())
}

// firstError returns yara's first error line.
func firstError(stderr string) string {
	for _, line := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(line, "error") {
			return line
		}
	}
	return ""
}
