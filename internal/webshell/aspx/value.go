package aspx

import (
	"strconv"
	"strings"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// tflag qualifies request data.
type tflag uint16

const (
	tfDecoded   tflag = 1 << iota // through base64, URL or hex decoding
	tfDecrypted                   // through a cipher's decryptor or an XOR loop
	tfNumeric                     // converted to a number: cannot carry code
	tfBaseName                    // only a file name (Path.GetFileName): no directory choice
	tfUpload                      // the content of an uploaded file
	tfBool                        // a comparison's result
)

// taint is the origin of request data and the way it came.
type taint struct {
	src   verdict.Point
	steps []verdict.Point
	fl    tflag
}

const maxSteps = 8

// with returns a copy of t with one more step (bounded) and flags.
func (t *taint) with(step *verdict.Point, fl tflag) *taint {
	if t == nil {
		return nil
	}
	n := &taint{src: t.src, fl: t.fl | fl}
	n.steps = t.steps
	if step != nil && len(t.steps) < maxSteps {
		if k := len(t.steps); k == 0 || t.steps[k-1].What != step.What || t.steps[k-1].Line != step.Line {
			n.steps = append(append([]verdict.Point(nil), t.steps...), *step)
		}
	}
	return n
}

// clear returns t without the flags fl.
func (t *taint) clear(fl tflag) *taint {
	if t == nil || t.fl&fl == 0 {
		return t
	}
	n := *t
	n.fl &^= fl
	return &n
}

// vflag qualifies constants and objects.
type vflag uint16

const (
	vfFolded  vflag = 1 << iota // a constant built from several pieces
	vfDecoded                   // a constant recovered by decoding (base64, char codes, reversal, escapes)
	vfHidden                    // computed from constants by code that is not folded (a decoder loop)
	vfUnknown                   // a parameter or value of unknown origin
	vfWebDir                    // a path in the web application's own directory (scripts run there)
)

// value is what the evaluator knows about an expression.
type value struct {
	t     *taint
	c     string // constant string (or bytes) when hasC
	hasC  bool
	n     int64 // constant number when hasN
	hasN  bool
	typ   string // short lower-case .NET type ("process", "httprequest", ...), "" unknown
	meta  string // "ns": dotted name; "type": the type named; "methodinfo": "type.method"; "com": ProgID; "control": kind
	o     *object
	fl    vflag
	elems []value // elements of a constant array
	sfx   string  // the constant end of a concatenation (a path's extension)
	fn    *expr   // a lambda or anonymous function held as a delegate
	off   int32   // where the constant or object came from
	line  int32
}

// object is the mutable state of a tracked object (a process, a writer,
// a string builder, a command); values share it by pointer.
type object struct {
	props   map[string]value
	content value // builder text, stream or list content, written data
	path    value // a file writer's path
	hasPath bool
	name    string // variable name, for messages
}

func (o *object) set(k string, v value) {
	if o.props == nil {
		o.props = map[string]value{}
	}
	o.props[k] = v
}

func newObject() *object { return &object{props: map[string]value{}} }

func strVal(s string) value { return value{c: s, hasC: true, typ: "string"} }

func numVal(n int64) value { return value{n: n, hasN: true, typ: "int"} }

func (v value) isConst() bool { return v.hasC || v.hasN }

// str returns v as a string constant when known.
func (v value) str() (string, bool) {
	if v.hasC {
		return v.c, true
	}
	if v.hasN {
		return strconv.FormatInt(v.n, 10), true
	}
	if len(v.elems) > 0 && len(v.elems) <= 4096 {
		var b strings.Builder
		for _, e := range v.elems {
			s, ok := e.str()
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
		return b.String(), true
	}
	return "", false
}

// num returns v as a number when known (a numeric string counts).
func (v value) num() (int64, bool) {
	if v.hasN {
		return v.n, true
	}
	if v.hasC && v.typ == "char" {
		for _, r := range v.c {
			return int64(r), true
		}
	}
	if v.hasC {
		s := strings.TrimSpace(v.c)
		if strings.HasPrefix(strings.ToLower(s), "0x") {
			n, err := strconv.ParseInt(s[2:], 16, 64)
			return n, err == nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil
	}
	return 0, false
}

// tainted reports request data that can carry text (not only a number
// or a truth value).
func (v value) tainted() bool {
	return v.t != nil && v.t.fl&(tfNumeric|tfBool) == 0
}

// maxConst bounds folded constants.
const maxConst = 1 << 20

// join merges two possible values of one expression (branches, several
// assignments, several call sites).
func join(a, b value) value {
	r := a
	if r.t == nil || b.t != nil && rank(b.t) > rank(r.t) {
		r.t = b.t
	}
	if !(a.hasC && b.hasC && a.c == b.c) {
		r.hasC, r.c = false, ""
	}
	if !(a.hasN && b.hasN && a.n == b.n) {
		r.hasN, r.n = false, 0
	}
	if r.typ == "" {
		r.typ, r.meta = b.typ, b.meta
	}
	if r.o == nil {
		r.o = b.o
	}
	r.fl |= b.fl
	if len(a.elems) != len(b.elems) {
		r.elems = nil
	}
	return r
}

// rank prefers taint that can carry code, then the more processed one.
func rank(t *taint) int {
	r := 0
	if t.fl&(tfNumeric|tfBool) == 0 {
		r += 100
	}
	if t.fl&tfBaseName == 0 {
		r += 50
	}
	if t.fl&tfDecrypted != 0 {
		r += 10
	}
	if t.fl&tfDecoded != 0 {
		r += 5
	}
	return r + len(t.steps)
}

// mergeTaint returns the best taint of vs.
func mergeTaint(vs ...value) *taint {
	var t *taint
	for _, v := range vs {
		if v.t != nil && (t == nil || rank(v.t) > rank(t)) {
			t = v.t
		}
	}
	return t
}

// derived is a value computed from vs by an operation the evaluator does
// not fold: request data stays request data, constants become hidden.
func derived(vs ...value) value {
	r := value{t: mergeTaint(vs...)}
	for _, v := range vs {
		if v.isConst() || v.fl&(vfHidden|vfDecoded) != 0 {
			r.fl |= vfHidden
		}
		if v.fl&vfUnknown != 0 {
			r.fl |= vfUnknown
		}
	}
	if r.t != nil {
		r.fl &^= vfHidden
	}
	return r
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
