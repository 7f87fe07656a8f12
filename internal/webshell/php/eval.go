package php

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/yingji/yingji/internal/webshell/decode"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

// env is the function an expression is evaluated in, with the values of
// its parameters when a call is being followed into it.
type env struct {
	f    *function
	bind map[string]*value
}

// memoKey names what the analysis keeps per variable: the variable name
// of f, read at limit (see variable: 0 after every assignment, -1 before
// them all, n after the first n), as a variable (the key kind 0), a
// variable being folded inside a followed call (kBound) or a constant
// (kConst). A struct rather than a string made of the parts: the key is
// made at every read of a variable.
type memoKey struct {
	f     *function
	name  string
	limit int
	kind  uint8
}

// Kinds of memoKey.
const (
	kBound uint8 = iota + 1
	kConst
	// kScoped keys a value kept only while the fold of a read of the
	// same variable before every assignment goes on (see variable).
	kScoped
	// kPrefix marks a variable whose constant prefix is being looked for
	// (see constPrefix).
	kPrefix
)

// isSuperglobal is superglobals[name], with most names (local variables
// in lower case) told apart by their first byte without a lookup.
func isSuperglobal(name string) bool {
	if len(name) < 4 || name[0] != '_' && name[0] != 'H' {
		return false
	}
	return superglobals[name]
}

// superglobals maps the request-input arrays to how they are described.
// Every name starts with _ or H (see isSuperglobal).
var superglobals = map[string]bool{
	"_GET": true, "_POST": true, "_REQUEST": true, "_COOKIE": true, "_FILES": true,
	"HTTP_GET_VARS": true, "HTTP_POST_VARS": true, "HTTP_COOKIE_VARS": true,
	"HTTP_POST_FILES": true, "HTTP_RAW_POST_DATA": true,
}

// selfPath is the pseudo input of a value computed from the script's own
// path (__FILE__): not request input (its origin has no point), but a
// name the file's planter chose.
const selfPath = "__FILE__"

// flows returns v's origins other than the script's own path: request
// inputs and parameters.
func (v *value) flows() int {
	n := 0
	for _, o := range v.taint {
		if o.pt != nil || o.fn != nil {
			n++
		}
	}
	return n
}

// fromSelfPath reports whether v is computed from the script's own path.
func (v *value) fromSelfPath() bool {
	for _, o := range v.taint {
		if o.input == selfPath && o.pt == nil && o.fn == nil {
			return true
		}
	}
	return false
}

// serverInput lists the $_SERVER entries a client chooses.
func serverInput(key string) bool {
	k := strings.ToUpper(key)
	return strings.HasPrefix(k, "HTTP_") || k == "QUERY_STRING" || k == "REQUEST_URI" ||
		k == "PATH_INFO" || k == "PHP_AUTH_USER" || k == "PHP_AUTH_PW" || k == "CONTENT_TYPE" ||
		k == "PATH_TRANSLATED" || k == "ORIG_PATH_INFO"
}

// withTaint gives v the inputs of the operands it was computed from: an
// operand may be a constant or request input (a variable set to NULL and
// then, in a loop, to a cookie), and folding its constant side must not
// drop the input (XOR decoders of request data).
func withTaint(v *value, ops ...*value) *value {
	var t []origin
	for _, o := range ops {
		t = addTaint(t, o.taint)
	}
	if len(t) == 0 {
		return v
	}
	c := *v
	c.taint = addTaint(c.taint, t)
	return &c
}

func (a *analyzer) point(tok int, what string) *verdict.Point {
	t := a.ts[min(tok, len(a.ts)-1)]
	return &verdict.Point{Line: int(t.Line), What: what, Excerpt: a.excerpt(int(t.Line), int(t.Offset))}
}

// excerpt returns the text around offset off on the 1-based line, from a
// table of line starts built on first use.
func (a *analyzer) excerpt(line, off int) string {
	if a.shared.decide {
		return "" // only the verdict is asked for: no explanation is shown
	}
	if a.lines == nil {
		a.lines = verdict.LineStarts(a.src)
	}
	return verdict.ExcerptIn(a.src, a.lines, line, off)
}

// input returns the tainted value of a request input read at tok.
func (a *analyzer) input(name, what string, tok int, hidden bool) *value {
	return &value{taint: []origin{{pt: a.point(tok, what), input: name, hidden: hidden}}}
}

// eval computes what is known of n in e.
func (a *analyzer) eval(n *node, e env) *value {
	if n == nil {
		return unknown
	}
	a.steps++
	if a.steps > maxEvalSteps || a.depth > maxEvalDepth {
		a.contextual++
		return unknown
	}
	a.depth++
	// An open-coded defer (evalNode's many returns would make it one
	// kept on the stack and run by the runtime, at every evaluation).
	defer func() { a.depth-- }()
	return a.evalNode(n, e)
}

// evalNode is eval of n once counted.
func (a *analyzer) evalNode(n *node, e env) *value {
	switch n.k {
	case nStr, nNum:
		return a.shared.strVal(n.s)
	case nInterp:
		v := a.shared.strVal("")
		v.hidden = false
		for _, k := range n.kids {
			v = a.concat(v, a.eval(k, e))
		}
		if len(n.kids) <= 1 {
			v.hidden = false
		}
		return v
	case nVar:
		return a.variable(n.s, n.tok, e, false)
	case nVarVar:
		name := a.eval(n.kids[0], e)
		out := &value{taint: name.taint, hidden: true}
		for _, s := range name.strs {
			out = a.merge(out, a.variable(s, n.tok, e, true))
		}
		if !name.known() && n.kids[0].k != nVar && strings.HasPrefix(a.constPrefix(n.kids[0], e, 0), "_") {
			// ${'_' . $x}: a name computed to begin with an underscore,
			// which only the superglobals ($_GET, $_POST, ...) have.
			in := a.input("superglobal", "${'_'...} (a superglobal named at run time)", n.tok, true)
			in.super = "_POST"
			out = a.merge(out, in)
		}
		out.hidden = true
		return a.merge(out, a.variable("$$", n.tok, e, false))
	case nName:
		return a.constant(n)
	case nCall:
		return a.call(n, e)
	case nMethod, nStatic:
		return a.methodCall(n, e)
	case nRefOut:
		return a.refOut(n, e)
	case nNew:
		out := &value{}
		for _, k := range n.kids[1:] {
			out.taint = addTaint(out.taint, a.eval(k, e).taint)
		}
		return out
	case nIndex:
		return a.index(n, e)
	case nProp, nSProp:
		if name := n.kids[1]; name.k == nName || name.k == nVar {
			// A method may run after any store to the property: read
			// in a function, the property holds what any of them made.
			tok := n.tok
			if e.f != a.funcs[0] {
				tok = 0
			}
			v := *a.variable("->"+name.s, tok, env{f: a.funcs[0]}, false)
			v.prop = true
			return &v
		}
		return &value{prop: true}
	case nBin:
		if n.s == "." {
			return a.concatChain(n, e)
		}
		l, r := a.eval(n.kids[0], e), a.eval(n.kids[1], e)
		switch n.s {
		case ".":
			return a.concat(l, r)
		case "^", "|", "&":
			if v := a.bitwise(n, l, r); v != nil {
				return withTaint(v, l, r)
			}
			fallthrough
		case "+", "-", "*", "%", "/":
			if n.s == "+" || n.s == "-" || n.s == "*" {
				if v, ok := floatArith(n.s, l, r); ok {
					return withTaint(v, l, r)
				}
			}
			x, ok1 := l.int()
			y, ok2 := r.int()
			if ok1 && ok2 {
				var z int64
				switch n.s {
				case "+":
					z = x + y
				case "-":
					z = x - y
				case "*":
					z = x * y
				case "^":
					z = x ^ y
				case "|":
					z = x | y
				case "&":
					z = x & y
				case "%", "/":
					if y == 0 {
						return unknown
					}
					if n.s == "%" {
						z = x % y
					} else {
						z = x / y
					}
				}
				return withTaint(strVal(strconv.FormatInt(z, 10)), l, r)
			}
			return &value{taint: addTaint(addTaint(nil, l.taint), r.taint)}
		case "??", "or", "||":
			return a.merge(l, r)
		case "==", "!=", "<", ">", "<=", ">=", "===", "!==", "<>":
			return compare(n.s, l, r)
		}
		return unknown // logic gives booleans
	case nUnary:
		v := a.eval(n.kids[0], e)
		if n.s == "-" {
			if x, ok := v.int(); ok {
				return strVal(strconv.FormatInt(-x, 10))
			}
		}
		if n.s == "!" {
			return unknown
		}
		if n.s == "~" && v.known() {
			// ~"string" flips every byte: a way to write names unreadably.
			if _, isNum := v.int(); !isNum || n.kids[0].k == nStr {
				b := []byte(v.strs[0])
				for i := range b {
					b[i] = ^b[i]
				}
				return &value{strs: []string{string(b)}, hidden: true, steps: append(v.steps, *a.point(n.tok, "~ (bitwise not)"))}
			}
		}
		return v
	case nAssign:
		if n.s == "=" {
			return a.eval(n.kids[1], e)
		}
		return a.merge(a.eval(n.kids[0], e), a.eval(n.kids[1], e))
	case nTernary:
		then := n.kids[1]
		if then == nil {
			then = n.kids[0]
		}
		return a.merge(a.eval(then, e), a.eval(n.kids[2], e))
	case nArray:
		out := &value{elems: map[string]*value{}}
		next := 0
		for _, p := range n.kids {
			if len(p.kids) < 2 || p.kids[1] == nil {
				next++
				continue
			}
			v := a.eval(p.kids[1], e)
			out.taint = addTaint(out.taint, v.taint)
			key := strconv.Itoa(next)
			if p.kids[0] != nil {
				k := a.eval(p.kids[0], e)
				if !k.known() {
					// Input as a key: callbacks on keys (array_diff_ukey,
					// the uassoc family) and loops over them receive it.
					out.taint = addTaint(out.taint, k.taint)
					continue
				}
				key = k.strs[0]
				if i, err := strconv.Atoi(key); err == nil {
					next = i
				}
			}
			next++
			if len(out.elems) < maxElems {
				if _, dup := out.elems[key]; !dup {
					out.keys = append(out.keys, key)
				}
				out.elems[key] = v
			}
		}
		return out
	case nCast:
		v := a.eval(n.kids[0], e)
		switch n.s {
		case "int", "float", "bool", "unset":
			if x, ok := v.int(); ok {
				return strVal(strconv.FormatInt(x, 10))
			}
			return unknown // a number cannot carry code
		}
		return v
	case nClosure:
		return &value{closure: n.fn}
	case nShell:
		return &value{taint: a.eval(n.kids[0], e).taint}
	}
	return unknown
}

// refOut is what the user function n.fn leaves in its by-reference
// parameter n.s (nRefOut), called with n's arguments.
func (a *analyzer) refOut(n *node, e env) *value {
	if n.fn <= 0 || n.fn >= len(a.funcs) || a.callDepth > 8 {
		return unknown
	}
	callee := a.funcs[n.fn]
	bind := map[string]*value{}
	for j, p := range callee.params {
		if j < len(n.kids) {
			bind[p] = a.eval(n.kids[j], e)
		}
	}
	a.callDepth++
	defer func() { a.callDepth-- }()
	if callee.globals[n.s] {
		// A global the function sets (see globalWrites): what its
		// own assignments make of it with these arguments.
		v := *a.fold(callee, n.s, env{f: callee, bind: bind}, 0)
		by := "a closure"
		if callee.name != "" {
			by = callee.name + "()"
		}
		v.steps = append(append([]verdict.Point(nil), v.steps...), *a.point(n.tok, "global $"+n.s+" set by "+by))
		return &v
	}
	return a.variable(n.s, len(a.ts), env{f: callee, bind: bind}, false)
}

// floatArith computes l op r when an operand is a float literal
// (412638425.25 * 4) and the result is a whole number, which PHP prints
// as an integer: obfuscators compute character codes that way. Other
// results are left to the integer arithmetic (ok false).
func floatArith(op string, l, r *value) (*value, bool) {
	if !l.known() || !r.known() {
		return nil, false
	}
	ls, rs := strings.TrimSpace(l.strs[0]), strings.TrimSpace(r.strs[0])
	if !strings.ContainsAny(ls+rs, ".eE") {
		return nil, false
	}
	x, err1 := strconv.ParseFloat(ls, 64)
	y, err2 := strconv.ParseFloat(rs, 64)
	if err1 != nil || err2 != nil {
		return nil, false
	}
	var z float64
	switch op {
	case "+":
		z = x + y
	case "-":
		z = x - y
	default:
		z = x * y
	}
	if z != math.Trunc(z) || math.Abs(z) >= 1<<53 {
		return nil, false
	}
	return strVal(strconv.FormatInt(int64(z), 10)), true
}

// concatChain evaluates a chain a . b . c ... (parsed left-deep) in one
// go: payloads split over a thousand lines would otherwise be built a
// thousand times over, and nest the evaluation as deep.
func (a *analyzer) concatChain(n *node, e env) *value {
	var parts []*node
	for n.k == nBin && n.s == "." {
		parts = append(parts, n.kids[1])
		n = n.kids[0]
	}
	parts = append(parts, n)
	vals := make([]*value, len(parts))
	simple := true // every part one constant: join them at once
	for i := range parts {
		v := a.eval(parts[len(parts)-1-i], e)
		vals[i] = v
		simple = simple && len(v.strs) == 1 && v.elems == nil
	}
	if simple && len(vals) > 2 {
		out := &value{hidden: true}
		size := 0
		for _, v := range vals {
			size += len(v.strs[0])
		}
		if !a.spend(size) {
			out.strs = nil
		} else {
			var b strings.Builder
			b.Grow(size)
			for _, v := range vals {
				b.WriteString(v.strs[0])
				out.taint = addTaint(out.taint, v.taint)
				out.steps = append(out.steps, v.steps...)
			}
			out.strs = []string{b.String()}
			out.prefixed = vals[0].prefixed || out.tainted() && !vals[0].tainted() && vals[0].strs[0] != ""
			return out
		}
	}
	v := vals[0]
	for _, r := range vals[1:] {
		v = a.concat(v, r)
	}
	return v
}

// variable returns the value of $name in e. computed says the name was
// computed at run time ($$x, ${'_PO'.'ST'}).
func (a *analyzer) variable(name string, tok int, e env, computed bool) *value {
	if v, ok := e.bind[name]; ok && len(e.f.assigns[name]) == 0 {
		a.bindReads++
		return v // a parameter the function does not reassign
	}
	if isSuperglobal(name) {
		what := "$" + name
		if computed {
			what = "${'" + name + "'}"
		}
		v := a.input(name, what, tok, computed)
		v.super = name
		return v
	}
	switch name {
	case "_SERVER", "_ENV":
		return &value{super: name}
	case "GLOBALS":
		return &value{super: name}
	case "_SESSION":
		e = env{f: a.funcs[0]}
	}
	f := e.f
	if f.globals[name] {
		f = a.funcs[0]
	}
	for f.parent != nil && len(f.assigns[name]) == 0 && !isParam(f, name) {
		f = f.parent
	}
	// Within one function, a read sees the assignments before it (straight-
	// line obfuscators reassign the same variable many times); a read with
	// no assignment before it (a loop, a function defined earlier) sees
	// them all.
	limit := 0
	var as []assign // f.assigns[name], looked up once where needed
	if f == e.f && tok > 0 {
		as = f.assigns[name]
		limit = a.assignsBefore(f, name, as, tok)
		if limit == 0 {
			limit = -1
		}
	}
	if v, ok := e.bind[name]; ok && f == e.f && limit < 0 {
		a.bindReads++
		return v // a parameter read before the function reassigns it
	}
	if limit < 0 && a.undefinedRead(f, name, as) {
		// $x = $x . 'str': the first assignment, made unconditionally,
		// reads the variable before anything set it, which PHP takes
		// for null (""). Obfuscators build names that way.
		if v := a.initial(f, name, e); v != unknown {
			return v
		}
		return strVal("")
	}
	if e.bind == nil || f != e.f {
		key := memoKey{f: f, name: name, limit: limit}
		if v, ok := a.memo[key]; ok {
			return v
		}
		if a.busy[key] {
			a.contextual++
			// A read of the variable in its own assignment ($x .= $x[3]):
			// the value it has so far.
			if v := a.partial[key]; v != nil {
				return v
			}
			return unknown
		}
		// Within the fold of a read before every assignment, a value its
		// folding left out of the memo (below) is kept until that fold
		// ends: folded afresh at each read, a function that reassigns one
		// variable from itself many times ($t = f($t); $t = g($t); ...)
		// refolded every earlier assignment at every read, twice over
		// when each reads it twice.
		skey := memoKey{f: f, name: name, limit: limit, kind: kScoped}
		if v, ok := a.memo[skey]; ok {
			a.contextual++ // as its folding was
			return v
		}
		a.busy[key] = true
		ctx := a.contextual
		var v *value
		if start, prev := a.foldedBefore(f, name, limit); prev != nil {
			v = a.foldFrom(f, name, env{f: f}, limit, start, prev)
		} else {
			v = a.fold(f, name, env{f: f}, limit)
		}
		delete(a.partial, key)
		delete(a.busy, key)
		// A value at a given point, folded while a read of the same
		// variable before every assignment (which gathers them all) was
		// being folded, found that read cut short: kept, it would stay
		// incomplete ($c = trim($c); $c = trim($c) lost the parameter
		// $c). It is folded again at its next read.
		switch {
		case limit <= 0 || a.contextual == ctx || !a.busy[memoKey{f: f, name: name, limit: -1}]:
			a.memo[key] = v
		default:
			a.memo[skey] = v
		}
		if limit < 0 {
			for j := range f.assigns[name] {
				delete(a.memo, memoKey{f: f, name: name, limit: j + 1, kind: kScoped})
			}
		}
		return v
	}
	// Inside a followed call: the parameters differ per call, so the
	// value is kept only when its folding read none of them (nor met a
	// bound of the analysis, which depends on the path to it): then any
	// call gives the same. An obfuscator's helper that decodes a letter
	// from a constant table at every call refolded the table each time.
	key := memoKey{f: f, name: name, kind: kBound}
	if a.busy[key] {
		a.contextual++
		return unknown
	}
	mkey := memoKey{f: f, name: name, limit: limit}
	if v, ok := a.boundMemo[mkey]; ok {
		return v
	}
	a.busy[key] = true
	defer delete(a.busy, key)
	reads, ctx := a.bindReads, a.contextual
	v := a.fold(f, name, e, limit)
	if a.bindReads == reads && a.contextual == ctx {
		if a.boundMemo == nil {
			a.boundMemo = map[memoKey]*value{}
		}
		a.boundMemo[mkey] = v
	}
	return v
}

// foldedBefore returns the nearest read point before limit (a count of
// f's assignments to name, as in variable) whose value is kept in the
// memo (or for the fold going on, see kScoped), and that value; 0 and nil
// when there is none. A straight-line obfuscator reads one variable (or
// its variable variables, all kept under "$$") after each of thousands of
// assignments: folding every read from the first assignment made those
// files quadratic, while resuming from the value of the read before costs
// only the assignments in between. A value kept for the fold going on
// depends on it, as the value's own read does (contextual).
func (a *analyzer) foldedBefore(f *function, name string, limit int) (int, *value) {
	for j := limit - 1; j > 0; j-- {
		if v, ok := a.memo[memoKey{f: f, name: name, limit: j}]; ok {
			return j, v
		}
		if v, ok := a.memo[memoKey{f: f, name: name, limit: j, kind: kScoped}]; ok {
			a.contextual++
			return j, v
		}
	}
	return 0, nil
}

// assignsBefore counts the assignments to name in f, as (f.assigns[name]),
// made before token tok. A straight-line obfuscator assigns one variable
// thousands of times and reads it after each: counting by a walk of the
// list at every read made those files quadratic, so long lists are
// counted by a binary search in their sorted token positions, kept per
// variable. The lists only grow by appending (or are reordered, which
// leaves the count alone), so a kept copy is current while its length
// matches.
func (a *analyzer) assignsBefore(f *function, name string, as []assign, tok int) int {
	if len(as) < 16 {
		n := 0
		for _, x := range as {
			if x.tok < tok {
				n++
			}
		}
		return n
	}
	key := memoKey{f: f, name: name}
	toks := a.assignToks[key]
	if len(toks) != len(as) {
		toks = make([]int, len(as))
		for i, x := range as {
			toks[i] = x.tok
		}
		slices.Sort(toks)
		if a.assignToks == nil {
			a.assignToks = map[memoKey][]int{}
		}
		a.assignToks[key] = toks
	}
	n, _ := slices.BinarySearch(toks, tok) // the first position >= tok: the count before it
	return n
}

// undefinedRead reports whether a read of $name in f (whose assignments
// are as) that comes before every assignment reads an undefined
// variable: f's first assignment of it is unconditional (no loop around
// it could have run it before) and reads it itself ($x = $x . 'a'), and
// f is no arrow function reading its parent's variables.
func (a *analyzer) undefinedRead(f *function, name string, as []assign) bool {
	if len(as) == 0 || as[0].cond || as[0].op != "=" || as[0].from != nil || f.parent != nil || isParam(f, name) {
		return false
	}
	self := false
	visit(as[0].rhs, func(n *node) {
		self = self || n.k == nVar && n.s == name
	})
	return self
}

func isParam(f *function, name string) bool {
	for _, p := range f.params {
		if p == name {
			return true
		}
	}
	return false
}

// fold combines the flows into $name of f in source order.
func (a *analyzer) fold(f *function, name string, e env, limit int) *value {
	return a.foldFrom(f, name, e, limit, 0, nil)
}

// foldFrom is fold resumed after the first start assignments, whose
// combined value is cur (start 0: from the beginning, cur nil). Only a
// read at a given point (limit > 0) resumes: its value is the last one,
// which depends on the earlier assignments only through cur.
func (a *analyzer) foldFrom(f *function, name string, e env, limit, start int, cur *value) *value {
	as := f.assigns[name]
	if limit > 0 {
		as = as[start:limit]
	}
	var done []*value
	if start == 0 {
		if v, ok := e.bind[name]; ok {
			a.bindReads++
			cur = v // a bound parameter, then what the function does to it
		}
		if cur == nil && limit >= 0 && len(as) > 0 && as[0].op != "=" && as[0].op != "each" {
			// $a .= x, $a[] = x before any "=": they add to the initial value.
			if init := a.initial(f, name, e); init != unknown {
				cur = init
			}
		}
	}

	key := memoKey{f: f, name: name}
	for _, as := range as {
		if cur != nil {
			a.partial[key] = cur
		}
		re := e
		if as.from != nil {
			re = env{f: as.from}
		}
		rhs := a.eval(as.rhs, re)
		switch as.op {
		case "=":
			if as.cond && cur != nil && limit != 0 {
				cur = a.merge(cur, rhs) // a branch: either value
				continue
			}
			if as.cond && cur == nil && limit != 0 && f == a.funcs[0] && a.formField(name) && onlyCond(f.assigns[name]) {
				// A register_globals variable the code sets only in
				// branches keeps the request's value otherwise.
				cur = a.merge(a.initial(f, name, e), rhs)
				continue
			}
			if cur != nil {
				done = append(done, cur)
			}
			cur = rhs
		case ".=":
			if cur == nil {
				cur = strVal("")
			}
			cur = a.concat(cur, rhs)
		case "[]=", "[]+=":
			if cur != nil && cur.elems == nil && formArray(cur.super) {
				// $x = $_POST; $x['ip'] = ...: the request's fields stay
				// in the array beside the ones the code adds.
				cur = &value{elems: map[string]*value{}, taint: cur.taint}
			} else if cur == nil || cur.elems == nil && !cur.known() {
				if cur != nil {
					done = append(done, cur)
				}
				cur = &value{elems: map[string]*value{}}
			} else if cur.elems == nil {
				cur = &value{elems: map[string]*value{}, taint: cur.taint}
			} else {
				c := *cur
				c.elems = make(map[string]*value, len(cur.elems)+1)
				for k, v := range cur.elems {
					c.elems[k] = v
				}
				cur = &c
			}
			// A store under a known key taints that element only; under
			// an unknown key, the whole array.
			var k *value
			if as.key != nil {
				k = a.eval(as.key, re)
			}
			switch {
			case as.key == nil && as.op == "[]=":
				if len(cur.elems) < maxElems {
					cur.elems[strconv.Itoa(len(cur.elems))] = rhs
				}
			case k.known() && len(cur.elems) < maxElems:
				if as.op == "[]=" {
					cur.elems[k.strs[0]] = rhs
				} else {
					old := cur.elems[k.strs[0]]
					if old == nil {
						old = &value{}
					}
					cur.elems[k.strs[0]] = &value{taint: addTaint(addTaint(nil, old.taint), rhs.taint), elems: old.elems}
				}
			default:
				cur.taint = addTaint(cur.taint, rhs.taint)
			}
		case "each": // foreach ($x as $v): an element of x
			v := &value{taint: rhs.taint}
			for _, el := range byKey(rhs.elems) {
				v = a.merge(v, el)
			}
			if rhs.super != "" && rhs.super != "GLOBALS" && rhs.super != "_SERVER" && rhs.super != "_ENV" {
				v.taint = addTaint(v.taint, rhs.taint)
			}
			if cur != nil {
				done = append(done, cur)
			}
			cur = v
		default: // += and the like: numbers
			if cur != nil {
				done = append(done, cur)
			}
			cur = &value{taint: rhs.taint}
		}
	}
	if cur != nil {
		done = append(done, cur)
	}
	if len(done) == 0 {
		return a.initial(f, name, e)
	}
	if limit < 0 {
		// A read before every assignment: the initial value, or in a loop
		// what an assignment of an earlier iteration left.
		return a.merge(append(done, a.initial(f, name, e))...)
	}
	if len(done) == 1 || limit > 0 {
		return done[len(done)-1] // the value the last assignment before the read made
	}
	return a.merge(done...)
}

// initial returns what $name of f holds before any assignment: a
// parameter, a variable extract() made from input, a seed, or the
// enclosing scope's value for decoded code.
func (a *analyzer) initial(f *function, name string, e env) *value {
	for i, p := range f.params {
		if p == name {
			return &value{taint: []origin{{fn: f, param: i}}}
		}
	}
	if pt := a.extracted[f]; pt != nil && !strings.HasPrefix(name, "->") {
		return &value{taint: []origin{{pt: pt, input: "extract"}}}
	}
	if f != a.funcs[0] || strings.HasPrefix(name, "->") {
		return unknown
	}
	if (len(f.assigns[name]) == 0 || onlyCond(f.assigns[name]) && a.formField(name)) && (a.formField(name) || serverInput(name)) {
		// PHP 4's register_globals: a variable the file never sets, named
		// like a field of its own form (or a server variable), is that
		// request input. Shells of that era rely on it.
		return &value{taint: []origin{{pt: &verdict.Point{What: "$" + name + " (register_globals)"}, input: "register_globals"}}}
	}
	for _, sub := range a.evaled {
		if len(sub.funcs[0].assigns[name]) > 0 {
			return sub.variable(name, 0, env{f: sub.funcs[0]}, false)
		}
	}
	if len(f.assigns["$$"]) > 0 && name != "$$" {
		return a.variable("$$", 0, e, false)
	}
	if v := a.seeds[name]; v != nil {
		return v
	}
	if a.outer != nil {
		// Decoded code runs in the scope that evaluated it.
		return a.outer.variable(name, 0, env{f: a.outer.funcs[0]}, false)
	}
	return unknown
}

// constant returns the value of a bare name: define()d constants and a few
// of PHP's own.
func (a *analyzer) constant(n *node) *value {
	name := n.s
	if rhs, ok := a.defines[name]; ok {
		key := memoKey{name: name, kind: kConst}
		if v, ok := a.memo[key]; ok {
			return v
		}
		if a.busy[key] {
			return unknown
		}
		a.busy[key] = true
		v := a.eval(rhs, env{f: a.funcs[0]})
		delete(a.busy, key)
		a.memo[key] = v
		return v
	}
	switch strings.ToUpper(name) {
	case "__FILE__":
		// The script's own path, which whoever plants the file chooses:
		// a function name cut from it (a shell saved as assert.php) is
		// not written anywhere in the code.
		return &value{taint: []origin{{input: selfPath}}}
	case "PHP_EOL":
		return strVal("\n")
	case "DIRECTORY_SEPARATOR":
		return strVal("/")
	}
	// A bare word that is not a constant is, in old PHP, the string itself
	// (assert(system) style tricks rely on it); it is also how a function
	// name is passed. Keep it as a candidate name.
	return &value{strs: []string{name}, hidden: false}
}

// index evaluates base[idx].
func (a *analyzer) index(n *node, e env) *value {
	base := a.eval(n.kids[0], e)
	var idx *value
	if n.kids[1] != nil {
		idx = a.eval(n.kids[1], e)
	}
	switch base.super {
	case "GLOBALS":
		if idx.known() {
			k := idx.strs[0]
			if superglobals[k] || k == "_SERVER" {
				return a.variable(k, n.tok, e, idx.hidden)
			}
			return a.variable(k, n.tok, env{f: a.funcs[0]}, false)
		}
		return unknown
	case "_SERVER", "_ENV":
		if idx.known() && serverInput(idx.strs[0]) || idx != nil && idx.tainted() {
			what := "$" + base.super + "['" + strings.Join(idx.strs, "") + "']"
			return a.input(base.super, what, n.tok, idx.hidden)
		}
		return unknown
	}
	if base == unknown && idx.known() && n.kids[0].k == nVar {
		if v := a.moduleParam(n.kids[0].s, idx.strs[0], n, e); v != nil {
			return v
		}
	}
	out := &value{taint: base.taint, hidden: base.hidden}
	if base.super != "" {
		// $_POST['x']: name the input precisely.
		what := "$" + base.super
		if o := base.taint[0]; o.pt != nil && !superglobals[o.input] {
			// An array of another input (getallheaders(), the
			// metadata exif_read_data() returns): name its call.
			what, _, _ = strings.Cut(o.pt.What, " (")
		}
		if idx.known() {
			what += "['" + verdict.Clip(idx.strs[0]) + "']"
		}
		o := base.taint[0]
		o.pt = a.point(n.tok, what)
		out.taint = []origin{o}
		out.hidden = o.hidden
		return out
	}
	if base.elems != nil && idx.known() {
		if el, ok := base.elems[idx.strs[0]]; ok {
			r := *el
			r.hidden = true
			r.taint = addTaint(addTaint(nil, el.taint), base.taint)
			return &r
		}
	}
	if !idx.known() {
		for _, el := range byKey(base.elems) { // any element may be read
			out.taint = addTaint(out.taint, el.taint)
		}
	}
	if base.known() && idx.known() {
		// A string offset: $s[3] is one byte (obfuscators pick letters).
		out.hidden = true
		if i, ok := idx.int(); ok {
			for _, s := range base.strs {
				if i < 0 {
					i += int64(len(s))
				}
				if i >= 0 && i < int64(len(s)) {
					out.strs = append(out.strs, s[i:i+1])
					break
				}
			}
		}
	}
	return out
}

// argVals evaluates call arguments.
func (a *analyzer) argVals(args []*node, e env) []*value {
	vs := make([]*value, len(args))
	for i, x := range args {
		vs[i] = a.eval(x, e)
	}
	return vs
}

// sanitizers are functions whose result carries no attacker-chosen text
// (numbers, booleans, hashes, escaped shell arguments).
var sanitizers = map[string]bool{
	"intval": true, "floatval": true, "boolval": true, "count": true, "strlen": true,
	"md5": true, "sha1": true, "crc32": true, "hash": true, "isset": true, "empty": true,
	"is_numeric": true, "is_array": true, "is_string": true, "in_array": true,
	"preg_match": true, "function_exists": true, "file_exists": true, "is_file": true,
	"is_dir": true, "escapeshellarg": true, "escapeshellcmd": true, "htmlspecialchars": true,
	"htmlentities": true, "filesize": true, "filemtime": true, "fileperms": true,
	"strpos": true, "stripos": true, "strcmp": true, "strcasecmp": true, "array_key_exists": true,
	"abs": true, "round": true, "ceil": true, "floor": true, "max": true, "min": true,
	"mysql_real_escape_string": true, "mysqli_real_escape_string": true, "addslashes": true,
	"password_verify": true, "hash_equals": true, "ctype_digit": true, "ctype_alnum": true,
	"basename": true, "time": true, "date": true, "json_encode": true,
}

// minBlob is the length from which a constant argument is taken for an
// embedded payload rather than a name or a format.
const minBlob = 64

// lockedPayload handles a user function given an embedded blob and request
// input whose result the analysis cannot follow (the input is hashed into
// a key, which drops its taint): a webshell that decrypts its payload with
// a password the request supplies. The result is then taken to depend on
// the request, which it does.
func lockedPayload(v *value, args []*value) *value {
	var blob bool
	var in []*value
	for _, x := range args {
		switch {
		case x.tainted():
			in = append(in, x)
		case x.known() && len(x.strs[0]) >= minBlob:
			blob = true
		}
	}
	if !blob || len(in) == 0 {
		return v
	}
	return withTaint(v, in...)
}

// call evaluates a function call's result.
func (a *analyzer) call(n *node, e env) *value {
	names, calleeV := a.calleeNames(n.kids[0], e)
	args := n.kids[1:]
	if len(names) == 0 {
		out := &value{}
		if calleeV != nil && calleeV.closure != 0 {
			return a.followCall(a.funcs[calleeV.closure], args, e)
		}
		if calleeV != nil && calleeV.lambda != nil {
			return a.lambdaResult(calleeV.lambda, a.argVals(args, e))
		}
		for _, v := range a.argVals(args, e) {
			out.taint = addTaint(out.taint, v.taint)
		}
		return out
	}
	var out *value
	for _, name := range names {
		v := a.builtin(name, n, args, e)
		if out == nil {
			out = v
		} else {
			out = a.merge(out, v)
		}
	}
	if calleeV != nil && calleeV.hidden && out.known() {
		out.hidden = true
	}
	return out
}

// calleeNames returns the lower-case function names a callee may be.
func (a *analyzer) calleeNames(c *node, e env) ([]string, *value) {
	if c.k == nName {
		return []string{funcName(c.s)}, nil
	}
	v := a.eval(c, e)
	var names []string
	for _, s := range v.strs {
		names = append(names, funcName(s))
	}
	return names, v
}

// plainNameByte tells the bytes funcName leaves as they are: not space
// or control, upper case, backslash or non-ASCII.
var plainNameByte = func() (t [256]bool) {
	for c := '!'; c < 0x80; c++ {
		t[c] = !(c >= 'A' && c <= 'Z' || c == '\\')
	}
	return t
}()

// funcName returns the name a call of s names: lower case, without
// surrounding space or namespace.
func funcName(s string) string {
	// Most names are already plain lower-case ASCII: one pass over them
	// tells, and they are returned as they are.
	i := 0
	for i < len(s) && plainNameByte[s[i]] {
		i++
	}
	if i == len(s) {
		return s
	}
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.LastIndexByte(s, '\\'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// builtin evaluates a call of the named function.
func (a *analyzer) builtin(name string, n *node, args []*node, e env) *value {
	// A script's own getallheaders() stands in for PHP's where the
	// server lacks it (if (!function_exists(...))), and returns the same
	// headers: they are the request's either way.
	if fs := a.byName[name]; len(fs) > 0 && name != "getallheaders" && name != "apache_request_headers" {
		vs := a.argVals(args, e)
		if len(vs) >= 2 && vs[0].known() && vs[1].known() && a.xxtea(fs[0]) {
			if s, err := a.xxteaDecrypt(vs[0].strs[0], vs[1].strs[0]); err == nil && a.spend(len(s)) {
				return &value{strs: []string{s}, hidden: true, steps: append(stepsOf(vs), *a.point(n.tok, "XXTEA decryption ("+name+")"))}
			}
		}
		if len(vs) > 0 && (!a.sinky(fs[0]) || a.pureSafe(fs[0])) {
			if v := a.pureCall(name, fs[0], vs, n); v != nil {
				return v
			}
		}
		v := a.followVals(fs[0], vs)
		if !v.tainted() && !v.known() && len(vs) > 1 {
			v = lockedPayload(v, vs)
		}
		return v
	}
	vs := a.argVals(args, e)
	taint := func() *value {
		out := &value{}
		if sanitizers[name] {
			return out
		}
		for _, v := range vs {
			out.taint = addTaint(out.taint, v.taint)
		}
		return out
	}
	allKnown := len(vs) > 0
	for _, v := range vs {
		allKnown = allKnown && v.known()
	}
	switch name {
	case "basename", "pathinfo":
		// The file name of a constant path or URL: droppers name the file
		// they write after the URL they fetch.
		if len(vs) > 0 && vs[0].known() && (name == "basename" ||
			len(args) > 1 && args[1].k == nName && strings.EqualFold(args[1].s, "PATHINFO_BASENAME")) {
			out := &value{hidden: vs[0].hidden, steps: vs[0].steps}
			for _, s := range vs[0].strs {
				s = strings.TrimRight(s, "/")
				if i := strings.LastIndexByte(s, '/'); i >= 0 {
					s = s[i+1:]
				}
				out.strs = append(out.strs, s)
			}
			return out
		}
		return taint()
	case "file_get_contents", "fopen", "file", "readfile", "stream_get_contents", "fread", "fgets", "fgetss",
		"socket_read", "socket_recv", "stream_socket_recvfrom":
		if len(vs) > 0 && vs[0].sock {
			return a.input("socket", name+"() from a network connection", n.tok, false)
		}
		if name == "fopen" && len(vs) > 0 {
			out := taint()
			if vs[0].known() {
				out.ext = scriptExt(vs[0].strs[0])
			} else if vs[0].flows() == 0 {
				out.ext = vs[0].ext
			}
			if l := strings.ToLower(strings.TrimSpace(firstStr(vs[0]))); !remoteURL(l) && !strings.HasPrefix(l, "php://input") {
				return out
			}
		}
		if len(vs) > 0 && vs[0].known() {
			l := strings.ToLower(strings.TrimSpace(vs[0].strs[0]))
			if strings.HasPrefix(l, "php://input") {
				return a.input("php://input", name+"('php://input')", n.tok, vs[0].hidden)
			}
			if remoteURL(l) {
				return a.input("remote", name+"('"+verdict.Clip(vs[0].strs[0])+"')", n.tok, vs[0].hidden)
			}
		} else if len(args) > 0 && (name == "file_get_contents" || name == "file" || name == "readfile" || name == "fopen") {
			// A URL with computed parts: its fixed beginning says where
			// the content comes from ('http://host/x?' . uniqid()).
			if p := a.constPrefix(args[0], e, 0); remoteURL(strings.ToLower(strings.TrimSpace(p))) {
				out := a.input("remote", name+"('"+verdict.Clip(p)+"...')", n.tok, false)
				out.taint = addTaint(out.taint, taint().taint)
				return out
			}
		}
		return taint()
	case "fsockopen", "pfsockopen", "stream_socket_client", "socket_create":
		out := taint()
		out.sock = true
		return out
	case "curl_exec":
		if len(vs) > 0 {
			return &value{taint: addTaint(a.input("remote", "curl_exec()", n.tok, false).taint, vs[0].taint)}
		}
		return taint()
	case "exif_read_data", "read_exif_data":
		// An image's metadata is text whoever supplies the image writes:
		// backdoors hide their code in the camera make and model.
		v := a.input("exif", name+"() (image metadata, written by whoever supplies the image)", n.tok, false)
		v.super = "_POST" // indexing the metadata array keeps the taint
		return v
	case "getallheaders", "apache_request_headers":
		v := a.input("headers", name+"()", n.tok, false)
		v.super = "_POST" // indexing a header array keeps the taint
		return v
	case "getenv":
		if len(vs) > 0 && vs[0].known() && serverInput(vs[0].strs[0]) {
			return a.input("_SERVER", "getenv('"+vs[0].strs[0]+"')", n.tok, false)
		}
		return unknown
	case "array", "compact":
		return taint()
	case "range":
		out := taint()
		if len(vs) == 0 {
			return out
		}
		lo, ok1 := vs[0].int()
		var hi int64
		ok2 := len(vs) > 1
		if ok2 {
			hi, ok2 = vs[1].int()
		}
		if ok1 && ok2 && hi >= lo && hi-lo < maxElems {
			out.elems = map[string]*value{}
			for i := lo; i <= hi; i++ {
				out.elems[strconv.FormatInt(i-lo, 10)] = strVal(strconv.FormatInt(i, 10))
			}
		}
		return out
	case "array_keys", "array_values":
		if name == "array_values" && len(vs) == 1 && (vs[0].super == "_SERVER" || vs[0].super == "_ENV") {
			// The values of $_SERVER by position: the request headers are
			// among them.
			v := a.input("_SERVER", "array_values($"+vs[0].super+")", n.tok, false)
			v.super = "_POST" // indexing it keeps the taint
			return v
		}
		out := taint()
		if len(vs) == 1 && vs[0].elems != nil && len(vs[0].keys) == len(vs[0].elems) {
			out.elems = map[string]*value{}
			for i, k := range vs[0].keys {
				el := strVal(k)
				if name == "array_values" {
					el = vs[0].elems[k]
				}
				out.elems[strconv.Itoa(i)] = el
			}
		}
		return out
	case "explode", "str_split", "preg_split":
		return a.splitCall(name, vs)
	case "implode", "join":
		return a.implode(vs)
	case "sprintf", "vsprintf":
		out := taint()
		if allKnown && name == "sprintf" {
			if s, ok := sprintf(vs); ok && a.spend(len(s)) {
				out.strs = []string{s}
				out.hidden = true
			}
		}
		return out
	case "str_replace", "str_ireplace":
		out := taint()
		if len(vs) == 3 && allKnown {
			s := vs[2].strs[0]
			if name == "str_replace" {
				s = strings.ReplaceAll(s, vs[0].strs[0], vs[1].strs[0])
			} else if vs[0].strs[0] != "" {
				s = replaceFold(s, vs[0].strs[0], vs[1].strs[0])
			}
			if a.spend(len(s)) {
				out.strs = []string{s}
				out.hidden = true
				out.steps = append(stepsOf(vs), *a.point(n.tok, name))
			}
		}
		return out
	case "preg_replace":
		// Removing every character outside a class leaves text that cannot
		// carry code or a path: a sanitizer.
		if len(vs) >= 3 && vs[0].known() && vs[1].known() && vs[1].strs[0] == "" && strings.Contains(vs[0].strs[0], "[^") {
			return &value{}
		}
		out := taint()
		if len(vs) == 3 && vs[2].known() {
			pats, reps := listOf(vs[0]), listOf(vs[1])
			if pats != nil && reps != nil {
				if s, ok := pregReplace(pats, reps, vs[2].strs[0]); ok && a.spend(len(s)) {
					out.strs = []string{s}
					out.hidden = true
					out.steps = append(stepsOf(vs), *a.point(n.tok, name))
				}
			}
		}
		return out
	case "strpos", "stripos", "strrpos":
		// Positions in constant text: obfuscators cut names out of a
		// longer string (substr($s, strpos($s, 'as'), 6)).
		if len(vs) == 2 && vs[0].known() && vs[1].known() && vs[1].strs[0] != "" {
			h, nd := vs[0].strs[0], vs[1].strs[0]
			var i int
			switch name {
			case "strpos":
				i = strings.Index(h, nd)
			case "stripos":
				i = strings.Index(strings.ToLower(h), strings.ToLower(nd))
			default:
				i = strings.LastIndex(h, nd)
			}
			if i >= 0 {
				return strVal(strconv.Itoa(i))
			}
		}
		return unknown
	case "substr", "substr_replace", "strstr", "ucfirst", "ucwords", "lcfirst", "strtr", "pack", "html_entity_decode", "htmlspecialchars_decode":
		out := taint()
		if allKnown {
			if s, ok := a.stringFunc(name, vs); ok {
				out.strs = []string{s}
				out.hidden = true
				out.steps = append(stepsOf(vs), *a.point(n.tok, name))
			}
		}
		return out
	case "dechex", "decoct", "decbin", "hexdec", "octdec", "bindec":
		// Base conversions: names written as numbers
		// (hex2bin(dechex(1702257004)) is "eval").
		out := taint()
		if len(vs) == 1 && vs[0].known() {
			if s, ok := baseConvert(name, vs[0].strs[0]); ok {
				out.strs = []string{s}
				out.hidden = true
				out.steps = vs[0].steps
			}
		}
		return out
	case "base64_decode", "gzinflate", "gzuncompress", "gzdecode", "str_rot13", "strrev",
		"hex2bin", "urldecode", "rawurldecode", "convert_uudecode", "strtolower", "strtoupper",
		"chr", "trim", "ltrim", "rtrim", "stripslashes", "str_repeat", "bin2hex", "base64_encode", "ord":
		out := taint()
		if allKnown && len(vs[0].strs) > 0 {
			strs := make([]string, 0, len(vs))
			for _, v := range vs {
				strs = append(strs, v.strs[0])
			}
			if s, err := a.decode(name, strs); err == nil && a.spend(len(s)) {
				out.strs = []string{s}
				out.hidden = true
				out.steps = stepsOf(vs)
				switch name {
				case "chr", "ord", "trim", "ltrim", "rtrim", "strtolower", "strtoupper", "str_repeat":
				default:
					out.steps = append(out.steps, *a.point(n.tok, name))
				}
			} else if err == decode.ErrTooLarge {
				a.note("decoding by "+name+" stopped at the size limit (a decompression bomb?)", name+" 解码结果超过大小上限，已停止（可能是解压炸弹）")
			}
		}
		return out
	case "create_function":
		if len(vs) == 2 && vs[0].known() && vs[1].known() {
			return &value{lambda: &lambda{params: paramNames(vs[0].strs[0]), code: vs[1].strs[0], steps: vs[1].steps}}
		}
		return taint()
	}
	return taint()
}

// xxtea reports whether the user function f implements the XXTEA cipher:
// it holds the cipher's constant. Packers ship the widespread PHP
// implementation to decrypt their payload, which the analysis decrypts
// itself rather than interpret the cipher's arithmetic.
func (a *analyzer) xxtea(f *function) bool {
	if v, ok := a.shared.xxtea[f]; ok {
		return v
	}
	found := false
	for _, r := range f.roots {
		visit(r, func(n *node) {
			found = found || n.k == nNum && slices.Contains(decode.XXTEADelta, n.s)
		})
		if found {
			break
		}
	}
	if a.shared.xxtea == nil {
		a.shared.xxtea = map[*function]bool{}
	}
	a.shared.xxtea[f] = found
	return found
}

// xxteaDecrypt decrypts once per distinct ciphertext and key.
func (a *analyzer) xxteaDecrypt(data, key string) (string, error) {
	k := "\x00xxtea\x00" + key + "\x00" + data
	if r, ok := a.shared.decoded[k]; ok {
		return r.s, r.err
	}
	s, err := decode.XXTEADecrypt(data, key)
	a.shared.decoded[k] = decoded{s, err}
	return s, err
}

// baseConvert evaluates PHP's base conversion functions on s.
func baseConvert(name, s string) (string, bool) {
	s = strings.TrimSpace(s)
	switch name {
	case "dechex", "decoct", "decbin":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil || math.Abs(f) >= 1<<63 {
				return "", false
			}
			n = int64(f)
		}
		base := map[string]int{"dechex": 16, "decoct": 8, "decbin": 2}[name]
		return strconv.FormatUint(uint64(n), base), true
	}
	base := map[string]int{"hexdec": 16, "octdec": 8, "bindec": 2}[name]
	// PHP ignores the characters outside the base.
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if d := strings.IndexRune("0123456789abcdef"[:base], c); d >= 0 {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return "0", true
	}
	n, err := strconv.ParseUint(b.String(), base, 64)
	if err != nil || n >= 1<<53 {
		return "", false
	}
	return strconv.FormatUint(n, 10), true
}

// decode runs a decoder once per distinct call: the same constant is met
// again each time a call is followed into the function that decodes it.
func (a *analyzer) decode(name string, args []string) (string, error) {
	key := name + "\x00" + strings.Join(args, "\x00")
	if r, ok := a.shared.decoded[key]; ok {
		return r.s, r.err
	}
	s, err := decode.Call(name, args...)
	a.shared.decoded[key] = decoded{s, err}
	return s, err
}

type decoded struct {
	s   string
	err error
}

// maxLambdaCode bounds the code of a create_function lambda whose result
// is evaluated, maxLambdaRuns the evaluations per file (each parses the
// lambda's code).
const (
	maxLambdaCode = 16 << 10
	maxLambdaRuns = 64
)

// lambdaResult evaluates what a function made by create_function returns
// for args: a decoder made that way ('return base64_decode($d);') hides
// the decoding from the call that uses it.
func (a *analyzer) lambdaResult(l *lambda, args []*value) *value {
	out := &value{}
	for _, v := range args {
		out.taint = addTaint(out.taint, v.taint)
	}
	if len(l.code) > maxLambdaCode || a.nested >= MaxNested || a.callDepth > 8 || !strings.Contains(l.code, "return") ||
		a.shared.lambdaRuns >= maxLambdaRuns {
		return out
	}
	a.shared.lambdaRuns++
	seeds := map[string]*value{}
	for i, p := range l.params {
		if i < len(args) {
			seeds[p] = args[i]
		}
	}
	sub := newAnalyzer([]byte("<?php "+l.code), a.nested+1, a.shared)
	sub.outer, sub.seeds = a, seeds
	sub.steps = a.steps
	g := sub.funcs[0]
	var v *value
	for _, r := range g.returns {
		v = a.merge(v, sub.eval(r, env{f: g}))
	}
	a.steps = sub.steps
	if v == nil {
		return out
	}
	if v.known() {
		v.steps = append(append([]verdict.Point(nil), l.steps...), v.steps...)
	}
	return withTaint(v, out)
}

// followCall evaluates a call of a user function by binding its
// parameters and evaluating its return expressions, a bounded number of
// calls deep.
func (a *analyzer) followCall(f *function, args []*node, e env) *value {
	return a.followVals(f, a.argVals(args, e))
}

// followVals is followCall with the arguments' values.
func (a *analyzer) followVals(f *function, vs []*value) *value {
	if a.callDepth >= 4 {
		a.contextual++
	}
	if a.callDepth >= 4 || len(f.returns) == 0 {
		out := &value{}
		for _, v := range vs {
			out.taint = addTaint(out.taint, v.taint)
		}
		return out
	}
	bind := map[string]*value{}
	for i, p := range f.params {
		if i < len(vs) {
			bind[p] = vs[i]
		} else {
			bind[p] = unknown
		}
	}
	a.callDepth++
	defer func() { a.callDepth-- }()
	var out *value
	for _, r := range f.returns {
		v := a.eval(r, env{f: f, bind: bind})
		if out == nil {
			out = v
		} else {
			out = a.merge(out, v)
		}
	}
	return out
}

// methodCall evaluates $o->m(...) and C::m(...): user methods are followed,
// others pass their arguments' taint through.
func (a *analyzer) methodCall(n *node, e env) *value {
	name := n.kids[1]
	if name.k == nName && strings.EqualFold(name.s, "getDocComment") && len(n.kids) == 2 {
		// Reflection reads the file's own doc comments: code hidden in
		// a comment and taken out of it at run time.
		if docs := a.docComments(); len(docs) > 0 {
			return &value{strs: docs, hidden: true, steps: []verdict.Point{*a.point(n.tok, "getDocComment()")}}
		}
	}
	if name.k == nName {
		if fs := a.byName[strings.ToLower(name.s)]; len(fs) > 0 && fs[0].class != "" {
			return a.followCall(fs[0], n.kids[2:], e)
		}
	}
	out := &value{}
	for _, v := range a.argVals(n.kids[2:], e) {
		out.taint = addTaint(out.taint, v.taint)
	}
	return out
}

func stepsOf(vs []*value) []verdict.Point {
	var out []verdict.Point
	for _, v := range vs {
		out = append(out, v.steps...)
	}
	return out
}

func remoteURL(l string) bool {
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "ftp://")
}

// paramNames returns the variable names of create_function's argument list.
func paramNames(list string) []string {
	var out []string
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if i := strings.IndexByte(f, '$'); i >= 0 {
			name := f[i+1:]
			if j := strings.IndexAny(name, " =\t"); j >= 0 {
				name = name[:j]
			}
			out = append(out, name)
		}
	}
	return out
}

// bitwise evaluates ^, | and & on two constant strings, which PHP applies
// byte by byte: a favourite way to write function names without letters.
// It returns nil when the operands are not both non-numeric strings.
func (a *analyzer) bitwise(n *node, l, r *value) *value {
	if !l.known() || !r.known() {
		return nil
	}
	x, y := l.strs[0], r.strs[0]
	if isNumber(n.kids[0]) || isNumber(n.kids[1]) {
		return nil
	}
	if _, ok := l.int(); ok {
		if _, ok := r.int(); ok {
			return nil
		}
	}
	size := min(len(x), len(y))
	if n.s == "|" {
		size = max(len(x), len(y))
	}
	b := make([]byte, size)
	for i := range b {
		var p, q byte
		if i < len(x) {
			p = x[i]
		}
		if i < len(y) {
			q = y[i]
		}
		switch n.s {
		case "^":
			b[i] = p ^ q
		case "|":
			b[i] = p | q
		case "&":
			b[i] = p & q
		}
	}
	return &value{strs: []string{string(b)}, hidden: true, steps: append(append([]verdict.Point(nil), l.steps...), r.steps...)}
}

func isNumber(n *node) bool { return n.k == nNum }

// compare evaluates a comparison of constants to PHP's "1" or "".
func compare(op string, l, r *value) *value {
	if !l.known() || !r.known() {
		return unknown
	}
	c := 0
	x, okx := l.int()
	y, oky := r.int()
	switch {
	case okx && oky:
		c = cmpInt(x, y)
	default:
		c = strings.Compare(l.strs[0], r.strs[0])
	}
	var t bool
	switch op {
	case "==", "===":
		t = c == 0
	case "!=", "!==", "<>":
		t = c != 0
	case "<":
		t = c < 0
	case ">":
		t = c > 0
	case "<=":
		t = c <= 0
	case ">=":
		t = c >= 0
	}
	if t {
		return strVal("1")
	}
	return strVal("")
}

func cmpInt(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// constPrefix returns the constant beginning of the string n builds
// (concatenations, interpolations, sprintf formats), "" when unknown.
func (a *analyzer) constPrefix(n *node, e env, depth int) string {
	if n == nil || depth > 8 {
		return ""
	}
	switch n.k {
	case nBin:
		if n.s == "." {
			return a.constPrefix(n.kids[0], e, depth+1)
		}
	case nInterp:
		if len(n.kids) > 0 {
			return a.constPrefix(n.kids[0], e, depth+1)
		}
	case nCall:
		if n.kids[0].k == nName && funcName(n.kids[0].s) == "sprintf" && len(n.kids) > 1 {
			f := a.eval(n.kids[1], e)
			if !f.known() {
				return ""
			}
			format := f.strs[0]
			i := strings.IndexByte(format, '%')
			if i < 0 {
				return format
			}
			if i == 0 && strings.HasPrefix(format, "%s") && len(n.kids) > 2 {
				if v := a.eval(n.kids[2], e); v.known() {
					return v.strs[0]
				}
				return a.constPrefix(n.kids[2], e, depth+1)
			}
			return format[:i]
		}
	}
	if v := a.eval(n, e); v.known() {
		return v.strs[0]
	}
	if n.k == nVar && e.f != nil {
		if as := e.f.assigns[n.s]; len(as) == 1 && as[0].op == "=" && as[0].from == nil {
			// $s = file_get_contents($s): the assignment's own prefix
			// asks for the variable's again, through an evaluation that
			// starts over at depth 0, until the evaluation's depth bound.
			// The second time round it has nothing more to find.
			key := memoKey{f: e.f, name: n.s, kind: kPrefix}
			if a.busy[key] {
				return ""
			}
			a.busy[key] = true
			p := a.constPrefix(as[0].rhs, e, depth+1)
			delete(a.busy, key)
			return p
		}
	}
	return ""
}

// onlyCond reports whether every assignment of a list may not happen (is
// inside a conditional block): the variable may keep its initial value.
func onlyCond(as []assign) bool {
	for _, x := range as {
		if !x.cond {
			return false
		}
	}
	return true
}

// docComments returns the file's doc comments (/** ... */), at most
// maxStrs of them: the candidates of a getDocComment() call.
func (a *analyzer) docComments() []string {
	if !bytes.Contains(a.src, []byte("/**")) {
		return nil
	}
	var out []string
	l := newLexer(a.src, a.str)
	for len(out) < maxStrs {
		t, ok := l.Next()
		if !ok {
			break
		}
		if t.Kind == DocComment {
			out = append(out, t.Text)
		}
	}
	return out
}
