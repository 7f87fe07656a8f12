package re

import "encoding/binary"

// AC finds every occurrence of many short byte strings (atoms) in data.
//
// When every string is at most 4 bytes long (always the case for atoms),
// the automaton is not walked: a dense Aho-Corasick DFA over thousands of
// atoms has tens of thousands of 1 KiB rows and a walk over binary data
// misses the CPU cache on almost every byte (about 20 MB/s measured).
// Instead, at each position the 1-, 2-, 3- and 4-byte windows are tested
// against bitmaps small enough to stay in cache (exact for 1 and 2 bytes,
// hashed for 3 and 4) and only bitmap hits are looked up exactly. The
// result is the same set of occurrences. Longer strings use the DFA.
type AC struct {
	short *qgram
	// delta[s*256+b] is the next state, with acOut set when that state
	// has outputs.
	delta []uint32
	out   [][]int32 // per state: ids of the strings ending there
	lens  []int     // per id: its length
}

const acOut = 1 << 31

// NewAC builds the automaton. Each string is matched exactly; to match
// case-insensitively, add its case variants (see Atom expansion in Set).
func NewAC(strs [][]byte) *AC {
	maxLen := 0
	for _, s := range strs {
		if len(s) > maxLen {
			maxLen = len(s)
		}
	}
	if maxLen <= 4 {
		return &AC{short: newQgram(strs)}
	}
	type node struct {
		next [256]int32
		fail int32
		out  []int32
	}
	nodes := []*node{{}}
	for i := range nodes[0].next {
		nodes[0].next[i] = -1
	}
	a := &AC{}
	for id, s := range strs {
		cur := int32(0)
		for _, b := range s {
			if nodes[cur].next[b] < 0 {
				n := &node{}
				for i := range n.next {
					n.next[i] = -1
				}
				nodes = append(nodes, n)
				nodes[cur].next[b] = int32(len(nodes) - 1)
			}
			cur = nodes[cur].next[b]
		}
		nodes[cur].out = append(nodes[cur].out, int32(id))
		a.lens = append(a.lens, len(s))
	}
	// BFS for failure links and full transitions.
	queue := []int32{}
	for b := 0; b < 256; b++ {
		if c := nodes[0].next[b]; c >= 0 {
			nodes[c].fail = 0
			queue = append(queue, c)
		} else {
			nodes[0].next[b] = 0
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		n := nodes[s]
		n.out = append(n.out, nodes[n.fail].out...)
		for b := 0; b < 256; b++ {
			if c := n.next[b]; c >= 0 {
				nodes[c].fail = nodes[n.fail].next[b]
				queue = append(queue, c)
			} else {
				n.next[b] = nodes[n.fail].next[b]
			}
		}
	}
	a.delta = make([]uint32, len(nodes)*256)
	a.out = make([][]int32, len(nodes))
	for s, n := range nodes {
		a.out[s] = n.out
		for b := 0; b < 256; b++ {
			t := uint32(n.next[b])
			v := t * 256
			if len(nodes[t].out) > 0 {
				v |= acOut
			}
			a.delta[s*256+b] = v
		}
	}
	return a
}

// States returns the number of DFA states (0 when the q-gram path is
// used).
func (a *AC) States() int { return len(a.out) }

// Scan calls fn(id, start) for every occurrence of every string.
// Occurrences come in increasing order of start position when all
// strings are at most 4 bytes long, and of end position otherwise; in
// both cases the occurrences of one string come in increasing order.
// Scanning stops when fn returns false.
func (a *AC) Scan(data []byte, fn func(id int, start int) bool) {
	if a.short != nil {
		a.short.scan(data, fn)
		return
	}
	d := a.delta
	s := uint32(0)
	for i, b := range data {
		s = d[s+uint32(b)]
		if s&acOut != 0 {
			s &^= acOut
			for _, id := range a.out[s/256] {
				if !fn(int(id), i+1-a.lens[id]) {
					return
				}
			}
		}
	}
}

const qBits = 21 // hashed bitmaps for 3- and 4-byte windows: 2^21 bits (256 KiB)

type qgram struct {
	has1, has2, has3, has4 bool
	t1                     [256][]int32
	b2                     [1024]uint64
	m2                     map[uint16][]int32
	b3, b4                 []uint64
	m3, m4                 map[uint32][]int32
}

func qhash(v uint32) uint32 { return (v * 0x9E3779B1) >> (32 - qBits) }

func newQgram(strs [][]byte) *qgram {
	q := &qgram{m2: map[uint16][]int32{}, m3: map[uint32][]int32{}, m4: map[uint32][]int32{},
		b3: make([]uint64, 1<<qBits/64), b4: make([]uint64, 1<<qBits/64)}
	for id, s := range strs {
		switch len(s) {
		case 1:
			q.has1 = true
			q.t1[s[0]] = append(q.t1[s[0]], int32(id))
		case 2:
			q.has2 = true
			k := binary.LittleEndian.Uint16(s)
			q.b2[k>>6] |= 1 << (k & 63)
			q.m2[k] = append(q.m2[k], int32(id))
		case 3:
			q.has3 = true
			k := uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16
			h := qhash(k)
			q.b3[h>>6] |= 1 << (h & 63)
			q.m3[k] = append(q.m3[k], int32(id))
		case 4:
			q.has4 = true
			k := binary.LittleEndian.Uint32(s)
			h := qhash(k)
			q.b4[h>>6] |= 1 << (h & 63)
			q.m4[k] = append(q.m4[k], int32(id))
		}
	}
	return q
}

func (q *qgram) scan(data []byte, fn func(id, start int) bool) {
	n := len(data)
	emit := func(ids []int32, i int) bool {
		for _, id := range ids {
			if !fn(int(id), i) {
				return false
			}
		}
		return true
	}
	b4 := q.b4
	if q.has4 && !q.has1 && !q.has2 && !q.has3 {
		// Fast loop for the common case of 4-byte atoms only.
		for i := 0; i+4 <= n; i++ {
			k := binary.LittleEndian.Uint32(data[i : i+4])
			h := qhash(k)
			if b4[h>>6]&(1<<(h&63)) != 0 {
				if ids := q.m4[k]; ids != nil && !emit(ids, i) {
					return
				}
			}
		}
		return
	}
	for i := 0; i < n; i++ {
		if q.has1 && q.t1[data[i]] != nil && !emit(q.t1[data[i]], i) {
			return
		}
		if i+2 > n {
			continue
		}
		if q.has2 {
			k := binary.LittleEndian.Uint16(data[i:])
			if q.b2[k>>6]&(1<<(k&63)) != 0 && !emit(q.m2[k], i) {
				return
			}
		}
		if i+3 > n {
			continue
		}
		if q.has3 {
			k := uint32(data[i]) | uint32(data[i+1])<<8 | uint32(data[i+2])<<16
			h := qhash(k)
			if q.b3[h>>6]&(1<<(h&63)) != 0 {
				if ids := q.m3[k]; ids != nil && !emit(ids, i) {
					return
				}
			}
		}
		if q.has4 && i+4 <= n {
			k := binary.LittleEndian.Uint32(data[i:])
			h := qhash(k)
			if b4[h>>6]&(1<<(h&63)) != 0 {
				if ids := q.m4[k]; ids != nil && !emit(ids, i) {
					return
				}
			}
		}
	}
}

// atomRef names one atom of one unit of a Set.
type atomRef struct{ unit, atom int32 }

// atomIndex finds the atoms of a Set in data. At each position the 1- to
// 4-byte windows are tested against bitmaps that stay in cache (exact for
// 1 and 2 bytes, hashed for 3 and 4); a hit is looked up in an
// open-addressing table that maps the window to its atom references.
// This replaces an Aho-Corasick walk, whose DFA rows for thousands of
// atoms do not fit in cache.
//
// Literals of 8 bytes or more are indexed by an 8-byte window ("long
// atom"): the entry of its first 4 bytes only says that long atoms start
// with them, and the 8 bytes at the position are then looked up in a
// second table (case-folded for NoCase literals). Common words make poor
// 4-byte atoms ("file", "name"), and one 8-byte probe replaces comparing
// every literal that shares such an atom.
type atomIndex struct {
	has [5]bool
	b1  [4]uint64
	// p2 has the first two bytes of every atom of 2 or more bytes: most
	// positions fail this L1-resident test and skip the others.
	p2     [1024]uint64
	b2     [1024]uint64
	b3, b4 []uint64
	// h3, h4 are the shifts of the hashes into b3 and b4 (their sizes
	// follow the number of atoms, so that a few 3-byte atoms do not
	// take cache space from the 4-byte ones).
	h3, h4 uint32
	tabs   [5]atomTab
	long   [2]longTab // exact, case-folded
	refs   []atomRef
}

// Flags of an atomSlot.
const (
	slotUsed  = 1 << iota
	slotLong  // long atoms start with this window
	slotLongI // case-folded long atoms start with it
)

// atomSlot maps a window value to refs[lo:hi].
type atomSlot struct {
	key, lo, hi, fl uint32
}

type atomTab struct {
	slots []atomSlot
	mask  uint32
}

type longSlot struct {
	key    uint64
	lo, hi uint32 // hi == 0: empty
}

type longTab struct {
	slots []longSlot
	mask  uint64
}

// Bits of the hashed bitmaps for 3- and 4-byte windows: at most 2^20
// bits (128 KiB), which keeps false positives low for tens of thousands
// of atoms, and about 64 bits per atom below that.
const idxBits = 20

// idxShift returns the hash shift for a bitmap for n keys.
func idxShift(n int) uint32 {
	b := uint32(12)
	for b < idxBits && 1<<b < 64*n {
		b++
	}
	return 32 - b
}

func idxHash(v, shift uint32) uint32 { return (v * 0x9E3779B1) >> shift }

func (t *atomTab) find(k uint32) *atomSlot {
	for i := (k * 0x85EBCA6B) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.fl == 0 || s.key == k {
			return s
		}
	}
}

func (t *longTab) find(k uint64) (uint32, uint32) {
	if t.slots == nil {
		return 0, 0
	}
	for i := (k * 0x9E3779B97F4A7C15 >> 32) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.hi == 0 {
			return 0, 0
		}
		if s.key == k {
			return s.lo, s.hi
		}
	}
}

// fold8 lowercases the ASCII letters of 8 bytes (little endian).
func fold8(k uint64) uint64 {
	const ones = 0x0101010101010101
	h := k & (0x7f * ones)
	// High bit of each byte set where 'A' <= b <= 'Z' (b < 0x80).
	up := (h + (0x80-'A')*ones) &^ (h + (0x80-'Z'-1)*ones) &^ k & (0x80 * ones)
	return k | up>>2
}

type atomIndexBuilder struct {
	m     [5]map[uint32][]atomRef
	keys  [5][]uint32 // insertion order, for determinism
	lm    [2]map[uint64][]atomRef
	lkeys [2][]uint64
}

func (b *atomIndexBuilder) add(v []byte, r atomRef) {
	l := len(v)
	var k uint32
	for i := l - 1; i >= 0; i-- {
		k = k<<8 | uint32(v[i])
	}
	if b.m[l] == nil {
		b.m[l] = map[uint32][]atomRef{}
	}
	if _, ok := b.m[l][k]; !ok {
		b.keys[l] = append(b.keys[l], k)
	}
	b.m[l][k] = append(b.m[l][k], r)
}

// addLong adds an 8-byte atom; with fold, v must be lowercase and it
// matches every case variant.
func (b *atomIndexBuilder) addLong(v []byte, fold bool, r atomRef) {
	t := 0
	if fold {
		t = 1
	}
	k := binary.LittleEndian.Uint64(v)
	if b.lm[t] == nil {
		b.lm[t] = map[uint64][]atomRef{}
	}
	if _, ok := b.lm[t][k]; !ok {
		b.lkeys[t] = append(b.lkeys[t], k)
	}
	b.lm[t][k] = append(b.lm[t][k], r)
}

func (b *atomIndexBuilder) build() *atomIndex {
	x := &atomIndex{}
	// The 4-byte prefixes of the long atoms, with their flag.
	pfx := map[uint32]uint32{}
	for t, ks := range b.lkeys {
		fl := uint32(slotLong)
		if t == 1 {
			fl = slotLongI
		}
		for _, k := range ks {
			if t == 0 {
				if pfx[uint32(k)] == 0 {
					b.addKey(4, uint32(k))
				}
				pfx[uint32(k)] |= fl
				continue
			}
			// Every case variant of the first 4 bytes.
			vs := [][]byte{nil}
			for i := 0; i < 4; i++ {
				c := byte(k >> (8 * i))
				var nv [][]byte
				for _, v := range vs {
					nv = append(nv, append(append([]byte{}, v...), c))
					if a := altCase(c); a != c {
						nv = append(nv, append(append([]byte{}, v...), a))
					}
				}
				vs = nv
			}
			for _, v := range vs {
				p := binary.LittleEndian.Uint32(v)
				if pfx[p] == 0 {
					b.addKey(4, p)
				}
				pfx[p] |= fl
			}
		}
	}
	x.h3, x.h4 = idxShift(len(b.keys[3])), idxShift(len(b.keys[4]))
	x.b3 = make([]uint64, max(1, (1<<(32-x.h3))/64))
	x.b4 = make([]uint64, max(1, (1<<(32-x.h4))/64))
	for l := 1; l <= 4; l++ {
		ks := b.keys[l]
		if len(ks) == 0 {
			continue
		}
		x.has[l] = true
		size := 1
		for size < 2*len(ks) {
			size *= 2
		}
		t := &x.tabs[l]
		t.slots = make([]atomSlot, size)
		t.mask = uint32(size - 1)
		for _, k := range ks {
			lo := uint32(len(x.refs))
			x.refs = append(x.refs, b.m[l][k]...)
			s := t.find(k)
			*s = atomSlot{key: k, lo: lo, hi: uint32(len(x.refs)), fl: slotUsed}
			if l == 4 {
				s.fl |= pfx[k]
			}
			if l >= 2 {
				k2 := k & 0xffff
				x.p2[k2>>6] |= 1 << (k2 & 63)
			}
			switch l {
			case 1:
				x.b1[k>>6] |= 1 << (k & 63)
			case 2:
				x.b2[k>>6] |= 1 << (k & 63)
			case 3:
				h := idxHash(k, x.h3)
				x.b3[h>>6] |= 1 << (h & 63)
			case 4:
				h := idxHash(k, x.h4)
				x.b4[h>>6] |= 1 << (h & 63)
			}
		}
	}
	for ti, ks := range b.lkeys {
		if len(ks) == 0 {
			continue
		}
		size := 1
		for size < 2*len(ks) {
			size *= 2
		}
		t := &x.long[ti]
		t.slots = make([]longSlot, size)
		t.mask = uint64(size - 1)
		for _, k := range ks {
			lo := uint32(len(x.refs))
			x.refs = append(x.refs, b.lm[ti][k]...)
			i := (k * 0x9E3779B97F4A7C15 >> 32) & t.mask
			for t.slots[i].hi != 0 {
				i = (i + 1) & t.mask
			}
			t.slots[i] = longSlot{k, lo, uint32(len(x.refs))}
		}
	}
	return x
}

// addKey registers a window with no refs of its own (yet).
func (b *atomIndexBuilder) addKey(l int, k uint32) {
	if b.m[l] == nil {
		b.m[l] = map[uint32][]atomRef{}
	}
	if _, ok := b.m[l][k]; !ok {
		b.keys[l] = append(b.keys[l], k)
		b.m[l][k] = nil
	}
}
