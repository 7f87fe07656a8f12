package source

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/yingji/yingji/internal/bodyfile"
	"github.com/yingji/yingji/internal/bundle"
	"github.com/yingji/yingji/internal/snapshot"
	"github.com/yingji/yingji/internal/targetfs"
)

// mixedSpec is a bundle whose manifest and timeline each know things the
// other does not.
func mixedSpec() spec {
	return spec{
		files: []copied{
			{name: "etc/passwd", data: "root:x:0:0:root:/root:/bin/bash\n",
				e: bundle.Entry{Mode: 0o100644, UID: 0, GID: 0, Inode: 11, Mtime: tp(t0), Atime: tp(t0.Add(time.Hour)), Ctime: tp(t0.Add(2 * time.Hour)), Btime: tp(t0.Add(-time.Hour))}},
			{name: "etc/shadow", data: "root:*REDACTED*:19000:0:99999:7:::\n",
				e: bundle.Entry{Mode: 0o100640, GID: 42, SourceSize: 900, Redacted: true}},
			{name: "var/log/big.log", data: "last line\n",
				e: bundle.Entry{SourceSize: 1 << 30, Truncated: true, Offset: 1<<30 - 10}},
			// Only the manifest knows opt/: the timeline below lacks it.
			{name: "opt/app/conf.ini", data: "[x]\n"},
			// A name that is not UTF-8, as attackers use to hide files.
			{name: "tmp/\xff\xfeshell.php", data: "<?php eval($_POST[1]);"},
		},
		links: map[string]string{"etc/alt": "/etc/passwd"},
		body: []bodyfile.Entry{
			bdir("/"), bdir("/etc"), breg("/etc/passwd", 33), breg("/etc/shadow", 900), breg("/etc/hostname", 5),
			bdir("/usr"), bdir("/usr/bin"), blink("/usr/bin/sh", "dash"), breg("/usr/bin/dash", 125000),
			blink("/bin", "usr/bin"), blink("/loop1", "loop2"), blink("/loop2", "/loop1"),
			blink("/up", "../../../../etc/passwd"), blink("/etc/dangling", "/nowhere"),
			bodyfile.Entry{Name: "/dev/null", Mode: bodyfile.ModeChar | 0o666},
			bdir("/var"), bdir("/var/log"), breg("/var/log/big.log", 1<<30),
			// Only the timeline implies /srv and /srv/www: their lines are missing.
			breg("/srv/www/index.php", 10),
			bdir("/tmp"),
		},
		man: bundle.Manifest{Started: t0, Source: bundle.SourceInfo{Kind: "image", Hostname: "web1"}},
	}
}

func openSpec(t *testing.T, s spec) *Bundle {
	t.Helper()
	src, err := OpenBundle(writeBundle(t, t.TempDir(), s))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	return src.(*Bundle)
}

func names(ents []fs.DirEntry) []string {
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func TestBundleRead(t *testing.T) {
	b := openSpec(t, mixedSpec())
	for _, tt := range []struct{ name, want string }{
		{"etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"},
		{"etc/alt", "root:x:0:0:root:/root:/bin/bash\n"}, // manifest link, absolute
		{"up", "root:x:0:0:root:/root:/bin/bash\n"},      // ".." stops at the root
		{"opt/app/conf.ini", "[x]\n"},
		{"tmp/\xff\xfeshell.php", "<?php eval($_POST[1]);"},
	} {
		got, err := b.ReadFile(tt.name)
		if err != nil || string(got) != tt.want {
			t.Errorf("ReadFile(%q) = %q, %v; want %q", tt.name, got, err, tt.want)
		}
		got, err = ReadFileLimit(b, tt.name, 1<<20)
		if err != nil || string(got) != tt.want {
			t.Errorf("ReadFileLimit(%q) = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	if e := b.Entry("etc/shadow"); e == nil || !e.Redacted {
		t.Errorf("Entry(etc/shadow) = %+v, want the redacted copy", e)
	}
	if e := b.Entry("var/log/big.log"); e == nil || !e.Truncated || e.Offset != 1<<30-10 {
		t.Errorf("Entry(var/log/big.log) = %+v, want the truncated copy", e)
	}
	if e := b.Entry("etc/alt"); e == nil || e.Path != "/etc/passwd" {
		t.Errorf("Entry(etc/alt) = %+v, want the entry of /etc/passwd", e)
	}
	var c Collected = b
	if c.Entry("etc/hostname") != nil || c.Entry("nothing") != nil {
		t.Error("Entry of a file without copy is not nil")
	}
	if fi, err := b.Stat("var/log/big.log"); err != nil || fi.Size() != 1<<30 {
		t.Errorf("Stat(big.log) = %v, %v; want the size on the target", fi, err)
	}
}

func TestBundleNotCollected(t *testing.T) {
	b := openSpec(t, mixedSpec())
	for _, name := range []string{"etc/hostname", "usr/bin/dash", "bin/sh", "srv/www/index.php"} {
		_, err := b.ReadFile(name)
		if !errors.Is(err, ErrNotCollected) || errors.Is(err, fs.ErrNotExist) {
			t.Errorf("ReadFile(%q): %v; want ErrNotCollected, not ErrNotExist", name, err)
		}
		if _, err := b.Open(name); !errors.Is(err, ErrNotCollected) {
			t.Errorf("Open(%q): %v; want ErrNotCollected", name, err)
		}
		if _, err := b.Stat(name); err != nil {
			t.Errorf("Stat(%q): %v", name, err)
		}
	}
	for _, name := range []string{"etc/nothing", "nothing/x", "etc/dangling", "srv/www/index.php/x"} {
		_, err := b.ReadFile(name)
		if name == "srv/www/index.php/x" {
			if !errors.Is(err, syscall.ENOTDIR) {
				t.Errorf("ReadFile(%q): %v; want ENOTDIR", name, err)
			}
			continue
		}
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("ReadFile(%q): %v; want ErrNotExist", name, err)
		}
	}
	if _, err := b.Open("dev/null"); !errors.Is(err, targetfs.ErrNotRegular) {
		t.Errorf("Open(dev/null): %v; want ErrNotRegular", err)
	}
}

func TestBundleReadDirMerges(t *testing.T) {
	b := openSpec(t, mixedSpec())
	for _, tt := range []struct {
		dir  string
		want []string
	}{
		{".", []string{"bin", "dev", "etc", "loop1", "loop2", "opt", "srv", "tmp", "up", "usr", "var"}},
		{"etc", []string{"alt", "dangling", "hostname", "passwd", "shadow"}}, // alt only in the manifest, hostname only in the timeline
		{"opt", []string{"app"}},
		{"srv/www", []string{"index.php"}},
		{"bin", []string{"dash", "sh"}}, // through a link to a directory
		{"tmp", []string{"\xff\xfeshell.php"}},
	} {
		ents, err := b.ReadDir(tt.dir)
		if err != nil || !reflect.DeepEqual(names(ents), tt.want) {
			t.Errorf("ReadDir(%q) = %q, %v; want %q", tt.dir, names(ents), err, tt.want)
		}
	}
	ents, _ := b.ReadDir("etc")
	types := map[string]fs.FileMode{}
	for _, e := range ents {
		types[e.Name()] = e.Type()
	}
	if types["alt"] != fs.ModeSymlink || types["passwd"] != 0 {
		t.Errorf("entry types: %v", types)
	}
	if _, err := b.ReadDir("etc/passwd"); !errors.Is(err, syscall.ENOTDIR) {
		t.Errorf("ReadDir(etc/passwd): %v, want ENOTDIR", err)
	}
	if _, err := b.ReadDir("etc/hostname"); !errors.Is(err, syscall.ENOTDIR) {
		t.Errorf("ReadDir(etc/hostname): %v, want ENOTDIR", err)
	}

	// Reading in batches gives the same as reading at once.
	f, err := b.Open(".")
	if err != nil {
		t.Fatal(err)
	}
	d := f.(fs.ReadDirFile)
	var got []string
	for {
		ents, err := d.ReadDir(3)
		got = append(got, names(ents)...)
		if err == io.EOF {
			break
		}
		if err != nil || len(ents) == 0 {
			t.Fatalf("ReadDir(3): %d, %v", len(ents), err)
		}
	}
	if all, _ := b.ReadDir("."); !reflect.DeepEqual(got, names(all)) {
		t.Errorf("batched %q, at once %q", got, names(all))
	}
}

func TestBundleStat(t *testing.T) {
	b := openSpec(t, mixedSpec())
	st := func(name string, follow bool) *targetfs.Stat {
		t.Helper()
		var fi fs.FileInfo
		var err error
		if follow {
			fi, err = b.Stat(name)
		} else {
			fi, err = b.Lstat(name)
		}
		if err != nil {
			t.Fatalf("stat %s: %v", name, err)
		}
		if fi.Name() != path.Base(name) {
			t.Errorf("Stat(%q).Name() = %q", name, fi.Name())
		}
		s := targetfs.StatOf(fi)
		if s == nil {
			t.Fatalf("Stat(%q).Sys() = %T, want *targetfs.Stat", name, fi.Sys())
		}
		return s
	}
	// From the manifest: nanoseconds and birth time.
	want := targetfs.Stat{Mode: 0o100644, Ino: 11, Size: 32, Mtime: t0, Atime: t0.Add(time.Hour), Ctime: t0.Add(2 * time.Hour), Btime: t0.Add(-time.Hour)}
	if s := st("etc/passwd", true); !reflect.DeepEqual(*s, want) {
		t.Errorf("Stat(etc/passwd) = %+v\nwant %+v", *s, want)
	}
	if s := st("etc/alt", true); !reflect.DeepEqual(*s, want) {
		t.Errorf("Stat(etc/alt) = %+v\nwant %+v", *s, want)
	}
	if s := st("etc/alt", false); !s.IsSymlink() || !s.Mtime.Equal(t0) {
		t.Errorf("Lstat(etc/alt) = %+v", *s)
	}
	// From the timeline: seconds, crtime 0 means unknown.
	wantT := targetfs.Stat{Mode: 0o100644, Ino: 3, Size: 5, UID: 1000, GID: 100,
		Atime: time.Unix(1700000100, 0).UTC(), Mtime: time.Unix(1700000200, 0).UTC(), Ctime: time.Unix(1700000300, 0).UTC(), Btime: time.Unix(1600000000, 0).UTC()}
	if s := st("etc/hostname", true); !reflect.DeepEqual(*s, wantT) {
		t.Errorf("Stat(etc/hostname) = %+v\nwant %+v", *s, wantT)
	}
	if s := st("etc", true); !s.IsDir() || !s.Btime.IsZero() || s.Mtime.Unix() != 1700000000 {
		t.Errorf("Stat(etc) = %+v", *s)
	}
	if s := st("bin", false); !s.IsSymlink() {
		t.Errorf("Lstat(bin) = %+v", *s)
	}
	if s := st("bin", true); !s.IsDir() {
		t.Errorf("Stat(bin) = %+v", *s)
	}
	if s := st("bin/sh", true); s.Size != 125000 {
		t.Errorf("Stat(bin/sh) = %+v, want usr/bin/dash", *s)
	}
	// Implied by deeper paths only.
	if s := st("srv", true); s.Mode != syscall.S_IFDIR|0o755 {
		t.Errorf("Stat(srv) = %+v", *s)
	}
	if s := st("opt/app", true); s.Mode != syscall.S_IFDIR|0o755 {
		t.Errorf("Stat(opt/app) = %+v", *s)
	}
	if s := st(".", true); !s.IsDir() {
		t.Errorf("Stat(.) = %+v", *s)
	}
}

func TestBundleLinks(t *testing.T) {
	b := openSpec(t, mixedSpec())
	for _, tt := range []struct{ name, want string }{
		{"etc/alt", "/etc/passwd"}, {"bin", "usr/bin"}, {"usr/bin/sh", "dash"}, {"bin/sh", "dash"},
		{"up", "../../../../etc/passwd"},
	} {
		if got, err := b.ReadLink(tt.name); err != nil || got != tt.want {
			t.Errorf("ReadLink(%q) = %q, %v; want %q", tt.name, got, err, tt.want)
		}
	}
	if _, err := b.ReadLink("etc/passwd"); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("ReadLink(etc/passwd): %v, want EINVAL", err)
	}
	for _, name := range []string{"loop1", "loop2/x"} {
		if _, err := b.Stat(name); !errors.Is(err, syscall.ELOOP) {
			t.Errorf("Stat(%q): %v, want ELOOP", name, err)
		}
	}
	if fi, err := b.Lstat("loop1"); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("Lstat(loop1) = %v, %v", fi, err)
	}
	for _, name := range []string{"/etc/passwd", "etc/../etc/passwd", "etc//passwd", "etc/passwd/", "", "a\x00b"} {
		if _, err := b.Open(name); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("Open(%q): %v, want ErrInvalid", name, err)
		}
	}
}

func TestBundleFSConformance(t *testing.T) {
	// Every regular file is collected, so that every file opens.
	s := spec{
		files: []copied{
			{name: "etc/passwd", data: "root:x:0:0::/root:/bin/sh\n"},
			{name: "etc/hosts", data: "127.0.0.1 localhost\n"},
			{name: "var/log/syslog", data: strings.Repeat("Jan  1 00:00:00 h sshd[1]: x\n", 1000)},
			{name: "opt/app/conf.ini", data: "[x]\n"},
		},
		links: map[string]string{"etc/alt": "/etc/passwd"},
		body: []bodyfile.Entry{
			bdir("/"), bdir("/etc"), breg("/etc/passwd", 26), breg("/etc/hosts", 20), blink("/etc/rel", "../var/log/syslog"),
			bdir("/var"), bdir("/var/log"), breg("/var/log/syslog", 29000), blink("/logs", "/var/log"), bdir("/empty"),
		},
	}
	b := openSpec(t, s)
	if err := fstest.TestFS(b, "etc/passwd", "etc/hosts", "etc/alt", "etc/rel", "var/log/syslog", "logs", "opt/app/conf.ini", "empty"); err != nil {
		t.Fatal(err)
	}
	// The same without a timeline: only the manifest says what exists.
	s.body = nil
	b = openSpec(t, s)
	if b.Timeline().Present {
		t.Error("Timeline().Present without a body file")
	}
	if err := fstest.TestFS(b, "etc/passwd", "etc/hosts", "etc/alt", "var/log/syslog", "opt/app/conf.ini"); err != nil {
		t.Fatal(err)
	}
}

func TestBundleDescribeAndVolatile(t *testing.T) {
	s := mixedSpec()
	b := openSpec(t, s)
	if got, want := b.Describe(), "bundle "+b.name+" (collected 2026-01-02T03:04:05Z from web1, complete)"; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
	if b.Kind() != KindBundle {
		t.Errorf("Kind() = %q", b.Kind())
	}
	if _, err := b.Volatile(context.Background()); !errors.Is(err, ErrNoVolatile) {
		t.Errorf("Volatile without snapshot: %v, want ErrNoVolatile", err)
	}

	s.man = bundle.Manifest{Status: bundle.Incomplete, Reason: "interrupted: \x1b[2Jsignal", Source: bundle.SourceInfo{Hostname: "db\n2"}}
	s.snap = &snapshot.Snapshot{Taken: t0, Host: snapshot.Host{Hostname: "db2"},
		Processes: []snapshot.Process{{PID: 1, Name: "init", Cmdline: []string{"/sbin/init", "\xff"}}, {PID: 4242, Name: "kworker", Exe: "/tmp/.x/kworker", ExeDeleted: true}}}
	b = openSpec(t, s)
	if got, want := b.Describe(), "bundle "+b.name+" (collected at an unknown time from db%0A2, incomplete: interrupted: %1B[2Jsignal)"; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
	snap, err := b.Volatile(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(snap.Processes, s.snap.Processes) || snap.Host.Hostname != "db2" {
		t.Errorf("Volatile() processes = %+v", snap.Processes)
	}
	if again, _ := b.Volatile(context.Background()); again != snap {
		t.Error("Volatile() decoded the snapshot twice")
	}
}

func TestBundleHostileTimeline(t *testing.T) {
	s := spec{
		files: []copied{{name: "etc/passwd", data: "x"}},
		body: []bodyfile.Entry{
			bdir("/"), bdir("/etc"), breg("/etc/passwd", 1), breg("/etc/passwd", 2), // repeated: the first wins
			breg("/a/../../escape", 1), breg("/b//c", 1), breg("/.", 1), breg("relative/ok", 7),
			breg("/f", 1), breg("/f/child", 1), // a file with children: they stay unreachable
		},
		raw: "garbage\n0|/x|1|r/rrw-r--r--|0|0|notanumber|0|0|0|0\n\n" +
			"0|/%zz|1|r/rrw-r--r--|0|0|1|0|0|0|0\n" +
			"0|/after|1|r/rrw-r--r--|0|0|4|0|0|0|0\n" +
			"0|/long" + strings.Repeat("x", bodyfile.MaxLine) + "|1|r/rrw-r--r--|0|0|1|0|0|0|0\n" +
			"0|/never|1|r/rrw-r--r--|0|0|1|0|0|0|0\n",
	}
	b := openSpec(t, s)
	info := b.Timeline()
	// Skipped: repeated, 3 unclean paths, garbage, notanumber, bad escape,
	// the long line; reading goes on after each.
	if info.Skipped != 8 || len(info.Errors) != min(info.Skipped, maxReportedErrors) || info.Stopped != "" {
		t.Errorf("Skipped = %d, stopped %q, errors %q", info.Skipped, info.Stopped, info.Errors)
	}
	if !strings.Contains(strings.Join(info.Errors, " "), "longer than") {
		t.Errorf("errors %q: want the long line", info.Errors)
	}
	if fi, err := b.Stat("after"); err != nil || fi.Size() != 4 {
		t.Errorf("Stat(after) = %v, %v; want the line after the malformed ones", fi, err)
	}
	if fi, err := b.Stat("never"); err != nil || fi.Size() != 1 {
		t.Errorf("Stat(never) = %v, %v; the line after an overlong one is read", fi, err)
	}
	if fi, err := b.Stat("relative/ok"); err != nil || fi.Size() != 7 {
		t.Errorf("Stat(relative/ok) = %v, %v", fi, err)
	}
	if _, err := b.Stat("f/child"); !errors.Is(err, syscall.ENOTDIR) {
		t.Errorf("Stat(f/child): %v, want ENOTDIR", err)
	}
	if len(b.Problems()) == 0 {
		t.Error("no problems reported")
	}
	if ents, err := b.ReadDir("."); err != nil || !slices.Equal(names(ents), []string{"after", "etc", "f", "never", "relative"}) {
		t.Errorf("ReadDir(.) = %q, %v", names(ents), err)
	}
}

func TestBundleHostileManifest(t *testing.T) {
	dir := t.TempDir()
	p := dir + "/b.zip"
	w, err := bundle.Create(p, bundle.Options{})
	if err != nil {
		t.Fatal(err)
	}
	add := func(e bundle.Entry, data string) {
		if _, err := w.Add(e, strings.NewReader(data), nil); err != nil {
			t.Fatal(err)
		}
	}
	add(bundle.Entry{Kind: bundle.KindFile, Path: "/etc/passwd", Member: "fs/etc/passwd"}, "real")
	add(bundle.Entry{Kind: bundle.KindFile, Path: "/etc/evil", Member: "fs/etc/passwd2"}, "aliased") // member not named for the path
	add(bundle.Entry{Kind: bundle.KindFile, Path: "/../../x", Member: "fs/x"}, "escape")
	add(bundle.Entry{Kind: bundle.KindFile, Path: "relative", Member: "fs/relative"}, "rel")
	add(bundle.Entry{Kind: bundle.KindFile, Path: "/%zz", Member: "fs/%25zz"}, "bad escape")
	add(bundle.Entry{Kind: bundle.KindFile, Path: "/etc/dir", Member: "fs/etc/dir", Mode: syscall.S_IFDIR | 0o777}, "typed as dir")
	w.AddEntry(bundle.Entry{Kind: bundle.KindFile, Path: "/etc/missing", Member: "fs/etc/missing"})
	w.AddEntry(bundle.Entry{Kind: bundle.KindSymlink, Path: "/l1", LinkTarget: "/l2"})
	w.AddEntry(bundle.Entry{Kind: bundle.KindSymlink, Path: "/l2", LinkTarget: "l1"})
	w.AddEntry(bundle.Entry{Kind: bundle.KindSymlink, Path: "/long", LinkTarget: strings.Repeat("a/", 3000)})
	if _, err := w.Finish(bundle.Manifest{}); err != nil {
		t.Fatal(err)
	}
	src, err := OpenBundle(p)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	b := src.(*Bundle)
	if got, err := b.ReadFile("etc/passwd"); err != nil || string(got) != "real" {
		t.Errorf("ReadFile(etc/passwd) = %q, %v", got, err)
	}
	for _, name := range []string{"etc/evil", "etc/missing"} {
		if _, err := b.ReadFile(name); !errors.Is(err, ErrNotCollected) {
			t.Errorf("ReadFile(%q): %v, want ErrNotCollected", name, err)
		}
	}
	if fi, err := b.Stat("etc/dir"); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("Stat(etc/dir) = %v, %v; a copy is a regular file whatever its mode says", fi, err)
	}
	if ents, err := b.ReadDir("."); err != nil || !slices.Equal(names(ents), []string{"etc", "l1", "l2", "long"}) {
		t.Errorf("ReadDir(.) = %q, %v", names(ents), err)
	}
	if _, err := b.Stat("l1"); !errors.Is(err, syscall.ELOOP) {
		t.Errorf("Stat(l1): %v, want ELOOP", err)
	}
	if _, err := b.Stat("long"); !errors.Is(err, syscall.ENAMETOOLONG) {
		t.Errorf("Stat(long): %v, want ENAMETOOLONG", err)
	}
	if p := b.Problems(); len(p) != 4 {
		t.Errorf("Problems() = %q, want 4", p)
	}
}

func TestReadFileLimit(t *testing.T) {
	b := openSpec(t, mixedSpec())
	data, err := ReadFileLimit(b, "etc/passwd", 4)
	if !errors.Is(err, ErrTooLarge) || string(data) != "root" {
		t.Errorf("ReadFileLimit(4) = %q, %v", data, err)
	}
	if data, err := ReadFileLimit(b, "etc/passwd", 32); err != nil || len(data) != 32 {
		t.Errorf("ReadFileLimit(exact) = %q, %v", data, err)
	}
	if _, err := ReadFileLimit(b, "etc", 10); err == nil {
		t.Error("ReadFileLimit of a directory succeeded")
	}
	if _, err := ReadFileLimit(b, "etc/hostname", 10); !errors.Is(err, ErrNotCollected) {
		t.Errorf("ReadFileLimit(not collected): %v", err)
	}
	if _, err := ReadFileLimit(b, "etc/passwd", -1); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("ReadFileLimit(-1): %v", err)
	}
}

// TestBundleConcurrent has analyzers race for the lazily built timeline
// and snapshot (run with -race).
func TestBundleConcurrent(t *testing.T) {
	s := mixedSpec()
	s.snap = &snapshot.Snapshot{Processes: []snapshot.Process{{PID: 1}}}
	b := openSpec(t, s)
	done := make(chan error)
	for i := 0; i < 8; i++ {
		go func() {
			var err error
			switch i % 4 {
			case 0:
				_, err = b.ReadDir("etc")
			case 1:
				_, err = b.Stat("bin/sh")
			case 2:
				_, err = b.ReadFile("etc/alt")
			case 3:
				_, err = b.Volatile(context.Background())
				b.Problems()
			}
			done <- err
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
