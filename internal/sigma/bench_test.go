package sigma

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// benchRules builds ~50 rules shaped like real webserver, sshd, auditd
// and process-creation rules.
func benchRules(tb testing.TB) *Set {
	var docs []string
	webNeedles := [][]string{
		{"../", "..%2f", "%2e%2e"}, {"/etc/passwd", "/etc/shadow"}, {"union select", "union all select"},
		{"<script", "javascript:"}, {"cmd.exe", "powershell"}, {"/wp-admin/", "/xmlrpc.php"},
		{"${jndi:", "%24%7bjndi"}, {"/.git/", "/.env"}, {"phpunit", "eval-stdin.php"}, {"sleep(", "benchmark("},
	}
	for i, n := range webNeedles {
		docs = append(docs, fmt.Sprintf(`title: web %d
logsource: {category: webserver}
detection:
    sel:
        c-uri|contains: ['%s']
    filter:
        sc-status: [404, 400]
    condition: sel and not filter`, i, strings.Join(n, "', '")))
		docs = append(docs, fmt.Sprintf(`title: web ua %d
logsource: {category: webserver}
detection:
    sel:
        cs-user-agent|contains: ['scanner%d', 'bot%d']
        cs-method: [GET, POST]
    condition: sel`, i, i, i))
	}
	for i := 0; i < 15; i++ {
		docs = append(docs, fmt.Sprintf(`title: ssh %d
logsource: {product: linux, service: sshd}
detection:
    sel:
        type: ssh_%d
    kw:
        - 'pattern number %d'
    condition: sel or kw`, i, i, i))
	}
	for i := 0; i < 10; i++ {
		docs = append(docs, fmt.Sprintf(`title: auditd %d
logsource: {product: linux, service: auditd}
detection:
    sel:
        type: EXECVE
        proctitle|contains|all: ['tool%d', '-x']
    condition: sel`, i, i))
	}
	for i := 0; i < 5; i++ {
		docs = append(docs, fmt.Sprintf(`title: generic %d
logsource: {product: linux}
detection:
    sel:
        user|re: '^svc%d_[a-z]+$'
        src_ip|cidr: 192.0.%d.0/24
    condition: sel`, i, i, i))
	}
	rules, err := Parse("bench.yml", []byte(strings.Join(docs, "\n---\n")), nil)
	if err != nil {
		tb.Fatal(err)
	}
	set, errs := NewSet(rules)
	if len(errs) > 0 {
		tb.Fatal(errs)
	}
	return set
}

func benchEvents() (ssh, web []*MapEvent) {
	for i := 0; i < 64; i++ {
		ssh = append(ssh, ev("source=sshd", "type=ssh_failed", "user=root", fmt.Sprintf("src_ip=203.0.113.%d", i), "src_port=51234",
			fmt.Sprintf("raw=Mar  1 12:00:00 host sshd[1234]: Failed password for root from 203.0.113.%d port 51234 ssh2", i)))
		web = append(web, ev("source=web", "method=GET", fmt.Sprintf("url=/shop/item.php?id=%d&ref=home", i), "path=/shop/item.php",
			fmt.Sprintf("query=id=%d&ref=home", i), "status=200", "bytes=5120", "src_ip=198.51.100.7",
			"user_agent=Mozilla/5.0 (X11; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0", "referer=https://example.org/shop/"))
	}
	return
}

func BenchmarkMatch(b *testing.B) {
	set := benchRules(b)
	sshEvs, webEvs := benchEvents()
	for _, bc := range []struct {
		name string
		evs  []*MapEvent
	}{{"sshd", sshEvs}, {"web", webEvs}} {
		b.Run(bc.name, func(b *testing.B) {
			var dst []*Rule
			b.ReportAllocs()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				dst = set.AppendMatches(dst[:0], bc.evs[i%len(bc.evs)])
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
		})
	}
}

func BenchmarkCorrelate(b *testing.B) {
	set, errs := LoadFS(testdataFS, "testdata/rules", nil)
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	c := NewCorrelator(set, nil)
	sshEvs, _ := benchEvents()
	var dst []*Rule
	b.ReportAllocs()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		e := sshEvs[i%len(sshEvs)]
		e.At = t0.Add(time.Duration(i) * time.Millisecond)
		dst = set.AppendMatches(dst[:0], e)
		c.Process(e, dst)
	}
	c.Flush()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
}
