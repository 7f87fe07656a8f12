package access

import (
	"errors"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/event"
)

// scanAll scans input and returns its events.
func scanAll(t testing.TB, opts Options, input string) []*event.Event {
	t.Helper()
	p := NewParser(opts)
	var evs []*event.Event
	if err := p.Scan(strings.NewReader(input), func(ev *event.Event) error {
		evs = append(evs, ev)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return evs
}

// want is what a test expects of one event; Fields is compared whole.
type want struct {
	typ     string // "" means event.TypeWebRequest unless unparsed is set
	unparse bool
	at      string // RFC 3339, "" for no time
	guessed bool
	srcIP   string
	srcPort int
	dstIP   string
	dstPort int
	user    string
	host    string
	message string
	fields  map[string]string
}

func check(t *testing.T, ev *event.Event, line string, w want) {
	t.Helper()
	if ev.Raw != line {
		t.Errorf("Raw %q, want %q", ev.Raw, line)
	}
	if ev.Source != event.SourceWeb {
		t.Errorf("Source %q", ev.Source)
	}
	if w.unparse {
		if ev.Type != "" || ev.Fields != nil && ev.Fields[event.FieldTruncated] == "" || !ev.At.IsZero() {
			t.Errorf("want unparsed, got %+v", ev)
		}
		return
	}
	if ev.Type != event.TypeWebRequest {
		t.Fatalf("Type %q, want web_request", ev.Type)
	}
	at := ""
	if !ev.At.IsZero() {
		at = ev.At.Format(time.RFC3339Nano)
	}
	if at != w.at || ev.TimeGuessed != w.guessed {
		t.Errorf("At %s guessed %v, want %s %v", at, ev.TimeGuessed, w.at, w.guessed)
	}
	if ev.SrcIP != w.srcIP || ev.SrcPort != w.srcPort || ev.DstIP != w.dstIP || ev.DstPort != w.dstPort {
		t.Errorf("addresses %q:%d -> %q:%d, want %q:%d -> %q:%d", ev.SrcIP, ev.SrcPort, ev.DstIP, ev.DstPort, w.srcIP, w.srcPort, w.dstIP, w.dstPort)
	}
	if ev.User != w.user || ev.Host != w.host || ev.Message != w.message {
		t.Errorf("user %q host %q message %q, want %q %q %q", ev.User, ev.Host, ev.Message, w.user, w.host, w.message)
	}
	if !maps.Equal(ev.Fields, w.fields) {
		t.Errorf("Fields\n got %v\nwant %v", ev.Fields, w.fields)
	}
}

// hf builds the usual HTTP fields of a request line.
func hf(method, url, proto, status, bytes string, kv ...string) map[string]string {
	m := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			m[k] = v
		}
	}
	set(event.FieldMethod, method)
	set(event.FieldURL, url)
	if p, q, ok := strings.Cut(url, "?"); ok {
		set(event.FieldPath, p)
		set(event.FieldQuery, q)
	} else {
		set(event.FieldPath, url)
	}
	set(event.FieldProtocol, proto)
	set(event.FieldStatus, status)
	set(event.FieldBytes, bytes)
	for i := 0; i+1 < len(kv); i += 2 {
		set(kv[i], kv[i+1])
	}
	return m
}

const ua = "Mozilla/5.0 (X11; Linux x86_64)"

func TestCLFFamily(t *testing.T) {
	tests := []struct {
		name string
		line string
		want want
	}{
		{"combined",
			`127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif?a=1&b=%2F HTTP/1.0" 200 2326 "http://www.example.com/start.html" "` + ua + `"`,
			want{at: "2000-10-10T13:55:36-07:00", srcIP: "127.0.0.1", user: "frank", message: "GET /apache_pb.gif?a=1&b=%2F HTTP/1.0",
				fields: hf("GET", "/apache_pb.gif?a=1&b=%2F", "HTTP/1.0", "200", "2326", "referer", "http://www.example.com/start.html", "user_agent", ua)}},
		{"common",
			`127.0.0.1 user-identifier frank [10/Oct/2000:13:55:36 +0530] "GET /apache_pb.gif HTTP/1.0" 200 2326`,
			want{at: "2000-10-10T13:55:36+05:30", srcIP: "127.0.0.1", user: "frank", message: "GET /apache_pb.gif HTTP/1.0",
				fields: hf("GET", "/apache_pb.gif", "HTTP/1.0", "200", "2326", "ident", "user-identifier")}},
		{"vhost_combined",
			`www.example.com:443 192.0.2.4 - - [01/Jan/2024:00:00:00 +0000] "POST /login HTTP/1.1" 302 - "-" "curl/8.5"`,
			want{at: "2024-01-01T00:00:00Z", srcIP: "192.0.2.4", dstPort: 443, message: "POST /login HTTP/1.1",
				fields: hf("POST", "/login", "HTTP/1.1", "302", "", "vhost", "www.example.com", "user_agent", "curl/8.5")}},
		{"vhost without port",
			`www.example.com 192.0.2.4 - - [01/Jan/2024:00:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`,
			want{at: "2024-01-01T00:00:00Z", srcIP: "192.0.2.4", message: "GET / HTTP/1.1",
				fields: hf("GET", "/", "HTTP/1.1", "200", "1", "vhost", "www.example.com")}},
		{"nginx main with x_forwarded_for",
			`10.0.0.2 - - [01/Feb/2024:10:00:00 +0100] "GET /x HTTP/2.0" 404 153 "-" "` + ua + `" "203.0.113.9, 10.0.0.1"`,
			want{at: "2024-02-01T10:00:00+01:00", srcIP: "10.0.0.2", message: "GET /x HTTP/2.0",
				fields: hf("GET", "/x", "HTTP/2.0", "404", "153", "user_agent", ua, "x_forwarded_for", "203.0.113.9, 10.0.0.1")}},
		{"request and upstream times after the user agent",
			`10.0.0.2 - - [01/Feb/2024:10:00:00 +0100] "GET /x HTTP/1.1" 200 15 "-" "` + ua + `" "-" rt=0.012 uct="0.000" urt="0.010"`,
			want{at: "2024-02-01T10:00:00+01:00", srcIP: "10.0.0.2", message: "GET /x HTTP/1.1",
				fields: hf("GET", "/x", "HTTP/1.1", "200", "15", "user_agent", ua, "extra", `rt=0.012 uct="0.000" urt="0.010"`)}},
		{"bare extras",
			`10.0.0.2 - - [01/Feb/2024:10:00:00 +0100] "GET /x HTTP/1.1" 200 15 "-" "` + ua + `" 0.012 0.010`,
			want{at: "2024-02-01T10:00:00+01:00", srcIP: "10.0.0.2", message: "GET /x HTTP/1.1",
				fields: hf("GET", "/x", "HTTP/1.1", "200", "15", "user_agent", ua, "extra", "0.012 0.010")}},
		{"extras after common",
			`10.0.0.2 - - [01/Feb/2024:10:00:00 +0100] "GET /x HTTP/1.1" 200 15 1234`,
			want{at: "2024-02-01T10:00:00+01:00", srcIP: "10.0.0.2", message: "GET /x HTTP/1.1",
				fields: hf("GET", "/x", "HTTP/1.1", "200", "15", "extra", "1234")}},
		{"ipv6 client",
			`2001:db8::1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "curl/8"`,
			want{at: "2000-10-10T13:55:36-07:00", srcIP: "2001:db8::1", message: "GET / HTTP/1.1",
				fields: hf("GET", "/", "HTTP/1.1", "200", "5", "user_agent", "curl/8")}},
		{"x-forwarded-for list as the client",
			`203.0.113.7, 10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "curl/8"`,
			want{at: "2000-10-10T13:55:36-07:00", srcIP: "203.0.113.7", message: "GET / HTTP/1.1",
				fields: hf("GET", "/", "HTTP/1.1", "200", "5", "user_agent", "curl/8", "x_forwarded_for", "203.0.113.7, 10.0.0.1")}},
		{"escaped quotes (Apache)",
			`1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /a\"b\\ HTTP/1.1" 200 5 "-" "say \"hi\" \\"`,
			want{at: "2000-10-10T13:55:36-07:00", srcIP: "1.2.3.4", message: `GET /a\"b\\ HTTP/1.1`,
				fields: hf("GET", `/a\"b\\`, "HTTP/1.1", "200", "5", "user_agent", `say \"hi\" \\`)}},
		{"escaped quotes (nginx)",
			`1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /?q=\x22><script> HTTP/1.1" 200 5 "-" "x\x22y"`,
			want{at: "2000-10-10T13:55:36-07:00", srcIP: "1.2.3.4", message: `GET /?q=\x22><script> HTTP/1.1`,
				fields: hf("GET", `/?q=\x22><script>`, "HTTP/1.1", "200", "5", "user_agent", `x\x22y`)}},
		{"unescaped quotes",
			`1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /"a" b"/ HTTP/1.1" 200 5 "-" "x "y" z"`,
			want{at: "2000-10-10T13:55:36-07:00", srcIP: "1.2.3.4", message: `GET /"a" b"/ HTTP/1.1`,
				fields: hf("GET", `/"a" b"/`, "HTTP/1.1", "200", "5", "user_agent", `x "y" z`)}},
		{"unescaped backslash before the closing quote",
			`1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /a\" 200 5 "-" "ua\"`,
			want{at: "2000-10-10T13:55:36-07:00", srcIP: "1.2.3.4", message: `GET /a\`,
				fields: hf("GET", `/a\`, "", "200", "5", "user_agent", `ua\`)}},
		{"non-UTF-8 bytes",
			"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET /\xff\xfe HTTP/1.1\" 200 5 \"-\" \"\xc3\x28\"",
			want{at: "2000-10-10T13:55:36-07:00", srcIP: "1.2.3.4", message: "GET /\xff\xfe HTTP/1.1",
				fields: hf("GET", "/\xff\xfe", "HTTP/1.1", "200", "5", "user_agent", "\xc3\x28")}},
		{"TLS handshake on the HTTP port (nginx)",
			`45.1.2.3 - - [10/Oct/2023:13:55:36 +0000] "\x16\x03\x01\x00\xF1\x01\x00\x00\xED\x03\x03" 400 157 "-" "-"`,
			want{at: "2023-10-10T13:55:36Z", srcIP: "45.1.2.3", message: `\x16\x03\x01\x00\xF1\x01\x00\x00\xED\x03\x03`,
				fields: map[string]string{"status": "400", "bytes": "157"}}},
		{"empty request",
			`45.1.2.3 - - [10/Oct/2023:13:55:36 +0000] "-" 400 0 "-" "-"`,
			want{at: "2023-10-10T13:55:36Z", srcIP: "45.1.2.3", fields: map[string]string{"status": "400", "bytes": "0"}}},
		{"empty quoted request (408)",
			`45.1.2.3 - - [10/Oct/2023:13:55:36 +0000] "" 408 - "-" "-"`,
			want{at: "2023-10-10T13:55:36Z", srcIP: "45.1.2.3", fields: map[string]string{"status": "408"}}},
		{"not HTTP",
			`45.1.2.3 - - [10/Oct/2023:13:55:36 +0000] "SSH-2.0-Go" 400 0 "-" "-"`,
			want{at: "2023-10-10T13:55:36Z", srcIP: "45.1.2.3", message: "SSH-2.0-Go", fields: map[string]string{"status": "400", "bytes": "0"}}},
		{"HTTP/0.9 request without protocol",
			`45.1.2.3 - - [10/Oct/2023:13:55:36 +0000] "GET /index.html" 200 10`,
			want{at: "2023-10-10T13:55:36Z", srcIP: "45.1.2.3", message: "GET /index.html",
				fields: hf("GET", "/index.html", "", "200", "10")}},
		{"absolute URI and CONNECT",
			`45.1.2.3 - - [10/Oct/2023:13:55:36 +0000] "CONNECT example.com:443 HTTP/1.1" 405 0`,
			want{at: "2023-10-10T13:55:36Z", srcIP: "45.1.2.3", message: "CONNECT example.com:443 HTTP/1.1",
				fields: hf("CONNECT", "example.com:443", "HTTP/1.1", "405", "0")}},
		{"user with a space",
			`1.2.3.4 - John Doe [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 401 5`,
			want{at: "2000-10-10T13:55:36-07:00", srcIP: "1.2.3.4", user: "John Doe", message: "GET / HTTP/1.1",
				fields: hf("GET", "/", "HTTP/1.1", "401", "5")}},
		{"syslog header (nginx access_log syslog:)",
			`Oct 10 13:55:37 web1 nginx: 1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "curl/8"`,
			want{at: "2000-10-10T13:55:36-07:00", srcIP: "1.2.3.4", message: "GET / HTTP/1.1",
				fields: hf("GET", "/", "HTTP/1.1", "200", "5", "user_agent", "curl/8", "prefix", "Oct 10 13:55:37 web1 nginx:")}},
		{"line wrapped in quotes (CSV export)",
			`"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "curl/8""`,
			want{at: "2000-10-10T13:55:36-07:00", srcIP: "1.2.3.4", message: "GET / HTTP/1.1",
				fields: hf("GET", "/", "HTTP/1.1", "200", "5", "user_agent", "curl/8")}},
		{"milliseconds in the time",
			`1.2.3.4 - - [10/Oct/2000:13:55:36.250 -0700] "GET / HTTP/1.1" 200 5`,
			want{at: "2000-10-10T13:55:36.25-07:00", srcIP: "1.2.3.4", message: "GET / HTTP/1.1",
				fields: hf("GET", "/", "HTTP/1.1", "200", "5")}},
		{"status placeholder",
			`1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" - -`,
			want{at: "2000-10-10T13:55:36-07:00", srcIP: "1.2.3.4", message: "GET / HTTP/1.1",
				fields: hf("GET", "/", "HTTP/1.1", "", "")}},
		{"garbage", `hello world`, want{unparse: true}},
		{"bad month", `1.2.3.4 - - [10/Foo/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5`, want{unparse: true}},
		{"31 February", `1.2.3.4 - - [31/Feb/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5`, want{unparse: true}},
		{"bad zone", `1.2.3.4 - - [10/Oct/2000:13:55:36 -07x0] "GET / HTTP/1.1" 200 5`, want{unparse: true}},
		{"bad status", `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 2000 5`, want{unparse: true}},
		{"bad bytes", `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5x`, want{unparse: true}},
		{"no time", `1.2.3.4 - - "GET / HTTP/1.1" 200 5`, want{unparse: true}},
		{"unclosed request", `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1 200 5`, want{unparse: true}},
		{"quote only", `"`, want{unparse: true}},
		{"two quotes", `""`, want{unparse: true}},
		{"bracket only", `[`, want{unparse: true}},
		{"NUL bytes", "\x00\x00 - - [\x00", want{unparse: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			evs := scanAll(t, Options{File: "access.log"}, tt.line+"\n")
			if len(evs) != 1 {
				t.Fatalf("%d events", len(evs))
			}
			if evs[0].File != "access.log" || evs[0].Line != 1 {
				t.Errorf("file %q line %d", evs[0].File, evs[0].Line)
			}
			check(t, evs[0], tt.line, tt.want)
		})
	}
}

func TestScanLines(t *testing.T) {
	good := `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5`
	long := `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /` + strings.Repeat("A", 2*MaxLine) + ` HTTP/1.1" 200 5`
	longUA := `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "` + strings.Repeat("B", MaxLine)
	input := "\xef\xbb\xbf" + good + "\r\n" + // BOM, CRLF
		"\n" + "  \t\n" + // blank
		"garbage\n" +
		long + "\n" +
		good + "\n" +
		longUA + "\"\n" +
		good // no final newline
	p := NewParser(Options{})
	var evs []*event.Event
	if err := p.Scan(strings.NewReader(input), func(ev *event.Event) error {
		evs = append(evs, ev)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	st := p.Stats()
	if st.Lines != 8 || st.Parsed != 4 || st.Unparsed != 2 || st.Blank != 2 || st.Cut != 2 || st.Directives != 0 {
		t.Errorf("stats %+v", st)
	}
	if st.Lines != st.Parsed+st.Unparsed+st.Directives+st.Blank {
		t.Errorf("stats do not add up: %+v", st)
	}
	lines := []int64{1, 4, 5, 6, 7, 8}
	if len(evs) != len(lines) {
		t.Fatalf("%d events", len(evs))
	}
	for i, ev := range evs {
		if ev.Line != lines[i] {
			t.Errorf("event %d: line %d, want %d", i, ev.Line, lines[i])
		}
	}
	if evs[0].Raw != good || evs[0].Type != event.TypeWebRequest {
		t.Errorf("BOM line: %+v", evs[0])
	}
	if evs[1].Type != "" || evs[1].Raw != "garbage" {
		t.Errorf("garbage: %+v", evs[1])
	}
	// The long request is cut inside its quotes: unparsed, kept cut.
	if evs[2].Type != "" || len(evs[2].Raw) != MaxLine || evs[2].Fields[event.FieldTruncated] != "true" {
		t.Errorf("long line: type %q len %d fields %v", evs[2].Type, len(evs[2].Raw), evs[2].Fields)
	}
	if evs[3].Raw != good {
		t.Errorf("line after the long one: %q", evs[3].Raw)
	}
	// Cut inside the user agent: parsed, the agent cut.
	if evs[4].Type != event.TypeWebRequest || evs[4].Fields[event.FieldTruncated] != "true" || len(evs[4].Raw) != MaxLine {
		t.Errorf("long user agent: type %q len %d", evs[4].Type, len(evs[4].Raw))
	}
	if evs[5].Raw != good || evs[5].Type != event.TypeWebRequest {
		t.Errorf("last line: %+v", evs[5])
	}
}

func TestScanErrors(t *testing.T) {
	stop := errors.New("stop")
	p := NewParser(Options{})
	n := 0
	err := p.Scan(strings.NewReader("a\nb\nc\n"), func(*event.Event) error {
		n++
		return stop
	})
	if err != stop || n != 1 {
		t.Errorf("err %v after %d events", err, n)
	}
	rerr := errors.New("disk")
	err = NewParser(Options{File: "x.log"}).Scan(&failReader{data: "a\n", err: rerr}, func(*event.Event) error { return nil })
	if !errors.Is(err, rerr) || !strings.Contains(err.Error(), "x.log") {
		t.Errorf("read error: %v", err)
	}
}

type failReader struct {
	data string
	err  error
}

func (r *failReader) Read(b []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(b, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestTimeCache checks that the one-entry time cache does not leak a
// time to a line with another zone or second.
func TestTimeCache(t *testing.T) {
	in := `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5
1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5
1.2.3.4 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 5
1.2.3.4 - - [10/Oct/2000:13:55:37 +0000] "GET / HTTP/1.1" 200 5
1.2.3.4 - - [10/Oct/2000:13:55:37 +0300] "GET / HTTP/1.1" 200 5
`
	wantAt := []string{"2000-10-10T13:55:36-07:00", "2000-10-10T13:55:36-07:00", "2000-10-10T13:55:36Z", "2000-10-10T13:55:37Z", "2000-10-10T13:55:37+03:00"}
	for i, ev := range scanAll(t, Options{}, in) {
		if got := ev.At.Format(time.RFC3339); got != wantAt[i] {
			t.Errorf("line %d: %s, want %s", i+1, got, wantAt[i])
		}
	}
}

func TestParseLine(t *testing.T) {
	p := NewParser(Options{File: "f"})
	if ev := p.ParseLine([]byte("#Fields: date time cs-method"), 1); ev != nil {
		t.Errorf("directive: %+v", ev)
	}
	ev := p.ParseLine([]byte("2024-01-02 03:04:05 GET"), 2)
	if ev == nil || ev.Type != event.TypeWebRequest || ev.Fields[event.FieldMethod] != "GET" || ev.Line != 2 || ev.File != "f" {
		t.Errorf("w3c line: %+v", ev)
	}
	if ev := p.ParseLine(nil, 3); ev != nil {
		t.Errorf("blank: %+v", ev)
	}
	ev = p.ParseLine([]byte(strings.Repeat("x", MaxLine+10)), 4)
	if ev.Type != "" || len(ev.Raw) != MaxLine || ev.Fields[event.FieldTruncated] != "true" {
		t.Errorf("long: %q %d", ev.Type, len(ev.Raw))
	}
	if st := p.Stats(); st.Lines != 4 || st.Directives != 1 || st.Parsed != 1 || st.Blank != 1 || st.Unparsed != 1 || st.Cut != 1 {
		t.Errorf("stats %+v", st)
	}
}

// TestApacheBacktracking: a default %t (with its brackets) after a user
// with a space, and a user agent holding the `" ` that follows it in
// the format.
func TestApacheBacktracking(t *testing.T) {
	f, err := ParseApacheFormat(`%h %u %t "%r" %>s "%{User-Agent}i" "%{X-Forwarded-For}i"`)
	if err != nil {
		t.Fatal(err)
	}
	line := `192.0.2.1 John Doe [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 "a" "b" "c" "203.0.113.1"`
	evs := scanAll(t, Options{Format: f}, line)
	check(t, evs[0], line, want{at: "2000-10-10T13:55:36-07:00", srcIP: "192.0.2.1", user: "John Doe", message: "GET / HTTP/1.1",
		fields: hf("GET", "/", "HTTP/1.1", "200", "", "user_agent", `a" "b" "c`, "x_forwarded_for", "203.0.113.1")})
}
