package timeline

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/bodyfile"
	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/finding"
)

var t0 = time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)

// TestSorterSpills sorts more entries than a chunk holds: they are
// spilled to files, merged in order, and the files removed.
func TestSorterSpills(t *testing.T) {
	dir := t.TempDir()
	s := &Sorter{Dir: dir, Chunk: 1000}
	const n = 10_500
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < n; i++ {
		sec := r.IntN(100_000)
		if err := s.Add(Entry{Time: t0.Add(time.Duration(sec) * time.Second), Message: fmt.Sprint(sec), Kind: "log"}); err != nil {
			t.Fatal(err)
		}
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*")); len(files) != 10 {
		t.Errorf("%d spill files, want 10", len(files))
	}
	var prev time.Time
	count := 0
	err := s.Each(func(e Entry) error {
		if e.Time.Before(prev) {
			return fmt.Errorf("entry %d at %v before %v", count, e.Time, prev)
		}
		if e.Message != fmt.Sprint(int(e.Time.Sub(t0).Seconds())) {
			return fmt.Errorf("entry %d: message %q does not match its time", count, e.Message)
		}
		prev = e.Time
		count++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count != n || s.Len() != n {
		t.Errorf("%d entries out, %d in; want %d", count, s.Len(), n)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*")); len(files) != 0 {
		t.Errorf("spill files left: %v", files)
	}
}

func TestFromBody(t *testing.T) {
	b := &bodyfile.Entry{Name: "/var/www/html/x.php", Mode: bodyfile.ModeReg | 0o644, Size: 30,
		Mtime: 1000, Atime: 2000, Ctime: 1000, Crtime: 0}
	es := FromBody(b)
	if len(es) != 2 {
		t.Fatalf("%d entries, want 2 (m and c share a time)", len(es))
	}
	if es[0].Desc != "Modification Time; Change Time" || es[1].Desc != "Access Time" || es[0].Fields["path"] != b.Name {
		t.Errorf("entries %+v", es)
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	e := &event.Event{At: t0, Source: event.SourceSSHD, Type: event.TypeSSHAccepted, User: "root", SrcIP: "203.0.113.9",
		Message: "Accepted password for root, \"quoted\"\nnext", File: "/var/log/auth.log", Line: 12}
	le, ok := FromEvent(e)
	if !ok {
		t.Fatal("event with a time gave no entry")
	}
	when := t0.Add(time.Minute)
	fe, ok := FromFinding(&finding.Finding{Rule: "log.ssh_bruteforce_success", Severity: finding.Critical,
		Title: "SSH login after brute force", TitleZh: "暴力破解后登录成功", Time: &when}, true)
	if !ok {
		t.Fatal("finding with a time gave no entry")
	}
	for _, x := range []Entry{le, fe} {
		if err := w.Write(x); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || strings.Join(rows[0][:3], ",") != "message,datetime,timestamp_desc" {
		t.Fatalf("rows %q", rows)
	}
	col := func(row []string, name string) string {
		for i, h := range rows[0] {
			if h == name {
				return row[i]
			}
		}
		return "?"
	}
	if rows[1][0] != e.Message || rows[1][1] != "2026-03-01T02:00:00Z" || col(rows[1], "src_ip") != "203.0.113.9" ||
		col(rows[1], "timestamp") != "1772330400000000" || col(rows[1], "line") != "12" {
		t.Errorf("event row %q", rows[1])
	}
	if rows[2][0] != "[critical] 暴力破解后登录成功" || rows[2][2] != "Finding Time" || col(rows[2], "rule") != "log.ssh_bruteforce_success" {
		t.Errorf("finding row %q", rows[2])
	}
	if _, ok := FromEvent(&event.Event{Raw: "no time"}); ok {
		t.Error("an event without a time gave an entry")
	}
}
