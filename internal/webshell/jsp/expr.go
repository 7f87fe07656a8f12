package jsp

import (
	"strconv"
	"strings"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// Expressions: the abstract value of each Java expression, with the
// side effects (assignments, mutations) on the current scope.

func (a *analysis) eval(e expr, en *env) *value {
	if e == nil || !a.spend() {
		return nil
	}
	switch e := e.(type) {
	case *litExpr:
		return a.lit(e)
	case *nameExpr:
		return a.name(e, en)
	case *callExpr:
		return a.call(e, en)
	case *newExpr:
		return a.newObj(e, en)
	case *arrayInit:
		return a.array(e.elems, "", en)
	case *fieldExpr:
		return a.field(e, en)
	case *indexExpr:
		x := a.eval(e.x, en)
		i := a.eval(e.i, en)
		if x != nil && len(x.elems) > 0 && i != nil && i.hasNum && i.num >= 0 && i.num < int64(len(x.elems)) {
			return x.elems[i.num]
		}
		if x != nil && len(x.strs) == 1 && !x.open && i != nil && i.hasNum && i.num >= 0 && i.num < int64(len(x.strs[0])) {
			return &value{num: int64(x.strs[0][i.num]), hasNum: true}
		}
		return elementOf(x)
	case *unaryExpr:
		x := a.eval(e.x, en)
		switch e.op {
		case "-":
			if x != nil && x.hasNum {
				r := x.clone()
				r.num, r.char, r.strs = -x.num, false, nil
				return r
			}
		case "~":
			if x != nil && x.hasNum {
				r := x.clone()
				r.num, r.char, r.strs = ^x.num, false, nil
				return r
			}
		case "!":
			return &value{}
		case "++", "--":
			return &value{t: x.taint(), open: true}
		}
		return x
	case *binaryExpr:
		return a.binary(e, en)
	case *assignExpr:
		return a.assign(e, en)
	case *condExpr:
		a.eval(e.c, en)
		return join(a.eval(e.t, en), a.eval(e.f, en))
	case *castExpr:
		return a.cast(e, en)
	case *lambdaExpr:
		a.lambda(e, nil, en)
		return &value{open: true}
	case *classLit:
		return &value{kinds: kClass, refs: []string{a.resolveClass(e.typ)}}
	case *methodRef:
		// Runtime.getRuntime()::exec is a method bound to its receiver;
		// applying the functional interface calls it.
		x := a.eval(e.x, en)
		return &value{kinds: kMethod, refs: []string{dotted(e.x) + "#" + e.name}, inner: x, mref: true, open: true}
	case *stmtExpr:
		a.exec(e.s, en)
		return &value{open: true}
	}
	return nil
}

// lambda evaluates a lambda's body in a closure whose parameters carry
// the taint of the collection or stream it is applied to.
func (a *analysis) lambda(l *lambdaExpr, recv *value, en *env) {
	c := newEnv(en)
	for _, p := range l.params {
		if recv != nil {
			c.vars[p] = &value{t: recv.t, open: true}
		} else {
			c.vars[p] = &value{open: true}
		}
	}
	saved := a.cur
	if saved != nil {
		// A lambda's return is not its method's.
		a.cur = &frame{m: saved.m}
	}
	if l.block != nil {
		a.execBlock(l.block, c)
	} else {
		a.eval(l.body, c)
	}
	a.cur = saved
}

func (a *analysis) lit(e *litExpr) *value {
	switch e.kind {
	case tString:
		v := a.strVal(e.text)
		if e.esc {
			v.obf = []verdict.Point{{Line: int(e.line), What: "string spelled with \\u escapes"}}
		}
		return v
	case tChar:
		if n := len([]rune(e.text)); n != 1 { // EL's '...' strings
			return a.strVal(e.text)
		}
		v := a.newValue()
		v.num, v.hasNum, v.char = e.num, true, true
		return v
	case tNum:
		v := a.newValue()
		v.num, v.hasNum = e.num, true
		return v
	}
	if e.text == "null" {
		return a.newValue()
	}
	return a.strVal(e.text)
}

// implicit JSP objects and EL implicit objects.
func (a *analysis) name(e *nameExpr, en *env) *value {
	if v, ok := en.lookup(e.id); ok {
		return v
	}
	switch e.id {
	case "request":
		return a.kindVal(kReq)
	case "session":
		return a.kindVal(kSession)
	case "application":
		return a.kindVal(kApp)
	case "response":
		return a.kindVal(kResp)
	case "out":
		return a.kindVal(kOut)
	case "pageContext":
		return a.kindVal(kPageCtx)
	case "this", "page":
		return a.thisValue(a.pageCls)
	case "param", "paramValues", "header", "headerValues", "cookie":
		return &value{t: taint{bits: bitRequest, src: a.point(e.line, "EL "+e.id)}, open: true}
	}
	return nil
}

func (a *analysis) field(e *fieldExpr, en *env) *value {
	if n, ok := e.x.(*nameExpr); ok && n.id == "this" {
		if v, ok := a.fields.vars[e.name]; ok {
			return v
		}
	}
	x := a.eval(e.x, en)
	switch e.name {
	case "length":
		if x != nil && len(x.elems) > 0 {
			return &value{t: x.t, num: int64(len(x.elems)), hasNum: true}
		}
		return &value{t: x.taint(), open: true}
	case "out", "err":
		if dotted(e.x) == "System" {
			return &value{kinds: kOut, open: true}
		}
	case "request":
		if x.has(kPageCtx) {
			return &value{kinds: kReq, open: true}
		}
	case "session":
		if x.has(kPageCtx) {
			return &value{kinds: kSession, open: true}
		}
	case "servletContext":
		if x.has(kPageCtx) {
			return &value{kinds: kApp, open: true}
		}
	case "DECRYPT_MODE":
		return numVal(2)
	case "ENCRYPT_MODE":
		return numVal(1)
	}
	if x == nil {
		// EL: param.cmd and friends are handled by name(); a class's static field is unknown.
		return nil
	}
	// A field of an attacker-controlled object is attacker-controlled.
	return &value{t: x.t, open: true}
}

func (a *analysis) binary(e *binaryExpr, en *env) *value {
	if e.op == "+" {
		if l, ok := e.x.(*binaryExpr); ok && l.op == "+" {
			return a.concatChain(e, en)
		}
	}
	x := a.eval(e.x, en)
	if e.op == "instanceof" {
		return a.newValue()
	}
	y := a.eval(e.y, en)
	switch e.op {
	case "==", "!=", "<", ">", "<=", ">=", "&&", "||":
		return a.newValue()
	case "+":
		if isStringy(x) || isStringy(y) {
			return a.concat(x, y, e.line)
		}
	}
	r := a.newValue()
	r.t, r.open = joinTaint(x.taint(), y.taint()), true
	if x != nil && y != nil && x.hasNum && y.hasNum {
		if n, ok := arith(e.op, x.num, y.num); ok {
			r.num, r.hasNum, r.open = n, true, false
		}
	}
	if e.op == "^" && r.t.bits != 0 {
		r.t = r.t.withStep(e.line, "XOR", fXor)
	}
	return r
}

func arith(op string, x, y int64) (int64, bool) {
	switch op {
	case "+":
		return x + y, true
	case "-":
		return x - y, true
	case "*":
		return x * y, true
	case "/":
		if y != 0 {
			return x / y, true
		}
	case "%":
		if y != 0 {
			return x % y, true
		}
	case "^":
		return x ^ y, true
	case "&":
		return x & y, true
	case "|":
		return x | y, true
	case "<<":
		return x << (uint64(y) & 63), true
	case ">>":
		return x >> (uint64(y) & 63), true
	case ">>>":
		return int64(uint64(x) >> (uint64(y) & 63)), true
	}
	return 0, false
}

// concatChain evaluates a chain a + b + c + ... in one go: pages built
// from hundreds of HTML literals would otherwise copy their text once
// per '+'.
func (a *analysis) concatChain(e *binaryExpr, en *env) *value {
	var operands []expr
	var x expr = e
	for {
		b, ok := x.(*binaryExpr)
		if !ok || b.op != "+" {
			break
		}
		operands = append(operands, b.y)
		x = b.x
	}
	operands = append(operands, x)
	// operands are in reverse order.
	vals := make([]*value, len(operands))
	for i := range operands {
		vals[len(operands)-1-i] = a.eval(operands[i], en)
	}
	acc := vals[0]
	i := 1
	// Numeric prefix: 1 + 2 + "x" is "3x".
	for ; i < len(vals) && !isStringy(acc) && !isStringy(vals[i]); i++ {
		y := vals[i]
		r := &value{t: joinTaint(acc.taint(), y.taint()), open: true}
		if acc != nil && y != nil && acc.hasNum && y.hasNum {
			r.num, r.hasNum, r.open = acc.num+y.num, true, false
		}
		acc = r
	}
	if i >= len(vals) {
		return acc
	}
	// The string part: single-valued pieces are joined with a builder.
	var b strings.Builder
	r := &value{}
	single, tooLong := true, false
	for k := i - 1; k < len(vals); k++ {
		v := vals[k]
		ss := v.stringsOf()
		if v == nil || len(ss) != 1 || v.open && len(ss) == 0 {
			single = false
		}
		r.t = joinTaint(r.t, v.taint())
		if v != nil {
			r.obf = mergePoints(r.obf, v.obf, 4)
			if v.open {
				r.open = true
			}
		} else {
			r.open = true
		}
		if single && len(ss) == 1 && b.Len()+len(ss[0]) <= maxStrLen {
			b.WriteString(ss[0])
		} else if single {
			single = false
			if len(ss) == 1 {
				// Too long to keep: the value is not a known constant.
				tooLong = true
			}
		}
	}
	if tooLong || single && !a.spendStr(b.Len()) {
		r.strs = nil
		r.open = true
		return r
	}
	if single {
		r.strs = []string{b.String()}
		if len(vals)-i+1 >= 3 {
			if n := dangerousName(r.strs[0]); n != "" {
				pieces := 0
				for k := i - 1; k < len(vals); k++ {
					if s := vals[k].stringsOf(); len(s) == 1 && s[0] != "" && dangerousName(s[0]) != n {
						pieces++
					}
				}
				if pieces >= 2 {
					r.obf = mergePoints(r.obf, []verdict.Point{{Line: int(e.line), What: "\"" + n + "\" split into pieces"}}, 4)
				}
			}
		}
		return r
	}
	// Several possible values somewhere: fold pairwise (bounded by maxStrs).
	acc = vals[i-1]
	for k := i; k < len(vals); k++ {
		acc = a.concat(acc, vals[k], e.line)
	}
	return acc
}

// isStringy reports a value that is a string (not a number or char).
func isStringy(v *value) bool {
	return v != nil && (len(v.strs) > 0 || v.open && !v.hasNum) && !v.hasNum
}

// concat is Java's string '+'.
func (a *analysis) concat(x, y *value, line int32) *value {
	r := a.newValue()
	r.t, r.open = joinTaint(x.taint(), y.taint()), x.isOpen() || y.isOpen()
	xs, ys := x.stringsOf(), y.stringsOf()
	if x == nil {
		xs = nil
	}
	for _, p := range xs {
		for _, q := range ys {
			if len(r.strs) >= maxStrs || len(p)+len(q) > maxStrLen || !a.spendStr(len(p)+len(q)) {
				r.open = true
				break
			}
			r.strs = append(r.strs, p+q)
		}
	}
	if len(r.strs) == 0 {
		r.open = true
	}
	if x != nil {
		r.obf = x.obf
	}
	if y != nil {
		r.obf = mergePoints(r.obf, y.obf, 4)
	}
	// A dangerous name split into pieces ("Run"+"time") hides it from text search.
	if !r.open && x != nil && y != nil && len(xs) == 1 && len(ys) == 1 && xs[0] != "" && ys[0] != "" {
		for _, s := range r.strs {
			if n := dangerousName(s); n != "" && dangerousName(xs[0]) != n && dangerousName(ys[0]) != n {
				r.obf = mergePoints(r.obf, []verdict.Point{{Line: int(line), What: "\"" + n + "\" split into pieces"}}, 4)
			}
		}
	}
	return r
}

func (a *analysis) assign(e *assignExpr, en *env) *value {
	r := a.eval(e.r, en)
	v := r
	if e.op != "=" {
		l := a.eval(e.l, en)
		if e.op == "+=" && (isStringy(l) || isStringy(r)) {
			v = a.concat(l, r, e.line)
		} else {
			v = &value{t: joinTaint(l.taint(), r.taint()), open: true}
			if l != nil && r != nil && l.hasNum && r.hasNum {
				if n, ok := arith(strings.TrimSuffix(e.op, "="), l.num, r.num); ok {
					v.num, v.hasNum, v.open = n, true, false
				}
			}
			if e.op == "^=" && v.t.bits != 0 {
				v.t = v.t.withStep(e.line, "XOR", fXor)
			}
		}
	}
	a.store(e.l, v, en, false)
	return v
}

// store assigns v to the target expression. An element or field of an
// object only adds to the object (weak update).
func (a *analysis) store(target expr, v *value, en *env, weak bool) {
	switch t := target.(type) {
	case *nameExpr:
		a.setVar(t.id, v, en, weak)
	case *fieldExpr:
		if n, ok := t.x.(*nameExpr); ok && n.id == "this" {
			a.assignField(t.name, v)
			return
		}
		if root := rootVar(t.x); root != "" {
			a.setVar(root, addTaint(a.lookupVar(root, en), v), en, true)
		}
	case *indexExpr:
		if root := rootVar(t.x); root != "" {
			old := a.lookupVar(root, en)
			nv := addTaint(old, v)
			if t.i != nil && old != nil && len(old.elems) > 0 {
				if i := a.eval(t.i, en); i != nil && i.hasNum && i.num >= 0 && i.num < int64(len(old.elems)) {
					nv = old.clone()
					nv.elems = append([]*value(nil), old.elems...)
					nv.elems[i.num] = v
					nv.t = joinTaint(nv.t, v.taint())
				}
			}
			a.setVar(root, nv, en, false)
		}
	}
}

func (a *analysis) lookupVar(name string, en *env) *value {
	v, _ := en.lookup(name)
	return v
}

// addTaint returns old with v's taint (and obfuscation) added.
func addTaint(old, v *value) *value {
	if v == nil || v.t.bits == 0 && v.t.flags == 0 {
		return old
	}
	r := old.clone()
	r.t = joinTaint(r.t, v.t)
	return r
}

// setVar assigns a variable: a local is replaced (or joined for a weak
// update), a field accumulates.
func (a *analysis) setVar(name string, v *value, en *env, weak bool) {
	for s := en; s != nil; s = s.parent {
		old, ok := s.get(name)
		if !ok {
			continue
		}
		if s.shared {
			a.assignField(name, v)
			return
		}
		if weak {
			v = join(old, v)
		}
		s.set(name, v)
		return
	}
	en.set(name, v)
}

// rootVar is the variable at the root of a.b[c].d, or "".
func rootVar(x expr) string {
	for x != nil {
		switch t := x.(type) {
		case *nameExpr:
			if t.id == "this" {
				return ""
			}
			return t.id
		case *fieldExpr:
			if n, ok := t.x.(*nameExpr); ok && n.id == "this" {
				return t.name
			}
			x = t.x
		case *indexExpr:
			x = t.x
		case *castExpr:
			x = t.x
		default:
			return ""
		}
	}
	return ""
}

func (a *analysis) cast(e *castExpr, en *env) *value {
	x := a.eval(e.x, en)
	switch strings.TrimPrefix(e.typ, "java.lang.") {
	case "char":
		if x != nil && x.hasNum {
			r := x.clone()
			r.num, r.char, r.strs = int64(uint16(x.num)), true, nil
			if !x.char {
				r.obf = mergePoints(r.obf, []verdict.Point{{Line: int(e.line), What: "character from a number"}}, 4)
			}
			return r
		}
	case "byte":
		if x != nil && x.hasNum {
			r := x.clone()
			r.num, r.char, r.strs = int64(int8(x.num)), false, nil
			return r
		}
	case "int", "long", "short":
		if x != nil && x.hasNum {
			r := x.clone()
			r.char, r.strs = false, nil
			return r
		}
	}
	return typed(x, e.typ)
}

// array evaluates array elements; for byte, char and int elements that
// are all constant, strs holds them as bytes of a string.
func (a *analysis) array(elems []expr, typ string, en *env) *value {
	r := &value{}
	var b strings.Builder
	nums := true
	for _, x := range elems {
		v := a.eval(x, en)
		if len(r.elems) < 4096 {
			r.elems = append(r.elems, v)
		} else {
			r.open = true
		}
		r.t = joinTaint(r.t, v.taint())
		if v != nil {
			r.obf = mergePoints(r.obf, v.obf, 4)
		}
		if v != nil && v.hasNum && !v.open {
			if v.char || typ == "char" {
				b.WriteRune(rune(v.num))
			} else {
				b.WriteByte(byte(v.num))
			}
		} else {
			nums = false
		}
	}
	if nums && len(elems) > 0 && b.Len() <= maxStrLen {
		r.strs = []string{b.String()}
	}
	if len(elems) == 0 {
		r.strs = []string{""}
	}
	return r
}

// resolveClass qualifies a class name through java.lang and the page's imports.
func (a *analysis) resolveClass(name string) string {
	if strings.Contains(name, ".") {
		return name
	}
	for _, imp := range a.pg.imports {
		if strings.HasSuffix(imp, "."+name) {
			return imp
		}
	}
	switch name {
	case "Runtime", "ProcessBuilder", "ClassLoader", "Class", "String", "System", "Thread", "Object", "ProcessImpl":
		return "java.lang." + name
	}
	return name
}

// render prints an expression compactly for a finding's "what".
func render(e expr) string {
	var b strings.Builder
	renderTo(&b, e, 0)
	s := b.String()
	if len(s) > 120 {
		s = s[:117] + "..."
	}
	return s
}

func renderTo(b *strings.Builder, e expr, depth int) {
	if depth > 6 || b.Len() > 140 {
		b.WriteString("…")
		return
	}
	switch e := e.(type) {
	case *nameExpr:
		b.WriteString(e.id)
	case *litExpr:
		switch e.kind {
		case tString:
			s := e.text
			if len(s) > 40 {
				s = s[:40] + "…"
			}
			b.WriteString(strconv.Quote(s))
		case tChar:
			b.WriteString("'" + e.text + "'")
		default:
			b.WriteString(e.text)
		}
	case *callExpr:
		if e.recv != nil {
			renderTo(b, e.recv, depth+1)
			b.WriteByte('.')
		}
		b.WriteString(e.name)
		b.WriteByte('(')
		for i, x := range e.args {
			if i > 0 {
				b.WriteString(", ")
			}
			if i >= 3 {
				b.WriteString("…")
				break
			}
			renderTo(b, x, depth+1)
		}
		b.WriteByte(')')
	case *fieldExpr:
		renderTo(b, e.x, depth+1)
		b.WriteByte('.')
		b.WriteString(e.name)
	case *newExpr:
		b.WriteString("new " + e.typ)
		if e.array {
			b.WriteString("[]")
		} else {
			b.WriteString("(…)")
		}
	case *castExpr:
		b.WriteString("(" + e.typ + ")")
		renderTo(b, e.x, depth+1)
	case *indexExpr:
		renderTo(b, e.x, depth+1)
		b.WriteString("[…]")
	case *binaryExpr:
		renderTo(b, e.x, depth+1)
		b.WriteString(" " + e.op + " ")
		renderTo(b, e.y, depth+1)
	default:
		b.WriteString("…")
	}
}
