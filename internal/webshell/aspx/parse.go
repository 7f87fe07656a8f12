package aspx

import "strings"

// maxDepth bounds the parsers' recursion on hostile nesting ("((((...").
const maxDepth = 200

// parser is the tolerant recursive-descent parser for C# and JScript.NET
// (brace languages); parsevb.go holds VB's. It never stops at an error:
// an unexpected token is skipped, so that a broken or deliberately
// mangled shell is still analysed.
type parser struct {
	toks  []token
	i     int
	lang  language
	prog  *program
	cur   *method
	class string
	depth int
	web   bool // a [WebMethod] attribute waits for its method
	with  []*expr
	loop  int // depth of loop bodies
}

var eofTok = token{k: tEOF}

func (p *parser) tok() token {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return eofTok
}

func (p *parser) at(k int) token {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return eofTok
}

func (p *parser) isOp(s string) bool {
	t := p.tok()
	return t.k == tOp && t.s == s
}

func (p *parser) isWord(s string) bool {
	t := p.tok()
	return t.k == tIdent && t.s == s
}

func (p *parser) accept(s string) bool {
	if p.isOp(s) {
		p.i++
		return true
	}
	return false
}

func (p *parser) acceptWord(s string) bool {
	if p.isWord(s) {
		p.i++
		return true
	}
	return false
}

func (p *parser) eof() bool { return p.i >= len(p.toks) }

// vname is the name a variable is stored under: as written in C# and
// JScript (case-sensitive), lower-case in VB.
func (p *parser) vname(t token) string {
	if p.lang != langVB && t.raw != "" {
		return t.raw
	}
	return t.s
}

func (p *parser) emit(a action) {
	a.loop = p.loop > 0
	if p.cur != nil && len(p.cur.body) < 1<<20 {
		p.cur.body = append(p.cur.body, a)
	}
}

func (p *parser) emitExpr(e *expr) {
	if e != nil {
		p.emit(action{k: aExpr, e: e, off: e.off, line: e.line})
	}
}

// skipBalanced skips from an opening bracket to just past its partner.
func (p *parser) skipBalanced() {
	open := p.tok().s
	closeOp := map[string]string{"(": ")", "[": "]", "{": "}", "<": ">"}[open]
	depth := 0
	for !p.eof() {
		t := p.tok()
		p.i++
		if t.k != tOp {
			continue
		}
		if t.s == open {
			depth++
		} else if t.s == closeOp {
			depth--
			if depth <= 0 {
				return
			}
		}
	}
}

// skipStatement skips to just past the next ';' at this nesting level,
// or to a '}' that closes the enclosing block (not consumed).
func (p *parser) skipStatement() {
	for !p.eof() {
		t := p.tok()
		if t.k == tOp {
			switch t.s {
			case ";":
				p.i++
				return
			case "}":
				return
			case "(", "[", "{":
				p.skipBalanced()
				continue
			}
		}
		p.i++
	}
}

// parseBrace parses the tokens of one piece of C# or JScript code. render
// pieces are statements of the page's render method; class pieces are
// class members (methods, fields), with any stray statement kept in a
// class-level method.
func parseBrace(prog *program, toks []token, lang language, cur *method) {
	p := &parser{toks: toks, lang: lang, prog: prog, cur: cur}
	for !p.eof() {
		start := p.i
		p.item()
		if p.i == start {
			p.i++ // a stray '}' or anything else not understood
		}
	}
}

// block parses items up to the matching '}' (consumed).
func (p *parser) block() {
	if !p.accept("{") {
		p.item()
		return
	}
	p.depth++
	defer func() { p.depth-- }()
	for !p.eof() && !p.isOp("}") {
		start := p.i
		p.item()
		if p.i == start {
			p.i++
		}
	}
	p.accept("}")
}

// body parses a statement or block as the body of a control statement.
func (p *parser) body() {
	if p.isOp("{") {
		p.block()
		return
	}
	p.item()
}

var modifiers = map[string]bool{
	"public": true, "private": true, "protected": true, "internal": true, "static": true,
	"override": true, "virtual": true, "abstract": true, "sealed": true, "readonly": true,
	"const": true, "extern": true, "unsafe": true, "partial": true, "async": true,
	"volatile": true, "final": true, "expando": true, "hide": true, "required": true,
}

// notType are words that start statements or expressions, never a type.
var notType = map[string]bool{
	"return": true, "new": true, "throw": true, "typeof": true, "await": true, "yield": true,
	"if": true, "else": true, "while": true, "for": true, "foreach": true, "do": true,
	"switch": true, "case": true, "default": true, "break": true, "continue": true, "goto": true,
	"try": true, "catch": true, "finally": true, "using": true, "lock": true, "this": true,
	"base": true, "null": true, "delete": true, "is": true,
	"as": true, "in": true, "function": true, "sizeof": true, "checked": true, "unchecked": true,
	"fixed": true, "stackalloc": true, "nameof": true, "ref": true, "out": true, "params": true,
	"operator": true, "implicit": true, "explicit": true, "where": true,
}

// item parses one statement or class member.
func (p *parser) item() {
	if p.depth > maxDepth {
		p.skipStatement()
		return
	}
	t := p.tok()
	if t.k == tOp {
		switch t.s {
		case ";":
			p.i++
			return
		case "{":
			p.block()
			return
		case "}":
			return
		case "[":
			if p.lang == langCS {
				p.attribute()
				return
			}
		}
	}
	if t.k == tIdent {
		if p.keyword(t) {
			return
		}
	}
	p.declOrExpr(true)
}

// attribute skips a C# attribute, noting [WebMethod].
func (p *parser) attribute() {
	start := p.i
	p.skipBalanced()
	for k := start; k < p.i; k++ {
		if s := p.toks[k].s; p.toks[k].k == tIdent && (s == "webmethod" || s == "webmethodattribute" || s == "operationcontract" || s == "httppost" || s == "httpget") {
			p.web = true
		}
	}
}

// keyword handles statements and members that start with a keyword,
// reporting whether it did.
func (p *parser) keyword(t token) bool {
	switch t.s {
	case "using":
		p.i++
		if p.isOp("(") {
			p.i++
			p.declOrExpr(false)
			p.accept(")")
			p.body()
			return true
		}
		if p.isWord("var") || p.at(1).k == tIdent && p.at(2).k == tOp && p.at(2).s == "=" && !p.isWord("static") {
			p.declOrExpr(true) // C# 8 using declaration
			return true
		}
		p.skipStatement()
		return true
	case "import":
		if p.lang == langJS {
			p.skipStatement()
			return true
		}
	case "namespace", "package":
		p.i++
		for !p.eof() && !p.isOp("{") && !p.isOp(";") {
			p.i++
		}
		if p.isOp("{") {
			p.i++
			for !p.eof() && !p.isOp("}") {
				start := p.i
				p.item()
				if p.i == start {
					p.i++
				}
			}
			p.accept("}")
		} else {
			p.accept(";")
		}
		return true
	case "class", "struct", "interface", "record":
		p.classDecl()
		return true
	case "enum":
		for !p.eof() && !p.isOp("{") && !p.isOp(";") {
			p.i++
		}
		if p.isOp("{") {
			p.skipBalanced()
		}
		return true
	case "function":
		if p.lang == langJS {
			p.function()
			return true
		}
	case "if", "while":
		p.i++
		if t.s == "while" {
			p.loop++
			defer func() { p.loop-- }()
		}
		if p.accept("(") {
			p.emitExpr(p.expr())
			p.accept(")")
		}
		p.body()
		if t.s == "if" && p.acceptWord("else") {
			p.body()
		}
		return true
	case "else":
		p.i++
		p.body()
		return true
	case "do":
		p.i++
		p.loop++
		defer func() { p.loop-- }()
		p.body()
		if p.acceptWord("while") && p.accept("(") {
			p.emitExpr(p.expr())
			p.accept(")")
		}
		p.accept(";")
		return true
	case "for":
		p.i++
		p.forStmt()
		return true
	case "foreach":
		p.i++
		p.foreachStmt()
		return true
	case "switch":
		p.i++
		if p.accept("(") {
			p.emitExpr(p.expr())
			p.accept(")")
		}
		p.block()
		return true
	case "case":
		p.i++
		p.emitExpr(p.expr())
		p.accept(":")
		return true
	case "default":
		if p.at(1).k == tOp && p.at(1).s == ":" {
			p.i += 2
			return true
		}
	case "try", "finally", "checked", "unchecked", "unsafe":
		if p.at(1).k == tOp && p.at(1).s == "{" {
			p.i++
			p.block()
			return true
		}
	case "catch":
		p.i++
		if p.accept("(") {
			if p.lang == langJS {
				// JScript: catch (e) or catch (e : Exception)
				if v := p.tok(); v.k == tIdent {
					p.i++
					if p.accept(":") {
						p.parseType()
					}
					p.emit(action{k: aDecl, name: p.vname(v), off: t.off, line: t.line})
				}
			} else if typ := p.parseType(); p.tok().k == tIdent {
				p.emit(action{k: aDecl, name: p.vname(p.tok()), typ: typ, off: t.off, line: t.line})
				p.i++
			}
			for !p.eof() && !p.isOp(")") && !p.isOp("{") {
				p.i++
			}
			p.accept(")")
		}
		if p.acceptWord("when") && p.accept("(") {
			p.emitExpr(p.expr())
			p.accept(")")
		}
		p.block()
		return true
	case "lock", "fixed":
		p.i++
		if p.accept("(") {
			p.declOrExpr(false)
			p.accept(")")
		}
		p.body()
		return true
	case "return", "throw":
		p.i++
		if p.isOp(";") || p.isOp("}") {
			p.accept(";")
			return true
		}
		e := p.expr()
		if t.s == "return" {
			p.emit(action{k: aReturn, e: e, off: t.off, line: t.line})
		} else {
			p.emitExpr(e)
		}
		p.accept(";")
		return true
	case "yield":
		if p.at(1).k == tIdent && (p.at(1).s == "return" || p.at(1).s == "break") {
			p.i++
			return p.keyword(p.tok())
		}
	case "break", "continue", "goto":
		p.skipStatement()
		return true
	case "var", "let", "const":
		if p.lang == langJS {
			p.i++
			p.jsVars()
			return true
		}
	case "delegate", "event":
		if p.at(1).k == tIdent {
			p.skipStatement()
			return true
		}
	}
	// label: "name:"
	if p.lang == langCS && p.at(1).k == tOp && p.at(1).s == ":" && !notType[t.s] {
		p.i += 2
		return true
	}
	// JScript attributes before a function: WebMethodAttribute function f()
	if p.lang == langJS && p.at(1).k == tIdent && (strings.HasSuffix(t.s, "attribute") || t.s == "webmethod") {
		if strings.HasPrefix(t.s, "webmethod") {
			p.web = true
		}
		p.i++
		return true
	}
	if modifiers[t.s] && (p.at(1).k == tIdent || p.at(1).k == tOp && p.at(1).s == "(") {
		p.i++
		return true
	}
	return false
}

func (p *parser) classDecl() {
	p.i++
	name := ""
	if p.tok().k == tIdent {
		name = p.tok().s
		p.prog.classes[name] = true
		p.i++
	}
	for !p.eof() && !p.isOp("{") && !p.isOp(";") {
		if p.isOp("(") {
			p.skipBalanced() // record primary constructor
			continue
		}
		p.i++
	}
	if !p.accept("{") {
		p.accept(";")
		return
	}
	saved, savedCur := p.class, p.cur
	p.class = name
	p.cur = &method{name: "", class: name, global: true, lang: p.lang}
	p.prog.add(p.cur)
	p.depth++
	for !p.eof() && !p.isOp("}") {
		start := p.i
		p.item()
		if p.i == start {
			p.i++
		}
	}
	p.depth--
	p.accept("}")
	p.class, p.cur = saved, savedCur
}

// function parses a JScript function declaration (a method).
func (p *parser) function() {
	ft := p.tok()
	p.i++
	getter := false
	if (p.isWord("get") || p.isWord("set")) && p.at(1).k == tIdent {
		getter = p.isWord("get")
		p.i++
	}
	name := ""
	for p.tok().k == tIdent {
		name = p.tok().s // IHttpHandler.ProcessRequest -> processrequest
		p.i++
		if !p.accept(".") {
			break
		}
	}
	params := p.params()
	if p.accept(":") {
		p.parseType()
	}
	m := &method{name: name, class: p.class, params: params, web: p.web, lang: p.lang, off: ft.off, line: ft.line, prop: getter}
	p.web = false
	p.methodBody(m)
}

// methodBody parses "{ ... }" or "=> expr;" into m and registers it.
func (p *parser) methodBody(m *method) {
	p.prog.add(m)
	saved := p.cur
	p.cur = m
	switch {
	case p.isOp("{"):
		p.block()
	case p.accept("=>"):
		e := p.expr()
		p.emit(action{k: aReturn, e: e, off: m.off, line: m.line})
		p.accept(";")
	default:
		p.accept(";")
	}
	p.cur = saved
}

// params parses "(type name = default, ...)" in C# or "(name : Type)" in
// JScript, the opening parenthesis at p.i.
func (p *parser) params() []param {
	var ps []param
	if !p.accept("(") {
		return nil
	}
	for !p.eof() && !p.isOp(")") {
		start := p.i
		if p.isOp("[") {
			p.skipBalanced()
			continue
		}
		for p.tok().k == tIdent && (p.tok().s == "ref" || p.tok().s == "out" || p.tok().s == "in" || p.tok().s == "params" || p.tok().s == "this" || p.tok().s == "byval" || p.tok().s == "scoped") {
			p.i++
		}
		var pr param
		if p.lang == langJS {
			if p.tok().k == tIdent {
				pr.name = p.vname(p.tok())
				p.i++
			}
			if p.accept(":") {
				pr.typ = p.parseType()
			}
		} else {
			pr.typ = p.parseType()
			if p.tok().k == tIdent {
				pr.name = p.vname(p.tok())
				p.i++
			} else {
				pr.name, pr.typ = pr.typ, ""
			}
		}
		if p.accept("=") {
			p.assign()
		}
		if pr.name != "" {
			ps = append(ps, pr)
		}
		if !p.accept(",") && p.i == start {
			p.i++
		}
	}
	p.accept(")")
	return ps
}

// parseType reads a type name, returning it lower-case and dotted
// ("system.collections.generic.list", "byte[]"), or "" when none.
func (p *parser) parseType() string {
	if p.tok().k != tIdent || notType[p.tok().s] {
		if p.isOp("(") && p.lang == langCS {
			// tuple type "(int, string)": a short, flat parenthesis
			for k := p.i + 1; k < len(p.toks) && k < p.i+32; k++ {
				t := p.toks[k]
				if t.k == tOp && t.s == ")" {
					if k > p.i+1 {
						p.i = k + 1
						return "tuple"
					}
					break
				}
				if t.k != tIdent && !(t.k == tOp && (t.s == "," || t.s == "." || t.s == "[" || t.s == "]" || t.s == "?")) {
					break
				}
			}
		}
		return ""
	}
	var b strings.Builder
	for {
		t := p.tok()
		if t.k != tIdent {
			break
		}
		b.WriteString(t.s)
		p.i++
		if p.lang == langVB && p.isOp("(") && p.at(1).k == tIdent && p.at(1).s == "of" {
			p.skipBalanced() // List(Of String)
		}
		if p.isOp("<") && p.lang == langCS {
			if !p.typeArgs() {
				break
			}
		}
		if p.isOp(".") && p.at(1).k == tIdent || p.isOp("::") && p.at(1).k == tIdent {
			b.WriteByte('.')
			p.i++
			continue
		}
		break
	}
	if p.isOp("?") && p.lang == langCS {
		if n := p.at(1); n.k == tIdent || n.k == tOp && (n.s == "[" || n.s == ">" || n.s == "," || n.s == ")") {
			p.i++
		}
	}
	for p.isOp("[") && (p.at(1).k == tOp && (p.at(1).s == "]" || p.at(1).s == ",")) {
		p.skipBalanced()
		b.WriteString("[]")
	}
	for p.isOp("*") && p.lang == langCS && p.at(1).k == tIdent {
		p.i++
	}
	return b.String()
}

// typeArgs skips "<...>" when it is a generic argument list, reporting
// whether it was one (p.i unchanged otherwise).
func (p *parser) typeArgs() bool {
	start := p.i
	depth := 0
	for k := p.i; k < len(p.toks) && k < p.i+64; k++ {
		t := p.toks[k]
		switch {
		case t.k == tIdent:
		case t.k == tOp && t.s == "<":
			depth++
		case t.k == tOp && t.s == ">":
			depth--
			if depth == 0 {
				p.i = k + 1
				return true
			}
		case t.k == tOp && (t.s == "," || t.s == "." || t.s == "[" || t.s == "]" || t.s == "?" || t.s == "::" || t.s == "(" || t.s == ")" || t.s == "*"):
		default:
			p.i = start
			return false
		}
	}
	p.i = start
	return false
}

// declOrExpr parses a local or field declaration, a method, a property,
// or an expression statement. stmt: consume a closing ';'.
func (p *parser) declOrExpr(stmt bool) {
	start := p.i
	if p.lang == langCS || p.lang == langJS && p.isWord("var") {
		if p.lang == langJS {
			p.i++
			p.jsVars()
			return
		}
		typ := p.parseType()
		if typ != "" && p.tok().k == tIdent && !notType[p.tok().s] {
			name := p.tok()
			next := p.at(1)
			switch {
			case next.k == tOp && next.s == "(":
				// method or local function
				p.i++
				m := &method{name: name.s, class: p.class, web: p.web, lang: p.lang, off: name.off, line: name.line}
				p.web = false
				m.params = p.params()
				for p.tok().k == tIdent && p.tok().s == "where" {
					for !p.eof() && !p.isOp("{") && !p.isOp(";") && !p.isOp("=>") {
						p.i++
					}
				}
				p.methodBody(m)
				return
			case next.k == tOp && next.s == "{" && p.cur != nil && p.cur.global:
				p.i++
				p.property(name)
				return
			case next.k == tOp && next.s == "=>" && p.cur != nil && p.cur.global:
				p.i += 2
				m := &method{name: name.s, class: p.class, lang: p.lang, off: name.off, line: name.line, prop: true}
				p.prog.add(m)
				saved := p.cur
				p.cur = m
				p.emit(action{k: aReturn, e: p.expr(), off: name.off, line: name.line})
				p.cur = saved
				p.accept(";")
				return
			case next.k == tOp && (next.s == "=" || next.s == ";" || next.s == "," || next.s == ")") || next.k == tIdent && next.s == "in" || next.k == tEOF:
				p.localDecls(typ)
				if stmt {
					p.accept(";")
				}
				return
			}
		}
		// constructor: Name(params) { ... } or Name(params) : base(...) { ... }
		p.i = start
		if t := p.tok(); t.k == tIdent && p.at(1).k == tOp && p.at(1).s == "(" && p.cur != nil && p.cur.global {
			save := p.i
			p.i++
			p.skipBalanced()
			if p.isOp("{") || p.isOp(":") && p.at(1).k == tIdent && (p.at(1).s == "base" || p.at(1).s == "this") {
				p.i = save + 1
				m := &method{name: t.s, class: p.class, lang: p.lang, off: t.off, line: t.line}
				m.params = p.params()
				if p.accept(":") {
					p.i++
					if p.isOp("(") {
						saved := p.cur
						p.cur = m
						p.emitExpr(p.postfix(&expr{op: eIdent, name: "base", off: t.off, line: t.line}))
						p.cur = saved
					}
				}
				p.methodBody(m)
				return
			}
			p.i = save
		}
	}
	e := p.expr()
	p.emitExpr(e)
	if stmt {
		if !p.accept(";") && p.i == start {
			p.i++
		}
	}
}

// localDecls parses "name [= init] {, name [= init]}" after a type.
func (p *parser) localDecls(typ string) {
	for p.tok().k == tIdent {
		name := p.tok()
		p.i++
		for p.isOp("[") { // C fixed buffers, rare
			p.skipBalanced()
		}
		var init *expr
		if p.accept("=") {
			init = p.initializer()
		}
		if p.isWord("in") {
			// foreach header handled by foreachStmt; tolerated here
			p.i++
			p.emit(action{k: aForeach, name: p.vname(name), typ: typ, e: p.expr(), off: name.off, line: name.line})
			return
		}
		p.emit(action{k: aDecl, name: p.vname(name), typ: typ, e: init, off: name.off, line: name.line})
		if !p.accept(",") {
			return
		}
	}
}

// initializer parses an expression or a bare array initializer "{...}".
func (p *parser) initializer() *expr {
	if p.isOp("{") {
		return p.braceList()
	}
	return p.expr()
}

// braceList parses "{ a, b, {c} }" as an array.
func (p *parser) braceList() *expr {
	t := p.tok()
	p.i++
	e := &expr{op: eArray, off: t.off, line: t.line}
	for !p.eof() && !p.isOp("}") {
		start := p.i
		var el *expr
		if p.isOp("{") {
			el = p.braceList()
		} else {
			el = p.assign()
		}
		if el != nil {
			e.args = append(e.args, el)
		}
		if !p.accept(",") && p.i == start {
			p.i++
		}
	}
	p.accept("}")
	return e
}

// property parses "{ get {...} set {...} }" (or auto accessors) as a
// getter method named after the property.
func (p *parser) property(name token) {
	m := &method{name: name.s, class: p.class, lang: p.lang, off: name.off, line: name.line, prop: true}
	p.prog.add(m)
	saved := p.cur
	p.cur = m
	p.i++ // {
	for !p.eof() && !p.isOp("}") {
		start := p.i
		if p.isOp("[") {
			p.skipBalanced()
			continue
		}
		if p.tok().k == tIdent && (p.tok().s == "get" || p.tok().s == "set" || p.tok().s == "init" || modifiers[p.tok().s]) {
			p.i++
			switch {
			case p.isOp("{"):
				p.block()
			case p.accept("=>"):
				p.emit(action{k: aReturn, e: p.expr(), off: name.off, line: name.line})
				p.accept(";")
			default:
				p.accept(";")
			}
			continue
		}
		if p.i == start {
			p.i++
		}
	}
	p.accept("}")
	p.cur = saved
	if p.accept("=") { // auto-property initializer
		p.emit(action{k: aDecl, name: p.vname(name), e: p.expr(), off: name.off, line: name.line})
		p.accept(";")
	}
}

// jsVars parses JScript "name [: Type] [= init], ..." after var.
func (p *parser) jsVars() {
	for p.tok().k == tIdent {
		name := p.tok()
		p.i++
		typ := ""
		if p.accept(":") {
			typ = p.parseType()
		}
		var init *expr
		if p.accept("=") {
			init = p.assign()
		}
		if p.isWord("in") || p.isWord("of") {
			p.i++
			p.emit(action{k: aForeach, name: p.vname(name), typ: typ, e: p.expr(), off: name.off, line: name.line})
			return
		}
		p.emit(action{k: aDecl, name: p.vname(name), typ: typ, e: init, off: name.off, line: name.line})
		if !p.accept(",") {
			break
		}
	}
	p.accept(";")
}

func (p *parser) forStmt() {
	if !p.accept("(") {
		p.body()
		return
	}
	// JScript: for (var x in obj), for (x in obj)
	if p.lang == langJS {
		k := p.i
		if p.isWord("var") {
			k++
		}
		if k < len(p.toks) && p.toks[k].k == tIdent && k+1 < len(p.toks) && p.toks[k+1].k == tIdent && p.toks[k+1].s == "in" {
			name := p.toks[k]
			p.i = k + 2
			p.emit(action{k: aForeach, name: p.vname(name), e: p.expr(), off: name.off, line: name.line})
			p.accept(")")
			p.loop++
			p.body()
			p.loop--
			return
		}
	}
	if !p.isOp(";") {
		if p.lang == langJS && p.isWord("var") {
			p.i++
			for p.tok().k == tIdent {
				name := p.tok()
				p.i++
				if p.accept(":") {
					p.parseType()
				}
				var init *expr
				if p.accept("=") {
					init = p.assign()
				}
				p.emit(action{k: aDecl, name: p.vname(name), e: init, off: name.off, line: name.line})
				if !p.accept(",") {
					break
				}
			}
		} else {
			p.declOrExpr(false)
			for p.accept(",") {
				p.emitExpr(p.expr())
			}
		}
	}
	p.accept(";")
	p.loop++
	defer func() { p.loop-- }()
	if !p.isOp(";") {
		p.emitExpr(p.expr())
	}
	p.accept(";")
	for !p.eof() && !p.isOp(")") {
		start := p.i
		p.emitExpr(p.expr())
		if !p.accept(",") && p.i == start {
			p.i++
		}
	}
	p.accept(")")
	p.body()
}

func (p *parser) foreachStmt() {
	if !p.accept("(") {
		p.body()
		return
	}
	start := p.i
	typ := p.parseType()
	name := p.tok()
	if name.k == tIdent && name.s != "in" {
		p.i++
	} else {
		name, typ = p.toks[min(start, len(p.toks)-1)], ""
	}
	p.acceptWord("in")
	e := p.expr()
	p.emit(action{k: aForeach, name: p.vname(name), typ: typ, e: e, off: name.off, line: name.line})
	p.accept(")")
	p.loop++
	p.body()
	p.loop--
}

// --- expressions ---

var assignOps = map[string]bool{
	"=": true, "+=": true, "-=": true, "*=": true, "/=": true, "%=": true, "&=": true,
	"|=": true, "^=": true, "<<=": true, "??=": true, "&&=": true, "||=": true,
}

var bracePrec = map[string]int{
	"??": 1, "||": 2, "&&": 3, "|": 4, "^": 5, "&": 6,
	"==": 7, "!=": 7, "===": 7, "!==": 7,
	"<": 8, ">": 8, "<=": 8, ">=": 8, "is": 8, "as": 8, "instanceof": 8, "in": 8,
	"<<": 9, ">>": 9, "+": 10, "-": 10, "*": 11, "/": 11, "%": 11,
}

func (p *parser) expr() *expr { return p.assign() }

func (p *parser) assign() *expr {
	if p.depth > maxDepth {
		p.i++
		return nil
	}
	p.depth++
	defer func() { p.depth-- }()
	lhs := p.ternary()
	if t := p.tok(); t.k == tOp && assignOps[t.s] {
		p.i++
		var rhs *expr
		if p.isOp("{") {
			rhs = p.braceList()
		} else {
			rhs = p.assign()
		}
		return &expr{op: eAssign, name: t.s, args: []*expr{lhs, rhs}, off: t.off, line: t.line}
	}
	return lhs
}

func (p *parser) ternary() *expr {
	c := p.binary(1)
	if t := p.tok(); t.k == tOp && t.s == "?" {
		p.i++
		a := p.assign()
		p.accept(":")
		b := p.assign()
		return &expr{op: eCond, args: []*expr{c, a, b}, off: t.off, line: t.line}
	}
	return c
}

// binOp returns the binary operator at p.i and its token count.
func (p *parser) binOp() (string, int) {
	t := p.tok()
	switch t.k {
	case tOp:
		if t.s == ">" && p.at(1).k == tOp && p.at(1).s == ">" && !p.at(1).sp {
			return ">>", 2
		}
		if t.s == ">" && p.at(1).k == tOp && p.at(1).s == ">=" && !p.at(1).sp {
			return "", 0 // >>= (assignment) is not handled as binary
		}
		if _, ok := bracePrec[t.s]; ok {
			return t.s, 1
		}
	case tIdent:
		switch t.s {
		case "is", "as":
			if p.lang == langCS {
				return t.s, 1
			}
		case "instanceof", "in":
			if p.lang == langJS {
				return t.s, 1
			}
		}
	}
	return "", 0
}

func (p *parser) binary(minPrec int) *expr {
	left := p.unary()
	for {
		op, n := p.binOp()
		prec := bracePrec[op]
		if op == "" || prec < minPrec {
			return left
		}
		t := p.tok()
		p.i += n
		if op == "is" || op == "as" {
			typ := p.parseType()
			if p.tok().k == tIdent && op == "is" && !notType[p.tok().s] {
				p.i++ // pattern variable
			}
			if op == "as" {
				left = &expr{op: eCast, name: typ, x: left, off: t.off, line: t.line}
			} else {
				left = &expr{op: eBinary, name: "is", args: []*expr{left, {op: eStr, str: typ}}, off: t.off, line: t.line}
			}
			continue
		}
		next := prec + 1
		if op == "??" {
			next = prec // right-associative
		}
		right := p.binary(next)
		left = &expr{op: eBinary, name: op, args: []*expr{left, right}, off: t.off, line: t.line}
	}
}

func (p *parser) unary() *expr {
	if p.depth > maxDepth {
		p.i++
		return nil
	}
	t := p.tok()
	if t.k == tOp {
		switch t.s {
		case "!", "-", "+", "~", "++", "--", "*", "&", "^":
			if t.s == "^" && p.lang != langCS {
				break
			}
			p.i++
			p.depth++
			x := p.unary()
			p.depth--
			return &expr{op: eUnary, name: t.s, x: x, off: t.off, line: t.line}
		}
	}
	if t.k == tIdent {
		switch t.s {
		case "await", "ref", "out", "params", "delete", "void":
			if t.s == "void" && p.lang != langJS {
				break
			}
			if n := p.at(1); n.k == tIdent || n.k == tStr || n.k == tNum || n.k == tOp && (n.s == "(" || n.s == "!" || n.s == "-") {
				p.i++
				if t.s == "out" && p.at(1).k == tIdent && (p.isWord("var") || p.tok().k == tIdent) {
					// out var x / out Type x
					if p.at(1).k == tIdent {
						p.i++
					}
				}
				return p.unary()
			}
		case "typeof":
			if p.lang == langJS && !(p.at(1).k == tOp && p.at(1).s == "(") {
				p.i++
				p.unary()
				return &expr{op: eStr, str: "object", off: t.off, line: t.line}
			}
		}
	}
	return p.postfix(p.primary())
}

// castAhead reports "(Type) operand" at p.i (C#).
func (p *parser) castAhead() bool {
	if p.lang != langCS {
		return false
	}
	save := p.i
	defer func() { p.i = save }()
	p.i++
	typ := p.parseType()
	if typ == "" || !p.accept(")") {
		return false
	}
	n := p.tok()
	switch n.k {
	case tIdent:
		return !notType[n.s] || n.s == "new" || n.s == "this" || n.s == "typeof" || n.s == "base" || n.s == "null" || n.s == "await"
	case tStr, tChar, tNum:
		return true
	case tOp:
		return n.s == "(" || n.s == "!" || n.s == "~"
	}
	return false
}

// lambdaAhead reports "(a, b) =>" at p.i.
func (p *parser) lambdaAhead() bool {
	depth := 0
	for k := p.i; k < len(p.toks) && k < p.i+64; k++ {
		t := p.toks[k]
		if t.k != tOp {
			continue
		}
		switch t.s {
		case "(":
			depth++
		case ")":
			depth--
			if depth == 0 {
				return k+1 < len(p.toks) && p.toks[k+1].k == tOp && p.toks[k+1].s == "=>"
			}
		case ";", "{", "}":
			return false
		}
	}
	return false
}

func (p *parser) primary() *expr {
	t := p.tok()
	switch t.k {
	case tEOF:
		return nil
	case tStr:
		p.i++
		return &expr{op: eStr, str: t.s, off: t.off, line: t.line}
	case tChar:
		p.i++
		return &expr{op: eChar, str: t.s, off: t.off, line: t.line}
	case tNum:
		p.i++
		return &expr{op: eNum, num: t.n, str: t.s, off: t.off, line: t.line}
	case tIdent:
		switch t.s {
		case "new":
			return p.newExpr()
		case "typeof", "default", "sizeof", "nameof":
			if p.at(1).k == tOp && p.at(1).s == "(" {
				p.i += 2
				typ := p.parseType()
				for !p.eof() && !p.isOp(")") {
					p.i++
				}
				p.accept(")")
				if t.s == "typeof" {
					return &expr{op: eTypeof, name: typ, off: t.off, line: t.line}
				}
				if t.s == "nameof" {
					return &expr{op: eStr, str: shortType(typ), off: t.off, line: t.line}
				}
				return &expr{op: eIdent, name: "null", off: t.off, line: t.line}
			}
		case "checked", "unchecked":
			if p.at(1).k == tOp && p.at(1).s == "(" {
				p.i += 2
				e := p.expr()
				p.accept(")")
				return e
			}
		case "delegate":
			p.i++
			ps := p.params()
			return p.lambdaBody(ps, t)
		case "function":
			if p.lang == langJS {
				p.i++
				if p.tok().k == tIdent {
					p.i++
				}
				ps := p.params()
				if p.accept(":") {
					p.parseType()
				}
				return p.lambdaBody(ps, t)
			}
		case "stackalloc":
			p.i++
			p.parseType()
			if p.isOp("[") {
				p.skipBalanced()
			}
			if p.isOp("{") {
				return p.braceList()
			}
			return &expr{op: eArray, off: t.off, line: t.line}
		}
		if p.at(1).k == tOp && p.at(1).s == "=>" {
			p.i += 2
			return p.lambdaBody([]param{{name: p.vname(t)}}, t)
		}
		p.i++
		return &expr{op: eIdent, name: t.s, str: t.raw, off: t.off, line: t.line}
	case tOp:
		switch t.s {
		case "(":
			if p.lambdaAhead() {
				ps := p.params()
				p.accept("=>")
				return p.lambdaBody(ps, t)
			}
			if p.castAhead() {
				p.i++
				typ := p.parseType()
				p.accept(")")
				x := p.unary()
				return &expr{op: eCast, name: typ, x: x, off: t.off, line: t.line}
			}
			p.i++
			e := p.expr()
			for p.accept(",") { // tuple
				p.expr()
			}
			p.accept(")")
			return e
		case "[":
			// JScript array literal, C# 12 collection expression
			p.i++
			e := &expr{op: eArray, off: t.off, line: t.line}
			for !p.eof() && !p.isOp("]") {
				start := p.i
				if el := p.assign(); el != nil {
					e.args = append(e.args, el)
				}
				if !p.accept(",") && p.i == start {
					p.i++
				}
			}
			p.accept("]")
			return e
		case "{":
			if p.lang == langJS {
				return p.objectLiteral()
			}
			return p.braceList()
		case "@", "$":
			p.i++
			return p.primary()
		}
	}
	// not an expression start: leave it to the caller
	return nil
}

// lambdaBody parses "=> expr", "=> { ... }" or "{ ... }" into a lambda.
func (p *parser) lambdaBody(ps []param, t token) *expr {
	e := &expr{op: eLambda, params: ps, off: t.off, line: t.line}
	m := &method{lang: p.lang}
	saved := p.cur
	p.cur = m
	if p.isOp("{") {
		p.block()
	} else {
		body := p.assign()
		p.emit(action{k: aReturn, e: body, off: t.off, line: t.line})
	}
	p.cur = saved
	e.body = m.body
	return e
}

func (p *parser) objectLiteral() *expr {
	t := p.tok()
	p.i++
	e := &expr{op: eObject, off: t.off, line: t.line}
	for !p.eof() && !p.isOp("}") {
		start := p.i
		k := p.tok()
		if k.k == tIdent || k.k == tStr || k.k == tNum {
			p.i++
			if p.accept(":") {
				v := p.assign()
				e.args = append(e.args, &expr{op: eAssign, name: "=", args: []*expr{{op: eStr, str: k.s}, v}, off: k.off, line: k.line})
			}
		}
		if !p.accept(",") && p.i == start {
			p.i++
		}
	}
	p.accept("}")
	return e
}

// newExpr parses new T(args) { init }, new T[n], new T[] { ... },
// new[] { ... } and new { a = 1 }.
func (p *parser) newExpr() *expr {
	t := p.tok()
	p.i++
	e := &expr{op: eNew, off: t.off, line: t.line}
	if p.tok().k == tIdent {
		if p.lang == langCS {
			e.name = p.parseType()
			if strings.HasSuffix(e.name, "[]") {
				e.arr = true
				e.name = strings.TrimRight(e.name, "[]")
			}
		} else {
			// JScript: new T(args); the callee may be a member chain
			for p.tok().k == tIdent {
				e.name += p.tok().s
				p.i++
				if !(p.isOp(".") && p.at(1).k == tIdent) {
					break
				}
				e.name += "."
				p.i++
			}
		}
	}
	if p.isOp("[") {
		// new T[n] or new T[] / new[]
		e.arr = true
		p.i++
		for !p.eof() && !p.isOp("]") {
			start := p.i
			p.assign()
			if !p.accept(",") && p.i == start {
				p.i++
			}
		}
		p.accept("]")
		for p.isOp("[") {
			p.skipBalanced()
		}
	}
	if p.isOp("(") {
		e.args = p.args("(", ")")
	}
	if p.isOp("{") {
		list := p.braceList()
		e.init = list.args
	}
	return e
}

// args parses a parenthesised or bracketed argument list.
func (p *parser) args(open, closeOp string) []*expr {
	p.accept(open)
	var as []*expr
	for !p.eof() && !p.isOp(closeOp) {
		start := p.i
		// named argument "name: value"
		if p.tok().k == tIdent && p.at(1).k == tOp && p.at(1).s == ":" && p.lang == langCS {
			p.i += 2
		}
		if a := p.assign(); a != nil {
			as = append(as, a)
		}
		if !p.accept(",") && p.i == start {
			if p.isOp(";") || p.isOp("}") {
				return as
			}
			p.i++
		}
	}
	p.accept(closeOp)
	if as == nil {
		as = []*expr{}
	}
	return as
}

func (p *parser) postfix(x *expr) *expr {
	for n := 0; n < 10000; n++ {
		t := p.tok()
		if t.k != tOp {
			return x
		}
		switch t.s {
		case ".", "?.", "->", "::":
			if p.at(1).k != tIdent {
				if t.s == "?." && p.at(1).k == tOp && p.at(1).s == "[" {
					p.i++
					continue
				}
				return x
			}
			name := p.at(1)
			p.i += 2
			x = &expr{op: eMember, x: x, name: name.s, str: name.raw, off: name.off, line: name.line}
			if p.isOp("<") && p.lang == langCS {
				p.typeArgs()
			}
		case "(":
			if x == nil {
				return x
			}
			args := p.args("(", ")")
			x = &expr{op: eCall, x: x, args: args, off: t.off, line: t.line}
		case "[":
			if x == nil {
				return x
			}
			args := p.args("[", "]")
			x = &expr{op: eIndex, x: x, args: args, off: t.off, line: t.line}
		case "++", "--":
			p.i++
			x = &expr{op: eUnary, name: t.s, x: x, off: t.off, line: t.line}
		case "!":
			if p.lang == langCS && x != nil {
				if n := p.at(1); n.k == tOp && (n.s == "." || n.s == ")" || n.s == ";" || n.s == "," || n.s == "[") {
					p.i++ // null-forgiving
					continue
				}
			}
			return x
		case "<":
			if p.lang == langCS && x != nil && (x.op == eIdent || x.op == eMember) {
				save := p.i
				if p.typeArgs() && (p.isOp("(") || p.isOp(".") || p.isOp(")") || p.isOp(",") || p.isOp(";")) {
					continue
				}
				p.i = save
			}
			return x
		default:
			return x
		}
	}
	return x
}
