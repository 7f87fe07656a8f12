package utmp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// DetectSize is how many leading bytes Detect looks at when it is given
// more, and how many a Reader buffers to detect the layout. It is a
// multiple of both record sizes (9600 = 25×384 = 24×400), so the length of
// a full prefix favours neither layout.
const DetectSize = 3 * 9600

// Detect guesses the layout of a utmp file from its first bytes (up to
// DetectSize are used). It scores every record under each candidate
// layout for plausibility (ut_type 0..9 with zero padding, pid within
// PID_MAX_LIMIT, tv_usec below one million, a time between 1980 and 2100,
// printable NUL-padded strings) and returns the best. On a tie it prefers a
// layout whose size divides len(first), then 384-byte little-endian, the
// most common layout. It always returns a valid layout.
func Detect(first []byte) Layout {
	if len(first) > DetectSize {
		first = first[:DetectSize]
	}
	best, bestScore, bestDiv := Layout384LE, 0, false
	for i, l := range layouts {
		s := 0
		for off := 0; off+l.Size <= len(first); off += l.Size {
			s += plausibility(first[off:off+l.Size], l)
		}
		div := len(first) > 0 && len(first)%l.Size == 0
		if i == 0 || s > bestScore || (s == bestScore && div && !bestDiv) {
			best, bestScore, bestDiv = l, s, div
		}
	}
	return best
}

// plausibility scores one record under layout l: negative when fields are
// impossible for a glibc-written record, positive when they look like a
// real login record, zero for an all-zero slot.
func plausibility(b []byte, l Layout) int {
	if allZero(b) {
		return 0
	}
	o := l.order()
	t := Type(int16(o.Uint16(b[offType:])))
	if !t.Valid() {
		return -4
	}
	s := 0
	if t != Empty {
		s++
	}
	if b[2] != 0 || b[3] != 0 { // struct padding after the short ut_type
		s--
	}
	if pid := int32(o.Uint32(b[offPID:])); pid < 0 || pid > 1<<22 {
		s -= 2
	}
	_, _, secOff, usecOff, tvSize, _ := l.fields()
	var sec, usec int64
	if tvSize == 8 {
		sec, usec = int64(o.Uint64(b[secOff:])), int64(o.Uint64(b[usecOff:]))
	} else {
		sec, usec = int64(int32(o.Uint32(b[secOff:]))), int64(int32(o.Uint32(b[usecOff:])))
	}
	if usec < 0 || usec > 999999 {
		s -= 3
	}
	switch {
	case sec < 0 || sec > 1<<33:
		s -= 3
	case sec >= 315532800 && sec < 4102444800: // 1980..2100
		s += 2
	}
	s += textScore(b[offLine:offLine+lineSize]) + textScore(b[offUser:offUser+userSize]) +
		textScore(b[offHost:offHost+hostSize])
	return s
}

// textScore penalises a C string field with control bytes before its NUL or
// non-zero bytes after it; writers (login, sshd, systemd) zero the struct
// first, so such bytes suggest the field boundaries are wrong.
func textScore(b []byte) int {
	s := 0
	n := bytes.IndexByte(b, 0)
	if n < 0 {
		n = len(b)
	}
	for _, c := range b[:n] {
		if c < 0x20 || c == 0x7f {
			s--
			break
		}
	}
	if !allZero(b[n:]) {
		s--
	}
	return s
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// Reader decodes records one at a time from a stream, so that a large
// wtmp need not be held in memory.
type Reader struct {
	r      io.Reader
	layout Layout
	pend   []byte // bytes read for detection, not yet decoded
	buf    []byte
	off    int64
	index  int
	err    error // sticky: io.EOF or a read error
}

// NewReader returns a Reader decoding r with layout l; if l is the zero
// Layout (or otherwise invalid) the layout is detected from the first
// DetectSize bytes.
func NewReader(r io.Reader, l Layout) *Reader {
	return &Reader{r: r, layout: l}
}

// Layout returns the layout in use; before the first call to Next on an
// auto-detecting Reader it is the zero Layout.
func (r *Reader) Layout() Layout { return r.layout }

// Next returns the next record. At the end of the stream it returns io.EOF.
//
// A *Problem error describes a bad record and reading may continue with
// the next call: when Problem.Record is non-nil the record was decoded
// despite the anomaly, otherwise (corrupted, or a truncated tail) there is
// no record for that position. Any other error is a read error from the
// underlying reader and is returned again by later calls.
func (r *Reader) Next() (Record, error) {
	if r.err != nil {
		return Record{}, r.err
	}
	if !r.layout.valid() {
		pre := make([]byte, DetectSize)
		n, err := io.ReadFull(r.r, pre)
		pre = pre[:n]
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			r.err = fmt.Errorf("utmp: read: %w", err)
			return Record{}, r.err
		}
		r.layout = Detect(pre)
		r.pend = pre
	}
	size := r.layout.Size
	if cap(r.buf) < size {
		r.buf = make([]byte, size)
	}
	b := r.buf[:size]
	n := copy(b, r.pend)
	r.pend = r.pend[n:]
	if n < size {
		m, err := io.ReadFull(r.r, b[n:])
		n += m
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			r.err = fmt.Errorf("utmp: read: %w", err)
			return Record{}, r.err
		}
	}
	index, off := r.index, r.off
	r.index++
	r.off += int64(n)
	switch {
	case n == 0:
		r.err = io.EOF
		return Record{}, io.EOF
	case n < size:
		r.err = io.EOF
		return Record{}, &Problem{Index: index, Offset: off,
			Reason: fmt.Sprintf("truncated record: %d of %d bytes", n, size)}
	}
	rec, ok, note := decode(b, r.layout, index, off)
	if !ok {
		return Record{}, &Problem{Index: index, Offset: off, Reason: "corrupted record: " + note}
	}
	if note != "" {
		return rec, &Problem{Index: index, Offset: off, Reason: note, Record: &rec}
	}
	return rec, nil
}

// Parse decodes a whole utmp, wtmp or btmp file held in memory, detecting
// its layout. It returns every record it could decode and one problem per
// corrupted, anomalous or truncated record; it never stops early.
func Parse(data []byte) (recs []Record, problems []error) {
	return ParseLayout(data, Detect(data))
}

// ParseLayout is Parse with a known layout; an invalid l means detect.
func ParseLayout(data []byte, l Layout) (recs []Record, problems []error) {
	r := NewReader(bytes.NewReader(data), l)
	for {
		rec, err := r.Next()
		var p *Problem
		switch {
		case err == nil:
			recs = append(recs, rec)
		case errors.As(err, &p):
			problems = append(problems, p)
			if p.Record != nil {
				recs = append(recs, *p.Record)
			}
		default: // io.EOF; a bytes.Reader has no other errors
			return recs, problems
		}
	}
}
