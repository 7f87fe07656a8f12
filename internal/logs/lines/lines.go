// Package lines reads text logs line by line with a fixed buffer (or,
// keeping the lines, buffers of at most the same size), so that a file
// without newlines (damaged, or written by an attacker) cannot make a
// parser allocate without bound.
package lines

import (
	"bytes"
	"io"
)

// Max is the longest line kept; the rest of a longer line is discarded
// and the line reported as cut.
const Max = 64 << 10

// Reader reads lines of at most Max bytes.
//
// It reads as a bufio.Reader of Max bytes with ReadSlice('\n') would,
// with the search for a newline in the buffer in Next itself, which
// costs about 130 instructions per line of an auth.log where the calls
// through bufio cost 170.
type Reader struct {
	r          io.Reader
	buf        []byte // Max bytes (keepSize to Max when keeping)
	start, end int    // the bytes read and not returned: buf[start:end]
	err        error  // the read error, returned once the bytes before it are
	// keep makes the lines returned stay valid (NewKeepingReader);
	// scratch says that buf[:start] holds no line returned since the
	// last fill, only the part of a cut line, which Next copies.
	keep, scratch bool
}

// NewReader returns a Reader over r.
func NewReader(r io.Reader) *Reader {
	return &Reader{r: r, buf: make([]byte, Max)}
}

// NewKeepingReader returns a Reader over r whose lines stay valid after
// the following calls to Next: a buffer is never written again once a
// line was returned from it, and a new one is allocated when more must
// be read. It is for a caller that keeps the lines as they are (as
// strings, without copying them, see syslog.Options.SharedLines): one
// allocation per buffer of lines rather than a copy of every line. A
// line kept keeps its whole buffer in memory.
func NewKeepingReader(r io.Reader) *Reader {
	return &Reader{r: r, buf: make([]byte, keepSize), keep: true}
}

// keepSize is the size of a keeping Reader's buffers, but for those of
// lines too long for one: the largest the allocator makes from its
// per-thread caches, where a buffer of Max is a large object, which
// costs more to allocate and to free than copying lines into blocks
// saves.
const keepSize = 32 << 10

// maxEmptyReads is how many reads in a row may return nothing before
// Next gives up with io.ErrNoProgress (bufio's bound).
const maxEmptyReads = 100

// Next returns the next line without its "\n" or "\r\n", valid until the
// following call, and whether it was cut. It returns io.EOF after the last
// line.
func (l *Reader) Next() (line []byte, cut bool, err error) {
	if i := bytes.IndexByte(l.buf[l.start:l.end], '\n'); i >= 0 {
		// the common case: a whole line in the buffer
		line = l.buf[l.start : l.start+i]
		l.start += i + 1
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		return line, false, nil
	}
	line, full, err := l.slice()
	switch {
	case err == nil && !full:
		line = line[:len(line)-1]
	case full:
		cut = true
		// Copy it: skipping the rest of the line reuses the buffer.
		line = bytes.Clone(line)
		for {
			_, full, err = l.slice()
			if !full {
				break
			}
		}
		if err != nil && err != io.EOF {
			return nil, cut, err
		}
		return line, cut, nil
	case err == io.EOF:
		if len(line) == 0 {
			return nil, false, io.EOF
		}
	default:
		return nil, false, err
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, cut, nil
}

// slice is bufio.Reader.ReadSlice('\n'): the bytes up to and including
// the next newline; or, when the buffer fills without one, all of it,
// and full; or, at a read error, the bytes before it and the error.
func (l *Reader) slice() (line []byte, full bool, err error) {
	searched := 0 // bytes of buf[start:end] known to have no newline
	for {
		if i := bytes.IndexByte(l.buf[l.start+searched:l.end], '\n'); i >= 0 {
			i += l.start + searched
			line = l.buf[l.start : i+1]
			l.start = i + 1
			return line, false, nil
		}
		if l.err != nil {
			line = l.buf[l.start:l.end]
			l.start = l.end
			err, l.err = l.err, nil
			return line, false, err
		}
		if l.end-l.start >= Max {
			line = l.buf
			l.start = l.end
			l.scratch = true // the caller copies what it keeps of it
			return line, true, nil
		}
		searched = l.end - l.start
		l.fill()
	}
}

// fill reads more into the buffer, after moving what is left of it to
// the front, or, keeping, to a new buffer when there is no room left.
func (l *Reader) fill() {
	switch {
	case l.keep && !l.scratch && l.end == len(l.buf):
		// Lines may have been returned from buf: leave them as they
		// are, and go on in a new buffer, large enough for what is
		// left of buf and as much again, up to Max (a longer line is
		// cut before it comes here). While there is room after them,
		// more is read there, so that short reads do not allocate.
		n := l.end - l.start
		size := keepSize
		for size < 2*n && size < Max {
			size *= 2
		}
		buf := make([]byte, size)
		l.end = copy(buf, l.buf[l.start:l.end])
		l.buf, l.start = buf, 0
	case l.start > 0 && (!l.keep || l.scratch):
		copy(l.buf, l.buf[l.start:l.end])
		l.end -= l.start
		l.start = 0
	}
	l.scratch = false
	for range maxEmptyReads {
		n, err := l.r.Read(l.buf[l.end:])
		if n < 0 || n > len(l.buf)-l.end {
			panic("lines: reader returned an invalid count")
		}
		l.end += n
		if err != nil {
			l.err = err
			return
		}
		if n > 0 {
			return
		}
	}
	l.err = io.ErrNoProgress
}
