package collect

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/yingji/yingji/internal/bundle"
	"github.com/yingji/yingji/internal/oplog"
)

const sentinel = "HOST-SECRET-SENTINEL-7f3a"

// TestHostileTarget collects a target built to break collectors: link loops,
// links out of the root, FIFOs, devices, sockets, names with separators and
// invalid UTF-8, 10^5 files in one directory, nesting deeper than the walk
// limit and a 4 GB sparse log. The collector, a separate process, must finish,
// record each problem, never leave the root, and stay under 200 MB of memory.
func TestHostileTarget(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 10^5 files and a 4 GB sparse file")
	}
	fx := buildRoot(t)
	root := fx.root
	outside := filepath.Join(filepath.Dir(root), "outside")
	os.MkdirAll(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "secret"), []byte(sentinel), 0o644)
	rel, _ := filepath.Rel(filepath.Join(root, "etc/cron.d"), filepath.Join(outside, "secret"))

	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	link("loop2", "etc/cron.d/loop1")
	link("loop1", "etc/cron.d/loop2")
	link(".", "etc/cron.d/self")
	link(rel, "etc/cron.d/climb")                                 // ../../../outside/secret: clamped at the root
	link(filepath.Join(outside, "secret"), "etc/cron.d/hostpath") // the analysis host's path
	link(outside, "var/log/outdir")                               // a directory link out of the root
	link("../../../../../../../../..", "var/log/up")              // resolves to the root itself
	unix.Mkfifo(filepath.Join(root, "etc/cron.d/fifo"), 0o644)
	devices := os.Geteuid() == 0
	if devices {
		if err := unix.Mknod(filepath.Join(root, "var/log/null"), unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3))); err != nil {
			t.Fatal(err)
		}
		if err := unix.Mknod(filepath.Join(root, "var/log/disk"), unix.S_IFBLK|0o600, int(unix.Mkdev(7, 0))); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"x;id>f", "a\nb", "pipe|name", "\xff\xfe", "网站后门", "rtl\u202egpj.sh"} {
		os.WriteFile(filepath.Join(root, "etc/cron.d", n), []byte("* * * * * root true\n"), 0o644)
	}
	many := filepath.Join(root, "srv/many")
	os.MkdirAll(many, 0o755)
	for i := 0; i < 100000; i++ {
		fd, err := unix.Open(filepath.Join(many, fmt.Sprintf("f%05d", i)), unix.O_CREAT|unix.O_WRONLY|unix.O_CLOEXEC, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		unix.Close(fd)
	}
	deep := filepath.Join(root, "srv/deep")
	for i := 0; i < 300; i++ {
		deep = filepath.Join(deep, "d")
	}
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	huge := filepath.Join(root, "var/log/huge.log")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 4<<30); err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(t.TempDir(), "hostile.zip")
	cr := runChild(t, Options{Root: root, Output: out}, nil)
	t.Logf("collector peak RSS %.1f MB, %d members, %d problems", float64(cr.maxRSS)/(1<<20), cr.res.Members, cr.res.Problems)
	if cr.maxRSS > 200<<20 {
		t.Errorf("peak RSS %d MB exceeds 200 MB", cr.maxRSS>>20)
	}
	if cr.res.Status != bundle.Complete {
		t.Fatalf("status %s: %s", cr.res.Status, cr.res.Reason)
	}
	r := openBundle(t, out)

	// Nothing from outside the root, in any member.
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(b, []byte(sentinel)) {
			t.Errorf("member %s holds data from outside the root", f.Name)
		}
	}

	probs := map[string]string{}
	for _, p := range r.Manifest.Problems {
		probs[p.Path] += p.Stage + ": " + p.Error + "; "
	}
	expect := map[string]string{
		"/etc/cron.d/loop1": "too many levels of symbolic links",
		"/etc/cron.d/fifo":  "FIFO",
	}
	if devices {
		expect["/var/log/null"] = "character device"
		expect["/var/log/disk"] = "block device"
	}
	for p, want := range expect {
		if !strings.Contains(probs[p], want) {
			t.Errorf("problem for %s: got %q, want %q", p, probs[p], want)
		}
	}
	tooDeep := false
	for p, e := range probs {
		tooDeep = tooDeep || strings.HasPrefix(p, "/srv/deep/d/d/d") && strings.Contains(e, "too deep")
	}
	if !tooDeep {
		t.Error("nesting beyond the walk limit not recorded")
	}
	if len(r.Members()) < 40 {
		t.Logf("members: %q", r.Members())
	}
	// Every problem is in the operation record too.
	recorded := map[string]bool{}
	for _, rec := range records(t, r) {
		if rec.Result == oplog.Error || rec.Result == oplog.Skipped {
			recorded[rec.Target] = true
		}
	}
	for _, p := range r.Manifest.Problems {
		if !recorded[p.Path] {
			t.Errorf("problem %+v missing from the operation record", p)
		}
	}

	// Hostile names are collected under reversible member names.
	for _, m := range []string{"fs/etc/cron.d/x;id%3Ef", "fs/etc/cron.d/a%0Ab", "fs/etc/cron.d/pipe%7Cname", "fs/etc/cron.d/%FF%FE", "fs/etc/cron.d/网站后门", "fs/etc/cron.d/rtl%E2%80%AEgpj.sh"} {
		if !r.HasMember(m) {
			t.Errorf("missing member %q", m)
		}
	}
	// The sparse log keeps its newest 256 MiB.
	if e := r.Entry("/var/log/huge.log"); e == nil || !e.Truncated || e.Size != DefaultLogMaxSize || e.Offset != 4<<30-DefaultLogMaxSize || e.SourceSize != 4<<30 {
		t.Errorf("huge log entry %+v", e)
	}
	// The timeline holds all 10^5 files of the big directory, one line each.
	n := 0
	tl, _ := r.OpenMember(bundle.TimelineMember)
	b, _ := io.ReadAll(tl)
	tl.Close()
	for _, line := range bytes.Split(b, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("0|/srv/many/f")) {
			n++
		}
	}
	if n != 100000 {
		t.Errorf("timeline lists %d of the 100000 files of /srv/many", n)
	}
}

// TestUnprivileged collects as an unprivileged user: unreadable files and
// directories are recorded, and so is the risk to access times when
// O_NOATIME is refused.
func TestUnprivileged(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to start a collector as nobody")
	}
	fx := buildRoot(t)
	os.Chmod(filepath.Join(fx.root, "etc/shadow"), 0o640)
	os.WriteFile(filepath.Join(fx.root, "etc/cron.d/secret-job"), []byte("x"), 0o000)
	os.MkdirAll(filepath.Join(fx.root, "var/log/private"), 0o700)
	os.WriteFile(filepath.Join(fx.root, "var/log/private/audit.log"), []byte("x"), 0o600)
	outDir := sharedTempDir(t)
	out := filepath.Join(outDir, "b.zip")
	cr := runChild(t, Options{Root: fx.root, Output: out}, &syscall.Credential{Uid: 65534, Gid: 65534})
	if cr.res.Status != bundle.Complete {
		t.Fatalf("status %s: %s", cr.res.Status, cr.res.Reason)
	}
	r := openBundle(t, out)
	probs := map[string]string{}
	for _, p := range r.Manifest.Problems {
		probs[p.Path] = p.Error
	}
	for _, p := range []string{"/etc/shadow", "/etc/cron.d/secret-job", "/var/log/private"} {
		if !strings.Contains(probs[p], "permission denied") {
			t.Errorf("%s: problem %q, want permission denied", p, probs[p])
		}
	}
	if !r.HasMember("fs/etc/passwd") {
		t.Error("readable files not collected")
	}
	var view, atime bool
	for _, rec := range records(t, r) {
		view = view || rec.Action == "collect.read_only_view" && rec.Result == oplog.Error
		atime = atime || rec.Action == "collect.atime_risk"
	}
	if !view || !atime {
		t.Errorf("unprivileged limits not recorded: view %v, atime %v", view, atime)
	}
}

// TestDiskFull collects onto a small tmpfs: the bundle must end valid and
// verifiable, marked incomplete because the disk filled up.
func TestDiskFull(t *testing.T) {
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI must run as root to mount a small file system")
		}
		t.Skip("needs root to mount a tmpfs")
	}
	fx := buildRoot(t)
	for i := 0; i < 4; i++ {
		b := make([]byte, 6<<20)
		rand.Read(b) // incompressible
		os.WriteFile(filepath.Join(fx.root, fmt.Sprintf("var/log/big%d.log", i)), b, 0o644)
	}
	mnt := t.TempDir()
	if err := unix.Mount("yingji-test", mnt, "tmpfs", 0, "size=16m"); err != nil {
		t.Fatalf("mount tmpfs: %v", err)
	}
	defer unix.Unmount(mnt, unix.MNT_DETACH)
	out := filepath.Join(mnt, "b.zip")
	res, err := Run(t.Context(), Options{Root: fx.root, Output: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != bundle.Incomplete || !strings.Contains(res.Reason, "disk full") {
		t.Fatalf("result %+v", res)
	}
	r := openBundle(t, out)
	if r.Manifest.Status != bundle.Incomplete || !r.HasMember("fs/etc/passwd") {
		t.Errorf("manifest %s %s", r.Manifest.Status, r.Manifest.Reason)
	}
	var st unix.Statfs_t
	unix.Statfs(mnt, &st)
	t.Logf("bundle %d bytes, %d members; %d bytes left free", res.Bytes, res.Members, st.Bavail*uint64(st.Bsize))
}
