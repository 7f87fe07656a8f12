package check

// Persistence by shell start-up files: /etc/profile, profile.d, bash.bashrc
// and every home's .bashrc, .bash_profile, .profile, .zshrc and friends
// (PROMPT_COMMAND, alias and function hijacks of common commands, traps,
// LD_PRELOAD exports, download-and-run lines, programs run from temporary or
// hidden places), and /etc/environment style files setting LD_PRELOAD.

import (
	"path"
	"regexp"
	"strings"

	"github.com/yingji/yingji/internal/finding"
)

var (
	persistenceGlobalShellFiles = []string{"etc/profile", "etc/bash.bashrc", "etc/bashrc", "etc/profile.d/*", "etc/zsh/zshrc", "etc/zsh/zprofile",
		"etc/zsh/zshenv", "etc/zsh/zlogin", "etc/zshrc", "etc/zprofile", "etc/zshenv", "etc/zlogin", "etc/bash.bash_logout", "etc/csh.cshrc", "etc/csh.login", "etc/ksh.kshrc", "etc/mkshrc"}
	persistenceHomeShellFiles = []string{".bashrc", ".bash_profile", ".bash_login", ".profile", ".bash_logout", ".zshrc", ".zprofile", ".zshenv", ".zlogin",
		".kshrc", ".mkshrc", ".cshrc", ".tcshrc", ".login", ".bash_aliases", ".config/fish/config.fish"}
	persistenceShellReads = []string{"/etc/profile", "/etc/profile.d/*", "/etc/bash.bashrc", "/etc/bashrc", "/etc/zsh/*", "~/.bashrc", "~/.bash_profile", "~/.profile", "~/.zshrc"}

	// Commands whose hijack captures credentials.
	persistenceCredCmds = map[string]bool{"sudo": true, "su": true, "ssh": true, "scp": true, "sftp": true, "passwd": true, "login": true,
		"mysql": true, "psql": true, "ftp": true, "kinit": true, "doas": true, "pkexec": true}
	// Commands a responder uses to inspect a host; their hijack hides things.
	persistenceInspectCmds = map[string]bool{"ls": true, "ps": true, "netstat": true, "ss": true, "top": true, "htop": true, "lsof": true,
		"find": true, "kill": true, "who": true, "w": true, "last": true, "lastb": true, "lastlog": true, "cat": true, "crontab": true,
		"systemctl": true, "id": true, "whoami": true, "mount": true, "ip": true, "ifconfig": true, "grep": true, "history": true,
		"chattr": true, "lsattr": true, "rm": true, "cp": true, "mv": true, "dir": true, "du": true, "df": true, "pstree": true,
		"pgrep": true, "pkill": true, "iptables": true, "nft": true, "journalctl": true, "strace": true, "ldd": true, "stat": true,
		"file": true, "md5sum": true, "sha256sum": true, "sha1sum": true, "rpm": true, "dpkg": true, "apt": true, "apt-get": true,
		"yum": true, "dnf": true, "unalias": true, "alias": true, "command": true, "type": true, "which": true, "bash": true, "sh": true,
		"cd": true, "sudoedit": true, "chkconfig": true, "service": true, "uptime": true, "free": true, "docker": true, "kubectl": true}
	// Programs that talk to the network.
	persistenceNetTools = map[string]bool{"curl": true, "wget": true, "nc": true, "ncat": true, "netcat": true, "socat": true, "ssh": true,
		"scp": true, "telnet": true, "nslookup": true, "dig": true, "host": true, "ftp": true, "tftp": true, "rsync": true, "openssl": true}

	persistencePromptRe  = regexp.MustCompile(`(?:^|[\s;&|(])(?:export\s+|declare\s+(?:-\w+\s+)*|typeset\s+(?:-\w+\s+)*|readonly\s+)?PROMPT_COMMAND(?:\[[^\]]*\])?\+?=`)
	persistenceFuncRe    = regexp.MustCompile(`(?m)^[ \t]*(?:function[ \t]+([A-Za-z_][\w.-]*)[ \t]*(?:\([ \t]*\))?|([A-Za-z_][\w.-]*)[ \t]*\([ \t]*\))[ \t]*(?:\n[ \t]*)?\{`)
	persistenceReadSRe   = regexp.MustCompile(`\bread\b[^\n;|&]*\s-[a-zA-Z]*s|\bstty\s+-echo\b`)
	persistenceWriteRe   = regexp.MustCompile(`>>?\s*\S|\btee\b|\blogger\b|\bmail\b`)
	persistenceFilterRe  = regexp.MustCompile(`\b(e|f)?grep\b[^|;&]*\s-[a-zA-Z]*v|\bgrep\s+--invert|\bsed\b[^|;&]*/d\b|\bawk\b[^|;&]*!/`)
	persistenceLDKeysRe  = regexp.MustCompile(`^(LD_PRELOAD|LD_AUDIT|LD_LIBRARY_PATH)=`)
	persistenceSetenvRe  = regexp.MustCompile(`\bsetenv\s+(LD_PRELOAD|LD_AUDIT|LD_LIBRARY_PATH)\s+(\S+)`)
	persistenceClaimedRe = regexp.MustCompile(`(^|[\s;&|(])(alias|trap)\s|PROMPT_COMMAND|LD_PRELOAD|LD_AUDIT`)
)

// persistenceShellFile is one start-up file to judge.
type persistenceShellFile struct {
	Name string
	Text string
}

// persistenceShellFiles returns the start-up files that are not shipped
// unchanged by a package.
func persistenceShellFiles(c *Context) []persistenceShellFile {
	pats := append([]string{}, persistenceGlobalShellFiles...)
	for _, h := range c.Homes() {
		for _, f := range persistenceHomeShellFiles {
			pats = append(pats, h.Dir+"/"+f)
		}
	}
	var out []persistenceShellFile
	for _, n := range persistenceFiles(c, pats...) {
		if !persistenceRegular(c, n) || persistenceSkipOwned(c, n) {
			continue
		}
		text, err := persistenceText(c, n)
		if err != nil {
			continue
		}
		out = append(out, persistenceShellFile{Name: n, Text: text})
	}
	return out
}

// persistenceFirstProgram returns the program word of a simple command,
// past assignments and transparent prefixes.
func persistenceFirstProgram(words []string) (string, int) {
	for i, w := range words {
		if persistenceAssignRe.MatchString(w) {
			continue
		}
		switch w {
		case "command", "builtin", "nocorrect", "noglob", "exec", "time", "env", "-":
			continue
		}
		return w, i
	}
	return "", -1
}

// persistenceUsesNet reports an exec of a network tool.
func persistenceUsesNet(code string) string {
	for _, e := range persistenceExecs(code, 0) {
		if persistenceNetTools[path.Base(e.Word)] {
			return e.Word
		}
	}
	return ""
}

// persistenceLibClass classifies one library path of a preload list:
// "temp", "hidden", "var", "missing", "unowned", "modified", "owned" or
// "unknown" (no package database).
func persistenceLibClass(c *Context, lib string) string {
	switch {
	case strings.ContainsAny(lib, "$`"):
		return "var"
	case InTempDir(lib):
		return "temp"
	case HiddenPath(lib):
		return "hidden"
	}
	name := strings.TrimPrefix(path.Clean("/"+lib), "/")
	if !strings.HasPrefix(lib, "/") {
		return "var" // a bare name is searched in the library path
	}
	if !c.Exists(name) {
		return "missing"
	}
	_, o := c.Owned(name)
	switch o {
	case Unowned:
		return "unowned"
	case Modified:
		return "modified"
	case Pristine, Edited:
		return "owned"
	}
	return "unknown"
}

var persistenceLibClassText = map[string][2]string{
	"temp":     {"in a temporary directory", "位于临时目录"},
	"hidden":   {"in a hidden directory", "位于隐藏目录"},
	"var":      {"named through a variable or search path", "通过变量或搜索路径指定"},
	"missing":  {"missing (removed after use?)", "文件不存在（可能用后已删除）"},
	"unowned":  {"not owned by any package", "不属于任何软件包"},
	"modified": {"a package library whose content was changed", "内容被篡改的软件包库"},
	"owned":    {"shipped by a package", "由软件包提供"},
	"unknown":  {"of unknown ownership", "归属未知"},
}

// persistencePreloadJudge judges a preload list: Critical for a library in
// a temporary or hidden place, unowned or modified, else base.
func persistencePreloadJudge(c *Context, list string, base finding.Severity) (finding.Severity, string, string) {
	sev := finding.Info
	var en, zh []string
	for _, lib := range strings.FieldsFunc(list, func(r rune) bool { return r == ':' || r == ' ' || r == '\t' }) {
		cl := persistenceLibClass(c, lib)
		s := base
		switch cl {
		case "temp", "hidden", "unowned", "modified":
			s = finding.Critical
		}
		sev = max(sev, s)
		en = append(en, lib+" ("+persistenceLibClassText[cl][0]+")")
		zh = append(zh, lib+"（"+persistenceLibClassText[cl][1]+"）")
	}
	return sev, strings.Join(en, ", "), strings.Join(zh, "，")
}

// persistenceLDAssignments finds LD_PRELOAD, LD_AUDIT and LD_LIBRARY_PATH
// set in a shell line.
func persistenceLDAssignments(line string) [][2]string {
	var out [][2]string
	if !strings.Contains(line, "LD_") {
		return nil
	}
	for _, cmd := range persistenceSplitShell(line, 0) {
		for _, w := range cmd.Words {
			if m := persistenceLDKeysRe.FindStringSubmatch(w); m != nil {
				out = append(out, [2]string{m[1], strings.TrimPrefix(w, m[0])})
			}
		}
	}
	for _, m := range persistenceSetenvRe.FindAllStringSubmatch(line, -1) {
		out = append(out, [2]string{m[1], strings.Trim(m[2], `"'`)})
	}
	return out
}

// persistenceReportLD reports LD_* settings; LD_PRELOAD and LD_AUDIT are
// judged as preloads, LD_LIBRARY_PATH only when it names a temporary or
// hidden directory.
func persistenceReportLD(c *Context, name string, line int, text string, sets [][2]string) {
	for _, s := range sets {
		if strings.TrimSpace(s[1]) == "" {
			continue
		}
		if s[0] == "LD_LIBRARY_PATH" {
			for _, d := range strings.Split(s[1], ":") {
				if InTempDir(d+"/") || (HiddenPath(d) && !strings.Contains(d, "$")) {
					persistenceReport(c, finding.High, "LD_LIBRARY_PATH includes "+d+", a temporary or hidden directory, ahead of the system libraries.",
						"LD_LIBRARY_PATH 包含临时或隐藏目录 "+d+"，其优先级高于系统库。", persistenceEv(name, line, text))
					break
				}
			}
			continue
		}
		sev, en, zh := persistencePreloadJudge(c, s[1], finding.High)
		persistenceReport(c, sev, s[0]+" loads "+en+" into every program started from here.", s[0]+" 将 "+zh+" 注入此后启动的每个程序。", persistenceEv(name, line, text))
	}
}

func init() {
	Register(
		&Check{
			ID: "persistence.shell_prompt_command", Family: "persistence",
			Title:         "PROMPT_COMMAND runs a program at every prompt",
			TitleZh:       "PROMPT_COMMAND 在每次显示提示符时执行程序",
			Description:   "A shell start-up file sets PROMPT_COMMAND to something that runs untrusted code (a temporary or hidden path, a download, an unowned program) or sends data over the network; bash runs it before every prompt, which keeps an implant alive or leaks every command typed. Keeping history (history -a) or logging to syslog is not reported.",
			DescriptionZh: "Shell 启动文件将 PROMPT_COMMAND 设置为运行不可信代码（临时或隐藏路径、下载执行、不属于软件包的程序）或向网络发送数据；bash 会在每次显示提示符前执行它，可借此保活植入程序或泄露用户输入的每条命令。保存历史（history -a）或写入 syslog 的设置不报告。",
			Verify:        "Read the line in the file; echo $PROMPT_COMMAND in a fresh login shell of that user.",
			VerifyZh:      "查看文件中的该行；以该用户新开登录 Shell 执行 echo $PROMPT_COMMAND 确认。",
			Advice:        "Remove the line, then look for the program it ran and where it sent data.",
			AdviceZh:      "删除该行，并排查其运行的程序以及数据发送目标。",
			Attack:        []string{"T1546.004"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         persistenceShellReads,
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, f := range persistenceShellFiles(c) {
					for _, l := range persistenceLines(f.Text, true) {
						loc := persistencePromptRe.FindStringIndex(l.Text)
						if loc == nil {
							continue
						}
						words := persistenceSplitShell(l.Text[loc[0]:], 0)
						val := ""
						for _, cmd := range words {
							for _, w := range cmd.Words {
								if i := strings.Index(w, "PROMPT_COMMAND"); i >= 0 {
									if _, v, ok := strings.Cut(w[i:], "="); ok {
										val = v
									}
								}
							}
							if val != "" {
								break
							}
						}
						if val == "" {
							// PROMPT_COMMAND+=("...") arrays: judge the rest of the line.
							val = l.Text[loc[1]:]
						}
						v := j.Judge(val)
						if n := persistenceUsesNet(val); n != "" {
							v.add(finding.High, persistenceKindText, "sends data over the network at every prompt", "每次提示符都会向网络发送数据", n)
						}
						persistenceReportVerdict(c, v, persistenceKindAll, finding.Medium, "PROMPT_COMMAND", "PROMPT_COMMAND", persistenceEv(f.Name, l.N, l.Text))
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.shell_alias_hijack", Family: "persistence",
			Title:         "Alias hijacks a common command",
			TitleZh:       "alias 劫持常用命令",
			Description:   "A shell start-up file aliases a command that people type with credentials (sudo, su, ssh, passwd) or that responders use to inspect the host (ls, ps, netstat, ss, lsof...) to a different program, a chain of commands, or a filter that hides lines of its output. Aliases that only add options (alias ls='ls --color=auto', alias rm='rm -i') or define new names (alias ll='ls -alF') are not reported.",
			DescriptionZh: "Shell 启动文件将涉及凭据的命令（sudo、su、ssh、passwd）或应急人员排查用的命令（ls、ps、netstat、ss、lsof 等）别名为其他程序、命令串，或过滤掉部分输出的管道。仅添加选项的别名（alias ls='ls --color=auto'、alias rm='rm -i'）或定义新名称的别名（alias ll='ls -alF'）不报告。",
			Verify:        "Run alias NAME (or type NAME) in a login shell of that user; read the program the alias runs.",
			VerifyZh:      "以该用户登录 Shell 执行 alias 名称（或 type 名称）确认；查看别名运行的程序。",
			Advice:        "Remove the alias; if it wrapped sudo, su, ssh or passwd, assume the passwords typed since were captured and change them.",
			AdviceZh:      "删除该别名；若其包装了 sudo、su、ssh 或 passwd，应假定此后输入的密码已被窃取并全部更换。",
			Attack:        []string{"T1546.004", "T1056"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         persistenceShellReads,
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, f := range persistenceShellFiles(c) {
					for _, l := range persistenceLines(f.Text, true) {
						if !strings.Contains(l.Text, "alias") {
							continue
						}
						for _, cmd := range persistenceSplitShell(l.Text, 0) {
							if len(cmd.Words) < 2 || cmd.Words[0] != "alias" {
								continue
							}
							for _, w := range cmd.Words[1:] {
								name, val, ok := strings.Cut(w, "=")
								if !ok || !(persistenceCredCmds[name] || persistenceInspectCmds[name]) {
									continue
								}
								persistenceJudgeAlias(c, j, f.Name, l, name, val)
							}
						}
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.shell_trap", Family: "persistence",
			Title:         "Shell trap runs a program (DEBUG, EXIT, signals)",
			TitleZh:       "Shell trap 在 DEBUG、EXIT 或信号时执行程序",
			Description:   "A shell start-up file installs a trap whose action runs untrusted code or sends data over the network, or a DEBUG trap that runs an outside program before every command typed. Cleaning up a temporary file on EXIT is not reported.",
			DescriptionZh: "Shell 启动文件设置的 trap 会执行不可信代码或向网络发送数据，或设置了 DEBUG trap 在每条命令执行前运行外部程序。在 EXIT 时清理临时文件的 trap 不报告。",
			Verify:        "Run trap -p in a login shell of that user and read the program the trap runs.",
			VerifyZh:      "以该用户登录 Shell 执行 trap -p 确认，并查看 trap 运行的程序。",
			Advice:        "Remove the trap line and the program it runs.",
			AdviceZh:      "删除该 trap 行及其运行的程序。",
			Attack:        []string{"T1546.005", "T1546.004"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         persistenceShellReads,
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, f := range persistenceShellFiles(c) {
					for _, l := range persistenceLines(f.Text, true) {
						if !strings.Contains(l.Text, "trap") {
							continue
						}
						for _, cmd := range persistenceSplitShell(l.Text, 0) {
							ws := cmd.Words
							if len(ws) < 3 || ws[0] != "trap" {
								continue
							}
							ws = ws[1:]
							if ws[0] == "--" {
								ws = ws[1:]
							}
							if len(ws) < 2 || ws[0] == "-" || strings.TrimSpace(ws[0]) == "" || strings.HasPrefix(ws[0], "-") {
								continue
							}
							action, sigs := ws[0], strings.ToUpper(strings.Join(ws[1:], " "))
							v := j.Judge(action)
							if n := persistenceUsesNet(action); n != "" {
								v.add(finding.High, persistenceKindText, "sends data over the network", "向网络发送数据", n)
							}
							if strings.Contains(sigs, "DEBUG") && v.Max(persistenceKindAll) < finding.Medium {
								prog, _ := persistenceFirstProgram(strings.Fields(action))
								defined := prog != "" && regexp.MustCompile(`(?m)^\s*(function\s+)?`+regexp.QuoteMeta(prog)+`\s*(\(\s*\))?\s*\{?\s*$|(?m)^\s*(function\s+)?`+regexp.QuoteMeta(prog)+`\s*\(\s*\)`).MatchString(f.Text)
								switch {
								case defined || prog == "" || prog == "history" || prog == "echo" || prog == "printf" || prog == ":" || prog == "true" || prog == "logger":
								default:
									v.add(finding.Medium, persistenceKindPath, "DEBUG trap runs a program before every command", "DEBUG trap 在每条命令执行前运行程序", action)
								}
							}
							persistenceReportVerdict(c, v, persistenceKindAll, finding.Medium, "trap on "+sigs, "trap（"+sigs+"）", persistenceEv(f.Name, l.N, l.Text))
						}
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.shell_ld_preload", Family: "persistence",
			Title:         "Shell start-up file exports LD_PRELOAD",
			TitleZh:       "Shell 启动文件导出 LD_PRELOAD",
			Description:   "A shell start-up file sets LD_PRELOAD or LD_AUDIT (so a library is injected into every program of the session, the user-land rootkit technique), or puts a temporary or hidden directory in LD_LIBRARY_PATH. A library in a temporary or hidden place, unowned or changed, is critical.",
			DescriptionZh: "Shell 启动文件设置了 LD_PRELOAD 或 LD_AUDIT（向会话中每个程序注入库，即用户态 Rootkit 手法），或将临时、隐藏目录加入 LD_LIBRARY_PATH。库位于临时或隐藏目录、不属于软件包或被篡改时为严重。",
			Verify:        "Read the line; check the library (owner, times, hash, exported symbols such as readdir or getdents hooks).",
			VerifyZh:      "查看该行；检查该库的归属、时间、哈希及导出符号（如 readdir、getdents 等挂钩函数）。",
			Advice:        "Remove the line, quarantine the library, and check every process for the library in its maps.",
			AdviceZh:      "删除该行并隔离该库，检查所有进程的 maps 中是否加载了该库。",
			Attack:        []string{"T1574.006"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         persistenceShellReads,
			Run: func(c *Context) error {
				for _, f := range persistenceShellFiles(c) {
					for _, l := range persistenceLines(f.Text, true) {
						t := strings.TrimSpace(l.Text)
						if strings.HasPrefix(t, "#") {
							continue
						}
						persistenceReportLD(c, f.Name, l.N, t, persistenceLDAssignments(t))
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.shell_download_exec", Family: "persistence",
			Title:         "Shell start-up file downloads, decodes or opens a shell",
			TitleZh:       "Shell 启动文件下载执行、解码执行或反弹 Shell",
			Description:   "A line of a shell start-up file downloads and runs code, decodes and runs a payload, opens a network shell (/dev/tcp, nc -e, socat exec) or starts a miner, each time a user logs in or opens a shell.",
			DescriptionZh: "Shell 启动文件中的某行会在用户每次登录或打开 Shell 时下载并执行代码、解码执行载荷、建立网络 Shell（/dev/tcp、nc -e、socat exec）或启动挖矿程序。",
			Verify:        "Read the line and the file's times; look for the process and the connection it makes.",
			VerifyZh:      "查看该行及文件时间；排查其产生的进程与网络连接。",
			Advice:        "Remove the line (keep a copy), kill what it started, block the address, and find how the file was written.",
			AdviceZh:      "保留副本后删除该行，结束其启动的进程，封禁相关地址，并追查文件被写入的途径。",
			Attack:        []string{"T1546.004", "T1059.004"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         persistenceShellReads,
			Run: func(c *Context) error {
				for _, f := range persistenceShellFiles(c) {
					for _, l := range persistenceLines(f.Text, true) {
						t := strings.TrimSpace(l.Text)
						if t == "" || strings.HasPrefix(t, "#") || persistenceClaimedRe.MatchString(t) {
							continue
						}
						rs := StrongReasons(t)
						if len(rs) == 0 {
							continue
						}
						en, zh := JoinReasons(rs)
						persistenceReport(c, finding.High, en+".", zh+"。", persistenceEv(f.Name, l.N, t))
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.shell_runs_untrusted", Family: "persistence",
			Title:         "Shell start-up file runs a program from a temporary or hidden place",
			TitleZh:       "Shell 启动文件运行临时目录或隐藏目录中的程序",
			Description:   "A shell start-up file (root's .bashrc, /etc/profile.d...) runs a program from a temporary directory, from a hidden directory outside the homes, in the background from a hidden place, an unowned program from a system directory, a changed package program, or a script that itself downloads and runs code. Sourcing one's own tool environment (~/.cargo/env, ~/.nvm/nvm.sh) is not reported.",
			DescriptionZh: "Shell 启动文件（root 的 .bashrc、/etc/profile.d 等）运行临时目录中的程序、家目录以外隐藏目录中的程序、在后台运行隐藏路径中的程序、系统目录中不属于软件包的程序、被篡改的软件包程序，或本身会下载执行代码的脚本。加载用户自身工具环境（~/.cargo/env、~/.nvm/nvm.sh）不报告。",
			Verify:        "Read the line, then the program: owner, times, hash; see whether it is running.",
			VerifyZh:      "查看该行及其程序的属主、时间与哈希，确认其是否在运行。",
			Advice:        "Remove the line, kill the process and quarantine the program.",
			AdviceZh:      "删除该行，结束进程并隔离程序。",
			Attack:        []string{"T1546.004"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         persistenceShellReads,
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				j.Shell = true
				for _, f := range persistenceShellFiles(c) {
					for _, l := range persistenceLines(f.Text, true) {
						t := strings.TrimSpace(l.Text)
						if t == "" || strings.HasPrefix(t, "#") || persistenceClaimedRe.MatchString(t) {
							continue
						}
						persistenceReportVerdict(c, j.Judge(t), persistenceKindPath|persistenceKindOwner, finding.Medium, "Start-up line", "启动文件中的命令", persistenceEv(f.Name, l.N, t))
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.shell_function_override", Family: "persistence",
			Title:         "Shell function overrides sudo, su, ssh or an inspection command",
			TitleZh:       "Shell 函数覆盖 sudo、su、ssh 或排查命令",
			Description:   "A shell start-up file defines a function named like a credential command (sudo, su, ssh, passwd...), which runs instead of the real program and can read the password typed, or like an inspection command (ps, ls, netstat...) that filters its output or runs untrusted code. A function that reads a password silently and stores or sends it is critical.",
			DescriptionZh: "Shell 启动文件定义了与凭据命令同名的函数（sudo、su、ssh、passwd 等），它会代替真实程序运行并可读取输入的密码；或与排查命令同名的函数（ps、ls、netstat 等）过滤其输出或运行不可信代码。静默读取密码并保存或外发的函数为严重。",
			Verify:        "type NAME in a login shell of that user shows the function; read where it writes or sends what it reads.",
			VerifyZh:      "以该用户登录 Shell 执行 type 名称 查看函数；确认其读取的内容写入或发送到何处。",
			Advice:        "Remove the function; change every password typed into it since it appeared; look for the file it wrote to.",
			AdviceZh:      "删除该函数；更换其出现后输入过的所有密码；查找其写入的文件。",
			Attack:        []string{"T1546.004", "T1056"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         persistenceShellReads,
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, f := range persistenceShellFiles(c) {
					for _, m := range persistenceFuncRe.FindAllStringSubmatchIndex(f.Text, 256) {
						name := ""
						if m[2] >= 0 {
							name = f.Text[m[2]:m[3]]
						} else if m[4] >= 0 {
							name = f.Text[m[4]:m[5]]
						}
						if !persistenceCredCmds[name] && !persistenceInspectCmds[name] {
							continue
						}
						body := persistenceBraceBody(f.Text[m[1]-1:])
						line := strings.Count(f.Text[:m[0]], "\n") + 1
						ev := persistenceEv(f.Name, line, strings.TrimSpace(f.Text[m[0]:m[1]-1])+" "+body)
						v := j.Judge(body)
						net := persistenceUsesNet(body)
						filter := persistenceFilterRe.MatchString(body)
						var sev finding.Severity
						var en, zh string
						if persistenceCredCmds[name] {
							readS, write := persistenceReadSRe.MatchString(body), persistenceWriteRe.MatchString(body) || net != ""
							switch {
							case readS && write:
								sev, en, zh = finding.Critical, "reads a password without echo and stores or sends it", "静默读取密码并保存或外发"
							case readS || write || strings.Contains(body, "read ") || v.Max(persistenceKindAll) >= finding.High:
								sev, en, zh = finding.High, "reads input, writes or runs other code", "读取输入、写文件或运行其他代码"
							default:
								sev, en, zh = finding.Medium, "replaces the real command", "替换了真实命令"
							}
						} else {
							switch {
							case filter:
								sev, en, zh = finding.High, "filters lines out of its output", "过滤掉部分输出"
							case v.Max(persistenceKindContent) >= finding.High || net != "":
								sev, en, zh = finding.High, "runs untrusted code", "运行不可信代码"
							default:
								continue
							}
						}
						if ve, vz := v.Text(persistenceKindAll, finding.Medium); ve != "" {
							en, zh = en+"; "+ve, zh+"；"+vz
						}
						persistenceReport(c, sev, "Function "+name+"() "+en+".", "函数 "+name+"() "+zh+"。", ev)
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.environment_ld_preload", Family: "persistence",
			Title:         "/etc/environment or pam_env sets LD_PRELOAD",
			TitleZh:       "/etc/environment 或 pam_env 设置 LD_PRELOAD",
			Description:   "/etc/environment, /etc/security/pam_env.conf, environment.d or a user's ~/.pam_environment sets LD_PRELOAD or LD_AUDIT, so PAM injects the library into every login session (ssh, su, cron), or adds a temporary or hidden directory to LD_LIBRARY_PATH. A library in a temporary or hidden place, unowned or changed, is critical.",
			DescriptionZh: "/etc/environment、/etc/security/pam_env.conf、environment.d 或用户的 ~/.pam_environment 设置了 LD_PRELOAD 或 LD_AUDIT，PAM 会把该库注入每个登录会话（ssh、su、cron）；或将临时、隐藏目录加入 LD_LIBRARY_PATH。库位于临时或隐藏目录、不属于软件包或被篡改时为严重。",
			Verify:        "Read the line and check the library; grep the library's name in /proc/*/maps.",
			VerifyZh:      "查看该行并检查该库；在 /proc/*/maps 中搜索该库名。",
			Advice:        "Remove the setting, quarantine the library, and restart the sessions and services that loaded it.",
			AdviceZh:      "删除该设置并隔离该库，重启已加载该库的会话与服务。",
			Attack:        []string{"T1574.006"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/environment", "/etc/security/pam_env.conf", "/etc/environment.d/*.conf", "~/.pam_environment"},
			Run: func(c *Context) error {
				pats := []string{"etc/environment", "etc/security/pam_env.conf", "etc/environment.d/*.conf", "usr/lib/environment.d/*.conf", "etc/default/locale"}
				for _, h := range c.Homes() {
					pats = append(pats, h.Dir+"/.pam_environment", h.Dir+"/.config/environment.d/*.conf")
				}
				for _, n := range persistenceFiles(c, pats...) {
					if persistenceSkipOwned(c, n) {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					for _, l := range persistenceLines(text, true) {
						t := strings.TrimSpace(l.Text)
						if t == "" || strings.HasPrefix(t, "#") || !strings.Contains(t, "LD_") {
							continue
						}
						sets := persistenceLDAssignments(t)
						// pam_env.conf: "LD_PRELOAD DEFAULT=x OVERRIDE=y"
						if f := strings.Fields(t); len(sets) == 0 && len(f) >= 2 && (f[0] == "LD_PRELOAD" || f[0] == "LD_AUDIT" || f[0] == "LD_LIBRARY_PATH") {
							for _, kv := range f[1:] {
								if _, v, ok := strings.Cut(kv, "="); ok {
									sets = append(sets, [2]string{f[0], strings.Trim(v, `"'`)})
								}
							}
						}
						persistenceReportLD(c, n, l.N, t, sets)
					}
				}
				return nil
			},
		},
	)
}

// persistenceJudgeAlias judges one alias of a sensitive command.
func persistenceJudgeAlias(c *Context, j *persistenceJudger, file string, l persistenceLine, name, val string) {
	cmds := persistenceSplitShell(val, 0)
	if len(cmds) == 0 {
		return
	}
	prog, _ := persistenceFirstProgram(cmds[0].Words)
	same := path.Base(prog) == name
	multiple := len(cmds) > 1
	v := j.Judge(val)
	filter := persistenceFilterRe.MatchString(val)
	var sev finding.Severity
	var en, zh []string
	if v.Max(persistenceKindContent) >= finding.High {
		sev = finding.High
		e, z := v.Text(persistenceKindContent, finding.High)
		en, zh = append(en, e), append(zh, z)
	}
	if n := persistenceUsesNet(val); n != "" && name != n {
		sev = finding.High
		en, zh = append(en, "sends data over the network ("+n+")"), append(zh, "向网络发送数据（"+n+"）")
	}
	if filter && multiple {
		sev = finding.High
		en, zh = append(en, "filters lines out of the output of "+name), append(zh, "过滤 "+name+" 的部分输出")
	}
	switch {
	case persistenceCredCmds[name] && (!same || multiple):
		sev = max(sev, finding.High)
		en, zh = append(en, name+" is replaced by something else, which can capture the credentials typed"), append(zh, name+" 被替换为其他命令，可窃取输入的凭据")
	case !same:
		benign := false
		if !multiple {
			if n := j.resolveProgram(prog, ""); n != "" {
				_, o := c.Owned(n)
				benign = o == Pristine || o == Edited
			}
		}
		if !benign {
			sev = max(sev, finding.Medium)
			en, zh = append(en, name+" runs "+Excerpt(prog, 60)+" instead"), append(zh, name+" 实际运行 "+Excerpt(prog, 60))
		}
	case multiple:
		sev = max(sev, finding.Medium)
		en, zh = append(en, name+" also runs other commands"), append(zh, name+" 同时运行其他命令")
	}
	if sev < finding.Medium {
		return
	}
	persistenceReport(c, sev, "alias "+name+": "+strings.Join(en, "; ")+".", "alias "+name+"："+strings.Join(zh, "；")+"。", persistenceEv(file, l.N, l.Text))
}

// persistenceBraceBody returns the text from an opening brace to its
// matching closing brace (at most 8 KiB).
func persistenceBraceBody(s string) string {
	if len(s) > 8192 {
		s = s[:8192]
	}
	d := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			d++
		case '}':
			d--
			if d == 0 {
				return s[:i+1]
			}
		}
	}
	return s
}
