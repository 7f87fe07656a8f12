package php

import "testing"

// TestArrayLiteralStatement: an array literal assigned as a statement is
// stored without a copy; it must still behave as a value of its own.
func TestArrayLiteralStatement(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{`$a = array(1, 2); $b = $a; $b[] = 3; return count($a) . count($b);`, "23"},
		{`$a = array('k' => 'v', 'k' => 'w', 'x'); return count($a) . $a['k'] . $a[0];`, "2wx"},
		{`$a = array(1); $a[] = 2; $c = $a; $a[0] = 9; return $c[0] . $a[0] . count($c) . count($a);`, "1922"},
		{`$a = [$s, $s . 'y']; $a[] = 'z'; return implode(',', $a);`, "q,qy,z"},
		{`$b = $a = array('p'); $a[] = 'q'; return count($a) . count($b);`, "21"},
		{`for ($i = 0; $i < 3; $i++) { $a = array($i); $a[] = $i; } return implode('', $a);`, "22"},
	} {
		src := "<?php function d($s) { " + c.body + " }"
		got, ok, _ := runInterp(t, src, "q")
		if !ok || got != c.want {
			t.Errorf("%s: got %q (ok %v), want %q", c.body, got, ok, c.want)
		}
	}
}
