package yara

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/yingji/yingji/internal/yara/re"
)

// CheckRegexp validates a regular expression body as yara's compiler
// does; pass it as Options.CheckRegexp.
func CheckRegexp(body, flags string) error {
	ast, err := re.Parse(body)
	if err != nil {
		return err
	}
	_, err = re.Compile(ast, regexpFlags(flags))
	return err
}

// regexpFlags converts a regexp's trailing flags ("i", "s").
func regexpFlags(flags string) re.Flags {
	var f re.Flags
	if strings.Contains(flags, "i") {
		f |= re.NoCase
	}
	if strings.Contains(flags, "s") {
		f |= re.DotAll
	}
	return f
}

// variant is one concrete pattern a string declaration is searched as:
// text strings expand to their ascii and wide forms, every xor key and the
// base64 encodings; regexps to their ascii and wide forms.
type variant struct {
	prog *re.Prog
	// wide says the fullword check looks at UTF-16 neighbours.
	wide bool
}

// stringVariants expands a declaration into its patterns.
func stringVariants(s *String) ([]variant, error) {
	m := s.Modifiers
	switch s.Kind {
	case HexStringKind:
		ast, err := re.ParseHex(stripHexComments(s.HexSource))
		if err != nil {
			return nil, err
		}
		p, err := re.Compile(ast, 0)
		if err != nil {
			return nil, err
		}
		return []variant{{prog: p}}, nil
	case RegexpStringKind:
		ast, err := re.Parse(s.Regexp)
		if err != nil {
			return nil, err
		}
		f := regexpFlags(s.RegexpFlags)
		if m.Nocase {
			f |= re.NoCase
		}
		var out []variant
		if m.ASCII || !m.Wide {
			p, err := re.Compile(ast, f)
			if err != nil {
				return nil, err
			}
			out = append(out, variant{prog: p})
		}
		if m.Wide {
			p, err := re.Compile(ast, f|re.Wide)
			if err != nil {
				return nil, err
			}
			out = append(out, variant{prog: p, wide: true})
		}
		return out, nil
	}
	// Text string.
	type plain struct {
		b    []byte
		wide bool
	}
	var plains []plain
	if m.ASCII || !m.Wide {
		plains = append(plains, plain{s.Text, false})
	}
	if m.Wide {
		plains = append(plains, plain{widen(s.Text), true})
	}
	var f re.Flags
	if m.Nocase {
		f |= re.NoCase
	}
	var out []variant
	add := func(b []byte, wide bool) {
		out = append(out, variant{prog: re.Literal(b, f), wide: wide})
	}
	if m.Base64 || m.Base64Wide {
		alphabet := m.Base64Alphabet
		if alphabet == "" {
			alphabet = defaultBase64Alphabet
		}
		enc := base64.NewEncoding(alphabet).WithPadding(base64.NoPadding)
		// A short text can give the same substring for two paddings.
		seen := map[string]bool{}
		for _, p := range plains {
			for _, sub := range base64Substrings(p.b, enc) {
				if seen[string(sub)] {
					continue
				}
				seen[string(sub)] = true
				if m.Base64 {
					add(sub, false)
				}
				if m.Base64Wide {
					add(widen(sub), true)
				}
			}
		}
		return out, nil
	}
	for _, p := range plains {
		if !m.Xor {
			add(p.b, p.wide)
			continue
		}
		for k := m.XorMin; k <= m.XorMax; k++ {
			b := make([]byte, len(p.b))
			for i, c := range p.b {
				b[i] = c ^ byte(k)
			}
			add(b, p.wide)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("string %s has no form to search", s.ID)
	}
	return out, nil
}

// widen interleaves zero bytes, as yara's wide modifier does (UTF-16LE of
// ASCII text).
func widen(b []byte) []byte {
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i] = c
	}
	return out
}

// base64Substrings returns what yara searches for a base64 string: the
// encodings of the text preceded by zero, one and two bytes, less the
// characters that depend on those unknown leading bytes (0, 2 and 3) and
// on the unknown bytes that follow (the last character of a partial
// group).
func base64Substrings(text []byte, enc *base64.Encoding) [][]byte {
	var out [][]byte
	for pad := 0; pad <= 2; pad++ {
		in := make([]byte, pad+len(text))
		copy(in[pad:], text)
		e := []byte(enc.EncodeToString(in))
		lead := [...]int{0, 2, 3}[pad]
		trail := 0
		if (pad+len(text))%3 != 0 {
			trail = 1
		}
		if len(e)-trail <= lead {
			continue
		}
		out = append(out, e[lead:len(e)-trail])
	}
	return out
}

// isAlnum is C's isalnum in the C locale, which yara's fullword uses.
func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// fullwordOK applies yara's fullword check to a match: the neighbouring
// characters (UTF-16 ones for wide forms) must not be alphanumeric.
func fullwordOK(data []byte, off, n int, wide bool) bool {
	if wide {
		if off >= 2 && data[off-1] == 0 && isAlnum(data[off-2]) {
			return false
		}
		if off+n+1 < len(data) && data[off+n+1] == 0 && isAlnum(data[off+n]) {
			return false
		}
		return true
	}
	if off >= 1 && isAlnum(data[off-1]) {
		return false
	}
	if off+n < len(data) && isAlnum(data[off+n]) {
		return false
	}
	return true
}

// stripHexComments removes the comments a hex string may hold (the rule
// lexer accepts "//" and "/* */" between its bytes); a comment counts as
// a space.
func stripHexComments(src string) string {
	if !strings.Contains(src, "/") {
		return src
	}
	var b strings.Builder
	for i := 0; i < len(src); i++ {
		switch {
		case strings.HasPrefix(src[i:], "//"):
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				return b.String()
			}
			i += j - 1
			b.WriteByte(' ')
		case strings.HasPrefix(src[i:], "/*"):
			j := strings.Index(src[i+2:], "*/")
			if j < 0 {
				return b.String()
			}
			i += j + 3
			b.WriteByte(' ')
		default:
			b.WriteByte(src[i])
		}
	}
	return b.String()
}
