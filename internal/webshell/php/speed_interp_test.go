package php

import (
	"fmt"
	"strings"
	"testing"
)

// TestArraysAreValues: arrays shared until written (carr.clone) and the
// kept array literals of a function's body behave as copies.
func TestArraysAreValues(t *testing.T) {
	table := "array(" + strings.Repeat("'x', ", 20) + "'y')"
	for _, c := range []struct {
		name, body, arg, want string
	}{
		{"a copy written", `$a = array(1, 2); $b = $a; $b[] = 3; return count($a) . count($b);`, "", "23"},
		{"the original written", `$a = array(1, 2); $b = $a; $a[] = 3; $a[0] = 9; return $b[0] . count($b) . $a[0] . count($a);`, "", "1293"},
		{"an argument written", `$a = array('p'); return g($a) . count($a);`, "", "21"},
		{"a literal table written", `$t = ` + table + `; $t[0] = $s; $t[] = 'z'; return $t[0] . $t[1] . $t[21] . count($t);`, "k", "kxz22"},
		{"a literal table read", `$t = ` + table + `; return $t[0] . $t[20] . count($t);`, "k", "xy21"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := "<?php function g($x) { $x[] = 'q'; return count($x); } function d($s) { " + c.body + " }"
			out, ok, _ := runInterp(t, src, c.arg)
			if !ok || out != c.want {
				t.Errorf("got %q (ok %v), want %q", out, ok, c.want)
			}
		})
	}
}

// TestLiteralTableKept: a function's table of constants is built once for
// all its runs, each run reading an unchanged copy and being charged the
// steps of building it.
func TestLiteralTableKept(t *testing.T) {
	var b strings.Builder
	b.WriteString("<?php function d($i) { $t = array(")
	for i := range 100 {
		fmt.Fprintf(&b, "'s%d', ", i)
	}
	b.WriteString("); $u = $t[$i]; $t[$i] = 'changed'; return $u; }")
	src := b.String()
	a := newAnalyzer([]byte(src), 0, &shared{decoded: map[string]decoded{}, nested: map[string]nestedResult{}, badCmd: map[string][2]string{}})
	f := a.byName["d"][0]
	var steps []int
	for _, i := range []string{"3", "3", "7"} {
		before := a.shared.interpSteps
		out, ok := a.runPure(f, []string{i})
		if want := "s" + i; !ok || out != want {
			t.Fatalf("d(%s) = %q (ok %v), want %q", i, out, ok, want)
		}
		steps = append(steps, a.shared.interpSteps-before)
	}
	if steps[1] != steps[0] || steps[2] != steps[0] {
		t.Errorf("steps per run %v, want the same for each", steps)
	}
	if pb := a.bodies[f]; pb == nil || len(pb.lits) != 1 {
		t.Errorf("the table was not kept")
	}
}

// TestAppendInPlace: $s .= x appends to the variable's builder when the
// variable's string is all of it, and copies otherwise; the budget is
// charged as for a copy.
func TestAppendInPlace(t *testing.T) {
	long := strings.Repeat("a", 300)
	for _, c := range []struct {
		name, body, want string
		charged          int
	}{
		{"a loop", `$s = '` + long + `'; for ($i = 0; $i < 3; $i++) { $s .= 'b'; } return $s;`, long + "bbb", 301 + 302 + 303},
		{"a copy appended to", `$s = '` + long + `'; $s .= 'b'; $t = $s; $t .= 'c'; $s .= 'd'; return $s . '|' . $t;`, long + "bd|" + long + "bc", 301 + 302 + 302 + 302 + 1 + 302 + 1 + 302},
		{"an offset write between", `$s = '` + long + `'; $s .= 'b'; $s[0] = 'z'; $s .= 'c'; return $s;`, "z" + long[1:] + "bc", 301 + 301 + 302}, // the write copies the string into a buffer
		{"numbers", `$s = '` + long + `'; $s .= 1; $s .= 2.5; return $s;`, long + "1", 301},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := "<?php function d($x) { " + c.body + " }"
			out, ok, charged := runInterp(t, src, "")
			if c.name == "numbers" {
				// 2.5 is outside the subset: the run stops.
				if ok {
					t.Errorf("got %q, want the run to stop", out)
				}
				return
			}
			if !ok || out != c.want {
				t.Errorf("got %q (ok %v), want %q", out, ok, c.want)
			}
			if charged != c.charged {
				t.Errorf("charged %d bytes, want %d", charged, c.charged)
			}
		})
	}
}
