package jsp

import "strings"

// The parser is a recursive-descent Java parser that never fails: on
// input it does not understand it skips a token and goes on, every loop
// consumes a token, and nesting deeper than maxDepth is skipped as a
// balanced group. Webshells are often broken Java (the page never
// compiled, or was pasted with typographic quotes); what can be read is
// still analysed.

const maxDepth = 400

type parser struct {
	t     []token
	p     int
	depth int
	n     nodes // the tree's storage
}

var eofTok = token{kind: tEOF}

func (ps *parser) cur() *token { return ps.at(0) }

func (ps *parser) at(k int) *token {
	if ps.p+k < len(ps.t) && ps.p+k >= 0 {
		return &ps.t[ps.p+k]
	}
	return &eofTok
}

func (ps *parser) eof() bool { return ps.p >= len(ps.t) }

func (ps *parser) isOp(op string) bool {
	t := ps.cur()
	return t.kind == tOp && t.text == op
}

func (ps *parser) isOpAt(k int, op string) bool {
	t := ps.at(k)
	return t.kind == tOp && t.text == op
}

func (ps *parser) isKw(kw string) bool {
	t := ps.cur()
	return t.kind == tIdent && t.text == kw
}

func (ps *parser) accept(op string) bool {
	if ps.isOp(op) {
		ps.p++
		return true
	}
	return false
}

func (ps *parser) line() int32 { return ps.cur().line }

var keywords = map[string]bool{
	"abstract": true, "assert": true, "boolean": true, "break": true, "byte": true, "case": true,
	"catch": true, "char": true, "class": true, "const": true, "continue": true, "default": true,
	"do": true, "double": true, "else": true, "enum": true, "extends": true, "final": true,
	"finally": true, "float": true, "for": true, "goto": true, "if": true, "implements": true,
	"import": true, "instanceof": true, "int": true, "interface": true, "long": true, "native": true,
	"new": true, "package": true, "private": true, "protected": true, "public": true, "return": true,
	"short": true, "static": true, "strictfp": true, "super": true, "switch": true, "synchronized": true,
	"this": true, "throw": true, "throws": true, "transient": true, "try": true, "void": true,
	"volatile": true, "while": true, "true": true, "false": true, "null": true,
}

// isPrimitive reports primitives[s], by a switch (see isKeyword).
func isPrimitive(s string) bool {
	switch s {
	case "byte", "short", "char", "int", "long", "float", "double", "boolean", "void":
		return true
	}
	return false
}

var primitives = map[string]bool{
	"byte": true, "short": true, "char": true, "int": true, "long": true, "float": true,
	"double": true, "boolean": true, "void": true,
}

var modifiers = map[string]bool{
	"public": true, "private": true, "protected": true, "static": true, "final": true,
	"abstract": true, "native": true, "synchronized": true, "transient": true, "volatile": true,
	"strictfp": true, "default": true, "sealed": true,
}

func isName(t *token) bool { return t.kind == tIdent && !t.kw }

// skipGroup skips a balanced (), [] or {} group starting at the current
// token, or one token.
func (ps *parser) skipGroup() {
	open := ps.cur().text
	var close string
	switch {
	case ps.cur().kind != tOp:
	case open == "(":
		close = ")"
	case open == "[":
		close = "]"
	case open == "{":
		close = "}"
	}
	ps.p++
	if close == "" {
		return
	}
	d := 1
	for !ps.eof() && d > 0 {
		t := ps.cur()
		if t.kind == tOp {
			switch t.text {
			case "(", "[", "{":
				d++
			case ")", "]", "}":
				d--
			}
		}
		ps.p++
	}
}

// annotations skips annotations ("@Name", "@a.b.Name(...)").
func (ps *parser) annotations() {
	for ps.isOp("@") && !(ps.at(1).kind == tIdent && ps.at(1).text == "interface") {
		ps.p++
		for isName(ps.cur()) {
			ps.p++
			if !ps.isOp(".") {
				break
			}
			ps.p++
		}
		if ps.isOp("(") {
			ps.skipGroup()
		}
	}
}

// typeArgs skips "<...>" starting at the current '<'; it fails (and
// restores the position) when what follows is not a type argument list.
func (ps *parser) typeArgs() bool {
	save := ps.p
	ps.p++ // '<'
	for n := 0; n < 64; n++ {
		t := ps.cur()
		switch {
		case t.kind == tOp && t.text == ">":
			ps.p++
			return true
		case t.kind == tOp && (t.text == "," || t.text == "?" || t.text == "." || t.text == "[" || t.text == "]" || t.text == "&" || t.text == "@"):
			ps.p++
		case t.kind == tOp && t.text == "<":
			if !ps.typeArgs() {
				ps.p = save
				return false
			}
			// A '>' glued to the inner list's '>' closes this one too.
			continue
		case t.kind == tIdent && (isName(t) || isPrimitive(t.text) || t.text == "extends" || t.text == "super"):
			ps.p++
		default:
			ps.p = save
			return false
		}
	}
	ps.p = save
	return false
}

// typ parses a type and returns its spelling (without type arguments).
func (ps *parser) typ() (string, bool) {
	save := ps.p
	ps.annotations()
	t := ps.cur()
	// Most types are one name: its token's text is the result, and the
	// builder (which copies) is used only for a longer one.
	var one string
	var buf [64]byte // the spelling of a longer type, which one allocation copies out
	b := buf[:0]
	long := false
	add := func(s string) {
		if !long {
			b = append(b, one...)
			long = true
		}
		b = append(b, s...)
	}
	switch {
	case t.kind == tIdent && isPrimitive(t.text):
		one = t.text
		ps.p++
	case isName(t):
		one = t.text
		for {
			ps.p++
			if ps.isOp("<") && !ps.typeArgs() {
				ps.p = save
				return "", false
			}
			if ps.isOp(".") && isName(ps.at(1)) {
				add(".")
				ps.p++
				add(ps.cur().text)
				continue
			}
			break
		}
	default:
		ps.p = save
		return "", false
	}
	for {
		ps.annotations()
		if ps.isOp("[") && ps.isOpAt(1, "]") {
			add("[]")
			ps.p += 2
			continue
		}
		if ps.isOp("...") {
			add("[]")
			ps.p++
		}
		break
	}
	if !long {
		return one, true
	}
	return string(b), true
}

// ---- classes -----------------------------------------------------------

// classBody parses members into c until '}' (consumed when braced) or
// the end of the tokens.
func (ps *parser) classBody(c *classDecl, braced bool) {
	if ps.depth > maxDepth {
		return
	}
	ps.depth++
	defer func() { ps.depth-- }()
	if c.kind == "enum" {
		ps.enumConstants(c)
	}
	for !ps.eof() {
		if ps.isOp("}") {
			ps.p++
			if braced {
				return
			}
			continue
		}
		start := ps.p
		ps.member(c)
		if ps.p == start {
			ps.p++
		}
	}
}

func (ps *parser) enumConstants(c *classDecl) {
	for !ps.eof() {
		ps.annotations()
		if !isName(ps.cur()) {
			break
		}
		n := ps.at(1)
		if n.kind != tOp || (n.text != "," && n.text != "(" && n.text != ";" && n.text != "}" && n.text != "{") {
			break
		}
		ps.p++
		if ps.isOp("(") {
			ps.args()
		}
		if ps.isOp("{") {
			ps.p++
			anon := &classDecl{line: ps.line()}
			ps.classBody(anon, true)
			c.inner = append(c.inner, anon)
		}
		if !ps.accept(",") {
			break
		}
	}
	ps.accept(";")
}

func (ps *parser) isClassStart() bool {
	t := ps.cur()
	if t.kind != tIdent {
		return ps.isOp("@") && ps.at(1).text == "interface"
	}
	switch t.text {
	case "class", "interface", "enum":
		return isName(ps.at(1))
	case "record":
		return isName(ps.at(1)) && (ps.isOpAt(2, "(") || ps.isOpAt(2, "<"))
	}
	return false
}

// classDecl parses a class declaration at its keyword.
func (ps *parser) classDecl() *classDecl {
	c := &classDecl{kind: ps.cur().text, line: ps.line()}
	if ps.isOp("@") {
		ps.p++
		c.kind = "interface"
	}
	ps.p++
	if isName(ps.cur()) {
		c.name = ps.cur().text
		ps.p++
	}
	if ps.isOp("<") {
		ps.typeArgs()
	}
	var recParams []param
	if c.kind == "record" && ps.isOp("(") {
		recParams = ps.params()
	}
	for ps.isKw("extends") || ps.isKw("implements") || ps.isKw("permits") {
		ps.p++
		for {
			t, ok := ps.typ()
			if !ok {
				break
			}
			if i := strings.LastIndexByte(t, '.'); i >= 0 {
				t = t[i+1:]
			}
			c.supers = append(c.supers, t)
			if !ps.accept(",") {
				break
			}
		}
	}
	for _, rp := range recParams {
		c.fields = append(c.fields, put(&ps.n.vars, localVar{typ: rp.typ, names: []string{rp.name}, inits: []expr{nil}, line: c.line}))
	}
	if ps.accept("{") {
		ps.classBody(c, true)
	}
	return c
}

// member parses one member of a class body.
func (ps *parser) member(c *classDecl) {
	for {
		t := ps.cur()
		if t.kind == tIdent && modifiers[t.text] && !ps.isOpAt(1, "(") {
			ps.p++
			continue
		}
		if t.kind == tIdent && t.text == "non" && ps.isOpAt(1, "-") {
			ps.p += 3
			continue
		}
		if ps.isOp("@") && ps.at(1).text != "interface" {
			ps.annotations()
			continue
		}
		break
	}
	switch {
	case ps.isOp(";"):
		ps.p++
		return
	case ps.isOp("{"):
		c.inits = append(c.inits, ps.block())
		return
	case ps.isClassStart():
		c.inner = append(c.inner, ps.classDecl())
		return
	}
	if ps.isOp("<") {
		ps.typeArgs()
	}
	line := ps.line()
	// Constructor: Name '('.
	if isName(ps.cur()) && ps.isOpAt(1, "(") {
		m := &method{name: ps.cur().text, cls: c, line: line, ctor: true}
		ps.p++
		ps.methodRest(m)
		c.methods = append(c.methods, m)
		return
	}
	typ, ok := ps.typ()
	if !ok || !isName(ps.cur()) {
		if ok {
			return // consumed a type; the caller goes on
		}
		// Not a member: maybe a statement put where a member belongs.
		if ps.isKw("if") || ps.isKw("for") || ps.isKw("while") || ps.isKw("try") || ps.isKw("return") {
			s := ps.stmt()
			c.inits = append(c.inits, put(&ps.n.blocks, block{stmts: []stmt{s}}))
		}
		return
	}
	if ps.isOpAt(1, "(") {
		m := &method{name: ps.cur().text, cls: c, line: line}
		ps.p++
		ps.methodRest(m)
		c.methods = append(c.methods, m)
		return
	}
	c.fields = append(c.fields, ps.declarators(typ))
	ps.accept(";")
}

// methodRest parses a method's parameters, throws clause and body.
func (ps *parser) methodRest(m *method) {
	m.params = ps.params()
	for ps.isOp("[") && ps.isOpAt(1, "]") {
		ps.p += 2
	}
	if ps.isKw("throws") {
		ps.p++
		for {
			if _, ok := ps.typ(); !ok || !ps.accept(",") {
				break
			}
		}
	}
	switch {
	case ps.isOp("{"):
		start := ps.p
		m.body = ps.block()
		m.size = ps.p - start
	case ps.isKw("default"):
		for !ps.eof() && !ps.isOp(";") && !ps.isOp("}") {
			ps.p++
		}
		ps.accept(";")
	default:
		ps.accept(";")
	}
}

// params parses a parameter list at '('.
func (ps *parser) params() []param {
	var out []param
	if !ps.accept("(") {
		return nil
	}
	for !ps.eof() && !ps.isOp(")") {
		start := ps.p
		for ps.isKw("final") || ps.isOp("@") {
			if ps.isKw("final") {
				ps.p++
			} else {
				ps.annotations()
			}
		}
		t, ok := ps.typ()
		if ok && (isName(ps.cur()) || ps.isKw("this")) {
			out = append(out, param{typ: t, name: ps.cur().text})
			ps.p++
			for ps.isOp("[") && ps.isOpAt(1, "]") {
				ps.p += 2
			}
		} else if ok && (ps.isOp(",") || ps.isOp(")")) {
			out = append(out, param{name: t}) // lambda-style untyped parameter
		}
		if ps.accept(",") {
			continue
		}
		if ps.isOp(")") || ps.isOp("{") || ps.isOp(";") {
			break
		}
		if ps.p == start {
			ps.p++
		}
	}
	ps.accept(")")
	return out
}

// declarators parses "name [dims] [= init], ..." after a type, without
// the terminating ';'.
func (ps *parser) declarators(typ string) *localVar {
	lv := put(&ps.n.vars, localVar{typ: typ, line: ps.line()})
	// The lists are built on the stack and copied out to the slabs:
	// most declare one name.
	var nameBuf [4]string
	var initBuf [4]expr
	names, inits := nameBuf[:0], initBuf[:0]
	for isName(ps.cur()) {
		name := ps.cur().text
		ps.p++
		for ps.isOp("[") && ps.isOpAt(1, "]") {
			ps.p += 2
		}
		var init expr
		if ps.accept("=") {
			if ps.isOp("{") {
				init = ps.arrayInit()
			} else {
				init = ps.expr()
			}
		}
		names = append(names, name)
		inits = append(inits, init)
		if !ps.accept(",") {
			break
		}
	}
	lv.names, lv.inits = ps.n.strs.copyOf(names), ps.n.exprs.copyOf(inits)
	return lv
}

// ---- statements --------------------------------------------------------

func (ps *parser) block() *block {
	b := put(&ps.n.blocks, block{})
	if !ps.accept("{") {
		return b
	}
	if ps.depth > maxDepth {
		ps.p--
		ps.skipGroup()
		return b
	}
	ps.depth++
	defer func() { ps.depth-- }()
	base := len(ps.n.stmtStack)
	for !ps.eof() && !ps.isOp("}") {
		start := ps.p
		if s := ps.stmt(); s != nil {
			ps.n.stmtStack = append(ps.n.stmtStack, s)
		}
		if ps.p == start {
			ps.p++
		}
	}
	b.stmts = ps.n.stmts.copyOf(ps.n.stmtStack[base:])
	ps.n.stmtStack = ps.n.stmtStack[:base]
	ps.accept("}")
	return b
}

// stmts parses statements to the end of the tokens, skipping stray '}'
// (scriptlets split a block across template text).
func (ps *parser) stmts() *block {
	b := put(&ps.n.blocks, block{})
	for !ps.eof() {
		if ps.isOp("}") {
			ps.p++
			continue
		}
		start := ps.p
		if s := ps.stmt(); s != nil {
			b.stmts = append(b.stmts, s)
		}
		if ps.p == start {
			ps.p++
		}
	}
	return b
}

func (ps *parser) parenExpr() expr {
	if !ps.accept("(") {
		return ps.expr()
	}
	x := ps.expr()
	for !ps.eof() && !ps.isOp(")") && !ps.isOp("{") && !ps.isOp(";") {
		ps.skipGroup()
	}
	ps.accept(")")
	return x
}

func (ps *parser) stmt() stmt {
	if ps.depth > maxDepth {
		ps.skipGroup()
		return nil
	}
	ps.depth++
	defer func() { ps.depth-- }()
	t := ps.cur()
	if t.kind == tOp {
		switch t.text {
		case "{":
			return ps.block()
		case ";":
			ps.p++
			return nil
		case "@":
			if ps.at(1).text != "interface" {
				ps.annotations()
				return ps.stmt()
			}
			return &classStmt{ps.classDecl()}
		}
	}
	if t.kind == tIdent {
		switch t.text {
		case "if":
			ps.p++
			s := put(&ps.n.ifs, ifStmt{cond: ps.parenExpr()})
			s.then = ps.stmt()
			if ps.isKw("else") {
				ps.p++
				s.els = ps.stmt()
			}
			return s
		case "while":
			ps.p++
			s := &loopStmt{cond: ps.parenExpr()}
			s.body = ps.stmt()
			return s
		case "do":
			ps.p++
			s := &loopStmt{body: ps.stmt()}
			if ps.isKw("while") {
				ps.p++
				s.cond = ps.parenExpr()
			}
			ps.accept(";")
			return s
		case "for":
			ps.p++
			return ps.forStmt()
		case "try":
			ps.p++
			return ps.tryStmt()
		case "switch":
			ps.p++
			return ps.switchStmt()
		case "return", "throw", "yield":
			if t.text == "yield" && !(ps.at(1).kind != tOp || ps.at(1).text == "(" || ps.at(1).text == "!" || ps.at(1).text == "-") {
				break
			}
			ps.p++
			s := put(&ps.n.rets, returnStmt{line: t.line})
			if !ps.isOp(";") && !ps.isOp("}") {
				s.x = ps.expr()
			}
			ps.accept(";")
			if t.text == "throw" {
				return put(&ps.n.xstmts, exprStmt{s.x})
			}
			return s
		case "break", "continue":
			ps.p++
			if isName(ps.cur()) {
				ps.p++
			}
			ps.accept(";")
			return nil
		case "synchronized":
			ps.p++
			x := ps.parenExpr()
			b := ps.block()
			b.stmts = append([]stmt{put(&ps.n.xstmts, exprStmt{x})}, b.stmts...)
			return b
		case "assert":
			ps.p++
			x := ps.expr()
			if ps.accept(":") {
				ps.expr()
			}
			ps.accept(";")
			return put(&ps.n.xstmts, exprStmt{x})
		case "else", "case", "default", "catch", "finally":
			ps.p++
			ps.accept(":")
			return nil
		case "abstract", "static", "final", "strictfp":
			if ps.at(1).kind == tIdent && (ps.at(1).text == "class" || ps.at(1).text == "interface" || ps.at(1).text == "enum" || ps.at(1).text == "abstract" || ps.at(1).text == "static" || ps.at(1).text == "final") {
				ps.p++
				return ps.stmt()
			}
		}
		if ps.isClassStart() {
			return &classStmt{ps.classDecl()}
		}
		// label:
		if isName(t) && ps.isOpAt(1, ":") {
			ps.p += 2
			return ps.stmt()
		}
	}
	if lv := ps.tryLocalVar(); lv != nil {
		ps.accept(";")
		return lv
	}
	x := ps.expr()
	ps.accept(";")
	if x == nil {
		return nil
	}
	return put(&ps.n.xstmts, exprStmt{x})
}

// tryLocalVar parses a local variable declaration, or restores the
// position and returns nil when the statement is not one.
func (ps *parser) tryLocalVar() *localVar {
	save := ps.p
	for ps.isKw("final") || ps.isOp("@") {
		if ps.isKw("final") {
			ps.p++
		} else {
			ps.annotations()
		}
	}
	typ, ok := ps.typ()
	if ok && isName(ps.cur()) {
		n := ps.at(1)
		if n.kind == tOp && (n.text == "=" || n.text == ";" || n.text == "," || n.text == "[" || n.text == ":" || n.text == ")") {
			return ps.declarators(typ)
		}
	}
	ps.p = save
	return nil
}

func (ps *parser) forStmt() stmt {
	if !ps.accept("(") {
		return nil
	}
	// Enhanced for.
	save := ps.p
	for ps.isKw("final") || ps.isOp("@") {
		if ps.isKw("final") {
			ps.p++
		} else {
			ps.annotations()
		}
	}
	if typ, ok := ps.typ(); ok && isName(ps.cur()) && ps.isOpAt(1, ":") {
		fe := &forEach{typ: typ, name: ps.cur().text, line: ps.line()}
		ps.p += 2
		fe.iter = ps.expr()
		ps.accept(")")
		fe.body = ps.stmt()
		return fe
	}
	ps.p = save
	s := &loopStmt{}
	if !ps.isOp(";") {
		if lv := ps.tryLocalVar(); lv != nil {
			s.init = append(s.init, lv)
		} else {
			for !ps.eof() && !ps.isOp(";") && !ps.isOp(")") {
				start := ps.p
				if x := ps.expr(); x != nil {
					s.init = append(s.init, put(&ps.n.xstmts, exprStmt{x}))
				}
				if !ps.accept(",") && ps.p == start {
					break
				}
			}
		}
	}
	ps.accept(";")
	if !ps.isOp(";") && !ps.isOp(")") {
		s.cond = ps.expr()
	}
	ps.accept(";")
	for !ps.eof() && !ps.isOp(")") && !ps.isOp("{") && !ps.isOp(";") {
		start := ps.p
		if x := ps.expr(); x != nil {
			s.update = append(s.update, x)
		}
		if !ps.accept(",") && ps.p == start {
			break
		}
	}
	ps.accept(")")
	s.body = ps.stmt()
	return s
}

func (ps *parser) tryStmt() stmt {
	s := &tryStmt{}
	if ps.accept("(") {
		for !ps.eof() && !ps.isOp(")") && !ps.isOp("{") {
			start := ps.p
			if lv := ps.tryLocalVar(); lv != nil {
				s.res = append(s.res, lv)
			} else if x := ps.expr(); x != nil {
				s.res = append(s.res, put(&ps.n.xstmts, exprStmt{x}))
			}
			if !ps.accept(";") && ps.p == start {
				ps.p++
			}
		}
		ps.accept(")")
	}
	s.body = ps.block()
	for ps.isKw("catch") {
		ps.p++
		var cc catchClause
		if ps.accept("(") {
			for ps.isKw("final") {
				ps.p++
			}
			for {
				t, ok := ps.typ()
				if !ok {
					break
				}
				cc.typ = t
				if !ps.accept("|") {
					break
				}
			}
			if isName(ps.cur()) {
				cc.name = ps.cur().text
				ps.p++
			}
			ps.accept(")")
		}
		cc.body = ps.block()
		s.catches = append(s.catches, cc)
	}
	if ps.isKw("finally") {
		ps.p++
		s.fin = ps.block()
	}
	return s
}

func (ps *parser) switchStmt() *switchStmt {
	s := &switchStmt{x: ps.parenExpr()}
	if !ps.accept("{") {
		return s
	}
	cur := put(&ps.n.blocks, block{})
	s.cases = append(s.cases, cur)
	for !ps.eof() && !ps.isOp("}") {
		if ps.isKw("case") || ps.isKw("default") {
			ps.p++
			for !ps.eof() && !ps.isOp(":") && !ps.isOp("->") && !ps.isOp("}") {
				start := ps.p
				ps.ternary()
				if !ps.accept(",") && ps.p == start {
					ps.p++
				}
			}
			ps.accept(":")
			ps.accept("->")
			cur = put(&ps.n.blocks, block{})
			s.cases = append(s.cases, cur)
			continue
		}
		start := ps.p
		if st := ps.stmt(); st != nil {
			cur.stmts = append(cur.stmts, st)
		}
		if ps.p == start {
			ps.p++
		}
	}
	ps.accept("}")
	return s
}

// ---- expressions -------------------------------------------------------

// isAssignOp reports Java's assignment operators. (A switch: it is asked
// at every expression.)
func isAssignOp(op string) bool {
	switch op {
	case "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", ">>>=":
		return true
	}
	return false
}

// binPrec is the precedence of a binary operator, 0 for none.
func binPrec(op string) int {
	switch op {
	case "||":
		return 3
	case "&&":
		return 4
	case "|":
		return 5
	case "^":
		return 6
	case "&":
		return 7
	case "==", "!=":
		return 8
	case "<", ">", "<=", ">=", "instanceof":
		return 9
	case "<<", ">>", ">>>":
		return 10
	case "+", "-":
		return 11
	case "*", "/", "%":
		return 12
	}
	return 0
}

// op returns the operator at the current position, joining the '>'
// tokens of shifts and '>=' / '>>=', and how many tokens it spans.
func (ps *parser) op() (string, int) {
	t := ps.cur()
	if t.kind == tIdent && t.text == "instanceof" {
		return "instanceof", 1
	}
	if t.kind != tOp {
		return "", 0
	}
	if t.text != ">" || !t.glue {
		return t.text, 1
	}
	n := ps.at(1)
	if n.kind == tOp && n.text == "=" {
		return ">=", 2
	}
	if !n.glue {
		return ">>", 2
	}
	nn := ps.at(2)
	if nn.kind == tOp && nn.text == "=" {
		return ">>=", 3
	}
	if !nn.glue {
		return ">>>", 3
	}
	if ps.at(3).kind == tOp && ps.at(3).text == "=" {
		return ">>>=", 4
	}
	return ">>>", 3
}

func (ps *parser) expr() expr {
	if ps.depth > maxDepth {
		ps.skipGroup()
		return nil
	}
	ps.depth++
	defer func() { ps.depth-- }()
	if l := ps.tryLambda(); l != nil {
		return l
	}
	x := ps.ternary()
	if x == nil {
		return nil
	}
	if op, n := ps.op(); isAssignOp(op) {
		line := ps.line()
		ps.p += n
		var r expr
		if ps.isOp("{") {
			r = ps.arrayInit()
		} else {
			r = ps.expr()
		}
		return put(&ps.n.assigns, assignExpr{op: op, l: x, r: r, line: line})
	}
	return x
}

// tryLambda parses "x -> ...", "(a, b) -> ..." and "(T a) -> ...".
func (ps *parser) tryLambda() expr {
	line := ps.line()
	var params []string
	switch {
	case isName(ps.cur()) && ps.isOpAt(1, "->"):
		params = []string{ps.cur().text}
		ps.p += 2
	case ps.isOp("("):
		k := 1
		for ; k < 64; k++ {
			t := ps.at(k)
			if t.kind == tOp && t.text == ")" {
				break
			}
			if t.kind == tIdent || t.kind == tOp && strings.Contains(",.<>[]@?&", t.text) && t.text != "" {
				continue
			}
			return nil
		}
		if k >= 64 || !ps.isOpAt(k+1, "->") {
			return nil
		}
		for j := 1; j < k; j++ {
			if ps.at(j).kind == tIdent && (ps.isOpAt(j+1, ",") || j+1 == k) {
				params = append(params, ps.at(j).text)
			}
		}
		ps.p += k + 2
	default:
		return nil
	}
	l := &lambdaExpr{params: params, line: line}
	if ps.isOp("{") {
		l.block = ps.block()
	} else {
		l.body = ps.expr()
	}
	return l
}

func (ps *parser) ternary() expr {
	c := ps.binary(0)
	if c == nil || !ps.isOp("?") {
		return c
	}
	line := ps.line()
	ps.p++
	t := ps.expr()
	ps.accept(":")
	f := ps.expr()
	return put(&ps.n.conds, condExpr{c: c, t: t, f: f, line: line})
}

func (ps *parser) binary(minPrec int) expr {
	x := ps.unary()
	if x == nil {
		return nil
	}
	for n := 0; n < 1<<20; n++ {
		op, k := ps.op()
		prec := binPrec(op)
		if prec == 0 || prec <= minPrec {
			break
		}
		line := ps.line()
		ps.p += k
		if op == "instanceof" {
			ps.accept("final")
			t, _ := ps.typ()
			if isName(ps.cur()) { // pattern binding
				ps.p++
			}
			x = put(&ps.n.bins, binaryExpr{op: op, x: x, y: put(&ps.n.names, nameExpr{id: t, line: line}), line: line})
			continue
		}
		y := ps.binary(prec)
		if y == nil {
			break
		}
		x = put(&ps.n.bins, binaryExpr{op: op, x: x, y: y, line: line})
	}
	return x
}

func (ps *parser) unary() expr {
	if ps.depth > maxDepth {
		ps.skipGroup()
		return nil
	}
	ps.depth++
	defer func() { ps.depth-- }()
	t := ps.cur()
	if t.kind == tOp {
		switch t.text {
		case "+", "-", "!", "~", "++", "--":
			ps.p++
			x := ps.unary()
			if x == nil {
				return nil
			}
			// Fold a negative literal.
			if lit, ok := x.(*litExpr); ok && t.text == "-" && lit.kind == tNum {
				return put(&ps.n.lits, litExpr{kind: tNum, text: "-" + lit.text, num: -lit.num, line: t.line})
			}
			return put(&ps.n.unaries, unaryExpr{op: t.text, x: x, line: t.line})
		case "(":
			if c := ps.tryCast(); c != nil {
				return c
			}
		}
	}
	return ps.postfix(ps.primary())
}

// tryCast parses "(Type) operand" or restores the position.
func (ps *parser) tryCast() expr {
	save := ps.p
	line := ps.line()
	ps.p++
	typ, ok := ps.typ()
	// Intersection casts: (A & B).
	for ok && ps.isOp("&") {
		ps.p++
		_, ok = ps.typ()
	}
	if !ok || !ps.isOp(")") {
		ps.p = save
		return nil
	}
	ps.p++
	base := strings.TrimRight(typ, "[]")
	n := ps.cur()
	cast := isPrimitive(base) && base != "void" && !(n.kind == tOp && (n.text == ")" || n.text == ";" || n.text == ","))
	if !cast {
		switch n.kind {
		case tIdent:
			cast = n.text != "instanceof"
		case tString, tChar, tNum:
			cast = true
		case tOp:
			cast = n.text == "(" || n.text == "!" || n.text == "~"
		}
	}
	if !cast {
		ps.p = save
		return nil
	}
	x := ps.unary()
	if x == nil {
		ps.p = save
		return nil
	}
	return put(&ps.n.casts, castExpr{typ: typ, x: x, line: line})
}

func (ps *parser) primary() expr {
	t := ps.cur()
	line := t.line
	switch t.kind {
	case tNum, tString, tChar:
		ps.p++
		return put(&ps.n.lits, litExpr{kind: t.kind, text: t.text, num: t.num, esc: t.esc, line: line})
	case tOp:
		switch t.text {
		case "(":
			ps.p++
			x := ps.expr()
			ps.accept(")")
			return x
		case "{":
			return ps.arrayInit()
		case "@":
			ps.annotations()
			return ps.primary()
		case "<":
			if ps.typeArgs() {
				return ps.primary()
			}
		}
		return nil
	case tIdent:
	default:
		return nil
	}
	switch t.text {
	case "new":
		return ps.creator()
	case "true", "false", "null":
		ps.p++
		return put(&ps.n.lits, litExpr{kind: tIdent, text: t.text, line: line})
	case "this", "super":
		ps.p++
		if ps.isOp("(") {
			return put(&ps.n.calls, callExpr{name: t.text, args: ps.args(), line: line})
		}
		return put(&ps.n.names, nameExpr{id: t.text, line: line})
	case "switch":
		ps.p++
		return &stmtExpr{s: ps.switchStmt(), line: line}
	}
	if t.kw && isPrimitive(t.text) { // (every primitive type is a keyword)
		typ, _ := ps.typ()
		if ps.isOp(".") && ps.at(1).text == "class" {
			ps.p += 2
			return &classLit{typ: typ, line: line}
		}
		return put(&ps.n.names, nameExpr{id: typ, line: line})
	}
	if t.kw {
		return nil
	}
	ps.p++
	if ps.isOp("(") {
		return put(&ps.n.calls, callExpr{name: t.text, args: ps.args(), line: line})
	}
	return put(&ps.n.names, nameExpr{id: t.text, line: line})
}

// dotted returns the dotted spelling of a name or field chain, or "".
func dotted(x expr) string {
	switch x := x.(type) {
	case *nameExpr:
		return x.id
	case *fieldExpr:
		if d := dotted(x.x); d != "" {
			return d + "." + x.name
		}
	}
	return ""
}

func (ps *parser) postfix(x expr) expr {
	for x != nil && !ps.eof() {
		t := ps.cur()
		if t.kind != tOp {
			return x
		}
		switch t.text {
		case ".":
			ps.p++
			if ps.isOp("<") {
				ps.typeArgs()
			}
			n := ps.cur()
			if n.kind != tIdent {
				return x
			}
			switch n.text {
			case "class":
				ps.p++
				x = &classLit{typ: dotted(x), line: n.line}
				continue
			case "new":
				c := ps.creator()
				if c == nil {
					return x
				}
				x = c
				continue
			case "this":
				ps.p++
				continue
			}
			ps.p++
			if ps.isOp("(") {
				x = put(&ps.n.calls, callExpr{recv: x, name: n.text, args: ps.args(), line: n.line})
			} else {
				x = put(&ps.n.fields, fieldExpr{x: x, name: n.text, line: n.line})
			}
		case "[":
			if ps.isOpAt(1, "]") {
				typ := dotted(x)
				for ps.isOp("[") && ps.isOpAt(1, "]") {
					ps.p += 2
					typ += "[]"
				}
				if ps.isOp(".") && ps.at(1).text == "class" {
					ps.p += 2
					x = &classLit{typ: typ, line: t.line}
					continue
				}
				return x
			}
			ps.p++
			i := ps.expr()
			ps.accept("]")
			x = put(&ps.n.indexes, indexExpr{x: x, i: i, line: t.line})
		case "::":
			ps.p++
			if ps.cur().kind == tIdent {
				x = &methodRef{x: x, name: ps.cur().text, line: t.line}
				ps.p++
			}
		case "++", "--":
			ps.p++
			x = put(&ps.n.unaries, unaryExpr{op: t.text, x: x, line: t.line})
		default:
			return x
		}
	}
	return x
}

// creator parses "new ..." at 'new'.
func (ps *parser) creator() expr {
	line := ps.line()
	ps.p++
	ps.annotations()
	if ps.isOp("<") {
		ps.typeArgs()
	}
	var buf [64]byte // the type's spelling, which one allocation copies out
	b := buf[:0]
	for ps.cur().kind == tIdent && !(ps.cur().kw && !isPrimitive(ps.cur().text)) {
		b = append(b, ps.cur().text...)
		ps.p++
		if ps.isOp("<") {
			if !ps.typeArgs() {
				break
			}
		}
		if ps.isOp(".") && ps.at(1).kind == tIdent {
			b = append(b, '.')
			ps.p++
			continue
		}
		break
	}
	n := put(&ps.n.news, newExpr{typ: string(b), line: line})
	switch {
	case ps.isOp("["):
		n.array = true
		for ps.isOp("[") {
			ps.p++
			if ps.accept("]") {
				continue
			}
			n.dims = append(n.dims, ps.expr())
			ps.accept("]")
		}
		if ps.isOp("{") {
			n.init = ps.arrayInit()
		}
	case ps.isOp("("):
		n.args = ps.args()
		if ps.isOp("{") {
			ps.p++
			n.body = &classDecl{line: ps.line(), supers: []string{simpleName(n.typ)}}
			ps.classBody(n.body, true)
		}
	}
	return n
}

func (ps *parser) arrayInit() *arrayInit {
	a := &arrayInit{line: ps.line()}
	if !ps.accept("{") {
		return a
	}
	if ps.depth > maxDepth {
		ps.p--
		ps.skipGroup()
		return a
	}
	ps.depth++
	defer func() { ps.depth-- }()
	for !ps.eof() && !ps.isOp("}") {
		start := ps.p
		var e expr
		if ps.isOp("{") {
			e = ps.arrayInit()
		} else {
			e = ps.expr()
		}
		if e != nil {
			a.elems = append(a.elems, e)
		}
		if ps.accept(",") {
			continue
		}
		if ps.isOp(";") || ps.isOp(")") {
			break
		}
		if ps.p == start {
			ps.p++
		}
	}
	ps.accept("}")
	return a
}

// args parses an argument list at '('.
func (ps *parser) args() []expr {
	base := len(ps.n.exprStack)
	ps.p++ // '('
	for !ps.eof() && !ps.isOp(")") {
		start := ps.p
		if e := ps.expr(); e != nil {
			ps.n.exprStack = append(ps.n.exprStack, e)
		}
		if ps.accept(",") {
			continue
		}
		if ps.isOp(")") || ps.isOp(";") || ps.isOp("}") {
			break
		}
		if ps.p == start {
			ps.skipGroup()
		}
	}
	ps.accept(")")
	out := ps.n.exprs.copyOf(ps.n.exprStack[base:])
	ps.n.exprStack = ps.n.exprStack[:base]
	return out
}

func simpleName(t string) string {
	t = strings.TrimRight(t, "[]")
	if i := strings.LastIndexByte(t, '.'); i >= 0 {
		return t[i+1:]
	}
	return t
}
