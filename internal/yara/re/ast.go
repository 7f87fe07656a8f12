package re

import (
	"fmt"
	"math/bits"
	"strings"
)

// Op is the kind of an AST node.
type Op uint8

// The node kinds. They mirror libyara's RE_NODE_* types.
const (
	OpLiteral         Op = iota // one byte: Byte
	OpMaskedLiteral             // hex nibble wildcard: data&Mask == Byte
	OpAny                       // '.' or '??'
	OpClass                     // character class: Class
	OpWordChar                  // \w
	OpNonWordChar               // \W
	OpSpace                     // \s
	OpNonSpace                  // \S
	OpDigit                     // \d
	OpNonDigit                  // \D
	OpWordBoundary              // \b
	OpNonWordBoundary           // \B
	OpAnchorStart               // ^ (start of the data)
	OpAnchorEnd                 // $ (end of the data)
	OpConcat                    // Subs in sequence (may be empty: matches "")
	OpAlt                       // Subs as alternatives, first has priority
	OpRepeat                    // Subs[0] repeated Min..Max times (Max<0: unbounded)
)

// Unbounded is the Max of a repetition without an upper bound.
const Unbounded = -1

// MaxRange is the largest repetition bound yara accepts (RE_MAX_RANGE, INT16_MAX).
const MaxRange = 32767

// Node is a node of a regular expression or hex string AST.
type Node struct {
	Op     Op
	Byte   byte     // OpLiteral, OpMaskedLiteral
	Mask   byte     // OpMaskedLiteral
	Class  *ByteSet // OpClass
	Min    int      // OpRepeat
	Max    int      // OpRepeat; Unbounded for no upper bound
	Greedy bool     // OpRepeat
	// Negated is set for a negated class ([^...]); Class then holds the
	// listed bytes. As in yara, case folding applies before negation.
	Negated bool
	Subs    []*Node // OpConcat, OpAlt, OpRepeat
}

// AST is a parsed pattern.
type AST struct {
	Root *Node
	// Hex is true for hex strings.
	Hex bool
	// HasAlt is true when a hex string has alternatives (yara then uses
	// its general engine instead of the "fast" hex engine).
	HasAlt bool
	// Greedy and Ungreedy record which kinds of quantifiers the regular
	// expression uses (yara rejects a regexp that mixes them).
	Greedy, Ungreedy bool
}

// ByteSet is a set of bytes.
type ByteSet [4]uint64

// Has reports whether b is in the set.
func (s *ByteSet) Has(b byte) bool { return s[b>>6]&(1<<(b&63)) != 0 }

// Add adds b to the set.
func (s *ByteSet) Add(b byte) { s[b>>6] |= 1 << (b & 63) }

// AddRange adds lo..hi inclusive.
func (s *ByteSet) AddRange(lo, hi byte) {
	for c := int(lo); c <= int(hi); c++ {
		s.Add(byte(c))
	}
}

// AddSet adds every member of t.
func (s *ByteSet) AddSet(t *ByteSet) {
	for i := range s {
		s[i] |= t[i]
	}
}

// Invert replaces the set by its complement.
func (s *ByteSet) Invert() {
	for i := range s {
		s[i] = ^s[i]
	}
}

// Count returns the number of members.
func (s *ByteSet) Count() int {
	return bits.OnesCount64(s[0]) + bits.OnesCount64(s[1]) + bits.OnesCount64(s[2]) + bits.OnesCount64(s[3])
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isSpaceByte(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '\v', '\f':
		return true
	}
	return false
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// setFor returns the set of bytes a single-byte node matches, with the
// given flags, or nil when n is not a single-byte node.
//
// The result must not be modified: literals get shared static sets, as
// building atoms asks for them over and over.
func setFor(n *Node, f Flags) *ByteSet {
	var s ByteSet
	switch n.Op {
	case OpLiteral:
		if f&NoCase != 0 {
			return &foldSets[n.Byte]
		}
		return &byteSets[n.Byte]
	case OpMaskedLiteral:
		for hi := 0; hi < 256; hi++ {
			if byte(hi)&n.Mask == n.Byte {
				s.Add(byte(hi))
			}
		}
		return &s
	case OpAny:
		s.Invert()
		if f&DotAll == 0 {
			s[0] &^= 1 << '\n'
		}
	case OpClass:
		s = *n.Class
		if f&NoCase != 0 {
			// 'A'..'Z' are bits 1..26 and 'a'..'z' bits 33..58 of word 1.
			const letters = 0x3FFFFFF << 1
			w := s[1]
			s[1] |= (w&letters)<<32 | (w&(letters<<32))>>32
		}
		if n.Negated {
			s.Invert()
		}
	case OpWordChar, OpNonWordChar:
		for c := 0; c < 256; c++ {
			if isWordByte(byte(c)) == (n.Op == OpWordChar) {
				s.Add(byte(c))
			}
		}
	case OpSpace, OpNonSpace:
		for c := 0; c < 256; c++ {
			if isSpaceByte(byte(c)) == (n.Op == OpSpace) {
				s.Add(byte(c))
			}
		}
	case OpDigit, OpNonDigit:
		for c := 0; c < 256; c++ {
			if isDigitByte(byte(c)) == (n.Op == OpDigit) {
				s.Add(byte(c))
			}
		}
	default:
		return nil
	}
	return &s
}

// byteSets[b] is {b}; foldSets[b] is {b, altCase(b)}.
var byteSets, foldSets = func() (one, fold [256]ByteSet) {
	for i := range 256 {
		one[i].Add(byte(i))
		fold[i].Add(byte(i))
		fold[i].Add(altCase(byte(i)))
	}
	return
}()

// altCase swaps the case of an ASCII letter (yara's yr_altercase).
func altCase(c byte) byte {
	switch {
	case c >= 'a' && c <= 'z':
		return c - 32
	case c >= 'A' && c <= 'Z':
		return c + 32
	}
	return c
}

// String renders the AST for debugging.
func (n *Node) String() string {
	var b strings.Builder
	n.write(&b)
	return b.String()
}

func (n *Node) write(b *strings.Builder) {
	switch n.Op {
	case OpLiteral:
		fmt.Fprintf(b, "%q", rune(n.Byte))
	case OpMaskedLiteral:
		fmt.Fprintf(b, "M(%02x/%02x)", n.Byte, n.Mask)
	case OpAny:
		b.WriteString("Any")
	case OpClass:
		fmt.Fprintf(b, "Class(%d)", n.Class.Count())
	case OpConcat, OpAlt:
		if n.Op == OpConcat {
			b.WriteString("Cat(")
		} else {
			b.WriteString("Alt(")
		}
		for i, s := range n.Subs {
			if i > 0 {
				b.WriteString(",")
			}
			s.write(b)
		}
		b.WriteString(")")
	case OpRepeat:
		fmt.Fprintf(b, "Rep{%d,%d,%v}(", n.Min, n.Max, n.Greedy)
		n.Subs[0].write(b)
		b.WriteString(")")
	default:
		fmt.Fprintf(b, "Op%d", n.Op)
	}
}
