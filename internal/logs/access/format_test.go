package access

import (
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/event"
)

func TestNginxFormats(t *testing.T) {
	tests := []struct {
		name   string
		format string
		line   string
		want   want
	}{
		{"directive with several strings and escape=",
			`log_format  timed escape=default '$remote_addr - $remote_user [$time_local] "$request" '
			                   '$status $body_bytes_sent "$http_referer" '
			                   '"$http_user_agent" $request_time $upstream_response_time "$upstream_addr" $host';`,
			`10.0.0.1 - bob [10/Oct/2000:13:55:36 -0700] "GET /a?b=c HTTP/1.1" 200 12 "-" "curl/8" 0.005 0.004, 0.001 "10.1.1.1:80, 10.1.1.2:80" example.org`,
			want{at: "2000-10-10T13:55:36-07:00", srcIP: "10.0.0.1", user: "bob", message: "GET /a?b=c HTTP/1.1",
				fields: hf("GET", "/a?b=c", "HTTP/1.1", "200", "12", "user_agent", "curl/8", "request_time", "0.005",
					"upstream_response_time", "0.004, 0.001", "upstream_addr", "10.1.1.1:80, 10.1.1.2:80", "vhost", "example.org")}},
		{"iso8601, split request, ports",
			`'$time_iso8601 $server_addr:$server_port $remote_addr:$remote_port $request_method $request_uri $server_protocol $status $bytes_sent'`,
			`2024-03-01T12:00:00.5+02:00 10.0.0.9:443 198.51.100.7:51234 POST /upload.php?x=1 HTTP/2.0 201 5120`,
			want{at: "2024-03-01T12:00:00.5+02:00", srcIP: "198.51.100.7", srcPort: 51234, dstIP: "10.0.0.9", dstPort: 443,
				fields: hf("POST", "/upload.php?x=1", "HTTP/2.0", "201", "5120")}},
		{"msec and $uri?$args",
			`$msec $remote_addr "$request_method $uri?$args" $status`,
			`1700000000.250 192.0.2.1 "GET /a b/c?x=%41" 200`,
			want{at: "2023-11-14T22:13:20.25Z", srcIP: "192.0.2.1",
				fields: hf("GET", "/a b/c?x=%41", "", "200", "")}},
		{"json (escape=json)",
			`log_format js escape=json '{"t":"$time_iso8601","ip":"$remote_addr","req":"$request","st":$status,"ua":"$http_user_agent","ck":"$cookie_session"}';`,
			`{"t":"2024-03-01T12:00:00+00:00","ip":"192.0.2.1","req":"GET /\"x\" HTTP/1.1","st":404,"ua":"a\",\"b","ck":"abc"}`,
			want{at: "2024-03-01T12:00:00Z", srcIP: "192.0.2.1", message: `GET /\"x\" HTTP/1.1`,
				fields: hf("GET", `/\"x\"`, "HTTP/1.1", "404", "", "user_agent", `a\",\"b`, "cookie_session", "abc")}},
		{"x_forwarded_for first, ${var} form",
			`${http_x_forwarded_for} - [$time_local] "$request" $status`,
			`203.0.113.5, 10.0.0.1 - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200`,
			want{at: "2000-10-10T13:55:36Z", message: "GET / HTTP/1.1",
				fields: hf("GET", "/", "HTTP/1.1", "200", "", "x_forwarded_for", "203.0.113.5, 10.0.0.1")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseNginxFormat(tt.format)
			if err != nil {
				t.Fatal(err)
			}
			evs := scanAll(t, Options{Format: f}, tt.line+"\n")
			check(t, evs[0], tt.line, tt.want)
		})
	}
}

func TestApacheFormats(t *testing.T) {
	tests := []struct {
		name   string
		format string
		line   string
		want   want
	}{
		{"LogFormat with conditions, %D, %{X}i, %a",
			`LogFormat "%a %l %u %t \"%r\" %>s %B \"%{Referer}i\" \"%{User-agent}i\" %D %{X-Forwarded-For}i \"%!200,304{Cookie}i\"" timed`,
			`192.0.2.9 - - [10/Oct/2000:13:55:36 -0700] "GET /x HTTP/1.1" 200 0 "http://r/" "ua \"q\"" 1500 203.0.113.1 "-"`,
			want{at: "2000-10-10T13:55:36-07:00", srcIP: "192.0.2.9", message: "GET /x HTTP/1.1",
				fields: hf("GET", "/x", "HTTP/1.1", "200", "0", "referer", "http://r/", "user_agent", `ua \"q\"`,
					"request_time_us", "1500", "x_forwarded_for", "203.0.113.1")}},
		{"strftime time in pieces, %U%q, %v %p, %T",
			`"[%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t] %v:%p %h %m %U%q %H %<s %b %T %I %O"`,
			`[10/Oct/2000 13:55:36.123 -0700] www.example.com:8443 192.0.2.9 GET /search?q=a+b HTTP/1.1 200 10 2 300 400`,
			want{at: "2000-10-10T13:55:36.123-07:00", srcIP: "192.0.2.9", dstPort: 8443,
				fields: hf("GET", "/search?q=a+b", "HTTP/1.1", "200", "10", "vhost", "www.example.com", "request_time", "2",
					"bytes_received", "300", "bytes_sent", "400")}},
		{"strftime without zone and epoch seconds",
			`%{%Y-%m-%d %H:%M:%S}t %{remote}p %h "%r" %s`,
			`2024-01-02 03:04:05 40000 192.0.2.9 "GET / HTTP/1.1" 500`,
			want{at: "2024-01-02T03:04:05Z", guessed: true, srcIP: "192.0.2.9", srcPort: 40000, message: "GET / HTTP/1.1",
				fields: hf("GET", "/", "HTTP/1.1", "500", "")}},
		{"%{sec}t and Debian's %O as bytes",
			`%{sec}t %h "%r" %>s %O`,
			`1700000000 192.0.2.9 "GET / HTTP/1.1" 200 999`,
			want{at: "2023-11-14T22:13:20Z", srcIP: "192.0.2.9", message: "GET / HTTP/1.1",
				fields: hf("GET", "/", "HTTP/1.1", "200", "999")}},
		{"%{usec}t, %A, env and notes",
			`%{usec}t %A %h %{HTTPS}e %{ratio}n "%r" %s`,
			`1700000000123456 10.0.0.1 192.0.2.9 on 42 "GET / HTTP/1.1" 200`,
			want{at: "2023-11-14T22:13:20.123456Z", srcIP: "192.0.2.9", dstIP: "10.0.0.1", message: "GET / HTTP/1.1",
				fields: hf("GET", "/", "HTTP/1.1", "200", "", "https", "on", "ratio", "42")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseApacheFormat(tt.format)
			if err != nil {
				t.Fatal(err)
			}
			evs := scanAll(t, Options{Format: f}, tt.line+"\n")
			check(t, evs[0], tt.line, tt.want)
		})
	}
}

func TestFormatNames(t *testing.T) {
	f, err := ParseApacheFormat(`LogFormat "%h %l %u %t \"%r\" %>s %b" common`)
	if err != nil || f.Name != "common" || f.Syntax != SyntaxApache || f.Spec != `%h %l %u %t "%r" %>s %b` || !f.clf {
		t.Errorf("apache: %+v %v", f, err)
	}
	f, err = ParseNginxFormat(`log_format main '$remote_addr - $remote_user [$time_local] "$request" '
		'$status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"';`)
	if err != nil || f.Name != "main" || f.Syntax != SyntaxNginx || !f.clf {
		t.Errorf("nginx main: %+v %v", f, err)
	}
	f, err = ParseNginxFormat(`$remote_addr $status`)
	if err != nil || f.Name != "nginx" || f.clf {
		t.Errorf("nginx bare: %+v %v", f, err)
	}
	if got := f.String(); got != "nginx (nginx)" {
		t.Errorf("String %q", got)
	}
}

func TestFormatErrors(t *testing.T) {
	for _, s := range []string{
		"", "no fields at all", "$remote_addr$status", `log_format x '$status`, `log_format`,
		`log_format x '$status'; extra`, "${status", "$ $", "log_format x escape=json",
	} {
		if f, err := ParseNginxFormat(s); err == nil {
			t.Errorf("nginx %q: no error, %v", s, f.items)
		}
	}
	for _, s := range []string{
		"", "%", "%Z", "%{x}", "%h%u", `LogFormat "%h`, "%{%Q}t", "%{bad}p", "%{x}T", "%{x}^tx", "%i", "%e", "100%%",
	} {
		if f, err := ParseApacheFormat(s); err == nil {
			t.Errorf("apache %q: no error, %v", s, f.items)
		}
	}
}

// TestFormatsFromConfig checks detection with the configuration's
// formats: each line goes to the format it fits, the configuration's
// first.
func TestFormatsFromConfig(t *testing.T) {
	timed, err := ParseNginxFormat(`log_format timed '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time';`)
	if err != nil {
		t.Fatal(err)
	}
	in := `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /a HTTP/1.1" 200 5 "-" "curl/8" 0.250
1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /b HTTP/1.1" 200 5
junk
1.2.3.4 - - [10/Oct/2000:13:55:37 -0700] "GET /c HTTP/1.1" 200 5 "-" "curl/8" 0.125
`
	p := NewParser(Options{Formats: []*Format{timed}})
	var evs []*event.Event
	if err := p.Scan(strings.NewReader(in), func(ev *event.Event) error { evs = append(evs, ev); return nil }); err != nil {
		t.Fatal(err)
	}
	if evs[0].Fields["request_time"] != "0.250" || evs[0].Fields[FieldExtra] != "" ||
		evs[1].Fields[event.FieldURL] != "/b" || evs[2].Type != "" || evs[3].Fields["request_time"] != "0.125" {
		for _, ev := range evs {
			t.Logf("%d %q %v", ev.Line, ev.Type, ev.Fields)
		}
		t.Error("wrong formats")
	}
	st := p.Stats()
	if st.Formats["timed"] != 2 || st.Formats["combined"] != 1 || st.Unparsed != 1 {
		t.Errorf("stats %+v", st)
	}
	// Forced, the format alone is tried.
	p = NewParser(Options{Format: timed})
	n := 0
	if err := p.Scan(strings.NewReader(in), func(ev *event.Event) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if st := p.Stats(); st.Parsed != 2 || st.Unparsed != 2 || n != 4 {
		t.Errorf("forced: %+v", st)
	}
}

func TestLocation(t *testing.T) {
	f, err := ParseApacheFormat(`%{%Y-%m-%d %H:%M:%S}t %h "%r" %s`)
	if err != nil {
		t.Fatal(err)
	}
	loc := time.FixedZone("X", 3600)
	evs := scanAll(t, Options{Format: f, Location: loc}, `2024-01-02 03:04:05 192.0.2.9 "GET / HTTP/1.1" 500`+"\n")
	if got := evs[0].At.Format(time.RFC3339); got != "2024-01-02T03:04:05+01:00" || !evs[0].TimeGuessed {
		t.Errorf("At %s guessed %v", got, evs[0].TimeGuessed)
	}
}

// TestBacktrackBudget feeds a format many possible ends per field: it
// must fail quickly rather than try them all.
func TestBacktrackBudget(t *testing.T) {
	f, err := ParseNginxFormat(`$remote_user $remote_user $remote_user $remote_user $remote_user $remote_user $status`)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Repeat("a ", 20000) + "x"
	evs := scanAll(t, Options{Format: f}, line)
	if evs[0].Type != "" {
		t.Errorf("parsed: %v", evs[0].Fields)
	}
	// It failed because the bound stopped it, not because every way of
	// cutting the line was tried.
	var m matcher
	if m.match(f, line) || m.budget >= 0 {
		t.Errorf("matched or stopped with budget %d left", m.budget)
	}
}
