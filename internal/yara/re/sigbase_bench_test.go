package re

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// sigString is one string of a rule, roughly extracted from a rule file.
type sigString struct {
	kind  byte   // 't' text, 'r' regexp, 'h' hex
	body  string // decoded text, regexp source or hex body
	flags Flags  // NoCase, DotAll (regexp /i /s, text nocase)
	ascii bool
	wide  bool
}

// sigbaseStrings extracts (roughly: one string per line, hex strings may
// span lines) the text, regexp and hex strings of every rule file in
// dir, with their nocase/ascii/wide modifiers. Strings with xor or
// base64 modifiers are skipped.
func sigbaseStrings(tb testing.TB, dir string) []sigString {
	files, _ := filepath.Glob(filepath.Join(dir, "*.yar"))
	if len(files) == 0 {
		tb.Skipf("no rule files in %s", dir)
	}
	var out []sigString
	for _, fn := range files {
		f, err := os.Open(fn)
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		var hexBuf strings.Builder
		inHex := false
		for sc.Scan() {
			line := sc.Text()
			if inHex {
				if i := strings.IndexByte(line, '}'); i >= 0 {
					hexBuf.WriteString(" " + stripComments(line[:i]))
					out = append(out, sigString{kind: 'h', body: hexBuf.String()})
					inHex = false
				} else {
					hexBuf.WriteString(" " + stripComments(line))
				}
				continue
			}
			t := strings.TrimSpace(line)
			if !strings.HasPrefix(t, "$") {
				continue
			}
			eq := strings.IndexByte(t, '=')
			if eq < 0 {
				continue
			}
			rest := strings.TrimSpace(t[eq+1:])
			if rest == "" {
				continue
			}
			switch rest[0] {
			case '{':
				if i := strings.IndexByte(rest, '}'); i >= 0 {
					out = append(out, sigString{kind: 'h', body: stripComments(rest[1:i])})
				} else {
					hexBuf.Reset()
					hexBuf.WriteString(stripComments(rest[1:]))
					inHex = true
				}
			case '"':
				s, mods, ok := decodeText(rest[1:])
				if !ok {
					continue
				}
				st := sigString{kind: 't', body: s}
				if !applyMods(&st, mods) {
					continue
				}
				out = append(out, st)
			case '/':
				s := rest[1:]
				for i := 0; i < len(s); i++ {
					if s[i] == '\\' {
						i++
						continue
					}
					if s[i] == '/' {
						st := sigString{kind: 'r', body: s[:i]}
						j := i + 1
						for ; j < len(s) && (s[j] == 'i' || s[j] == 's'); j++ {
							if s[j] == 'i' {
								st.flags |= NoCase
							} else {
								st.flags |= DotAll
							}
						}
						if applyMods(&st, s[j:]) {
							out = append(out, st)
						}
						break
					}
				}
			}
		}
		f.Close()
	}
	return out
}

func stripComments(s string) string {
	if i := strings.Index(s, "//"); i >= 0 {
		s = s[:i]
	}
	for {
		i := strings.Index(s, "/*")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], "*/")
		if j < 0 {
			return s[:i]
		}
		s = s[:i] + s[i+j+2:]
	}
}

// decodeText decodes a yara text string body after the opening quote and
// returns it with the text after the closing quote.
func decodeText(s string) (string, string, bool) {
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			return string(b), s[i+1:], true
		case '\\':
			if i+1 >= len(s) {
				return "", "", false
			}
			i++
			switch s[i] {
			case 'n':
				b = append(b, '\n')
			case 't':
				b = append(b, '\t')
			case 'r':
				b = append(b, '\r')
			case 'x':
				if i+2 >= len(s) {
					return "", "", false
				}
				v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
				if err != nil {
					return "", "", false
				}
				b = append(b, byte(v))
				i += 2
			default:
				b = append(b, s[i])
			}
		default:
			b = append(b, c)
		}
	}
	return "", "", false
}

// applyMods reads the modifiers; it returns false for strings this
// benchmark does not model (xor, base64).
func applyMods(st *sigString, mods string) bool {
	mods = stripComments(mods)
	for _, m := range strings.Fields(mods) {
		switch {
		case m == "nocase":
			st.flags |= NoCase
		case m == "wide":
			st.wide = true
		case m == "ascii":
			st.ascii = true
		case strings.HasPrefix(m, "xor"), strings.HasPrefix(m, "base64"):
			return false
		}
	}
	if !st.wide {
		st.ascii = true
	}
	return true
}

// webshellDir is the extracted webshell corpus (see corpusDir for the
// tarball); override with YINGJI_WEBSHELL_DIR.
func webshellDir() string {
	if d := os.Getenv("YINGJI_WEBSHELL_DIR"); d != "" {
		return d
	}
	return "/var/tmp/wsdev/webshell-dev"
}

func loadTree(tb testing.TB, dir string) [][]byte {
	var out [][]byte
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, b)
		return nil
	})
	if err != nil || len(out) == 0 {
		tb.Skipf("webshell corpus: %v (%d files)", err, len(out))
	}
	return out
}

// sigbaseProgs compiles the extracted strings: text strings as Literals
// (one per ascii/wide variant), regexps with NoCase/DotAll/Wide, hex
// strings. Strings that fail to compile are dropped.
func sigbaseProgs(tb testing.TB, strs []sigString) []*Prog {
	var progs []*Prog
	for _, s := range strs {
		switch s.kind {
		case 't':
			if s.body == "" {
				continue
			}
			if s.ascii {
				progs = append(progs, Literal([]byte(s.body), s.flags&NoCase))
			}
			if s.wide {
				progs = append(progs, Literal(Widen([]byte(s.body)), s.flags&NoCase))
			}
		case 'r':
			a, err := Parse(s.body)
			if err != nil {
				continue
			}
			if s.ascii {
				if p, err := Compile(a, s.flags); err == nil {
					progs = append(progs, p)
				}
			}
			if s.wide {
				if p, err := Compile(a, s.flags|Wide); err == nil {
					progs = append(progs, p)
				}
			}
		case 'h':
			a, err := ParseHex(s.body)
			if err != nil {
				continue
			}
			if p, err := Compile(a, 0); err == nil {
				progs = append(progs, p)
			}
		}
	}
	return progs
}

// BenchmarkSigbaseWebshells scans every file of the extracted webshell
// corpus with all the strings of signature-base at once (the workload of
// `yara -r signature-base/yara/*.yar webshell-dev`, pattern scan only).
// Set YINGJI_SIGBASE_GLOB to a file name pattern (e.g. gen_webshells.yar)
// to use a subset of the rule files.
func BenchmarkSigbaseWebshells(b *testing.B) {
	dir := filepath.Join(corpusDir, "signature-base", "yara")
	strs := sigbaseStrings(b, dir)
	if g := os.Getenv("YINGJI_SIGBASE_GLOB"); g != "" {
		strs = nil
		files, _ := filepath.Glob(filepath.Join(dir, g))
		for _, f := range files {
			d := b.TempDir()
			data, _ := os.ReadFile(f)
			os.WriteFile(filepath.Join(d, "x.yar"), data, 0o644)
			strs = append(strs, sigbaseStrings(b, d)...)
		}
	}
	progs := sigbaseProgs(b, strs)
	files := loadTree(b, webshellDir())
	t0 := time.Now()
	set := NewSet(progs)
	b.Logf("%d strings, %d patterns (%d without atom), Set built in %v; %d files", len(strs), len(progs), len(set.NoAtom()), time.Since(t0), len(files))
	tot := 0
	for _, d := range files {
		tot += len(d)
	}
	// YINGJI_BENCH_PAR=n scans with n goroutines (one Scanner each), as
	// yara -p n does; ns/op is then the wall time.
	par, _ := strconv.Atoi(os.Getenv("YINGJI_BENCH_PAR"))
	par = max(par, 1)
	scs := make([]*Scanner, par)
	for i := range scs {
		scs[i] = set.NewScanner()
	}
	b.SetBytes(int64(tot))
	b.ResetTimer()
	var nm atomic.Int64
	cpu0 := cpuTime()
	for b.Loop() {
		nm.Store(0)
		var next atomic.Int64
		var wg sync.WaitGroup
		for _, sc := range scs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= len(files) {
						return
					}
					ms, _, _ := sc.Scan(files[i], ScanOptions{})
					n := 0
					for _, l := range ms {
						n += len(l)
					}
					nm.Add(int64(n))
				}
			}()
		}
		wg.Wait()
	}
	// The machine may be shared: CPU time is the fairer measure.
	cpu := (cpuTime() - cpu0).Seconds() / float64(b.N)
	b.ReportMetric(cpu, "cpu-s/op")
	b.ReportMetric(float64(tot)/cpu/1e6, "cpu-MB/s")
	b.ReportMetric(float64(nm.Load()), "matches")
}

// cpuTime returns the user+system CPU time of the process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
