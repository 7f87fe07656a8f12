package re

// hexElem is one element of a hex string without alternatives: a byte
// test, or a jump of min..max arbitrary bytes (max<0: unbounded).
type hexElem struct {
	set      *ByteSet
	lit      int // the literal byte, or -1
	min, max int
}

// fastHex mirrors yara's yr_re_fast_exec: the set of positions reachable
// after each element is computed, and the match is the shortest one.
type fastHex struct {
	elems []hexElem
}

func newFastHex(n *Node) *fastHex {
	var items []*Node
	if n.Op == OpConcat {
		items = n.Subs
	} else {
		items = []*Node{n}
	}
	f := &fastHex{}
	for _, it := range items {
		if it.Op == OpRepeat {
			f.elems = append(f.elems, hexElem{lit: -1, min: it.Min, max: it.Max})
			continue
		}
		e := hexElem{set: setFor(it, DotAll), lit: -1}
		if it.Op == OpLiteral {
			e.lit = int(it.Byte)
		}
		f.elems = append(f.elems, e)
	}
	return f
}

// fpos is one position of yara's fast-exec position list.
type fpos struct{ input, round int }

// match ports yr_re_fast_exec (forward direction) literally, including
// its handling of duplicate positions: a candidate position created by a
// jump is dropped when an equal position is already in the list, even if
// that entry belongs to another alternative that has not yet been
// advanced in this round. This is why yara may report a longer match than
// the shortest one (e.g. { 61 [2-4] 62 [1-3] 63 } on "a\tcb\xffbcdca").
func (f *fastHex) match(data []byte, start int, buf []fpos) (int, int, []fpos) {
	list := append(buf[:0], fpos{start, 0})
	maxBytes := len(data) - start
	steps := 0
	for k, e := range f.elems {
		round := k
		for idx := 0; idx < len(list); idx++ {
			cur := &list[idx]
			if cur.round != round {
				continue
			}
			steps++
			matched := cur.input - start
			ok := false
			if e.set != nil {
				if matched < maxBytes && e.set.Has(data[cur.input]) {
					ok = true
					cur.input++
				}
			} else if matched < maxBytes {
				ok = true
				var next *hexElem
				if k+1 < len(f.elems) {
					next = &f.elems[k+1]
				}
				ins := idx
				max := e.max
				if max < 0 {
					max = MaxRange
				}
				for j := e.min + 1; j <= max; j++ {
					if matched+j >= maxBytes {
						break
					}
					ni := list[idx].input + j
					for ins+1 < len(list) && ni >= list[ins+1].input {
						ins++
					}
					if ni == list[ins].input {
						continue
					}
					if next != nil && next.lit >= 0 && data[ni] != byte(next.lit) {
						continue
					}
					steps++
					list = append(list, fpos{})
					copy(list[ins+2:], list[ins+1:])
					list[ins+1] = fpos{ni, round + 1}
					ins++
				}
				cur = &list[idx]
				cur.input += e.min
			}
			if ok {
				cur.round = round + 1
			} else {
				list = append(list[:idx], list[idx+1:]...)
				idx--
			}
		}
		if len(list) == 0 {
			return -1, steps, list
		}
	}
	return list[0].input - start, steps, list
}
