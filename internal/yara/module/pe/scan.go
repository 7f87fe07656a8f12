package pe

// Several pe.c loops scan from an offset to the next terminator: DLL names
// to their NUL, COFF section names to their NUL, wide strings to 0x0000.
// Hostile files can point thousands of descriptors into one long run, and
// scanning it anew each time is quadratic. These indexes are built once per
// file in one linear pass and answer each query by scanning at most one
// block.

const scanBlock = 256

// byteStops finds the first byte at or after an offset that is in a set.
type byteStops struct {
	data []byte
	stop [256]bool
	next []int64 // next[b]: first stop at or after block b, or len(data)
}

// newByteStops returns an index of the bytes for which isStop holds.
func newByteStops(data []byte, isStop func(byte) bool) *byteStops {
	s := &byteStops{data: data}
	for c := 0; c < 256; c++ {
		s.stop[c] = isStop(byte(c))
	}
	n := int64(len(data))
	blocks := (n + scanBlock - 1) / scanBlock
	s.next = make([]int64, blocks+1)
	s.next[blocks] = n
	for b := blocks - 1; b >= 0; b-- {
		s.next[b] = s.next[b+1]
		end := min((b+1)*scanBlock, n)
		for i := b * scanBlock; i < end; i++ {
			if s.stop[data[i]] {
				s.next[b] = i
				break
			}
		}
	}
	return s
}

// first returns the offset of the first stop byte at or after start, or
// len(data).
func (s *byteStops) first(start int64) int64 {
	n := int64(len(s.data))
	if start < 0 || start >= n {
		return n
	}
	b := start / scanBlock
	end := min((b+1)*scanBlock, n)
	for i := start; i < end; i++ {
		if s.stop[s.data[i]] {
			return i
		}
	}
	return s.next[b+1]
}

// wideStops finds wide-string terminators: the first 0x0000 at an even
// distance from an offset.
type wideStops struct {
	data []byte
	next [2][]int64 // per parity of the offset
}

func newWideStops(data []byte) *wideStops {
	s := &wideStops{data: data}
	n := int64(len(data))
	blocks := (n + scanBlock - 1) / scanBlock
	for p := int64(0); p < 2; p++ {
		next := make([]int64, blocks+1)
		next[blocks] = n
		for b := blocks - 1; b >= 0; b-- {
			next[b] = next[b+1]
			end := min((b+1)*scanBlock, n)
			for t := b*scanBlock + p; t < end && t+1 < n; t += 2 {
				if data[t] == 0 && data[t+1] == 0 {
					next[b] = t
					break
				}
			}
		}
		s.next[p] = next
	}
	return s
}

// term returns the terminator's offset and whether there is one.
func (s *wideStops) term(start int64) (int64, bool) {
	n := int64(len(s.data))
	if start < 0 || start >= n {
		return n, false
	}
	b := start / scanBlock
	end := min((b+1)*scanBlock, n)
	for t := start; t < end && t+1 < n; t += 2 {
		if s.data[t] == 0 && s.data[t+1] == 0 {
			return t, true
		}
	}
	t := s.next[start&1][b+1]
	return t, t < n
}

// Lazily built indexes of a file.

func (p *file) dllNameStops() *byteStops {
	if p.dllStops == nil {
		p.dllStops = newByteStops(p.data, func(c byte) bool {
			return c < ' ' || c == '"' || c == '*' || c == '<' || c == '>' || c == '?' || c == '|'
		})
	}
	return p.dllStops
}

func (p *file) printableStops() *byteStops {
	if p.printStops == nil {
		p.printStops = newByteStops(p.data, func(c byte) bool { return c < 0x20 || c > 0x7e })
	}
	return p.printStops
}

func (p *file) wideTerms() *wideStops {
	if p.wide == nil {
		p.wide = newWideStops(p.data)
	}
	return p.wide
}
