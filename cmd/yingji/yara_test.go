package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestYaraCommand runs `yingji yara` as a user would: yara's output
// lines, -s, -c, -n, -g/-m, --json, and the exit codes.
func TestYaraCommand(t *testing.T) {
	dir := t.TempDir()
	rules := filepath.Join(dir, "r.yar")
	os.WriteFile(rules, []byte(`rule hello : greet { meta: author = "x" strings: $a = "hello" condition: $a }
rule never { condition: false }
`), 0o644)
	target := filepath.Join(dir, "t")
	os.MkdirAll(filepath.Join(target, "sub"), 0o755)
	os.WriteFile(filepath.Join(target, "a.txt"), []byte("say hello\n"), 0o644)
	os.WriteFile(filepath.Join(target, "sub", "b.txt"), []byte("hello hello"), 0o644)
	a, b := filepath.Join(target, "a.txt"), filepath.Join(target, "sub", "b.txt")

	code, out, errOut := yingji(t, "yara", "-r", "-p", "2", rules, target)
	if code != 0 || !strings.Contains(out, "hello "+a+"\n") || !strings.Contains(out, "hello "+b+"\n") || strings.Contains(out, "never") {
		t.Fatalf("yara -r: %d %q %q", code, out, errOut)
	}
	if code, out, _ = yingji(t, "yara", rules, target); strings.Contains(out, b) || !strings.Contains(out, a) {
		t.Errorf("without -r: %d %q", code, out)
	}
	if _, out, _ = yingji(t, "yara", "-s", rules, b); out != "hello "+b+"\n0x0:$a: hello\n0x6:$a: hello\n" {
		t.Errorf("-s: %q", out)
	}
	if _, out, _ = yingji(t, "yara", "-c", rules, b); out != "1\n" {
		t.Errorf("-c: %q", out)
	}
	if _, out, _ = yingji(t, "yara", "-n", rules, a); out != "never "+a+"\n" {
		t.Errorf("-n: %q", out)
	}
	if _, out, _ = yingji(t, "yara", "-g", "-m", rules, a); out != `hello [greet] [author="x"] `+a+"\n" {
		t.Errorf("-g -m: %q", out)
	}
	if _, out, _ = yingji(t, "yara", "--json", rules, a); !strings.Contains(out, `"rule":"hello"`) || !strings.Contains(out, `"offset":4`) {
		t.Errorf("--json: %q", out)
	}
	bad := filepath.Join(dir, "bad.yar")
	os.WriteFile(bad, []byte("rule ok { condition: true }\nrule bad { condition: $x }\n"), 0o644)
	code, out, errOut = yingji(t, "yara", bad, a)
	if code != 2 || out != "" || !strings.Contains(errOut, "bad.yar:2:") {
		t.Errorf("bad rules: %d %q %q", code, out, errOut)
	}
	if code, out, _ = yingji(t, "yara", "--keep-going", bad, a); code != 0 || out != "ok "+a+"\n" {
		t.Errorf("--keep-going: %d %q", code, out)
	}
	if code, _, errOut = yingji(t, "yara", rules, filepath.Join(dir, "missing")); code != 1 || !strings.Contains(errOut, "error scanning") {
		t.Errorf("missing target: %d %q", code, errOut)
	}
}
