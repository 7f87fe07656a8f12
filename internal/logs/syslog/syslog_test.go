package syslog

import (
	"bytes"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // TestDayCache's zones, whatever the machine has

	"github.com/yingji/yingji/internal/event"
)

var ref = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

func parseOne(t *testing.T, line string) *event.Event {
	t.Helper()
	p := NewParser(Options{Reference: ref, Location: time.UTC, File: "auth.log"})
	e, ok := p.ParseLine([]byte(line), 1)
	if !ok {
		t.Fatalf("no event for %q", line)
	}
	return e
}

func TestHeaders(t *testing.T) {
	for _, c := range []struct {
		line, at, host, proc string
		pid                  int
		msg                  string
		guessed              bool
	}{
		{"Mar  1 10:00:01 web1 prog[123]: hello", "2026-03-01T10:00:01Z", "web1", "prog", 123, "hello", true},
		{"Mar 01 10:00:01 web1 prog: hello", "2026-03-01T10:00:01Z", "web1", "prog", 0, "hello", true},
		{"Mar  1 10:00:01.250 web1 prog[1]: x", "2026-03-01T10:00:01.25Z", "web1", "prog", 1, "x", true},
		{"Nov 30 23:59:59 web1 prog[1]: last year", "2025-11-30T23:59:59Z", "web1", "prog", 1, "last year", true},
		{"2026-03-01T10:00:01.123456+08:00 web1 prog[123]: msg", "2026-03-01T10:00:01.123456+08:00", "web1", "prog", 123, "msg", false},
		{"2026-03-01T10:00:01+0800 web1 prog[123]: short-iso", "2026-03-01T10:00:01+08:00", "web1", "prog", 123, "short-iso", false},
		{"2026-03-01T10:00:01 web1 prog: nozone", "2026-03-01T10:00:01Z", "web1", "prog", 0, "nozone", true},
		{"<34>1 2026-03-01T10:00:01.003Z host app 123 ID47 [ex@1 a=\"x]y\"] the msg", "2026-03-01T10:00:01.003Z", "host", "app", 123, "the msg", false},
		{"1 2026-03-01T10:00:01Z host app - - - no pri", "2026-03-01T10:00:01Z", "host", "app", 0, "no pri", false},
		{"<13>1 - - - - - -", "0001-01-01T00:00:00Z", "", "", 0, "", false},
		{"<13>Mar  1 10:00:01 h p[2]: pri 3164", "2026-03-01T10:00:01Z", "h", "p", 2, "pri 3164", true},
		{"Mar  1 10:00:01 sshd[9]: no host", "2026-03-01T10:00:01Z", "", "sshd", 9, "no host", true},
		{"Mar  1 10:00:01 h Job `cron.daily' terminated", "2026-03-01T10:00:01Z", "h", "", 0, "Job `cron.daily' terminated", true},
		{"Nov 18 01:15:43: --- last message repeated 5 times ---", "2025-11-18T01:15:43Z", "", "", 0, "--- last message repeated 5 times ---", true},
		{"Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown", "2025-06-14T15:16:01Z", "combo", "sshd", 19939, "check pass; user unknown", true},
		{"Mar  1 10:00:01 h /usr/sbin/cron[5]: (root) CMD (x)", "2026-03-01T10:00:01Z", "h", "/usr/sbin/cron", 5, "(root) CMD (x)", true},
	} {
		e := parseOne(t, c.line)
		at := e.At.Format(time.RFC3339Nano)
		if at != c.at || e.Host != c.host || e.Process != c.proc || e.PID != c.pid || e.Message != c.msg || e.TimeGuessed != c.guessed {
			t.Errorf("%q:\n got %s %q %q %d %q %v\nwant %s %q %q %d %q %v", c.line, at, e.Host, e.Process, e.PID, e.Message, e.TimeGuessed,
				c.at, c.host, c.proc, c.pid, c.msg, c.guessed)
		}
		if e.Raw != c.line || e.File != "auth.log" || e.Line != 1 {
			t.Errorf("%q: raw/file/line %q %q %d", c.line, e.Raw, e.File, e.Line)
		}
	}
}

func TestUnparsed(t *testing.T) {
	p := NewParser(Options{Reference: ref, Location: time.UTC, Host: "evidence"})
	for _, l := range []string{"MMM 22 07:54:32 h a[1]: x", "Mar 23 Wrong line", "garbage", "2026-13-01T00:00:00Z h p: x",
		"Feb 30 10:00:00 h p: x", "<999999>1 x", "-- Boot 1234 --"} {
		e, ok := p.ParseLine([]byte(l), 7)
		if !ok || e.Raw != l || !e.At.IsZero() || e.Source != event.SourceSyslog || e.Message != l || e.Host != "evidence" {
			t.Errorf("%q: %v %+v", l, ok, e)
		}
	}
	if _, ok := p.ParseLine([]byte("\r\n"), 8); ok {
		t.Error("an empty line gave an event")
	}
	if s := p.Stats(); s.Lines != 8 || s.Unparsed != 7 || s.Empty != 1 || s.Parsed != 0 {
		t.Errorf("stats %+v", s)
	}
}

func TestYearInference(t *testing.T) {
	// reference: the file was last written in February 2026
	p := NewParser(Options{Reference: time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC), Location: time.UTC})
	want := []string{
		"Nov 30 10:00:00", "2025-11-30", // after February: last year
		"Dec 31 23:59:59", "2025-12-31",
		"Nov 29 10:00:00", "2025-11-29", // one month back: out of order, same year
		"Jan  1 00:00:01", "2026-01-01", // back more than a month: next year
		"Feb  9 00:00:00", "2026-02-09",
	}
	for i := 0; i < len(want); i += 2 {
		e, _ := p.ParseLine([]byte(want[i]+" h p: x"), int64(i))
		if got := e.At.Format("2006-01-02"); got != want[i+1] || !e.TimeGuessed {
			t.Errorf("%s: got %s, want %s", want[i], got, want[i+1])
		}
	}
	// ISO lines keep their year and do not move the inferred one
	e, _ := p.ParseLine([]byte("2019-07-01T00:00:00Z h p: x"), 20)
	if e.At.Year() != 2019 || e.TimeGuessed {
		t.Errorf("iso: %v", e.At)
	}
	// the zone of RFC 3164 lines is Options.Location
	loc := time.FixedZone("CST", 8*3600)
	p = NewParser(Options{Reference: time.Date(2026, 2, 10, 0, 0, 0, 0, loc), Location: loc})
	e, _ = p.ParseLine([]byte("Feb  1 08:00:00 h p: x"), 1)
	if !e.At.Equal(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("zone: %v", e.At)
	}
}

type want struct {
	source, typ, user, target, ip string
	port                          int
	fields                        map[string]string
	f2b                           bool
}

func TestPrograms(t *testing.T) {
	const h = "Mar  1 10:00:01 host "
	for _, c := range []struct {
		line string
		w    want
	}{
		// sshd
		{h + "sshd[1]: Failed password for root from 1.2.3.4 port 22 ssh2", want{"sshd", event.TypeSSHFailed, "root", "", "1.2.3.4", 22, map[string]string{"auth_method": "password"}, true}},
		{h + "sshd[1]: Failed password for invalid user admin from 2001:db8::1 port 5 ssh2", want{"sshd", event.TypeSSHInvalidUser, "admin", "", "2001:db8::1", 5, map[string]string{"auth_method": "password"}, true}},
		{h + "sshd[1]: Failed password for invalid user  from 1.2.3.4 port 5 ssh2", want{"sshd", event.TypeSSHInvalidUser, "", "", "1.2.3.4", 5, nil, true}},
		{h + "sshd[1]: Failed none for invalid user x from 1.2.3.4 port 5 ssh2", want{"sshd", event.TypeSSHInvalidUser, "x", "", "1.2.3.4", 5, map[string]string{"auth_method": "none"}, true}},
		{h + "sshd[1]: Failed keyboard-interactive/pam for bob from 1.2.3.4 port 5 ssh2", want{"sshd", event.TypeSSHFailed, "bob", "", "1.2.3.4", 5, map[string]string{"auth_method": "keyboard-interactive/pam"}, true}},
		{h + "sshd[1]: Failed publickey for bob from 1.2.3.4 port 5 ssh2: RSA SHA256:abc", want{"sshd", event.TypeSSHFailed, "bob", "", "1.2.3.4", 5, map[string]string{"auth_method": "publickey", "key_type": "RSA", "key_fingerprint": "SHA256:abc"}, false}},
		{h + "sshd[1]: Failed publickey for invalid user bob from 1.2.3.4 port 5 ssh2: ED25519 SHA256:abc", want{"sshd", event.TypeSSHInvalidUser, "bob", "", "1.2.3.4", 5, nil, true}},
		{h + "sshd[1]: Accepted publickey for ubuntu from 85.245.107.41 port 54259 ssh2: RSA SHA256:Kl8k", want{"sshd", event.TypeSSHAccepted, "ubuntu", "", "85.245.107.41", 54259, map[string]string{"auth_method": "publickey", "key_type": "RSA", "key_fingerprint": "SHA256:Kl8k"}, false}},
		{h + "sshd[1]: Accepted password for a from 1.2.3.4 port 2 ssh2", want{"sshd", event.TypeSSHAccepted, "a", "", "1.2.3.4", 2, map[string]string{"auth_method": "password"}, false}},
		{h + "sshd[1]: Invalid user oracle from 1.2.3.4 port 4", want{"sshd", event.TypeSSHInvalidUser, "oracle", "", "1.2.3.4", 4, nil, true}},
		{h + "sshd[1]: Invalid user  from 1.2.3.4", want{"sshd", event.TypeSSHInvalidUser, "", "", "1.2.3.4", 0, nil, true}},
		{h + "sshd[1]: input_userauth_request: invalid user oracle [preauth]", want{"sshd", "", "oracle", "", "", 0, nil, false}},
		{h + "sshd[1]: Connection closed by 1.2.3.4 port 9 [preauth]", want{"sshd", event.TypeSSHDisconnect, "", "", "1.2.3.4", 9, nil, false}},
		{h + "sshd[1]: Connection closed by invalid user x 1.2.3.4 port 9 [preauth]", want{"sshd", event.TypeSSHDisconnect, "x", "", "1.2.3.4", 9, nil, false}},
		{h + "sshd[1]: Connection closed by authenticating user root 1.2.3.4 port 9 [preauth]", want{"sshd", event.TypeSSHDisconnect, "root", "", "1.2.3.4", 9, nil, false}},
		{h + "sshd[1]: Disconnected from user root 1.2.3.4 port 9", want{"sshd", event.TypeSSHDisconnect, "root", "", "1.2.3.4", 9, nil, false}},
		{h + "sshd[1]: Received disconnect from 1.2.3.4 port 9:11: Bye Bye [preauth]", want{"sshd", event.TypeSSHDisconnect, "", "", "1.2.3.4", 9, nil, false}},
		{h + "sshd[1]: Received disconnect from 1.2.3.4 port 9:3: com.jcraft.jsch.JSchException: Auth fail [preauth]", want{"sshd", event.TypeSSHFailed, "", "", "1.2.3.4", 9, nil, true}},
		{h + "sshd[1]: error: maximum authentication attempts exceeded for invalid user x from 1.2.3.4 port 9 ssh2 [preauth]", want{"sshd", event.TypeSSHMaxAuth, "x", "", "1.2.3.4", 9, nil, true}},
		{h + "sshd[1]: Disconnecting: Too many authentication failures [preauth]", want{"sshd", event.TypeSSHMaxAuth, "", "", "", 0, nil, false}}, // no address known: pending
		{h + "sshd[1]: Disconnecting invalid user x 1.2.3.4 port 9: Too many authentication failures [preauth]", want{"sshd", event.TypeSSHMaxAuth, "x", "", "1.2.3.4", 9, nil, false}},
		{h + "sshd[1]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root", want{"sshd", event.TypeSSHMaxAuth, "root", "", "1.2.3.4", 0, map[string]string{"tty": "ssh"}, false}},
		{h + "sshd[1]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=host.example.com  user=root", want{"sshd", "", "root", "", "host.example.com", 0, nil, false}},
		{h + "sshd[1]: pam_unix(sshd:session): session opened for user bob(uid=1000) by (uid=0)", want{"sshd", event.TypeSessionOpen, "bob", "", "", 0, nil, false}},
		{h + "sshd[1]: pam_unix(sshd:session): session closed for user bob", want{"sshd", event.TypeSessionClose, "bob", "", "", 0, nil, false}},
		{h + "sshd[1]: message repeated 5 times: [ Failed password for root from 1.2.3.4 port 22 ssh2]", want{"sshd", event.TypeSSHFailed, "root", "", "1.2.3.4", 22, map[string]string{"repeat": "5"}, false}},
		{h + "sshd[1]: Did not receive identification string from 1.2.3.4 port 7", want{"sshd", "", "", "", "1.2.3.4", 7, nil, false}},
		{h + "sshd[1]: Bad protocol version identification 'GET / HTTP/1.1' from 1.2.3.4 port 7", want{"sshd", "", "", "", "1.2.3.4", 7, nil, false}},
		{h + "sshd[1]: fatal: Unable to negotiate with 1.2.3.4 port 7: no matching cipher found. [preauth]", want{"sshd", "", "", "", "1.2.3.4", 7, nil, false}},
		{h + "sshd[1]: reverse mapping checking getaddrinfo for x.example [5.6.7.8] failed - POSSIBLE BREAK-IN ATTEMPT!", want{"sshd", "", "", "", "5.6.7.8", 0, nil, false}},
		{h + "sshd[1]: Address 5.6.7.8 maps to x.example, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!", want{"sshd", "", "", "", "5.6.7.8", 0, nil, false}},
		{h + "sshd[1]: User bob from 1.2.3.4 not allowed because not listed in AllowUsers", want{"sshd", event.TypeSSHFailed, "bob", "", "1.2.3.4", 0, nil, true}},
		{h + "sshd[1]: error: PAM: Authentication failure for root from 1.2.3.4", want{"sshd", event.TypeSSHFailed, "root", "", "1.2.3.4", 0, nil, true}},
		{h + "sshd[1]: ROOT LOGIN REFUSED FROM 1.2.3.4", want{"sshd", event.TypeSSHFailed, "root", "", "1.2.3.4", 0, nil, true}},
		{h + "sshd-session[1]: Failed password for root from 1.2.3.4 port 22 ssh2", want{"sshd", event.TypeSSHFailed, "root", "", "1.2.3.4", 22, nil, true}},
		{h + "sshd(pam_unix)[123]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=1.2.3.4  user=root", want{"sshd", event.TypeSSHFailed, "root", "", "1.2.3.4", 0, map[string]string{"tty": "NODEVssh"}, false}},
		{h + "sshd(pam_unix)[123]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=n219076184117.netvigator.com ", want{"sshd", event.TypeSSHFailed, "", "", "n219076184117.netvigator.com", 0, nil, false}},
		{h + "sshd(pam_unix)[123]: check pass; user unknown", want{"sshd", event.TypeSSHInvalidUser, "", "", "", 0, nil, false}},
		// sudo
		{h + "sudo:   ubuntu : TTY=pts/0 ; PWD=/home/ubuntu ; USER=root ; COMMAND=/bin/sh -c 'a ; b'", want{"sudo", event.TypeSudo, "ubuntu", "root", "", 0, map[string]string{"tty": "pts/0", "cwd": "/home/ubuntu", "command": "/bin/sh -c 'a ; b'"}, false}},
		{h + "sudo: alice : 3 incorrect password attempts ; TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/bin/bash", want{"sudo", event.TypeSudoFailed, "alice", "root", "", 0, map[string]string{"command": "/bin/bash"}, false}},
		{h + "sudo: mallory : user NOT in sudoers ; TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/bin/id", want{"sudo", event.TypeSudoFailed, "mallory", "root", "", 0, nil, false}},
		{h + "sudo: pam_unix(sudo:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/1 ruser=alice rhost=  user=alice", want{"sudo", event.TypeSudoFailed, "alice", "", "", 0, map[string]string{"tty": "/dev/pts/1"}, false}},
		{h + "sudo: pam_unix(sudo:session): session opened for user root by ubuntu(uid=0)", want{"sudo", event.TypeSessionOpen, "ubuntu", "root", "", 0, nil, false}},
		// su
		{h + "su[9]: Successful su for root by alice", want{"su", event.TypeSu, "alice", "root", "", 0, nil, false}},
		{h + "su[9]: FAILED su for root by alice", want{"su", event.TypeSuFailed, "alice", "root", "", 0, nil, false}},
		{h + "su[9]: (to root) alice on pts/0", want{"su", event.TypeSu, "alice", "root", "", 0, map[string]string{"tty": "pts/0"}, false}},
		{h + "su[9]: + /dev/pts/0 alice:root", want{"su", event.TypeSu, "alice", "root", "", 0, nil, false}},
		{h + "su[9]: pam_unix(su-l:auth): authentication failure; logname=alice uid=1000 euid=0 tty=pts/0 ruser=alice rhost=  user=root", want{"su", event.TypeSuFailed, "alice", "root", "", 0, nil, false}},
		{h + "su[9]: pam_unix(su:session): session opened for user root by alice(uid=1000)", want{"su", event.TypeSessionOpen, "alice", "root", "", 0, nil, false}},
		// accounts
		{h + "useradd[7]: new user: name=x, UID=0, GID=0, home=/home/x, shell=/bin/bash, from=/dev/pts/0", want{"account", event.TypeUserAdd, "", "x", "", 0, map[string]string{"uid": "0", "home": "/home/x", "shell": "/bin/bash"}, false}},
		{h + "groupadd[7]: new group: name=backdoor, GID=0", want{"account", event.TypeGroupAdd, "", "", "", 0, map[string]string{"group": "backdoor"}, false}},
		{h + "usermod[7]: add 'x' to group 'sudo'", want{"account", event.TypeGroupAdd, "", "x", "", 0, map[string]string{"group": "sudo"}, false}},
		{h + "usermod[7]: add 'x' to shadow group 'sudo'", want{"account", event.TypeGroupAdd, "", "x", "", 0, map[string]string{"group": "sudo"}, false}},
		{h + "usermod[7]: change user 'x' shell from '/bin/sh' to '/bin/bash'", want{"account", event.TypeUserMod, "", "x", "", 0, map[string]string{"shell": "/bin/bash"}, false}},
		{h + "userdel[7]: delete user 'x'", want{"account", event.TypeUserDel, "", "x", "", 0, nil, false}},
		{h + "passwd[7]: password changed for x", want{"account", event.TypePasswordChange, "", "x", "", 0, nil, false}},
		{h + "passwd[7]: pam_unix(passwd:chauthtok): password changed for x", want{"account", event.TypePasswordChange, "", "x", "", 0, nil, false}},
		{h + "chpasswd[7]: pam_unix(chpasswd:chauthtok): password changed for elastic_user_0", want{"account", event.TypePasswordChange, "", "elastic_user_0", "", 0, nil, false}},
		{h + "chage[7]: changed password expiry for x", want{"account", event.TypePasswordChange, "", "x", "", 0, nil, false}},
		// cron, systemd, kernel
		{h + "CRON[123]: (root) CMD (cd / && run-parts --report /etc/cron.hourly)", want{"cron", event.TypeCronCommand, "root", "", "", 0, map[string]string{"command": "cd / && run-parts --report /etc/cron.hourly"}, false}},
		{h + "CRON[123]: pam_unix(cron:session): session opened for user root by (uid=0)", want{"cron", event.TypeSessionOpen, "root", "", "", 0, nil, false}},
		{h + "systemd[1]: Started Session 12 of User alice.", want{"systemd", event.TypeServiceStart, "alice", "", "", 0, map[string]string{"unit": "Session 12 of User alice"}, false}},
		{h + "systemd[1]: Started session-3.scope - Session 3 of User bob.", want{"systemd", event.TypeServiceStart, "bob", "", "", 0, map[string]string{"unit": "session-3.scope"}, false}},
		{h + "systemd[1]: Stopped nginx.service.", want{"systemd", event.TypeServiceStop, "", "", "", 0, map[string]string{"unit": "nginx.service"}, false}},
		{h + "systemd[1]: Starting Daily apt upgrade...", want{"systemd", "", "", "", "", 0, map[string]string{"unit": "Daily apt upgrade"}, false}},
		{h + "systemd-logind[5]: New session 1 of user ubuntu.", want{"systemd", event.TypeSessionOpen, "ubuntu", "", "", 0, nil, false}},
		{h + "kernel: [12345.678] usb 1-1: new device", want{"kernel", event.TypeKernel, "", "", "", 0, nil, false}},
		{h + "login[5]: pam_unix(login:auth): authentication failure; logname=LOGIN uid=0 euid=0 tty=tty1 ruser= rhost=  user=root", want{"syslog", event.TypeAuthFailure, "root", "", "", 0, nil, false}},
		{h + "anything[5]: else", want{"syslog", "", "", "", "", 0, nil, false}},
	} {
		e := parseOne(t, c.line)
		w := c.w
		if e.Source != w.source || e.Type != w.typ || e.User != w.user || e.TargetUser != w.target || e.SrcIP != w.ip || e.SrcPort != w.port || IsAuthFailure(e) != w.f2b {
			t.Errorf("%s\n got %s %q u=%q t=%q %s:%d f2b=%v", c.line, e.Source, e.Type, e.User, e.TargetUser, e.SrcIP, e.SrcPort, IsAuthFailure(e))
		}
		for k, v := range w.fields {
			if got := e.Fields[k]; got != v {
				t.Errorf("%s\n field %s = %q, want %q", c.line, k, got, v)
			}
		}
	}
	if e := parseOne(t, "Mar  1 10:00:01 h kernel: [12345.678] usb 1-1: new device"); e.Message != "usb 1-1: new device" {
		t.Errorf("kernel message %q", e.Message)
	}
	if e := parseOne(t, "Mar  1 10:00:01 h sshd[1]: message repeated 5 times: [ Failed password for root from 1.2.3.4 port 22 ssh2]"); Repeat(e) != 5 {
		t.Errorf("repeat %d", Repeat(e))
	}
}

// TestConnectionState checks fail2ban's per-connection rules: an address
// learned from an earlier line of the same sshd, a pending failure and
// the forgetting of a connection. The expected failures are those of
// fail2ban-regex -r -o row on these lines (fail2ban 1.0.2, sshd.conf).
func TestConnectionState(t *testing.T) {
	lines := []struct {
		line string
		ip   string
		f2b  bool
	}{
		{"sshd[10]: error: maximum authentication attempts exceeded for root from 1.2.3.4 port 1 ssh2 [preauth]", "1.2.3.4", true},
		{"sshd[10]: Disconnecting: Too many authentication failures [preauth]", "1.2.3.4", true}, // address of pid 10
		{"sshd[11]: Disconnecting: Too many authentication failures [preauth]", "", false},       // unknown: pending
		{"sshd[11]: Connection closed by 5.6.7.8 port 2 [preauth]", "5.6.7.8", true},             // the pending failure is counted here
		{"sshd[11]: Disconnecting: Too many authentication failures [preauth]", "", false},       // forgotten
		{"sshd[12]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=9.9.9.9  user=a", "9.9.9.9", false},
		{"sshd[12]: Failed password for a from 9.9.9.9 port 3 ssh2", "9.9.9.9", true},
		{"sshd[12]: Failed password for b from 9.9.9.9 port 3 ssh2", "9.9.9.9", true},
		{"sshd[12]: Connection closed by authenticating user b 9.9.9.9 port 3 [preauth]", "9.9.9.9", true}, // two users in one connection
		{"sshd[13]: Invalid user x from 7.7.7.7 port 4", "7.7.7.7", true},
		{"sshd[13]: Accepted password for x from 7.7.7.7 port 4 ssh2", "7.7.7.7", false},
		{"sshd[13]: Received signal 15; terminating.", "", false}, // forgotten by the login
	}
	p := NewParser(Options{Reference: ref, Location: time.UTC})
	for i, l := range lines {
		e, _ := p.ParseLine([]byte("Mar  1 10:00:01 h "+l.line), int64(i+1))
		if e.SrcIP != l.ip || IsAuthFailure(e) != l.f2b {
			t.Errorf("line %d %s: ip %q f2b %v", i+1, l.line, e.SrcIP, IsAuthFailure(e))
		}
	}
	// the table keeps at most maxConns connections, first in first out
	for i := 0; i < 3*maxConns; i++ {
		p.ParseLine([]byte("Mar  1 10:00:01 h sshd["+itoa(1000+i)+"]: Invalid user x from 1.1.1.1 port 4"), 100)
	}
	if n := p.conns.n; n != maxConns || len(p.conns.order) > 4*maxConns+1 {
		t.Errorf("conns %d, order %d", n, len(p.conns.order))
	}
	e, _ := p.ParseLine([]byte("Mar  1 10:00:01 h sshd[1000]: Disconnecting: Too many authentication failures [preauth]"), 101)
	if e.SrcIP != "" {
		t.Errorf("evicted connection still known: %q", e.SrcIP)
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

func TestScanLongLinesAndContinuations(t *testing.T) {
	var in bytes.Buffer
	in.WriteString("Mar  1 10:00:01 h p[1]: first\n")
	in.WriteString("\tcontinued\n")
	in.WriteString("Mar  1 10:00:02 h p[1]: " + strings.Repeat("A", 3*MaxLine) + "\n")
	in.WriteString("\n")
	in.WriteString("Mar  1 10:00:03 h p[1]: last without newline")
	p := NewParser(Options{Reference: ref, Location: time.UTC, File: "f"})
	var got []*event.Event
	if err := p.Scan(&in, func(e *event.Event) error { got = append(got, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("%d events", len(got))
	}
	if got[1].Message != "continued" || got[1].Process != "p" || !got[1].At.Equal(got[0].At) || got[1].Line != 2 {
		t.Errorf("continuation %+v", got[1])
	}
	if len(got[2].Raw) != MaxLine || got[2].Fields[event.FieldTruncated] != "true" || got[2].Line != 3 {
		t.Errorf("long line: %d bytes, %v", len(got[2].Raw), got[2].Fields)
	}
	if got[3].Message != "last without newline" || got[3].Line != 5 {
		t.Errorf("last %+v", got[3])
	}
	if s := p.Stats(); s.Lines != 5 || s.Parsed != 4 || s.Continued != 1 || s.Truncated != 1 || s.Empty != 1 || s.Unparsed != 0 {
		t.Errorf("stats %+v", s)
	}
	stop := errors("stop")
	if err := NewParser(Options{}).Scan(strings.NewReader("a\nb\n"), func(*event.Event) error { return stop }); err != stop {
		t.Errorf("callback error: %v", err)
	}
}

type errors string

func (e errors) Error() string { return string(e) }

// TestDayCache checks the day cache against time.Date in zones with
// daylight saving changes (at 02:00, at midnight, by half an hour).
func TestDayCache(t *testing.T) {
	for _, name := range []string{"UTC", "America/New_York", "Europe/Berlin", "America/Santiago", "Australia/Lord_Howe", "Asia/Shanghai"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		var c dayCache
		for day := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() == 2023; day = day.AddDate(0, 0, 1) {
			y, m, d := day.Date()
			for _, hms := range [][3]int{{0, 0, 0}, {0, 30, 1}, {1, 59, 59}, {2, 0, 0}, {2, 30, 0}, {3, 0, 0}, {12, 0, 0}, {23, 59, 59}} {
				want := time.Date(y, m, d, hms[0], hms[1], hms[2], 5, loc)
				if got := c.date(y, int(m), d, hms[0], hms[1], hms[2], 5, loc); got != want {
					t.Fatalf("%s %d-%02d-%02d %v: got %v, want %v", name, y, m, d, hms, got, want)
				}
			}
		}
	}
}

// A line that fails after the year inference may move it: the time of
// the line before is then not reused for the same 15 bytes.
func TestSameTimeAfterFailedLine(t *testing.T) {
	lines := []string{"Apr 10 10:00:00 h a: x", "Nov 31 10:00:00 h a: x", "Feb 30 10:00:00 h a: x",
		"Apr 31 10:00:00 h a: x", "Apr 10 10:00:00 h a: x", "Apr 10 10:00:00 h a: y"}
	ref := time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC)
	cached, fresh := NewParser(Options{Reference: ref, Location: time.UTC}), NewParser(Options{Reference: ref, Location: time.UTC})
	for i, l := range lines {
		fresh.last.ok = false
		a, _ := cached.ParseLine([]byte(l), int64(i+1))
		b, _ := fresh.ParseLine([]byte(l), int64(i+1))
		if !a.At.Equal(b.At) {
			t.Errorf("line %d: %v, read anew %v", i+1, a.At, b.At)
		}
	}
}

func TestIndexParenColon(t *testing.T) {
	for _, s := range []string{"", ")", "):", "a):b", "a)b):", "))::", ")a):", "pam_unix(sshd:auth): x", "x)", ":)", "a)"} {
		if got, want := indexParenColon(s), strings.Index(s, "):"); got != want {
			t.Errorf("indexParenColon(%q) = %d, want %d", s, got, want)
		}
	}
}
