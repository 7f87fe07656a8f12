package sigma

import (
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
)

// Set is a compiled rule collection: the detection rules indexed by the
// parsers that can produce their events, and the correlation rules with
// their references resolved. A Set is immutable and safe for concurrent
// Match calls; a Correlator holds the mutable state.
type Set struct {
	// Rules holds every rule of the set, detection and correlation, in
	// load order.
	Rules []*Rule

	detection []*Rule
	all       *ruleIndex // every detection rule, for events without a source
	bySource  []sourceIndex
	anySource *ruleIndex // rules for sources not in bySource

	corrs []*corrDef
	users map[*Rule][]ruleUse // rule → correlations referencing it
}

// corrDef is a correlation rule with its references resolved.
type corrDef struct {
	idx  int
	rule *Rule
	c    *Correlation
	refs []*Rule
	// group[i][k] is the field read from events of refs[i] for
	// GroupBy[k]; value[i] the value_count field for refs[i].
	group [][]string
	value []string
}

type ruleUse struct {
	corr *corrDef
	pos  int // index into corr.refs
}

// NewSet builds a set from parsed rules. It resolves correlation
// references (by id, else by name, preferring a name defined in the same
// file), rejects duplicate ids, unknown references and reference
// cycles, and marks Rule.Hidden. Rules with such errors are left out and
// described in the returned errors; the rest form the set.
func NewSet(rules []*Rule) (*Set, []error) {
	var errs []error
	s := &Set{users: map[*Rule][]ruleUse{}}
	byID := map[string]*Rule{}
	byName := map[string][]*Rule{}
	var kept []*Rule
	for _, r := range rules {
		if r == nil {
			continue
		}
		if r.ID != "" {
			if o, dup := byID[r.ID]; dup {
				errs = append(errs, &RuleError{File: r.File, Doc: r.Doc, Rule: r.String(),
					Err: fmt.Errorf("duplicate id %s (also %s document %d); rule skipped", r.ID, o.File, o.Doc)})
				continue
			}
			byID[r.ID] = r
		}
		if r.Name != "" {
			byName[r.Name] = append(byName[r.Name], r)
		}
		kept = append(kept, r)
	}
	lookup := func(from *Rule, ref string) *Rule {
		for _, c := range byName[ref] {
			if c.File == from.File {
				return c
			}
		}
		if r, ok := byID[ref]; ok {
			return r
		}
		if l := byName[ref]; len(l) > 0 {
			return l[0]
		}
		return nil
	}

	// Resolve references; drop correlations that fail, repeatedly, as
	// dropping one can break another that refers to it.
	bad := map[*Rule]error{}
	refs := map[*Rule][]*Rule{}
	for _, r := range kept {
		if r.Correlation == nil {
			continue
		}
		for _, ref := range r.Correlation.Rules {
			t := lookup(r, ref)
			if t == nil {
				bad[r] = fmt.Errorf("correlation refers to unknown rule %q", ref)
				break
			}
			if t == r {
				bad[r] = fmt.Errorf("correlation refers to itself")
				break
			}
			refs[r] = append(refs[r], t)
		}
	}
	// Cycle detection over correlation → correlation references.
	state := map[*Rule]int{} // 1 visiting, 2 done
	var visit func(r *Rule) bool
	visit = func(r *Rule) bool {
		switch state[r] {
		case 1:
			return false
		case 2:
			return true
		}
		state[r] = 1
		for _, t := range refs[r] {
			if t.Correlation != nil && !visit(t) {
				if bad[r] == nil {
					bad[r] = fmt.Errorf("correlation reference cycle through %q", t.String())
				}
				state[r] = 2
				return false
			}
		}
		state[r] = 2
		return true
	}
	for _, r := range kept {
		if r.Correlation != nil {
			visit(r)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, r := range kept {
			if r.Correlation == nil || bad[r] != nil {
				continue
			}
			for _, t := range refs[r] {
				if bad[t] != nil {
					bad[r] = fmt.Errorf("correlation refers to rule %q, which has errors", t.String())
					changed = true
					break
				}
			}
		}
	}
	for _, r := range kept {
		if err := bad[r]; err != nil {
			errs = append(errs, &RuleError{File: r.File, Doc: r.Doc, Rule: r.String(), Err: err})
			continue
		}
		s.Rules = append(s.Rules, r)
		r.Hidden = false
	}

	referenced := map[*Rule]bool{}
	generated := map[*Rule]bool{}
	for _, r := range s.Rules {
		if r.Correlation == nil {
			s.detection = append(s.detection, r)
			continue
		}
		d := &corrDef{idx: len(s.corrs), rule: r, c: r.Correlation, refs: refs[r]}
		for i, t := range d.refs {
			referenced[t] = true
			if r.Correlation.Generate {
				generated[t] = true
			}
			d.group = append(d.group, make([]string, len(r.Correlation.GroupBy)))
			for k, g := range r.Correlation.GroupBy {
				d.group[i][k] = fieldFor(r.Correlation, t, g)
			}
			d.value = append(d.value, fieldFor(r.Correlation, t, r.Correlation.Field))
			s.users[t] = append(s.users[t], ruleUse{corr: d, pos: i})
		}
		s.corrs = append(s.corrs, d)
	}
	for t := range referenced {
		t.Hidden = !generated[t]
	}

	// Index detection rules by source.
	sources := map[string]bool{}
	for _, r := range s.detection {
		for _, src := range r.sources {
			sources[src] = true
		}
	}
	var any []*Rule
	for _, r := range s.detection {
		if r.sources == nil {
			any = append(any, r)
		}
	}
	s.all, s.anySource = newRuleIndex(s.detection), newRuleIndex(any)
	for src := range sources {
		var l []*Rule
		for _, r := range s.detection {
			if r.sources == nil || contains(r.sources, src) {
				l = append(l, r)
			}
		}
		s.bySource = append(s.bySource, sourceIndex{src, newRuleIndex(l)})
	}
	return s, errs
}

// sourceIndex holds the rules that may match events of one source. The
// sources are a handful: a slice is searched faster than a map, which
// hashes the name.
type sourceIndex struct {
	source string
	index  *ruleIndex
}

// forSource returns the rules that may match events of source src.
func (s *Set) forSource(src string) *ruleIndex {
	for i := range s.bySource {
		if s.bySource[i].source == src {
			return s.bySource[i].index
		}
	}
	return s.anySource
}

// ruleIndex narrows the rules of one source by the event's type: most
// rules name the types they match (type: ssh_failed), and most events of
// a busy log have a type that none or few of them name, so looking the
// type up is cheaper than evaluating every rule.
type ruleIndex struct {
	rules  []*Rule     // all of them, in load order
	byType []typeRules // by ASCII lower-case type (a few: a slice is searched faster than a map)
	other  []*Rule     // the rules that may match events of any other type, or none
}

type typeRules struct {
	typ   string
	rules []*Rule // the rules that may match the type, in load order
}

// indexField is the field the rules are indexed by.
const indexField = "type"

func newRuleIndex(rules []*Rule) *ruleIndex {
	x := &ruleIndex{rules: rules}
	need := make([][]string, len(rules))
	types := map[string]bool{}
	for i, r := range rules {
		if vals, ok := requiredValues(r.cond, indexField); ok {
			need[i] = vals
			for _, v := range vals {
				types[v] = true
			}
		} else {
			x.other = append(x.other, r)
		}
	}
	if len(types) == 0 {
		return x
	}
	for _, t := range slices.Sorted(maps.Keys(types)) {
		var l []*Rule
		for i, r := range rules {
			if need[i] == nil || contains(need[i], t) {
				l = append(l, r)
			}
		}
		x.byType = append(x.byType, typeRules{t, l})
	}
	return x
}

// candidates returns the rules that may match ev.
func (x *ruleIndex) candidates(ev Event) []*Rule {
	if x.byType == nil {
		return x.rules
	}
	t, _ := ev.Field(indexField)
	return x.candidatesOf(t)
}

// candidatesOf returns the rules that may match an event of type t.
func (x *ruleIndex) candidatesOf(t string) []*Rule {
	if x.byType == nil {
		return x.rules
	}
	// The index's types are in lower case, as parsers write them: t is
	// looked up as it is first, and lowered only when it has upper-case
	// letters, which it cannot be found with.
	if rules, ok := x.lookup(t); ok {
		return rules
	}
	if hasUpperASCII(t) {
		if rules, ok := x.lookup(asciiLower(t)); ok {
			return rules
		}
	}
	return x.other
}

// lookup returns the rules of type t, a lower-case type, when indexed.
func (x *ruleIndex) lookup(t string) ([]*Rule, bool) {
	for i := range x.byType {
		if x.byType[i].typ == t {
			return x.byType[i].rules, true
		}
	}
	return nil, false
}

// requiredValues returns, when n can only be true for an event whose
// field is (ASCII case folded) one of vals, those values; ok is false when
// n puts no such bound on the field. It errs on the side of false: the
// index must never skip a rule that could match.
func requiredValues(n node, field string) (vals []string, ok bool) {
	switch n := n.(type) {
	case *fieldItem:
		if n.keywords || n.neg || n.field != field || len(n.vals) == 0 {
			return nil, false
		}
		if n.all {
			// every value must match: the first one's bound holds
			return valueSet(n.vals[0])
		}
		for _, m := range n.vals {
			vs, ok := valueSet(m)
			if !ok {
				return nil, false
			}
			vals = append(vals, vs...)
		}
		return vals, true
	case andNode:
		for _, c := range n {
			if vs, ok := requiredValues(c, field); ok {
				return vs, true
			}
		}
	case *ofNode:
		if n.need < 0 {
			return requiredValues(andNode(n.nodes), field)
		}
	case orNode:
		for _, c := range n {
			vs, ok := requiredValues(c, field)
			if !ok {
				return nil, false
			}
			vals = append(vals, vs...)
		}
		return vals, len(vals) > 0
	}
	return nil, false
}

// valueSet returns the values a field must equal, ASCII case folded, for
// m to match it.
func valueSet(m valueMatcher) ([]string, bool) {
	switch m := m.(type) {
	case strValue:
		// exact ASCII text; a non-ASCII pattern folds Unicode too
		if m.m.shape != shapeExact || m.m.lit == "" || !isASCII(m.m.lit) {
			return nil, false
		}
		return []string{asciiLower(m.m.lit)}, true
	case anyValue:
		var vals []string
		for _, a := range m {
			vs, ok := valueSet(a)
			if !ok {
				return nil, false
			}
			vals = append(vals, vs...)
		}
		return vals, len(vals) > 0
	}
	return nil, false
}

// asciiLower lower-cases ASCII letters, without allocating when there
// are none to change.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = lowerASCII(b[j])
			}
			return string(b)
		}
	}
	return s
}

func contains(l []string, s string) bool {
	for _, e := range l {
		if e == s {
			return true
		}
	}
	return false
}

// fieldFor returns the event field a correlation reads for name (a
// group-by entry or the value_count field) from events of rule t:
// aliases first, then t's field map for a detection rule; a correlation
// rule's synthetic events answer to the group-by names as written.
func fieldFor(c *Correlation, t *Rule, name string) string {
	if name == "" {
		return ""
	}
	if a, ok := c.Aliases[name]; ok {
		if f, ok := a[t.Name]; ok {
			name = f
		} else if f, ok := a[t.ID]; ok {
			name = f
		}
	}
	if t.Correlation != nil {
		return name
	}
	f, _ := t.res.field(name)
	return f
}

// Correlations returns the correlation rules of the set.
func (s *Set) Correlations() []*Rule {
	out := make([]*Rule, len(s.corrs))
	for i, d := range s.corrs {
		out[i] = d.rule
	}
	return out
}

// Match returns the detection rules that match ev, in load order.
func (s *Set) Match(ev Event) []*Rule { return s.AppendMatches(nil, ev) }

// AppendMatches appends the detection rules matching ev to dst and
// returns it; with a reused dst it does not allocate. Only rules whose
// logsource admits the event's "source" field are evaluated (an event
// without a source is tested against every rule), and of those only the
// ones that do not require another "type" than the event's.
func (s *Set) AppendMatches(dst []*Rule, ev Event) []*Rule { return s.appendMatches(dst, ev, nil) }

func (s *Set) appendMatches(dst []*Rule, ev Event, cx *evalCtx) []*Rule {
	idx := s.all
	if src, ok := ev.Field("source"); ok {
		if cx != nil && cx.srcIndex != nil && src == cx.src {
			idx = cx.srcIndex // a log's lines come from a few sources, often one after another
		} else {
			idx = s.forSource(src)
			if cx != nil {
				cx.src, cx.srcIndex = src, idx
			}
		}
	}
	var cands []*Rule
	if cx != nil && idx.byType != nil {
		t, _ := ev.Field(indexField)
		cands = cx.candidates(idx, t)
	} else {
		cands = idx.candidates(ev)
	}
	for _, r := range cands {
		if r.present(ev, cx) && r.cond.eval(ev, cx) {
			dst = append(dst, r)
		}
	}
	return dst
}

// present reports whether ev has every field r needs (Rule.need). Most
// rules of a source search fields that only some of its events have
// (sudo's command rules and its session lines): an absent field rules
// them out at the cost of one lookup, which the evalCtx keeps for the
// rules that follow, rather than evaluating each of their selections.
func (r *Rule) present(ev Event, cx *evalCtx) bool {
	for i := range r.need {
		it := &r.need[i]
		if cx != nil {
			if !cx.value(ev, it).ok {
				return false
			}
		} else if _, ok := ev.Field(it.field); !ok {
			return false
		}
	}
	return true
}

// requiredFields returns fields that an event must have (Event.Field
// says ok) for n to be true. It errs on the side of fewer: a field is
// listed only when every way n can be true reads it and needs it there.
func requiredFields(n node) []string {
	switch n := n.(type) {
	case *fieldItem:
		if n.keywords || n.neg || len(n.vals) == 0 {
			return nil
		}
		need := !n.all // any value: each must need the field
		for _, m := range n.vals {
			if n.all {
				// every value must match: one that needs the field is enough
				need = need || needsPresence(m)
			} else {
				need = need && needsPresence(m)
			}
		}
		if need {
			return []string{n.field}
		}
	case andNode:
		var out []string
		for _, c := range n {
			for _, f := range requiredFields(c) {
				if !contains(out, f) {
					out = append(out, f)
				}
			}
		}
		return out
	case orNode:
		return requiredOfAny(n)
	case *ofNode:
		switch {
		case n.need < 0:
			return requiredFields(andNode(n.nodes))
		case n.need > 0:
			return requiredOfAny(n.nodes)
		}
	}
	return nil
}

// requiredOfAny returns the fields every one of nodes requires (any of
// them may be the one that is true).
func requiredOfAny(nodes []node) []string {
	if len(nodes) == 0 {
		return nil
	}
	out := requiredFields(nodes[0])
	for _, c := range nodes[1:] {
		if len(out) == 0 {
			break
		}
		req := requiredFields(c)
		k := 0
		for _, f := range out {
			if contains(req, f) {
				out[k] = f
				k++
			}
		}
		out = out[:k]
	}
	return out
}

// needsPresence reports whether m is false for an absent field.
func needsPresence(m valueMatcher) bool {
	switch m := m.(type) {
	case strValue, reValue, numEqValue, cmpValue, cidrValue, fieldrefValue:
		return true
	case existsValue:
		return bool(m)
	case anyValue:
		for _, a := range m {
			if !needsPresence(a) {
				return false
			}
		}
		return len(m) > 0
	}
	return false
}

// LoadFS parses every *.yml and *.yaml file under dir in fsys (in
// lexical order) and builds a Set. Each file larger than the size limit,
// unreadable or invalid, and each bad rule, yields a *RuleError naming
// the file (and document and rule); everything else still loads.
func LoadFS(fsys fs.FS, dir string, opts *Options) (*Set, []error) {
	rules, errs := ParseFS(fsys, dir, opts)
	s, serrs := NewSet(rules)
	return s, append(errs, serrs...)
}

// ParseFS parses the rule files under dir as LoadFS does, without
// building a Set: rules from several places can then be compiled into one
// Set, where correlations may refer to rules of any of them.
func ParseFS(fsys fs.FS, dir string, opts *Options) ([]*Rule, []error) {
	var errs []error
	var rules []*Rule
	walkErr := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, &RuleError{File: p, Err: err})
			if d != nil && d.IsDir() && p != dir {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		ext := strings.ToLower(path.Ext(p))
		if ext != ".yml" && ext != ".yaml" {
			return nil
		}
		data, err := readLimited(fsys, p, opts.maxFileSize())
		if err != nil {
			errs = append(errs, &RuleError{File: p, Err: err})
			return nil
		}
		rs, err := Parse(p, data, opts)
		rules = append(rules, rs...)
		if err != nil {
			errs = append(errs, unjoin(err)...)
		}
		return nil
	})
	if walkErr != nil {
		errs = append(errs, &RuleError{File: dir, Err: walkErr})
	}
	return rules, errs
}

func readLimited(fsys fs.FS, p string, max int64) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("file larger than %d bytes", max)
	}
	return data, nil
}

// unjoin splits an errors.Join result into its parts.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
