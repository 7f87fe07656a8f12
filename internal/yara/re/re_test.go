package re

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// parseErrorCases are patterns yara 4.2.3 rejects, with the offset we
// report and yara's message.
var parseErrorCases = []struct {
	re  string
	off int
	msg string
	hex bool
}{
	{re: `a{0}`, off: 1, msg: "bad repeat interval"},
	{re: `a{2,1}`, off: 1, msg: "bad repeat interval"},
	{re: `a{32768}`, off: 1, msg: "repeat interval too large"},
	{re: `\1`, off: 0, msg: "backreferences are not allowed"},
	{re: `ab(`, off: 3, msg: "syntax error"},
	{re: `()a`, off: 1, msg: "syntax error"},
	{re: `a**`, off: 2, msg: "syntax error"},
	{re: `|a`, off: 0, msg: "syntax error"},
	{re: `[a-`, off: 0, msg: "missing terminating ] for character class"},
	{re: `x[z-a]`, off: 2, msg: "bad character range"},
	{re: `\x4`, off: 0, msg: "illegal escape sequence"},
	{re: `^*`, off: 1, msg: "syntax error"},
	{re: `61 [0] 62`, off: 3, msg: "invalid jump length", hex: true},
	{re: `61 [2-1] 62`, off: 3, msg: "invalid jump range", hex: true},
	{re: `[1] 61`, off: 0, msg: "syntax error", hex: true},
	{re: `61 ( 62 | 78 [1-] 62 )`, off: 13, msg: "unbounded jumps not allowed inside alternation (|)", hex: true},
	{re: `61 ( 62 | 78 [201] 62 )`, off: 13, msg: "jumps over 200 not allowed inside alternation (|)", hex: true},
	{re: `61 6`, off: 3, msg: "uneven number of digits in hex string", hex: true},
}

func TestParseErrors(t *testing.T) {
	for _, tc := range parseErrorCases {
		var err error
		if tc.hex {
			_, err = ParseHex(tc.re)
		} else {
			_, err = Parse(tc.re)
		}
		e, ok := err.(*Error)
		if !ok || e.Offset != tc.off || e.Msg != tc.msg {
			t.Errorf("%q: got %v, want offset %d: %s", tc.re, err, tc.off, tc.msg)
		}
	}
	a, _ := Parse(`a+?b*`)
	if _, err := Compile(a, 0); err == nil {
		t.Error("mixed greedy/ungreedy accepted")
	}
}

// TestRejectLikeYara checks that yara rejects every pattern of
// parseErrorCases with the same message.
func TestRejectLikeYara(t *testing.T) {
	bin := yaraBinary(t)
	dir := t.TempDir()
	rf := filepath.Join(dir, "r.yar")
	for _, tc := range parseErrorCases {
		s := "/" + tc.re + "/"
		if tc.hex {
			s = "{ " + tc.re + " }"
		}
		rule := fmt.Sprintf("rule r { strings: $a = %s condition: $a }\n", s)
		if err := os.WriteFile(rf, []byte(rule), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(bin, "-w", rf, rf).CombinedOutput()
		if err == nil || !strings.Contains(string(out), tc.msg) {
			t.Errorf("%s: yara says %q (err %v), we say %q", s, out, err, tc.msg)
		}
	}
}

// TestSetEqualsScanAll checks that the atom prefilter finds exactly the
// matches of a scan at every offset.
func TestSetEqualsScanAll(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	var progs []*Prog
	var names []string
	for _, s := range diffRegexps {
		p, err := compileRuleString(s)
		if err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		progs = append(progs, p)
		names = append(names, s)
	}
	for _, h := range diffHex {
		p, err := compileRuleString("{ " + h + " }")
		if err != nil {
			t.Fatalf("%s: %v", h, err)
		}
		progs = append(progs, p)
		names = append(names, h)
	}
	set := NewSet(progs)
	t.Logf("%d patterns, %d without atom", len(progs), len(set.NoAtom()))
	for name, data := range diffData() {
		got, _ := set.Scan(data)
		for i, p := range progs {
			want := ScanAll(p, data)
			if len(want) != len(got[i]) {
				t.Errorf("%s on %s: set %d matches, full scan %d", names[i], name, len(got[i]), len(want))
				continue
			}
			for k := range want {
				if want[k] != got[i][k] {
					t.Errorf("%s on %s: #%d set %v full %v", names[i], name, k, got[i][k], want[k])
					break
				}
			}
		}
	}
}

func TestAC(t *testing.T) {
	ac := NewAC([][]byte{[]byte("he"), []byte("she"), []byte("his"), []byte("hers")})
	var got []int
	ac.Scan([]byte("ushers"), func(id, start int) bool { got = append(got, id, start); return true })
	want := []int{1, 1, 0, 2, 3, 2}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v want %v", got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range diffRegexps {
		f.Add(s[1:len(s)-1], false)
	}
	for _, h := range diffHex {
		f.Add(h, true)
	}
	f.Fuzz(func(t *testing.T, s string, hex bool) {
		var a *AST
		var err error
		if hex {
			a, err = ParseHex(s)
		} else {
			a, err = Parse(s)
		}
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		_, _ = Compile(a, NoCase)
	})
}

func FuzzMatch(f *testing.F) {
	f.Add(`a.*?b`, []byte("xxabcab\nb"), false)
	f.Add(`61 [1-] 62`, []byte("axxbaxb"), true)
	f.Add(`(a|ab)(c|bcd)`, []byte("abcd"), false)
	f.Fuzz(func(t *testing.T, s string, data []byte, hex bool) {
		var a *AST
		var err error
		if hex {
			a, err = ParseHex(s)
		} else {
			a, err = Parse(s)
		}
		if err != nil {
			return
		}
		p, err := Compile(a, 0)
		if err != nil || p.Len() > 1000 {
			return
		}
		if len(data) > 1000 {
			data = data[:1000]
		}
		// Find (the matches operator) on data shorter than ScanLimit is
		// "MatchAt succeeds at some offset before the end".
		want := false
		for i := 0; i < len(data) && !want; i++ {
			want = p.MatchAt(data, i) >= 0
		}
		if got := p.Find(data); got != want {
			t.Fatalf("Find = %v, MatchAt at some offset: %v", got, want)
		}
		for i := 0; i <= len(data); i++ {
			n, steps := p.MatchAtSteps(data, i)
			if n > len(data)-i {
				t.Fatalf("match past end")
			}
			if p.fast == nil && steps > (p.Len()+1)*(len(data)-i+1) {
				t.Fatalf("steps %d over bound", steps)
			}
		}
	})
}

// FuzzSet checks that the atom-driven Set finds exactly the matches of a
// scan at every offset, for random patterns (regexps, also wide, hex
// strings and literals, also duplicated) and data, and that an Enabled
// mask only removes the disabled patterns' matches.
func FuzzSet(f *testing.F) {
	f.Add(`(abc|de)f+`, `61 [1-3] 62`, "abcdefghij", []byte("xxabcffdefabxxb"), uint8(0))
	f.Add(`\$[^\n]+\.`, `61 [300-] 62`, "$a.", []byte("$a.$b.c"), uint8(1))
	f.Add(`a\bb+`, `61 ?? 62`, "AbC", []byte("a\x00b\x00b\x00ABCabc"), uint8(6))
	f.Fuzz(func(t *testing.T, re, hex, lit string, data []byte, mode uint8) {
		var progs []*Prog
		var fl Flags
		if mode&1 != 0 {
			fl |= NoCase
		}
		if mode&2 != 0 {
			fl |= Wide
		}
		if a, err := Parse(re); err == nil {
			if p, err := Compile(a, fl); err == nil && p.Len() < 300 {
				progs = append(progs, p)
			}
		}
		if a, err := ParseHex(hex); err == nil {
			if p, err := Compile(a, 0); err == nil && p.Len() < 300 {
				progs = append(progs, p)
			}
		}
		if len(lit) <= 40 {
			progs = append(progs, Literal([]byte(lit), fl))
		}
		// Duplicates share their scan; they must still get their matches.
		progs = append(progs, progs...)
		if len(data) > 1000 {
			data = data[:1000]
		}
		set := NewSet(progs)
		got, _ := set.Scan(data)
		for i, p := range progs {
			want := ScanAll(p, data)
			if !slices.Equal(want, got[i]) {
				t.Fatalf("pattern %d: set %v, full scan %v", i, got[i], want)
			}
		}
		en := make([]bool, len(progs))
		for i := range en {
			en[i] = mode&(4<<(i%5)) != 0
		}
		sc := set.NewScanner()
		for range 2 { // the second scan reuses the buffers
			ms, _, err := sc.Scan(data, ScanOptions{Enabled: en})
			if err != nil {
				t.Fatal(err)
			}
			for i := range progs {
				want := got[i]
				if !en[i] {
					want = nil
				}
				if !slices.Equal(want, ms[i]) {
					t.Fatalf("pattern %d enabled %v: %v, want %v", i, en[i], ms[i], want)
				}
			}
		}
	})
}

// benchData returns n bytes of mixed text and binary data.
func benchData(n int) []byte {
	r := rand.New(rand.NewPCG(3, 4))
	text := []byte("the quick brown fox jumps over the lazy dog <?php eval($_POST['x']); ?> GET /index.html HTTP/1.1\r\n")
	b := make([]byte, 0, n)
	for len(b) < n {
		if r.IntN(2) == 0 {
			b = append(b, text...)
		} else {
			for i := 0; i < 100; i++ {
				b = append(b, byte(r.IntN(256)))
			}
		}
	}
	return b[:n]
}

func BenchmarkAC10kAtoms64MB(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	var atoms [][]byte
	for len(atoms) < 10000 {
		a := make([]byte, 4)
		for i := range a {
			a[i] = byte(r.IntN(256))
		}
		atoms = append(atoms, a)
	}
	t0 := time.Now()
	ac := NewAC(atoms)
	b.Logf("built in %v", time.Since(t0))
	data := benchData(64 << 20)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		hits := 0
		ac.Scan(data, func(int, int) bool { hits++; return true })
	}
}

func BenchmarkVerifyRegexp(b *testing.B) {
	p := MustCompileRegexp(`eval\s*\(\s*\$_(POST|GET|REQUEST)\[`, NoCase)
	data := benchData(1 << 20)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		for i := 0; i < len(data); i++ {
			p.MatchAt(data, i)
		}
	}
}

func BenchmarkSetScan(b *testing.B) {
	var progs []*Prog
	for _, s := range diffRegexps[:100] {
		p, _ := compileRuleString(s)
		progs = append(progs, p)
	}
	set := NewSet(progs)
	data := benchData(1 << 20)
	data = bytes.ToUpper(data)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		set.Scan(data)
	}
}
