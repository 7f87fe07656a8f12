package syslog

import (
	"bytes"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/event"
)

var fuzzSeeds = []string{
	"Mar  1 10:00:01 host sshd[1]: Failed password for invalid user x from 1.2.3.4 port 22 ssh2",
	"Mar  1 10:00:01 host sshd[1]: Accepted publickey for u from ::1 port 2 ssh2: RSA SHA256:x",
	"Mar  1 10:00:01 host sshd[1]: message repeated 3 times: [ Failed password for root from 1.2.3.4 port 22 ssh2]",
	"Mar  1 10:00:01 host sshd[1]: Disconnecting: Too many authentication failures [preauth]",
	"Mar  1 10:00:01 host sshd[1]: Received disconnect from 1.2.3.4 port 9:3: x: Auth fail [preauth]",
	"Mar  1 10:00:01 host sshd(pam_unix)[1]: authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=h  user=root",
	"2026-03-01T10:00:01.123456+08:00 host sudo:   u : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/sh",
	"<34>1 2026-03-01T10:00:01.003Z host app 123 ID47 [a b=\"\\]\"] msg",
	"Mar  1 10:00:01 host useradd[2]: new user: name=x, UID=0, GID=0, home=/x, shell=/bin/sh",
	"Mar  1 10:00:01 host usermod[2]: change user 'x' shell from '/bin/sh' to '/bin/bash'",
	"Mar  1 10:00:01 host su[2]: (to root) u on pts/0",
	"Mar  1 10:00:01 host CRON[2]: (root) CMD (x))",
	"Mar  1 10:00:01 host systemd[1]: Started session-3.scope - Session 3 of User bob.",
	"Mar  1 10:00:01 host kernel: [ 1.0] x",
	"\tcontinued",
	"Nov 18 01:15:43: --- last message repeated 5 times ---",
}

// FuzzParseLine feeds arbitrary lines, after a few real ones so the
// connection table and the year are in use; the parser must not panic
// and must keep the raw line.
func FuzzParseLine(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		p := NewParser(Options{Reference: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Location: time.UTC})
		for _, s := range fuzzSeeds[:5] {
			p.ParseLine([]byte(s), 1)
		}
		e, ok := p.ParseLine(line, 2)
		trimmed := bytes.TrimRight(line, "\r\n")
		if !ok {
			if len(trimmed) != 0 {
				t.Fatalf("no event for %q", line)
			}
			return
		}
		if e.Raw != string(trimmed) || e.Line != 2 {
			t.Fatalf("raw %q of %q", e.Raw, line)
		}
		if IsAuthFailure(e) && e.SrcIP == "" {
			t.Fatalf("failure without address: %q", line)
		}
		s := p.Stats()
		if s.Lines != s.Parsed+s.Unparsed+s.Empty {
			t.Fatalf("stats %+v", s)
		}
	})
}

// FuzzScan feeds arbitrary files: every non-empty line gives one event,
// the same whether the parser reuses its events (and shares its lines,
// whose strings must stay as they were, and keeps their fields in them)
// or not, and whether it reuses the time, host and tag of the lines
// before or not.
func FuzzScan(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s + "\n" + s))
	}
	f.Add([]byte("Mar  1 10:00:01 h sshd[1]: a\nMar  1 10:00:01 h sshd[1]:x y\nMar  1 10:00:01 h sshd[1]:\n" +
		"Mar  1 10:00:01 sshd[1]: a\nMar  1 10:00:01 sshd[1]:x y\nMar  1 10:00:01 h  sshd:  b \nMar  1 10:00:01 h  sshd:c"))
	f.Add([]byte("Mar  1 10:00:01 h sshd[1]: a\nMar  1 10:00:01 h sshd[22]: b\nMar  1 10:00:01 h sshd[3]x\n" +
		"Mar  1 10:00:01 h sshd[4] : c\nMar  1 10:00:01 h sshd[1234567890]: d\nMar  1 10:00:01 h sshd[5]:\n" +
		"Mar  1 10:00:01 h sshd[]: e\nMar  1 10:00:01 h sshd[6]:f\nMar  1 10:00:01 h sshd[7\nMar  1 10:00:01 h sshd[08]:  g "))
	// programs and hosts in turn, whose tags the parser keeps several of
	f.Add([]byte("Mar  1 10:00:01 h sshd[1]: a\nMar  1 10:00:01 h CRON[2]: b\nMar  1 10:00:01 h sshd[1]: c\n" +
		"Mar  1 10:00:01 h sshd[3]: d\nMar  1 10:00:01 h systemd-logind[4]: e\nMar  1 10:00:01 h systemd: f\n" +
		"Mar  1 10:00:01 hh sshd[1]: g\nMar  1 10:00:01 h sshd[1]: h\nMar  1 10:00:01 h sshd(pam_unix)[5]: i\n" +
		"Mar  1 10:00:01 h CRON[2]: j\nMar  1 10:00:01 h CRONX[2]: k\nMar  1 10:00:01 h su: l\nMar  1 10:00:01 h sudo: m"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := NewParser(Options{Location: time.UTC})
		n := int64(0)
		var fresh []*event.Event
		err := p.Scan(bytes.NewReader(data), func(e *event.Event) error {
			if e.Line <= n {
				t.Fatalf("line %d after %d", e.Line, n)
			}
			n = e.Line
			fresh = append(fresh, e)
			p.last.ok = false // every time read anew
			p.tagPos = 0      // and every host and tag
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		s := p.Stats()
		if s.Lines != s.Parsed+s.Unparsed+s.Empty {
			t.Fatalf("stats %+v", s)
		}
		p = NewParser(Options{Location: time.UTC, Reuse: true, SharedLines: true})
		i := 0
		var raws, msgs []string // kept as they came: they must stay so
		p.Scan(bytes.NewReader(data), func(e *event.Event) error {
			if i >= len(fresh) || !bytes.Equal(e.AppendJSON(nil), fresh[i].AppendJSON(nil)) {
				t.Fatalf("event %d differs when reused", i)
			}
			raws, msgs = append(raws, e.Raw), append(msgs, e.Message)
			i++
			return nil
		})
		if i != len(fresh) {
			t.Fatalf("%d events reused, %d fresh", i, len(fresh))
		}
		// the fields kept in the events themselves, read as logs
		// --events reads them
		p = NewParser(Options{Location: time.UTC, Reuse: true, SharedLines: true, ListFields: true})
		i = 0
		var enc event.Encoder
		p.Scan(bytes.NewReader(data), func(e *event.Event) error {
			f := fresh[i]
			want := f.AppendJSON(nil)
			if got := e.AppendJSON(nil); !bytes.Equal(got, want) {
				t.Fatalf("event %d with its fields listed:\n got %s\nwant %s", i, got, want)
			}
			if got := enc.Append(nil, e); !bytes.Equal(got, want) {
				t.Fatalf("event %d with its fields listed, encoded:\n got %s\nwant %s", i, got, want)
			}
			if e.Fields != nil {
				t.Fatalf("event %d: fields listed and in a map", i)
			}
			for k, v := range f.Fields {
				if got, ok := e.Field(k); !ok || got != v {
					t.Fatalf("event %d: field %s = %q, %v; want %q", i, k, got, ok, v)
				}
			}
			if IsAuthFailure(e) != IsAuthFailure(f) || Repeat(e) != Repeat(f) {
				t.Fatalf("event %d: auth failure or repeat differs", i)
			}
			i++
			return nil
		})
		if i != len(fresh) {
			t.Fatalf("%d events with their fields listed, %d fresh", i, len(fresh))
		}
		for i, e := range fresh {
			if raws[i] != e.Raw || msgs[i] != e.Message {
				t.Fatalf("event %d: shared line %q (message %q) became %q (%q)", i, e.Raw, e.Message, raws[i], msgs[i])
			}
		}
	})
}
