package jsp

import (
	"github.com/yingji/yingji/internal/webshell/verdict"
)

// env is a scope of variables. Method bodies have one scope each
// (blocks share it); a closure (anonymous class, lambda) has its own
// with the enclosing scope as parent; fields live in a shared scope
// where assignments accumulate, since methods run in any order.
//
// A branch of a scope (the two sides of an if, a loop body, a catch) is
// a copy of it on write: its vars hold what the branch assigned, and it
// reads through to base for the rest. The scope a branch was made from
// is not written while the branch is in use (statements run on the
// branch, and the branches are merged back into it when they are done),
// so a branch costs its writes, not a copy of every variable, and a
// merge visits what the branches changed.
type env struct {
	vars   map[string]*value
	base   *env // for a branch, the scope it reads through to
	parent *env
	shared bool
	depth  int     // length of the base chain
	vs     *values // the analysis's slabs, which its scopes come from (nil: the heap)
}

func newEnv(parent *env) *env {
	var e *env
	if parent != nil && parent.vs != nil {
		e = parent.vs.envs.alloc()
		e.vs = parent.vs
	} else {
		e = new(env)
	}
	e.vars, e.parent = map[string]*value{}, parent
	return e
}

// maxBranchDepth bounds the base chain a look-up walks: a scope that
// deep in branches is made a copy before it is branched again.
const maxBranchDepth = 8

// get returns the variable of this scope (not of its parents).
func (e *env) get(name string) (*value, bool) {
	for s := e; s != nil; s = s.base {
		if v, ok := s.vars[name]; ok {
			return v, true
		}
	}
	return nil, false
}

func (e *env) lookup(name string) (*value, bool) {
	for s := e; s != nil; s = s.parent {
		if v, ok := s.get(name); ok {
			return v, true
		}
	}
	return nil, false
}

// clone returns a branch of e: a scope holding e's variables, whose
// assignments do not change e.
func (e *env) clone() *env {
	if e.depth >= maxBranchDepth {
		e.compact()
	}
	// vars is made at the first assignment: many branches assign nothing.
	var b *env
	if e.vs != nil {
		b = e.vs.envs.alloc()
	} else {
		b = new(env)
	}
	b.base, b.parent, b.shared, b.depth, b.vs = e, e.parent, e.shared, e.depth+1, e.vs
	return b
}

// compact makes e hold all its variables itself, with the same values:
// the scopes it read through to stay as they are, and so do the
// branches that read through e.
func (e *env) compact() {
	var chain []*env
	for s := e; s != nil; s = s.base {
		chain = append(chain, s)
	}
	vars := make(map[string]*value, len(chain[len(chain)-1].vars)+len(e.vars))
	for i := len(chain) - 1; i >= 0; i-- {
		for k, v := range chain[i].vars {
			vars[k] = v
		}
	}
	e.vars, e.base, e.depth = vars, nil, 0
}

// set assigns a variable of this scope.
func (e *env) set(name string, v *value) {
	if e.vars == nil {
		e.vars = make(map[string]*value, 4)
	}
	e.vars[name] = v
}

// merge joins the branches into e (all made from e by clone, done with).
// Each variable is joined over the branches in order from the first
// that has it, as if every branch held a copy of all of e's variables;
// the variables no branch assigned hold e's value in each and are left
// alone, so the cost is in what the branches changed.
func (e *env) merge(branches ...*env) {
	for i, b := range branches {
	keys:
		for k := range b.vars {
			for _, p := range branches[:i] {
				if _, ok := p.vars[k]; ok {
					continue keys // joined with an earlier branch
				}
			}
			first := 0
			for first < i {
				if _, ok := branches[first].get(k); ok {
					break
				}
				first++
			}
			v, _ := branches[first].get(k)
			for _, o := range branches[first+1:] {
				if ov, ok := o.get(k); ok && ov != v {
					v = join(v, ov)
				}
			}
			if old, ok := e.get(k); !ok || old != v {
				e.set(k, v)
			}
		}
	}
}

// mergeBranch is e.merge(e.clone(), b): the join of e with a branch b
// made from it (a loop body).
func (e *env) mergeBranch(b *env) {
	for k, v := range b.vars {
		if ev, ok := e.get(k); !ok {
			e.set(k, v)
		} else if ev != v {
			e.set(k, join(ev, v))
		}
	}
}

// mergeTaken is e.merge(b, e.clone()): the join of a branch b made from
// e with the path that skips it (an if without else). The values are
// joined in that order, as merge would.
func (e *env) mergeTaken(b *env) {
	for k, v := range b.vars {
		if ev, ok := e.get(k); !ok {
			e.set(k, v)
		} else if ev != v {
			e.set(k, join(v, ev))
		}
	}
}

// frame is the method being evaluated.
type frame struct {
	m      *method
	ret    *value
	hasRet bool
}

// summary is what a method does with its parameters: where they reach
// sinks (hits whose values carry parameter bits) and what it returns.
type summary struct {
	ret     *value
	hits    []*hit
	effects map[int]*value // what flows into an argument object (list.add(x) on a parameter)
	sig     uint64
}

// hit is a sink reached by a value.
type hit struct {
	rule string
	line int32
	what string
	arg  *value // the data that reaches the sink
	path *value // for file writes, the file's path
	obf  []verdict.Point
}

type hitKey struct {
	rule string
	line int32
	what string
}

// analysis is the state of one page's abstract interpretation.
type analysis struct {
	vs      values // storage of the most made values
	pg      *page
	st      lexStats
	pageCls *classDecl
	body    *block
	methods map[string][]*method
	classes map[string]*classDecl
	allCls  []*classDecl
	sums    map[*method]*summary
	fields  *env
	attrs   map[string]*value
	sinks
	inline   int // depth of methods evaluated on their actual arguments
	changed  bool
	cur      *frame
	loops    int
	budget   int
	strBytes int
	tr       traits
	depth    int // nesting of pages written by pages
	// decide is set for verdict.Decide: decided is then set by the first
	// decisive sink, and the evaluation stops.
	decide, decided bool
}

// sinks are the sinks reached in one pass.
type sinks struct {
	hits   map[hitKey]*hit // sinks reached by values of the page (call sites resolved)
	order  []hitKey
	sym    map[hitKey]*hit // sinks reached by a method's parameters (unresolved unless called)
	symOrd []hitKey
}

// add joins the sinks of o into s, after s's own.
func (s *sinks) add(o *sinks) {
	for _, k := range o.order {
		record(s.hits, &s.order, k, o.hits[k], false)
	}
	for _, k := range o.symOrd {
		record(s.sym, &s.symOrd, k, o.sym[k], false)
	}
}

// evalBudget bounds the evaluation steps of one page, strBudget the
// bytes of constant strings it builds (a loop appending to a builder
// would otherwise copy its text once per append).
const (
	evalBudget = 3_000_000
	strBudget  = 64 << 20
)

func (a *analysis) spend() bool {
	a.budget--
	return a.budget > 0
}

func (a *analysis) spendStr(n int) bool {
	a.strBytes -= n
	return a.strBytes > 0
}

// excerpt is the text of a line of the page (the page text is UTF-8
// even when the file was UTF-16; line numbers are the same).
func (a *analysis) excerpt(line int32) string {
	off := a.pg.lineStart(int(line))
	if off < 0 {
		return ""
	}
	return verdict.ExcerptAt(a.pg.text, off)
}

// point is a place in the page; its excerpt is filled in when a
// detection is reported.
func (a *analysis) point(line int32, what string) *verdict.Point {
	return &verdict.Point{Line: int(line), What: what}
}

// ---- statements --------------------------------------------------------

func (a *analysis) execBlock(b *block, en *env) {
	if b == nil {
		return
	}
	for _, s := range b.stmts {
		a.exec(s, en)
	}
}

func (a *analysis) exec(s stmt, en *env) {
	if s == nil || !a.spend() {
		return
	}
	switch s := s.(type) {
	case *block:
		a.execBlock(s, en)
	case *exprStmt:
		a.eval(s.x, en)
	case *localVar:
		for i, name := range s.names {
			var v *value
			if s.inits[i] != nil {
				v = a.eval(s.inits[i], en)
			} else {
				v = &value{}
			}
			v = typed(v, s.typ)
			en.set(name, v)
		}
	case *ifStmt:
		a.eval(s.cond, en)
		t := en.clone()
		a.exec(s.then, t)
		if s.els == nil {
			en.mergeTaken(t)
			break
		}
		f := en.clone()
		a.exec(s.els, f)
		en.merge(t, f)
	case *loopStmt:
		for _, i := range s.init {
			a.exec(i, en)
		}
		n := 2
		if a.loops >= 2 {
			n = 1
		}
		a.loops++
		for k := 0; k < n; k++ {
			b := en.clone()
			a.eval(s.cond, b)
			a.exec(s.body, b)
			for _, u := range s.update {
				a.eval(u, b)
			}
			en.mergeBranch(b)
		}
		a.loops--
	case *forEach:
		it := a.eval(s.iter, en)
		elem := elementOf(it)
		n := 2
		if a.loops >= 2 {
			n = 1
		}
		a.loops++
		for k := 0; k < n; k++ {
			b := en.clone()
			b.set(s.name, typed(elem, s.typ))
			a.exec(s.body, b)
			en.mergeBranch(b)
		}
		a.loops--
	case *tryStmt:
		for _, r := range s.res {
			a.exec(r, en)
		}
		// The body runs on a branch, so that en stays the state before
		// it, where a catch may start.
		body := en.clone()
		a.execBlock(s.body, body)
		branches := []*env{body}
		for _, c := range s.catches {
			b := en.clone()
			b.mergeBranch(body) // the join of the states before and after the body
			if c.name != "" {
				b.set(c.name, &value{open: true})
			}
			a.execBlock(c.body, b)
			branches = append(branches, b)
		}
		en.merge(branches...)
		a.execBlock(s.fin, en)
	case *switchStmt:
		a.eval(s.x, en)
		var branches []*env
		for _, c := range s.cases {
			b := en.clone()
			a.execBlock(c, b)
			branches = append(branches, b)
		}
		branches = append(branches, en.clone())
		en.merge(branches...)
	case *returnStmt:
		v := a.eval(s.x, en)
		if a.cur != nil && s.x != nil {
			if a.cur.hasRet {
				a.cur.ret = join(a.cur.ret, v)
			} else {
				a.cur.ret, a.cur.hasRet = v, true
			}
		}
	case *classStmt:
		a.evalClass(s.c, en)
	}
}

// elementOf is the value of an element of a collection or array.
func elementOf(v *value) *value {
	if v == nil {
		return nil
	}
	if len(v.elems) > 0 {
		var e *value
		for i, x := range v.elems {
			if i == 0 {
				e = x
			} else {
				e = join(e, x)
			}
		}
		return e
	}
	r := &value{t: v.t, open: true}
	if v.has(kFile) {
		r.kinds = kFile
		r.inner = v.inner
	}
	if v.has(kUpload) {
		r.kinds |= kUpload
	}
	if v.has(kMethod) {
		r.kinds |= kMethod
		r.refs = v.refs
	}
	return r
}

// typed adds the kinds a declared type implies.
func typed(v *value, typ string) *value {
	k := typeKinds(typ)
	if k == 0 || v.has(k) {
		return v
	}
	r := v.clone()
	r.kinds |= k
	return r
}

func typeKinds(typ string) kind {
	switch simpleName(typ) {
	case "HttpServletRequest", "ServletRequest", "HttpServletRequestWrapper", "MultipartHttpServletRequest", "RequestFacade", "Request":
		return kReq
	case "HttpSession":
		return kSession
	case "ServletContext", "ApplicationContext":
		return kApp
	case "HttpServletResponse", "ServletResponse":
		return kResp
	case "PageContext":
		return kPageCtx
	case "JspWriter":
		return kOut
	case "Runtime":
		return kRuntime
	case "ProcessBuilder":
		return kProcBuilder
	case "Process":
		return kProcess
	case "ScriptEngine", "ELProcessor", "GroovyShell", "Interpreter", "JShell", "ExpressionParser", "SpelExpressionParser":
		return kEngine
	case "ScriptEngineManager":
		return kEngineMgr
	case "InitialContext", "Context", "DirContext", "InitialDirContext", "LdapContext", "InitialLdapContext":
		return kJNDI
	case "Cipher":
		return kCipher
	case "FileItem", "Part", "MultipartFile", "DiskFileItem":
		return kUpload
	case "MessageDigest":
		return kDigest
	case "FileOutputStream", "FileWriter":
		return kFileOut
	}
	return 0
}

// ---- classes and methods -----------------------------------------------

// collect registers the classes and methods of c and its inner classes.
func (a *analysis) collect(c *classDecl) {
	a.allCls = append(a.allCls, c)
	if c.name != "" {
		a.classes[c.name] = c
	}
	for _, m := range c.methods {
		// Java has no two methods of one signature in a class; a page
		// with hundreds of same-named methods is junk meant to slow us.
		if len(a.methods[m.name]) < maxOverloads {
			a.methods[m.name] = append(a.methods[m.name], m)
		}
	}
	for _, in := range c.inner {
		a.collect(in)
	}
}

const maxOverloads = 16

// evalClass evaluates a class's field initialisers, initialiser blocks
// and methods; a local or anonymous class closes over en.
func (a *analysis) evalClass(c *classDecl, en *env) {
	if c == nil {
		return
	}
	if _, ok := a.classes[c.name]; !ok || c.name == "" {
		if !a.known(c) {
			a.collect(c)
		}
	}
	fe := a.fields
	if en != nil {
		fe = newEnv(en)
	}
	for _, f := range c.fields {
		for i, name := range f.names {
			var v *value
			if f.inits[i] != nil {
				v = a.eval(f.inits[i], fe)
			} else {
				v = &value{}
			}
			a.assignField(name, typed(v, f.typ))
		}
	}
	for _, b := range c.inits {
		a.withFrame(nil, func() { a.execBlock(b, newEnv(fe)) })
	}
	for _, m := range c.methods {
		a.evalMethod(m, fe)
	}
	for _, in := range c.inner {
		a.evalClass(in, nil)
	}
}

func (a *analysis) known(c *classDecl) bool {
	for _, k := range a.allCls {
		if k == c {
			return true
		}
	}
	return false
}

func (a *analysis) withFrame(f *frame, fn func()) {
	saved, savedLoops := a.cur, a.loops
	a.cur, a.loops = f, 0
	fn()
	a.cur, a.loops = saved, savedLoops
}

// evalMethod evaluates m's body with its parameters bound to symbolic
// values and merges what it found into m's summary.
func (a *analysis) evalMethod(m *method, parent *env) {
	if m.body == nil {
		return
	}
	en := newEnv(parent)
	for i, p := range m.params {
		v := a.newValue()
		v.t.bits, v.open = paramBit(i), true
		v = typed(v, p.typ)
		if v.has(kFile) {
			v.inner = &value{t: v.t, open: true}
		}
		en.vars[p.name] = v
	}
	en.vars["this"] = a.thisValue(m.cls)
	f := &frame{m: m}
	a.withFrame(f, func() { a.execBlock(m.body, en) })
	s := a.sums[m]
	if s == nil {
		s = &summary{}
		a.sums[m] = s
	}
	if f.hasRet {
		if s.ret == nil {
			s.ret = f.ret
		} else {
			s.ret = join(s.ret, f.ret)
		}
	}
	var esig uint64
	for i, p := range m.params {
		v, _ := en.get(p.name)
		if v == nil || v.t.bits&^paramBit(i) == 0 {
			continue
		}
		if s.effects == nil {
			s.effects = map[int]*value{}
		}
		e := &value{t: v.t, open: true}
		e.t.bits &^= paramBit(i)
		if old := s.effects[i]; old != nil {
			e = join(old, e)
		}
		s.effects[i] = e
		esig += uint64(i+1) * e.sig(0)
	}
	if sig := s.ret.sig(0)*1000003 + uint64(len(s.hits)) + esig*7919; sig != s.sig {
		s.sig = sig
		a.changed = true
	}
}

func (a *analysis) thisValue(c *classDecl) *value {
	v := a.newValue()
	v.open = true
	if c != nil {
		v.kinds = kUserObj | classKinds(c)
		if c.name != "" {
			v.refs = []string{c.name}
		}
	}
	return v
}

// classKinds is what extending or implementing c's supertypes makes it.
func classKinds(c *classDecl) kind {
	var k kind
	for _, s := range c.supers {
		switch s {
		case "ClassLoader", "URLClassLoader", "SecureClassLoader":
			k |= kLoader
		case "Filter", "Servlet", "HttpServlet", "GenericServlet", "ServletRequestListener", "ValveBase", "Valve",
			"HandlerInterceptor", "HandlerInterceptorAdapter", "ServletContextListener", "HttpSessionListener", "Controller":
			k |= kImpl
		}
	}
	return k
}

func (a *analysis) assignField(name string, v *value) {
	old, ok := a.fields.vars[name]
	if !ok {
		a.fields.vars[name] = v
		a.changed = true
		return
	}
	j := join(old, v)
	if old == nil && v != nil {
		j = v
	}
	if j.sig(0) != old.sig(0) {
		a.changed = true
	}
	a.fields.vars[name] = j
}

// ---- sinks -------------------------------------------------------------

// sink records that arg (and, for file writes, path) reaches a sink. In
// a method, parameter bits make it part of the method's summary.
func (a *analysis) sink(rule string, line int32, what string, arg, path *value) {
	h := &hit{rule: rule, line: line, what: what, arg: arg, path: path}
	if arg != nil {
		h.obf = arg.obf
	}
	k := hitKey{rule, line, what}
	symbolic := a.cur != nil && a.cur.m != nil && (arg.taint().bits>>bitParam0 != 0 || path.taint().bits>>bitParam0 != 0)
	record(a.hits, &a.order, k, h, symbolic)
	if a.decide && decisive(rule, arg) {
		// The detection this sink makes is scored Report or more however
		// the rest of the page evaluates: values only grow.
		a.decided = true
		a.budget = 0
	}
	if !symbolic {
		return
	}
	record(a.sym, &a.symOrd, k, h, false)
	s := a.sums[a.cur.m]
	if s == nil {
		s = &summary{}
		a.sums[a.cur.m] = s
	}
	for _, o := range s.hits {
		if o.rule == rule && o.line == line && o.what == what {
			o.arg = joinHit(o.arg, arg)
			o.path = joinHit(o.path, path)
			return
		}
	}
	s.hits = append(s.hits, h)
	a.changed = true
}

// decisive reports whether a sink reached by arg makes a detection
// scored verdict.Report or more (see scorer.hit) that nothing found later
// can lower: it depends only on taint bits, which only grow, unless they
// came through a call assumed to pass its arguments (fAssumed).
func decisive(rule string, arg *value) bool {
	t := arg.taint()
	if t.flags&fAssumed != 0 {
		return false
	}
	req, remote := t.bits&bitRequest != 0, t.bits&bitRemote != 0
	switch rule {
	case "exec", "defineclass", "eval", "jndi", "deser", "loadlib":
		return req || remote
	case "urlclassloader", "reflect":
		return req
	case "memshell":
		return true
	}
	return false
}

// record joins h into a hit table; a symbolic hit (a method's
// parameter reaching a sink) is only kept there when it also carries
// page values.
func record(m map[hitKey]*hit, order *[]hitKey, k hitKey, h *hit, symbolic bool) {
	if symbolic {
		if (h.arg.taint().bits|h.path.taint().bits)&(concrete|bitDB) == 0 {
			return
		}
		c := *h
		c.arg, c.path = stripParams(h.arg), stripParams(h.path)
		h = &c
	}
	if old, ok := m[k]; ok {
		old.arg = joinHit(old.arg, h.arg)
		old.path = joinHit(old.path, h.path)
		old.obf = mergePoints(old.obf, h.obf, 4)
		return
	}
	cp := *h
	m[k] = &cp
	*order = append(*order, k)
}

func stripParams(v *value) *value {
	if v == nil || v.t.bits>>bitParam0 == 0 {
		return v
	}
	r := v.clone()
	r.t.bits &= concrete | bitDB
	return r
}

func joinHit(a, b *value) *value {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	return join(a, b)
}

// ---- expressions -------------------------------------------------------
