package php

import "strings"

// The parser builds just enough of a syntax tree for data-flow analysis:
// expressions (assignments, calls, string building, array access), the
// functions, methods and closures that scope variables, and the places
// where values flow without an "=" (foreach, list(), global, parameters).
// Statements are otherwise skimmed: control flow does not matter to a
// flow-insensitive analysis. It never fails: a token it cannot place is
// skipped, since attackers write broken code on purpose.

// nodeKind classifies an expression node.
type nodeKind uint8

const (
	nUnknown nodeKind = iota
	nStr              // constant string; s is its value
	nNum              // number literal; s is its text
	nInterp           // interpolated string, heredoc or backtick body; kids are the parts
	nVar              // $name; s is the name
	nVarVar           // $$x or ${expr}; kids[0] is the name expression
	nName             // bare name (constant, or a function name as callee)
	nCall             // kids[0] callee, kids[1:] arguments
	nMethod           // kids[0] object, kids[1] method name, kids[2:] arguments
	nStatic           // kids[0] class, kids[1] method name, kids[2:] arguments
	nNew              // kids[0] class, kids[1:] arguments
	nIndex            // kids[0] base, kids[1] index (nil for "[]")
	nProp             // kids[0] object, kids[1] property name
	nSProp            // kids[0] class, kids[1] name ($var or constant)
	nBin              // s operator; kids[0], kids[1]
	nUnary            // s operator; kids[0]
	nAssign           // s operator ("=", ".=", ...); kids[0] target, kids[1] value
	nTernary          // kids[0] condition, kids[1] then (nil for ?:), kids[2] else
	nArray            // kids are nPair
	nPair             // kids[0] key (nil when absent), kids[1] value
	nInclude          // s is include/require/...; kids[0] path
	nEval             // kids[0] code
	nShell            // backtick command; kids[0] is an nInterp
	nClosure          // fn is the closure's function index
	nCast             // s is the type; kids[0]
	nOther            // a construct whose value does not matter; kids are evaluated for sinks
	nRefOut           // what user function fn leaves in its by-reference parameter s; kids are the call's arguments
)

// node is one expression.
type node struct {
	k    nodeKind
	s    string
	tok  int // index in parser.ts of the token that starts it (for the line)
	fn   int // nClosure: function index
	kids []*node
}

// function is the global code (index 0), a declared function, a method or
// a closure: the unit that scopes variables.
type function struct {
	name    string // lower case; "" for global code and closures
	class   string // lower-case class name for methods
	params  []string
	refs    []bool // by-reference parameters (function f(&$x))
	tok     int
	returns []*node
	globals map[string]bool // names declared "global"
	// roots are the expressions of the function's statements, in order.
	roots []*node
	// assigns are the flows into variables, by name, in source order.
	assigns map[string][]assign
	// parent is the enclosing function of an arrow function, whose
	// variables it reads.
	parent *function
}

// assign is one flow into a variable: "$v = e", "$v .= e", "$v[k] = e",
// "foreach (e as $v)", "list($v) = e".
type assign struct {
	op   string // "=", ".=", "[]=" (element store), "[]+=" (nested element store), "each" (element of), other compound ops
	key  *node  // index for "[]=" (nil for $v[] = e)
	rhs  *node
	tok  int  // token index where the assignment ends (where it takes effect)
	cond bool // inside a conditional block: it may not happen
	// from is the enclosing function a closure's "use" variable comes
	// from (nil: rhs is evaluated in the assigning function).
	from *function
}

// maxDepth bounds expression and closure nesting. Deeper input is skipped
// (hostile files nest parentheses by the hundred thousand).
const maxDepth = 400

// parser holds the significant tokens of one file.
type parser struct {
	ts    []Token
	i     int
	depth int
	funcs []*function
	cur   *function
	// cond counts the conditional blocks (if, loops, ...) around the
	// current statement in its function; single is set for the one
	// statement of a brace-less control body. Assignments there may not
	// happen, so they do not hide earlier ones.
	cond   int
	single bool
	// slab, kidSlab and assignSlab hold the nodes, child lists (and the
	// node lists of functions) and flows made so far, in chunks: a file
	// makes a node every few tokens, and one allocation per chunk costs
	// much less than one per node. scratch holds the argument lists
	// being parsed (see args). ar is the file's arena (nil: none), which
	// may have given the slabs their first room (see arena).
	slab       []node
	kidSlab    []*node
	assignSlab []assign
	scratch    []*node
	ar         *arena
}

// Chunk sizes of the parser's slabs: a few KiB each, so that a small file
// does not pay for much more than it uses.
const (
	nodeChunk   = 64
	kidChunk    = 256
	assignChunk = 64
)

// node returns a new node with the fields of n.
func (p *parser) node(n node) *node {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]node, 0, nodeChunk)
	}
	p.slab = append(p.slab, n)
	return &p.slab[len(p.slab)-1]
}

// kids returns a new child list holding ks (nil for none). Its capacity
// is its length, so that appending to it copies rather than overwrite
// the next list in the chunk.
func (p *parser) kids(ks ...*node) []*node {
	if len(ks) == 0 {
		return nil
	}
	if cap(p.kidSlab)-len(p.kidSlab) < len(ks) {
		p.kidSlab = make([]*node, 0, max(kidChunk, len(ks)))
	}
	i := len(p.kidSlab)
	p.kidSlab = p.kidSlab[:i+len(ks)]
	for j, k := range ks { // a few stores: cheaper than a typed copy
		p.kidSlab[i+j] = k
	}
	return p.kidSlab[i:len(p.kidSlab):len(p.kidSlab)]
}

// appendKid is append(list, n) for the lists the parser grows one node
// at a time (statements, array items, string parts): a full list moves
// to twice the room in the child slab, not to a new allocation. The room
// is the list's own, so that appending to it later, within its capacity,
// writes over nothing else.
func (p *parser) appendKid(list []*node, n *node) []*node {
	if len(list) < cap(list) {
		return append(list, n)
	}
	c := max(4, 2*len(list))
	if cap(p.kidSlab)-len(p.kidSlab) < c {
		p.kidSlab = make([]*node, 0, max(kidChunk, c))
	}
	i := len(p.kidSlab)
	p.kidSlab = append(p.kidSlab, list...)
	p.kidSlab = append(p.kidSlab, n)
	out := p.kidSlab[i : len(p.kidSlab) : i+c]
	p.kidSlab = p.kidSlab[:i+c]
	return out
}

// addAssign appends a to the flows into name in f. As appendKid does for
// nodes, a full list moves to twice the room in a slab of flows: most
// variables are assigned a few times, and a file assigns thousands.
func (p *parser) addAssign(f *function, name string, a assign) {
	list := f.assigns[name]
	if len(list) == cap(list) {
		c := max(2, 2*len(list))
		if cap(p.assignSlab)-len(p.assignSlab) < c {
			p.assignSlab = p.ar.assignChunk(c)
		}
		i := len(p.assignSlab)
		p.assignSlab = append(p.assignSlab, list...)
		list = p.assignSlab[i : len(p.assignSlab) : i+c]
		p.assignSlab = p.assignSlab[:i+c]
	}
	f.assigns[name] = append(list, a)
}

// parse builds the functions of a token list without whitespace and
// comments (codeTokens).
func parse(ts []Token) []*function { return parseIn(ts, nil) }

// parseIn is parse with the tree's memory taken from ar (nil: allocated).
func parseIn(ts []Token, ar *arena) []*function {
	p := &parser{ts: ts, ar: ar}
	ar.giveTree(p)
	p.cur = p.newFunc("", "", 0)
	p.statements(false)
	return p.funcs
}

func (p *parser) newFunc(name, class string, tok int) *function {
	f := &function{name: name, class: class, tok: tok, assigns: map[string][]assign{}}
	p.funcs = append(p.funcs, f)
	return f
}

func (p *parser) eof() bool { return p.i >= len(p.ts) }

// noToken is what look returns at the end of input.
var noToken Token

// look returns the current token, or a zero token at the end of input,
// without copying it.
func (p *parser) look() *Token {
	if p.i < len(p.ts) {
		return &p.ts[p.i]
	}
	return &noToken
}

func (p *parser) peek() Token { return *p.look() }

func (p *parser) peekAt(n int) Token { return *p.lookAt(n) }

// lookAt is look for the token n after the current one.
func (p *parser) lookAt(n int) *Token {
	if p.i+n < len(p.ts) {
		return &p.ts[p.i+n]
	}
	return &noToken
}

func (p *parser) isOp(s string) bool {
	t := p.look()
	return t.Kind == Op && t.Text == s
}

func (p *parser) isKw(s string) bool {
	t := p.look()
	return t.Kind == Keyword && t.Value == s
}

func (p *parser) accept(s string) bool {
	if p.isOp(s) {
		p.i++
		return true
	}
	return false
}

// blockKind is what a "{" on the statement stack opened.
type blockKind uint8

const (
	bPlain blockKind = iota
	bFunc            // a function or method body: its "}" ends the scope
	bClass           // a class body: members, not statements
)

type block struct {
	k      blockKind
	cond   int // the parser's cond before the block
	outer  *function
	class  string
	closes string // "}" or an alternative-syntax end keyword
}

// statements parses statements until the end of input, or, when nested is
// set (a closure body), until the "}" that closes the body opened just
// before. The statement nesting is kept on an explicit stack.
func (p *parser) statements(nested bool) {
	var stack []block
	class := ""
	for !p.eof() {
		t := p.look()
		switch {
		case t.Kind == Op && t.Text == "{":
			p.i++
			stack = append(stack, block{k: bPlain, outer: p.cur, class: class, cond: p.cond})
			p.cond++
			p.single = false
		case t.Kind == Op && t.Text == "}":
			p.i++
			if len(stack) == 0 {
				if nested {
					return
				}
				continue
			}
			b := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			p.cur, class, p.cond = b.outer, b.class, b.cond
		case t.Kind == Op && (t.Text == ";" || t.Text == ":" || t.Text == ","), t.Kind == OpenTag, t.Kind == CloseTag, t.Kind == InlineHTML:
			p.i++
			p.single = false
		case t.Kind == OpenTagWithEcho:
			p.i++
			p.exprList()
		case t.Kind == Keyword:
			p.keywordStatement(t, &stack, &class)
		case t.Kind == Attribute:
			p.skipBalanced("#[", "]")
		default:
			start := p.i
			p.exprStatement()
			if p.i == start {
				p.i++
			}
		}
	}
}

func (p *parser) exprStatement() {
	if e := p.expr(0); e != nil {
		p.cur.roots = p.appendKid(p.cur.roots, e)
	}
}

func (p *parser) exprList() {
	for {
		p.exprStatement()
		if !p.accept(",") {
			return
		}
	}
}

// keywordStatement handles a statement that starts with a keyword.
func (p *parser) keywordStatement(t *Token, stack *[]block, class *string) {
	switch t.Value {
	case "function", "fn":
		if nt := p.lookAt(1); nt.Kind == Ident || nt.Kind == Keyword || nt.Kind == Op && nt.Text == "&" && p.lookAt(2).Kind == Ident {
			p.i++
			p.accept("&")
			name := strings.ToLower(p.look().Value)
			p.i++
			f := p.newFunc(name, *class, p.i-1)
			f.params, f.refs = p.params(f)
			p.skipReturnType()
			if p.isOp("{") {
				p.i++
				*stack = append(*stack, block{k: bFunc, outer: p.cur, class: *class, cond: p.cond})
				p.cur, p.cond = f, 0
			} else {
				p.accept(";") // abstract or interface method
			}
			return
		}
		p.exprStatement() // a closure as an expression statement
	case "class", "trait", "interface", "enum":
		p.i++
		name := ""
		if p.look().Kind == Ident {
			name = strings.ToLower(p.look().Value)
		}
		for !p.eof() && !p.isOp("{") && !p.isOp(";") {
			p.i++
		}
		if p.accept("{") {
			*stack = append(*stack, block{k: bClass, outer: p.cur, class: *class, cond: p.cond})
			*class, p.cond = name, 0
		}
	case "if", "elseif", "while", "switch", "for", "foreach", "declare", "catch", "match":
		p.i++
		if !p.isOp("(") {
			return
		}
		p.i++
		defer p.body()
		if t.Value == "foreach" {
			p.foreachHead()
			return
		}
		if t.Value == "catch" {
			p.skipTo(")")
			return
		}
		for !p.eof() && !p.isOp(")") {
			start := p.i
			p.exprStatement()
			if p.i == start {
				p.i++
			}
		}
		p.accept(")")
	case "return":
		p.i++
		if !p.isOp(";") {
			if e := p.expr(0); e != nil {
				p.cur.roots = p.appendKid(p.cur.roots, e)
				p.cur.returns = p.appendKid(p.cur.returns, e)
			}
		}
	case "echo", "print", "throw", "yield", "case":
		p.i++
		p.exprList()
	case "global":
		p.i++
		for p.look().Kind == Variable {
			if p.cur.globals == nil {
				p.cur.globals = map[string]bool{}
			}
			p.cur.globals[p.look().Value] = true
			p.i++
			if !p.accept(",") {
				break
			}
		}
	case "static":
		if p.lookAt(1).Kind == Variable {
			p.i++
			p.exprList()
			return
		}
		p.exprStatement()
	case "public", "private", "protected", "var", "abstract", "final", "readonly":
		for p.look().Kind == Keyword && modifiers[p.look().Value] {
			p.i++
		}
		// A property declaration: its default values go to the property store.
		for p.look().Kind == Ident || p.look().Kind == Name || p.isOp("?") {
			p.i++ // a type
		}
		for p.look().Kind == Variable {
			name := p.look().Value
			tok := p.i
			p.i++
			if p.accept("=") {
				if v := p.expr(0); v != nil {
					p.addAssign(p.funcs[0], "->"+name, assign{op: "=", rhs: v, tok: tok})
				}
			}
			if !p.accept(",") {
				break
			}
		}
	case "namespace", "use", "goto", "const", "insteadof", "implements", "extends":
		if t.Value == "const" {
			p.i++
			p.exprList()
			return
		}
		if t.Value == "use" && p.lookAt(1).Kind == Op && p.lookAt(1).Text == "(" {
			p.i++ // closure "use" list outside an expression: skip
			return
		}
		for !p.eof() && !p.isOp(";") && !p.isOp("{") && p.look().Kind != CloseTag {
			p.i++
		}
	case "else", "do":
		p.i++
		p.body()
	case "try", "finally", "default", "break", "continue", "endif", "endwhile",
		"endfor", "endforeach", "endswitch", "enddeclare", "as":
		p.i++
	case "__halt_compiler":
		p.i = len(p.ts)
	default:
		start := p.i
		p.exprStatement()
		if p.i == start {
			p.i++
		}
	}
}

// body notes that a control statement's body follows: a single statement
// without braces runs conditionally like a block.
func (p *parser) body() {
	if !p.isOp("{") && !p.isOp(":") {
		p.single = true
	}
}

var modifiers = map[string]bool{"public": true, "private": true, "protected": true, "var": true,
	"abstract": true, "final": true, "readonly": true, "static": true}

// foreachHead parses "e as $k => $v)" after "foreach (".
func (p *parser) foreachHead() {
	e := p.expr(0)
	if e != nil {
		p.cur.roots = p.appendKid(p.cur.roots, e)
	}
	if !p.isKw("as") {
		p.skipTo(")")
		return
	}
	p.i++
	first := p.expr(0)
	var key, val *node = nil, first
	if p.accept("=>") {
		key, val = first, p.expr(0)
	}
	tok := p.i
	if e != nil {
		if key != nil {
			p.bind(key, p.node(node{k: nUnknown, kids: p.kids(e), tok: tok}), "each", tok)
		}
		if val != nil {
			p.bind(val, e, "each", tok)
		}
	}
	p.skipTo(")")
}

// bind records a flow of rhs into target (a variable, an element, a
// property, or a list() of them).
func (p *parser) bind(target, rhs *node, op string, tok int) {
	// An assignment takes effect where it ends: a read inside its own
	// right-hand side ($a = $a . 'x') sees the value before it.
	tok = p.i
	cond := p.cond > 0 || p.single
	f := p.cur
	target = namedVar(target)
	switch target.k {
	case nVar:
		p.addAssign(f, target.s, assign{op: op, rhs: rhs, tok: tok, cond: cond})
	case nIndex:
		base, key := target.kids[0], target.kids[1]
		nested := false
		for base.k == nIndex { // $a[x][y] = v stores into $a[x]
			base, key, nested = base.kids[0], base.kids[1], true
		}
		base = namedVar(base)
		switch base.k {
		case nVar:
			if base.s == "GLOBALS" && nested && key != nil && key.k == nStr {
				// $GLOBALS['a'][k] = v stores into the global $a.
				cur := p.cur
				p.cur = p.funcs[0]
				p.bind(unGlobal(target), rhs, op, tok)
				p.cur = cur
				return
			}
			if base.s == "GLOBALS" && !nested && key != nil && key.k == nStr {
				p.addAssign(p.funcs[0], target.kids[1].s, assign{op: op, rhs: rhs, tok: tok, cond: cond})
				return
			}
			elemOp := "[]="
			if nested || op != "=" {
				elemOp = "[]+=" // the element gains what flows in, but is not replaced
			}
			p.addAssign(f, base.s, assign{op: elemOp, key: key, rhs: rhs, tok: tok, cond: cond})
		case nProp, nSProp:
			p.bind(base, rhs, "[]=", tok)
		}
	case nProp, nSProp:
		if n := target.kids[1]; n.k == nName || n.k == nVar {
			key := "->" + n.s
			p.addAssign(p.funcs[0], key, assign{op: op, rhs: rhs, tok: tok, cond: cond})
		}
	case nArray: // list($a, $b) = e and [$a, 'k' => $b] = e
		for i, pair := range target.kids {
			if pair == nil || len(pair.kids) < 2 || pair.kids[1] == nil {
				continue
			}
			key := pair.kids[0]
			if key == nil {
				key = p.node(node{k: nNum, s: itoa(i), tok: tok})
			}
			p.bind(pair.kids[1], p.node(node{k: nIndex, kids: p.kids(rhs, key), tok: tok}), "=", tok)
		}
	case nVarVar:
		// $$x = e: the name is computed; recorded under "$$" so that a read
		// of any variable variable sees it.
		p.addAssign(f, "$$", assign{op: op, rhs: rhs, tok: tok, key: target.kids[0]})
	}
}

// unGlobal rewrites $GLOBALS['a'][...] as $a[...].
func unGlobal(n *node) *node {
	if n.k != nIndex {
		return n
	}
	if b := namedVar(n.kids[0]); b.k == nVar && b.s == "GLOBALS" && n.kids[1] != nil && n.kids[1].k == nStr {
		return &node{k: nVar, s: n.kids[1].s, tok: n.tok}
	}
	c := *n
	c.kids = []*node{unGlobal(n.kids[0]), n.kids[1]}
	return &c
}

// namedVar turns ${'name'} and ${"\x6eame"} (a constant name) into $name.
func namedVar(n *node) *node {
	if n.k != nVarVar {
		return n
	}
	name := n.kids[0]
	switch name.k {
	case nStr:
		return &node{k: nVar, s: name.s, tok: n.tok}
	case nInterp:
		var b strings.Builder
		for _, k := range name.kids {
			if k.k != nStr {
				return n
			}
			b.WriteString(k.s)
		}
		return &node{k: nVar, s: b.String(), tok: n.tok}
	}
	return n
}

// params parses a parameter list "(T $a = d, &...$b)" and returns names.
func (p *parser) params(f *function) ([]string, []bool) {
	if !p.accept("(") {
		return nil, nil
	}
	var names []string
	var refs []bool
	depth := 1
	ref := false
	for !p.eof() && depth > 0 {
		t := p.look()
		switch {
		case t.Kind == Op && (t.Text == "(" || t.Text == "["):
			depth++
		case t.Kind == Op && (t.Text == ")" || t.Text == "]"):
			depth--
		case t.Kind == Op && t.Text == "&" && depth == 1:
			ref = true
		case t.Kind == Op && t.Text == "," && depth == 1:
			ref = false
		case t.Kind == Variable && depth == 1:
			names = append(names, t.Value)
			refs = append(refs, ref)
			ref = false
		}
		p.i++
	}
	return names, refs
}

func (p *parser) skipReturnType() {
	if !p.accept(":") {
		return
	}
	for !p.eof() && !p.isOp("{") && !p.isOp(";") && !p.isOp("=>") {
		p.i++
	}
}

// skipTo advances past the next op s at the current nesting level.
func (p *parser) skipTo(s string) {
	depth := 0
	for !p.eof() {
		t := p.look()
		p.i++
		if t.Kind != Op {
			continue
		}
		switch t.Text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth == 0 {
				return
			}
			depth--
		}
		if depth == 0 && t.Text == s {
			return
		}
	}
}

// skipBalanced skips from an opening token to its matching close.
func (p *parser) skipBalanced(open, close string) {
	p.i++
	depth := 1
	for !p.eof() && depth > 0 {
		t := p.look()
		if t.Kind == Op || t.Kind == Attribute {
			switch t.Text {
			case "(", "[", "{", "#[":
				depth++
			case ")", "]", "}":
				depth--
			}
		}
		p.i++
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}
