package sigma

import (
	"strings"
	"testing"
)

// boolSel is a selection with a fixed value, named by letter.
func condSels(vals map[string]bool) map[string]node {
	m := map[string]node{}
	for k, v := range vals {
		m[k] = constNode(v)
	}
	return m
}

func TestConditionPrecedence(t *testing.T) {
	vals := map[string]bool{"t1": true, "t2": true, "f1": false, "f2": false, "sel_a": true, "sel_b": false, "_x": false}
	tests := []struct {
		cond string
		want bool
	}{
		{"t1", true},
		{"not t1", false},
		{"not not t1", true},
		{"t1 or f1 and f2", true},    // and binds tighter: t1 or (f1 and f2)
		{"(t1 or f1) and f2", false}, // parentheses
		{"f1 and f2 or t1", true},
		{"not f1 and t1", true},   // not binds tighter than and
		{"not (f1 or t1)", false}, // not over a group
		{"not f1 or f2 and f1", true},
		{"t1 and not t2 or f1", false},
		{"t1 AND t2", true}, // keywords are case-insensitive
		{"1 of sel_*", true},
		{"all of sel_*", false},
		{"all of t*", true},
		{"1 of them", true},
		{"all of them", false},
		{"2 of them", true},
		{"any of f*", false},
		{"1 of f* or all of t*", true},
		{"not 1 of f*", true},
		{"( ( t1 ) )", true},
		{"all of t? and 1 of f?", false},
	}
	for _, tc := range tests {
		n, err := parseCondition(tc.cond, condSels(vals))
		if err != nil {
			t.Errorf("%q: %v", tc.cond, err)
			continue
		}
		if got := n.eval(nil, nil); got != tc.want {
			t.Errorf("%q = %v, want %v", tc.cond, got, tc.want)
		}
	}
}

func TestThemSkipsUnderscore(t *testing.T) {
	n, err := parseCondition("all of them", condSels(map[string]bool{"a": true, "_filter": false}))
	if err != nil {
		t.Fatal(err)
	}
	if !n.eval(nil, nil) {
		t.Error("all of them should ignore selections starting with _")
	}
}

func TestConditionErrors(t *testing.T) {
	sels := condSels(map[string]bool{"a": true, "b": false})
	for cond, want := range map[string]string{
		"":               "empty",
		"a and":          "ends unexpectedly",
		"(a":             "missing ')'",
		"a)":             "unexpected",
		"a b":            "unexpected",
		"1 of x*":        "matches no selection",
		"3 of them":      "only 2",
		"0 of them":      "bad quantifier",
		"all of":         "of what",
		"c":              "unknown selection",
		"a | count() >1": "obsolete",
		"and":            "unexpected",
		strings.Repeat("(", 500) + "a" + strings.Repeat(")", 500): "deeper",
		strings.Repeat("not ", 500) + "a":                         "deeper",
	} {
		_, err := parseCondition(cond, sels)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%.40q: error %v, want %q", cond, err, want)
		}
	}
}

func TestConditionList(t *testing.T) {
	r := parseOne(t, detRule(generic, `    a:
        f: x
    b:
        f: y
    condition:
        - a
        - b`), nil)
	runMatches(t, "condition list", r, []matchCase{{ev("f=x"), true}, {ev("f=y"), true}, {ev("f=z"), false}})
}
