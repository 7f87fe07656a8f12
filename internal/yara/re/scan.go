package re

import (
	"errors"
	"slices"
	"strings"
)

// Match is one match of a pattern.
type Match struct {
	Offset int
	Length int
}

// ScanAll returns every match of p in data, trying every start offset
// (the reference semantics the atom-driven Scanner must reproduce).
// Empty matches are not reported, as in yara.
func ScanAll(p *Prog, data []byte) []Match {
	if p.pieces != nil {
		pm := make([][]Match, len(p.pieces))
		for i, pp := range p.pieces {
			pm[i] = ScanAll(pp, data)
		}
		return combineChain(pm, p.gaps)
	}
	var out []Match
	for i := 0; i < len(data); i++ {
		if !p.first.Has(data[i]) {
			continue
		}
		if n := p.MatchAt(data, i); n > 0 {
			out = append(out, Match{i, n})
		}
	}
	return out
}

// MaxScanMatches bounds the matches one Scan keeps over all patterns
// (16 bytes each): a hostile file cannot make the scan of many patterns
// use more than about 256 MiB for them. Beyond it matches are dropped and
// Scan returns ErrMatchBudget.
const MaxScanMatches = 16 << 20

// ErrMatchBudget is returned by Scanner.Scan when MaxScanMatches was
// reached: the matches are incomplete.
var ErrMatchBudget = errors.New("re: too many matches in one scan, some were dropped")

// MaxStringMatches is yara's YR_MAX_STRING_MATCHES: a pattern stops
// collecting matches after this many and Set.Scan reports it.
const MaxStringMatches = 1000000

// ErrStopped is returned by Scanner.Scan when ScanOptions.Stop asked it
// to stop.
var ErrStopped = errors.New("re: scan stopped")

// Set scans data for many patterns at once: an Aho-Corasick-like pass
// over the patterns' atoms finds candidate positions; from each, the
// start of the match is found (fixed distance before the atom, or by
// running the reversed prefix before the atom backwards) and verified
// (a byte compare for Literals, MatchAt otherwise). Patterns without a
// usable atom are verified at every offset. Chained hex strings are
// searched as their pieces, then assembled. Identical patterns are
// scanned once.
//
// A Set is immutable and safe for concurrent use; each goroutine scans
// with its own Scanner.
type Set struct {
	progs []*Prog
	// canon[i] is the index of the first pattern identical to progs[i];
	// group[c] lists the patterns whose canon is c (for canonical c).
	canon []int32
	group [][]int32
	units []unit
	// first[c] is the first unit of canonical pattern c (chained
	// strings have one unit per piece); -1 for non-canonical patterns.
	first  []int32
	idx    *atomIndex
	noAtom []int32 // units scanned at every offset
	maxIns int     // the largest program, to size the Scanner's VM
	dfaPre []*Prog // the prefixes run as DFAs, by unit.dfa
}

// unit kinds: how a unit turns an atom hit at pos into match starts.
const (
	kLiteral = iota // start = pos-back, then a byte compare
	kFixed          // start = pos-back, then MatchAt
	kGeneral        // starts from the reversed prefix, deduplicated
)

type unit struct {
	prog *Prog
	kind uint8
	back int     // kLiteral, kFixed: the distance from start to atom
	pre  []*Prog // kGeneral, per atom: the reversed prefix, nil if empty
	// dfa, per atom: the index of the prefix's lazy DFA in
	// Scanner.dfas, or -1 when the prefix has assertions.
	dfa   []int32
	canon int32 // the canonical pattern this unit belongs to
}

// NewSet builds a Set.
func NewSet(progs []*Prog) *Set {
	s := &Set{progs: progs, canon: make([]int32, len(progs)), group: make([][]int32, len(progs)),
		first: make([]int32, len(progs))}
	seen := map[string]int32{}
	for i, p := range progs {
		k := p.key()
		c, ok := seen[k]
		if !ok {
			c = int32(i)
			seen[k] = c
		}
		s.canon[i] = c
		s.group[c] = append(s.group[c], int32(i))
	}
	var b atomIndexBuilder
	for i, p := range progs {
		s.first[i] = -1
		if s.canon[i] != int32(i) {
			continue
		}
		s.first[i] = int32(len(s.units))
		parts := []*Prog{p}
		if p.pieces != nil {
			parts = p.pieces
		}
		for _, pp := range parts {
			s.maxIns = max(s.maxIns, len(pp.insts))
			u := unit{prog: pp, canon: int32(i), kind: kGeneral}
			if len(pp.lit) >= 8 {
				u.kind = kLiteral
				u.back = longWindow(pp.lit)
				b.addLong(pp.lit[u.back:u.back+8], pp.flags&NoCase != 0, atomRef{int32(len(s.units)), 0})
				s.units = append(s.units, u)
				continue
			}
			as, ok := pp.Atoms()
			var pres []*Prog
			for k := 0; ok && k < len(as); k++ {
				var rp *Prog
				if len(as[k].prefix) > 0 {
					if rp = pp.prefixProg(&as[k]); rp == nil {
						ok = false
					} else {
						s.maxIns = max(s.maxIns, len(rp.insts))
					}
				}
				pres = append(pres, rp)
			}
			ui := int32(len(s.units))
			if !ok {
				s.noAtom = append(s.noAtom, ui)
				s.units = append(s.units, u)
				continue
			}
			if len(as) == 1 && as[0].MinBack == as[0].MaxBack {
				// Every match has the atom at the same distance from its
				// start, so each hit gives one start, in increasing order.
				u.back = as[0].MinBack
				u.kind = kFixed
				if pp.lit != nil {
					u.kind = kLiteral
				}
			} else {
				u.pre = pres
				for _, rp := range pres {
					d := int32(-1)
					if rp != nil && rp.closure != nil {
						d = int32(len(s.dfaPre))
						s.dfaPre = append(s.dfaPre, rp)
					}
					u.dfa = append(u.dfa, d)
				}
			}
			s.units = append(s.units, u)
			for k, a := range as {
				for _, v := range a.Variants {
					b.add(v, atomRef{ui, int32(k)})
				}
			}
		}
	}
	s.idx = b.build()
	return s
}

// longWindow returns the offset of the 8-byte window of lit to index:
// its first 4 bytes are the filter tested at every position, so they
// should be rare; the other 4 only break ties.
func longWindow(lit []byte) int {
	best, bestQ := 0, -1.0
	for i := 0; i+8 <= len(lit); i++ {
		q := windowRarity(lit[i:i+4]) + windowRarity(lit[i:i+8])/100
		if q > bestQ {
			best, bestQ = i, q
		}
	}
	return best
}

// key identifies a pattern: patterns with equal keys have equal matches.
func (p *Prog) key() string {
	var b strings.Builder
	b.WriteByte(byte(p.flags))
	switch {
	case p.lit != nil:
		b.WriteString("L")
		b.Write(p.lit)
		return b.String()
	case p.ast.Hex && p.ast.HasAlt:
		b.WriteString("A")
	case p.ast.Hex:
		b.WriteString("H")
	default:
		b.WriteString("R")
	}
	p.ast.Root.writeKey(&b)
	return b.String()
}

func (n *Node) writeKey(b *strings.Builder) {
	b.WriteByte(byte(n.Op))
	switch n.Op {
	case OpLiteral:
		b.WriteByte(n.Byte)
	case OpMaskedLiteral:
		b.WriteByte(n.Byte)
		b.WriteByte(n.Mask)
	case OpClass:
		for _, w := range n.Class {
			for i := 0; i < 8; i++ {
				b.WriteByte(byte(w >> (8 * i)))
			}
		}
		if n.Negated {
			b.WriteByte(1)
		} else {
			b.WriteByte(0)
		}
	case OpRepeat:
		g := 0
		if n.Greedy {
			g = 1
		}
		for _, v := range []int{n.Min, n.Max, g} {
			b.WriteByte(byte(v))
			b.WriteByte(byte(v >> 8))
			b.WriteByte(byte(v >> 16))
		}
		n.Subs[0].writeKey(b)
	case OpConcat, OpAlt:
		l := len(n.Subs)
		b.WriteByte(byte(l))
		b.WriteByte(byte(l >> 8))
		b.WriteByte(byte(l >> 16))
		for _, s := range n.Subs {
			s.writeKey(b)
		}
	}
}

// NoAtom returns the indices of the patterns that have no usable atom
// (for a chained string: when one of its pieces has none).
func (s *Set) NoAtom() []int {
	var out []int
	for i := range s.progs {
		c := s.canon[i]
		lo := s.first[c]
		hi := lo + 1
		if pp := s.progs[c].pieces; pp != nil {
			hi = lo + int32(len(pp))
		}
		for _, u := range s.noAtom {
			if u >= lo && u < hi {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// Scan returns, per pattern, its matches in data in increasing offset
// order, and whether a pattern hit MaxStringMatches (its list is then
// truncated). It is a convenience wrapper around a new Scanner, whose
// buffers and caches it then drops: to scan many inputs, keep a Scanner
// per goroutine instead. The slices of identical patterns may be shared.
func (s *Set) Scan(data []byte) (matches [][]Match, tooMany []bool) {
	m, t, _ := s.NewScanner().Scan(data, ScanOptions{})
	return m, t
}

// ScanOptions modify one Scanner.Scan.
type ScanOptions struct {
	// Enabled, if non-nil, limits the scan to the patterns with
	// Enabled[i]; the others get no matches and cost almost nothing:
	// their atom hits are ignored and, if they have no atom, they are not
	// run. Its length must be the number of patterns (Scan panics
	// otherwise).
	Enabled []bool
	// Group, if non-nil, maps every pattern to an entry of Enabled, which
	// is then indexed by group: a rule compiler enables all the patterns
	// of a rule with one entry. Its length must be the number of patterns.
	Group []int32
	// Stop, if non-nil, is polled every 64 KiB of data and every few
	// thousand verifications; when it returns true Scan returns
	// ErrStopped with the matches found so far.
	Stop func() bool
}

// Scanner scans data with a Set, reusing its buffers from one scan to the
// next. It is not safe for concurrent use: use one per goroutine.
type Scanner struct {
	s   *Set
	m   *machine
	grp []int32 // ScanOptions.Group of the current scan
	// total counts the matches kept in this scan; overBudget is set when
	// MaxScanMatches dropped some.
	total      int
	overBudget bool
	// um[u] collects the matches of unit u; unsorted[u] is set when they
	// were not found in increasing offset order.
	um       [][]Match
	unsorted []bool
	touched  []int32 // units with matches in this scan
	// Results, reset lazily: out/tooMany entries listed in outSet.
	out     [][]Match
	tooMany []bool
	outSet  []int32
	chain   [][]Match // scratch for chained strings
	// Enabled cache per canonical pattern, valid when enGen == gen.
	enGen []uint32
	enVal []bool
	gen   uint32
	// dfas holds the lazy DFAs of Set.dfaPre, built on first use.
	dfas []*backDFA
	// tried deduplicates the starts of kGeneral units.
	tried  startSet
	starts []int
	// verifications since the last Stop poll
	work int
	stop func() bool
	// stopped is set once Stop returned true.
	stopped bool
}

// NewScanner returns a Scanner for s.
func (s *Set) NewScanner() *Scanner {
	m := &machine{}
	m.grow(max(s.maxIns, 1))
	return &Scanner{
		s: s, m: m,
		um:       make([][]Match, len(s.units)),
		unsorted: make([]bool, len(s.units)),
		out:      make([][]Match, len(s.progs)),
		tooMany:  make([]bool, len(s.progs)),
		enGen:    make([]uint32, len(s.progs)),
		enVal:    make([]bool, len(s.progs)),
		dfas:     make([]*backDFA, len(s.dfaPre)),
	}
}

// stopEvery is the number of verifications between two polls of Stop.
const stopEvery = 4096

// Scan returns, per pattern, its matches in data in increasing offset
// order (an empty match is never reported), and whether a pattern hit
// MaxStringMatches (its list is then truncated to the first ones). The
// results are valid until the next Scan on this Scanner; identical
// patterns may share their slices. The error is nil or ErrStopped.
func (sc *Scanner) Scan(data []byte, opt ScanOptions) (matches [][]Match, tooMany []bool, err error) {
	s := sc.s
	for _, u := range sc.touched {
		sc.um[u] = sc.um[u][:0]
		sc.unsorted[u] = false
	}
	sc.touched = sc.touched[:0]
	for _, i := range sc.outSet {
		sc.out[i] = nil
		sc.tooMany[i] = false
	}
	sc.outSet = sc.outSet[:0]
	sc.gen++
	if sc.gen == 0 {
		clear(sc.enGen)
		sc.gen = 1
	}
	sc.tried.reset()
	sc.total, sc.overBudget = 0, false
	sc.work = 0
	sc.stop = opt.Stop
	sc.stopped = false
	en := opt.Enabled
	sc.grp = opt.Group
	switch {
	case en != nil && sc.grp != nil && len(sc.grp) != len(s.progs):
		panic("re: ScanOptions.Group has the wrong length")
	case en != nil && sc.grp == nil && len(en) != len(s.progs):
		panic("re: ScanOptions.Enabled has the wrong length")
	}

	sc.scanAtoms(data, en)
	for _, ui := range s.noAtom {
		if sc.stopped {
			break
		}
		u := &s.units[ui]
		if en != nil && !sc.enabled(en, u.canon) {
			continue
		}
		sc.scanEvery(ui, data)
	}
	sc.collect(en)
	switch {
	case sc.stopped:
		err = ErrStopped
	case sc.overBudget:
		err = ErrMatchBudget
	}
	return sc.out, sc.tooMany, err
}

// Matched returns the indices of the patterns with matches in the last
// Scan, in no particular order; it is valid until the next Scan.
func (sc *Scanner) Matched() []int32 { return sc.outSet }

// on reports whether pattern i is enabled.
func (sc *Scanner) on(en []bool, i int32) bool {
	if sc.grp != nil {
		return en[sc.grp[i]]
	}
	return en[i]
}

// enabled reports whether any pattern identical to canonical pattern c
// is enabled.
func (sc *Scanner) enabled(en []bool, c int32) bool {
	if sc.enGen[c] == sc.gen {
		return sc.enVal[c]
	}
	v := false
	for _, i := range sc.s.group[c] {
		if sc.on(en, i) {
			v = true
			break
		}
	}
	sc.enGen[c] = sc.gen
	sc.enVal[c] = v
	return v
}

// poll counts one verification and polls Stop every stopEvery of them.
func (sc *Scanner) poll() bool {
	sc.work++
	if sc.work >= stopEvery {
		sc.work = 0
		if sc.stop != nil && sc.stop() {
			sc.stopped = true
		}
	}
	return sc.stopped
}

func (sc *Scanner) add(ui int32, st, n int) {
	ms := sc.um[ui]
	if len(ms) > MaxStringMatches {
		// One more than the limit is kept, so that collect reports it.
		return
	}
	if sc.total >= MaxScanMatches {
		sc.overBudget = true
		return
	}
	sc.total++
	if len(ms) == 0 {
		sc.touched = append(sc.touched, ui)
	} else if ms[len(ms)-1].Offset > st {
		sc.unsorted[ui] = true
	}
	sc.um[ui] = append(ms, Match{st, n})
}

// scanEvery verifies unit ui at every offset.
func (sc *Scanner) scanEvery(ui int32, data []byte) {
	p := sc.s.units[ui].prog
	if p.lit != nil && len(p.lit) == 0 {
		return
	}
	for i := 0; i < len(data); i++ {
		if !p.first.Has(data[i]) {
			continue
		}
		if sc.poll() {
			return
		}
		if n, _ := p.matchAt(sc.m, data, i); n > 0 {
			sc.add(ui, i, n)
		}
	}
}

// hit handles an occurrence of atom ref at pos.
func (sc *Scanner) hit(ref atomRef, data []byte, pos int, en []bool) {
	u := &sc.s.units[ref.unit]
	if en != nil && !sc.enabled(en, u.canon) {
		return
	}
	p := u.prog
	switch u.kind {
	case kLiteral:
		st := pos - u.back
		if st >= 0 {
			if n := p.matchLit(data, st); n > 0 {
				sc.add(ref.unit, st, n)
			}
		}
		return
	case kFixed:
		st := pos - u.back
		if st >= 0 {
			if sc.poll() {
				return
			}
			if n, _ := p.matchAt(sc.m, data, st); n > 0 {
				sc.add(ref.unit, st, n)
			}
		}
		return
	}
	rp := u.pre[ref.atom]
	if rp == nil {
		sc.tryStart(ref.unit, p, data, pos)
		return
	}
	minPos := 0
	if p.limit >= 0 {
		minPos = max(pos-p.limit, 0)
	}
	if sc.poll() {
		return
	}
	if di := u.dfa[ref.atom]; di >= 0 {
		d := sc.dfas[di]
		if d == nil {
			d = newBackDFA(rp)
			sc.dfas[di] = d
		}
		sc.starts = d.starts(data, pos, minPos, sc.starts[:0])
	} else {
		sc.starts = rp.backStarts(sc.m, data, pos, minPos, sc.starts[:0])
	}
	for _, st := range sc.starts {
		sc.tryStart(ref.unit, p, data, st)
	}
}

// tryStart verifies a start of a kGeneral unit once per scan.
func (sc *Scanner) tryStart(ui int32, p *Prog, data []byte, st int) {
	if st >= len(data) || !p.first.Has(data[st]) || !sc.tried.add(uint64(ui)<<32|uint64(st)) {
		return
	}
	if sc.poll() {
		return
	}
	if n, _ := p.matchAt(sc.m, data, st); n > 0 {
		sc.add(ui, st, n)
	}
}

// collect turns the unit matches into the per-pattern results.
func (sc *Scanner) collect(en []bool) {
	s := sc.s
	cmp := func(a, b Match) int { return a.Offset - b.Offset }
	for _, ui := range sc.touched {
		if sc.unsorted[ui] {
			slices.SortFunc(sc.um[ui], cmp)
		}
	}
	for _, ui := range sc.touched {
		u := &s.units[ui]
		c := u.canon
		p := s.progs[c]
		var ms []Match
		if p.pieces != nil {
			if ui != s.first[c] {
				continue // assembled once, from its first piece
			}
			k := len(p.pieces)
			pm := sc.chain[:0]
			for j := 0; j < k; j++ {
				pm = append(pm, sc.um[s.first[c]+int32(j)])
			}
			sc.chain = pm
			if len(pm[k-1]) == 0 {
				continue
			}
			ms = combineChain(pm, p.gaps)
		} else {
			ms = sc.um[ui]
		}
		if len(ms) == 0 {
			continue
		}
		many := false
		if len(ms) > MaxStringMatches {
			ms = ms[:MaxStringMatches]
			many = true
		}
		for _, i := range s.group[c] {
			if en != nil && !sc.on(en, i) {
				continue
			}
			sc.out[i] = ms
			sc.tooMany[i] = many
			sc.outSet = append(sc.outSet, i)
		}
	}
}

// startSet is a set of uint64 keys, emptied in O(1) by a generation
// stamp.
type startSet struct {
	keys []uint64
	gens []uint32
	gen  uint32
	n    int
}

func (t *startSet) reset() {
	t.gen++
	t.n = 0
	if t.gen == 0 {
		clear(t.gens)
		t.gen = 1
	}
}

// add inserts k and reports whether it was new.
func (t *startSet) add(k uint64) bool {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	mask := uint64(len(t.keys) - 1)
	h := (k * 0x9E3779B97F4A7C15) >> 20
	for i := h & mask; ; i = (i + 1) & mask {
		if t.gens[i] != t.gen {
			t.gens[i] = t.gen
			t.keys[i] = k
			t.n++
			return true
		}
		if t.keys[i] == k {
			return false
		}
	}
}

func (t *startSet) grow() {
	oldK, oldG, g := t.keys, t.gens, t.gen
	size := max(1024, 2*len(oldK))
	t.keys = make([]uint64, size)
	t.gens = make([]uint32, size)
	t.gen = 1
	t.n = 0
	for i, k := range oldK {
		if oldG[i] == g {
			t.add(k)
		}
	}
}
