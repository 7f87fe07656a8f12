package re

import "encoding/binary"

// scanChunk is how much data scanAtoms scans between two polls of Stop.
const scanChunk = 1 << 16

// scanAtoms finds every atom occurrence in data, in increasing position
// order, and hands each to hit.
func (sc *Scanner) scanAtoms(data []byte, en []bool) {
	x := sc.s.idx
	h1, h2, h3, h4 := x.has[1], x.has[2], x.has[3], x.has[4]
	h3s, h4s := x.h3, x.h4
	if !h1 && !h2 && !h3 && !h4 {
		return
	}
	n := len(data)
	for chunk := 0; chunk < n; chunk += scanChunk {
		if chunk > 0 && sc.stop != nil && sc.stop() {
			sc.stopped = true
			return
		}
		end := min(n, chunk+scanChunk)
		i := chunk
		// Positions with a whole 4-byte window.
		for full := min(end, n-3); i < full; i++ {
			w := binary.LittleEndian.Uint32(data[i:])
			if h1 && x.b1[(w&0xff)>>6]&(1<<(w&63)) != 0 && sc.dispatch(1, w&0xff, data, i, en) {
				return
			}
			k2 := w & 0xffff
			if x.p2[k2>>6]&(1<<(k2&63)) == 0 {
				continue
			}
			if h2 && x.b2[k2>>6]&(1<<(k2&63)) != 0 && sc.dispatch(2, k2, data, i, en) {
				return
			}
			if h3 {
				k := w & 0xffffff
				if h := idxHash(k, h3s); x.b3[h>>6]&(1<<(h&63)) != 0 && sc.dispatch(3, k, data, i, en) {
					return
				}
			}
			if h4 {
				if h := idxHash(w, h4s); x.b4[h>>6]&(1<<(h&63)) != 0 && sc.dispatch(4, w, data, i, en) {
					return
				}
			}
		}
		// The last positions, where shorter windows remain.
		for ; i < end; i++ {
			var k uint32
			for l := 1; l <= 4 && i+l <= n; l++ {
				k |= uint32(data[i+l-1]) << (8 * (l - 1))
				if x.has[l] && sc.dispatch(l, k, data, i, en) {
					return
				}
			}
		}
	}
}

// dispatch hands the atoms equal to the l-byte window k at pos to hit. It
// reports whether the scan was stopped.
func (sc *Scanner) dispatch(l int, k uint32, data []byte, pos int, en []bool) bool {
	x := sc.s.idx
	sl := x.tabs[l].find(k)
	for _, r := range x.refs[sl.lo:sl.hi] {
		sc.hit(r, data, pos, en)
	}
	if sl.fl&(slotLong|slotLongI) != 0 && pos+8 <= len(data) {
		k8 := binary.LittleEndian.Uint64(data[pos:])
		if sl.fl&slotLong != 0 {
			lo, hi := x.long[0].find(k8)
			for _, r := range x.refs[lo:hi] {
				sc.hit(r, data, pos, en)
			}
		}
		if sl.fl&slotLongI != 0 {
			lo, hi := x.long[1].find(fold8(k8))
			for _, r := range x.refs[lo:hi] {
				sc.hit(r, data, pos, en)
			}
		}
	}
	return sc.stopped
}
