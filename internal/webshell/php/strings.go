package php

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// heredocStart lexes "<<<LABEL", "<<<\"LABEL\"" or "<<<'LABEL'" followed by
// a newline at p (tok is the token start including any b prefix).
func (l *Lexer) heredocStart(p int) (Kind, string, bool) {
	q := p + 3
	for l.at(q) == ' ' || l.at(q) == '\t' {
		q++
	}
	quote := l.at(q)
	if quote == '\'' || quote == '"' {
		q++
	} else {
		quote = 0
	}
	if !isLabelStart(l.at(q)) {
		return 0, "", false
	}
	e := l.label(q)
	label := string(l.src[q:e])
	if quote != 0 {
		if l.at(e) != quote {
			return 0, "", false
		}
		e++
	}
	switch l.at(e) {
	case '\n':
		e++
	case '\r':
		e++
		if l.at(e) == '\n' {
			e++
		}
	default:
		return 0, "", false
	}
	l.pos = e
	l.docs = append(l.docs, heredoc{label: label, nowdoc: quote == '\'', indent: l.findIndent(e, label)})
	l.cur = stHeredoc
	return StartHeredoc, label, true
}

// lineStart reports whether offset i begins a line.
func (l *Lexer) lineStart(i int) bool {
	if i == 0 || i > len(l.src) {
		return false
	}
	c := l.src[i-1]
	return c == '\n' || c == '\r' && l.at(i) != '\n'
}

// endMarker returns the end offset of a closing heredoc marker (PHP 7.3
// flexible syntax: optional indentation, label, then a non-label byte) at
// line start i, or 0.
func (l *Lexer) endMarker(i int, label string) int {
	for l.at(i) == ' ' || l.at(i) == '\t' {
		i++
	}
	if l.hasPrefix(i, label) && !isLabel(l.at(i+len(label))) {
		return i + len(label)
	}
	return 0
}

// findIndent pre-scans a heredoc body for its closing marker to learn the
// indentation PHP strips from each line. The scans share a global budget
// so that nested heredocs cannot make lexing quadratic; past it values
// simply keep their indentation.
func (l *Lexer) findIndent(i int, label string) int {
	for i < len(l.src) && l.budget > 0 {
		if e := l.endMarker(i, label); e > 0 {
			return e - i - len(label)
		}
		j := bytes.IndexByte(l.src[i:], '\n')
		if j < 0 {
			l.budget -= len(l.src) - i
			return 0
		}
		l.budget -= j + 1
		i += j + 1
	}
	return 0
}

func (l *Lexer) scanHeredoc() (Kind, string, bool) {
	s, p := l.src, l.pos
	if len(l.docs) == 0 { // cannot happen; keep the lexer total anyway
		l.cur = stScripting
		return l.scanScripting()
	}
	h := l.docs[len(l.docs)-1]
	if l.lineStart(p) {
		if q := l.endMarker(p, h.label); q > 0 {
			l.pos = q
			l.docs = l.docs[:len(l.docs)-1]
			l.cur = stScripting
			return EndHeredoc, h.label, true
		}
	}
	if !h.nowdoc {
		if k, v, ok := l.interpolation(p); ok {
			return k, v, k == Variable
		}
	}
	i, atEnd := p, false
	for i < len(s) {
		if i > p && l.lineStart(i) && l.endMarker(i, h.label) > 0 {
			atEnd = true
			break
		}
		c := s[i]
		if !h.nowdoc {
			if c == '\\' {
				if n := l.at(i + 1); n != '\n' && n != '\r' && i+1 < len(s) {
					i++
				}
				i++
				continue
			}
			if c == '$' && (isLabelStart(l.at(i+1)) || l.at(i+1) == '{') || c == '{' && l.at(i+1) == '$' {
				break
			}
		}
		i++
	}
	i = min(i, len(s))
	if i >= len(s) {
		l.errorf(p, "unterminated heredoc %q", h.label)
	}
	l.pos = i
	raw := s[p:i]
	if atEnd { // the newline before the closing marker is not content
		raw = bytes.TrimSuffix(raw, []byte("\n"))
		raw = bytes.TrimSuffix(raw, []byte("\r"))
	}
	raw = dedent(raw, h.indent, l.lineStart(p))
	if h.nowdoc {
		return EncapsedString, string(raw), true
	}
	return EncapsedString, unescape(raw, 0), true
}

// dedent removes up to n spaces/tabs at each line start of raw.
func dedent(raw []byte, n int, atStart bool) []byte {
	if n == 0 {
		return raw
	}
	out := make([]byte, 0, len(raw))
	start := atStart
	for i := 0; i < len(raw); i++ {
		if start {
			k := 0
			for k < n && i < len(raw) && (raw[i] == ' ' || raw[i] == '\t') {
				i++
				k++
			}
			start = false
			if i >= len(raw) {
				break
			}
		}
		c := raw[i]
		out = append(out, c)
		if c == '\n' || c == '\r' && (i+1 >= len(raw) || raw[i+1] != '\n') {
			start = true
		}
	}
	return out
}

// unescapeSingle decodes a single-quoted string body: only \' and \\.
func unescapeSingle(raw []byte) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw)
	}
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); i++ {
		if raw[i] == '\\' && i+1 < len(raw) && (raw[i+1] == '\'' || raw[i+1] == '\\') {
			i++
		}
		b.WriteByte(raw[i])
	}
	return b.String()
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c|0x20 >= 'a' && c|0x20 <= 'f':
		return int(c|0x20-'a') + 10
	}
	return -1
}

// unescape decodes the escape sequences of a double-quoted, backtick
// (quote is the delimiter) or heredoc (quote 0) string, as
// zend_scan_escape_string does. Unknown escapes stay verbatim; this is
// where obfuscated payloads like "\x65\x76\x61\x6c" become visible.
func unescape(raw []byte, quote byte) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw)
	}
	b := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			// The text up to the next backslash, at once.
			j := bytes.IndexByte(raw[i:], '\\')
			if j < 0 {
				j = len(raw) - i
			}
			b = append(b, raw[i:i+j]...)
			i += j - 1
			continue
		}
		if i+1 >= len(raw) {
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
