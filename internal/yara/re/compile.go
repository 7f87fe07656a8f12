package re

import (
	"fmt"
	"sync"
)

// Flags are the pattern modifiers.
type Flags uint8

const (
	// NoCase makes literals and classes match both ASCII cases (/i,
	// nocase). Only ASCII letters are folded, as in yara.
	NoCase Flags = 1 << iota
	// DotAll makes '.' match '\n' too (/s).
	DotAll
	// Wide is yara's wide modifier on a regular expression
	// (RE_FLAGS_WIDE): every literal, class, '.' and escape consumes a
	// character followed by a 0x00 byte, \b and \B look at such
	// characters, and atoms are widened the same way. For [Literal], Wide
	// widens the given bytes (see [Widen]). It is ignored for hex strings.
	Wide
)

// ScanLimit is the longest match yara's general regexp engine reports
// (YR_RE_SCAN_LIMIT): it never consumes more than this many bytes.
const ScanLimit = 4096

// MaxInsts bounds the size of a compiled program. yara's own limit
// (RE_MAX_CODE_SIZE, 32 KiB of byte code with counted loops) is not
// reproduced exactly: see the package documentation.
const MaxInsts = 1 << 20

type instOp uint8

const (
	iByte   instOp = iota // consume one byte in set
	iSplit                // try x, then y
	iJmp                  // go to x
	iAssert               // zero-width assertion (assert)
	iMatch                // match
)

type inst struct {
	op     instOp
	assert Op
	x, y   uint32
	set    *ByteSet
}

// Prog is a compiled pattern: a regular expression or a hex string.
// A Prog is safe for concurrent use.
type Prog struct {
	insts []inst
	start uint32
	// limit is the maximum number of bytes a match may consume (ScanLimit
	// for regexps and hex strings with alternatives; unlimited for plain
	// hex strings, which yara runs with its "fast" engine).
	limit int
	ast   *AST
	// root is the AST the program was compiled from: ast.Root, widened
	// (see widen) for Wide.
	root  *Node
	flags Flags
	// lit is the text of a Literal (lowercased for NoCase); lit != nil
	// marks a Literal, whose matches are byte compares.
	lit []byte
	// minLen is the minimum length of a match.
	minLen int
	pool   sync.Pool
	// first holds the bytes a non-empty match can start with; nullable
	// is set when the pattern can match the empty string.
	first    ByteSet
	nullable bool
	// closure[pc] lists, in priority order, the consuming instructions
	// (iByte, iMatch) reachable from pc through epsilon moves; it is nil
	// for programs with assertions or whose closures would be too big.
	closure [][]uint32
	// fixed holds the byte sets of the leading single-byte items: a match
	// at start requires data[start+i] in fixed[i].
	fixed []*ByteSet
	// pieces and gaps describe a chained hex string (see chain.go).
	pieces []*Prog
	gaps   [][2]int
	// fast is set for hex strings without alternatives.
	fast *fastHex
}

// Compile compiles an AST with the given flags.
func Compile(ast *AST, flags Flags) (*Prog, error) {
	if ast.Greedy && ast.Ungreedy {
		return nil, &Error{0, "greedy and ungreedy quantifiers can't be mixed in a regular expression"}
	}
	if ast.Hex {
		flags = DotAll
	}
	root := ast.Root
	if flags&Wide != 0 {
		root = widen(root)
	}
	return compileRoot(ast, root, flags)
}

// compileRoot compiles root (ast.Root, already widened for Wide).
func compileRoot(ast *AST, root *Node, flags Flags) (*Prog, error) {
	fast := ast.Hex && !ast.HasAlt
	if !fast && size(root) > MaxInsts {
		return nil, &Error{0, "regular expression is too large"}
	}
	c := &compiler{flags: flags}
	var f frag
	if !fast {
		f = c.compile(root)
		m := c.add(inst{op: iMatch})
		c.patch(f.out, m)
		if c.err != nil {
			return nil, c.err
		}
	}
	p := &Prog{insts: c.insts, start: f.start, limit: ScanLimit, ast: ast, root: root, flags: flags}
	if fast {
		p.limit = -1
		p.fast = newFastHex(root)
	}
	if pa, gaps := splitChain(ast); pa != nil {
		for _, a := range pa {
			pp, err := Compile(a, flags)
			if err != nil {
				return nil, err
			}
			p.pieces = append(p.pieces, pp)
		}
		p.gaps = gaps
	}
	p.finish()
	p.closure = buildClosures(p.insts)
	return p, nil
}

// finish computes the summaries of p.root used to reject starts early.
func (p *Prog) finish() {
	p.minLen = minLen(p.root)
	p.first, p.nullable = firstSet(p.root, p.flags)
	for _, n := range topItems(p.root) {
		set := setFor(n, p.flags)
		if set == nil || len(p.fixed) >= 32 {
			break
		}
		p.fixed = append(p.fixed, set)
	}
}

// widen returns n with every single-byte node X replaced by X followed by
// a 0x00 literal: yara's wide matching of a regular expression.
func widen(n *Node) *Node {
	switch n.Op {
	case OpConcat:
		// Flattened, so that atom runs and the fixed prefix see the
		// single-byte nodes of a sequence.
		r := &Node{Op: OpConcat}
		for _, s := range n.Subs {
			if w := widen(s); w.Op == OpConcat {
				r.Subs = append(r.Subs, w.Subs...)
			} else {
				r.Subs = append(r.Subs, w)
			}
		}
		return r
	case OpAlt, OpRepeat:
		r := *n
		r.Subs = make([]*Node, len(n.Subs))
		for i, s := range n.Subs {
			r.Subs[i] = widen(s)
		}
		return &r
	case OpWordBoundary, OpNonWordBoundary, OpAnchorStart, OpAnchorEnd:
		return n
	}
	return &Node{Op: OpConcat, Subs: []*Node{n, {Op: OpLiteral, Byte: 0}}}
}

// MustCompileRegexp parses and compiles a regular expression; it panics
// on error (for tests and tables).
func MustCompileRegexp(pattern string, flags Flags) *Prog {
	a, err := Parse(pattern)
	if err == nil {
		var p *Prog
		if p, err = Compile(a, flags); err == nil {
			return p
		}
	}
	panic(fmt.Sprintf("re: %q: %v", pattern, err))
}

// AST returns the AST the program was compiled from.
func (p *Prog) AST() *AST {
	if p.ast == nil && p.lit != nil {
		return &AST{Root: p.litNodes()}
	}
	return p.ast
}

// Flags returns the flags the program was compiled with.
func (p *Prog) Flags() Flags { return p.flags }

// Len returns the number of instructions.
func (p *Prog) Len() int { return len(p.insts) }

type compiler struct {
	flags Flags
	insts []inst
	err   error
}

// hole is a dangling exit of a fragment: field x (or y) of insts[idx].
type hole struct {
	idx uint32
	y   bool
}

type frag struct {
	start uint32
	out   []hole
}

func (c *compiler) add(in inst) uint32 {
	if len(c.insts) >= MaxInsts {
		if c.err == nil {
			c.err = &Error{0, "regular expression is too large"}
		}
		return 0
	}
	c.insts = append(c.insts, in)
	return uint32(len(c.insts) - 1)
}

func (c *compiler) patch(hs []hole, target uint32) {
	if c.err != nil {
		return
	}
	for _, h := range hs {
		if h.y {
			c.insts[h.idx].y = target
		} else {
			c.insts[h.idx].x = target
		}
	}
}

// size estimates the number of instructions n compiles to, saturating.
func size(n *Node) int {
	sat := func(v int) int {
		if v > MaxInsts+1 {
			return MaxInsts + 1
		}
		return v
	}
	switch n.Op {
	case OpConcat, OpAlt:
		t := 1
		for _, s := range n.Subs {
			t = sat(t + size(s) + 1)
		}
		return t
	case OpRepeat:
		k := n.Max
		if k == Unbounded {
			k = n.Min + 1
		}
		return sat((size(n.Subs[0]) + 2) * (k + 1))
	}
	return 1
}

func (c *compiler) compile(n *Node) frag {
	if c.err != nil {
		return frag{}
	}
	switch n.Op {
	case OpWordBoundary, OpNonWordBoundary, OpAnchorStart, OpAnchorEnd:
		i := c.add(inst{op: iAssert, assert: n.Op})
		return frag{i, []hole{{i, false}}}
	case OpConcat:
		if len(n.Subs) == 0 {
			i := c.add(inst{op: iJmp})
			return frag{i, []hole{{i, false}}}
		}
		f := c.compile(n.Subs[0])
		for _, s := range n.Subs[1:] {
			g := c.compile(s)
			c.patch(f.out, g.start)
			f.out = g.out
		}
		return f
	case OpAlt:
		var out []hole
		var first uint32
		prevSplit := -1
		for k, s := range n.Subs {
			var sp uint32
			if k < len(n.Subs)-1 {
				sp = c.add(inst{op: iSplit})
			}
			f := c.compile(s)
			if c.err != nil {
				return frag{}
			}
			out = append(out, f.out...)
			entry := f.start
			if k < len(n.Subs)-1 {
				c.insts[sp].x = f.start
				entry = sp
			}
			if prevSplit >= 0 {
				c.insts[prevSplit].y = entry
			} else {
				first = entry
			}
			if k < len(n.Subs)-1 {
				prevSplit = int(sp)
			}
		}
		return frag{first, out}
	case OpRepeat:
		return c.repeat(n)
	}
	set := setFor(n, c.flags)
	i := c.add(inst{op: iByte, set: set})
	return frag{i, []hole{{i, false}}}
}

func (c *compiler) repeat(n *Node) frag {
	sub := n.Subs[0]
	var f frag
	have := false
	seq := func(g frag) {
		if !have {
			f, have = g, true
			return
		}
		c.patch(f.out, g.start)
		f.out = g.out
	}
	for k := 0; k < n.Min && c.err == nil; k++ {
		seq(c.compile(sub))
	}
	if n.Max == Unbounded {
		sp := c.add(inst{op: iSplit})
		body := c.compile(sub)
		if c.err != nil {
			return frag{}
		}
		c.patch(body.out, sp)
		seq(frag{sp, []hole{c.loopSplit(sp, body.start, n.Greedy)}})
		return f
	}
	var exits []hole
	for k := n.Min; k < n.Max && c.err == nil; k++ {
		sp := c.add(inst{op: iSplit})
		body := c.compile(sub)
		if c.err != nil {
			return frag{}
		}
		exits = append(exits, c.loopSplit(sp, body.start, n.Greedy))
		seq(frag{sp, body.out})
	}
	if !have {
		i := c.add(inst{op: iJmp})
		return frag{i, []hole{{i, false}}}
	}
	f.out = append(f.out, exits...)
	return f
}

// loopSplit points the split sp at a repetition's body, first when the
// repetition is greedy (preferred) and second otherwise, and returns the
// other branch, the hole through which the repetition is left.
func (c *compiler) loopSplit(sp, body uint32, greedy bool) hole {
	if greedy {
		c.insts[sp].x = body
		return hole{sp, true}
	}
	c.insts[sp].y = body
	return hole{sp, false}
}

// minLen returns the minimum number of bytes a match of n consumes.
func minLen(n *Node) int {
	switch n.Op {
	case OpWordBoundary, OpNonWordBoundary, OpAnchorStart, OpAnchorEnd:
		return 0
	case OpConcat:
		t := 0
		for _, s := range n.Subs {
			t += minLen(s)
		}
		return t
	case OpAlt:
		m := -1
		for _, s := range n.Subs {
			if v := minLen(s); m < 0 || v < m {
				m = v
			}
		}
		return m
	case OpRepeat:
		return n.Min * minLen(n.Subs[0])
	}
	return 1
}

// firstSet returns the set of bytes a non-empty match of n can start
// with, and whether n can match the empty string.
func firstSet(n *Node, f Flags) (ByteSet, bool) {
	switch n.Op {
	case OpWordBoundary, OpNonWordBoundary, OpAnchorStart, OpAnchorEnd:
		return ByteSet{}, true
	case OpConcat:
		var s ByteSet
		for _, c := range n.Subs {
			cs, nul := firstSet(c, f)
			s.AddSet(&cs)
			if !nul {
				return s, false
			}
		}
		return s, true
	case OpAlt:
		var s ByteSet
		null := false
		for _, c := range n.Subs {
			cs, nul := firstSet(c, f)
			s.AddSet(&cs)
			null = null || nul
		}
		return s, null
	case OpRepeat:
		s, nul := firstSet(n.Subs[0], f)
		if n.Max == 0 {
			return ByteSet{}, true
		}
		return s, nul || n.Min == 0
	}
	return *setFor(n, f), false
}

// CanStart reports whether a non-empty match may start with byte b.
func (p *Prog) CanStart(b byte) bool { return p.first.Has(b) }

// maxClosureEntries bounds the memory spent on precomputed closures.
const maxClosureEntries = 1 << 18

func buildClosures(insts []inst) [][]uint32 {
	for _, in := range insts {
		if in.op == iAssert {
			return nil
		}
	}
	cl := make([][]uint32, len(insts))
	total := 0
	seen := make([]uint32, len(insts))
	gen := uint32(0)
	var st []uint32
	for pc := range insts {
		gen++
		var out []uint32
		st = append(st[:0], uint32(pc))
		for len(st) > 0 {
			x := st[len(st)-1]
			st = st[:len(st)-1]
			if seen[x] == gen {
				continue
			}
			seen[x] = gen
			switch in := &insts[x]; in.op {
			case iJmp:
				st = append(st, in.x)
			case iSplit:
				st = append(st, in.y, in.x)
			default:
				out = append(out, x)
			}
		}
		total += len(out)
		if total > maxClosureEntries {
			return nil
		}
		cl[pc] = out
	}
	return cl
}
