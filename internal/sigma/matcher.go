package sigma

import (
	"sync"
	"unsafe"
)

// A Matcher matches events against a Set, as Set.AppendMatches does,
// faster when many rules search the same fields of an event (the
// command-line rules, a dozen of them with several |contains values
// each): it reads each such field once per event, lowers it once, and
// skips the patterns that cannot occur in it. It is not safe for
// concurrent use: make one per goroutine.
type Matcher struct {
	set *Set
	cx  evalCtx
}

// NewMatcher returns a Matcher over s.
func (s *Set) NewMatcher() *Matcher { return &Matcher{set: s} }

// AppendMatches appends the detection rules matching ev to dst and
// returns it, as Set.AppendMatches.
func (m *Matcher) AppendMatches(dst []*Rule, ev Event) []*Rule {
	m.cx.reset()
	return m.set.appendMatches(dst, ev, &m.cx)
}

// maxLowered bounds the values lowered on the stack or in an evalCtx;
// longer ones are folded by each pattern.
const maxLowered = 512

// evalCtx holds, for the event being matched, the fields that rules
// with case-insensitive string values searched: their values, lower
// case, and which pairs of bytes are in them. Those are valid for one
// event: reset clears them before the next.
type evalCtx struct {
	// vals is indexed by the fieldItems' ids (searchID), and an entry
	// holds the event being matched when its gen is the context's: a
	// field is found with neither a search nor a comparison of names,
	// and reset makes every entry stale at once.
	vals []*fieldValue
	gen  uint32

	// src and srcIndex are the source of the last event and its rules
	// (Set.forSource), which stay valid from event to event: a Matcher
	// has one Set.
	src      string
	srcIndex *ruleIndex
	types    [typeSlots]typeCandidates // see candidates
}

// searchIDs numbers what fieldItems search, for evalCtx: 0 is the
// keywords (Event.Keywords), and each field name has a number of its
// own. Rules are compiled once; the names are a few dozen.
var searchIDs struct {
	sync.Mutex
	m map[string]int
}

// searchID returns the number of a fieldItem's search.
func searchID(keywords bool, field string) int {
	if keywords {
		return 0
	}
	searchIDs.Lock()
	defer searchIDs.Unlock()
	id, ok := searchIDs.m[field]
	if !ok {
		if searchIDs.m == nil {
			searchIDs.m = map[string]int{}
		}
		id = len(searchIDs.m) + 1
		searchIDs.m[field] = id
	}
	return id
}

// typeCandidates is an entry of evalCtx.types: the rules of index idx
// for the type whose bytes are the n at p.
type typeCandidates struct {
	idx   *ruleIndex
	p     *byte
	n     int
	rules []*Rule
}

const (
	typeBits  = 4
	typeSlots = 1 << typeBits
)

// candidates returns idx.candidatesOf(t), from a direct-mapped table
// keyed by the address and length of t's bytes. Types are nearly always
// the parsers' constants, so that the same type is the same string,
// found without comparing bytes: two strings with the same bytes at the
// same address are equal, and no other string can be at an address an
// entry holds, as its pointer keeps that memory alive (and strings are
// never written). A type made anew for each event, or two that share a
// slot, are only looked up again.
func (cx *evalCtx) candidates(idx *ruleIndex, t string) []*Rule {
	p := unsafe.StringData(t)
	c := &cx.types[uint32(uintptr(unsafe.Pointer(p)))*2654435769>>(32-typeBits)] // Fibonacci hashing: the top bits
	if c.idx != idx || c.p != p || c.n != len(t) {
		c.idx, c.p, c.n, c.rules = idx, p, len(t), idx.candidatesOf(t)
	}
	return c.rules
}

func (cx *evalCtx) reset() {
	cx.gen++
	if cx.gen == 0 {
		// wrapped round: entries of long ago would look current
		for _, fv := range cx.vals {
			if fv != nil {
				fv.gen = 0
			}
		}
		cx.gen = 1
	}
}

// fieldValue is one field of the event, as a fieldItem reads it.
type fieldValue struct {
	gen uint32 // the evalCtx's gen when it was read
	v   string
	ok  bool // the event has the field

	lowered  int8 // 0: not yet; 1: lv is set; -1: too long to lower
	lv       string
	buf      [maxLowered]byte // lv, when v has upper-case letters
	hasPairs bool             // pairs is computed
	pairs    pairSet          // the pairs of adjacent bytes of lv
}

// value returns the field it searches, read from ev the first time.
func (cx *evalCtx) value(ev Event, it *fieldItem) *fieldValue {
	if it.id < len(cx.vals) {
		if fv := cx.vals[it.id]; fv != nil && fv.gen == cx.gen {
			return fv
		}
	} else {
		cx.vals = append(cx.vals, make([]*fieldValue, it.id+1-len(cx.vals))...)
	}
	fv := cx.vals[it.id]
	if fv == nil {
		fv = new(fieldValue)
		cx.vals[it.id] = fv
	}
	fv.gen, fv.lowered, fv.hasPairs = cx.gen, 0, false
	if it.keywords {
		fv.v, fv.ok = ev.Keywords(), true
	} else {
		fv.v, fv.ok = ev.Field(it.field)
	}
	return fv
}

// lower returns the value with ASCII letters in lower case, and false
// when the event lacks the field or the value is too long to lower here.
func (fv *fieldValue) lower() (string, bool) {
	if !fv.ok {
		return "", false
	}
	switch fv.lowered {
	case 0:
		fv.lowered, fv.lv = 1, fv.v
		if hasUpperASCII(fv.v) {
			if len(fv.v) > len(fv.buf) {
				fv.lowered = -1
				return "", false
			}
			b := fv.buf[:len(fv.v)]
			for i := 0; i < len(fv.v); i++ {
				b[i] = lowerASCII(fv.v[i])
			}
			fv.lv = unsafe.String(&b[0], len(b))
		}
	case -1:
		return "", false
	}
	return fv.lv, true
}

// mayContain reports whether lit, whose pairs of bytes are ps, can be in
// the lowered value: false when one of its pairs is not there.
func (fv *fieldValue) mayContain(ps []uint16) bool {
	if !fv.hasPairs {
		fv.pairs.set(fv.lv)
		fv.hasPairs = true
	}
	for _, p := range ps {
		if !fv.pairs.has(p) {
			return false
		}
	}
	return true
}

// pairSet is a set of pairs of adjacent bytes, hashed to 12 bits: a
// string has every pair of a string it contains, so a pair of a pattern
// missing from the set proves that the pattern is not there; a pair
// present (or another with its hash) proves nothing.
type pairSet [4096 / 64]uint64

func pairHash(a, b byte) uint16 { return (uint16(a)<<5 ^ uint16(b)) & 4095 }

func (ps *pairSet) set(s string) {
	*ps = pairSet{}
	for i := 0; i+1 < len(s); i++ {
		h := pairHash(s[i], s[i+1])
		ps[h/64] |= 1 << (h % 64)
	}
}

func (ps *pairSet) has(h uint16) bool { return ps[h/64]&(1<<(h%64)) != 0 }

// maxPairs bounds the pairs tested per pattern: any of them missing
// rules the pattern out, and a few are enough to rule out most.
const maxPairs = 8

// pairsOf returns the hashes of up to maxPairs pairs of adjacent bytes of
// lit, each once; empty (not nil) for a literal shorter than two bytes.
func pairsOf(lit string) []uint16 {
	out := []uint16{}
	for i := 0; i+1 < len(lit) && len(out) < maxPairs; i++ {
		h := pairHash(lit[i], lit[i+1])
		seen := false
		for _, o := range out {
			seen = seen || o == h
		}
		if !seen {
			out = append(out, h)
		}
	}
	return out
}

// matchLowerIn is matchLower(lv) for lv, fv's lowered value: a
// |contains pattern with a pair of bytes that is not in the value is not
// searched for.
func (m *strMatcher) matchLowerIn(lv string, fv *fieldValue) bool {
	if m.shape == shapeContains && len(m.pairs) > 0 && len(lv) >= len(m.lit) && !fv.mayContain(m.pairs) {
		return false
	}
	return m.matchLower(lv)
}
