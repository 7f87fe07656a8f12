package logs

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

func TestRotation(t *testing.T) {
	for _, c := range []struct {
		name, base string
		order      int
	}{
		{"auth.log", "auth.log", 0},
		{"auth.log.1", "auth.log", -1},
		{"auth.log.12.gz", "auth.log", -12},
		{"secure-20260301", "secure", 20260301 - 1_000_000_000},
		{"access.log-2026030112.gz", "access.log", 20260301 - 1_000_000_000},
		{"messages.xz", "messages", 0},
		{"wtmp.1", "wtmp", -1},
	} {
		base, order := Rotation(c.name)
		if base != c.base || order != c.order {
			t.Errorf("Rotation(%q) = %q, %d; want %q, %d", c.name, base, order, c.base, c.order)
		}
	}
	// Dated copies sort before numbered ones, numbered ones oldest first,
	// the live file last.
	names := []string{"auth.log", "auth.log.1", "auth.log.3.gz", "auth.log.2.gz"}
	slices.SortFunc(names, func(a, b string) int { _, x := Rotation(a); _, y := Rotation(b); return x - y })
	if want := []string{"auth.log.3.gz", "auth.log.2.gz", "auth.log.1", "auth.log"}; !slices.Equal(names, want) {
		t.Errorf("order %v, want %v", names, want)
	}
}

func write(t *testing.T, root, name string, data []byte) {
	t.Helper()
	p := filepath.Join(root, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	for _, n := range []string{"var/log/auth.log", "var/log/auth.log.1", "var/log/auth.log.2.gz",
		"var/log/secure-20260301", "var/log/secure", "var/log/wtmp", "var/log/btmp.1", "var/log/dpkg.log",
		"var/log/audit/audit.log", "var/log/audit/audit.log.1", "var/log/nginx/access.log",
		"var/log/nginx/error.log", "www/wwwlogs/example.com.log", "www/wwwlogs/example.com.error.log",
		"var/log/tomcat9/localhost_access_log.2026-03-01.txt", "var/run/utmp",
		"root/.bash_history", "home/alice/.zsh_history", "home/bob/notes.txt"} {
		write(t, root, n, []byte("x\n"))
	}
	files, errs := Find(os.DirFS(root))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, f := range files {
		got = append(got, string(f.Kind)+" "+f.Path+" "+f.User)
	}
	want := []string{
		"history home/alice/.zsh_history alice",
		"history root/.bash_history root",
		"auditd var/log/audit/audit.log.1 ",
		"auditd var/log/audit/audit.log ",
		"syslog var/log/auth.log.2.gz ",
		"syslog var/log/auth.log.1 ",
		"syslog var/log/auth.log ",
		"btmp var/log/btmp.1 ",
		"access var/log/nginx/access.log ",
		"syslog var/log/secure-20260301 ",
		"syslog var/log/secure ",
		"access var/log/tomcat9/localhost_access_log.2026-03-01.txt ",
		"wtmp var/log/wtmp ",
		"utmp var/run/utmp ",
		"access www/wwwlogs/example.com.log ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Find:\n got %q\nwant %q", got, want)
	}
}

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		name, head string
		want       Kind
	}{
		{"copy.txt", "Mar  1 10:00:01 web sshd[123]: Failed password for root from 192.0.2.1 port 22 ssh2\n", KindSyslog},
		{"x", "2026-03-01T10:00:01.123+08:00 web sshd[1]: x\n", KindSyslog},
		{"x", "<34>1 2026-03-01T10:00:01Z web sshd 1 - - x\n", KindSyslog},
		{"x", `192.0.2.1 - - [01/Mar/2026:10:00:01 +0800] "GET / HTTP/1.1" 200 1 "-" "x"` + "\n", KindAccess},
		{"x", "#Software: Microsoft Internet Information Services 10.0\n", KindAccess},
		{"x", "type=SYSCALL msg=audit(1364481363.243:24287): arch=c000003e\n", KindAuditd},
		{"x", "#1599999999\nls\n", KindHistory},
		{"x", ": 1599999999:0;ls\n", KindHistory},
		{"auth.log.2.gz", "\x1f\x8b", KindSyslog},
		{".bash_history", "ls\n", KindHistory},
		{"notes", "hello\n", KindUnknown},
	} {
		if got := Sniff(c.name, []byte(c.head)); got != c.want {
			t.Errorf("Sniff(%q, %q) = %q, want %q", c.name, c.head, got, c.want)
		}
	}
}

func TestOpen(t *testing.T) {
	text := bytes.Repeat([]byte("Mar  1 10:00:01 web sshd[1]: Accepted publickey for root\n"), 100)
	var gz, x, zs bytes.Buffer
	g := gzip.NewWriter(&gz)
	g.Write(text[:len(text)/2])
	g.Close()
	g = gzip.NewWriter(&gz) // a second member: logrotate may append
	g.Write(text[len(text)/2:])
	g.Close()
	xw, _ := xz.NewWriter(&x)
	xw.Write(text)
	xw.Close()
	zw, _ := zstd.NewWriter(&zs)
	zw.Write(text)
	zw.Close()
	// Go has no bzip2 writer: testdata/line.bz2 is one line compressed
	// by bzip2(1).
	bz2, err := os.ReadFile("testdata/line.bz2")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	write(t, root, "plain", text)
	write(t, root, "a.gz", gz.Bytes())
	write(t, root, "a.xz", x.Bytes())
	write(t, root, "a.zst", zs.Bytes())
	write(t, root, "a.bz2", bz2)
	fsys := os.DirFS(root)
	for name, want := range map[string]string{"plain": Plain, "a.gz": Gzip, "a.xz": XZ, "a.zst": Zstd} {
		r, comp, err := Open(fsys, name)
		if err != nil {
			t.Fatal(name, err)
		}
		got, err := io.ReadAll(r)
		r.Close()
		if err != nil || comp != want || !bytes.Equal(got, text) {
			t.Errorf("%s: compression %q (want %q), %d bytes (want %d), err %v", name, comp, want, len(got), len(text), err)
		}
	}
	r, comp, err := Open(fsys, "a.bz2")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	r.Close()
	if comp != Bzip2 || !bytes.Equal(got, text[:len(text)/100]) || err != nil {
		t.Errorf("bzip2: %q %q %v", comp, got, err)
	}
}

func TestOpenBomb(t *testing.T) {
	var gz bytes.Buffer
	g, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zero := make([]byte, 1<<20)
	for i := 0; i < 200; i++ { // 200 MiB of zeros in about 200 KiB
		g.Write(zero)
	}
	g.Close()
	root := t.TempDir()
	write(t, root, "bomb.gz", gz.Bytes())
	r, _, err := Open(os.DirFS(root), "bomb.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n, err := io.Copy(io.Discard, r)
	if !errors.Is(err, ErrBomb) {
		t.Fatalf("read %d bytes, err %v; want ErrBomb", n, err)
	}
	if limit := int64(gz.Len())*MaxRatio + MaxSlack; n != limit {
		t.Errorf("read %d bytes before stopping, want the limit %d", n, limit)
	}
}

func TestZone(t *testing.T) {
	root := t.TempDir()
	if Zone(os.DirFS(root)) != nil {
		t.Error("a root without a zone has one")
	}
	write(t, root, "etc/timezone", []byte("Asia/Shanghai\n"))
	if loc := Zone(os.DirFS(root)); loc == nil || loc.String() != "Asia/Shanghai" {
		t.Errorf("etc/timezone: %v", loc)
	}
	tz, err := os.ReadFile("/usr/share/zoneinfo/Asia/Tokyo")
	if err != nil {
		t.Fatal("tzdata (Debian package tzdata) is needed:", err)
	}
	write(t, root, "usr/share/zoneinfo/Asia/Tokyo", tz)
	if err := os.Symlink("/usr/share/zoneinfo/Asia/Tokyo", filepath.Join(root, "etc/localtime")); err != nil {
		t.Fatal(err)
	}
	loc := Zone(os.DirFS(root))
	if loc == nil {
		t.Fatal("no zone from the etc/localtime link")
	}
	if _, off := time.Date(2026, 3, 1, 0, 0, 0, 0, loc).Zone(); off != 9*3600 {
		t.Errorf("zone %v has offset %d, want +9h", loc, off)
	}
}
