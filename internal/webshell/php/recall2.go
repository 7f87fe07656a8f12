package php

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// Values of cval.self.
const (
	selfText    = 1 // the text of the file analysed, or a part of it
	selfDecoded = 2 // that text decoded (base64, inflate, ...)
)

// selfFile is the value of __FILE__ in a global run: a path no file has,
// which a read turns into the text of the file analysed.
const selfFile = "\x00__FILE__"

// selfHandle is the value of fopen(__FILE__) in a global run.
const selfHandle = "\x00__FILE__\x00handle"

// maxSelfRead bounds the text a global run reads from its own file.
const maxSelfRead = 1 << 20

// selfCall runs, in a global run, the built-ins a loader needs to find
// itself: constants it defines (define('K', __FILE__)), the functions it
// declares conditionally (if (!function_exists('f')) { function f() ... }),
// and reads of its own file, which evaluate to the text analysed. A loader
// that cuts its payload out of its own text (after __halt_compiler or ?>)
// and evaluates it then hands the payload to the analysis like any other
// code it builds. done is false for other calls.
func (it *interp) selfCall(name string, args []cval, n *node) (v cval, done bool) {
	arg := func(i int) cval {
		if i < len(args) {
			return args[i]
		}
		return cval{}
	}
	switch name {
	case "define":
		if k := arg(0); k.k == cStr && len(it.consts) < 256 {
			it.consts[k.s] = arg(1)
			return boolean(true), true
		}
	case "defined":
		// Only for the constants the file defines: the others may come
		// from the application that includes it.
		if k := arg(0); k.k == cStr && it.a.defines[k.s] != nil {
			_, ok := it.consts[k.s]
			return boolean(ok), true
		}
	case "function_exists":
		if k := arg(0); k.k == cStr {
			fs := it.a.byName[funcName(k.s)]
			if len(fs) == 0 {
				return cval{}, false // a built-in, or none: unknown
			}
			// Declarations at the top level exist from the start; the
			// others once the run has passed them.
			f := funcName(k.s)
			if !it.declared[f] && it.a.topLevelDecl(fs[0]) {
				it.declared[f] = true // remembered: the scan is once per name
			}
			return boolean(it.declared[f]), true
		}
	case "fopen":
		if arg(0).k == cStr && arg(0).s == selfFile {
			it.selfPos = 0
			it.readSelf(n, name)
			return str(selfHandle), true
		}
	case "fseek":
		if arg(0).k == cStr && arg(0).s == selfHandle {
			switch off := arg(1).Int(); arg(2).Int() {
			case 0: // SEEK_SET
				it.selfPos = off
			case 1: // SEEK_CUR
				it.selfPos += off
			default: // SEEK_END
				it.selfPos = int64(len(it.a.shared.self)) + off
			}
			return num(0), true
		}
	case "ftell":
		if arg(0).k == cStr && arg(0).s == selfHandle {
			return num(it.selfPos), true
		}
	case "fread", "fgets", "stream_get_contents":
		if arg(0).k == cStr && arg(0).s == selfHandle {
			t := it.a.shared.self
			if len(t) > maxSelfRead {
				it.stop()
			}
			start := min(max(it.selfPos, 0), int64(len(t)))
			if name == "stream_get_contents" && len(args) > 2 && arg(2).k != cNull && arg(2).Int() >= 0 {
				start = min(arg(2).Int(), int64(len(t)))
			}
			end := int64(len(t))
			switch {
			case name == "fread" || name == "stream_get_contents" && len(args) > 1 && arg(1).k != cNull && arg(1).Int() >= 0:
				end = min(end, start+max(arg(1).Int(), 0))
			case name == "fgets":
				if i := strings.IndexByte(t[start:], '\n'); i >= 0 {
					end = start + int64(i) + 1
				}
			}
			it.selfPos = end
			it.grow(int(end - start))
			return cval{k: cStr, s: t[start:end], self: selfText}, true
		}
	case "fclose":
		if arg(0).k == cStr && arg(0).s == selfHandle {
			return boolean(true), true
		}
	case "file_get_contents":
		if arg(0).k == cStr && arg(0).s == selfFile {
			t := it.a.shared.self
			if len(t) > maxSelfRead {
				it.stop()
			}
			it.grow(len(t))
			it.readSelf(n, name)
			return cval{k: cStr, s: t, self: selfText}, true
		}
	}
	return cval{}, false
}

// topLevelDecl reports whether f is declared outside any block, so that
// PHP declares it before the file runs.
func (a *analyzer) topLevelDecl(f *function) bool {
	depth := 0
	for i := 0; i < f.tok && i < len(a.ts); i++ {
		if t := a.ts[i]; t.Kind == Op {
			switch t.Text {
			case "{":
				depth++
			case "}":
				depth--
			}
		}
	}
	return depth == 0
}

// strPad is str_pad on strings (STR_PAD_RIGHT, STR_PAD_LEFT, STR_PAD_BOTH).
func (it *interp) strPad(args []cval) cval {
	if len(args) < 2 {
		it.stop()
	}
	s, n, pad, mode := args[0].String(), args[1].Int(), " ", int64(1)
	if len(args) > 2 {
		pad = args[2].String()
	}
	if len(args) > 3 {
		mode = args[3].Int()
	}
	if pad == "" || n > 1<<20 || mode < 0 || mode > 2 {
		it.stop()
	}
	total := int(n) - len(s)
	if total <= 0 {
		return str(s)
	}
	it.grow(int(n))
	fill := func(k int) string { return strings.Repeat(pad, k/len(pad)+1)[:k] }
	switch mode {
	case 0: // STR_PAD_LEFT
		return str(fill(total) + s)
	case 2: // STR_PAD_BOTH
		l := total / 2
		return str(fill(l) + s + fill(total-l))
	}
	return str(s + fill(total))
}

// anyUnk reports whether one of vs is unknown.
func anyUnk(vs []cval) bool {
	for _, v := range vs {
		if v.k == cUnk {
			return true
		}
	}
	return false
}

// selfFlow marks the result r of a call of name in a global run that
// takes a value computed from the file's own text: a part of it, or,
// after a decoder, a payload the file carries in itself.
func selfFlow(name string, args []cval, r cval) cval {
	if r.k != cStr && r.k != cUnk {
		return r
	}
	var self uint8
	for _, a := range args {
		self = max(self, a.self)
	}
	if self == selfText && decoders[name] {
		self = selfDecoded
	}
	r.self = max(r.self, self)
	return r
}

// selfLoader reports code that a global run decoded from a part of its
// own file and evaluates with via: a loader that carries its payload as
// data after its code (behind ?> or __halt_compiler), where no scan of
// the code sees it. The payload is analysed as well when it decodes;
// the loader is reported even when it does not (an offset that a copy
// of the file no longer matches).
func (it *interp) selfLoader(n *node, via string) {
	if it.selfFound || it.selfRead == nil {
		return
	}
	it.selfFound = true
	a := it.a
	a.emit("php.self-loader", 85, &origin{pt: it.selfRead, input: selfPath}, nil, a.point(n.tok, via),
		"Reads its own file (__FILE__), decodes a part of its text and runs it with "+via+": a loader whose payload is carried as data inside the file, hidden from a reading of its code.",
		"读取自身文件（__FILE__），解码其中一段文本并用 "+via+" 执行：载荷以数据形式藏在文件自身中、阅读代码看不到的加载器。")
}

// formArray reports whether super names a request array whose fields a
// form fills ($_POST, $_GET, $_REQUEST and their old long names).
func formArray(super string) bool {
	switch super {
	case "_POST", "_GET", "_REQUEST", "HTTP_POST_VARS", "HTTP_GET_VARS":
		return true
	}
	return false
}

// wholeFormOrigin returns the origin of v that is a whole request array
// (every field a visitor submits), or nil.
func wholeFormOrigin(v *value) *origin {
	for i := range v.taint {
		o := &v.taint[i]
		if o.pt != nil && formArray(o.input) && o.pt.What == "$"+o.input {
			return o
		}
	}
	return nil
}

// formSkimmer checks a write to a file (fwrite, fputs, file_put_contents)
// through a function name the code conceals: everything the visitors
// submit, whole ($_POST with whatever the code adds), stored in a file
// at a place the code fixes is a skimmer's log of the checkout and login
// forms (card numbers, passwords) waiting to be fetched. Applications
// store the fields they expect, through their own APIs, and have no
// reason to hide the name of fwrite; a writer shell's path comes from
// the request, which writeSink reports.
func (a *analyzer) formSkimmer(name string, path, data *value, n *node, h how) {
	if !h.hidden || h.named == nil || path.tainted() && path.chosenBy(formInput) {
		return
	}
	src := wholeFormOrigin(data)
	if src == nil {
		return
	}
	steps := append([]verdict.Point(nil), h.named.steps...)
	a.emit("php.form-skimmer", 75, src, steps, a.point(n.tok, name),
		fmt.Sprintf("Writes everything the visitors submit (%s, whole) to a file with %s, whose name the code hides (%s): a skimmer storing the checkout and login forms (card numbers, passwords) for the attacker to fetch.", src.pt.What, name, describeSteps(h.named)),
		fmt.Sprintf("通过代码隐藏的函数名（%s）调用 %s，把访客提交的全部数据（%s 整体）写入文件：窃取结账与登录表单（银行卡号、密码）并留待攻击者取走的窃密程序。", describeSteps(h.named), name, src.pt.What))
}

// docRootPage returns the page name x writes when x is the document
// root followed by constant text naming an HTML page at its top
// ($_SERVER['DOCUMENT_ROOT'] . '/index.html'), following variables the
// global code sets once; "" otherwise.
func (a *analyzer) docRootPage(x *node) string {
	var parts []*node
	var flat func(x *node, depth int) bool
	flat = func(x *node, depth int) bool {
		if x == nil || depth > 8 || len(parts) > 8 {
			return false
		}
		switch x.k {
		case nBin:
			if x.s != "." {
				return false
			}
			return flat(x.kids[0], depth+1) && flat(x.kids[1], depth+1)
		case nVar:
			as := a.funcs[0].assigns[x.s]
			if len(as) == 1 && as[0].op == "=" && as[0].from == nil {
				return flat(as[0].rhs, depth+1)
			}
			return false
		}
		parts = append(parts, x)
		return true
	}
	if !flat(x, 0) || len(parts) < 2 {
		return ""
	}
	if r := parts[0]; r.k != nIndex || r.kids[0].k != nVar || r.kids[0].s != "_SERVER" || r.kids[1] == nil || r.kids[1].k != nStr || r.kids[1].s != "DOCUMENT_ROOT" {
		return ""
	}
	var b strings.Builder
	for _, p := range parts[1:] {
		if p.k != nStr {
			return ""
		}
		b.WriteString(p.s)
	}
	page := strings.TrimLeft(b.String(), "/")
	if strings.ContainsAny(page, "/\\") {
		return ""
	}
	switch strings.ToLower(filepath.Ext(page)) {
	case ".html", ".htm", ".shtml", ".xhtml":
		return page
	}
	return ""
}

// defacer checks a write (fwrite, fputs, file_put_contents) in the file's
// global code: content downloaded from a URL and saved as an HTML page
// at the top of the site's document root replaces or adds a page of the
// site with whatever the URL serves, which is how defacers plant their
// banner (index.html, def.html) on every site they reach. Applications
// keep what they download in their own cache and data directories.
func (a *analyzer) defacer(name string, args []*node, data *value, n *node, e env) {
	if e.f != a.funcs[0] || len(args) < 2 || !data.chosenBy(func(in string) bool { return in == "remote" }) {
		return
	}
	target := args[0]
	if name != "file_put_contents" {
		// The path the handle was opened on for writing.
		var mode *node
		if target, mode = fopenPath(args[0], e, n.tok); mode == nil || mode.k != nStr || !strings.ContainsAny(mode.s, "wax") {
			target = nil
		}
	}
	page := a.docRootPage(target)
	if page == "" {
		return
	}
	src := data.source()
	a.emit("php.defacer", 70, src, data.steps, a.point(n.tok, name),
		fmt.Sprintf("Saves content downloaded from a URL (%s) as a page at the top of the site's document root (%s, with %s): a defacer planting its page on the site.", src.pt.What, verdict.Clip(page), name),
		fmt.Sprintf("把从 URL 下载的内容（%s）保存为网站根目录顶层的页面（%s，通过 %s）：在网站上植入其页面的篡改工具。", src.pt.What, verdict.Clip(page), name))
}

// fixedIndex returns the element target ($a[expr]) with its offset
// evaluated now, as a constant.
func (it *interp) fixedIndex(target *node, vars map[string]cval) *node {
	idx := it.eval(target.kids[1], vars)
	var k *node
	switch idx.k {
	case cStr, cInt, cBool, cNull:
		k = &node{k: nStr, s: arrKey(idx), tok: target.kids[1].tok}
	default:
		return target // an unknown offset: the element is unknown either way
	}
	return &node{k: nIndex, s: target.s, tok: target.tok, kids: []*node{target.kids[0], k}}
}

// php5VarVar reads $$a[k] as PHP 5 did, ${$a[k]}, where the parser reads
// it as PHP 7 does, ($$a)[k]: when $a holds an array, which PHP 7 would
// turn into the name "Array", the code was written for PHP 5 (shells
// written without letters build "_GET" in an array element this way).
func (it *interp) php5VarVar(b *node, idx cval, vars map[string]cval) (cval, bool) {
	arr := it.eval(b.kids[0], vars)
	if arr.k != cArr || idx.k == cUnk {
		return cval{}, false
	}
	name := arr.arr.m[arrKey(idx)]
	if name.k != cStr {
		return cval{}, false
	}
	if superglobals[name.s] || name.s == "_SERVER" {
		return unk(true), true
	}
	return load(vars, name.s), true
}

// inputCallee reports, in a global run, a call of a function named by
// an element of a request array ($_GET[0](...), with $_GET reached
// through names the code computes): the request chooses the function.
// A lookup in the code's own table keyed by input ($map[$_GET['a']]())
// is not one.
func (it *interp) inputCallee(n *node, inputArgs bool) {
	score := 85
	if inputArgs {
		score = 92
	}
	a := it.a
	a.emit("php.dynamic-call-input", score, &origin{pt: a.point(n.tok, "request input"), input: "_REQUEST"}, nil, a.point(n.tok, "variable function"),
		"The request chooses which function runs (an element of a request array the code reaches through names it computes at run time): any PHP function, such as system or assert, can be called with attacker arguments.",
		"由请求决定调用哪个函数（代码在运行时计算出名称、从而取到的请求数组元素）：攻击者可借此调用 system、assert 等任意函数并传入参数。")
}

// readSelf notes where a global run first opens or reads its own file.
func (it *interp) readSelf(n *node, name string) {
	if it.selfRead == nil {
		it.selfRead = it.a.point(n.tok, name+"(__FILE__): the file reads its own text")
	}
}

// haltOffset is __COMPILER_HALT_OFFSET__: the offset of the data after
// __halt_compiler(); in the file, or -1 without one.
func (a *analyzer) haltOffset() int64 {
	for i, t := range a.ts {
		if t.Kind != Keyword || t.Value != "__halt_compiler" {
			continue
		}
		// __halt_compiler ( ) followed by ; or ?>
		for j := i + 1; j < len(a.ts) && j <= i+3; j++ {
			if u := a.ts[j]; u.Kind == CloseTag || u.Kind == Op && u.Text == ";" {
				return int64(u.Offset) + int64(len(u.Text))
			}
		}
		return -1
	}
	return -1
}
