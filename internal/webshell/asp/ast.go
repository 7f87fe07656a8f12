package asp

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
}

// node returns a new expression node with the value of e. The nodes of
// a program are allocated in blocks: a page has hundreds of thousands,
// and one allocation each was a large part of parsing.
func (p *program) node(e expr) *expr {
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]expr, 0, 64)
	}
	p.slab = append(p.slab, e)
	return &p.slab[len(p.slab)-1]
}

// one returns a list of one new statement with the value of s, allocated
// as node does (most simple statements are parsed as one). The list is
// full: appending to it copies.
func (p *program) one(s stmt) []*stmt {
	if len(p.stmts1) == cap(p.stmts1) {
		p.stmts1 = make([]stmt, 0, 64)
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
