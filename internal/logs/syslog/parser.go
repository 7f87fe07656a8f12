package syslog

import (
	"io"
	"strings"
	"time"
	"unsafe"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/logs/lines"
)

// MaxLine is the longest line kept whole (the line reader's bound);
// longer lines are cut to it.
const MaxLine = lines.Max

// Options configure a Parser.
type Options struct {
	// Reference dates RFC 3164 lines, which have no year: normally the
	// modification time of the file. Zero means the time NewParser runs.
	Reference time.Time
	// Location is the zone of times written without one (RFC 3164 lines,
	// ISO times without an offset). Nil means time.Local, the zone of the
	// machine running yingji, which is right only when it is the zone of
	// the machine that wrote the log: pass the evidence host's zone when
	// it is known.
	Location *time.Location
	// File is copied into Event.File.
	File string
	// Host fills Event.Host when a line names no host.
	Host string
	// Reuse lets Scan pass the same *Event for every line, its content
	// replaced (its Fields map, emptied, may be kept rather than nil),
	// for a caller that does not keep the events: it saves the event's
	// allocation and its map's, most of the garbage of a line. The
	// strings of an event stay valid; only the Event and its map are
	// reused.
	Reuse bool
	// SharedLines, with Reuse, lets the events' strings be parts of
	// blocks shared by many lines, for a caller that keeps nothing of
	// the events, not even their strings: they stay valid, but one kept
	// holds its whole block in memory. Scan then cuts the lines from
	// the buffers it reads into, which are never written again (no copy
	// of a line at all), and ParseLine copies them into blocks (one
	// allocation per block rather than per line).
	SharedLines bool
	// ListFields, with Reuse, keeps the events' fields in the events
	// themselves (event.Event.ListFields) rather than in their Fields
	// maps, for a caller that reads them with Field, AppendJSON or an
	// event.Encoder only: storing and looking up fields in a map costs
	// a hash each.
	ListFields bool
}

// Stats count the lines a Parser has read.
type Stats struct {
	Lines     int64 // lines read, empty ones included
	Parsed    int64 // lines with a readable header (continuations included)
	Unparsed  int64 // lines whose header could not be read: events with Raw only
	Empty     int64 // empty lines (no event)
	Continued int64 // continuation lines of a multi-line message (part of Parsed)
	Truncated int64 // lines cut to MaxLine
}

// Parser reads syslog lines. It keeps state between lines (the inferred
// year, the sshd connections), so one Parser reads one file, in order. It
// is not safe for concurrent use.
type Parser struct {
	opts Options
	loc  *time.Location

	refYear, refMonth int
	year, lastMonth   int // inferred year of RFC 3164 lines; lastMonth 0 before the first

	zoneOff int // cache of the last fixed zone built
	zoneLoc *time.Location

	day dayCache

	// last is the last RFC 3164 time read that took the 15 bytes of
	// "Mmm dd hh:mm:ss" exactly: busy logs write a few lines a second,
	// and a line with the same 15 bytes has the same time, as long as
	// the year inference is where it was (a line that failed after it
	// may have moved it).
	last struct {
		ok        bool
		w0, w1    uint64 // bytes 0-7 and 7-14
		at        time.Time
		year, mon int  // p.year and p.lastMonth after it
		sec       int  // the seconds of at's clock
		uniform   bool // its day has one UTC offset throughout (dayCache.uniform)
	}

	prev struct { // the last parsed line, for continuations
		ok      bool
		at      time.Time
		guessed bool
		host    string
		process string
		pid     int
	}

	// tagged is what hostTag read from recent lines with a host and a
	// tag that ends with its colon: the bytes up to that colon (a part
	// of the line, which it keeps in memory; "" before the first), where
	// the host and process are in them, and the pid. A log's lines come
	// from a few programs in turn (sshd, CRON, sudo, systemd-logind), so
	// there is an entry for each, found by the first bytes of the
	// program's name (tagSlot), at tagPos in the lines of the last host
	// read: 0 before the first.
	tagged [tagSlots]tagEntry
	tagPos int

	conns connTable
	stats Stats

	scratch *event.Event // the event reused with Options.Reuse
	block   []byte       // with Options.SharedLines: where lines are copied (see rawString)
}

// NewParser returns a Parser for one file.
func NewParser(opts Options) *Parser {
	p := &Parser{opts: opts, loc: opts.Location}
	p.conns.copies = opts.Reuse && opts.SharedLines
	if p.loc == nil {
		p.loc = time.Local
	}
	ref := opts.Reference
	if ref.IsZero() {
		ref = time.Now()
	}
	ref = ref.In(p.loc)
	p.refYear, p.refMonth = ref.Year(), int(ref.Month())
	return p
}

// Stats returns the counts so far.
func (p *Parser) Stats() Stats { return p.stats }

// Scan reads r line by line and calls fn with one event per non-empty
// line, in order, until the end of r, a read error or an error from fn,
// which it returns. Each event is newly allocated, and fn may keep it,
// unless Options.Reuse is set. Lines are counted in Stats; line numbers
// continue from earlier calls.
func (p *Parser) Scan(r io.Reader, fn func(*event.Event) error) error {
	// With shared lines, the reader's buffers are the blocks: the
	// lines are not copied at all (see rawString).
	kept := p.opts.SharedLines && p.opts.Reuse
	lr := lines.NewReader(r)
	if kept {
		lr = lines.NewKeepingReader(r)
	}
	for {
		line, truncated, err := lr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if e, ok := p.parse(line, p.stats.Lines+1, truncated, kept); ok {
			if ferr := fn(e); ferr != nil {
				return ferr
			}
		}
	}
}

// ParseLine parses one line (its trailing newline optional) as line n of
// the file and updates the parser's state and Stats like Scan. It returns
// false for an empty line, which has no event; an unreadable line gives
// an event with Raw only (see Stats.Unparsed), and true. With
// Options.Reuse the event is valid until the next call.
func (p *Parser) ParseLine(line []byte, n int64) (*event.Event, bool) {
	return p.parse(line, n, false, false)
}

// parse parses one line; kept says that line is never written again
// (lines.NewKeepingReader), so that with Options.SharedLines the event
// may use it as it is.
func (p *Parser) parse(line []byte, n int64, truncated, kept bool) (*event.Event, bool) {
	p.stats.Lines++
	for len(line) > 0 && (line[len(line)-1] == '\n' || line[len(line)-1] == '\r') {
		line = line[:len(line)-1]
	}
	if len(line) > MaxLine {
		line, truncated = line[:MaxLine], true
	}
	if len(line) == 0 {
		p.stats.Empty++
		return nil, false
	}
	e := p.newEvent()
	var raw string
	if kept {
		// The reader's buffer is shared by the lines like a block of
		// rawString's, and never written again.
		raw = unsafe.String(&line[0], len(line))
	} else {
		raw = p.rawString(line)
	}
	e.Raw, e.File, e.Line, e.Source = raw, p.opts.File, n, event.SourceSyslog
	if truncated {
		p.stats.Truncated++
		e.Set(event.FieldTruncated, "true")
	}
	if (line[0] == ' ' || line[0] == '\t') && p.prev.ok {
		p.stats.Parsed++
		p.stats.Continued++
		e.At, e.TimeGuessed, e.Host = p.prev.at, p.prev.guessed, p.prev.host
		e.Process, e.PID = p.prev.process, p.prev.pid
		e.Message = strings.TrimLeft(e.Raw, " \t")
		return e, true
	}
	if !p.header(e) {
		p.stats.Unparsed++
		p.prev.ok = false
		e.Message = e.Raw
		e.Host = p.opts.Host
		return e, true
	}
	p.stats.Parsed++
	if e.Host == "" {
		e.Host = p.opts.Host
	}
	p.prev.ok, p.prev.at, p.prev.guessed = true, e.At, e.TimeGuessed
	p.prev.host, p.prev.process, p.prev.pid = e.Host, e.Process, e.PID
	p.program(e)
	return e, true
}

// newEvent returns an empty event: a new one, or with Options.Reuse the
// parser's own, with its emptied map (or list, Options.ListFields) kept
// for the fields to come.
func (p *Parser) newEvent() *event.Event {
	if !p.opts.Reuse {
		return &event.Event{}
	}
	if p.scratch == nil {
		p.scratch = &event.Event{}
		if p.opts.ListFields {
			p.scratch.ListFields()
		}
	}
	e := p.scratch
	e.Reset()
	return e
}

// blockSize is the size of the blocks lines are copied into with
// Options.SharedLines, and lineInBlock the longest line copied there: a
// longer one gets its own string, so that blocks are not left mostly
// empty.
const (
	blockSize   = 16 << 10
	lineInBlock = blockSize / 8
)

// rawString returns line as a string. Without Options.SharedLines it is
// a string of its own, which a caller may keep at no cost to the rest.
// With it the line is copied into a block shared with the lines that
// follow: one allocation per block of a hundred lines or so rather than
// one per line, which was a tenth of the time of reading a line. A block
// is never written again once a line is in it, so the strings stay
// valid.
func (p *Parser) rawString(line []byte) string {
	if !p.opts.SharedLines || !p.opts.Reuse || len(line) > lineInBlock {
		return string(line)
	}
	if cap(p.block)-len(p.block) < len(line) {
		p.block = make([]byte, 0, blockSize)
	}
	start := len(p.block)
	p.block = append(p.block, line...)
	return unsafe.String(&p.block[start], len(line))
}

// header reads the time, host and tag of e.Raw into e; false when the
// line has no header it knows.
func (p *Parser) header(e *event.Event) bool {
	s := e.Raw
	// <PRI>
	if len(s) > 2 && s[0] == '<' {
		i := 1
		for i < len(s) && i < 5 && isDigit(s[i]) {
			i++
		}
		if i == 1 || i >= len(s) || s[i] != '>' {
			return false
		}
		s = s[i+1:]
	}
	// RFC 5424: VERSION SP TIMESTAMP
	if len(s) > 2 && s[0] == '1' && s[1] == ' ' {
		return p.rfc5424(e, s[2:])
	}
	var rest string
	var ok bool
	if len(s) >= 4 && isDigit(s[0]) && isDigit(s[1]) && isDigit(s[2]) && isDigit(s[3]) {
		rest, ok = p.isoTime(e, s)
	} else {
		rest, ok = p.bsdTime(e, s)
	}
	if !ok {
		return false
	}
	p.hostTag(e, rest)
	return true
}

// tagEntry is an entry of Parser.tagged.
type tagEntry struct {
	prefix             string
	procStart, procEnd int // where the program's name is in prefix
	pid                int
	// host is the host of prefix, as a string of its own (not a part
	// of a line, which it would keep in memory) that the events of the
	// entry share: the same string, not only the same bytes, is found
	// equal without comparing its bytes (runtime.memequal compares the
	// addresses first), as the connection table and the JSON encoder
	// compare hosts line after line.
	host string
}

// tagSlots is the number of entries of Parser.tagged, a power of two.
const tagSlots = 8

// tagSlot returns the entry of Parser.tagged for a program whose name
// starts with the 8 bytes w (or is shorter, and w has what follows).
func tagSlot(w uint64) int {
	return int(w * 0x9E3779B97F4A7C15 >> (64 - 3)) // Fibonacci hashing: the top bits
}

// hostTag reads "host tag: msg" (host optional, tag optional).
func (p *Parser) hostTag(e *event.Event, s string) {
	s = trimSpace(s)
	if p.tagPos > 0 && len(s) >= p.tagPos+8 {
		t := &p.tagged[tagSlot(load64(s, p.tagPos))]
		if t.prefix != "" && len(s) >= len(t.prefix) && s[:len(t.prefix)] == t.prefix {
			// The host and tag of an earlier line that had both,
			// which the lines of one process repeat.
			e.Host, e.Process, e.PID = t.host, s[t.procStart:t.procEnd], t.pid
			e.Message = trimSpace(s[len(t.prefix):])
			return
		}
		if t.prefix != "" && t.prefix[t.procEnd] == '[' && len(s) > t.procEnd && s[:t.procEnd+1] == t.prefix[:t.procEnd+1] {
			// The same host and program, up to the '[' of the pid:
			// another process of the same daemon (sshd forks one per
			// connection). With the same bytes up to there, the
			// reading below finds the same host and program, and then
			// reads the pid up to ']' and the colon after it; this
			// reads them the same way when the pid is digits that atoi
			// takes (one to nine) and the colon follows.
			rest := s[t.procEnd+1:]
			pid, i := 0, 0
			for i < len(rest) && i < 9 && isDigit(rest[i]) {
				pid = pid*10 + int(rest[i]-'0')
				i++
			}
			if i > 0 && i+1 < len(rest) && rest[i] == ']' && rest[i+1] == ':' {
				end := t.procEnd + 1 + i + 2
				e.Host, e.Process, e.PID = t.host, s[t.procStart:t.procEnd], pid
				e.Message = trimSpace(s[end:])
				t.prefix, t.pid = s[:end], pid
				return
			}
		}
	}
	if strings.HasPrefix(s, ": ") || s == ":" { // "Nov 18 01:15:43: --- last message repeated ---"
		e.Message = trimSpace(s[1:])
		return
	}
	w := s
	if i := strings.IndexByte(s, ' '); i >= 0 {
		w = s[:i]
	}
	t := s
	if !looksLikeTag(w) && w != "" {
		e.Host = w
		t = trimSpace(s[len(w):])
	}
	if end := p.tag(e, t); end > 0 && e.Host != "" {
		// What the reading above (of the host, up to the space after
		// it, and of t up to its colon) decided depends on the bytes
		// of s up to that colon alone: a line that starts with the
		// same bytes has the same host, process and pid, and its
		// message after them. Not so without a host: the first word
		// was read up to a space past the colon to tell it is a tag.
		start := len(s) - len(t)
		if len(s) >= start+8 {
			p.tagPos = start
			t := &p.tagged[tagSlot(load64(s, start))]
			host := p.sharedHost(e.Host, t.host)
			*t = tagEntry{prefix: s[:start+end], procStart: start, procEnd: start + len(e.Process), pid: e.PID, host: host}
			e.Host = host
		}
	}
}

// sharedHost returns a string of its own equal to s, a host for a
// tagEntry: old, the entry's, when equal, or another entry's, else a
// copy. A log names one host or a few.
func (p *Parser) sharedHost(s, old string) string {
	if s == old {
		return old
	}
	for i := range p.tagged {
		if s == p.tagged[i].host {
			return p.tagged[i].host
		}
	}
	return strings.Clone(s)
}

// looksLikeTag reports whether w, a first word, is a tag rather than a
// host: it ends with ':' or "]:", or is "prog[pid]".
func looksLikeTag(w string) bool {
	if w == "" {
		return false
	}
	if w[len(w)-1] == ':' {
		return true
	}
	if i := strings.IndexByte(w, '['); i > 0 && w[len(w)-1] == ']' {
		return true
	}
	return false
}

// tag reads "prog[pid]: msg", "prog: msg", "prog(facility)[pid]: msg", or
// a message with no tag. It returns the length of "prog[pid]:" when the
// tag is one of the first three, ended by its colon, and 0 when not.
func (p *Parser) tag(e *event.Event, s string) int {
	i := 0
	for i < len(s) && s[i] != ' ' && s[i] != ':' && s[i] != '[' {
		i++
	}
	name := s[:i]
	if i == 0 || i == len(s) {
		e.Message = s
		return 0
	}
	j := i
	pid := 0
	if s[j] == '[' {
		k := strings.IndexByte(s[j:], ']')
		if k < 0 {
			e.Message = s
			return 0
		}
		pidStr := s[j+1 : j+k]
		pid, _ = atoi(pidStr)
		j += k + 1
		if j < len(s) && s[j] == ' ' && !strings.HasPrefix(s[j:], " :") {
			// "prog[1] msg" without a colon (some relays)
			e.Process, e.PID, e.Message = name, pid, trimSpace(s[j:])
			return 0
		}
	}
	end := j + 1
	if j >= len(s) || s[j] != ':' {
		if j < len(s) && s[j] == ' ' && strings.HasPrefix(s[j:], " :") {
			j++
			end = 0 // read past the tag's end: not cached
		} else {
			e.Message = s // no tag: "Job `cron.daily' terminated"
			return 0
		}
	}
	e.Process, e.PID = name, pid
	e.Message = trimSpace(s[j+1:])
	return end
}

// rfc5424 reads "TIMESTAMP HOST APP PROCID MSGID SD [MSG]".
func (p *Parser) rfc5424(e *event.Event, s string) bool {
	var f [5]string
	for k := range f {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			if k < 4 {
				return false
			}
			f[k], s = s, ""
			break
		}
		f[k], s = s[:i], s[i+1:]
	}
	if f[0] != "-" {
		if _, ok := p.isoTime(e, f[0]); !ok {
			return false
		}
	}
	nil5424 := func(v string) string {
		if v == "-" {
			return ""
		}
		return v
	}
	e.Host = nil5424(f[1])
	e.Process = nil5424(f[2])
	e.PID, _ = atoi(nil5424(f[3]))
	// structured data: "-" or one or more [id param="v"...]
	if strings.HasPrefix(s, "-") {
		s = s[1:]
	} else {
		for strings.HasPrefix(s, "[") {
			end := sdEnd(s)
			if end < 0 {
				return false
			}
			s = s[end:]
		}
	}
	s = strings.TrimPrefix(s, " ")
	s = strings.TrimPrefix(s, "\uFEFF")
	e.Message = s
	return true
}

// sdEnd returns the length of the SD-ELEMENT at the start of s, or -1.
func sdEnd(s string) int {
	inQuote := false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && inQuote:
			i++
		case c == '"':
			inQuote = !inQuote
		case c == ']' && !inQuote:
			return i + 1
		}
	}
	return -1
}

// bsdTime reads "Mmm dd hh:mm:ss[.frac]" and infers the year.
func (p *Parser) bsdTime(e *event.Event, s string) (string, bool) {
	if len(s) < 15 {
		return "", false
	}
	if p.last.ok && (len(s) == 15 || s[15] != '.' && s[15] != ',') && load64(s, 0) == p.last.w0 && load64(s, 7) == p.last.w1 &&
		p.year == p.last.year && p.lastMonth == p.last.mon {
		// the year inference would change nothing: same month
		e.At, e.TimeGuessed = p.last.at, true
		return s[15:], true
	}
	if p.last.ok && p.last.uniform && (len(s) == 15 || s[15] != '.' && s[15] != ',') && load64(s, 0) == p.last.w0 &&
		(load64(s, 7)^p.last.w1)&(1<<48-1) == 0 && p.year == p.last.year && p.lastMonth == p.last.mon {
		// The same minute as the last ("Mmm dd hh:mm:", bytes 0-12),
		// other seconds: the reading below would find the same month,
		// day and year, and the time of day on a day of one UTC offset
		// is the start of the day plus the clock, so that the time is
		// the last one plus the difference of the seconds.
		if sec, ok := digits2(s[13], s[14]); ok && sec <= 59 {
			e.At, e.TimeGuessed = p.last.at.Add(time.Duration(sec-p.last.sec)*time.Second), true
			p.last.w1, p.last.at, p.last.sec = load64(s, 7), e.At, sec
			return s[15:], true
		}
	}
	mon := monthOf(s[0], s[1], s[2])
	if mon == 0 || s[3] != ' ' {
		return "", false
	}
	i := 4
	if s[i] == ' ' {
		i++
	}
	day := 0
	j := i
	for j < len(s) && j < i+2 && isDigit(s[j]) {
		day = day*10 + int(s[j]-'0')
		j++
	}
	if j == i || day < 1 || day > 31 || j >= len(s) || s[j] != ' ' {
		return "", false
	}
	h, m, sec, nsec, rest, ok := clock(s[j+1:])
	if !ok {
		return "", false
	}
	// year inference (see the package documentation)
	if p.lastMonth == 0 {
		p.year = p.refYear
		if mon > p.refMonth {
			p.year--
		}
	} else if p.lastMonth > mon+1 {
		p.year++
	}
	p.lastMonth = mon
	if day > daysIn(mon, p.year) {
		return "", false
	}
	e.At = p.day.date(p.year, mon, day, h, m, sec, nsec, p.loc)
	e.TimeGuessed = true
	p.last.ok = len(s)-len(rest) == 15 && nsec == 0
	if p.last.ok {
		p.last.w0, p.last.w1, p.last.at = load64(s, 0), load64(s, 7), e.At
		p.last.year, p.last.mon = p.year, p.lastMonth
		p.last.sec, p.last.uniform = sec, p.day.uniform
	}
	return rest, true
}

// load64 returns the 8 bytes of s at i as one word.
func load64(s string, i int) uint64 {
	w := s[i : i+8]
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

// isoTime reads "YYYY-MM-DDThh:mm:ss[.frac][Z|±hh:mm|±hhmm]".
func (p *Parser) isoTime(e *event.Event, s string) (string, bool) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') {
		return "", false
	}
	y, ok1 := atoiN(s[0:4])
	mo, ok2 := atoiN(s[5:7])
	d, ok3 := atoiN(s[8:10])
	if !ok1 || !ok2 || !ok3 || mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) {
		return "", false
	}
	h, m, sec, nsec, rest, ok := clock(s[11:])
	if !ok {
		return "", false
	}
	loc := p.loc
	guessed := true
	switch {
	case strings.HasPrefix(rest, "Z"):
		loc, guessed, rest = time.UTC, false, rest[1:]
	case len(rest) >= 5 && (rest[0] == '+' || rest[0] == '-'):
		oh, okh := atoiN(rest[1:3])
		k := 3
		if rest[k] == ':' {
			k++
		}
		if len(rest) < k+2 {
			return "", false
		}
		om, okm := atoiN(rest[k : k+2])
		if !okh || !okm || oh > 23 || om > 59 {
			return "", false
		}
		off := oh*3600 + om*60
		if rest[0] == '-' {
			off = -off
		}
		loc, guessed, rest = p.zone(off), false, rest[k+2:]
	}
	if rest != "" && rest[0] != ' ' {
		return "", false
	}
	e.At = p.day.date(y, mo, d, h, m, sec, nsec, loc)
	e.TimeGuessed = guessed
	return rest, true
}

// dayCache remembers the start of the day of the last line: a log's
// lines come day by day, and adding the time of day to it is much
// cheaper than time.Date, which looks the zone up for every line.
type dayCache struct {
	y, m, d int
	loc     *time.Location
	start   time.Time
	uniform bool // one UTC offset for the whole day (no zone change in it)
}

// date is time.Date(y, m, d, h, mi, s, ns, loc) for valid fields (no
// normalisation needed).
func (c *dayCache) date(y, m, d, h, mi, s, ns int, loc *time.Location) time.Time {
	if y != c.y || m != c.m || d != c.d || loc != c.loc {
		c.y, c.m, c.d, c.loc = y, m, d, loc
		c.start = time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
		from, to := c.start.ZoneBounds()
		c.uniform = c.start.Hour() == 0 && c.start.Minute() == 0 && !from.After(c.start) &&
			(to.IsZero() || !to.Before(c.start.Add(24*time.Hour)))
	}
	if !c.uniform {
		// a day with a daylight saving change: time.Date resolves the
		// local times it skips or repeats
		return time.Date(y, time.Month(m), d, h, mi, s, ns, loc)
	}
	return c.start.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute +
		time.Duration(s)*time.Second + time.Duration(ns))
}

// zone returns a fixed zone for off seconds east of UTC, reusing the
// last one: a file has one or two offsets, and FixedZone allocates.
func (p *Parser) zone(off int) *time.Location {
	if off == 0 {
		return time.UTC
	}
	if p.zoneLoc == nil || p.zoneOff != off {
		p.zoneOff, p.zoneLoc = off, time.FixedZone("", off)
	}
	return p.zoneLoc
}

// clock reads "hh:mm:ss[.frac]" and returns what follows.
func clock(s string) (h, m, sec, nsec int, rest string, ok bool) {
	if len(s) < 8 || s[2] != ':' || s[5] != ':' {
		return
	}
	var ok1, ok2, ok3 bool
	h, ok1 = digits2(s[0], s[1])
	m, ok2 = digits2(s[3], s[4])
	sec, ok3 = digits2(s[6], s[7])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec > 60 {
		return
	}
	if sec == 60 { // a leap second: keep the line, at the next second
		sec = 59
		nsec = 999999999
	}
	i := 8
	if i < len(s) && (s[i] == '.' || s[i] == ',') {
		i++
		scale := 100000000
		start := i
		for i < len(s) && isDigit(s[i]) {
			nsec += int(s[i]-'0') * scale
			scale /= 10
			i++
		}
		if i == start {
			return
		}
	}
	return h, m, sec, nsec, s[i:], true
}

// monthOf returns 1-12 for an English month abbreviation, any case.
func monthOf(a, b, c byte) int {
	switch uint32(a|0x20)<<16 | uint32(b|0x20)<<8 | uint32(c|0x20) {
	case 'j'<<16 | 'a'<<8 | 'n':
		return 1
	case 'f'<<16 | 'e'<<8 | 'b':
		return 2
	case 'm'<<16 | 'a'<<8 | 'r':
		return 3
	case 'a'<<16 | 'p'<<8 | 'r':
		return 4
	case 'm'<<16 | 'a'<<8 | 'y':
		return 5
	case 'j'<<16 | 'u'<<8 | 'n':
		return 6
	case 'j'<<16 | 'u'<<8 | 'l':
		return 7
	case 'a'<<16 | 'u'<<8 | 'g':
		return 8
	case 's'<<16 | 'e'<<8 | 'p':
		return 9
	case 'o'<<16 | 'c'<<8 | 't':
		return 10
	case 'n'<<16 | 'o'<<8 | 'v':
		return 11
	case 'd'<<16 | 'e'<<8 | 'c':
		return 12
	}
	return 0
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digits2 reads two decimal digits; every line has three or more such
// fields.
func digits2(a, b byte) (int, bool) {
	x, y := a-'0', b-'0' // past '9' or, wrapping, below '0': > 9
	return int(x)*10 + int(y), x <= 9 && y <= 9
}

// atoiN parses a fixed-width run of digits.
func atoiN(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, len(s) > 0
}

// atoi parses a non-negative decimal of at most 9 digits.
func atoi(s string) (int, bool) {
	if len(s) == 0 || len(s) > 9 {
		return 0, false
	}
	return atoiN(s)
}

func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
