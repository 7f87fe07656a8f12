package syslog

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/testcorpus"
)

const elasticAuth = "logs/elastic-examples/auth.log"

func scanFile(t testing.TB, path string, opts Options) ([]*event.Event, Stats) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p := NewParser(opts)
	var evs []*event.Event
	if err := p.Scan(f, func(e *event.Event) error { evs = append(evs, e); return nil }); err != nil {
		t.Fatal(err)
	}
	return evs, p.Stats()
}

func TestElasticAuthLog(t *testing.T) {
	path := testcorpus.Path(t, elasticAuth)
	evs, st := scanFile(t, path, Options{Reference: time.Date(2017, 12, 31, 0, 0, 0, 0, time.UTC), Location: time.UTC, File: "auth.log"})
	// wc -l auth.log: 7121, every line with a header
	if st.Lines != 7121 || st.Parsed != 7121 || st.Unparsed != 0 || len(evs) != 7121 {
		t.Errorf("stats %+v, %d events", st, len(evs))
	}
	count := map[string]int{}
	for _, e := range evs {
		count[e.Source+"/"+e.Type]++
		if e.At.Year() != 2017 || e.Line < 1 || e.File != "auth.log" || e.Host != "ip-10-77-20-248" {
			t.Fatalf("line %d: %v %q", e.Line, e.At, e.Host)
		}
	}
	for k, want := range map[string]int{
		// grep -c 'sshd\[[0-9]*\]: Failed password for [^i]' (297) + grep -c 'Failed publickey' (4)
		// + grep -c 'sshd\[[0-9]*\]: message repeated' (85, all of "Failed password for root/valid users")
		"sshd/ssh_failed": 297 + 4 + 85,
		// grep -c 'Failed password for invalid user' (331) + grep -c 'sshd\[[0-9]*\]: Invalid user' (178)
		"sshd/ssh_invalid_user": 331 + 178,
		// grep -c 'sshd\[[0-9]*\]: Accepted ' (226)
		"sshd/ssh_accepted": 226,
		// grep -c 'Disconnecting: Too many' (189) + grep -c 'maximum authentication attempts exceeded' (189)
		// + grep -c 'PAM [0-9]* more authentication failures' (141)
		"sshd/ssh_max_auth": 189 + 189 + 141,
		// grep -c 'Connection closed by \|Connection reset by \|Disconnected from \|Received disconnect from ' (925)
		"sshd/ssh_disconnect": 925,
		// grep -c 'pam_unix(sshd:session): session opened' (226), closed (225)
		"sshd/session_open":  226,
		"sshd/session_close": 225,
		// grep -c 'sudo: .* : TTY=' (186)
		"sudo/sudo": 186,
		// grep -c 'pam_unix(sudo:session): session opened' (186)
		"sudo/session_open": 186,
		// grep -c 'CRON\[[0-9]*\]: pam_unix(cron:session): session opened' (632)
		"cron/session_open": 632,
		// grep -c 'Successful su for\|: + /dev/pts' (18)
		"su/su": 18,
		// grep -c 'new user: ' (10)
		"account/user_add": 10,
		// grep -c 'new group: ' (11)
		"account/group_add": 11,
		// grep -c 'pam_unix(chpasswd:chauthtok): password changed' (10)
		"account/password_change": 10,
		// grep -c 'systemd-logind\[[0-9]*\]: New session' (226)
		// + grep -c 'pam_unix(systemd-user:session): session opened' (215)
		"systemd/session_open": 226 + 215,
	} {
		if count[k] != want {
			t.Errorf("%s: %d events, want %d", k, count[k], want)
		}
	}
	// The corpus README's figures: grep -c 'Failed password' = 713
	// (628 lines + 85 "message repeated"), grep -c Accepted = 226.
	failedPassword := 0
	for _, e := range evs {
		if (e.Type == event.TypeSSHFailed || e.Type == event.TypeSSHInvalidUser) && e.Fields[event.FieldAuthMethod] == "password" {
			failedPassword++
		}
	}
	if failedPassword != 713 {
		t.Errorf("failed password events %d, want 713", failedPassword)
	}
}

// TestElasticAuthLogFail2ban checks that the failures IsAuthFailure
// reports, by source address, are those fail2ban counts. The expected
// table, testdata/elastic-auth-fail2ban-ip.txt, is the output of
//
//	fail2ban-regex -r -o ip auth.log filter.d/sshd.conf | sort | uniq -c
//
// (fail2ban 1.0.2 from Debian's fail2ban_1.0.2-2_all.deb, run from the
// unpacked package), 1184 failures from 150 addresses. It was checked
// equal to this independent count, which follows sshd.conf by hand on
// this file (a "Disconnecting" line takes the address of its sshd pid):
//
//	awk '$5 ~ /^sshd\[/ { pid=$5; m=$0; sub(/^[^]]*\]: /,"",m); sub(/^error: /,"",m);
//	  if (m ~ /^Failed / && m !~ /^Failed publickey for [^i]/) { match(m, / from [0-9.]+ /); ip[pid]=substr(m,RSTART+6,RLENGTH-7); print ip[pid] }
//	  else if (m ~ /^(Invalid user|maximum authentication attempts exceeded for) /) { match(m, / from [0-9.]+( |$)/); s=substr(m,RSTART+6,RLENGTH-6); sub(/ $/,"",s); ip[pid]=s; print s }
//	  else if (m ~ /^Disconnecting: Too many authentication failures/) print ip[pid] }' auth.log | sort | uniq -c
//
// that is 628 "Failed <not publickey>" + 178 "Invalid user" + 189
// "maximum authentication attempts exceeded" + 189 "Disconnecting: Too
// many authentication failures" = 1184.
func TestElasticAuthLogFail2ban(t *testing.T) {
	path := testcorpus.Path(t, elasticAuth)
	evs, _ := scanFile(t, path, Options{Reference: time.Date(2017, 12, 31, 0, 0, 0, 0, time.UTC), Location: time.UTC})
	got := map[string]int{}
	total := 0
	for _, e := range evs {
		if IsAuthFailure(e) {
			if e.SrcIP == "" {
				t.Errorf("line %d: a failure without an address", e.Line)
			}
			got[e.SrcIP]++
			total++
		}
	}
	data, err := os.ReadFile("testdata/elastic-auth-fail2ban-ip.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	wantTotal := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 2 || strings.HasPrefix(f[0], "#") {
			continue
		}
		n, err := strconv.Atoi(f[0])
		if err != nil {
			t.Fatal(err)
		}
		want[f[1]] = n
		wantTotal += n
	}
	if total != 1184 || wantTotal != 1184 || len(want) != 150 {
		t.Errorf("total %d, want %d (table %d addresses)", total, wantTotal, len(want))
	}
	for ip, n := range want {
		if got[ip] != n {
			t.Errorf("%s: %d failures, fail2ban %d", ip, got[ip], n)
		}
	}
	for ip, n := range got {
		if _, ok := want[ip]; !ok {
			t.Errorf("%s: %d failures, fail2ban none", ip, n)
		}
	}
}

// TestPlasoSyslogGz reads plaso's test syslog.gz. It has a line with a bad
// month ("MMM 22"), a line with no time ("Mar 23 Wrong line..."), a
// continuation line (a tab), a line with no host ("Nov 18 01:15:43: ---
// last message repeated 5 times ---") and months going Jan, Dec, Mar,
// Dec, Nov. plaso (tests/multi_process/extraction_worker.py) gets 12
// events from it (3 cron task runs, 9 lines; it joins the continuation):
// we give 13 parsed events, the continuation included, and 2 unparsed.
// With a reference year of 2012, as plaso's syslog test uses, the Dec ->
// Mar step starts 2013 (plaso: "2013-03-23 23:01:18") and Dec 31 -> Nov
// 18, one month back, stays in 2013 (plaso's leeway of one month).
func TestPlasoSyslogGz(t *testing.T) {
	path := testcorpus.Path(t, "logs/plaso/syslog.gz")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	p := NewParser(Options{Reference: time.Date(2012, 2, 1, 0, 0, 0, 0, time.UTC), Location: time.UTC})
	var evs []*event.Event
	if err := p.Scan(gz, func(e *event.Event) error { evs = append(evs, e); return nil }); err != nil {
		t.Fatal(err)
	}
	// zcat syslog.gz | wc -l: 15 lines
	if st := p.Stats(); st.Lines != 15 || st.Parsed != 13 || st.Unparsed != 2 || st.Continued != 1 || len(evs) != 15 {
		t.Errorf("stats %+v, %d events", st, len(evs))
	}
	wantTimes := map[int64]string{
		1:  "2012-01-22T07:52:33Z",
		8:  "2012-12-18T17:54:32Z",
		9:  "2013-03-23T23:01:18Z",
		10: "2013-03-23T23:01:18.123Z",
		12: "2013-12-31T17:54:32Z",
		13: "2013-11-18T01:15:20Z",
		14: "2013-11-18T01:15:20Z", // the continuation
		15: "2013-11-18T01:15:43Z",
	}
	cron := 0
	for _, e := range evs {
		if w, ok := wantTimes[e.Line]; ok && e.At.Format(time.RFC3339Nano) != w {
			t.Errorf("line %d: %s, want %s", e.Line, e.At.Format(time.RFC3339Nano), w)
		}
		if (e.Line == 7 || e.Line == 11) != e.At.IsZero() {
			t.Errorf("line %d: time %v", e.Line, e.At)
		}
		if e.Type == event.TypeCronCommand {
			cron++
		}
	}
	if cron != 3 {
		t.Errorf("%d cron commands, want 3", cron)
	}
	if evs[13].Message != "many syslog parsers." || evs[13].Process != "aprocess" || evs[12].Host != "myhostname.myhost.com" {
		t.Errorf("continuation %+v", evs[13])
	}
}

// TestSharedLinesStay checks that with shared lines the strings of the
// events stay as they were after the lines that follow (the lines are
// the reader's buffers, which are never written again): every line and
// message of auth.log, kept as they came, is checked at the end.
func TestSharedLinesStay(t *testing.T) {
	path := testcorpus.Path(t, elasticAuth)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Repeat(data, 3) // buffers of the reader, more than a few
	p := NewParser(Options{Reference: time.Date(2017, 12, 31, 0, 0, 0, 0, time.UTC), Location: time.UTC, Reuse: true, SharedLines: true})
	var raws, msgs []string
	if err := p.Scan(bytes.NewReader(data), func(e *event.Event) error {
		raws, msgs = append(raws, e.Raw), append(msgs, e.Message)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if len(raws) != len(want) {
		t.Fatalf("%d events, want %d", len(raws), len(want))
	}
	for i, w := range want {
		if raws[i] != w || !strings.HasSuffix(w, msgs[i]) {
			t.Fatalf("line %d became %q (message %q), want %q", i+1, raws[i], msgs[i], w)
		}
	}
}

// TestListFieldsCorpus checks that with the fields kept in the events
// themselves (Options.ListFields, as logs --events reads) every event of
// auth.log encodes as it does with its fields in a map, with
// AppendJSON and with an Encoder.
func TestListFieldsCorpus(t *testing.T) {
	data, err := os.ReadFile(testcorpus.Path(t, elasticAuth))
	if err != nil {
		t.Fatal(err)
	}
	ref := time.Date(2017, 12, 31, 0, 0, 0, 0, time.UTC)
	var want [][]byte
	p := NewParser(Options{Reference: ref, Location: time.UTC})
	if err := p.Scan(bytes.NewReader(data), func(e *event.Event) error {
		want = append(want, e.AppendJSON(nil))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	p = NewParser(Options{Reference: ref, Location: time.UTC, Reuse: true, SharedLines: true, ListFields: true})
	var enc event.Encoder
	i, listed := 0, 0
	if err := p.Scan(bytes.NewReader(data), func(e *event.Event) error {
		if i >= len(want) {
			t.Fatalf("more events with the fields listed than %d", len(want))
		}
		if got := e.AppendJSON(nil); !bytes.Equal(got, want[i]) {
			t.Fatalf("line %d:\n got %s\nwant %s", i+1, got, want[i])
		}
		if got := enc.Append(nil, e); !bytes.Equal(got, want[i]) {
			t.Fatalf("line %d, encoded:\n got %s\nwant %s", i+1, got, want[i])
		}
		if bytes.Contains(want[i], []byte(`"fields":`)) {
			listed++
		}
		i++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if i != len(want) || listed == 0 {
		t.Fatalf("%d events (%d with fields), want %d", i, listed, len(want))
	}
}
