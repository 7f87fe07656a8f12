package re

import (
	"fmt"
	"strconv"
)

// ChainingThreshold is yara's YR_STRING_CHAINING_THRESHOLD: jumps longer
// than this are not allowed inside alternatives, and yara splits a hex
// string at such a jump into chained pieces.
const ChainingThreshold = 200

type hexParser struct {
	s        string
	pos      int
	insideOr int
	hasAlt   bool
	depth    int
}

// ParseHex parses the body of a hex string (the text between the braces,
// without them): bytes such as "4D", wildcards "??", nibble wildcards
// "4?" and "?D", jumps "[n]", "[n-m]", "[n-]" and "[-]", and
// alternatives "( ... | ... )" that may nest.
func ParseHex(body string) (*AST, error) {
	p := &hexParser{s: body}
	root, err := p.tokens()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.s) {
		return nil, p.errf("syntax error")
	}
	return &AST{Root: root, Hex: true, HasAlt: p.hasAlt}, nil
}

func (p *hexParser) errf(format string, args ...any) error {
	return &Error{p.pos, fmt.Sprintf(format, args...)}
}

func (p *hexParser) skipSpace() {
	for p.pos < len(p.s) {
		switch p.s[p.pos] {
		case ' ', '\t', '\r', '\n', '\v', '\f':
			p.pos++
		default:
			return
		}
	}
}

func (p *hexParser) peek() byte {
	p.skipSpace()
	if p.pos >= len(p.s) {
		return 0
	}
	return p.s[p.pos]
}

// tokens parses: token (token | range)* token, with consecutive jumps
// merged as yara does.
func (p *hexParser) tokens() (*Node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxASTDepth {
		return nil, p.errf("hex string too complex")
	}
	var items []*Node
	for {
		c := p.peek()
		if c == 0 || c == '|' || c == ')' {
			break
		}
		if c == '[' {
			if len(items) == 0 {
				return nil, p.errf("syntax error")
			}
			j, err := p.jump()
			if err != nil {
				return nil, err
			}
			if last := items[len(items)-1]; last.Op == OpRepeat {
				last.Min += j.Min
				if last.Max == Unbounded || j.Max == Unbounded {
					last.Max = Unbounded
				} else {
					last.Max += j.Max
				}
			} else {
				items = append(items, j)
			}
			continue
		}
		t, err := p.token()
		if err != nil {
			return nil, err
		}
		items = append(items, t)
	}
	if len(items) == 0 || items[len(items)-1].Op == OpRepeat {
		return nil, p.errf("syntax error")
	}
	if len(items) == 1 {
		return items[0], nil
	}
	return &Node{Op: OpConcat, Subs: items}, nil
}

func (p *hexParser) token() (*Node, error) {
	c := p.peek()
	if c == '(' {
		p.pos++
		p.insideOr++
		p.hasAlt = true
		alt := &Node{Op: OpAlt}
		for {
			t, err := p.tokens()
			if err != nil {
				return nil, err
			}
			alt.Subs = append(alt.Subs, t)
			c := p.peek()
			if c == '|' {
				p.pos++
				continue
			}
			if c == ')' {
				p.pos++
				break
			}
			return nil, p.errf("syntax error")
		}
		p.insideOr--
		if len(alt.Subs) == 1 {
			return alt.Subs[0], nil
		}
		return alt, nil
	}
	if p.pos+1 >= len(p.s) || !isHexOrQ(p.s[p.pos+1]) {
		if isHexOrQ(c) {
			return nil, p.errf("uneven number of digits in hex string")
		}
		return nil, p.errf("syntax error")
	}
	a, b := p.s[p.pos], p.s[p.pos+1]
	if !isHexOrQ(a) {
		return nil, p.errf("syntax error")
	}
	p.pos += 2
	switch {
	case a == '?' && b == '?':
		return &Node{Op: OpAny}, nil
	case a == '?':
		return &Node{Op: OpMaskedLiteral, Byte: hexVal(b), Mask: 0x0F}, nil
	case b == '?':
		return &Node{Op: OpMaskedLiteral, Byte: hexVal(a) << 4, Mask: 0xF0}, nil
	}
	return &Node{Op: OpLiteral, Byte: hexVal(a)<<4 | hexVal(b)}, nil
}

func isHexOrQ(c byte) bool { return c == '?' || isHex(c) }

func hexVal(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func (p *hexParser) number() (int, bool) {
	p.skipSpace()
	st := p.pos
	for p.pos < len(p.s) && isDigitByte(p.s[p.pos]) {
		p.pos++
	}
	if st == p.pos {
		return 0, false
	}
	if p.pos-st > 9 {
		return 1 << 30, true
	}
	v, _ := strconv.Atoi(p.s[st:p.pos])
	return v, true
}

// jump parses [n], [n-m], [n-], [-] at p.pos ('[').
func (p *hexParser) jump() (*Node, error) {
	open := p.pos
	p.pos++
	lo, okLo := p.number()
	var hi int
	switch p.peek() {
	case ']':
		if !okLo {
			return nil, p.errf("syntax error")
		}
		p.pos++
		if lo <= 0 {
			return nil, &Error{open, "invalid jump length"}
		}
		if p.insideOr > 0 && lo > ChainingThreshold {
			return nil, &Error{open, "jumps over 200 not allowed inside alternation (|)"}
		}
		hi = lo
	case '-':
		p.pos++
		h, okHi := p.number()
		if p.peek() != ']' || (!okHi && !okLo && false) {
			return nil, p.errf("syntax error")
		}
		p.pos++
		if !okHi {
			if p.insideOr > 0 {
				return nil, &Error{open, "unbounded jumps not allowed inside alternation (|)"}
			}
			hi = Unbounded
		} else {
			if !okLo {
				return nil, &Error{open, "syntax error"}
			}
			if p.insideOr > 0 && (lo > ChainingThreshold || h > ChainingThreshold) {
				return nil, &Error{open, "jumps over 200 not allowed inside alternation (|)"}
			}
			if lo > h {
				return nil, &Error{open, "invalid jump range"}
			}
			hi = h
		}
	default:
		return nil, p.errf("syntax error")
	}
	return &Node{Op: OpRepeat, Min: lo, Max: hi, Subs: []*Node{{Op: OpAny}}}, nil
}
