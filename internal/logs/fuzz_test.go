package logs

import (
	"io"
	"testing"
	"testing/fstest"
)

// FuzzOpen feeds hostile bytes to the decompressors and the sniffer:
// reading must end (with data or an error), never hang or panic.
func FuzzOpen(f *testing.F) {
	f.Add([]byte("Mar  1 10:00:01 web sshd[1]: x\n"))
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	f.Add([]byte("BZh91AY&SY"))
	f.Add([]byte{0xfd, '7', 'z', 'X', 'Z', 0, 0, 4})
	f.Add([]byte{0x28, 0xb5, 0x2f, 0xfd, 0, 0x58})
	f.Fuzz(func(t *testing.T, data []byte) {
		Sniff("x", data)
		Rotation(string(data))
		r, _, err := Open(fstest.MapFS{"f": {Data: data}}, "f")
		if err != nil {
			return
		}
		defer r.Close()
		n, _ := io.Copy(io.Discard, r)
		if limit := int64(len(data))*MaxRatio + MaxSlack; n > limit {
			t.Fatalf("read %d bytes from %d, past the limit", n, len(data))
		}
	})
}
