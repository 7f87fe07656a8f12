package yara

import (
	"bytes"
	"math"
	"strings"

	"github.com/yingji/yingji/internal/yara/module"
)

// kind is the dynamic type of a condition value.
type kind uint8

const (
	// kUndef is yara's undefined: a module field the file lacks, an
	// out-of-range read, a division by zero. It makes comparisons
	// undefined, counts as false in and/or and in loops, and a rule whose
	// condition is undefined does not match.
	kUndef kind = iota
	// kUnknown exists only in the first pass over a file, when string
	// matches are not known yet: it stands for "depends on the strings".
	kUnknown
	kBool
	kInt
	kFloat
	kStr
	kObj // a module structure, array, dictionary or function
)

// value is the result of evaluating an expression.
type value struct {
	k kind
	i int64 // kBool (0/1) and kInt
	f float64
	s string
	o any
}

var (
	undef   = value{k: kUndef}
	unknown = value{k: kUnknown}
	vTrue   = value{k: kBool, i: 1}
	vFalse  = value{k: kBool}
)

func boolVal(b bool) value {
	if b {
		return vTrue
	}
	return vFalse
}

func intVal(i int64) value { return value{k: kInt, i: i} }

// tri is a three-valued truth: known false, known true, or unknown until
// the strings have been searched.
type tri uint8

const (
	triFalse tri = iota
	triTrue
	triUnknown
)

// truth converts a value used as a boolean. Undefined is false, as in
// yara's and/or and its rule results.
func (v value) truth() tri {
	switch v.k {
	case kUnknown:
		return triUnknown
	case kBool, kInt:
		if v.i != 0 {
			return triTrue
		}
	case kFloat:
		if v.f != 0 {
			return triTrue
		}
	case kStr:
		if len(v.s) > 0 {
			return triTrue
		}
	}
	return triFalse
}

// fromModule converts a module value to a condition value.
func fromModule(x any) value {
	switch t := x.(type) {
	case nil:
		return undef
	case int64:
		return value{k: kInt, i: t}
	case float64:
		return value{k: kFloat, f: t}
	case string:
		return value{k: kStr, s: t}
	case *module.Struct, *module.Array, *module.Dict, module.Func:
		return value{k: kObj, o: t}
	}
	return undef
}

// toModule converts a condition value to a module function argument.
func (v value) toModule() any {
	switch v.k {
	case kInt, kBool:
		return v.i
	case kFloat:
		return v.f
	case kStr:
		return v.s
	case kObj:
		return v.o
	}
	return nil
}

// arith applies an arithmetic operator with yara's semantics: integers
// wrap, an integer division or modulo by zero is undefined, a float
// operand makes the result a float.
func arith(op string, x, y value) value {
	if x.k == kUnknown || y.k == kUnknown {
		return unknown
	}
	if (x.k != kInt && x.k != kFloat) || (y.k != kInt && y.k != kFloat) {
		return undef
	}
	if x.k == kFloat || y.k == kFloat {
		a, b := x.num(), y.num()
		switch op {
		case "+":
			return value{k: kFloat, f: a + b}
		case "-":
			return value{k: kFloat, f: a - b}
		case "*":
			return value{k: kFloat, f: a * b}
		case "\\":
			// yara divides floats without a zero check (IEEE result).
			return value{k: kFloat, f: a / b}
		}
		return undef
	}
	a, b := x.i, y.i
	switch op {
	case "+":
		return intVal(a + b)
	case "-":
		return intVal(a - b)
	case "*":
		return intVal(a * b)
	case "\\":
		if b == 0 {
			return undef
		}
		if a == math.MinInt64 && b == -1 {
			return intVal(a)
		}
		return intVal(a / b)
	case "%":
		if b == 0 {
			return undef
		}
		if b == -1 {
			return intVal(0)
		}
		return intVal(a % b)
	case "&":
		return intVal(a & b)
	case "|":
		return intVal(a | b)
	case "^":
		return intVal(a ^ b)
	case "<<":
		if b < 0 || b >= 64 {
			return intVal(0)
		}
		return intVal(a << uint(b))
	case ">>":
		if b < 0 || b >= 64 {
			return intVal(0)
		}
		return intVal(a >> uint(b))
	}
	return undef
}

func (v value) num() float64 {
	if v.k == kFloat {
		return v.f
	}
	return float64(v.i)
}

// compare applies a comparison; undefined operands give undefined.
func compare(op string, x, y value) value {
	if x.k == kUnknown || y.k == kUnknown {
		return unknown
	}
	if x.k == kUndef || y.k == kUndef {
		return undef
	}
	var c int
	switch {
	case x.k == kStr && y.k == kStr:
		c = strings.Compare(x.s, y.s)
	case (x.k == kInt || x.k == kBool) && (y.k == kInt || y.k == kBool):
		c = cmp64(x.i, y.i)
	case (x.k == kInt || x.k == kFloat || x.k == kBool) && (y.k == kInt || y.k == kFloat || y.k == kBool):
		a, b := x.num(), y.num()
		switch {
		case a < b:
			c = -1
		case a > b:
			c = 1
		case a == b:
			c = 0
		default: // NaN: every comparison but != is false
			return boolVal(op == "!=")
		}
	default:
		return undef
	}
	switch op {
	case "==":
		return boolVal(c == 0)
	case "!=":
		return boolVal(c != 0)
	case "<":
		return boolVal(c < 0)
	case "<=":
		return boolVal(c <= 0)
	case ">":
		return boolVal(c > 0)
	case ">=":
		return boolVal(c >= 0)
	}
	return undef
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// strOp applies contains, icontains, startswith, istartswith, endswith,
// iendswith and iequals.
func strOp(op string, x, y value) value {
	if x.k == kUnknown || y.k == kUnknown {
		return unknown
	}
	if x.k != kStr || y.k != kStr {
		return undef
	}
	a, b := x.s, y.s
	switch op {
	case "contains":
		return boolVal(strings.Contains(a, b))
	case "icontains":
		return boolVal(bytes.Contains(lowerASCII(a), lowerASCII(b)))
	case "startswith":
		return boolVal(strings.HasPrefix(a, b))
	case "istartswith":
		return boolVal(len(a) >= len(b) && equalFoldASCII(a[:len(b)], b))
	case "endswith":
		return boolVal(strings.HasSuffix(a, b))
	case "iendswith":
		return boolVal(len(a) >= len(b) && equalFoldASCII(a[len(a)-len(b):], b))
	case "iequals":
		return boolVal(len(a) == len(b) && equalFoldASCII(a, b))
	}
	return undef
}

func lowerASCII(s string) []byte {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return b
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		c, d := a[i], b[i]
		if 'A' <= c && c <= 'Z' {
			c += 32
		}
		if 'A' <= d && d <= 'Z' {
			d += 32
		}
		if c != d {
			return false
		}
	}
	return true
}
