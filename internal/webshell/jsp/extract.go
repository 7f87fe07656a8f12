package jsp

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yingji/yingji/internal/webshell/lang"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

// maxInput bounds the text analysed. Template text is only scanned for
// the next '<', '$' or '#', so padding a page with megabytes of HTML in
// front of the code costs little and hides nothing; the code itself is
// bounded by maxTokens and maxSegments.
const maxInput = 256 << 20

// segKind is the JSP construct a piece of Java came from.
type segKind uint8

const (
	segScriptlet   segKind = iota // <% ... %>, <jsp:scriptlet>
	segDeclaration                // <%! ... %>, <jsp:declaration>
	segExpression                 // <%= ... %>, <jsp:expression>
	segEL                         // ${...} / #{...} with a method call
)

// segment is one piece of Java (or EL) code taken out of the page. Its
// text is what the JSP compiler hands to javac: XML entities and CDATA
// are already resolved, Java's own \uXXXX escapes are not (the lexer
// does that, as javac does).
type segment struct {
	kind segKind
	code string
	line int   // source line of code[0]
	nl   []int // offsets in code of the newlines that were newlines in the source
}

// lineAt returns the source line of byte offset off of the code.
func (s *segment) lineAt(off int) int {
	return s.line + sort.SearchInts(s.nl, off)
}

// page is a JSP or JSPX page taken apart.
type page struct {
	text    []byte    // the page as UTF-8 (UTF-16 converted, BOM removed)
	segs    []segment // in page order
	imports []string  // from page directives
	xml     bool      // JSP document (XML syntax)
	// Line numbers are counted as the page is scanned, in increasing
	// offsets.
	curOff, curLine int
	starts          []int // verdict.LineStarts of text, made by lineStart
	// lt and brace are the offsets of the next '<' and '{' the scan
	// found (len(text): none), for next.
	lt, brace int
}

// lineOf returns the 1-based line of offset off in the page text. Calls
// come in increasing offsets (an earlier offset is counted from the start).
func (p *page) lineOf(off int) int {
	off = min(off, len(p.text))
	if off < p.curOff {
		p.curOff, p.curLine = 0, 1
	}
	p.curLine += bytes.Count(p.text[p.curOff:off], []byte{'\n'})
	p.curOff = off
	return p.curLine
}

// lineStart returns the offset where line starts, or -1.
func (p *page) lineStart(line int) int {
	if line < 1 {
		return -1
	}
	if p.starts == nil {
		// Excerpts ask for many lines, in any order: the offsets of
		// all line starts, once, cost less than a walk from the
		// nearest anchor each.
		p.starts = verdict.LineStarts(p.text)
	}
	if line > len(p.starts) {
		return -1
	}
	return p.starts[line-1]
}

// toUTF8 strips a UTF-8 BOM and converts UTF-16 (with a BOM, or detected
// by its NUL pattern) to UTF-8. Line numbers are unchanged by either.
func toUTF8(b []byte) []byte {
	t, _ := lang.Text(b)
	return t
}

// parsePage finds the Java in a JSP page (as UTF-8, see toUTF8): scriptlets, declarations,
// expressions and directives in both the standard syntax and the XML
// syntax (any namespace prefix, since <x:scriptlet xmlns:x="http://java.sun.com/JSP/Page">
// is as valid as <jsp:scriptlet>), with CDATA sections and XML character
// references resolved, and the EL expressions of the template text that
// call methods.
func parsePage(text []byte) *page {
	if len(text) > maxInput {
		text = text[:maxInput]
	}
	p := &page{text: text, curLine: 1, lt: -1, brace: -1}
	head := text[:min(len(text), 4096)]
	p.xml = bytes.Contains(head, []byte(":root")) && bytes.Contains(head, []byte("java.sun.com/JSP/Page"))

	i := 0
	for i < len(text) {
		j := p.next(i)
		if j < 0 {
			break
		}
		i = j
		if text[i] != '<' { // '$' or '#'
			i = p.el(i)
			continue
		}
		rest := text[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<%--")):
			i = skipPast(text, i+4, "--%>")
		case bytes.HasPrefix(rest, []byte("<%@")):
			end := indexFrom(text, i+3, "%>")
			p.directive(string(text[i+3 : end]))
			i = min(end+2, len(text))
		case bytes.HasPrefix(rest, []byte("<%!")):
			i = p.scripting(i+3, segDeclaration)
		case bytes.HasPrefix(rest, []byte("<%=")):
			i = p.scripting(i+3, segExpression)
		case bytes.HasPrefix(rest, []byte("<%")):
			i = p.scripting(i+2, segScriptlet)
		case p.xml && bytes.HasPrefix(rest, []byte("<!--")):
			i = skipPast(text, i+4, "-->")
		case p.xml && bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i = skipPast(text, i+9, "]]>")
		default:
			i = p.xmlElement(i)
		}
	}
	return p
}

// next returns the next '<', or "${" / "#{" starting an EL expression,
// at or after i, for offsets i that only grow (parsePage's): it finds
// the next '<' and the next '{' with IndexByte, many bytes at a time,
// and keeps each until the scan passes it (template text is most of a
// page, and most of its bytes are neither).
func (p *page) next(i int) int {
	text := p.text
	if p.lt < i {
		p.lt = indexByteFrom(text, i, '<')
	}
	for {
		if p.brace < i+1 {
			p.brace = indexByteFrom(text, i+1, '{')
		}
		k := p.brace - 1 // where an EL expression would start
		if p.brace == len(text) || k >= p.lt {
			break // the '<' comes first (or neither is left)
		}
		if c := text[k]; (c == '$' || c == '#') && (k == 0 || text[k-1] != '\\') {
			return k
		}
		i = p.brace // look for a later '{'
	}
	if p.lt == len(text) {
		return -1
	}
	return p.lt
}

// indexByteFrom returns the offset of the first c at or after i, or
// len(text).
func indexByteFrom(text []byte, i int, c byte) int {
	if i >= len(text) {
		return len(text)
	}
	if j := bytes.IndexByte(text[i:], c); j >= 0 {
		return i + j
	}
	return len(text)
}

func indexFrom(text []byte, i int, sep string) int {
	if i > len(text) {
		return len(text)
	}
	j := bytes.Index(text[i:], []byte(sep))
	if j < 0 {
		return len(text)
	}
	return i + j
}

func skipPast(text []byte, i int, sep string) int {
	return min(indexFrom(text, i, sep)+len(sep), len(text))
}

// scripting takes the code of a standard-syntax scripting element that
// starts at i and returns the offset after its "%>". The JSP compiler
// finds "%>" without looking at Java quoting; "%\>" is its escape.
func (p *page) scripting(i int, kind segKind) int {
	end := indexFrom(p.text, i, "%>")
	code := p.text[i:end]
	var b codeBuilder
	b.start(p, i, kind)
	b.Grow(len(code))
	if n := bytes.Count(code, []byte{'\n'}); n > 0 {
		b.s.nl = make([]int, 0, n) // chunk appends them all
	}
	for len(code) > 0 {
		k := bytes.Index(code, []byte(`%\>`))
		if k < 0 {
			b.chunk(code)
			break
		}
		b.chunk(code[:k])
		b.WriteString("%>")
		code = code[k+3:]
	}
	p.add(b.seg())
	return min(end+2, len(p.text))
}

// codeBuilder accumulates a segment's code and remembers which of its
// newlines are source newlines.
type codeBuilder struct {
	strings.Builder
	s segment
}

func (b *codeBuilder) start(p *page, off int, kind segKind) {
	b.s = segment{kind: kind, line: p.lineOf(off)}
}

func (b *codeBuilder) raw(c byte) {
	if c == '\n' {
		b.s.nl = append(b.s.nl, b.Len())
	}
	b.WriteByte(c)
}

// chunk is raw for each byte of c.
func (b *codeBuilder) chunk(c []byte) {
	base := b.Len()
	for off := 0; ; {
		j := bytes.IndexByte(c[off:], '\n')
		if j < 0 {
			break
		}
		b.s.nl = append(b.s.nl, base+off+j)
		off += j + 1
	}
	b.Write(c)
}

func (b *codeBuilder) seg() segment {
	b.s.code = b.String()
	return b.s
}

// maxSegments bounds the code pieces of one page (a page of millions of
// empty scriptlets costs no more than one of this many).
const maxSegments = 1 << 17

func (p *page) add(s segment) {
	if strings.TrimSpace(s.code) == "" || len(p.segs) >= maxSegments {
		return
	}
	p.segs = append(p.segs, s)
}

// directive records the imports of a page directive ("page import=...").
func (p *page) directive(body string) {
	body = strings.TrimSpace(body)
	if !strings.HasPrefix(body, "page") {
		return
	}
	p.imports = append(p.imports, splitImports(attrValue(body[4:], "import"))...)
}

func splitImports(v string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// attrValue returns the value of attribute name in an attribute list,
// entity-decoded, or "".
func attrValue(attrs, name string) string {
	low := asciiLower(attrs)
	for k := 0; ; {
		j := strings.Index(low[k:], name)
		if j < 0 {
			return ""
		}
		j += k
		k = j + len(name)
		if j > 0 && isNameByte(low[j-1]) {
			continue
		}
		r := strings.TrimLeft(attrs[k:], " \t\r\n")
		if !strings.HasPrefix(r, "=") {
			continue
		}
		r = strings.TrimLeft(r[1:], " \t\r\n")
		if r == "" {
			return ""
		}
		q := r[0]
		if q != '"' && q != '\'' {
			end := strings.IndexAny(r, " \t\r\n/>")
			if end < 0 {
				end = len(r)
			}
			return decodeEntities(r[:end])
		}
		end := strings.IndexByte(r[1:], q)
		if end < 0 {
			return decodeEntities(r[1:])
		}
		return decodeEntities(r[1 : 1+end])
	}
}

func isNameByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || c == ':' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// xmlElement handles a '<' that is not a standard-syntax JSP element:
// an XML-syntax scripting element or page directive, or template text.
func (p *page) xmlElement(i int) int {
	text := p.text
	k := i + 1
	for k < len(text) && isNameByte(text[k]) {
		k++
	}
	qname := string(text[i+1 : k])
	colon := strings.IndexByte(qname, ':')
	if colon <= 0 {
		return i + 1
	}
	local := qname[colon+1:]
	var kind segKind
	switch local {
	case "scriptlet":
		kind = segScriptlet
	case "declaration":
		kind = segDeclaration
	case "expression":
		kind = segExpression
	case "directive.page":
		end := indexFrom(text, k, ">")
		p.imports = append(p.imports, splitImports(attrValue(string(text[k:end]), "import"))...)
		return min(end+1, len(text))
	default:
		return i + 1
	}
	// Start tag end; a self-closing element has no code.
	end := k
	for end < len(text) && text[end] != '>' {
		end++
	}
	if end >= len(text) {
		return len(text)
	}
	if text[end-1] == '/' {
		return end + 1
	}
	bodyStart := end + 1
	closeTag := "</" + qname
	bodyEnd := indexFrom(text, bodyStart, closeTag)
	var b codeBuilder
	b.start(p, bodyStart, kind)
	p.xmlText(&b, text[bodyStart:bodyEnd])
	p.add(b.seg())
	return skipPast(text, bodyEnd, ">")
}

// xmlText appends XML character data: CDATA sections verbatim, entities
// and character references resolved elsewhere.
func (p *page) xmlText(b *codeBuilder, t []byte) {
	for k := 0; k < len(t); {
		switch {
		case bytes.HasPrefix(t[k:], []byte("<![CDATA[")):
			e := bytes.Index(t[k+9:], []byte("]]>"))
			if e < 0 {
				e = len(t) - k - 9
			}
			for _, c := range t[k+9 : k+9+e] {
				b.raw(c)
			}
			k += 9 + e + 3
		case t[k] == '&':
			r, n := entity(t[k:])
			if n == 0 {
				b.raw('&')
				k++
				continue
			}
			b.WriteString(r)
			k += n
		default:
			b.raw(t[k])
			k++
		}
	}
}

var namedEntities = map[string]string{"lt": "<", "gt": ">", "amp": "&", "quot": `"`, "apos": "'", "nbsp": "\u00a0"}

// entity decodes the XML entity or character reference at the start of
// t, returning its text and length (0: not an entity).
func entity(t []byte) (string, int) {
	end := bytes.IndexByte(t[:min(len(t), 12)], ';')
	if end < 2 {
		return "", 0
	}
	name := string(t[1:end])
	if r, ok := namedEntities[name]; ok {
		return r, end + 1
	}
	if name[0] != '#' {
		return "", 0
	}
	var n uint64
	var err error
	if len(name) > 1 && (name[1] == 'x' || name[1] == 'X') {
		n, err = strconv.ParseUint(name[2:], 16, 32)
	} else {
		n, err = strconv.ParseUint(name[1:], 10, 32)
	}
	if err != nil || n > utf8.MaxRune {
		return "", 0
	}
	return string(rune(n)), end + 1
}

func decodeEntities(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	var b strings.Builder
	for k := 0; k < len(s); {
		if s[k] == '&' {
			if r, n := entity([]byte(s[k:])); n > 0 {
				b.WriteString(r)
				k += n
				continue
			}
		}
		b.WriteByte(s[k])
		k++
	}
	return b.String()
}

// maxEL bounds one EL expression.
const maxEL = 64 << 10

// el takes the EL expression "${...}" or "#{...}" at i when it calls a
// method (EL 2.2+ can call any public method: the EL webshell), and
// returns the offset after it.
func (p *page) el(i int) int {
	text := p.text
	depth := 0
	var quote byte
	k := i + 2
	for ; k < len(text) && k-i < maxEL; k++ {
		c := text[k]
		if quote != 0 {
			if c == '\\' {
				k++
			} else if c == quote {
				quote = 0
			}
			continue
		}
		switch c {
		case '\'', '"':
			quote = c
		case '{':
			depth++
		case '}':
			if depth == 0 {
				code := text[i+2 : k]
				if bytes.IndexByte(code, '(') >= 0 {
					var b codeBuilder
					b.start(p, i+2, segEL)
					if p.xml {
						p.xmlText(&b, code)
					} else {
						for _, c := range code {
							b.raw(c)
						}
					}
					p.add(b.seg())
				}
				return k + 1
			}
			depth--
		}
	}
	return i + 2
}

// asciiLower lower-cases ASCII letters only, keeping every byte where it
// is (strings.ToLower changes lengths on some runes and on invalid UTF-8).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
