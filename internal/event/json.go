package event

import (
	"strconv"
	"time"
	"unicode/utf8"
	"unsafe"
)

// AppendJSON appends the event as one JSON object, the same bytes as
// encoding/json gives with HTML escaping off (json.Encoder with
// SetEscapeHTML(false), without the newline). Printing every event of a
// large log is dominated by encoding, and reflection made it five times
// slower than parsing.
func (e *Event) AppendJSON(b []byte) []byte { return e.appendJSON(b, nil) }

// An Encoder appends events as AppendJSON does, faster for the events of
// one log, which come from one file and host, line after line, often
// several in a second and many in a minute: it keeps the encoding of the
// last time, host, file name, pid and line number, and makes the next
// from it. It is not safe for concurrent use.
type Encoder struct {
	at                time.Time
	host, file        string
	atJ, hostJ, fileJ []byte // their encodings, nil before the first
	// atSod is the seconds of the day of at's clock when atJ is
	// "YYYY-MM-DDThh:mm:ss" and a zone (a year of four digits, no
	// fraction), hh at atClockPos, so that a later time of the same day
	// is written by changing them (see appendTime); -1 when it is not.
	// atOff is at's UTC offset.
	atSod, atOff int
	pid          int
	pidJ         []byte // the decimal text of pid, nil before the first
	line         int64
	lineJ        []byte    // the decimal text of line, nil before the first
	names        nameCache // encodings of sources and types
	keySets      [4]keySet // the keys of recent events (see appendFields)
	nextSet      int       // the entry of keySets replaced next
	lastSet      int       // the entry of keySets used last, tried first
}

// keySet is the keys of an event's fields, sorted and encoded.
type keySet struct {
	fields []field // by key; the values are the last event's
	keysJ  []byte  // the keys encoded, each with its colon
	keyEnd []int   // where each ends in keysJ
}

// atClockPos is where the clock (hh:mm:ss) is in Encoder.atJ: after
// the quote and "YYYY-MM-DDT".
const atClockPos = 1 + len("2006-01-02T")

// Append appends e as one JSON object, the same bytes as e.AppendJSON.
func (c *Encoder) Append(b []byte, e *Event) []byte { return e.appendJSON(b, c) }

// appendTime appends t, not zero, as a JSON string, from the encoding of
// the last time when it can.
func (c *Encoder) appendTime(b []byte, t time.Time) []byte {
	// The same instant in the same zone, hence the same text: ==
	// rather than Equal, which ignores the zone.
	if c.atJ != nil && t == c.at {
		return append(b, c.atJ...)
	}
	// A later time of the same day: in the same zone and at the same
	// UTC offset, a time d whole seconds later reads d seconds later on
	// the clock (clock = UTC + offset; Go's times have no leap seconds),
	// so while it stays before midnight only the clock changes in the
	// text: the date is the same, and so is the zone, written from the
	// offset alone.
	if c.atSod >= 0 && c.atJ != nil && t.Nanosecond() == 0 && t.Location() == c.at.Location() {
		if d := t.Unix() - c.at.Unix(); d > 0 && int64(c.atSod)+d < 86400 {
			if _, off := t.Zone(); off == c.atOff {
				sod := c.atSod + int(d)
				h, m, sec := sod/3600, sod/60%60, sod%60
				j := c.atJ[atClockPos : atClockPos+8] // "hh:mm:ss"
				j[0], j[1], j[3], j[4], j[6], j[7] = byte('0'+h/10), byte('0'+h%10), byte('0'+m/10), byte('0'+m%10), byte('0'+sec/10), byte('0'+sec%10)
				c.at, c.atSod = t, sod
				return append(b, c.atJ...)
			}
		}
	}
	start := len(b)
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	c.at, c.atJ, c.atSod = t, append(c.atJ[:0], b[start:]...), -1
	if y := t.Year(); t.Nanosecond() == 0 && y >= 0 && y <= 9999 {
		// RFC 3339 with no fraction and a year of four digits:
		// "YYYY-MM-DDThh:mm:ss" and the zone.
		_, c.atOff = t.Zone()
		h, m, sec := t.Clock()
		c.atSod = h*3600 + m*60 + sec
	}
	return b
}

// appendLine appends ,"line":n for n not 0, from the text of the last
// line number when n is the same or the next one, as it nearly always is.
func (c *Encoder) appendLine(b []byte, n int64) []byte {
	if n == 0 {
		return b
	}
	switch {
	case c.lineJ != nil && n == c.line:
	case c.lineJ != nil && n == c.line+1 && c.line > 0:
		// n's decimal digits are the last's plus one: trailing nines
		// become zeros and the digit before them goes up, or a 1 comes
		// first when they were all nines.
		i := len(c.lineJ) - 1
		for ; i >= 0 && c.lineJ[i] == '9'; i-- {
			c.lineJ[i] = '0'
		}
		if i >= 0 {
			c.lineJ[i]++
		} else {
			c.lineJ = append(c.lineJ, 0)
			copy(c.lineJ[1:], c.lineJ)
			c.lineJ[0] = '1'
		}
		c.line = n
	default:
		c.line, c.lineJ = n, strconv.AppendInt(c.lineJ[:0], n, 10)
	}
	b = append(b, `,"line":`...)
	return append(b, c.lineJ...)
}

// appendPID appends ,"pid":n for n not 0, from the text of the last pid
// when it is the same: a daemon logs many lines under one pid.
func (c *Encoder) appendPID(b []byte, n int) []byte {
	if n == 0 {
		return b
	}
	if c.pidJ == nil || n != c.pid {
		c.pid, c.pidJ = n, appendInt(c.pidJ[:0], int64(n))
	}
	b = append(b, `,"pid":`...)
	return append(b, c.pidJ...)
}

func (e *Event) appendJSON(b []byte, c *Encoder) []byte {
	// The keys come in the order of the struct's fields, with a comma
	// before each but the first; "source" is never left out, so only
	// the keys before it need to know whether one came first.
	b = append(b, '{')
	// A line of printable ASCII without '"' or '\\' (nearly every log
	// line) is written as it is, and so is every part of it: most of
	// the other strings are cut from it (message, user, address,
	// process, host, field values), and once the line has been scanned
	// they are copied without scanning them again.
	plain := ""
	if isPlain(e.Raw) {
		plain = e.Raw
	}
	// sep: whether a key came before, and the next needs a comma (a
	// byte appended, where a string of one would be copied by a call)
	sep := false
	if !e.At.IsZero() {
		b = append(b, `"time":`...)
		sep = true
		if c != nil {
			b = c.appendTime(b, e.At)
		} else {
			b = append(b, '"')
			b = e.At.AppendFormat(b, time.RFC3339Nano)
			b = append(b, '"')
		}
	}
	if e.TimeGuessed {
		if sep {
			b = append(b, ',')
		}
		b = append(b, `"time_guessed":`...)
		b = append(b, `true`...)
		sep = true
	}
	if e.Host != "" {
		if sep {
			b = append(b, ',')
		}
		b = append(b, `"host":`...)
		if c != nil && c.hostJ != nil && e.Host == c.host {
			b = append(b, c.hostJ...)
		} else {
			start := len(b)
			b = appendStringIn(b, e.Host, plain)
			if c != nil {
				c.host, c.hostJ = e.Host, append(c.hostJ[:0], b[start:]...)
			}
		}
		sep = true
	}
	if sep {
		b = append(b, ',')
	}
	b = append(b, `"source":`...)
	if c != nil {
		b = c.appendSource(b, e.Source)
	} else {
		b = appendString(b, e.Source)
	}
	if c != nil && e.Type != "" {
		b = append(b, `,"type":`...)
		b = c.appendType(b, e.Type)
	} else {
		b = appendField(b, `,"type":`, e.Type, plain)
	}
	b = appendField(b, `,"user":`, e.User, plain)
	b = appendField(b, `,"target_user":`, e.TargetUser, plain)
	b = appendField(b, `,"src_ip":`, e.SrcIP, plain)
	b = appendNumber(b, `,"src_port":`, int64(e.SrcPort))
	b = appendField(b, `,"dst_ip":`, e.DstIP, plain)
	b = appendNumber(b, `,"dst_port":`, int64(e.DstPort))
	b = appendField(b, `,"process":`, e.Process, plain)
	if c != nil {
		b = c.appendPID(b, e.PID)
	} else {
		b = appendNumber(b, `,"pid":`, int64(e.PID))
	}
	var msgVal, msgEnd int // where the message's encoding is in b
	if e.Message != "" {
		b = append(b, `,"message":`...)
		msgVal = len(b)
		b = appendStringIn(b, e.Message, plain)
		msgEnd = len(b)
	}
	b = append(b, `,"raw":`...)
	if plain != "" {
		b = append(b, '"')
		b = append(b, e.Raw...)
		b = append(b, '"')
	} else if n := len(e.Raw) - len(e.Message); e.Message != "" && n >= 0 && e.Raw[n:] == e.Message && utf8.RuneStart(e.Message[0]) {
		// The message is the end of the line, as it nearly always is:
		// its encoding, just written, is copied rather than made again.
		// The line is cut at the start of a character, so that the two
		// parts encode as the whole does.
		b = append(b, '"')
		b = appendStringBody(b, e.Raw[:n])
		b = append(b, b[msgVal+1:msgEnd]...) // the message and the closing quote
	} else {
		b = appendString(b, e.Raw)
	}
	if e.File != "" {
		b = append(b, `,"file":`...)
		if c != nil && c.fileJ != nil && e.File == c.file {
			b = append(b, c.fileJ...)
		} else {
			start := len(b)
			b = appendString(b, e.File)
			if c != nil {
				c.file, c.fileJ = e.File, append(c.fileJ[:0], b[start:]...)
			}
		}
	}
	if c != nil {
		b = c.appendLine(b, e.Line)
	} else {
		b = appendNumber(b, `,"line":`, e.Line)
	}
	if len(e.Fields) > 0 {
		b = append(b, `,"fields":{`...)
		if c != nil {
			b = c.appendFields(b, e.Fields, plain)
		} else {
			b = appendFields(b, e.Fields, plain)
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

// appendFields appends the pairs of m, by key, as encoding/json writes
// a map.
func appendFields(b []byte, m map[string]string, plain string) []byte {
	// Pairs rather than keys: looking every key up again costs as much
	// as encoding it. Events have a handful of fields, which fit the
	// array on the stack.
	var buf [8]field
	fs := buf[:0]
	for k, v := range m {
		fs = append(fs, field{k, v})
	}
	sortFields(fs)
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, f.k)
		b = append(b, ':')
		b = appendStringIn(b, f.v, plain)
	}
	return b
}

// sortFields sorts fs by key: an insertion sort, which for a handful of
// keys costs less than slices.SortFunc.
func sortFields(fs []field) {
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && fs[j].k < fs[j-1].k; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

// appendFields is appendFields for the events of one log, where the
// events have one of a few sets of keys (sshd's failures, its logins,
// sudo's commands): it keeps the last few sets, sorted and encoded, and
// when m has as many keys as one and each of its keys, m has no other,
// and they are looked up rather than sorted again (iterating a map
// costs more than a few lookups).
func (c *Encoder) appendFields(b []byte, m map[string]string, plain string) []byte {
	var ks *keySet
	// The set of the last event first: consecutive events often have
	// the same keys, and a set of as many other keys costs a lookup.
	for i := range c.keySets {
		k := (c.lastSet + i) % len(c.keySets)
		s := &c.keySets[k]
		same := len(s.fields) == len(m) // m is not empty: neither is a set that matches
		for j := 0; same && j < len(s.fields); j++ {
			s.fields[j].v, same = m[s.fields[j].k]
		}
		if same {
			ks, c.lastSet = s, k
			break
		}
	}
	if ks == nil {
		ks, c.lastSet = &c.keySets[c.nextSet], c.nextSet
		c.nextSet = (c.nextSet + 1) % len(c.keySets)
		ks.fields = ks.fields[:0]
		for k, v := range m {
			ks.fields = append(ks.fields, field{k, v})
		}
		sortFields(ks.fields)
		ks.keysJ = ks.keysJ[:0]
		ks.keyEnd = ks.keyEnd[:0]
		for _, f := range ks.fields {
			ks.keysJ = append(appendString(ks.keysJ, f.k), ':')
			ks.keyEnd = append(ks.keyEnd, len(ks.keysJ))
		}
	}
	start := 0
	for i, f := range ks.fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, ks.keysJ[start:ks.keyEnd[i]]...)
		start = ks.keyEnd[i]
		b = appendStringIn(b, f.v, plain)
	}
	return b
}

// appendSource appends the encoding of s, an event's Source.
func (c *Encoder) appendSource(b []byte, s string) []byte { return c.names.append(b, s) }

// appendType appends the encoding of t, an event's Type.
func (c *Encoder) appendType(b []byte, t string) []byte { return c.names.append(b, t) }

// nameCache holds the encodings of the sources and types of events. A
// log's lines alternate between a few of them (sshd, cron, sudo, ...),
// and they are nearly always the package's constants, so that the same
// name is the same string, found by the address and length of its bytes
// without comparing them: two strings with the same bytes at the same
// address are equal, and no other string can be at an address an entry
// holds, as its pointer keeps that memory alive (and strings are never
// written). The table is direct-mapped, by a hash of the address: a
// name made anew for each event (auditd's types), or two names that
// share a slot, are only encoded again.
type nameCache struct {
	ptr [nameSlots]*byte
	n   [nameSlots]int
	enc [nameSlots][]byte
}

const (
	nameBits  = 5
	nameSlots = 1 << nameBits
)

func (nc *nameCache) append(b []byte, s string) []byte {
	if s == "" {
		return append(b, '"', '"')
	}
	p := unsafe.StringData(s)
	i := uint32(uintptr(unsafe.Pointer(p))) * 2654435769 >> (32 - nameBits) // Fibonacci hashing: the top bits
	if nc.ptr[i] != p || nc.n[i] != len(s) {
		nc.ptr[i], nc.n[i], nc.enc[i] = p, len(s), appendString(nc.enc[i][:0], s)
	}
	return append(b, nc.enc[i]...)
}

// appendField appends key (with its comma and colon) and v, unless v is
// empty (omitempty).
func appendField(b []byte, key, v, plain string) []byte {
	if v == "" {
		return b
	}
	b = append(b, key...)
	return appendStringIn(b, v, plain)
}

// appendStringIn is appendString for s, which may be a part of plain, a
// string that needs no escape (or ""): such a part is copied as it is.
func appendStringIn(b []byte, s, plain string) []byte {
	if _, ok := within(s, plain); ok && plain != "" {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	return appendString(b, s)
}

// isPlain reports whether JSON writes s as it is (appendStringBody's
// test). It is run on every line: 32 bytes at a time, the high bits
// gathered from four words and tested once.
func isPlain(s string) bool {
	t := s
	for len(t) >= 32 {
		w := t[:32] // one bounds check for the four words
		if (escapeBits(word(w, 0))|escapeBits(word(w, 8))|escapeBits(word(w, 16))|escapeBits(word(w, 24)))&highs != 0 {
			return false
		}
		t = t[32:]
	}
	for len(t) >= 8 {
		if escapes(word(t, 0)) != 0 {
			return false
		}
		t = t[8:]
	}
	switch {
	case len(t) == 0:
		return true
	case len(s) >= 8:
		// the last bytes, with the ones before them that make a word
		return escapes(word(s, len(s)-8)) == 0
	}
	for i := 0; i < len(t); i++ {
		if !plainByte[t[i]] {
			return false
		}
	}
	return true
}

// appendNumber appends key and v, unless v is 0 (omitempty).
func appendNumber(b []byte, key string, v int64) []byte {
	if v == 0 {
		return b
	}
	b = append(b, key...)
	return appendInt(b, v)
}

// appendInt is strconv.AppendInt(b, v, 10), faster for the small
// numbers of events (ports, pids): strconv's general path costs more
// than the division by ten that each digit takes here.
func appendInt(b []byte, v int64) []byte {
	if v < 0 {
		return strconv.AppendInt(b, v, 10)
	}
	n := uint64(v)
	if n < 10 {
		return append(b, byte('0'+n))
	}
	var buf [20]byte // the longest uint64
	i := len(buf)
	for n >= 10 {
		q := n / 10
		i--
		buf[i] = byte('0' + n - q*10)
		n = q
	}
	i--
	buf[i] = byte('0' + n)
	return append(b, buf[i:]...)
}

type field struct{ k, v string }

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string the way encoding/json writes it
// without HTML escaping: invalid UTF-8 becomes U+FFFD, control characters
// and U+2028/U+2029 are escaped.
//
// Log lines are nearly all printable ASCII, and --events spends most of
// its encoding time here: such strings are tested eight bytes at a time
// and copied at once.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	b = appendStringBody(b, s)
	return append(b, '"')
}

// appendStringBody is appendString without the quotes.
func appendStringBody(b []byte, s string) []byte {
	// Most strings need no escape at all: tested two words at a time,
	// then a word, the bytes past the last whole word with one more
	// word that overlaps it, or byte by byte when shorter than a word,
	// they are copied at once.
	i := 0
	for ; i+16 <= len(s); i += 16 {
		if escapes(word(s, i))|escapes(word(s, i+8)) != 0 {
			return appendEscaped(b, s, i)
		}
	}
	if i+8 <= len(s) {
		if escapes(word(s, i)) != 0 {
			return appendEscaped(b, s, i)
		}
		i += 8
	}
	switch {
	case i == len(s):
	case len(s) >= 8:
		if escapes(word(s, len(s)-8)) != 0 {
			return appendEscaped(b, s, i)
		}
	default:
		for ; i < len(s); i++ {
			if !plainByte[s[i]] {
				return appendEscaped(b, s, i)
			}
		}
	}
	return append(b, s...)
}

// plainByte tells the bytes JSON writes as they are: printable ASCII
// but '"' and '\\'.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendEscaped appends s, whose first i bytes need no escape, escaping
// what needs it.
func appendEscaped(b []byte, s string, i int) []byte {
	start := 0
	for i < len(s) {
		// Runs of plain bytes between the escapes (a quoted word in a
		// line) are skipped a word at a time.
		for i+8 <= len(s) && escapes(word(s, i)) == 0 {
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if plainByte[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

const ones, highs = 0x0101010101010101, 0x8080808080808080

// word returns the 8 bytes of s at i as one word, the first byte
// lowest (one load: the compiler combines the bytes).
func word(s string, i int) uint64 {
	w := s[i : i+8]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

// escapes is not 0 when one of the 8 bytes of x is not written as it is
// in JSON: a byte with the high bit (x itself), below 0x20 (x-0x20 borrows
// there), '"' or '\\' (a zero byte of x^c minus one borrows there). The
// "has a byte less than n" and "has a zero byte" tricks leave out
// "&^ x", which only clears bits of bytes with the high bit, and those
// bytes are caught by x: exact as a yes/no answer.
func escapes(x uint64) uint64 { return escapeBits(x) & highs }

// escapeBits is escapes without the mask: the high bit of a byte is set
// when the byte is not written as it is, and the other bits mean
// nothing, so that the bits of several words may be gathered before
// masking them.
func escapeBits(x uint64) uint64 {
	return x | (x - ones*0x20) | (x ^ ones*'"' - ones) | (x ^ ones*'\\' - ones)
}

// plain8 reports whether the 8 bytes of s are all printable ASCII other
// than '"' and '\\', which JSON writes as they are.
func plain8(s string) bool { return escapes(word(s, 0)) == 0 }
