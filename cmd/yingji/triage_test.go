package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/demo"
	"github.com/yingji/yingji/internal/report"
)

// TestTriageDemoCommand is the README's main command (without the PDF,
// which internal/triage's test renders).
func TestTriageDemoCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report")
	code, stdout, stderr := yingji(t, "triage", "--demo", "--no-pdf", "--out", out)
	if code != 0 {
		t.Fatalf("triage --demo: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"报告: " + filepath.Join(out, "report.html"), "PDF not requested", "操作记录末条哈希"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "report.html")); err != nil {
		t.Fatal(err)
	}
	// The same directory again is refused.
	if code, _, stderr := yingji(t, "triage", "--demo", "--no-pdf", "--out", out); code != 2 || !strings.Contains(stderr, "not empty") {
		t.Errorf("reused case directory: exit %d %s", code, stderr)
	}
}

// TestReportFromBundle renders a report from a bundle and the findings of
// yingji scan --json on it, the way a responder works on a bundle a
// customer sent.
func TestReportFromBundle(t *testing.T) {
	root := t.TempDir()
	if _, err := demo.Build(root, time.Now()); err != nil {
		t.Fatal(err)
	}
	zip := filepath.Join(t.TempDir(), "case.zip")
	if code, _, stderr := yingji(t, "collect", "--root", root, "--out", zip, "--priority", "normal"); code != 0 {
		t.Fatalf("collect: %d %s", code, stderr)
	}
	code, findings, stderr := yingji(t, "scan", "--bundle", zip, "--json")
	if code != 1 {
		t.Fatalf("scan: %d %s", code, stderr)
	}
	fpath := filepath.Join(t.TempDir(), "findings.jsonl")
	os.WriteFile(fpath, []byte(findings), 0o644)
	out := filepath.Join(t.TempDir(), "case")
	code, stdout, stderr := yingji(t, "report", "--findings", fpath, "--bundle", zip, "--out", out, "--no-pdf", "--lang", "en", "--customer", "Example Tech", "--importance", "important", "--loss", "serious")
	if code != 0 {
		t.Fatalf("report: %d %s %s", code, stdout, stderr)
	}
	var r report.Report
	b, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.Customer != "Example Tech" || r.Grade.Level != 3 || len(r.Systems) != 1 || r.Systems[0].Name != "web01" || !r.Custody.Verified || r.Custody.Members == 0 {
		t.Errorf("report: customer %q grade %d systems %+v custody %+v", r.Customer, r.Grade.Level, r.Systems, r.Custody)
	}
	// The collection's own record opens the responders' timeline.
	if len(r.ResponderTimeline) < 3 || !strings.Contains(r.ResponderTimeline[0].Summary, "collection") {
		t.Errorf("responder timeline %+v", r.ResponderTimeline)
	}
	// Render it again from the new case in Chinese.
	if code, stdout, stderr := yingji(t, "report", "--case", out, "--no-pdf", "--lang", "zh-CN"); code != 0 || !strings.Contains(stdout, "结论") {
		t.Errorf("report --case: %d %s %s", code, stdout, stderr)
	}
	html, _ := os.ReadFile(filepath.Join(out, "report.html"))
	if !strings.Contains(string(html), "Example Tech 应急响应服务处理报告及安全优化建议") {
		t.Error("re-rendered report is not the Chinese one")
	}
}
