package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/finding"
)

// TestLogsCommand runs yingji logs over a host root (logs found in their
// places, a rotated copy compressed), over a loose file, and with
// --events.
func TestLogsCommand(t *testing.T) {
	root := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var old bytes.Buffer
	gz := gzip.NewWriter(&old)
	for i := 0; i < 10; i++ {
		fmt.Fprintf(gz, "Mar  1 02:00:%02d web sshd[%d]: Failed password for root from 203.0.113.9 port %d ssh2\n", i*5, 100+i, 50000+i)
	}
	gz.Close()
	write("var/log/auth.log.1.gz", old.Bytes())
	write("var/log/auth.log", []byte("Mar  1 02:01:00 web sshd[200]: Accepted password for root from 203.0.113.9 port 50100 ssh2\n"))
	write("etc/timezone", []byte("Asia/Shanghai\n"))

	code, out, errOut := yingji(t, "logs", "--json", root)
	if code != 1 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	fs, err := finding.ReadJSONL(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var success *finding.Finding
	for i := range fs {
		if fs[i].Rule == "log.ssh_bruteforce_success" {
			success = &fs[i]
		}
	}
	if success == nil || success.Severity != finding.Critical {
		t.Fatalf("no critical brute-force success: %+v", fs)
	}
	// The root's own zone: 02:00 in Shanghai is 18:00 UTC the day before.
	if got := success.Time.UTC().Format("2006-01-02 15:04"); !strings.HasSuffix(got, "-02-28 18:00") {
		t.Errorf("first event at %s UTC, want 18:00 on 28 February (the root's zone, +08:00)", got)
	}

	code, out, _ = yingji(t, "logs", "--lang", "zh-CN", root)
	if code != 1 || !strings.Contains(out, "暴力破解后同一地址 SSH 登录成功") || !strings.Contains(out, "11 条事件") {
		t.Errorf("text output: exit %d\n%s", code, out)
	}

	code, out, _ = yingji(t, "logs", "--events", filepath.Join(root, "var/log/auth.log"))
	if code != 0 {
		t.Fatalf("--events: exit %d", code)
	}
	var e struct {
		Type, User, File string
		SrcIP            string `json:"src_ip"`
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &e); err != nil {
		t.Fatal(err, out)
	}
	if e.Type != "ssh_accepted" || e.User != "root" || e.SrcIP != "203.0.113.9" || e.File != filepath.Join(root, "var/log/auth.log") {
		t.Errorf("event %+v", e)
	}

	// The user's own rules beside the embedded ones; a broken one is
	// reported, and the rest still run.
	rulesDir := filepath.Join(t.TempDir(), "rules")
	os.MkdirAll(rulesDir, 0o755)
	os.WriteFile(filepath.Join(rulesDir, "office.yml"), []byte(`title: Login from the test network
title_zh: 来自测试网段的登录
description: A login from 203.0.113.0/24.
description_zh: 来自 203.0.113.0/24 的登录。
advice: Check it.
advice_zh: 请核实。
category: ABACCESS
confidence: high
tags: [attack.t1078]
logsource: {product: linux, service: sshd}
detection:
    selection:
        type: ssh_accepted
        src_ip|cidr: 203.0.113.0/24
    condition: selection
level: high
`), 0o644)
	os.WriteFile(filepath.Join(rulesDir, "broken.yml"), []byte("title: broken\ndetection: {condition: nothing}\n"), 0o644)
	code, out, errOut = yingji(t, "logs", "--json", "--sigma", rulesDir, root)
	if code != 2 || !strings.Contains(errOut, "broken.yml") || !strings.Contains(out, "Login from the test network") {
		t.Errorf("--sigma: exit %d, stderr %q, findings %q", code, errOut, out)
	}

	code, _, errOut = yingji(t, "logs", filepath.Join(root, "etc"))
	if code != 2 || !strings.Contains(errOut, "no log found") {
		t.Errorf("a directory without logs: exit %d, %q", code, errOut)
	}
}
