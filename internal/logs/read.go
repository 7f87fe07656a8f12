package logs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sync"
	"time"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/logs/access"
	"github.com/yingji/yingji/internal/logs/auditd"
	"github.com/yingji/yingji/internal/logs/history"
	"github.com/yingji/yingji/internal/logs/logins"
	"github.com/yingji/yingji/internal/logs/syslog"
	"github.com/yingji/yingji/internal/sigma"
)

// Options tune Read.
type Options struct {
	// Location is the zone of times a log writes without one (RFC 3164
	// syslog, some access log formats): the evidence host's zone. Nil
	// means the zone of the machine running yingji.
	Location *time.Location
	// Workers bounds the rotation sets read at once (default 2).
	Workers int
	// AccessFormats are the access log formats of the server's
	// configuration (nginx log_format, Apache LogFormat), tried before the
	// built-in ones.
	AccessFormats []*access.Format
	// Users maps uids to names for lastlog.
	Users map[uint32]string
	// Webshell, when set, says whether the script a request named (by
	// virtual host and URL path) is a webshell on disk: its file and why
	// (FindSource sets it). Requests to webshells are then findings that
	// name the addresses that used them.
	Webshell func(vhost, urlPath string) (file, why string, ok bool)
	// Reuse says that Read's callback does not keep the events it is
	// given, so that a parser may pass the same *Event for every record,
	// its content replaced (see syslog.Options.Reuse): most of what
	// reading a line allocates is the event and its map of fields.
	Reuse bool
	// Forget, with Reuse, says that the callback keeps nothing of the
	// events, not even their strings, but what it detaches from them
	// (event.Detach), so that a parser may cut the lines from blocks
	// shared by many (see syslog.Options.SharedLines): one allocation
	// per block rather than per line. A string kept without it stays
	// valid but keeps its whole block in memory.
	Forget bool
	// ListFields, with Reuse, says that the callback reads the events'
	// fields with event.Event.Field, AppendJSON or an event.Encoder only,
	// never from their Fields maps, so that a parser may keep them in
	// the events themselves (event.Event.ListFields): a map costs a hash
	// for every field stored and looked up.
	ListFields bool
}

// MaxLastlog bounds the apparent size of a lastlog file read: the file is
// sparse (one record per uid), and a directory service's uids in the
// billions give it an apparent size of hundreds of gigabytes of holes.
const MaxLastlog = 256 << 20

// FileResult says what reading one file gave.
type FileResult struct {
	File        File
	Compression string
	Events      int64
	// Unparsed counts lines or records that gave no event or an event
	// without a type the parser recognised; they are kept (as events
	// with the raw line) where the parser can, and counted here always.
	Unparsed int64
	Err      error
}

// Read parses files and calls fn for every event, in file order within
// each rotation set (oldest first), with sets read in parallel. fn is
// called for one set at a time from each worker: it receives the set's
// name, so that per-set state (a Detector) needs no lock; calls for
// different sets may run concurrently. An error from fn stops that set.
// Problems with single files are in the results and do not stop the rest.
func Read(ctx context.Context, fsys fs.FS, files []File, opts Options, fn func(set string, e *event.Event) error) []FileResult {
	return readSets(ctx, fsys, files, opts, func(set string) func(*event.Event) error {
		return func(e *event.Event) error { return fn(set, e) }
	})
}

// readSets is Read with a callback per set, made by forSet when the set's
// first file is read, so that a caller can look up its per-set state
// once rather than for every event.
func readSets(ctx context.Context, fsys fs.FS, files []File, opts Options, forSet func(set string) func(*event.Event) error) []FileResult {
	results := make([]FileResult, len(files))
	var sets [][]int // indexes into files, one slice per set, in order
	for i, f := range files {
		if i == 0 || f.Set != files[i-1].Set {
			sets = append(sets, nil)
		}
		sets[len(sets)-1] = append(sets[len(sets)-1], i)
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = 2
	}
	work := make(chan []int)
	var wg sync.WaitGroup
	for range min(workers, len(sets)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for set := range work {
				fn := forSet(files[set[0]].Set)
				for _, i := range set {
					results[i] = readFile(ctx, fsys, files[i], opts, fn)
					if results[i].Err != nil && errors.Is(results[i].Err, errStop) {
						break
					}
				}
			}
		}()
	}
	for _, s := range sets {
		if ctx.Err() != nil {
			break
		}
		work <- s
	}
	close(work)
	wg.Wait()
	for i := range results {
		if results[i].File.Path == "" {
			results[i] = FileResult{File: files[i], Err: ctx.Err()}
		}
	}
	return results
}

// errStop wraps an error from the caller's callback.
var errStop = errors.New("stopped")

func readFile(ctx context.Context, fsys fs.FS, f File, opts Options, fn func(*event.Event) error) FileResult {
	res := FileResult{File: f}
	r, comp, err := Open(fsys, f.Path)
	res.Compression = comp
	if err != nil {
		res.Err = err
		return res
	}
	defer r.Close()
	if f.ModTime.IsZero() {
		if st, err := fs.Stat(fsys, f.Path); err == nil {
			f.ModTime, f.Size = st.ModTime(), st.Size()
		}
	}
	var cbErr error
	emit := func(e *event.Event) error {
		// Cancellation is checked every 256 events, which is soon
		// enough, rather than at every line (a call and an atomic
		// load per line, about 20 instructions of the 4,000 a line
		// of an auth.log takes).
		if res.Events%256 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		res.Events++
		if err := fn(e); err != nil {
			cbErr = err
			return err
		}
		return nil
	}
	name := "/" + f.Path
	switch f.Kind {
	case KindSyslog:
		p := syslog.NewParser(syslog.Options{Reference: f.ModTime, Location: opts.Location, File: name, Reuse: opts.Reuse,
			SharedLines: opts.Reuse && opts.Forget, ListFields: opts.Reuse && opts.ListFields})
		err = p.Scan(r, emit)
		res.Unparsed = p.Stats().Unparsed
	case KindAccess:
		p := access.NewParser(access.Options{Formats: opts.AccessFormats, File: name, Location: opts.Location})
		err = p.Scan(r, emit)
		res.Unparsed = p.Stats().Unparsed
	case KindAuditd:
		p := auditd.New(auditd.Options{File: name})
		err = p.Scan(r, emit)
		res.Unparsed = p.Stats().Unparsed
	case KindHistory:
		p := history.New(history.Options{File: name, User: f.User, Format: history.FormatFor(f.Path), Location: opts.Location})
		err = p.Scan(r, emit)
	case KindWtmp, KindBtmp, KindUtmp:
		src := map[Kind]string{KindWtmp: event.SourceWtmp, KindBtmp: event.SourceBtmp, KindUtmp: event.SourceUtmp}[f.Kind]
		p := logins.New(logins.Options{File: name, Source: src})
		err = p.Scan(r, emit)
		res.Unparsed = p.Stats().Problems
	case KindLastlog:
		if f.Size > MaxLastlog {
			err = fmt.Errorf("lastlog of %d bytes (sparse, past the %d-byte bound): not read", f.Size, MaxLastlog)
			break
		}
		_, err = logins.ScanLastlog(r, logins.LastlogOptions{File: name, FileSize: f.Size, Users: opts.Users}, emit)
	default:
		err = fmt.Errorf("unknown log kind %q", f.Kind)
	}
	if cbErr != nil {
		err = fmt.Errorf("%w: %w", errStop, cbErr)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		res.Err = fmt.Errorf("%s: %w", f.Path, err)
	}
	return res
}

// Analyze reads files and runs the detections of set over their events,
// one Detector per rotation set (so that each sees its events in time
// order), and returns the findings of all sets and what each file gave.
// each, when not nil, is called with every event too, from several
// goroutines at once, and may keep them. When each is nil the parsers
// reuse their events and cut their lines from shared buffers
// (Options.Reuse and Forget), and the detectors copy those they keep,
// only the events a rule matched, detached from those buffers
// (event.Detach).
func Analyze(ctx context.Context, fsys fs.FS, files []File, rules *sigma.Set, opts Options, each func(*event.Event)) ([]finding.Finding, []FileResult) {
	opts.Reuse = each == nil
	opts.Forget = opts.Reuse
	var mu sync.Mutex
	dets := map[string]*Detector{}
	var order []string
	results := readSets(ctx, fsys, files, opts, func(set string) func(*event.Event) error {
		mu.Lock()
		d := dets[set]
		if d == nil {
			d = NewDetector(rules)
			d.beh.webshell = opts.Webshell
			d.copyKept = opts.Reuse
			dets[set] = d
			order = append(order, set)
		}
		mu.Unlock()
		return func(e *event.Event) error {
			if each != nil {
				each(e)
			}
			d.Event(e) // only this set's worker uses d
			return nil
		}
	})
	var out []finding.Finding
	for _, set := range order {
		out = append(out, dets[set].Findings()...)
	}
	sortByTime(out)
	return out, results
}
