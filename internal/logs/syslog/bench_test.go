package syslog

import (
	"bytes"
	"os"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/testcorpus"
)

func benchScan(b *testing.B, data []byte) {
	lines := bytes.Count(data, []byte{'\n'})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := NewParser(Options{Reference: time.Date(2017, 12, 31, 0, 0, 0, 0, time.UTC), Location: time.UTC})
		n := 0
		if err := p.Scan(bytes.NewReader(data), func(*event.Event) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(lines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
}

// BenchmarkElasticAuthLog100 scans elastic's auth.log (7121 lines, mostly
// sshd) concatenated 100 times in memory.
func BenchmarkElasticAuthLog100(b *testing.B) {
	data, err := os.ReadFile(testcorpus.Path(b, elasticAuth))
	if err != nil {
		b.Fatal(err)
	}
	benchScan(b, bytes.Repeat(data, 100))
}

// BenchmarkLinux2k scans loghub's Linux_2k.log (old sshd(pam_unix) lines;
// benchmark-only data) concatenated 100 times.
func BenchmarkLinux2k(b *testing.B) {
	data, err := os.ReadFile(testcorpus.Path(b, "logs/loghub/Linux_2k.log"))
	if err != nil {
		b.Fatal(err)
	}
	benchScan(b, bytes.Repeat(data, 100))
}

// BenchmarkElasticAuthLogReused scans elastic's auth.log once per
// iteration the way logs --events does: the event reused, the lines in
// shared blocks.
func BenchmarkElasticAuthLogReused(b *testing.B) {
	data, err := os.ReadFile(testcorpus.Path(b, elasticAuth))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		p := NewParser(Options{Reference: time.Date(2017, 12, 31, 0, 0, 0, 0, time.UTC), Location: time.UTC, Reuse: true, SharedLines: true})
		if err := p.Scan(bytes.NewReader(data), func(*event.Event) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
