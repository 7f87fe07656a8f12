package yara

import (
	"fmt"
	"strings"

	"github.com/yingji/yingji/internal/yara/module"
)

// Options configure parsing. The zero value is usable.
type Options struct {
	// Externals are the external variables defined by the caller (yara's
	// -d name=value); a value is a string, int64 (or int), float64 or bool.
	// Use ParseExternal to convert a -d value as yara does.
	Externals map[string]any
	// ReadFile reads included files; nil means os.ReadFile.
	ReadFile func(path string) ([]byte, error)
	// MaxIncludeDepth bounds nested includes; 0 means 16 (yara's limit).
	MaxIncludeDepth int
	// MaxSize bounds the size of each source file in bytes; 0 means 64 MiB.
	MaxSize int
	// MaxNesting bounds the nesting of expressions and hex alternatives;
	// 0 means 256.
	MaxNesting int
	// CheckRegexp, if set, validates the body of every regular expression
	// (flags "i" and/or "s"); an error is reported as yara's "invalid
	// regular expression". The regexp engine provides it.
	CheckRegexp func(body, flags string) error
	// Modules are the module names `import` accepts; nil means the modules
	// of yara 4.2.3 (pe, elf, math, hash, time, console, dotnet, cuckoo,
	// magic, dex, macho).
	Modules map[string]bool
	// Rules and Imports are the rules declared and the modules imported
	// by the files parsed before this one into the same namespace: yara
	// compiles the files of a command line in one namespace, where a rule
	// may use the rules and modules of an earlier file. ParseFiles sets
	// them.
	Rules, Imports []string
	// Wildcards are the prefixes of the wildcard rule sets ("any of
	// (a*)") used by those files: a later rule may not match one.
	Wildcards []string
	// Schema returns the schema of a module, used to check field names,
	// function arguments and types as yara's compiler does; nil means
	// the schemas of the modules registered with package module. A
	// module without a schema accepts any use, with unknown types.
	Schema func(module string) *module.Type
}

// DefaultModules are the modules built into the reference yara 4.2.3.
var DefaultModules = map[string]bool{
	"pe": true, "elf": true, "math": true, "hash": true, "time": true,
	"console": true, "dotnet": true, "cuckoo": true, "magic": true,
	"dex": true, "macho": true,
}

// val is an expression under construction with what the checker knows of
// it.
type val struct {
	e      Expr
	t      Type
	prim   bool // parsed as yara's primary_expression
	iconst bool // t == TypeInt and the value is known
	ival   int64
	// mt is the module schema type of a module value (nil when the
	// module's schema is unknown or the value is not from a module).
	mt *module.Type
}

// ruleState is the per-rule state of the checker.
type ruleState struct {
	name       string
	strings    []*String
	byID       map[string]*String
	referenced map[*String]bool
	loopVars   []loopVar
	inForOf    bool
}

type loopVar struct {
	name string
	t    Type
	mt   *module.Type // for items of module arrays and dictionaries
}

// parser parses one compilation unit (a file and its includes).
type parser struct {
	opts  Options
	lex   *Lexer
	buf   []Token // lookahead
	tok   Token   // current token
	errs  ErrorList
	out   *File
	depth int

	includeStack []string // resolved paths, outermost first
	imports      map[string]bool
	rules        map[string]bool // name -> compiled without error
	ruleOrder    []string
	wildcards    []string // prefixes of the wildcard rule sets used so far
	rule         *ruleState
	lastLexErr   *Error // the lexical error last reported as a parse error
}

func (p *parser) next() {
	if len(p.buf) > 0 {
		p.tok = p.buf[0]
		p.buf = p.buf[1:]
		return
	}
	p.tok = p.lex.Next()
}

// peek returns the i-th token after the current one (i >= 1).
func (p *parser) peek(i int) Token {
	for len(p.buf) < i {
		p.buf = append(p.buf, p.lex.Next())
	}
	return p.buf[i-1]
}

// fail records an error at pos and abandons the current rule.
func (p *parser) fail(pos Pos, format string, args ...any) {
	p.report(pos, fmt.Sprintf(format, args...))
	panic(bailout{})
}

func (p *parser) report(pos Pos, msg string) {
	rule := ""
	if p.rule != nil {
		rule = p.rule.name
	}
	p.errs = append(p.errs, &Error{Pos: pos, Rule: rule, Msg: msg})
}

// syntaxError reports an unexpected current token and bails out. If the
// token is illegal, the lexer already said why.
func (p *parser) syntaxError() {
	if p.tok.Kind == Illegal {
		if e, ok := p.tok.Value.(*Error); ok {
			p.lastLexErr = e
			p.fail(e.Pos, "%s", e.Msg)
		}
		p.fail(p.tok.Pos, "syntax error, unexpected %q", p.tok.Text)
	}
	what := p.tok.Kind.String()
	switch p.tok.Kind {
	case Identifier, StringIdent, StringIdentWC, StringCount, StringOffset, StringLength, Number, Float, IntFunc:
		what += " \"" + p.tok.Text + "\""
	}
	p.fail(p.tok.Pos, "syntax error, unexpected %s", what)
}

func (p *parser) expect(k Kind) Token {
	if p.tok.Kind != k {
		if p.tok.Kind == Illegal {
			p.syntaxError()
		}
		p.fail(p.tok.Pos, "syntax error, unexpected %s, expecting %s", describe(p.tok), k)
	}
	t := p.tok
	p.next()
	return t
}

func describe(t Token) string {
	switch t.Kind {
	case Identifier, StringIdent, StringIdentWC, StringCount, StringOffset, StringLength, Number, Float, IntFunc:
		return t.Kind.String() + " \"" + t.Text + "\""
	}
	return t.Kind.String()
}

func (p *parser) enter(pos Pos) {
	p.depth++
	if p.depth > p.opts.MaxNesting {
		p.fail(pos, "expression nesting too deep (more than %d levels)", p.opts.MaxNesting)
	}
}

func (p *parser) leave() { p.depth-- }

// parseUnit parses the current lexer's input to its end.
func (p *parser) parseUnit() {
	p.next()
	for p.tok.Kind != EOF {
		p.topLevel()
	}
}

// topLevel parses one import, include or rule, recovering from errors by
// skipping to the next statement.
func (p *parser) topLevel() {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			p.rule = nil
			p.depth = 0
			p.resync()
		}
	}()
	switch p.tok.Kind {
	case KwImport:
		p.parseImport()
	case KwInclude:
		p.parseInclude()
	case KwRule, KwPrivate, KwGlobal:
		p.parseRule()
	default:
		p.syntaxError()
	}
}

// resync skips tokens until one that can start a statement, as yara's
// `rules error rule` production does.
func (p *parser) resync() {
	for {
		switch p.tok.Kind {
		case EOF, KwRule, KwImport, KwInclude:
			return
		case Illegal:
			// A lexical error in the skipped text is still an error.
			if e, ok := p.tok.Value.(*Error); ok && e != p.lastLexErr {
				p.report(e.Pos, e.Msg)
			}
		case KwPrivate, KwGlobal:
			i := 1
			for k := p.peek(i).Kind; k == KwPrivate || k == KwGlobal; k = p.peek(i).Kind {
				i++
			}
			if p.peek(i).Kind == KwRule {
				return
			}
			// Skip the whole run of modifiers at once, keeping this linear.
			for ; i > 1; i-- {
				p.next()
			}
		}
		p.next()
	}
}

func (p *parser) parseImport() {
	pos := p.tok.Pos
	p.next()
	t := p.expect(Text)
	name := string(t.Value.([]byte))
	if !p.opts.Modules[name] {
		p.fail(t.Pos, "unknown module %q", name)
	}
	p.imports[name] = true
	p.out.Imports = append(p.out.Imports, &Import{Pos: pos, Module: name})
}

func (p *parser) parseRule() {
	start := p.tok.Pos
	r := &Rule{Pos: start}
	for p.tok.Kind == KwPrivate || p.tok.Kind == KwGlobal {
		if p.tok.Kind == KwPrivate {
			r.Private = true
		} else {
			r.Global = true
		}
		p.next()
	}
	r.Pos = p.expect(KwRule).Pos
	nameTok := p.expect(Identifier)
	r.Name, r.NamePos = nameTok.Text, nameTok.Pos
	_, isExternal := p.opts.Externals[r.Name]
	if _, dup := p.rules[r.Name]; dup || isExternal {
		p.fail(nameTok.Pos, "duplicated identifier %q", r.Name)
	}
	for _, w := range p.wildcards {
		if strings.HasPrefix(r.Name, w) {
			p.fail(nameTok.Pos, "rule identifier %q matches previously used wildcard rule set", r.Name)
		}
	}
	// Phase 1: the name is known from here on (a rule may name itself).
	p.rules[r.Name] = false
	p.ruleOrder = append(p.ruleOrder, r.Name)
	p.rule = &ruleState{name: r.Name, byID: map[string]*String{}, referenced: map[*String]bool{}}

	if p.tok.Kind == Colon {
		p.next()
		seen := map[string]bool{}
		t := p.expect(Identifier)
		for {
			if seen[t.Text] {
				p.fail(t.Pos, "duplicated tag identifier %q", t.Text)
			}
			seen[t.Text] = true
			r.Tags = append(r.Tags, t.Text)
			if p.tok.Kind != Identifier {
				break
			}
			t = p.tok
			p.next()
		}
	}
	p.expect(LBrace)
	if p.tok.Kind == KwMeta {
		p.next()
		p.expect(Colon)
		r.Metas = append(r.Metas, p.parseMeta())
		for p.tok.Kind == Identifier {
			r.Metas = append(r.Metas, p.parseMeta())
		}
	}
	if p.tok.Kind == KwStrings {
		p.next()
		p.expect(Colon)
		p.parseStringDecl()
		for p.tok.Kind == StringIdent {
			p.parseStringDecl()
		}
	}
	r.Strings = p.rule.strings
	p.expect(KwCondition)
	p.expect(Colon)
	cond := p.parseBool()
	r.Condition = cond.e
	p.expect(RBrace)
	for _, s := range r.Strings {
		if !p.rule.referenced[s] {
			// yara reports the line of the rule's closing brace; the
			// declaration is more useful.
			p.fail(s.Pos, "unreferenced string %q", s.ID)
		}
	}
	p.rules[r.Name] = true
	p.rule = nil
	p.out.Rules = append(p.out.Rules, r)
}

func (p *parser) parseMeta() *Meta {
	name := p.expect(Identifier)
	p.expect(Assign)
	m := &Meta{Pos: name.Pos, Name: name.Text}
	switch p.tok.Kind {
	case Text:
		m.Value = string(p.tok.Value.([]byte))
	case Number:
		m.Value = p.tok.Value.(int64)
	case Minus:
		p.next()
		if p.tok.Kind != Number {
			p.syntaxError()
		}
		m.Value = -p.tok.Value.(int64)
	case KwTrue:
		m.Value = true
	case KwFalse:
		m.Value = false
	default:
		p.syntaxError()
	}
	p.next()
	return m
}

func (p *parser) parseStringDecl() {
	idTok := p.expect(StringIdent)
	p.expect(Assign)
	s := &String{Pos: idTok.Pos, ID: idTok.Text}
	if s.ID != "$" {
		if _, dup := p.rule.byID[s.ID]; dup {
			p.fail(idTok.Pos, "duplicated string identifier %q", s.ID)
		}
	}
	valTok := p.tok
	switch p.tok.Kind {
	case Text:
		s.Kind = TextStringKind
		s.Text = p.tok.Value.([]byte)
		p.next()
		p.parseTextModifiers(s)
		if len(s.Text) == 0 {
			p.fail(valTok.Pos, "empty string %q", s.ID)
		}
	case Regexp:
		s.Kind = RegexpStringKind
		s.Regexp, s.RegexpFlags = p.tok.Value.(string), p.tok.Flags
		p.next()
		p.parseSimpleModifiers(s, true)
		if p.opts.CheckRegexp != nil {
			if err := p.opts.CheckRegexp(s.Regexp, s.RegexpFlags); err != nil {
				p.fail(valTok.Pos, "invalid regular expression %q: %v", s.ID, err)
			}
		}
	case HexString:
		s.Kind = HexStringKind
		s.HexSource = p.tok.Text
		p.next()
		p.parseSimpleModifiers(s, false)
		hex, err := parseHex(s.HexSource, p.opts.MaxNesting)
		if err != "" {
			p.fail(valTok.Pos, "invalid hex string %q: %s", s.ID, err)
		}
		s.Hex = hex
	default:
		p.syntaxError()
	}
	p.rule.strings = append(p.rule.strings, s)
	if s.ID != "$" {
		p.rule.byID[s.ID] = s
	}
}

// flag returns the field of a modifier that takes no argument (private,
// wide, ascii, nocase, fullword), nil for the others.
func (m *Modifiers) flag(k Kind) *bool {
	switch k {
	case KwPrivate:
		return &m.Private
	case KwWide:
		return &m.Wide
	case KwASCII:
		return &m.ASCII
	case KwNocase:
		return &m.Nocase
	case KwFullword:
		return &m.Fullword
	}
	return nil
}

// parseSimpleModifiers parses the modifiers of a regexp (wide ascii nocase
// fullword private) or of a hex string (private).
func (p *parser) parseSimpleModifiers(s *String, isRegexp bool) {
	for {
		flag := s.Modifiers.flag(p.tok.Kind)
		if flag == nil || (!isRegexp && p.tok.Kind != KwPrivate) {
			return
		}
		if *flag {
			p.fail(p.tok.Pos, "duplicated modifier")
		}
		*flag = true
		p.next()
	}
}

const defaultBase64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

func (p *parser) parseTextModifiers(s *String) {
	m := &s.Modifiers
	alphabet := ""
	for {
		pos := p.tok.Pos
		flag := m.flag(p.tok.Kind)
		switch p.tok.Kind {
		case KwXor:
			if m.Xor {
				p.fail(pos, "duplicated modifier")
			}
			p.next()
			m.Xor, m.XorMin, m.XorMax = true, 0, 255
			if p.tok.Kind == LParen {
				p.next()
				lo := p.expect(Number)
				m.XorMin = int(min(lo.Value.(int64), 1<<20))
				m.XorMax = m.XorMin
				if p.tok.Kind == Minus {
					p.next()
					hi := p.expect(Number)
					m.XorMax = int(min(hi.Value.(int64), 1<<20))
					p.expect(RParen)
					if m.XorMax > 255 {
						p.fail(pos, "upper bound for xor range exceeded (max: 255)")
					}
					if m.XorMin > m.XorMax {
						p.fail(pos, "xor lower bound exceeds upper bound")
					}
				} else {
					p.expect(RParen)
					if m.XorMin > 255 {
						p.fail(pos, "invalid xor range")
					}
				}
			}
			continue
		case KwBase64, KwBase64Wide:
			wide := p.tok.Kind == KwBase64Wide
			if (wide && m.Base64Wide) || (!wide && m.Base64) {
				p.fail(pos, "duplicated modifier")
			}
			p.next()
			a := defaultBase64Alphabet
			if p.tok.Kind == LParen {
				p.next()
				t := p.expect(Text)
				p.expect(RParen)
				a = string(t.Value.([]byte))
				if len(a) != 64 {
					p.fail(pos, "length of base64 alphabet must be 64")
				}
			}
			if alphabet != "" && alphabet != a {
				p.fail(pos, "can not specify multiple alphabets")
			}
			alphabet = a
			if wide {
				m.Base64Wide = true
			} else {
				m.Base64 = true
			}
			continue
		}
		if flag == nil {
			break
		}
		if *flag {
			p.fail(pos, "duplicated modifier")
		}
		*flag = true
		p.next()
	}
	if alphabet != defaultBase64Alphabet {
		m.Base64Alphabet = alphabet
	}
	// yara's checks, the last failing one naming the error.
	msg := ""
	if m.Base64 || m.Base64Wide {
		name := "base64"
		if !m.Base64 {
			name = "base64wide"
		}
		if m.Nocase {
			msg = name + " nocase"
		}
		if m.Xor {
			msg = name + " xor"
		}
		if m.Fullword {
			msg = name + " fullword"
		}
	}
	if m.Xor && m.Nocase {
		msg = "xor nocase"
	}
	if msg != "" {
		p.fail(s.Pos, "invalid modifier combination: %s", msg)
	}
}
