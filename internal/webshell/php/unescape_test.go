package php

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

// unescapeRef is unescape before it copied the text between escapes at
// once.
func unescapeRef(raw []byte, quote byte) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw)
	}
	b := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' || i+1 >= len(raw) {
			b = append(b, c)
			continue
		}
		n := raw[i+1]
		switch n {
		case 'n':
			b = append(b, '\n')
		case 't':
			b = append(b, '\t')
		case 'r':
			b = append(b, '\r')
		case 'v':
			b = append(b, '\v')
		case 'e':
			b = append(b, 0x1b)
		case 'f':
			b = append(b, '\f')
		case '\\', '$':
			b = append(b, n)
		case 'x':
			if i+2 < len(raw) && hexVal(raw[i+2]) >= 0 {
				v := hexVal(raw[i+2])
				j := i + 3
				if j < len(raw) && hexVal(raw[j]) >= 0 {
					v = v*16 + hexVal(raw[j])
					j++
				}
				b = append(b, byte(v))
				i = j - 1
				continue
			}
			b = append(b, '\\', 'x')
		case 'u':
			if i+2 < len(raw) && raw[i+2] == '{' {
				j := i + 3
				v := 0
				for j < len(raw) && hexVal(raw[j]) >= 0 && v <= utf8.MaxRune {
					v = v*16 + hexVal(raw[j])
					j++
				}
				if j < len(raw) && raw[j] == '}' && j > i+3 && v <= utf8.MaxRune {
					b = utf8.AppendRune(b, rune(v))
					i = j
					continue
				}
			}
			b = append(b, '\\', 'u') // PHP: a fatal error for "\u{" forms; keep text
		default:
			if n >= '0' && n <= '7' {
				v := 0
				j := i + 1
				for j < len(raw) && j < i+4 && raw[j] >= '0' && raw[j] <= '7' {
					v = v*8 + int(raw[j]-'0')
					j++
				}
				b = append(b, byte(v)) // PHP wraps values over 0377
				i = j - 1
				continue
			}
			if quote != 0 && n == quote {
				b = append(b, n)
			} else {
				b = append(b, '\\', n)
			}
		}
		i++
	}
	return string(b)
}

// TestUnescapeEquivalent compares unescape with the reference on strings
// made of escapes, their parts and plain text, for each kind of quote.
func TestUnescapeEquivalent(t *testing.T) {
	parts := []string{"", "a", "abc", "\\", "\\\\", "\\n", "\\t", "\\r", "\\v", "\\e", "\\f", "\\$", "\\x", "\\x4", "\\x41",
		"\\x4g", "\\u", "\\u{", "\\u{41}", "\\u{}", "\\u{110000}", "\\u{41", "\\0", "\\07", "\\101", "\\777", "\\8", "\\\"",
		"\\'", "\\`", "\"", "'", "`", "x", "\xff", "é", "$v", "{"}
	rng := rand.New(rand.NewSource(1))
	check := func(s string) {
		for _, q := range []byte{0, '"', '`'} {
			if got, want := unescape([]byte(s), q), unescapeRef([]byte(s), q); got != want {
				t.Fatalf("unescape(%q, %q) = %q, want %q", s, q, got, want)
			}
		}
	}
	for _, p := range parts {
		for _, q := range parts {
			check(p + q)
		}
	}
	for range 100000 {
		var b strings.Builder
		for range rng.Intn(8) {
			b.WriteString(parts[rng.Intn(len(parts))])
		}
		check(b.String())
	}
	check(strings.Repeat("plain text ", 1000) + "\\x41" + strings.Repeat("z", 100))
}
