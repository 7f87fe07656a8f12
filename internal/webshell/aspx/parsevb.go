package aspx

// vbParser parses VB.NET (and the VBScript that a script control runs):
// statement per logical line, case-insensitive keywords (the lexer
// lower-cases identifiers), "=" as assignment at the start of a
// statement and as comparison inside expressions.
type vbParser struct {
	parser
	stack   []*method // open Sub/Function/Property (innermost last)
	classM  *method   // class-level code of the current class
	funcs   []string  // names of the open Functions (assigning the name returns)
	webNext bool
}

// parseVB parses the tokens of one piece of VB code. cur receives
// statements outside any Sub (the render method or class-level code).
func parseVB(prog *program, toks []token, cur *method) {
	p := &vbParser{parser: parser{toks: toks, lang: langVB, prog: prog, cur: cur}}
	p.classM = cur
	for !p.eof() {
		start := p.i
		p.statement()
		if !p.atEnd() && p.i > start {
			// two statements on one line without ':' (broken, but it runs
			// in the author's head): parse the rest as another statement
			continue
		}
		p.endStatement()
		if p.i == start {
			p.i++
		}
	}
}

func (p *vbParser) atEnd() bool {
	t := p.tok()
	return t.k == tNL || t.k == tEOF
}

// endStatement skips what is left of the statement and its terminator.
func (p *vbParser) endStatement() {
	for !p.eof() && p.tok().k != tNL {
		p.i++
	}
	p.i++
}

func (p *vbParser) skipNL() {
	for p.tok().k == tNL {
		p.i++
	}
}

var vbModifiers = map[string]bool{
	"public": true, "private": true, "protected": true, "friend": true, "shared": true,
	"overrides": true, "overridable": true, "overloads": true, "readonly": true,
	"shadows": true, "static": true, "mustoverride": true, "notoverridable": true,
	"partial": true, "withevents": true, "widening": true, "narrowing": true,
	"default": true, "async": true, "iterator": true, "writeonly": true, "const": true, "dim": true,
}

func (p *vbParser) statement() {
	if p.depth > maxDepth {
		return
	}
	// attributes: <WebMethod()> ...
	for p.isOp("<") && p.at(1).k == tIdent {
		start := p.i
		for !p.atEnd() && !p.isOp(">") {
			if t := p.tok(); t.k == tIdent && (t.s == "webmethod" || t.s == "webmethodattribute" || t.s == "operationcontract") {
				p.webNext = true
			}
			p.i++
		}
		p.accept(">")
		if p.i == start {
			break
		}
		p.skipNL()
	}
	t := p.tok()
	if t.k != tIdent {
		if t.k == tOp && t.s == "." && p.at(1).k == tIdent {
			p.exprStatement() // .Prop = x inside With
		} else if t.k == tOp && t.s == "?" {
			p.i++ // "? x" print in immediate mode: treat as expression
			p.emitExpr(p.vbExpr())
		}
		return
	}
	decl := false
	for p.tok().k == tIdent && vbModifiers[p.tok().s] {
		if p.tok().s == "default" && p.at(1).k == tIdent && p.at(1).s != "property" {
			break
		}
		decl = true
		p.i++
	}
	t = p.tok()
	switch t.s {
	case "sub", "function", "property", "operator":
		p.i++
		if t.s == "property" && p.tok().k == tIdent && (p.tok().s == "get" || p.tok().s == "set") {
			return
		}
		p.methodStart(t)
		return
	case "declare", "event", "delegate", "custom":
		return
	case "class", "module", "structure", "interface":
		if decl || p.at(1).k == tIdent {
			p.i++
			if p.tok().k == tIdent {
				p.class = p.tok().s
				p.prog.classes[p.class] = true
			}
			m := &method{class: p.class, global: true, lang: langVB}
			p.prog.add(m)
			p.classM = m
			p.cur = m
			p.stack = p.stack[:0]
			return
		}
	case "enum":
		// skip to End Enum
		for !p.eof() {
			if p.isWord("end") && p.at(1).k == tIdent && p.at(1).s == "enum" {
				return
			}
			p.i++
		}
		return
	}
	if decl {
		p.declList()
		return
	}
	switch t.s {
	case "next", "wend":
		if p.loop > 0 {
			p.loop--
		}
		return
	case "imports", "option", "namespace", "inherits", "implements", "exit",
		"goto", "resume", "stop", "erase", "get", "finally", "try", "else",
		"addhandler", "removehandler", "on", "rem":
		if t.s == "else" && p.at(1).k == tIdent && p.at(1).s == "if" {
			p.i += 2
			p.emitExpr(p.vbExpr())
			return
		}
		if t.s == "get" && p.at(1).k == tOp && p.at(1).s == "(" {
			break
		}
		if t.s == "else" {
			p.i++
			p.inline()
		}
		return
	case "set":
		if p.at(1).k == tOp && p.at(1).s == "(" || p.atEndAt(1) {
			return // property setter
		}
		p.i++
		p.exprStatement()
		return
	case "let", "call":
		p.i++
		p.exprStatement()
		return
	case "end":
		p.i++
		if p.tok().k == tIdent {
			switch p.tok().s {
			case "sub", "function", "property", "operator":
				p.methodEnd()
			case "class", "module", "structure", "interface", "namespace":
				p.class = ""
				p.cur = p.classM
			case "with":
				p.emit(action{k: aEndWith, off: t.off, line: t.line})
			case "while":
				if p.loop > 0 {
					p.loop--
				}
			}
		}
		return
	case "if", "elseif":
		p.i++
		cond := p.vbExpr()
		p.emitExpr(cond)
		if p.acceptWord("then") && !p.atEnd() {
			p.inline()
		}
		return
	case "while", "until":
		p.i++
		p.loop++
		p.emitExpr(p.vbExpr())
		return
	case "do", "loop":
		p.i++
		if t.s == "do" {
			p.loop++
		} else if p.loop > 0 {
			p.loop--
		}
		if p.acceptWord("while") || p.acceptWord("until") {
			p.emitExpr(p.vbExpr())
		}
		return
	case "select":
		p.i++
		p.acceptWord("case")
		p.emitExpr(p.vbExpr())
		return
	case "case":
		p.i++
		for !p.atEnd() {
			start := p.i
			p.acceptWord("is")
			if p.tok().k == tOp && (p.tok().s == "<" || p.tok().s == ">" || p.tok().s == "=" || p.tok().s == "<>" || p.tok().s == "<=" || p.tok().s == ">=") {
				p.i++
			}
			p.emitExpr(p.vbExpr())
			if p.acceptWord("to") {
				p.vbExpr()
			}
			if !p.accept(",") && p.i == start {
				p.i++
			}
		}
		return
	case "for":
		p.i++
		if p.acceptWord("each") {
			name := p.tok()
			p.i++
			typ := ""
			if p.acceptWord("as") {
				typ = p.parseType()
			}
			p.acceptWord("in")
			p.emit(action{k: aForeach, name: name.s, typ: typ, e: p.vbExpr(), off: name.off, line: name.line})
			p.loop++
			return
		}
		name := p.tok()
		p.i++
		if p.acceptWord("as") {
			p.parseType()
		}
		if p.accept("=") {
			from := p.vbExpr()
			p.emit(action{k: aDecl, name: name.s, typ: "int", e: from, off: name.off, line: name.line})
			if p.acceptWord("to") {
				p.emitExpr(p.vbExpr())
			}
		}
		p.loop++
		// the loop variable changes on every turn
		p.emit(action{k: aExpr, e: &expr{op: eUnary, name: "++", x: &expr{op: eIdent, name: name.s, off: name.off, line: name.line}, off: name.off, line: name.line}, off: name.off, line: name.line})
		return
	case "with":
		p.i++
		p.emit(action{k: aWith, e: p.vbExpr(), off: t.off, line: t.line})
		return
	case "using":
		p.i++
		if p.tok().k == tIdent && p.at(1).k == tIdent && p.at(1).s == "as" {
			p.declList()
			return
		}
		p.exprStatement()
		return
	case "catch":
		p.i++
		if p.tok().k == tIdent && p.tok().s != "when" {
			name := p.tok()
			p.i++
			typ := ""
			if p.acceptWord("as") {
				typ = p.parseType()
			}
			p.emit(action{k: aDecl, name: name.s, typ: typ, off: name.off, line: name.line})
		}
		if p.acceptWord("when") {
			p.emitExpr(p.vbExpr())
		}
		return
	case "return":
		p.i++
		if !p.atEnd() {
			p.emit(action{k: aReturn, e: p.vbExpr(), off: t.off, line: t.line})
		}
		return
	case "throw", "raiseevent":
		p.i++
		if !p.atEnd() {
			p.emitExpr(p.vbExpr())
		}
		return
	case "redim":
		p.i++
		p.acceptWord("preserve")
		return
	}
	p.exprStatement()
}

func (p *vbParser) atEndAt(k int) bool {
	t := p.at(k)
	return t.k == tNL || t.k == tEOF
}

// inline parses the statements after a single-line If's Then (or Else),
// up to the end of the line.
func (p *vbParser) inline() {
	for !p.atEnd() {
		start := p.i
		if p.acceptWord("else") {
			continue
		}
		p.depth++
		p.statement()
		p.depth--
		if p.i == start {
			p.i++
		}
		// a single-line If's statements are separated by ':' (tNL) but the
		// line ends at a real break; both end here.
		return
	}
}

// methodStart parses "Name[(params)] [As T] [Handles ...]" after
// Sub/Function/Property and opens the method.
func (p *vbParser) methodStart(kw token) {
	name := p.tok()
	if name.k != tIdent {
		return
	}
	p.i++
	m := &method{name: name.s, class: p.class, web: p.webNext, lang: langVB, off: name.off, line: name.line, prop: kw.s == "property"}
	p.webNext = false
	if p.isOp("(") {
		m.params = p.vbParams()
	}
	if p.acceptWord("as") {
		p.parseType()
	}
	// A new Sub closes an unterminated one: methods do not nest in VB.
	if len(p.stack) > 0 {
		p.stack = p.stack[:0]
		p.funcs = p.funcs[:0]
	}
	p.prog.add(m)
	p.loop = 0
	p.stack = append(p.stack, m)
	if kw.s == "function" || kw.s == "property" {
		p.funcs = append(p.funcs, name.s)
	} else {
		p.funcs = append(p.funcs, "")
	}
	p.cur = m
}

func (p *vbParser) methodEnd() {
	if len(p.stack) > 0 {
		p.stack = p.stack[:len(p.stack)-1]
		p.funcs = p.funcs[:len(p.funcs)-1]
	}
	if len(p.stack) > 0 {
		p.cur = p.stack[len(p.stack)-1]
	} else {
		p.cur = p.classM
	}
}

func (p *vbParser) vbParams() []param {
	var ps []param
	p.accept("(")
	for !p.eof() && !p.isOp(")") {
		start := p.i
		p.skipNL()
		for p.tok().k == tIdent && (p.tok().s == "byval" || p.tok().s == "byref" || p.tok().s == "optional" || p.tok().s == "paramarray") {
			p.i++
		}
		if p.isOp("<") { // parameter attribute
			for !p.eof() && !p.isOp(">") {
				p.i++
			}
			p.accept(">")
		}
		var pr param
		if p.tok().k == tIdent {
			pr.name = p.tok().s
			p.i++
		}
		if p.isOp("(") && p.at(1).k == tOp && p.at(1).s == ")" {
			p.i += 2
		}
		if p.acceptWord("as") {
			pr.typ = p.parseType()
		}
		if p.accept("=") {
			p.vbExpr()
		}
		if pr.name != "" {
			ps = append(ps, pr)
		}
		p.skipNL()
		if !p.accept(",") && p.i == start {
			p.i++
		}
		if p.tok().k == tNL && p.at(1).k == tOp && p.at(1).s == ")" {
			p.i++
		}
	}
	p.accept(")")
	return ps
}

// declList parses "a[(n)] [As [New] T[(args)] [With {...}]] [= e], ...".
func (p *vbParser) declList() {
	type pending struct {
		name token
	}
	var names []pending
	for p.tok().k == tIdent {
		name := p.tok()
		p.i++
		if p.isOp("(") {
			p.skipBalanced() // array bounds
		}
		names = append(names, pending{name})
		typ := ""
		var init *expr
		if p.acceptWord("as") {
			if p.acceptWord("new") {
				p.i-- // let vbNew parse it
				init = p.vbPrimary()
				if init != nil && init.op == eNew {
					typ = init.name
				}
			} else {
				typ = p.parseType()
				if p.isOp("(") && p.at(1).k == tOp && p.at(1).s == ")" {
					p.i += 2
					typ += "[]"
				}
			}
		}
		if p.accept("=") {
			p.skipNL()
			if p.isOp("{") {
				init = p.vbArrayLit()
			} else {
				init = p.vbExpr()
			}
		}
		if typ != "" || init != nil || !p.isOp(",") {
			// "Dim a, b As String": the type applies to all names
			for _, n := range names {
				p.emit(action{k: aDecl, name: n.name.s, typ: typ, e: init, off: n.name.off, line: n.name.line})
			}
			names = names[:0]
		}
		if !p.accept(",") {
			break
		}
		p.skipNL()
	}
	for _, n := range names {
		p.emit(action{k: aDecl, name: n.name.s, off: n.name.off, line: n.name.line})
	}
}

// exprStatement parses an assignment, a call, or a paren-less call
// "obj.Method a, b".
func (p *vbParser) exprStatement() {
	t := p.tok()
	lhs := p.vbPostfix(p.vbPrimary())
	if lhs == nil {
		return
	}
	if op := p.tok(); op.k == tOp && (op.s == "=" || op.s == "+=" || op.s == "&=" || op.s == "-=" || op.s == "*=" || op.s == "/=" || op.s == "\\=" || op.s == "^=" || op.s == "<<=" || op.s == ">>=") {
		p.i++
		p.skipNL()
		rhs := p.vbExpr()
		// Assigning a Function's own name sets its return value.
		if lhs.op == eIdent && len(p.funcs) > 0 && p.funcs[len(p.funcs)-1] == lhs.name && lhs.name != "" {
			p.emit(action{k: aReturn, e: rhs, off: t.off, line: t.line})
			return
		}
		p.emitExpr(&expr{op: eAssign, name: op.s, args: []*expr{lhs, rhs}, off: op.off, line: op.line})
		return
	}
	if p.atEnd() {
		p.emitExpr(lhs)
		return
	}
	// paren-less call: Response.Write "x", y
	call := &expr{op: eCall, x: lhs, off: lhs.off, line: lhs.line}
	if lhs.op == eCall && !p.isOp(",") {
		// "f(a) , b"? or "f (a) & b": treat the rest as one argument expression
		call = &expr{op: eCall, x: lhs.x, args: lhs.args, off: lhs.off, line: lhs.line}
		rest := p.vbBinaryRest(lhs)
		if rest != lhs {
			call = &expr{op: eCall, x: lhs.x, args: []*expr{rest}, off: lhs.off, line: lhs.line}
		}
	}
	for !p.atEnd() {
		start := p.i
		if a := p.vbExpr(); a != nil {
			call.args = append(call.args, a)
		}
		if !p.accept(",") && p.i == start {
			p.i++
		}
	}
	p.emitExpr(call)
}

var vbPrec = map[string]int{
	"or": 1, "orelse": 1, "xor": 1, "and": 2, "andalso": 2,
	"=": 4, "<>": 4, "<": 4, ">": 4, "<=": 4, ">=": 4, "is": 4, "isnot": 4, "like": 4,
	"&": 5, "<<": 6, ">>": 6, "+": 7, "-": 7, "mod": 8, "\\": 9, "*": 10, "/": 10, "^": 12,
}

func (p *vbParser) vbOp() string {
	t := p.tok()
	if t.k != tOp && t.k != tIdent {
		return ""
	}
	if _, ok := vbPrec[t.s]; ok {
		return t.s
	}
	return ""
}

func (p *vbParser) vbExpr() *expr {
	if p.depth > maxDepth {
		p.i++
		return nil
	}
	p.depth++
	defer func() { p.depth-- }()
	return p.vbBinary(1)
}

func (p *vbParser) vbBinaryRest(left *expr) *expr {
	for {
		op := p.vbOp()
		if op == "" {
			return left
		}
		t := p.tok()
		p.i++
		p.skipNL()
		right := p.vbBinary(vbPrec[op] + 1)
		left = &expr{op: eBinary, name: op, args: []*expr{left, right}, off: t.off, line: t.line}
	}
}

func (p *vbParser) vbBinary(minPrec int) *expr {
	left := p.vbUnary()
	for {
		op := p.vbOp()
		prec := vbPrec[op]
		if op == "" || prec < minPrec {
			return left
		}
		t := p.tok()
		p.i++
		p.skipNL()
		right := p.vbBinary(prec + 1)
		left = &expr{op: eBinary, name: op, args: []*expr{left, right}, off: t.off, line: t.line}
	}
}

func (p *vbParser) vbUnary() *expr {
	if p.depth > maxDepth {
		p.i++
		return nil
	}
	t := p.tok()
	if t.k == tOp && (t.s == "-" || t.s == "+") || t.k == tIdent && (t.s == "not" || t.s == "addressof" || t.s == "await") {
		p.i++
		p.depth++
		x := p.vbUnary()
		p.depth--
		if t.s == "addressof" {
			return x
		}
		return &expr{op: eUnary, name: t.s, x: x, off: t.off, line: t.line}
	}
	if t.k == tIdent && t.s == "typeof" {
		p.i++
		x := p.vbPostfix(p.vbPrimary())
		if p.acceptWord("is") || p.acceptWord("isnot") {
			p.parseType()
		}
		return &expr{op: eBinary, name: "is", args: []*expr{x, {op: eStr}}, off: t.off, line: t.line}
	}
	return p.vbPostfix(p.vbPrimary())
}

func (p *vbParser) vbPrimary() *expr {
	t := p.tok()
	switch t.k {
	case tStr:
		p.i++
		return &expr{op: eStr, str: t.s, off: t.off, line: t.line}
	case tChar:
		p.i++
		return &expr{op: eChar, str: t.s, off: t.off, line: t.line}
	case tNum:
		p.i++
		return &expr{op: eNum, num: t.n, str: t.s, off: t.off, line: t.line}
	case tOp:
		switch t.s {
		case "(":
			p.i++
			p.skipNL()
			e := p.vbExpr()
			p.skipNL()
			p.accept(")")
			return e
		case "{":
			return p.vbArrayLit()
		case ".", "!":
			// With member: .Name
			if p.at(1).k == tIdent {
				name := p.at(1)
				p.i += 2
				return &expr{op: eMember, name: name.s, str: name.raw, off: name.off, line: name.line}
			}
		}
		return nil
	case tIdent:
		switch t.s {
		case "new":
			p.i++
			e := &expr{op: eNew, off: t.off, line: t.line}
			e.name = p.parseType()
			if p.isOp("(") {
				e.args = p.vbArgs()
			}
			if p.isOp("(") { // New Byte(n)() or New T()()
				p.vbArgs()
				e.arr = true
			}
			if p.acceptWord("with") || p.acceptWord("from") {
				p.skipNL()
				if p.isOp("{") {
					e.init = p.vbArrayLit().args
				}
			} else if p.isOp("{") {
				e.arr = true
				e.init = p.vbArrayLit().args
			}
			return e
		case "gettype":
			if p.at(1).k == tOp && p.at(1).s == "(" {
				p.i += 2
				typ := p.parseType()
				for !p.atEnd() && !p.isOp(")") {
					p.i++
				}
				p.accept(")")
				return &expr{op: eTypeof, name: typ, off: t.off, line: t.line}
			}
		case "ctype", "directcast", "trycast":
			if p.at(1).k == tOp && p.at(1).s == "(" {
				p.i += 2
				p.skipNL()
				x := p.vbExpr()
				typ := ""
				if p.accept(",") {
					p.skipNL()
					typ = p.parseType()
				}
				for !p.atEnd() && !p.isOp(")") {
					p.i++
				}
				p.accept(")")
				return &expr{op: eCast, name: typ, x: x, off: t.off, line: t.line}
			}
		case "function", "sub":
			p.i++
			ps := p.vbParams()
			if p.acceptWord("as") {
				p.parseType()
			}
			e := &expr{op: eLambda, params: ps, off: t.off, line: t.line}
			m := &method{lang: langVB}
			saved := p.cur
			p.cur = m
			if !p.atEnd() {
				if t.s == "function" {
					p.emit(action{k: aReturn, e: p.vbExpr(), off: t.off, line: t.line})
				} else {
					p.exprStatement()
				}
			}
			p.cur = saved
			e.body = m.body
			return e
		}
		p.i++
		return &expr{op: eIdent, name: t.s, str: t.raw, off: t.off, line: t.line}
	}
	return nil
}

func (p *vbParser) vbArrayLit() *expr {
	t := p.tok()
	p.i++
	e := &expr{op: eArray, off: t.off, line: t.line}
	for !p.eof() && !p.isOp("}") {
		start := p.i
		p.skipNL()
		if p.isOp("}") {
			break
		}
		var el *expr
		if p.isOp("{") {
			el = p.vbArrayLit()
		} else if p.isOp(".") && p.at(1).k == tIdent && p.at(2).k == tOp && p.at(2).s == "=" {
			// object initializer member: .Name = value
			name := p.at(1)
			p.i += 3
			el = &expr{op: eAssign, name: "=", args: []*expr{{op: eStr, str: name.s}, p.vbExpr()}, off: name.off, line: name.line}
		} else {
			el = p.vbExpr()
		}
		if el != nil {
			e.args = append(e.args, el)
		}
		p.skipNL()
		if !p.accept(",") && p.i == start {
			p.i++
		}
	}
	p.accept("}")
	return e
}

func (p *vbParser) vbArgs() []*expr {
	p.accept("(")
	as := []*expr{}
	for !p.eof() && !p.isOp(")") {
		start := p.i
		p.skipNL()
		if p.isOp(")") {
			break
		}
		if p.tok().k == tIdent && p.at(1).k == tOp && p.at(1).s == ":=" {
			p.i += 2
		}
		if p.isOp(",") { // omitted argument
			as = append(as, &expr{op: eIdent, name: "nothing"})
			p.i++
			continue
		}
		if a := p.vbExpr(); a != nil {
			as = append(as, a)
		}
		p.skipNL()
		if !p.accept(",") && p.i == start {
			if p.tok().k == tNL || p.eof() {
				return as
			}
			p.i++
		}
	}
	p.accept(")")
	return as
}

func (p *vbParser) vbPostfix(x *expr) *expr {
	for n := 0; n < 10000 && x != nil; n++ {
		t := p.tok()
		if t.k != tOp {
			return x
		}
		switch t.s {
		case ".", "?.":
			if p.at(1).k != tIdent {
				return x
			}
			name := p.at(1)
			p.i += 2
			x = &expr{op: eMember, x: x, name: name.s, str: name.raw, off: name.off, line: name.line}
		case "!":
			if p.at(1).k != tIdent {
				return x
			}
			key := p.at(1)
			p.i += 2
			x = &expr{op: eIndex, x: x, args: []*expr{{op: eStr, str: key.raw, off: key.off, line: key.line}}, off: key.off, line: key.line}
		case "(":
			if p.at(1).k == tIdent && p.at(1).s == "of" {
				p.skipBalanced() // generic arguments
				continue
			}
			args := p.vbArgs()
			x = &expr{op: eCall, x: x, args: args, off: t.off, line: t.line}
		default:
			return x
		}
	}
	return x
}
