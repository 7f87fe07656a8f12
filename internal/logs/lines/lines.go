// Package lines reads text logs line by line with a fixed buffer, so that
// a file without newlines (damaged, or written by an attacker) cannot make
// a parser allocate without bound.
package lines

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// Max is the longest line kept; the rest of a longer line is discarded
// and the line reported as cut.
const Max = 64 << 10

// Reader reads lines of at most Max bytes.
type Reader struct {
	br *bufio.Reader
}

// NewReader returns a Reader over r.
func NewReader(r io.Reader) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, Max)}
}

// Next returns the next line without its "\n" or "\r\n", valid until the
// following call, and whether it was cut. It returns io.EOF after the last
// line.
func (l *Reader) Next() (line []byte, cut bool, err error) {
	line, err = l.br.ReadSlice('\n')
	switch {
	case err == nil:
		line = line[:len(line)-1]
	case errors.Is(err, bufio.ErrBufferFull):
		cut = true
		// Copy it: skipping the rest of the line reuses the buffer.
		line = bytes.Clone(line)
		for {
			_, err = l.br.ReadSlice('\n')
			if !errors.Is(err, bufio.ErrBufferFull) {
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
