package sigma

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Sigma's first specification counted matches in the condition itself:
//
//	condition: selection | count(User) by SourceIp > 3
//	timeframe: 1h
//
// The current specification replaced this with correlation rules, but
// rule sets written against the old one are still common, so such a rule
// is compiled as what it means: its detection as a base rule that reports
// nothing on its own, and an event_count (count()) or value_count
// (count(field)) correlation rule over it, grouped by the "by" field,
// over the timeframe, carrying the rule's title, id, level and tags.

// defaultTimeframe is the window of an aggregation without timeframe.
// The old specification left it open; a day keeps the state bounded and
// covers the brute forces and scans these rules look for.
const defaultTimeframe = "1d"

// aggregationRe parses the aggregation after the '|'.
var aggregationRe = regexp.MustCompile(`^\s*count\(\s*([\w.\-]*)\s*\)\s*(?:by\s+([\w.\-]+)\s*)?(<=|>=|==|!=|<|>)\s*(\d+)\s*$`)

var aggregationOps = map[string]string{"<": "lt", "<=": "lte", ">": "gt", ">=": "gte", "==": "eq", "!=": "neq"}

// expandAggregation returns the base and correlation documents of a rule
// whose condition has an aggregation, nil when it has none, or an error
// for an aggregation the engine does not support (min, max, avg, sum,
// near).
func expandAggregation(m map[string]any) ([]map[string]any, error) {
	det, ok := m["detection"].(map[string]any)
	if !ok {
		return nil, nil
	}
	cond, ok := det["condition"].(string)
	if !ok {
		if l, isList := det["condition"].([]any); isList && len(l) == 1 {
			cond, ok = l[0].(string)
		}
	}
	if !ok || !strings.Contains(cond, "|") {
		return nil, nil
	}
	expr, agg, _ := strings.Cut(cond, "|")
	sm := aggregationRe.FindStringSubmatch(agg)
	if sm == nil {
		return nil, fmt.Errorf("aggregation %q: only count() [by field] <op> N is supported (the obsolete min, max, avg, sum and near are not); use a correlation rule", strings.TrimSpace(agg))
	}
	field, groupBy, op, n := sm[1], sm[2], aggregationOps[sm[3]], sm[4]
	count, _ := strconv.ParseInt(n, 10, 64)

	id, _ := scalarText(m["id"])
	title, _ := scalarText(m["title"])
	baseName := "aggregation base of " + firstNonEmpty(id, title, "an unnamed rule")

	base := make(map[string]any, len(m))
	for k, v := range m {
		switch k {
		case "id", "name", "timeframe":
		default:
			base[k] = v
		}
	}
	baseDet := make(map[string]any, len(det))
	for k, v := range det {
		baseDet[k] = v
	}
	baseDet["condition"] = strings.TrimSpace(expr)
	base["detection"] = baseDet
	base["name"] = baseName

	corr := make(map[string]any, len(m))
	for k, v := range m {
		switch k {
		case "detection", "logsource", "timeframe":
		default:
			corr[k] = v
		}
	}
	timespan, _ := scalarText(m["timeframe"])
	if timespan == "" {
		timespan = defaultTimeframe
	}
	condition := map[string]any{op: count}
	typ := "event_count"
	if field != "" {
		typ = "value_count"
		condition["field"] = field
	}
	c := map[string]any{"type": typ, "rules": []any{baseName}, "timespan": timespan, "condition": condition}
	if groupBy != "" {
		c["group-by"] = []any{groupBy}
	}
	corr["correlation"] = c
	return []map[string]any{base, corr}, nil
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}
