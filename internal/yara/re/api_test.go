package re

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestLiteral(t *testing.T) {
	data := []byte("aaaaa xAbCabcABC a\x00b\x00c\x00A\x00B\x00C\x00 0123456789abcdef0123456789ABCDEF")
	for _, tc := range []struct {
		lit  string
		f    Flags
		want []Match
	}{
		{"aaa", 0, []Match{{0, 3}, {1, 3}, {2, 3}}},
		{"abc", 0, []Match{{10, 3}, {40, 3}}},
		{"abc", NoCase, []Match{{7, 3}, {10, 3}, {13, 3}, {40, 3}, {56, 3}}},
		{"abc", Wide, []Match{{17, 6}}},
		{"abc", Wide | NoCase, []Match{{17, 6}, {23, 6}}},
		{"89abcdef01", 0, []Match{{38, 10}}},
		{"9abcdef0", NoCase, []Match{{39, 8}}},
		{"9ABCDEF", NoCase, []Match{{39, 7}, {55, 7}}},
		{"", 0, nil},
		{"zzzz", 0, nil},
	} {
		p := Literal([]byte(tc.lit), tc.f)
		if got := ScanAll(p, data); !slices.Equal(got, tc.want) {
			t.Errorf("%q %v: ScanAll %v, want %v", tc.lit, tc.f, got, tc.want)
		}
		got, _ := NewSet([]*Prog{p}).Scan(data)
		if !slices.Equal(got[0], tc.want) {
			t.Errorf("%q %v: Set %v, want %v", tc.lit, tc.f, got[0], tc.want)
		}
	}
	if !bytes.Equal(Widen([]byte("ab")), []byte("a\x00b\x00")) {
		t.Error("Widen")
	}
	if !Literal([]byte("x"), 0).IsLiteral() || MustCompileRegexp("x", 0).IsLiteral() {
		t.Error("IsLiteral")
	}
}

// yaraCase is a string as written in a rule and our compiled form of it.
type yaraCase struct {
	rule string
	prog *Prog
}

// compareWithYara scans files with yara and with a Set of the cases and
// reports every difference.
func compareWithYara(t *testing.T, cases []yaraCase, files map[string][]byte) {
	t.Helper()
	bin := yaraBinary(t)
	var strs []string
	var progs []*Prog
	for _, c := range cases {
		strs = append(strs, c.rule)
		progs = append(progs, c.prog)
	}
	want := runYara(t, bin, t.TempDir(), strs, files)
	got := setMatches(NewSet(progs), files)
	bad := map[int]int{}
	diffMatches(want, got, func(id int, msg string) {
		if bad[id]++; bad[id] <= 3 {
			t.Errorf("%s: %s", strs[id], msg)
		}
	})
	t.Logf("%d strings over %d files: %d yara matches, %d ours, %d strings differ", len(strs), len(files), len(want), len(got), len(bad))
}

// wideData returns test files with wide (UTF-16LE) text around.
func wideData() map[string][]byte {
	files := diffData()
	var w []byte
	for _, s := range []string{"abbc", "ABC", "a bc", "xab_c", "a\nc", "ab", "hello world", "AbBc", "a1b2", "_ab_", "c"} {
		w = append(w, Widen([]byte(s))...)
		w = append(w, ' ', 0, 0x80, 'a', 0, 'b', 'c', 0, 0, 0)
	}
	files["wide1"] = w
	files["wide2"] = append([]byte{'b', 0}, w[1:]...) // odd alignment
	mixed := bytes.Clone(files["mixed1"])
	for i := 0; i+1 < len(mixed); i += 3 {
		mixed[i+1] = 0
	}
	files["wide3"] = mixed
	return files
}

// TestWideYara compares wide regular expressions with yara, including
// \b, \B, anchors, classes, '.', nocase and repetitions.
func TestWideYara(t *testing.T) {
	var cases []yaraCase
	for _, s := range []string{
		`/ab+c/`, `/abc/i`, `/a.c/`, `/a.c/s`, `/[a-c]+/`, `/[^a]b/`, `/[^a]b/i`, `/\w+/`, `/\W\w/`,
		`/\bab/`, `/ab\b/`, `/\Bb/`, `/b\B/`, `/\bc\b/`, `/^a/`, `/^b/`, `/c$/`, `/\x00/`, `/\s/`, `/\d/`,
		`/a(b|bc)?/`, `/(ab)+/`, `/a.{0,3}c/`, `/a.*?c/`, `/x[a-z_]+/`, `/hello\sworld/i`, `/b{2}/`,
		`/[\x00-\x80]{2}/`, `/a[\s\S]c/`, `/c\b/`, `/\b\w/`, `/\w\b/`,
	} {
		pat, f := ruleRegexp(s)
		a, err := Parse(pat)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Compile(a, f|Wide)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, yaraCase{s + " wide", p})
	}
	compareWithYara(t, cases, wideData())
}

// TestLiteralYara compares text strings (Literals) with yara.
func TestLiteralYara(t *testing.T) {
	var cases []yaraCase
	for _, s := range []string{"ab", "abc", "aaa", "xab", "hello world", "Hello", "0x1f2e", "\x00\x00", "abc def xab", "ABC aBc"} {
		q := fmt.Sprintf("%q", s)
		for _, m := range []struct {
			mod string
			f   Flags
		}{{"", 0}, {" nocase", NoCase}, {" wide", Wide}, {" wide nocase", Wide | NoCase}} {
			cases = append(cases, yaraCase{q + m.mod, Literal([]byte(s), m.f)})
		}
	}
	compareWithYara(t, cases, wideData())
}

func TestEnabledAndStop(t *testing.T) {
	var progs []*Prog
	for _, s := range diffRegexps[:60] {
		p, err := compileRuleString(s)
		if err != nil {
			t.Fatal(err)
		}
		progs = append(progs, p)
	}
	for _, h := range diffHex[:30] {
		p, _ := compileRuleString("{ " + h + " }")
		progs = append(progs, p)
	}
	progs = append(progs, Literal([]byte("abc"), 0), Literal([]byte("abc def"), NoCase), Literal([]byte("abc def xab"), 0))
	progs = append(progs, progs[:20]...) // duplicates
	set := NewSet(progs)
	data := diffData()["words"]
	full, _ := set.Scan(data)
	sc := set.NewScanner()
	for k := 0; k < 4; k++ {
		en := make([]bool, len(progs))
		for i := range en {
			en[i] = (i+k)%(k+2) == 0
		}
		ms, _, err := sc.Scan(data, ScanOptions{Enabled: en})
		if err != nil {
			t.Fatal(err)
		}
		for i := range progs {
			want := full[i]
			if !en[i] {
				want = nil
			}
			if !slices.Equal(ms[i], want) {
				t.Errorf("mask %d pattern %d: %v, want %v", k, i, ms[i], want)
			}
		}
	}
	// Stop: polled every 64 KiB, the scan ends early with ErrStopped.
	set = NewSet(progs[len(progs)-23 : len(progs)-20]) // the literals
	sc = set.NewScanner()
	big := bytes.Repeat(data, 100)
	calls := 0
	ms, _, err := sc.Scan(big, ScanOptions{Stop: func() bool { calls++; return calls > 1 }})
	if err != ErrStopped {
		t.Fatalf("err = %v, want ErrStopped", err)
	}
	all, _ := set.Scan(big)
	for i := range all {
		if len(ms[i]) >= len(all[i]) || !slices.Equal(ms[i], all[i][:len(ms[i])]) {
			t.Errorf("pattern %d: stopped scan found %d matches, full scan %d", i, len(ms[i]), len(all[i]))
		}
	}
	ms, _, err = sc.Scan(big, ScanOptions{Stop: func() bool { return false }})
	if err != nil {
		t.Fatal(err)
	}
	for i := range all {
		if !slices.Equal(ms[i], all[i]) {
			t.Errorf("pattern %d: scan with Stop differs", i)
		}
	}
}

// findCases are `matches` results checked against yara 4.2.3.
var findCases = []struct {
	data, re string
	want     bool
}{
	{"abc", `x*`, true},
	{"", `x*`, false},
	{"", `^$`, false},
	{"abc", `^b`, false},
	{"abc", `c$`, true},
	{"abc", `b$`, false},
	{"a\x00b", `b`, true},
	{"abc", `\bb`, false},
	{"a\nb", `a.b`, false},
	{"a\nb", `a.b/s`, true},
	{"ABC", `abc/i`, true},
	{"xab", `\Bab`, true},
	{"ab", `^`, true},
	{"ab", `$`, false},
	{"aaa", `^a{2}$`, false},
	{"xab", `a\b`, false},
	{"xa", `a\b`, true},
	{"x", `\b`, true},
	{"x", `\B`, false},
	{"xy", `y\B`, false},
	{strings.Repeat("a", 5000) + "b", `b`, false},
	{strings.Repeat("a", 4095) + "b", `b`, true},
	{strings.Repeat("a", 4095) + "bc", `bc`, false},
	{strings.Repeat("a", 4094) + "bcd", `bcd`, false},
	{strings.Repeat("a", 4095) + "b", `b$`, true},
	{strings.Repeat("a", 4096) + "b", `b$`, false},
	{strings.Repeat("a", 5000), `a$`, false},
	{strings.Repeat("a", 5000), `^a{100}`, true},
	{strings.Repeat("a", 4094) + "bc", `(b|bc)$`, true},
	{strings.Repeat("a", 4094) + "bc", `b$`, false},
	{strings.Repeat("a", 4095) + "bc", `b.*c`, false},
	{"foo.php?cmd=ls", `\.php\?cmd=`, true},
	{"hello", `l+o$`, true},
	{"hello", `(x|y)?z*`, true},
}

func TestFind(t *testing.T) {
	for _, tc := range findCases {
		pat, f := tc.re, Flags(0)
		if i := strings.LastIndexByte(pat, '/'); i >= 0 {
			pat, f = ruleRegexp("/" + pat)
		}
		p := MustCompileRegexp(pat, f)
		if got := p.Find([]byte(tc.data)); got != tc.want {
			t.Errorf("%.20q matches /%s/: %v, want %v", tc.data, tc.re, got, tc.want)
		}
	}
	if !Literal([]byte("bc"), 0).Find([]byte("abcd")) || Literal([]byte("BC"), 0).Find([]byte("abcd")) ||
		!Literal([]byte("BC"), NoCase).Find([]byte("abcd")) {
		t.Error("Find on literals")
	}
}

// TestFindYara checks findCases against the real yara.
func TestFindYara(t *testing.T) {
	bin := yaraBinary(t)
	dir := t.TempDir()
	var rb strings.Builder
	for i, tc := range findCases {
		re := "/" + tc.re
		if !strings.Contains(tc.re, "/") {
			re += "/"
		}
		fmt.Fprintf(&rb, "rule r%d { condition: %q matches %s }\n", i, tc.data, re)
	}
	rf := filepath.Join(dir, "m.yar")
	if err := os.WriteFile(rf, []byte(rb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, rf, rf).CombinedOutput()
	if err != nil {
		t.Fatalf("yara: %v: %s", err, out)
	}
	got := map[string]bool{}
	for _, l := range strings.Split(string(out), "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			got[f[0]] = true
		}
	}
	for i, tc := range findCases {
		if got[fmt.Sprintf("r%d", i)] != tc.want {
			t.Errorf("yara: %.20q matches /%s/ is %v", tc.data, tc.re, !tc.want)
		}
	}
}

// TestScannerAllocs checks that a Scanner does not allocate once its
// buffers have grown.
func TestScannerAllocs(t *testing.T) {
	var progs []*Prog
	for _, s := range diffRegexps[:40] {
		p, _ := compileRuleString(s)
		progs = append(progs, p)
	}
	progs = append(progs, Literal([]byte("abc"), 0), Literal([]byte("xaby abcd"), NoCase), Literal([]byte("def"), Wide))
	sc := NewSet(progs).NewScanner()
	data := diffData()["words"]
	sc.Scan(data, ScanOptions{})
	if n := testing.AllocsPerRun(5, func() { sc.Scan(data, ScanOptions{}) }); n != 0 {
		t.Errorf("%v allocations per scan", n)
	}
}

// TestScannersConcurrent scans with one Set from several goroutines (run
// with -race).
func TestScannersConcurrent(t *testing.T) {
	var progs []*Prog
	for _, s := range diffRegexps[:80] {
		p, _ := compileRuleString(s)
		progs = append(progs, p)
	}
	progs = append(progs, Literal([]byte("abc def xab"), NoCase), Literal([]byte("foo"), Wide))
	set := NewSet(progs)
	files := diffData()
	want := map[string][][]Match{}
	for name, d := range files {
		want[name], _ = set.Scan(d)
	}
	done := make(chan error)
	for g := 0; g < 4; g++ {
		go func() {
			sc := set.NewScanner()
			for _, name := range sortedKeys(files) {
				ms, _, _ := sc.Scan(files[name], ScanOptions{})
				for i := range progs {
					if !slices.Equal(ms[i], want[name][i]) {
						done <- fmt.Errorf("%s pattern %d differs", name, i)
						return
					}
				}
			}
			done <- nil
		}()
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// TestMatchBudget checks that a scan keeps at most MaxScanMatches matches
// over all patterns and says so.
func TestMatchBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	// 17 one-byte-apart literals over 1 MiB of 'a': 17 Mi matches.
	var progs []*Prog
	for i := 1; i <= 17; i++ {
		progs = append(progs, Literal(bytes.Repeat([]byte("a"), i), 0))
	}
	data := bytes.Repeat([]byte("a"), 1<<20)
	ms, _, err := NewSet(progs).NewScanner().Scan(data, ScanOptions{})
	if !errors.Is(err, ErrMatchBudget) {
		t.Fatalf("err = %v, want ErrMatchBudget", err)
	}
	total := 0
	for _, m := range ms {
		total += len(m)
	}
	if total > MaxScanMatches {
		t.Fatalf("%d matches kept, budget %d", total, MaxScanMatches)
	}
}
