package asp

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/yingji/yingji/internal/webshell/lang"
)

// maxInput bounds the part of a page that is analysed.
const maxInput = 8 << 20

// language of a block of server code.
type language uint8

const (
	vbscript language = iota
	jscript
)

func (l language) String() string {
	if l == jscript {
		return "JScript"
	}
	return "VBScript"
}

// block is one piece of server code of the page.
type block struct {
	lang    language
	code    []byte
	line    int  // line of code[0] in the page (1-based)
	expr    bool // "<%= %>": an expression written to the response
	encoded bool // decoded from the Script Encoder
}

// include is a server-side include directive.
type include struct {
	path    string
	virtual bool
	line    int
}

// object is an <object runat="server"> declaration: a COM object the page
// uses under the name id.
type object struct {
	id, class string // class: a ProgID or "clsid:..."
	line      int
}

// page is the server side of one ASP file.
type page struct {
	text     []byte // the page as analysed (UTF-8, or the original bytes)
	notes    []string
	blocks   []block
	includes []include
	objects  []object
	encoded  int  // Script Encoder segments decoded
	foreign  bool // the page is ASP.NET or JSP, not classic ASP
	tagless  bool // no server delimiters: analysed as a code fragment
}

// fromUTF7 decodes RFC 2152 UTF-7, the encoding of code page 65000 that
// hides "eval request" as "e+x-v+x-a+x-l r+x-e...". Newlines are direct
// characters, so line numbers are kept.
func fromUTF7(b []byte) []byte {
	var out bytes.Buffer
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '+' {
			out.WriteByte(c)
			continue
		}
		j := i + 1
		if j < len(b) && b[j] == '-' {
			out.WriteByte('+')
			i = j
			continue
		}
		var bits, nbits uint32
		var units []uint16
		for ; j < len(b); j++ {
			v := b64val(b[j])
			if v < 0 {
				break
			}
			bits = bits<<6 | uint32(v)
			nbits += 6
			if nbits >= 16 {
				nbits -= 16
				units = append(units, uint16(bits>>nbits))
				bits &= 1<<nbits - 1
			}
		}
		out.WriteString(string(utf16.Decode(units)))
		if j < len(b) && b[j] == '-' {
			i = j
		} else {
			i = j - 1
		}
	}
	return out.Bytes()
}

func b64val(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	}
	return -1
}

// hasPrefixFold reports whether b[i:] starts with the lower-case ASCII
// prefix p, ignoring case.
func hasPrefixFold(b []byte, i int, p string) bool {
	if len(b)-i < len(p) {
		return false
	}
	for k := 0; k < len(p); k++ {
		c := b[i+k]
		if c >= 'A' && c <= 'Z' {
			c += 32
		}
		if c != p[k] {
			return false
		}
	}
	return true
}

// containsFold reports whether b contains p ignoring ASCII case (p lower
// case), as indexFold(b, 0, p) >= 0 does. A pattern without letters, such
// as a GBK or UTF-8 Chinese name, is looked for as it is, with the
// vectorised bytes.Index: in a Chinese page its first byte is everywhere.
func containsFold(b []byte, p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return indexFold(b, 0, p) >= 0
		}
	}
	return bytes.Index(b, []byte(p)) >= 0
}

// indexFold is bytes.Index ignoring ASCII case; p is lower case.
//
// The next occurrences of p's first byte in either case are each found
// once and kept until passed: searching both from every candidate made
// a text full of one case and without the other quadratic.
func indexFold(b []byte, from int, p string) int {
	lo, up := p[0], p[0]
	if lo >= 'a' && lo <= 'z' {
		up = lo - 32
	}
	end := len(b) - len(p) + 1
	nextLo, nextUp := -2, -2 // -2: not searched yet, -1: none
	next := func(n int, c byte, i int) int {
		if n == -1 || n >= i {
			return n
		}
		if j := bytes.IndexByte(b[i:end], c); j >= 0 {
			return i + j
		}
		return -1
	}
	for i := from; i < end; {
		nextLo = next(nextLo, lo, i)
		cand := nextLo
		if up != lo {
			nextUp = next(nextUp, up, i)
			if nextUp >= 0 && (cand < 0 || nextUp < cand) {
				cand = nextUp
			}
		}
		if cand < 0 {
			return -1
		}
		if hasPrefixFold(b, cand, p) {
			return cand
		}
		i = cand + 1
	}
	return -1
}

// parsePage extracts the server code of src.
func parsePage(src []byte) *page {
	if len(src) > maxInput {
		src = src[:maxInput]
	}
	text, note := lang.Text(src)
	if note == "UTF-8 BOM" {
		note = ""
	}
	p := &page{text: text}
	if note != "" {
		p.notes = append(p.notes, note)
	}
	// Code page 65000 (UTF-7) hides the code from byte scanners.
	if i := indexFold(text, 0, "<%@"); i >= 0 {
		if j := bytes.Index(text[i:], []byte("%>")); j >= 0 {
			d := lower(string(text[i : i+j]))
			if strings.Contains(strings.ReplaceAll(strings.ReplaceAll(d, " ", ""), `"`, ""), "codepage=65000") {
				end := i + j + 2
				text = append(append([]byte{}, text[:end]...), fromUTF7(text[end:])...)
				p.text = text
				p.notes = append(p.notes, "UTF-7 (code page 65000)")
			}
		}
	}
	defLang := vbscript
	line := 1
	last := 0
	lineAt := func(off int) int {
		if off >= last {
			line += bytes.Count(text[last:off], []byte{'\n'})
		} else {
			line -= bytes.Count(text[off:last], []byte{'\n'})
		}
		last = off
		return line
	}
	found := false
	for i := 0; i < len(text); {
		j := bytes.IndexByte(text[i:], '<')
		if j < 0 {
			break
		}
		i += j
		switch {
		case hasPrefixFold(text, i, "<%"):
			found = true
			start := i + 2
			end := bytes.Index(text[start:], []byte("%>"))
			next := len(text)
			if end < 0 {
				end = len(text)
			} else {
				end += start
				next = end + 2
			}
			code := text[start:end]
			ln := lineAt(start)
			switch {
			case bytes.HasPrefix(code, []byte("@")):
				d := lower(string(code[1:]))
				if foreignDirective(d) {
					p.foreign = true
				}
				if l := attrValue(d, "language"); l != "" {
					if lg, ok := scriptLanguage(l); ok {
						defLang = lg
					}
				}
			case bytes.HasPrefix(code, []byte("--")) && bytes.HasSuffix(code, []byte("--")):
				// ASP.NET/JSP server comment.
			case bytes.HasPrefix(code, []byte("=")):
				p.addBlock(block{lang: defLang, code: code[1:], line: ln, expr: true})
			default:
				p.addBlock(block{lang: defLang, code: code, line: ln})
			}
			i = next
		case hasPrefixFold(text, i, "<script"):
			tagEnd := bytes.IndexByte(text[i:], '>')
			if tagEnd < 0 {
				i = len(text)
				continue
			}
			tag := lower(string(text[i+7 : i+tagEnd]))
			i += tagEnd + 1
			if !strings.Contains(strings.NewReplacer(`"`, "", "'", "", " ", "", "\t", "").Replace(tag), "runat=server") {
				continue // client-side: "<% %>" inside it is still server code
			}
			found = true
			lg := vbscript
			if l := attrValue(tag, "language"); l != "" {
				if x, ok := scriptLanguage(l); ok {
					lg = x
				} else {
					p.foreign = true // C#, VB.NET: ASP.NET
				}
			}
			end := indexFold(text, i, "</script")
			if end < 0 {
				end = len(text)
			}
			p.addBlock(block{lang: lg, code: text[i:end], line: lineAt(i)})
			i = end
		case hasPrefixFold(text, i, "<object"):
			tagEnd := bytes.IndexByte(text[i:], '>')
			if tagEnd < 0 {
				i = len(text)
				continue
			}
			tag := lower(string(text[i+7 : i+tagEnd]))
			if strings.Contains(strings.NewReplacer(`"`, "", "'", "", " ", "").Replace(tag), "runat=server") {
				class := attrValue(tag, "progid")
				if class == "" {
					class = attrValue(tag, "classid")
				}
				if id := attrValue(tag, "id"); id != "" && class != "" {
					p.objects = append(p.objects, object{id: id, class: class, line: lineAt(i)})
				}
			}
			i += tagEnd + 1
		case hasPrefixFold(text, i, "<!--#include"):
			end := bytes.Index(text[i:], []byte("-->"))
			if end < 0 {
				end = min(len(text)-i, 300)
			}
			d := lower(string(text[i+12 : i+end]))
			inc := include{line: lineAt(i)}
			if v := attrValue(d, "virtual"); v != "" {
				inc.path, inc.virtual = v, true
			} else {
				inc.path = attrValue(d, "file")
			}
			if len(p.includes) < 100 {
				p.includes = append(p.includes, inc)
			}
			i += end
		default:
			i++
		}
	}
	if !found {
		p.tagless = true
	}
	return p
}

// addBlock appends b, decoding Script Encoder segments in it.
func (p *page) addBlock(b block) {
	if bytes.Contains(b.code, []byte("#@~^")) {
		dec, n := decodeScriptEncoder(b.code)
		if n > 0 {
			b.code, b.encoded = dec, true
			p.encoded += n
		}
	}
	if len(p.blocks) < 100000 {
		p.blocks = append(p.blocks, b)
	}
}

// foreignDirective reports an ASP.NET or JSP directive ("<%@ Page
// Language=C# %>", "<%@ page import=... %>").
func foreignDirective(d string) bool {
	d = strings.TrimSpace(d)
	w := 0
	for w < len(d) && d[w] >= 'a' && d[w] <= 'z' {
		w++
	}
	switch d[:w] {
	case "page":
		// Classic ASP's directive has no name: "<%@ Page" is ASP.NET, "<%@ page" JSP.
		return true
	case "control", "webhandler", "webservice", "master", "import", "assembly", "register",
		"application", "outputcache", "implements", "reference", "taglib", "include", "tag":
		return true
	}
	return false
}

// scriptLanguage maps a language attribute to a classic ASP language.
func scriptLanguage(l string) (language, bool) {
	l = strings.Trim(lower(strings.TrimSpace(l)), `"'`)
	switch l {
	case "vbscript", "vbs", "vbscript.encode", "vbscript.encoded", "vb script":
		return vbscript, true
	case "jscript", "javascript", "js", "jscript.encode", "javascript.encode", "ecmascript":
		return jscript, true
	}
	return vbscript, false
}

// attrValue extracts the value of attribute name from a lower-cased tag
// or directive.
func attrValue(s, name string) string {
	for i := 0; ; {
		j := strings.Index(s[i:], name)
		if j < 0 {
			return ""
		}
		i += j + len(name)
		if k := i - len(name) - 1; k >= 0 && (isAlnum(s[k]) || s[k] == '-') {
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
		end := strings.IndexAny(rest, " \t\r\n%>/")
		if end < 0 {
			end = len(rest)
		}
		return rest[:end]
	}
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// printable turns page bytes into valid UTF-8 for excerpts: GBK bytes
// are shown as '?' rather than as invalid UTF-8.
func printable(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "?")
}
