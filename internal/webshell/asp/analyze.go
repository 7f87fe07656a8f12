package asp

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// funcInfo is a user function with its summary.
type funcInfo struct {
	def       *funcDef
	retParams uint64            // parameters that reach the result
	retTaint  *origin           // request input that reaches the result
	retObj    *objState         // object the function returns
	retRemote *objState         // downloaded content the function returns
	retFn     string            // built-in function the function returns (eval)
	sinks     map[sinkKey]*sink // parameters that reach a sink
	writes    []*writeSink      // files written from parameters
	outObj    map[int]*objState // ByRef parameters the function sets to an object
	fills     map[string]uint64 // page variables holding a dictionary the function adds parameters to
	decoder   bool              // computes with characters: worth running on constants
	names     []string          // names the body uses, in order of first use (callOrder)
	locals    map[string]bool   // the function's local names (see summary), once found
	costly    bool              // a run ran out of budget
	busy      bool
}

// sinkKey is a parameter and a kind of sink it reaches: one parameter
// may be both a path and a command, and each must be followed.
type sinkKey struct {
	param int
	kind  string // exec, cmd, path, db, create, delete
}

// sink is where a parameter ends up.
type sink struct {
	kind string
	what string
	line int
}

// writeSink is a file written inside a function from its parameters: the
// caller's arguments decide whether the path and the content are chosen
// by the request, so the write is judged at each call.
type writeSink struct {
	save          bool   // ADODB.Stream.SaveToFile (an upload) rather than a text write
	what          string // the writing method
	line          int    // page line of the write
	pathParams    uint64 // parameters the path derives from
	contentParams uint64 // parameters the content derives from
	pathExact     int    // the path is exactly this parameter (-1: no)
	contentExact  int    // the content is exactly this parameter (-1: no)
	path, content *aval  // the values inside the function (taint, constants)
}

// frame is the environment of the code being analysed.
type frame struct {
	vars   *vars
	fn     *funcInfo
	locals map[string]bool
	with   []*aval
	ret    *aval
	top    bool
	params []*aval // the symbolic parameter values of a summary, by position
}

// exactParam returns the parameter v is, unchanged, or -1.
func (f *frame) exactParam(v *aval) int {
	for i, p := range f.params {
		if p == v {
			return i
		}
	}
	return -1
}

// vars is the variable bindings of a frame. The copies made at branches
// share their map until one of them writes (a branch that assigns
// nothing used to copy every binding for nothing): a *vars is one set of
// bindings, whose writes every holder of the same *vars sees, and none
// of its copies.
type vars struct{ s *varStore }

// varStore is a map of bindings and how many *vars share it.
type varStore struct {
	m    map[string]*aval
	refs int // never fewer than the *vars sharing m
}

func newVars() *vars { return &vars{&varStore{m: map[string]*aval{}, refs: 1}} }

func (v *vars) get(name string) (*aval, bool) {
	x, ok := v.s.m[name]
	return x, ok
}

func (v *vars) len() int { return len(v.s.m) }

// set binds name to x, first copying the map if another *vars shares it.
func (v *vars) set(name string, x *aval) {
	if v.s.refs > 1 {
		if old, ok := v.s.m[name]; ok && old == x {
			return // bound already: nothing to copy
		}
		v.s.refs--
		v.s = &varStore{m: maps.Clone(v.s.m), refs: 1}
	}
	v.s.m[name] = x
}

// share returns a copy of v: new bindings that share v's map until
// either writes.
func (v *vars) share() *vars {
	v.s.refs++
	return &vars{v.s}
}

// layer is one level of analysed code: the page, or code it executes.
type layer struct {
	line    int // page line of the code (0: the page itself)
	text    []byte
	steps   []step
	outer   *layer
	encoded bool
}

// hit is a finding of the analysis before scoring.
type hit struct {
	rule, sink string
	score      int
	line       int
	excerpt    string
	src        *origin
	steps      []step
	why, whyZh string
	family     string
}

type analyzer struct {
	page     *page
	prog     *program       // the page's program (runPage), freed after verdicts
	excerpts map[int]string // page excerpts by line, computed once
	copied   int            // variable bindings copied at branches (copyBudget)
	work     int            // statements evaluated by the abstract analysis
	repeat   int            // times the enclosing loops evaluate the current statement (maxRepeat)
	funcs    map[string]*funcInfo
	order    []*funcInfo // funcs, callees first (see callOrder)
	globals  map[string]*aval
	session  map[string]*aval
	hits     []hit
	features map[string]int
	in       *interp
	top      *slotTab // the concrete interpreter's variables outside functions
	lay      *layer
	depth    int
	report   bool
	inner    int
	memo     map[string]*aval
	extCheck bool // an extension allow or deny list is compared against
	obfus    []step
	strs     map[string]bool // notable constants seen
	noted    uint8           // bit j: strs[notable[j]] is set
	codeLen  int
	enc      []encBlock
	topNames map[string]bool        // variables of the page's top-level code
	written  []*aval                // paths of files the page writes
	dbConn   bool                   // a database connection string comes from the request
	dbSQL    *origin                // an SQL statement is the request input itself
	dbQuery  *origin                // an SQL statement built with request input runs on a request-chosen server
	guessed  map[guessKey][2]string // guessDecode answers
	anon     map[*funcDef]*anonInfo // summaries of function values

	// decide is set for verdict.Decide; decided is then set by the first
	// hit of the reporting pass scoring verdict.Report, or as soon as the
	// facts verdicts judges at the end already make a detection scoring
	// it (see settle), in either pass; and the analysis stops: every hit
	// becomes a detection with its score, and verdicts only adds to them,
	// so the page's verdict is made.
	decide, decided bool

	family     []bool // familyMarks found in the page, once looked for
	lineStarts []int  // where the page's lines start (see pageExcerpt), once needed

	discarded   *expr   // the call statement being evaluated (its result is dropped)
	probeCreate *origin // an empty file is created on a request-chosen path
	probeDelete *origin // a file on a request-chosen path is deleted
	dataWrite   bool    // request data is written to a file (an editor, not a probe)
}

func newAnalyzer(p *page) *analyzer {
	a := &analyzer{
		page:     p,
		funcs:    map[string]*funcInfo{},
		globals:  map[string]*aval{},
		session:  map[string]*aval{},
		features: map[string]int{},
		memo:     map[string]*aval{},
		strs:     map[string]bool{},
		repeat:   1,
	}
	mode := modeUTF8
	if !utf8.Valid(p.text) {
		mode = modeDBCS
	}
	a.in = &interp{sc: &strCtx{mode: mode}, limit: fileBudget, funcs: func(n string) *funcDef {
		if f := a.funcs[n]; f != nil {
			return f.def
		}
		return nil
	}}
	return a
}

// lineOf maps a line of the current layer to a page line.
func (a *analyzer) lineOf(l int) int {
	if a.lay == nil || a.lay.line == 0 {
		return l
	}
	lay := a.lay
	for lay.outer != nil && lay.outer.line != 0 {
		lay = lay.outer
	}
	return lay.line
}

func (a *analyzer) excerpt(l int) string {
	if a.lay == nil {
		return ""
	}
	if a.lay.line == 0 {
		return a.pageExcerpt(l)
	}
	return printable(excerptLine(a.lay.text, l))
}

func (a *analyzer) layerSteps() []step {
	var out []step
	for l := a.lay; l != nil; l = l.outer {
		out = append(append([]step{}, l.steps...), out...)
	}
	return out
}

func (a *analyzer) feature(name string, line int) {
	if _, ok := a.features[name]; !ok {
		a.features[name] = a.lineOf(line)
		a.settle()
	}
}

// settle sets decided, in Decide mode, when the detections that verdicts
// makes at the end of the analysis from facts that only accumulate
// already include one scoring verdict.Report: a big shell's features
// (a feature, once found, stays, and more features never lower the
// score), a family banner with a file manager, a database manager or
// browser. Either pass finds them (features are recorded without
// reporting), so a big shell whose features the first pass has seen is
// decided without the second.
func (a *analyzer) settle() {
	if !a.decide || a.decided {
		return
	}
	if a.bigShellScore() >= verdict.Report || a.dbConn && (a.dbSQL != nil || a.dbQuery != nil) {
		a.decided = true
		return
	}
	if a.features["files"] != 0 && len(a.features) >= 3 && slices.Contains(a.families(), true) {
		a.decided = true // the family detection scores at least verdict.High
	}
}

func (a *analyzer) addHit(h hit, line int) {
	if !a.report {
		return
	}
	h.line = a.lineOf(line)
	if h.excerpt == "" {
		h.excerpt = a.excerpt(line)
	}
	h.steps = addSteps(a.layerSteps(), h.steps)
	for _, o := range a.hits {
		if o.rule == h.rule && o.line == h.line && o.sink == h.sink {
			return
		}
	}
	if len(a.hits) < 200 {
		a.hits = append(a.hits, h)
		// Only a hit kept decides: verdicts makes detections of these.
		if a.decide && h.score >= verdict.Report {
			a.decided = true
		}
	}
	if h.score >= certain && a.in.hard == 0 {
		// The page is a webshell beyond doubt: decoding more of its
		// hidden code could add evidence but not change the verdict, so
		// the concrete interpreter gets a small remainder of its budget
		// (big shells decode hundreds of blocks).
		a.in.hard = a.in.steps + afterCertain
	}
}

// ---------------------------------------------------------------------
// Programs and functions.

// run analyses a program: functions are summarised, then the top level
// is interpreted; twice, so that globals and session values set anywhere
// are seen everywhere.
func (a *analyzer) run(prog *program, objects []object) {
	a.topNames = assignedNames(prog.stmts)
	for _, s := range prog.stmts {
		if s.k == sDim {
			for _, n := range s.names {
				a.topNames[n] = true
			}
		}
	}
	a.define(prog.funcs)
	fr := a.topFrame(objects)
	a.report = false
	a.summarise()
	a.block(prog.stmts, fr)
	a.report = true
	a.summarise()
	fr = a.topFrame(objects)
	a.block(prog.stmts, fr)
}

func (a *analyzer) topFrame(objects []object) *frame {
	fr := &frame{vars: newVars(), top: true}
	for _, o := range objects {
		st := &objState{class: normClass(o.class), how: "<object runat=server " + o.class + ">", line: o.line}
		a.objFeature(st, o.line)
		v := &aval{obj: st}
		fr.vars.set(lower(o.id), v)
		a.globals[lower(o.id)] = v
	}
	return fr
}

func (a *analyzer) define(fs []*funcDef) {
	var sc bodyScan
	for _, f := range fs {
		if f.name == "" {
			continue
		}
		if _, ok := a.funcs[f.name]; ok {
			continue
		}
		decoder, names := sc.scan(f.body)
		a.funcs[f.name] = &funcInfo{def: f, decoder: decoder, names: names}
		a.in.newFuncs()
		a.order = nil // recomputed with the new function
	}
}

func (a *analyzer) summarise() {
	if a.order == nil {
		a.order = a.callOrder()
	}
	for _, f := range a.order {
		if a.decided {
			return
		}
		a.summary(f)
	}
}

// callOrder lists the functions callees first, so that a function is
// summarised after the functions it calls and sees their sinks (a
// helper writing a file, called by a helper walking folders, called by
// the page). Recursion is cut where it closes.
func (a *analyzer) callOrder() []*funcInfo {
	out := make([]*funcInfo, 0, len(a.funcs))
	state := map[*funcInfo]uint8{}
	var visit func(f *funcInfo)
	visit = func(f *funcInfo) {
		if state[f] != 0 {
			return
		}
		state[f] = 1
		for _, n := range f.names {
			if g := a.funcs[n]; g != nil && g != f {
				visit(g)
			}
		}
		state[f] = 2
		out = append(out, f)
	}
	for _, name := range sortedKeys(a.funcs) {
		visit(a.funcs[name])
	}
	return out
}

// summary analyses f with symbolic parameters.
func (a *analyzer) summary(f *funcInfo) {
	if f.busy {
		return
	}
	f.busy = true
	defer func() { f.busy = false }()
	if f.locals == nil {
		// The local names depend on the body and the page's names,
		// which do not change: found at the first summary only.
		f.locals = map[string]bool{}
		for _, p := range f.def.params {
			f.locals[p] = true
		}
		f.locals[f.def.name] = true
		collectLocals(f.def.body, f.locals)
		if f.def.lang == vbscript {
			// An undeclared variable assigned in a procedure is local
			// unless the page's own code uses it.
			for n := range assignedNames(f.def.body) {
				if !a.topNames[n] {
					f.locals[n] = true
				}
			}
		}
	}
	fr := &frame{vars: newVars(), fn: f, locals: maps.Clone(f.locals)}
	for i, p := range f.def.params {
		if i < 64 {
			fr.vars.set(p, &aval{unk: true, params: 1 << i})
			v, _ := fr.vars.get(p)
			fr.params = append(fr.params, v)
		}
	}
	if f.sinks == nil {
		f.sinks = map[sinkKey]*sink{}
	}
	// A summary is made once per pass, wherever it is asked for (a
	// function value called in a loop): its loops are counted from its
	// own body.
	outer := a.repeat
	a.repeat = 1
	a.block(f.def.body, fr)
	a.repeat = outer
	if f.def.lang == vbscript {
		// VBScript passes arguments by reference unless ByVal says
		// otherwise: a procedure that sets a parameter to an object
		// (Sub CreateObj(F, W): Set W = CreateObject(...)) sets the
		// caller's variable.
		for i, p := range f.def.params {
			if i < len(f.def.byRef) && f.def.byRef[i] {
				if v, _ := fr.vars.get(p); v != nil && v.obj != nil {
					if f.outObj == nil {
						f.outObj = map[int]*objState{}
					}
					f.outObj[i] = v.obj
				}
			}
		}
	}
	res := fr.ret
	if f.def.lang == vbscript {
		res, _ = fr.vars.get(f.def.name)
	}
	if res != nil {
		f.retParams |= res.params
		if f.retTaint == nil {
			f.retTaint = res.taint
		}
		if res.obj != nil {
			f.retObj = res.obj
		}
		if res.remote != nil {
			f.retRemote = res.remote
		}
		if res.fn != "" {
			f.retFn = res.fn
		}
	}
}

// collectLocals adds the names declared with Dim (and JScript var) in a
// function body.
func collectLocals(ss []*stmt, m map[string]bool) {
	for _, s := range ss {
		if s.k == sDim {
			for _, n := range s.names {
				m[n] = true
			}
		}
		for _, b := range s.bodies {
			collectLocals(b, m)
		}
		collectLocals(s.body, m)
		collectLocals(s.init, m)
	}
}

// assignedNames returns the variables assigned by the statements.
func assignedNames(ss []*stmt) map[string]bool {
	m := map[string]bool{}
	var walk func(ss []*stmt)
	walk = func(ss []*stmt) {
		for _, s := range ss {
			if (s.k == sAssign || s.k == sLoop || s.k == sForEach) && s.x != nil && s.x.k == eIdent {
				m[s.x.name] = true
			}
			if s.k == sDim {
				for _, n := range s.names {
					m[n] = true
				}
			}
			for _, b := range s.bodies {
				walk(b)
			}
			walk(s.body)
			walk(s.init)
			walk(s.post)
		}
	}
	walk(ss)
	return m
}

// scanBody walks a function body once: decoder reports a body that works
// character by character or with string transformations (worth running
// on constant arguments), and names are the names it uses (identifiers
// and members, each once, in order of first use), among which are the
// functions it calls. The body never changes: callOrder, recomputed
// whenever code run by Execute defines functions, does not walk it again.
func scanBody(body []*stmt) (decoder bool, names []string) {
	var sc bodyScan
	return sc.scan(body)
}

// bodyScan is scanBody's walk, in the order of walkExprs, without a
// closure call per node. One serves many bodies (define): its seen map
// marks a name with the number of the body that used it, so that it is
// neither cleared nor made again for each body.
type bodyScan struct {
	seen    map[string]int32
	body    int32 // the number of the body being scanned, from 1
	names   []string
	decoder bool
}

func (sc *bodyScan) scan(body []*stmt) (decoder bool, names []string) {
	if sc.seen == nil {
		sc.seen = map[string]int32{}
	}
	sc.body++
	sc.names, sc.decoder = nil, false
	sc.stmts(body)
	return sc.decoder, sc.names
}

// seenBefore reports whether the body used name before, and records it
// when not. The few names of a small body are compared in turn (cheaper
// than hashing); from smallNames on, the seen map holds them.
func (sc *bodyScan) seenBefore(name string) bool {
	if len(sc.names) <= smallNames {
		for _, n := range sc.names {
			if n == name {
				return true
			}
		}
		sc.names = append(sc.names, name)
		if len(sc.names) > smallNames {
			for _, n := range sc.names {
				sc.seen[n] = sc.body
			}
		}
		return false
	}
	if sc.seen[name] == sc.body {
		return true
	}
	sc.seen[name] = sc.body
	sc.names = append(sc.names, name)
	return false
}

// smallNames is how many names bodyScan compares before it hashes them.
const smallNames = 16

func (sc *bodyScan) stmts(ss []*stmt) {
	for _, s := range ss {
		sc.expr(s.x)
		sc.expr(s.y)
		for _, c := range s.cases {
			for _, e := range c {
				sc.expr(e)
			}
		}
		for _, e := range s.conds {
			sc.expr(e)
		}
		for _, b := range s.bodies {
			sc.stmts(b)
		}
		sc.stmts(s.body)
		sc.stmts(s.init)
		sc.stmts(s.post)
	}
}

func (sc *bodyScan) expr(e *expr) {
	for e != nil {
		switch e.k {
		case eIdent, eMember:
			// A name seen before was judged then: the decoder test
			// depends on the name only.
			if !sc.seenBefore(e.name) {
				switch e.name {
				case "chr", "chrw", "chrb", "asc", "ascw", "ascb", "mid", "replace", "strreverse", "split",
					"unescape", "fromcharcode", "charcodeat", "charat", "substr", "clng", "cint", "hex", "instr":
					sc.decoder = true
				}
			}
		case eBin:
			if e.op == "xor" || e.op == "bxor" {
				sc.decoder = true
			}
		}
		// Depth first as walkExpr: x, y, z, the arguments, the body of
		// a function expression; the last of them as a loop.
		switch {
		case e.fn != nil:
			sc.expr(e.x)
			sc.expr(e.y)
			sc.expr(e.z)
			for _, a := range e.args {
				sc.expr(a)
			}
			sc.stmts(e.fn.body)
			return
		case len(e.args) > 0:
			sc.expr(e.x)
			sc.expr(e.y)
			sc.expr(e.z)
			last := len(e.args) - 1
			for _, a := range e.args[:last] {
				sc.expr(a)
			}
			e = e.args[last]
		case e.z != nil:
			sc.expr(e.x)
			sc.expr(e.y)
			e = e.z
		case e.y != nil:
			sc.expr(e.x)
			e = e.y
		default:
			e = e.x
		}
	}
}

// ---------------------------------------------------------------------
// Statements.

func (a *analyzer) block(ss []*stmt, fr *frame) {
	for _, s := range ss {
		if a.decided {
			return
		}
		a.stmt(s, fr)
	}
}

func (a *analyzer) stmt(s *stmt, fr *frame) {
	a.work++
	switch s.k {
	case sExpr:
		// A call whose result is dropped: FSO.CreateTextFile(p) as a
		// statement makes an empty file (see the write probe).
		a.discarded = s.x
		a.eval(s.x, fr)
		a.discarded = nil
	case sAssign:
		v := a.eval(s.y, fr)
		a.assign(s.x, v, fr)
	case sDim:
		for _, n := range s.names {
			if fr.fn != nil {
				fr.locals[n] = true
			}
			if _, ok := fr.vars.get(n); !ok && fr.fn != nil {
				fr.vars.set(n, constVal(cv{}))
			}
		}
	case sIf:
		base := fr.vars
		var outs []*vars
		for i, c := range s.conds {
			a.noteCompare(c)
			a.eval(c, fr)
			fr.vars = a.copyVars(base)
			a.block(s.bodies[i], fr)
			outs = append(outs, fr.vars)
		}
		if len(s.body) == 0 {
			// No Else: the bindings before the If, counted as a copy
			// would be (copyBudget) but not copied.
			if a.copied <= copyBudget {
				a.copied += base.len()
			}
			outs = append(outs, base)
		} else {
			fr.vars = a.copyVars(base)
			a.block(s.body, fr)
			outs = append(outs, fr.vars)
		}
		fr.vars = a.joinBranches(outs)
	case sSelect:
		a.eval(s.x, fr)
		base := fr.vars
		var outs []*vars
		hasElse := false
		for i, vals := range s.cases {
			if vals == nil {
				hasElse = true
			}
			for _, v := range vals {
				a.noteConst(v)
				a.eval(v, fr)
			}
			fr.vars = a.copyVars(base)
			a.block(s.bodies[i], fr)
			outs = append(outs, fr.vars)
		}
		if !hasElse {
			outs = append(outs, base)
		}
		if len(s.cases) > 0 {
			fr.vars = a.joinBranches(outs)
		} else {
			fr.vars = a.joinVars(outs)
		}
	case sLoop, sForEach:
		if a.concreteLoop(s, fr) {
			return
		}
		if s.k == sForEach {
			coll := a.eval(s.y, fr)
			a.assign(s.x, elementOf(coll), fr)
		} else if s.kw == "for" {
			var from *aval
			for i, c := range s.conds {
				if c != nil {
					v := a.eval(c, fr)
					if i == 0 {
						from = v
					}
				}
			}
			a.assign(s.x, &aval{unk: true, taint: from.taint}, fr)
		}
		a.block(s.init, fr)
		if s.x != nil && s.k == sLoop && s.kw != "for" {
			a.noteCompare(s.x)
			a.eval(s.x, fr)
		}
		// The body is evaluated twice, the second time with what the
		// first left joined in, unless the enclosing loops already
		// evaluate it maxRepeat times.
		passes, outer := 2, a.repeat
		if outer > maxRepeat/2 {
			passes = 1
		}
		a.repeat = outer * passes
		base := fr.vars
		for range passes {
			fr.vars = a.copyVars(fr.vars)
			a.block(s.body, fr)
			a.block(s.post, fr)
			fr.vars = a.joinVars([]*vars{base, fr.vars})
			base = fr.vars
		}
		a.repeat = outer
	case sReturn:
		if s.x != nil {
			fr.ret = join(fr.ret, a.eval(s.x, fr))
		}
	case sWith:
		o := a.eval(s.x, fr)
		fr.with = append(fr.with, o)
		a.block(s.body, fr)
		fr.with = fr.with[:len(fr.with)-1]
	case sBlock:
		a.block(s.init, fr)
		a.block(s.body, fr)
	}
}

// maxRepeat bounds how many times one pass over the page's code, or one
// summary of a function, evaluates a statement nested in loops (code the
// page executes counts as nested where it is executed). Each loop
// evaluates its body twice, so that what the end of an iteration
// computes is seen at the start of the next; nested loops multiply, and
// a megabyte of minified script read as VBScript nests loops thirty deep
// (2^30 evaluations of the innermost body). Loops nested up to
// log2(maxRepeat) deep, as in real pages, are evaluated exactly as
// without the bound; deeper ones get one pass each, and are still
// entered again with the joined state by the second passes of the loops
// around them. The work is then at most maxRepeat times the size of the
// code. (A variable only so that tests can compare with unbounded
// repetition.)
var maxRepeat = 16

// certain is the score from which a page's verdict cannot rise further,
// and afterCertain the concrete steps still allowed once it is reached.
const (
	certain      = 95
	afterCertain = 50_000
)

// copyBudget bounds the variable bindings copied at branches in one
// analysis. Past it, branches share one set of bindings (flow-insensitive
// from there on): a megabyte of minified script with thousands of
// variables and branches must not take minutes.
const copyBudget = 2_000_000

func (a *analyzer) copyVars(m *vars) *vars {
	if a.copied > copyBudget {
		return m
	}
	a.copied += m.len()
	return m.share()
}

func (a *analyzer) joinVars(ms []*vars) *vars {
	if a.copied > copyBudget {
		return ms[len(ms)-1]
	}
	for _, m := range ms {
		a.copied += m.len()
	}
	return joinAll(ms)
}

// joinBranches is joinVars of the bindings after the branches of an If
// or a Select, of which the first is a branch's own copy: when no
// branch changed a binding, that copy is the join, not a new map.
func (a *analyzer) joinBranches(ms []*vars) *vars {
	if a.copied > copyBudget || !sameBindings(ms) {
		return a.joinVars(ms)
	}
	for _, m := range ms {
		a.copied += m.len()
	}
	return ms[0]
}

// sameBindings reports whether every map of ms binds the same names to
// the same values.
func sameBindings(ms []*vars) bool {
	for _, v := range ms[1:] {
		if v.s == ms[0].s {
			continue // one map, shared
		}
		m := v.s.m
		if len(m) != len(ms[0].s.m) {
			return false
		}
		for k, v := range ms[0].s.m {
			if w, ok := m[k]; !ok || w != v {
				return false
			}
		}
	}
	return true
}

// joinAll is joinMaps of the bindings: new bindings, sharing the map of
// the first when every one shares it (joinMaps of one map many times
// is a copy of it).
func joinAll(ms []*vars) *vars {
	if len(ms) == 1 {
		return ms[0]
	}
	shared := true
	for _, v := range ms[1:] {
		if v.s != ms[0].s {
			shared = false
			break
		}
	}
	if shared {
		return ms[0].share()
	}
	maps := make([]map[string]*aval, len(ms))
	for i, v := range ms {
		maps[i] = v.s.m
	}
	return &vars{&varStore{m: joinMaps(maps), refs: 1}}
}

func copyMap(m map[string]*aval) map[string]*aval {
	if m == nil {
		return map[string]*aval{}
	}
	// Cloning copies the map's table as it is: no hashing per binding.
	return maps.Clone(m)
}

func joinMaps(ms []map[string]*aval) map[string]*aval {
	if len(ms) == 1 {
		return ms[0]
	}
	out := copyMap(ms[0])
	empty := constVal(cv{}) // values never change in place: one Empty serves every name
	for _, m := range ms[1:] {
		had, found := len(out), 0
		for k, v := range m {
			if o, ok := out[k]; !ok {
				out[k] = join(v, empty)
			} else {
				found++
				if o != v {
					out[k] = join(o, v)
				}
			}
		}
		if found == had {
			continue // m binds every name out bound before
		}
		for k, v := range out {
			if _, ok := m[k]; !ok {
				out[k] = join(v, empty)
			}
		}
	}
	return out
}

// concreteLoop runs a loop whose inputs are all constants with the
// concrete interpreter (a decoder written inline), and stores what it
// computed. It reports whether it could.
func (a *analyzer) concreteLoop(s *stmt, fr *frame) bool {
	if a.in.steps >= a.in.limit {
		return false
	}
	reads := false
	if a.top == nil {
		a.top = newSlotTab()
	}
	env := newEnv(a.top, func(n string) (cv, bool) {
		reads = true
		return a.lookupConst(n, fr)
	})
	saved := a.in.limit
	a.in.limit = min(a.in.steps+stepBudget, saved)
	r := a.in.exec([]*stmt{s}, env)
	a.in.limit = saved
	if r == cFail || !reads {
		return false
	}
	st := step{what: fmt.Sprintf("computed by the loop at line %d", a.lineOf(s.line)), line: a.lineOf(s.line)}
	env.each(func(name string, v *cv) {
		old := a.lookup(name, fr)
		if c, ok := old.single(); ok && sameCV(c, *v) {
			return
		}
		nv := constVal(*v)
		if v.k == cStr && len(v.s) > 0 {
			nv = withStep(nv, st)
		}
		a.assign(&expr{k: eIdent, name: name}, nv, fr)
	})
	return true
}

// lookupConst gives the constant value of a variable for the concrete
// interpreter.
//
// A variable that nothing assigns is Empty, as in VBScript (an undeclared
// name used in a procedure is a new local variable).
func (a *analyzer) lookupConst(name string, fr *frame) (cv, bool) {
	v := a.lookup(name, fr)
	if c, ok := v.single(); ok {
		return c, true
	}
	if c, ok := vbConstants[name]; ok {
		return c, true
	}
	if v == nil && a.funcs[name] == nil && !builtinSet[name] && !intrinsic[name] {
		return cv{}, true
	}
	return cv{}, false
}

// intrinsic names the objects of the ASP runtime.
var intrinsic = map[string]bool{"request": true, "response": true, "server": true, "session": true,
	"application": true, "err": true, "objectcontext": true, "wscript": true}

// ---------------------------------------------------------------------
// Variables.

func (a *analyzer) lookup(name string, fr *frame) *aval {
	if fr.fn != nil {
		if fr.locals[name] {
			if v, ok := fr.vars.get(name); ok {
				return v
			}
			return constVal(cv{})
		}
		if v, ok := a.globals[name]; ok {
			return v
		}
		return nil
	}
	if v, ok := fr.vars.get(name); ok {
		return v
	}
	if v, ok := a.globals[name]; ok {
		return v
	}
	return nil
}

func (a *analyzer) setVar(name string, v *aval, fr *frame) {
	if fr.fn != nil && (fr.locals[name] || name == fr.fn.def.name) {
		fr.vars.set(name, v)
		return
	}
	if fr.fn == nil {
		fr.vars.set(name, v)
	}
	a.globals[name] = join(a.globals[name], v)
}

func (a *analyzer) assign(t *expr, v *aval, fr *frame) {
	if t == nil || v == nil {
		return
	}
	switch t.k {
	case eIdent:
		a.setVar(t.name, v, fr)
	case eCall, eIndex:
		// Session("k") = v, arr(i) = v, Response.Cookies("k") = v.
		if t.x == nil {
			return
		}
		if store := a.storeName(t.x); store != "" {
			key := "*"
			if len(t.args) > 0 {
				if c, ok := a.eval(t.args[0], fr).single(); ok {
					key = lower(toStr(c, vbscript))
				}
			}
			a.session[store+":"+key] = join(a.session[store+":"+key], v)
			return
		}
		if t.x.k == eIdent {
			old := a.lookup(t.x.name, fr)
			if old != nil && old.obj != nil {
				if old.obj.class == "scripting.dictionary" {
					// d("k") = v: an entry of the dictionary.
					old.obj.content = join(old.obj.content, v)
				}
				return
			}
			// An element of an array: the array keeps what any element may be.
			a.setVar(t.x.name, join(old, &aval{unk: true, taint: v.taint, params: v.params, steps: v.steps, remote: v.remote}), fr)
		}
	case eMember:
		var base *aval
		if t.x == nil {
			if len(fr.with) > 0 {
				base = fr.with[len(fr.with)-1]
			}
		} else {
			base = a.eval(t.x, fr)
		}
		if base == nil {
			return
		}
		if base.obj != nil {
			a.setProp(base.obj, t.name, v, t.line)
			return
		}
		if base.props != nil {
			base.props[t.name] = v
		}
	}
}

// storeName recognises Session and Application (and their Contents).
func (a *analyzer) storeName(e *expr) string {
	if e.k == eIdent && (e.name == "session" || e.name == "application") {
		return e.name
	}
	if e.k == eMember && e.name == "contents" && e.x != nil && e.x.k == eIdent && (e.x.name == "session" || e.x.name == "application") {
		return e.x.name
	}
	return ""
}

func (a *analyzer) readStore(store, key string) *aval {
	v := a.session[store+":"+key]
	if key != "*" {
		v = join(v, a.session[store+":*"])
	} else {
		// In a fixed order: the origin a join keeps is its first.
		for _, k := range slices.Sorted(maps.Keys(a.session)) {
			if strings.HasPrefix(k, store+":") {
				v = join(v, a.session[k])
			}
		}
	}
	if v == nil {
		return unknown
	}
	return v
}

// elementOf is what an element of collection v may be.
func elementOf(v *aval) *aval {
	if v == nil {
		return unknown
	}
	r := &aval{unk: true, taint: v.taint, params: v.params, remote: v.remote, steps: v.steps}
	for _, c := range v.alts {
		if c.k == cArr {
			for _, e := range c.elems() {
				r = join(r, constVal(e))
			}
		}
	}
	if v.obj != nil {
		r.obj = v.obj
	}
	return r
}

// noteCompare records constants compared against (extension checks).
func (a *analyzer) noteCompare(e *expr) {
	walkExpr(e, a.noteConst)
}

func (a *analyzer) noteConst(e *expr) {
	if e.k == eConst && e.c.k == cStr && extList(e.c.s) {
		a.extCheck = true
	}
}

// extList reports a constant that names file extensions, as an upload
// allow or deny list does ("jpg|gif|png", ".asp", "asa").
func extList(s string) bool {
	l := lower(s)
	if len(l) > 200 {
		return false
	}
	for _, e := range []string{"jpg", "jpeg", "gif", "png", "bmp", "asp", "asa", "cer", "cdx", "aspx", "exe", "php"} {
		i := strings.Index(l, e)
		if i < 0 {
			continue
		}
		before := i == 0 || !isAlnum(l[i-1]) || l[i-1] == '_'
		after := i+len(e) == len(l) || !isAlnum(l[i+len(e)])
		if before && after && len(l) <= len(e)+40 {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]*funcInfo) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
