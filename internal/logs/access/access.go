package access

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/event"
)

// MaxLine is the longest line kept: longer lines are cut to it, counted
// in Stats.Cut and their events carry event.FieldTruncated.
const MaxLine = 64 << 10

// Options configure a Parser.
type Options struct {
	// Format, when set, is the only format tried (with a W3C format, the
	// file's own #Fields lines still replace its columns). Nil means
	// detection: see Formats.
	Format *Format
	// Formats are tried before the built-in ones when Format is nil:
	// the formats read from the server's configuration (nginx
	// log_format, Apache LogFormat), compiled with ParseNginxFormat and
	// ParseApacheFormat.
	Formats []*Format
	// File names the file in the events, as the user named it.
	File string
	// Location is the zone of times the line gives without one (a
	// strftime %{...}t without %z, a W3C date and time). Nil: UTC, which
	// is what the W3C format specifies; other zone-less times are then
	// marked TimeGuessed.
	Location *time.Location
}

// Stats counts the lines a Parser has read. Every line is in exactly one
// of Parsed, Unparsed, Directives and Blank, so
// Lines == Parsed + Unparsed + Directives + Blank.
type Stats struct {
	Lines      int64 // lines read
	Parsed     int64 // became web_request events
	Unparsed   int64 // fit no format: delivered as events with Type ""
	Directives int64 // W3C '#' lines (#Software, #Fields, ...): read, not delivered
	Blank      int64 // empty or only spaces and tabs: not delivered
	Cut        int64 // longer than MaxLine, cut (also counted in one of the above)
	// Formats counts the parsed lines per format name ("combined" for
	// the built-in family, a configuration's format name, "w3c").
	Formats map[string]int64
}

// Parser reads one access log. It is not safe for concurrent use: use
// one per file (Formats may be shared).
type Parser struct {
	opts  Options
	loc   *time.Location
	cands []*Format // detection order after the last format that fitted
	last  *Format
	w3c   *Format // the columns of the last #Fields line

	m           matcher
	r           rec
	zones       zoneCache
	lastTimeStr string // one-entry cache of the last CLF time
	lastTime    time.Time

	stats   Stats
	byFmt   []*Format
	byCount []int64
}

// NewParser returns a parser with the options.
func NewParser(opts Options) *Parser {
	p := &Parser{opts: opts, loc: opts.Location}
	if p.loc == nil {
		p.loc = time.UTC
	}
	if f := opts.Format; f != nil && f.Syntax == SyntaxW3C && f.w3c != nil {
		p.w3c = f
	}
	for _, f := range opts.Formats {
		if f != nil {
			p.cands = append(p.cands, f)
		}
	}
	p.cands = append(p.cands, Combined)
	return p
}

// Stats returns the counts so far.
func (p *Parser) Stats() Stats {
	s := p.stats
	s.Formats = make(map[string]int64, len(p.byFmt))
	for i, f := range p.byFmt {
		s.Formats[f.Name] += p.byCount[i]
	}
	return s
}

// Scan reads r line by line and calls fn with one event per line that
// is not blank or a W3C directive: a web_request event when a format
// fits, an event with Type "" (Source, Raw, File, Line set, nothing
// else) when none does, so that nothing read is lost. Lines are split
// on '\n' with a trailing '\r' removed; Raw is the line without them
// (and without a UTF-8 byte order mark on line 1).
// Line numbers start at 1 at each call. Scan returns fn's error, or r's.
//
// Each event is new and fn may keep it; its strings share the memory of
// its Raw.
func (p *Parser) Scan(r io.Reader, fn func(*event.Event) error) error {
	br := bufio.NewReaderSize(r, MaxLine+2)
	var n int64
	p.w3c = nil
	if f := p.opts.Format; f != nil && f.Syntax == SyntaxW3C && f.w3c != nil {
		p.w3c = f
	}
	for {
		b, err := br.ReadSlice('\n')
		if len(b) == 0 && err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("%s: after line %d: %w", p.name(), n, err)
		}
		n++
		cut := false
		if err == bufio.ErrBufferFull {
			b = b[:MaxLine]
			cut = true
		} else {
			if len(b) > 0 && b[len(b)-1] == '\n' {
				b = b[:len(b)-1]
			}
			if len(b) > 0 && b[len(b)-1] == '\r' {
				b = b[:len(b)-1]
			}
			if len(b) > MaxLine {
				b = b[:MaxLine]
				cut = true
			}
		}
		if n == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) // a BOM (IIS logs saved by Notepad)
		}
		ev := p.line(b, n, cut)
		if cut {
			// Skip the rest of the long line; b is invalid from here.
			for err == bufio.ErrBufferFull {
				_, err = br.ReadSlice('\n')
			}
		}
		if ev != nil {
			if ferr := fn(ev); ferr != nil {
				return ferr
			}
		}
		if err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("%s: line %d: %w", p.name(), n, err)
		}
	}
}

func (p *Parser) name() string {
	if p.opts.File != "" {
		return p.opts.File
	}
	return "access log"
}

// ParseLine parses one line, without its end of line, numbered n: the
// event Scan would deliver for it, or nil for a blank line or a W3C
// directive (which still counts, and a "#Fields:" line still sets the
// columns of the lines after it). A line longer than MaxLine is cut.
// For callers that split lines themselves; Scan is the usual way.
func (p *Parser) ParseLine(line []byte, n int64) *event.Event {
	cut := len(line) > MaxLine
	if cut {
		line = line[:MaxLine]
	}
	return p.line(line, n, cut)
}

// line parses one line (without its end of line); nil for the lines
// that are not delivered (blank, directives).
func (p *Parser) line(b []byte, n int64, cut bool) *event.Event {
	p.stats.Lines++
	if cut {
		p.stats.Cut++
	}
	if blank(b) {
		p.stats.Blank++
		return nil
	}
	if b[0] == '#' && (p.opts.Format == nil || p.opts.Format.Syntax == SyntaxW3C) {
		return p.directive(string(b), n, cut)
	}
	raw := string(b)
	if f := p.parse(raw); f != nil {
		ev := p.event(raw, n, &p.r, f)
		p.count(f)
		if cut {
			ev.Set(event.FieldTruncated, "true")
		}
		return ev
	}
	return p.unparsed(raw, n, cut)
}

// unparsed delivers a line no format fits.
func (p *Parser) unparsed(raw string, n int64, cut bool) *event.Event {
	p.stats.Unparsed++
	ev := &event.Event{Source: event.SourceWeb, Raw: raw, File: p.opts.File, Line: n}
	if cut {
		ev.Set(event.FieldTruncated, "true")
	}
	return ev
}

func (p *Parser) count(f *Format) {
	p.stats.Parsed++
	for i, g := range p.byFmt {
		if g == f {
			p.byCount[i]++
			return
		}
	}
	p.byFmt = append(p.byFmt, f)
	p.byCount = append(p.byCount, 1)
}

func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// directive handles a W3C '#' line: "#Fields:" sets the columns of the
// lines after it; the others (#Software, #Version, #Date, #Remark) are
// counted. A "#Fields:" line that cannot be compiled is delivered
// unparsed and leaves the following lines without columns (unparsed
// too) rather than read by the wrong ones.
func (p *Parser) directive(s string, n int64, cut bool) *event.Event {
	if strings.HasPrefix(s, "#Fields:") {
		if p.last != nil && p.last.Syntax == SyntaxW3C {
			p.last = nil // the old columns are done with
		}
		f, err := ParseW3CFields(s)
		if err != nil {
			p.w3c = nil
			return p.unparsed(s, n, cut)
		}
		p.w3c = f
	}
	p.stats.Directives++
	return nil
}

// parse tries the formats on a line and returns the one that fits, with
// the line's fields in p.r; nil if none does. A line wrapped whole in
// double quotes (a log exported through CSV, as in published data sets)
// is read inside them.
func (p *Parser) parse(s string) *Format {
	if f := p.try(s); f != nil {
		return f
	}
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return p.try(s[1 : len(s)-1])
	}
	return nil
}

func (p *Parser) try(s string) *Format {
	if f := p.opts.Format; f != nil {
		if f.Syntax == SyntaxW3C {
			f = p.w3c
			if f == nil {
				return nil
			}
		}
		if p.fits(f, s) {
			return f
		}
		return nil
	}
	// The format that fitted the last line goes first, except that the
	// built-in one, which accepts extras after the user agent, never
	// goes before the configuration's formats that name them.
	if p.last != nil && (p.last != Combined || len(p.cands) == 1) && p.fits(p.last, s) {
		return p.last
	}
	for _, f := range p.cands {
		if (f != p.last || f == Combined) && p.fits(f, s) {
			p.last = f
			return f
		}
	}
	if p.w3c != nil && p.w3c != p.last && p.fits(p.w3c, s) {
		p.last = p.w3c
		return p.w3c
	}
	return nil
}

// fits reports whether s is a line of f, leaving its fields in p.r.
func (p *Parser) fits(f *Format, s string) bool {
	r := &p.r
	r.reset()
	var ok bool
	switch {
	case f.clf:
		ok = parseCLF(s, r)
	case f.w3c != nil:
		ok = p.parseW3C(f, s)
	case f.items != nil:
		ok = p.m.match(f, s) && r.apply(p.m.caps)
	}
	if !ok {
		return false
	}
	if r.t.set && !r.t.hasDate && !r.t.unix {
		r.t.set = false // a clock without a date is no time
	}
	if r.t.set && !r.t.valid() {
		return false
	}
	r.finish()
	return true
}
