package re

// machine is the state of one Pike VM run; machines are pooled per Prog.
type machine struct {
	cur, next queue
	stack     []uint32
	fpos      []fpos
}

// queue is a sparse set of instruction indices that keeps insertion
// (priority) order.
type queue struct {
	sparse []uint32
	dense  []uint32
}

func newQueue(n int) queue { return queue{sparse: make([]uint32, n), dense: make([]uint32, 0, n)} }

func (q *queue) has(pc uint32) bool {
	i := q.sparse[pc]
	return int(i) < len(q.dense) && q.dense[i] == pc
}

func (q *queue) add(pc uint32) {
	q.sparse[pc] = uint32(len(q.dense))
	q.dense = append(q.dense, pc)
}

func (p *Prog) get() *machine {
	if m, ok := p.pool.Get().(*machine); ok {
		return m
	}
	n := len(p.insts)
	return &machine{cur: newQueue(n), next: newQueue(n)}
}

func (p *Prog) put(m *machine) { p.pool.Put(m) }

// MatchAt returns the length of the match yara reports for a match
// starting at data[start], or -1 when there is none. See the package
// documentation for the exact semantics.
func (p *Prog) MatchAt(data []byte, start int) int {
	n, _ := p.MatchAtSteps(data, start)
	return n
}

// MatchAtSteps is MatchAt that also returns the number of VM steps
// (thread visits) spent. Steps are bounded by (p.Len()+1) × (L+1) where L
// is the number of bytes the match may consume.
func (p *Prog) MatchAtSteps(data []byte, start int) (int, int) {
	if p.lit != nil {
		return p.matchLit(data, start), 1
	}
	m := p.get()
	defer p.put(m)
	return p.matchAt(m, data, start)
}

// grow makes m usable for a program of n instructions.
func (m *machine) grow(n int) {
	if len(m.cur.sparse) < n {
		n = max(n, 2*len(m.cur.sparse))
		m.cur, m.next = newQueue(n), newQueue(n)
	}
}

// matchAt is MatchAtSteps on a machine big enough for p.
func (p *Prog) matchAt(m *machine, data []byte, start int) (int, int) {
	if start < 0 || start > len(data) {
		return -1, 0
	}
	if p.lit != nil {
		return p.matchLit(data, start), 1
	}
	end := len(data)
	if p.limit >= 0 && end-start > p.limit {
		end = start + p.limit
	}
	if end-start < p.minLen {
		return -1, 0
	}
	if !p.nullable && (start == len(data) || !p.first.Has(data[start])) {
		return -1, 0
	}
	if len(p.fixed) <= end-start {
		for i, set := range p.fixed {
			if !set.Has(data[start+i]) {
				return -1, 0
			}
		}
	}
	if p.fast != nil {
		n, steps, list := p.fast.match(data, start, m.fpos)
		m.fpos = list
		return n, steps
	}
	m.cur.dense = m.cur.dense[:0]
	m.next.dense = m.next.dense[:0]
	if p.closure != nil {
		return p.runClosures(m, data, start, end)
	}
	steps := 0
	matched := -1
	p.addThread(m, &m.cur, p.start, data, start, start, end)
	for pos := start; ; pos++ {
		if len(m.cur.dense) == 0 {
			break
		}
		for _, pc := range m.cur.dense {
			steps++
			in := &p.insts[pc]
			if in.op == iMatch {
				matched = pos - start
				break // lower-priority threads are cut
			}
			if in.op == iByte && pos < end && in.set.Has(data[pos]) {
				p.addThread(m, &m.next, in.x, data, start, pos+1, end)
			}
		}
		m.cur, m.next = m.next, m.cur
		m.next.dense = m.next.dense[:0]
	}
	return matched, steps
}

// addThread adds pc and its epsilon closure at position pos to q, in
// priority order.
func (p *Prog) addThread(m *machine, q *queue, pc uint32, data []byte, start, pos, end int) {
	if p.closure != nil {
		for _, c := range p.closure[pc] {
			if !q.has(c) {
				q.add(c)
			}
		}
		return
	}
	st := append(m.stack[:0], pc)
	for len(st) > 0 {
		pc := st[len(st)-1]
		st = st[:len(st)-1]
		if q.has(pc) {
			continue
		}
		q.add(pc)
		in := &p.insts[pc]
		switch in.op {
		case iJmp:
			st = append(st, in.x)
		case iSplit:
			st = append(st, in.y, in.x)
		case iAssert:
			if p.assert(in.assert, data, start, pos, end) {
				st = append(st, in.x)
			}
		}
	}
	m.stack = st
}

func (p *Prog) assert(op Op, data []byte, start, pos, end int) bool {
	switch op {
	case OpAnchorStart:
		return pos == 0
	case OpAnchorEnd:
		return pos == len(data)
	case OpWordBoundary, OpNonWordBoundary:
		var b bool
		if p.flags&Wide != 0 {
			// yr_re_exec with character_size 2: true before the second
			// byte of the data and at the (even) end of the scan window;
			// otherwise it compares the characters (a byte followed by
			// 0x00) before and at pos.
			if pos < 2 || pos >= start+(end-start)&^1 {
				b = true
			} else {
				b = wideWordAt(data, pos-2) != wideWordAt(data, pos)
			}
		} else if pos == 0 || pos >= end {
			b = true
		} else {
			b = isWordByte(data[pos]) != isWordByte(data[pos-1])
		}
		return b == (op == OpWordBoundary)
	}
	return false
}

// wideWordAt reports whether data[i:] starts with a wide word character.
func wideWordAt(data []byte, i int) bool {
	return i+1 < len(data) && isWordByte(data[i]) && data[i+1] == 0
}

// runClosures is the Pike VM loop for programs without assertions, using
// the precomputed epsilon closures.
func (p *Prog) runClosures(m *machine, data []byte, start, end int) (int, int) {
	cl, insts := p.closure, p.insts
	cur, next := &m.cur, &m.next
	for _, c := range cl[p.start] {
		if !cur.has(c) {
			cur.add(c)
		}
	}
	steps, matched := 0, -1
	for pos := start; len(cur.dense) > 0; pos++ {
		inRange := pos < end
		var b byte
		if inRange {
			b = data[pos]
		}
		for _, pc := range cur.dense {
			steps++
			in := &insts[pc]
			if in.op == iMatch {
				matched = pos - start
				break // lower-priority threads are cut
			}
			if inRange && in.set[b>>6]&(1<<(b&63)) != 0 {
				for _, c := range cl[in.x] {
					i := next.sparse[c]
					if int(i) < len(next.dense) && next.dense[i] == c {
						continue
					}
					next.sparse[c] = uint32(len(next.dense))
					next.dense = append(next.dense, c)
				}
			}
		}
		cur, next = next, cur
		next.dense = next.dense[:0]
	}
	return matched, steps
}
