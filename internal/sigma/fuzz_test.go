package sigma

import (
	"io/fs"
	"testing"
)

var fuzzEvents = []*MapEvent{
	ev("source=web", "method=GET", "url=/a/../etc/passwd?x=1", "path=/a/../etc/passwd", "query=x=1", "status=200", "src_ip=10.0.0.1", "raw=GET /a/../etc/passwd"),
	ev("source=sshd", "type=ssh_failed", "user=root", "src_ip=2001:db8::1", "raw=Failed password for root"),
	ev("@30", "source=auditd", "type=audit_execve", "command=chmod +x /tmp/x", "exe=/usr/bin/chmod"),
	ev(),
}

func FuzzParse(f *testing.F) {
	fs.WalkDir(testdataFS, "testdata/rules", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := testdataFS.ReadFile(p)
			f.Add(data)
		}
		return nil
	})
	f.Add([]byte(detRule(generic, "    s:\n        f|windash|contains|all: ['-a', '/b']\n        g|base64offset|contains: x\n    condition: 1 of s*")))
	f.Add([]byte(detRule(generic, "    s:\n        f|re|i|m|s: 'a.b'\n        g|cidr: ::/0\n        h|expand: '%p%'\n    condition: all of them")))
	f.Add([]byte("action: global\nlogsource: {product: linux}\n---\ntitle: a\ndetection: {k: [x, y], condition: not k}\n---\naction: repeat\n"))
	f.Add([]byte(baseRules + "---\ntitle: c\ncorrelation: {type: temporal_ordered, rules: [failed, accepted], group-by: [src_ip], timespan: 1m}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, _ := Parse("fuzz.yml", data, &Options{Placeholders: map[string][]string{"p": {"x*", "y"}}})
		set, _ := NewSet(rules)
		c := NewCorrelator(set, &CorrelatorOptions{MaxGroups: 4, MaxEventsPerGroup: 4})
		for _, e := range fuzzEvents {
			c.Process(e, set.Match(e))
		}
		c.Flush()
	})
}

func FuzzCondition(f *testing.F) {
	for _, s := range []string{
		"a", "not a", "a and b or not c", "(a or b) and not (c)", "1 of sel*", "all of them",
		"2 of them", "any of a*", "all of sel_? and not _filter", "a | count() > 1", "((a", "not not not b",
	} {
		f.Add(s)
	}
	sels := condSels(map[string]bool{"a": true, "b": false, "c": true, "sel_1": true, "sel_2": false, "_filter": false})
	f.Fuzz(func(t *testing.T, cond string) {
		n, err := parseCondition(cond, sels)
		if err == nil {
			n.eval(nil)
		} else if n != nil {
			t.Fatal("node with error")
		}
	})
}
