package access

import (
	"strings"

	"github.com/yingji/yingji/internal/event"
)

// kv is a field kept under its own name.
type kv struct{ k, v string }

// rec is what one line says, as substrings of the line, before it
// becomes an Event. It is reused from line to line.
type rec struct {
	srcIP, dstIP, ident, user         string
	request, method, url, path, query string
	proto, status, bytes, referer, ua string
	xff, vhost, host, extra, uri      string
	srcPort, dstPort                  int
	t                                 tparts
	clfTime                           string // the CLF time text, for the parser's one-entry cache
	other                             []kv
}

func (r *rec) reset() {
	other := r.other[:0]
	*r = rec{}
	r.other = other
}

// dash returns "" for the "-" servers write for an empty value.
func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

// atoi parses a port; 0 when it is not one.
func atoi(s string) int {
	if len(s) == 0 || len(s) > 5 {
		return 0
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0
		}
		n = n*10 + int(s[i]-'0')
	}
	if n > 65535 {
		return 0
	}
	return n
}

// addr sets the client address. A list ("203.0.113.7, 10.0.0.1": the
// X-Forwarded-For header logged in place of the peer address) gives its
// first element, the client it claims, and is kept whole as
// x_forwarded_for.
func (r *rec) addr(v string) {
	v = dash(v)
	if i := strings.IndexByte(v, ','); i >= 0 {
		if r.xff == "" {
			r.xff = v
		}
		v = strings.TrimSpace(v[:i])
	}
	r.srcIP = v
}

// vhostPort sets the vhost from "name:port" (Apache's vhost_combined
// "%v:%p"): the port goes to DstPort when it is one.
func (r *rec) vhostPort(v string) {
	v = dash(v)
	if i := strings.LastIndexByte(v, ':'); i >= 0 {
		if p := atoi(v[i+1:]); p > 0 && !strings.Contains(v[:i], ":") {
			r.dstPort = p
			v = v[:i]
		}
	}
	r.vhost = v
}

// apply stores the captured fields of a compiled format.
func (r *rec) apply(caps []capture) bool {
	for _, c := range caps {
		v := c.val
		switch c.it.kind {
		case kAddr:
			r.addr(v)
		case kServerAddr:
			r.dstIP = dash(v)
		case kIdent:
			r.ident = dash(v)
		case kUser:
			r.user = dash(v)
		case kTimeCLF:
			if !r.t.parseCLFTime(v) {
				return false
			}
		case kTimeCLFB:
			if len(v) < 2 || !r.t.parseCLFTime(v[1:len(v)-1]) {
				return false
			}
		case kTimeISO:
			if !r.t.parseISO(v) {
				return false
			}
		case kTimeStrf:
			if !r.t.parseStrftime(c.it.name, v) {
				return false
			}
		case kTimeUnit:
			if !r.t.parseUnix(v, c.it.scale) {
				return false
			}
		case kTimeFrac:
			ns, _ := frac(v, 0)
			r.t.nsec = ns
		case kDate:
			r.t.isoDate(v, 0)
		case kClock:
			r.t.clock(v, 0)
		case kHost:
			r.host = dash(v)
		case kUAPlus:
			r.ua = strings.ReplaceAll(dash(v), "+", " ")
		case kRequest:
			r.request = v
		case kMethod:
			r.method = dash(v)
		case kURI:
			r.url = dash(v)
		case kPath:
			r.path = dash(v)
		case kDecodedPath:
			r.uri = dash(v)
		case kQuery:
			r.query = dash(v)
		case kQueryQ:
			r.query = strings.TrimPrefix(v, "?")
		case kProtocol:
			r.proto = dash(v)
		case kStatus:
			r.status = dash(v)
		case kBytes:
			r.bytes = dash(v)
		case kReferer:
			r.referer = dash(v)
		case kUA:
			r.ua = dash(v)
		case kXFF:
			r.xff = dash(v)
		case kVhost:
			r.vhost = dash(v)
		case kServerPort:
			r.dstPort = atoi(v)
		case kRemotePort:
			r.srcPort = atoi(v)
		case kNum, kOther:
			if v = dash(v); v != "" {
				r.other = append(r.other, kv{c.it.name, v})
			}
		}
	}
	return true
}

// isToken reports whether s is an HTTP method token (RFC 9110 tchar).
func isToken(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// finish derives what the line gives only implicitly: method, target
// and protocol from the request line, path and query from the target,
// or the target from path and query.
func (r *rec) finish() {
	if req := r.request; req != "" && req != "-" {
		// "METHOD target PROTOCOL"; anything else (a TLS handshake sent to
		// the HTTP port, garbage) stays only in Message.
		if i := strings.IndexByte(req, ' '); i > 0 && isToken(req[:i]) {
			if r.method == "" {
				r.method = req[:i]
			}
			target := req[i+1:]
			if j := strings.LastIndexByte(target, ' '); j >= 0 && strings.HasPrefix(target[j+1:], "HTTP/") {
				if r.proto == "" {
					r.proto = target[j+1:]
				}
				target = target[:j]
			}
			if r.url == "" {
				r.url = target
			}
		}
	}
	if r.url == "" && r.path == "" {
		r.path = r.uri
	}
	if r.url != "" {
		if r.path == "" && r.query == "" {
			if q := strings.IndexByte(r.url, '?'); q >= 0 {
				r.path, r.query = r.url[:q], r.url[q+1:]
			} else {
				r.path = r.url
			}
		}
	} else if r.path != "" {
		// Separate path and query fields (Apache "%U%q", nginx
		// "$uri?$args"): the target is rebuilt, the one allocation this
		// costs is for formats that do not log the request line.
		if r.query != "" {
			r.url = r.path + "?" + r.query
		} else {
			r.url = r.path
		}
	}
}

// event builds the Event of a parsed line.
func (p *Parser) event(raw string, n int64, r *rec, f *Format) *event.Event {
	ev := &event.Event{
		Source:  event.SourceWeb,
		Type:    event.TypeWebRequest,
		Raw:     raw,
		File:    p.opts.File,
		Line:    n,
		Host:    r.host,
		User:    r.user,
		SrcIP:   r.srcIP,
		SrcPort: r.srcPort,
		DstIP:   r.dstIP,
		DstPort: r.dstPort,
		Message: dash(r.request),
	}
	if r.t.set {
		if r.clfTime != "" && r.clfTime == p.lastTimeStr {
			ev.At = p.lastTime
		} else if at, guessed, ok := r.t.time(&p.zones, p.loc); ok {
			// W3C times are UTC by the format's definition.
			if f.Syntax == SyntaxW3C && p.opts.Location == nil {
				guessed = false
			}
			ev.At, ev.TimeGuessed = at, guessed
			if r.clfTime != "" && !guessed {
				p.lastTimeStr, p.lastTime = r.clfTime, at
			}
		}
	}
	// Count first: a map sized once is cheaper than one grown.
	n2 := len(r.other)
	for _, s := range [...]string{r.method, r.url, r.path, r.query, r.proto, r.status, r.bytes, r.referer, r.ua, r.xff, r.vhost, r.ident, r.extra} {
		if s != "" {
			n2++
		}
	}
	if n2 == 0 {
		return ev
	}
	ev.Fields = make(map[string]string, n2)
	set := func(k, v string) {
		if v != "" {
			ev.Fields[k] = v
		}
	}
	set(event.FieldMethod, r.method)
	set(event.FieldURL, r.url)
	set(event.FieldPath, r.path)
	set(event.FieldQuery, r.query)
	set(event.FieldProtocol, r.proto)
	set(event.FieldStatus, r.status)
	set(event.FieldBytes, r.bytes)
	set(event.FieldReferer, r.referer)
	set(event.FieldUserAgent, r.ua)
	set(event.FieldVhost, r.vhost)
	set(FieldXForwardedFor, r.xff)
	set(FieldIdent, r.ident)
	set(FieldExtra, r.extra)
	for _, o := range r.other {
		if _, dup := ev.Fields[o.k]; !dup {
			ev.Fields[o.k] = o.v
		}
	}
	return ev
}

// Names of the Fields entries this package adds to the canonical ones.
const (
	// FieldXForwardedFor is the X-Forwarded-For header (or a list of
	// addresses logged in place of the client address). Clients can
	// forge it: SrcIP stays the address the server saw, or the first of
	// the list when that is all the line has.
	FieldXForwardedFor = "x_forwarded_for"
	// FieldIdent is the identd name (%l), when not "-".
	FieldIdent = "ident"
	// FieldExtra is what follows the fields of a built-in format (request
	// times, upstream times, cookies: site-specific additions), as
	// logged.
	FieldExtra = "extra"
	// FieldPrefix is text before a Common Log Format line that is not
	// part of it (a syslog header when nginx logs through syslog).
	FieldPrefix = "prefix"
)
