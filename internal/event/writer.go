package event

import (
	"io"
	"sync/atomic"
)

// A LineWriter writes events as JSON Lines (Encoder.Append and a
// newline each): it encodes them in the caller's goroutine into large
// buffers, and writes each full buffer to its io.Writer from a
// goroutine of its own. Printing every event of a large log writes
// some four times the log's size, and the kernel's work storing it (a
// quarter of the time when the output is a file) then overlaps the
// reading and encoding of the lines that follow rather than stopping
// them.
//
// A LineWriter is not safe for concurrent use. Close must be called:
// it writes what is left and waits for the writes to end.
type LineWriter struct {
	enc    Encoder
	buf    []byte        // being filled
	free   chan []byte   // buffers written, to fill again
	full   chan []byte   // buffers to write
	done   chan struct{} // closed when the writing goroutine has ended
	err    error         // the first write error, set before failed
	failed atomic.Bool
	closed bool
}

// lineBufSize is the size of a LineWriter's buffers: large enough that
// the write system calls cost little next to what they copy.
const lineBufSize = 256 << 10

// lineBufs is how many buffers a LineWriter has: one filled while
// another is written, and one more so that a slow write does not stop
// the encoding at once.
const lineBufs = 3

// NewLineWriter returns a LineWriter to w.
func NewLineWriter(w io.Writer) *LineWriter {
	lw := &LineWriter{
		buf:  make([]byte, 0, lineBufSize+lineBufSize/4),
		free: make(chan []byte, lineBufs),
		full: make(chan []byte, lineBufs),
		done: make(chan struct{}),
	}
	for range lineBufs - 1 {
		lw.free <- make([]byte, 0, lineBufSize+lineBufSize/4)
	}
	go lw.write(w)
	return lw
}

// write writes the full buffers in order until full is closed. After an
// error it writes no more but still hands the buffers back, so that
// Write never waits for one forever.
func (lw *LineWriter) write(w io.Writer) {
	defer close(lw.done)
	for b := range lw.full {
		if !lw.failed.Load() {
			if _, err := w.Write(b); err != nil {
				lw.err = err
				lw.failed.Store(true)
			}
		}
		lw.free <- b[:0]
	}
}

// Write appends e's line. It returns the error of an earlier write, if
// one failed: the lines after it are not written.
func (lw *LineWriter) Write(e *Event) error {
	lw.buf = append(lw.enc.Append(lw.buf, e), '\n')
	if len(lw.buf) < lineBufSize {
		return nil
	}
	if lw.failed.Load() {
		return lw.err
	}
	lw.full <- lw.buf
	lw.buf = <-lw.free
	return nil
}

// Close writes the lines not written yet, waits for every write to end
// and returns the first write error.
func (lw *LineWriter) Close() error {
	if lw.closed {
		return lw.err
	}
	lw.closed = true
	if len(lw.buf) > 0 {
		lw.full <- lw.buf
		lw.buf = nil
	}
	close(lw.full)
	<-lw.done
	return lw.err
}
