package jsp

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// tokKind is the lexical class of a Java token.
type tokKind uint8

const (
	tEOF    tokKind = iota
	tIdent          // identifiers and keywords
	tNum            // integer and floating-point literals
	tString         // string literals and text blocks (text is the value)
	tChar           // character literals (text is the value; EL's '...' strings too)
	tOp             // operators and separators
)

// token is one Java token. Comments and white space are dropped.
type token struct {
	kind tokKind
	glue bool // a '>' immediately followed by '>' or '=' (the parser joins shifts)
	esc  bool // spelled with \uXXXX escapes in the source
	kw   bool // a Java keyword (an identifier token that is not a name)
	line int32
	num  int64  // value of an integer or character literal
	text string // identifier, operator, or the decoded literal value
}

// maxTokens bounds the tokens of one page (linear work on hostile input).
const maxTokens = 2 << 20

// lexStats counts what the lexer saw that matters to the analysis.
type lexStats struct {
	escCode  int // \u escapes of ASCII characters outside literals (javac decodes them before lexing)
	escLit   int // \u escapes of ASCII characters inside string and char literals
	escLine  int // line of the first escape outside literals
	tokens   int
	comments []comment // bounded
}

// comment is a comment's text, kept for family markers.
type comment struct {
	line int
	text string
}

// escape is one \uXXXX escape: where its character is in the decoded
// code, and whether it is ASCII.
type escape struct {
	dec   int
	ascii bool
}

// unicodeUnescape applies Java's first translation step (JLS 3.3): every
// \uXXXX (with any number of 'u') whose backslash is preceded by an even
// number of backslashes becomes its character. It returns the decoded
// text, a map from decoded to raw offsets (pairs of offsets at which the
// two texts are in step), and the escapes.
func unicodeUnescape(code string) (string, []int, []escape) {
	if !strings.Contains(code, `\u`) {
		return code, nil, nil
	}
	var b strings.Builder
	b.Grow(len(code))
	var anchors []int // dec, raw pairs
	var escs []escape
	bs := 0 // contiguous raw backslashes before i
	for i := 0; i < len(code); {
		c := code[i]
		if c != '\\' {
			bs = 0
			b.WriteByte(c)
			i++
			continue
		}
		if bs%2 == 0 && i+1 < len(code) && code[i+1] == 'u' {
			j := i + 1
			for j < len(code) && code[j] == 'u' {
				j++
			}
			if j+4 <= len(code) {
				if v, err := strconv.ParseUint(code[j:j+4], 16, 32); err == nil {
					r := rune(v)
					if !utf8.ValidRune(r) {
						r = utf8.RuneError
					}
					escs = append(escs, escape{dec: b.Len(), ascii: r < 0x80})
					anchors = append(anchors, b.Len(), i)
					b.WriteRune(r)
					i = j + 4
					anchors = append(anchors, b.Len(), i)
					bs = 0
					continue
				}
			}
		}
		bs++
		b.WriteByte(c)
		i++
	}
	return b.String(), anchors, escs
}

// rawOffset maps an offset of the decoded text back to the raw code.
func rawOffset(anchors []int, dec int) int {
	n := len(anchors) / 2
	k := sort.Search(n, func(k int) bool { return anchors[2*k] > dec }) - 1
	if k < 0 {
		return dec
	}
	return anchors[2*k+1] + dec - anchors[2*k]
}

// opLen is the length of the operator at s[i]: the longest of Java's
// operators of two or more bytes there, or 1. '>' is always one token
// (with glue) so that generics close cleanly.
func opLen(s string, i int) int {
	if i+1 >= len(s) {
		return 1
	}
	next := s[i+1]
	switch s[i] {
	case '<':
		if next == '<' {
			if i+2 < len(s) && s[i+2] == '=' {
				return 3
			}
			return 2
		}
		if next == '=' {
			return 2
		}
	case '.':
		if next == '.' && i+2 < len(s) && s[i+2] == '.' {
			return 3
		}
	case '-':
		if next == '>' || next == '-' || next == '=' {
			return 2
		}
	case ':':
		if next == ':' {
			return 2
		}
	case '+', '&', '|':
		if next == s[i] || next == '=' {
			return 2
		}
	case '=', '!', '*', '/', '^', '%':
		if next == '=' {
			return 2
		}
	}
	return 1
}

// lexer turns one segment into tokens.
type lexer struct {
	seg     *segment
	s       string // decoded code
	anchors []int
	escs    []escape
	ei      int // next escape to consider
	st      *lexStats
	toks    []token
	// lenient ends a string at \" followed by ')', '+', ',' or ';': the
	// Windows path "C:\" written with one backslash, which leaves the rest
	// of the line unterminated. Used only when a strict pass finds an
	// unterminated string.
	lenient      bool
	unterminated int
	// nli is the number of the segment's newlines before lastRaw, the
	// raw offset of the last line asked for: tokens come in order, so
	// their lines are found by moving forward rather than by a search.
	nli, lastRaw int
}

// lex appends the tokens of seg to toks.
func lex(seg *segment, toks []token, st *lexStats) []token {
	s, anchors, escs := unicodeUnescape(seg.code)
	saved, n := *st, len(toks)
	lx := &lexer{seg: seg, s: s, anchors: anchors, escs: escs, st: st, toks: toks}
	lx.run()
	if lx.unterminated > 0 {
		*st = saved
		lx = &lexer{seg: seg, s: s, anchors: anchors, escs: escs, st: st, toks: lx.toks[:n], lenient: true}
		lx.run()
	}
	return lx.toks
}

func (lx *lexer) line(dec int) int32 {
	raw := dec
	if len(lx.anchors) > 0 {
		raw = rawOffset(lx.anchors, dec)
	}
	nl := lx.seg.nl
	if raw < lx.lastRaw { // out of order: search, as lineAt does
		lx.nli = sort.SearchInts(nl, raw)
	}
	for lx.nli < len(nl) && nl[lx.nli] < raw {
		lx.nli++
	}
	lx.lastRaw = raw
	return int32(lx.seg.line + lx.nli)
}

func (lx *lexer) emit(kind tokKind, start, end int, text string, num int64) {
	st := lx.st
	if st.tokens >= maxTokens {
		return
	}
	st.tokens++
	// The line: tokens come in order, and most segments have no
	// escapes, so the common case is a step forward over the
	// segment's newlines, here rather than in a call to line.
	var line int32
	if len(lx.anchors) == 0 && start >= lx.lastRaw {
		nl, k := lx.seg.nl, lx.nli
		for k < len(nl) && nl[k] < start {
			k++
		}
		lx.nli, lx.lastRaw = k, start
		line = int32(lx.seg.line + k)
	} else {
		line = lx.line(start)
	}
	esc := false
	if lx.ei < len(lx.escs) {
		esc = lx.escapes(kind, start, end, line)
	}
	// Written in place rather than appended from a copy. Every field is
	// set: the arrays come from a pool, with the last page's tokens.
	n := len(lx.toks)
	if n == cap(lx.toks) {
		lx.toks = slices.Grow(lx.toks, 1)
	}
	lx.toks = lx.toks[:n+1]
	t := &lx.toks[n]
	t.kind, t.glue, t.esc, t.kw = kind, false, esc, kind == tIdent && isKeyword(text)
	t.line, t.num, t.text = line, num, text
}

// escapes counts the escapes inside the token from start to end, of
// kind and line, and reports whether it has an escaped ASCII character.
func (lx *lexer) escapes(kind tokKind, start, end int, line int32) (esc bool) {
	for lx.ei < len(lx.escs) && lx.escs[lx.ei].dec < start {
		lx.ei++
	}
	for lx.ei < len(lx.escs) && lx.escs[lx.ei].dec < end {
		if e := lx.escs[lx.ei]; e.ascii {
			esc = true
			// An escaped quote delimiting a literal is code, not content.
			if (kind == tString || kind == tChar) && e.dec != start && e.dec != end-1 {
				lx.st.escLit++
			} else {
				if lx.st.escCode == 0 {
					lx.st.escLine = int(line)
				}
				lx.st.escCode++
			}
		}
		lx.ei++
	}
	return esc
}

// isKeyword reports keywords[s]: a switch, which the compiler turns into
// a search by length and content, costs less than hashing every
// identifier of the page.
func isKeyword(s string) bool {
	if len(s) < 2 || s[0] < 'a' || s[0] > 'z' { // String, $x, _x: most names are ruled out here
		return false
	}
	switch s {
	case "abstract", "assert", "boolean", "break", "byte", "case",
		"catch", "char", "class", "const", "continue", "default",
		"do", "double", "else", "enum", "extends", "final",
		"finally", "float", "for", "goto", "if", "implements",
		"import", "instanceof", "int", "interface", "long", "native",
		"new", "package", "private", "protected", "public", "return",
		"short", "static", "strictfp", "super", "switch", "synchronized",
		"this", "throw", "throws", "transient", "try", "void",
		"volatile", "while", "true", "false", "null":
		return true
	}
	return false
}

func isIdentStart(c byte) bool { return identByte[c]&1 != 0 }

func isIdentPart(c byte) bool { return identByte[c]&3 != 0 }

// isSpace is identByte's class of the white space between tokens.
const isSpace = 4

// identByte classifies bytes for identifiers (a table: the lexer asks
// for every byte of every name): bit 0 a byte that may start one ('_',
// '$', letters, any non-ASCII byte), bit 1 a digit, which may follow;
// isSpace for white space (and NUL), which the lexer skips.
var identByte = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
			t[c] = 1
		case c >= '0' && c <= '9':
			t[c] = 2
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0:
			t[c] = isSpace
		}
	}
	return t
}()

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// unicodeSpace reports the width of a non-ASCII space at s[i] (NBSP,
// ideographic space, BOM), which javac rejects but which pasted
// webshells contain.
func unicodeSpace(s string, i int) int {
	if s[i] < 0x80 {
		return 0
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	switch r {
	case 0xA0, 0x3000, 0xFEFF, 0x2002, 0x2003, 0x2009, 0x200B:
		return n
	}
	return 0
}

func (lx *lexer) run() {
	s := lx.s
	i := 0
	for i < len(s) && lx.st.tokens < maxTokens {
		c := s[i]
		switch {
		case identByte[c] == isSpace:
			// A run of white space (indentation) in one loop.
			for i++; i < len(s) && identByte[s[i]] == isSpace; i++ {
			}
		case c == '/' && i+1 < len(s) && s[i+1] == '/':
			e := strings.IndexByte(s[i:], '\n')
			if e < 0 {
				e = len(s) - i
			}
			lx.comment(i, s[i+2:i+e])
			i += e
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			e := strings.Index(s[i+2:], "*/")
			if e < 0 {
				lx.comment(i, s[i+2:])
				i = len(s)
			} else {
				lx.comment(i, s[i+2:i+2+e])
				i += 2 + e + 2
			}
		case c >= 0x80 && unicodeSpace(s, i) > 0:
			i += unicodeSpace(s, i)
		case isIdentStart(c):
			j := i + 1
			for j < len(s) && isIdentPart(s[j]) && (s[j] < 0x80 || unicodeSpace(s, j) == 0) {
				j++
			}
			lx.emit(tIdent, i, j, s[i:j], 0)
			i = j
		case isDigit(c) || c == '.' && i+1 < len(s) && isDigit(s[i+1]):
			i = lx.number(i)
		case c == '"':
			if strings.HasPrefix(s[i:], `"""`) {
				i = lx.textBlock(i)
			} else {
				i = lx.quoted(i, '"', tString)
			}
		case c == '\'':
			i = lx.quoted(i, '\'', tChar)
		case c == '>':
			lx.emit(tOp, i, i+1, ">", 0)
			if i+1 < len(s) && (s[i+1] == '>' || s[i+1] == '=') && len(lx.toks) > 0 {
				lx.toks[len(lx.toks)-1].glue = true
			}
			i++
		default:
			n := opLen(s, i)
			lx.emit(tOp, i, i+n, s[i:i+n], 0)
			i += n
		}
	}
}

const maxComments = 64

func (lx *lexer) comment(off int, text string) {
	if len(lx.st.comments) < maxComments {
		if len(text) > 200 {
			text = text[:200]
		}
		lx.st.comments = append(lx.st.comments, comment{line: int(lx.line(off)), text: text})
	}
}

func (lx *lexer) number(i int) int {
	s := lx.s
	j := i
	isFloat := false
	base := 10
	if s[j] == '0' && j+1 < len(s) && (s[j+1] == 'x' || s[j+1] == 'X') {
		base = 16
		j += 2
	} else if s[j] == '0' && j+1 < len(s) && (s[j+1] == 'b' || s[j+1] == 'B') {
		base = 2
		j += 2
	}
	digStart := j
	for j < len(s) {
		c := s[j]
		switch {
		case isDigit(c) || c == '_':
		case base == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'):
		case base == 10 && c == '.' && !(j+1 < len(s) && s[j+1] == '.'):
			isFloat = true
		case base == 10 && (c == 'e' || c == 'E'):
			isFloat = true
			if j+1 < len(s) && (s[j+1] == '+' || s[j+1] == '-') {
				j++
			}
		case base == 16 && (c == 'p' || c == 'P'):
			isFloat = true
			if j+1 < len(s) && (s[j+1] == '+' || s[j+1] == '-') {
				j++
			}
		default:
			goto done
		}
		j++
	}
done:
	digits := strings.ReplaceAll(s[digStart:j], "_", "")
	if j < len(s) && strings.IndexByte("lLfFdD", s[j]) >= 0 {
		if s[j] != 'l' && s[j] != 'L' && base == 10 {
			isFloat = true
		}
		j++
	}
	var v int64
	if !isFloat {
		if base == 10 && len(digits) > 1 && digits[0] == '0' {
			base = 8
		}
		u, _ := strconv.ParseUint(digits, base, 64)
		v = int64(u)
	} else if f, err := strconv.ParseFloat(digits, 64); err == nil && f > -1e18 && f < 1e18 {
		v = int64(f)
	}
	lx.emit(tNum, i, j, s[i:j], v)
	return j
}

// quoted lexes a string or char literal; an unterminated one ends at the
// line's end, as javac reports it.
func (lx *lexer) quoted(i int, q byte, kind tokKind) int {
	s := lx.s
	j := i + 1
	// Most literals have no escape: their value is the source text.
	for j < len(s) && s[j] != q && s[j] != '\n' && s[j] != '\\' {
		j++
	}
	if j == len(s) || s[j] != '\\' {
		return lx.literal(i, j, s[i+1:j], q, kind)
	}
	// The value is no longer than the literal, whose end (past its
	// escapes) one more scan finds: the builder is allocated once.
	k := j
	for k < len(s) && s[k] != q && s[k] != '\n' {
		if s[k] == '\\' {
			k++
		}
		k++
	}
	var b strings.Builder
	b.Grow(min(k, len(s)) - i)
	b.WriteString(s[i+1 : j])
	for j < len(s) && s[j] != q && s[j] != '\n' {
		if s[j] == '\\' && j+1 < len(s) {
			if lx.lenient && s[j+1] == q && (j+2 >= len(s) || strings.IndexByte(")+,;", s[j+2]) >= 0) {
				b.WriteByte('\\')
				j++
				break
			}
			j = unescapeJava(s, j, &b)
			continue
		}
		b.WriteByte(s[j])
		j++
	}
	return lx.literal(i, j, b.String(), q, kind)
}

// literal emits the string or character literal from i to its closing
// quote at j (or where it ended unterminated), of value v.
func (lx *lexer) literal(i, j int, v string, q byte, kind tokKind) int {
	s := lx.s
	end := j
	if j < len(s) && s[j] == q {
		end++
	} else if kind == tString {
		lx.unterminated++
	}
	var num int64
	if kind == tChar {
		r, _ := utf8.DecodeRuneInString(v)
		num = int64(r)
	}
	lx.emit(kind, i, end, v, num)
	return end
}

// unescapeJava decodes the escape sequence at s[j] ('\\') into b and
// returns the offset after it.
func unescapeJava(s string, j int, b *strings.Builder) int {
	c := s[j+1]
	switch c {
	case 'b':
		b.WriteByte('\b')
	case 't':
		b.WriteByte('\t')
	case 'n':
		b.WriteByte('\n')
	case 'f':
		b.WriteByte('\f')
	case 'r':
		b.WriteByte('\r')
	case 's':
		b.WriteByte(' ')
	case '\n':
		// line continuation in a text block
	case '0', '1', '2', '3', '4', '5', '6', '7':
		k := j + 1
		v := 0
		max := 3
		if c > '3' {
			max = 2
		}
		for n := 0; n < max && k < len(s) && s[k] >= '0' && s[k] <= '7'; n++ {
			v = v*8 + int(s[k]-'0')
			k++
		}
		b.WriteRune(rune(v))
		return k
	default:
		b.WriteByte(c)
	}
	return j + 2
}

func (lx *lexer) textBlock(i int) int {
	s := lx.s
	j := i + 3
	// The content starts after the line terminator following the opening delimiter.
	if nl := strings.IndexByte(s[j:], '\n'); nl >= 0 && strings.TrimSpace(s[j:j+nl]) == "" {
		j += nl + 1
	}
	var b strings.Builder
	for j < len(s) && !strings.HasPrefix(s[j:], `"""`) {
		if s[j] == '\\' && j+1 < len(s) {
			j = unescapeJava(s, j, &b)
			continue
		}
		b.WriteByte(s[j])
		j++
	}
	end := min(j+3, len(s))
	lx.emit(tString, i, end, stripIndent(b.String()), 0)
	return end
}

// stripIndent removes the common leading white space of a text block's
// lines (JLS 3.10.6, simplified).
func stripIndent(v string) string {
	lines := strings.Split(v, "\n")
	common := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if common < 0 || n < common {
			common = n
		}
	}
	if common <= 0 {
		return v
	}
	for k, l := range lines {
		if len(l) >= common {
			lines[k] = l[common:]
		} else {
			lines[k] = strings.TrimLeft(l, " \t")
		}
	}
	return strings.Join(lines, "\n")
}
