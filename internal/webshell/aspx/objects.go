package aspx

import (
	"strings"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// newObj evaluates "new T(args) { init }".
func (ev *analyzer) newObj(e *expr, fr *frame) value {
	st := shortType(e.name)
	if e.arr {
		if e.init != nil {
			return ev.array(e.init, fr, st)
		}
		ev.evalArgs(e.args, fr)
		return value{typ: st + "[]"}
	}
	args := ev.evalArgs(e.args, fr)
	if strings.HasPrefix(e.name, "webadmin2y.") {
		ev.traitName("webadmin2y", e.name, e)
	}
	v := ev.construct(st, args, e, fr)
	for _, in := range e.init {
		if in == nil {
			continue
		}
		if in.op == eAssign && len(in.args) == 2 && in.args[0] != nil {
			name := in.args[0].name
			if in.args[0].op == eStr {
				name = strings.ToLower(in.args[0].str)
			}
			val := ev.eval(in.args[1], fr)
			if v.o == nil {
				v.o = newObject()
			}
			ev.setProp(v, name, val, in, fr)
			continue
		}
		el := ev.eval(in, fr)
		if v.o != nil {
			v.o.content = mergeV(v.o.content, el)
		}
		if el.t != nil && v.t == nil {
			v.t = el.t
		}
	}
	return v
}

var streamTypes = map[string]bool{
	"stream": true, "memorystream": true, "filestream": true, "filewriter": true, "cryptostream": true,
	"deflatestream": true, "gzipstream": true, "networkstream": true, "bufferedstream": true,
	"streamreader": true, "streamwriter": true,
}

// writeModes are FileMode and FileAccess values that write.
func writeMode(vs ...value) bool {
	for _, v := range vs {
		s, ok := v.str()
		if !ok {
			continue
		}
		switch strings.ToLower(s) {
		case "create", "createnew", "append", "truncate", "openorcreate", "write", "readwrite":
			return true
		}
	}
	return false
}

// construct creates an object of type st (short, lower-case).
func (ev *analyzer) construct(st string, args []value, e *expr, fr *frame) value {
	arg := func(i int) value {
		if i < len(args) {
			return args[i]
		}
		return value{}
	}
	o := newObject()
	switch st {
	case "process":
		return value{typ: "process", o: o}
	case "processstartinfo":
		if len(args) > 0 {
			o.props["filename"] = arg(0)
		}
		if len(args) > 1 {
			o.props["arguments"] = arg(1)
		}
		return value{typ: "processstartinfo", o: o}
	case "rijndaelmanaged", "rijndael", "aesmanaged", "aescryptoserviceprovider", "aescng", "descryptoserviceprovider",
		"tripledescryptoserviceprovider", "rc2cryptoserviceprovider", "aes", "des", "tripledes", "rc2", "symmetricalgorithm":
		return value{typ: "cipher", meta: st, o: o}
	case "md5cryptoserviceprovider", "sha1managed", "sha1cryptoserviceprovider", "sha256managed", "md5", "sha1", "sha256",
		"hmacmd5", "hmacsha1", "hmacsha256", "sha256cryptoserviceprovider", "md5cng":
		return value{typ: "hash", meta: st}
	case "cryptostream":
		v := value{typ: "cryptostream", t: arg(0).t, o: o}
		o.content = arg(0).contentOf()
		if arg(1).typ == "decryptor" {
			if v.t != nil {
				pt := ev.point(e, "decrypted (CryptoStream)")
				v.t = v.t.with(&pt, tfDecrypted)
			} else if o.content.isConst() {
				v.fl |= vfHidden
			}
		}
		return v
	case "memorystream", "bufferedstream":
		o.content = arg(0)
		return value{typ: "memorystream", t: arg(0).t, o: o, fl: arg(0).fl & vfHidden}
	case "deflatestream", "gzipstream", "brotlistream", "zlibstream":
		v := value{typ: "stream", t: arg(0).t, o: o, fl: arg(0).fl & vfHidden}
		o.content = arg(0).contentOf()
		if v.t != nil {
			pt := ev.point(e, "decompressed ("+st+")")
			v.t = v.t.with(&pt, tfDecoded)
		}
		return v
	case "stringreader":
		o.content = arg(0)
		return value{typ: "stringreader", t: arg(0).t, o: o}
	case "streamreader", "binaryreader", "xmltextreader":
		a := arg(0)
		if streamTypes[a.typ] || a.typ == "byte[]" || a.o != nil && a.typ != "string" || a.t != nil && a.typ != "string" && !a.hasC {
			o.content = a.contentOf()
			return value{typ: "streamreader", t: a.t, o: o, fl: a.fl & vfHidden}
		}
		// a file path
		if a.tainted() {
			ev.fileRead(a, e, "StreamReader")
			pt := ev.point(e, "file read from a request-chosen path")
			return value{typ: "streamreader", t: a.t.with(&pt, 0), o: o}
		}
		return value{typ: "streamreader", o: o}
	case "streamwriter", "binarywriter", "filestream", "textwriter", "xmltextwriter":
		a := arg(0)
		if a.o != nil && a.o.hasPath && streamTypes[a.typ] {
			return value{typ: "filewriter", o: a.o}
		}
		if streamTypes[a.typ] || a.typ == "httpresponse" || a.typ == "memorystream" {
			return value{typ: "memorystream", o: o}
		}
		if st == "filestream" && !writeMode(args[min(1, len(args)):]...) {
			if a.tainted() {
				ev.fileRead(a, e, "FileStream")
			}
			return value{typ: "stream", t: a.t, o: o}
		}
		o.path, o.hasPath = a, true
		return value{typ: "filewriter", o: o, off: e.off, line: e.line}
	case "stringbuilder":
		if len(args) > 0 {
			o.content = arg(0)
			o.hasPath = true
		}
		return value{typ: "stringbuilder", o: o}
	case "webclient", "httpclient":
		return value{typ: "webclient", o: o}
	case "sqlconnection", "oledbconnection", "odbcconnection", "mysqlconnection", "oracleconnection", "sqliteconnection", "npgsqlconnection", "sqlceconnection":
		o.props["connectionstring"] = arg(0)
		if arg(0).tainted() {
			ev.feature("db", arg(0), e, "connects to a request-chosen database")
		}
		return value{typ: "dbconn", o: o}
	case "sqlcommand", "oledbcommand", "odbccommand", "mysqlcommand", "oraclecommand", "sqlitecommand", "npgsqlcommand", "sqlcecommand":
		o.props["commandtext"] = arg(0)
		o.props["connection"] = arg(1)
		return value{typ: "dbcmd", o: o}
	case "sqldataadapter", "oledbdataadapter", "odbcdataadapter", "mysqldataadapter", "oracledataadapter", "sqlitedataadapter":
		o.props["commandtext"] = arg(0)
		c := arg(1)
		if c.typ == "dbcmd" && c.o != nil {
			o.props = c.o.props
		} else {
			o.props["connection"] = c
		}
		if arg(0).typ == "dbcmd" && arg(0).o != nil {
			o.props = arg(0).o.props
		}
		v := value{typ: "dbadapter", o: o}
		return v
	case "binaryformatter", "losformatter", "objectstateformatter", "soapformatter", "netdatacontractserializer", "objectdataprovider", "xamlreader", "fastjson", "sharpserializer":
		return value{typ: "formatter", meta: st}
	case "xmlserializer":
		v := value{typ: "xmlserializer"}
		if arg(0).tainted() {
			v.t = arg(0).t
		}
		return v
	case "javascriptserializer":
		v := value{typ: "javascriptserializer"}
		if arg(0).typ == "simpletyperesolver" {
			v.meta = "typeresolver"
		}
		return v
	case "simpletyperesolver":
		return value{typ: "simpletyperesolver"}
	case "csharpcodeprovider", "vbcodeprovider", "jscriptcodeprovider", "codedomprovider", "microsoft.csharp.csharpcodeprovider":
		return value{typ: "codeprovider", meta: st}
	case "xslcompiledtransform", "xsltransform":
		return value{typ: st, o: o}
	case "xsltsettings":
		v := value{typ: "xsltsettings"}
		if len(args) >= 2 {
			v.meta = "trusted"
		}
		return v
	case "xmldocument", "xpathdocument":
		if len(args) > 0 {
			o.content = arg(0).contentOf()
		}
		return value{typ: "xmldocument", o: o}
	case "activexobject":
		return ev.comObject(arg(0), e)
	case "function":
		if ev.lang == langJS && len(args) > 0 {
			ev.codeSink(args[len(args)-1], e, fr, langJS, "new Function", args)
		}
		return value{typ: "delegate"}
	case "tcpclient", "socket", "udpclient":
		if len(args) > 0 && mergeTaint(args...) != nil {
			ev.feature("network", value{t: mergeTaint(args...).clear(tfNumeric | tfBool)}, e, "connects to a request-chosen host")
			ev.trait("connect-input", e)
		}
		return value{typ: st, o: o}
	case "ipendpoint", "dnsendpoint":
		return value{typ: st, t: mergeTaint(args...)}
	case "tcplistener", "httplistener":
		ev.feature("listener", mergeV(args...), e, "listens on a port")
		return value{typ: "tcplistener"}
	case "directoryentry", "directorysearcher":
		ev.feature("iis-users", mergeV(args...), e, "IIS metabase or Windows accounts (ADSI)")
		return value{typ: st, t: arg(0).t}
	case "managementclass", "managementobject", "managementobjectsearcher", "managementscope", "objectquery", "selectquery":
		s, _ := arg(0).str()
		if len(args) > 1 {
			if s2, ok := arg(1).str(); ok {
				s += " " + s2
			}
		}
		ev.feature("wmi", value{}, e, "WMI")
		return value{typ: st, meta: strings.ToLower(s)}
	case "directoryinfo", "fileinfo":
		o.path, o.hasPath = arg(0), true
		if arg(0).tainted() {
			ev.feature("filemanager", arg(0), e, "file or directory at a request-chosen path")
		}
		return value{typ: st, o: o, t: arg(0).t, fl: arg(0).fl & vfWebDir}
	case "uri":
		return value{typ: "uri", t: arg(0).t}
	case "utf8encoding", "asciiencoding", "unicodeencoding", "utf32encoding", "utf7encoding":
		return value{typ: "encoding", meta: strings.TrimSuffix(st, "encoding")}
	case "string":
		a := arg(0)
		if a.elems != nil {
			if s, ok := a.str(); ok {
				return value{c: s, hasC: true, typ: "string", fl: a.fl | vfFolded}
			}
		}
		if a.typ == "char" && len(args) == 2 {
			if n, ok := arg(1).num(); ok && n >= 0 && n < 4096 {
				return strVal(strings.Repeat(a.c, int(n)))
			}
		}
		if s, ok := a.str(); ok && a.typ == "char[]" {
			return strVal(s)
		}
		r := derived(args...)
		r.typ = "string"
		return r
	case "object", "hashtable", "arraylist", "dictionary", "list", "namevaluecollection", "queue", "stack", "sortedlist":
		if len(args) > 0 && args[0].t != nil {
			o.content = args[0]
			return value{typ: st, o: o, t: args[0].t}
		}
		return value{typ: st, o: o}
	case "runspaceinvoke":
		return value{typ: "runspaceinvoke", o: o}
	case "servicecontroller":
		ev.feature("services", value{}, e, "Windows services")
		return value{typ: "servicecontroller"}
	}
	if ev.prog.classes[st] {
		if ms := ev.prog.byName[st]; len(ms) > 0 {
			ev.callUser(ms, args, e)
		}
		return value{typ: st, o: o}
	}
	v := value{typ: st, o: o, t: mergeTaint(args...)}
	for _, a := range args {
		if a.fl&vfHidden != 0 || a.isConst() && a.fl&vfDecoded != 0 {
			v.fl |= vfHidden
		}
	}
	return v
}

// typeCall handles Type.GetType and the methods of a Type value.
func (ev *analyzer) typeCall(r value, name string, args []value, e *expr, fr *frame) value {
	arg := func(i int) value {
		if i < len(args) {
			return args[i]
		}
		return value{}
	}
	static := r.typ == "ns"
	switch name {
	case "gettype":
		if !static {
			return value{typ: "type", meta: "type"}
		}
		a := arg(0)
		if s, ok := a.str(); ok {
			tn := strings.ToLower(s)
			if k := strings.IndexByte(tn, ','); k >= 0 {
				tn = strings.TrimSpace(tn[:k])
			}
			v := value{typ: "type", meta: shortType(tn), fl: a.fl & (vfFolded | vfDecoded)}
			if a.fl&(vfFolded|vfDecoded) != 0 {
				ev.obfuscatedName(shortType(tn), a, e)
			}
			return v
		}
		if a.tainted() {
			return value{typ: "type", t: a.t, meta: "request"}
		}
		return value{typ: "type", fl: a.fl & (vfHidden | vfUnknown)}
	case "gettypefromprogid", "gettypefromclsid":
		a := arg(0)
		if a.tainted() {
			ev.reflectSink(a, e, "Type."+name, "a COM class whose ProgID the request chooses")
		}
		s, _ := a.str()
		return value{typ: "type", meta: "com:" + strings.ToLower(s)}
	case "getmethod", "getmember", "getproperty", "getfield", "getconstructor", "getruntimemethod":
		a := arg(0)
		if name == "getconstructor" {
			return value{typ: "methodinfo", meta: r.meta + ".ctor", t: r.t, fl: r.fl}
		}
		if s, ok := a.str(); ok {
			v := value{typ: "methodinfo", meta: r.meta + "." + strings.ToLower(s), t: r.t, fl: r.fl | a.fl&(vfFolded|vfDecoded)}
			if a.fl&(vfFolded|vfDecoded) != 0 {
				ev.obfuscatedName(r.meta+"."+strings.ToLower(s), a, e)
			}
			return v
		}
		if a.tainted() {
			return value{typ: "methodinfo", meta: "request", t: a.t}
		}
		return value{typ: "methodinfo", t: r.t, fl: (r.fl | a.fl) & (vfHidden | vfUnknown)}
	case "invokemember":
		a := arg(0)
		if a.tainted() || r.t != nil && r.meta == "request" {
			ev.reflectSink(mergeV(a, r), e, "Type.InvokeMember", "a method whose name or type the request chooses")
			return value{t: mergeTaint(a, r)}
		}
		var params []value
		if len(args) >= 5 {
			params = arg(4).elems
			if params == nil {
				params = []value{arg(4)}
			}
		}
		if s, ok := a.str(); ok && r.meta != "" {
			return ev.reflectCall(r.meta, strings.ToLower(s), arg(3), params, e, fr)
		}
		return derived(params...)
	case "makegenerictype", "getinterface", "getnestedtype", "basetype":
		return r
	}
	return value{typ: "object", t: r.t}
}

// methodInvoke handles MethodInfo.Invoke.
func (ev *analyzer) methodInvoke(r value, name string, args []value, e *expr, fr *frame) value {
	switch name {
	case "invoke", "dynamicinvoke":
		if r.meta == "request" {
			ev.reflectSink(r, e, "MethodInfo.Invoke", "a method whose name the request chooses")
			return value{t: r.t}
		}
		var params []value
		target := value{}
		if len(args) > 0 {
			target = args[0]
		}
		if len(args) > 1 {
			params = args[1].elems
			if params == nil {
				params = []value{args[1]}
			}
		}
		if k := strings.LastIndexByte(r.meta, '.'); k > 0 {
			return ev.reflectCall(r.meta[:k], r.meta[k+1:], target, params, e, fr)
		}
		return derived(params...)
	case "createdelegate":
		return value{typ: "delegate"}
	}
	return value{t: r.t}
}

// reflectCall applies the library method typ.name reached by reflection.
func (ev *analyzer) reflectCall(typ, name string, target value, params []value, e *expr, fr *frame) value {
	recv := value{typ: "ns", meta: typ}
	if target.typ != "" && target.typ != "null" && target.typ != "ns" {
		recv = target
	}
	if name == "ctor" {
		return ev.construct(typ, params, e, fr)
	}
	return ev.api(recv, name, params, e, fr)
}

// comCall handles methods of COM objects made by CreateObject.
func (ev *analyzer) comCall(r value, name string, args []value, e *expr, fr *frame) value {
	arg := func(i int) value {
		if i < len(args) {
			return args[i]
		}
		return value{}
	}
	prog := r.meta
	switch {
	case strings.Contains(prog, "wscript.shell") || prog == "":
		switch name {
		case "exec", "run":
			if prog == "" && !arg(0).tainted() {
				break
			}
			ev.execSink(arg(0), value{}, e, "WScript.Shell."+name)
			return value{typ: "wshexec", t: arg(0).t}
		case "regread", "regwrite", "regdelete":
			ev.feature("registry", mergeV(args...), e, "registry through WScript.Shell")
			return value{}
		}
	case strings.Contains(prog, "shell.application"):
		switch name {
		case "shellexecute":
			ev.execSink(arg(0), arg(1), e, "Shell.Application.ShellExecute")
			return value{}
		case "namespace":
			ev.feature("filemanager", arg(0), e, "Shell.Application folder")
			return value{typ: "com", meta: prog}
		}
	case strings.Contains(prog, "scriptcontrol"):
		switch name {
		case "executestatement", "eval", "addcode", "run":
			lang := langVB
			if l, ok := r.o.props["language"].str(); ok && parseLanguage(l) == langJS {
				lang = langJS
			}
			saved := ev.vbs
			ev.vbs = lang == langVB
			v := ev.codeSink(arg(0), e, fr, lang, "ScriptControl."+name, nil)
			ev.vbs = saved
			return v
		}
		return value{}
	case strings.Contains(prog, "scripting.filesystemobject"):
		switch name {
		case "createtextfile", "opentextfile":
			if name == "opentextfile" {
				if n, ok := arg(1).num(); !ok || n == 1 {
					return value{typ: "streamreader", t: arg(0).t}
				}
			}
			o := newObject()
			o.path, o.hasPath = arg(0), true
			return value{typ: "filewriter", o: o}
		case "copyfile", "movefile", "copyfolder", "movefolder":
			if arg(1).tainted() && arg(0).tainted() {
				ev.writeSink(arg(1), arg(0), e, "FileSystemObject."+name, false)
			} else if arg(1).tainted() || arg(0).tainted() {
				ev.feature("filemanager", mergeV(arg(0), arg(1)), e, "copies or moves request-chosen files")
			}
			return value{}
		case "deletefile", "deletefolder", "getfolder", "getfile", "drives":
			ev.feature("filemanager", arg(0), e, "file manager through FileSystemObject")
			return value{typ: "com", meta: prog}
		}
	case strings.Contains(prog, "adodb.stream"):
		switch name {
		case "write", "writetext":
			if r.o != nil {
				r.o.content = mergeV(r.o.content, arg(0))
			}
			return value{}
		case "savetofile":
			c := value{}
			if r.o != nil {
				c = r.o.content
			}
			ev.writeSink(arg(0), c, e, "ADODB.Stream.SaveToFile", false)
			return value{}
		}
	case strings.Contains(prog, "xmlhttp"):
		if name == "open" && arg(1).tainted() {
			ev.feature("proxy", arg(1), e, "fetches a request-chosen URL")
		}
	}
	return derived(args...)
}

// fileCall handles File, Directory, FileInfo and DirectoryInfo.
func (ev *analyzer) fileCall(r value, typ, name string, args []value, e *expr) value {
	arg := func(i int) value {
		if i < len(args) {
			return args[i]
		}
		return value{}
	}
	static := r.typ == "ns"
	path := arg(0)
	if !static && r.o != nil && r.o.hasPath {
		path = r.o.path
	}
	what := callee(e)
	writer := func(p value) value {
		o := newObject()
		o.path, o.hasPath = p, true
		return value{typ: "filewriter", o: o, off: e.off, line: e.line}
	}
	switch name {
	case "writealltext", "writeallbytes", "appendalltext", "writealllines", "appendalllines", "writealltextasync", "writeallbytesasync", "appendalltextasync":
		ev.writeSink(arg(0), arg(1), e, what, false)
		return value{}
	case "create", "createtext", "appendtext", "openwrite":
		if !static {
			return writer(path)
		}
		if arg(0).tainted() {
			ev.writeSink(arg(0), value{}, e, what, false)
		}
		return writer(arg(0))
	case "open":
		if writeMode(args[min(1, len(args)):]...) || !static && writeMode(args...) {
			if static {
				return writer(arg(0))
			}
			return writer(path)
		}
		if path.tainted() {
			ev.fileRead(path, e, what)
		}
		return value{typ: "stream", t: path.t}
	case "copy", "move", "replace", "copyto", "moveto":
		src, dst := arg(0), arg(1)
		if !static {
			src, dst = path, arg(0)
		}
		if dst.tainted() && src.tainted() {
			ev.writeSink(dst, src, e, what, false)
		} else if dst.tainted() || src.tainted() {
			ev.feature("filemanager", mergeV(src, dst), e, "copies or moves request-chosen files")
			if !dst.tainted() && scriptExt(pathExt(dst)) {
				ev.writeSink(dst, src, e, what, false)
			}
		}
		return value{}
	case "delete":
		if path.tainted() {
			ev.feature("filemanager", path, e, "deletes request-chosen files")
		}
		return value{}
	case "readalltext", "readallbytes", "readalllines", "openread", "opentext", "readlines":
		if path.tainted() {
			ev.fileRead(path, e, what)
			pt := ev.point(e, "read from a request-chosen file")
			return value{t: path.t.with(&pt, 0), typ: "string"}
		}
		return value{typ: "string", fl: vfUnknown}
	case "setcreationtime", "setlastwritetime", "setlastaccesstime", "setattributes", "setcreationtimeutc", "setlastwritetimeutc":
		if path.tainted() || arg(1).tainted() {
			ev.feature("timestomp", mergeV(path, arg(1)), e, "changes times or attributes of request-chosen files")
		}
		return value{}
	case "getfiles", "getdirectories", "enumeratefiles", "enumeratedirectories", "getfilesystementries", "getfilesysteminfos", "getlogicaldrives", "createdirectory", "getaccesscontrol":
		if path.tainted() || name == "getlogicaldrives" {
			ev.feature("filemanager", path, e, "lists request-chosen directories")
		}
		if name == "getfiles" || name == "getdirectories" || name == "enumeratefiles" {
			return value{typ: "string[]", t: path.t}
		}
		return value{t: path.t}
	case "exists":
		return value{typ: "bool"}
	}
	return value{t: path.t}
}

// xsltLoad handles XslCompiledTransform.Load: a stylesheet's
// msxsl:script blocks are compiled and run when scripts are enabled.
func (ev *analyzer) xsltLoad(r value, args []value, e *expr) value {
	if len(args) == 0 {
		return value{}
	}
	c := args[0].contentOf()
	if c.tainted() {
		ev.report(verdict.Detection{
			Rule: "aspx.xslt-input", Score: 85,
			Why:   "An XSLT stylesheet taken from the request is compiled by XslCompiledTransform.Load: its msxsl:script blocks run as .NET code.",
			WhyZh: "来自请求的 XSLT 样式表被 XslCompiledTransform.Load 编译，其中的 msxsl:script 代码块作为 .NET 代码执行。",
		}, c, e, "XslCompiledTransform.Load")
		return value{}
	}
	if s, ok := c.str(); ok && strings.Contains(strings.ToLower(s), "msxsl:script") {
		pt := ev.point(e, "XSLT stylesheet with msxsl:script compiled by XslCompiledTransform.Load")
		ev.nestedPage(s, int(c.line), pt, false)
	}
	return value{}
}
