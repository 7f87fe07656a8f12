package asp

import (
	"math"
	"strings"
	"sync/atomic"
	"unsafe"
)

// The concrete interpreter runs decoders: user functions called with
// constant arguments and loops over constants, with a step budget. It
// gives up (ok false) on anything that is not a pure computation on
// strings and numbers: input, objects, execution.

// stepBudget bounds the work of one concrete run, and fileBudget the
// concrete work of one analysis.
const (
	stepBudget = 400_000
	fileBudget = 800_000
)

type ctrl uint8

const (
	cNone ctrl = iota
	cExitLoop
	cExitFunc
	cContinue
	cFail
)

// slotTab numbers the variable names of one function (or of the code
// the analyzer runs outside functions): an environment keeps its
// variables in a slice indexed by these numbers instead of a map.
type slotTab struct {
	idx   map[string]int32
	names []string
}

func newSlotTab() *slotTab { return &slotTab{idx: map[string]int32{}} }

func (t *slotTab) slot(name string) int32 {
	if i, ok := t.idx[name]; ok {
		return i
	}
	i := int32(len(t.names))
	t.idx[name] = i
	t.names = append(t.names, name)
	return i
}

// cenv is a concrete environment.
type cenv struct {
	tab    *slotTab
	vars   []*cv                        // by slot; nil: not a variable (yet)
	bufs   [][]byte                     // by slot: growing strings of appendAssign
	lbufs  []*leftBuf                   // by slot: strings growing to the left (prependAssign)
	lookup func(name string) (cv, bool) // outer constants
	fn     *funcDef
	ret    *cv
	with   []cv
}

func newEnv(tab *slotTab, lookup func(string) (cv, bool)) *cenv {
	return &cenv{tab: tab, vars: make([]*cv, len(tab.names)), lookup: lookup}
}

// slotOf is the slot of the identifier e (or of the name of e) in env.
func (env *cenv) slotOf(e *expr) int32 {
	if e.stab != env.tab {
		e.stab, e.slot = env.tab, env.tab.slot(e.name)
	}
	return e.slot
}

// at is the variable in slot i, or nil.
func (env *cenv) at(i int32) *cv {
	if int(i) < len(env.vars) {
		return env.vars[i]
	}
	return nil
}

// set makes v the variable of slot i.
func (env *cenv) set(i int32, v *cv) {
	if int(i) >= len(env.vars) {
		env.vars = append(env.vars, make([]*cv, len(env.tab.names)-len(env.vars))...)
	}
	env.vars[i] = v
}

// each calls fn with every variable of env.
func (env *cenv) each(fn func(name string, v *cv)) {
	for i, v := range env.vars {
		if v != nil {
			fn(env.tab.names[i], v)
		}
	}
}

func (e *cenv) get(i int32, name string) (cv, bool) {
	if v := e.at(i); v != nil {
		return *v, true
	}
	if e.lookup != nil {
		if v, ok := e.lookup(name); ok {
			c := v
			e.set(i, &c)
			return v, true
		}
	}
	if v, ok := vbConstants[name]; ok {
		return v, true
	}
	return cv{}, false
}

func (e *cenv) ref(i int32, name string) *cv {
	if v := e.at(i); v != nil {
		return v
	}
	if _, ok := e.get(i, name); ok {
		if v := e.at(i); v != nil {
			return v
		}
	}
	v := &cv{}
	e.set(i, v)
	return v
}

// getE and refE are get and ref of the identifier e.
func (e *cenv) getE(x *expr) (cv, bool) {
	// The common case inline: a variable the run already has.
	if x.stab == e.tab && int(x.slot) < len(e.vars) {
		if v := e.vars[x.slot]; v != nil {
			return *v, true
		}
	}
	return e.getSlow(x)
}

func (e *cenv) getSlow(x *expr) (cv, bool) { return e.get(e.slotOf(x), x.name) }
func (e *cenv) refE(x *expr) *cv           { return e.ref(e.slotOf(x), x.name) }

type interp struct {
	fgen  uint64 // changes whenever funcs may answer differently
	stack []cv   // arguments of built-in calls being made
	sc    *strCtx
	funcs func(name string) *funcDef
	steps int
	limit int
	hard  int // when not 0, a bound no run may pass (see analyzer.addHit)
	depth int
}

// funcGen gives every interpreter's set of functions a distinct number.
var funcGen atomic.Uint64

// funcOf is in.funcs(e.name), cached on e while the functions are the same.
func (in *interp) funcOf(e *expr) *funcDef {
	if in.fgen == 0 {
		in.fgen = funcGen.Add(1)
	}
	if e.fgen != in.fgen {
		e.fdef, e.fgen = in.funcs(e.name), in.fgen
	}
	return e.fdef
}

// newFuncs tells in that its functions changed.
func (in *interp) newFuncs() { in.fgen = 0 }

// isBuiltin is builtinSet[e.name], cached on e.
func isBuiltin(e *expr) bool {
	if e.bi == 0 {
		e.bi = 2
		if builtinSet[e.name] {
			e.bi = 1
		}
	}
	return e.bi == 1
}

func (in *interp) tick(n int) bool {
	in.steps += n
	if sc := in.sc; sc != nil && sc.cost != 0 {
		in.steps += sc.cost
		sc.cost = 0
	}
	return in.steps <= in.limit && (in.hard == 0 || in.steps <= in.hard)
}

// tickN is n calls of tick(1), with the same result and the same steps
// after it, failing or not; at once when no call of them can fail.
func (in *interp) tickN(n int) bool {
	if sc := in.sc; sc != nil && sc.cost != 0 {
		in.steps += sc.cost
		sc.cost = 0
	}
	if s := in.steps + n; s <= in.limit && (in.hard == 0 || s <= in.hard) {
		in.steps = s
		return true
	}
	for range n {
		if !in.tick(1) {
			return false
		}
	}
	return true
}

// plainEval turns off the shortcuts of the concrete interpreter (leaf,
// mid, the string comparisons of eval): the tests hold the interpreter
// with them to the one without, result and steps.
var plainEval = false

// leaf returns where the value of e is when e is a constant or a
// variable the run already has, or nil. For such a leaf, eval is one
// step and a copy of that value: the hot callers (operands and
// arguments, most of them leaves) do the same in place, without the
// call.
func (env *cenv) leaf(e *expr) *cv {
	if e == nil || plainEval {
		return nil
	}
	switch e.k {
	case eConst:
		return &e.c
	case eIdent:
		if e.stab == env.tab && int(e.slot) < len(env.vars) {
			return env.vars[e.slot]
		}
	}
	return nil
}

// call runs f with args; refs (may be nil) receive ByRef results.
func (in *interp) call(f *funcDef, args []cv, refs []*cv, lookup func(string) (cv, bool)) (cv, bool) {
	if in.depth > 32 {
		return cv{}, false
	}
	in.depth++
	defer func() { in.depth-- }()
	if f.tab == nil {
		f.tab = newSlotTab()
		f.pslots = make([]int32, len(f.params))
		for i, p := range f.params {
			f.pslots[i] = f.tab.slot(p)
		}
		f.nslot = f.tab.slot(f.name)
	}
	env := newEnv(f.tab, lookup)
	env.fn = f
	for i := range f.params {
		v := argN(args, i)
		if refs != nil && i < len(refs) && refs[i] != nil && i < len(f.byRef) && f.byRef[i] {
			env.vars[f.pslots[i]] = refs[i]
		} else {
			c := v
			env.vars[f.pslots[i]] = &c
		}
	}
	var result cv
	if f.lang == vbscript {
		env.vars[f.nslot] = &result
	} else {
		env.ret = &result
	}
	if c := in.exec(f.body, env); c == cFail {
		return cv{}, false
	}
	if f.lang == vbscript {
		return *env.vars[f.nslot], true
	}
	return *env.ret, true
}

func (in *interp) exec(ss []*stmt, env *cenv) ctrl {
	for _, s := range ss {
		if !in.tick(1) {
			return cFail
		}
		switch s.k {
		case sExpr:
			if _, ok := in.eval(s.x, env); !ok {
				return cFail
			}
		case sAssign:
			if done, ok := in.appendAssign(s, env); done {
				if !ok {
					return cFail
				}
				continue
			}
			v, ok := in.eval(s.y, env)
			if !ok || !in.assign(s.x, v, env) {
				return cFail
			}
		case sDim:
			for i, n := range s.names {
				si := env.tab.slot(n)
				if i < len(s.conds) && s.conds[i] != nil {
					sz, ok := in.eval(s.conds[i], env)
					x, ok2 := toNum(sz)
					if !ok || !ok2 || x < 0 || x > 1<<20 {
						return cFail
					}
					old := env.at(si)
					a := make([]cv, int(x)+1)
					if old != nil && old.k == cArr {
						copy(a, old.elems())
					}
					env.set(si, &cv{k: cArr, arr: &a})
				} else if env.at(si) == nil {
					env.set(si, &cv{})
				}
			}
		case sIf:
			done := false
			for i, c := range s.conds {
				v, ok := in.eval(c, env)
				if !ok {
					return cFail
				}
				if toBool(v) {
					if r := in.exec(s.bodies[i], env); r != cNone {
						return r
					}
					done = true
					break
				}
			}
			if !done {
				if r := in.exec(s.body, env); r != cNone {
					return r
				}
			}
		case sSelect:
			v, ok := in.eval(s.x, env)
			if !ok {
				return cFail
			}
			for i, vals := range s.cases {
				match := vals == nil
				for _, e := range vals {
					w, ok := in.eval(e, env)
					if !ok {
						return cFail
					}
					if r, ok := binop("==", v, w, s.x.lang); ok && toBool(r) {
						match = true
						break
					}
				}
				if match {
					if r := in.exec(s.bodies[i], env); r != cNone {
						if r == cExitLoop && s.x.lang == jscript {
							break
						}
						return r
					}
					break
				}
			}
		case sLoop:
			if r := in.loop(s, env); r != cNone {
				return r
			}
		case sForEach:
			coll, ok := in.eval(s.y, env)
			if !ok || coll.k != cArr {
				return cFail
			}
			for _, e := range coll.elems() {
				if !in.assign(s.x, e, env) {
					return cFail
				}
				r := in.exec(s.body, env)
				if r == cExitLoop {
					break
				}
				if r == cFail || r == cExitFunc {
					return r
				}
			}
		case sReturn:
			if s.x != nil {
				v, ok := in.eval(s.x, env)
				if !ok {
					return cFail
				}
				if env.ret != nil {
					*env.ret = v
				}
			}
			return cExitFunc
		case sExit:
			switch s.kw {
			case "function", "sub", "property":
				return cExitFunc
			case "continue":
				return cContinue
			}
			return cExitLoop
		case sWith:
			v, ok := in.eval(s.x, env)
			if !ok {
				return cFail
			}
			env.with = append(env.with, v)
			r := in.exec(s.body, env)
			env.with = env.with[:len(env.with)-1]
			if r != cNone {
				return r
			}
		case sBlock:
			if r := in.exec(s.init, env); r != cNone {
				return r
			}
			if r := in.exec(s.body, env); r != cNone {
				return r
			}
		default:
			return cFail
		}
	}
	return cNone
}

func (in *interp) loop(s *stmt, env *cenv) ctrl {
	if s.kw == "for" && len(s.conds) == 3 {
		fromV, ok1 := in.eval(s.conds[0], env)
		toV, ok2 := in.eval(s.conds[1], env)
		step := cv{k: cNum, n: 1}
		ok3 := true
		if s.conds[2] != nil {
			step, ok3 = in.eval(s.conds[2], env)
		}
		from, okA := toNum(fromV)
		to, okB := toNum(toV)
		st, okC := toNum(step)
		if !ok1 || !ok2 || !ok3 || !okA || !okB || !okC || st == 0 {
			return cFail
		}
		ref := env.refE(s.x)
		*ref = num(from)
		for {
			i, _ := toNum(*ref)
			if st > 0 && i > to || st < 0 && i < to {
				break
			}
			r := in.exec(s.body, env)
			if r == cExitLoop {
				break
			}
			if r == cFail || r == cExitFunc {
				return r
			}
			ref = env.refE(s.x)
			i, _ = toNum(*ref)
			*ref = num(i + st)
			if !in.tick(1) {
				return cFail
			}
		}
		return cNone
	}
	// while/until (test first), dowhile/dountil (test after), do (forever),
	// and JScript's for(;;) with init and post.
	if r := in.exec(s.init, env); r != cNone {
		return r
	}
	for {
		if !in.tick(1) {
			return cFail
		}
		if s.x != nil && (s.kw == "while" || s.kw == "until") {
			v, ok := in.eval(s.x, env)
			if !ok {
				return cFail
			}
			if toBool(v) != (s.kw == "while") {
				break
			}
		}
		r := in.exec(s.body, env)
		if r == cExitLoop {
			break
		}
		if r == cFail || r == cExitFunc {
			return r
		}
		if r := in.exec(s.post, env); r == cFail {
			return r
		}
		if s.x != nil && (s.kw == "dowhile" || s.kw == "dountil") {
			v, ok := in.eval(s.x, env)
			if !ok {
				return cFail
			}
			if toBool(v) != (s.kw == "dowhile") {
				break
			}
		}
	}
	return cNone
}

// appendAssign runs "s = s & x" (and s = s + x on strings, and chains
// "s = s & x & y") in amortised constant time: decoders build their
// output a character at a time, and copying the whole string on every
// step would make them quadratic. "s = x & s" (the StrReverse idiom of
// many decoders) is run the same way on a buffer that grows to the left.
// done is false when the statement has another form.
func (in *interp) appendAssign(s *stmt, env *cenv) (done, ok bool) {
	y := s.y
	if s.x.k != eIdent || y.k != eBin || (y.op != "&" && y.op != "+") {
		return false, false
	}
	name := s.x.name
	if y.y.k == eIdent && y.y.name == name && y.x.k != eBin {
		return in.prependAssign(s.x, y, env)
	}
	// The operands after the target, in order: s & a & b is ((s & a) & b).
	var tails [4]*expr
	n := 0
	x := y
	for x.k == eBin && (x.op == "&" || x.op == "+") && x.op == y.op {
		if n == len(tails) {
			return false, false
		}
		tails[n] = x.y
		n++
		x = x.x
	}
	if x.k != eIdent || x.name != name {
		return false, false
	}
	si := env.slotOf(s.x)
	ref := env.ref(si, name)
	if ref.k != cStr {
		return false, false
	}
	var parts [4]string
	total := 0
	for i := 0; i < n; i++ {
		tail, ok := in.eval(tails[n-1-i], env)
		if !ok {
			return true, false
		}
		if y.op == "+" && tail.k != cStr && (y.lang == vbscript || tail.k == cNum) {
			if i > 0 {
				return true, false // evaluated already: give up rather than run twice
			}
			return false, false
		}
		parts[i] = toStr(tail, y.lang)
		total += len(parts[i])
	}
	ref = env.ref(si, name) // the tails may have assigned variables
	if ref.k != cStr {
		return true, false
	}
	cur := ref.s
	if len(cur)+total > maxString {
		return true, false
	}
	var buf []byte
	if int(si) < len(env.bufs) {
		buf = env.bufs[si]
	}
	if len(buf) != len(cur) || len(cur) > 0 && unsafe.StringData(cur) != &buf[0] {
		buf = append(make([]byte, 0, 2*len(cur)+total+16), cur...)
	}
	for i := 0; i < n; i++ {
		buf = append(buf, parts[i]...)
	}
	if len(buf) == 0 {
		*ref = str("")
		return true, in.tick(1)
	}
	if int(si) >= len(env.bufs) {
		env.bufs = append(env.bufs, make([][]byte, len(env.tab.names)-len(env.bufs))...)
	}
	env.bufs[si] = buf
	*ref = str(unsafe.String(&buf[0], len(buf)))
	return true, in.tick(total/64 + 1)
}

// leftBuf is a string that grows to the left: the string is buf[start:],
// and only bytes before start are ever written, so strings already made
// from it never change.
type leftBuf struct {
	buf   []byte
	start int
}

// prependAssign runs "s = x & s".
func (in *interp) prependAssign(x, y *expr, env *cenv) (done, ok bool) {
	name := x.name
	si := env.slotOf(x)
	ref := env.ref(si, name)
	if ref.k != cStr {
		return false, false
	}
	var head cv
	if p := env.leaf(y.x); p != nil {
		if !in.tick(1) {
			return true, false
		}
		head = *p
	} else if v, ok := in.eval(y.x, env); ok {
		head = v
	} else {
		return true, false
	}
	if y.op == "+" && head.k != cStr && (y.lang == vbscript || head.k == cNum) {
		return false, false
	}
	t := toStr(head, y.lang)
	ref = env.ref(si, name)
	if ref.k != cStr {
		return true, false
	}
	cur := ref.s
	if len(cur)+len(t) > maxString {
		return true, false
	}
	if len(cur)+len(t) == 0 {
		*ref = str("")
		return true, in.tick(1)
	}
	var lb *leftBuf
	if int(si) < len(env.lbufs) {
		lb = env.lbufs[si]
	}
	if lb == nil || len(lb.buf)-lb.start != len(cur) || len(cur) > 0 && unsafe.StringData(cur) != &lb.buf[lb.start] {
		size := 2*len(cur) + len(t) + 16
		lb = &leftBuf{buf: make([]byte, size), start: size - len(cur)}
		copy(lb.buf[lb.start:], cur)
	}
	if lb.start < len(t) {
		size := 2*(len(lb.buf)-lb.start) + len(t) + 16
		nb := make([]byte, size)
		ns := size - (len(lb.buf) - lb.start)
		copy(nb[ns:], lb.buf[lb.start:])
		lb.buf, lb.start = nb, ns
	}
	lb.start -= len(t)
	copy(lb.buf[lb.start:], t)
	if int(si) >= len(env.lbufs) {
		env.lbufs = append(env.lbufs, make([]*leftBuf, len(env.tab.names)-len(env.lbufs))...)
	}
	env.lbufs[si] = lb
	*ref = str(unsafe.String(&lb.buf[lb.start], len(lb.buf)-lb.start))
	return true, in.tick(len(t)/64 + 1)
}

// assign stores v into the target expression.
func (in *interp) assign(t *expr, v cv, env *cenv) bool {
	switch t.k {
	case eIdent:
		*env.refE(t) = v
		return true
	case eCall, eIndex:
		if t.x == nil || t.x.k != eIdent || len(t.args) != 1 {
			return false
		}
		arr, ok := env.getE(t.x)
		if !ok || arr.k != cArr {
			return false
		}
		iv, ok := in.eval(t.args[0], env)
		i, ok2 := toNum(iv)
		if !ok || !ok2 || i < 0 || i > 1<<20 {
			return false
		}
		a := env.refE(t.x)
		el := *a.arr
		for int(i) >= len(el) {
			if t.k != eIndex {
				return false // VBScript: subscript out of range
			}
			el = append(el, cv{})
		}
		el[int(i)] = v
		*a.arr = el
		return true
	}
	return false
}

func (in *interp) evalArgs(es []*expr, env *cenv) ([]cv, bool) {
	out := make([]cv, len(es))
	for i, e := range es {
		v, ok := in.eval(e, env)
		if !ok {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

func (in *interp) eval(e *expr, env *cenv) (cv, bool) {
	if e == nil || !in.tick(1) {
		return cv{}, e == nil
	}
	switch e.k {
	case eConst:
		return e.c, true
	case eIdent:
		if v, ok := env.getE(e); ok {
			return v, true
		}
		if f := in.funcOf(e); f != nil && e.lang == vbscript && len(f.params) == 0 {
			return in.call(f, nil, nil, env.lookup)
		}
		return cv{}, false
	case eBin:
		if e.op == "&&" || e.op == "||" {
			a, ok := in.eval(e.x, env)
			if !ok {
				return cv{}, false
			}
			if toBool(a) == (e.op == "||") {
				return a, true
			}
			return in.eval(e.y, env)
		}
		var a, b cv
		if p := env.leaf(e.x); p != nil {
			if !in.tick(1) {
				return cv{}, false
			}
			a = *p
		} else if v, ok := in.eval(e.x, env); ok {
			a = v
		} else {
			return cv{}, false
		}
		if p := env.leaf(e.y); p != nil {
			if !in.tick(1) {
				return cv{}, false
			}
			b = *p
		} else if v, ok := in.eval(e.y, env); ok {
			b = v
		} else {
			return cv{}, false
		}
		if a.k == cStr && b.k == cStr && !plainEval {
			// A decoder compares a character with a constant at every
			// step: binop's answer for two strings, without its dispatch.
			switch e.op {
			case "==":
				return boolean(a.s == b.s), true
			case "!=":
				return boolean(a.s != b.s), true
			}
		}
		r, ok := binop(e.op, a, b, e.lang)
		if ok && r.k == cStr && !in.tick(len(r.s)/256) {
			return cv{}, false
		}
		return r, ok
	case eUn:
		a, ok := in.eval(e.x, env)
		if !ok {
			return cv{}, false
		}
		return unop(e.op, a, e.lang)
	case eCall:
		return in.evalCall(e, env)
	}
	return in.evalOther(e, env)
}

// evalOther is eval of the rarer expressions, apart so that eval, run
// for every node, keeps a small frame.
func (in *interp) evalOther(e *expr, env *cenv) (cv, bool) {
	switch e.k {
	case eCond:
		c, ok := in.eval(e.x, env)
		if !ok {
			return cv{}, false
		}
		if toBool(c) {
			return in.eval(e.y, env)
		}
		return in.eval(e.z, env)
	case eArray:
		args, ok := in.evalArgs(e.args, env)
		if !ok {
			return cv{}, false
		}
		return array(args), true
	case eAssign:
		v, ok := in.eval(e.y, env)
		if !ok {
			return cv{}, false
		}
		if e.op != "=" {
			old, ok := in.eval(e.x, env)
			if !ok {
				return cv{}, false
			}
			v, ok = binop(strings.TrimSuffix(e.op, "="), old, v, e.lang)
			if !ok {
				return cv{}, false
			}
		}
		return v, in.assign(e.x, v, env)
	case eNew:
		if e.x != nil && e.x.k == eIdent && (e.x.name == "array" || e.x.name == "string") {
			args, ok := in.evalArgs(e.args, env)
			if !ok {
				return cv{}, false
			}
			if e.x.name == "string" {
				return str(toStr(argN(args, 0), jscript)), true
			}
			if len(args) == 1 && args[0].k == cNum {
				if args[0].n < 0 || args[0].n > 1<<20 {
					return cv{}, false
				}
				return array(make([]cv, int(args[0].n))), true
			}
			return array(args), true
		}
		return cv{}, false
	case eMember:
		if e.x == nil {
			return cv{}, false
		}
		base, ok := in.eval(e.x, env)
		if !ok {
			return cv{}, false
		}
		if e.name == "length" {
			if base.k == cArr {
				return num(float64(len(base.elems()))), true
			}
			return num(float64(len(toStr(base, jscript)))), true
		}
		return cv{}, false
	case eIndex:
		base, ok := in.eval(e.x, env)
		if !ok || len(e.args) != 1 {
			return cv{}, false
		}
		iv, ok := in.eval(e.args[0], env)
		if !ok {
			return cv{}, false
		}
		return in.index(base, iv)
	}
	return cv{}, false
}

// index returns base[i] for an array or a string (one character).
func (in *interp) index(base, iv cv) (cv, bool) {
	return indexCV(base, iv, in.sc)
}

func indexCV(base, iv cv, sc *strCtx) (cv, bool) {
	i, ok := toNum(iv)
	if !ok || i < 0 {
		return cv{}, false
	}
	switch base.k {
	case cArr:
		el := base.elems()
		if int(i) >= len(el) {
			return cv{}, true
		}
		return el[int(i)], true
	case cStr:
		if int(i) >= sc.length(base.s) {
			return cv{}, true
		}
		return str(sc.sub(base.s, int(i), 1)), true
	}
	return cv{}, false
}

// indexVar is v(args): v itself, or its element.
func (in *interp) indexVar(e *expr, v cv, env *cenv) (cv, bool) {
	if len(e.args) == 0 {
		return v, true
	}
	if p := env.leaf(e.args[0]); p != nil {
		if !in.tick(1) {
			return cv{}, false
		}
		return in.index(v, *p)
	}
	iv, ok := in.eval(e.args[0], env)
	if !ok {
		return cv{}, false
	}
	return in.index(v, iv)
}

func (in *interp) evalCall(e *expr, env *cenv) (cv, bool) {
	switch {
	case e.x == nil:
		return cv{}, false
	case e.x.k == eIdent:
		name := e.x.name
		si := env.slotOf(e.x)
		if v := env.at(si); v != nil {
			return in.indexVar(e, *v, env)
		}
		f := in.funcOf(e.x)
		if f == nil && !isBuiltin(e.x) {
			if v, ok := env.get(si, name); ok {
				return in.indexVar(e, v, env)
			}
			return cv{}, false
		}
		if f != nil {
			args, ok := in.evalArgs(e.args, env)
			if !ok {
				return cv{}, false
			}
			refs := make([]*cv, len(e.args))
			for i, a := range e.args {
				if a.k == eIdent {
					ai := env.slotOf(a)
					if _, ok := env.get(ai, a.name); ok {
						refs[i] = env.ref(ai, a.name)
					}
				}
			}
			return in.call(f, args, refs, env.lookup)
		}
		// Built-in functions do not keep their arguments: evaluate them
		// into an array on the Go stack (no allocation, no write
		// barriers), or on the interpreter's stack when there are many
		// (Mid(s, i, 1) runs once per character of every decoded string).
		if len(e.args) == 3 && name == "mid" {
			if r, ok, done := in.mid(e, env); done {
				return r, ok
			}
		}
		if len(e.args) <= 4 {
			var buf [4]cv
			for i, a := range e.args {
				if p := env.leaf(a); p != nil {
					if !in.tick(1) {
						return cv{}, false
					}
					buf[i] = *p
					continue
				}
				v, ok := in.eval(a, env)
				if !ok {
					return cv{}, false
				}
				buf[i] = v
			}
			r, ok := callBuiltin(name, buf[:len(e.args):len(e.args)], e.lang, in.sc)
			if ok && r.k == cStr && !in.tick(len(r.s)/256) {
				return cv{}, false
			}
			return r, ok
		}
		base := len(in.stack)
		for _, a := range e.args {
			v, ok := in.eval(a, env)
			if !ok {
				in.stack = in.stack[:base]
				return cv{}, false
			}
			in.stack = append(in.stack, v)
		}
		args := in.stack[base:len(in.stack):len(in.stack)]
		r, ok := callBuiltin(name, args, e.lang, in.sc)
		clear(in.stack[base:])
		in.stack = in.stack[:base]
		if ok && r.k == cStr && !in.tick(len(r.s)/256) {
			return cv{}, false
		}
		return r, ok
	case e.x.k == eMember:
		m := e.x
		if m.x == nil {
			return cv{}, false
		}
		if m.x.k == eIdent {
			switch m.x.name + "." + m.name {
			case "string.fromcharcode":
				args, ok := in.evalArgs(e.args, env)
				if !ok {
					return cv{}, false
				}
				var b strings.Builder
				for _, a := range args {
					x, ok := toNum(a)
					if !ok {
						return cv{}, false
					}
					s, _ := chrOf(x)
					b.WriteString(s)
				}
				return str(b.String()), true
			case "response.write", "response.flush", "response.clear":
				return cv{}, true
			case "math.floor", "math.round", "math.abs", "math.ceil", "math.pow", "math.min", "math.max":
				args, ok := in.evalArgs(e.args, env)
				if !ok {
					return cv{}, false
				}
				return mathCall(m.name, args)
			}
		}
		base, ok := in.eval(m.x, env)
		if !ok {
			return cv{}, false
		}
		args, ok := in.evalArgs(e.args, env)
		if !ok {
			return cv{}, false
		}
		if m.name == "push" && base.k == cArr && m.x.k == eIdent {
			ref := env.refE(m.x)
			el := append(*ref.arr, args...)
			*ref.arr = el
			return num(float64(len(el))), true
		}
		r, ok := jsMethod(base, m.name, args, in.sc)
		if ok && r.k == cStr && !in.tick(len(r.s)/256) {
			return cv{}, false
		}
		return r, ok
	}
	// "(expr)(i)": index.
	base, ok := in.eval(e.x, env)
	if !ok || len(e.args) != 1 {
		return cv{}, false
	}
	iv, ok := in.eval(e.args[0], env)
	if !ok {
		return cv{}, false
	}
	return in.index(base, iv)
}

// mid is evalCall of Mid(s, start, length) on three leaves (a string
// and two numbers), the commonest call of decoders, which read their
// input a character at a time: the same steps and result as the general
// path (three leaf steps, then callBuiltin's "mid"), without copying the
// arguments. done is false, before any step, for other arguments.
func (in *interp) mid(e *expr, env *cenv) (r cv, ok, done bool) {
	ps, pst, pl := env.leaf(e.args[0]), env.leaf(e.args[1]), env.leaf(e.args[2])
	if ps == nil || pst == nil || pl == nil || ps.k != cStr || pst.k != cNum || pl.k != cNum {
		return cv{}, false, false
	}
	if !in.tickN(3) {
		return cv{}, false, true
	}
	st, l := pst.n, pl.n
	if st < 1 || l < 0 {
		return cv{}, false, true
	}
	r = str(in.sc.sub(ps.s, int(vbRound(st))-1, int(vbRound(l))))
	if !in.tick(len(r.s) / 256) {
		return cv{}, false, true
	}
	return r, true, true
}

func mathCall(name string, args []cv) (cv, bool) {
	x, ok := toNum(argN(args, 0))
	if !ok {
		return cv{}, false
	}
	switch name {
	case "floor":
		return num(math.Floor(x)), true
	case "ceil":
		return num(math.Ceil(x)), true
	case "round":
		return num(math.Floor(x + 0.5)), true
	case "abs":
		return num(math.Abs(x)), true
	case "pow":
		y, _ := toNum(argN(args, 1))
		return num(math.Pow(x, y)), true
	case "min", "max":
		y, _ := toNum(argN(args, 1))
		if name == "min" {
			return num(math.Min(x, y)), true
		}
		return num(math.Max(x, y)), true
	}
	return cv{}, false
}

// jsMethod evaluates a JScript string or array method on constants.
func jsMethod(base cv, name string, args []cv, sc *strCtx) (cv, bool) {
	if base.k == cArr {
		el := base.elems()
		switch name {
		case "join":
			d := ","
			if len(args) > 0 && args[0].k != cEmpty {
				d = toStr(args[0], jscript)
			}
			return callBuiltin("join", []cv{base, str(d)}, jscript, sc)
		case "reverse":
			out := make([]cv, len(el))
			for i, v := range el {
				out[len(el)-1-i] = v
			}
			*base.arr = out
			return array(out), true
		case "concat":
			out := append([]cv{}, el...)
			for _, a := range args {
				if a.k == cArr {
					out = append(out, a.elems()...)
				} else {
					out = append(out, a)
				}
			}
			return array(out), true
		case "tostring":
			return str(toStr(base, jscript)), true
		}
		return cv{}, false
	}
	s := toStr(base, jscript)
	n := func(i int) int {
		x, _ := toNum(argN(args, i))
		return int(x)
	}
	l := sc.length(s)
	clamp := func(i int) int { return max(0, min(i, l)) }
	switch name {
	case "charat":
		i := n(0)
		if i < 0 || i >= l {
			return str(""), true
		}
		return str(sc.sub(s, i, 1)), true
	case "charcodeat":
		i := n(0)
		if i < 0 || i >= l {
			return num(math.NaN()), true
		}
		x, _ := sc.code(sc.sub(s, i, 1), true)
		return num(x), true
	case "substr":
		st := n(0)
		if st < 0 {
			st = max(0, l+st)
		}
		st = clamp(st)
		k := l - st
		if len(args) > 1 && args[1].k != cEmpty {
			k = max(0, min(k, n(1)))
		}
		return str(sc.sub(s, st, k)), true
	case "substring":
		a := clamp(n(0))
		b := l
		if len(args) > 1 && args[1].k != cEmpty {
			b = clamp(n(1))
		}
		if a > b {
			a, b = b, a
		}
		return str(sc.sub(s, a, b-a)), true
	case "slice":
		a := n(0)
		if a < 0 {
			a += l
		}
		b := l
		if len(args) > 1 && args[1].k != cEmpty {
			b = n(1)
			if b < 0 {
				b += l
			}
		}
		a, b = clamp(a), clamp(b)
		if a > b {
			return str(""), true
		}
		return str(sc.sub(s, a, b-a)), true
	case "indexof":
		return num(float64(sc.index(s, toStr(argN(args, 0), jscript), 0, false))), true
	case "lastindexof":
		return num(float64(sc.index(s, toStr(argN(args, 0), jscript), 0, true))), true
	case "tolowercase":
		return str(lower(s)), true
	case "touppercase":
		return str(upper(s)), true
	case "tostring", "valueof", "item":
		return str(s), true
	case "concat":
		var b strings.Builder
		b.WriteString(s)
		for _, a := range args {
			b.WriteString(toStr(a, jscript))
		}
		return str(b.String()), true
	case "split":
		if len(args) == 0 {
			return array([]cv{str(s)}), true
		}
		if args[0].k == cStr && args[0].s == "" {
			out := make([]cv, l)
			for i := range out {
				out[i] = str(sc.sub(s, i, 1))
			}
			return array(out), true
		}
		if args[0].k == cRegex {
			return cv{}, false
		}
		return callBuiltin("split", []cv{str(s), args[0]}, jscript, sc)
	case "replace":
		pat, repl := argN(args, 0), toStr(argN(args, 1), jscript)
		if pat.k == cRegex {
			return regexReplace(s, pat, repl)
		}
		p := toStr(pat, jscript)
		return str(strings.Replace(s, p, repl, 1)), true
	}
	return cv{}, false
}

// unop evaluates a unary operator.
func unop(op string, a cv, lang language) (cv, bool) {
	switch op {
	case "-":
		x, ok := toNum(a)
		return num(-x), ok
	case "+":
		x, ok := toNum(a)
		return num(x), ok
	case "not":
		if a.k == cBool {
			return boolean(a.n == 0), true
		}
		x, ok := toNum(a)
		return num(float64(^int64(x))), ok
	case "!":
		return cv{k: cBool, n: b2f(!toBool(a))}, true
	case "~":
		x, ok := toNum(a)
		return num(float64(^int32(int64(x)))), ok
	case "typeof":
		return str("string"), true
	}
	return cv{}, false
}

// binop evaluates a binary operator with the language's rules.
func binop(op string, a, b cv, lang language) (cv, bool) {
	switch op {
	case "&":
		s := toStr(a, lang) + toStr(b, lang)
		if len(s) > maxString {
			return cv{}, false
		}
		return str(s), true
	case "+":
		if lang == jscript {
			if a.k == cStr || b.k == cStr || a.k == cArr || b.k == cArr {
				s := toStr(a, lang) + toStr(b, lang)
				if len(s) > maxString {
					return cv{}, false
				}
				return str(s), true
			}
		} else if a.k == cStr && b.k == cStr {
			s := a.s + b.s
			if len(s) > maxString {
				return cv{}, false
			}
			return str(s), true
		}
		x, ok1 := toNum(a)
		y, ok2 := toNum(b)
		if !ok1 || !ok2 {
			if lang == vbscript && (a.k == cEmpty || b.k == cEmpty) {
				return str(toStr(a, lang) + toStr(b, lang)), true
			}
			return cv{}, false
		}
		return num(x + y), true
	case "==", "!=", "<", ">", "<=", ">=", "===", "!==":
		var c int
		if a.k == cStr && b.k == cStr || a.k == cStr && b.k == cEmpty || a.k == cEmpty && b.k == cStr {
			c = strings.Compare(toStr(a, lang), toStr(b, lang))
		} else {
			x, ok1 := toNum(a)
			y, ok2 := toNum(b)
			if !ok1 || !ok2 {
				c = strings.Compare(toStr(a, lang), toStr(b, lang))
			} else {
				switch {
				case x < y:
					c = -1
				case x > y:
					c = 1
				}
			}
		}
		var r bool
		switch op {
		case "==", "===":
			r = c == 0
		case "!=", "!==":
			r = c != 0
		case "<":
			r = c < 0
		case ">":
			r = c > 0
		case "<=":
			r = c <= 0
		case ">=":
			r = c >= 0
		}
		return boolean(r), true
	}
	x, ok1 := toNum(a)
	y, ok2 := toNum(b)
	if !ok1 || !ok2 {
		return cv{}, false
	}
	switch op {
	case "-":
		return num(x - y), true
	case "*":
		return num(x * y), true
	case "/":
		if y == 0 {
			return cv{}, false
		}
		return num(x / y), true
	case "\\":
		xi, yi := int64(vbRound(x)), int64(vbRound(y))
		if yi == 0 {
			return cv{}, false
		}
		return num(float64(xi / yi)), true
	case "mod", "%":
		if lang == vbscript {
			xi, yi := int64(vbRound(x)), int64(vbRound(y))
			if yi == 0 {
				return cv{}, false
			}
			return num(float64(xi % yi)), true
		}
		if y == 0 {
			return cv{}, false
		}
		return num(math.Mod(x, y)), true
	case "^", "**":
		return num(math.Pow(x, y)), true
	case "and", "band":
		return num(float64(int64(vbRound(x)) & int64(vbRound(y)))), true
	case "or", "bor":
		return num(float64(int64(vbRound(x)) | int64(vbRound(y)))), true
	case "xor", "bxor":
		return num(float64(int64(vbRound(x)) ^ int64(vbRound(y)))), true
	case "eqv":
		return num(float64(^(int64(x) ^ int64(y)))), true
	case "imp":
		return num(float64(^int64(x) | int64(y))), true
	case "<<":
		return num(float64(int32(int64(x)) << (uint(y) & 31))), true
	case ">>":
		return num(float64(int32(int64(x)) >> (uint(y) & 31))), true
	case ">>>":
		return num(float64(uint32(int64(x)) >> (uint(y) & 31))), true
	}
	return cv{}, false
}
