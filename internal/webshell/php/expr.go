package php

import "strings"

// binaryPrec is the precedence of a binary operator, PHP's from loosest
// (1) to tightest, or 0 for none. A switch rather than a map: it is asked
// after every operand, most often of ";" or ")".
func binaryPrec(op string) int {
	if len(op) == 1 { // most operators, and ";", ")" and "," that end operands
		return int(binaryPrec1[op[0]])
	}
	switch op {
	case "or":
		return 1
	case "xor":
		return 2
	case "and":
		return 3
	case "??":
		return 6
	case "||":
		return 7
	case "&&":
		return 8
	case "==", "!=", "===", "!==", "<>", "<=>":
		return 12
	case "<=", ">=":
		return 13
	case "<<", ">>":
		return 14
	case "instanceof":
		return 17
	case "**":
		return 19
	}
	return 0
}

// binaryPrec1 is binaryPrec of the one-byte operators.
var binaryPrec1 = [256]int8{'?': 5, '|': 9, '^': 10, '&': 11, '<': 13, '>': 13,
	'+': 15, '-': 15, '.': 15, '*': 16, '/': 16, '%': 16}

// isAssignOp reports whether op is an assignment operator. A switch
// rather than a map: it is asked of most operators that follow an
// operand.
func isAssignOp(op string) bool {
	if len(op) == 1 {
		return op == "="
	}
	switch op {
	case "=", "+=", "-=", "*=", "/=", ".=", "%=", "&=", "|=", "^=", "<<=", ">>=", "**=", "??=":
		return true
	}
	return false
}

const assignPrec = 4

// expr parses an expression whose binary operators bind at least as
// tightly as minPrec. It returns nil when no expression starts here.
func (p *parser) expr(minPrec int) *node {
	if p.depth > maxDepth {
		p.skipExpr()
		return p.node(node{k: nUnknown, tok: p.i})
	}
	p.depth++
	left := p.exprFrom(p.unary(), minPrec)
	p.depth--
	return left
}

// exprFrom parses the binary operators that follow the operand left and
// bind at least as tightly as minPrec.
func (p *parser) exprFrom(left *node, minPrec int) *node {
	if left == nil {
		return nil
	}
	for !p.eof() {
		t := p.look()
		op := t.Text
		if t.Kind == Keyword {
			op = t.Value
		} else if t.Kind != Op {
			break
		}
		prec := binaryPrec(op)
		if prec == 0 || prec < minPrec {
			break
		}
		tok := p.i
		p.i++
		if op == "?" {
			var then *node
			if !p.accept(":") {
				then = p.expr(0)
				p.accept(":")
			}
			els := p.expr(prec + 1)
			left = p.node(node{k: nTernary, tok: tok, kids: p.kids(left, then, els)})
			continue
		}
		next := prec + 1
		if op == "**" || op == "??" {
			next = prec // right associative
		}
		right := p.expr(next)
		if right == nil {
			right = p.node(node{k: nUnknown, tok: p.i})
		}
		left = p.node(node{k: nBin, s: op, tok: tok, kids: p.kids(left, right)})
	}
	return left
}

// skipExpr skips tokens up to the end of the current expression at this
// nesting level (used past maxDepth).
func (p *parser) skipExpr() {
	depth := 0
	for !p.eof() {
		t := p.look()
		if t.Kind == Op {
			switch t.Text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				if depth == 0 {
					return
				}
				depth--
			case ";", ",":
				if depth == 0 {
					return
				}
			}
		}
		p.i++
	}
}

// unary parses a prefix expression and its postfix operators.
func (p *parser) unary() *node {
	if p.eof() {
		return nil
	}
	t := p.look()
	tok := p.i
	switch t.Kind {
	case Op:
		switch t.Text {
		case "!":
			p.i++
			return p.node(node{k: nUnary, s: "!", tok: tok, kids: p.kids(p.expr(18))})
		case "-", "+", "~", "@", "&", "++", "--", "...":
			p.i++
			e := p.unary()
			if e == nil {
				return p.node(node{k: nUnknown, tok: tok})
			}
			if t.Text == "@" || t.Text == "&" {
				return e // no effect on the value
			}
			return p.node(node{k: nUnary, s: t.Text, tok: tok, kids: p.kids(e)})
		case "(":
			p.i++
			e := p.expr(0)
			p.accept(")")
			if e == nil {
				e = p.node(node{k: nUnknown, tok: tok})
			}
			return p.postfix(e)
		case "[":
			return p.postfix(p.arrayLit("]"))
		case "$":
			return p.postfix(p.varVar())
		}
		return nil
	case Variable:
		p.i++
		return p.postfix(p.node(node{k: nVar, s: t.Value, tok: tok}))
	case ConstString:
		p.i++
		return p.postfix(p.node(node{k: nStr, s: t.Value, tok: tok}))
	case LNumber, DNumber:
		p.i++
		return p.node(node{k: nNum, s: t.Value, tok: tok})
	case Quote:
		return p.postfix(p.interp(Quote))
	case StartHeredoc:
		return p.postfix(p.interp(EndHeredoc))
	case Backtick:
		return p.node(node{k: nShell, tok: tok, kids: p.kids(p.interp(Backtick))})
	case Cast:
		p.i++
		e := p.unary()
		if e == nil {
			e = p.node(node{k: nUnknown, tok: tok})
		}
		return p.node(node{k: nCast, s: t.Value, tok: tok, kids: p.kids(e)})
	case Ident, Name:
		p.i++
		return p.postfix(p.node(node{k: nName, s: strings.TrimPrefix(t.Value, `\`), tok: tok}))
	case Keyword:
		return p.keywordExpr(t)
	}
	return nil
}

// keywordExpr parses an expression that starts with a keyword.
func (p *parser) keywordExpr(t *Token) *node {
	tok := p.i
	switch t.Value {
	case "new":
		p.i++
		return p.postfix(p.newExpr(tok))
	case "function", "fn":
		return p.postfix(p.closure())
	case "static":
		if n := p.lookAt(1); n.Kind == Keyword && (n.Value == "function" || n.Value == "fn") {
			p.i++
			return p.postfix(p.closure())
		}
		p.i++
		return p.postfix(p.node(node{k: nName, s: "static", tok: tok}))
	case "array", "list":
		if n := p.lookAt(1); n.Kind == Op && n.Text == "(" {
			p.i++
			return p.postfix(p.arrayLit(")"))
		}
	case "isset", "empty", "exit", "die", "unset":
		p.i++
		var kids []*node
		if p.isOp("(") {
			kids = p.args()
		}
		return p.node(node{k: nOther, s: t.Value, tok: tok, kids: kids})
	case "eval":
		p.i++
		var code *node
		if p.accept("(") {
			code = p.expr(0)
			p.accept(")")
		}
		if code == nil {
			code = p.node(node{k: nUnknown, tok: tok})
		}
		return p.node(node{k: nEval, tok: tok, kids: p.kids(code)})
	case "include", "include_once", "require", "require_once":
		p.i++
		e := p.expr(assignPrec)
		if e == nil {
			e = p.node(node{k: nUnknown, tok: tok})
		}
		return p.node(node{k: nInclude, s: t.Value, tok: tok, kids: p.kids(e)})
	case "print", "clone", "yield", "throw":
		p.i++
		if t.Value == "yield" && p.isKw("from") {
			p.i++
		}
		e := p.expr(assignPrec)
		if e == nil {
			return p.node(node{k: nOther, s: t.Value, tok: tok})
		}
		return p.node(node{k: nOther, s: t.Value, tok: tok, kids: p.kids(e)})
	case "match":
		p.i++
		var kids []*node
		if p.isOp("(") {
			kids = p.args()
		}
		if p.accept("{") {
			for !p.eof() && !p.isOp("}") {
				start := p.i
				if e := p.expr(0); e != nil {
					kids = p.appendKid(kids, e)
				}
				if p.i == start {
					p.i++
				}
			}
			p.accept("}")
		}
		return p.node(node{k: nOther, s: "match", tok: tok, kids: kids})
	case "__file__", "__dir__", "__line__", "__class__", "__function__", "__method__", "__namespace__", "__trait__":
		p.i++
		return p.node(node{k: nName, s: t.Value, tok: tok})
	}
	return nil
}

// newExpr parses the class and arguments after "new".
func (p *parser) newExpr(tok int) *node {
	var class *node
	t := p.look()
	switch {
	case t.Kind == Ident || t.Kind == Name:
		p.i++
		class = p.node(node{k: nName, s: strings.TrimPrefix(t.Value, `\`), tok: p.i - 1})
	case t.Kind == Variable:
		p.i++
		class = p.node(node{k: nVar, s: t.Value, tok: p.i - 1})
		for p.isOp("->") || p.isOp("::") || p.isOp("[") {
			class = p.postfixOne(class, true)
		}
	case t.Kind == Keyword && t.Value == "class": // anonymous class
		p.i++
		var args []*node
		if p.isOp("(") {
			args = p.args()
		}
		for !p.eof() && !p.isOp("{") {
			p.i++
		}
		if p.isOp("{") {
			p.skipBalanced("{", "}")
		}
		return p.node(node{k: nNew, tok: tok, kids: append(p.kids(p.node(node{k: nName, s: "class@anonymous", tok: tok})), args...)})
	case t.Kind == Op && t.Text == "(":
		p.i++
		class = p.expr(0)
		p.accept(")")
	case t.Kind == Keyword:
		p.i++
		class = p.node(node{k: nName, s: t.Value, tok: p.i - 1})
	}
	if class == nil {
		class = p.node(node{k: nUnknown, tok: tok})
	}
	if p.isOp("(") {
		return p.node(node{k: nNew, tok: tok, kids: p.args(class)})
	}
	return p.node(node{k: nNew, tok: tok, kids: p.kids(class)})
}

// closure parses "function (...) use (...) { ... }" or "fn (...) => e"
// at the keyword and returns an nClosure; the body becomes a function.
func (p *parser) closure() *node {
	tok := p.i
	arrow := p.look().Value == "fn"
	p.i++
	p.accept("&")
	outer := p.cur
	f := p.newFunc("", outer.class, tok)
	idx := len(p.funcs) - 1
	f.params, f.refs = p.params(f)
	if p.isKw("use") {
		p.i++
		if p.accept("(") {
			for !p.eof() && !p.isOp(")") {
				if v := p.look(); v.Kind == Variable {
					// The captured variable flows in from the enclosing scope.
					p.addAssign(f, v.Value, assign{op: "=", rhs: p.node(node{k: nVar, s: v.Value, tok: p.i}), tok: p.i, from: outer})
				}
				p.i++
			}
			p.accept(")")
		}
	}
	p.skipReturnType()
	p.cur = f
	if arrow {
		if p.accept("=>") {
			if e := p.expr(assignPrec); e != nil {
				f.roots = p.appendKid(f.roots, e)
				f.returns = p.appendKid(f.returns, e)
			}
		}
		// An arrow function sees the enclosing scope's variables by value.
		f.parent = outer
	} else if p.accept("{") {
		if p.depth > maxDepth/4 {
			p.i--
			p.skipBalanced("{", "}")
		} else {
			p.statements(true)
		}
	}
	p.cur = outer
	return p.node(node{k: nClosure, fn: idx, tok: tok})
}

// varVar parses "$$x", "$$$x" or "${expr}" at the "$".
func (p *parser) varVar() *node {
	tok := p.i
	p.i++
	var name *node
	switch t := p.look(); {
	case t.Kind == Variable:
		p.i++
		name = p.node(node{k: nVar, s: t.Value, tok: p.i - 1})
	case t.Kind == Op && t.Text == "{":
		p.i++
		name = p.expr(0)
		p.accept("}")
	case t.Kind == Op && t.Text == "$":
		name = p.varVar()
	}
	if name == nil {
		name = p.node(node{k: nUnknown, tok: tok})
	}
	return p.node(node{k: nVarVar, tok: tok, kids: p.kids(name)})
}

// arrayLit parses "[...]" or "(...)" after "array"/"list" at the opener.
func (p *parser) arrayLit(close string) *node {
	tok := p.i
	p.i++
	n := p.node(node{k: nArray, tok: tok})
	for !p.eof() && !p.isOp(close) {
		if p.accept(",") {
			n.kids = p.appendKid(n.kids, p.node(node{k: nPair, tok: p.i}))
			continue
		}
		start := p.i
		v := p.expr(0)
		if v == nil {
			if p.i == start {
				p.i++
			}
			continue
		}
		pair := p.node(node{k: nPair, tok: v.tok, kids: p.kids(nil, v)})
		if p.accept("=>") {
			val := p.expr(0)
			if val == nil {
				val = p.node(node{k: nUnknown, tok: p.i})
			}
			pair.kids = p.kids(v, val)
		}
		n.kids = p.appendKid(n.kids, pair)
		if !p.accept(",") {
			break
		}
	}
	p.accept(close)
	if len(n.kids) > 0 && n.kids[len(n.kids)-1].kids == nil {
		n.kids = n.kids[:len(n.kids)-1]
	}
	return n
}

// args parses "(a, name: b, ...c)" at the "(" and returns first
// followed by the arguments (nil for neither). The list is built on
// p.scratch, shared with the calls nested in the arguments, and then
// copied once into the parser's slab.
func (p *parser) args(first ...*node) []*node {
	p.i++
	mark := len(p.scratch)
	p.scratch = append(p.scratch, first...)
	for !p.eof() && !p.isOp(")") {
		if (p.look().Kind == Ident || p.look().Kind == Keyword) && p.lookAt(1).Kind == Op && p.lookAt(1).Text == ":" && !(p.lookAt(2).Kind == Op && p.lookAt(2).Text == ":") {
			p.i += 2 // a named argument
		}
		start := p.i
		if e := p.expr(0); e != nil {
			p.scratch = append(p.scratch, e)
		} else if p.i == start && !p.isOp(")") {
			p.i++
			continue
		}
		if !p.accept(",") {
			break
		}
	}
	p.accept(")")
	out := p.kids(p.scratch[mark:]...)
	clear(p.scratch[mark:]) // let the collector have the nodes
	p.scratch = p.scratch[:mark]
	return out
}

// postfix applies calls, indexing, property and static access, and
// assignments to n.
func (p *parser) postfix(n *node) *node {
	for !p.eof() {
		if t := p.look(); t.Kind != Op || len(t.Text) == 1 && !postfix1[t.Text[0]] {
			return n // as postfixOne would, without the call
		}
		next := p.postfixOne(n, false)
		if next == n {
			return n
		}
		n = next
	}
	return n
}

// postfixOne applies one postfix operator to n, or returns n unchanged.
// noCall stops at "(" (the class of "new $a->b(...)").
func (p *parser) postfixOne(n *node, noCall bool) *node {
	t := p.look()
	tok := p.i
	if t.Kind != Op || len(t.Text) == 1 && !postfix1[t.Text[0]] {
		return n // most often ";", ")" or ",": no string switch for them
	}
	switch t.Text {
	case "[":
		p.i++
		if p.accept("]") {
			return p.node(node{k: nIndex, tok: tok, kids: p.kids(n, nil)})
		}
		idx := p.expr(0)
		p.accept("]")
		if idx == nil {
			idx = p.node(node{k: nUnknown, tok: tok})
		}
		return p.node(node{k: nIndex, tok: tok, kids: p.kids(n, idx)})
	case "{":
		// Old string offset syntax $a{0}, only directly after a variable.
		prev := p.ts[p.i-1]
		if (n.k == nVar || n.k == nIndex) && int(prev.Offset)+len(prev.Text) == int(t.Offset) {
			p.i++
			idx := p.expr(0)
			p.accept("}")
			if idx == nil {
				idx = p.node(node{k: nUnknown, tok: tok})
			}
			return p.node(node{k: nIndex, tok: tok, kids: p.kids(n, idx)})
		}
	case "->", "?->":
		p.i++
		name := p.memberName()
		if !noCall && p.isOp("(") {
			return p.node(node{k: nMethod, tok: tok, kids: p.args(n, name)})
		}
		return p.node(node{k: nProp, tok: tok, kids: p.kids(n, name)})
	case "::":
		p.i++
		if v := p.look(); v.Kind == Variable {
			p.i++
			sp := p.node(node{k: nSProp, tok: tok, kids: p.kids(n, p.node(node{k: nVar, s: v.Value, tok: p.i - 1}))})
			if !noCall && p.isOp("(") { // Class::$fn(...)
				return p.node(node{k: nCall, tok: tok, kids: p.args(sp)})
			}
			return sp
		}
		name := p.memberName()
		if !noCall && p.isOp("(") {
			return p.node(node{k: nStatic, tok: tok, kids: p.args(n, name)})
		}
		return p.node(node{k: nSProp, tok: tok, kids: p.kids(n, name)})
	case "(":
		if noCall {
			return n
		}
		return p.node(node{k: nCall, tok: tok, kids: p.args(n)})
	case "++", "--":
		p.i++
		return p.node(node{k: nUnary, s: t.Text, tok: tok, kids: p.kids(n)})
	default:
		if isAssignOp(t.Text) && isLValue(n) {
			p.i++
			op := t.Text
			p.accept("&") // =& reference assignment
			rhs := p.expr(assignPrec)
			if rhs == nil {
				rhs = p.node(node{k: nUnknown, tok: p.i})
			}
			p.bind(n, rhs, op, tok)
			return p.node(node{k: nAssign, s: op, tok: tok, kids: p.kids(n, rhs)})
		}
	}
	return n
}

// postfix1 marks the one-byte operators postfixOne applies: "[", "{",
// "(" and the assignment "=".
var postfix1 = [256]bool{'[': true, '{': true, '(': true, '=': true}

// memberName parses the name after "->" or "::": a name, a variable, or
// "{expr}".
func (p *parser) memberName() *node {
	t := p.look()
	switch {
	case t.Kind == Ident || t.Kind == Keyword:
		p.i++
		return p.node(node{k: nName, s: t.Text, tok: p.i - 1})
	case t.Kind == Variable:
		p.i++
		return p.node(node{k: nVar, s: t.Value, tok: p.i - 1})
	case t.Kind == Op && t.Text == "{":
		p.i++
		e := p.expr(0)
		p.accept("}")
		if e != nil {
			return e
		}
	case t.Kind == Op && t.Text == "$":
		return p.varVar()
	}
	return p.node(node{k: nUnknown, tok: p.i})
}

func isLValue(n *node) bool {
	switch n.k {
	case nVar, nVarVar, nIndex, nProp, nSProp, nArray:
		return true
	}
	return false
}

// interp parses an interpolated string from its opening token to the
// closing one of kind end.
func (p *parser) interp(end Kind) *node {
	tok := p.i
	p.i++
	n := p.node(node{k: nInterp, tok: tok})
	for !p.eof() {
		t := p.look()
		if t.Kind == end || (end == EndHeredoc && t.Kind == EndHeredoc) {
			p.i++
			break
		}
		switch t.Kind {
		case EncapsedString, ConstString:
			p.i++
			n.kids = p.appendKid(n.kids, p.node(node{k: nStr, s: t.Value, tok: p.i - 1}))
		case Variable:
			p.i++
			v := p.node(node{k: nVar, s: t.Value, tok: p.i - 1})
			if p.isOp("[") { // "$a[key]"
				p.i++
				var idx *node
				if k := p.look(); k.Kind == NumString || k.Kind == Ident {
					idx = p.node(node{k: nStr, s: k.Value, tok: p.i})
					p.i++
				} else if k.Kind == Variable {
					idx = p.node(node{k: nVar, s: k.Value, tok: p.i})
					p.i++
				} else {
					idx = p.node(node{k: nUnknown, tok: p.i})
				}
				p.accept("]")
				v = p.node(node{k: nIndex, tok: v.tok, kids: p.kids(v, idx)})
			} else if p.isOp("->") && p.lookAt(1).Kind == Ident {
				p.i++
				v = p.node(node{k: nProp, tok: v.tok, kids: p.kids(v, p.node(node{k: nName, s: p.look().Value, tok: p.i}))})
				p.i++
			}
			n.kids = p.appendKid(n.kids, v)
		case CurlyOpen:
			p.i++
			if e := p.expr(0); e != nil {
				n.kids = p.appendKid(n.kids, e)
			}
			p.accept("}")
		case DollarOpenCurly:
			p.i++
			var e *node
			if v := p.look(); v.Kind == VarName {
				p.i++
				e = p.node(node{k: nVar, s: v.Value, tok: p.i - 1})
				if p.isOp("[") {
					p.i++
					idx := p.expr(0)
					p.accept("]")
					if idx == nil {
						idx = p.node(node{k: nUnknown, tok: p.i})
					}
					e = p.node(node{k: nIndex, tok: e.tok, kids: p.kids(e, idx)})
				}
			} else {
				x := p.expr(0) // before reading p.i, as the tree has always been built
				e = p.node(node{k: nVarVar, tok: p.i, kids: p.kids(x)})
				if e.kids[0] == nil {
					e.kids[0] = p.node(node{k: nUnknown, tok: p.i})
				}
			}
			p.accept("}")
			n.kids = p.appendKid(n.kids, e)
		default:
			if t.Kind == Quote || t.Kind == Backtick || t.Kind == OpenTag || t.Kind == CloseTag || t.Kind == InlineHTML {
				return n // unterminated: stop at a token that cannot be inside
			}
			p.i++
		}
	}
	return n
}
