// Package finding is the one model of a detection that every analyzer emits
// and every consumer (terminal, JSON Lines, timeline, report, server) reads.
//
// A finding must stand on its own in front of a customer: it says what was
// found in both languages, how bad it is, how sure we are, which ATT&CK
// technique and GB/T 20986-2023 event category it belongs to, the evidence a
// responder can check by hand, and what to do about it.
package finding

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Severity orders findings; the zero value is Info.
type Severity int

// Severities, lowest first.
const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = []string{"info", "low", "medium", "high", "critical"}

// String returns the lower-case English name.
func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("severity(%d)", int(s))
	}
	return severityNames[s]
}

// Zh returns the Chinese name used in reports.
func (s Severity) Zh() string {
	switch s {
	case Critical:
		return "严重"
	case High:
		return "高危"
	case Medium:
		return "中危"
	case Low:
		return "低危"
	}
	return "提示"
}

// ParseSeverity parses a severity name.
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return Info, fmt.Errorf("unknown severity %q (want one of %s)", s, strings.Join(severityNames, ", "))
}

// MarshalText encodes the severity by name.
func (s Severity) MarshalText() ([]byte, error) {
	if s < Info || s > Critical {
		return nil, fmt.Errorf("invalid severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// Evidence is one thing a responder can look at to confirm a finding. Paths
// are as seen on the target ("/etc/cron.d/x"), never as on the analysis host.
type Evidence struct {
	Path    string `json:"path,omitempty"`
	SHA256  string `json:"sha256,omitempty"`
	Line    int    `json:"line,omitempty"`
	Offset  *int64 `json:"offset,omitempty"`
	Excerpt string `json:"excerpt,omitempty"`
	PID     int    `json:"pid,omitempty"`
	// Other facts (a socket, a user, a URL, a decoding step) as key-value text.
	Fields map[string]string `json:"fields,omitempty"`
}

// Finding is one detection.
type Finding struct {
	Rule          string     `json:"rule"`
	Severity      Severity   `json:"severity"`
	Confidence    string     `json:"confidence,omitempty"` // "low", "medium", "high"
	Title         string     `json:"title"`
	TitleZh       string     `json:"title_zh"`
	Description   string     `json:"description,omitempty"`
	DescriptionZh string     `json:"description_zh,omitempty"`
	Attack        []string   `json:"attack,omitempty"`   // MITRE ATT&CK technique ids, e.g. T1053.003
	Category      string     `json:"category,omitempty"` // GB/T 20986-2023 code, e.g. MPMINER
	Evidence      []Evidence `json:"evidence,omitempty"`
	Time          *time.Time `json:"time,omitempty"`
	Advice        string     `json:"advice,omitempty"`
	AdviceZh      string     `json:"advice_zh,omitempty"`
	// Review is a responder's judgement of the finding, added by editing
	// a saved findings file; the report honours it.
	Review *Review `json:"review,omitempty"`
}

// Review records a responder's judgement of one finding.
type Review struct {
	// FalsePositive dismisses the finding: the report lists it among the
	// dismissed items with the Reason, which is then required.
	FalsePositive bool   `json:"false_positive,omitempty"`
	Reason        string `json:"reason,omitempty"`
	// Note is an annotation shown with the finding.
	Note string     `json:"note,omitempty"`
	By   string     `json:"by,omitempty"`
	Time *time.Time `json:"time,omitempty"`
}

// Dismissed reports whether a responder marked the finding as a false
// positive.
func (f *Finding) Dismissed() bool { return f.Review != nil && f.Review.FalsePositive }

// Validate checks the fields every finding must have.
func (f *Finding) Validate() error {
	var missing []string
	if f.Rule == "" {
		missing = append(missing, "rule")
	}
	if f.Title == "" {
		missing = append(missing, "title")
	}
	if f.TitleZh == "" {
		missing = append(missing, "title_zh")
	}
	if len(missing) > 0 {
		return fmt.Errorf("finding %q: missing %s", f.Rule, strings.Join(missing, ", "))
	}
	if f.Severity < Info || f.Severity > Critical {
		return fmt.Errorf("finding %q: invalid severity %d", f.Rule, int(f.Severity))
	}
	if f.Dismissed() && strings.TrimSpace(f.Review.Reason) == "" {
		return fmt.Errorf("finding %q: marked false positive without a reason", f.Rule)
	}
	return nil
}

// WriteJSONL writes findings as JSON Lines.
func WriteJSONL(w io.Writer, fs []Finding) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range fs {
		if err := enc.Encode(&fs[i]); err != nil {
			return err
		}
	}
	return nil
}

// ReadJSONL reads findings written by WriteJSONL. A malformed line is an
// error naming the line.
func ReadJSONL(r io.Reader) ([]Finding, error) {
	dec := json.NewDecoder(r)
	var out []Finding
	for {
		var f Finding
		err := dec.Decode(&f)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("findings: item %d: %w", len(out)+1, err)
		}
		out = append(out, f)
	}
}

// Excerpt shortens s to at most n runes for evidence, marking the cut.
func Excerpt(s string, n int) string {
	s = strings.TrimSpace(s)
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
