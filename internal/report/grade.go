package report

import (
	"fmt"
	"strings"
)

// Assessment is the responder's judgement of the three factors GB/T
// 20986-2023 grades an event by: the importance of the affected object
// (事件影响对象的重要程度), the loss to it (业务损失) and the harm to society
// (社会危害). Tools cannot measure these; a responder states them. Values
// are given in Chinese or English (see ParseAssessment).
type Assessment struct {
	Importance int // 1 特别重要, 2 重要, 3 一般; 0 not assessed
	Loss       int // 1 特别严重, 2 严重, 3 较大, 4 较小; 0 not assessed
	Social     int // 1 特别重大, 2 重大, 3 较大, 4 一般; 0 not assessed
}

var (
	importanceNames = [][2]string{{"特别重要", "especially important"}, {"重要", "important"}, {"一般", "general"}}
	lossNames       = [][2]string{{"特别严重", "especially serious"}, {"严重", "serious"}, {"较大", "considerable"}, {"较小", "minor"}}
	socialNames     = [][2]string{{"特别重大", "especially major"}, {"重大", "major"}, {"较大", "considerable"}, {"一般", "general"}}
	gradeNames      = [][2]string{{"特别重大事件（Ⅰ级）", "Especially major event (level I)"}, {"重大事件（Ⅱ级）", "Major event (level II)"},
		{"较大事件（Ⅲ级）", "Considerable event (level III)"}, {"一般事件（Ⅳ级）", "General event (level IV)"}}
)

// level finds a value's level in a table, by its Chinese or English name
// (any case, hyphens or spaces) or its number.
func level(v string, names [][2]string) (int, error) {
	v = strings.ToLower(strings.TrimSpace(strings.ReplaceAll(v, "-", " ")))
	if v == "" {
		return 0, nil
	}
	for i, n := range names {
		if v == n[0] || v == n[1] || v == fmt.Sprint(i+1) {
			return i + 1, nil
		}
	}
	var want []string
	for _, n := range names {
		want = append(want, n[0]+" ("+strings.ReplaceAll(n[1], " ", "-")+")")
	}
	return 0, fmt.Errorf("%q: want one of %s", v, strings.Join(want, ", "))
}

// ParseAssessment reads the three factors; empty strings leave a factor
// unassessed.
func ParseAssessment(importance, loss, social string) (Assessment, error) {
	var a Assessment
	var err error
	if a.Importance, err = level(importance, importanceNames); err != nil {
		return a, fmt.Errorf("importance %w", err)
	}
	if a.Loss, err = level(loss, lossNames); err != nil {
		return a, fmt.Errorf("loss %w", err)
	}
	if a.Social, err = level(social, socialNames); err != nil {
		return a, fmt.Errorf("social harm %w", err)
	}
	return a, nil
}

// gradeLevel applies the standard's rules: an event takes the most severe
// grade any of its criteria reaches.
//
//	特别重大: 特别重要 object, 特别严重 loss; or 特别重大 social harm
//	重大:     特别重要 object, 严重 loss; 重要 object, 特别严重 loss; or 重大 social harm
//	较大:     特别重要, 较大 loss; 重要, 严重 loss; 一般, 特别严重 loss; or 较大 social harm
//	一般:     every other case (特别重要 with 较小 loss, 重要 with 较大 or 较小,
//	          一般 with 严重 or less, or 一般 social harm)
//
// With importance i (1..3) and loss l (1..4), the grade from the pair is
// i+l-1 capped at 4, which is the table above.
func (a Assessment) gradeLevel() int {
	g := 0
	if a.Importance > 0 && a.Loss > 0 {
		g = min(a.Importance+a.Loss-1, 4)
	}
	if a.Social > 0 && (g == 0 || a.Social < g) {
		g = a.Social
	}
	return g
}

// grade builds the report's Grade.
func (a Assessment) grade(lang string) Grade {
	en := lang == LangEn
	pick := func(names [][2]string, i int) string {
		if i == 0 {
			return ""
		}
		if en {
			return names[i-1][1]
		}
		return names[i-1][0]
	}
	g := Grade{Level: a.gradeLevel(), Importance: pick(importanceNames, a.Importance), Loss: pick(lossNames, a.Loss), Social: pick(socialNames, a.Social)}
	if en {
		g.Criteria = []string{
			"Especially major (I): an especially important object suffers an especially serious loss, or the event causes especially major social harm.",
			"Major (II): an especially important object suffers a serious loss, or an important object an especially serious loss, or the event causes major social harm.",
			"Considerable (III): an especially important object suffers a considerable loss, an important object a serious loss, or a general object an especially serious loss, or the event causes considerable social harm.",
			"General (IV): any other event: an especially important object with a minor loss, an important object with a considerable or minor loss, a general object with a serious or lesser loss, or general social harm.",
		}
	} else {
		g.Criteria = []string{
			"特别重大事件（Ⅰ级）：特别重要的事件影响对象遭受特别严重的业务损失，或产生特别重大的社会危害。",
			"重大事件（Ⅱ级）：特别重要的影响对象遭受严重的业务损失，或重要的影响对象遭受特别严重的业务损失，或产生重大的社会危害。",
			"较大事件（Ⅲ级）：特别重要的影响对象遭受较大的业务损失，或重要的影响对象遭受严重的业务损失，或一般的影响对象遭受特别严重的业务损失，或产生较大的社会危害。",
			"一般事件（Ⅳ级）：其他情形，即特别重要的影响对象遭受较小的损失、重要的影响对象遭受较大或较小的损失、一般的影响对象遭受严重及以下的损失，或产生一般的社会危害。",
		}
	}
	if g.Level == 0 {
		if en {
			g.Name = "Not graded"
			g.Explanation = "The grade depends on the importance of the affected systems, the loss and the social harm, which the responder assesses with the customer (yingji triage --importance, --loss, --social). The criteria of GB/T 20986-2023 follow."
		} else {
			g.Name = "未定级"
			g.Explanation = "事件级别取决于事件影响对象的重要程度、业务损失和社会危害，需由应急响应人员与客户共同评估后给出（yingji triage --importance、--loss、--social）。GB/T 20986-2023 的分级标准如下。"
		}
		return g
	}
	g.Name = gradeNames[g.Level-1][0]
	if en {
		g.Name = gradeNames[g.Level-1][1]
	}
	var parts []string
	if a.Importance > 0 && a.Loss > 0 {
		if en {
			parts = append(parts, fmt.Sprintf("the affected object is %s and its loss %s", g.Importance, g.Loss))
		} else {
			parts = append(parts, fmt.Sprintf("事件影响对象的重要程度为“%s”，业务损失为“%s”", g.Importance, g.Loss))
		}
	}
	if a.Social > 0 {
		if en {
			parts = append(parts, fmt.Sprintf("the social harm is %s", g.Social))
		} else {
			parts = append(parts, fmt.Sprintf("社会危害为“%s”", g.Social))
		}
	}
	if en {
		g.Explanation = fmt.Sprintf("As assessed by the responders, %s; under GB/T 20986-2023 the event is graded %s, the most severe grade any criterion reaches.", strings.Join(parts, ", and "), g.Name)
	} else {
		g.Explanation = fmt.Sprintf("经应急响应人员评估，%s，依据 GB/T 20986-2023 取各要素所对应的最高级别，本事件定为%s。", strings.Join(parts, "；"), g.Name)
	}
	return g
}
