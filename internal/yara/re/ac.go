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
