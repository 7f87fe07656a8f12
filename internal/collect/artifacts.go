package collect

// An artifact is a group of target paths collected together. Patterns are
// relative to the target root; '*', '?' and '[...]' match within one path
// element, and a final "**" takes the whole tree below.
type artifact struct {
	Category string
	Patterns []string
	// Log artifacts obey the log size, age and total limits; others the
	// per-file limit.
	Log bool
}

// Categories, in the order of collection (RFC 3227: most volatile first).
const (
	CatVolatile    = "volatile"
	CatProcess     = "process"
	CatAccounts    = "accounts"
	CatPersistence = "persistence"
	CatLogs        = "logs"
	CatWeb         = "web"
	CatPackages    = "packages"
	CatTimeline    = "timeline"
)

// systemArtifacts are collected from every target. Home-directory files are
// added per account from userFiles.
var systemArtifacts = []artifact{
	{Category: CatAccounts, Patterns: []string{
		"etc/passwd", "etc/passwd-", "etc/group", "etc/group-", "etc/shadow", "etc/shadow-",
		"etc/gshadow", "etc/gshadow-", "etc/sudoers", "etc/sudoers.d/**", "etc/doas.conf",
		"etc/login.defs", "etc/security/**", "etc/pam.d/**", "etc/pam.conf",
		"etc/ssh/ssh_config", "etc/ssh/ssh_config.d/**", "etc/ssh/sshd_config", "etc/ssh/sshd_config.d/**",
		"etc/ssh/*.pub", "etc/ssh/moduli", "etc/ssh/ssh_known_hosts", "etc/ssh/sshrc",
		"etc/ssh/ssh_host_*_key",
		"etc/hosts", "etc/hosts.allow", "etc/hosts.deny", "etc/hostname", "etc/resolv.conf",
		"etc/nsswitch.conf", "etc/os-release", "usr/lib/os-release", "etc/machine-id", "etc/issue",
		"etc/environment", "etc/profile", "etc/profile.d/**", "etc/bash.bashrc", "etc/bashrc",
		"etc/bash.bash_logout", "etc/zsh/**", "etc/zshrc", "etc/zprofile", "etc/csh.cshrc", "etc/csh.login",
		"etc/skel/**", "etc/shells", "etc/fstab", "etc/exports", "etc/sysctl.conf", "etc/sysctl.d/**",
		"etc/iptables/**", "etc/sysconfig/iptables", "etc/sysconfig/ip6tables", "etc/nftables.conf",
		"etc/firewalld/**", "etc/ufw/**", "etc/audit/**", "etc/rsyslog.conf", "etc/rsyslog.d/**",
		"etc/syslog-ng/**", "etc/logrotate.conf", "etc/logrotate.d/**", "etc/systemd/journald.conf",
		"etc/selinux/config", "etc/apt/sources.list", "etc/apt/sources.list.d/**", "etc/yum.repos.d/**",
		"etc/docker/daemon.json", "etc/containerd/config.toml",
		"root/.ssh/**", "run/utmp", "var/run/utmp",
	}},
	{Category: CatPersistence, Patterns: []string{
		"etc/crontab", "etc/cron.d/**", "etc/cron.hourly/**", "etc/cron.daily/**", "etc/cron.weekly/**",
		"etc/cron.monthly/**", "etc/cron.yearly/**", "etc/anacrontab", "etc/cron.allow", "etc/cron.deny",
		"etc/at.allow", "etc/at.deny", "var/spool/cron/**", "var/spool/at/**", "var/spool/anacron/**",
		"var/spool/cron/atjobs/**", "etc/systemd/**", "lib/systemd/system/**", "usr/lib/systemd/system/**",
		"usr/lib/systemd/user/**", "usr/local/lib/systemd/**", "lib/systemd/system-generators/**",
		"usr/lib/systemd/system-generators/**", "usr/lib/systemd/user-generators/**",
		"run/systemd/system/**", "run/systemd/transient/**", "run/systemd/generator/**",
		"run/systemd/generator.early/**", "run/systemd/generator.late/**",
		"etc/init.d/**", "etc/rc.local", "etc/rc.d/rc.local", "etc/rc.d/init.d/**", "etc/rc?.d/**",
		"etc/init/**", "etc/inittab", "etc/xdg/autostart/**", "etc/update-motd.d/**", "etc/motd",
		"etc/ld.so.preload", "etc/ld.so.conf", "etc/ld.so.conf.d/**",
		"etc/modules", "etc/modules-load.d/**", "usr/lib/modules-load.d/**", "lib/modules-load.d/**",
		"etc/modprobe.d/**", "lib/modprobe.d/**", "usr/lib/modprobe.d/**",
		"etc/udev/rules.d/**", "lib/udev/rules.d/**", "usr/lib/udev/rules.d/**",
		"etc/inetd.conf", "etc/xinetd.conf", "etc/xinetd.d/**",
		"usr/lib/python3*/site-packages/*.pth", "usr/lib/python3*/dist-packages/*.pth",
		"usr/local/lib/python3*/site-packages/*.pth", "usr/local/lib/python3*/dist-packages/*.pth",
		"usr/lib/python3/dist-packages/*.pth", "usr/lib64/python3*/site-packages/*.pth",
		"usr/local/share/ca-certificates/**", "etc/pki/ca-trust/source/anchors/**", "etc/ca-certificates.conf",
		"etc/kubernetes/manifests/**", "var/lib/kubelet/config.yaml", "etc/apt/apt.conf.d/**",
		"etc/NetworkManager/dispatcher.d/**", "etc/network/if-up.d/**", "etc/network/if-pre-up.d/**",
		"etc/ppp/ip-up.d/**", "etc/dhcp/dhclient-exit-hooks.d/**", "etc/dhcp/dhclient-enter-hooks.d/**",
	}},
	{Category: CatLogs, Log: true, Patterns: []string{
		"var/log/**", "www/wwwlogs/**", "usr/local/nginx/logs/**", "usr/local/apache2/logs/**",
		"usr/local/apache/logs/**", "usr/local/openresty/nginx/logs/**", "usr/local/tomcat/logs/**",
		"opt/tomcat*/logs/**", "www/server/panel/logs/**", "var/adm/**",
	}},
	{Category: CatWeb, Patterns: []string{
		"etc/nginx/**", "etc/apache2/**", "etc/httpd/**", "etc/lighttpd/**", "etc/caddy/**", "etc/haproxy/**",
		"usr/local/nginx/conf/**", "usr/local/apache2/conf/**", "usr/local/apache/conf/**",
		"usr/local/openresty/nginx/conf/**", "www/server/panel/vhost/**", "www/server/nginx/conf/**",
		"www/server/apache/conf/**", "www/server/php/*/etc/**", "etc/php/**", "etc/php.ini", "etc/php.d/**",
		"etc/php-fpm.conf", "etc/php-fpm.d/**", "usr/local/php/etc/**", "usr/local/php*/etc/**",
		"etc/tomcat*/**", "usr/local/tomcat/conf/**", "opt/tomcat*/conf/**", "etc/nginx/conf.d/**",
	}},
	{Category: CatPackages, Patterns: []string{
		"var/lib/dpkg/status", "var/lib/dpkg/info/*.md5sums", "var/lib/dpkg/info/*.list",
		"var/lib/dpkg/info/*.conffiles", "var/lib/rpm/**", "usr/lib/sysimage/rpm/**", "var/lib/apk/db/installed",
	}},
}

// userFiles are collected from every account's home directory.
var userFiles = []string{
	".ssh/**",
	".bashrc", ".bash_profile", ".bash_login", ".profile", ".bash_logout", ".bash_aliases",
	".zshrc", ".zshenv", ".zprofile", ".zlogin", ".zlogout", ".cshrc", ".tcshrc", ".kshrc", ".mkshrc",
	".bash_history", ".zsh_history", ".zhistory", ".sh_history", ".history", ".ash_history",
	".mysql_history", ".psql_history", ".python_history", ".rediscli_history", ".node_repl_history",
	".sqlite_history", ".lesshst", ".viminfo", ".wget-hsts", ".pam_environment", ".forward", ".rhosts",
	".shosts", ".config/autostart/**", ".config/systemd/user/**", ".config/fish/config.fish",
	".local/share/systemd/user/**", ".xinitrc", ".xsessionrc", ".xprofile", ".vimrc", ".gitconfig",
	".selected_editor", ".docker/config.json", ".kube/config", ".netrc", ".pgpass", ".my.cnf", ".aws/credentials",
}

// secretFiles hold credentials: only their metadata and a redacted
// description are stored, never the secrets.
var secretFiles = []string{".docker/config.json", ".kube/config", ".netrc", ".pgpass", ".my.cnf", ".aws/credentials"}

// pseudoFS are file systems with no stored files; the timeline skips them.
var pseudoFS = map[string]bool{
	"proc": true, "sysfs": true, "cgroup": true, "cgroup2": true, "debugfs": true, "tracefs": true,
	"securityfs": true, "pstore": true, "bpf": true, "configfs": true, "fusectl": true, "mqueue": true,
	"hugetlbfs": true, "autofs": true, "binfmt_misc": true, "efivarfs": true, "selinuxfs": true,
	"nsfs": true, "rpc_pipefs": true, "devpts": true,
}

// remoteFS are network file systems: walking them is slow and may hang, and
// they are not the target's own disk; the timeline skips them unless asked.
var remoteFS = map[string]bool{
	"nfs": true, "nfs4": true, "cifs": true, "smb3": true, "smbfs": true, "fuse.sshfs": true,
	"ceph": true, "glusterfs": true, "fuse.glusterfs": true, "lustre": true, "afs": true,
}
