// Package php tokenizes PHP source the way PHP 7/8's lexer
// (zend_language_scanner) does, so that webshell analysis can follow data
// from request superglobals to dangerous sinks instead of matching keywords.
//
// The lexer is built for hostile input: it never stops at a syntax error
// (attackers deliberately write broken PHP that still runs), it runs in time
// linear in the input, it keeps its nesting state on explicit stacks rather
// than the Go call stack, and the raw texts of the tokens it returns always
// concatenate back to the exact input.
package php

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Kind classifies a token. The names follow token_get_all's T_* constants
// where one exists.
type Kind uint8

// Token kinds.
const (
	Invalid         Kind = iota // a byte the PHP lexer rejects (T_BAD_CHARACTER)
	InlineHTML                  // text outside PHP tags, echoed verbatim (T_INLINE_HTML)
	OpenTag                     // "<?php", "<?" or <script language="php"> (T_OPEN_TAG)
	OpenTagWithEcho             // "<?=" (T_OPEN_TAG_WITH_ECHO)
	CloseTag                    // "?>" plus one newline (T_CLOSE_TAG)
	Whitespace                  // T_WHITESPACE
	Comment                     // "//", "#" or "/* */" comment (T_COMMENT)
	DocComment                  // "/** */" (T_DOC_COMMENT)
	Variable                    // "$name"; Value is the name without "$" (T_VARIABLE)
	Ident                       // unqualified name (T_STRING)
	Name                        // namespaced name such as \system or A\B (T_NAME_*)
	Keyword                     // reserved word; Value is lower case
	Cast                        // "(int)" etc.; Value is the canonical type (T_*_CAST)
	LNumber                     // integer literal; Value has "_" removed (T_LNUMBER)
	DNumber                     // float literal or overflowing integer (T_DNUMBER)
	ConstString                 // quoted string without interpolation; Value is decoded (T_CONSTANT_ENCAPSED_STRING)
	EncapsedString              // literal piece of an interpolated string; Value is decoded (T_ENCAPSED_AND_WHITESPACE)
	Quote                       // '"' opening or closing an interpolated string
	Backtick                    // '`' opening or closing a shell-exec string
	StartHeredoc                // "<<<LABEL\n"; Value is the label (T_START_HEREDOC)
	EndHeredoc                  // closing label with its indentation (T_END_HEREDOC)
	CurlyOpen                   // "{" starting "{$...}" interpolation (T_CURLY_OPEN)
	DollarOpenCurly             // "${" inside a string (T_DOLLAR_OPEN_CURLY_BRACES)
	VarName                     // name in "${name}" (T_STRING_VARNAME)
	NumString                   // array offset in "$a[0]" (T_NUM_STRING)
	Op                          // operator or punctuation, including "$" of "$$x"
	Attribute                   // "#[" (T_ATTRIBUTE)
)

var kindNames = [...]string{
	"Invalid", "InlineHTML", "OpenTag", "OpenTagWithEcho", "CloseTag",
	"Whitespace", "Comment", "DocComment", "Variable", "Ident", "Name",
	"Keyword", "Cast", "LNumber", "DNumber", "ConstString", "EncapsedString",
	"Quote", "Backtick", "StartHeredoc", "EndHeredoc", "CurlyOpen",
	"DollarOpenCurly", "VarName", "NumString", "Op", "Attribute",
}

// String returns the Go name of the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Token is one lexeme. Text is the exact source slice, so the Texts of all
// tokens concatenate to the input; Value is its meaning (decoded string
// content, variable name without "$", lower-cased keyword, ...).
type Token struct {
	Text  string
	Value string
	// Line and Offset are 32-bit, which bounds the input to 2 GiB (the
	// scanner reads at most 8 MiB a file): obfuscated code makes a token
	// every few bytes, and the token array is most of what the analysis
	// allocates.
	Line   int32 // 1-based line of the first byte
	Offset int32 // byte offset of the first byte
	Kind   Kind
}

// SyntaxError records a lexical problem. Tokenization continues past it.
type SyntaxError struct {
	Offset, Line int
	Msg          string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d (offset %d): %s", e.Line, e.Offset, e.Msg)
}

// Errors is the list of lexical problems found in one input.
type Errors []*SyntaxError

func (es Errors) Error() string {
	parts := make([]string, 0, len(es))
	for _, e := range es {
		parts = append(parts, e.Error())
	}
	return strings.Join(parts, "; ")
}

// Tokenize returns every token of src. The tokens always cover all of src;
// a non-nil error (of type Errors) only reports what was malformed. For very
// large inputs prefer NewLexer, which streams and keeps memory bounded.
func Tokenize(src []byte) ([]Token, error) {
	l := NewLexer(src)
	var toks []Token
	for {
		t, ok := l.Next()
		if !ok {
			break
		}
		toks = append(toks, t)
	}
	return toks, l.Err()
}

type state uint8

const (
	stInitial state = iota
	stScripting
	stLookProp    // after "->": a following label is a property name
	stDQ          // inside "..." with interpolation
	stBQ          // inside `...`
	stHeredoc     // inside heredoc or nowdoc body
	stVarOffset   // inside "$a[...]" in a string
	stLookVarname // right after "${" in a string
)

type heredoc struct {
	label  string
	indent int // closing marker indentation, removed from every body line
	nowdoc bool
}

// Lexer is a streaming PHP tokenizer. Its memory use is proportional to the
// nesting depth of braces and heredocs, never to the number of tokens.
type Lexer struct {
	src       []byte
	str       string // src as a string: token texts are slices of it, not copies
	pos       int
	line      int
	cur       state
	stack     []state
	docs      []heredoc
	errs      Errors
	scriptTag bool // opened by <script language="php">, so </script> closes
	halt      int  // >0 after __halt_compiler: significant tokens seen
	haltData  bool // the rest of the input is __halt_compiler data
	dqScanned int  // position up to which a "..." is known to hold no interpolation
	budget    int  // bytes left for heredoc indentation pre-scans

	eofChecked bool
}

// NewLexer returns a lexer positioned at the start of src, in inline HTML
// mode as PHP starts.
func NewLexer(src []byte) *Lexer { return newLexer(src, string(src)) }

// newLexer is NewLexer for a caller that has the text of src as a string
// already (str == string(src)): the tokens' texts are cut from it.
func newLexer(src []byte, str string) *Lexer {
	return &Lexer{src: src, str: str, line: 1, budget: 2*len(src) + 4096}
}

// Err returns the lexical problems found so far, or nil.
func (l *Lexer) Err() error {
	if len(l.errs) == 0 {
		return nil
	}
	return l.errs
}

func (l *Lexer) errorf(off int, format string, args ...any) {
	// Cap the list: a hostile file could otherwise produce one error per byte.
	if len(l.errs) >= 100 {
		return
	}
	line := l.line + countNewlines(l.src[l.pos:max(l.pos, min(off, len(l.src)))])
	l.errs = append(l.errs, &SyntaxError{Offset: off, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// Next returns the next token, or false at the end of input.
func (l *Lexer) Next() (Token, bool) {
	if l.pos >= len(l.src) {
		l.checkEOF()
		return Token{}, false
	}
	start := l.pos
	k, val, hasVal := l.scanOne()
	text := l.str[start:l.pos]
	if !hasVal {
		val = text
	}
	t := Token{Kind: k, Text: text, Value: val, Line: int32(l.line), Offset: int32(start)}
	l.line += countNewlines(l.src[start:l.pos])
	if l.halt != 0 || k == Keyword { // the common case costs no call
		l.trackHalt(&t)
	}
	return t, true
}

// appendCode appends the rest of the tokens to ts without the whitespace
// and comments, which the analysis ignores: they are scanned but no token
// is made of them (they are some two tokens in five). The tokens are
// Next's, made in place in the array.
func (l *Lexer) appendCode(ts []Token) []Token {
	s := l.src
	for l.pos < len(s) {
		start := l.pos
		var k Kind
		var val string
		var hasVal bool
		if l.cur == stScripting && !l.haltData {
			// Code, most of the input: what scanOne does through scan,
			// without the two calls, and whitespace skipped here.
			if byteClass[s[start]]&clWS != 0 {
				// Whitespace, with its line breaks counted as
				// countNewlines does: a CR ends a line unless an LF
				// follows (which would be whitespace too).
				p, lines := start, 0
				for ; p < len(s) && byteClass[s[p]]&clWS != 0; p++ {
					if c := s[p]; c == '\n' || c == '\r' && (p+1 >= len(s) || s[p+1] != '\n') {
						lines++
					}
				}
				l.pos = p
				l.line += lines
				// A token follows in the same state: scan it now
				// rather than going round the loop once more.
				if p >= len(s) {
					break
				}
				start = p
			}
			k, val, hasVal = l.scanScripting()
			if l.pos <= start { // as scanOne
				l.pos = start + 1
				k, hasVal = Invalid, false
			}
		} else {
			k, val, hasVal = l.scanOne()
		}
		if k == Whitespace || k == Comment || k == DocComment {
			// As Next, which would also leave __halt_compiler's count
			// alone for these.
			l.line += countNewlines(l.src[start:l.pos])
			continue
		}
		text := l.str[start:l.pos]
		if !hasVal {
			val = text
		}
		// The token is written a field at a time into a slot of the
		// array rather than appended as a struct value: that is a few
		// instructions fewer, and while the collector marks, a struct
		// copy goes through the runtime's bulk write barrier
		// (typedmemmove), dearer than the barriers of field stores.
		if len(ts) == cap(ts) {
			ts = slices.Grow(ts, 1)
		}
		ts = ts[:len(ts)+1]
		t := &ts[len(ts)-1]
		t.Text, t.Value = text, val
		t.Line, t.Offset, t.Kind = int32(l.line), int32(start), k
		if !oneLine[k] {
			l.line += countNewlines(l.src[start:l.pos])
		}
		if l.halt != 0 || k == Keyword { // the common case costs no call
			l.trackHalt(t)
		}
	}
	l.checkEOF()
	return ts
}

// oneLine are the kinds of token whose text never holds a line break:
// operators; names and numbers, made of label bytes, digits and
// backslashes only; casts, which allow only spaces and tabs around the
// type; and the fixed punctuation of tags, strings and interpolation.
// They are most tokens; their lines need no count.
var oneLine = [256]bool{Op: true, Variable: true, Ident: true, Name: true, Keyword: true, LNumber: true, DNumber: true,
	Cast: true, OpenTagWithEcho: true, Quote: true, Backtick: true, CurlyOpen: true, DollarOpenCurly: true,
	VarName: true, NumString: true, Attribute: true}

// scanOne scans the token at l.pos, which consumes input.
func (l *Lexer) scanOne() (Kind, string, bool) {
	start := l.pos
	k, val, hasVal := l.scan()
	if l.pos <= start { // defensive: every token must consume input
		l.pos = start + 1
		k, hasVal = Invalid, false
	}
	return k, val, hasVal
}

// checkEOF notes input that ends inside a string, heredoc or
// interpolation, once.
func (l *Lexer) checkEOF() {
	if l.eofChecked || l.haltData {
		return
	}
	l.eofChecked = true
	inString := len(l.docs) > 0 || l.cur == stDQ || l.cur == stBQ
	for _, s := range l.stack {
		inString = inString || s == stDQ || s == stBQ || s == stHeredoc
	}
	if inString && len(l.errs) == 0 {
		l.errorf(len(l.src), "unexpected end of input inside a string")
	}
}

// trackHalt implements __halt_compiler(); after which PHP stops lexing and
// the remainder is raw data (often an appended payload).
func (l *Lexer) trackHalt(t *Token) {
	if t.Kind == Keyword && t.Value == "__halt_compiler" {
		l.halt = 1
		return
	}
	if l.halt == 0 || t.Kind == Whitespace || t.Kind == Comment || t.Kind == DocComment {
		return
	}
	if t.Text == ";" || t.Kind == CloseTag {
		l.haltData = true
		l.halt = 0
		return
	}
	l.halt++
	if l.halt > 3 {
		l.halt = 0
	}
}

func countNewlines(b []byte) int {
	if len(b) < 32 { // most tokens are short; avoid the call overhead
		n := 0
		for i, c := range b {
			if c == '\n' || c == '\r' && (i+1 >= len(b) || b[i+1] != '\n') {
				n++
			}
		}
		return n
	}
	n := bytes.Count(b, []byte{'\n'})
	// A lone CR also ends a line for PHP.
	for i := bytes.IndexByte(b, '\r'); i >= 0; {
		if i+1 >= len(b) || b[i+1] != '\n' {
			n++
		}
		j := bytes.IndexByte(b[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return n
}

func (l *Lexer) push(s state) {
	l.stack = append(l.stack, l.cur)
	l.cur = s
}

func (l *Lexer) pop() {
	if n := len(l.stack); n > 0 {
		l.cur = l.stack[n-1]
		l.stack = l.stack[:n-1]
	} else {
		l.cur = stScripting
	}
}

func (l *Lexer) at(i int) byte {
	if i < len(l.src) {
		return l.src[i]
	}
	return 0
}

// Byte classes, looked up rather than computed: the lexer asks them of
// nearly every byte of code.
const (
	clLabelStart = 1 << iota // a letter, "_" or a byte of a UTF-8 sequence
	clLabel                  // clLabelStart or a digit
	clWS                     // space, tab, CR or LF
)

var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		b := byte(c)
		if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_' || b >= 0x80 {
			t[c] |= clLabelStart | clLabel
		}
		if b >= '0' && b <= '9' {
			t[c] |= clLabel
		}
		if b == ' ' || b == '\t' || b == '\n' || b == '\r' {
			t[c] |= clWS
		}
	}
	return t
}()

func isLabelStart(c byte) bool { return byteClass[c]&clLabelStart != 0 }

func isLabel(c byte) bool { return byteClass[c]&clLabel != 0 }

func isWS(c byte) bool { return byteClass[c]&clWS != 0 }

func (l *Lexer) label(i int) int {
	s := l.src
	for i < len(s) && byteClass[s[i]]&clLabel != 0 {
		i++
	}
	return i
}

// scan lexes one token starting at l.pos according to the current state.
// Rules that PHP implements as "yyless(0); pop state" consume nothing and
// loop to retry in the new state.
func (l *Lexer) scan() (Kind, string, bool) {
	for {
		if l.haltData {
			l.pos = len(l.src)
			return InlineHTML, "", false
		}
		switch l.cur {
		case stInitial:
			return l.scanInitial()
		case stScripting:
			return l.scanScripting()
		case stLookProp:
			p := l.pos
			c := l.src[p]
			switch {
			case isWS(c):
				l.pos = l.skipWS(p)
				return Whitespace, "", false
			case c == '-' && l.at(p+1) == '>':
				l.pos = p + 2
				return Op, "", false
			case c == '?' && l.at(p+1) == '-' && l.at(p+2) == '>':
				l.pos = p + 3
				return Op, "", false
			case isLabelStart(c):
				l.pos = l.label(p)
				l.pop()
				return Ident, "", false
			}
			l.pop()
		case stDQ:
			return l.scanEncaps('"')
		case stBQ:
			return l.scanEncaps('`')
		case stHeredoc:
			return l.scanHeredoc()
		case stVarOffset:
			if k, v, ok := l.scanVarOffset(); ok {
				return k, v, k == Variable
			}
		case stLookVarname:
			p := l.pos
			if isLabelStart(l.src[p]) {
				q := l.label(p)
				if c := l.at(q); c == '[' || c == '}' {
					l.pos = q
					l.cur = stScripting // PHP: pop, then push scripting
					return VarName, "", false
				}
			}
			l.cur = stScripting
		}
	}
}

func (l *Lexer) skipWS(p int) int {
	s := l.src
	for p < len(s) && byteClass[s[p]]&clWS != 0 {
		p++
	}
	return p
}

// openTag reports the kind and length of a PHP open tag at i, or 0.
func (l *Lexer) openTag(i int) (Kind, int, bool) {
	s := l.src
	if s[i] != '<' {
		return 0, 0, false
	}
	if l.at(i+1) == '?' {
		if l.at(i+2) == '=' {
			return OpenTagWithEcho, 3, false
		}
		if i+5 <= len(s) && bytes.EqualFold(s[i+2:i+5], []byte("php")) {
			switch c := l.at(i + 5); {
			case i+5 == len(s):
				return OpenTag, 5, false
			case c == ' ' || c == '\t' || c == '\n':
				return OpenTag, 6, false
			case c == '\r':
				if l.at(i+6) == '\n' {
					return OpenTag, 7, false
				}
				return OpenTag, 6, false
			}
		}
		// Short open tag: treated as enabled, as webshells rely on it.
		return OpenTag, 2, false
	}
	if n := l.scriptOpen(i); n > 0 {
		return OpenTag, n, true
	}
	return 0, 0, false
}

// scriptOpen matches <script language="php"> (PHP 5; kept because old
// servers and lenient scanners matter for shells).
func (l *Lexer) scriptOpen(i int) int {
	s := l.src
	if i+7 > len(s) || !bytes.EqualFold(s[i:i+7], []byte("<script")) {
		return 0
	}
	p := i + 7
	q := l.skipWS(p)
	if q == p || q+8 > len(s) || !bytes.EqualFold(s[q:q+8], []byte("language")) {
		return 0
	}
	q = l.skipWS(q + 8)
	if l.at(q) != '=' {
		return 0
	}
	q = l.skipWS(q + 1)
	quote := l.at(q)
	if quote == '"' || quote == '\'' {
		q++
	} else {
		quote = 0
	}
	if q+3 > len(s) || !bytes.EqualFold(s[q:q+3], []byte("php")) {
		return 0
	}
	q += 3
	if quote != 0 {
		if l.at(q) != quote {
			return 0
		}
		q++
	}
	q = l.skipWS(q)
	if l.at(q) != '>' {
		return 0
	}
	return q + 1 - i
}

func (l *Lexer) scanInitial() (Kind, string, bool) {
	s, p := l.src, l.pos
	if k, n, script := l.openTag(p); n > 0 {
		l.pos = p + n
		l.cur = stScripting
		l.scriptTag = script
		return k, "", false
	}
	for i := p + 1; i < len(s); {
		j := bytes.IndexByte(s[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if _, n, _ := l.openTag(i); n > 0 {
			l.pos = i
			return InlineHTML, "", false
		}
		i++
	}
	l.pos = len(s)
	return InlineHTML, "", false
}

// keywords are PHP 8's reserved words. The contextual "enum" and
// "readonly" are left as identifiers because they are also valid function
// names, and misreading a call as a keyword would hide it from analysis.
var keywords = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Fields(`abstract and array as break callable case catch class clone const
		continue declare default die do echo else elseif empty enddeclare endfor endforeach endif
		endswitch endwhile eval exit extends final finally fn for foreach function global goto
		if implements include include_once instanceof insteadof interface isset list match namespace
		new or print private protected public require require_once return static switch
		throw trait try unset use var while xor yield __class__ __dir__ __file__ __function__
		__line__ __method__ __namespace__ __trait__ __halt_compiler`) {
		m[k] = true
	}
	return m
}()

// castType returns the canonical type of the lower-case cast name low,
// if it is one. A switch rather than a map: "(" is frequent and rarely a
// cast.
func castType(low []byte) (string, bool) {
	switch string(low) {
	case "int", "integer":
		return "int", true
	case "bool", "boolean":
		return "bool", true
	case "float", "double", "real":
		return "float", true
	case "string", "binary":
		return "string", true
	case "array":
		return "array", true
	case "object":
		return "object", true
	case "unset":
		return "unset", true
	}
	return "", false
}

var ops3 = []string{"<<=", ">>=", "**=", "...", "<=>", "===", "!==", "??=", "?->"}
var ops2 = []string{"!=", "<>", "==", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=",
	"/=", ".=", "%=", "&=", "|=", "^=", "->", "=>", "::", "<<", ">>", "??", "**"}

const ops1 = ";:,.[]()|^&+-/*=%!~$<>?@{}\\"

// multiOp is a multi-byte operator: its length and the bytes after its
// first.
type multiOp struct {
	n      int
	b1, b2 byte
}

// opsByFirst lists the multi-byte operators by first byte, longest first,
// so that an operator costs a few byte comparisons rather than thirty-five
// string ones.
var opsByFirst = func() (t [256][]multiOp) {
	for _, op := range append(append([]string(nil), ops3...), ops2...) {
		m := multiOp{n: len(op), b1: op[1]}
		if len(op) == 3 {
			m.b2 = op[2]
		}
		t[op[0]] = append(t[op[0]], m)
	}
	return t
}()

// isOp1 marks the bytes of ops1.
var isOp1 = func() (t [256]bool) {
	for i := range len(ops1) {
		t[ops1[i]] = true
	}
	return t
}()

func (l *Lexer) hasPrefix(p int, pre string) bool {
	return p+len(pre) <= len(l.src) && l.str[p:p+len(pre)] == pre
}

func (l *Lexer) scanScripting() (Kind, string, bool) {
	s, p := l.src, l.pos
	c := s[p]
	// A switch on the byte, which compiles to a jump table; the cases
	// that do not return fall to the operators below.
	switch c {
	case ' ', '\t', '\n', '\r':
		l.pos = l.skipWS(p)
		return Whitespace, "", false
	case '$':
		if isLabelStart(l.at(p + 1)) {
			l.pos = l.label(p + 1)
			return Variable, l.str[p+1 : l.pos], true
		}
		l.pos = p + 1
		return Op, "", false
	case 'b', 'B':
		if d := l.at(p + 1); d == '\'' || d == '"' {
			// Binary string prefix b"..." is just a string.
			return l.scanQuoted(p+1, p)
		}
		if l.hasPrefix(p+1, "<<<") {
			if k, v, ok := l.heredocStart(p + 1); ok {
				return k, v, true
			}
		}
		return l.scanName(p)
	case '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return l.scanNumber(p)
	case '.':
		if d := l.at(p + 1); d >= '0' && d <= '9' {
			return l.scanNumber(p)
		}
	case '\'', '"':
		return l.scanQuoted(p, p)
	case '`':
		l.pos = p + 1
		l.cur = stBQ
		return Backtick, "", false
	case '#':
		if l.at(p+1) == '[' {
			l.pos = p + 2
			return Attribute, "", false
		}
		return l.lineComment(p + 1)
	case '/':
		switch l.at(p + 1) {
		case '/':
			return l.lineComment(p + 2)
		case '*':
			return l.blockComment(p)
		}
	case '?':
		if l.at(p+1) == '>' {
			return l.closeTag(p, p+2)
		}
	case '<':
		if l.scriptTag && l.hasPrefixFold(p, "</script") {
			q := l.skipWS(p + 8)
			if l.at(q) == '>' {
				return l.closeTag(p, q+1)
			}
		} else if l.hasPrefix(p, "<<<") {
			if k, v, ok := l.heredocStart(p); ok {
				return k, v, true
			}
		}
	case '(':
		if k, v, ok := l.cast(p); ok {
			return k, v, true
		}
	case '{':
		l.pos = p + 1
		l.push(stScripting)
		return Op, "", false
	case '}':
		l.pos = p + 1
		if len(l.stack) > 0 {
			l.pop()
		}
		return Op, "", false
	case '\\':
		if isLabelStart(l.at(p + 1)) {
			return l.scanName(p)
		}
	default:
		if isLabelStart(c) {
			return l.scanName(p)
		}
	}
	for _, op := range opsByFirst[c] {
		if p+op.n <= len(s) && s[p+1] == op.b1 && (op.n == 2 || s[p+2] == op.b2) {
			l.pos = p + op.n
			if op.b1 == '-' && op.b2 == '>' || c == '-' && op.b1 == '>' { // "?->" or "->"
				l.push(stLookProp)
			}
			return Op, "", false
		}
	}
	l.pos = p + 1
	if isOp1[c] {
		return Op, "", false
	}
	l.errorf(p, "unexpected character 0x%02x", c)
	return Invalid, "", false
}

func (l *Lexer) hasPrefixFold(p int, pre string) bool {
	return p+len(pre) <= len(l.src) && bytes.EqualFold(l.src[p:p+len(pre)], []byte(pre))
}

func (l *Lexer) closeTag(p, q int) (Kind, string, bool) {
	// The close tag swallows one directly following newline.
	if l.at(q) == '\n' {
		q++
	} else if l.at(q) == '\r' {
		q++
		if l.at(q) == '\n' {
			q++
		}
	}
	l.pos = q
	l.cur = stInitial
	l.scriptTag = false
	return CloseTag, "", false
}

func (l *Lexer) scanName(p int) (Kind, string, bool) {
	q := p
	if l.src[q] != '\\' {
		q = l.label(q)
	}
	qualified := false
	for l.at(q) == '\\' && isLabelStart(l.at(q+1)) {
		q = l.label(q + 1)
		qualified = true
	}
	l.pos = q
	if qualified {
		return Name, "", false
	}
	if kw, ok := keyword(l.src[p:q]); ok {
		return Keyword, kw, true
	}
	return Ident, "", false
}

// maxKeyword is the length of the longest keyword, "__halt_compiler".
const maxKeyword = len("__halt_compiler")

// kwBuckets holds the keywords by kwHash, so that finding whether a name
// is one costs a hash of its length and three of its bytes and a
// comparison or two rather than a map lookup. A keyword token's Value is the string held
// here, not a copy per token.
var kwBuckets = func() (t [256][]string) {
	for k := range keywords {
		h := kwHash([]byte(k))
		t[h] = append(t[h], k)
	}
	return t
}()

// kwHash hashes a name of at least two bytes by its length and its first,
// second and last bytes.
func kwHash(b []byte) uint8 {
	return uint8(len(b)*37 + int(b[0])*11 + int(b[1]) + int(b[len(b)-1])*3)
}

// keyword returns the lower-case keyword that name spells, if any. Names
// are lower-cased in a buffer on the stack: most names are not keywords,
// and identifiers are a large share of all tokens.
func keyword(name []byte) (string, bool) {
	if len(name) > maxKeyword {
		// A longer name is a keyword only if lower-casing shortens it,
		// which only non-ASCII letters do (the Kelvin sign becomes "k").
		if !isASCII(name) {
			lw := strings.ToLower(string(name))
			return lw, keywords[lw]
		}
		return "", false
	}
	if len(name) < 2 { // no keyword is shorter, nor lower-cases to one
		return "", false
	}
	var buf [maxKeyword]byte
	for i, c := range name {
		if c >= 0x80 {
			lw := strings.ToLower(string(name))
			return lw, keywords[lw]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	low := buf[:len(name)]
	for _, kw := range kwBuckets[kwHash(low)] {
		if kw == string(low) {
			return kw, true
		}
	}
	return "", false
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

func (l *Lexer) lineComment(q int) (Kind, string, bool) {
	s := l.src
	for q < len(s) {
		c := s[q]
		if c == '\n' || c == '\r' || c == '?' && l.at(q+1) == '>' {
			break
		}
		q++
	}
	l.pos = q
	return Comment, "", false
}

func (l *Lexer) blockComment(p int) (Kind, string, bool) {
	k := Comment
	if l.hasPrefix(p, "/**") && isWS(l.at(p+3)) {
		k = DocComment
	}
	if i := bytes.Index(l.src[p+2:], []byte("*/")); i >= 0 {
		l.pos = p + 2 + i + 2
	} else {
		l.errorf(p, "unterminated comment")
		l.pos = len(l.src)
	}
	return k, "", false
}

func (l *Lexer) cast(p int) (Kind, string, bool) {
	q := p + 1
	for l.at(q) == ' ' || l.at(q) == '\t' {
		q++
	}
	w := q
	for q-w <= 8 && (l.at(q)|0x20 >= 'a' && l.at(q)|0x20 <= 'z') {
		q++
	}
	if q == w {
		return 0, "", false
	}
	e := q
	for l.at(e) == ' ' || l.at(e) == '\t' {
		e++
	}
	if l.at(e) != ')' {
		return 0, "", false
	}
	// The first loop took at most nine ASCII letters: lower them on the
	// stack, as "(" is frequent and rarely a cast.
	var buf [16]byte
	low := buf[:q-w]
	for i, c := range l.src[w:q] {
		low[i] = c | 0x20
	}
	typ, ok := castType(low)
	if !ok {
		return 0, "", false
	}
	l.pos = e + 1
	return Cast, typ, true
}

func isDigitIn(base int) func(byte) bool {
	return func(c byte) bool {
		switch base {
		case 16:
			return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f'
		case 8:
			return c >= '0' && c <= '7'
		case 2:
			return c == '0' || c == '1'
		}
		return c >= '0' && c <= '9'
	}
}

// digits consumes digits with single "_" separators between them.
func (l *Lexer) digits(q int, ok func(byte) bool) int {
	if !ok(l.at(q)) {
		return q
	}
	for {
		for ok(l.at(q)) {
			q++
		}
		if l.at(q) == '_' && ok(l.at(q+1)) {
			q++
			continue
		}
		return q
	}
}

func (l *Lexer) scanNumber(p int) (Kind, string, bool) {
	if l.at(p) == '0' {
		base := 0
		switch l.at(p+1) | 0x20 {
		case 'x':
			base = 16
		case 'b':
			base = 2
		case 'o':
			base = 8
		}
		if base != 0 {
			if q := l.digits(p+2, isDigitIn(base)); q > p+2 {
				l.pos = q
				return l.intKind(p, p+2, q, base)
			}
		}
	}
	dec := isDigitIn(10)
	q := l.digits(p, dec)
	float := false
	if l.at(q) == '.' && (q > p || dec(l.at(q+1))) {
		float = true
		q = l.digits(q+1, dec)
	}
	if l.at(q)|0x20 == 'e' {
		e := q + 1
		if l.at(e) == '+' || l.at(e) == '-' {
			e++
		}
		if dec(l.at(e)) {
			float = true
			q = l.digits(e, dec)
		}
	}
	l.pos = q
	if float {
		return DNumber, l.withoutUnderscores(p, q), true
	}
	base := 10
	if l.at(p) == '0' && q > p+1 {
		base = 8 // legacy octal 0777
	}
	return l.intKind(p, p, q, base)
}

// intKind classifies an integer literal spanning [start,q) whose digits
// begin at d: PHP turns integers that overflow into floats.
func (l *Lexer) intKind(start, d, q, base int) (Kind, string, bool) {
	full := l.withoutUnderscores(start, q)
	digits := full[d-start:]
	if len(full) != q-start {
		digits = strings.ReplaceAll(l.str[d:q], "_", "")
	}
	if _, err := strconv.ParseInt(digits, base, 64); err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return DNumber, full, true
		}
	}
	return LNumber, full, true
}

// withoutUnderscores returns src[p:q] without the "_" digit separators,
// sharing the source's memory when there are none.
func (l *Lexer) withoutUnderscores(p, q int) string {
	t := l.str[p:q]
	if strings.IndexByte(t, '_') < 0 {
		return t
	}
	return strings.ReplaceAll(t, "_", "")
}

// unescaped decodes src[p:q] as unescape does, sharing the source's
// memory when there is no escape sequence (the common case).
func (l *Lexer) unescaped(p, q int, quote byte) string {
	if strings.IndexByte(l.str[p:q], '\\') < 0 {
		return l.str[p:q]
	}
	return unescape(l.src[p:q], quote)
}

// unescapedSingle decodes src[p:q] as unescapeSingle does, sharing the
// source's memory when there is no backslash.
func (l *Lexer) unescapedSingle(p, q int) string {
	if strings.IndexByte(l.str[p:q], '\\') < 0 {
		return l.str[p:q]
	}
	return unescapeSingle(l.src[p:q])
}

// scanQuoted lexes a '...' or "..." string at q (tok is the token start,
// before any b prefix).
func (l *Lexer) scanQuoted(q, tok int) (Kind, string, bool) {
	s := l.src
	// Fast paths, for long literals (encoded payloads): a string whose
	// closing quote comes before any backslash (or, in "...", any "$" or
	// "{") is one constant, and its value is its text.
	if e := bytes.IndexByte(s[q+1:], s[q]); e >= 0 {
		body := s[q+1 : q+1+e]
		if bytes.IndexByte(body, '\\') < 0 && (s[q] == '\'' || bytes.IndexByte(body, '$') < 0 && bytes.IndexByte(body, '{') < 0) {
			l.pos = q + 1 + e + 1
			return ConstString, l.str[q+1 : q+1+e], true
		}
	}
	if s[q] == '\'' {
		i := q + 1
		for i < len(s) && s[i] != '\'' {
			if s[i] == '\\' {
				i++
			}
			i++
		}
		if i >= len(s) {
			l.errorf(tok, "unterminated single-quoted string")
			l.pos = len(s)
			return EncapsedString, l.unescapedSingle(q+1, len(s)), true
		}
		l.pos = i + 1
		return ConstString, l.unescapedSingle(q+1, i), true
	}
	// Like PHP, scan ahead: without interpolation the whole string is one
	// constant token, otherwise it is split into parts.
	i := q + 1
	for i < len(s) {
		c := s[i]
		if c == '"' {
			l.pos = i + 1
			return ConstString, l.unescaped(q+1, i, '"'), true
		}
		if c == '\\' {
			i += 2
			continue
		}
		if c == '$' && (isLabelStart(l.at(i+1)) || l.at(i+1) == '{') || c == '{' && l.at(i+1) == '$' {
			break
		}
		i++
	}
	l.dqScanned = min(i, len(s))
	l.pos = q + 1
	l.cur = stDQ
	return Quote, "", false
}

// scanEncaps lexes inside "..." or `...`.
func (l *Lexer) scanEncaps(quote byte) (Kind, string, bool) {
	s, p := l.src, l.pos
	if s[p] == quote {
		l.pos = p + 1
		l.cur = stScripting
		if quote == '`' {
			return Backtick, "", false
		}
		return Quote, "", false
	}
	if k, v, ok := l.interpolation(p); ok {
		return k, v, k == Variable
	}
	i := p
	if quote == '"' && l.dqScanned > i {
		i = l.dqScanned // already known to be plain text; avoids rescanning
	}
	for i < len(s) {
		c := s[i]
		if c == quote || c == '$' && (isLabelStart(l.at(i+1)) || l.at(i+1) == '{') || c == '{' && l.at(i+1) == '$' {
			break
		}
		if c == '\\' {
			i++
		}
		i++
	}
	i = min(i, len(s))
	if i >= len(s) {
		l.errorf(p, "unterminated %c string", quote)
	}
	l.pos = i
	return EncapsedString, l.unescaped(p, i, quote), true
}

// interpolation lexes "$var", "${" or "{$" inside a string, pushing the
// state PHP uses for what follows.
func (l *Lexer) interpolation(p int) (Kind, string, bool) {
	c, d := l.src[p], l.at(p+1)
	switch {
	case c == '$' && isLabelStart(d):
		q := l.label(p + 1)
		l.pos = q
		switch {
		case l.at(q) == '[':
			l.push(stVarOffset)
		case l.at(q) == '-' && l.at(q+1) == '>' && isLabelStart(l.at(q+2)),
			l.at(q) == '?' && l.at(q+1) == '-' && l.at(q+2) == '>' && isLabelStart(l.at(q+3)):
			l.push(stLookProp)
		}
		return Variable, l.str[p+1 : q], true
	case c == '$' && d == '{':
		l.pos = p + 2
		l.push(stLookVarname)
		return DollarOpenCurly, "", true
	case c == '{' && d == '$':
		l.pos = p + 1
		l.push(stScripting)
		return CurlyOpen, "", true
	}
	return 0, "", false
}

// scanVarOffset lexes inside "$a[...]"; false means the state was popped
// without consuming input.
func (l *Lexer) scanVarOffset() (Kind, string, bool) {
	s, p := l.src, l.pos
	c := s[p]
	switch {
	case c >= '0' && c <= '9':
		q := p + 1
		for q < len(s) && isLabel(s[q]) { // covers 0x1A, 0b1, 012 as PHP does
			q++
		}
		l.pos = q
		return NumString, "", true
	case c == '$' && isLabelStart(l.at(p+1)):
		l.pos = l.label(p + 1)
		return Variable, l.str[p+1 : l.pos], true
	case c == ']':
		l.pos = p + 1
		l.pop()
		return Op, "", true
	case isLabelStart(c):
		l.pos = l.label(p)
		return Ident, "", true
	case strings.IndexByte(";:,.|^&+-/*=%!~$<>?@[(){}\"`", c) >= 0:
		l.pos = p + 1
		return Op, "", true
	case c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\\' || c == '\'' || c == '#':
		l.pop()
		return 0, "", false
	}
	l.pos = p + 1
	return Invalid, "", true
}
