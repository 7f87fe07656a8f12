package logins

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/yingji/yingji/internal/event"
)

func BenchmarkScanWtmp(b *testing.B) {
	rec := make([]byte, 384)
	binary.LittleEndian.PutUint16(rec, 7)
	binary.LittleEndian.PutUint32(rec[4:], 4242)
	copy(rec[8:], "pts/0")
	copy(rec[44:], "root")
	copy(rec[76:], "203.0.113.45")
	binary.LittleEndian.PutUint32(rec[340:], 1710036000)
	copy(rec[348:], []byte{203, 0, 113, 45})
	data := bytes.Repeat(rec, 10000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if err := New(Options{}).Scan(bytes.NewReader(data), func(*event.Event) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLastlogSparse(b *testing.B) {
	// 65535 uids, 3 used: the cost is reading the holes.
	data := make([]byte, 65535*LastlogSize32)
	for _, uid := range []int{0, 1000, 65534} {
		copy(data[uid*LastlogSize32:], lastlogRecord(LastlogSize32, binary.LittleEndian, 1710036000, "pts/0", "h"))
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ScanLastlog(bytes.NewReader(data), LastlogOptions{}, func(*event.Event) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
