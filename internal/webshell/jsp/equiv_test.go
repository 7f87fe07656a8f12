package jsp

import (
	"bytes"
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// refEnv is the scope as it was before branches became copies on
// write: a branch was a full copy of the scope's variables, and a merge
// visited every variable of every branch. TestEnvEquiv checks the
// copy-on-write env against it.
type refEnv struct{ vars map[string]*value }

func (e *refEnv) clone() *refEnv {
	c := &refEnv{vars: make(map[string]*value, len(e.vars))}
	for k, v := range e.vars {
		c.vars[k] = v
	}
	return c
}

func (e *refEnv) merge(branches ...*refEnv) {
	for i, b := range branches {
	keys:
		for k, v := range b.vars {
			for _, p := range branches[:i] {
				if _, ok := p.vars[k]; ok {
					continue keys
				}
			}
			for _, o := range branches[i+1:] {
				if ov, ok := o.vars[k]; ok && ov != v {
					v = join(v, ov)
				}
			}
			if old, ok := e.vars[k]; !ok || old != v {
				e.vars[k] = v
			}
		}
	}
}

func (e *refEnv) mergeBranch(b *refEnv) { e.merge(e.clone(), b) }

func (e *refEnv) mergeTaken(b *refEnv) { e.merge(b, e.clone()) }

// envPair runs one random statement sequence on both scopes.
type envPair struct {
	r    *rand.Rand
	n    int // values made
	pool []*value
	ops  int // statements left to make
	deep int // branches made deeper than maxBranchDepth
}

func (p *envPair) val() *value {
	if len(p.pool) > 0 && p.r.Intn(3) == 0 {
		return p.pool[p.r.Intn(len(p.pool))]
	}
	p.n++
	v := &value{strs: []string{"v" + strconv.Itoa(p.n)}}
	p.pool = append(p.pool, v)
	return v
}

func (p *envPair) name() string { return string(rune('a' + p.r.Intn(6))) }

// block runs statements on the reference scope ref and the scope en,
// which must hold the same variables throughout.
func (p *envPair) block(t *testing.T, ref *refEnv, en *env, depth int) {
	if depth > maxBranchDepth {
		p.deep++
	}
	for n := p.r.Intn(5); n >= 0 && p.ops > 0; n-- {
		p.ops--
		op := p.r.Intn(7)
		if depth > 12 || depth > 2 && p.r.Intn(3) == 0 {
			op = 0
		}
		switch op {
		case 0, 1: // assignment
			k, v := p.name(), p.val()
			ref.vars[k] = v
			en.set(k, v)
		case 2: // if without else
			rt, et := ref.clone(), en.clone()
			p.block(t, rt, et, depth+1)
			ref.mergeTaken(rt)
			en.mergeTaken(et)
		case 3: // if with else
			rt, et := ref.clone(), en.clone()
			p.block(t, rt, et, depth+1)
			rf, ef := ref.clone(), en.clone()
			p.block(t, rf, ef, depth+1)
			ref.merge(rt, rf)
			en.merge(et, ef)
		case 4: // loop, twice
			for range 2 {
				rb, eb := ref.clone(), en.clone()
				p.block(t, rb, eb, depth+1)
				ref.mergeBranch(rb)
				en.mergeBranch(eb)
			}
		case 5: // try with catches, as exec runs it then and now
			pre := ref.clone()
			body := en.clone()
			p.block(t, ref, body, depth+1)
			rbr := []*refEnv{ref.clone()}
			ebr := []*env{body}
			for c := p.r.Intn(3); c > 0; c-- {
				rb := pre.clone()
				rb.mergeBranch(ref)
				eb := en.clone()
				eb.mergeBranch(body)
				k, v := p.name(), p.val()
				rb.vars[k] = v
				eb.set(k, v)
				p.block(t, rb, eb, depth+1)
				rbr = append(rbr, rb)
				ebr = append(ebr, eb)
			}
			ref.merge(rbr...)
			en.merge(ebr...)
		case 6: // switch
			var rbr []*refEnv
			var ebr []*env
			for c := p.r.Intn(4); c > 0; c-- {
				rb, eb := ref.clone(), en.clone()
				p.block(t, rb, eb, depth+1)
				rbr = append(rbr, rb)
				ebr = append(ebr, eb)
			}
			rbr = append(rbr, ref.clone())
			ebr = append(ebr, en.clone())
			ref.merge(rbr...)
			en.merge(ebr...)
		}
		p.check(t, ref, en)
	}
}

func (p *envPair) check(t *testing.T, ref *refEnv, en *env) {
	t.Helper()
	got := map[string]*value{}
	for k := range ref.vars {
		if v, ok := en.get(k); ok {
			got[k] = v
		}
	}
	for s := en; s != nil; s = s.base {
		for k := range s.vars {
			if _, ok := ref.vars[k]; !ok {
				t.Fatalf("variable %s only in the copy-on-write scope", k)
			}
		}
	}
	if !reflect.DeepEqual(got, ref.vars) {
		t.Fatalf("scopes differ:\n got %v\nwant %v", renderVars(got), renderVars(ref.vars))
	}
}

func renderVars(m map[string]*value) map[string][]string {
	r := map[string][]string{}
	for k, v := range m {
		r[k] = v.strs
	}
	return r
}

// TestEnvEquiv: the copy-on-write scope holds, after any sequence of
// branches and merges, the same variables with the same values as
// full copies did.
func TestEnvEquiv(t *testing.T) {
	deep := 0
	for seed := int64(0); seed < 250; seed++ {
		p := &envPair{r: rand.New(rand.NewSource(seed)), ops: 300}
		ref := &refEnv{vars: map[string]*value{}}
		en := newEnv(nil)
		p.block(t, ref, en, 0)
		p.check(t, ref, en)
		deep += p.deep
	}
	if deep == 0 {
		t.Error("no branch deeper than maxBranchDepth: compact is not exercised")
	}
}

// TestScriptingEquiv: scripting copies a scriptlet's code in runs, with
// the newline offsets and the %\> escapes the byte-by-byte copy it
// replaced made.
func TestScriptingEquiv(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	pieces := []string{"a", "\n", "%", `\`, ">", `%\>`, "x = 1;", "\r\n", "%\\", "é"}
	for n := 0; n < 3000; n++ {
		var code []byte
		for k := r.Intn(12); k > 0; k-- {
			code = append(code, pieces[r.Intn(len(pieces))]...)
		}
		src := append(append([]byte("<%"), code...), "%>"...)
		p := &page{text: src}
		p.scripting(2, segScriptlet)

		// The byte-by-byte copy.
		var b codeBuilder
		b.start(p, 2, segScriptlet)
		c := src[2:indexFrom(src, 2, "%>")]
		for k := 0; k < len(c); k++ {
			if c[k] == '%' && bytes.HasPrefix(c[k:], []byte(`%\>`)) {
				b.WriteString("%>")
				k += 2
				continue
			}
			b.raw(c[k])
		}
		want := b.seg()
		var got segment
		if len(p.segs) > 0 {
			got = p.segs[0]
		}
		if strings.TrimSpace(want.code) == "" {
			if len(p.segs) != 0 {
				t.Fatalf("%q: blank code kept", src)
			}
			continue
		}
		if got.code != want.code || !reflect.DeepEqual(got.nl, want.nl) || got.line != want.line {
			t.Fatalf("%q: got %q %v, want %q %v", src, got.code, got.nl, want.code, want.nl)
		}
	}
}

// TestBudgetKeepsPass: a pass cut short by the evaluation budget does not
// lose the sinks the pass before it reached, so that the verdict only
// rises with the budget (and verdict.Decide, which stops at the first
// decisive sink, agrees with the whole analysis).
func TestBudgetKeepsPass(t *testing.T) {
	src := []byte(`<%! String f(String s) { String t = s; if (t == null) { t = ""; } return g(t); }
String g(String s) { return s.trim(); } %>
<% Runtime.getRuntime().exec(f(request.getParameter("c"))); %>`)
	reported := func(budget int) bool {
		a := newAnalysis(parsePage(src))
		a.budget = budget
		a.run()
		return verdict.Max(a.report()) >= verdict.Report
	}
	first := 0
	for b := 1; b < 2000; b++ {
		r := reported(b)
		if r && first == 0 {
			first = b
		}
		if first != 0 && !r {
			t.Fatalf("reported with a budget of %d steps, not with %d", first, b)
		}
	}
	if first == 0 {
		t.Fatal("never reported")
	}
}

// ops are Java's operators of two or more bytes but '>' ones, longest
// first within each leading byte, as the lexer searched them before
// opLen.
var ops = []string{
	"<<=", "...", "->", "::", "++", "--", "&&", "||", "==", "!=", "<=",
	"+=", "-=", "*=", "/=", "&=", "|=", "^=", "%=", "<<",
}

// TestOpLenEquiv: opLen finds the operator the search through ops
// (longest first) found, at every position of every short string of
// operator bytes.
func TestOpLenEquiv(t *testing.T) {
	const alpha = "<.-:+&|=!*/^%>a("
	old := func(s string, i int) int {
		if i+1 < len(s) && strings.IndexByte("<.-:+&|=!*/^%", s[i]) >= 0 {
			for _, op := range ops {
				if strings.HasPrefix(s[i:], op) {
					return len(op)
				}
			}
		}
		return 1
	}
	var gen func(prefix string)
	gen = func(prefix string) {
		for i := range prefix {
			if got, want := opLen(prefix, i), old(prefix, i); got != want {
				t.Fatalf("%q at %d: %d, want %d", prefix, i, got, want)
			}
		}
		if len(prefix) == 4 {
			return
		}
		for k := 0; k < len(alpha); k++ {
			gen(prefix + alpha[k:k+1])
		}
	}
	gen("")
}

// TestIdentByteEquiv: the identifier byte table says what the
// comparisons it replaced said.
func TestIdentByteEquiv(t *testing.T) {
	for c := range 256 {
		b := byte(c)
		start := b == '_' || b == '$' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
		part := start || b >= '0' && b <= '9'
		if isIdentStart(b) != start || isIdentPart(b) != part {
			t.Fatalf("byte %#x: start %v part %v, want %v %v", b, isIdentStart(b), isIdentPart(b), start, part)
		}
	}
}
