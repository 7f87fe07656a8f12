package sigma

import (
	"os"
	"testing"
)

// TestSigmaHQRules compiles every rule of a SigmaHQ checkout's rules/linux
// and rules/web (the directory given by SIGMAHQ_RULES, e.g. a clone's
// rules/): each must parse and compile. SigmaHQ's rules are not copied
// into this repository; without the variable the test is skipped.
func TestSigmaHQRules(t *testing.T) {
	dir := os.Getenv("SIGMAHQ_RULES")
	if dir == "" {
		t.Skip("SIGMAHQ_RULES not set")
	}
	total := 0
	for _, sub := range []string{"linux", "web"} {
		set, errs := LoadFS(os.DirFS(dir), sub, nil)
		for _, err := range errs {
			t.Error(err)
		}
		if set != nil {
			total += len(set.Rules)
		}
	}
	if total == 0 {
		t.Fatalf("no rule under %s/linux or %s/web", dir, dir)
	}
	t.Logf("%d rules compiled", total)
}
