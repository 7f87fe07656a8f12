package darklink

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A static reader of script text: it finds the places that write HTML
// (document.write, innerHTML, insertAdjacentHTML, jQuery's html/append)
// and evaluates their argument when it is built from string literals,
// concatenation, unescape, decodeURIComponent, atob, String.fromCharCode
// and variables assigned such values in the same script. Nothing runs.

const (
	maxTokens   = 400_000
	maxValueLen = 1 << 20
	maxVars     = 4096
)

type jtok struct {
	kind byte // 'i' identifier, 's' string, 'n' number, 'p' punctuation, 'r' regex, 'u' unknown (template with ${})
	val  string
	num  float64
	pos  int
}

func isIDStart(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}
func isIDPart(c byte) bool { return isIDStart(c) || c >= '0' && c <= '9' }

// lexJS splits code into tokens (bounded).
func lexJS(code string) []jtok {
	var toks []jtok
	regexOK := func() bool {
		if len(toks) == 0 {
			return true
		}
		t := toks[len(toks)-1]
		switch t.kind {
		case 'p':
			return t.val != ")" && t.val != "]" && t.val != "}"
		case 'i':
			switch t.val {
			case "return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "instanceof":
				return true
			}
		}
		return false
	}
	i := 0
	for i < len(code) && len(toks) < maxTokens {
		c := code[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case strings.HasPrefix(code[i:], "//") || strings.HasPrefix(code[i:], "<!--") || (strings.HasPrefix(code[i:], "-->") && lineStartOnlySpace(code, i)):
			j := strings.IndexByte(code[i:], '\n')
			if j < 0 {
				i = len(code)
			} else {
				i += j
			}
		case strings.HasPrefix(code[i:], "/*"):
			j := strings.Index(code[i+2:], "*/")
			if j < 0 {
				i = len(code)
			} else {
				i += j + 4
			}
		case c == '"' || c == '\'':
			s, n := readJSString(code[i:])
			toks = append(toks, jtok{kind: 's', val: s, pos: i})
			i += n
		case c == '`':
			s, n, pure := readTemplate(code[i:])
			k := byte('s')
			if !pure {
				k = 'u'
			}
			toks = append(toks, jtok{kind: k, val: s, pos: i})
			i += n
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(code) && code[i+1] >= '0' && code[i+1] <= '9':
			j := i + 1
			for j < len(code) && (isIDPart(code[j]) || code[j] == '.') {
				j++
			}
			lit := code[i:j]
			var f float64
			if strings.HasPrefix(lit, "0x") || strings.HasPrefix(lit, "0X") {
				u, err := strconv.ParseUint(lit[2:], 16, 64)
				f = float64(u)
				if err != nil {
					f = math.NaN()
				}
			} else {
				var err error
				f, err = strconv.ParseFloat(strings.ReplaceAll(lit, "_", ""), 64)
				if err != nil {
					f = math.NaN()
				}
			}
			toks = append(toks, jtok{kind: 'n', val: lit, num: f, pos: i})
			i = j
		case isIDStart(c):
			j := i + 1
			for j < len(code) && isIDPart(code[j]) {
				j++
			}
			toks = append(toks, jtok{kind: 'i', val: code[i:j], pos: i})
			i = j
		case c == '/' && regexOK():
			j := i + 1
			inClass := false
			for j < len(code) && code[j] != '\n' {
				if code[j] == '\\' {
					j += 2
					continue
				}
				if code[j] == '[' {
					inClass = true
				} else if code[j] == ']' {
					inClass = false
				} else if code[j] == '/' && !inClass {
					break
				}
				j++
			}
			if j > len(code) {
				j = len(code)
			}
			end := j
			if j < len(code) && code[j] == '/' {
				j++
			}
			for j < len(code) && isIDPart(code[j]) {
				j++
			}
			toks = append(toks, jtok{kind: 'r', val: code[i+1 : end], pos: i})
			i = j
		default:
			op := string(c)
			for _, m := range []string{"===", "!==", "==", "!=", "<=", ">=", "=>", "+=", "&&", "||", "++", "--", "-="} {
				if strings.HasPrefix(code[i:], m) {
					op = m
					break
				}
			}
			toks = append(toks, jtok{kind: 'p', val: op, pos: i})
			i += len(op)
		}
	}
	return toks
}

func lineStartOnlySpace(code string, i int) bool {
	j := strings.LastIndexByte(code[:i], '\n')
	return strings.TrimSpace(code[j+1:i]) == ""
}

// readJSString decodes a quoted literal at the start of s; it returns the
// value and the bytes consumed.
func readJSString(s string) (string, int) {
	q := s[0]
	var units []uint16
	i := 1
	for i < len(s) {
		c := s[i]
		if c == q {
			i++
			break
		}
		if c == '\n' {
			break // unterminated
		}
		if c == '\\' && i+1 < len(s) {
			n, u := jsEscape(s[i+1:])
			units = append(units, u...)
			i += 1 + n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		units = utf16.AppendRune(units, r)
		i += size
		if len(units) > maxValueLen {
			break
		}
	}
	return string(utf16.Decode(units)), i
}

// jsEscape decodes the escape after a backslash: bytes consumed and code
// units produced.
func jsEscape(s string) (int, []uint16) {
	c := s[0]
	switch c {
	case 'n':
		return 1, []uint16{'\n'}
	case 't':
		return 1, []uint16{'\t'}
	case 'r':
		return 1, []uint16{'\r'}
	case 'b':
		return 1, []uint16{'\b'}
	case 'f':
		return 1, []uint16{'\f'}
	case 'v':
		return 1, []uint16{'\v'}
	case '0':
		if len(s) < 2 || s[1] < '0' || s[1] > '9' {
			return 1, []uint16{0}
		}
	case '\n':
		return 1, nil
	case '\r':
		if len(s) > 1 && s[1] == '\n' {
			return 2, nil
		}
		return 1, nil
	case 'x':
		if len(s) >= 3 {
			if v, err := strconv.ParseUint(s[1:3], 16, 8); err == nil {
				return 3, []uint16{uint16(v)}
			}
		}
	case 'u':
		if len(s) >= 3 && s[1] == '{' {
			if j := strings.IndexByte(s, '}'); j > 2 && j < 10 {
				if v, err := strconv.ParseUint(s[2:j], 16, 32); err == nil && v <= 0x10ffff {
					return j + 1, utf16.AppendRune(nil, rune(v))
				}
			}
		}
		if len(s) >= 5 {
			if v, err := strconv.ParseUint(s[1:5], 16, 16); err == nil {
				return 5, []uint16{uint16(v)}
			}
		}
	}
	if c >= '1' && c <= '7' { // legacy octal
		j, v := 0, 0
		for j < 3 && j < len(s) && s[j] >= '0' && s[j] <= '7' && v*8+int(s[j]-'0') <= 255 {
			v = v*8 + int(s[j]-'0')
			j++
		}
		return j, []uint16{uint16(v)}
	}
	r, size := utf8.DecodeRuneInString(s)
	return size, utf16.AppendRune(nil, r)
}

// readTemplate reads a template literal; pure is false when it holds
// substitutions (their values are unknown; the text around them is kept).
func readTemplate(s string) (string, int, bool) {
	var units []uint16
	pure := true
	i := 1
	for i < len(s) {
		c := s[i]
		if c == '`' {
			i++
			break
		}
		if c == '\\' && i+1 < len(s) {
			n, u := jsEscape(s[i+1:])
			units = append(units, u...)
			i += 1 + n
			continue
		}
		if c == '$' && i+1 < len(s) && s[i+1] == '{' {
			pure = false
			d := 0
			for i < len(s) {
				if s[i] == '{' {
					d++
				} else if s[i] == '}' {
					d--
					if d == 0 {
						i++
						break
					}
				}
				i++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		units = utf16.AppendRune(units, r)
		i += size
		if len(units) > maxValueLen {
			break
		}
	}
	return string(utf16.Decode(units)), i, pure
}

// Unescape is JavaScript's global unescape: %uXXXX is one UTF-16 code
// unit, %XX is the code unit 0x00XX (Latin-1, not UTF-8), and anything
// else stays as it is. The code units are then read as UTF-16 (a lone
// surrogate becomes U+FFFD, as when a browser renders it).
func Unescape(s string) string {
	in := utf16.Encode([]rune(s))
	out := make([]uint16, 0, len(in))
	hex := func(u uint16) (uint16, bool) {
		switch {
		case u >= '0' && u <= '9':
			return u - '0', true
		case u >= 'a' && u <= 'f':
			return u - 'a' + 10, true
		case u >= 'A' && u <= 'F':
			return u - 'A' + 10, true
		}
		return 0, false
	}
	for k := 0; k < len(in); k++ {
		if in[k] == '%' {
			if k+5 < len(in) && in[k+1] == 'u' {
				v, ok := uint16(0), true
				for j := 2; j < 6 && ok; j++ {
					var d uint16
					d, ok = hex(in[k+j])
					v = v<<4 | d
				}
				if ok {
					out = append(out, v)
					k += 5
					continue
				}
			}
			if k+2 < len(in) {
				a, ok1 := hex(in[k+1])
				b, ok2 := hex(in[k+2])
				if ok1 && ok2 {
					out = append(out, a<<4|b)
					k += 2
					continue
				}
			}
		}
		out = append(out, in[k])
	}
	return string(utf16.Decode(out))
}

// decodeURIComponent decodes %XX sequences as UTF-8; ok is false where
// a browser throws URIError (a malformed sequence).
func decodeURIComponent(s string) (string, bool) {
	if !strings.Contains(s, "%") {
		return s, true
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			if i+2 >= len(s) {
				return s, false
			}
			v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				return s, false
			}
			b = append(b, byte(v))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	if !utf8.Valid(b) {
		return s, false
	}
	return string(b), true
}

func jsNumString(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// value is what an expression evaluates to.
type value struct {
	s     string
	list  []string // an array (from split or a literal), when isList
	isLst bool
	known bool
	num   float64
	isNum bool
}

type jsEval struct {
	toks  []jtok
	vars  map[string]value
	funcs map[string]string // function f(){return "literal"}
	// varSteps are the decoders used to compute each variable.
	varSteps map[string]map[string]bool
	steps    map[string]bool // decoders met while evaluating
}

func (e *jsEval) at(i int) jtok {
	if i >= 0 && i < len(e.toks) {
		return e.toks[i]
	}
	return jtok{kind: 0}
}

func (e *jsEval) isP(i int, v string) bool { t := e.at(i); return t.kind == 'p' && t.val == v }
func (e *jsEval) isI(i int, v string) bool { t := e.at(i); return t.kind == 'i' && t.val == v }

// skipBalanced skips from an opening bracket at i to after its match.
func (e *jsEval) skipBalanced(i int) int {
	d := 0
	for ; i < len(e.toks); i++ {
		t := e.toks[i]
		if t.kind != 'p' {
			continue
		}
		switch t.val {
		case "(", "[", "{":
			d++
		case ")", "]", "}":
			d--
			if d <= 0 {
				return i + 1
			}
		}
	}
	return i
}

// skipOperand skips an operand of unknown shape: up to a top-level + , ) ] } ;
func (e *jsEval) skipOperand(i int) int {
	start := i
	for i < len(e.toks) {
		t := e.toks[i]
		if t.kind == 'p' {
			switch t.val {
			case "(", "[", "{":
				i = e.skipBalanced(i)
				continue
			case "+", ",", ")", "]", "}", ";", "=", "+=", ":", "?":
				if i == start {
					return i + 1
				}
				return i
			}
		}
		i++
	}
	return i
}

func concat(a, b value) value {
	if a.isNum && b.isNum {
		return value{num: a.num + b.num, isNum: true, known: a.known && b.known, s: jsNumString(a.num + b.num)}
	}
	s := a.s + b.s
	if len(s) > maxValueLen {
		s = s[:maxValueLen]
	}
	return value{s: s, known: a.known && b.known}
}

// expr evaluates a + b + … from i; it returns the value and the index
// after it.
func (e *jsEval) expr(i int, depth int) (value, int) {
	v, i := e.term(i, depth)
	for e.isP(i, "+") {
		var w value
		w, i = e.term(i+1, depth)
		v = concat(v, w)
	}
	return v, i
}

func (e *jsEval) args(i int, depth int) ([]value, int) {
	// i at "("
	var out []value
	i++
	for i < len(e.toks) && !e.isP(i, ")") {
		v, j := e.expr(i, depth)
		out = append(out, v)
		if j <= i {
			j = i + 1
		}
		i = j
		if !e.isP(i, ",") {
			break
		}
		i++
	}
	if e.isP(i, ")") {
		i++
	} else {
		i = e.skipOperand(i)
	}
	return out, i
}

func (e *jsEval) term(i int, depth int) (value, int) {
	if depth > 64 {
		return value{}, e.skipOperand(i)
	}
	depth++
	t := e.at(i)
	var v value
	switch {
	case t.kind == 's':
		v, i = value{s: t.val, known: true}, i+1
	case t.kind == 'u':
		v, i = value{s: t.val}, i+1
	case t.kind == 'n':
		v, i = value{num: t.num, isNum: true, known: true, s: jsNumString(t.num)}, i+1
	case t.kind == 'p' && t.val == "(":
		v, i = e.expr(i+1, depth)
		if e.isP(i, ")") {
			i++
		} else {
			v.known = false
			i = e.skipOperand(i)
		}
	case t.kind == 'p' && t.val == "[":
		j := i + 1
		v = value{isLst: true, known: true}
		for j < len(e.toks) && !e.isP(j, "]") {
			w, k := e.expr(j, depth)
			if k <= j {
				k = j + 1
			}
			v.list = append(v.list, w.s)
			v.known = v.known && w.known
			j = k
			if !e.isP(j, ",") {
				break
			}
			j++
		}
		if e.isP(j, "]") {
			j++
		}
		i = j
	case t.kind == 'p' && t.val == "-" && e.at(i+1).kind == 'n':
		n := -e.at(i + 1).num
		v, i = value{num: n, isNum: true, known: true, s: jsNumString(n)}, i+2
	case t.kind == 'i':
		name := t.val
		if (name == "window" || name == "self" || name == "top") && e.isP(i+1, ".") && e.at(i+2).kind == 'i' {
			return e.term(i+2, depth)
		}
		switch {
		case (name == "unescape" || name == "decodeURIComponent" || name == "decodeURI" || name == "atob") && e.isP(i+1, "("):
			var a []value
			a, i = e.args(i+1, depth)
			if len(a) == 0 {
				return value{}, i
			}
			e.steps[name] = true
			switch name {
			case "unescape":
				v = value{s: Unescape(a[0].s), known: a[0].known}
			case "atob":
				b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(a[0].s))
				if err != nil {
					b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(strings.TrimSpace(a[0].s), "="))
				}
				if err != nil {
					return value{}, i
				}
				r := make([]rune, len(b))
				for k, c := range b {
					r[k] = rune(c) // atob gives a binary string: one code unit per byte
				}
				v = value{s: string(r), known: a[0].known}
			default:
				s, ok := decodeURIComponent(a[0].s)
				v = value{s: s, known: a[0].known && ok}
			}
		case name == "String" && e.isP(i+1, ".") && e.isI(i+2, "fromCharCode") && e.isP(i+3, "("):
			var a []value
			a, i = e.args(i+3, depth)
			e.steps["fromCharCode"] = true
			units := make([]uint16, 0, len(a))
			v.known = true
			for _, x := range a {
				if !x.isNum || math.IsNaN(x.num) {
					v.known = false
					continue
				}
				units = append(units, uint16(int64(math.Trunc(x.num))))
			}
			v.s = string(utf16.Decode(units))
		case e.isP(i+1, "("):
			if r, ok := e.funcs[name]; ok {
				v = value{s: r, known: true}
			}
			_, i = e.args(i+1, depth)
		default:
			if w, ok := e.vars[name]; ok {
				v = w
				for st := range e.varSteps[name] {
					e.steps[st] = true
				}
			}
			i++
		}
	default:
		return value{}, e.skipOperand(i)
	}
	// postfix: .method(…) on a known value
	for e.isP(i, ".") && e.at(i+1).kind == 'i' {
		m := e.at(i + 1).val
		if !e.isP(i+2, "(") {
			if m == "length" {
				n := float64(len(utf16.Encode([]rune(v.s))))
				v = value{num: n, isNum: true, known: v.known, s: jsNumString(n)}
			} else {
				v.known = false
			}
			i += 2
			continue
		}
		var a []value
		var ra string
		isRegex := e.at(i+3).kind == 'r'
		if isRegex {
			ra = e.at(i + 3).val
		}
		a, i = e.args(i+2, depth)
		switch m {
		case "split":
			if len(a) >= 1 && !isRegex {
				if a[0].s == "" {
					v = value{isLst: true, list: strings.Split(v.s, ""), known: v.known}
				} else {
					v = value{isLst: true, list: strings.Split(v.s, a[0].s), known: v.known}
				}
			} else {
				v.known = false
			}
		case "reverse":
			if v.isLst {
				for l, r := 0, len(v.list)-1; l < r; l, r = l+1, r-1 {
					v.list[l], v.list[r] = v.list[r], v.list[l]
				}
			}
		case "join":
			sep := ","
			if len(a) >= 1 {
				sep = a[0].s
			}
			if v.isLst {
				v = value{s: strings.Join(v.list, sep), known: v.known}
			}
		case "concat":
			for _, x := range a {
				v = concat(v, x)
			}
		case "toString", "trim", "valueOf":
			if m == "trim" {
				v.s = strings.TrimSpace(v.s)
			}
		case "toLowerCase":
			v.s = strings.ToLower(v.s)
		case "toUpperCase":
			v.s = strings.ToUpper(v.s)
		case "replace", "replaceAll":
			if len(a) >= 2 {
				switch {
				case isRegex && ra != "" && !strings.ContainsAny(ra, `\.+*?[](){}|^$`):
					v.s = strings.ReplaceAll(v.s, ra, a[1].s)
				case !isRegex && m == "replace":
					v.s = strings.Replace(v.s, a[0].s, a[1].s, 1)
				case !isRegex:
					v.s = strings.ReplaceAll(v.s, a[0].s, a[1].s)
				default:
					v.known = false
				}
			} else {
				v.known = false
			}
		default:
			v.known = false
		}
	}
	return v, i
}
