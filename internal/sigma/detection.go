package sigma

import (
	"encoding/base64"
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"regexp/syntax"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unsafe"
)

// Limits on what one rule may compile to. They keep a hostile rule from
// exhausting memory at load time; real rules are far below them.
const (
	maxAlternatives = 4096 // expansions of one value (windash, expand)
	maxRegexLen     = 8192
	maxValuesPerKey = 10000
	maxMatchers     = 65536 // compiled string matchers in one rule
)

// node is a compiled condition or selection.
type node interface {
	// eval reports whether ev matches; cx, when not nil, holds what
	// the rules evaluated before for the same event computed from it.
	eval(ev Event, cx *evalCtx) bool
}

type andNode []node
type orNode []node
type notNode struct{ n node }
type constNode bool

func (a andNode) eval(ev Event, cx *evalCtx) bool {
	for _, n := range a {
		if !n.eval(ev, cx) {
			return false
		}
	}
	return true
}

func (o orNode) eval(ev Event, cx *evalCtx) bool {
	for _, n := range o {
		if n.eval(ev, cx) {
			return true
		}
	}
	return false
}

func (n notNode) eval(ev Event, cx *evalCtx) bool { return !n.n.eval(ev, cx) }
func (c constNode) eval(Event, *evalCtx) bool     { return bool(c) }

// ofNode is "N of x*" / "all of x*".
type ofNode struct {
	need  int // -1: all
	nodes []node
}

func (o *ofNode) eval(ev Event, cx *evalCtx) bool {
	if o.need < 0 {
		return andNode(o.nodes).eval(ev, cx)
	}
	got := 0
	for _, n := range o.nodes {
		if n.eval(ev, cx) {
			got++
			if got >= o.need {
				return true
			}
		}
	}
	return false
}

// valueMatcher tests one (possibly expanded) rule value against the
// field's value. present is false when the event lacks the field.
type valueMatcher interface {
	match(v string, present bool, ev Event) bool
}

// fieldItem is one "field|modifiers: values" entry of a selection.
type fieldItem struct {
	field    string // canonical name
	keywords bool   // search Event.Keywords() instead of a field
	all      bool   // values ANDed (|all)
	neg      bool   // |neq
	vals     []valueMatcher
	folded   []*strMatcher // vals, when all are case-insensitive ASCII strings
	id       int           // what it searches, as evalCtx keeps it (searchID; 0 for the keywords)
}

// prepare notes whether every value is a case-insensitive ASCII string,
// for the fast path of eval, and gives the |contains ones their pairs of
// bytes, for evalCtx's filter.
func (it *fieldItem) prepare() {
	it.folded = nil
	for _, m := range it.vals {
		s, ok := m.(strValue)
		if !ok || !s.m.fold || s.m.unicode {
			it.folded = nil
			return
		}
		it.folded = append(it.folded, s.m)
	}
	for _, m := range it.folded {
		if m.shape == shapeContains && m.pairs == nil {
			m.pairs = pairsOf(m.lit)
		}
	}
}

func (it *fieldItem) eval(ev Event, cx *evalCtx) bool {
	var v string
	var ok bool
	if it.folded != nil && cx != nil {
		// As below, with the value, its lower case and its pairs of
		// bytes computed once for all the rules that search the field.
		fv := cx.value(ev, it)
		if lv, ok := fv.lower(); ok {
			r := it.all
			for _, m := range it.folded {
				if m.matchLowerIn(lv, fv) != it.all {
					r = !it.all
					break
				}
			}
			return r != it.neg
		}
		v, ok = fv.v, fv.ok
		goto slow
	}
	if it.keywords {
		v, ok = ev.Keywords(), true
	} else {
		v, ok = ev.Field(it.field)
	}
	if it.folded != nil && ok {
		// Folding changes nothing in a value without upper-case
		// letters (the usual log text): the patterns, lower case, are
		// compared as they are, with the strings package's fast search,
		// instead of letter by letter. Rules with many |contains values
		// (commands) spent most of their time folding. A value with
		// upper-case letters is lowered once, on the stack when short,
		// rather than folded by every pattern.
		lv := v
		if hasUpperASCII(v) {
			var buf [maxLowered]byte // zeroed only here
			if len(v) > len(buf) {
				goto slow
			}
			b := buf[:len(v)]
			for i := 0; i < len(v); i++ {
				b[i] = lowerASCII(v[i])
			}
			lv = unsafe.String(&b[0], len(b))
		}
		r := it.all
		for _, m := range it.folded {
			if m.matchLower(lv) != it.all {
				r = !it.all
				break
			}
		}
		return r != it.neg
	}
slow:
	r := it.all
	for _, m := range it.vals {
		if m.match(v, ok, ev) != it.all {
			r = !it.all
			break
		}
	}
	if it.neg {
		return !r
	}
	return r
}

type strValue struct{ m *strMatcher }

func (s strValue) match(v string, present bool, _ Event) bool { return present && s.m.match(v) }

// anyValue holds the alternatives one rule value expanded to.
type anyValue []valueMatcher

func (a anyValue) match(v string, present bool, ev Event) bool {
	for _, m := range a {
		if m.match(v, present, ev) {
			return true
		}
	}
	return false
}

// nullValue: the field must be absent or empty.
type nullValue struct{}

func (nullValue) match(v string, present bool, _ Event) bool { return !present || v == "" }

type existsValue bool

func (e existsValue) match(_ string, present bool, _ Event) bool { return present == bool(e) }

// numEqValue matches a YAML number: textual equality, or numeric
// equality when the field parses as a number ("22" and "22.0").
type numEqValue struct {
	text string
	num  float64
}

func (n numEqValue) match(v string, present bool, _ Event) bool {
	if !present {
		return false
	}
	if v == n.text {
		return true
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	return err == nil && f == n.num
}

type cmpValue struct {
	op  string
	num float64
}

func (c cmpValue) match(v string, present bool, _ Event) bool {
	if !present {
		return false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return false
	}
	switch c.op {
	case "gt":
		return f > c.num
	case "gte":
		return f >= c.num
	case "lt":
		return f < c.num
	}
	return f <= c.num
}

type reValue struct{ re *regexp.Regexp }

func (r reValue) match(v string, present bool, _ Event) bool { return present && r.re.MatchString(v) }

type cidrValue struct{ p netip.Prefix }

func (c cidrValue) match(v string, present bool, _ Event) bool {
	if !present {
		return false
	}
	a, err := netip.ParseAddr(strings.TrimSpace(v))
	if err != nil {
		return false
	}
	return c.p.Contains(a.Unmap().WithZone(""))
}

// fieldrefValue compares with another field of the same event.
type fieldrefValue struct {
	other              string
	fold               bool
	prefix, suffix, in bool // startswith, endswith, contains
}

func (f fieldrefValue) match(v string, present bool, ev Event) bool {
	o, ok := ev.Field(f.other)
	if !present || !ok {
		return false
	}
	if f.fold {
		v, o = strings.ToLower(v), strings.ToLower(o)
	}
	switch {
	case f.in:
		return strings.Contains(v, o)
	case f.prefix:
		return strings.HasPrefix(v, o)
	case f.suffix:
		return strings.HasSuffix(v, o)
	}
	return v == o
}

// compileCtx carries what value compilation needs from the rule.
type compileCtx struct {
	res          *resolver
	placeholders map[string][]string
	matchers     int // compiled so far, bounded by maxMatchers
}

var knownModifiers = map[string]bool{
	"contains": true, "startswith": true, "endswith": true, "all": true,
	"re": true, "i": true, "m": true, "s": true, "cidr": true,
	"base64": true, "base64offset": true, "windash": true, "exists": true,
	"gt": true, "gte": true, "lt": true, "lte": true, "expand": true,
	"fieldref": true, "cased": true, "wide": true, "utf16le": true,
	"utf16be": true, "utf16": true, "neq": true,
}

// compileItem compiles "field|mods: value(s)".
func (c *compileCtx) compileItem(key string, raw any) (*fieldItem, error) {
	parts := strings.Split(key, "|")
	sigmaField, mods := parts[0], parts[1:]
	it := &fieldItem{}
	if sigmaField == "" {
		it.keywords = true
	}
	canonical, prefix := c.res.field(sigmaField)
	it.field = canonical
	it.id = searchID(it.keywords, it.field)

	var (
		typ                       string // re, cidr, gt..., exists, fieldref, or "" for strings
		lead, trail               bool
		cased, reI, reM, reS, enc bool
		transforms                []string
	)
	for _, m := range mods {
		if !knownModifiers[m] {
			return nil, fmt.Errorf("field %q: unknown modifier %q", key, m)
		}
		switch m {
		case "contains":
			lead, trail = true, true
		case "startswith":
			trail = true
		case "endswith":
			lead = true
		case "all":
			it.all = true
		case "neq":
			it.neg = true
		case "cased":
			cased = true
		case "i", "m", "s":
			if typ != "re" {
				return nil, fmt.Errorf("field %q: modifier %q is only valid after re", key, m)
			}
			reI, reM, reS = reI || m == "i", reM || m == "m", reS || m == "s"
		case "re", "cidr", "gt", "gte", "lt", "lte", "exists", "fieldref":
			if typ != "" {
				return nil, fmt.Errorf("field %q: modifiers %q and %q cannot be combined", key, typ, m)
			}
			typ = m
		default: // windash, base64, base64offset, wide..., expand
			transforms = append(transforms, m)
			if strings.HasPrefix(m, "base64") {
				enc = true
			}
		}
	}
	if typ != "" && typ != "fieldref" && (len(transforms) > 0 || lead || trail) {
		return nil, fmt.Errorf("field %q: modifier %q cannot be combined with string modifiers", key, typ)
	}

	var values []any
	switch v := raw.(type) {
	case []any:
		if len(v) == 0 {
			return nil, fmt.Errorf("field %q: empty value list", key)
		}
		values = v
	default:
		values = []any{v}
	}
	if len(values) > maxValuesPerKey {
		return nil, fmt.Errorf("field %q: more than %d values", key, maxValuesPerKey)
	}
	if typ == "exists" {
		if len(values) != 1 || it.all {
			return nil, fmt.Errorf("field %q: exists takes a single boolean", key)
		}
		b, ok := values[0].(bool)
		if !ok {
			s, _ := values[0].(string)
			switch strings.ToLower(s) {
			case "true", "yes":
				b, ok = true, true
			case "false", "no":
				b, ok = false, true
			}
		}
		if !ok {
			return nil, fmt.Errorf("field %q: exists takes a boolean, not %v", key, values[0])
		}
		it.vals = []valueMatcher{existsValue(b)}
		return it, nil
	}

	for _, v := range values {
		m, err := c.compileValue(key, typ, v, valueOpts{
			lead: lead, trail: trail, fold: !cased && !enc, transforms: transforms,
			reI: reI, reM: reM, reS: reS, prefix: prefix,
		})
		if err != nil {
			return nil, err
		}
		it.vals = append(it.vals, m)
	}
	it.prepare()
	return it, nil
}

type valueOpts struct {
	lead, trail, fold bool
	transforms        []string
	reI, reM, reS     bool
	prefix            string
}

func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case uint64:
		return strconv.FormatUint(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02"), true
		}
		return x.Format(time.RFC3339Nano), true
	}
	return "", false
}

func scalarNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, !math.IsNaN(x)
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil && !math.IsNaN(f)
	}
	return 0, false
}

func (c *compileCtx) compileValue(key, typ string, v any, o valueOpts) (valueMatcher, error) {
	if v == nil {
		return nullValue{}, nil
	}
	text, ok := scalarText(v)
	if !ok {
		return nil, fmt.Errorf("field %q: value must be a scalar, not %T", key, v)
	}
	switch typ {
	case "re":
		if len(text) > maxRegexLen {
			return nil, fmt.Errorf("field %q: regular expression longer than %d bytes", key, maxRegexLen)
		}
		flags := ""
		if o.reI {
			flags += "i"
		}
		if o.reM {
			flags += "m"
		}
		if o.reS {
			flags += "s"
		}
		expr := text
		if flags != "" {
			expr = "(?" + flags + ")" + text
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, regexError(key, text, err)
		}
		return reValue{re}, nil
	case "cidr":
		s := strings.TrimSpace(text)
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return nil, fmt.Errorf("field %q: bad CIDR %q: %v", key, text, err)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		return cidrValue{p.Masked()}, nil
	case "gt", "gte", "lt", "lte":
		n, ok := scalarNumber(v)
		if !ok {
			return nil, fmt.Errorf("field %q: %s needs a number, not %q", key, typ, text)
		}
		return cmpValue{typ, n}, nil
	case "fieldref":
		other, _ := c.res.field(text)
		return fieldrefValue{other: other, fold: o.fold, in: o.lead && o.trail,
			prefix: o.trail && !o.lead, suffix: o.lead && !o.trail}, nil
	}

	// Numbers without string modifiers also compare numerically.
	if _, isStr := v.(string); !isStr && len(o.transforms) == 0 && !o.lead && !o.trail && o.prefix == "" {
		if n, ok := scalarNumber(v); ok {
			return numEqValue{text: text, num: n}, nil
		}
	}

	var alts []sstr
	if _, isStr := v.(string); isStr {
		alts = []sstr{parseSigmaString(text)}
	} else {
		alts = []sstr{literal(text)}
	}
	for _, t := range o.transforms {
		var err error
		alts, err = c.transform(key, t, alts)
		if err != nil {
			return nil, err
		}
	}
	c.matchers += len(alts)
	if c.matchers > maxMatchers {
		return nil, fmt.Errorf("field %q: rule compiles to more than %d value matchers", key, maxMatchers)
	}
	var out anyValue
	for _, a := range alts {
		if o.prefix != "" {
			a = append(sstr{{lit: o.prefix}}, a...)
		}
		a = a.withStars(o.lead, o.trail)
		out = append(out, strValue{compileStr(a, o.fold)})
	}
	if len(out) == 1 {
		return out[0], nil
	}
	return out, nil
}

// regexError explains a regexp Go cannot compile. Sigma's regex flavour
// is PCRE; RE2 lacks lookaround, backreferences, possessive quantifiers
// and atomic groups, and those are the usual causes.
func regexError(key, expr string, err error) error {
	var se *syntax.Error
	if e, ok := err.(*syntax.Error); ok {
		se = e
	}
	if se != nil && (se.Code == syntax.ErrInvalidPerlOp || se.Code == syntax.ErrInvalidEscape ||
		se.Code == syntax.ErrInvalidNamedCapture || se.Code == syntax.ErrInvalidRepeatOp) {
		return fmt.Errorf("field %q: regular expression %q uses a construct Go's RE2 engine does not support "+
			"(lookahead/lookbehind, backreferences, possessive or atomic groups): %v", key, expr, err)
	}
	return fmt.Errorf("field %q: bad regular expression %q: %v", key, expr, err)
}

func (c *compileCtx) transform(key, t string, alts []sstr) ([]sstr, error) {
	var out []sstr
	add := func(v sstr) error {
		if len(out) >= maxAlternatives {
			return fmt.Errorf("field %q: value expands to more than %d alternatives", key, maxAlternatives)
		}
		out = append(out, v)
		return nil
	}
	for _, a := range alts {
		switch t {
		case "windash":
			for _, w := range windash(a) {
				if err := add(w); err != nil {
					return nil, err
				}
			}
		case "base64", "base64offset":
			p, ok := a.plain()
			if !ok {
				return nil, fmt.Errorf("field %q: %s cannot encode a value with wildcards", key, t)
			}
			if t == "base64" {
				if err := add(literal(base64.StdEncoding.EncodeToString([]byte(p)))); err != nil {
					return nil, err
				}
				continue
			}
			for _, e := range base64Offsets(p) {
				if err := add(literal(e)); err != nil {
					return nil, err
				}
			}
		case "wide", "utf16le", "utf16be", "utf16":
			enc := a.mapLiterals(func(s string) string { return utf16Encode(s, t == "utf16be") })
			if t == "utf16" {
				enc = append(sstr{{lit: "\xff\xfe"}}, enc...)
			}
			if err := add(enc); err != nil {
				return nil, err
			}
		case "expand":
			exp, err := c.expand(key, a)
			if err != nil {
				return nil, err
			}
			for _, e := range exp {
				if err := add(e); err != nil {
					return nil, err
				}
			}
		}
	}
	return out, nil
}

func utf16Encode(s string, bigEndian bool) string {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 0, 2*len(u))
	for _, c := range u {
		if bigEndian {
			b = append(b, byte(c>>8), byte(c))
		} else {
			b = append(b, byte(c), byte(c>>8))
		}
	}
	return string(b)
}

// base64Offsets returns the three encodings of s as it would appear at
// byte offsets 0, 1 and 2 of a longer base64-encoded text, with the
// characters that depend on the neighbouring bytes cut off (as pySigma
// does: starts 0, 2, 3 and ends depending on (len+offset) mod 3).
func base64Offsets(s string) []string {
	starts := [3]int{0, 2, 3}
	ends := [3]int{0, 3, 2} // characters to drop at the end; 0 keeps all
	var out []string
	for i := 0; i < 3; i++ {
		enc := base64.StdEncoding.EncodeToString(append([]byte(strings.Repeat(" ", i)), s...))
		end := len(enc) - ends[(len(s)+i)%3]
		if starts[i] >= end {
			continue
		}
		out = append(out, enc[starts[i]:end])
	}
	return out
}

// Dash characters windash interchanges.
var dashes = []string{"-", "/", "\u2013", "\u2014", "\u2015"}

// windash expands every dash that starts a command-line flag (a dash
// not preceded by a word character and followed by one, pySigma's
// \B[-/]\b) into all five dash variants, in every combination.
func windash(v sstr) []sstr {
	// Only literal parts are rewritten; positions are collected as
	// (part index, byte offset, dash length).
	type pos struct{ part, off, n int }
	var ps []pos
	isWord := func(r byte) bool {
		return r == '_' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
	}
	for pi, p := range v {
		if p.kind != 0 {
			continue
		}
		s := p.lit
		for off := 0; off < len(s); {
			n := 0
			for _, d := range dashes {
				if strings.HasPrefix(s[off:], d) {
					n = len(d)
					break
				}
			}
			if n == 0 {
				off++
				continue
			}
			prevWord := off > 0 && isWord(s[off-1])
			nextWord := off+n < len(s) && isWord(s[off+n])
			if !prevWord && nextWord {
				ps = append(ps, pos{pi, off, n})
			}
			off += n
		}
	}
	if len(ps) == 0 {
		return []sstr{v}
	}
	total := 1
	for range ps {
		total *= len(dashes)
		if total > maxAlternatives {
			// Too many flags to permute: fall back to the value as written
			// plus the all-same-dash variants, which cover real usage.
			break
		}
	}
	var combos [][]int
	if total <= maxAlternatives {
		idx := make([]int, len(ps))
		for {
			combos = append(combos, append([]int(nil), idx...))
			k := 0
			for k < len(idx) {
				idx[k]++
				if idx[k] < len(dashes) {
					break
				}
				idx[k] = 0
				k++
			}
			if k == len(idx) {
				break
			}
		}
	} else {
		for d := range dashes {
			c := make([]int, len(ps))
			for i := range c {
				c[i] = d
			}
			combos = append(combos, c)
		}
	}
	var out []sstr
	for _, combo := range combos {
		w := make(sstr, len(v))
		copy(w, v)
		// Rewrite each part from its last position backwards so earlier
		// offsets stay valid.
		for i := len(ps) - 1; i >= 0; i-- {
			p := ps[i]
			s := w[p.part].lit
			w[p.part].lit = s[:p.off] + dashes[combo[i]] + s[p.off+p.n:]
		}
		out = append(out, w)
	}
	return out
}

var placeholderRE = regexp.MustCompile(`%[A-Za-z0-9_.\-]+%`)

// expand replaces %name% placeholders with each of the user-supplied
// values (Options.Placeholders). An undefined placeholder is a compile
// error: silently not matching would turn "selection and not filter"
// rules into alerts on everything.
func (c *compileCtx) expand(key string, v sstr) ([]sstr, error) {
	out := []sstr{nil}
	for _, p := range v {
		if p.kind != 0 {
			for i := range out {
				out[i] = append(out[i], p)
			}
			continue
		}
		s := p.lit
		for s != "" {
			loc := placeholderRE.FindStringIndex(s)
			if loc == nil {
				for i := range out {
					out[i] = append(out[i], spart{lit: s})
				}
				break
			}
			if loc[0] > 0 {
				for i := range out {
					out[i] = append(out[i], spart{lit: s[:loc[0]]})
				}
			}
			name := s[loc[0]+1 : loc[1]-1]
			vals, ok := c.placeholders[name]
			if !ok {
				return nil, fmt.Errorf("field %q: placeholder %%%s%% is not defined (Options.Placeholders)", key, name)
			}
			if len(vals) == 0 {
				return nil, fmt.Errorf("field %q: placeholder %%%s%% has no values", key, name)
			}
			if len(out)*len(vals) > maxAlternatives {
				return nil, fmt.Errorf("field %q: value expands to more than %d alternatives", key, maxAlternatives)
			}
			var next []sstr
			for _, o := range out {
				for _, pv := range vals {
					n := append(append(sstr(nil), o...), parseSigmaString(pv)...)
					next = append(next, n)
				}
			}
			out = next
			s = s[loc[1]:]
		}
	}
	return out, nil
}

// compileSelection compiles one named detection entry.
func (c *compileCtx) compileSelection(name string, v any) (node, error) {
	switch x := v.(type) {
	case map[string]any:
		return c.compileMap(x)
	case []any:
		if len(x) == 0 {
			return nil, fmt.Errorf("selection %q is empty", name)
		}
		// A list of maps is an OR of maps; a list of scalars is a
		// keyword search (OR). Mixed lists are treated item by item.
		var or orNode
		var kw []any
		for _, e := range x {
			switch ev := e.(type) {
			case map[string]any:
				n, err := c.compileMap(ev)
				if err != nil {
					return nil, fmt.Errorf("selection %q: %w", name, err)
				}
				or = append(or, n)
			case []any:
				return nil, fmt.Errorf("selection %q: nested lists are not allowed", name)
			default:
				kw = append(kw, e)
			}
		}
		if len(kw) > 0 {
			it, err := c.compileKeywords(kw)
			if err != nil {
				return nil, fmt.Errorf("selection %q: %w", name, err)
			}
			or = append(or, it)
		}
		if len(or) == 1 {
			return or[0], nil
		}
		return or, nil
	case nil:
		return nil, fmt.Errorf("selection %q is empty", name)
	default:
		if _, ok := scalarText(v); !ok {
			return nil, fmt.Errorf("selection %q: unsupported value %T", name, v)
		}
		it, err := c.compileKeywords([]any{v})
		if err != nil {
			return nil, fmt.Errorf("selection %q: %w", name, err)
		}
		return it, nil
	}
}

// compileKeywords compiles bare values searched anywhere in the event
// text, case-insensitively (as if each were |contains).
func (c *compileCtx) compileKeywords(vals []any) (node, error) {
	it := &fieldItem{keywords: true}
	for _, v := range vals {
		if v == nil {
			return nil, fmt.Errorf("keyword list contains null")
		}
		m, err := c.compileValue("keywords", "", v, valueOpts{lead: true, trail: true, fold: true})
		if err != nil {
			return nil, err
		}
		it.vals = append(it.vals, m)
	}
	it.prepare()
	return it, nil
}

func (c *compileCtx) compileMap(m map[string]any) (node, error) {
	if len(m) == 0 {
		return nil, fmt.Errorf("empty selection map")
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic order for errors and evaluation
	var and andNode
	for _, k := range keys {
		it, err := c.compileItem(k, m[k])
		if err != nil {
			return nil, err
		}
		and = append(and, it)
	}
	if len(and) == 1 {
		return and[0], nil
	}
	return and, nil
}
