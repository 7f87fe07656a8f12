package aspx

import (
	"bytes"
	"sort"
	"unicode/utf16"
	"unicode/utf8"
)

// maxInput bounds the part of a file that is analysed. Real shells,
// ASPXSpy included, are far smaller; a larger file is analysed over its
// beginning.
const maxInput = 4 << 20

// decodeText returns src as text with original line breaks: a UTF-8 BOM is
// dropped, UTF-16 (with a BOM, or recognised by its NUL pattern) is
// converted to UTF-8. Other encodings (GBK, Big5, Latin-1) are kept as
// bytes; their code is ASCII and the lexers step over double-byte
// characters (see text.legacy). enc names what was found, "" for UTF-8.
func decodeText(src []byte) (text []byte, enc string) {
	switch {
	case bytes.HasPrefix(src, []byte{0xEF, 0xBB, 0xBF}):
		return src[3:], "UTF-8 BOM"
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}):
		return fromUTF16(src[2:], false), "UTF-16LE"
	case bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		return fromUTF16(src[2:], true), "UTF-16BE"
	}
	if len(src) >= 8 {
		n := min(len(src)&^1, 512)
		var zeroOdd, zeroEven int
		for i := 0; i < n; i += 2 {
			if src[i] == 0 {
				zeroEven++
			}
			if src[i+1] == 0 {
				zeroOdd++
			}
		}
		half := n / 2
		if zeroOdd*10 >= half*8 && zeroEven*10 < half {
			return fromUTF16(src, false), "UTF-16LE"
		}
		if zeroEven*10 >= half*8 && zeroOdd*10 < half {
			return fromUTF16(src, true), "UTF-16BE"
		}
	}
	return src, ""
}

func fromUTF16(b []byte, be bool) []byte {
	n := len(b) / 2
	u := make([]uint16, n)
	for i := range u {
		if be {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			u[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return []byte(string(utf16.Decode(u)))
}

// legacyDBCS reports text that is not UTF-8 but reads as a double-byte
// legacy encoding (GBK, GB2312, Big5): a lead byte 0x81-0xFE followed by
// a trail byte 0x40-0xFE. In such text a trail byte may be '\\' (0x5C),
// which must not escape the closing quote of a string literal.
func legacyDBCS(text []byte) bool {
	if utf8.Valid(text) {
		return false
	}
	pairs, bad := 0, 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c < 0x80 {
			continue
		}
		if c >= 0x81 && c <= 0xFE && i+1 < len(text) && text[i+1] >= 0x40 && text[i+1] <= 0xFE && text[i+1] != 0x7F {
			pairs++
			i++
			continue
		}
		bad++
	}
	return pairs > 0 && bad*4 <= pairs
}

// lines maps byte offsets of the text to 1-based line numbers.
type lines []int // offsets of line starts

func newLines(text []byte) lines {
	ls := lines{0}
	for i, c := range text {
		if c == '\n' {
			ls = append(ls, i+1)
		}
	}
	return ls
}

func (ls lines) at(off int) int {
	return sort.SearchInts(ls, off+1)
}
