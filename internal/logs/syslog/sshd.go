package syslog

import (
	"strings"

	"github.com/yingji/yingji/internal/event"
)

// f2bKind is how fail2ban's sshd filter reads a message (see fail2ban.go).
type f2bKind uint8

const (
	f2bNone   f2bKind = iota // no failregex matches: the line is not seen
	f2bFail                  // a failure
	f2bNoFail                // read for the address and user only (<F-NOFAIL>)
	f2bGained                // "Accepted": a login (<F-MLFGAINED>)
)

// verdict is what fail2ban's matching regex would capture.
type verdict struct {
	kind   f2bKind
	forget bool   // <F-MLFFORGET>: the connection ends
	user   string // <F-USER>, "" when absent or empty
}

// sshd reads an sshd message. oldPAM is set for "sshd(pam_unix)[pid]:"
// lines; repeated for the inner message of "message repeated".
func (p *Parser) sshd(e *event.Event, msg string, oldPAM, repeated bool) {
	e.Source = event.SourceSSHD
	var v verdict
	if oldPAM {
		sshdOldPAM(e, msg)
	} else {
		// fail2ban's __pref: "error: ", "fatal: ", optionally "PAM: "
		m := msg
		if m != "" && (m[0] == 'e' || m[0] == 'f') { // a byte rules out most messages
			if r, ok := cut(m, "error: "); ok {
				m, _ = cut(r, "PAM: ")
			} else if r, ok := cut(m, "fatal: "); ok {
				m, _ = cut(r, "PAM: ")
			}
		}
		v = sshdMessage(e, m)
	}
	if repeated {
		// fail2ban never sees the inner line (its expressions are
		// anchored at the start of the message)
		v = verdict{}
	}
	p.conns.apply(e, v)
}

// sshdMessage classifies one sshd message (prefixes removed) into e and
// returns how fail2ban reads it.
func sshdMessage(e *event.Event, m string) verdict {
	if len(m) == 0 {
		return verdict{}
	}
	switch m[0] {
	case 'F':
		if rest, ok := cut(m, "Failed "); ok {
			return sshdFailed(e, rest)
		}
	case 'A':
		if rest, ok := cut(m, "Accepted "); ok {
			method, rest, _ := cutByte(rest, ' ')
			rest, ok := cut(rest, "for ")
			if !ok {
				return verdict{}
			}
			user, host, after, ok := fromHost(rest, false)
			if !ok {
				return verdict{}
			}
			e.Type, e.User, e.SrcIP = event.TypeSSHAccepted, user, host
			e.Set(event.FieldAuthMethod, method)
			portKey(e, after)
			if strings.IndexByte(user, ' ') >= 0 {
				return verdict{} // fail2ban: "for <F-USER>\S+</F-USER> from"
			}
			return verdict{kind: f2bGained, forget: true, user: user}
		}
		if rest, ok := cut(m, "Authentication failure for "); ok {
			return sshdSimpleFail(e, rest, event.TypeSSHFailed, true)
		}
		if rest, ok := cut(m, "Authentication failed for "); ok {
			return sshdSimpleFail(e, rest, event.TypeSSHFailed, true)
		}
		if rest, ok := cut(m, "Authentication error for "); ok {
			return sshdSimpleFail(e, rest, event.TypeSSHFailed, true)
		}
		if rest, ok := cut(m, "Address "); ok {
			// "Address IP maps to NAME, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!"
			ip, _, _ := cutByte(rest, ' ')
			e.SrcIP = ip
		}
	case 'a':
		if rest, ok := cut(m, "authentication failure for "); ok {
			return sshdSimpleFail(e, rest, event.TypeSSHFailed, true)
		}
	case 'I', 'i':
		if rest, ok := cut(m, "Invalid user "); ok {
			return sshdSimpleFail(e, rest, event.TypeSSHInvalidUser, true)
		}
		if rest, ok := cut(m, "Illegal user "); ok {
			return sshdSimpleFail(e, rest, event.TypeSSHInvalidUser, true)
		}
		if rest, ok := cut(m, "invalid user "); ok { // fail2ban's [iI]nvalid
			return sshdSimpleFail(e, rest, event.TypeSSHInvalidUser, true)
		}
		if rest, ok := cut(m, "input_userauth_request: invalid user "); ok {
			// the same attempt as "Invalid user X from H": not a second failure
			e.User = strings.TrimSuffix(strings.TrimSuffix(rest, " [preauth]"), " ")
		}
	case 'm':
		if rest, ok := cut(m, "maximum authentication attempts exceeded for "); ok {
			return sshdSimpleFail(e, rest, event.TypeSSHMaxAuth, false)
		}
	case 'C':
		if rest, ok := cut(m, "Connection closed by "); ok {
			return sshdClosed(e, rest)
		}
		if rest, ok := cut(m, "Connection reset by "); ok {
			return sshdClosed(e, rest)
		}
		if rest, ok := cut(m, "Connection from "); ok {
			// "Connection from H port N on A port M" (LogLevel VERBOSE)
			host, after, ok := hostAt(rest)
			if !ok {
				return verdict{}
			}
			e.SrcIP = host
			after = portOf(e, after, &e.SrcPort)
			if on, ok := cut(after, " on "); ok {
				dst, after2, ok := hostAt(on)
				if ok {
					e.DstIP = dst
					portOf(e, after2, &e.DstPort)
				}
			}
			return verdict{kind: f2bNoFail}
		}
		if rest, ok := cut(m, "Close session: user "); ok {
			user, host, after, ok := fromHost(rest, false)
			if ok {
				e.User, e.SrcIP = user, host
				portOf(e, after, &e.SrcPort)
			}
		}
	case 'D':
		if rest, ok := cut(m, "Disconnected from "); ok {
			return sshdClosed(e, rest)
		}
		if rest, ok := cut(m, "Disconnecting: Too many authentication failures"); ok {
			e.Type = event.TypeSSHMaxAuth
			user := ""
			if r, ok := cut(rest, " for "); ok {
				user, _, _ = cutByte(r, ' ')
				e.User = user
			}
			return verdict{kind: f2bFail, user: user}
		}
		if rest, ok := cut(m, "Disconnecting "); ok {
			// OpenSSH >= 7.5: "Disconnecting invalid user X H port N: Too
			// many authentication failures [preauth]", "...: Change of
			// username or service not allowed: ..."
			rest, _ = cut(rest, "from ")
			invalid := false
			if r, ok := cut(rest, "invalid user "); ok {
				rest, invalid = r, true
			} else if r, ok := cut(rest, "authenticating user "); ok {
				rest = r
			} else if r, ok := cut(rest, "user "); ok {
				rest = r
			} else {
				return verdict{}
			}
			user, host, after, ok := userHost(rest)
			if !ok {
				return verdict{}
			}
			e.User, e.SrcIP = user, host
			after = portOf(e, after, &e.SrcPort)
			reason, _ := cut(after, ": ")
			switch {
			case strings.HasPrefix(reason, "Too many authentication failures"):
				e.Type = event.TypeSSHMaxAuth
			case strings.HasPrefix(reason, "Change of username or service not allowed:"):
				e.Type = event.TypeSSHFailed
				if invalid {
					e.Type = event.TypeSSHInvalidUser
				}
				if strings.HasSuffix(reason, "[preauth]") && strings.IndexByte(user, ' ') < 0 {
					return verdict{kind: f2bFail, forget: true, user: user}
				}
			default:
				e.Type = event.TypeSSHDisconnect
			}
		}
		if rest, ok := cut(m, "Did not receive identification string from "); ok {
			host, after, ok := hostAt(rest)
			if ok {
				e.SrcIP = host
				portOf(e, after, &e.SrcPort)
			}
		}
	case 'R':
		if rest, ok := cut(m, "Received disconnect from "); ok {
			host, after, ok := hostAt(strings.TrimSuffix(rest, ":"))
			if !ok {
				return verdict{}
			}
			e.Type, e.SrcIP = event.TypeSSHDisconnect, host
			after = portOf(e, after, &e.SrcPort)
			on := after
			if r, ok := cut(on, " on "); ok { // fail2ban's __on_port_opt
				_, on, _ = cutByte(r, ' ')
				on = " " + on
			}
			if len(on) == 0 || on[0] != ':' {
				return verdict{}
			}
			code := trimSpace(on[1:])
			switch {
			case strings.HasPrefix(code, "11:"):
				return verdict{kind: f2bNoFail, forget: true}
			case strings.HasPrefix(code, "3:"):
				body := strings.TrimSuffix(trimSpace(code[2:]), " [preauth]")
				if strings.HasSuffix(body, ": Auth fail") && strings.HasPrefix(code[2:], " ") {
					e.Type = event.TypeSSHFailed
					return verdict{kind: f2bFail, forget: true}
				}
			}
			return verdict{}
		}
		if rest, ok := cut(m, "ROOT LOGIN REFUSED FROM "); ok {
			host, after, ok := hostAt(rest)
			if ok {
				e.Type, e.User, e.SrcIP = event.TypeSSHFailed, "root", host
				portOf(e, after, &e.SrcPort)
				return verdict{kind: f2bFail, user: "ROOT"}
			}
		}
	case 'r':
		if rest, ok := cut(m, "refused connect from "); ok {
			// tcp wrappers: "refused connect from NAME (IP)"
			if _, in, ok := strings.Cut(rest, " ("); ok {
				host, _, ok := cutByte(in, ')')
				if ok && isHost(host) {
					e.SrcIP = host
					return verdict{kind: f2bFail}
				}
			}
		}
		if rest, ok := cut(m, "reverse mapping checking getaddrinfo for "); ok {
			// "... for NAME [IP] failed - POSSIBLE BREAK-IN ATTEMPT!"
			if _, in, ok := strings.Cut(rest, " ["); ok {
				ip, _, _ := cutByte(in, ']')
				e.SrcIP = ip
			}
		}
	case 'U':
		if rest, ok := cut(m, "User not known to the underlying authentication module for "); ok {
			return sshdSimpleFail(e, rest, event.TypeSSHInvalidUser, true)
		}
		if rest, ok := cut(m, "User "); ok {
			return sshdNotAllowed(e, rest)
		}
		if rest, ok := cut(m, "Unable to negotiate with "); ok {
			host, after, ok := hostAt(rest)
			if ok {
				e.SrcIP = host
				portOf(e, after, &e.SrcPort)
			}
		}
	case 'B':
		if rest, ok := cut(m, "Bad protocol version identification "); ok {
			if i := strings.LastIndex(rest, " from "); i >= 0 {
				host, after, ok := hostAt(rest[i+len(" from "):])
				if ok {
					e.SrcIP = host
					portOf(e, after, &e.SrcPort)
				}
			}
		}
	case 'P':
		if rest, ok := cut(m, "PAM "); ok {
			// "PAM 5 more authentication failures; logname= ... rhost=H  user=X"
			if _, r, ok := strings.Cut(rest, " more authentication failure"); ok {
				e.Type = event.TypeSSHMaxAuth
				_, list, _ := cutByte(r, ';')
				_, rhost, user, tty, _ := pamKV(list)
				e.SrcIP, e.User = rhost, user
				e.Set(event.FieldTTY, tty)
			}
		}
		if rest, ok := cut(m, "Postponed "); ok {
			method, rest, _ := cutByte(rest, ' ')
			if r, ok := cut(rest, "for "); ok {
				if user, host, after, ok := fromHost(r, false); ok {
					e.User, e.SrcIP = user, host
					e.Set(event.FieldAuthMethod, method)
					portOf(e, after, &e.SrcPort)
				}
			}
		}
	case 'S':
		if rest, ok := cut(m, "Starting session: "); ok {
			// "Starting session: shell on pts/0 for X from IP port N id 0"
			if _, r, ok := strings.Cut(rest, " on "); ok {
				tty, r2, _ := cutByte(r, ' ')
				e.Set(event.FieldTTY, tty)
				rest = r2
			}
			if r, ok := cut(strings.TrimPrefix(rest, " "), "for "); ok {
				rest = r
			} else if _, r, ok := strings.Cut(rest, " for "); ok {
				rest = r
			}
			if user, host, after, ok := fromHost(rest, false); ok {
				e.User, e.SrcIP = user, host
				portOf(e, after, &e.SrcPort)
			}
		}
	case 'p':
		return sshdPAM(e, m)
	}
	return verdict{}
}

// sshdFailed reads what follows "Failed ": "METHOD for [invalid user ]X
// from H port N ssh2[: KEYTYPE FP]".
func sshdFailed(e *event.Event, rest string) verdict {
	method, rest, ok := cutByte(rest, ' ')
	if !ok {
		return verdict{}
	}
	rest, ok = cut(rest, "for ")
	if !ok {
		return verdict{}
	}
	invalid := false
	if r, ok := cut(rest, "invalid user "); ok {
		rest, invalid = r, true
	}
	user, host, after, ok := fromHost(rest, false)
	if !ok {
		return verdict{}
	}
	e.Type, e.User, e.SrcIP = event.TypeSSHFailed, user, host
	if invalid {
		e.Type = event.TypeSSHInvalidUser
	}
	e.Set(event.FieldAuthMethod, method)
	portKey(e, after)
	if method == "publickey" && !invalid {
		return verdict{kind: f2bNoFail, user: user} // publickey=nofail
	}
	return verdict{kind: f2bFail, user: user}
}

// sshdSimpleFail reads "X from H[ port N][ ssh2][ [preauth]]"; lazy is
// fail2ban's non-greedy user (the first " from "), else the last.
func sshdSimpleFail(e *event.Event, rest, typ string, lazy bool) verdict {
	user, host, after, ok := fromHost(rest, !lazy)
	if !ok {
		return verdict{}
	}
	e.Type, e.SrcIP = typ, host
	e.User = user
	if typ == event.TypeSSHMaxAuth {
		e.User, _ = cut(user, "invalid user ")
	}
	portKey(e, after)
	if !suffixOK(after) {
		return verdict{}
	}
	return verdict{kind: f2bFail, user: user}
}

// sshdClosed reads what follows "Connection closed by ", "Connection
// reset by " or "Disconnected from ": "[invalid user X |authenticating
// user X |user X ]H port N[ [preauth]]".
func sshdClosed(e *event.Event, rest string) verdict {
	e.Type = event.TypeSSHDisconnect
	f2b := true
	user := ""
	var host, after string
	var ok bool
	switch {
	case strings.HasPrefix(rest, "invalid user "), strings.HasPrefix(rest, "authenticating user "):
		_, rest, _ = strings.Cut(rest, "user ")
		user, host, after, ok = userHost(rest)
	case strings.HasPrefix(rest, "user "):
		// after a session; fail2ban's expression does not match it
		user, host, after, ok = userHost(rest[len("user "):])
		f2b = false
	default:
		host, after, ok = hostAt(rest)
	}
	if !ok {
		return verdict{}
	}
	e.User, e.SrcIP = user, host
	portKey(e, after)
	if !f2b || !suffixOK(after) || strings.IndexByte(user, ' ') >= 0 {
		return verdict{}
	}
	return verdict{kind: f2bNoFail, forget: true, user: user}
}

// sshdNotAllowed reads what follows "User ": "X from H not allowed
// because ..." or "X not allowed because account is locked".
func sshdNotAllowed(e *event.Event, rest string) verdict {
	if user, reason, ok := strings.Cut(rest, " not allowed because account is locked"); ok && !strings.Contains(user, " from ") {
		_ = reason
		e.Type, e.User = event.TypeSSHFailed, user
		return verdict{kind: f2bFail, user: user}
	}
	user, host, after, ok := fromHost(rest, false)
	if !ok {
		return verdict{}
	}
	reason, ok := cut(after, " not allowed because ")
	if !ok {
		return verdict{}
	}
	e.Type, e.User, e.SrcIP = event.TypeSSHFailed, user, host
	for _, r := range [...]string{"not listed in AllowUsers", "listed in DenyUsers", "not in any group",
		"a group is listed in DenyGroups", "none of user's groups are listed in AllowGroups"} {
		if r2, ok := cut(reason, r); ok && suffixOK(r2) {
			return verdict{kind: f2bFail, user: user}
		}
	}
	return verdict{}
}

// sshdPAM reads "pam_unix(sshd:...)" messages.
func sshdPAM(e *event.Event, m string) verdict {
	pm, ok := parsePAM(m)
	if !ok {
		return verdict{}
	}
	if pamSession(e, pm.text) {
		return verdict{}
	}
	if strings.HasPrefix(pm.text, "check pass; user unknown") {
		return verdict{}
	}
	ruser, rhost, user, tty, _, ok := pamAuthFailure(pm.text)
	if !ok {
		return verdict{}
	}
	// the twin of the "Failed password" line sshd logs next: left
	// unclassified, so a guess is not counted twice
	e.User, e.SrcIP = user, rhost
	e.Set(event.FieldTTY, tty)
	_ = ruser
	if pm.service == "sshd" && pm.kind == "auth" && isHost(rhost) && strings.HasPrefix(m[len(pm.module):], "(sshd:auth): ") {
		return verdict{kind: f2bNoFail, user: user}
	}
	return verdict{}
}

// sshdOldPAM reads the "sshd(pam_unix)[pid]:" messages of old PAM.
func sshdOldPAM(e *event.Event, m string) {
	switch {
	case pamSession(e, m):
	case strings.HasPrefix(m, "check pass; user unknown"):
		e.Type = event.TypeSSHInvalidUser
	case strings.HasPrefix(m, "authentication failure;"):
		_, rhost, user, tty, _, _ := pamAuthFailure(m)
		e.Type, e.User, e.SrcIP = event.TypeSSHFailed, user, rhost
		e.Set(event.FieldTTY, tty)
	}
}

// fromHost splits "USER from HOST rest" at the first (or, when last, the
// last) " from " followed by a host.
func fromHost(s string, last bool) (user, host, rest string, ok bool) {
	if last {
		for end := len(s); ; {
			i := strings.LastIndex(s[:end], " from ")
			if i < 0 {
				return "", "", "", false
			}
			if h, r, ok := hostAt(s[i+len(" from "):]); ok {
				return s[:i], h, r, true
			}
			end = i
		}
	}
	for start := 0; start <= len(s); {
		i := strings.Index(s[start:], " from ")
		if i < 0 {
			return "", "", "", false
		}
		i += start
		if h, r, ok := hostAt(s[i+len(" from "):]); ok {
			return s[:i], h, r, true
		}
		start = i + 1
	}
	return "", "", "", false
}

// userHost splits "USER HOST rest" where the user has no space.
func userHost(s string) (user, host, rest string, ok bool) {
	user, r, ok := cutByte(s, ' ')
	if !ok {
		return "", "", "", false
	}
	host, rest, ok = hostAt(r)
	return user, host, rest, ok
}

// hostAt reads the address or host name at the start of s.
func hostAt(s string) (host, rest string, ok bool) {
	i := strings.IndexByte(s, ' ')
	if i < 0 {
		i = len(s)
	}
	host, rest = s[:i], s[i:]
	if len(host) > 1 && host[len(host)-1] == ':' && !strings.Contains(host[:len(host)-1], ":") {
		// "from 1.2.3.4: 11: Bye" (no port)
		host, rest = host[:len(host)-1], s[i-1:]
	}
	if len(host) > 2 && host[0] == '[' && host[len(host)-1] == ']' {
		host = host[1 : len(host)-1]
	}
	if !isHost(host) {
		return "", "", false
	}
	return host, rest, true
}

// isHost reports whether h can be an IPv4 or IPv6 address or a DNS name
// (fail2ban's <HOST>: letters, digits, '.', '-', '_', ':').
func isHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for i := 0; i < len(h); i++ {
		if !hostByte[h[i]] {
			return false
		}
	}
	return true
}

// hostByte tells the bytes of a host (isHost): a table rather than the
// comparisons, made for every byte of every address read.
var hostByte = func() (t [256]bool) {
	for c := range 256 {
		b := byte(c)
		t[c] = isDigit(b) || b|0x20 >= 'a' && b|0x20 <= 'z' || b == '.' || b == '-' || b == '_' || b == ':' || b == '%'
	}
	return t
}()

// portOf reads " port N" at the start of s into *port.
func portOf(e *event.Event, s string, port *int) string {
	if r, ok := cut(s, " port "); ok {
		i := 0
		for i < len(r) && isDigit(r[i]) {
			i++
		}
		if n, ok := atoi(r[:i]); ok && n < 65536 {
			*port = n
		}
		return r[i:]
	}
	return s
}

// portKey reads " port N[ ssh2][: KEYTYPE FINGERPRINT]" into e.
func portKey(e *event.Event, s string) {
	s = portOf(e, s, &e.SrcPort)
	s, _ = cut(s, " ssh2")
	if r, ok := cut(s, ": "); ok {
		typ, rest, _ := cutByte(r, ' ')
		fp, _, _ := cutByte(rest, ' ')
		e.Set(event.FieldKeyType, typ)
		e.Set(event.FieldKeyFingerprint, fp)
	}
}

// suffixOK reports whether s (what follows the host) is fail2ban's
// __suff: up to three of " port N", " on X", " [preauth]", an optional
// " ssh2" after the port, then only spaces.
func suffixOK(s string) bool {
	for k := 0; k < 4; k++ {
		switch {
		case strings.HasPrefix(s, " port "):
			r := s[len(" port "):]
			i := 0
			for i < len(r) && isDigit(r[i]) {
				i++
			}
			if i == 0 {
				return false
			}
			s = r[i:]
			s, _ = cut(s, " ssh2")
		case strings.HasPrefix(s, " on "):
			r := s[len(" on "):]
			i := strings.IndexByte(r, ' ')
			if i < 0 {
				i = len(r)
			}
			if i == 0 {
				return false
			}
			s = r[i:]
		case strings.HasPrefix(s, " [preauth]"):
			s = s[len(" [preauth]"):]
		}
	}
	return trimSpace(s) == ""
}
