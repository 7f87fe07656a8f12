package yara

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/yara/module/moduletest"
)

// featureData writes the data files the feature rules are run on: text
// with every string form (wide, xor, base64, fullword neighbours), PE- and
// ELF-like headers, an empty file, a run of one byte and random bytes.
func featureData(t *testing.T) string {
	dir := t.TempDir()
	var text bytes.Buffer
	text.WriteString("hello world\nHello World and hElLo wOrLd\n")
	text.WriteString("a word, words, sword, (word) snake_case snakes\n")
	text.Write(widen([]byte("the wideword here ")))
	text.Write(widen([]byte("xwidewordy ")))
	text.WriteString("asciionly\n")
	for _, k := range []byte{0x2a, 0x00} {
		for _, c := range []byte("secret payload") {
			text.WriteByte(c ^ k)
		}
		text.WriteByte('\n')
	}
	for _, c := range widen([]byte("xorwide")) {
		text.WriteByte(c ^ 0x41)
	}
	text.WriteString("\n")
	std := base64.StdEncoding
	for _, prefix := range []string{"", "x", "xy"} {
		text.WriteString(std.EncodeToString([]byte(prefix+"This program cannot be run")) + "\n")
	}
	text.Write(widen([]byte(std.EncodeToString([]byte("This program cannot be run")))))
	custom := base64.NewEncoding("ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgfedcba9876543210+/")
	text.WriteString(custom.EncodeToString([]byte("some hidden text here")) + "\n")
	text.WriteString("tab\there\x00nul\"q\nline1\nline2 line1 line2\n")
	text.WriteString("payload \t data 555-1234 <?php eval (x); <?xml hello\n")
	text.WriteString("xxxxyz aab aaaab aaaaaaaab\nhelo hellllo hello END")
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("text.txt", text.Bytes())
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	write("random.bin", random)
	mz := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), random[:0x78]...)
	mz = append(mz, "PE\x00\x00"...)
	mz = append(mz, random[:2000]...)
	mz = append(mz, "PE\x00\x00 hello world END"...)
	write("mz.bin", mz)
	write("elf.bin", append([]byte("\x7fELF\x02\x01\x01\x00"), random[:512]...))
	// No empty file: yara 4.2.3 cannot map one and reports an error
	// instead of scanning it (we scan it; TestScanEmpty).
	write("aaaa.txt", bytes.Repeat([]byte("a"), 10000))
	write("mixed.bin", bytes.Join([][]byte{mz, text.Bytes(), random[:4096]}, nil))
	return dir
}

var featureExternals = map[string]any{"ext_str": "sample", "ext_int": int64(42), "ext_bool": true, "ext_float": 1.5}

// TestScanFeatures compares, rule file by rule file, the matches and the
// -s string offsets and data of every feature rule with yara's.
func TestScanFeatures(t *testing.T) {
	bin := moduletest.NeedTool(t, "yara")
	dir := featureData(t)
	ruleFiles, _ := filepath.Glob("testdata/scan/*.yar")
	if len(ruleFiles) == 0 {
		t.Fatal("no rule files in testdata/scan")
	}
	for _, rf := range ruleFiles {
		t.Run(filepath.Base(rf), func(t *testing.T) {
			args := append(externalArgs(featureExternals), "-w", "-s", "-r", "-p", "1", rf, dir)
			var stderr bytes.Buffer
			cmd := exec.Command(bin, args...)
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("yara: %v\n%s", err, stderr.Bytes())
			}
			want := groupYaraOutput(string(out))
			got := ourStringsOutput(t, dir, featureExternals, rf)
			compareBlocks(t, want, got)
		})
	}
}

// compareBlocks compares yara's -s output blocks with ours.
func compareBlocks(t *testing.T, want, got map[string]string) {
	t.Helper()
	var keys []string
	for k := range want {
		keys = append(keys, k)
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	n := 0
	for _, k := range keys {
		if want[k] != got[k] {
			if n++; n <= 20 {
				t.Errorf("%s:\nyara:\n%s\nours:\n%s", k, want[k], got[k])
			}
		}
	}
	t.Logf("%d rule matches compared, %d differ", len(keys), n)
}

// TestScanStringsSample compares yara -s output (offsets and data of
// every matched string) of signature-base's webshell rules on a sample of
// the webshell corpus.
func TestScanStringsSample(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	bin := moduletest.NeedTool(t, "yara")
	tree := scanTree(t)
	rules, _ := filepath.Glob(filepath.Join(corpusDir, "signature-base", "yara", "*webshell*.yar"))
	if len(rules) < 10 {
		t.Fatalf("webshell rules: %d files", len(rules))
	}
	// Every fifth file of the malicious PHP, ASP(X) and JSP samples.
	sample := t.TempDir()
	for _, lang := range []string{"php", "asp", "aspx", "jsp"} {
		files, _ := filepath.Glob(filepath.Join(tree, "web", "webshell-dev", "malicious", lang, "*"))
		for i := 0; i < len(files); i += 5 {
			b, err := os.ReadFile(files[i])
			if err == nil {
				err = os.WriteFile(filepath.Join(sample, lang+"-"+filepath.Base(files[i])), b, 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	args := append(externalArgs(sigbaseExternals), "-w", "-s", "-p", "2")
	args = append(args, rules...)
	out, err := exec.Command(bin, append(args, sample)...).Output()
	if err != nil {
		t.Fatalf("yara: %v", err)
	}
	compareBlocks(t, groupYaraOutput(string(out)), ourStringsOutput(t, sample, sigbaseExternals, rules...))
}

// groupYaraOutput splits yara -s output into blocks keyed by "RULE PATH".
func groupYaraOutput(out string) map[string]string {
	m := map[string]string{}
	key := ""
	for _, line := range strings.Split(out, "\n") {
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, "0x") {
			key = line
			m[key] = ""
			continue
		}
		m[key] += line + "\n"
	}
	return m
}

// ourStringsOutput is our -s output, in blocks keyed by "RULE PATH".
func ourStringsOutput(t *testing.T, dir string, ext map[string]any, ruleFiles ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	ourScan(t, ruleFiles, ext, dir, TreeOptions{Workers: 1, Scan: ScanOptions{Strings: true}}, func(path string, m Match) {
		var b strings.Builder
		for _, s := range m.Strings {
			fmt.Fprintf(&b, "0x%x:%s: %s\n", s.Offset, s.ID, FormatMatchData(s))
		}
		out[m.Rule+" "+path] = b.String()
	})
	return out
}

// TestScanFilesShareNamespace compiles two rule files together, the
// second using the rules and module import of the first, as yara does.
func TestScanFilesShareNamespace(t *testing.T) {
	bin := moduletest.NeedTool(t, "yara")
	dir := featureData(t)
	files := []string{"testdata/scan/multi/a.yar", "testdata/scan/multi/b.yar"}
	out, err := exec.Command(bin, append(append([]string{"-w", "-s", "-r"}, files...), dir)...).Output()
	if err != nil {
		t.Fatalf("yara: %v", err)
	}
	want := groupYaraOutput(string(out))
	if len(want) == 0 {
		t.Fatal("yara matched nothing")
	}
	compareBlocks(t, want, ourStringsOutput(t, dir, nil, files...))
}
