package re

// Find reports whether p matches somewhere in data, with the semantics of
// yara's `matches` operator (yr_re_exec with RE_FLAGS_SCAN, as checked
// against yara 4.2.3):
//
//   - the empty string never matches, not even /x*/ or /^$/;
//   - otherwise an empty match counts: "abc" matches /x*/ is true;
//   - only the first ScanLimit (4096) bytes are searched, and a match must
//     end within them;
//   - a match may start at any offset before the end of that window but
//     not at its end ("ab" matches /$/ is false, "ab" matches /^/ true);
//   - ^ is the start of data and $ its end (so $ never holds when data is
//     longer than the window); \b and \B hold at the start of data and at
//     the end of the window.
func (p *Prog) Find(data []byte) bool {
	if len(data) == 0 {
		return false
	}
	w := min(len(data), ScanLimit)
	if p.lit != nil {
		return p.findLit(data[:w])
	}
	if p.fast != nil || p.pieces != nil {
		// Hex strings are not used with `matches`; search them start by
		// start.
		for s := 0; s < w; s++ {
			if p.MatchAt(data[:w], s) >= 0 {
				return true
			}
		}
		return false
	}
	m := p.get()
	defer p.put(m)
	cur, next := &m.cur, &m.next
	cur.dense = cur.dense[:0]
	next.dense = next.dense[:0]
	for pos := 0; ; pos++ {
		// A new lowest-priority thread starts at every offset of the
		// window that can begin a match.
		if pos < w && (p.nullable || p.first.Has(data[pos])) {
			p.addThread(m, cur, p.start, data, 0, pos, w)
		}
		if len(cur.dense) == 0 {
			if pos >= w {
				return false
			}
			continue
		}
		for _, pc := range cur.dense {
			in := &p.insts[pc]
			if in.op == iMatch {
				return true
			}
			if in.op == iByte && pos < w && in.set.Has(data[pos]) {
				p.addThread(m, next, in.x, data, 0, pos+1, w)
			}
		}
		cur, next = next, cur
		next.dense = next.dense[:0]
		if pos >= w {
			return false
		}
	}
}
