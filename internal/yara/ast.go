package yara

// File is a parsed rule source together with the files it includes.
type File struct {
	// Path names the file as given to the parser.
	Path string
	// Imports are the modules imported, in order, including by included
	// files.
	Imports []*Import
	// Includes are the include statements met, in order, including nested
	// ones.
	Includes []*Include
	// Rules are the rules that were parsed and checked without error, in
	// source order (included files' rules at the point of inclusion).
	Rules []*Rule
	// Wildcards are the prefixes of the wildcard rule sets used.
	Wildcards []string
}

// Import is an `import "module"` statement.
type Import struct {
	Pos    Pos
	Module string
}

// Include is an `include "path"` statement. Resolved is the path that was
// opened (relative to the including file's directory).
type Include struct {
	Pos      Pos
	Path     string
	Resolved string
}

// Rule is one rule declaration.
type Rule struct {
	Pos       Pos // position of the `rule` keyword
	Name      string
	NamePos   Pos
	Private   bool
	Global    bool
	Tags      []string
	Metas     []*Meta
	Strings   []*String
	Condition Expr
}

// Meta is one `name = value` entry of a rule's meta section. Value is a
// string, an int64 or a bool.
type Meta struct {
	Pos   Pos
	Name  string
	Value any
}

// StringKind says which of the three forms a string declaration takes.
type StringKind int

// String declaration forms.
const (
	TextStringKind StringKind = iota
	HexStringKind
	RegexpStringKind
)

// Modifiers are the modifiers of a string declaration.
type Modifiers struct {
	Nocase, Wide, ASCII, Fullword, Private bool
	Base64, Base64Wide                     bool
	// Base64Alphabet is the custom alphabet given to base64 or base64wide,
	// empty for the default one.
	Base64Alphabet string
	Xor            bool
	// XorMin and XorMax bound the xor keys (0..255 for plain `xor`).
	XorMin, XorMax int
}

// String is one declaration of the strings section.
type String struct {
	Pos  Pos
	ID   string // "$a", or "$" for an anonymous string
	Kind StringKind
	// Text is the decoded value of a text string.
	Text []byte
	// Hex is the parsed body of a hex string.
	Hex *HexSeq
	// HexSource is the body of a hex string as written between the braces.
	HexSource string
	// Regexp is the body of a regular expression, with "\/" unescaped;
	// RegexpFlags holds "i" and/or "s".
	Regexp      string
	RegexpFlags string
	Modifiers   Modifiers
}

// Anonymous reports whether the string was declared as plain `$`.
func (s *String) Anonymous() bool { return s.ID == "$" }

// HexSeq is a sequence of hex string tokens.
type HexSeq struct {
	Items []HexItem
}

// HexItem is one element of a hex string: a HexByte, a HexJump or a HexAlt.
type HexItem interface{ hexItem() }

// HexByte is a byte with a mask: it matches b when b&Mask == Value.
// "??" is Mask 0x00, "?A" is Mask 0x0F, "A?" is Mask 0xF0.
type HexByte struct {
	Value, Mask byte
}

// HexJump is [Min-Max]; Max is -1 for an unbounded jump.
type HexJump struct {
	Min, Max int
}

// HexAlt is ( A | B | ... ).
type HexAlt struct {
	Alts []*HexSeq
}

func (HexByte) hexItem() {}
func (HexJump) hexItem() {}
func (*HexAlt) hexItem() {}

// Type is the static type of an expression, as yara's compiler infers it.
type Type int

// Expression types. TypeUnknown is used for values read from modules, whose
// schema is not known to the front end; it is compatible with every type.
const (
	TypeUnknown Type = iota
	TypeBool
	TypeInt
	TypeFloat
	TypeString
	TypeRegexp
)

// String names the type as yara's messages do.
func (t Type) String() string {
	return [...]string{"unknown", "boolean", "integer", "float", "string", "regexp"}[t]
}

// Expr is a condition expression node.
type Expr interface {
	// Position returns where the expression starts.
	Position() Pos
}

// Node is embedded in every expression and records its start position.
type Node struct{ Pos Pos }

// Position returns the node's start position.
func (n Node) Position() Pos { return n.Pos }

// BoolLit is true or false.
type BoolLit struct {
	Node
	Value bool
}

// IntLit is an integer literal (KB/MB already applied).
type IntLit struct {
	Node
	Value int64
	Text  string
}

// FloatLit is a floating point literal.
type FloatLit struct {
	Node
	Value float64
}

// StringLit is a text string literal.
type StringLit struct {
	Node
	Value []byte
}

// RegexpLit is a regular expression used in a condition.
type RegexpLit struct {
	Node
	Source string // body with "\/" unescaped
	Flags  string // "i", "s", "is" or ""
}

// Keyword is filesize or entrypoint.
type Keyword struct {
	Node
	Name string
}

// Ident is a bare identifier: a rule, an external variable, a loop variable
// or a module. Ref says which.
type Ident struct {
	Node
	Name string
	Ref  IdentRef
}

// IdentRef is what an identifier refers to.
type IdentRef int

// Identifier referents.
const (
	RefRule IdentRef = iota + 1
	RefExternal
	RefLoopVar
	RefModule
)

// Member is X.Name (module field access).
type Member struct {
	Node
	X    Expr
	Name string
}

// Index is X[Index] (array or dictionary lookup).
type Index struct {
	Node
	X     Expr
	Index Expr
}

// Call is Fun(Args...) (module function call).
type Call struct {
	Node
	Fun  Expr
	Args []Expr
}

// IntFuncCall is int8(x) .. uint32be(x).
type IntFuncCall struct {
	Node
	Name string
	Arg  Expr
}

// StringMatch is $a, $a at N, or $a in (x..y). ID may be "$" inside
// for-of loops.
type StringMatch struct {
	Node
	ID    string
	At    Expr   // nil unless `at`
	Range *Range // nil unless `in`
}

// StringCountExpr is #a or #a in (x..y).
type StringCountExpr struct {
	Node
	ID    string
	Range *Range
}

// StringOffsetExpr is @a or @a[i] (Index nil means 1).
type StringOffsetExpr struct {
	Node
	ID    string
	Index Expr
}

// StringLengthExpr is !a or !a[i] (Index nil means 1).
type StringLengthExpr struct {
	Node
	ID    string
	Index Expr
}

// Unary is a prefix operator: "not", "defined", "-" or "~".
type Unary struct {
	Node
	Op string
	X  Expr
}

// Binary is a binary operator: "and", "or", comparisons ("==", "!=", "<",
// "<=", ">", ">="), string operators ("contains", "icontains", "startswith",
// "istartswith", "endswith", "iendswith", "iequals", "matches"), arithmetic
// ("+", "-", "*", "\\", "%") and bitwise ("&", "|", "^", "<<", ">>").
type Binary struct {
	Node
	Op   string
	X, Y Expr
	// OpPos is the position of the operator.
	OpPos Pos
}

// Range is (Lo..Hi).
type Range struct {
	Node
	Lo, Hi Expr
}

// Enum is (a, b, c) in a for ... in loop.
type Enum struct {
	Node
	Items []Expr
}

// QuantKind says which quantifier a loop or of-expression uses.
type QuantKind int

// Quantifier kinds.
const (
	QuantAll QuantKind = iota
	QuantAny
	QuantNone
	QuantExpr    // N of ...
	QuantPercent // N% of ...
)

// Quantifier is all, any, none, an expression, or a percentage.
type Quantifier struct {
	Node
	Kind QuantKind
	N    Expr // for QuantExpr and QuantPercent
}

// StringSet is `them` or a parenthesised list of string identifiers, some
// with wildcards ("$a*", "$*").
type StringSet struct {
	Node
	Them bool
	IDs  []string
	// Strings are the declarations the set denotes, in declaration order.
	Strings []*String
}

// RuleSet is a parenthesised list of rule names, some with wildcards.
type RuleSet struct {
	Node
	Names []string
	// Rules are the rule names the set denotes at the point of use.
	Rules []string
}

// Of is `Quant of Set`, optionally `in Range`. Set is a *StringSet or a
// *RuleSet.
type Of struct {
	Node
	Quant *Quantifier
	Set   Expr
	Range *Range
}

// ForIn is `for Quant Vars in Iter : ( Body )`. Iter is a *Range, an *Enum
// or a module expression (array or dictionary).
type ForIn struct {
	Node
	Quant *Quantifier
	Vars  []string
	Iter  Expr
	Body  Expr
}

// ForOf is `for Quant of Set : ( Body )`; Body refers to the string with $,
// #, @ and !.
type ForOf struct {
	Node
	Quant *Quantifier
	Set   *StringSet
	Body  Expr
}

// Paren is a parenthesised expression, kept so that printing round-trips.
type Paren struct {
	Node
	X Expr
}
