package access

import (
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/event"
)

var fuzzLines = []string{
	`127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08"`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 -`,
	`www.example.com:443 192.0.2.4 - - [01/Jan/2024:00:00:00 +0000] "POST /login HTTP/1.1" 302 - "-" "curl/8.5"`,
	`10.0.0.2 - - [01/Feb/2024:10:00:00 +0100] "GET /x HTTP/2.0" 404 153 "-" "ua \"x\"" "203.0.113.9, 10.0.0.1" rt=0.1`,
	`203.0.113.7, 10.0.0.1 - John Doe [10/Oct/2000:13:55:36.5 -0700] "\x16\x03\x01" 400 0 "-" "-"`,
	`"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /"a" HTTP/1.1" 200 5 "-" "x "y" z""`,
	`Oct 10 13:55:37 web1 nginx: 1.2.3.4 - - [31/Feb/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "curl`,
	"2024-01-02 03:04:05 10.0.0.5 GET /default.aspx id=1 443 - 203.0.113.9 Mozilla/5.0+(X) - 200 0 0 15",
}

// checkEvent asserts what holds for every event: it is whole, and the
// fields of a built-in-format event are pieces of its line.
func checkEvent(t *testing.T, ev *event.Event, line string) {
	if ev.Source != event.SourceWeb || ev.Raw != line {
		t.Fatalf("event %+v for %q", ev, line)
	}
	if ev.Type != "" && ev.Type != event.TypeWebRequest {
		t.Fatalf("type %q", ev.Type)
	}
	if ev.Type == "" && len(ev.Fields) > 1 {
		t.Fatalf("unparsed event with fields %v", ev.Fields)
	}
}

// FuzzLine parses one line with each built-in format: detection, the
// CLF family forced, and W3C behind a #Fields header.
func FuzzLine(f *testing.F) {
	for _, l := range fuzzLines {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if strings.ContainsAny(line, "\n") {
			return
		}
		for _, opts := range []Options{{}, {Format: Combined}} {
			p := NewParser(opts)
			var evs []*event.Event
			if err := p.Scan(strings.NewReader(line), func(ev *event.Event) error { evs = append(evs, ev); return nil }); err != nil {
				t.Fatal(err)
			}
			st := p.Stats()
			if st.Lines != st.Parsed+st.Unparsed+st.Directives+st.Blank || int64(len(evs)) != st.Parsed+st.Unparsed {
				t.Fatalf("stats %+v, %d events", st, len(evs))
			}
			for _, ev := range evs {
				want := strings.TrimSuffix(strings.TrimPrefix(line, "\xef\xbb\xbf"), "\r")
				checkEvent(t, ev, want)
				if ev.Type == "" {
					continue
				}
				for k, v := range ev.Fields {
					if !strings.Contains(ev.Raw, v) && k != event.FieldTruncated {
						t.Fatalf("field %s=%q not in the line %q", k, v, ev.Raw)
					}
				}
				for _, v := range []string{ev.SrcIP, ev.User, ev.Message} {
					if !strings.Contains(ev.Raw, v) {
						t.Fatalf("%q not in the line %q", v, ev.Raw)
					}
				}
			}
		}
		p := NewParser(Options{})
		in := "#Software: Microsoft Internet Information Services 10.0\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\n" + line
		if err := p.Scan(strings.NewReader(in), func(ev *event.Event) error { return nil }); err != nil {
			t.Fatal(err)
		}
		if st := p.Stats(); st.Lines != st.Parsed+st.Unparsed+st.Directives+st.Blank {
			t.Fatalf("w3c stats %+v", st)
		}
	})
}

// FuzzScan reads arbitrary files in detection mode.
func FuzzScan(f *testing.F) {
	f.Add(strings.Join(fuzzLines, "\n"))
	f.Add(iisLog)
	f.Add("#Fields: date time\n\n\r\n#Fields: x\nA B\n")
	f.Fuzz(func(t *testing.T, in string) {
		p := NewParser(Options{})
		var n int64
		if err := p.Scan(strings.NewReader(in), func(ev *event.Event) error {
			n++
			if ev.Source != event.SourceWeb || ev.Line < 1 {
				t.Fatalf("event %+v", ev)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		st := p.Stats()
		if st.Lines != st.Parsed+st.Unparsed+st.Directives+st.Blank || n != st.Parsed+st.Unparsed {
			t.Fatalf("stats %+v, %d events", st, n)
		}
	})
}

// fuzzFormat compiles a format and, when it compiles, parses lines with it.
func fuzzFormat(t *testing.T, compile func(string) (*Format, error), format, line string) {
	f, err := compile(format)
	if err != nil {
		if f != nil {
			t.Fatalf("format and error")
		}
		return
	}
	if len(f.items) == 0 {
		t.Fatalf("compiled to nothing: %q", format)
	}
	for i, it := range f.items {
		if i > 0 && it.kind != kLit && f.items[i-1].kind != kLit {
			t.Fatalf("two fields in a row: %q", format)
		}
	}
	for _, opts := range []Options{{Format: f}, {Formats: []*Format{f}}} {
		p := NewParser(opts)
		if err := p.Scan(strings.NewReader(line), func(ev *event.Event) error {
			if ev.Source != event.SourceWeb {
				t.Fatalf("event %+v", ev)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if st := p.Stats(); st.Lines != st.Parsed+st.Unparsed+st.Directives+st.Blank {
			t.Fatalf("stats %+v", st)
		}
	}
}

func FuzzNginxFormat(f *testing.F) {
	f.Add(`log_format main '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"';`, fuzzLines[3])
	f.Add(`'$time_iso8601 $server_addr:$server_port $remote_addr:$remote_port $request_method $request_uri $server_protocol $status $bytes_sent'`, `2024-03-01T12:00:00.5+02:00 10.0.0.9:443 198.51.100.7:51234 POST /upload.php?x=1 HTTP/2.0 201 5120`)
	f.Add(`$msec $remote_addr "$request_method $uri$is_args$args" $status $upstream_response_time`, `1700000000.250 192.0.2.1 "GET /a b/c?x=%41" 200 0.1, 0.2`)
	f.Add(`log_format js escape=json '{"t":"$time_iso8601","ip":"$remote_addr","req":"$request"}';`, `{"t":"2024-03-01T12:00:00+00:00","ip":"192.0.2.1","req":"GET /\"x\" HTTP/1.1"}`)
	f.Fuzz(func(t *testing.T, format, line string) {
		fuzzFormat(t, ParseNginxFormat, format, line)
	})
}

func FuzzApacheFormat(f *testing.F) {
	f.Add(`LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"" combined`, fuzzLines[0])
	f.Add(`"[%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t] %v:%p %h %m %U%q %H %<s %b %T %I %O"`, `[10/Oct/2000 13:55:36.123 -0700] www.example.com:8443 192.0.2.9 GET /search?q=a+b HTTP/1.1 200 10 2 300 400`)
	f.Add(`%{usec}t %A %h %{HTTPS}e %{ratio}n "%r" %!200,304{Cookie}C %{X}^ti`, `1700000000123456 10.0.0.1 192.0.2.9 on 42 "GET / HTTP/1.1" a b`)
	f.Add(`%{%D %e %j %a %B %y %I:%M %p %Z %s %F %R %n%t%%}t %s`, `01/02/24  2 002 Tue January 24 03:04 PM UTC 1700000000 2024-01-02 03:04 	% 200`)
	f.Fuzz(func(t *testing.T, format, line string) {
		fuzzFormat(t, ParseApacheFormat, format, line)
	})
}
