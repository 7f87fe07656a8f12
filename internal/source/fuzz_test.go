package source

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/bodyfile"
	"github.com/yingji/yingji/internal/bundle"
	"github.com/yingji/yingji/internal/snapshot"
)

// exercise uses every part of a Source the way an analyzer would, within
// bounds: a fuzz input must neither panic nor make these run away.
func exercise(t *testing.T, src Source) {
	src.Describe()
	src.Volatile(context.Background())
	if b, ok := src.(*Bundle); ok {
		b.Timeline()
		b.Problems()
	}
	seen := 0
	fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		if seen++; seen > 2000 {
			return fs.SkipAll
		}
		if err != nil {
			return nil
		}
		fi, err := src.Lstat(name)
		if err != nil {
			t.Fatalf("Lstat(%q) of a listed name: %v", name, err)
		}
		if sys := fi.Sys(); sys == nil {
			t.Fatalf("Lstat(%q).Sys() is nil", name)
		}
		if fi.Mode().Type() != d.Type() {
			t.Fatalf("%q: Lstat type %v, ReadDir type %v", name, fi.Mode().Type(), d.Type())
		}
		if d.Type() == fs.ModeSymlink {
			if _, err := src.ReadLink(name); err != nil {
				t.Fatalf("ReadLink(%q): %v", name, err)
			}
		}
		src.Stat(name)
		if c, ok := src.(Collected); ok {
			c.Entry(name)
		}
		if !d.IsDir() {
			_, err := ReadFileLimit(src, name, 1<<20)
			if errors.Is(err, fs.ErrNotExist) && d.Type() != fs.ModeSymlink {
				t.Fatalf("ReadFileLimit(%q) of a listed file: %v", name, err)
			}
		}
		return nil
	})
}

// seedBundle returns the bytes of a small valid bundle holding each kind
// of member.
func seedBundle(f *testing.F) []byte {
	s := mixedSpec()
	s.snap = &snapshot.Snapshot{Processes: []snapshot.Process{{PID: 1, Name: "init"}}}
	s.raw = "garbage\n"
	b, err := os.ReadFile(writeBundle(f, f.TempDir(), s))
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// FuzzBundle opens arbitrary bytes as a bundle. The seeds are a few
// kilobytes, which the fuzzer's default minimisation (60 s per new input)
// spends most of its time on: run it with -fuzzminimizetime=50x.
func FuzzBundle(f *testing.F) {
	f.Add(seedBundle(f))
	// A stream-written bundle too: data descriptors instead of sizes.
	var buf bytes.Buffer
	w := bundle.NewStreamWriter(&buf, bundle.Options{})
	fillBundle(f, w, spec{files: []copied{{name: "etc/passwd", data: "x"}}, links: map[string]string{"l": "../../etc/passwd"},
		body: []bodyfile.Entry{bdir("/"), breg("/etc/passwd", 1), blink("/a", "/a/b")}})
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := bundle.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		src := NewBundle(r, "fuzz.zip")
		defer src.Close()
		exercise(t, src)
	})
}

// FuzzTimeline feeds arbitrary body files and manifest paths through a
// bundle written with the real writer, which reaches the index and the
// resolver far more often than mutating compressed ZIP bytes does.
func FuzzTimeline(f *testing.F) {
	f.Add("0|/|2|d/drwxr-xr-x|0|0|0|0|0|0|0\n0|/etc|2|d/drwxr-xr-x|0|0|0|0|0|0|0\n0|/etc/x -> ../../x|3|l/lrwxrwxrwx|0|0|0|0|0|0|0\n", "etc/passwd", "/etc/x")
	f.Add("0|/a -> /a/b|3|l/lrwxrwxrwx|0|0|0|0|0|0|0\n0|/b/c/d|3|r/rrw-r--r--|0|0|0|0|0|0|0\n", "b/c", "a/b")
	f.Fuzz(func(t *testing.T, body, file, link string) {
		if len(body) > 1<<16 {
			return
		}
		var buf bytes.Buffer
		w := bundle.NewStreamWriter(&buf, bundle.Options{})
		s := spec{body: []bodyfile.Entry{}, raw: body}
		if validName(file) && file != "." {
			s.files = []copied{{name: file, data: "content"}}
		}
		if validName(link) && link != "." && link != file {
			s.links = map[string]string{link: strings.Repeat("../", len(link)%4) + file}
		}
		fillBundle(t, w, s)
		r, err := bundle.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		src := NewBundle(r, "fuzz.zip")
		defer src.Close()
		if s.files != nil {
			if got, err := src.ReadFile(file); err != nil || string(got) != "content" {
				t.Fatalf("ReadFile(%q) = %q, %v", file, got, err)
			}
		}
		exercise(t, src)
	})
}
