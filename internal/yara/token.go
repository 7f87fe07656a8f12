package yara

import "fmt"

// Pos is a position in a rule source file. Line and Col are 1-based; Col
// counts bytes. Offset is the 0-based byte offset.
type Pos struct {
	File   string
	Line   int
	Col    int
	Offset int
}

// String formats the position as file:line:col.
func (p Pos) String() string {
	if p.File == "" {
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// IsValid reports whether the position was set.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Kind is the kind of a lexical token.
type Kind int

// Token kinds.
const (
	EOF Kind = iota
	Illegal

	Identifier    // foo
	StringIdent   // $a or $
	StringIdentWC // $a*
	StringCount   // #a
	StringOffset  // @a
	StringLength  // !a
	Number        // 123, 0x10, 0o7, 10KB
	Float         // 1.5
	Text          // "..."
	HexString     // { AA BB }
	Regexp        // /.../is
	IntFunc       // int8 .. uint32be

	// Keywords.
	KwAll
	KwAnd
	KwAny
	KwASCII
	KwAt
	KwBase64
	KwBase64Wide
	KwCondition
	KwContains
	KwDefined
	KwEndswith
	KwEntrypoint
	KwFalse
	KwFilesize
	KwFor
	KwFullword
	KwGlobal
	KwIcontains
	KwIendswith
	KwIequals
	KwImport
	KwIn
	KwInclude
	KwIstartswith
	KwMatches
	KwMeta
	KwNocase
	KwNone
	KwNot
	KwOf
	KwOr
	KwPrivate
	KwRule
	KwStartswith
	KwStrings
	KwThem
	KwTrue
	KwWide
	KwXor

	// Punctuation and operators.
	LBrace    // {
	RBrace    // }
	LParen    // (
	RParen    // )
	LBrack    // [
	RBrack    // ]
	Colon     // :
	Comma     // ,
	Dot       // .
	DotDot    // ..
	Assign    // =
	Eq        // ==
	Neq       // !=
	Lt        // <
	Le        // <=
	Gt        // >
	Ge        // >=
	Shl       // <<
	Shr       // >>
	Plus      // +
	Minus     // -
	Star      // *
	Backslash // \
	Percent   // %
	Amp       // &
	Pipe      // |
	Caret     // ^
	Tilde     // ~
)

var keywords = map[string]Kind{
	"all": KwAll, "and": KwAnd, "any": KwAny, "ascii": KwASCII, "at": KwAt,
	"base64": KwBase64, "base64wide": KwBase64Wide, "condition": KwCondition,
	"contains": KwContains, "defined": KwDefined, "endswith": KwEndswith,
	"entrypoint": KwEntrypoint, "false": KwFalse, "filesize": KwFilesize,
	"for": KwFor, "fullword": KwFullword, "global": KwGlobal,
	"icontains": KwIcontains, "iendswith": KwIendswith, "iequals": KwIequals,
	"import": KwImport, "in": KwIn, "include": KwInclude,
	"istartswith": KwIstartswith, "matches": KwMatches, "meta": KwMeta,
	"nocase": KwNocase, "none": KwNone, "not": KwNot, "of": KwOf, "or": KwOr,
	"private": KwPrivate, "rule": KwRule, "startswith": KwStartswith,
	"strings": KwStrings, "them": KwThem, "true": KwTrue, "wide": KwWide,
	"xor": KwXor,
}

// intFuncs are the integer-reading functions, lexed as IntFunc tokens.
var intFuncs = map[string]bool{
	"int8": true, "int16": true, "int32": true, "uint8": true, "uint16": true,
	"uint32": true, "int8be": true, "int16be": true, "int32be": true,
	"uint8be": true, "uint16be": true, "uint32be": true,
}

var kindNames = map[Kind]string{
	EOF: "end of file", Illegal: "illegal token", Identifier: "identifier",
	StringIdent: "string identifier", StringIdentWC: "string identifier with wildcard",
	StringCount: "string count", StringOffset: "string offset",
	StringLength: "string length", Number: "integer number",
	Float: "floating point number", Text: "text string", HexString: "hex string",
	Regexp: "regular expression", IntFunc: "integer function",
	LBrace: "'{'", RBrace: "'}'", LParen: "'('", RParen: "')'", LBrack: "'['",
	RBrack: "']'", Colon: "':'", Comma: "','", Dot: "'.'", DotDot: "'..'",
	Assign: "'='", Eq: "'=='", Neq: "'!='", Lt: "'<'", Le: "'<='", Gt: "'>'",
	Ge: "'>='", Shl: "'<<'", Shr: "'>>'", Plus: "'+'", Minus: "'-'",
	Star: "'*'", Backslash: "'\\'", Percent: "'%'", Amp: "'&'", Pipe: "'|'",
	Caret: "'^'", Tilde: "'~'",
}

func init() {
	for s, k := range keywords {
		kindNames[k] = "<" + s + ">"
	}
}

// String names the kind as yara's parser does in its messages.
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Token is one lexical token.
type Token struct {
	Kind Kind
	Pos  Pos
	// Text is the token's source text (for Text tokens, the text between the
	// quotes, still escaped).
	Text string
	// Value holds the decoded value: int64 for Number, float64 for Float,
	// []byte for Text, string (regexp body) for Regexp, and the *Error for
	// an Illegal token that has one.
	Value any
	// Flags holds the regexp flags ("i", "s", "is") for Regexp tokens.
	Flags string
}
