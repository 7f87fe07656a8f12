package php

import (
	"os"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/testcorpus"
	"github.com/yingji/yingji/internal/webshell/lang"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

const minRecall = 0.852

// TestAnalyzeCorpus measures the PHP analysis on the development set:
// recall on the malicious PHP files, false positives on the benign ones.
func TestAnalyzeCorpus(t *testing.T) {
	corpus := testcorpus.Path(t, "webshell-dev.tar.gz")
	var mal, malHit, ben int
	var missed, fps []string
	err := testcorpus.EachFile(corpus, func(name string, b []byte) error {
		parts := strings.Split(name, "/")
		if len(parts) < 4 {
			return nil
		}
		label, ext := parts[1], parts[2]
		if ext != "php" && !(label == "benign" && lang.Detect(b, name).Lang == lang.PHP) {
			return nil
		}
		ds := Analyze(b)
		hit := verdict.Max(ds) >= verdict.Report
		if label == "malicious" {
			mal++
			if hit {
				malHit++
			} else {
				top := "-"
				if len(ds) > 0 {
					top = ds[0].Rule
				}
				missed = append(missed, path.Base(name)+" "+top)
			}
		} else {
			ben++
			if hit {
				fps = append(fps, path.Base(name)+" "+ds[0].Rule+" "+ds[0].Why)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(missed)
	if os.Getenv("VERBOSE") != "" {
		for _, m := range missed {
			t.Logf("missed: %s", m)
		}
	}
	for _, f := range fps {
		t.Errorf("false positive: %s", f)
	}
	recall := float64(malHit) / float64(mal)
	t.Logf("PHP recall %d/%d = %.1f%%, benign reported %d/%d", malHit, mal, 100*recall, len(fps), ben)
	// The floor is the recall reached, less one point: a change that
	// loses detections fails here.
	if recall < minRecall {
		t.Errorf("recall %.1f%% below the floor %.1f%%", 100*recall, 100*minRecall)
	}
	if mal < 1000 || ben < 1000 {
		t.Errorf("corpus too small: %d malicious, %d benign PHP files", mal, ben)
	}
}
