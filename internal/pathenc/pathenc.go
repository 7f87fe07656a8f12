// Package pathenc turns file names from a target into text that survives JSON,
// body files, terminals and archive member names, and back, without loss.
//
// Linux file names are byte strings: an attacker can name a file with invalid
// UTF-8, a newline, a '|' (the body file separator) or a right-to-left override
// that makes "gpj.exe" display as "exe.jpg". JSON would silently replace invalid
// bytes with U+FFFD and lose the real name. We percent-encode every such byte
// (and '%' itself), so the encoding is reversible byte for byte and ordinary
// names, including Chinese ones, stay readable.
package pathenc

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// Escape encodes a name for text output: control characters, DEL, invalid
// UTF-8, bidirectional-override and zero-width characters, '%' and '|' become
// %XX for each of their bytes.
func Escape(name string) string { return escape(name, "%|") }

// Member encodes a name for use as an archive member name that common unzip
// tools, including Windows ones, extract as written: in addition to what Escape
// encodes, it encodes the characters Windows forbids in names.
func Member(name string) string { return escape(name, "%|\\:*?\"<>") }

// Display makes text from a target safe to print on a terminal: control
// characters, invalid UTF-8 and bidi or zero-width characters are encoded,
// everything else (including '|' and '%') is kept. Unlike Escape it is not
// reversible; it is for people, not for names that are read back.
func Display(text string) string { return escape(text, "") }

// EscapeWith is Escape that also encodes each ASCII character in extra, for
// formats with separators of their own.
func EscapeWith(name, extra string) string { return escape(name, "%|"+extra) }

func escape(s, extra string) string {
	if !needsEscape(s, extra) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n <= 1) || unsafeRune(r) || (r < utf8.RuneSelf && strings.IndexByte(extra, byte(r)) >= 0) {
			for _, c := range []byte(s[i : i+n]) {
				b.WriteByte('%')
				b.WriteByte(hexdig[c>>4])
				b.WriteByte(hexdig[c&15])
			}
			i += n
			continue
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

const hexdig = "0123456789ABCDEF"

func needsEscape(s, extra string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || strings.IndexByte(extra, c) >= 0 {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n <= 1) || unsafeRune(r) {
			return true
		}
		i += n
	}
	return false
}

// unsafeRune reports runes that change how surrounding text is displayed.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0: // C0, DEL, C1 controls
		return true
	case r >= 0x200b && r <= 0x200f: // zero-width and LRM/RLM
		return true
	case r >= 0x202a && r <= 0x202e: // bidi embeddings and overrides
		return true
	case r >= 0x2066 && r <= 0x2069: // bidi isolates
		return true
	case r == 0xfeff: // zero-width no-break space (BOM)
		return true
	}
	return false
}

// ErrBadEscape is returned by Unescape for a '%' not followed by two hex digits.
var ErrBadEscape = errors.New("pathenc: malformed %XX escape")

// Unescape reverses Escape and Member.
func Unescape(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 {
		return s, nil
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b = append(b, s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", ErrBadEscape
		}
		h, ok1 := unhex(s[i+1])
		l, ok2 := unhex(s[i+2])
		if !ok1 || !ok2 {
			return "", ErrBadEscape
		}
		b = append(b, h<<4|l)
		i += 2
	}
	return string(b), nil
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
