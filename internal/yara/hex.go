package yara

import (
	"fmt"
	"strconv"
)

// hexJumpLimitInAlt is yara's STRING_CHAINING_THRESHOLD: the longest jump
// allowed inside an alternation.
const hexJumpLimitInAlt = 200

type hexTok struct {
	kind  byte // 'b' byte, 'n' number, '[', ']', '-', '(', ')', '|', 0 end
	b     HexByte
	n     int
	inJmp bool
}

// hexParser parses the body of a hex string as yara's hex grammar does:
// a sequence begins and ends with a byte or an alternation, jumps come in
// between, alternations nest.
type hexParser struct {
	toks     []hexTok
	i        int
	maxDepth int
	depth    int
	inAlt    int
}

type hexError string

// lexHex splits a hex string body into tokens.
func lexHex(src string) ([]hexTok, string) {
	var toks []hexTok
	inRange := false
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := i + 2
			for j+1 < len(src) && !(src[j] == '*' && src[j+1] == '/') {
				j++
			}
			i = j + 2
		case inRange:
			switch {
			case c == '-':
				toks = append(toks, hexTok{kind: '-'})
				i++
			case c == ']':
				toks = append(toks, hexTok{kind: ']'})
				inRange = false
				i++
			case isDigit(c):
				j := i
				for j < len(src) && isDigit(src[j]) {
					j++
				}
				n, err := strconv.Atoi(src[i:j])
				if err != nil || n > 1<<30 {
					n = 1 << 30
				}
				toks = append(toks, hexTok{kind: 'n', n: n})
				i = j
			default:
				return nil, "invalid character in hex string jump"
			}
		case c == '[':
			toks = append(toks, hexTok{kind: '['})
			inRange = true
			i++
		case c == '(' || c == ')' || c == '|' || c == ']':
			toks = append(toks, hexTok{kind: c})
			i++
		case isHexDigit(c) || c == '?':
			if i+1 >= len(src) || !(isHexDigit(src[i+1]) || src[i+1] == '?') {
				if c == '?' {
					return nil, "invalid character in hex string: ?"
				}
				return nil, "uneven number of digits in hex string"
			}
			hi, lo := nibble(c), nibble(src[i+1])
			toks = append(toks, hexTok{kind: 'b', b: HexByte{Value: hi.v<<4 | lo.v, Mask: hi.m<<4 | lo.m}})
			i += 2
		default:
			return nil, fmt.Sprintf("invalid character in hex string: %c", c)
		}
	}
	return append(toks, hexTok{kind: 0}), ""
}

type nib struct{ v, m byte }

func nibble(c byte) nib {
	switch {
	case c == '?':
		return nib{0, 0}
	case c >= '0' && c <= '9':
		return nib{c - '0', 0xF}
	case c >= 'a' && c <= 'f':
		return nib{c - 'a' + 10, 0xF}
	default:
		return nib{c - 'A' + 10, 0xF}
	}
}

// parseHex parses a hex string body; the error string is empty on success.
func parseHex(src string, maxDepth int) (seq *HexSeq, errMsg string) {
	toks, msg := lexHex(src)
	if msg != "" {
		return nil, msg
	}
	hp := &hexParser{toks: toks, maxDepth: maxDepth}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(hexError)
			if !ok {
				panic(r)
			}
			seq, errMsg = nil, string(e)
		}
	}()
	seq = hp.sequence()
	if hp.toks[hp.i].kind != 0 {
		panic(hexError("syntax error"))
	}
	return seq, ""
}

func (hp *hexParser) peek() hexTok { return hp.toks[hp.i] }

// sequence parses tokens: it starts and ends with a byte or alternation.
func (hp *hexParser) sequence() *HexSeq {
	seq := &HexSeq{}
	seq.Items = append(seq.Items, hp.token())
	for {
		switch hp.peek().kind {
		case 'b', '(':
			seq.Items = append(seq.Items, hp.token())
		case '[':
			seq.Items = append(seq.Items, hp.jump())
			k := hp.peek().kind
			if k != 'b' && k != '(' && k != '[' {
				panic(hexError("syntax error"))
			}
		default:
			return seq
		}
	}
}

func (hp *hexParser) token() HexItem {
	t := hp.peek()
	switch t.kind {
	case 'b':
		hp.i++
		return t.b
	case '(':
		hp.depth++
		if hp.depth > hp.maxDepth {
			panic(hexError("alternations nested too deep"))
		}
		hp.i++
		hp.inAlt++
		alt := &HexAlt{}
		alt.Alts = append(alt.Alts, hp.sequence())
		for hp.peek().kind == '|' {
			hp.i++
			alt.Alts = append(alt.Alts, hp.sequence())
		}
		if hp.peek().kind != ')' {
			panic(hexError("syntax error"))
		}
		hp.i++
		hp.inAlt--
		hp.depth--
		return alt
	}
	panic(hexError("syntax error"))
}

func (hp *hexParser) jump() HexItem {
	hp.i++ // '['
	get := func(k byte) hexTok {
		t := hp.peek()
		if t.kind != k {
			panic(hexError("syntax error"))
		}
		hp.i++
		return t
	}
	inAlt := hp.inAlt > 0
	if hp.peek().kind == '-' {
		hp.i++
		get(']')
		if inAlt {
			panic(hexError("unbounded jumps not allowed inside alternation (|)"))
		}
		return HexJump{Min: 0, Max: -1}
	}
	lo := get('n').n
	if hp.peek().kind == ']' {
		hp.i++
		if lo <= 0 {
			panic(hexError("invalid jump length"))
		}
		if inAlt && lo > hexJumpLimitInAlt {
			panic(hexError("jumps over 200 not allowed inside alternation (|)"))
		}
		return HexJump{Min: lo, Max: lo}
	}
	get('-')
	if hp.peek().kind == ']' {
		hp.i++
		if inAlt {
			panic(hexError("unbounded jumps not allowed inside alternation (|)"))
		}
		return HexJump{Min: lo, Max: -1}
	}
	hi := get('n').n
	get(']')
	if inAlt && (lo > hexJumpLimitInAlt || hi > hexJumpLimitInAlt) {
		panic(hexError("jumps over 200 not allowed inside alternation (|)"))
	}
	if lo > hi {
		panic(hexError("invalid jump range"))
	}
	return HexJump{Min: lo, Max: hi}
}
