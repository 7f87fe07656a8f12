package logins

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/utmp"
)

// Options configure a Parser of utmp, wtmp and btmp files.
type Options struct {
	File string // copied to Event.File
	// Source is event.SourceWtmp, SourceBtmp or SourceUtmp: which file the
	// caller is reading. Every record of a btmp is a failed login.
	Source string
	// Layout is the record layout; the zero Layout detects it.
	Layout utmp.Layout
}

// Stats counts what a Parser read.
type Stats struct {
	Records  int64 // record positions read, corrupted ones included
	Events   int64 // events emitted
	Empty    int64 // all-zero EMPTY slots (utmp's free entries), skipped
	Problems int64 // corrupted or truncated records (corrupted_record events)
	// Anomalies counts records decoded despite a problem (e.g. tv_usec out
	// of range); their events carry Fields["problem"].
	Anomalies int64
	Layout    utmp.Layout // the layout used
}

// Parser turns login records into events. It is not safe for concurrent
// use; Stats accumulate over calls to Scan.
type Parser struct {
	opts  Options
	stats Stats
}

// New returns a Parser. An empty Options.Source means wtmp.
func New(opts Options) *Parser {
	if opts.Source == "" {
		opts.Source = event.SourceWtmp
	}
	return &Parser{opts: opts}
}

// Stats returns the counts so far.
func (p *Parser) Stats() Stats { return p.stats }

// Scan reads records from r and calls fn with one event per record, a
// corrupted_record event per corrupted or truncated record. It returns the
// first error of fn or of r.
func (p *Parser) Scan(r io.Reader, fn func(*event.Event) error) error {
	// utmp reads a record (384 or 400 bytes) at a time: buffered, that
	// is not a system call each.
	ur := utmp.NewReader(bufio.NewReaderSize(r, 64<<10), p.opts.Layout)
	for {
		rec, err := ur.Next()
		p.stats.Layout = ur.Layout()
		if err == io.EOF {
			return nil
		}
		var prob *utmp.Problem
		switch {
		case err == nil:
		case errors.As(err, &prob):
			if prob.Record == nil {
				p.stats.Records++
				p.stats.Problems++
				p.stats.Events++
				if err := fn(p.corrupted(prob)); err != nil {
					return err
				}
				continue
			}
			p.stats.Anomalies++
			rec = *prob.Record
		default:
			return err
		}
		p.stats.Records++
		if isEmpty(rec) {
			p.stats.Empty++
			continue
		}
		ev := Event(rec, p.opts.Source)
		ev.File = p.opts.File
		if prob != nil {
			ev.Set("problem", prob.Reason)
		}
		p.stats.Events++
		if err := fn(ev); err != nil {
			return err
		}
	}
}

// isEmpty reports whether rec is a free slot: EMPTY with nothing in it.
func isEmpty(rec utmp.Record) bool {
	return rec.Type == utmp.Empty && rec.PID == 0 && rec.Line == "" && rec.ID == "" &&
		rec.User == "" && rec.Host == "" && rec.Time.Unix() == 0 && rec.Time.Nanosecond() == 0 &&
		!rec.Addr.IsValid() && rec.Session == 0 && rec.ExitStatus == 0 && rec.ExitTermination == 0
}

// corrupted renders a record the utmp parser could not decode.
func (p *Parser) corrupted(prob *utmp.Problem) *event.Event {
	ev := &event.Event{
		Source:  p.opts.Source,
		Type:    event.TypeCorruptedRecord,
		Message: prob.Reason,
		Raw:     fmt.Sprintf("record=%d offset=%d problem=%q", prob.Index+1, prob.Offset, prob.Reason),
		File:    p.opts.File,
		Line:    int64(prob.Index) + 1,
	}
	ev.Set("offset", strconv.FormatInt(prob.Offset, 10))
	return ev
}

// Event converts one utmp record read from a file of the given source
// (event.SourceWtmp, SourceBtmp, SourceUtmp) into an event:
//
//   - in a btmp, every record is login_failed;
//   - USER_PROCESS is login, DEAD_PROCESS logout;
//   - BOOT_TIME, and RUN_LVL written by shutdown (ut_user "shutdown"), are
//     boot;
//   - other records (RUN_LVL changes, INIT_PROCESS, LOGIN_PROCESS, NEW_TIME,
//     OLD_TIME, ...) keep Type "" and their kind in Fields["ut_type"].
//
// File is left for the caller.
func Event(rec utmp.Record, source string) *event.Event {
	ev := &event.Event{
		At:     rec.Time,
		Source: source,
		User:   rec.User,
		PID:    int(rec.PID),
		Raw:    Render(rec),
		Line:   int64(rec.Index) + 1,
	}
	if ev.PID < 0 {
		ev.PID = 0
	}
	boot := rec.Type == utmp.BootTime || (rec.Type == utmp.RunLevel && rec.User == "shutdown")
	switch {
	case source == event.SourceBtmp:
		ev.Type = event.TypeLoginFailed
	case rec.Type == utmp.UserProcess:
		ev.Type = event.TypeLogin
	case rec.Type == utmp.DeadProcess:
		ev.Type = event.TypeLogout
	case boot:
		ev.Type = event.TypeBoot
	}
	ev.Set("ut_type", rec.Type.String())
	ev.Set(event.FieldTTY, rec.Line)
	ev.Set("ut_id", rec.ID)
	if rec.Type == utmp.BootTime || rec.Type == utmp.RunLevel {
		// ut_host of these records is the kernel release, not a peer.
		ev.Set("kernel", rec.Host)
		return ev
	}
	if a := rec.Addr; a.IsValid() && !a.IsUnspecified() {
		ev.SrcIP = a.Unmap().String()
	} else if a, err := netip.ParseAddr(rec.Host); err == nil && !a.IsUnspecified() {
		ev.SrcIP = a.Unmap().String()
	}
	if rec.Host != "" && rec.Host != ev.SrcIP {
		ev.Set(event.FieldRemoteHost, rec.Host)
	}
	if rec.Type == utmp.DeadProcess && (rec.ExitStatus != 0 || rec.ExitTermination != 0) {
		ev.Set("exit", fmt.Sprintf("%d/%d", rec.ExitTermination, rec.ExitStatus))
	}
	if rec.Session != 0 {
		ev.Set("session", strconv.FormatInt(rec.Session, 10))
	}
	return ev
}

// Render returns a one-line rendering of rec, with every string quoted so
// that control bytes and invalid UTF-8 planted in the fields stay visible
// and on one line.
func Render(rec utmp.Record) string {
	var sb strings.Builder
	sb.Grow(160)
	sb.WriteString("type=")
	sb.WriteString(rec.Type.String())
	sb.WriteString(" pid=")
	sb.WriteString(strconv.FormatInt(int64(rec.PID), 10))
	for _, f := range [...]struct{ k, v string }{
		{"line", rec.Line}, {"id", rec.ID}, {"user", rec.User}, {"host", rec.Host},
	} {
		sb.WriteString(" " + f.k + "=")
		sb.WriteString(strconv.Quote(f.v))
	}
	if rec.Addr.IsValid() {
		sb.WriteString(" addr=" + rec.Addr.String())
	}
	fmt.Fprintf(&sb, " session=%d exit=%d/%d time=%s", rec.Session, rec.ExitTermination,
		rec.ExitStatus, rec.Time.UTC().Format(time.RFC3339Nano))
	return sb.String()
}
