package jsp

// The syntax tree the parser builds: enough of Java for an abstract
// interpretation (names, calls, constructors, assignments, control flow,
// classes and methods), not a faithful Java AST. Types are kept as their
// source spelling ("java.io.File", "byte[]").

type expr interface{ ln() int32 }

type (
	nameExpr struct {
		id   string
		line int32
	}
	litExpr struct {
		kind tokKind // tString, tChar, tNum; tIdent for true/false/null
		text string
		num  int64
		esc  bool // spelled with \u escapes
		line int32
	}
	callExpr struct {
		recv expr // nil for an unqualified call
		name string
		args []expr
		line int32
	}
	newExpr struct {
		typ   string
		args  []expr
		body  *classDecl // anonymous class
		array bool
		dims  []expr
		init  *arrayInit
		line  int32
	}
	arrayInit struct {
		elems []expr
		line  int32
	}
	fieldExpr struct {
		x    expr
		name string
		line int32
	}
	indexExpr struct {
		x, i expr
		line int32
	}
	unaryExpr struct {
		op   string
		x    expr
		line int32
	}
	binaryExpr struct {
		op   string
		x, y expr
		line int32
	}
	assignExpr struct {
		op   string
		l, r expr
		line int32
	}
	condExpr struct {
		c, t, f expr
		line    int32
	}
	castExpr struct {
		typ  string
		x    expr
		line int32
	}
	lambdaExpr struct {
		params []string
		body   expr
		block  *block
		line   int32
	}
	classLit struct {
		typ  string
		line int32
	}
	methodRef struct {
		x    expr
		name string
		line int32
	}
	stmtExpr struct { // a switch expression
		s    stmt
		line int32
	}
)

func (e *nameExpr) ln() int32   { return e.line }
func (e *litExpr) ln() int32    { return e.line }
func (e *callExpr) ln() int32   { return e.line }
func (e *newExpr) ln() int32    { return e.line }
func (e *arrayInit) ln() int32  { return e.line }
func (e *fieldExpr) ln() int32  { return e.line }
func (e *indexExpr) ln() int32  { return e.line }
func (e *unaryExpr) ln() int32  { return e.line }
func (e *binaryExpr) ln() int32 { return e.line }
func (e *assignExpr) ln() int32 { return e.line }
func (e *condExpr) ln() int32   { return e.line }
func (e *castExpr) ln() int32   { return e.line }
func (e *lambdaExpr) ln() int32 { return e.line }
func (e *classLit) ln() int32   { return e.line }
func (e *methodRef) ln() int32  { return e.line }
func (e *stmtExpr) ln() int32   { return e.line }

type stmt interface{}

type (
	block struct {
		stmts []stmt
	}
	exprStmt struct {
		x expr
	}
	localVar struct {
		typ   string
		names []string
		inits []expr // nil entries for declarators without initialiser
		line  int32
	}
	ifStmt struct {
		cond      expr
		then, els stmt
	}
	loopStmt struct { // while, do, for
		init   []stmt
		cond   expr
		update []expr
		body   stmt
	}
	forEach struct {
		typ, name string
		iter      expr
		body      stmt
		line      int32
	}
	tryStmt struct {
		res     []stmt
		body    *block
		catches []catchClause
		fin     *block
	}
	catchClause struct {
		typ, name string
		body      *block
	}
	switchStmt struct {
		x     expr
		cases []*block
	}
	returnStmt struct {
		x    expr
		line int32
	}
	classStmt struct {
		c *classDecl
	}
)

// classDecl is a class, interface, enum or record, named or anonymous.
type classDecl struct {
	name    string
	kind    string   // "class", "interface", "enum", "record", "" for anonymous
	supers  []string // extends and implements
	fields  []*localVar
	methods []*method
	inits   []*block
	inner   []*classDecl
	line    int32
}

// method is a method or constructor.
type method struct {
	name   string
	params []param
	body   *block // nil when abstract
	cls    *classDecl
	line   int32
	ctor   bool
	size   int // tokens in the body
}

type param struct {
	typ, name string
}
