package webshell

import (
	"fmt"
	"strings"
	"sync"

	"github.com/yingji/yingji/internal/webshell/verdict"
	"github.com/yingji/yingji/internal/yara"
	"github.com/yingji/yingji/rules"
)

// The embedded YARA pack's webshell rules (rules/yara/webshells_*.yar)
// are a second, independent opinion. They are consulted only for files
// the analysis found suspicious but not conclusive: when a rule agrees,
// the two together are reported ("corroborated"); a rule alone never
// reports a file, since its strings can occur in benign code.

var (
	packOnce  sync.Once
	packRules *yara.Rules
	packErr   error
	scanners  = sync.Pool{New: func() any { return packRules.NewScanner() }}
)

// corroborateMin is the lowest analysis score that a rule can raise.
const corroborateMin = 40

func webshellRules() (*yara.Rules, error) {
	packOnce.Do(func() {
		p, err := rules.YARAPack()
		if err != nil {
			packErr = err
			return
		}
		packRules, packErr = yara.CompilePacks([]*yara.Pack{p}, nil)
	})
	return packRules, packErr
}

// corroborate scans b with the pack's webshell rules when the analysis
// score is in [corroborateMin, Report) and adds a detection for a match.
func corroborate(r *Result, b []byte) {
	if r.Score < corroborateMin || r.Score >= verdict.Report {
		return
	}
	if _, err := webshellRules(); err != nil {
		return
	}
	s := scanners.Get().(*yara.Scanner)
	defer scanners.Put(s)
	res, err := s.Scan(b, &yara.ScanOptions{})
	if err != nil || res == nil {
		return
	}
	for _, m := range res.Matches {
		if !hasTag(m.Tags, "webshell") {
			continue
		}
		desc, descZh := "", ""
		for _, md := range m.Metas {
			switch md.Name {
			case "description":
				desc = fmt.Sprint(md.Value)
			case "description_zh":
				descZh = fmt.Sprint(md.Value)
			}
		}
		top := r.Detections[0]
		r.Detections = append([]verdict.Detection{{
			Rule:  "yara." + m.Rule,
			Score: verdict.Report + 5,
			Why: fmt.Sprintf("The analysis found %s (score %d) and the YARA rule %s agrees: %s.",
				top.Rule, top.Score, m.Rule, strings.TrimSuffix(desc, ".")),
			WhyZh: fmt.Sprintf("分析发现 %s（评分 %d），且 YARA 规则 %s 同样命中：%s。",
				top.Rule, top.Score, m.Rule, strings.TrimSuffix(descZh, "。")),
			Sink: top.Sink,
		}}, r.Detections...)
		r.Score = verdict.Max(r.Detections)
		return
	}
}

func hasTag(tags []string, t string) bool {
	for _, x := range tags {
		if x == t {
			return true
		}
	}
	return false
}
