package sigma

import (
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// ev builds a MapEvent from "k=v" pairs; "@N" sets the time to t0+N s.
func ev(kv ...string) *MapEvent {
	e := &MapEvent{Fields: map[string]string{}, At: t0}
	for _, p := range kv {
		if strings.HasPrefix(p, "@") {
			var n time.Duration
			for _, c := range p[1:] {
				n = n*10 + time.Duration(c-'0')
			}
			e.At = t0.Add(n * time.Second)
			continue
		}
		k, v, _ := strings.Cut(p, "=")
		e.Fields[k] = v
	}
	return e
}

func parseOne(t *testing.T, src string, opts *Options) *Rule {
	t.Helper()
	rules, err := Parse("test.yml", []byte(src), opts)
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, src)
	}
	if len(rules) != 1 {
		t.Fatalf("got %d rules, want 1", len(rules))
	}
	return rules[0]
}

// detRule wraps a detection body (indented by 4) into a rule with the
// given logsource line.
func detRule(logsource, detection string) string {
	return "title: t\nid: 00000000-0000-0000-0000-000000000001\nlogsource:\n" + logsource +
		"\ndetection:\n" + detection + "\n"
}
