package aspx

import (
	"bytes"
	"strings"

	"github.com/yingji/yingji/internal/webshell/lang"
)

// language is the .NET language of a piece of server code.
type language uint8

const (
	langUnknown language = iota
	langCS               // C#
	langVB               // VB.NET (and VBScript code run by a script control)
	langJS               // JScript.NET
)

func (l language) String() string {
	return [...]string{"unknown", "C#", "VB.NET", "JScript.NET"}[l]
}

// parseLanguage maps a Language attribute to a language.
func parseLanguage(s string) language {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "c#", "cs", "csharp", "c-sharp", "visual c#":
		return langCS
	case "vb", "vbnet", "vb.net", "visualbasic", "visual basic", "vbs", "vbscript":
		return langVB
	case "js", "jscript", "javascript", "jscript.net", "ecmascript", "jsscript":
		return langJS
	}
	return langUnknown
}

// segKind says how a piece of server code runs.
type segKind uint8

const (
	segStmt  segKind = iota // <% %>: statements of the page's render method
	segExpr                 // <%= %> and <%: %>: an expression written to the page
	segBind                 // <%# %>: a data-binding expression
	segClass                // <script runat="server">, a handler's or service's code, msxsl:script: class members
)

// segment is one piece of server code, by offsets into page.code.
type segment struct {
	kind       segKind
	lang       language
	start, end int
}

// directive is one <%@ Name attr=value ... %>.
type directive struct {
	name  string            // lower-case: page, control, webhandler, webservice, import, assembly, ...
	attrs map[string]string // lower-case names, values as written
	off   int
}

// control is a server control declared in the markup whose value the
// client posts (TextBox, HiddenField, <input runat="server">, ...).
type control struct {
	id   string // lower-case
	raw  string // as written
	kind string // lower-case: "textbox", "fileupload", "input:file", "textarea", ...
	off  int
}

// page is a file split into its directives, server code and controls.
type page struct {
	text     []byte // decoded text: what excerpts and line numbers refer to
	code     []byte // text with server comments and XSLT markup blanked, same offsets
	dbcs     bool
	ls       lines
	lang     language // language of the first directive, or guessed
	langWhy  string
	dirs     []directive
	segs     []segment
	controls map[string]control
}

// parsePage splits text into directives, code segments and controls.
func parsePage(text []byte) *page {
	p := &page{text: text, ls: newLines(text), controls: map[string]control{}}
	p.code = bytes.Clone(text)
	p.dbcs = legacyDBCS(text)
	low := asciiLower(text)
	cur := langUnknown // language of the latest directive
	for i := 0; i < len(low); {
		j := bytes.IndexByte(low[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := low[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<%--")):
			end := bytes.Index(rest[4:], []byte("--%>"))
			stop := len(low)
			if end >= 0 {
				stop = i + 4 + end + 4
			}
			blank(p.code, i, stop)
			i = stop
		case isDirective(rest):
			at := bytes.IndexByte(rest, '@')
			end := bytes.Index(rest, []byte("%>"))
			if next := bytes.Index(rest[at:], []byte("<%")); next >= 0 && (end < 0 || at+next < end) {
				// "<% @Page Language=x>" left unclosed: end at its '>'
				end = at + next
				if k := bytes.LastIndexByte(rest[:end], '>'); k > at {
					end = k - 1
				}
			}
			if end < 0 {
				end = min(len(rest), at+1+600)
				if k := bytes.IndexByte(rest[at:end], '>'); k >= 0 {
					end = at + k
				}
			}
			end = max(end, at+1)
			d := parseDirective(string(text[i+at+1:i+end]), i)
			p.dirs = append(p.dirs, d)
			stop := min(len(low), i+end+2)
			if l := parseLanguage(d.attrs["language"]); l != langUnknown && pageDirective(d.name) {
				cur = l
				if p.lang == langUnknown {
					p.lang, p.langWhy = l, "<%@ "+d.name+" Language="+d.attrs["language"]
				}
			}
			if d.name == "webhandler" || d.name == "webservice" {
				// The rest of the file is the handler's or service's source.
				l := parseLanguage(d.attrs["language"])
				p.segs = append(p.segs, segment{kind: segClass, lang: l, start: stop, end: len(text)})
				i = len(low)
				continue
			}
			i = stop
		case bytes.HasPrefix(rest, []byte("<%")):
			k := segStmt
			start := i + 2
			if len(rest) > 2 {
				switch rest[2] {
				case '=', ':':
					k, start = segExpr, i+3
				case '#':
					k, start = segBind, i+3
				case '$':
					k, start = segBind, i+3 // expression builders: <%$ Resources:x %>
				}
			}
			start = min(start, len(low))
			end := bytes.Index(low[start:], []byte("%>"))
			stop := len(low)
			if end >= 0 {
				stop = start + end
			}
			p.segs = append(p.segs, segment{kind: k, lang: cur, start: start, end: stop})
			i = min(len(low), stop+2)
		case bytes.HasPrefix(rest, []byte("<msxsl:script")):
			i = p.xsltScript(low, i)
		case bytes.HasPrefix(rest, []byte("<script")) || bytes.HasPrefix(rest, []byte("< script")):
			i = p.script(low, i, cur)
		default:
			i = p.tag(low, i)
		}
	}
	if p.lang == langUnknown {
		p.lang, p.langWhy = p.guess()
	}
	for k := range p.segs {
		if p.segs[k].lang == langUnknown {
			p.segs[k].lang = p.lang
		}
	}
	return p
}

// asciiLower lower-cases ASCII letters only, keeping offsets (Unicode
// lower-casing may change a character's length).
func asciiLower(b []byte) []byte {
	return lang.LowerASCII(make([]byte, 0, len(b)), b) // eight bytes at a time
}

// isDirective recognises "<%@", and the broken "<% @" and "< %@" that
// copied shells carry.
func isDirective(rest []byte) bool {
	switch {
	case bytes.HasPrefix(rest, []byte("<%@")):
		return true
	case bytes.HasPrefix(rest, []byte("< %@")):
		return true
	case bytes.HasPrefix(rest, []byte("<%")):
		k := 2
		for k < len(rest) && k < 6 && (rest[k] == ' ' || rest[k] == '\t') {
			k++
		}
		return k > 2 && k < len(rest) && rest[k] == '@'
	}
	return false
}

func pageDirective(name string) bool {
	switch name {
	case "page", "control", "master", "application", "webhandler", "webservice":
		return true
	}
	return false
}

// blank replaces b[i:j] with spaces, keeping line breaks.
func blank(b []byte, i, j int) {
	for k := i; k < j && k < len(b); k++ {
		if b[k] != '\n' && b[k] != '\r' {
			b[k] = ' '
		}
	}
}

// parseDirective reads "Name attr=value ..." leniently: quotes may be
// straight, single or typographic, values may be unquoted.
func parseDirective(s string, off int) directive {
	s = strings.TrimSpace(s)
	w := 0
	for w < len(s) && (isASCIILetter(s[w]) || s[w] == '_') {
		w++
	}
	name := strings.ToLower(s[:w])
	attrs := parseAttrs(s[w:])
	if name == "" {
		// Classic ASP form <%@ Language=... %>: the first word is an attribute.
		name = "page"
	} else if _, ok := attrs[name]; !ok && (name == "language" || name == "codepage") {
		attrs = parseAttrs(s)
		name = "page"
	}
	return directive{name: name, attrs: attrs, off: off}
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// parseAttrs reads name=value pairs of a directive or a tag.
func parseAttrs(s string) map[string]string {
	m := map[string]string{}
	for i := 0; i < len(s); {
		for i < len(s) && !(isASCIILetter(s[i]) || s[i] == '_') {
			i++
		}
		st := i
		for i < len(s) && (isASCIILetter(s[i]) || s[i] == '_' || s[i] == '-' || s[i] == ':' || s[i] >= '0' && s[i] <= '9') {
			i++
		}
		name := strings.ToLower(s[st:i])
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
			i++
		}
		if i >= len(s) || s[i] != '=' {
			if name != "" {
				if _, ok := m[name]; !ok {
					m[name] = ""
				}
			}
			continue
		}
		i++
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
			i++
		}
		val, n := attrValue(s[i:])
		i += n
		if _, ok := m[name]; !ok && name != "" {
			m[name] = val
		}
	}
	return m
}

// attrValue reads a quoted or bare value, returning it and its length.
func attrValue(s string) (string, int) {
	if s == "" {
		return "", 0
	}
	for _, q := range []string{`"`, `'`} {
		if strings.HasPrefix(s, q) {
			rest := s[len(q):]
			end := strings.Index(rest, q)
			if end < 0 {
				end = len(rest)
			}
			return rest[:end], min(len(s), end+2)
		}
	}
	if s[0] >= 0x80 {
		// typographic quotes, in UTF-8 or a legacy encoding: the value is
		// the ASCII between non-ASCII runs
		k := 0
		for k < len(s) && s[k] >= 0x80 {
			k++
		}
		st := k
		for k < len(s) && s[k] < 0x80 && s[k] != ' ' && s[k] != '>' && s[k] != '\t' && s[k] != '\n' && s[k] != '"' {
			k++
		}
		end := k
		for k < len(s) && s[k] >= 0x80 {
			k++
		}
		return s[st:end], k
	}
	end := strings.IndexAny(s, " \t\r\n>%/")
	if end < 0 {
		end = len(s)
	}
	return s[:end], end
}

// tagEnd returns the offset of the '>' closing the tag that starts at i,
// skipping quoted values; len(low) if none.
func tagEnd(low []byte, i int) int {
	q := byte(0)
	lim := min(len(low), i+4096)
	for k := i + 1; k < lim; k++ {
		c := low[k]
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '>':
			return k
		case c == '<' && k+1 < len(low) && low[k+1] == '%':
			// "<%= %>" inside an attribute: ASP.NET still runs it.
			return k - 1
		}
	}
	return -1
}

// script handles <script ...>: server code when runat=server, or when
// the language is a .NET one (never run by a browser).
func (p *page) script(low []byte, i int, cur language) int {
	end := tagEnd(low, i)
	if end < 0 {
		return i + 7
	}
	if end < i+1 {
		return i + 7
	}
	attrs := parseAttrs(string(p.text[i+1 : end]))
	delete(attrs, "script")
	runat := strings.EqualFold(strings.TrimSpace(attrs["runat"]), "server")
	lang := parseLanguage(attrs["language"])
	if lang == langUnknown {
		if t := strings.ToLower(attrs["type"]); strings.Contains(t, "vbscript") {
			lang = langVB
		}
	}
	if !runat && lang != langCS && !(lang == langVB && strings.Contains(strings.ToLower(attrs["language"]), "vb") && !strings.Contains(strings.ToLower(attrs["language"]), "script")) {
		// A browser's script: <% %> inside it still run on the server.
		return end + 1
	}
	if _, ok := attrs["src"]; ok && runat {
		return end + 1
	}
	if lang == langUnknown {
		lang = cur
	}
	start := end + 1
	stop := bytes.Index(low[start:], []byte("</script"))
	if stop < 0 {
		stop = len(low)
	} else {
		stop += start
	}
	p.segs = append(p.segs, segment{kind: segClass, lang: lang, start: start, end: stop})
	return stop
}

// xsltScript handles <msxsl:script language="..."> in an XSLT document:
// code compiled and run by XslCompiledTransform when scripts are enabled.
func (p *page) xsltScript(low []byte, i int) int {
	end := tagEnd(low, i)
	if end < 0 {
		return i + 13
	}
	if end < i+1 {
		return i + 13
	}
	attrs := parseAttrs(string(p.text[i+1 : end]))
	lang := parseLanguage(attrs["language"])
	if lang == langUnknown {
		lang = langJS // msxsl's default
	}
	start := end + 1
	stop := bytes.Index(low[start:], []byte("</msxsl:script"))
	if stop < 0 {
		stop = len(low)
	} else {
		stop += start
	}
	// Blank the nested <msxsl:assembly/> and <msxsl:using/> elements and
	// the CDATA brackets, keeping offsets.
	for k := start; k < stop; {
		m := bytes.IndexByte(low[k:stop], '<')
		if m < 0 {
			break
		}
		k += m
		switch {
		case bytes.HasPrefix(low[k:], []byte("<![cdata[")):
			blank(p.code, k, k+9)
			if e := bytes.Index(low[k:stop], []byte("]]>")); e >= 0 {
				blank(p.code, k+e, k+e+3)
			}
			k += 9
		case bytes.HasPrefix(low[k:], []byte("<msxsl:")):
			e := bytes.IndexByte(low[k:stop], '>')
			if e < 0 {
				e = stop - k - 1
			}
			blank(p.code, k, k+e+1)
			k += e + 1
		default:
			k++
		}
	}
	p.segs = append(p.segs, segment{kind: segClass, lang: lang, start: start, end: stop})
	return stop
}

// inputKinds are the controls whose value comes from the client.
var inputKinds = map[string]bool{
	"textbox": true, "hiddenfield": true, "dropdownlist": true, "listbox": true,
	"radiobuttonlist": true, "checkboxlist": true, "fileupload": true, "htmlinputtext": true,
	"input:text": true, "input:hidden": true, "input:password": true, "input:file": true,
	"input:": true, "textarea": true, "select": true, "input:search": true, "input:url": true,
	"input:email": true, "input:number": true, "input:tel": true, "input:checkbox": true,
	"input:radio": true, "input:submit": true, "input:button": true, "checkbox": true,
	"radiobutton": true,
}

// tag records a server control declared by the markup tag at i.
func (p *page) tag(low []byte, i int) int {
	rest := low[i:]
	n := 1
	for n < len(rest) && n < 64 && (isASCIILetter(rest[n]) || rest[n] == ':' || rest[n] == '_' || rest[n] >= '0' && rest[n] <= '9') {
		n++
	}
	name := string(rest[1:n])
	if name == "" {
		return i + 1
	}
	var kind string
	switch {
	case strings.HasPrefix(name, "asp:"):
		kind = name[4:]
	case name == "input" || name == "textarea" || name == "select":
		kind = name
	default:
		return i + n
	}
	end := tagEnd(low, i)
	if end < 0 {
		return i + n
	}
	if end < i+n {
		return i + n
	}
	attrs := parseAttrs(string(p.text[i+n : end]))
	if !strings.EqualFold(strings.TrimSpace(attrs["runat"]), "server") {
		return end + 1
	}
	raw := strings.TrimSpace(attrs["id"])
	id := strings.ToLower(raw)
	if id == "" {
		return end + 1
	}
	if kind == "input" {
		kind = "input:" + strings.ToLower(strings.TrimSpace(attrs["type"]))
		if kind == "input:" {
			kind = "input:text"
		}
	}
	p.controls[id] = control{id: id, raw: raw, kind: kind, off: i}
	return end + 1
}

// guess decides the language of code without a Language attribute from
// its syntax. ASP.NET's own default is VB.
func (p *page) guess() (language, string) {
	var b []byte
	for _, s := range p.segs {
		b = append(b, asciiLower(p.code[s.start:s.end])...)
		b = append(b, '\n')
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return langCS, "no code"
	}
	cs := bytes.Count(b, []byte(";")) + bytes.Count(b, []byte("{")) + 2*bytes.Count(b, []byte("!=")) + 2*bytes.Count(b, []byte("\"]"))
	vb := 0
	for _, w := range []string{" then", "dim ", "end if", "end sub", "<>", " & ", "createobject(", "(\"", "set ", "\nnext", "end function"} {
		vb += 2 * bytes.Count(b, []byte(w))
	}
	js := 3*bytes.Count(b, []byte("eval(")) + 2*bytes.Count(b, []byte("function "))
	if js > 0 {
		js += bytes.Count(b, []byte("var "))
	}
	switch {
	case js > 0 && js >= vb && bytes.Count(b, []byte("using ")) == 0:
		return langJS, "JScript syntax"
	case vb > cs:
		return langVB, "VB syntax"
	}
	return langCS, "C# syntax"
}
