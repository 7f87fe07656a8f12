package jsp

import (
	"slices"
	"strings"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// reflectModel is java.lang.reflect and java.lang.invoke: Class, Method, Field and MethodHandle objects carry the names they reflect.
func (a *analysis) reflectModel(c *callCtx) (*value, bool) {
	rv := c.recv
	switch c.name {

	case "forName", "loadClass", "findClass", "findSystemClass":
		if len(c.args) == 0 || rv.has(kUserObj) && !rv.has(kLoader) {
			break
		}
		x := c.arg(0)
		// BCEL's class loader defines a class from the name itself ("$$BCEL$$...").
		if anyConst(x, func(s string) bool { return strings.HasPrefix(s, "$$BCEL$$") }) ||
			x.taint().bits != 0 && slices.Contains(rv.refsOr(), "bcel") {
			a.sink("defineclass", c.line, c.what("BCEL ClassLoader"), x, nil)
			return &value{kinds: kDefined | kClass, t: x.taint(), open: true}, true
		}
		if x.taint().bits != 0 {
			a.sink("reflect.class", c.line, c.what("Class"), x, nil)
		}
		r := &value{kinds: kClass, t: x.taint(), open: x.isOpen(), obf: x.obfOf()}
		for _, s := range x.stringsOf() {
			r.refs = append(r.refs, s)
		}
		return r, true
	case "getClass":
		return &value{kinds: kClass, refs: classOf(rv), t: rv.taint(), open: true}, true
	case "getMethod", "getDeclaredMethod", "findVirtual", "findStatic", "findSpecial":
		cls, name := rv, c.arg(0)
		if c.name != "getMethod" && c.name != "getDeclaredMethod" {
			cls, name = c.arg(0), c.arg(1)
			if cls == nil {
				cls = &value{}
			}
		}
		r := &value{kinds: kMethod, t: joinTaint(cls.taint(), name.taint()), open: true, static: c.name == "findStatic"}
		if name.taint().bits != 0 {
			a.sink("reflect", c.line, c.what("Class"), join(cls, name), nil)
		}
		r.obf = mergePoints(cls.obfOf(), name.obfOf(), 4)
		classes := []string{"?"}
		if cls != nil && len(cls.refs) > 0 {
			classes = cls.refs
		}
		for _, cl := range classes {
			for _, m := range name.stringsOf() {
				if len(r.refs) < maxStrs {
					r.refs = append(r.refs, cl+"#"+m)
				}
			}
		}
		return r, true
	case "getMethods", "getDeclaredMethods":
		r := &value{kinds: kMethod, t: rv.taint(), open: true}
		for _, cl := range rv.refsOr("?") {
			r.refs = append(r.refs, cl+"#*")
		}
		return r, true
	case "getConstructor", "getDeclaredConstructor", "getConstructors", "getDeclaredConstructors", "findConstructor":
		cls := rv
		if c.name == "findConstructor" {
			cls = c.arg(0)
		}
		return &value{kinds: kCtor, refs: cls.refsOr(), t: cls.taint(), open: true, obf: cls.obfOf()}, true
	case "apply", "accept", "test", "get", "call", "run", "applyAsInt", "applyAsLong", "andThen":
		if rv.has(kMethod) && rv.mref {
			var res *value
			for _, ref := range rv.refs {
				cls, meth, _ := strings.Cut(ref, "#")
				recv := rv.inner
				if recv == nil {
					recv = &value{kinds: kindsOfClass(cls), refs: []string{cls}, open: true}
				}
				sub := &callCtx{e: c.e, name: meth, recv: recv, recvName: cls, args: c.args, line: c.line, en: c.en, reflect: true, depth: c.depth + 1}
				res = joinHit(res, a.builtin(sub))
			}
			if res == nil {
				res = &value{open: true}
			}
			return res, true
		}
	case "invoke", "invokeExact", "invokeWithArguments":
		if rv.has(kMethod) {
			return a.invoke(c), true
		}
	case "getDeclaredField", "getField":
		x := c.arg(0)
		if x.isConst() && memshellFields[x.strs[0]] {
			a.memshell(c.line, "reflective access to the server's "+x.strs[0])
		}
		if x.isConst() && x.strs[0] == "theUnsafe" {
			a.tr.unsafe = c.line
		}
		return &value{kinds: kField, refs: x.stringsOf(), t: x.taint(), open: true}, true
	case "set":
		// TemplatesImpl._bytecodes: the classes it defines when a
		// transformer is created (the class-loading gadget).
		if rv.has(kField) && len(c.args) >= 2 && slices.Contains(rv.refs, "_bytecodes") {
			a.sink("defineclass", c.line, "TemplatesImpl._bytecodes (by reflection)", c.arg(1), nil)
			return &value{}, true
		}
	}
	return nil, false
}

// refsOr returns v's reflection references, or def when it has none.
func (v *value) refsOr(def ...string) []string {
	if v != nil && len(v.refs) > 0 {
		return v.refs
	}
	return def
}

func (v *value) obfOf() []verdict.Point {
	if v == nil {
		return nil
	}
	return v.obf
}

// classOf names the class of an object for getClass().
func classOf(v *value) []string {
	switch {
	case v == nil:
		return []string{"?"}
	case v.has(kRuntime):
		return []string{"java.lang.Runtime"}
	case v.has(kProcBuilder):
		return []string{"java.lang.ProcessBuilder"}
	case v.has(kEngine):
		return []string{"javax.script.ScriptEngine"}
	case v.has(kB64Dec):
		return []string{"java.util.Base64$Decoder"}
	case v.has(kJNDI):
		return []string{"javax.naming.InitialContext"}
	case v.has(kUserObj) && len(v.refs) > 0:
		return v.refs
	case v.has(kLoader):
		return []string{"java.lang.ClassLoader"}
	case v.has(kApp):
		return []string{"org.apache.catalina.core.ApplicationContextFacade"}
	case v.has(kReq):
		return []string{"org.apache.catalina.connector.RequestFacade"}
	case len(v.strs) > 0 && !v.hasNum:
		return []string{"java.lang.String"}
	}
	return []string{"?"}
}

// invoke re-dispatches Method.invoke / MethodHandle.invoke to the
// reflected method's model.
func (a *analysis) invoke(c *callCtx) *value {
	m := c.recv
	target := c.arg(0)
	rest := c.args[min(1, len(c.args)):]
	if m.static {
		target, rest = nil, c.args
	}
	// invoke(obj, new Object[]{a, b}) passes a and b.
	if len(rest) == 1 && rest[0] != nil && len(rest[0].elems) > 0 {
		rest = rest[0].elems
	}
	if len(m.obf) > 0 {
		a.sink("obf.reflect", c.line, "reflection on names built at run time", &value{obf: m.obf}, nil)
	}
	var res *value
	dispatched := false
	for _, ref := range m.refs {
		cls, meth, _ := strings.Cut(ref, "#")
		if meth == "" || meth == "?" || meth == "*" {
			continue
		}
		recv := target
		if recv == nil || recv.kinds == 0 && len(recv.strs) == 0 {
			recv = &value{kinds: kindsOfClass(cls) | recv.kindsOrZero(), refs: []string{cls}, t: recv.taint(), open: true}
		}
		sub := &callCtx{e: c.e, name: meth, recv: recv, recvName: cls, args: rest, line: c.line, en: c.en, reflect: true, depth: c.depth + 1}
		res = joinHit(res, a.builtin(sub))
		dispatched = true
	}
	if !dispatched {
		if m.taint().bits != 0 {
			var all *value = m
			for _, x := range c.args {
				all = join(all, x)
			}
			a.sink("reflect", c.line, "Method.invoke", all, nil)
		}
		return a.defaultCall(c)
	}
	if res == nil {
		res = &value{open: true}
	}
	return res
}

func (v *value) kindsOrZero() kind {
	if v == nil {
		return 0
	}
	return v.kinds
}

// kindsOfClass is the kind of an object of the named class.
func kindsOfClass(cls string) kind {
	switch simpleName(cls) {
	case "Runtime":
		return kRuntime
	case "ProcessBuilder":
		return kProcBuilder
	case "ScriptEngineManager":
		return kEngineMgr
	case "ScriptEngine":
		return kEngine
	case "InitialContext":
		return kJNDI
	case "ClassLoader", "URLClassLoader":
		return kLoader
	case "Unsafe":
		return 0
	}
	if strings.HasSuffix(cls, "Base64$Decoder") || strings.HasSuffix(cls, "BASE64Decoder") {
		return kB64Dec
	}
	return 0
}
