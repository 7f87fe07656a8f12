package check

import (
	"errors"
	"fmt"
	"net/netip"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/source"
	"github.com/yingji/yingji/internal/utmp"
)

// Login checks: who logged in, who tried, and who covered their tracks.
// They read the login records (wtmp, btmp, lastlog, utmp, decoded with
// internal/utmp, which reports damaged records), the system logs for
// emptied files and gaps, and every user's shell history and shell start-up
// files for disabled history and for commands that download and run code,
// open reverse shells, add keys or accounts, wipe logs or disable security
// tools.

func init() {
	Register(
		&Check{
			ID: "logins.btmp_brute_force", Family: "logins",
			Title:         "Password brute force in failed-login records (btmp)",
			TitleZh:       "失败登录记录（btmp）显示存在口令暴力破解",
			Description:   "One source address failed to log in many times, or tried many different account names, according to btmp. The finding gives the count, the time window and the accounts tried.",
			DescriptionZh: "btmp 显示同一来源地址多次登录失败或尝试了多个不同账户名。结果列出失败次数、时间窗口及尝试的账户。",
			Verify:        "Run `lastb -i` on a copy of the file; look for a successful login from the same address (last -i, auth.log Accepted lines).",
			VerifyZh:      "对文件副本执行 `lastb -i`；检查同一地址是否存在成功登录（last -i、auth.log 中的 Accepted 记录）。",
			Advice:        "Block the address, disable password login for SSH (PasswordAuthentication no), and use fail2ban or a security group allow-list.",
			AdviceZh:      "封禁该地址，关闭 SSH 密码登录（PasswordAuthentication no），并使用 fail2ban 或安全组白名单。",
			Attack:        []string{"T1110.001", "T1110.003"},
			Category:      "NAPWD",
			Severity:      finding.Medium,
			Reads:         []string{"/var/log/btmp", "/var/log/btmp.1"},
			Run:           loginsBruteForce,
		},
		&Check{
			ID: "logins.success_after_failures", Family: "logins",
			Title:         "Successful login from an address that was brute forcing",
			TitleZh:       "暴力破解来源地址登录成功",
			Description:   "wtmp records a login from an address that, according to btmp, was trying many passwords or account names shortly before: the brute force very likely succeeded.",
			DescriptionZh: "wtmp 记录了来自某地址的成功登录，而 btmp 显示该地址此前曾大量尝试密码或账户名：暴力破解极可能已经成功。",
			Verify:        "Check the session in auth.log (Accepted password for …), what the account did (histories, processes) and whether its password is weak.",
			VerifyZh:      "在 auth.log 中核对该会话（Accepted password for …），检查该账户的操作（历史命令、进程）以及密码是否为弱口令。",
			Advice:        "Treat the account as compromised: lock it, kill its sessions, change its password, block the address, and investigate everything done after the login.",
			AdviceZh:      "视该账户已失陷：锁定账户、终止其会话、修改密码、封禁来源地址，并排查登录后的所有操作。",
			Attack:        []string{"T1110.001", "T1078"},
			Category:      "NAPWD",
			Severity:      finding.High,
			Reads:         []string{"/var/log/wtmp", "/var/log/btmp"},
			Run:           loginsSuccessAfterFailures,
		},
		&Check{
			ID: "logins.root_remote_login", Family: "logins",
			Title:         "root logged in over the network",
			TitleZh:       "root 账户经网络远程登录",
			Description:   "wtmp or lastlog shows root sessions from remote addresses. Direct root logins leave no trace of who the person was; from an address that also failed logins they need review.",
			DescriptionZh: "wtmp 或 lastlog 显示 root 账户从远程地址登录。直接以 root 登录无法追溯操作人；若该地址同时存在登录失败记录，需重点复核。",
			Verify:        "Confirm each address with the administrators.",
			VerifyZh:      "逐一向管理员确认这些来源地址。",
			Advice:        "Set PermitRootLogin no (or prohibit-password) and use personal accounts with sudo.",
			AdviceZh:      "设置 PermitRootLogin no（或 prohibit-password），改用个人账户配合 sudo。",
			Attack:        []string{"T1078.003", "T1021.004"},
			Category:      "ABACCESS",
			Severity:      finding.Low,
			Reads:         []string{"/var/log/wtmp", "/var/log/lastlog", "/var/log/btmp"},
			Run:           loginsRootRemote,
		},
		&Check{
			ID: "logins.system_account_login", Family: "logins",
			Title:         "Login by a system account or a removed account",
			TitleZh:       "系统账户或已删除账户存在登录记录",
			Description:   "wtmp or lastlog records an interactive login of a system account (such as www-data or daemon) or of a name that is no longer in /etc/passwd. Service accounts do not log in: this follows a web shell that gave the account a shell or key, or an account removed to hide it.",
			DescriptionZh: "wtmp 或 lastlog 记录了系统账户（如 www-data、daemon）或已不在 /etc/passwd 中的账户的交互式登录。服务账户不会登录：这通常是 WebShell 为该账户配置了 shell 或密钥，或入侵者删除账户以隐藏痕迹。",
			Verify:        "Match the session with auth.log and the account's files (keys, history) around that time.",
			VerifyZh:      "将该会话与 auth.log 及该账户同期的文件（密钥、历史命令）对照。",
			Advice:        "Lock the account, remove its shell and keys, and investigate the session.",
			AdviceZh:      "锁定该账户，移除其 shell 与密钥，并调查该会话的操作。",
			Attack:        []string{"T1078.003"},
			Category:      "ABACCESS",
			Severity:      finding.High,
			Reads:         []string{"/var/log/wtmp", "/var/log/lastlog", "/etc/passwd"},
			Run:           loginsSystemAccountLogin,
		},
		&Check{
			ID: "logins.record_tampering", Family: "logins",
			Title:         "Login records damaged, zeroed or out of order",
			TitleZh:       "登录记录损坏、被清零或时间顺序异常",
			Description:   "wtmp, btmp, lastlog or utmp holds records the system never writes: truncated or corrupted records, zeroed slots in the middle of an append-only log, times far in the future, or time running backwards. Log cleaners (wtmpclean, zap2, mig-logcleaner) leave exactly these marks when they remove a login.",
			DescriptionZh: "wtmp、btmp、lastlog 或 utmp 中存在系统不会写出的记录：截断或损坏的记录、只追加日志中间被清零的记录、远在未来的时间或时间倒退。日志清除工具（wtmpclean、zap2、mig-logcleaner）删除登录记录时恰会留下这些痕迹。",
			Verify:        "Dump the file with `utmpdump` on a copy and look at the records around the offsets given; compare with auth.log.",
			VerifyZh:      "对文件副本执行 `utmpdump`，查看所列偏移附近的记录，并与 auth.log 对照。",
			Advice:        "Preserve the file as evidence; rebuild the login timeline from auth.log, the journal and remote log copies.",
			AdviceZh:      "将该文件作为证据保全；依据 auth.log、journal 日志及远程日志副本重建登录时间线。",
			Attack:        []string{"T1070.003", "T1070"},
			Category:      "ABOT",
			Severity:      finding.High,
			Reads:         []string{"/var/log/wtmp", "/var/log/btmp", "/var/log/lastlog", "/run/utmp"},
			Run:           loginsRecordTampering,
		},
		&Check{
			ID: "logins.lastlog_wtmp_mismatch", Family: "logins",
			Title:         "lastlog shows a login that wtmp does not have",
			TitleZh:       "lastlog 中的登录在 wtmp 中不存在",
			Description:   "lastlog keeps each account's last login; the same login is appended to wtmp. A lastlog login within the period wtmp covers but missing from wtmp means the wtmp record was removed.",
			DescriptionZh: "lastlog 保存每个账户的最后一次登录，同一登录也会追加到 wtmp。若 lastlog 中的登录时间在 wtmp 覆盖的时间范围内却在 wtmp 中找不到，说明 wtmp 记录已被删除。",
			Verify:        "Compare `lastlog` with `last` on copies of the files and with auth.log for that time.",
			VerifyZh:      "在文件副本上比较 `lastlog` 与 `last` 的输出，并与该时间点的 auth.log 对照。",
			Advice:        "Treat the login as hidden by an intruder: investigate the account and the source address.",
			AdviceZh:      "视该登录为入侵者刻意隐藏：调查该账户及来源地址。",
			Attack:        []string{"T1070.003"},
			Category:      "ABOT",
			Severity:      finding.High,
			Reads:         []string{"/var/log/lastlog", "/var/log/wtmp", "/var/log/wtmp.1", "/etc/passwd"},
			Run:           loginsLastlogMismatch,
		},
		&Check{
			ID: "logins.wtmp_missing", Family: "logins",
			Title:         "Login records missing or emptied while the system was in use",
			TitleZh:       "系统有使用痕迹但登录记录缺失或被清空",
			Description:   "wtmp (or btmp) is missing or empty although other evidence shows logins: auth.log has accepted or failed logins, or lastlog has logins after wtmp was last written. Deleting or truncating wtmp is the simplest way to hide logins.",
			DescriptionZh: "wtmp（或 btmp）缺失或为空，但其他证据显示存在登录：auth.log 中有成功或失败的登录，或 lastlog 中有晚于 wtmp 最后写入时间的登录。删除或清空 wtmp 是隐藏登录痕迹最简单的方法。",
			Verify:        "Check the file times (ctime of the truncation), logrotate's configuration and state, and the journal for the logins.",
			VerifyZh:      "检查文件时间（清空操作的 ctime）、logrotate 配置与状态，并在 journal 中查找相应登录。",
			Advice:        "Rebuild the login timeline from auth.log and the journal; send logs to a remote collector.",
			AdviceZh:      "依据 auth.log 与 journal 重建登录时间线；将日志实时转发到远程日志服务器。",
			Attack:        []string{"T1070.003"},
			Category:      "ABOT",
			Severity:      finding.Medium,
			Reads:         []string{"/var/log/wtmp", "/var/log/btmp", "/var/log/lastlog", "/var/log/auth.log", "/var/log/secure"},
			Run:           loginsWtmpMissing,
		},
		&Check{
			ID: "logins.log_emptied", Family: "logins",
			Title:         "System log emptied or deleted",
			TitleZh:       "系统日志被清空或删除",
			Description:   "auth.log, secure, syslog, messages or audit.log is missing while its rotated copies exist, or was emptied well after the last rotation. Logs do not empty themselves between rotations.",
			DescriptionZh: "auth.log、secure、syslog、messages 或 audit.log 缺失但其轮转副本存在，或在最近一次轮转之后很久被清空。日志不会在两次轮转之间自行变空。",
			Verify:        "Compare the file's times with the rotated copies and logrotate's state file; look for the command in shell histories.",
			VerifyZh:      "将文件时间与轮转副本及 logrotate 状态文件对照，并在历史命令中查找清空操作。",
			Advice:        "Preserve what remains, recover from remote log copies, and forward logs to a remote collector from now on.",
			AdviceZh:      "保全剩余日志，从远程日志副本恢复，并从现在起将日志转发到远程日志服务器。",
			Attack:        []string{"T1070.002"},
			Category:      "ABOT",
			Severity:      finding.Medium,
			Reads:         []string{"/var/log"},
			Run:           loginsLogEmptied,
		},
		&Check{
			ID: "logins.log_time_gap", Family: "logins",
			Title:         "Unexplained gap in a system log",
			TitleZh:       "系统日志存在无法解释的时间断档",
			Description:   "A busy log (auth.log, secure, syslog or messages) has a gap of more than a day with no sign of a shutdown or restart around it. Cutting the lines of a period out of a log leaves such a hole.",
			DescriptionZh: "一个持续写入的日志（auth.log、secure、syslog 或 messages）中出现超过一天的空档，且前后无关机或重启迹象。删除某一时间段的日志行会留下这样的断档。",
			Verify:        "Check whether the host was down then (monitoring, the hypervisor's records, the journal) and compare with remote log copies.",
			VerifyZh:      "确认该时段主机是否停机（监控、虚拟化平台记录、journal），并与远程日志副本比对。",
			Advice:        "Recover the period from remote copies; forward logs to a remote collector.",
			AdviceZh:      "从远程日志副本恢复该时段记录；将日志转发到远程日志服务器。",
			Attack:        []string{"T1070.002"},
			Category:      "ABOT",
			Severity:      finding.Medium,
			Reads:         []string{"/var/log/auth.log", "/var/log/secure", "/var/log/syslog", "/var/log/messages"},
			Run:           loginsLogTimeGap,
		},
	)
}

// loginsRecords is one decoded login accounting file.
type loginsRecords struct {
	Name     string // root-relative
	Recs     []utmp.Record
	Problems []error
	Size     int64
	Exists   bool
}

// loginsMaxRecords bounds the size of a login file read (64 MiB, about
// 170,000 records).
const loginsMaxRecords = 64 << 20

func loginsRead(c *Context, name string) *loginsRecords {
	r := &loginsRecords{Name: name}
	st, err := c.StatOf(name)
	if err != nil || !st.IsRegular() {
		return r
	}
	r.Exists, r.Size = true, st.Size
	b, err := c.ReadFile(name, loginsMaxRecords)
	if err != nil && !errors.Is(err, source.ErrTooLarge) {
		return r
	}
	if len(b) > 0 {
		r.Recs, r.Problems = utmp.Parse(b)
	}
	return r
}

// loginsFiles reads the current and the previous file of a kind
// ("var/log/wtmp", "var/log/wtmp.1").
func loginsFiles(c *Context, base string) []*loginsRecords {
	var out []*loginsRecords
	for _, n := range []string{base, base + ".1"} {
		if r := loginsRead(c, n); r.Exists {
			out = append(out, r)
		}
	}
	return out
}

// loginsSource is the remote source of a record, "" for a local one.
func loginsSource(r utmp.Record) string {
	h := strings.TrimSpace(r.Host)
	if a, err := netip.ParseAddr(h); err == nil {
		if a.IsLoopback() || a.IsUnspecified() {
			return ""
		}
		return a.Unmap().String()
	}
	if h == "" {
		if r.Addr.IsValid() && !r.Addr.IsLoopback() && !r.Addr.IsUnspecified() {
			return r.Addr.Unmap().String()
		}
		return ""
	}
	// X displays (":0"), tmux/screen ("tmux(123).%0") and localhost are local.
	if strings.HasPrefix(h, ":") || strings.ContainsAny(h, "()% ") || h == "localhost" || strings.HasPrefix(h, "localhost:") {
		return ""
	}
	return h
}

// loginsAttempts is what btmp says about one source.
type loginsAttempts struct {
	Source      string
	Count       int
	Users       map[string]int
	First, Last time.Time
	Files       map[string]bool
}

// BruteForce reports failures that are more than a user mistyping: many of
// them, or several account names tried.
func (a *loginsAttempts) BruteForce() bool {
	return a.Count >= 10 || len(a.Users) >= 4 && a.Count >= 4
}

func (a *loginsAttempts) userList(n int) string {
	type uc struct {
		u string
		c int
	}
	var l []uc
	for u, c := range a.Users {
		l = append(l, uc{u, c})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].c > l[j].c || l[i].c == l[j].c && l[i].u < l[j].u })
	var s []string
	for i, x := range l {
		if i == n {
			s = append(s, fmt.Sprintf("… (%d more)", len(l)-n))
			break
		}
		s = append(s, fmt.Sprintf("%s×%d", x.u, x.c))
	}
	return strings.Join(s, ", ")
}

// loginsFailures groups the btmp failures by source.
func loginsFailures(files []*loginsRecords) map[string]*loginsAttempts {
	out := map[string]*loginsAttempts{}
	for _, f := range files {
		for _, r := range f.Recs {
			if r.Type != utmp.LoginProcess && r.Type != utmp.UserProcess {
				continue
			}
			src := loginsSource(r)
			if src == "" {
				continue
			}
			a := out[src]
			if a == nil {
				a = &loginsAttempts{Source: src, Users: map[string]int{}, Files: map[string]bool{}}
				out[src] = a
			}
			a.Count++
			if len(a.Users) < 10000 {
				a.Users[r.User]++
			}
			a.Files[f.Name] = true
			if a.First.IsZero() || r.Time.Before(a.First) {
				a.First = r.Time
			}
			if r.Time.After(a.Last) {
				a.Last = r.Time
			}
		}
	}
	return out
}

func loginsBruteForce(c *Context) error {
	fails := loginsFailures(loginsFiles(c, "var/log/btmp"))
	var list []*loginsAttempts
	for _, a := range fails {
		if a.BruteForce() {
			list = append(list, a)
		}
	}
	sort.Slice(list, func(i, j int) bool {
		return list[i].Count > list[j].Count || list[i].Count == list[j].Count && list[i].Source < list[j].Source
	})
	for i, a := range list {
		if i == 50 {
			rest := 0
			for _, b := range list[50:] {
				rest += b.Count
			}
			c.Report(Hit{
				Detail:   fmt.Sprintf("%d more sources made %d failed logins.", len(list)-50, rest),
				DetailZh: fmt.Sprintf("另有 %d 个来源共 %d 次失败登录。", len(list)-50, rest),
				Evidence: []finding.Evidence{{Path: "/var/log/btmp"}},
			})
			break
		}
		var files []string
		for f := range a.Files {
			files = append(files, "/"+f)
		}
		sort.Strings(files)
		t := a.Last
		c.Report(Hit{
			Detail: fmt.Sprintf("%s failed %d times from %s to %s (%s), trying %d account(s): %s.", a.Source, a.Count,
				a.First.Format(time.RFC3339), a.Last.Format(time.RFC3339), a.Last.Sub(a.First).Round(time.Second), len(a.Users), a.userList(10)),
			DetailZh: fmt.Sprintf("%s 在 %s 至 %s（%s）期间登录失败 %d 次，尝试了 %d 个账户：%s。", a.Source,
				a.First.Format(time.RFC3339), a.Last.Format(time.RFC3339), a.Last.Sub(a.First).Round(time.Second), a.Count, len(a.Users), a.userList(10)),
			Evidence: []finding.Evidence{{Path: files[0], Fields: map[string]string{"source": a.Source, "failures": strconv.Itoa(a.Count),
				"accounts": a.userList(20), "first": a.First.Format(time.RFC3339), "last": a.Last.Format(time.RFC3339)}}},
			Time: &t,
		})
	}
	return nil
}

func loginsSuccessAfterFailures(c *Context) error {
	fails := loginsFailures(loginsFiles(c, "var/log/btmp"))
	if len(fails) == 0 {
		return nil
	}
	reported := map[string]bool{}
	for _, f := range loginsFiles(c, "var/log/wtmp") {
		for _, r := range f.Recs {
			if r.Type != utmp.UserProcess {
				continue
			}
			src := loginsSource(r)
			a := fails[src]
			if a == nil || !a.BruteForce() || r.Time.Before(a.First.Add(-time.Minute)) || reported[src+"\x00"+r.User] {
				continue
			}
			reported[src+"\x00"+r.User] = true
			t := r.Time
			off := r.Offset
			tried := ""
			if a.Users[r.User] > 0 {
				tried = fmt.Sprintf(" %q was among the accounts tried (%d times).", r.User, a.Users[r.User])
			}
			c.Report(Hit{
				Detail: fmt.Sprintf("%q logged in from %s at %s after %d failed logins from there (%s to %s).%s", r.User, src,
					r.Time.Format(time.RFC3339), a.Count, a.First.Format(time.RFC3339), a.Last.Format(time.RFC3339), tried),
				DetailZh: fmt.Sprintf("%q 于 %s 从 %s 登录成功，此前该地址有 %d 次失败登录（%s 至 %s）。", r.User, r.Time.Format(time.RFC3339), src,
					a.Count, a.First.Format(time.RFC3339), a.Last.Format(time.RFC3339)),
				Evidence: []finding.Evidence{
					{Path: "/" + f.Name, Offset: &off, Fields: map[string]string{"user": r.User, "source": src, "line": r.Line, "time": r.Time.Format(time.RFC3339)}},
					{Path: "/var/log/btmp", Fields: map[string]string{"source": src, "failures": strconv.Itoa(a.Count), "accounts": a.userList(20)}},
				},
				Time: &t,
			})
		}
	}
	return nil
}

func loginsRootRemote(c *Context) error {
	fails := loginsFailures(loginsFiles(c, "var/log/btmp"))
	type agg struct {
		n           int
		first, last time.Time
		file        string
		off         int64
	}
	bySrc := map[string]*agg{}
	var order []string
	for _, f := range loginsFiles(c, "var/log/wtmp") {
		for _, r := range f.Recs {
			if r.Type != utmp.UserProcess || r.User != "root" {
				continue
			}
			src := loginsSource(r)
			if src == "" {
				continue
			}
			a := bySrc[src]
			if a == nil {
				a = &agg{first: r.Time, file: f.Name, off: r.Offset}
				bySrc[src] = a
				order = append(order, src)
			}
			a.n++
			if r.Time.Before(a.first) {
				a.first = r.Time
			}
			if r.Time.After(a.last) {
				a.last = r.Time
			}
		}
	}
	if ll := loginsLastlog(c); ll != nil {
		if e, ok := ll.byUID[0]; ok && e.Host != "" && bySrc[e.Host] == nil {
			if a, err := netip.ParseAddr(e.Host); err != nil || !a.IsLoopback() {
				bySrc[e.Host] = &agg{n: 1, first: e.Time, last: e.Time, file: "var/log/lastlog"}
				order = append(order, e.Host)
			}
		}
	}
	for _, src := range order {
		a := bySrc[src]
		h := Hit{
			Detail:   fmt.Sprintf("root logged in %d time(s) from %s (%s to %s).", a.n, src, a.first.Format(time.RFC3339), a.last.Format(time.RFC3339)),
			DetailZh: fmt.Sprintf("root 从 %s 登录 %d 次（%s 至 %s）。", src, a.n, a.first.Format(time.RFC3339), a.last.Format(time.RFC3339)),
			Evidence: []finding.Evidence{{Path: "/" + a.file, Fields: map[string]string{"user": "root", "source": src, "logins": strconv.Itoa(a.n)}}},
		}
		if f := fails[src]; f != nil {
			h.Severity, h.SeveritySet = finding.Medium, true
			h.Detail += fmt.Sprintf(" The address also failed %d login(s).", f.Count)
			h.DetailZh += fmt.Sprintf("该地址还有 %d 次失败登录。", f.Count)
		}
		c.Report(h)
	}
	return nil
}

// loginsLastlogEntry is one account's last login.
type loginsLastlogEntry struct {
	UID        int
	Time       time.Time
	Line, Host string
	Offset     int64
}

type loginsLastlogFile struct {
	Name  string
	byUID map[int]loginsLastlogEntry
	Size  int64
	Mtime time.Time
}

// loginsLastlog reads /var/log/lastlog (struct lastlog, indexed by UID):
// 292-byte records with a 32-bit time on most systems, 296 with a 64-bit
// one (aarch64). Only the UIDs of known accounts are read (the file is
// sparse and can be huge).
func loginsLastlog(c *Context) *loginsLastlogFile {
	const name = "var/log/lastlog"
	st, err := c.StatOf(name)
	if err != nil || !st.IsRegular() || st.Size == 0 {
		return nil
	}
	size := 292
	if st.Size%296 == 0 && st.Size%292 != 0 {
		size = 296
	}
	accts, _ := c.Accounts()
	maxUID := 0
	for _, a := range accts {
		if a.UID > maxUID && a.UID < 1<<20 {
			maxUID = a.UID
		}
	}
	limit := int64(maxUID+1) * int64(size)
	if limit > 32<<20 {
		limit = 32 << 20
	}
	b, err := c.ReadFile(name, limit)
	if err != nil && !errors.Is(err, source.ErrTooLarge) {
		return nil
	}
	out := &loginsLastlogFile{Name: name, byUID: map[int]loginsLastlogEntry{}, Size: st.Size, Mtime: st.Mtime}
	for uid := 0; (uid+1)*size <= len(b); uid++ {
		rec := b[uid*size : (uid+1)*size]
		var sec int64
		off := 4
		if size == 296 {
			sec, off = int64(leUint64(rec)), 8
		} else {
			sec = int64(int32(leUint32(rec)))
		}
		if sec <= 0 {
			continue
		}
		out.byUID[uid] = loginsLastlogEntry{UID: uid, Time: time.Unix(sec, 0).UTC(),
			Line: cString(rec[off : off+32]), Host: cString(rec[off+32 : off+32+256]), Offset: int64(uid * size)}
	}
	return out
}

func leUint32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}
func leUint64(b []byte) uint64 { return uint64(leUint32(b)) | uint64(leUint32(b[4:]))<<32 }

func cString(b []byte) string {
	for i, ch := range b {
		if ch == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

func loginsSystemAccountLogin(c *Context) error {
	accts, err := c.Accounts()
	if err != nil || len(accts) == 0 {
		return ignoreMissing(err)
	}
	sysMax := accountsSysUIDMax(c)
	byName := map[string]Account{}
	byUID := map[int]Account{}
	for _, a := range accts {
		byName[a.Name] = a
		if _, ok := byUID[a.UID]; !ok {
			byUID[a.UID] = a
		}
	}
	judge := func(a Account) (bool, finding.Severity) {
		if !accountsSystem(a, sysMax) {
			return false, 0
		}
		if accountsPackagedShell(c, a.Name) {
			return true, finding.Medium
		}
		return true, finding.High
	}
	seen := map[string]bool{}
	for _, f := range loginsFiles(c, "var/log/wtmp") {
		for _, r := range f.Recs {
			if r.Type != utmp.UserProcess || r.User == "" || seen[r.User] {
				continue
			}
			off := r.Offset
			ev := []finding.Evidence{{Path: "/" + f.Name, Offset: &off, Fields: map[string]string{"user": r.User, "line": r.Line, "host": r.Host, "time": r.Time.Format(time.RFC3339)}}}
			t := r.Time
			a, ok := byName[r.User]
			if !ok {
				seen[r.User] = true
				c.Report(Hit{
					Severity: finding.Medium, SeveritySet: true,
					Detail:   fmt.Sprintf("%q, which is not in /etc/passwd, logged in on %s from %q at %s.", r.User, r.Line, r.Host, r.Time.Format(time.RFC3339)),
					DetailZh: fmt.Sprintf("不在 /etc/passwd 中的账户 %q 于 %s 在 %s 上登录（来源 %q）。", r.User, r.Time.Format(time.RFC3339), r.Line, r.Host),
					Evidence: ev, Time: &t,
				})
				continue
			}
			if sys, sev := judge(a); sys {
				seen[r.User] = true
				c.Report(Hit{
					Severity: sev, SeveritySet: true,
					Detail:   fmt.Sprintf("System account %q (UID %d) logged in on %s from %q at %s.", r.User, a.UID, r.Line, r.Host, r.Time.Format(time.RFC3339)),
					DetailZh: fmt.Sprintf("系统账户 %q（UID %d）于 %s 在 %s 上登录（来源 %q）。", r.User, a.UID, r.Time.Format(time.RFC3339), r.Line, r.Host),
					Evidence: ev, Time: &t,
				})
			}
		}
	}
	if ll := loginsLastlog(c); ll != nil {
		for uid := range ll.byUID {
			e := ll.byUID[uid]
			a, ok := byUID[uid]
			if !ok || seen[a.Name] {
				continue
			}
			if sys, sev := judge(a); sys {
				seen[a.Name] = true
				t, off := e.Time, e.Offset
				c.Report(Hit{
					Severity: sev, SeveritySet: true,
					Detail:   fmt.Sprintf("lastlog: system account %q (UID %d) last logged in on %s from %q at %s.", a.Name, uid, e.Line, e.Host, e.Time.Format(time.RFC3339)),
					DetailZh: fmt.Sprintf("lastlog 显示系统账户 %q（UID %d）最后一次于 %s 在 %s 上登录（来源 %q）。", a.Name, uid, e.Time.Format(time.RFC3339), e.Line, e.Host),
					Evidence: []finding.Evidence{{Path: "/" + ll.Name, Offset: &off, Fields: map[string]string{"uid": strconv.Itoa(uid), "line": e.Line, "host": e.Host}}},
					Time:     &t,
				})
			}
		}
	}
	return nil
}

func loginsRecordTampering(c *Context) error {
	now := c.Now()
	var files []*loginsRecords
	files = append(files, loginsFiles(c, "var/log/wtmp")...)
	files = append(files, loginsFiles(c, "var/log/btmp")...)
	for _, n := range []string{"run/utmp", "var/run/utmp"} {
		if r, err := c.Resolve(n); err == nil && (n == "run/utmp" || r != "run/utmp") {
			if f := loginsRead(c, n); f.Exists {
				files = append(files, f)
				break
			}
		}
	}
	loginsLastlogTampering(c)
	for _, f := range files {
		appendOnly := !strings.HasSuffix(f.Name, "utmp")
		var why, whyZh []string
		var ev []finding.Evidence
		addEv := func(off int64, note string) {
			if len(ev) < 20 {
				o := off
				ev = append(ev, finding.Evidence{Path: "/" + f.Name, Offset: &o, Excerpt: note})
			}
		}
		if len(f.Problems) > 0 {
			why = append(why, fmt.Sprintf("%d damaged or truncated record(s)", len(f.Problems)))
			whyZh = append(whyZh, fmt.Sprintf("%d 条损坏或截断的记录", len(f.Problems)))
			for _, p := range f.Problems {
				var pr *utmp.Problem
				if errors.As(p, &pr) {
					addEv(pr.Offset, pr.Reason)
				}
			}
		}
		zeroed, future, backwards := 0, 0, 0
		var prev time.Time
		prevType := utmp.Empty
		for _, r := range f.Recs {
			if r.Type == utmp.Empty {
				if appendOnly {
					zeroed++
					addEv(r.Offset, "empty (zeroed) record in an append-only log")
				}
				continue
			}
			if r.Time.After(now.Add(48*time.Hour)) || r.Time.Year() < 1990 {
				future++
				addEv(r.Offset, "impossible time "+r.Time.Format(time.RFC3339))
				continue
			}
			if appendOnly && !prev.IsZero() && r.Time.Before(prev.Add(-time.Hour)) &&
				prevType != utmp.BootTime && prevType != utmp.RunLevel && prevType != utmp.NewTime && prevType != utmp.OldTime &&
				r.Type != utmp.BootTime && r.Type != utmp.NewTime && r.Type != utmp.OldTime && r.Type != utmp.RunLevel {
				backwards++
				addEv(r.Offset, fmt.Sprintf("time runs backwards: %s after %s", r.Time.Format(time.RFC3339), prev.Format(time.RFC3339)))
			}
			prev, prevType = r.Time, r.Type
		}
		if zeroed > 0 {
			why = append(why, fmt.Sprintf("%d zeroed record(s)", zeroed))
			whyZh = append(whyZh, fmt.Sprintf("%d 条被清零的记录", zeroed))
		}
		if future > 0 {
			why = append(why, fmt.Sprintf("%d record(s) with an impossible time", future))
			whyZh = append(whyZh, fmt.Sprintf("%d 条时间不可能的记录", future))
		}
		if backwards > 0 {
			why = append(why, fmt.Sprintf("time runs backwards %d time(s)", backwards))
			whyZh = append(whyZh, fmt.Sprintf("时间倒退 %d 次", backwards))
		}
		if len(why) == 0 {
			continue
		}
		h := Hit{
			Detail:   fmt.Sprintf("/%s (%d bytes, %d records): %s.", f.Name, f.Size, len(f.Recs), strings.Join(why, "; ")),
			DetailZh: fmt.Sprintf("/%s（%d 字节，%d 条记录）：%s。", f.Name, f.Size, len(f.Recs), strings.Join(whyZh, "；")),
			Evidence: ev,
		}
		if len(f.Problems) == 0 && zeroed == 0 {
			// Clock trouble alone (a bad RTC, a VM restored) is less certain.
			h.Severity, h.SeveritySet, h.Confidence = finding.Medium, true, "medium"
		}
		c.Report(h)
	}
	return nil
}

// loginsLastlogTampering reports a lastlog whose size is no whole number
// of records (cut by hand) or that holds impossible times.
func loginsLastlogTampering(c *Context) {
	st, err := c.StatOf("var/log/lastlog")
	if err != nil || !st.IsRegular() || st.Size == 0 {
		return
	}
	if st.Size%292 != 0 && st.Size%296 != 0 {
		c.Report(Hit{
			Detail:   fmt.Sprintf("/var/log/lastlog is %d bytes, not a whole number of records (292 or 296 bytes): it was cut.", st.Size),
			DetailZh: fmt.Sprintf("/var/log/lastlog 大小为 %d 字节，不是整数条记录（每条 292 或 296 字节）：文件被截断。", st.Size),
			Evidence: []finding.Evidence{{Path: "/var/log/lastlog", Fields: map[string]string{"size": strconv.FormatInt(st.Size, 10)}}},
		})
		return
	}
	ll := loginsLastlog(c)
	if ll == nil {
		return
	}
	for uid, e := range ll.byUID {
		if e.Time.After(c.Now().Add(48*time.Hour)) || e.Time.Year() < 1990 {
			off := e.Offset
			c.Report(Hit{
				Severity: finding.Medium, SeveritySet: true, Confidence: "medium",
				Detail:   fmt.Sprintf("/var/log/lastlog: UID %d has the impossible login time %s.", uid, e.Time.Format(time.RFC3339)),
				DetailZh: fmt.Sprintf("/var/log/lastlog：UID %d 的登录时间 %s 不可能出现。", uid, e.Time.Format(time.RFC3339)),
				Evidence: []finding.Evidence{{Path: "/var/log/lastlog", Offset: &off}},
			})
			return
		}
	}
}

func loginsLastlogMismatch(c *Context) error {
	ll := loginsLastlog(c)
	if ll == nil || len(ll.byUID) == 0 {
		return nil
	}
	wt := loginsFiles(c, "var/log/wtmp")
	var first time.Time
	logins := map[string][]time.Time{}
	n := 0
	for _, f := range wt {
		for _, r := range f.Recs {
			if r.Type == utmp.Empty || r.Time.Unix() <= 0 {
				continue
			}
			n++
			if first.IsZero() || r.Time.Before(first) {
				first = r.Time
			}
			if r.Type == utmp.UserProcess {
				logins[r.User] = append(logins[r.User], r.Time)
			}
		}
	}
	if n == 0 {
		return nil // an empty or missing wtmp is logins.wtmp_missing
	}
	accts, _ := c.Accounts()
	byUID := map[int]string{}
	for _, a := range accts {
		if _, ok := byUID[a.UID]; !ok {
			byUID[a.UID] = a.Name
		}
	}
	uids := make([]int, 0, len(ll.byUID))
	for u := range ll.byUID {
		uids = append(uids, u)
	}
	sort.Ints(uids)
	for _, uid := range uids {
		e := ll.byUID[uid]
		name, ok := byUID[uid]
		if !ok || e.Time.Before(first.Add(time.Minute)) || e.Time.After(c.Now().Add(48*time.Hour)) {
			continue
		}
		found := false
		for _, t := range logins[name] {
			if d := t.Sub(e.Time); d > -3*time.Minute && d < 3*time.Minute {
				found = true
				break
			}
		}
		if found {
			continue
		}
		t, off := e.Time, e.Offset
		c.Report(Hit{
			Confidence: "medium",
			Detail: fmt.Sprintf("lastlog: %q (UID %d) logged in at %s on %s from %q, but wtmp (covering from %s) has no such login.",
				name, uid, e.Time.Format(time.RFC3339), e.Line, e.Host, first.Format(time.RFC3339)),
			DetailZh: fmt.Sprintf("lastlog 显示 %q（UID %d）于 %s 在 %s 登录（来源 %q），但覆盖 %s 以来的 wtmp 中没有该登录。",
				name, uid, e.Time.Format(time.RFC3339), e.Line, e.Host, first.Format(time.RFC3339)),
			Evidence: []finding.Evidence{
				{Path: "/" + ll.Name, Offset: &off, Fields: map[string]string{"uid": strconv.Itoa(uid), "host": e.Host, "line": e.Line, "time": e.Time.Format(time.RFC3339)}},
				{Path: "/var/log/wtmp"},
			},
			Time: &t,
		})
	}
	return nil
}

var (
	loginsAcceptedRe = regexp.MustCompile(`sshd\[\d+\]: Accepted \S+ for \S+ from`)
	loginsFailedRe   = regexp.MustCompile(`sshd\[\d+\]: (Failed password|Invalid user|authentication failure)`)
)

// loginsAuthLogCounts counts accepted and failed SSH logins in the current
// authentication log.
func loginsAuthLogCounts(c *Context) (name string, accepted, failed int) {
	for _, n := range []string{"var/log/auth.log", "var/log/secure"} {
		b, err := c.ReadFile(n, 64<<20)
		if err != nil && !errors.Is(err, source.ErrTooLarge) {
			continue
		}
		s := string(b)
		return n, len(loginsAcceptedRe.FindAllStringIndex(s, 1000)), len(loginsFailedRe.FindAllStringIndex(s, 1000))
	}
	return "", 0, 0
}

func loginsWtmpMissing(c *Context) error {
	if c.Exists("var/lib/wtmpdb/wtmp.db") {
		return nil // Debian 13 and later record logins in wtmpdb instead
	}
	if fi, err := c.Src().Stat("var/log"); err != nil || !fi.IsDir() {
		return nil
	}
	authName, accepted, failed := loginsAuthLogCounts(c)
	ll := loginsLastlog(c)
	for _, kind := range []struct {
		name, what, whatZh string
		evidence           int
	}{{"var/log/wtmp", "logins", "登录", accepted}, {"var/log/btmp", "failed logins", "失败登录", failed}} {
		st, err := c.StatOf(kind.name)
		missing := err != nil
		if !missing && st.Size > 0 {
			continue
		}
		// A missing file counts only where the system keeps login records
		// (its rotated copy or the sibling files exist).
		if missing && !c.Exists(kind.name+".1") && !c.Exists("var/log/lastlog") &&
			!c.Exists("var/log/wtmp") && !c.Exists("var/log/btmp") {
			continue
		}
		var why, whyZh []string
		if kind.evidence > 0 {
			why = append(why, fmt.Sprintf("/%s records %d SSH %s", authName, kind.evidence, kind.what))
			whyZh = append(whyZh, fmt.Sprintf("/%s 中有 %d 条 SSH %s记录", authName, kind.evidence, kind.whatZh))
		}
		if kind.name == "var/log/wtmp" && ll != nil {
			newer := 0
			for _, e := range ll.byUID {
				if missing || e.Time.After(st.Mtime.Add(time.Minute)) {
					newer++
				}
			}
			if newer > 0 {
				why = append(why, fmt.Sprintf("lastlog holds %d login(s) after wtmp was last written", newer))
				whyZh = append(whyZh, fmt.Sprintf("lastlog 中有 %d 条晚于 wtmp 最后写入时间的登录", newer))
			}
		}
		if len(why) == 0 {
			continue
		}
		state, stateZh := "is empty", "为空"
		if missing {
			state, stateZh = "is missing", "缺失"
		}
		ev := []finding.Evidence{{Path: "/" + kind.name}}
		if authName != "" && kind.evidence > 0 {
			ev = append(ev, finding.Evidence{Path: "/" + authName})
		}
		c.Report(Hit{
			Detail:   fmt.Sprintf("/%s %s, but %s.", kind.name, state, strings.Join(why, " and ")),
			DetailZh: fmt.Sprintf("/%s %s，但%s。", kind.name, stateZh, strings.Join(whyZh, "，且")),
			Evidence: ev,
		})
	}
	return nil
}

// loginsLogs are the system logs watched for emptying and gaps.
var loginsLogs = []string{"var/log/auth.log", "var/log/secure", "var/log/syslog", "var/log/messages", "var/log/audit/audit.log", "var/log/kern.log"}

func loginsLogEmptied(c *Context) error {
	for _, base := range loginsLogs {
		rotated := append(c.Glob(base+".*"), c.Glob(base+"-*")...)
		if len(rotated) == 0 {
			continue
		}
		var newest time.Time
		newestName := ""
		for _, r := range rotated {
			if st, err := c.StatOf(r); err == nil && st.Mtime.After(newest) {
				newest, newestName = st.Mtime, r
			}
		}
		st, err := c.StatOf(base)
		switch {
		case err != nil && IsNotExist(err):
			c.Report(Hit{
				Detail:   fmt.Sprintf("/%s is missing, but %d rotated copies exist (newest /%s).", base, len(rotated), newestName),
				DetailZh: fmt.Sprintf("/%s 缺失，但存在 %d 个轮转副本（最新为 /%s）。", base, len(rotated), newestName),
				Evidence: []finding.Evidence{{Path: "/" + base}, {Path: "/" + newestName}},
			})
		case err == nil && st.IsRegular() && st.Size == 0 && st.Mtime.After(newest.Add(2*time.Hour)):
			t := st.Mtime
			c.Report(Hit{
				Severity: finding.High, SeveritySet: true,
				Detail: fmt.Sprintf("/%s is empty and was last written at %s, %s after its last rotation (/%s): it was emptied.", base,
					st.Mtime.Format(time.RFC3339), st.Mtime.Sub(newest).Round(time.Minute), newestName),
				DetailZh: fmt.Sprintf("/%s 为空，最后写入时间为 %s，晚于最近一次轮转（/%s）%s：该日志被清空。", base,
					st.Mtime.Format(time.RFC3339), newestName, st.Mtime.Sub(newest).Round(time.Minute)),
				Evidence: []finding.Evidence{{Path: "/" + base, Fields: map[string]string{"size": "0", "mtime": st.Mtime.Format(time.RFC3339)}}, {Path: "/" + newestName}},
				Time:     &t,
			})
		}
	}
	return nil
}

var (
	loginsRFC3339Re = regexp.MustCompile(`^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z))`)
	loginsSyslogRe  = regexp.MustCompile(`^([A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d) `)
	loginsBootRe    = regexp.MustCompile(`Linux version|kernel: Command line|systemd\[1\]: (Starting|Started|Reached|Startup)|New seat|Server listening on|rsyslogd.*(start|exiting)|Booting|systemd-logind.*Watching|journal: Journal started|shutdown|Shutting down|Stopped target|Stopping`)
)

func loginsLogTimeGap(c *Context) error {
	for _, base := range loginsLogs[:4] {
		b, err := c.ReadFile(base, 32<<20)
		if err != nil && !errors.Is(err, source.ErrTooLarge) {
			continue
		}
		lines := strings.Split(string(b), "\n")
		type stamp struct {
			t    time.Time
			line int
		}
		var ts []stamp
		year := c.Now().Year()
		var last time.Time
		for i, l := range lines {
			var t time.Time
			if m := loginsRFC3339Re.FindStringSubmatch(l); m != nil {
				t, _ = time.Parse(time.RFC3339Nano, m[1])
			} else if m := loginsSyslogRe.FindStringSubmatch(l); m != nil {
				t, _ = time.Parse("2006 Jan _2 15:04:05", strconv.Itoa(year)+" "+m[1])
				if last.IsZero() && t.After(c.Now().Add(48*time.Hour)) {
					year-- // the log starts in the previous year
					t = t.AddDate(-1, 0, 0)
				}
				if !t.IsZero() && !last.IsZero() && t.Before(last.Add(-180*24*time.Hour)) {
					year++ // the log crossed a new year
					t = t.AddDate(1, 0, 0)
				}
			}
			if t.IsZero() {
				continue
			}
			last = t
			ts = append(ts, stamp{t, i + 1})
		}
		if len(ts) < 100 {
			continue
		}
		gaps := make([]time.Duration, 0, len(ts)-1)
		for i := 1; i < len(ts); i++ {
			gaps = append(gaps, ts[i].t.Sub(ts[i-1].t))
		}
		sorted := append([]time.Duration{}, gaps...)
		sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
		median := sorted[len(sorted)/2]
		if median > time.Hour {
			continue // a quiet log: gaps mean nothing
		}
		for i, g := range gaps {
			if g < 24*time.Hour {
				continue
			}
			before, after := ts[i], ts[i+1]
			// A shutdown or boot around the gap explains it.
			explained := false
			for j := max(0, before.line-30); j < min(len(lines), after.line+30); j++ {
				if loginsBootRe.MatchString(lines[j]) {
					explained = true
					break
				}
			}
			if explained {
				continue
			}
			t := before.t
			c.Report(Hit{
				Confidence: "low",
				Detail: fmt.Sprintf("/%s has no line between %s (line %d) and %s (line %d), a gap of %s, while it usually writes every %s.", base,
					before.t.Format(time.RFC3339), before.line, after.t.Format(time.RFC3339), after.line, g.Round(time.Minute), median.Round(time.Second)),
				DetailZh: fmt.Sprintf("/%s 在 %s（第 %d 行）与 %s（第 %d 行）之间没有任何记录，断档 %s，而该日志通常每 %s 写入一次。", base,
					before.t.Format(time.RFC3339), before.line, after.t.Format(time.RFC3339), after.line, g.Round(time.Minute), median.Round(time.Second)),
				Evidence: []finding.Evidence{
					{Path: "/" + base, Line: before.line, Excerpt: Excerpt(lines[before.line-1], 200)},
					{Path: "/" + base, Line: after.line, Excerpt: Excerpt(lines[after.line-1], 200)},
				},
				Time: &t,
			})
		}
	}
	return nil
}

// loginsHomeFile joins a home and a file name.
func loginsHomeFile(h Home, name string) string { return path.Join(h.Dir, name) }

func init() {
	Register(
		&Check{
			ID: "logins.history_null_link", Family: "logins",
			Title:         "Shell history linked to /dev/null",
			TitleZh:       "Shell 历史记录文件被链接到 /dev/null",
			Description:   "A user's shell history file is a link to /dev/null (or a character device): nothing typed is ever saved. Intruders do this first to leave no command trail.",
			DescriptionZh: "用户的 Shell 历史记录文件是指向 /dev/null 的链接（或字符设备），输入的命令都不会被保存。入侵者通常首先这样做以免留下命令痕迹。",
			Verify:        "Check the link's times (when it was made) and the account's logins around then.",
			VerifyZh:      "检查链接的时间（创建时间）及该账户在此前后的登录记录。",
			Advice:        "Replace the link with a regular file owned by the user (mode 600) and investigate the account's sessions from other sources (auth.log, process accounting, auditd).",
			AdviceZh:      "将链接替换为属于该用户的普通文件（权限 600），并通过其他来源（auth.log、进程审计、auditd）调查该账户的会话。",
			Attack:        []string{"T1070.003", "T1562.003"},
			Category:      "ABOT",
			Severity:      finding.High,
			Reads:         []string{"~/.bash_history, ~/.zsh_history and other histories (every home)"},
			Run:           loginsHistoryNullLink,
		},
		&Check{
			ID: "logins.history_emptied", Family: "logins",
			Title:         "Shell history emptied recently",
			TitleZh:       "Shell 历史记录近期被清空",
			Description:   "A user's shell history file is empty but was written within the last 30 days: it was truncated (history -c; history -w, `> ~/.bash_history`) rather than never used.",
			DescriptionZh: "用户的 Shell 历史记录文件为空，但在近 30 天内被写入过：说明它是被清空的（history -c; history -w、`> ~/.bash_history`），而不是从未使用。",
			Verify:        "Match the file's time with the account's logins; look for the commands in other histories and in auditd logs.",
			VerifyZh:      "将文件时间与该账户的登录记录对照，并在其他历史文件与 auditd 日志中查找相关命令。",
			Advice:        "Reconstruct the session from other sources and keep history append-only (chattr +a) for privileged users during the investigation.",
			AdviceZh:      "通过其他来源重建会话；调查期间可对特权用户的历史文件设置仅追加属性（chattr +a）。",
			Attack:        []string{"T1070.003"},
			Category:      "ABOT",
			Severity:      finding.Medium,
			Reads:         []string{"~/.bash_history, ~/.zsh_history and other histories (every home)"},
			Run:           loginsHistoryEmptied,
		},
		&Check{
			ID: "logins.history_disabled_rc", Family: "logins",
			Title:         "Shell history turned off in a start-up file",
			TitleZh:       "Shell 启动文件中关闭了历史记录",
			Description:   "A shell start-up file sets HISTFILE to /dev/null or nothing, HISTSIZE or HISTFILESIZE to 0, unsets HISTFILE, ignores every command (HISTIGNORE='*') or runs `set +o history`, so that the user's commands are never recorded.",
			DescriptionZh: "Shell 启动文件将 HISTFILE 设为 /dev/null 或空、将 HISTSIZE 或 HISTFILESIZE 设为 0、unset HISTFILE、忽略所有命令（HISTIGNORE='*'）或执行 `set +o history`，使用户命令不被记录。",
			Verify:        "Check who changed the file and when, and whether a package ships it so.",
			VerifyZh:      "确认该文件的修改人及修改时间，以及是否为软件包原样提供。",
			Advice:        "Remove the setting and investigate the account's activity from other sources.",
			AdviceZh:      "删除该设置，并通过其他来源调查该账户的活动。",
			Attack:        []string{"T1562.003"},
			Category:      "ABOT",
			Severity:      finding.Medium,
			Reads:         []string{"~/.bashrc, ~/.profile, ~/.zshrc and others (every home)", "/etc/profile", "/etc/profile.d", "/etc/bash.bashrc"},
			Run:           loginsHistoryDisabledRC,
		},
		&Check{
			ID: "logins.history_download_exec", Family: "logins",
			Title:         "Shell history downloads and runs code",
			TitleZh:       "历史命令中存在下载并执行代码的操作",
			Description:   "A user's shell history has commands that download a script or program and run it (curl|sh, wget then chmod +x and run), decode and run base64, make files in temporary directories executable, or start a miner: the usual first steps of an intrusion.",
			DescriptionZh: "用户历史命令中存在下载脚本或程序并执行（curl|sh、wget 后 chmod +x 再执行）、Base64 解码后执行、为临时目录中的文件添加执行权限或运行挖矿程序等操作，这些是入侵的典型初始步骤。",
			Verify:        "Fetch nothing; find the downloaded files and their hashes on disk, and the session that ran the commands (wtmp, auth.log, time stamps in the history).",
			VerifyZh:      "不要访问下载地址；在磁盘上查找下载的文件及其哈希，并结合 wtmp、auth.log、历史时间戳确认执行这些命令的会话。",
			Advice:        "Block the download hosts, quarantine the downloaded files and everything they installed, and rotate the account's credentials.",
			AdviceZh:      "封禁下载地址，隔离下载的文件及其安装的所有内容，并更换该账户的凭据。",
			Attack:        []string{"T1059.004", "T1105"},
			Category:      "MPTH",
			Severity:      finding.High,
			Reads:         []string{"~/.bash_history, ~/.zsh_history and other histories (every home)"},
			Run:           func(c *Context) error { return loginsHistoryScan(c, loginsKindDownload) },
		},
		&Check{
			ID: "logins.history_reverse_shell", Family: "logins",
			Title:         "Shell history opens a reverse shell",
			TitleZh:       "历史命令中存在反弹 Shell 操作",
			Description:   "A user's shell history has commands that connect a shell to a remote address: /dev/tcp redirections, netcat or socat running a program, script one-liners opening sockets, or named-pipe shells.",
			DescriptionZh: "用户历史命令中存在将 Shell 连接到远程地址的操作：/dev/tcp 重定向、netcat 或 socat 执行程序、脚本单行命令建立 socket、命名管道 Shell 等。",
			Verify:        "Note the remote address and port; look for the connection in firewall or flow logs and for the session that ran it.",
			VerifyZh:      "记录远程地址与端口，在防火墙或流量日志中查找该连接，并确认执行该命令的会话。",
			Advice:        "Block the address, kill any such shell still running, and treat the account as compromised.",
			AdviceZh:      "封禁该地址，终止仍在运行的此类 Shell，并视该账户已失陷。",
			Attack:        []string{"T1059.004", "T1071"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"~/.bash_history, ~/.zsh_history and other histories (every home)"},
			Run:           func(c *Context) error { return loginsHistoryScan(c, loginsKindReverse) },
		},
		&Check{
			ID: "logins.history_adds_access", Family: "logins",
			Title:         "Shell history adds accounts, keys or privileges",
			TitleZh:       "历史命令中存在添加账户、密钥或权限的操作",
			Description:   "A user's shell history has commands that add an SSH key to authorized_keys, create accounts (useradd, adduser, especially with UID 0), write lines into /etc/passwd, /etc/shadow or sudoers, set passwords in bulk (chpasswd) or add users to sudo, wheel, root or docker.",
			DescriptionZh: "用户历史命令中存在向 authorized_keys 添加 SSH 公钥、创建账户（useradd、adduser，尤其是 UID 0）、向 /etc/passwd、/etc/shadow 或 sudoers 写入内容、批量设置密码（chpasswd）或将用户加入 sudo、wheel、root、docker 组等操作。",
			Verify:        "Check that each account, key and membership is known to the administrators.",
			VerifyZh:      "逐一向管理员确认相关账户、公钥及组成员身份。",
			Advice:        "Remove the accounts, keys and memberships nobody can explain.",
			AdviceZh:      "删除无法说明来历的账户、公钥及组成员身份。",
			Attack:        []string{"T1136.001", "T1098.004", "T1098"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"~/.bash_history, ~/.zsh_history and other histories (every home)"},
			Run:           func(c *Context) error { return loginsHistoryScan(c, loginsKindAccess) },
		},
		&Check{
			ID: "logins.history_log_wipe", Family: "logins",
			Title:         "Shell history clears logs or history",
			TitleZh:       "历史命令中存在清除日志或历史记录的操作",
			Description:   "A user's shell history has commands that clear the history (history -c, unset HISTFILE), delete, truncate, shred or edit logs and login records (/var/log, wtmp, btmp, lastlog), or vacuum the journal.",
			DescriptionZh: "用户历史命令中存在清除历史（history -c、unset HISTFILE），删除、清空、粉碎或编辑日志与登录记录（/var/log、wtmp、btmp、lastlog），或清理 journal 日志等操作。",
			Verify:        "Compare the named logs with remote copies and their rotated versions; date the commands from the history time stamps or file ctimes.",
			VerifyZh:      "将涉及的日志与远程副本及轮转版本比对；通过历史时间戳或文件 ctime 确定命令执行时间。",
			Advice:        "Recover the logs from remote copies and backups, and forward logs to a remote collector.",
			AdviceZh:      "从远程副本与备份恢复日志，并将日志转发到远程日志服务器。",
			Attack:        []string{"T1070.002", "T1070.003"},
			Category:      "ABOT",
			Severity:      finding.High,
			Reads:         []string{"~/.bash_history, ~/.zsh_history and other histories (every home)"},
			Run:           func(c *Context) error { return loginsHistoryScan(c, loginsKindWipe) },
		},
		&Check{
			ID: "logins.history_security_disabled", Family: "logins",
			Title:         "Shell history disables security tools",
			TitleZh:       "历史命令中存在关闭安全防护的操作",
			Description:   "A user's shell history has commands that turn off SELinux, AppArmor, auditd, logging or the firewall, flush firewall rules, change immutable attributes (chattr), or stop and remove cloud security agents (Alibaba Cloud Aegis/AliYunDun, Tencent Cloud YunJing, Baidu BCM, Huawei HostGuard): what miners and botnets do right after getting in.",
			DescriptionZh: "用户历史命令中存在关闭 SELinux、AppArmor、auditd、日志服务或防火墙，清空防火墙规则，修改不可变属性（chattr），或停止、卸载云安全代理（阿里云安骑士/云盾、腾讯云云镜、百度云 BCM、华为云 HostGuard）等操作，这是挖矿与僵尸网络程序入侵后的典型行为。",
			Verify:        "Check whether the tools are still running and their configuration; date the commands.",
			VerifyZh:      "检查这些安全工具当前是否仍在运行及其配置，并确定命令执行时间。",
			Advice:        "Re-enable and reinstall the tools, restore firewall rules, and look for what the intruder installed while they were off.",
			AdviceZh:      "重新启用并重装这些工具，恢复防火墙规则，并排查防护关闭期间入侵者安装的内容。",
			Attack:        []string{"T1562.001", "T1562.004", "T1222.002"},
			Category:      "ABOT",
			Severity:      finding.Medium,
			Reads:         []string{"~/.bash_history, ~/.zsh_history and other histories (every home)"},
			Run:           func(c *Context) error { return loginsHistoryScan(c, loginsKindEvasion) },
		},
	)
}

// loginsHistoryNames are the shell and tool histories looked at in every
// home.
var loginsHistoryNames = []string{".bash_history", ".zsh_history", ".zhistory", ".sh_history", ".history", ".ash_history", ".ksh_history", ".mksh_history", ".local/share/fish/fish_history", ".mysql_history", ".psql_history", ".python_history", ".rediscli_history"}

// loginsShellHistory reports the histories of interactive shells (the
// others are not expected to hold shell commands).
func loginsShellHistory(name string) bool {
	switch path.Base(name) {
	case ".mysql_history", ".psql_history", ".python_history", ".rediscli_history":
		return false
	}
	return true
}

func loginsHistoryNullLink(c *Context) error {
	for _, h := range c.Homes() {
		for _, n := range loginsHistoryNames {
			name := loginsHomeFile(h, n)
			st, err := c.StatOf(name)
			if err != nil {
				continue
			}
			target := ""
			switch {
			case st.IsSymlink():
				t, err := c.Src().ReadLink(name)
				if err != nil {
					continue
				}
				real, _ := c.Resolve(name)
				if path.Clean(t) != "/dev/null" && real != "dev/null" {
					continue
				}
				target = t
			case st.Mode&0o170000 == 0o020000: // a character device in a home
				target = "a character device"
			default:
				continue
			}
			t := st.Mtime
			c.Report(Hit{
				Detail:   fmt.Sprintf("/%s (account %s) is %s.", name, accountsOr(h.User, "unknown"), loginsLinkDesc(target)),
				DetailZh: fmt.Sprintf("/%s（账户 %s）指向 %s。", name, accountsOr(h.User, "未知"), target),
				Evidence: []finding.Evidence{{Path: "/" + name, Fields: map[string]string{"target": target}}},
				Time:     &t,
			})
		}
	}
	return nil
}

func loginsLinkDesc(target string) string {
	if strings.HasPrefix(target, "/") {
		return "a link to " + target
	}
	return target
}

func loginsHistoryEmptied(c *Context) error {
	inst := accountsInstallTime(c)
	for _, h := range c.Homes() {
		for _, n := range loginsHistoryNames {
			name := loginsHomeFile(h, n)
			if !loginsShellHistory(name) {
				continue
			}
			st, err := c.StatOf(name)
			if err != nil || !st.IsRegular() || st.Size != 0 {
				continue
			}
			if !accountsRecent(c, inst, st.Mtime) {
				continue
			}
			t := st.Mtime
			c.Report(Hit{
				Detail:   fmt.Sprintf("/%s (account %s) is empty but was written at %s.", name, accountsOr(h.User, "unknown"), st.Mtime.Format(time.RFC3339)),
				DetailZh: fmt.Sprintf("/%s（账户 %s）为空，但最后写入于 %s。", name, accountsOr(h.User, "未知"), st.Mtime.Format(time.RFC3339)),
				Evidence: []finding.Evidence{{Path: "/" + name, Fields: map[string]string{"size": "0", "mtime": st.Mtime.Format(time.RFC3339)}}},
				Time:     &t,
			})
		}
	}
	return nil
}

// loginsRCNames are the per-user shell start-up files.
var loginsRCNames = []string{".bashrc", ".bash_profile", ".bash_login", ".profile", ".bash_logout", ".bash_aliases", ".zshrc", ".zshenv", ".zprofile", ".zlogin", ".zlogout", ".kshrc", ".mkshrc", ".cshrc", ".tcshrc"}

var loginsHistOffRe = regexp.MustCompile(`(?:^|[\s;&|])(?:export\s+|declare\s+-x\s+|typeset\s+(?:-x\s+)?|setenv\s+)?(?:` +
	`HISTFILE\s*=\s*(?:["']?/dev/null["']?|""|'')(?:\s|;|$)|HISTFILE\s*=\s*(?:;|$)|` +
	`(?:HISTSIZE|HISTFILESIZE|SAVEHIST)\s*=\s*["']?0["']?(?:\s|;|$)|` +
	`HISTIGNORE\s*=\s*["']?\*["']?(?:\s|;|$)|` +
	`unset\s+(?:-v\s+)?HISTFILE\b|unsetenv\s+HISTFILE\b|set\s+\+o\s+history\b|` +
	`history\s+-c\b|ln\s+-\w*s\w*\s+/dev/null\s+\S*history)`)

func loginsHistoryDisabledRC(c *Context) error {
	type rc struct {
		name   string
		global bool
		user   string
	}
	var files []rc
	for _, g := range []string{"etc/profile", "etc/bash.bashrc", "etc/bashrc", "etc/environment", "etc/zsh/zshrc", "etc/zsh/zshenv", "etc/zsh/zprofile", "etc/zshrc", "etc/zprofile", "etc/csh.cshrc", "etc/skel/.bashrc", "etc/skel/.profile"} {
		files = append(files, rc{name: g, global: true})
	}
	for _, g := range c.Glob("etc/profile.d/*") {
		files = append(files, rc{name: g, global: true})
	}
	for _, h := range c.Homes() {
		for _, n := range loginsRCNames {
			files = append(files, rc{name: loginsHomeFile(h, n), user: h.User})
		}
	}
	for _, f := range files {
		b, err := c.ReadFile(f.name, 1<<20)
		if err != nil || !loginsHistOffRe.Match(b) {
			continue
		}
		if _, o := c.Owned(f.name); o == Pristine {
			continue
		}
		for i, line := range strings.Split(string(b), "\n") {
			t := strings.TrimSpace(line)
			if strings.HasPrefix(t, "#") {
				continue
			}
			m := loginsHistOffRe.FindString(t)
			if m == "" {
				continue
			}
			h := Hit{
				Detail:   fmt.Sprintf("/%s line %d turns history off: %s.", f.name, i+1, strings.TrimSpace(m)),
				DetailZh: fmt.Sprintf("/%s 第 %d 行关闭了历史记录：%s。", f.name, i+1, strings.TrimSpace(m)),
				Evidence: []finding.Evidence{accountsEv(f.name, i+1, t)},
			}
			if f.global {
				h.Severity, h.SeveritySet = finding.High, true
				h.Detail += " It applies to every user."
				h.DetailZh += "该设置对所有用户生效。"
			}
			c.Report(h)
		}
	}
	return nil
}

// The kinds of history lines the history checks look for.
const (
	loginsKindDownload = iota
	loginsKindReverse
	loginsKindAccess
	loginsKindWipe
	loginsKindEvasion
)

// loginsPattern is one history judgment: a pattern, its severity and its
// reason in both languages.
type loginsPattern struct {
	re     *regexp.Regexp
	sev    finding.Severity
	en, zh string
}

var loginsPatterns = map[int][]loginsPattern{
	loginsKindDownload: {
		{regexp.MustCompile(`(?i)\b(wget|curl|tftp|fetch|scp)\b[^\n]*(;|&&|\|\|)\s*(chmod\s+[+0-7]*x?\S*\s+\S+\s*(;|&&)\s*)?(\./|nohup\s+\./|(ba|da|z)?sh\s+\S|/tmp/|/var/tmp/|/dev/shm/)`), finding.High, "downloads a file and runs it", "下载文件后执行"},
		{regexp.MustCompile(`(?i)\b(python[23]?|perl|php|ruby)\s+-\w*[ce]\s*['"][^'"]*(urllib|urlopen|requests\.get|LWP::|file_get_contents|open-uri|Net::HTTP)[^'"]*(exec|eval|system|popen)`), finding.High, "a script one-liner downloads and runs code", "脚本单行命令下载并执行代码"},
	},
	loginsKindAccess: {
		{regexp.MustCompile(`(?i)\becho\s+['"]?(ssh-(rsa|ed25519|dss)|ecdsa-sha2-\S+|sk-\S+)\s+AAAA[^\n]*>>?\s*\S*authorized_keys2?\b`), finding.High, "writes a literal SSH key into authorized_keys", "向 authorized_keys 写入公钥"},
		{regexp.MustCompile(`(?i)(>>?\s*\S*authorized_keys2?\b|\btee\s+(-a\s+)?\S*authorized_keys2?\b)`), finding.Medium, "adds to an authorized_keys file", "向 authorized_keys 追加内容"},
		{regexp.MustCompile(`(?i)\b(useradd|adduser)\b[^\n]*\s-(o\b|u\s*0\b|g\s*0\b|g\s*root\b)|\b(useradd|adduser|usermod)\b[^\n]*\s-u\s*0(\s|$)`), finding.High, "creates an account with UID or group 0", "创建 UID 或主组为 0 的账户"},
		{regexp.MustCompile(`(?i)(>>?|\btee\s+(-a\s+)?)\s*/etc/(passwd|shadow|sudoers|sudoers\.d/\S*|group|gshadow)\b`), finding.High, "writes into an account database or sudoers", "向账户数据库或 sudoers 写入内容"},
		{regexp.MustCompile(`(?i)\bsed\s+-i\b[^\n]*/etc/(passwd|shadow|sudoers)\b`), finding.High, "edits an account database or sudoers in place", "直接修改账户数据库或 sudoers"},
		{regexp.MustCompile(`(?i)\b(usermod\s+(-\w+\s+)*-a?G\s*|gpasswd\s+-a\s+\S+\s+|adduser\s+\S+\s+)(\S*,)?(sudo|wheel|root|admin|docker|lxd|disk|shadow)\b`), finding.Medium, "adds a user to a privileged group", "将用户加入特权用户组"},
		{regexp.MustCompile(`(?i)(^|[;&|]\s*)(useradd|adduser)\b`), finding.Medium, "creates an account", "创建账户"},
		{regexp.MustCompile(`(?i)\bchpasswd\b|\bpasswd\s+--stdin\b|\|\s*passwd\b|\bopenssl\s+passwd\b`), finding.Medium, "sets passwords non-interactively", "以非交互方式设置密码"},
	},
	loginsKindWipe: {
		{regexp.MustCompile(`(?i)(^|[;&|]\s*)history\s+-(c|w\s+/dev/null)\b`), finding.High, "clears the shell history", "清除 Shell 历史"},
		{regexp.MustCompile(`(?i)\b(unset\s+HISTFILE|HISTFILE=/dev/null|HISTSIZE=0|set\s+\+o\s+history)\b`), finding.High, "turns history off for the session", "关闭当前会话的历史记录"},
		{regexp.MustCompile(`(?i)\b(rm|shred|unlink|truncate|srm|wipe)\b[^\n;|&]*(\b(wtmp|btmp|lastlog|utmp|auth\.log|secure|messages|syslog|audit\.log|kern\.log|journal)\b|history\b|/var/log/?(\*|\s|$))`), finding.High, "deletes, truncates or shreds login records, system logs or histories", "删除、截断或粉碎登录记录、系统日志或历史记录"},
		{regexp.MustCompile(`(?i)\b(rm|shred|unlink|truncate|srm|wipe)\b[^\n;|&]*/var/log/\S`), finding.Medium, "deletes or truncates application logs", "删除或截断应用日志"},
		{regexp.MustCompile(`(?i)(^|[;&|'"]\s*)(:|true|echo\s*(-n\s*)?(""|'')?|cat\s+/dev/null|printf\s*(""|'')?)?\s*>\s*\S*(/var/log/(auth\.log|secure|messages|syslog|kern\.log|audit/\S*|wtmp|btmp|lastlog)|_history\b|/wtmp\b|/btmp\b|/lastlog\b|/utmp\b)`), finding.High, "empties a login record, system log or history by redirection", "通过重定向清空登录记录、系统日志或历史记录"},
		{regexp.MustCompile(`(?i)(^|[;&|'"]\s*)(:|true|echo\s*(-n\s*)?(""|'')?|cat\s+/dev/null|printf\s*(""|'')?)?\s*>\s*/var/log/\S+`), finding.Medium, "empties a log by redirection", "通过重定向清空日志"},
		{regexp.MustCompile(`(?i)\bsed\s+-i\b[^\n]*(/var/log/|wtmp|btmp|lastlog|_history)`), finding.High, "edits a log in place", "直接编辑日志文件"},
		{regexp.MustCompile(`(?i)\bfind\s+/var/log\b[^\n]*(-delete|-exec\s+rm|truncate)`), finding.Medium, "deletes logs with find", "使用 find 批量删除日志"},
		{regexp.MustCompile(`(?i)\bjournalctl\s+[^\n]*--vacuum-(time|size|files)\b|\butmpdump\s+-r\b`), finding.Medium, "vacuums the journal or rewrites login records", "清理 journal 日志或改写登录记录"},
		{regexp.MustCompile(`(?i)\bln\s+-\w*s\w*\s+/dev/null\s+\S*(history|/var/log/\S+)`), finding.High, "links a history or log to /dev/null", "将历史记录或日志链接到 /dev/null"},
	},
	loginsKindEvasion: {
		{regexp.MustCompile(`(?i)\b(aliyun-service|aliyundun|aliyundunupdate|aegis|aegis_\w+|cloudmonitor|argusagent|qcloud|ydservice|ydlive|yunjing|sgagent|barad_agent|stargate|bcm-agent|bcm_agent|hostguard|uniagent|cloudwatch-agent|amazon-ssm-agent|google_guest_agent|hids)\b[^\n]*|\b(kill|pkill|killall|stop|disable|mask|remove|purge|uninstall|rm\s+-\w*)\b[^\n]*\b(aliyun|aegis|qcloud|yunjing|ydservice|bcm-agent|hostguard|cloudmonitor)\b`), finding.High, "stops or removes a cloud security agent", "停止或卸载云安全代理"},
		{regexp.MustCompile(`(?i)\b(systemctl\s+(stop|disable|mask|kill)|service\s+\S+\s+stop|chkconfig\s+\S+\s+off)\b[^\n]*\b(auditd|rsyslog|syslog|syslog-ng|systemd-journald|journald)\b|\bservice\s+(auditd|rsyslog|syslog)\s+stop\b|\bauditctl\s+-(e\s*0|D)\b|\b(kill|pkill|killall)\b[^\n]*\b(auditd|rsyslogd|syslogd|journald)\b`), finding.High, "stops auditing or logging", "停止审计或日志服务"},
		{regexp.MustCompile(`(?i)\bsetenforce\s+0\b|SELINUX=disabled|\baa-teardown\b|\b(systemctl\s+(stop|disable|mask)|service)\b[^\n]*\bapparmor\b`), finding.Medium, "turns off SELinux or AppArmor", "关闭 SELinux 或 AppArmor"},
		{regexp.MustCompile(`(?i)\b(systemctl\s+(stop|disable|mask)|service\s+\S+\s+stop|chkconfig\s+\S+\s+off)\b[^\n]*\b(firewalld|ufw|iptables|ip6tables|nftables|fail2ban|clamav-daemon|clamd|ossec|wazuh-agent|falco|crowdstrike|falcon-sensor)\b|\bufw\s+disable\b|\biptables\s+(-t\s+\w+\s+)?-(F|X)\b|\biptables\s+-P\s+INPUT\s+ACCEPT\b|\bnft\s+flush\s+ruleset\b`), finding.Medium, "turns off the firewall or a security service", "关闭防火墙或安全服务"},
		{regexp.MustCompile(`(?i)\bchattr\s+[-+]\w*[ia]\w*\b`), finding.Medium, "changes immutable or append-only attributes", "修改不可变或仅追加属性"},
		{regexp.MustCompile(`(?i)\becho\s+0\s*>\s*/proc/sys/kernel/(nmi_watchdog|randomize_va_space)|\bsysctl\s+-w\s+kernel\.(nmi_watchdog|randomize_va_space)=0|\bmodprobe\s+-r\s+\S*(audit|selinux|apparmor)`), finding.Medium, "weakens kernel protections", "削弱内核防护"},
	},
}

// loginsHistoryLine is one command of a history file with its time stamp
// when the shell recorded one.
type loginsHistoryLine struct {
	Line int
	Cmd  string
	Time time.Time
}

var loginsZshExtRe = regexp.MustCompile(`^: (\d{9,11}):\d+;`)

// loginsParseHistory splits a bash, zsh or fish history into commands.
func loginsParseHistory(b []byte) []loginsHistoryLine {
	var out []loginsHistoryLine
	var ts time.Time
	for i, raw := range strings.Split(string(b), "\n") {
		l := strings.TrimRight(raw, "\r")
		if len(l) > 1 && l[0] == '#' {
			if n, err := strconv.ParseInt(l[1:], 10, 64); err == nil && n > 0 {
				ts = time.Unix(n, 0).UTC() // bash HISTTIMEFORMAT stamp
				continue
			}
		}
		if m := loginsZshExtRe.FindStringSubmatch(l); m != nil {
			n, _ := strconv.ParseInt(m[1], 10, 64)
			ts = time.Unix(n, 0).UTC()
			l = l[len(m[0]):]
		}
		if f, ok := strings.CutPrefix(strings.TrimSpace(l), "- cmd: "); ok { // fish
			l = f
		}
		if strings.TrimSpace(l) == "" {
			continue
		}
		out = append(out, loginsHistoryLine{Line: i + 1, Cmd: l, Time: ts})
		ts = time.Time{}
	}
	return out
}

// loginsJudgeLine returns the worst severity and the reasons a history
// line gives for kind.
func loginsJudgeLine(kind int, cmd string) (finding.Severity, []string, []string) {
	var sev finding.Severity
	var en, zh []string
	add := func(s finding.Severity, e, z, m string) {
		if s > sev {
			sev = s
		}
		en = append(en, e+" ("+Excerpt(m, 80)+")")
		zh = append(zh, z+"（"+Excerpt(m, 80)+"）")
	}
	if kind == loginsKindDownload || kind == loginsKindReverse {
		for _, r := range ExecReasons(cmd) {
			if r.Weak || (r.Kind == "reverse_shell") != (kind == loginsKindReverse) {
				continue
			}
			add(finding.High, r.En, r.Zh, r.Match)
		}
	}
	for _, p := range loginsPatterns[kind] {
		if m := p.re.FindString(cmd); m != "" {
			add(p.sev, p.en, p.zh, m)
		}
	}
	return sev, en, zh
}

func loginsHistoryScan(c *Context, kind int) error {
	for _, h := range c.Homes() {
		for _, n := range loginsHistoryNames {
			name := loginsHomeFile(h, n)
			if !loginsShellHistory(name) {
				continue
			}
			st, err := c.StatOf(name)
			if err != nil || !st.IsRegular() || st.Size == 0 {
				continue
			}
			b, err := c.ReadFile(name, 32<<20)
			if err != nil && !errors.Is(err, source.ErrTooLarge) {
				continue
			}
			var worst finding.Severity
			var ev []finding.Evidence
			var reasons []string
			var reasonsZh []string
			var first *time.Time
			hits := 0
			for _, l := range loginsParseHistory(b) {
				sev, en, zh := loginsJudgeLine(kind, l.Cmd)
				if len(en) == 0 {
					continue
				}
				hits++
				if sev > worst {
					worst = sev
				}
				if len(ev) < 20 {
					e := accountsEv(name, l.Line, l.Cmd)
					if !l.Time.IsZero() {
						e.Fields = map[string]string{"time": l.Time.Format(time.RFC3339)}
						if first == nil {
							t := l.Time
							first = &t
						}
					}
					ev = append(ev, e)
				}
				if len(reasons) < 5 {
					reasons = append(reasons, fmt.Sprintf("line %d: %s", l.Line, strings.Join(en, "; ")))
					reasonsZh = append(reasonsZh, fmt.Sprintf("第 %d 行：%s", l.Line, strings.Join(zh, "；")))
				}
			}
			if hits == 0 {
				continue
			}
			c.Report(Hit{
				Severity: worst, SeveritySet: true,
				Detail:   fmt.Sprintf("/%s (account %s) has %d such command(s): %s.", name, accountsOr(h.User, "unknown"), hits, strings.Join(reasons, " | ")),
				DetailZh: fmt.Sprintf("/%s（账户 %s）中有 %d 条此类命令：%s。", name, accountsOr(h.User, "未知"), hits, strings.Join(reasonsZh, " | ")),
				Evidence: ev,
				Time:     first,
			})
		}
	}
	return nil
}
