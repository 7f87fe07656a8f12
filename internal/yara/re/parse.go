package re

import (
	"fmt"
	"strconv"
)

// Error is a syntax error in a regular expression or hex string. Offset
// is the byte offset in the pattern text where the error was detected.
type Error struct {
	Offset int
	Msg    string
}

func (e *Error) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg) }

// maxASTDepth bounds nesting (yara: RE_MAX_AST_LEVELS).
const maxASTDepth = 5000

type reParser struct {
	s     string
	pos   int
	depth int
	ast   *AST
}

// Parse parses a YARA regular expression (the text between the slashes,
// without the slashes and flags) into an AST.
func Parse(pattern string) (*AST, error) {
	p := &reParser{s: pattern, ast: &AST{}}
	if pattern == "" {
		return nil, &Error{0, "syntax error"}
	}
	root, err := p.alternative()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.s) {
		return nil, p.errf("syntax error")
	}
	p.ast.Root = root
	return p.ast, nil
}

func (p *reParser) errf(format string, args ...any) error {
	return &Error{p.pos, fmt.Sprintf(format, args...)}
}

func (p *reParser) alternative() (*Node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxASTDepth {
		return nil, p.errf("regular expression too complex")
	}
	first, err := p.concat()
	if err != nil {
		return nil, err
	}
	if first == nil {
		return nil, p.errf("syntax error")
	}
	if p.pos >= len(p.s) || p.s[p.pos] != '|' {
		return first, nil
	}
	alt := &Node{Op: OpAlt, Subs: []*Node{first}}
	for p.pos < len(p.s) && p.s[p.pos] == '|' {
		p.pos++
		c, err := p.concat()
		if err != nil {
			return nil, err
		}
		if c == nil {
			c = &Node{Op: OpConcat}
		}
		alt.Subs = append(alt.Subs, c)
	}
	return alt, nil
}

// concat returns nil when no item was found.
func (p *reParser) concat() (*Node, error) {
	var items []*Node
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		if c == '|' || c == ')' {
			break
		}
		n, err := p.repeat()
		if err != nil {
			return nil, err
		}
		items = append(items, n)
	}
	switch len(items) {
	case 0:
		return nil, nil
	case 1:
		return items[0], nil
	}
	return &Node{Op: OpConcat, Subs: items}, nil
}

func (p *reParser) repeat() (*Node, error) {
	start := p.pos
	c := p.s[p.pos]
	// Assertions cannot be quantified.
	switch c {
	case '^':
		p.pos++
		return p.noQuant(&Node{Op: OpAnchorStart})
	case '$':
		p.pos++
		return p.noQuant(&Node{Op: OpAnchorEnd})
	case '\\':
		if p.pos+1 < len(p.s) && (p.s[p.pos+1] == 'b' || p.s[p.pos+1] == 'B') {
			op := OpWordBoundary
			if p.s[p.pos+1] == 'B' {
				op = OpNonWordBoundary
			}
			p.pos += 2
			return p.noQuant(&Node{Op: op})
		}
	}
	n, err := p.single()
	if err != nil {
		return nil, err
	}
	_ = start
	min, max, ok, err := p.quant()
	if err != nil || !ok {
		return n, err
	}
	greedy := true
	if p.pos < len(p.s) && p.s[p.pos] == '?' {
		greedy = false
		p.pos++
	}
	if greedy {
		p.ast.Greedy = true
	} else {
		p.ast.Ungreedy = true
	}
	r := &Node{Op: OpRepeat, Min: min, Max: max, Greedy: greedy, Subs: []*Node{n}}
	// A quantifier may not follow a quantifier.
	if p.pos < len(p.s) {
		if _, _, ok, _ := p.peekQuant(); ok {
			return nil, p.errf("syntax error")
		}
	}
	return r, nil
}

func (p *reParser) noQuant(n *Node) (*Node, error) {
	if p.pos < len(p.s) {
		if _, _, ok, _ := p.peekQuant(); ok {
			return nil, p.errf("syntax error")
		}
	}
	return n, nil
}

func (p *reParser) peekQuant() (int, int, bool, error) {
	save := p.pos
	a, b, ok, err := p.quant()
	p.pos = save
	return a, b, ok, err
}

// quant parses a quantifier, if any, at p.pos.
func (p *reParser) quant() (min, max int, ok bool, err error) {
	if p.pos >= len(p.s) {
		return 0, 0, false, nil
	}
	switch p.s[p.pos] {
	case '*':
		p.pos++
		return 0, Unbounded, true, nil
	case '+':
		p.pos++
		return 1, Unbounded, true, nil
	case '?':
		p.pos++
		return 0, 1, true, nil
	case '{':
	default:
		return 0, 0, false, nil
	}
	// {n} or {n,m}, {n,}, {,m}, {,}; anything else is a literal '{'.
	i := p.pos + 1
	d1 := i
	for i < len(p.s) && isDigitByte(p.s[i]) {
		i++
	}
	n1 := p.s[d1:i]
	if i < len(p.s) && p.s[i] == '}' && n1 != "" {
		v := atoiSat(n1)
		p.pos = i + 1
		if v > MaxRange {
			return 0, 0, false, &Error{d1 - 1, "repeat interval too large"}
		}
		if v == 0 {
			return 0, 0, false, &Error{d1 - 1, "bad repeat interval"}
		}
		return v, v, true, nil
	}
	if i >= len(p.s) || p.s[i] != ',' {
		return 0, 0, false, nil
	}
	i++
	d2 := i
	for i < len(p.s) && isDigitByte(p.s[i]) {
		i++
	}
	n2 := p.s[d2:i]
	if i >= len(p.s) || p.s[i] != '}' {
		return 0, 0, false, nil
	}
	p.pos = i + 1
	lo := atoiSat(n1)
	hi := MaxRange
	if n2 != "" {
		hi = atoiSat(n2)
	}
	if hi > MaxRange || lo > MaxRange {
		return 0, 0, false, &Error{d1 - 1, "repeat interval too large"}
	}
	if hi < lo || hi == 0 && lo == 0 {
		return 0, 0, false, &Error{d1 - 1, "bad repeat interval"}
	}
	if n2 == "" {
		hi = Unbounded
	}
	return lo, hi, true, nil
}

func atoiSat(s string) int {
	if s == "" {
		return 0
	}
	if len(s) > 9 {
		return 1 << 30
	}
	v, _ := strconv.Atoi(s)
	return v
}

func (p *reParser) single() (*Node, error) {
	c := p.s[p.pos]
	switch c {
	case '(':
		open := p.pos
		p.pos++
		if p.pos < len(p.s) && p.s[p.pos] == ')' {
			return nil, p.errf("syntax error")
		}
		n, err := p.alternative()
		if err != nil {
			return nil, err
		}
		if p.pos >= len(p.s) || p.s[p.pos] != ')' {
			if p.pos >= len(p.s) {
				return nil, &Error{open, "syntax error: missing )"}
			}
			return nil, p.errf("syntax error")
		}
		p.pos++
		return n, nil
	case '.':
		p.pos++
		return &Node{Op: OpAny}, nil
	case '[':
		return p.class()
	case '*', '+', '?', '|', ')':
		return nil, p.errf("syntax error")
	case '{':
		if _, _, ok, err := p.peekQuant(); ok || err != nil {
			return nil, p.errf("syntax error")
		}
		p.pos++
		return &Node{Op: OpLiteral, Byte: c}, nil
	case '\\':
		return p.escape()
	}
	p.pos++
	return &Node{Op: OpLiteral, Byte: c}, nil
}

// escapedByte decodes an escape that denotes one byte (\xNN, \n, \t, \r,
// \f, \a or an escaped character) at p.pos, which points at the backslash.
func (p *reParser) escapedByte() (byte, error) {
	if p.pos+1 >= len(p.s) {
		return 0, p.errf("illegal escape sequence")
	}
	c := p.s[p.pos+1]
	switch c {
	case 'x':
		if p.pos+3 < len(p.s)+0 && isHex(p.s[p.pos+2]) && isHex(p.s[p.pos+3]) {
			v, _ := strconv.ParseUint(p.s[p.pos+2:p.pos+4], 16, 8)
			p.pos += 4
			return byte(v), nil
		}
		return 0, p.errf("illegal escape sequence")
	case 'n':
		c = '\n'
	case 't':
		c = '\t'
	case 'r':
		c = '\r'
	case 'f':
		c = '\f'
	case 'a':
		c = '\a'
	}
	p.pos += 2
	return c, nil
}

func isHex(c byte) bool {
	return isDigitByte(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func (p *reParser) escape() (*Node, error) {
	if p.pos+1 >= len(p.s) {
		return nil, p.errf("illegal escape sequence")
	}
	var op Op
	switch p.s[p.pos+1] {
	case 'w':
		op = OpWordChar
	case 'W':
		op = OpNonWordChar
	case 's':
		op = OpSpace
	case 'S':
		op = OpNonSpace
	case 'd':
		op = OpDigit
	case 'D':
		op = OpNonDigit
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return nil, p.errf("backreferences are not allowed")
	default:
		b, err := p.escapedByte()
		if err != nil {
			return nil, err
		}
		return &Node{Op: OpLiteral, Byte: b}, nil
	}
	p.pos += 2
	return &Node{Op: op}, nil
}

// class parses a character class at p.pos ('[').
func (p *reParser) class() (*Node, error) {
	open := p.pos
	p.pos++
	var set ByteSet
	neg := false
	if p.pos < len(p.s) && p.s[p.pos] == '^' {
		neg = true
		p.pos++
	}
	if p.pos < len(p.s) && p.s[p.pos] == ']' {
		set.Add(']')
		p.pos++
	}
	for {
		if p.pos >= len(p.s) {
			return nil, &Error{open, "missing terminating ] for character class"}
		}
		c := p.s[p.pos]
		if c == ']' {
			p.pos++
			break
		}
		// A range: (\xNN | \. | [^\\]) '-' (\xNN | \. | [^\\]).
		itemStart := p.pos
		lo, loOK := p.classAtom()
		if loOK && p.pos+1 < len(p.s) && p.s[p.pos] == '-' {
			save := p.pos
			p.pos++
			hi, hiOK := p.classAtom()
			if hiOK && !(hi == ']' && p.s[p.pos-1] == ']' && p.s[p.pos-2] == '-') {
				if lo > hi {
					return nil, &Error{itemStart, "bad character range"}
				}
				set.AddRange(lo, hi)
				continue
			}
			p.pos = save
		}
		p.pos = itemStart
		if c == '\\' {
			if p.pos+1 >= len(p.s) {
				return nil, &Error{open, "missing terminating ] for character class"}
			}
			var sub *Node
			switch p.s[p.pos+1] {
			case 'w':
				sub = &Node{Op: OpWordChar}
			case 'W':
				sub = &Node{Op: OpNonWordChar}
			case 's':
				sub = &Node{Op: OpSpace}
			case 'S':
				sub = &Node{Op: OpNonSpace}
			case 'd':
				sub = &Node{Op: OpDigit}
			case 'D':
				sub = &Node{Op: OpNonDigit}
			}
			if sub != nil {
				set.AddSet(setFor(sub, 0))
				p.pos += 2
				continue
			}
			b, err := p.escapedByte()
			if err != nil {
				return nil, err
			}
			set.Add(b)
			continue
		}
		set.Add(c)
		p.pos++
	}
	return &Node{Op: OpClass, Class: &set, Negated: neg}, nil
}

// classAtom reads one byte item usable as a range end: \xNN, \<char> or
// a plain byte other than a backslash. ']' is accepted (as yara's lexer
// does for the end of a range).
func (p *reParser) classAtom() (byte, bool) {
	if p.pos >= len(p.s) {
		return 0, false
	}
	c := p.s[p.pos]
	if c != '\\' {
		p.pos++
		return c, true
	}
	save := p.pos
	b, err := p.escapedByte()
	if err != nil {
		p.pos = save
		return 0, false
	}
	return b, true
}
