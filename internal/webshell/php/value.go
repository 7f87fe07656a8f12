package php

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/yingji/yingji/internal/webshell/decode"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

// origin is where a tainted value comes from: a request input (pt set),
// or a parameter of a function (fn set), which call sites resolve.
type origin struct {
	pt     *verdict.Point
	input  string // superglobal or pseudo input: "_POST", "php://input", "_FILES", ...
	hidden bool   // reached through a computed name (${'_PO'.'ST'})
	fn     *function
	param  int
}

// value is what the analysis knows of an expression: the constant strings
// it may be, its constant array elements, the inputs it may carry, and
// how it was computed.
type value struct {
	strs    []string          // possible constant values; nil when unknown
	elems   map[string]*value // constant array elements (nil: not a known array)
	keys    []string          // the keys of a literal array, in order
	taint   []origin
	steps   []verdict.Point // decoding steps that produced strs, in order
	closure int             // function index of a closure value, 0 for none
	lambda  *lambda         // a function made by create_function
	super   string          // the value is a whole superglobal array ("_POST", "GLOBALS", "_SERVER")
	// ext is the script extension (".php") a value ends with when the
	// value itself is not known ($_SERVER['DOCUMENT_ROOT'].'/x.php'), or
	// of the path a file handle was opened on.
	ext string
	// The flags are together, after the rest, so that they share one word:
	// a value is the evaluator's most made allocation.
	//
	// hidden: the constant was computed (concatenation, decoding, lookup)
	// rather than written as one literal.
	hidden bool
	// prefixed: a non-empty constant precedes the tainted part, so the
	// input cannot choose the whole value (a name 'act_'.$_GET['a']).
	prefixed bool
	// prop: read from an object property, which unserialize() can set to
	// anything whatever the code assigns.
	prop bool
	// sock: a handle on a network connection the script opened; what is
	// read from it comes from whoever is at the other end.
	sock bool
}

// lambda is a function made by create_function from constant text.
type lambda struct {
	params []string
	code   string
	steps  []verdict.Point
}

// Bounds on what one file may make the evaluator compute.
const (
	maxStrs      = 4        // candidate constant values kept per expression
	maxTaint     = 4        // origins kept per value
	maxElems     = 4096     // constant array elements kept
	maxBytes     = 64 << 20 // bytes of constant strings built per file
	maxEvalSteps = 400000   // evaluations per file (and per nested analysis)
	maxEvalDepth = 2000     // nesting of evaluations (long chains of assignments)
)

var unknown = &value{}

// strVal returns the value of the constant s. The value and its one
// string are one allocation: constants are the values most made.
func strVal(s string) *value {
	c := &constValue{one: [1]string{s}}
	c.v.strs = c.one[:1:1]
	return &c.v
}

type constValue struct {
	v   value
	one [1]string
}

func (v *value) known() bool { return v != nil && len(v.strs) > 0 }

func (v *value) tainted() bool {
	for _, o := range v.taint {
		if o.pt != nil {
			return true
		}
	}
	return false
}

// chosenBy reports whether an input that ok accepts may flow into v.
func (v *value) chosenBy(ok func(input string) bool) bool {
	for _, o := range v.taint {
		if o.pt != nil && ok(o.input) {
			return true
		}
	}
	return false
}

// source returns the first real input origin.
func (v *value) source() *origin {
	for i := range v.taint {
		if v.taint[i].pt != nil {
			return &v.taint[i]
		}
	}
	return nil
}

// byKey returns the elements of m in the order of their keys. Where
// their taints are gathered, the first origin becomes the one a
// detection names, and map order would make the explanation of one
// file differ from run to run.
func byKey(m map[string]*value) []*value {
	if len(m) <= 1 {
		for _, v := range m {
			return []*value{v}
		}
		return nil
	}
	keys := slices.Sorted(maps.Keys(m))
	vs := make([]*value, len(keys))
	for i, k := range keys {
		vs[i] = m[k]
	}
	return vs
}

// taintCaps and strsCaps are the capacities of the taint and string
// lists of values made one append at a time, by length.
var (
	taintCaps = appendCaps[origin](maxTaint)
	strsCaps  = appendCaps[string](maxStrs)
)

// appendCaps returns, for each n up to max, the capacity of a slice of T
// after n appends of one element to nil. The slice lives on the heap, as
// the lists of values do: the compiler may give a slice that stays on
// the stack a larger first array.
func appendCaps[T any](max int) []int {
	caps := make([]int, max+1)
	s := new([]T)
	appendCapsSink = s
	var zero T
	for n := 1; n <= max; n++ {
		*s = append(*s, zero)
		caps[n] = cap(*s)
	}
	appendCapsSink = nil
	return caps
}

// appendCapsSink makes appendCaps's slice escape to the heap.
var appendCapsSink any

// grown returns a copy of buf (nil when empty) with the capacity caps
// gives for its length: the slice appending its elements one at a time
// to nil would have made, in one allocation. Values share the backing
// arrays of their lists, so the capacity, which decides whether a later
// append writes into a shared array, stays what it was.
func grown[T any](buf []T, caps []int) []T {
	if len(buf) == 0 {
		return nil
	}
	out := make([]T, len(buf), caps[len(buf)])
	copy(out, buf)
	return out
}

func addTaint(dst []origin, src []origin) []origin {
	for _, o := range src {
		dup := false
		for _, d := range dst {
			if d.pt == o.pt && d.fn == o.fn && d.param == o.param {
				dup = true
				break
			}
		}
		if !dup && len(dst) < maxTaint {
			dst = append(dst, o)
		}
	}
	return dst
}

// merge returns a value that may be any of vs (for branches and for the
// several assignments of a variable), made in the file's arena.
func (a *analyzer) merge(vs ...*value) *value { return mergeInto(a.shared.newValue(), vs...) }

// mergeInto is merge into the zero value out.
func mergeInto(out *value, vs ...*value) *value {
	allKnown := true
	// The origins and strings are gathered on the stack and copied once
	// into slices of the capacity appending one at a time gives.
	var taintBuf [maxTaint]origin
	var strsBuf [maxStrs]string
	taint, strs := taintBuf[:0], strsBuf[:0]
	for _, v := range vs {
		if v == nil {
			continue
		}
		taint = addTaint(taint, v.taint)
		out.hidden = out.hidden || v.hidden
		out.prefixed = out.prefixed || v.prefixed
		if out.closure == 0 {
			out.closure = v.closure
		}
		if out.lambda == nil {
			out.lambda = v.lambda
		}
		if out.super == "" {
			out.super = v.super
		}
		if out.ext == "" {
			out.ext = v.ext
		}
		out.sock = out.sock || v.sock
		if len(v.steps) > len(out.steps) {
			out.steps = v.steps
		}
		if v.elems != nil {
			if out.elems == nil {
				out.elems = make(map[string]*value, len(v.elems))
			}
			if len(out.elems)+len(v.elems) <= maxElems {
				for k, e := range v.elems {
					out.elems[k] = e
				}
			} else {
				// Which elements fit is decided by key, not by map order.
				for _, k := range slices.Sorted(maps.Keys(v.elems)) {
					if len(out.elems) < maxElems {
						out.elems[k] = v.elems[k]
					}
				}
			}
		}
		if !v.known() {
			allKnown = false
			continue
		}
		for _, s := range v.strs {
			if len(strs) < maxStrs && !contains(strs, s) {
				strs = append(strs, s)
			}
		}
	}
	out.taint, out.strs = grown(taint, taintCaps), grown(strs, strsCaps)
	if !allKnown && out.elems == nil && out.closure == 0 {
		// Some branch is unknown: keep the candidates (a sink that may be
		// "system" matters) but they are not the only possibilities.
		return out
	}
	return out
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// concat is PHP's "." on two values.
func (a *analyzer) concat(l, r *value) *value {
	if len(l.strs) == 1 && l.strs[0] == "" && len(l.taint) == 0 && len(l.steps) == 0 && !l.prefixed &&
		r.tainted() && !r.known() {
		// "" . $x is $x: an empty directory in front ($dir = ""; $dir.$name)
		// does not constrain the name.
		c := *r
		return &c
	}
	out := a.shared.newValue()
	out.hidden = true
	var taintBuf [maxTaint]origin
	out.taint = grown(addTaint(addTaint(taintBuf[:0], l.taint), r.taint), taintCaps)
	// A left part the request does not choose (a constant or a path the
	// code computes) constrains the whole: 'act_'.$x, $dir.'/'.$x.
	out.prefixed = l.prefixed || (!l.tainted() && r.tainted() && (!l.known() || l.strs[0] != ""))
	out.steps = append(append([]verdict.Point(nil), l.steps...), r.steps...)
	if l.known() && r.known() {
		var strsBuf [maxStrs]string
		strs := strsBuf[:0]
		for _, x := range l.strs {
			for _, y := range r.strs {
				if len(strs) >= maxStrs || !a.spend(len(x)+len(y)) {
					break
				}
				strs = append(strs, x+y)
			}
		}
		out.strs = grown(strs, strsCaps)
	}
	if !out.known() {
		switch {
		case r.known():
			out.ext = scriptExt(r.strs[0])
		case r.ext != "" && r.flows() == 0:
			out.ext = r.ext
		}
	}
	return out
}

// spend charges n bytes of built strings against the file's budget.
func (a *analyzer) spend(n int) bool {
	if a.bytes+n > maxBytes || n > decode.MaxOutput {
		return false
	}
	a.bytes += n
	return true
}

// numeric returns the integer a constant value stands for.
func (v *value) int() (int64, bool) {
	if !v.known() {
		return 0, false
	}
	s := strings.TrimSpace(v.strs[0])
	if n, err := strconv.ParseInt(s, 0, 64); err == nil {
		return n, true
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return int64(f), true
	}
	return 0, false
}

// firstStr is v's first constant candidate, "" when v is not known.
func firstStr(v *value) string {
	if !v.known() {
		return ""
	}
	return v.strs[0]
}
