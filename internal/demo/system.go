package demo

import (
	"crypto/md5"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"
	"time"
)

// The clean host: a Debian 12 web server (nginx, PHP-FPM) installed some
// months before, administered by one account from the office.

const osPretty = "Debian GNU/Linux 12 (bookworm)"

// elf is a stand-in for a program of the host: an ELF header and a few
// bytes naming it. It is not a program.
func elf(name string) string {
	return "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00\x3e\x00\x01\x00\x00\x00" +
		strings.Repeat("\x00", 40) + "/" + name + "\x00" + standIn + "\x00"
}

// pkgFile is one file a package installs.
type pkgFile struct {
	path    string
	content string
	mode    os.FileMode // 0: 0644, or 0755 under a bin directory
}

// pkg is one installed package of the clean host.
type pkg struct {
	name, version, section, desc string
	updated                      bool // upgraded at the last apt upgrade
	files                        []pkgFile
}

func bin(p string) pkgFile { return pkgFile{path: p, content: elf(path.Base(p)), mode: 0o755} }

func cfg(p, content string) pkgFile { return pkgFile{path: p, content: content} }

// packages are the installed packages with the files the checks read.
var packages = []pkg{
	{name: "base-files", version: "12.4+deb12u5", section: "admin", desc: "Debian base system miscellaneous files", files: []pkgFile{
		cfg("/etc/os-release", lines(`PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"`, `NAME="Debian GNU/Linux"`, `VERSION_ID="12"`, `VERSION="12 (bookworm)"`,
			`VERSION_CODENAME=bookworm`, `ID=debian`, `HOME_URL="https://www.debian.org/"`, `SUPPORT_URL="https://www.debian.org/support"`, `BUG_REPORT_URL="https://bugs.debian.org/"`)),
		cfg("/etc/issue", "Debian GNU/Linux 12 \\n \\l\n\n"),
		cfg("/etc/debian_version", "12.5\n"),
		cfg("/etc/host.conf", "multi on\n"),
		cfg("/etc/profile", lines(`# /etc/profile: system-wide .profile file for the Bourne shell (sh(1))`, `# and Bourne compatible shells (bash(1), ksh(1), ash(1), ...).`, ``,
			`if [ "$(id -u)" -eq 0 ]; then`, `  PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"`, `else`, `  PATH="/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"`, `fi`, `export PATH`, ``,
			`if [ -d /etc/profile.d ]; then`, `  for i in /etc/profile.d/*.sh; do`, `    if [ -r $i ]; then`, `      . $i`, `    fi`, `  done`, `  unset i`, `fi`)),
		cfg("/etc/update-motd.d/10-uname", "#!/bin/sh\nuname -snrvm\n"),
	}},
	{name: "bash", version: "5.2.15-2+b7", section: "shells", desc: "GNU Bourne Again SHell", files: []pkgFile{
		bin("/usr/bin/bash"),
		cfg("/etc/bash.bashrc", lines(`# System-wide .bashrc file for interactive bash(1) shells.`, `[ -z "$PS1" ] && return`, `shopt -s checkwinsize`,
			`PS1='${debian_chroot:+($debian_chroot)}\u@\h:\w\$ '`)),
		cfg("/etc/skel/.bashrc", lines(`# ~/.bashrc: executed by bash(1) for non-login shells.`, `case $- in`, `    *i*) ;;`, `      *) return;;`, `esac`,
			`HISTCONTROL=ignoreboth`, `shopt -s histappend`, `HISTSIZE=1000`, `HISTFILESIZE=2000`, `alias ls='ls --color=auto'`)),
		cfg("/etc/skel/.profile", lines(`# ~/.profile: executed by the command interpreter for login shells.`, `if [ -n "$BASH_VERSION" ]; then`, `    if [ -f "$HOME/.bashrc" ]; then`,
			`	. "$HOME/.bashrc"`, `    fi`, `fi`, `if [ -d "$HOME/bin" ] ; then`, `    PATH="$HOME/bin:$PATH"`, `fi`)),
		cfg("/etc/skel/.bash_logout", "# ~/.bash_logout: executed by bash(1) when login shell exits.\nif [ \"$SHLVL\" = 1 ]; then\n    [ -x /usr/bin/clear_console ] && /usr/bin/clear_console -q\nfi\n"),
	}},
	{name: "dash", version: "0.5.12-2", section: "shells", desc: "POSIX-compliant shell", files: []pkgFile{bin("/usr/bin/dash")}},
	{name: "coreutils", version: "9.1-1", section: "utils", desc: "GNU core utilities", files: []pkgFile{
		bin("/usr/bin/ls"), bin("/usr/bin/cat"), bin("/usr/bin/id"), bin("/usr/bin/sleep"), bin("/usr/bin/chmod"), bin("/usr/bin/cp"), bin("/usr/bin/mv"), bin("/usr/bin/rm"), bin("/usr/bin/touch"), bin("/usr/bin/date"), bin("/usr/bin/tar"),
	}},
	{name: "procps", version: "2:4.0.2-3", section: "admin", desc: "/proc file system utilities", files: []pkgFile{bin("/usr/bin/ps"), bin("/usr/bin/top"), bin("/usr/bin/w"), bin("/usr/bin/free"), bin("/usr/bin/pkill")}},
	{name: "iproute2", version: "6.1.0-3", section: "net", desc: "networking and traffic control tools", files: []pkgFile{bin("/usr/bin/ss"), bin("/usr/bin/ip")}},
	{name: "passwd", version: "1:4.13+dfsg1-1+b1", section: "admin", desc: "change and administer password and group data", files: []pkgFile{
		bin("/usr/bin/passwd"), bin("/usr/sbin/useradd"), bin("/usr/sbin/usermod"), bin("/usr/bin/chage"),
	}},
	{name: "login", version: "1:4.13+dfsg1-1+b1", section: "admin", desc: "system login tools", files: []pkgFile{
		bin("/usr/bin/login"), bin("/usr/bin/su"),
		cfg("/etc/login.defs", lines(`# /etc/login.defs - Configuration control definitions for the login package.`, `MAIL_DIR        /var/mail`, `FAILLOG_ENAB		yes`, `LOG_UNKFAIL_ENAB	no`,
			`LOG_OK_LOGINS		no`, `SYSLOG_SU_ENAB		yes`, `SYSLOG_SG_ENAB		yes`, `FTMP_FILE	/var/log/btmp`, `SU_NAME		su`, `HUSHLOGIN_FILE	.hushlogin`,
			`ENV_SUPATH	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`, `ENV_PATH	PATH=/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games`,
			`TTYGROUP	tty`, `TTYPERM		0600`, `ERASECHAR	0177`, `KILLCHAR	025`, `UMASK		022`, `PASS_MAX_DAYS	99999`, `PASS_MIN_DAYS	0`, `PASS_WARN_AGE	7`,
			`UID_MIN			 1000`, `UID_MAX			60000`, `GID_MIN			 1000`, `GID_MAX			60000`, `LOGIN_RETRIES		5`, `LOGIN_TIMEOUT		60`, `CHFN_RESTRICT		rwh`,
			`DEFAULT_HOME	yes`, `USERGROUPS_ENAB yes`, `ENCRYPT_METHOD YESCRYPT`)),
		cfg("/etc/pam.d/login", lines(`auth       optional   pam_faildelay.so  delay=3000000`, `@include common-auth`, `@include common-account`, `session    required     pam_limits.so`, `@include common-session`, `@include common-password`)),
		cfg("/etc/pam.d/su", lines(`auth       sufficient pam_rootok.so`, `session       required   pam_env.so readenv=1`, `@include common-auth`, `@include common-account`, `@include common-session`)),
	}},
	{name: "mount", version: "2.38.1-5+deb12u1", section: "admin", desc: "tools for mounting and manipulating filesystems", files: []pkgFile{bin("/usr/bin/mount"), bin("/usr/bin/umount")}},
	{name: "sudo", version: "1.9.13p3-1+deb12u1", section: "admin", desc: "Provide limited super user privileges to specific users", files: []pkgFile{
		bin("/usr/bin/sudo"),
		cfg("/etc/sudoers.d/README", "#\n# Files in /etc/sudoers.d are parsed in sorted lexical order.\n# This file should not be edited.\n#\n"),
		{path: "/etc/sudoers", mode: 0o440, content: lines(`#`, `# This file MUST be edited with the 'visudo' command as root.`, `#`, `Defaults	env_reset`, `Defaults	mail_badpass`,
			`Defaults	secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"`, `Defaults	use_pty`, ``, `# User privilege specification`, `root	ALL=(ALL:ALL) ALL`, ``,
			`# Allow members of group sudo to execute any command`, `%sudo	ALL=(ALL:ALL) ALL`, ``, `@includedir /etc/sudoers.d`)},
		cfg("/etc/pam.d/sudo", lines(`#%PAM-1.0`, `session    required   pam_limits.so`, `@include common-auth`, `@include common-account`, `@include common-session-noninteractive`)),
	}},
	{name: "libc-bin", version: "2.36-9+deb12u4", section: "libs", desc: "GNU C Library: Binaries", updated: true, files: []pkgFile{
		bin("/usr/sbin/ldconfig"),
		cfg("/etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n\n"),
		cfg("/etc/ld.so.conf.d/libc.conf", "# libc default configuration\n/usr/local/lib\n"),
		cfg("/etc/ld.so.conf.d/x86_64-linux-gnu.conf", "# Multiarch support\n/usr/local/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu\n/usr/lib/x86_64-linux-gnu\n"),
	}},
	{name: "libc6", version: "2.36-9+deb12u4", section: "libs", desc: "GNU C Library: Shared libraries", updated: true, files: []pkgFile{
		{path: "/usr/lib/x86_64-linux-gnu/libc.so.6", content: elf("libc.so.6"), mode: 0o755},
		{path: "/usr/lib/x86_64-linux-gnu/libpthread.so.0", content: elf("libpthread.so.0")},
		{path: "/usr/lib/x86_64-linux-gnu/libdl.so.2", content: elf("libdl.so.2")},
		{path: "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", content: elf("ld-linux-x86-64.so.2"), mode: 0o755},
	}},
	{name: "libpam0g", version: "1.5.2-6+deb12u1", section: "libs", desc: "Pluggable Authentication Modules library", files: []pkgFile{
		{path: "/usr/lib/x86_64-linux-gnu/libpam.so.0.85.1", content: elf("libpam.so.0.85.1")},
	}},
	{name: "libpam-modules", version: "1.5.2-6+deb12u1", section: "admin", desc: "Pluggable Authentication Modules for PAM", files: []pkgFile{
		{path: "/usr/lib/x86_64-linux-gnu/security/pam_unix.so", content: elf("pam_unix.so")},
		{path: "/usr/lib/x86_64-linux-gnu/security/pam_deny.so", content: elf("pam_deny.so")},
		{path: "/usr/lib/x86_64-linux-gnu/security/pam_permit.so", content: elf("pam_permit.so")},
		{path: "/usr/lib/x86_64-linux-gnu/security/pam_env.so", content: elf("pam_env.so")},
		{path: "/usr/lib/x86_64-linux-gnu/security/pam_limits.so", content: elf("pam_limits.so")},
		{path: "/usr/lib/x86_64-linux-gnu/security/pam_nologin.so", content: elf("pam_nologin.so")},
		{path: "/usr/lib/x86_64-linux-gnu/security/pam_rootok.so", content: elf("pam_rootok.so")},
		{path: "/usr/lib/x86_64-linux-gnu/security/pam_faildelay.so", content: elf("pam_faildelay.so")},
		{path: "/usr/lib/x86_64-linux-gnu/security/pam_systemd.so", content: elf("pam_systemd.so")},
		{path: "/usr/lib/x86_64-linux-gnu/security/pam_loginuid.so", content: elf("pam_loginuid.so")},
		{path: "/usr/lib/x86_64-linux-gnu/security/pam_keyinit.so", content: elf("pam_keyinit.so")},
		{path: "/usr/lib/x86_64-linux-gnu/security/pam_motd.so", content: elf("pam_motd.so")},
		{path: "/usr/lib/x86_64-linux-gnu/security/pam_mail.so", content: elf("pam_mail.so")},
		{path: "/usr/lib/x86_64-linux-gnu/security/pam_selinux.so", content: elf("pam_selinux.so")},
	}},
	{name: "libpam-runtime", version: "1.5.2-6+deb12u1", section: "admin", desc: "Runtime support for the PAM library", files: []pkgFile{
		cfg("/etc/pam.d/common-auth", lines(`# /etc/pam.d/common-auth - authentication settings common to all services`, "auth\t[success=1 default=ignore]\tpam_unix.so nullok", "auth\trequisite\t\t\tpam_deny.so", "auth\trequired\t\t\tpam_permit.so")),
		cfg("/etc/pam.d/common-account", lines(`# /etc/pam.d/common-account - authorization settings common to all services`, "account\t[success=1 new_authtok_reqd=done default=ignore]\tpam_unix.so", "account\trequisite\t\t\tpam_deny.so", "account\trequired\t\t\tpam_permit.so")),
		cfg("/etc/pam.d/common-password", lines(`# /etc/pam.d/common-password - password-related modules common to all services`, "password\t[success=1 default=ignore]\tpam_unix.so obscure yescrypt", "password\trequisite\t\t\tpam_deny.so", "password\trequired\t\t\tpam_permit.so")),
		cfg("/etc/pam.d/common-session", lines(`# /etc/pam.d/common-session - session-related modules common to all services`, "session\t[default=1]\t\t\tpam_permit.so", "session\trequisite\t\t\tpam_deny.so", "session\trequired\t\t\tpam_permit.so", "session\trequired\tpam_unix.so", "session\toptional\tpam_systemd.so")),
		cfg("/etc/pam.d/common-session-noninteractive", lines(`# /etc/pam.d/common-session-noninteractive`, "session\t[default=1]\t\t\tpam_permit.so", "session\trequisite\t\t\tpam_deny.so", "session\trequired\t\t\tpam_permit.so", "session\trequired\tpam_unix.so")),
		cfg("/etc/pam.d/other", lines(`#`, `# /etc/pam.d/other - specify the PAM fallback behaviour`, `#`, `@include common-auth`, `@include common-account`, `@include common-password`, `@include common-session`)),
	}},
	{name: "openssh-server", version: "1:9.2p1-2+deb12u3", section: "net", desc: "secure shell (SSH) server, for secure access from remote machines", updated: true, files: []pkgFile{
		bin("/usr/sbin/sshd"),
		{path: "/usr/lib/openssh/sftp-server", content: elf("sftp-server"), mode: 0o755},
		cfg("/etc/pam.d/sshd", lines(`# PAM configuration for the Secure Shell service`, `@include common-auth`, `account    required     pam_nologin.so`, `@include common-account`,
			`session [success=ok ignore=ignore module_unknown=ignore default=bad]        pam_selinux.so close`, `session    required     pam_loginuid.so`, `session    optional     pam_keyinit.so force revoke`,
			`@include common-session`, `session    optional     pam_motd.so  motd=/run/motd.dynamic`, `session    optional     pam_motd.so noupdate`, `session    optional     pam_mail.so standard noenv`,
			`session    required     pam_limits.so`, `session    required     pam_env.so`, `session    required     pam_env.so user_readenv=1 envfile=/etc/default/locale`,
			`session [success=ok ignore=ignore module_unknown=ignore default=bad]        pam_selinux.so open`, `@include common-password`)),
		cfg("/lib/systemd/system/ssh.service", lines(`[Unit]`, `Description=OpenBSD Secure Shell server`, `Documentation=man:sshd(8) man:sshd_config(5)`, `After=network.target auditd.service`,
			`ConditionPathExists=!/etc/ssh/sshd_not_to_be_run`, ``, `[Service]`, `EnvironmentFile=-/etc/default/ssh`, `ExecStartPre=/usr/sbin/sshd -t`, `ExecStart=/usr/sbin/sshd -D $SSHD_OPTS`,
			`ExecReload=/usr/sbin/sshd -t`, `ExecReload=/bin/kill -HUP $MAINPID`, `KillMode=process`, `Restart=on-failure`, `RestartPreventExitStatus=255`, `Type=notify`, `RuntimeDirectory=sshd`,
			`RuntimeDirectoryMode=0755`, ``, `[Install]`, `WantedBy=multi-user.target`, `Alias=sshd.service`)),
	}},
	{name: "openssh-client", version: "1:9.2p1-2+deb12u3", section: "net", desc: "secure shell (SSH) client, for secure access to remote machines", updated: true, files: []pkgFile{
		bin("/usr/bin/ssh"), bin("/usr/bin/scp"),
		cfg("/etc/ssh/ssh_config", lines(`Include /etc/ssh/ssh_config.d/*.conf`, ``, `Host *`, `    SendEnv LANG LC_*`, `    HashKnownHosts yes`, `    GSSAPIAuthentication yes`)),
	}},
	{name: "cron", version: "3.0pl1-162", section: "admin", desc: "process scheduling daemon", files: []pkgFile{
		bin("/usr/sbin/cron"), bin("/usr/bin/crontab"),
		cfg("/etc/crontab", lines(`# /etc/crontab: system-wide crontab`, `# Unlike any other crontab you don't have to run the 'crontab'`, `# command to install the new version when you edit this file`,
			`# and files in /etc/cron.d. These files also have username fields,`, `# that none of the other crontabs do.`, ``, `SHELL=/bin/sh`,
			`PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin`, ``, `# Example of job definition:`, `# .---------------- minute (0 - 59)`, `# |  .------------- hour (0 - 23)`,
			`# |  |  .---------- day of month (1 - 31)`, `# |  |  |  .------- month (1 - 12) OR jan,feb,mar,apr ...`, `# |  |  |  |  .---- day of week (0 - 6) (Sunday=0 or 7) OR sun,mon,tue,wed,thu,fri,sat`,
			`# |  |  |  |  |`, `# *  *  *  *  * user-name command to be executed`, "17 *\t* * *\troot\tcd / && run-parts --report /etc/cron.hourly",
			"25 6\t* * *\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }",
			"47 6\t* * 7\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.weekly; }",
			"52 6\t1 * *\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.monthly; }", `#`)),
		cfg("/etc/cron.d/.placeholder", "# DO NOT EDIT OR REMOVE\n# This file is a simple placeholder to keep dpkg from removing this directory\n"),
		cfg("/etc/cron.daily/.placeholder", "# DO NOT EDIT OR REMOVE\n# This file is a simple placeholder to keep dpkg from removing this directory\n"),
		cfg("/etc/cron.hourly/.placeholder", "# DO NOT EDIT OR REMOVE\n# This file is a simple placeholder to keep dpkg from removing this directory\n"),
		cfg("/etc/cron.weekly/.placeholder", "# DO NOT EDIT OR REMOVE\n# This file is a simple placeholder to keep dpkg from removing this directory\n"),
		cfg("/etc/cron.monthly/.placeholder", "# DO NOT EDIT OR REMOVE\n# This file is a simple placeholder to keep dpkg from removing this directory\n"),
		cfg("/etc/pam.d/cron", lines(`# The PAM configuration file for the cron daemon`, `@include common-auth`, `session       required   pam_loginuid.so`, `session       required   pam_env.so`, `@include common-account`, `@include common-session-noninteractive`, `session    required   pam_limits.so`)),
		cfg("/lib/systemd/system/cron.service", lines(`[Unit]`, `Description=Regular background program processing daemon`, `Documentation=man:cron(8)`, `After=remote-fs.target nss-user-lookup.target`, ``,
			`[Service]`, `EnvironmentFile=-/etc/default/cron`, `ExecStart=/usr/sbin/cron -f -P $EXTRA_OPTS`, `IgnoreSIGPIPE=false`, `KillMode=process`, `Restart=on-failure`, `SyslogFacility=cron`, ``,
			`[Install]`, `WantedBy=multi-user.target`)),
	}},
	{name: "e2fsprogs", version: "1.47.0-2", section: "admin", desc: "ext2/ext3/ext4 file system utilities", files: []pkgFile{
		cfg("/etc/cron.d/e2scrub_all", "30 3 * * 0 root test -e /run/systemd/system || SERVICE_MODE=1 /usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron\n10 3 * * * root test -e /run/systemd/system || SERVICE_MODE=1 /sbin/e2scrub_all -A -r\n"),
		{path: "/usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron", content: "#!/bin/bash\n# Run e2scrub_all from cron.\nexec /sbin/e2scrub_all \"$@\"\n", mode: 0o755},
		bin("/usr/sbin/e2scrub_all"), bin("/usr/sbin/e2fsck"),
	}},
	{name: "logrotate", version: "3.21.0-1", section: "admin", desc: "Log rotation utility", files: []pkgFile{
		bin("/usr/sbin/logrotate"),
		cfg("/etc/logrotate.conf", lines(`# see "man logrotate" for details`, `weekly`, `su root adm`, `rotate 4`, `create`, `include /etc/logrotate.d`)),
		cfg("/etc/cron.daily/logrotate", lines(`#!/bin/sh`, ``, `# skip in favour of systemd timer`, `if [ -d /run/systemd/system ]; then`, `    exit 0`, `fi`, ``, `# this cronjob persists removals (but not purges)`,
			`if [ ! -x /usr/sbin/logrotate ]; then`, `    exit 0`, `fi`, ``, `/usr/sbin/logrotate /etc/logrotate.conf`)),
		cfg("/lib/systemd/system/logrotate.service", lines(`[Unit]`, `Description=Rotate log files`, `Documentation=man:logrotate(8) man:logrotate.conf(5)`, `RequiresMountsFor=/var/log`, `ConditionACPower=true`, ``,
			`[Service]`, `Type=oneshot`, `ExecStart=/usr/sbin/logrotate /etc/logrotate.conf`, `Nice=19`, `IOSchedulingClass=best-effort`, `IOSchedulingPriority=7`)),
		cfg("/lib/systemd/system/logrotate.timer", lines(`[Unit]`, `Description=Daily rotation of log files`, `Documentation=man:logrotate(8) man:logrotate.conf(5)`, ``, `[Timer]`, `OnCalendar=daily`,
			`AccuracySec=1h`, `Persistent=true`, ``, `[Install]`, `WantedBy=timers.target`)),
	}},
	{name: "dpkg", version: "1.21.22", section: "admin", desc: "Debian package management system", files: []pkgFile{
		bin("/usr/bin/dpkg"), bin("/usr/bin/dpkg-query"),
		cfg("/etc/cron.daily/dpkg", "#!/bin/sh\n\n# Skip if systemd is running.\nif [ -d /run/systemd/system ]; then\n    exit 0\nfi\n\n/usr/libexec/dpkg/dpkg-db-backup\n"),
		cfg("/etc/logrotate.d/dpkg", "/var/log/dpkg.log {\n\tmonthly\n\trotate 12\n\tcompress\n\tdelaycompress\n\tmissingok\n\tnotifempty\n\tcreate 644 root root\n}\n"),
	}},
	{name: "apt", version: "2.6.1", section: "admin", desc: "commandline package manager", files: []pkgFile{
		bin("/usr/bin/apt"), bin("/usr/bin/apt-get"),
		cfg("/etc/apt/apt.conf.d/01autoremove", "APT\n{\n  NeverAutoRemove\n  {\n\t\"^firmware-linux.*\";\n\t\"^linux-firmware$\";\n  };\n};\n"),
		cfg("/etc/cron.daily/apt-compat", "#!/bin/sh\n\nset -e\n\n# Systemd systems use a systemd timer unit which is preferable to\n# run. We want to randomize the apt update and unattended-upgrade\n# runs as much as possible to avoid hitting the mirrors all at the\n# same time. The systemd time is better at this than the fixed\n# cron.daily time\nif [ -d /run/systemd/system ]; then\n    exit 0\nfi\n\ncheck_power()\n{\n    return 0\n}\n\nexec /usr/lib/apt/apt.systemd.daily\n"),
	}},
	{name: "rsyslog", version: "8.2302.0-1", section: "admin", desc: "reliable system and kernel logging daemon", files: []pkgFile{
		bin("/usr/sbin/rsyslogd"),
		cfg("/etc/rsyslog.conf", lines(`# /etc/rsyslog.conf configuration file for rsyslog`, `module(load="imuxsock")`, `module(load="imklog")`, `$FileOwner root`, `$FileGroup adm`,
			`$FileCreateMode 0640`, `$DirCreateMode 0755`, `$Umask 0022`, `$IncludeConfig /etc/rsyslog.d/*.conf`, `*.*;auth,authpriv.none		-/var/log/syslog`, `auth,authpriv.*			/var/log/auth.log`,
			`cron.*				-/var/log/cron.log`, `kern.*				-/var/log/kern.log`, `mail.*				-/var/log/mail.log`, `user.*				-/var/log/user.log`, `*.emerg				:omusrmsg:*`)),
		cfg("/etc/logrotate.d/rsyslog", "/var/log/syslog\n/var/log/mail.log\n/var/log/kern.log\n/var/log/auth.log\n/var/log/user.log\n/var/log/cron.log\n{\n\trotate 4\n\tweekly\n\tmissingok\n\tnotifempty\n\tcompress\n\tdelaycompress\n\tsharedscripts\n\tpostrotate\n\t\t/usr/lib/rsyslog/rsyslog-rotate\n\tendscript\n}\n"),
		cfg("/lib/systemd/system/rsyslog.service", lines(`[Unit]`, `Description=System Logging Service`, `Requires=syslog.socket`, `Documentation=man:rsyslogd(8)`, `Documentation=man:rsyslog.conf(5)`,
			`Documentation=https://www.rsyslog.com/doc/`, ``, `[Service]`, `Type=notify`, `ExecStart=/usr/sbin/rsyslogd -n -iNONE`, `StandardOutput=null`, `Restart=on-failure`,
			`LimitNOFILE=16384`, ``, `[Install]`, `WantedBy=multi-user.target`, `Alias=syslog.service`)),
	}},
	{name: "systemd", version: "252.22-1~deb12u1", section: "admin", desc: "system and service manager", updated: true, files: []pkgFile{
		{path: "/lib/systemd/systemd", content: elf("systemd"), mode: 0o755},
		{path: "/lib/systemd/systemd-journald", content: elf("systemd-journald"), mode: 0o755},
		{path: "/lib/systemd/systemd-logind", content: elf("systemd-logind"), mode: 0o755},
		bin("/usr/bin/systemctl"), bin("/usr/bin/journalctl"),
		cfg("/lib/systemd/system/systemd-journald.service", lines(`[Unit]`, `Description=Journal Service`, `Documentation=man:systemd-journald.service(8) man:journald.conf(5)`, `DefaultDependencies=no`, ``,
			`[Service]`, `ExecStart=/lib/systemd/systemd-journald`, `Restart=always`, `RestartSec=0`, `Type=notify`)),
		cfg("/lib/systemd/system/systemd-logind.service", lines(`[Unit]`, `Description=User Login Management`, `Documentation=man:sd-login(3)`, ``, `[Service]`, `ExecStart=/lib/systemd/systemd-logind`,
			`Restart=always`, `RestartSec=0`, `Type=notify`)),
		cfg("/lib/systemd/system/getty@.service", lines(`[Unit]`, `Description=Getty on %I`, `Documentation=man:agetty(8) man:systemd-getty-generator(8)`, ``, `[Service]`,
			`ExecStart=-/sbin/agetty -o '-p -- \\u' --noclear - $TERM`, `Type=idle`, `Restart=always`, ``, `[Install]`, `WantedBy=getty.target`)),
		cfg("/etc/systemd/system.conf", "#  This file is part of systemd.\n[Manager]\n#LogLevel=info\n"),
		cfg("/etc/systemd/journald.conf", "#  This file is part of systemd.\n[Journal]\n#Storage=auto\n"),
		cfg("/lib/udev/rules.d/60-persistent-storage.rules", "# do not edit this file, it will be overwritten on update\nACTION==\"remove\", GOTO=\"persistent_storage_end\"\nLABEL=\"persistent_storage_end\"\n"),
	}},
	{name: "util-linux", version: "2.38.1-5+deb12u1", section: "utils", desc: "miscellaneous system utilities", files: []pkgFile{bin("/usr/sbin/agetty"), bin("/usr/bin/more"), bin("/usr/bin/kill")}},
	{name: "kmod", version: "30+20221128-1", section: "admin", desc: "tools for managing Linux kernel modules", files: []pkgFile{
		bin("/usr/bin/kmod"),
		cfg("/etc/modules", "# /etc/modules: kernel modules to load at boot time.\n#\n# This file contains the names of kernel modules that should be loaded\n# at boot time, one per line. Lines beginning with \"#\" are ignored.\n"),
		cfg("/etc/modprobe.d/blacklist.conf", "# This file lists those modules which we don't want to be loaded.\nblacklist evbug\nblacklist usbmouse\nblacklist usbkbd\n"),
	}},
	{name: "netbase", version: "6.4", section: "admin", desc: "Basic TCP/IP networking system", files: []pkgFile{
		cfg("/etc/protocols", "ip\t0\tIP\t\t# internet protocol, pseudo protocol number\nicmp\t1\tICMP\t\t# internet control message protocol\ntcp\t6\tTCP\t\t# transmission control protocol\nudp\t17\tUDP\t\t# user datagram protocol\n"),
		cfg("/etc/services", "ssh\t\t22/tcp\t\t\t\t# SSH Remote Login Protocol\nhttp\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP\nhttps\t\t443/tcp\t\t\t\t# http protocol over TLS/SSL\n"),
	}},
	{name: "ca-certificates", version: "20230311", section: "misc", desc: "Common CA certificates", files: []pkgFile{
		cfg("/etc/ca-certificates.conf", "# This file lists certificates that you wish to use or to ignore to be\n# installed in /etc/ssl/certs.\nmozilla/ISRG_Root_X1.crt\n"),
	}},
	{name: "chrony", version: "4.3-2+deb12u1", section: "net", desc: "Versatile implementation of the Network Time Protocol", files: []pkgFile{
		bin("/usr/sbin/chronyd"),
		cfg("/etc/chrony/chrony.conf", lines(`# Welcome to the chrony configuration file. See chrony.conf(5) for more`, `pool 2.debian.pool.ntp.org iburst`, `keyfile /etc/chrony/chrony.keys`, `driftfile /var/lib/chrony/chrony.drift`,
			`logdir /var/log/chrony`, `maxupdateskew 100.0`, `rtcsync`, `makestep 1 3`)),
		cfg("/lib/systemd/system/chrony.service", lines(`[Unit]`, `Description=chrony, an NTP client/server`, `Documentation=man:chronyd(8) man:chronyc(1) man:chrony.conf(5)`, `Conflicts=openntpd.service ntp.service ntpsec.service`,
			`After=network.target`, ``, `[Service]`, `Type=forking`, `PIDFile=/run/chrony/chronyd.pid`, `EnvironmentFile=-/etc/default/chrony`, `ExecStart=/usr/sbin/chronyd $DAEMON_OPTS`, ``,
			`[Install]`, `Alias=chronyd.service`, `WantedBy=multi-user.target`)),
	}},
	{name: "wget", version: "1.21.3-1+b2", section: "web", desc: "retrieves files from the web", files: []pkgFile{bin("/usr/bin/wget"), cfg("/etc/wgetrc", "# You can use this file to change the default behaviour of wget\n#passive_ftp = off\n")}},
	{name: "curl", version: "7.88.1-10+deb12u5", section: "web", desc: "command line tool for transferring data with URL syntax", files: []pkgFile{bin("/usr/bin/curl")}},
	{name: "nginx", version: "1.22.1-9", section: "httpd", desc: "small, powerful, scalable web/proxy server", files: []pkgFile{
		bin("/usr/sbin/nginx"),
		cfg("/etc/nginx/nginx.conf", nginxConf),
		cfg("/etc/nginx/sites-available/default", nginxSite),
		cfg("/etc/nginx/mime.types", "types {\n    text/html                                        html htm shtml;\n    text/css                                         css;\n    image/png                                        png;\n    image/jpeg                                       jpeg jpg;\n    application/javascript                           js;\n}\n"),
		cfg("/etc/nginx/fastcgi_params", "fastcgi_param  QUERY_STRING       $query_string;\nfastcgi_param  REQUEST_METHOD     $request_method;\nfastcgi_param  CONTENT_TYPE       $content_type;\nfastcgi_param  CONTENT_LENGTH     $content_length;\nfastcgi_param  SCRIPT_NAME        $fastcgi_script_name;\nfastcgi_param  REQUEST_URI        $request_uri;\nfastcgi_param  DOCUMENT_ROOT      $document_root;\nfastcgi_param  SERVER_PROTOCOL    $server_protocol;\nfastcgi_param  REMOTE_ADDR        $remote_addr;\n"),
		cfg("/etc/nginx/snippets/fastcgi-php.conf", "# regex to split $uri to $fastcgi_script_name and $fastcgi_path\nfastcgi_split_path_info ^(.+?\\.php)(/.*)$;\n\n# Check that the PHP script exists before passing it\ntry_files $fastcgi_script_name =404;\n\nset $path_info $fastcgi_path_info;\nfastcgi_param PATH_INFO $path_info;\n\nfastcgi_index index.php;\ninclude fastcgi.conf;\n"),
		cfg("/etc/logrotate.d/nginx", "/var/log/nginx/*.log {\n\tweekly\n\tmissingok\n\trotate 12\n\tcompress\n\tdelaycompress\n\tnotifempty\n\tcreate 0640 www-data adm\n\tsharedscripts\n\tprerotate\n\t\tif [ -d /etc/logrotate.d/httpd-prerotate ]; then \\\n\t\t\trun-parts /etc/logrotate.d/httpd-prerotate; \\\n\t\tfi \\\n\tendscript\n\tpostrotate\n\t\tinvoke-rc.d nginx rotate >/dev/null 2>&1\n\tendscript\n}\n"),
		cfg("/lib/systemd/system/nginx.service", lines(`# Stop dance for nginx`, `[Unit]`, `Description=A high performance web server and a reverse proxy server`, `Documentation=man:nginx(8)`,
			`After=network.target nss-lookup.target`, ``, `[Service]`, `Type=forking`, `PIDFile=/run/nginx.pid`, `ExecStartPre=/usr/sbin/nginx -t -q -g 'daemon on; master_process on;'`,
			`ExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'`, `ExecReload=/usr/sbin/nginx -g 'daemon on; master_process on;' -s reload`,
			`ExecStop=-/sbin/start-stop-daemon --quiet --stop --retry QUIT/5 --pidfile /run/nginx.pid`, `TimeoutStopSec=5`, `KillMode=mixed`, ``, `[Install]`, `WantedBy=multi-user.target`)),
		cfg("/var/www/html/index.nginx-debian.html", "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n</body>\n</html>\n"),
	}},
	{name: "php8.2-fpm", version: "8.2.18-1~deb12u1", section: "httpd", desc: "server-side, HTML-embedded scripting language (FPM-CGI binary)", files: []pkgFile{
		bin("/usr/sbin/php-fpm8.2"),
		cfg("/etc/php/8.2/fpm/php-fpm.conf", "[global]\npid = /run/php/php8.2-fpm.pid\nerror_log = /var/log/php8.2-fpm.log\ninclude=/etc/php/8.2/fpm/pool.d/*.conf\n"),
		cfg("/etc/php/8.2/fpm/pool.d/www.conf", "[www]\nuser = www-data\ngroup = www-data\nlisten = /run/php/php8.2-fpm.sock\nlisten.owner = www-data\nlisten.group = www-data\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n"),
		cfg("/lib/systemd/system/php8.2-fpm.service", lines(`[Unit]`, `Description=The PHP 8.2 FastCGI Process Manager`, `Documentation=man:php-fpm8.2(8)`, `After=network.target`, ``,
			`[Service]`, `Type=notify`, `ExecStart=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf`,
			`ExecStartPost=-/usr/lib/php/php-fpm-socket-helper install /run/php/php-fpm.sock /etc/php/8.2/fpm/pool.d/www.conf 82`,
			`ExecStopPost=-/usr/lib/php/php-fpm-socket-helper remove /run/php/php-fpm.sock /etc/php/8.2/fpm/pool.d/www.conf 82`,
			`ExecReload=/bin/kill -USR2 $MAINPID`, ``, `[Install]`, `WantedBy=multi-user.target`)),
	}},
	{name: "php-common", version: "2:93", section: "php", desc: "Common files for PHP packages", files: []pkgFile{
		cfg("/etc/cron.d/php", lines(`# /etc/cron.d/php@PHP_VERSION@: crontab fragment for PHP`, `#  This purges session files in session.save_path older than X,`,
			`#  where X is defined in seconds as the largest value of`, `#  session.gc_maxlifetime from all your SAPI php.ini files`, `#  or 24 minutes if not defined.  The script triggers only`,
			`#  when session.save_handler=files.`, `#`, `#  WARNING: The scripts tries hard to honour all relevant`, `#  session PHP options, but if you do something unusual`,
			`#  you have to disable this script and take care of your`, `#  sessions yourself.`, ``, `# Look for and purge old sessions every 30 minutes`,
			`09,39 *     * * *     root   [ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system ]; then /usr/lib/php/sessionclean; fi`)),
		{path: "/usr/lib/php/sessionclean", content: "#!/bin/sh -e\n#\n# sessionclean - a script to cleanup stale PHP sessions\n#\nSAPIS=\"apache2:apache2 apache2filter:apache2 cgi:php@VERSION@ fpm:php-fpm@VERSION@ cli:php@VERSION@\"\n", mode: 0o755},
		{path: "/usr/lib/php/php-fpm-socket-helper", content: "#!/bin/sh\n\n# php-fpm-socket-helper - manage the default PHP-FPM socket\nset -e\n", mode: 0o755},
	}},
}

// system writes the clean host: packages, accounts, configuration, homes.
func (b *builder) system(h *Host) error {
	t := b.t
	if err := b.mkdir("tmp", "var/tmp", "dev/shm", "proc", "sys", "run", "srv", "opt", "mnt", "media", "boot", "usr/local/bin", "usr/local/sbin", "usr/local/lib",
		"usr/local/share", "var/spool/cron/crontabs", "etc/sudoers.d", "etc/ssh/sshd_config.d", "etc/ssh/ssh_config.d", "etc/profile.d", "etc/systemd/system/multi-user.target.wants",
		"etc/systemd/system/timers.target.wants", "etc/udev/rules.d", "etc/modules-load.d", "etc/init.d", "etc/rsyslog.d", "home", "var/lib/dpkg/info", "var/lib/apt/lists",
		"var/log/nginx", "var/log/apt", "var/cache/apt", "var/mail", "var/backups", "run/php"); err != nil {
		return err
	}
	for name, target := range map[string]string{
		"bin": "usr/bin", "sbin": "usr/sbin", "lib": "usr/lib", "lib64": "usr/lib64",
		"usr/bin/sh": "dash", "usr/lib64/ld-linux-x86-64.so.2": "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
		"etc/systemd/system/multi-user.target.wants/ssh.service":        "../../../../lib/systemd/system/ssh.service",
		"etc/systemd/system/multi-user.target.wants/cron.service":       "../../../../lib/systemd/system/cron.service",
		"etc/systemd/system/multi-user.target.wants/rsyslog.service":    "../../../../lib/systemd/system/rsyslog.service",
		"etc/systemd/system/multi-user.target.wants/nginx.service":      "../../../../lib/systemd/system/nginx.service",
		"etc/systemd/system/multi-user.target.wants/php8.2-fpm.service": "../../../../lib/systemd/system/php8.2-fpm.service",
		"etc/systemd/system/multi-user.target.wants/chrony.service":     "../../../../lib/systemd/system/chrony.service",
		"etc/systemd/system/timers.target.wants/logrotate.timer":        "../../../../lib/systemd/system/logrotate.timer",
		"etc/systemd/system/sshd.service":                               "../../../lib/systemd/system/ssh.service",
		"etc/systemd/system/syslog.service":                             "../../../lib/systemd/system/rsyslog.service",
		"etc/systemd/system/chronyd.service":                            "../../../lib/systemd/system/chrony.service",
		"etc/nginx/sites-enabled/default":                               "../sites-available/default",
		"etc/localtime":                                                 "../usr/share/zoneinfo/Asia/Shanghai",
	} {
		if err := b.link(target, name, t.installed); err != nil {
			return err
		}
	}
	for _, p := range packages {
		mt := t.installed
		if p.updated {
			mt = t.updated
		}
		files := append(p.files, pkgFile{path: "/usr/share/doc/" + p.name + "/copyright",
			content: "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: " + p.name + "\nComment: " + standIn + "\n"})
		for _, f := range files {
			mode := f.mode
			if mode == 0 {
				mode = 0o644
			}
			if err := b.file(p.name, f.path, f.content, mode, mt); err != nil {
				return err
			}
		}
	}
	// The zone of /etc/localtime: China Standard Time, which yingji reads
	// to date the logs.
	if err := b.file("tzdata", "/usr/share/zoneinfo/Asia/Shanghai", string(tzif()), 0o644, t.installed); err != nil {
		return err
	}
	day := func(x time.Time) int { return int(x.Unix() / 86400) }
	local := []struct {
		path, content string
		mode          os.FileMode
		mtime         time.Time
	}{
		{"/etc/hostname", hostname + "\n", 0o644, t.installed},
		{"/etc/hosts", lines("127.0.0.1\tlocalhost", "127.0.1.1\t"+hostname+"."+"example-tech.example\t"+hostname, "", "# The following lines are desirable for IPv6 capable hosts",
			"::1     localhost ip6-localhost ip6-loopback", "ff02::1 ip6-allnodes", "ff02::2 ip6-allrouters"), 0o644, t.installed},
		{"/etc/resolv.conf", "# Generated by cloud-init\nnameserver 10.0.0.2\nsearch example-tech.example\n", 0o644, t.installed},
		{"/etc/timezone", "Asia/Shanghai\n", 0o644, t.installed},
		{"/etc/machine-id", "5f0b7c1e2d3a4b59a6c7d8e9f0a1b2c3\n", 0o444, t.installed},
		{"/etc/fstab", "# /etc/fstab: static file system information.\nUUID=3b6f6c2a-8f1e-4c5d-9a7b-2e4d6f8a0c1e /               ext4    errors=remount-ro 0       1\nUUID=7D2A-41C9  /boot/efi       vfat    umask=0077      0       1\n", 0o644, t.installed},
		{"/etc/passwd", passwdClean, 0o644, t.installed.Add(2 * time.Hour)},
		{"/etc/group", groupClean, 0o644, t.installed.Add(2 * time.Hour)},
		{"/etc/shadow", shadowClean(day(t.installed)), 0o640, t.installed.Add(2 * time.Hour)},
		{"/etc/gshadow", "root:*::\nadm:*::zhangwei\nsudo:*::zhangwei\nwww-data:*::\nshadow:*::\nzhangwei:!::\n", 0o640, t.installed.Add(2 * time.Hour)},
		{"/etc/profile.d/history.sh", lines("# Security baseline (等保): keep every command with its time, written at once.", `export HISTTIMEFORMAT="%F %T "`,
			"export HISTSIZE=10000", "export HISTFILESIZE=20000", "shopt -s histappend", `export PROMPT_COMMAND="history -a"`), 0o644, t.installed.Add(80 * time.Minute)},
		{"/etc/ssh/sshd_config", sshdConfig, 0o644, t.installed.Add(3 * time.Hour)},
		{"/etc/ssh/ssh_host_ed25519_key.pub", authorizedKey(hostKeySeed, "root@"+hostname) + "\n", 0o644, t.installed},
		{"/etc/ssh/ssh_host_ecdsa_key.pub", ecdsaKey("web01 host ecdsa", "root@"+hostname) + "\n", 0o644, t.installed},
		{"/etc/sysctl.conf", "#\n# /etc/sysctl.conf - Configuration file for setting system variables\n#kernel.domainname = example.com\n#net.ipv4.ip_forward=1\n", 0o644, t.installed},
		{"/etc/default/locale", "LANG=en_US.UTF-8\n", 0o644, t.installed},
		{"/etc/motd", "\nThe programs included with the Debian GNU/Linux system are free software;\nthe exact distribution terms for each program are described in the\nindividual files in /usr/share/doc/*/copyright.\n\nDebian GNU/Linux comes with ABSOLUTELY NO WARRANTY, to the extent\npermitted by applicable law.\n", 0o644, t.installed},
		{"/root/.bashrc", "# ~/.bashrc: executed by bash(1) for non-login shells.\n\n# Note: PS1 is set in /etc/profile, and the default umask is defined\n# in /etc/login.defs. You should not need this unless you want different\n# defaults for root.\n# PS1='${debian_chroot:+($debian_chroot)}\\h:\\w\\$ '\n# umask 022\n\nexport LS_OPTIONS='--color=auto'\neval \"$(dircolors)\"\nalias ls='ls $LS_OPTIONS'\nalias ll='ls $LS_OPTIONS -l'\n", 0o644, t.installed},
		{"/root/.profile", "# ~/.profile: executed by Bourne-compatible login shells.\n\nif [ \"$BASH\" ]; then\n  if [ -f ~/.bashrc ]; then\n    . ~/.bashrc\n  fi\nfi\n\nmesg n 2> /dev/null || true\n", 0o644, t.installed},
		{"/home/" + admin + "/.bashrc", packages[1].files[2].content, 0o644, t.installed.Add(2 * time.Hour)},
		{"/home/" + admin + "/.profile", packages[1].files[3].content, 0o644, t.installed.Add(2 * time.Hour)},
		{"/home/" + admin + "/.bash_logout", packages[1].files[4].content, 0o644, t.installed.Add(2 * time.Hour)},
		{"/home/" + admin + "/.bash_history", adminHistory, 0o600, t.attack.Add(-13 * time.Hour)},
		{"/var/spool/cron/crontabs/" + admin, "# DO NOT EDIT THIS FILE - edit the master and reinstall.\n# (/tmp/crontab.Wg8Rk2/crontab installed on " + t.site.Add(-30*24*time.Hour).Format("Mon Jan  2 15:04:05 2006") + ")\n# (Cron version -- $Id: crontab.c,v 2.13 1994/01/17 03:20:37 vixie Exp $)\n# m h  dom mon dow   command\n30 2 * * * tar -czf /var/backups/www-$(date +\\%F).tar.gz -C /var/www html >/dev/null 2>&1\n", 0o600, t.site.Add(-30 * 24 * time.Hour)},
		{"/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", "Origin: Debian\nLabel: Debian\nSuite: stable\nVersion: 12.5\nCodename: bookworm\n", 0o644, t.updated.Add(-5 * time.Minute)},
		{"/var/lib/apt/lists/deb.debian.org_debian-security_dists_bookworm-security_InRelease", "Origin: Debian\nLabel: Debian-Security\nSuite: stable-security\nCodename: bookworm-security\n", 0o644, t.updated.Add(-5 * time.Minute)},
		{"/var/lib/apt/lists/lock", "", 0o640, t.updated},
		{"/etc/apt/sources.list", "deb http://deb.debian.org/debian bookworm main\ndeb http://deb.debian.org/debian-security bookworm-security main\ndeb http://deb.debian.org/debian bookworm-updates main\n", 0o644, t.installed},
		{"/var/log/dpkg.log", dpkgLog(t), 0o644, t.updated.Add(3 * time.Minute)},
		{"/var/log/apt/history.log", aptHistory(t), 0o644, t.updated.Add(3 * time.Minute)},
	}
	for _, f := range local {
		if err := b.file("", f.path, f.content, f.mode, f.mtime); err != nil {
			return err
		}
	}
	// Mode bits Go spells as os.Mode* (setuid, sticky).
	for _, p := range []string{"usr/bin/sudo", "usr/bin/passwd", "usr/bin/mount", "usr/bin/umount", "usr/bin/su", "usr/bin/chage"} {
		if err := os.Chmod(b.path(p), os.ModeSetuid|0o755); err != nil {
			return err
		}
	}
	for _, p := range []string{"tmp", "var/tmp", "dev/shm"} {
		if err := os.Chmod(b.path(p), os.ModeSticky|0o777); err != nil {
			return err
		}
	}
	for _, p := range []string{"root", "root/.ssh", "home/" + admin + "/.ssh"} {
		if err := os.MkdirAll(b.path(p), 0o700); err != nil {
			return err
		}
		if err := os.Chmod(b.path(p), 0o700); err != nil {
			return err
		}
	}
	return nil
}

// dpkg writes the package database (status, info/*.list, *.md5sums and
// *.conffiles) for the files the packages own as written.
func (b *builder) dpkg() error {
	byName := map[string]pkg{}
	names := make([]string, 0, len(b.pkgs))
	for _, p := range packages {
		byName[p.name] = p
	}
	for n := range b.pkgs {
		names = append(names, n)
	}
	sort.Strings(names)
	var status strings.Builder
	for _, n := range names {
		p := byName[n]
		if p.name == "" {
			p = pkg{name: n, version: "2024a-0+deb12u1", section: "localization", desc: "time zone and daylight-saving time data"}
		}
		files := append([]string(nil), b.pkgs[n]...)
		sort.Strings(files)
		var list, sums, confs strings.Builder
		dirs := map[string]bool{}
		for _, f := range files {
			for d := path.Dir(f); d != "/" && !dirs[d]; d = path.Dir(d) {
				dirs[d] = true
			}
		}
		all := append([]string{"/."}, files...)
		for d := range dirs {
			all = append(all, d)
		}
		sort.Strings(all)
		var confLines []string
		for _, f := range all {
			list.WriteString(f + "\n")
		}
		for _, f := range files {
			c, err := os.ReadFile(b.path(f))
			if err != nil {
				return err
			}
			sum := md5.Sum(c)
			hs := hex.EncodeToString(sum[:])
			if b.conf[f] {
				confs.WriteString(f + "\n")
				confLines = append(confLines, " "+f+" "+hs)
				continue
			}
			fmt.Fprintf(&sums, "%s  %s\n", hs, strings.TrimPrefix(f, "/"))
		}
		fmt.Fprintf(&status, "Package: %s\nStatus: install ok installed\nPriority: optional\nSection: %s\nInstalled-Size: %d\nMaintainer: Debian Developers <debian-devel@lists.debian.org>\nArchitecture: amd64\nVersion: %s\n",
			p.name, p.section, 64+len(files)*37, p.version)
		if len(confLines) > 0 {
			status.WriteString("Conffiles:\n" + strings.Join(confLines, "\n") + "\n")
		}
		fmt.Fprintf(&status, "Description: %s\n\n", p.desc)
		mt := b.t.installed
		if p.updated {
			mt = b.t.updated
		}
		info := "/var/lib/dpkg/info/" + n
		if err := b.write(info+".list", []byte(list.String()), 0o644, mt); err != nil {
			return err
		}
		if sums.Len() > 0 {
			if err := b.write(info+".md5sums", []byte(sums.String()), 0o644, mt); err != nil {
				return err
			}
		}
		if confs.Len() > 0 {
			if err := b.write(info+".conffiles", []byte(confs.String()), 0o644, mt); err != nil {
				return err
			}
		}
	}
	return b.write("/var/lib/dpkg/status", []byte(status.String()), 0o644, b.t.updated.Add(2*time.Minute))
}

const passwdClean = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin
messagebus:x:100:107::/nonexistent:/usr/sbin/nologin
sshd:x:101:65534::/run/sshd:/usr/sbin/nologin
_chrony:x:102:108:Chrony daemon,,,:/var/lib/chrony:/usr/sbin/nologin
zhangwei:x:1000:1000:Zhang Wei,,,:/home/zhangwei:/bin/bash
`

const groupClean = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:zhangwei
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
cdrom:x:24:
sudo:x:27:zhangwei
audio:x:29:
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
shadow:x:42:
utmp:x:43:
video:x:44:
plugdev:x:46:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
systemd-journal:x:999:
systemd-network:x:998:
messagebus:x:107:
_chrony:x:108:
zhangwei:x:1000:
`

func shadowClean(day int) string {
	var w strings.Builder
	fmt.Fprintf(&w, "root:$y$j9T$Fm3gQp6xYtq1dNh0L5ePa/$uT8c2vK9RzQH0e4mC3aXbWq1sYp7nJdLfG6hE2kV5r.:%d:0:99999:7:::\n", day)
	for _, n := range []string{"daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy", "www-data", "backup", "list", "irc", "_apt", "nobody"} {
		fmt.Fprintf(&w, "%s:*:%d:0:99999:7:::\n", n, day)
	}
	fmt.Fprintf(&w, "systemd-network:!*:%d::::::\nmessagebus:!:%d::::::\nsshd:!:%d::::::\n_chrony:!:%d::::::\n", day, day, day, day)
	fmt.Fprintf(&w, "zhangwei:$y$j9T$3kWm1vQz8bTn0pLx7cRa2/$Hq9tN4cV1mZ8xK2pW6jR3sY5dL0fA7gB1eC9uT4iO2.:%d:0:99999:7:::\n", day)
	return w.String()
}

// sshdConfig is Debian's, with the two changes the provider's image made
// for password logins as root (how the intruder got in).
const sshdConfig = `
# This is the sshd server system-wide configuration file.  See
# sshd_config(5) for more information.

Include /etc/ssh/sshd_config.d/*.conf

#Port 22
#AddressFamily any
#ListenAddress 0.0.0.0
#ListenAddress ::

# Logging
#SyslogFacility AUTH
#LogLevel INFO

# Authentication:

#LoginGraceTime 2m
PermitRootLogin yes
#StrictModes yes
#MaxAuthTries 6
#MaxSessions 10

#PubkeyAuthentication yes

# Expect .ssh/authorized_keys2 to be disregarded by default in future.
#AuthorizedKeysFile	.ssh/authorized_keys .ssh/authorized_keys2

# To disable tunneled clear text passwords, change to no here!
PasswordAuthentication yes
#PermitEmptyPasswords no

KbdInteractiveAuthentication no

UsePAM yes

#AllowAgentForwarding yes
#AllowTcpForwarding yes
#GatewayPorts no
X11Forwarding yes
PrintMotd no

# Allow client to pass locale environment variables
AcceptEnv LANG LC_*

# override default of no subsystems
Subsystem	sftp	/usr/lib/openssh/sftp-server
`

const nginxConf = `user www-data;
worker_processes auto;
pid /run/nginx.pid;
error_log /var/log/nginx/error.log;
include /etc/nginx/modules-enabled/*.conf;

events {
	worker_connections 768;
}

http {
	sendfile on;
	tcp_nopush on;
	types_hash_max_size 2048;
	server_tokens off;

	include /etc/nginx/mime.types;
	default_type application/octet-stream;

	ssl_protocols TLSv1.2 TLSv1.3;
	ssl_prefer_server_ciphers on;

	access_log /var/log/nginx/access.log;

	gzip on;

	include /etc/nginx/conf.d/*.conf;
	include /etc/nginx/sites-enabled/*;
}
`

const nginxSite = `# Example Tech Co., Ltd. corporate site
server {
	listen 80 default_server;
	listen [::]:80 default_server;

	root /var/www/html;
	index index.html index.php;

	server_name www.example-tech.example example-tech.example;

	access_log /var/log/nginx/access.log;
	error_log /var/log/nginx/error.log;

	location / {
		try_files $uri $uri/ =404;
	}

	location ~ \.php$ {
		include snippets/fastcgi-php.conf;
		fastcgi_pass unix:/run/php/php8.2-fpm.sock;
	}

	location ~ /\.ht {
		deny all;
	}
}
`

// adminHistory is the administrator's own, ordinary shell history.
const adminHistory = `sudo apt update
sudo apt upgrade -y
systemctl status nginx
cd /var/www/html
ls -la
sudo nginx -t
sudo systemctl reload nginx
tail -n 50 /var/log/nginx/access.log
df -h
free -m
sudo tail /var/log/auth.log
crontab -l
ls /var/backups/
exit
`

func dpkgLog(t *timeline) string {
	var w strings.Builder
	at := t.installed.Add(-20 * time.Minute)
	for i, p := range packages {
		ts := at.Add(time.Duration(i) * 7 * time.Second).Format("2006-01-02 15:04:05")
		fmt.Fprintf(&w, "%s install %s:amd64 <none> %s\n%s status installed %s:amd64 %s\n", ts, p.name, p.version, ts, p.name, p.version)
	}
	at = t.updated
	for i, p := range packages {
		if !p.updated {
			continue
		}
		ts := at.Add(time.Duration(i) * 5 * time.Second).Format("2006-01-02 15:04:05")
		fmt.Fprintf(&w, "%s upgrade %s:amd64 %s %s\n%s status installed %s:amd64 %s\n", ts, p.name, strings.TrimSuffix(p.version, "4")+"2", p.version, ts, p.name, p.version)
	}
	return w.String()
}

func aptHistory(t *timeline) string {
	var up []string
	for _, p := range packages {
		if p.updated {
			up = append(up, fmt.Sprintf("%s:amd64 (%s, %s)", p.name, strings.TrimSuffix(p.version, "4")+"2", p.version))
		}
	}
	return fmt.Sprintf("\nStart-Date: %s\nCommandline: apt upgrade -y\nRequested-By: %s (1000)\nUpgrade: %s\nEnd-Date: %s\n",
		t.updated.Format("2006-01-02  15:04:05"), admin, strings.Join(up, ", "), t.updated.Add(2*time.Minute).Format("2006-01-02  15:04:05"))
}

// tzif returns a TZif (version 2) file of one zone type, CST (UTC+8),
// with no transitions: China Standard Time as it has been since 1991.
func tzif() []byte {
	block := func(v2 bool) []byte {
		var b []byte
		b = append(b, "TZif2"...)
		b = append(b, make([]byte, 15)...)
		for _, n := range []uint32{0, 0, 0, 0, 1, 4} { // isut, isstd, leap, time, type, char counts
			b = binary.BigEndian.AppendUint32(b, n)
		}
		b = binary.BigEndian.AppendUint32(b, 8*3600) // ttinfo: utoff
		b = append(b, 0, 0)                          // isdst, desigidx
		return append(b, "CST\x00"...)
	}
	out := append(block(false), block(true)...)
	return append(out, "\nCST-8\n"...)
}
