package re

import "math/bits"

// MaxAtomLength is yara's YR_MAX_ATOM_LENGTH.
const MaxAtomLength = 4

// Atom is a short substring that the prefilter searches for: one of the
// byte strings in Variants (all of the same length, at most
// MaxAtomLength). Variants come from case folding, nibble wildcards and
// small classes; Bytes is the first variant.
//
// A pattern has a list of atoms and every match contains at least one of
// them; the part of the match before the atom is matched by the atom's
// prefix, whose length is between MinBack and MaxBack (MaxBack < 0:
// unbounded). The scanner runs the reversed prefix backwards from each
// occurrence of the atom to find the possible match starts.
type Atom struct {
	Bytes            []byte
	Variants         [][]byte
	Quality          int
	MinBack, MaxBack int

	prefix []*Node // the nodes before the atom, in order
	elems  []*Node // the nodes of the atom, expanded by materialize
	flags  Flags
}

// materialize fills Bytes, Variants, MinBack and MaxBack.
func (a *Atom) materialize() {
	pre := &Node{Op: OpConcat, Subs: a.prefix}
	a.MinBack, a.MaxBack = minLen(pre), maxLen(pre)
	vars := [][]byte{nil}
	for _, n := range a.elems {
		ms := members(elemSet(n, a.flags))
		var nv [][]byte
		for _, v := range vars {
			for _, c := range ms {
				nv = append(nv, append(append(make([]byte, 0, len(a.elems)), v...), c))
			}
		}
		vars = nv
	}
	a.Variants, a.Bytes = vars, vars[0]
}

// maxAtomQuality mirrors YR_MAX_ATOM_QUALITY.
const maxAtomQuality = 255

// atomQuality follows libyara's yr_atoms_heuristic_quality for an atom
// of fully known bytes: common bytes (00, 20, CC, FF) are worth 15, ASCII
// letters 19, other bytes 20, and an atom made of one repeated common
// byte is penalized; distinct bytes add a bonus.
func atomQuality(b []byte) int {
	q := 0
	var seen ByteSet
	unique := 0
	for _, c := range b {
		switch c {
		case 0x00, 0x20, 0xCC, 0xFF:
			q += 15
		default:
			if l := c | 0x20; l >= 'a' && l <= 'z' {
				q += 19
			} else {
				q += 20
			}
		}
		if !seen.Has(c) {
			seen.Add(c)
			unique++
		}
	}
	if unique == 1 && (seen.Has(0) || seen.Has(0x20) || seen.Has(0xCC) || seen.Has(0xFF)) {
		q -= 10 * len(b)
	}
	// Unlike yara, prefer diverse bytes ("BEGI" over "----"): the atom
	// choice does not change the matches, only the speed.
	q += 3 * unique
	return maxAtomQuality - 20*MaxAtomLength + q
}

// byteRarity[b] is -2·log2 of the frequency of byte b in a mix of source
// code, web pages and ELF binaries (half of each: the webshell corpus and
// the files of /usr/bin and /usr/lib), capped at 1..40. It estimates how
// often an atom occurs, to prefer rare atoms: yara's own heuristic
// (yr_atoms_heuristic_quality) rates all letters alike and picks atoms
// like "file" in "the file uploaded failed !". The choice only affects
// speed, never the matches.
var byteRarity = [256]uint8{
	5, 14, 16, 17, 17, 17, 19, 19, 16, 14, 13, 20, 20, 19, 16, 14,
	17, 20, 19, 22, 20, 20, 22, 22, 18, 22, 23, 22, 21, 22, 23, 17,
	9, 19, 13, 19, 13, 18, 18, 14, 14, 15, 19, 17, 16, 17, 15, 16,
	14, 14, 15, 16, 16, 16, 16, 17, 16, 16, 18, 16, 16, 14, 15, 19,
	17, 13, 15, 15, 14, 14, 15, 16, 11, 15, 16, 17, 14, 16, 15, 16,
	16, 17, 15, 15, 15, 15, 16, 16, 17, 17, 16, 17, 16, 17, 21, 14,
	19, 12, 14, 13, 13, 11, 13, 15, 14, 12, 17, 16, 12, 14, 12, 12,
	13, 18, 12, 12, 11, 14, 16, 16, 15, 15, 17, 18, 19, 18, 20, 21,
	18, 21, 23, 16, 17, 16, 21, 22, 21, 13, 24, 14, 21, 16, 22, 23,
	20, 24, 23, 23, 22, 23, 24, 24, 22, 24, 24, 24, 23, 24, 24, 24,
	21, 22, 24, 22, 22, 24, 23, 24, 21, 22, 23, 24, 23, 24, 23, 22,
	21, 23, 24, 23, 22, 23, 20, 22, 20, 22, 21, 22, 21, 22, 20, 21,
	16, 19, 20, 18, 19, 21, 20, 18, 21, 20, 22, 23, 22, 23, 22, 23,
	19, 22, 20, 22, 22, 23, 22, 23, 20, 21, 23, 21, 23, 22, 22, 20,
	19, 22, 21, 23, 22, 21, 21, 21, 15, 17, 22, 20, 20, 21, 20, 18,
	20, 23, 21, 22, 22, 22, 19, 21, 19, 21, 20, 20, 19, 19, 18, 11,
}

// atomList is a set of alternative atoms with offsets relative to the
// start of the node they were extracted from.
type atomList struct {
	atoms   []Atom
	quality int // the worst quality in the list
}

// Atoms returns the atoms of the pattern, or ok=false when the pattern
// has no usable atom (the scanner must then try every offset).
func (p *Prog) Atoms() ([]Atom, bool) {
	if p.lit != nil {
		return p.litAtoms()
	}
	best, ok := seqAtoms(topItems(p.root), p.flags)
	if !ok {
		return nil, false
	}
	for i := range best.atoms {
		best.atoms[i].materialize()
	}
	return best.atoms, true
}

// withPrefix returns pre followed by rest, in a new slice.
func withPrefix(pre []*Node, rest []*Node) []*Node {
	out := make([]*Node, 0, len(pre)+len(rest))
	return append(append(out, pre...), rest...)
}

// seqAtoms chooses the best atoms of a sequence of nodes.
func seqAtoms(items []*Node, f Flags) (atomList, bool) {
	best := atomList{quality: -1}
	for _, run := range atomRuns(items, f) {
		for i := range run {
			for l := 1; l <= MaxAtomLength && i+l <= len(run); l++ {
				a, ok := runAtom(runNodes(run[i:i+l]), f)
				if !ok {
					break
				}
				if a.Quality > best.quality || a.Quality == best.quality && len(best.atoms) > 1 {
					e := run[i]
					a.prefix = withPrefix(items[:e.item], nil)
					for c := 0; c < e.copy; c++ {
						a.prefix = append(a.prefix, e.n)
					}
					best = atomList{[]Atom{a}, a.Quality}
				}
			}
		}
	}
	for k, it := range items {
		if isElem(it, f) {
			continue
		}
		if l, ok := nodeAtoms(it, f); ok && l.quality > best.quality {
			for i := range l.atoms {
				l.atoms[i].prefix = withPrefix(items[:k], l.atoms[i].prefix)
			}
			best = l
		}
	}
	return best, best.quality >= 0
}

// nodeAtoms extracts atoms from a node that is not a single byte: an
// alternation (every alternative must provide atoms), a concatenation,
// or a repetition with a minimum of at least one (atoms of its first two
// iterations, so that a run may cross from one to the next).
func nodeAtoms(n *Node, f Flags) (atomList, bool) {
	switch n.Op {
	case OpAlt:
		out := atomList{quality: maxAtomQuality + 1}
		nv := 0
		for _, s := range n.Subs {
			l, ok := seqAtoms(topItems(s), f)
			if !ok {
				return atomList{}, false
			}
			out.atoms = append(out.atoms, l.atoms...)
			out.quality = min(out.quality, l.quality)
			for _, a := range l.atoms {
				k := 1
				for _, e := range a.elems {
					k *= elemSet(e, a.flags).Count()
				}
				nv += k
			}
		}
		// Many alternatives cost as much as a poor atom.
		if nv > 4*maxVariants {
			return atomList{}, false
		}
		return out, true
	case OpRepeat:
		if n.Min < 1 {
			return atomList{}, false
		}
		seq := topItems(n.Subs[0])
		if n.Min >= 2 {
			seq = withPrefix(seq, seq)
		}
		return seqAtoms(seq, f)
	case OpConcat:
		return seqAtoms(n.Subs, f)
	}
	if isElem(n, f) {
		if a, ok := runAtom([]*Node{n}, f); ok {
			return atomList{[]Atom{a}, a.Quality}, true
		}
	}
	return atomList{}, false
}

func topItems(n *Node) []*Node {
	if n.Op == OpConcat {
		return n.Subs
	}
	return []*Node{n}
}

// maxVariants bounds the number of concrete strings one atom expands to.
const maxVariants = 64

// maxElemSet is the largest byte set an atom position may have.
const maxElemSet = 16

// elemSet returns the set of bytes a single-byte node matches when it is
// small enough to be part of an atom, else nil.
func elemSet(n *Node, f Flags) *ByteSet {
	switch n.Op {
	case OpAny, OpConcat, OpAlt, OpRepeat, OpWordBoundary, OpNonWordBoundary, OpAnchorStart, OpAnchorEnd,
		OpNonDigit, OpNonSpace, OpNonWordChar, OpWordChar:
		return nil
	case OpLiteral:
		return setFor(n, f)
	}
	s := setFor(n, f)
	if s == nil || s.Count() > maxElemSet || s.Count() == 0 {
		return nil
	}
	return s
}

func members(s *ByteSet) []byte {
	var out []byte
	for w, x := range s {
		for x != 0 {
			b := bits.TrailingZeros64(x)
			out = append(out, byte(w*64+b))
			x &= x - 1
		}
	}
	return out
}

// runAtom builds the atom for a window of single-byte nodes, or ok=false
// when it would expand to too many variants.
func runAtom(elems []*Node, f Flags) (Atom, bool) {
	nvars := 1
	q := 0
	var seen ByteSet
	unique := 0
	for _, n := range elems {
		s := elemSet(n, f)
		if s == nil {
			return Atom{}, false
		}
		cnt := s.Count()
		if nvars*cnt > maxVariants {
			return Atom{}, false
		}
		nvars *= cnt
		var b0 byte
		for w, x := range s {
			if x != 0 {
				b0 = byte(w*64 + bits.TrailingZeros64(x))
				break
			}
		}
		switch {
		case cnt == 1:
			q += atomQuality([]byte{b0}) - (maxAtomQuality - 20*MaxAtomLength) - 3
		case cnt == 2 && s.Has(altCase(b0)) && altCase(b0) != b0:
			q += 18
		default:
			q += max(2, 18-cnt)
		}
		if !seen.Has(b0) {
			seen.Add(b0)
			unique++
		}
	}
	if unique == 1 && len(elems) > 1 && (seen.Has(0) || seen.Has(0x20) || seen.Has(0xCC) || seen.Has(0xFF)) {
		q -= 10 * len(elems)
	}
	q += 3 * unique
	return Atom{elems: elems, flags: f, Quality: maxAtomQuality - 20*MaxAtomLength + q}, true
}

// litAtoms returns the atom of a Literal: its rarest window of up to
// MaxAtomLength bytes. Literals are common words more often than regexp
// atoms are, so rarity by byte frequency (byteRarity) pays off here;
// the choice does not change the matches.
func (p *Prog) litAtoms() ([]Atom, bool) {
	if len(p.lit) == 0 {
		return nil, false
	}
	w := min(len(p.lit), MaxAtomLength)
	off := rarestWindow(p.lit, w)
	items := p.litNodes().Subs
	a := Atom{prefix: items[:off], elems: items[off : off+w], flags: p.flags}
	a.materialize()
	return []Atom{a}, true
}

// rarestWindow returns the offset of the rarest w-byte window of lit, by
// byteRarity, a repeated byte counting for a third.
func rarestWindow(lit []byte, w int) int {
	best, bestQ := 0, -1.0
	for i := 0; i+w <= len(lit); i++ {
		if q := windowRarity(lit[i : i+w]); q > bestQ {
			best, bestQ = i, q
		}
	}
	return best
}

// windowRarity sums the byteRarity of b, a repeated byte counting for a
// third.
func windowRarity(b []byte) float64 {
	q := 0.0
	var seen ByteSet
	for _, c := range b {
		r := float64(byteRarity[c])
		if seen.Has(c) {
			r /= 3
		}
		seen.Add(c)
		q += r
	}
	return q
}

// isElem reports whether n can be part of an atom run.
func isElem(n *Node, f Flags) bool { return elemSet(n, f) != nil }

// maxLen returns the maximum length of a match of n, or -1 if unbounded.
func maxLen(n *Node) int {
	switch n.Op {
	case OpWordBoundary, OpNonWordBoundary, OpAnchorStart, OpAnchorEnd:
		return 0
	case OpConcat:
		t := 0
		for _, s := range n.Subs {
			v := maxLen(s)
			if v < 0 {
				return -1
			}
			t += v
		}
		return t
	case OpAlt:
		m := 0
		for _, s := range n.Subs {
			v := maxLen(s)
			if v < 0 {
				return -1
			}
			if v > m {
				m = v
			}
		}
		return m
	case OpRepeat:
		v := maxLen(n.Subs[0])
		if v < 0 || n.Max == Unbounded {
			return -1
		}
		return v * n.Max
	}
	return 1
}

// reverseNode returns a node matching the reversed strings of n.
func reverseNode(n *Node) *Node {
	switch n.Op {
	case OpConcat:
		r := &Node{Op: OpConcat}
		for i := len(n.Subs) - 1; i >= 0; i-- {
			r.Subs = append(r.Subs, reverseNode(n.Subs[i]))
		}
		return r
	case OpAlt, OpRepeat:
		r := *n
		r.Subs = nil
		for _, s := range n.Subs {
			r.Subs = append(r.Subs, reverseNode(s))
		}
		return &r
	}
	return n
}

// prefixProg compiles the reversed prefix of an atom, used to find the
// possible match starts backwards from an occurrence of the atom.
func (p *Prog) prefixProg(a *Atom) *Prog {
	pre := reverseNode(&Node{Op: OpConcat, Subs: a.prefix})
	rp, err := compileRoot(&AST{Root: pre}, pre, p.flags)
	if err != nil {
		return nil
	}
	return rp
}

// backStarts appends to out every position s such that the reversed
// prefix program rp matches data[s:q] (exhaustively, nearest first), and
// returns it. It never looks below minPos. m must be big enough for rp.
func (rp *Prog) backStarts(m *machine, data []byte, q, minPos int, out []int) []int {
	m.cur.dense = m.cur.dense[:0]
	m.next.dense = m.next.dense[:0]
	rp.addThread(m, &m.cur, rp.start, data, 0, q, len(data))
	for p := q; len(m.cur.dense) > 0; p-- {
		matched := false
		for _, pc := range m.cur.dense {
			in := &rp.insts[pc]
			if in.op == iMatch {
				matched = true
				continue
			}
			if in.op == iByte && p > minPos && in.set.Has(data[p-1]) {
				rp.addThread(m, &m.next, in.x, data, 0, p-1, len(data))
			}
		}
		if matched {
			out = append(out, p)
		}
		m.cur, m.next = m.next, m.cur
		m.next.dense = m.next.dense[:0]
	}
	return out
}

// elemRef is one single-byte position of an atom run: node n, which is
// item number item of a sequence, or its copy-th repetition.
type elemRef struct {
	n          *Node
	item, copy int
}

// atomRuns splits a sequence into runs of consecutive single-byte
// positions usable in atoms. A repetition {n,m} of a single-byte node
// contributes its first min(n, 4) copies; the run ends after it unless
// n == m.
func atomRuns(items []*Node, f Flags) [][]elemRef {
	var runs [][]elemRef
	var cur []elemRef
	end := func() {
		if len(cur) > 0 {
			runs = append(runs, cur)
		}
		cur = nil
	}
	for k, it := range items {
		switch {
		case isElem(it, f):
			cur = append(cur, elemRef{it, k, 0})
		case it.Op == OpRepeat && it.Min >= 1 && isElem(it.Subs[0], f):
			for c := 0; c < min(it.Min, MaxAtomLength); c++ {
				cur = append(cur, elemRef{it.Subs[0], k, c})
			}
			if it.Max != it.Min || it.Min > MaxAtomLength {
				end()
			}
		default:
			end()
		}
	}
	end()
	return runs
}

func runNodes(r []elemRef) []*Node {
	out := make([]*Node, len(r))
	for i, e := range r {
		out[i] = e.n
	}
	return out
}
