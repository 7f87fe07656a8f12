package auditd

import (
	"bytes"
	"io"
	"net/netip"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/logs/lines"

	"github.com/yingji/yingji/internal/event"
)

// MaxLine is the longest line kept (lines.Max): the rest of a longer
// line is discarded and the line counted in Stats.Truncated. The kernel
// limits a record to 8970 bytes, so only a damaged or forged log reaches
// it.
const MaxLine = lines.Max

// Defaults of the joining bounds (see Options).
const (
	DefaultMaxOpen      = 64
	DefaultSerialWindow = 128
	DefaultMaxAge       = 10 * time.Second
	// MaxEventRecords and MaxEventBytes bound one joined event; a long
	// EXECVE (up to 2 MiB of arguments in ~8 KiB records) fits.
	MaxEventRecords = 1024
	MaxEventBytes   = 4 << 20
	// MaxArgs bounds the EXECVE arguments kept, whatever argc says.
	MaxArgs = 4096
	// maxUnparsedLines bounds Stats.UnparsedLines.
	maxUnparsedLines = 100
)

// Options configure a Parser. The zero value is usable.
type Options struct {
	File string // copied to Event.File
	Host string // Event.Host when a record has no node= prefix

	// MaxOpen is how many events may be open (awaiting more records) at
	// once; SerialWindow how far a new record's serial may be from an
	// open event's before that event is emitted; MaxAge how much later a
	// new record's time may be. Zero means the Default* value.
	MaxOpen      int
	SerialWindow uint64
	MaxAge       time.Duration
}

// Stats counts what a Parser read. Every non-blank line is either a record
// or counted in Unparsed.
type Stats struct {
	Lines     int64 // lines read, blank ones included
	Records   int64 // audit records parsed
	Events    int64 // events emitted
	Unparsed  int64 // non-blank lines that are not audit records
	Truncated int64 // lines cut at MaxLine
	Split     int64 // events emitted early because they reached MaxEventRecords/Bytes
	// UnparsedLines holds the line numbers of the first unparsed lines.
	UnparsedLines []int64
	// RecordTypes counts records per record type as written ("SYSCALL").
	RecordTypes map[string]int64
}

// Parser joins audit records into events. It is not safe for concurrent
// use; Stats accumulate over calls to Scan.
type Parser struct {
	opts  Options
	stats Stats
	open  []*pending // in order of arrival
	kvBuf []kv
}

// pending is an event still open for more records.
type pending struct {
	st    stamp
	recs  []record
	bytes int
}

// New returns a Parser with the given options.
func New(opts Options) *Parser {
	if opts.MaxOpen <= 0 {
		opts.MaxOpen = DefaultMaxOpen
	}
	if opts.SerialWindow == 0 {
		opts.SerialWindow = DefaultSerialWindow
	}
	if opts.MaxAge <= 0 {
		opts.MaxAge = DefaultMaxAge
	}
	return &Parser{opts: opts, stats: Stats{RecordTypes: map[string]int64{}}}
}

// Stats returns the counts so far.
func (p *Parser) Stats() Stats { return p.stats }

// Scan reads audit.log lines from r and calls fn with each joined event; the
// event is fn's to keep. It stops at the first error of fn or of r and
// returns it, after emitting nothing more; at the end of r it emits every
// open event and returns nil.
func (p *Parser) Scan(r io.Reader, fn func(*event.Event) error) error {
	lr := lines.NewReader(r)
	var lineNo int64
	for {
		b, cut, err := lr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			p.open = p.open[:0]
			return err
		}
		lineNo++
		p.stats.Lines++
		if cut {
			p.stats.Truncated++
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		if err := p.add(string(b), lineNo, fn); err != nil {
			p.open = p.open[:0]
			return err
		}
	}
	return p.Flush(fn)
}

// Flush emits every open event, oldest first. Scan calls it at the end of
// its input; it is exported for callers that feed lines with Add.
func (p *Parser) Flush(fn func(*event.Event) error) error {
	for len(p.open) > 0 {
		if err := p.emit(0, fn); err != nil {
			return err
		}
	}
	return nil
}

// Add parses one line (without its newline) numbered lineNo and joins it,
// calling fn for the events it completes. Scan uses it; it is exported for
// callers that read lines themselves. Call Flush after the last line.
func (p *Parser) Add(line string, lineNo int64, fn func(*event.Event) error) error {
	p.stats.Lines++
	if len(line) > MaxLine {
		line = line[:MaxLine]
		p.stats.Truncated++
	}
	if len(strings.TrimSpace(line)) == 0 {
		return nil
	}
	return p.add(line, lineNo, fn)
}

func (p *Parser) add(line string, lineNo int64, fn func(*event.Event) error) error {
	if p.kvBuf == nil {
		// One allocation of the usual size instead of several growths.
		p.kvBuf = make([]kv, 0, 16)
	}
	rec, ok := parseRecord(line, p.kvBuf)
	if !ok {
		p.stats.Unparsed++
		if len(p.stats.UnparsedLines) < maxUnparsedLines {
			p.stats.UnparsedLines = append(p.stats.UnparsedLines, lineNo)
		}
		return nil
	}
	// The pairs slice is owned by the record from now on.
	p.kvBuf = nil
	rec.line = lineNo
	p.stats.Records++
	p.stats.RecordTypes[rec.typ]++

	idx := -1
	for i := len(p.open) - 1; i >= 0; i-- {
		if p.open[i].st == rec.st {
			idx = i
			break
		}
	}
	if idx >= 0 {
		pe := p.open[idx]
		if len(pe.recs) >= MaxEventRecords || pe.bytes+len(line) > MaxEventBytes {
			p.stats.Split++
			if err := p.emit(idx, fn); err != nil {
				return err
			}
			idx = -1
		}
	}
	if idx < 0 {
		// A new event: first retire those it shows to be complete.
		if err := p.expire(rec.st, fn); err != nil {
			return err
		}
		p.open = append(p.open, &pending{st: rec.st})
		idx = len(p.open) - 1
	}
	pe := p.open[idx]
	pe.recs = append(pe.recs, rec)
	pe.bytes += len(line)
	if rec.typ == "EOE" {
		return p.emit(idx, fn)
	}
	return nil
}

// expire emits the open events that a record stamped st shows to be over:
// serial too far away, time too old, or too many open.
func (p *Parser) expire(st stamp, fn func(*event.Event) error) error {
	cur := time.Unix(st.sec, st.nsec)
	for i := 0; i < len(p.open); {
		o := p.open[i].st
		d := o.serial - st.serial
		if o.serial < st.serial {
			d = st.serial - o.serial
		}
		if d > p.opts.SerialWindow || cur.Sub(time.Unix(o.sec, o.nsec)) > p.opts.MaxAge {
			if err := p.emit(i, fn); err != nil {
				return err
			}
			continue
		}
		i++
	}
	for len(p.open) >= p.opts.MaxOpen {
		if err := p.emit(0, fn); err != nil {
			return err
		}
	}
	return nil
}

// emit removes open event i and passes it to fn.
func (p *Parser) emit(i int, fn func(*event.Event) error) error {
	pe := p.open[i]
	copy(p.open[i:], p.open[i+1:])
	p.open[len(p.open)-1] = nil
	p.open = p.open[:len(p.open)-1]
	ev := p.build(pe)
	p.stats.Events++
	return fn(ev)
}

// auxiliary records describe a syscall event's objects; they are never the
// primary record when another is present.
var auxiliary = map[string]bool{
	"SYSCALL": true, "EOE": true, "CWD": true, "PATH": true, "PROCTITLE": true,
	"SOCKADDR": true, "SOCKETCALL": true, "BPRM_FCAPS": true, "CAPSET": true,
	"MMAP": true, "FD_PAIR": true, "IPC": true, "MQ_OPEN": true,
	"MQ_SENDRECV": true, "MQ_NOTIFY": true, "MQ_GETSETATTR": true,
	"OBJ_PID": true, "KERN_MODULE": true, "NETFILTER_PKT": true,
	"EXECVE": true, "TIME_INJOFFSET": true, "TIME_ADJNTPVAL": true,
	"OPENAT2": true, "URINGOP": true,
}

// acctTarget lists the records whose acct= names the account acted on
// rather than the one acting.
var acctTarget = map[string]bool{
	"ADD_USER": true, "DEL_USER": true, "USER_MGMT": true, "ADD_GROUP": true,
	"DEL_GROUP": true, "GRP_MGMT": true, "USER_CHAUTHTOK": true,
	"GRP_CHAUTHTOK": true, "ACCT_LOCK": true, "ACCT_UNLOCK": true,
	"CHUSER_ID": true, "CHGRP_ID": true,
}

// build turns a joined event into an event.Event.
func (p *Parser) build(pe *pending) *event.Event {
	recs := pe.recs
	ev := &event.Event{
		At:     time.Unix(pe.st.sec, pe.st.nsec).UTC(),
		Source: event.SourceAuditd,
		File:   p.opts.File,
		Line:   recs[0].line,
		Host:   p.opts.Host,
	}
	primary := -1
	hasExecve := false
	for i, r := range recs {
		if r.node != "" && ev.Host == p.opts.Host {
			ev.Host = r.node
		}
		if r.typ == "EXECVE" {
			hasExecve = true
		}
		if primary < 0 && !auxiliary[r.typ] {
			primary = i
		}
	}
	var typ string
	switch {
	case hasExecve:
		typ = "EXECVE"
	case primary >= 0:
		typ = recs[primary].typ
	default:
		typ = recs[0].typ
		for _, r := range recs {
			if r.typ == "SYSCALL" {
				typ = "SYSCALL"
				break
			}
		}
	}
	ev.Type = event.TypeAuditPrefix + strings.ToLower(typ)

	// Raw: the lines as read.
	n := len(recs) - 1
	for _, r := range recs {
		n += len(r.raw)
	}
	var sb strings.Builder
	sb.Grow(n)
	for i, r := range recs {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(r.raw)
	}
	ev.Raw = sb.String()

	var (
		args      argList
		proctitle string
		cmd       string
		acct      string
		res       string
		enrAUID   string
		enrUID    string
		addr      string
		hostname  string
		terminal  string
	)
	// first sets a field from the first record that has it.
	first := func(field, v string) {
		if v == "" {
			return
		}
		if _, ok := ev.Fields[field]; !ok {
			ev.Set(field, v)
		}
	}
	for i, r := range recs {
		switch r.typ {
		case "EXECVE":
			args.add(r.kvs)
			continue
		case "PROCTITLE":
			if v, ok := get(r.kvs, "proctitle"); ok && proctitle == "" {
				proctitle = strings.TrimRight(strings.ReplaceAll(v, "\x00", " "), " ")
			}
			continue
		case "PATH":
			if v, _ := get(r.kvs, "name"); v != "" {
				first("name", v)
			}
			continue
		case "CWD":
			v, _ := get(r.kvs, "cwd")
			first(event.FieldCwd, v)
			continue
		case "SYSCALL":
			sc, _ := get(r.kvs, "syscall")
			if name, ok := get(r.enr, "SYSCALL"); ok && name != "" {
				sc = name
			}
			first(event.FieldSyscall, sc)
			v, _ := get(r.kvs, "success")
			first(event.FieldSuccess, v)
			v, _ = get(r.kvs, "exit")
			first("exit", v)
			v, _ = get(r.kvs, "ppid")
			first("ppid", v)
		case "EOE", "SOCKADDR", "BPRM_FCAPS":
			continue
		}
		for _, k := range [...]struct{ key, field string }{
			{"exe", event.FieldExe}, {"comm", event.FieldComm}, {"key", event.FieldKey},
			{"auid", event.FieldAuid}, {"uid", event.FieldUID}, {"tty", event.FieldTTY},
			{"ses", "ses"}, {"op", "op"}, {"cwd", event.FieldCwd},
		} {
			if v, ok := get(r.kvs, k.key); ok {
				if k.key == "key" {
					// Several rule keys are joined by 0x01.
					v = strings.ReplaceAll(v, "\x01", ",")
				}
				first(k.field, v)
			}
		}
		if v, ok := get(r.kvs, "pid"); ok && ev.PID == 0 {
			if n, err := strconv.Atoi(v); err == nil && n > 0 {
				ev.PID = n
			}
		}
		if v, ok := get(r.kvs, "rport"); ok && ev.SrcPort == 0 {
			if n, err := strconv.Atoi(v); err == nil && n > 0 && n < 65536 {
				ev.SrcPort = n
			}
		}
		setOnce := func(dst *string, key string, kvs []kv) {
			if *dst == "" {
				*dst, _ = get(kvs, key)
			}
		}
		setOnce(&cmd, "cmd", r.kvs)
		setOnce(&acct, "acct", r.kvs)
		setOnce(&res, "res", r.kvs)
		setOnce(&addr, "addr", r.kvs)
		setOnce(&hostname, "hostname", r.kvs)
		setOnce(&terminal, "terminal", r.kvs)
		setOnce(&enrAUID, "AUID", r.enr)
		setOnce(&enrUID, "UID", r.enr)
		if ev.Message == "" && r.msg != "" && i == max(primary, 0) {
			ev.Message = r.msg
		}
	}

	// Command line: EXECVE, else sudo's cmd, else the proctitle.
	command := ""
	if args.n > 0 {
		command = args.join()
		ev.Set("argc", strconv.Itoa(args.argc()))
		for i, a := range args.list {
			if i >= 64 {
				break // the full list is in command and Raw
			}
			if a.set {
				ev.Set("a"+strconv.Itoa(i), a.text())
			}
		}
	}
	if command == "" {
		command = cmd
	}
	if command == "" {
		command = proctitle
	}
	ev.Set(event.FieldCommand, command)
	ev.Set("proctitle", proctitle)
	ev.Set("terminal", terminal)
	if _, ok := ev.Fields[event.FieldTTY]; !ok && terminal != "" {
		ev.Set(event.FieldTTY, strings.TrimPrefix(terminal, "/dev/"))
	}
	if _, ok := ev.Fields[event.FieldSuccess]; !ok {
		switch res {
		case "success", "1", "yes":
			ev.Set(event.FieldSuccess, "yes")
		case "failed", "0", "no":
			ev.Set(event.FieldSuccess, "no")
		}
	}

	// Accounts.
	actor := ""
	if enrAUID != "" && enrAUID != "unset" {
		actor = enrAUID
	} else if enrUID != "" && enrUID != "unset" {
		actor = enrUID
	}
	ev.Set("acct", acct)
	switch {
	case acct != "" && acctTarget[typ]:
		ev.TargetUser = acct
		ev.User = actor
	case acct != "":
		ev.User = acct
	default:
		ev.User = actor
	}

	// Remote end: addr=, else hostname= when it is an address.
	if a, err := netip.ParseAddr(addr); err == nil {
		ev.SrcIP = a.String()
	} else if a, err := netip.ParseAddr(hostname); err == nil {
		ev.SrcIP = a.String()
	}
	if hostname != "" {
		if _, err := netip.ParseAddr(hostname); err != nil {
			ev.Set("hostname", hostname)
		}
	}

	// Process: the command name, else the executable's base name.
	if c := ev.Fields[event.FieldComm]; c != "" {
		ev.Process = c
	} else if e := ev.Fields[event.FieldExe]; e != "" {
		ev.Process = path.Base(e)
	}
	return ev
}

// argList gathers EXECVE arguments from one or more records: aN=, and the
// split form aN_len=SIZE aN[0]= aN[1]= ....
type argList struct {
	list   []arg
	n      int // arguments seen
	argcV  int // argc as written, -1 when absent
	argcOK bool
}

type arg struct {
	whole  string
	chunks []string // aN[i], in index order
	set    bool
}

func (a arg) text() string {
	if len(a.chunks) == 0 {
		return a.whole
	}
	return strings.Join(a.chunks, "")
}

func (l *argList) add(kvs []kv) {
	for _, p := range kvs {
		if p.key == "argc" {
			if n, err := strconv.Atoi(p.val); err == nil && n >= 0 && !l.argcOK {
				l.argcV, l.argcOK = n, true
			}
			continue
		}
		k := p.key
		if len(k) < 2 || k[0] != 'a' || k[1] < '0' || k[1] > '9' || strings.HasSuffix(k, "_len") {
			continue
		}
		k = k[1:]
		chunk := -1
		if b := strings.IndexByte(k, '['); b > 0 && strings.HasSuffix(k, "]") {
			c, err := strconv.Atoi(k[b+1 : len(k)-1])
			if err != nil || c < 0 || c >= MaxEventRecords*8 {
				continue
			}
			chunk, k = c, k[:b]
		}
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i >= MaxArgs {
			continue
		}
		for len(l.list) <= i {
			l.list = append(l.list, arg{})
		}
		a := &l.list[i]
		if !a.set {
			l.n++
			a.set = true
		}
		v := value(p)
		if chunk < 0 {
			a.whole = v
			continue
		}
		for len(a.chunks) <= chunk {
			a.chunks = append(a.chunks, "")
		}
		a.chunks[chunk] = v
	}
}

// argc is the number of arguments: argc when written, else those seen.
func (l *argList) argc() int {
	if l.argcOK {
		return l.argcV
	}
	return len(l.list)
}

// join joins the arguments a0..a(argc-1) with spaces; missing ones are
// skipped.
func (l *argList) join() string {
	n := len(l.list)
	if l.argcOK && l.argcV < n {
		n = l.argcV
	}
	var sb strings.Builder
	for i := range n {
		a := l.list[i]
		if !a.set {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(a.text())
	}
	return sb.String()
}
