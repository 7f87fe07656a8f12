package re

import "sort"

// Chaining: yara splits a hex string at every top-level jump whose bounds
// exceed ChainingThreshold (and at unbounded jumps) into pieces that are
// searched as separate strings; a match of the whole string is assembled
// from matches of the pieces whose distances fit the jumps
// (_yr_scan_verify_chained_string_match). This file reproduces that.

// splitChain splits a hex AST at its chaining points. It returns nil when
// the string is not chained.
func splitChain(ast *AST) (pieces []*AST, gaps [][2]int) {
	if !ast.Hex || ast.Root.Op != OpConcat {
		return nil, nil
	}
	var cur []*Node
	flush := func() {
		root := &Node{Op: OpConcat, Subs: cur}
		if len(cur) == 1 {
			root = cur[0]
		}
		pieces = append(pieces, &AST{Root: root, Hex: true, HasAlt: ast.HasAlt})
		cur = nil
	}
	subs := ast.Root.Subs
	for i, n := range subs {
		if n.Op == OpRepeat && i > 0 && i < len(subs)-1 &&
			(n.Min > ChainingThreshold || n.Max > ChainingThreshold || n.Max == Unbounded) {
			flush()
			gaps = append(gaps, [2]int{n.Min, n.Max})
			continue
		}
		cur = append(cur, n)
	}
	if gaps == nil {
		return nil, nil
	}
	flush()
	return pieces, gaps
}

// Chained reports whether p is a chained hex string: its matches are then
// defined by ScanAll and Set.Scan, not by MatchAt (which matches the
// string as one pattern).
func (p *Prog) Chained() bool { return p.pieces != nil }

type chainMatch struct {
	off, len, chain int
	alive           bool
}

// combineChain assembles matches of a chained string from the matches of
// its pieces, in yara's order (by offset), yielding for each confirmed
// head match the shortest completion.
func combineChain(pm [][]Match, gaps [][2]int) []Match {
	k := len(pm)
	type ev struct{ piece, idx int }
	var evs []ev
	for i, ms := range pm {
		for j := range ms {
			evs = append(evs, ev{i, j})
		}
	}
	sort.SliceStable(evs, func(a, b int) bool {
		ma, mb := pm[evs[a].piece][evs[a].idx], pm[evs[b].piece][evs[b].idx]
		if ma.Offset != mb.Offset {
			return ma.Offset < mb.Offset
		}
		return evs[a].piece < evs[b].piece
	})
	u := make([][]*chainMatch, k)
	within := func(prev *chainMatch, off int, g [2]int) bool {
		end := prev.off + prev.len
		return end+g[0] <= off && (g[1] == Unbounded || end+g[1] >= off)
	}
	var update func(i int, m *chainMatch, c int)
	update = func(i int, m *chainMatch, c int) {
		if m.chain == c {
			return
		}
		m.chain = c
		if i > 0 {
			for _, v := range u[i-1] {
				if v.alive && within(v, m.off, gaps[i-1]) {
					update(i-1, v, c+1)
				}
			}
		}
	}
	var out []Match
	for _, e := range evs {
		m := pm[e.piece][e.idx]
		cm := &chainMatch{off: m.Offset, len: m.Length, alive: true}
		if e.piece == 0 {
			u[0] = append(u[0], cm)
			continue
		}
		g := gaps[e.piece-1]
		ok := false
		for _, v := range u[e.piece-1] {
			if v.alive && within(v, m.Offset, g) {
				ok = true
				break
			}
		}
		if !ok {
			continue
		}
		if e.piece < k-1 {
			u[e.piece] = append(u[e.piece], cm)
			continue
		}
		for _, v := range u[k-2] {
			if v.alive && within(v, m.Offset, g) {
				update(k-2, v, 1)
			}
		}
		live := u[0][:0]
		for _, h := range u[0] {
			if h.alive && h.chain == k-1 {
				h.alive = false
				out = append(out, Match{h.off, m.Offset - h.off + m.Length})
				continue
			}
			live = append(live, h)
		}
		u[0] = live
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Offset < out[b].Offset })
	return out
}
