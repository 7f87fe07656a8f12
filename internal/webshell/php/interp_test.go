package php

import (
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// run analyses src and runs its function f on args concretely.
func run(t *testing.T, src, f string, args ...string) (string, bool) {
	t.Helper()
	a := newAnalyzer([]byte(src), 0, &shared{decoded: map[string]decoded{}, nested: map[string]nestedResult{}, badCmd: map[string][2]string{}})
	fs := a.byName[f]
	if len(fs) == 0 {
		t.Fatalf("no function %s", f)
	}
	return a.runPure(fs[0], args)
}

func TestInterp(t *testing.T) {
	for _, c := range []struct {
		name, src, f string
		args         []string
		want         string
		ok           bool
	}{
		{"xor with a stretched key", `<?php function d($s, $k) { $k = md5($k); $o = ""; for ($i = 0; $i < strlen($s); $i++) { $o .= chr(ord($s[$i]) ^ ord($k[$i % strlen($k)])); } return $o; }`,
			"d", []string{"\x13\x1c\x11", "k"}, string([]byte{0x13 ^ '8', 0x1c ^ 'c', 0x11 ^ 'e'}), true}, // md5("k") = 8ce4...
		{"shift with wrap", `<?php function d($s) { $r = ''; for ($i = 0; $i < strlen($s); $i++) { if (ord($s[$i]) < 1) { $r .= chr(ord($s[$i]) + 255); } else { $r .= chr(ord($s[$i]) - 1); } } return $r; }`,
			"d", []string{"bttfsu"}, "assert", true},
		{"string offsets written", `<?php function d($s) { for ($i = 0; $i < strlen($s); $i++) { $s[$i] = chr(ord($s[$i]) - 1); } return $s; }`,
			"d", []string{"fwbm"}, "eval", true},
		{"arrays, foreach, break and continue", `<?php function d($s) { $m = array('a' => 'x', 'b' => 'y'); $o = ''; foreach (str_split($s) as $i => $c) { if ($c == 'c') { continue; } if ($c == 'z') { break; } $o .= isset($m[$c]) ? $m[$c] : $c; } return $o . count($m); }`,
			"d", []string{"abcdzab"}, "xyd2", true},
		{"while with pre-increment and hexdec", `<?php function d($h) { $o = ''; $i = -1; while (++$i < strlen($h)) { $o .= chr(hexdec(substr($h, $i, 2))); $i++; } return $o; }`,
			"d", []string{"6576616c"}, "eval", true},
		{"a helper function and a decoder built in", `<?php function k() { return strrev('tressa'); } function d($s) { return k() . base64_decode($s); }`,
			"d", []string{"KDEp"}, "assert(1)", true},
		{"pack and unpack of 32-bit words", `<?php function d($s) { $v = unpack("V*", $s); $o = ''; foreach ($v as $w) { $o .= pack("V", $w ^ 0x01010101); } return $o; }`,
			"d", []string{"`rrdsu!!"}, "assert  ", true},
		{"I/O leaves the subset", `<?php function d($s) { echo $s; return $s; }`, "d", []string{"x"}, "", false},
		{"a sink leaves the subset", `<?php function d($s) { system($s); return $s; }`, "d", []string{"x"}, "", false},
		{"globals leave the subset", `<?php function d($s) { global $k; return $s . $k; }`, "d", []string{"x"}, "", false},
		{"unknown functions leave the subset", `<?php function d($s) { return mystery($s); }`, "d", []string{"x"}, "", false},
	} {
		got, ok := run(t, c.src, c.f, c.args...)
		if ok != c.ok || got != c.want {
			t.Errorf("%s: %q, %v; want %q, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

// TestInterpBounds: endless loops, deep recursion and growing strings end
// within the budget, as failures.
func TestInterpBounds(t *testing.T) {
	for name, src := range map[string]string{
		"endless loop":   `<?php function d($s) { while (1) { $s .= ''; } return $s; }`,
		"recursion":      `<?php function d($s) { return d($s . 'x'); }`,
		"doubling":       `<?php function d($s) { for ($i = 0; $i < 100; $i++) { $s .= $s; } return $s; }`,
		"sparse offset":  `<?php function d($s) { $s[100000000000] = 'x'; return $s; }`,
		"array growth":   `<?php function d($s) { $a = array(); while (1) { $a[] = $s; } return $s; }`,
		"division by 0":  `<?php function d($s) { return 1 / 0; }`,
		"truncated body": `<?php function d($s) { for ($i = 0; $i < 3;`,
	} {
		if out, ok := run(t, src, "d", "ab"); ok {
			t.Errorf("%s: ran to %q", name, out[:min(len(out), 20)])
		}
	}
}

// TestGlobalRunBounds: a global loop that never ends stops at the budget
// (the test would hang otherwise), and reports nothing.
func TestGlobalRunBounds(t *testing.T) {
	for _, src := range []string{
		`<?php $s = 'a'; while (true) { $s .= 'b'; } eval($s);`,
		`<?php $s = 'a'; for (;;) { $s = $s . $s; } eval($s);`,
		`<?php $i = 0; while ($i < 10) { $a[] = $i; } assert($a);`,
	} {
		if ds := Analyze([]byte(src)); verdict.Max(ds) >= verdict.Report {
			t.Errorf("%s: %+v", src, ds)
		}
	}
}

// TestDecoderFunction: a payload behind a custom decoder function is found.
func TestDecoderFunction(t *testing.T) {
	src := `<?php function dec($s) { $o = ''; for ($i = 0; $i < strlen($s); $i++) { $o .= chr(ord($s[$i]) - 1); } return $o; }
eval(dec('tztufn)%` + "`" + `HFU\(d(^*<'));`
	ds := Analyze([]byte(src))
	found := false
	for _, d := range ds {
		found = found || d.Rule == "php.exec-input" && strings.Contains(d.Why, "_GET")
	}
	if !found {
		t.Errorf("decoded payload not analysed: %+v", ds)
	}
}

// FuzzInterp runs hostile function bodies concretely: every run ends,
// within the budget, without a panic escaping.
func FuzzInterp(f *testing.F) {
	f.Add(`$o = ''; for ($i = 0; $i < strlen($s); $i++) { $o .= chr(ord($s[$i]) ^ 7); } return $o;`, "abc")
	f.Add(`$a = array(); foreach (str_split($s) as $k => $v) { $a[$v] = $k; } return implode(',', $a);`, "xyz")
	f.Add(`while (true) { $s[5] = 'x'; if ($s == 'q') break; } return $s;`, "q")
	f.Fuzz(func(t *testing.T, body, arg string) {
		src := "<?php function d($s) { " + body + " }"
		a := newAnalyzer([]byte(src), 0, &shared{decoded: map[string]decoded{}, nested: map[string]nestedResult{}, badCmd: map[string][2]string{}})
		if fs := a.byName["d"]; len(fs) > 0 {
			if out, ok := a.runPure(fs[0], []string{arg}); ok && len(out) > interpBytes {
				t.Fatalf("result of %d bytes", len(out))
			}
		}
	})
}
