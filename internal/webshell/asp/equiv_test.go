package asp

import (
	"bytes"
	"math/rand"
	"reflect"
	"strings"
	"testing"
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
