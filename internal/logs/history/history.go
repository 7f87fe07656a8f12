package history

import (
	"bytes"
	"io"
	"path"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/logs/lines"

	"github.com/yingji/yingji/internal/event"
)

// MaxLine is the longest line kept (lines.Max): the rest of a longer
// line is discarded and the line counted in Stats.Truncated. Shells accept
// longer command lines, but a history line past 64 KiB is almost always
// pasted data or a damaged file.
const MaxLine = lines.Max

// Format is a history file format.
type Format string

// The formats understood. FormatAuto decides from the first non-blank line.
const (
	FormatAuto Format = ""
	FormatBash Format = "bash" // also sh, ash, ksh without timestamps
	FormatZsh  Format = "zsh"
	FormatFish Format = "fish"
)

// MaxCommand bounds one command assembled from several lines; a longer
// one is emitted at the bound and the rest starts a new command (counted
// in Stats.Split).
const MaxCommand = 1 << 20

// FormatFor returns the format a history file's name implies (.zsh_history
// and .histfile are zsh, fish_history is fish), or FormatAuto.
func FormatFor(name string) Format {
	switch path.Base(strings.ReplaceAll(name, "\\", "/")) {
	case ".zsh_history", ".histfile", ".zhistory":
		return FormatZsh
	case "fish_history":
		return FormatFish
	case ".bash_history", ".sh_history", ".ash_history", ".ksh_history":
		return FormatBash
	}
	return FormatAuto
}

// Options configure a Parser.
type Options struct {
	File   string // copied to Event.File
	User   string // the owner of the history (from its path), copied to Event.User
	Format Format // FormatAuto to detect
	// Location is the zone At is given in; nil means UTC. History times
	// are epoch seconds, so it changes only how they read.
	Location *time.Location
}

// Stats counts what a Parser read.
type Stats struct {
	Lines         int64 // lines read
	Commands      int64 // events emitted
	Untimed       int64 // commands without a time
	Truncated     int64 // lines cut at MaxLine
	Split         int64 // commands cut at MaxCommand
	BadTimestamps int64 // timestamp lines whose number is out of range
	// OrphanTimestamps counts timestamp lines followed by another
	// timestamp or the end of the file instead of a command.
	OrphanTimestamps int64
	Format           Format // the format used for the last Scan
}

// Parser reads shell histories. It is not safe for concurrent use; Stats
// accumulate over calls to Scan.
type Parser struct {
	opts  Options
	stats Stats

	// The command being assembled.
	cmd     []byte
	raw     []byte
	at      time.Time
	timed   bool
	line    int64 // first line of the command; 0 while only its timestamp is read
	nlines  int   // command lines in cmd
	has     bool
	elapsed string
	// zsh/fish: the current entry continues on the next line.
	cont bool
}

// New returns a Parser with the given options.
func New(opts Options) *Parser {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	return &Parser{opts: opts}
}

// Stats returns the counts so far.
func (p *Parser) Stats() Stats { return p.stats }

// Scan reads a history from r and calls fn with each command; the event is
// fn's to keep. It returns the first error of fn or r.
func (p *Parser) Scan(r io.Reader, fn func(*event.Event) error) error {
	p.reset()
	lr := lines.NewReader(r)
	format := p.opts.Format
	// Timestamps are "in use" in a bash history once one has been seen.
	bashTimed := false
	var lineNo int64
	for {
		b, cut, err := lr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		lineNo++
		p.stats.Lines++
		if cut {
			p.stats.Truncated++
		}
		if format == FormatAuto {
			if len(bytes.TrimSpace(b)) == 0 {
				continue
			}
			format = detect(b)
		}
		p.stats.Format = format
		switch format {
		case FormatZsh:
			err = p.zshLine(b, lineNo, fn)
		case FormatFish:
			err = p.fishLine(b, lineNo, fn)
		default:
			err = p.bashLine(b, lineNo, &bashTimed, fn)
		}
		if err != nil {
			return err
		}
	}
	switch {
	case p.has && p.line == 0:
		p.has = false
		p.stats.OrphanTimestamps++
	case p.has:
		return p.emit(fn)
	}
	return nil
}

// detect decides the format from the first non-blank line.
func detect(b []byte) Format {
	if _, _, _, ok := zshHeader(b); ok {
		return FormatZsh
	}
	if bytes.HasPrefix(b, []byte("- cmd:")) {
		return FormatFish
	}
	return FormatBash
}

func (p *Parser) reset() {
	p.cmd, p.raw, p.has, p.cont, p.timed, p.elapsed = p.cmd[:0], p.raw[:0], false, false, false, ""
	p.line, p.nlines = 0, 0
}

// start begins a new command at line n.
func (p *Parser) start(n int64, at time.Time, timed bool) {
	p.cmd, p.raw = p.cmd[:0], p.raw[:0]
	p.at, p.timed, p.line, p.has, p.elapsed, p.nlines = at, timed, n, true, "", 0
}

// addText appends a line of the command to cmd and its raw line to raw.
func (p *Parser) addText(text, raw []byte) {
	if p.nlines > 0 {
		p.cmd = append(p.cmd, '\n')
	}
	p.nlines++
	p.cmd = append(p.cmd, text...)
	if len(p.raw) > 0 {
		p.raw = append(p.raw, '\n')
	}
	p.raw = append(p.raw, raw...)
}

// appendLine adds a line to the command, emitting first when it would pass
// MaxCommand.
func (p *Parser) appendLine(text, raw []byte, n int64, fn func(*event.Event) error) error {
	if p.has && len(p.cmd)+len(text) > MaxCommand {
		p.stats.Split++
		at, timed := p.at, p.timed
		if err := p.emit(fn); err != nil {
			return err
		}
		p.start(n, at, timed)
	}
	if !p.has {
		p.start(n, time.Time{}, false)
	}
	p.addText(text, raw)
	return nil
}

// emit passes the assembled command to fn.
func (p *Parser) emit(fn func(*event.Event) error) error {
	p.has = false
	ev := &event.Event{
		Source:  event.SourceHistory,
		Type:    event.TypeCommand,
		User:    p.opts.User,
		Process: string(p.stats.Format),
		Raw:     string(p.raw),
		File:    p.opts.File,
		Line:    p.line,
	}
	if p.timed {
		ev.At = p.at.In(p.opts.Location)
	} else {
		p.stats.Untimed++
	}
	cmd := string(p.cmd)
	ev.Set(event.FieldCommand, cmd)
	ev.Set("elapsed", p.elapsed)
	p.stats.Commands++
	return fn(ev)
}

// epoch parses the leading decimal digits of b as Unix seconds; ok is false
// when there are none or the value is beyond year 9999.
func epoch(b []byte) (time.Time, bool) {
	var n int64
	i := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		n = n*10 + int64(b[i]-'0')
		if n > 253402300799 { // 9999-12-31T23:59:59Z
			return time.Time{}, false
		}
	}
	if i == 0 {
		return time.Time{}, false
	}
	return time.Unix(n, 0).UTC(), true
}

// bashLine handles one line of a bash history. A line "#" followed by a
// digit is the time of the next command (bash's HIST_TIMESTAMP_START).
// Once a timestamp has been seen, a line that does not directly follow one
// continues the previous command: bash writes a multi-line command (with
// cmdhist and lithist) as several lines after one timestamp.
func (p *Parser) bashLine(b []byte, n int64, timed *bool, fn func(*event.Event) error) error {
	if len(b) > 1 && b[0] == '#' && b[1] >= '0' && b[1] <= '9' {
		switch {
		case p.has && p.line == 0:
			// Two timestamps in a row: the first had no command.
			p.stats.OrphanTimestamps++
		case p.has:
			if err := p.emit(fn); err != nil {
				return err
			}
		}
		*timed = true
		at, ok := epoch(b[1:])
		if !ok {
			p.stats.BadTimestamps++
		}
		p.start(0, at, ok)
		p.raw = append(p.raw, b...)
		return nil
	}
	if len(b) == 0 {
		// readline skips empty lines, inside multi-line entries too.
		return nil
	}
	switch {
	case p.has && p.line == 0:
		// The command that the timestamp introduces.
		p.line = n
		p.addText(b, b)
		return nil
	case p.has:
		// Timestamps are in use: a continuation line.
		return p.appendLine(b, b, n, fn)
	}
	p.start(n, time.Time{}, false)
	p.addText(b, b)
	if !*timed {
		// Without timestamps every line is a command: emit it now.
		return p.emit(fn)
	}
	return nil
}

// zshHeader splits an extended-history line ": 1599999999:0;command" into
// its time, elapsed seconds and command.
func zshHeader(b []byte) (at time.Time, elapsed, cmd []byte, ok bool) {
	if len(b) < 4 || b[0] != ':' || b[1] != ' ' {
		return time.Time{}, nil, nil, false
	}
	rest := b[2:]
	colon := bytes.IndexByte(rest, ':')
	semi := bytes.IndexByte(rest, ';')
	if colon <= 0 || semi < colon+1 {
		return time.Time{}, nil, nil, false
	}
	for _, c := range rest[:colon] {
		if c < '0' || c > '9' {
			return time.Time{}, nil, nil, false
		}
	}
	for _, c := range rest[colon+1 : semi] {
		if c < '0' || c > '9' {
			return time.Time{}, nil, nil, false
		}
	}
	// An out-of-range time leaves at zero; the line is still zsh's.
	t, _ := epoch(rest[:colon])
	return t, rest[colon+1 : semi], rest[semi+1:], true
}

// zshLine handles one line of a zsh history, extended (": time:elapsed;cmd")
// or plain. A line ending in a backslash continues on the next line: zsh
// writes each newline of a command as "\\\n".
func (p *Parser) zshLine(b []byte, n int64, fn func(*event.Event) error) error {
	raw := b
	b = unmetafy(b)
	if p.cont {
		p.cont = false
		text, more := zshCont(b)
		p.cont = more
		if err := p.appendLine(text, raw, n, fn); err != nil {
			return err
		}
		if !more {
			return p.emit(fn)
		}
		return nil
	}
	at, elapsed, cmd, ok := zshHeader(b)
	timed := ok && !at.IsZero()
	if ok && at.IsZero() {
		p.stats.BadTimestamps++
	}
	if !ok {
		cmd = b
	}
	if !ok && len(b) == 0 {
		return nil // a blank line between entries
	}
	p.start(n, at, timed)
	p.elapsed = string(elapsed)
	text, more := zshCont(cmd)
	p.addText(text, raw)
	p.cont = more
	if !more {
		return p.emit(fn)
	}
	return nil
}

// zshCont strips the continuation backslash of a zsh history line. A line
// ending in an odd number of backslashes continues; an even number is
// escaped backslashes.
func zshCont(b []byte) ([]byte, bool) {
	k := 0
	for i := len(b) - 1; i >= 0 && b[i] == '\\'; i-- {
		k++
	}
	if k%2 == 1 {
		return b[:len(b)-1], true
	}
	return b, false
}

// unmetafy undoes zsh's metafication: bytes 0x83..0x9f and NUL are written
// as 0x83 (Meta) followed by the byte XOR 0x20. It returns b itself when
// there is nothing to undo.
func unmetafy(b []byte) []byte {
	i := bytes.IndexByte(b, 0x83)
	if i < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	out = append(out, b[:i]...)
	for ; i < len(b); i++ {
		if b[i] == 0x83 && i+1 < len(b) {
			i++
			out = append(out, b[i]^0x20)
			continue
		}
		out = append(out, b[i])
	}
	return out
}

// fishLine handles one line of a fish history, a YAML-like list:
//
//   - cmd: echo hello
//     when: 1599999999
//     paths:
//   - /tmp
func (p *Parser) fishLine(b []byte, n int64, fn func(*event.Event) error) error {
	switch {
	case bytes.HasPrefix(b, []byte("- cmd:")):
		if p.has {
			if err := p.emit(fn); err != nil {
				return err
			}
		}
		p.start(n, time.Time{}, false)
		p.cmd = fishUnescape(p.cmd, bytes.TrimPrefix(b[len("- cmd:"):], []byte(" ")))
		p.nlines = 1
		p.raw = append(p.raw, b...)
		return nil
	case !p.has:
		if len(bytes.TrimSpace(b)) == 0 {
			return nil
		}
		// A line outside any entry (damaged file): keep it as a command so
		// that it is not lost.
		p.start(n, time.Time{}, false)
		p.addText(b, b)
		return p.emit(fn)
	}
	if len(p.raw)+len(b) < MaxCommand {
		p.raw = append(p.raw, '\n')
		p.raw = append(p.raw, b...)
	}
	if v, ok := bytes.CutPrefix(bytes.TrimLeft(b, " "), []byte("when:")); ok {
		at, good := epoch(bytes.TrimSpace(v))
		if good {
			p.at, p.timed = at, true
		} else {
			p.stats.BadTimestamps++
		}
	}
	return nil
}

// fishUnescape decodes fish's escaping of cmd values: "\\n" is a newline
// and "\\\\" a backslash.
func fishUnescape(dst, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case 'n':
				dst = append(dst, '\n')
				i++
				continue
			case '\\':
				dst = append(dst, '\\')
				i++
				continue
			}
		}
		dst = append(dst, s[i])
	}
	return dst
}
