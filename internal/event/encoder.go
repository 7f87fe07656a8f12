package event

import (
	"strconv"
	"time"
	"unsafe"
)

// An Encoder appends events as AppendJSON does, faster for the events of
// one log, which come from one file and host, line after line, often
// several in a second and many in a minute, from a few programs in
// turn. It keeps the encodings of the parts of the last events that the
// next ones repeat, each with what it encodes, and copies them whole:
//
//   - the head, from the '{' to the "source" key: the time, whether it
//     was guessed, and the host; a later second of the same day is
//     written by changing the clock in it;
//   - the source and the type, by pair;
//   - the process and the pid;
//   - the file and the line number, the next line's by adding one to
//     the digits;
//   - the keys of the fields, by set.
//
// It is not safe for concurrent use.
type Encoder struct {
	// head is `{"time":"…","time_guessed":true,"host":"…","source":`,
	// each of the first three when the event has it, encoding at,
	// guessed and host; headOK is false before the first.
	head    []byte
	headOK  bool
	at      time.Time
	guessed bool
	host    string
	// atSod is the seconds of the day of at's clock when the head has
	// "YYYY-MM-DDThh:mm:ss" and a zone (a year of four digits, no
	// fraction), hh at headClock, so that a later time of the same day
	// is written by changing them (see laterTime); -1 when it has not.
	// atUnix is at's Unix time, and atEnd the first second past at's
	// day or the period of its zone's offset, whichever ends first.
	atSod         int
	atUnix, atEnd int64

	pairs [pairSlots]pairSlot // encodings of sources and types

	// sport is `,"src_port":N` for the port sportN; nil before the first.
	sport  []byte
	sportN int

	// procs holds `,"process":"…","pid":N` (each when not empty) for
	// recent processes, by pid: a log's lines come from a few processes
	// in turn (sshd's connections, cron's jobs).
	procs [procSlots]procSlot

	// tail is `,"file":"…"` for file, when not empty, up to fileEnd,
	// then, when lineOK, `,"line":N` for line; tailOK is false before
	// the first.
	tail    []byte
	file    string
	fileEnd int
	line    int64
	tailOK  bool
	lineOK  bool

	keySets [4]keySet // the keys of recent events (see appendFields)
	nextSet int       // the entry of keySets replaced next
	lastSet int       // the entry of keySets used last, tried first

	lists    [4]listKeys // the same for events that keep their fields in themselves (see appendList)
	nextList int
	lastList int
}

// listKeys is the keys of the fields of an event that keeps them in
// itself (Event.ListFields), in the order it stored them, with their
// order by key and encoded.
type listKeys struct {
	keys   []string // in the event's order
	order  []int    // the indexes of keys, by key
	keysJ  []byte   // the keys encoded, by key, each with its colon
	keyEnd []int    // where each ends in keysJ
}

// keySet is the keys of an event's fields, sorted and encoded.
type keySet struct {
	fields []field // by key; the values are the last event's
	keysJ  []byte  // the keys encoded, each with its colon
	keyEnd []int   // where each ends in keysJ
}

// headClock is where the clock (hh:mm:ss) is in Encoder.head when
// atSod is not -1: after `{"time":"` and "YYYY-MM-DDT".
const headClock = len(`{"time":"`) + len("2006-01-02T")

// Append appends e as one JSON object, the same bytes as e.AppendJSON.
func (c *Encoder) Append(b []byte, e *Event) []byte {
	// A line of printable ASCII without '"' or '\\' (nearly every log
	// line) is written as it is, and so is every part of it (see
	// appendJSON).
	plain := ""
	if isPlain(e.Raw) {
		plain = e.Raw
	}
	// where plain is, for inPlain
	pb, pn := uintptr(unsafe.Pointer(unsafe.StringData(plain))), uintptr(len(plain))
	// The host is nearly always the string of the last event (parsers
	// share one for the lines of a host): the same bytes at the same
	// address, equal without comparing them.
	if !c.headOK || e.TimeGuessed != c.guessed || !sameString(e.Host, c.host) && e.Host != c.host ||
		e.At != c.at && !c.laterTime(e.At) {
		c.setHead(e)
	}
	b = append(b, c.head...)
	b = c.appendSourceType(b, e.Source, e.Type)
	if e.User != "" {
		if inPlain(e.User, pb, pn) {
			b = append(b, `,"user":"`...)
			b = append(b, e.User...)
			b = append(b, '"')
		} else {
			b = append(b, `,"user":`...)
			b = appendString(b, e.User)
		}
	}
	if e.TargetUser != "" {
		b = append(b, `,"target_user":`...)
		b = appendStringIn(b, e.TargetUser, plain)
	}
	if e.SrcIP != "" {
		if inPlain(e.SrcIP, pb, pn) {
			b = append(b, `,"src_ip":"`...)
			b = append(b, e.SrcIP...)
			b = append(b, '"')
		} else {
			b = append(b, `,"src_ip":`...)
			b = appendString(b, e.SrcIP)
		}
	}
	if e.SrcPort != 0 {
		// The lines of one connection repeat its port.
		if c.sport == nil || e.SrcPort != c.sportN {
			c.sportN = e.SrcPort
			c.sport = appendInt(append(c.sport[:0], `,"src_port":`...), int64(e.SrcPort))
		}
		b = append(b, c.sport...)
	}
	if e.DstIP != "" {
		b = append(b, `,"dst_ip":`...)
		b = appendStringIn(b, e.DstIP, plain)
	}
	if e.DstPort != 0 {
		b = append(b, `,"dst_port":`...)
		b = appendInt(b, int64(e.DstPort))
	}
	ps := &c.procs[uint(e.PID)%procSlots]
	if ps.enc == nil || ps.pid != e.PID || e.Process != string(ps.name) {
		ps.set(e.Process, e.PID)
	}
	b = append(b, ps.enc...)
	switch {
	case plain == "":
		b = appendMessageRaw(b, e, plain)
	case e.Message == "":
		b = append(b, `,"raw":"`...)
		b = append(b, e.Raw...)
		b = append(b, '"')
	default:
		if inPlain(e.Message, pb, pn) {
			b = append(b, `,"message":"`...)
			b = append(b, e.Message...)
			b = append(b, `","raw":"`...)
		} else {
			b = append(b, `,"message":`...)
			b = appendString(b, e.Message)
			b = append(b, `,"raw":"`...)
		}
		b = append(b, e.Raw...)
		b = append(b, '"')
	}
	if !c.tailOK || !sameString(e.File, c.file) && e.File != c.file {
		c.setFile(e.File)
	}
	if e.Line == 0 {
		b = append(b, c.tail[:c.fileEnd]...)
	} else {
		if n := len(c.tail) - 1; c.lineOK && e.Line == c.line+1 && c.line > 0 && c.tail[n] != '9' {
			// the next line, and its last digit alone goes up
			c.tail[n]++
			c.line++
		} else if !c.lineOK || e.Line != c.line {
			c.setLine(e.Line)
		}
		b = append(b, c.tail...)
	}
	if e.list != nil {
		if len(e.list.f) > 0 {
			b = append(b, `,"fields":{`...)
			b = c.appendList(b, e.list.f, pb, pn)
			b = append(b, '}')
		}
	} else if len(e.Fields) > 0 {
		b = append(b, `,"fields":{`...)
		b = c.appendFields(b, e.Fields, pb, pn)
		b = append(b, '}')
	}
	return append(b, '}')
}

// sameString reports whether a and b are the same bytes at the same
// address, which makes them equal (strings are never written): a test
// of two words where comparing their bytes costs a call.
func sameString(a, b string) bool {
	return unsafe.StringData(a) == unsafe.StringData(b) && len(a) == len(b)
}

// inPlain reports whether s is a part of the string of pn bytes at pb,
// one that needs no escape (see Append): pn is 0 when there is none.
func inPlain(s string, pb, pn uintptr) bool {
	off := uintptr(unsafe.Pointer(unsafe.StringData(s))) - pb
	return off < pn && uintptr(len(s)) <= pn-off
}

// laterTime reports whether the head holds the time t, not at (whose
// text it holds: the same instant in the same zone, compared with ==
// rather than Equal, which ignores the zone), after changing its clock
// when t is a later second of the same day.
func (c *Encoder) laterTime(t time.Time) bool {
	// A later time of the same day: in the same zone and at the same
	// UTC offset, a time d whole seconds later reads d seconds later on
	// the clock (clock = UTC + offset; Go's times have no leap seconds),
	// so while it stays before midnight only the clock changes in the
	// text: the date is the same, and so is the zone, written from the
	// offset alone.
	// (The zero time, in UTC, is at the start of a day, never after
	// at on at's day.)
	if c.atSod < 0 || t.Nanosecond() != 0 || t.Location() != c.at.Location() {
		return false
	}
	u := t.Unix()
	if u <= c.atUnix || u >= c.atEnd {
		return false
	}
	sod := c.atSod + int(u-c.atUnix)
	h, m, sec := sod/3600, sod/60%60, sod%60
	j := c.head[headClock : headClock+8] // "hh:mm:ss"
	j[0], j[1], j[3], j[4], j[6], j[7] = byte('0'+h/10), byte('0'+h%10), byte('0'+m/10), byte('0'+m%10), byte('0'+sec/10), byte('0'+sec%10)
	c.at, c.atSod, c.atUnix = t, sod, u
	return true
}

// setHead makes the head of e.
func (c *Encoder) setHead(e *Event) {
	h := append(c.head[:0], '{')
	c.atSod = -1
	sep := false
	if t := e.At; !t.IsZero() {
		h = append(h, `"time":"`...)
		h = t.AppendFormat(h, time.RFC3339Nano)
		h = append(h, '"')
		if y := t.Year(); t.Nanosecond() == 0 && y >= 0 && y <= 9999 {
			// RFC 3339 with no fraction and a year of four digits:
			// "YYYY-MM-DDThh:mm:ss" and the zone.
			hh, mm, ss := t.Clock()
			c.atSod = hh*3600 + mm*60 + ss
			c.atUnix = t.Unix()
			c.atEnd = c.atUnix + int64(86400-c.atSod)
			if _, end := t.ZoneBounds(); !end.IsZero() && end.Unix() < c.atEnd {
				c.atEnd = end.Unix()
			}
		}
		sep = true
	}
	if e.TimeGuessed {
		if sep {
			h = append(h, ',')
		}
		h = append(h, `"time_guessed":true`...)
		sep = true
	}
	if e.Host != "" {
		if sep {
			h = append(h, ',')
		}
		h = append(h, `"host":`...)
		h = appendString(h, e.Host)
		sep = true
	}
	if sep {
		h = append(h, ',')
	}
	c.head = append(h, `"source":`...)
	c.headOK, c.at, c.guessed, c.host = true, e.At, e.TimeGuessed, e.Host
}

// procSlot is an entry of Encoder.procs: the encoding of the process
// name (its bytes) and pid; enc is nil when the slot is free.
type procSlot struct {
	name []byte
	pid  int
	enc  []byte
}

// procSlots is the number of Encoder.procs, by pid modulo it: pids are
// handed out in turn, so that the processes running at once rarely
// share a slot.
const procSlots = 64

// set makes s the encoding of the process name and pid.
func (s *procSlot) set(name string, pid int) {
	s.name, s.pid = append(s.name[:0], name...), pid
	s.enc = s.enc[:0]
	if name != "" {
		s.enc = appendString(append(s.enc, `,"process":`...), name)
	}
	if pid != 0 {
		s.enc = appendInt(append(s.enc, `,"pid":`...), int64(pid))
	}
	if s.enc == nil {
		s.enc = []byte{} // the slot is taken: nothing to write
	}
}

// setFile makes the encoding of the file f, without a line number.
func (c *Encoder) setFile(f string) {
	c.tailOK, c.lineOK, c.file = true, false, f
	c.tail = c.tail[:0]
	if f != "" {
		c.tail = append(c.tail, `,"file":`...)
		c.tail = appendString(c.tail, f)
	}
	c.fileEnd = len(c.tail)
}

// setLine makes the encoding of the line number n, not 0, after the
// file's: from the last one's digits when n is the next line, as it
// nearly always is.
func (c *Encoder) setLine(n int64) {
	if c.lineOK && n == c.line+1 && c.line > 0 {
		// n's decimal digits are the last's plus one: trailing nines
		// become zeros and the digit before them goes up, or a 1 comes
		// first when they were all nines.
		digits := c.tail[c.fileEnd+len(`,"line":`):]
		i := len(digits) - 1
		for ; i >= 0 && digits[i] == '9'; i-- {
			digits[i] = '0'
		}
		if i >= 0 {
			digits[i]++
		} else {
			c.tail = append(c.tail, '0')
			copy(c.tail[c.fileEnd+len(`,"line":`)+1:], digits)
			c.tail[c.fileEnd+len(`,"line":`)] = '1'
		}
		c.line = n
		return
	}
	c.lineOK, c.line = true, n
	c.tail = append(c.tail[:c.fileEnd], `,"line":`...)
	c.tail = strconv.AppendInt(c.tail, n, 10)
}

// pairSlot is an entry of Encoder.pairs: `"source","type":"type"` (the
// type when not empty) for the strings whose bytes are at src and typ.
type pairSlot struct {
	src, typ   *byte
	srcN, typN int
	enc        []byte // nil when the slot is free
}

const (
	pairBits  = 5
	pairSlots = 1 << pairBits
)

// appendSourceType appends the encoding of an event's source and type.
//
// A log's lines alternate between a few pairs of them (sshd's failures,
// cron's sessions, ...), and they are nearly always the package's
// constants, so that the same name is the same string, found by the
// address and length of its bytes without comparing them: two strings
// with the same bytes at the same address are equal, and no other
// string can be at an address an entry holds, as its pointer keeps that
// memory alive (and strings are never written). The table is
// direct-mapped, by a hash of the addresses: names made anew for each
// event (auditd's types), or two pairs that share a slot, are only
// encoded again.
func (c *Encoder) appendSourceType(b []byte, src, typ string) []byte {
	sp, tp := unsafe.StringData(src), unsafe.StringData(typ)
	if len(src) == 0 {
		sp = nil
	}
	if len(typ) == 0 {
		tp = nil
	}
	h := uint32(uintptr(unsafe.Pointer(sp))) ^ uint32(uintptr(unsafe.Pointer(tp)))*3
	s := &c.pairs[h*2654435769>>(32-pairBits)] // Fibonacci hashing: the top bits
	if s.src != sp || s.typ != tp || s.srcN != len(src) || s.typN != len(typ) || s.enc == nil {
		s.src, s.typ, s.srcN, s.typN = sp, tp, len(src), len(typ)
		s.enc = appendString(s.enc[:0], src)
		if typ != "" {
			s.enc = append(s.enc, `,"type":`...)
			s.enc = appendString(s.enc, typ)
		}
	}
	return append(b, s.enc...)
}

// appendFields is appendFields for the events of one log, where the
// events have one of a few sets of keys (sshd's failures, its logins,
// sudo's commands): it keeps the last few sets, sorted and encoded, and
// when m has as many keys as one and each of its keys, m has no other,
// and they are looked up rather than sorted again (iterating a map
// costs more than a few lookups).
func (c *Encoder) appendFields(b []byte, m map[string]string, pb, pn uintptr) []byte {
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
		if inPlain(f.v, pb, pn) {
			b = append(b, '"')
			b = append(b, f.v...)
			b = append(b, '"')
		} else {
			b = appendString(b, f.v)
		}
	}
	return b
}

// appendList is appendList for the events of one log, which store the
// same few sets of keys in the same orders (sshd's failures, its logins,
// sudo's commands): it keeps the last few, with their order by key and
// encoded, found by their keys, which are nearly always the package's
// constants: the same strings, the same bytes at the same address
// (sameString). Keys of the same bytes elsewhere only make a set anew.
func (c *Encoder) appendList(b []byte, fs []field, pb, pn uintptr) []byte {
	var ks *listKeys
	for i := range c.lists {
		k := (c.lastList + i) % len(c.lists)
		s := &c.lists[k]
		same := len(s.keys) == len(fs) // fs is not empty: neither is a set that matches
		for j := 0; same && j < len(fs); j++ {
			same = sameString(s.keys[j], fs[j].k)
		}
		if same {
			ks, c.lastList = s, k
			break
		}
	}
	if ks == nil {
		ks, c.lastList = &c.lists[c.nextList], c.nextList
		c.nextList = (c.nextList + 1) % len(c.lists)
		ks.keys, ks.order = ks.keys[:0], ks.order[:0]
		for i, f := range fs {
			ks.keys = append(ks.keys, f.k)
			ks.order = append(ks.order, i)
		}
		// by key: an insertion sort of a handful
		for i := 1; i < len(ks.order); i++ {
			for j := i; j > 0 && fs[ks.order[j]].k < fs[ks.order[j-1]].k; j-- {
				ks.order[j], ks.order[j-1] = ks.order[j-1], ks.order[j]
			}
		}
		ks.keysJ, ks.keyEnd = ks.keysJ[:0], ks.keyEnd[:0]
		for _, i := range ks.order {
			ks.keysJ = append(appendString(ks.keysJ, fs[i].k), ':')
			ks.keyEnd = append(ks.keyEnd, len(ks.keysJ))
		}
	}
	start := 0
	for i, j := range ks.order {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, ks.keysJ[start:ks.keyEnd[i]]...)
		start = ks.keyEnd[i]
		v := fs[j].v
		if inPlain(v, pb, pn) {
			b = append(b, '"')
			b = append(b, v...)
			b = append(b, '"')
		} else {
			b = appendString(b, v)
		}
	}
	return b
}
