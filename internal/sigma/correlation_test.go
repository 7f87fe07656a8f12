package sigma

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// corrSet parses YAML documents into a set and returns it with a
// correlator.
func corrSet(t *testing.T, src string, opts *CorrelatorOptions) (*Set, *Correlator) {
	t.Helper()
	rules, err := Parse("corr.yml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	set, errs := NewSet(rules)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return set, NewCorrelator(set, opts)
}

// feed runs events through Match and the correlator, then flushes.
func feed(set *Set, c *Correlator, evs []*MapEvent) []*CorrelationMatch {
	var out []*CorrelationMatch
	for _, e := range evs {
		out = append(out, c.Process(e, set.Match(e))...)
	}
	return append(out, c.Flush()...)
}

const baseRules = `
title: failed
name: failed
logsource: {product: linux, service: sshd}
detection: {s: {type: ssh_failed}, condition: s}
---
title: accepted
name: accepted
logsource: {product: linux, service: sshd}
detection: {s: {type: ssh_accepted}, condition: s}
---
title: sudo
name: sudo
logsource: {product: linux, service: sudo}
detection: {s: {type: command}, condition: s}
`

func at(sec int, kv ...string) *MapEvent {
	return ev(append([]string{fmt.Sprintf("@%d", sec)}, kv...)...)
}

func failed(sec int, ip string) *MapEvent {
	return at(sec, "source=sshd", "type=ssh_failed", "src_ip="+ip, "user=root")
}

func TestEventCountBurst(t *testing.T) {
	set, c := corrSet(t, baseRules+`---
title: brute
correlation: {type: event_count, rules: [failed], group-by: [src_ip], timespan: 5m, condition: {gte: 10}}
`, nil)
	var evs []*MapEvent
	// 30 failures from .1, 5 s apart: one burst, not 21 findings.
	for i := 0; i < 30; i++ {
		evs = append(evs, failed(i*5, "10.0.0.1"))
	}
	// 9 failures from .2: below threshold.
	for i := 0; i < 9; i++ {
		evs = append(evs, failed(200+i, "10.0.0.2"))
	}
	// Quiet for > 5 min, then a second burst from .1.
	for i := 0; i < 12; i++ {
		evs = append(evs, failed(1000+i, "10.0.0.1"))
	}
	got := feed(set, c, evs)
	if len(got) != 2 {
		t.Fatalf("%d matches, want 2: %+v", len(got), got)
	}
	m := got[0]
	if m.Rule.Title != "brute" || m.Group[0] != "10.0.0.1" || m.GroupBy[0] != "src_ip" {
		t.Errorf("match: %+v", m)
	}
	if m.Count != 30 || !m.First.Equal(t0) || !m.Last.Equal(t0.Add(145*time.Second)) || !m.Trigger.Equal(t0.Add(45*time.Second)) {
		t.Errorf("burst totals: count %d first %v trigger %v last %v", m.Count, m.First, m.Trigger, m.Last)
	}
	if len(m.Events) != 5 || m.Events[0].Time != t0 || m.LastEvent.Time != t0.Add(145*time.Second) || m.Events[0].Rule.Title != "failed" {
		t.Errorf("refs: %+v last %+v", m.Events, m.LastEvent)
	}
	if got[1].Count != 12 || !got[1].First.Equal(t0.Add(1000*time.Second)) {
		t.Errorf("second burst: %+v", got[1])
	}
	if set.Rules[0].Hidden != true || set.Rules[2].Hidden {
		t.Error("failed should be hidden (generate: false), sudo not")
	}
}

func TestEventCountSlidingWindowExpiry(t *testing.T) {
	set, c := corrSet(t, baseRules+`---
title: brute
correlation: {type: event_count, rules: [failed], group-by: [src_ip], timespan: 60s, condition: {gt: 3}}
`, nil)
	// 4 events spread over 90 s never have 4 within 60 s.
	got := feed(set, c, []*MapEvent{failed(0, "a"), failed(30, "a"), failed(61, "a"), failed(91, "a")})
	if len(got) != 0 {
		t.Errorf("spread events matched: %+v", got)
	}
	// The same 4 within 60 s do (gt 3 → 4 events).
	set2, c2 := corrSet(t, baseRules+`---
title: brute
correlation: {type: event_count, rules: [failed], group-by: [src_ip], timespan: 60s, condition: {gt: 3}}
`, nil)
	got = feed(set2, c2, []*MapEvent{failed(0, "a"), failed(20, "a"), failed(40, "a"), failed(60, "a")})
	if len(got) != 1 || got[0].Count != 4 {
		t.Errorf("dense events: %+v", got)
	}
}

func TestBurstReportedWhenQuiet(t *testing.T) {
	set, c := corrSet(t, baseRules+`---
title: brute
correlation: {type: event_count, rules: [failed], group-by: [src_ip], timespan: 60s, condition: {gte: 2}}
`, nil)
	for _, e := range []*MapEvent{failed(0, "a"), failed(1, "a"), failed(2, "a")} {
		if out := c.Process(e, set.Match(e)); out != nil {
			t.Fatalf("reported before the burst ended: %+v", out)
		}
	}
	// An unrelated event 61 s after the last one ends the burst.
	quiet := at(63, "source=cron", "type=cron")
	out := c.Process(quiet, set.Match(quiet))
	if len(out) != 1 || out[0].Count != 3 {
		t.Fatalf("burst end: %+v", out)
	}
	if out := c.Flush(); len(out) != 0 {
		t.Errorf("flush after end: %+v", out)
	}
}

func TestUpperBoundConditionTumbling(t *testing.T) {
	set, c := corrSet(t, baseRules+`---
title: few
correlation: {type: event_count, rules: [failed], group-by: [src_ip], timespan: 60s, condition: {gte: 2, lte: 3}}
`, nil)
	got := feed(set, c, []*MapEvent{
		failed(0, "a"), failed(10, "a"), // window a1: 2 → match
		failed(0, "b"), failed(1, "b"), failed(2, "b"), failed(3, "b"), // 4 → no
		failed(100, "a"), // window a2: 1 → no
		failed(5, "c"),   // 1 → no
	})
	if len(got) != 1 || got[0].Group[0] != "a" || got[0].Count != 2 {
		t.Errorf("range condition: %+v", got)
	}
	set, c = corrSet(t, baseRules+`---
title: exact
correlation: {type: event_count, rules: [failed], group-by: [src_ip], timespan: 60s, condition: {neq: 1}}
`, nil)
	got = feed(set, c, []*MapEvent{failed(0, "a"), failed(1, "b"), failed(2, "b")})
	if len(got) != 1 || got[0].Group[0] != "b" {
		t.Errorf("neq: %+v", got)
	}
}

func TestValueCount(t *testing.T) {
	set, c := corrSet(t, baseRules+`---
title: spray
correlation:
    type: value_count
    rules: [failed]
    group-by: [src_ip]
    timespan: 5m
    condition: {field: user, gte: 3}
`, nil)
	mk := func(sec int, ip, user string) *MapEvent {
		return at(sec, "source=sshd", "type=ssh_failed", "src_ip="+ip, "user="+user)
	}
	got := feed(set, c, []*MapEvent{
		mk(0, "a", "root"), mk(1, "a", "root"), mk(2, "a", "admin"), mk(3, "a", "root"),
		mk(4, "b", "x"), mk(5, "b", "x"), mk(6, "b", "x"), mk(7, "b", "x"), // one value: no
		mk(8, "a", "oracle"), mk(9, "a", "test"), mk(10, "a", "admin"),
		at(11, "source=sshd", "type=ssh_failed", "src_ip=a"), // no user: not counted
	})
	if len(got) != 1 {
		t.Fatalf("value_count: %+v", got)
	}
	m := got[0]
	if m.Group[0] != "a" || m.Distinct != 4 || m.Count != 7 || strings.Join(m.Values, ",") != "admin,root,oracle,test" && len(m.Values) != 4 {
		t.Errorf("value_count match: distinct %d count %d values %v", m.Distinct, m.Count, m.Values)
	}
	if !m.Trigger.Equal(t0.Add(8 * time.Second)) {
		t.Errorf("trigger %v", m.Trigger)
	}
}

func TestValueCountExpiry(t *testing.T) {
	set, c := corrSet(t, baseRules+`---
title: spray
correlation: {type: value_count, rules: [failed], group-by: [src_ip], timespan: 10s, condition: {field: user, gte: 3}}
`, nil)
	mk := func(sec int, user string) *MapEvent {
		return at(sec, "source=sshd", "type=ssh_failed", "src_ip=a", "user="+user)
	}
	// u1 falls out of the window before u3 arrives, u2 stays.
	if got := feed(set, c, []*MapEvent{mk(0, "u1"), mk(5, "u2"), mk(12, "u3"), mk(13, "u3")}); len(got) != 0 {
		t.Errorf("expired value counted: %+v", got)
	}
	// u1 seen again keeps it alive.
	if got := feed(set, c, []*MapEvent{mk(100, "u1"), mk(105, "u2"), mk(108, "u1"), mk(112, "u3")}); len(got) != 1 {
		t.Errorf("refreshed value: %+v", got)
	}
}

func TestTemporal(t *testing.T) {
	set, c := corrSet(t, baseRules+`---
title: login then sudo
correlation:
    type: temporal
    rules: [accepted, sudo]
    group-by: [user]
    timespan: 1m
`, nil)
	acc := func(sec int, user string) *MapEvent {
		return at(sec, "source=sshd", "type=ssh_accepted", "user="+user)
	}
	sudo := func(sec int, user string) *MapEvent {
		return at(sec, "source=sudo", "type=command", "user="+user)
	}
	got := feed(set, c, []*MapEvent{
		sudo(0, "alice"), acc(30, "alice"), // any order: match
		acc(0, "bob"), sudo(61, "bob"), // too far apart
		acc(10, "carol"), sudo(20, "dave"), // different groups
	})
	if len(got) != 1 || got[0].Group[0] != "alice" || got[0].Distinct != 2 {
		t.Errorf("temporal: %+v", got)
	}
}

func TestTemporalOrdered(t *testing.T) {
	src := baseRules + `---
title: fail then success
correlation:
    type: temporal_ordered
    rules: [failed, accepted]
    group-by: [src_ip]
    timespan: 1m
`
	acc := func(sec int, ip string) *MapEvent {
		return at(sec, "source=sshd", "type=ssh_accepted", "src_ip="+ip)
	}
	tests := []struct {
		name string
		evs  []*MapEvent
		want int
	}{
		{"in order", []*MapEvent{failed(0, "a"), acc(10, "a")}, 1},
		{"wrong order", []*MapEvent{acc(0, "a"), failed(10, "a")}, 0},
		{"too late", []*MapEvent{failed(0, "a"), acc(61, "a")}, 0},
		{"other group", []*MapEvent{failed(0, "a"), acc(10, "b")}, 0},
		{"success first then proper chain", []*MapEvent{acc(0, "a"), failed(5, "a"), acc(20, "a")}, 1},
		{"late failure restarts chain", []*MapEvent{failed(0, "a"), failed(50, "a"), acc(100, "a")}, 1},
	}
	for _, tc := range tests {
		set, c := corrSet(t, src, nil)
		if got := feed(set, c, tc.evs); len(got) != tc.want {
			t.Errorf("%s: %d matches, want %d: %+v", tc.name, len(got), tc.want, got)
		}
	}
}

func TestChainedBruteForce(t *testing.T) {
	set, errs := LoadFS(testdataFS, "testdata/rules", nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	c := NewCorrelator(set, nil)
	var evs []*MapEvent
	for i := 0; i < 12; i++ {
		evs = append(evs, failed(i*10, "203.0.113.9"))
	}
	for i := 0; i < 12; i++ {
		evs = append(evs, failed(i*10, "198.51.100.7")) // same count, no success
	}
	evs = append(evs, at(130, "source=sshd", "type=ssh_accepted", "src_ip=203.0.113.9", "user=root"))
	evs = append(evs, at(131, "source=sshd", "type=ssh_accepted", "src_ip=192.0.2.1", "user=bob"))
	got := feed(set, c, evs)
	byTitle := map[string][]*CorrelationMatch{}
	for _, m := range got {
		byTitle[m.Rule.Title] = append(byTitle[m.Rule.Title], m)
	}
	bf := byTitle["SSH Brute Force"]
	if len(bf) != 2 || bf[0].Count != 12 {
		t.Fatalf("brute force matches: %+v", bf)
	}
	succ := byTitle["SSH Brute Force Followed By Successful Login"]
	if len(succ) != 1 || succ[0].Group[0] != "203.0.113.9" {
		t.Fatalf("chained matches: %+v", succ)
	}
	m := succ[0]
	inner, ok := m.Events[0].Event.(*CorrelationMatch)
	if !ok || inner.Rule.Title != "SSH Brute Force" || m.Events[1].Rule.Title != "SSH Successful Login" {
		t.Errorf("chain refs: %+v", m.Events)
	}
	if !m.Trigger.Equal(t0.Add(130*time.Second)) || !m.First.Equal(t0.Add(90*time.Second)) {
		t.Errorf("chain times: first %v trigger %v", m.First, m.Trigger)
	}
	for _, r := range set.Rules {
		// The outer rule's generate: true makes the brute force and the
		// success findings of their own; single failures stay hidden.
		want := r.Title == "SSH Failed Login"
		if r.Hidden != want {
			t.Errorf("%s: Hidden = %v, want %v", r.Title, r.Hidden, want)
		}
	}
}

func TestMultiFieldGroupAndAliases(t *testing.T) {
	set, c := corrSet(t, baseRules+`---
title: alias
correlation:
    type: temporal
    rules: [failed, sudo]
    group-by: [host, who]
    timespan: 1m
    aliases:
        who:
            failed: user
            sudo: target_user
`, nil)
	got := feed(set, c, []*MapEvent{
		at(0, "source=sshd", "type=ssh_failed", "host=h1", "user=alice"),
		at(1, "source=sudo", "type=command", "host=h1", "user=root", "target_user=alice"),
		at(2, "source=sshd", "type=ssh_failed", "host=h2", "user=bob"),
		at(3, "source=sudo", "type=command", "host=h1", "target_user=bob"),
	})
	if len(got) != 1 || strings.Join(got[0].Group, "/") != "h1/alice" {
		t.Errorf("aliases: %+v", got)
	}
}

func TestCaps(t *testing.T) {
	set, c := corrSet(t, baseRules+`---
title: brute
correlation: {type: event_count, rules: [failed], group-by: [src_ip], timespan: 1h, condition: {gte: 3}}
`, &CorrelatorOptions{MaxGroups: 2, MaxEventsPerGroup: 2, MaxRefs: 1})
	got := feed(set, c, []*MapEvent{
		failed(0, "a"), failed(1, "a"), failed(2, "a"), // burst a
		failed(3, "b"),
		failed(4, "c"), // evicts a (least recently active): reported truncated
		failed(5, "b"), failed(6, "b"),
	})
	if c.Evicted() != 1 || len(got) != 2 {
		t.Fatalf("evicted %d, matches %+v", c.Evicted(), got)
	}
	if got[0].Group[0] != "a" || !got[0].Truncated || len(got[0].Events) != 1 {
		t.Errorf("evicted burst: %+v", got[0])
	}
	// b's window held 3 events in 2 slots: merged, count exact.
	if got[1].Group[0] != "b" || got[1].Count != 3 || !got[1].Truncated {
		t.Errorf("capped window: %+v", got[1])
	}
}

func TestSmallDisorder(t *testing.T) {
	set, c := corrSet(t, baseRules+`---
title: brute
correlation: {type: event_count, rules: [failed], group-by: [src_ip], timespan: 60s, condition: {gte: 3}}
`, nil)
	got := feed(set, c, []*MapEvent{failed(10, "a"), failed(5, "a"), failed(12, "a")})
	if len(got) != 1 || got[0].Count != 3 || !got[0].First.Equal(t0.Add(5*time.Second)) {
		t.Errorf("disorder: %+v", got)
	}
}

func TestCorrelationParseErrors(t *testing.T) {
	for src, want := range map[string]string{
		"title: c\ncorrelation: {type: nope, rules: [a], timespan: 1m}":                                "unsupported type",
		"title: c\ncorrelation: {type: event_count, rules: [a], timespan: 1m}":                         "needs a condition",
		"title: c\ncorrelation: {type: event_count, rules: [a], timespan: 1w, condition: {gte: 1}}":    "bad timespan",
		"title: c\ncorrelation: {type: event_count, rules: [a], timespan: 1m, condition: {foo: 1}}":    "unknown operator",
		"title: c\ncorrelation: {type: value_count, rules: [a], timespan: 1m, condition: {gte: 1}}":    "needs a field",
		"title: c\ncorrelation: {type: event_count, rules: [], timespan: 1m, condition: {gte: 1}}":     "no rules",
		"title: c\ncorrelation: {type: event_count, rules: [a], timespan: 1m, condition: {gte: -1}}":   "non-negative",
		"title: c\ncorrelation: {type: temporal, rules: [a], timespan: 1m}\ndetection: {condition: x}": "both",
	} {
		_, err := Parse("c.yml", []byte(src), nil)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", src, err, want)
		}
	}
	// Cycles are rejected by NewSet.
	rules, err := Parse("cyc.yml", []byte(`title: x
name: x
correlation: {type: temporal, rules: [y], timespan: 1m}
---
title: y
name: y
correlation: {type: temporal, rules: [x], timespan: 1m}
`), nil)
	if err != nil {
		t.Fatal(err)
	}
	set, errs := NewSet(rules)
	if len(errs) != 2 || len(set.Rules) != 0 || !strings.Contains(errs[0].Error(), "cycle") {
		t.Errorf("cycle: %v", errs)
	}
}

// TestValueCountCleanWindow checks what lets push skip the scan of a full
// value_count window: when a group says its window is clean, every entry
// is the latest of its value and no two share one, so the scan would
// have dropped nothing.
func TestValueCountCleanWindow(t *testing.T) {
	set, c := corrSet(t, baseRules+`---
title: spray
correlation: {type: value_count, rules: [failed], group-by: [src_ip], timespan: 40s, condition: {field: user, gte: 12}}
`, &CorrelatorOptions{MaxEventsPerGroup: 8})
	rnd := uint32(1)
	next := func(n int) int { rnd = rnd*1664525 + 1013904223; return int(rnd>>16) % n }
	sec, cleanSeen := 0, 0
	for i := 0; i < 20000; i++ {
		sec += next(3) // equal times too
		e := at(sec-next(2), "source=sshd", "type=ssh_failed", "src_ip="+string(rune('a'+next(2))), "user=u"+fmt.Sprint(next(14)))
		c.Process(e, set.Match(e))
		for _, st := range c.state {
			for _, g := range st.groups {
				if !g.clean || len(g.win) == 0 {
					continue
				}
				cleanSeen++
				seen := map[string]bool{}
				for _, w := range g.win {
					if !g.distinct[w.val].Equal(w.t) || seen[w.val] {
						t.Fatalf("event %d: clean window with a superseded or repeated entry %q", i, w.val)
					}
					seen[w.val] = true
				}
			}
		}
	}
	if cleanSeen == 0 {
		t.Error("no clean window: the test tests nothing")
	}
}
