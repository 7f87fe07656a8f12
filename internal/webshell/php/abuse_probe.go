package php

import (
	"slices"
	"strings"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// An intruder who has found a way to write a file on a site first drops
// a probe: a few lines that run id, whoami or dir, print the host's
// account list, or list which command functions disable_functions
// leaves open. No request input is involved; requesting the file tells
// the intruder whether code runs and as which account (ATT&CK T1033,
// T1082, T1087). Applications run such commands too (an installer's
// environment page, a cron script checking its account), so the rules
// below ask, besides the command and its printed output, for a file that
// is a drop-in and not part of an application: a handful of top-level
// statements, at most one function, no class.

// probe is a candidate discovery probe found by the walk.
type probe struct {
	sink  *verdict.Point
	what  string // the command or the file read, for the explanation
	kind  string // "command", "accounts"
	print *verdict.Point
}

// maxProbeStatements bounds the top-level statements of a drop-in
// probe. The probes seen in the wild have two to eight (set a command,
// the descriptors, open, read, print); a page of an application that
// runs a command also loads its configuration, checks its user and
// renders a page around the output, and has many more.
const maxProbeStatements = 16

// maxProbeTokens bounds the size of a drop-in probe, in tokens of code:
// an obfuscated probe that builds every name from chr() calls takes a
// thousand or so.
const maxProbeTokens = 4096

// discoveryFirst are the commands an intruder runs first to learn the
// account, the host and its network, by their lower-case name.
var discoveryFirst = map[string]bool{
	"id": true, "whoami": true, "uname": true, "ifconfig": true, "ipconfig": true, "systeminfo": true,
	"quser": true, "dir": true, "ls": true, "ver": true,
}

// discoveryAlso are commands that go with discovery ones in a probe's
// command line (id; pwd; hostname) but are not discovery on their own:
// a health page prints the host name, a cron script checks the date.
var discoveryAlso = map[string]bool{
	"pwd": true, "hostname": true, "w": true, "who": true, "date": true, "echo": true, "cd": true,
	"set": true, "env": true, "printenv": true, "ps": true, "netstat": true, "tasklist": true, "uptime": true,
	"df": true, "free": true, "arp": true, "route": true, "lsb_release": true, "cat": true, "type": true,
	"more": true, "grep": true, "head": true, "tail": true, "sort": true, "wc": true, "awk": true, "cut": true,
	"find": true, "findstr": true,
}

// accountFiles are the host's account lists.
var accountFiles = map[string]bool{"/etc/passwd": true, "/etc/shadow": true, "/etc/master.passwd": true, "/etc/group": true}

// discoveryCommand reports whether a constant command line is made of
// discovery commands, one at least of the first kind (or a read of an
// account list).
func discoveryCommand(s string) bool {
	s = strings.NewReplacer("2>&1", " ", "1>&2", " ").Replace(s)
	first := false
	for _, seg := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' || r == ';' || r == '&' || r == '|' }) {
		w := strings.Fields(seg)
		if len(w) == 0 {
			continue
		}
		name := commandName(w[0])
		if (name == "cmd" || name == "sh" || name == "bash") && len(w) > 2 && (strings.EqualFold(w[1], "/c") || w[1] == "-c") {
			w = w[2:]
			name = commandName(strings.Trim(w[0], `"'`))
		}
		switch {
		case discoveryFirst[name]:
			first = true
		case name == "net" && len(w) > 1:
			switch strings.ToLower(w[1]) {
			case "user", "users", "localgroup", "group", "accounts", "view", "share", "session", "config":
				first = true
			default:
				return false
			}
		case name == "query" && len(w) > 1 && strings.EqualFold(w[1], "user"),
			name == "getent" && len(w) > 1 && (w[1] == "passwd" || w[1] == "group"):
			first = true
		case discoveryAlso[name]:
			if name == "cat" || name == "type" || name == "more" {
				for _, arg := range w[1:] {
					if accountFiles[arg] {
						first = true
					}
				}
			}
		default:
			return false
		}
	}
	return first
}

// commandName returns the lower-case name of a program, without its
// directory and a Windows extension.
func commandName(w string) string {
	if i := strings.LastIndexAny(w, `/\`); i >= 0 {
		w = w[i+1:]
	}
	w = strings.ToLower(w)
	w = strings.TrimSuffix(w, ".exe")
	return strings.TrimSuffix(w, ".com")
}

// selfPrinting are the command and file functions that print what they
// run or read.
var selfPrinting = map[string]bool{"system": true, "passthru": true, "readfile": true, "highlight_file": true,
	"show_source": true, "fpassthru": true}

// pipeReads read what a started program writes to a pipe.
var pipeReads = map[string]bool{"fgets": true, "fread": true, "fgetc": true, "fgetss": true,
	"stream_get_contents": true, "fpassthru": true, "fscanf": true, "stream_get_line": true, "file": true}

// probeCommand checks a command function given a constant command (v):
// a discovery command whose output the file prints.
func (a *analyzer) probeCommand(name string, v *value, args []*node, n *node) {
	if !v.known() || v.tainted() || a.recon.abuse != nil && a.recon.abuse.probe != nil {
		return
	}
	cmd := ""
	for _, s := range v.strs {
		if len(s) <= 256 && discoveryCommand(s) {
			cmd = s
			break
		}
	}
	if cmd == "" {
		return
	}
	out := ""
	if name == "exec" && len(args) > 1 && args[1].k == nVar {
		out = args[1].s // exec($cmd, $lines)
	}
	pipe := name == "popen" || name == "proc_open" || name == "expect_popen"
	a.noteProbe("command", cmd, name, n, func(x *node, _ *function) bool {
		return x == n || out != "" && x.k == nVar && x.s == out ||
			pipe && x.k == nCall && x.kids[0].k == nName && pipeReads[funcName(x.kids[0].s)]
	})
}

// probeRead checks a read of a file of a fixed path: the host's account
// list, printed.
func (a *analyzer) probeRead(name string, args []*node, n *node, e env) {
	if len(args) == 0 || a.recon.abuse != nil && a.recon.abuse.probe != nil {
		return
	}
	p := a.eval(args[0], e)
	if !p.known() || p.tainted() || !accountFiles[strings.TrimSpace(p.strs[0])] {
		return
	}
	a.noteProbe("accounts", strings.TrimSpace(p.strs[0]), name, n, func(x *node, _ *function) bool {
		return x == n || name == "fopen" && x.k == nCall && x.kids[0].k == nName && pipeReads[funcName(x.kids[0].s)]
	})
}

// noteProbe records a probe's sink when what it yields is printed:
// by the function itself, or by an echo or print of the file built from
// a node that yields accepts.
func (a *analyzer) noteProbe(kind, what, name string, n *node, yields func(*node, *function) bool) {
	var printed *verdict.Point
	if !selfPrinting[name] {
		if printed = a.printedFrom(yields); printed == nil {
			return
		}
	}
	label := name + "(" + verdict.Clip(strconvQuote(what)) + ")"
	if n.k == nShell {
		label = "backtick " + verdict.Clip(strconvQuote(what))
	}
	a.abuseOf().probe = &probe{sink: a.point(n.tok, label), what: what, kind: kind, print: printed}
}

// printingCalls are the functions that print their arguments.
var printingCalls = map[string]bool{"print_r": true, "var_dump": true, "printf": true, "vprintf": true,
	"fpassthru": true, "print": true, "die": true, "exit": true}

// printedFrom returns the point where the file prints (echo, print,
// print_r, ...) a value built from a node yields accepts, following
// variables through their assignments; nil if none.
func (a *analyzer) printedFrom(yields func(x *node, f *function) bool) *verdict.Point {
	budget := 4096
	seen := map[varKey]bool{}
	var reach func(x *node, f *function, depth int) bool
	reach = func(x *node, f *function, depth int) bool {
		if x == nil || depth > 32 || budget <= 0 {
			return false
		}
		budget--
		if yields(x, f) {
			return true
		}
		if x.k == nVar {
			return a.followVar(f, x.s, seen, func(rhs *node, from *function) bool { return reach(rhs, from, depth+1) })
		}
		for _, k := range x.kids {
			if reach(k, f, depth+1) {
				return true
			}
		}
		return false
	}
	for _, f := range a.funcs {
		for _, r := range f.roots {
			if a.echoed(r) {
				if reach(r, f, 0) {
					return a.point(r.tok, "output printed")
				}
				continue
			}
			var at *node
			visitWhile(r, func(x *node) bool {
				if x.k == nCall && x.kids[0].k == nName && printingCalls[funcName(x.kids[0].s)] ||
					x.k == nOther && x.s == "print" {
					for _, k := range x.kids[1:] {
						if reach(k, f, 0) {
							at = x
							return false
						}
					}
					if x.k == nOther && len(x.kids) > 0 && reach(x.kids[0], f, 0) {
						at = x
						return false
					}
				}
				return true
			})
			if at != nil {
				return a.point(at.tok, "output printed")
			}
		}
	}
	return nil
}

// echoed reports whether root r is an expression of an echo or print
// statement, or of a <?= tag.
func (a *analyzer) echoed(r *node) bool {
	// A node's token is its operator's for some kinds ("." of a
	// concatenation): the expression starts at the least of its tree.
	start := r.tok
	visit(r, func(x *node) { start = min(start, x.tok) })
	for i := min(start, len(a.ts)) - 1; i >= 0; i-- {
		t := a.ts[i]
		switch {
		case t.Kind == Op && t.Value == "(":
			continue
		case t.Kind == Keyword && (t.Value == "echo" || t.Value == "print"), t.Kind == OpenTagWithEcho:
			return true
		}
		return false
	}
	return false
}

// noteDisabledCheck records ini_get('disable_functions').
func (a *analyzer) noteDisabledCheck(args []*node, n *node, e env) {
	if len(args) == 0 || a.recon.abuse != nil && a.recon.abuse.disabled != nil {
		return
	}
	if v := a.eval(args[0], e); v.known() && strings.EqualFold(strings.TrimSpace(v.strs[0]), "disable_functions") {
		a.abuseOf().disabled = a.point(n.tok, "ini_get('disable_functions')")
	}
}

// execFunctions are the functions that run a program.
var execFunctions = map[string]bool{"exec": true, "shell_exec": true, "system": true, "passthru": true,
	"popen": true, "proc_open": true, "pcntl_exec": true, "expect_popen": true}

// execCheck finds, in a file that reads disable_functions, the names
// of three or more command functions in what the file prints (a list it
// walks, literals it tests): a probe telling its owner which of them the
// server leaves usable. An application reads the setting to decide what
// it offers, and prints its own messages, not the functions' names.
func (a *analyzer) execCheck() {
	ab := a.recon.abuse
	var names []string
	var list *node
	add := func(s string) {
		if s = strings.ToLower(strings.TrimSpace(s)); execFunctions[s] && !slices.Contains(names, s) {
			names = append(names, s)
		}
	}
	printed := a.printedFrom(func(x *node, f *function) bool {
		switch x.k {
		case nStr:
			add(x.s)
		case nArray:
			n := len(names)
			for _, p := range x.kids {
				if p != nil && len(p.kids) == 2 && p.kids[1] != nil {
					if v := a.eval(p.kids[1], env{f: f}); v.known() {
						add(v.strs[0])
					}
				}
			}
			if len(names) > n && list == nil {
				list = x
			}
		}
		return len(names) >= 3
	})
	if printed == nil || !a.dropInFile() {
		return
	}
	printed.What = "usable command functions printed"
	steps := []verdict.Point{*ab.disabled}
	if list != nil {
		steps = append([]verdict.Point{*a.point(list.tok, "list of command functions")}, steps...)
	}
	what := strings.Join(names, ", ")
	a.emit("php.abuse.probe", 65, nil, steps, printed,
		"Compares command functions ("+verdict.Clip(what)+") with disable_functions and prints which of them are usable, in a small file of a few statements with no other purpose: a probe an intruder drops to learn how to run commands on the server.",
		"把命令执行函数（"+verdict.Clip(what)+"）与 disable_functions 比对并输出哪些可用，文件只有寥寥几条语句、别无他用：入侵者投放的探测脚本，用于了解如何在服务器上执行命令。")
}

// backtickProbe checks the shell-exec strings of the file (`id`) for a
// discovery command whose output is printed.
func (a *analyzer) backtickProbe() {
	for _, f := range a.funcs {
		for _, r := range f.roots {
			visitWhile(r, func(x *node) bool {
				if x.k == nShell && len(x.kids) > 0 {
					a.probeCommand("`backtick`", a.eval(x.kids[0], env{f: f}), nil, x)
				}
				return a.recon.abuse == nil || a.recon.abuse.probe == nil
			})
		}
	}
}

// dropInFile reports whether the file (the outermost one, for decoded
// code) and the code the probe is in are drop-ins: few top-level
// statements, at most one named function, no class.
func (a *analyzer) dropInFile() bool {
	for b := a; b != nil; b = b.outer {
		if !b.dropIn() {
			return false
		}
	}
	return true
}

func (a *analyzer) dropIn() bool {
	if len(a.ts) > maxProbeTokens {
		return false
	}
	named := 0
	for _, f := range a.funcs[1:] {
		if f.class != "" {
			return false
		}
		if f.name != "" {
			named++
		}
	}
	if named > 1 {
		return false
	}
	depth, paren, stmts := 0, 0, 0
	for _, t := range a.ts {
		switch t.Kind {
		case CurlyOpen, DollarOpenCurly:
			depth++
		case Keyword:
			if t.Value == "class" || t.Value == "interface" || t.Value == "trait" {
				return false
			}
		case Op:
			switch t.Value {
			case "{":
				depth++
			case "}":
				if depth--; depth == 0 {
					stmts++
				}
			case "(", "[":
				paren++
			case ")", "]":
				paren--
			case ";":
				if depth == 0 && paren == 0 {
					stmts++
				}
			}
		}
	}
	return stmts <= maxProbeStatements
}

// discoveryProbe reports the probe the walk found, in a drop-in file.
func (a *analyzer) discoveryProbe() {
	p := a.recon.abuse.probe
	if !a.dropInFile() {
		return
	}
	var steps []verdict.Point
	if p.print != nil {
		steps = append(steps, *p.print)
	}
	q := verdict.Clip(strconvQuote(p.what))
	if p.kind == "accounts" {
		a.emit("php.abuse.probe", 65, nil, steps, p.sink,
			"Reads the host's account list ("+q+") from its fixed path and prints it, in a small file of a few statements with no other purpose: a probe an intruder drops to list the server's accounts.",
			"从固定路径读取主机账号列表（"+q+"）并输出，文件只有寥寥几条语句、别无他用：入侵者投放的用于列举服务器账号的探测脚本。")
		return
	}
	a.emit("php.abuse.probe", 65, nil, steps, p.sink,
		"Runs the fixed discovery command "+q+" and prints its output, in a small file of a few statements with no other purpose: a probe an intruder drops to learn whether commands run on the server and as which account.",
		"执行固定的侦察命令 "+q+" 并输出结果，文件只有寥寥几条语句、别无他用：入侵者投放的探测脚本，用于确认能否在服务器上执行命令以及以哪个账号执行。")
}
