package aspx

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tkind is a token's kind. The three languages share one token model so
// that one expression parser and one evaluator serve them all.
type tkind uint8

const (
	tEOF   tkind = iota
	tIdent       // s: lower-case name (all three languages are matched without case); raw: as written
	tStr         // s: the decoded value
	tChar        // s: the decoded character
	tNum         // n: the value of an integer literal; s: as written
	tOp          // s: the operator or punctuation
	tNL          // VB: end of a statement (line break or ':')
)

type token struct {
	k    tkind
	s    string
	raw  string
	n    int64
	off  int32 // byte offset in the page text
	line int32
	sp   bool // whitespace before the token
}

// maxTokens bounds one lexed piece of code.
const maxTokens = 1 << 21

// lexer turns src[i:end] into tokens of one language.
type lexer struct {
	src  []byte
	i    int
	end  int
	line int
	lang language
	dbcs bool
	toks []token
	sp   bool
	// base, when >= 0, places every token at this offset and line: code
	// that was decoded from a string constant has no place of its own.
	base     int
	baseLine int
	// text is src[textOff:end] as a string: names are cut from it rather
	// than each copied from src.
	text    string
	textOff int
	// lower maps a name as written to its lower-case form, made once per
	// spelling (Response, Request, ... recur throughout a page).
	lower map[string]string
}

// lex tokenizes src[start:end] as lang; line is the line of start.
func lex(src []byte, start, end, line int, lang language, dbcs bool) []token {
	end = min(end, len(src))
	start = min(start, end)
	lx := &lexer{src: src, i: start, end: end, line: line, lang: lang, dbcs: dbcs, base: -1,
		text: string(src[start:end]), textOff: start, toks: make([]token, 0, tokensFor(end-start))}
	lx.run()
	return lx.toks
}

// lexString tokenizes code held in a string value, all tokens placed at
// off/line (the place of the call that runs it).
func lexString(code string, lang language, off, line int) []token {
	b := []byte(code)
	lx := &lexer{src: b, i: 0, end: len(b), line: line, lang: lang, base: off, baseLine: line,
		text: code, toks: make([]token, 0, tokensFor(len(b)))}
	lx.run()
	return lx.toks
}

// tokensFor is the token capacity to reserve for n bytes of code (about
// one token per five bytes, with room to spare).
func tokensFor(n int) int { return min(n/4+16, maxTokens) }

// slice returns src[i:j] as a string, without a copy.
func (lx *lexer) slice(i, j int) string { return lx.text[i-lx.textOff : j-lx.textOff] }

// lowerName returns strings.ToLower(name), made once per spelling.
func (lx *lexer) lowerName(name string) string {
	if !hasUpperASCII(name) {
		if isASCII(name) {
			return name // what strings.ToLower returns, without its scan
		}
		return strings.ToLower(name) // name itself, unless it holds non-ASCII letters
	}
	if l, ok := lx.lower[name]; ok {
		return l
	}
	if lx.lower == nil {
		lx.lower = map[string]string{}
	}
	l := strings.ToLower(name)
	lx.lower[name] = l
	return l
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func hasUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return true
		}
	}
	return false
}

func (lx *lexer) emit(t token, off int) {
	if len(lx.toks) >= maxTokens {
		return
	}
	if lx.base >= 0 {
		t.off, t.line = int32(lx.base), int32(lx.baseLine)
	} else {
		t.off, t.line = int32(off), int32(lx.line)
	}
	t.sp = lx.sp
	lx.sp = false
	lx.toks = append(lx.toks, t)
}

func (lx *lexer) peek(k int) byte {
	if lx.i+k < lx.end {
		return lx.src[lx.i+k]
	}
	return 0
}

func (lx *lexer) run() {
	for lx.i < lx.end && len(lx.toks) < maxTokens {
		c := lx.src[lx.i]
		switch {
		case c == '\n':
			lx.line++
			lx.i++
			lx.sp = true
			if lx.lang == langVB {
				lx.newline()
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == 0:
			lx.i++
			lx.sp = true
		case c >= 0x80:
			lx.unicode()
		case isIdentStart(c) || c == '\\' && lx.peek(1) == 'u' && lx.lang != langVB:
			lx.ident()
		case c >= '0' && c <= '9' || c == '.' && lx.peek(1) >= '0' && lx.peek(1) <= '9':
			lx.number()
		default:
			switch lx.lang {
			case langVB:
				lx.vbPunct(c)
			default:
				lx.bracePunct(c)
			}
		}
	}
	if lx.lang == langVB {
		lx.newline()
	}
}

func isIdentStart(c byte) bool { return isASCIILetter(c) || c == '_' }
func isIdentChar(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' }

// newline ends a VB statement, once.
func (lx *lexer) newline() {
	if n := len(lx.toks); n == 0 || lx.toks[n-1].k == tNL {
		return
	}
	lx.emit(token{k: tNL, s: "\n"}, lx.i)
}

// unicode handles a non-ASCII character outside literals: typographic
// quotes open strings (VB accepts them; pasted shells carry them),
// Unicode spaces separate, letters are identifier characters, and bytes
// of a legacy encoding are taken as identifier characters.
func (lx *lexer) unicode() {
	r, n := utf8.DecodeRune(lx.src[lx.i:lx.end])
	switch {
	case r == utf8.RuneError && n <= 1 && lx.gbkQuote(lx.i):
		lx.str(2, '"', lx.lang == langVB)
	case r == utf8.RuneError && n <= 1:
		lx.ident()
	case r == '\u201c' || r == '\u201d' || r == '\u201e':
		lx.str(n, '"', lx.lang == langVB)
	case (r == '\u2018' || r == '\u2019') && lx.lang == langVB:
		lx.lineComment()
	case r == '\u2018' || r == '\u2019':
		lx.str(n, '\'', false)
	case unicode.IsSpace(r) || r == '\ufeff' || r == '\u200b':
		lx.i += n
		lx.sp = true
	case unicode.IsLetter(r):
		lx.ident()
	default:
		lx.i += n
		lx.sp = true
	}
}

func (lx *lexer) ident() {
	start := lx.i
	// Most names are ASCII letters and digits only: cut them from the text.
	j := start
	for j < lx.end && isIdentChar(lx.src[j]) {
		j++
	}
	if j > start && (j == lx.end || lx.src[j] != '\\' && lx.src[j] < 0x80) {
		lx.i = j
		raw := lx.slice(start, j)
		lx.identEnd(start, raw, raw)
		return
	}
	var b strings.Builder
	escaped := false
	for lx.i < lx.end {
		c := lx.src[lx.i]
		switch {
		case isIdentChar(c):
			b.WriteByte(c)
			lx.i++
			continue
		case c == '\\' && lx.lang != langVB && lx.peek(1) == 'u':
			if r, n := hexRune(lx.src[lx.i+2:lx.end], 4); n == 4 {
				b.WriteRune(r)
				lx.i += 6
				escaped = true
				continue
			}
		case c >= 0x80:
			r, n := utf8.DecodeRune(lx.src[lx.i:lx.end])
			if r == utf8.RuneError && n <= 1 {
				b.WriteByte(c)
				lx.i++
				continue
			}
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Pc, r) {
				b.WriteString(string(r))
				lx.i += n
				continue
			}
		}
		break
	}
	if lx.i == start {
		lx.i++ // a lone backslash
		return
	}
	raw := lx.slice(start, lx.i)
	name := b.String()
	if escaped {
		raw = name
	}
	lx.identEnd(start, name, raw)
}

// identEnd emits the name read from start (raw as written), or handles
// what VB spells as names (line continuation, Rem comments).
func (lx *lexer) identEnd(start int, name, raw string) {
	if lx.lang == langVB && lx.i < lx.end && lx.src[lx.i] == '$' {
		lx.i++ // type character: Chr$, Left$
	}
	if name == "_" && lx.lang == langVB {
		// line continuation: " _" at the end of a line
		k := lx.i
		for k < lx.end && (lx.src[k] == ' ' || lx.src[k] == '\t' || lx.src[k] == '\r') {
			k++
		}
		if k >= lx.end || lx.src[k] == '\n' || lx.src[k] == '\'' {
			for k < lx.end && lx.src[k] != '\n' {
				k++
			}
			if k < lx.end {
				k++
				lx.line++
			}
			lx.i = k
			lx.sp = true
			return
		}
	}
	if strings.EqualFold(name, "rem") && lx.lang == langVB {
		lx.lineComment()
		return
	}
	lx.emit(token{k: tIdent, s: lx.lowerName(name), raw: raw}, start)
}

func hexRune(b []byte, n int) (rune, int) {
	if len(b) < n {
		return 0, 0
	}
	v, err := strconv.ParseUint(string(b[:n]), 16, 32)
	if err != nil {
		return 0, 0
	}
	return rune(v), n
}

func (lx *lexer) number() {
	start := lx.i
	if lx.src[lx.i] == '0' && (lx.peek(1)|0x20 == 'x' || lx.peek(1)|0x20 == 'b') {
		base := 16
		if lx.peek(1)|0x20 == 'b' {
			base = 2
		}
		lx.i += 2
		ds := lx.i
		for lx.i < lx.end && (isHex(lx.src[lx.i]) || lx.src[lx.i] == '_') {
			lx.i++
		}
		v, _ := strconv.ParseInt(strings.ReplaceAll(string(lx.src[ds:lx.i]), "_", ""), base, 64)
		lx.suffix()
		lx.emit(token{k: tNum, n: v, s: string(lx.src[start:lx.i])}, start)
		return
	}
	for lx.i < lx.end && (lx.src[lx.i] >= '0' && lx.src[lx.i] <= '9' || lx.src[lx.i] == '_') {
		lx.i++
	}
	intEnd := lx.i
	if lx.i < lx.end && lx.src[lx.i] == '.' && lx.peek(1) >= '0' && lx.peek(1) <= '9' {
		lx.i++
		for lx.i < lx.end && lx.src[lx.i] >= '0' && lx.src[lx.i] <= '9' {
			lx.i++
		}
	}
	if lx.i < lx.end && lx.src[lx.i]|0x20 == 'e' && (lx.peek(1) >= '0' && lx.peek(1) <= '9' || (lx.peek(1) == '-' || lx.peek(1) == '+') && lx.peek(2) >= '0' && lx.peek(2) <= '9') {
		lx.i += 2
		for lx.i < lx.end && lx.src[lx.i] >= '0' && lx.src[lx.i] <= '9' {
			lx.i++
		}
	}
	v, _ := strconv.ParseInt(strings.ReplaceAll(string(lx.src[start:intEnd]), "_", ""), 10, 64)
	lx.suffix()
	lx.emit(token{k: tNum, n: v, s: string(lx.src[start:lx.i])}, start)
}

func (lx *lexer) suffix() {
	for lx.i < lx.end && isASCIILetter(lx.src[lx.i]) {
		switch lx.src[lx.i] | 0x20 {
		case 'u', 'l', 'm', 'f', 'd', 's', 'i', 'r', 'c':
			lx.i++
			continue
		}
		break
	}
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f'
}

// gbkQuote reports a GBK typographic double quote (A1 B0, A1 B1) at i.
func (lx *lexer) gbkQuote(i int) bool {
	return lx.dbcs && i+1 < lx.end && lx.src[i] == 0xA1 && (lx.src[i+1] == 0xB0 || lx.src[i+1] == 0xB1)
}

func (lx *lexer) lineComment() {
	if lx.i < lx.end {
		if k := bytes.IndexByte(lx.src[lx.i:lx.end], '\n'); k >= 0 {
			lx.i += k
		} else {
			lx.i = lx.end
		}
	}
	lx.sp = true
}

func (lx *lexer) blockComment() {
	lx.i += 2
	for lx.i < lx.end {
		if lx.src[lx.i] == '*' && lx.peek(1) == '/' {
			lx.i += 2
			lx.sp = true
			return
		}
		if lx.src[lx.i] == '\n' {
			lx.line++
		}
		lx.i++
	}
}

// str reads a string literal whose opening delimiter is n bytes at lx.i.
// vbStyle: "" is a quote and there are no escapes; otherwise C-style
// escapes. Typographic quotes close it too.
func (lx *lexer) str(n int, q byte, vbStyle bool) {
	start := lx.i
	lx.i += n
	var b strings.Builder
	for lx.i < lx.end {
		c := lx.src[lx.i]
		if c == '\n' {
			if !vbStyle && lx.lang != langJS {
				break // C# regular strings end at a line break (unterminated)
			}
			if lx.lang == langJS {
				break
			}
			lx.line++
		}
		if c == q {
			if vbStyle && lx.peek(1) == q {
				b.WriteByte(q)
				lx.i += 2
				continue
			}
			lx.i++
			lx.endStr(b.String(), start, vbStyle)
			return
		}
		if c >= 0x80 {
			r, m := utf8.DecodeRune(lx.src[lx.i:lx.end])
			if r == '\u201c' || r == '\u201d' {
				lx.i += m
				lx.endStr(b.String(), start, vbStyle)
				return
			}
			if r == utf8.RuneError && m <= 1 && lx.gbkQuote(lx.i) {
				lx.i += 2
				lx.endStr(b.String(), start, vbStyle)
				return
			}
			if r == utf8.RuneError && m <= 1 && lx.dbcs && c >= 0x81 && lx.i+1 < lx.end {
				b.WriteByte(c)
				b.WriteByte(lx.src[lx.i+1])
				lx.i += 2
				continue
			}
			b.WriteString(string(lx.src[lx.i : lx.i+m]))
			lx.i += m
			continue
		}
		if c == '\\' && !vbStyle {
			lx.escape(&b)
			continue
		}
		b.WriteByte(c)
		lx.i++
	}
	lx.endStr(b.String(), start, vbStyle)
}

func (lx *lexer) endStr(s string, start int, vbStyle bool) {
	if vbStyle && lx.i < lx.end && lx.src[lx.i]|0x20 == 'c' && (lx.i+1 >= lx.end || !isIdentChar(lx.src[lx.i+1])) {
		lx.i++
		lx.emit(token{k: tChar, s: s}, start)
		return
	}
	lx.emit(token{k: tStr, s: s}, start)
}

// escape decodes one C#/JScript escape sequence at lx.i ('\\').
func (lx *lexer) escape(b *strings.Builder) {
	lx.i++
	if lx.i >= lx.end {
		return
	}
	if lx.gbkQuote(lx.i) {
		b.WriteByte('"')
		lx.i += 2
		return
	}
	if r, n := utf8.DecodeRune(lx.src[lx.i:lx.end]); r == '\u201c' || r == '\u201d' {
		b.WriteByte('"')
		lx.i += n
		return
	}
	c := lx.src[lx.i]
	lx.i++
	switch c {
	case 'n':
		b.WriteByte('\n')
	case 't':
		b.WriteByte('\t')
	case 'r':
		b.WriteByte('\r')
	case '0':
		b.WriteByte(0)
	case 'a':
		b.WriteByte(7)
	case 'b':
		b.WriteByte(8)
	case 'f':
		b.WriteByte(12)
	case 'v':
		b.WriteByte(11)
	case 'x':
		// C#: 1-4 hex digits; JScript: exactly 2.
		max := 4
		if lx.lang == langJS {
			max = 2
		}
		k := 0
		for k < max && lx.i+k < lx.end && isHex(lx.src[lx.i+k]) {
			k++
		}
		if k == 0 {
			b.WriteByte('x')
			return
		}
		v, _ := strconv.ParseUint(string(lx.src[lx.i:lx.i+k]), 16, 32)
		lx.i += k
		b.WriteRune(rune(v))
	case 'u':
		if r, n := hexRune(lx.src[lx.i:lx.end], 4); n == 4 {
			lx.i += 4
			b.WriteRune(r)
			return
		}
		b.WriteByte('u')
	case 'U':
		if r, n := hexRune(lx.src[lx.i:lx.end], 8); n == 8 {
			lx.i += 8
			b.WriteRune(r)
			return
		}
		b.WriteByte('U')
	case '\n':
		lx.line++ // JScript line continuation
	default:
		if c >= '1' && c <= '7' && lx.lang == langJS {
			// octal escape
			v := int(c - '0')
			for k := 0; k < 2 && lx.i < lx.end && lx.src[lx.i] >= '0' && lx.src[lx.i] <= '7'; k++ {
				v = v*8 + int(lx.src[lx.i]-'0')
				lx.i++
			}
			b.WriteRune(rune(v))
			return
		}
		b.WriteByte(c)
	}
}

// verbatim reads C#'s @"..." ("" is a quote, no escapes, line breaks kept).
func (lx *lexer) verbatim(n int) {
	start := lx.i
	lx.i += n
	var b strings.Builder
	for lx.i < lx.end {
		c := lx.src[lx.i]
		if c == '"' {
			if lx.peek(1) == '"' {
				b.WriteByte('"')
				lx.i += 2
				continue
			}
			lx.i++
			break
		}
		if c == '\n' {
			lx.line++
		}
		if c >= 0x81 && lx.dbcs && lx.i+1 < lx.end {
			if r, m := utf8.DecodeRune(lx.src[lx.i:lx.end]); r == utf8.RuneError && m <= 1 {
				b.WriteByte(c)
				b.WriteByte(lx.src[lx.i+1])
				lx.i += 2
				continue
			}
		}
		b.WriteByte(c)
		lx.i++
	}
	lx.emit(token{k: tStr, s: b.String()}, start)
}

// rawString reads C# 11's """...""" raw literal.
func (lx *lexer) rawString() {
	start := lx.i
	q := 0
	for lx.i < lx.end && lx.src[lx.i] == '"' {
		q++
		lx.i++
	}
	closing := strings.Repeat(`"`, q)
	rest := lx.slice(lx.i, lx.end)
	k := strings.Index(rest, closing)
	if k < 0 {
		k = len(rest)
	}
	body := rest[:k]
	lx.line += strings.Count(body, "\n")
	lx.i += min(len(rest), k+q)
	body = strings.TrimPrefix(strings.TrimPrefix(body, "\r"), "\n")
	lx.emit(token{k: tStr, s: body}, start)
}

// interpolated reads C#'s $"..." or $@"...": the literal parts and the
// holes become ( "lit" + ( hole ) + "lit" ), so that concatenation
// handles them.
func (lx *lexer) interpolated(n int, verb bool) {
	start := lx.i
	lx.i += n
	lx.emit(token{k: tOp, s: "("}, start)
	var b strings.Builder
	first := true
	flush := func() {
		if !first {
			lx.emit(token{k: tOp, s: "+"}, lx.i)
		}
		lx.emit(token{k: tStr, s: b.String()}, lx.i)
		b.Reset()
		first = false
	}
	for lx.i < lx.end {
		c := lx.src[lx.i]
		if c == '"' {
			if verb && lx.peek(1) == '"' {
				b.WriteByte('"')
				lx.i += 2
				continue
			}
			lx.i++
			break
		}
		if c == '\n' {
			if !verb {
				break
			}
			lx.line++
		}
		if c == '\\' && !verb {
			lx.escape(&b)
			continue
		}
		if c == '{' && lx.peek(1) == '{' || c == '}' && lx.peek(1) == '}' {
			b.WriteByte(c)
			lx.i += 2
			continue
		}
		if c == '{' {
			flush()
			lx.i++
			hs := lx.i
			depth, he := 0, -1
			for k := lx.i; k < lx.end && k < lx.i+4096; k++ {
				ch := lx.src[k]
				if ch == '"' {
					// a string literal inside the hole: {d["key"]}
					k++
					for k < lx.end && lx.src[k] != '"' && lx.src[k] != '\n' {
						if lx.src[k] == '\\' {
							k++
						}
						k++
					}
					continue
				}
				if ch == '\n' && !verb {
					break
				}
				if ch == '(' || ch == '[' || ch == '{' {
					depth++
				} else if ch == ')' || ch == ']' {
					depth--
				} else if ch == '}' {
					if depth == 0 {
						he = k
						break
					}
					depth--
				} else if (ch == ':' || ch == ',') && depth == 0 && he < 0 {
					he = k
					break
				}
			}
			if he < 0 {
				he = hs
			}
			lx.emit(token{k: tOp, s: "+"}, hs)
			lx.emit(token{k: tOp, s: "("}, hs)
			sub := &lexer{src: lx.src, i: hs, end: he, line: lx.line, lang: lx.lang, dbcs: lx.dbcs, base: lx.base, baseLine: lx.baseLine,
				text: lx.text, textOff: lx.textOff, lower: lx.lower}
			sub.run()
			lx.toks = append(lx.toks, sub.toks...)
			lx.line = sub.line
			lx.emit(token{k: tOp, s: ")"}, he)
			// skip a format or alignment part up to the closing brace
			k := he
			for k < lx.end && lx.src[k] != '}' && lx.src[k] != '"' {
				k++
			}
			if k < lx.end && lx.src[k] == '}' {
				k++
			}
			lx.i = k
			continue
		}
		b.WriteByte(c)
		lx.i++
	}
	flush()
	lx.emit(token{k: tOp, s: ")"}, lx.i)
}

var braceOps = []string{
	">>>=", "<<=", "===", "!==", ">>>", "??=", "&&=", "||=",
	"==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
	"<<", "=>", "??", "?.", "::", "->",
}

// bracePunct lexes C# and JScript punctuation, strings and comments.
func (lx *lexer) bracePunct(c byte) {
	start := lx.i
	switch {
	case c == '/' && lx.peek(1) == '/':
		lx.lineComment()
		return
	case c == '/' && lx.peek(1) == '*':
		lx.blockComment()
		return
	case c == '#' && lx.lang == langCS && lx.lineStart():
		lx.lineComment() // preprocessor directive
		return
	case c == '"' && lx.lang == langCS && lx.peek(1) == '"' && lx.peek(2) == '"':
		lx.rawString()
		return
	case c == '"':
		lx.str(1, '"', false)
		return
	case c == '\'' && lx.lang == langJS:
		lx.str(1, '\'', false)
		return
	case c == '\'':
		lx.charLit()
		return
	case c == '@' && lx.peek(1) == '"':
		lx.verbatim(2)
		return
	case c == '@' && lx.peek(1) == '$' && lx.peek(2) == '"', c == '$' && lx.peek(1) == '@' && lx.peek(2) == '"':
		lx.interpolated(3, true)
		return
	case c == '$' && lx.peek(1) == '"':
		lx.interpolated(2, false)
		return
	case c == '@' && isIdentStart(lx.peek(1)):
		lx.i++ // @keyword used as an identifier
		lx.ident()
		return
	case c == '/' && lx.lang == langJS && lx.regexAllowed():
		lx.regex()
		return
	}
	if lx.i+1 < lx.end {
		for _, op := range braceOpsBy[c] {
			if lx.i+len(op) <= lx.end && string(lx.src[lx.i:lx.i+len(op)]) == op {
				if op == ">>>" || op == ">>>=" {
					continue // closes nested generics as often as it shifts; the parser joins '>'s
				}
				lx.i += len(op)
				lx.emit(token{k: tOp, s: op}, start)
				return
			}
		}
	}
	lx.i++
	lx.emit(token{k: tOp, s: lx.slice(start, lx.i)}, start)
}

// braceOpsBy holds braceOps by their first byte, in their order (longest
// first): each punctuation byte is compared with its own operators only.
var braceOpsBy = func() (m [256][]string) {
	for _, op := range braceOps {
		m[op[0]] = append(m[op[0]], op)
	}
	return m
}()

func (lx *lexer) lineStart() bool {
	for k := lx.i - 1; k >= 0; k-- {
		switch lx.src[k] {
		case ' ', '\t':
			continue
		case '\n':
			return true
		default:
			return false
		}
	}
	return true
}

func (lx *lexer) charLit() {
	start := lx.i
	lx.i++
	var b strings.Builder
	for lx.i < lx.end && lx.src[lx.i] != '\'' && lx.src[lx.i] != '\n' && b.Len() < 16 {
		if lx.src[lx.i] == '\\' {
			lx.escape(&b)
			continue
		}
		b.WriteByte(lx.src[lx.i])
		lx.i++
	}
	if lx.i < lx.end && lx.src[lx.i] == '\'' {
		lx.i++
	}
	lx.emit(token{k: tChar, s: b.String()}, start)
}

// regexAllowed reports whether a '/' starts a JScript regular expression
// literal rather than a division.
func (lx *lexer) regexAllowed() bool {
	if lx.peek(1) == '=' && len(lx.toks) > 0 && lx.toks[len(lx.toks)-1].k != tOp {
		return false
	}
	if len(lx.toks) == 0 {
		return true
	}
	t := lx.toks[len(lx.toks)-1]
	switch t.k {
	case tOp:
		return t.s != ")" && t.s != "]" && t.s != "}" && t.s != "++" && t.s != "--"
	case tIdent:
		switch t.s {
		case "return", "typeof", "in", "of", "new", "delete", "void", "throw", "case", "instanceof":
			return true
		}
	}
	return false
}

func (lx *lexer) regex() {
	start := lx.i
	lx.i++
	class := false
	for lx.i < lx.end && lx.src[lx.i] != '\n' {
		c := lx.src[lx.i]
		if c == '\\' {
			lx.i += 2
			continue
		}
		if c == '[' {
			class = true
		} else if c == ']' {
			class = false
		} else if c == '/' && !class {
			break
		}
		lx.i++
	}
	body := string(lx.src[start+1 : min(lx.i, lx.end)])
	if lx.i < lx.end && lx.src[lx.i] == '/' {
		lx.i++
	}
	for lx.i < lx.end && isASCIILetter(lx.src[lx.i]) {
		lx.i++
	}
	lx.emit(token{k: tStr, s: body}, start)
}

var vbOps = []string{"<>", "<=", ">=", ":=", "&=", "+=", "-=", "*=", "/=", "\\=", "^=", "<<", ">>", "?."}

// vbOpsBy holds vbOps by their first byte, in their order.
var vbOpsBy = func() (m [256][]string) {
	for _, op := range vbOps {
		m[op[0]] = append(m[op[0]], op)
	}
	return m
}()

// vbPunct lexes VB punctuation, strings, comments and continuations.
func (lx *lexer) vbPunct(c byte) {
	start := lx.i
	switch c {
	case '\'':
		lx.lineComment()
		return
	case '"':
		lx.str(1, '"', true)
		return
	case '&':
		if p := lx.peek(1) | 0x20; p == 'h' || p == 'o' || p == 'b' {
			base := map[byte]int{'h': 16, 'o': 8, 'b': 2}[p]
			k := lx.i + 2
			for k < lx.end && isHex(lx.src[k]) {
				k++
			}
			if k > lx.i+2 {
				v, _ := strconv.ParseInt(string(lx.src[lx.i+2:k]), base, 64)
				lx.i = k
				lx.suffix()
				if lx.i < lx.end && lx.src[lx.i] == '&' {
					lx.i++
				}
				lx.emit(token{k: tNum, n: v, s: string(lx.src[start:lx.i])}, start)
				return
			}
		}
	case ':':
		if lx.peek(1) != '=' {
			lx.i++
			lx.newline()
			return
		}
	case '#':
		if lx.lineStart() {
			lx.lineComment() // #If, #Region
			return
		}
		// date literal #1/1/2000#
		k := lx.i + 1
		for k < lx.end && k < lx.i+40 && lx.src[k] != '#' && lx.src[k] != '\n' {
			k++
		}
		if k < lx.end && lx.src[k] == '#' {
			s := string(lx.src[lx.i+1 : k])
			lx.i = k + 1
			lx.emit(token{k: tStr, s: s}, start)
			return
		}
	case '[':
		k := lx.i + 1
		for k < lx.end && k < lx.i+128 && isIdentChar(lx.src[k]) {
			k++
		}
		if k < lx.end && lx.src[k] == ']' && k > lx.i+1 {
			name := string(lx.src[lx.i+1 : k])
			lx.i = k + 1
			lx.emit(token{k: tIdent, s: strings.ToLower(name), raw: name}, start)
			return
		}
	}
	for _, op := range vbOpsBy[c] {
		if lx.i+len(op) <= lx.end && string(lx.src[lx.i:lx.i+len(op)]) == op {
			lx.i += len(op)
			lx.emit(token{k: tOp, s: op}, start)
			return
		}
	}
	lx.i++
	lx.emit(token{k: tOp, s: string(c)}, start)
}
