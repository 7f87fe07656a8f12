package asp

// origin is where attacker input enters: Request("x"), Request.Form, ...
type origin struct {
	what    string
	line    int
	excerpt string // the text around it, from decoded code when it is there
}

// step is one decoding or propagation step.
type step struct {
	what string
	line int
}

// maxAlts bounds the constants a value may be; more make it unknown.
const maxAlts = 8

// maxSteps bounds the steps kept on a value.
const maxSteps = 8

// aval is an abstract value: the constants it may be, and what is known
// about the rest.
type aval struct {
	alts   []cv    // possible constant values
	unk    bool    // may be something else, of unknown origin
	taint  *origin // derived from request input
	params uint64  // derived from these parameters of the function analysed
	steps  []step  // decoding that produced the constants
	obj    *objState
	fn     string   // a built-in function itself: "eval", "function"
	user   *funcDef // a JScript function value
	props  map[string]*aval
	remote *objState  // content downloaded by this HTTP object
	extern *objState  // output of this command or file object
	hid    *hiddenArg // a long constant went into a function not evaluated
	raw    bool       // exactly request input, not embedded in other text
	self   bool       // derived from the page's own path (SCRIPT_NAME)
	json   bool       // "(" + input + ")": the JSON-parsing idiom of old JScript
}

// objState is a COM object of the page. It is shared by the values that
// refer to it, so methods called on one variable are seen by all.
type objState struct {
	class   string // normalised ProgID, or pseudo-classes "textstream", "file", "folder", "exec"
	how     string // how it was made, for evidence
	line    int
	hidden  []step // the class name was built at run time
	content *aval  // data written (stream, text file)
	path    *aval  // file path (text stream, stream loaded from a file, file object)
	url     *aval  // HTTP request URL
	conn    *aval  // connection string
	write   bool   // text stream opened for writing
	props   map[string]*aval
}

var unknown = &aval{unk: true}

func constVal(c cv) *aval {
	// The value and its one constant in one allocation (constants are
	// the commonest values). The constant's slice is full: appending to
	// it copies.
	p := &struct {
		v aval
		c [1]cv
	}{}
	p.c[0] = c
	p.v.alts = p.c[:]
	return &p.v
}

// single returns the only constant of v.
func (v *aval) single() (cv, bool) {
	if v == nil || v.unk || v.taint != nil || v.params != 0 || len(v.alts) != 1 {
		return cv{}, false
	}
	return v.alts[0], true
}

// isConst reports a value made only of known constants.
func (v *aval) isConst() bool {
	return v != nil && !v.unk && v.taint == nil && v.params == 0 && len(v.alts) > 0
}

func sameCV(a, b cv) bool {
	if a.k != b.k {
		return false
	}
	switch a.k {
	case cStr, cRegex:
		return a.s == b.s && (a.k == cStr || a.n == b.n)
	case cNum, cBool:
		return a.n == b.n
	case cArr:
		return a.arr == b.arr
	}
	return true
}

// join is the least upper bound of two values.
func join(a, b *aval) *aval {
	switch {
	case a == nil:
		return b
	case b == nil || a == b:
		return a
	}
	r := &aval{
		unk:    a.unk || b.unk,
		taint:  a.taint,
		params: a.params | b.params,
		obj:    a.obj,
		fn:     a.fn,
		user:   a.user,
		remote: a.remote,
		extern: a.extern,
	}
	if r.taint == nil {
		r.taint = b.taint
	}
	if r.obj == nil {
		r.obj = b.obj
	}
	if r.fn == "" {
		r.fn = b.fn
	}
	if r.user == nil {
		r.user = b.user
	}
	if r.remote == nil {
		r.remote = b.remote
	}
	if r.extern == nil {
		r.extern = b.extern
	}
	r.raw = a.raw || b.raw
	r.self = a.self || b.self
	r.hid = a.hid
	if r.hid == nil {
		r.hid = b.hid
	}
	r.alts = append(r.alts, a.alts...)
	for _, x := range b.alts {
		dup := false
		for _, y := range r.alts {
			if sameCV(x, y) {
				dup = true
				break
			}
		}
		if !dup {
			r.alts = append(r.alts, x)
		}
	}
	if len(r.alts) > maxAlts {
		r.alts, r.unk = nil, true
	}
	r.steps = addSteps(a.steps, b.steps)
	if a.props != nil || b.props != nil {
		r.props = map[string]*aval{}
		for k, v := range a.props {
			r.props[k] = v
		}
		for k, v := range b.props {
			r.props[k] = join(r.props[k], v)
		}
	}
	return r
}

func addSteps(a, b []step) []step {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := append([]step{}, a...)
	for _, s := range b {
		dup := false
		for _, t := range out {
			if t == s {
				dup = true
				break
			}
		}
		if !dup && len(out) < maxSteps {
			out = append(out, s)
		}
	}
	return out
}

// derive makes the value of an operation on inputs: constants are
// computed by f on every combination (bounded), the rest is carried.
// taintPasses tells whether attacker control of an input passes to the
// result.
func derive(inputs []*aval, f func([]cv) (cv, bool), taintPasses bool) *aval {
	// r is built here and allocated once, at the end.
	var r aval
	combos := 1
	allConst := true
	for _, in := range inputs {
		if in == nil {
			in = unknown
		}
		if taintPasses {
			if r.taint == nil {
				r.taint = in.taint
			}
			r.params |= in.params
			if r.remote == nil {
				r.remote = in.remote
			}
			if r.extern == nil {
				r.extern = in.extern
			}
			r.self = r.self || in.self
			if r.hid == nil {
				// Replace(Decrypt(blob), ...) is still the hidden code.
				r.hid = in.hid
			}
		}
		r.steps = addSteps(r.steps, in.steps)
		if in.unk || in.taint != nil || in.params != 0 || len(in.alts) == 0 {
			allConst = false
		} else {
			combos *= len(in.alts)
		}
	}
	if !allConst || combos > maxAlts {
		r.unk = true
		return boxed(r)
	}
	r.hid = nil // computed: the constants are the result
	args := make([]cv, len(inputs))
	if combos == 1 {
		// One constant each (the common case): one result.
		for i, in := range inputs {
			args[i] = in.alts[0]
		}
		v, ok := f(args)
		if !ok {
			r.unk = true
			return boxed(r)
		}
		// r with the constant, in constVal's one allocation.
		c := constVal(v)
		alts := c.alts
		*c = r
		c.alts = alts
		return c
	}
	var rec func(i int) bool
	rec = func(i int) bool {
		if i == len(inputs) {
			v, ok := f(args)
			if !ok {
				return false
			}
			for _, x := range r.alts {
				if sameCV(x, v) {
					return true
				}
			}
			r.alts = append(r.alts, v)
			return true
		}
		for _, x := range inputs[i].alts {
			args[i] = x
			if !rec(i + 1) {
				return false
			}
		}
		return true
	}
	if !rec(0) {
		r.alts, r.unk = nil, true
	}
	return boxed(r)
}

// boxed returns a new value equal to v.
func boxed(v aval) *aval { return &v }

// withStep returns v with a decoding step added.
func withStep(v *aval, s step) *aval {
	c := *v
	c.steps = addSteps(v.steps, []step{s})
	return &c
}
