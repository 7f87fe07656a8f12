package re

import "bytes"

// Literal returns a pattern that matches the bytes b (a yara text
// string): every occurrence at every offset, overlapping ones included,
// with no length limit. Flags:
//
//   - NoCase: ASCII letters match both cases (yara's nocase).
//   - Wide: b is widened first (each byte followed by 0x00, see [Widen]),
//     which is yara's wide modifier; pass the plain text then, not the
//     widened one. For "ascii wide" compile two Literals.
//
// Other flags are ignored. An empty literal never matches. A Literal is
// verified by a byte compare and its atom is the best 4-byte window.
func Literal(b []byte, f Flags) *Prog {
	if f&Wide != 0 {
		b = Widen(b)
	} else {
		b = bytes.Clone(b)
	}
	if b == nil {
		b = []byte{}
	}
	f &= NoCase | Wide
	lit := b
	if f&NoCase != 0 {
		lit = make([]byte, len(b))
		for i, c := range b {
			lit[i] = lower[c]
		}
	}
	// No AST is kept: a rule set has tens of thousands of literals, and a
	// node per byte would cost more than the rest of the Set. The
	// summaries finish would compute from it are direct here, and
	// litNodes builds the nodes when atoms or AST ask for them.
	p := &Prog{flags: f, limit: -1, lit: lit, minLen: len(lit), nullable: len(lit) == 0}
	for i, c := range lit {
		set := &byteSets[c]
		if f&NoCase != 0 {
			set = &foldSets[c]
		}
		if i == 0 {
			p.first = *set
		}
		if i < 32 {
			p.fixed = append(p.fixed, set)
		}
	}
	return p
}

// litNodes returns the AST of a Literal: one literal node per byte.
func (p *Prog) litNodes() *Node {
	n := &Node{Op: OpConcat, Subs: make([]*Node, len(p.lit))}
	for i, c := range p.lit {
		n.Subs[i] = &Node{Op: OpLiteral, Byte: c}
	}
	return n
}

// Widen returns b with a 0x00 byte after every byte: the UTF-16LE form of
// ASCII text that yara's wide modifier searches for.
func Widen(b []byte) []byte {
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i] = c
	}
	return out
}

// lower is yara's yr_lowercase: ASCII letters folded, other bytes kept.
var lower = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if i >= 'A' && i <= 'Z' {
			t[i] = byte(i) + 32
		}
	}
	return t
}()

// IsLiteral reports whether p was made by Literal.
func (p *Prog) IsLiteral() bool { return p.lit != nil }

// matchLit is MatchAt for a Literal.
func (p *Prog) matchLit(data []byte, start int) int {
	lit := p.lit
	if len(lit) == 0 || start < 0 || len(data)-start < len(lit) {
		return -1
	}
	if p.flags&NoCase == 0 {
		if string(data[start:start+len(lit)]) != string(lit) {
			return -1
		}
		return len(lit)
	}
	d := data[start : start+len(lit)]
	for i, c := range lit {
		if lower[d[i]] != c {
			return -1
		}
	}
	return len(lit)
}

// findLit reports whether the Literal occurs in data.
func (p *Prog) findLit(data []byte) bool {
	lit := p.lit
	if len(lit) == 0 || len(data) < len(lit) {
		return false
	}
	if p.flags&NoCase == 0 {
		return bytes.Contains(data, lit)
	}
	for i := 0; i+len(lit) <= len(data); i++ {
		if lower[data[i]] == lit[0] && p.matchLit(data, i) > 0 {
			return true
		}
	}
	return false
}
