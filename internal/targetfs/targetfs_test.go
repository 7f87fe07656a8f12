package targetfs

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/sys/unix"
)

// layout builds a small target root next to an "outside" directory that
// holds a secret no access through the FS may reach.
func layout(t *testing.T) (root, outside string) {
	t.Helper()
	base := t.TempDir()
	root = filepath.Join(base, "root")
	outside = filepath.Join(base, "outside")
	for _, d := range []string{"etc/cron.d", "usr/bin", "var/log", "tmp", "home/u"} {
		must(t, os.MkdirAll(filepath.Join(root, d), 0o755))
	}
	must(t, os.MkdirAll(outside, 0o755))
	write(t, filepath.Join(outside, "secret"), "HOST SECRET")
	write(t, filepath.Join(root, "etc/passwd"), "root:x:0:0::/root:/bin/bash\n")
	write(t, filepath.Join(root, "etc/secret"), "TARGET SECRET")
	write(t, filepath.Join(root, "usr/bin/tool"), "#!/bin/sh\n")
	// An absolute link means the target's /etc/secret, not the analysis host's.
	must(t, os.Symlink("/etc/secret", filepath.Join(root, "etc/cron.d/abs")))
	// A relative link climbing out of the root is clamped at the root.
	must(t, os.Symlink("../../../../../../../../"+strings.TrimPrefix(outside, "/")+"/secret", filepath.Join(root, "etc/cron.d/climb")))
	must(t, os.Symlink(outside+"/secret", filepath.Join(root, "etc/cron.d/hostabs")))
	must(t, os.Symlink("loop2", filepath.Join(root, "tmp/loop1")))
	must(t, os.Symlink("loop1", filepath.Join(root, "tmp/loop2")))
	must(t, os.Symlink("/", filepath.Join(root, "tmp/rootlink")))
	must(t, os.Symlink("/usr/bin", filepath.Join(root, "home/u/bin")))
	must(t, unix.Mkfifo(filepath.Join(root, "tmp/fifo"), 0o644))
	return root, outside
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	must(t, os.WriteFile(p, []byte(s), 0o644))
}

func TestConfinement(t *testing.T) {
	root, _ := layout(t)
	f, err := Open(root)
	must(t, err)
	defer f.Close()

	b, err := f.ReadFile("etc/cron.d/abs")
	if err != nil || string(b) != "TARGET SECRET" {
		t.Fatalf("absolute link inside the root: %q, %v", b, err)
	}
	for _, name := range []string{"etc/cron.d/climb", "etc/cron.d/hostabs"} {
		b, err := f.ReadFile(name)
		if err == nil || strings.Contains(string(b), "HOST SECRET") {
			t.Fatalf("%s escaped the root: %q, %v", name, b, err)
		}
	}
	if c, err := f.Resolve("tmp/rootlink/etc/passwd"); err != nil || c != "etc/passwd" {
		t.Fatalf("Resolve through a link to /: %q %v", c, err)
	}
	if c, err := f.Resolve("home/u/bin/tool"); err != nil || c != "usr/bin/tool" {
		t.Fatalf("Resolve: %q %v", c, err)
	}
	if _, err := f.ReadFile("tmp/loop1"); !errors.Is(err, syscall.ELOOP) {
		t.Fatalf("link loop: %v", err)
	}
	if _, err := f.ReadFile("../outside/secret"); !errors.Is(err, fs.ErrInvalid) {
		t.Fatalf("dot-dot name: %v", err)
	}
	if tgt, err := f.ReadLink("etc/cron.d/hostabs"); err != nil || !strings.HasSuffix(tgt, "/outside/secret") {
		t.Fatalf("ReadLink: %q %v", tgt, err)
	}
	fi, err := f.Lstat("etc/cron.d/abs")
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("Lstat of a link: %v %v", fi, err)
	}
}

func TestFIFONeverOpened(t *testing.T) {
	root, _ := layout(t)
	f, err := Open(root)
	must(t, err)
	defer f.Close()
	done := make(chan error, 1)
	go func() { _, err := f.ReadFile("tmp/fifo"); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) {
			t.Fatalf("FIFO: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO hung")
	}
	if _, err := f.ReadFile("dev/null"); err == nil {
		t.Fatal("a missing device read succeeded")
	}
}

func TestNoAtimeChange(t *testing.T) {
	root, _ := layout(t)
	old := time.Now().Add(-72 * time.Hour).Truncate(time.Second)
	p := filepath.Join(root, "etc/passwd")
	must(t, os.Chtimes(p, old, time.Now()))
	must(t, os.Chtimes(filepath.Join(root, "etc"), old, time.Now()))
	f, err := Open(root)
	must(t, err)
	defer f.Close()
	if _, err := f.ReadFile("etc/passwd"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ReadDir("etc"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{p, filepath.Join(root, "etc")} {
		var st unix.Stat_t
		must(t, unix.Lstat(q, &st))
		if got := time.Unix(st.Atim.Unix()); !got.Equal(old) {
			t.Errorf("%s: atime changed from %v to %v", q, old, got)
		}
	}
}

func TestFSConformance(t *testing.T) {
	root := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(root, "a/b"), 0o755))
	write(t, filepath.Join(root, "a/b/c.txt"), "hello")
	write(t, filepath.Join(root, "top"), "x")
	f, err := Open(root)
	must(t, err)
	defer f.Close()
	if err := fstest.TestFS(f, "a/b/c.txt", "top"); err != nil {
		t.Fatal(err)
	}
}

func TestWalk(t *testing.T) {
	root, _ := layout(t)
	deep := root
	for i := 0; i < 12; i++ {
		deep = filepath.Join(deep, "d")
	}
	must(t, os.MkdirAll(deep, 0o755))
	f, err := Open(root)
	must(t, err)
	defer f.Close()
	seen := map[string]*Stat{}
	var tooDeep []string
	err = f.Walk(context.Background(), ".", WalkOptions{MaxDepth: 5, Batch: 2}, func(name string, st *Stat, err error) error {
		if errors.Is(err, ErrTooDeep) {
			tooDeep = append(tooDeep, name)
			return nil
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return nil
		}
		seen[name] = st
		return nil
	})
	must(t, err)
	for _, want := range []string{".", "etc/passwd", "etc/cron.d/abs", "tmp/fifo", "tmp/rootlink", "d/d/d/d/d"} {
		if seen[want] == nil {
			t.Errorf("walk missed %s", want)
		}
	}
	if seen["tmp/rootlink/etc"] != nil {
		t.Error("walk followed a symlink")
	}
	if len(tooDeep) != 1 || tooDeep[0] != "d/d/d/d/d" {
		t.Errorf("too deep: %v", tooDeep)
	}
	if !seen["tmp/rootlink"].IsSymlink() || seen["tmp/fifo"].Mode&unix.S_IFMT != unix.S_IFIFO {
		t.Error("wrong types")
	}
}

func TestReadOnlyViewKeepsLinkAtime(t *testing.T) {
	root, _ := layout(t)
	link := filepath.Join(root, "etc/cron.d/abs")
	old := time.Now().Add(-72 * time.Hour)
	ts := []unix.Timespec{unix.NsecToTimespec(old.UnixNano()), unix.NsecToTimespec(old.UnixNano())}
	must(t, unix.UtimesNanoAt(unix.AT_FDCWD, link, ts, unix.AT_SYMLINK_NOFOLLOW))
	f, viewErr, err := OpenReadOnly(root)
	must(t, err)
	defer f.Close()
	if viewErr != nil {
		if os.Geteuid() == 0 {
			t.Fatalf("read-only view as root: %v", viewErr)
		}
		t.Skipf("no read-only view without CAP_SYS_ADMIN: %v", viewErr)
	}
	if _, err := f.ReadLink("etc/cron.d/abs"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ReadFile("etc/cron.d/abs"); err != nil {
		t.Fatal(err)
	}
	var st unix.Stat_t
	must(t, unix.Lstat(link, &st))
	if got := time.Unix(st.Atim.Unix()); !got.Equal(old.Truncate(time.Second)) && got.Unix() != old.Unix() {
		t.Errorf("link atime changed from %v to %v", old, got)
	}
	// The kernel refuses writes through the view.
	fd, err := unix.Openat(f.rootfd, "etc/passwd", unix.O_WRONLY, 0)
	if err == nil {
		unix.Close(fd)
		t.Fatal("write-open through the read-only view succeeded")
	}
	if !errors.Is(err, unix.EROFS) {
		t.Fatalf("write-open: %v, want EROFS", err)
	}
}
