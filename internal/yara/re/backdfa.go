package re

import (
	"slices"
	"unsafe"
)

// backDFA is a lazily built DFA for a reversed prefix program without
// assertions. Finding the starts before an atom only asks which
// positions the prefix can match from (every thread counts, priorities
// do not), so the Pike VM's thread lists can be replaced by cached sets
// of them: one table lookup per byte instead of a closure walk per
// thread. Each Scanner has its own DFAs, so no locking is needed.
type backDFA struct {
	rp    *Prog
	pcs   [][]uint32 // per state: its consuming instructions, sorted
	match []bool     // per state: it contains iMatch
	trans []int32    // state*256+byte: next state, dfaUnknown or dfaDead
	index map[string]int32
	seen  []uint32 // generation stamps per instruction, for compute
	gen   uint32
	buf   []uint32
}

const (
	dfaUnknown = -1
	dfaDead    = -2
	// dfaMaxStates bounds a DFA's memory (1 KiB per state); past it the
	// cache is dropped and rebuilt.
	dfaMaxStates = 512
)

func newBackDFA(rp *Prog) *backDFA {
	d := &backDFA{rp: rp, seen: make([]uint32, len(rp.insts))}
	d.reset()
	return d
}

// reset empties the cache, keeping only the start state 0.
func (d *backDFA) reset() {
	d.pcs = d.pcs[:0]
	d.match = d.match[:0]
	d.trans = d.trans[:0]
	d.index = map[string]int32{}
	d.add(slices.Clone(d.rp.closure[d.rp.start]))
}

func (d *backDFA) add(pcs []uint32) int32 {
	slices.Sort(pcs)
	id := int32(len(d.pcs))
	d.pcs = append(d.pcs, pcs)
	m := false
	for _, pc := range pcs {
		if d.rp.insts[pc].op == iMatch {
			m = true
		}
	}
	d.match = append(d.match, m)
	for range 256 {
		d.trans = append(d.trans, dfaUnknown)
	}
	d.index[pcsKey(pcs)] = id
	return id
}

func pcsKey(pcs []uint32) string {
	if len(pcs) == 0 {
		return ""
	}
	return string(unsafe.Slice((*byte)(unsafe.Pointer(&pcs[0])), 4*len(pcs)))
}

// next returns the state after s on byte c, computing it if needed. It
// may reset the cache (state ids then change), and returns dfaDead when
// no thread survives.
func (d *backDFA) next(s int32, c byte) int32 {
	if t := d.trans[int(s)*256+int(c)]; t != dfaUnknown {
		return t
	}
	rp := d.rp
	d.gen++
	if d.gen == 0 {
		clear(d.seen)
		d.gen = 1
	}
	out := d.buf[:0]
	for _, pc := range d.pcs[s] {
		in := &rp.insts[pc]
		if in.op != iByte || !in.set.Has(c) {
			continue
		}
		for _, x := range rp.closure[in.x] {
			if d.seen[x] != d.gen {
				d.seen[x] = d.gen
				out = append(out, x)
			}
		}
	}
	d.buf = out
	if len(out) == 0 {
		d.trans[int(s)*256+int(c)] = dfaDead
		return dfaDead
	}
	slices.Sort(out)
	t, ok := d.index[pcsKey(out)]
	if !ok {
		if len(d.pcs) >= dfaMaxStates {
			// The new state is kept, in the rebuilt numbering; the
			// caller only uses the returned id.
			out = slices.Clone(out)
			d.reset()
			return d.add(out)
		}
		t = d.add(slices.Clone(out))
	}
	d.trans[int(s)*256+int(c)] = t
	return t
}

// starts is backStarts with the DFA: it appends every s (nearest first)
// such that the reversed prefix matches data[s:q], never looking below
// minPos.
func (d *backDFA) starts(data []byte, q, minPos int, out []int) []int {
	s := int32(0)
	if d.match[0] {
		out = append(out, q)
	}
	for p := q; p > minPos; p-- {
		t := d.next(s, data[p-1])
		if t == dfaDead {
			break
		}
		s = t
		if d.match[s] {
			out = append(out, p-1)
		}
	}
	return out
}
