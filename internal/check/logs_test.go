package check

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/finding"
)

// TestLogs plants a brute force that ends in a login, and an exploit in
// an access log, and checks that the scan reports them with the log
// rules' own findings; a clean root's logs give none.
func TestLogs(t *testing.T) {
	r := newRoot(t)
	var auth strings.Builder
	for i := 0; i < 12; i++ {
		fmt.Fprintf(&auth, "Mar  1 02:00:%02d web sshd[%d]: Failed password for root from 203.0.113.9 port %d ssh2\n", i*4, 100+i, 50000+i)
	}
	auth.WriteString("Mar  1 02:01:00 web sshd[200]: Accepted password for root from 203.0.113.9 port 50100 ssh2\n")
	r.write("var/log/auth.log", auth.String())
	r.write("var/log/nginx/access.log", `203.0.113.20 - - [01/Mar/2026:02:10:00 +0800] "GET /index.php?s=/Index/\think\app/invokefunction&function=call_user_func_array&vars[0]=system&vars[1][]=id HTTP/1.1" 200 12 "-" "Mozilla/5.0"`+"\n")
	got := map[string]string{}
	for _, f := range r.scan("logs.detections") {
		got[f.Rule] = f.TitleZh
		if err := f.Validate(); err != nil {
			t.Error(err)
		}
	}
	for _, rule := range []string{"log.ssh_bruteforce", "log.ssh_bruteforce_success"} {
		if got[rule] == "" {
			t.Errorf("no %s finding; got %v", rule, got)
		}
	}
	thinkphp := false
	for _, title := range got {
		thinkphp = thinkphp || strings.Contains(title, "ThinkPHP")
	}
	if !thinkphp {
		t.Errorf("no ThinkPHP finding; got %v", got)
	}

	clean := newRoot(t)
	clean.write("var/log/auth.log", "Mar  1 09:00:00 web sshd[1]: Accepted publickey for deploy from 198.51.100.4 port 50000 ssh2: ED25519 SHA256:abc\n")
	clean.write("var/log/nginx/access.log", `198.51.100.7 - - [01/Mar/2026:09:10:00 +0800] "GET / HTTP/1.1" 200 1024 "-" "Mozilla/5.0"`+"\n")
	for _, f := range clean.scan("logs.detections") {
		t.Errorf("clean logs reported: %s %s", f.Rule, f.Description)
	}
}

// TestLogsWebshellRequests: requests to a file that is a webshell name
// the addresses that used it; requests to benign pages do not.
func TestLogsWebshellRequests(t *testing.T) {
	r := newRoot(t)
	r.write("var/www/html/index.php", "<?php echo htmlspecialchars($_GET['q'] ?? '');")
	r.write("var/www/html/uploads/x.php", "<?php @eval($_POST['pass']);?>")
	var log strings.Builder
	for i := 0; i < 3; i++ {
		fmt.Fprintf(&log, `198.51.100.%d - - [01/Mar/2026:02:0%d:00 +0800] "GET /index.php?q=a HTTP/1.1" 200 12 "-" "Mozilla/5.0"`+"\n", i, i)
	}
	fmt.Fprintf(&log, `203.0.113.66 - - [01/Mar/2026:02:05:00 +0800] "POST /uploads/x.php HTTP/1.1" 200 52 "-" "Mozilla/5.0"`+"\n")
	fmt.Fprintf(&log, `203.0.113.66 - - [01/Mar/2026:02:06:00 +0800] "POST /uploads/x.php HTTP/1.1" 200 14 "-" "Mozilla/5.0"`+"\n")
	r.write("var/log/nginx/access.log", log.String())
	var hits []string
	for _, f := range r.scan("logs.detections") {
		if f.Rule == "log.webshell_requests" {
			hits = append(hits, f.Description)
			if f.Severity != finding.Critical || f.Evidence[0].Fields["webshell"] != "/var/www/html/uploads/x.php" {
				t.Errorf("finding %+v", f)
			}
		}
	}
	if len(hits) != 1 || !strings.Contains(hits[0], "203.0.113.66 (2)") {
		t.Errorf("requests to the webshell: %q", hits)
	}
}
