package yara

import (
	"math"
	"strings"

	"github.com/yingji/yingji/internal/yara/module"
)

// This file parses conditions. yara's grammar has two levels: boolean
// expressions (and, or, not, defined, comparisons, string matches, of, for,
// true/false) over primary expressions (arithmetic and bitwise operators,
// literals, identifiers). A comparison takes two primary expressions, so
// "1 == 1 == 1" and "true == true" are syntax errors, as in yara. A '(' at
// the start of a condition term may open either level.

// parseBool parses a boolean expression (yara's boolean_expression).
func (p *parser) parseBool() val {
	return p.parseOr()
}

func (p *parser) parseOr() val {
	x := p.parseAnd()
	for p.tok.Kind == KwOr {
		op := p.tok.Pos
		p.next()
		y := p.parseAnd()
		x = val{e: &Binary{Node: Node{x.e.Position()}, Op: "or", X: x.e, Y: y.e, OpPos: op}, t: TypeBool}
	}
	return x
}

func (p *parser) parseAnd() val {
	x := p.parseNot()
	for p.tok.Kind == KwAnd {
		op := p.tok.Pos
		p.next()
		y := p.parseNot()
		x = val{e: &Binary{Node: Node{x.e.Position()}, Op: "and", X: x.e, Y: y.e, OpPos: op}, t: TypeBool}
	}
	return x
}

func (p *parser) parseNot() val {
	if p.tok.Kind == KwNot || p.tok.Kind == KwDefined {
		t := p.tok
		p.enter(t.Pos)
		defer p.leave()
		p.next()
		x := p.parseNot()
		return val{e: &Unary{Node: Node{t.Pos}, Op: t.Text, X: x.e}, t: TypeBool}
	}
	return p.parseTerm()
}

var compareOps = map[Kind]string{
	Eq: "==", Neq: "!=", Lt: "<", Le: "<=", Gt: ">", Ge: ">=",
	KwContains: "contains", KwIcontains: "icontains", KwStartswith: "startswith",
	KwIstartswith: "istartswith", KwEndswith: "endswith", KwIendswith: "iendswith",
	KwIequals: "iequals", KwMatches: "matches",
}

// parseTerm parses one of yara's `expression` alternatives that are not
// and/or/not/defined.
func (p *parser) parseTerm() val {
	t := p.tok
	p.enter(t.Pos)
	defer p.leave()
	switch t.Kind {
	case KwTrue, KwFalse:
		p.next()
		return val{e: &BoolLit{Node: Node{t.Pos}, Value: t.Kind == KwTrue}, t: TypeBool}
	case StringIdent:
		p.next()
		p.useString(t)
		m := &StringMatch{Node: Node{t.Pos}, ID: t.Text}
		switch p.tok.Kind {
		case KwAt:
			p.next()
			at := p.parsePrimary()
			p.checkType(at, "at", TypeInt)
			m.At = at.e
		case KwIn:
			p.next()
			m.Range = p.parseRange()
		}
		return val{e: m, t: TypeBool}
	case KwFor:
		return p.parseFor()
	case KwAll, KwAny, KwNone:
		q := p.parseQuantKeyword()
		return p.parseOf(q)
	}
	x := p.parsePrimaryLead()
	if !x.prim {
		return x
	}
	if op, ok := compareOps[p.tok.Kind]; ok {
		opTok := p.tok
		p.next()
		var y val
		if opTok.Kind == KwMatches {
			if p.tok.Kind != Regexp {
				p.syntaxError()
			}
			y = p.parseAtom(false)
			p.checkType(x, "matches", TypeString)
		} else {
			y = p.parsePrimary()
			p.checkComparison(opTok, op, x, y)
		}
		return val{e: &Binary{Node: Node{x.e.Position()}, Op: op, X: x.e, Y: y.e, OpPos: opTok.Pos}, t: TypeBool}
	}
	if p.tok.Kind == KwOf {
		return p.parseOf(&Quantifier{Node: Node{x.e.Position()}, Kind: QuantExpr, N: x.e})
	}
	if p.tok.Kind == Percent && p.peek(1).Kind == KwOf {
		if x.iconst && (x.ival < 1 || x.ival > 100) {
			p.fail(p.tok.Pos, "percentage must be between 1 and 100 (inclusive)")
		}
		p.next()
		return p.parseOf(&Quantifier{Node: Node{x.e.Position()}, Kind: QuantPercent, N: x.e})
	}
	return x
}

func (p *parser) parseQuantKeyword() *Quantifier {
	t := p.tok
	p.next()
	k := map[Kind]QuantKind{KwAll: QuantAll, KwAny: QuantAny, KwNone: QuantNone}[t.Kind]
	return &Quantifier{Node: Node{t.Pos}, Kind: k}
}

// parseOf parses `of set [in range]` after the quantifier.
func (p *parser) parseOf(q *Quantifier) val {
	p.expect(KwOf)
	o := &Of{Node: Node{q.Pos}, Quant: q}
	if p.tok.Kind == LParen && p.peek(1).Kind == Identifier {
		o.Set = p.parseRuleSet()
	} else {
		o.Set = p.parseStringSet()
		if p.tok.Kind == KwIn {
			p.next()
			o.Range = p.parseRange()
		}
	}
	return val{e: o, t: TypeBool}
}

func (p *parser) parseStringSet() *StringSet {
	t := p.tok
	set := &StringSet{Node: Node{t.Pos}}
	if t.Kind == KwThem {
		p.next()
		set.Them = true
		set.Strings = p.rule.strings
		for _, s := range p.rule.strings {
			p.rule.referenced[s] = true
		}
		return set
	}
	p.expect(LParen)
	for {
		it := p.tok
		if it.Kind != StringIdent && it.Kind != StringIdentWC {
			p.syntaxError()
		}
		p.next()
		set.IDs = append(set.IDs, it.Text)
		n := 0
		for _, s := range p.rule.strings {
			if it.Kind == StringIdentWC && strings.HasPrefix(s.ID, strings.TrimSuffix(it.Text, "*")) || s.ID == it.Text {
				p.rule.referenced[s] = true
				set.Strings = append(set.Strings, s)
				n++
			}
		}
		if n == 0 {
			p.fail(it.Pos, "undefined string %q", it.Text)
		}
		if p.tok.Kind != Comma {
			break
		}
		p.next()
	}
	p.expect(RParen)
	return set
}

func (p *parser) parseRuleSet() *RuleSet {
	set := &RuleSet{Node: Node{p.tok.Pos}}
	p.expect(LParen)
	for {
		it := p.expect(Identifier)
		if p.tok.Kind == Star {
			p.next()
			set.Names = append(set.Names, it.Text+"*")
			p.wildcards = append(p.wildcards, it.Text)
			p.out.Wildcards = append(p.out.Wildcards, it.Text)
			for _, name := range p.ruleOrder {
				if strings.HasPrefix(name, it.Text) {
					set.Rules = append(set.Rules, name)
				}
			}
		} else {
			if _, ok := p.rules[it.Text]; !ok {
				p.fail(it.Pos, "undefined identifier %q", it.Text)
			}
			set.Names = append(set.Names, it.Text)
			set.Rules = append(set.Rules, it.Text)
		}
		if p.tok.Kind != Comma {
			break
		}
		p.next()
	}
	p.expect(RParen)
	return set
}

// parseRange parses (lo..hi).
func (p *parser) parseRange() *Range {
	r := &Range{Node: Node{p.tok.Pos}}
	p.expect(LParen)
	lo := p.parsePrimary()
	p.expect(DotDot)
	hi := p.parsePrimary()
	p.expect(RParen)
	if lo.t != TypeInt && lo.t != TypeUnknown {
		p.fail(lo.e.Position(), "wrong type for range's lower bound")
	}
	if hi.t != TypeInt && hi.t != TypeUnknown {
		p.fail(hi.e.Position(), "wrong type for range's upper bound")
	}
	r.Lo, r.Hi = lo.e, hi.e
	return r
}

// parseFor parses `for quantifier (vars in iterator | of set) : ( body )`.
func (p *parser) parseFor() val {
	forTok := p.tok
	p.next()
	var q *Quantifier
	switch p.tok.Kind {
	case KwAll, KwAny, KwNone:
		q = p.parseQuantKeyword()
	default:
		x := p.parsePrimary()
		q = &Quantifier{Node: Node{x.e.Position()}, Kind: QuantExpr, N: x.e}
	}
	if p.tok.Kind == KwOf {
		p.next()
		if p.rule.inForOf {
			p.fail(forTok.Pos, "'for <quantifier> of <string set>' loops can't be nested")
		}
		set := p.parseStringSet()
		p.expect(Colon)
		p.expect(LParen)
		p.rule.inForOf = true
		body := p.parseBool()
		p.rule.inForOf = false
		p.expect(RParen)
		return val{e: &ForOf{Node: Node{forTok.Pos}, Quant: q, Set: set, Body: body.e}, t: TypeBool}
	}
	f := &ForIn{Node: Node{forTok.Pos}, Quant: q}
	for {
		v := p.expect(Identifier)
		for _, lv := range p.rule.loopVars {
			if lv.name == v.Text {
				p.fail(v.Pos, "duplicated loop identifier %q", v.Text)
			}
		}
		for _, name := range f.Vars {
			if name == v.Text {
				p.fail(v.Pos, "duplicated loop identifier %q", v.Text)
			}
		}
		f.Vars = append(f.Vars, v.Text)
		if p.tok.Kind != Comma {
			break
		}
		p.next()
	}
	p.expect(KwIn)
	itPos := p.tok.Pos
	varType := TypeUnknown
	var iterMT []*module.Type // schema types of the loop variables
	if p.tok.Kind == LParen {
		p.next()
		first := p.parsePrimary()
		if p.tok.Kind == DotDot {
			p.next()
			hi := p.parsePrimary()
			p.expect(RParen)
			if first.t != TypeInt && first.t != TypeUnknown {
				p.fail(first.e.Position(), "wrong type for range's lower bound")
			}
			if hi.t != TypeInt && hi.t != TypeUnknown {
				p.fail(hi.e.Position(), "wrong type for range's upper bound")
			}
			f.Iter = &Range{Node: Node{itPos}, Lo: first.e, Hi: hi.e}
			varType = TypeInt
		} else {
			enum := &Enum{Node: Node{itPos}}
			item := first
			for {
				if item.t != TypeInt && item.t != TypeString && item.t != TypeUnknown {
					p.fail(item.e.Position(), "wrong type for enumeration item")
				}
				if len(enum.Items) > 0 && item.t != varType && item.t != TypeUnknown && varType != TypeUnknown {
					p.fail(item.e.Position(), "enumerations must be all the same type")
				}
				if len(enum.Items) == 0 {
					varType = item.t
				}
				enum.Items = append(enum.Items, item.e)
				if p.tok.Kind != Comma {
					break
				}
				p.next()
				item = p.parsePrimary()
			}
			p.expect(RParen)
			f.Iter = enum
		}
		if len(f.Vars) != 1 {
			what := "an integer"
			if varType == TypeString {
				what = "a string"
			}
			p.fail(itPos, "iterator yields %s on each iteration , but the loop expects %d", what, len(f.Vars))
		}
	} else {
		if p.tok.Kind != Identifier {
			p.syntaxError()
		}
		it := p.parseIdentifierChain()
		f.Iter = it.e
		if _, bare := it.e.(*Ident); it.t != TypeUnknown || bare {
			p.fail(itPos, "identifier %q is not iterable", identName(it.e))
		}
		if it.mt != nil {
			switch it.mt.Kind {
			case module.KindArray:
				if len(f.Vars) != 1 {
					p.fail(itPos, "iterator yields one value on each iteration , but the loop expects %d", len(f.Vars))
				}
				iterMT = []*module.Type{it.mt.Elem}
			case module.KindDict:
				if len(f.Vars) != 2 {
					p.fail(itPos, "iterator yields a key and a value on each iteration , but the loop expects %d", len(f.Vars))
				}
				iterMT = []*module.Type{module.Str, it.mt.Elem}
			default:
				p.fail(itPos, "identifier %q is not iterable", identName(it.e))
			}
		}
	}
	p.expect(Colon)
	p.expect(LParen)
	saved := len(p.rule.loopVars)
	for i, name := range f.Vars {
		lv := loopVar{name: name, t: varType}
		if i < len(iterMT) && iterMT[i] != nil {
			lv.mt, lv.t = iterMT[i], schemaType(iterMT[i])
		}
		p.rule.loopVars = append(p.rule.loopVars, lv)
	}
	body := p.parseBool()
	p.rule.loopVars = p.rule.loopVars[:saved]
	p.expect(RParen)
	f.Body = body.e
	return val{e: f, t: TypeBool}
}

func identName(e Expr) string {
	switch x := e.(type) {
	case *Ident:
		return x.Name
	case *Member:
		return identName(x.X) + "." + x.Name
	case *Index:
		return identName(x.X)
	case *Call:
		return identName(x.Fun)
	}
	return "?"
}

// Binary operator precedence of primary expressions (higher binds tighter).
var primaryOps = map[Kind]struct {
	prec int
	op   string
}{
	Pipe: {1, "|"}, Caret: {2, "^"}, Amp: {3, "&"}, Shl: {4, "<<"}, Shr: {4, ">>"},
	Plus: {5, "+"}, Minus: {5, "-"}, Star: {6, "*"}, Backslash: {6, "\\"}, Percent: {6, "%"},
}

// parsePrimary parses a primary expression where nothing else may appear.
func (p *parser) parsePrimary() val { return p.parseBinary(1, false) }

// parsePrimaryLead parses a primary expression at the start of a term,
// where '(' may also open a boolean expression.
func (p *parser) parsePrimaryLead() val { return p.parseBinary(1, true) }

func (p *parser) parseBinary(minPrec int, lead bool) val {
	x := p.parseUnary(lead)
	if !x.prim {
		return x
	}
	for {
		info, ok := primaryOps[p.tok.Kind]
		if !ok || info.prec < minPrec {
			return x
		}
		if p.tok.Kind == Percent && p.peek(1).Kind == KwOf {
			return x
		}
		opTok := p.tok
		p.enter(opTok.Pos)
		p.next()
		y := p.parseBinary(info.prec+1, false)
		p.leave()
		x = p.arith(opTok, info.op, x, y)
	}
}

func (p *parser) parseUnary(lead bool) val {
	t := p.tok
	if t.Kind == Minus || t.Kind == Tilde {
		p.enter(t.Pos)
		defer p.leave()
		p.next()
		x := p.parseUnary(false)
		v := val{e: &Unary{Node: Node{t.Pos}, Op: t.Text, X: x.e}, prim: true}
		if t.Kind == Minus {
			p.checkType(x, "-", TypeInt, TypeFloat)
			v.t = x.t
			if x.iconst {
				v.iconst, v.ival = true, -x.ival
			}
		} else {
			p.checkType(x, "~", TypeInt)
			v.t = TypeInt
			if x.t == TypeUnknown {
				v.t = TypeUnknown
			}
			if x.iconst {
				v.iconst, v.ival = true, ^x.ival
			}
		}
		return v
	}
	return p.parseAtom(lead)
}

// parseAtom parses a literal, a string count/offset/length, an integer
// function, an identifier or a parenthesised expression.
func (p *parser) parseAtom(lead bool) val {
	t := p.tok
	p.enter(t.Pos)
	defer p.leave()
	switch t.Kind {
	case LParen:
		p.next()
		var inner val
		if lead {
			inner = p.parseBool()
		} else {
			inner = p.parsePrimary()
		}
		p.expect(RParen)
		inner.e = &Paren{Node: Node{t.Pos}, X: inner.e}
		return inner
	case Number:
		p.next()
		v := t.Value.(int64)
		return val{e: &IntLit{Node: Node{t.Pos}, Value: v, Text: t.Text}, t: TypeInt, prim: true, iconst: true, ival: v}
	case Float:
		p.next()
		return val{e: &FloatLit{Node: Node{t.Pos}, Value: t.Value.(float64)}, t: TypeFloat, prim: true}
	case Text:
		p.next()
		return val{e: &StringLit{Node: Node{t.Pos}, Value: t.Value.([]byte)}, t: TypeString, prim: true}
	case Regexp:
		p.next()
		if p.opts.CheckRegexp != nil {
			if err := p.opts.CheckRegexp(t.Value.(string), t.Flags); err != nil {
				p.fail(t.Pos, "invalid regular expression: %v", err)
			}
		}
		return val{e: &RegexpLit{Node: Node{t.Pos}, Source: t.Value.(string), Flags: t.Flags}, t: TypeRegexp, prim: true}
	case KwFilesize, KwEntrypoint:
		p.next()
		return val{e: &Keyword{Node: Node{t.Pos}, Name: t.Text}, t: TypeInt, prim: true}
	case IntFunc:
		p.next()
		p.expect(LParen)
		arg := p.parsePrimary()
		p.expect(RParen)
		p.checkType(arg, "intXXXX or uintXXXX", TypeInt)
		return val{e: &IntFuncCall{Node: Node{t.Pos}, Name: t.Text, Arg: arg.e}, t: TypeInt, prim: true}
	case StringCount:
		p.next()
		p.useString(t)
		c := &StringCountExpr{Node: Node{t.Pos}, ID: "$" + t.Text[1:]}
		if p.tok.Kind == KwIn {
			p.next()
			c.Range = p.parseRange()
		}
		return val{e: c, t: TypeInt, prim: true}
	case StringOffset, StringLength:
		p.next()
		p.useString(t)
		var idx Expr
		if p.tok.Kind == LBrack {
			p.next()
			idx = p.parsePrimary().e
			p.expect(RBrack)
		}
		id := "$" + t.Text[1:]
		if t.Kind == StringOffset {
			return val{e: &StringOffsetExpr{Node: Node{t.Pos}, ID: id, Index: idx}, t: TypeInt, prim: true}
		}
		return val{e: &StringLengthExpr{Node: Node{t.Pos}, ID: id, Index: idx}, t: TypeInt, prim: true}
	case Identifier:
		return p.parseIdentifier()
	}
	p.syntaxError()
	return val{}
}

// parseIdentifier parses an identifier with its field accesses, indexes and
// calls, resolving the first name as yara does: loop variable, external
// variable or imported module, then rule.
func (p *parser) parseIdentifier() val {
	v := p.parseIdentifierChain()
	if id, ok := v.e.(*Ident); ok && id.Ref == RefModule {
		p.fail(id.Pos, "wrong usage of identifier %q", id.Name)
	}
	if v.mt != nil {
		switch v.mt.Kind {
		case module.KindStruct, module.KindArray, module.KindDict, module.KindFunc:
			p.fail(v.e.Position(), "wrong usage of identifier %q", lastName(v.e))
		}
	}
	return v
}

// lastName is the last identifier of a chain (yara names it in errors).
func lastName(e Expr) string {
	switch e := e.(type) {
	case *Member:
		return e.Name
	case *Index:
		return lastName(e.X)
	case *Call:
		return lastName(e.Fun)
	case *Ident:
		return e.Name
	}
	return identName(e)
}

// schemaType is the expression type of a module value of schema type t.
func schemaType(t *module.Type) Type {
	switch t.Kind {
	case module.KindInt:
		return TypeInt
	case module.KindFloat:
		return TypeFloat
	case module.KindString:
		return TypeString
	case module.KindBool:
		return TypeBool
	}
	return TypeUnknown
}

// moduleSchema returns the schema of an imported module, nil if unknown.
func (p *parser) moduleSchema(name string) *module.Type {
	if p.opts.Schema != nil {
		return p.opts.Schema(name)
	}
	if m := module.Lookup(name); m != nil {
		return m.Schema
	}
	return nil
}

// argLetter is yara's letter for an argument type; 0 for unknown types,
// which match any letter.
func argLetter(t Type) byte {
	switch t {
	case TypeInt:
		return 'i'
	case TypeFloat:
		return 'f'
	case TypeString:
		return 's'
	case TypeRegexp:
		return 'r'
	case TypeBool:
		return 'b'
	}
	return 0
}

// parseIdentifierChain parses an identifier with its postfix operations
// without checking that the result is a value.
func (p *parser) parseIdentifierChain() val {
	t := p.expect(Identifier)
	id := &Ident{Node: Node{t.Pos}, Name: t.Text}
	v := val{e: id, prim: true}
	found := false
	for i := len(p.rule.loopVars) - 1; i >= 0; i-- {
		if p.rule.loopVars[i].name == t.Text {
			id.Ref, v.t, v.mt, found = RefLoopVar, p.rule.loopVars[i].t, p.rule.loopVars[i].mt, true
			break
		}
	}
	if !found {
		if ext, ok := p.opts.Externals[t.Text]; ok {
			id.Ref, found = RefExternal, true
			switch ext.(type) {
			case int64, int:
				v.t = TypeInt
			case float64:
				v.t = TypeFloat
			case bool:
				v.t = TypeBool
			default:
				v.t = TypeString
			}
		} else if p.imports[t.Text] {
			id.Ref, v.t, found = RefModule, TypeUnknown, true
			v.mt = p.moduleSchema(t.Text)
		} else if _, ok := p.rules[t.Text]; ok {
			id.Ref, v.t, found = RefRule, TypeBool, true
		}
	}
	if !found {
		p.fail(t.Pos, "undefined identifier %q", t.Text)
	}
	// isKind says whether the value is a module value of kind k. Without
	// a schema, any value of unknown type is a structure, and an array,
	// dictionary or function unless it is a bare identifier.
	isKind := func(k module.Kind) bool {
		if v.mt != nil {
			return v.mt.Kind == k
		}
		if k == module.KindStruct {
			return v.t == TypeUnknown
		}
		return v.t == TypeUnknown && v.e != Expr(id)
	}
	for {
		switch p.tok.Kind {
		case Dot:
			if !isKind(module.KindStruct) {
				p.fail(p.tok.Pos, "%q is not a structure", lastName(v.e))
			}
			p.next()
			name := p.expect(Identifier)
			v.e = &Member{Node: Node{t.Pos}, X: v.e, Name: name.Text}
			if v.mt != nil {
				ft, ok := v.mt.Fields[name.Text]
				if !ok {
					p.fail(name.Pos, "invalid field name %q", name.Text)
				}
				v.mt, v.t = ft, schemaType(ft)
			}
		case LBrack:
			if !isKind(module.KindArray) && !isKind(module.KindDict) {
				p.fail(p.tok.Pos, "%q is not an array or dictionary", lastName(v.e))
			}
			p.enter(p.tok.Pos)
			p.next()
			idx := p.parsePrimary()
			p.expect(RBrack)
			p.leave()
			if v.mt != nil {
				switch {
				case v.mt.Kind == module.KindArray && idx.t != TypeInt && idx.t != TypeUnknown:
					p.fail(idx.e.Position(), "array indexes must be of integer type")
				case v.mt.Kind == module.KindDict && idx.t != TypeString && idx.t != TypeUnknown:
					p.fail(idx.e.Position(), "dictionary keys must be of string type")
				}
				v.mt = v.mt.Elem
				v.t = schemaType(v.mt)
			}
			v.e = &Index{Node: Node{t.Pos}, X: v.e, Index: idx.e}
		case LParen:
			if !isKind(module.KindFunc) {
				p.fail(p.tok.Pos, "%q is not a function", lastName(v.e))
			}
			p.enter(p.tok.Pos)
			p.next()
			call := &Call{Node: Node{t.Pos}, Fun: v.e}
			var letters []byte
			if p.tok.Kind != RParen {
				for {
					a := p.parseBool()
					call.Args = append(call.Args, a.e)
					letters = append(letters, argLetter(a.t))
					if p.tok.Kind != Comma {
						break
					}
					p.next()
				}
			}
			p.expect(RParen)
			p.leave()
			if v.mt != nil {
				res, ok := matchOverload(v.mt.Overloads, letters)
				if !ok {
					p.fail(call.Pos, "wrong arguments for function %q", lastName(v.e))
				}
				v.mt = &module.Type{Kind: res}
				v.t = schemaType(v.mt)
			}
			v.e = call
		default:
			return v
		}
	}
}

// matchOverload finds the overload whose argument letters match; a 0
// letter (unknown type) matches any.
func matchOverload(sigs []module.Signature, letters []byte) (module.Kind, bool) {
	for _, sig := range sigs {
		if len(sig.Args) != len(letters) {
			continue
		}
		ok := true
		for i, l := range letters {
			if l != 0 && sig.Args[i] != l {
				ok = false
				break
			}
		}
		if ok {
			return sig.Result, true
		}
	}
	return 0, false
}

// useString checks a reference to a string by $a, #a, @a or !a and marks
// the string referenced.
func (p *parser) useString(t Token) {
	id := "$" + t.Text[1:]
	if id == "$" {
		if !p.rule.inForOf {
			p.fail(t.Pos, "wrong use of anonymous string")
		}
		return
	}
	s, ok := p.rule.byID[id]
	if !ok {
		p.fail(t.Pos, "undefined string %q", id)
	}
	p.rule.referenced[s] = true
}

// checkType fails unless x has one of the types (unknown always passes).
func (p *parser) checkType(x val, op string, types ...Type) {
	if x.t == TypeUnknown {
		return
	}
	for _, t := range types {
		if x.t == t {
			return
		}
	}
	p.fail(x.e.Position(), "wrong type %q for %s operator", x.t.String(), op)
}

func (p *parser) checkComparison(opTok Token, op string, x, y val) {
	switch opTok.Kind {
	case Eq, Neq, Lt, Le, Gt, Ge:
		if x.t == TypeUnknown || y.t == TypeUnknown {
			return
		}
		num := func(t Type) bool { return t == TypeInt || t == TypeFloat }
		if (num(x.t) && num(y.t)) || (x.t == TypeString && y.t == TypeString) {
			return
		}
		p.fail(opTok.Pos, "type mismatch")
	default:
		p.checkType(x, op, TypeString)
		p.checkType(y, op, TypeString)
	}
}

// arith type-checks and constant-folds a binary primary operator.
func (p *parser) arith(opTok Token, op string, x, y val) val {
	v := val{e: &Binary{Node: Node{x.e.Position()}, Op: op, X: x.e, Y: y.e, OpPos: opTok.Pos}, prim: true}
	switch op {
	case "+", "-", "*", "\\":
		if x.t == TypeString || y.t == TypeString {
			p.fail(opTok.Pos, "strings don't support %q operation", op)
		}
		for _, o := range []val{x, y} {
			if o.t != TypeInt && o.t != TypeFloat && o.t != TypeUnknown {
				p.fail(opTok.Pos, "type mismatch")
			}
		}
		switch {
		case x.t == TypeUnknown || y.t == TypeUnknown:
			v.t = TypeUnknown
		case x.t == TypeInt && y.t == TypeInt:
			v.t = TypeInt
		default:
			v.t = TypeFloat
		}
		if op == "\\" && y.iconst && y.ival == 0 {
			p.fail(opTok.Pos, "division by zero")
		}
		if x.iconst && y.iconst {
			a, b := x.ival, y.ival
			var r int64
			overflow := false
			switch op {
			case "+":
				r = a + b
				overflow = (b > 0 && a > math.MaxInt64-b) || (b < 0 && a < math.MinInt64-b)
			case "-":
				r = a - b
				overflow = (b < 0 && a > math.MaxInt64+b) || (b > 0 && a < math.MinInt64+b)
			case "*":
				r = a * b
				overflow = b != 0 && (abs64(a) > math.MaxInt64/abs64(b))
			case "\\":
				if a == math.MinInt64 && b == -1 {
					overflow = true
				} else {
					r = a / b
				}
			}
			if overflow {
				p.fail(opTok.Pos, "integer overflow in \"%d %s %d\"", a, op, b)
			}
			v.iconst, v.ival = true, r
		}
	default: // % & | ^ << >>
		name := op
		if op == "&" {
			name = "^" // yara's message names the wrong operator for '&'
		}
		p.checkType(x, name, TypeInt)
		p.checkType(y, name, TypeInt)
		v.t = TypeInt
		if x.t == TypeUnknown || y.t == TypeUnknown {
			v.t = TypeUnknown
		}
		if (op == "<<" || op == ">>") && y.iconst && y.ival < 0 {
			// yara rejects this with an empty message.
			p.fail(opTok.Pos, "negative shift amount")
		}
		if op == "%" && y.iconst && y.ival == 0 {
			p.fail(opTok.Pos, "division by zero")
		}
		if x.iconst && y.iconst {
			a, b := x.ival, y.ival
			v.iconst = true
			switch op {
			case "%":
				if b == -1 {
					v.ival = 0
				} else {
					v.ival = a % b
				}
			case "&":
				v.ival = a & b
			case "|":
				v.ival = a | b
			case "^":
				v.ival = a ^ b
			case "<<":
				if b < 0 || b >= 64 {
					v.ival = 0
				} else {
					v.ival = a << uint(b)
				}
			case ">>":
				if b < 0 || b >= 64 {
					v.ival = 0
				} else {
					v.ival = a >> uint(b)
				}
			}
		}
	}
	return v
}

func abs64(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}
