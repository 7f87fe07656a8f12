package sigma

import (
	"strings"
	"unicode/utf8"
)

// A Sigma string value is a sequence of literal text and the two
// wildcards. It is kept structured (rather than as a pattern string) so
// that modifiers such as base64 or wide can transform the literal parts
// and refuse to transform wildcards, as the specification requires.
type spart struct {
	kind byte // 0: literal, '*': any run, '?': one character
	lit  string
}

type sstr []spart

// parseSigmaString splits a rule value into literals and wildcards. A
// backslash escapes '*', '?' and '\'; before any other character it is a
// literal backslash, so Windows paths like C:\Windows need no doubling
// (this is pySigma's reading of the specification).
func parseSigmaString(s string) sstr {
	var out sstr
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, spart{lit: b.String()})
			b.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\':
			if i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '?' || s[i+1] == '\\') {
				b.WriteByte(s[i+1])
				i++
			} else {
				b.WriteByte('\\')
			}
		case '*', '?':
			flush()
			out = append(out, spart{kind: c})
		default:
			b.WriteByte(c)
		}
	}
	flush()
	return out
}

// literal wraps plain text (no wildcard interpretation).
func literal(s string) sstr {
	if s == "" {
		return nil
	}
	return sstr{{lit: s}}
}

// plain returns the text of a value without wildcards.
func (v sstr) plain() (string, bool) {
	var b strings.Builder
	for _, p := range v {
		if p.kind != 0 {
			return "", false
		}
		b.WriteString(p.lit)
	}
	return b.String(), true
}

func (v sstr) startsWithStar() bool { return len(v) > 0 && v[0].kind == '*' }
func (v sstr) endsWithStar() bool   { return len(v) > 0 && v[len(v)-1].kind == '*' }

// withStars returns v with a leading and/or trailing '*' added unless
// already there (contains, startswith, endswith).
func (v sstr) withStars(lead, trail bool) sstr {
	out := make(sstr, 0, len(v)+2)
	if lead && !v.startsWithStar() {
		out = append(out, spart{kind: '*'})
	}
	out = append(out, v...)
	if trail && !v.endsWithStar() {
		out = append(out, spart{kind: '*'})
	}
	return out
}

// mapLiterals applies f to every literal part.
func (v sstr) mapLiterals(f func(string) string) sstr {
	out := make(sstr, len(v))
	for i, p := range v {
		if p.kind == 0 {
			p.lit = f(p.lit)
		}
		out[i] = p
	}
	return out
}

// Shapes a compiled string pattern can take; the first five avoid the
// general glob loop, and they cover nearly every real rule value.
const (
	shapeExact = iota
	shapePrefix
	shapeSuffix
	shapeContains
	shapeAny
	shapeGlob
)

// strMatcher is a compiled Sigma string. With fold set, lit and toks
// hold lower-cased text and the subject is compared ASCII-case-folded.
// When the pattern itself has non-ASCII text, a subject with non-ASCII
// bytes is lower-cased first (allocates, but only on that path), so
// "ÄRGER" matches "ärger". An ASCII pattern skips that scan of the
// subject: it could only matter for the few non-ASCII runes whose lower
// case is ASCII (the Kelvin sign), and skipping it keeps matching free
// of allocation and of a second pass over every field.
type strMatcher struct {
	shape   int
	fold    bool
	unicode bool // fold and the pattern has non-ASCII text
	lit     string
	toks    sstr
	// pairs are the pairs of adjacent bytes of lit, for a |contains
	// pattern of a fieldItem with only such strings (see prepare and
	// evalCtx); nil when not computed.
	pairs []uint16
}

func compileStr(v sstr, fold bool) *strMatcher {
	// Merge adjacent stars and literals so the shape test below sees the
	// canonical form.
	var toks sstr
	for _, p := range v {
		if p.kind == 0 && fold {
			p.lit = strings.ToLower(p.lit)
		}
		if n := len(toks); n > 0 {
			last := &toks[n-1]
			if p.kind == '*' && last.kind == '*' {
				continue
			}
			if p.kind == 0 && last.kind == 0 {
				last.lit += p.lit
				continue
			}
		}
		toks = append(toks, p)
	}
	m := &strMatcher{fold: fold, toks: toks, shape: shapeGlob}
	for _, t := range toks {
		if fold && !isASCII(t.lit) {
			m.unicode = true
		}
	}
	switch {
	case len(toks) == 0:
		m.shape = shapeExact
	case len(toks) == 1 && toks[0].kind == 0:
		m.shape, m.lit = shapeExact, toks[0].lit
	case len(toks) == 1 && toks[0].kind == '*':
		m.shape = shapeAny
	case len(toks) == 2 && toks[0].kind == 0 && toks[1].kind == '*':
		m.shape, m.lit = shapePrefix, toks[0].lit
	case len(toks) == 2 && toks[0].kind == '*' && toks[1].kind == 0:
		m.shape, m.lit = shapeSuffix, toks[1].lit
	case len(toks) == 3 && toks[0].kind == '*' && toks[1].kind == 0 && toks[2].kind == '*':
		m.shape, m.lit = shapeContains, toks[1].lit
	}
	return m
}

func (m *strMatcher) match(s string) bool {
	if m.shape == shapeAny {
		return true
	}
	if !m.fold {
		return m.matchLower(s)
	}
	if m.unicode && !isASCII(s) {
		s = strings.ToLower(s)
	}
	switch m.shape {
	case shapeExact:
		return len(s) == len(m.lit) && hasPrefixFold(s, m.lit)
	case shapePrefix:
		return hasPrefixFold(s, m.lit)
	case shapeSuffix:
		return len(s) >= len(m.lit) && hasPrefixFold(s[len(s)-len(m.lit):], m.lit)
	case shapeContains:
		return indexFold(s, m.lit) >= 0
	}
	return globMatch(m.toks, s, true)
}

// matchLower matches without folding: for a pattern that does not fold,
// and for a folding, ASCII pattern on a subject without upper-case ASCII
// letters, which folding would leave as they are.
func (m *strMatcher) matchLower(s string) bool {
	switch m.shape {
	case shapeAny:
		return true
	case shapeExact:
		return s == m.lit
	case shapePrefix:
		return strings.HasPrefix(s, m.lit)
	case shapeSuffix:
		return strings.HasSuffix(s, m.lit)
	case shapeContains:
		return strings.Contains(s, m.lit)
	}
	return globMatch(m.toks, s, false)
}

// hasUpperASCII reports whether s has a letter A-Z. Rules test the same
// field many times, so it goes a word at a time.
func hasUpperASCII(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		// "has a byte between m and n" (exclusive), here 'A'-1 and 'Z'+1
		const ones, low7 = 0x0101010101010101, 0x7f7f7f7f7f7f7f7f
		t := x & low7
		if (ones*(127+'Z'+1)-t)&^x&(t+ones*(127-('A'-1)))&(ones*0x80) != 0 {
			return true
		}
	}
	for ; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFold reports whether s starts with p, where p is already
// lower case and s is compared with ASCII letters folded.
func hasPrefixFold(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if lowerASCII(s[i]) != p[i] {
			return false
		}
	}
	return true
}

// indexFold is strings.Index with ASCII case folding; p is lower case.
// Candidate positions come from strings.IndexByte (vectorised) for the
// first byte in each case, each cached until passed, so the scan stays
// linear.
func indexFold(s, p string) int {
	n := len(p)
	if n == 0 {
		return 0
	}
	lim := len(s) - n + 1
	if lim <= 0 {
		return -1
	}
	c0 := p[0]
	if c0 < 'a' || c0 > 'z' {
		for i := 0; i < lim; i++ {
			j := strings.IndexByte(s[i:lim], c0)
			if j < 0 {
				return -1
			}
			i += j
			if hasPrefixFold(s[i+1:], p[1:]) {
				return i
			}
		}
		return -1
	}
	c1 := c0 - ('a' - 'A')
	lo, up := -2, -2 // next position of c0 / c1 at or after i; -1: none
	for i := 0; i < lim; {
		if lo != -1 && lo < i {
			if j := strings.IndexByte(s[i:lim], c0); j < 0 {
				lo = -1
			} else {
				lo = i + j
			}
		}
		if up != -1 && up < i {
			if j := strings.IndexByte(s[i:lim], c1); j < 0 {
				up = -1
			} else {
				up = i + j
			}
		}
		next := lo
		if next < 0 || (up >= 0 && up < next) {
			next = up
		}
		if next < 0 {
			return -1
		}
		if hasPrefixFold(s[next+1:], p[1:]) {
			return next
		}
		i = next + 1
	}
	return -1
}

// globMatch matches s against literal/'*'/'?' tokens: the classic greedy
// algorithm that backtracks only to the most recent '*', linear in
// practice and O(len(s)*len(toks)) at worst, with no recursion.
func globMatch(toks sstr, s string, fold bool) bool {
	ti, si := 0, 0
	starT, starS := -1, 0
	for {
		if ti < len(toks) {
			t := toks[ti]
			switch t.kind {
			case '*':
				starT, starS = ti, si
				ti++
				continue
			case '?':
				if si < len(s) {
					_, n := utf8.DecodeRuneInString(s[si:])
					si += n
					ti++
					continue
				}
			default:
				var ok bool
				if fold {
					ok = hasPrefixFold(s[si:], t.lit)
				} else {
					ok = strings.HasPrefix(s[si:], t.lit)
				}
				if ok {
					si += len(t.lit)
					ti++
					continue
				}
			}
		} else if si == len(s) {
			return true
		}
		if starT < 0 || starS >= len(s) {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[starS:])
		starS += n
		ti, si = starT+1, starS
	}
}
