package asp

import (
	"fmt"
	"math/bits"
	"strings"
	"unsafe"
)

// execSink handles Execute, ExecuteGlobal, Eval, eval and Function.
func (a *analyzer) execSink(name string, v *aval, e *expr, fr *frame, js bool) *aval {
	what := name
	switch name {
	case "execute":
		what = "Execute"
	case "executeglobal":
		what = "ExecuteGlobal"
	case "eval":
		what = "Eval"
	}
	if e.lang == jscript && name == "eval" {
		what = "eval"
	}
	a.execValue(what, v, e.line, fr, js || e.lang == jscript)
	if a.report && len(v.alts) == 0 && v.taint == nil && v.remote == nil && v.hid == nil && v.params == 0 && len(e.args) > 0 {
		a.execSkeleton(e.args[len(e.args)-1], e, fr, js || e.lang == jscript)
	}
	r := &aval{unk: true, taint: v.taint, params: v.params, remote: v.remote}
	if name == "eval" {
		// Eval of a known expression is the value of that expression:
		// eval("req"+"uest") is the Request object.
		if c, ok := v.single(); ok && c.k == cStr && len(c.s) < 4096 && a.depth < maxNest {
			a.depth++
			x := a.evalExprText(c.s, e.lang == jscript || js, fr)
			a.depth--
			if x != nil {
				r = join(r, x)
				r.unk = x.unk
			}
		}
	}
	return r
}

// evalExprText evaluates the text of an expression in the frame.
func (a *analyzer) evalExprText(code string, js bool, fr *frame) *aval {
	var x *expr
	prog := &program{}
	if js {
		ss := parseJS(lexJS([]byte(code), 1), prog)
		if len(ss) != 1 || ss[0].k != sExpr {
			return nil
		}
		x = ss[0].x
	} else {
		p := &vbParser{toks: lexVB([]byte(code), 1), prog: prog}
		x = p.expr()
		if p.tok().k != tEOF {
			return nil
		}
	}
	saved := a.lay
	a.lay = &layer{line: a.lineOf(x.line), text: []byte(code), outer: saved}
	defer func() { a.lay = saved }()
	return a.eval(x, fr)
}

// execValue judges code v reaching execution at line.
func (a *analyzer) execValue(what string, v *aval, line int, fr *frame, js bool) {
	a.feature("eval", line)
	a.markSink(fr, v, "exec", what, line)
	switch {
	case v.taint != nil && v.json:
		a.addHit(hit{rule: "asp.exec-input-json", score: 70, src: v.taint, steps: v.steps, sink: what,
			why:   fmt.Sprintf("request input (%s) is parsed as JSON with %s(\"(\" + … + \")\"): the client can run code", v.taint.what, what),
			whyZh: fmt.Sprintf("请求参数（%s）以 %s(\"(\" + … + \")\") 方式按 JSON 解析：客户端可借此执行代码", v.taint.what, what)}, line)
	case v.taint != nil:
		a.addHit(hit{rule: "asp.exec-input", score: 95, src: v.taint, steps: v.steps, sink: what,
			why:   fmt.Sprintf("request input (%s) reaches %s: the page runs code sent by the client", v.taint.what, what),
			whyZh: fmt.Sprintf("请求参数（%s）被传入 %s：页面执行客户端发送的代码", v.taint.what, what)}, line)
	case v.remote != nil:
		a.addHit(hit{rule: "asp.exec-remote", score: 90, steps: v.steps, sink: what,
			why:   "code downloaded over HTTP reaches " + what,
			whyZh: "通过 HTTP 下载的代码被传入 " + what + " 执行"}, line)
	}
	lang := vbscript
	if js {
		lang = jscript
	}
	for _, c := range v.alts {
		if c.k != cStr || strings.TrimSpace(c.s) == "" {
			continue
		}
		hidden := len(v.steps) > 0
		sub := a.analyzeCode(c.s, lang, line, v.steps, fr)
		if hidden && sub.code {
			score, rule := 85, "asp.exec-decoded"
			why := fmt.Sprintf("hidden code reaches %s (revealed by: %s)", what, stepNames(v.steps))
			whyZh := fmt.Sprintf("隐藏的代码被传入 %s 执行（还原步骤：%s）", what, stepNames(v.steps))
			if !sub.dangerous {
				score, rule = 60, "asp.exec-decoded-benign"
				why += " (the decoded code itself does nothing dangerous)"
				whyZh += "（解码后的代码本身未见危险操作）"
			}
			a.addHit(hit{rule: rule, score: score, steps: v.steps, sink: what, why: why, whyZh: whyZh,
				excerpt: printable(clip(c.s))}, line)
		}
	}
	if len(v.alts) == 0 && v.taint == nil && v.remote == nil && v.hid != nil {
		h := v.hid
		st := []step{{what: "passed through " + h.fn + "()", line: h.line}}
		if code, how := a.guessDecode(h.text, js); code != "" {
			st = append(st, step{what: "decoded (" + how + ")", line: h.line})
			sub := a.analyzeCode(code, lang, line, st, fr)
			score, rule := 85, "asp.exec-decoded"
			if !sub.dangerous {
				score, rule = 60, "asp.exec-decoded-benign"
			}
			a.addHit(hit{rule: rule, score: score, steps: st, sink: what, excerpt: printable(clip(code)),
				why:   fmt.Sprintf("code hidden in a constant (%s, through %s()) reaches %s", how, h.fn, what),
				whyZh: fmt.Sprintf("隐藏在常量中的代码（%s，经 %s()）被传入 %s 执行", how, h.fn, what)}, line)
			return
		}
		a.addHit(hit{rule: "asp.exec-hidden", score: 70, steps: st, sink: what,
			why:   fmt.Sprintf("a %d-byte constant passed through %s() is executed by %s", len(h.text), h.fn, what),
			whyZh: fmt.Sprintf("一段 %d 字节的常量经 %s() 处理后被 %s 执行", len(h.text), h.fn, what)}, line)
		return
	}
	if len(v.alts) == 0 && v.taint == nil && v.remote == nil && v.params == 0 {
		a.addHit(hit{rule: "asp.exec-dynamic", score: 55, steps: v.steps, sink: what,
			why:   what + " runs a value the analysis could not resolve",
			whyZh: what + " 执行了无法静态确定来源的值"}, line)
	}
}

func stepNames(ss []step) string {
	var out []string
	for _, s := range ss {
		if len(out) < 4 {
			out = append(out, s.what)
		}
	}
	if len(out) == 0 {
		return "decoding"
	}
	return strings.Join(out, ", ")
}

func clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return s
}

// subResult tells what analysed code turned out to be.
type subResult struct {
	code      bool // it parses into statements
	dangerous bool // it reads input, executes, or creates dangerous objects
}

// analyzeCode analyses code that the page executes, as the page's own.
func (a *analyzer) analyzeCode(code string, lang language, line int, steps []step, fr *frame) subResult {
	var res subResult
	if a.depth >= maxNest || a.inner >= maxInner || len(code) > maxString {
		return res
	}
	a.inner++
	var toks []token
	if lang == jscript {
		toks = lexJS([]byte(code), 1)
	} else {
		toks = lexVB([]byte(code), 1)
	}
	prog := &program{}
	var ss []*stmt
	if lang == jscript {
		ss = parseJS(toks, prog)
	} else {
		ss = parseVB(toks, prog)
	}
	res.code = looksLikeCode(ss, prog, toks)
	freeToks(toks)
	lower := lower(code)
	for _, w := range []string{"request", "execute", "eval", "createobject", "activexobject", "wscript", "filesystemobject", "adodb", "xmlhttp", "shell"} {
		if strings.Contains(lower, w) {
			res.dangerous = true
		}
	}
	saved, savedHits := a.lay, len(a.hits)
	a.lay = &layer{line: a.lineOf(line), text: []byte(code), steps: steps, outer: saved}
	a.depth++
	a.define(prog.funcs)
	for _, f := range prog.funcs {
		if fi := a.funcs[f.name]; fi != nil && fi.def == f {
			a.summary(fi)
		}
	}
	sub := &frame{vars: fr.vars, fn: fr.fn, locals: fr.locals, with: fr.with, top: fr.top}
	if fr.fn == nil {
		sub.vars = fr.vars.share()
	}
	a.block(ss, sub)
	if fr.fn == nil {
		// ExecuteGlobal and Execute at the top level share the page's variables.
		for k, v := range sub.vars.s.m {
			fr.vars.set(k, v)
		}
	}
	a.depth--
	a.lay = saved
	if len(a.hits) > savedHits {
		res.dangerous = true
	}
	return res
}

// looksLikeCode reports parsed text that is code rather than prose.
func looksLikeCode(ss []*stmt, prog *program, toks []token) bool {
	if len(prog.funcs) > 0 {
		return true
	}
	n := 0
	for _, s := range ss {
		switch s.k {
		case sAssign, sIf, sLoop, sForEach, sSelect, sWith:
			n++
		case sExpr:
			if s.x != nil && s.x.k == eCall && (len(s.x.args) > 0 || s.x.x != nil && s.x.x.k == eMember) {
				n++
			}
		}
	}
	return n > 0
}

// cmdHit reports input reaching command execution.
func (a *analyzer) cmdHit(what string, v *aval, line int) {
	a.addHit(hit{rule: "asp.cmd-input", score: 95, src: v.taint, steps: v.steps, sink: what,
		why:   fmt.Sprintf("request input (%s) reaches %s: the page runs commands sent by the client", v.taint.what, what),
		whyZh: fmt.Sprintf("请求参数（%s）被传入 %s：页面执行客户端发送的系统命令", v.taint.what, what)}, line)
}

// ---------------------------------------------------------------------
// COM objects.

// clsids maps the class IDs of <object classid=...> to ProgIDs.
var clsids = map[string]string{
	"72c24dd5-d70a-438b-8a42-98424b88afb8": "wscript.shell",
	"f935dc22-1cf0-11d0-adb9-00c04fd58a0b": "wscript.shell",
	"093ff999-1ea0-4079-9525-9614c3504b74": "wscript.network",
	"f935dc26-1cf0-11d0-adb9-00c04fd58a0b": "wscript.network",
	"0d43fe01-f093-11cf-8940-00a0c9054228": "scripting.filesystemobject",
	"13709620-c279-11ce-a49e-444553540000": "shell.application",
	"00000566-0000-0010-8000-00aa006d2ea4": "adodb.stream",
	"00000514-0000-0010-8000-00aa006d2ea4": "adodb.connection",
	"0e59f1d5-1fbe-11d0-8ff2-00a0d10038bc": "msscriptcontrol.scriptcontrol",
}

// normClass normalises a ProgID or "clsid:..." to a lower-case ProgID
// without version suffix.
func normClass(s string) string {
	s = lower(strings.TrimSpace(s))
	if strings.HasPrefix(s, "clsid:") {
		id := strings.Trim(strings.TrimPrefix(s, "clsid:"), "{} ")
		if p, ok := clsids[id]; ok {
			return p
		}
		return s
	}
	s = strings.Trim(s, "{} ")
	if p, ok := clsids[s]; ok {
		return p
	}
	// Version suffixes: "msxml2.serverxmlhttp.6.0", "wscript.shell.1".
	for {
		i := strings.LastIndexByte(s, '.')
		if i < 0 || strings.Count(s, ".") <= 1 {
			break
		}
		tail := s[i+1:]
		if tail == "" || strings.Trim(tail, "0123456789") != "" {
			break
		}
		s = s[:i]
	}
	switch s {
	case "microsoft.xmlhttp", "msxml2.xmlhttp", "msxml2.serverxmlhttp", "winhttp.winhttprequest", "msxml3.xmlhttp":
		return "xmlhttp"
	case "scriptcontrol", "msscriptcontrol.scriptcontrol":
		return "msscriptcontrol.scriptcontrol"
	case "msxml2.domdocument", "microsoft.xmldom", "msxml2.freethreadeddomdocument", "msxml.domdocument":
		return "xmldom"
	}
	return s
}

func (a *analyzer) createObject(v *aval, how string, e *expr, fr *frame) *aval {
	st := &objState{line: a.lineOf(e.line)}
	if c, ok := v.single(); ok {
		name := toStr(c, vbscript)
		st.class = normClass(name)
		st.how = fmt.Sprintf("%s(%q)", how, name)
		if len(v.steps) > 0 {
			st.hidden = v.steps
			a.obfus = addSteps(a.obfus, []step{{what: fmt.Sprintf("COM class name %q built at run time", name), line: a.lineOf(e.line)}})
		}
	} else if len(v.alts) > 0 {
		st.class = normClass(toStr(v.alts[0], vbscript))
		st.how = how + "(…)"
		st.hidden = v.steps
	} else {
		st.how = how + "(…)"
		if v.taint != nil {
			a.addHit(hit{rule: "asp.object-input", score: 50, src: v.taint, sink: how,
				why:   "the COM class created is chosen by the request",
				whyZh: "创建的 COM 对象类名由请求参数决定"}, e.line)
		}
	}
	a.objFeature(st, e.line)
	return &aval{obj: st}
}

// objFeature notes what a created object says about the page.
func (a *analyzer) objFeature(st *objState, line int) {
	switch st.class {
	case "wscript.shell", "shell.application", "wscript.shell.1":
		a.feature("shellobj", line)
	case "wscript.network":
		a.feature("info", line)
	}
}

func (a *analyzer) setProp(o *objState, name string, v *aval, line int) {
	if o.props == nil {
		o.props = map[string]*aval{}
	}
	o.props[name] = v
	switch {
	case o.class == "adodb.connection" && name == "connectionstring":
		o.conn = join(o.conn, v)
		if v.taint != nil {
			a.feature("db", line)
		}
	case (o.class == "file" || o.class == "folder") && name == "attributes":
		a.feature("files", line)
	case o.class == "shellitem" && name == "modifydate":
		a.addHit(hit{rule: "asp.timestomp", score: 65, src: v.taint, sink: "Shell.Application FolderItem.ModifyDate",
			why:   "the page changes files' modification time (hiding planted files from a timeline)",
			whyZh: "页面修改文件的修改时间（用于在时间线中隐藏植入的文件）"}, line)
	case o.class == "xmlhttp" && name == "url":
		o.url = v
	}
}

// objNames are the display names of the classes objName knows.
var objNames = map[string]string{
	"wscript.shell": "WScript.Shell", "shell.application": "Shell.Application", "wscript.network": "WScript.Network",
	"scripting.filesystemobject": "Scripting.FileSystemObject", "adodb.stream": "ADODB.Stream",
	"xmlhttp": "XMLHTTP", "adodb.connection": "ADODB.Connection", "adodb.recordset": "ADODB.Recordset",
	"msscriptcontrol.scriptcontrol": "MSScriptControl.ScriptControl", "textstream": "TextStream",
	"file": "File", "folder": "Folder",
}

func objName(o *objState) string {
	if n, ok := objNames[o.class]; ok {
		return n
	}
	return o.class
}

// method evaluates obj.name(args); args nil for a property read.
func (a *analyzer) method(o *objState, name string, args []*aval, argExprs []*expr, line int, fr *frame) *aval {
	arg := func(i int) *aval { return argAt(args, i) }
	what := objName(o) + "." + name
	steps := func(v *aval) []step {
		return addSteps(o.hidden, v.steps)
	}
	switch o.class {
	case "wscript.shell":
		switch name {
		case "run", "exec":
			a.feature("exec", line)
			a.cmdSink(what, arg(0), steps(arg(0)), line, fr)
			return &aval{unk: true, obj: &objState{class: "exec", line: a.lineOf(line)}}
		case "regread", "regwrite", "regdelete":
			a.feature("registry", line)
		case "environment", "expandenvironmentstrings", "currentdirectory":
			a.feature("info", line)
		}
	case "exec":
		if name == "stdout" || name == "stderr" || name == "stdin" {
			return &aval{unk: true, obj: o}
		}
		return &aval{unk: true, extern: o}
	case "shellfolder":
		switch name {
		case "parsename", "items", "item":
			return &aval{unk: true, obj: &objState{class: "shellitem", line: a.lineOf(line)}}
		}
		return unknown
	case "shell.application":
		switch name {
		case "shellexecute":
			a.feature("exec", line)
			v := join(arg(0), arg(1))
			a.cmdSink(what, v, steps(v), line, fr)
		case "namespace":
			if arg(0).taint != nil {
				a.feature("files", line)
			}
			return &aval{unk: true, obj: &objState{class: "shellfolder", path: arg(0), line: a.lineOf(line)}}
		}
	case "scripting.filesystemobject":
		switch name {
		case "createtextfile":
			a.pathFeature(arg(0), line, fr)
			if d := a.discarded; d != nil && len(argExprs) > 0 && len(d.args) > 0 && d.args[0] == argExprs[0] {
				a.createEmpty(arg(0), what, line, fr)
			}
			return &aval{obj: &objState{class: "textstream", path: arg(0), write: true, line: a.lineOf(line), how: what}}
		case "opentextfile":
			a.pathFeature(arg(0), line, fr)
			mode, _ := arg(1).single()
			w := mode.k == cNum && (mode.n == 2 || mode.n == 8)
			return &aval{obj: &objState{class: "textstream", path: arg(0), write: w, line: a.lineOf(line), how: what}}
		case "copyfile", "movefile", "copyfolder", "movefolder", "deletefile", "deletefolder", "createfolder":
			a.pathFeature(arg(0), line, fr)
			a.pathFeature(arg(1), line, fr)
			if name == "deletefile" || name == "deletefolder" {
				a.deletePath(arg(0), what, line, fr)
			}
			if p := arg(0); p.taint != nil && p.raw {
				a.addHit(hit{rule: "asp.file-op-input", score: 45, src: p.taint, sink: what,
					why:   what + " acts on a path sent by the client",
					whyZh: what + " 操作的路径由客户端直接指定"}, line)
			}
			if t := join(arg(0), arg(1)); t.taint != nil && (drivePath(arg(0)) || drivePath(arg(1))) {
				a.diskHit(t.taint, line)
			}
		case "getfolder", "getfile", "getdrive":
			a.pathFeature(arg(0), line, fr)
			cls := "folder"
			if name == "getfile" {
				cls = "file"
			}
			return &aval{obj: &objState{class: cls, path: arg(0), line: a.lineOf(line)}}
		case "drives":
			a.feature("info", line)
			return &aval{unk: true, obj: &objState{class: "folder", line: a.lineOf(line)}}
		}
		return unknown
	case "folder", "file":
		switch name {
		case "files", "subfolders", "parentfolder":
			return &aval{unk: true, obj: &objState{class: o.class, path: o.path, line: o.line}}
		case "delete", "copy", "move":
			a.pathFeature(o.path, line, fr)
		case "openastextstream":
			mode, _ := arg(0).single()
			return &aval{obj: &objState{class: "textstream", path: o.path, write: mode.k == cNum && (mode.n == 2 || mode.n == 8), line: a.lineOf(line), how: what}}
		case "createtextfile":
			return &aval{obj: &objState{class: "textstream", path: join(o.path, arg(0)), write: true, line: a.lineOf(line), how: what}}
		}
		return &aval{unk: true, taint: pathTaint(o.path)}
	case "textstream":
		switch name {
		case "write", "writeline":
			o.content = join(o.content, arg(0))
			a.fileWrite(o, o.path, arg(0), what, line, fr)
			a.noteWritten(o.path, arg(0), line)
		case "readall", "readline", "read":
			return &aval{unk: true, extern: o}
		}
		return unknown
	case "adodb.stream":
		switch name {
		case "write", "writetext":
			o.content = join(o.content, arg(0))
		case "loadfromfile":
			o.path = arg(0)
			o.content = join(o.content, &aval{unk: true, extern: o})
			if arg(0).taint != nil {
				a.feature("files", line)
			}
		case "savetofile":
			a.streamSave(o, arg(0), what, line, fr)
			a.noteWritten(arg(0), o.content, line)
		case "copyto":
			if t := arg(0).obj; t != nil {
				t.content = join(t.content, o.content)
			}
		case "read", "readtext":
			if o.content != nil {
				return o.content
			}
			return unknown
		}
		return unknown
	case "xmlhttp":
		switch name {
		case "open":
			o.url = join(o.url, arg(1))
		case "send":
			a.servU(o, arg(0), line)
		case "responsebody", "responsetext", "responsestream":
			a.feature("download", line)
			return &aval{unk: true, remote: o}
		}
		return unknown
	case "adodb.connection":
		switch name {
		case "open":
			if len(args) > 0 {
				o.conn = join(o.conn, arg(0))
			}
			a.markSink(fr, o.conn, "db", what, line)
			if c := o.conn; c != nil && c.taint != nil {
				a.feature("db", line)
				a.dbConn = true
				a.settle()
				a.addHit(hit{rule: "asp.db-input", score: 50, src: c.taint, sink: what,
					why:   "the database connection string comes from the request (a database manager or scanner)",
					whyZh: "数据库连接字符串来自请求参数（数据库管理或扫描功能）"}, line)
			}
		case "execute":
			d := a.discarded
			read := d == nil || len(argExprs) == 0 || len(d.args) == 0 || d.args[0] != argExprs[0]
			a.sqlExec(o, arg(0), line, read)
		}
		return unknown
	case "adodb.recordset":
		if name == "open" {
			if c := arg(1).obj; c != nil && c.class == "adodb.connection" {
				a.sqlExec(c, arg(0), line, true)
			}
		}
		return unknown
	case "xmldom":
		switch name {
		case "loadxml", "load":
			o.content = join(o.content, arg(0))
		case "transformnode", "transformnodetoobject":
			if x := arg(0).obj; x != nil && x.content != nil {
				a.xsltScript(x.content, what, line, fr)
			}
		}
		return unknown
	case "mswc.tools":
		// ProcessForm(output, template[, insertion point]) writes the
		// output file from the template file: a file copied where
		// the request says, from where the request says (a defacer).
		if name == "processform" {
			out, tpl := arg(0), arg(1)
			a.pathFeature(out, line, fr)
			a.pathFeature(tpl, line, fr)
			if out.taint != nil && tpl.taint != nil {
				a.addHit(hit{rule: "asp.file-write-input", score: 75, src: out.taint, steps: addSteps(out.steps, tpl.steps), sink: "MSWC.Tools.ProcessForm",
					why:   fmt.Sprintf("a file whose path (%s) comes from the request is written from a template file the request names (%s)", out.taint.what, tpl.taint.what),
					whyZh: fmt.Sprintf("按请求参数指定的路径（%s）写入文件，内容来自请求指定的模板文件（%s）", out.taint.what, tpl.taint.what)}, line)
			}
		}
		return unknown
	case "scripting.dictionary":
		// The entries are one value: what any entry may be (an upload
		// parser files the request body's parts by field name).
		switch name {
		case "add":
			o.content = join(o.content, arg(1))
		case "item", "items":
			if o.content != nil {
				return o.content
			}
		}
		return unknown
	case "msscriptcontrol.scriptcontrol":
		switch name {
		case "addcode", "executestatement", "eval", "run":
			js := false
			if l, ok := o.props["language"].single(); ok && strings.Contains(lower(toStr(l, vbscript)), "js") {
				js = true
			}
			a.execValue(what, arg(0), line, fr, js)
		}
		return unknown
	}
	return unknown
}

func pathTaint(p *aval) *origin {
	if p == nil {
		return nil
	}
	return p.taint
}

// pathFeature notes a file operation on a path chosen by the request.
// When the same path may also be a drive root ("C:\", "D:\Program
// Files\"), the page browses the server's disks, not a directory of
// its own: a file manager.
func (a *analyzer) pathFeature(p *aval, line int, fr *frame) {
	a.markSink(fr, p, "path", "Scripting.FileSystemObject", line)
	if p == nil || p.taint == nil {
		return
	}
	a.feature("files", line)
	if drivePath(p) {
		a.diskHit(p.taint, line)
	}
}

func (a *analyzer) diskHit(src *origin, line int) {
	a.feature("disk", line)
	a.addHit(hit{rule: "asp.file-manager", score: 65, src: src, sink: "Scripting.FileSystemObject",
		why:   "file operations on any path of the server's disks chosen by the request (drive roots as defaults): a file manager",
		whyZh: "按请求参数对服务器任意磁盘路径进行文件操作（默认路径为盘符根目录）：文件管理功能"}, line)
}

// drivePath reports a value that may be an absolute Windows path.
func drivePath(p *aval) bool {
	for _, c := range p.alts {
		s := toStr(c, vbscript)
		if len(s) >= 3 && (s[0]|32 >= 'a' && s[0]|32 <= 'z') && s[1] == ':' && (s[2] == '\\' || s[2] == '/') {
			return true
		}
	}
	return false
}

func (a *analyzer) cmdSink(what string, v *aval, steps []step, line int, fr *frame) {
	a.markSink(fr, v, "cmd", what, line)
	c := *v
	c.steps = steps
	switch {
	case v.taint != nil:
		a.cmdHit(what, &c, line)
	case v.remote != nil:
		a.addHit(hit{rule: "asp.cmd-remote", score: 85, steps: steps, sink: what,
			why: "a command downloaded over HTTP reaches " + what, whyZh: "通过 HTTP 下载的命令被传入 " + what + " 执行"}, line)
	case a.ranWritten(v):
		a.addHit(hit{rule: "asp.drop-and-run", score: 85, steps: steps, sink: what,
			why:   what + " runs a file the page itself wrote: a dropper",
			whyZh: what + " 执行页面自己写入的文件：投放器（dropper）"}, line)
	case len(v.alts) > 0 && len(steps) > 0:
		a.addHit(hit{rule: "asp.cmd-hidden", score: 80, steps: steps, sink: what,
			why:   fmt.Sprintf("%s runs a command hidden by %s", what, stepNames(steps)),
			whyZh: fmt.Sprintf("%s 执行经 %s 隐藏的命令", what, stepNames(steps))}, line)
	case len(v.alts) > 0:
		a.addHit(hit{rule: "asp.cmd-const", score: 50, sink: what,
			why:   fmt.Sprintf("%s runs a fixed command (%s)", what, clip(toStr(v.alts[0], vbscript))),
			whyZh: fmt.Sprintf("%s 执行固定命令（%s）", what, clip(toStr(v.alts[0], vbscript)))}, line)
	default:
		a.addHit(hit{rule: "asp.cmd-dynamic", score: 55, steps: steps, sink: what,
			why: what + " runs a command the analysis could not resolve", whyZh: what + " 执行了无法静态确定来源的命令"}, line)
	}
}

// noteWritten remembers a file the page writes, and reports an
// executable built inside the page.
func (a *analyzer) noteWritten(path, content *aval, line int) {
	if path != nil && len(a.written) < 100 {
		a.written = append(a.written, path)
	}
	if content == nil {
		return
	}
	for _, c := range content.alts {
		if s := toStr(c, vbscript); strings.HasPrefix(s, "MZ") && len(s) > 64 {
			a.addHit(hit{rule: "asp.drop-executable", score: 80, steps: content.steps, sink: "write",
				why:   fmt.Sprintf("a %d-byte Windows executable (MZ header) built inside the page is written to disk", len(s)),
				whyZh: fmt.Sprintf("页面内嵌的 %d 字节 Windows 可执行文件（MZ 头）被写入磁盘", len(s))}, line)
			return
		}
	}
}

// ranWritten reports a command that is a file the page wrote.
func (a *analyzer) ranWritten(v *aval) bool {
	for _, w := range a.written {
		if w == v {
			return true
		}
		for _, x := range w.alts {
			p := lower(toStr(x, vbscript))
			for _, y := range v.alts {
				if len(p) > 3 && strings.Contains(lower(toStr(y, vbscript)), p) {
					return true
				}
			}
		}
	}
	return false
}

// pathDesc names a path for a message.
func pathDesc(p *aval) string {
	for _, c := range p.alts {
		return clip(toStr(c, vbscript))
	}
	if p.self {
		return "the page itself"
	}
	return "…"
}

// scriptExt reports a path that IIS would run as a script.
func scriptExt(p *aval) bool {
	if p == nil {
		return false
	}
	if p.self {
		return true // the page itself
	}
	for _, c := range p.alts {
		s := lower(toStr(c, vbscript))
		for _, e := range []string{".asp", ".asa", ".cer", ".cdx", ".aspx", ".ashx", ".php", ".jsp"} {
			if strings.HasSuffix(s, e) || strings.Contains(s, e+";") {
				return true
			}
		}
	}
	return false
}

// fileWrite judges data written to a text file.
func (a *analyzer) fileWrite(o *objState, path, content *aval, what string, line int, fr *frame) {
	a.noteWriteSink(false, path, content, what, line, fr)
	pt := pathTaint(path)
	if content.taint != nil {
		a.dataWrite = true
	}
	switch {
	case content.taint != nil && pt != nil && requestBody(content.taint) && !a.extCheck:
		// The request body (a multipart upload parsed by the page)
		// written as text: an upload, judged as ADODB.Stream's.
		a.feature("upload", line)
		a.addHit(hit{rule: "asp.upload-input", score: 75, src: content.taint, steps: addSteps(path.steps, content.steps), sink: what,
			why:   fmt.Sprintf("request data (%s) is saved to a path from the request (%s) without an extension check", content.taint.what, pt.what),
			whyZh: fmt.Sprintf("请求数据（%s）被保存到请求指定的路径（%s），且无扩展名检查", content.taint.what, pt.what)}, line)
	case content.taint != nil && pt != nil:
		a.feature("files", line)
		score := 75
		if !content.raw || !path.raw {
			// Request data inside fixed text, or a path under a fixed
			// directory: an editor of the site's own files is possible.
			score = 55
		}
		a.addHit(hit{rule: "asp.file-write-input", score: score, src: content.taint, steps: addSteps(path.steps, content.steps), sink: what,
			why:   fmt.Sprintf("a file whose path (%s) and content (%s) both come from the request is written", pt.what, content.taint.what),
			whyZh: fmt.Sprintf("写入文件的路径（%s）和内容（%s）都来自请求参数", pt.what, content.taint.what)}, line)
	case content.taint != nil && scriptExt(path):
		score := 75
		if !content.raw {
			score = 50 // request data inside fixed code: an installer writing its settings
		}
		a.addHit(hit{rule: "asp.file-write-script", score: score, src: content.taint, sink: what,
			why:   fmt.Sprintf("request input (%s) is written into a script file (%s)", content.taint.what, pathDesc(path)),
			whyZh: fmt.Sprintf("请求参数（%s）被写入脚本文件（%s）", content.taint.what, pathDesc(path))}, line)
	case content.remote != nil:
		a.feature("download", line)
		score := 50
		if pt != nil || scriptExt(path) {
			score = 75
		}
		a.addHit(hit{rule: "asp.download-save", score: score, src: pt, sink: what,
			why: "content downloaded over HTTP is written to a file", whyZh: "通过 HTTP 下载的内容被写入文件"}, line)
	case pt != nil:
		a.feature("files", line)
	}
}

// requestBody reports input read from the raw request body.
func requestBody(o *origin) bool {
	return strings.HasPrefix(o.what, "Request.BinaryRead")
}

// streamSave judges ADODB.Stream.SaveToFile.
func (a *analyzer) streamSave(o *objState, path *aval, what string, line int, fr *frame) {
	content := o.content
	if content == nil {
		content = unknown
	}
	a.noteWriteSink(true, path, content, what, line, fr)
	if content.taint != nil {
		a.dataWrite = true
	}
	pt := pathTaint(path)
	switch {
	case content.remote != nil:
		a.feature("download", line)
		score := 50
		if pt != nil || scriptExt(path) || content.remote.url != nil && content.remote.url.taint != nil {
			score = 75
		}
		a.addHit(hit{rule: "asp.download-save", score: score, src: pt, sink: what,
			why: "content downloaded over HTTP is saved to a file", whyZh: "通过 HTTP 下载的内容被保存为文件"}, line)
	case content.taint != nil && pt != nil:
		a.feature("upload", line)
		if a.extCheck {
			a.addHit(hit{rule: "asp.upload-checked", score: 35, src: content.taint, sink: what,
				why:   "an upload is saved under a name from the request, with a file-extension check",
				whyZh: "上传内容按请求中的文件名保存，存在扩展名检查"}, line)
			return
		}
		a.addHit(hit{rule: "asp.upload-input", score: 75, src: content.taint, steps: addSteps(path.steps, content.steps), sink: what,
			why:   fmt.Sprintf("request data (%s) is saved to a path from the request (%s) without an extension check", content.taint.what, pt.what),
			whyZh: fmt.Sprintf("请求数据（%s）被保存到请求指定的路径（%s），且无扩展名检查", content.taint.what, pt.what)}, line)
	case content.taint != nil && scriptExt(path):
		a.addHit(hit{rule: "asp.file-write-script", score: 75, src: content.taint, sink: what,
			why:   "request data is saved as a script file",
			whyZh: "请求数据被保存为脚本文件"}, line)
	case content.taint != nil:
		a.feature("upload", line)
	case pt != nil:
		a.feature("files", line)
	}
}

// sqlExec notes SQL run on a connection: a statement that is the request
// input itself is an SQL console.
//
// read tells that the statement's rows are read (a recordset is kept):
// a query built with request input on a server the request chose reads
// any table of any database, where an installer creating its tables
// drops the result.
func (a *analyzer) sqlExec(conn *objState, sql *aval, line int, read bool) {
	if conn.conn != nil && conn.conn.taint != nil && sql.taint != nil {
		a.feature("db", line)
		if read && a.dbQuery == nil {
			a.dbQuery = sql.taint
		}
	}
	if conn.conn != nil && conn.conn.taint != nil {
		a.dbConn = true
	}
	if sql.raw && sql.taint != nil {
		a.feature("db", line)
		a.dbSQL = sql.taint
		a.addHit(hit{rule: "asp.sql-input", score: 55, src: sql.taint, sink: "ADODB.Connection.Execute",
			why:   "an SQL statement sent by the client is run as it is (a database console)",
			whyZh: "客户端发送的 SQL 语句被原样执行（数据库管理控制台）"}, line)
	}
	for _, c := range sql.alts {
		if strings.Contains(lower(toStr(c, vbscript)), "xp_cmdshell") {
			a.feature("exec", line)
		}
	}
	if sql.taint != nil && a.strs["xp_cmdshell"] {
		a.feature("exec", line)
	}
	a.settle()
}

// noteString records notable constants.
func (a *analyzer) noteString(s string) {
	// Every constant the analysis meets comes here: one pass over it,
	// in place (no lower-cased copy), for all the words not found yet,
	// rather than a search per word.
	want := ^a.noted
	if want == 0 {
		return
	}
	b := unsafe.Slice(unsafe.StringData(s), len(s))
	for i := 0; i < len(b); i++ {
		m := notableFirst[b[i]] & want
		for m != 0 {
			j := bits.TrailingZeros8(m)
			m &= m - 1
			if w := notable[j]; hasPrefixFold(b, i, w) {
				a.strs[w] = true
				a.noted |= 1 << j
				a.settle()
				want &^= 1 << j
			}
		}
		if want == 0 {
			return
		}
	}
}

// notable are the constants noteString records (lower case), at most 8:
// analyzer.noted has a bit for each.
var notable = [...]string{"xp_cmdshell", "localadministrator", "-setusersetup", "site maintenance", "net user", "cmd.exe", "sp_oacreate", "sp_makewebtask"}

// notableFirst has bit j set for the first byte of notable[j], in
// either case.
var notableFirst = func() (t [256]uint8) {
	for j, w := range notable {
		c := w[0]
		t[c] |= 1 << j
		if c >= 'a' && c <= 'z' {
			t[c-32] |= 1 << j
		}
	}
	return t
}()

// xsltScript analyses the <msxsl:script> code of a stylesheet applied
// with transformNode: XSLT scripts run with the page's rights.
func (a *analyzer) xsltScript(style *aval, what string, line int, fr *frame) {
	if style.taint != nil {
		a.addHit(hit{rule: "asp.exec-input", score: 90, src: style.taint, sink: what,
			why:   "a stylesheet from the request is applied: its msxsl:script code runs",
			whyZh: "来自请求的 XSLT 样式表被执行，其中的 msxsl:script 代码随之运行"}, line)
	}
	for _, c := range style.alts {
		x := toStr(c, vbscript)
		low := lower(x)
		for n, i := 0, 0; n < 20; n++ {
			j := strings.Index(low[i:], "<msxsl:script")
			if j < 0 {
				break
			}
			i += j
			end := strings.IndexByte(low[i:], '>')
			if end < 0 {
				break
			}
			tag := low[i : i+end]
			body := i + end + 1
			stop := strings.Index(low[body:], "</msxsl:script")
			if stop < 0 {
				stop = len(low) - body
			}
			code := x[body : body+stop]
			code = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(code), "<![CDATA["), "]]>")
			js := !strings.Contains(tag, "vbscript")
			lang := vbscript
			if js {
				lang = jscript
			}
			st := []step{{what: "msxsl:script in an XSLT stylesheet", line: a.lineOf(line)}}
			sub := a.analyzeCode(code, lang, line, st, fr)
			score, rule := 80, "asp.xslt-script"
			if !sub.dangerous {
				score, rule = 50, "asp.xslt-script-benign"
			}
			a.addHit(hit{rule: rule, score: score, steps: st, sink: what, excerpt: printable(clip(code)),
				why:   "script code embedded in an XSLT stylesheet runs through " + what,
				whyZh: "XSLT 样式表中嵌入的脚本代码经 " + what + " 执行"}, line)
			i = body
		}
	}
}

// servU recognises the Serv-U local administration protocol sent to the
// loopback address: the classic privilege escalation of ASP shells.
func (a *analyzer) servU(o *objState, body *aval, line int) {
	local := false
	if o.url != nil {
		for _, c := range o.url.alts {
			u := lower(toStr(c, vbscript))
			if strings.Contains(u, "127.0.0.1") || strings.Contains(u, "localhost") {
				local = true
			}
		}
		if o.url.alts == nil {
			local = true
		}
	}
	if !local || !(a.strs["localadministrator"] || a.strs["-setusersetup"] || a.strs["site maintenance"]) {
		return
	}
	a.feature("serv-u", line)
	a.addHit(hit{rule: "asp.servu-privesc", score: 85, src: body.taint, sink: "XMLHTTP.send",
		why:   "the Serv-U administration protocol (LocalAdministrator, SITE MAINTENANCE, -SETUSERSETUP) is sent to the local FTP server: privilege escalation",
		whyZh: "向本机 Serv-U 发送管理协议（LocalAdministrator、SITE MAINTENANCE、-SETUSERSETUP）：Serv-U 提权"}, line)
}

// newObject handles New and JScript's new.
func (a *analyzer) newObject(e *expr, fr *frame) *aval {
	if e.x != nil && e.x.k == eIdent {
		args := a.evalArgs(e.args, fr)
		switch e.x.name {
		case "activexobject":
			return a.createObject(argAt(args, 0), "new ActiveXObject", e, fr)
		case "function":
			if len(args) > 0 {
				a.execSink("Function", args[len(args)-1], e, fr, true)
			}
			return unknown
		case "array":
			if len(args) == 1 {
				return &aval{unk: true}
			}
			return derive(args, func(c []cv) (cv, bool) { return array(append([]cv{}, c...)), true }, true)
		case "string", "enumerator":
			return argAt(args, 0)
		}
		if f := a.funcs[e.x.name]; f != nil {
			return a.callUser(f, args, e.args, e.line, fr)
		}
		return unknown
	}
	if e.name != "" {
		// VBScript New Class.
		return &aval{unk: true}
	}
	return unknown
}

// maxWriteSinks bounds the writes remembered per function.
const maxWriteSinks = 16

// noteWriteSink remembers, in a function summary, a file written from
// the function's parameters, to be judged at each call with the caller's
// arguments (a SaveFile(path, data) helper called with request input is
// the page writing request input).
func (a *analyzer) noteWriteSink(save bool, path, content *aval, what string, line int, fr *frame) {
	if fr.fn == nil {
		return
	}
	if path == nil {
		path = unknown
	}
	if content == nil {
		content = unknown
	}
	if path.params|content.params == 0 {
		return
	}
	pl := a.lineOf(line)
	for _, w := range fr.fn.writes {
		if w.line == pl && w.what == what && w.save == save {
			return
		}
	}
	if len(fr.fn.writes) >= maxWriteSinks {
		return
	}
	fr.fn.writes = append(fr.fn.writes, &writeSink{save: save, what: what, line: pl,
		pathParams: path.params, contentParams: content.params,
		pathExact: fr.exactParam(path), contentExact: fr.exactParam(content),
		path: path, content: content})
}

// wrapperWrite judges a write inside function f with the arguments of
// one call.
func (a *analyzer) wrapperWrite(f *funcInfo, w *writeSink, args []*aval, line int, fr *frame) {
	bind := func(params uint64, exact int, inner *aval) *aval {
		if exact >= 0 {
			return argAt(args, exact)
		}
		if params == 0 {
			return inner
		}
		r := &aval{unk: true, taint: inner.taint, remote: inner.remote, self: inner.self, steps: inner.steps}
		for i := 0; i < 64 && params>>i != 0; i++ {
			if params&(1<<i) == 0 {
				continue
			}
			x := argAt(args, i)
			if r.taint == nil {
				r.taint = x.taint
			}
			if r.remote == nil {
				r.remote = x.remote
			}
			r.params |= x.params
			r.self = r.self || x.self
			r.steps = addSteps(r.steps, x.steps)
		}
		return r
	}
	path := bind(w.pathParams, w.pathExact, w.path)
	content := bind(w.contentParams, w.contentExact, w.content)
	if path.taint == nil && content.taint == nil && content.remote == nil && path.params|content.params == 0 && !path.self {
		return // nothing of the caller's reaches the write: judged inside
	}
	what := w.what + " via " + f.def.name + "()"
	if w.save {
		a.streamSave(&objState{class: "adodb.stream", content: content}, path, what, line, fr)
	} else {
		a.fileWrite(nil, path, content, what, line, fr)
	}
	a.noteWritten(path, content, line)
}

// createEmpty notes an empty file created on a path: with a deletion of
// request-chosen paths it is a probe of which directories are writable.
func (a *analyzer) createEmpty(p *aval, what string, line int, fr *frame) {
	a.markSink(fr, p, "create-empty", what, line)
	if p != nil && p.taint != nil && a.probeCreate == nil {
		a.probeCreate = p.taint
		a.feature("files", line)
	}
}

// deletePath notes a deletion of a file or folder.
func (a *analyzer) deletePath(p *aval, what string, line int, fr *frame) {
	a.markSink(fr, p, "delete", what, line)
	if p != nil && p.taint != nil && a.probeDelete == nil {
		a.probeDelete = p.taint
	}
}

// execSkeleton analyses code that is assembled from constants around a
// value the analysis cannot resolve ("eval(request(" & x & "))"): the
// constants are the code, and what they do with input is judged with a
// neutral 0 in each hole. A hole never adds a sink; the constants must
// spell one.
func (a *analyzer) execSkeleton(x *expr, e *expr, fr *frame, js bool) {
	var parts []*expr
	var flat func(x *expr)
	flat = func(x *expr) {
		if x.k == eBin && (x.op == "&" || x.op == "+") && len(parts) < 512 {
			flat(x.x)
			flat(x.y)
			return
		}
		parts = append(parts, x)
	}
	flat(x)
	if len(parts) < 3 {
		return
	}
	var b strings.Builder
	known, holes := 0, 0
	for _, p := range parts {
		c, ok := cv{}, false
		if p.k == eConst {
			c, ok = p.c, true
		} else {
			c, ok = a.eval(p, fr).single()
		}
		if ok && (c.k == cStr || c.k == cNum) {
			s := toStr(c, p.lang)
			known += len(s)
			b.WriteString(s)
			continue
		}
		holes++
		b.WriteString("0")
	}
	if holes == 0 || known < 8 || b.Len() > maxString {
		return
	}
	lang := vbscript
	if js {
		lang = jscript
	}
	st := []step{{what: "code assembled from constants around a value not resolved", line: a.lineOf(e.line)}}
	a.analyzeCode(b.String(), lang, e.line, st, fr)
}
