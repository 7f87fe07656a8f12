package check

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/source"
)

// testRoot is a minimal, clean Debian-like target root in a temporary
// directory, with a dpkg database that owns its system files. Scenarios plant
// one technique in it and assert what the checks report.
type testRoot struct {
	t    *testing.T
	dir  string
	pkgs map[string][]string // package -> owned absolute paths
	now  time.Time
}

// elf is a stand-in for a binary: a real ELF header and some bytes.
func fakeELF(name string) string {
	return "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00" + strings.Repeat(name, 20)
}

// baseFiles is the clean root: package -> path -> content. Paths under
// "-" are not owned by any package (local configuration, logs, homes).
var baseFiles = map[string]map[string]string{
	"base-files": {
		"/etc/os-release": "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n",
		"/etc/issue":      "Debian GNU/Linux 12 \\n \\l\n",
		"/etc/profile": "if [ \"$(id -u)\" -eq 0 ]; then\n  PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\nelse\n  PATH=\"/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games\"\nfi\nexport PATH\n" +
			"if [ -d /etc/profile.d ]; then\n  for i in /etc/profile.d/*.sh; do\n    if [ -r $i ]; then\n      . $i\n    fi\n  done\n  unset i\nfi\n",
		"/etc/update-motd.d/10-uname": "#!/bin/sh\nuname -snrvm\n",
		"/etc/host.conf":              "multi on\n",
	},
	"bash": {
		"/etc/bash.bashrc":                  "[ -z \"$PS1\" ] && return\nshopt -s checkwinsize\nPS1='${debian_chroot:+($debian_chroot)}\\u@\\h:\\w\\$ '\n",
		"/etc/skel/.bashrc":                 "case $- in *i*) ;; *) return;; esac\nHISTCONTROL=ignoreboth\nHISTSIZE=1000\nHISTFILESIZE=2000\nalias ls='ls --color=auto'\n",
		"/etc/skel/.profile":                "if [ -n \"$BASH_VERSION\" ]; then\n  if [ -f \"$HOME/.bashrc\" ]; then\n    . \"$HOME/.bashrc\"\n  fi\nfi\n",
		"/usr/bin/bash":                     fakeELF("bash"),
		"/etc/profile.d/bash_completion.sh": "if [ -n \"${BASH_VERSION-}\" -a -n \"${PS1-}\" ]; then\n  . /usr/share/bash-completion/bash_completion\nfi\n",
	},
	"coreutils": {"/usr/bin/ls": fakeELF("ls"), "/usr/bin/cat": fakeELF("cat"), "/usr/bin/id": fakeELF("id"), "/usr/bin/sleep": fakeELF("sleep")},
	"procps":    {"/usr/bin/ps": fakeELF("ps"), "/usr/bin/top": fakeELF("top"), "/usr/bin/w": fakeELF("w")},
	"iproute2":  {"/usr/bin/ss": fakeELF("ss"), "/usr/bin/ip": fakeELF("ip")},
	"net-tools": {"/usr/bin/netstat": fakeELF("netstat")},
	"dash":      {"/usr/bin/dash": fakeELF("dash")},
	"passwd":    {"/usr/bin/passwd": fakeELF("passwd"), "/usr/sbin/useradd": fakeELF("useradd")},
	"mount":     {"/usr/bin/mount": fakeELF("mount"), "/usr/bin/umount": fakeELF("umount")},
	"sudo": {
		"/usr/bin/sudo":         fakeELF("sudo"),
		"/etc/sudoers.d/README": "# Files in this directory are read by sudo.\n",
	},
	"libc-bin": {
		"/etc/ld.so.conf":                         "include /etc/ld.so.conf.d/*.conf\n",
		"/etc/ld.so.conf.d/libc.conf":             "/usr/local/lib\n",
		"/etc/ld.so.conf.d/x86_64-linux-gnu.conf": "/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n",
	},
	"libc6":          {"/usr/lib/x86_64-linux-gnu/libc.so.6": fakeELF("libc"), "/usr/lib/x86_64-linux-gnu/libpam.so.0": fakeELF("libpam")},
	"libpam-modules": {"/usr/lib/x86_64-linux-gnu/security/pam_unix.so": fakeELF("pam_unix"), "/usr/lib/x86_64-linux-gnu/security/pam_deny.so": fakeELF("pam_deny"), "/usr/lib/x86_64-linux-gnu/security/pam_permit.so": fakeELF("pam_permit"), "/usr/lib/x86_64-linux-gnu/security/pam_env.so": fakeELF("pam_env"), "/usr/lib/x86_64-linux-gnu/security/pam_limits.so": fakeELF("pam_limits")},
	"libpam-runtime": {
		"/etc/pam.d/common-auth":     "auth\t[success=1 default=ignore]\tpam_unix.so nullok\nauth\trequisite\t\t\tpam_deny.so\nauth\trequired\t\t\tpam_permit.so\n",
		"/etc/pam.d/common-account":  "account\t[success=1 new_authtok_reqd=done default=ignore]\tpam_unix.so\naccount\trequisite\t\t\tpam_deny.so\naccount\trequired\t\t\tpam_permit.so\n",
		"/etc/pam.d/common-password": "password\t[success=1 default=ignore]\tpam_unix.so obscure yescrypt\npassword\trequisite\t\t\tpam_deny.so\npassword\trequired\t\t\tpam_permit.so\n",
		"/etc/pam.d/common-session":  "session\t[default=1]\t\t\tpam_permit.so\nsession\trequisite\t\t\tpam_deny.so\nsession\trequired\t\t\tpam_permit.so\nsession\trequired\tpam_unix.so\n",
		"/etc/pam.d/other":           "@include common-auth\n@include common-account\n@include common-password\n@include common-session\n",
	},
	"openssh-server": {
		"/usr/sbin/sshd":                  fakeELF("sshd"),
		"/etc/pam.d/sshd":                 "@include common-auth\naccount    required     pam_nologin.so\n@include common-account\nsession    required     pam_limits.so\n@include common-session\n@include common-password\n",
		"/lib/systemd/system/ssh.service": "[Unit]\nDescription=OpenBSD Secure Shell server\nAfter=network.target auditd.service\n\n[Service]\nEnvironmentFile=-/etc/default/ssh\nExecStartPre=/usr/sbin/sshd -t\nExecStart=/usr/sbin/sshd -D $SSHD_OPTS\nExecReload=/bin/kill -HUP $MAINPID\nKillMode=process\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\nAlias=sshd.service\n",
		"/etc/ssh/sshd_config":            "Include /etc/ssh/sshd_config.d/*.conf\nKbdInteractiveAuthentication no\nUsePAM yes\nX11Forwarding yes\nPrintMotd no\nAcceptEnv LANG LC_*\nSubsystem\tsftp\t/usr/lib/openssh/sftp-server\n",
	},
	"cron": {
		"/usr/sbin/cron": fakeELF("cron"),
		"/etc/crontab": "SHELL=/bin/sh\nPATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin\n\n" +
			"17 *\t* * *\troot\tcd / && run-parts --report /etc/cron.hourly\n" +
			"25 6\t* * *\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }\n" +
			"47 6\t* * 7\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.weekly; }\n" +
			"52 6\t1 * *\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.monthly; }\n",
		"/etc/cron.d/.placeholder":         "# DO NOT EDIT OR REMOVE\n",
		"/etc/cron.daily/.placeholder":     "# DO NOT EDIT OR REMOVE\n",
		"/lib/systemd/system/cron.service": "[Unit]\nDescription=Regular background program processing daemon\n\n[Service]\nEnvironmentFile=-/etc/default/cron\nExecStart=/usr/sbin/cron -f -P $EXTRA_OPTS\nIgnoreSIGPIPE=false\nKillMode=process\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target\n",
	},
	"e2fsprogs": {"/etc/cron.d/e2scrub_all": "30 3 * * 0 root test -e /run/systemd/system || SERVICE_MODE=1 /usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron\n"},
	"dpkg": {
		"/usr/bin/dpkg":         fakeELF("dpkg"),
		"/etc/cron.daily/dpkg":  "#!/bin/sh\nif [ -d /run/systemd/system ]; then\n    exit 0\nfi\n/usr/libexec/dpkg/dpkg-db-backup\n",
		"/etc/logrotate.d/dpkg": "/var/log/dpkg.log {\n\tmonthly\n\trotate 12\n\tcompress\n}\n",
	},
	"systemd": {
		"/lib/systemd/systemd":                          fakeELF("systemd"),
		"/lib/systemd/system/systemd-journald.service":  "[Unit]\nDescription=Journal Service\n[Service]\nExecStart=/lib/systemd/systemd-journald\n",
		"/lib/systemd/system/getty@.service":            "[Unit]\nDescription=Getty on %I\n[Service]\nExecStart=-/sbin/agetty -o '-p -- \\\\u' --noclear - $TERM\n",
		"/etc/systemd/system.conf":                      "[Manager]\n",
		"/lib/udev/rules.d/60-persistent-storage.rules": "ACTION==\"remove\", GOTO=\"persistent_storage_end\"\nLABEL=\"persistent_storage_end\"\n",
		"/etc/modules-load.d/modules.conf.dpkg":         "",
	},
	"kmod":               {"/etc/modules": "# /etc/modules: kernel modules to load at boot time.\n", "/etc/modprobe.d/blacklist.conf": "blacklist evbug\n"},
	"netbase":            {"/etc/protocols": "ip\t0\tIP\n", "/etc/services": "ssh\t\t22/tcp\n"},
	"ca-certificates":    {"/etc/ca-certificates.conf": "mozilla/ISRG_Root_X1.crt\n", "/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt": "-----BEGIN CERTIFICATE-----\nMIIFazCCA1OgAwIBAgIRAIIQz7DSQONZRGPgu2OCiwAwDQYJKoZIhvcNAQELBQAw\n-----END CERTIFICATE-----\n"},
	"python3.11-minimal": {"/usr/lib/python3.11/os.py": "import abc\n", "/usr/lib/python3/dist-packages/distutils-precedence.pth": "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == 'local'; enabled and __import__('_distutils_hack').add_shim(); \n"},
	// Not owned by any package: local configuration, state and logs.
	"-": {
		"/etc/hostname":    "web01\n",
		"/etc/hosts":       "127.0.0.1\tlocalhost\n127.0.1.1\tweb01\n::1\tlocalhost ip6-localhost ip6-loopback\n",
		"/etc/resolv.conf": "nameserver 192.0.2.53\n",
		"/etc/passwd": "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\n" +
			"sys:x:3:3:sys:/dev:/usr/sbin/nologin\nsync:x:4:65534:sync:/bin:/bin/sync\ngames:x:5:60:games:/usr/games:/usr/sbin/nologin\n" +
			"man:x:6:12:man:/var/cache/man:/usr/sbin/nologin\nlp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin\nmail:x:8:8:mail:/var/mail:/usr/sbin/nologin\n" +
			"news:x:9:9:news:/var/spool/news:/usr/sbin/nologin\nproxy:x:13:13:proxy:/bin:/usr/sbin/nologin\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n" +
			"backup:x:34:34:backup:/var/backups:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n" +
			"_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\nsystemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin\n" +
			"messagebus:x:100:107::/nonexistent:/usr/sbin/nologin\nsshd:x:101:65534::/run/sshd:/usr/sbin/nologin\n" +
			"debian:x:1000:1000:Debian,,,:/home/debian:/bin/bash\n",
		"/etc/group": "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:debian\ntty:x:5:\ndisk:x:6:\nsudo:x:27:debian\nwww-data:x:33:\nshadow:x:42:\nusers:x:100:\nnogroup:x:65534:\ndebian:x:1000:\n",
		"/etc/shadow": "root:$y$j9T$Fm3gQp6xYtq1dNh0L5ePa/$uT8c2vK9RzQH0e4mC3aXbWq1sYp7nJdLfG6hE2kV5r.:19800:0:99999:7:::\n" +
			"daemon:*:19800:0:99999:7:::\nbin:*:19800:0:99999:7:::\nsys:*:19800:0:99999:7:::\nsync:*:19800:0:99999:7:::\ngames:*:19800:0:99999:7:::\n" +
			"man:*:19800:0:99999:7:::\nlp:*:19800:0:99999:7:::\nmail:*:19800:0:99999:7:::\nnews:*:19800:0:99999:7:::\nproxy:*:19800:0:99999:7:::\n" +
			"www-data:*:19800:0:99999:7:::\nbackup:*:19800:0:99999:7:::\nnobody:*:19800:0:99999:7:::\n_apt:*:19800:0:99999:7:::\n" +
			"systemd-network:!*:19800::::::\nmessagebus:!:19800::::::\nsshd:!:19800::::::\n" +
			"debian:$y$j9T$3kWm1vQz8bTn0pLx7cRa2/$Hq9tN4cV1mZ8xK2pW6jR3sY5dL0fA7gB1eC9uT4iO2.:19800:0:99999:7:::\n",
		"/etc/gshadow": "root:*::\nsudo:*::debian\ndebian:!::\n",
		"/etc/sudoers": "Defaults\tenv_reset\nDefaults\tmail_badpass\nDefaults\tsecure_path=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\nDefaults\tuse_pty\n\n" +
			"root\tALL=(ALL:ALL) ALL\n%sudo\tALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n",
		"/etc/fstab":                        "UUID=0a1b2c3d-1111-2222-3333-444455556666 / ext4 errors=remount-ro 0 1\n",
		"/etc/machine-id":                   "0123456789abcdef0123456789abcdef\n",
		"/etc/ssh/ssh_host_ed25519_key.pub": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFJx3V1tq8Z8Y9r3m2QeJkZ2m0v1e8C3b2p4W6y7nS1a root@web01\n",
		"/etc/sysctl.conf":                  "#kernel.domainname = example.com\n",
		"/root/.bashrc":                     "# ~/.bashrc: executed by bash(1) for non-login shells.\nexport LS_OPTIONS='--color=auto'\neval \"$(dircolors)\"\nalias ls='ls $LS_OPTIONS'\n",
		"/root/.profile":                    "if [ \"$BASH\" ]; then\n  if [ -f ~/.bashrc ]; then\n    . ~/.bashrc\n  fi\nfi\nmesg n 2> /dev/null || true\n",
		"/root/.bash_history":               "apt update\napt upgrade -y\nsystemctl status nginx\nls -la /var/www\n",
		"/home/debian/.bashrc":              "case $- in *i*) ;; *) return;; esac\nHISTCONTROL=ignoreboth\nHISTSIZE=1000\nHISTFILESIZE=2000\nalias ls='ls --color=auto'\n",
		"/home/debian/.profile":             "if [ -n \"$BASH_VERSION\" ]; then\n  if [ -f \"$HOME/.bashrc\" ]; then\n    . \"$HOME/.bashrc\"\n  fi\nfi\n",
		"/home/debian/.bash_history":        "cd /var/www/html\ngit pull\nsudo systemctl reload nginx\ntail -f /var/log/nginx/access.log\n",
		"/home/debian/.ssh/authorized_keys": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9mYmxvY2sxMjM0NTY3ODkwYWJjZGVmZ2hpamtsbW5v debian@laptop\n",
		"/var/log/auth.log":                 "Nov 28 09:00:01 web01 CRON[1201]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)\nNov 28 09:12:44 web01 sshd[1302]: Accepted publickey for debian from 192.0.2.10 port 51234 ssh2: ED25519 SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG\n",
		"/var/log/syslog":                   "Nov 28 09:00:01 web01 systemd[1]: Started cron.service - Regular background program processing daemon.\n",
		"/var/log/dpkg.log":                 "2026-11-01 10:00:00 status installed bash:amd64 5.2.15-2+b2\n",
		"/var/www/html/index.html":          "<!doctype html><title>web01</title><p>It works.\n",
	},
}

// baseLinks are symbolic links of the clean root (name -> target).
var baseLinks = map[string]string{
	"bin": "usr/bin", "sbin": "usr/sbin", "lib": "usr/lib", "lib64": "usr/lib64",
	"etc/systemd/system/multi-user.target.wants/ssh.service":  "/lib/systemd/system/ssh.service",
	"etc/systemd/system/multi-user.target.wants/cron.service": "/lib/systemd/system/cron.service",
	"etc/systemd/system/sshd.service":                         "/lib/systemd/system/ssh.service",
	"usr/bin/sh":                                              "dash",
}

// The clean root is built once per test process into a template and cloned
// for each scenario: building it (and hashing its dpkg database) is the slow
// part, cloning a few hundred entries is not.
var (
	tmplOnce sync.Once
	tmplDir  string
	tmplPkgs map[string][]string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if tmplDir != "" {
		os.RemoveAll(tmplDir)
	}
	os.Exit(code)
}

// newRoot returns a fresh copy of the clean root.
func newRoot(t *testing.T) *testRoot {
	t.Helper()
	tmplOnce.Do(func() {
		dir, err := os.MkdirTemp("", "yingji-check-root-")
		if err != nil {
			t.Fatal(err)
		}
		tmpl := &testRoot{t: t, dir: dir, pkgs: map[string][]string{}}
		tmpl.buildBase()
		tmplDir, tmplPkgs = dir, tmpl.pkgs
	})
	if tmplDir == "" {
		t.Fatal("the template root could not be built")
	}
	r := &testRoot{t: t, dir: t.TempDir(), pkgs: map[string][]string{}, now: time.Now()}
	for k, v := range tmplPkgs {
		r.pkgs[k] = append([]string(nil), v...)
	}
	if err := cloneTree(tmplDir, r.dir); err != nil {
		t.Fatal(err)
	}
	return r
}

// cloneTree copies a tree with modes (setuid and sticky bits included),
// links and modification times.
func cloneTree(from, to string) error {
	return filepath.Walk(from, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			t, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(t, dst)
		case fi.IsDir():
			if err := os.MkdirAll(dst, 0o755); err != nil {
				return err
			}
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if err := os.WriteFile(dst, b, 0o600); err != nil {
				return err
			}
		}
		if err := os.Chmod(dst, fi.Mode()&(os.ModePerm|os.ModeSetuid|os.ModeSetgid|os.ModeSticky)); err != nil {
			return err
		}
		return os.Chtimes(dst, fi.ModTime(), fi.ModTime())
	})
}

// buildBase lays out the clean root in r.dir.
func (r *testRoot) buildBase() {
	for _, d := range []string{"usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "tmp", "var/tmp", "dev/shm", "proc", "run", "srv", "opt", "usr/local/bin", "var/spool/cron/crontabs", "etc/sudoers.d", "etc/ssh/sshd_config.d", "etc/profile.d", "etc/cron.hourly", "etc/cron.weekly", "etc/cron.monthly", "etc/systemd/system/multi-user.target.wants", "etc/udev/rules.d", "etc/modules-load.d", "etc/xdg/autostart", "etc/init.d", "home", "root/.ssh", "var/lib/dpkg/info"} {
		r.mkdir(d)
	}
	for name, target := range baseLinks {
		r.link(target, name)
	}
	pkgNames := make([]string, 0, len(baseFiles))
	for pkg := range baseFiles {
		pkgNames = append(pkgNames, pkg)
	}
	sort.Strings(pkgNames)
	for _, pkg := range pkgNames {
		for p, content := range baseFiles[pkg] {
			mode := os.FileMode(0o644)
			if strings.Contains(p, "/bin/") || strings.Contains(p, "/sbin/") || strings.HasPrefix(p, "/etc/update-motd.d/") || strings.HasPrefix(p, "/etc/cron.daily/") && !strings.Contains(p, ".placeholder") || p == "/lib/systemd/systemd" {
				mode = 0o755
			}
			if p == "/etc/shadow" || p == "/etc/gshadow" {
				mode = 0o640
			}
			if p == "/etc/sudoers" {
				mode = 0o440
			}
			r.writeMode(p, content, mode)
			if pkg != "-" {
				r.pkgs[pkg] = append(r.pkgs[pkg], p)
			}
		}
	}
	// os.Chmod takes Go's mode bits: setuid and sticky are os.Mode*, not 0o4000.
	for _, p := range []string{"usr/bin/sudo", "usr/bin/passwd", "usr/bin/mount"} {
		os.Chmod(r.path(p), os.ModeSetuid|0o755)
	}
	for _, p := range []string{"tmp", "var/tmp", "dev/shm"} {
		os.Chmod(r.path(p), os.ModeSticky|0o777)
	}
	r.writeDpkg()
}

func (r *testRoot) path(name string) string {
	return filepath.Join(r.dir, strings.TrimPrefix(name, "/"))
}

func (r *testRoot) mkdir(name string) {
	r.t.Helper()
	if err := os.MkdirAll(r.path(name), 0o755); err != nil {
		r.t.Fatal(err)
	}
}

// write creates or replaces a file (0644) and its directories.
func (r *testRoot) write(name, content string) { r.writeMode(name, content, 0o644) }

func (r *testRoot) writeMode(name, content string, mode os.FileMode) {
	r.t.Helper()
	p := r.path(name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	os.Remove(p)
	if err := os.WriteFile(p, []byte(content), mode); err != nil {
		r.t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		r.t.Fatal(err)
	}
}

// appendTo appends to a file.
func (r *testRoot) appendTo(name, content string) {
	r.t.Helper()
	f, err := os.OpenFile(r.path(name), os.O_APPEND|os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		r.t.Fatal(err)
	}
	f.WriteString(content)
	f.Close()
}

// link creates a symbolic link name -> target.
func (r *testRoot) link(target, name string) {
	r.t.Helper()
	p := r.path(name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.Remove(p)
	if err := os.Symlink(target, p); err != nil {
		r.t.Fatal(err)
	}
}

// setTimes sets a file's access and modification times.
func (r *testRoot) setTimes(name string, mtime time.Time) {
	r.t.Helper()
	if err := os.Chtimes(r.path(name), mtime, mtime); err != nil {
		r.t.Fatal(err)
	}
}

// own makes pkg own the named files as they are now, and rewrites the dpkg
// database.
func (r *testRoot) own(pkg string, names ...string) {
	r.t.Helper()
	for _, n := range names {
		r.pkgs[pkg] = append(r.pkgs[pkg], "/"+strings.TrimPrefix(n, "/"))
	}
	r.writeDpkg()
}

// writeDpkg writes var/lib/dpkg/status and info/*.list and *.md5sums for the
// owned files as they are now.
func (r *testRoot) writeDpkg() {
	r.t.Helper()
	var status strings.Builder
	names := make([]string, 0, len(r.pkgs))
	for p := range r.pkgs {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, pkg := range names {
		fmt.Fprintf(&status, "Package: %s\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\n\n", pkg)
		var list, sums strings.Builder
		dirs := map[string]bool{}
		for _, p := range r.pkgs[pkg] {
			for d := filepath.Dir(p); d != "/" && !dirs[d]; d = filepath.Dir(d) {
				dirs[d] = true
			}
		}
		for d := range dirs {
			list.WriteString(d + "\n")
		}
		for _, p := range r.pkgs[pkg] {
			list.WriteString(p + "\n")
			b, err := os.ReadFile(r.path(p))
			if err != nil {
				continue
			}
			sum := md5.Sum(b)
			fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(sum[:]), strings.TrimPrefix(p, "/"))
		}
		r.write("/var/lib/dpkg/info/"+pkg+".list", list.String())
		r.write("/var/lib/dpkg/info/"+pkg+".md5sums", sums.String())
	}
	r.write("/var/lib/dpkg/status", status.String())
}

// scan runs the checks matching pattern over the root as an image.
func (r *testRoot) scan(pattern string) []finding.Finding {
	r.t.Helper()
	return r.scanWith(Options{Pattern: pattern})
}

// scanWith runs the checks with options (Now is the root's).
func (r *testRoot) scanWith(opt Options) []finding.Finding {
	r.t.Helper()
	src, err := source.OpenDir(r.dir, false)
	if err != nil {
		r.t.Fatal(err)
	}
	defer src.Close()
	opt.Now = r.now
	res, err := Run(context.Background(), src, opt)
	if err != nil {
		r.t.Fatal(err)
	}
	for _, st := range res.Statuses {
		if st.Error != "" {
			r.t.Errorf("check %s failed: %s", st.ID, st.Error)
		}
	}
	return res.Findings
}

// want is one expected finding: the check id and a path that must appear
// in its evidence ("" when the finding has no path).
type want struct {
	rule string
	path string
}

// scenario plants one technique (or a benign look-alike, with no wants) in
// a clean root.
type scenario struct {
	name  string
	plant func(r *testRoot)
	want  []want
	// pattern limits the checks run (default: all).
	pattern string
	// opts, when set, adjusts the run's options.
	opts func(*Options)
}

// runScenarios runs each scenario on its own clean root. A scenario with
// wants must produce each wanted finding; a scenario without wants (a benign
// look-alike) must produce nothing above low.
func runScenarios(t *testing.T, scs []scenario) {
	t.Helper()
	for _, sc := range scs {
		t.Run(sc.name, func(t *testing.T) {
			r := newRoot(t)
			sc.plant(r)
			opt := Options{Pattern: sc.pattern}
			if sc.opts != nil {
				sc.opts(&opt)
			}
			fs := r.scanWith(opt)
			if len(sc.want) == 0 {
				for _, f := range fs {
					if f.Severity > finding.Low {
						t.Errorf("benign look-alike reported: %s (%s) %s %+v", f.Rule, f.Severity, f.Description, f.Evidence)
					}
				}
				return
			}
			for _, w := range sc.want {
				if !hasFinding(fs, w) {
					t.Errorf("want %s with evidence path %q; got:\n%s", w.rule, w.path, summary(fs))
				}
			}
		})
	}
}

func hasFinding(fs []finding.Finding, w want) bool {
	for _, f := range fs {
		if f.Rule != w.rule {
			continue
		}
		if w.path == "" {
			return true
		}
		for _, e := range f.Evidence {
			if e.Path == w.path {
				return true
			}
		}
	}
	return false
}

func summary(fs []finding.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		var paths []string
		for _, e := range f.Evidence {
			paths = append(paths, e.Path)
		}
		fmt.Fprintf(&b, "  %s %s %v\n", f.Severity, f.Rule, paths)
	}
	return b.String()
}

// TestCleanRoot: the clean root must give nothing above low.
func TestCleanRoot(t *testing.T) {
	r := newRoot(t)
	for _, f := range r.scan("") {
		if f.Severity > finding.Low {
			t.Errorf("clean root: %s (%s): %s %+v", f.Rule, f.Severity, f.Description, f.Evidence)
		}
	}
}
