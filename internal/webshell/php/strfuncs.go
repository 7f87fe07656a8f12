package php

import (
	"encoding/hex"
	"html"
	"strconv"
	"strings"
	"unicode"
)

// The string functions obfuscators use to assemble names and payloads,
// evaluated on constants with PHP's semantics for the common cases.

func (a *analyzer) splitCall(name string, vs []*value) *value {
	out := &value{}
	for _, v := range vs {
		out.taint = addTaint(out.taint, v.taint)
	}
	var parts []string
	switch name {
	case "explode":
		if len(vs) >= 2 && vs[0].known() && vs[1].known() && vs[0].strs[0] != "" {
			parts = strings.Split(vs[1].strs[0], vs[0].strs[0])
		}
	case "str_split":
		if len(vs) >= 1 && vs[0].known() {
			size := int64(1)
			if len(vs) > 1 {
				if n, ok := vs[1].int(); ok && n > 0 {
					size = n
				}
			}
			s := vs[0].strs[0]
			for i := 0; i < len(s) && len(parts) < maxElems; i += int(size) {
				parts = append(parts, s[i:min(len(s), i+int(size))])
			}
		}
	}
	if parts == nil {
		return out
	}
	out.elems = map[string]*value{}
	for i, p := range parts {
		if i >= maxElems {
			break
		}
		out.elems[strconv.Itoa(i)] = &value{strs: []string{p}, hidden: true}
	}
	return out
}

func (a *analyzer) implode(vs []*value) *value {
	out := &value{hidden: true}
	sep, arr := "", (*value)(nil)
	switch len(vs) {
	case 1:
		arr = vs[0]
	case 2:
		if vs[0].elems != nil {
			arr, vs[0], vs[1] = vs[0], vs[1], vs[0]
		} else {
			arr = vs[1]
		}
		if vs[0].known() {
			sep = vs[0].strs[0]
		}
	default:
		return out
	}
	out.taint = arr.taint
	if arr.elems == nil {
		return out
	}
	keys := make([]int, 0, len(arr.elems))
	for k := range arr.elems {
		i, err := strconv.Atoi(k)
		if err != nil {
			return out
		}
		keys = append(keys, i)
	}
	sortInts(keys)
	var b strings.Builder
	for i, k := range keys {
		el := arr.elems[strconv.Itoa(k)]
		out.taint = addTaint(out.taint, el.taint)
		if !el.known() {
			return out
		}
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(el.strs[0])
		if !a.spend(len(el.strs[0])) {
			return out
		}
	}
	out.strs = []string{b.String()}
	return out
}

func sortInts(s []int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// sprintf handles %s, %d, %c and %% with constant arguments.
func sprintf(vs []*value) (string, bool) {
	f := vs[0].strs[0]
	var b strings.Builder
	arg := 1
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b.WriteByte(f[i])
			continue
		}
		i++
		if i >= len(f) {
			return "", false
		}
		switch f[i] {
		case '%':
			b.WriteByte('%')
		case 's', 'd', 'c':
			if arg >= len(vs) {
				return "", false
			}
			v := vs[arg]
			arg++
			switch f[i] {
			case 's':
				b.WriteString(v.strs[0])
			case 'd':
				n, ok := v.int()
				if !ok {
					return "", false
				}
				b.WriteString(strconv.FormatInt(n, 10))
			case 'c':
				n, ok := v.int()
				if !ok {
					return "", false
				}
				b.WriteByte(byte(n))
			}
		default:
			return "", false
		}
	}
	return b.String(), true
}

func replaceFold(s, old, repl string) string {
	ls, lo := strings.ToLower(s), strings.ToLower(old)
	var b strings.Builder
	for {
		i := strings.Index(ls, lo)
		if i < 0 || len(ls) != len(s) {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, ls = s[i+len(old):], ls[i+len(old):]
	}
}

// span returns the part of s that substr and substr_replace take, from
// the start and optional length arguments at vs[i] and vs[i+1], with PHP's
// negative offsets and lengths; a start past the end is an empty span.
func span(s string, vs []*value, i int) (start, end int64, ok bool) {
	if len(vs) <= i {
		return 0, 0, false
	}
	start, ok = vs[i].int()
	if !ok {
		return 0, 0, false
	}
	n := int64(len(s))
	if start < 0 {
		start = max(0, n+start)
	}
	start = min(start, n)
	end = n
	if len(vs) > i+1 {
		l, ok := vs[i+1].int()
		if !ok {
			return 0, 0, false
		}
		if l < 0 {
			end = max(start, n+l)
		} else {
			end = min(n, start+l)
		}
	}
	return start, end, true
}

// stringFunc evaluates a string function on constant arguments.
func (a *analyzer) stringFunc(name string, vs []*value) (string, bool) {
	s := vs[0].strs[0]
	var out string
	switch name {
	case "substr":
		start, end, ok := span(s, vs, 1)
		if !ok {
			return "", false
		}
		out = s[start:end]
	case "substr_replace":
		if len(vs) < 3 {
			return "", false
		}
		start, end, ok := span(s, vs, 2)
		if !ok {
			return "", false
		}
		out = s[:start] + vs[1].strs[0] + s[end:]
	case "strstr":
		if len(vs) < 2 {
			return "", false
		}
		i := strings.Index(s, vs[1].strs[0])
		if i < 0 {
			return "", false
		}
		out = s[i:]
	case "ucfirst", "ucwords":
		if s == "" {
			return s, true
		}
		out = string(unicode.ToUpper(rune(s[0]))) + s[1:]
	case "lcfirst":
		if s == "" {
			return s, true
		}
		out = string(unicode.ToLower(rune(s[0]))) + s[1:]
	case "strtr":
		if len(vs) == 3 {
			from, to := vs[1].strs[0], vs[2].strs[0]
			m := min(len(from), len(to))
			b := []byte(s)
			for i := range b {
				if j := strings.IndexByte(from[:m], b[i]); j >= 0 {
					b[i] = to[j]
				}
			}
			out = string(b)
		} else {
			return "", false
		}
	case "pack":
		switch {
		case len(vs) == 2 && (s == "H*" || s == "H"):
			b, err := hex.DecodeString(vs[1].strs[0])
			if err != nil {
				return "", false
			}
			out = string(b)
		case (s == "c*" || s == "C*") && len(vs) > 1:
			// One byte per argument: names written as character codes.
			b := make([]byte, 0, len(vs)-1)
			for _, v := range vs[1:] {
				c, ok := v.int()
				if !ok {
					return "", false
				}
				b = append(b, byte(c))
			}
			out = string(b)
		default:
			return "", false
		}
	case "html_entity_decode", "htmlspecialchars_decode":
		out = html.UnescapeString(s)
	default:
		return "", false
	}
	return out, a.spend(len(out))
}
