package asp

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// The tests of this file hold fast implementations to the plain ones
// they replaced, kept here as references.

// binaryRef is the VBScript expression parser as one recursive descent
// per precedence level.
func (p *vbParser) binaryRef(level int) *expr {
	if level >= len(vbLevels) {
		return p.unary()
	}
	if vbLevels[level] == nil {
		switch level {
		case vbNotLevel:
			if p.isWord("not") {
				t := p.next()
				return &expr{k: eUn, op: "not", x: p.binaryRef(level), line: t.line, lang: vbscript}
			}
		case vbNegLevel:
			if p.isOp("-") || p.isOp("+") {
				t := p.next()
				x := p.binaryRef(level)
				if t.s == "+" {
					return x
				}
				return &expr{k: eUn, op: "-", x: x, line: t.line, lang: vbscript}
			}
		}
		return p.binaryRef(level + 1)
	}
	x := p.binaryRef(level + 1)
	for {
		op, l, ok := p.binOp()
		if !ok || l != level {
			break
		}
		t := p.next()
		y := p.binaryRef(level + 1)
		x = &expr{k: eBin, op: vbOp(op), x: x, y: y, line: t.line, lang: vbscript}
	}
	return x
}

func TestBinaryClimbing(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	words := []string{"a", "b", "1", "2", "not", "-", "+", "*", "/", "\\", "mod", "^", "&", "=", "<>", "<", ">=", "is",
		"and", "or", "xor", "eqv", "imp", "(", ")", "f(", ",", `"s"`}
	for n := 0; n < 50000; n++ {
		var sb strings.Builder
		for i := r.Intn(12); i >= 0; i-- {
			sb.WriteString(words[r.Intn(len(words))])
			sb.WriteByte(' ')
		}
		toks := lexVB([]byte(sb.String()), 1)
		p1 := &vbParser{toks: toks, prog: &program{}}
		p2 := &vbParser{toks: append([]token(nil), toks...), prog: &program{}}
		if e1, e2 := p1.binary(0), p2.binaryRef(0); !reflect.DeepEqual(e1, e2) || p1.pos != p2.pos {
			t.Fatalf("%q: the two parsers differ", sb.String())
		}
	}
}

func TestShiftScores(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	b := make([]byte, 4096)
	for i := range b {
		switch k := r.Intn(16); {
		case k == 0:
			b[i] = '@'
		case k == 1:
			b[i] = byte(0x80 + r.Intn(0x80))
		default:
			b[i] = byte(r.Intn(0x80))
		}
	}
	var sc [64]int
	for _, dbcs := range []bool{true, false} {
		for _, del := range []bool{true, false} {
			for i := 0; i+64 < len(b); i += 37 {
				end, pos := i+1+i%63, i%71
				shiftScores(b, i, end, pos, dbcs, del, &sc)
				for d := range sc {
					if w := plausible(screncRun(b, i, end, pos+d, dbcs, del, nil)); w != sc[d] {
						t.Fatalf("window %d-%d shift %d: %d, decoded %d", i, end, d, sc[d], w)
					}
				}
			}
		}
	}
}

// indexFoldRef searches both cases of p's first byte from every candidate.
func indexFoldRef(b []byte, from int, p string) int {
	for i := from; i+len(p) <= len(b); i++ {
		j := bytes.IndexByte(b[i:len(b)-len(p)+1], p[0])
		if up := p[0]; up >= 'a' && up <= 'z' {
			if k := bytes.IndexByte(b[i:len(b)-len(p)+1], up-32); k >= 0 && (j < 0 || k < j) {
				j = k
			}
		}
		if j < 0 {
			return -1
		}
		i += j
		if hasPrefixFold(b, i, p) {
			return i
		}
	}
	return -1
}

func TestIndexFold(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	const alpha = "aAbB<%/sScC"
	ps := []string{"ab", "a", "<%", "</sc", "bba", "c"}
	for n := 0; n < 100000; n++ {
		b := make([]byte, r.Intn(30))
		for i := range b {
			b[i] = alpha[r.Intn(len(alpha))]
		}
		p := ps[r.Intn(len(ps))]
		from := min(r.Intn(len(b)+2), len(b))
		if x, y := indexFold(b, from, p), indexFoldRef(b, from, p); x != y {
			t.Fatalf("%q from %d, %q: %d, want %d", b, from, p, x, y)
		}
	}
}

// lexStringRef is the VBScript string literal at src[i] ('"'), copied a
// byte at a time: its text and the index after it.
func lexStringRef(src []byte, i int, utf bool) (string, int) {
	j := i + 1
	var b strings.Builder
	for j < len(src) {
		if src[j] == '"' {
			if j+1 < len(src) && src[j+1] == '"' {
				b.WriteByte('"')
				j += 2
				continue
			}
			j++
			break
		}
		if src[j] == '\n' {
			break
		}
		if gbkLead(src, j, utf) {
			b.WriteByte(src[j])
			j++
		}
		b.WriteByte(src[j])
		j++
	}
	return b.String(), j
}

func TestLexString(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	alpha := []byte{'"', '"', '\n', '\r', 'a', ' ', 0x81, 0xB0, 0xFE, 0x40, 0x22, 0xFF, 0xE4, 0xB8, 0xAD}
	for n := 0; n < 100000; n++ {
		b := make([]byte, 1+r.Intn(12))
		b[0] = '"'
		for i := 1; i < len(b); i++ {
			b[i] = alpha[r.Intn(len(alpha))]
		}
		toks := lexVB(b, 1)
		want, end := lexStringRef(b, 0, utf8.Valid(b))
		if toks[0].k != tStr || toks[0].s != want {
			t.Fatalf("%q: %q, want %q", b, toks[0].s, want)
		}
		// The token after the string starts where the reference ended.
		rest := lexVB(b[end:], 1)
		if len(rest) != len(toks)-1 {
			t.Fatalf("%q: %d tokens after the string, want %d", b, len(toks)-1, len(rest))
		}
	}
}

// joinMapsRef joins every map into a copy of the first, walking both
// ways each time.
func joinMapsRef(ms []map[string]*aval) map[string]*aval {
	if len(ms) == 1 {
		return ms[0]
	}
	out := map[string]*aval{}
	for k, v := range ms[0] {
		out[k] = v
	}
	for _, m := range ms[1:] {
		for k, v := range m {
			if o, ok := out[k]; !ok {
				out[k] = join(v, constVal(cv{}))
			} else if o != v {
				out[k] = join(o, v)
			}
		}
		for k, v := range out {
			if _, ok := m[k]; !ok {
				out[k] = join(v, constVal(cv{}))
			}
		}
	}
	return out
}

func TestJoinMaps(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	pool := []*aval{constVal(str("a")), constVal(num(1)), unknown, {unk: true, taint: &origin{what: "Request"}}, constVal(cv{})}
	keys := []string{"a", "b", "c", "d"}
	for n := 0; n < 20000; n++ {
		ms := make([]map[string]*aval, 1+r.Intn(4))
		for i := range ms {
			ms[i] = map[string]*aval{}
			for _, k := range keys {
				if r.Intn(3) > 0 {
					ms[i][k] = pool[r.Intn(len(pool))]
				}
			}
		}
		if got, want := joinMaps(ms), joinMapsRef(ms); !reflect.DeepEqual(got, want) {
			t.Fatalf("%v: %v, want %v", ms, got, want)
		}
	}
}

// deriveRef is derive running every input combination through one
// recursive enumeration, a single one included.
func deriveRef(inputs []*aval, f func([]cv) (cv, bool), taintPasses bool) *aval {
	r := &aval{}
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
		return r
	}
	r.hid = nil // computed: the constants are the result
	args := make([]cv, len(inputs))
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
	return r
}

func TestDerive(t *testing.T) {
	r := rand.New(rand.NewSource(6))
	pool := []*aval{constVal(str("ab")), constVal(num(2)), constVal(str("")), unknown, nil,
		{unk: true, taint: &origin{what: "Request"}}, {alts: []cv{str("x"), str("y")}}, withStep(constVal(str("q")), step{what: "s", line: 1})}
	fs := []func([]cv) (cv, bool){
		func(c []cv) (cv, bool) { return binop("&", c[0], c[len(c)-1], vbscript) },
		func(c []cv) (cv, bool) { return binop("-", c[0], c[len(c)-1], vbscript) },
		func(c []cv) (cv, bool) { return callBuiltin("mid", c, vbscript, &strCtx{}) },
	}
	for n := 0; n < 20000; n++ {
		in := make([]*aval, 1+r.Intn(3))
		for i := range in {
			in[i] = pool[r.Intn(len(pool))]
		}
		f := fs[r.Intn(len(fs))]
		tp := r.Intn(2) == 0
		if got, want := derive(in, f, tp), deriveRef(in, f, tp); !reflect.DeepEqual(got, want) {
			t.Fatalf("%v: %+v, want %+v", in, got, want)
		}
	}
}

// decodeScriptEncoderRef decodes each segment again after its repair,
// as decodeScriptEncoder did before the repair handed its text over.
func decodeScriptEncoderRef(b []byte) ([]byte, int) {
	var out bytes.Buffer
	n := 0
	for n < maxEncoded {
		i := bytes.Index(b, []byte(screncStart))
		if i < 0 {
			break
		}
		out.Write(b[:i])
		data, rest := b[i+len(screncStart):], []byte(nil)
		// Prefer the declared length when it lands on the trailer.
		if len(data) >= 8 && string(data[6:8]) == "==" {
			if raw, err := base64.StdEncoding.DecodeString(string(data[:8])); err == nil && len(raw) == 4 {
				l := int(binary.LittleEndian.Uint32(raw))
				if j := bytes.Index(data[8:], []byte(screncEnd)); j >= 14 && string(data[8+j-2:8+j]) == "==" {
					sum := -1
					if raw, err := base64.StdEncoding.DecodeString(string(data[8+j-8 : 8+j])); err == nil && len(raw) == 4 {
						sum = int(binary.LittleEndian.Uint32(raw))
					}
					body := data[8 : 8+j-8]
					fixed, dbcs, _ := repairScrenc(body, l, sum, false)
					dec := decodeScrenc(fixed, dbcs)
					if checksum(dec, dbcs) != sum {
						dec = decodeResync(fixed, dbcs, bytes.IndexByte(body, 0x7F) < 0)
					}
					out.Write(dec)
					b = data[8+j+len(screncEnd):]
					n++
					continue
				}
				if !bytes.Contains(data[8:], []byte(screncEnd)) {
					// A truncated copy: no trailer and no checksum, but
					// the same damage may be repaired.
					fixed, dbcs, _ := repairScrenc(data[8:], l, -1, true)
					out.Write(decodeResync(fixed, dbcs, bytes.IndexByte(data[8:], 0x7F) < 0))
					n++
					b = nil
					continue
				}
			}
			data = data[8:]
		}
		if j := bytes.Index(data, []byte(screncEnd)); j >= 0 {
			body := data[:j]
			if len(body) >= 8 && string(body[len(body)-2:]) == "==" {
				body = body[:len(body)-8]
			}
			rest = data[j+len(screncEnd):]
			data = body
		}
		out.Write(decodeScrenc(data, true))
		n++
		b = rest
	}
	out.Write(b)
	return out.Bytes(), n
}

func TestScriptEncoderRepaired(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	for n := 0; n < 3000; n++ {
		b := make([]byte, r.Intn(200))
		for i := range b {
			switch k := r.Intn(24); {
			case k == 0:
				b[i] = '\n'
			case k == 1:
				b[i] = '\t'
			default:
				b[i] = byte(0x20 + r.Intn(0x5F))
			}
		}
		enc := []byte(encodeScript(string(b)))
		// Damage as copies do: tabs expanded, DEL made a space, a
		// character lost, the trailer cut.
		switch r.Intn(5) {
		case 0:
			enc = bytes.Replace(enc, []byte("\t"), []byte("    "), -1)
		case 1:
			enc = bytes.Replace(enc, []byte("\x7f"), []byte(" "), -1)
		case 2:
			if len(enc) > 20 {
				k := 12 + r.Intn(len(enc)-20)
				enc = append(enc[:k:k], enc[k+1:]...)
			}
		case 3:
			enc = enc[:len(enc)*2/3]
		case 4:
			// A double-byte character, which the encoder leaves as is.
			if len(enc) > 20 {
				k := 12 + r.Intn(len(enc)-20)
				enc = append(enc[:k:k], append([]byte{0xB0, 0xA1}, enc[k:]...)...)
			}
		}
		got, gn := decodeScriptEncoder(enc)
		want, wn := decodeScriptEncoderRef(enc)
		if !bytes.Equal(got, want) || gn != wn {
			t.Fatalf("%q: %q (%d), want %q (%d)", enc, got, gn, want, wn)
		}
	}
}

func TestOpString(t *testing.T) {
	for c := 0; c < 256; c++ {
		if got, want := opString(byte(c)), string(rune(c)); got != want {
			t.Fatalf("%#x: %q, want %q", c, got, want)
		}
	}
}

// noteStringRef is noteString as a search per notable word.
func (a *analyzer) noteStringRef(s string) {
	b := []byte(s)
	for _, w := range notable {
		if len(w) <= len(b) && !a.strs[w] && indexFold(b, 0, w) >= 0 {
			a.strs[w] = true
		}
	}
}

func TestNoteString(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	parts := []string{"xp_cmdshell", "XP_CmdShell", "xp_cmd", "LocalAdministrator", "-SetUserSetup", "site maintenance",
		"Site  maintenance", "net user", "NET USER", "cmd.exe", "CMD.EXE", "cmd.ex", "sp_oacreate", "SP_OACreate",
		"sp_makewebtask", "sp_", "s", "-", "n", "x", "c", "l", " ", "中", "\xff"}
	for n := 0; n < 20000; n++ {
		a1 := &analyzer{strs: map[string]bool{}}
		a2 := &analyzer{strs: map[string]bool{}}
		for k := r.Intn(4); k >= 0; k-- {
			var sb strings.Builder
			for i := r.Intn(8); i >= 0; i-- {
				sb.WriteString(parts[r.Intn(len(parts))])
			}
			s := sb.String()
			a1.noteString(s)
			a2.noteStringRef(s)
			if !reflect.DeepEqual(a1.strs, a2.strs) {
				t.Fatalf("%q: %v, want %v", s, a1.strs, a2.strs)
			}
		}
	}
}

// runConcrete runs the function "d" of the VBScript code on arg with the
// concrete interpreter bounded by limit (and hard, when not 0), and
// returns the result, whether the run finished and the steps it took.
func runConcrete(t *testing.T, code, arg string, limit, hard int, plain bool) (cv, bool, int) {
	t.Helper()
	prog := &program{}
	prog.stmts = parseVB(lexVB([]byte(code), 1), prog)
	funcs := map[string]*funcDef{}
	for _, f := range prog.funcs {
		funcs[f.name] = f
	}
	f := funcs["d"]
	if f == nil {
		t.Fatalf("no function d in %q", code)
	}
	in := &interp{sc: &strCtx{}, limit: limit, hard: hard, funcs: func(n string) *funcDef { return funcs[n] }}
	defer func(old bool) { plainEval = old }(plainEval)
	plainEval = plain
	r, ok := in.call(f, []cv{str(arg)}, nil, nil)
	return r, ok, in.steps
}

// TestConcreteShortcuts holds the concrete interpreter with its
// shortcuts (operands and arguments read in place, Mid on leaves, string
// comparisons) to the interpreter without them: the same result and the
// same steps, for every budget that stops a run anywhere in it.
func TestConcreteShortcuts(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	conds := []string{`c <> "|"`, `Mid(s, i, 1) = "a"`, `c = arr(i Mod 3)`, `Mid(s, i, k) <> c`, `c = "中"`, `Asc(c) > 100`, `c = x`}
	heads := []string{`Chr(Asc(c) Xor 1)`, `Mid(s, i, 1)`, `c`, `"-"`, `Mid(s, Len(s) - i + 1, 1)`, `Mid(s, i, 2)`, `arr(i Mod 3)`, `x`}
	for n := 0; n < 60; n++ {
		var sb strings.Builder
		sb.WriteString("Function D(s)\nDim i, c, r, k\narr = Array(\"a\", \"b\", \"|\")\nk = 1\nr = \"\"\n")
		sb.WriteString("For i = 1 To Len(s)\nc = Mid(s, i, 1)\n")
		fmt.Fprintf(&sb, "If %s Then\nr = %s & r\nElse\nr = r & %s\nEnd If\n",
			conds[r.Intn(len(conds))], heads[r.Intn(len(heads))], heads[r.Intn(len(heads))])
		fmt.Fprintf(&sb, "If %s Then k = %d\n", conds[r.Intn(len(conds))], r.Intn(3))
		sb.WriteString("Next\nD = r\nEnd Function\n")
		code := sb.String()
		var in strings.Builder
		for i := r.Intn(40); i >= 0; i-- {
			in.WriteString([]string{"a", "b", "|", "中", "x", "Z"}[r.Intn(6)])
		}
		arg := in.String()
		want, wok, total := runConcrete(t, code, arg, 1<<30, 0, true)
		if got, ok, steps := runConcrete(t, code, arg, 1<<30, 0, false); ok != wok || steps != total || !sameCV(got, want) {
			t.Fatalf("%s on %q: got %v %v %d steps, want %v %v %d", code, arg, got, ok, steps, want, wok, total)
		}
		for limit := 0; limit <= total+1; limit++ {
			hard := 0
			if limit%3 == 0 {
				hard, limit = limit, 1<<30
			}
			w, wok, ws := runConcrete(t, code, arg, limit, hard, true)
			g, gok, gs := runConcrete(t, code, arg, limit, hard, false)
			if gok != wok || gs != ws || !sameCV(g, w) {
				t.Fatalf("%s on %q, limit %d hard %d: got %v %v %d steps, want %v %v %d", code, arg, limit, hard, g, gok, gs, w, wok, ws)
			}
			if hard != 0 {
				limit = hard
			}
		}
	}
}

// TestFreeToks: a token slice given back keeps nothing of what it held,
// and lexing into a reused slice gives the tokens a new one gives.
func TestFreeToks(t *testing.T) {
	src := []byte(`x = "a" & Chr(66) : Execute(x)` + "\n" + `If y <> "" Then z = Mid(y, 1, 2)`)
	want := lexVB(src, 1)
	ref := append([]token(nil), want...)
	freeToks(want)
	for i, tk := range want[:min(len(want)+1, cap(want))] {
		if tk != (token{}) {
			t.Fatalf("token %d kept: %+v", i, tk)
		}
	}
	for range 3 {
		got := lexVB(src, 1)
		if len(got) != len(ref) {
			t.Fatalf("%d tokens, want %d", len(got), len(ref))
		}
		for i := range got {
			if got[i] != ref[i] {
				t.Fatalf("token %d: %+v, want %+v", i, got[i], ref[i])
			}
		}
		freeToks(got)
	}
}
