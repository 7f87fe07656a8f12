package access

import (
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/event"
)

const iisLog = `#Software: Microsoft Internet Information Services 10.0
#Version: 1.0
#Date: 2024-01-02 03:04:05
#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken
2024-01-02 03:04:05 10.0.0.5 GET /default.aspx id=1&x=%27 443 - 203.0.113.9 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) https://example.com/ 200 0 0 15
2024-01-02 03:04:06.125 10.0.0.5 POST /upload.aspx - 443 CONTOSO\jdoe 203.0.113.9 curl/8.0 - 500 19 0 1200
#Software: Microsoft Internet Information Services 10.0
#Version: 1.0
#Date: 2024-01-02 04:00:00
#Fields: date time s-sitename s-computername s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken
2024-01-02 04:00:00 W3SVC1 WEB01 10.0.0.5 GET /a.asp - 80 - 2001:db8::5 HTTP/1.1 Mozilla/5.0 ASP=1 - www.example.com 404 0 2 1234 321 7
2024-01-02 04:00:01 too few columns
2024-13-02 04:00:00 W3SVC1 WEB01 10.0.0.5 GET /a.asp - 80 - 2001:db8::5 HTTP/1.1 Mozilla/5.0 ASP=1 - www.example.com 404 0 2 1234 321 7
`

func TestW3C(t *testing.T) {
	lines := strings.Split(iisLog, "\n")
	for _, opts := range []Options{{}, {Format: IIS}} {
		p := NewParser(opts)
		var evs []*event.Event
		if err := p.Scan(strings.NewReader(iisLog), func(ev *event.Event) error { evs = append(evs, ev); return nil }); err != nil {
			t.Fatal(err)
		}
		st := p.Stats()
		if st.Lines != 13 || st.Directives != 8 || st.Parsed != 3 || st.Unparsed != 2 || st.Formats["w3c"] != 3 {
			t.Errorf("%v: stats %+v", opts.Format, st)
		}
		if len(evs) != 5 {
			t.Fatalf("%d events", len(evs))
		}
		check(t, evs[0], lines[4], want{at: "2024-01-02T03:04:05Z", srcIP: "203.0.113.9", dstIP: "10.0.0.5", dstPort: 443,
			fields: hf("GET", "/default.aspx?id=1&x=%27", "", "200", "",
				"user_agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "referer", "https://example.com/",
				"sc_substatus", "0", "sc_win32_status", "0", "time_taken", "15")})
		check(t, evs[1], lines[5], want{at: "2024-01-02T03:04:06.125Z", srcIP: "203.0.113.9", dstIP: "10.0.0.5", dstPort: 443, user: `CONTOSO\jdoe`,
			fields: hf("POST", "/upload.aspx", "", "500", "", "user_agent", "curl/8.0",
				"sc_substatus", "19", "sc_win32_status", "0", "time_taken", "1200")})
		check(t, evs[2], lines[10], want{at: "2024-01-02T04:00:00Z", srcIP: "2001:db8::5", dstIP: "10.0.0.5", dstPort: 80, host: "WEB01",
			fields: hf("GET", "/a.asp", "HTTP/1.1", "404", "1234", "user_agent", "Mozilla/5.0", "vhost", "www.example.com",
				"s_sitename", "W3SVC1", "cs_cookie_", "ASP=1", "sc_substatus", "0", "sc_win32_status", "2", "cs_bytes", "321", "time_taken", "7")})
		if evs[3].Type != "" || evs[3].Line != 12 || evs[4].Type != "" || evs[4].Line != 13 {
			t.Errorf("bad lines: %+v %+v", evs[3], evs[4])
		}
	}
}

func TestW3CWithoutHeader(t *testing.T) {
	line := "2024-01-02 03:04:05 GET /x 200"
	// Without columns the line is unparsed...
	if evs := scanAll(t, Options{Format: IIS}, line); evs[0].Type != "" {
		t.Errorf("parsed without #Fields: %+v", evs[0])
	}
	// ... with the columns of a sibling file it is read, in the given
	// zone (marked guessed: the format says UTC).
	f, err := ParseW3CFields("#Fields: date time cs-method cs-uri-stem sc-status")
	if err != nil {
		t.Fatal(err)
	}
	loc := time.FixedZone("", -5*3600)
	evs := scanAll(t, Options{Format: f, Location: loc}, line)
	check(t, evs[0], line, want{at: "2024-01-02T03:04:05-05:00", guessed: true, fields: hf("GET", "/x", "", "200", "")})
	if _, err := ParseW3CFields("#Fields:   "); err == nil {
		t.Error("empty #Fields accepted")
	}
	// A #Fields line that cannot be compiled is delivered, and the lines
	// after it are not read with the old columns.
	p := NewParser(Options{})
	var types []string
	in := "#Fields: date time cs-method\n2024-01-02 03:04:05 GET\n#Fields:\n2024-01-02 03:04:05 GET\n"
	if err := p.Scan(strings.NewReader(in), func(ev *event.Event) error { types = append(types, ev.Type); return nil }); err != nil {
		t.Fatal(err)
	}
	if strings.Join(types, ",") != "web_request,," {
		t.Errorf("types %q", types)
	}
}
