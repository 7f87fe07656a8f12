package source

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"syscall"
	"testing"

	"github.com/yingji/yingji/internal/targetfs"
)

func TestDirImage(t *testing.T) {
	root := fixture(t, true)
	src, err := OpenDir(root, false)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if src.Kind() != KindImage || src.Describe() != "image "+root {
		t.Errorf("Kind() = %q, Describe() = %q", src.Kind(), src.Describe())
	}
	if _, err := src.Volatile(context.Background()); !errors.Is(err, ErrNoVolatile) {
		t.Errorf("Volatile of an image: %v", err)
	}
	// Open gives the same *targetfs.Stat as Stat, and random access.
	f, err := src.Open("srv/etc/passwd")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, _ := f.Stat()
	if st := targetfs.StatOf(fi); st == nil || fi.Name() != "passwd" || st.Size != int64(len(passwd)) {
		t.Errorf("Open().Stat() = %v (%T)", fi, fi.Sys())
	}
	if _, ok := f.(io.ReaderAt); !ok {
		t.Error("an open file of a directory source has no ReadAt")
	}
	for _, name := range []string{"srv/etc", "etc/cron.d/rel"} {
		fi, err := src.Stat(name)
		if err != nil || targetfs.StatOf(fi) == nil || fi.Name() != name[len(name)-len(fi.Name()):] {
			t.Errorf("Stat(%q) = %v, %v", name, fi, err)
		}
	}
	if got, err := ReadFileLimit(src, "srv/up", 100); err != nil || string(got) != "web1\n" {
		t.Errorf("ReadFileLimit(srv/up) = %q, %v", got, err)
	}
	if got, err := ReadFileLimit(src, "etc/passwd", 4); !errors.Is(err, ErrTooLarge) || string(got) != "root" {
		t.Errorf("ReadFileLimit(4) = %q, %v", got, err)
	}
	if _, err := src.Stat("loop1"); !errors.Is(err, syscall.ELOOP) {
		t.Errorf("Stat(loop1): %v", err)
	}
	if _, err := src.ReadFile("nothing"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile(nothing): %v", err)
	}
}

func TestDirLive(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
	src, err := OpenDir("/", true)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	host, _ := os.Hostname()
	if src.Kind() != KindLive || src.Describe() != "live host "+host {
		t.Errorf("Kind() = %q, Describe() = %q", src.Kind(), src.Describe())
	}
	snap, err := src.Volatile(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range snap.Processes {
		if p.PID == os.Getpid() {
			found = true
			if p.ExeSHA256 == "" {
				t.Errorf("own process: executable not hashed: %+v", p)
			}
		}
	}
	if !found {
		t.Errorf("own pid %d not among %d processes", os.Getpid(), len(snap.Processes))
	}
	again, err := src.Volatile(context.Background())
	if err != nil || again != snap {
		t.Errorf("second Volatile() took a new snapshot (%v)", err)
	}
	// A cancelled context before the first snapshot gives its error.
	src2, _ := OpenDir("/", true)
	defer src2.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := src2.Volatile(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Volatile(cancelled) = %v", err)
	}
}
