package bundle

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/oplog"
)

// sample writes a small bundle and returns its path.
func sample(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "b.zip")
	w, err := Create(p, Options{Identity: oplog.Identity{Operator: "t", Host: "h", Tool: "yingji test"}})
	if err != nil {
		t.Fatal(err)
	}
	mt := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	w.Log.Append(oplog.Record{Action: "collect.start", Target: "/"})
	files := map[string]string{
		"fs/etc/passwd":          "root:x:0:0:root:/root:/bin/bash\n",
		"fs/var/log/auth.log":    strings.Repeat("Failed password for root from 203.0.113.9\n", 500),
		"fs/tmp/%E7%BD%91.php":   "<?php eval($_POST['x']);",
		"volatile/snapshot.json": `{"processes":[]}`,
	}
	for _, name := range []string{"fs/etc/passwd", "fs/var/log/auth.log", "fs/tmp/%E7%BD%91.php", "volatile/snapshot.json"} {
		e, err := w.Add(Entry{Member: name, Kind: KindFile, Path: "/" + strings.TrimPrefix(name, "fs/"), Mtime: &mt, Mode: 0o100644}, strings.NewReader(files[name]), nil)
		if err != nil {
			t.Fatal(err)
		}
		w.Log.Append(oplog.Record{Action: "file.copy", Target: e.Path, SHA256: e.SHA256})
	}
	w.AddEntry(Entry{Kind: KindSymlink, Path: "/etc/alt", LinkTarget: "/usr/bin/x"})
	if _, err := w.Finish(Manifest{ID: NewID(), Status: Complete, Started: mt, Finished: mt}); err != nil {
		t.Fatal(err)
	}
	return p
}

func verifyFile(t *testing.T, p string) *Report {
	t.Helper()
	r, err := Open(p)
	if err != nil {
		return &Report{Culprit: "open", Problems: []string{err.Error()}}
	}
	defer r.Close()
	rep, err := r.Verify("")
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

type member struct {
	name string
	data []byte
}

func readAll(t *testing.T, p string) []member {
	t.Helper()
	zr, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var out []member
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, err := io.ReadAll(rc)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, member{f.Name, b})
	}
	return out
}

func rewrite(t *testing.T, ms []member) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "tampered.zip")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, m := range ms {
		w, _ := zw.Create(m.name)
		w.Write(m.data)
	}
	zw.Close()
	os.WriteFile(p, buf.Bytes(), 0o600)
	return p
}

func TestVerifyIntact(t *testing.T) {
	p := sample(t)
	rep := verifyFile(t, p)
	if !rep.Intact || rep.Members != 4 || rep.Records != 6 || rep.Status != Complete {
		t.Fatalf("fresh bundle: %+v", rep)
	}
	// Rewriting without change keeps it intact: the check is on content.
	if rep := verifyFile(t, rewrite(t, readAll(t, p))); !rep.Intact {
		t.Fatalf("rewritten bundle: %+v", rep)
	}
}

func TestVerifyNamesAlteredMember(t *testing.T) {
	ms := readAll(t, sample(t))
	for i, m := range ms {
		if m.name == HeadMember {
			continue // checked in TestVerifyRecords
		}
		for _, at := range []int{0, len(m.data) / 2, len(m.data) - 1} {
			mod := append([]member(nil), ms...)
			d := append([]byte(nil), m.data...)
			d[at] ^= 0x20
			mod[i] = member{m.name, d}
			rep := verifyFile(t, rewrite(t, mod))
			if rep.Intact || !strings.Contains(rep.Culprit, m.name) && !(m.name == OplogMember && strings.Contains(rep.Culprit, "operation record")) && !(m.name == ManifestMember && rep.Culprit == "open") {
				t.Errorf("byte %d of %s changed: culprit %q, problems %v", at, m.name, rep.Culprit, rep.Problems)
			}
		}
	}
}

func TestVerifyRecords(t *testing.T) {
	ms := readAll(t, sample(t))
	var li int
	for i, m := range ms {
		if m.name == OplogMember {
			li = i
		}
	}
	lines := strings.SplitAfter(string(ms[li].data), "\n")
	lines = lines[:len(lines)-1]
	with := func(ls []string) *Report {
		mod := append([]member(nil), ms...)
		mod[li] = member{OplogMember, []byte(strings.Join(ls, ""))}
		return verifyFile(t, rewrite(t, mod))
	}
	for i := range lines {
		ls := append([]string(nil), lines...)
		b := []byte(ls[i])
		b[len(b)/2] ^= 0x01
		ls[i] = string(b)
		rep := with(ls)
		want := fmt.Sprintf("operation record %d", i+1)
		if rep.Intact || !strings.HasPrefix(rep.Culprit, want) {
			t.Errorf("record %d changed: culprit %q (%v)", i+1, rep.Culprit, rep.Problems)
		}
	}
	removed := append(append([]string(nil), lines[:2]...), lines[3:]...)
	if rep := with(removed); rep.Intact || !strings.Contains(strings.Join(rep.Problems, " "), "record 3 is missing") {
		t.Errorf("record removed: %+v", rep)
	}
	last := lines[:len(lines)-1]
	if rep := with(last); rep.Intact {
		t.Errorf("last (seal) record removed: %+v", rep)
	}
	swapped := append([]string(nil), lines...)
	swapped[1], swapped[2] = swapped[2], swapped[1]
	if rep := with(swapped); rep.Intact || !strings.Contains(strings.Join(rep.Problems, " "), "reordered") {
		t.Errorf("records reordered: %+v", rep)
	}
}

func TestVerifyAddedRemovedMembers(t *testing.T) {
	ms := readAll(t, sample(t))
	added := append(append([]member(nil), ms...), member{"fs/etc/evil", []byte("x")})
	if rep := verifyFile(t, rewrite(t, added)); rep.Intact || rep.Culprit != "member fs/etc/evil" {
		t.Errorf("member added: %+v", rep)
	}
	var removed []member
	for _, m := range ms {
		if m.name != "fs/etc/passwd" {
			removed = append(removed, m)
		}
	}
	if rep := verifyFile(t, rewrite(t, removed)); rep.Intact || rep.Culprit != "member fs/etc/passwd" {
		t.Errorf("member removed: %+v", rep)
	}
	if rep := verifyFile(t, filepath.Join(t.TempDir(), "none.zip")); rep.Intact {
		t.Error("missing file verified")
	}
}

// TestVerifyRawByteFlips changes single bytes of the bundle file itself;
// every change inside member data must be caught.
func TestVerifyRawByteFlips(t *testing.T) {
	p := sample(t)
	raw, _ := os.ReadFile(p)
	zr, _ := zip.OpenReader(p)
	defer zr.Close()
	for _, f := range zr.File {
		off, err := f.DataOffset()
		if err != nil || f.CompressedSize64 == 0 {
			continue
		}
		mod := append([]byte(nil), raw...)
		mod[off+int64(f.CompressedSize64)/2] ^= 0x40
		q := filepath.Join(t.TempDir(), "flip.zip")
		os.WriteFile(q, mod, 0o600)
		if rep := verifyFile(t, q); rep.Intact {
			t.Errorf("flip inside %s not detected", f.Name)
		}
	}
}

func TestHostileArchives(t *testing.T) {
	ms := readAll(t, sample(t))
	for _, bad := range []string{"../../etc/x", "/abs", "a/../../b", "c:\\x", "a\\b", "./a", "a//b"} {
		p := rewrite(t, append(append([]member(nil), ms...), member{bad, []byte("x")}))
		r, err := Open(p)
		if err != nil {
			t.Fatalf("%q: %v", bad, err)
		}
		if r.HasMember(bad) || len(r.Problems) == 0 {
			t.Errorf("%q accepted", bad)
		}
		rep, _ := r.Verify("")
		if rep.Intact {
			t.Errorf("%q: verify passed", bad)
		}
		r.Close()
	}
	// Not a ZIP at all, and an empty one.
	q := filepath.Join(t.TempDir(), "x.zip")
	os.WriteFile(q, []byte("not a zip"), 0o600)
	if _, err := Open(q); err == nil {
		t.Error("garbage accepted")
	}
	if _, err := Open(rewrite(t, nil)); err == nil || !strings.Contains(err.Error(), "manifest") {
		t.Errorf("empty zip: %v", err)
	}
}

func FuzzReader(f *testing.F) {
	dir := f.TempDir()
	w, _ := Create(filepath.Join(dir, "s.zip"), Options{})
	w.Add(Entry{Member: "fs/etc/passwd", Kind: KindFile, Path: "/etc/passwd"}, strings.NewReader("root:x:0:0"), nil)
	w.Finish(Manifest{Status: Complete})
	b, _ := os.ReadFile(filepath.Join(dir, "s.zip"))
	f.Add(b)
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		r.Verify("")
		for _, name := range r.Members() {
			if rc, err := r.OpenMember(name); err == nil {
				io.Copy(io.Discard, io.LimitReader(rc, 1<<20))
				rc.Close()
			}
		}
	})
}
