// Package lang decides which server-side language a file is written in by
// looking at its content, not its name. Webshells are routinely planted with
// misleading extensions (shell.jpg, favicon.ico, x.txt) or with an image
// header in front of the code, and "<% %>" blocks are shared by JSP, classic
// ASP and ASP.NET, so the code inside decides; the file name only breaks
// ties.
package lang

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"path"
	"slices"
	"strings"
	"unicode/utf16"
)

// Lang is a detected file language.
type Lang uint8

// Languages.
const (
	Unknown Lang = iota // text without recognisable code
	Binary              // non-text data without embedded code
	PHP
	JSP    // JavaServer Pages, including JSPX documents
	ASP    // classic ASP (VBScript or JScript)
	ASPX   // ASP.NET: .aspx, .ashx, .asmx, .ascx, ...
	Perl   // Perl, typically CGI
	Python // Python, typically CGI
	Shell  // POSIX shell script
	HTML   // markup without server-side code
)

var langNames = [...]string{"Unknown", "Binary", "PHP", "JSP", "ASP", "ASPX", "Perl", "Python", "Shell", "HTML"}

// String returns the language name.
func (l Lang) String() string {
	if int(l) < len(langNames) {
		return langNames[l]
	}
	return fmt.Sprintf("Lang(%d)", l)
}

// Confidence grades how clear the evidence was.
type Confidence uint8

// Confidence levels.
const (
	Low    Confidence = iota // weak or conflicting hints; the name may have decided
	Medium                   // several hints, no structural marker
	High                     // a structural marker (open tag, directive, shebang) and no strong rival
)

func (c Confidence) String() string {
	return [...]string{"low", "medium", "high"}[c]
}

// Result is Detect's verdict with the evidence behind it.
type Result struct {
	Lang       Lang
	Confidence Confidence
	Reason     string
}

// maxScan bounds the work per file; markers of real shells sit well within
// it, and a bound keeps scanning huge files cheap.
const maxScan = 4 << 20

// strong is the score of a structural marker; weaker hints add up to less.
const strong = 10

type scorer struct {
	score   [HTML + 1]int
	reasons [HTML + 1][]string
}

func (s *scorer) add(l Lang, w int, why string) {
	s.score[l] += w
	if len(s.reasons[l]) < 4 {
		s.reasons[l] = append(s.reasons[l], why)
	}
}

// LowerASCII appends b lower-cased to dst. Only ASCII letters change: the
// markers searched for in source code are ASCII, and bytes.ToLower's
// Unicode path costs more than a whole hint search on Chinese text.
func LowerASCII(dst, b []byte) []byte {
	n := len(dst)
	dst = slices.Grow(dst, len(b))[:n+len(b)]
	// Eight bytes at a time (this runs over every file): a byte whose
	// low seven bits are at least 'A' and not above 'Z', and whose high
	// bit is clear, gets bit 0x20. The sums cannot carry into the next
	// byte (0x7f + 0x3f < 0x100). The rest goes through a table.
	out := dst[n:]
	i := 0
	for ; i+8 <= len(b); i += 8 {
		const ones, highs = 0x0101010101010101, 0x8080808080808080
		w := binary.LittleEndian.Uint64(b[i:])
		low7 := w &^ highs
		ge := low7 + (0x80-'A')*ones   // high bit: low7 >= 'A'
		gt := low7 + (0x80-'Z'-1)*ones // high bit: low7 > 'Z'
		upper := ge &^ gt &^ w & highs
		binary.LittleEndian.PutUint64(out[i:], w|upper>>2)
	}
	for ; i < len(b); i++ {
		out[i] = lowerTable[b[i]]
	}
	return dst
}

// ContainsFold reports whether b contains low (lower case) ignoring ASCII
// case, as bytes.Contains(LowerASCII(nil, b), low) does, without a copy
// of b: it lower-cases a block at a time into a buffer on the stack, the
// blocks overlapping by len(low)-1 bytes so that every occurrence is
// whole in one of them.
func ContainsFold(b []byte, low string) bool {
	const block = 4096
	var buf [block]byte
	if len(low) > block/2 {
		return bytes.Contains(LowerASCII(nil, b), []byte(low))
	}
	for i := 0; ; i += block - (len(low) - 1) {
		end := min(len(b), i+block)
		if bytes.Contains(LowerASCII(buf[:0], b[i:end]), []byte(low)) {
			return true
		}
		if end == len(b) {
			return false
		}
	}
}

// lowerEqual reports whether b lower-cased (ASCII) equals low.
func lowerEqual(b, low []byte) bool {
	for i, c := range b {
		if lowerTable[c] != low[i] {
			return false
		}
	}
	return true
}

// lowerTable maps each byte to itself, ASCII capitals to lower case.
var lowerTable = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if 'A' <= i && i <= 'Z' {
			t[i] += 'a' - 'A'
		}
	}
	return t
}()

// hintTexts are every text Detect looks for, in the order of the
// offsets its finder returns: ciHints, vbHints, markerTexts, then csHints
// (matched exactly as written).
var hintTexts, hintExact = func() (ts []string, ex []bool) {
	for _, list := range [][]hint{ciHints, vbHints} {
		for _, h := range list {
			ts = append(ts, h.text)
		}
	}
	ts = append(ts, markerTexts...)
	ex = make([]bool, len(ts))
	for _, h := range csHints {
		ts = append(ts, h.text)
		ex = append(ex, true)
	}
	return ts, ex
}()

var hints = newFinder(hintTexts, hintExact, "set ")

// Structural markers, found in the same pass as the hints (a search per
// marker would read the whole text once each); the functions that score
// them look them up by index (the m* constants, in the order of
// markerTexts).
var markerTexts = []string{
	"<?php", "<?=", `<script language="php"`, `<script language='php'`, "<script language=php",
	"<?", "<%--", "--%>", "<%", "<%@", "<script", "set ",
	"<jsp:root", "<jsp:directive", "<jsp:scriptlet", "<jsp:declaration", "<jsp:expression", "xmlns:jsp=",
}

const (
	mPHP = iota
	mEcho
	mScriptPHP1
	mScriptPHP2
	mScriptPHP3
	mShort
	mCommentOpen
	mCommentClose
	mBlock
	mDirective
	mScript
	mSet
	mJSPRoot
	mJSPDirective
	mJSPScriptlet
	mJSPDeclaration
	mJSPExpression
	mJSPNamespace
	nMarkers
)

// markers are the first offsets of markerTexts in a text, ignoring
// ASCII case, or -1.
type markers [nMarkers]int

func (ms *markers) has(m int) bool { return ms[m] >= 0 }

// hint is a substring whose presence suggests a language.
type hint struct {
	l    Lang
	w    int
	text string
}

// Strings finds which of a fixed list of strings occur in a text, in one
// pass, ignoring ASCII case.
type Strings struct {
	f    *finder
	n    int       // strings in the list
	long []int     // list index of each finder text
	one  []oneByte // the strings of one byte, which the finder does not take
}

// oneByte is a one-byte string of the list: its index and its byte
// (lower case).
type oneByte struct {
	k int
	c byte
}

// NewStrings returns a Strings for list (non-empty strings; case is
// folded for ASCII letters only, as in LowerASCII). It panics if more
// than 64 strings of fewer than seven bytes share their rarest byte (see
// finder), a programming error in a fixed list.
func NewStrings(list ...string) *Strings {
	s := &Strings{n: len(list)}
	var texts []string
	for k, t := range list {
		switch len(t) {
		case 0:
			panic("lang: NewStrings of an empty string")
		case 1:
			s.one = append(s.one, oneByte{k, lowerTable[t[0]]})
		default:
			texts = append(texts, t)
			s.long = append(s.long, k)
		}
	}
	// No text is collected: "" is in no list.
	s.f = newFinder(texts, make([]bool, len(texts)), "")
	return s
}

// Index returns, for each string of the list, the offset of its first
// occurrence in b ignoring ASCII case, or -1.
func (s *Strings) Index(b []byte) []int {
	out := make([]int, s.n)
	var posBuf [64]int
	pos := posBuf[:0]
	if len(s.long) > len(posBuf) {
		pos = make([]int, len(s.long))
	}
	pos = pos[:len(s.long)]
	var occ [maxCollect]int
	s.f.find(b, pos, &occ)
	for i, k := range s.long {
		out[k] = pos[i]
	}
	for _, o := range s.one {
		out[o.k] = indexFold(b, []byte{o.c})
	}
	return out
}

const fold4 = 0x20202020

const quadBits = 16

// quadHash hashes four bytes (little-endian) to quadBits bits.
func quadHash(q uint32) uint32 { return q * 0x9E3779B1 >> (32 - quadBits) }

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// indexFold is bytes.Index ignoring ASCII case; low is lower case.
func indexFold(b, low []byte) int {
	if len(low) == 0 {
		return 0
	}
	c0, c1 := low[0], low[0]
	if 'a' <= c0 && c0 <= 'z' {
		c1 = c0 - ('a' - 'A')
	}
	for i := 0; i+len(low) <= len(b); i++ {
		j := bytes.IndexByte(b[i:], c0)
		if c1 != c0 {
			if k := bytes.IndexByte(b[i:], c1); k >= 0 && (j < 0 || k < j) {
				j = k
			}
		}
		if j < 0 {
			return -1
		}
		i += j
		if i+len(low) <= len(b) && lowerEqual(b[i:i+len(low)], low) {
			return i
		}
	}
	return -1
}

// ciHints are matched against the lower-cased content.
var ciHints = []hint{
	{PHP, 3, "$_get["}, {PHP, 3, "$_post["}, {PHP, 3, "$_request["}, {PHP, 3, "$_cookie["},
	{PHP, 2, "$_server["}, {PHP, 2, "$_files["}, {PHP, 2, "$_session["}, {PHP, 2, "eval($"},
	{PHP, 2, "function_exists("}, {PHP, 2, "preg_replace("}, {PHP, 2, "str_rot13("},
	{PHP, 2, "gzinflate("}, {PHP, 2, "create_function("}, {PHP, 2, "shell_exec("},
	{PHP, 2, "move_uploaded_file("}, {PHP, 2, "file_put_contents("}, {PHP, 2, "$this->"},
	{PHP, 1, "base64_decode("}, {PHP, 1, "echo $"},
	// An XSL stylesheet in PHP's XSL namespace is written to be run by
	// PHP's XSLTProcessor, whose registerPHPFunctions lets it call PHP
	// functions (php:function('assert', ...)): the PHP analysis reads
	// those calls.
	{PHP, 6, "http://php.net/xsl"},

	{JSP, 4, "request.getparameter("}, {JSP, 4, "runtime.getruntime()"}, {JSP, 3, "processbuilder("},
	{JSP, 3, "java.io."}, {JSP, 3, "java.util."}, {JSP, 3, "java.lang."}, {JSP, 3, "javax."},
	{JSP, 3, "new java."}, {JSP, 2, "out.print"}, {JSP, 2, "system.out."}, {JSP, 3, "classloader"},
	{JSP, 3, "defineclass("}, {JSP, 3, "class.forname("}, {JSP, 3, "session.getattribute("},
	{JSP, 3, "application.getrealpath("}, {JSP, 3, "getservletcontext()"}, {JSP, 3, "pagecontext"},
	{JSP, 3, "response.getwriter()"}, {JSP, 3, "request.getsession("}, {JSP, 2, "getinputstream()"},

	// Classic ASP only: VBScript's Execute/Eval statements, paren-less
	// calls and COM objects typical of classic pages.
	{ASP, 3, "eval request"}, {ASP, 3, "execute request"}, {ASP, 2, "execute("}, {ASP, 3, "executeglobal"},
	{ASP, 3, "response.write \""}, {ASP, 2, "on error resume next"}, {ASP, 2, "\nwend"},
	{ASP, 2, "eval(request("}, {ASP, 2, "execute(request("}, {ASP, 3, "request.form('"},
	{ASP, 3, "request('"}, {ASP, 3, "scripting.filesystemobject"}, {ASP, 3, "adodb."},
	{ASPX, 6, "<asp:"}, {ASPX, 4, "using system"}, {ASPX, 3, "system.diagnostics"},
	{ASPX, 3, "process.start("}, {ASPX, 4, "processstartinfo"}, {ASPX, 4, "request.form["},
	{ASPX, 4, "request.querystring["}, {ASPX, 4, "request[\""}, {ASPX, 4, "request.item["},
	{ASPX, 4, "request.params["}, {ASPX, 4, "protected void"}, {ASPX, 4, "void page_load"},
	{ASPX, 3, "eventargs"}, {ASPX, 3, "httpcontext"}, {ASPX, 4, "ihttphandler"},
	{ASPX, 3, "system.reflection"}, {ASPX, 3, "assembly.load"}, {ASPX, 3, "convert.frombase64string"},
	{ASPX, 4, "[webmethod]"}, {ASPX, 3, "new system."}, {ASPX, 4, "\"unsafe\")"}, {ASPX, 2, "system.io"},

	{Perl, 4, "use strict;"}, {Perl, 2, "my $"}, {Perl, 2, "$env{"}, {Perl, 3, "use socket"},
	{Perl, 3, "use cgi"}, {Perl, 3, "use lwp"}, {Perl, 3, "use io::socket"}, {Perl, 2, "$_[0]"},
	{Perl, 3, "$^o"}, {Perl, 2, "\nsub "},
	{Shell, 3, "\nfi\n"}, {Shell, 2, "; then\n"}, {Shell, 1, "\nexport "}, {Shell, 1, "\necho "},
	{Python, 5, "if __name__ =="}, {Python, 3, "\nimport os"}, {Python, 2, "\nfrom "},
	{Python, 1, "\ndef "}, {Python, 2, "self."},

	{HTML, 3, "<html"}, {HTML, 3, "<!doctype html"}, {HTML, 2, "<body"}, {HTML, 2, "<head"},
	{HTML, 1, "<div"}, {HTML, 1, "<table"}, {HTML, 1, "<script"},
}

// vbHints are valid both in VBScript (classic ASP) and VB.NET (ASP.NET's
// default language), so they count for both and leave the decision to
// stronger evidence or the file name.
var vbHints = []hint{
	{ASP, 3, "server.createobject("}, {ASP, 2, "createobject("}, {ASP, 3, "request.form(\""},
	{ASP, 3, "request.querystring(\""}, {ASP, 3, "request(\""}, {ASP, 2, "request("},
	{ASP, 1, "response.write("}, {ASP, 2, "dim "}, {ASP, 2, "end if"}, {ASP, 3, "wscript.shell"},
	{ASP, 2, "vbcrlf"}, {ASP, 1, "end sub"}, {ASP, 1, "end function"}, {ASP, 1, "response.end"},
	{ASP, 2, "server.scripttimeout"}, {ASP, 3, "request.servervariables("}, {ASP, 2, "strreverse("},
}

// csHints are case-sensitive, for idioms whose spelling differs only in
// case between Java and C# (getBytes vs GetBytes, String vs string).
var csHints = []hint{
	{JSP, 2, ".getBytes("}, {JSP, 1, "String "}, {JSP, 2, "import java"}, {JSP, 2, " throws "},
	{JSP, 2, ".equals("}, {JSP, 2, ".length()"},
	{ASPX, 2, ".GetBytes("}, {ASPX, 1, "string "}, {ASPX, 2, ".Length"}, {ASPX, 2, "ToString()"},
}

var extLang = map[string]Lang{
	".php": PHP, ".php3": PHP, ".php4": PHP, ".php5": PHP, ".php7": PHP, ".php8": PHP,
	".phtml": PHP, ".pht": PHP, ".phar": PHP, ".inc": PHP,
	".jsp": JSP, ".jspx": JSP, ".jspf": JSP, ".jsw": JSP, ".jsv": JSP,
	".asp": ASP, ".asa": ASP, ".cer": ASP, ".cdx": ASP,
	".aspx": ASPX, ".ashx": ASPX, ".asmx": ASPX, ".ascx": ASPX, ".asax": ASPX, ".master": ASPX,
	".svc": ASPX, ".config": ASPX,
	".pl": Perl, ".pm": Perl, ".cgi": Perl, ".py": Python, ".sh": Shell, ".bash": Shell,
	".html": HTML, ".htm": HTML, ".xhtml": HTML,
}

// preference orders ties that the file name cannot break.
// VB-style code without a directive is more often classic ASP.
var preference = []Lang{PHP, JSP, ASP, ASPX, Perl, Python, Shell}

// Detect decides the language of content b; name (may be empty) is used
// only to break ties between equally supported languages.
func Detect(b []byte, name string) Result {
	if len(b) == 0 {
		return Result{Unknown, Low, "empty"}
	}
	if len(b) > 2*maxScan+2 {
		b = b[:2*maxScan+2] // enough for maxScan bytes of text in any encoding
	}
	text, enc := Text(b)
	if len(text) > maxScan {
		text = text[:maxScan]
	}
	if enc != "" {
		enc += "; "
	}
	bin := looksBinary(text)
	var s scorer

	var posBuf [256]int
	pos := posBuf[:len(hintTexts)]
	var setAt [maxCollect]int
	nSet := hints.find(text, pos, &setAt)
	var ms markers
	copy(ms[:], pos[len(ciHints)+len(vbHints):])
	shebang(text, &s)
	phpMarkers(text, &ms, &s)
	block := serverMarkers(text, &ms, &s)
	for i, p := range pos[:len(ciHints)+len(vbHints)] {
		if p < 0 {
			continue
		}
		if i < len(ciHints) {
			h := ciHints[i]
			s.add(h.l, h.w, h.text)
			continue
		}
		h := vbHints[i-len(ciHints)]
		s.add(ASP, h.w, h.text)
		s.add(ASPX, h.w, h.text)
	}
	if vbSet(text, setAt[:nSet]) {
		s.add(ASP, 3, "set x = (VBScript)")
	}
	for i, p := range pos[len(ciHints)+len(vbHints)+len(markerTexts):] {
		if p < 0 {
			continue
		}
		h := csHints[i]
		s.add(h.l, h.w, h.text)
	}

	extL, hasExt := extLang[strings.ToLower(path.Ext(name))]
	best, top := Unknown, 0
	for _, l := range preference {
		if sc := s.score[l]; sc > top || sc == top && sc > 0 && hasExt && l == extL {
			best, top = l, sc
		}
	}
	second := 0
	for _, l := range preference {
		if l != best {
			second = max(second, s.score[l])
		}
	}
	prefix := enc
	if bin {
		prefix += "binary content; "
	}
	threshold := 3
	if bin {
		// Random bytes must not look like code, yet "<%eval request(..)%>"
		// after a JPEG header (IIS "x.asp;.jpg") must still count.
		threshold = 5
	}
	if best != Unknown && top >= threshold {
		conf := Low
		switch {
		case top >= strong && top >= 2*second:
			conf = High
		case top >= 5 && top > second:
			conf = Medium
		}
		why := prefix + strings.Join(s.reasons[best], ", ")
		if top == second {
			why += fmt.Sprintf(" (tie broken by name %q)", path.Base(name))
		}
		return Result{best, conf, why}
	}
	if bin {
		return Result{Binary, High, prefix + "no embedded code"}
	}
	if block && (best == JSP || best == ASP || best == ASPX) {
		// A "<% %>" block is server code even when too short to tell
		// whose; report the best guess rather than HTML.
		return Result{best, Low, prefix + "<% %> code with weak hints: " + strings.Join(s.reasons[best], ", ")}
	}
	if s.score[HTML] > 0 {
		return Result{HTML, Medium, prefix + "markup without server code: " + strings.Join(s.reasons[HTML], ", ")}
	}
	if hasExt && best != Unknown && top > 0 && extL == best {
		return Result{best, Low, prefix + "weak hints agree with name: " + strings.Join(s.reasons[best], ", ")}
	}
	return Result{Unknown, Low, prefix + "no recognisable code"}
}

// Text returns b as UTF-8 text with its line breaks where they were: a
// UTF-8 byte-order mark is stripped and UTF-16 (with a mark, or recognised
// by its pattern of NUL bytes) converted, as IIS and Tomcat serve UTF-16
// pages and webshells are saved that way to slip past byte scanners. enc
// names the conversion ("" for none). Other legacy encodings (GBK, ...)
// are returned as they are: every delimiter the analyses look for is
// ASCII, and no GBK trail byte is one.
func Text(b []byte) (text []byte, enc string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return b[3:], "UTF-8 BOM"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return FromUTF16(b[2:], false), "UTF-16LE"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return FromUTF16(b[2:], true), "UTF-16BE"
	}
	if len(b) >= 8 {
		n := min(len(b)&^1, 1024)
		var zeroOdd, zeroEven int
		i := 0
		// Eight bytes at a time (this runs over every file, twice for
		// a JSP page): the high bit of each byte of z is set for a NUL
		// byte (the sums carry into no other byte), and the masks
		// count those at even and odd offsets.
		for ; i+8 <= n; i += 8 {
			const lows = 0x7f7f7f7f7f7f7f7f
			x := binary.LittleEndian.Uint64(b[i:])
			z := ^((x&lows + lows) | x | lows)
			zeroEven += bits.OnesCount64(z & 0x0080008000800080)
			zeroOdd += bits.OnesCount64(z & 0x8000800080008000)
		}
		for ; i < n; i += 2 {
			if b[i] == 0 {
				zeroEven++
			}
			if b[i+1] == 0 {
				zeroOdd++
			}
		}
		half := n / 2
		if zeroOdd*10 >= half*7 && zeroEven*10 < half {
			return FromUTF16(b, false), "UTF-16LE (no BOM)"
		}
		if zeroEven*10 >= half*7 && zeroOdd*10 < half {
			return FromUTF16(b, true), "UTF-16BE (no BOM)"
		}
	}
	return b, ""
}

// FromUTF16 converts UTF-16 text (big- or little-endian, no mark) to
// UTF-8; an odd last byte is dropped and unpaired surrogates become
// U+FFFD.
func FromUTF16(b []byte, bigEndian bool) []byte {
	u := make([]uint16, len(b)/2)
	for i := range u {
		if bigEndian {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return []byte(string(utf16.Decode(u)))
}

var magics = [][]byte{
	[]byte("GIF87a"), []byte("GIF89a"), []byte("\x89PNG\r\n\x1a\n"), {0xFF, 0xD8, 0xFF},
	{0, 0, 1, 0}, []byte("PK\x03\x04"), []byte("\x7fELF"), []byte("RIFF"), []byte("II*\x00"),
	[]byte("MM\x00*"),
}

// looksBinary reports image/archive magic or a high share of control
// bytes. Bytes >= 0x80 do not count: legacy encodings (GBK, Big5, CP1251)
// are common in webshells.
func looksBinary(b []byte) bool {
	for _, m := range magics {
		if bytes.HasPrefix(b, m) {
			return true
		}
	}
	n := min(len(b), 8192)
	ctl, i := 0, 0
	// Eight bytes at a time: a word without a byte below 0x20 or DEL
	// (most of a text's) counts nothing. The high bit of each byte of
	// low is set for a byte below 0x20, of del for 0x7f; the sums carry
	// into no other byte.
	for ; i+8 <= n; i += 8 {
		const lows, highs = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
		x := binary.LittleEndian.Uint64(b[i:])
		low := ^((x & lows) + 0x6060606060606060) &^ x & highs
		d := x ^ 0x7f7f7f7f7f7f7f7f
		del := ^((d&lows + lows) | d | lows)
		if low|del == 0 {
			continue
		}
		for _, c := range b[i : i+8] {
			ctl += int(ctlTable[c])
		}
	}
	for _, c := range b[i:n] {
		ctl += int(ctlTable[c])
	}
	return ctl*20 > n // more than 5%
}

// ctlTable is 1 for the control bytes looksBinary counts: below 0x20
// except the whitespace ones and ESC, and DEL.
var ctlTable = func() (t [256]uint8) {
	for c := range 0x20 {
		switch c {
		case '\t', '\n', '\r', '\f', '\v', 0x1b:
		default:
			t[c] = 1
		}
	}
	t[0x7f] = 1
	return t
}()

func shebang(text []byte, s *scorer) {
	if !bytes.HasPrefix(text, []byte("#!")) {
		return
	}
	line := text
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	ls := strings.ToLower(string(line))
	switch {
	case strings.Contains(ls, "perl"):
		s.add(Perl, 2*strong, "perl shebang")
	case strings.Contains(ls, "python"):
		s.add(Python, 2*strong, "python shebang")
	case strings.Contains(ls, "php"):
		s.add(PHP, 2*strong, "php shebang")
	default:
		f := strings.Fields(strings.TrimPrefix(ls, "#!"))
		if len(f) > 0 {
			prog := path.Base(f[0])
			if prog == "env" && len(f) > 1 {
				prog = f[1]
			}
			switch prog {
			case "sh", "bash", "dash", "ksh", "zsh", "ash", "busybox":
				s.add(Shell, 2*strong, prog+" shebang")
			}
		}
	}
}

// phpMarkers scores PHP open tags. "<?xml" and other processing
// instructions are not PHP; a bare "<?" followed by whitespace is a short
// open tag, which webshells favour.
func phpMarkers(text []byte, ms *markers, s *scorer) {
	if ms.has(mPHP) {
		s.add(PHP, strong, "<?php tag")
	}
	if i := ms[mEcho]; i >= 0 && bytes.Contains(text[i:], []byte("?>")) {
		s.add(PHP, 4, "<?= tag")
	}
	if ms.has(mScriptPHP1) || ms.has(mScriptPHP2) || ms.has(mScriptPHP3) {
		s.add(PHP, strong, "<script language=php>")
	}
	short := 0
	for i := max(ms[mShort], 0); short < 3 && ms.has(mShort); {
		j := bytes.Index(text[i:], []byte("<?"))
		if j < 0 {
			break
		}
		i += j
		var word [17]byte // what shortTagWord reads, lower-cased
		if c := at(text, i+2); c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '$' || c == '@' ||
			shortTagWord(LowerASCII(word[:0], text[i+2:min(len(text), i+2+len(word))])) {
			short++
		}
		i += 2
	}
	if short > 0 {
		s.add(PHP, 3+short, "short open tag")
	}
}

// shortTagWord reports "<?" directly followed by PHP such as "include(" or
// "echo", as opposed to an XML processing instruction like "<?xml".
func shortTagWord(b []byte) bool {
	n := 0
	for n < len(b) && n < 16 && (b[n] >= 'a' && b[n] <= 'z' || b[n] == '_') {
		n++
	}
	if n == 0 || bytes.HasPrefix(b, []byte("xml")) {
		return false
	}
	switch string(b[:n]) {
	case "echo", "print", "include", "include_once", "require", "require_once", "eval", "if",
		"foreach", "for", "while", "function", "exit", "die", "error_reporting", "set_time_limit":
		return true
	}
	return at(b, n) == '('
}

func at(b []byte, i int) byte {
	if i < len(b) {
		return b[i]
	}
	return 0
}

// serverMarkers scores "<%@ ... %>" directives, JSPX tags, "<% %>" blocks
// and <script runat="server">.
func serverMarkers(text []byte, ms *markers, s *scorer) (block bool) {
	if ms.has(mCommentOpen) && ms.has(mCommentClose) {
		// Server-side comments exist in JSP and ASP.NET, not classic ASP.
		s.add(JSP, 3, "<%-- --%> comment")
		s.add(ASPX, 3, "<%-- --%> comment")
	}
	if i := ms[mBlock]; i >= 0 && bytes.Contains(text[i+2:], []byte("%>")) {
		block = true
		// Shared by JSP, ASP and ASP.NET; the code inside must decide.
		s.add(JSP, 1, "<% %> block")
		s.add(ASP, 1, "<% %> block")
		s.add(ASPX, 1, "<% %> block")
	}
	for m := mJSPRoot; m <= mJSPNamespace; m++ {
		if ms.has(m) {
			s.add(JSP, strong, markerTexts[m])
			break
		}
	}
	var seen []string
	for i, n := max(ms[mDirective], 0), 0; n < 20 && ms.has(mDirective); n++ {
		j := bytes.Index(text[i:], []byte("<%@"))
		if j < 0 {
			break
		}
		i += j + 3
		end := min(len(text), i+600)
		if k := bytes.Index(text[i:end], []byte("%>")); k >= 0 {
			end = i + k
		}
		d := strings.TrimSpace(string(LowerASCII(nil, text[i:end])))
		w := 0
		for w < len(d) && d[w] >= 'a' && d[w] <= 'z' {
			w++
		}
		word, attrs := d[:w], d[w:]
		if slices.Contains(seen, word) {
			continue
		}
		seen = append(seen, word)
		directive(word, attrs, s)
	}
	for i, n := max(ms[mScript], 0), 0; n < 20 && ms.has(mScript); n++ {
		j := indexFold(text[i:], []byte("<script"))
		if j < 0 {
			break
		}
		i += j + 7
		end := min(len(text), i+300)
		if k := bytes.IndexByte(text[i:end], '>'); k >= 0 {
			end = i + k
		}
		tag := string(LowerASCII(nil, text[i:end]))
		if !strings.Contains(stripQuotesSpaces(tag), "runat=server") {
			continue
		}
		switch lang := attr(tag, "language"); lang {
		case "vbscript", "vbs":
			s.add(ASP, 8, "<script runat=server language=vbscript>")
		case "c#", "cs", "csharp", "vb", "visualbasic":
			s.add(ASPX, 8, "<script runat=server language="+lang+">")
		default:
			s.add(ASP, 3, "<script runat=server>")
			s.add(ASPX, 3, "<script runat=server>")
		}
		break
	}
	return block
}

// stripQuotesSpaces removes the quotes and spaces of a tag, so that
// runat = "server" reads runat=server.
func stripQuotesSpaces(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '"' && c != '\'' && c != ' ' {
			b = append(b, c)
		}
	}
	return string(b)
}

// directive scores one "<%@ word attrs %>" directive.
func directive(word, attrs string, s *scorer) {
	switch word {
	case "language", "codepage", "enablesessionstate", "lcid", "transaction":
		// Classic ASP's directive has no name: <%@ Language=VBScript %>.
		s.add(ASP, strong, "<%@ "+word+"=")
	case "page":
		lang := attr(attrs, "language")
		switch {
		case lang == "java":
			s.add(JSP, strong, `<%@ page language="java"`)
		case lang != "":
			s.add(ASPX, strong, "<%@ Page Language="+lang)
		default:
			for _, a := range []string{"import=", "pageencoding=", "iselignored=", "session=", "buffer=", "autoflush=", "extends="} {
				if strings.Contains(attrs, a) {
					s.add(JSP, strong, "<%@ page "+a)
					return
				}
			}
			for _, a := range []string{"codebehind=", "codefile=", "inherits=", "autoeventwireup=", "masterpagefile=", "validaterequest=", "enableviewstate=", "debug=", "trace="} {
				if strings.Contains(attrs, a) {
					s.add(ASPX, strong, "<%@ Page "+a)
					return
				}
			}
			s.add(JSP, 3, "<%@ page")
			s.add(ASPX, 3, "<%@ page")
		}
	case "control", "webhandler", "webservice", "master", "import", "assembly", "register",
		"application", "outputcache", "implements", "reference", "previouspagetype", "mastertype",
		"servicehost":
		s.add(ASPX, strong, "<%@ "+word)
	case "taglib", "include", "tag", "attribute", "variable":
		s.add(JSP, strong, "<%@ "+word)
	}
}

// attr extracts a lower-case attribute value from a tag or directive.
func attr(s, name string) string {
	for i := 0; ; {
		j := strings.Index(s[i:], name)
		if j < 0 {
			return ""
		}
		i += j + len(name)
		if i > len(name) && isWord(s[i-len(name)-1]) {
			continue
		}
		rest := strings.TrimLeft(s[i:], " \t\r\n")
		if !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t\r\n")
		if rest != "" && (rest[0] == '"' || rest[0] == '\'') {
			if k := strings.IndexByte(rest[1:], rest[0]); k >= 0 {
				return strings.TrimSpace(rest[1 : k+1])
			}
			return ""
		}
		f := strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\n' || r == '%' || r == '>' })
		if len(f) > 0 {
			return f[0]
		}
		return ""
	}
}

func isWord(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == ':'
}

// vbSet reports a VBScript "Set name = " assignment, which VB.NET no
// longer accepts and so marks classic ASP.
func vbSet(text []byte, setAt []int) bool {
	for n, i := range setAt {
		// The search began at the first "set ", whose preceding byte it
		// never looked at.
		if n > 0 && isWord(lowerTable[text[i-1]]) {
			continue
		}
		k := i + 4
		for at(text, k) == ' ' {
			k++
		}
		w := k
		for isWord(lowerTable[at(text, k)]) {
			k++
		}
		for at(text, k) == ' ' {
			k++
		}
		if k > w && at(text, k) == '=' && at(text, k+1) != '=' {
			return true
		}
	}
	return false
}
