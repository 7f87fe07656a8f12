package php

import (
	"regexp"
	"strings"
)

// Bounds of preg_replace's evaluation: the text it is evaluated on (and
// what each replacement may make of it), and the matches per pattern.
const (
	maxPregSubject = 1 << 20
	maxPregMatches = 1 << 16
)

// listOf returns the constant strings of v: its one value, or the
// elements of a constant array in order; nil when any is unknown.
func listOf(v *value) []string {
	if v.known() && v.elems == nil {
		return v.strs[:1]
	}
	if v.elems == nil || len(v.keys) != len(v.elems) || len(v.keys) == 0 {
		return nil
	}
	out := make([]string, 0, len(v.keys))
	for _, k := range v.keys {
		el := v.elems[k]
		if !el.known() {
			return nil
		}
		out = append(out, el.strs[0])
	}
	return out
}

// pregReplace evaluates preg_replace on constants, for the patterns Go's
// regexp package reads the same way as PCRE (obfuscators strip marker
// strings from a payload with them). Patterns with the e modifier, or
// that do not translate, are not evaluated (ok false).
func pregReplace(pats, reps []string, subject string) (string, bool) {
	if len(subject) > maxPregSubject || len(pats) > 64 {
		return "", false
	}
	for i, p := range pats {
		re, ok := pcre(p)
		if !ok {
			return "", false
		}
		rep := ""
		switch {
		case len(reps) == 1 && len(pats) > 1 && len(reps) != len(pats):
			rep = reps[0] // one replacement for every pattern
		case i < len(reps):
			rep = reps[i]
		}
		if len(rep) > maxPregSubject || strings.Count(rep, "$")+strings.Count(rep, "\\") > 8 {
			return "", false // each group reference may copy the whole text
		}
		// Each match adds the replacement once: bound the count, then
		// the size.
		if n := len(re.FindAllStringIndex(subject, maxPregMatches+1)); n > maxPregMatches ||
			len(subject)+n*(len(rep)+1)*4 > 4*maxPregSubject {
			return "", false
		}
		subject = re.ReplaceAllString(subject, goTemplate(rep))
		if len(subject) > maxPregSubject {
			return "", false
		}
	}
	return subject, true
}

// splitPattern splits a delimited PCRE pattern ("/x/i", "{x}e") into
// its body and modifiers; strict also refuses the delimiters PHP
// refuses (letters, digits, backslash).
func splitPattern(p string, strict bool) (body, mods string, ok bool) {
	p = strings.TrimLeft(p, " \t\r\n")
	if len(p) < 2 {
		return "", "", false
	}
	d := p[0]
	switch d {
	case '(':
		d = ')'
	case '{':
		d = '}'
	case '[':
		d = ']'
	case '<':
		d = '>'
	default:
		if strict && (d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z' || d >= '0' && d <= '9' || d == '\\') {
			return "", "", false
		}
	}
	end := strings.LastIndexByte(p, d)
	if end <= 0 {
		return "", "", false
	}
	return p[1:end], p[end+1:], true
}

// pcre translates a delimited PCRE pattern with its modifiers.
func pcre(p string) (*regexp.Regexp, bool) {
	body, mods, ok := splitPattern(p, true)
	if !ok {
		return nil, false
	}
	flags := ""
	for _, m := range mods {
		switch m {
		case 'i', 'm', 's':
			flags += string(m)
		case 'U':
			flags += "U"
		case 'u', 'D', 'S':
		case 'x':
			return nil, false // extended syntax: Go reads whitespace differently
		default:
			return nil, false // e and unknown modifiers
		}
	}
	if flags != "" {
		body = "(?" + flags + ")" + body
	}
	re, err := regexp.Compile(body)
	if err != nil {
		return nil, false
	}
	return re, true
}

// goTemplate turns a PHP replacement ($1, \1, ${1}) into Go's syntax,
// escaping the other dollars.
func goTemplate(r string) string {
	if !strings.ContainsAny(r, "$\\") {
		return r
	}
	var b strings.Builder
	for i := 0; i < len(r); i++ {
		c := r[i]
		if (c == '$' || c == '\\') && i+1 < len(r) && r[i+1] >= '0' && r[i+1] <= '9' {
			j := i + 1
			for j < len(r) && j < i+3 && r[j] >= '0' && r[j] <= '9' {
				j++
			}
			b.WriteString("${" + r[i+1:j] + "}")
			i = j - 1
			continue
		}
		if c == '$' && i+1 < len(r) && r[i+1] == '{' {
			if k := strings.IndexByte(r[i:], '}'); k > 0 {
				b.WriteString(r[i : i+k+1])
				i += k
				continue
			}
		}
		if c == '$' {
			b.WriteString("$$")
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
