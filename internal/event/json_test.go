package event

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// reference encodes e with encoding/json, as AppendJSON must.
func reference(t testing.TB, e *Event) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func TestAppendJSON(t *testing.T) {
	zone := time.FixedZone("", 8*3600)
	events := []*Event{
		{},
		{Source: SourceSSHD, Raw: "x"},
		{At: time.Date(2026, 3, 1, 2, 0, 0, 123456789, zone), TimeGuessed: true, Host: "web", Source: SourceSSHD,
			Type: TypeSSHAccepted, User: "root", TargetUser: "t", SrcIP: "2001:db8::1", SrcPort: 52100, DstIP: "192.0.2.1",
			DstPort: 22, Process: "sshd", PID: 7, Message: "m", Raw: "Accepted <b> & \"q\" \\ \t\n\r\x00\x1f\x7f é \u2028\u2029 \xff\xfe end",
			File: "/var/log/auth.log", Line: 12, Fields: map[string]string{"z": "1", "a": "<&>", "auth_method": "publickey", "\xc3": "bad key"}},
		{At: time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC), Source: SourceWeb, Raw: "\x16\x03\x01", SrcPort: -1, Line: -3},
	}
	for i, e := range events {
		got := e.AppendJSON(nil)
		if want := reference(t, e); !bytes.Equal(got, want) {
			t.Errorf("event %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

func FuzzAppendJSON(f *testing.F) {
	f.Add("Failed password for root", "k", "v\xff", int64(3))
	f.Fuzz(func(t *testing.T, raw, k, v string, line int64) {
		e := &Event{Source: SourceSyslog, Raw: raw, Message: raw, Line: line, Fields: map[string]string{k: v}}
		if got, want := e.AppendJSON(nil), reference(t, e); !bytes.Equal(got, want) {
			t.Fatalf("got %s\nwant %s", got, want)
		}
	})
}
