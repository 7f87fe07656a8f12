package jsp

import (
	"slices"
	"strconv"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// Taint origins. Bits above bitParam0 stand for the parameters of the
// method being summarised: parameter i is bit bitParam0+i.
const (
	bitRequest = 1 << 0 // attacker input from the HTTP request
	bitRemote  = 1 << 1 // content fetched from the network
	bitDB      = 1 << 2 // rows read from a database (not attacker input; a dump's payload)
	bitParam0  = 3
	maxParams  = 61
	concrete   = bitRequest | bitRemote
)

func paramBit(i int) uint64 {
	if i >= maxParams {
		return 0
	}
	return 1 << (bitParam0 + i)
}

// Taint flags: what happened to the data on its way.
const (
	fDecoded   uint16 = 1 << iota // base64, hex or URL decoded
	fDecrypted                    // through Cipher.doFinal / CipherInputStream
	fXor                          // XORed with a key
	fInflated                     // decompressed
	fSanitized                    // reduced to a file name (getName, FilenameUtils.getName)
	fWebroot                      // a path under the web application's root (getRealPath)
	fUpload                       // a multipart upload (FileItem, Part)
	// fAssumed: through a call to a method the pass had no summary of
	// yet, whose arguments were assumed to flow to its result. The
	// next pass reads the call with the summary and may find less, so
	// no sink reached by such data decides (see decisive); and a value
	// is not changed by it (sig).
	fAssumed
)

const maxSteps = 8

// taint is what is known about attacker influence on a value.
type taint struct {
	bits  uint64
	flags uint16
	src   *verdict.Point  // where attacker data enters
	steps []verdict.Point // decoding and propagation steps, in order
}

func (t taint) tainted() bool { return t.bits&concrete != 0 }

func joinTaint(a, b taint) taint {
	if b.bits == 0 && b.flags == 0 {
		return a
	}
	if a.bits == 0 && a.flags == 0 {
		return b
	}
	r := taint{bits: a.bits | b.bits, flags: a.flags | b.flags, src: a.src}
	if r.src == nil || a.bits&bitRequest == 0 && b.bits&bitRequest != 0 && b.src != nil {
		r.src = b.src
	}
	r.steps = mergePoints(a.steps, b.steps, maxSteps)
	return r
}

func mergePoints(a, b []verdict.Point, limit int) []verdict.Point {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := slices.Clip(a)
	for _, p := range b {
		if len(out) >= limit {
			break
		}
		dup := false
		for _, q := range out {
			if q.Line == p.Line && q.What == p.What {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	return out
}

// withStep returns t with one more step (when tainted).
func (t taint) withStep(line int32, what string, flag uint16) taint {
	if t.bits == 0 {
		return t
	}
	t.flags |= flag
	if len(t.steps) < maxSteps {
		for _, q := range t.steps {
			if q.Line == int(line) && q.What == what {
				return t
			}
		}
		t.steps = append(slices.Clip(t.steps), verdict.Point{Line: int(line), What: what})
	}
	return t
}

// kind is a set of object kinds a value may be.
type kind uint64

const (
	kReq         kind = 1 << iota // HttpServletRequest / ServletRequest
	kSession                      // HttpSession
	kApp                          // ServletContext
	kResp                         // HttpServletResponse
	kOut                          // JspWriter, response writer or stream, System.out
	kPageCtx                      // PageContext
	kRuntime                      // java.lang.Runtime
	kProcBuilder                  // ProcessBuilder (inner: command)
	kProcess                      // Process
	kProcIn                       // a process's stdin
	kFile                         // File / Path (inner: path)
	kFileOut                      // a stream or writer to a file (inner: path)
	kFileIn                       // a stream or reader from a file (inner: path)
	kClass                        // java.lang.Class (refs: class names)
	kMethod                       // Method / MethodHandle (refs: "Class#method")
	kCtor                         // Constructor (refs: class names)
	kDefined                      // a class defined from bytes
	kInstance                     // an instance of a defined class
	kLoader                       // a class loader
	kEngineMgr                    // ScriptEngineManager
	kEngine                       // script engine / EL / expression evaluator
	kJNDI                         // naming context
	kCipher                       // javax.crypto.Cipher
	kOIS                          // ObjectInputStream / XMLDecoder (inner: source)
	kSocket                       // Socket / SocketChannel
	kSockOut                      // a socket's output
	kURL                          // URL / URLConnection (inner: address)
	kB64Dec                       // a Base64 decoder object
	kDigest                       // MessageDigest
	kUserObj                      // an instance of a class declared in the page (refs: class name)
	kImpl                         // an object implementing Filter, Servlet, Listener or Valve
	kLookup                       // MethodHandles.Lookup
	kKey                          // SecretKeySpec (inner: key)
	kUpload                       // FileItem / Part / MultipartFile
	kField                        // java.lang.reflect.Field (refs: field names)
)

const maxStrs = 8

// maxStrLen bounds one constant (embedded class files run to hundreds of KB).
const maxStrLen = 1 << 20

// value is the abstract value of an expression: attacker influence,
// possible constant strings, what kind of object it is, and for some
// objects the value they were built from (a file's path, a process
// builder's command). A nil *value is an unknown value.
type value struct {
	t       taint
	strs    []string // possible constant values (strings, or bytes of byte/char arrays)
	open    bool     // it may also be something not in strs
	num     int64
	hasNum  bool
	char    bool
	kinds   kind
	inner   *value
	refs    []string // class names, or "Class#method", for reflection and user classes
	elems   []*value // elements of a constant array
	obf     []verdict.Point
	aliases []string // variables this object wraps (their state changes with it)
	static  bool     // a method handle from findStatic
	mref    bool     // a method reference (inner: its receiver)
	fixed   bool     // one of several constants (arrays of different lengths joined)
}

// constLike reports a value that is a constant or one of several constants.
func (v *value) constLike() bool {
	if v == nil || v.t.bits != 0 {
		return false
	}
	if v.fixed {
		return true
	}
	if v.open {
		return false
	}
	if len(v.strs) > 0 {
		return true
	}
	if len(v.elems) == 0 {
		return false
	}
	for _, e := range v.elems {
		if !e.constLike() && !(e != nil && e.hasNum && !e.open) {
			return false
		}
	}
	return true
}

func (v *value) isConst() bool { return v != nil && len(v.strs) > 0 && !v.open && v.t.bits == 0 }

func (v *value) taint() taint {
	if v == nil {
		return taint{}
	}
	return v.t
}

func (v *value) has(k kind) bool { return v != nil && v.kinds&k != 0 }

func (v *value) clone() *value {
	if v == nil {
		return &value{open: true}
	}
	c := *v
	return &c
}

// strVal is a constant string. The value and its one-string slice are
// one allocation (literals are evaluated at every pass).
func strVal(s string) *value {
	c := &struct {
		v value
		s [1]string
	}{}
	c.s[0] = s
	c.v.strs = c.s[:]
	return &c.v
}

func numVal(n int64) *value { return &value{num: n, hasNum: true} }

func kindVal(k kind) *value { return &value{kinds: k, open: true} }

// stringsOf returns v's constant strings as Java would print them (a
// char as a character, a number in decimal).
func (v *value) stringsOf() []string {
	if v == nil {
		return nil
	}
	if v.hasNum && len(v.strs) == 0 {
		if v.char {
			return []string{string(rune(v.num))}
		}
		return []string{strconv.FormatInt(v.num, 10)}
	}
	return v.strs
}

func (v *value) isOpen() bool {
	return v == nil || v.open || len(v.stringsOf()) == 0 && v.elems == nil
}

func join(a, b *value) *value {
	if a == nil && b == nil {
		return nil
	}
	if a == nil {
		r := b.clone()
		r.open = true
		return r
	}
	if b == nil {
		r := a.clone()
		r.open = true
		return r
	}
	if a == b {
		return a
	}
	r := &value{
		t:     joinTaint(a.t, b.t),
		open:  a.open || b.open,
		kinds: a.kinds | b.kinds,
		obf:   mergePoints(a.obf, b.obf, 4),
	}
	r.strs = unionStrs(a.strs, b.strs, &r.open)
	r.refs = unionStrs(a.refs, b.refs, nil)
	r.aliases = unionStrs(a.aliases, b.aliases, nil)
	if a.hasNum && b.hasNum && a.num == b.num {
		r.num, r.hasNum, r.char = a.num, true, a.char && b.char
	} else if a.hasNum || b.hasNum {
		r.open = true
		// keep a number only when both agree
	}
	switch {
	case a.inner == nil:
		r.inner = b.inner
	case b.inner == nil:
		r.inner = a.inner
	default:
		r.inner = join(a.inner, b.inner)
	}
	if (len(a.elems) > 0 || len(b.elems) > 0) && len(a.elems) != len(b.elems) && a.constLike() && b.constLike() {
		r.fixed = true
	}
	if len(a.elems) > 0 || len(b.elems) > 0 {
		if len(a.elems) == len(b.elems) {
			r.elems = make([]*value, len(a.elems))
			for i := range a.elems {
				r.elems[i] = join(a.elems[i], b.elems[i])
			}
		} else {
			r.open = true
		}
	}
	r.static = a.static || b.static
	r.mref = a.mref || b.mref
	return r
}

func unionStrs(a, b []string, open *bool) []string {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := slices.Clip(a)
	for _, s := range b {
		if slices.Contains(out, s) {
			continue
		}
		if len(out) >= maxStrs {
			if open != nil {
				*open = true
			}
			break
		}
		out = append(out, s)
	}
	return out
}

// sig summarises v for change detection in fixed-point iteration. It
// grows monotonically with join.
func (v *value) sig(depth int) uint64 {
	if v == nil {
		return 1
	}
	s := v.t.bits*31 + uint64(v.t.flags&^fAssumed)*7 + uint64(v.kinds)*131 + uint64(len(v.strs))*17 +
		uint64(len(v.refs))*19 + uint64(len(v.elems))*23
	if v.open {
		s += 3
	}
	if v.t.src != nil {
		s += 5
	}
	if depth < 3 && v.inner != nil {
		s = s*37 + v.inner.sig(depth+1)
	}
	return s
}

// subst replaces the parameter bits of a summary value by the taint of
// the arguments of a call.
func subst(v *value, args []*value, via *verdict.Point) *value {
	if v == nil {
		return nil
	}
	pb := v.t.bits >> bitParam0
	if pb == 0 && (v.inner == nil || v.inner.t.bits>>bitParam0 == 0) {
		return v
	}
	const own = concrete | bitDB
	// A parameter passed through unchanged is the argument itself, with
	// its constants and kinds (a constant page content written by a helper).
	if pb&(pb-1) == 0 && v.t.bits&own == 0 && v.t.flags == 0 && len(v.t.steps) == 0 && len(v.strs) == 0 && v.kinds == 0 && v.inner == nil && len(v.refs) == 0 {
		i := 0
		for pb>>i != 1 {
			i++
		}
		if i < len(args) && args[i] != nil {
			r := args[i].clone()
			if via != nil && r.t.bits != 0 {
				r.t = r.t.withStep(int32(via.Line), via.What, 0)
			}
			if r.t.bits != 0 {
				r.t.flags |= v.t.flags
				r.t.steps = mergePoints(r.t.steps, v.t.steps, maxSteps)
			}
			return r
		}
	}
	r := v.clone()
	r.t.bits &= own
	base := r.t
	base.steps = nil
	var t taint
	for i := 0; pb != 0 && i < maxParams; i, pb = i+1, pb>>1 {
		if pb&1 == 0 || i >= len(args) || args[i] == nil {
			continue
		}
		at := args[i].t
		if via != nil && at.bits != 0 {
			at = at.withStep(int32(via.Line), via.What, 0)
		}
		t = joinTaint(t, at)
	}
	// The argument's history comes first, then the steps inside the method.
	inside := v.t.steps
	r.t = joinTaint(t, base)
	if r.t.bits != 0 {
		r.t.flags |= v.t.flags
		r.t.steps = mergePoints(r.t.steps, inside, maxSteps)
	}
	if v.inner != nil {
		r.inner = subst(v.inner, args, via)
	}
	return r
}
