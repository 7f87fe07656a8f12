package oplog

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func chain(t *testing.T, n int) [][]byte {
	t.Helper()
	var buf bytes.Buffer
	l := New(&buf, Identity{Operator: "alice", Host: "ir-laptop", Tool: "yingji test"})
	l.now = func() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) }
	for i := 0; i < n; i++ {
		if _, err := l.Append(Record{Action: "file.copy", Target: fmt.Sprintf("/etc/file%d", i), SHA256: "ab"}); err != nil {
			t.Fatal(err)
		}
	}
	lines := bytes.SplitAfter(buf.Bytes(), []byte("\n"))
	return lines[:len(lines)-1]
}

func verify(t *testing.T, lines [][]byte) *Result {
	t.Helper()
	return verifyHead(t, lines, "")
}

func verifyHead(t *testing.T, lines [][]byte, head string) *Result {
	t.Helper()
	res, err := Verify(bytes.NewReader(bytes.Join(lines, nil)), head)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestIntact(t *testing.T) {
	lines := chain(t, 10)
	res := verify(t, lines)
	if !res.OK() || res.Records != 10 || res.LastSeq != 10 {
		t.Fatalf("intact chain: %+v", res)
	}
	if res.Head != LineHash(bytes.TrimSuffix(lines[9], []byte("\n"))) {
		t.Fatalf("head %s is not the hash of the last line", res.Head)
	}
}

func TestTampering(t *testing.T) {
	// Every single-byte change anywhere in any record must be detected and
	// must name that record (or, for a change that breaks the line
	// structure, the line where it happened).
	lines := chain(t, 5)
	head := verify(t, lines).Head
	for i := range lines {
		for j := 0; j < len(lines[i])-1; j++ {
			mod := make([][]byte, len(lines))
			copy(mod, lines)
			l := append([]byte(nil), lines[i]...)
			l[j] ^= 0x01
			mod[i] = l
			res := verifyHead(t, mod, head)
			if res.OK() {
				t.Fatalf("flip of byte %d in record %d not detected: %q", j, i+1, l)
			}
			if res.BadLine != i+1 && !(bytes.Contains(l, []byte("\n")) && res.BadLine == i+2) {
				t.Fatalf("flip of byte %d in record %d blamed line %d: %s", j, i+1, res.BadLine, res.Problem)
			}
		}
	}
	// Without the head, a change in the last record's content is invisible
	// to the chain, but it changes the head that collect prints.
	mod := append([][]byte(nil), lines...)
	last := append([]byte(nil), lines[4]...)
	last[30] ^= 1
	mod[4] = last
	if res := verify(t, mod); !res.OK() || res.Head == head {
		t.Fatalf("change of last record: %+v", res)
	}
	// Removing the last record is caught by the head.
	if res := verifyHead(t, lines[:4], head); res.OK() || res.BadLine != 4 {
		t.Fatalf("last record removed: %+v", res)
	}
}

func TestRemovedAndReordered(t *testing.T) {
	lines := chain(t, 6)
	cases := []struct {
		name  string
		lines [][]byte
		want  string
		line  int
	}{
		{"middle removed", [][]byte{lines[0], lines[1], lines[3], lines[4], lines[5]}, "record 3 is missing", 3},
		{"first removed", lines[1:], "record 1 is missing", 1},
		{"swapped", [][]byte{lines[0], lines[2], lines[1], lines[3], lines[4], lines[5]}, "reordered", 2},
		{"moved back", [][]byte{lines[0], lines[1], lines[2], lines[4], lines[3], lines[5]}, "reordered", 4},
		{"duplicated", [][]byte{lines[0], lines[1], lines[1], lines[2]}, "reordered or duplicated", 3},
		{"blank line", [][]byte{lines[0], []byte("\n"), lines[1]}, "empty line", 2},
	}
	for _, c := range cases {
		res := verify(t, c.lines)
		if res.OK() || !strings.Contains(res.Problem, c.want) || res.BadLine != c.line {
			t.Errorf("%s: got line %d %q, want line %d containing %q", c.name, res.BadLine, res.Problem, c.line, c.want)
		}
	}
}

func TestOpenFileContinues(t *testing.T) {
	p := filepath.Join(t.TempDir(), "ops.jsonl")
	id := Identity{Operator: "bob", Host: "h", Tool: "t"}
	for run := 0; run < 3; run++ {
		f, err := OpenFile(p, id)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ {
			if _, err := f.Append(Record{Action: "scan.run", Target: "/"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := os.ReadFile(p)
	res, _ := Verify(bytes.NewReader(b), "")
	if !res.OK() || res.LastSeq != 6 {
		t.Fatalf("continued chain: %+v", res)
	}
	// A broken file is refused rather than extended.
	b[20] ^= 1
	os.WriteFile(p, b, 0o600)
	if _, err := OpenFile(p, id); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Fatalf("OpenFile on a broken chain: %v", err)
	}
}

func FuzzVerify(f *testing.F) {
	var buf bytes.Buffer
	l := New(&buf, Identity{})
	l.Append(Record{Action: "a"})
	l.Append(Record{Action: "b"})
	f.Add(buf.Bytes())
	f.Add([]byte("{\"seq\":1,\"prev\":\"x\"}\n{}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Verify(bytes.NewReader(data), "")
		if err != nil {
			return
		}
		if !res.OK() && res.BadLine == 0 {
			t.Fatalf("problem without a line: %+v", res)
		}
	})
}
