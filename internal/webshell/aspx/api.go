package aspx

import (
	"encoding/base64"
	"encoding/hex"
	"net/url"
	"strings"
	"unicode/utf16"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// This file is the evaluator's knowledge of the .NET library: where
// request data enters (sources), which operations carry it on or decode
// it (propagators, constant folding), and which operations are dangerous
// with it (sinks, reported through sinks.go).

// requestSafe are HttpRequest members whose value the client does not
// choose (server paths, flags) or that are only numbers.
var requestSafe = map[string]bool{
	"physicalpath": true, "physicalapplicationpath": true, "applicationpath": true,
	"filepath": true, "currentexecutionfilepath": true, "apprelativecurrentexecutionfilepath": true,
	"httpmethod": true, "requesttype": true, "isauthenticated": true, "islocal": true,
	"issecureconnection": true, "userhostaddress": true, "userhostname": true, "browser": true,
	"logonuseridentity": true, "totalbytes": true, "contentlength": true, "clientcertificate": true,
	"contentencoding": true, "requestcontext": true, "isajaxrequest": true, "mappath": true,
	"path": true, "validateinput": true, "abort": true, "anonymousid": true,
}

// requestMember is a property of the request: request data except for
// requestSafe members.
func (ev *analyzer) requestMember(r value, name string, e *expr) value {
	if r.t != nil && name != "unvalidated" {
		return value{t: r.t, typ: r.typ}
	}
	switch name {
	case "totalbytes", "contentlength":
		return value{typ: "int", fl: vfUnknown}
	case "unvalidated":
		return value{typ: "httprequest"}
	}
	if requestSafe[name] {
		v := value{typ: "string", fl: vfUnknown}
		switch name {
		case "physicalpath", "physicalapplicationpath", "filepath", "currentexecutionfilepath", "apprelativecurrentexecutionfilepath", "path", "applicationpath":
			v.fl |= vfWebDir
		}
		return v
	}
	pt := ev.point(e, render(e))
	v := value{t: &taint{src: pt}}
	switch name {
	case "form", "querystring", "params", "cookies", "headers", "servervariables", "item", "items":
		v.typ = "reqcoll"
		v.meta = name
	case "files":
		v.typ = "filecoll"
	case "inputstream", "filter", "getbufferedinputstream", "getbufferlessinputstream":
		v.typ = "stream"
	case "url", "urlreferrer":
		v.typ = "uri"
	default:
		v.typ = "string"
	}
	return v
}

// serverVarsSafe are server variables set by the server, not the client.
var serverVarsSafe = map[string]bool{
	"server_name": true, "local_addr": true, "appl_physical_path": true, "path_translated": true,
	"server_software": true, "server_port": true, "remote_addr": true, "remote_host": true,
	"appl_md_path": true, "instance_id": true, "number_of_processors": true, "os": true,
	"script_name": true, "server_protocol": true, "https": true, "request_method": true,
	"path_info": false, "logon_user": true, "auth_user": true, "server_port_secure": true,
	"local_address": true, "computername": true, "url": true,
}

func (ev *analyzer) prop(r value, name string, e *expr) value {
	switch r.typ {
	case "ns":
		if v, ok := ev.staticProp(shortType(r.meta), name, e); ok {
			return v
		}
		full := r.meta + "." + name
		if v, ok := ev.globals[name]; ok && ev.prog.classes[shortType(r.meta)] {
			return v
		}
		return value{typ: "ns", meta: full}
	case "httprequest":
		return ev.requestMember(r, name, e)
	case "httpcontext", "page":
		switch name {
		case "request":
			return value{typ: "httprequest"}
		case "response":
			return value{typ: "httpresponse"}
		case "server":
			return value{typ: "httpserverutility"}
		case "session", "application", "cache", "viewstate", "items":
			return value{typ: name}
		case "context", "current":
			return value{typ: "httpcontext"}
		case "ispostback", "iscallback":
			return value{typ: "bool"}
		}
		if r.typ == "page" {
			// this.field, this.control, this.Property
			if v, ok := ev.globals[ev.identKey(e)]; ok && e != nil {
				return v
			}
			for _, m := range ev.prog.byName[name] {
				if m.prop && len(m.params) == 0 {
					return ev.invoke(m, nil, e, false)
				}
			}
			if c, ok := ev.pg.controls[name]; ok {
				return value{typ: "control", meta: c.kind, off: e.off, line: e.line, o: &object{name: c.raw}}
			}
		}
		return value{}
	case "control":
		return ev.controlProp(r, name, e)
	case "postedfile":
		switch name {
		case "contentlength":
			return value{typ: "int"}
		case "inputstream":
			return value{t: r.t.with(nil, tfUpload), typ: "stream"}
		case "filename":
			return value{t: r.t, typ: "string"}
		}
		return value{t: r.t}
	case "reqcoll":
		switch name {
		case "count":
			return value{typ: "int"}
		}
		return value{t: r.t, typ: "string"}
	case "filecoll":
		if name == "count" {
			return value{typ: "int"}
		}
		return value{t: r.t, typ: "postedfile"}
	case "process":
		if r.o == nil {
			r.o = newObject()
		}
		switch name {
		case "startinfo":
			if v, ok := r.o.props["startinfo"]; ok {
				return v
			}
			psi := value{typ: "processstartinfo", o: newObject()}
			r.o.set("startinfo", psi)
			return psi
		case "standardinput":
			return value{typ: "procstdin", o: r.o, off: e.off, line: e.line}
		case "standardoutput", "standarderror":
			return value{typ: "streamreader"}
		}
	case "compilerresults":
		if name == "compiledassembly" {
			return value{t: r.t, typ: "assembly", fl: r.fl, o: r.o}
		}
	case "assembly":
		if name == "entrypoint" {
			return value{t: r.t, typ: "methodinfo", meta: "loaded.entrypoint", fl: r.fl}
		}
	case "appdomain":
		if name == "basedirectory" {
			return value{typ: "string", fl: vfWebDir | vfUnknown}
		}
	case "cipher", "encoding":
		return value{typ: "bytes"}
	case "dbconn", "dbcmd":
		if r.o != nil {
			if v, ok := r.o.props[name]; ok {
				return v
			}
		}
		if name == "commands" {
			return value{typ: "commands", o: r.o}
		}
	case "pipeline", "powershell":
		if name == "commands" {
			return value{typ: "commands", o: r.o}
		}
	}
	if r.o != nil {
		if v, ok := r.o.props[name]; ok {
			return v
		}
	}
	switch name {
	case "length", "count", "longlength":
		if s, ok := r.str(); ok {
			return numVal(int64(len([]rune(s))))
		}
		if r.elems != nil {
			return numVal(int64(len(r.elems)))
		}
		return value{typ: "int", t: r.t.with(nil, tfNumeric)}
	case "value", "text", "innertext", "innerhtml", "name", "key", "fullname", "message":
	}
	return value{t: r.t, fl: r.fl & (vfUnknown | vfHidden | vfWebDir)}
}

// staticProp knows static properties that yield objects.
func (ev *analyzer) staticProp(typ, name string, e *expr) (value, bool) {
	switch typ {
	case "httpcontext":
		if name == "current" {
			return value{typ: "httpcontext"}, true
		}
	case "encoding":
		switch name {
		case "utf8", "default", "ascii", "unicode", "utf7", "utf32", "bigendianunicode", "latin1":
			return value{typ: "encoding", meta: name}, true
		}
	case "appdomain":
		if name == "currentdomain" {
			return value{typ: "appdomain"}, true
		}
	case "httpruntime":
		if name == "appdomainapppath" {
			return value{typ: "string", fl: vfWebDir | vfUnknown}, true
		}
	case "iocontrolcode":
		return value{c: name, hasC: true, typ: "enum"}, true
	case "registry":
		ev.trait("regroot:"+name, e)
		return value{typ: "registrykey", meta: name}, true
	case "string":
		if name == "empty" {
			return strVal(""), true
		}
	case "xsltsettings":
		if name == "trustedxslt" {
			return value{typ: "xsltsettings", meta: "trusted"}, true
		}
	case "environment":
		if name == "newline" {
			return strVal("\r\n"), true
		}
	case "path":
		if name == "directoryseparatorchar" {
			return value{c: "\\", hasC: true, typ: "char"}, true
		}
	case "filemode", "fileaccess", "bindingflags", "compressionmode", "cryptostreammode", "ciphermode", "paddingmode", "processwindowstyle":
		return value{c: name, hasC: true, typ: "enum"}, true
	}
	return value{}, false
}

// controlKindsText are the value properties of input controls.
var controlValueProps = map[string]bool{
	"text": true, "value": true, "selectedvalue": true, "selecteditem": true, "innertext": true,
	"innerhtml": true, "items": true, "postedfile": true, "filebytes": true, "filecontent": true,
	"filename": true, "selectedindex": false, "checked": false,
}

func (ev *analyzer) controlProp(r value, name string, e *expr) value {
	kind := r.meta
	if !inputKinds[kind] || !controlValueProps[name] {
		if name == "hasfile" || name == "checked" || name == "visible" {
			return value{typ: "bool"}
		}
		return value{typ: "string"}
	}
	pt := ev.point(e, render(e))
	if r.o != nil && r.o.name != "" {
		pt.What = clip(r.o.name+"."+name+" (form field "+kind+")", 120)
	}
	t := &taint{src: pt}
	switch name {
	case "postedfile":
		return value{t: t, typ: "postedfile"}
	case "filebytes":
		return value{t: t.with(nil, tfUpload), typ: "byte[]"}
	case "filecontent":
		return value{t: t.with(nil, tfUpload), typ: "stream"}
	case "filename":
		if kind == "fileupload" {
			return value{t: t.with(nil, tfBaseName), typ: "string"}
		}
	}
	return value{t: t, typ: "string"}
}

// setProp stores v into r.name and checks the dangerous property writes.
func (ev *analyzer) setProp(r value, name string, v value, site *expr, fr *frame) {
	switch r.typ {
	case "page", "ns":
		key := name
		if site != nil && site.op == eAssign && len(site.args) > 0 && site.args[0] != nil && site.args[0].op == eMember {
			key = ev.identKey(site.args[0])
		}
		if _, ok := ev.globals[key]; ok || r.typ == "page" {
			ev.setGlobal(key, v)
		}
		return
	case "process":
		if r.o == nil {
			return
		}
		if name == "startinfo" {
			r.o.set("startinfo", v)
			return
		}
	}
	if r.o == nil {
		return
	}
	if old, ok := r.o.props[name]; ok && v.t == nil {
		v.t = old.t
	}
	r.o.set(name, v)
	if r.typ == "processstartinfo" && (name == "filename" || name == "arguments") {
		ev.checkProcess(r.o, site, false)
	}
}

// index evaluates r[args] (and VB's r(args) on a value).
func (ev *analyzer) index(r value, args []value, e *expr) value {
	switch r.typ {
	case "httprequest":
		pt := ev.point(e, render(e))
		return value{t: &taint{src: pt}, typ: "string"}
	case "reqcoll":
		if r.meta == "servervariables" && len(args) == 1 {
			if k, ok := args[0].str(); ok && serverVarsSafe[strings.ToLower(k)] {
				return value{typ: "string", fl: vfUnknown}
			}
		}
		pt := ev.point(e, render(e))
		t := &taint{src: pt}
		if r.t != nil {
			t.steps = r.t.steps
			t.fl = r.t.fl
		}
		if r.meta == "cookies" {
			return value{t: t, typ: "cookie"}
		}
		return value{t: t, typ: "string"}
	case "filecoll":
		pt := ev.point(e, render(e))
		return value{t: &taint{src: pt}, typ: "postedfile"}
	case "session", "application", "viewstate", "cache", "items":
		return ev.storeGet(r.typ, args)
	case "methodgroup":
		return value{}
	}
	if len(args) == 1 {
		if n, ok := args[0].num(); ok && args[0].hasN {
			if r.elems != nil && n >= 0 && int(n) < len(r.elems) {
				return r.elems[n]
			}
			if r.hasC {
				rs := []rune(r.c)
				if n >= 0 && int(n) < len(rs) {
					return value{c: string(rs[n]), hasC: true, typ: "char", fl: r.fl, t: r.t}
				}
			}
		}
		if k, ok := args[0].str(); ok && r.o != nil {
			if v, ok := r.o.props[strings.ToLower(k)]; ok {
				return v
			}
		}
	}
	el := elementOf(r)
	el.fl |= r.fl & (vfHidden | vfUnknown)
	if r.hasC || r.elems != nil {
		el.fl |= vfHidden
	}
	return el
}

// ---- calls ----

func (ev *analyzer) call(e *expr, fr *frame) value {
	callee := e.x
	if callee == nil {
		return value{}
	}
	switch callee.op {
	case eIdent:
		name := callee.name
		key := ev.identKey(callee)
		v, ok := fr.vars[key]
		if !ok && len(ev.prog.byName[name]) == 0 {
			v, ok = ev.globals[key]
		}
		if ok {
			args := ev.evalArgs(e.args, fr)
			switch v.typ {
			case "delegate":
				return ev.callDelegate(v, args, e)
			case "methodinfo":
				return derived(args...)
			}
			return ev.index(v, args, e)
		}
		if ms := ev.prog.byName[name]; len(ms) > 0 {
			args := ev.evalArgs(e.args, fr)
			return ev.callUser(ms, args, e)
		}
		if _, ok := implicit[name]; ok && name != "this" && name != "base" {
			args := ev.evalArgs(e.args, fr)
			return ev.index(ev.lookup(callee, fr), args, e)
		}
		if _, ok := ev.pg.controls[name]; ok {
			return ev.lookup(callee, fr)
		}
		args := ev.evalArgs(e.args, fr)
		return ev.builtin(name, args, e, fr)
	case eMember:
		var r value
		if callee.x == nil {
			if len(fr.with) > 0 {
				r = fr.with[len(fr.with)-1]
			}
		} else {
			r = ev.eval(callee.x, fr)
		}
		args := ev.evalArgs(e.args, fr)
		if ms := ev.userTarget(r, callee.name); ms != nil {
			return ev.callUser(ms, args, e)
		}
		return ev.api(r, callee.name, args, e, fr)
	}
	r := ev.eval(callee, fr)
	args := ev.evalArgs(e.args, fr)
	if r.typ == "delegate" {
		return derived(args...)
	}
	return ev.index(r, args, e)
}

// userTarget returns the page's methods that r.name calls, if any.
func (ev *analyzer) userTarget(r value, name string) []*method {
	ms := ev.prog.byName[name]
	if len(ms) == 0 {
		return nil
	}
	switch r.typ {
	case "page":
		return ms
	case "ns":
		if !knownType[shortType(r.meta)] {
			return ms
		}
	case "":
		if r.t == nil && !r.isConst() {
			return ms
		}
	}
	if ev.prog.classes[r.typ] {
		return ms
	}
	return nil
}

func (ev *analyzer) callUser(ms []*method, args []value, e *expr) value {
	var r value
	first := true
	for _, m := range ms {
		if len(ms) > 1 && len(m.params) != len(args) {
			continue
		}
		v := ev.invoke(m, args, e, false)
		if first {
			r, first = v, false
		} else {
			r = join(r, v)
		}
	}
	if first {
		r = ev.invoke(ms[0], args, e, false)
	}
	return r
}

// knownType are library types the evaluator models (a method of that
// name on them is the library's, not a page method).
var knownType = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`process processstartinfo assembly appdomain activator type file directory path
		fileinfo directoryinfo filestream streamwriter streamreader binarywriter binaryreader memorystream convert
		encoding bitconverter string stringbuilder char array math int int32 int64 byte httpcontext httputility
		webclient httpwebrequest webrequest sqlconnection sqlcommand oledbconnection oledbcommand rijndaelmanaged
		aes aesmanaged binaryformatter losformatter objectstateformatter soapformatter xmlserializer
		javascriptserializer csharpcodeprovider vbcodeprovider codedomprovider eval vsaengine xslcompiledtransform
		registry interaction strings regex uri buffer environment ipaddress dns system microsoft text io reflection
		diagnostics jscript compiler web security cryptography net sockets data sqlclient oledb odbc win32 collections
		generic linq management xml xsl serialization formatters binary script services runtime compilerservices
		visualbasic codedom ui htmlcontrols webcontrols threading tasks`) {
		knownType[t] = true
	}
}

// builtin handles free functions of JScript and VB (and unknown ones).
func (ev *analyzer) builtin(name string, args []value, e *expr, fr *frame) value {
	arg := func(i int) value {
		if i < len(args) {
			return args[i]
		}
		return value{}
	}
	switch name {
	case "eval":
		if ev.lang == langJS && !ev.binding {
			return ev.codeSink(arg(0), e, fr, langJS, "eval", args)
		}
		if ev.vbs {
			return ev.codeSink(arg(0), e, fr, langVB, "Eval", args)
		}
		if ev.lang == langVB && !ev.binding {
			return derived(args...)
		}
		return value{}
	case "execute", "executeglobal":
		if ev.vbs {
			return ev.codeSink(arg(0), e, fr, langVB, name, args)
		}
	case "createobject", "getobject", "activexobject":
		return ev.comObject(arg(0), e)
	case "shell":
		if ev.lang == langVB {
			ev.execSink(arg(0), value{}, e, "Shell")
			return value{typ: "int"}
		}
	case "chr", "chrw", "char":
		if n, ok := arg(0).num(); ok && n >= 0 && n < 0x110000 {
			if name != "char" || arg(0).typ != "char" {
				return value{c: string(rune(n)), hasC: true, typ: "char", fl: vfDecoded | arg(0).fl&vfHidden}
			}
		}
		return derived(args...)
	case "asc", "ascw":
		if s, ok := arg(0).str(); ok && s != "" {
			return numVal(int64([]rune(s)[0]))
		}
	case "int", "parseint", "cint", "clng", "cbyte", "cshort", "val", "cdbl", "csng", "number", "parsefloat", "double", "long", "byte", "float", "cdec", "fix":
		if n, ok := arg(0).num(); ok {
			return numVal(n)
		}
		r := derived(args...)
		r.t = r.t.with(nil, tfNumeric)
		r.typ = "int"
		return r
	case "cstr", "string", "cobj", "cvar", "ctype", "directcast", "trycast", "cchar":
		return arg(0)
	case "cbool", "isnumeric", "isnothing", "isdbnull", "isnull", "isarray", "isdate", "isempty", "isobject", "isnan", "isfinite":
		return value{typ: "bool"}
	case "strreverse":
		return reverseVal(arg(0))
	case "lcase", "ucase", "trim", "ltrim", "rtrim", "mid", "left", "right", "replace", "space", "join", "split", "hex", "oct", "escape", "unescape", "decodeuri", "decodeuricomponent", "encodeuri", "encodeuricomponent", "len", "instr", "instrrev", "iif", "if", "format", "formatnumber", "string.fromcharcode":
		return ev.stringFunc(name, args)
	case "gettype":
		return value{typ: "type"}
	case "function":
		if ev.lang == langJS {
			return ev.codeSink(arg(len(args)-1), e, fr, langJS, "Function", args)
		}
	}
	r := derived(args...)
	return r
}

// stringFunc folds VB and JScript string functions on constants.
func (ev *analyzer) stringFunc(name string, args []value) value {
	arg := func(i int) value {
		if i < len(args) {
			return args[i]
		}
		return value{}
	}
	s, ok := arg(0).str()
	n1, ok1 := arg(1).num()
	n2, ok2 := arg(2).num()
	res := func(out string) value {
		return value{c: out, hasC: true, typ: "string", fl: arg(0).fl | vfFolded}
	}
	switch name {
	case "lcase":
		if ok {
			return res(strings.ToLower(s))
		}
	case "ucase":
		if ok {
			return res(strings.ToUpper(s))
		}
	case "trim", "ltrim", "rtrim":
		if ok {
			return res(strings.TrimSpace(s))
		}
	case "mid":
		if ok && ok1 {
			rs := []rune(s)
			st := int(n1) - 1
			if st < 0 {
				st = 0
			}
			if st > len(rs) {
				st = len(rs)
			}
			end := len(rs)
			if ok2 && st+int(n2) < end && n2 >= 0 {
				end = st + int(n2)
			}
			return res(string(rs[st:end]))
		}
	case "left", "right":
		if ok && ok1 && n1 >= 0 {
			rs := []rune(s)
			k := min(int(n1), len(rs))
			if name == "left" {
				return res(string(rs[:k]))
			}
			return res(string(rs[len(rs)-k:]))
		}
	case "replace":
		if ok {
			if a, okA := arg(1).str(); okA {
				if b, okB := arg(2).str(); okB && a != "" {
					return res(strings.ReplaceAll(s, a, b))
				}
			}
		}
	case "space":
		if ok1 || arg(0).hasN {
			return res(" ")
		}
	case "join":
		if len(arg(0).elems) > 0 {
			sep := " "
			if len(args) > 1 {
				sep, _ = arg(1).str()
			}
			var parts []string
			for _, el := range arg(0).elems {
				p, ok := el.str()
				if !ok {
					return derived(args...)
				}
				parts = append(parts, p)
			}
			return res(strings.Join(parts, sep))
		}
	case "unescape", "decodeuri", "decodeuricomponent":
		if ok {
			if d, err := url.PathUnescape(strings.ReplaceAll(s, "%u", "%")); err == nil {
				r := res(d)
				r.fl |= vfDecoded
				return r
			}
		}
		r := derived(args...)
		if r.t != nil {
			r.t = r.t.with(nil, tfDecoded)
		}
		return r
	case "len", "instr", "instrrev":
		return value{typ: "int"}
	case "iif", "if":
		if len(args) >= 3 {
			return join(args[1], args[2])
		}
		if len(args) == 2 {
			return join(args[0], args[1])
		}
	case "string.fromcharcode":
		var b strings.Builder
		for _, a := range args {
			n, ok := a.num()
			if !ok {
				return derived(args...)
			}
			b.WriteRune(rune(n))
		}
		return value{c: b.String(), hasC: true, typ: "string", fl: vfDecoded}
	}
	return derived(args...)
}

func reverseVal(v value) value {
	if s, ok := v.str(); ok {
		rs := []rune(s)
		for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
			rs[i], rs[j] = rs[j], rs[i]
		}
		r := value{c: string(rs), hasC: true, typ: "string", fl: v.fl | vfDecoded}
		if v.elems != nil {
			r.typ = v.typ
			r.elems = make([]value, len(v.elems))
			for i, el := range v.elems {
				r.elems[len(v.elems)-1-i] = el
			}
			r.hasC, r.c = false, ""
		}
		return r
	}
	return v
}

// comObject is CreateObject(ProgID) and its equivalents.
func (ev *analyzer) comObject(progid value, e *expr) value {
	if progid.tainted() {
		ev.reflectSink(progid, e, "CreateObject", "a COM object whose ProgID the request chooses")
	}
	s, _ := progid.str()
	return value{typ: "com", meta: strings.ToLower(strings.TrimSpace(s)), o: newObject(), off: e.off, line: e.line}
}

// api evaluates a call of method name on r (a value, or a type when
// r.typ is "ns").
func (ev *analyzer) api(r value, name string, args []value, e *expr, fr *frame) value {
	arg := func(i int) value {
		if i < len(args) {
			return args[i]
		}
		return value{}
	}
	typ := r.typ
	if typ == "ns" {
		typ = shortType(r.meta)
	}
	step := func(what string) *verdict.Point {
		p := ev.point(e, what)
		return &p
	}
	switch typ {
	case "httprequest":
		switch name {
		case "binaryread", "getbufferedinputstream", "getbufferlessinputstream":
			pt := ev.point(e, render(e))
			return value{t: &taint{src: pt}, typ: "byte[]"}
		case "mappath":
			return ev.mapPath(arg(0))
		case "validateinput", "abort", "savas":
			return value{}
		case "tostring":
			return value{}
		}
		if r.t != nil {
			return value{t: r.t}
		}
		// VB and JScript: Request.Form("x"), Request.Item(0)
		coll := ev.requestMember(r, name, e)
		if len(args) > 0 {
			return ev.index(coll, args, e)
		}
		return coll
	case "reqcoll":
		switch name {
		case "get", "getvalues", "getkey", "item", "tostring", "getvalue":
			if len(args) > 0 && name != "tostring" {
				return ev.index(r, args, e)
			}
			return value{t: r.t, typ: "string"}
		case "haskeys", "contains", "containskey":
			return value{typ: "bool"}
		}
		return value{t: r.t}
	case "filecoll":
		if name == "get" || name == "item" {
			return ev.index(r, args, e)
		}
		return value{t: r.t, typ: "postedfile"}
	case "postedfile", "control":
		if name == "saveas" {
			content := value{t: r.t.with(nil, tfUpload)}
			if typ == "control" {
				content = ev.controlProp(r, "filebytes", e)
			}
			ev.writeSink(arg(0), content, e, callee(e), true)
			return value{}
		}
		if typ == "control" {
			return value{}
		}
		return value{t: r.t}
	case "httpserverutility", "page", "httpcontext":
		switch name {
		case "mappath":
			return ev.mapPath(arg(0))
		case "urldecode", "htmldecode", "urlpathdecode":
			return decodeURL(arg(0))
		case "createobject":
			return ev.comObject(arg(0), e)
		case "execute", "transfer":
			if arg(0).tainted() {
				ev.feature("include", arg(0), e, "Server.Execute of a request-chosen page")
			}
			return value{}
		case "htmlencode", "urlencode", "urlpathencode":
			return arg(0)
		case "loadcontrol", "parsecontrol":
			if arg(0).tainted() {
				ev.codeSink(arg(0), e, fr, langCS, "ParseControl", args)
			}
			return value{}
		}
		if typ == "httpcontext" && name == "rewritepath" {
			return value{}
		}
	case "session", "application", "viewstate", "cache", "items":
		switch name {
		case "add", "set", "insert":
			if len(args) >= 2 {
				ev.storeSet(typ, args[:1], args[1])
			}
			return value{}
		case "item", "get":
			return ev.storeGet(typ, args)
		}
		return value{}
	case "httpresponse":
		switch name {
		case "writefile", "transmitfile":
			if arg(0).tainted() {
				ev.fileRead(arg(0), e, callee(e))
			}
		case "appendheader", "addheader", "setcookie", "redirect":
		}
		return value{}
	case "httputility":
		switch name {
		case "urldecode", "htmldecode", "urlpathdecode", "javascriptstringencode":
			return decodeURL(arg(0))
		case "parsequerystring":
			a := arg(0)
			if a.t == nil {
				return value{typ: "reqcoll"}
			}
			return value{t: a.t, typ: "reqcoll"}
		case "htmlencode", "urlencode":
			return arg(0)
		}
	case "uri":
		switch name {
		case "unescapedatastring", "unescape":
			return decodeURL(arg(0))
		}
		return value{t: r.t, typ: "string"}
	case "convert":
		switch name {
		case "frombase64string", "frombase64chararray":
			v := decodeBase64(arg(0), step("Convert.FromBase64String"))
			ev.decodedCode(v, e, "Convert.FromBase64String")
			return v
		case "fromhexstring":
			return decodeHex(arg(0), step("Convert.FromHexString"))
		case "tobase64string", "tohexstring":
			return value{t: arg(0).t, typ: "string", fl: arg(0).fl & vfHidden}
		case "toint32", "toint64", "toint16", "tobyte", "touint32", "todouble", "todecimal", "tosingle", "touint16", "tosbyte":
			if len(args) == 2 {
				if b, ok := arg(1).num(); ok {
					if s, ok := arg(0).str(); ok {
						if n, err := parseIntBase(s, int(b)); err == nil {
							return numVal(n)
						}
					}
				}
			}
			if n, ok := arg(0).num(); ok {
				return numVal(n)
			}
			v := derived(args...)
			v.t = v.t.with(nil, tfNumeric)
			v.typ = "int"
			return v
		case "tochar":
			if n, ok := arg(0).num(); ok {
				return value{c: string(rune(n)), hasC: true, typ: "char", fl: vfDecoded}
			}
		case "tostring":
			return arg(0)
		case "toboolean":
			return value{typ: "bool"}
		}
		return derived(args...)
	case "encoding", "utf8encoding", "asciiencoding", "unicodeencoding", "utf32encoding", "utf7encoding":
		switch name {
		case "getencoding":
			s, _ := arg(0).str()
			return value{typ: "encoding", meta: strings.ToLower(s)}
		case "getstring", "getchars":
			v := arg(0)
			if r.meta == "unicode" || typ == "unicodeencoding" {
				if s, ok := v.str(); ok && len(s)%2 == 0 && v.fl&vfDecoded != 0 {
					u := make([]uint16, len(s)/2)
					for i := range u {
						u[i] = uint16(s[2*i]) | uint16(s[2*i+1])<<8
					}
					v.c = string(utf16.Decode(u))
				}
			}
			v.typ = "string"
			v.elems = nil
			if v.t != nil {
				v.t = v.t.with(step("Encoding.GetString"), 0)
			}
			return v
		case "getbytes":
			v := arg(0)
			v.typ = "byte[]"
			v.elems = nil
			return v
		}
		return derived(args...)
	case "bitconverter":
		if name == "tostring" {
			return value{t: arg(0).t, typ: "string"}
		}
		return derived(args...)
	case "string", "strings":
		if r.typ == "ns" {
			return ev.stringStatic(name, args, e)
		}
	case "char":
		switch name {
		case "convertfromutf32", "parse":
			if n, ok := arg(0).num(); ok && name == "convertfromutf32" {
				return value{c: string(rune(n)), hasC: true, typ: "char", fl: vfDecoded}
			}
			return arg(0)
		case "isdigit", "isletter", "isletterordigit", "iswhitespace":
			return value{typ: "bool"}
		}
	case "array":
		switch name {
		case "reverse":
			if len(e.args) > 0 && e.args[0] != nil && e.args[0].op == eIdent {
				ev.assignTo(e.args[0], reverseVal(arg(0)), fr, e)
			}
			return value{}
		case "copy", "constrainedcopy":
			if len(args) >= 3 && len(e.args) >= 3 {
				dst := e.args[2]
				if len(args) >= 5 {
					dst = e.args[2]
				}
				if dst != nil && dst.op == eIdent && arg(0).t != nil {
					ev.assignTo(dst, value{t: arg(0).t, typ: arg(0).typ}, fr, e)
				}
			}
			return value{}
		}
	case "buffer":
		if name == "blockcopy" && len(e.args) >= 3 && e.args[2] != nil && e.args[2].op == eIdent && arg(0).t != nil {
			ev.assignTo(e.args[2], value{t: arg(0).t, typ: arg(0).typ}, fr, e)
		}
		return value{}
	case "path":
		switch name {
		case "getfilename", "getfilenamewithoutextension", "getextension":
			v := arg(0)
			if s, ok := v.str(); ok {
				i := strings.LastIndexAny(s, `/\`)
				out := s[i+1:]
				if name == "getextension" {
					if k := strings.LastIndexByte(out, '.'); k >= 0 {
						out = out[k:]
					} else {
						out = ""
					}
				}
				return strVal(out)
			}
			return value{t: v.t.with(nil, tfBaseName), typ: "string"}
		case "combine":
			var r value
			for i, a := range args {
				if i == 0 {
					r = a
					continue
				}
				r = concat(concat(r, strVal("\\")), a)
			}
			return r
		case "getdirectoryname", "getfullpath", "changeextension", "getpathroot":
			return value{t: arg(0).t, typ: "string", fl: arg(0).fl & (vfUnknown | vfWebDir)}
		case "gettempfilename", "gettemppath", "getrandomfilename":
			return value{typ: "string"}
		}
	case "int", "int32", "int64", "long", "short", "byte", "uint", "double", "decimal", "float", "single", "uint32", "int16", "bool", "boolean", "datetime", "guid", "ipaddress", "timespan":
		switch name {
		case "parse", "tryparse":
			if n, ok := arg(0).num(); ok {
				return numVal(n)
			}
			v := value{typ: "int", t: arg(0).t.with(nil, tfNumeric)}
			return v
		}
		return value{typ: typ}
	case "math":
		return value{typ: "int"}
	case "stringbuilder":
		return ev.builder(r, name, args, e)
	case "regex":
		switch name {
		case "ismatch":
			return value{typ: "bool"}
		case "replace", "unescape":
			if s, ok := arg(0).str(); ok && name == "unescape" {
				return strVal(s)
			}
			return value{t: arg(0).t, typ: "string"}
		}
		return derived(args...)
	case "cipher":
		switch name {
		case "createdecryptor":
			return value{typ: "decryptor", meta: r.meta}
		case "createencryptor":
			return value{typ: "encryptor"}
		}
		return value{typ: "cipher"}
	case "decryptor":
		if name == "transformfinalblock" || name == "transformblock" {
			v := arg(0)
			if v.t != nil {
				v.t = v.t.with(step("decrypted ("+clip(r.meta, 20)+" TransformFinalBlock)"), tfDecrypted)
			} else if v.isConst() || v.fl&vfDecoded != 0 {
				v = value{fl: vfHidden}
			}
			v.typ = "byte[]"
			v.hasC, v.elems = false, nil
			return v
		}
	case "encryptor":
		return value{typ: "byte[]", t: arg(0).t}
	case "hash":
		if name == "computehash" {
			ev.trait("md5", e)
			return value{typ: "byte[]"}
		}
	case "process":
		switch name {
		case "start":
			if typ == r.typ && r.o != nil && len(args) == 0 {
				ev.checkProcess(r.o, e, true)
				return value{typ: "bool"}
			}
			p := value{typ: "process", o: newObject(), off: e.off, line: e.line}
			if len(args) == 1 && (arg(0).typ == "processstartinfo" || arg(0).o != nil && arg(0).typ != "string") {
				p.o.set("startinfo", arg(0))
				if arg(0).o != nil {
					ev.checkProcess(p.o, e, true)
				}
				return p
			}
			psi := value{typ: "processstartinfo", o: newObject()}
			psi.o.set("filename", arg(0))
			if len(args) > 1 {
				psi.o.set("arguments", arg(1))
			}
			p.o.set("startinfo", psi)
			ev.checkProcess(p.o, e, true)
			return p
		case "getprocesses", "getprocessesbyname", "getprocessbyid":
			ev.feature("processes", value{}, e, "lists or picks processes")
			return value{typ: "process[]"}
		case "kill":
			ev.feature("processes", value{}, e, "kills a process")
			return value{}
		case "waitforexit", "close", "dispose", "beginoutputreadline", "begineerrorreadline":
			return value{}
		case "getcurrentprocess":
			return value{typ: "process", o: newObject()}
		}
	case "procstdin":
		switch name {
		case "writeline", "write":
			ev.checkStdin(r.o, arg(0), e)
			return value{}
		}
		return value{}
	case "interaction":
		switch name {
		case "shell":
			ev.execSink(arg(0), value{}, e, "Interaction.Shell")
			return value{typ: "int"}
		case "createobject", "getobject":
			return ev.comObject(arg(0), e)
		case "callbyname":
			if arg(1).tainted() {
				ev.reflectSink(arg(1), e, "CallByName", "a method whose name the request chooses")
			}
			return derived(args...)
		}
		return ev.builtin(name, args, e, fr)
	case "com":
		return ev.comCall(r, name, args, e, fr)
	case "assembly", "appdomain":
		switch name {
		case "load", "loadfrom", "loadfile", "unsafeloadfrom", "reflectiononlyload", "loadwithpartialname":
			if typ == r.typ && typ == "assembly" {
				break // asm.Load? not a loader
			}
			return ev.loadSink(arg(0), e, callee(e))
		case "createinstance", "createinstanceandunwrap", "createinstancefrom", "createinstancefromandunwrap":
			if typ == "appdomain" {
				if arg(1).tainted() || arg(0).tainted() {
					ev.reflectSink(mergeV(arg(0), arg(1)), e, "AppDomain."+name, "an object of a request-chosen type")
				}
				return value{typ: "object"}
			}
			if s, ok := arg(0).str(); ok {
				ev.traitName("createinstance", s, e)
			} else if arg(0).tainted() {
				ev.reflectSink(arg(0), e, "Assembly.CreateInstance", "an object of a request-chosen type")
			}
			return value{typ: "loadedobject", t: r.t, fl: r.fl & vfHidden, o: r.o}
		case "gettype", "gettypes", "getexportedtypes":
			v := value{typ: "type", t: r.t, fl: r.fl & vfHidden}
			if s, ok := arg(0).str(); ok {
				v.meta = shortType(strings.ToLower(s))
			} else if arg(0).tainted() {
				v.t = arg(0).t
			}
			if r.t != nil || r.fl&vfHidden != 0 {
				v.meta = "loaded"
			}
			return v
		case "getexecutingassembly", "getcallingassembly", "getentryassembly", "getassembly":
			return value{typ: "assembly"}
		case "getassemblies":
			return value{typ: "assembly[]"}
		}
		return value{typ: "object", t: r.t}
	case "loadedobject":
		switch name {
		case "equals":
			if len(args) > 0 && (args[0].typ == "page" || args[0].typ == "httpcontext") {
				ev.trait("equals-context", e)
			}
			return value{typ: "bool"}
		}
		return value{t: r.t}
	case "type":
		return ev.typeCall(r, name, args, e, fr)
	case "activator":
		switch name {
		case "createinstance", "createinstancefrom", "createcominstancefrom":
			t := arg(0)
			if t.tainted() || (len(args) > 1 && arg(1).tainted() && arg(0).typ == "string") {
				ev.reflectSink(mergeV(t, arg(1)), e, "Activator."+name, "an object of a request-chosen type")
				return value{typ: "object", t: mergeTaint(t, arg(1))}
			}
			if strings.HasPrefix(t.meta, "com:") {
				return value{typ: "com", meta: strings.TrimPrefix(t.meta, "com:"), o: newObject()}
			}
			if t.typ == "type" && t.meta != "" && t.meta != "loaded" {
				return ev.construct(t.meta, args[min(1, len(args)):], e, fr)
			}
			return value{typ: "object", t: t.t, fl: t.fl & vfHidden}
		}
	case "methodinfo":
		return ev.methodInvoke(r, name, args, e, fr)
	case "codeprovider":
		switch name {
		case "compileassemblyfromsource", "compileassemblyfromdom":
			var parts []value
			for i, a := range args {
				if i == 0 && len(args) > 1 {
					continue // CompilerParameters
				}
				if a.elems != nil {
					parts = append(parts, a.elems...)
				} else {
					parts = append(parts, a)
				}
			}
			src := value{}
			for i, p := range parts {
				if i == 0 {
					src = p
				} else {
					src = concat(concat(src, strVal("\n")), p)
				}
			}
			lang := langCS
			if strings.Contains(r.meta, "vb") {
				lang = langVB
			} else if strings.Contains(r.meta, "js") || strings.Contains(r.meta, "jscript") {
				lang = langJS
			}
			res := ev.compileSink(src, e, fr, lang)
			return res
		case "compileassemblyfromfile":
			if arg(1).tainted() {
				ev.compileSink(arg(1), e, fr, langCS)
			}
			return value{typ: "compilerresults", t: arg(1).t}
		case "createcompiler":
			return r
		}
	case "eval", "jscriptevaluate":
		if name == "jscriptevaluate" || typ == "eval" {
			return ev.codeSink(arg(0), e, fr, langJS, "Microsoft.JScript.Eval.JScriptEvaluate", args)
		}
	case "vsaengine":
		if name == "createengine" || name == "createenginewithtype" {
			ev.trait("vsaengine", e)
			return value{typ: "vsaengine"}
		}
	case "xslcompiledtransform", "xsltransform":
		if name == "load" {
			return ev.xsltLoad(r, args, e)
		}
		return value{}
	case "xmldocument", "xpathdocument":
		if name == "loadxml" || name == "load" {
			if r.o != nil {
				r.o.content = arg(0)
			}
		}
		return value{}
	case "xmlreader", "xmltextreader":
		if name == "create" {
			return value{typ: "xmlreader", o: &object{props: map[string]value{}, content: arg(0).contentOf()}}
		}
	case "formatter":
		if name == "deserialize" || name == "readobject" || name == "unsafedeserialize" {
			ev.deserializeSink(r, arg(0), e)
			return value{typ: "object", t: arg(0).t}
		}
	case "xmlserializer":
		if name == "deserialize" && r.t != nil {
			ev.deserializeSink(r, arg(0), e)
		}
		return value{typ: "object"}
	case "javascriptserializer":
		if name == "deserialize" || name == "deserializeobject" {
			if r.meta == "typeresolver" {
				ev.deserializeSink(r, arg(0), e)
			}
			return value{t: arg(0).t, typ: "object"}
		}
	case "file", "fileinfo", "directory", "directoryinfo":
		return ev.fileCall(r, typ, name, args, e)
	case "filewriter", "streamwriter", "binarywriter", "textwriter", "filestream":
		switch name {
		case "write", "writeline", "writebyte", "writeasync", "writelineasync", "writeallbytes":
			content := arg(0)
			if r.o != nil {
				r.o.content = mergeV(r.o.content, content)
			}
			if r.o != nil && r.o.hasPath {
				ev.writeSink(r.o.path, content, e, "write to "+typ, false)
			} else if typ != "filestream" || r.o != nil {
				ev.writeSink(value{fl: vfUnknown}, content, e, "write to "+typ, false)
			}
			return value{}
		}
		return value{}
	case "memorystream", "stream", "deflatestream", "gzipstream", "cryptostream", "streamreader", "binaryreader", "stringreader", "textreader":
		switch name {
		case "read", "readbytes", "readtoend", "readline", "readblock", "readasync", "readtoendasync", "toarray", "getbuffer", "readchars", "readstring":
			v := value{t: r.t, typ: "byte[]", fl: r.fl & vfHidden}
			if r.o != nil {
				v.t = mergeTaint(v, r.o.content)
			}
			if strings.HasPrefix(name, "readto") || name == "readline" || name == "readstring" {
				v.typ = "string"
			}
			if (name == "read" || name == "readblock" || name == "readasync") && len(e.args) > 0 && e.args[0] != nil && v.t != nil {
				ev.assignTo(e.args[0], v, fr, e)
			}
			return v
		case "write", "writebyte":
			if r.o != nil {
				r.o.content = mergeV(r.o.content, arg(0))
			}
			return value{}
		case "copyto", "copytoasync":
			if len(e.args) > 0 && e.args[0] != nil && r.t != nil {
				d := arg(0)
				if d.o != nil {
					d.o.content = mergeV(d.o.content, r)
					if d.o.hasPath {
						ev.writeSink(d.o.path, r, e, "CopyTo", false)
					}
				}
			}
			return value{}
		}
		return value{t: r.t}
	case "webclient":
		switch name {
		case "downloadfile", "downloadfileasync", "downloadfiletaskasync":
			ev.downloadSink(arg(0), arg(1), e)
			return value{}
		case "downloaddata", "downloadstring", "openread":
			v := value{typ: "byte[]"}
			if arg(0).tainted() {
				v.t = arg(0).t.with(step("downloaded from the request's URL"), 0)
				ev.feature("proxy", arg(0), e, "fetches a request-chosen URL")
			}
			return v
		case "uploadfile", "uploaddata", "uploadstring", "uploadvalues":
			if arg(0).tainted() {
				ev.feature("proxy", arg(0), e, "sends to a request-chosen URL")
			}
			return value{}
		}
		return value{}
	case "webrequest", "httpwebrequest", "filewebrequest", "ftpwebrequest":
		switch name {
		case "create", "createhttp", "createdefault":
			v := value{typ: "webrequest", o: newObject()}
			if arg(0).tainted() {
				ev.feature("proxy", arg(0), e, "requests a request-chosen URL")
				v.t = arg(0).t
			}
			return v
		case "getresponse", "getresponsestream", "begingetresponse":
			return value{typ: "stream", t: r.t}
		}
		return value{t: r.t}
	case "webresponse", "httpwebresponse":
		return value{typ: "stream", t: r.t}
	case "dbconn":
		switch name {
		case "createcommand":
			c := value{typ: "dbcmd", o: newObject()}
			c.o.set("connection", r)
			return c
		case "open", "close", "dispose", "getschema", "changedatabase":
			if name == "changedatabase" && r.o != nil {
				r.o.set("database", arg(0))
			}
			return value{}
		}
		return value{}
	case "dbcmd":
		switch name {
		case "executereader", "executenonquery", "executescalar", "executexmlreader", "beginexecutereader", "beginexecutenonquery":
			ev.dbSink(r, e)
			return value{typ: "datareader"}
		}
		return value{}
	case "dbadapter":
		if name == "fill" {
			ev.dbSink(r, e)
		}
		return value{}
	case "registrykey":
		switch name {
		case "opensubkey", "createsubkey", "openbasekey", "openremotebasekey", "deletesubkey", "deletesubkeytree", "setvalue", "getvalue", "deletevalue", "getsubkeynames", "getvaluenames":
			if name == "opensubkey" && !arg(0).isConst() {
				ev.trait("regwalk", e)
			}
			if v := mergeV(args...); v.tainted() {
				ev.feature("registry", v, e, "registry access at a request-chosen key")
				ev.report(verdict.Detection{
					Rule: "aspx.registry-input", Score: 60,
					Why:   "The request chooses which registry key of the server is opened (a registry browser).",
					WhyZh: "由请求指定打开服务器的哪个注册表键（注册表浏览功能）。",
				}, v, e, "RegistryKey."+name)
			} else {
				ev.feature("registry", value{}, e, "registry access")
			}
			if name == "setvalue" && arg(1).tainted() {
				ev.feature("registry-write", arg(1), e, "writes request data into the registry")
			}
			return value{typ: "registrykey", t: mergeTaint(args...)}
		}
		return value{}
	case "tcpclient", "socket", "udpclient", "networkstream":
		switch name {
		case "connect", "beginconnect", "connectasync":
			if t := mergeTaint(append([]value{r}, args...)...); t != nil {
				v := value{t: t.clear(tfNumeric | tfBool)}
				ev.feature("network", v, e, "connects to a request-chosen host")
				ev.trait("connect-input", e)
			} else {
				ev.feature("network", value{}, e, "connects out")
			}
		case "bind", "listen":
			ev.feature("listener", mergeV(args...), e, "listens on a port")
		case "send", "sendto", "beginsend", "sendasync", "write", "beginwrite":
			if arg(0).tainted() {
				ev.trait("relay-input", e)
			}
		case "getstream":
			return value{typ: "networkstream", t: r.t}
		case "iocontrol":
			s, _ := arg(0).str()
			n, _ := arg(0).num()
			if strings.EqualFold(s, "receiveall") || n == 0x98000001 || n == -1744830463 {
				ev.report(verdict.Detection{
					Rule: "aspx.sniffer", Score: 75,
					Why:   "A raw socket is put in receive-all mode (SIO_RCVALL): the page sniffs the server's network traffic (password sniffer).",
					WhyZh: "原始套接字被设为接收所有数据包（SIO_RCVALL）：页面嗅探服务器网络流量（密码嗅探）。",
				}, value{}, e, "Socket.IOControl(ReceiveAll)")
			}
		}
		return value{t: r.t}
	case "dns":
		if mergeTaint(args...) != nil {
			ev.feature("network", mergeV(args...), e, "resolves a request-chosen host")
		}
		return value{typ: "object"}
	case "managementclass", "managementobject":
		if name == "invokemethod" {
			if m, ok := arg(0).str(); ok && strings.EqualFold(m, "create") && strings.Contains(r.meta, "win32_process") {
				cmd := arg(1)
				for _, el := range cmd.elems {
					cmd = mergeV(cmd, el)
				}
				ev.execSink(cmd, value{}, e, "WMI Win32_Process.Create")
			}
		}
		ev.feature("wmi", value{}, e, "WMI")
		return value{}
	case "powershell", "pipeline", "commands", "runspaceinvoke":
		switch name {
		case "addscript", "addcommand", "add", "invoke":
			if typ == "powershell" && name == "invoke" || typ == "pipeline" && name == "invoke" {
				return value{typ: "object"}
			}
			if name == "add" && typ != "commands" {
				return r
			}
			ev.execSink(arg(0), value{}, e, "PowerShell "+name)
			return r
		case "create":
			return value{typ: "powershell", o: newObject()}
		case "createpipeline":
			return value{typ: "pipeline", o: newObject()}
		}
		return r
	case "runspace", "runspacefactory":
		switch name {
		case "createpipeline":
			v := value{typ: "pipeline", o: newObject()}
			if len(args) > 0 {
				ev.execSink(arg(0), value{}, e, "Runspace.CreatePipeline")
			}
			return v
		case "createrunspace":
			return value{typ: "runspace"}
		}
		return value{}
	case "directoryentry", "directorysearcher":
		ev.feature("iis-users", value{}, e, "IIS metabase or Windows accounts (ADSI)")
		return value{typ: typ, t: r.t}
	case "servicecontroller":
		ev.feature("services", value{}, e, "Windows services")
		return value{}
	case "managementobjectsearcher":
		ev.feature("wmi", value{}, e, "WMI query")
		return value{}
	case "driveinfo":
		ev.feature("filemanager", value{}, e, "lists drives")
		return value{}
	}
	return ev.genericMethod(r, name, args, e, fr)
}

func mergeV(vs ...value) value {
	var r value
	for _, v := range vs {
		if v.t != nil && (r.t == nil || rank(v.t) > rank(r.t)) {
			r.t = v.t
		}
		r.fl |= v.fl & (vfUnknown | vfHidden)
		if r.typ == "" {
			r.typ = v.typ
		}
	}
	return r
}

// contentOf is the text a reader or document holds.
func (v value) contentOf() value {
	if v.o != nil && (v.o.content.isConst() || v.o.content.t != nil) {
		return v.o.content
	}
	return v
}

// genericMethod handles string methods and unknown methods on values.
func (ev *analyzer) genericMethod(r value, name string, args []value, e *expr, fr *frame) value {
	arg := func(i int) value {
		if i < len(args) {
			return args[i]
		}
		return value{}
	}
	s, isC := r.str()
	switch name {
	case "tostring", "toarray", "tolist", "clone", "normalize", "trim", "trimstart", "trimend", "tolower", "toupper", "tolowerinvariant", "toupperinvariant", "tocharray", "tochararray", "copy", "intern", "ascharenumerator", "cast", "oftype", "value", "getvalue", "asstring":
		if r.typ == "cookie" || r.typ == "reqcoll" || r.typ == "stream" || r.typ == "httprequest" {
			return value{t: r.t, typ: "string"}
		}
		if isC && r.typ != "ns" && r.typ != "type" {
			out := s
			switch name {
			case "trim":
				if len(args) == 0 {
					out = strings.TrimSpace(s)
				}
			case "trimstart":
				if len(args) == 0 {
					out = strings.TrimLeft(s, " \t\r\n")
				}
			case "trimend":
				if len(args) == 0 {
					out = strings.TrimRight(s, " \t\r\n")
				}
			case "tolower", "tolowerinvariant":
				out = strings.ToLower(s)
			case "toupper", "toupperinvariant":
				out = strings.ToUpper(s)
			case "tochararray", "tocharray":
				rs := []rune(s)
				if len(rs) <= 65536 {
					v := value{typ: "char[]", fl: r.fl}
					for _, c := range rs {
						v.elems = append(v.elems, value{c: string(c), hasC: true, typ: "char"})
					}
					return v
				}
			}
			v := r
			v.c, v.hasC, v.hasN = out, true, false
			if r.elems != nil && name != "tostring" {
				v = r
			}
			if name == "tostring" || name == "toarray" {
				if r.elems != nil && name == "toarray" {
					return r
				}
			}
			if v.typ == "" || v.typ == "int" {
				v.typ = "string"
			}
			return v
		}
		v := value{t: r.t, typ: r.typ, fl: r.fl & (vfHidden | vfUnknown | vfDecoded), o: r.o, elems: r.elems}
		if name == "tostring" {
			v.typ = "string"
			if r.typ == "stringbuilder" && r.o != nil {
				return r.o.content
			}
		}
		return v
	case "reverse":
		if len(args) == 0 {
			return reverseVal(r)
		}
	case "substring", "remove", "insert", "replace", "padleft", "padright", "split", "concat", "format", "join", "slice", "substr", "charat", "charcodeat", "tocharcode":
		if isC {
			if v, ok := foldStringMethod(s, name, args); ok {
				v.fl |= r.fl | vfFolded
				return v
			}
		}
		v := derived(append([]value{r}, args...)...)
		if name == "split" {
			v.typ = "string[]"
		} else if name != "charcodeat" {
			v.typ = "string"
		}
		return v
	case "contains", "startswith", "endswith", "equals", "isnullorempty", "isnullorwhitespace", "exists", "any", "all", "containskey", "haskeys", "compareto", "compare", "equalsignorecase":
		if name == "equals" && r.typ == "loadedobject" {
			return ev.api(r, name, args, e, fr)
		}
		if name == "equals" && len(args) > 0 && (args[0].typ == "page" || args[0].typ == "httpcontext") && r.t != nil {
			ev.trait("equals-context", e)
		}
		return value{typ: "bool"}
	case "indexof", "lastindexof", "indexofany", "getlength", "gethashcode", "count", "sum":
		return value{typ: "int"}
	case "add", "append", "push", "addrange", "enqueue", "insertrange", "set", "setvalue":
		// a collection takes the data
		if r.o != nil {
			for _, a := range args {
				r.o.content = mergeV(r.o.content, a)
			}
		}
		if e.x != nil && e.x.op == eMember && e.x.x != nil && e.x.x.op == eIdent {
			if t := mergeTaint(args...); t != nil {
				cur := ev.lookup(e.x.x, fr)
				if cur.t == nil || rank(t) > rank(cur.t) {
					cur.t = t
					ev.setVar(fr, ev.identKey(e.x.x), cur, false)
				}
			}
		}
		return r
	case "getstring", "getbytes":
		// an unknown encoding object
		v := arg(0)
		v.elems = nil
		return v
	case "invoke", "dynamicinvoke", "invokemember":
		if r.typ == "methodinfo" || r.typ == "type" {
			return ev.api(r, name, args, e, fr)
		}
		if r.typ == "delegate" {
			return ev.callDelegate(r, args, e)
		}
	case "createinstance":
		if r.t != nil || r.fl&vfHidden != 0 {
			return ev.api(value{typ: "assembly", t: r.t, fl: r.fl}, name, args, e, fr)
		}
	case "gettype":
		if len(args) == 0 {
			return value{typ: "type", meta: r.typ}
		}
	case "start":
		if r.typ == "" && r.o != nil {
			ev.checkProcess(r.o, e, true)
		}
	}
	// unknown method: request data flows through
	v := value{t: mergeTaint(append([]value{r}, args...)...)}
	if r.typ == "reqcoll" || r.typ == "httprequest" {
		v.t = r.t
	}
	if r.fl&vfHidden != 0 || r.isConst() && r.typ != "ns" {
		v.fl |= vfHidden
	}
	if v.t != nil {
		v.fl &^= vfHidden
	}
	return v
}

// foldStringMethod folds a .NET or JScript string method on a constant.
func foldStringMethod(s, name string, args []value) (value, bool) {
	arg := func(i int) value {
		if i < len(args) {
			return args[i]
		}
		return value{}
	}
	rs := []rune(s)
	num := func(i int) (int, bool) {
		n, ok := arg(i).num()
		return int(n), ok && arg(i).typ != "char" && !arg(i).hasC
	}
	switch name {
	case "substring", "substr", "slice":
		st, ok := num(0)
		if !ok || st < 0 || st > len(rs) {
			return value{}, false
		}
		end := len(rs)
		if n, ok := num(1); ok {
			switch name {
			case "slice":
				end = n
			case "substring":
				if len(args) > 1 {
					end = st + n
				}
			default:
				end = st + n
			}
		}
		if end < st || end > len(rs) {
			end = len(rs)
		}
		return strVal(string(rs[st:end])), true
	case "charat":
		if n, ok := num(0); ok && n >= 0 && n < len(rs) {
			return value{c: string(rs[n]), hasC: true, typ: "char"}, true
		}
	case "charcodeat":
		if n, ok := num(0); ok && n >= 0 && n < len(rs) {
			return numVal(int64(rs[n])), true
		}
	case "remove":
		st, ok := num(0)
		if !ok || st < 0 || st > len(rs) {
			return value{}, false
		}
		end := len(rs)
		if n, ok := num(1); ok && st+n <= len(rs) {
			end = st + n
		}
		return strVal(string(rs[:st]) + string(rs[end:])), true
	case "insert":
		st, ok := num(0)
		ins, ok2 := arg(1).str()
		if ok && ok2 && st >= 0 && st <= len(rs) {
			return strVal(string(rs[:st]) + ins + string(rs[st:])), true
		}
	case "replace":
		a, ok1 := arg(0).str()
		b, ok2 := arg(1).str()
		if ok1 && ok2 && a != "" {
			return strVal(strings.ReplaceAll(s, a, b)), true
		}
	case "padleft", "padright":
		return strVal(s), true
	case "split":
		sep, ok := arg(0).str()
		if !ok {
			if len(arg(0).elems) > 0 {
				sep, ok = arg(0).elems[0].str()
			}
		}
		if ok && sep != "" {
			parts := strings.Split(s, sep)
			if len(parts) <= 65536 {
				v := value{typ: "string[]"}
				for _, p := range parts {
					v.elems = append(v.elems, strVal(p))
				}
				return v, true
			}
		}
	case "concat":
		out := s
		for _, a := range args {
			p, ok := a.str()
			if !ok {
				return value{}, false
			}
			out += p
		}
		return strVal(out), true
	}
	return value{}, false
}

// stringStatic handles String.Format, Concat, Join and VB's Strings.
func (ev *analyzer) stringStatic(name string, args []value, e *expr) value {
	switch name {
	case "concat":
		var r value
		first := true
		for _, a := range args {
			parts := []value{a}
			if a.elems != nil && len(args) == 1 {
				parts = a.elems
			}
			for _, p := range parts {
				if first {
					r, first = p, false
					if _, ok := p.str(); ok {
						r.typ = "string"
					}
					continue
				}
				r = concat(r, p)
			}
		}
		return r
	case "join":
		if len(args) >= 2 {
			sep, ok := args[0].str()
			parts := args[1:]
			if len(args) == 2 && args[1].elems != nil {
				parts = args[1].elems
			}
			if ok {
				var r value
				for i, p := range parts {
					if i == 0 {
						r = p
						continue
					}
					r = concat(concat(r, strVal(sep)), p)
				}
				return r
			}
		}
		return derived(args...)
	case "format":
		if len(args) == 0 {
			return value{}
		}
		f, ok := args[0].str()
		rest := args[1:]
		if len(rest) == 1 && rest[0].elems != nil {
			rest = rest[0].elems
		}
		if ok {
			out, ok2 := formatConst(f, rest)
			if ok2 {
				return value{c: out, hasC: true, typ: "string", fl: vfFolded}
			}
		}
		v := derived(args...)
		v.typ = "string"
		if ok {
			if i := strings.IndexByte(f, '{'); i >= 0 {
				v.meta = "prefix:" + f[:i]
			}
		}
		return v
	case "strreverse":
		return reverseVal(args[0])
	case "isnullorempty", "isnullorwhitespace", "equals", "compare":
		return value{typ: "bool"}
	case "copy", "intern":
		if len(args) > 0 {
			return args[0]
		}
	case "fromcharcode":
		return ev.stringFunc("string.fromcharcode", args)
	}
	if len(args) > 0 {
		return ev.stringFunc(name, args)
	}
	return value{typ: "string"}
}

func formatConst(f string, args []value) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c == '{' {
			if i+1 < len(f) && f[i+1] == '{' {
				b.WriteByte('{')
				i++
				continue
			}
			j := strings.IndexByte(f[i:], '}')
			if j < 0 {
				return "", false
			}
			spec := f[i+1 : i+j]
			if k := strings.IndexAny(spec, ",:"); k >= 0 {
				spec = spec[:k]
			}
			n := 0
			for _, d := range spec {
				if d < '0' || d > '9' {
					return "", false
				}
				n = n*10 + int(d-'0')
			}
			if n >= len(args) {
				return "", false
			}
			s, ok := args[n].str()
			if !ok {
				return "", false
			}
			b.WriteString(s)
			i += j
			continue
		}
		if c == '}' && i+1 < len(f) && f[i+1] == '}' {
			i++
		}
		b.WriteByte(c)
	}
	return b.String(), true
}

// builder evaluates StringBuilder methods, folding constant appends.
func (ev *analyzer) builder(r value, name string, args []value, e *expr) value {
	if r.o == nil {
		return value{t: mergeTaint(args...)}
	}
	switch name {
	case "append", "appendline", "appendformat", "insert":
		a := value{}
		if len(args) > 0 {
			a = args[0]
		}
		if name == "appendformat" {
			a = ev.stringStatic("format", args, e)
		}
		if name == "insert" && len(args) > 1 {
			a = args[1]
			r.o.content = concat(a, r.o.content)
			return r
		}
		if name == "appendline" {
			a = concat(a, strVal("\r\n"))
		}
		if !r.o.content.isConst() && r.o.content.t == nil && r.o.content.fl == 0 && !r.o.hasPath {
			r.o.content = a
			r.o.hasPath = true // marks "content set"
		} else {
			r.o.content = concat(r.o.content, a)
		}
		return r
	case "tostring":
		return r.o.content
	case "clear":
		r.o.content, r.o.hasPath = value{}, false
		return r
	case "replace":
		return r
	}
	return value{t: r.o.content.t}
}

func (ev *analyzer) mapPath(p value) value {
	v := p
	v.typ = "string"
	if !strings.HasPrefix(p.meta, "prefix:") {
		v.meta = "mapped"
	}
	v.elems = nil
	if s, ok := p.str(); ok {
		switch strings.TrimSpace(s) {
		case "", ".", "./", "~", "~/", "/", "\\", ".\\":
			v.fl |= vfWebDir
		}
	} else if p.fl&vfWebDir != 0 {
		v.fl |= vfWebDir
	}
	return v
}

func decodeURL(v value) value {
	if s, ok := v.str(); ok {
		if d, err := url.QueryUnescape(s); err == nil {
			return value{c: d, hasC: true, typ: "string", fl: v.fl | vfDecoded}
		}
	}
	r := v
	r.typ = "string"
	if r.t != nil {
		r.t = r.t.with(nil, tfDecoded)
	}
	return r
}

func decodeBase64(v value, step *verdict.Point) value {
	if s, ok := v.str(); ok {
		clean := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
				return -1
			}
			return r
		}, s)
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if d, err := enc.DecodeString(clean); err == nil {
				return value{c: string(d), hasC: true, typ: "byte[]", fl: v.fl | vfDecoded, off: v.off, line: v.line}
			}
		}
		return value{typ: "byte[]", fl: vfHidden}
	}
	r := value{t: v.t.with(step, tfDecoded), typ: "byte[]", fl: v.fl & (vfHidden | vfUnknown)}
	return r
}

func decodeHex(v value, step *verdict.Point) value {
	if s, ok := v.str(); ok {
		if d, err := hex.DecodeString(s); err == nil {
			return value{c: string(d), hasC: true, typ: "byte[]", fl: v.fl | vfDecoded}
		}
	}
	return value{t: v.t.with(step, tfDecoded), typ: "byte[]", fl: v.fl & (vfHidden | vfUnknown)}
}

func parseIntBase(s string, base int) (int64, error) {
	var n int64
	s = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "0x")
	for _, c := range s {
		var d int64
		switch {
		case c >= '0' && c <= '9':
			d = int64(c - '0')
		case c >= 'a' && c <= 'z':
			d = int64(c-'a') + 10
		default:
			return 0, errBadNum
		}
		if d >= int64(base) {
			return 0, errBadNum
		}
		n = n*int64(base) + d
	}
	return n, nil
}

type numErr struct{}

func (numErr) Error() string { return "bad number" }

var errBadNum error = numErr{}
