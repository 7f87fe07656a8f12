package re

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// corpusDir holds the public rule sets the engine must handle.
const corpusDir = "../../../../shared/corpus/yara-rules"

var (
	corpusRegexp = regexp.MustCompile(`^\s*\$\w*\s*=\s*/`)
	corpusHex    = regexp.MustCompile(`^\s*\$\w*\s*=\s*\{([^}]*)\}`)
)

// corpusStrings extracts one-line regexps (as "/re/flags") and hex string
// bodies from the rule files under corpusDir.
func corpusStrings(t testing.TB) (res, hexes []string) {
	err := filepath.Walk(corpusDir, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !(strings.HasSuffix(path, ".yar") || strings.HasSuffix(path, ".yara")) {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<22)
		for sc.Scan() {
			line := sc.Text()
			if m := corpusHex.FindStringSubmatch(line); m != nil {
				hexes = append(hexes, m[1])
				continue
			}
			loc := corpusRegexp.FindStringIndex(line)
			if loc == nil {
				continue
			}
			s := line[loc[1]:]
			// The regexp ends at the first unescaped '/'.
			for i := 0; i < len(s); i++ {
				if s[i] == '\\' {
					i++
					continue
				}
				if s[i] == '/' {
					j := i + 1
					for j < len(s) && (s[j] == 'i' || s[j] == 's') {
						j++
					}
					res = append(res, "/"+s[:i]+s[i:j])
					break
				}
			}
		}
		return sc.Err()
	})
	if err != nil {
		t.Skipf("corpus: %v", err)
	}
	return res, hexes
}

// TestCorpusParse parses every one-line regexp and hex string of the
// public rule sets (all of which yara 4.2.3 compiles, except those in
// files yara rejects).
func TestCorpusParse(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("corpus not present")
	}
	res, hexes := corpusStrings(t)
	bad := 0
	for _, s := range res {
		if _, err := compileRuleString(s); err != nil {
			bad++
			t.Logf("regexp %s: %v", s, err)
		}
	}
	for _, h := range hexes {
		if _, err := compileRuleString("{" + h + "}"); err != nil {
			bad++
			t.Logf("hex {%s}: %v", h, err)
		}
	}
	t.Logf("%d regexps, %d hex strings, %d rejected", len(res), len(hexes), bad)
}

// corpusFiles returns up to n regular files (at most max bytes each) from
// the webshell corpus tarball, taking every k-th file for variety.
func corpusFiles(t testing.TB, n, k, max int) map[string][]byte {
	f, err := os.Open(filepath.Join(corpusDir, "..", "webshell-dev.tar.gz"))
	if err != nil {
		t.Skipf("corpus: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	out := map[string][]byte{}
	i := 0
	for len(out) < n {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg || h.Size > int64(max) {
			continue
		}
		i++
		if i%k != 0 {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprintf("f%03d", len(out))] = b
	}
	return out
}

// TestCorpusDifferential compares the matches of every one-line string of
// the public rule sets over a sample of the webshell corpus with yara's.
func TestCorpusDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	bin := yaraBinary(t)
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skip("corpus not present")
	}
	res, hexes := corpusStrings(t)
	var strs []string
	seen := map[string]bool{}
	for _, s := range res {
		if !seen[s] {
			seen[s] = true
			strs = append(strs, s)
		}
	}
	for _, h := range hexes {
		s := "{" + h + "}"
		if !seen[s] {
			seen[s] = true
			strs = append(strs, s)
		}
	}
	files := corpusFiles(t, 40, 97, 256<<10)
	dir := t.TempDir()
	var want []diffMatch
	const chunk = 4000
	for lo := 0; lo < len(strs); lo += chunk {
		hi := min(lo+chunk, len(strs))
		for _, m := range runYara(t, bin, dir, strs[lo:hi], files) {
			m.ID += lo
			want = append(want, m)
		}
	}
	var progs []*Prog
	for _, s := range strs {
		p, err := compileRuleString(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		progs = append(progs, p)
	}
	set := NewSet(progs)
	t0 := time.Now()
	got := setMatches(set, files)
	el := time.Since(t0)
	total := 0
	for _, b := range files {
		total += len(b)
	}
	bad := map[int]bool{}
	diffMatches(want, got, func(id int, msg string) {
		if !bad[id] {
			t.Errorf("%s: %s", strs[id], msg)
		}
		bad[id] = true
	})
	t.Logf("%d strings over %d files (%d bytes): %d yara matches, %d ours, %d strings differ; Set.Scan %v (%.1f MB/s)",
		len(strs), len(files), total, len(want), len(got), len(bad), el, float64(total)/el.Seconds()/1e6)
}

// BenchmarkCorpusSet scans a sample of the webshell corpus with every
// one-line string of the public rule sets at once.
func BenchmarkCorpusSet(b *testing.B) {
	if _, err := os.Stat(corpusDir); err != nil {
		b.Skip("corpus not present")
	}
	res, hexes := corpusStrings(b)
	var progs []*Prog
	for _, s := range res {
		if p, err := compileRuleString(s); err == nil {
			progs = append(progs, p)
		}
	}
	for _, h := range hexes {
		if p, err := compileRuleString("{" + h + "}"); err == nil {
			progs = append(progs, p)
		}
	}
	files := corpusFiles(b, 40, 97, 256<<10)
	t0 := time.Now()
	set := NewSet(progs)
	b.Logf("%d patterns, Set built in %v", len(progs), time.Since(t0))
	tot := 0
	for _, d := range files {
		tot += len(d)
	}
	b.SetBytes(int64(tot))
	for b.Loop() {
		for _, d := range files {
			set.Scan(d)
		}
	}
}
