package sigma

import (
	"io/fs"
	"slices"
	"testing"
)

var fuzzEvents = []*MapEvent{
	ev("source=web", "method=GET", "url=/a/../etc/passwd?x=1", "path=/a/../etc/passwd", "query=x=1", "status=200", "src_ip=10.0.0.1", "raw=GET /a/../etc/passwd"),
	ev("source=sshd", "type=ssh_failed", "user=root", "src_ip=2001:db8::1", "raw=Failed password for root"),
	ev("@30", "source=auditd", "type=audit_execve", "command=chmod +x /tmp/x", "exe=/usr/bin/chmod"),
	ev("source=sshd", "type=SSH_Accepted", "user=root", "raw=Accepted password for root"),
	ev("source=sshd", "type=", "raw=Connection closed"),
	ev("type=x", "f=x", "g=x", "raw=x"),
	ev("source=sudo", "command=curl http://x | sh", "f=Abc\xc3\xa9 x", "g=abc é", "raw=sudo: CURL http://X | SH"),
	ev("source=sudo", "type=sudo", "user=root", "f=", "raw=sudo: root : TTY=pts/0"), // without the fields most rules need
	ev(),
}

// slowPath turns off the fast path of fieldItem.eval under n.
func slowPath(n node) {
	switch n := n.(type) {
	case *fieldItem:
		n.folded = nil
	case andNode:
		for _, c := range n {
			slowPath(c)
		}
	case orNode:
		for _, c := range n {
			slowPath(c)
		}
	case notNode:
		slowPath(n.n)
	case *ofNode:
		for _, c := range n.nodes {
			slowPath(c)
		}
	}
}

// matchEvery is Set.Match without the index: every detection rule whose
// logsource admits the event, evaluated.
func matchEvery(s *Set, e Event) []*Rule {
	var out []*Rule
	src, hasSrc := e.Field("source")
	for _, r := range s.detection {
		if hasSrc && r.sources != nil && !contains(r.sources, src) {
			continue
		}
		if r.cond.eval(e, nil) {
			out = append(out, r)
		}
	}
	return out
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
		var got [][]*Rule
		mt := set.NewMatcher()
		for _, e := range fuzzEvents {
			m := set.Match(e)
			got = append(got, m)
			c.Process(e, m)
			// a Matcher, with the fields it keeps for the event
			if fast := mt.AppendMatches(nil, e); !slices.Equal(fast, m) {
				t.Fatalf("%v: a Matcher gives %v, Set.Match %v", e, fast, m)
			}
		}
		// the same without the type index and without the fast path of
		// case-insensitive strings
		for _, r := range set.detection {
			slowPath(r.cond)
		}
		for i, e := range fuzzEvents {
			if want := matchEvery(set, e); !slices.Equal(got[i], want) {
				t.Fatalf("%v: the fast paths give %v, every rule evaluated slowly %v", e, got[i], want)
			}
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
			n.eval(nil, nil)
		} else if n != nil {
			t.Fatal("node with error")
		}
	})
}

// FuzzLowered checks what fieldItem.eval does with a value that has
// upper-case letters: lowered once and compared as it is, it matches a
// case-insensitive ASCII pattern as folding it letter by letter does.
func FuzzLowered(f *testing.F) {
	f.Add("*Wget *", "sudo WGET http://x")
	f.Add("A?c*", "aBC")
	f.Add("/ETC/passwd", "/etc/PASSWD")
	f.Fuzz(func(t *testing.T, pat, v string) {
		m := compileStr(parseSigmaString(pat), true)
		if m.unicode {
			return // not on the lowered path
		}
		want := m.match(v)
		if got := m.matchLower(asciiLower(v)); got != want {
			t.Fatalf("pattern %q, value %q: lowered %v, folded %v", pat, v, got, want)
		}
		// in an evalCtx, lowered there and with its pairs of bytes
		m.pairs = pairsOf(m.lit)
		fv := &fieldValue{v: v, ok: true}
		if lv, ok := fv.lower(); ok {
			if got := m.matchLowerIn(lv, fv); got != want {
				t.Fatalf("pattern %q, value %q: with pairs %v, folded %v", pat, v, got, want)
			}
		}
	})
}
