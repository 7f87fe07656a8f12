package php

import "strings"

// formNames calls fn with the names of the form controls (input, textarea
// and select tags) in the markup s, at most max of them: the value of the
// first of the attributes attrs ("name", "id") in each tag. It finds what
//
//	(?i)<(?:input|textarea|select)\b[^>]*?\b(?:name|id)\s*=\s*["']?([A-Za-z_][A-Za-z0-9_]*)
//
// finds with FindAllStringSubmatch(s, max) (with the alternation of attrs
// in their order), in one pass over s instead of a backtracking search per
// match, which made large pages of markup slow. Case is folded as the
// regexp folds it: ſ (U+017F) is an s and K (U+212A) a k.
func formNames(s string, attrs []string, max int, fn func(name string)) {
	found := 0
	for pos := 0; found < max; {
		i := strings.IndexByte(s[pos:], '<')
		if i < 0 {
			return
		}
		i += pos
		end, ok := formTagAt(s, i, attrs, fn)
		if !ok {
			pos = i + 1
			continue
		}
		found++
		pos = end
	}
}

// formTags are the tags of form controls.
var formTags = []string{"input", "textarea", "select"}

// formTagAt matches the pattern of formNames at s[i] (a '<'); on a match
// it calls fn with the name and returns the end of the match.
func formTagAt(s string, i int, attrs []string, fn func(name string)) (int, bool) {
	j := -1
	for _, tag := range formTags {
		if e, ok := foldAt(s, i+1, tag); ok {
			j = e
			break
		}
	}
	// \b after the tag's last letter: no word byte next.
	if j < 0 || j < len(s) && isWordByte(s[j]) {
		return 0, false
	}
	// [^>]*?: the first place before the tag's '>' where an attribute
	// follows a word boundary. The attributes begin with an ASCII letter,
	// which is never inside a multi-byte character.
	for k := j; k < len(s) && s[k] != '>'; k++ {
		if isWordByte(s[k-1]) {
			continue
		}
		for _, attr := range attrs {
			e, ok := foldAt(s, k, attr)
			if !ok {
				continue
			}
			if end, ok := attrValue(s, e, fn); ok {
				return end, true
			}
		}
	}
	return 0, false
}

// attrValue matches \s*=\s*["']?([A-Za-z_][A-Za-z0-9_]*) at s[i]; on a
// match it calls fn with the group and returns the end of the match.
func attrValue(s string, i int, fn func(name string)) (int, bool) {
	i = skipRegexpSpace(s, i)
	if i >= len(s) || s[i] != '=' {
		return 0, false
	}
	i = skipRegexpSpace(s, i+1)
	if i < len(s) && (s[i] == '"' || s[i] == '\'') {
		i++
	}
	start := i
	n := foldLetter(s, i)
	if n == 0 {
		return 0, false
	}
	for i += n; ; i += n {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			n = 1
			continue
		}
		if n = foldLetter(s, i); n == 0 {
			break
		}
	}
	fn(s[start:i])
	return i, true
}

// skipRegexpSpace skips the bytes \s matches in a regexp: \t \n \f \r and
// space (not \v).
func skipRegexpSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\f' || s[i] == '\r') {
		i++
	}
	return i
}

// foldLetter returns the length of what [A-Za-z_] matches at s[i] under
// case folding (a letter, _, ſ or K), or 0.
func foldLetter(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	if c := s[i] | 0x20; c >= 'a' && c <= 'z' || s[i] == '_' {
		return 1
	}
	switch {
	case strings.HasPrefix(s[i:], "\u017f"):
		return len("\u017f")
	case strings.HasPrefix(s[i:], "\u212a"):
		return len("\u212a")
	}
	return 0
}

// foldAt matches the lower-case ASCII word w at s[i] as a case-folding
// regexp does, and returns the end of the match.
func foldAt(s string, i int, w string) (int, bool) {
	for k := 0; k < len(w); k++ {
		if i < len(s) && s[i]|0x20 == w[k] {
			i++
			continue
		}
		switch {
		case w[k] == 's' && strings.HasPrefix(s[i:], "\u017f"):
			i += len("\u017f")
		case w[k] == 'k' && strings.HasPrefix(s[i:], "\u212a"):
			i += len("\u212a")
		default:
			return 0, false
		}
	}
	return i, true
}

// isWordByte reports whether c is an ASCII word byte, as \b sees them.
func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'z'
}
