// Package sigma is yingji's Sigma rule engine: it loads Sigma detection
// and correlation rules (YAML) and evaluates them against log events.
//
// # Design
//
// Rules are compiled once. Parse decodes each YAML document, translates
// every Sigma field name to yingji's canonical event field through the
// field map of the rule's logsource (fieldmap.go), turns every value
// into a matcher (wildcards into one of exact/prefix/suffix/contains or
// a glob; regular expressions, CIDR prefixes and numbers parsed up
// front), and the condition into a tree of and/or/not nodes over the
// compiled selections. Evaluating a rule is then a walk of that tree with
// Event.Field lookups; matching does not allocate (Set.AppendMatches with
// a reused slice), measured by BenchmarkMatch. A Matcher, one per
// goroutine, matches faster when many rules search the same field (the
// command lines): it reads and lowers each such field once per event, and
// skips the |contains patterns with a pair of bytes the value lacks.
//
// A Set indexes detection rules by the parsers (the canonical "source"
// field) that can produce their logsource, so a webserver rule is never
// evaluated against an sshd event. A Correlator takes each event with
// the rules it matched and keeps per-group sliding-window state for the
// correlation rules; see Correlator for the windowing, burst and memory
// rules.
//
// Typical use:
//
//	set, errs := sigma.LoadFS(os.DirFS(dir), ".", nil) // errs name file and rule
//	corr := sigma.NewCorrelator(set, nil)
//	var matched []*sigma.Rule
//	for ev := range events { // in time order
//		matched = set.AppendMatches(matched[:0], ev)
//		for _, r := range matched { if !r.Hidden { report(r, ev) } }
//		for _, m := range corr.Process(ev, matched) { reportCorrelation(m) }
//	}
//	for _, m := range corr.Flush() { reportCorrelation(m) }
//
// # Supported
//
// Rule metadata: title, id, name, status, description, references,
// author, date, modified, tags, level, falsepositives, fields,
// logsource; other keys are kept in Rule.Raw. Multi-document files with
// action: global / reset / repeat, and correlation rules in the same
// file as their base rules.
//
// Detection: selections as maps (AND), lists of maps (OR), value lists
// (OR, AND with |all), keyword lists and plain strings searched in
// Event.Keywords() (case-insensitive substring, wildcards allowed), the
// keyless "|modifier" form searching keywords, null (field absent or
// empty), an empty string (present and empty), numbers (textual or numeric equality),
// booleans. Wildcards * and ? with \ escaping *, ? and \ (a backslash
// before anything else is literal). Values are case-insensitive unless
// |cased; field names are case-sensitive.
//
// Modifiers: contains, startswith, endswith, all, cased, exists, re with
// i/m/s, cidr (IPv4 and IPv6, IPv4-mapped addresses unmapped), base64,
// base64offset (the three offset encodings, trimmed as pySigma does),
// wide/utf16le, utf16be, utf16 (with BOM), windash (-, /, en dash, em
// dash, horizontal bar at flag positions, every combination; past 4096
// combinations only the five all-same variants), gt/gte/lt/lte, neq
// (spec 2.1: negates the item, so an absent field matches), fieldref
// (also with contains/startswith/endswith), expand (%name% from
// Options.Placeholders; an undefined placeholder is a compile error, not
// a silent non-match, because "selection and not filter" would otherwise
// fire on everything). Encoding modifiers apply in the order written;
// contains/startswith/endswith are applied last whatever their position.
// Base64-derived values are matched case-sensitively: the base64
// alphabet is case-significant and folding would match unrelated text.
//
// Conditions: and, or, not, parentheses, selection names, "1 of x*",
// "any of x*", "N of x*", "all of x*", "1 of them", "all of them" (them
// leaves out selections starting with "_", as pySigma), precedence
// not > and > or; a list of conditions is ORed.
//
// Correlations (specification v2): event_count, value_count, temporal,
// temporal_ordered; rules by id or name (names defined in the same file
// preferred); group-by (several fields); timespan in s, m, h, d;
// condition gt, gte, lt, lte, eq, neq and ranges (bounds ANDed);
// value_count field; aliases; generate (rules referenced only by
// correlations without generate: true get Rule.Hidden); chains of
// correlations (a correlation match is an Event of its rule).
//
// # Deliberate gaps
//
//   - Regular expressions use Go's RE2: lookaround, backreferences,
//     possessive quantifiers and atomic groups are rejected with an error
//     naming the file, the rule and the construct's class.
//   - Time modifiers of spec 2.1 (minute, hour, day, week, month, year),
//     the value_sum/value_avg/value_percentile correlation types and
//     Sigma filters (meta rules) are not implemented; rules using them
//     fail to compile with an error.
//   - The first specification's aggregation in conditions
//     ("selection | count(field) by group > N" with timeframe) is
//     compiled as a correlation rule over a base rule (aggregation.go);
//     its min, max, avg, sum and near are rejected. timeframe is ignored
//     elsewhere.
//   - Case folding: ASCII folding, plus full Unicode lower-casing when
//     the rule value has non-ASCII text (see strMatcher).
//   - A Sigma field maps to one canonical field; fields without a
//     canonical counterpart (auditd a0..aN, ParentImage) are looked up
//     under their Sigma name, which an Event may answer or not.
//   - Rules whose logsource is not in the field map are evaluated against
//     every event; an event without a "source" field is tested against
//     every rule.
//
// # Hostile input
//
// Rule files are bounded (Options.MaxFileSize, 1 MiB by default), the
// YAML decoder refuses excessive aliasing, conditions are bounded in
// length and nesting, value expansion (windash, expand, base64offset) is
// capped at 4096 alternatives per value, regular expressions at 8 KiB
// (RE2 has no catastrophic backtracking), and Parse recovers from any
// panic into an error. FuzzParse and FuzzCondition exercise these.
package sigma
