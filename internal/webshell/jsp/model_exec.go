package jsp

import (
	"regexp"
	"strings"
)

// execModel is what runs code: processes, class definition, script and expression engines, JNDI, deserialisation, native libraries and memory-shell registration.
func (a *analysis) execModel(c *callCtx) (*value, bool) {
	rv := c.recv
	switch c.name {

	case "getRuntime":
		return &value{kinds: kRuntime, open: true}, true
	case "exec":
		if rv.has(kUserObj) && !rv.has(kRuntime) || len(c.args) == 0 {
			break
		}
		cmd := c.arg(0)
		a.sink("exec", c.line, c.what("Runtime"), cmd, nil)
		return &value{kinds: kProcess, t: cmd.taint(), open: true}, true
	case "start":
		if rv.has(kProcBuilder) {
			a.sink("exec", c.line, c.what("ProcessBuilder"), rv.inner, nil)
			return &value{kinds: kProcess, t: rv.inner.taint(), open: true}, true
		}
		if c.reflect && c.recvIs("ProcessImpl", "UNIXProcess") && len(c.args) > 0 {
			a.sink("exec", c.line, c.what("ProcessImpl"), c.arg(0), nil)
			return &value{kinds: kProcess, open: true}, true
		}
	case "forkAndExec", "create":
		if c.name == "forkAndExec" || c.reflect && c.recvIs("ProcessImpl") {
			a.sink("exec", c.line, c.what("ProcessImpl"), c.argsJoin(0), nil)
			return &value{kinds: kProcess, open: true}, true
		}
	case "command":
		if rv.has(kProcBuilder) && len(c.args) > 0 {
			nv := rv.clone()
			nv.inner = join(rv.inner, c.argsJoin(0))
			if root := rootVar(c.recvExpr); root != "" {
				a.setVar(root, nv, c.en, false)
			}
			return nv, true
		}
	case "redirectErrorStream", "directory", "redirectOutput", "redirectInput", "redirectError", "inheritIO":
		if rv.has(kProcBuilder) {
			return rv, true
		}

	case "defineClass", "defineAnonymousClass", "defineHiddenClass", "defineClass0", "defineClass1":
		if len(c.args) == 0 {
			break
		}
		// The bytes are the first argument, or the second after a class
		// name or host class (defineClass(name, b, off, len), Unsafe's,
		// defineAnonymousClass(host, b, cp)).
		idx := 0
		if x := c.arg(1); len(c.args) >= 2 && !(x != nil && x.hasNum) {
			idx = 1
		}
		b := c.arg(idx)
		for i, x := range c.args {
			if i != idx && x.taint().bits != 0 && !(x != nil && x.hasNum) {
				b = addTaint(b, x)
			}
		}
		a.sink("defineclass", c.line, c.what("ClassLoader"), b, nil)
		return &value{kinds: kDefined | kClass, t: b.taint(), open: true}, true
	case "newInstance":
		switch {
		case c.recvIs("URLClassLoader") && len(c.args) > 0:
			x := c.argsJoin(0)
			a.sink("urlclassloader", c.line, c.what("URLClassLoader"), x, nil)
			return &value{kinds: kLoader, t: x.taint(), open: true}, true
		case rv.has(kDefined):
			return &value{kinds: kInstance, t: rv.t, open: true}, true
		case rv.has(kClass | kCtor):
			var r *value
			for _, ref := range rv.refs {
				r = joinHit(r, a.construct(ref, c.args, c.line, nil, c.en, c.depth+1))
			}
			if r == nil {
				r = &value{open: true}
			}
			return r, true
		}
	case "equals":
		if x := c.arg(0); x.has(kPageCtx) && (rv == nil || rv.has(kInstance) || rv.open && rv.kinds == 0) {
			a.tr.equalsPageCtx = c.line
		}
		if x := c.arg(0); x.isConst() && len(x.strs[0]) == 1 && x.strs[0][0] >= 'A' && x.strs[0][0] <= 'Z' {
			a.tr.letters[x.strs[0][0]] = true
		}
		return &value{}, true
	case "loadLibrary", "load":
		if c.recvIs("System", "Runtime") || rv.has(kRuntime) {
			a.sink("loadlib", c.line, c.what("System"), c.arg(0), nil)
			return &value{}, true
		}

	case "getEngineByName", "getEngineByExtension", "getEngineByMimeType":
		return &value{kinds: kEngine, open: true}, true
	case "eval", "evaluate", "me", "executeExpression", "evaluateExpression":
		if len(c.args) == 0 || rv.has(kUserObj|kOut|kFile) {
			break
		}
		typ := "ScriptEngine"
		switch {
		case c.recvIs("Eval", "GroovyShell") || c.name == "me":
			typ = "Groovy"
		case c.recvIs("MVEL"):
			typ = "MVEL"
		case c.recvIs("Velocity"):
			typ = "Velocity"
		}
		return a.evalSink(c, c.argsJoin(0), c.what(typ)), true
	case "compile", "parseExpression", "parseClass", "parse":
		if rv.has(kEngine) || c.recvIs("SpelExpressionParser", "GroovyShell", "GroovyClassLoader", "Ognl") ||
			c.name == "parseExpression" {
			if c.name == "parse" && !rv.has(kEngine) && !c.recvIs("GroovyShell") {
				break
			}
			return a.evalSink(c, c.argsJoin(0), c.what("ScriptEngine")), true
		}
	case "newTransformer", "newTemplates":
		// XSLTC compiles a stylesheet to bytecode; extension functions run Java.
		if len(c.args) > 0 {
			return a.evalSink(c, c.arg(0), c.what("TransformerFactory")), true
		}
	case "createValueExpression", "createMethodExpression":
		x := c.arg(1)
		if len(c.args) < 2 {
			x = c.arg(0)
		}
		return a.evalSink(c, x, c.what("ExpressionFactory")), true

	case "setDataSourceName", "setConnectionFactoryName":
		// JdbcRowSetImpl / JMS: the name is looked up in JNDI on connect.
		if len(c.args) == 1 && c.arg(0).taint().bits != 0 {
			a.sink("jndi", c.line, c.what("JdbcRowSetImpl"), c.arg(0), nil)
		}
	case "lookup", "doLookup":
		if len(c.args) == 0 {
			if c.recvIs("MethodHandles") {
				return &value{kinds: kLookup, open: true}, true
			}
			break
		}
		if rv.has(kLookup|kUserObj) || c.recvIs("MethodHandles") {
			break
		}
		a.sink("jndi", c.line, c.what("InitialContext"), c.arg(0), nil)
		return &value{open: true}, true
	case "readObject", "readUnshared":
		if rv.has(kOIS) {
			a.sink("deser", c.line, c.what("ObjectInputStream"), rv.inner, nil)
			return &value{open: true}, true
		}
	case "fromXML":
		if len(c.args) > 0 {
			a.sink("deser", c.line, c.what("XStream"), c.arg(0), nil)
			return &value{open: true}, true
		}

	case "addFilterDef", "addFilterMapBefore", "addFilterMap", "addServletMappingDecoded", "addServletMapping",
		"addApplicationEventListener", "addValve", "registerMapping", "addMappingForUrlPatterns",
		"addFilterWithMapping", "addServletWithMapping", "registerFilter", "registerServlet", "addEventListener", "addFilterMapping":
		if c.name == "addEventListener" && !a.tr.runtimeCtx {
			break
		}
		if c.name == "addFilterMap" || c.name == "addServletMapping" || c.name == "addMappingForUrlPatterns" {
			// Also names of the servlet API's configuration classes; ask for the runtime form.
			if !a.tr.runtimeCtx {
				a.tr.ctxAdd = c.line
				break
			}
		}
		a.memshell(c.line, c.what("StandardContext"))
		return &value{}, true
	case "addFilter", "addServlet", "addListener":
		if rv.has(kApp) || c.recvIs("servletContext", "context") {
			a.tr.ctxAdd = c.line
		}
	case "loadAgent", "loadAgentPath", "redefineClasses", "retransformClasses", "addTransformer":
		a.memshell(c.line, c.what("Instrumentation"))
		return &value{}, true
	}
	return nil, false
}

var tableListRE = regexp.MustCompile(`(?i)show\s+tables|information_schema\.tables|\ball_tables\b|\buser_tables\b|\buser_tab_comments\b|\bsysobjects\b|sqlite_master|\ball_tab_columns\b`)

var memshellFields = map[string]bool{
	"filterConfigs": true, "filterDefs": true, "filterMaps": true, "applicationEventListenersList": true,
	"servletMappings": true, "adaptedInterceptors": true,
}

func (a *analysis) memshell(line int32, what string) {
	a.sink("memshell", line, what, &value{}, nil)
}

// evalSink records code evaluation. The engine's own taint (request
// input bound into it with put) travels as the hit's second value: it
// matters when the script itself is a fixed one that runs commands.
func (a *analysis) evalSink(c *callCtx, x *value, what string) *value {
	var bound *value
	if c.recv.taint().bits != 0 {
		bound = &value{t: c.recv.t, open: true}
	}
	a.sink("eval", c.line, what, x, bound)
	return &value{t: x.taint(), open: true}
}

// dangerous names: what obfuscation hides.
var dangerousNames = []string{
	"java.lang.Runtime", "getRuntime", "exec", "ProcessBuilder", "ProcessImpl", "UNIXProcess", "forkAndExec",
	"defineClass", "ClassLoader", "ScriptEngineManager", "javax.script", "eval", "InitialContext", "lookup",
	"sun.misc.Unsafe", "Runtime", "cmd.exe", "/bin/sh", "/bin/bash", "invoke", "getMethod", "forName", "newInstance",
	"getDeclaredMethod", "java.lang.reflect", "Base64", "BASE64Decoder", "decodeBuffer", "getParameter",
}

// dangerousName returns the dangerous name s contains, or "".
func dangerousName(s string) string {
	if len(s) > 200 {
		return ""
	}
	for _, n := range dangerousNames {
		if s == n || len(n) > 5 && strings.Contains(s, n) {
			return n
		}
	}
	return ""
}
