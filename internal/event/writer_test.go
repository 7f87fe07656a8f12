package event

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
	"time"
)

// TestLineWriter checks that a LineWriter writes the lines an Encoder
// makes, in order, across many buffers.
func TestLineWriter(t *testing.T) {
	var got, want bytes.Buffer
	lw := NewLineWriter(&got)
	var enc Encoder
	at := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	for i := range 20000 {
		e := &Event{At: at.Add(time.Duration(i) * time.Second), Host: "web", Source: SourceSSHD, Type: TypeSSHFailed,
			SrcIP: fmt.Sprintf("192.0.2.%d", i%250), Raw: fmt.Sprintf("line %d \"quoted\"", i), File: "/var/log/auth.log", Line: int64(i + 1)}
		if err := lw.Write(e); err != nil {
			t.Fatal(err)
		}
		want.Write(append(enc.Append(nil, e), '\n'))
	}
	if err := lw.Close(); err != nil {
		t.Fatal(err)
	}
	if want.Len() < 4*lineBufSize {
		t.Fatalf("only %d bytes: the test must fill several buffers", want.Len())
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Fatalf("wrote %d bytes, want %d (or they differ)", got.Len(), want.Len())
	}
	if err := lw.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// failingWriter takes n bytes, then fails.
type failingWriter struct{ n int }

var errFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, errFull
	}
	w.n -= len(p)
	return len(p), nil
}

// TestLineWriterError checks that a write error comes back from Write
// (so that a reader stops) and from Close, and that nothing waits
// forever after it.
func TestLineWriterError(t *testing.T) {
	lw := NewLineWriter(&failingWriter{n: lineBufSize})
	e := &Event{Source: SourceSyslog, Raw: string(bytes.Repeat([]byte("x"), 1000))}
	var err error
	for i := 0; i < 10000 && err == nil; i++ {
		err = lw.Write(e)
	}
	if !errors.Is(err, errFull) {
		t.Fatalf("Write: %v, want %v", err, errFull)
	}
	if err := lw.Close(); !errors.Is(err, errFull) {
		t.Fatalf("Close: %v, want %v", err, errFull)
	}
}
