package check

// Persistence by scheduled jobs: the system crontab and cron.d, every user's
// crontab (Debian crontabs/USER and RHEL cron/USER layouts), the periodic
// cron.hourly/daily/weekly/monthly scripts, anacrontab and at jobs.

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/finding"
)

// persistenceCronEntry is one job line of a crontab.
type persistenceCronEntry struct {
	Line     int
	Raw      string
	Special  string // "@reboot", "@daily", ... or ""
	Schedule string
	User     string // the user field of system crontabs
	Command  string
}

var persistenceEnvLineRe = regexp.MustCompile(`^\s*[A-Za-z_][A-Za-z0-9_]*\s*=`)

// persistenceCutFields returns the first n whitespace-separated fields of s
// and the rest (with its inner spacing kept).
func persistenceCutFields(s string, n int) ([]string, string) {
	var f []string
	s = strings.TrimLeft(s, " \t")
	for len(f) < n && s != "" {
		i := strings.IndexAny(s, " \t")
		if i < 0 {
			f = append(f, s)
			s = ""
			break
		}
		f = append(f, s[:i])
		s = strings.TrimLeft(s[i:], " \t")
	}
	return f, s
}

// persistenceCronCommand cuts a cron command at its first unescaped '%'
// (the rest is standard input) and unescapes "\%".
func persistenceCronCommand(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && s[i+1] == '%' {
			i++
			continue
		}
		if s[i] == '%' {
			s = s[:i]
			break
		}
	}
	return strings.ReplaceAll(s, `\%`, "%")
}

// persistenceParseCron parses crontab text; system crontabs have a user
// field. Environment lines are returned apart.
func persistenceParseCron(text string, system bool) (entries []persistenceCronEntry, env []persistenceLine) {
	for _, l := range persistenceLines(text, false) {
		t := strings.TrimSpace(l.Text)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if persistenceEnvLineRe.MatchString(t) {
			env = append(env, persistenceLine{N: l.N, Text: t})
			continue
		}
		e := persistenceCronEntry{Line: l.N, Raw: t}
		n := 5
		if strings.HasPrefix(t, "@") {
			n = 1
		}
		if system {
			n++
		}
		f, rest := persistenceCutFields(t, n)
		if len(f) < n || rest == "" {
			continue
		}
		if strings.HasPrefix(t, "@") {
			e.Special = strings.ToLower(f[0])
		}
		if system {
			e.User = f[len(f)-1]
			f = f[:len(f)-1]
		}
		e.Schedule = strings.Join(f, " ")
		e.Command = persistenceCronCommand(rest)
		entries = append(entries, e)
	}
	return entries, env
}

// persistenceCronFile is one crontab to judge.
type persistenceCronFile struct {
	Name   string // root-relative
	System bool
	Owner  string // the account of a user crontab
}

func persistenceSystemCrontabs(c *Context) []persistenceCronFile {
	var out []persistenceCronFile
	for _, n := range persistenceFiles(c, "etc/crontab", "etc/cron.d/*") {
		out = append(out, persistenceCronFile{Name: n, System: true})
	}
	return out
}

func persistenceUserCrontabs(c *Context) []persistenceCronFile {
	var out []persistenceCronFile
	for _, n := range persistenceFiles(c, "var/spool/cron/crontabs/*", "var/spool/cron/*", "var/spool/cron/tabs/*") {
		b := path.Base(n)
		if strings.HasPrefix(b, ".") || !persistenceRegular(c, n) {
			continue
		}
		out = append(out, persistenceCronFile{Name: n, Owner: b})
	}
	return out
}

// persistenceEnvPreload reports crontab environment lines that set
// LD_PRELOAD.
func persistenceEnvPreload(env []persistenceLine) []persistenceLine {
	var out []persistenceLine
	for _, l := range env {
		k, _, _ := strings.Cut(l.Text, "=")
		if strings.TrimSpace(k) == "LD_PRELOAD" {
			out = append(out, l)
		}
	}
	return out
}

// persistenceUIDMin is the first uid of ordinary accounts (login.defs).
func persistenceUIDMin(c *Context) int {
	if s, err := persistenceText(c, "etc/login.defs"); err == nil {
		for _, l := range strings.Split(s, "\n") {
			f := strings.Fields(l)
			if len(f) >= 2 && f[0] == "UID_MIN" {
				if n, err := strconv.Atoi(f[1]); err == nil && n > 0 {
					return n
				}
			}
		}
	}
	return 1000
}

func init() {
	cronReads := []string{"/etc/crontab", "/etc/cron.d/*"}
	userReads := []string{"/var/spool/cron/crontabs/*", "/var/spool/cron/*", "/etc/passwd"}
	Register(
		&Check{
			ID: "persistence.cron_system_entry", Family: "persistence",
			Title:         "System crontab entry that downloads, decodes or runs untrusted code",
			TitleZh:       "系统计划任务（crontab、cron.d）执行下载、解码或不可信程序",
			Description:   "An entry of /etc/crontab or /etc/cron.d runs a command that downloads and executes code, decodes and runs a payload, opens a reverse shell, or runs a program from a temporary or hidden directory, a program no package owns in a system directory, or a package program whose content was changed.",
			DescriptionZh: "/etc/crontab 或 /etc/cron.d 中的任务执行了下载并运行代码、解码执行载荷、反弹 Shell，或运行临时目录、隐藏目录中的程序、系统目录中不属于任何软件包的程序、内容被篡改的软件包程序。",
			Verify:        "Read the entry and the script it runs; check the file's times against the intrusion window (stat), the cron log (grep CRON /var/log/syslog or /var/log/cron) for its runs, and whether the program it starts is still running.",
			VerifyZh:      "查看该任务及其运行的脚本内容；用 stat 核对文件时间是否落在入侵时间段；在 /var/log/syslog 或 /var/log/cron 中 grep CRON 查看执行记录；确认其启动的程序是否仍在运行。",
			Advice:        "Preserve the file and the program it runs as evidence, then remove the entry; kill the processes it started and block the addresses it contacts; find how it was written (the account and the entry point).",
			AdviceZh:      "先保全该文件及其运行的程序作为证据，再删除该任务；结束其启动的进程并封禁其连接的地址；追查写入该任务的账户与入侵入口。",
			Attack:        []string{"T1053.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         cronReads,
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, f := range persistenceSystemCrontabs(c) {
					if persistenceSkipOwned(c, f.Name) {
						continue
					}
					text, err := persistenceText(c, f.Name)
					if err != nil {
						continue
					}
					entries, env := persistenceParseCron(text, true)
					for _, l := range persistenceEnvPreload(env) {
						persistenceReport(c, finding.High, "The crontab sets LD_PRELOAD for every job.", "该 crontab 为所有任务设置了 LD_PRELOAD。", persistenceEv(f.Name, l.N, l.Text))
					}
					for _, e := range entries {
						if e.Special == "@reboot" {
							continue // persistence.cron_reboot
						}
						v := j.Judge(e.Command)
						persistenceReportVerdict(c, v, persistenceKindAll, finding.Medium,
							fmt.Sprintf("Entry run as %s (%s)", e.User, e.Schedule), fmt.Sprintf("以 %s 身份运行的任务（%s）", e.User, e.Schedule),
							persistenceEv(f.Name, e.Line, e.Raw))
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.cron_reboot", Family: "persistence",
			Title:         "@reboot cron entry running an unowned or untrusted program",
			TitleZh:       "@reboot 计划任务在开机时运行不属于软件包或不可信的程序",
			Description:   "A system or user crontab runs a command at every boot (@reboot) and the program it starts belongs to no package, sits in a temporary or hidden directory, or the command downloads or decodes code. Intruders use @reboot to restart their implant after a reboot.",
			DescriptionZh: "系统或用户 crontab 中存在开机执行（@reboot）的任务，其启动的程序不属于任何软件包、位于临时或隐藏目录，或命令会下载、解码代码。入侵者常用 @reboot 在重启后拉起植入程序。",
			Verify:        "Identify the program, its owner and times; compare with what the administrators installed; look for the process it starts in the process list.",
			VerifyZh:      "确认该程序的来源、属主与时间，与管理员安装记录比对；在进程列表中查找其启动的进程。",
			Advice:        "Preserve and remove the entry and the program if they are not the administrators'; kill the process; look for the other persistence the intruder set up.",
			AdviceZh:      "如非管理员所设，保全后删除该任务和程序，结束相关进程，并排查入侵者设置的其他持久化方式。",
			Attack:        []string{"T1053.003", "T1037"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         append(append([]string{}, cronReads...), userReads...),
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				files := append(persistenceSystemCrontabs(c), persistenceUserCrontabs(c)...)
				for _, f := range files {
					if persistenceSkipOwned(c, f.Name) {
						continue
					}
					text, err := persistenceText(c, f.Name)
					if err != nil {
						continue
					}
					entries, _ := persistenceParseCron(text, f.System)
					for _, e := range entries {
						if e.Special != "@reboot" {
							continue
						}
						v := j.Judge(e.Command)
						sev := v.Max(persistenceKindAll)
						if sev == finding.Low {
							sev = finding.Medium // an unowned program started at every boot
						}
						if sev < finding.Medium {
							continue
						}
						en, zh := v.Text(persistenceKindAll, finding.Low)
						persistenceReport(c, sev, "Runs at every boot: "+en+".", "每次开机运行："+zh+"。", persistenceEv(f.Name, e.Line, e.Raw))
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.cron_file_recent", Family: "persistence",
			Title:         "Crontab not shipped by a package changed recently",
			TitleZh:       "近期被修改的非软件包 crontab 文件",
			Description:   "A crontab or cron script that no package ships unchanged was modified in the last seven days. This is an observation for the timeline: compare it with the intrusion window.",
			DescriptionZh: "不属于软件包（或已被修改）的 crontab 或 cron 脚本在最近七天内被修改。此为时间线参考信息，请与入侵时间段比对。",
			Verify:        "Compare the change time with the intrusion window and ask the administrators whether they changed it.",
			VerifyZh:      "将修改时间与入侵时间段比对，并向管理员确认是否为其修改。",
			Advice:        "Review the content; if nobody on the team made the change, treat it as an intruder's job.",
			AdviceZh:      "审阅文件内容；若团队无人修改，应按入侵者设置的任务处理。",
			Attack:        []string{"T1053.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.Low,
			Reads:         []string{"/etc/crontab", "/etc/cron.d/*", "/etc/cron.{hourly,daily,weekly,monthly}/*", "/var/spool/cron/**"},
			Run: func(c *Context) error {
				names := persistenceFiles(c, "etc/crontab", "etc/cron.d/*", "etc/cron.hourly/*", "etc/cron.daily/*", "etc/cron.weekly/*", "etc/cron.monthly/*", "etc/cron.yearly/*", "etc/anacrontab")
				for _, f := range persistenceUserCrontabs(c) {
					names = append(names, f.Name)
				}
				for _, n := range names {
					if persistenceSkipOwned(c, n) {
						continue
					}
					t := persistenceChanged(c, n)
					if !persistenceRecent(c, t, 7*24*time.Hour) {
						continue
					}
					tt := t
					c.Report(Hit{
						Detail:   fmt.Sprintf("Changed %s.", t.UTC().Format(time.RFC3339)),
						DetailZh: fmt.Sprintf("修改时间 %s。", t.UTC().Format(time.RFC3339)),
						Evidence: []finding.Evidence{{Path: "/" + n}}, Time: &tt,
					})
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.cron_file_modified", Family: "persistence",
			Title:         "Package crontab changed",
			TitleZh:       "软件包提供的 crontab 文件被修改",
			Description:   "A cron file that a package ships (not as a configuration file) has content different from the package: someone added or changed a job in a file administrators do not normally edit.",
			DescriptionZh: "软件包提供的 cron 文件（非配置文件）内容与软件包不一致：有人在管理员通常不会编辑的文件中增加或修改了任务。",
			Verify:        "Compare the file with the package's copy (apt download PKG; dpkg -x) and read the changed lines.",
			VerifyZh:      "与软件包中的原始文件比对（apt download 包名；dpkg -x 解包），查看改动的行。",
			Advice:        "Restore the package's file (apt install --reinstall PKG) after preserving the changed one.",
			AdviceZh:      "保全被改文件后，重新安装软件包恢复原文件（apt install --reinstall 包名）。",
			Attack:        []string{"T1053.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         cronReads,
			Run: func(c *Context) error {
				for _, f := range persistenceSystemCrontabs(c) {
					pkg, o := c.Owned(f.Name)
					if o != Modified {
						continue
					}
					en, zh := persistenceOwnText(pkg, o)
					persistenceReport(c, finding.Medium, "The file "+en+".", "该文件"+zh+"。", finding.Evidence{Path: "/" + f.Name})
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.cron_user_exec", Family: "persistence",
			Title:         "User crontab entry that downloads, decodes or runs untrusted code",
			TitleZh:       "用户计划任务执行下载、解码或不可信程序",
			Description:   "A user's crontab (var/spool/cron/crontabs/USER or var/spool/cron/USER) runs a command that downloads and executes code, decodes a payload, opens a reverse shell, or runs a program from a temporary or hidden directory or an untrusted program. This is the most common persistence of mining and botnet malware.",
			DescriptionZh: "用户 crontab（var/spool/cron/crontabs/用户 或 var/spool/cron/用户）中的任务执行下载并运行代码、解码载荷、反弹 Shell，或运行临时目录、隐藏目录中的程序或不可信程序。这是挖矿与僵尸网络木马最常见的持久化方式。",
			Verify:        "crontab -l -u USER shows the same entry; check the spool file's times, the cron log for its runs and the processes it started.",
			VerifyZh:      "使用 crontab -l -u 用户 确认该任务；核对 spool 文件时间、cron 日志中的执行记录以及其启动的进程。",
			Advice:        "Preserve the crontab, then remove the entry (crontab -e -u USER) and make the file immutable only after cleaning; kill the processes, remove the payload, and find how the account was used.",
			AdviceZh:      "保全该 crontab 后删除任务（crontab -e -u 用户）；结束相关进程、清除载荷，并追查该账户被利用的方式。",
			Attack:        []string{"T1053.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         userReads,
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, f := range persistenceUserCrontabs(c) {
					text, err := persistenceText(c, f.Name)
					if err != nil {
						continue
					}
					entries, env := persistenceParseCron(text, false)
					for _, l := range persistenceEnvPreload(env) {
						persistenceReport(c, finding.High, "The crontab of "+f.Owner+" sets LD_PRELOAD.", f.Owner+" 的 crontab 设置了 LD_PRELOAD。", persistenceEv(f.Name, l.N, l.Text))
					}
					for _, e := range entries {
						if e.Special == "@reboot" {
							continue
						}
						persistenceReportVerdict(c, j.Judge(e.Command), persistenceKindAll, finding.Medium,
							fmt.Sprintf("Entry of %s (%s)", f.Owner, e.Schedule), fmt.Sprintf("%s 的任务（%s）", f.Owner, e.Schedule),
							persistenceEv(f.Name, e.Line, e.Raw))
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.cron_user_privileged", Family: "persistence",
			Title:         "Crontab of root, a system account or an unknown account",
			TitleZh:       "root、系统账户或不存在账户的用户 crontab",
			Description:   "A per-user crontab exists for root, for a system account (a service account such as www-data or mysql, below UID_MIN) or for a name that is not an account. Service accounts have no reason to schedule jobs; a web shell running as www-data often adds one.",
			DescriptionZh: "root、系统账户（UID 小于 UID_MIN 的服务账户，如 www-data、mysql）或不存在的账户拥有用户 crontab。服务账户通常无需计划任务，以 www-data 身份运行的 WebShell 常借此持久化。",
			Verify:        "List the entries (crontab -l -u USER), ask the administrators whether they are theirs, and check the file's times.",
			VerifyZh:      "列出任务（crontab -l -u 用户），向管理员确认是否为其设置，并核对文件时间。",
			Advice:        "Remove entries nobody owns; restrict cron to named users with /etc/cron.allow.",
			AdviceZh:      "删除无人认领的任务；通过 /etc/cron.allow 仅允许指定用户使用 cron。",
			Attack:        []string{"T1053.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         userReads,
			Run: func(c *Context) error {
				accts, _ := c.Accounts()
				uidMin := persistenceUIDMin(c)
				for _, f := range persistenceUserCrontabs(c) {
					text, err := persistenceText(c, f.Name)
					if err != nil {
						continue
					}
					entries, _ := persistenceParseCron(text, false)
					if len(entries) == 0 {
						continue
					}
					uid, known := -1, false
					for _, a := range accts {
						if a.Name == f.Owner {
							uid, known = a.UID, true
							break
						}
					}
					var en, zh string
					switch {
					case !known && len(accts) > 0:
						en, zh = "Crontab of "+f.Owner+", which is not an account in /etc/passwd.", f.Owner+" 的 crontab，但 /etc/passwd 中没有该账户。"
					case known && uid == 0:
						en, zh = "Crontab of "+f.Owner+" (UID 0).", f.Owner+"（UID 0）的 crontab。"
					case known && uid < uidMin:
						en, zh = fmt.Sprintf("Crontab of system account %s (UID %d).", f.Owner, uid), fmt.Sprintf("系统账户 %s（UID %d）的 crontab。", f.Owner, uid)
					default:
						continue
					}
					var ev []finding.Evidence
					for i, e := range entries {
						if i == 20 {
							break
						}
						ev = append(ev, persistenceEv(f.Name, e.Line, e.Raw))
					}
					persistenceReport(c, finding.Medium, en, zh, ev...)
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.cron_periodic_script", Family: "persistence",
			Title:         "cron.hourly/daily/weekly/monthly script not shipped by a package or changed",
			TitleZh:       "cron.hourly/daily/weekly/monthly 中非软件包或被篡改的脚本",
			Description:   "A script in /etc/cron.hourly, cron.daily, cron.weekly or cron.monthly is not shipped by a package, or a package's script there was changed. run-parts runs these as root; intruders drop or edit them to be started again periodically.",
			DescriptionZh: "/etc/cron.hourly、cron.daily、cron.weekly 或 cron.monthly 中存在不属于任何软件包的脚本，或软件包脚本被修改。这些脚本由 run-parts 以 root 身份周期执行，入侵者常借此定期拉起程序。",
			Verify:        "Read the script, check its times, and for a package script compare it with the package's copy.",
			VerifyZh:      "阅读脚本内容、核对文件时间；对软件包脚本与原始文件比对。",
			Advice:        "Preserve and remove a script nobody installed; reinstall the package of a changed script.",
			AdviceZh:      "保全后删除无人安装的脚本；对被修改的软件包脚本重新安装对应软件包。",
			Attack:        []string{"T1053.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/cron.hourly/*", "/etc/cron.daily/*", "/etc/cron.weekly/*", "/etc/cron.monthly/*"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, n := range persistenceFiles(c, "etc/cron.hourly/*", "etc/cron.daily/*", "etc/cron.weekly/*", "etc/cron.monthly/*", "etc/cron.yearly/*") {
					pkg, o := c.Owned(n)
					if o == Pristine {
						continue
					}
					oen, ozh := persistenceOwnText(pkg, o)
					if o == Modified {
						persistenceReport(c, finding.High, "The script "+oen+".", "该脚本"+ozh+"。", finding.Evidence{Path: "/" + n})
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					v := j.Judge(text)
					if persistenceReportVerdict(c, v, persistenceKindAll, finding.Medium, "The script ("+oen+")", "该脚本（"+ozh+"）", finding.Evidence{Path: "/" + n, Excerpt: Excerpt(text, 200)}) {
						continue
					}
					if o == Unowned {
						persistenceReport(c, finding.Low, "A periodic script "+oen+"; its content shows nothing suspicious.", "周期执行脚本"+ozh+"，内容未见可疑之处。", finding.Evidence{Path: "/" + n, Excerpt: Excerpt(text, 200)})
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.anacron_entry", Family: "persistence",
			Title:         "anacrontab entry running untrusted code",
			TitleZh:       "anacrontab 任务执行不可信代码",
			Description:   "An entry of /etc/anacrontab runs a command that downloads or decodes code or runs an untrusted program. anacron runs its jobs as root after boot and periodically.",
			DescriptionZh: "/etc/anacrontab 中的任务执行了下载、解码代码或不可信程序。anacron 以 root 身份在开机后和周期性执行这些任务。",
			Verify:        "Read the entry against the distribution's default (run-parts of cron.daily/weekly/monthly) and check the file's times.",
			VerifyZh:      "将该任务与发行版默认内容（run-parts 执行 cron.daily/weekly/monthly）比对，并核对文件时间。",
			Advice:        "Restore the default anacrontab after preserving it; remove the program it ran.",
			AdviceZh:      "保全后恢复默认 anacrontab，并清除其运行的程序。",
			Attack:        []string{"T1053.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/anacrontab"},
			Run: func(c *Context) error {
				const name = "etc/anacrontab"
				if persistenceSkipOwned(c, name) {
					return nil
				}
				text, err := persistenceText(c, name)
				if err != nil {
					return nil
				}
				j := newPersistenceJudger(c)
				for _, l := range persistenceLines(text, false) {
					t := strings.TrimSpace(l.Text)
					if t == "" || strings.HasPrefix(t, "#") || persistenceEnvLineRe.MatchString(t) {
						continue
					}
					f, rest := persistenceCutFields(t, 3)
					if len(f) < 3 || rest == "" {
						continue
					}
					persistenceReportVerdict(c, j.Judge(rest), persistenceKindAll, finding.Medium, "anacron job "+f[2], "anacron 任务 "+f[2], persistenceEv(name, l.N, t))
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.at_job", Family: "persistence",
			Title:         "Pending at job",
			TitleZh:       "存在待执行的 at 任务",
			Description:   "A job is queued for at (var/spool/cron/atjobs or var/spool/at). at jobs are rare on servers and run once at a set time; intruders use them to run code later or to re-queue themselves. Jobs that download, decode or run untrusted programs are reported as high.",
			DescriptionZh: "at 队列中存在待执行任务（var/spool/cron/atjobs 或 var/spool/at）。服务器上很少使用 at，它在指定时间执行一次，入侵者借此延时执行或反复自我排队。下载、解码或运行不可信程序的任务按高危报告。",
			Verify:        "atq and at -c JOB show the job; the file's first lines name the user (# atrun uid=).",
			VerifyZh:      "使用 atq 与 at -c 任务号查看；文件开头的 # atrun uid= 标明提交用户。",
			Advice:        "Remove jobs nobody queued (atrm JOB) after preserving the spool file; restrict at with /etc/at.allow.",
			AdviceZh:      "保全 spool 文件后删除无人提交的任务（atrm 任务号）；通过 /etc/at.allow 限制 at 的使用。",
			Attack:        []string{"T1053.002"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/var/spool/cron/atjobs/*", "/var/spool/at/*"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, n := range persistenceFiles(c, "var/spool/cron/atjobs/*", "var/spool/at/*") {
					if strings.HasPrefix(path.Base(n), ".") || !persistenceRegular(c, n) {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					body, first, who := persistenceAtBody(text)
					if strings.TrimSpace(body) == "" {
						continue
					}
					v := j.Judge(body)
					sev := v.Max(persistenceKindAll)
					en, zh := v.Text(persistenceKindAll, finding.Medium)
					if sev < finding.Medium {
						sev, en, zh = finding.Medium, "no suspicious content recognised", "未识别到可疑内容"
					}
					persistenceReport(c, sev, "at job"+who+": "+en+".", "at 任务"+who+"："+zh+"。", persistenceEv(n, first.N, first.Text))
				}
				return nil
			},
		},
	)
}

// persistenceAtBody returns the commands of an at job file without the
// environment preamble at writes, the first command line, and the user
// (" (uid=N)").
func persistenceAtBody(text string) (string, persistenceLine, string) {
	var b strings.Builder
	var first persistenceLine
	who := ""
	lines := persistenceLines(text, false)
	inCd := false
	for _, l := range lines {
		t := strings.TrimSpace(l.Text)
		switch {
		case strings.HasPrefix(t, "# atrun "):
			if i := strings.Index(t, "uid="); i >= 0 {
				who = " (" + strings.Fields(t[i:])[0] + ")"
			}
			continue
		case t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "umask "):
			continue
		case persistenceEnvLineRe.MatchString(t) && strings.Contains(t, "; export "):
			continue
		case strings.HasPrefix(t, "cd ") && strings.HasSuffix(t, "|| {"):
			inCd = true
			continue
		case inCd:
			if t == "}" {
				inCd = false
			}
			continue
		case strings.HasPrefix(t, "${SHELL:-/bin/sh} << ") || strings.HasPrefix(t, "marcinDELIMITER"):
			continue
		}
		if first.N == 0 {
			first = persistenceLine{N: l.N, Text: t}
		}
		b.WriteString(t)
		b.WriteByte('\n')
	}
	return b.String(), first, who
}
