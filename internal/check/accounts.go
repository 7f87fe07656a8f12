package check

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/targetfs"
)

// Account checks: who can log in, and with what power. They read the
// account databases (passwd, shadow, group, gshadow, login.defs), sudoers
// with its includes, every home's SSH keys (authorized_keys of every home,
// also of removed accounts, and the alternate AuthorizedKeysFile paths),
// private keys (real PEM/OpenSSH files or the collector's redacted
// description), and the PAM configuration with its modules.

func init() {
	Register(
		&Check{
			ID: "accounts.uid0_extra", Family: "accounts",
			Title:         "Account other than root with UID 0",
			TitleZh:       "存在 root 以外的 UID 为 0 的账户",
			Description:   "An account besides root has user id 0 and so has full root power under another name, a classic backdoor account.",
			DescriptionZh: "除 root 外还有账户的 UID 为 0，等同于以另一名称拥有 root 全部权限，是典型的后门账户。",
			Verify:        "Compare /etc/passwd with a known-good copy or backup; check when the line appeared (file times, auth.log useradd/usermod entries) and whether the account has a password or keys.",
			VerifyZh:      "与可信备份比对 /etc/passwd；通过文件时间、auth.log 中 useradd/usermod 记录确认该行出现时间，检查该账户是否设置了密码或密钥。",
			Advice:        "Lock the account (usermod -L, shell /usr/sbin/nologin), then remove it after the investigation; rotate root credentials and look for what the account did.",
			AdviceZh:      "锁定该账户（usermod -L，shell 改为 /usr/sbin/nologin），调查结束后删除；更换 root 凭据并排查该账户的操作记录。",
			Attack:        []string{"T1136.001", "T1078.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.Critical,
			Reads:         []string{"/etc/passwd"},
			Run: func(c *Context) error {
				accts, err := c.Accounts()
				if err != nil {
					return ignoreMissing(err)
				}
				for _, a := range accts {
					if a.UID == 0 && a.Name != "root" {
						c.Report(Hit{
							Detail:   fmt.Sprintf("Account %q has UID 0 (shell %s).", a.Name, a.Shell),
							DetailZh: fmt.Sprintf("账户 %q 的 UID 为 0（shell 为 %s）。", a.Name, a.Shell),
							Evidence: []finding.Evidence{{Path: "/etc/passwd", Line: a.Line, Excerpt: passwdLine(a)}},
						})
					}
				}
				return nil
			},
		},
		&Check{
			ID: "accounts.gid0_extra", Family: "accounts",
			Title:         "Account other than root in group 0",
			TitleZh:       "存在 root 以外主组为 0 的账户",
			Description:   "An account besides root has primary group 0 (root), which grants access to root-group files such as configuration and logs.",
			DescriptionZh: "除 root 外还有账户的主组 GID 为 0（root 组），可读写 root 组的配置与日志文件。",
			Verify:        "Check whether the account is expected (some distributions give sync/shutdown/halt GID 0) and when it was changed.",
			VerifyZh:      "确认该账户是否为系统预期（部分发行版 sync/shutdown/halt 的 GID 为 0）以及修改时间。",
			Advice:        "Give the account its own primary group (usermod -g) or remove it if unknown.",
			AdviceZh:      "为该账户设置独立主组（usermod -g），来历不明的账户应删除。",
			Attack:        []string{"T1098"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/passwd"},
			Run: func(c *Context) error {
				accts, err := c.Accounts()
				if err != nil {
					return ignoreMissing(err)
				}
				for _, a := range accts {
					// Historic BSD-style accounts with GID 0 and no login shell.
					if a.GID == 0 && a.UID != 0 && a.LoginShell() && a.Name != "sync" && a.Name != "shutdown" && a.Name != "halt" && a.Name != "operator" {
						c.Report(Hit{
							Detail:   fmt.Sprintf("Account %q (UID %d) has primary group 0.", a.Name, a.UID),
							DetailZh: fmt.Sprintf("账户 %q（UID %d）的主组为 0。", a.Name, a.UID),
							Evidence: []finding.Evidence{{Path: "/etc/passwd", Line: a.Line, Excerpt: passwdLine(a)}},
						})
					}
				}
				return nil
			},
		},
		&Check{
			ID: "accounts.empty_password", Family: "accounts",
			Title:         "Login account with an empty password",
			TitleZh:       "可登录账户的密码为空",
			Description:   "An account with a login shell has an empty password field (or the well-known hash of the empty password) in /etc/passwd or /etc/shadow; with PAM's nullok, which Debian sets by default, anyone can log in as it without a password.",
			DescriptionZh: "具有登录 shell 的账户在 /etc/passwd 或 /etc/shadow 中密码字段为空（或为空密码的已知哈希）；Debian 默认 PAM 配置带 nullok，任何人无需密码即可登录该账户。",
			Verify:        "Confirm with `passwd -S USER` on a trusted system copy; look in auth.log for logins of this account and for the passwd/usermod command that emptied the field.",
			VerifyZh:      "在可信环境中用 `passwd -S 用户` 确认状态；在 auth.log 中查找该账户的登录记录及清空密码的 passwd/usermod 操作。",
			Advice:        "Lock the account at once (passwd -l USER), set a strong password or remove it, and review what it did.",
			AdviceZh:      "立即锁定账户（passwd -l 用户），设置强密码或删除该账户，并排查其操作记录。",
			Attack:        []string{"T1098", "T1078.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/passwd", "/etc/shadow"},
			Run: func(c *Context) error {
				accts, err := c.Accounts()
				if err != nil {
					return ignoreMissing(err)
				}
				for _, a := range accts {
					if !a.LoginShell() {
						continue
					}
					switch {
					case accountsEmptyHash(a.Password):
						c.Report(Hit{
							Detail:   fmt.Sprintf("Account %q has an empty password field in /etc/passwd (shell %s).", a.Name, a.Shell),
							DetailZh: fmt.Sprintf("账户 %q 在 /etc/passwd 中的密码字段为空（shell 为 %s）。", a.Name, a.Shell),
							Evidence: []finding.Evidence{{Path: "/etc/passwd", Line: a.Line, Excerpt: passwdLine(a)}},
						})
					case a.Password == "x" && a.HasShadow && accountsEmptyHash(a.Shadow):
						c.Report(Hit{
							Detail:   fmt.Sprintf("Account %q has an empty password in /etc/shadow (shell %s).", a.Name, a.Shell),
							DetailZh: fmt.Sprintf("账户 %q 在 /etc/shadow 中的密码为空（shell 为 %s）。", a.Name, a.Shell),
							Evidence: []finding.Evidence{{Path: "/etc/shadow", Excerpt: a.Name + ":" + a.Shadow + ":"}, {Path: "/etc/passwd", Line: a.Line, Excerpt: passwdLine(a)}},
						})
					}
				}
				return nil
			},
		},
		&Check{
			ID: "accounts.hash_in_passwd", Family: "accounts",
			Title:         "Password hash stored in /etc/passwd",
			TitleZh:       "/etc/passwd 中直接存放了密码哈希",
			Description:   "The password field of /etc/passwd holds a hash instead of \"x\". The system then uses this hash and ignores /etc/shadow, the usual way an intruder adds a password-protected backdoor line with a single `echo >> /etc/passwd`.",
			DescriptionZh: "/etc/passwd 的密码字段是哈希值而不是 \"x\"，系统将使用该哈希而忽略 /etc/shadow。入侵者常用一条 `echo >> /etc/passwd` 即可添加带密码的后门账户。",
			Verify:        "Compare /etc/passwd with a backup; find when the line was written (file times, shell histories, auth.log) and whether it was used to log in (wtmp, auth.log).",
			VerifyZh:      "与备份比对 /etc/passwd；结合文件时间、历史命令与 auth.log 确认写入时间，并通过 wtmp、auth.log 确认是否已被用于登录。",
			Advice:        "Replace the field with \"x\" (pwconv) after saving the evidence, lock or remove the account, and rotate credentials.",
			AdviceZh:      "保全证据后将该字段改回 \"x\"（pwconv），锁定或删除该账户并更换相关凭据。",
			Attack:        []string{"T1136.001", "T1098"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/passwd"},
			Run: func(c *Context) error {
				accts, err := c.Accounts()
				if err != nil {
					return ignoreMissing(err)
				}
				for _, a := range accts {
					p := strings.TrimLeft(a.Password, "!")
					if p == "" || p == "x" || p == "*" || strings.HasPrefix(a.Password, "*") {
						continue
					}
					h := Hit{
						Detail:   fmt.Sprintf("Account %q (UID %d, shell %s) has a password hash in /etc/passwd (scheme %s).", a.Name, a.UID, a.Shell, accountsHashScheme(p)),
						DetailZh: fmt.Sprintf("账户 %q（UID %d，shell 为 %s）的密码哈希直接写在 /etc/passwd 中（算法 %s）。", a.Name, a.UID, a.Shell, accountsHashScheme(p)),
						Evidence: []finding.Evidence{{Path: "/etc/passwd", Line: a.Line, Excerpt: passwdLine(a)}},
					}
					if a.UID == 0 {
						h.Severity, h.SeveritySet = finding.Critical, true
					}
					c.Report(h)
				}
				return nil
			},
		},
		&Check{
			ID: "accounts.weak_hash", Family: "accounts",
			Title:         "Login account with a weak password hash (DES or MD5)",
			TitleZh:       "可登录账户使用弱密码哈希算法（DES 或 MD5）",
			Description:   "An unlocked account with a login shell has a traditional DES (13 characters) or MD5 ($1$) password hash. Current systems write SHA-512 or yescrypt; a weak hash is either very old or was pasted in, for example from `openssl passwd -1`, and is quick to crack.",
			DescriptionZh: "具有登录 shell 且未锁定的账户使用传统 DES（13 位）或 MD5（$1$）密码哈希。现代系统默认使用 SHA-512 或 yescrypt；弱哈希要么极为陈旧，要么是手工写入（如 `openssl passwd -1` 生成），且极易被破解。",
			Verify:        "Ask the owner when the password was last set; look for the command that set it (shell histories, auth.log chpasswd/usermod) and compare with a backup of /etc/shadow.",
			VerifyZh:      "向账户负责人确认最近一次设置密码的时间；在历史命令与 auth.log 中查找 chpasswd/usermod 等设置密码的操作，并与 /etc/shadow 备份比对。",
			Advice:        "Reset the password with the system's default scheme (passwd), and set ENCRYPT_METHOD SHA512 or YESCRYPT in /etc/login.defs.",
			AdviceZh:      "用系统默认算法重置密码（passwd），并在 /etc/login.defs 中设置 ENCRYPT_METHOD 为 SHA512 或 YESCRYPT。",
			Attack:        []string{"T1098", "T1110.002"},
			Category:      "SHVULN",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/passwd", "/etc/shadow"},
			Run: func(c *Context) error {
				accts, err := c.Accounts()
				if err != nil {
					return ignoreMissing(err)
				}
				for _, a := range accts {
					if !a.LoginShell() {
						continue
					}
					h, where := a.Password, "/etc/passwd"
					if h == "x" && a.HasShadow {
						h, where = a.Shadow, "/etc/shadow"
					}
					if strings.HasPrefix(h, "!") || strings.HasPrefix(h, "*") || accountsEmptyHash(h) {
						continue
					}
					scheme := accountsHashScheme(h)
					if scheme != "DES" && scheme != "MD5" {
						continue
					}
					ev := []finding.Evidence{{Path: where, Excerpt: a.Name + ":" + accountsHashMask(h)}}
					if where == "/etc/passwd" {
						ev[0].Line = a.Line
					}
					c.Report(Hit{
						Detail:   fmt.Sprintf("Account %q has a %s password hash in %s.", a.Name, scheme, where),
						DetailZh: fmt.Sprintf("账户 %q 在 %s 中使用 %s 密码哈希。", a.Name, where, scheme),
						Evidence: ev,
					})
				}
				return nil
			},
		},
		&Check{
			ID: "accounts.system_login_shell", Family: "accounts",
			Title:         "System account with a login shell",
			TitleZh:       "系统账户具有登录 shell",
			Description:   "A system account (UID below the distribution's SYS_UID_MAX) has an interactive shell although Debian gives none of them one except root. Intruders give a daemon account such as daemon, www-data or games a shell (and a password or key) to keep a login that looks like part of the system.",
			DescriptionZh: "系统账户（UID 不超过发行版 SYS_UID_MAX）具有交互式 shell，而 Debian 除 root 外不为系统账户设置 shell。入侵者常为 daemon、www-data、games 等守护账户设置 shell（并配置密码或密钥），伪装成系统自带账户以维持登录。",
			Verify:        "Compare the line with a clean installation of the same distribution and the packages installed; check the account's password field, keys and logins (wtmp, lastlog, auth.log).",
			VerifyZh:      "与同发行版的干净安装及已装软件包对照该行；检查该账户的密码字段、密钥及登录记录（wtmp、lastlog、auth.log）。",
			Advice:        "Set the shell back to /usr/sbin/nologin (usermod -s), lock its password and remove any keys after saving evidence.",
			AdviceZh:      "保全证据后将 shell 改回 /usr/sbin/nologin（usermod -s），锁定密码并删除其密钥。",
			Attack:        []string{"T1098", "T1078.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/passwd", "/etc/shadow", "/etc/login.defs", "/var/lib/dpkg/status"},
			Run:           accountsSystemLoginShell,
		},
		&Check{
			ID: "accounts.recent_login_account", Family: "accounts",
			Title:         "Login account created or changed recently",
			TitleZh:       "近期新建或修改的可登录账户",
			Description:   "An account with a login shell had its password set within the last 30 days, well after the system was installed, and its home directory is missing or also new: the marks of an account an intruder created.",
			DescriptionZh: "具有登录 shell 的账户在近 30 天内（明显晚于系统安装时间）设置了密码，且其主目录不存在或同样是新建的，符合入侵者新建账户的特征。",
			Verify:        "Ask who created the account; look for useradd/adduser in auth.log and shell histories around the date, and for its logins.",
			VerifyZh:      "向管理员确认账户由谁创建；在 auth.log 与历史命令中查找该日期前后的 useradd/adduser 操作及该账户的登录记录。",
			Advice:        "Lock an account nobody can explain (usermod -L -e 1) and investigate its activity before removing it.",
			AdviceZh:      "无法说明来历的账户应立即锁定（usermod -L -e 1），调查其活动后再删除。",
			Attack:        []string{"T1136.001"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/passwd", "/etc/shadow", "home directories"},
			Run:           accountsRecentLoginAccount,
		},
		&Check{
			ID: "accounts.duplicate_uid", Family: "accounts",
			Title:         "Several accounts share one UID",
			TitleZh:       "多个账户共用同一 UID",
			Description:   "Two or more accounts have the same non-zero user id, so they are the same user to the kernel: a second name with its own password opens another user's files and processes.",
			DescriptionZh: "两个或多个账户的 UID 相同（非 0），对内核而言是同一用户：另一个名字配上独立密码即可访问该用户的文件和进程。",
			Verify:        "Check which of the names is the original (lines order, backups) and who created the other.",
			VerifyZh:      "结合行顺序与备份确认哪个是原始账户，以及另一个由谁创建。",
			Advice:        "Remove or renumber the extra account after the investigation.",
			AdviceZh:      "调查后删除多余账户或为其重新分配 UID。",
			Attack:        []string{"T1136.001", "T1078.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/passwd"},
			Run: func(c *Context) error {
				accts, err := c.Accounts()
				if err != nil {
					return ignoreMissing(err)
				}
				byUID := map[int][]Account{}
				var uids []int
				for _, a := range accts {
					if a.UID == 0 {
						continue // accounts.uid0_extra
					}
					if byUID[a.UID] == nil {
						uids = append(uids, a.UID)
					}
					byUID[a.UID] = append(byUID[a.UID], a)
				}
				for _, u := range uids {
					as := byUID[u]
					if len(as) < 2 {
						continue
					}
					// Several non-login names on one system UID are harmless.
					usable := false
					for _, a := range as {
						usable = usable || a.LoginShell() || accountsUsableHash(a.Password) || accountsUsableHash(a.Shadow)
					}
					if !usable {
						continue
					}
					var names []string
					var ev []finding.Evidence
					for _, a := range as {
						names = append(names, strconv.Quote(a.Name))
						ev = append(ev, finding.Evidence{Path: "/etc/passwd", Line: a.Line, Excerpt: passwdLine(a)})
					}
					c.Report(Hit{
						Detail:   fmt.Sprintf("UID %d is used by %s.", u, strings.Join(names, ", ")),
						DetailZh: fmt.Sprintf("UID %d 被 %s 共用。", u, strings.Join(names, "、")),
						Evidence: ev,
					})
				}
				return nil
			},
		},
		&Check{
			ID: "accounts.duplicate_name", Family: "accounts",
			Title:         "Account name defined twice or disguised",
			TitleZh:       "账户名重复定义或伪装",
			Description:   "The same account name appears on several lines of /etc/passwd or /etc/shadow, or differs from another only by case or spaces. Tools read the first line and people the last; an intruder adds a second \"root\" line with a password they know.",
			DescriptionZh: "同一账户名在 /etc/passwd 或 /etc/shadow 中出现多次，或仅以大小写、空格与其他账户区分。不同程序读取的行不同，入侵者借此添加第二个带已知密码的 \"root\" 行。",
			Verify:        "Compare the lines with a backup and find which program wrote the duplicate.",
			VerifyZh:      "与备份比对这些行，查找写入重复行的操作。",
			Advice:        "Remove the duplicate line (vipw/vipw -s) after saving the evidence and rotate the affected credentials.",
			AdviceZh:      "保全证据后用 vipw / vipw -s 删除重复行，并更换受影响账户的凭据。",
			Attack:        []string{"T1136.001", "T1036"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/passwd", "/etc/shadow"},
			Run:           accountsDuplicateName,
		},
		&Check{
			ID: "accounts.home_suspicious", Family: "accounts",
			Title:         "Account home in a temporary or hidden directory",
			TitleZh:       "账户主目录位于临时或隐藏目录",
			Description:   "An account's home directory is in /tmp, /var/tmp, /dev/shm or a hidden directory, where nothing legitimate lives and where an intruder keeps the account's keys and tools.",
			DescriptionZh: "账户主目录位于 /tmp、/var/tmp、/dev/shm 或隐藏目录中，正常账户不会如此设置，入侵者常在此存放该账户的密钥和工具。",
			Verify:        "List the directory's content and times; check the account's origin and logins.",
			VerifyZh:      "查看该目录的内容与时间戳，确认账户来历及其登录记录。",
			Advice:        "Lock the account, preserve the directory as evidence, then remove both.",
			AdviceZh:      "锁定账户，将该目录作为证据保全后再删除账户与目录。",
			Attack:        []string{"T1136.001", "T1564.001"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/passwd"},
			Run: func(c *Context) error {
				accts, err := c.Accounts()
				if err != nil {
					return ignoreMissing(err)
				}
				for _, a := range accts {
					home := path.Clean("/" + a.Home)
					if !InTempDir(home+"/") && !HiddenPath(home) {
						continue
					}
					h := Hit{
						Detail:   fmt.Sprintf("Account %q (shell %s) has its home in %s.", a.Name, a.Shell, a.Home),
						DetailZh: fmt.Sprintf("账户 %q（shell 为 %s）的主目录为 %s。", a.Name, a.Shell, a.Home),
						Evidence: []finding.Evidence{{Path: "/etc/passwd", Line: a.Line, Excerpt: passwdLine(a)}},
					}
					if !a.LoginShell() {
						h.Severity, h.SeveritySet = finding.Low, true
					}
					c.Report(h)
				}
				return nil
			},
		},
	)
}

func passwdLine(a Account) string {
	return a.Name + ":" + a.Password + ":" + strconv.Itoa(a.UID) + ":" + strconv.Itoa(a.GID) + ":" + a.GECOS + ":" + a.Home + ":" + a.Shell
}

// ignoreMissing treats a missing file as nothing to check.
func ignoreMissing(err error) error {
	if IsNotExist(err) {
		return nil
	}
	return err
}

// accountsEv is evidence for a root-relative target name.
func accountsEv(name string, line int, excerpt string) finding.Evidence {
	return finding.Evidence{Path: "/" + strings.TrimPrefix(name, "/"), Line: line, Excerpt: Excerpt(excerpt, 240)}
}

// accountsEmptyPasswordDES is the traditional crypt(3) hash of the empty
// password with salt "U6", often pasted to give an account no password.
const accountsEmptyPasswordDES = "U6aMy0wojraho"

// accountsEmptyHash reports a password field that lets anyone in.
func accountsEmptyHash(h string) bool { return h == "" || h == accountsEmptyPasswordDES }

var accountsDESRe = regexp.MustCompile(`^[./0-9A-Za-z]{13}$`)

// accountsHashScheme names the scheme of a crypt(3) hash (also of the
// collector's redacted form "$1$REDACTED", "REDACTED-DES").
func accountsHashScheme(h string) string {
	h = strings.TrimLeft(h, "!")
	switch {
	case h == "REDACTED-DES" || accountsDESRe.MatchString(h):
		return "DES"
	case strings.HasPrefix(h, "$1$"):
		return "MD5"
	case strings.HasPrefix(h, "$2"):
		return "bcrypt"
	case strings.HasPrefix(h, "$5$"):
		return "SHA-256"
	case strings.HasPrefix(h, "$6$"):
		return "SHA-512"
	case strings.HasPrefix(h, "$y$"):
		return "yescrypt"
	case strings.HasPrefix(h, "$gy$"):
		return "gost-yescrypt"
	case strings.HasPrefix(h, "$7$"):
		return "scrypt"
	case strings.HasPrefix(h, "$"):
		if i := strings.IndexByte(h[1:], '$'); i > 0 {
			return "$" + h[1:i+1] + "$"
		}
	}
	return "unknown"
}

// accountsHashMask keeps a hash's scheme and salt for evidence, not the
// hash itself.
func accountsHashMask(h string) string {
	if strings.Contains(h, "REDACTED") {
		return h
	}
	if strings.HasPrefix(strings.TrimLeft(h, "!"), "$") {
		if i := strings.LastIndexByte(h, '$'); i > 0 {
			return h[:i+1] + "…"
		}
	}
	if len(h) > 2 {
		return h[:2] + "…"
	}
	return h
}

// accountsUsableHash reports a password field that holds a real hash (not
// locked, not empty).
func accountsUsableHash(h string) bool {
	if h == "" || strings.HasPrefix(h, "!") || strings.HasPrefix(h, "*") || h == "x" {
		return false
	}
	return strings.HasPrefix(h, "$") || accountsDESRe.MatchString(h) || h == "REDACTED-DES"
}

// accountsSysUIDMax is the highest UID of system accounts: SYS_UID_MAX from
// /etc/login.defs, else UID_MIN-1, else 999.
func accountsSysUIDMax(c *Context) int {
	b, err := c.ReadFile("etc/login.defs", 1<<20)
	if err != nil {
		return 999
	}
	sysMax, uidMin := -1, -1
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		n, err := strconv.Atoi(f[1])
		if err != nil || n <= 0 || n > 1<<20 {
			continue
		}
		switch f[0] {
		case "SYS_UID_MAX":
			sysMax = n
		case "UID_MIN":
			uidMin = n
		}
	}
	switch {
	case sysMax > 0:
		return sysMax
	case uidMin > 1:
		return uidMin - 1
	}
	return 999
}

// accountsSystem reports a system account (not root).
func accountsSystem(a Account, sysMax int) bool {
	return a.UID > 0 && a.UID <= sysMax || a.UID == 65534
}

// accountsInstallTime estimates when the system was installed or first
// booted: the earliest time among files written then (machine id, host
// keys, host name, installer logs). Zero when none is there.
func accountsInstallTime(c *Context) time.Time {
	names := []string{"etc/machine-id", "etc/hostname", "var/log/installer", "var/lib/dbus/machine-id"}
	names = append(names, c.Glob("etc/ssh/ssh_host_*_key.pub")...)
	var t time.Time
	for _, n := range names {
		st, err := c.StatOf(n)
		if err != nil {
			continue
		}
		for _, x := range []time.Time{st.Mtime, st.Btime} {
			if !x.IsZero() && x.Unix() > 0 && (t.IsZero() || x.Before(t)) {
				t = x
			}
		}
	}
	return t
}

// accountsRecentWindow is how far back "recent" reaches.
const accountsRecentWindow = 30 * 24 * time.Hour

// accountsRecent reports a time within the last 30 days that is clearly
// after the installation (so a fresh system's own files are not "recent").
func accountsRecent(c *Context, inst, t time.Time) bool {
	now := c.Now()
	if t.IsZero() || t.After(now.Add(24*time.Hour)) || now.Sub(t) > accountsRecentWindow {
		return false
	}
	return inst.IsZero() || t.After(inst.Add(48*time.Hour))
}

// accountsNewest returns the most recent of a file's mtime and ctime that is
// recent, or the zero time.
func accountsNewest(c *Context, inst time.Time, name string) time.Time {
	st, err := c.StatOf(name)
	if err != nil {
		return time.Time{}
	}
	var best time.Time
	for _, t := range []time.Time{st.Mtime, st.Ctime} {
		if accountsRecent(c, inst, t) && t.After(best) {
			best = t
		}
	}
	return best
}

// accountsBaseDaemons are the accounts of Debian's base-passwd: none of
// them has a login shell except root (sync has /bin/sync).
var accountsBaseDaemons = map[string]bool{
	"daemon": true, "bin": true, "sys": true, "games": true, "man": true, "lp": true, "mail": true,
	"news": true, "uucp": true, "proxy": true, "www-data": true, "backup": true, "list": true,
	"irc": true, "gnats": true, "nobody": true, "_apt": true,
}

// accountsPackagedShells are system accounts that their package creates
// with a login shell on purpose; they are expected only while that package
// is installed.
var accountsPackagedShells = map[string][]string{
	"postgres":    {"postgresql-common"},
	"jenkins":     {"jenkins"},
	"git":         {"gitlab-ce", "gitlab-ee"},
	"gitlab-psql": {"gitlab-ce", "gitlab-ee"},
	"mssql":       {"mssql-server"},
	"oneadmin":    {"opennebula"},
}

// accountsPackagedShell reports an account whose shell its installed
// package gave it.
func accountsPackagedShell(c *Context, name string) bool {
	pkgs := c.Packages()
	for _, p := range accountsPackagedShells[name] {
		if pkgs.Packages[p] != nil {
			return true
		}
	}
	return false
}

// accountsInteractive reports a shell that gives an interactive session
// (restricted git/file-transfer shells do not).
func accountsInteractive(a Account) bool {
	if !a.LoginShell() {
		return false
	}
	switch path.Base(a.Shell) {
	case "git-shell", "true", "rssh", "scponly", "rush":
		return false
	}
	return true
}

func accountsSystemLoginShell(c *Context) error {
	accts, err := c.Accounts()
	if err != nil {
		return ignoreMissing(err)
	}
	sysMax := accountsSysUIDMax(c)
	for _, a := range accts {
		if !accountsSystem(a, sysMax) || !accountsInteractive(a) {
			continue
		}
		if accountsPackagedShell(c, a.Name) && !accountsBaseDaemons[a.Name] {
			continue
		}
		h := Hit{
			Detail:   fmt.Sprintf("System account %q (UID %d, limit %d) has the login shell %s.", a.Name, a.UID, sysMax, a.Shell),
			DetailZh: fmt.Sprintf("系统账户 %q（UID %d，系统账户上限 %d）的登录 shell 为 %s。", a.Name, a.UID, sysMax, a.Shell),
			Evidence: []finding.Evidence{{Path: "/etc/passwd", Line: a.Line, Excerpt: passwdLine(a)}},
		}
		usable := accountsUsableHash(a.Password) || a.Password == "x" && accountsUsableHash(a.Shadow)
		if usable || accountsEmptyHash(a.Shadow) && a.HasShadow || accountsBaseDaemons[a.Name] {
			h.Severity, h.SeveritySet = finding.High, true
			if usable {
				h.Detail += " It also has a usable password."
				h.DetailZh += "该账户还设置了可用的密码。"
			}
		}
		c.Report(h)
	}
	return nil
}

func accountsRecentLoginAccount(c *Context) error {
	accts, err := c.Accounts()
	if err != nil {
		return ignoreMissing(err)
	}
	inst := accountsInstallTime(c)
	for _, a := range accts {
		if !a.LoginShell() || a.LastChange <= 0 || a.LastChange > 1<<20 {
			continue
		}
		changed := time.Unix(int64(a.LastChange)*86400, 0).UTC()
		// Day granularity: compare with the end of that day.
		if !accountsRecent(c, inst, changed.Add(24*time.Hour-time.Second)) {
			continue
		}
		home := strings.TrimPrefix(path.Clean("/"+a.Home), "/")
		homeNew, homeNote := false, ""
		if st, err := c.StatOf(home); err != nil || home == "" {
			homeNew, homeNote = true, "its home directory does not exist"
		} else {
			for _, t := range []time.Time{st.Btime, st.Mtime} {
				if accountsRecent(c, inst, t) && !t.Before(changed.Add(-24*time.Hour)) {
					homeNew, homeNote = true, "its home directory is also new ("+t.Format(time.DateOnly)+")"
					break
				}
			}
		}
		h := Hit{
			Detail:   fmt.Sprintf("Account %q (UID %d, shell %s) had its password set on %s.", a.Name, a.UID, a.Shell, changed.Format(time.DateOnly)),
			DetailZh: fmt.Sprintf("账户 %q（UID %d，shell 为 %s）的密码设置于 %s。", a.Name, a.UID, a.Shell, changed.Format(time.DateOnly)),
			Evidence: []finding.Evidence{{Path: "/etc/shadow", Excerpt: fmt.Sprintf("%s:%s:%d:", a.Name, accountsHashMask(a.Shadow), a.LastChange)}, {Path: "/etc/passwd", Line: a.Line, Excerpt: passwdLine(a)}},
			Time:     &changed,
		}
		if homeNew {
			h.Detail += " " + strings.ToUpper(homeNote[:1]) + homeNote[1:] + "."
			h.DetailZh += "其主目录不存在或同样为新建。"
			h.Confidence = "medium"
		} else {
			// A password change of a long-standing user is routine.
			h.Severity, h.SeveritySet = finding.Low, true
			h.Confidence = "low"
		}
		c.Report(h)
	}
	return nil
}

func accountsDuplicateName(c *Context) error {
	accts, err := c.Accounts()
	if err != nil {
		return ignoreMissing(err)
	}
	seen := map[string]Account{}
	for _, a := range accts {
		key := strings.ToLower(strings.TrimSpace(a.Name))
		if prev, ok := seen[key]; ok {
			what, whatZh := "is defined again", "被重复定义"
			if prev.Name != a.Name {
				what, whatZh = fmt.Sprintf("imitates %q", prev.Name), fmt.Sprintf("仿冒账户 %q", prev.Name)
			}
			c.Report(Hit{
				Detail:   fmt.Sprintf("Account %q (UID %d) %s on line %d of /etc/passwd.", a.Name, a.UID, what, a.Line),
				DetailZh: fmt.Sprintf("账户 %q（UID %d）在 /etc/passwd 第 %d 行%s。", a.Name, a.UID, a.Line, whatZh),
				Evidence: []finding.Evidence{
					{Path: "/etc/passwd", Line: prev.Line, Excerpt: passwdLine(prev)},
					{Path: "/etc/passwd", Line: a.Line, Excerpt: passwdLine(a)},
				},
			})
			continue
		}
		seen[key] = a
	}
	b, err := c.ReadFile("etc/shadow", 16<<20)
	if err != nil {
		return nil
	}
	first := map[string]int{}
	for i, line := range strings.Split(string(b), "\n") {
		name, _, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		if n, dup := first[name]; dup {
			c.Report(Hit{
				Detail:   fmt.Sprintf("Account %q has two lines in /etc/shadow (%d and %d).", name, n, i+1),
				DetailZh: fmt.Sprintf("账户 %q 在 /etc/shadow 中有两行（第 %d 与第 %d 行）。", name, n, i+1),
				Evidence: []finding.Evidence{{Path: "/etc/shadow", Line: n, Excerpt: name + ":…"}, {Path: "/etc/shadow", Line: i + 1, Excerpt: name + ":…"}},
			})
			continue
		}
		first[name] = i + 1
	}
	return nil
}

func init() {
	Register(
		&Check{
			ID: "accounts.sudoers_nopasswd", Family: "accounts",
			Title:         "sudo without password for a non-administrator",
			TitleZh:       "非管理员可免密码执行 sudo",
			Description:   "A sudoers rule lets a user, group or everyone run any command (ALL, or a shell, interpreter or editor that amounts to it) as root with NOPASSWD, and the grantee is not an administrator (root or a member of sudo/wheel/admin). A service account with passwordless root is the intruder's way back in after a web shell.",
			DescriptionZh: "sudoers 规则允许某用户、用户组或所有人以 NOPASSWD 方式以 root 执行任意命令（ALL，或等同于 ALL 的 shell、解释器、编辑器），且对象并非管理员（root 或 sudo/wheel/admin 组成员）。为服务账户配置免密 root 权限是入侵者通过 WebShell 提权后维持权限的常用手段。",
			Verify:        "Ask who added the rule and why; check the file's times and the package that owns it, and the grantee's logins and sudo use in auth.log.",
			VerifyZh:      "向管理员确认规则由谁添加及原因；检查文件时间与所属软件包，并在 auth.log 中查看该对象的登录与 sudo 使用记录。",
			Advice:        "Remove the rule (visudo -f FILE) or restrict it to the exact commands needed, with a password.",
			AdviceZh:      "用 visudo -f 文件 删除该规则，或限定为确需的具体命令并要求输入密码。",
			Attack:        []string{"T1548.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/sudoers", "/etc/sudoers.d", "/etc/group", "/etc/passwd"},
			Run:           accountsSudoersNopasswd,
		},
		&Check{
			ID: "accounts.sudoers_no_authenticate", Family: "accounts",
			Title:         "sudo authentication disabled (!authenticate)",
			TitleZh:       "sudo 关闭了身份验证（!authenticate）",
			Description:   "A sudoers Defaults line sets !authenticate, so sudo never asks for a password: globally anyone allowed by a rule, or the named users, become root without knowing any password.",
			DescriptionZh: "sudoers 的 Defaults 行设置了 !authenticate，sudo 不再要求输入密码：全局设置时任何被授权的用户、或限定的用户均可在不知道密码的情况下获得 root 权限。",
			Verify:        "Check the file's times, owner package and history; ask whether the setting was intended.",
			VerifyZh:      "检查该文件的时间、所属软件包与修改历史，向管理员确认该设置是否有意为之。",
			Advice:        "Remove the !authenticate setting with visudo.",
			AdviceZh:      "使用 visudo 删除 !authenticate 设置。",
			Attack:        []string{"T1548.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/sudoers", "/etc/sudoers.d"},
			Run: func(c *Context) error {
				s := accountsLoadSudoers(c)
				for _, d := range s.Defaults {
					for _, set := range d.Settings {
						if strings.ReplaceAll(set, " ", "") != "!authenticate" {
							continue
						}
						h := Hit{
							Detail:   fmt.Sprintf("Defaults%s !authenticate in %s.", d.Qual, "/"+d.File),
							DetailZh: fmt.Sprintf("%s 中设置了 Defaults%s !authenticate。", "/"+d.File, d.Qual),
							Evidence: []finding.Evidence{accountsEv(d.File, d.Line, d.Text)},
						}
						if d.Qual != "" && d.Qual != ":ALL" {
							h.Severity, h.SeveritySet = finding.Medium, true
						}
						c.Report(h)
					}
				}
				return nil
			},
		},
		&Check{
			ID: "accounts.sudoers_timestamp", Family: "accounts",
			Title:         "sudo credential cache never or rarely expires",
			TitleZh:       "sudo 凭据缓存永不过期或时间过长",
			Description:   "timestamp_timeout is negative (never expires) or longer than a day, so anyone who reaches a terminal where sudo was once used becomes root without a password.",
			DescriptionZh: "timestamp_timeout 为负数（永不过期）或超过一天，任何人只要接触到曾使用过 sudo 的终端即可免密码获得 root 权限。",
			Verify:        "Check who set it and when (file times, backups).",
			VerifyZh:      "通过文件时间与备份确认设置人及设置时间。",
			Advice:        "Remove the setting (default 15 minutes) or set a few minutes.",
			AdviceZh:      "删除该设置（默认 15 分钟）或设为数分钟。",
			Attack:        []string{"T1548.003"},
			Category:      "SHVULN",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/sudoers", "/etc/sudoers.d"},
			Run: func(c *Context) error {
				s := accountsLoadSudoers(c)
				for _, d := range s.Defaults {
					for _, set := range d.Settings {
						k, v, ok := strings.Cut(strings.ReplaceAll(set, " ", ""), "=")
						if !ok || k != "timestamp_timeout" {
							continue
						}
						f, err := strconv.ParseFloat(strings.Trim(v, `"`), 64)
						if err != nil || f >= 0 && f <= 60 {
							continue
						}
						h := Hit{
							Detail:   fmt.Sprintf("Defaults%s timestamp_timeout=%s in %s.", d.Qual, v, "/"+d.File),
							DetailZh: fmt.Sprintf("%s 中设置了 Defaults%s timestamp_timeout=%s。", "/"+d.File, d.Qual, v),
							Evidence: []finding.Evidence{accountsEv(d.File, d.Line, d.Text)},
						}
						if f >= 0 && f < 1440 {
							h.Severity, h.SeveritySet = finding.Low, true
						}
						c.Report(h)
					}
				}
				return nil
			},
		},
		&Check{
			ID: "accounts.sudoers_weakened", Family: "accounts",
			Title:         "sudo safeguards weakened",
			TitleZh:       "sudo 安全防护被削弱",
			Description:   "A sudoers Defaults setting removes a safeguard: keeping LD_PRELOAD, LD_LIBRARY_PATH or interpreter paths across sudo (a direct route to root), turning off env_reset, sudo's logging, or the pseudo-terminal and tty requirements.",
			DescriptionZh: "sudoers 的 Defaults 设置去掉了安全防护：通过 sudo 保留 LD_PRELOAD、LD_LIBRARY_PATH 或解释器搜索路径（可直接提权至 root），关闭 env_reset、sudo 日志，或关闭伪终端与 tty 要求。",
			Verify:        "Check the file's history and ask whether the setting is needed.",
			VerifyZh:      "检查文件修改历史并向管理员确认是否确有需要。",
			Advice:        "Remove the setting with visudo; never keep loader or interpreter variables across sudo.",
			AdviceZh:      "使用 visudo 删除该设置；任何情况下都不应通过 sudo 保留动态链接器或解释器相关环境变量。",
			Attack:        []string{"T1548.003", "T1574.006"},
			Category:      "SHVULN",
			Severity:      finding.Low,
			Reads:         []string{"/etc/sudoers", "/etc/sudoers.d"},
			Run: func(c *Context) error {
				s := accountsLoadSudoers(c)
				for _, d := range s.Defaults {
					for _, set := range d.Settings {
						sev, en, zh := accountsSudoWeak(set)
						if en == "" {
							continue
						}
						c.Report(Hit{
							Severity: sev, SeveritySet: true,
							Detail:   fmt.Sprintf("Defaults%s %s in %s: %s.", d.Qual, set, "/"+d.File, en),
							DetailZh: fmt.Sprintf("%s 中设置了 Defaults%s %s：%s。", "/"+d.File, d.Qual, set, zh),
							Evidence: []finding.Evidence{accountsEv(d.File, d.Line, d.Text)},
						})
					}
				}
				return nil
			},
		},
		&Check{
			ID: "accounts.sudoers_unknown_user", Family: "accounts",
			Title:         "sudo rule for a user or group that does not exist",
			TitleZh:       "sudo 规则授权给不存在的用户或用户组",
			Description:   "A sudoers rule names a user, UID or group that is not in /etc/passwd or /etc/group. A rule prepared for an account to be created later, or left after an account was removed, gives root to whoever creates that name.",
			DescriptionZh: "sudoers 规则中的用户、UID 或用户组在 /etc/passwd、/etc/group 中不存在。为将来创建的账户预留的规则，或删除账户后遗留的规则，会把 root 权限交给任何创建该名称的人。",
			Verify:        "Check whether the name comes from a directory service (LDAP, SSSD) and who wrote the rule.",
			VerifyZh:      "确认该名称是否来自目录服务（LDAP、SSSD），以及规则由谁写入。",
			Advice:        "Remove rules for names that are not expected.",
			AdviceZh:      "删除针对非预期名称的规则。",
			Attack:        []string{"T1548.003", "T1136"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/sudoers", "/etc/sudoers.d", "/etc/passwd", "/etc/group"},
			Run:           accountsSudoersUnknownUser,
		},
		&Check{
			ID: "accounts.sudoers_d_recent", Family: "accounts",
			Title:         "sudoers file recently added or changed",
			TitleZh:       "近期新增或修改的 sudoers 文件",
			Description:   "A file that sudo reads from an include directory, not shipped by any package, was written or changed within the last 30 days, well after installation; dropping a file into /etc/sudoers.d is the quiet way to grant root.",
			DescriptionZh: "sudo 从包含目录读取的某个文件不属于任何软件包，且在近 30 天内（明显晚于系统安装时间）被写入或修改；向 /etc/sudoers.d 放入文件是隐蔽授予 root 权限的常用方法。",
			Verify:        "Read the file and ask who added it; match its time with logins and shell histories.",
			VerifyZh:      "查看文件内容并向管理员确认来历；将其时间与登录记录、历史命令对照。",
			Advice:        "Remove files nobody can explain (after saving them) and review the grants they made.",
			AdviceZh:      "保全后删除无法说明来历的文件，并复核其授予的权限。",
			Attack:        []string{"T1548.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/sudoers.d"},
			Run: func(c *Context) error {
				s := accountsLoadSudoers(c)
				inst := accountsInstallTime(c)
				for _, f := range s.Files {
					if f == "etc/sudoers" {
						continue
					}
					if _, o := c.Owned(f); o == Pristine {
						continue
					}
					t := accountsNewest(c, inst, f)
					if t.IsZero() {
						continue
					}
					var grants []string
					for _, sp := range s.Specs {
						if sp.File == f {
							grants = append(grants, sp.Text)
						}
					}
					h := Hit{
						Detail:   fmt.Sprintf("%s was changed on %s; it holds %d rule(s).", "/"+f, t.Format(time.RFC3339), len(grants)),
						DetailZh: fmt.Sprintf("%s 修改于 %s，包含 %d 条授权规则。", "/"+f, t.Format(time.RFC3339), len(grants)),
						Evidence: []finding.Evidence{accountsEv(f, 0, strings.Join(grants, "\n"))},
						Time:     &t,
					}
					if len(grants) == 0 {
						h.Severity, h.SeveritySet = finding.Low, true
					}
					c.Report(h)
				}
				return nil
			},
		},
		&Check{
			ID: "accounts.sudoers_writable", Family: "accounts",
			Title:         "sudoers file writable by others or not owned by root",
			TitleZh:       "sudoers 文件可被他人写入或属主不是 root",
			Description:   "A sudoers file is writable by its group or by everyone, or owned by a user other than the owner of /etc: any such user can grant themselves root (sudo refuses some of these files, which also breaks it).",
			DescriptionZh: "sudoers 文件可被属组或所有人写入，或属主不是 /etc 的属主：这些用户可为自己授予 root 权限（sudo 会拒绝部分此类文件，同时导致 sudo 不可用）。",
			Verify:        "Check who changed the permissions (ctime) and whether the content was edited.",
			VerifyZh:      "根据 ctime 确认权限修改时间及修改人，并检查内容是否被篡改。",
			Advice:        "chown root:root and chmod 0440 the file, then review its rules.",
			AdviceZh:      "执行 chown root:root 与 chmod 0440，并复核其中的规则。",
			Attack:        []string{"T1548.003", "T1222.002"},
			Category:      "SHVULN",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/sudoers", "/etc/sudoers.d"},
			Run: func(c *Context) error {
				s := accountsLoadSudoers(c)
				etcOwner := uint32(0)
				if st, err := c.StatOf("etc"); err == nil {
					etcOwner = st.UID
				}
				names := append([]string{}, s.Files...)
				names = append(names, c.Glob("etc/sudoers.d/*")...)
				seen := map[string]bool{}
				for _, f := range names {
					if seen[f] {
						continue
					}
					seen[f] = true
					st, err := c.StatOf(f)
					if err != nil || !st.IsRegular() {
						continue
					}
					var why []string
					if st.Mode&0o002 != 0 {
						why = append(why, "world-writable")
					} else if st.Mode&0o020 != 0 {
						why = append(why, "group-writable")
					}
					if st.UID != 0 && st.UID != etcOwner {
						why = append(why, fmt.Sprintf("owned by UID %d", st.UID))
					}
					if len(why) == 0 {
						continue
					}
					h := Hit{
						Detail:   fmt.Sprintf("%s is %s (mode %04o).", "/"+f, strings.Join(why, ", "), st.Mode&0o7777),
						DetailZh: fmt.Sprintf("%s 存在不安全权限：%s（权限 %04o）。", "/"+f, strings.Join(why, "，"), st.Mode&0o7777),
						Evidence: []finding.Evidence{{Path: "/" + f, Fields: map[string]string{"mode": fmt.Sprintf("%04o", st.Mode&0o7777), "uid": strconv.Itoa(int(st.UID))}}},
					}
					if st.Mode&0o002 != 0 {
						h.Severity, h.SeveritySet = finding.High, true
					}
					c.Report(h)
				}
				return nil
			},
		},
		&Check{
			ID: "accounts.privileged_group_member", Family: "accounts",
			Title:         "Unexpected member of a privileged group",
			TitleZh:       "特权用户组中存在异常成员",
			Description:   "A system account or an account that does not exist is a member of sudo, wheel, admin or adm, or any account besides root is in the root or shadow group. These groups give root through sudo, or read access to logs and password hashes; service accounts never belong there.",
			DescriptionZh: "系统账户或不存在的账户属于 sudo、wheel、admin、adm 组，或 root 以外的账户属于 root、shadow 组。这些组可经 sudo 获得 root 权限或读取日志与密码哈希，服务账户不应属于这些组。",
			Verify:        "Check when the member was added (gpasswd/usermod in auth.log, /etc/group times) and what the account did.",
			VerifyZh:      "确认成员加入时间（auth.log 中 gpasswd/usermod 记录、/etc/group 时间）及该账户的操作。",
			Advice:        "Remove the member (gpasswd -d USER GROUP) and review its sudo use.",
			AdviceZh:      "移除该成员（gpasswd -d 用户 组）并复核其 sudo 使用记录。",
			Attack:        []string{"T1098", "T1078.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/group", "/etc/gshadow", "/etc/passwd"},
			Run:           accountsPrivilegedGroupMember,
		},
		&Check{
			ID: "accounts.container_group_member", Family: "accounts",
			Title:         "Non-administrator in a root-equivalent group (docker, lxd, disk)",
			TitleZh:       "非管理员属于等同 root 的用户组（docker、lxd、disk）",
			Description:   "An account that is not an administrator is in docker, lxd, lxc, libvirt or disk. Each of these gives root without sudo: a container with the host's / mounted, or raw access to the disk.",
			DescriptionZh: "非管理员账户属于 docker、lxd、lxc、libvirt 或 disk 组。这些组无需 sudo 即可获得 root 权限：启动挂载宿主机根目录的容器，或直接读写磁盘。",
			Verify:        "Ask whether the account needs the group; check for containers it started and its logins.",
			VerifyZh:      "确认该账户是否确需此组权限，检查其启动的容器及登录记录。",
			Advice:        "Remove the membership (gpasswd -d USER GROUP); use rootless containers for such users.",
			AdviceZh:      "移除组成员身份（gpasswd -d 用户 组），此类用户应使用 rootless 容器。",
			Attack:        []string{"T1098", "T1611"},
			Category:      "SHVULN",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/group", "/etc/gshadow", "/etc/passwd"},
			Run:           accountsContainerGroupMember,
		},
	)
}

// accountsSudoLine is one logical sudoers line (continuations joined,
// comments removed).
type accountsSudoLine struct {
	File string // root-relative
	Line int
	Text string
}

type accountsSudoDefault struct {
	accountsSudoLine
	Qual     string // ":alice", "@host", "" for global
	Settings []string
}

type accountsSudoSpec struct {
	accountsSudoLine
	Users []string // as written, aliases expanded one level
	Right string   // what follows the first '='
}

type accountsSudoersConf struct {
	Files      []string // files sudo reads, in order
	Defaults   []accountsSudoDefault
	Specs      []accountsSudoSpec
	UserAlias  map[string][]string
	ReadErrors int
}

var (
	accountsSudoIncludeRe = regexp.MustCompile(`^[#@]include(dir)?\s+(.+)$`)
	accountsSudoDefRe     = regexp.MustCompile(`^Defaults([:@!>]\s*[^\s]+)?\s+(.*)$`)
	accountsSudoAliasRe   = regexp.MustCompile(`^(User|Runas|Host|Cmnd|Cmd)_Alias\s+(.*)$`)
	accountsSudoCommaRe   = regexp.MustCompile(`\s*,\s*`)
)

// accountsLoadSudoers reads /etc/sudoers and what it includes.
func accountsLoadSudoers(c *Context) *accountsSudoersConf {
	s := &accountsSudoersConf{UserAlias: map[string][]string{}}
	seen := map[string]bool{}
	var read func(name string, depth int)
	read = func(name string, depth int) {
		if depth > 8 || seen[name] || len(s.Files) > 500 {
			return
		}
		seen[name] = true
		b, err := c.ReadFile(name, 4<<20)
		if err != nil {
			if !IsNotExist(err) {
				s.ReadErrors++
			}
			return
		}
		s.Files = append(s.Files, name)
		lines := strings.Split(string(b), "\n")
		for i := 0; i < len(lines); i++ {
			start := i + 1
			text := strings.TrimRight(lines[i], "\r")
			for strings.HasSuffix(text, "\\") && i+1 < len(lines) {
				i++
				text = strings.TrimSuffix(text, "\\") + " " + strings.TrimRight(lines[i], "\r")
			}
			t := strings.TrimSpace(text)
			if m := accountsSudoIncludeRe.FindStringSubmatch(t); m != nil {
				p := strings.Trim(strings.TrimSpace(m[2]), `"`)
				if !strings.HasPrefix(p, "/") {
					p = path.Join("/"+path.Dir(name), p)
				}
				p = strings.TrimPrefix(path.Clean(p), "/")
				if m[1] == "" {
					read(p, depth+1)
					continue
				}
				ents, err := c.Src().ReadDir(p)
				if err != nil {
					continue
				}
				for _, e := range ents {
					n := e.Name()
					// sudo skips names ending in '~' or containing '.'.
					if strings.HasSuffix(n, "~") || strings.Contains(n, ".") || e.IsDir() {
						continue
					}
					read(p+"/"+n, depth+1)
				}
				continue
			}
			t = strings.TrimSpace(accountsSudoStrip(t))
			if t == "" {
				continue
			}
			l := accountsSudoLine{File: name, Line: start, Text: t}
			if m := accountsSudoDefRe.FindStringSubmatch(t); m != nil {
				s.Defaults = append(s.Defaults, accountsSudoDefault{accountsSudoLine: l, Qual: strings.ReplaceAll(m[1], " ", ""), Settings: accountsSudoSplit(m[2])})
				continue
			}
			if m := accountsSudoAliasRe.FindStringSubmatch(t); m != nil {
				if m[1] == "User" {
					for _, def := range strings.Split(m[2], ":") {
						k, v, ok := strings.Cut(def, "=")
						if ok {
							s.UserAlias[strings.TrimSpace(k)] = accountsSudoSplit(v)
						}
					}
				}
				continue
			}
			left, right, ok := strings.Cut(t, "=")
			if !ok {
				continue
			}
			f := strings.Fields(accountsSudoCommaRe.ReplaceAllString(strings.TrimSpace(left), ","))
			if len(f) < 2 {
				continue
			}
			var users []string
			for _, u := range strings.Split(f[0], ",") {
				if u == "" {
					continue
				}
				if members, ok := s.UserAlias[u]; ok {
					users = append(users, members...)
					continue
				}
				users = append(users, u)
			}
			s.Specs = append(s.Specs, accountsSudoSpec{accountsSudoLine: l, Users: users, Right: right})
		}
	}
	read("etc/sudoers", 0)
	return s
}

// accountsSudoStrip removes a sudoers comment ('#' not followed by a digit,
// outside quotes).
func accountsSudoStrip(s string) string {
	inQ := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			inQ = !inQ
		case '#':
			if inQ || i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
				continue
			}
			return s[:i]
		}
	}
	return s
}

// accountsSudoSplit splits a comma-separated list outside quotes.
func accountsSudoSplit(s string) []string {
	var out []string
	inQ, start := false, 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] == '"' {
			inQ = !inQ
		}
		if i == len(s) || s[i] == ',' && !inQ {
			if v := strings.TrimSpace(s[start:i]); v != "" {
				out = append(out, v)
			}
			start = i + 1
		}
	}
	return out
}

// accountsSudoWeak judges one Defaults setting.
func accountsSudoWeak(set string) (finding.Severity, string, string) {
	t := strings.ReplaceAll(set, " ", "")
	k, v, _ := strings.Cut(t, "=")
	k = strings.TrimRight(k, "+-")
	switch {
	case k == "env_keep" || k == "env_check":
		for _, name := range []string{"LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "PYTHONPATH", "PYTHONSTARTUP", "PERL5LIB", "PERL5OPT", "RUBYLIB", "BASH_ENV", "ENV", "NODE_OPTIONS"} {
			for _, x := range strings.Fields(strings.Trim(v, `"`)) {
				if x == name {
					return finding.High, "keeps " + name + " across sudo, which lets any sudo user load their own code as root", "通过 sudo 保留 " + name + "，任何 sudo 用户均可借此以 root 身份加载自己的代码"
				}
			}
		}
	case t == "!env_reset":
		return finding.Medium, "the caller's whole environment is kept", "保留调用者的全部环境变量"
	case t == "setenv":
		return finding.Medium, "every user may set any environment variable", "所有用户均可设置任意环境变量"
	case t == "!syslog", k == "logfile" && strings.Trim(v, `"`) == "/dev/null":
		return finding.Medium, "sudo use is not logged", "不记录 sudo 使用日志"
	case t == "!requiretty":
		return finding.Low, "sudo runs without a terminal (scripts and web shells can use it)", "允许在无终端时使用 sudo（脚本和 WebShell 可调用）"
	case t == "!use_pty":
		return finding.Low, "commands do not run in their own pseudo-terminal", "命令不在独立伪终端中运行"
	case t == "visiblepw":
		return finding.Low, "passwords may be typed where they are echoed", "允许在回显的终端中输入密码"
	case k == "passwd_tries" && (v == "0" || len(v) > 2):
		return finding.Low, "unlimited password attempts", "密码尝试次数无限制"
	}
	return finding.Info, "", ""
}

// accountsRootEquivalent are commands that give a root shell when allowed
// through sudo (shells, interpreters, editors, file copiers).
var accountsRootEquivalent = map[string]bool{
	"ALL": true, "bash": true, "sh": true, "dash": true, "zsh": true, "ksh": true, "csh": true, "tcsh": true,
	"fish": true, "su": true, "sudo": true, "env": true, "python": true, "python2": true, "python3": true,
	"perl": true, "ruby": true, "php": true, "node": true, "lua": true, "vi": true, "vim": true, "nano": true,
	"find": true, "awk": true, "gawk": true, "less": true, "more": true, "tee": true, "cp": true, "mv": true,
	"chmod": true, "chown": true, "dd": true, "tar": true, "docker": true, "busybox": true, "socat": true,
}

var (
	accountsSudoRunasRe = regexp.MustCompile(`\([^)]*\)`)
	accountsSudoTagRe   = regexp.MustCompile(`\b([A-Z_]+)\s*:`)
)

// accountsSudoGrants returns the root-equivalent commands a rule's right
// side allows without a password.
func accountsSudoGrants(right string) []string {
	r := accountsSudoRunasRe.ReplaceAllString(right, " ")
	nopasswd := false
	var out []string
	// Walk the tags and commands in order: NOPASSWD: applies until PASSWD:.
	for _, part := range strings.Split(r, ",") {
		for _, m := range accountsSudoTagRe.FindAllStringSubmatch(part, -1) {
			switch m[1] {
			case "NOPASSWD":
				nopasswd = true
			case "PASSWD":
				nopasswd = false
			}
		}
		cmd := strings.TrimSpace(accountsSudoTagRe.ReplaceAllString(part, " "))
		if i := strings.LastIndex(cmd, "="); i >= 0 { // "host = cmd" after ':'
			cmd = strings.TrimSpace(cmd[i+1:])
		}
		f := strings.Fields(cmd)
		if !nopasswd || len(f) == 0 {
			continue
		}
		base := path.Base(f[0])
		if accountsRootEquivalent[base] || strings.HasPrefix(base, "python") || strings.HasPrefix(base, "perl") {
			out = append(out, cmd)
		}
	}
	return out
}

// accountsGroup is one line of /etc/group with the members from gshadow.
type accountsGroup struct {
	Name    string
	GID     int
	Members []string
	Line    int
}

func accountsGroups(c *Context) []accountsGroup {
	b, err := c.ReadFile("etc/group", 16<<20)
	if err != nil {
		return nil
	}
	var out []accountsGroup
	idx := map[string]int{}
	for i, line := range strings.Split(string(b), "\n") {
		f := strings.Split(strings.TrimRight(line, "\r"), ":")
		if len(f) < 4 || strings.HasPrefix(line, "#") {
			continue
		}
		gid, err := strconv.Atoi(f[2])
		if err != nil {
			continue
		}
		g := accountsGroup{Name: f[0], GID: gid, Line: i + 1}
		for _, m := range strings.Split(f[3], ",") {
			if m = strings.TrimSpace(m); m != "" {
				g.Members = append(g.Members, m)
			}
		}
		idx[g.Name] = len(out)
		out = append(out, g)
	}
	if sb, err := c.ReadFile("etc/gshadow", 16<<20); err == nil {
		for _, line := range strings.Split(string(sb), "\n") {
			f := strings.Split(strings.TrimRight(line, "\r"), ":")
			if len(f) < 4 {
				continue
			}
			i, ok := idx[f[0]]
			if !ok {
				continue
			}
			for _, m := range strings.Split(f[3], ",") {
				if m = strings.TrimSpace(m); m != "" && !accountsContains(out[i].Members, m) {
					out[i].Members = append(out[i].Members, m)
				}
			}
		}
	}
	return out
}

func accountsContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// accountsAdminGroups give full root through the distribution's sudoers.
var accountsAdminGroups = map[string]bool{"sudo": true, "wheel": true, "admin": true}

// accountsAdmins returns the administrators: root, UID 0 and the members of
// the admin groups (also by primary group).
func accountsAdmins(accts []Account, groups []accountsGroup) map[string]bool {
	admins := map[string]bool{"root": true}
	adminGID := map[int]bool{}
	for _, g := range groups {
		if accountsAdminGroups[g.Name] {
			adminGID[g.GID] = true
			for _, m := range g.Members {
				admins[m] = true
			}
		}
	}
	for _, a := range accts {
		if a.UID == 0 || adminGID[a.GID] {
			admins[a.Name] = true
		}
	}
	return admins
}

func accountsSudoersNopasswd(c *Context) error {
	s := accountsLoadSudoers(c)
	if len(s.Specs) == 0 {
		return nil
	}
	accts, _ := c.Accounts()
	groups := accountsGroups(c)
	admins := accountsAdmins(accts, groups)
	sysMax := accountsSysUIDMax(c)
	byName := map[string]Account{}
	byUID := map[string]Account{}
	for _, a := range accts {
		byName[a.Name] = a
		byUID["#"+strconv.Itoa(a.UID)] = a
	}
	gByName := map[string]accountsGroup{}
	for _, g := range groups {
		gByName[g.Name] = g
	}
	for _, sp := range s.Specs {
		grants := accountsSudoGrants(sp.Right)
		if len(grants) == 0 {
			continue
		}
		for _, u := range sp.Users {
			u = strings.TrimPrefix(u, "!")
			if strings.HasPrefix(u, "!") {
				continue
			}
			sev, who, whoZh := finding.Medium, "user "+strconv.Quote(u), "用户 "+strconv.Quote(u)
			switch {
			case u == "ALL":
				sev, who, whoZh = finding.High, "every user (ALL)", "所有用户（ALL）"
			case strings.HasPrefix(u, "%"):
				gname := strings.TrimPrefix(strings.TrimPrefix(u, "%"), ":")
				if accountsAdminGroups[gname] {
					continue
				}
				who, whoZh = "group "+strconv.Quote(gname), "用户组 "+strconv.Quote(gname)
				if g, ok := gByName[gname]; !ok || g.GID <= sysMax && g.GID != 0 {
					sev = finding.High
				}
			case strings.HasPrefix(u, "+"):
				who, whoZh = "netgroup "+strconv.Quote(u), "网络组 "+strconv.Quote(u)
			default:
				a, ok := byName[u]
				if !ok {
					a, ok = byUID[u]
				}
				if ok && admins[a.Name] {
					continue
				}
				if !ok || accountsSystem(a, sysMax) {
					sev = finding.High
					if ok {
						who, whoZh = fmt.Sprintf("system account %q (UID %d)", a.Name, a.UID), fmt.Sprintf("系统账户 %q（UID %d）", a.Name, a.UID)
					} else {
						who, whoZh = fmt.Sprintf("unknown user %q", u), fmt.Sprintf("不存在的用户 %q", u)
					}
				}
			}
			c.Report(Hit{
				Severity: sev, SeveritySet: true,
				Detail:   fmt.Sprintf("%s may run %s as root without a password (%s line %d).", who, strings.Join(grants, ", "), "/"+sp.File, sp.Line),
				DetailZh: fmt.Sprintf("%s 可免密码以 root 身份执行 %s（%s 第 %d 行）。", whoZh, strings.Join(grants, ", "), "/"+sp.File, sp.Line),
				Evidence: []finding.Evidence{accountsEv(sp.File, sp.Line, sp.Text)},
			})
		}
	}
	return nil
}

func accountsSudoersUnknownUser(c *Context) error {
	s := accountsLoadSudoers(c)
	if len(s.Specs) == 0 {
		return nil
	}
	accts, err := c.Accounts()
	if err != nil {
		return nil // without the account list nothing can be judged
	}
	groups := accountsGroups(c)
	known := map[string]bool{}
	for _, a := range accts {
		known[a.Name] = true
		known["#"+strconv.Itoa(a.UID)] = true
	}
	gknown := map[string]bool{}
	for _, g := range groups {
		gknown[g.Name] = true
		gknown["#"+strconv.Itoa(g.GID)] = true
	}
	for _, sp := range s.Specs {
		for _, u := range sp.Users {
			u = strings.TrimLeft(u, "!")
			var missing, missingZh string
			switch {
			case u == "ALL" || strings.HasPrefix(u, "+") || strings.HasPrefix(u, "%:") || strings.HasPrefix(u, "%+"):
				continue
			case strings.HasPrefix(u, "%"):
				if len(groups) == 0 || gknown[strings.TrimPrefix(u, "%")] {
					continue
				}
				missing, missingZh = "group "+strconv.Quote(strings.TrimPrefix(u, "%")), "用户组 "+strconv.Quote(strings.TrimPrefix(u, "%"))
			default:
				if known[u] || s.UserAlias[u] != nil {
					continue
				}
				missing, missingZh = "user "+strconv.Quote(u), "用户 "+strconv.Quote(u)
			}
			h := Hit{
				Detail:   fmt.Sprintf("The rule on line %d of %s names %s, which does not exist.", sp.Line, "/"+sp.File, missing),
				DetailZh: fmt.Sprintf("%s 第 %d 行的规则引用了不存在的%s。", "/"+sp.File, sp.Line, missingZh),
				Evidence: []finding.Evidence{accountsEv(sp.File, sp.Line, sp.Text)},
			}
			if len(accountsSudoGrants(sp.Right)) > 0 || strings.Contains(sp.Right, "ALL") {
				h.Detail += " The rule grants broad root access."
				h.DetailZh += "该规则授予了广泛的 root 权限。"
			} else {
				h.Severity, h.SeveritySet = finding.Low, true
			}
			c.Report(h)
		}
	}
	return nil
}

func accountsPrivilegedGroupMember(c *Context) error {
	accts, err := c.Accounts()
	if err != nil {
		return ignoreMissing(err)
	}
	groups := accountsGroups(c)
	sysMax := accountsSysUIDMax(c)
	byName := map[string]Account{}
	for _, a := range accts {
		byName[a.Name] = a
	}
	pkgs := c.Packages()
	for _, g := range groups {
		strict := g.GID == 0 || g.Name == "root" || g.Name == "shadow"
		if !strict && !accountsAdminGroups[g.Name] && g.Name != "adm" {
			continue
		}
		for _, m := range g.Members {
			a, ok := byName[m]
			if m == "root" || ok && a.UID == 0 && !strict {
				continue
			}
			// Ubuntu's rsyslog puts its syslog user in adm to write logs.
			if g.Name == "adm" && m == "syslog" && pkgs.Packages["rsyslog"] != nil {
				continue
			}
			var why, whyZh string
			switch {
			case !ok:
				why, whyZh = "does not exist in /etc/passwd", "在 /etc/passwd 中不存在"
			case strict:
				why, whyZh = fmt.Sprintf("is UID %d", a.UID), fmt.Sprintf("UID 为 %d", a.UID)
			case accountsSystem(a, sysMax):
				why, whyZh = fmt.Sprintf("is a system account (UID %d, shell %s)", a.UID, a.Shell), fmt.Sprintf("为系统账户（UID %d，shell 为 %s）", a.UID, a.Shell)
			default:
				continue
			}
			c.Report(Hit{
				Detail:   fmt.Sprintf("Group %q has member %q, which %s.", g.Name, m, why),
				DetailZh: fmt.Sprintf("用户组 %q 的成员 %q %s。", g.Name, m, whyZh),
				Evidence: []finding.Evidence{{Path: "/etc/group", Line: g.Line, Excerpt: Excerpt(fmt.Sprintf("%s:x:%d:%s", g.Name, g.GID, strings.Join(g.Members, ",")), 240)}},
			})
		}
	}
	return nil
}

// accountsRootGroups give root without sudo.
var accountsRootGroups = map[string]bool{"docker": true, "lxd": true, "lxc": true, "libvirt": true, "disk": true}

func accountsContainerGroupMember(c *Context) error {
	accts, err := c.Accounts()
	if err != nil {
		return ignoreMissing(err)
	}
	groups := accountsGroups(c)
	admins := accountsAdmins(accts, groups)
	for _, g := range groups {
		if !accountsRootGroups[g.Name] {
			continue
		}
		members := append([]string{}, g.Members...)
		for _, a := range accts {
			if a.GID == g.GID && !accountsContains(members, a.Name) {
				members = append(members, a.Name)
			}
		}
		for _, m := range members {
			if admins[m] {
				continue
			}
			c.Report(Hit{
				Detail:   fmt.Sprintf("%q, not an administrator, is in group %q, which gives root without sudo.", m, g.Name),
				DetailZh: fmt.Sprintf("非管理员 %q 属于用户组 %q，该组无需 sudo 即可获得 root 权限。", m, g.Name),
				Evidence: []finding.Evidence{{Path: "/etc/group", Line: g.Line, Excerpt: Excerpt(fmt.Sprintf("%s:x:%d:%s", g.Name, g.GID, strings.Join(g.Members, ",")), 240)}},
			})
		}
	}
	return nil
}

func init() {
	Register(
		&Check{
			ID: "accounts.authorized_keys_forced_command", Family: "accounts",
			Title:         "SSH key with a forced command",
			TitleZh:       "SSH 公钥配置了强制命令（command=）",
			Description:   "An authorized_keys entry carries command=, so every login with that key runs the given command. Backups and git hosting use it to restrict a key; intruders use it to run a payload at each login and then hand over a normal shell.",
			DescriptionZh: "authorized_keys 中的公钥带有 command= 选项，每次使用该密钥登录都会执行指定命令。备份与 Git 托管用它限制密钥用途；入侵者则用它在每次登录时执行恶意载荷，再交还正常 shell。",
			Verify:        "Read the command and the program it runs; ask who installed the key and for what.",
			VerifyZh:      "查看强制命令及其调用的程序，向管理员确认该密钥由谁添加、用途为何。",
			Advice:        "Remove keys whose command nobody can explain; keep forced commands to fixed, root-owned programs.",
			AdviceZh:      "删除无法说明用途的密钥；强制命令应仅指向 root 所有的固定程序。",
			Attack:        []string{"T1098.004", "T1546"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"~/.ssh/authorized_keys (every home)", "/etc/ssh/sshd_config"},
			Run: func(c *Context) error {
				for _, kf := range accountsKeyFiles(c) {
					for _, k := range kf.Keys {
						cmd, ok := k.Option("command")
						if !ok {
							continue
						}
						h := Hit{
							Detail:   fmt.Sprintf("A key (%s %s) in %s forces the command %q.", k.Type, k.Comment, "/"+kf.Name, Excerpt(cmd, 200)),
							DetailZh: fmt.Sprintf("%s 中的公钥（%s %s）强制执行命令 %q。", "/"+kf.Name, k.Type, k.Comment, Excerpt(cmd, 200)),
							Evidence: []finding.Evidence{accountsEv(kf.Name, k.Line, k.Text)},
						}
						if rs := ExecReasons(cmd); len(rs) > 0 {
							en, zh := JoinReasons(rs)
							h.Severity, h.SeveritySet = finding.High, true
							h.Detail += " It " + en + "."
							h.DetailZh += "该命令" + zh + "。"
						} else if !accountsHookRe.MatchString(cmd) {
							h.Severity, h.SeveritySet = finding.Low, true
						} else {
							h.Detail += " It runs something and then continues to a normal shell or the requested command, a login hook."
							h.DetailZh += "该命令先执行其他程序再进入正常 shell 或执行原请求命令，属于登录钩子。"
						}
						c.Report(h)
					}
				}
				return nil
			},
		},
		&Check{
			ID: "accounts.authorized_keys_environment", Family: "accounts",
			Title:         "SSH key that sets environment variables",
			TitleZh:       "SSH 公钥设置了环境变量（environment=）",
			Description:   "An authorized_keys entry carries environment=. With PermitUserEnvironment it sets variables for the session; LD_PRELOAD, BASH_ENV or similar make every login with the key load the intruder's code.",
			DescriptionZh: "authorized_keys 中的公钥带有 environment= 选项。在启用 PermitUserEnvironment 时会为会话设置环境变量；LD_PRELOAD、BASH_ENV 等变量会让每次使用该密钥登录时加载入侵者的代码。",
			Verify:        "Check PermitUserEnvironment in sshd_config and the files the variables point to.",
			VerifyZh:      "检查 sshd_config 中的 PermitUserEnvironment 设置及变量所指向的文件。",
			Advice:        "Remove the option and the files it loads; keep PermitUserEnvironment no.",
			AdviceZh:      "删除该选项及其加载的文件；保持 PermitUserEnvironment no。",
			Attack:        []string{"T1098.004", "T1574.006"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"~/.ssh/authorized_keys (every home)"},
			Run: func(c *Context) error {
				for _, kf := range accountsKeyFiles(c) {
					for _, k := range kf.Keys {
						for _, o := range k.Options {
							name, val, ok := strings.Cut(o, "=")
							if !ok || !strings.EqualFold(name, "environment") {
								continue
							}
							val = accountsUnquote(val)
							h := Hit{
								Detail:   fmt.Sprintf("A key (%s %s) in %s sets %q.", k.Type, k.Comment, "/"+kf.Name, Excerpt(val, 200)),
								DetailZh: fmt.Sprintf("%s 中的公钥（%s %s）设置了环境变量 %q。", "/"+kf.Name, k.Type, k.Comment, Excerpt(val, 200)),
								Evidence: []finding.Evidence{accountsEv(kf.Name, k.Line, k.Text)},
							}
							v, _, _ := strings.Cut(val, "=")
							if accountsLoaderVars[strings.TrimSpace(v)] || len(ExecReasons(val)) > 0 {
								h.Severity, h.SeveritySet = finding.High, true
							}
							c.Report(h)
						}
					}
				}
				return nil
			},
		},
		&Check{
			ID: "accounts.authorized_keys_recent", Family: "accounts",
			Title:         "SSH authorized keys added or changed recently",
			TitleZh:       "近期新增或修改的 SSH 授权公钥",
			Description:   "An authorized_keys file was modified (or its inode changed) within the last 30 days, well after the system was installed. Adding a key is the most common way intruders keep access; the file's times date it.",
			DescriptionZh: "authorized_keys 文件在近 30 天内（明显晚于系统安装时间）被修改或其 inode 发生变化。添加公钥是入侵者维持访问最常用的方法，文件时间可帮助确定添加时间。",
			Verify:        "Ask the account's owner about each key; match the time with logins (wtmp, auth.log) and histories.",
			VerifyZh:      "逐条向账户负责人确认公钥来历；将修改时间与登录记录（wtmp、auth.log）及历史命令对照。",
			Advice:        "Remove keys nobody recognises (after saving the file) and rotate the account's credentials.",
			AdviceZh:      "保全文件后删除无人认领的公钥，并更换该账户的凭据。",
			Attack:        []string{"T1098.004"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"~/.ssh/authorized_keys (every home)"},
			Run: func(c *Context) error {
				inst := accountsInstallTime(c)
				for _, kf := range accountsKeyFiles(c) {
					if len(kf.Keys) == 0 {
						continue
					}
					t := accountsNewest(c, inst, kf.Name)
					if t.IsZero() {
						continue
					}
					var ev []finding.Evidence
					var comments []string
					for _, k := range kf.Keys {
						ev = append(ev, accountsEv(kf.Name, k.Line, k.Text))
						comments = append(comments, k.Type+" "+k.Comment)
					}
					c.Report(Hit{
						Detail:   fmt.Sprintf("%s (account %s) changed on %s; keys: %s.", "/"+kf.Name, accountsOr(kf.User, "unknown"), t.Format(time.RFC3339), strings.Join(comments, "; ")),
						DetailZh: fmt.Sprintf("%s（账户 %s）修改于 %s；公钥：%s。", "/"+kf.Name, accountsOr(kf.User, "未知"), t.Format(time.RFC3339), strings.Join(comments, "；")),
						Evidence: ev,
						Time:     &t,
					})
				}
				return nil
			},
		},
		&Check{
			ID: "accounts.authorized_keys_foreign_comment", Family: "accounts",
			Title:         "SSH key whose comment names a foreign or attacker host",
			TitleZh:       "SSH 公钥注释指向外部主机或攻击者主机",
			Description:   "The comment of an authorized key (user@host of where it was generated) names another machine; default host names of attack distributions (kali, parrot) are a strong sign of an intruder's key, other foreign hosts are listed for review.",
			DescriptionZh: "授权公钥的注释（生成该密钥的 用户@主机）指向其他机器；若为攻击型发行版的默认主机名（kali、parrot 等）则极可能是入侵者的密钥，其他外部主机列出供复核。",
			Verify:        "Ask the account's owner whether they know the host and the key.",
			VerifyZh:      "向账户负责人确认是否认识该主机与该密钥。",
			Advice:        "Remove keys from hosts nobody recognises.",
			AdviceZh:      "删除来自无人认领主机的公钥。",
			Attack:        []string{"T1098.004"},
			Category:      "NABACKIMPL",
			Severity:      finding.Low,
			Reads:         []string{"~/.ssh/authorized_keys (every home)", "/etc/hostname"},
			Run:           accountsKeysForeignComment,
		},
		&Check{
			ID: "accounts.authorized_keys_permissions", Family: "accounts",
			Title:         "authorized_keys writable by others, foreign-owned or linked elsewhere",
			TitleZh:       "authorized_keys 可被他人写入、属主异常或链接到其他位置",
			Description:   "An authorized_keys file, or the .ssh directory or home holding it, is writable by group or others, belongs to a user other than the account (or root), or is a link to a file outside the home. Anyone who can write it can log in as the account.",
			DescriptionZh: "authorized_keys 文件或其所在的 .ssh 目录、主目录可被属组或其他用户写入，属主既不是该账户也不是 root，或是指向主目录之外文件的链接。任何能写入该文件的人都能以该账户登录。",
			Verify:        "Check who changed the permissions or created the link (ctime) and whether keys were added.",
			VerifyZh:      "根据 ctime 确认权限修改或链接创建的时间与操作者，并检查是否被添加了公钥。",
			Advice:        "chmod 600 the file and 700 the .ssh directory, chown them to the account, replace links with the real file, and review the keys.",
			AdviceZh:      "文件权限改为 600、.ssh 目录改为 700 并归属该账户，将链接替换为实际文件，并复核其中的公钥。",
			Attack:        []string{"T1098.004", "T1222.002"},
			Category:      "SHVULN",
			Severity:      finding.Medium,
			Reads:         []string{"~/.ssh/authorized_keys (every home)"},
			Run:           accountsKeysPermissions,
		},
		&Check{
			ID: "accounts.authorized_keys2", Family: "accounts",
			Title:         "Keys in the legacy authorized_keys2 file",
			TitleZh:       "旧式 authorized_keys2 文件中存在公钥",
			Description:   "An authorized_keys2 file holds keys. OpenSSH still reads it by default on many systems but few people look at it, which makes it a place to hide a key.",
			DescriptionZh: "authorized_keys2 文件中存在公钥。许多系统上 OpenSSH 默认仍会读取该文件，但很少有人检查，因此常被用来隐藏后门公钥。",
			Verify:        "Ask the account's owner about the keys.",
			VerifyZh:      "向账户负责人确认这些公钥的来历。",
			Advice:        "Move needed keys to authorized_keys, remove the file, and set AuthorizedKeysFile .ssh/authorized_keys.",
			AdviceZh:      "将确需的公钥移至 authorized_keys 并删除该文件，在 sshd_config 中设置 AuthorizedKeysFile .ssh/authorized_keys。",
			Attack:        []string{"T1098.004", "T1564"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"~/.ssh/authorized_keys2 (every home)"},
			Run: func(c *Context) error {
				for _, kf := range accountsKeyFiles(c) {
					if kf.Kind != "authorized_keys2" || len(kf.Keys) == 0 {
						continue
					}
					var ev []finding.Evidence
					for _, k := range kf.Keys {
						ev = append(ev, accountsEv(kf.Name, k.Line, k.Text))
					}
					c.Report(Hit{
						Detail:   fmt.Sprintf("%s holds %d key(s) (account %s).", "/"+kf.Name, len(kf.Keys), accountsOr(kf.User, "unknown")),
						DetailZh: fmt.Sprintf("%s 中有 %d 个公钥（账户 %s）。", "/"+kf.Name, len(kf.Keys), accountsOr(kf.User, "未知")),
						Evidence: ev,
					})
				}
				return nil
			},
		},
		&Check{
			ID: "accounts.authorized_keys_alternate", Family: "accounts",
			Title:         "SSH keys read from an alternate AuthorizedKeysFile path",
			TitleZh:       "sshd 从非默认 AuthorizedKeysFile 路径读取公钥",
			Description:   "sshd_config's AuthorizedKeysFile names a path besides ~/.ssh/authorized_keys. Keys there escape a look at the home directories; a path in a temporary or hidden directory is a backdoor by itself.",
			DescriptionZh: "sshd_config 的 AuthorizedKeysFile 指定了 ~/.ssh/authorized_keys 以外的路径。存放在该处的公钥不会在检查主目录时被发现；若路径位于临时或隐藏目录，本身就是后门。",
			Verify:        "Check who changed sshd_config and the keys in the named files.",
			VerifyZh:      "确认 sshd_config 的修改人，并检查指定文件中的公钥。",
			Advice:        "Restore AuthorizedKeysFile to .ssh/authorized_keys unless a central key store is intended, and review its keys.",
			AdviceZh:      "除确有集中密钥管理需求外，将 AuthorizedKeysFile 恢复为 .ssh/authorized_keys，并复核其中的公钥。",
			Attack:        []string{"T1098.004", "T1556"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d"},
			Run:           accountsKeysAlternate,
		},
		&Check{
			ID: "accounts.authorized_keys_unusual_owner", Family: "accounts",
			Title:         "SSH keys for a system account or a removed account",
			TitleZh:       "系统账户或已删除账户的目录中存在 SSH 授权公钥",
			Description:   "authorized_keys with keys exists in the home of a system account (such as www-data) or in a directory under /home whose account no longer exists. A web shell that writes a key into the service account's home gets an SSH login (or tunnels even with nologin); a removed account's keys come back with its name.",
			DescriptionZh: "系统账户（如 www-data）的主目录或 /home 下已删除账户的目录中存在含公钥的 authorized_keys。WebShell 向服务账户主目录写入公钥即可获得 SSH 登录（即使 shell 为 nologin 也可建立隧道）；已删除账户的公钥会在同名账户重建时复活。",
			Verify:        "Check the file's times, who wrote it (owner), and SSH logins of the account in auth.log.",
			VerifyZh:      "检查文件时间与属主，并在 auth.log 中查找该账户的 SSH 登录记录。",
			Advice:        "Save and remove the keys; block SSH for service accounts (DenyUsers or AllowGroups).",
			AdviceZh:      "保全后删除这些公钥；通过 DenyUsers 或 AllowGroups 禁止服务账户使用 SSH。",
			Attack:        []string{"T1098.004", "T1505.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"~/.ssh/authorized_keys (every home, also /home of removed accounts)", "/etc/passwd"},
			Run:           accountsKeysUnusualOwner,
		},
		&Check{
			ID: "accounts.private_key_no_passphrase", Family: "accounts",
			Title:         "Private SSH key without a passphrase",
			TitleZh:       "未设置口令保护的 SSH 私钥",
			Description:   "A private key in a home's .ssh directory is not encrypted. Whoever reads it can log in wherever its public key is authorized: an intruder on this host moves on to the others.",
			DescriptionZh: "主目录 .ssh 中的私钥未加密。任何能读取它的人都能登录信任其公钥的主机：入侵者可借此从本机横向移动到其他主机。",
			Verify:        "Find where the public key is authorized (other hosts' authorized_keys, git hosting) and whether those hosts show logins from here.",
			VerifyZh:      "查明对应公钥在哪些主机或代码托管平台上被授权，并检查这些主机是否有来自本机的登录。",
			Advice:        "If the host is compromised, treat the key as stolen: remove its public key everywhere and issue a new key with a passphrase (or use an agent).",
			AdviceZh:      "若主机已失陷，应视该私钥已泄露：在所有位置删除其公钥，并重新生成带口令的密钥（或使用 ssh-agent）。",
			Attack:        []string{"T1552.004", "T1021.004"},
			Category:      "SHVULN",
			Severity:      finding.Low,
			Reads:         []string{"~/.ssh (every home)"},
			Run:           accountsPrivateKeys,
		},
	)
}

// accountsHookRe matches a forced command that runs something and then
// hands over a normal session.
var accountsHookRe = regexp.MustCompile(`(;|&&|\|\||&)\s*(exec\s+)?("?\$\{?(SHELL|SSH_ORIGINAL_COMMAND)\}?"?|(/usr)?(/bin/)?(ba|z|k|da)?sh\b)`)

// accountsLoaderVars make a program load code chosen by whoever sets them.
var accountsLoaderVars = map[string]bool{
	"LD_PRELOAD": true, "LD_LIBRARY_PATH": true, "LD_AUDIT": true, "BASH_ENV": true, "ENV": true,
	"PROMPT_COMMAND": true, "PYTHONSTARTUP": true, "PYTHONPATH": true, "PERL5OPT": true, "PERL5LIB": true,
	"NODE_OPTIONS": true, "RUBYOPT": true, "GCONV_PATH": true,
}

func accountsOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// accountsKey is one authorized_keys entry.
type accountsKey struct {
	Line                int
	Text                string
	Options             []string
	Type, Blob, Comment string
}

// Option returns an option's unquoted value.
func (k accountsKey) Option(name string) (string, bool) {
	for _, o := range k.Options {
		n, v, ok := strings.Cut(o, "=")
		if ok && strings.EqualFold(n, name) {
			return accountsUnquote(v), true
		}
	}
	return "", false
}

func accountsUnquote(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	return strings.ReplaceAll(v, `\"`, `"`)
}

var accountsKeyTypeRe = regexp.MustCompile(`^(ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9-]+@openssh\.com|[a-z0-9-]+-cert-v0[01]@openssh\.com|ssh-xmss@openssh\.com)$`)

// accountsParseKeys parses authorized_keys content.
func accountsParseKeys(s string) []accountsKey {
	var out []accountsKey
	for i, raw := range strings.Split(s, "\n") {
		line := strings.TrimSpace(strings.TrimRight(raw, "\r"))
		if line == "" || line[0] == '#' {
			continue
		}
		k := accountsKey{Line: i + 1, Text: line}
		rest := line
		if f := strings.Fields(line); !accountsKeyTypeRe.MatchString(f[0]) {
			// Options: up to the first unquoted blank, split at unquoted commas.
			inQ, end, start := false, len(line), 0
			for j := 0; j < len(line); j++ {
				ch := line[j]
				switch {
				case ch == '\\' && inQ:
					j++
				case ch == '"':
					inQ = !inQ
				case (ch == ' ' || ch == '\t') && !inQ:
					end = j
				case ch == ',' && !inQ:
					k.Options = append(k.Options, line[start:j])
					start = j + 1
				}
				if end != len(line) {
					break
				}
			}
			if start < end {
				k.Options = append(k.Options, line[start:end])
			}
			rest = line[end:]
		}
		f := strings.Fields(rest)
		if len(f) < 2 {
			continue // not a key
		}
		k.Type, k.Blob = f[0], f[1]
		k.Comment = strings.Join(f[2:], " ")
		out = append(out, k)
	}
	return out
}

// accountsKeyFile is one authorized keys file found on the target.
type accountsKeyFile struct {
	Name string // root-relative, as found (may be a link)
	Kind string // "authorized_keys", "authorized_keys2", "alternate"
	Home Home   // the home it is in (zero for alternate fixed paths)
	User string // the account it serves, "" unknown
	UID  int    // -1 unknown
	// Config is the sshd_config line naming an alternate path.
	Config  *accountsSudoLine
	Pattern string
	Keys    []accountsKey
}

// accountsSSHDKeyPatterns returns the AuthorizedKeysFile patterns of the
// sshd configuration (with Include), each with its line.
func accountsSSHDKeyPatterns(c *Context) (pats []string, lines []accountsSudoLine) {
	seen := map[string]bool{}
	var read func(name string, depth int)
	read = func(name string, depth int) {
		if depth > 5 || seen[name] || len(seen) > 200 {
			return
		}
		seen[name] = true
		b, err := c.ReadFile(name, 1<<20)
		if err != nil {
			return
		}
		for i, line := range strings.Split(string(b), "\n") {
			t := strings.TrimSpace(line)
			if t == "" || t[0] == '#' {
				continue
			}
			t = strings.ReplaceAll(t, "\t", " ")
			j := strings.IndexAny(t, " =")
			if j < 0 {
				continue
			}
			kw, rest := t[:j], strings.TrimLeft(t[j:], " =")
			switch strings.ToLower(kw) {
			case "include":
				for _, p := range strings.Fields(rest) {
					if !strings.HasPrefix(p, "/") {
						p = "/etc/ssh/" + p
					}
					for _, n := range c.Glob(p) {
						read(n, depth+1)
					}
				}
			case "authorizedkeysfile":
				// The first one counts; later ones (Match blocks) also do for some users.
				l := accountsSudoLine{File: name, Line: i + 1, Text: t}
				for _, p := range strings.Fields(rest) {
					pats = append(pats, strings.Trim(p, `"`))
					lines = append(lines, l)
				}
			}
		}
	}
	read("etc/ssh/sshd_config", 0)
	return pats, lines
}

// accountsKeyFiles finds every authorized keys file: both default names in
// every home (also homes of removed accounts) and the alternate paths of
// sshd_config expanded for every account.
func accountsKeyFiles(c *Context) []accountsKeyFile {
	var out []accountsKeyFile
	seen := map[string]bool{}
	accts, _ := c.Accounts()
	byName := map[string]Account{}
	for _, a := range accts {
		if _, ok := byName[a.Name]; !ok {
			byName[a.Name] = a
		}
	}
	add := func(kf accountsKeyFile) {
		if seen[kf.Name] || len(out) > 5000 {
			return
		}
		fi, err := c.Src().Lstat(kf.Name)
		if err != nil || fi.IsDir() {
			return
		}
		seen[kf.Name] = true
		if b, err := c.ReadFile(kf.Name, 4<<20); err == nil {
			kf.Keys = accountsParseKeys(string(b))
		}
		out = append(out, kf)
	}
	homes := c.Homes()
	for _, h := range homes {
		for _, n := range []string{"authorized_keys", "authorized_keys2"} {
			add(accountsKeyFile{Name: h.Dir + "/.ssh/" + n, Kind: n, Home: h, User: h.User, UID: h.UID})
		}
	}
	pats, lines := accountsSSHDKeyPatterns(c)
	for i, p := range pats {
		switch p {
		case ".ssh/authorized_keys", ".ssh/authorized_keys2", "%h/.ssh/authorized_keys", "%h/.ssh/authorized_keys2", "none":
			continue
		}
		l := lines[i]
		if !strings.ContainsRune(p, '%') {
			if strings.HasPrefix(p, "/") {
				add(accountsKeyFile{Name: strings.TrimPrefix(path.Clean(p), "/"), Kind: "alternate", UID: -1, Config: &l, Pattern: p})
				continue
			}
		}
		for _, a := range accts {
			exp := strings.NewReplacer("%%", "%", "%h", a.Home, "%u", a.Name, "%U", strconv.Itoa(a.UID)).Replace(p)
			if !strings.HasPrefix(exp, "/") {
				exp = a.Home + "/" + exp
			}
			name := strings.TrimPrefix(path.Clean("/"+exp), "/")
			if name == "" {
				continue
			}
			add(accountsKeyFile{Name: name, Kind: "alternate", User: a.Name, UID: a.UID, Config: &l, Pattern: p})
		}
	}
	return out
}

// accountsAttackHosts are the default host names of attack distributions.
var accountsAttackHosts = map[string]bool{"kali": true, "parrot": true, "blackarch": true, "pentoo": true, "kali-linux": true, "parrotsec": true, "kali-purple": true}

func accountsKeysForeignComment(c *Context) error {
	own := map[string]bool{"localhost": true}
	if b, err := c.ReadFile("etc/hostname", 4096); err == nil {
		h := strings.ToLower(strings.TrimSpace(string(b)))
		own[h] = true
		own[strings.SplitN(h, ".", 2)[0]] = true
	}
	for _, kf := range accountsKeyFiles(c) {
		var foreign []string
		var ev []finding.Evidence
		for _, k := range kf.Keys {
			_, host, ok := strings.Cut(strings.Fields(k.Comment + " x")[0], "@")
			if !ok || host == "" {
				continue
			}
			host = strings.ToLower(host)
			short := strings.SplitN(host, ".", 2)[0]
			if own[host] || own[short] {
				continue
			}
			if accountsAttackHosts[short] {
				c.Report(Hit{
					Severity: finding.Medium, SeveritySet: true,
					Detail:   fmt.Sprintf("A key in %s was made on %q, the default host name of an attack distribution.", "/"+kf.Name, host),
					DetailZh: fmt.Sprintf("%s 中的公钥生成于 %q，这是攻击型发行版的默认主机名。", "/"+kf.Name, host),
					Evidence: []finding.Evidence{accountsEv(kf.Name, k.Line, k.Text)},
				})
				continue
			}
			foreign = append(foreign, k.Comment)
			ev = append(ev, accountsEv(kf.Name, k.Line, k.Text))
		}
		if len(foreign) > 0 {
			c.Report(Hit{
				Detail:   fmt.Sprintf("Keys in %s come from other hosts: %s.", "/"+kf.Name, strings.Join(foreign, ", ")),
				DetailZh: fmt.Sprintf("%s 中的公钥来自其他主机：%s。", "/"+kf.Name, strings.Join(foreign, "、")),
				Evidence: ev,
			})
		}
	}
	return nil
}

func accountsKeysPermissions(c *Context) error {
	etcOwner := uint32(0)
	if st, err := c.StatOf("etc"); err == nil {
		etcOwner = st.UID
	}
	for _, kf := range accountsKeyFiles(c) {
		var why, whyZh []string
		st, err := c.StatOf(kf.Name)
		if err != nil {
			continue
		}
		home := kf.Home.Dir
		if st.IsSymlink() {
			real, err := c.Resolve(kf.Name)
			if err == nil && (home == "" || !strings.HasPrefix(real+"/", home+"/")) && !strings.HasPrefix(real, "etc/ssh/") {
				why = append(why, "is a link to /"+real)
				whyZh = append(whyZh, "是指向 /"+real+" 的链接")
			}
			if fi, err := c.Src().Stat(kf.Name); err == nil {
				if s := targetfs.StatOf(fi); s != nil {
					st = s
				}
			}
		}
		if st.Mode&0o022 != 0 {
			why = append(why, fmt.Sprintf("is writable by group or others (mode %04o)", st.Mode&0o7777))
			whyZh = append(whyZh, fmt.Sprintf("可被属组或其他用户写入（权限 %04o）", st.Mode&0o7777))
		}
		var homeOwner uint32 = 1<<32 - 1
		if home != "" {
			for _, d := range []string{home + "/.ssh", home} {
				ds, err := c.StatOf(d)
				if err != nil || !ds.IsDir() {
					continue
				}
				if d == home {
					homeOwner = ds.UID
				}
				if ds.Mode&0o002 != 0 || ds.Mode&0o020 != 0 && d != home {
					why = append(why, fmt.Sprintf("/%s is writable by others (mode %04o)", d, ds.Mode&0o7777))
					whyZh = append(whyZh, fmt.Sprintf("/%s 可被他人写入（权限 %04o）", d, ds.Mode&0o7777))
				}
			}
		}
		if st.UID != 0 && st.UID != homeOwner && st.UID != etcOwner && (kf.UID < 0 || st.UID != uint32(kf.UID)) {
			why = append(why, fmt.Sprintf("is owned by UID %d, not by the account", st.UID))
			whyZh = append(whyZh, fmt.Sprintf("属主为 UID %d，而非该账户", st.UID))
		}
		if len(why) == 0 {
			continue
		}
		c.Report(Hit{
			Detail:   fmt.Sprintf("%s (account %s) %s.", "/"+kf.Name, accountsOr(kf.User, "unknown"), strings.Join(why, "; ")),
			DetailZh: fmt.Sprintf("%s（账户 %s）%s。", "/"+kf.Name, accountsOr(kf.User, "未知"), strings.Join(whyZh, "；")),
			Evidence: []finding.Evidence{{Path: "/" + kf.Name, Fields: map[string]string{"mode": fmt.Sprintf("%04o", st.Mode&0o7777), "uid": strconv.Itoa(int(st.UID))}}},
		})
	}
	return nil
}

func accountsKeysAlternate(c *Context) error {
	pats, lines := accountsSSHDKeyPatterns(c)
	files := accountsKeyFiles(c)
	reported := map[string]bool{}
	for i, p := range pats {
		switch p {
		case ".ssh/authorized_keys", ".ssh/authorized_keys2", "%h/.ssh/authorized_keys", "%h/.ssh/authorized_keys2", "none":
			continue
		}
		l := lines[i]
		abs := p
		if !strings.HasPrefix(abs, "/") {
			abs = "%h/" + abs
		}
		risky := InTempDir(abs) || HiddenPath(strings.NewReplacer("%h/.ssh/", "%h/ssh/").Replace(abs))
		var ev []finding.Evidence
		keys := 0
		ev = append(ev, accountsEv(l.File, l.Line, l.Text))
		for _, kf := range files {
			if kf.Kind != "alternate" || kf.Pattern != p || len(kf.Keys) == 0 {
				continue
			}
			keys += len(kf.Keys)
			for _, k := range kf.Keys {
				ev = append(ev, accountsEv(kf.Name, k.Line, k.Text))
			}
		}
		if !risky && keys == 0 || reported[p] {
			continue
		}
		reported[p] = true
		h := Hit{
			Detail:   fmt.Sprintf("AuthorizedKeysFile includes %q (%s line %d); %d key(s) found there.", p, "/"+l.File, l.Line, keys),
			DetailZh: fmt.Sprintf("AuthorizedKeysFile 包含路径 %q（%s 第 %d 行），其中发现 %d 个公钥。", p, "/"+l.File, l.Line, keys),
			Evidence: ev,
		}
		switch {
		case risky:
			h.Severity, h.SeveritySet = finding.High, true
		case strings.HasPrefix(abs, "/etc/"):
			// A central key store under /etc is an admin's choice.
			h.Severity, h.SeveritySet = finding.Low, true
		}
		c.Report(h)
	}
	return nil
}

func accountsKeysUnusualOwner(c *Context) error {
	accts, _ := c.Accounts()
	byName := map[string]Account{}
	for _, a := range accts {
		byName[a.Name] = a
	}
	sysMax := accountsSysUIDMax(c)
	for _, kf := range accountsKeyFiles(c) {
		if kf.Kind == "alternate" || len(kf.Keys) == 0 {
			continue
		}
		var ev []finding.Evidence
		restricted := 0
		for _, k := range kf.Keys {
			ev = append(ev, accountsEv(kf.Name, k.Line, k.Text))
			if _, ok := k.Option("command"); ok {
				restricted++
			}
		}
		a, ok := byName[kf.User]
		switch {
		case kf.User == "" && len(accts) > 0:
			c.Report(Hit{
				Severity: finding.Medium, SeveritySet: true,
				Detail:   fmt.Sprintf("%s holds %d key(s) but no account has /%s as its home.", "/"+kf.Name, len(kf.Keys), kf.Home.Dir),
				DetailZh: fmt.Sprintf("%s 中有 %d 个公钥，但没有任何账户以 /%s 为主目录。", "/"+kf.Name, len(kf.Keys), kf.Home.Dir),
				Evidence: ev,
			})
		case ok && accountsSystem(a, sysMax):
			h := Hit{
				Detail:   fmt.Sprintf("%s holds %d key(s) for system account %q (UID %d, shell %s).", "/"+kf.Name, len(kf.Keys), a.Name, a.UID, a.Shell),
				DetailZh: fmt.Sprintf("%s 中有 %d 个属于系统账户 %q（UID %d，shell 为 %s）的公钥。", "/"+kf.Name, len(kf.Keys), a.Name, a.UID, a.Shell),
				Evidence: ev,
			}
			if restricted == len(kf.Keys) || accountsPackagedShell(c, a.Name) {
				// Git hosting and database replication use keys this way.
				h.Severity, h.SeveritySet = finding.Low, true
			}
			c.Report(h)
		}
	}
	return nil
}

// accountsKeyFileSkip are .ssh files that are never private keys.
var accountsKeyFileSkip = map[string]bool{"authorized_keys": true, "authorized_keys2": true, "known_hosts": true, "known_hosts.old": true, "config": true, "environment": true, "rc": true}

func accountsPrivateKeys(c *Context) error {
	for _, h := range c.Homes() {
		dir := h.Dir + "/.ssh"
		ents, err := c.Src().ReadDir(dir)
		if err != nil {
			continue
		}
		for i, e := range ents {
			if i > 500 {
				break
			}
			n := e.Name()
			if !e.Type().IsRegular() || strings.HasSuffix(n, ".pub") || accountsKeyFileSkip[n] {
				continue
			}
			name := dir + "/" + n
			b, err := c.ReadFile(name, 64<<10)
			if err != nil {
				continue
			}
			format, enc, known := accountsKeyProtection(b)
			if !known || enc {
				continue
			}
			c.Report(Hit{
				Detail:   fmt.Sprintf("%s is a %s private key without a passphrase (account %s).", "/"+name, format, accountsOr(h.User, "unknown")),
				DetailZh: fmt.Sprintf("%s 是未设置口令的 %s 私钥（账户 %s）。", "/"+name, format, accountsOr(h.User, "未知")),
				Evidence: []finding.Evidence{{Path: "/" + name, Fields: map[string]string{"format": format}}},
			})
		}
	}
	return nil
}

// accountsKeyProtection tells whether b is a private key (a PEM or
// OpenSSH key, a PuTTY key, or the collector's redacted description) and
// whether it is encrypted.
func accountsKeyProtection(b []byte) (format string, encrypted, isKey bool) {
	t := bytes.TrimSpace(b)
	if bytes.HasPrefix(t, []byte("# yingji: private key redacted")) {
		format = "private key"
		for _, line := range strings.Split(string(t), "\n") {
			if v, ok := strings.CutPrefix(line, "# format: "); ok {
				format = strings.TrimSpace(v)
			}
			if v, ok := strings.CutPrefix(line, "# passphrase: "); ok {
				switch {
				case strings.HasPrefix(v, "no"):
					return format, false, true
				case strings.HasPrefix(v, "yes"):
					return format, true, true
				}
				return format, false, false // unknown
			}
		}
		return format, false, false
	}
	if bytes.HasPrefix(t, []byte("PuTTY-User-Key-File-")) {
		return "PuTTY", !bytes.Contains(t, []byte("\nEncryption: none")), true
	}
	if !bytes.HasPrefix(t, []byte("-----BEGIN ")) {
		return "", false, false
	}
	end := bytes.Index(t, []byte("-----"+"\n"))
	if e2 := bytes.Index(t, []byte("-----\r\n")); end < 0 || e2 >= 0 && e2 < end {
		end = e2
	}
	if end < 0 {
		return "", false, false
	}
	label := string(t[len("-----BEGIN "):end])
	if !strings.HasSuffix(label, "PRIVATE KEY") {
		return "", false, false
	}
	switch {
	case label == "ENCRYPTED PRIVATE KEY" || bytes.Contains(t, []byte("Proc-Type: 4,ENCRYPTED")):
		return label, true, true
	case label == "OPENSSH PRIVATE KEY":
		cipher, ok := accountsOpenSSHCipher(t[end+5:])
		if !ok {
			return label, false, false
		}
		return label, cipher != "none", true
	}
	return label, false, true
}

// accountsOpenSSHCipher reads the cipher name from the clear header of an
// openssh-key-v1 blob.
func accountsOpenSSHCipher(body []byte) (string, bool) {
	if i := bytes.Index(body, []byte("-----END")); i >= 0 {
		body = body[:i]
	}
	clean := bytes.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, body)
	if len(clean) > 200 {
		clean = clean[:200] // the header is in the first bytes
		clean = clean[:len(clean)/4*4]
	}
	raw := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
	n, err := base64.StdEncoding.Decode(raw, clean)
	if err != nil && n == 0 {
		return "", false
	}
	raw = raw[:n]
	const magic = "openssh-key-v1\x00"
	if !bytes.HasPrefix(raw, []byte(magic)) || len(raw) < len(magic)+4 {
		return "", false
	}
	p := raw[len(magic):]
	l := binary.BigEndian.Uint32(p)
	if uint64(l) > uint64(len(p)-4) || l > 64 {
		return "", false
	}
	return string(p[4 : 4+l]), true
}

func init() {
	Register(
		&Check{
			ID: "accounts.pam_module_unowned", Family: "accounts",
			Title:         "PAM module not from a package or modified",
			TitleZh:       "PAM 模块不属于任何软件包或已被篡改",
			Description:   "A module that /etc/pam.d loads is not shipped by any installed package, differs from the package's checksum, or lives in a temporary or hidden directory. A replaced pam_unix.so or an added module records passwords or accepts a master password for every account.",
			DescriptionZh: "/etc/pam.d 加载的某个模块不属于任何已安装软件包、与软件包校验值不符，或位于临时、隐藏目录。被替换的 pam_unix.so 或新增的模块可记录所有密码，或为所有账户接受一个万能密码。",
			Verify:        "Hash the module and compare it with the package (dpkg --verify, debsums) on a trusted system; look for strings such as a password or a log path in it; check its times.",
			VerifyZh:      "在可信环境中计算模块哈希并与软件包比对（dpkg --verify、debsums）；检查其中是否含有密码或日志路径等字符串，并检查文件时间。",
			Advice:        "Reinstall the package that owns the module (apt-get install --reinstall), remove unknown modules and their lines after saving them, and rotate every password typed since.",
			AdviceZh:      "重新安装该模块所属软件包（apt-get install --reinstall），保全后删除未知模块及引用它的配置行，并更换此后输入过的所有密码。",
			Attack:        []string{"T1556.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/pam.d", "PAM module directories", "/var/lib/dpkg"},
			Run:           accountsPamModuleUnowned,
		},
		&Check{
			ID: "accounts.pam_unknown_module_file", Family: "accounts",
			Title:         "Unknown file in a PAM module directory",
			TitleZh:       "PAM 模块目录中存在未知文件",
			Description:   "A shared object in a PAM module directory (such as /usr/lib/x86_64-linux-gnu/security) belongs to no installed package. Even when no configuration loads it yet, it is where a PAM backdoor is dropped.",
			DescriptionZh: "PAM 模块目录（如 /usr/lib/x86_64-linux-gnu/security）中的某个共享库不属于任何已安装软件包。即使当前没有配置加载它，这里也是 PAM 后门的常见投放位置。",
			Verify:        "Check the file's times and strings, and whether software installed outside the package manager explains it.",
			VerifyZh:      "检查文件时间与字符串内容，确认是否为手工安装的软件所带。",
			Advice:        "Preserve and remove files nobody can explain.",
			AdviceZh:      "保全后删除无法说明来历的文件。",
			Attack:        []string{"T1556.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"PAM module directories", "/var/lib/dpkg"},
			Run:           accountsPamUnknownModuleFile,
		},
		&Check{
			ID: "accounts.pam_exec", Family: "accounts",
			Title:         "PAM runs a program (pam_exec)",
			TitleZh:       "PAM 配置通过 pam_exec 执行程序",
			Description:   "A PAM rule not shipped by a package runs a program with pam_exec at every login or sudo. With expose_authtok the program receives the typed password; a script in a temporary or hidden place, or one that downloads or opens connections, is a backdoor.",
			DescriptionZh: "不属于软件包原始配置的 PAM 规则通过 pam_exec 在每次登录或 sudo 时执行程序。带 expose_authtok 时该程序可获得用户输入的明文密码；位于临时、隐藏目录或会下载、外连的脚本即为后门。",
			Verify:        "Read the program and where it writes or sends data; check the rule's file times.",
			VerifyZh:      "查看被执行程序的内容及其写入或外发数据的位置，并检查该规则所在文件的时间。",
			Advice:        "Remove the rule and the program after saving them; rotate passwords used since it was added.",
			AdviceZh:      "保全后删除该规则及程序，并更换规则添加后使用过的所有密码。",
			Attack:        []string{"T1556.003", "T1546"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/pam.d"},
			Run:           accountsPamExec,
		},
		&Check{
			ID: "accounts.pam_permissive_auth", Family: "accounts",
			Title:         "PAM authentication short-circuited (pam_permit / pam_succeed_if sufficient)",
			TitleZh:       "PAM 认证被短路（pam_permit / pam_succeed_if 设为 sufficient）",
			Description:   "An auth rule not shipped by a package makes pam_permit.so sufficient (any password, or none, is accepted) or pam_succeed_if.so sufficient (everyone matching a condition logs in without a password).",
			DescriptionZh: "不属于软件包原始配置的 auth 规则将 pam_permit.so 设为 sufficient（任意密码甚至无密码均可通过），或将 pam_succeed_if.so 设为 sufficient（满足条件的用户无需密码即可登录）。",
			Verify:        "Compare the file with the package's version (dpkg --verify); check its times and logins since.",
			VerifyZh:      "与软件包原始版本比对（dpkg --verify），检查文件时间及此后的登录记录。",
			Advice:        "Restore the file from the package (apt-get install --reinstall, or ucf), and treat every account as exposed since the change.",
			AdviceZh:      "从软件包恢复该文件（apt-get install --reinstall 或 ucf），并视自修改以来所有账户均已暴露。",
			Attack:        []string{"T1556.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.Critical,
			Reads:         []string{"/etc/pam.d"},
			Run:           accountsPamPermissive,
		},
		&Check{
			ID: "accounts.credential_file_permissions", Family: "accounts",
			Title:         "Account database with unsafe permissions",
			TitleZh:       "账户数据库文件权限不安全",
			Description:   "/etc/shadow or /etc/gshadow (or their backups) is readable by everyone, or /etc/passwd or /etc/group is writable by group or others, or one of them is owned by someone else than the owner of /etc: password hashes are exposed to cracking, or anyone can add a UID 0 account.",
			DescriptionZh: "/etc/shadow、/etc/gshadow（或其备份）可被所有人读取，或 /etc/passwd、/etc/group 可被属组或其他用户写入，或属主不是 /etc 的属主：密码哈希可被任意用户获取破解，或任何人都能添加 UID 0 账户。",
			Verify:        "Check when the mode changed (ctime) and whether the files were edited since.",
			VerifyZh:      "根据 ctime 确认权限修改时间，并检查此后文件是否被改动。",
			Advice:        "Restore root:shadow 0640 for shadow files and root:root 0644 for passwd and group; rotate passwords if hashes were exposed.",
			AdviceZh:      "将 shadow 类文件恢复为 root:shadow 0640，passwd 与 group 恢复为 root:root 0644；若哈希已暴露应更换密码。",
			Attack:        []string{"T1222.002", "T1003.008"},
			Category:      "SHVULN",
			Severity:      finding.High,
			Reads:         []string{"/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow"},
			Run:           accountsCredentialPermissions,
		},
	)
}

// accountsPamLine is one rule of the PAM configuration.
type accountsPamLine struct {
	File                  string
	Line                  int
	Text                  string
	Type, Control, Module string
	Args                  []string
	Pristine              bool // the file is a package's, unchanged
}

// accountsPamConfig parses every file of /etc/pam.d (and the vendor
// /usr/lib/pam.d, and /etc/pam.conf).
func accountsPamConfig(c *Context) []accountsPamLine {
	var out []accountsPamLine
	files := append(c.Glob("etc/pam.d/*"), c.Glob("usr/lib/pam.d/*")...)
	files = append(files, "etc/pam.conf")
	for n, f := range files {
		if n > 1000 {
			break
		}
		b, err := c.ReadFile(f, 1<<20)
		if err != nil {
			continue
		}
		_, own := c.Owned(f)
		for i, raw := range strings.Split(string(b), "\n") {
			t := strings.TrimSpace(raw)
			if j := strings.IndexByte(t, '#'); j >= 0 {
				t = strings.TrimSpace(t[:j])
			}
			if t == "" || t[0] == '@' {
				continue
			}
			fs := strings.Fields(t)
			if f == "etc/pam.conf" && len(fs) > 0 {
				fs = fs[1:] // service name
			}
			if len(fs) < 3 {
				continue
			}
			l := accountsPamLine{File: f, Line: i + 1, Text: t, Type: strings.ToLower(strings.TrimPrefix(fs[0], "-")), Pristine: own == Pristine}
			k := 1
			if strings.HasPrefix(fs[1], "[") {
				var ctl []string
				for ; k < len(fs); k++ {
					ctl = append(ctl, fs[k])
					if strings.HasSuffix(fs[k], "]") {
						break
					}
				}
				l.Control = strings.Join(ctl, " ")
			} else {
				l.Control = fs[1]
			}
			k++
			if k >= len(fs) {
				continue
			}
			l.Module, l.Args = fs[k], fs[k+1:]
			out = append(out, l)
		}
	}
	return out
}

// accountsPamDirs returns the PAM module directories, resolved and
// deduplicated.
func accountsPamDirs(c *Context) []string {
	// The /usr names first: on merged-/usr systems /lib is a link to
	// /usr/lib and the /usr name is the one packages list.
	cands := c.Glob("usr/lib/*/security")
	cands = append(cands, "usr/lib/security", "usr/lib64/security")
	cands = append(cands, c.Glob("lib/*/security")...)
	cands = append(cands, "lib/security", "lib64/security")
	seen := map[[2]uint64]bool{}
	var out []string
	for _, d := range cands {
		fi, err := c.Src().Stat(d)
		if err != nil || !fi.IsDir() {
			continue
		}
		st := targetfs.StatOf(fi)
		if st == nil {
			continue
		}
		key := [2]uint64{st.Dev, st.Ino}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, d)
	}
	return out
}

// accountsPamModule finds the file of a module name, under the name of its
// directory in dirs when it is in one.
func accountsPamModule(c *Context, dirs []string, mod string) string {
	if strings.HasPrefix(mod, "/") {
		n := strings.TrimPrefix(path.Clean(mod), "/")
		if !c.Exists(n) {
			return ""
		}
		if fi, err := c.Src().Stat(path.Dir(n)); err == nil {
			if st := targetfs.StatOf(fi); st != nil {
				for _, d := range dirs {
					if dfi, err := c.Src().Stat(d); err == nil {
						if dst := targetfs.StatOf(dfi); dst != nil && dst.Dev == st.Dev && dst.Ino == st.Ino {
							return d + "/" + path.Base(n)
						}
					}
				}
			}
		}
		return n
	}
	if strings.Contains(mod, "/") || strings.Contains(mod, "..") {
		return ""
	}
	for _, d := range dirs {
		if c.Exists(d + "/" + mod) {
			return d + "/" + mod
		}
	}
	return ""
}

func accountsPamModuleUnowned(c *Context) error {
	lines := accountsPamConfig(c)
	dirs := accountsPamDirs(c)
	refs := map[string][]accountsPamLine{}
	var order []string
	for _, l := range lines {
		if strings.HasPrefix(l.Module, "/") && (InTempDir(l.Module) || HiddenPath(l.Module)) {
			c.Report(Hit{
				Detail:   fmt.Sprintf("%s line %d loads the module %s from a temporary or hidden directory.", "/"+l.File, l.Line, l.Module),
				DetailZh: fmt.Sprintf("%s 第 %d 行从临时或隐藏目录加载模块 %s。", "/"+l.File, l.Line, l.Module),
				Evidence: []finding.Evidence{accountsEv(l.File, l.Line, l.Text), {Path: l.Module}},
			})
			continue
		}
		m := accountsPamModule(c, dirs, l.Module)
		if m == "" {
			continue
		}
		if refs[m] == nil {
			order = append(order, m)
		}
		refs[m] = append(refs[m], l)
	}
	for _, m := range order {
		pkg, own := c.Owned(m)
		var what, whatZh string
		switch own {
		case Unowned:
			what, whatZh = "belongs to no package", "不属于任何软件包"
		case Modified:
			what, whatZh = "differs from package "+pkg, "与软件包 "+pkg+" 中的版本不一致"
		default:
			continue
		}
		ev := []finding.Evidence{{Path: "/" + m}}
		for i, l := range refs[m] {
			if i >= 5 {
				break
			}
			ev = append(ev, accountsEv(l.File, l.Line, l.Text))
		}
		h := Hit{
			Detail:   fmt.Sprintf("The PAM module /%s %s; it is loaded by %d rule(s).", m, what, len(refs[m])),
			DetailZh: fmt.Sprintf("PAM 模块 /%s %s，被 %d 条规则加载。", m, whatZh, len(refs[m])),
			Evidence: ev,
		}
		if own == Modified {
			h.Severity, h.SeveritySet = finding.Critical, true
		}
		c.Report(h)
	}
	return nil
}

func accountsPamUnknownModuleFile(c *Context) error {
	if !c.Packages().Known() {
		return nil
	}
	dirs := accountsPamDirs(c)
	referenced := map[string]bool{}
	for _, l := range accountsPamConfig(c) {
		if m := accountsPamModule(c, dirs, l.Module); m != "" {
			referenced[m] = true
		}
	}
	for _, d := range dirs {
		ents, err := c.Src().ReadDir(d)
		if err != nil {
			continue
		}
		for i, e := range ents {
			if i > 5000 {
				break
			}
			name := d + "/" + e.Name()
			if e.IsDir() || !strings.Contains(e.Name(), ".so") || referenced[name] {
				continue
			}
			if _, own := c.Owned(name); own != Unowned {
				continue
			}
			c.Report(Hit{
				Detail:   fmt.Sprintf("/%s belongs to no installed package.", name),
				DetailZh: fmt.Sprintf("/%s 不属于任何已安装的软件包。", name),
				Evidence: []finding.Evidence{{Path: "/" + name}},
			})
		}
	}
	return nil
}

// accountsPamExecOptions are pam_exec's own options before the command.
var accountsPamExecOptions = map[string]bool{"debug": true, "expose_authtok": true, "seteuid": true, "quiet": true, "quiet_log": true, "stdout": true}

func accountsPamExec(c *Context) error {
	for _, l := range accountsPamConfig(c) {
		if l.Pristine || path.Base(l.Module) != "pam_exec.so" {
			continue
		}
		expose := false
		var cmd []string
		for i, a := range l.Args {
			if accountsPamExecOptions[a] || strings.HasPrefix(a, "log=") || strings.HasPrefix(a, "type=") {
				expose = expose || a == "expose_authtok"
				continue
			}
			cmd = l.Args[i:]
			break
		}
		if len(cmd) == 0 {
			continue
		}
		prog := cmd[0]
		h := Hit{
			Detail:   fmt.Sprintf("%s line %d runs %q for %s.", "/"+l.File, l.Line, strings.Join(cmd, " "), l.Type),
			DetailZh: fmt.Sprintf("%s 第 %d 行在 %s 阶段执行 %q。", "/"+l.File, l.Line, l.Type, strings.Join(cmd, " ")),
			Evidence: []finding.Evidence{accountsEv(l.File, l.Line, l.Text)},
		}
		var why, whyZh []string
		if expose {
			why, whyZh = append(why, "it receives the typed password (expose_authtok)"), append(whyZh, "该程序可获得明文密码（expose_authtok）")
		}
		if InTempDir(prog) || HiddenPath(prog) {
			why, whyZh = append(why, "the program is in a temporary or hidden directory"), append(whyZh, "程序位于临时或隐藏目录")
		}
		if rs := ExecReasons(strings.Join(cmd, " ")); len(rs) > 0 {
			en, zh := JoinReasons(rs)
			why, whyZh = append(why, en), append(whyZh, zh)
		}
		packaged := false
		if strings.HasPrefix(prog, "/") {
			pn := strings.TrimPrefix(path.Clean(prog), "/")
			if b, err := c.ReadFile(pn, 1<<20); err == nil {
				h.Evidence = append(h.Evidence, finding.Evidence{Path: "/" + pn})
				if _, own := c.Owned(pn); own != Pristine {
					if rs := ExecReasons(string(b)); len(rs) > 0 {
						en, zh := JoinReasons(rs)
						why, whyZh = append(why, "the program "+en), append(whyZh, "程序"+zh)
					}
				} else {
					packaged = true
				}
			}
		}
		switch {
		case len(why) == 0 && packaged:
			// A package's own program, as shipped.
			h.Severity, h.SeveritySet = finding.Low, true
		case len(why) > 0:
			h.Severity, h.SeveritySet = finding.High, true
			h.Detail += " " + strings.Join(why, "; ") + "."
			h.DetailZh += strings.Join(whyZh, "；") + "。"
		}
		c.Report(h)
	}
	return nil
}

func accountsPamPermissive(c *Context) error {
	for _, l := range accountsPamConfig(c) {
		if l.Pristine || l.Type != "auth" {
			continue
		}
		ctl := strings.ToLower(l.Control)
		short := ctl == "sufficient" || strings.HasPrefix(ctl, "[") &&
			(strings.Contains(ctl, "success=done") || strings.Contains(ctl, "default=done") || strings.Contains(ctl, "success=ok") && strings.Contains(ctl, "default=ok"))
		if !short {
			continue
		}
		switch path.Base(l.Module) {
		case "pam_permit.so":
			c.Report(Hit{
				Detail:   fmt.Sprintf("%s line %d: pam_permit.so is %s in the auth stack, so any password is accepted.", "/"+l.File, l.Line, l.Control),
				DetailZh: fmt.Sprintf("%s 第 %d 行：auth 中 pam_permit.so 的控制标志为 %s，任意密码均可通过认证。", "/"+l.File, l.Line, l.Control),
				Evidence: []finding.Evidence{accountsEv(l.File, l.Line, l.Text)},
			})
		case "pam_succeed_if.so":
			c.Report(Hit{
				Severity: finding.High, SeveritySet: true,
				Detail:   fmt.Sprintf("%s line %d: pam_succeed_if.so (%s) is %s in the auth stack, so matching users log in without a password.", "/"+l.File, l.Line, strings.Join(l.Args, " "), l.Control),
				DetailZh: fmt.Sprintf("%s 第 %d 行：auth 中 pam_succeed_if.so（%s）的控制标志为 %s，满足条件的用户无需密码即可登录。", "/"+l.File, l.Line, strings.Join(l.Args, " "), l.Control),
				Evidence: []finding.Evidence{accountsEv(l.File, l.Line, l.Text)},
			})
		}
	}
	return nil
}

func accountsCredentialPermissions(c *Context) error {
	etcOwner := uint32(0)
	if st, err := c.StatOf("etc"); err == nil {
		etcOwner = st.UID
	}
	for _, f := range []string{"etc/shadow", "etc/gshadow", "etc/shadow-", "etc/gshadow-", "etc/passwd", "etc/group", "etc/passwd-", "etc/group-"} {
		st, err := c.StatOf(f)
		if err != nil || !st.IsRegular() {
			continue
		}
		secret := strings.Contains(f, "shadow")
		var why, whyZh []string
		if secret && st.Mode&0o004 != 0 {
			why, whyZh = append(why, "readable by everyone"), append(whyZh, "所有人可读")
		}
		if st.Mode&0o002 != 0 {
			why, whyZh = append(why, "writable by everyone"), append(whyZh, "所有人可写")
		} else if st.Mode&0o020 != 0 && !secret {
			why, whyZh = append(why, "writable by its group"), append(whyZh, "属组可写")
		}
		if st.UID != 0 && st.UID != etcOwner {
			why, whyZh = append(why, fmt.Sprintf("owned by UID %d", st.UID)), append(whyZh, fmt.Sprintf("属主为 UID %d", st.UID))
		}
		if len(why) == 0 {
			continue
		}
		mode := fmt.Sprintf("%04o", st.Mode&0o7777)
		c.Report(Hit{
			Detail:   fmt.Sprintf("/%s is %s (mode %s, owner %d:%d).", f, strings.Join(why, ", "), mode, st.UID, st.GID),
			DetailZh: fmt.Sprintf("/%s %s（权限 %s，属主 %d:%d）。", f, strings.Join(whyZh, "，"), mode, st.UID, st.GID),
			Evidence: []finding.Evidence{{Path: "/" + f, Fields: map[string]string{"mode": mode, "uid": strconv.Itoa(int(st.UID)), "gid": strconv.Itoa(int(st.GID))}}},
		})
	}
	return nil
}
