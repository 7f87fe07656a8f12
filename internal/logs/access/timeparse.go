package access

import (
	"time"
)

// tparts collects the parts of a time as fields of a line give them: a
// format may split the time over several fields (Apache's
// "%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t"), so each field fills in what it
// has and the event's time is built once the whole line matched.
type tparts struct {
	set                  bool // some part was given
	hasDate              bool
	year, month, day     int
	hour, min, sec, nsec int
	hasZone              bool
	off                  int // seconds east of UTC, when hasZone
	unix                 bool
	unixSec, unixNsec    int64
	pm, am               bool // a %p was seen
}

// num parses s[i:] as at most max decimal digits (at least one) and
// returns the value and the index after them.
func num(s string, i, max int) (v, j int, ok bool) {
	j = i
	for j < len(s) && j-i < max && s[j] >= '0' && s[j] <= '9' {
		v = v*10 + int(s[j]-'0')
		j++
	}
	return v, j, j > i
}

// month returns the month of a three-letter English abbreviation, in any
// case, or 0.
func month(s string) int {
	if len(s) < 3 {
		return 0
	}
	a, b, c := s[0]|0x20, s[1]|0x20, s[2]|0x20
	switch a {
	case 'j':
		if b == 'a' && c == 'n' {
			return 1
		}
		if b == 'u' && c == 'n' {
			return 6
		}
		if b == 'u' && c == 'l' {
			return 7
		}
	case 'f':
		if b == 'e' && c == 'b' {
			return 2
		}
	case 'm':
		if b == 'a' && c == 'r' {
			return 3
		}
		if b == 'a' && c == 'y' {
			return 5
		}
	case 'a':
		if b == 'p' && c == 'r' {
			return 4
		}
		if b == 'u' && c == 'g' {
			return 8
		}
	case 's':
		if b == 'e' && c == 'p' {
			return 9
		}
	case 'o':
		if b == 'c' && c == 't' {
			return 10
		}
	case 'n':
		if b == 'o' && c == 'v' {
			return 11
		}
	case 'd':
		if b == 'e' && c == 'c' {
			return 12
		}
	}
	return 0
}

// frac parses a fraction of a second after its dot: s[i:] digits, at most
// nine kept. It returns nanoseconds and the index after all the digits.
func frac(s string, i int) (ns, j int) {
	j = i
	scale := 100000000
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		if scale > 0 {
			ns += int(s[j]-'0') * scale
			scale /= 10
		}
		j++
	}
	return ns, j
}

// zone parses a numeric zone at s[i:]: "Z", "+hhmm", "+hh:mm" or "+hh".
func zone(s string, i int) (off, j int, ok bool) {
	if i >= len(s) {
		return 0, i, false
	}
	if s[i] == 'Z' || s[i] == 'z' {
		return 0, i + 1, true
	}
	sign := 1
	switch s[i] {
	case '+':
	case '-':
		sign = -1
	default:
		return 0, i, false
	}
	h, j, ok := num(s, i+1, 2)
	if !ok || j != i+3 || h > 23 {
		return 0, i, false
	}
	m := 0
	if j < len(s) && s[j] == ':' {
		if m, j, ok = num(s, j+1, 2); !ok {
			return 0, i, false
		}
	} else if j < len(s) && s[j] >= '0' && s[j] <= '9' {
		if m, j, ok = num(s, j, 2); !ok {
			return 0, i, false
		}
	}
	if m > 59 {
		return 0, i, false
	}
	return sign * (h*3600 + m*60), j, true
}

// clock parses "HH:MM:SS[.frac]" at s[i:].
func (t *tparts) clock(s string, i int) (int, bool) {
	var ok bool
	if t.hour, i, ok = num(s, i, 2); !ok || i >= len(s) || s[i] != ':' {
		return i, false
	}
	if t.min, i, ok = num(s, i+1, 2); !ok || i >= len(s) || s[i] != ':' {
		return i, false
	}
	if t.sec, i, ok = num(s, i+1, 2); !ok {
		return i, false
	}
	if i < len(s) && (s[i] == '.' || s[i] == ',') {
		t.nsec, i = frac(s, i+1)
	}
	t.set = true
	return i, true
}

// parseCLFTime parses the Common Log Format time "10/Oct/2000:13:55:36
// -0700" by hand (time.Parse is several times slower, and this runs on
// every line). A fraction after the seconds and a missing zone are
// tolerated.
func (t *tparts) parseCLFTime(s string) bool {
	var ok bool
	var i int
	if t.day, i, ok = num(s, 0, 2); !ok || i >= len(s) || s[i] != '/' {
		return false
	}
	if t.month = month(s[i+1:]); t.month == 0 || i+4 >= len(s) || s[i+4] != '/' {
		return false
	}
	if t.year, i, ok = num(s, i+5, 4); !ok || i != len(s) && s[i] != ':' {
		return false
	}
	t.hasDate, t.set = true, true
	if i == len(s) {
		return true
	}
	if i, ok = t.clock(s, i+1); !ok {
		return false
	}
	if i == len(s) {
		return true
	}
	if s[i] != ' ' {
		return false
	}
	if t.off, i, ok = zone(s, i+1); !ok || i != len(s) {
		return false
	}
	t.hasZone = true
	return true
}

// parseISO parses RFC 3339 / ISO 8601 "2000-10-10T13:55:36[.frac][zone]"
// (nginx $time_iso8601); a space may stand for the T.
func (t *tparts) parseISO(s string) bool {
	var ok bool
	var i int
	if i, ok = t.isoDate(s, 0); !ok {
		return false
	}
	if i == len(s) {
		return true
	}
	if s[i] != 'T' && s[i] != ' ' {
		return false
	}
	if i, ok = t.clock(s, i+1); !ok {
		return false
	}
	if i == len(s) {
		return true
	}
	if t.off, i, ok = zone(s, i); !ok || i != len(s) {
		return false
	}
	t.hasZone = true
	return true
}

// isoDate parses "YYYY-MM-DD" at s[i:].
func (t *tparts) isoDate(s string, i int) (int, bool) {
	var ok bool
	if t.year, i, ok = num(s, i, 4); !ok || i >= len(s) || s[i] != '-' {
		return i, false
	}
	if t.month, i, ok = num(s, i+1, 2); !ok || i >= len(s) || s[i] != '-' {
		return i, false
	}
	if t.day, i, ok = num(s, i+1, 2); !ok {
		return i, false
	}
	t.hasDate, t.set = true, true
	return i, true
}

// parseUnix parses seconds since the epoch with an optional fraction
// (nginx $msec: "1700000000.123").
func (t *tparts) parseUnix(s string, scale int64) bool {
	var sec int64
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		if sec > (1<<62)/10 {
			return false
		}
		sec = sec*10 + int64(s[i]-'0')
		i++
	}
	if i == 0 {
		return false
	}
	var ns int
	if i < len(s) && s[i] == '.' {
		ns, i = frac(s, i+1)
	}
	if i != len(s) {
		return false
	}
	// scale is the number of units per second of the value (1 for
	// seconds, 1000 for milliseconds, 1e6 for microseconds).
	t.unix, t.set = true, true
	t.unixSec = sec / scale
	t.unixNsec = (sec%scale)*(1e9/scale) + int64(ns)/scale
	return true
}

// valid reports whether the parts name a real time (time.Date would
// normalise 31 Feb silently; evidence with such a time is not a time).
func (t *tparts) valid() bool {
	if t.unix {
		return t.unixSec >= 0 && t.unixSec < 1<<40
	}
	if !t.hasDate {
		return false
	}
	if t.month < 1 || t.month > 12 || t.day < 1 || t.day > 31 || t.year > 9999 {
		return false
	}
	if t.hour > 24 || t.min > 59 || t.sec > 60 {
		return false
	}
	if t.day > 28 { // 31 Feb would be normalised to 3 Mar: refuse it
		last := time.Date(t.year, time.Month(t.month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		return t.day <= last
	}
	return true
}

// zoneCache maps offsets to locations so a file in "+0300" costs one
// time.FixedZone, not one per line.
type zoneCache struct {
	last    *time.Location
	lastOff int
	m       map[int]*time.Location
}

func (z *zoneCache) get(off int) *time.Location {
	if off == 0 {
		return time.UTC
	}
	if z.last != nil && z.lastOff == off {
		return z.last
	}
	loc := z.m[off]
	if loc == nil {
		if z.m == nil {
			z.m = make(map[int]*time.Location)
		}
		loc = time.FixedZone("", off)
		if len(z.m) < 256 {
			z.m[off] = loc
		}
	}
	z.last, z.lastOff = loc, off
	return loc
}

// time builds the time; def is the location for a time without zone.
// guessed reports that the zone was not in the line.
func (t *tparts) time(z *zoneCache, def *time.Location) (at time.Time, guessed, ok bool) {
	if !t.valid() {
		return time.Time{}, false, false
	}
	if t.unix {
		return time.Unix(t.unixSec, t.unixNsec).UTC(), false, true
	}
	h := t.hour
	if t.pm && h < 12 {
		h += 12
	} else if t.am && h == 12 {
		h = 0
	}
	loc := def
	if t.hasZone {
		loc = z.get(t.off)
	} else {
		guessed = true
	}
	return time.Date(t.year, time.Month(t.month), t.day, h, t.min, t.sec, t.nsec, loc), guessed, true
}
