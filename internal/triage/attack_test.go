package triage

import (
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/attack"
	"github.com/yingji/yingji/internal/check"
	"github.com/yingji/yingji/rules"
)

// TestAttackTableComplete keeps the ATT&CK table of the report complete:
// every technique a check or an embedded Sigma rule cites has a name and
// a tactic, so every finding lands in the attack chain.
func TestAttackTableComplete(t *testing.T) {
	cited := map[string]string{}
	for _, c := range check.All() {
		for _, id := range c.Attack {
			cited[id] = "check " + c.ID
		}
	}
	set, err := rules.SigmaSet()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range set.Rules {
		for _, tag := range r.Tags {
			if id, ok := strings.CutPrefix(strings.ToLower(tag), "attack.t"); ok {
				cited["T"+strings.ToUpper(id)] = "sigma rule " + r.Title
			}
		}
	}
	if len(cited) < 50 {
		t.Fatalf("only %d techniques cited: the walk is broken", len(cited))
	}
	for id, by := range cited {
		te, ok := attack.Lookup(id)
		if !ok {
			t.Errorf("%s (cited by %s) is not in internal/attack's table", id, by)
			continue
		}
		for _, ta := range te.Tactics {
			if _, ok := attack.TacticByID(ta); !ok {
				t.Errorf("%s: unknown tactic %s", id, ta)
			}
		}
		if len(te.Tactics) == 0 || te.Name == "" || te.NameZh == "" {
			t.Errorf("%s: incomplete entry %+v", id, te)
		}
	}
}
