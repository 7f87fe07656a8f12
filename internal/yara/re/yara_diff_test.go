package re

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// yaraBinary returns the path of the reference yara, skipping the test
// when it is missing outside CI and failing it in CI.
func yaraBinary(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("yara")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("yara binary required in CI: %v", err)
		}
		t.Skip("yara not installed")
	}
	return p
}

// diffRegexps is the table of regular expressions compared with yara.
// Each is written as in a rule: /pattern/flags.
var diffRegexps = func() []string {
	base := []string{
		`/abc/`, `/a.c/`, `/a.*c/`, `/a.*?c/`, `/a.+c/`, `/a.+?c/`, `/ab?c/`, `/ab??c/`,
		`/a[bc]+/`, `/a[bc]+?/`, `/a[^bc]/`, `/[a-f]+/`, `/[a-f]{2,4}/`, `/[a-f]{2,4}?/`,
		`/[A-F]{3}/i`, `/abc/i`, `/ABC/i`, `/a\wc/`, `/a\Wc/`, `/\d+/`, `/\d+?/`, `/\D\d\D/`,
		`/\s+/`, `/\S+\s/`, `/\bab/`, `/ab\b/`, `/\Bb/`, `/b\B/`, `/\bx\w*\b/`, `/^./`, `/^\x00*/`,
		`/.$/`, `/\xff+$/`, `/\x00\x01/`, `/\xFF\xFE?/`, `/a|b/`, `/ab|cd|ef/`, `/(ab|a)c/`, `/(a|ab)c/`,
		`/(a|ab)(c|bcd)/`, `/x(a|b)*y/`, `/x(a|b)*?y/`, `/(abc|def)+/`, `/(a|)b/`, `/a||b/`, `/a|/`,
		`/[\x00-\x1f]+/`, `/[^\x00-\x7f]{2}/`, `/[]a]/`, `/[^]a]b/`, `/[a-]/`, `/[\w-]+/`, `/[\d.]+/`,
		`/[\s\d]+/`, `/[^\s]+/`, `/\t\n/`, `/\n\w/`, `/a.c/s`, `/a.*c/s`, `/a.*?c/s`, `/.{3}/s`,
		`/\r\n|\n/`, `/a{2}/`, `/a{2,}/`, `/a{,2}/`, `/a{1,3}?/`, `/a{,}/`, `/a{1/`, `/a{ 1}/`,
		`/\{a\}/`, `/x{2}?/`, `/(ab){2}/`, `/(ab){1,3}/`, `/(ab){1,3}?/`, `/(a|b){3,5}c/`,
		`/(a|b){3,5}?c/`, `/((a|b)c)+/`, `/[[:alpha:]]/`, `/\./`, `/\//`, `/a\|b/`, `/\Q/`,
		`/[abc-]/`, `/[-abc]/`, `/[\]]/`, `/[\\]/`, `/\\/`, `/\a|\f|\r/`, `/[A-Z][a-z]+/`,
		`/[a-z]+[0-9]+/i`, `/[^a-z]+/i`, `/[^A-Z]/i`, `/\w+@\w+/`, `/(\w+)\s(\w+)/`, `/\w{4,8}/`,
		`/[0-9a-f]{8}/`, `/[0-9a-f]{8}/i`, `/(0x)?[0-9a-f]+/`, `/.{0,20}abc/`, `/abc.{0,20}/`,
		`/abc.{0,20}?/`, `/a.{2,5}b/`, `/a.{2,5}?b/`, `/a[\s\S]*b/`, `/a[\s\S]*?b/`, `/b.*/`,
		`/.*b/`, `/.+?b/`, `/\x41\x42/i`, `/[\x41-\x43]+/`, `/[\x61-\x63]+/i`, `/x.*x.*x/`,
		`/x.*?x.*?x/`, `/(xa|xb|x)(a|b)?/`, `/(x|xa|xb)(a|b)?/`, `/(a+|b+)+c/`, `/(a*)*b/`,
		`/(a|b|c|d|e|f)+/`, `/[ace]{2}[bdf]/`, `/\bdef\b/`, `/\Bef\B/`, `/^(a|b)/`,
		`/(a|b)$/`, `/\x00{2,}/`, `/[\x80-\xff]+/`, `/\w\W\w/`, `/\d{2,3}\s/`, `/a\sb/`, `/\v/`,
		`/[ab][cd]|[ef][ab]/`, `/(abc)*d/`, `/(abc)*?d/`, `/ab(c|d)+e?/`, `/a(b|c)?d?/`, `/E.{1,3}E/i`,
	}
	// Generated combinations of items and quantifiers.
	items := []string{`a`, `[a-c]`, `\w`, `.`, `(ab|c)`, `\d`, `[^a]`}
	quants := []string{`*`, `+`, `?`, `{2}`, `{1,3}`, `{2,}`, `{,2}`, `*?`, `+?`, `{1,3}?`}
	for i, it := range items {
		for j, q := range quants {
			if (i+j)%2 == 0 {
				continue
			}
			base = append(base, "/b"+it+q+"c/", "/"+it+q+"d/i")
		}
	}
	return base
}()

// diffHex is the table of hex string bodies compared with yara.
var diffHex = func() []string {
	base := []string{
		`61 62 63`, `61 ?? 63`, `61 ?? ?? 63`, `6? 62`, `?1 62`, `61 [1] 63`, `61 [0-2] 63`,
		`61 [1-3] 62`, `61 [-] 62`, `61 [1-] 62`, `61 [0-] 62`, `61 [2-] 62`, `61 ( 62 | 63 )`,
		`61 ( 62 | 62 63 ) 64`, `61 ( 62 63 | 62 ) 64`, `( 61 | 62 ) 63`, `61 ( 62 | 63 ( 64 | 65 ) ) 66`,
		`61 ( 62 [1-2] 63 | 64 ) 65`, `61 ( ?? | 62 ) 63`, `00 00`, `00 ?? 00`, `FF FF`, `FF [0-4] FF`,
		`0A ?? 61`, `61 0A`, `61 [1] [1] 62`, `61 [0-0] 62`, `61 [0-40000] 62`, `61 [ 1 - 2 ] 62`,
		`61 [00001] 62`, `61 ((78)) 78`, `61 (78|78 78) 62`, `61 ( 78 )`, `7? ?? 6?`, `?? 61 ??`,
		`61 [2-4] 62 [1-3] 63`, `61 [1-] 62 [1-] 63`, `64 [0-300] 65`, `64 [250-300] 65`,
		`61 [1-] 62 [1-] 63 [-] 64`, `61 62 [300-] 63 [0-250] 64 65`, `( 61 | 62 ) [1-] 63`,
		`61 ( 62 | 63 ) [201-400] 64 ?? 65`, `6? [-] 0A [210] 61`,
		`61 [201-] 62`, `41 42 43`, `61 [0-10] 61`, `61 ( 61 | 61 61 ) 61`, `( 61 | 61 62 ) ( 62 | 63 )`,
		`( 0A | 0D 0A ) 61`, `20 ( 20 | 09 ) [0-3] 62`, `?? ?? 63`, `61 ?? ( 63 | 64 ) ??`,
		`30 [0-5] 31`, `3? 3? 3?`, `61 [3] ( 62 | 63 )`, `( 61 [1-2] 62 | 63 [1-2] 64 )`,
	}
	bytesAt := []string{`61`, `62`, `6?`, `??`, `0A`, `20`, `78`}
	jumps := []string{`[1]`, `[0-1]`, `[1-4]`, `[0-8]`, `[3-]`}
	for i, a := range bytesAt {
		for j, jp := range jumps {
			if (i+j)%2 == 1 {
				continue
			}
			base = append(base, fmt.Sprintf("%s %s %s", bytesAt[(i+3)%len(bytesAt)], jp, a))
		}
	}
	return base
}()

// maxMatchData is YR_MAX_MATCH_DATA: yara -s -L never prints a longer
// length.
const maxMatchData = 512

// knownDeviations are the table entries whose matches differ from
// yara's for the documented reasons (see doc.go): yara verifies from the
// position of the atom it chose, so (1) its 4096-byte scan limit counts
// from the atom, not from the match start, and (2) an alternative holding
// the atom is matched from the atom, which can change which alternative
// wins, and (3) atoms in optional parts are sometimes required.
var knownDeviations = map[string]bool{
	`/.*b/`: true, `/.+?b/`: true, `/\w+d/i`: true, `/\w{2,}d/i`: true, `/\w*?d/i`: true,
	`/.*d/i`: true, `/.+?d/i`: true, // (1) scan limit counted from the atom
	`/(x|xa|xb)(a|b)?/`: true, // (2) alternative matched from its atom
	`/(0x)?[0-9a-f]+/`:  true, // (3) atom required in an optional group
}

// diffData returns deterministic test files.
func diffData() map[string][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	alpha := []byte("aaabbbcccdddeeefffxxyABCDEF0123456789  \t\n\n_.-{}\x00\x00\xff\x01\x80")
	gen := func(n int, al []byte) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = al[r.IntN(len(al))]
		}
		return b
	}
	files := map[string][]byte{
		"mixed1": gen(6000, alpha),
		"mixed2": gen(6000, alpha),
		"words":  []byte(strings.Repeat("abc def xab xaby abcd ABC aBc 0x1f2e 127.0.0.1 foo@bar\r\n", 40)),
	}
	// A long line without newline to exercise the 4096-byte scan limit.
	long := bytes.Repeat([]byte("xa"), 3000)
	long = append(long, []byte("bcd xxx")...)
	files["long"] = long
	bin := make([]byte, 5000)
	for i := range bin {
		bin[i] = byte(r.IntN(256))
	}
	files["binary"] = bin
	return files
}

type diffMatch struct {
	File   string
	ID     int
	Offset int
	Length int
}

// setMatches scans every file with set.
func setMatches(set *Set, files map[string][]byte) []diffMatch {
	var got []diffMatch
	for _, name := range sortedKeys(files) {
		ms, _ := set.Scan(files[name])
		for id, l := range ms {
			for _, m := range l {
				got = append(got, diffMatch{name, id, m.Offset, m.Length})
			}
		}
	}
	return got
}

// diffMatches compares our matches with yara's by file, pattern and
// offset, lengths capped as yara -L prints them (at most
// YR_MAX_MATCH_DATA), and calls report with the pattern and a message for
// each difference.
func diffMatches(want, got []diffMatch, report func(id int, msg string)) {
	key := func(m diffMatch) string { return fmt.Sprintf("%s %d %d", m.File, m.ID, m.Offset) }
	wm, gm := map[string]int{}, map[string]int{}
	for _, m := range want {
		wm[key(m)] = min(m.Length, maxMatchData)
	}
	for _, m := range got {
		gm[key(m)] = min(m.Length, maxMatchData)
	}
	for _, m := range want {
		w := wm[key(m)]
		if l, ok := gm[key(m)]; !ok {
			report(m.ID, fmt.Sprintf("%s@%d: yara len %d, we have no match", m.File, m.Offset, w))
		} else if l != w {
			report(m.ID, fmt.Sprintf("%s@%d: yara len %d, we %d", m.File, m.Offset, w, l))
		}
	}
	for _, m := range got {
		if _, ok := wm[key(m)]; !ok {
			report(m.ID, fmt.Sprintf("%s@%d: we match len %d, yara does not", m.File, m.Offset, gm[key(m)]))
		}
	}
}

var yaraLine = regexp.MustCompile(`^0x([0-9a-f]+):([0-9]+):\$s([0-9]+):`)

// runYara writes the patterns as one rule and returns yara's matches.
func runYara(t *testing.T, bin, dir string, strs []string, files map[string][]byte) []diffMatch {
	t.Helper()
	var rb strings.Builder
	rb.WriteString("rule r {\n strings:\n")
	for i, s := range strs {
		fmt.Fprintf(&rb, "  $s%d = %s\n", i, s)
	}
	rb.WriteString(" condition: any of them\n}\n")
	rf := filepath.Join(dir, "rules.yar")
	if err := os.WriteFile(rf, []byte(rb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var out []diffMatch
	names := sortedKeys(files)
	for _, name := range names {
		fp := filepath.Join(dir, name)
		if err := os.WriteFile(fp, files[name], 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "-s", "-L", "-w", rf, fp)
		o, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("yara: %v: %s", err, o)
		}
		sc := bufio.NewScanner(bytes.NewReader(o))
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			m := yaraLine.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			off, _ := strconv.ParseInt(m[1], 16, 64)
			l, _ := strconv.Atoi(m[2])
			id, _ := strconv.Atoi(m[3])
			out = append(out, diffMatch{name, id, int(off), l})
		}
	}
	return out
}

func sortedKeys(m map[string][]byte) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}

// ruleRegexp splits "/pat/flags" into the pattern and flags.
func ruleRegexp(s string) (string, Flags) {
	i := strings.LastIndexByte(s, '/')
	var f Flags
	for _, c := range s[i+1:] {
		switch c {
		case 'i':
			f |= NoCase
		case 's':
			f |= DotAll
		}
	}
	return s[1:i], f
}

// compileRuleString compiles a table entry: "/re/flags" or "{ hex }".
func compileRuleString(s string) (*Prog, error) {
	if strings.HasPrefix(s, "{") {
		a, err := ParseHex(s[1 : len(s)-1])
		if err != nil {
			return nil, err
		}
		return Compile(a, 0)
	}
	pat, f := ruleRegexp(s)
	a, err := Parse(pat)
	if err != nil {
		return nil, err
	}
	return Compile(a, f)
}

// ourMatches scans every file with a Set of all the patterns (the path
// the scanner uses; TestSetEqualsScanAll checks it against ScanAll).
func ourMatches(t *testing.T, strs []string, files map[string][]byte) []diffMatch {
	var progs []*Prog
	for _, s := range strs {
		p, err := compileRuleString(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		progs = append(progs, p)
	}
	set := NewSet(progs)
	var out []diffMatch
	for _, name := range sortedKeys(files) {
		ms, _ := set.Scan(files[name])
		for id, l := range ms {
			for _, m := range l {
				out = append(out, diffMatch{name, id, m.Offset, m.Length})
			}
		}
	}
	return out
}

func TestDifferentialYara(t *testing.T) {
	bin := yaraBinary(t)
	var strs []string
	strs = append(strs, diffRegexps...)
	for _, h := range diffHex {
		strs = append(strs, "{ "+h+" }")
	}
	files := diffData()
	dir := t.TempDir()
	want := runYara(t, bin, dir, strs, files)
	got := ourMatches(t, strs, files)
	bad := map[int]int{}
	known := 0
	perKnown := map[string]int{}
	report := func(id int, msg string) {
		if knownDeviations[strs[id]] {
			known++
			perKnown[strs[id]]++
			return
		}
		bad[id]++
		if bad[id] <= 3 {
			t.Errorf("%s: %s", strs[id], msg)
		}
	}
	diffMatches(want, got, report)
	t.Logf("compared %d regexps and %d hex strings over %d files: %d yara matches, %d ours, %d patterns differ, %d differences in the %d documented deviations",
		len(diffRegexps), len(diffHex), len(files), len(want), len(got), len(bad), known, len(knownDeviations))
	for p, n := range perKnown {
		t.Logf("  documented deviation %s: %d differing matches", p, n)
	}
}
