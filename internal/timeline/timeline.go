// Package timeline merges what happened on a host into one time-ordered
// list: log events, file-system times from a body file, and findings. It
// writes the list as CSV in Timesketch's import format (message,
// datetime, timestamp_desc, then fields) or as JSON Lines.
//
// The inputs have no useful order between them and can be far larger
// than memory (a body file lists every path of a server, four times
// each), so entries are sorted in bounded chunks spilled to temporary
// files and merged: memory is bounded by the chunk size whatever the
// input size.
package timeline

import (
	"bufio"
	"container/heap"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/yingji/yingji/internal/bodyfile"
	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/finding"
)

// Entry is one point of the timeline.
type Entry struct {
	Time time.Time `json:"datetime"`
	// Desc says which time it is (Timesketch's timestamp_desc): "Event
	// Time" for a log event, "Modification Time", "Access Time",
	// "Change Time" or "Creation Time" (or several, joined) for a file,
	// "Finding Time" for a finding.
	Desc    string            `json:"timestamp_desc"`
	Message string            `json:"message"`
	Kind    string            `json:"kind"` // "log", "file", "finding"
	Fields  map[string]string `json:"fields,omitempty"`
}

// FromEvent makes the entry of a log event; an event without a time has
// none (ok false).
func FromEvent(e *event.Event) (Entry, bool) {
	if e.At.IsZero() {
		return Entry{}, false
	}
	msg := e.Message
	if c := e.Fields[event.FieldCommand]; c != "" && e.Source == event.SourceHistory {
		msg = c // the history line without its time stamp comment
	}
	if msg == "" {
		msg = e.Raw
	}
	f := map[string]string{"source": e.Source}
	for _, k := range []string{"type", "host", "user", "target_user", "src_ip", "process", "file", "line"} {
		if v, ok := e.Field(k); ok {
			f[k] = v
		}
	}
	for _, k := range []string{event.FieldCommand, event.FieldURL, event.FieldStatus, event.FieldUserAgent, event.FieldAuthMethod, event.FieldKeyFingerprint} {
		if v, ok := e.Fields[k]; ok {
			f[k] = v
		}
	}
	if e.TimeGuessed {
		f["time_guessed"] = "true"
	}
	return Entry{Time: e.At, Desc: "Event Time", Message: msg, Kind: "log", Fields: f}, true
}

// FromBody makes the entries of a body-file line: one per distinct time,
// naming every time that has it (mactime's m/a/c/b).
func FromBody(b *bodyfile.Entry) []Entry {
	times := []struct {
		t    int64
		desc string
	}{{b.Mtime, "Modification Time"}, {b.Atime, "Access Time"}, {b.Ctime, "Change Time"}, {b.Crtime, "Creation Time"}}
	var out []Entry
	for i, x := range times {
		if x.t <= 0 {
			continue
		}
		seen := false
		for _, y := range times[:i] {
			seen = seen || y.t == x.t
		}
		if seen {
			continue
		}
		var descs []string
		for _, y := range times[i:] {
			if y.t == x.t {
				descs = append(descs, y.desc)
			}
		}
		f := map[string]string{"path": b.Name, "mode": bodyfile.ModeString(b.Mode), "size": strconv.FormatInt(b.Size, 10),
			"uid": strconv.FormatUint(uint64(b.UID), 10), "inode": strconv.FormatUint(b.Inode, 10)}
		if b.Hash != "" {
			f["hash"] = b.Hash
		}
		out = append(out, Entry{Time: time.Unix(x.t, 0).UTC(), Desc: strings.Join(descs, "; "),
			Message: b.Name, Kind: "file", Fields: f})
	}
	return out
}

// FromFinding makes the entry of a finding that has a time.
func FromFinding(f *finding.Finding, zh bool) (Entry, bool) {
	if f.Time == nil {
		return Entry{}, false
	}
	title := f.Title
	if zh && f.TitleZh != "" {
		title = f.TitleZh
	}
	fields := map[string]string{"rule": f.Rule, "severity": f.Severity.String()}
	if len(f.Attack) > 0 {
		fields["attack"] = strings.Join(f.Attack, ",")
	}
	if len(f.Evidence) > 0 && f.Evidence[0].Path != "" {
		fields["file"] = f.Evidence[0].Path
	}
	return Entry{Time: *f.Time, Desc: "Finding Time", Message: "[" + f.Severity.String() + "] " + title, Kind: "finding", Fields: fields}, true
}

// DefaultChunk is how many entries a Sorter holds in memory before it
// spills them, sorted, to a temporary file.
const DefaultChunk = 500_000

// Sorter orders entries with bounded memory: Add them in any order, from
// any goroutine (log files are read in parallel), then Each gives them by
// time. Temporary files go to Dir (the system's temporary directory by
// default), never near the evidence.
type Sorter struct {
	Dir   string
	Chunk int

	mu     sync.Mutex
	buf    []Entry
	spills []string
	n      int64
	err    error // the first error of Add, which Each returns
}

// Add adds an entry. An error (a spill that failed) is also kept, and
// Each returns it, so a caller adding from callbacks may ignore it.
func (s *Sorter) Add(e Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return s.err
	}
	s.buf = append(s.buf, e)
	s.n++
	if chunk := s.chunk(); len(s.buf) >= chunk {
		s.err = s.spill()
	}
	return s.err
}

// Len returns the number of entries added.
func (s *Sorter) Len() int64 { return s.n }

func (s *Sorter) chunk() int {
	if s.Chunk > 0 {
		return s.Chunk
	}
	return DefaultChunk
}

func less(a, b Entry) int {
	if c := a.Time.Compare(b.Time); c != 0 {
		return c
	}
	return strings.Compare(a.Message, b.Message)
}

func (s *Sorter) spill() error {
	slices.SortStableFunc(s.buf, less)
	f, err := os.CreateTemp(s.Dir, "yingji-timeline-*.jsonl")
	if err != nil {
		return fmt.Errorf("timeline: spill: %w", err)
	}
	s.spills = append(s.spills, f.Name())
	w := bufio.NewWriterSize(f, 256<<10)
	enc := json.NewEncoder(w)
	for i := range s.buf {
		if err := enc.Encode(&s.buf[i]); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	s.buf = s.buf[:0]
	return f.Close()
}

// Each calls fn with every entry in time order, then removes the
// temporary files.
func (s *Sorter) Each(fn func(Entry) error) error {
	defer s.cleanup()
	if s.err != nil {
		return s.err
	}
	slices.SortStableFunc(s.buf, less)
	if len(s.spills) == 0 {
		for _, e := range s.buf {
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	}
	h := &mergeHeap{}
	for _, name := range s.spills {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		r := &run{dec: json.NewDecoder(bufio.NewReaderSize(f, 256<<10))}
		if err := r.next(); err != nil {
			return err
		}
		if r.ok {
			h.runs = append(h.runs, r)
		}
	}
	mem := &run{mem: s.buf}
	if err := mem.next(); err != nil {
		return err
	}
	if mem.ok {
		h.runs = append(h.runs, mem)
	}
	heap.Init(h)
	for h.Len() > 0 {
		r := h.runs[0]
		if err := fn(r.cur); err != nil {
			return err
		}
		if err := r.next(); err != nil {
			return err
		}
		if r.ok {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return nil
}

func (s *Sorter) cleanup() {
	for _, name := range s.spills {
		os.Remove(name)
	}
	s.spills, s.buf = nil, nil
}

// run is one sorted sequence being merged: a spilled file or the
// entries still in memory.
type run struct {
	dec *json.Decoder
	mem []Entry
	cur Entry
	ok  bool
}

func (r *run) next() error {
	if r.dec == nil {
		r.ok = len(r.mem) > 0
		if r.ok {
			r.cur, r.mem = r.mem[0], r.mem[1:]
		}
		return nil
	}
	r.cur = Entry{}
	err := r.dec.Decode(&r.cur)
	if errors.Is(err, io.EOF) {
		r.ok = false
		return nil
	}
	r.ok = err == nil
	return err
}

type mergeHeap struct{ runs []*run }

func (h *mergeHeap) Len() int           { return len(h.runs) }
func (h *mergeHeap) Less(i, j int) bool { return less(h.runs[i].cur, h.runs[j].cur) < 0 }
func (h *mergeHeap) Swap(i, j int)      { h.runs[i], h.runs[j] = h.runs[j], h.runs[i] }
func (h *mergeHeap) Push(x any)         { h.runs = append(h.runs, x.(*run)) }
func (h *mergeHeap) Pop() any {
	x := h.runs[len(h.runs)-1]
	h.runs = h.runs[:len(h.runs)-1]
	return x
}

// CSVColumns are the columns of the CSV output after Timesketch's three:
// timestamp (microseconds since the epoch, which Timesketch also reads)
// and the fields entries commonly have.
var CSVColumns = []string{"timestamp", "kind", "source", "type", "user", "src_ip", "path", "file", "line", "rule", "severity", "command", "url", "status"}

// CSVWriter writes entries in Timesketch's CSV import format.
type CSVWriter struct {
	w      *csv.Writer
	header bool
}

// NewCSVWriter returns a writer to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{w: csv.NewWriter(w)} }

// Write writes one entry (the header first).
func (c *CSVWriter) Write(e Entry) error {
	if !c.header {
		c.header = true
		if err := c.w.Write(append([]string{"message", "datetime", "timestamp_desc"}, CSVColumns...)); err != nil {
			return err
		}
	}
	row := []string{e.Message, e.Time.Format(time.RFC3339Nano), e.Desc}
	for _, col := range CSVColumns {
		switch col {
		case "timestamp":
			row = append(row, strconv.FormatInt(e.Time.UnixMicro(), 10))
		case "kind":
			row = append(row, e.Kind)
		default:
			row = append(row, e.Fields[col])
		}
	}
	return c.w.Write(row)
}

// Flush flushes the writer and returns its error.
func (c *CSVWriter) Flush() error {
	c.w.Flush()
	return c.w.Error()
}
