package sigma

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseMetadata(t *testing.T) {
	src := `title: Web Path Traversal
id: 3e4b1c00-0000-4000-8000-000000000001
status: experimental
description: Detects ../ in requests
references:
    - https://example.org/a
author: yingji
date: 2024-03-01
modified: 2024/03/02
tags:
    - attack.initial-access
    - attack.t1190
level: high
falsepositives: Scanners
fields:
    - c-ip
custom_key:
    nested: [1, 2]
logsource:
    category: webserver
detection:
    sel:
        c-uri|contains: '../'
    condition: sel
`
	r := parseOne(t, src, nil)
	if r.Title != "Web Path Traversal" || r.Status != "experimental" || r.Level != "high" || r.Author != "yingji" {
		t.Errorf("metadata: %+v", r)
	}
	if r.Date != "2024-03-01" || r.Modified != "2024/03/02" {
		t.Errorf("dates: %q %q", r.Date, r.Modified)
	}
	if len(r.Tags) != 2 || r.Tags[1] != "attack.t1190" || len(r.References) != 1 || r.FalsePositives[0] != "Scanners" || r.Fields[0] != "c-ip" {
		t.Errorf("lists: %+v", r)
	}
	if r.LogSource.Category != "webserver" || r.Raw["custom_key"] == nil {
		t.Errorf("logsource/raw: %+v", r.LogSource)
	}
	if !r.Match(ev("url=/x/../../etc/passwd")) || r.Match(ev("url=/index.html")) {
		t.Error("c-uri should map to url for webserver rules")
	}
}

func TestMultiDocument(t *testing.T) {
	src := `action: global
title: Global title
logsource:
    product: linux
    service: auditd
detection:
    condition: sel
---
id: r1
detection:
    sel:
        type: EXECVE
---
action: repeat
id: r2
title: Second
detection:
    sel:
        type: PATH
---
action: reset
---
title: Standalone
id: r3
logsource: {category: webserver}
detection:
    sel: {cs-method: POST}
    condition: sel
`
	rules, err := Parse("multi.yml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 3 {
		t.Fatalf("%d rules, want 3", len(rules))
	}
	if rules[0].Title != "Global title" || rules[0].ID != "r1" || rules[0].Doc != 2 {
		t.Errorf("rule 0: %q %q doc %d", rules[0].Title, rules[0].ID, rules[0].Doc)
	}
	if !rules[0].Match(ev("type=audit_execve")) || rules[0].Match(ev("type=audit_path")) {
		t.Error("auditd type should match audit_-prefixed event type")
	}
	if rules[1].Title != "Second" || !rules[1].Match(ev("type=audit_path")) {
		t.Errorf("repeat rule: %q", rules[1].Title)
	}
	if rules[2].Title != "Standalone" || !rules[2].Match(ev("method=post")) {
		t.Error("reset rule")
	}
}

func TestParseErrorsKeepGoodDocuments(t *testing.T) {
	src := `title: good one
detection: {s: {f: x}, condition: s}
---
title: bad one
detection: {s: {f|re: '(?!x)'}, condition: s}
---
title: good two
detection: {s: {f: y}, condition: s}
---
- not a mapping
---
title: [unterminated
`
	rules, err := Parse("mixed.yml", []byte(src), nil)
	if len(rules) != 2 || rules[0].Title != "good one" || rules[1].Title != "good two" {
		t.Fatalf("rules: %v", rules)
	}
	msg := err.Error()
	for _, want := range []string{`mixed.yml: document 2: rule "bad one"`, "RE2", "document 4: document is not a mapping", "document 5: YAML"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	var re *RuleError
	if !errors.As(err, &re) || re.File != "mixed.yml" {
		t.Errorf("errors.As RuleError: %v", re)
	}
}

func TestHostileInput(t *testing.T) {
	big := make([]byte, DefaultMaxFileSize+1)
	if _, err := Parse("big.yml", big, nil); err == nil || !strings.Contains(err.Error(), "larger") {
		t.Errorf("big file: %v", err)
	}
	// Billion laughs: the YAML decoder refuses excessive aliasing.
	laughs := "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n" +
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n" +
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]\ndetection: {s: *h, condition: s}\n"
	if _, err := Parse("laughs.yml", []byte(laughs), nil); err == nil || !strings.Contains(err.Error(), "excessive aliasing") {
		t.Errorf("alias expansion: %v, want the decoder's refusal", err)
	}
	// Windash on many flags is bounded.
	flags := strings.Repeat(" -a", 12)
	if _, err := Parse("w.yml", []byte(detRule(generic, "    s:\n        f|windash: '"+flags+"'\n    condition: s")), nil); err != nil {
		t.Errorf("windash with many flags: %v", err)
	}
}

func TestFieldMapPerLogsource(t *testing.T) {
	tests := []struct {
		logsource, field, want string
	}{
		{"    category: webserver", "cs-method", "method"},
		{"    category: webserver", "c-uri-query", "query"},
		{"    category: webserver", "c-uri-stem", "path"},
		{"    category: webserver", "sc-status", "status"},
		{"    category: webserver", "c-ip", "src_ip"},
		{"    category: webserver", "cs-user-agent", "user_agent"},
		{"    category: webserver", "cs-referer", "referer"},
		{"    category: webserver", "cs-host", "vhost"},
		{"    category: webserver", "cs-version", "protocol"},
		{"    product: linux\n    service: auditd", "SYSCALL", "syscall"},
		{"    product: linux\n    service: auditd", "key", "key"},
		{"    product: linux\n    service: auditd", "a0", "a0"},
		{"    product: linux\n    category: process_creation", "CommandLine", "command"},
		{"    product: linux\n    category: process_creation", "Image", "exe"},
		{"    product: linux\n    category: process_creation", "User", "user"},
		{"    product: linux\n    service: sshd", "User", "user"},
		{"    product: linux\n    service: sudo", "TargetUser", "target_user"},
		{"    product: windows", "SourceIp", "src_ip"},
		{"    product: whatever", "Unmapped", "Unmapped"},
		{"    product: whatever", "source.ip", "src_ip"},
	}
	for _, tc := range tests {
		r := parseOne(t, detRule(tc.logsource, "    s:\n        "+tc.field+": 'v'\n    condition: s"), nil)
		if !r.Match(ev(tc.want + "=V")) {
			t.Errorf("%s / %s: does not read canonical field %q", strings.TrimSpace(tc.logsource), tc.field, tc.want)
		}
	}
}

func TestFieldMapOverride(t *testing.T) {
	fm := DefaultFieldMap()
	fm.Add(FieldMapEntry{Category: "webserver", Fields: map[string]string{"c-uri": "path"}})
	fm.Add(FieldMapEntry{Fields: map[string]string{"Custom": "host"}})
	opts := &Options{FieldMap: fm}
	r := parseOne(t, detRule("    category: webserver", "    s:\n        c-uri: /x\n        cs-method: GET\n        Custom: h1\n    condition: s"), opts)
	if !r.Match(ev("path=/x", "method=GET", "host=h1")) || r.Match(ev("url=/x", "method=GET", "host=h1")) {
		t.Error("override not applied or default lost")
	}
	// A replaced table without defaults.
	bare := &Options{FieldMap: NewFieldMap()}
	r = parseOne(t, detRule("    category: webserver", "    s:\n        cs-method: GET\n    condition: s"), bare)
	if !r.Match(ev("cs-method=GET")) {
		t.Error("without a mapping the Sigma name should be used")
	}
}

func TestSetSourceRouting(t *testing.T) {
	web := detRule("    category: webserver", "    s:\n        - 'evil'\n    condition: s")
	ssh := strings.Replace(detRule("    product: linux\n    service: sshd", "    s:\n        - 'evil'\n    condition: s"), "0001", "0002", 1)
	any := strings.Replace(detRule("    product: other", "    s:\n        - 'evil'\n    condition: s"), "0001", "0003", 1)
	var rules []*Rule
	for _, s := range []string{web, ssh, any} {
		rs, err := Parse("x.yml", []byte(s), nil)
		if err != nil {
			t.Fatal(err)
		}
		rules = append(rules, rs...)
	}
	set, errs := NewSet(rules)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	count := func(e Event) int { return len(set.Match(e)) }
	if n := count(ev("source=web", "raw=evil")); n != 2 {
		t.Errorf("web event: %d matches, want 2 (web + unrestricted)", n)
	}
	if n := count(ev("source=sshd", "raw=evil")); n != 2 {
		t.Errorf("sshd event: %d matches, want 2", n)
	}
	if n := count(ev("source=cron", "raw=evil")); n != 1 {
		t.Errorf("cron event: %d matches, want 1", n)
	}
	if n := count(ev("raw=evil")); n != 3 {
		t.Errorf("sourceless event: %d matches, want 3", n)
	}
}

func TestLoadFS(t *testing.T) {
	good := detRule(generic, "    s:\n        f: x\n    condition: s")
	fsys := fstest.MapFS{
		"rules/a/good.yml":   {Data: []byte(good)},
		"rules/b/bad.yaml":   {Data: []byte("title: broken\ndetection:\n    s:\n        f|re: '(?=x)'\n    condition: s\n")},
		"rules/b/big.yml":    {Data: make([]byte, 300)},
		"rules/b/ignored.md": {Data: []byte("not yaml: [")},
		"rules/c/dup.yml":    {Data: []byte(good)},
		"rules/c/corr.yml":   {Data: []byte("title: c\ncorrelation: {type: event_count, rules: [nope], timespan: 5m, condition: {gte: 2}}\n")},
	}
	set, errs := LoadFS(fsys, "rules", &Options{MaxFileSize: 256})
	if len(set.Rules) != 1 {
		t.Errorf("%d rules loaded, want 1", len(set.Rules))
	}
	joined := errors.Join(errs...).Error()
	for _, want := range []string{
		`rules/b/bad.yaml: document 1: rule "broken"`,
		"rules/b/big.yml: file larger than 256 bytes",
		"rules/c/dup.yml: document 1: rule \"t\": duplicate id",
		`rules/c/corr.yml: document 1: rule "c": correlation refers to unknown rule "nope"`,
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("errors lack %q:\n%s", want, joined)
		}
	}
	if len(errs) != 4 {
		t.Errorf("%d errors, want 4:\n%s", len(errs), joined)
	}
}

func TestTestdataRules(t *testing.T) {
	set, errs := LoadFS(testdataFS, "testdata/rules", nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(set.Rules) < 6 {
		t.Fatalf("%d rules", len(set.Rules))
	}
	names := func(rs []*Rule) string {
		var s []string
		for _, r := range rs {
			s = append(s, r.Title)
		}
		return strings.Join(s, "|")
	}
	for _, tc := range []struct {
		ev   *MapEvent
		want string
	}{
		{ev("source=web", "method=GET", "url=/cgi-bin/../../etc/passwd", "path=/cgi-bin/../../etc/passwd", "status=200"), "Web Path Traversal"},
		{ev("source=web", "method=GET", "url=/index.php?file=%2e%2e%2fetc", "query=file=%2e%2e%2fetc", "status=200"), "Web Path Traversal"},
		{ev("source=web", "method=GET", "url=/index.html", "status=200"), ""},
		{ev("source=auditd", "type=audit_execve", "command=chmod +x /tmp/.x", "exe=/usr/bin/chmod"), "Execution Bit Set On Temporary File"},
		{ev("source=auditd", "type=audit_execve", "command=chmod 644 /tmp/x", "exe=/usr/bin/chmod"), ""},
		{ev("source=sshd", "type=ssh_failed", "src_ip=1.2.3.4"), "SSH Failed Login"},
		{ev("source=web", "type=ssh_failed", "src_ip=1.2.3.4"), ""},
		{ev("source=sshd", "type=ssh_accepted", "src_ip=1.2.3.4"), "SSH Successful Login"},
	} {
		if got := names(set.Match(tc.ev)); got != tc.want {
			t.Errorf("%v: matched %q, want %q", tc.ev, got, tc.want)
		}
	}
}

func TestMatcherBudget(t *testing.T) {
	var b strings.Builder
	b.WriteString(detRule(generic, "    s:\n        f|windash:\n"))
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, "            - ' -a -b -c -d -e v%d'\n", i)
	}
	b.WriteString("    condition: s\n")
	// The detection lines were appended after the condition-less body;
	// move the condition into the detection map.
	src := strings.Replace(b.String(), "\n    s:\n", "\n    condition: s\n    s:\n", 1)
	src = strings.TrimSuffix(src, "    condition: s\n")
	_, err := Parse("budget.yml", []byte(src), nil)
	if err == nil || !strings.Contains(err.Error(), "value matchers") {
		t.Errorf("error %v, want matcher budget error", err)
	}
}

// TestAggregation compiles the first specification's aggregations as
// correlations and runs one.
func TestAggregation(t *testing.T) {
	rules, err := Parse("agg.yml", []byte(`title: Failed logins with different accounts from one source
id: 11111111-2222-3333-4444-555555555555
logsource: {product: linux, service: sshd}
detection:
    selection:
        type: ssh_failed
    condition: selection | count(user) by src_ip > 2
timeframe: 10m
level: medium
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 2 || rules[1].Correlation == nil || rules[1].ID != "11111111-2222-3333-4444-555555555555" ||
		rules[1].Correlation.Type != "value_count" || rules[1].Correlation.Field != "user" || rules[1].Correlation.GroupBy[0] != "src_ip" {
		t.Fatalf("rules %+v", rules)
	}
	set, errs := NewSet(rules)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if !rules[0].Hidden {
		t.Error("the base rule reports on its own")
	}
	c := NewCorrelator(set, nil)
	var got []*CorrelationMatch
	for i, user := range []string{"root", "admin", "root", "oracle"} {
		e := at(i*10, "source=sshd", "type=ssh_failed", "src_ip=192.0.2.7", "user="+user)
		got = append(got, c.Process(e, set.Match(e))...)
	}
	got = append(got, c.Flush()...)
	if len(got) != 1 || got[0].Distinct != 3 {
		t.Errorf("matches %+v", got)
	}
	for _, bad := range []string{"selection | max(x) > 3", "selection | near other", "selection | count() by > 3"} {
		_, err := Parse("bad.yml", []byte("title: x\nlogsource: {product: linux}\ndetection:\n    selection: {a: b}\n    condition: '"+bad+"'\n"), nil)
		if err == nil || !strings.Contains(err.Error(), "aggregation") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// TestTypeIndex checks that the rules skipped by the type index are
// rules that could not match, whatever the shape of their condition.
func TestTypeIndex(t *testing.T) {
	dets := []string{
		"    s:\n        type: ssh_failed\n    condition: s",
		"    s:\n        type|cased: SSH_Failed\n    condition: s",
		"    s:\n        type:\n            - ssh_failed\n            - ssh_accepted\n        user: root\n    condition: s",
		"    a:\n        type: ssh_failed\n    b:\n        type: su_failed\n    condition: a or b",
		"    a:\n        type: ssh_failed\n    b:\n        user: root\n    condition: a or b",
		"    s:\n        type: ssh_failed\n    condition: not s",
		"    s:\n        type: null\n    condition: s",
		"    s:\n        type|contains: failed\n    condition: s",
		"    s:\n        type|neq: ssh_failed\n    condition: s",
		"    s:\n        type|all:\n            - ssh_failed\n            - ssh_failed\n    condition: s",
		"    a:\n        type: ssh_failed\n    b:\n        user: root\n    condition: all of them",
		"    s:\n        - type: ssh_failed\n        - user: root\n    condition: s",
		"    s:\n        type: 'ssh_*'\n    condition: s",
		"    s:\n        user: root\n    condition: s",
	}
	var rules []*Rule
	for i, d := range dets {
		src := strings.Replace(detRule("    product: linux\n    service: sshd", d), "0001", fmt.Sprintf("%04d", i+1), 1)
		rs, err := Parse("x.yml", []byte(src), nil)
		if err != nil {
			t.Fatalf("rule %d: %v", i, err)
		}
		rules = append(rules, rs...)
	}
	set, errs := NewSet(rules)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, src := range []string{"source=sshd", "source=web", ""} {
		for _, typ := range []string{"type=ssh_failed", "type=SSH_FAILED", "type=Ssh_Failed", "type=ssh_accepted", "type=su_failed", "type=ssh_other", "type=", ""} {
			for _, user := range []string{"user=root", "user=x"} {
				e := ev(src, typ, user)
				got, want := set.Match(e), matchEvery(set, e)
				if !slices.Equal(got, want) {
					t.Errorf("%s %s %s: index gives %d rules, every rule %d", src, typ, user, len(got), len(want))
				}
			}
		}
	}
	x := set.forSource("sshd")
	su := -1
	for _, tr := range x.byType {
		if tr.typ == "su_failed" {
			su = len(tr.rules)
		}
	}
	if su < 0 || su >= len(x.rules) {
		t.Errorf("sshd rules not indexed by type: %d types", len(x.byType))
	}
}
