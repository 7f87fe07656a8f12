package php

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/yingji/yingji/internal/webshell/lang"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

// MaxNested bounds how many layers of decoded code are analysed in turn
// (eval of code that evals decoded code ...).
const MaxNested = 8

// Analyze looks for webshell behaviour in PHP source: request input that
// reaches code execution, command execution, file writes or uploads,
// directly or through variables, string building, decoding layers,
// callbacks, variable functions, user functions and object properties;
// and code hidden behind decoding layers that is executed. Nothing is run:
// constant expressions are folded and decoders applied by the analysis
// itself, within fixed bounds of time and memory.
//
// A file without any PHP open tag is analysed as code too: PHP would echo
// it, but attackers store payloads that way for a loader to evaluate
// (eval(file_get_contents(...))), and the language detection has already
// judged it to be PHP. The result says so in a note.
func Analyze(src []byte) []verdict.Detection { return AnalyzeFor(src, verdict.Explain) }

// AnalyzeFor is Analyze with a goal: with verdict.Decide the analysis ends
// at the first detection of the file's own code (or of code decoded from
// it, which is reported as the file's) scoring verdict.Report.
func AnalyzeFor(src []byte, goal verdict.Goal) []verdict.Detection {
	return analyzeIn(src, goal, nil)
}

// analyzeIn is AnalyzeFor with the syntax trees built in ar (nil: an
// arena from arenaPool). The arena is reset when it returns; only an
// arena taken from the pool goes back to it.
func analyzeIn(src []byte, goal verdict.Goal, ar *arena) []verdict.Detection {
	text, _ := lang.Text(src)
	str := string(text)
	tagless := !hasOpenTag(text, str)
	if tagless {
		str = "<?php " + str
		text = []byte(str)
	}
	sh := &shared{decoded: map[string]decoded{}, nested: map[string]nestedResult{}, badCmd: map[string][2]string{}, decide: goal == verdict.Decide, ar: ar}
	if sh.ar == nil {
		sh.ar, sh.arPooled = arenaPool.Get().(*arena), true
	}
	sh.vals = sh.ar.vals[:0]
	defer sh.release()
	a := newAnalyzerText(text, str, 0, sh)
	sh.self = str
	a.decisive = true
	ds := a.run()
	if tagless && verdict.Max(ds) > 0 {
		ds = append(ds, verdict.Detection{Rule: "php.limit",
			Why:   "The file has no PHP open tag: its code runs only when another script evaluates it (a stored payload).",
			WhyZh: "文件中没有 PHP 起始标记：其代码只有被其他脚本求值执行时才会运行（存储的攻击载荷）。"})
	}
	return ds
}

// hasOpenTag reports whether text has a PHP open tag the lexer would
// enter code at.
func hasOpenTag(text []byte, str string) bool {
	l := newLexer(text, str)
	for {
		t, ok := l.Next()
		if !ok {
			return false
		}
		if t.Kind != InlineHTML {
			return true
		}
	}
}

// wrap records that parameter param of a function reaches a sink.
type wrap struct {
	param int
	kind  sinkKind
	sink  *verdict.Point
}

type analyzer struct {
	src     []byte
	str     string // src as a string, which the tokens' texts are cut from
	ts      []Token
	funcs   []*function
	byName  map[string][]*function
	defines map[string]*node
	memo    map[memoKey]*value
	busy    map[memoKey]bool
	partial map[memoKey]*value // values so far of variables being folded
	steps   int
	depth   int
	bytes   int
	shared  *shared // with the nested analyses of this file
	nested  int
	// decisive: every detection of this analysis is one of the file's,
	// with its score (the file's own code, or code decoded from it whose
	// detections nestedSeeded passes on unchanged), so that in
	// verdict.Decide one scoring verdict.Report decides the file.
	decisive bool
	lines    []int // offsets of line starts, built on first use
	// callDepth counts user calls being followed.
	callDepth int
	extracted map[*function]*verdict.Point
	wraps     map[*function][]wrap
	changed   bool
	dets      map[string]*verdict.Detection
	features  map[string]*verdict.Point
	notes     [][2]string // analysis limits reached, in English and Chinese
	// outer is the analysis whose code decoded and ran this code; seeds
	// are values given to its variables (a lambda's parameters).
	outer *analyzer
	seeds map[string]*value
	// callStack holds the calls being followed into user functions, for
	// the explanation of what is found inside them.
	callStack  []verdict.Point
	boundWalks int
	// magicSink is a sink on a property inside a magic method (__destruct,
	// __wakeup, ...); unserialized is an unserialize() of request input.
	// Together they are an object-injection backdoor.
	magicSink, unserialized *verdict.Point
	unserializedFrom        *origin
	// execVars records, per function and variable, the command functions
	// it is passed to.
	execVars  map[string]map[string]*verdict.Point
	anyPath   map[string]bool // file features whose whole path the request names
	sinkyMemo map[*function]bool
	fields    map[string]bool // form field names in the file's markup
	// evaled are the analyses of constant code this code evaluates: the
	// variables that code sets are then set here too (eval('$x = ...')).
	evaled []*analyzer
	// written are the files request content is written to, included the
	// files included, by constant path: together, the request's code
	// runs (file_put_contents('x', $_GET['c']); include 'x';).
	written  map[string]*origin
	included map[string]*verdict.Point
	// bodies are the function bodies the interpreter has parsed.
	bodies map[*function]*parsedBody
	// assignToks are the sorted token positions of long assignment lists
	// (see assignsBefore).
	assignToks map[memoKey][]int
	// boundMemo keeps the values of variables read inside followed calls
	// that depend on no parameter (see variable): bindReads counts the
	// reads of bound parameters, contextual the results that depend on
	// the path of the analysis (a cycle cut, a depth or step bound).
	boundMemo             map[memoKey]*value
	bindReads, contextual int
	// sqlAny is a query whose whole text the request gives, dbAny a
	// connection to a server or account the request names: together, a
	// database client for any server (see sqlClient).
	sqlAny, dbAny *verdict.Point
	sqlAnyFrom    *origin
	// sqlAnyCall and dbAnyCall are the calls that gave a wrapper
	// function the statement or the server (nil when direct).
	sqlAnyCall, dbAnyCall *verdict.Point
	sqlAnyFlows           int // origins of sqlAny's statement
	// sqlTables is a query listing the tables, sqlRows one reading all
	// rows of a computed table: with dbAny, a dump of any database.
	sqlTables, sqlRows *verdict.Point
	// userFromInput is a site account (WordPress) created or changed with
	// request input, adminGrant the administrator role given to an
	// account: together, a backdoor that makes the caller an administrator.
	userFromInput, adminGrant *verdict.Point
	userFromInputSrc          *origin
	// authCookie is a login made by wp_set_auth_cookie, adminLookup a
	// search for an administrator account, authChecked a call of a
	// credential or permission check anywhere in the file.
	authCookie, adminLookup *verdict.Point
	authChecked             bool
	// infects are files (by the variable naming them) rewritten with
	// their own content plus more, and given back an old time by touch.
	infects map[string]*infect
	// recon is the evidence of reconnaissance tools (see recall.go).
	recon recon
}

type infect struct{ write, touch *verdict.Point }

// noteInfect records a rewrite (how "") or a touch of the file variable
// v.
func (a *analyzer) noteInfect(v, how string, n *node) {
	if a.infects == nil {
		a.infects = map[string]*infect{}
	}
	inf := a.infects[v]
	if inf == nil {
		if len(a.infects) >= maxTracked {
			return
		}
		inf = &infect{}
		a.infects[v] = inf
	}
	if how == "touch" {
		inf.touch = a.point(n.tok, "touch")
	} else {
		inf.write = a.point(n.tok, "file_put_contents")
	}
}

// rereads reports whether x is built from the contents of the file the
// variable path names, read with file_get_contents($path): the file
// rewritten with its old text kept.
func (a *analyzer) rereads(x *node, path string, e env) bool {
	found := false
	visit(x, func(n *node) {
		if found {
			return
		}
		switch n.k {
		case nCall:
			found = readsVar(n, path)
		case nVar:
			for _, as := range e.f.assigns[n.s] {
				if as.op == "=" && as.from == nil && as.rhs.k == nCall && readsVar(as.rhs, path) {
					found = true
				}
			}
		}
	})
	return found
}

// readsVar reports whether call n is file_get_contents($path).
func readsVar(n *node, path string) bool {
	return n.kids[0].k == nName && funcName(n.kids[0].s) == "file_get_contents" && len(n.kids) > 1 &&
		n.kids[1].k == nVar && n.kids[1].s == path
}

// fromCall reports whether x is a call of one of names, or a variable
// assigned one.
func (a *analyzer) fromCall(x *node, e env, names ...string) bool {
	is := func(n *node) bool {
		return n.k == nCall && n.kids[0].k == nName && slices.Contains(names, funcName(n.kids[0].s))
	}
	if is(x) {
		return true
	}
	if x.k == nVar {
		for _, as := range e.f.assigns[x.s] {
			if as.op == "=" && is(as.rhs) {
				return true
			}
		}
	}
	return false
}

// authChecks are the functions that check who the visitor is before a
// login is granted.
var authChecks = map[string]bool{"wp_authenticate": true, "wp_signon": true, "wp_check_password": true,
	"wp_verify_nonce": true, "check_admin_referer": true, "check_ajax_referer": true, "current_user_can": true,
	"is_user_logged_in": true, "password_verify": true, "hash_equals": true, "wp_validate_auth_cookie": true,
	"openssl_verify": true, "hash_hmac": true, "wp_authenticate_username_password": true}

// mentionsAdmin reports whether v is, or has an element that is, the
// administrator role's name.
func mentionsAdmin(v *value) bool {
	for _, s := range v.strs {
		if strings.EqualFold(s, "administrator") {
			return true
		}
	}
	for _, el := range v.elems {
		for _, s := range el.strs {
			if strings.EqualFold(s, "administrator") {
				return true
			}
		}
	}
	return false
}

func newAnalyzer(src []byte, nested int, sh *shared) *analyzer {
	return newAnalyzerText(src, string(src), nested, sh)
}

// newAnalyzerText is newAnalyzer for a caller that has the text of src
// as a string too (str == string(src)), which the tokens are cut from.
func newAnalyzerText(src []byte, str string, nested int, sh *shared) *analyzer {
	a := &analyzer{
		src: src, str: str, nested: nested, shared: sh,
		byName:    map[string][]*function{},
		defines:   map[string]*node{},
		memo:      map[memoKey]*value{},
		busy:      map[memoKey]bool{},
		partial:   map[memoKey]*value{},
		extracted: map[*function]*verdict.Point{},
		wraps:     map[*function][]wrap{},
		dets:      map[string]*verdict.Detection{},
		features:  map[string]*verdict.Point{},
		execVars:  map[string]map[string]*verdict.Point{},
		anyPath:   map[string]bool{},
		sinkyMemo: map[*function]bool{},
	}
	buf := sh.tokenBuf()
	a.ts = codeTokens(src, str, (*buf)[:0])
	*buf = a.ts
	a.funcs = parseIn(a.ts, sh.ar)
	for _, f := range a.funcs {
		if f.name != "" {
			a.byName[f.name] = append(a.byName[f.name], f)
		}
	}
	return a
}

// nameAttr and nameIDAttrs are the attributes formNames reads: names of
// form fields, and names or ids of form controls.
var (
	nameAttr    = []string{"name"}
	nameIDAttrs = []string{"name", "id"}
)

// formField reports whether the file's own markup (inline HTML or strings
// it prints) has a form field called name.
func (a *analyzer) formField(name string) bool {
	if a.fields == nil {
		a.fields = map[string]bool{}
		a.eachMarkup(func(s string) {
			if !strings.Contains(s, "name") && !strings.Contains(s, "NAME") {
				return
			}
			formNames(s, nameAttr, 256, func(name string) { a.fields[name] = true })
		})
	}
	return a.fields[name]
}

// eachMarkup calls fn with each piece of the file's own markup: its
// inline HTML, and the strings it holds that have a tag in them.
func (a *analyzer) eachMarkup(fn func(s string)) {
	for _, t := range a.ts {
		var s string
		switch t.Kind {
		case InlineHTML:
			s = t.Text
		case ConstString, EncapsedString:
			s = t.Value
		default:
			continue
		}
		if strings.IndexByte(s, '<') >= 0 {
			fn(s)
		}
	}
}

// codeTokens lexes src without whitespace and comments, which the
// analysis ignores.
func codeTokens(src []byte, str string, ts []Token) []Token {
	if n := len(src)/8 + 64; cap(ts)-len(ts) < n {
		// Obfuscated code makes a token every four bytes or so, plain
		// code fewer; the array grows as needed. A reused array too
		// small for the file is replaced rather than grown from its
		// size a doubling at a time.
		ts = append(make([]Token, 0, len(ts)+n), ts...)
	}
	ts = newLexer(src, str).appendCode(ts)
	if len(ts) == 0 {
		ts = append(ts, Token{Line: 1})
	}
	return ts
}

func (a *analyzer) run() []verdict.Detection {
	a.prepass()
	a.globalStores()
	a.globalWrites()
	for i := 0; i < 4; i++ {
		a.changed = false
		for _, f := range a.funcs {
			for _, r := range f.roots {
				a.walk(r, env{f: f})
			}
		}
		if !a.changed || a.shared.certain {
			break
		}
	}
	a.includeWritten()
	if a.nested == 0 && !a.shared.certain && maxScore(a.dets) < verdict.Report && a.topLevelLoop() {
		a.runGlobal()
	}
	if a.magicSink != nil && a.unserialized != nil {
		a.emit("php.unserialize-gadget", 85, a.unserializedFrom, []verdict.Point{*a.unserialized}, a.magicSink,
			"Unserializes request input, and a class of the same file runs one of its properties as code in a magic method: the request supplies an object whose property is the code to run.",
			"对请求输入执行 unserialize，且同一文件中的类在魔术方法中把属性当作代码执行：请求可构造对象，其属性即要执行的代码。")
	}
	if a.userFromInput != nil && a.adminGrant != nil {
		a.emit("php.admin-backdoor", 80, a.userFromInputSrc, []verdict.Point{*a.userFromInput}, a.adminGrant,
			"Creates a site account whose name or password the request gives and makes it an administrator: whoever calls the page takes over the site.",
			"用请求提供的用户名或密码创建站点账号并赋予管理员权限：调用该页面的人即可接管整个网站。")
	}
	for _, inf := range a.infects {
		if inf.write != nil && inf.touch != nil {
			a.emit("php.infector", 75, nil, []verdict.Point{*inf.write}, inf.touch,
				"Rewrites an existing file as its own text plus added content, then sets the file's modification time back (touch with its old time): code injected into the site's scripts, hidden from a search by date.",
				"将已有文件改写为其原内容加上新增内容，再把文件修改时间改回原值（touch 旧时间）：向网站脚本注入代码，并躲避按时间排查。")
			break
		}
	}
	if a.authCookie != nil && a.adminLookup != nil && !a.authChecked {
		a.emit("php.admin-backdoor", 80, nil, []verdict.Point{*a.adminLookup}, a.authCookie,
			"Looks up an administrator account and logs the visitor in as it (wp_set_auth_cookie) without checking any credential: whoever opens the page becomes an administrator.",
			"查找管理员账号并直接以其身份为访问者登录（wp_set_auth_cookie），不校验任何凭据：打开该页面的人即成为管理员。")
	}
	if !a.shared.certain {
		// These rules only add weaker evidence to a verdict already made.
		a.execFallback()
		a.embeddedShells()
		a.cgiDropper()
		a.fileManager()
		a.reconScan()
		a.nativeBinary()
		a.sqlClient()
		a.xsltCalls()
		a.statistics()
		a.abuseRules()
	}
	a.nameFamily()
	if a.steps > maxEvalSteps {
		a.note("the analysis reached its step budget; part of the file was not evaluated", "分析达到步数上限，文件的部分内容未被求值")
	}
	if a.shared.bytes+a.bytes >= maxBytes {
		a.note("the analysis reached its budget of decoded bytes", "分析达到解码字节数上限")
	}
	if a.nested == 0 {
		// Limits reached are told, not hidden: score 0, never a verdict.
		for _, n := range a.notes {
			a.dets["note:"+n[0]] = &verdict.Detection{Rule: "php.limit", Why: n[0], WhyZh: n[1]}
		}
	}
	out := make([]verdict.Detection, 0, len(a.dets))
	for _, d := range a.dets {
		out = append(out, *d)
	}
	// A total order: the detections come from a map, and a report must
	// read the same on every run.
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.Score != y.Score {
			return x.Score > y.Score
		}
		if line(x) != line(y) {
			return line(x) < line(y)
		}
		if x.Rule != y.Rule {
			return x.Rule < y.Rule
		}
		if x.Sink != nil && y.Sink != nil && x.Sink.What != y.Sink.What {
			return x.Sink.What < y.Sink.What
		}
		return preferred(x, y)
	})
	return out
}

// preferred orders detections of the same score by their explanation:
// the shorter first (fewer nesting prefixes), then by text. The analysis
// visits some things in map order, so which of two equal candidates for
// one place came first differs between runs; put keeps the preferred one
// instead, and the result does not depend on the order.
func preferred(x, y verdict.Detection) bool {
	if len(x.Why) != len(y.Why) {
		return len(x.Why) < len(y.Why)
	}
	if x.Why != y.Why {
		return x.Why < y.Why
	}
	xs, ys := "", ""
	if x.Source != nil {
		xs = x.Source.What
	}
	if y.Source != nil {
		ys = y.Source.What
	}
	if xs != ys {
		return xs < ys
	}
	return len(x.Steps) < len(y.Steps)
}

func line(d verdict.Detection) int {
	if d.Sink != nil {
		return d.Sink.Line
	}
	return 0
}

// maxScore is the highest score of dets.
func maxScore(dets map[string]*verdict.Detection) int {
	m := 0
	for _, d := range dets {
		m = max(m, d.Score)
	}
	return m
}

// topLevelLoop reports whether the file has a loop, or a call whose
// function is computed in its global code, which only a concrete run of
// it (runGlobal) can follow.
func (a *analyzer) topLevelLoop() bool {
	for _, t := range a.ts {
		if t.Kind == Keyword && (t.Value == "for" || t.Value == "while" || t.Value == "foreach") {
			return true
		}
	}
	dynamic := false
	for _, r := range a.funcs[0].roots {
		visit(r, func(n *node) {
			dynamic = dynamic || n.k == nCall && n.kids[0].k != nName
		})
	}
	return dynamic
}

// globalStores resolves stores to computed $GLOBALS names
// ($GLOBALS[$t[3].$t[7]] = ...), which obfuscators use to hide every
// function name and value in one table: a name that folds to a constant
// becomes an assignment of that global variable, where it stands.
func (a *analyzer) globalStores() {
	g := a.funcs[0]
	changed := map[string]bool{}
	for _, f := range a.funcs {
		for _, as := range f.assigns["GLOBALS"] {
			if as.op == "=" && as.rhs.k == nArray {
				// $GLOBALS = array('f' => ...): each element sets the
				// global variable of its name.
				for _, p := range as.rhs.kids {
					if len(p.kids) < 2 || p.kids[0] == nil || p.kids[1] == nil || p.kids[0].k != nStr ||
						!validName(p.kids[0].s) || superglobals[p.kids[0].s] {
						continue
					}
					st := assign{op: "=", rhs: p.kids[1], tok: as.tok, cond: as.cond}
					if f != g {
						st.from = f
					}
					g.assigns[p.kids[0].s] = append(g.assigns[p.kids[0].s], st)
					changed[p.kids[0].s] = true
				}
				continue
			}
			if as.op != "[]=" || as.key == nil || as.key.k == nStr {
				continue
			}
			k := a.eval(as.key, env{f: f})
			if len(k.strs) != 1 || !validName(k.strs[0]) || superglobals[k.strs[0]] {
				continue
			}
			st := assign{op: "=", rhs: as.rhs, tok: as.tok, cond: as.cond}
			if f != g {
				st.from = f
			}
			g.assigns[k.strs[0]] = append(g.assigns[k.strs[0]], st)
			changed[k.strs[0]] = true
		}
	}
	if len(changed) == 0 {
		return
	}
	for name := range changed {
		slices.SortStableFunc(g.assigns[name], func(x, y assign) int { return x.tok - y.tok })
	}
	// Values folded while resolving the names did not see these stores.
	clear(a.memo)
	clear(a.partial)
}

// maxGlobalCalls bounds the call sites per function whose stores to
// global variables are followed.
const maxGlobalCalls = 16

// maxSessionStores bounds the stores into $_SESSION made by functions
// that the global code's $_SESSION gathers.
const maxSessionStores = 64

// globalWrites makes the stores a function makes to its "global"
// variables assignments of those globals where the function is called:
// function keep($c) { global $code; $code = $c; } keep($_POST['x']);
// eval($code). An output-buffer callback (ob_start) is called with what
// the script prints after installing it, so its stores carry the printed
// values: a way to move request input into a variable without assigning
// it. Stores into $_SESSION, which every function shares, become stores
// of the global code's $_SESSION (a setting saved from one request and
// read back in the next).
func (a *analyzer) globalWrites() {
	g := a.funcs[0]
	changed := map[string]bool{}
	defer func() {
		for name := range changed {
			slices.SortStableFunc(g.assigns[name], func(x, y assign) int { return x.tok - y.tok })
		}
		if len(changed) > 0 {
			clear(a.memo)
			clear(a.partial)
		}
	}()
	writers := map[*function][]string{}
	for _, f := range a.funcs[1:] {
		for _, as := range f.assigns["_SESSION"] {
			if len(g.assigns["_SESSION"]) >= maxSessionStores {
				break
			}
			as.from, as.cond = f, true
			if as.op == "[]=" {
				// Stores of different requests and functions add up: a
				// later one in the file does not undo an earlier one.
				as.op = "[]+="
			}
			g.assigns["_SESSION"] = append(g.assigns["_SESSION"], as)
			changed["_SESSION"] = true
		}
		for name := range f.globals {
			if len(f.assigns[name]) > 0 {
				writers[f] = append(writers[f], name)
			}
		}
	}
	if len(writers) == 0 {
		return
	}
	calls := map[*function]int{}
	add := func(f, caller *function, args []*node, tok int) {
		if calls[f] >= maxGlobalCalls {
			return
		}
		calls[f]++
		for _, name := range writers[f] {
			st := assign{op: "=", rhs: &node{k: nRefOut, s: name, tok: tok, fn: a.funcIndex(f), kids: args}, tok: tok + 1, cond: true}
			if caller != g {
				st.from = caller
			}
			g.assigns[name] = append(g.assigns[name], st)
			changed[name] = true
		}
	}
	for _, c := range a.funcs {
		for _, r := range c.roots {
			visit(r, func(n *node) {
				if n.k != nCall || n.kids[0].k != nName {
					return
				}
				name := funcName(n.kids[0].s)
				if name == "ob_start" {
					if len(n.kids) < 2 {
						return
					}
					var cb *function
					switch x := n.kids[1]; x.k {
					case nStr:
						if fs := a.byName[funcName(x.s)]; len(fs) == 1 {
							cb = fs[0]
						}
					case nClosure:
						cb = a.funcs[x.fn]
					}
					if _, ok := writers[cb]; ok {
						if out, end := a.printedAfter(c, n.tok); out != nil {
							add(cb, c, []*node{out}, end)
						}
					}
					return
				}
				for _, f := range a.byName[name] {
					if _, ok := writers[f]; ok && f.class == "" {
						add(f, c, n.kids[1:], n.tok)
					}
				}
			})
		}
	}
}

// maxPrinted bounds the printed expressions gathered for an output
// callback.
const maxPrinted = 16

// printedAfter returns what f prints (echo, print) after token tok, as one
// concatenation, and the token after the last of them.
func (a *analyzer) printedAfter(f *function, tok int) (*node, int) {
	var out *node
	end, n := 0, 0
	next := 0 // roots are in source order
	for i := tok + 1; i < len(a.ts) && n < maxPrinted; i++ {
		t := a.ts[i]
		if t.Kind != Keyword || t.Value != "echo" && t.Value != "print" {
			continue
		}
		for next < len(f.roots) && f.roots[next].tok <= i {
			next++
		}
		if next == len(f.roots) {
			break
		}
		r := f.roots[next]
		if r.k == nOther && r.s == "print" && len(r.kids) == 1 {
			r = r.kids[0]
		}
		if out == nil {
			out = r
		} else {
			out = &node{k: nBin, s: ".", tok: r.tok, kids: []*node{out, r}}
		}
		end = max(end, f.roots[next].tok)
		n++
	}
	return out, end + 1
}

// validName reports whether s can name a PHP variable.
func validName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80) {
			return false
		}
	}
	return true
}

// prepass records define()d constants and extract()-style imports of
// request input, which change what variables hold.
func (a *analyzer) prepass() {
	refs := map[*function][]string{}
	defer func() {
		for f, names := range refs {
			for _, v := range names {
				slices.SortStableFunc(f.assigns[v], func(x, y assign) int { return x.tok - y.tok })
			}
		}
	}()
	for _, f := range a.funcs {
		for _, r := range f.roots {
			visit(r, func(n *node) {
				if n.k != nCall || n.kids[0].k != nName || len(n.kids) < 2 {
					return
				}
				name := funcName(n.kids[0].s)
				// Functions that store what they parse into an argument.
				if io, ok := outParams[name]; ok && len(n.kids) > io[1]+1 && n.kids[io[1]+1].k == nVar {
					v := n.kids[io[1]+1].s
					f.assigns[v] = append(f.assigns[v], assign{op: "=", rhs: n.kids[io[0]+1], tok: n.tok})
				}
				// A user function's by-reference parameter: the call
				// stores what the function leaves in it into the argument.
				if fs := a.byName[name]; len(fs) == 1 && fs[0].class == "" && fs[0] != f {
					for i, r := range fs[0].refs {
						if r && i+1 < len(n.kids) && n.kids[i+1].k == nVar && i < len(fs[0].params) {
							v := n.kids[i+1].s
							out := &node{k: nRefOut, s: fs[0].params[i], tok: n.tok, fn: a.funcIndex(fs[0]), kids: n.kids[1:]}
							f.assigns[v] = append(f.assigns[v], assign{op: "=", rhs: out, tok: n.kids[i+1].tok + 1})
							refs[f] = append(refs[f], v)
						}
					}
				}
				switch name {
				case "define":
					if len(n.kids) >= 3 && n.kids[1].k == nStr {
						a.defines[n.kids[1].s] = n.kids[2]
					}
				case "extract", "import_request_variables", "mb_parse_str", "parse_str":
					if len(n.kids) == 2 || funcName(n.kids[0].s) == "extract" {
						if v := a.eval(n.kids[1], env{f: f}); v.tainted() || v.super != "" && v.super != "GLOBALS" {
							a.extracted[f] = a.point(n.tok, funcName(n.kids[0].s)+"()")
						}
					}
				}
			})
		}
	}
	a.memo = map[memoKey]*value{}
}

// envParams maps the functions that start a program to the argument
// holding its environment.
var envParams = map[string]int{"proc_open": 4, "pcntl_exec": 2}

// outParams maps functions that store what they parse from one argument
// into another to the two argument indexes.
var outParams = map[string][2]int{"parse_str": {0, 1}, "mb_parse_str": {0, 1}, "preg_match": {1, 2},
	"preg_match_all": {1, 2}, "sscanf": {0, 2}}

// visit calls fn on n and every node below it (not into closures' bodies,
// which are functions of their own).
func visit(n *node, fn func(*node)) {
	if n == nil {
		return
	}
	fn(n)
	for _, k := range n.kids {
		visit(k, fn)
	}
}

// visitWhile is visit that stops at the first node fn returns false
// for; it reports whether it went through all of n.
func visitWhile(n *node, fn func(*node) bool) bool {
	if n == nil {
		return true
	}
	if !fn(n) {
		return false
	}
	for _, k := range n.kids {
		if !visitWhile(k, fn) {
			return false
		}
	}
	return true
}

// walk checks every sink in n. It stops once the verdict is made or the
// step budget spent: both last, so the nodes left would be skipped one
// by one.
func (a *analyzer) walk(n *node, e env) {
	visitWhile(n, func(n *node) bool {
		if a.steps > maxEvalSteps || a.shared.certain {
			return false
		}
		if a.decidedLate() {
			return false
		}
		switch n.k {
		case nEval:
			a.codeSink("eval", a.eval(n.kids[0], e), n, e, how{arg: n.kids[0]})
		case nInclude:
			a.includeSink(n, e)
		case nShell:
			a.cmdSink("`backtick`", a.eval(n.kids[0], e), n, e, how{})
		case nCall:
			a.callSinks(n, e)
		case nMethod, nStatic:
			if name := n.kids[1]; name.k == nName {
				m := strings.ToLower(name.s)
				if i, ok := methodCallbacks[m]; ok && i < len(n.kids)-2 {
					// The object's data goes to the callback.
					a.callbackSink(m, i+1, append([]*node{n.kids[0]}, n.kids[2:]...), n, e)
				}
				if (m == "set_role" || m == "add_role") && len(n.kids) > 2 {
					a.adminRole(a.eval(n.kids[2], e), n)
				}
				a.dbMethod(m, n.kids[2:], n, e)
				a.userCall(m, n.kids[2:], n, e, true)
			}
		case nNew:
			a.newSink(n, e)
		}
		return true
	})
}

// decidedLate reports whether, in verdict.Decide, the database client
// rule (sqlClient), which run applies once the walk is over, would
// already report the file, and then applies it: its evidence, once
// gathered, is never withdrawn, so the verdict is the one the whole walk
// would give, and a large database client (Adminer) is decided without
// following the rest of its code.
func (a *analyzer) decidedLate() bool {
	if !a.shared.decide || a.nested != 0 || a.sqlAny == nil || a.dbAny == nil {
		return false
	}
	a.sqlClient()
	return a.shared.certain
}

// how describes the way a sink was reached, for the explanation.
type how struct {
	via    string // "array_map callback", "variable function", ...
	hidden bool   // the function name was computed (concatenation, decoding)
	named  *value // the value that named the function, when it was not written directly
	arg    *node  // the expression that gives the code, when there is one
}

type sinkKind uint8

const (
	kCode sinkKind = iota + 1
	kCmd
	kInclude
	kWrite
	// kDBServer is the server, user or password of a database
	// connection, kSQL the whole text of a statement run: together, a
	// database client (see sqlClient).
	kDBServer
	kSQL
)

var cmdSinks = map[string]bool{"system": true, "exec": true, "shell_exec": true, "passthru": true,
	"popen": true, "proc_open": true, "pcntl_exec": true, "expect_popen": true}

// codeFuncs take PHP code: the index of the code argument.
var codeFuncs = map[string]int{"assert": 0, "create_function": 1}

// callbacks maps functions that call a callable to the callable's argument
// index (-1: the last argument).
var callbacks = map[string]int{
	"call_user_func": 0, "call_user_func_array": 0, "array_map": 0, "array_filter": 1,
	"array_walk": 1, "array_walk_recursive": 1, "usort": 1, "uasort": 1, "uksort": 1,
	"register_shutdown_function": 0, "register_tick_function": 0, "forward_static_call": 0,
	"forward_static_call_array": 0, "preg_replace_callback": 1, "mb_ereg_replace_callback": 1,
	"iterator_apply": 1, "array_reduce": 1, "ob_start": 0, "set_error_handler": 0,
	"set_exception_handler": 0, "spl_autoload_register": 0, "header_register_callback": 0,
	"array_udiff": -1, "array_uintersect": -1, "array_diff_ukey": -1, "array_intersect_ukey": -1,
	"array_diff_uassoc": -1, "array_intersect_uassoc": -1, "session_set_save_handler": 0,
	"array_udiff_assoc": -1, "array_uintersect_assoc": -1, "array_udiff_uassoc": -1, "array_uintersect_uassoc": -1,
}

// methodCallbacks maps methods of PHP's classes that call a callable to
// its argument index: ArrayObject/ArrayIterator sorting, PDO and SQLite
// user functions, PDO::FETCH_FUNC.
var methodCallbacks = map[string]int{"uasort": 0, "uksort": 0, "createfunction": 1,
	"sqlitecreatefunction": 1, "sqlitecreateaggregate": 1, "fetchall": 1, "setfetchmode": 1,
	"createaggregate": 1, "registerphpfunctions": 0}

func dangerous(name string) sinkKind {
	if cmdSinks[name] {
		return kCmd
	}
	if _, ok := codeFuncs[name]; ok {
		return kCode
	}
	switch name {
	case "eval", "preg_replace", "include", "require":
		return kCode
	case "file_put_contents", "fwrite", "fputs", "move_uploaded_file":
		return kWrite
	}
	return 0
}

// callSinks checks a function call: dynamic names, sinks, callbacks, user
// functions that wrap sinks.
func (a *analyzer) callSinks(n *node, e env) {
	callee := n.kids[0]
	args := n.kids[1:]
	if callee.k == nName {
		a.named(funcName(callee.s), n, args, e, how{})
		return
	}
	v := a.eval(callee, e)
	if v.tainted() && !v.prefixed {
		a.dynamicInput(v, n, args, e, "variable function")
	}
	if !v.known() && v.fromSelfPath() {
		a.selfNamed(v, args, n, e, "variable function")
	}
	if v.closure != 0 {
		a.wrapped(a.funcs[v.closure], args, n, e, "closure")
	}
	if v.lambda != nil {
		a.lambdaCall(v.lambda, a.argVals(args, e), n, "create_function")
	}
	for _, s := range v.strs {
		a.named(funcName(s), n, args, e, how{via: "variable function", hidden: v.hidden || len(v.steps) > 0, named: v})
	}
}

// dynamicInput reports a function whose name the request chooses.
func (a *analyzer) dynamicInput(name *value, n *node, args []*node, e env, via string) {
	src := name.source()
	score := 85
	for _, x := range a.argVals(args, e) {
		if x.tainted() {
			score = 92
		}
	}
	a.emit("php.dynamic-call-input", score, src, name.steps, a.point(n.tok, via),
		"The request chooses which function runs ("+via+"): any PHP function, such as system or assert, can be called with attacker arguments.",
		"由请求决定调用哪个函数（"+via+"），攻击者可借此调用 system、assert 等任意函数并传入参数。")
}

// selfNamed reports request input passed to a function whose name is
// computed from the script's own path (substr(__FILE__, -10, -4)): the
// file's name chooses the function (a shell saved as system.php), which
// no application does.
func (a *analyzer) selfNamed(name *value, args []*node, n *node, e env, via string) {
	for _, x := range a.argVals(args, e) {
		if !x.tainted() {
			continue
		}
		src := x.source()
		a.emit("php.dynamic-call-self", 85, src, append(name.steps, x.steps...), a.point(n.tok, via),
			fmt.Sprintf("Passes request input (%s) to a function whose name is cut from the script's own file name (__FILE__, %s): naming the file after system or assert makes it a shell.", src.pt.What, via),
			fmt.Sprintf("将请求输入（%s）传给一个函数，其函数名取自脚本自身的文件名（__FILE__，%s）：把文件命名为 system 或 assert 即成为 webshell。", src.pt.What, via))
		return
	}
}

// named checks a call of the function name.
func (a *analyzer) named(name string, n *node, args []*node, e env, h how) {
	vals := func(i int) *value {
		if i < len(args) {
			return a.eval(args[i], e)
		}
		return unknown
	}
	if d := dangerous(name); h.named != nil && (d == kCode || d == kCmd) {
		score := 70
		why, whyZh := "Calls "+name+" through a function name kept in a variable.", "通过变量中的函数名调用 "+name+"。"
		if h.hidden {
			score = 80
			why, whyZh = "Calls "+name+" through a function name assembled at run time ("+describeSteps(h.named)+"), which hides it from keyword scanners.",
				"通过运行时拼接/解码得到的函数名（"+describeSteps(h.named)+"）调用 "+name+"，以躲避关键字扫描。"
		}
		a.emit("php.hidden-call", score, nil, h.named.steps, a.point(n.tok, name), why, whyZh)
	}
	if envArg, ok := envParams[name]; ok && envArg < len(args) {
		// A program started with LD_PRELOAD in its environment loads
		// the library named there: the same bypass as putenv().
		if env := a.eval(args[envArg], e); env.elems != nil {
			for k := range env.elems {
				if strings.EqualFold(strings.TrimSpace(k), "LD_PRELOAD") {
					a.emit("php.bypass", 80, nil, nil, a.point(n.tok, name+" LD_PRELOAD"),
						"Starts a program with LD_PRELOAD in its environment ("+name+"), so that it loads an attacker library: a known way around disable_functions.",
						"以包含 LD_PRELOAD 的环境变量启动程序（"+name+"），使其加载攻击者的库，这是绕过 disable_functions 的常见手法。")
					break
				}
			}
		}
	}
	if cmdSinks[name] {
		if len(args) > 0 && args[0].k == nVar {
			k := e.f.name + "\x00" + args[0].s
			if a.execVars[k] == nil {
				a.execVars[k] = map[string]*verdict.Point{}
			}
			a.execVars[k][name] = a.point(n.tok, name)
		}
		v := vals(0)
		a.cmdSink(name, v, n, e, h)
		a.probeCommand(name, v, args, n)
		a.connectionHandoff(name, args, n)
		a.timeCommands(name, args, n, e)
		a.feature("exec", n)
		return
	}
	if i, ok := codeFuncs[name]; ok {
		v := vals(i)
		if name == "assert" && !isStringy(args, i) {
			return // assert($a > 0): a boolean, not code
		}
		if i < len(args) {
			h.arg = args[i]
		}
		a.codeSink(name, v, n, e, h)
		return
	}
	if name == "session_set_save_handler" {
		a.sessionHandlers(args, n, e)
	}
	if i, ok := callbacks[name]; ok {
		if i < 0 {
			i = len(args) - 1
		}
		a.callbackSink(name, i, args, n, e)
		return
	}
	if wrapperReaders[name] {
		a.wrapperRead(name, args, n, e)
	}
	switch name {
	case "preg_replace", "preg_filter":
		if pat := vals(0); pat.tainted() && !pat.prefixed {
			// The input writes the whole pattern, modifiers included:
			// with /e the replacement runs as code.
			if code := a.merge(vals(1), vals(2)); code.tainted() {
				src := pat.source()
				a.emit("php.exec-input", 85, src, pat.steps, a.point(n.tok, name),
					fmt.Sprintf("Input (%s) supplies the whole pattern of %s, so it can add the /e modifier, and the replacement or subject comes from input too: they run as PHP code.", src.pt.What, name),
					fmt.Sprintf("输入（%s）提供 %s 的完整正则，可加上 /e 修饰符，替换内容或目标字符串也来自输入：作为 PHP 代码执行。", src.pt.What, name))
			}
		}
		if pat := vals(0); pat.known() {
			for _, s := range pat.strs {
				if pregEval(s) {
					code := a.merge(vals(1), vals(2))
					a.codeSink(name+" /e", code, n, e, h)
					break
				}
			}
		}
		return
	case "yaml_parse", "yaml_parse_file", "yaml_parse_url":
		a.yamlCallbacks(name, args, n, e)
		return
	case "mb_ereg_replace", "mb_eregi_replace":
		if opt := vals(3); opt.known() && strings.Contains(opt.strs[0], "e") {
			a.codeSink(name+" 'e'", a.merge(vals(1), vals(2)), n, e, h)
		}
		return
	case "filter_var", "filter_input", "filter_var_array":
		// filter_var($x, FILTER_CALLBACK, ['options' => 'assert']) calls
		// the options' callable with the value.
		if len(args) > 2 && args[1].k == nName && strings.EqualFold(args[1].s, "FILTER_CALLBACK") && args[2].k == nArray {
			for _, pair := range args[2].kids {
				if pair != nil && len(pair.kids) == 2 && pair.kids[0] != nil && pair.kids[1] != nil &&
					pair.kids[0].k == nStr && strings.EqualFold(pair.kids[0].s, "options") {
					a.callbackSink(name+" FILTER_CALLBACK", 0, []*node{pair.kids[1], args[0]}, n, e)
				}
			}
		}
		return
	case "unserialize":
		if v := vals(0); v.tainted() && a.unserialized == nil {
			a.unserialized = a.point(n.tok, "unserialize")
			a.unserializedFrom = v.source()
		}
		return
	case "putenv":
		if v := vals(0); v.known() && strings.Contains(strings.ToUpper(v.strs[0]), "LD_PRELOAD") || v.tainted() {
			a.emit("php.bypass", 80, v.source(), v.steps, a.point(n.tok, "putenv LD_PRELOAD"),
				"Sets LD_PRELOAD so that a program started by mail()/error_log() loads an attacker library: a known way around disable_functions.",
				"设置 LD_PRELOAD，使 mail()/error_log() 启动的程序加载攻击者的库，这是绕过 disable_functions 的常见手法。")
		}
		return
	case "move_uploaded_file", "copy":
		a.uploadSink(name, vals(0), vals(1), n)
		return
	case "file_put_contents":
		a.formLogger(name, args, n, e)
		a.phishFile(name, args, n, e)
		a.formSkimmer(name, vals(0), vals(1), n, h)
		a.defacer(name, args, vals(1), n, e)
		a.defaceWrite(name, args, vals(1), n, e)
		a.writeSink(name, vals(0), vals(1), n)
		if len(args) > 1 && args[0].k == nVar && a.rereads(args[1], args[0].s, e) {
			a.noteInfect(args[0].s, "", n)
		}
		return
	case "symlink", "link":
		// A link to the file system's root: every site's files and the
		// host's configuration become readable through the web server.
		if t := vals(0); t.known() && path.Clean(strings.TrimSpace(t.strs[0])) == "/" {
			a.emit("php.symlink-root", 75, nil, t.steps, a.point(n.tok, name),
				"Links the file system's root into a directory ("+name+"('/', ...)), to read every site and configuration file of the host through the web server.",
				"把文件系统根目录链接到某个目录（"+name+"('/', ...)），以便经由 Web 服务器读取主机上所有网站和配置文件。")
		}
		return
	case "touch":
		if len(args) > 1 && args[0].k == nVar && a.fromCall(args[1], e, "filemtime", "fileatime", "filectime") {
			a.noteInfect(args[0].s, "touch", n)
		}
		return
	case "fwrite", "fputs":
		a.formSkimmer(name, vals(0), vals(1), n, h)
		a.phishFile(name, args, n, e)
		a.defacer(name, args, vals(1), n, e)
		a.defaceWrite(name, args, vals(1), n, e)
		a.writeSink(name, vals(0), vals(1), n)
		return
	case "mail":
		a.mailSink(vals(0), vals(1), vals(2), vals(3), n)
		a.locationBeacon(args, n, e)
		a.abusiveMail(args, n, e)
		return
	case "header":
		a.noteRedirect(args, n, e)
	case "update_option", "delete_option":
		a.optionWrite(name, args, n, e)
	case "curl_exec":
		a.recon.fetched = true
	case "is_writable", "is_writeable":
		a.writableTest(name, args, n, e)
		return
	case "curl_setopt", "curl_init":
		a.curlFileURL(name, args, n, e)
		a.noteCurlURL(name, args, n, e)
		a.telegramExfil(name, args, n, e)
	case "file", "fopen", "file_get_contents", "readfile":
		a.passwdRead(name, args, n)
		a.probeRead(name, args, n, e)
		a.sessionFiles(name, args, n, e)
		a.telegramExfil(name, args, n, e)
		a.recon.fetched = true
	case "highlight_file", "show_source":
		a.probeRead(name, args, n, e)
	case "ini_get":
		a.noteDisabledCheck(args, n, e)
	case "opendir", "scandir", "glob":
		a.sessionFiles(name, args, n, e)
	case "socket_connect", "fsockopen", "pfsockopen", "stream_socket_client":
		a.connectTarget(name, args, n, e)
		a.recon.fetched = true
	case "socket_bind", "stream_socket_server":
		a.listenInput(name, args, n, e)
	case "pcntl_fork":
		a.forkBomb(n)
	case "chmod":
		a.chmodAny(args, n, e)
	case "wp_create_user", "wp_insert_user":
		a.siteUser(name, vals(0), vals(1), n)
	case "wp_set_auth_cookie":
		if a.authCookie == nil {
			a.authCookie = a.point(n.tok, name)
		}
	case "user_can", "get_users":
		for i := range args {
			if v := vals(i); mentionsAdmin(v) && a.adminLookup == nil {
				a.adminLookup = a.point(n.tok, name+" administrator")
			}
		}
	}
	if authChecks[name] {
		a.authChecked = true
	}
	if i, ok := sqlFuncs[name]; ok {
		a.sqlSink(name, i, args, n, e)
	}
	if name == "mysql_list_tables" && a.sqlTables == nil {
		a.sqlTables = a.point(n.tok, name)
	}
	if dbConnects[name] {
		a.dbConnect(name, args, n, e)
	}
	a.fileFeature(name, args, n, e)
	a.userCall(name, args, n, e, false)
}

// sessionHandlers checks the callbacks of session_set_save_handler: read,
// write and destroy (arguments 2 to 4) receive the session id, which the
// client chooses (the session cookie, or session_id() given request
// input). A code or command function there runs the cookie.
func (a *analyzer) sessionHandlers(args []*node, n *node, e env) {
	for i := 2; i <= 4 && i < len(args); i++ {
		cb := a.eval(args[i], e)
		for _, s := range cb.strs {
			fn := funcName(s)
			d := dangerous(fn)
			if d != kCode && d != kCmd {
				continue
			}
			id := a.input("_COOKIE", "the session id (session cookie or session_id())", n.tok, false)
			id.steps = cb.steps
			h := how{via: "session_set_save_handler callback", hidden: cb.hidden || len(cb.steps) > 0}
			if d == kCode {
				a.codeSink(fn, id, n, e, h)
			} else {
				a.cmdSink(fn, id, n, e, h)
			}
		}
	}
}

// siteUser notes a WordPress account created with a login or password
// from request input, and an administrator role given in the same call.
func (a *analyzer) siteUser(name string, first, second *value, n *node) {
	if name == "wp_create_user" {
		first = a.merge(first, second) // login, password
	} else if first.elems != nil {
		if r := first.elems["role"]; r != nil {
			a.adminRole(r, n)
		}
		in := &value{}
		for _, k := range []string{"user_login", "user_pass"} {
			if el := first.elems[k]; el != nil {
				in = a.merge(in, el)
			}
		}
		first = in
	}
	if first.tainted() && a.userFromInput == nil {
		a.userFromInput = a.point(n.tok, name)
		a.userFromInputSrc = first.source()
	}
}

// adminRole notes the administrator role given to an account.
func (a *analyzer) adminRole(role *value, n *node) {
	for _, s := range role.strs {
		if strings.EqualFold(strings.TrimSpace(s), "administrator") && a.adminGrant == nil {
			a.adminGrant = a.point(n.tok, "administrator role")
		}
	}
}

// isStringy reports whether argument i is not obviously a boolean
// expression (a comparison or a call of a predicate).
func isStringy(args []*node, i int) bool {
	if i >= len(args) {
		return false
	}
	switch x := args[i]; x.k {
	case nBin:
		switch x.s {
		case ".", "??":
			return true
		}
		return false
	case nUnary, nOther:
		return false
	}
	return true
}

// pregEval reports whether a preg pattern has the /e modifier.
func pregEval(p string) bool {
	_, mods, ok := splitPattern(p, false)
	return ok && strings.ContainsRune(mods, 'e')
}

func describeSteps(v *value) string {
	if v == nil || len(v.steps) == 0 {
		return "concatenation"
	}
	names := make([]string, 0, len(v.steps))
	for _, s := range v.steps {
		names = append(names, s.What)
	}
	return strings.Join(names, " → ")
}

// codeSink checks a value that PHP runs as code.
func (a *analyzer) codeSink(sink string, v *value, n *node, e env, h how) {
	if a.recordWrap(v, kCode, n, e, sink) {
		return
	}
	pt := a.point(n.tok, sink)
	via := viaText(h)
	switch {
	case v.tainted():
		src := v.source()
		score := 90
		if src.hidden {
			score = 95
		}
		a.emit("php.exec-input", score, src, v.steps, pt,
			fmt.Sprintf("Attacker-controlled input (%s) is executed as PHP code by %s%s.", src.pt.What, sink, via),
			fmt.Sprintf("攻击者可控的输入（%s）被 %s%s 作为 PHP 代码执行。", src.pt.What, sink, via))
	case v.known():
		a.noteMagic(v, e, pt)
		decoded := len(v.steps) > 0
		if decoded {
			a.emit("php.eval-decoded", 80, nil, v.steps, pt,
				fmt.Sprintf("Executes code hidden behind %d decoding step(s) (%s) with %s%s.", len(v.steps), describeSteps(v), sink, via),
				fmt.Sprintf("经过 %d 层解码（%s）后用 %s%s 执行隐藏的代码。", len(v.steps), describeSteps(v), sink, via))
		}
		for i, s := range v.strs {
			if i >= 2 {
				break
			}
			a.nestedCode(s, v.steps, pt)
		}
	default:
		a.noteMagic(v, e, pt)
		if d := a.decoderOf(h.arg, e); d != "" {
			a.emit("php.eval-decoder", 75, nil, v.steps, pt,
				"Executes data that it first decodes ("+d+"): a packed payload kept outside the code.",
				"先解码（"+d+"）再执行数据：载荷被打包并存放在代码之外。")
			return
		}
		a.emit("php.eval-unknown", 50, nil, v.steps, pt,
			"Executes a computed value as PHP code with "+sink+via+"; where the code comes from could not be determined.",
			"使用 "+sink+via+" 执行运行时计算出的值，无法确定代码来源。")
	}
}

func viaText(h how) string {
	if h.via == "" {
		return ""
	}
	return " (" + h.via + ")"
}

// nestedCode analyses decoded code and reports what it does, with the
// decoding steps in front.
func (a *analyzer) nestedCode(code string, steps []verdict.Point, at *verdict.Point) {
	a.nestedSeeded(code, steps, at, nil)
}

func (a *analyzer) nestedSeeded(code string, steps []verdict.Point, at *verdict.Point, seeds map[string]*value) {
	if a.nested >= MaxNested || a.shared.bytes+len(code) > maxBytes {
		if a.nested >= MaxNested {
			a.note("decoded code nested deeper than the analysis limit", "解码后的代码嵌套层数超过分析上限")
		}
		return
	}
	r, ok := a.shared.nested[code]
	if !ok || seeds != nil {
		a.shared.bytes += len(code)
		src := code
		if !strings.Contains(src, "<?") {
			src = "<?php " + src
		}
		sub := newAnalyzerText([]byte(src), src, a.nested+1, a.shared)
		sub.outer, sub.seeds = a, seeds
		sub.decisive = a.decisive
		r = nestedResult{sub.run(), sub.features, sub.notes, sub}
		if seeds == nil {
			// The same decoded code is met again when a call is followed
			// or a sink repeats: analyse it once.
			a.shared.nested[code] = r
		}
	}
	if seeds == nil && len(a.evaled) < 16 {
		a.evaled = append(a.evaled, r.sub)
	}
	for _, d := range r.dets {
		d := d
		d.Steps = append(append(append([]verdict.Point(nil), steps...), *at), d.Steps...)
		for _, p := range []*verdict.Point{d.Source, d.Sink} {
			if p != nil {
				p.What = "decoded code line " + itoa(p.Line) + ": " + p.What
				p.Line = at.Line
			}
		}
		d.Why = "In code decoded at line " + itoa(at.Line) + ": " + d.Why
		d.WhyZh = "第 " + itoa(at.Line) + " 行解码出的代码中：" + d.WhyZh
		a.put(d)
	}
	for k, p := range r.features {
		if a.features[k] == nil {
			a.features[k] = p
		}
	}
	for _, n := range r.notes {
		a.note(n[0], n[1])
	}
}

// certainScore is the score of a detection that ends the analysis of a
// file: request input that reaches code or command execution. Weaker
// high-confidence rules (code decoded and run, an embedded shell) let the
// analysis go on, since what it finds next usually explains more.
const certainScore = 90

// shared is what the analyses of one file and of the code decoded from it
// have in common: the byte budget, and results computed once.
type shared struct {
	// certain is set by the first detection scoring certainScore: the
	// verdict is then made, and the rest of the file is not analysed (on a
	// hosting server most of the cost is in large malicious files, and one
	// explained critical finding per file is what a responder acts on).
	certain bool
	// decide is set for verdict.Decide: certain is then also set by the
	// first detection of the top-level analysis scoring verdict.Report.
	decide bool
	bytes  int // bytes of nested code analysed
	// runs caches the concrete runs of pure user functions by name and
	// arguments (nil: the run failed); interpSteps counts the steps of
	// all the concrete runs, bounded per file.
	runs        map[string]*string
	interpSteps int
	decoded     map[string]decoded
	nested      map[string]nestedResult
	badCmd      map[string][2]string
	// xxtea remembers which user functions implement XXTEA.
	xxtea map[*function]bool
	// lambdaRuns counts the create_function results evaluated.
	lambdaRuns int
	// pooled are the token arrays taken from tokenPool for this file, ar
	// the arena of its syntax trees and values.
	pooled   []*[]Token
	ar       *arena
	arPooled bool // ar came from arenaPool
	// vals is where the values of the file's analyses are taken from:
	// ar's buffer, then chunks of their own.
	vals []constValue
	// self is the text of the file analysed (not of code decoded from
	// it): what a read of __FILE__ returns to a global run.
	self string
}

// tokenPool keeps token arrays between files: the token array is the
// largest allocation of an analysis (48 bytes a token, a token every few
// bytes), and a scan analyses thousands of files in a row.
var tokenPool = sync.Pool{New: func() any { return new([]Token) }}

// maxPooledTokens bounds the arrays kept in tokenPool, so that one huge
// file does not pin its token array for the rest of the scan.
const maxPooledTokens = 1 << 18

// tokenBuf returns a token array from the pool, given back by release
// when the file's analysis is over; the caller stores the array it fills
// in it.
func (sh *shared) tokenBuf() *[]Token {
	p := tokenPool.Get().(*[]Token)
	sh.pooled = append(sh.pooled, p)
	return p
}

// strVal is the package's strVal with the value taken from the file's
// arena (see newConst).
func (sh *shared) strVal(s string) *value {
	c := sh.newConst()
	c.one[0] = s
	c.v.strs = c.one[:1:1]
	return &c.v
}

// newValue returns a new zero value from the file's arena.
func (sh *shared) newValue() *value { return &sh.newConst().v }

// newConst returns a new zero constValue: from the arena's buffer, then,
// once that is used up, from chunks of valChunk. The path stays small
// enough to be inlined.
func (sh *shared) newConst() *constValue {
	if len(sh.vals) == cap(sh.vals) {
		sh.vals = make([]constValue, 0, valChunk)
	}
	sh.vals = sh.vals[:len(sh.vals)+1]
	return &sh.vals[len(sh.vals)-1]
}

// release returns the token arrays and the arena of the file's analyses
// (its own and the nested ones) to their pools. Nothing of an analysis
// refers to them once Analyze returns: detections hold token indexes and
// strings, never tokens, nodes or values.
func (sh *shared) release() {
	if sh.ar != nil {
		sh.ar.reset(sh.vals)
		if sh.arPooled {
			arenaPool.Put(sh.ar)
		}
		sh.ar, sh.arPooled, sh.vals = nil, false, nil
	}
	for _, p := range sh.pooled {
		if cap(*p) <= maxPooledTokens {
			clear(*p) // drop the strings into this file's text
			*p = (*p)[:0]
			tokenPool.Put(p)
		}
	}
	sh.pooled = nil
}

type nestedResult struct {
	dets     []verdict.Detection
	features map[string]*verdict.Point
	notes    [][2]string
	sub      *analyzer // the analysis of the code, whose variables the evaluating code sees
}

// lambdaCall analyses a create_function body with its parameters bound to
// the values it is called with.
func (a *analyzer) lambdaCall(l *lambda, args []*value, n *node, via string) {
	seeds := map[string]*value{}
	tainted := false
	for i, p := range l.params {
		if i < len(args) {
			seeds[p] = args[i]
			tainted = tainted || args[i].tainted()
		}
	}
	if !tainted {
		// Called with constants: what the body makes of them (b374k keeps
		// its code as an argument of a create_function wrapper).
		for _, v := range args {
			tainted = tainted || v.known()
		}
		if !tainted {
			return
		}
	}
	steps := append(append([]verdict.Point(nil), l.steps...), *a.point(n.tok, via))
	a.nestedSeeded(l.code, steps, a.point(n.tok, via), seeds)
}

// execFallback reports one command run through every command function in
// turn (whichever disable_functions left): the command runner of webshells.
func (a *analyzer) execFallback() {
	keys := make([]string, 0, len(a.execVars))
	for k := range a.execVars {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		sinks := a.execVars[k]
		if len(sinks) < 3 {
			continue
		}
		names := make([]string, 0, len(sinks))
		for s := range sinks {
			names = append(names, s)
		}
		sort.Strings(names)
		var steps []verdict.Point
		for _, s := range names[:len(names)-1] {
			steps = append(steps, *sinks[s])
		}
		a.emit("php.exec-fallback", 70, nil, steps, sinks[names[len(names)-1]],
			"Runs one command through every command function in turn ("+strings.Join(names, ", ")+"), so that it works whatever disable_functions leaves: the command runner of webshells.",
			"依次尝试所有命令执行函数（"+strings.Join(names, "、")+"）运行同一命令，以绕过 disable_functions 的限制，这是 WebShell 的命令执行模块。")
		return
	}
}

// decoders turn stored data into code.
var decoders = map[string]bool{"base64_decode": true, "gzinflate": true, "gzuncompress": true,
	"gzdecode": true, "str_rot13": true, "strrev": true, "hex2bin": true, "convert_uudecode": true,
	"urldecode": true, "rawurldecode": true, "pack": true}

// decoderOf returns the decoding function the code expression x applies
// (eval(base64_decode($x))), directly or through a user function given a
// long constant (eval(decrypt('...'))), or "".
func (a *analyzer) decoderOf(x *node, e env) string {
	return a.decoderOfDepth(x, e, 0)
}

func (a *analyzer) decoderOfDepth(x *node, e env, depth int) string {
	for ; x != nil && depth < 8; depth++ {
		if x.k == nVar { // what the variable was assigned
			for _, as := range e.f.assigns[x.s] {
				if as.op == "=" {
					if d := a.decoderOfDepth(as.rhs, e, depth+1); d != "" {
						return d
					}
				}
			}
			return ""
		}
		if x.k != nCall || len(x.kids) < 2 {
			return ""
		}
		names, _ := a.calleeNames(x.kids[0], e)
		for _, name := range names {
			if decoders[name] {
				return name
			}
			if len(a.byName[name]) > 0 {
				for _, arg := range x.kids[1:] {
					if v := a.eval(arg, e); v.known() && len(v.strs[0]) >= 256 {
						return name + "() on a " + itoa(len(v.strs[0])) + "-byte constant"
					}
				}
			}
		}
		x = x.kids[1]
	}
	return ""
}

// magicMethods run on their own when an object is unserialized, destroyed,
// printed or misused.
var magicMethods = map[string]bool{"__destruct": true, "__wakeup": true, "__tostring": true,
	"__call": true, "__callstatic": true, "__get": true, "__set": true, "__invoke": true,
	"__unserialize": true}

// note records a limit the analysis reached, once.
func (a *analyzer) note(en, zh string) {
	for _, n := range a.notes {
		if n[0] == en {
			return
		}
	}
	if len(a.notes) < 8 {
		a.notes = append(a.notes, [2]string{en, zh})
	}
}

func (a *analyzer) noteMagic(v *value, e env, pt *verdict.Point) {
	if v.prop && magicMethods[e.f.name] && a.magicSink == nil {
		a.magicSink = pt
	}
}

// recordWrap notes that a parameter of the current function reaches a sink
// (a wrapper such as function x($c){system($c);}); call sites decide.
func (a *analyzer) recordWrap(v *value, k sinkKind, n *node, e env, sink string) bool {
	return a.addWraps(v, k, func() *verdict.Point { return a.point(n.tok, sink) }, e)
}

// addWraps records, for each parameter of the current function that v
// comes from, that it reaches the sink (made only when one does). It
// reports whether v comes from a parameter and from no request input, in
// which case the call sites decide.
func (a *analyzer) addWraps(v *value, k sinkKind, sink func() *verdict.Point, e env) bool {
	if e.bind != nil {
		return false
	}
	found := false
	var pt *verdict.Point
	for _, o := range v.taint {
		if o.fn != e.f || o.pt != nil {
			continue
		}
		found = true
		if pt == nil {
			pt = sink()
		}
		dup := false
		for _, x := range a.wraps[e.f] {
			if x.param == o.param && x.kind == k && x.sink.Line == pt.Line {
				dup = true
			}
		}
		if !dup {
			a.wraps[e.f] = append(a.wraps[e.f], wrap{param: o.param, kind: k, sink: pt})
			a.changed = true
		}
	}
	return found && !v.tainted()
}

// cmdSink checks a value run as an operating-system command.
func (a *analyzer) cmdSink(sink string, v *value, n *node, e env, h how) {
	if a.recordWrap(v, kCmd, n, e, sink) {
		return
	}
	pt := a.point(n.tok, sink)
	switch {
	case v.tainted():
		src := v.source()
		score := 90
		if v.prefixed {
			score = 75 // a fixed command with attacker arguments
		}
		a.emit("php.exec-input", score, src, v.steps, pt,
			fmt.Sprintf("Attacker-controlled input (%s) reaches the operating-system command run by %s%s.", src.pt.What, sink, viaText(h)),
			fmt.Sprintf("攻击者可控的输入（%s）进入 %s%s 执行的系统命令。", src.pt.What, sink, viaText(h)))
	case !v.known() || v.prop:
		a.noteMagic(v, e, pt)
		a.emit("php.cmd-unknown", 30, nil, nil, pt,
			"Runs a computed operating-system command with "+sink+".", "使用 "+sink+" 执行运行时计算出的系统命令。")
	default:
		for _, s := range v.strs {
			if len(s) > 4096 {
				continue // a payload, not a command line
			}
			if why, whyZh := a.badCommand(s); why != "" {
				a.emit("php.cmd-malicious", 75, nil, v.steps, pt,
					"Runs the command "+verdict.Clip(strconvQuote(s))+" with "+sink+": "+why+".",
					"使用 "+sink+" 执行命令 "+verdict.Clip(strconvQuote(s))+"："+whyZh+"。")
				break
			}
		}
	}
}

// includeSink checks include/require.
func (a *analyzer) includeSink(n *node, e env) {
	v := a.eval(n.kids[0], e)
	if a.recordWrap(v, kInclude, n, e, n.s) {
		return
	}
	pt := a.point(n.tok, n.s)
	for _, s := range v.strs {
		if a.included == nil {
			a.included = map[string]*verdict.Point{}
		}
		if len(a.included) < maxTracked {
			a.included[path.Clean(s)] = pt
		}
	}
	if v.tainted() {
		src := v.source()
		score := 85
		if v.prefixed {
			score = 55 // a path under a fixed directory: local file inclusion at worst
		}
		a.emit("php.include-input", score, src, v.steps, pt,
			fmt.Sprintf("Attacker-controlled input (%s) chooses the file that %s runs as PHP code.", src.pt.What, n.s),
			fmt.Sprintf("攻击者可控的输入（%s）决定 %s 作为 PHP 代码执行的文件。", src.pt.What, n.s))
		return
	}
	for _, s := range v.strs {
		l := strings.ToLower(strings.TrimSpace(s))
		switch {
		case strings.HasPrefix(l, "php://input"), strings.HasPrefix(l, "data:"), strings.HasPrefix(l, "php://filter"):
			a.emit("php.include-input", 90, nil, v.steps, pt,
				"Includes "+verdict.Clip(s)+": the request body or inline data is run as PHP code.",
				"包含 "+verdict.Clip(s)+"：请求体或内联数据被作为 PHP 代码执行。")
		case strings.HasPrefix(l, "http://"), strings.HasPrefix(l, "https://"), strings.HasPrefix(l, "ftp://"):
			a.emit("php.include-remote", 60, nil, v.steps, pt,
				"Includes remote code from "+verdict.Clip(s)+".", "从远程地址 "+verdict.Clip(s)+" 包含并执行代码。")
		}
	}
}

// maxTracked bounds the files remembered as written or included.
const maxTracked = 64

// noteWritten remembers a constant path request content is written to.
func (a *analyzer) noteWritten(p *value, src *origin) {
	if !p.known() || src == nil {
		return
	}
	if a.written == nil {
		a.written = map[string]*origin{}
	}
	for _, s := range p.strs {
		if len(a.written) < maxTracked {
			a.written[path.Clean(s)] = src
		}
	}
}

// includeWritten reports files that receive request content and are
// included: the request supplies code that runs.
func (a *analyzer) includeWritten() {
	for p, src := range a.written {
		pt, ok := a.included[p]
		if !ok {
			continue
		}
		a.emit("php.exec-input", 90, src, nil, pt,
			fmt.Sprintf("Writes request content (%s) to %s and includes that file: the request's code runs.", src.pt.What, verdict.Clip(p)),
			fmt.Sprintf("将请求内容（%s）写入 %s 并包含该文件：请求中的代码被执行。", src.pt.What, verdict.Clip(p)))
	}
}

// callbackSink checks functions that call a callable argument.
func (a *analyzer) callbackSink(name string, i int, args []*node, n *node, e env) {
	for _, x := range args {
		if x.k == nUnary && x.s == "..." {
			// f(...$_GET): the request supplies every argument, the
			// callback included.
			if v := a.eval(x, e); v.tainted() {
				a.dynamicInput(v, n, nil, e, name+" spread arguments")
				return
			}
		}
	}
	if i < 0 || i >= len(args) {
		return // no callable given (array_udiff() without arguments)
	}
	cbNode := args[i]
	cb := a.eval(cbNode, e)
	data := &value{}
	var dataArgs []*node
	for j, x := range args {
		if j != i {
			dataArgs = append(dataArgs, x)
			data = a.merge(data, a.eval(x, e))
		}
	}
	via := name + " callback"
	if cb.closure != 0 {
		a.wrapped(a.funcs[cb.closure], dataArgs, n, e, via)
		return
	}
	if cb.lambda != nil {
		// The callback receives the data (array elements, matches, ...).
		var in []*value
		for range cb.lambda.params {
			in = append(in, data)
		}
		a.lambdaCall(cb.lambda, in, n, via+" (create_function)")
		return
	}
	if cbNode.k == nArray {
		return // array($object, 'method'): a method of a known object
	}
	if cb.tainted() && !cb.prefixed {
		a.dynamicInput(cb, n, dataArgs, e, via)
	}
	if !cb.known() && cb.fromSelfPath() {
		a.selfNamed(cb, dataArgs, n, e, via)
	}
	for _, s := range cb.strs {
		fn := funcName(s)
		if d := dangerous(fn); d == kCode || d == kCmd {
			switch {
			case data.tainted():
				if d == kCode {
					a.codeSink(fn, data, n, e, how{via: via})
				} else {
					a.cmdSink(fn, data, n, e, how{via: via})
				}
			default:
				a.emit("php.hidden-call", 70, nil, cb.steps, a.point(n.tok, via),
					"Passes "+fn+" as a callback to "+name+", a way of calling it without writing the call.",
					"将 "+fn+" 作为回调传给 "+name+"，以不直接书写调用的方式执行它。")
			}
		}
		if fs := a.byName[fn]; len(fs) > 0 {
			a.wrapped(fs[0], dataArgs, n, e, via)
		}
	}
}

// userCall checks a call of a user function or method against the sinks
// its parameters reach.
func (a *analyzer) userCall(name string, args []*node, n *node, e env, method bool) {
	for _, f := range a.byName[name] {
		if method != (f.class != "") && !method {
			continue
		}
		a.wrapped(f, args, n, e, name+"()")
		a.boundWalk(f, args, n, e, name+"()")
	}
}

// sinky reports whether f (or a function it calls by name) holds a
// construct that a bound walk could find something in: a sink, a dynamic
// call, a callback or a file operation. Most functions of an application
// hold none, and are not walked again per call.
func (a *analyzer) sinky(f *function) bool {
	if v, ok := a.sinkyMemo[f]; ok {
		return v
	}
	a.sinkyMemo[f] = false // cycles: assume not while computing
	found := false
	var callees []string
	for _, r := range f.roots {
		visit(r, func(n *node) {
			if found {
				return
			}
			switch n.k {
			case nEval, nInclude, nShell:
				found = true
			case nCall:
				if n.kids[0].k != nName {
					found = true // a variable function
					return
				}
				name := funcName(n.kids[0].s)
				if riskyCall(name) {
					found = true
				} else if len(a.byName[name]) > 0 {
					callees = append(callees, name)
				}
			case nMethod, nStatic:
				if m := n.kids[1]; m.k == nName {
					if len(a.byName[strings.ToLower(m.s)]) > 0 {
						callees = append(callees, strings.ToLower(m.s))
					}
				} else {
					found = true
				}
			}
		})
		if found {
			break
		}
	}
	for _, c := range callees {
		if found {
			break
		}
		for _, g := range a.byName[c] {
			if g != f && a.sinky(g) {
				found = true
				break
			}
		}
	}
	a.sinkyMemo[f] = found
	return found
}

// maxBoundWalks bounds the calls followed with their arguments per file.
const maxBoundWalks = 512

// boundWalk checks the sinks of f again with its parameters bound to the
// arguments of one call (a context-sensitive look: a helper that builds a
// function name from its parameters and calls it is seen for what one
// call makes of it).
func (a *analyzer) boundWalk(f *function, args []*node, n *node, e env, via string) {
	if a.callDepth >= 3 || a.boundWalks >= maxBoundWalks || len(f.params) == 0 || !a.sinky(f) {
		return
	}
	vs := a.argVals(args, e)
	useful := false
	bind := map[string]*value{}
	for i, p := range f.params {
		if i < len(vs) {
			bind[p] = vs[i]
			// Input, a constant that was computed (a name being built), or
			// a URL (content fetched inside): other plain constants gain
			// nothing over the unbound walk.
			useful = useful || vs[i].tainted() || vs[i].known() && (vs[i].hidden || len(vs[i].steps) > 0 || remoteURL(strings.ToLower(vs[i].strs[0]))) ||
				vs[i].lambda != nil || vs[i].closure != 0
		} else {
			bind[p] = unknown
		}
	}
	if !useful {
		return
	}
	a.boundWalks++
	a.callDepth++
	a.callStack = append(a.callStack, *a.point(n.tok, "call of "+via))
	for _, r := range f.roots {
		a.walk(r, env{f: f, bind: bind})
	}
	a.callStack = a.callStack[:len(a.callStack)-1]
	a.callDepth--
}

// wrapped checks arguments passed to f against f's parameter sinks.
func (a *analyzer) wrapped(f *function, args []*node, n *node, e env, via string) {
	for _, w := range a.wraps[f] {
		if w.param >= len(args) {
			continue
		}
		v := a.eval(args[w.param], e)
		if w.kind == kSQL && (leadingText(args[w.param], e, 0) || paramFlows(v, e) > 1) {
			continue // part of a statement the code writes, or of several parameters
		}
		if a.addWraps(v, w.kind, func() *verdict.Point { return w.sink }, e) {
			continue
		}
		if w.kind == kDBServer || w.kind == kSQL {
			a.dbWrapped(w, v, n, via)
			continue
		}
		steps := append(append([]verdict.Point(nil), v.steps...), *a.point(n.tok, "passed to "+via))
		switch {
		case v.tainted():
			src := v.source()
			sinkName := w.sink.What
			score := 90
			if v.prefixed {
				switch w.kind {
				case kInclude:
					continue // a file under a fixed directory
				case kCmd:
					score = 75
				}
			}
			a.emit("php.exec-input", score, src, steps, w.sink,
				fmt.Sprintf("Attacker-controlled input (%s) is passed to %s, which hands it to %s.", src.pt.What, via, sinkName),
				fmt.Sprintf("攻击者可控的输入（%s）传给 %s，并由其交给 %s 执行。", src.pt.What, via, sinkName))
		case v.known() && len(v.steps) > 0 && w.kind == kCode:
			a.emit("php.eval-decoded", 80, nil, steps, w.sink,
				"Decoded code is passed to "+via+", which executes it.", "解码后的代码传给 "+via+" 并被执行。")
			a.nestedCode(v.strs[0], steps, w.sink)
		}
	}
}

// newSink checks object creation: reflection on a chosen function.
func (a *analyzer) newSink(n *node, e env) {
	c := n.kids[0]
	if c.k != nName || len(n.kids) < 2 {
		return
	}
	name := funcName(c.s)
	if dbClasses[name] {
		a.dbConnect("new "+c.s, n.kids[1:], n, e)
	}
	if ctor := a.constructor(name); ctor != nil {
		a.wrapped(ctor, n.kids[1:], n, e, "new "+c.s)
		a.boundWalk(ctor, n.kids[1:], n, e, "new "+c.s)
	}
	switch name {
	case "com":
		a.iisMetabase(n.kids[1:], n, e)
	case "callbackfilteriterator", "recursivecallbackfilteriterator":
		if len(n.kids) >= 3 {
			a.callbackSink(name, 1, n.kids[1:], n, e)
		}
	case "reflectionfunction":
		v := a.eval(n.kids[1], e)
		if v.tainted() && !v.prefixed {
			a.dynamicInput(v, n, nil, e, "ReflectionFunction")
		}
		for _, s := range v.strs {
			if d := dangerous(funcName(s)); d == kCode || d == kCmd {
				a.emit("php.hidden-call", 75, nil, v.steps, a.point(n.tok, "ReflectionFunction"),
					"Reaches "+funcName(s)+" through ReflectionFunction.", "通过 ReflectionFunction 调用 "+funcName(s)+"。")
			}
		}
	}
}

// constructor returns the constructor of the file's class named class
// (lower case): __construct, or a method named like the class (PHP 4).
func (a *analyzer) constructor(class string) *function {
	for _, name := range []string{"__construct", class} {
		for _, f := range a.byName[name] {
			if f.class == class {
				return f
			}
		}
	}
	return nil
}

// emit records a detection, keeping one per rule and sink line.
func (a *analyzer) emit(rule string, score int, src *origin, steps []verdict.Point, sink *verdict.Point, why, whyZh string) {
	d := verdict.Detection{Rule: rule, Score: score, Sink: sink, Why: why, WhyZh: whyZh}
	if src != nil && src.pt != nil {
		p := *src.pt
		d.Source = &p
	}
	if len(a.callStack) > 0 {
		steps = append(append([]verdict.Point(nil), a.callStack...), steps...)
	}
	if len(steps) > 0 {
		d.Steps = append([]verdict.Point(nil), steps...)
		if len(d.Steps) > 32 {
			d.Steps = d.Steps[len(d.Steps)-32:]
		}
	}
	a.put(d)
}

func (a *analyzer) put(d verdict.Detection) {
	key := d.Rule
	if d.Sink != nil {
		key += ":" + itoa(d.Sink.Line) + ":" + d.Sink.What
	}
	if old, ok := a.dets[key]; ok && (old.Score > d.Score || old.Score == d.Score && !preferred(d, *old)) {
		return
	}
	a.dets[key] = &d
	if d.Score >= certainScore {
		a.shared.certain = true
	}
	// Only a decisive analysis decides early: other nested analyses'
	// detections reach the file through rules that may map them to other
	// scores (droppedCode keeps only those scoring High), so their Report
	// does not make the file's verdict. A decisive one's detections are
	// put in the file's as they are, and put never lowers a score.
	if a.shared.decide && a.decisive && d.Score >= verdict.Report {
		a.shared.certain = true
	}
}

// funcIndex returns the index of f in a.funcs.
func (a *analyzer) funcIndex(f *function) int {
	for i, g := range a.funcs {
		if g == f {
			return i
		}
	}
	return 0
}

// riskyCall reports whether a call of the named function is one the
// analysis must follow: it can run code or commands, call back, touch
// files or the environment, or send mail. A function without such a call
// holds no sink (sinky) and is safe to run as a pure decoder.
func riskyCall(name string) bool {
	_, cb := callbacks[name]
	_, code := codeFuncs[name]
	_, ff := fileFeatures[name]
	return cb || code || ff || cmdSinks[name] || dangerous(name) != 0 ||
		name == "copy" || name == "unserialize" || name == "putenv" || name == "mail"
}
