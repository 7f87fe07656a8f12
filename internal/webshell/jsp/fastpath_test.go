package jsp

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
)

// TestIsKeyword holds isKeyword to the keywords map it stands for.
func TestIsKeyword(t *testing.T) {
	words := []string{"", "a", "Int", "intx", "in", "nul", "nulls", "String", "request", "synchronize"}
	for k := range keywords {
		words = append(words, k, k[:len(k)-1], k+"s")
	}
	r := rand.New(rand.NewSource(1))
	for range 10000 {
		b := make([]byte, r.Intn(13))
		for i := range b {
			b[i] = byte('a' + r.Intn(26))
		}
		words = append(words, string(b))
	}
	for _, w := range words {
		if isKeyword(w) != keywords[w] {
			t.Errorf("isKeyword(%q) = %v", w, isKeyword(w))
		}
	}
}

// TestIsPrimitive holds isPrimitive to the primitives map.
func TestIsPrimitive(t *testing.T) {
	for _, w := range []string{"", "int", "Int", "integer", "in", "void", "boolean", "bool", "String", "long", "double", "char", "chars"} {
		if isPrimitive(w) != primitives[w] {
			t.Errorf("isPrimitive(%q) = %v", w, isPrimitive(w))
		}
	}
	for k := range primitives {
		if !isPrimitive(k) {
			t.Errorf("isPrimitive(%q) = false", k)
		}
	}
}

// TestTypEquiv holds typ to typRef, the builder-only version it
// replaced, on generated type expressions.
func TestTypEquiv(t *testing.T) {
	parts := []string{"int", "String", "java", ".", "util", "List", "<", ">", "[", "]", "...", "@", "Override", ",", "?", "extends", "x", "1", "(", ")", "void", "Map", "a"}
	r := rand.New(rand.NewSource(2))
	for range 20000 {
		var src []byte
		for i := r.Intn(8); i >= 0; i-- {
			src = append(src, parts[r.Intn(len(parts))]...)
			src = append(src, ' ')
		}
		var st lexStats
		toks := lex(&segment{code: string(src)}, nil, &st)
		p1, p2 := &parser{t: toks}, &parser{t: toks}
		s1, ok1 := p1.typ()
		s2, ok2 := p2.typRef()
		if s1 != s2 || ok1 != ok2 || p1.p != p2.p {
			t.Fatalf("%q: typ %q %v at %d, typRef %q %v at %d", src, s1, ok1, p1.p, s2, ok2, p2.p)
		}
	}
}

// typRef is typ as it was, building every type in a strings.Builder.
func (ps *parser) typRef() (string, bool) {
	save := ps.p
	ps.annotations()
	t := ps.cur()
	var b strings.Builder
	switch {
	case t.kind == tIdent && primitives[t.text]:
		b.WriteString(t.text)
		ps.p++
	case isName(t):
		for {
			b.WriteString(ps.cur().text)
			ps.p++
			if ps.isOp("<") && !ps.typeArgs() {
				ps.p = save
				return "", false
			}
			if ps.isOp(".") && isName(ps.at(1)) {
				b.WriteByte('.')
				ps.p++
				continue
			}
			break
		}
	default:
		ps.p = save
		return "", false
	}
	for {
		ps.annotations()
		if ps.isOp("[") && ps.isOpAt(1, "]") {
			b.WriteString("[]")
			ps.p += 2
			continue
		}
		if ps.isOp("...") {
			b.WriteString("[]")
			ps.p++
		}
		break
	}
	return b.String(), true
}

// TestStringMarkerEquiv holds stringMarker to stringMarkerRef, the
// lower-casing version it replaced.
func TestStringMarkerEquiv(t *testing.T) {
	parts := []string{"JspSpy", "jspspy", "JSP File Browser", "jsp file browser", "X-CMD", "X-TARGET", "x-cmd",
		"org.apache.catalina.core.StandardContext", "FilterDef", "filterdef", "FILTERDEF", "jsp", "spy", "fi", " ",
		"\u212a", "\u0130", "\xff", "\xc4\xb0", "j", "o", "f", "abc", "\xe2\x84\xaa"}
	r := rand.New(rand.NewSource(3))
	for range 50000 {
		var b strings.Builder
		for i := r.Intn(6); i >= 0; i-- {
			b.WriteString(parts[r.Intn(len(parts))])
		}
		s := b.String()
		if r.Intn(20) == 0 {
			s = strings.Repeat(s, 30)
		}
		a1, a2 := &analysis{}, &analysis{}
		a1.stringMarker(s, 7)
		a2.stringMarkerRef(s, 7)
		if a1.tr.spy != a2.tr.spy || a1.tr.regeorg != a2.tr.regeorg || a1.tr.browser != a2.tr.browser || a1.tr.runtimeCtx != a2.tr.runtimeCtx {
			t.Fatalf("%q: differ", s)
		}
	}
}

func (a *analysis) stringMarkerRef(s string, line int32) {
	if len(s) > 256 {
		return
	}
	if len(s) < len("jspspy") {
		// Too short for the other markers; most literals are.
		if s == "X-CMD" {
			a.tr.regeorg = line
		}
		return
	}
	// containsFold on each marker, with s lower-cased once: string
	// literals are many, and lower-casing one allocates.
	low := strings.ToLower(s)
	switch {
	case strings.Contains(low, "jspspy"):
		a.tr.spy = line
	case s == "X-CMD" || s == "X-TARGET":
		a.tr.regeorg = line
	case strings.Contains(low, "jsp file browser"):
		a.tr.browser = line
	case strings.Contains(low, "org.apache.catalina.core.standardcontext") || strings.Contains(low, "filterdef"):
		a.tr.runtimeCtx = true
	}
}

// TestLineStartEquiv holds lineStart to lineStartRef, which counts the
// line breaks from the start of the page (lineStart walked them from
// the nearest offset whose line lineOf had counted).
func TestLineStartEquiv(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	for range 2000 {
		var b strings.Builder
		for i := r.Intn(30); i >= 0; i-- {
			b.WriteString(strings.Repeat("x", r.Intn(5)))
			if r.Intn(3) > 0 {
				b.WriteByte('\n')
			}
		}
		p := &page{text: []byte(b.String()), curLine: 1}
		for line := -1; line < 40; line++ {
			if got, want := p.lineStart(line), lineStartRef(p.text, line); got != want {
				t.Fatalf("%q line %d: got %d, want %d", p.text, line, got, want)
			}
		}
	}
}

func lineStartRef(text []byte, line int) int {
	if line < 1 {
		return -1
	}
	for off, l := 0, 1; ; l++ {
		if l == line {
			return off
		}
		i := bytes.IndexByte(text[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
}
