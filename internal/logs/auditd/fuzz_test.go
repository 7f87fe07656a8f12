package auditd

import (
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/event"
)

// FuzzScan checks that no input makes the parser panic, that the stats
// add up (every non-blank line is a record or counted as unparsed) and
// that events keep their lines.
func FuzzScan(f *testing.F) {
	f.Add("type=SYSCALL msg=audit(1.000:1): syscall=59 exe=2F62696E comm=\"x\"\ntype=EXECVE msg=audit(1.000:1): argc=2 a0=\"a\" a1_len=4 a1[0]=6162 a1[1]=\"cd\"\ntype=EOE msg=audit(1.000:1):\n")
	f.Add("node=h type=USER_LOGIN msg=audit(2.5:9): msg='op=login acct=\"r\" addr=1.2.3.4 res=failed'\x1dAUID=\"unset\"\n")
	f.Add("type=X msg=audit(1.2:3) a=(b c=' d=\"\n\n\r\ngarbage")
	f.Add("type=EXECVE msg=audit(1.0:1): argc=99999999999 a4095[8191]=41 a-1=2 a1[-3]=4")
	f.Fuzz(func(t *testing.T, s string) {
		p := New(Options{MaxOpen: 4, SerialWindow: 8})
		var recLines int64
		err := p.Scan(strings.NewReader(s), func(e *event.Event) error {
			if e.Raw == "" || e.Source != event.SourceAuditd || !strings.HasPrefix(e.Type, "audit_") {
				t.Fatalf("bad event %+v", e)
			}
			recLines += int64(strings.Count(e.Raw, "\n") + 1)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		st := p.Stats()
		if recLines != st.Records || st.Records > st.Lines || st.Unparsed > st.Lines {
			t.Fatalf("stats %+v, %d lines in events", st, recLines)
		}
	})
}
