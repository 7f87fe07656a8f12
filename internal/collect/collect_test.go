package collect

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/yingji/yingji/internal/bodyfile"
	"github.com/yingji/yingji/internal/bundle"
	"github.com/yingji/yingji/internal/oplog"
)

// The test binary re-executes itself as a collector process when this
// variable holds the JSON of the Options, so that tests can watch a real
// process: what it writes, as which user, how much memory it takes.
const childEnv = "YINGJI_TEST_COLLECT_CHILD"

func TestMain(m *testing.M) {
	if js := os.Getenv(childEnv); js != "" {
		var o Options
		if err := json.Unmarshal([]byte(js), &o); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		// Like the command line: the first SIGINT ends collection early.
		ctx, cancel := context.WithCancelCause(context.Background())
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGINT)
		go func() { s := <-sig; cancel(fmt.Errorf("signal %v", s)) }()
		res, err := Run(ctx, o)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		json.NewEncoder(os.Stdout).Encode(res)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

type childResult struct {
	res    *Result
	maxRSS int64 // bytes
	stderr string
}

// runChild collects in a separate process with its own working directory,
// HOME and TMPDIR, which must stay empty.
func runChild(t *testing.T, o Options, cred *syscall.Credential) childResult {
	t.Helper()
	js, _ := json.Marshal(o)
	scratch := sharedTempDir(t)
	// The test binary's own directory may not be open to another user.
	bin := filepath.Join(sharedTempDir(t), "collect.test")
	if b, err := os.ReadFile(os.Args[0]); err != nil || os.WriteFile(bin, b, 0o755) != nil {
		t.Fatalf("copy test binary: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-test.run=^$")
	cmd.Dir = scratch
	cmd.Env = []string{childEnv + "=" + string(js), "HOME=" + scratch, "TMPDIR=" + scratch, "PATH=/usr/bin:/bin"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("collector process: %v\n%s", err, stderr.String())
	}
	if ents, _ := os.ReadDir(scratch); len(ents) != 0 {
		t.Errorf("collector wrote into its working directory, HOME or TMPDIR: %v", ents)
	}
	var res Result
	if err := json.Unmarshal([]byte(stdout.String()), &res); err != nil {
		t.Fatalf("child output %q: %v", stdout.String(), err)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return childResult{&res, ru.Maxrss * 1024, stderr.String()}
}

// sharedTempDir is a temporary directory that another user may write in.
func sharedTempDir(t *testing.T) string {
	t.Helper()
	d := t.TempDir()
	os.Chmod(filepath.Dir(d), 0o755) // the test's own temp root is 0700
	os.Chmod(d, 0o777)
	return d
}

func openBundle(t *testing.T, p string) *bundle.Reader {
	t.Helper()
	r, err := bundle.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	rep, err := r.Verify("")
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Intact {
		t.Fatalf("bundle does not verify: %s %v", rep.Culprit, rep.Problems)
	}
	return r
}

func member(t *testing.T, r *bundle.Reader, name string) string {
	t.Helper()
	b, err := r.ReadMember(name, 1<<30)
	if err != nil {
		t.Fatalf("member %s: %v", name, err)
	}
	return string(b)
}

func records(t *testing.T, r *bundle.Reader) []oplog.Record {
	t.Helper()
	recs, err := oplog.ReadAll(strings.NewReader(member(t, r, bundle.OplogMember)))
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// TestForensicSafety proves that collecting a target changes nothing on it:
// not a byte, not a mode, not one of the access, modification or change
// times of any file or directory; and that the collector writes nothing but
// the bundle.
func TestForensicSafety(t *testing.T) {
	fx := buildRoot(t)
	ageTimes(t, fx.root)

	// Control: on this file system a plain read does update an old access
	// time, so the comparison below can fail.
	ctl := filepath.Join(t.TempDir(), "control")
	os.WriteFile(ctl, []byte("x"), 0o644)
	ageTimes(t, ctl)
	var before, after unix.Stat_t
	unix.Lstat(ctl, &before)
	os.ReadFile(ctl)
	unix.Lstat(ctl, &after)
	if before.Atim == after.Atim {
		if os.Getenv("CI") == "true" {
			t.Fatal("this file system does not update access times (noatime): the test cannot show atime safety")
		}
		t.Skip("file system mounted noatime: atime safety cannot be shown here")
	}

	outDir := sharedTempDir(t)
	out := filepath.Join(outDir, "case.zip")
	pre := snapshotTree(t, fx.root)
	res := runChild(t, Options{Root: fx.root, Live: true, Output: out}, nil)
	post := snapshotTree(t, fx.root)
	diffStates(t, "target", pre, post)

	if ents, _ := os.ReadDir(outDir); len(ents) != 1 || ents[0].Name() != "case.zip" {
		t.Errorf("output directory holds %v, want only case.zip", ents)
	}
	if res.res.Status != bundle.Complete {
		t.Errorf("status %s: %s", res.res.Status, res.res.Reason)
	}
	openBundle(t, out)
}

func TestCollectContents(t *testing.T) {
	fx := buildRoot(t)
	out := filepath.Join(t.TempDir(), "b.zip")
	res, err := Run(context.Background(), Options{Root: fx.root, Output: out})
	if err != nil {
		t.Fatal(err)
	}
	r := openBundle(t, out)
	if res.Status != bundle.Complete || r.Manifest.Source.Hostname != "web01" || r.Manifest.Source.Kind != "image" {
		t.Fatalf("result %+v, source %+v", res, r.Manifest.Source)
	}
	for _, m := range []string{
		"fs/etc/passwd", "fs/etc/cron.d/backup", "fs/etc/ld.so.preload", "fs/etc/systemd/system/miner.service",
		"fs/var/log/auth.log", "fs/var/log/auth.log.2.gz", "fs/var/log/nginx/access.log",
		"fs/var/spool/cron/crontabs/alice", "fs/home/alice/.ssh/authorized_keys", "fs/home/alice/.bash_history",
		"fs/home/ghost/.bash_history", "fs/root/.ssh/authorized_keys", "fs/root/.bashrc", "fs/srv/svc/.profile",
		"fs/etc/nginx/sites-enabled/default", "fs/run/resolv.conf", "timeline/bodyfile.txt", "tool.json",
	} {
		if !r.HasMember(m) {
			t.Errorf("missing member %s", m)
		}
	}
	if r.HasMember("volatile/snapshot.json") {
		t.Error("an image collection has a volatile snapshot")
	}

	// Secrets are redacted; what analysis needs is kept.
	shadow := member(t, r, "fs/etc/shadow")
	if strings.Contains(shadow, fx.shadowHash) || !strings.Contains(shadow, "root:$6$REDACTED:19000") ||
		!strings.Contains(shadow, "alice:!:") || !strings.Contains(shadow, "svc::19000") {
		t.Errorf("shadow redaction:\n%s", shadow)
	}
	key := member(t, r, "fs/home/alice/.ssh/id_ed25519")
	if strings.Contains(key, "PRIVATE KEY-----\n") || !strings.Contains(key, "passphrase: no") || !strings.Contains(key, strings.Fields(fx.keyPub)[1]) {
		t.Errorf("private key description:\n%s", key)
	}
	if enc := member(t, r, "fs/home/alice/.ssh/id_ed25519_enc"); !strings.Contains(enc, "passphrase: yes (cipher aes256-ctr") {
		t.Errorf("encrypted key description:\n%s", enc)
	}
	if netrc := member(t, r, "fs/home/alice/.netrc"); strings.Contains(netrc, "hunter2") {
		t.Error("credentials file not redacted")
	}
	e := r.Entry("/etc/shadow")
	if e == nil || !e.Redacted || e.SourceSHA256 == "" || e.SourceSize == 0 {
		t.Errorf("shadow entry %+v", e)
	}

	// Links are recorded, with their targets collected.
	if e := r.Entry("/etc/resolv.conf"); e == nil || e.Kind != bundle.KindSymlink || e.LinkTarget != "../../run/resolv.conf" {
		t.Errorf("resolv.conf link entry %+v", e)
	}
	if e := r.Entry("/etc/systemd/system/multi-user.target.wants/miner.service"); e == nil || e.Kind != bundle.KindSymlink {
		t.Errorf("unit link entry %+v", e)
	}
	// Metadata of a copy equals the target's.
	var st unix.Stat_t
	unix.Lstat(filepath.Join(fx.root, "etc/cron.d/backup"), &st)
	if e := r.Entry("/etc/cron.d/backup"); e == nil || e.Inode != st.Ino || e.Mode != st.Mode || e.Mtime.UnixNano() != st.Mtim.Nano() || e.SourceSize != st.Size {
		t.Errorf("cron entry metadata %+v vs %+v", e, st)
	}

	// Special files are recorded as problems, never opened.
	probs := map[string]string{}
	for _, p := range r.Manifest.Problems {
		probs[p.Path] = p.Error
	}
	if !strings.Contains(probs["/var/log/pipe"], "FIFO") || !strings.Contains(probs["/var/log/sock"], "socket") {
		t.Errorf("problems %v", probs)
	}

	// The timeline lists every entry with hashes of executables.
	br := bodyfile.NewReader(strings.NewReader(member(t, r, bundle.TimelineMember)))
	seen := map[string]*bodyfile.Entry{}
	for {
		e, err := br.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		seen[e.Name] = e
	}
	if e := seen["/usr/bin/tool"]; e == nil || e.Hash == "" {
		t.Errorf("timeline entry of an executable: %+v", e)
	}
	if e := seen["/var/www/html/index.php"]; e == nil || e.Hash == "" {
		t.Errorf("timeline entry of a script: %+v", e)
	}
	if e := seen["/etc/cron.d/dangling"]; e == nil || e.LinkTarget != "/nonexistent/target" {
		t.Errorf("timeline entry of a link: %+v", e)
	}
	if seen["/"] == nil || seen["/var/log/pipe"] == nil || len(seen) < 60 {
		t.Errorf("timeline has %d entries", len(seen))
	}

	// Every copy is in the operation record.
	copies := map[string]string{}
	for _, rec := range records(t, r) {
		if rec.Action == "file.copy" {
			copies[rec.Target] = rec.SHA256
		}
	}
	for _, e := range r.Manifest.Entries {
		if e.Kind == bundle.KindFile && copies[e.Path] != e.SHA256 {
			t.Errorf("copy of %s not in the record (record has %q, manifest %q)", e.Path, copies[e.Path], e.SHA256)
		}
	}
}

func TestRotated(t *testing.T) {
	for name, want := range map[string]bool{
		"var/log/syslog": false, "var/log/syslog.1": true, "var/log/syslog.2.gz": true, "var/log/secure-20240101": true,
		"var/log/wtmp": false, "var/log/btmp.1": true, "var/log/nginx/access.log": false, "var/log/dpkg.log.12.xz": true,
		"var/log/app.old": true, "var/log/php7.4-fpm.log": false,
	} {
		if got := rotated(name); got != want {
			t.Errorf("rotated(%q) = %v", name, got)
		}
	}
}

func TestRefusesOutputInsideCollectedDir(t *testing.T) {
	fx := buildRoot(t)
	out := filepath.Join(fx.root, "var/log/case.zip")
	_, err := Run(context.Background(), Options{Root: fx.root, Output: out})
	if !errors.Is(err, ErrOutputInside) {
		t.Fatalf("want ErrOutputInside, got %v", err)
	}
	if _, serr := os.Lstat(out); serr == nil {
		t.Fatal("refused output was created")
	}
	// Excluding the directory lifts the refusal, and the excluded directory
	// is then not collected.
	res, err := Run(context.Background(), Options{Root: fx.root, Output: out, Exclude: []string{"/var/log"}, NoTimeline: true})
	if err != nil || res.Status != bundle.Complete {
		t.Fatalf("with --exclude: %+v %v", res, err)
	}
	r := openBundle(t, out)
	if r.HasMember("fs/var/log/auth.log") {
		t.Error("excluded directory collected")
	}
	// Output inside the root but outside collected directories is accepted
	// and left out of the timeline.
	out2 := filepath.Join(fx.root, "srv/case.zip")
	if _, err := Run(context.Background(), Options{Root: fx.root, Output: out2}); err != nil {
		t.Fatal(err)
	}
	r2 := openBundle(t, out2)
	if strings.Contains(member(t, r2, bundle.TimelineMember), "/srv/case.zip") {
		t.Error("the bundle lists itself in the timeline")
	}
}

func TestInterrupted(t *testing.T) {
	fx := buildRoot(t)
	out := filepath.Join(t.TempDir(), "b.zip")
	ctx, cancel := context.WithCancelCause(context.Background())
	testHookOpened = func(name string, f *os.File) {
		if name == "var/log/auth.log" {
			cancel(errors.New("signal interrupt"))
		}
	}
	defer func() { testHookOpened = nil }()
	res, err := Run(ctx, Options{Root: fx.root, Output: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != bundle.Incomplete || !strings.Contains(res.Reason, "interrupted: signal interrupt") {
		t.Fatalf("result %+v", res)
	}
	r := openBundle(t, out)
	if r.Manifest.Status != bundle.Incomplete || r.HasMember(bundle.TimelineMember) || !r.HasMember("fs/etc/passwd") {
		t.Errorf("manifest status %s, members %v", r.Manifest.Status, r.Members())
	}
	recs := records(t, r)
	if last := recs[len(recs)-2]; last.Action != "collect.end" || !strings.Contains(last.Error, "interrupted") {
		t.Errorf("last records: %+v", recs[len(recs)-2:])
	}
}

func TestFileShrinksDuringCopy(t *testing.T) {
	fx := buildRoot(t)
	big := filepath.Join(fx.root, "var/log/app.log")
	os.WriteFile(big, []byte(strings.Repeat("line of log\n", 100000)), 0o644)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(fx.root, "var/log/nginx/access.log"), old, old)
	testHookOpened = func(name string, f *os.File) {
		if name == "var/log/app.log" {
			os.Truncate(big, 100)
		}
		if name == "var/log/auth.log" { // listed, not yet copied: logs go newest first
			os.Remove(filepath.Join(fx.root, "var/log/nginx/access.log"))
		}
	}
	defer func() { testHookOpened = nil }()
	out := filepath.Join(t.TempDir(), "b.zip")
	if _, err := Run(context.Background(), Options{Root: fx.root, Output: out, NoTimeline: true}); err != nil {
		t.Fatal(err)
	}
	r := openBundle(t, out)
	e := r.Entry("/var/log/app.log")
	if e == nil || !e.Changed || e.Size != 100 || !strings.Contains(e.Note, "shrank") {
		t.Errorf("entry of a file truncated mid-copy: %+v", e)
	}
	found := false
	for _, p := range r.Manifest.Problems {
		found = found || p.Path == "/var/log/nginx/access.log" && strings.Contains(p.Error, "vanished")
	}
	if !found {
		t.Errorf("vanished file not recorded: %+v", r.Manifest.Problems)
	}
}

// lines counts the lines of a member.
func lines(t *testing.T, r *bundle.Reader, name string) int {
	t.Helper()
	rc, err := r.OpenMember(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	s := bufio.NewScanner(rc)
	n := 0
	for s.Scan() {
		n++
	}
	return n
}

// TestSIGINT interrupts a real collector process while it copies a large
// log: it must exit normally with a valid bundle marked incomplete.
func TestSIGINT(t *testing.T) {
	fx := buildRoot(t)
	big := filepath.Join(fx.root, "var/log/big.log")
	os.WriteFile(big, nil, 0o644)
	os.Truncate(big, 8<<30) // sparse: reads fast, still takes seconds to compress
	out := filepath.Join(sharedTempDir(t), "b.zip")
	js, _ := json.Marshal(Options{Root: fx.root, Output: out, LogMaxSize: 8 << 30, LogMaxTotal: 16 << 30})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+string(js))
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if fi, err := os.Stat(out); err == nil && fi.Size() > 256<<10 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("collector wrote nothing")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("collector after SIGINT: %v\n%s", err, stderr.String())
	}
	var res Result
	if err := json.Unmarshal([]byte(stdout.String()), &res); err != nil {
		t.Fatalf("output %q: %v", stdout.String(), err)
	}
	if res.Status != bundle.Incomplete || !strings.Contains(res.Reason, "interrupted: signal interrupt") {
		t.Fatalf("result %+v", res)
	}
	r := openBundle(t, out)
	if e := r.Entry("/var/log/big.log"); e == nil || !e.Truncated || e.Size >= 8<<30 {
		t.Errorf("the log being copied: %+v", e)
	}
}
