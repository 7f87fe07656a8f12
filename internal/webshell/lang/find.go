package lang

import (
	"bytes"
	"encoding/binary"
	"math/bits"
	"strings"
)

// finder finds the first offset of each of a fixed list of texts in a
// text, ignoring ASCII case (or exactly, for texts added as exact),
// without a lower-cased copy of the text and without a hash at every
// position:
//
//   - A text of minLong bytes or more holds a four-byte gram at each of
//     the offsets 0 to stride-1, so every occurrence covers one of the
//     positions 0, stride, 2*stride, ...: the scan hashes the four bytes
//     at those positions only (two per eight-byte load), and a hash that
//     some text's gram has sends it to compare that text where the gram
//     would put it. A text one byte shorter is indexed as well by the
//     grams at offset -1 (any byte, then its first three).
//   - A shorter text is found through one of its bytes, the rarest of a
//     few ('%', '<', '$', '\n', '.', ' '): a walk over that byte's
//     occurrences, which bytes.IndexByte finds many bytes at a time,
//     compares the texts anchored on it that the bytes around allow.
//     Spaces are too many for a call each: the scan's loop finds them
//     in the words it loads.
//
// The old search (hintSet over a lower-cased copy) hashed every position
// and read the text twice; this one costs about a quarter less over the
// development corpus, and gives the same offsets (equiv_test.go).
type finder struct {
	texts [][]byte // lower case
	exact [][]byte // non-nil: the text as written, matched case-sensitively
	long  int      // number of texts found by the stride scan
	// byGram holds the long texts by the hash of each of their first
	// stride grams; grams has a bit per hash (8 KiB, which stays in the
	// cache).
	byGram *[1 << quadBits][]gram
	grams  [1 << quadBits / 64]uint64
	// walks are the searches of the anchor bytes by IndexByte, but for
	// spaces, too many for a call each, which the scan's loop finds in
	// the words it loads. A text anchored on a letter is in the walks
	// of both cases.
	walks  []walk
	spaces walk
	anySp  bool // some text is anchored on a space
	// collect is the text whose every occurrence (up to maxCollect) the
	// walks record, not only its first: "set ", for vbSet.
	collect int
}

const (
	stride     = 4          // two scan positions per eight-byte word
	minLong    = stride + 3 // a gram at each of offsets 0..stride-1
	maxCollect = 50
)

// gram is the four bytes g (lower case, with bit 0x20 set in each byte
// as in the scan) at offset o of text k.
type gram struct {
	k, o int32
	g    uint32
}

// walk is the search for the texts anchored on one byte.
type walk struct {
	c    byte
	ents []anchor
	// byPrev and byNext are, for each byte, the entries (bits of ents)
	// that the byte before (for an anchor past the text's start) or
	// after the anchor (for one at its start) allows; nearly all
	// occurrences of the anchor byte are ruled out by one look-up.
	byPrev, byNext [256]uint64
}

// anchor is a text k whose byte at offset a is the walk's byte.
type anchor struct{ k, a int }

// anchorOrder ranks the bytes a short text can be anchored on. Each walk
// streams over the whole text, so a few bytes serve all texts, rare ones
// first ('%' and '<' before '$', '\n' and '.', as counted in web
// application sources and webshells); then the other punctuation,
// rarest first, and the letters, found in both cases.
const anchorOrder = "%<$\n. " + "|^`~!?#*}&:]{@[-+,_/;\\>)(='\"" +
	"qjzxkvwyfbgmhpculdrnsoitae"

func newFinder(texts []string, exact []bool, collect string) *finder {
	f := &finder{byGram: new([1 << quadBits][]gram), collect: -1}
	byByte := map[byte]*walk{}
	var order []byte
	for k, s := range texts {
		t := LowerASCII(nil, []byte(s))
		f.texts = append(f.texts, t)
		var e []byte
		if exact[k] {
			e = []byte(s)
		}
		f.exact = append(f.exact, e)
		if s == collect {
			f.collect = k
		}
		a := -1
		for i, c := range t {
			// Not a leading space: the scan looks back from a space
			// only (a text of one space is for the caller to find).
			if (a < 0 || rank(c) < rank(t[a])) && !(i == 0 && c == ' ' && len(t) > 1) {
				a = i
			}
		}
		// A text one byte short of minLong that has only letters to
		// anchor it ("vbcrlf") is scanned too: a walk would need both
		// cases of its letter, frequent ones.
		if k != f.collect && (len(t) >= minLong || len(t) == minLong-1 && isASCIILetter(t[a])) {
			f.long++
			f.addGrams(k, t)
			continue
		}
		c := t[a]
		w := byByte[c]
		if w == nil {
			w = &walk{c: c}
			byByte[c] = w
			order = append(order, c)
		}
		w.ents = append(w.ents, anchor{k, a})
	}
	f.spaces.c = ' '
	for _, c := range order {
		w := byByte[c]
		if len(w.ents) > 64 {
			panic("lang: more than 64 texts anchored on one byte")
		}
		for x, e := range w.ents {
			t := f.texts[e.k]
			switch {
			case c == ' ' && e.a == 0:
				panic("lang: a text anchored on its leading space") // the scan looks back only
			case e.a > 0:
				setFolded(&w.byPrev, t[e.a-1], x)
			case len(t) > 1:
				setFolded(&w.byNext, t[1], x)
			default:
				panic("lang: one-byte text")
			}
		}
		switch {
		case c == ' ':
			f.spaces = *w
			f.anySp = true
		case 'a' <= c && c <= 'z':
			for _, e := range w.ents {
				if e.k == f.collect {
					panic("lang: the collected text is anchored on a letter") // its walks would not meet its occurrences in order
				}
			}
			f.walks = append(f.walks, *w)
			w.c -= 'a' - 'A'
			f.walks = append(f.walks, *w)
		default:
			f.walks = append(f.walks, *w)
		}
	}
	return f
}

// addGrams indexes text k by its grams at offsets stride-1 down to 0
// (larger offsets first: of two occurrences of a text that cover one
// scan position, the earlier is met first). A text shorter than minLong
// has a gram at offsets -1 to 2 instead, whatever the byte before or
// after it: the scan position before its first covers it when none of
// its own does. For a text of minLong-1 bytes only the gram at -1 has a
// byte outside it, which 128 grams (bit 0x20 set) stand for; their three
// bytes from the text are often common ("jav", "ech"), which costs more
// comparisons than a walk unless the walk would be of a letter.
func (f *finder) addGrams(k int, t []byte) {
	if len(t) >= minLong {
		for o := stride - 1; o >= 0; o-- {
			f.addGram(k, o, binary.LittleEndian.Uint32(t[o:])|fold4)
		}
		return
	}
	for o := stride - 2; o >= -1; o-- {
		var g [4]byte
		out := -1 // the byte of the gram outside the text
		for x := range g {
			if p := o + x; p >= 0 && p < len(t) {
				g[x] = t[p]
			} else {
				out = x
			}
		}
		if out < 0 {
			f.addGram(k, o, binary.LittleEndian.Uint32(g[:])|fold4)
			continue
		}
		for c := range 256 {
			if c&0x20 != 0 {
				g[out] = byte(c)
				f.addGram(k, o, binary.LittleEndian.Uint32(g[:])|fold4)
			}
		}
	}
}

// addGram indexes text k by its gram g at offset o.
func (f *finder) addGram(k, o int, g uint32) {
	q := quadHash(g)
	f.byGram[q] = append(f.byGram[q], gram{int32(k), int32(o), g})
	f.grams[q>>6] |= 1 << (q & 63)
}

// setFolded sets bit x of t[c], for both cases of a letter c.
func setFolded(t *[256]uint64, c byte, x int) {
	t[c] |= 1 << x
	if 'a' <= c && c <= 'z' {
		t[c-('a'-'A')] |= 1 << x
	}
}

// rank orders anchor bytes: rarest first; a byte outside anchorOrder
// (non-ASCII) last.
func rank(c byte) int {
	if i := strings.IndexByte(anchorOrder, c); i >= 0 {
		return i
	}
	return len(anchorOrder)
}

// match reports whether text k occurs at offset p of b.
func (f *finder) match(k, p int, b []byte) bool {
	t := f.texts[k]
	if p < 0 || len(b)-p < len(t) {
		return false
	}
	if e := f.exact[k]; e != nil {
		return string(b[p:p+len(e)]) == string(e)
	}
	return lowerEqual(b[p:p+len(t)], t)
}

// find sets pos[k] to the first offset of text k in b, or -1, and
// returns the offsets of the first maxCollect occurrences of the
// collected text in occ[:n].
func (f *finder) find(b []byte, pos []int, occ *[maxCollect]int) (n int) {
	for k := range pos {
		pos[k] = -1
	}
	s := search{f: f, b: b, pos: pos, occ: occ, left: f.long, grams: f.grams}
	s.scan()
	for i := range f.walks {
		s.walk(&f.walks[i])
	}
	return s.n
}

// search is one find: the state the slow paths share, so that the loops
// keep theirs in registers.
type search struct {
	f    *finder
	b    []byte
	pos  []int
	occ  *[maxCollect]int
	n    int // occurrences of the collected text in occ
	left int // long texts still to be found
	// spDone has the bits of the texts of f.spaces found (the collected
	// one once it has maxCollect occurrences).
	spDone uint64
	grams  [1 << quadBits / 64]uint64 // f.grams without the hashes retired
}

// scan finds the long texts and those anchored on a space, eight bytes
// at a time.
func (s *search) scan() {
	const lows, spaces = 0x7f7f7f7f7f7f7f7f, 0x2020202020202020
	b := s.b
	grams := &s.grams
	byPrev := &s.f.spaces.byPrev
	anySp := s.f.anySp
	i := 0
	if !anySp {
		i = s.scanGrams()
	} else {
		// No early stop: the long texts are never all found in real files.
		for ; len(b)-i >= 8; i += 8 {
			x := binary.LittleEndian.Uint64(b[i:])
			w := x | spaces // bit 0x20 of each byte set: fold4 on both grams
			q0, q1 := quadHash(uint32(w)), quadHash(uint32(w>>32))
			if (grams[q0>>6]>>(q0&63)|grams[q1>>6]>>(q1&63))&1 != 0 {
				s.scanAt(i, uint32(w), q0)
				s.scanAt(i+4, uint32(w>>32), q1)
			}
			// A byte equal to ' ' (zero in x) has its high bit set in z:
			// no carry crosses bytes, so no other byte has.
			x ^= spaces
			for z := ^((x&lows + lows) | x | lows); z != 0; z &= z - 1 {
				// Most spaces are ruled out by the byte before.
				if j := i + bits.TrailingZeros64(z)>>3; j > 0 && byPrev[b[j-1]] != 0 {
					s.spaceAt(j)
				}
			}
		}
	}
	for p := i; p < len(b); p += stride {
		// The last positions; a gram cut short by the end is padded
		// with spaces, as good as any byte for a text that ends before.
		var g [4]byte
		copy(g[:], b[p:])
		w := binary.LittleEndian.Uint32(g[:]) | fold4
		s.scanAt(p, w, quadHash(w))
	}
	for j := max(i, 1); anySp && j < len(b); j++ {
		if b[j] == ' ' && byPrev[b[j-1]] != 0 {
			s.spaceAt(j)
		}
	}
}

// scanGrams is the loop of scan for a finder without texts anchored on a
// space (NewStrings'): the grams only. It returns the offset where it
// stopped.
func (s *search) scanGrams() int {
	b := s.b
	grams := &s.grams
	i := 0
	for ; len(b)-i >= 8; i += 8 {
		w := binary.LittleEndian.Uint64(b[i:]) | 0x2020202020202020 // fold4 on both grams
		q0, q1 := quadHash(uint32(w)), quadHash(uint32(w>>32))
		if (grams[q0>>6]>>(q0&63)|grams[q1>>6]>>(q1&63))&1 != 0 {
			s.scanAt(i, uint32(w), q0)
			s.scanAt(i+4, uint32(w>>32), q1)
		}
	}
	return i
}

// spaceAt compares the texts anchored on the space at j.
func (s *search) spaceAt(j int) {
	sp := &s.f.spaces
	if cand := sp.byPrev[s.b[j-1]] &^ s.spDone; cand != 0 {
		s.spDone = s.check(sp, cand, s.spDone, j)
	}
}

// scanAt compares the long texts of the bucket q of the gram w at scan
// position i, unless the bucket is retired.
//
// An occurrence of a text that covers position i has one of its grams
// there, in this bucket; one that starts before i-stride+1 covers an
// earlier position, where it would have been found.
func (s *search) scanAt(i int, w, q uint32) {
	if s.grams[q>>6]&(1<<(q&63)) == 0 {
		return
	}
	open := false
	for _, g := range s.f.byGram[q] {
		if s.pos[g.k] >= 0 {
			continue
		}
		if p := i - int(g.o); g.g == w && p >= 0 && s.f.match(int(g.k), p, s.b) {
			s.pos[g.k] = p
			s.left--
			continue
		}
		open = true
	}
	if !open {
		s.grams[q>>6] &^= 1 << (q & 63)
	}
}

// walk finds the texts anchored on w.c. A text anchored on a letter is
// in the walks of both cases, each of which finds its first occurrence
// with that case: the earlier wins.
func (s *search) walk(w *walk) {
	b := s.b
	var done uint64 // by index in w.ents
	all := uint64(1)<<len(w.ents) - 1
	for j := 0; j < len(b); j++ {
		d := bytes.IndexByte(b[j:], w.c)
		if d < 0 {
			break
		}
		j += d
		var cand uint64
		if j > 0 {
			cand = w.byPrev[b[j-1]]
		}
		if j+1 < len(b) {
			cand |= w.byNext[b[j+1]]
		}
		if cand &^= done; cand != 0 {
			if done = s.check(w, cand, done, j); done == all {
				break
			}
		}
	}
}

// check compares the candidate entries cand of w at anchor j, and
// returns done with the entries found set.
func (s *search) check(w *walk, cand, done uint64, j int) uint64 {
	f := s.f
	for ; cand != 0; cand &= cand - 1 {
		x := bits.TrailingZeros64(cand)
		e := w.ents[x]
		p := j - e.a
		if !f.match(e.k, p, s.b) {
			continue
		}
		if e.k == f.collect {
			if s.n < maxCollect {
				s.occ[s.n] = p
				s.n++
			}
			if s.n == maxCollect {
				done |= 1 << x
			}
		} else {
			done |= 1 << x
		}
		if s.pos[e.k] < 0 || p < s.pos[e.k] {
			s.pos[e.k] = p
		}
	}
	return done
}
