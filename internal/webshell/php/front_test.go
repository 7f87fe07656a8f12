package php

// Equivalence tests of the faster front end against what it replaced:
// the old implementations are kept here as references.

import (
	"bytes"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// refCasts is the table of casts that castType replaced.
var refCasts = map[string]string{
	"int": "int", "integer": "int", "bool": "bool", "boolean": "bool",
	"float": "float", "double": "float", "real": "float", "string": "string",
	"binary": "string", "array": "array", "object": "object", "unset": "unset",
}

// refAssignOps is the table of assignment operators that isAssignOp
// replaced.
var refAssignOps = map[string]bool{"=": true, "+=": true, "-=": true, "*=": true, "/=": true,
	".=": true, "%=": true, "&=": true, "|=": true, "^=": true, "<<=": true, ">>=": true,
	"**=": true, "??=": true}

// refKeyword is keyword as a map lookup of the lower-cased name.
func refKeyword(name []byte) (string, bool) {
	lw := strings.ToLower(string(name))
	return lw, keywords[lw]
}

// frontWords are names and operators for the table tests: every keyword,
// cast and operator, in several cases, and look-alikes.
func frontWords() []string {
	var ws []string
	for k := range keywords {
		ws = append(ws, k, strings.ToUpper(k), strings.ToUpper(k[:1])+k[1:], k+"x", "x"+k, k[:len(k)-1])
	}
	for k := range refCasts {
		ws = append(ws, k, strings.ToUpper(k), k+"s", k[1:])
	}
	ws = append(ws, ops3...)
	ws = append(ws, ops2...)
	for i := range len(ops1) {
		ws = append(ws, ops1[i:i+1])
	}
	ws = append(ws, "", "a", "_", "__", "base64_decode", "str_replace", "brea\u212a", "\u212aey",
		"ECH\u00d8", "\xff", "\xff\xfe", "ıf", "İf", strings.Repeat("a", 20), "__halt_compiler_")
	r := rand.New(rand.NewSource(1))
	const alpha = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789\x80\xe2\x84\xaa"
	for range 50000 {
		b := make([]byte, 1+r.Intn(16))
		for i := range b {
			b[i] = alpha[r.Intn(len(alpha))]
		}
		ws = append(ws, string(b))
	}
	return ws
}

func TestKeywordTable(t *testing.T) {
	for _, w := range frontWords() {
		got, ok := keyword([]byte(w))
		want, wantOK := refKeyword([]byte(w))
		if ok != wantOK || ok && got != want {
			t.Errorf("keyword(%q) = %q, %v; want %q, %v", w, got, ok, want, wantOK)
		}
	}
}

func TestCastTable(t *testing.T) {
	for _, w := range frontWords() {
		low := []byte(strings.ToLower(w))
		got, ok := castType(low)
		want, wantOK := refCasts[string(low)]
		if ok != wantOK || got != want {
			t.Errorf("castType(%q) = %q, %v; want %q, %v", low, got, ok, want, wantOK)
		}
	}
}

func TestOperatorTables(t *testing.T) {
	words := frontWords()
	for c := range 256 {
		words = append(words, string(rune(c)), string([]byte{byte(c)}))
	}
	for _, w := range words {
		if got, want := isAssignOp(w), refAssignOps[w]; got != want {
			t.Errorf("isAssignOp(%q) = %v; want %v", w, got, want)
		}
		if got, want := binaryPrec(w), binPrec[w]; got != want {
			t.Errorf("binaryPrec(%q) = %d; want %d", w, got, want)
		}
	}
}

// refScanScripting is scanScripting before its byte switch and operator
// tables: a chain of conditions, and operators matched as strings.
func (l *Lexer) refScanScripting() (Kind, string, bool) {
	s, p := l.src, l.pos
	c := s[p]
	switch {
	case isWS(c):
		l.pos = l.skipWS(p)
		return Whitespace, "", false
	case c == '$':
		if isLabelStart(l.at(p + 1)) {
			l.pos = l.label(p + 1)
			return Variable, l.str[p+1 : l.pos], true
		}
		l.pos = p + 1
		return Op, "", false
	case (c == 'b' || c == 'B') && (l.at(p+1) == '\'' || l.at(p+1) == '"'):
		return l.scanQuoted(p+1, p)
	case (c == 'b' || c == 'B') && l.hasPrefix(p+1, "<<<"):
		if k, v, ok := l.heredocStart(p + 1); ok {
			return k, v, true
		}
		return l.scanName(p)
	case c >= '0' && c <= '9' || c == '.' && l.at(p+1) >= '0' && l.at(p+1) <= '9':
		return l.scanNumber(p)
	case c == '\'' || c == '"':
		return l.scanQuoted(p, p)
	case c == '`':
		l.pos = p + 1
		l.cur = stBQ
		return Backtick, "", false
	case c == '#':
		if l.at(p+1) == '[' {
			l.pos = p + 2
			return Attribute, "", false
		}
		return l.lineComment(p + 1)
	case c == '/' && l.at(p+1) == '/':
		return l.lineComment(p + 2)
	case c == '/' && l.at(p+1) == '*':
		return l.blockComment(p)
	case c == '?' && l.at(p+1) == '>':
		return l.closeTag(p, p+2)
	case c == '<' && l.scriptTag && l.hasPrefixFold(p, "</script"):
		q := l.skipWS(p + 8)
		if l.at(q) == '>' {
			return l.closeTag(p, q+1)
		}
	case c == '<' && l.hasPrefix(p, "<<<"):
		if k, v, ok := l.heredocStart(p); ok {
			return k, v, true
		}
	case c == '(':
		if k, v, ok := l.cast(p); ok {
			return k, v, true
		}
	case c == '{':
		l.pos = p + 1
		l.push(stScripting)
		return Op, "", false
	case c == '}':
		l.pos = p + 1
		if len(l.stack) > 0 {
			l.pop()
		}
		return Op, "", false
	case isLabelStart(c) || c == '\\' && isLabelStart(l.at(p+1)):
		return l.scanName(p)
	}
	for _, op := range append(append([]string(nil), ops3...), ops2...) {
		if op[0] == c && l.hasPrefix(p, op) {
			l.pos = p + len(op)
			if op == "?->" || op == "->" {
				l.push(stLookProp)
			}
			return Op, "", false
		}
	}
	l.pos = p + 1
	if strings.IndexByte(ops1, c) >= 0 {
		return Op, "", false
	}
	l.errorf(p, "unexpected character 0x%02x", c)
	return Invalid, "", false
}

// refTokens tokenizes src as Next does, with refScanScripting for code.
func refTokens(src []byte) ([]Token, string) {
	l := NewLexer(src)
	var ts []Token
	for l.pos < len(l.src) {
		start := l.pos
		var k Kind
		var val string
		var hasVal bool
		if l.cur == stScripting && !l.haltData {
			k, val, hasVal = l.refScanScripting()
		} else {
			k, val, hasVal = l.scanOne()
		}
		text := l.str[start:l.pos]
		if !hasVal {
			val = text
		}
		t := Token{Kind: k, Text: text, Value: val, Line: int32(l.line), Offset: int32(start)}
		l.line += countNewlines(l.src[start:l.pos])
		if l.halt != 0 || k == Keyword {
			l.trackHalt(&t)
		}
		ts = append(ts, t)
	}
	l.checkEOF()
	var errs string
	if err := l.Err(); err != nil {
		errs = err.Error()
	}
	return ts, errs
}

// checkFront checks that Next and appendCode give refTokens' tokens.
func checkFront(t *testing.T, src []byte) {
	t.Helper()
	want, wantErr := refTokens(src)
	got, err := Tokenize(src)
	errs := ""
	if err != nil {
		errs = err.Error()
	}
	if !slices.Equal(got, want) || errs != wantErr {
		t.Fatalf("%q:\n got %+v %s\nwant %+v %s", src, got, errs, want, wantErr)
	}
	checkCodeTokens(t, src)
}

// TestFrontEquivalence holds the lexer to its reference on generated
// programs and on every string of up to three operator bytes.
func TestFrontEquivalence(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for i := range n {
		src := genFront(r, 1+i%100)
		checkFront(t, src)
		// The same with other line breaks, which count as PHP counts them.
		checkFront(t, bytes.ReplaceAll(src, []byte("\n"), []byte("\r")))
		checkFront(t, bytes.ReplaceAll(src, []byte(" "), []byte("\r\n\t\r")))
	}
	const alpha = ";:,.[]()|^&+-/*=%!~$<>?@{}\\#'\"`b0a \n\r"
	var b bytes.Buffer
	for i := range len(alpha) {
		for j := range len(alpha) {
			for k := range len(alpha) {
				b.Reset()
				b.WriteString("<?php ")
				b.WriteByte(alpha[i])
				b.WriteByte(alpha[j])
				b.WriteByte(alpha[k])
				checkFront(t, b.Bytes())
			}
		}
	}
}

func FuzzFront(f *testing.F) {
	for _, s := range []string{
		"<?php $a->b?->c::d(...$e) <=> 1 ** 2 ?? 3 <<= 4;", "<?php (int)$x . ( STRING ) $y (foo) b'q' B<<<A\nx\nA\n",
		"<?php ECHO Eval(1); brea\u212a; \\A\\B; #[X] /* c */ // d\n?>x<?= 1 ?>", "<script language=php>$a</script >",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkFront(t, src)
	})
}

// TestFrontCorpus holds the lexer to its reference on every PHP file of
// the development corpus.
func TestFrontCorpus(t *testing.T) {
	for _, src := range frontCorpus(t) {
		checkFront(t, src)
	}
}

// TestKeywordBuckets keeps the keyword buckets small: a name is compared
// with every keyword of its bucket.
func TestKeywordBuckets(t *testing.T) {
	for h, b := range kwBuckets {
		if len(b) > 3 {
			t.Errorf("bucket %d holds %q", h, b)
		}
	}
}

// frontFragments are pieces of PHP that genFront strings together into
// random, mostly broken programs.
var frontFragments = strings.Fields(`<?php <?= <? ?> <script language="php"> </script> $a $b $_POST $GLOBALS
	['x'] [0] [] ( ) { } ; , = .= += =& => -> ?-> :: ? : ?? ** ! @ & ... $$ $ ${ 'a' "b$c" "d{$e[1]}f" "${g}"
	"h${i[2]}" "\x41$j->k" ` + "`ls $x`" + ` <<<A<NL>x$y<NL>A<NL> <<<'B'<NL>z<NL>B<NL> <<<"C"<NL>{$d}<NL>C; 1 0x1F 1.5e3
	0777 1_000 .5 eval assert system function fn use static global public private var const class
	trait interface new clone list array isset empty unset exit die echo print return yield from
	include require_once if else elseif while for foreach as switch case default match try catch
	finally throw goto namespace \A\B \system A\B __halt_compiler (int) (string) ( array ) (unset)
	__FILE__ __LINE__ and or xor instanceof // /* */ # #[ ] <NL> <SP> <TAB> \ " ' <BT> b'q' B"r"`)

// genFront returns a random program made of n fragments.
func genFront(r *rand.Rand, n int) []byte {
	var b strings.Builder
	for range n {
		f := frontFragments[r.Intn(len(frontFragments))]
		f = strings.NewReplacer("<NL>", "\n", "<SP>", " ", "<TAB>", "\t", "<BT>", "`").Replace(f)
		b.WriteString(f)
		if r.Intn(3) == 0 {
			b.WriteByte(' ')
		}
	}
	return []byte(b.String())
}
