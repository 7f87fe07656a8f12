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
	f.Add("Failed password for root", "k", "v\xff", int64(3), uint8(0))
	f.Add("h sshd[1]: \xe4\xbd\xa0\xe2\x80\xa8 \"x\"", "k", "v", int64(3), uint8(13))
	f.Fuzz(func(t *testing.T, raw, k, v string, line int64, cut uint8) {
		// the message is the end of the line, cut anywhere, even inside
		// a character
		msg := raw[min(int(cut), len(raw)):]
		// other parts of the line too, as parsers cut them (written
		// as they are when the line needs no escape)
		part := raw[:min(int(cut)/2, len(raw))]
		e := &Event{Source: SourceSyslog, Raw: raw, Message: msg, User: part, SrcIP: msg[:len(msg)/2], Line: line,
			Fields: map[string]string{k: v, "part": part}}
		if got, want := e.AppendJSON(nil), reference(t, e); !bytes.Equal(got, want) {
			t.Fatalf("got %s\nwant %s", got, want)
		}
		// an Encoder, with what it keeps from one event to the next
		var enc Encoder
		for i, f := range []string{k, k, v, k} {
			e.File, e.Host, e.TimeGuessed = f, f, i%2 == 0
			e.At = time.Unix(int64(uint32(line>>(i%2))), int64(cut)*1000).In(time.FixedZone("", int(cut%3)*1800))
			if got, want := enc.Append(nil, e), reference(t, e); !bytes.Equal(got, want) {
				t.Fatalf("encoder, event %d: got %s\nwant %s", i, got, want)
			}
		}
	})
}

// BenchmarkAppendJSON encodes a typical sshd event, as logs --events
// does for every line.
func BenchmarkAppendJSON(b *testing.B) {
	raw := "Mar 27 13:08:09 ip-10-77-20-248 sshd[1361]: Failed password for invalid user admin from 85.245.107.41 port 54259 ssh2"
	e := &Event{At: time.Date(2026, 3, 27, 13, 8, 9, 0, time.UTC), TimeGuessed: true, Host: "ip-10-77-20-248",
		Source: SourceSSHD, Type: TypeSSHInvalidUser, User: "admin", SrcIP: "85.245.107.41", SrcPort: 54259,
		Process: "sshd", PID: 1361, Message: raw[45:], Raw: raw, File: "/var/log/auth.log", Line: 1234,
		Fields: map[string]string{FieldAuthMethod: "password", FieldAuthFailure: "true"}}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = e.AppendJSON(buf[:0])
	}
}
