package asp

import (
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// ckind is the kind of a concrete value.
type ckind uint8

const (
	cEmpty ckind = iota // VBScript Empty, JScript undefined, Nothing
	cStr
	cNum
	cBool
	cNull
	cArr
	cRegex // JScript regular expression: s pattern, flags
)

// cv is a concrete value of the interpreters: a VBScript Variant or a
// JScript value, reduced to what decoders use.
type cv struct {
	k   ckind
	s   string
	n   float64 // cRegex: the flags, packed by regexFlags
	arr *[]cv
}

// regexFlags packs the flags of a regular expression literal into a
// number (a cv has no room for a second string): the bytes of up to six
// flags exactly, or the set of lower-case letters of a longer list.
func regexFlags(f string) float64 {
	var x uint64
	if len(f) <= 6 {
		for i := 0; i < len(f); i++ {
			x = x<<8 | uint64(f[i])
		}
		return float64(x<<3 | uint64(len(f)))
	}
	for i := 0; i < len(f); i++ {
		if c := f[i]; c >= 'a' && c <= 'z' {
			x |= 1 << (c - 'a')
		}
	}
	return float64(1<<52 | x)
}

// hasFlag reports whether the packed flags n hold the letter c (a-z).
func hasFlag(n float64, c byte) bool {
	x := uint64(n)
	if x&(1<<52) != 0 {
		return x&(1<<(c-'a')) != 0
	}
	k, y := x&7, x>>3
	for i := uint64(0); i < k; i++ {
		if byte(y>>(8*i)) == c {
			return true
		}
	}
	return false
}

// maxString bounds a string value; longer results make the computation
// fail rather than the host run out of memory.
const maxString = 4 << 20

func str(s string) cv    { return cv{k: cStr, s: s} }
func num(n float64) cv   { return cv{k: cNum, n: n} }
func boolean(b bool) cv  { return cv{k: cBool, n: b2f(b)} }
func array(a []cv) cv    { return cv{k: cArr, arr: &a} }
func (v cv) isStr() bool { return v.k == cStr }
func (v cv) elems() []cv {
	if v.k == cArr && v.arr != nil {
		return *v.arr
	}
	return nil
}

func b2f(b bool) float64 {
	if b {
		return -1 // VBScript's True
	}
	return 0
}

// toStr converts v to a string with the language's rules.
func toStr(v cv, lang language) string {
	switch v.k {
	case cStr:
		return v.s
	case cNum:
		return fmtNum(v.n)
	case cBool:
		if lang == jscript {
			if v.n != 0 {
				return "true"
			}
			return "false"
		}
		if v.n != 0 {
			return "True"
		}
		return "False"
	case cNull:
		if lang == jscript {
			return "null"
		}
		return ""
	case cArr:
		if lang == jscript {
			var parts []string
			for _, e := range v.elems() {
				parts = append(parts, toStr(e, lang))
			}
			return strings.Join(parts, ",")
		}
		return ""
	}
	if lang == jscript {
		return "undefined"
	}
	return ""
}

func fmtNum(n float64) string {
	if n == math.Trunc(n) && math.Abs(n) < 1e15 {
		return strconv.FormatInt(int64(n), 10)
	}
	return strconv.FormatFloat(n, 'g', 15, 64)
}

// toNum converts v to a number; ok is false for a string that is not
// numeric (VBScript raises a type mismatch there).
func toNum(v cv) (float64, bool) {
	switch v.k {
	case cNum, cBool:
		return v.n, true
	case cEmpty, cNull:
		return 0, true
	case cStr:
		s := strings.TrimSpace(v.s)
		if s == "" {
			return 0, false
		}
		ls := lower(s)
		if strings.HasPrefix(ls, "&h") {
			u, err := strconv.ParseUint(ls[2:], 16, 64)
			if err != nil {
				return 0, false
			}
			if len(ls) <= 6 && u >= 0x8000 {
				return float64(int16(u)), true
			}
			return float64(u), true
		}
		if strings.HasPrefix(ls, "0x") {
			u, err := strconv.ParseUint(ls[2:], 16, 64)
			return float64(u), err == nil
		}
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil
	}
	return 0, false
}

func toBool(v cv) bool {
	switch v.k {
	case cStr:
		if n, ok := toNum(v); ok {
			return n != 0
		}
		l := lower(v.s)
		return l == "true" || v.s != "" && l != "false"
	case cArr:
		return true
	}
	return v.n != 0
}

// vbRound is VBScript's banker's rounding for integer conversions.
func vbRound(f float64) float64 { return math.RoundToEven(f) }

// chrOf returns the character of code n: bytes below 256 as themselves
// (Latin-1 above 127), larger codes as UTF-8.
func chrOf(n float64) (string, bool) {
	c := int64(vbRound(n))
	if c < 0 {
		c += 65536
	}
	if c < 0 || c > 0x10FFFF {
		return "", false
	}
	if c < 128 {
		return string(rune(c)), true
	}
	return string(rune(c)), true
}

// argN returns args[i], or Empty.
func argN(args []cv, i int) cv {
	if i < len(args) {
		return args[i]
	}
	return cv{}
}

// builtinSet lists the functions callBuiltin evaluates.
var builtinSet = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`chr chrw chrb chr$ chrw$ asc ascw ascb asc$ len lenb mid midb mid$ left leftb left$
		right rightb right$ instr instrb instrrev replace strreverse lcase lcase$ ucase ucase$ trim trim$ ltrim rtrim
		space string cstr clng cint cbyte ccur cdbl csng val int fix abs sgn sqr hex oct cbool isnumeric isempty
		isnull isarray strcomp split join array ubound lbound unescape escape decodeuricomponent decodeuri parseint
		parsefloat number string$ tostring eval execute executeglobal`) {
		builtinSet[n] = true
	}
}

// decodingBuiltins are the functions whose use on constants counts as
// decoding (obfuscation) rather than ordinary string handling.
var decodingBuiltins = map[string]bool{
	"chr": true, "chrw": true, "chrb": true, "strreverse": true, "replace": true, "unescape": true,
	"fromcharcode": true, "decodeuricomponent": true, "decodeuri": true, "reverse": true, "join": true,
	"mid": true, "split": true, "charcodeat": true, "substr": true, "substring": true, "slice": true,
	"hex": true,
}

// callBuiltin evaluates a VBScript function or a JScript global function
// on concrete arguments. ok is false when the function is not known or
// fails on these arguments.
func callBuiltin(name string, args []cv, lang language, sc *strCtx) (cv, bool) {
	s0 := func() string { return toStr(argN(args, 0), lang) }
	n := func(i int) (float64, bool) { return toNum(argN(args, i)) }
	switch name {
	case "chr", "chrb", "chr$":
		// The ANSI code page: one byte, or a double-byte character.
		x, ok := n(0)
		if !ok {
			return cv{}, false
		}
		c := int64(vbRound(x))
		if c < 0 {
			c += 65536
		}
		switch {
		case c < 0 || c > 0xFFFF:
			return cv{}, false
		case c < 256:
			return str(string([]byte{byte(c)})), true
		}
		return str(string([]byte{byte(c >> 8), byte(c)})), true
	case "chrw", "chrw$":
		x, ok := n(0)
		if !ok {
			return cv{}, false
		}
		s, ok := chrOf(x)
		return str(s), ok
	case "asc", "ascw", "ascb", "asc$":
		x, ok := sc.code(s0(), name == "ascw")
		return num(x), ok
	case "len", "lenb":
		if argN(args, 0).k == cNull {
			return cv{k: cNull}, true
		}
		return num(float64(sc.length(s0()))), true
	case "mid", "midb", "mid$":
		s := s0()
		st, ok := n(1)
		if !ok || st < 1 {
			return cv{}, false
		}
		l := 1 << 30
		if len(args) > 2 {
			x, ok := n(2)
			if !ok || x < 0 {
				return cv{}, false
			}
			l = int(vbRound(x))
		}
		return str(sc.sub(s, int(vbRound(st))-1, l)), true
	case "left", "leftb", "left$":
		s := s0()
		x, ok := n(1)
		if !ok || x < 0 {
			return cv{}, false
		}
		return str(sc.sub(s, 0, int(vbRound(x)))), true
	case "right", "rightb", "right$":
		s := s0()
		x, ok := n(1)
		if !ok || x < 0 {
			return cv{}, false
		}
		l := sc.length(s)
		k := min(l, int(vbRound(x)))
		return str(sc.sub(s, l-k, k)), true
	case "instr", "instrb":
		start, a, b := 1.0, args, 0
		if len(args) >= 3 || len(args) == 2 && argN(args, 0).k == cNum {
			if len(args) >= 3 {
				start, _ = n(0)
				a = args[1:]
			}
		}
		_ = b
		hay, needle := toStr(argN(a, 0), lang), toStr(argN(a, 1), lang)
		st := max(int(start)-1, 0)
		if st > sc.length(hay) {
			return num(0), true
		}
		if len(a) > 2 && toNumOr(argN(a, 2)) == 1 {
			hay, needle = lower(hay), lower(needle)
		}
		return num(float64(sc.index(hay, needle, st, false) + 1)), true
	case "instrrev":
		hay, needle := s0(), toStr(argN(args, 1), lang)
		return num(float64(sc.index(hay, needle, 0, true) + 1)), true
	case "replace":
		s, find, repl := s0(), toStr(argN(args, 1), lang), toStr(argN(args, 2), lang)
		if find == "" {
			return str(s), true
		}
		text := len(args) > 5 && toNumOr(args[5]) == 1
		var out string
		if text {
			out = replaceFold(s, find, repl)
		} else {
			out = strings.ReplaceAll(s, find, repl)
		}
		if len(out) > maxString {
			return cv{}, false
		}
		return str(out), true
	case "strreverse":
		return str(sc.reverse(s0())), true
	case "lcase", "lcase$":
		return str(lower(s0())), true
	case "ucase", "ucase$":
		return str(upper(s0())), true
	case "trim", "trim$":
		return str(strings.Trim(s0(), " ")), true
	case "ltrim":
		return str(strings.TrimLeft(s0(), " ")), true
	case "rtrim":
		return str(strings.TrimRight(s0(), " ")), true
	case "space":
		x, ok := n(0)
		if !ok || x < 0 || x > maxString {
			return cv{}, false
		}
		return str(strings.Repeat(" ", int(x))), true
	case "string":
		x, ok := n(0)
		if !ok || x < 0 || x > maxString {
			return cv{}, false
		}
		c := toStr(argN(args, 1), lang)
		if a := argN(args, 1); a.k == cNum {
			c, _ = chrOf(a.n)
		}
		if c == "" {
			return cv{}, false
		}
		return str(strings.Repeat(c[:1], int(x))), true
	case "cstr":
		return str(s0()), true
	case "clng", "cint", "cbyte", "ccur":
		x, ok := n(0)
		return num(vbRound(x)), ok
	case "cdbl", "csng", "val":
		x, ok := n(0)
		return num(x), ok
	case "int":
		x, ok := n(0)
		return num(math.Floor(x)), ok
	case "fix":
		x, ok := n(0)
		return num(math.Trunc(x)), ok
	case "abs":
		x, ok := n(0)
		return num(math.Abs(x)), ok
	case "sgn":
		x, ok := n(0)
		switch {
		case x > 0:
			return num(1), ok
		case x < 0:
			return num(-1), ok
		}
		return num(0), ok
	case "sqr":
		x, ok := n(0)
		return num(math.Sqrt(x)), ok && x >= 0
	case "hex":
		x, ok := n(0)
		return str(upper(strconv.FormatInt(int64(vbRound(x)), 16))), ok
	case "oct":
		x, ok := n(0)
		return str(strconv.FormatInt(int64(vbRound(x)), 8)), ok
	case "cbool":
		return boolean(toBool(argN(args, 0))), true
	case "isnumeric":
		_, ok := toNum(argN(args, 0))
		return boolean(ok), true
	case "isempty":
		return boolean(argN(args, 0).k == cEmpty), true
	case "isnull":
		return boolean(argN(args, 0).k == cNull), true
	case "isarray":
		return boolean(argN(args, 0).k == cArr), true
	case "strcomp":
		a, b := s0(), toStr(argN(args, 1), lang)
		if len(args) > 2 && toNumOr(args[2]) == 1 {
			a, b = lower(a), lower(b)
		}
		return num(float64(strings.Compare(a, b))), true
	case "split":
		s := s0()
		d := " "
		if len(args) > 1 {
			d = toStr(args[1], lang)
		}
		var parts []string
		if d == "" {
			parts = []string{s}
		} else {
			parts = strings.Split(s, d)
		}
		if len(parts) > 1<<18 {
			return cv{}, false
		}
		out := make([]cv, len(parts))
		for i, p := range parts {
			out[i] = str(p)
		}
		return array(out), true
	case "join":
		a := argN(args, 0)
		if a.k != cArr {
			return cv{}, false
		}
		d := " "
		if len(args) > 1 {
			d = toStr(args[1], lang)
		}
		var b strings.Builder
		for i, e := range a.elems() {
			if i > 0 {
				b.WriteString(d)
			}
			b.WriteString(toStr(e, lang))
			if b.Len() > maxString {
				return cv{}, false
			}
		}
		return str(b.String()), true
	case "array":
		out := make([]cv, len(args))
		copy(out, args)
		return array(out), true
	case "ubound":
		a := argN(args, 0)
		if a.k != cArr {
			return cv{}, false
		}
		return num(float64(len(a.elems()) - 1)), true
	case "lbound":
		return num(0), argN(args, 0).k == cArr
	case "unescape":
		return str(jsUnescape(s0())), true
	case "escape":
		return str(url.PathEscape(s0())), true
	case "decodeuricomponent", "decodeuri":
		u, err := url.PathUnescape(s0())
		return str(u), err == nil
	case "parseint":
		s := strings.TrimSpace(s0())
		base := 10
		if len(args) > 1 {
			b, _ := n(1)
			base = int(b)
		}
		if base == 16 || base == 0 {
			if strings.HasPrefix(lower(s), "0x") {
				s, base = s[2:], 16
			}
		}
		if base == 0 {
			base = 10
		}
		end := 0
		for end < len(s) && digitVal(s[end]) < base {
			end++
		}
		v, err := strconv.ParseInt(s[:end], base, 64)
		return num(float64(v)), err == nil
	case "parsefloat", "number":
		x, ok := n(0)
		return num(x), ok
	case "string$", "tostring":
		return str(s0()), true
	case "eval", "execute", "executeglobal":
		return cv{}, false
	}
	return cv{}, false
}

func toNumOr(v cv) float64 {
	f, _ := toNum(v)
	return f
}

func digitVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10
	}
	return 99
}

// replaceFold replaces find in s ignoring ASCII case.
func replaceFold(s, find, repl string) string {
	ls, lf := lower(s), lower(find)
	var b strings.Builder
	for {
		i := strings.Index(ls, lf)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, ls = s[i+len(find):], ls[i+len(find):]
	}
}

// jsUnescape is JScript's (and VBScript's) unescape: %XX and %uXXXX.
func jsUnescape(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			if i+5 < len(s) && (s[i+1] == 'u' || s[i+1] == 'U') && isHex(s[i+2]) && isHex(s[i+3]) && isHex(s[i+4]) && isHex(s[i+5]) {
				v, _ := strconv.ParseUint(s[i+2:i+6], 16, 16)
				b.WriteRune(rune(v))
				i += 5
				continue
			}
			if i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				v, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
				if v < 0x80 {
					b.WriteByte(byte(v))
				} else {
					b.WriteRune(rune(v))
				}
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// regexReplace is String.prototype.replace with a regular expression,
// through Go's RE2 (JScript's back-references are not supported: such a
// pattern fails).
func regexReplace(s string, re cv, repl string) (cv, bool) {
	pat := re.s
	if hasFlag(re.n, 'i') {
		pat = "(?i)" + pat
	}
	rx, err := regexp.Compile(pat)
	if err != nil {
		return cv{}, false
	}
	repl = jsRepl.ReplaceAllString(strings.ReplaceAll(repl, "$$", "\x00"), "$${$1}")
	repl = strings.ReplaceAll(repl, "\x00", "$$")
	if hasFlag(re.n, 'g') {
		out := rx.ReplaceAllString(s, repl)
		if len(out) > maxString {
			return cv{}, false
		}
		return str(out), true
	}
	loc := rx.FindStringSubmatchIndex(s)
	if loc == nil {
		return str(s), true
	}
	var dst []byte
	dst = rx.ExpandString(dst, repl, s, loc)
	return str(s[:loc[0]] + string(dst) + s[loc[1]:]), true
}

var jsRepl = regexp.MustCompile(`\$([0-9]{1,2})`)

// vbConstants are VBScript's named constants.
var vbConstants = map[string]cv{
	"vbcrlf": str("\r\n"), "vbnewline": str("\r\n"), "vbcr": str("\r"), "vblf": str("\n"),
	"vbtab": str("\t"), "vbnullchar": str("\x00"), "vbnullstring": str(""), "vbbinarycompare": num(0),
	"vbtextcompare": num(1), "vbtrue": num(-1), "vbfalse": num(0), "vbformfeed": str("\f"),
	"vbverticaltab": str("\v"), "vbobjecterror": num(-2147221504),
}
