// Package lang decides which server-side language a file is written in by
// looking at its content, not its name. Webshells are routinely planted with
// misleading extensions (shell.jpg, favicon.ico, x.txt) or with an image
// header in front of the code, and "<% %>" blocks are shared by JSP, classic
// ASP and ASP.NET, so the code inside decides; the file name only breaks
// ties.
package lang

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"
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

// hint is a substring whose presence suggests a language.
// hintSet finds which of a list of strings occur in a text in one pass
// (a search per hint would read a large file a hundred and forty times).
type hintSet struct {
	texts [][]byte
	// byPair holds the indexes of the texts by their first two bytes
	// (every hint has at least two), so that most positions of a text
	// cost one table look-up.
	byPair *[1 << 16][]int
	// pairs has a bit per two-byte prefix in byPair: 8 KiB that stay in
	// the cache, where byPair's 1.5 MiB of slice headers do not.
	pairs [1 << 10]uint64
}

func newHintSet(texts ...[]hint) *hintSet {
	hs := &hintSet{byPair: new([1 << 16][]int)}
	for _, list := range texts {
		for _, h := range list {
			k := uint16(h.text[0])<<8 | uint16(h.text[1])
			hs.byPair[k] = append(hs.byPair[k], len(hs.texts))
			hs.pairs[k>>6] |= 1 << (k & 63)
			hs.texts = append(hs.texts, []byte(h.text))
		}
	}
	return hs
}

// find returns the indexes of the texts found in b, in order of index.
func (hs *hintSet) find(b []byte) []int {
	found := make([]bool, len(hs.texts))
	left := len(hs.texts)
	for i := 0; i+1 < len(b) && left > 0; i++ {
		pair := uint16(b[i])<<8 | uint16(b[i+1])
		if hs.pairs[pair>>6]&(1<<(pair&63)) == 0 {
			continue
		}
		for _, k := range hs.byPair[pair] {
			if !found[k] && bytes.HasPrefix(b[i:], hs.texts[k]) {
				found[k] = true
				left--
			}
		}
	}
	var out []int
	for k, f := range found {
		if f {
			out = append(out, k)
		}
	}
	return out
}

// lowerPool keeps the buffers of lower-cased text, which are as large as
// the text scanned, between files.
var lowerPool = sync.Pool{New: func() any { return new([]byte) }}

// LowerASCII appends b lower-cased to dst. Only ASCII letters change: the
// markers searched for in source code are ASCII, and bytes.ToLower's
// Unicode path costs more than a whole hint search on Chinese text.
func LowerASCII(dst, b []byte) []byte {
	dst = slices.Grow(dst, len(b))
	for _, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

var (
	lowerHints = newHintSet(ciHints, vbHints)
	caseHints  = newHintSet(csHints)
)

type hint struct {
	l    Lang
	w    int
	text string
}

// ciHints are matched against the lower-cased content.
var ciHints = []hint{
	{PHP, 3, "$_get["}, {PHP, 3, "$_post["}, {PHP, 3, "$_request["}, {PHP, 3, "$_cookie["},
	{PHP, 2, "$_server["}, {PHP, 2, "$_files["}, {PHP, 2, "$_session["}, {PHP, 2, "eval($"},
	{PHP, 2, "function_exists("}, {PHP, 2, "preg_replace("}, {PHP, 2, "str_rot13("},
	{PHP, 2, "gzinflate("}, {PHP, 2, "create_function("}, {PHP, 2, "shell_exec("},
	{PHP, 2, "move_uploaded_file("}, {PHP, 2, "file_put_contents("}, {PHP, 2, "$this->"},
	{PHP, 1, "base64_decode("}, {PHP, 1, "echo $"},

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
	lowBuf := lowerPool.Get().(*[]byte)
	defer lowerPool.Put(lowBuf)
	low := LowerASCII((*lowBuf)[:0], text)
	*lowBuf = low
	var s scorer

	shebang(text, &s)
	phpMarkers(low, &s)
	block := serverMarkers(low, &s)
	for _, i := range lowerHints.find(low) {
		if i < len(ciHints) {
			h := ciHints[i]
			s.add(h.l, h.w, h.text)
			continue
		}
		h := vbHints[i-len(ciHints)]
		s.add(ASP, h.w, h.text)
		s.add(ASPX, h.w, h.text)
	}
	if vbSet(low) {
		s.add(ASP, 3, "set x = (VBScript)")
	}
	for _, i := range caseHints.find(text) {
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
		for i := 0; i < n; i += 2 {
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
	ctl := 0
	for _, c := range b[:n] {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b || c == 0x7f {
			ctl++
		}
	}
	return ctl*20 > n // more than 5%
}

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
func phpMarkers(low []byte, s *scorer) {
	if bytes.Contains(low, []byte("<?php")) {
		s.add(PHP, strong, "<?php tag")
	}
	if i := bytes.Index(low, []byte("<?=")); i >= 0 && bytes.Contains(low[i:], []byte("?>")) {
		s.add(PHP, 4, "<?= tag")
	}
	for _, q := range [][]byte{[]byte(`<script language="php"`), []byte(`<script language='php'`), []byte("<script language=php")} {
		if bytes.Contains(low, q) {
			s.add(PHP, strong, "<script language=php>")
			break
		}
	}
	short := 0
	for i := 0; short < 3; {
		j := bytes.Index(low[i:], []byte("<?"))
		if j < 0 {
			break
		}
		i += j
		if c := at(low, i+2); c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '$' || c == '@' || shortTagWord(low[i+2:]) {
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
func serverMarkers(low []byte, s *scorer) (block bool) {
	if bytes.Contains(low, []byte("<%--")) && bytes.Contains(low, []byte("--%>")) {
		// Server-side comments exist in JSP and ASP.NET, not classic ASP.
		s.add(JSP, 3, "<%-- --%> comment")
		s.add(ASPX, 3, "<%-- --%> comment")
	}
	if i := bytes.Index(low, []byte("<%")); i >= 0 && bytes.Contains(low[i+2:], []byte("%>")) {
		block = true
		// Shared by JSP, ASP and ASP.NET; the code inside must decide.
		s.add(JSP, 1, "<% %> block")
		s.add(ASP, 1, "<% %> block")
		s.add(ASPX, 1, "<% %> block")
	}
	for _, m := range []string{"<jsp:root", "<jsp:directive", "<jsp:scriptlet", "<jsp:declaration", "<jsp:expression", "xmlns:jsp="} {
		if bytes.Contains(low, []byte(m)) {
			s.add(JSP, strong, m)
			break
		}
	}
	seen := map[string]bool{}
	for i, n := 0, 0; n < 20; n++ {
		j := bytes.Index(low[i:], []byte("<%@"))
		if j < 0 {
			break
		}
		i += j + 3
		end := min(len(low), i+600)
		if k := bytes.Index(low[i:end], []byte("%>")); k >= 0 {
			end = i + k
		}
		d := strings.TrimSpace(string(low[i:end]))
		w := 0
		for w < len(d) && d[w] >= 'a' && d[w] <= 'z' {
			w++
		}
		word, attrs := d[:w], d[w:]
		if seen[word] {
			continue
		}
		seen[word] = true
		directive(word, attrs, s)
	}
	for i, n := 0, 0; n < 20; n++ {
		j := bytes.Index(low[i:], []byte("<script"))
		if j < 0 {
			break
		}
		i += j + 7
		end := min(len(low), i+300)
		if k := bytes.IndexByte(low[i:end], '>'); k >= 0 {
			end = i + k
		}
		tag := string(low[i:end])
		if !strings.Contains(strings.NewReplacer(`"`, "", "'", "", " ", "").Replace(tag), "runat=server") {
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
func vbSet(low []byte) bool {
	for i, n := 0, 0; n < 50; n++ {
		j := bytes.Index(low[i:], []byte("set "))
		if j < 0 {
			return false
		}
		i += j
		k := i + 4
		if i > 0 && isWord(low[i-1]) {
			i = k
			continue
		}
		for at(low, k) == ' ' {
			k++
		}
		w := k
		for isWord(at(low, k)) {
			k++
		}
		for at(low, k) == ' ' {
			k++
		}
		if k > w && at(low, k) == '=' && at(low, k+1) != '=' {
			return true
		}
		i += 4
	}
	return false
}
