package access

import "strings"

// parseCLF reads a line of the Common Log Format family by hand:
//
//	[vhost[:port] ]client ident user [time] "request" status bytes[ "referer" "user-agent"[ extra]]
//
// client may be an X-Forwarded-For list ("a, b"), user may hold spaces,
// and a syslog header ending in "tag:" may come first. Quotes inside
// the quoted fields are found escaped (\" Apache, \x22 nginx) or not
// (old servers): a quote closes a field only where what follows fits.
func parseCLF(s string, r *rec) bool {
	if s == "" || s[0] == '"' {
		return false // a quoted line: Parser.parse reads inside the quotes
	}
	// Tokens before the '[' of the time.
	type span struct{ a, b int }
	var toks [8]span
	n := 0
	pos := 0
	for {
		if pos >= len(s) {
			return false
		}
		if s[pos] == '[' {
			break
		}
		sp := strings.IndexByte(s[pos:], ' ')
		if sp <= 0 {
			return false
		}
		end := pos + sp
		if n > 0 && s[toks[n-1].b-1] == ',' {
			toks[n-1].b = end // "a, b": one address list
		} else {
			if n == len(toks) {
				return false
			}
			toks[n] = span{pos, end}
			n++
		}
		pos = end + 1
	}
	first := 0
	if n > 4 {
		// "Oct 10 13:55:36 web nginx: 1.2.3.4 - - [...": a syslog header.
		for k := n - 4; k >= 0; k-- {
			if s[toks[k].b-1] == ':' {
				r.other = append(r.other, kv{FieldPrefix, s[:toks[k].b]})
				first = k + 1
				break
			}
		}
	}
	t := toks[first:n]
	switch {
	case len(t) == 3:
		r.addr(s[t[0].a:t[0].b])
		r.ident = dash(s[t[1].a:t[1].b])
		r.user = dash(s[t[2].a:t[2].b])
	case len(t) == 4 && (hasPort(s[t[0].a:t[0].b]) || s[t[1].a:t[1].b] != "-"):
		// vhost_combined ("%v:%p %h %l %u"), or a vhost without its port:
		// not a user name with a space, whose ident would be "-".
		r.vhostPort(s[t[0].a:t[0].b])
		r.addr(s[t[1].a:t[1].b])
		r.ident = dash(s[t[2].a:t[2].b])
		r.user = dash(s[t[3].a:t[3].b])
	case len(t) >= 4:
		// A user name with spaces ("%u" of a form login).
		r.addr(s[t[0].a:t[0].b])
		r.ident = dash(s[t[1].a:t[1].b])
		r.user = s[t[2].a:t[len(t)-1].b]
	default:
		return false
	}

	// [time]
	k := strings.IndexByte(s[pos:], ']')
	if k < 0 {
		return false
	}
	ts := s[pos+1 : pos+k]
	if !r.t.parseCLFTime(ts) {
		return false
	}
	r.clfTime = ts
	pos += k + 1
	if !strings.HasPrefix(s[pos:], ` "`) {
		return false
	}
	pos += 2

	// "request" status bytes
	end := closeQuote(s, pos, requestEnd, false)
	if end < 0 {
		end = closeQuote(s, pos, requestEnd, true)
		if end < 0 {
			return false
		}
	}
	r.request = s[pos:end]
	pos = end + 2
	sp := strings.IndexByte(s[pos:], ' ')
	if sp < 0 {
		r.status = dash(s[pos:])
		return true // status without bytes: seen in hand-trimmed logs
	}
	r.status = dash(s[pos : pos+sp])
	pos += sp + 1
	sp = strings.IndexByte(s[pos:], ' ')
	if sp < 0 {
		sp = len(s) - pos
	}
	b := s[pos : pos+sp]
	if b != "-" && !digits(b) {
		return false
	}
	r.bytes = dash(b)
	pos += sp
	if pos == len(s) {
		return true // common
	}

	// "referer" "user-agent"
	if !strings.HasPrefix(s[pos:], ` "`) {
		// Something else after the bytes (a time, a cookie): kept.
		r.extra = strings.TrimSpace(s[pos:])
		return true
	}
	pos += 2
	end = closeQuote(s, pos, refererEnd, false)
	if end < 0 {
		if end = closeQuote(s, pos, refererEnd, true); end < 0 {
			return false
		}
	}
	r.referer = dash(s[pos:end])
	pos = end + 3
	end = closeQuote(s, pos, uaEnd, false)
	if end < 0 {
		if end = closeQuote(s, pos, uaEnd, true); end < 0 {
			// No closing quote: a line cut inside the user agent.
			r.ua = s[pos:]
			return true
		}
	}
	r.ua = dash(s[pos:end])
	pos = end + 1
	if pos == len(s) {
		return true // combined
	}

	// Extras. nginx's default "main" format adds "$http_x_forwarded_for".
	rest := s[pos+1:]
	if strings.HasPrefix(rest, `"`) {
		if e := closeQuote(rest, 1, fieldEnd, false); e > 0 && addrList(rest[1:e]) {
			r.xff = dash(rest[1:e])
			rest = rest[e+1:]
			if rest != "" {
				rest = rest[1:]
			}
		}
	}
	r.extra = strings.TrimSpace(rest)
	return true
}

// closeQuote returns the index of the '"' closing a quoted field that
// starts at s[pos]: the first one, not escaped by a backslash (unless
// plain), for which after(s, i) holds. -1 if none.
func closeQuote(s string, pos int, after func(string, int) bool, plain bool) int {
	for i := pos; i < len(s); {
		k := strings.IndexByte(s[i:], '"')
		if k < 0 {
			return -1
		}
		i += k
		if (plain || !escaped(s, pos, i)) && after(s, i) {
			return i
		}
		i++
	}
	return -1
}

// requestEnd: the request's quote is followed by " status" and then a
// space or the end of the line.
func requestEnd(s string, i int) bool {
	if i+2 > len(s) || s[i+1] != ' ' {
		return false
	}
	st := s[i+2:]
	if strings.HasPrefix(st, "-") {
		return len(st) == 1 || st[1] == ' '
	}
	return len(st) >= 3 && digits(st[:3]) && (len(st) == 3 || st[3] == ' ')
}

// refererEnd: the referer's quote is followed by ` "`.
func refererEnd(s string, i int) bool {
	return i+2 < len(s) && s[i+1] == ' ' && s[i+2] == '"'
}

// fieldEnd: the quote ends the line or is followed by a space.
func fieldEnd(s string, i int) bool {
	return i+1 == len(s) || s[i+1] == ' '
}

// uaEnd: the user agent's quote ends the line, or is followed by a
// space and what extras start with (a quote, a number, "-", a key= or
// key:), so that an unescaped `" ` inside the agent does not end it.
func uaEnd(s string, i int) bool {
	if i+1 == len(s) {
		return true
	}
	if s[i+1] != ' ' || i+2 == len(s) {
		return false
	}
	switch c := s[i+2]; {
	case c == '"', c == '-', c >= '0' && c <= '9':
		return true
	}
	j := i + 2
	for j < len(s) && isVarChar(s[j]) {
		j++
	}
	return j > i+2 && j < len(s) && (s[j] == '=' || s[j] == ':')
}

// addrList reports whether s looks like an X-Forwarded-For value: "-",
// or addresses separated by commas.
func addrList(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
		case c == '.', c == ':', c == ',', c == ' ', c == '-', c == '[', c == ']':
		case c == 'u' || c == 'n' || c == 'k' || c == 'o' || c == 'w': // "unknown"
		default:
			return false
		}
	}
	return true
}

// hasPort reports whether s ends in ":digits".
func hasPort(s string) bool {
	i := strings.LastIndexByte(s, ':')
	return i >= 0 && atoi(s[i+1:]) > 0
}
