package jsp

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/testcorpus"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

// TestCorpus measures the analysis on the JSP part of the development
// corpus (read from the archive, never executed): recall on the
// malicious pages, no benign page reported. The missed pages are listed
// for review; several are not webshells by behaviour (label noise: a
// chat page, an HTML-only page, pages damaged before collection).
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	corpus := testcorpus.Path(t, "webshell-dev.tar.gz")
	var mal, malHit, ben, benHit int
	var missed []string
	rules := map[string]int{}
	start := time.Now()
	err := testcorpus.EachFile(corpus, func(name string, src []byte) error {
		dir := path.Base(path.Dir(name))
		if dir != "jsp" && dir != "jspx" {
			return nil
		}
		ds := Analyze(src)
		top := verdict.Max(ds)
		switch {
		case strings.Contains(name, "/malicious/"):
			mal++
			if top >= verdict.Report {
				malHit++
				rules[ds[0].Rule]++
			} else {
				missed = append(missed, path.Base(name)+brief(ds))
			}
		case strings.Contains(name, "/benign/"):
			ben++
			if top >= verdict.Report {
				benHit++
				t.Errorf("benign %s reported:%s", path.Base(name), brief(ds))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if mal < 250 || ben < 50 {
		t.Fatalf("only %d malicious and %d benign JSP pages in %s", mal, ben, corpus)
	}
	recall := float64(malHit) / float64(mal)
	t.Logf("malicious: %d/%d reported (%.1f%%); benign: %d/%d reported; %v", malHit, mal, 100*recall, benHit, ben, time.Since(start))
	sort.Strings(missed)
	for _, m := range missed {
		t.Logf("missed: %s", m)
	}
	t.Logf("top rules: %v", rules)
	// 274 of 283 when written; the misses are listed in the package's
	// report (label noise and pages damaged before collection).
	if recall < 0.958 {
		t.Errorf("recall %.3f below 0.958", recall)
	}
}

// TestBenignApplications checks that no JSP page of the unpacked benign
// applications (Debian packages, e.g. the Tomcat examples) is reported.
// The tree is machine-local: the test skips without it.
func TestBenignApplications(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	root := "/var/tmp/ybenign/root"
	if _, err := os.Stat(root); err != nil {
		t.Skipf("%s absent", root)
	}
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		switch path.Ext(p) {
		case ".jsp", ".jspx", ".jspf", ".tag", ".tagx":
		default:
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		n++
		if ds := Analyze(src); verdict.Max(ds) >= verdict.Report {
			t.Errorf("benign %s reported:%s", p, brief(ds))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d benign pages", n)
}
