package syslog

import (
	"strings"

	"github.com/yingji/yingji/internal/event"
)

// program reads e.Message by the parser of e.Process.
func (p *Parser) program(e *event.Event) {
	name := e.Process
	facility := ""
	prog := programOf(name)
	if prog == progOther {
		// The names programOf knows have neither '(' nor '/': only
		// the others are cut to the program's own name.
		if i := strings.IndexByte(name, '('); i > 0 {
			// old PAM form "sshd(pam_unix)[123]:": the program is before "("
			facility, name = name[i:], name[:i]
			e.Process = name
		}
		if i := strings.LastIndexByte(name, '/'); i >= 0 {
			name = name[i+1:] // "/usr/sbin/cron[1]:"
		}
		prog = programOf(name)
	}
	msg := e.Message
	var n, inner string
	var rep bool
	if msg != "" && msg[0] == 'm' { // "message repeated": a byte rules out most lines
		n, inner, rep = repeated(msg)
	}
	if rep {
		e.Set(event.FieldRepeat, n)
		msg = inner
	}
	switch prog {
	case progSSHD:
		p.sshd(e, msg, facility != "", rep && n != "")
	case progSudo:
		sudo(e, msg)
	case progSu:
		su(e, msg)
	case progAccount:
		account(e, name, msg)
	case progCron:
		cron(e, msg)
	case progSystemd:
		systemd(e, msg)
	case progLogind:
		logind(e, msg)
	case progKernel:
		kernel(e, msg)
	default:
		pamGeneric(e, msg)
	}
}

// The programs with a parser of their own.
const (
	progOther = iota
	progSSHD
	progSudo
	progSu
	progAccount
	progCron
	progSystemd
	progLogind
	progKernel
)

// programOf returns the parser of a program name.
func programOf(name string) int {
	switch name {
	case "sshd", "sshd-session", "sshd-auth":
		return progSSHD
	case "sudo":
		return progSudo
	case "su", "su-l":
		return progSu
	case "useradd", "usermod", "userdel", "groupadd", "groupmod", "groupdel",
		"passwd", "chpasswd", "chage", "gpasswd", "adduser", "deluser", "newusers":
		return progAccount
	case "CRON", "cron", "crond", "CROND":
		return progCron
	case "systemd":
		return progSystemd
	case "systemd-logind":
		return progLogind
	case "kernel":
		return progKernel
	}
	return progOther
}

// repeated splits rsyslog's "message repeated N times: [ msg]".
func repeated(msg string) (n, inner string, ok bool) {
	rest, ok := cut(msg, "message repeated ")
	if !ok {
		return "", "", false
	}
	i := strings.IndexByte(rest, ' ')
	if i <= 0 {
		return "", "", false
	}
	if _, isNum := atoi(rest[:i]); !isNum {
		return "", "", false
	}
	n = rest[:i]
	rest, ok = cut(rest[i:], " times: [")
	if !ok {
		return "", "", false
	}
	rest = strings.TrimSuffix(strings.TrimPrefix(rest, " "), "]")
	return n, trimSpace(rest), true
}

// pam is a "pam_xxx(service:type): text" message.
type pam struct {
	module, service, kind, text string
}

func parsePAM(msg string) (pam, bool) {
	if !strings.HasPrefix(msg, "pam_") {
		return pam{}, false
	}
	o := strings.IndexByte(msg, '(')
	c := indexParenColon(msg)
	if o < 0 || c < o {
		return pam{}, false
	}
	inner := msg[o+1 : c]
	svc, kind, _ := cutByte(inner, ':')
	return pam{module: msg[:o], service: svc, kind: kind, text: trimSpace(msg[c+2:])}, true
}

// indexParenColon is strings.Index(s, "):"), by the ')' (rare in a
// message, where ' ' and ':' are not), found by IndexByte, which costs
// a fraction of Index's search for a two-byte string.
func indexParenColon(s string) int {
	for off := 0; ; {
		i := strings.IndexByte(s[off:], ')')
		if i < 0 {
			return -1
		}
		off += i + 1
		if off < len(s) && s[off] == ':' {
			return off - 1
		}
	}
}

// pamSession reads "session opened for user X[(uid=N)] by Y(uid=N)" and
// "session closed for user X" into e; the by-user, when another account,
// is the actor and X the target (sudo, su).
func pamSession(e *event.Event, text string) bool {
	var open bool
	var rest string
	if r, ok := cut(text, "session opened for user "); ok {
		open, rest = true, r
	} else if r, ok := cut(text, "session closed for user "); ok {
		rest = r
	} else {
		return false
	}
	user := userName(rest)
	by := ""
	// " by " starts at a space, and the user's name has none: it is
	// looked for after the name.
	if _, after, ok := strings.Cut(rest[len(user):], " by "); ok {
		by = userName(after)
	}
	if open {
		e.Type = event.TypeSessionOpen
	} else {
		e.Type = event.TypeSessionClose
	}
	if by != "" && by != user {
		e.User, e.TargetUser = by, user
	} else {
		e.User = user
	}
	return true
}

// userName returns the name at the start of s, before "(uid=", a space
// or the end.
func userName(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '(' || s[i] == ' ' {
			return s[:i]
		}
	}
	return s
}

// pamAuthFailure reads the key=value list of "authentication failure;
// logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root".
func pamAuthFailure(text string) (ruser, rhost, user, tty, logname string, ok bool) {
	rest, ok := cut(text, "authentication failure;")
	if !ok {
		return
	}
	ruser, rhost, user, tty, logname = pamKV(rest)
	return ruser, rhost, user, tty, logname, true
}

// pamKV reads "logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root".
func pamKV(rest string) (ruser, rhost, user, tty, logname string) {
	for rest != "" {
		rest = trimSpace(rest)
		i := strings.IndexByte(rest, ' ')
		kv := rest
		if i >= 0 {
			kv, rest = rest[:i], rest[i:]
		} else {
			rest = ""
		}
		k, v, _ := cutByte(kv, '=')
		switch k {
		case "ruser":
			ruser = v
		case "rhost":
			rhost = v
		case "user":
			user = v
		case "tty":
			tty = v
		case "logname":
			logname = v
		}
	}
	return ruser, rhost, user, tty, logname
}

// pamGeneric classifies pam lines of programs without their own parser.
func pamGeneric(e *event.Event, msg string) {
	pm, ok := parsePAM(msg)
	if !ok {
		return
	}
	switch {
	case pamSession(e, pm.text):
		if pm.service == "sudo" || pm.service == "sudo-i" {
			e.Source = event.SourceSudo
		} else if strings.HasPrefix(pm.service, "su") {
			e.Source = event.SourceSu
		} else if pm.service == "cron" {
			e.Source = event.SourceCron
		} else if pm.service == "sshd" {
			e.Source = event.SourceSSHD
		}
	case strings.HasPrefix(pm.text, "authentication failure;"):
		ruser, rhost, user, tty, logname, _ := pamAuthFailure(pm.text)
		e.Type = event.TypeAuthFailure
		e.User = first(user, ruser, logname)
		e.SrcIP = rhost
		e.Set(event.FieldTTY, tty)
	case strings.HasPrefix(pm.text, "password changed for "):
		e.Source = event.SourceAccount
		e.Type = event.TypePasswordChange
		e.TargetUser = trimSpace(pm.text[len("password changed for "):])
	}
}

// sudo: "user : TTY=pts/0 ; PWD=/root ; USER=root ; COMMAND=/bin/bash",
// with a reason first when refused ("3 incorrect password attempts",
// "user NOT in sudoers", "command not allowed").
func sudo(e *event.Event, msg string) {
	e.Source = event.SourceSudo
	if pm, ok := parsePAM(msg); ok {
		if pamSession(e, pm.text) {
			return
		}
		if ruser, _, user, tty, logname, ok := pamAuthFailure(pm.text); ok {
			e.Type = event.TypeSudoFailed
			e.User = first(ruser, logname, user)
			e.Set(event.FieldTTY, tty)
		}
		return
	}
	user, rest, ok := strings.Cut(msg, " : ")
	if !ok || strings.IndexByte(user, ' ') >= 0 {
		return
	}
	e.User = user
	e.Type = event.TypeSudo
	for rest != "" {
		var seg string
		if strings.HasPrefix(rest, "COMMAND=") {
			seg, rest = rest, ""
		} else if i := strings.Index(rest, " ; "); i >= 0 {
			seg, rest = rest[:i], rest[i+3:]
		} else {
			seg, rest = rest, ""
		}
		k, v, ok := cutByte(seg, '=')
		if !ok || strings.IndexByte(k, ' ') >= 0 {
			// a reason: the command was refused
			e.Type = event.TypeSudoFailed
			continue
		}
		switch k {
		case "TTY":
			e.Set(event.FieldTTY, v)
		case "PWD":
			e.Set(event.FieldCwd, v)
		case "USER":
			e.TargetUser = v
		case "GROUP":
			e.Set(event.FieldGroup, v)
		case "COMMAND":
			e.Set(event.FieldCommand, v)
		}
	}
}

// su: "Successful su for root by user", "FAILED su for root by user",
// "(to root) user on pts/0", "+ pts/0 user:root", "- pts/0 user:root",
// and the pam_unix(su:...) / pam_unix(su-l:...) lines.
func su(e *event.Event, msg string) {
	e.Source = event.SourceSu
	if pm, ok := parsePAM(msg); ok {
		if pamSession(e, pm.text) {
			return
		}
		if ruser, _, user, tty, logname, ok := pamAuthFailure(pm.text); ok {
			e.Type = event.TypeSuFailed
			e.User = first(ruser, logname)
			e.TargetUser = user
			e.Set(event.FieldTTY, tty)
		}
		return
	}
	switch {
	case strings.HasPrefix(msg, "Successful su for "), strings.HasPrefix(msg, "FAILED su for "):
		e.Type = event.TypeSu
		if msg[0] == 'F' {
			e.Type = event.TypeSuFailed
		}
		_, rest, _ := strings.Cut(msg, " su for ")
		target, by, ok := strings.Cut(rest, " by ")
		if ok {
			e.TargetUser, e.User = target, trimSpace(by)
		}
	case strings.HasPrefix(msg, "(to "):
		target, rest, ok := strings.Cut(msg[4:], ") ")
		if !ok {
			return
		}
		e.Type, e.TargetUser = event.TypeSu, target
		user, tty, _ := strings.Cut(rest, " on ")
		e.User = user
		e.Set(event.FieldTTY, tty)
	case len(msg) > 2 && (msg[0] == '+' || msg[0] == '-') && msg[1] == ' ':
		tty, pair, ok := cutByte(msg[2:], ' ')
		user, target, ok2 := cutByte(pair, ':')
		if !ok || !ok2 {
			return
		}
		e.Type = event.TypeSu
		if msg[0] == '-' {
			e.Type = event.TypeSuFailed
		}
		e.User, e.TargetUser = user, target
		e.Set(event.FieldTTY, tty)
	}
}

// account reads the shadow-utils tools.
func account(e *event.Event, name, msg string) {
	e.Source = event.SourceAccount
	if pm, ok := parsePAM(msg); ok {
		if strings.HasPrefix(pm.text, "password changed for ") {
			e.Type = event.TypePasswordChange
			e.TargetUser = trimSpace(pm.text[len("password changed for "):])
		}
		return
	}
	switch {
	case strings.HasPrefix(msg, "new user: "):
		e.Type = event.TypeUserAdd
		kv(msg[len("new user: "):], func(k, v string) {
			switch k {
			case "name":
				e.TargetUser = v
			case "UID":
				e.Set(event.FieldUID, v)
			case "home":
				e.Set(event.FieldHome, v)
			case "shell":
				e.Set(event.FieldShell, v)
			}
		})
	case strings.HasPrefix(msg, "new group: "):
		e.Type = event.TypeGroupAdd
		kv(msg[len("new group: "):], func(k, v string) {
			if k == "name" {
				e.Set(event.FieldGroup, v)
			}
		})
	case strings.HasPrefix(msg, "add '"):
		// "add 'x' to group 'sudo'", "add 'x' to shadow group 'sudo'"
		user, rest, ok := quoted(msg[len("add "):])
		if !ok {
			return
		}
		e.Type, e.TargetUser = event.TypeGroupAdd, user
		if i := strings.Index(rest, "group "); i >= 0 {
			g, _, _ := quoted(rest[i+len("group "):])
			e.Set(event.FieldGroup, g)
		}
	case strings.HasPrefix(msg, "delete user '"), strings.HasPrefix(msg, "delete '"):
		_, rest, _ := cutByte(msg, ' ')
		if strings.HasPrefix(rest, "user ") {
			rest = rest[len("user "):]
		}
		user, _, ok := quoted(rest)
		if ok {
			e.Type, e.TargetUser = event.TypeUserDel, user
		}
	case strings.HasPrefix(msg, "change user '"):
		// usermod: "change user 'x' shell from '/bin/sh' to '/bin/bash'",
		// "change user 'x' home from ...", "change user 'x' UID from ..."
		user, rest, ok := quoted(msg[len("change user "):])
		if !ok {
			return
		}
		e.Type, e.TargetUser = event.TypeUserMod, user
		what, _, _ := cutByte(trimSpace(rest), ' ')
		if _, to, ok := strings.Cut(rest, " to "); ok {
			v, _, _ := quoted(trimSpace(to))
			switch what {
			case "shell":
				e.Set(event.FieldShell, v)
			case "home":
				e.Set(event.FieldHome, v)
			case "UID":
				e.Set(event.FieldUID, v)
			}
		}
	case strings.HasPrefix(msg, "lock user '"), strings.HasPrefix(msg, "unlock user '"), strings.HasPrefix(msg, "change user name '"):
		_, rest, _ := strings.Cut(msg, "user ")
		if strings.HasPrefix(rest, "name ") {
			rest = rest[len("name "):]
		}
		if user, _, ok := quoted(rest); ok {
			e.Type, e.TargetUser = event.TypeUserMod, user
		}
	case strings.HasPrefix(msg, "password changed for "), strings.HasPrefix(msg, "password for '"):
		e.Type = event.TypePasswordChange
		if rest, ok := cut(msg, "password changed for "); ok {
			e.TargetUser = trimSpace(rest)
		} else if u, _, ok := quoted(msg[len("password for "):]); ok {
			e.TargetUser = u // chpasswd/chage: "password for 'x' changed by 'root'"
		}
	case strings.HasPrefix(msg, "changed password expiry for "):
		e.Type = event.TypePasswordChange
		e.TargetUser = trimSpace(msg[len("changed password expiry for "):])
	case name == "groupdel" || name == "groupmod" || name == "gpasswd":
		// "group 'x' removed", "user 'x' added by root to group 'y'"
		if strings.HasPrefix(msg, "user '") {
			u, rest, ok := quoted(msg[len("user "):])
			if ok && strings.Contains(rest, " added ") {
				e.Type, e.TargetUser = event.TypeGroupAdd, u
				if i := strings.Index(rest, "group "); i >= 0 {
					g, _, _ := quoted(rest[i+len("group "):])
					e.Set(event.FieldGroup, g)
				}
			}
		}
	}
}

// cron: "(root) CMD (command)".
func cron(e *event.Event, msg string) {
	e.Source = event.SourceCron
	if pm, ok := parsePAM(msg); ok {
		pamSession(e, pm.text)
		return
	}
	if len(msg) < 2 || msg[0] != '(' {
		return
	}
	user, rest, ok := strings.Cut(msg[1:], ") ")
	if !ok {
		return
	}
	e.User = user
	if cmd, ok := cut(rest, "CMD ("); ok {
		e.Type = event.TypeCronCommand
		// the command may itself end with ")": drop only the last one
		if strings.HasSuffix(cmd, ")") {
			cmd = cmd[:len(cmd)-1]
		}
		e.Set(event.FieldCommand, cmd)
	}
}

// systemd: "Started X.", "Starting X...", "Stopped X.", "Stopping X...",
// "Started Session N of User x." (or "of user x"), and the pam lines of
// systemd-user.
func systemd(e *event.Event, msg string) {
	e.Source = event.SourceSystemd
	if pm, ok := parsePAM(msg); ok {
		pamSession(e, pm.text) // pam_unix(systemd-user:session)
		return
	}
	var unit string
	switch {
	case strings.HasPrefix(msg, "Started "):
		e.Type, unit = event.TypeServiceStart, msg[len("Started "):]
	case strings.HasPrefix(msg, "Starting "):
		unit = msg[len("Starting "):]
	case strings.HasPrefix(msg, "Stopped "):
		e.Type, unit = event.TypeServiceStop, msg[len("Stopped "):]
	case strings.HasPrefix(msg, "Stopping "):
		unit = msg[len("Stopping "):]
	default:
		return
	}
	unit = strings.TrimSuffix(strings.TrimSuffix(unit, "..."), ".")
	if u, ok := cut(unit, "Session "); ok {
		// "Session 3 of User alice" (older) / "Session 3 of user alice"
		if _, who, ok := strings.Cut(u, " of "); ok {
			if w, ok := cut(who, "User "); ok {
				e.User = w
			} else if w, ok := cut(who, "user "); ok {
				e.User = w
			}
		}
	}
	// "Started session-3.scope - Session 3 of User alice." (systemd >= 250
	// writes "unit - description")
	if name, desc, ok := strings.Cut(unit, " - "); ok {
		unit = name
		if w, ok := cutAfter(desc, " of User "); ok {
			e.User = w
		}
	}
	e.Set(event.FieldUnit, unit)
}

// logind: "New session 3 of user alice.", "Removed session 3."
func logind(e *event.Event, msg string) {
	e.Source = event.SourceSystemd
	if rest, ok := cut(msg, "New session "); ok {
		if _, who, ok := strings.Cut(rest, " of user "); ok {
			e.Type, e.User = event.TypeSessionOpen, strings.TrimSuffix(who, ".")
		}
	} else if strings.HasPrefix(msg, "Removed session ") {
		e.Type = event.TypeSessionClose
	}
}

// kernel: "[12345.678901] message" -> the message without the uptime.
func kernel(e *event.Event, msg string) {
	e.Source = event.SourceKernel
	e.Type = event.TypeKernel
	if strings.HasPrefix(msg, "[") {
		if i := strings.IndexByte(msg, ']'); i > 0 {
			up := trimSpace(msg[1:i])
			isStamp := up != ""
			for j := 0; j < len(up); j++ {
				if !isDigit(up[j]) && up[j] != '.' {
					isStamp = false
					break
				}
			}
			if isStamp {
				e.Message = trimSpace(msg[i+1:])
			}
		}
	}
}

// kv calls fn for each "k=v" of "k=v, k=v".
func kv(s string, fn func(k, v string)) {
	for s != "" {
		var item string
		if i := strings.Index(s, ", "); i >= 0 {
			item, s = s[:i], s[i+2:]
		} else {
			item, s = s, ""
		}
		if k, v, ok := cutByte(item, '='); ok {
			fn(trimSpace(k), trimSpace(v))
		}
	}
}

// quoted reads "'x'..." and returns x and what follows.
func quoted(s string) (v, rest string, ok bool) {
	if len(s) < 2 || s[0] != '\'' {
		return "", s, false
	}
	i := strings.IndexByte(s[1:], '\'')
	if i < 0 {
		return "", s, false
	}
	return s[1 : 1+i], s[i+2:], true
}

// cut returns s without prefix and whether it had it.
func cut(s, prefix string) (string, bool) {
	if strings.HasPrefix(s, prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// cutByte is strings.Cut for a separator of one byte, found with
// strings.IndexByte directly: Cut goes through strings.Index, which
// costs twice as much for the short strings of a message.
func cutByte(s string, sep byte) (before, after string, found bool) {
	if i := strings.IndexByte(s, sep); i >= 0 {
		return s[:i], s[i+1:], true
	}
	return s, "", false
}

// cutAfter returns what follows sep in s, without a final '.'.
func cutAfter(s, sep string) (string, bool) {
	if _, after, ok := strings.Cut(s, sep); ok {
		return strings.TrimSuffix(after, "."), true
	}
	return "", false
}

// first returns the first non-empty string.
func first(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}
