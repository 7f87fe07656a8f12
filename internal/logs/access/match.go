package access

import (
	"strings"
)

// capture is one field's value found by match.
type capture struct {
	it  *item
	val string
}

// matcher is the reusable state of matching one line against a compiled
// format.
type matcher struct {
	caps   []capture
	budget int
	plain  bool // quotes inside quoted fields are not escaped (second pass)
	t      tparts
}

// matchBudget bounds the candidate ends tried for one line: a hostile
// line cannot make matching exponential, only fail.
const matchBudget = 200

// match reports whether line fits f, leaving the fields in m.caps.
func (m *matcher) match(f *Format, line string) bool {
	m.caps = m.caps[:0]
	m.plain = false
	m.budget = matchBudget
	if m.from(f.items, 0, line, 0) {
		return true
	}
	// Servers that do not escape '"' inside the request or the user
	// agent (old Apache, some appliances) need the plain reading, where
	// a backslash before a quote does not hide it and bare quotes may
	// be inside a field.
	if f.quoted {
		m.caps = m.caps[:0]
		m.plain = true
		m.budget = matchBudget
		if m.from(f.items, 0, line, 0) {
			return true
		}
	}
	// A line cut inside its last quoted field (a crash, a copy, MaxLine):
	// the field takes the rest of the line, as the built-in parser does.
	if n := len(f.items); n >= 2 && f.items[n-1].lit == `"` && !strings.HasSuffix(line, `"`) {
		m.caps = m.caps[:0]
		m.plain = false
		m.budget = matchBudget
		return m.from(f.items[:n-1], 0, line, 0)
	}
	return false
}

// from matches items[i:] at line[pos:], backtracking over the possible
// ends of each field (the first occurrence of the literal after it, then
// the next, ...) until the rest of the line fits or the budget is spent.
func (m *matcher) from(items []item, i int, line string, pos int) bool {
	for i < len(items) && items[i].kind == kLit {
		if !strings.HasPrefix(line[pos:], items[i].lit) {
			return false
		}
		pos += len(items[i].lit)
		i++
	}
	if i == len(items) {
		return pos == len(line)
	}
	it := &items[i]
	if i+1 == len(items) { // the last field takes the rest of the line
		val := line[pos:]
		if !m.valid(it, val) {
			return false
		}
		m.caps = append(m.caps, capture{it, val})
		return true
	}
	next := items[i+1].lit
	if it.kind == kTimeCLFB { // self-delimited: [ ... ]
		if pos >= len(line) || line[pos] != '[' {
			return false
		}
		k := strings.IndexByte(line[pos:], ']')
		if k < 0 || !m.valid(it, line[pos:pos+k+1]) {
			return false
		}
		mark := len(m.caps)
		m.caps = append(m.caps, capture{it, line[pos : pos+k+1]})
		if m.from(items, i+1, line, pos+k+1) {
			return true
		}
		m.caps = m.caps[:mark]
		return false
	}
	search := pos
	for {
		if m.budget--; m.budget < 0 {
			return false
		}
		k := strings.Index(line[search:], next)
		if k < 0 {
			return false
		}
		end := search + k
		search = end + 1
		if it.quoted && !m.plain && escaped(line, pos, end) {
			continue
		}
		val := line[pos:end]
		if !m.valid(it, val) {
			continue
		}
		mark := len(m.caps)
		m.caps = append(m.caps, capture{it, val})
		if m.from(items, i+1, line, end) {
			return true
		}
		m.caps = m.caps[:mark]
	}
}

// escaped reports whether line[end] is preceded by an odd run of
// backslashes within line[start:end], i.e. is an escaped character.
func escaped(line string, start, end int) bool {
	n := 0
	for j := end - 1; j >= start && line[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// valid checks a field's value against its kind, which is what lets the
// matcher choose the right end of a field and tell formats apart.
func (m *matcher) valid(it *item, v string) bool {
	// Servers escape the quotes inside quoted fields; in the first pass
	// a bare one means the field ends earlier or later. Addresses never
	// hold one.
	if (it.quoted && !m.plain || it.kind == kXFF) && bareQuote(v) {
		return false
	}
	switch it.kind {
	case kStatus:
		return v == "-" || len(v) == 3 && digits(v)
	case kBytes, kServerPort, kRemotePort:
		return v == "-" || digits(v)
	case kNum:
		return numeric(v)
	case kAddr, kMethod:
		return v != "" && strings.IndexByte(v, '"') < 0
	case kTimeCLF:
		m.t = tparts{}
		return m.t.parseCLFTime(v)
	case kTimeCLFB:
		m.t = tparts{}
		return len(v) >= 2 && v[0] == '[' && v[len(v)-1] == ']' && m.t.parseCLFTime(v[1:len(v)-1])
	case kTimeISO:
		m.t = tparts{}
		return m.t.parseISO(v)
	case kTimeStrf:
		m.t = tparts{}
		return m.t.parseStrftime(it.name, v)
	case kTimeUnit:
		m.t = tparts{}
		return m.t.parseUnix(v, it.scale)
	case kTimeFrac:
		return v != "" && len(v) <= 9 && digits(v)
	case kDate:
		var t tparts
		i, ok := t.isoDate(v, 0)
		return ok && i == len(v)
	case kClock:
		var t tparts
		i, ok := t.clock(v, 0)
		return ok && i == len(v)
	}
	return true
}

// digits reports whether s is a non-empty run of ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// numeric accepts what nginx and Apache write for timings and sizes:
// "0.123", "-", and nginx's lists of upstream values "0.001, 0.002 : 0.5".
func numeric(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == '.', c == ',', c == ' ', c == ':', c == '-':
		default:
			return false
		}
	}
	return true
}

// bareQuote reports whether v holds a '"' not escaped by a backslash.
func bareQuote(v string) bool {
	for i := 0; i < len(v); {
		k := strings.IndexByte(v[i:], '"')
		if k < 0 {
			return false
		}
		if !escaped(v, 0, i+k) {
			return true
		}
		i += k + 1
	}
	return false
}
