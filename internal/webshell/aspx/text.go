package aspx

import (
	"sort"
	"unicode/utf8"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// maxInput bounds the part of a file that is analysed. Real shells,
// ASPXSpy included, are far smaller; a larger file is analysed over its
// beginning.
const maxInput = 4 << 20

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

func newLines(text []byte) lines { return verdict.LineStarts(text) }

func (ls lines) at(off int) int {
	return sort.SearchInts(ls, off+1)
}
