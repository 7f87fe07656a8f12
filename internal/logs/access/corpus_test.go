package access

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/testcorpus"
)

// corpusCase is one corpus file with counts computed independently of
// this package (the commands are beside each case).
type corpusCase struct {
	file      string
	lines     int64 // awk 'END{print NR}' FILE (counts a last line without '\n')
	methods   map[string]int
	statuses  map[string]int
	wantFirst func(t *testing.T, ev *event.Event)
}

// The scanner logs (apache-http-logs) are an export: each line is
// wrapped in double quotes, some end in CRLF. The awk commands unwrap
// them first:
//
//	U='tr -d "\r" < FILE | sed -E "s/^\"(.*)\"$/\1/"'
//
// methods: eval $U | awk -F'"' '{split($2,a," "); m[a[1]]++} END{for(k in m) print k, m[k]}'
// statuses: eval $U | awk '{for(i=1;i<NF;i++) if ($i ~ /HTTP\/1\.[01]"$/) {s[$(i+1)]++; break}} END{for(k in s) print k, s[k]}'
// (every request in these files ends in HTTP/1.0 or HTTP/1.1; the
// status sums equal the line counts).
var corpusCases = []corpusCase{
	{
		file:     "elastic-examples/apache_logs",
		lines:    10000,
		methods:  map[string]int{"GET": 9952, "HEAD": 42, "POST": 5, "OPTIONS": 1},
		statuses: map[string]int{"200": 9126, "206": 45, "301": 164, "304": 445, "403": 2, "404": 213, "416": 2, "500": 3},
		wantFirst: func(t *testing.T, ev *event.Event) {
			want := time.Date(2015, 5, 17, 10, 5, 3, 0, time.UTC)
			if !ev.At.Equal(want) || ev.SrcIP != "83.149.9.216" || ev.Fields[event.FieldBytes] != "203023" ||
				ev.Fields[event.FieldReferer] != "http://semicomplete.com/presentations/logstash-monitorama-2013/" {
				t.Errorf("first event: %+v", ev)
			}
		},
	},
	{
		file:     "plaso/apache_access.log",
		lines:    15,
		methods:  map[string]int{"GET": 15},
		statuses: map[string]int{"200": 12, "304": 1, "404": 2},
	},
	{
		file:     "apache-http-logs/acunetix.txt",
		lines:    6539,
		methods:  map[string]int{"GET": 1040, "POST": 5499},
		statuses: map[string]int{"200": 2036, "301": 18, "302": 99, "303": 3407, "400": 12, "403": 3, "404": 258, "500": 706},
		wantFirst: func(t *testing.T, ev *event.Event) {
			_, off := ev.At.Zone()
			if ev.SrcIP != "192.168.4.25" || off != 3*3600 || ev.At.Hour() != 16 ||
				ev.Fields[event.FieldUserAgent] != "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.21 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.21" {
				t.Errorf("first event: %+v", ev)
			}
		},
	},
	{
		file:     "apache-http-logs/netsparker.txt",
		lines:    7314,
		methods:  map[string]int{"GET": 4004, "HEAD": 2038, "POST": 1203, "OPTIONS": 34, "PROPFIND": 34, "NETSPARKER": 1},
		statuses: map[string]int{"200": 3784, "302": 910, "404": 2602, "405": 12, "500": 6},
	},
	{
		file:     "apache-http-logs/w3af.txt",
		lines:    3996,
		methods:  map[string]int{"GET": 1340, "POST": 2656},
		statuses: map[string]int{"200": 2124, "301": 77, "302": 108, "303": 681, "304": 1, "403": 2, "404": 490, "500": 513},
		wantFirst: func(t *testing.T, ev *event.Event) {
			if ev.SrcIP != "192.168.4.163" || ev.Fields[event.FieldUserAgent] != "w3af.org" || ev.Raw[0] != '"' {
				t.Errorf("first event: %+v", ev)
			}
		},
	},
}

func TestCorpus(t *testing.T) {
	dir := testcorpus.Path(t, "logs")
	for _, c := range corpusCases {
		t.Run(filepath.Base(c.file), func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, c.file))
			if err != nil {
				t.Skip(err)
			}
			defer f.Close()
			p := NewParser(Options{File: c.file})
			methods, statuses := map[string]int{}, map[string]int{}
			var n int64
			err = p.Scan(f, func(ev *event.Event) error {
				n++
				if ev.Line != n || ev.File != c.file || ev.Source != event.SourceWeb {
					t.Fatalf("event %d: line %d file %q source %q", n, ev.Line, ev.File, ev.Source)
				}
				if ev.Type != event.TypeWebRequest {
					t.Errorf("line %d unparsed: %q", ev.Line, ev.Raw)
					return nil
				}
				if ev.At.IsZero() || ev.TimeGuessed {
					t.Errorf("line %d: time %v guessed %v", ev.Line, ev.At, ev.TimeGuessed)
				}
				methods[ev.Fields[event.FieldMethod]]++
				statuses[ev.Fields[event.FieldStatus]]++
				if n == 1 && c.wantFirst != nil {
					c.wantFirst(t, ev)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			st := p.Stats()
			if st.Lines != c.lines || st.Parsed != c.lines || st.Unparsed != 0 || st.Cut != 0 || n != c.lines {
				t.Errorf("stats %+v, %d events; want %d lines all parsed", st, n, c.lines)
			}
			if st.Formats["combined"] != c.lines {
				t.Errorf("formats %v", st.Formats)
			}
			eqCounts(t, "methods", methods, c.methods)
			eqCounts(t, "statuses", statuses, c.statuses)
		})
	}
}

func eqCounts(t *testing.T, what string, got, want map[string]int) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %v, want %v", what, got, want)
		return
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %v, want %v", what, got, want)
			return
		}
	}
}

// TestCorpusOddLines checks the plaso lines that a strict reading of the
// Common Log Format would lose.
func TestCorpusOddLines(t *testing.T) {
	dir := testcorpus.Path(t, "logs")
	data, err := os.ReadFile(filepath.Join(dir, "plaso/apache_access.log"))
	if err != nil {
		t.Skip(err)
	}
	evs := scanAll(t, Options{}, string(data))
	byLine := map[int64]*event.Event{}
	for _, ev := range evs {
		byLine[ev.Line] = ev
	}
	// grep -n configlib plaso/apache_access.log: line 8, its user agent
	// cut before the closing quote.
	if ev := byLine[8]; ev.Fields[event.FieldUserAgent] != "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html" {
		t.Errorf("line 8: %v", ev.Fields)
	}
	// Line 9: vhost_combined.
	if ev := byLine[9]; ev.Fields[event.FieldVhost] != "plaso.log2timeline.net" || ev.DstPort != 443 || ev.SrcIP != "10.1.1.2" {
		t.Errorf("line 9: %+v", ev)
	}
	// Line 13: unescaped quotes inside the request.
	if ev := byLine[13]; ev.Fields[event.FieldURL] != `/aaaa.xxxx/SomeText?action=edit&template=<script>alert("text")</script>` ||
		ev.Fields[event.FieldProtocol] != "HTTP/1.0" || ev.Fields[event.FieldStatus] != "404" {
		t.Errorf("line 13: %v", ev.Fields)
	}
	// Line 15: a Kerberos principal as the user.
	if ev := byLine[15]; ev.User != "pyllyukko@EXAMPLE.COM" {
		t.Errorf("line 15: user %q", ev.User)
	}
}
