package check

// Hardening baseline checks (lynis is the model): SSH server settings,
// password policy, world-writable files in system paths, services exposed
// to every network, kernel parameters, update state and the presence of a
// firewall, auditing and time synchronisation. They are observations, low
// or informational, that feed the report's security recommendations
// (安全优化建议); only a service open to the world without authentication
// and world-writable credential files rank higher.

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/source"
	"github.com/yingji/yingji/internal/targetfs"
)

// hardeningCheck fills the fields every hardening check shares.
func hardeningCheck(c *Check) *Check {
	c.Family = "hardening"
	if c.Category == "" {
		c.Category = "SHVULN"
	}
	return c
}

func init() {
	Register(
		hardeningCheck(&Check{
			ID:            "hardening.ssh_root_login",
			Title:         "SSH server allows root to log in with a password",
			TitleZh:       "SSH 服务允许 root 使用口令登录",
			Description:   "sshd_config sets PermitRootLogin yes: root can log in over SSH with a password, the first target of brute-force attacks.",
			DescriptionZh: "sshd_config 设置了 PermitRootLogin yes：root 可通过 SSH 使用口令登录，是暴力破解的首要目标。",
			Verify:        "Run sshd -T | grep -i permitrootlogin on the host (it shows the effective value, including Match blocks).",
			VerifyZh:      "在主机上执行 sshd -T | grep -i permitrootlogin 查看生效值（含 Match 块）。",
			Advice:        "Set PermitRootLogin no (or prohibit-password when root must log in with a key), log in as a named user and use sudo; reload sshd.",
			AdviceZh:      "设置 PermitRootLogin no（确需 root 登录时设为 prohibit-password 仅允许密钥），使用普通账户登录后 sudo 提权；然后重载 sshd。",
			Attack:        []string{"T1110", "T1078.003"},
			Severity:      finding.Low,
			Reads:         []string{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d"},
			Run: func(c *Context) error {
				return hardeningSSHOption(c, "permitrootlogin", func(v string) bool { return strings.EqualFold(v, "yes") }, "", "")
			},
		}),
		hardeningCheck(&Check{
			ID:            "hardening.ssh_password_auth",
			Title:         "SSH server accepts password authentication",
			TitleZh:       "SSH 服务允许口令认证",
			Description:   "PasswordAuthentication is yes (explicitly, or by default when unset): every account with a password can be brute-forced over SSH.",
			DescriptionZh: "PasswordAuthentication 为 yes（显式配置，或未配置时的默认值）：所有设置了口令的账户都可能被 SSH 暴力破解。",
			Verify:        "Run sshd -T | grep -i passwordauthentication on the host; check auth.log for failed password attempts.",
			VerifyZh:      "在主机上执行 sshd -T | grep -i passwordauthentication；检查 auth.log 中的口令失败记录。",
			Advice:        "Use SSH keys and set PasswordAuthentication no (and KbdInteractiveAuthentication no); if passwords must stay, restrict source addresses and add fail2ban or a bastion host.",
			AdviceZh:      "改用 SSH 密钥并设置 PasswordAuthentication no（及 KbdInteractiveAuthentication no）；确需口令时限制来源地址，并使用 fail2ban 或堡垒机。",
			Attack:        []string{"T1110", "T1021.004"},
			Severity:      finding.Low,
			Reads:         []string{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d"},
			Run: func(c *Context) error {
				return hardeningSSHOption(c, "passwordauthentication", func(v string) bool { return strings.EqualFold(v, "yes") },
					"PasswordAuthentication is not set, and OpenSSH's default is yes.", "未配置 PasswordAuthentication，OpenSSH 默认值为 yes。")
			},
		}),
		hardeningCheck(&Check{
			ID:            "hardening.ssh_empty_passwords",
			Title:         "SSH server allows accounts with empty passwords",
			TitleZh:       "SSH 服务允许空口令账户登录",
			Description:   "PermitEmptyPasswords yes lets any account whose password field is empty log in over SSH without a password.",
			DescriptionZh: "PermitEmptyPasswords yes 允许口令字段为空的账户无需口令即可通过 SSH 登录。",
			Verify:        "Run sshd -T | grep -i permitemptypasswords; list accounts with an empty password field in /etc/shadow.",
			VerifyZh:      "执行 sshd -T | grep -i permitemptypasswords；列出 /etc/shadow 中口令字段为空的账户。",
			Advice:        "Set PermitEmptyPasswords no, lock accounts with empty passwords (passwd -l) and reload sshd.",
			AdviceZh:      "设置 PermitEmptyPasswords no，锁定空口令账户（passwd -l），然后重载 sshd。",
			Attack:        []string{"T1078", "T1021.004"},
			Severity:      finding.Low,
			Reads:         []string{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d"},
			Run: func(c *Context) error {
				return hardeningSSHOption(c, "permitemptypasswords", func(v string) bool { return strings.EqualFold(v, "yes") }, "", "")
			},
		}),
		hardeningCheck(&Check{
			ID:            "hardening.ssh_protocol1",
			Title:         "SSH server configured for protocol version 1",
			TitleZh:       "SSH 服务配置了协议版本 1",
			Description:   "Protocol 1 is broken (session hijacking, weak integrity). Modern OpenSSH ignores it, but its presence marks an old server or an old, unreviewed configuration.",
			DescriptionZh: "SSH 协议 1 存在严重缺陷（会话劫持、完整性弱）。新版 OpenSSH 已忽略该配置，但其存在表明服务端版本过旧或配置长期未审查。",
			Verify:        "Check the OpenSSH version (sshd -V or the package version) and sshd -T output.",
			VerifyZh:      "检查 OpenSSH 版本（sshd -V 或软件包版本）及 sshd -T 的输出。",
			Advice:        "Remove the Protocol line (protocol 2 only) and upgrade OpenSSH to a supported release.",
			AdviceZh:      "删除 Protocol 配置行（仅使用协议 2），并将 OpenSSH 升级到受支持的版本。",
			Attack:        []string{"T1557", "T1040"},
			Severity:      finding.Low,
			Reads:         []string{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d"},
			Run: func(c *Context) error {
				return hardeningSSHOption(c, "protocol", func(v string) bool {
					for _, p := range strings.Split(v, ",") {
						if strings.TrimSpace(p) == "1" {
							return true
						}
					}
					return false
				}, "", "")
			},
		}),
		hardeningCheck(&Check{
			ID:            "hardening.ssh_weak_crypto",
			Title:         "SSH server enables weak ciphers, MACs or key exchange",
			TitleZh:       "SSH 服务启用了弱加密算法、MAC 或密钥交换算法",
			Description:   "Ciphers, MACs, KexAlgorithms or HostKeyAlgorithms in sshd_config enable algorithms considered weak (CBC-mode and RC4 ciphers, MD5 and 96-bit MACs, SHA-1 Diffie-Hellman groups, DSA keys).",
			DescriptionZh: "sshd_config 中的 Ciphers、MACs、KexAlgorithms 或 HostKeyAlgorithms 启用了弱算法（CBC 模式与 RC4 加密、MD5 与 96 位 MAC、SHA-1 的 Diffie-Hellman 组、DSA 密钥）。",
			Verify:        "Run sshd -T | grep -Ei '^(ciphers|macs|kexalgorithms|hostkeyalgorithms)' on the host, or scan the port with ssh-audit.",
			VerifyZh:      "在主机上执行 sshd -T | grep -Ei '^(ciphers|macs|kexalgorithms|hostkeyalgorithms)'，或使用 ssh-audit 扫描端口。",
			Advice:        "Remove the weak algorithms (or the whole line, to use OpenSSH's defaults); keep old clients working through a separate, restricted server rather than weakening this one.",
			AdviceZh:      "删除弱算法（或删除整行以使用 OpenSSH 默认值）；老旧客户端应通过单独受限的服务接入，而非降低本服务的安全性。",
			Attack:        []string{"T1557", "T1040"},
			Severity:      finding.Low,
			Reads:         []string{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d"},
			Run:           hardeningSSHWeakCrypto,
		}),
		hardeningCheck(&Check{
			ID:            "hardening.ssh_max_auth_tries",
			Title:         "SSH server allows many authentication attempts per connection",
			TitleZh:       "SSH 服务单连接允许的认证尝试次数过多",
			Description:   "MaxAuthTries above 6 lets a brute-force tool try many passwords per connection and makes failures harder to see in the logs.",
			DescriptionZh: "MaxAuthTries 大于 6 时，暴力破解工具每个连接可尝试更多口令，日志中的失败记录也更难察觉。",
			Verify:        "Run sshd -T | grep -i maxauthtries on the host.",
			VerifyZh:      "在主机上执行 sshd -T | grep -i maxauthtries。",
			Advice:        "Set MaxAuthTries 3 to 4 and reload sshd.",
			AdviceZh:      "设置 MaxAuthTries 为 3 到 4，然后重载 sshd。",
			Attack:        []string{"T1110"},
			Severity:      finding.Low,
			Reads:         []string{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d"},
			Run: func(c *Context) error {
				return hardeningSSHOption(c, "maxauthtries", func(v string) bool { n, err := strconv.Atoi(v); return err == nil && n > 6 }, "", "")
			},
		}),
		hardeningCheck(&Check{
			ID:            "hardening.ssh_x11_forwarding",
			Title:         "SSH server allows X11 forwarding",
			TitleZh:       "SSH 服务允许 X11 转发",
			Description:   "X11Forwarding yes is rarely needed on a server and exposes the user's X display to the server side.",
			DescriptionZh: "服务器上很少需要 X11Forwarding yes，开启后用户的 X 显示会暴露给服务器端。",
			Verify:        "Run sshd -T | grep -i x11forwarding; ask whether anyone uses graphical programs over SSH.",
			VerifyZh:      "执行 sshd -T | grep -i x11forwarding；确认是否有人通过 SSH 使用图形程序。",
			Advice:        "Set X11Forwarding no unless it is needed, and reload sshd.",
			AdviceZh:      "如无需要设置 X11Forwarding no，然后重载 sshd。",
			Attack:        []string{"T1021.004"},
			Severity:      finding.Info,
			Reads:         []string{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d"},
			Run: func(c *Context) error {
				return hardeningSSHOption(c, "x11forwarding", func(v string) bool { return strings.EqualFold(v, "yes") }, "", "")
			},
		}),
		hardeningCheck(&Check{
			ID:            "hardening.ssh_client_alive",
			Title:         "SSH server never closes idle sessions",
			TitleZh:       "SSH 服务不会断开空闲会话",
			Description:   "ClientAliveInterval is 0 (the default): idle or abandoned SSH sessions stay open indefinitely.",
			DescriptionZh: "ClientAliveInterval 为 0（默认值）：空闲或被遗弃的 SSH 会话会一直保持。",
			Verify:        "Run sshd -T | grep -i clientalive on the host.",
			VerifyZh:      "在主机上执行 sshd -T | grep -i clientalive。",
			Advice:        "Set ClientAliveInterval 300 and ClientAliveCountMax 2 (or a shell TMOUT) so idle sessions end.",
			AdviceZh:      "设置 ClientAliveInterval 300 与 ClientAliveCountMax 2（或设置 Shell 的 TMOUT），使空闲会话自动断开。",
			Attack:        []string{"T1021.004"},
			Severity:      finding.Info,
			Reads:         []string{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d"},
			Run: func(c *Context) error {
				return hardeningSSHOption(c, "clientaliveinterval", func(v string) bool { return v == "0" },
					"ClientAliveInterval is not set (default 0).", "未配置 ClientAliveInterval（默认为 0）。")
			},
		}),
		hardeningCheck(&Check{
			ID:            "hardening.root_password_ssh",
			Title:         "Root has a password and may log in over SSH with it",
			TitleZh:       "root 设置了口令且可通过 SSH 使用口令登录",
			Description:   "The root account has a usable password hash (not locked), sshd permits root login (PermitRootLogin yes) and accepts passwords: the whole machine is one guessed password away.",
			DescriptionZh: "root 账户设置了可用口令（未锁定），且 sshd 允许 root 登录（PermitRootLogin yes）并接受口令认证：猜中一个口令即可控制整台主机。",
			Verify:        "Check /etc/shadow for root's field and sshd -T for permitrootlogin and passwordauthentication; look for root logins in auth.log and wtmp.",
			VerifyZh:      "检查 /etc/shadow 中 root 的口令字段，以及 sshd -T 中的 permitrootlogin 与 passwordauthentication；在 auth.log 与 wtmp 中查看 root 登录记录。",
			Advice:        "Set PermitRootLogin no or prohibit-password; lock root's password (passwd -l root) if everyone uses sudo; use a long random root password kept in a vault otherwise.",
			AdviceZh:      "设置 PermitRootLogin no 或 prohibit-password；如均使用 sudo 则锁定 root 口令（passwd -l root）；否则使用保存在密码库中的长随机口令。",
			Attack:        []string{"T1110", "T1078.003"},
			Severity:      finding.Low,
			Reads:         []string{"/etc/shadow", "/etc/ssh/sshd_config"},
			Run:           hardeningRootPasswordSSH,
		}),
		hardeningCheck(&Check{
			ID:            "hardening.password_aging",
			Title:         "Weak password policy in /etc/login.defs",
			TitleZh:       "/etc/login.defs 口令策略较弱",
			Description:   "login.defs lets passwords live forever (PASS_MAX_DAYS 99999), be changed again at once (PASS_MIN_DAYS 0), be short (PASS_MIN_LEN below 8) or be hashed with MD5 or DES (ENCRYPT_METHOD).",
			DescriptionZh: "login.defs 中口令永不过期（PASS_MAX_DAYS 99999）、可立即再次修改（PASS_MIN_DAYS 0）、长度过短（PASS_MIN_LEN 小于 8）或使用 MD5/DES 哈希（ENCRYPT_METHOD）。",
			Verify:        "Read /etc/login.defs and chage -l for existing accounts (login.defs only applies to accounts created afterwards).",
			VerifyZh:      "查看 /etc/login.defs，并用 chage -l 查看现有账户（login.defs 只对之后新建的账户生效）。",
			Advice:        "Set PASS_MAX_DAYS 90, PASS_MIN_DAYS 1, PASS_WARN_AGE 7 and ENCRYPT_METHOD SHA512 or YESCRYPT; apply to existing accounts with chage; follow the organisation's password policy (等保 requires periodic change for password logins).",
			AdviceZh:      "设置 PASS_MAX_DAYS 90、PASS_MIN_DAYS 1、PASS_WARN_AGE 7，ENCRYPT_METHOD 为 SHA512 或 YESCRYPT；用 chage 应用到现有账户；遵循单位口令策略（等保要求口令定期更换）。",
			Attack:        []string{"T1110"},
			Severity:      finding.Low,
			Reads:         []string{"/etc/login.defs"},
			Run:           hardeningPasswordAging,
		}),
		hardeningCheck(&Check{
			ID:            "hardening.password_quality",
			Title:         "No password complexity module in PAM",
			TitleZh:       "PAM 未启用口令复杂度检查模块",
			Description:   "The PAM password stack (common-password, system-auth or password-auth) uses neither pam_pwquality, pam_cracklib nor pam_passwdqc, so users can set trivial passwords.",
			DescriptionZh: "PAM 口令配置（common-password、system-auth 或 password-auth）未使用 pam_pwquality、pam_cracklib 或 pam_passwdqc，用户可以设置简单口令。",
			Verify:        "Read the password lines of /etc/pam.d/common-password (Debian) or system-auth and password-auth (RHEL).",
			VerifyZh:      "查看 /etc/pam.d/common-password（Debian）或 system-auth、password-auth（RHEL）中的 password 行。",
			Advice:        "Install libpam-pwquality (Debian) and set minlen=12 with character-class rules in /etc/security/pwquality.conf; on RHEL configure pam_pwquality through authselect.",
			AdviceZh:      "安装 libpam-pwquality（Debian），在 /etc/security/pwquality.conf 中设置 minlen=12 及字符类别要求；RHEL 通过 authselect 配置 pam_pwquality。",
			Attack:        []string{"T1110"},
			Severity:      finding.Low,
			Reads:         []string{"/etc/pam.d/common-password", "/etc/pam.d/system-auth", "/etc/pam.d/password-auth"},
			Run:           hardeningPasswordQuality,
		}),
		hardeningCheck(&Check{
			ID:            "hardening.world_writable",
			Title:         "World-writable files or directories in system paths",
			TitleZh:       "系统路径中存在全局可写的文件或目录",
			Description:   "Files, or directories without the sticky bit, under /usr, /bin, /sbin, /lib or /boot that every user may write. Any local user (or a compromised web server) can replace programs or libraries that root later runs.",
			DescriptionZh: "/usr、/bin、/sbin、/lib、/boot 下存在所有用户均可写的文件或未设置粘滞位的目录。任何本地用户（或被攻陷的 Web 服务）都可替换 root 随后运行的程序或库。",
			Verify:        "find /usr /boot -xdev \\( -type f -o -type d \\) -perm -0002 ! -perm -1000 -ls on the host; check who changed the modes (package scripts, installers, the intruder).",
			VerifyZh:      "在主机上执行 find /usr /boot -xdev \\( -type f -o -type d \\) -perm -0002 ! -perm -1000 -ls；确认权限由谁修改（软件包脚本、安装程序或入侵者）。",
			Advice:        "chmod o-w the entries (or restore modes with the package: apt-get install --reinstall); check that the files were not already replaced.",
			AdviceZh:      "对这些条目执行 chmod o-w（或重新安装软件包恢复权限：apt-get install --reinstall）；并检查文件是否已被替换。",
			Attack:        []string{"T1222.002", "T1574"},
			Severity:      finding.Low,
			Reads:         []string{"/usr", "/bin", "/sbin", "/lib", "/boot"},
			Run:           hardeningWorldWritable,
		}),
		hardeningCheck(&Check{
			ID:            "hardening.world_writable_etc",
			Title:         "World-writable files or directories in /etc",
			TitleZh:       "/etc 中存在全局可写的文件或目录",
			Description:   "Configuration in /etc that every user may write. When it is a credential or persistence file (passwd, shadow, sudoers, crontabs, ld.so.preload, profile scripts, systemd units) any local user can become root.",
			DescriptionZh: "/etc 中存在所有用户均可写的配置。若为凭据或持久化相关文件（passwd、shadow、sudoers、定时任务、ld.so.preload、profile 脚本、systemd 单元），任何本地用户都可以获取 root 权限。",
			Verify:        "ls -la the entries; check their content for changes against a backup or the package (the intruder may have used the permission already).",
			VerifyZh:      "ls -la 查看这些条目；与备份或软件包比对其内容是否已被修改（入侵者可能已利用该权限）。",
			Advice:        "Restore the standard modes (chmod 644 /etc/passwd, 640 /etc/shadow, 440 /etc/sudoers, o-w elsewhere) and review the content of each file.",
			AdviceZh:      "恢复标准权限（/etc/passwd 为 644，/etc/shadow 为 640，/etc/sudoers 为 440，其余去除其他用户写权限），并逐一审查文件内容。",
			Attack:        []string{"T1222.002", "T1548"},
			Severity:      finding.Low,
			Reads:         []string{"/etc"},
			Run:           hardeningWorldWritableEtc,
		}),
		hardeningCheck(&Check{
			ID:            "hardening.exposed_service",
			Title:         "Database, cache or container API listening on all interfaces",
			TitleZh:       "数据库、缓存或容器 API 在所有网络接口上监听",
			Description:   "A service that is often run without authentication (Redis, memcached, MongoDB, Elasticsearch, CouchDB, etcd, the Docker API on 2375) or a database listens on 0.0.0.0 or ::. Unauthenticated Redis and Docker APIs are the most common entry point of cloud-host compromises in China (mining, SSH key writing, container escape).",
			DescriptionZh: "常被无认证运行的服务（Redis、memcached、MongoDB、Elasticsearch、CouchDB、etcd、2375 端口的 Docker API）或数据库在 0.0.0.0 或 :: 上监听。未授权访问的 Redis 与 Docker API 是国内云主机被入侵（挖矿、写入 SSH 公钥、容器逃逸）最常见的入口。",
			Verify:        "Check the service's bind address and authentication (redis-cli CONFIG GET requirepass/protected-mode, docker daemon.json hosts, mongod.conf security.authorization) and the firewall / security-group rules; test access from outside.",
			VerifyZh:      "检查服务的监听地址与认证配置（redis-cli CONFIG GET requirepass/protected-mode、docker daemon.json 的 hosts、mongod.conf 的 security.authorization）及防火墙/安全组规则；从外部测试是否可访问。",
			Advice:        "Bind the service to 127.0.0.1 or a private address, enable authentication (Redis requirepass and protected-mode yes, Docker API only over TLS on 2376 or a unix socket, MongoDB authorization), and restrict the port in the firewall and the cloud security group.",
			AdviceZh:      "将服务绑定到 127.0.0.1 或内网地址，启用认证（Redis 设置 requirepass 并开启 protected-mode，Docker API 仅通过 2376 端口 TLS 或 unix socket 访问，MongoDB 开启 authorization），并在防火墙与云安全组中限制该端口。",
			Attack:        []string{"T1190", "T1133"},
			Severity:      finding.Medium,
			Needs:         NeedsVolatile,
			Reads:         []string{"sockets", "processes"},
			Run:           hardeningExposedService,
		}),
		hardeningCheck(&Check{
			ID:            "hardening.sysctl_kernel",
			Title:         "Kernel self-protection settings weakened",
			TitleZh:       "内核自我保护参数被削弱",
			Description:   "Kernel parameters that make exploits harder are off: address space randomisation (kernel.randomize_va_space not 2), hiding kernel pointers (kernel.kptr_restrict 0), restricting ptrace (kernel.yama.ptrace_scope 0), or the symlink and hardlink protections in sticky directories (fs.protected_symlinks / fs.protected_hardlinks 0).",
			DescriptionZh: "增加漏洞利用难度的内核参数被关闭：地址空间随机化（kernel.randomize_va_space 不为 2）、隐藏内核指针（kernel.kptr_restrict 为 0）、限制 ptrace（kernel.yama.ptrace_scope 为 0）、粘滞目录中的符号链接与硬链接保护（fs.protected_symlinks / fs.protected_hardlinks 为 0）。",
			Verify:        "Run sysctl -a | grep -E 'randomize_va_space|kptr_restrict|ptrace_scope|protected_(sym|hard)links' and grep -r the same names in /etc/sysctl.conf and /etc/sysctl.d.",
			VerifyZh:      "执行 sysctl -a | grep -E 'randomize_va_space|kptr_restrict|ptrace_scope|protected_(sym|hard)links'，并在 /etc/sysctl.conf 与 /etc/sysctl.d 中 grep 这些参数。",
			Advice:        "Set kernel.randomize_va_space=2, kernel.kptr_restrict=1, kernel.yama.ptrace_scope=1, fs.protected_symlinks=1 and fs.protected_hardlinks=1 in /etc/sysctl.d/ and apply with sysctl --system; find out who turned them off.",
			AdviceZh:      "在 /etc/sysctl.d/ 中设置 kernel.randomize_va_space=2、kernel.kptr_restrict=1、kernel.yama.ptrace_scope=1、fs.protected_symlinks=1、fs.protected_hardlinks=1，并执行 sysctl --system 生效；同时查明是谁关闭了这些参数。",
			Attack:        []string{"T1068"},
			Severity:      finding.Low,
			Reads:         []string{"/proc/sys", "/etc/sysctl.conf", "/etc/sysctl.d", "/usr/lib/sysctl.d"},
			Run:           hardeningSysctlKernel,
		}),
		hardeningCheck(&Check{
			ID:            "hardening.sysctl_network",
			Title:         "Network stack settings weakened",
			TitleZh:       "网络协议栈参数不安全",
			Description:   "Network parameters accept ICMP redirects or source-routed packets, disable SYN cookies, or forward packets (ip_forward, normal on routers and container hosts).",
			DescriptionZh: "网络参数接受 ICMP 重定向或源路由报文、关闭了 SYN Cookie，或开启了数据包转发（ip_forward，在路由器与容器宿主机上属正常）。",
			Verify:        "Run sysctl -a | grep -E 'ip_forward|accept_redirects|accept_source_route|tcp_syncookies' and check /etc/sysctl.conf and /etc/sysctl.d.",
			VerifyZh:      "执行 sysctl -a | grep -E 'ip_forward|accept_redirects|accept_source_route|tcp_syncookies'，并检查 /etc/sysctl.conf 与 /etc/sysctl.d。",
			Advice:        "Set net.ipv4.conf.all.accept_redirects=0, net.ipv4.conf.all.accept_source_route=0, net.ipv4.tcp_syncookies=1 (and the IPv6 equivalents); keep ip_forward=0 unless the host routes or runs containers.",
			AdviceZh:      "设置 net.ipv4.conf.all.accept_redirects=0、net.ipv4.conf.all.accept_source_route=0、net.ipv4.tcp_syncookies=1（及对应 IPv6 参数）；除非主机承担路由或容器转发，否则保持 ip_forward=0。",
			Attack:        []string{"T1557", "T1499"},
			Severity:      finding.Low,
			Reads:         []string{"/proc/sys/net", "/etc/sysctl.conf", "/etc/sysctl.d", "/usr/lib/sysctl.d"},
			Run:           hardeningSysctlNetwork,
		}),
		hardeningCheck(&Check{
			ID:            "hardening.suid_core_dump",
			Title:         "Set-user-id programs may dump core",
			TitleZh:       "允许 SUID 程序生成核心转储",
			Description:   "fs.suid_dumpable is not 0 and no hard core limit of 0 is set: a crashing set-user-id program may write its memory, which can hold password hashes and keys, to a core file.",
			DescriptionZh: "fs.suid_dumpable 不为 0，且未设置核心转储硬限制为 0：崩溃的 SUID 程序可能将内存（可能含口令哈希与密钥）写入 core 文件。",
			Verify:        "sysctl fs.suid_dumpable; grep core /etc/security/limits.conf /etc/security/limits.d/*; check kernel.core_pattern.",
			VerifyZh:      "执行 sysctl fs.suid_dumpable；grep core /etc/security/limits.conf /etc/security/limits.d/*；检查 kernel.core_pattern。",
			Advice:        "Set fs.suid_dumpable=0 in /etc/sysctl.d/ and '* hard core 0' in /etc/security/limits.conf (or Storage=none in systemd coredump.conf).",
			AdviceZh:      "在 /etc/sysctl.d/ 中设置 fs.suid_dumpable=0，并在 /etc/security/limits.conf 中加入 '* hard core 0'（或在 systemd 的 coredump.conf 中设置 Storage=none）。",
			Attack:        []string{"T1003"},
			Severity:      finding.Low,
			Reads:         []string{"/proc/sys/fs/suid_dumpable", "/etc/sysctl.conf", "/etc/sysctl.d", "/etc/security/limits.conf"},
			Run:           hardeningSuidCoreDump,
		}),
		hardeningCheck(&Check{
			ID:            "hardening.updates_stale",
			Title:         "Package lists not refreshed for a long time",
			TitleZh:       "软件包列表长期未更新",
			Description:   "The APT package lists (/var/lib/apt/lists) have not been refreshed for more than 90 days, or never: security updates are probably not being installed.",
			DescriptionZh: "APT 软件包列表（/var/lib/apt/lists）超过 90 天未刷新或从未刷新：系统很可能没有安装安全更新。",
			Verify:        "Look at the times of /var/lib/apt/lists and /var/log/apt/history.log; list upgradable packages from a trusted mirror (apt list --upgradable after an update on a copy).",
			VerifyZh:      "查看 /var/lib/apt/lists 与 /var/log/apt/history.log 的时间；通过可信源列出可升级软件包（在副本上更新后执行 apt list --upgradable）。",
			Advice:        "Install security updates regularly (unattended-upgrades for the security pocket) and after this incident patch the vulnerability that let the intruder in.",
			AdviceZh:      "定期安装安全更新（为安全更新源启用 unattended-upgrades），并在本次事件后修补入侵者利用的漏洞。",
			Attack:        []string{"T1190", "T1068"},
			Severity:      finding.Low,
			Reads:         []string{"/var/lib/apt/lists", "/var/lib/apt/periodic"},
			Run:           hardeningUpdatesStale,
		}),
		hardeningCheck(&Check{
			ID:            "hardening.reboot_required",
			Title:         "Updates installed but the host was not rebooted",
			TitleZh:       "已安装更新但主机尚未重启",
			Description:   "/run/reboot-required exists: updated packages (often the kernel or libc) only take effect after a reboot, so the running system is still vulnerable.",
			DescriptionZh: "存在 /run/reboot-required：已更新的软件包（通常是内核或 libc）需重启后才生效，当前运行的系统仍存在漏洞。",
			Verify:        "Read /run/reboot-required.pkgs; compare the running kernel (uname -r) with the installed one.",
			VerifyZh:      "查看 /run/reboot-required.pkgs；比较运行中的内核（uname -r）与已安装的内核版本。",
			Advice:        "Schedule a reboot (after evidence collection: a reboot destroys memory evidence).",
			AdviceZh:      "安排重启（须在取证完成后进行：重启会销毁内存证据）。",
			Attack:        []string{"T1068"},
			Severity:      finding.Info,
			Reads:         []string{"/run/reboot-required", "/var/run/reboot-required"},
			Run:           hardeningRebootRequired,
		}),
		hardeningCheck(&Check{
			ID:            "hardening.firewall_absent",
			Title:         "No host firewall configuration found",
			TitleZh:       "未发现主机防火墙配置",
			Description:   "No saved iptables or nftables rule set, no enabled ufw or firewalld: every listening service is reachable from wherever the network allows.",
			DescriptionZh: "未发现保存的 iptables 或 nftables 规则，也未启用 ufw 或 firewalld：所有监听服务在网络可达范围内均可被访问。",
			Verify:        "On the host list the rules (nft list ruleset, iptables-save) and the cloud security group; rules loaded by hand are lost at reboot.",
			VerifyZh:      "在主机上查看当前规则（nft list ruleset、iptables-save）及云安全组；手工加载的规则重启后会丢失。",
			Advice:        "Define a default-deny inbound policy that allows only the needed ports (ufw, firewalld or nftables.conf enabled at boot), in addition to the cloud security group.",
			AdviceZh:      "在云安全组之外，配置默认拒绝入站、仅放行必要端口的主机防火墙策略（ufw、firewalld 或开机加载的 nftables.conf）。",
			Attack:        []string{"T1190", "T1021"},
			Severity:      finding.Low,
			Reads:         []string{"/etc/iptables", "/etc/nftables.conf", "/etc/ufw/ufw.conf", "/etc/firewalld", "/etc/sysconfig/iptables"},
			Run:           hardeningFirewallAbsent,
		}),
		hardeningCheck(&Check{
			ID:            "hardening.auditd_absent",
			Title:         "Linux audit daemon not installed",
			TitleZh:       "未安装 Linux 审计服务（auditd）",
			Description:   "auditd is not installed: command execution, file access and privilege changes are not recorded, so the next incident will be harder to trace (等保 requires security auditing).",
			DescriptionZh: "未安装 auditd：命令执行、文件访问与权限变更均无记录，下一次事件将更难溯源（等保要求开启安全审计）。",
			Verify:        "Check for /sbin/auditd and the auditd service; check whether another agent (EDR, HIDS) records executions.",
			VerifyZh:      "检查 /sbin/auditd 与 auditd 服务是否存在；确认是否有其他代理（EDR、HIDS）记录命令执行。",
			Advice:        "Install auditd with rules for execve, identity files, sudoers, ssh configuration and module loading, and ship the logs off the host.",
			AdviceZh:      "安装 auditd 并配置 execve、身份文件、sudoers、SSH 配置及模块加载的审计规则，将日志外发到日志服务器。",
			Attack:        []string{"T1562.012"},
			Severity:      finding.Low,
			Reads:         []string{"/sbin/auditd", "/usr/sbin/auditd"},
			Run:           hardeningAuditdAbsent,
		}),
		hardeningCheck(&Check{
			ID:            "hardening.time_sync_absent",
			Title:         "No time synchronisation service",
			TitleZh:       "未安装时间同步服务",
			Description:   "None of chrony, ntpd, openntpd or systemd-timesyncd is installed: the clock drifts and log times cannot be correlated with other hosts during an investigation.",
			DescriptionZh: "未安装 chrony、ntpd、openntpd 或 systemd-timesyncd：时钟会漂移，调查时日志时间无法与其他主机关联。",
			Verify:        "Run timedatectl on the host and compare the clock with a reference.",
			VerifyZh:      "在主机上执行 timedatectl，并与标准时间比对。",
			Advice:        "Install chrony (or enable systemd-timesyncd) pointing to the organisation's or the cloud provider's NTP servers.",
			AdviceZh:      "安装 chrony（或启用 systemd-timesyncd），指向单位或云厂商的 NTP 服务器。",
			Attack:        []string{"T1070.006"},
			Severity:      finding.Low,
			Reads:         []string{"/usr/sbin/chronyd", "/usr/sbin/ntpd", "/lib/systemd/systemd-timesyncd"},
			Run:           hardeningTimeSyncAbsent,
		}),
		hardeningCheck(&Check{
			ID:            "hardening.tmp_noexec",
			Title:         "/tmp allows executing programs",
			TitleZh:       "/tmp 允许执行程序",
			Description:   "/tmp is not a separate file system mounted noexec: droppers (miners, botnets) write and run their binaries there.",
			DescriptionZh: "/tmp 未作为独立文件系统以 noexec 方式挂载：投放器（挖矿、僵尸网络）常在此写入并运行程序。",
			Verify:        "Run findmnt /tmp on the host and read /etc/fstab.",
			VerifyZh:      "在主机上执行 findmnt /tmp 并查看 /etc/fstab。",
			Advice:        "Mount /tmp (and /var/tmp, /dev/shm) as tmpfs with nodev,nosuid,noexec where the installed software allows it.",
			AdviceZh:      "在软件兼容的前提下，将 /tmp（及 /var/tmp、/dev/shm）以 tmpfs 方式挂载，并设置 nodev、nosuid、noexec。",
			Attack:        []string{"T1059.004"},
			Severity:      finding.Info,
			Reads:         []string{"/etc/fstab", "mounts"},
			Run:           hardeningTmpNoexec,
		}),
	)
}

// ---------------------------------------------------------------------------
// sshd_config

// hardeningSSHOpt is the first value of an sshd keyword (first wins).
type hardeningSSHOpt struct {
	Value string
	File  string // root-relative
	Line  int
	Raw   string
}

// hardeningSSHConfig reads the global section of sshd_config and its
// Includes. ok is false when there is no SSH server configuration.
func hardeningSSHConfig(c *Context) (map[string]hardeningSSHOpt, bool) {
	if !c.Exists("etc/ssh/sshd_config") {
		return nil, false
	}
	opts := map[string]hardeningSSHOpt{}
	var read func(name string, depth int) bool
	read = func(name string, depth int) bool {
		if depth > 8 {
			return true
		}
		b, err := c.ReadFile(name, 1<<20)
		if err != nil && len(b) == 0 {
			return true
		}
		for i, raw := range strings.Split(string(b), "\n") {
			line := strings.TrimSpace(strings.TrimRight(raw, "\r"))
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			key, rest := line, ""
			if j := strings.IndexAny(line, " \t="); j >= 0 {
				key, rest = line[:j], strings.TrimLeft(line[j:], " \t=")
				rest = strings.TrimSpace(strings.TrimPrefix(rest, "="))
			}
			key = strings.ToLower(key)
			if key == "match" {
				// What follows is conditional: for the main file, the rest
				// of the configuration; for an included file, its rest.
				return depth > 0
			}
			if key == "include" {
				for _, pat := range strings.Fields(rest) {
					pat = strings.Trim(pat, "\"")
					if !strings.HasPrefix(pat, "/") {
						pat = "/etc/ssh/" + pat
					}
					for _, f := range c.Glob(strings.TrimPrefix(path.Clean(pat), "/")) {
						if !read(f, depth+1) {
							return false
						}
					}
				}
				continue
			}
			if _, ok := opts[key]; !ok {
				opts[key] = hardeningSSHOpt{Value: strings.Trim(strings.TrimSpace(rest), "\""), File: name, Line: i + 1, Raw: line}
			}
		}
		return true
	}
	read("etc/ssh/sshd_config", 0)
	return opts, true
}

// hardeningSSHOption reports when the effective value of key is bad. When
// the key is unset and unsetEn is not empty, the default is bad and an
// informational finding says so.
func hardeningSSHOption(c *Context, key string, bad func(string) bool, unsetEn, unsetZh string) error {
	opts, ok := hardeningSSHConfig(c)
	if !ok {
		return nil
	}
	o, set := opts[key]
	if !set {
		if unsetEn == "" {
			return nil
		}
		c.Report(Hit{
			Severity: finding.Info, SeveritySet: true,
			Detail: unsetEn, DetailZh: unsetZh,
			Evidence: []finding.Evidence{{Path: "/etc/ssh/sshd_config"}},
		})
		return nil
	}
	if !bad(o.Value) {
		return nil
	}
	c.Report(Hit{
		Detail:   fmt.Sprintf("/%s line %d: %s.", o.File, o.Line, o.Raw),
		DetailZh: fmt.Sprintf("/%s 第 %d 行：%s。", o.File, o.Line, o.Raw),
		Evidence: []finding.Evidence{{Path: "/" + o.File, Line: o.Line, Excerpt: Excerpt(o.Raw, 200)}},
	})
	return nil
}

// hardeningWeakAlgos are SSH algorithms considered weak.
var hardeningWeakAlgos = map[string]map[string]bool{
	"ciphers": {"3des-cbc": true, "aes128-cbc": true, "aes192-cbc": true, "aes256-cbc": true, "blowfish-cbc": true, "cast128-cbc": true,
		"arcfour": true, "arcfour128": true, "arcfour256": true, "rijndael-cbc@lysator.liu.se": true, "des-cbc@ssh.com": true},
	"macs": {"hmac-md5": true, "hmac-md5-96": true, "hmac-sha1-96": true, "hmac-md5-etm@openssh.com": true, "hmac-md5-96-etm@openssh.com": true,
		"hmac-sha1-96-etm@openssh.com": true, "umac-64@openssh.com": true, "umac-64-etm@openssh.com": true, "hmac-ripemd160": true, "hmac-ripemd160@openssh.com": true},
	"kexalgorithms":     {"diffie-hellman-group1-sha1": true, "diffie-hellman-group14-sha1": true, "diffie-hellman-group-exchange-sha1": true, "gss-group1-sha1-": true},
	"hostkeyalgorithms": {"ssh-dss": true, "ssh-dss-cert-v01@openssh.com": true},
}

func hardeningSSHWeakCrypto(c *Context) error {
	opts, ok := hardeningSSHConfig(c)
	if !ok {
		return nil
	}
	keys := []string{"ciphers", "macs", "kexalgorithms", "hostkeyalgorithms"}
	var evs []finding.Evidence
	var weak []string
	for _, k := range keys {
		o, set := opts[k]
		if !set || strings.HasPrefix(o.Value, "-") {
			continue // "-list" removes algorithms
		}
		v := strings.TrimLeft(o.Value, "+^")
		var bad []string
		for _, a := range strings.Split(v, ",") {
			a = strings.ToLower(strings.TrimSpace(a))
			if hardeningWeakAlgos[k][a] {
				bad = append(bad, a)
			}
		}
		if len(bad) > 0 {
			weak = append(weak, k+": "+strings.Join(bad, ","))
			evs = append(evs, finding.Evidence{Path: "/" + o.File, Line: o.Line, Excerpt: Excerpt(o.Raw, 300)})
		}
	}
	if len(weak) == 0 {
		return nil
	}
	c.Report(Hit{
		Detail:   "Weak algorithms enabled: " + strings.Join(weak, "; ") + ".",
		DetailZh: "启用了弱算法：" + strings.Join(weak, "；") + "。",
		Evidence: evs,
	})
	return nil
}

func hardeningRootPasswordSSH(c *Context) error {
	opts, ok := hardeningSSHConfig(c)
	if !ok {
		return nil
	}
	prl, set := opts["permitrootlogin"]
	if !set || !strings.EqualFold(prl.Value, "yes") {
		return nil
	}
	if pa, set := opts["passwordauthentication"]; set && !strings.EqualFold(pa.Value, "yes") {
		return nil
	}
	accts, err := c.Accounts()
	if err != nil {
		return ignoreMissing(err)
	}
	for _, a := range accts {
		if a.Name != "root" {
			continue
		}
		hash := a.Password
		if hash == "x" && a.HasShadow {
			hash = a.Shadow
		}
		if hash == "" || hash == "x" || strings.HasPrefix(hash, "!") || strings.HasPrefix(hash, "*") {
			return nil
		}
		c.Report(Hit{
			Detail:   fmt.Sprintf("root has a password hash (%s) and /%s line %d says %s; password authentication is on.", hardeningHashScheme(hash), prl.File, prl.Line, prl.Raw),
			DetailZh: fmt.Sprintf("root 设置了口令哈希（%s），且 /%s 第 %d 行为 %s；口令认证已开启。", hardeningHashScheme(hash), prl.File, prl.Line, prl.Raw),
			Evidence: []finding.Evidence{{Path: "/etc/shadow", Excerpt: "root:" + hardeningHashScheme(hash)}, {Path: "/" + prl.File, Line: prl.Line, Excerpt: prl.Raw}},
		})
	}
	return nil
}

// hardeningHashScheme names a password hash's scheme without its secret.
func hardeningHashScheme(h string) string {
	if strings.HasPrefix(h, "$") {
		if i := strings.Index(h[1:], "$"); i >= 0 {
			return h[:i+2] + "…"
		}
	}
	return "DES or other legacy scheme"
}

// ---------------------------------------------------------------------------
// Passwords

func hardeningPasswordAging(c *Context) error {
	b, err := c.ReadFile("etc/login.defs", 1<<20)
	if err != nil && len(b) == 0 {
		return ignoreMissing(err)
	}
	var en, zh []string
	var evs []finding.Evidence
	for i, raw := range strings.Split(string(b), "\n") {
		f := strings.Fields(raw)
		if len(f) < 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		n, nerr := strconv.Atoi(f[1])
		bad := false
		switch f[0] {
		case "PASS_MAX_DAYS":
			if bad = nerr == nil && (n > 365 || n < 0); bad {
				en, zh = append(en, "passwords never expire in practice (PASS_MAX_DAYS "+f[1]+")"), append(zh, "口令实际永不过期（PASS_MAX_DAYS "+f[1]+"）")
			}
		case "PASS_MIN_DAYS":
			if bad = nerr == nil && n == 0; bad {
				en, zh = append(en, "passwords can be changed back at once (PASS_MIN_DAYS 0)"), append(zh, "口令可立即改回（PASS_MIN_DAYS 0）")
			}
		case "PASS_MIN_LEN":
			if bad = nerr == nil && n < 8; bad {
				en, zh = append(en, "minimum length "+f[1]+" (PASS_MIN_LEN)"), append(zh, "最小长度为 "+f[1]+"（PASS_MIN_LEN）")
			}
		case "ENCRYPT_METHOD":
			if bad = strings.EqualFold(f[1], "MD5") || strings.EqualFold(f[1], "DES"); bad {
				en, zh = append(en, "passwords hashed with "+f[1]), append(zh, "口令使用 "+f[1]+" 哈希")
			}
		}
		if bad {
			evs = append(evs, finding.Evidence{Path: "/etc/login.defs", Line: i + 1, Excerpt: strings.TrimSpace(raw)})
		}
	}
	if len(en) == 0 {
		return nil
	}
	c.Report(Hit{
		Detail:   strings.Join(en, "; ") + ".",
		DetailZh: strings.Join(zh, "；") + "。",
		Evidence: evs,
	})
	return nil
}

func hardeningPasswordQuality(c *Context) error {
	var files []string
	for _, f := range []string{"etc/pam.d/common-password", "etc/pam.d/system-auth", "etc/pam.d/password-auth"} {
		if c.Exists(f) {
			files = append(files, f)
		}
	}
	if len(files) == 0 {
		return nil
	}
	for _, f := range files {
		b, _ := c.ReadFile(f, 1<<20)
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, "#") {
				continue
			}
			if strings.Contains(line, "pam_pwquality") || strings.Contains(line, "pam_cracklib") || strings.Contains(line, "pam_passwdqc") {
				return nil
			}
		}
	}
	var evs []finding.Evidence
	for _, f := range files {
		evs = append(evs, finding.Evidence{Path: "/" + f})
	}
	c.Report(Hit{
		Detail:   "No pam_pwquality, pam_cracklib or pam_passwdqc line in " + strings.Join(files, ", ") + ".",
		DetailZh: strings.Join(files, "、") + " 中没有 pam_pwquality、pam_cracklib 或 pam_passwdqc。",
		Evidence: evs,
	})
	return nil
}

// ---------------------------------------------------------------------------
// World-writable files

// hardeningWritable reports an entry every user may write that is not a
// sticky directory or a link.
func hardeningWritable(st *targetfs.Stat) bool {
	if st.IsSymlink() || st.Mode&0o002 == 0 {
		return false
	}
	if st.IsDir() {
		return st.Mode&0o1000 == 0
	}
	return st.IsRegular()
}

func hardeningReportWritable(c *Context, found []string, sts []*targetfs.Stat, sev finding.Severity, extraEn, extraZh string) {
	if len(found) == 0 {
		return
	}
	var evs []finding.Evidence
	for i, p := range found {
		if i >= 20 {
			break
		}
		evs = append(evs, finding.Evidence{Path: "/" + p, Fields: map[string]string{"mode": fmt.Sprintf("%#o", sts[i].Mode&0o7777)}})
	}
	list := make([]string, 0, len(found))
	for _, p := range found {
		list = append(list, "/"+p)
	}
	c.Report(Hit{
		Severity: sev, SeveritySet: true,
		Detail:   fmt.Sprintf("%d world-writable entries: %s.%s", len(found), Excerpt(strings.Join(list, ", "), 600), extraEn),
		DetailZh: fmt.Sprintf("共 %d 个全局可写条目：%s。%s", len(found), Excerpt(strings.Join(list, ", "), 600), extraZh),
		Evidence: evs,
	})
}

func hardeningWorldWritable(c *Context) error {
	var found []string
	var sts []*targetfs.Stat
	err := rootkitWalk(c, []string{"usr", "bin", "sbin", "lib", "lib64", "boot"}, 500000, func(p string, st *targetfs.Stat) error {
		if hardeningWritable(st) {
			found = append(found, p)
			sts = append(sts, st)
			if st.IsDir() {
				return fs.SkipDir
			}
		}
		return nil
	})
	hardeningReportWritable(c, found, sts, finding.Low, "", "")
	return err
}

// hardeningCriticalEtc are /etc entries whose write access gives root.
var hardeningCriticalEtc = []string{"etc/passwd", "etc/shadow", "etc/group", "etc/gshadow", "etc/sudoers", "etc/sudoers.d", "etc/crontab",
	"etc/cron.d", "etc/cron.hourly", "etc/cron.daily", "etc/ld.so.preload", "etc/ld.so.conf", "etc/ld.so.conf.d", "etc/profile", "etc/profile.d",
	"etc/bash.bashrc", "etc/environment", "etc/rc.local", "etc/systemd/system", "etc/init.d", "etc/pam.d", "etc/ssh", "etc/security"}

func hardeningWorldWritableEtc(c *Context) error {
	var found, crit []string
	var sts []*targetfs.Stat
	err := c.Walk("etc", 200000, func(p string, st *targetfs.Stat) error {
		if !hardeningWritable(st) {
			return nil
		}
		found = append(found, p)
		sts = append(sts, st)
		for _, k := range hardeningCriticalEtc {
			if p == k || strings.HasPrefix(p, k+"/") {
				crit = append(crit, "/"+p)
				break
			}
		}
		return nil
	})
	sev := finding.Low
	en, zh := "", ""
	if len(crit) > 0 {
		sev = finding.Medium
		en = " Any local user can become root through: " + strings.Join(crit, ", ") + "."
		zh = "任何本地用户均可借此获取 root 权限：" + strings.Join(crit, ", ") + "。"
	}
	hardeningReportWritable(c, found, sts, sev, en, zh)
	return err
}

// ---------------------------------------------------------------------------
// Exposed services

// hardeningRiskyPorts are ports of services often run without
// authentication, and whether they are usually unauthenticated.
var hardeningRiskyPorts = map[uint16]struct {
	name   string
	noAuth bool
}{
	6379: {"Redis", true}, 11211: {"memcached", true}, 27017: {"MongoDB", true}, 27018: {"MongoDB", true},
	9200: {"Elasticsearch", true}, 9300: {"Elasticsearch transport", true}, 2375: {"Docker API (no TLS)", true},
	2379: {"etcd", true}, 5984: {"CouchDB", true}, 8086: {"InfluxDB", true}, 2181: {"ZooKeeper", true},
	9000: {"", false}, 3306: {"MySQL/MariaDB", false}, 5432: {"PostgreSQL", false}, 1433: {"SQL Server", false},
	1521: {"Oracle", false}, 6443: {"", false},
}

func hardeningExposedService(c *Context) error {
	snap, err := c.Snapshot()
	if err != nil {
		return err
	}
	names := map[int]string{}
	for _, p := range snap.Processes {
		names[p.PID] = p.Name
	}
	seen := map[string]bool{}
	for _, s := range snap.Sockets {
		tcp := s.Proto == "tcp" || s.Proto == "tcp6"
		udp := s.Proto == "udp" || s.Proto == "udp6"
		if !(tcp && s.State == "LISTEN") && !(udp && s.LocalPort == 11211) {
			continue
		}
		if !s.LocalIP.IsValid() || !s.LocalIP.IsUnspecified() {
			continue
		}
		svc, ok := hardeningRiskyPorts[s.LocalPort]
		if !ok || svc.name == "" {
			continue
		}
		key := fmt.Sprintf("%s/%d/%s", s.Proto, s.LocalPort, s.NetNS)
		if seen[key] {
			continue
		}
		seen[key] = true
		var procs []string
		pid := 0
		for _, p := range s.PIDs {
			procs = append(procs, fmt.Sprintf("%s[%d]", names[p], p))
			if pid == 0 {
				pid = p
			}
		}
		sev := finding.Medium
		en, zh := " It is often deployed without authentication.", "该服务常在无认证情况下部署。"
		if !svc.noAuth {
			sev = finding.Low
			en, zh = " It requires a password, but exposing it invites brute force.", "该服务需要口令，但对外暴露会招致暴力破解。"
		}
		c.Report(Hit{
			Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("%s listens on %s port %d (%s) on all interfaces, process %s.%s", svc.name, s.Proto, s.LocalPort, s.LocalIP, strings.Join(procs, ", "), en),
			DetailZh: fmt.Sprintf("%s 在所有网络接口的 %s %d 端口（%s）监听，进程 %s。%s", svc.name, s.Proto, s.LocalPort, s.LocalIP, strings.Join(procs, ", "), zh),
			Evidence: []finding.Evidence{{PID: pid, Fields: map[string]string{"proto": s.Proto, "local": fmt.Sprintf("%s:%d", s.LocalIP, s.LocalPort), "service": svc.name, "net_ns": s.NetNS}}},
		})
	}
	return nil
}

// ---------------------------------------------------------------------------
// sysctl

// hardeningSysVal is a kernel parameter's value and where it came from.
type hardeningSysVal struct {
	Value string
	From  string // "/proc/sys/..." or "/etc/sysctl.d/x.conf"
	Line  int
}

// hardeningSysctl returns the values of keys: the running values on a live
// host, otherwise the values the configuration files set (only those set).
func hardeningSysctl(c *Context, keys []string) map[string]hardeningSysVal {
	out := map[string]hardeningSysVal{}
	if c.Src().Kind() == source.KindLive {
		for _, k := range keys {
			p := "proc/sys/" + strings.ReplaceAll(k, ".", "/")
			if b, err := c.ReadFile(p, 4096); err == nil {
				out[k] = hardeningSysVal{Value: strings.Join(strings.Fields(string(b)), " "), From: "/" + p}
			}
		}
		return out
	}
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
	}
	// systemd-sysctl order: files sorted by name across the directories,
	// a name in /etc overriding the same name elsewhere; then sysctl.conf.
	byName := map[string]string{}
	for _, d := range []string{"usr/lib/sysctl.d", "lib/sysctl.d", "run/sysctl.d", "etc/sysctl.d"} {
		for _, f := range c.Glob(d + "/*.conf") {
			byName[path.Base(f)] = f
		}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	files := make([]string, 0, len(names)+1)
	for _, n := range names {
		files = append(files, byName[n])
	}
	files = append(files, "etc/sysctl.conf")
	for _, f := range files {
		b, _ := c.ReadFile(f, 1<<20)
		for i, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || line[0] == '#' || line[0] == ';' {
				continue
			}
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				continue
			}
			k = strings.TrimPrefix(strings.TrimSpace(k), "-")
			k = strings.ReplaceAll(k, "/", ".")
			if want[k] {
				out[k] = hardeningSysVal{Value: strings.TrimSpace(v), From: "/" + f, Line: i + 1}
			}
		}
	}
	return out
}

// hardeningSysRule is one parameter and its unsafe values.
type hardeningSysRule struct {
	key    string
	bad    func(v string) bool
	en, zh string
	info   bool // an observation, not a weakness
}

func hardeningSysctlReport(c *Context, rules []hardeningSysRule) error {
	keys := make([]string, 0, len(rules))
	for _, r := range rules {
		keys = append(keys, r.key)
	}
	vals := hardeningSysctl(c, keys)
	var en, zh []string
	var evs []finding.Evidence
	allInfo := true
	for _, r := range rules {
		v, ok := vals[r.key]
		if !ok || !r.bad(v.Value) {
			continue
		}
		if !r.info {
			allInfo = false
		}
		en = append(en, fmt.Sprintf("%s = %s (%s)", r.key, v.Value, r.en))
		zh = append(zh, fmt.Sprintf("%s = %s（%s）", r.key, v.Value, r.zh))
		evs = append(evs, finding.Evidence{Path: v.From, Line: v.Line, Excerpt: r.key + " = " + v.Value})
	}
	if len(en) == 0 {
		return nil
	}
	sev := finding.Low
	if allInfo {
		sev = finding.Info
	}
	c.Report(Hit{
		Severity: sev, SeveritySet: true,
		Detail:   strings.Join(en, "; ") + ".",
		DetailZh: strings.Join(zh, "；") + "。",
		Evidence: evs,
	})
	return nil
}

func hardeningIs(vals ...string) func(string) bool {
	return func(v string) bool {
		for _, x := range vals {
			if v == x {
				return true
			}
		}
		return false
	}
}

func hardeningSysctlKernel(c *Context) error {
	return hardeningSysctlReport(c, []hardeningSysRule{
		{key: "kernel.randomize_va_space", bad: func(v string) bool { return v != "2" }, en: "address space randomisation not full", zh: "地址空间随机化未完全开启"},
		{key: "kernel.kptr_restrict", bad: hardeningIs("0"), en: "kernel addresses visible to users", zh: "内核地址对普通用户可见"},
		{key: "kernel.yama.ptrace_scope", bad: hardeningIs("0"), en: "any process may trace others of the same user", zh: "进程可跟踪同用户的任意其他进程"},
		{key: "fs.protected_symlinks", bad: hardeningIs("0"), en: "symlink attacks in /tmp possible", zh: "可在 /tmp 中实施符号链接攻击"},
		{key: "fs.protected_hardlinks", bad: hardeningIs("0"), en: "hardlink attacks possible", zh: "可实施硬链接攻击"},
		{key: "kernel.dmesg_restrict", bad: hardeningIs("0"), en: "kernel log readable by users", zh: "普通用户可读取内核日志", info: true},
	})
}

func hardeningSysctlNetwork(c *Context) error {
	return hardeningSysctlReport(c, []hardeningSysRule{
		{key: "net.ipv4.ip_forward", bad: hardeningIs("1"), en: "packet forwarding on; normal for routers and container hosts", zh: "开启了数据包转发；路由器与容器宿主机属正常", info: true},
		{key: "net.ipv4.conf.all.accept_redirects", bad: hardeningIs("1"), en: "ICMP redirects accepted", zh: "接受 ICMP 重定向"},
		{key: "net.ipv6.conf.all.accept_redirects", bad: hardeningIs("1"), en: "ICMPv6 redirects accepted", zh: "接受 ICMPv6 重定向", info: true},
		{key: "net.ipv4.conf.all.accept_source_route", bad: hardeningIs("1"), en: "source-routed packets accepted", zh: "接受源路由报文"},
		{key: "net.ipv4.conf.all.send_redirects", bad: hardeningIs("1"), en: "host sends ICMP redirects", zh: "主机会发送 ICMP 重定向", info: true},
		{key: "net.ipv4.tcp_syncookies", bad: hardeningIs("0"), en: "SYN cookies off: SYN floods fill the backlog", zh: "关闭了 SYN Cookie，易受 SYN 洪水攻击"},
	})
}

func hardeningSuidCoreDump(c *Context) error {
	vals := hardeningSysctl(c, []string{"fs.suid_dumpable"})
	v, ok := vals["fs.suid_dumpable"]
	if !ok || v.Value == "0" {
		return nil
	}
	// A hard core limit of 0 for everyone stops the dumps.
	for _, f := range append([]string{"etc/security/limits.conf"}, c.Glob("etc/security/limits.d/*.conf")...) {
		b, _ := c.ReadFile(f, 1<<20)
		for _, line := range strings.Split(string(b), "\n") {
			fl := strings.Fields(line)
			if len(fl) >= 4 && !strings.HasPrefix(fl[0], "#") && fl[0] == "*" && (fl[1] == "hard" || fl[1] == "-") && fl[2] == "core" && fl[3] == "0" {
				return nil
			}
		}
	}
	c.Report(Hit{
		Detail:   fmt.Sprintf("fs.suid_dumpable = %s and no '* hard core 0' limit.", v.Value),
		DetailZh: fmt.Sprintf("fs.suid_dumpable = %s，且未设置 '* hard core 0' 限制。", v.Value),
		Evidence: []finding.Evidence{{Path: v.From, Line: v.Line, Excerpt: "fs.suid_dumpable = " + v.Value}},
	})
	return nil
}

// ---------------------------------------------------------------------------
// Update state, firewall, audit, time

func hardeningUpdatesStale(c *Context) error {
	if !c.Exists("usr/bin/apt-get") && !c.Exists("usr/bin/apt") {
		return nil
	}
	var newest time.Time
	newestName := ""
	look := func(name string, st *targetfs.Stat) {
		if st.Mtime.After(newest) && !st.Mtime.After(c.Now().Add(24*time.Hour)) {
			newest, newestName = st.Mtime, name
		}
	}
	if ents, err := c.Src().ReadDir("var/lib/apt/lists"); err == nil {
		for _, e := range ents {
			n := "var/lib/apt/lists/" + e.Name()
			if st, err := c.StatOf(n); err == nil && st.IsRegular() && e.Name() != "lock" {
				look(n, st)
			}
		}
	}
	for _, n := range []string{"var/lib/apt/periodic/update-success-stamp", "var/lib/apt/periodic/update-stamp"} {
		if st, err := c.StatOf(n); err == nil {
			look(n, st)
		}
	}
	if newestName == "" {
		c.Report(Hit{
			Detail:   "The APT package lists were never downloaded (/var/lib/apt/lists is empty).",
			DetailZh: "从未下载过 APT 软件包列表（/var/lib/apt/lists 为空）。",
			Evidence: []finding.Evidence{{Path: "/var/lib/apt/lists"}},
		})
		return nil
	}
	age := c.Now().Sub(newest)
	if age < 90*24*time.Hour {
		return nil
	}
	c.Report(Hit{
		Time:     &newest,
		Detail:   fmt.Sprintf("The APT package lists were last refreshed %s (%d days ago).", newest.UTC().Format("2006-01-02"), int(age.Hours()/24)),
		DetailZh: fmt.Sprintf("APT 软件包列表最后刷新于 %s（%d 天前）。", newest.UTC().Format("2006-01-02"), int(age.Hours()/24)),
		Evidence: []finding.Evidence{{Path: "/" + newestName, Fields: map[string]string{"mtime": newest.UTC().Format(time.RFC3339)}}},
	})
	return nil
}

func hardeningRebootRequired(c *Context) error {
	for _, n := range []string{"run/reboot-required", "var/run/reboot-required"} {
		if !c.Exists(n) {
			continue
		}
		pkgs, _ := c.ReadFile(n+".pkgs", 64<<10)
		list := strings.Join(strings.Fields(string(pkgs)), ", ")
		c.Report(Hit{
			Detail:   "A reboot is pending for updated packages: " + Excerpt(list, 300) + ".",
			DetailZh: "已更新的软件包等待重启生效：" + Excerpt(list, 300) + "。",
			Evidence: []finding.Evidence{{Path: "/" + n}},
		})
		return nil
	}
	return nil
}

func hardeningFirewallAbsent(c *Context) error {
	has := func(name string, subs ...string) bool {
		b, err := c.ReadFile(name, 4<<20)
		if err != nil && len(b) == 0 {
			return false
		}
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, "#") {
				continue
			}
			for _, s := range subs {
				if strings.Contains(line, s) {
					return true
				}
			}
		}
		return false
	}
	switch {
	case has("etc/ufw/ufw.conf", "ENABLED=yes"):
	case c.Exists("etc/systemd/system/multi-user.target.wants/firewalld.service"):
	case has("etc/iptables/rules.v4", "-A ", "-P INPUT DROP"), has("etc/iptables/rules.v6", "-A "),
		has("etc/sysconfig/iptables", "-A "), has("etc/iptables.rules", "-A "), has("etc/iptables.up.rules", "-A "):
	case has("etc/nftables.conf", " drop", " reject", "policy drop", " accept;", "dport"):
	case c.Exists("etc/csf/csf.conf"), c.Exists("etc/shorewall/rules"):
	default:
		c.Report(Hit{
			Detail:   "No enabled ufw or firewalld and no saved iptables/nftables rules were found.",
			DetailZh: "未发现启用的 ufw 或 firewalld，也未发现保存的 iptables/nftables 规则。",
			Evidence: []finding.Evidence{{Path: "/etc/nftables.conf"}, {Path: "/etc/iptables/rules.v4"}, {Path: "/etc/ufw/ufw.conf"}},
		})
	}
	return nil
}

func hardeningAuditdAbsent(c *Context) error {
	for _, n := range []string{"usr/sbin/auditd", "sbin/auditd"} {
		if c.Exists(n) {
			return nil
		}
	}
	c.Report(Hit{
		Detail:   "auditd is not installed.",
		DetailZh: "未安装 auditd。",
		Evidence: []finding.Evidence{{Path: "/usr/sbin/auditd"}},
	})
	return nil
}

func hardeningTimeSyncAbsent(c *Context) error {
	for _, n := range []string{"usr/sbin/chronyd", "sbin/chronyd", "usr/sbin/ntpd", "sbin/ntpd", "usr/sbin/openntpd",
		"lib/systemd/systemd-timesyncd", "usr/lib/systemd/systemd-timesyncd", "usr/sbin/ntpdate", "usr/bin/htpdate", "usr/sbin/htpdate"} {
		if c.Exists(n) {
			return nil
		}
	}
	c.Report(Hit{
		Detail:   "No chrony, ntpd, openntpd, ntpdate or systemd-timesyncd program was found.",
		DetailZh: "未发现 chrony、ntpd、openntpd、ntpdate 或 systemd-timesyncd 程序。",
		Evidence: []finding.Evidence{{Path: "/usr/sbin/chronyd"}, {Path: "/lib/systemd/systemd-timesyncd"}},
	})
	return nil
}

func hardeningTmpNoexec(c *Context) error {
	if snap, err := c.Snapshot(); err == nil && snap != nil && len(snap.Mounts) > 0 {
		ns := snap.Mounts[0].MntNS
		for _, m := range snap.Mounts {
			if m.MountPoint != "/tmp" || m.MntNS != ns {
				continue
			}
			if strings.Contains(","+m.Options+",", ",noexec,") {
				return nil
			}
			c.Report(Hit{
				Detail:   fmt.Sprintf("/tmp is a %s mount without noexec (options %s).", m.FSType, m.Options),
				DetailZh: fmt.Sprintf("/tmp 为 %s 挂载但未设置 noexec（选项 %s）。", m.FSType, m.Options),
				Evidence: []finding.Evidence{{Path: "/proc/self/mountinfo", Excerpt: m.Source + " /tmp " + m.FSType + " " + m.Options}},
			})
			return nil
		}
		c.Report(Hit{
			Detail:   "/tmp is not a separate file system; it shares the root file system's options.",
			DetailZh: "/tmp 不是独立文件系统，沿用根文件系统的挂载选项。",
			Evidence: []finding.Evidence{{Path: "/proc/self/mountinfo"}},
		})
		return nil
	}
	b, _ := c.ReadFile("etc/fstab", 1<<20)
	for i, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 4 || strings.HasPrefix(f[0], "#") || f[1] != "/tmp" {
			continue
		}
		if strings.Contains(","+f[3]+",", ",noexec,") {
			return nil
		}
		c.Report(Hit{
			Detail:   "/etc/fstab mounts /tmp without noexec.",
			DetailZh: "/etc/fstab 挂载 /tmp 时未设置 noexec。",
			Evidence: []finding.Evidence{{Path: "/etc/fstab", Line: i + 1, Excerpt: strings.TrimSpace(line)}},
		})
		return nil
	}
	if c.Exists("etc/systemd/system/local-fs.target.wants/tmp.mount") {
		return nil // systemd's tmp.mount: tmpfs, options set by the unit
	}
	c.Report(Hit{
		Detail:   "/etc/fstab has no /tmp entry: /tmp is part of the root file system.",
		DetailZh: "/etc/fstab 中没有 /tmp 条目：/tmp 属于根文件系统。",
		Evidence: []finding.Evidence{{Path: "/etc/fstab"}},
	})
	return nil
}
