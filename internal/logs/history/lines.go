package history

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// MaxLine is the longest line kept; the rest of a longer line is discarded
// and the line counted in Stats.Truncated. Shells accept longer command
// lines, but a history line past 64 KiB is almost always pasted data or a
// damaged file, and the bound keeps memory fixed.
const MaxLine = 64 << 10

// lineReader reads lines of at most MaxLine bytes with a fixed buffer, so
// that a file without newlines cannot make it allocate without bound.
type lineReader struct {
	br *bufio.Reader
}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, MaxLine)}
}

// next returns the next line without its "\n" or "\r\n", valid until the
// following call, and whether it was cut. It returns io.EOF after the last
// line.
func (l *lineReader) next() (line []byte, cut bool, err error) {
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
