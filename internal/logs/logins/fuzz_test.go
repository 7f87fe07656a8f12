package logins

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/yingji/yingji/internal/event"
)

// FuzzScan checks that no input panics and that every record position is
// an event, an empty slot or a problem.
func FuzzScan(f *testing.F) {
	f.Add(make([]byte, 384*2+7), false)
	rec := make([]byte, 384)
	binary.LittleEndian.PutUint16(rec, 7)
	copy(rec[44:], "root")
	copy(rec[76:], "1.2.3.4")
	f.Add(rec, true)
	f.Add(append(lastlogRecord(LastlogSize32, binary.LittleEndian, 1710036000, "tty1", "h"), 9), false)
	f.Fuzz(func(t *testing.T, data []byte, btmp bool) {
		src := event.SourceWtmp
		if btmp {
			src = event.SourceBtmp
		}
		p := New(Options{Source: src})
		var n int64
		if err := p.Scan(bytes.NewReader(data), func(e *event.Event) error {
			n++
			if e.Raw == "" || e.Line < 1 || (btmp && e.Type != event.TypeLoginFailed && e.Type != event.TypeCorruptedRecord) {
				t.Fatalf("bad event %+v", e)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		st := p.Stats()
		if n != st.Events || st.Events+st.Empty != st.Records {
			t.Fatalf("%d events, stats %+v", n, st)
		}
		var m int64
		lst, err := ScanLastlog(bytes.NewReader(data), LastlogOptions{FileSize: int64(len(data))}, func(*event.Event) error { m++; return nil })
		if err != nil || m != lst.Events || lst.Events+lst.Empty != lst.Records {
			t.Fatalf("lastlog: err %v, %d events, stats %+v", err, m, lst)
		}
	})
}
