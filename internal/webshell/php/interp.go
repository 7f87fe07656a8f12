package php

import (
	"crypto/md5"
	"crypto/sha1"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/yingji/yingji/internal/webshell/decode"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

// Custom decoders are user functions with loops: a key stretched with
// md5, then every byte of the payload shifted or XORed by the key's. The
// folding evaluator does not run loops, so a call of such a function with
// constant arguments is run here, concretely, on a small PHP subset
// (assignments, string offsets, arrays, if, for, while, foreach, return,
// and pure built-in functions), within a step and byte budget. Anything
// outside the subset (I/O, sinks, unknown functions, objects) abandons the
// run: the analysis then knows nothing more than before. Nothing the
// sample wrote is executed; the subset is evaluated by this code.

// Bounds of the concrete runs: statements and expressions evaluated in
// all the runs of one file, and in its global run (XXTEA over a 90 KB
// payload would take 15 million: such a file keeps only the analysis's
// other evidence, so that benign files with long loops stay cheap), bytes
// of strings built by one run (every concatenation copies, so a loop
// appending one character at a time counts the square of its output:
// 256 MiB allow decoded payloads of about 20 KiB), and nested calls.
const (
	interpSteps = 4_000_000
	globalSteps = 500_000 // of a global run: most files with loops are benign and never finish
	interpBytes = 256 << 20
	interpDepth = 8
)

// cval is a concrete PHP value.
type cval struct {
	k   ckind
	s   string
	i   int64
	arr *carr
	in  bool // cUnk: carries request input
	// self is set on what a global run computes from the text of its own
	// file: selfText for that text and parts of it, selfDecoded once
	// decoded.
	self uint8
	// buf holds the bytes of a string variable written at offsets
	// ($s[$i] = 'x'), which s then does not hold. Only values stored in a
	// variable have one: a read of the variable (load) gives a plain
	// string, so that no other value shares the bytes a write changes.
	buf *strBuf
	// app is the builder a string made by $s .= ... was appended in: s
	// is its text up to len(s) (a builder only grows), and the next .=
	// to the variable appends in place while s is all of it, so that a
	// loop building its output a character at a time is not quadratic.
	app *strings.Builder
}

// strBuf is the text of a string variable that the code writes byte by
// byte: decoders written in PHP set every byte of their output in a loop,
// and a new string per write made them quadratic. The string of the
// bytes is made when the whole variable is read, once per change.
type strBuf struct {
	b     []byte
	s     string
	fresh bool // s is the string of b
}

func (sb *strBuf) String() string {
	if !sb.fresh {
		sb.s, sb.fresh = string(sb.b), true
	}
	return sb.s
}

// input reports whether a read of the variable name gives request input:
// a superglobal, in a global run.
func (it *interp) input(name string) bool {
	return it.global && (isSuperglobal(name) || name == "_SERVER")
}

// load returns the value of the variable name as a plain value.
func load(vars map[string]cval, name string) cval {
	v := vars[name]
	if v.buf != nil {
		return str(v.buf.String())
	}
	return v
}

// pureIndex reports whether evaluating n cannot change a variable (no
// assignment, increment or call), looking a few levels deep: a string
// variable's bytes are then read in place while n gives the offset.
func pureIndex(n *node, depth int) bool {
	if n == nil || depth > 3 {
		return false
	}
	switch n.k {
	case nVar, nNum, nStr:
		return true
	case nBin:
		return pureIndex(n.kids[0], depth+1) && pureIndex(n.kids[1], depth+1)
	}
	return false
}

type ckind uint8

const (
	cNull ckind = iota
	cBool
	cInt
	cStr
	cArr
	// cUnk is a value the run cannot know (request input, the result of a
	// function outside the subset); in is set when it carries request
	// input. It exists only in global runs (runGlobal).
	cUnk
)

// carr is an ordered PHP array.
type carr struct {
	keys []string
	m    map[string]cval
	next int64
	// shared says keys and m are shared with a clone: the first write
	// copies them. Arrays are values, copied at every assignment and
	// call; a decoder's table of thousands of entries, assigned at each
	// of its calls and only read, was copied each time.
	shared bool
}

// own gives a its own keys and m before a write.
func (a *carr) own() {
	if !a.shared {
		return
	}
	m := make(map[string]cval, len(a.m))
	for k, v := range a.m {
		m[k] = v
	}
	a.keys, a.m, a.shared = append([]string(nil), a.keys...), m, false
}

func (a *carr) set(k string, v cval) {
	a.own()
	if _, ok := a.m[k]; !ok {
		a.keys = append(a.keys, k)
	}
	a.m[k] = v
	if n, err := strconv.ParseInt(k, 10, 64); err == nil && n >= a.next {
		a.next = n + 1
	}
}

// push appends v under the next integer key, as set of that key does:
// no key is next or above it, so the key is new.
func (a *carr) push(v cval) {
	a.own()
	k := intKey(a.next)
	a.keys = append(a.keys, k)
	a.m[k] = v
	a.next++
}

func (a *carr) clone() *carr {
	a.shared = true
	return &carr{keys: a.keys, m: a.m, next: a.next, shared: true}
}

// smallKeys are the keys of the first elements of a list, made once.
var smallKeys = func() (t [1024]string) {
	for i := range t {
		t[i] = strconv.Itoa(i)
	}
	return
}()

// intKey is strconv.FormatInt(i, 10).
func intKey(i int64) string {
	if i >= 0 && i < int64(len(smallKeys)) {
		return smallKeys[i]
	}
	return strconv.FormatInt(i, 10)
}

func str(s string) cval { return cval{k: cStr, s: s} }
func num(i int64) cval  { return cval{k: cInt, i: i} }
func boolean(b bool) cval {
	if b {
		return cval{k: cBool, i: 1}
	}
	return cval{k: cBool}
}

// String converts as PHP's (string) cast.
func (v cval) String() string {
	switch v.k {
	case cStr:
		return v.s
	case cInt:
		return strconv.FormatInt(v.i, 10)
	case cBool:
		if v.i != 0 {
			return "1"
		}
	case cArr:
		return "Array"
	}
	return ""
}

// Int converts as PHP's (int) cast: leading digits of a string.
func (v cval) Int() int64 {
	switch v.k {
	case cInt, cBool:
		return v.i
	case cStr:
		s := strings.TrimLeft(v.s, " \t\n\r\v\f")
		j := 0
		if j < len(s) && (s[j] == '-' || s[j] == '+') {
			j++
		}
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		n, _ := strconv.ParseInt(s[:j], 10, 64)
		return n
	case cArr:
		if len(v.arr.keys) > 0 {
			return 1
		}
	}
	return 0
}

// Bool converts as PHP's (bool) cast.
func (v cval) Bool() bool {
	switch v.k {
	case cInt, cBool:
		return v.i != 0
	case cStr:
		return v.s != "" && v.s != "0"
	case cArr:
		return len(v.arr.keys) > 0
	}
	return false
}

func numeric(s string) bool {
	_, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return err == nil
}

// stmt is a statement of the subset.
type stmt struct {
	k          byte // 'e' expression, 'b' block, 'i' if, 'f' for, 'w' while, 'o' foreach, 'r' return, 'k' break, 'c' continue, 'g' global, 'n' nothing
	e          *node
	init, post []*node
	cond       *node
	body, els  *stmt
	list       []*stmt
	key, val   string
}

// errStop abandons a run.
type interpStop struct{}

type interp struct {
	a           *analyzer
	p           *parser
	global      bool // a run of the file's global code, with unknown values
	globalSteps int
	found       int // payloads handed to the analysis by a global run
	bytes       int
	depth       int
	returned    bool
	ret         cval
	brk         int
	cont        bool
	// globals are the variables of a global run, which $GLOBALS reads in
	// the functions it calls; consts are the constants it defines, and
	// declared the functions whose conditional declarations it ran.
	globals  map[string]cval
	consts   map[string]cval
	declared map[string]bool
	// selfRead is where a global run read its own file, selfFound whether
	// it reported the code it cut from it.
	selfRead  *verdict.Point
	selfFound bool
	selfPos   int64 // the offset of reads of fopen(__FILE__)
	// inputElem is set when the last element read was of an array the
	// request supplies ($_GET[0], or a variable holding $_GET).
	inputElem bool
	// lits are the built array literals of the function being run (see
	// parsedBody).
	lits map[*node]*constArray
}

// maxRuns bounds the concrete runs of one file.
const maxRuns = 64

// pureCall runs a user function without sinks on constant arguments
// (see runPure) and returns its result as a computed constant, or nil.
func (a *analyzer) pureCall(name string, f *function, vs []*value, n *node) *value {
	key := name
	var steps []verdict.Point
	for _, v := range vs {
		if len(v.strs) != 1 || v.tainted() {
			return nil
		}
		key += "\x00" + v.strs[0]
		steps = append(steps, v.steps...)
	}
	if a.shared.runs == nil {
		a.shared.runs = map[string]*string{}
	}
	out, done := a.shared.runs[key]
	if !done {
		if len(a.shared.runs) >= maxRuns {
			return nil
		}
		strs := make([]string, len(vs))
		for i, v := range vs {
			strs[i] = v.strs[0]
		}
		if s, ok := a.runPure(f, strs); ok && a.spend(len(s)) {
			out = &s
		}
		a.shared.runs[key] = out
	}
	if out == nil {
		return nil
	}
	return &value{strs: []string{*out}, hidden: true, steps: append(steps, *a.point(n.tok, name+"() run on constants"))}
}

// runPure runs the user function f on constant arguments and returns its
// result as a string, or false when the run leaves the subset or the
// budget.
func (a *analyzer) runPure(f *function, args []string) (out string, ok bool) {
	it := &interp{a: a}
	defer func() {
		// interpStop leaves the subset; any other panic is a construct the
		// subset mishandles, which must not stop the file's analysis
		// either.
		if r := recover(); r != nil {
			ok = false
		}
	}()
	vals := make([]cval, len(args))
	for i, s := range args {
		vals[i] = str(s)
	}
	v := it.call(f, vals)
	if v.k != cStr && v.k != cInt {
		return "", false
	}
	return v.String(), true
}

func (it *interp) stop() { panic(interpStop{}) }

func (it *interp) tick() {
	if it.a.shared.interpSteps++; it.a.shared.interpSteps > interpSteps {
		it.stop()
	}
	if it.global {
		if it.globalSteps++; it.globalSteps > globalSteps {
			it.stop()
		}
	}
}

// parsedBody is a function body parsed for the interpreter, kept for the
// function's other calls (a decoder called in a loop, a recursive helper
// called per character, which parsed its body again at every call).
// ticks is the number of steps parsing it took: they are charged again at
// each use, so that the step budgets run out exactly where they did when
// every call parsed the body.
type parsedBody struct {
	body  *stmt
	ticks int
	// lits are the array literals of constants in the body, built once:
	// a decoder that picks one of a table of thousands of strings built
	// the table at each call.
	lits map[*node]*constArray
}

// constArray is an array literal of constants, built, and the steps
// building it took, charged again at each use.
type constArray struct {
	arr   *carr
	ticks int
}

// constLiteral reports whether every key and value of the array literal
// n is a string or number literal.
func constLiteral(n *node) bool {
	for _, pair := range n.kids {
		if pair == nil || len(pair.kids) < 2 || pair.kids[1] == nil {
			return false
		}
		if k := pair.kids[0]; k != nil && k.k != nStr && k.k != nNum {
			return false
		}
		if v := pair.kids[1]; v.k != nStr && v.k != nNum {
			return false
		}
	}
	return true
}

// body finds and parses f's body, once per analysis.
func (it *interp) body(f *function) *stmt {
	if pb, ok := it.a.bodies[f]; ok {
		for range pb.ticks {
			it.tick()
		}
		return pb.body
	}
	before := it.a.shared.interpSteps
	// A body outside the subset (or a budget that runs out while parsing
	// it) stops the run here, and is not kept: the next call tries again,
	// as before.
	body := it.parseBody(f)
	if it.a.bodies == nil {
		it.a.bodies = map[*function]*parsedBody{}
	}
	it.a.bodies[f] = &parsedBody{body: body, ticks: it.a.shared.interpSteps - before}
	return body
}

// parseBody finds and parses f's body.
func (it *interp) parseBody(f *function) *stmt {
	ts := it.a.ts
	i := f.tok
	for i < len(ts) && !(ts[i].Kind == Op && ts[i].Text == "(") {
		i++
	}
	depth := 0
	for ; i < len(ts); i++ {
		if ts[i].Kind == Op && ts[i].Text == "(" {
			depth++
		} else if ts[i].Kind == Op && ts[i].Text == ")" {
			if depth--; depth == 0 {
				break
			}
		}
	}
	for i < len(ts) && !(ts[i].Kind == Op && ts[i].Text == "{") {
		if ts[i].Kind == Op && ts[i].Text == ";" {
			it.stop() // an abstract method
		}
		i++
	}
	p := &parser{ts: ts, i: i, ar: it.a.shared.ar}
	p.cur = &function{assigns: map[string][]assign{}}
	p.funcs = []*function{p.cur} // the expression parser records $GLOBALS stores there
	it.p = p
	return it.statement()
}

func (it *interp) isOp(s string) bool { return it.p.isOp(s) }

func (it *interp) expect(s string) {
	if !it.p.accept(s) {
		it.stop()
	}
}

func (it *interp) expr() *node {
	n := it.p.expr(0)
	if n == nil {
		it.stop()
	}
	return n
}

func (it *interp) exprs(end string) []*node {
	var out []*node
	for !it.isOp(end) {
		out = append(out, it.expr())
		if !it.p.accept(",") {
			break
		}
	}
	return out
}

// statement parses one statement of the subset.
func (it *interp) statement() *stmt {
	it.tick()
	p := it.p
	if p.eof() {
		it.stop()
	}
	t := p.peek()
	if it.global {
		switch {
		case t.Kind == OpenTag || t.Kind == CloseTag || t.Kind == InlineHTML || t.Kind == OpenTagWithEcho:
			p.i++
			return &stmt{k: 'n'}
		case t.Kind == Keyword && t.Value == "function" && p.peekAt(1).Kind == Ident:
			// A declaration: the functions run when called.
			it.declared[strings.ToLower(p.peekAt(1).Value)] = true
			it.skipDecl()
			return &stmt{k: 'n'}
		case t.Kind == Keyword && (t.Value == "echo" || t.Value == "print"):
			p.i++
			it.exprs(";")
			p.accept(";")
			return &stmt{k: 'n'}
		}
	}
	if t.Kind == Op {
		switch t.Text {
		case "{":
			p.i++
			s := &stmt{k: 'b'}
			for !it.isOp("}") {
				s.list = append(s.list, it.statement())
			}
			p.i++
			return s
		case ";":
			p.i++
			return &stmt{k: 'n'}
		}
	}
	if t.Kind == Keyword {
		switch t.Value {
		case "if", "elseif":
			p.i++
			it.expect("(")
			s := &stmt{k: 'i', cond: it.expr()}
			it.expect(")")
			s.body = it.statement()
			if nt := p.peek(); nt.Kind == Keyword && nt.Value == "elseif" {
				s.els = it.statement()
			} else if nt.Kind == Keyword && nt.Value == "else" {
				p.i++
				s.els = it.statement()
			}
			return s
		case "for":
			p.i++
			it.expect("(")
			s := &stmt{k: 'f', init: it.exprs(";")}
			it.expect(";")
			if !it.isOp(";") {
				s.cond = it.expr()
			}
			it.expect(";")
			s.post = it.exprs(")")
			it.expect(")")
			s.body = it.statement()
			return s
		case "while":
			p.i++
			it.expect("(")
			s := &stmt{k: 'w', cond: it.expr()}
			it.expect(")")
			s.body = it.statement()
			return s
		case "foreach":
			p.i++
			it.expect("(")
			s := &stmt{k: 'o', e: it.expr()}
			if nt := p.peek(); nt.Kind != Keyword || nt.Value != "as" {
				it.stop()
			}
			p.i++
			v := p.peek()
			if v.Kind != Variable {
				it.stop()
			}
			p.i++
			s.val = v.Value
			if p.accept("=>") {
				if w := p.peek(); w.Kind == Variable {
					p.i++
					s.key, s.val = s.val, w.Value
				} else {
					it.stop()
				}
			}
			it.expect(")")
			s.body = it.statement()
			return s
		case "return":
			p.i++
			s := &stmt{k: 'r'}
			if !it.isOp(";") {
				s.e = it.expr()
			}
			p.accept(";")
			return s
		case "break":
			p.i++
			p.accept(";")
			return &stmt{k: 'k'}
		case "continue":
			p.i++
			p.accept(";")
			return &stmt{k: 'c'}
		case "global":
			if it.global && it.depth > 0 {
				// A function of a global run would share the variables
				// with the global code, which its copies do not.
				it.stop()
			}
			// A decoder that keeps tables in globals: they are unknown
			// until the run sets them.
			p.i++
			s := &stmt{k: 'g'}
			for t := p.peek(); t.Kind == Variable; t = p.peek() {
				s.init = append(s.init, &node{k: nVar, s: t.Value})
				p.i++
				if !p.accept(",") {
					break
				}
			}
			it.expect(";")
			return s
		case "static", "echo", "print", "switch", "class", "trait", "interface", "try", "throw",
			"goto", "namespace", "use", "declare", "do", "unset", "function", "abstract", "final", "const":
			// Outside the subset: I/O, globals and statics (a pure
			// decoder has none), control flow it does not follow.
			it.stop()
		}
	}
	s := &stmt{k: 'e', e: it.expr()}
	p.accept(";")
	return s
}

// skipDecl moves past a function declaration's body.
func (it *interp) skipDecl() {
	p := it.p
	for !p.eof() && !p.isOp("{") {
		p.i++
	}
	depth := 0
	for !p.eof() {
		switch {
		case p.isOp("{"):
			depth++
		case p.isOp("}"):
			if depth--; depth == 0 {
				p.i++
				return
			}
		}
		p.i++
	}
}

// maxHanded bounds the payloads a global run hands to the analysis.
const maxHanded = 8

// runGlobal runs the file's global code concretely, request input being
// an unknown value, for what only running its loops reveals: code built
// character by character and then evaluated, a function name assembled
// in a loop and called with request input. It stops at the first
// construct outside the subset or a condition on an unknown value; what
// it found until then is reported.
func (a *analyzer) runGlobal() {
	it := &interp{a: a, global: true}
	defer func() { recover() }() // leaving the subset ends the run; findings are kept
	p := &parser{ts: a.ts, ar: a.shared.ar}
	p.cur = &function{assigns: map[string][]assign{}}
	p.funcs = []*function{p.cur}
	it.p = p
	vars := map[string]cval{}
	it.globals, it.consts, it.declared = vars, map[string]cval{}, map[string]bool{}
	for !p.eof() && !it.returned {
		it.exec(it.statement(), vars)
	}
}

// hand gives code built by a global run to the analysis of decoded code.
func (it *interp) hand(code string, n *node, via string) {
	if it.found++; it.found > maxHanded {
		return
	}
	pt := it.a.point(n.tok, via)
	it.a.nestedCode(code, []verdict.Point{*it.a.point(n.tok, "code built by running the file's loops")}, pt)
}

// truth is a condition's value; an unknown one ends a global run (both
// branches would have to be followed).
func (it *interp) truth(v cval) bool {
	if v.k == cUnk {
		it.stop()
	}
	return v.Bool()
}

func unk(in bool) cval { return cval{k: cUnk, in: in} }

// call runs f with args.
func (it *interp) call(f *function, args []cval) cval {
	if it.depth++; it.depth > interpDepth {
		it.stop()
	}
	defer func() { it.depth-- }()
	saved, savedLits := it.p, it.lits
	body := it.body(f)
	it.p = saved
	if pb := it.a.bodies[f]; pb != nil {
		if pb.lits == nil {
			pb.lits = map[*node]*constArray{}
		}
		it.lits = pb.lits
		defer func() { it.lits = savedLits }()
	}
	vars := map[string]cval{}
	for i, name := range f.params {
		if i < len(args) {
			v := args[i]
			if v.k == cArr {
				v.arr = v.arr.clone() // arrays are passed by value
			}
			vars[name] = v
		}
	}
	it.returned = false
	it.exec(body, vars)
	it.returned = false
	r := it.ret
	it.ret = cval{}
	return r
}

func (it *interp) exec(s *stmt, vars map[string]cval) {
	if it.returned || it.brk > 0 || it.cont {
		return
	}
	it.tick()
	switch s.k {
	case 'n':
	case 'g':
		if it.global && it.depth == 0 {
			break // "global" in global code names the variables it has
		}
		for _, v := range s.init {
			if _, set := vars[v.s]; !set {
				vars[v.s] = unk(false)
			}
		}
	case 'e':
		if x := s.e; x.k == nAssign && x.s == "=" && x.kids[0].k == nVar && x.kids[1] != nil && x.kids[1].k == nArray {
			// $v = array(...) as a statement: the new array becomes the
			// variable's own and nothing else sees it, so the copy store
			// makes of arrays (they are values) is not needed. The steps
			// are those of the assignment's evaluation.
			it.tick()
			vars[x.kids[0].s] = it.eval(x.kids[1], vars)
			break
		}
		it.eval(s.e, vars)
	case 'b':
		for _, x := range s.list {
			it.exec(x, vars)
			if it.returned || it.brk > 0 || it.cont {
				return
			}
		}
	case 'i':
		if it.truth(it.eval(s.cond, vars)) {
			it.exec(s.body, vars)
		} else if s.els != nil {
			it.exec(s.els, vars)
		}
	case 'f', 'w':
		for _, e := range s.init {
			it.eval(e, vars)
		}
		for s.cond == nil || it.truth(it.eval(s.cond, vars)) {
			it.tick()
			it.exec(s.body, vars)
			it.cont = false
			if it.brk > 0 {
				it.brk--
				break
			}
			if it.returned {
				return
			}
			for _, e := range s.post {
				it.eval(e, vars)
			}
		}
	case 'o':
		v := it.eval(s.e, vars)
		if v.k != cArr {
			return
		}
		arr := v.arr.clone()
		for _, k := range arr.keys {
			it.tick()
			if s.key != "" {
				vars[s.key] = keyVal(k)
			}
			vars[s.val] = arr.m[k]
			it.exec(s.body, vars)
			it.cont = false
			if it.brk > 0 {
				it.brk--
				break
			}
			if it.returned {
				return
			}
		}
	case 'r':
		if s.e != nil {
			it.ret = it.eval(s.e, vars)
		}
		it.returned = true
	case 'k':
		it.brk = 1
	case 'c':
		it.cont = true
	default:
		it.stop()
	}
}

func keyVal(k string) cval {
	if n, err := strconv.ParseInt(k, 10, 64); err == nil && strconv.FormatInt(n, 10) == k {
		return num(n)
	}
	return str(k)
}

// arrKey is the key a value indexes an array with.
func arrKey(v cval) string {
	if v.k == cBool {
		return strconv.FormatInt(v.i, 10)
	}
	return v.String()
}

func (it *interp) grow(n int) {
	if it.bytes += n; it.bytes > interpBytes {
		it.stop()
	}
}

// eval evaluates an expression of the subset.
func (it *interp) eval(n *node, vars map[string]cval) cval {
	it.tick()
	switch n.k {
	case nStr:
		return str(n.s)
	case nNum:
		s := strings.ReplaceAll(n.s, "_", "")
		if v, err := strconv.ParseInt(s, 0, 64); err == nil {
			return num(v)
		}
		it.stop()
	case nVar:
		if it.input(n.s) {
			return unk(true)
		}
		return load(vars, n.s)
	case nVarVar:
		name := it.eval(n.kids[0], vars)
		if name.k != cStr {
			return unk(name.in)
		}
		if it.global && (superglobals[name.s] || name.s == "_SERVER") {
			return unk(true)
		}
		return load(vars, name.s)
	case nName:
		switch strings.ToLower(n.s) {
		case "true":
			return boolean(true)
		case "false":
			return boolean(false)
		case "null":
			return cval{}
		}
		if it.global {
			if strings.EqualFold(n.s, "__FILE__") {
				return str(selfFile)
			}
			if n.s == "__COMPILER_HALT_OFFSET__" {
				if off := it.a.haltOffset(); off >= 0 {
					return num(off)
				}
			}
			if v, ok := it.consts[n.s]; ok {
				return v
			}
			// An undefined constant: PHP before 8 used its name as a
			// string, which shells without letters rely on (${_}).
			return str(n.s)
		}
		it.stop()
	case nInterp:
		var b strings.Builder
		for _, k := range n.kids {
			b.WriteString(it.eval(k, vars).String())
		}
		it.grow(b.Len())
		return str(b.String())
	case nIndex:
		if n.kids[1] == nil {
			it.stop()
		}
		if b := n.kids[0]; b.k == nVar && b.s == "GLOBALS" && it.globals != nil {
			// A global variable read through $GLOBALS, in global code or
			// in a function the global run calls (obfuscators keep their
			// table of decoded names there).
			idx := it.eval(n.kids[1], vars)
			if idx.k == cUnk {
				it.inputElem = false
				return unk(idx.in)
			}
			if it.input(idx.String()) {
				return unk(true)
			}
			return load(it.globals, idx.String())
		}
		if b := n.kids[0]; b.k == nVar {
			// The variable is looked up once: a decoding loop reads an
			// element of a table or a byte of a string at every step.
			cur := vars[b.s]
			if cur.buf == nil || !pureIndex(n.kids[1], 0) || it.input(b.s) {
				// As eval of the variable.
				it.tick()
				var base cval
				switch {
				case it.input(b.s):
					base = unk(true)
				case cur.buf != nil:
					base = str(cur.buf.String())
				default:
					base = cur
				}
				return it.index(n, base, vars)
			}
			// A byte of a string being written: read in place, with the
			// step the read of the variable counts.
			it.tick()
			sb := cur.buf
			idx := it.eval(n.kids[1], vars)
			if idx.k == cUnk {
				return unk(idx.in)
			}
			i := idx.Int()
			if i < 0 {
				i += int64(len(sb.b))
			}
			if i < 0 || i >= int64(len(sb.b)) {
				return str("")
			}
			return str(string(sb.b[i : i+1]))
		}
		return it.index(n, it.eval(n.kids[0], vars), vars)
	case nAssign:
		return it.assign(n, vars)
	case nBin:
		return it.binary(n, vars)
	case nUnary:
		return it.unary(n, vars)
	case nTernary:
		c := it.eval(n.kids[0], vars)
		if it.truth(c) {
			if n.kids[1] == nil {
				return c
			}
			return it.eval(n.kids[1], vars)
		}
		return it.eval(n.kids[2], vars)
	case nArray:
		if c := it.lits[n]; c != nil {
			for range c.ticks {
				it.tick()
			}
			return cval{k: cArr, arr: c.arr.clone()}
		}
		before := it.a.shared.interpSteps
		// Sized for the literal's items: tables of thousands of chunks
		// are how encoded payloads are stored.
		arr := &carr{keys: make([]string, 0, len(n.kids)), m: make(map[string]cval, len(n.kids))}
		for _, pair := range n.kids {
			if pair == nil || len(pair.kids) < 2 || pair.kids[1] == nil {
				it.stop()
			}
			v := it.eval(pair.kids[1], vars)
			if pair.kids[0] == nil {
				arr.push(v)
			} else {
				arr.set(arrKey(it.eval(pair.kids[0], vars)), v)
			}
		}
		if it.lits != nil && len(n.kids) >= 16 && constLiteral(n) {
			it.lits[n] = &constArray{arr: arr, ticks: it.a.shared.interpSteps - before}
			arr = arr.clone()
		}
		return cval{k: cArr, arr: arr}
	case nCast:
		v := it.eval(n.kids[0], vars)
		switch n.s {
		case "int", "integer":
			return num(v.Int())
		case "string":
			return str(v.String())
		case "bool", "boolean":
			return boolean(v.Bool())
		}
		it.stop()
	case nCall:
		return it.callNode(n, vars)
	case nEval:
		if !it.global {
			it.stop()
		}
		code := it.eval(n.kids[0], vars)
		if code.self == selfDecoded {
			it.selfLoader(n, "eval")
		}
		if code.k == cStr {
			it.hand(code.s, n, "eval")
		}
		return unk(false)
	case nOther:
		switch n.s {
		case "isset":
			for _, k := range n.kids {
				if it.eval(k, vars).k == cNull {
					return boolean(false)
				}
			}
			return boolean(len(n.kids) > 0)
		case "empty":
			return boolean(len(n.kids) == 0 || !it.eval(n.kids[0], vars).Bool())
		}
	}
	it.stop()
	return cval{}
}

// index is eval of the element read n (base[idx]), base being the value
// of n's first operand.
func (it *interp) index(n *node, base cval, vars map[string]cval) cval {
	idx := it.eval(n.kids[1], vars)
	if b := n.kids[0]; b.k == nVarVar && b.kids[0].k == nVar && base.k == cUnk && it.global {
		if v, ok := it.php5VarVar(b, idx, vars); ok {
			return v
		}
	}
	if base.k == cUnk || idx.k == cUnk {
		it.inputElem = base.k == cUnk && base.in
		return unk(base.in || idx.in)
	}
	switch base.k {
	case cStr:
		i := idx.Int()
		if i < 0 {
			i += int64(len(base.s))
		}
		if i < 0 || i >= int64(len(base.s)) {
			return str("")
		}
		return str(base.s[i : i+1])
	case cArr:
		return base.arr.m[arrKey(idx)]
	}
	return cval{}
}

func (it *interp) assign(n *node, vars map[string]cval) cval {
	target, rhs := n.kids[0], n.kids[1]
	if target.k == nIndex && target.kids[1] != nil && !pureIndex(target.kids[1], 0) {
		// PHP evaluates the offset once, before the value: $a[$i++] .= x
		// reads and writes the same element.
		target = it.fixedIndex(target, vars)
	}
	v := it.eval(rhs, vars)
	if n.s != "=" {
		old := it.eval(target, vars)
		if n.s == ".=" && target.k == nVar {
			v = it.appendVar(vars[target.s], old, v)
		} else {
			op := strings.TrimSuffix(n.s, "=")
			v = it.arith(op, old, v)
		}
	}
	it.store(target, v, vars)
	return v
}

// appendVar is arith(".", l, r) for $x .= r, where cur is what the
// variable holds and l its value: the text is appended to the builder of
// cur when cur's string is all of it, rather than copied with it. The
// budget is charged as for a copy, so that runs end where they did.
func (it *interp) appendVar(cur, l, r cval) cval {
	if l.k != cStr || r.k == cUnk || cur.app == nil && len(l.s) < 256 {
		return it.arith(".", l, r) // short strings: a copy costs no more
	}
	rs := r.String()
	sb := cur.app
	if sb == nil || cur.buf != nil || len(cur.s) != len(l.s) || sb.Len() != len(l.s) {
		sb = new(strings.Builder)
		sb.Grow(2 * (len(l.s) + len(rs)))
		sb.WriteString(l.s)
	}
	sb.WriteString(rs)
	s := sb.String()
	it.grow(len(s))
	return cval{k: cStr, s: s, self: max(l.self, r.self), app: sb}
}

// store writes v to a variable, an array element or a string offset.
func (it *interp) store(target *node, v cval, vars map[string]cval) {
	switch target.k {
	case nVar:
		if v.k == cArr {
			v = cval{k: cArr, arr: v.arr.clone()} // arrays are values
		}
		vars[target.s] = v
	case nIndex:
		base := target.kids[0]
		if base.k != nVar {
			it.stop()
		}
		cur := vars[base.s]
		if cur.buf != nil && (target.kids[1] == nil || !pureIndex(target.kids[1], 0)) {
			// The offset's evaluation may change the variable: write into
			// a copy of the bytes as they are now, as PHP does.
			cur = load(vars, base.s)
		}
		switch {
		case cur.k == cStr && target.kids[1] != nil:
			i := it.eval(target.kids[1], vars).Int()
			sb := cur.buf
			if sb == nil {
				sb = &strBuf{b: []byte(cur.s), s: cur.s, fresh: true}
			}
			if i < 0 || i > int64(len(sb.b))+1<<20 {
				it.stop()
			}
			c := v.String()
			if c == "" {
				it.stop()
			}
			// The bytes are changed in place; the budget still counts the
			// copy of the whole string a write makes in PHP.
			n := max(len(sb.b), int(i)+1)
			if int(i) < len(sb.b) {
				sb.b[i] = c[0]
			} else {
				for len(sb.b) < int(i) {
					sb.b = append(sb.b, ' ')
				}
				sb.b = append(sb.b, c[0])
			}
			sb.fresh = false
			it.grow(n)
			vars[base.s] = cval{k: cStr, buf: sb}
		case cur.k == cArr || cur.k == cNull || cur.k == cStr && cur.s == "" && cur.buf == nil:
			arr := &carr{m: map[string]cval{}}
			if cur.k == cArr {
				arr = cur.arr
			}
			if target.kids[1] == nil {
				arr.push(v)
			} else {
				arr.set(arrKey(it.eval(target.kids[1], vars)), v)
			}
			if len(arr.keys) > 1<<16 {
				it.stop()
			}
			vars[base.s] = cval{k: cArr, arr: arr}
		default:
			it.stop()
		}
	default:
		it.stop()
	}
}

func (it *interp) unary(n *node, vars map[string]cval) cval {
	if v := it.eval(n.kids[0], vars); v.k == cUnk {
		return v
	}
	switch n.s {
	case "!":
		return boolean(!it.eval(n.kids[0], vars).Bool())
	case "-":
		return num(-it.eval(n.kids[0], vars).Int())
	case "+":
		return num(it.eval(n.kids[0], vars).Int())
	case "~":
		v := it.eval(n.kids[0], vars)
		if v.k == cStr {
			b := []byte(v.s)
			for i := range b {
				b[i] = ^b[i]
			}
			return str(string(b))
		}
		return num(^v.Int())
	case "++", "--":
		old := it.eval(n.kids[0], vars)
		if old.k == cStr && old.s == "" && n.kids[0].k == nIndex {
			// An element of an empty string: PHP 5 made the string an
			// array (PHP 7 refuses to increment string offsets), which the
			// shells written without letters rely on.
			if b := n.kids[0].kids[0]; b.k == nVar && vars[b.s].k == cStr && vars[b.s].buf == nil && vars[b.s].s == "" {
				vars[b.s] = cval{k: cArr, arr: &carr{m: map[string]cval{}}}
			}
			old = cval{}
		}
		if old.k == cStr && !numeric(old.s) {
			// PHP's string increment ("A"++ is "B", "Az"++ is "Ba"), on
			// which the shells written without letters build names.
			if n.s == "--" || old.s == "" {
				it.stop()
			}
			nv := str(incString(old.s))
			it.store(n.kids[0], nv, vars)
			if n.kids[0].tok > n.tok {
				return nv
			}
			return old
		}
		d := int64(1)
		if n.s == "--" {
			d = -1
		}
		nv := num(old.Int() + d)
		it.store(n.kids[0], nv, vars)
		if n.kids[0].tok > n.tok { // ++$x: the new value
			return nv
		}
		return old
	}
	it.stop()
	return cval{}
}

// incString is PHP's increment of a non-numeric string: the last
// alphanumeric run counts up with carry (z to a, Z to A, 9 to 0), growing
// on the left when it carries out; other bytes are left alone.
func incString(s string) string {
	b := []byte(s)
	for i := len(b) - 1; i >= 0; i-- {
		switch c := b[i]; {
		case c == 'z':
			b[i] = 'a'
		case c == 'Z':
			b[i] = 'A'
		case c == '9':
			b[i] = '0'
		case c >= 'a' && c < 'z' || c >= 'A' && c < 'Z' || c >= '0' && c < '9':
			b[i]++
			return string(b)
		default:
			return string(b) // not alphanumeric: PHP stops here
		}
		if i == 0 || !isAlnum(b[i-1]) {
			lead := map[byte]byte{'a': 'a', 'A': 'A', '0': '1'}[b[i]]
			return string(b[:i]) + string(lead) + string(b[i:])
		}
	}
	return string(b)
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (it *interp) binary(n *node, vars map[string]cval) cval {
	switch n.s {
	case "&&", "and":
		return boolean(it.eval(n.kids[0], vars).Bool() && it.eval(n.kids[1], vars).Bool())
	case "||", "or":
		return boolean(it.eval(n.kids[0], vars).Bool() || it.eval(n.kids[1], vars).Bool())
	case "??":
		if l := it.eval(n.kids[0], vars); l.k != cNull {
			return l
		}
		return it.eval(n.kids[1], vars)
	}
	l, r := it.eval(n.kids[0], vars), it.eval(n.kids[1], vars)
	return it.arith(n.s, l, r)
}

// arith applies a binary operator.
func (it *interp) arith(op string, l, r cval) cval {
	if l.k == cUnk || r.k == cUnk {
		v := unk(l.in || r.in)
		if op == "." {
			v.self = max(l.self, r.self)
		}
		return v
	}
	switch op {
	case ".":
		s := l.String() + r.String()
		it.grow(len(s))
		return cval{k: cStr, s: s, self: max(l.self, r.self)}
	case "+":
		return num(l.Int() + r.Int())
	case "-":
		return num(l.Int() - r.Int())
	case "*":
		return num(l.Int() * r.Int())
	case "/":
		if r.Int() == 0 {
			it.stop()
		}
		return num(l.Int() / r.Int())
	case "%":
		if r.Int() == 0 {
			it.stop()
		}
		return num(l.Int() % r.Int())
	case "<<":
		return num(l.Int() << (uint64(r.Int()) & 63))
	case ">>":
		return num(l.Int() >> (uint64(r.Int()) & 63))
	case "^", "|", "&":
		if l.k == cStr && r.k == cStr {
			n := min(len(l.s), len(r.s))
			if op == "|" {
				n = max(len(l.s), len(r.s))
			}
			b := make([]byte, n)
			for i := range b {
				var x, y byte
				if i < len(l.s) {
					x = l.s[i]
				}
				if i < len(r.s) {
					y = r.s[i]
				}
				switch op {
				case "^":
					b[i] = x ^ y
				case "|":
					b[i] = x | y
				default:
					b[i] = x & y
				}
			}
			return str(string(b))
		}
		x, y := l.Int(), r.Int()
		switch op {
		case "^":
			return num(x ^ y)
		case "|":
			return num(x | y)
		}
		return num(x & y)
	case "==", "!=", "===", "!==", "<", ">", "<=", ">=", "<>":
		c := compareC(l, r)
		switch op {
		case "==":
			return boolean(c == 0)
		case "!=", "<>":
			return boolean(c != 0)
		case "===":
			return boolean(l.k == r.k && c == 0)
		case "!==":
			return boolean(l.k != r.k || c != 0)
		case "<":
			return boolean(c < 0)
		case ">":
			return boolean(c > 0)
		case "<=":
			return boolean(c <= 0)
		}
		return boolean(c >= 0)
	}
	it.stop()
	return cval{}
}

// globalCall handles, in a global run, the calls that matter to the
// analysis: code and command functions, whose constant arguments are
// handed over and whose request arguments are reported when the function
// name was assembled at run time; and built-in calls with unknown
// arguments, whose result is unknown. (A built-in outside the subset
// gives an unknown result at the end of callNode.)
func (it *interp) globalCall(name string, computed bool, args []cval, input bool, n *node) (cval, bool) {
	d := dangerous(name)
	if d == kCode || d == kCmd {
		if computed && input {
			it.a.emit("php.exec-input", 90, &origin{pt: it.a.point(n.tok, "request input"), input: "_REQUEST"}, nil, it.a.point(n.tok, name),
				"Runs request input through "+name+", whose name the code assembles in its own loops at run time.",
				"将请求输入交给 "+name+" 执行，而该函数名由代码自身的循环在运行时拼出。")
		}
		if d == kCode {
			for _, a := range args {
				if a.self == selfDecoded {
					it.selfLoader(n, name)
					break
				}
			}
			for _, a := range args {
				if a.k == cStr {
					it.hand(a.s, n, name)
					break
				}
			}
		}
		return unk(input), true
	}
	if _, user := it.a.byName[name]; user {
		return cval{}, false
	}
	for _, a := range args {
		if a.k == cUnk {
			return unk(input), true
		}
	}
	return cval{}, false
}

// compareC compares as PHP 8's loose comparison does for ints, numeric
// strings and other strings.
func compareC(l, r cval) int {
	ln := l.k == cInt || l.k == cBool || l.k == cNull || l.k == cStr && numeric(l.s)
	rn := r.k == cInt || r.k == cBool || r.k == cNull || r.k == cStr && numeric(r.s)
	if ln && rn || (l.k == cInt && r.k != cStr) || (r.k == cInt && l.k != cStr) {
		x, y := l.Int(), r.Int()
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	return strings.Compare(l.String(), r.String())
}

// callNode runs a call: a user function of the file, or a pure built-in.
func (it *interp) callNode(n *node, vars map[string]cval) cval {
	var name string
	computed := n.kids[0].k != nName
	if computed {
		// A name computed in a pure run ($ord($s[$i]) with $ord a decoded
		// 'ord') calls what a written name would: the pure builtins
		// below, or a user function that passes the same checks.
		it.inputElem = false
		cv := it.eval(n.kids[0], vars)
		if !it.global && cv.k != cStr {
			it.stop()
		}
		if cv.k == cUnk && cv.in && n.kids[0].k == nIndex && it.inputElem {
			input := false
			for _, k := range n.kids[1:] {
				v := it.eval(k, vars)
				input = input || v.k == cUnk && v.in
			}
			it.inputCallee(n, input)
			return unk(false)
		}
		if cv.k != cStr {
			return unk(false)
		}
		name = funcName(cv.s)
	} else {
		name = funcName(n.kids[0].s)
		if x := n.kids[len(n.kids)-1]; name == "strlen" && len(n.kids) == 2 && x.k == nVar && vars[x.s].buf != nil && !it.input(x.s) && len(it.a.byName[name]) == 0 {
			// The length of a string being written (a decoder's loop
			// condition), without making its string: the step is the
			// read of the argument's.
			it.tick()
			return num(int64(len(vars[x.s].buf.b)))
		}
	}
	var args []cval
	input := false
	for _, k := range n.kids[1:] {
		v := it.eval(k, vars)
		args = append(args, v)
		input = input || v.k == cUnk && v.in
	}
	r := it.apply(name, computed, input, args, n)
	if it.global {
		r = selfFlow(name, args, r)
	}
	return r
}

// apply runs the call of name on args for callNode.
func (it *interp) apply(name string, computed, input bool, args []cval, n *node) cval {
	if it.global {
		if r, done := it.globalCall(name, computed, args, input, n); done {
			return r
		}
		if r, done := it.selfCall(name, args, n); done {
			return r
		}
	}
	if fs := it.a.byName[name]; len(fs) > 0 {
		// A global run stays out of functions with computed calls: its
		// unknown values make most of them long and fruitless.
		// A global run may enter one whose computed calls are its only
		// such constructs on known arguments: a decoder that calls
		// builtins through the names it keeps in $GLOBALS.
		if it.a.sinky(fs[0]) && (it.global && (input || anyUnk(args)) || !it.a.pureSafe(fs[0])) {
			it.stop()
		}
		saved, ret, returned := it.p, it.ret, it.returned
		v := it.call(fs[0], args)
		it.p, it.ret, it.returned = saved, ret, returned
		return v
	}
	s := func(i int) string {
		if i < len(args) {
			return args[i].String()
		}
		return ""
	}
	switch name {
	case "strlen":
		return num(int64(len(s(0))))
	case "count", "sizeof":
		if len(args) > 0 && args[0].k == cArr {
			return num(int64(len(args[0].arr.keys)))
		}
		return num(0)
	case "substr":
		str0 := s(0)
		start := args[1].Int()
		if start < 0 {
			start = max(0, int64(len(str0))+start)
		}
		if start > int64(len(str0)) {
			return str("")
		}
		end := int64(len(str0))
		if len(args) > 2 && args[2].k != cNull {
			l := args[2].Int()
			if l < 0 {
				end = max(start, end+l)
			} else {
				end = min(end, start+l)
			}
		}
		return str(str0[start:end])
	case "str_pad":
		return it.strPad(args)
	case "ord":
		if t := s(0); t != "" {
			return num(int64(t[0]))
		}
		return num(0)
	case "chr":
		return str(string([]byte{byte(((args[0].Int() % 256) + 256) % 256)}))
	case "md5":
		sum := md5.Sum([]byte(s(0)))
		return str(hex.EncodeToString(sum[:]))
	case "sha1":
		sum := sha1.Sum([]byte(s(0)))
		return str(hex.EncodeToString(sum[:]))
	case "intval":
		return num(args[0].Int())
	case "hexdec":
		v, _ := strconv.ParseInt(strings.Map(func(r rune) rune {
			if strings.ContainsRune("0123456789abcdefABCDEF", r) {
				return r
			}
			return -1
		}, s(0)), 16, 64)
		return num(v)
	case "dechex":
		return str(strconv.FormatInt(args[0].Int(), 16))
	case "is_numeric":
		return boolean(numeric(s(0)))
	case "ctype_lower", "ctype_upper", "ctype_digit":
		t := s(0)
		ok := t != ""
		for _, c := range []byte(t) {
			switch name {
			case "ctype_lower":
				ok = ok && c >= 'a' && c <= 'z'
			case "ctype_upper":
				ok = ok && c >= 'A' && c <= 'Z'
			default:
				ok = ok && c >= '0' && c <= '9'
			}
		}
		return boolean(ok)
	case "str_replace":
		if args[0].k == cArr || args[1].k == cArr || args[2].k != cStr {
			it.stop()
		}
		out := strings.ReplaceAll(s(2), s(0), s(1))
		it.grow(len(out))
		return str(out)
	case "implode", "join":
		glue, arr := s(0), cval{}
		if len(args) > 1 {
			arr = args[1]
		}
		if args[0].k == cArr {
			glue, arr = s(1), args[0]
		}
		if arr.k != cArr {
			it.stop()
		}
		var parts []string
		for _, k := range arr.arr.keys {
			parts = append(parts, arr.arr.m[k].String())
		}
		out := strings.Join(parts, glue)
		it.grow(len(out))
		return str(out)
	case "floor", "ceil", "round", "abs":
		v := args[0].Int()
		if name == "abs" && v < 0 {
			v = -v
		}
		return num(v)
	case "array_values":
		if args[0].k != cArr {
			it.stop()
		}
		arr := &carr{m: map[string]cval{}}
		for _, k := range args[0].arr.keys {
			arr.push(args[0].arr.m[k])
		}
		return cval{k: cArr, arr: arr}
	case "pack":
		// The 32-bit and byte formats that XXTEA and similar ciphers use.
		var b []byte
		for i, a := range args[1:] {
			switch f := s(0); {
			case f == "V" || f == "V*":
				u := uint32(a.Int())
				b = append(b, byte(u), byte(u>>8), byte(u>>16), byte(u>>24))
			case f == "N" || f == "N*":
				u := uint32(a.Int())
				b = append(b, byte(u>>24), byte(u>>16), byte(u>>8), byte(u))
			case f == "C" || f == "C*":
				b = append(b, byte(a.Int()))
			case f == "H*" && i == 0:
				h, err := hex.DecodeString(a.String())
				if err != nil {
					it.stop()
				}
				b = append(b, h...)
			default:
				it.stop()
			}
		}
		it.grow(len(b))
		return str(string(b))
	case "unpack":
		t := s(1)
		arr := &carr{m: map[string]cval{}, next: 1}
		switch s(0) {
		case "V*", "N*":
			for i := 0; i+4 <= len(t); i += 4 {
				var u uint32
				if s(0) == "V*" {
					u = uint32(t[i]) | uint32(t[i+1])<<8 | uint32(t[i+2])<<16 | uint32(t[i+3])<<24
				} else {
					u = uint32(t[i+3]) | uint32(t[i+2])<<8 | uint32(t[i+1])<<16 | uint32(t[i])<<24
				}
				arr.push(num(int64(u)))
			}
		case "C*":
			for i := 0; i < len(t); i++ {
				arr.push(num(int64(t[i])))
			}
		default:
			it.stop()
		}
		if len(arr.keys) > 1<<20 {
			it.stop()
		}
		return cval{k: cArr, arr: arr}
	case "str_split":
		size := int64(1)
		if len(args) > 1 {
			size = args[1].Int()
		}
		if size < 1 {
			it.stop()
		}
		arr := &carr{m: map[string]cval{}}
		t := s(0)
		for i := int64(0); i < int64(len(t)); i += size {
			arr.push(str(t[i:min(int64(len(t)), i+size)]))
		}
		return cval{k: cArr, arr: arr}
	}
	// The decoders of the decode package (base64, inflate, rot13, ...).
	for _, d := range decode.Functions {
		if d == name {
			ss := make([]string, len(args))
			for i := range args {
				ss[i] = args[i].String()
			}
			out, err := decode.Call(name, ss...)
			if err != nil && it.global && len(args) > 0 && args[0].self != 0 {
				// Text cut from the file itself that does not decode: an
				// offset the file's copy no longer matches, still a
				// payload it decodes (see selfFlow).
				return unk(false)
			}
			if err != nil {
				it.stop()
			}
			it.grow(len(out))
			return str(out)
		}
	}
	if it.global {
		return unk(false) // outside the subset: its result is unknown
	}
	it.stop()
	return cval{}
}
