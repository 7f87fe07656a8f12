package lines

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReader(t *testing.T) {
	long := strings.Repeat("x", Max+100)
	in := "a\r\nb\n" + long + "\nc"
	r := NewReader(strings.NewReader(in))
	type line struct {
		s   string
		cut bool
	}
	var got []line
	for {
		l, cut, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, line{string(l), cut})
	}
	want := []line{{"a", false}, {"b", false}, {long[:Max], true}, {"c", false}}
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: %q (cut %v), want %q (cut %v)", i, clip(got[i].s), got[i].cut, clip(want[i].s), want[i].cut)
		}
	}
}

func clip(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}

func FuzzReader(f *testing.F) {
	f.Add([]byte("a\nb\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data))
		total := 0
		for {
			l, _, err := r.Next()
			if err != nil {
				break
			}
			if len(l) > Max {
				t.Fatalf("line of %d bytes", len(l))
			}
			if total++; total > len(data)+1 {
				t.Fatal("more lines than bytes")
			}
		}
	})
}

// bufioNext is Next as it was, over a bufio.Reader: the reference the
// Reader must match.
func bufioNext(br *bufio.Reader) (line []byte, cut bool, err error) {
	line, err = br.ReadSlice('\n')
	switch {
	case err == nil:
		line = line[:len(line)-1]
	case errors.Is(err, bufio.ErrBufferFull):
		cut = true
		line = bytes.Clone(line)
		for {
			_, err = br.ReadSlice('\n')
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

// sameAsBufio reads data with a Reader and with the reference, through
// the readers wrap makes, and reports the first difference.
func sameAsBufio(t *testing.T, data []byte, wrap func(io.Reader) io.Reader) {
	t.Helper()
	for _, keep := range []bool{false, true} {
		r := NewReader(wrap(bytes.NewReader(data)))
		if keep {
			r = NewKeepingReader(wrap(bytes.NewReader(data)))
		}
		br := bufio.NewReaderSize(wrap(bytes.NewReader(data)), Max)
		// A keeping reader's lines must stay as they were: they are
		// compared again, uncopied, at the end.
		var kept, want [][]byte
		for n := 0; ; n++ {
			l, cut, err := r.Next()
			wl, wcut, werr := bufioNext(br)
			if !bytes.Equal(l, wl) || cut != wcut || err != werr {
				t.Fatalf("keep=%v line %d: %q %v %v, want %q %v %v", keep, n, clip(string(l)), cut, err, clip(string(wl)), wcut, werr)
			}
			if err != nil {
				break
			}
			if keep {
				kept, want = append(kept, l), append(want, bytes.Clone(wl))
			}
		}
		for n := range kept {
			if !bytes.Equal(kept[n], want[n]) {
				t.Fatalf("kept line %d became %q, want %q", n, clip(string(kept[n])), clip(string(want[n])))
			}
		}
	}
}

var wrappers = []func(io.Reader) io.Reader{
	func(r io.Reader) io.Reader { return r },
	iotest.OneByteReader,
	iotest.HalfReader,
	iotest.DataErrReader,
	func(r io.Reader) io.Reader { return io.MultiReader(r, iotest.ErrReader(errBroken)) },
}

var errBroken = errors.New("broken")

func TestReaderAsBufio(t *testing.T) {
	x := strings.Repeat("x", Max)
	for _, in := range []string{"", "\n", "\r\n", "a", "a\r", "a\n\nb\r\r\n", x, x + "\n", x[1:] + "\n", x[1:] + "\r\n" + x + "\n",
		x + "y\n", x + x + x + "\nz", "a\n" + x + "\r\nb", x[2:] + "\r\n\r\n",
		strings.Repeat("line\n", Max/2) + x[7:] + "\nend", "a\n" + x + x + "\nb\nc\n" + x[3:] + "\n"} {
		for _, w := range wrappers {
			sameAsBufio(t, []byte(in), w)
		}
	}
}

func FuzzReaderAsBufio(f *testing.F) {
	f.Add([]byte("a\nb\r\n\r\nc"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, w uint8) {
		sameAsBufio(t, data, wrappers[int(w)%len(wrappers)])
	})
}
