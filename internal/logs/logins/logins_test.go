package logins

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/testcorpus"
	"github.com/yingji/yingji/internal/utmp"
)

func scan(t testing.TB, data []byte, opts Options) ([]*event.Event, Stats) {
	t.Helper()
	p := New(opts)
	var evs []*event.Event
	if err := p.Scan(bytes.NewReader(data), func(e *event.Event) error {
		evs = append(evs, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return evs, p.Stats()
}

func TestEvent(t *testing.T) {
	at := time.Date(2024, 3, 10, 2, 11, 1, 0, time.UTC)
	tests := []struct {
		name   string
		rec    utmp.Record
		source string
		typ    string
		ip     string
		fields map[string]string
	}{
		{"login", utmp.Record{Type: utmp.UserProcess, PID: 7, Line: "pts/0", User: "alice", Host: "198.51.100.10",
			Addr: netip.MustParseAddr("198.51.100.10"), Time: at}, event.SourceWtmp, event.TypeLogin, "198.51.100.10",
			map[string]string{"tty": "pts/0", "ut_type": "USER_PROCESS"}},
		{"login by name", utmp.Record{Type: utmp.UserProcess, User: "bob", Host: "gw.example.org",
			Addr: netip.MustParseAddr("192.0.2.1"), Time: at}, event.SourceWtmp, event.TypeLogin, "192.0.2.1",
			map[string]string{"rhost": "gw.example.org"}},
		{"address only in host", utmp.Record{Type: utmp.UserProcess, User: "c", Host: "2001:db8::1", Time: at},
			event.SourceUtmp, event.TypeLogin, "2001:db8::1", map[string]string{}},
		{"display", utmp.Record{Type: utmp.UserProcess, User: "d", Host: ":0", Time: at},
			event.SourceUtmp, event.TypeLogin, "", map[string]string{"rhost": ":0"}},
		{"logout", utmp.Record{Type: utmp.DeadProcess, Line: "pts/0", ExitStatus: 1, Time: at},
			event.SourceWtmp, event.TypeLogout, "", map[string]string{"exit": "0/1"}},
		{"boot", utmp.Record{Type: utmp.BootTime, User: "reboot", Host: "6.1.0-18-amd64", Addr: netip.MustParseAddr("0.0.0.0"), Time: at},
			event.SourceWtmp, event.TypeBoot, "", map[string]string{"kernel": "6.1.0-18-amd64"}},
		{"shutdown", utmp.Record{Type: utmp.RunLevel, User: "shutdown", Time: at}, event.SourceWtmp, event.TypeBoot, "", nil},
		{"runlevel", utmp.Record{Type: utmp.RunLevel, User: "runlevel", Time: at}, event.SourceWtmp, "", "",
			map[string]string{"ut_type": "RUN_LVL"}},
		{"btmp", utmp.Record{Type: utmp.LoginProcess, User: "root", Line: "ssh:notty", Host: "203.0.113.45",
			Addr: netip.MustParseAddr("203.0.113.45"), Time: at}, event.SourceBtmp, event.TypeLoginFailed, "203.0.113.45", nil},
	}
	for _, tt := range tests {
		e := Event(tt.rec, tt.source)
		if e.Type != tt.typ || e.SrcIP != tt.ip || e.Source != tt.source || !e.At.Equal(at) || e.User != tt.rec.User {
			t.Errorf("%s: type %q ip %q source %q at %v user %q", tt.name, e.Type, e.SrcIP, e.Source, e.At, e.User)
		}
		for k, v := range tt.fields {
			if e.Fields[k] != v {
				t.Errorf("%s: %s = %q, want %q", tt.name, k, e.Fields[k], v)
			}
		}
		if _, ok := e.Fields["rhost"]; ok && tt.fields["rhost"] == "" {
			t.Errorf("%s: unexpected host %q", tt.name, e.Fields["rhost"])
		}
		if strings.ContainsAny(e.Raw, "\n\r") || !strings.Contains(e.Raw, "type="+tt.rec.Type.String()) {
			t.Errorf("%s: raw %q", tt.name, e.Raw)
		}
	}
	// Hostile strings stay on one line in Raw.
	e := Event(utmp.Record{Type: utmp.UserProcess, User: "x\ny\x00\xff"}, event.SourceWtmp)
	if strings.ContainsAny(e.Raw, "\n\x00") {
		t.Errorf("raw %q", e.Raw)
	}
}

func corpus(t *testing.T, name string) []byte {
	data, err := os.ReadFile(filepath.Join(testcorpus.Path(t, "logs"), "utmp", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestCorpus(t *testing.T) {
	// Counts computed with Python's struct module, independently of
	// internal/utmp: for each record of SIZE bytes at i*SIZE,
	//   t, pid = struct.unpack(END + "hxxi", rec[:8])
	// counting ut_type values, all-zero records and the tail len % SIZE.
	tests := []struct {
		file   string
		source string
		layout utmp.Layout
		stats  Stats
		types  map[string]int
	}{
		// 5376 = 14×384: BOOT_TIME 1, RUN_LVL 1 (user "runlevel"), LOGIN_PROCESS 6, USER_PROCESS 6.
		{"plaso_utmp", event.SourceUtmp, utmp.Layout384LE, Stats{Records: 14, Events: 14},
			map[string]int{"boot": 1, "": 7, "login": 6}},
		// 2304 = 6×384: EMPTY (with a time), DEAD, BOOT, RUN_LVL "shutdown", OLD_TIME, NEW_TIME.
		{"plaso_utmp_x86_64", event.SourceUtmp, utmp.Layout384LE, Stats{Records: 6, Events: 6},
			map[string]int{"boot": 2, "logout": 1, "": 3}},
		// The same records, 400-byte little- and big-endian.
		{"plaso_utmp_aarch64", event.SourceUtmp, utmp.Layout400LE, Stats{Records: 6, Events: 6},
			map[string]int{"boot": 2, "logout": 1, "": 3}},
		{"plaso_utmp_s390", event.SourceUtmp, utmp.Layout400BE, Stats{Records: 6, Events: 6},
			map[string]int{"boot": 2, "logout": 1, "": 3}},
		// 1537 = 4×384+1: USER, DEAD, two all-zero slots, a 1-byte tail.
		{"plaso_wtmp.1", event.SourceWtmp, utmp.Layout384LE, Stats{Records: 5, Events: 3, Empty: 2, Problems: 1},
			map[string]int{"login": 1, "logout": 1, "corrupted_record": 1}},
		// 1586 = 4×384+50: records 1 and 2 have ut_type 99, then a 50-byte tail.
		{"plaso_utmp_corrupted", event.SourceUtmp, utmp.Layout384LE, Stats{Records: 5, Events: 5, Problems: 3},
			map[string]int{"login": 2, "corrupted_record": 3}},
		// synthetic_wtmp.txt: BOOT_TIME, 2 USER_PROCESS, 2 DEAD_PROCESS.
		{"synthetic_wtmp", event.SourceWtmp, utmp.Layout384LE, Stats{Records: 5, Events: 5},
			map[string]int{"boot": 1, "login": 2, "logout": 2}},
		// synthetic_btmp.txt: 5 failed logins (LOGIN_PROCESS).
		{"synthetic_btmp", event.SourceBtmp, utmp.Layout384LE, Stats{Records: 5, Events: 5},
			map[string]int{"login_failed": 5}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			evs, st := scan(t, corpus(t, tt.file), Options{File: tt.file, Source: tt.source})
			tt.stats.Layout = tt.layout
			if st != tt.stats {
				t.Errorf("stats %+v, want %+v", st, tt.stats)
			}
			got := map[string]int{}
			for i, e := range evs {
				got[e.Type]++
				if e.File != tt.file || e.Source != tt.source || e.Raw == "" || e.Line < 1 ||
					(i > 0 && e.Line <= evs[i-1].Line) {
					t.Errorf("event %+v", e)
				}
			}
			if len(got) != len(tt.types) {
				t.Errorf("types %v, want %v", got, tt.types)
			}
			for k, n := range tt.types {
				if got[k] != n {
					t.Errorf("%q: %d, want %d (all %v)", k, got[k], n, got)
				}
			}
		})
	}
}

func TestCorpusDetails(t *testing.T) {
	// synthetic_btmp.txt: 4 failures from 203.0.113.45 (root, admin,
	// oracle, deploy), 1 from 2001:db8::66 (root).
	evs, _ := scan(t, corpus(t, "synthetic_btmp"), Options{Source: event.SourceBtmp})
	byIP := map[string][]string{}
	for _, e := range evs {
		byIP[e.SrcIP] = append(byIP[e.SrcIP], e.User)
		if e.Fields["tty"] != "ssh:notty" {
			t.Errorf("tty %q", e.Fields["tty"])
		}
	}
	if strings.Join(byIP["203.0.113.45"], ",") != "root,admin,oracle,deploy" ||
		strings.Join(byIP["2001:db8::66"], ",") != "root" || len(byIP) != 2 {
		t.Errorf("by ip %v", byIP)
	}
	if got := evs[0].At.Format(time.RFC3339); got != "2024-03-10T02:11:01Z" {
		t.Errorf("first at %s", got)
	}

	// The corrupted file's problems, in file order: records 2 and 3
	// (ut_type 99) and the 50-byte tail at 4×384 = 1536.
	evs, _ = scan(t, corpus(t, "plaso_utmp_corrupted"), Options{})
	var lines []int64
	for _, e := range evs {
		if e.Type == event.TypeCorruptedRecord {
			lines = append(lines, e.Line)
			if e.Message == "" || !e.At.IsZero() {
				t.Errorf("corrupted %+v", e)
			}
		}
	}
	if len(lines) != 3 || lines[0] != 2 || lines[1] != 3 || lines[2] != 5 || evs[4].Fields["offset"] != "1536" {
		t.Errorf("corrupted lines %v, last %+v", lines, evs[len(evs)-1])
	}

	// The big-endian s390 records: reboot, shutdown, date... as on x86_64.
	be, _ := scan(t, corpus(t, "plaso_utmp_s390"), Options{})
	if be[2].User != "reboot" || be[2].Type != event.TypeBoot || be[3].User != "shutdown" ||
		be[2].At.Year() != 2026 || be[2].Fields["kernel"] == "" {
		t.Errorf("s390 %+v %+v", be[2], be[3])
	}
}

// lastlogRecord builds one 292- or 296-byte record.
func lastlogRecord(size int, order binary.ByteOrder, sec int64, line, host string) []byte {
	b := make([]byte, size)
	off := 4
	if size == LastlogSize64 {
		order.PutUint64(b, uint64(sec))
		off = 8
	} else {
		order.PutUint32(b, uint32(sec))
	}
	copy(b[off:], line)
	copy(b[off+32:], host)
	return b
}

func TestLastlogSparse(t *testing.T) {
	for _, tc := range []struct {
		size  int
		order binary.ByteOrder
		big   bool
	}{{LastlogSize32, binary.LittleEndian, false}, {LastlogSize64, binary.LittleEndian, false}, {LastlogSize64, binary.BigEndian, true}} {
		path := filepath.Join(t.TempDir(), "lastlog")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		// uid 0 and 1000 logged in, uid 65534 has a host name; the rest
		// is holes.
		for _, r := range []struct {
			uid        int64
			sec        int64
			line, host string
		}{{0, 1710036000, "tty1", ""}, {1000, 1710039600, "pts/0", "203.0.113.45"}, {65534, 1710043200, "pts/3", "gw.example.org"}} {
			if _, err := f.WriteAt(lastlogRecord(tc.size, tc.order, r.sec, r.line, r.host), r.uid*int64(tc.size)); err != nil {
				t.Fatal(err)
			}
		}
		fi, _ := f.Stat()
		if _, err := f.Seek(0, 0); err != nil {
			t.Fatal(err)
		}
		var evs []*event.Event
		st, err := ScanLastlog(f, LastlogOptions{File: path, FileSize: fi.Size(), Users: map[uint32]string{0: "root", 1000: "alice"}},
			func(e *event.Event) error { evs = append(evs, e); return nil })
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if st.Size != tc.size || st.BigEndian != tc.big || st.Records != 65535 || st.Empty != 65532 || st.Events != 3 || len(evs) != 3 {
			t.Fatalf("size %d: stats %+v", tc.size, st)
		}
		if evs[0].User != "root" || evs[0].Fields["tty"] != "tty1" || evs[0].At.Unix() != 1710036000 || evs[0].Line != 1 ||
			evs[1].User != "alice" || evs[1].SrcIP != "203.0.113.45" || evs[1].Fields["uid"] != "1000" ||
			evs[2].User != "" || evs[2].Fields["rhost"] != "gw.example.org" || evs[2].SrcIP != "" || evs[2].Line != 65535 {
			t.Errorf("size %d: events %+v %+v %+v", tc.size, evs[0], evs[1], evs[2])
		}
		for _, e := range evs {
			if e.Type != event.TypeLastLogin || e.Source != event.SourceLastlog || e.File != path {
				t.Errorf("event %+v", e)
			}
		}
	}
}

func TestLastlogTruncated(t *testing.T) {
	data := append(lastlogRecord(LastlogSize32, binary.LittleEndian, 1710036000, "tty1", ""), 1, 2, 3)
	var evs []*event.Event
	st, err := ScanLastlog(bytes.NewReader(data), LastlogOptions{}, func(e *event.Event) error { evs = append(evs, e); return nil })
	if err != nil || st.Truncated != 1 || len(evs) != 2 || evs[1].Type != event.TypeCorruptedRecord || evs[1].Line != 2 {
		t.Errorf("err %v stats %+v events %d", err, st, len(evs))
	}
	stop := errors.New("stop")
	if _, err := ScanLastlog(bytes.NewReader(data), LastlogOptions{}, func(*event.Event) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("err %v", err)
	}
}
