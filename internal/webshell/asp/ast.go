package asp

import "sync"

// The syntax tree shared by VBScript and JScript: both are reduced to
// assignments, calls, member accesses, control flow and functions, which
// is all the analysis needs.

// ekind is an expression kind.
type ekind uint8

const (
	eConst  ekind = iota // literal: c
	eIdent               // name
	eMember              // x.name; x nil inside a VBScript With block
	eCall                // x(args): a call, or a VBScript array index
	eIndex               // x[args] (JScript)
	eBin                 // x op y
	eUn                  // op x
	eNew                 // new x(args) / New Class (name)
	eArray               // [args] (JScript)
	eObject              // {keys: args} (JScript); c is the array of the keys (strings)
	eFunc                // function expression: fn
	eCond                // x ? y : z
	eAssign              // x op y (JScript assignment expression; op "=", "+=", ...)
)

// expr is an expression node.
type expr struct {
	k    ekind
	lang language
	bi   int8  // builtinSet[name]: 0 unknown, 1 yes, 2 no (see interp.go)
	slot int32 // the slot of name in stab (see interp.go)
	op   string
	name string // lower case
	c    cv     // eConst: the value; eObject: the keys
	x    *expr
	y    *expr
	z    *expr
	args []*expr
	fn   *funcDef
	line int
	val  *aval // eConst: its abstract value, made at the first evaluation

	// Caches of the concrete interpreter (see interp.go).
	stab *slotTab // the table slot is a number of
	fgen uint64
	fdef *funcDef // the function name names, as of interp fgen
}

// skind is a statement kind.
type skind uint8

const (
	sExpr    skind = iota // x evaluated (a call statement)
	sAssign               // x = y
	sIf                   // conds[i] -> bodies[i]; body: else
	sLoop                 // init; while x; body; post (for, while, do)
	sForEach              // for each x in y: body
	sSelect               // select case x: conds are the case values (args), bodies
	sReturn               // return x
	sExit                 // exit for/do/function, break, continue
	sWith                 // with x: body
	sDim                  // dim names
	sBlock                // body
)

// stmt is a statement node.
type stmt struct {
	k      skind
	x, y   *expr
	cases  [][]*expr // sSelect: values per case (nil: Case Else)
	conds  []*expr
	bodies [][]*stmt
	body   []*stmt
	init   []*stmt
	post   []*stmt
	names  []string
	kw     string
	line   int
}

// funcDef is a Function, Sub, Property or JScript function.
type funcDef struct {
	name   string // lower case; "" for an anonymous JScript function
	params []string
	byRef  []bool
	body   []*stmt
	sub    bool
	lang   language
	line   int
	class  string // enclosing VBScript class, lower case

	// The concrete interpreter's numbering of the variables.
	tab    *slotTab
	pslots []int32 // of params
	nslot  int32   // of name
}

// program is the parsed server code of a page, or of code it executes.
type program struct {
	stmts  []*stmt
	funcs  []*funcDef
	slab   []expr  // where node allocates
	stmts1 []stmt  // where one allocates
	lists  []*stmt // where one allocates

	// reuse: the blocks of slab and stmts1 come from spareExprs and
	// spareStmts and go back there (free); exprBlocks and stmtBlocks are
	// all of them.
	reuse      bool
	exprBlocks [][]expr
	stmtBlocks [][]stmt
}

// slabSize is the number of nodes in one block of program.slab and
// program.stmts1 (176- and 216-byte nodes: blocks stay below the 32 KB
// of small allocations).
const slabSize = 128

// spareBlocks keeps the node blocks of one kind from finished page
// programs for reuse (see program.free): a page has hundreds of thousands
// of nodes, and allocating them anew for every page made the collector
// run far more often. Not a sync.Pool, for the reason given at spareToks.
type spareBlocks[T any] struct {
	sync.Mutex
	free [][]T
}

var (
	spareExprs spareBlocks[expr]
	spareStmts spareBlocks[stmt]
)

// maxSpareSlabs bounds the blocks of each kind kept for reuse (2.8 MB of
// expression nodes, 3.5 MB of statements).
const maxSpareSlabs = 128

// take returns an empty block of slabSize nodes. With reuse it is a
// spare one when there is one, and it is recorded in mine, the blocks
// the program gives back when freed.
func (s *spareBlocks[T]) take(reuse bool, mine *[][]T) []T {
	var b []T
	if reuse {
		s.Lock()
		if n := len(s.free); n > 0 {
			b = s.free[n-1]
			s.free[n-1] = nil
			s.free = s.free[:n-1]
		}
		s.Unlock()
	}
	if b == nil {
		b = make([]T, 0, slabSize)
	}
	if reuse {
		*mine = append(*mine, b)
	}
	return b
}

// give keeps blocks for reuse, cleared first so that what their nodes
// referenced does not stay reachable, up to maxSpareSlabs.
func (s *spareBlocks[T]) give(blocks [][]T) {
	for _, b := range blocks {
		clear(b[:cap(b)])
	}
	s.Lock()
	for _, b := range blocks {
		if len(s.free) < maxSpareSlabs {
			s.free = append(s.free, b[:0])
		}
	}
	s.Unlock()
}

// node returns a new expression node with the value of e. The nodes of
// a program are allocated in blocks: a page has hundreds of thousands,
// and one allocation each was a large part of parsing.
func (p *program) node(e expr) *expr {
	if len(p.slab) == cap(p.slab) {
		p.slab = spareExprs.take(p.reuse, &p.exprBlocks)
	}
	p.slab = append(p.slab, e)
	return &p.slab[len(p.slab)-1]
}

// free gives the node blocks of a program that nothing uses any more
// back for reuse. Only a program made with reuse set has them.
func (p *program) free() {
	if p == nil || !p.reuse {
		return
	}
	spareExprs.give(p.exprBlocks)
	spareStmts.give(p.stmtBlocks)
	p.exprBlocks, p.stmtBlocks, p.slab, p.stmts1 = nil, nil, nil, nil
}

// one returns a list of one new statement with the value of s, allocated
// as node does (most simple statements are parsed as one). The list is
// full: appending to it copies.
func (p *program) one(s stmt) []*stmt {
	if len(p.stmts1) == cap(p.stmts1) {
		p.stmts1 = spareStmts.take(p.reuse, &p.stmtBlocks)
	}
	if len(p.lists) == cap(p.lists) {
		p.lists = make([]*stmt, 0, 256)
	}
	p.stmts1 = append(p.stmts1, s)
	p.lists = append(p.lists, &p.stmts1[len(p.stmts1)-1])
	n := len(p.lists)
	return p.lists[n-1 : n : n]
}

// walkExpr calls fn with e and every expression inside it, as walkExprs.
func walkExpr(e *expr, fn func(*expr)) {
	if e == nil {
		return
	}
	fn(e)
	walkExpr(e.x, fn)
	walkExpr(e.y, fn)
	walkExpr(e.z, fn)
	for _, a := range e.args {
		walkExpr(a, fn)
	}
	if e.fn != nil {
		walkExprs(e.fn.body, fn)
	}
}

// walkExprs calls fn for every expression of the statements, depth first.
func walkExprs(ss []*stmt, fn func(*expr)) {
	var we func(e *expr)
	we = func(e *expr) {
		if e == nil {
			return
		}
		fn(e)
		we(e.x)
		we(e.y)
		we(e.z)
		for _, a := range e.args {
			we(a)
		}
		if e.fn != nil {
			walkExprs(e.fn.body, fn)
		}
	}
	var ws func(ss []*stmt)
	ws = func(ss []*stmt) {
		for _, s := range ss {
			we(s.x)
			we(s.y)
			for _, c := range s.cases {
				for _, e := range c {
					we(e)
				}
			}
			for _, e := range s.conds {
				we(e)
			}
			for _, b := range s.bodies {
				ws(b)
			}
			ws(s.body)
			ws(s.init)
			ws(s.post)
		}
	}
	ws(ss)
}
