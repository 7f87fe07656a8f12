package jsp

import (
	"slices"
	"strings"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// callCtx is one call being evaluated: a source call, or a reflective
// call re-dispatched by name.
type callCtx struct {
	e        *callExpr
	name     string
	recv     *value
	recvExpr expr
	recvName string // dotted spelling of the receiver ("Runtime", "request") or the reflected class
	args     []*value
	line     int32
	en       *env
	reflect  bool
	depth    int
}

// argExprs are the argument expressions, when the call is the one
// written (a reflective call's arguments are not its expression's).
func (c *callCtx) argExprs() []expr {
	if c.reflect || c.e == nil {
		return nil
	}
	return c.e.args
}

func (c *callCtx) argExpr(i int) expr {
	if xs := c.argExprs(); i < len(xs) {
		return xs[i]
	}
	return nil
}

func (c *callCtx) arg(i int) *value {
	if i < len(c.args) {
		return c.args[i]
	}
	return nil
}

// argsJoin joins the arguments from i on.
func (c *callCtx) argsJoin(i int) *value {
	var r *value
	for k := i; k < len(c.args); k++ {
		if k == i {
			r = c.args[k]
		} else {
			r = join(r, c.args[k])
		}
	}
	return r
}

func (c *callCtx) recvIs(names ...string) bool {
	s := simpleName(c.recvName)
	for _, n := range names {
		if s == n || c.recvName == n {
			return true
		}
	}
	return false
}

// what names the called method for a finding ("Runtime.exec").
func (c *callCtx) what(typ string) string {
	w := typ + "." + c.name
	if c.reflect {
		w += " (by reflection)"
	}
	return w
}

func (a *analysis) call(e *callExpr, en *env) *value {
	var rv *value
	if e.recv != nil {
		rv = a.eval(e.recv, en)
	}
	args := a.vs.lists.take(len(e.args))
	for i, x := range e.args {
		if l, ok := x.(*lambdaExpr); ok {
			a.lambda(l, rv, en)
			args[i] = &value{open: true}
			continue
		}
		args[i] = a.eval(x, en)
	}
	if e.recv == nil && (e.name == "super" || e.name == "this") {
		return &value{}
	}
	if ms := a.userMethods(e, rv, len(args)); ms != nil {
		if r, ok := a.inlineCall(ms, args); ok {
			a.applyEffects(ms, e, args, en)
			return r
		}
		return a.applySummaries(ms, e, args, en)
	}
	return a.builtin(&callCtx{e: e, name: e.name, recv: rv, recvExpr: e.recv, recvName: dotted(e.recv), args: args, line: e.line, en: en})
}

// userMethods returns the page's methods a call may reach: same name,
// compatible arity, and a receiver that is not a known library object.
func (a *analysis) userMethods(e *callExpr, rv *value, n int) []*method {
	cands := a.methods[e.name]
	if len(cands) == 0 {
		return nil
	}
	if e.recv != nil {
		if x, ok := e.recv.(*nameExpr); ok && x.id == "super" {
			return nil
		}
		if rv != nil && rv.kinds&^(kUserObj|kLoader|kImpl) != 0 && !rv.has(kUserObj) {
			return nil
		}
		if rv == nil && isStaticLib(dotted(e.recv)) {
			return nil
		}
	}
	fits := func(m *method) bool {
		np := len(m.params)
		return np == n || np > 0 && np-1 <= n && strings.HasSuffix(m.params[np-1].typ, "[]")
	}
	// Mostly every candidate fits (one method of the name): the list
	// is then returned as it is, clipped so that an append copies it.
	all := true
	for _, m := range cands {
		all = all && fits(m)
	}
	if all {
		return slices.Clip(cands)
	}
	var out []*method
	for _, m := range cands {
		if fits(m) {
			out = append(out, m)
		}
	}
	return out
}

// isStaticLib reports a receiver spelled as a library class.
func isStaticLib(name string) bool {
	switch simpleName(name) {
	case "Runtime", "Class", "System", "Base64", "Files", "Paths", "Thread", "ClassLoader", "Cipher", "MessageDigest",
		"String", "Integer", "Arrays", "Collections", "URLDecoder", "DriverManager", "MethodHandles":
		return true
	}
	return false
}

// maxInline bounds the nesting of methods evaluated on their actual
// arguments, and maxInlineSize their size in tokens.
const (
	maxInline     = 2
	maxInlineSize = 800
)

// inlineCall evaluates small methods on the actual arguments when one is
// a constant: a helper that decodes or assembles a class or method name
// ("d(\"amF2YS5sYW5n...\")") then yields the name, not just its taint.
func (a *analysis) inlineCall(ms []*method, args []*value) (*value, bool) {
	if a.inline >= maxInline {
		return nil, false
	}
	hasConst := false
	for _, x := range args {
		if x.constLike() {
			hasConst = true
		}
	}
	if !hasConst {
		return nil, false
	}
	for _, m := range ms {
		if m.body == nil || m.size > maxInlineSize {
			return nil, false
		}
	}
	var ret *value
	have := false
	a.inline++
	for _, m := range ms {
		ne := newEnv(a.fields)
		for i, p := range m.params {
			var v *value
			if i < len(args) {
				v = args[i]
			}
			if i == len(m.params)-1 && len(args) > len(m.params) {
				v = &value{open: true}
			}
			ne.vars[p.name] = typed(v, p.typ)
		}
		ne.vars["this"] = a.thisValue(m.cls)
		var caller *method
		if a.cur != nil {
			caller = a.cur.m
		}
		f := &frame{m: caller}
		saved := a.cur
		a.cur = f
		a.execBlock(m.body, ne)
		a.cur = saved
		if f.hasRet {
			if !have {
				ret, have = f.ret, true
			} else {
				ret = join(ret, f.ret)
			}
		}
	}
	a.inline--
	if !have {
		return &value{open: true}, true
	}
	return ret, true
}

// applyEffects applies what methods do to their argument objects.
func (a *analysis) applyEffects(ms []*method, e *callExpr, args []*value, en *env) {
	for _, m := range ms {
		s := a.sums[m]
		if s == nil {
			continue
		}
		var via *verdict.Point // made when a value needs it (see viaFor)
		for i, eff := range s.effects {
			if i >= len(e.args) {
				continue
			}
			if root := rootVar(e.args[i]); root != "" {
				if old, ok := en.lookup(root); ok {
					if t := subst(eff, args, viaFor(&via, eff, e, m)).taint(); t.bits != 0 {
						a.taintVar(root, old, t, en)
					}
				}
			}
		}
	}
}

// viaFor returns the step "calls m()" at call e for subst of v, made once
// into *via; nil when v does not depend on the parameters, which subst
// then returns as it is without reading the step. Most summarised values
// are such, and the step's text and point cost more than the rest.
func viaFor(via **verdict.Point, v *value, e *callExpr, m *method) *verdict.Point {
	if v == nil || v.t.bits>>bitParam0 == 0 && (v.inner == nil || v.inner.t.bits>>bitParam0 == 0) {
		return nil
	}
	if *via == nil {
		*via = &verdict.Point{Line: int(e.line), What: "calls " + m.name + "()"}
	}
	return *via
}

func (a *analysis) applySummaries(ms []*method, e *callExpr, args []*value, en *env) *value {
	a.applyEffects(ms, e, args, en)
	var ret *value
	have := false
	for _, m := range ms {
		s := a.sums[m]
		if s == nil {
			continue
		}
		var via *verdict.Point // made when a value needs it (see viaFor)
		for _, h := range s.hits {
			arg := subst(h.arg, args, viaFor(&via, h.arg, e, m))
			path := subst(h.path, args, viaFor(&via, h.path, e, m))
			a.sink(h.rule, h.line, h.what, arg, path)
		}
		r := subst(s.ret, args, viaFor(&via, s.ret, e, m))
		if !have {
			ret, have = r, true
		} else {
			ret = join(ret, r)
		}
	}
	if !have {
		// Not summarised yet: assume the arguments flow through.
		var t taint
		for _, x := range args {
			t = joinTaint(t, x.taint())
		}
		if t.bits != 0 {
			t.flags |= fAssumed
		}
		return &value{t: t, open: true}
	}
	if ret == nil {
		return &value{open: true}
	}
	return ret
}

// mutators change their receiver with their arguments.
var mutatorPrefixes = []string{"add", "put", "set", "write", "print", "append", "insert", "push", "offer", "update", "parse", "load", "store", "fill", "enqueue"}

func isMutator(name string) bool {
	for _, p := range mutatorPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func (a *analysis) defaultCall(c *callCtx) *value {
	t := c.recv.taint()
	for _, x := range c.args {
		t = joinTaint(t, a.argTaint(x, c))
	}
	r := a.newValue()
	r.t, r.open = t, true
	if c.recv.has(kUpload) {
		r.kinds |= kUpload
	}
	// The receiver takes in what is written into it.
	if c.recvExpr != nil && !c.recv.has(kOut|kResp|kReq|kSession|kApp|kPageCtx|kFileOut|kProcIn|kSockOut) && isMutator(c.name) {
		if root := rootVar(c.recvExpr); root != "" {
			if old, ok := c.en.lookup(root); ok {
				var at taint
				for _, x := range c.args {
					at = joinTaint(at, a.argTaint(x, c))
				}
				if at.bits != 0 {
					a.taintVar(root, old, at, c.en)
				}
				if strings.HasPrefix(c.name, "set") {
					a.alias(root, old, c)
				}
				// logger.addHandler(new FileHandler(path)): the logger now writes the file.
				for _, x := range c.args {
					if x.has(kFileOut) && (strings.HasPrefix(c.name, "add") || strings.HasPrefix(c.name, "set")) {
						if cur, ok := c.en.lookup(root); ok {
							nv := cur.clone()
							nv.kinds |= kFileOut
							nv.inner = x.inner
							a.setVar(root, nv, c.en, false)
						}
					}
				}
			}
		}
	}
	// Reading from a tainted stream fills the buffer argument.
	if c.recv.taint().bits != 0 {
		switch c.name {
		case "read", "readFully", "readNBytes", "transferTo", "drainTo", "toArray", "getChars", "getBytes":
			for _, x := range c.argExprs() {
				if root := rootVar(x); root != "" {
					if old, ok := c.en.lookup(root); ok && !old.has(kFileOut) {
						a.taintVar(root, old, c.recv.t, c.en)
					}
				}
			}
		}
	}
	return r
}

// taintVar adds t to a variable and to the variables its object wraps.
func (a *analysis) taintVar(name string, old *value, t taint, en *env) {
	nv := old.clone()
	nv.t = joinTaint(nv.t, t)
	if old == nil {
		nv.open = true
	}
	a.setVar(name, nv, en, false)
	if old == nil {
		return
	}
	for _, al := range old.aliases {
		if al == name {
			continue
		}
		if ov, ok := en.lookup(al); ok {
			w := ov.clone()
			w.t = joinTaint(w.t, t)
			a.setVar(al, w, en, false)
		}
	}
}

// alias records that the receiver now holds the variables passed to a
// setter (upload.setTargetOutput(stream): what the upload reads lands in stream).
func (a *analysis) alias(root string, old *value, c *callCtx) {
	var names []string
	for _, x := range c.argExprs() {
		if n, ok := x.(*nameExpr); ok {
			names = append(names, n.id)
		}
	}
	if len(names) == 0 {
		return
	}
	nv := old.clone()
	nv.aliases = unionStrs(nv.aliases, names, nil)
	a.setVar(root, nv, c.en, false)
}

// builtin is the model of the Java and servlet library: sources,
// propagation, decoding, reflection and sinks.
func (a *analysis) builtin(c *callCtx) *value {
	if c.depth > 4 {
		return &value{open: true}
	}
	if v, ok := a.servletModel(c); ok {
		return v
	}
	if v, ok := a.execModel(c); ok {
		return v
	}
	if v, ok := a.reflectModel(c); ok {
		return v
	}
	if v, ok := a.dataModel(c); ok {
		return v
	}
	if v, ok := a.fileModel(c); ok {
		return v
	}
	return a.defaultCall(c)
}

// construct models "new T(args)" (and reflective newInstance).
func (a *analysis) construct(typ string, args []*value, line int32, e *newExpr, en *env, depth int) *value {
	arg := func(i int) *value {
		if i < len(args) {
			return args[i]
		}
		return nil
	}
	all := func() *value {
		var r *value
		for i, x := range args {
			if i == 0 {
				r = x
			} else {
				r = join(r, x)
			}
		}
		return r
	}
	what := "new " + simpleName(typ)
	if e == nil {
		what += " (by reflection)"
	}
	name := simpleName(typ)
	switch name {
	case "String":
		x := arg(0)
		if x == nil {
			return &value{strs: []string{""}}
		}
		r := strValueOf(x)
		r.kinds, r.inner, r.aliases, r.elems = 0, nil, nil, nil
		if len(x.elems) >= 3 && len(x.strs) == 1 && !x.open && dangerousName(x.strs[0]) != "" {
			r.obf = mergePoints(r.obf, []verdict.Point{{Line: int(line), What: "string built from a byte or char array"}}, 4)
		}
		for _, y := range args[1:] {
			r.t = joinTaint(r.t, y.taint())
		}
		return r
	case "StringBuilder", "StringBuffer":
		if x := arg(0); x != nil && !x.hasNum {
			return strValueOf(x)
		}
		return &value{strs: []string{""}}
	case "File":
		var p *value
		if len(args) >= 2 {
			p = a.pathJoin(pathOf(arg(0)), arg(1))
		} else {
			p = pathOf(arg(0))
		}
		if p == nil {
			p = &value{open: true}
		}
		return &value{kinds: kFile, inner: p, t: p.taint(), open: true}
	case "FileOutputStream", "FileWriter", "PrintStream", "FileHandler", "FileImageOutputStream", "RandomAccessFile", "PrintWriter", "Formatter":
		x := arg(0)
		if name == "PrintWriter" || name == "PrintStream" || name == "Formatter" {
			if x.has(kOut | kResp | kSockOut | kProcIn | kFileOut) {
				return wrapperOf(x, args)
			}
			if !(x.has(kFile) || isStringy(x)) {
				break
			}
		}
		p := pathOf(x)
		if p == nil {
			p = &value{open: true}
		}
		if name == "RandomAccessFile" {
			if m := arg(1); m.isConst() && m.strs[0] == "r" {
				a.sink("fs.read", line, what, p, nil)
				return &value{kinds: kFileIn, inner: p, open: true}
			}
		}
		a.sink("fs.open-write", line, what, p, nil)
		if name == "FileHandler" {
			a.tr.fileHandler = line
		}
		return &value{kinds: kFileOut, inner: p, open: true}
	case "FileInputStream", "FileReader", "Scanner", "ZipFile", "JarFile":
		x := arg(0)
		if name == "Scanner" && !x.has(kFile) {
			break
		}
		p := pathOf(x)
		a.sink("fs.read", line, what, p, nil)
		return &value{kinds: kFileIn, inner: p, open: true}
	case "ProcessBuilder":
		cmd := all()
		if cmd == nil {
			cmd = &value{}
		}
		return &value{kinds: kProcBuilder, inner: cmd, open: true}
	case "URL", "URI":
		x := all()
		return &value{kinds: kURL, inner: x, t: x.taint(), open: true}
	case "URLClassLoader", "MLet", "PrivateMLet":
		x := all()
		a.sink("urlclassloader", line, what, x, nil)
		return &value{kinds: kLoader, t: x.taint(), open: true}
	case "ScriptEngineManager":
		return &value{kinds: kEngineMgr, open: true}
	case "ClassLoader":
		if strings.Contains(strings.ToLower(typ), "bcel") {
			return &value{kinds: kLoader, refs: []string{"bcel"}, open: true}
		}
	case "Expression", "Statement":
		// java.beans.Expression(target, "method", args): a reflective call.
		if len(args) >= 2 && arg(1).isConst() && (e == nil || strings.Contains(typ, "beans") || len(args) == 3) {
			var rest []*value
			if x := arg(2); x != nil && len(x.elems) > 0 {
				rest = x.elems
			} else if x != nil {
				rest = []*value{x}
			}
			recv := arg(0)
			sub := &callCtx{name: arg(1).strs[0], recv: recv, recvName: strings.Join(classOf(recv), ""), args: rest, line: line, en: en, reflect: true, depth: depth + 1}
			return a.builtin(sub)
		}
	case "GroovyShell", "Interpreter", "ELProcessor", "SpelExpressionParser", "GroovyClassLoader", "JexlEngine", "JexlBuilder":
		return &value{kinds: kEngine, open: true}
	case "InitialContext", "InitialDirContext", "InitialLdapContext":
		return &value{kinds: kJNDI, open: true}
	case "ObjectInputStream", "XMLDecoder":
		x := arg(0)
		return &value{kinds: kOIS, inner: x, t: x.taint(), open: true}
	case "Socket":
		if len(args) >= 1 {
			a.sink("net.connect", line, what, arg(0), nil)
			a.tr.socket = line
		}
		return &value{kinds: kSocket, open: true}
	case "InetSocketAddress":
		x := arg(0)
		return &value{t: x.taint(), strs: x.stringsOf(), open: x.isOpen()}
	case "SecretKeySpec":
		k := arg(0)
		return &value{kinds: kKey, inner: k, open: true}
	case "CipherInputStream":
		x := arg(0)
		r := &value{t: x.taint(), open: true}
		r.t = r.t.withStep(line, "decrypted (CipherInputStream)", fDecrypted)
		return r
	case "GZIPInputStream", "InflaterInputStream", "ZipInputStream":
		x := arg(0)
		r := &value{t: x.taint(), open: true, aliases: nameArgs(e)}
		r.t = r.t.withStep(line, "decompressed", fInflated)
		return r
	case "BASE64Decoder", "Base64":
		return &value{kinds: kB64Dec, open: true}
	case "MultipartRequest":
		// com.oreilly.servlet: the constructor saves the uploaded files.
		if len(args) >= 2 {
			req := &value{t: a.argTaint(arg(0), &callCtx{name: "MultipartRequest", line: line})}
			req.t.flags |= fUpload
			a.sink("filewrite", line, what, req, pathOf(arg(1)))
		}
	}
	if cls, ok := a.classes[name]; ok && e != nil {
		r := &value{kinds: kUserObj | classKinds(cls), refs: []string{name}, open: true}
		if classKinds(cls)&kImpl != 0 {
			a.tr.impl = line
		}
		if ms := a.methods[name]; len(ms) > 0 {
			ce := &callExpr{name: name, line: line}
			var ctors []*method
			for _, m := range ms {
				if m.ctor && len(m.params) == len(args) {
					ctors = append(ctors, m)
				}
			}
			if len(ctors) > 0 {
				a.applySummaries(ctors, ce, args, en)
			}
		}
		return r
	}
	if e == nil && depth > 0 {
		switch name {
		case "Runtime":
			return &value{kinds: kRuntime, open: true}
		}
	}
	return wrapperOf(nil, args)
}

// wrapperOf is a stream, reader or writer wrapping its arguments: it
// carries their taint, stays a file writer when it wraps one, and
// aliases the variables it wraps.
func wrapperOf(x *value, args []*value) *value {
	r := &value{open: true}
	for _, y := range args {
		if y == nil {
			continue
		}
		r.t = joinTaint(r.t, y.t)
		if y.has(kFileOut | kOut | kSockOut | kProcIn | kUpload | kFileIn | kOIS) {
			r.kinds |= y.kinds & (kFileOut | kOut | kSockOut | kProcIn | kUpload | kFileIn)
			if y.has(kFileOut|kFileIn) && r.inner == nil {
				r.inner = y.inner
			}
		}
		if y.has(kReq) {
			r.t = joinTaint(r.t, taint{bits: bitRequest})
		}
	}
	return r
}

func nameArgs(e *newExpr) []string {
	if e == nil {
		return nil
	}
	var out []string
	for _, x := range e.args {
		if n, ok := x.(*nameExpr); ok {
			out = append(out, n.id)
		}
	}
	return out
}

func (a *analysis) newObj(e *newExpr, en *env) *value {
	if e.array {
		for _, d := range e.dims {
			a.eval(d, en)
		}
		if e.init != nil {
			return a.array(e.init.elems, strings.TrimRight(e.typ, "[]"), en)
		}
		return &value{}
	}
	args := a.vs.lists.take(len(e.args))
	for i, x := range e.args {
		args[i] = a.eval(x, en)
	}
	if e.body != nil {
		// An anonymous class: its methods close over the current scope.
		e.body.supers = []string{simpleName(e.typ)}
		a.evalClass(e.body, en)
		r := &value{kinds: kUserObj | classKinds(e.body), open: true}
		if classKinds(e.body)&kImpl != 0 {
			a.tr.impl = e.line
		}
		return r
	}
	r := a.construct(e.typ, args, e.line, e, en, 0)
	if r != nil && len(r.aliases) == 0 && r.kinds&(kFile|kProcBuilder|kURL) == 0 {
		if names := nameArgs(e); len(names) > 0 {
			r = r.clone()
			r.aliases = names
		}
	}
	return r
}
