package asp

import (
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
)

// hiddenArg is a long constant handed to a function the analysis could
// not evaluate (undefined, or beyond the interpreter's budget).
type hiddenArg struct {
	text string
	fn   string
	line int
}

// minHidden is the shortest constant worth guessing a decoding for.
const minHidden = 24

// guessDecode tries the decodings webshells commonly apply to a payload
// (reversal, hex, %XX, character codes, base64), each optionally with a
// separator character turned into line breaks, and returns the first
// result that reads as code, with the name of the decoding.
func (a *analyzer) guessDecode(s string, js bool) (string, string) {
	// The same hidden constant reaches execution again at every call of
	// the code that runs it: guess once.
	key := guessKey{s, js}
	if r, ok := a.guessed[key]; ok {
		return r[0], r[1]
	}
	code, how := a.guessDecode1(s, js)
	if a.guessed == nil {
		a.guessed = map[guessKey][2]string{}
	}
	a.guessed[key] = [2]string{code, how}
	return code, how
}

// guessKey is a guessDecode question.
type guessKey struct {
	s  string
	js bool
}

func (a *analyzer) guessDecode1(s string, js bool) (string, string) {
	type cand struct{ name, text string }
	var cs []cand
	rev := a.in.sc.reverse(s)
	cs = append(cs, cand{"reversed", rev})
	if t := strings.TrimSpace(s); len(t)%2 == 0 && len(t) >= minHidden && strings.Trim(t, "0123456789abcdefABCDEF") == "" {
		if b, err := hex.DecodeString(t); err == nil {
			cs = append(cs, cand{"hex", string(b)}, cand{"reversed hex", a.in.sc.reverse(string(b))})
		}
	}
	if strings.Count(s, "%") >= 5 {
		cs = append(cs, cand{"%XX", jsUnescape(s)})
	}
	if codes := charCodes(s); codes != "" {
		cs = append(cs, cand{"character codes", codes})
	}
	if t := strings.TrimSpace(s); len(t) >= minHidden && strings.Trim(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n") == "" {
		if b, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(t)); err == nil {
			cs = append(cs, cand{"base64", string(b)})
		}
	}
	for _, c := range cs {
		if looksLikeScript(c.text, js) {
			return c.text, c.name
		}
		if sep := commonSeparator(c.text); sep != "" {
			t := strings.ReplaceAll(c.text, sep, "\r\n")
			if looksLikeScript(t, js) {
				return t, c.name + ", separator as line break"
			}
		}
	}
	return "", ""
}

// charCodes decodes a list of decimal character codes ("101,118,97,...").
func charCodes(s string) string {
	f := strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	if len(f) < 10 || len(f)*2 < len(s)/4 {
		return ""
	}
	var b strings.Builder
	for _, x := range f {
		n, err := strconv.Atoi(x)
		if err != nil || n <= 0 || n > 0xFFFF {
			return ""
		}
		if n < 128 {
			b.WriteByte(byte(n))
		} else {
			b.WriteRune(rune(n))
		}
	}
	return b.String()
}

// commonSeparator returns the most frequent non-ASCII character (two
// bytes) of a text with few line breaks, a separator decoders turn into
// vbCrLf.
func commonSeparator(s string) string {
	if strings.Count(s, "\n") > len(s)/200 {
		return ""
	}
	// A character is counted by its two bytes as one number, which
	// orders as the two-byte string does.
	count := map[uint16]int{}
	for i := 0; i+1 < len(s); i++ {
		if s[i] >= 0x81 {
			count[uint16(s[i])<<8|uint16(s[i+1])]++
			i++
		}
	}
	best, n := uint16(0), 0
	for k, c := range count {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	if n < 5 {
		return ""
	}
	return string([]byte{byte(best >> 8), byte(best)})
}

// looksLikeScript reports text whose words are mostly those of VBScript
// (or JScript) programs.
func looksLikeScript(s string, js bool) bool {
	if len(s) < 8 {
		return false
	}
	// Words are letters, digits and "_" (ASCII, case folded); they are
	// counted in place, the text may be a megabyte.
	var buf [16]byte
	n, words, l := 0, 0, 0
	flush := func() {
		if l > 0 {
			words++
			if l <= len(buf) && isScriptWord(buf[:l]) {
				n++
			}
		}
		l = 0
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 32
		}
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' {
			if l < len(buf) {
				buf[l] = c
			}
			l++
			continue
		}
		flush()
	}
	flush()
	return n >= 3 && n*12 >= words || n >= 2 && words <= 8
}

// isScriptWord reports the words of VBScript and JScript programs. A
// switch rather than a set: the text looked at may be a megabyte of
// words, and comparing by length first rejects most without hashing.
func isScriptWord(w []byte) bool {
	switch string(w) { // compared in place, not copied
	case "dim", "set", "if", "then", "end", "function", "sub",
		"response", "request", "server", "createobject", "execute", "eval", "write",
		"var", "return", "for", "next", "else", "call", "session", "form",
		"nothing", "on", "error", "resume", "true", "false", "new":
		return true
	}
	return false
}
