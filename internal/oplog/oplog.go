// Package oplog is the operation record: an append-only JSON Lines log in
// which every record carries the SHA-256 of the previous record's line.
//
// Responders must show what they did to the evidence: every file read or
// copied, every scan, action and undo. Chaining the records makes any change,
// removal or reordering of a record detectable, and the hash of the last
// record (the head), noted down out of band, pins the whole log.
package oplog

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"sync"
	"time"
)

// Genesis is the Prev value of the first record of a chain.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// Record is one operation.
type Record struct {
	Seq      int64     `json:"seq"`
	Time     time.Time `json:"time"`
	Operator string    `json:"operator"`
	Host     string    `json:"host"`
	Tool     string    `json:"tool"`
	// Action names what was done, as "area.verb": "collect.start",
	// "file.copy", "file.hash", "snapshot.take", "bundle.seal"...
	Action string `json:"action"`
	Target string `json:"target,omitempty"`
	// Result is "ok", "error", "skipped" or "partial"; Error says why.
	Result string `json:"result"`
	Error  string `json:"error,omitempty"`
	// SHA256 is the digest of the data the action read or produced, if any.
	SHA256 string `json:"sha256,omitempty"`
	// Detail holds action-specific facts (sizes, counts, options).
	Detail map[string]any `json:"detail,omitempty"`
	Prev   string         `json:"prev"`
}

// Results.
const (
	OK      = "ok"
	Error   = "error"
	Skipped = "skipped"
	Partial = "partial"
)

// Identity is stamped on every record a Log writes.
type Identity struct {
	Operator string
	Host     string
	Tool     string
}

// DefaultOperator names who runs the tool when nobody said: $YINGJI_OPERATOR,
// else the OS user.
func DefaultOperator() string {
	if s := os.Getenv("YINGJI_OPERATOR"); s != "" {
		return s
	}
	if u, err := user.Current(); err == nil {
		return fmt.Sprintf("%s (uid %s)", u.Username, u.Uid)
	}
	return fmt.Sprintf("uid %d", os.Getuid())
}

// Log appends records to a writer. It is safe for concurrent use.
type Log struct {
	mu   sync.Mutex
	w    io.Writer
	id   Identity
	seq  int64
	head string
	now  func() time.Time
	err  error
}

// New starts a new chain on w.
func New(w io.Writer, id Identity) *Log {
	return &Log{w: w, id: id, head: Genesis, now: time.Now}
}

// Continue appends to a chain whose last record had sequence number seq and
// line hash head.
func Continue(w io.Writer, id Identity, seq int64, head string) *Log {
	return &Log{w: w, id: id, seq: seq, head: head, now: time.Now}
}

// Append stamps r with the next sequence number, the time (if unset), the
// identity and the previous hash, writes it as one line, and returns the
// SHA-256 of that line. After a write error every later Append fails.
func (l *Log) Append(r Record) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err != nil {
		return "", l.err
	}
	r.Seq = l.seq + 1
	if r.Time.IsZero() {
		r.Time = l.now()
	}
	r.Time = r.Time.UTC()
	r.Operator, r.Host, r.Tool = l.id.Operator, l.id.Host, l.id.Tool
	if r.Result == "" {
		r.Result = OK
	}
	r.Prev = l.head
	line, err := json.Marshal(r)
	if err != nil {
		return "", fmt.Errorf("oplog: encode record: %w", err)
	}
	line = append(line, '\n')
	if _, err := l.w.Write(line); err != nil {
		l.err = fmt.Errorf("oplog: write record %d: %w", r.Seq, err)
		return "", l.err
	}
	l.seq = r.Seq
	l.head = LineHash(line[:len(line)-1])
	return l.head, nil
}

// Head returns the sequence number and hash of the last record written.
func (l *Log) Head() (int64, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seq, l.head
}

// LineHash is the chain hash of one record line (without its newline).
func LineHash(line []byte) string {
	s := sha256.Sum256(line)
	return hex.EncodeToString(s[:])
}

// File is a Log backed by a file opened for appending.
type File struct {
	*Log
	f *os.File
}

// OpenFile opens path for appending, creating it if needed, and continues the
// chain already in it. It refuses a file whose chain does not verify, since
// appending to a broken chain would hide the break.
func OpenFile(path string, id Identity) (*File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("oplog: %w", err)
	}
	res, err := Verify(f, "")
	if err == nil && !res.OK() {
		err = fmt.Errorf("oplog: %s: existing chain is broken: %s", path, res.Problem)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &File{Log: Continue(f, id, res.LastSeq, res.Head), f: f}, nil
}

// Close syncs and closes the file.
func (f *File) Close() error {
	err := f.f.Sync()
	if cerr := f.f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Result is the outcome of verifying a chain.
type Result struct {
	Records int    // records read
	LastSeq int64  // sequence number of the last good record
	Head    string // hash of the last good record line
	// BadLine is the 1-based line of the first altered, missing or misplaced
	// record, and Problem says what is wrong; both are zero when intact.
	BadLine int
	BadSeq  int64
	Problem string
}

// OK reports whether the chain is intact.
func (r *Result) OK() bool { return r.Problem == "" }

// MaxLine bounds one record line.
const MaxLine = 16 << 20

// Verify reads a whole chain and checks every link: the first record starts
// from Genesis with sequence number 1, each later one names the hash of the
// line before it and the next sequence number. When head is not empty it is
// the hash of the last record noted elsewhere, which pins the last record too.
// Verify returns an error only when reading fails; a broken chain is described
// in the Result.
func Verify(r io.Reader, head string) (*Result, error) {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 0, 64<<10), MaxLine)
	res := &Result{Head: Genesis}
	type rec struct {
		line int
		seq  int64
		prev string
		hash string
	}
	var recs []rec
	n := 0
	for s.Scan() {
		n++
		line := s.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			res.fail(n, 0, "empty line inside the record")
			return res, nil
		}
		var hdr struct {
			Seq  *int64  `json:"seq"`
			Prev *string `json:"prev"`
		}
		if err := json.Unmarshal(line, &hdr); err != nil || hdr.Seq == nil || hdr.Prev == nil {
			// The record cannot say its own number; it stands where the
			// next one is expected.
			expect := int64(1)
			if len(recs) > 0 {
				expect = recs[len(recs)-1].seq + 1
			}
			res.fail(n, expect, fmt.Sprintf("record is not valid JSON with seq and prev (altered): %v", errOr(err, "fields missing")))
			return res, nil
		}
		recs = append(recs, rec{n, *hdr.Seq, *hdr.Prev, LineHash(line)})
	}
	if err := s.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			res.fail(n+1, 0, fmt.Sprintf("record longer than %d bytes (altered)", MaxLine))
			return res, nil
		}
		return nil, fmt.Errorf("oplog: read: %w", err)
	}
	res.Records = len(recs)
	for i, c := range recs {
		prevHash, prevSeq := Genesis, int64(0)
		if i > 0 {
			prevHash, prevSeq = recs[i-1].hash, recs[i-1].seq
		}
		switch {
		case c.seq <= prevSeq:
			res.fail(c.line, c.seq, fmt.Sprintf("record %d follows record %d: records reordered or duplicated", c.seq, prevSeq))
			return res, nil
		case c.seq > prevSeq+1:
			for _, later := range recs[i+1:] {
				if later.seq == prevSeq+1 {
					res.fail(c.line, c.seq, fmt.Sprintf("records reordered: record %d at line %d comes before record %d at line %d", c.seq, c.line, later.seq, later.line))
					return res, nil
				}
			}
			res.fail(c.line, prevSeq+1, fmt.Sprintf("record %d is missing (removed) before line %d", prevSeq+1, c.line))
			return res, nil
		case c.prev != prevHash && i == 0:
			res.fail(c.line, c.seq, "record 1 was altered (it does not start the chain)")
			return res, nil
		case c.prev != prevHash:
			// Changing a record changes its hash, so the next record's link
			// breaks. If the link after this one breaks too (or this is the
			// last record and it does not match the head), this record itself
			// was changed (its prev field); otherwise the one before it.
			bad := recs[i-1]
			if i+1 < len(recs) && recs[i+1].prev != c.hash || i+1 == len(recs) && head != "" && c.hash != head {
				bad = c
			}
			res.fail(bad.line, bad.seq, fmt.Sprintf("record %d was altered (hash chain broken between records %d and %d)", bad.seq, recs[i-1].seq, c.seq))
			return res, nil
		}
		res.LastSeq, res.Head = c.seq, c.hash
	}
	if head != "" && res.Head != head {
		if len(recs) == 0 {
			res.fail(1, 1, "the record is empty but a head was expected (records removed)")
		} else {
			last := recs[len(recs)-1]
			res.fail(last.line, last.seq, fmt.Sprintf("record %d was altered, or records after it removed (its hash is not the expected head %.16s…)", last.seq, head))
		}
	}
	return res, nil
}

func (r *Result) fail(line int, seq int64, problem string) {
	r.BadLine, r.BadSeq, r.Problem = line, seq, problem
}

func errOr(err error, s string) string {
	if err != nil {
		return err.Error()
	}
	return s
}

// ReadAll decodes every record of a chain (after Verify, for display).
func ReadAll(r io.Reader) ([]Record, error) {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 0, 64<<10), MaxLine)
	var out []Record
	for s.Scan() {
		var rec Record
		if err := json.Unmarshal(s.Bytes(), &rec); err != nil {
			return out, fmt.Errorf("oplog: record %d: %w", len(out)+1, err)
		}
		out = append(out, rec)
	}
	return out, s.Err()
}
