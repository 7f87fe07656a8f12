package sigma

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// DefaultMaxFileSize bounds a rule file (Options.MaxFileSize).
const DefaultMaxFileSize = 1 << 20

// Options configure rule compilation. The zero value (or nil) means the
// built-in field map, no placeholders and a 1 MiB file limit.
type Options struct {
	// FieldMap translates Sigma field names; nil means DefaultFieldMap().
	FieldMap *FieldMap

	// Placeholders gives the values of %name% placeholders for the
	// expand modifier. A rule using a placeholder missing here does not
	// compile (an error names it).
	Placeholders map[string][]string

	// MaxFileSize bounds one rule file; 0 means DefaultMaxFileSize.
	MaxFileSize int64
}

func (o *Options) fieldMap() *FieldMap {
	if o == nil || o.FieldMap == nil {
		return defaultFieldMap
	}
	return o.FieldMap
}

func (o *Options) maxFileSize() int64 {
	if o == nil || o.MaxFileSize <= 0 {
		return DefaultMaxFileSize
	}
	return o.MaxFileSize
}

var defaultFieldMap = DefaultFieldMap()

// LogSource is a rule's logsource section.
type LogSource struct {
	Product, Category, Service, Definition string
}

// Rule is one parsed and compiled Sigma document: a detection rule or,
// when Correlation is set, a correlation rule.
type Rule struct {
	Title, ID, Name, Status, Description, Author, Date, Modified, Level string
	References, Tags, FalsePositives, Fields                            []string

	LogSource LogSource

	// Conditions is the detection condition as written (several
	// conditions are ORed). Empty for correlation rules.
	Conditions []string

	// Correlation is set for correlation rules, which have no detection.
	Correlation *Correlation

	// Raw is the whole document (after action: global merging),
	// including keys this package does not interpret.
	Raw map[string]any

	// File and Doc locate the rule: the name given to Parse (the path
	// for LoadFS) and the 1-based YAML document number.
	File string
	Doc  int

	// Hidden is set by NewSet for rules referenced by correlation rules
	// none of which says generate: true. The correlation specification
	// says such rules exist for the correlation only, so callers should
	// not report their matches as findings on their own.
	Hidden bool

	cond    node
	res     *resolver
	sources []string // parsers this rule can match; nil: any
	// need holds items for the fields an event must have for cond to
	// be true (requiredFields), looked up before cond is evaluated.
	need []fieldItem
}

// String names the rule for messages: its title, else name, else id.
func (r *Rule) String() string {
	switch {
	case r.Title != "":
		return r.Title
	case r.Name != "":
		return r.Name
	case r.ID != "":
		return r.ID
	}
	return fmt.Sprintf("document %d", r.Doc)
}

// Match reports whether the detection rule matches ev. It does not look
// at the event's source (Set.Match does) and is false for correlation
// rules.
func (r *Rule) Match(ev Event) bool {
	if r.cond == nil {
		return false
	}
	return r.cond.eval(ev, nil)
}

// RuleError is a problem with one rule (or with a whole file when Rule
// and Doc are empty). Err holds the cause.
type RuleError struct {
	File string
	Doc  int
	Rule string
	Err  error
}

func (e *RuleError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Doc > 0 {
		fmt.Fprintf(&b, ": document %d", e.Doc)
	}
	if e.Rule != "" {
		fmt.Fprintf(&b, ": rule %q", e.Rule)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *RuleError) Unwrap() error { return e.Err }

// Parse parses and compiles the Sigma rules in data, a YAML file that
// may hold several documents. name is used in errors and Rule.File.
// It returns the rules that compiled and an error joining a *RuleError
// for each document that did not; a bad document does not stop the
// others. action: global, reset and repeat documents are honoured.
func Parse(name string, data []byte, opts *Options) (rules []*Rule, err error) {
	defer func() {
		// The YAML decoder and the compiler are meant not to panic; this
		// keeps a user's rule file from taking the whole tool down if
		// one does.
		if p := recover(); p != nil {
			err = errors.Join(err, &RuleError{File: name, Err: fmt.Errorf("internal error: %v", p)})
		}
	}()
	if int64(len(data)) > opts.maxFileSize() {
		return nil, &RuleError{File: name, Err: fmt.Errorf("file larger than %d bytes", opts.maxFileSize())}
	}
	var errs []error
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var global, prev map[string]any
	for doc := 1; ; doc++ {
		var v any
		if e := dec.Decode(&v); e == io.EOF {
			break
		} else if e != nil {
			errs = append(errs, &RuleError{File: name, Doc: doc, Err: fmt.Errorf("YAML: %v", e)})
			break // the decoder cannot resynchronise after a syntax error
		}
		if v == nil {
			continue
		}
		m, ok := normalize(v).(map[string]any)
		if !ok {
			errs = append(errs, &RuleError{File: name, Doc: doc, Err: fmt.Errorf("document is not a mapping")})
			continue
		}
		switch action, _ := m["action"].(string); action {
		case "global":
			global = without(m, "action")
			continue
		case "reset":
			global = nil
			continue
		case "repeat":
			if prev == nil {
				errs = append(errs, &RuleError{File: name, Doc: doc, Err: fmt.Errorf("action: repeat without a previous rule")})
				continue
			}
			m = merge(prev, without(m, "action"))
		case "":
		default:
			errs = append(errs, &RuleError{File: name, Doc: doc, Err: fmt.Errorf("unknown action %q", action)})
			continue
		}
		if global != nil {
			m = merge(global, m)
		}
		prev = m
		docs, e := expandAggregation(m)
		if e != nil {
			errs = append(errs, &RuleError{File: name, Doc: doc, Rule: ruleLabel(m), Err: e})
			continue
		}
		if docs == nil {
			docs = []map[string]any{m}
		}
		for _, d := range docs {
			r, e := compileRule(name, doc, d, opts)
			if e != nil {
				errs = append(errs, &RuleError{File: name, Doc: doc, Rule: ruleLabel(m), Err: e})
				continue
			}
			rules = append(rules, r)
		}
	}
	return rules, errors.Join(errs...)
}

func ruleLabel(m map[string]any) string {
	for _, k := range []string{"title", "name", "id"} {
		if s, ok := scalarText(m[k]); ok && s != "" {
			return s
		}
	}
	return ""
}

// normalize turns the decoder's map[any]any (maps with non-string keys)
// into map[string]any, recursively, so the rest of the package sees one
// map type.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			ks, ok := scalarText(k)
			if !ok {
				ks = fmt.Sprint(k)
			}
			m[ks] = normalize(e)
		}
		return m
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
		return x
	}
	return v
}

func without(m map[string]any, key string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if k != key {
			out[k] = v
		}
	}
	return out
}

// merge returns base overlaid with over, merging nested maps.
func merge(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		if bm, ok := out[k].(map[string]any); ok {
			if om, ok := v.(map[string]any); ok {
				out[k] = merge(bm, om)
				continue
			}
		}
		out[k] = v
	}
	return out
}

func getString(m map[string]any, key string) (string, error) {
	v, ok := m[key]
	if !ok || v == nil {
		return "", nil
	}
	s, ok := scalarText(v)
	if !ok {
		return "", fmt.Errorf("%s must be a string", key)
	}
	return s, nil
}

func getStrings(m map[string]any, key string) ([]string, error) {
	v, ok := m[key]
	if !ok || v == nil {
		return nil, nil
	}
	if l, ok := v.([]any); ok {
		out := make([]string, 0, len(l))
		for _, e := range l {
			s, ok := scalarText(e)
			if !ok {
				return nil, fmt.Errorf("%s must be a list of strings", key)
			}
			out = append(out, s)
		}
		return out, nil
	}
	s, ok := scalarText(v)
	if !ok {
		return nil, fmt.Errorf("%s must be a string or a list of strings", key)
	}
	return []string{s}, nil
}

func compileRule(file string, doc int, m map[string]any, opts *Options) (*Rule, error) {
	r := &Rule{File: file, Doc: doc, Raw: m}
	var err error
	for _, f := range []struct {
		key string
		dst *string
	}{
		{"title", &r.Title}, {"id", &r.ID}, {"name", &r.Name}, {"status", &r.Status},
		{"description", &r.Description}, {"author", &r.Author}, {"date", &r.Date},
		{"modified", &r.Modified}, {"level", &r.Level},
	} {
		if *f.dst, err = getString(m, f.key); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct {
		key string
		dst *[]string
	}{
		{"references", &r.References}, {"tags", &r.Tags},
		{"falsepositives", &r.FalsePositives}, {"fields", &r.Fields},
	} {
		if *f.dst, err = getStrings(m, f.key); err != nil {
			return nil, err
		}
	}
	if ls, ok := m["logsource"]; ok && ls != nil {
		lm, ok := ls.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("logsource must be a mapping")
		}
		for _, f := range []struct {
			key string
			dst *string
		}{
			{"product", &r.LogSource.Product}, {"category", &r.LogSource.Category},
			{"service", &r.LogSource.Service}, {"definition", &r.LogSource.Definition},
		} {
			if *f.dst, err = getString(lm, f.key); err != nil {
				return nil, fmt.Errorf("logsource: %w", err)
			}
		}
	}
	r.res = opts.fieldMap().resolve(r.LogSource)
	r.sources = r.res.sources

	if c, ok := m["correlation"]; ok {
		if _, ok := m["detection"]; ok {
			return nil, fmt.Errorf("a rule cannot have both detection and correlation")
		}
		r.Correlation, err = parseCorrelation(c)
		return r, err
	}
	det, ok := m["detection"].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("missing detection (or correlation) mapping")
	}
	ctx := &compileCtx{res: r.res}
	if opts != nil {
		ctx.placeholders = opts.Placeholders
	}
	sels := map[string]node{}
	names := make([]string, 0, len(det))
	for k := range det {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		if name == "condition" || name == "timeframe" {
			continue
		}
		n, err := ctx.compileSelection(name, det[name])
		if err != nil {
			if strings.HasPrefix(err.Error(), "selection ") {
				return nil, err
			}
			return nil, fmt.Errorf("selection %q: %w", name, err)
		}
		sels[name] = n
	}
	if len(sels) == 0 {
		return nil, fmt.Errorf("detection has no selections")
	}
	if r.Conditions, err = getStrings(det, "condition"); err != nil {
		return nil, fmt.Errorf("detection: %w", err)
	}
	if len(r.Conditions) == 0 {
		return nil, fmt.Errorf("detection has no condition")
	}
	var conds orNode
	for _, c := range r.Conditions {
		n, err := parseCondition(c, sels)
		if err != nil {
			return nil, err
		}
		conds = append(conds, n)
	}
	if len(conds) == 1 {
		r.cond = conds[0]
	} else {
		r.cond = conds
	}
	for _, f := range requiredFields(r.cond) {
		// the type is looked up by the Set's index (ruleIndex) already
		if f != indexField {
			r.need = append(r.need, fieldItem{field: f, id: searchID(false, f)})
		}
	}
	return r, nil
}

// Correlation types (Sigma correlation specification v2).
const (
	EventCount      = "event_count"
	ValueCount      = "value_count"
	Temporal        = "temporal"
	TemporalOrdered = "temporal_ordered"
)

// Correlation is the correlation section of a correlation rule.
type Correlation struct {
	Type     string   // EventCount, ValueCount, Temporal or TemporalOrdered
	Rules    []string // ids or names of the correlated rules
	GroupBy  []string
	Timespan time.Duration
	// Condition bounds the count (all bounds must hold). For temporal
	// types without a condition it is "gte number of rules".
	Condition []Bound
	Field     string // value_count: the field whose distinct values are counted
	// Aliases maps an alias usable in GroupBy to, per rule name, the
	// field to read from events matched by that rule.
	Aliases  map[string]map[string]string
	Generate bool
}

// Bound is one comparison of a correlation condition.
type Bound struct {
	Op string // gt, gte, lt, lte, eq, neq
	N  int64
}

func (b Bound) holds(n int64) bool {
	switch b.Op {
	case "gt":
		return n > b.N
	case "gte":
		return n >= b.N
	case "lt":
		return n < b.N
	case "lte":
		return n <= b.N
	case "eq":
		return n == b.N
	}
	return n != b.N
}

func boundsHold(bs []Bound, n int64) bool {
	for _, b := range bs {
		if !b.holds(n) {
			return false
		}
	}
	return true
}

// monotone reports whether the bounds, once true, stay true as the
// count grows (only lower bounds). Such conditions are evaluated at
// every event; the others only when a window closes.
func monotone(bs []Bound) bool {
	for _, b := range bs {
		if b.Op != "gt" && b.Op != "gte" {
			return false
		}
	}
	return true
}

const maxTimespan = 3650 * 24 * time.Hour

// ParseTimespan parses a Sigma timespan: a positive number followed by
// s, m, h or d.
func ParseTimespan(s string) (time.Duration, error) {
	if len(s) < 2 {
		return 0, fmt.Errorf("bad timespan %q", s)
	}
	unit := map[byte]time.Duration{'s': time.Second, 'm': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour}[s[len(s)-1]]
	n, err := strconv.ParseInt(s[:len(s)-1], 10, 64)
	if unit == 0 || err != nil || n <= 0 || n > int64(maxTimespan/unit) {
		return 0, fmt.Errorf("bad timespan %q (want a positive number followed by s, m, h or d, at most 3650d)", s)
	}
	return time.Duration(n) * unit, nil
}

func parseCorrelation(v any) (*Correlation, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("correlation must be a mapping")
	}
	c := &Correlation{}
	var err error
	if c.Type, err = getString(m, "type"); err != nil {
		return nil, fmt.Errorf("correlation: %w", err)
	}
	switch c.Type {
	case EventCount, ValueCount, Temporal, TemporalOrdered:
	case "":
		return nil, fmt.Errorf("correlation: missing type")
	default:
		return nil, fmt.Errorf("correlation: unsupported type %q", c.Type)
	}
	if c.Rules, err = getStrings(m, "rules"); err != nil {
		return nil, fmt.Errorf("correlation: %w", err)
	}
	if len(c.Rules) == 0 {
		return nil, fmt.Errorf("correlation: no rules")
	}
	if c.GroupBy, err = getStrings(m, "group-by"); err != nil {
		return nil, fmt.Errorf("correlation: %w", err)
	}
	ts, err := getString(m, "timespan")
	if err != nil || ts == "" {
		return nil, fmt.Errorf("correlation: missing timespan")
	}
	if c.Timespan, err = ParseTimespan(ts); err != nil {
		return nil, fmt.Errorf("correlation: %w", err)
	}
	if g, ok := m["generate"]; ok {
		b, ok := g.(bool)
		if !ok {
			return nil, fmt.Errorf("correlation: generate must be a boolean")
		}
		c.Generate = b
	}
	if c.Field, err = getString(m, "field"); err != nil {
		return nil, fmt.Errorf("correlation: %w", err)
	}
	if cond, ok := m["condition"]; ok && cond != nil {
		cm, ok := cond.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("correlation: condition must be a mapping")
		}
		keys := make([]string, 0, len(cm))
		for k := range cm {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if k == "field" {
				if c.Field, err = getString(cm, "field"); err != nil {
					return nil, fmt.Errorf("correlation condition: %w", err)
				}
				continue
			}
			switch k {
			case "gt", "gte", "lt", "lte", "eq", "neq":
			default:
				return nil, fmt.Errorf("correlation condition: unknown operator %q", k)
			}
			n, ok := scalarNumber(cm[k])
			if !ok || n != float64(int64(n)) || n < 0 || n > 1e15 {
				return nil, fmt.Errorf("correlation condition: %s needs a non-negative integer", k)
			}
			c.Condition = append(c.Condition, Bound{Op: k, N: int64(n)})
		}
	}
	switch c.Type {
	case EventCount, ValueCount:
		if len(c.Condition) == 0 {
			return nil, fmt.Errorf("correlation: %s needs a condition", c.Type)
		}
		if c.Type == ValueCount && c.Field == "" {
			return nil, fmt.Errorf("correlation: value_count needs a field")
		}
	default:
		if len(c.Condition) == 0 {
			c.Condition = []Bound{{Op: "gte", N: int64(len(c.Rules))}}
		}
	}
	if a, ok := m["aliases"]; ok && a != nil {
		am, ok := a.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("correlation: aliases must be a mapping")
		}
		c.Aliases = map[string]map[string]string{}
		for alias, per := range am {
			pm, ok := per.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("correlation: alias %q must map rule names to fields", alias)
			}
			c.Aliases[alias] = map[string]string{}
			for rule, f := range pm {
				fs, ok := scalarText(f)
				if !ok {
					return nil, fmt.Errorf("correlation: alias %q: field for %q must be a string", alias, rule)
				}
				c.Aliases[alias][rule] = fs
			}
		}
	}
	return c, nil
}
