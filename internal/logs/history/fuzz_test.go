package history

import (
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/event"
)

// FuzzScan checks that no input panics, in every format, and that the
// counts agree with the events.
func FuzzScan(f *testing.F) {
	f.Add("#1599999999\nid\nmore\n#x\n#1\n", uint8(0))
	f.Add(": 1:0;a\\\nb\\\n: 2:3;c\x83\n", uint8(2))
	f.Add("- cmd: a\\nb\n  when: 5\n- cmd:\nstray\n", uint8(3))
	f.Fuzz(func(t *testing.T, s string, format uint8) {
		fm := [...]Format{FormatAuto, FormatBash, FormatZsh, FormatFish}[format%4]
		p := New(Options{Format: fm})
		var n, untimed int64
		err := p.Scan(strings.NewReader(s), func(e *event.Event) error {
			n++
			if e.At.IsZero() {
				untimed++
			}
			if e.Line < 1 || e.Type != event.TypeCommand {
				t.Fatalf("bad event %+v", e)
			}
			return nil
		})
		st := p.Stats()
		if err != nil || n != st.Commands || untimed != st.Untimed || st.Commands > st.Lines {
			t.Fatalf("err %v, %d events, stats %+v", err, n, st)
		}
	})
}
