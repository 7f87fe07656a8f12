package asp

import (
	"strings"
	"unicode/utf8"
	"unsafe"
)

// strMode is how a page's strings divide into characters: UTF-8 runes,
// or the double-byte characters of GBK, Big5 and Shift-JIS pages, which
// VBScript counts as one character each (Len, Mid, InStr, StrReverse), so
// that decoders written for them work as on the server.
type strMode uint8

const (
	modeUTF8 strMode = iota
	modeDBCS
)

// strCtx evaluates character positions, caching the offsets of the
// last long strings a decoder loop indexes.
type strCtx struct {
	mode strMode
	cost int // work done building offsets, charged to the interpreter
	keys [4]string
	offs [4][]int32
	next int
	last int     // the entry found last: a decoder reads one string at a time
	tmp  []int32 // the offsets of the last short string, not cached
}

// offsets returns the byte offset of each character of s followed by
// len(s), or nil when every byte is a character (ASCII). The offsets are
// int32, half the memory of int: no string of a page (at most maxInput
// bytes) or of a decoder (maxString) comes near 2 GB.
func (c *strCtx) offsets(s string) []int32 {
	if c != nil && len(s) >= minCached {
		// A decoder calls Mid(s, i, 1) on the same long string for each
		// i: the look-up must not scan s again (that made decoders
		// quadratic even on ASCII text).
		if k := c.keys[c.last]; len(k) == len(s) && unsafe.StringData(k) == unsafe.StringData(s) {
			return c.offs[c.last]
		}
		for i, k := range c.keys {
			if len(k) == len(s) && unsafe.StringData(k) == unsafe.StringData(s) {
				c.last = i
				return c.offs[i]
			}
		}
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	var o []int32
	switch {
	case ascii:
	case c == nil:
		return charOffsets(nil, s, modeUTF8)
	default:
		// Every caller uses the offsets only until it returns (sub,
		// length, index, reverse), so the slice of the entry replaced,
		// or of the last short string, is written again: a wheel cipher
		// rotating a short non-ASCII alphabet at every character makes a
		// new string each time, and allocating its offsets was most of
		// its cost.
		buf := c.tmp
		if len(s) >= minCached {
			buf = c.offs[c.next]
		}
		o = charOffsets(buf, s, c.mode)
		if len(s) < minCached {
			c.tmp = o
		}
		c.cost += len(s)/8 + 1
	}
	if c != nil && len(s) >= minCached {
		c.keys[c.next], c.offs[c.next] = s, o
		c.next = (c.next + 1) % len(c.keys)
	}
	return o
}

// minCached is the length from which strCtx remembers a string's
// offsets: shorter strings cost less to scan than to look up.
const minCached = 32

// charOffsets returns the byte offset of each character of s followed by
// len(s), in buf when it is large enough.
func charOffsets(buf []int32, s string, m strMode) []int32 {
	o := buf[:0]
	if cap(o) < len(s)+1 {
		o = make([]int32, 0, len(s)+1)
	}
	// At most one offset per byte, and the end: stored by index.
	o = o[:len(s)+1]
	n := 0
	for i := 0; i < len(s); {
		o[n] = int32(i)
		n++
		c := s[i]
		switch {
		case c < 0x80:
			i++
		case m == modeDBCS:
			if c >= 0x81 && c != 0xFF && i+1 < len(s) && s[i+1] >= 0x40 {
				i += 2
			} else {
				i++
			}
		default:
			_, k := utf8.DecodeRuneInString(s[i:])
			i += k
		}
	}
	o[n] = int32(len(s))
	return o[:n+1]
}

func (c *strCtx) length(s string) int {
	if o := c.offsets(s); o != nil {
		return len(o) - 1
	}
	return len(s)
}

// sub returns n characters of s from character i (0-based), clamped.
func (c *strCtx) sub(s string, i, n int) string {
	o := c.offsets(s)
	l := len(s)
	if o != nil {
		l = len(o) - 1
	}
	i = max(0, min(i, l))
	n = max(0, min(n, l-i))
	if o == nil {
		return s[i : i+n]
	}
	return s[o[i]:o[i+n]]
}

// index returns the character position of needle in s at or after
// character from, or -1.
func (c *strCtx) index(s, needle string, from int, last bool) int {
	o := c.offsets(s)
	start := from
	if o != nil {
		start = int(o[max(0, min(from, len(o)-1))])
	} else {
		start = max(0, min(from, len(s)))
	}
	var b int
	if last {
		b = strings.LastIndex(s[start:], needle)
	} else {
		b = strings.Index(s[start:], needle)
	}
	if b < 0 {
		return -1
	}
	b += start
	if o == nil {
		return b
	}
	// Binary search the character holding byte b.
	lo, hi := 0, len(o)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if int(o[mid]) < b {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

func (c *strCtx) reverse(s string) string {
	o := c.offsets(s)
	if o == nil {
		b := []byte(s)
		for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
			b[i], b[j] = b[j], b[i]
		}
		return string(b)
	}
	out := make([]byte, 0, len(s))
	for k := len(o) - 2; k >= 0; k-- {
		out = append(out, s[o[k]:o[k+1]]...)
	}
	return string(out)
}

// code is Asc/AscW of the first character of s.
func (c *strCtx) code(s string, wide bool) (float64, bool) {
	if s == "" {
		return 0, false
	}
	if s[0] < 0x80 {
		return float64(s[0]), true
	}
	mode := modeUTF8
	if c != nil {
		mode = c.mode
	}
	if mode == modeDBCS {
		if len(s) >= 2 && s[0] >= 0x81 && s[0] != 0xFF && s[1] >= 0x40 {
			v := int(s[0])<<8 | int(s[1])
			if wide {
				return float64(v), true
			}
			return float64(int16(v)), true
		}
		return float64(s[0]), true
	}
	r, _ := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return float64(s[0]), true
	}
	return float64(r), true
}

// lower and upper change ASCII letters only: identifiers and strings of
// GBK pages are not UTF-8, and must keep their bytes and length.
func lower(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s // nothing to change: no copy
	}
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}
