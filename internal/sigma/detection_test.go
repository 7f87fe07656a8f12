package sigma

import (
	"encoding/base64"
	"strings"
	"testing"
)

type matchCase struct {
	ev   *MapEvent
	want bool
}

func runMatches(t *testing.T, name string, r *Rule, cases []matchCase) {
	t.Helper()
	for i, c := range cases {
		if got := r.Match(c.ev); got != c.want {
			t.Errorf("%s: case %d (%v): Match = %v, want %v", name, i, c.ev, got, c.want)
		}
	}
}

const generic = "    product: test"

func TestModifiers(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name  string
		det   string
		cases []matchCase
	}{
		{"plain equality is case-insensitive", `    sel:
        f: Hello
    condition: sel`, []matchCase{
			{ev("f=hello"), true}, {ev("f=HELLO"), true}, {ev("f=hello!"), false}, {ev("g=hello"), false},
		}},
		{"contains", `    sel:
        f|contains: '../'
    condition: sel`, []matchCase{
			{ev("f=/a/../../etc"), true}, {ev("f=/a/b"), false}, {ev("f=../"), true},
		}},
		{"startswith endswith", `    sel:
        f|startswith: 'ab'
        g|endswith: '.PHP'
    condition: sel`, []matchCase{
			{ev("f=ABc", "g=x.php"), true}, {ev("f=cab", "g=x.php"), false}, {ev("f=ab", "g=php"), false},
		}},
		{"list is OR", `    sel:
        f:
          - a
          - b
    condition: sel`, []matchCase{{ev("f=a"), true}, {ev("f=B"), true}, {ev("f=c"), false}},
		},
		{"contains all", `    sel:
        f|contains|all:
          - '-e'
          - 'nc '
    condition: sel`, []matchCase{
			{ev("f=nc -e /bin/sh"), true}, {ev("f=nc /bin/sh"), false}, {ev("f=-e only"), false},
		}},
		{"cased", `    sel:
        f|cased: Hello
        g|contains|cased: Wor
    condition: sel`, []matchCase{
			{ev("f=Hello", "g=xWory"), true}, {ev("f=hello", "g=xWory"), false}, {ev("f=Hello", "g=xwory"), false},
		}},
		{"re default case-sensitive", `    sel:
        f|re: '^a[0-9]+z$'
    condition: sel`, []matchCase{{ev("f=a12z"), true}, {ev("f=A12Z"), false}, {ev("f=xa12z"), false}},
		},
		{"re|i", `    sel:
        f|re|i: 'select.+from'
    condition: sel`, []matchCase{{ev("f=1 SELECT * FROM t"), true}, {ev("f=select"), false}},
		},
		{"re|m", `    sel:
        f|re|m: '^root$'
    condition: sel`, []matchCase{{ev("f=a\nroot\nb"), true}, {ev("f=a root b"), false}},
		},
		{"re|s", `    sel:
        f|re|s: 'a.b'
    condition: sel`, []matchCase{{ev("f=a\nb"), true}, {ev("f=ab"), false}},
		},
		{"cidr v4 and v6", `    sel:
        f|cidr:
          - 10.0.0.0/8
          - '2001:db8::/32'
    condition: sel`, []matchCase{
			{ev("f=10.1.2.3"), true}, {ev("f=11.1.2.3"), false}, {ev("f=2001:db8::1"), true},
			{ev("f=2001:db9::1"), false}, {ev("f=::ffff:10.0.0.1"), true}, {ev("f=not-an-ip"), false},
		}},
		{"base64", `    sel:
        f: dummy
        g|base64: 'secret'
    condition: sel`, []matchCase{
			{ev("f=dummy", "g="+b64("secret")), true}, {ev("f=dummy", "g="+strings.ToLower(b64("secret"))), false},
		}},
		{"base64offset contains", `    sel:
        f|base64offset|contains: 'http://'
    condition: sel`, []matchCase{
			{ev("f=" + b64("http://x")), true}, {ev("f=" + b64("Ahttp://x")), true}, {ev("f=" + b64("AAhttp://x")), true},
			{ev("f=" + b64("hxtp://x")), false},
		}},
		{"wide base64offset contains", `    sel:
        f|wide|base64offset|contains: 'ping'
    condition: sel`, []matchCase{
			{ev("f=" + b64(utf16Encode("cmd /c ping x", false))), true},
			{ev("f=" + b64(utf16Encode("x ping", false)[1:])), true},
			{ev("f=" + b64("cmd /c ping x")), false},
		}},
		{"utf16be and utf16 base64", `    sel1:
        f|utf16be|base64: 'ab'
    sel2:
        f|utf16|base64: 'ab'
    condition: 1 of sel*`, []matchCase{
			{ev("f=" + b64("\x00a\x00b")), true}, {ev("f=" + b64("\xff\xfea\x00b\x00")), true}, {ev("f=" + b64("ab")), false},
		}},
		{"windash", `    sel:
        f|windash|contains: ' -exec '
    condition: sel`, []matchCase{
			{ev("f=x -exec y"), true}, {ev("f=x /exec y"), true}, {ev("f=x \u2013exec y"), true},
			{ev("f=x \u2014exec y"), true}, {ev("f=x \u2015exec y"), true}, {ev("f=x +exec y"), false},
		}},
		{"exists", `    sel:
        f|exists: true
        g|exists: false
    condition: sel`, []matchCase{
			{ev("f="), true}, {ev("f=x", "g=y"), false}, {ev("h=x"), false},
		}},
		{"null", `    sel:
        f: null
    condition: sel`, []matchCase{{ev("g=x"), true}, {ev("f="), true}, {ev("f=x"), false}},
		},
		{"empty string needs presence", `    sel:
        f: ''
    condition: sel`, []matchCase{{ev("f="), true}, {ev("g=x"), false}, {ev("f=x"), false}},
		},
		{"numbers", `    sel:
        f: 22
    condition: sel`, []matchCase{{ev("f=22"), true}, {ev("f=22.0"), true}, {ev("f=220"), false}},
		},
		{"booleans", `    sel:
        f: true
    condition: sel`, []matchCase{{ev("f=true"), true}, {ev("f=True"), true}, {ev("f=false"), false}},
		},
		{"gt gte lt lte", `    sel:
        a|gt: 10
        b|gte: 10
        c|lt: 5.5
        d|lte: -1
    condition: sel`, []matchCase{
			{ev("a=11", "b=10", "c=5", "d=-1"), true}, {ev("a=10", "b=10", "c=5", "d=-1"), false},
			{ev("a=11", "b=9", "c=5", "d=-1"), false}, {ev("a=11", "b=10", "c=5.5", "d=-1"), false},
			{ev("a=11", "b=10", "c=5", "d=0"), false}, {ev("a=x", "b=10", "c=5", "d=-1"), false},
		}},
		{"fieldref", `    sel:
        user|fieldref: target_user
    condition: sel`, []matchCase{
			{ev("user=root", "target_user=ROOT"), true}, {ev("user=root", "target_user=bob"), false}, {ev("user=root"), false},
		}},
		{"fieldref contains", `    sel:
        message|fieldref|contains: user
    condition: sel`, []matchCase{
			{ev("user=bob", "message=hello Bob!"), true}, {ev("user=bob", "message=hello"), false},
		}},
		{"neq", `    sel:
        f|neq: a
    condition: sel`, []matchCase{{ev("f=b"), true}, {ev("f=A"), false}},
		},
		{"expand", `    sel:
        f|expand: '%admins%'
    condition: sel`, []matchCase{{ev("f=root"), true}, {ev("f=Toor"), true}, {ev("f=bob"), false}},
		},
		{"expand contains", `    sel:
        f|expand|contains: 'home/%admins%/'
    condition: sel`, []matchCase{{ev("f=/home/root/.ssh"), true}, {ev("f=/home/bob/.ssh"), false}},
		},
		{"keyless modifier searches keywords", `    sel:
        '|re': 'Failed password for (invalid user )?\w+'
    condition: sel`, []matchCase{{ev("raw=sshd: Failed password for root from 1.2.3.4"), true}, {ev("raw=Accepted"), false}},
		},
	}
	opts := &Options{Placeholders: map[string][]string{"admins": {"root", "toor"}}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := parseOne(t, detRule(generic, tc.det), opts)
			runMatches(t, tc.name, r, tc.cases)
		})
	}
}

func TestWildcardsAndEscapes(t *testing.T) {
	tests := []struct {
		pattern, subject string
		want             bool
	}{
		{`a*c`, "abbbc", true},
		{`a*c`, "ABC", true},
		{`a*c`, "abd", false},
		{`a?c`, "abc", true},
		{`a?c`, "ac", false},
		{`a?c`, "aéc", true},
		{`a\*c`, "a*c", true},
		{`a\*c`, "abc", false},
		{`a\?c`, "a?c", true},
		{`a\?c`, "abc", false},
		{`C:\Windows\*`, `c:\windows*`, true},
		{`C:\Windows\\*`, `c:\windows\x`, true},
		{`C:\Windows\*`, `c:\windows\x`, false},
		{`a\\*`, `a\xyz`, true},
		{`*`, ``, true},
		{`**x**`, `aaxaa`, true},
		{`*a*b*c*`, `xxaxxbxxcxx`, true},
		{`*a*b*c*`, `xxaxxcxxbxx`, false},
		{`ÄBC*`, `äbcdef`, true},
		{`*straße`, `STRASSE`, false},
		{`*STRAẞE`, `die straße`, true},
	}
	for _, tc := range tests {
		m := compileStr(parseSigmaString(tc.pattern), true)
		if got := m.match(tc.subject); got != tc.want {
			t.Errorf("%q ~ %q = %v, want %v", tc.pattern, tc.subject, got, tc.want)
		}
	}
}

func TestKeywords(t *testing.T) {
	r := parseOne(t, detRule("    product: linux\n    service: sshd", `    keywords:
        - 'error: maximum authentication attempts exceeded'
        - 'Corrupted MAC on input'
        - 'bad*protocol'
    condition: keywords`), nil)
	runMatches(t, "keywords", r, []matchCase{
		{ev("raw=sshd[1]: ERROR: Maximum authentication attempts exceeded for root"), true},
		{ev("raw=x Corrupted MAC on input."), true},
		{ev("raw=Bad version protocol identification"), true},
		{ev("raw=Accepted password for root"), false},
		{ev("message=Corrupted MAC on input"), true}, // MapEvent falls back to message
	})
	r = parseOne(t, detRule(generic, `    kw: 'single keyword'
    condition: kw`), nil)
	runMatches(t, "single", r, []matchCase{{ev("raw=a Single Keyword b"), true}, {ev("raw=single"), false}})
}

func TestWindashExpansion(t *testing.T) {
	got := windash(parseSigmaString("cmd -a -b"))
	if len(got) != 25 {
		t.Fatalf("windash: %d alternatives, want 25", len(got))
	}
	// A dash inside a word is not a flag and is kept.
	got = windash(parseSigmaString("x-y"))
	if len(got) != 1 {
		t.Fatalf("windash x-y: %d alternatives, want 1", len(got))
	}
}

func TestBase64Offsets(t *testing.T) {
	got := base64Offsets("http://")
	want := []string{"aHR0cDovL", "h0dHA6Ly", "odHRwOi8v"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("base64Offsets(http://) = %v, want %v", got, want)
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct{ det, want string }{
		{"    sel:\n        f|re: '(?<=a)b'\n    condition: sel", "RE2"},
		{"    sel:\n        f|re: '(a)\\1'\n    condition: sel", "RE2"},
		{"    sel:\n        f|re: '(a'\n    condition: sel", "bad regular expression"},
		{"    sel:\n        f|bogus: x\n    condition: sel", "unknown modifier"},
		{"    sel:\n        f|cidr: 300.1.1.1/8\n    condition: sel", "bad CIDR"},
		{"    sel:\n        f|gt: abc\n    condition: sel", "needs a number"},
		{"    sel:\n        f|expand: '%nope%'\n    condition: sel", "placeholder %nope%"},
		{"    sel:\n        f|contains|base64: 'ab'\n    condition: sel", ""}, // contains applies after encoding: fine
		{"    sel:\n        f|base64: 'a*b'\n    condition: sel", "wildcards"},
		{"    sel:\n        f|re|contains: 'a'\n    condition: sel", "cannot be combined"},
		{"    sel:\n        f|i: 'a'\n    condition: sel", "only valid after re"},
		{"    sel:\n        f|exists: maybe\n    condition: sel", "boolean"},
		{"    sel:\n        f: []\n    condition: sel", "empty value list"},
		{"    sel: {}\n    condition: sel", "empty"},
		{"    sel:\n        f: x\n    condition: other", "unknown selection"},
		{"    sel:\n        f: x\n    condition: sel | max(f) > 5", "aggregation"},
		{"    sel:\n        f: x", "no condition"},
	}
	for _, tc := range tests {
		_, err := Parse("bad.yml", []byte(detRule(generic, tc.det)), nil)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%q: unexpected error %v", tc.det, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to contain %q", tc.det, err, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), "bad.yml") || !strings.Contains(err.Error(), `rule "t"`) {
			t.Errorf("error %q does not name file and rule", err)
		}
	}
}

func TestIndexFold(t *testing.T) {
	for _, tc := range []struct {
		s, p string
		want int
	}{
		{"Hello World", "world", 6}, {"aAaAb", "ab", 3}, {"xyz", "xyzw", -1}, {"", "a", -1},
		{"abc", "", 0}, {"../X", "../x", 0}, {"a/../b", "../", 2}, {"AAAA", "aaab", -1},
		{"zzzZzzz1", "z1", 6}, {"--1--2", "-2", 4},
	} {
		if got := indexFold(tc.s, tc.p); got != tc.want {
			t.Errorf("indexFold(%q, %q) = %d, want %d", tc.s, tc.p, got, tc.want)
		}
	}
}

// TestMatchLower checks the fast path of case-insensitive strings: for a
// subject without upper-case ASCII letters it must agree with match.
func TestMatchLower(t *testing.T) {
	subjects := []string{"", "a", "curl http://x | sh", "/tmp/évil run", "wget ", "x?y*z", "\xff\xfeab", "setenforce 0", "Setenforce 0"}
	for _, pat := range []string{"CURL *", "*| SH", "*WGET *", "x?y*", "*\\?y\\*z", "", "*", "a", "*ab", "a*b*c", "SETENFORCE 0", "?etenforce*"} {
		m := compileStr(parseSigmaString(pat), true)
		for _, s := range subjects {
			if hasUpperASCII(s) {
				continue
			}
			if got, want := m.matchLower(s), m.match(s); got != want {
				t.Errorf("%q on %q: matchLower %v, match %v", pat, s, got, want)
			}
		}
	}
}

func TestHasUpperASCII(t *testing.T) {
	slow := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if 'A' <= s[i] && s[i] <= 'Z' {
				return true
			}
		}
		return false
	}
	// every byte value at every position of a 17-byte string
	for c := 0; c < 256; c++ {
		for pos := 0; pos < 17; pos++ {
			b := []byte("abcdefghijklmnopq")
			b[pos] = byte(c)
			if got, want := hasUpperASCII(string(b)), slow(string(b)); got != want {
				t.Fatalf("%q: %v, want %v", b, got, want)
			}
			b = []byte("\x80\xff@[`{\x00\x7f@[`{\x80\xff\x01\xc1\xda")
			b[pos] = byte(c)
			if got, want := hasUpperASCII(string(b)), slow(string(b)); got != want {
				t.Fatalf("%q: %v, want %v", b, got, want)
			}
		}
	}
}
