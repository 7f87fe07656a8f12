package yara

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/yingji/yingji/internal/yara/module"
	"github.com/yingji/yingji/internal/yara/re"
)

// evalFn is a compiled expression.
type evalFn func(sc *scanCtx) value

// scanCtx is the state of one scan: the data, what is known of the
// strings and rules, and the loop variables.
type scanCtx struct {
	r    *Rules
	data []byte
	size int64
	// pre is true in the first pass, before the strings are searched:
	// string terms are unknown.
	pre bool
	// head is true when data is only the beginning of the file (see
	// Scanner.Probe): reads past it and module values are unknown.
	head    bool
	matches [][]re.Match // per string, once searched
	rules   []tri        // per rule, as evaluated so far
	mods    []*module.Struct
	vars    []value
	// memoSet and memoVal cache the calls that depend only on the file
	// (see compiler.call), by Rules.memo slot.
	memoSet []bool
	memoVal []value
	entry   value // entrypoint keyword, computed on first use
	entryOK bool
	// steps counts loop iterations for the time budget.
	steps   int
	stop    func() bool
	stopped bool
}

// tick is called on every loop iteration; it polls the time budget.
func (sc *scanCtx) tick() bool {
	sc.steps++
	if sc.steps&1023 == 0 && sc.stop != nil && sc.stop() {
		sc.stopped = true
	}
	return sc.stopped
}

func (c *compiler) expr(e Expr) evalFn {
	switch e := e.(type) {
	case *Paren:
		return c.expr(e.X)
	case *BoolLit:
		v := boolVal(e.Value)
		return func(*scanCtx) value { return v }
	case *IntLit:
		v := intVal(e.Value)
		return func(*scanCtx) value { return v }
	case *FloatLit:
		v := value{k: kFloat, f: e.Value}
		return func(*scanCtx) value { return v }
	case *StringLit:
		v := value{k: kStr, s: string(e.Value)}
		return func(*scanCtx) value { return v }
	case *Keyword:
		if e.Name == "filesize" {
			return func(sc *scanCtx) value { return intVal(sc.size) }
		}
		c.r.usesEntrypoint = true
		return func(sc *scanCtx) value { return sc.entrypoint() }
	case *Ident:
		return c.ident(e)
	case *Member:
		x := c.expr(e.X)
		name := e.Name
		return func(sc *scanCtx) value {
			v := x(sc)
			if v.k == kUnknown {
				return unknown
			}
			if s, ok := v.o.(*module.Struct); ok && v.k == kObj {
				return fromModule(s.Get(name))
			}
			return undef
		}
	case *Index:
		x, idx := c.expr(e.X), c.expr(e.Index)
		return func(sc *scanCtx) value {
			v, i := x(sc), idx(sc)
			if v.k == kUnknown || i.k == kUnknown {
				return unknown
			}
			switch o := v.o.(type) {
			case *module.Array:
				if i.k == kInt && i.i >= 0 && i.i < int64(len(o.Items)) {
					return fromModule(o.Items[i.i])
				}
			case *module.Dict:
				if i.k == kStr {
					return fromModule(o.Items[i.s])
				}
			}
			return undef
		}
	case *Call:
		return c.call(e)
	case *IntFuncCall:
		return c.memoize(e, c.intFunc(e))
	case *StringMatch:
		return c.stringMatch(e)
	case *StringCountExpr:
		ref := c.stringRef(e.Pos, e.ID)
		if e.Range == nil {
			return func(sc *scanCtx) value {
				if sc.pre {
					return unknown
				}
				return intVal(int64(len(sc.matches[ref(sc)])))
			}
		}
		rng := c.offsetRange(e.Range)
		return func(sc *scanCtx) value {
			if sc.pre {
				return unknown
			}
			l, h, ok := rng(sc)
			if !ok {
				return undef
			}
			ms := sc.matches[ref(sc)]
			a := sort.Search(len(ms), func(i int) bool { return int64(ms[i].Offset) >= l })
			b := sort.Search(len(ms), func(i int) bool { return int64(ms[i].Offset) > h })
			return intVal(int64(max(b-a, 0)))
		}
	case *StringOffsetExpr, *StringLengthExpr:
		var id string
		var index Expr
		length := false
		if o, ok := e.(*StringOffsetExpr); ok {
			id, index = o.ID, o.Index
		} else {
			l := e.(*StringLengthExpr)
			id, index, length = l.ID, l.Index, true
		}
		ref := c.stringRef(e.Position(), id)
		idx := func(*scanCtx) value { return intVal(1) }
		if index != nil {
			idx = c.expr(index)
		}
		return func(sc *scanCtx) value {
			if sc.pre {
				return unknown
			}
			i := idx(sc)
			ms := sc.matches[ref(sc)]
			if i.k != kInt || i.i < 1 || i.i > int64(len(ms)) {
				return undef
			}
			m := ms[i.i-1]
			if length {
				return intVal(int64(m.Length))
			}
			return intVal(int64(m.Offset))
		}
	case *Unary:
		return c.memoize(e, c.unary(e))
	case *Binary:
		return c.memoize(e, c.binary(e))
	case *Of:
		return c.of(e)
	case *ForIn:
		return c.forIn(e)
	case *ForOf:
		return c.forOf(e)
	case *RegexpLit:
		c.fail(e.Pos, "regular expression used as a value")
		return func(*scanCtx) value { return undef }
	}
	c.fail(e.Position(), "unsupported expression %T", e)
	return func(*scanCtx) value { return undef }
}

func (c *compiler) ident(e *Ident) evalFn {
	switch e.Ref {
	case RefExternal:
		v, ok := c.r.ext[e.Name]
		if !ok {
			c.fail(e.Pos, "undefined identifier %q", e.Name)
		}
		return func(*scanCtx) value { return v }
	case RefLoopVar:
		for i := len(c.scope) - 1; i >= 0; i-- {
			if c.scope[i].name == e.Name {
				slot := c.scope[i].slot
				return func(sc *scanCtx) value { return sc.vars[slot] }
			}
		}
	case RefModule:
		if mi, ok := c.modIndex[e.Name]; ok {
			return func(sc *scanCtx) value {
				if sc.head {
					return unknown
				}
				if s := sc.mods[mi]; s != nil {
					return value{k: kObj, o: s}
				}
				return undef
			}
		}
	case RefRule:
		ri := c.ruleRef(e.Pos, e.Name)
		if ri == c.ruleNo {
			// A rule naming itself reads its own (not yet set) result:
			// false, as in yara.
			return func(*scanCtx) value { return vFalse }
		}
		return func(sc *scanCtx) value {
			switch sc.rules[ri] {
			case triTrue:
				return vTrue
			case triUnknown:
				return unknown
			}
			return vFalse
		}
	}
	c.fail(e.Pos, "undefined identifier %q", e.Name)
	return func(*scanCtx) value { return undef }
}

// regexpArg compiles a regular expression literal for `matches` and for
// module functions.
func (c *compiler) regexp(e *RegexpLit) *reMatcher {
	ast, err := re.Parse(e.Source)
	if err != nil {
		c.fail(e.Pos, "invalid regular expression: %v", err)
		return &reMatcher{}
	}
	p, err := re.Compile(ast, regexpFlags(e.Flags))
	if err != nil {
		c.fail(e.Pos, "invalid regular expression: %v", err)
		return &reMatcher{}
	}
	return &reMatcher{p: p}
}

// reMatcher implements module.Regexp and the matches operator.
type reMatcher struct{ p *re.Prog }

// MatchString reports whether a match attempt at an offset before the end
// of s succeeds.
func (m *reMatcher) MatchString(s string) bool { return m.p != nil && m.p.Find([]byte(s)) }

// MatchEnd returns where the first match ending after offset 0 ends, or
// -1.
func (m *reMatcher) MatchEnd(s string) int {
	if m.p == nil {
		return -1
	}
	b := []byte(s)
	for i := range b {
		if n := m.p.MatchAt(b, i); n >= 0 && i+n > 0 {
			return i + n
		}
	}
	return -1
}

func (c *compiler) call(e *Call) evalFn {
	fn := c.expr(e.Fun)
	args := make([]func(sc *scanCtx) any, len(e.Args))
	for i, a := range e.Args {
		if rl, ok := a.(*RegexpLit); ok {
			m := c.regexp(rl)
			args[i] = func(*scanCtx) any { return module.Regexp(m) }
			continue
		}
		x := c.expr(a)
		args[i] = func(sc *scanCtx) any {
			v := x(sc)
			if v.k == kUnknown {
				return unknownArg{}
			}
			return v.toModule()
		}
	}
	call := func(sc *scanCtx) value {
		f := fn(sc)
		if f.k == kUnknown {
			return unknown
		}
		mf, ok := f.o.(module.Func)
		if !ok {
			return undef
		}
		vals := make([]any, len(args))
		for i, a := range args {
			vals[i] = a(sc)
			switch vals[i].(type) {
			case unknownArg:
				return unknown
			case nil:
				// yara does not call a function with an undefined
				// argument: the result is undefined.
				return undef
			}
		}
		return fromModule(mf(vals))
	}
	return c.memoize(e, call)
}

// memoize shares the value of an expression that depends only on the
// scanned file (constants, filesize, externals, module values and calls,
// integer reads) between all its occurrences in the rule set: it is
// computed once per scan. Rule sets repeat such terms thousands of times:
// the header checks (uint16(0) == 0x5A4D) and size bounds that gate most
// of signature-base's rules, and the 2,480 hash.sha1(0, filesize)
// comparisons of php-malware-finder's whitelist.
func (c *compiler) memoize(e Expr, f evalFn) evalFn {
	key, pure := exprKey(e)
	if !pure {
		return f
	}
	slot, ok := c.r.memo[key]
	if !ok {
		if c.r.memo == nil {
			c.r.memo = map[string]int{}
		}
		slot = len(c.r.memo)
		c.r.memo[key] = slot
	}
	return func(sc *scanCtx) value {
		if sc.memoSet[slot] {
			return sc.memoVal[slot]
		}
		v := f(sc)
		sc.memoSet[slot], sc.memoVal[slot] = true, v
		return v
	}
}

// exprKey prints an expression canonically and says whether its value
// depends only on the scanned file (no strings, rules or loop variables),
// so that equal keys have equal values within one scan.
func exprKey(e Expr) (string, bool) {
	var b strings.Builder
	ok := writeKey(&b, e)
	return b.String(), ok
}

func writeKey(b *strings.Builder, e Expr) bool {
	switch e := e.(type) {
	case *IntLit:
		fmt.Fprintf(b, "%d", e.Value)
	case *FloatLit:
		fmt.Fprintf(b, "%v", e.Value)
	case *StringLit:
		fmt.Fprintf(b, "%q", e.Value)
	case *BoolLit:
		fmt.Fprintf(b, "%v", e.Value)
	case *RegexpLit:
		fmt.Fprintf(b, "/%s/%s", e.Source, e.Flags)
	case *Keyword:
		b.WriteString(e.Name)
	case *Ident:
		if e.Ref != RefExternal && e.Ref != RefModule {
			return false
		}
		b.WriteString(e.Name)
	case *Paren:
		return writeKey(b, e.X)
	case *Member:
		if !writeKey(b, e.X) {
			return false
		}
		b.WriteString("." + e.Name)
	case *Index:
		if !writeKey(b, e.X) {
			return false
		}
		b.WriteByte('[')
		if !writeKey(b, e.Index) {
			return false
		}
		b.WriteByte(']')
	case *Call:
		if !writeKey(b, e.Fun) {
			return false
		}
		b.WriteByte('(')
		for i, a := range e.Args {
			if i > 0 {
				b.WriteByte(',')
			}
			if !writeKey(b, a) {
				return false
			}
		}
		b.WriteByte(')')
	case *IntFuncCall:
		b.WriteString(e.Name + "(")
		if !writeKey(b, e.Arg) {
			return false
		}
		b.WriteByte(')')
	case *Unary:
		b.WriteString("(" + e.Op + " ")
		if !writeKey(b, e.X) {
			return false
		}
		b.WriteByte(')')
	case *Binary:
		b.WriteByte('(')
		if !writeKey(b, e.X) {
			return false
		}
		b.WriteString(" " + e.Op + " ")
		if !writeKey(b, e.Y) {
			return false
		}
		b.WriteByte(')')
	default:
		return false
	}
	return true
}

type unknownArg struct{}

func (c *compiler) intFunc(e *IntFuncCall) evalFn {
	arg := c.expr(e.Arg)
	name := e.Name
	be := len(name) > 2 && name[len(name)-2:] == "be"
	if be {
		name = name[:len(name)-2]
	}
	signed := name[0] == 'i'
	var width int
	switch name {
	case "int8", "uint8":
		width = 1
	case "int16", "uint16":
		width = 2
	default:
		width = 4
	}
	return func(sc *scanCtx) value {
		o := arg(sc)
		if o.k == kUnknown {
			return unknown
		}
		if o.k != kInt || o.i < 0 || o.i > int64(len(sc.data))-int64(width) {
			if sc.head && o.k == kInt && o.i >= 0 && o.i <= sc.size-int64(width) {
				// Past the head but inside the file: not read yet.
				return unknown
			}
			return undef
		}
		b := sc.data[o.i : o.i+int64(width)]
		var u uint32
		switch width {
		case 1:
			u = uint32(b[0])
		case 2:
			if be {
				u = uint32(binary.BigEndian.Uint16(b))
			} else {
				u = uint32(binary.LittleEndian.Uint16(b))
			}
		default:
			if be {
				u = binary.BigEndian.Uint32(b)
			} else {
				u = binary.LittleEndian.Uint32(b)
			}
		}
		if !signed {
			return intVal(int64(u))
		}
		switch width {
		case 1:
			return intVal(int64(int8(u)))
		case 2:
			return intVal(int64(int16(u)))
		}
		return intVal(int64(int32(u)))
	}
}

// offsetRange compiles the (lo..hi) of "$a in", "#a in" and "of ... in":
// ok is false when a bound is not an integer (undefined).
func (c *compiler) offsetRange(r *Range) func(*scanCtx) (lo, hi int64, ok bool) {
	lo, hi := c.expr(r.Lo), c.expr(r.Hi)
	return func(sc *scanCtx) (int64, int64, bool) {
		l, h := lo(sc), hi(sc)
		return l.i, h.i, l.k == kInt && h.k == kInt
	}
}

// matchesAt reports whether the sorted match list has a match at off.
func matchesAt(ms []re.Match, off int64) bool {
	i := sort.Search(len(ms), func(i int) bool { return int64(ms[i].Offset) >= off })
	return i < len(ms) && int64(ms[i].Offset) == off
}

// matchesIn reports whether the sorted match list has a match starting in
// [lo, hi].
func matchesIn(ms []re.Match, lo, hi int64) bool {
	i := sort.Search(len(ms), func(i int) bool { return int64(ms[i].Offset) >= lo })
	return i < len(ms) && int64(ms[i].Offset) <= hi
}

func (c *compiler) stringMatch(e *StringMatch) evalFn {
	ref := c.stringRef(e.Pos, e.ID)
	switch {
	case e.At != nil:
		at := c.expr(e.At)
		return func(sc *scanCtx) value {
			if sc.pre {
				return unknown
			}
			o := at(sc)
			if o.k != kInt {
				return undef
			}
			return boolVal(matchesAt(sc.matches[ref(sc)], o.i))
		}
	case e.Range != nil:
		rng := c.offsetRange(e.Range)
		return func(sc *scanCtx) value {
			if sc.pre {
				return unknown
			}
			l, h, ok := rng(sc)
			if !ok {
				return undef
			}
			return boolVal(matchesIn(sc.matches[ref(sc)], l, h))
		}
	}
	return func(sc *scanCtx) value {
		if sc.pre {
			return unknown
		}
		return boolVal(len(sc.matches[ref(sc)]) > 0)
	}
}

func (c *compiler) unary(e *Unary) evalFn {
	x := c.expr(e.X)
	switch e.Op {
	case "not":
		return func(sc *scanCtx) value {
			v := x(sc)
			switch v.k {
			case kUnknown, kUndef:
				return v
			}
			return boolVal(v.truth() == triFalse)
		}
	case "defined":
		return func(sc *scanCtx) value {
			v := x(sc)
			if v.k == kUnknown {
				return unknown
			}
			return boolVal(v.k != kUndef)
		}
	case "-":
		return func(sc *scanCtx) value {
			v := x(sc)
			switch v.k {
			case kInt:
				return intVal(-v.i)
			case kFloat:
				return value{k: kFloat, f: -v.f}
			}
			return v
		}
	case "~":
		return func(sc *scanCtx) value {
			v := x(sc)
			if v.k == kInt {
				return intVal(^v.i)
			}
			return v
		}
	}
	c.fail(e.Pos, "unsupported operator %q", e.Op)
	return x
}

func (c *compiler) binary(e *Binary) evalFn {
	if e.Op == "matches" {
		x := c.expr(e.X)
		rl, ok := e.Y.(*RegexpLit)
		if !ok {
			c.fail(e.Y.Position(), "wrong type for matches")
			return x
		}
		m := c.regexp(rl)
		return func(sc *scanCtx) value {
			v := x(sc)
			if v.k != kStr {
				if v.k == kUnknown {
					return unknown
				}
				return undef
			}
			return boolVal(m.MatchString(v.s))
		}
	}
	x, y := c.expr(e.X), c.expr(e.Y)
	switch e.Op {
	case "and":
		return func(sc *scanCtx) value {
			a := x(sc).truth()
			if a == triFalse {
				return vFalse
			}
			b := y(sc).truth()
			switch {
			case b == triFalse:
				return vFalse
			case a == triTrue && b == triTrue:
				return vTrue
			}
			return unknown
		}
	case "or":
		// Like "and", "or" treats undefined as false and is never
		// undefined itself.
		return func(sc *scanCtx) value {
			a := x(sc).truth()
			if a == triTrue {
				return vTrue
			}
			switch b := y(sc).truth(); {
			case b == triTrue:
				return vTrue
			case a == triUnknown || b == triUnknown:
				return unknown
			}
			return vFalse
		}
	case "==", "!=", "<", "<=", ">", ">=":
		op := e.Op
		return func(sc *scanCtx) value { return compare(op, x(sc), y(sc)) }
	case "contains", "icontains", "startswith", "istartswith", "endswith", "iendswith", "iequals":
		op := e.Op
		return func(sc *scanCtx) value { return strOp(op, x(sc), y(sc)) }
	case "+", "-", "*", "\\", "%", "&", "|", "^", "<<", ">>":
		op := e.Op
		return func(sc *scanCtx) value { return arith(op, x(sc), y(sc)) }
	}
	c.fail(e.OpPos, "unsupported operator %q", e.Op)
	return x
}

// quantifier evaluates a quantifier against n items: it returns the
// number needed and whether "none" is meant. all is n; a percentage is
// rounded up.
func (c *compiler) quantifier(q *Quantifier) func(sc *scanCtx, n int) (need int64, none bool, v value) {
	switch q.Kind {
	case QuantAll:
		return func(_ *scanCtx, n int) (int64, bool, value) { return int64(n), false, vTrue }
	case QuantAny:
		return func(*scanCtx, int) (int64, bool, value) { return 1, false, vTrue }
	case QuantNone:
		return func(*scanCtx, int) (int64, bool, value) { return 0, true, vTrue }
	}
	x := c.expr(q.N)
	pct := q.Kind == QuantPercent
	return func(sc *scanCtx, n int) (int64, bool, value) {
		v := x(sc)
		switch v.k {
		case kUnknown:
			return 0, false, unknown
		case kInt:
		default:
			// yara pushes an undefined quantifier like "all".
			return int64(n), false, vTrue
		}
		if pct {
			// found*100 >= pct*n, as an integer count: ceil(pct*n/100).
			need := (v.i*int64(n) + 99) / 100
			return need, false, vTrue
		}
		return v.i, false, vTrue
	}
}

// decide applies a quantifier to counts of true and unknown items.
func decide(need int64, none bool, trues, unknowns, total int) value {
	if none {
		switch {
		case trues > 0:
			return vFalse
		case unknowns == 0:
			return vTrue
		}
		return unknown
	}
	switch {
	case int64(trues) >= need:
		return vTrue
	case int64(trues+unknowns) < need:
		return vFalse
	}
	return unknown
}

func (c *compiler) of(e *Of) evalFn {
	quant := c.quantifier(e.Quant)
	if rs, ok := e.Set.(*RuleSet); ok {
		var idx []int
		for _, name := range rs.Rules {
			idx = append(idx, c.ruleRef(rs.Pos, name))
		}
		return func(sc *scanCtx) value {
			need, none, qv := quant(sc, len(idx))
			if qv.k == kUnknown {
				return unknown
			}
			trues, unknowns := 0, 0
			for _, ri := range idx {
				switch sc.rules[ri] {
				case triTrue:
					trues++
				case triUnknown:
					unknowns++
				}
			}
			return decide(need, none, trues, unknowns, len(idx))
		}
	}
	set := c.stringSet(e.Set.(*StringSet))
	var rng func(*scanCtx) (int64, int64, bool)
	if e.Range != nil {
		rng = c.offsetRange(e.Range)
	}
	return func(sc *scanCtx) value {
		if sc.pre {
			return unknown
		}
		need, none, _ := quant(sc, len(set))
		found := 0
		if rng != nil {
			l, h, ok := rng(sc)
			if !ok {
				return undef
			}
			for _, si := range set {
				if matchesIn(sc.matches[si], l, h) {
					found++
				}
			}
		} else {
			for _, si := range set {
				if len(sc.matches[si]) > 0 {
					found++
				}
			}
		}
		return decide(need, none, found, 0, len(set))
	}
}

func (c *compiler) forOf(e *ForOf) evalFn {
	quant := c.quantifier(e.Quant)
	set := c.stringSet(e.Set)
	saved := c.forOfSlot
	c.forOfSlot = c.newSlot()
	slot := c.forOfSlot
	body := c.expr(e.Body)
	c.forOfSlot = saved
	return func(sc *scanCtx) value {
		if sc.pre {
			return unknown
		}
		need, none, qv := quant(sc, len(set))
		if qv.k == kUnknown {
			return unknown
		}
		trues := 0
		for _, si := range set {
			if sc.tick() {
				return undef
			}
			sc.vars[slot] = intVal(int64(si))
			if body(sc).truth() == triTrue {
				trues++
			}
		}
		if len(set) == 0 {
			return vFalse
		}
		return decide(need, none, trues, 0, len(set))
	}
}

func (c *compiler) forIn(e *ForIn) evalFn {
	quant := c.quantifier(e.Quant)
	// The iterator is evaluated outside the loop's scope.
	var iter func(sc *scanCtx, yield func(vals ...value) bool) (ok bool, unk bool)
	switch it := e.Iter.(type) {
	case *Range:
		lo, hi := c.expr(it.Lo), c.expr(it.Hi)
		iter = func(sc *scanCtx, yield func(vals ...value) bool) (bool, bool) {
			l, h := lo(sc), hi(sc)
			if l.k == kUnknown || h.k == kUnknown {
				return false, true
			}
			if l.k != kInt || h.k != kInt {
				return false, false
			}
			for i := l.i; i <= h.i; i++ {
				if !yield(intVal(i)) || i == math.MaxInt64 {
					break
				}
			}
			return true, false
		}
	case *Enum:
		items := make([]evalFn, len(it.Items))
		for i, x := range it.Items {
			items[i] = c.expr(x)
		}
		iter = func(sc *scanCtx, yield func(vals ...value) bool) (bool, bool) {
			for _, x := range items {
				v := x(sc)
				if v.k == kUnknown {
					return false, true
				}
				if !yield(v) {
					break
				}
			}
			return true, false
		}
	default:
		x := c.expr(it)
		iter = func(sc *scanCtx, yield func(vals ...value) bool) (bool, bool) {
			v := x(sc)
			switch o := v.o.(type) {
			case *module.Array:
				for _, item := range o.Items {
					if !yield(fromModule(item)) {
						break
					}
				}
				return true, false
			case *module.Dict:
				for _, k := range o.Keys {
					if !yield(value{k: kStr, s: k}, fromModule(o.Items[k])) {
						break
					}
				}
				return true, false
			}
			if v.k == kUnknown {
				return false, true
			}
			return false, false
		}
	}
	savedScope := len(c.scope)
	slots := make([]int, len(e.Vars))
	for i, name := range e.Vars {
		slots[i] = c.newSlot()
		c.scope = append(c.scope, scopeVar{name: name, slot: slots[i]})
	}
	body := c.expr(e.Body)
	c.scope = c.scope[:savedScope]
	return func(sc *scanCtx) value {
		trues, unknowns, total := 0, 0, 0
		ok, unk := iter(sc, func(vals ...value) bool {
			if sc.tick() {
				return false
			}
			for i, s := range slots {
				if i < len(vals) {
					sc.vars[s] = vals[i]
				} else {
					sc.vars[s] = undef
				}
			}
			total++
			switch body(sc).truth() {
			case triTrue:
				trues++
			case triUnknown:
				unknowns++
			}
			return true
		})
		if sc.stopped {
			return undef
		}
		if unk {
			return unknown
		}
		if !ok || total == 0 {
			return vFalse
		}
		need, none, qv := quant(sc, total)
		if qv.k == kUnknown {
			return unknown
		}
		return decide(need, none, trues, unknowns, total)
	}
}

// entrypoint computes the deprecated entrypoint keyword: the entry point
// of a PE or ELF file as a file offset, from the pe and elf modules.
func (sc *scanCtx) entrypoint() value {
	if sc.head {
		return unknown
	}
	if sc.entryOK {
		return sc.entry
	}
	sc.entryOK = true
	sc.entry = undef
	in := &module.Input{Data: sc.data, Size: sc.size}
	for _, name := range []string{"pe", "elf"} {
		if ep, ok := sc.module(name, in).Get("entry_point").(int64); ok {
			sc.entry = intVal(ep)
			break
		}
	}
	return sc.entry
}

// module returns the structure of a module for the scanned file: the one
// loaded for the scan when the rules import it, else loaded now.
func (sc *scanCtx) module(name string, in *module.Input) *module.Struct {
	for i, m := range sc.r.modules {
		if m.Name == name {
			return sc.mods[i]
		}
	}
	if m := module.Lookup(name); m != nil {
		return loadModule(m, in)
	}
	return nil
}
