package yara

import (
	"strings"
	"testing"
	"time"
)

// TestPathological parses large hostile inputs that would take quadratic
// time or deep recursion in a naive front end; each must finish quickly.
func TestPathological(t *testing.T) {
	const n = 200000
	cases := map[string]string{
		"parens":         strings.Repeat("(", n),
		"nots":           "rule a { condition: " + strings.Repeat("not ", n) + "true }",
		"minus":          "rule a { condition: " + strings.Repeat("-", n) + "1 }",
		"sum":            "rule a { condition: 1" + strings.Repeat(" + 1", n) + " }",
		"ands":           "rule a { condition: true" + strings.Repeat(" and true", n) + " }",
		"members":        `import "pe" rule a { condition: pe` + strings.Repeat(".x", n) + " }",
		"modifiers":      strings.Repeat("private ", n),
		"hex comments":   "rule a { strings: $a = { AA " + strings.Repeat("/**/ ", n) + "} condition: $a }",
		"block comments": strings.Repeat("/* */", n),
		"open braces":    strings.Repeat("{ AA ", n),
		"hex alts":       "rule a { strings: $a = { " + strings.Repeat("( AA | ", n) + " } condition: $a }",
		"strings":        "rule a { strings: " + strings.Repeat(`$a = "x" `, n/10) + " condition: $a }",
		"bad escapes":    strings.Repeat(`"\q" `, n),
		"rules":          strings.Repeat("rule a { condition: b } ", n/10),
	}
	for name, src := range cases {
		start := time.Now()
		f, _ := Parse(name, []byte(src), nil)
		if f == nil {
			t.Fatalf("%s: nil File", name)
		}
		d := time.Since(start)
		t.Logf("%-15s %8d bytes %v", name, len(src), d)
		if d > 5*time.Second {
			t.Errorf("%s: %v for %d bytes", name, d, len(src))
		}
	}
}
