package access

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/testcorpus"
)

// benchData is elastic-examples/apache_logs (10,000 combined lines)
// repeated to about 24 MB in memory.
func benchData(b *testing.B) ([]byte, int) {
	b.Helper()
	data, err := os.ReadFile(filepath.Join(testcorpus.Path(b, "logs"), "elastic-examples/apache_logs"))
	if err != nil {
		b.Skip(err)
	}
	const copies = 10
	return bytes.Repeat(data, copies), 10000 * copies
}

func benchScan(b *testing.B, opts Options) {
	data, lines := benchData(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		p := NewParser(opts)
		n := 0
		if err := p.Scan(bytes.NewReader(data), func(ev *event.Event) error {
			if ev.Type != "" {
				n++
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		if n != lines {
			b.Fatalf("%d parsed, want %d", n, lines)
		}
	}
	b.ReportMetric(float64(b.N)*float64(lines)/time.Since(start).Seconds(), "lines/s")
}

// BenchmarkScanCombined: detection, built-in parser.
func BenchmarkScanCombined(b *testing.B) { benchScan(b, Options{}) }

// BenchmarkScanCompiled: the same lines through the compiled-format
// matcher (a format the built-in parser does not stand in for).
func BenchmarkScanCompiled(b *testing.B) {
	f, err := ParseNginxFormat(`$remote_addr $http_x_ident $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`)
	if err != nil {
		b.Fatal(err)
	}
	benchScan(b, Options{Format: f})
}

// BenchmarkParseLine: one line, no I/O, to see the per-line cost.
func BenchmarkParseLine(b *testing.B) {
	line := []byte(`83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"`)
	p := NewParser(Options{})
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		if ev := p.line(line, 1, false); ev.Type == "" {
			b.Fatal("unparsed")
		}
	}
}
