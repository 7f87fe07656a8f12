package access

import (
	"fmt"
	"strings"
)

// ParseW3CFields compiles the columns of a W3C extended log (IIS): s is a
// "#Fields:" line or its list of names alone. Use it to read a file
// whose header was lost (the columns of a sibling file); a "#Fields:"
// line in the file itself replaces them.
//
// Columns: date, time, c-ip (SrcIP), c-port (SrcPort), s-ip (DstIP),
// s-port (DstPort), cs-username (User), s-computername (Host),
// cs-method, cs-uri-stem (path), cs-uri-query (query), cs-uri (url),
// cs-version (protocol), sc-status (status), sc-bytes (bytes),
// cs-host (vhost), cs(User-Agent) ('+' read as the space IIS replaced),
// cs(Referer), cs(X-Forwarded-For) or x-forwarded-for. Any other column
// is kept in Fields under its name in lower case with every character
// other than letters, digits and '_' as '_' ("sc-win32-status" →
// "sc_win32_status", "time-taken" → "time_taken", "cs(Cookie)" →
// "cs_cookie_").
func ParseW3CFields(s string) (*Format, error) {
	spec := strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(spec, "#Fields:"); ok {
		spec = strings.TrimSpace(rest)
	}
	names := strings.Fields(spec)
	if len(names) == 0 {
		return nil, fmt.Errorf("w3c #Fields: %w", errNoFields)
	}
	if len(names) > maxFields {
		return nil, fmt.Errorf("w3c #Fields: more than %d fields", maxFields)
	}
	cols := make([]item, len(names))
	for i, n := range names {
		cols[i] = w3cColumn(n)
	}
	return &Format{Name: "w3c", Syntax: SyntaxW3C, Spec: strings.Join(names, " "), w3c: cols}, nil
}

// w3cColumn maps a #Fields name to its field.
func w3cColumn(name string) item {
	switch strings.ToLower(name) {
	case "date":
		return item{kind: kDate}
	case "time":
		return item{kind: kClock}
	case "c-ip":
		return item{kind: kAddr}
	case "c-port":
		return item{kind: kRemotePort}
	case "s-ip":
		return item{kind: kServerAddr}
	case "s-port":
		return item{kind: kServerPort}
	case "cs-username":
		return item{kind: kUser}
	case "s-computername":
		return item{kind: kHost}
	case "cs-method":
		return item{kind: kMethod}
	case "cs-uri-stem":
		return item{kind: kPath}
	case "cs-uri-query":
		return item{kind: kQuery}
	case "cs-uri":
		return item{kind: kURI}
	case "cs-version":
		return item{kind: kProtocol}
	case "sc-status":
		return item{kind: kStatus}
	case "sc-bytes":
		return item{kind: kBytes}
	case "cs-host":
		return item{kind: kVhost}
	case "cs(user-agent)":
		return item{kind: kUAPlus}
	case "cs(referer)", "cs(referrer)":
		return item{kind: kReferer}
	case "cs(x-forwarded-for)", "x-forwarded-for":
		return item{kind: kXFF}
	}
	return item{kind: kOther, name: headerName(name)}
}

// parseW3C splits a W3C line on spaces (values never hold one: IIS
// writes '+') and stores its columns.
func (p *Parser) parseW3C(f *Format, s string) bool {
	m := &p.m
	m.caps = m.caps[:0]
	cols := f.w3c
	for i := range cols {
		var v string
		if i == len(cols)-1 {
			v = s
		} else {
			k := strings.IndexByte(s, ' ')
			if k < 0 {
				return false
			}
			v, s = s[:k], s[k+1:]
		}
		if !m.valid(&cols[i], v) {
			return false
		}
		m.caps = append(m.caps, capture{&cols[i], v})
	}
	return p.r.apply(m.caps)
}
