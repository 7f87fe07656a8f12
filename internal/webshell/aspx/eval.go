package aspx

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// frame is one activation of a method.
type frame struct {
	m      *method
	vars   map[string]value
	with   []value
	ret    value
	hasRet bool
}

// Limits on the work per file: hostile input must not make the analysis
// slow (a shell is small; a generated one may call itself in circles).
const (
	evalBudget   = 3_000_000 // expression evaluations per file
	maxCallDepth = 6
	maxVariants  = 6 // distinct argument patterns evaluated per method
	maxNested    = 3 // code strings evaluated inside code strings
)

type analyzer struct {
	pg      *page
	prog    *program
	globals map[string]value
	store   map[string]value // "session:k", "application:k", "viewstate:k", "cache:k"
	order   map[string][]string
	budget  int
	stack   []*method
	memo    map[*method]map[string]value
	summary map[*method]value
	calls   map[*method]int
	nested  int
	lang    language // language of the code being evaluated
	binding bool     // inside <%# %>: Eval is DataBinder.Eval
	vbs     bool     // VBScript run by a script control: Eval/Execute are code
	res     *results
	ctx     []verdict.Point // steps added to every report (code run from a string)
	inLoop  bool            // the action being evaluated is inside a loop body
	depth   int             // recursion depth of eval
	decide  bool            // verdict.Decide: stop at the first reporting detection
}

func newAnalyzer(pg *page, prog *program) *analyzer {
	return &analyzer{
		pg: pg, prog: prog,
		globals: map[string]value{}, store: map[string]value{}, order: map[string][]string{},
		budget: evalBudget, memo: map[*method]map[string]value{}, summary: map[*method]value{},
		calls: map[*method]int{}, res: newResults(),
	}
}

// point makes an evidence point at e.
func (ev *analyzer) point(e *expr, what string) verdict.Point {
	if e == nil {
		return verdict.Point{What: what}
	}
	return verdict.Point{Line: int(e.line), What: clip(what, 120), Excerpt: ev.excerpt(int(e.off))}
}

func (ev *analyzer) excerpt(off int) string {
	// verdict.ExcerptAt, with the line's bounds from the table of line
	// starts rather than a search from off (long on a packed line).
	s := verdict.ExcerptIn(ev.pg.text, ev.pg.ls, ev.pg.ls.at(off), off)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	return s
}

// render prints an expression compactly for evidence ("Request.Form[\"c\"]").
func render(e *expr) string {
	var b strings.Builder
	renderTo(&b, e, 0)
	return clip(b.String(), 100)
}

// callee names the method a call expression calls, as written, with at
// most its receiver: "File.WriteAllText", "Assembly.Load".
func callee(e *expr) string {
	if e == nil {
		return ""
	}
	x := e
	if e.op == eCall || e.op == eIndex {
		x = e.x
	}
	if x == nil {
		return ""
	}
	name := func(e *expr) string {
		if e.str != "" {
			return e.str
		}
		return e.name
	}
	switch x.op {
	case eIdent:
		return name(x)
	case eMember:
		if x.x != nil && (x.x.op == eIdent || x.x.op == eMember) {
			return name(x.x) + "." + name(x)
		}
		return name(x)
	}
	return render(x)
}

func renderTo(b *strings.Builder, e *expr, depth int) {
	if e == nil || depth > 12 || b.Len() > 120 {
		return
	}
	name := func(e *expr) string {
		if e.str != "" {
			return e.str
		}
		return e.name
	}
	switch e.op {
	case eIdent:
		b.WriteString(name(e))
	case eStr:
		fmt.Fprintf(b, "%q", clip(e.str, 40))
	case eChar:
		fmt.Fprintf(b, "'%s'", clip(e.str, 4))
	case eNum:
		if e.str != "" {
			b.WriteString(e.str)
		} else {
			fmt.Fprint(b, e.num)
		}
	case eMember:
		if e.x != nil {
			renderTo(b, e.x, depth+1)
		}
		b.WriteByte('.')
		b.WriteString(name(e))
	case eCall, eIndex:
		renderTo(b, e.x, depth+1)
		open, cl := "(", ")"
		if e.op == eIndex {
			open, cl = "[", "]"
		}
		b.WriteString(open)
		for i, a := range e.args {
			if i > 0 {
				b.WriteString(", ")
			}
			if i >= 3 {
				b.WriteString("…")
				break
			}
			renderTo(b, a, depth+1)
		}
		b.WriteString(cl)
	case eNew:
		b.WriteString("new ")
		b.WriteString(e.name)
		b.WriteString("(…)")
	case eBinary:
		renderTo(b, e.args[0], depth+1)
		b.WriteString(" " + e.name + " ")
		renderTo(b, e.args[1], depth+1)
	case eCast:
		renderTo(b, e.x, depth+1)
	case eAssign:
		renderTo(b, e.args[0], depth+1)
		b.WriteString(" " + e.name + " ")
		renderTo(b, e.args[1], depth+1)
	default:
		b.WriteString("…")
	}
}

// ---- methods and frames ----

// run evaluates the whole program: class-level code first, then the
// page's code and every method as an entry point, twice, so that state
// set by one request handler (fields, Session) reaches the others.
func (ev *analyzer) run() {
	for pass := 0; pass < 2; pass++ {
		for _, m := range ev.prog.methods {
			if m.global {
				ev.root(m)
			}
		}
		for _, m := range ev.prog.methods {
			if m.render {
				ev.root(m)
			}
		}
		for _, m := range ev.prog.methods {
			if !m.global && !m.render {
				ev.root(m)
			}
		}
		if ev.budget <= 0 {
			break
		}
	}
}

// root evaluates m as an entry point: its parameters are what the
// framework passes (request data for a web method, the context for a
// handler) or unknown.
func (ev *analyzer) root(m *method) {
	args := make([]value, len(m.params))
	for i, p := range m.params {
		typ := shortType(strings.TrimSuffix(p.typ, "[]"))
		switch {
		case m.web:
			pt := ev.point(&expr{off: m.off, line: m.line}, "web method parameter "+p.name)
			args[i] = value{t: &taint{src: pt}, typ: typ}
		case typ == "httpcontext" || p.name == "context" && p.typ == "":
			args[i] = value{typ: "httpcontext"}
		case typ == "httprequest":
			args[i] = value{typ: "httprequest"}
		default:
			args[i] = value{typ: typ, fl: vfUnknown}
		}
	}
	ev.lang = m.lang
	ev.binding = m.bind
	ev.invoke(m, args, nil, true)
	ev.binding = false
}

// invoke evaluates m with args, memoised per argument pattern.
func (ev *analyzer) invoke(m *method, args []value, site *expr, root bool) value {
	if ev.budget <= 0 || len(ev.stack) >= maxCallDepth {
		return ev.fallback(m, args)
	}
	for _, s := range ev.stack {
		if s == m {
			return ev.fallback(m, args)
		}
	}
	key := signature(args)
	if root {
		key = "root|" + key
	}
	if memo := ev.memo[m]; memo != nil {
		if r, ok := memo[key]; ok {
			return r
		}
		if len(memo) >= maxVariants {
			return ev.fallback(m, args)
		}
	} else {
		ev.memo[m] = map[string]value{}
	}
	ev.memo[m][key] = value{fl: vfUnknown} // recursion guard for this pattern
	fr := &frame{m: m, vars: map[string]value{}}
	for i, p := range m.params {
		v := value{fl: vfUnknown}
		if i < len(args) {
			v = args[i]
			if i == len(m.params)-1 && len(args) > len(m.params) {
				// params array: the rest joins
				for _, a := range args[i+1:] {
					v = join(v, a)
				}
			}
		}
		if v.typ == "" && p.typ != "" {
			v.typ = shortType(p.typ)
		}
		if v.t != nil && site != nil {
			pt := ev.point(site, fmt.Sprintf("passed to %s(%s)", displayName(m), p.name))
			v.t = v.t.with(&pt, 0)
		}
		fr.vars[p.name] = v
	}
	savedLang := ev.lang
	ev.lang = m.lang
	ev.stack = append(ev.stack, m)
	ev.runBody(m.body, fr, m.global)
	ev.stack = ev.stack[:len(ev.stack)-1]
	ev.lang = savedLang
	ret := fr.ret
	if !fr.hasRet {
		ret = value{fl: vfUnknown}
	}
	ev.memo[m][key] = ret
	if s, ok := ev.summary[m]; ok {
		ev.summary[m] = join(s, ret)
	} else {
		ev.summary[m] = ret
	}
	return ret
}

func displayName(m *method) string {
	if m.name == "" {
		return "(page code)"
	}
	return m.name
}

// fallback is a call's value when m is not evaluated again: its summary,
// with the arguments' request data flowing through.
func (ev *analyzer) fallback(m *method, args []value) value {
	r := ev.summary[m]
	if t := mergeTaint(args...); t != nil && r.t == nil {
		r.t = t
	}
	return r
}

func signature(args []value) string {
	var b strings.Builder
	for _, a := range args {
		if a.t != nil {
			fmt.Fprintf(&b, "T%d:%s:%d|", a.t.src.Line, a.t.src.What, a.t.fl)
		}
		if a.hasC {
			fmt.Fprintf(&b, "C%d:%s|", len(a.c), clip(a.c, 64))
		}
		if a.hasN {
			fmt.Fprintf(&b, "N%d|", a.n)
		}
		fmt.Fprintf(&b, "%s/%s;", a.typ, clip(a.meta, 40))
	}
	return b.String()
}

// runBody evaluates a method's actions twice: the second pass sees
// values that loops carry back.
func (ev *analyzer) runBody(body []action, fr *frame, global bool) {
	for pass := 0; pass < 2; pass++ {
		fr.with = fr.with[:0]
		for i := range body {
			if ev.budget <= 0 {
				return
			}
			ev.exec(&body[i], fr, global)
		}
	}
}

func (ev *analyzer) exec(a *action, fr *frame, global bool) {
	ev.inLoop = a.loop
	defer func() { ev.inLoop = false }()
	switch a.k {
	case aExpr:
		ev.eval(a.e, fr)
	case aDecl:
		v := value{}
		if a.e != nil {
			v = ev.eval(a.e, fr)
		}
		// the declared type names what an untyped value is
		if st := shortType(a.typ); st != "" && st != "var" && st != "dynamic" && st != "object" &&
			(v.typ == "" || v.typ == "ns" || v.typ == "object") {
			v.typ = st
		}
		if a.e == nil && !v.isConst() {
			v.fl |= vfUnknown
		}
		if global {
			ev.setGlobal(a.name, v)
		} else {
			ev.setVar(fr, a.name, v, true)
		}
	case aReturn:
		v := ev.eval(a.e, fr)
		if fr.hasRet {
			fr.ret = join(fr.ret, v)
		} else {
			fr.ret, fr.hasRet = v, true
		}
	case aForeach:
		v := ev.eval(a.e, fr)
		el := elementOf(v)
		if a.typ != "" && a.typ != "var" {
			el.typ = shortType(strings.TrimSuffix(a.typ, "[]"))
		}
		ev.setVar(fr, a.name, el, true)
	case aWith:
		fr.with = append(fr.with, ev.eval(a.e, fr))
	case aEndWith:
		if len(fr.with) > 0 {
			fr.with = fr.with[:len(fr.with)-1]
		}
	}
}

// elementOf is the value of an element of a collection.
func elementOf(v value) value {
	el := value{t: v.t}
	switch {
	case strings.HasSuffix(v.typ, "[]"):
		el.typ = strings.TrimSuffix(v.typ, "[]")
	case v.typ == "filecoll":
		el.typ = "postedfile"
	case v.hasC:
		el.typ = "char"
	}
	if v.t == nil && v.fl&vfUnknown != 0 {
		el.fl |= vfUnknown
	}
	return el
}

func (ev *analyzer) setGlobal(name string, v value) {
	if old, ok := ev.globals[name]; ok {
		if v.t == nil {
			v.t = old.t
		}
		if v.typ == "" {
			v.typ, v.meta = old.typ, old.meta
		}
		if v.o == nil {
			v.o = old.o
		}
		if !v.isConst() && old.isConst() && v.fl&vfUnknown != 0 {
			// a declaration without value does not forget a known constant
			v.c, v.hasC, v.n, v.hasN = old.c, old.hasC, old.n, old.hasN
		}
	}
	ev.globals[name] = v
}

// setVar assigns a local (or a field when no local of that name exists).
// Request data is never forgotten by reassignment: the other branch may
// be the one that runs.
func (ev *analyzer) setVar(fr *frame, name string, v value, decl bool) {
	if fr != nil {
		if old, ok := fr.vars[name]; ok || decl || fr.m == nil || !ev.hasGlobal(name) {
			if ok && ev.inLoop && !decl {
				v = loopMerge(old, v)
			}
			if ok {
				if v.t == nil || old.t != nil && rank(old.t) > rank(v.t) {
					if old.t != nil {
						v.t = old.t
					}
				}
				if v.typ == "" && v.o == nil {
					v.typ, v.meta, v.o = old.typ, old.meta, old.o
				}
			}
			fr.vars[name] = v
			return
		}
	}
	ev.setGlobal(name, v)
}

// loopMerge is an assignment inside a loop: the variable holds the old
// value on one turn and the new one on another, so a constant that
// changes is no constant (a counter, an accumulated decoder output).
func loopMerge(old, v value) value {
	if old.hasC && v.hasC && old.c == v.c || old.hasN && v.hasN && old.n == v.n {
		return v
	}
	if !old.isConst() && !v.isConst() {
		return v
	}
	r := v
	r.hasC, r.c, r.hasN, r.n, r.elems = false, "", false, 0, nil
	if old.isConst() || v.isConst() || v.fl&vfHidden != 0 {
		r.fl |= vfHidden
	}
	if r.typ == "" {
		r.typ = old.typ
	}
	return r
}

func (ev *analyzer) hasGlobal(name string) bool {
	_, ok := ev.globals[name]
	return ok
}

// ---- expressions ----

// maxEvalDepth bounds the recursion over one expression tree (a long
// chain "a+a+...+a" is a deep tree).
const maxEvalDepth = 4000

func (ev *analyzer) eval(e *expr, fr *frame) value {
	if e == nil {
		return value{}
	}
	ev.budget--
	if ev.budget <= 0 || ev.depth > maxEvalDepth {
		return value{fl: vfUnknown}
	}
	ev.depth++
	v := ev.eval1(e, fr)
	ev.depth--
	// large constants cost in proportion to their size: folding must not
	// turn a hostile file into gigabytes of copying
	if v.hasC && len(v.c) > 1024 {
		ev.budget -= len(v.c) / 32
	}
	if len(v.elems) > 256 {
		ev.budget -= len(v.elems) / 8
	}
	return v
}

func (ev *analyzer) eval1(e *expr, fr *frame) value {
	switch e.op {
	case eStr:
		return value{c: e.str, hasC: true, typ: "string", off: e.off, line: e.line}
	case eChar:
		return value{c: e.str, hasC: true, typ: "char", off: e.off, line: e.line}
	case eNum:
		return value{n: e.num, hasN: true, typ: "int", off: e.off, line: e.line}
	case eIdent:
		return ev.lookup(e, fr)
	case eMember:
		return ev.member(e, fr)
	case eCall:
		return ev.call(e, fr)
	case eIndex:
		r := ev.eval(e.x, fr)
		args := ev.evalArgs(e.args, fr)
		return ev.index(r, args, e)
	case eNew:
		return ev.newObj(e, fr)
	case eArray:
		return ev.array(e.args, fr, "")
	case eObject:
		var vs []value
		for _, a := range e.args {
			if a != nil && a.op == eAssign {
				vs = append(vs, ev.eval(a.args[1], fr))
			}
		}
		r := value{t: mergeTaint(vs...), typ: "object"}
		return r
	case eBinary:
		return ev.binary(e, fr)
	case eUnary:
		x := ev.eval(e.x, fr)
		switch e.name {
		case "!", "not":
			return value{typ: "bool"}
		case "-":
			if n, ok := x.num(); ok && !x.hasC {
				return numVal(-n)
			}
		case "~":
			if n, ok := x.num(); ok {
				return numVal(^n)
			}
		case "++", "--":
			if e.x != nil && e.x.op == eIdent {
				if n, ok := x.num(); ok {
					d := int64(1)
					if e.name == "--" {
						d = -1
					}
					ev.assignTo(e.x, numVal(n+d), fr, e)
				}
			}
		}
		return x
	case eCond:
		ev.eval(e.args[0], fr)
		return join(ev.eval(e.args[1], fr), ev.eval(e.args[2], fr))
	case eAssign:
		return ev.assign(e, fr)
	case eCast:
		return ev.cast(ev.eval(e.x, fr), e.name)
	case eTypeof:
		return value{typ: "type", meta: shortType(e.name), off: e.off, line: e.line}
	case eLambda:
		sub := &frame{m: fr.m, vars: fr.vars, with: fr.with}
		for _, p := range e.params {
			if _, ok := sub.vars[p.name]; !ok {
				sub.vars[p.name] = value{fl: vfUnknown, typ: shortType(p.typ)}
			}
		}
		ev.runBody(e.body, sub, false)
		r := value{typ: "delegate", fn: e}
		if sub.hasRet {
			r.t = sub.ret.t
		}
		return r
	}
	return value{}
}

func (ev *analyzer) evalArgs(args []*expr, fr *frame) []value {
	vs := make([]value, len(args))
	for i, a := range args {
		vs[i] = ev.eval(a, fr)
	}
	return vs
}

// array evaluates an array literal or initializer.
func (ev *analyzer) array(args []*expr, fr *frame, elemType string) value {
	r := value{typ: elemType + "[]"}
	if elemType == "" {
		r.typ = "object[]"
	}
	all := true
	for _, a := range args {
		v := ev.eval(a, fr)
		if v.t != nil && (r.t == nil || rank(v.t) > rank(r.t)) {
			r.t = v.t
		}
		r.fl |= v.fl & (vfHidden | vfDecoded | vfUnknown)
		if !v.isConst() {
			all = false
		}
		if len(r.elems) < 65536 {
			r.elems = append(r.elems, v)
		}
		if r.o == nil && v.o != nil {
			r.o = v.o
		}
	}
	if !all {
		// keep elements for indexing; a non-constant one spoils folding
		for _, v := range r.elems {
			if !v.isConst() {
				r.fl |= vfUnknown
				break
			}
		}
	}
	return r
}

// implicit objects of a page, a control and a handler's context.
var implicit = map[string]string{
	"request": "httprequest", "response": "httpresponse", "server": "httpserverutility",
	"session": "session", "application": "application", "context": "httpcontext",
	"page": "page", "this": "page", "me": "page", "mybase": "page", "base": "page", "myclass": "page",
	"cache": "cache", "viewstate": "viewstate", "trace": "trace", "user": "user",
}

// identKey is the name a variable is stored under: case-sensitive in
// C# and JScript, lower-case in VB.
func (ev *analyzer) identKey(e *expr) string {
	if e == nil {
		return ""
	}
	if ev.lang != langVB && e.str != "" {
		return e.str
	}
	return e.name
}

func (ev *analyzer) lookup(e *expr, fr *frame) value {
	name := e.name
	key := ev.identKey(e)
	if fr != nil {
		if v, ok := fr.vars[key]; ok {
			return v
		}
	}
	if v, ok := ev.globals[key]; ok {
		return v
	}
	if c, ok := ev.pg.controls[name]; ok {
		return value{typ: "control", meta: c.kind, c: "", off: e.off, line: e.line, o: &object{name: c.raw}}
	}
	if t, ok := implicit[name]; ok {
		return value{typ: t}
	}
	switch name {
	case "true", "false":
		return value{typ: "bool"}
	case "null", "nothing", "undefined", "dbnull":
		return value{typ: "null"}
	}
	if ms, ok := ev.prog.byName[name]; ok {
		for _, m := range ms {
			if m.prop && len(m.params) == 0 {
				return ev.invoke(m, nil, e, false)
			}
		}
		return value{typ: "methodgroup", meta: name}
	}
	return value{typ: "ns", meta: name}
}

// callDelegate calls a delegate value: a lambda's body runs with the
// arguments bound to its parameters.
func (ev *analyzer) callDelegate(v value, args []value, e *expr) value {
	if v.fn == nil || len(ev.stack) >= maxCallDepth || ev.nested > maxNested {
		return derived(args...)
	}
	fr := &frame{vars: map[string]value{}}
	for i, p := range v.fn.params {
		a := value{fl: vfUnknown}
		if i < len(args) {
			a = args[i]
		}
		fr.vars[p.name] = a
	}
	ev.nested++
	ev.runBody(v.fn.body, fr, false)
	ev.nested--
	if fr.hasRet {
		return fr.ret
	}
	return derived(args...)
}

// member evaluates x.name as a property or field read.
func (ev *analyzer) member(e *expr, fr *frame) value {
	var r value
	if e.x == nil {
		if fr != nil && len(fr.with) > 0 {
			r = fr.with[len(fr.with)-1]
		}
	} else {
		r = ev.eval(e.x, fr)
	}
	return ev.prop(r, e.name, e)
}

func (ev *analyzer) binary(e *expr, fr *frame) value {
	a := ev.eval(e.args[0], fr)
	b := ev.eval(e.args[1], fr)
	switch e.name {
	case "+", "&":
		if e.name == "&" && ev.lang != langVB {
			break
		}
		if e.name == "+" {
			if x, ok1 := a.num(); ok1 && a.hasN {
				if y, ok2 := b.num(); ok2 && b.hasN {
					return numVal(x + y)
				}
			}
		}
		return concat(a, b)
	case "==", "!=", "===", "!==", "<", ">", "<=", ">=", "=", "<>", "is", "isnot", "like", "&&", "||", "and", "or", "andalso", "orelse", "instanceof", "in":
		if e.name == "||" && ev.lang == langJS {
			return join(a, b)
		}
		if (e.name == "and" || e.name == "or") && ev.lang == langVB {
			if x, ok := a.num(); ok && a.hasN {
				if y, ok := b.num(); ok && b.hasN {
					if e.name == "and" {
						return numVal(x & y)
					}
					return numVal(x | y)
				}
			}
		}
		return value{typ: "bool"}
	case "??":
		return join(a, b)
	}
	x, ok1 := a.num()
	y, ok2 := b.num()
	if ok1 && ok2 {
		switch e.name {
		case "-":
			return numVal(x - y)
		case "*":
			return numVal(x * y)
		case "/", "\\":
			if y != 0 {
				return numVal(x / y)
			}
		case "%", "mod":
			if y != 0 {
				return numVal(x % y)
			}
		case "^", "xor":
			if ev.lang == langVB && e.name == "^" {
				break
			}
			return numVal(x ^ y)
		case "&", "and":
			return numVal(x & y)
		case "|", "or":
			return numVal(x | y)
		case "<<":
			if y >= 0 && y < 64 {
				return numVal(x << uint(y))
			}
		case ">>":
			if y >= 0 && y < 64 {
				return numVal(x >> uint(y))
			}
		}
	}
	r := derived(a, b)
	if r.t != nil {
		if e.name == "^" || e.name == "xor" {
			pt := ev.point(e, "XOR")
			r.t = r.t.with(&pt, tfDecrypted)
			r.t = r.t.clear(tfNumeric)
		} else {
			r.t = r.t.with(nil, tfNumeric)
		}
	}
	return r
}

// concat folds a + b on strings.
func concat(a, b value) value {
	sa, okA := a.str()
	sb, okB := b.str()
	if okA && okB && len(sa)+len(sb) <= maxConst {
		// ('a' + 'b' is a number in C#, but shells mean text)
		r := value{c: sa + sb, hasC: true, typ: "string", fl: a.fl | b.fl | vfFolded, off: a.off, line: a.line}
		if a.line == 0 {
			r.off, r.line = b.off, b.line
		}
		return r
	}
	r := value{t: mergeTaint(a, b), typ: "string", fl: (a.fl|b.fl)&(vfHidden|vfUnknown|vfDecoded) | a.fl&vfWebDir}
	if r.t != nil {
		// a base name joined to a request-chosen directory is a full path;
		// joined to a constant it stays a base name
		at, bt := a.t, b.t
		if at != nil && bt != nil && (at.fl&tfBaseName == 0 || bt.fl&tfBaseName == 0) {
			r.t = r.t.clear(tfBaseName)
			if at.fl&tfBaseName == 0 && at.fl&(tfNumeric|tfBool) == 0 {
				r.t = at
			} else if bt.fl&(tfNumeric|tfBool) == 0 {
				r.t = bt
			}
		}
	}
	if !okA && a.t == nil && a.fl&vfUnknown != 0 || !okB && b.t == nil && b.fl&vfUnknown != 0 {
		r.fl |= vfUnknown
	}
	if okB {
		r.sfx = sb
	} else {
		r.sfx = b.sfx
	}
	// keep the constant prefix: "cmd.exe /c " + x still names cmd.exe
	if okA && len(sa) < 4096 {
		r.meta = "prefix:" + sa
	} else if strings.HasPrefix(a.meta, "prefix:") {
		r.meta = a.meta
	}
	return r
}

func (ev *analyzer) cast(v value, typ string) value {
	st := shortType(typ)
	switch st {
	case "char":
		if n, ok := v.num(); ok && v.typ != "char" {
			return value{c: string(rune(n)), hasC: true, typ: "char", fl: v.fl | vfDecoded, t: v.t}
		}
	case "int", "byte", "short", "long", "uint", "ushort", "ulong", "sbyte", "int32", "int64", "int16":
		if v.hasC && v.typ == "char" {
			n, _ := v.num()
			return value{n: n, hasN: true, typ: "int"}
		}
		if v.t != nil {
			v.t = v.t.with(nil, tfNumeric)
		}
		v.typ = "int"
		return v
	case "string":
		if v.typ == "" {
			v.typ = "string"
		}
		return v
	case "", "object", "var", "dynamic":
		return v
	}
	if v.typ == "" || v.typ == "ns" || v.typ == "object" || v.typ == "session" {
		v.typ = st
	}
	return v
}

// assign evaluates "lhs op rhs".
func (ev *analyzer) assign(e *expr, fr *frame) value {
	lhs, rhsE := e.args[0], e.args[1]
	var v value
	if rhsE != nil && rhsE.op == eArray && lhs != nil {
		v = ev.array(rhsE.args, fr, "")
	} else {
		v = ev.eval(rhsE, fr)
	}
	if e.name != "=" && lhs != nil {
		old := ev.eval(lhs, fr)
		switch e.name {
		case "+=", "&=":
			if e.name == "&=" && ev.lang != langVB {
				v = derived(old, v)
			} else {
				v = concat(old, v)
				if old.t != nil && v.t == nil {
					v.t = old.t
				}
			}
		case "^=":
			v = derived(old, v)
			if v.t != nil {
				pt := ev.point(e, "XOR")
				v.t = v.t.with(&pt, tfDecrypted)
			}
		case "??=":
			v = join(old, v)
		default:
			v = derived(old, v)
		}
	}
	ev.assignTo(lhs, v, fr, e)
	return v
}

// assignTo stores v into the place lhs names.
func (ev *analyzer) assignTo(lhs *expr, v value, fr *frame, site *expr) {
	if lhs == nil {
		return
	}
	switch lhs.op {
	case eIdent:
		ev.setVar(fr, ev.identKey(lhs), v, false)
	case eCast:
		ev.assignTo(lhs.x, v, fr, site)
	case eMember:
		var r value
		if lhs.x == nil {
			if len(fr.with) > 0 {
				r = fr.with[len(fr.with)-1]
			}
		} else {
			r = ev.eval(lhs.x, fr)
		}
		ev.setProp(r, lhs.name, v, site, fr)
	case eIndex, eCall:
		r := ev.eval(lhs.x, fr)
		keys := ev.evalArgs(lhs.args, fr)
		if store := storeName(r.typ); store != "" {
			ev.storeSet(store, keys, v)
			return
		}
		if r.o != nil && len(keys) == 1 {
			if k, ok := keys[0].str(); ok {
				r.o.set(strings.ToLower(k), v)
			}
		}
		// an element written: the collection holds the data now
		base := lhs.x
		for base != nil && base.op == eIndex {
			base = base.x
		}
		if v.t != nil {
			v.t = v.t.clear(tfNumeric) // bytes written into an array are data
		}
		if base != nil && base.op == eIdent {
			cur := ev.lookup(base, fr)
			if v.t != nil && (cur.t == nil || rank(v.t) > rank(cur.t)) {
				cur.t = v.t
			}
			if cur.hasC || cur.elems != nil {
				cur.hasC, cur.c, cur.elems = false, "", nil
				cur.fl |= vfHidden
			}
			ev.setVar(fr, ev.identKey(base), cur, false)
		}
	}
}

func storeName(typ string) string {
	switch typ {
	case "session", "application", "viewstate", "cache", "items":
		return typ
	}
	return ""
}

func (ev *analyzer) storeSet(store string, keys []value, v value) {
	key := store + ":*"
	if len(keys) > 0 {
		if k, ok := keys[0].str(); ok {
			key = store + ":" + strings.ToLower(k)
		}
	}
	if _, ok := ev.store[key]; !ok {
		ev.order[store] = append(ev.order[store], key)
	}
	if old, ok := ev.store[key]; ok && v.t == nil {
		v.t = old.t
	}
	if v.t != nil {
		pt := verdict.Point{What: "stored in " + key}
		if v.line != 0 {
			pt.Line = int(v.line)
		}
		v.t = v.t.with(&pt, 0)
	}
	ev.store[key] = v
}

func (ev *analyzer) storeGet(store string, keys []value) value {
	if len(keys) > 0 {
		if k, ok := keys[0].str(); ok && !keys[0].hasN {
			if v, ok := ev.store[store+":"+strings.ToLower(k)]; ok {
				return v
			}
			if v, ok := ev.store[store+":*"]; ok {
				return v
			}
			return value{fl: vfUnknown}
		}
		if n, ok := keys[0].num(); ok && keys[0].hasN {
			if o := ev.order[store]; n >= 0 && int(n) < len(o) {
				return ev.store[o[n]]
			}
		}
	}
	var r value
	first := true
	for _, k := range ev.order[store] {
		if first {
			r, first = ev.store[k], false
		} else {
			r = join(r, ev.store[k])
		}
	}
	if first {
		return value{fl: vfUnknown}
	}
	return r
}
