package asp

// jsParser builds the tree of JScript tokens. Like the VBScript parser it
// never fails; automatic semicolon insertion is approximated by ending a
// statement where the next token cannot continue it.
type jsParser struct {
	toks  []token
	pos   int
	prog  *program
	depth int
}

func parseJS(toks []token, prog *program) []*stmt {
	p := &jsParser{toks: toks, prog: prog}
	var out []*stmt
	for p.tok().k != tEOF {
		start := p.pos
		out = append(out, p.statement()...)
		if p.pos == start {
			p.next()
		}
	}
	return out
}

func (p *jsParser) tok() token { return p.toks[p.pos] }

func (p *jsParser) peek(n int) token {
	if p.pos+n < len(p.toks) {
		return p.toks[p.pos+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *jsParser) next() token {
	t := p.toks[p.pos]
	if p.pos < len(p.toks)-1 {
		p.pos++
	}
	return t
}

func (p *jsParser) isOp(o string) bool {
	t := p.tok()
	return t.k == tOp && t.s == o
}

func (p *jsParser) isWord(w string) bool {
	t := p.tok()
	return t.k == tIdent && t.s == w
}

func (p *jsParser) acceptOp(o string) bool {
	if p.isOp(o) {
		p.next()
		return true
	}
	return false
}

func (p *jsParser) semi() {
	p.acceptOp(";")
}

// body parses a statement or a braced block.
func (p *jsParser) body() []*stmt {
	if p.depth > maxDepth {
		p.skipBalanced()
		return nil
	}
	p.depth++
	defer func() { p.depth-- }()
	if p.isOp("{") {
		p.next()
		var out []*stmt
		for !p.isOp("}") && p.tok().k != tEOF {
			start := p.pos
			out = append(out, p.statement()...)
			if p.pos == start {
				p.next()
			}
		}
		p.acceptOp("}")
		return out
	}
	return p.statement()
}

// skipBalanced skips one statement or block without parsing it.
func (p *jsParser) skipBalanced() {
	level := 0
	for p.tok().k != tEOF {
		t := p.next()
		if t.k == tOp {
			switch t.s {
			case "{", "(", "[":
				level++
			case "}", ")", "]":
				level--
			}
		}
		if level <= 0 && (t.k == tOp && (t.s == ";" || t.s == "}")) {
			return
		}
	}
}

func (p *jsParser) paren() *expr {
	if p.acceptOp("(") {
		e := p.expr()
		p.acceptOp(")")
		return e
	}
	return p.expr()
}

func (p *jsParser) statement() []*stmt {
	t := p.tok()
	line := t.line
	if t.k == tOp {
		switch t.s {
		case ";":
			p.next()
			return nil
		case "{":
			return []*stmt{{k: sBlock, body: p.body(), line: line}}
		}
	}
	if t.k == tIdent {
		switch t.s {
		case "var", "let", "const":
			p.next()
			return p.varDecl()
		case "function":
			if p.peek(1).k == tIdent {
				p.next()
				p.function(true)
				return nil
			}
		case "if":
			p.next()
			s := &stmt{k: sIf, line: line}
			s.conds = []*expr{p.paren()}
			s.bodies = [][]*stmt{p.body()}
			if p.isWord("else") {
				p.next()
				s.body = p.body()
			}
			return []*stmt{s}
		case "for":
			p.next()
			return []*stmt{p.forStmt(line)}
		case "while":
			p.next()
			c := p.paren()
			return []*stmt{{k: sLoop, kw: "while", x: c, body: p.body(), line: line}}
		case "do":
			p.next()
			b := p.body()
			s := &stmt{k: sLoop, kw: "do", body: b, line: line}
			if p.isWord("while") {
				p.next()
				s.kw, s.x = "dowhile", p.paren()
			}
			p.semi()
			return []*stmt{s}
		case "switch":
			p.next()
			return []*stmt{p.switchStmt(line)}
		case "try":
			p.next()
			s := &stmt{k: sBlock, line: line, body: p.body()}
			if p.isWord("catch") {
				p.next()
				if p.acceptOp("(") {
					for !p.isOp(")") && p.tok().k != tEOF {
						p.next()
					}
					p.acceptOp(")")
				}
				s.init = p.body()
			}
			if p.isWord("finally") {
				p.next()
				s.body = append(s.body, p.body()...)
			}
			return []*stmt{s}
		case "return":
			p.next()
			s := &stmt{k: sReturn, line: line}
			if !p.isOp(";") && !p.isOp("}") && !p.tok().nl && p.tok().k != tEOF {
				s.x = p.expr()
			}
			p.semi()
			return []*stmt{s}
		case "break", "continue":
			p.next()
			if p.tok().k == tIdent && !p.tok().nl {
				p.next() // label
			}
			p.semi()
			kw := "loop"
			if t.s == "continue" {
				kw = "continue"
			}
			return []*stmt{{k: sExit, kw: kw, line: line}}
		case "throw":
			p.next()
			p.expr()
			p.semi()
			return nil
		case "with":
			p.next()
			o := p.paren()
			return []*stmt{{k: sWith, x: o, body: p.body(), line: line}}
		}
	}
	e := p.expr()
	p.semi()
	if e.k == eAssign && e.op == "=" {
		return []*stmt{{k: sAssign, x: e.x, y: e.y, line: line}}
	}
	return []*stmt{{k: sExpr, x: e, line: line}}
}

func (p *jsParser) varDecl() []*stmt {
	var out []*stmt
	for p.tok().k == tIdent {
		t := p.next()
		out = append(out, &stmt{k: sDim, names: []string{t.low}, conds: []*expr{nil}, line: t.line})
		if p.acceptOp("=") {
			v := p.assign()
			out = append(out, &stmt{k: sAssign, x: p.prog.node(expr{k: eIdent, name: t.low, line: t.line, lang: jscript}), y: v, line: t.line})
		}
		if !p.acceptOp(",") {
			break
		}
	}
	p.semi()
	return out
}

func (p *jsParser) function(decl bool) *funcDef {
	line := p.tok().line
	name := ""
	if p.tok().k == tIdent {
		name = p.next().low
	}
	f := &funcDef{name: name, lang: jscript, line: line}
	if p.acceptOp("(") {
		for !p.isOp(")") && p.tok().k != tEOF {
			t := p.next()
			if t.k == tIdent {
				f.params = append(f.params, t.low)
				f.byRef = append(f.byRef, false)
			}
			p.acceptOp(",")
		}
		p.acceptOp(")")
	}
	f.body = p.body()
	if decl && name != "" && len(p.prog.funcs) < 20000 {
		p.prog.funcs = append(p.prog.funcs, f)
	}
	return f
}

func (p *jsParser) forStmt(line int) *stmt {
	p.acceptOp("(")
	// for (var x in y)
	save := p.pos
	if p.isWord("var") || p.isWord("let") {
		p.next()
	}
	if p.tok().k == tIdent && p.peek(1).k == tIdent && p.peek(1).s == "in" {
		v := p.next()
		p.next()
		coll := p.expr()
		p.acceptOp(")")
		return &stmt{k: sForEach, x: p.prog.node(expr{k: eIdent, name: v.low, line: v.line, lang: jscript}), y: coll, body: p.body(), line: line}
	}
	p.pos = save
	s := &stmt{k: sLoop, kw: "while", line: line}
	if !p.isOp(";") {
		if p.isWord("var") || p.isWord("let") {
			p.next()
			s.init = p.varDeclNoSemi()
		} else {
			s.init = []*stmt{{k: sExpr, x: p.expr(), line: line}}
		}
	}
	p.acceptOp(";")
	if !p.isOp(";") {
		s.x = p.expr()
	}
	p.acceptOp(";")
	if !p.isOp(")") {
		s.post = []*stmt{{k: sExpr, x: p.expr(), line: line}}
	}
	p.acceptOp(")")
	s.body = p.body()
	return s
}

func (p *jsParser) varDeclNoSemi() []*stmt {
	var out []*stmt
	for p.tok().k == tIdent {
		t := p.next()
		out = append(out, &stmt{k: sDim, names: []string{t.low}, conds: []*expr{nil}, line: t.line})
		if p.acceptOp("=") {
			v := p.assign()
			out = append(out, &stmt{k: sAssign, x: p.prog.node(expr{k: eIdent, name: t.low, line: t.line, lang: jscript}), y: v, line: t.line})
		}
		if !p.acceptOp(",") {
			break
		}
	}
	return out
}

func (p *jsParser) switchStmt(line int) *stmt {
	s := &stmt{k: sSelect, x: p.paren(), line: line}
	if !p.acceptOp("{") {
		return s
	}
	for !p.isOp("}") && p.tok().k != tEOF {
		var vals []*expr
		if p.isWord("case") {
			p.next()
			vals = []*expr{p.expr()}
		} else if p.isWord("default") {
			p.next()
		} else {
			p.next()
			continue
		}
		p.acceptOp(":")
		var body []*stmt
		for !p.isWord("case") && !p.isWord("default") && !p.isOp("}") && p.tok().k != tEOF {
			start := p.pos
			body = append(body, p.statement()...)
			if p.pos == start {
				p.next()
			}
		}
		s.cases = append(s.cases, vals)
		s.bodies = append(s.bodies, body)
	}
	p.acceptOp("}")
	return s
}

func (p *jsParser) expr() *expr {
	e := p.assign()
	for p.isOp(",") {
		p.next()
		e = p.assign()
	}
	return e
}

func (p *jsParser) assign() *expr {
	if p.depth > maxDepth {
		p.skipBalanced()
		return p.prog.node(expr{k: eConst})
	}
	p.depth++
	defer func() { p.depth-- }()
	x := p.cond()
	t := p.tok()
	if t.k == tOp {
		switch t.s {
		case "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", ">>>=":
			p.next()
			y := p.assign()
			op := t.s
			switch op {
			case "&=":
				op = "band="
			case "|=":
				op = "bor="
			case "^=":
				op = "bxor="
			}
			return p.prog.node(expr{k: eAssign, op: op, x: x, y: y, line: t.line, lang: jscript})
		}
	}
	return x
}

func (p *jsParser) cond() *expr {
	c := p.binary(0)
	if p.isOp("?") {
		t := p.next()
		y := p.assign()
		p.acceptOp(":")
		z := p.assign()
		return p.prog.node(expr{k: eCond, x: c, y: y, z: z, line: t.line, lang: jscript})
	}
	return c
}

var jsLevels = [][]string{
	{"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!=", "===", "!=="},
	{"<", ">", "<=", ">=", "instanceof", "in"}, {"<<", ">>", ">>>"}, {"+", "-"}, {"*", "/", "%"},
}

func jsOp(s string) string {
	switch s {
	case "===":
		return "=="
	case "!==":
		return "!="
	case "&":
		return "band"
	case "|":
		return "bor"
	case "^":
		return "bxor"
	}
	return s
}

func (p *jsParser) binary(level int) *expr {
	if level >= len(jsLevels) {
		return p.unary()
	}
	x := p.binary(level + 1)
	for n := 0; n < 1<<20; n++ {
		t := p.tok()
		if t.k != tOp && !(t.k == tIdent && (t.s == "instanceof" || t.s == "in")) {
			break
		}
		found := false
		for _, o := range jsLevels[level] {
			if t.s == o {
				found = true
				break
			}
		}
		if !found {
			break
		}
		p.next()
		y := p.binary(level + 1)
		x = p.prog.node(expr{k: eBin, op: jsOp(t.s), x: x, y: y, line: t.line, lang: jscript})
	}
	return x
}

func (p *jsParser) unary() *expr {
	t := p.tok()
	if t.k == tOp {
		switch t.s {
		case "!", "-", "+", "~":
			p.next()
			return p.prog.node(expr{k: eUn, op: t.s, x: p.unary(), line: t.line, lang: jscript})
		case "++", "--":
			p.next()
			x := p.unary()
			return p.prog.node(expr{k: eAssign, op: t.s[:1] + "=", x: x, y: p.prog.node(expr{k: eConst, c: num(1)}), line: t.line, lang: jscript})
		}
	}
	if t.k == tIdent {
		switch t.s {
		case "typeof", "void", "delete":
			p.next()
			return p.prog.node(expr{k: eUn, op: "typeof", x: p.unary(), line: t.line, lang: jscript})
		}
	}
	x := p.postfix()
	if (p.isOp("++") || p.isOp("--")) && !p.tok().nl {
		o := p.next()
		return p.prog.node(expr{k: eAssign, op: o.s[:1] + "=", x: x, y: p.prog.node(expr{k: eConst, c: num(1)}), line: o.line, lang: jscript})
	}
	return x
}

func (p *jsParser) args() []*expr {
	var out []*expr
	p.acceptOp("(")
	for !p.isOp(")") && p.tok().k != tEOF {
		start := p.pos
		out = append(out, p.assign())
		if !p.acceptOp(",") {
			break
		}
		if p.pos == start {
			p.next()
		}
	}
	p.acceptOp(")")
	return out
}

func (p *jsParser) postfix() *expr {
	var x *expr
	if p.isWord("new") {
		t := p.next()
		callee := p.primary()
		for p.isOp(".") {
			p.next()
			n := p.next()
			callee = p.prog.node(expr{k: eMember, x: callee, name: n.low, line: n.line, lang: jscript})
		}
		var args []*expr
		if p.isOp("(") {
			args = p.args()
		}
		x = p.prog.node(expr{k: eNew, x: callee, args: args, line: t.line, lang: jscript})
	} else {
		x = p.primary()
	}
	for n := 0; n < 1<<20; n++ {
		switch {
		case p.isOp("."):
			p.next()
			t := p.next()
			x = p.prog.node(expr{k: eMember, x: x, name: t.low, line: t.line, lang: jscript})
		case p.isOp("["):
			t := p.next()
			i := p.expr()
			p.acceptOp("]")
			x = p.prog.node(expr{k: eIndex, x: x, args: []*expr{i}, line: t.line, lang: jscript})
		case p.isOp("("):
			line := p.tok().line
			x = p.prog.node(expr{k: eCall, x: x, args: p.args(), line: line, lang: jscript})
		default:
			return x
		}
	}
	return x
}

func (p *jsParser) primary() *expr {
	t := p.tok()
	switch t.k {
	case tNum:
		p.next()
		return p.prog.node(expr{k: eConst, c: num(t.n), line: t.line})
	case tStr:
		p.next()
		return p.prog.node(expr{k: eConst, c: str(t.s), line: t.line})
	case tRegex:
		p.next()
		return p.prog.node(expr{k: eConst, c: cv{k: cRegex, s: t.s, n: regexFlags(t.low)}, line: t.line})
	case tIdent:
		switch t.s {
		case "true", "false":
			p.next()
			return p.prog.node(expr{k: eConst, c: cv{k: cBool, n: b2f(t.s == "true")}, line: t.line})
		case "null":
			p.next()
			return p.prog.node(expr{k: eConst, c: cv{k: cNull}, line: t.line})
		case "undefined":
			p.next()
			return p.prog.node(expr{k: eConst, line: t.line})
		case "function":
			p.next()
			f := p.function(false)
			if f.name != "" && len(p.prog.funcs) < 20000 {
				p.prog.funcs = append(p.prog.funcs, f)
			}
			return p.prog.node(expr{k: eFunc, fn: f, line: t.line, lang: jscript})
		}
		p.next()
		return p.prog.node(expr{k: eIdent, name: t.low, line: t.line, lang: jscript})
	case tOp:
		switch t.s {
		case "(":
			p.next()
			x := p.expr()
			p.acceptOp(")")
			return x
		case "[":
			p.next()
			e := p.prog.node(expr{k: eArray, line: t.line, lang: jscript})
			for !p.isOp("]") && p.tok().k != tEOF {
				start := p.pos
				if p.isOp(",") {
					e.args = append(e.args, p.prog.node(expr{k: eConst}))
					p.next()
					continue
				}
				e.args = append(e.args, p.assign())
				p.acceptOp(",")
				if p.pos == start {
					p.next()
				}
			}
			p.acceptOp("]")
			return e
		case "{":
			p.next()
			e := p.prog.node(expr{k: eObject, line: t.line, lang: jscript})
			// The keys, in e.c (an object literal has no value of its
			// own): a field of their own made every node larger.
			var keys []cv
			for !p.isOp("}") && p.tok().k != tEOF {
				start := p.pos
				k := p.next()
				key := k.low
				if k.k == tStr {
					key = lower(k.s)
				} else if k.k == tNum {
					key = fmtNum(k.n)
				}
				if p.acceptOp(":") {
					keys = append(keys, str(key))
					e.args = append(e.args, p.assign())
				}
				p.acceptOp(",")
				if p.pos == start {
					p.next()
				}
			}
			p.acceptOp("}")
			if keys != nil {
				e.c = array(keys)
			}
			return e
		}
	}
	// Not an operand: consume nothing, let the caller recover.
	return p.prog.node(expr{k: eConst, line: t.line})
}
