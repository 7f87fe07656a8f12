package lines

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
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
