package event

import (
	"bytes"
	"encoding/json"
	"strings"
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
			e.Process, e.PID, e.SrcPort = []string{part, msg, k, part}[i], int(line)>>(i*8), int(cut)*i
			if got, want := enc.Append(nil, e), reference(t, e); !bytes.Equal(got, want) {
				t.Fatalf("encoder, event %d: got %s\nwant %s", i, got, want)
			}
		}
		// the fields kept in the event itself, stored in turn
		l := *e
		l.Fields = nil
		l.ListFields()
		m := *e
		m.Fields = nil
		for _, kv := range [][2]string{{"part", part}, {k, v}, {v, k}, {"part", msg}} {
			l.Set(kv[0], kv[1])
			m.Set(kv[0], kv[1])
			want := reference(t, &m)
			if got := l.AppendJSON(nil); !bytes.Equal(got, want) {
				t.Fatalf("listed: got %s\nwant %s", got, want)
			}
			if got := enc.Append(nil, &l); !bytes.Equal(got, want) {
				t.Fatalf("listed, encoder: got %s\nwant %s", got, want)
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

// TestEncoderCaches runs an Encoder over events whose times, pids, line
// numbers, hosts, files, sources, types and fields change the ways those of a log do (seconds apart, across
// minutes, hours, days and changes of UTC offset, line after line) and some
// ways they rarely do, and compares each with AppendJSON.
func TestEncoderCaches(t *testing.T) {
	var zones []*time.Location
	for _, name := range []string{"UTC", "America/New_York", "Australia/Lord_Howe", "Europe/Amsterdam", "Asia/Kolkata"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Skip(err) // no zoneinfo
		}
		zones = append(zones, loc)
	}
	zones = append(zones, time.FixedZone("", -3*3600-1800))
	starts := []time.Time{
		time.Date(2026, 3, 8, 1, 58, 30, 0, time.UTC),        // New York's change of offset in March (UTC 07:00 is later)
		time.Date(2026, 3, 8, 6, 59, 0, 0, time.UTC),         // ... at it
		time.Date(2026, 4, 4, 14, 59, 0, 0, time.UTC),        // Lord Howe's half-hour change
		time.Date(1890, 1, 1, 0, 0, 0, 0, time.UTC),          // offsets with seconds (local mean time)
		time.Date(2026, 12, 31, 23, 59, 0, 0, time.UTC),      // a new year
		time.Date(9999, 12, 31, 23, 59, 0, 0, time.UTC),      // past the four-digit years
		time.Date(2026, 5, 1, 10, 0, 0, 500, time.UTC),       // fractions
		time.Date(-1, 5, 1, 10, 0, 0, 0, time.UTC),           // a negative year
		time.Date(2026, 10, 25, 0, 59, 55, 0, time.UTC),      // Amsterdam's change in October
		time.Date(2026, 11, 1, 5, 59, 50, 0, time.UTC),       // New York's in November
		time.Date(2026, 6, 1, 0, 0, 0, 999999999, time.UTC),  // a fraction up to the next second
		time.Date(2026, 6, 1, 0, 0, 59, 0, time.UTC).Local(), // time.Local
	}
	steps := []time.Duration{0, time.Second, 7 * time.Second, 0, 30 * time.Second, 59 * time.Second, time.Minute,
		-time.Second, 2 * time.Second, time.Nanosecond, time.Second - time.Nanosecond, 3 * time.Hour, time.Second,
		17 * time.Hour, 23*time.Hour + 59*time.Minute + 59*time.Second, 59 * time.Minute, time.Second}
	lines := []int64{1, 2, 3, 9, 10, 11, 99, 100, 101, 101, 999, 1000, 5, 6, -1, 0, 1, 99999, 100000, 100001}
	pids := []int{0, 7, 7, 1234, 1234, 0, 1234, 99, 99}
	fieldSets := []map[string]string{nil, {"a": "1"}, {"a": "1", "b": "2"}, {"b": "3", "a": "4"}, {"a": "1", "c": "2"},
		{}, {"c": "x"}, {"c": "y"}, {"\xff": "\x00", "a": "1"}, {"a": "1", "c": "2", "b": "\"q\""}}
	// names made anew, and parts of one string that start at the same
	// byte: the same bytes at another address, other bytes at the same
	// address
	made := strings.Clone(TypeSSHFailed + "x")
	sources := []string{SourceSSHD, SourceSSHD, SourceSudo, "", "\xff", SourceSSHD, strings.Clone(SourceSSHD), made}
	types := []string{"", TypeSSHFailed, TypeSSHFailed, TypeSudo, "\"", "", made[:len(TypeSSHFailed)], made, made[:3], strings.Clone(TypeSudo)}
	hosts := []string{"h", "h", "g", "", "h", "\"q\"", "\"q\"", "h"}
	files := []string{"/f", "/f", "/g", "", "/f", "/\xff", "/\xff"}
	e := &Event{Host: "h", Source: SourceSSHD, Raw: "r", File: "/f"}
	for _, start := range starts {
		for _, loc := range zones {
			var enc Encoder
			at := start.In(loc)
			for i := range 200 {
				e.At = at
				e.Line = lines[i%len(lines)]
				e.PID = pids[i%len(pids)]
				e.Fields = fieldSets[i%len(fieldSets)]
				e.Source, e.Type = sources[i%len(sources)], types[i%len(types)]
				e.Host, e.File = hosts[i%len(hosts)], files[i%len(files)]
				e.TimeGuessed = i%3 == 0
				if got, want := enc.Append(nil, e), e.AppendJSON(nil); !bytes.Equal(got, want) {
					t.Fatalf("%v in %v, event %d:\n got %s\nwant %s", start, loc, i, got, want)
				}
				at = at.Add(steps[i%len(steps)])
			}
		}
	}
}

// BenchmarkEncoder encodes the events of a log with an Encoder, as logs
// --events does: one host and file, line after line, a few a second.
func BenchmarkEncoder(b *testing.B) {
	raw := "Mar 27 13:08:09 ip-10-77-20-248 sshd[1361]: Failed password for invalid user admin from 85.245.107.41 port 54259 ssh2"
	e := &Event{At: time.Date(2026, 3, 27, 13, 8, 9, 0, time.UTC), TimeGuessed: true, Host: raw[16:31],
		Source: SourceSSHD, Type: TypeSSHInvalidUser, User: raw[78:83], SrcIP: raw[89:102], SrcPort: 54259,
		Process: raw[32:36], PID: 1361, Message: raw[44:], Raw: raw, File: "/var/log/auth.log", Line: 1234,
		Fields: map[string]string{FieldAuthMethod: raw[51:59], FieldAuthFailure: "true"}}
	var enc Encoder
	var buf []byte
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e.Line++
		if i%4 == 0 {
			e.At = e.At.Add(time.Second)
		}
		buf = enc.Append(buf[:0], e)
	}
}

// TestIsPlain holds isPlain to its definition, byte by byte: every
// length up to past two blocks of 32, with each kind of byte that needs
// an escape (and the plain bytes at the edges of the ranges) at every
// position, alone and after another.
func TestIsPlain(t *testing.T) {
	plainRef := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if !plainByte[s[i]] {
				return false
			}
		}
		return true
	}
	specials := []byte{0x00, 0x01, 0x02, 0x03, 0x1d, 0x1e, 0x1f, 0x20, '!', '"', '#', '$', '%', '&', '[', '\\', ']', 0x5d, 0x5e, 0x7e, 0x7f, 0x80, 0x82, 0xa2, 0xc3, 0xdc, 0xff}
	for n := 0; n <= 70; n++ {
		base := []byte(strings.Repeat("a", n))
		if !isPlain(string(base)) {
			t.Fatalf("%q: not plain", base)
		}
		for i := 0; i < n; i++ {
			for _, c := range specials {
				s := bytes.Clone(base)
				s[i] = c
				if got, want := isPlain(string(s)), plainRef(string(s)); got != want {
					t.Fatalf("isPlain(%q) = %v, want %v", s, got, want)
				}
				// a second one after it: a borrow from the first must
				// not hide or invent the second
				for j := i + 1; j < n && j < i+10; j++ {
					s2 := bytes.Clone(s)
					s2[j] = c ^ 0x20
					if got, want := isPlain(string(s2)), plainRef(string(s2)); got != want {
						t.Fatalf("isPlain(%q) = %v, want %v", s2, got, want)
					}
				}
			}
		}
	}
}

// TestEscapes holds escapes to plainByte for every byte at every place
// in a word, alone and before every other byte: a borrow from one must
// not hide or invent another.
func TestEscapes(t *testing.T) {
	for i := range 8 {
		for c := range 256 {
			w := []byte("aaaaaaaa")
			w[i] = byte(c)
			if got, want := escapes(word(string(w), 0)) != 0, !plainByte[c]; got != want {
				t.Fatalf("escapes(%q) = %v, want %v", w, got, want)
			}
			if i == 7 {
				continue
			}
			for d := range 256 {
				w[i+1] = byte(d)
				if got, want := escapes(word(string(w), 0)) != 0, !plainByte[c] || !plainByte[d]; got != want {
					t.Fatalf("escapes(%q) = %v, want %v", w, got, want)
				}
			}
		}
	}
}

// TestEncoderParts runs an Encoder over events whose processes, pids,
// ports, users, addresses, messages and fields (in a map or kept in the
// event) change the ways those of a log do, with lines that need an
// escape and lines that do not, and compares each with AppendJSON and
// encoding/json.
func TestEncoderParts(t *testing.T) {
	lines := []string{
		"Mar 27 13:08:09 h sshd[1361]: Failed password for root from 10.0.0.1 port 22 ssh2",
		"Mar 27 13:08:09 h CRON[7]: pam_unix(cron:session): session opened for user \"root\" by (uid=0)",
		"Mar 27 13:08:10 h sshd[1362]: Accepted publickey for bob from ::1 port 2222 ssh2: RSA SHA256:x\xff",
		"Mar 27 13:08:10 h sudo:      u : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/sh -c 'a\\b'",
		"x",
	}
	processes := []string{"sshd", "sshd", "CRON", "", "sshd\"", "sshd"}
	pids := []int{1361, 1361, 7, 0, 1362, 1361 + 64, 1361, -1}
	ports := []int{22, 22, 2222, 0, 22, -5}
	keys := [][]string{nil, {FieldAuthMethod}, {FieldAuthMethod, FieldAuthFailure}, {FieldAuthFailure, FieldAuthMethod},
		{"b", "a", "c"}, {FieldAuthMethod, FieldAuthFailure}, {"\xff"}, {FieldTTY, FieldCommand, FieldCwd}}
	var enc Encoder
	for i := range 300 {
		raw := lines[i%len(lines)]
		part := func(n int) string { return raw[min(n, len(raw)):min(n+4, len(raw))] }
		e := &Event{At: time.Date(2026, 3, 27, 13, 8, 9+i/7, 0, time.UTC), TimeGuessed: true, Host: "h", Source: SourceSSHD,
			Raw: raw, File: "/var/log/auth.log", Line: int64(i + 1)}
		switch i % 3 {
		case 0:
			e.Message = raw[min(30, len(raw)):]
		case 1:
			e.Message = strings.Clone(raw[min(30, len(raw)):]) // not a part of the line
		}
		e.Process = processes[i%len(processes)]
		if i%4 == 0 {
			e.Process = part(18) // a part of the line
		}
		e.PID, e.SrcPort = pids[i%len(pids)], ports[i%len(ports)]
		if i%5 != 0 {
			e.User, e.SrcIP = part(50), part(60)
		}
		if i%7 == 0 {
			e.TargetUser, e.DstIP, e.DstPort = "root", "192.0.2.1", 22
		}
		ks := keys[i%len(keys)]
		listed := i%2 == 0
		if listed {
			e.ListFields()
		}
		m := map[string]string{}
		for j, k := range ks {
			v := part(40 + j)
			if j == 1 {
				v = "true"
			}
			e.Set(k, v)
			if v != "" {
				m[k] = v
			}
		}
		want := e.AppendJSON(nil)
		r := *e
		r.list, r.Fields = nil, m
		if len(m) == 0 {
			r.Fields = nil
		}
		if ref := reference(t, &r); !bytes.Equal(want, ref) {
			t.Fatalf("event %d (listed %v):\n got %s\nwant %s", i, listed, want, ref)
		}
		if got := enc.Append(nil, e); !bytes.Equal(got, want) {
			t.Fatalf("encoder, event %d (listed %v):\n got %s\nwant %s", i, listed, got, want)
		}
	}
}
