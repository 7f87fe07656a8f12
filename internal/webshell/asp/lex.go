package asp

import (
	"bytes"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// tkind is a token kind.
type tkind uint8

const (
	tEOF   tkind = iota
	tNL          // end of a VBScript statement (newline or ':')
	tIdent       // identifier or keyword; low holds it in lower case
	tStr         // string literal; s holds its value
	tNum         // number literal; n holds its value
	tOp          // operator or punctuation; s holds it
	tRegex       // JScript regular expression literal; s pattern, low flags
)

// token is one lexical token.
type token struct {
	k    tkind
	nl   bool // JScript: a line break precedes the token
	s    string
	low  string
	n    float64
	line int
}

// maxTokens bounds the tokens of one block.
const maxTokens = 4 << 20

// gbkLead reports a byte that starts a double-byte character in GBK and
// similar code pages when src is not UTF-8.
func gbkLead(src []byte, i int, utf bool) bool {
	return !utf && src[i] >= 0x81 && src[i] != 0xFF && i+1 < len(src) && src[i+1] >= 0x40
}

// curlyQuote reports a typographic double quote at src[i] (UTF-8 or GBK),
// which copies of webshells published on web pages carry in place of '"'.
// It returns its length and whether it opens.
func curlyQuote(src []byte, i int) (n int, open bool) {
	if i+2 < len(src) && src[i] == 0xE2 && src[i+1] == 0x80 && (src[i+2] == 0x9C || src[i+2] == 0x9D) {
		return 3, src[i+2] == 0x9C
	}
	if i+1 < len(src) && src[i] == 0xA1 && (src[i+1] == 0xB0 || src[i+1] == 0xB1) {
		return 2, src[i+1] == 0xB0
	}
	return 0, false
}

// lexVB splits VBScript source into tokens; line is the line of src[0].
// It never fails: unknown bytes become operator tokens.
func lexVB(src []byte, line int) []token {
	// About one token per four bytes of code: sized once rather than
	// grown by doubling (the tokens of a large page are megabytes).
	return lexVBTo(newToks(lexCap(len(src))), src, line)
}

// spareToks keeps a few token slices for reuse (see freeToks): the
// tokens of a page are megabytes of pointers, needed only until it is
// parsed, and allocating them anew for every page and every piece of
// code it executes made the collector run far more often. Not a
// sync.Pool: a pool is emptied by every collection, which comes every
// few pages.
var spareToks struct {
	sync.Mutex
	toks [4][]token
}

// maxSpareToks bounds the capacity of a token slice kept for reuse (the
// tokens of about 256 KB of code, 3.5 MB).
const maxSpareToks = 1 << 16

// newToks returns an empty token slice of capacity n or more: the
// smallest one kept that is large enough, or a new one.
func newToks(n int) []token {
	spareToks.Lock()
	best := -1
	for i, t := range spareToks.toks {
		if cap(t) >= n && (best < 0 || cap(t) < cap(spareToks.toks[best])) {
			best = i
		}
	}
	if best >= 0 {
		t := spareToks.toks[best]
		spareToks.toks[best] = nil
		spareToks.Unlock()
		return t
	}
	spareToks.Unlock()
	if n <= maxSpareToks {
		// A power of two, so that one slice kept serves the pages of
		// about its size and all the smaller code they execute.
		n = max(1<<10, 1<<bits.Len(uint(n-1)))
	}
	return make([]token, 0, n)
}

// freeToks gives back a token slice of newToks that nothing uses any
// more (a parser's output keeps no token), to be kept in place of the
// smallest one kept if it is larger. What it held is cleared first, so
// that it does not stay reachable: the tokens up to its length, and the
// one after (the end token a caller may have cut off); nothing writes
// further (the slices are only appended to).
func freeToks(t []token) {
	if cap(t) == 0 || cap(t) > maxSpareToks {
		return
	}
	clear(t[:min(len(t)+1, cap(t))])
	spareToks.Lock()
	small := 0
	for i, s := range spareToks.toks {
		if cap(s) < cap(spareToks.toks[small]) {
			small = i
		}
	}
	if cap(spareToks.toks[small]) < cap(t) {
		spareToks.toks[small] = t[:0]
	}
	spareToks.Unlock()
}

// lexCap is the token capacity to reserve for n bytes of code.
func lexCap(n int) int { return min(n/4+8, maxTokens) }

// lexVBTo is lexVB appending to dst: a page's blocks are lexed into one
// slice instead of each into its own and then copied.
func lexVBTo(dst []token, src []byte, line int) []token {
	return lexVBWords(dst, src, line, nil)
}

// lexVBWords is lexVBTo with the spellings of identifiers already made
// (nil: none): the blocks of a page share them, as a page of hundreds of
// "<% %>" blocks names the same identifiers in each.
func lexVBWords(dst []token, src []byte, line int, words map[string]spelling) []token {
	utf := utf8.Valid(src)
	base := len(dst)
	toks := dst
	emit := func(t token) {
		if len(toks)-base < maxTokens {
			toks = append(toks, t)
		}
	}
	atStmtStart := true
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			emit(token{k: tNL, line: line})
			line++
			i++
			atStmtStart = true
			continue
		case c == '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
				continue
			}
			emit(token{k: tNL, line: line})
			i++
			atStmtStart = true
			continue
		case c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == 0:
			i++
			for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
				i++ // indentation: a run at once
			}
			continue
		case identLetter[c] || c == '_' && !lineContinuation(src, i) || c >= 0x80 && !(c == 0xC2 && i+1 < len(src) && src[i+1] == 0xA0):
			// An identifier (or a typographic quote): first, as the
			// commonest token. The line continuation and the no-break
			// space, which also start with these bytes, are below.
			n := 0
			if c >= 0x80 {
				n, _ = curlyQuote(src, i)
			}
			if n > 0 {
				var str string
				str, i = curlyString(src, i+n, true)
				emit(token{k: tStr, s: str, line: line})
				break
			}
			j := i
			for j < len(src) && identASCII[src[j]] {
				j++ // the common case: ASCII letters, digits and '_'
			}
			for j < len(src) && (isIdentPart(src[j]) || src[j] >= 0x80) {
				if src[j] < 0x80 {
					j++
					continue // neither a curly quote nor a no-break space
				}
				if _, open := curlyQuote(src, j); open || j > i && src[j] == 0xC2 && j+1 < len(src) && src[j+1] == 0xA0 {
					break
				}
				j++
			}
			// A page names the same few identifiers thousands of times:
			// each spelling is made into strings once per source.
			w, ok := words[string(src[i:j])]
			if !ok {
				w.s = string(src[i:j])
				w.low = lower(w.s)
				if words == nil {
					words = map[string]spelling{}
				}
				words[w.s] = w
			}
			word, low := w.s, w.low
			if low == "rem" && atStmtStart && (j >= len(src) || src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r' || src[j] == ':') {
				i = lineEnd(src, j)
				continue
			}
			emit(token{k: tIdent, s: word, low: low, line: line})
			i = j
		case c == 0xC2 && i+1 < len(src) && src[i+1] == 0xA0: // NBSP
			i += 2
			continue
		case c == ':':
			emit(token{k: tNL, s: ":", line: line})
			i++
			atStmtStart = true
			continue
		case c == '\'':
			i = lineEnd(src, i)
			continue
		case c == '_' && lineContinuation(src, i):
			for i < len(src) && src[i] != '\n' {
				i++
			}
			if i < len(src) {
				i++
				line++
			}
			continue
		case c == '"':
			j := i + 1
			// Most strings have no doubled quote: their text is their
			// bytes (a GBK trail byte is never '"' or a line break, so
			// the first of those ends the string either way).
			// The first '"' or line break: two fast scans (encoded
			// payloads are strings of tens of kilobytes).
			end := len(src)
			if k := bytes.IndexByte(src[j:], '"'); k >= 0 {
				end = j + k
			}
			if k := bytes.IndexByte(src[j:end], '\n'); k >= 0 {
				end = j + k
			}
			j = end
			if j == len(src) || src[j] == '\n' || j+1 == len(src) || src[j+1] != '"' {
				emit(token{k: tStr, s: string(src[i+1 : j]), line: line})
				if j < len(src) && src[j] == '"' {
					j++
				}
				i = j
				break
			}
			j = i + 1
			var b strings.Builder
			// The text ends at the line end at the latest: one
			// allocation, not one per doubling (encoded payloads with
			// doubled quotes are tens of kilobytes).
			if k := bytes.IndexByte(src[j:], '\n'); k >= 0 {
				b.Grow(k)
			} else {
				b.Grow(len(src) - j)
			}
			for j < len(src) {
				if src[j] == '"' {
					if j+1 < len(src) && src[j+1] == '"' {
						b.WriteByte('"')
						j += 2
						continue
					}
					j++
					break
				}
				if src[j] == '\n' {
					break // unterminated: VBScript stops at the line end
				}
				if gbkLead(src, j, utf) {
					b.WriteByte(src[j])
					j++
				}
				b.WriteByte(src[j])
				j++
			}
			emit(token{k: tStr, s: b.String(), line: line})
			i = j
		case c == '#' && dateLiteral(src, i):
			j := i + 1
			for src[j] != '#' {
				j++
			}
			emit(token{k: tStr, s: string(src[i+1 : j]), line: line})
			i = j + 1
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9' && !prevIsOperand(toks[base:]):
			j := i
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.') {
				j++
			}
			if j < len(src) && (src[j] == 'e' || src[j] == 'E') && j+1 < len(src) && (src[j+1] >= '0' && src[j+1] <= '9' || (src[j+1] == '-' || src[j+1] == '+') && j+2 < len(src) && src[j+2] >= '0' && src[j+2] <= '9') {
				j += 2
				for j < len(src) && src[j] >= '0' && src[j] <= '9' {
					j++
				}
			}
			n, _ := strconv.ParseFloat(string(src[i:j]), 64)
			for j < len(src) && strings.IndexByte("%&!#@", src[j]) >= 0 && !(src[j] == '&' && j+1 < len(src) && isIdentStart(src[j+1])) {
				j++ // type suffix
			}
			emit(token{k: tNum, n: n, line: line})
			i = j
		case c == '&' && i+2 < len(src) && (src[i+1] == 'h' || src[i+1] == 'H') && isHex(src[i+2]):
			j := i + 2
			for j < len(src) && isHex(src[j]) {
				j++
			}
			v, _ := strconv.ParseUint(string(src[i+2:min(j, i+2+16)]), 16, 64)
			n := float64(v)
			if j-(i+2) <= 4 && v >= 0x8000 && !(j < len(src) && src[j] == '&') {
				n = float64(int16(v)) // &HFFFF is -1 (Integer)
			} else if j-(i+2) <= 8 && v >= 0x80000000 {
				n = float64(int32(v))
			}
			if j < len(src) && src[j] == '&' {
				j++
			}
			emit(token{k: tNum, n: n, line: line})
			i = j
		case c == '&' && i+2 < len(src) && (src[i+1] == 'o' || src[i+1] == 'O') && src[i+2] >= '0' && src[i+2] <= '7':
			j := i + 2
			for j < len(src) && src[j] >= '0' && src[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(string(src[i+2:min(j, i+2+20)]), 8, 64)
			emit(token{k: tNum, n: float64(v), line: line})
			i = j
		case c == '[':
			j := i + 1
			for j < len(src) && src[j] != ']' && src[j] != '\n' {
				j++
			}
			name := string(src[i+1 : j])
			emit(token{k: tIdent, s: name, low: lower(name), line: line})
			i = min(j+1, len(src))
		default:
			op := opString(c)
			if i+1 < len(src) {
				switch string(src[i : i+2]) {
				case "<>":
					op = "<>"
				case "<=":
					op = "<="
				case ">=":
					op = ">="
				case "=<":
					op = "=<"
				case "=>":
					op = "=>"
				case "><":
					op = "><"
				}
			}
			emit(token{k: tOp, s: op, line: line})
			i += len(op)
		}
		atStmtStart = false
	}
	emit(token{k: tEOF, line: line})
	return toks
}

// asciiChars holds every ASCII character, in order: opString slices it.
const asciiChars = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f" +
	"\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f" +
	" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\x7f"

// opString is string(rune(c)) without an allocation for ASCII: every
// punctuation byte of a page is an operator token.
func opString(c byte) string {
	if c < 0x80 {
		return asciiChars[c : c+1]
	}
	return string(rune(c))
}

// spelling is an identifier as written and in lower case.
type spelling struct{ s, low string }

// lineContinuation reports "_" followed by optional blanks and a line
// break, preceded by a blank (or at the start of the source).
func lineContinuation(src []byte, i int) bool {
	if i > 0 && src[i-1] != ' ' && src[i-1] != '\t' {
		return false
	}
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case ' ', '\t':
			continue
		case '\r', '\n':
			return true
		}
		return false
	}
	return true
}

// dateLiteral reports a VBScript date literal "#1/2/2003#" at src[i].
func dateLiteral(src []byte, i int) bool {
	for j := i + 1; j < len(src) && j < i+40; j++ {
		c := src[j]
		if c == '#' {
			return j > i+1
		}
		if !(c >= '0' && c <= '9' || c == '/' || c == '-' || c == ':' || c == ' ' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return false
}

func prevIsOperand(toks []token) bool {
	if len(toks) == 0 {
		return false
	}
	t := toks[len(toks)-1]
	return t.k == tIdent || t.k == tNum || t.k == tStr || t.k == tOp && (t.s == ")" || t.s == "]")
}

// curlyString reads a string opened by a typographic quote, from j just
// after it, to the closing typographic quote (or, with straight, a '"'
// too) or the end of the line. It returns the text and the index after
// the string.
func curlyString(src []byte, j int, straight bool) (string, int) {
	var b strings.Builder
	for j < len(src) && src[j] != '\n' {
		if m, open := curlyQuote(src, j); m > 0 && !open {
			return b.String(), j + m
		}
		if straight && src[j] == '"' {
			return b.String(), j + 1
		}
		b.WriteByte(src[j])
		j++
	}
	return b.String(), j
}

// lineEnd returns the index of the first line break ('\n' or '\r') of
// src at or after i, or len(src).
func lineEnd(src []byte, i int) int {
	end := len(src)
	if k := bytes.IndexByte(src[i:], '\n'); k >= 0 {
		end = i + k
	}
	if k := bytes.IndexByte(src[i:end], '\r'); k >= 0 {
		end = i + k
	}
	return end
}

// identLetter marks the ASCII letters.
var identLetter = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-32] = true, true
	}
	return t
}()

// identASCII marks the ASCII bytes isIdentPart accepts.
var identASCII = func() (t [256]bool) {
	for c := range 0x80 {
		t[c] = isIdentPart(byte(c))
	}
	return t
}()

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9'
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// jsPunct lists JScript punctuators, longest first.
var jsPunct = []string{
	">>>=", "===", "!==", ">>>", "<<=", ">>=", "**=",
	"==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>", "**",
}

// lexJS splits JScript source into tokens; line is the line of src[0].
// Regular expressions are recognised where an operand is expected.
func lexJS(src []byte, line int) []token {
	utf := utf8.Valid(src)
	// About one token per four bytes of code: sized once rather than
	// grown by doubling (the tokens of a large page are megabytes).
	toks := newToks(min(len(src)/4+8, maxTokens))
	nl := false
	emit := func(t token) {
		t.nl = nl
		nl = false
		if len(toks) < maxTokens {
			toks = append(toks, t)
		}
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			line++
			nl = true
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0:
			i++
		case c == 0xC2 && i+1 < len(src) && src[i+1] == 0xA0:
			i += 2
		case c == '/' && i+1 < len(src) && src[i+1] == '/':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			j := i + 2
			for j+1 < len(src) && !(src[j] == '*' && src[j+1] == '/') {
				if src[j] == '\n' {
					line++
					nl = true
				}
				j++
			}
			i = min(j+2, len(src))
		case c == '<' && i+3 < len(src) && string(src[i:i+4]) == "<!--":
			for i < len(src) && src[i] != '\n' {
				i++ // HTML comment opener: a line comment in JScript
			}
		case c == '"' || c == '\'':
			j := i + 1
			var b strings.Builder
			for j < len(src) && src[j] != c && src[j] != '\n' {
				if src[j] == '\\' && j+1 < len(src) {
					j = jsEscape(src, j, &b)
					continue
				}
				if gbkLead(src, j, utf) {
					b.WriteByte(src[j])
					j++
				}
				b.WriteByte(src[j])
				j++
			}
			emit(token{k: tStr, s: b.String(), line: line})
			i = min(j+1, len(src))
		case c == '/' && !jsOperandBefore(toks):
			// Regular expression literal.
			j := i + 1
			class := false
			for j < len(src) && src[j] != '\n' {
				if src[j] == '\\' {
					j += 2
					continue
				}
				if src[j] == '[' {
					class = true
				} else if src[j] == ']' {
					class = false
				} else if src[j] == '/' && !class {
					break
				}
				j++
			}
			if j >= len(src) || src[j] != '/' {
				emit(token{k: tOp, s: "/", line: line})
				i++
				break
			}
			pat := string(src[i+1 : j])
			j++
			k := j
			for k < len(src) && isIdentPart(src[k]) {
				k++
			}
			emit(token{k: tRegex, s: pat, low: string(src[j:k]), line: line})
			i = k
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			j := i
			var n float64
			if c == '0' && i+1 < len(src) && (src[i+1] == 'x' || src[i+1] == 'X') {
				j = i + 2
				for j < len(src) && isHex(src[j]) {
					j++
				}
				v, _ := strconv.ParseUint(string(src[i+2:min(j, i+18)]), 16, 64)
				n = float64(v)
			} else {
				for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.') {
					j++
				}
				if j < len(src) && (src[j] == 'e' || src[j] == 'E') {
					k := j + 1
					if k < len(src) && (src[k] == '+' || src[k] == '-') {
						k++
					}
					if k < len(src) && src[k] >= '0' && src[k] <= '9' {
						for k < len(src) && src[k] >= '0' && src[k] <= '9' {
							k++
						}
						j = k
					}
				}
				n, _ = strconv.ParseFloat(string(src[i:j]), 64)
			}
			emit(token{k: tNum, n: n, line: line})
			i = j
		case isIdentStart(c) || c == '$' || c >= 0x80:
			if n, _ := curlyQuote(src, i); n > 0 {
				var str string
				str, i = curlyString(src, i+n, false)
				emit(token{k: tStr, s: str, line: line})
				break
			}
			j := i
			for j < len(src) && (isIdentPart(src[j]) || src[j] == '$' || src[j] >= 0x80) {
				if src[j] < 0x80 {
					j++
					continue // neither a curly quote nor a no-break space
				}
				if _, open := curlyQuote(src, j); open || j > i && src[j] == 0xC2 && j+1 < len(src) && src[j+1] == 0xA0 {
					break
				}
				j++
			}
			word := string(src[i:j])
			emit(token{k: tIdent, s: word, low: lower(word), line: line})
			i = j
		default:
			op := opString(c)
			for _, p := range jsPunct {
				if i+len(p) <= len(src) && string(src[i:i+len(p)]) == p {
					op = p
					break
				}
			}
			emit(token{k: tOp, s: op, line: line})
			i += len(op)
		}
	}
	nl = true
	emit(token{k: tEOF, line: line})
	return toks
}

// jsOperandBefore reports whether the previous token ends an operand,
// making '/' division rather than the start of a regular expression.
func jsOperandBefore(toks []token) bool {
	if len(toks) == 0 {
		return false
	}
	t := toks[len(toks)-1]
	switch t.k {
	case tNum, tStr, tRegex:
		return true
	case tIdent:
		switch t.low {
		case "return", "typeof", "case", "in", "delete", "void", "throw", "new", "else", "do", "instanceof":
			return false
		}
		return true
	case tOp:
		return t.s == ")" || t.s == "]"
	}
	return false
}

// jsEscape decodes the escape sequence at src[j] ('\\') into b and
// returns the index after it.
func jsEscape(src []byte, j int, b *strings.Builder) int {
	e := src[j+1]
	switch e {
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case 'b':
		b.WriteByte('\b')
	case 'f':
		b.WriteByte('\f')
	case 'v':
		b.WriteByte('\v')
	case '0':
		b.WriteByte(0)
	case '\n':
	case 'x':
		if j+3 < len(src) && isHex(src[j+2]) && isHex(src[j+3]) {
			v, _ := strconv.ParseUint(string(src[j+2:j+4]), 16, 8)
			b.WriteRune(rune(v))
			return j + 4
		}
		b.WriteByte('x')
	case 'u':
		if j+5 < len(src) && isHex(src[j+2]) && isHex(src[j+3]) && isHex(src[j+4]) && isHex(src[j+5]) {
			v, _ := strconv.ParseUint(string(src[j+2:j+6]), 16, 16)
			b.WriteRune(rune(v))
			return j + 6
		}
		b.WriteByte('u')
	default:
		b.WriteByte(e)
	}
	return j + 2
}
