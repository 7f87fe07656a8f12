package logs

import (
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/finding"
)

func TestNewLoginAddress(t *testing.T) {
	d := detector(t)
	// deploy logs in by day from the office, four times; then once from
	// elsewhere.
	for i := 0; i < 4; i++ {
		d.Event(sshd(36000+i*3600, event.TypeSSHAccepted, "deploy", "198.51.100.4"))
	}
	d.Event(sshd(36000+5*3600, event.TypeSSHAccepted, "deploy", "203.0.113.77"))
	// A new account's first logins are not "new addresses".
	d.Event(sshd(36000+6*3600, event.TypeSSHAccepted, "alice", "192.0.2.10"))
	d.Event(sshd(36000+7*3600, event.TypeSSHAccepted, "alice", "192.0.2.11"))
	got := byRule(d.Findings())
	f, ok := got["log.new_login_address"]
	if !ok || !strings.Contains(f.Description, "deploy logged in from 203.0.113.77") || f.Evidence[0].Fields["src_ip"] != "203.0.113.77" {
		t.Errorf("new address: %+v", f)
	}
	if _, dup := got["log.new_login_address#2"]; dup {
		t.Error("alice's first logins were reported")
	}
	if _, ok := got["log.night_root_login"]; ok {
		t.Error("day-time logins reported as night logins")
	}
}

func TestNightRootLogin(t *testing.T) {
	d := detector(t)
	d.Event(sshd(3*3600, event.TypeSSHAccepted, "root", "198.51.100.4")) // 05:00 CST is t0+3h
	d.Event(sshd(0, event.TypeSSHAccepted, "root", "198.51.100.4"))      // 02:00 CST
	n := 0
	for _, f := range d.Findings() {
		if f.Rule == "log.night_root_login" {
			n++
			if !strings.Contains(f.Description, "02:00") {
				t.Errorf("night login: %s", f.Description)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d night-login findings, want 1 (02:00, not 05:00)", n)
	}
}

func TestWebshellAccess(t *testing.T) {
	d := detector(t)
	const ua = "Mozilla/5.0"
	post := func(sec int, ip, target string) *event.Event {
		e := web(sec, ip, target, ua, 200)
		e.Fields[event.FieldMethod] = "POST"
		return e
	}
	// The site: pages browsed by many; a login form posted by its users.
	for i := 0; i < 50; i++ {
		ip := "198.51.100." + string(rune('0'+i%10))
		d.Event(web(i, ip, "/index.php?p="+string(rune('a'+i%26)), ua, 200))
		d.Event(post(i, ip, "/login.php"))
	}
	// The webshell: posted to by one address only.
	for i := 0; i < 6; i++ {
		d.Event(post(100+i, "203.0.113.66", "/uploads/2026/03/thumb.php"))
	}
	// A page only one address used, by GET: not the pattern.
	for i := 0; i < 6; i++ {
		d.Event(web(200+i, "203.0.113.67", "/admin/report.php", ua, 200))
	}
	var hits []finding.Finding
	for _, f := range d.Findings() {
		if f.Rule == "log.webshell_access" {
			hits = append(hits, f)
		}
	}
	if len(hits) != 1 || hits[0].Evidence[0].Fields["script"] != "/uploads/2026/03/thumb.php" ||
		!strings.Contains(hits[0].Description, "only from 203.0.113.66") || hits[0].Time == nil || !hits[0].Time.Equal(t0.Add(100*time.Second)) {
		t.Errorf("webshell access: %+v", hits)
	}
}

func TestNewLoginKey(t *testing.T) {
	d := detector(t)
	key := func(sec int, ip, fp string) *event.Event {
		e := sshd(sec, event.TypeSSHAccepted, "deploy", ip)
		e.Set(event.FieldAuthMethod, "publickey")
		e.Set(event.FieldKeyFingerprint, fp)
		return e
	}
	for i := 0; i < 4; i++ {
		d.Event(key(36000+i*3600, "198.51.100.4", "SHA256:team"))
	}
	d.Event(key(36000+5*3600, "198.51.100.4", "SHA256:intruder"))
	d.Event(key(36000+6*3600, "198.51.100.4", "SHA256:intruder")) // reported once
	n := 0
	for _, f := range d.Findings() {
		if f.Rule == "log.new_login_key" {
			n++
			if f.Severity != finding.High || !strings.Contains(f.Description, "with the key SHA256:intruder") {
				t.Errorf("new key: %s", f.Description)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d new-key findings, want 1", n)
	}
}
