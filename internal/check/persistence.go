package check

// Persistence checks: every place where an intruder makes their code start
// again by itself (cron, at, systemd, init scripts, shell start-up files, the
// dynamic loader, kernel module hooks, udev, motd, Python .pth files, sshd,
// inetd, trusted CA certificates, static pods, package manager hooks and
// network hooks).
//
// This file holds what the persistence checks share: a small shell command
// reader that finds which programs a command line runs (through sudo, nohup,
// sh -c, interpreters and the like), and the judgement of those programs by
// content and ownership: a program in a temporary or hidden directory, a
// package program whose content changed, a program no package owns in a
// system directory, a script that downloads and runs code.

import (
	"io"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/finding"
)

// Kinds of issue the judgement finds, so that checks over the same entries
// can split the work (content versus ownership).
const (
	persistenceKindText  = 1 << iota // the text downloads, decodes, opens a shell
	persistenceKindPath              // it runs from a temporary or hidden path
	persistenceKindOwner             // it runs unowned or modified programs

	persistenceKindContent = persistenceKindText | persistenceKindPath
	persistenceKindAll     = persistenceKindContent | persistenceKindOwner
)

// persistenceIssue is one reason an entry is suspicious.
type persistenceIssue struct {
	Sev  finding.Severity
	Kind int
	Reason
}

// persistenceVerdict collects the issues of one entry.
type persistenceVerdict struct {
	Issues []persistenceIssue
}

func (v *persistenceVerdict) add(sev finding.Severity, kind int, en, zh, match string) {
	for i, is := range v.Issues {
		if is.En == en && is.Match == match {
			if sev > is.Sev {
				v.Issues[i].Sev = sev
			}
			return
		}
	}
	v.Issues = append(v.Issues, persistenceIssue{Sev: sev, Kind: kind, Reason: Reason{En: en, Zh: zh, Match: match}})
}

func (v *persistenceVerdict) merge(o persistenceVerdict, kinds int) {
	for _, is := range o.Issues {
		if is.Kind&kinds != 0 {
			v.add(is.Sev, is.Kind, is.En, is.Zh, is.Match)
		}
	}
}

// Max is the highest severity among issues of the given kinds (Info when
// there is none).
func (v *persistenceVerdict) Max(kinds int) finding.Severity {
	s := finding.Info
	for _, is := range v.Issues {
		if is.Kind&kinds != 0 && is.Sev > s {
			s = is.Sev
		}
	}
	return s
}

// Text formats the issues of the given kinds at or above min.
func (v *persistenceVerdict) Text(kinds int, min finding.Severity) (en, zh string) {
	var rs []Reason
	for _, is := range v.Issues {
		if is.Kind&kinds != 0 && is.Sev >= min {
			rs = append(rs, is.Reason)
		}
	}
	return JoinReasons(rs)
}

// persistenceJudger judges commands and programs for one running check.
type persistenceJudger struct {
	c     *Context
	homes []string // "/root/", "/home/alice/"
	init  bool
	// Shell start-up context: sourcing or running a tool from one's own
	// hidden directory (~/.cargo/env, ~/.nvm/nvm.sh) in the foreground is
	// normal there.
	Shell bool
}

func newPersistenceJudger(c *Context) *persistenceJudger { return &persistenceJudger{c: c} }

func (j *persistenceJudger) homeOf(p string) string {
	if !j.init {
		j.init = true
		for _, h := range j.c.Homes() {
			j.homes = append(j.homes, "/"+h.Dir+"/")
		}
		j.homes = append(j.homes, "/root/")
	}
	for _, h := range j.homes {
		if h != "//" && strings.HasPrefix(p, h) {
			return h
		}
	}
	if strings.HasPrefix(p, "/home/") {
		if i := strings.IndexByte(p[len("/home/"):], '/'); i > 0 {
			return p[:len("/home/")+i+1]
		}
	}
	return ""
}

// hiddenDeep reports a hidden path inside a home that is more than one
// tool's dot-directory: a hidden element below the first one, or a hidden
// file name (~/.config/.x/run, ~/.kthreadd).
func persistenceHiddenDeep(p, home string) bool {
	els := strings.Split(strings.TrimPrefix(p, home), "/")
	hidden := 0
	for i, el := range els {
		if len(el) > 1 && el[0] == '.' && el != ".." {
			hidden++
			if i > 0 || i == len(els)-1 {
				return true
			}
		}
	}
	return hidden > 1
}

// persistenceSkipOwned reports a file that a package ships unchanged, which
// is not a finding.
func persistenceSkipOwned(c *Context, name string) bool {
	_, o := c.Owned(name)
	return o == Pristine
}

// persistenceIsELF reports a file starting with the ELF magic.
func persistenceIsELF(c *Context, name string) bool {
	f, err := c.Src().Open(strings.TrimPrefix(name, "/"))
	if err != nil {
		return false
	}
	defer f.Close()
	var b [4]byte
	if _, err := io.ReadFull(f, b[:]); err != nil {
		return false
	}
	return string(b[:]) == "\x7fELF"
}

var persistenceSystemDirs = []string{"usr/bin/", "usr/sbin/", "bin/", "sbin/", "usr/lib/", "lib/", "lib64/", "usr/lib64/", "usr/libexec/", "lib32/", "usr/lib32/"}

func persistenceInSystemDir(name string) bool {
	for _, d := range persistenceSystemDirs {
		if strings.HasPrefix(name, d) {
			return true
		}
	}
	return false
}

// persistencePathDirs are where a bare command name is looked up.
var persistencePathDirs = []string{"usr/local/sbin", "usr/local/bin", "usr/sbin", "usr/bin", "sbin", "bin"}

// resolveProgram turns a program word into a target name ("usr/bin/curl"),
// or "" when it cannot be known.
func (j *persistenceJudger) resolveProgram(w, cwd string) string {
	if w == "" || strings.ContainsAny(w, "$*?%`~{}") {
		return ""
	}
	switch {
	case strings.HasPrefix(w, "/"):
		return strings.TrimPrefix(path.Clean(w), "/")
	case strings.Contains(w, "/"):
		if strings.HasPrefix(cwd, "/") {
			return strings.TrimPrefix(path.Join(cwd, w), "/")
		}
		return ""
	}
	for _, d := range persistencePathDirs {
		n := d + "/" + w
		if fi, err := j.c.Src().Stat(n); err == nil && fi.Mode().IsRegular() {
			return n
		}
	}
	return ""
}

var persistencePathRe = regexp.MustCompile("(?:^|[\\s;&|'\"=(:,])(/[^\\s;&|'\"<>()`,]+)")

// Judge judges a command line (or a script's text): what it downloads or
// decodes, and the programs it runs.
func (j *persistenceJudger) Judge(code string) persistenceVerdict {
	return j.judge(code, 0)
}

func (j *persistenceJudger) judge(code string, depth int) persistenceVerdict {
	var v persistenceVerdict
	if len(code) > 1<<20 {
		code = code[:1<<20]
	}
	for _, r := range StrongReasons(code) {
		v.add(finding.High, persistenceKindText, r.En, r.Zh, r.Match)
	}
	// A hidden file or directory inside a temporary directory, even only
	// named, is the classic drop site (/tmp/.X11-unix aside, which holds
	// sockets and is never run).
	for _, m := range persistencePathRe.FindAllStringSubmatch(code, 64) {
		p := m[1]
		for _, t := range TempDirs {
			if strings.HasPrefix(p, t) && HiddenPath(strings.TrimPrefix(p, t)) && !strings.HasPrefix(p, "/tmp/.X11-unix") && !strings.HasPrefix(p, "/tmp/.ICE-unix") {
				v.add(finding.High, persistenceKindPath, "uses a hidden path inside a temporary directory", "使用临时目录中的隐藏路径", p)
			}
		}
	}
	for _, e := range persistenceExecs(code, 0) {
		j.judgeExec(&v, e, depth)
	}
	return v
}

// JudgeProgram judges one program path given directly (an ExecStart
// program, an sshd AuthorizedKeysCommand).
func (j *persistenceJudger) JudgeProgram(p string) persistenceVerdict {
	var v persistenceVerdict
	j.judgeExec(&v, persistenceExec{Word: p, How: "runs"}, 0)
	return v
}

func (j *persistenceJudger) judgeExec(v *persistenceVerdict, e persistenceExec, depth int) {
	name := j.resolveProgram(e.Word, e.Cwd)
	if name == "" {
		return
	}
	p := "/" + name
	verbEn, verbZh := "runs a program", "运行程序"
	switch e.How {
	case "sources":
		verbEn, verbZh = "sources a script", "加载（source）脚本"
	case "preloads":
		verbEn, verbZh = "preloads a library (LD_PRELOAD)", "通过 LD_PRELOAD 预加载库"
		v.add(finding.High, persistenceKindPath, verbEn, verbZh, p)
	}
	switch {
	case InTempDir(p) || InTempDir(p+"/"):
		v.add(finding.High, persistenceKindPath, verbEn+" from a temporary directory", verbZh+"（位于临时目录）", p)
	case HiddenPath(p):
		home := j.homeOf(p)
		switch {
		case home == "":
			v.add(finding.High, persistenceKindPath, verbEn+" from a hidden directory", verbZh+"（位于隐藏目录）", p)
		case persistenceHiddenDeep(p, home):
			if !j.Shell || e.Background || e.How == "preloads" {
				v.add(finding.High, persistenceKindPath, verbEn+" hidden deep in a home directory", verbZh+"（位于家目录下的多层隐藏路径）", p)
			} else {
				v.add(finding.Medium, persistenceKindPath, verbEn+" hidden deep in a home directory", verbZh+"（位于家目录下的多层隐藏路径）", p)
			}
		case !j.Shell || e.Background:
			v.add(finding.Medium, persistenceKindPath, verbEn+" from a hidden directory in a home", verbZh+"（位于家目录中的隐藏目录）", p)
		}
	}
	fi, err := j.c.Src().Stat(name)
	if err != nil || !fi.Mode().IsRegular() {
		return
	}
	pkg, own := j.c.Owned(name)
	switch own {
	case Modified:
		v.add(finding.High, persistenceKindOwner, verbEn+" of package "+pkg+" whose content differs from the package", verbZh+"，该程序属于软件包 "+pkg+" 但内容与软件包不一致", p)
		return
	case Pristine, Edited:
		return
	}
	elf := persistenceIsELF(j.c, name)
	if !elf && depth == 0 && e.How != "preloads" {
		if b, err := j.c.ReadFile(name, 1<<20); len(b) > 0 && (err == nil || len(b) == 1<<20) {
			inner := j.judge(string(b), 1)
			for _, is := range inner.Issues {
				if is.Kind&persistenceKindContent != 0 && is.Sev >= finding.High {
					v.add(is.Sev, persistenceKindPath, "the script "+p+" "+is.En, "其运行的脚本 "+p+" "+is.Zh, is.Match)
				}
			}
		}
	}
	if own == Unowned {
		if persistenceInSystemDir(name) {
			v.add(finding.Medium, persistenceKindOwner, verbEn+" that no package owns from a system directory", verbZh+"（位于系统目录但不属于任何软件包）", p)
		} else {
			v.add(finding.Low, persistenceKindOwner, verbEn+" that no package owns", verbZh+"（不属于任何软件包）", p)
		}
	}
}

// persistenceExec is one program a command line runs.
type persistenceExec struct {
	Word       string // as written
	How        string // "runs", "sources", "preloads"
	Cwd        string // the directory a preceding cd changed to
	Background bool
}

// persistenceCmd is one simple command.
type persistenceCmd struct {
	Words      []string
	Background bool
}

// persistenceSplitShell splits shell text into simple commands, roughly as
// a shell would: quotes, escapes, separators, redirections, comments and
// command substitutions (whose commands are returned too).
func persistenceSplitShell(s string, depth int) []persistenceCmd {
	var out []persistenceCmd
	var cur persistenceCmd
	var w strings.Builder
	inWord, skipNext := false, false
	flushWord := func() {
		if inWord {
			if skipNext {
				skipNext = false
			} else {
				cur.Words = append(cur.Words, w.String())
			}
		}
		w.Reset()
		inWord = false
	}
	flushCmd := func(bg bool) {
		flushWord()
		if len(cur.Words) > 0 {
			cur.Background = bg
			out = append(out, cur)
		}
		cur = persistenceCmd{}
	}
	sub := func(inner string) {
		if depth < 4 {
			out = append(out, persistenceSplitShell(inner, depth+1)...)
		}
		w.WriteString("$SUB")
		inWord = true
	}
	n := len(s)
	for i := 0; i < n; i++ {
		ch := s[i]
		switch {
		case ch == '\\':
			if i+1 < n {
				if s[i+1] == '\n' {
					i++
					continue
				}
				w.WriteByte(s[i+1])
				inWord = true
				i++
			}
		case ch == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				j = n - i - 1
			}
			w.WriteString(s[i+1 : i+1+j])
			inWord = true
			i += j + 1
		case ch == '"':
			inWord = true
			for i++; i < n && s[i] != '"'; i++ {
				switch {
				case s[i] == '\\' && i+1 < n:
					i++
					w.WriteByte(s[i])
				case s[i] == '$' && i+1 < n && s[i+1] == '(':
					end := persistenceMatchParen(s, i+1)
					sub(s[i+2 : end])
					i = end
				case s[i] == '`':
					end := strings.IndexByte(s[i+1:], '`')
					if end < 0 {
						end = n - i - 1
					}
					sub(s[i+1 : i+1+end])
					i += end + 1
				default:
					w.WriteByte(s[i])
				}
			}
		case ch == '$' && i+1 < n && s[i+1] == '(':
			end := persistenceMatchParen(s, i+1)
			sub(s[min(i+2, end):end])
			i = end
		case ch == '`':
			end := strings.IndexByte(s[i+1:], '`')
			if end < 0 {
				end = n - i - 1
			}
			sub(s[i+1 : i+1+end])
			i += end + 1
		case ch == '#' && !inWord:
			for i < n && s[i] != '\n' {
				i++
			}
			flushCmd(false)
		case ch == ' ' || ch == '\t' || ch == '\r':
			flushWord()
		case ch == '\n' || ch == ';' || ch == '(' || ch == ')':
			flushCmd(false)
		case ch == '|':
			flushCmd(false)
			if i+1 < n && s[i+1] == '|' {
				i++
			}
		case ch == '&':
			if i+1 < n && s[i+1] == '&' {
				flushCmd(false)
				i++
			} else {
				flushCmd(true)
			}
		case ch == '<' || ch == '>':
			// A word of digits before is a descriptor number.
			if inWord && strings.Trim(w.String(), "0123456789") == "" {
				w.Reset()
				inWord = false
			}
			flushWord()
			j := i
			for j < n && strings.IndexByte("<>&|", s[j]) >= 0 {
				j++
			}
			op := s[i:j]
			i = j - 1
			if strings.HasSuffix(op, "&") {
				// >&2, 2>&1: a descriptor follows.
				for i+1 < n && (s[i+1] >= '0' && s[i+1] <= '9' || s[i+1] == '-') {
					i++
				}
				if op == ">&" || op == "&>" {
					skipNext = true
				}
				continue
			}
			skipNext = true
		default:
			w.WriteByte(ch)
			inWord = true
		}
	}
	flushCmd(false)
	return out
}

func persistenceMatchParen(s string, open int) int {
	d := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '(':
			d++
		case ')':
			d--
			if d == 0 {
				return i
			}
		}
	}
	return len(s)
}

var (
	persistenceAssignRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)
	persistenceInterpRe = regexp.MustCompile(`^(python[0-9.]*|perl[0-9.]*|ruby[0-9.]*|php[0-9.]*|node|nodejs|lua[0-9.]*|pwsh)$`)
	persistenceShells   = map[string]bool{"sh": true, "bash": true, "dash": true, "zsh": true, "ksh": true, "ash": true, "mksh": true, "csh": true, "tcsh": true, "fish": true}
	persistenceReserved = map[string]bool{"if": true, "then": true, "elif": true, "else": true, "fi": true, "do": true, "done": true,
		"while": true, "until": true, "!": true, "{": true, "}": true, "time": true, "function": true}
	persistenceWrappers = map[string]bool{"sudo": true, "doas": true, "nohup": true, "setsid": true, "nice": true, "ionice": true,
		"exec": true, "command": true, "builtin": true, "stdbuf": true, "chrt": true, "taskset": true, "env": true, "xargs": true,
		"unbuffer": true, "torsocks": true, "proxychains": true, "proxychains4": true, "daemonize": true, "runuser": true, "timeout": true,
		"cronic": true, "chronic": true, "ifne": true, "caffeinate": true, "systemd-cat": true, "systemd-run": true, "setpriv": true}
	// Options of wrappers that take an argument.
	persistenceOptArg = map[string]bool{"-u": true, "-g": true, "-n": true, "-c": true, "-p": true, "-C": true, "-D": true, "-h": true,
		"-r": true, "-t": true, "-U": true, "-s": true, "-k": true, "-o": true, "-e": true, "-i": false, "-I": true, "-P": true, "--user": true, "--group": true}
	persistenceNumRe = regexp.MustCompile(`^[0-9][0-9.]*[smhdx]?$|^0x[0-9a-fA-F]+$`)
)

// persistenceExecs lists the programs a command text runs.
func persistenceExecs(code string, depth int) []persistenceExec {
	var out []persistenceExec
	cwd := ""
	for _, cmd := range persistenceSplitShell(code, 0) {
		ws := cmd.Words
		add := func(word, how string) {
			out = append(out, persistenceExec{Word: word, How: how, Cwd: cwd, Background: cmd.Background})
		}
		nested := func(s string) {
			if depth < 3 {
				for _, e := range persistenceExecs(s, depth+1) {
					e.Background = e.Background || cmd.Background
					out = append(out, e)
				}
			}
		}
	words:
		for i := 0; i < len(ws); i++ {
			w := ws[i]
			if persistenceAssignRe.MatchString(w) {
				k, val, _ := strings.Cut(w, "=")
				if k == "LD_PRELOAD" {
					for _, p := range strings.FieldsFunc(val, func(r rune) bool { return r == ':' || r == ' ' }) {
						add(p, "preloads")
					}
				}
				continue
			}
			if persistenceReserved[w] {
				continue
			}
			base := path.Base(w)
			switch {
			case base == "for" || base == "case" || base == "[" || base == "[[" || base == "test" || base == "run-parts" ||
				base == "export" || base == "local" || base == "declare" || base == "readonly" || base == "unset" || base == "alias" ||
				base == "trap" || base == "echo" || base == "printf" || base == "return" || base == "exit" || base == "true" || base == ":":
				break words
			case base == "cd":
				if i+1 < len(ws) && strings.HasPrefix(ws[i+1], "/") {
					cwd = ws[i+1]
				}
				break words
			case base == "." || base == "source":
				if i+1 < len(ws) {
					add(ws[i+1], "sources")
				}
				break words
			case base == "eval" || base == "watch":
				nested(strings.Join(ws[i+1:], " "))
				break words
			case base == "su":
				for k := i + 1; k+1 < len(ws); k++ {
					if ws[k] == "-c" || ws[k] == "--command" {
						nested(ws[k+1])
					}
				}
				break words
			case base == "flock":
				k := i + 1
				for k < len(ws) && strings.HasPrefix(ws[k], "-") && ws[k] != "-c" {
					k++
				}
				if k < len(ws) {
					k++ // the lock file
				}
				if k+1 < len(ws) && ws[k] == "-c" {
					nested(ws[k+1])
					break words
				}
				i = k - 1
			case base == "start-stop-daemon":
				for k := i + 1; k+1 < len(ws); k++ {
					if ws[k] == "--exec" || ws[k] == "-x" || ws[k] == "--startas" || ws[k] == "-a" {
						add(ws[k+1], "runs")
					}
				}
				break words
			case base == "busybox" && i+1 < len(ws) && persistenceShells[ws[i+1]]:
				// busybox sh ...: treat as the shell.
				continue
			case persistenceWrappers[base]:
				for i+1 < len(ws) {
					nx := ws[i+1]
					switch {
					case nx == "--":
						i++
						continue
					case strings.HasPrefix(nx, "-"):
						i++
						if persistenceOptArg[nx] && i+1 < len(ws) {
							i++
						}
						continue
					case persistenceNumRe.MatchString(nx) || persistenceAssignRe.MatchString(nx) && base == "env":
						i++
						continue
					}
					break
				}
				if (base == "sudo" || base == "runuser") && i+1 < len(ws) && ws[i+1] == "-c" {
					continue
				}
			case persistenceShells[base]:
				k := i + 1
				for ; k < len(ws) && strings.HasPrefix(ws[k], "-"); k++ {
					o := ws[k]
					if o == "-c" || !strings.HasPrefix(o, "--") && strings.Contains(o, "c") && len(o) <= 5 {
						if k+1 < len(ws) {
							nested(ws[k+1])
						}
						break words
					}
					if o == "-o" || o == "+o" {
						k++
					}
				}
				add(w, "runs")
				if k < len(ws) {
					add(ws[k], "runs")
				}
				break words
			case persistenceInterpRe.MatchString(base):
				add(w, "runs")
				for k := i + 1; k < len(ws); k++ {
					o := ws[k]
					if o == "-c" || o == "-e" || o == "-r" || o == "-E" {
						break words
					}
					if strings.HasPrefix(o, "-") {
						if o == "-m" {
							break words
						}
						continue
					}
					add(o, "runs")
					break
				}
				break words
			default:
				add(w, "runs")
				break words
			}
		}
	}
	return out
}

// persistenceText reads a text file of the target, at most 4 MiB.
func persistenceText(c *Context, name string) (string, error) {
	b, err := c.ReadFile(strings.TrimPrefix(name, "/"), 4<<20)
	if err != nil && len(b) == 0 {
		return "", err
	}
	return string(b), nil
}

// persistenceLine is one logical line (continuations joined) of a file.
type persistenceLine struct {
	N    int // first physical line, 1-based
	Text string
}

// persistenceLines splits text into logical lines, joining lines that end
// with a backslash when join is set.
func persistenceLines(s string, join bool) []persistenceLine {
	var out []persistenceLine
	phys := strings.Split(s, "\n")
	for i := 0; i < len(phys) && i < 200000; i++ {
		start := i
		t := strings.TrimRight(phys[i], "\r")
		for join && strings.HasSuffix(t, "\\") && i+1 < len(phys) {
			i++
			t = t[:len(t)-1] + " " + strings.TrimRight(phys[i], "\r")
		}
		out = append(out, persistenceLine{N: start + 1, Text: t})
	}
	return out
}

// persistenceFiles lists the entries matching the patterns, each real file
// once (lib/x and usr/lib/x are one file on a merged /usr), skipping
// directories.
func persistenceFiles(c *Context, patterns ...string) []string {
	seen := map[string]bool{}
	var out []string
	for _, pat := range patterns {
		for _, n := range c.Glob(pat) {
			fi, err := c.Src().Lstat(n)
			if err != nil || fi.IsDir() {
				continue
			}
			// Report the file under its real directory (usr/lib/x rather
			// than lib/x on a merged /usr).
			key := n
			if dir, err := c.Resolve(path.Dir(n)); err == nil && dir != "" && dir != "." {
				key = dir + "/" + path.Base(n)
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, key)
		}
	}
	return out
}

// persistenceRegular reports a regular file (following links).
func persistenceRegular(c *Context, name string) bool {
	fi, err := c.Src().Stat(name)
	return err == nil && fi.Mode().IsRegular()
}

// persistenceChanged returns the later of a file's modification and change
// times.
func persistenceChanged(c *Context, name string) time.Time {
	st, err := c.StatOf(name)
	if err != nil {
		return time.Time{}
	}
	t := st.Mtime
	if st.Ctime.After(t) {
		t = st.Ctime
	}
	return t
}

// persistenceRecent reports a time within d before the run's reference time.
func persistenceRecent(c *Context, t time.Time, d time.Duration) bool {
	if t.IsZero() {
		return false
	}
	age := c.Now().Sub(t)
	return age <= d && age > -24*time.Hour
}

// persistenceEv is evidence of one line of a file.
func persistenceEv(name string, line int, text string) finding.Evidence {
	return finding.Evidence{Path: "/" + strings.TrimPrefix(name, "/"), Line: line, Excerpt: Excerpt(text, 200)}
}

// persistenceReport reports a hit with its own severity.
func persistenceReport(c *Context, sev finding.Severity, en, zh string, ev ...finding.Evidence) {
	conf := ""
	if sev <= finding.Medium {
		conf = "medium"
	}
	c.Report(Hit{Severity: sev, SeveritySet: true, Confidence: conf, Detail: en, DetailZh: zh, Evidence: ev})
}

// persistenceReportVerdict reports an entry judged at least min, with the
// reasons of the given kinds.
func persistenceReportVerdict(c *Context, v persistenceVerdict, kinds int, min finding.Severity, whatEn, whatZh string, ev ...finding.Evidence) bool {
	sev := v.Max(kinds)
	if sev < min {
		return false
	}
	en, zh := v.Text(kinds, min)
	persistenceReport(c, sev, whatEn+": "+en+".", whatZh+"："+zh+"。", ev...)
	return true
}

// persistenceOwnText describes an ownership for a finding.
// persistenceScriptJudgement grades a whole script or job (an init script,
// an upstart job, a motd or periodic script) from its content verdict and
// its package ownership: a changed package file is high, an unowned one at
// least medium, and the text says both.
func persistenceScriptJudgement(v persistenceVerdict, pkg string, o Ownership) (sev finding.Severity, en, zh string) {
	sev = v.Max(persistenceKindAll)
	if sev == finding.Low {
		sev = finding.Info
	}
	switch o {
	case Modified:
		sev = finding.High
	case Unowned:
		sev = max(sev, finding.Medium)
	}
	en, zh = persistenceOwnText(pkg, o)
	if ven, vzh := v.Text(persistenceKindAll, finding.Medium); ven != "" {
		en, zh = en+"; "+ven, zh+"；"+vzh
	}
	return sev, en, zh
}

func persistenceOwnText(pkg string, o Ownership) (en, zh string) {
	switch o {
	case Unowned:
		return "no package owns it", "不属于任何软件包"
	case Modified:
		return "its content differs from package " + pkg, "内容与软件包 " + pkg + " 不一致（已被修改）"
	case Edited:
		return "a configuration file of package " + pkg + " changed locally", "软件包 " + pkg + " 的配置文件已被本地修改"
	case Pristine:
		return "package " + pkg + " ships it unchanged", "软件包 " + pkg + " 提供且未修改"
	}
	return "its ownership is unknown (no package database)", "无法判断归属（无软件包数据库）"
}
