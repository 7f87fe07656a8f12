package auditd

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/event"
)

// benchLog is a typical execve-audited log: SYSCALL, EXECVE, CWD, 2 PATH,
// PROCTITLE and EOE per event, plus a USER_LOGIN every tenth event.
func benchLog(events int) string {
	var sb strings.Builder
	for i := range events {
		s := fmt.Sprintf("msg=audit(1783414661.%03d:%d):", i%1000, 1000+i)
		sb.WriteString("type=SYSCALL " + s + ` arch=c000003e syscall=59 success=yes exit=0 a0=56111137e810 a1=561111382480 a2=561111385020 a3=21 items=2 ppid=2176 pid=2219 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=8 comm="id" exe="/usr/bin/id" subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023 key="exec"` + "\n")
		sb.WriteString("type=EXECVE " + s + ` argc=3 a0="/bin/sh" a1="-c" a2=67726570202D63202E202F6574632F686F73746E616D65` + "\n")
		sb.WriteString("type=CWD " + s + ` cwd="/root"` + "\n")
		sb.WriteString("type=PATH " + s + ` item=0 name="/bin/sh" inode=8437791 dev=fc:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL` + "\n")
		sb.WriteString("type=PATH " + s + ` item=1 name="/lib64/ld-linux-x86-64.so.2" inode=27086311 dev=fc:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL` + "\n")
		sb.WriteString("type=PROCTITLE " + s + ` proctitle=2F62696E2F7368002D630067726570202D63202E202F6574632F686F73746E616D65` + "\n")
		sb.WriteString("type=EOE " + s + "\n")
		if i%10 == 0 {
			sb.WriteString("type=USER_LOGIN " + s + ` pid=12635 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=179.38.151.221 terminal=sshd res=failed'` + "\n")
		}
	}
	return sb.String()
}

func BenchmarkScan(b *testing.B) {
	log := benchLog(2000)
	b.SetBytes(int64(len(log)))
	b.ReportAllocs()
	for b.Loop() {
		p := New(Options{})
		if err := p.Scan(strings.NewReader(log), func(*event.Event) error { return nil }); err != nil && err != io.EOF {
			b.Fatal(err)
		}
	}
}
