package aspx

// The parsers reduce C#, VB.NET and JScript.NET to one small model: a
// program is a set of methods, each a flat list of actions (declare,
// evaluate, return, bind a loop variable) over expressions. Control flow
// is dropped on purpose: the evaluator treats every action as reachable,
// and loops and branches are covered by evaluating a body twice and by
// never forgetting that a variable once held request data.

type eop uint8

const (
	eIdent  eop = iota // name
	eStr               // str
	eChar              // str
	eNum               // num
	eMember            // x.name (x nil: VB's With target)
	eCall              // x(args); in VB also an index
	eIndex             // x[args]
	eNew               // new name(args) { init }; arr: an array creation
	eArray             // { args } or [ args ]
	eBinary            // args[0] name args[1]
	eUnary             // name x
	eCond              // args[0] ? args[1] : args[2]
	eAssign            // args[0] name args[1]; name is "=", "+=", "&=", ...
	eCast              // (name) x, x as name, CType(x, name)
	eTypeof            // typeof(name), GetType(name)
	eLambda            // (params) => body
	eObject            // JScript object literal: args are eAssign(key, value)
)

type expr struct {
	op     eop
	name   string
	str    string
	num    int64
	x      *expr
	args   []*expr
	init   []*expr
	body   []action
	params []param
	arr    bool
	off    int32
	line   int32
}

type akind uint8

const (
	aExpr    akind = iota // evaluate e
	aDecl                 // declare name (type typ) = e (e may be nil)
	aReturn               // return e (a VB Function also returns by assigning its name)
	aForeach              // name takes the elements of e
	aWith                 // VB With e ... End With
	aEndWith
)

type action struct {
	k    akind
	loop bool // inside a loop body: assignments merge with earlier values
	name string
	typ  string
	e    *expr
	off  int32
	line int32
}

type param struct {
	name string
	typ  string
}

// method is a method, property accessor, function, lambda-free body of
// code, or the implicit render method of a page's <% %> blocks.
type method struct {
	name   string
	class  string
	params []param
	body   []action
	web    bool // [WebMethod] or an HTTP entry point: parameters come from the request
	global bool // class-level code: declarations are fields
	render bool // the page's <% %> code
	bind   bool // the page's <%# %> data-binding expressions
	prop   bool // a property getter: reading the name calls it
	lang   language
	off    int32
	line   int32
}

type program struct {
	methods []*method
	byName  map[string][]*method
	classes map[string]bool
}

func newProgram() *program {
	return &program{byName: map[string][]*method{}, classes: map[string]bool{}}
}

func (pr *program) add(m *method) {
	pr.methods = append(pr.methods, m)
	if m.name != "" {
		pr.byName[m.name] = append(pr.byName[m.name], m)
	}
}

// shortType is the last component of a dotted, lower-case type name,
// without generic arguments or array brackets: "system.io.streamwriter" ->
// "streamwriter".
func shortType(t string) string {
	for i := len(t) - 1; i >= 0; i-- {
		if t[i] == '.' {
			t = t[i+1:]
			break
		}
	}
	return t
}
