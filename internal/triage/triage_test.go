package triage

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/demo"
	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/oplog"
	"github.com/yingji/yingji/internal/report"
)

// needPDF says whether the PDF can be rendered here: in CI it must be.
func needPDF(t *testing.T) bool {
	t.Helper()
	_, errC := report.FindChromium()
	_, errP := exec.LookPath("pdftotext")
	if errC == nil && errP == nil {
		return true
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI: chromium (%v) and pdftotext (%v) are required", errC, errP)
	}
	t.Logf("PDF not checked: chromium %v, pdftotext %v", errC, errP)
	return false
}

// TestTriageDemo runs the whole job on the demonstration host: every
// planted trace ends up in the report, in both languages, and a
// responder's review re-renders it.
func TestTriageDemo(t *testing.T) {
	root := t.TempDir()
	now := time.Now()
	host, err := demo.Build(root, now)
	if err != nil {
		t.Fatal(err)
	}
	pdf := needPDF(t)
	out := filepath.Join(t.TempDir(), "case")
	res, err := Run(context.Background(), Options{
		Root: root, Out: out, Now: now, NoPDF: !pdf, Operator: "tester",
		Case: Case{Customer: host.CustomerZh, Lang: report.LangZh, Importance: "重要", Loss: "较大"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{FindingsFile, IndicatorsFile, TimelineFile, CaseFile, OplogFile, ReportHTML, ReportMarkdown, ReportJSON} {
		if st, err := os.Stat(filepath.Join(out, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty: %v", name, err)
		}
	}
	r := res.Report

	// Every planted trace is reported by one of its checks, and the
	// report carries it.
	rules := map[string]bool{}
	for _, f := range r.Findings {
		rules[f.Rule] = true
	}
	for _, it := range host.Planted {
		found := false
		for _, want := range it.Rules {
			found = found || rules[want]
		}
		if !found {
			t.Errorf("planted %q: none of %v in the report", it.Name, it.Rules)
		}
	}
	// The attacker's address is an indicator; the report is graded.
	ips := map[string]bool{}
	for _, in := range r.Indicators {
		if in.Kind == "ip" {
			ips[in.Value] = true
		}
	}
	for _, a := range host.Attackers {
		if !ips[a] {
			t.Errorf("attacker address %s not among the indicators", a)
		}
	}
	if r.Grade.Level != 4 || len(r.Chain) < 3 || len(r.AttackerTimeline) == 0 || len(r.ResponderTimeline) < 4 || len(r.Recommendations) < 5 {
		t.Errorf("report incomplete: grade %d, chain %d, attacker timeline %d, responder timeline %d, recommendations %d",
			r.Grade.Level, len(r.Chain), len(r.AttackerTimeline), len(r.ResponderTimeline), len(r.Recommendations))
	}
	if r.Window.Start.IsZero() || r.Window.Start.After(host.AttackAt) {
		t.Errorf("incident window %v does not include the break-in at %v", r.Window, host.AttackAt)
	}
	html, _ := os.ReadFile(filepath.Join(out, ReportHTML))
	for _, want := range []string{host.CustomerZh + " 应急响应服务处理报告及安全优化建议", "事件分类与分级", "攻击溯源", "安全优化建议", host.Attackers[0]} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if pdf {
		txt, err := exec.Command("pdftotext", "-layout", filepath.Join(out, ReportPDF), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"应急响应服务处理报告及安全优化建议", host.CustomerZh} {
			if !bytes.Contains(txt, []byte(want)) {
				t.Errorf("report.pdf text lacks %q", want)
			}
		}
	}

	// The timeline holds log events and findings.
	tl, _ := os.ReadFile(filepath.Join(out, TimelineFile))
	if n := bytes.Count(tl, []byte("\n")); n < 100 || !bytes.HasPrefix(tl, []byte("message,datetime,timestamp_desc")) {
		t.Errorf("timeline: %d lines, header %q", n, firstLine(tl))
	}

	// The operation record is intact and names every step.
	data, _ := os.ReadFile(filepath.Join(out, OplogFile))
	vr, err := oplog.Verify(bytes.NewReader(data), res.OplogHead)
	if err != nil || !vr.OK() {
		t.Fatalf("operation record: %v %+v", err, vr)
	}
	for _, step := range []string{"triage.start", "triage.source", "triage.scan", "triage.indicators", "triage.timeline", "triage.report"} {
		if !bytes.Contains(data, []byte(`"action":"`+step+`"`)) {
			t.Errorf("operation record lacks %s", step)
		}
	}

	// A responder dismisses the webshell finding, annotates another, and
	// renders again in English.
	var fs []finding.Finding
	f, _ := os.Open(filepath.Join(out, FindingsFile))
	fs, err = finding.ReadJSONL(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	dismissed := -1
	for i := range fs {
		if fs[i].Rule == "malware.webshell" && dismissed < 0 {
			dismissed = i
			fs[i].Review = &finding.Review{FalsePositive: true, Reason: "the customer's own file manager"}
		} else if fs[i].Severity == finding.Critical {
			fs[i].Review = &finding.Review{Note: "confirmed with the customer"}
		}
	}
	if dismissed < 0 {
		t.Fatal("no webshell finding to dismiss")
	}
	var buf bytes.Buffer
	if err := finding.WriteJSONL(&buf, fs); err != nil {
		t.Fatal(err)
	}
	reviewed := filepath.Join(t.TempDir(), "reviewed.jsonl")
	os.WriteFile(reviewed, buf.Bytes(), 0o644)
	cs, err := ReadCase(out)
	if err != nil {
		t.Fatal(err)
	}
	cs.Lang = report.LangEn
	enOut := filepath.Join(t.TempDir(), "en")
	rd, err := Rerender(context.Background(), out, cs, reviewed, enOut, RenderOptions{NoPDF: true})
	if err != nil {
		t.Fatal(err)
	}
	var fp *report.Finding
	for i := range rd.Report.Findings {
		if rd.Report.Findings[i].FalsePositive {
			fp = &rd.Report.Findings[i]
		}
	}
	if fp == nil || fp.Rule != "malware.webshell" || fp.Reason != "the customer's own file manager" || fp.Number != len(rd.Report.Findings) {
		t.Errorf("dismissed finding: %+v", fp)
	}
	enHTML, _ := os.ReadFile(filepath.Join(enOut, ReportHTML))
	if !bytes.Contains(enHTML, []byte("Incident Response Service Report and Security Recommendations")) || !bytes.Contains(enHTML, []byte("the customer&#39;s own file manager")) ||
		!bytes.Contains(enHTML, []byte("confirmed with the customer")) {
		t.Error("English report lacks its title, the dismissal reason or the note")
	}
	var rj report.Report
	b, _ := os.ReadFile(filepath.Join(enOut, ReportJSON))
	if err := json.Unmarshal(b, &rj); err != nil || rj.Lang != report.LangEn {
		t.Errorf("report.json: %v %q", err, rj.Lang)
	}
	data, _ = os.ReadFile(filepath.Join(out, OplogFile))
	if vr, err := oplog.Verify(bytes.NewReader(data), ""); err != nil || !vr.OK() || !strings.Contains(string(data), `"action":"report.render"`) {
		t.Errorf("re-rendering not recorded in an intact operation record: %v %+v", err, vr)
	}

	// A dismissal without a reason is refused.
	fs[dismissed].Review.Reason = ""
	buf.Reset()
	finding.WriteJSONL(&buf, fs)
	os.WriteFile(reviewed, buf.Bytes(), 0o644)
	if _, err := Rerender(context.Background(), out, cs, reviewed, enOut, RenderOptions{NoPDF: true}); err == nil || !strings.Contains(err.Error(), "without a reason") {
		t.Errorf("dismissal without a reason: %v", err)
	}

	// A case directory is never reused.
	if _, err := Run(context.Background(), Options{Root: root, Out: out}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("second run into the same directory: %v", err)
	}
}
