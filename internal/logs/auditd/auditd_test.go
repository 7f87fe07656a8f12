package auditd

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/testcorpus"
)

// scan parses s with opts and returns the events and stats.
func scan(t testing.TB, s string, opts Options) ([]*event.Event, Stats) {
	t.Helper()
	p := New(opts)
	var evs []*event.Event
	if err := p.Scan(strings.NewReader(s), func(e *event.Event) error {
		evs = append(evs, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return evs, p.Stats()
}

func TestParseRecord(t *testing.T) {
	tests := []struct {
		line   string
		ok     bool
		node   string
		typ    string
		st     stamp
		key    string
		want   string // decoded value of key
		hasKey bool
	}{
		{`type=SYSCALL msg=audit(1364481363.243:24287): arch=c000003e syscall=2 success=no exit=-13 comm="cat" exe="/bin/cat" key="access"`,
			true, "", "SYSCALL", stamp{1364481363, 243e6, 24287}, "exe", "/bin/cat", true},
		{`node=web01 type=CWD msg=audit(1.5:7):  cwd=2F746D702F6120622063`,
			true, "web01", "CWD", stamp{1, 5e8, 7}, "cwd", "/tmp/a b c", true},
		{`type=SYSCALL msg=audit(1.000:1): key=(null) tty=(none)`, true, "", "SYSCALL", stamp{1, 0, 1}, "key", "", true},
		{`type=USER_LOGIN msg=audit(2.000:3): pid=1 msg='op=login acct=28696E76616C6964207573657229 addr=1.2.3.4 res=failed'`,
			true, "", "USER_LOGIN", stamp{2, 0, 3}, "acct", "(invalid user)", true},
		{`type=USER_ACCT msg=audit(2.000:3): msg='PAM: accounting acct=root : exe="/usr/sbin/crond" (hostname=?, addr=?, terminal=cron res=success)'`,
			true, "", "USER_ACCT", stamp{2, 0, 3}, "res", "success", true},
		{`type=DAEMON_CONFIG msg=audit(1490239800.477:34) config changed, auid=0 pid=1512 res=success`,
			true, "", "DAEMON_CONFIG", stamp{1490239800, 477e6, 34}, "auid", "0", true},
		// Unquoted decimal of a non-encodable field stays as written.
		{`type=X msg=audit(1.1:1): id=1000`, true, "", "X", stamp{1, 1e8, 1}, "id", "1000", true},
		{`type=UNKNOWN[1329] msg=?`, false, "", "", stamp{}, "", "", false},
		{`hello world`, false, "", "", stamp{}, "", "", false},
		{`type=X msg=audit(abc:1): a=b`, false, "", "", stamp{}, "", "", false},
		{`type=X msg=audit(1.2:): a=b`, false, "", "", stamp{}, "", "", false},
		{`type=X msg=audit(1.2:3`, false, "", "", stamp{}, "", "", false},
		{`node=x`, false, "", "", stamp{}, "", "", false},
	}
	for _, tt := range tests {
		rec, ok := parseRecord(tt.line, nil)
		if ok != tt.ok {
			t.Errorf("%q: ok %v, want %v", tt.line, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		if rec.node != tt.node || rec.typ != tt.typ || rec.st != tt.st {
			t.Errorf("%q: node %q type %q stamp %+v", tt.line, rec.node, rec.typ, rec.st)
		}
		got, has := get(rec.kvs, tt.key)
		if has != tt.hasKey || got != tt.want {
			t.Errorf("%q: %s = %q (%v), want %q", tt.line, tt.key, got, has, tt.want)
		}
	}
}

func TestJoinExecve(t *testing.T) {
	log := strings.Join([]string{
		`type=SYSCALL msg=audit(1783414661.350:487): arch=c000003e syscall=59 success=yes exit=0 items=2 ppid=2176 pid=2221 auid=0 uid=0 tty=pts1 ses=8 comm="sh" exe="/usr/bin/bash" key="specimen_exec"` + "\x1d" + `ARCH=x86_64 SYSCALL=execve AUID="alice" UID="root"`,
		`type=EXECVE msg=audit(1783414661.350:487): argc=4 a0="/bin/sh" a1="-c" a2_len=10 a2[0]=6162 a2[1]="cdefghij" a3=78`,
		`type=CWD msg=audit(1783414661.350:487): cwd="/root"`,
		`type=PATH msg=audit(1783414661.350:487): item=0 name="/bin/sh" inode=1`,
		`type=PROCTITLE msg=audit(1783414661.350:487): proctitle=2F62696E2F7368002D63`,
		`type=EOE msg=audit(1783414661.350:487):`,
	}, "\n")
	evs, st := scan(t, log, Options{File: "audit.log"})
	if len(evs) != 1 || st.Records != 6 || st.Events != 1 {
		t.Fatalf("%d events, stats %+v", len(evs), st)
	}
	e := evs[0]
	want := map[string]string{
		"command": "/bin/sh -c abcdefghij x", "a2": "abcdefghij", "a3": "x", "argc": "4",
		"syscall": "execve", "success": "yes", "exe": "/usr/bin/bash", "comm": "sh",
		"key": "specimen_exec", "auid": "0", "uid": "0", "tty": "pts1", "cwd": "/root",
		"name": "/bin/sh", "proctitle": "/bin/sh -c",
	}
	for k, v := range want {
		if e.Fields[k] != v {
			t.Errorf("field %s = %q, want %q", k, e.Fields[k], v)
		}
	}
	if e.Type != "audit_execve" || e.User != "alice" || e.PID != 2221 || e.Process != "sh" ||
		e.Line != 1 || e.File != "audit.log" || strings.Count(e.Raw, "\n") != 5 ||
		!e.At.Equal(time.Unix(1783414661, 350e6)) || e.At.Location() != time.UTC {
		t.Errorf("event %+v", e)
	}
}

func TestArgcRespected(t *testing.T) {
	// argc=2 but a2 present (forged or damaged): a2 is not in command.
	evs, _ := scan(t, `type=EXECVE msg=audit(1.000:1): argc=2 a0="ls" a1="-l" a2="extra"`, Options{})
	if got := evs[0].Fields["command"]; got != "ls -l" {
		t.Errorf("command %q", got)
	}
	// Arguments spread over two EXECVE records of one event.
	evs, _ = scan(t, "type=EXECVE msg=audit(1.000:1): argc=3 a0=\"a\" a1=\"b\"\ntype=EXECVE msg=audit(1.000:1): a2=\"c\"", Options{})
	if len(evs) != 1 || evs[0].Fields["command"] != "a b c" {
		t.Errorf("events %d, command %q", len(evs), evs[0].Fields["command"])
	}
}

func TestUserRecords(t *testing.T) {
	tests := []struct {
		line                  string
		typ, user, target, ip string
		port                  int
		success, msg, tty     string
	}{
		{`type=USER_LOGIN msg=audit(1492896301.818:19955): pid=12635 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct=28696E76616C6964207573657229 exe="/usr/sbin/sshd" hostname=? addr=179.38.151.221 terminal=sshd res=failed'`,
			"audit_user_login", "(invalid user)", "", "179.38.151.221", 0, "no",
			`op=login acct=28696E76616C6964207573657229 exe="/usr/sbin/sshd" hostname=? addr=179.38.151.221 terminal=sshd res=failed`, "sshd"},
		{`type=USER_AUTH msg=audit(1.000:2): pid=1 uid=0 msg='op=pubkey_auth rport=63927 acct="bob" exe="/usr/sbin/sshd" hostname=10.0.0.9 addr=? terminal=? res=success'`,
			"audit_user_auth", "bob", "", "10.0.0.9", 63927, "yes", "", ""},
		{`type=ADD_USER msg=audit(1.000:3): pid=2 uid=0 auid=0 msg='op=add-user acct="evil" exe="/usr/sbin/useradd" hostname=? addr=? terminal=pts/0 res=success'` + "\x1d" + `UID="root" AUID="admin"`,
			"audit_add_user", "admin", "evil", "", 0, "yes", "", "pts/0"},
		{`type=USER_CMD msg=audit(1.000:4): pid=3 uid=1000 auid=1000 msg='cwd="/" cmd=6C73202D6C terminal=/dev/pts/2 res=success'` + "\x1d" + `UID="carol" AUID="unset"`,
			"audit_user_cmd", "carol", "", "", 0, "yes", "", "pts/2"},
	}
	for _, tt := range tests {
		evs, _ := scan(t, tt.line, Options{})
		if len(evs) != 1 {
			t.Fatalf("%d events", len(evs))
		}
		e := evs[0]
		if e.Type != tt.typ || e.User != tt.user || e.TargetUser != tt.target || e.SrcIP != tt.ip ||
			e.SrcPort != tt.port || e.Fields["success"] != tt.success || e.Fields["tty"] != tt.tty {
			t.Errorf("%s: got type %q user %q target %q ip %q port %d success %q tty %q",
				tt.typ, e.Type, e.User, e.TargetUser, e.SrcIP, e.SrcPort, e.Fields["success"], e.Fields["tty"])
		}
		if tt.msg != "" && e.Message != tt.msg {
			t.Errorf("%s: message %q", tt.typ, e.Message)
		}
	}
	evs, _ := scan(t, `type=USER_CMD msg=audit(1.000:4): pid=3 uid=1000 auid=1000 msg='cwd="/" cmd=6C73202D6C terminal=? res=success'`, Options{})
	if evs[0].Fields["command"] != "ls -l" || evs[0].User != "" {
		t.Errorf("USER_CMD: command %q user %q", evs[0].Fields["command"], evs[0].User)
	}
}

func TestInterleavedAndWindow(t *testing.T) {
	// Two events interleaved, a third far away in serial, then a fourth far
	// away in time: the first two are joined, all four emitted.
	log := strings.Join([]string{
		`type=SYSCALL msg=audit(100.000:10): syscall=1 comm="a"`,
		`type=SYSCALL msg=audit(100.000:11): syscall=2 comm="b"`,
		`type=PROCTITLE msg=audit(100.000:10): proctitle="a"`,
		`type=PROCTITLE msg=audit(100.000:11): proctitle="b"`,
		`type=SYSCALL msg=audit(100.000:5000): syscall=3`,
		`type=SYSCALL msg=audit(200.000:5001): syscall=4`,
	}, "\n")
	var order []string
	p := New(Options{})
	err := p.Scan(strings.NewReader(log), func(e *event.Event) error {
		order = append(order, fmt.Sprintf("%s:%d", e.Fields["syscall"], strings.Count(e.Raw, "\n")+1))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"1:2", "2:2", "3:1", "4:1"}; !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
}

func TestBoundedOpen(t *testing.T) {
	// Standalone records never closed by EOE: at most MaxOpen stay open.
	var sb strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&sb, "type=USER_END msg=audit(1.000:%d): pid=%d\n", i, i)
	}
	p := New(Options{MaxOpen: 8, SerialWindow: 1 << 40})
	n := 0
	err := p.Scan(strings.NewReader(sb.String()), func(e *event.Event) error {
		n++
		if len(p.open) > 8 {
			t.Fatalf("%d open", len(p.open))
		}
		return nil
	})
	if err != nil || n != 1000 {
		t.Fatalf("err %v, %d events", err, n)
	}
}

func TestSplitHugeEvent(t *testing.T) {
	var sb strings.Builder
	for range MaxEventRecords + 5 {
		sb.WriteString("type=PATH msg=audit(1.000:1): item=0 name=\"/x\"\n")
	}
	evs, st := scan(t, sb.String(), Options{})
	if len(evs) != 2 || st.Split != 1 || st.Records != MaxEventRecords+5 {
		t.Errorf("%d events, stats %+v", len(evs), st)
	}
}

func TestUnparsedAndLongLines(t *testing.T) {
	long := "type=SYSCALL msg=audit(1.000:1): comm=\"" + strings.Repeat("x", 2*MaxLine) + "\""
	log := "garbage\n\n" + long + "\r\ntype=UNKNOWN[1329] msg=?\ntype=EOE msg=audit(1.000:1): \n"
	evs, st := scan(t, log, Options{})
	if st.Lines != 5 || st.Unparsed != 2 || st.Truncated != 1 || st.Records != 2 || len(evs) != 1 ||
		!slices.Equal(st.UnparsedLines, []int64{1, 4}) {
		t.Errorf("%d events, stats %+v", len(evs), st)
	}
	if len(evs) == 1 && len(evs[0].Raw) > MaxLine+100 {
		t.Errorf("raw %d bytes", len(evs[0].Raw))
	}
}

func TestCallbackError(t *testing.T) {
	stop := errors.New("stop")
	p := New(Options{})
	err := p.Scan(strings.NewReader("type=A msg=audit(1.0:1): x=1\ntype=A msg=audit(1.0:900): x=1\n"), func(*event.Event) error { return stop })
	if !errors.Is(err, stop) {
		t.Errorf("err %v", err)
	}
}

// corpusDir is the auditd corpus: ../shared/corpus/logs beside the module.
func corpusFile(t *testing.T, name string) string {
	return filepath.Join(testcorpus.Path(t, "logs"), name)
}

func TestCorpus(t *testing.T) {
	tests := []struct {
		file     string
		lines    int64
		records  int64
		unparsed int64
		events   int
		types    map[string]int // events per Type
	}{
		// grep -c '' FILE; grep -vc 'msg=audit(' FILE;
		// events: grep -o 'msg=audit([0-9.:]*)' FILE | sort -u | wc -l
		{file: "auditd/go-libaudit_auparse_audit-rhel6.log", lines: 2, records: 2, events: 2,
			types: map[string]int{"audit_syscall": 1, "audit_user_cmd": 1}},
		// This file is a sampler of unrelated records: serial 479 (CWD,
		// EXECVE, PATH) and 17 are split by far-away serials, so events are
		// the runs of equal stamps:
		// awk 'match($0,/msg=audit\([0-9.:]*\)/){s=substr($0,RSTART,RLENGTH); if(s!=p)n++; p=s} END{print n}' → 49
		{file: "auditd/go-libaudit_auparse_audit-rhel7.log", lines: 50, records: 49, unparsed: 1, events: 49,
			// grep -c '^type=EXECVE' → 4; grep -c '^type=SOCKADDR' → 5
			types: map[string]int{"audit_execve": 4, "audit_sockaddr": 5, "audit_syscall": 3, "audit_user_login": 1}},
		{file: "auditd/go-libaudit_auparse_audit-ubuntu14.log", lines: 1, records: 1, events: 1,
			types: map[string]int{"audit_path": 1}},
		{file: "auditd/go-libaudit_auparse_audit-ubuntu16.log", lines: 3, records: 3, events: 3,
			types: map[string]int{"audit_user_login": 2, "audit_avc": 1}},
		{file: "auditd/go-libaudit_auparse_audit-ubuntu17.log", lines: 1, records: 1, events: 1,
			types: map[string]int{"audit_syscall": 1}},
		// AVC+SYSCALL+CWD+PATH share serial 293: 10 records, 7 stamps.
		{file: "auditd/go-libaudit_auparse_test2.log", lines: 10, records: 10, events: 7,
			types: map[string]int{"audit_avc": 1, "audit_login": 1, "audit_user_acct": 1}},
		// Interleaved SYSCALL/PROCTITLE pairs: 17 records, 10 stamps;
		// grep -c '^type=SYSCALL' → 7 syscall events.
		{file: "auditd/go-libaudit_auparse_test3.log", lines: 17, records: 17, events: 10,
			types: map[string]int{"audit_syscall": 7, "audit_add_group": 1, "audit_execve": 1, "audit_seccomp": 1}},
		// 29 records, 12 stamps; grep -c '^type=EXECVE' → 3.
		{file: "plaso/audit_enriched.log", lines: 29, records: 29, events: 12,
			types: map[string]int{"audit_execve": 3, "audit_login": 1, "audit_user_auth": 1, "audit_add_user": 1, "audit_del_user": 1}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			data, err := os.ReadFile(corpusFile(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			evs, st := scan(t, string(data), Options{File: tt.file})
			if st.Lines != tt.lines || st.Records != tt.records || st.Unparsed != tt.unparsed || len(evs) != tt.events {
				t.Errorf("stats %+v, %d events", st, len(evs))
			}
			got := map[string]int{}
			for _, e := range evs {
				got[e.Type]++
				if e.At.IsZero() || e.Raw == "" || e.Line < 1 {
					t.Errorf("incomplete event %+v", e)
				}
			}
			for typ, n := range tt.types {
				if got[typ] != n {
					t.Errorf("%s: %d events, want %d (all: %v)", typ, got[typ], n, got)
				}
			}
		})
	}
}

func TestCorpusValues(t *testing.T) {
	data, err := os.ReadFile(corpusFile(t, "plaso/audit_enriched.log"))
	if err != nil {
		t.Fatal(err)
	}
	evs, _ := scan(t, string(data), Options{})
	var cmds []string
	for _, e := range evs {
		if e.Type == "audit_execve" {
			cmds = append(cmds, e.Fields["command"])
		}
		if e.Type == "audit_user_auth" && (e.User != "root" || e.SrcIP != "172.23.112.1" || e.Fields["success"] != "no") {
			t.Errorf("user_auth %+v", e)
		}
	}
	// The EXECVE lines, decoded by hand: a2=67726570... is "grep -c . /etc/hostname".
	want := []string{"id", "/bin/sh -c grep -c . /etc/hostname", "/usr/bin/cat /tmp/my report.txt"}
	if !slices.Equal(cmds, want) {
		t.Errorf("commands %q", cmds)
	}

	data, err = os.ReadFile(corpusFile(t, "auditd/go-libaudit_auparse_audit-rhel6.log"))
	if err != nil {
		t.Fatal(err)
	}
	evs, _ = scan(t, string(data), Options{})
	if evs[0].Fields["exe"] != "/usr/libexec/strongswan/charon (deleted)" ||
		evs[1].Fields["command"] != "/usr/lib64/nagios/plugins/check_asterisk_sip_peers -p 107" {
		t.Errorf("hex decoding: %q %q", evs[0].Fields["exe"], evs[1].Fields["command"])
	}
}
