package utmp

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// corpusDir holds the shared login-record corpus (see
// /work/shared/corpus/README.md); it is read in place, never copied here.
const corpusDir = "../../../shared/corpus/logs/utmp"

func readCorpus(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) && os.Getenv("CI") != "true" {
			t.Skipf("corpus not available: %v", err)
		}
		t.Fatal(err)
	}
	return data
}

// The expectations below were checked independently of this package:
//
//   - For the 384-byte little-endian files, with util-linux's utmpdump
//     2.38.1 (Debian 12), e.g. `utmpdump plaso_utmp | wc -l` gives 14 and
//     the user/host/time columns match.
//   - For every file, with a short Python script using struct.unpack and
//     the glibc offsets given explicitly per file ('<hxxi' type/pid,
//     strings at 8/40/44/76, then '<iii' session/sec/usec at 336 and the
//     address at 348 for 384-byte records, '<qqq'/'>qqq' at 336 and the
//     address at 360 for 400-byte ones). utmpdump cannot read the 400-byte
//     files (it prints garbage such as pid 536870912 for the s390 file),
//     which is how the layouts were confirmed: under the 400-byte layout
//     every record has a time in 2026 and sensible strings.
//   - File sizes: plaso_wtmp.1 is 1537 = 4×384+1 bytes (1-byte truncated
//     tail); plaso_utmp_corrupted is 1586 = 4×384+50 bytes, records 1 and 2
//     have ut_type 99 and the 50-byte tail is 0x07 filler.
var corpusTests = []struct {
	file     string
	layout   Layout
	records  int // records returned
	problems int
	types    string // ut_type of each returned record, as digits
	users    []string
	hosts    []string // non-empty ut_host values, in order
	first    string   // time of the first returned record (RFC 3339)
	last     string   // time of the last returned record
	addr     string   // address of the last record with one
}{
	{file: "plaso_utmp", layout: Layout384LE, records: 14, types: "21666666777777",
		users: []string{"reboot", "runlevel", "LOGIN", "LOGIN", "LOGIN", "LOGIN", "LOGIN", "LOGIN", "moxilo", "moxilo", "moxilo", "moxilo", "moxilo", "moxilo"},
		hosts: []string{"3.8.0-33-generic", "3.8.0-33-generic", ":0", ":0", ":0", ":0", ":0"},
		first: "2013-12-13T14:45:09.688666Z", last: "2013-12-18T22:49:44.251947Z"},
	{file: "plaso_utmp_x86_64", layout: Layout384LE, records: 6, types: "082143",
		users: []string{"", "", "reboot", "shutdown", "date", "date"},
		hosts: []string{"0.0.0.0"},
		first: "2026-07-03T14:58:29Z", last: "2026-07-03T15:03:29Z", addr: "4.3.2.1"},
	{file: "plaso_wtmp.1", layout: Layout384LE, records: 4, problems: 1, types: "7800",
		users: []string{"userA", "", "", ""},
		hosts: []string{"10.10.122.1"},
		first: "2011-12-01T17:36:38.432935Z", last: "1970-01-01T00:00:00Z", addr: "10.10.122.1"},
	{file: "plaso_utmp_aarch64", layout: Layout400LE, records: 6, types: "082143",
		users: []string{"", "", "reboot", "shutdown", "date", "date"},
		hosts: []string{"0.0.0.0"},
		first: "2026-07-03T14:57:58Z", last: "2026-07-03T15:02:58Z", addr: "4.3.2.1"},
	{file: "plaso_utmp_s390", layout: Layout400BE, records: 6, types: "082143",
		users: []string{"", "", "reboot", "shutdown", "date", "date"},
		hosts: []string{"0.0.0.0"},
		first: "2026-07-04T05:00:25Z", last: "2026-07-04T05:05:25Z", addr: "1.2.3.4"},
	{file: "plaso_utmp_corrupted", layout: Layout384LE, records: 2, problems: 3, types: "77",
		users: []string{"alice", "bob"},
		hosts: []string{"10.0.0.5"},
		first: "2023-11-14T22:30:00Z", last: "2023-11-14T22:46:40Z", addr: "10.0.0.5"},
	{file: "synthetic_btmp", layout: Layout384LE, records: 5, types: "66666",
		users: []string{"root", "admin", "oracle", "deploy", "root"},
		hosts: []string{"203.0.113.45", "203.0.113.45", "203.0.113.45", "203.0.113.45", "2001:db8::66"},
		first: "2024-03-10T02:11:01Z", last: "2024-03-10T02:12:00Z", addr: "2001:db8::66"},
	{file: "synthetic_wtmp", layout: Layout384LE, records: 5, types: "27878",
		users: []string{"reboot", "alice", "", "deploy", ""},
		hosts: []string{"6.1.0-18-amd64", "198.51.100.10", "203.0.113.45"},
		first: "2024-03-09T23:00:00Z", last: "2024-03-10T02:40:00Z", addr: "203.0.113.45"},
}

func TestCorpus(t *testing.T) {
	for _, tc := range corpusTests {
		t.Run(tc.file, func(t *testing.T) {
			data := readCorpus(t, tc.file)
			if got := Detect(data); got != tc.layout {
				t.Errorf("Detect = %v, want %v", got, tc.layout)
			}
			recs, probs := Parse(data)
			if len(recs) != tc.records || len(probs) != tc.problems {
				t.Fatalf("got %d records, %d problems %v; want %d, %d", len(recs), len(probs), probs, tc.records, tc.problems)
			}
			var types strings.Builder
			var users, hosts []string
			addr := ""
			for i, r := range recs {
				types.WriteByte(byte('0' + r.Type))
				users = append(users, r.User)
				if r.Host != "" {
					hosts = append(hosts, r.Host)
				}
				if r.Addr.IsValid() {
					addr = r.Addr.String()
				}
				if r.Offset != int64(r.Index*tc.layout.Size) {
					t.Errorf("record %d: offset %d, index %d", i, r.Offset, r.Index)
				}
				if r.Time.Location() != time.UTC {
					t.Errorf("record %d: time not UTC", i)
				}
			}
			if types.String() != tc.types {
				t.Errorf("types %s, want %s", types.String(), tc.types)
			}
			if !reflect.DeepEqual(users, tc.users) {
				t.Errorf("users %q, want %q", users, tc.users)
			}
			if !reflect.DeepEqual(hosts, tc.hosts) {
				t.Errorf("hosts %q, want %q", hosts, tc.hosts)
			}
			if addr != tc.addr {
				t.Errorf("addr %q, want %q", addr, tc.addr)
			}
			if got := recs[0].Time.Format(time.RFC3339Nano); got != tc.first {
				t.Errorf("first time %s, want %s", got, tc.first)
			}
			if got := recs[len(recs)-1].Time.Format(time.RFC3339Nano); got != tc.last {
				t.Errorf("last time %s, want %s", got, tc.last)
			}
		})
	}
}

func TestCorpusCorruptedDetails(t *testing.T) {
	recs, probs := Parse(readCorpus(t, "plaso_utmp_corrupted"))
	if len(recs) != 2 || recs[0].Index != 0 || recs[1].Index != 3 || recs[1].Offset != 1152 {
		t.Fatalf("records: %+v", recs)
	}
	want := []struct {
		index  int
		offset int64
		reason string
	}{{1, 384, "ut_type 99"}, {2, 768, "ut_type 99"}, {4, 1536, "truncated record: 50 of 384"}}
	for i, w := range want {
		var p *Problem
		if !errors.As(probs[i], &p) || p.Index != w.index || p.Offset != w.offset || !strings.Contains(p.Reason, w.reason) {
			t.Errorf("problem %d = %v, want index %d offset %d %q", i, probs[i], w.index, w.offset, w.reason)
		}
	}
}

// encode writes rec in layout l the way glibc lays out struct utmp; it is
// the test's own writer, independent of decode.
func encode(rec Record, l Layout) []byte {
	b := make([]byte, l.Size)
	var o binary.ByteOrder = binary.LittleEndian
	if l.BigEndian {
		o = binary.BigEndian
	}
	o.PutUint16(b[0:], uint16(rec.Type))
	o.PutUint32(b[4:], uint32(rec.PID))
	copy(b[8:40], rec.Line)
	copy(b[40:44], rec.ID)
	copy(b[44:76], rec.User)
	copy(b[76:332], rec.Host)
	o.PutUint16(b[332:], uint16(rec.ExitTermination))
	o.PutUint16(b[334:], uint16(rec.ExitStatus))
	sec, usec := rec.Time.Unix(), int64(rec.Time.Nanosecond()/1000)
	addrOff := 348
	if l.Size == 400 {
		o.PutUint64(b[336:], uint64(rec.Session))
		o.PutUint64(b[344:], uint64(sec))
		o.PutUint64(b[352:], uint64(usec))
		addrOff = 360
	} else {
		o.PutUint32(b[336:], uint32(rec.Session))
		o.PutUint32(b[340:], uint32(sec))
		o.PutUint32(b[344:], uint32(usec))
	}
	if rec.Addr.IsValid() {
		if rec.Addr.Is4() {
			a := rec.Addr.As4()
			copy(b[addrOff:], a[:])
		} else {
			a := rec.Addr.As16()
			copy(b[addrOff:], a[:])
		}
	}
	return b
}

func sampleRecords() []Record {
	t0 := time.Date(2024, 3, 10, 2, 11, 1, 123456000, time.UTC)
	return []Record{
		{Type: BootTime, Line: "~", ID: "~~", User: "reboot", Host: "6.1.0-18-amd64", Time: t0.Add(-time.Hour)},
		{Type: UserProcess, PID: 4242, Line: "pts/3", ID: "ts/3", User: "mallory", Host: "203.0.113.7",
			Session: 4242, Time: t0, Addr: netip.MustParseAddr("203.0.113.7")},
		{Type: UserProcess, PID: 4300, Line: "pts/4", ID: "ts/4", User: "root", Host: "2001:db8::1",
			Time: t0.Add(time.Minute), Addr: netip.MustParseAddr("2001:db8::1")},
		{Type: DeadProcess, PID: 4242, Line: "pts/3", ID: "ts/3", ExitTermination: 1, ExitStatus: 2,
			Time: t0.Add(2 * time.Minute)},
		// A hostile record: a name filling its whole array (no NUL), bytes
		// that are not UTF-8.
		{Type: LoginProcess, PID: 1, Line: strings.Repeat("L", 32), User: "\xff\xfeevil", Host: strings.Repeat("h", 256),
			Time: t0.Add(3 * time.Minute)},
	}
}

func build(recs []Record, l Layout) []byte {
	var buf bytes.Buffer
	for _, r := range recs {
		buf.Write(encode(r, l))
	}
	return buf.Bytes()
}

func TestSyntheticLayouts(t *testing.T) {
	for _, l := range layouts {
		t.Run(l.String(), func(t *testing.T) {
			want := sampleRecords()
			data := build(want, l)
			for i := range want {
				want[i].Index = i
				want[i].Offset = int64(i * l.Size)
			}
			if got := Detect(data); got != l {
				t.Fatalf("Detect = %v", got)
			}
			got, probs := Parse(data)
			if len(probs) != 0 {
				t.Fatalf("problems: %v", probs)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("got\n%+v\nwant\n%+v", got, want)
			}
			// Streaming, one byte per read, with the layout given or not.
			for _, given := range []Layout{{}, l} {
				r := NewReader(iotest.OneByteReader(bytes.NewReader(data)), given)
				var streamed []Record
				for {
					rec, err := r.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatal(err)
					}
					streamed = append(streamed, rec)
				}
				if r.Layout() != l || !reflect.DeepEqual(streamed, want) {
					t.Fatalf("streamed (layout %v) differs", r.Layout())
				}
			}
		})
	}
}

// A single record and a long file of mostly empty slots are still detected.
func TestDetectSparse(t *testing.T) {
	for _, l := range layouts {
		one := sampleRecords()[1]
		if got := Detect(encode(one, l)); got != l {
			t.Errorf("single record %v: Detect = %v", l, got)
		}
		data := append(make([]byte, 30*l.Size), encode(one, l)...)
		if got := Detect(data); got != l {
			t.Errorf("sparse %v: Detect = %v", l, got)
		}
	}
	if got := Detect(nil); got != Layout384LE {
		t.Errorf("Detect(nil) = %v", got)
	}
}

func TestTruncatedAndGarbage(t *testing.T) {
	recs := sampleRecords()
	data := build(recs, Layout384LE)
	// Corrupt record 2's type, then cut the last record short.
	binary.LittleEndian.PutUint16(data[2*384:], 0x7777)
	data = data[:len(data)-100]
	got, probs := Parse(data)
	if len(got) != 3 || got[2].Index != 3 || len(probs) != 2 {
		t.Fatalf("got %d records %v, problems %v", len(got), got, probs)
	}
	if !strings.Contains(probs[0].Error(), "record 2 at offset 768") || !strings.Contains(probs[1].Error(), "truncated record: 284 of 384") {
		t.Errorf("problems: %v", probs)
	}

	// Shorter than one record.
	got, probs = Parse([]byte("garbage"))
	if len(got) != 0 || len(probs) != 1 {
		t.Errorf("short: %v %v", got, probs)
	}
	// Empty input: nothing at all.
	got, probs = Parse(nil)
	if len(got) != 0 || len(probs) != 0 {
		t.Errorf("empty: %v %v", got, probs)
	}

	// Out-of-range microseconds: kept, normalised, reported.
	b := encode(recs[1], Layout384LE)
	binary.LittleEndian.PutUint32(b[344:], 2500000)
	got, probs = ParseLayout(b, Layout384LE)
	if len(got) != 1 || len(probs) != 1 || got[0].Time.Unix() != recs[1].Time.Unix()+2 || got[0].Time.Nanosecond() != 500000000 {
		t.Errorf("usec: %v %v", got, probs)
	}
}

func TestReaderError(t *testing.T) {
	boom := errors.New("boom")
	r := NewReader(io.MultiReader(bytes.NewReader(encode(sampleRecords()[1], Layout384LE)), iotest.ErrReader(boom)), Layout384LE)
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := r.Next(); !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
	}
}

func TestTypeText(t *testing.T) {
	for i := Type(-1); i <= 12; i++ {
		b, _ := i.MarshalText()
		var back Type
		if err := back.UnmarshalText(b); err != nil || back != i {
			t.Errorf("%d: %s -> %d %v", i, b, back, err)
		}
	}
	if UserProcess.String() != "USER_PROCESS" || RunLevel.String() != "RUN_LVL" || Accounting.String() != "ACCOUNTING" {
		t.Error("names")
	}
	var x Type
	if x.UnmarshalText([]byte("NOPE")) == nil {
		t.Error("accepted NOPE")
	}
}

func TestJSON(t *testing.T) {
	recs := sampleRecords()[:4] // the hostile one is not valid UTF-8
	b, err := json.Marshal(recs)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"type":"USER_PROCESS"`, `"addr":"203.0.113.7"`, `"exit_termination":1`, `"time":"2024-03-10T02:11:01.123456Z"`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("JSON lacks %s: %s", want, b)
		}
	}
	if bytes.Contains(b[:bytes.IndexByte(b, '}')], []byte(`"addr"`)) {
		t.Errorf("zero addr not omitted: %s", b)
	}
	var back []Record
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, recs) {
		t.Errorf("round trip:\n%+v\n%+v", back, recs)
	}
}

func FuzzParse(f *testing.F) {
	for _, l := range layouts {
		f.Add(build(sampleRecords()[:2], l))
	}
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{7}, 401))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, probs := Parse(data)
		l := Detect(data)
		if !l.valid() {
			t.Fatalf("invalid layout %v", l)
		}
		// Every full record is accounted for, and a tail is one problem.
		full := len(data) / l.Size
		tail := 0
		if len(data)%l.Size != 0 {
			tail = 1
		}
		skipped := 0
		for _, p := range probs {
			if p.(*Problem).Record == nil {
				skipped++
			}
		}
		if len(recs)+skipped != full+tail {
			t.Fatalf("%d records + %d skipped != %d full + %d tail", len(recs), skipped, full, tail)
		}
		for _, r := range recs {
			if !r.Type.Valid() || r.Time.Location() != time.UTC {
				t.Fatalf("bad record %+v", r)
			}
		}
	})
}
