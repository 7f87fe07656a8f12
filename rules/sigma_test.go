package rules

import (
	"strings"
	"testing"
)

// TestSigmaPack compiles the embedded Sigma rules and checks that every
// rule that produces findings carries what a finding needs.
func TestSigmaPack(t *testing.T) {
	set, err := SigmaSet()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range set.Rules {
		if _, ok := r.Raw["title_zh"]; !ok {
			continue // a building block of a correlation
		}
		n++
		for _, k := range []string{"description_zh", "advice", "advice_zh", "category", "confidence"} {
			if s, _ := r.Raw[k].(string); s == "" {
				t.Errorf("%s (%s): no %s", r.Title, r.File, k)
			}
		}
		if r.Description == "" || r.Level == "" || r.ID == "" {
			t.Errorf("%s (%s): no description, level or id", r.Title, r.File)
		}
		attack := false
		for _, tag := range r.Tags {
			attack = attack || strings.HasPrefix(tag, "attack.t")
		}
		if !attack {
			t.Errorf("%s (%s): no ATT&CK technique tag", r.Title, r.File)
		}
	}
	if n < 20 {
		t.Errorf("%d finding rules in the pack, want at least 20", n)
	}
}
