package asp

// maxDepth bounds the nesting of expressions and blocks the parsers
// follow; deeper input is skipped, not a stack overflow.
const maxDepth = 200

// vbParser builds the tree of VBScript tokens. It never fails: a
// statement it does not understand is skipped to its end.
type vbParser struct {
	toks   []token
	pos    int
	prog   *program
	class  string
	depth  int
	inline int      // inside a single-line If
	terms  []string // terminators of the enclosing blocks
}

func parseVB(toks []token, prog *program) []*stmt {
	p := &vbParser{toks: toks, prog: prog}
	return p.block(nil)
}

func (p *vbParser) tok() *token { return &p.toks[p.pos] }

func (p *vbParser) peek(n int) token {
	if p.pos+n < len(p.toks) {
		return p.toks[p.pos+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *vbParser) next() token {
	t := p.toks[p.pos]
	if p.pos < len(p.toks)-1 {
		p.pos++
	}
	return t
}

func (p *vbParser) isWord(w string) bool {
	t := p.tok()
	return t.k == tIdent && t.low == w
}

func (p *vbParser) isOp(o string) bool {
	t := p.tok()
	return t.k == tOp && t.s == o
}

func (p *vbParser) accept(w string) bool {
	if p.isWord(w) {
		p.next()
		return true
	}
	return false
}

// atEnd reports the end of a statement.
func (p *vbParser) atEnd() bool {
	t := p.tok()
	if t.k == tNL || t.k == tEOF {
		return true
	}
	if p.inline > 0 && t.k == tIdent && (t.low == "else" || t.low == "end" && p.peek(1).low == "if") {
		return true
	}
	return false
}

// nextStatement reports a complete statement followed on its line by a
// name and a call or assignment ("a = Request(x) Execute(a)", written
// without its ":"): VBScript rejects the line, but it is how webshells
// are copied into notes and pages, and the intent is the second
// statement. The parser reads it as two statements.
func (p *vbParser) nextStatement(start int) bool {
	t := p.tok()
	if p.pos == start || t.k != tIdent || p.pos == 0 {
		return false
	}
	prev := p.toks[p.pos-1]
	if !(prev.k == tOp && prev.s == ")" || prev.k == tStr) {
		return false
	}
	n := p.peek(1)
	return n.k == tOp && (n.s == "(" || n.s == "." || n.s == "=") || n.k == tStr || n.k == tIdent
}

// skipStmt skips to the end of the statement.
func (p *vbParser) skipStmt() {
	for !p.atEnd() {
		p.next()
	}
}

// termKey names the block terminator at the current token, or "".
func (p *vbParser) termKey() string {
	t := p.tok()
	if t.k != tIdent {
		return ""
	}
	switch t.low {
	case "end":
		n := p.peek(1)
		if n.k == tIdent {
			switch n.low {
			case "if", "function", "sub", "property", "select", "with", "class":
				return "end " + n.low
			}
		}
	case "else", "elseif", "next", "loop", "wend", "case":
		if t.low == "else" && p.inline > 0 {
			return ""
		}
		return t.low
	}
	return ""
}

// block parses statements up to one of terms (not consumed) or EOF.
func (p *vbParser) block(terms []string) []*stmt {
	p.terms = append(p.terms, terms...)
	defer func() { p.terms = p.terms[:len(p.terms)-len(terms)] }()
	var out []*stmt
	for {
		for p.tok().k == tNL {
			p.next()
		}
		if p.tok().k == tEOF {
			return out
		}
		if k := p.termKey(); k != "" {
			for _, t := range p.terms {
				if t == k {
					return out
				}
			}
			// A terminator without its construct: skip it.
			p.skipStmt()
			continue
		}
		start := p.pos
		if s := p.statement(); s != nil {
			out = append(out, s...)
		}
		if !p.atEnd() && !p.nextStatement(start) {
			p.skipStmt()
		}
		if p.pos == start {
			p.next()
		}
	}
}

// endWith consumes "end w" if present.
func (p *vbParser) endWith(w string) {
	if p.isWord("end") && p.peek(1).low == w {
		p.next()
		p.next()
	}
}

func (p *vbParser) statement() []*stmt {
	t := p.tok()
	if t.k == tOp && t.s == "." {
		return p.simple()
	}
	if t.k != tIdent {
		return p.simple()
	}
	line := t.line
	switch t.low {
	case "dim", "redim", "static":
		p.next()
		p.accept("preserve")
		return []*stmt{p.dim(line)}
	case "private", "public":
		p.next()
		p.accept("default")
		if p.isWord("function") || p.isWord("sub") || p.isWord("property") {
			return p.statement()
		}
		if p.accept("const") {
			return p.constStmt()
		}
		return []*stmt{p.dim(line)}
	case "const":
		p.next()
		return p.constStmt()
	case "set", "let":
		if n := p.peek(1); n.k == tIdent || n.k == tOp && n.s == "." {
			p.next()
		}
		return p.simple()
	case "call":
		p.next()
		return p.simple()
	case "if":
		p.next()
		return []*stmt{p.ifStmt(line)}
	case "for":
		p.next()
		return []*stmt{p.forStmt(line)}
	case "do":
		p.next()
		return []*stmt{p.doStmt(line)}
	case "while":
		p.next()
		cond := p.expr()
		body := p.block([]string{"wend"})
		p.accept("wend")
		return []*stmt{{k: sLoop, kw: "while", x: cond, body: body, line: line}}
	case "select":
		p.next()
		p.accept("case")
		return []*stmt{p.selectStmt(line)}
	case "function", "sub", "property":
		p.next()
		if t.low == "property" {
			if !p.accept("get") && !p.accept("let") {
				p.accept("set")
			}
		}
		p.function(t.low == "sub", line)
		return nil
	case "class":
		p.next()
		name := p.next().low
		saved := p.class
		p.class = name
		body := p.block([]string{"end class"})
		p.class = saved
		p.endWith("class")
		// Member declarations and stray statements of the class body
		// run when an instance is made: keep them at the top level.
		return body
	case "exit":
		p.next()
		kw := p.next().low
		return []*stmt{{k: sExit, kw: kw, line: line}}
	case "with":
		p.next()
		obj := p.expr()
		body := p.block([]string{"end with"})
		p.endWith("with")
		return []*stmt{{k: sWith, x: obj, body: body, line: line}}
	case "on", "option", "erase", "randomize", "goto", "stop", "end":
		if t.low == "on" && p.peek(1).low != "error" {
			break
		}
		p.skipStmt()
		return nil
	}
	return p.simple()
}

func (p *vbParser) dim(line int) *stmt {
	s := &stmt{k: sDim, line: line}
	for !p.atEnd() {
		t := p.next()
		if t.k == tIdent {
			s.names = append(s.names, t.low)
			var size *expr
			if p.isOp("(") {
				if a := p.parenArgs(); len(a) > 0 {
					size = a[0]
				}
			}
			s.conds = append(s.conds, size)
		}
		if !p.isOp(",") {
			break
		}
		p.next()
	}
	return s
}

func (p *vbParser) constStmt() []*stmt {
	var out []*stmt
	for !p.atEnd() {
		t := p.next()
		if t.k != tIdent || !p.isOp("=") {
			break
		}
		p.next()
		v := p.expr()
		out = append(out, &stmt{k: sAssign, x: p.prog.node(expr{k: eIdent, name: t.low, line: t.line}), y: v, line: t.line})
		if !p.isOp(",") {
			break
		}
		p.next()
	}
	return out
}

func (p *vbParser) ifStmt(line int) *stmt {
	s := &stmt{k: sIf, line: line}
	cond := p.expr()
	p.accept("then")
	if !p.atEnd() || p.tok().k == tNL && p.tok().s == ":" && p.inline > 0 {
		// Single-line form: statements up to the end of the line.
		p.inline++
		body := p.inlineStmts()
		s.conds, s.bodies = []*expr{cond}, [][]*stmt{body}
		if p.accept("else") {
			s.body = p.inlineStmts()
		}
		p.inline--
		if p.isWord("end") && p.peek(1).low == "if" {
			p.next()
			p.next()
		}
		return s
	}
	s.conds = append(s.conds, cond)
	s.bodies = append(s.bodies, p.block([]string{"else", "elseif", "end if"}))
	for {
		if p.accept("elseif") {
			c := p.expr()
			p.accept("then")
			s.conds = append(s.conds, c)
			s.bodies = append(s.bodies, p.block([]string{"else", "elseif", "end if"}))
			continue
		}
		if p.accept("else") {
			if p.isWord("if") {
				// "Else If" on one line: a nested If in the else branch.
				l := p.next().line
				s.body = []*stmt{p.ifStmt(l)}
				continue
			}
			s.body = append(s.body, p.block([]string{"else", "elseif", "end if"})...)
			continue
		}
		break
	}
	p.endWith("if")
	return s
}

// inlineStmts parses the statements of a single-line If branch.
func (p *vbParser) inlineStmts() []*stmt {
	var out []*stmt
	for p.depth < maxDepth {
		for p.tok().k == tNL && p.tok().s == ":" {
			p.next()
		}
		if p.atEnd() {
			break
		}
		start := p.pos
		p.depth++
		out = append(out, p.statement()...)
		p.depth--
		if !p.atEnd() {
			p.skipStmt()
		}
		if p.pos == start {
			p.next()
		}
		if !(p.tok().k == tNL && p.tok().s == ":") {
			break
		}
	}
	return out
}

func (p *vbParser) forStmt(line int) *stmt {
	if p.accept("each") {
		v := p.next()
		p.accept("in")
		coll := p.expr()
		body := p.block([]string{"next"})
		p.accept("next")
		p.skipStmt()
		return &stmt{k: sForEach, x: p.prog.node(expr{k: eIdent, name: v.low, line: v.line}), y: coll, body: body, line: line}
	}
	v := p.next()
	s := &stmt{k: sLoop, kw: "for", x: p.prog.node(expr{k: eIdent, name: v.low, line: v.line}), line: line}
	if p.isOp("=") {
		p.next()
	}
	from := p.expr()
	p.accept("to")
	to := p.expr()
	var step *expr
	if p.accept("step") {
		step = p.expr()
	}
	s.conds = []*expr{from, to, step}
	s.body = p.block([]string{"next"})
	p.accept("next")
	p.skipStmt()
	return s
}

func (p *vbParser) doStmt(line int) *stmt {
	s := &stmt{k: sLoop, kw: "do", line: line}
	if p.accept("while") {
		s.kw, s.x = "while", p.expr()
	} else if p.accept("until") {
		s.kw, s.x = "until", p.expr()
	}
	s.body = p.block([]string{"loop"})
	p.accept("loop")
	if s.kw == "do" {
		if p.accept("while") {
			s.kw, s.x = "dowhile", p.expr()
		} else if p.accept("until") {
			s.kw, s.x = "dountil", p.expr()
		}
	}
	return s
}

func (p *vbParser) selectStmt(line int) *stmt {
	s := &stmt{k: sSelect, x: p.expr(), line: line}
	for p.tok().k == tNL {
		p.next()
	}
	for p.accept("case") {
		var vals []*expr
		if !p.accept("else") {
			for !p.atEnd() {
				if p.accept("is") {
					p.next() // comparison operator
				}
				vals = append(vals, p.expr())
				if p.accept("to") {
					p.expr()
				}
				if !p.isOp(",") {
					break
				}
				p.next()
			}
			if vals == nil {
				vals = []*expr{}
			}
		}
		s.cases = append(s.cases, vals)
		s.bodies = append(s.bodies, p.block([]string{"case", "end select"}))
	}
	p.endWith("select")
	return s
}

func (p *vbParser) function(sub bool, line int) {
	name := p.next()
	f := &funcDef{name: name.low, sub: sub, lang: vbscript, line: line, class: p.class}
	if p.isOp("(") {
		p.next()
		for !p.isOp(")") && !p.atEnd() {
			byRef := true // VBScript's default
			for {
				if p.accept("byval") {
					byRef = false
				} else if p.accept("byref") || p.accept("optional") || p.accept("paramarray") {
				} else {
					break
				}
			}
			t := p.next()
			if t.k == tIdent {
				f.params = append(f.params, t.low)
				f.byRef = append(f.byRef, byRef)
			}
			if p.isOp("(") && p.peek(1).s == ")" {
				p.next()
				p.next()
			}
			if p.isOp(",") {
				p.next()
			} else if !p.isOp(")") {
				p.next()
			}
		}
		if p.isOp(")") {
			p.next()
		}
	}
	saved := p.inline
	p.inline = 0
	f.body = p.block([]string{"end function", "end sub", "end property"})
	p.inline = saved
	if p.isWord("end") {
		p.next()
		p.next()
	}
	if len(p.prog.funcs) < 20000 {
		p.prog.funcs = append(p.prog.funcs, f)
	}
}

// simple parses an assignment or a call statement.
func (p *vbParser) simple() []*stmt {
	line := p.tok().line
	lhs, lastParen := p.chain()
	if lhs == nil {
		p.skipStmt()
		return nil
	}
	if p.isOp("=") {
		p.next()
		rhs := p.expr()
		return p.prog.one(stmt{k: sAssign, x: lhs, y: rhs, line: line})
	}
	if p.atEnd() {
		if lhs.k != eCall {
			lhs = p.prog.node(expr{k: eCall, x: lhs, line: lhs.line, lang: vbscript})
		}
		return p.prog.one(stmt{k: sExpr, x: lhs, line: line})
	}
	// A call without parentheses: "Execute Request(x)", "ws.Run c, 0".
	callee := lhs
	if lastParen >= 0 && (p.tok().k == tOp && p.tok().s != "(" || p.tok().k == tIdent && vbBinaryWord(p.tok().low)) {
		// "Execute (a) & b": the parenthesis opened the first argument.
		p.pos = lastParen
		callee = lhs.x
	}
	call := p.prog.node(expr{k: eCall, x: callee, line: line, lang: vbscript})
	for !p.atEnd() {
		if p.isOp(",") {
			call.args = append(call.args, p.prog.node(expr{k: eConst, line: line}))
			p.next()
			continue
		}
		call.args = append(call.args, p.expr())
		if !p.isOp(",") {
			break
		}
		p.next()
	}
	return p.prog.one(stmt{k: sExpr, x: call, line: line})
}

func vbBinaryWord(w string) bool {
	switch w {
	case "and", "or", "xor", "eqv", "imp", "mod", "is":
		return true
	}
	return false
}

// chain parses a name with its member accesses and argument lists, and
// reports where its last argument list started (-1: none at the end).
func (p *vbParser) chain() (*expr, int) {
	t := p.tok()
	var e *expr
	switch {
	case t.k == tIdent:
		p.next()
		e = p.prog.node(expr{k: eIdent, name: t.low, line: t.line, lang: vbscript})
	case t.k == tOp && t.s == ".":
		p.next()
		n := p.next()
		e = p.prog.node(expr{k: eMember, name: n.low, line: n.line, lang: vbscript})
	default:
		return nil, -1
	}
	last := -1
	for {
		if p.isOp(".") {
			p.next()
			n := p.next()
			e = p.prog.node(expr{k: eMember, x: e, name: n.low, line: n.line, lang: vbscript})
			last = -1
			continue
		}
		if p.isOp("(") {
			last = p.pos
			args := p.parenArgs()
			e = p.prog.node(expr{k: eCall, x: e, args: args, line: e.line, lang: vbscript})
			continue
		}
		return e, last
	}
}

// parenArgs parses "(a, , b)".
func (p *vbParser) parenArgs() []*expr {
	p.next() // (
	var args []*expr
	if p.isOp(")") {
		p.next()
		return args
	}
	for p.tok().k != tEOF {
		if p.tok().k == tNL && p.tok().s != ":" {
			break
		}
		if p.isOp(",") {
			args = append(args, p.prog.node(expr{k: eConst, line: p.tok().line}))
			p.next()
			continue
		}
		args = append(args, p.expr())
		if p.isOp(",") {
			p.next()
			if p.isOp(")") {
				args = append(args, p.prog.node(expr{k: eConst}))
			}
			continue
		}
		break
	}
	if p.isOp(")") {
		p.next()
	}
	return args
}

// expr parses an expression.
func (p *vbParser) expr() *expr {
	if p.depth > maxDepth {
		p.skipStmt()
		return p.prog.node(expr{k: eConst})
	}
	p.depth++
	defer func() { p.depth-- }()
	return p.binary(0)
}

// vbLevels lists binary operators from the lowest precedence.
var vbLevels = [][]string{
	{"imp"}, {"eqv"}, {"xor"}, {"or"}, {"and"},
	nil, // Not
	{"=", "<>", "<", ">", "<=", ">=", "=<", "=>", "><", "is"},
	{"&"}, {"+", "-"}, {"mod"}, {"\\"}, {"*", "/"},
	nil, // unary minus
	{"^"},
}

// Levels of the prefix operators in vbLevels.
const (
	vbNotLevel = 5
	vbNegLevel = 12
)

// vbOpLevel returns the level of a binary operator in vbLevels. A
// switch rather than a map: the parser asks after every operand.
func vbOpLevel(s string) (int, bool) {
	switch s {
	case "imp":
		return 0, true
	case "eqv":
		return 1, true
	case "xor":
		return 2, true
	case "or":
		return 3, true
	case "and":
		return 4, true
	case "=", "<>", "<", ">", "<=", ">=", "=<", "=>", "><", "is":
		return 6, true
	case "&":
		return 7, true
	case "+", "-":
		return 8, true
	case "mod":
		return 9, true
	case "\\":
		return 10, true
	case "*", "/":
		return 11, true
	case "^":
		return 13, true
	}
	return 0, false
}

// binOp is the binary operator at the current token and its level.
func (p *vbParser) binOp() (string, int, bool) {
	t := p.tok()
	var s string
	switch t.k {
	case tOp:
		s = t.s
	case tIdent:
		s = t.low
	default:
		return "", 0, false
	}
	l, ok := vbOpLevel(s)
	return s, l, ok
}

// binary parses an expression of the operators of level and above
// (precedence climbing: one call per operand, not one per level).
func (p *vbParser) binary(level int) *expr {
	x := p.operand(level)
	for n := 0; n < 1<<20; n++ {
		op, l, ok := p.binOp()
		if !ok || l < level {
			break
		}
		t := p.next()
		y := p.binary(l + 1)
		x = p.prog.node(expr{k: eBin, op: vbOp(op), x: x, y: y, line: t.line, lang: vbscript})
	}
	return x
}

// operand parses an operand of the operators of level and above, with
// the prefix operators of those levels: Not takes the comparisons and
// what binds tighter, a sign what binds tighter than * and /.
func (p *vbParser) operand(level int) *expr {
	switch {
	case level <= vbNotLevel && p.isWord("not"):
		t := p.next()
		return p.prog.node(expr{k: eUn, op: "not", x: p.binary(vbNotLevel), line: t.line, lang: vbscript})
	case level <= vbNegLevel && (p.isOp("-") || p.isOp("+")):
		t := p.next()
		x := p.binary(vbNegLevel)
		if t.s == "+" {
			return x
		}
		return p.prog.node(expr{k: eUn, op: "-", x: x, line: t.line, lang: vbscript})
	}
	return p.unary()
}

func vbOp(op string) string {
	switch op {
	case "=", "is":
		return "=="
	case "<>", "><":
		return "!="
	case "=<":
		return "<="
	case "=>":
		return ">="
	}
	return op
}

func (p *vbParser) unary() *expr {
	t := p.tok()
	switch t.k {
	case tNum:
		p.next()
		return p.prog.node(expr{k: eConst, c: num(t.n), line: t.line})
	case tStr:
		p.next()
		return p.prog.node(expr{k: eConst, c: str(t.s), line: t.line})
	case tIdent:
		switch t.low {
		case "true":
			p.next()
			return p.prog.node(expr{k: eConst, c: boolean(true), line: t.line})
		case "false":
			p.next()
			return p.prog.node(expr{k: eConst, c: boolean(false), line: t.line})
		case "empty", "nothing":
			p.next()
			return p.prog.node(expr{k: eConst, line: t.line})
		case "null":
			p.next()
			return p.prog.node(expr{k: eConst, c: cv{k: cNull}, line: t.line})
		case "new":
			p.next()
			n := p.next()
			return p.prog.node(expr{k: eNew, name: n.low, line: t.line, lang: vbscript})
		case "not":
			p.next()
			return p.prog.node(expr{k: eUn, op: "not", x: p.unary(), line: t.line, lang: vbscript})
		}
		e, _ := p.chain()
		return e
	case tOp:
		switch t.s {
		case "(":
			p.next()
			x := p.expr()
			if p.isOp(")") {
				p.next()
			}
			// "(a)(1)": index of a parenthesised value.
			for p.isOp("(") {
				x = p.prog.node(expr{k: eCall, x: x, args: p.parenArgs(), line: t.line, lang: vbscript})
			}
			return x
		case ".":
			e, _ := p.chain()
			return e
		case "-":
			p.next()
			return p.prog.node(expr{k: eUn, op: "-", x: p.unary(), line: t.line, lang: vbscript})
		}
	}
	// Not an operand: leave the token to the caller.
	return p.prog.node(expr{k: eConst, line: t.line})
}
