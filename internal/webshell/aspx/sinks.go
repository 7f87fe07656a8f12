package aspx

import (
	"bytes"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/yingji/yingji/internal/webshell/lang"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

// results collects what the evaluation found.
type results struct {
	dets   []verdict.Detection
	feats  map[string]featureHit
	traits map[string]verdict.Point
	names  map[string]string
}

type featureHit struct {
	pt      verdict.Point
	tainted bool
	desc    string
}

func newResults() *results {
	return &results{feats: map[string]featureHit{}, traits: map[string]verdict.Point{}, names: map[string]string{}}
}

const maxDetections = 256

// report records a detection whose data is v (request data when v.t is
// set) reaching the operation at sink.
func (ev *analyzer) report(d verdict.Detection, v value, sink *expr, sinkWhat string) {
	if v.t != nil && v.t.fl&(tfNumeric|tfBool) == 0 {
		src := v.t.src
		d.Source = &src
		d.Steps = append([]verdict.Point(nil), v.t.steps...)
	}
	d.Steps = append(d.Steps, ev.ctx...)
	if len(d.Steps) == 0 {
		d.Steps = nil
	}
	if sink != nil {
		pt := ev.point(sink, sinkWhat)
		d.Sink = &pt
	}
	d.Score = min(max(d.Score, 0), 100)
	for i := range ev.res.dets {
		o := &ev.res.dets[i]
		if o.Rule == d.Rule && sameSink(o.Sink, d.Sink) {
			if d.Score > o.Score || d.Score == o.Score && d.Source != nil && o.Source == nil {
				*o = d
				ev.recorded(d.Score)
			}
			return
		}
	}
	ev.add(d)
}

// add records d unless the detections are at their bound.
func (ev *analyzer) add(d verdict.Detection) {
	if len(ev.res.dets) < maxDetections {
		ev.res.dets = append(ev.res.dets, d)
		ev.recorded(d.Score)
	}
}

// recorded notes a detection of score recorded: in verdict.Decide a
// reporting one ends the evaluation (the budget is spent, so every loop
// and call returns).
func (ev *analyzer) recorded(score int) {
	if ev.decide && score >= verdict.Report {
		ev.budget = 0
	}
}

func sameSink(a, b *verdict.Point) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Line == b.Line && a.What == b.What
}

func (ev *analyzer) feature(name string, v value, e *expr, desc string) {
	h, ok := ev.res.feats[name]
	if ok && (h.tainted || !v.tainted()) {
		return
	}
	ev.res.feats[name] = featureHit{pt: ev.point(e, desc), tainted: v.tainted(), desc: desc}
}

func (ev *analyzer) trait(name string, e *expr) {
	if _, ok := ev.res.traits[name]; !ok {
		ev.res.traits[name] = ev.point(e, name)
	}
}

func (ev *analyzer) traitName(name, val string, e *expr) {
	ev.trait(name, e)
	if _, ok := ev.res.names[name]; !ok {
		ev.res.names[name] = strings.ToLower(val)
	}
}

// shells are programs that run whatever command line they are given.
var shells = map[string]bool{
	"cmd": true, "cmd.exe": true, "powershell": true, "powershell.exe": true, "pwsh": true, "pwsh.exe": true,
	"bash": true, "sh": true, "bash.exe": true, "wscript": true, "wscript.exe": true, "cscript": true,
	"cscript.exe": true, "mshta": true, "mshta.exe": true, "rundll32": true, "rundll32.exe": true,
	"regsvr32": true, "regsvr32.exe": true, "wmic": true, "wmic.exe": true, "certutil": true,
	"certutil.exe": true, "msbuild.exe": true, "msbuild": true, "installutil.exe": true, "python": true,
	"python.exe": true, "perl": true, "perl.exe": true, "zsh": true, "dash": true,
}

func isShell(s string) bool {
	s = strings.ToLower(strings.Trim(strings.TrimSpace(s), `"'`))
	base := s
	if i := strings.LastIndexAny(s, `/\`); i >= 0 {
		base = s[i+1:]
	}
	if f := strings.Fields(base); len(f) > 0 {
		base = f[0]
	}
	return shells[base] || strings.Contains(s, "cmd.exe") || strings.Contains(s, "powershell")
}

// cmdText is a command line's known text: the constant, or the constant
// prefix of a concatenation ("cmd.exe /c " + x).
func cmdText(v value) (string, bool) {
	if s, ok := v.str(); ok {
		return s, true
	}
	if strings.HasPrefix(v.meta, "prefix:") {
		return strings.TrimPrefix(v.meta, "prefix:"), false
	}
	return "", false
}

// execSink checks a command line (and arguments) given to a shell-like
// API (WScript.Shell.Exec, Shell, ShellExecute, PowerShell, WMI).
func (ev *analyzer) execSink(cmd, args value, e *expr, what string) {
	v := mergeV(cmd, args)
	switch {
	case v.tainted():
		score := 90
		if v.t.fl&tfDecrypted != 0 {
			score = 95
		}
		ev.report(verdict.Detection{
			Rule: "aspx.exec-input", Score: score,
			Why:   fmt.Sprintf("Request data reaches %s: the request chooses the command that runs.", what),
			WhyZh: fmt.Sprintf("请求数据流入 %s：由请求决定执行的命令。", what),
		}, v, e, what)
	case v.fl&vfHidden != 0:
		ev.report(verdict.Detection{
			Rule: "aspx.exec-hidden", Score: 70,
			Why:   fmt.Sprintf("%s runs a command line that the page decodes at run time.", what),
			WhyZh: fmt.Sprintf("%s 执行运行时解码得到的命令行。", what),
		}, v, e, what)
	case !cmd.isConst() && (cmd.fl&vfUnknown != 0 || cmd.typ == ""):
		if cmd.isConst() {
			return
		}
		ev.report(verdict.Detection{
			Rule: "aspx.exec-dynamic", Score: 55,
			Why:   fmt.Sprintf("%s runs a command line that is not a constant, of unknown origin.", what),
			WhyZh: fmt.Sprintf("%s 执行来源不明的非常量命令行。", what),
		}, v, e, what)
	}
}

// checkProcess checks the FileName and Arguments of a Process or
// ProcessStartInfo object.
func (ev *analyzer) checkProcess(o *object, site *expr, started bool) {
	psi := o
	if v, ok := o.props["startinfo"]; ok && v.o != nil {
		psi = v.o
	}
	fn, hasFn := psi.props["filename"]
	av := psi.props["arguments"]
	fnText, fnConst := cmdText(fn)
	switch {
	case fn.tainted():
		ev.report(verdict.Detection{
			Rule: "aspx.exec-input", Score: 90,
			Why:   "Request data is the program that a Process starts: the request runs any program it wants.",
			WhyZh: "请求数据作为 Process 启动的程序：请求可以运行任意程序。",
		}, fn, site, "Process FileName")
	case av.tainted():
		switch {
		case fnConst && !isShell(fnText):
			ev.report(verdict.Detection{
				Rule: "aspx.exec-fixed-program", Score: 45,
				Why:   fmt.Sprintf("Request data is passed as arguments to the fixed program %q (argument injection only, no shell).", clip(fnText, 60)),
				WhyZh: fmt.Sprintf("请求数据作为参数传给固定程序 %q（仅参数注入，无命令解释器）。", clip(fnText, 60)),
			}, av, site, "Process Arguments")
		default:
			score := 90
			why := "Request data is the command line of a shell started by Process"
			if !hasFn || !fnConst {
				score = 80
				why = "Request data is the command line of a Process"
			} else {
				why += fmt.Sprintf(" (%s)", clip(fnText, 40))
			}
			if av.t.fl&tfDecrypted != 0 {
				score += 5
			}
			ev.report(verdict.Detection{
				Rule: "aspx.exec-input", Score: score,
				Why:   why + ": the request chooses the command that runs.",
				WhyZh: "请求数据作为 Process 执行的命令行：由请求决定执行的命令。",
			}, av, site, "Process Arguments")
		}
	case started && hasFn && !fn.isConst() && fn.fl&(vfUnknown|vfHidden) != 0 && !strings.HasPrefix(fn.meta, "prefix:"):
		ev.report(verdict.Detection{
			Rule: "aspx.exec-dynamic", Score: 55,
			Why:   "A Process starts a program that is not a constant, of unknown origin.",
			WhyZh: "Process 启动来源不明的非常量程序。",
		}, fn, site, "Process.Start")
	case started && fnConst && isShell(fnText) && !av.isConst() && av.fl&(vfUnknown|vfHidden) != 0:
		ev.report(verdict.Detection{
			Rule: "aspx.exec-dynamic", Score: 55,
			Why:   fmt.Sprintf("A shell (%s) runs a command line that is not a constant, of unknown origin.", clip(fnText, 40)),
			WhyZh: fmt.Sprintf("命令解释器（%s）执行来源不明的非常量命令行。", clip(fnText, 40)),
		}, av, site, "Process.Start")
	}
	if started || fn.tainted() || av.tainted() {
		ev.feature("exec", mergeV(fn, av), site, "starts processes")
	}
}

// checkStdin checks data written to a started process's standard input.
func (ev *analyzer) checkStdin(o *object, data value, e *expr) {
	if o == nil || !data.tainted() {
		return
	}
	psi := o
	if v, ok := o.props["startinfo"]; ok && v.o != nil {
		psi = v.o
	}
	fnText, fnConst := cmdText(psi.props["filename"])
	if fnConst && !isShell(fnText) {
		return
	}
	ev.report(verdict.Detection{
		Rule: "aspx.exec-input", Score: 90,
		Why:   "Request data is written to the standard input of a shell process: the request chooses the commands that run.",
		WhyZh: "请求数据写入命令解释器进程的标准输入：由请求决定执行的命令。",
	}, data, e, "Process.StandardInput.WriteLine")
	ev.feature("exec", data, e, "starts processes")
}

// codeSink checks code given to an evaluator (JScript eval, a script
// control, JScriptEvaluate). Constant code is itself evaluated, in the
// caller's scope; its value is what eval returns.
func (ev *analyzer) codeSink(code value, e *expr, fr *frame, lang language, what string, args []value) value {
	switch {
	case code.tainted():
		score := 90
		if code.t.fl&tfDecrypted != 0 {
			score = 95
		}
		d := verdict.Detection{
			Rule: "aspx.eval-input", Score: score,
			Why:   fmt.Sprintf("Request data is run as code by %s.", what),
			WhyZh: fmt.Sprintf("请求数据被 %s 作为代码执行。", what),
		}
		if lang == langJS && what == "eval" {
			if len(args) > 1 {
				if s, ok := args[1].str(); ok && strings.EqualFold(strings.TrimSpace(s), "unsafe") {
					d.Why = "Request data is run as JScript.NET code by eval(..., \"unsafe\") with full trust."
					d.WhyZh = "请求数据被 eval(..., \"unsafe\") 以完全信任作为 JScript.NET 代码执行。"
					ev.trait("eval-unsafe", e)
				}
			}
		}
		ev.report(d, code, e, what)
		ev.feature("exec", code, e, "runs code")
		return value{t: code.t.with(nil, 0)}
	case code.hasC:
		s := code.c
		if ev.nested >= maxNested || len(s) > 1<<16 {
			return value{fl: vfHidden}
		}
		if code.fl&(vfDecoded|vfFolded) != 0 && code.fl&vfDecoded != 0 {
			ev.report(verdict.Detection{
				Rule: "aspx.eval-obfuscated", Score: 50,
				Why:   fmt.Sprintf("%s runs code that the page hides in an encoded constant: %q.", what, clip(s, 60)),
				WhyZh: fmt.Sprintf("%s 执行隐藏在编码常量中的代码：%q。", what, clip(s, 60)),
			}, code, e, what)
		}
		return ev.evalCode(s, lang, e, fr, what)
	case code.fl&vfHidden != 0:
		score := 60
		if unsafeOption(args) || lang != langJS {
			score = 80 // full trust (JScript "unsafe"), or a script control / JScriptEvaluate
		}
		ev.report(verdict.Detection{
			Rule: "aspx.eval-hidden", Score: score,
			Why:   fmt.Sprintf("%s runs code that the page decodes at run time from constants (hidden code).", what),
			WhyZh: fmt.Sprintf("%s 执行运行时由常量解码得到的代码（隐藏代码）。", what),
		}, code, e, what)
		return value{fl: vfHidden}
	case code.fl&vfUnknown != 0 || code.typ == "":
		if code.typ == "null" || code.typ == "bool" {
			return value{}
		}
		d := verdict.Detection{
			Rule: "aspx.eval-dynamic", Score: 55,
			Why:   fmt.Sprintf("%s runs code that is not a constant, of unknown origin.", what),
			WhyZh: fmt.Sprintf("%s 执行来源不明的非常量代码。", what),
		}
		if lang == langJS && unsafeOption(args) {
			// an eval wrapper: eval(x, "unsafe") of a parameter
			d.Score = 65
			d.Why = fmt.Sprintf("%s runs code it is given with full trust (\"unsafe\"): an eval wrapper.", what)
			d.WhyZh = fmt.Sprintf("%s 以完全信任（\"unsafe\"）执行传入的代码：eval 包装函数。", what)
			if args[1].fl&vfFolded != 0 {
				d.Score = 70
				d.Why = fmt.Sprintf("%s runs code it is given with full trust, the \"unsafe\" option assembled from pieces to hide it: an eval wrapper.", what)
			}
		}
		ev.report(d, code, e, what)
	}
	return value{fl: vfUnknown}
}

// unsafeOption reports JScript eval's second argument "unsafe" (full
// trust).
func unsafeOption(args []value) bool {
	if len(args) < 2 {
		return false
	}
	s, ok := args[1].str()
	return ok && strings.EqualFold(strings.TrimSpace(s), "unsafe")
}

// evalCode evaluates a constant code string in the caller's scope and
// returns the value of its last expression.
func (ev *analyzer) evalCode(s string, lang language, e *expr, fr *frame, what string) value {
	ev.nested++
	defer func() { ev.nested-- }()
	toks := lexString(s, lang, int(e.off), int(e.line))
	prog := ev.prog
	m := &method{lang: lang}
	if lang == langVB {
		parseVB(prog, toks, m)
	} else {
		parseBrace(prog, toks, lang, m)
	}
	pt := ev.point(e, fmt.Sprintf("code string %q run by %s", clip(s, 60), what))
	ev.ctx = append(ev.ctx, pt)
	defer func() { ev.ctx = ev.ctx[:len(ev.ctx)-1] }()
	savedLang := ev.lang
	ev.lang = lang
	defer func() { ev.lang = savedLang }()
	var last value
	sub := fr
	if sub == nil {
		sub = &frame{vars: map[string]value{}}
	}
	for i := range m.body {
		a := &m.body[i]
		if a.k == aExpr {
			last = ev.eval(a.e, sub)
			continue
		}
		ev.exec(a, sub, false)
	}
	return last
}

// compileSink checks source code compiled by CodeDom.
func (ev *analyzer) compileSink(src value, e *expr, fr *frame, lang language) value {
	res := value{typ: "compilerresults", t: src.t, o: newObject()}
	switch {
	case src.tainted():
		ev.report(verdict.Detection{
			Rule: "aspx.compile-input", Score: 90,
			Why:   "Request data is compiled as source code by CodeDom (CompileAssemblyFromSource) and can then run.",
			WhyZh: "请求数据被 CodeDom（CompileAssemblyFromSource）作为源代码编译并可执行。",
		}, src, e, "CompileAssemblyFromSource")
		ev.feature("exec", src, e, "compiles code")
	case src.hasC:
		if ev.nested < maxNested {
			pt := ev.point(e, "source compiled by CompileAssemblyFromSource")
			head := map[language]string{langCS: "C#", langVB: "VB", langJS: "JScript"}[lang]
			ev.nestedPage("<%@ WebHandler Language=\""+head+"\" %>"+src.c, int(e.line), pt, false)
		}
		res.fl |= vfHidden
	case src.fl&vfHidden != 0:
		ev.report(verdict.Detection{
			Rule: "aspx.compile-hidden", Score: 75,
			Why:   "CodeDom compiles source code that the page decodes at run time.",
			WhyZh: "CodeDom 编译运行时解码得到的源代码。",
		}, src, e, "CompileAssemblyFromSource")
		res.fl |= vfHidden
	default:
		ev.report(verdict.Detection{
			Rule: "aspx.compile-dynamic", Score: 55,
			Why:   "CodeDom compiles source code that is not a constant, of unknown origin.",
			WhyZh: "CodeDom 编译来源不明的非常量源代码。",
		}, src, e, "CompileAssemblyFromSource")
	}
	return res
}

// loadSink checks bytes or a path loaded as a .NET assembly.
func (ev *analyzer) loadSink(b value, e *expr, what string) value {
	res := value{typ: "assembly", t: b.t, o: newObject(), fl: b.fl & vfHidden}
	byPath := strings.Contains(strings.ToLower(what), "from") || strings.Contains(strings.ToLower(what), "file") || b.typ == "string"
	switch {
	case b.tainted() && byPath:
		// a file path or an assembly name: only code already on the server
		score := 70
		if strings.HasPrefix(b.meta, "prefix:") && fixedDir(strings.TrimPrefix(b.meta, "prefix:")) || b.t.fl&tfBaseName != 0 {
			score = 50
		}
		ev.report(verdict.Detection{
			Rule: "aspx.assembly-load-path-input", Score: score,
			Why:   fmt.Sprintf("%s loads an assembly file or name chosen by the request.", what),
			WhyZh: fmt.Sprintf("%s 加载由请求指定的程序集文件或名称。", what),
		}, b, e, what)
	case b.tainted():
		score := 90
		why := fmt.Sprintf("Request data is loaded as a .NET assembly by %s: the request sends code that runs in the server.", what)
		if b.t.fl&tfDecrypted != 0 {
			score = 95
			why = fmt.Sprintf("Request data, decrypted, is loaded as a .NET assembly by %s: encrypted code from the request runs in the server (memory shell loader).", what)
		} else if b.t.fl&tfDecoded != 0 {
			score = 92
		}
		ev.report(verdict.Detection{
			Rule: "aspx.assembly-load-input", Score: score, Why: why,
			WhyZh: fmt.Sprintf("请求数据被 %s 作为 .NET 程序集加载：请求发送的代码在服务器中运行（内存马加载器）。", what),
		}, b, e, what)
		ev.feature("exec", b, e, "loads code")
		ev.trait("load-input", e)
	case b.fl&vfHidden != 0 || b.isConst() && b.fl&vfDecoded != 0:
		ev.report(verdict.Detection{
			Rule: "aspx.assembly-load-embedded", Score: 75,
			Why:   fmt.Sprintf("%s loads a .NET assembly hidden in the page as an encoded constant.", what),
			WhyZh: fmt.Sprintf("%s 加载以编码常量隐藏在页面中的 .NET 程序集。", what),
		}, b, e, what)
		res.fl |= vfHidden
	case !b.isConst():
		ev.report(verdict.Detection{
			Rule: "aspx.assembly-load-dynamic", Score: 45,
			Why:   fmt.Sprintf("%s loads an assembly that is not a constant, of unknown origin.", what),
			WhyZh: fmt.Sprintf("%s 加载来源不明的非常量程序集。", what),
		}, b, e, what)
	}
	return res
}

func (ev *analyzer) reflectSink(v value, e *expr, what, desc string) {
	ev.report(verdict.Detection{
		Rule: "aspx.reflection-input", Score: 80,
		Why:   fmt.Sprintf("%s with request data: the page creates or calls %s.", what, desc),
		WhyZh: fmt.Sprintf("%s 使用请求数据：页面创建或调用由请求选择的类型或方法。", what),
	}, v, e, what)
	ev.feature("exec", v, e, "reflection")
}

// obfuscatedName notes a reflective type or method name built from
// pieces or decoded, when it names something dangerous.
func (ev *analyzer) obfuscatedName(name string, v value, e *expr) {
	for _, d := range []string{"process", "assembly", "activator", "appdomain", "file", "eval", "vsaengine", "codedomprovider", "csharpcodeprovider", "binaryformatter", "losformatter", "start", "load", "shell", "exec", "webclient", "jscriptevaluate", "createinstance", "invoke"} {
		if name == d || strings.HasSuffix(name, "."+d) || strings.HasPrefix(name, d+".") {
			ev.report(verdict.Detection{
				Rule: "aspx.obfuscated-reflection", Score: 50,
				Why:   fmt.Sprintf("The name %q used by reflection is built from pieces or decoded at run time, hiding what is called.", name),
				WhyZh: fmt.Sprintf("反射使用的名称 %q 由片段拼接或运行时解码得到，隐藏了真实调用。", name),
			}, v, e, "reflection name "+name)
			return
		}
	}
}

// fixedDir reports a constant path prefix that names a directory
// below the web root ("~/themes/"), not just the root ("/", "~/").
func fixedDir(prefix string) bool {
	p := strings.Trim(prefix, "~/\\. ")
	return strings.ContainsAny(prefix, "/\\") && p != ""
}

// scriptExt are extensions that IIS or another server runs as code.
func scriptExt(ext string) bool {
	switch strings.ToLower(ext) {
	case ".aspx", ".ashx", ".asmx", ".ascx", ".asp", ".asa", ".cer", ".cdx", ".php", ".php5", ".phtml",
		".jsp", ".jspx", ".svc", ".soap", ".rem", ".axd", ".master", ".config", ".shtml", ".stm", ".asax":
		return true
	}
	return false
}

// pathExt is the extension of a path value: its constant text or the
// constant end of a concatenation.
func pathExt(v value) string {
	s, ok := v.str()
	if !ok {
		s = v.sfx
	}
	s = strings.Trim(strings.TrimSpace(s), `"`)
	return path.Ext(strings.ReplaceAll(s, `\`, "/"))
}

// looksLikeCode reports server-side code in written content.
func looksLikeCode(s string) bool {
	l := strings.ToLower(s)
	return strings.Contains(l, "<%") || strings.Contains(l, "<?php") || strings.Contains(l, "runat=\"server\"") ||
		strings.Contains(l, "runat=server") || strings.Contains(l, "<?=") || strings.Contains(l, "<jsp:")
}

// writeSink checks a file write: where (path) and what (content).
func (ev *analyzer) writeSink(p, content value, e *expr, what string, upload bool) {
	pathT := p.tainted() && p.t.fl&tfBaseName == 0
	base := p.tainted() && p.t.fl&tfBaseName != 0
	contT := content.tainted() || upload && content.t != nil
	ext := pathExt(p)
	rule := "aspx.write-input"
	if upload {
		rule = "aspx.upload-input"
	}
	confined := strings.HasPrefix(p.meta, "prefix:") && fixedDir(strings.TrimPrefix(p.meta, "prefix:"))
	switch {
	case pathT && contT && confined && !scriptExt(ext):
		ev.report(verdict.Detection{
			Rule: "aspx.write-confined-input", Score: 50,
			Why:   fmt.Sprintf("%s writes request data to a request-named file inside a fixed folder.", what),
			WhyZh: fmt.Sprintf("%s 将请求数据写入固定目录下由请求命名的文件。", what),
		}, p, e, what)
		ev.feature("upload", p, e, "writes request-named files")
	case pathT && contT:
		why := fmt.Sprintf("%s writes request data to a file whose path the request chooses: any file, a new webshell included, can be written.", what)
		whyZh := fmt.Sprintf("%s 将请求数据写入由请求指定路径的文件：可写入任意文件，包括新的网页木马。", what)
		if upload {
			why = fmt.Sprintf("An uploaded file is saved by %s to a path the request chooses: any file, a new webshell included, can be planted.", what)
			whyZh = fmt.Sprintf("上传文件被 %s 保存到由请求指定的路径：可植入任意文件，包括新的网页木马。", what)
		}
		ev.report(verdict.Detection{Rule: rule, Score: 75, Why: why, WhyZh: whyZh}, p, e, what)
		ev.feature("upload", p, e, "writes request-chosen files")
	case contT && scriptExt(ext):
		ev.report(verdict.Detection{
			Rule: rule, Score: 70,
			Why:   fmt.Sprintf("%s writes request data into a server script file (%s): the request plants code.", what, ext),
			WhyZh: fmt.Sprintf("%s 将请求数据写入服务器脚本文件（%s）：请求可植入代码。", what, ext),
		}, content, e, what)
		ev.feature("upload", content, e, "writes request data to files")
	case !contT && content.hasC && looksLikeCode(content.c):
		sub := ev.nestedScore(content.c, ext)
		if sub >= verdict.Report || scriptExt(ext) && sub >= 40 {
			ev.report(verdict.Detection{
				Rule: "aspx.dropper", Score: 85,
				Why:   fmt.Sprintf("%s writes a webshell kept in the page as a constant to a file%s.", what, extNote(ext)),
				WhyZh: fmt.Sprintf("%s 将页面中以常量保存的网页木马写入文件%s。", what, extNote(ext)),
			}, p, e, what)
			ev.feature("upload", p, e, "drops files")
			return
		}
		if scriptExt(ext) {
			ev.report(verdict.Detection{
				Rule: "aspx.write-script", Score: 60,
				Why:   fmt.Sprintf("%s writes server code to a script file (%s).", what, ext),
				WhyZh: fmt.Sprintf("%s 将服务器代码写入脚本文件（%s）。", what, ext),
			}, p, e, what)
		}
	case base && contT && p.fl&vfWebDir != 0:
		ev.report(verdict.Detection{
			Rule: "aspx.upload-webroot", Score: 60,
			Why:   fmt.Sprintf("%s saves an uploaded file under its client-chosen name into the web application's own directory, where an uploaded .aspx runs.", what),
			WhyZh: fmt.Sprintf("%s 将上传文件以客户端提供的文件名保存到 Web 应用自身目录，上传的 .aspx 可在此执行。", what),
		}, p, e, what)
		ev.feature("upload", p, e, "saves uploads into the web directory")
	case base && contT:
		ev.report(verdict.Detection{
			Rule: "aspx.upload-basename", Score: 40,
			Why:   "An uploaded file is saved under its client-chosen name into a fixed folder (no directory choice); its extension is not checked here.",
			WhyZh: "上传文件以客户端提供的文件名保存到固定目录（不能选择目录），此处未检查扩展名。",
		}, p, e, what)
		ev.feature("upload", value{}, e, "saves uploads")
	case pathT:
		ev.report(verdict.Detection{
			Rule: "aspx.write-path-input", Score: 50,
			Why:   fmt.Sprintf("%s writes a file whose path the request chooses.", what),
			WhyZh: fmt.Sprintf("%s 写入由请求指定路径的文件。", what),
		}, p, e, what)
		ev.feature("filemanager", p, e, "writes request-chosen files")
	case scriptExt(ext) && ext != ".config" && !contT && (content.isConst() || content.fl&vfHidden != 0):
		ev.report(verdict.Detection{
			Rule: "aspx.write-script", Score: 60,
			Why:   fmt.Sprintf("%s creates a server script file (%s) with content fixed in the page.", what, ext),
			WhyZh: fmt.Sprintf("%s 以页面中固定的内容创建服务器脚本文件（%s）。", what, ext),
		}, p, e, what)
	case contT:
		ev.report(verdict.Detection{
			Rule: "aspx.write-content-input", Score: 35,
			Why:   fmt.Sprintf("%s writes request data to a file at a fixed path.", what),
			WhyZh: fmt.Sprintf("%s 将请求数据写入固定路径的文件。", what),
		}, content, e, what)
	}
}

func extNote(ext string) string {
	if ext == "" {
		return ""
	}
	return " (" + ext + ")"
}

// nestedScore analyses written content as a page of its own and returns
// its highest score. Classic ASP targets are read as VBScript.
func (ev *analyzer) nestedScore(s string, ext string) int {
	if ev.nested >= maxNested {
		return 0
	}
	l := strings.ToLower(s)
	if strings.Contains(l, "<?php") || strings.Contains(l, "<jsp:") || strings.Contains(l, "request.getparameter") {
		if (strings.Contains(l, "eval(") || strings.Contains(l, "assert(") || strings.Contains(l, "system(") || strings.Contains(l, ".exec(")) &&
			(strings.Contains(l, "$_") || strings.Contains(l, "request")) {
			return 80
		}
		return 0
	}
	vbs := false
	switch strings.ToLower(ext) {
	case ".asp", ".asa", ".cer", ".cdx":
		vbs = true
	}
	ds := analyze([]byte(s), ev.nested+1, vbs)
	return verdict.Max(ds)
}

// nestedPage analyses s (an XSLT stylesheet, compiled source) as a page
// and reports its detections here, at line+their line-1, after step.
func (ev *analyzer) nestedPage(s string, line int, step verdict.Point, vbs bool) {
	if ev.nested >= maxNested {
		return
	}
	if line <= 0 {
		line = step.Line
	}
	ds := analyze([]byte(s), ev.nested+1, vbs)
	for _, d := range ds {
		shift := func(p *verdict.Point) *verdict.Point {
			if p == nil {
				return nil
			}
			q := *p
			if q.Line > 0 {
				q.Line = line + q.Line - 1
				q.Excerpt = verdict.Clip(strings.ToValidUTF8(verdict.Excerpt(ev.pg.text, q.Line), "?"))
			}
			return &q
		}
		d.Source = shift(d.Source)
		d.Sink = shift(d.Sink)
		steps := []verdict.Point{step}
		for i := range d.Steps {
			steps = append(steps, *shift(&d.Steps[i]))
		}
		d.Steps = steps
		ev.add(d)
	}
}

// fileRead checks a file read at a request-chosen path: with no fixed
// directory in front, the request reads any file of the server.
func (ev *analyzer) fileRead(p value, e *expr, what string) {
	ev.feature("filemanager", p, e, "reads request-chosen files")
	if p.t.fl&tfBaseName != 0 {
		return
	}
	prefix := strings.TrimPrefix(p.meta, "prefix:")
	if p.meta == "mapped" || strings.HasPrefix(p.meta, "prefix:") && strings.TrimSpace(prefix) != "" {
		return // under a fixed directory, or inside the application
	}
	ev.feature("filedownload", p, e, "reads any file")
	ev.report(verdict.Detection{
		Rule: "aspx.file-read-input", Score: 60,
		Why:   fmt.Sprintf("%s reads a file at a path the request chooses freely: any file of the server can be downloaded.", what),
		WhyZh: fmt.Sprintf("%s 读取由请求任意指定路径的文件：可下载服务器上的任意文件。", what),
	}, p, e, what)
}

// decodedCode notes a constant that the page decodes at run time into
// server code (request access, eval, process or assembly APIs).
func (ev *analyzer) decodedCode(v value, e *expr, what string) {
	s, ok := v.str()
	if !ok || v.fl&vfDecoded == 0 || len(s) > 1<<16 {
		return
	}
	l := strings.ToLower(s)
	for _, k := range []string{"request.item", "request.form", "request[", "request(", "request.querystring", "eval(", "execute(", "process.start", "processstartinfo", "assembly.load", "cmd.exe", "wscript.shell", "createobject(", "runtime.getruntime"} {
		if strings.Contains(l, k) {
			ev.report(verdict.Detection{
				Rule: "aspx.decoded-code", Score: 55,
				Why:   fmt.Sprintf("%s decodes a constant that is server code (%q): code hidden from reading and from signatures.", what, clip(s, 60)),
				WhyZh: fmt.Sprintf("%s 解码出的常量是服务器代码（%q）：用于躲避阅读和特征检测的隐藏代码。", what, clip(s, 60)),
			}, v, e, what)
			return
		}
	}
}

func (ev *analyzer) downloadSink(u, p value, e *expr) {
	if !u.tainted() && !p.tainted() {
		if scriptExt(pathExt(p)) {
			ev.report(verdict.Detection{
				Rule: "aspx.download-script", Score: 60,
				Why:   "WebClient.DownloadFile saves a downloaded file as a server script (" + pathExt(p) + ").",
				WhyZh: "WebClient.DownloadFile 将下载的文件保存为服务器脚本（" + pathExt(p) + "）。",
			}, p, e, "WebClient.DownloadFile")
		}
		return
	}
	score := 75
	if u.tainted() && p.tainted() && p.t.fl&tfBaseName == 0 {
		score = 80
	}
	ev.report(verdict.Detection{
		Rule: "aspx.download-input", Score: score,
		Why:   "WebClient.DownloadFile fetches a file chosen by the request and writes it to disk (a downloader for further tools or shells).",
		WhyZh: "WebClient.DownloadFile 下载由请求指定的文件并写入磁盘（用于投放后续工具或木马）。",
	}, mergeV(u, p), e, "WebClient.DownloadFile")
	ev.feature("upload", mergeV(u, p), e, "downloads files to disk")
}

// dbSink checks a database command: a request-chosen connection string
// together with a request-chosen query is a database manager.
func (ev *analyzer) dbSink(cmd value, e *expr) {
	if cmd.o == nil {
		return
	}
	q := cmd.o.props["commandtext"]
	conn := cmd.o.props["connection"]
	cs := conn
	if conn.o != nil {
		if v, ok := conn.o.props["connectionstring"]; ok {
			cs = v
		}
	}
	qs, _ := q.str()
	lq := strings.ToLower(qs)
	switch {
	case (strings.Contains(lq, "xp_cmdshell") || strings.Contains(lq, "sp_oacreate") || strings.Contains(lq, "sp_oamethod")) && (q.tainted() || cs.tainted()):
		ev.report(verdict.Detection{
			Rule: "aspx.sql-exec", Score: 85,
			Why:   "A SQL command runs operating-system commands (xp_cmdshell / OLE automation) with request data.",
			WhyZh: "SQL 命令使用请求数据通过 xp_cmdshell / OLE 自动化执行系统命令。",
		}, mergeV(q, cs), e, "SQL xp_cmdshell")
	case q.tainted() && cs.tainted():
		ev.report(verdict.Detection{
			Rule: "aspx.sql-manager", Score: 70,
			Why:   "The request chooses both the database connection string and the SQL text that runs: a database manager of a webshell.",
			WhyZh: "请求同时指定数据库连接字符串和执行的 SQL 语句：网页木马的数据库管理功能。",
		}, q, e, "database command")
	case cs.tainted():
		ev.report(verdict.Detection{
			Rule: "aspx.sql-connection-input", Score: 50,
			Why:   "The request chooses the database connection string (server, account, password).",
			WhyZh: "请求指定数据库连接字符串（服务器、账号、密码）。",
		}, cs, e, "database connection")
	}
	if q.tainted() || cs.tainted() {
		ev.feature("db", mergeV(q, cs), e, "runs request-chosen SQL")
	} else {
		ev.feature("db", value{}, e, "database access")
	}
}

func (ev *analyzer) deserializeSink(f, data value, e *expr) {
	if !data.tainted() {
		return
	}
	name := f.meta
	if name == "" {
		name = f.typ
	}
	ev.report(verdict.Detection{
		Rule: "aspx.deserialize-input", Score: 80,
		Why:   fmt.Sprintf("Request data is deserialized by %s, which instantiates types named by the data: a code-execution gadget entry.", name),
		WhyZh: fmt.Sprintf("请求数据被 %s 反序列化，数据可指定实例化的类型：可导致代码执行。", name),
	}, data, e, name+".Deserialize")
	ev.feature("exec", data, e, "deserialization")
}

// ---- families and the final verdict ----

// bigShellFeatures are the capabilities of an all-in-one webshell
// (ASPXSpy and its kin).
var bigShellFeatures = []string{"exec", "filemanager", "upload", "db", "registry", "network", "listener", "iis-users", "services", "processes", "wmi", "proxy", "timestomp", "filedownload"}

func (ev *analyzer) finish() []verdict.Detection {
	r := ev.res
	// The page's text with ASCII letters lower-cased, for family names;
	// made only when a detection may carry one. (As strings.ToLower
	// would find them: it maps only U+212A and U+0130 to ASCII letters,
	// k and i, which these names lack.)
	var low []byte
	lower := func() []byte {
		if low == nil {
			low = lang.LowerASCII(nil, ev.pg.text)
		}
		return low
	}
	// Behinder and Godzilla: encrypted request bytes loaded as an assembly.
	for i := range r.dets {
		d := &r.dets[i]
		if d.Rule != "aspx.assembly-load-input" {
			continue
		}
		inst := r.names["createinstance"]
		_, eq := r.traits["equals-context"]
		_, md5 := r.traits["md5"]
		payload := false
		for k := range ev.store {
			if strings.HasPrefix(k, "session:") && (ev.store[k].typ == "assembly" || strings.Contains(k, "payload")) {
				payload = true
			}
		}
		switch {
		case payload && (md5 || inst == "ly"):
			ev.family(d, "Godzilla", "family.godzilla", 95,
				"Godzilla .NET: an AES-decrypted request payload is loaded as an assembly and kept in Session, then instantiated per request (MD5 of pass+key framing).",
				"哥斯拉 .NET：请求中的 AES 加密载荷被解密后作为程序集加载并保存在 Session 中，每次请求实例化执行（pass+key 的 MD5 作为响应分隔）。")
		case (inst == "u" || eq) && strings.Contains(d.Why, "decrypted"):
			ev.family(d, "Behinder", "family.behinder", 95,
				"Behinder (冰蝎) .NET: the request body is decrypted with a key kept in Session and loaded as an assembly whose class is instantiated and handed the page (CreateInstance(\"U\").Equals(this)).",
				"冰蝎 .NET：请求体用 Session 中的密钥解密后作为程序集加载，实例化其中的类并传入页面对象（CreateInstance(\"U\").Equals(this)）。")
		case inst == "u" || eq:
			ev.family(d, "Behinder", "family.behinder", 92,
				"Behinder-style .NET loader: request bytes loaded as an assembly whose class is instantiated and handed the page or context (Equals(this)).",
				"冰蝎类 .NET 加载器：请求字节作为程序集加载，实例化其中的类并传入页面或上下文对象（Equals(this)）。")
		}
		break
	}
	for i := range r.dets {
		d := &r.dets[i]
		if d.Rule == "aspx.eval-input" && d.Source != nil && strings.Contains(d.Why, "unsafe") {
			ev.family(d, "China Chopper", "family.china-chopper", 95,
				"China Chopper (中国菜刀) aspx one-liner, also used by AntSword and Cknife: JScript.NET eval of a request parameter with \"unsafe\".",
				"中国菜刀 aspx 一句话木马（蚁剑、Cknife 亦使用）：JScript.NET 以 \"unsafe\" 执行请求参数。")
			break
		}
	}
	if n, ok := r.names["webadmin2y"]; ok {
		pt := r.traits["webadmin2y"]
		r.dets = append(r.dets, verdict.Detection{
			Rule: "family.webadmin2y", Score: 80, Family: "WebAdmin2Y",
			Sink:  &pt,
			Why:   fmt.Sprintf("Instantiates %s, the backdoor class of the WebAdmin2Y webshell planted as an assembly in bin/, with its password.", n),
			WhyZh: fmt.Sprintf("实例化 %s：WebAdmin2Y 网页木马植入 bin/ 目录的程序集中的后门类，并传入其密码。", n),
		})
	}
	// Tunnels (reGeorg and kin): a socket to a request-chosen host fed
	// with the request body.
	if _, ok := r.traits["connect-input"]; ok {
		if pt, ok := r.traits["relay-input"]; ok {
			fam := ""
			if low := lower(); bytes.Contains(low, []byte("regeorg")) || bytes.Contains(low, []byte("x-status")) {
				fam = "reGeorg"
			}
			r.dets = append(r.dets, verdict.Detection{
				Rule: "aspx.tunnel", Score: 80, Family: fam, Sink: &pt,
				Why:   "Connects a socket to a host and port chosen by the request and relays the request body to it: a TCP tunnel into the internal network.",
				WhyZh: "按请求指定的主机和端口建立套接字连接，并把请求体转发过去：通往内网的 TCP 隧道。",
			})
		}
	}
	// A crawl over every registry hive.
	roots := 0
	for k := range r.traits {
		if strings.HasPrefix(k, "regroot:") {
			roots++
		}
	}
	if pt, ok := r.traits["regwalk"]; ok && roots >= 4 {
		r.dets = append(r.dets, verdict.Detection{
			Rule: "aspx.registry-crawl", Score: 60, Sink: &pt,
			Why:   fmt.Sprintf("Walks the subkeys of %d registry hives: a reconnaissance tool that harvests paths and settings of the server.", roots),
			WhyZh: fmt.Sprintf("遍历 %d 个注册表根键的所有子键：收集服务器路径和配置的侦察工具。", roots),
		})
	}
	// A file manager: request-chosen directories listed and files read.
	if fm, ok := r.feats["filemanager"]; ok && fm.tainted {
		if dl, ok := r.feats["filedownload"]; ok && dl.tainted {
			r.dets = append(r.dets, verdict.Detection{
				Rule: "aspx.filemanager", Score: 70, Sink: &dl.pt, Steps: []verdict.Point{fm.pt},
				Why:   "Lists request-chosen directories and hands out any file of the server: a webshell file manager.",
				WhyZh: "列出由请求指定的目录并下载服务器上的任意文件：网页木马的文件管理功能。",
			})
		}
	}
	// All-in-one shells: several capabilities driven by the request.
	var have []string
	tainted := 0
	for _, f := range bigShellFeatures {
		if h, ok := r.feats[f]; ok {
			have = append(have, f)
			if h.tainted {
				tainted++
			}
		}
	}
	if len(have) >= 4 && tainted >= 2 || len(have) >= 3 && tainted >= 3 {
		score := 80
		if len(have) == 3 {
			score = 75
		}
		fam := ""
		if bytes.Contains(lower(), []byte("aspxspy")) {
			fam = "ASPXSpy"
		}
		first := r.feats[have[0]].pt
		d := verdict.Detection{
			Rule: "aspx.bigshell", Score: score, Family: fam, Sink: &first,
			Why:   fmt.Sprintf("Combines webshell capabilities driven by the request: %s.", strings.Join(have, ", ")),
			WhyZh: fmt.Sprintf("组合了由请求驱动的网页木马功能：%s。", strings.Join(have, "、")),
		}
		for _, f := range have[1:] {
			if len(d.Steps) < maxSteps {
				d.Steps = append(d.Steps, r.feats[f].pt)
			}
		}
		r.dets = append(r.dets, d)
	}
	return ev.final()
}

func (ev *analyzer) family(d *verdict.Detection, fam, rule string, score int, why, whyZh string) {
	d.Family = fam
	f := *d
	f.Rule, f.Score, f.Why, f.WhyZh, f.Family = rule, score, why, whyZh, fam
	ev.res.dets = append(ev.res.dets, f)
}

// final keeps, for each sink, the highest detection, and for each rule
// its best instance, highest first.
func (ev *analyzer) final() []verdict.Detection {
	ds := ev.res.dets
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Score > ds[j].Score })
	var out []verdict.Detection
	seenRule := map[string]bool{}
	type sk struct {
		line int
		what string
	}
	seenSink := map[sk]int{}
	for _, d := range ds {
		if seenRule[d.Rule] {
			continue
		}
		if d.Sink != nil && !strings.HasPrefix(d.Rule, "family.") && d.Rule != "aspx.bigshell" {
			k := sk{d.Sink.Line, d.Sink.What}
			if best, ok := seenSink[k]; ok && best > d.Score {
				continue
			}
			seenSink[k] = max(seenSink[k], d.Score)
		}
		seenRule[d.Rule] = true
		out = append(out, d)
	}
	return out
}
