package logs

import (
	"bytes"
	"context"
	"os"
	"testing"
	"testing/fstest"
	"time"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/testcorpus"
	"github.com/yingji/yingji/rules"
)

// benchAuth is the elastic auth.log repeated: a real Internet-facing
// sshd's lines.
func benchAuth(b *testing.B, copies int) (fstest.MapFS, []File, int64) {
	data, err := os.ReadFile(testcorpus.Path(b, "logs/elastic-examples/auth.log"))
	if err != nil {
		b.Fatal(err)
	}
	big := bytes.Repeat(data, copies)
	lines := int64(bytes.Count(big, []byte("\n")))
	fsys := fstest.MapFS{"auth.log": {Data: big, ModTime: time.Date(2017, 12, 31, 0, 0, 0, 0, time.UTC)}}
	files := []File{{Path: "auth.log", Kind: KindSyslog, Set: "auth.log", ModTime: time.Date(2017, 12, 31, 0, 0, 0, 0, time.UTC)}}
	b.SetBytes(int64(len(big)))
	return fsys, files, lines
}

// BenchmarkAnalyzeAuthLog measures parsing and detection (the Sigma rules
// and correlations) of sshd lines.
func BenchmarkAnalyzeAuthLog(b *testing.B) { benchAnalyze(b, 20) }

// benchAnalyze runs the detections on copies of auth.log.
func benchAnalyze(b *testing.B, copies int) {
	fsys, files, lines := benchAuth(b, copies)
	set, err := rules.SigmaSet()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		Analyze(context.Background(), fsys, files, set, Options{Location: time.UTC}, nil)
	}
	b.ReportMetric(float64(lines*int64(b.N))/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkReadAuthLog measures parsing alone, with the events reused
// as logs --events reads them.
func BenchmarkReadAuthLog(b *testing.B) {
	fsys, files, lines := benchAuth(b, 20)
	b.ResetTimer()
	for b.Loop() {
		Read(context.Background(), fsys, files, Options{Location: time.UTC, Reuse: true}, func(string, *event.Event) error { return nil })
	}
	b.ReportMetric(float64(lines*int64(b.N))/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkEventsAuthLog measures logs --events: parsing with the lines
// shared, the events reused and their fields kept in them, and encoding
// every event as JSON.
func BenchmarkEventsAuthLog(b *testing.B) {
	fsys, files, lines := benchAuth(b, 20)
	buf := make([]byte, 0, 256<<10)
	b.ResetTimer()
	for b.Loop() {
		var enc event.Encoder
		Read(context.Background(), fsys, files, Options{Location: time.UTC, Reuse: true, Forget: true, ListFields: true}, func(_ string, e *event.Event) error {
			if len(buf) > 200<<10 {
				buf = buf[:0]
			}
			buf = append(enc.Append(buf, e), '\n')
			return nil
		})
	}
	b.ReportMetric(float64(lines*int64(b.N))/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkAnalyzeAuthLog1 is BenchmarkAnalyzeAuthLog on one copy of the
// log, for counting instructions.
func BenchmarkAnalyzeAuthLog1(b *testing.B) { benchAnalyze(b, 1) }
