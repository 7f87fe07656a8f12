package darklink

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

type expect struct {
	Verdict     string `json:"verdict"`
	MinSeverity string `json:"min_severity"`
	MustFind    []struct {
		Kind      string `json:"kind"`
		HrefHost  string `json:"href_host"`
		Technique string `json:"technique"`
	} `json:"must_find"`
	MustNotFindKinds []string `json:"must_not_find_kinds"`
}

func parseLevel(s string) Level {
	for l := None; l <= High; l++ {
		if l.String() == s {
			return l
		}
	}
	return None
}

// analyseFixture reads every page and script of a fixture directory.
func analyseFixture(t *testing.T, dir string) []Hit {
	t.Helper()
	var site struct {
		Site string `json:"site"`
	}
	if b, err := os.ReadFile(filepath.Join(dir, "site.json")); err == nil {
		if err := json.Unmarshal(b, &site); err != nil {
			t.Fatal(err)
		}
	}
	var hits []Hit
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".json") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		r := Analyze(p, b, Options{SiteHosts: []string{site.Site}})
		hits = append(hits, r.Hits...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hits
}

// TestCorpus runs the fixtures of corpus_spec.md that static analysis
// must decide (and the render-only ones whose static indicator we give).
func TestCorpus(t *testing.T) {
	dirs, err := filepath.Glob("testdata/darklink/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(dir, "expect.json"))
			if err != nil {
				t.Fatal(err)
			}
			var e expect
			if err := json.Unmarshal(b, &e); err != nil {
				t.Fatal(err)
			}
			hits := analyseFixture(t, dir)
			max := None
			for _, h := range hits {
				if h.Level > max {
					max = h.Level
				}
				t.Logf("%s", h)
			}
			switch e.Verdict {
			case "BENIGN":
				if max > Info {
					t.Errorf("benign fixture at %s", max)
				}
			case "MALICIOUS":
				if max < parseLevel(e.MinSeverity) {
					t.Errorf("level %s, want at least %s", max, e.MinSeverity)
				}
				for _, m := range e.MustFind {
					found := false
					for _, h := range hits {
						if h.Kind != m.Kind || h.Level < Medium {
							continue
						}
						if m.Technique != "" && h.Technique != m.Technique {
							continue
						}
						if m.HrefHost != "" && !contains(h.Hosts, m.HrefHost) {
							continue
						}
						found = true
					}
					if !found {
						t.Errorf("missing %+v", m)
					}
				}
			}
			for _, k := range e.MustNotFindKinds {
				for _, h := range hits {
					if h.Kind == k && h.Level > Info {
						t.Errorf("unexpected %s", h)
					}
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
