package event

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/yingji/yingji/internal/sigma"
)

var _ sigma.Event = (*Event)(nil)

func TestField(t *testing.T) {
	e := &Event{At: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), Source: SourceSSHD, Type: TypeSSHAccepted,
		User: "root", SrcIP: "192.0.2.7", SrcPort: 52100, Raw: "raw line", Line: 7}
	e.Set(FieldAuthMethod, "publickey")
	e.Set(FieldKeyFingerprint, "")
	for _, c := range []struct {
		name, want string
		ok         bool
	}{
		{"time", "2026-03-01T10:00:00Z", true},
		{"source", "sshd", true},
		{"type", "ssh_accepted", true},
		{"user", "root", true},
		{"target_user", "", false},
		{"src_ip", "192.0.2.7", true},
		{"src_port", "52100", true},
		{"dst_port", "", false},
		{"line", "7", true},
		{"raw", "raw line", true},
		{"auth_method", "publickey", true},
		{"key_fingerprint", "", false}, // empty values are not stored
		{"status", "", false},
	} {
		got, ok := e.Field(c.name)
		if got != c.want || ok != c.ok {
			t.Errorf("Field(%q) = %q, %v; want %q, %v", c.name, got, ok, c.want, c.ok)
		}
	}
	// names of the lengths of the common ones, from Fields; the common
	// ones from the struct even when Fields has them too
	f := &Event{Host: "h", Process: "p", Message: "m", DstIP: "192.0.2.8", DstPort: 22, PID: 3, File: "/f", TargetUser: "t"}
	for _, k := range []string{"url", "path", "status", "referer", "protocol", "key_type_xx", "pid", "host", "process",
		"message", "dst_ip", "dst_port", "file", "target_user", "x"} {
		f.Set(k, "from the map")
	}
	for _, c := range []struct{ name, want string }{
		{"url", "from the map"}, {"path", "from the map"}, {"status", "from the map"}, {"referer", "from the map"},
		{"protocol", "from the map"}, {"key_type_xx", "from the map"}, {"x", "from the map"},
		{"pid", "3"}, {"host", "h"}, {"process", "p"}, {"message", "m"}, {"dst_ip", "192.0.2.8"}, {"dst_port", "22"},
		{"file", "/f"}, {"target_user", "t"},
	} {
		if got, ok := f.Field(c.name); got != c.want || !ok {
			t.Errorf("Field(%q) = %q, %v; want %q", c.name, got, ok, c.want)
		}
	}
	if e.Keywords() != "raw line" || !e.Time().Equal(e.At) {
		t.Error("Keywords or Time do not return the raw line and At")
	}
	if _, ok := (&Event{}).Field("time"); ok {
		t.Error("an event without a time has a time field")
	}
}

// TestDetach checks that a detached event equals the original and that
// its strings cut from the line are parts of its own copy of it.
func TestDetach(t *testing.T) {
	block := "previous line\nMar 27 13:08:09 h sshd[1361]: Failed password for root from 10.0.0.1 port 22 ssh2\nnext"
	raw := block[14 : len(block)-5]
	e := &Event{Raw: raw, Host: raw[16:17], Process: raw[18:22], User: raw[50:54], SrcIP: raw[60:68],
		Message: raw[30:], Source: SourceSSHD, Type: TypeSSHFailed, File: "/var/log/auth.log",
		TargetUser: block[:8], Fields: map[string]string{FieldAuthMethod: raw[37:45]}}
	c := e.Detach()
	if c.Host != "h" || c.User != "root" || c.SrcIP != "10.0.0.1" || c.Process != "sshd" || c.Raw != e.Raw {
		t.Fatalf("detached %+v", c)
	}
	if _, ok := within(c.Raw, block); ok {
		t.Error("Raw not copied")
	}
	for _, s := range []string{c.Host, c.Process, c.User, c.SrcIP, c.Message} {
		if _, ok := within(s, c.Raw); !ok {
			t.Errorf("%q is not a part of the copy", s)
		}
	}
	// not parts of the line: kept as they are
	if c.TargetUser != e.TargetUser || c.File != e.File || c.Source != SourceSSHD || c.Fields[FieldAuthMethod] != "password" {
		t.Errorf("detached %+v", c)
	}
	if d := (&Event{Host: "h"}).Detach(); d.Host != "h" {
		t.Errorf("no line: %+v", d)
	}
}

// TestDetachSizes checks Detach at the bounds of the allocations that
// hold an event with its line, and past them.
func TestDetachSizes(t *testing.T) {
	long := strings.Repeat("abcdefghij", 40)
	for _, n := range []int{1, 95, 96, 97, 159, 160, 161, 255, 256, 257, 400} {
		raw := long[:n]
		e := &Event{Raw: raw, Message: raw[n/2:], Host: raw[:1]}
		c := e.Detach()
		if c.Raw != raw || c.Message != e.Message || c.Host != e.Host {
			t.Fatalf("%d bytes: detached %+v", n, c)
		}
		if _, ok := within(c.Raw, long); ok {
			t.Errorf("%d bytes: Raw not copied", n)
		}
		for _, s := range []string{c.Message, c.Host} {
			if _, ok := within(s, c.Raw); !ok {
				t.Errorf("%d bytes: %q is not a part of the copy", n, s)
			}
		}
	}
}

// TestListFields checks an event that keeps its fields in itself
// against one with them in Fields: the same fields, by Field, in JSON
// and in the copies Take and Detach return; Reset keeps the choice.
func TestListFields(t *testing.T) {
	raw := "Mar 27 13:08:09 h sshd[1361]: Failed password for root from 10.0.0.1 port 22 ssh2"
	var l Event
	l.ListFields()
	for round := range 3 {
		l.Reset()
		m := &Event{Raw: raw, Source: SourceSSHD, Message: raw[30:], User: raw[50:54]}
		l.Raw, l.Source, l.Message, l.User = m.Raw, m.Source, m.Message, m.User
		sets := [][2]string{{FieldAuthMethod, raw[37:45]}, {FieldAuthFailure, "true"}, {FieldTTY, ""}, {"z", "1"}, {FieldAuthMethod, "publickey"}, {"a", "\"q\""}}
		for _, s := range sets[:3+round] {
			m.Set(s[0], s[1])
			l.Set(s[0], s[1])
		}
		if l.Fields != nil {
			t.Fatalf("round %d: fields listed and in a map", round)
		}
		for _, name := range []string{FieldAuthMethod, FieldAuthFailure, FieldTTY, "z", "a", "user", "raw"} {
			gv, gok := l.Field(name)
			wv, wok := m.Field(name)
			if gv != wv || gok != wok {
				t.Errorf("round %d: Field(%q) = %q, %v; want %q, %v", round, name, gv, gok, wv, wok)
			}
		}
		want := m.AppendJSON(nil)
		if got := l.AppendJSON(nil); !bytes.Equal(got, want) {
			t.Errorf("round %d:\n got %s\nwant %s", round, got, want)
		}
		if got := reference(t, l.Detach()); !bytes.Equal(got, want) {
			t.Errorf("round %d, detached:\n got %s\nwant %s", round, got, want)
		}
		if got := reference(t, l.Take()); !bytes.Equal(got, want) {
			t.Errorf("round %d, taken:\n got %s\nwant %s", round, got, want)
		}
		if v, ok := l.Field(FieldAuthFailure); !ok || v != "true" {
			t.Errorf("round %d: the fields went with the copy taken", round)
		}
	}
	l.Reset()
	if _, ok := l.Field(FieldAuthFailure); ok || l.AppendJSON(nil) == nil || bytes.Contains(l.AppendJSON(nil), []byte("fields")) {
		t.Errorf("reset: %s", l.AppendJSON(nil))
	}
	l.Set("k", "v")
	if l.Fields != nil {
		t.Error("reset: the fields went to a map")
	}
}

// TestEventSize holds Event to the size newWithBytes's allocations are
// made for.
func TestEventSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) == 8 && unsafe.Sizeof(Event{}) != 256 {
		t.Errorf("Event is %d bytes: see eventBytes96", unsafe.Sizeof(Event{}))
	}
}
