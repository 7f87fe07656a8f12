package jsp

import (
	"bytes"
	"strings"

	"github.com/yingji/yingji/internal/webshell/lang"
)

// A page may declare an encoding that changes what the JSP compiler
// reads: Jasper reads a page's prolog to find pageEncoding (or the XML
// declaration's encoding, which it also detects in EBCDIC), then decodes
// the whole file with it. Webshells use this to look like noise to
// tools that read the bytes as ASCII: an ASCII directive followed by a
// UTF-16 body, or a JSP document in EBCDIC (cp037).

// declaredEncoding returns the first encoding named by pageEncoding=,
// encoding= or charset= in head, upper-cased, or "".
func declaredEncoding(head []byte) string {
	low := []byte(asciiLower(string(head)))
	best, name := -1, ""
	for _, key := range []string{"encoding", "charset"} {
		for k := 0; ; {
			i := bytes.Index(low[k:], []byte(key))
			if i < 0 {
				break
			}
			i += k
			k = i + len(key)
			j := k
			for j < len(low) && (low[j] == ' ' || low[j] == '\t') {
				j++
			}
			if j >= len(low) || low[j] != '=' {
				continue
			}
			j++
			for j < len(low) && (low[j] == ' ' || low[j] == '\t' || low[j] == '"' || low[j] == '\'') {
				j++
			}
			e := j
			for e < len(low) && (low[e] >= 'a' && low[e] <= 'z' || low[e] >= '0' && low[e] <= '9' || low[e] == '-' || low[e] == '_') {
				e++
			}
			if e > j && (best < 0 || i < best) {
				best, name = i, string(head[j:e])
			}
			break
		}
	}
	return strings.ToUpper(name)
}

// altText returns the page decoded as its declaration says, when that
// differs from the default reading (toUTF8), or nil.
func altText(src []byte) []byte {
	if len(src) >= 4 && bytes.Equal(src[:4], []byte{0x4C, 0x6F, 0xA7, 0x94}) { // "<?xm" in EBCDIC
		return fromEBCDIC(src, ebcdicName(src))
	}
	enc := strings.ReplaceAll(declaredEncoding(src[:min(len(src), 2048)]), "_", "-")
	if enc == "" || enc == "UTF-8" || enc == "UTF8" {
		return nil
	}
	switch enc {
	case "UTF-16", "UTF-16BE", "UNICODEBIG", "UNICODEBIGUNMARKED", "UTF16", "UTF-16LE", "UNICODELITTLE", "UNICODELITTLEUNMARKED":
		if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
			return nil // the BOM already decides, as in toUTF8
		}
		le := strings.Contains(enc, "LE") || strings.Contains(enc, "LITTLE")
		if !le && !strings.Contains(enc, "BE") && !strings.Contains(enc, "BIG") && looksUTF16LE(src) {
			le = true
		}
		if looksUTF16(src) {
			return nil // toUTF8 detected it
		}
		return lang.FromUTF16(src, !le)
	case "CP037", "IBM037", "IBM-037", "EBCDIC-CP-US", "CP1140", "IBM01140", "CP1047", "IBM1047", "IBM-1047", "CP500", "IBM500", "IBM-500", "EBCDIC-CP-BE":
		return fromEBCDIC(src, enc)
	}
	return nil
}

func looksUTF16(b []byte) bool {
	return !bytes.Equal(toUTF8(b), b)
}

func looksUTF16LE(b []byte) bool {
	n := min(len(b)&^1, 512)
	var zeroOdd, zeroEven int
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			zeroEven++
		}
		if b[i+1] == 0 {
			zeroOdd++
		}
	}
	return zeroOdd > zeroEven
}

// ebcdicName reads the encoding name of an EBCDIC XML declaration.
func ebcdicName(src []byte) string {
	if enc := declaredEncoding(fromEBCDIC(src[:min(len(src), 200)], "CP037")); enc != "" {
		return enc
	}
	return "CP037"
}

// cp037 maps the code-relevant EBCDIC (code page 037) bytes to ASCII;
// other bytes become '?' (they matter only inside strings and comments).
var cp037 = func() [256]byte {
	var t [256]byte
	for i := range t {
		t[i] = '?'
	}
	set := func(b byte, s string) {
		for i := 0; i < len(s); i++ {
			t[int(b)+i] = s[i]
		}
	}
	t[0x00] = 0
	t[0x05] = '\t'
	t[0x0D] = '\r'
	t[0x15] = '\n'
	t[0x25] = '\n'
	t[0x40] = ' '
	set(0x4B, ".<(+|")
	t[0x50] = '&'
	set(0x5A, "!$*);")
	set(0x60, "-/")
	set(0x6B, ",%_>?")
	set(0x79, "`:#@'=\"")
	set(0x81, "abcdefghi")
	set(0x91, "jklmnopqr")
	t[0xA1] = '~'
	set(0xA2, "stuvwxyz")
	t[0xB0] = '^'
	t[0xBA] = '['
	t[0xBB] = ']'
	t[0xC0] = '{'
	set(0xC1, "ABCDEFGHI")
	t[0xD0] = '}'
	set(0xD1, "JKLMNOPQR")
	t[0xE0] = '\\'
	set(0xE2, "STUVWXYZ")
	set(0xF0, "0123456789")
	return t
}()

// fromEBCDIC decodes EBCDIC text; cp1047 and cp500 differ from cp037
// only in a few punctuation characters.
func fromEBCDIC(b []byte, enc string) []byte {
	t := cp037
	switch {
	case strings.Contains(enc, "1047"):
		t[0x5F], t[0xAD], t[0xBD], t[0xB0], t[0xBA], t[0xBB] = '^', '[', ']', '?', '?', '?'
	case strings.Contains(enc, "500") || strings.Contains(enc, "BE"):
		t[0x4A], t[0x5A], t[0x4F], t[0xBB], t[0x5F], t[0xB0], t[0xBA] = '[', ']', '!', '|', '^', '?', '?'
	}
	out := make([]byte, len(b))
	for i, c := range b {
		out[i] = t[c]
	}
	return out
}
