package source

import (
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/bodyfile"
	"github.com/yingji/yingji/internal/bundle"
	"github.com/yingji/yingji/internal/oplog"
	"github.com/yingji/yingji/internal/pathenc"
	"github.com/yingji/yingji/internal/snapshot"
)

// copied is a target file whose content goes into a test bundle.
type copied struct {
	name string // root-relative raw name
	data string
	e    bundle.Entry // metadata; Path, Member and Kind are filled in
}

// spec describes a test bundle.
type spec struct {
	files []copied
	// links are manifest link entries: name -> raw target.
	links map[string]string
	// body is the timeline; nil means no timeline member. raw is appended
	// to it verbatim (for malformed lines).
	body []bodyfile.Entry
	raw  string
	snap *snapshot.Snapshot
	man  bundle.Manifest
}

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 678901234, time.UTC)

func tp(t time.Time) *time.Time { return &t }

// writeBundle writes the bundle of s with the bundle writer and returns
// its path.
func writeBundle(t testing.TB, dir string, s spec) string {
	t.Helper()
	p := filepath.Join(dir, "b.zip")
	w, err := bundle.Create(p, bundle.Options{Identity: oplog.Identity{Operator: "t", Host: "h", Tool: "yingji test"}})
	if err != nil {
		t.Fatal(err)
	}
	fillBundle(t, w, s)
	return p
}

func fillBundle(t testing.TB, w *bundle.Writer, s spec) {
	t.Helper()
	if s.snap != nil {
		b, err := json.Marshal(s.snap)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.AddBytes(bundle.Entry{Member: bundle.SnapshotMember, Kind: bundle.KindGenerated}, b); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range s.files {
		e := f.e
		e.Kind, e.Path, e.Member = bundle.KindFile, "/"+pathenc.Escape(f.name), "fs/"+pathenc.Member(f.name)
		if e.Mode == 0 {
			e.Mode = 0o100644
		}
		if e.SourceSize == 0 {
			e.SourceSize = int64(len(f.data))
		}
		if _, err := w.Add(e, strings.NewReader(f.data), nil); err != nil {
			t.Fatal(err)
		}
	}
	for name, target := range s.links {
		w.AddEntry(bundle.Entry{Kind: bundle.KindSymlink, Path: "/" + pathenc.Escape(name), Mode: 0o120777,
			LinkTarget: pathenc.Escape(target), Mtime: tp(t0)})
	}
	if s.body != nil {
		_, err := w.AddStream(bundle.Entry{Member: bundle.TimelineMember, Kind: bundle.KindGenerated}, func(out io.Writer) error {
			bw := bodyfile.NewWriter(out)
			for i := range s.body {
				if err := bw.Write(&s.body[i]); err != nil {
					return err
				}
			}
			if err := bw.Flush(); err != nil {
				return err
			}
			_, err := io.WriteString(out, s.raw)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	m := s.man
	if m.ID == "" {
		m.ID = "test"
	}
	if m.Status == "" {
		m.Status = bundle.Complete
	}
	if _, err := w.Finish(m); err != nil {
		t.Fatal(err)
	}
}

// Short constructors of body-file entries.
func bdir(name string) bodyfile.Entry {
	return bodyfile.Entry{Name: name, Mode: bodyfile.ModeDir | 0o755, Inode: 2, Mtime: 1700000000, Atime: 1700000001, Ctime: 1700000002}
}

func breg(name string, size int64) bodyfile.Entry {
	return bodyfile.Entry{Name: name, Mode: bodyfile.ModeReg | 0o644, Inode: 3, Size: size, UID: 1000, GID: 100,
		Atime: 1700000100, Mtime: 1700000200, Ctime: 1700000300, Crtime: 1600000000}
}

func blink(name, target string) bodyfile.Entry {
	return bodyfile.Entry{Name: name, Mode: bodyfile.ModeLink | 0o777, LinkTarget: target, Size: int64(len(target)), Mtime: 1700000000}
}
