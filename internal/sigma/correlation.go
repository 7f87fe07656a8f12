package sigma

import (
	"strings"
	"time"
)

// CorrelatorOptions bound a Correlator's memory. Zero fields take the
// defaults.
type CorrelatorOptions struct {
	// MaxGroups bounds the live groups of one correlation rule (default
	// 65536). At the cap the least recently active group is evicted: an
	// open burst is reported at once with Truncated set, a group still
	// below its condition is forgotten (counted by Evicted).
	MaxGroups int

	// MaxEventsPerGroup bounds the event times (and, for value_count,
	// values) a group remembers inside its window (default 256). Event
	// counts need at most as many as the threshold, so this only binds
	// for larger thresholds; then the oldest entries are merged (counts
	// stay exact but may include events slightly older than the window)
	// or, for value_count, forgotten (distinct counts may be low), and
	// the match has Truncated set.
	MaxEventsPerGroup int

	// MaxRefs is how many contributing events a match keeps besides the
	// last one (default 5): the first MaxRefs of the burst.
	MaxRefs int

	// MaxValues bounds the distinct values a value_count match lists
	// and tracks after it fired (default 1000).
	MaxValues int
}

func (o *CorrelatorOptions) withDefaults() CorrelatorOptions {
	var r CorrelatorOptions
	if o != nil {
		r = *o
	}
	if r.MaxGroups <= 0 {
		r.MaxGroups = 65536
	}
	if r.MaxEventsPerGroup <= 0 {
		r.MaxEventsPerGroup = 256
	}
	if r.MaxRefs <= 0 {
		r.MaxRefs = 5
	}
	if r.MaxValues <= 0 {
		r.MaxValues = 1000
	}
	return r
}

// EventRef points at an event that contributed to a correlation match.
type EventRef struct {
	Rule  *Rule     // the rule the event matched
	Time  time.Time // the event's time
	Event Event     // the event as given to Process, or a *CorrelationMatch in chains
}

// CorrelationMatch is one finding of a correlation rule: one burst of
// one group. It implements Event so that it can feed correlation rules
// that refer to its rule: its fields are the group-by values under the
// group-by names, and its time is Trigger.
type CorrelationMatch struct {
	Rule    *Rule
	GroupBy []string // the correlation's group-by names
	Group   []string // the group's values, parallel to GroupBy ("" when an event lacked the field)

	First   time.Time // earliest contributing event
	Trigger time.Time // time of the event that made the condition true
	Last    time.Time // latest contributing event

	// Count is the number of contributing events in the burst: those in
	// the window when it fired plus every later one until it ended.
	Count int64
	// Distinct is, for value_count, the number of distinct values seen
	// in the burst; for temporal types, the number of referenced rules
	// seen when it fired; for event_count, the count when it fired.
	Distinct int64
	// Values lists distinct values (value_count), at most MaxValues.
	Values []string

	Events    []EventRef // the first MaxRefs contributing events
	LastEvent EventRef

	// Truncated is set when a memory cap was hit (group evicted, window
	// or value set capped): counts are then approximate.
	Truncated bool

	valueSet map[string]struct{}
}

// Field implements Event: a group-by value by its name.
func (m *CorrelationMatch) Field(name string) (string, bool) {
	for i, g := range m.GroupBy {
		if g == name {
			return m.Group[i], true
		}
	}
	return "", false
}

// Keywords implements Event; a correlation match has no text.
func (m *CorrelationMatch) Keywords() string { return "" }

// Time implements Event: the trigger time.
func (m *CorrelationMatch) Time() time.Time { return m.Trigger }

// Correlator evaluates the correlation rules of a Set over a stream of
// events. It is not safe for concurrent use.
//
// Feed every event, in time order, to Process together with the
// detection rules it matched (Set.Match); events that matched nothing
// may be fed with nil, which only advances the clock so that finished
// bursts are reported sooner. At the end call Flush.
//
// Windows slide: a group's condition is checked, for lower-bound
// conditions (gt, gte), at each contributing event over the events of
// the last Timespan. Conditions with an upper bound (lt, lte, eq, neq)
// cannot be decided before a window is over, so for them windows are
// tumbling: a window opens at a group's first event, closes Timespan
// later, and its count is checked then.
//
// One finding per burst: when a group's condition becomes true it opens
// a burst; every later contributing event of the group extends it, and
// the burst ends when no contributing event arrived for Timespan (or at
// Flush, or when the group is evicted). The match is reported when the
// burst ends, with totals, so a brute force of 10,000 attempts is one
// finding, not 1,000. A chained correlation sees the match as soon as
// it fires (at Trigger), so chains work in stream order.
//
// Time order: "now" is the newest event time seen. An event older than
// now (small disorder) is counted at its own time in its group; windows
// are evaluated relative to that time, so disorder of d can make a
// window up to d wider, and temporal_ordered compares the events' own
// times. An event older than a group's expiry starts a new group.
type Correlator struct {
	set   *Set
	opts  CorrelatorOptions
	now   time.Time
	state []*corrState
	out   []*CorrelationMatch

	evicted int64
}

// NewCorrelator returns a correlator for the correlation rules of set.
func NewCorrelator(set *Set, opts *CorrelatorOptions) *Correlator {
	c := &Correlator{set: set, opts: opts.withDefaults()}
	for _, d := range set.corrs {
		c.state = append(c.state, &corrState{def: d, groups: map[string]*group{}})
	}
	return c
}

// Evicted returns how many groups were dropped at the MaxGroups cap.
func (c *Correlator) Evicted() int64 { return c.evicted }

type corrState struct {
	def        *corrDef
	groups     map[string]*group
	head, tail *group // least → most recently active
}

type winEntry struct {
	t   time.Time
	n   int64
	val string
	ref EventRef
}

type group struct {
	key        string
	values     []string
	prev, next *group
	last       time.Time

	win      []winEntry // window, oldest first
	total    int64      // sum of win[i].n
	distinct map[string]time.Time
	seen     []time.Time // temporal: last time per rule; ordered: latest chain start per prefix
	winStart time.Time   // tumbling windows (non-monotone conditions)
	trunc    bool
	// clean (value_count) is set when every entry of win is the latest
	// of its value and no two entries have the same value: the window
	// then has nothing to drop but its oldest value. It is false when
	// not known.
	clean bool

	burst *CorrelationMatch
}

// Process feeds one event and the detection rules it matched, and
// returns the correlation matches whose bursts ended (nil when none).
// The matches refer to ev; the field values kept (group keys, counted
// values) are copies, so that values cut from a buffer larger than the
// event do not keep it in memory.
func (c *Correlator) Process(ev Event, matched []*Rule) []*CorrelationMatch {
	c.out = nil
	t := ev.Time()
	if t.After(c.now) {
		c.now = t
		c.expire(false)
	}
	for _, r := range matched {
		c.feed(r, ev, t)
	}
	return c.out
}

// Flush ends every open burst and window and returns the matches.
func (c *Correlator) Flush() []*CorrelationMatch {
	c.out = nil
	// Closing a tumbling window can trigger a chained correlation, which
	// opens a burst there: repeat until nothing is open. Chains are
	// acyclic, so this ends.
	for pass := 0; pass <= len(c.state); pass++ {
		open := false
		for _, st := range c.state {
			for st.head != nil {
				open = true
				c.close(st, st.head, false)
			}
		}
		if !open {
			break
		}
	}
	return c.out
}

// expire closes the groups that had no event for a timespan.
func (c *Correlator) expire(all bool) {
	for _, st := range c.state {
		span := st.def.c.Timespan
		for g := st.head; g != nil; g = st.head {
			if !all && c.now.Sub(g.last) <= span {
				break
			}
			c.close(st, g, false)
		}
	}
}

func (c *Correlator) feed(r *Rule, ev Event, t time.Time) {
	uses := c.set.users[r]
	// Highest position first, so that a rule listed twice in a
	// temporal_ordered correlation is not both steps of one chain.
	for i := len(uses) - 1; i >= 0; i-- {
		u := uses[i]
		c.update(c.state[u.corr.idx], u.pos, r, ev, t)
	}
}

func (st *corrState) unlink(g *group) {
	if g.prev != nil {
		g.prev.next = g.next
	} else {
		st.head = g.next
	}
	if g.next != nil {
		g.next.prev = g.prev
	} else {
		st.tail = g.prev
	}
	g.prev, g.next = nil, nil
}

func (st *corrState) pushBack(g *group) {
	g.prev = st.tail
	if st.tail != nil {
		st.tail.next = g
	} else {
		st.head = g
	}
	st.tail = g
}

func (c *Correlator) update(st *corrState, pos int, r *Rule, ev Event, t time.Time) {
	d := st.def
	cr := d.c
	fields := d.group[pos]
	var key string
	var values []string
	switch len(fields) {
	case 0:
	case 1:
		key, _ = ev.Field(fields[0])
	default:
		values = make([]string, len(fields))
		for i, f := range fields {
			values[i], _ = ev.Field(f)
		}
		key = strings.Join(values, "\x00")
	}
	var val string
	if cr.Type == ValueCount {
		v, ok := ev.Field(d.value[pos])
		if !ok || v == "" {
			return // events without the counted field do not count
		}
		val = strings.Clone(v) // kept in the window, the match
	}
	g := st.groups[key]
	if g == nil {
		if len(st.groups) >= c.opts.MaxGroups {
			c.evicted++
			c.close(st, st.head, true)
		}
		// Kept with the group and in its matches: copies (a key of
		// several values is a new string already).
		switch len(fields) {
		case 0:
		case 1:
			key = strings.Clone(key)
			values = []string{key}
		default:
			for i, v := range values {
				values[i] = strings.Clone(v)
			}
		}
		g = &group{key: key, values: values}
		st.groups[key] = g
		st.pushBack(g)
	} else {
		st.unlink(g)
		st.pushBack(g)
	}
	if t.After(g.last) {
		g.last = t
	}
	ref := EventRef{Rule: r, Time: t, Event: ev}

	if b := g.burst; b != nil {
		b.Count++
		if t.After(b.Last) {
			b.Last = t
		}
		if t.Before(b.First) {
			b.First = t
		}
		b.LastEvent = ref
		if len(b.Events) < c.opts.MaxRefs {
			b.Events = append(b.Events, ref)
		}
		if cr.Type == ValueCount {
			c.addValue(b, val)
			b.Distinct = int64(len(b.valueSet))
		}
		return
	}

	mono := monotone(cr.Condition)
	if !mono {
		if !g.winStart.IsZero() && t.Sub(g.winStart) > cr.Timespan {
			c.closeWindow(st, g)
		}
		if g.winStart.IsZero() {
			g.winStart = t
		}
	}
	c.push(g, cr, winEntry{t: t, n: 1, val: val, ref: ref})
	if cr.Type == Temporal || cr.Type == TemporalOrdered {
		if g.seen == nil {
			g.seen = make([]time.Time, len(d.refs))
		}
		c.markSeen(g, cr, pos, t)
	}
	if !mono {
		return
	}
	cutoff := t.Add(-cr.Timespan)
	g.evict(cutoff)
	if n := c.count(g, cr, cutoff); boundsHold(cr.Condition, n) {
		c.trigger(st, g, t, n)
	}
}

// push appends an entry, merging equal times and enforcing the cap.
func (c *Correlator) push(g *group, cr *Correlation, e winEntry) {
	if cr.Type == ValueCount {
		if g.distinct == nil {
			g.distinct = map[string]time.Time{}
		}
		old, ok := g.distinct[e.val]
		if !ok || e.t.After(old) {
			g.distinct[e.val] = e.t
		}
		if ok {
			g.clean = false // a value again: one of its entries is superseded
		}
	} else if n := len(g.win); n > 0 && g.win[n-1].t.Equal(e.t) {
		g.win[n-1].n++
		g.total++
		return
	}
	g.win = append(g.win, e)
	g.total++
	if len(g.win) <= c.opts.MaxEventsPerGroup {
		return
	}
	if cr.Type == ValueCount {
		// Drop entries superseded by a later occurrence of their value;
		// if that is not enough, forget the oldest value. A clean window
		// has none to drop, and is not scanned: an address trying more
		// accounts than the bound would otherwise have it scanned at
		// every attempt.
		if !g.clean {
			k := 0
			for _, w := range g.win {
				if g.distinct[w.val].Equal(w.t) {
					g.win[k] = w
					k++
				}
			}
			clear(g.win[k:])
			g.win = g.win[:k]
			// Every value has an entry (its latest), so as many entries
			// as values means one each.
			g.clean = len(g.win) == len(g.distinct)
		}
		if len(g.win) > c.opts.MaxEventsPerGroup {
			delete(g.distinct, g.win[0].val)
			g.win[0] = winEntry{}
			g.win = g.win[1:]
			g.trunc = true
		}
		return
	}
	// Merge the two oldest entries: the count stays, the older time is
	// lost (it expires with the newer one).
	g.win[1].n += g.win[0].n
	g.win[1].ref = g.win[0].ref
	g.win[0] = winEntry{}
	g.win = g.win[1:]
	g.trunc = true
}

// evict drops window entries older than cutoff.
func (g *group) evict(cutoff time.Time) {
	i := 0
	for i < len(g.win) && g.win[i].t.Before(cutoff) {
		w := g.win[i]
		g.total -= w.n
		if g.distinct != nil {
			if last, ok := g.distinct[w.val]; ok && !last.After(w.t) {
				delete(g.distinct, w.val)
			}
		}
		g.win[i] = winEntry{}
		i++
	}
	if i > 0 {
		g.win = g.win[i:]
		if len(g.win) == 0 {
			g.win = nil // let the backing array go
		}
	}
}

func (c *Correlator) markSeen(g *group, cr *Correlation, pos int, t time.Time) {
	if cr.Type == Temporal {
		if t.After(g.seen[pos]) {
			g.seen[pos] = t
		}
		return
	}
	// seen[j] is the latest start time of a chain matching rules 0..j in
	// order; the latest start leaves the most room for what follows.
	if pos == 0 {
		if t.After(g.seen[0]) {
			g.seen[0] = t
		}
		return
	}
	prev := g.seen[pos-1]
	if prev.IsZero() || prev.After(t) || t.Sub(prev) > cr.Timespan {
		return
	}
	if prev.After(g.seen[pos]) {
		g.seen[pos] = prev
	}
}

// count evaluates the correlation's measure over events after cutoff.
func (c *Correlator) count(g *group, cr *Correlation, cutoff time.Time) int64 {
	switch cr.Type {
	case EventCount:
		return g.total
	case ValueCount:
		return int64(len(g.distinct))
	case Temporal:
		var n int64
		for _, s := range g.seen {
			if !s.IsZero() && !s.Before(cutoff) {
				n++
			}
		}
		return n
	}
	// Ordered: the longest chain prefix whose start is in the window.
	var n int64
	for j, s := range g.seen {
		if !s.IsZero() && !s.Before(cutoff) {
			n = int64(j + 1)
		}
	}
	return n
}

// trigger opens a burst and passes it on to chained correlations.
func (c *Correlator) trigger(st *corrState, g *group, t time.Time, n int64) {
	d := st.def
	m := &CorrelationMatch{
		Rule:      d.rule,
		GroupBy:   d.c.GroupBy,
		Group:     g.values,
		Trigger:   t,
		First:     t,
		Last:      t,
		Distinct:  n,
		Truncated: g.trunc,
	}
	if m.Group == nil {
		m.Group = []string{}
	}
	for _, w := range g.win {
		m.Count += w.n
		if w.t.Before(m.First) {
			m.First = w.t
		}
		if w.t.After(m.Last) {
			m.Last = w.t
			m.LastEvent = w.ref
		}
		if len(m.Events) < c.opts.MaxRefs {
			m.Events = append(m.Events, w.ref)
		}
	}
	if m.LastEvent.Rule == nil && len(g.win) > 0 {
		m.LastEvent = g.win[len(g.win)-1].ref
	}
	if d.c.Type == ValueCount {
		// In the order they came rather than the map's, which changes
		// from run to run: the window holds the latest occurrence of
		// every value of distinct.
		for _, w := range g.win {
			if _, ok := g.distinct[w.val]; ok {
				c.addValue(m, w.val)
			}
		}
	}
	g.burst = m
	// The window is no longer needed: the burst carries the totals.
	g.win, g.distinct, g.seen, g.total = nil, nil, nil, 0
	c.feed(d.rule, m, t)
}

func (c *Correlator) addValue(m *CorrelationMatch, v string) {
	if m.valueSet == nil {
		m.valueSet = map[string]struct{}{}
	}
	if _, ok := m.valueSet[v]; ok {
		return
	}
	if len(m.valueSet) >= c.opts.MaxValues {
		m.Truncated = true
		return
	}
	m.valueSet[v] = struct{}{}
	m.Values = append(m.Values, v)
}

// closeWindow ends a tumbling window (non-monotone conditions): if the
// condition holds over it, the window is reported as one match.
func (c *Correlator) closeWindow(st *corrState, g *group) {
	cr := st.def.c
	if len(g.win) > 0 {
		if n := c.count(g, cr, g.winStart); boundsHold(cr.Condition, n) {
			last := g.win[len(g.win)-1].t
			c.trigger(st, g, last, n)
			c.out = append(c.out, g.burst)
			g.burst = nil
		}
	}
	g.win, g.distinct, g.seen, g.total, g.winStart, g.trunc = nil, nil, nil, 0, time.Time{}, false
}

// close ends a group: its burst is reported, its window evaluated.
func (c *Correlator) close(st *corrState, g *group, evicted bool) {
	st.unlink(g)
	delete(st.groups, g.key)
	if g.burst != nil {
		if evicted {
			g.burst.Truncated = true
		}
		g.burst.valueSet = nil
		c.out = append(c.out, g.burst)
		return
	}
	if !monotone(st.def.c.Condition) {
		c.closeWindow(st, g)
	}
}
