package asp

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
)

// maxInner bounds the pieces of executed code analysed in one page, and
// maxNest their nesting.
const (
	maxInner = 200
	maxNest  = 4
)

func (a *analyzer) eval(e *expr, fr *frame) *aval {
	if e == nil {
		return constVal(cv{})
	}
	switch e.k {
	case eConst:
		// A literal is the same value at every evaluation (values are
		// never changed in place): made once per analysis.
		if e.val == nil {
			if e.c.k == cStr && len(e.c.s) >= 6 {
				a.noteString(e.c.s)
			}
			e.val = constVal(e.c)
		}
		return e.val
	case eIdent:
		return a.ident(e, fr)
	case eMember:
		return a.member(e, fr)
	case eCall:
		return a.call(e, fr)
	case eIndex:
		return a.index(e, fr)
	case eBin:
		x := a.eval(e.x, fr)
		y := a.eval(e.y, fr)
		if e.op == "&" || e.op == "+" {
			// "" & Request("x") & "" is still the input itself.
			if c, ok := x.single(); ok && c.k == cStr && c.s == "" {
				r := *y
				return &r
			}
			if c, ok := y.single(); ok && c.k == cStr && c.s == "" {
				r := *x
				return &r
			}
		}
		switch e.op {
		case "==", "!=", "<", ">", "<=", ">=", "===", "!==":
			r := derive([]*aval{x, y}, func(c []cv) (cv, bool) { return binop(e.op, c[0], c[1], e.lang) }, false)
			r.steps = nil
			return r
		case "&&", "||":
			return join(x, y)
		}
		r := derive([]*aval{x, y}, func(c []cv) (cv, bool) { return binop(e.op, c[0], c[1], e.lang) }, true)
		if x.obj != nil && e.op == "+" {
			r.obj = x.obj
		}
		return r
	case eUn:
		x := a.eval(e.x, fr)
		return derive([]*aval{x}, func(c []cv) (cv, bool) { return unop(e.op, c[0], e.lang) }, e.op != "!" && e.op != "not")
	case eCond:
		a.eval(e.x, fr)
		return join(a.eval(e.y, fr), a.eval(e.z, fr))
	case eAssign:
		v := a.eval(e.y, fr)
		if e.op != "=" {
			old := a.eval(e.x, fr)
			op := strings.TrimSuffix(e.op, "=")
			v = derive([]*aval{old, v}, func(c []cv) (cv, bool) { return binop(op, c[0], c[1], e.lang) }, true)
		}
		a.assign(e.x, v, fr)
		return v
	case eArray:
		var parts []*aval
		for _, x := range e.args {
			parts = append(parts, a.eval(x, fr))
		}
		return derive(parts, func(c []cv) (cv, bool) { return array(append([]cv{}, c...)), true }, true)
	case eObject:
		r := &aval{props: map[string]*aval{}, unk: true}
		for i, k := range e.c.elems() {
			if i < len(e.args) {
				r.props[k.s] = a.eval(e.args[i], fr)
			}
		}
		return r
	case eFunc:
		if e.fn != nil {
			a.anonSummary(e.fn)
			return &aval{unk: true, user: e.fn}
		}
		return unknown
	case eNew:
		return a.newObject(e, fr)
	}
	return unknown
}

func (a *analyzer) ident(e *expr, fr *frame) *aval {
	if v := a.lookup(e.name, fr); v != nil {
		return v
	}
	switch e.name {
	case "request":
		return &aval{unk: true, taint: &origin{what: "Request", line: a.lineOf(e.line)}}
	case "eval", "function", "execute", "executeglobal":
		if e.lang == jscript || e.name != "eval" {
			return &aval{unk: true, fn: e.name}
		}
	}
	if c, ok := vbConstants[e.name]; ok {
		return constVal(c)
	}
	if f := a.funcs[e.name]; f != nil {
		if e.lang == vbscript {
			return a.callUser(f, nil, nil, e.line, fr)
		}
		return &aval{unk: true, user: f.def}
	}
	if e.lang == vbscript && len(a.page.includes) == 0 && !builtinSet[e.name] && !intrinsic[e.name] &&
		!a.topNames[e.name] && a.globals[e.name] == nil && (fr.fn == nil || !fr.locals[e.name]) {
		// A name nothing in the page assigns, with no include that
		// could: VBScript reads it as Empty ("Scr" & undefinedVar &
		// "ipting.FileSystemObject" is the class name).
		return constVal(cv{})
	}
	return unknown
}

// requestSource recognises the request input an expression reads.
func (a *analyzer) requestSource(e *expr, fr *frame) *origin {
	o := a.requestSource1(e, fr)
	if o != nil && o.excerpt == "" && a.lay != nil && a.lay.line != 0 {
		o.excerpt = a.excerpt(e.line)
	}
	return o
}

func (a *analyzer) requestSource1(e *expr, fr *frame) *origin {
	line := a.lineOf(e.line)
	name := func(args []*expr) string {
		if len(args) == 0 {
			return ""
		}
		if c, ok := a.eval(args[0], fr).single(); ok {
			return fmt.Sprintf("%q", toStr(c, vbscript))
		}
		return "…"
	}
	switch e.k {
	case eCall, eIndex:
		if e.x == nil {
			return nil
		}
		if e.x.k == eIdent && e.x.name == "request" && a.lookup("request", fr) == nil {
			return &origin{what: "Request(" + name(e.args) + ")", line: line}
		}
		if e.x.k == eMember && e.x.x != nil && e.x.x.k == eIdent && e.x.x.name == "request" {
			m := e.x.name
			switch m {
			case "form", "querystring", "cookies", "item", "binaryread", "params", "files":
				return &origin{what: "Request." + title(m) + "(" + name(e.args) + ")", line: line}
			case "servervariables":
				if len(e.args) > 0 {
					if c, ok := a.eval(e.args[0], fr).single(); ok {
						k := upper(toStr(c, vbscript))
						if !strings.HasPrefix(k, "HTTP_") && k != "QUERY_STRING" && k != "ALL_HTTP" && k != "ALL_RAW" && !strings.HasPrefix(k, "HEADER_") {
							return nil
						}
					}
				}
				return &origin{what: "Request.ServerVariables(" + name(e.args) + ")", line: line}
			}
		}
		// Request.Form("x").Item, Request.Form("x")(1)
		if o := a.requestSource1(e.x, fr); o != nil {
			return o
		}
	case eMember:
		if e.x != nil && e.x.k == eIdent && e.x.name == "request" && a.lookup("request", fr) == nil {
			switch e.name {
			case "form", "querystring", "cookies", "item", "totalbytes", "binaryread", "params":
				return &origin{what: "Request." + title(e.name), line: line}
			}
		}
		if e.x != nil && (e.name == "item" || e.name == "value" || e.name == "count") {
			return a.requestSource1(e.x, fr)
		}
	}
	return nil
}

// selfPath recognises Request.ServerVariables("SCRIPT_NAME") and the
// other names of the page's own path.
func (a *analyzer) selfPath(e *expr, fr *frame) bool {
	if e.x == nil || e.x.k != eMember || e.x.name != "servervariables" || e.x.x == nil || e.x.x.k != eIdent || e.x.x.name != "request" || len(e.args) == 0 {
		return false
	}
	if c, ok := a.eval(e.args[0], fr).single(); ok {
		switch upper(toStr(c, vbscript)) {
		case "SCRIPT_NAME", "URL", "PATH_INFO", "PATH_TRANSLATED":
			return true
		}
	}
	return false
}

func title(s string) string {
	switch s {
	case "querystring":
		return "QueryString"
	case "servervariables":
		return "ServerVariables"
	case "binaryread":
		return "BinaryRead"
	case "totalbytes":
		return "TotalBytes"
	}
	if s == "" {
		return s
	}
	return upper(s[:1]) + s[1:]
}

func (a *analyzer) member(e *expr, fr *frame) *aval {
	if o := a.requestSource(e, fr); o != nil {
		return &aval{unk: true, taint: o, raw: true}
	}
	var base *aval
	if e.x == nil {
		if len(fr.with) == 0 {
			return unknown
		}
		base = fr.with[len(fr.with)-1]
	} else {
		if e.x.k == eIdent && e.x.name == "string" && e.name == "fromcharcode" {
			return &aval{unk: true, fn: "fromcharcode"}
		}
		base = a.eval(e.x, fr)
	}
	if base.obj != nil {
		// A property read, or a method called without arguments.
		return a.method(base.obj, e.name, nil, nil, e.line, fr)
	}
	if base.props != nil {
		if v, ok := base.props[e.name]; ok {
			return v
		}
	}
	if base.fn == "" && base.user == nil && !isStore(e.x) {
		if f := a.funcs[e.name]; f != nil && e.lang == vbscript {
			return a.callUser(f, nil, nil, e.line, fr)
		}
	}
	if e.name == "length" {
		return derive([]*aval{base}, func(c []cv) (cv, bool) {
			if c[0].k == cArr {
				return num(float64(len(c[0].elems()))), true
			}
			return num(float64(len(toStr(c[0], jscript)))), true
		}, false)
	}
	// Properties of an input keep its taint (Request.Form("x").Count is
	// not input, but .Item and .Value are).
	return &aval{unk: true, taint: base.taint, params: base.params, remote: base.remote}
}

func isStore(e *expr) bool {
	return e != nil && e.k == eIdent && (e.name == "session" || e.name == "application" || e.name == "response" || e.name == "server")
}

func (a *analyzer) index(e *expr, fr *frame) *aval {
	if o := a.requestSource(e, fr); o != nil {
		return &aval{unk: true, taint: o, raw: true}
	}
	base := a.eval(e.x, fr)
	var idx *aval
	if len(e.args) > 0 {
		idx = a.eval(e.args[0], fr)
	}
	if base.props != nil && idx != nil {
		if c, ok := idx.single(); ok {
			if v, ok := base.props[lower(toStr(c, jscript))]; ok {
				return v
			}
		}
	}
	if base.obj != nil && idx != nil {
		if base.obj.class == "scripting.dictionary" {
			return a.method(base.obj, "item", nil, nil, e.line, fr)
		}
		if c, ok := idx.single(); ok {
			return a.method(base.obj, lower(toStr(c, jscript)), nil, nil, e.line, fr)
		}
	}
	if idx == nil {
		return base
	}
	r := derive([]*aval{base, idx}, func(c []cv) (cv, bool) { return indexCV(c[0], c[1], a.in.sc) }, true)
	if r.unk {
		el := elementOf(base)
		r = join(&aval{taint: base.taint, params: base.params, remote: base.remote, unk: true}, el)
	}
	return r
}

// ---------------------------------------------------------------------
// Calls.

func (a *analyzer) evalArgs(es []*expr, fr *frame) []*aval {
	out := make([]*aval, len(es))
	for i, x := range es {
		out[i] = a.eval(x, fr)
	}
	return out
}

func (a *analyzer) call(e *expr, fr *frame) *aval {
	if o := a.requestSource(e, fr); o != nil {
		a.evalArgs(e.args, fr)
		return &aval{unk: true, taint: o, raw: true}
	}
	if a.selfPath(e, fr) {
		return &aval{unk: true, self: true}
	}
	if e.x == nil {
		return unknown
	}
	switch e.x.k {
	case eIdent:
		return a.callName(e, e.x.name, fr)
	case eMember:
		m := e.x
		if m.x != nil && m.x.k == eIdent {
			if r, ok := a.staticCall(e, m.x.name, m.name, fr); ok {
				return r
			}
		}
		var base *aval
		if m.x == nil {
			if len(fr.with) > 0 {
				base = fr.with[len(fr.with)-1]
			} else {
				base = unknown
			}
		} else {
			base = a.eval(m.x, fr)
		}
		if st := a.storeName(m); st != "" {
			return a.storeCall(st, e, fr)
		}
		args := a.evalArgs(e.args, fr)
		if base.obj != nil {
			if m.name == "add" && base.obj.class == "scripting.dictionary" && m.x != nil && m.x.k == eIdent {
				a.noteFill(fr, m.x.name, argAt(args, 1))
			}
			return a.method(base.obj, m.name, args, e.args, e.line, fr)
		}
		if base.props != nil {
			if v, ok := base.props[m.name]; ok {
				return a.callValue(v, args, e, fr)
			}
		}
		if r, ok := a.stringMethod(base, m.name, args, e, fr); ok {
			return r
		}
		if f := a.funcs[m.name]; f != nil && base.fn == "" {
			// A method of a VBScript class or a JScript function.
			return a.callUser(f, args, e.args, e.line, fr)
		}
		// An unknown method of an input keeps its taint
		// (Request.Form("x").Item(1), Upload.Form("f")).
		r := &aval{unk: true, taint: base.taint, params: base.params, remote: base.remote}
		for _, x := range args {
			if x.taint != nil && r.taint == nil && isUploadAccessor(m.name) {
				r.taint = x.taint
			}
		}
		return r
	}
	// (expr)(args): the callee is a value.
	callee := a.eval(e.x, fr)
	args := a.evalArgs(e.args, fr)
	return a.callValue(callee, args, e, fr)
}

// noteFill records, in a function's summary, that the function adds
// values derived from its parameters to a dictionary the page holds in
// variable name (or to an object kept in such a dictionary).
func (a *analyzer) noteFill(fr *frame, name string, v *aval) {
	if fr.fn == nil || fr.locals[name] {
		return
	}
	p := v.params
	if v.obj != nil && v.obj.content != nil {
		p |= v.obj.content.params
	}
	if p == 0 {
		return
	}
	if fr.fn.fills == nil {
		fr.fn.fills = map[string]uint64{}
	}
	fr.fn.fills[name] |= p
}

func isUploadAccessor(m string) bool {
	return m == "form" || m == "file" || m == "item"
}

// callValue calls a function value: eval itself, a JScript function, or
// indexes an array.
func (a *analyzer) callValue(v *aval, args []*aval, e *expr, fr *frame) *aval {
	switch {
	case v.fn == "eval" || v.fn == "execute" || v.fn == "executeglobal":
		return a.execSink(v.fn, argAt(args, 0), e, fr, true)
	case v.fn == "function":
		if len(args) > 0 {
			a.execSink("Function", args[len(args)-1], e, fr, true)
		}
		return unknown
	case v.fn == "fromcharcode":
		return derive(args, fromCharCode, true)
	case v.user != nil:
		f := a.funcs[v.user.name]
		if f == nil || f.def != v.user {
			f = a.anonSummary(v.user)
		}
		return a.callUser(f, args, e.args, e.line, fr)
	}
	if len(args) > 0 {
		return a.indexValue(v, args[0])
	}
	return v
}

// markSink records that the parameters v derives from reach a sink.
func (a *analyzer) markSink(fr *frame, v *aval, kind, what string, line int) {
	if fr.fn == nil || v == nil || v.params == 0 {
		return
	}
	a.markParams(fr, v.params, kind, what, a.lineOf(line))
}

// markParams records that parameters reach a sink at page line pl.
func (a *analyzer) markParams(fr *frame, params uint64, kind, what string, pl int) {
	for i := 0; i < 64 && params>>i != 0; i++ {
		if params&(1<<i) != 0 {
			k := sinkKey{i, kind}
			if _, ok := fr.fn.sinks[k]; !ok {
				fr.fn.sinks[k] = &sink{kind: kind, what: what, line: pl}
			}
		}
	}
}

func (a *analyzer) indexValue(base, idx *aval) *aval {
	r := derive([]*aval{base, idx}, func(c []cv) (cv, bool) { return indexCV(c[0], c[1], a.in.sc) }, true)
	if r.unk {
		r = join(&aval{unk: true, taint: base.taint, params: base.params, remote: base.remote}, elementOf(base))
	}
	return r
}

func argAt(args []*aval, i int) *aval {
	if i < len(args) && args[i] != nil {
		return args[i]
	}
	return constVal(cv{})
}

func fromCharCode(c []cv) (cv, bool) {
	var b strings.Builder
	for _, x := range c {
		n, ok := toNum(x)
		if !ok {
			return cv{}, false
		}
		s, _ := chrOf(n)
		b.WriteString(s)
	}
	return str(b.String()), true
}

// callName calls a function named by an identifier.
func (a *analyzer) callName(e *expr, name string, fr *frame) *aval {
	line := e.line
	if v := a.lookup(name, fr); v != nil {
		// A variable: an array index in VBScript, a function value in JScript.
		args := a.evalArgs(e.args, fr)
		if v.fn != "" || v.user != nil {
			return a.callValue(v, args, e, fr)
		}
		if len(args) == 0 {
			return v
		}
		if v.obj != nil && v.obj.class == "scripting.dictionary" {
			return a.method(v.obj, "item", args, e.args, line, fr)
		}
		return a.indexValue(v, args[0])
	}
	switch name {
	case "execute", "executeglobal", "eval":
		args := a.evalArgs(e.args, fr)
		v := argAt(args, 0)
		if name == "eval" && e.lang == jscript && len(e.args) > 0 && jsonIdiom(e.args[0]) {
			c := *v
			c.json = true
			v = &c
		}
		return a.execSink(name, v, e, fr, false)
	case "function":
		args := a.evalArgs(e.args, fr)
		if len(args) > 0 {
			a.execSink("Function", args[len(args)-1], e, fr, true)
		}
		return unknown
	case "createobject", "getobject", "activexobject":
		args := a.evalArgs(e.args, fr)
		return a.createObject(argAt(args, 0), name, e, fr)
	case "session", "application":
		return a.storeCall(name, e, fr)
	case "getref":
		a.evalArgs(e.args, fr)
		return unknown
	}
	if f := a.funcs[name]; f != nil {
		args := a.evalArgs(e.args, fr)
		return a.callUser(f, args, e.args, line, fr)
	}
	args := a.evalArgs(e.args, fr)
	r := a.builtin(name, args, e, fr)
	if r.unk && !builtinSet[name] {
		r.hid = hiddenIn(args, name, a.lineOf(line))
	}
	return r
}

// jsonIdiom recognises eval("(" + text + ")"), how JScript pages parsed
// JSON before JSON.parse.
func jsonIdiom(e *expr) bool {
	if e.k != eBin || e.op != "+" || e.y == nil || e.y.k != eConst || e.y.c.s != ")" {
		return false
	}
	l := e.x
	for l != nil && l.k == eBin && l.op == "+" {
		l = l.x
	}
	return l != nil && l.k == eConst && l.c.k == cStr && l.c.s == "("
}

// hiddenIn returns the long constant among args.
func hiddenIn(args []*aval, fn string, line int) *hiddenArg {
	for _, x := range args {
		if c, ok := x.single(); ok && c.k == cStr && len(c.s) >= minHidden {
			return &hiddenArg{text: c.s, fn: fn, line: line}
		}
	}
	return nil
}

// builtin evaluates a VBScript function or JScript global function.
func (a *analyzer) builtin(name string, args []*aval, e *expr, fr *frame) *aval {
	taint := true
	switch name {
	case "len", "lenb", "instr", "instrrev", "instrb", "asc", "ascw", "ascb", "isnumeric", "isempty",
		"isnull", "isarray", "ubound", "lbound", "strcomp", "cbool", "isobject", "typename", "vartype":
		taint = false
	}
	r := derive(args, func(c []cv) (cv, bool) { return callBuiltin(name, c, e.lang, a.in.sc) }, taint)
	switch name {
	case "trim", "ltrim", "rtrim", "cstr", "lcase", "ucase", "string$", "tostring":
		r.raw = argAt(args, 0).raw
	case "chr", "chrw", "chrb":
		// Chr(AscB(MidB(data, i, 1))) copies data a byte at a time (how
		// an upload's binary body becomes text): the character is the
		// input's, though a character code alone is not.
		if r.taint == nil && r.unk && len(e.args) == 1 {
			if x := e.args[0]; x.k == eCall && x.x != nil && x.x.k == eIdent && len(x.args) == 1 {
				switch x.x.name {
				case "asc", "ascw", "ascb":
					if v := a.eval(x.args[0], fr); v.taint != nil {
						r = &aval{unk: true, taint: v.taint, steps: v.steps}
					}
				}
			}
		}
	}
	if !r.unk && decodingBuiltins[name] && len(r.alts) > 0 && !plainChr(name, r) {
		r = withStep(r, step{what: builtinName(name, e.lang) + "()", line: a.lineOf(e.line)})
		if name != "mid" && name != "split" && name != "join" {
			a.obfus = addSteps(a.obfus, []step{{what: builtinName(name, e.lang) + "()", line: a.lineOf(e.line)}})
		}
	}
	return r
}

// plainChr reports Chr of a control or punctuation character (vbCrLf,
// a quote), which is ordinary code, not hiding.
func plainChr(name string, r *aval) bool {
	if name != "chr" && name != "chrw" && name != "chrb" {
		return false
	}
	for _, c := range r.alts {
		if s := toStr(c, vbscript); len(s) == 1 && (s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z' || s[0] >= '0' && s[0] <= '9') {
			return false
		}
	}
	return true
}

// builtinNames are the display names of decoding built-ins.
var builtinNames = map[string]string{"chr": "Chr", "chrw": "ChrW", "chrb": "ChrB", "strreverse": "StrReverse",
	"replace": "Replace", "unescape": "unescape", "mid": "Mid", "split": "Split", "join": "Join",
	"fromcharcode": "String.fromCharCode", "hex": "Hex", "reverse": "reverse"}

func builtinName(n string, lang language) string {
	if s, ok := builtinNames[n]; ok {
		return s
	}
	return n
}

// staticCall handles Server.*, Response.*, String.fromCharCode and other
// calls on the intrinsic objects. ok is false for anything else.
func (a *analyzer) staticCall(e *expr, obj, m string, fr *frame) (*aval, bool) {
	if a.lookup(obj, fr) != nil {
		return nil, false
	}
	switch obj + "." + m {
	case "server.createobject", "wscript.createobject":
		args := a.evalArgs(e.args, fr)
		return a.createObject(argAt(args, 0), "Server.CreateObject", e, fr), true
	case "server.mappath", "server.urlencode", "server.htmlencode", "server.urlpathencode":
		args := a.evalArgs(e.args, fr)
		v := argAt(args, 0)
		return &aval{alts: v.alts, unk: v.unk, taint: v.taint, params: v.params, steps: v.steps, raw: v.raw, self: v.self}, true
	case "server.execute", "server.transfer":
		args := a.evalArgs(e.args, fr)
		if v := argAt(args, 0); v.taint != nil {
			a.addHit(hit{rule: "asp.server-execute-input", score: 45, src: v.taint, sink: "Server." + title(m),
				why:   "Server." + title(m) + " runs a page whose path comes from the request",
				whyZh: "Server." + title(m) + " 执行的页面路径来自请求参数"}, e.line)
		}
		return unknown, true
	case "string.fromcharcode":
		args := a.evalArgs(e.args, fr)
		r := derive(args, fromCharCode, true)
		if !r.unk {
			r = withStep(r, step{what: "String.fromCharCode()", line: a.lineOf(e.line)})
			a.obfus = addSteps(a.obfus, []step{{what: "String.fromCharCode()", line: a.lineOf(e.line)}})
		}
		return r, true
	case "response.write", "response.binarywrite", "response.redirect", "response.addheader", "response.end",
		"response.flush", "response.clear", "response.appendtolog":
		a.evalArgs(e.args, fr)
		return unknown, true
	case "math.floor", "math.round", "math.abs", "math.ceil", "math.pow", "math.min", "math.max":
		args := a.evalArgs(e.args, fr)
		return derive(args, func(c []cv) (cv, bool) { return mathCall(m, c) }, true), true
	}
	return nil, false
}

// storeCall reads Session("k"), Application("k").
func (a *analyzer) storeCall(store string, e *expr, fr *frame) *aval {
	args := a.evalArgs(e.args, fr)
	key := "*"
	if c, ok := argAt(args, 0).single(); ok {
		key = lower(toStr(c, vbscript))
	}
	return a.readStore(store, key)
}

// stringMethod evaluates JScript string and array methods.
func (a *analyzer) stringMethod(base *aval, m string, args []*aval, e *expr, fr *frame) (*aval, bool) {
	switch m {
	case "charat", "charcodeat", "substr", "substring", "slice", "indexof", "lastindexof", "tolowercase",
		"touppercase", "tostring", "valueof", "concat", "split", "replace", "join", "reverse":
	case "push":
		if e.x.x != nil && e.x.x.k == eIdent {
			v := a.lookup(e.x.x.name, fr)
			nv := join(v, &aval{unk: true, taint: argAt(args, 0).taint, params: argAt(args, 0).params, steps: argAt(args, 0).steps})
			a.setVar(e.x.x.name, nv, fr)
		}
		return unknown, true
	default:
		return nil, false
	}
	in := append([]*aval{base}, args...)
	taint := m != "indexof" && m != "lastindexof" && m != "charcodeat"
	r := derive(in, func(c []cv) (cv, bool) {
		if c[0].k == cArr && m == "reverse" {
			cp := append([]cv{}, c[0].elems()...)
			c0 := array(cp)
			return jsMethod(c0, m, c[1:], a.in.sc)
		}
		return jsMethod(c[0], m, c[1:], a.in.sc)
	}, taint)
	if !r.unk && len(r.alts) > 0 && (decodingBuiltins[m] || m == "replace") {
		r = withStep(r, step{what: "." + m + "()", line: a.lineOf(e.line)})
		if m == "replace" || m == "reverse" {
			a.obfus = addSteps(a.obfus, []step{{what: "." + m + "()", line: a.lineOf(e.line)}})
		}
	}
	return r, true
}

// callUser applies a user function: its summary for input and sinks, and
// the concrete interpreter when its arguments are constants.
func (a *analyzer) callUser(f *funcInfo, args []*aval, argExprs []*expr, line int, fr *frame) *aval {
	r := &aval{unk: true, taint: f.retTaint, remote: f.retRemote, fn: f.retFn}
	if f.retObj != nil {
		r.obj = f.retObj
	}
	for i, x := range args {
		if i < 64 && f.retParams&(1<<i) != 0 {
			if r.taint == nil {
				r.taint = x.taint
			}
			r.params |= x.params
			if r.remote == nil {
				r.remote = x.remote
			}
			r.steps = addSteps(r.steps, x.steps)
		}
	}
	if r.taint != nil && f.retTaint == nil && a.report {
		r.steps = addSteps(r.steps, []step{{what: "through " + f.def.name + "()", line: a.lineOf(f.def.line)}})
	}
	if f.retParams != 0 {
		r.hid = hiddenIn(args, f.def.name, a.lineOf(line))
	}
	// Parameters that reach a sink: this call is the real sink.
	// In a fixed order: which argument is reported first must not
	// depend on map iteration.
	keys := make([]sinkKey, 0, len(f.sinks))
	for k := range f.sinks {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y sinkKey) int {
		if c := cmp.Compare(x.param, y.param); c != 0 {
			return c
		}
		return strings.Compare(x.kind, y.kind)
	})
	for _, k := range keys {
		x := argAt(args, k.param)
		a.wrapperSink(f, f.sinks[k], x, line, fr)
	}
	for _, w := range f.writes {
		a.wrapperWrite(f, w, args, line, fr)
	}
	// Dictionaries of the page the function fills from its parameters.
	for name, params := range f.fills {
		for i, x := range args {
			if i >= 64 || params&(1<<i) == 0 || x.taint == nil {
				continue
			}
			if d := a.lookup(name, fr); d != nil && d.obj != nil {
				st := step{what: fmt.Sprintf("filed into %s by %s()", name, f.def.name), line: a.lineOf(line)}
				d.obj.content = join(d.obj.content, &aval{unk: true, taint: x.taint, steps: addSteps(x.steps, []step{st})})
			}
			break
		}
	}
	// ByRef parameters the procedure sets to an object.
	for i, o := range f.outObj {
		if i < len(argExprs) && argExprs[i] != nil && argExprs[i].k == eIdent {
			a.assign(argExprs[i], &aval{obj: o}, fr)
		}
	}
	if f.decoder && !f.def.sub && !f.costly {
		consts := make([]cv, len(args))
		ok := true
		for i, x := range args {
			c, single := x.single()
			if !single {
				ok = false
				break
			}
			consts[i] = c
		}
		if ok && a.in.steps < a.in.limit {
			h := fnv.New128a()
			fmt.Fprintf(h, "%p\x00%d", f.def, len(consts))
			for _, c := range consts {
				fmt.Fprintf(h, "\x00%d:%s", c.k, toStr(c, vbscript))
			}
			key := string(h.Sum(nil))
			if v, hit := a.memo[key]; hit {
				if v != nil {
					return v
				}
				return r
			}
			saved := a.in.limit
			a.in.limit = min(a.in.steps+stepBudget, saved)
			res, done := a.in.call(f.def, consts, nil, func(n string) (cv, bool) { return a.lookupConst(n, fr) })
			if !done && a.in.steps >= a.in.limit {
				f.costly = true // out of budget: do not try again
			}
			a.in.limit = saved
			if done && (res.k == cStr || res.k == cArr) {
				v := constVal(res)
				for _, x := range args {
					v.steps = addSteps(v.steps, x.steps)
				}
				v = withStep(v, step{what: "decoded by " + f.def.name + "()", line: a.lineOf(line)})
				if res.k == cStr && len(res.s) >= 16 {
					a.obfus = addSteps(a.obfus, []step{{what: "decoded by " + f.def.name + "()", line: a.lineOf(line)}})
				}
				a.memo[key] = v
				return v
			}
			a.memo[key] = nil
		}
	}
	return r
}

// wrapperSink reports a call whose argument reaches a sink inside the
// called function.
func (a *analyzer) wrapperSink(f *funcInfo, s *sink, x *aval, line int, fr *frame) {
	// The step is text for the report: made only for a call that is one.
	via := func() step {
		return step{what: fmt.Sprintf("passed to %s() (line %d), which calls %s", f.def.name, a.lineOf(f.def.line), s.what), line: a.lineOf(line)}
	}
	if fr.fn != nil && x.params != 0 {
		a.markParams(fr, x.params, s.kind, s.what+" via "+f.def.name+"()", s.line)
	}
	switch s.kind {
	case "exec":
		if fr.fn == nil || x.params == 0 {
			a.execValue(s.what, withStep(x, via()), line, fr, f.def.lang == jscript)
		}
	case "cmd":
		if x.taint != nil {
			a.cmdHit(s.what, withStep(x, via()), line)
		}
	case "path":
		a.pathFeature(x, line, fr)
	case "create-empty":
		a.createEmpty(x, s.what, line, fr)
	case "delete":
		a.deletePath(x, s.what, line, fr)
	case "db":
		if x.taint != nil {
			a.feature("db", line)
			a.dbConn = true
			a.settle()
			a.addHit(hit{rule: "asp.db-input", score: 50, src: x.taint, steps: []step{via()}, sink: s.what,
				why:   "the database connection string comes from the request (a database manager or scanner)",
				whyZh: "数据库连接字符串来自请求参数（数据库管理或扫描功能）"}, line)
		}
	}
}

// anonSummary returns the summary of a function value (a JScript function
// expression, or a function stored in a variable), made once per pass: a
// page that calls one in a loop must not summarise it at every call.
func (a *analyzer) anonSummary(def *funcDef) *funcInfo {
	if a.anon == nil {
		a.anon = map[*funcDef]*anonInfo{}
	}
	ai := a.anon[def]
	if ai == nil {
		decoder, names := scanBody(def.body)
		ai = &anonInfo{f: &funcInfo{def: def, decoder: decoder, names: names}}
		a.anon[def] = ai
	}
	if !ai.done[b2i(a.report)] {
		ai.done[b2i(a.report)] = true
		a.summary(ai.f)
	}
	return ai.f
}

// anonInfo is the summary of a function value and the passes that made it.
type anonInfo struct {
	f    *funcInfo
	done [2]bool // summarised without reporting, with reporting
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
