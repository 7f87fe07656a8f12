package logs

import (
	"bufio"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/testcorpus"
	"github.com/yingji/yingji/rules"
)

// TestCSIC2010 measures the web-attack rules on the CSIC 2010 HTTP data
// set (benchmark-only data, hence run only with YINGJI_CSIC=1): the share
// of its 36,000 normal requests reported (false positives) and of its
// 25,065 anomalous ones (recall, which is low by construction: many
// "anomalies" are odd values, not attacks). An access log has no request
// body, so a POST is judged on its URL alone, as the rules would see it;
// the figures with the body appended to the URL are given too.
func TestCSIC2010(t *testing.T) {
	if os.Getenv("YINGJI_CSIC") == "" {
		t.Skip("YINGJI_CSIC not set (benchmark-only data)")
	}
	dir := testcorpus.Path(t, "logs/csic2010")
	set, err := rules.SigmaSet()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"normalTrafficTraining.txt.gz", "anomalousTrafficTest.txt.gz"} {
		reqs := readCSIC(t, filepath.Join(dir, name))
		for _, withBody := range []bool{false, true} {
			reported := 0
			for i, r := range reqs {
				target := r.target
				if withBody && r.body != "" {
					sep := "?"
					if strings.Contains(target, "?") {
						sep = "&"
					}
					target += sep + r.body
				}
				e := &event.Event{At: time.Unix(int64(i), 0), Source: event.SourceWeb, Type: event.TypeWebRequest,
					SrcIP: "192.0.2.1", Raw: r.method + " " + target}
				e.Set(event.FieldMethod, r.method)
				e.Set(event.FieldURL, target)
				path, query, _ := strings.Cut(target, "?")
				e.Set(event.FieldPath, path)
				e.Set(event.FieldQuery, query)
				e.Set(event.FieldStatus, "200")
				e.Set(event.FieldUserAgent, "Mozilla/5.0 (compatible; Konqueror/3.5; Linux) KHTML/3.5.8 (like Gecko)")
				d := NewDetector(set)
				d.Event(e)
				if d.Matched > 0 {
					reported++
				}
			}
			t.Logf("%s (body in URL: %v): %d/%d requests reported (%.2f%%)", name, withBody, reported, len(reqs), 100*float64(reported)/float64(len(reqs)))
		}
	}
}

type csicRequest struct{ method, target, body string }

// readCSIC reads the data set's requests: a request line with an
// absolute URL, headers, a blank line, and for POST and PUT a body line.
func readCSIC(t *testing.T, path string) []csicRequest {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(gz)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var out []csicRequest
	var cur *csicRequest
	inBody := false
	for sc.Scan() {
		line := sc.Text()
		if m, rest, ok := strings.Cut(line, " "); ok && (m == "GET" || m == "POST" || m == "PUT") && strings.HasPrefix(rest, "http") {
			out = append(out, csicRequest{method: m})
			cur = &out[len(out)-1]
			u := strings.TrimSuffix(rest, " HTTP/1.1")
			if i := strings.Index(u, "://"); i >= 0 {
				if j := strings.IndexByte(u[i+3:], '/'); j >= 0 {
					u = u[i+3+j:]
				}
			}
			cur.target, inBody = u, false
			continue
		}
		switch {
		case cur == nil:
		case line == "":
			inBody = cur.method != "GET"
		case inBody && cur.body == "":
			cur.body = line
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
