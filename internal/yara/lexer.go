package yara

import (
	"bytes"
	"math"
	"strconv"
	"strings"
)

// Lexer splits YARA source into tokens the way yara's flex scanner does
// (longest match, context free): a '{' that begins a well-formed hex string
// body is one HexString token, a '/' that does not begin a comment begins a
// regular expression, and "1..2" is Number DotDot Number.
type Lexer struct {
	src  []byte
	file string
	off  int
	line int
	col  int
	errs []*Error
}

// NewLexer returns a lexer over src; file names the source in positions.
func NewLexer(file string, src []byte) *Lexer {
	return &Lexer{src: src, file: file, line: 1, col: 1}
}

// Errors returns the lexical errors met so far.
func (l *Lexer) Errors() []*Error { return l.errs }

func (l *Lexer) pos() Pos { return Pos{File: l.file, Line: l.line, Col: l.col, Offset: l.off} }

func (l *Lexer) peekAt(i int) byte {
	if l.off+i < len(l.src) {
		return l.src[l.off+i]
	}
	return 0
}

// advance consumes n bytes, keeping line and column up to date.
func (l *Lexer) advance(n int) {
	for i := 0; i < n && l.off < len(l.src); i++ {
		if l.src[l.off] == '\n' {
			l.line++
			l.col = 1
		} else {
			l.col++
		}
		l.off++
	}
}

// errorf records a lexical error; the Illegal token returned for it carries
// the error as its Value.
func (l *Lexer) errorf(p Pos, msg string) *Error {
	e := &Error{Pos: p, Msg: msg}
	l.errs = append(l.errs, e)
	return e
}

func isDigit(c byte) bool    { return c >= '0' && c <= '9' }
func isHexDigit(c byte) bool { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') }
func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}
func isIdentChar(c byte) bool { return isIdentStart(c) || isDigit(c) }

// skipSpace skips white space and comments. An unterminated block comment is
// skipped to the end of input, as flex does.
func (l *Lexer) skipSpace() {
	for l.off < len(l.src) {
		c := l.src[l.off]
		switch {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f':
			l.advance(1)
		case c == '/' && l.peekAt(1) == '/':
			for l.off < len(l.src) && l.src[l.off] != '\n' {
				l.advance(1)
			}
		case c == '/' && l.peekAt(1) == '*':
			end := bytes.Index(l.src[l.off+2:], []byte("*/"))
			if end < 0 {
				l.advance(len(l.src) - l.off)
			} else {
				l.advance(end + 4)
			}
		default:
			return
		}
	}
}

// singleCharTokens are the one-byte operators and punctuation.
var singleCharTokens = map[byte]Kind{
	'}': RBrace, '(': LParen, ')': RParen, '[': LBrack, ']': RBrack,
	':': Colon, ',': Comma, '.': Dot, '=': Assign, '<': Lt, '>': Gt,
	'+': Plus, '-': Minus, '*': Star, '\\': Backslash, '%': Percent,
	'&': Amp, '|': Pipe, '^': Caret, '~': Tilde,
}

// sigilTokens are the kinds of $a, #a, @a and !a.
var sigilTokens = map[byte]Kind{'$': StringIdent, '#': StringCount, '@': StringOffset, '!': StringLength}

// Next returns the next token; at the end of input it returns EOF forever.
func (l *Lexer) Next() Token {
	l.skipSpace()
	p := l.pos()
	if l.off >= len(l.src) {
		return Token{Kind: EOF, Pos: p}
	}
	c := l.src[l.off]
	switch {
	case isIdentStart(c):
		start := l.off
		for l.off < len(l.src) && isIdentChar(l.src[l.off]) {
			l.advance(1)
		}
		s := string(l.src[start:l.off])
		if k, ok := keywords[s]; ok {
			return Token{Kind: k, Pos: p, Text: s}
		}
		if intFuncs[s] {
			return Token{Kind: IntFunc, Pos: p, Text: s}
		}
		if len(s) > 128 {
			e := l.errorf(p, "identifier \""+s+"\" is too long")
			return Token{Kind: Illegal, Pos: p, Text: s, Value: e}
		}
		return Token{Kind: Identifier, Pos: p, Text: s}
	case c == '$' || c == '#' || c == '@' || c == '!':
		if c == '!' && l.peekAt(1) == '=' {
			l.advance(2)
			return Token{Kind: Neq, Pos: p, Text: "!="}
		}
		start := l.off
		l.advance(1)
		for l.off < len(l.src) && isIdentChar(l.src[l.off]) {
			l.advance(1)
		}
		k := sigilTokens[c]
		if c == '$' && l.peekAt(0) == '*' {
			l.advance(1)
			k = StringIdentWC
		}
		return Token{Kind: k, Pos: p, Text: string(l.src[start:l.off])}
	case isDigit(c):
		return l.number(p)
	case c == '"':
		return l.text(p)
	case c == '/':
		return l.regexp(p)
	case c == '{':
		if n, ok := l.hexLen(); ok {
			text := string(l.src[l.off+1 : l.off+n-1])
			l.advance(n)
			return Token{Kind: HexString, Pos: p, Text: text}
		}
		l.advance(1)
		return Token{Kind: LBrace, Pos: p, Text: "{"}
	}
	two := ""
	if l.off+1 < len(l.src) {
		two = string(l.src[l.off : l.off+2])
	}
	switch two {
	case "..":
		l.advance(2)
		return Token{Kind: DotDot, Pos: p, Text: two}
	case "==":
		l.advance(2)
		return Token{Kind: Eq, Pos: p, Text: two}
	case "<=":
		l.advance(2)
		return Token{Kind: Le, Pos: p, Text: two}
	case ">=":
		l.advance(2)
		return Token{Kind: Ge, Pos: p, Text: two}
	case "<<":
		l.advance(2)
		return Token{Kind: Shl, Pos: p, Text: two}
	case ">>":
		l.advance(2)
		return Token{Kind: Shr, Pos: p, Text: two}
	}
	if k, ok := singleCharTokens[c]; ok {
		l.advance(1)
		return Token{Kind: k, Pos: p, Text: string(c)}
	}
	l.advance(1)
	return Token{Kind: Illegal, Pos: p, Text: string(c)}
}

// hexLen reports the length of the hex string starting at the current '{',
// braces included, if the input there matches yara's hex string pattern.
func (l *Lexer) hexLen() (int, bool) {
	s := l.src[l.off:]
	i := 1
	n := 0 // characters in the body
	for i < len(s) {
		c := s[i]
		switch {
		case c == '}':
			return i + 1, n > 0
		case isHexDigit(c) || strings.IndexByte(" -|?[]()\n\r\t", c) >= 0:
			i++
			n++
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			n++
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := bytes.Index(s[i+2:], []byte("*/"))
			if end < 0 {
				return 0, false
			}
			i += end + 4
			n++
		default:
			return 0, false
		}
	}
	return 0, false
}

func (l *Lexer) number(p Pos) Token {
	s := l.src[l.off:]
	n := 0
	base := 10
	switch {
	case len(s) > 2 && s[0] == '0' && s[1] == 'x' && isHexDigit(s[2]):
		n = 2
		for n < len(s) && isHexDigit(s[n]) {
			n++
		}
		base = 16
	case len(s) > 2 && s[0] == '0' && s[1] == 'o' && s[2] >= '0' && s[2] <= '7':
		n = 2
		for n < len(s) && s[n] >= '0' && s[n] <= '7' {
			n++
		}
		base = 8
	default:
		for n < len(s) && isDigit(s[n]) {
			n++
		}
		if n+1 < len(s) && s[n] == '.' && isDigit(s[n+1]) {
			n++
			for n < len(s) && isDigit(s[n]) {
				n++
			}
			text := string(s[:n])
			l.advance(n)
			f, err := strconv.ParseFloat(text, 64)
			if err != nil {
				f = math.Inf(1)
			}
			return Token{Kind: Float, Pos: p, Text: text, Value: f}
		}
	}
	digits := string(s[:n])
	mult := int64(1)
	if base == 10 && n+1 < len(s) && (s[n] == 'K' || s[n] == 'M') && s[n+1] == 'B' {
		if s[n] == 'K' {
			mult = 1024
		} else {
			mult = 1024 * 1024
		}
		n += 2
	}
	text := string(s[:n])
	l.advance(n)
	if base != 10 {
		digits = digits[2:]
	}
	v, err := strconv.ParseInt(digits, base, 64)
	if err == nil && mult > 1 {
		if v > math.MaxInt64/mult {
			err = strconv.ErrRange
		}
		v *= mult
	}
	if err != nil {
		e := l.errorf(p, "integer overflow in \""+text+"\"")
		return Token{Kind: Illegal, Pos: p, Text: text, Value: e}
	}
	return Token{Kind: Number, Pos: p, Text: text, Value: v}
}

// text lexes a double-quoted string with yara's escapes \" \\ \t \n \r \xNN.
func (l *Lexer) text(p Pos) Token {
	l.advance(1)
	start := l.off
	var val []byte
	for {
		if l.off >= len(l.src) {
			// As in flex, end of input inside a string ends the input.
			return Token{Kind: EOF, Pos: p}
		}
		if l.src[l.off] == '\n' {
			// Reported at the opening quote. (yara reports the line of
			// whichever token its parser last read, which may be the next
			// line.)
			e := l.errorf(p, "unterminated string")
			return Token{Kind: Illegal, Pos: p, Text: string(l.src[start:l.off]), Value: e}
		}
		c := l.src[l.off]
		if c == '"' {
			text := string(l.src[start:l.off])
			l.advance(1)
			if val == nil {
				val = []byte{}
			}
			return Token{Kind: Text, Pos: p, Text: text, Value: val}
		}
		if c != '\\' {
			val = append(val, c)
			l.advance(1)
			continue
		}
		ep := l.pos()
		switch l.peekAt(1) {
		case '"', '\\':
			val = append(val, l.peekAt(1))
			l.advance(2)
		case 't':
			val = append(val, '\t')
			l.advance(2)
		case 'n':
			val = append(val, '\n')
			l.advance(2)
		case 'r':
			val = append(val, '\r')
			l.advance(2)
		case 'x':
			if isHexDigit(l.peekAt(2)) && isHexDigit(l.peekAt(3)) {
				b, _ := strconv.ParseUint(string(l.src[l.off+2:l.off+4]), 16, 8)
				val = append(val, byte(b))
				l.advance(4)
				continue
			}
			fallthrough
		default:
			e := l.errorf(ep, "illegal escape sequence")
			// Skip to the end of the string so that lexing resumes after it.
			l.advance(1)
			for l.off < len(l.src) && l.src[l.off] != '"' && l.src[l.off] != '\n' {
				if l.src[l.off] == '\\' {
					l.advance(1)
				}
				l.advance(1)
			}
			if l.off < len(l.src) && l.src[l.off] == '"' {
				l.advance(1)
			}
			return Token{Kind: Illegal, Pos: p, Value: e}
		}
	}
}

// regexp lexes /body/flags. As in yara's scanner the body ends at the first
// '/' that is not escaped by a backslash (character classes are not
// special); "\/" stands for '/', other escapes are kept for the regexp
// parser. Flags are "i", "s" or "is", in that order only.
func (l *Lexer) regexp(p Pos) Token {
	l.advance(1)
	start := l.off
	var body strings.Builder
	for {
		if l.off >= len(l.src) {
			return Token{Kind: EOF, Pos: p}
		}
		if l.src[l.off] == '\n' {
			e := l.errorf(p, "unterminated regular expression")
			return Token{Kind: Illegal, Pos: p, Text: string(l.src[start:l.off]), Value: e}
		}
		c := l.src[l.off]
		if c == '/' {
			break
		}
		if c == '\\' && l.off+1 < len(l.src) && l.src[l.off+1] != '\n' {
			if l.src[l.off+1] == '/' {
				body.WriteByte('/')
			} else {
				body.Write(l.src[l.off : l.off+2])
			}
			l.advance(2)
			continue
		}
		body.WriteByte(c)
		l.advance(1)
	}
	text := string(l.src[start:l.off])
	l.advance(1)
	flags := ""
	if l.peekAt(0) == 'i' {
		flags += "i"
		l.advance(1)
	}
	if l.peekAt(0) == 's' {
		flags += "s"
		l.advance(1)
	}
	return Token{Kind: Regexp, Pos: p, Text: text, Value: body.String(), Flags: flags}
}
