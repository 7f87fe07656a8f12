package asp

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yingji/yingji/internal/webshell/verdict"
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

// TestScrencSum holds screncSum's checksum to checksum of the decoded
// text, and its text to screncRun's.
func TestScrencSum(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for n := 0; n < 20000; n++ {
		b := make([]byte, r.Intn(300))
		for i := range b {
			switch k := r.Intn(12); {
			case k == 0:
				b[i] = '@'
			case k == 1:
				b[i] = "&#*!$"[r.Intn(5)]
			case k <= 4:
				b[i] = byte(0x80 + r.Intn(0x80))
			case k == 5:
				b[i] = ' '
			default:
				b[i] = byte(r.Intn(0x80))
			}
		}
		for _, dbcs := range []bool{true, false} {
			for _, del := range []bool{true, false} {
				i := r.Intn(len(b) + 1)
				end := i + r.Intn(len(b)-i+1)
				pos := r.Intn(200)
				prefix := []byte("ab")
				got, sum := screncSum(b, i, end, pos, dbcs, del, append([]byte(nil), prefix...))
				want := append(append([]byte(nil), prefix...), screncRunRef(b, i, end, pos, dbcs, del)...)
				if !bytes.Equal(got, want) {
					t.Fatalf("%q %d-%d: %q, want %q", b, i, end, got, want)
				}
				if c := checksum(want[len(prefix):], dbcs); c != sum {
					t.Fatalf("%q %d-%d dbcs %v: checksum %d, want %d", b, i, end, dbcs, sum, c)
				}
			}
		}
	}
}

// screncRunRef is the decoder as it was written first, appending byte by
// byte.
func screncRunRef(b []byte, i, end, pos int, dbcs, del bool) []byte {
	var out []byte
	for ; i < end; i++ {
		c := b[i]
		if c >= 0x80 {
			out = append(out, c)
			if dbcs && c >= 0x81 && c != 0xFF && i+1 < end && b[i+1] >= 0x40 {
				i++
				out = append(out, b[i])
			}
			continue
		}
		if c == '@' && i+1 < end {
			if e := screncEscape(b[i+1]); e != 0 {
				out = append(out, e)
				i++
				pos++
				continue
			}
		}
		if c == '\t' || c >= 0x20 {
			if del && c == ' ' && scrdecPick[pos&63] == '1' {
				c = 0x7F
			}
			c = scrdecByPos[pos&63][c]
		}
		out = append(out, c)
		pos++
	}
	return out
}

// scanBodyRef is scanBody as one walkExprs with a closure and a map per
// body.
func scanBodyRef(body []*stmt) (decoder bool, names []string) {
	found := false
	seen := map[string]bool{}
	walkExprs(body, func(e *expr) {
		if (e.k == eIdent || e.k == eMember) && !seen[e.name] {
			seen[e.name] = true
			names = append(names, e.name)
		}
		if e.k == eIdent || e.k == eMember {
			switch e.name {
			case "chr", "chrw", "chrb", "asc", "ascw", "ascb", "mid", "replace", "strreverse", "split",
				"unescape", "fromcharcode", "charcodeat", "charat", "substr", "clng", "cint", "hex", "instr":
				found = true
			}
		}
		if e.k == eBin && (e.op == "xor" || e.op == "bxor") {
			found = true
		}
	})
	return found, names
}

func TestScanBody(t *testing.T) {
	srcs := []string{
		"<%\nFunction F(a, b)\nDim c\nc = Mid(a, 1, 1) & b.Name(x)(y)\nIf c Xor 1 Then F = Chr(c) Else F = a.b.c\nSelect Case q\nCase 1, 2\nr = s\nEnd Select\nFor i = 1 To n Step k\nz = z & i\nNext\nEnd Function\nSub G\nF 1, 2\nEnd Sub\nFunction H(x)\nH = x\nEnd Function\n%>",
		"<script runat=server language=jscript>\nfunction f(a) { var g = function(b) { return b.charCodeAt(0) ^ a; }; for (var i = 0; i < a.length; i++) { s += g(a[i]) ? x : y; } return {k: s}; }\nfunction h() { return [1, f(2)]; }\n</script>",
	}
	if files, err := filepath.Glob(filepath.Join(devASPDir, "*.asp")); err == nil {
		// Every fifth file of the development set, when it is there.
		for i, f := range files {
			if i%5 != 0 {
				continue
			}
			if b, err := os.ReadFile(f); err == nil {
				srcs = append(srcs, string(b))
			}
		}
	}
	n := 0
	for _, src := range srcs {
		p := parsePage([]byte(src))
		a := newAnalyzer(p)
		a.runPage()
		var sc bodyScan
		for _, name := range sortedKeys(a.funcs) {
			body := a.funcs[name].def.body
			d1, n1 := sc.scan(body)
			d2, n2 := scanBodyRef(body)
			if d1 != d2 || !slices.Equal(n1, n2) {
				t.Fatalf("%s: %v %q, want %v %q", name, d1, n1, d2, n2)
			}
			if d3, n3 := scanBody(body); d3 != d2 || !slices.Equal(n3, n2) {
				t.Fatalf("%s: %v %q, want %v %q", name, d3, n3, d2, n2)
			}
			n++
		}
	}
	if n < 4 {
		t.Fatalf("%d functions", n)
	}
}

// TestVBOpLevel holds vbOpLevel to vbLevels.
func TestVBOpLevel(t *testing.T) {
	want := map[string]int{}
	for l, ops := range vbLevels {
		for _, o := range ops {
			want[o] = l
		}
	}
	for _, s := range []string{"", "x", "not", "=", "==", "!", "&&", "im", "impx", "Imp", "\\\\", "**"} {
		if _, ok := want[s]; ok {
			continue
		}
		if l, ok := vbOpLevel(s); ok {
			t.Errorf("%q: level %d, want none", s, l)
		}
	}
	for s, w := range want {
		if l, ok := vbOpLevel(s); !ok || l != w {
			t.Errorf("%q: %d %v, want %d", s, l, ok, w)
		}
	}
}

// commonSeparatorRef counts the characters by their strings.
func commonSeparatorRef(s string) string {
	if strings.Count(s, "\n") > len(s)/200 {
		return ""
	}
	count := map[string]int{}
	for i := 0; i+1 < len(s); i++ {
		if s[i] >= 0x81 {
			count[s[i:i+2]]++
			i++
		}
	}
	best, n := "", 0
	for k, c := range count {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	if n < 5 {
		return ""
	}
	return best
}

func TestCommonSeparator(t *testing.T) {
	r := rand.New(rand.NewSource(13))
	for n := 0; n < 5000; n++ {
		b := make([]byte, r.Intn(400))
		for i := range b {
			switch k := r.Intn(8); {
			case k < 3:
				b[i] = byte(0x80 + r.Intn(4))
			case k < 5:
				b[i] = byte(0xA0 + r.Intn(3))
			case k == 5 && r.Intn(50) == 0:
				b[i] = '\n'
			default:
				b[i] = byte(0x20 + r.Intn(0x60))
			}
		}
		if got, want := commonSeparator(string(b)), commonSeparatorRef(string(b)); got != want {
			t.Fatalf("%q: %q, want %q", b, got, want)
		}
	}
}

// charOffsetsRef appends the offsets one by one.
func charOffsetsRef(s string, m strMode) []int32 {
	var o []int32
	for i := 0; i < len(s); {
		o = append(o, int32(i))
		c := s[i]
		switch {
		case c < 0x80:
			i++
		case m == modeDBCS:
			if c >= 0x81 && c != 0xFF && i+1 < len(s) && s[i+1] >= 0x40 {
				i += 2
			} else {
				i++
			}
		default:
			_, n := utf8.DecodeRuneInString(s[i:])
			i += n
		}
	}
	return append(o, int32(len(s)))
}

func TestCharOffsets(t *testing.T) {
	r := rand.New(rand.NewSource(17))
	var buf []int32
	for n := 0; n < 5000; n++ {
		b := make([]byte, r.Intn(100))
		for i := range b {
			if r.Intn(3) == 0 {
				b[i] = byte(0x80 + r.Intn(0x80))
			} else {
				b[i] = byte(r.Intn(0x80))
			}
		}
		for _, m := range []strMode{modeUTF8, modeDBCS} {
			want := charOffsetsRef(string(b), m)
			if got := charOffsets(nil, string(b), m); !slices.Equal(got, want) {
				t.Fatalf("%q: %v, want %v", b, got, want)
			}
			buf = charOffsets(buf, string(b), m)
			if !slices.Equal(buf, want) {
				t.Fatalf("%q (reused): %v, want %v", b, buf, want)
			}
		}
	}
}

// The VBScript lexer as it was before the blocks of a page shared their
// identifiers and identifiers were scanned by table: the tests hold the
// lexer to it.

func lexVBToRef(dst []token, src []byte, line int) []token {
	utf := utf8.Valid(src)
	base := len(dst)
	toks := dst
	emit := func(t token) {
		if len(toks)-base < maxTokens {
			toks = append(toks, t)
		}
	}
	atStmtStart := true
	var words map[string]spelling
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			emit(token{k: tNL, line: line})
			line++
			i++
			atStmtStart = true
			continue
		case c == '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
				continue
			}
			emit(token{k: tNL, line: line})
			i++
			atStmtStart = true
			continue
		case c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == 0:
			i++
			continue
		case c == 0xC2 && i+1 < len(src) && src[i+1] == 0xA0: // NBSP
			i += 2
			continue
		case c == ':':
			emit(token{k: tNL, s: ":", line: line})
			i++
			atStmtStart = true
			continue
		case c == '\'':
			for i < len(src) && src[i] != '\n' && src[i] != '\r' {
				i++
			}
			continue
		case c == '_' && lineContinuation(src, i):
			for i < len(src) && src[i] != '\n' {
				i++
			}
			if i < len(src) {
				i++
				line++
			}
			continue
		case c == '"':
			j := i + 1
			// Most strings have no doubled quote: their text is their
			// bytes (a GBK trail byte is never '"' or a line break, so
			// the first of those ends the string either way).
			// The first '"' or line break: two fast scans (encoded
			// payloads are strings of tens of kilobytes).
			end := len(src)
			if k := bytes.IndexByte(src[j:], '"'); k >= 0 {
				end = j + k
			}
			if k := bytes.IndexByte(src[j:end], '\n'); k >= 0 {
				end = j + k
			}
			j = end
			if j == len(src) || src[j] == '\n' || j+1 == len(src) || src[j+1] != '"' {
				emit(token{k: tStr, s: string(src[i+1 : j]), line: line})
				if j < len(src) && src[j] == '"' {
					j++
				}
				i = j
				break
			}
			j = i + 1
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
					break // unterminated: VBScript stops at the line end
				}
				if gbkLead(src, j, utf) {
					b.WriteByte(src[j])
					j++
				}
				b.WriteByte(src[j])
				j++
			}
			emit(token{k: tStr, s: b.String(), line: line})
			i = j
		case c == '#' && dateLiteral(src, i):
			j := i + 1
			for src[j] != '#' {
				j++
			}
			emit(token{k: tStr, s: string(src[i+1 : j]), line: line})
			i = j + 1
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9' && !prevIsOperand(toks[base:]):
			j := i
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.') {
				j++
			}
			if j < len(src) && (src[j] == 'e' || src[j] == 'E') && j+1 < len(src) && (src[j+1] >= '0' && src[j+1] <= '9' || (src[j+1] == '-' || src[j+1] == '+') && j+2 < len(src) && src[j+2] >= '0' && src[j+2] <= '9') {
				j += 2
				for j < len(src) && src[j] >= '0' && src[j] <= '9' {
					j++
				}
			}
			n, _ := strconv.ParseFloat(string(src[i:j]), 64)
			for j < len(src) && strings.IndexByte("%&!#@", src[j]) >= 0 && !(src[j] == '&' && j+1 < len(src) && isIdentStart(src[j+1])) {
				j++ // type suffix
			}
			emit(token{k: tNum, n: n, line: line})
			i = j
		case c == '&' && i+2 < len(src) && (src[i+1] == 'h' || src[i+1] == 'H') && isHex(src[i+2]):
			j := i + 2
			for j < len(src) && isHex(src[j]) {
				j++
			}
			v, _ := strconv.ParseUint(string(src[i+2:min(j, i+2+16)]), 16, 64)
			n := float64(v)
			if j-(i+2) <= 4 && v >= 0x8000 && !(j < len(src) && src[j] == '&') {
				n = float64(int16(v)) // &HFFFF is -1 (Integer)
			} else if j-(i+2) <= 8 && v >= 0x80000000 {
				n = float64(int32(v))
			}
			if j < len(src) && src[j] == '&' {
				j++
			}
			emit(token{k: tNum, n: n, line: line})
			i = j
		case c == '&' && i+2 < len(src) && (src[i+1] == 'o' || src[i+1] == 'O') && src[i+2] >= '0' && src[i+2] <= '7':
			j := i + 2
			for j < len(src) && src[j] >= '0' && src[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(string(src[i+2:min(j, i+2+20)]), 8, 64)
			emit(token{k: tNum, n: float64(v), line: line})
			i = j
		case c == '[':
			j := i + 1
			for j < len(src) && src[j] != ']' && src[j] != '\n' {
				j++
			}
			name := string(src[i+1 : j])
			emit(token{k: tIdent, s: name, low: lower(name), line: line})
			i = min(j+1, len(src))
		case isIdentStart(c) || c >= 0x80:
			n := 0
			if c >= 0x80 {
				n, _ = curlyQuote(src, i)
			}
			if n > 0 {
				j := i + n
				var b strings.Builder
				for j < len(src) && src[j] != '\n' {
					if m, open := curlyQuote(src, j); m > 0 && !open {
						j += m
						break
					}
					if src[j] == '"' {
						j++
						break
					}
					b.WriteByte(src[j])
					j++
				}
				emit(token{k: tStr, s: b.String(), line: line})
				i = j
				break
			}
			j := i
			for j < len(src) && (isIdentPart(src[j]) || src[j] >= 0x80) {
				if src[j] < 0x80 {
					j++
					continue // neither a curly quote nor a no-break space
				}
				if _, open := curlyQuote(src, j); open || j > i && src[j] == 0xC2 && j+1 < len(src) && src[j+1] == 0xA0 {
					break
				}
				j++
			}
			// A page names the same few identifiers thousands of times:
			// each spelling is made into strings once per source.
			w, ok := words[string(src[i:j])]
			if !ok {
				w.s = string(src[i:j])
				w.low = lower(w.s)
				if words == nil {
					words = map[string]spelling{}
				}
				words[w.s] = w
			}
			word, low := w.s, w.low
			if low == "rem" && atStmtStart && (j >= len(src) || src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r' || src[j] == ':') {
				for j < len(src) && src[j] != '\n' && src[j] != '\r' {
					j++
				}
				i = j
				continue
			}
			emit(token{k: tIdent, s: word, low: low, line: line})
			i = j
		default:
			op := opString(c)
			if i+1 < len(src) {
				switch string(src[i : i+2]) {
				case "<>":
					op = "<>"
				case "<=":
					op = "<="
				case ">=":
					op = ">="
				case "=<":
					op = "=<"
				case "=>":
					op = "=>"
				case "><":
					op = "><"
				}
			}
			emit(token{k: tOp, s: op, line: line})
			i += len(op)
		}
		atStmtStart = false
	}
	emit(token{k: tEOF, line: line})
	return toks
}

func lexSame(t *testing.T, name string, blocks [][]byte) {
	t.Helper()
	words := map[string]spelling{}
	var got, want []token
	for k, b := range blocks {
		got = lexVBWords(got, b, 1+k*100, words)
		want = lexVBToRef(want, b, 1+k*100)
	}
	if !reflect.DeepEqual(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("%s: token %d: %+v, want %+v", name, i, got[i], want[i])
			}
		}
		t.Fatalf("%s: %d tokens, want %d", name, len(got), len(want))
	}
}

func TestLexVBRef(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	pieces := []string{"a", "Bc_1", "_", " _\n", "\"s\"", "\"a\"\"b\"", "#1/2/2003#", "#", "12", "1.5e3", ".5", "&H7F", "&hFFFF&", "&O17",
		"[x y]", "\xe2\x80\x9cq\xe2\x80\x9d", "\xc2\xa0", "\xa1\xb0x\xa1\xb1", "\xb0\xa1", "\xff", "é", ":", "'c\n", "rem x\n", "\r\n", "\r",
		"<>", "<=", "=>", "(", ")", "&", "+", ".", "\t", "\x00"}
	for n := 0; n < 20000; n++ {
		var blocks [][]byte
		for range 1 + r.Intn(3) {
			var b bytes.Buffer
			for i := r.Intn(20); i >= 0; i-- {
				b.WriteString(pieces[r.Intn(len(pieces))])
			}
			blocks = append(blocks, b.Bytes())
		}
		lexSame(t, strconv.Quote(string(bytes.Join(blocks, []byte("|")))), blocks)
	}
	dir := os.Getenv("WSDIR")
	if dir == "" {
		return
	}
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || !fi.Mode().IsRegular() || !strings.Contains(p, "/asp") {
			return nil
		}
		b, _ := os.ReadFile(p)
		var blocks [][]byte
		for _, bl := range parsePage(b).blocks {
			blocks = append(blocks, bl.code)
		}
		lexSame(t, p, blocks)
		return nil
	})
}

// TestSlabReuse holds the analysis of pages whose nodes come from the
// blocks of earlier pages (program.free, spareExprs, spareStmts) to the analysis with
// fresh blocks, and checks that freed blocks keep nothing reachable.
func TestSlabReuse(t *testing.T) {
	var pages [][]byte
	var big strings.Builder
	big.WriteString("<%\n")
	for i := range 400 {
		fmt.Fprintf(&big, "Function f%d(a, b)\n  If a <> \"\" Then f%d = Mid(a & b, 1, %d) Else f%d = Chr(%d)\nEnd Function\n", i, i, i, i, 65+i%26)
	}
	big.WriteString("x = f3(Request(\"c\"), \"\")\nExecute(x)\n%>")
	pages = append(pages, []byte(big.String()),
		[]byte(`<% Set o = Server.CreateObject("WScript.Shell") : o.Exec(Request.Form("cmd")) %>`),
		[]byte("<%\nDim s\ns = \"Hello\"\nResponse.Write s & Request.QueryString(\"name\")\n%>"),
		[]byte(`<script runat="server" language="jscript">var c = Request.Item("z"); eval(c);</script>`))
	fresh := func() {
		spareExprs.Lock()
		spareExprs.free = nil
		spareExprs.Unlock()
		spareStmts.Lock()
		spareStmts.free = nil
		spareStmts.Unlock()
	}
	var want []string
	for _, p := range pages {
		fresh()
		want = append(want, explainJSON(t, p))
	}
	spareExprs.Lock()
	n := len(spareExprs.free)
	for _, b := range spareExprs.free {
		for _, e := range b[:cap(b)] {
			if !reflect.ValueOf(e).IsZero() {
				t.Fatalf("freed node kept: %+v", e)
			}
		}
	}
	spareExprs.Unlock()
	if n == 0 {
		t.Fatal("no block given back")
	}
	for range 2 {
		for i, p := range pages {
			// The large page first leaves its blocks, every other page
			// then takes them.
			if got := explainJSON(t, p); got != want[i] {
				t.Fatalf("page %d: %s, want %s", i, got, want[i])
			}
		}
	}
}

// explainJSON is the Explain detections of a page as JSON.
func explainJSON(t *testing.T, p []byte) string {
	b, err := json.Marshal(AnalyzeFor(p, verdict.Explain))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestContainsFold holds containsFold to indexFold, on the family marks
// and on random text with their bytes.
func TestContainsFold(t *testing.T) {
	var pats []string
	for _, f := range familyMarks {
		pats = append(pats, f.marks...)
	}
	pats = append(pats, "\xba\xa3", "a\xba", "1-2", "")
	r := rand.New(rand.NewSource(1))
	alpha := []byte("aAbB-12\xba\xa3\xd1\xf4\xe6\xb5\xb7")
	for _, p := range pats {
		alpha = append(alpha, p...)
	}
	for n := range 3000 {
		b := make([]byte, r.Intn(40))
		for i := range b {
			b[i] = alpha[r.Intn(len(alpha))]
		}
		if n%3 == 0 && len(pats) > 0 {
			p := pats[r.Intn(len(pats))]
			at := r.Intn(len(b) + 1)
			b = append(b[:at], append([]byte(p), b[at:]...)...)
		}
		for _, p := range pats {
			if p == "" {
				continue // indexFold needs a first byte
			}
			if got, want := containsFold(b, p), indexFold(b, 0, p) >= 0; got != want {
				t.Fatalf("containsFold(%q, %q) = %v, want %v", b, p, got, want)
			}
		}
	}
}
