package yara

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// FuzzParse feeds arbitrary input to the lexer and the parser: they must
// never panic or hang, whatever the input. Includes resolve to a fixed small
// file so that include handling is exercised without touching the disk.
func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.src)
	}
	for _, name := range []string{"testdata/include/main.yar", "testdata/include/sub/a.yar"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(string(b))
		}
	}
	opts := &Options{
		Externals: map[string]any{"filename": "", "size": int64(1)},
		ReadFile: func(path string) ([]byte, error) {
			return []byte(`rule inc_` + "x" + ` { condition: true }`), nil
		},
		MaxSize: 1 << 20,
	}
	f.Fuzz(func(t *testing.T, src string) {
		l := NewLexer("f", []byte(src))
		for i := 0; l.Next().Kind != EOF; i++ {
			if i > len(src)+1 {
				t.Fatalf("lexer does not advance on %q", src)
			}
		}
		file, err := Parse("f.yar", []byte(src), opts)
		if file == nil {
			t.Fatal("nil File")
		}
		if err == nil {
			for _, r := range file.Rules {
				if r.Condition == nil || !r.Pos.IsValid() {
					t.Fatalf("rule %q without condition or position", r.Name)
				}
			}
		}
	})
}

// FuzzScan compiles arbitrary rules and scans arbitrary data with them:
// whatever the pair, the scan must not panic and must end within its time
// budget (loops over huge ranges, pathological patterns), and what it
// reports must be consistent (matched strings inside the data).
func FuzzScan(f *testing.F) {
	seeds := []string{
		`rule a { strings: $a = "ab" condition: $a }`,
		`rule a { strings: $a = { 61 [0-5] 62 } $b = /a.*b/s condition: #a > 0 and @b[1] >= 0 and !a[1] > 0 }`,
		`rule a { strings: $a = "ab" xor wide ascii fullword condition: for all i in (1..#a) : (@a[i] < filesize) }`,
		`rule a { strings: $a = "abcd" base64 base64wide condition: any of them in (0..filesize) }`,
		`import "math" rule a { condition: math.entropy(0, filesize) > 1 and for any i in (0..filesize) : (uint8(i) == 0x61) }`,
		`import "hash" rule a { condition: hash.md5(0, filesize) != "" }`,
		`rule a { condition: for all i in (0..0x7fffffffffffffff) : (true) }`,
		`global rule g { condition: filesize > 2 } rule b { condition: g and 2 of (g, b*) }`,
		`rule a { strings: $a = /(a|b)*c{2,5}?/ nocase $b = "x" private condition: $a and not $b or "s" matches /s$/ }`,
	}
	for _, s := range seeds {
		f.Add(s, []byte("abcabcab\x00c\x00\xffMZ ab ab"))
	}
	f.Fuzz(func(t *testing.T, src string, data []byte) {
		// A hang is a failure too: the fuzzer would only stall, so crash
		// with the input instead.
		wd := time.AfterFunc(10*time.Second, func() { panic(fmt.Sprintf("HANG %q %q", src, data)) })
		defer wd.Stop()
		file, err := Parse("f.yar", []byte(src), &Options{ReadFile: func(string) ([]byte, error) { return nil, os.ErrNotExist }, MaxSize: 1 << 16})
		if err != nil || len(file.Rules) == 0 {
			return
		}
		rules, err := Compile([]*File{file}, nil)
		if err != nil {
			return
		}
		start := time.Now()
		res, err := rules.Scan(data, &ScanOptions{Strings: true, Timeout: 200 * time.Millisecond})
		if err != nil && err != ErrTimeout {
			t.Fatalf("scan: %v", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("scan took %v despite a 200ms budget", d)
		}
		for _, m := range res.Matches {
			for _, s := range m.Strings {
				if s.Offset < 0 || s.Offset+int64(len(s.Data)) > int64(len(data)) {
					t.Fatalf("match %s at %d+%d outside %d bytes", s.ID, s.Offset, len(s.Data), len(data))
				}
			}
		}
	})
}
