package re

import "sort"

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

// MaxStringMatches is yara's YR_MAX_STRING_MATCHES: a pattern stops
// collecting matches after this many and Set.Scan reports it.
const MaxStringMatches = 1000000

// Set scans data for many patterns at once: an Aho-Corasick pass over the
// patterns' atoms finds candidate positions; from each, the reversed
// prefix before the atom is run backwards to find the possible match
// starts, which the matcher verifies. Patterns without a usable atom are
// verified at every offset. Chained hex strings are searched as their
// pieces, then assembled.
type Set struct {
	progs  []*Prog
	units  []*Prog // progs with chained strings replaced by their pieces
	first  []int   // progs[i] is units[first[i]:first[i+1]]
	atoms  [][]Atom
	pre    [][]*Prog // per unit and atom: the reversed prefix, nil if empty
	ac     *AC
	owner  []atomRef // AC string id -> unit and atom
	noAtom []int     // units scanned at every offset
}

type atomRef struct{ unit, atom int }

// NewSet builds a Set.
func NewSet(progs []*Prog) *Set {
	s := &Set{progs: progs}
	for _, p := range progs {
		s.first = append(s.first, len(s.units))
		if p.pieces != nil {
			s.units = append(s.units, p.pieces...)
		} else {
			s.units = append(s.units, p)
		}
	}
	s.first = append(s.first, len(s.units))
	s.atoms = make([][]Atom, len(s.units))
	s.pre = make([][]*Prog, len(s.units))
	var strs [][]byte
	for i, p := range s.units {
		as, ok := p.Atoms()
		var pres []*Prog
		for k := 0; ok && k < len(as); k++ {
			var rp *Prog
			if len(as[k].prefix) > 0 {
				if rp = p.prefixProg(&as[k]); rp == nil {
					ok = false
				}
			}
			pres = append(pres, rp)
		}
		if !ok {
			s.noAtom = append(s.noAtom, i)
			continue
		}
		s.atoms[i], s.pre[i] = as, pres
		for k, a := range as {
			for _, v := range a.Variants {
				strs = append(strs, v)
				s.owner = append(s.owner, atomRef{i, k})
			}
		}
	}
	s.ac = NewAC(strs)
	return s
}

// NoAtom returns the indices of the patterns that have no usable atom
// (for a chained string: when one of its pieces has none).
func (s *Set) NoAtom() []int {
	var out []int
	for i := range s.progs {
		for _, u := range s.noAtom {
			if u >= s.first[i] && u < s.first[i+1] {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// Scan returns, per pattern, its matches in data in increasing offset
// order, and whether a pattern hit MaxStringMatches (its list is then
// truncated).
func (s *Set) Scan(data []byte) (matches [][]Match, tooMany []bool) {
	um := make([][]Match, len(s.units))
	tried := make([]map[int]bool, len(s.units))
	verify := func(i, st int) {
		if st < 0 || st >= len(data) || tried[i][st] {
			return
		}
		tried[i][st] = true
		p := s.units[i]
		if !p.first.Has(data[st]) {
			return
		}
		if n := p.MatchAt(data, st); n > 0 {
			um[i] = append(um[i], Match{st, n})
		}
	}
	s.ac.Scan(data, func(id, pos int) bool {
		ref := s.owner[id]
		i := ref.unit
		p := s.units[i]
		if tried[i] == nil {
			tried[i] = map[int]bool{}
		}
		rp := s.pre[i][ref.atom]
		if rp == nil {
			verify(i, pos)
			return true
		}
		minPos := 0
		if p.limit >= 0 {
			minPos = max(pos-p.limit, 0)
		}
		rp.backStarts(data, pos, minPos, func(st int) { verify(i, st) })
		return true
	})
	for _, i := range s.noAtom {
		um[i] = ScanAll(s.units[i], data)
	}
	matches = make([][]Match, len(s.progs))
	tooMany = make([]bool, len(s.progs))
	for i, p := range s.progs {
		if p.pieces != nil {
			matches[i] = combineChain(um[s.first[i]:s.first[i+1]], p.gaps)
		} else {
			ms := um[s.first[i]]
			sort.Slice(ms, func(a, b int) bool { return ms[a].Offset < ms[b].Offset })
			matches[i] = ms
		}
		if len(matches[i]) > MaxStringMatches {
			matches[i] = matches[i][:MaxStringMatches]
			tooMany[i] = true
		}
	}
	return matches, tooMany
}
