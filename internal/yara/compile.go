package yara

import (
	"fmt"

	"github.com/yingji/yingji/internal/yara/module"
	"github.com/yingji/yingji/internal/yara/re"
)

// Rules is a compiled rule set. It is immutable and safe for concurrent
// scans.
type Rules struct {
	rules   []*crule
	strs    []*cstring
	pats    []patRef // pattern index -> its string and form
	patRule []int32  // pattern index -> rule index
	set     *re.Set
	modules []*module.Module // imported modules, in import order
	ns      []string         // namespace names
	ext     map[string]value
	slots   int // loop variable slots needed
	// memo numbers the distinct file-dependent calls (see
	// compiler.call).
	memo map[string]int
	// patProg holds the patterns while compiling, until the Set is
	// built.
	patProg []*re.Prog
	// usesEntrypoint says a condition reads the deprecated entrypoint
	// keyword, which needs the pe and elf parsers even when not imported.
	usesEntrypoint bool
}

// crule is a compiled rule.
type crule struct {
	name    string
	ns      int
	tags    []string
	metas   []*Meta
	private bool
	global  bool
	strs    []int // indices into Rules.strs, in declaration order
	cond    evalFn
	// pre says the first pass (strings unknown) may decide the rule:
	// its condition reads more than its strings.
	pre bool
	// positive says the condition is false when none of the rule's
	// strings matched, whatever else it reads.
	positive bool
}

// cstring is a compiled string declaration.
type cstring struct {
	id       string
	rule     int
	private  bool
	fullword bool
	hex      bool
	// fixed is the offset when the condition uses the string only as
	// "$a at N" with one constant N: like yara, only matches at N are
	// kept (which shows in -s output). -1 otherwise.
	fixed int64
	pats  []int // indices into Rules.pats
}

type patRef struct {
	str  int
	wide bool
}

// CompileOptions tune Compile.
type CompileOptions struct {
	// Externals are the external variables' values (yara's -d); they
	// must be those given to the parser.
	Externals map[string]any
	// Namespaces names the namespace of each file, in the order of the
	// files; missing or empty entries mean "default", as in yara.
	Namespaces []string
}

// Compile builds a scanner from parsed files. Rules of files in the same
// namespace must have distinct names. Every module a file imports must be
// built in (see package module); yara's dotnet, cuckoo, magic, dex and
// macho modules are not.
func Compile(files []*File, opts *CompileOptions) (*Rules, error) {
	if opts == nil {
		opts = &CompileOptions{}
	}
	r := &Rules{ext: map[string]value{}}
	for name, v := range opts.Externals {
		r.ext[name] = externalValue(v)
	}
	var errs ErrorList
	nsIndex := map[string]int{}
	ruleIndex := map[string]int{} // "ns:name" -> rule
	modIndex := map[string]int{}
	for fi, f := range files {
		ns := "default"
		if fi < len(opts.Namespaces) && opts.Namespaces[fi] != "" {
			ns = opts.Namespaces[fi]
		}
		nsi, ok := nsIndex[ns]
		if !ok {
			nsi = len(r.ns)
			nsIndex[ns] = nsi
			r.ns = append(r.ns, ns)
		}
		for _, imp := range f.Imports {
			if _, ok := modIndex[imp.Module]; ok {
				continue
			}
			m := module.Lookup(imp.Module)
			if m == nil {
				errs = append(errs, &Error{Pos: imp.Pos, Msg: fmt.Sprintf("module %q is not supported by this build", imp.Module)})
				continue
			}
			modIndex[imp.Module] = len(r.modules)
			r.modules = append(r.modules, m)
		}
		for _, rule := range f.Rules {
			key := ns + ":" + rule.Name
			if _, dup := ruleIndex[key]; dup {
				errs = append(errs, &Error{Pos: rule.NamePos, Rule: rule.Name, Msg: fmt.Sprintf("duplicated identifier %q", rule.Name)})
				continue
			}
			c := &compiler{r: r, ns: nsi, nsName: ns, ruleIndex: ruleIndex, modIndex: modIndex, strIndex: map[string]int{}, strDecl: map[*String]int{}}
			cr, err := c.compileRule(rule)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			ruleIndex[key] = len(r.rules)
			r.rules = append(r.rules, cr)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	r.patRule = make([]int32, len(r.pats))
	for i, p := range r.pats {
		r.patRule[i] = int32(r.strs[p.str].rule)
	}
	r.set = re.NewSet(r.patProg)
	r.patProg = nil
	return r, nil
}

// externalValue converts a -d value.
func externalValue(v any) value {
	switch t := v.(type) {
	case int:
		return intVal(int64(t))
	case int64:
		return intVal(t)
	case float64:
		return value{k: kFloat, f: t}
	case bool:
		return boolVal(t)
	case string:
		return value{k: kStr, s: t}
	}
	return undef
}

// compiler compiles one rule.
type compiler struct {
	r         *Rules
	ns        int
	nsName    string
	ruleIndex map[string]int
	modIndex  map[string]int
	cur       *Rule
	ruleNo    int
	strIndex  map[string]int  // "$a" -> index into Rules.strs
	strDecl   map[*String]int // declaration -> index into Rules.strs
	scope     []scopeVar
	forOfSlot int // slot of the enclosing for-of's string, -1 outside
	err       *Error
}

type scopeVar struct {
	name string
	slot int
}

func (c *compiler) fail(pos Pos, format string, args ...any) {
	if c.err == nil {
		c.err = &Error{Pos: pos, Rule: c.cur.Name, Msg: fmt.Sprintf(format, args...)}
	}
}

func (c *compiler) compileRule(rule *Rule) (*crule, *Error) {
	c.cur = rule
	c.ruleNo = len(c.r.rules)
	c.forOfSlot = -1
	cr := &crule{name: rule.Name, ns: c.ns, tags: rule.Tags, metas: rule.Metas, private: rule.Private, global: rule.Global}
	firstStr, firstPat := len(c.r.strs), len(c.r.pats)
	for _, s := range rule.Strings {
		vs, err := stringVariants(s)
		if err != nil {
			c.fail(s.Pos, "string %s: %v", s.ID, err)
			break
		}
		cs := &cstring{id: s.ID, rule: c.ruleNo, private: s.Modifiers.Private, fullword: s.Modifiers.Fullword, hex: s.Kind == HexStringKind}
		si := len(c.r.strs)
		for _, v := range vs {
			cs.pats = append(cs.pats, len(c.r.pats))
			c.r.pats = append(c.r.pats, patRef{str: si, wide: v.wide})
			c.r.patProg = append(c.r.patProg, v.prog)
		}
		if !s.Anonymous() {
			c.strIndex[s.ID] = si
		}
		c.strDecl[s] = si
		cr.strs = append(cr.strs, si)
		c.r.strs = append(c.r.strs, cs)
	}
	if c.err == nil {
		cr.cond = c.expr(rule.Condition)
		cr.pre = !stringsOnly(rule.Condition)
		cr.positive = needsMatch(rule.Condition)
		fixed := fixedOffsets(rule)
		for k, si := range cr.strs {
			c.r.strs[si].fixed = -1
			if off, ok := fixed[rule.Strings[k]]; ok {
				c.r.strs[si].fixed = off
			}
		}
	}
	if c.err != nil {
		// Roll back what this rule added.
		c.r.strs = c.r.strs[:firstStr]
		c.r.pats = c.r.pats[:firstPat]
		c.r.patProg = c.r.patProg[:firstPat]
		return nil, c.err
	}
	return cr, nil
}

// stringRef resolves a string identifier used in the condition: "$" is
// the string of the enclosing for-of loop.
func (c *compiler) stringRef(pos Pos, id string) func(sc *scanCtx) int {
	if id == "$" {
		if c.forOfSlot < 0 {
			c.fail(pos, "wrong use of anonymous string")
			return func(*scanCtx) int { return 0 }
		}
		slot := c.forOfSlot
		return func(sc *scanCtx) int { return int(sc.vars[slot].i) }
	}
	si, ok := c.strIndex[id]
	if !ok {
		c.fail(pos, "undefined string %q", id)
	}
	return func(*scanCtx) int { return si }
}

func (c *compiler) newSlot() int {
	n := len(c.scope)
	if c.forOfSlot >= n {
		n = c.forOfSlot + 1
	}
	for _, v := range c.scope {
		if v.slot >= n {
			n = v.slot + 1
		}
	}
	if n+1 > c.r.slots {
		c.r.slots = n + 1
	}
	return n
}

// stringSet returns the string indices a set denotes.
func (c *compiler) stringSet(set *StringSet) []int {
	var out []int
	for _, s := range set.Strings {
		si, ok := c.strDecl[s]
		if !ok {
			c.fail(set.Pos, "undefined string %q", s.ID)
			continue
		}
		out = append(out, si)
	}
	return out
}

func (c *compiler) ruleRef(pos Pos, name string) int {
	idx, ok := c.ruleIndex[c.nsName+":"+name]
	if !ok {
		if name == c.cur.Name {
			return c.ruleNo
		}
		c.fail(pos, "undefined identifier %q", name)
	}
	return idx
}

// fixedOffsets finds the strings that the condition uses only as
// "$a at N" with the same constant N (yara's STRING_FLAGS_FIXED_OFFSET).
func fixedOffsets(rule *Rule) map[*String]int64 {
	byID := map[string]*String{}
	for _, s := range rule.Strings {
		byID[s.ID] = s
	}
	const notFixed = -1
	off := map[*String]int64{}
	use := func(id string, at int64) {
		s := byID[id]
		if s == nil {
			return
		}
		if prev, seen := off[s]; seen && prev != at {
			at = notFixed
		}
		off[s] = at
	}
	var walk func(e Expr)
	walk = func(e Expr) {
		switch e := e.(type) {
		case *StringMatch:
			at := int64(notFixed)
			if lit, ok := e.At.(*IntLit); ok && lit.Value >= 0 {
				at = lit.Value
			}
			use(e.ID, at)
			if e.At != nil {
				walk(e.At)
			}
			if e.Range != nil {
				walk(e.Range.Lo)
				walk(e.Range.Hi)
			}
		case *StringCountExpr:
			use(e.ID, notFixed)
			if e.Range != nil {
				walk(e.Range.Lo)
				walk(e.Range.Hi)
			}
		case *StringOffsetExpr:
			use(e.ID, notFixed)
			if e.Index != nil {
				walk(e.Index)
			}
		case *StringLengthExpr:
			use(e.ID, notFixed)
			if e.Index != nil {
				walk(e.Index)
			}
		case *Paren:
			walk(e.X)
		case *Unary:
			walk(e.X)
		case *Binary:
			walk(e.X)
			walk(e.Y)
		case *Of:
			if set, ok := e.Set.(*StringSet); ok {
				for _, s := range set.Strings {
					use(s.ID, notFixed)
				}
			}
			if e.Quant.N != nil {
				walk(e.Quant.N)
			}
			if e.Range != nil {
				walk(e.Range.Lo)
				walk(e.Range.Hi)
			}
		case *ForOf:
			for _, s := range e.Set.Strings {
				use(s.ID, notFixed)
			}
			if e.Quant.N != nil {
				walk(e.Quant.N)
			}
			walk(e.Body)
		case *ForIn:
			if e.Quant.N != nil {
				walk(e.Quant.N)
			}
			switch it := e.Iter.(type) {
			case *Range:
				walk(it.Lo)
				walk(it.Hi)
			case *Enum:
				for _, x := range it.Items {
					walk(x)
				}
			}
			walk(e.Body)
		case *Call:
			for _, a := range e.Args {
				walk(a)
			}
		case *Index:
			walk(e.X)
			walk(e.Index)
		case *Member:
			walk(e.X)
		case *IntFuncCall:
			walk(e.Arg)
		}
	}
	walk(rule.Condition)
	out := map[*String]int64{}
	for s, at := range off {
		if at != notFixed {
			out[s] = at
		}
	}
	return out
}

// stringsOnly reports whether an expression reads nothing but the rule's
// strings and constants, so that it stays unknown until they are
// searched.
func stringsOnly(e Expr) bool {
	switch e := e.(type) {
	case nil:
		return true
	case *BoolLit, *IntLit, *FloatLit, *StringLit:
		return true
	case *StringMatch:
		return stringsOnly(e.At) && (e.Range == nil || stringsOnly(e.Range.Lo) && stringsOnly(e.Range.Hi))
	case *StringCountExpr:
		return e.Range == nil || stringsOnly(e.Range.Lo) && stringsOnly(e.Range.Hi)
	case *StringOffsetExpr:
		return stringsOnly(e.Index)
	case *StringLengthExpr:
		return stringsOnly(e.Index)
	case *Paren:
		return stringsOnly(e.X)
	case *Unary:
		return stringsOnly(e.X)
	case *Binary:
		return stringsOnly(e.X) && stringsOnly(e.Y)
	case *Of:
		_, strs := e.Set.(*StringSet)
		return strs && stringsOnly(e.Quant.N) && (e.Range == nil || stringsOnly(e.Range.Lo) && stringsOnly(e.Range.Hi))
	case *ForOf:
		return stringsOnly(e.Quant.N) && stringsOnly(e.Body)
	}
	return false
}

// needsMatch reports whether an expression can be true only if one of the
// rule's strings has a match (a conservative answer: false when unsure).
func needsMatch(e Expr) bool {
	switch e := e.(type) {
	case *Paren:
		return needsMatch(e.X)
	case *StringMatch:
		return e.ID != "$"
	case *Binary:
		switch e.Op {
		case "and":
			return needsMatch(e.X) || needsMatch(e.Y)
		case "or":
			return needsMatch(e.X) && needsMatch(e.Y)
		case ">", ">=", "==":
			// #a > k, #a >= k (k >= 1), #a == k (k >= 1)
			if _, ok := e.X.(*StringCountExpr); ok {
				if lit, ok := e.Y.(*IntLit); ok {
					return lit.Value >= 1 || e.Op == ">" && lit.Value >= 0
				}
			}
		}
	case *Of:
		if _, ok := e.Set.(*StringSet); !ok {
			return false
		}
		switch e.Quant.Kind {
		case QuantAny, QuantAll:
			return true
		case QuantExpr, QuantPercent:
			lit, ok := e.Quant.N.(*IntLit)
			return ok && lit.Value >= 1
		}
	}
	return false
}
