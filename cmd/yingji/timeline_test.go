package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTimelineCommand merges a host's log events and the log findings
// with a body file and a findings file into one sorted CSV.
func TestTimelineCommand(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	write := func(name, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var auth strings.Builder
	for i := 0; i < 10; i++ {
		auth.WriteString("Mar  1 02:00:0" + string(rune('0'+i)) + " web sshd[9]: Failed password for root from 203.0.113.9 port 5000 ssh2\n")
	}
	auth.WriteString("Mar  1 02:01:00 web sshd[9]: Accepted password for root from 203.0.113.9 port 5001 ssh2\n")
	write(filepath.Join(root, "var/log/auth.log"), auth.String())
	write(filepath.Join(root, "etc/timezone"), "UTC\n")
	// The webshell written at 02:03 (1772330580), read at 02:05.
	body := filepath.Join(dir, "body.txt")
	write(body, "0|/var/www/html/x.php|1|-/-rw-r--r--|33|33|30|1772330700|1772330580|1772330580|0\n")
	findings := filepath.Join(dir, "findings.jsonl")
	write(findings, `{"rule":"malware.webshell","severity":"critical","title":"Webshell","title_zh":"WebShell","time":"2026-03-01T02:03:00Z","evidence":[{"path":"/var/www/html/x.php"}]}`+"\n")

	out := filepath.Join(dir, "timeline.csv")
	code, _, errOut := yingji(t, "timeline", "--body", body, "--findings", findings, "--out", out, root)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// 11 log events, the brute force and the login after it, the root
	// login (at 02:01, in the night), the webshell finding, and two file
	// times.
	if len(rows) != 1+11+4+1+2 {
		t.Errorf("%d rows, want 19:\n%q", len(rows), rows)
	}
	prev := ""
	var kinds []string
	for _, r := range rows[1:] {
		if r[1] < prev {
			t.Errorf("row %q before %s: not sorted", r, prev)
		}
		prev = r[1]
		if r[2] != "Event Time" {
			kinds = append(kinds, r[2]+": "+r[0])
		}
	}
	want := []string{"Finding Time: [medium] SSH brute force from one address", "Finding Time: [critical] SSH login after brute force from the same address",
		"Finding Time: [low] SSH login as root", "Finding Time: [low] root logged in over SSH in the middle of the night", "Modification Time; Change Time: /var/www/html/x.php", "Finding Time: [critical] Webshell", "Access Time: /var/www/html/x.php"}
	if strings.Join(kinds, "\n") != strings.Join(want, "\n") {
		t.Errorf("non-log entries in order:\n%s\nwant\n%s", strings.Join(kinds, "\n"), strings.Join(want, "\n"))
	}
}
