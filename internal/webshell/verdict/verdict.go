// Package verdict is the result every per-language webshell analysis
// returns: what was detected, how sure the analysis is, and the chain of
// evidence (input source, decoding steps, sink) a responder checks by hand.
//
// It is its own package so that the language analyses (php, jsp, asp, aspx)
// and the scanner that dispatches to them share one model without importing
// each other.
package verdict

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Score thresholds. A detection scored at or above Report is reported as a
// webshell finding; below it, it is supporting evidence only (shown with
// the file's other detections, never alone). A detection scored 0 whose
// rule ends in ".limit" is a note that the analysis reached one of its
// bounds (a decompression bomb, nesting, its step budget), so that a
// responder knows part of the file was not followed.
const (
	Report = 60 // medium confidence: dangerous behaviour with attacker input, or a known family
	High   = 80 // high confidence: attacker input reaches execution, or decoded hidden code does
)

// Goal says how much of a file an analysis has to explain.
type Goal uint8

const (
	// Explain: every detection the analysis can make within its bounds,
	// for a finding that explains itself.
	Explain Goal = iota
	// Decide: only whether the file is reported. An analysis may stop at
	// its first detection scoring Report: scores only rise as an analysis
	// goes on (a detection is never withdrawn or lowered), so the verdict
	// is the same as with Explain, and the detections returned are the
	// ones found up to that point, their points possibly without
	// excerpts. For listing reported files (yingji webshell -l), where
	// most of the cost is in large malicious files whose first reason is
	// found early.
	Decide
)

// Point is one place in the file that the explanation refers to.
type Point struct {
	Line    int    `json:"line,omitempty"`    // 1-based line in the analysed text (0: unknown)
	What    string `json:"what"`              // e.g. "$_POST['x']", "base64_decode", "Runtime.exec"
	Excerpt string `json:"excerpt,omitempty"` // the source text around it, at most ExcerptMax bytes
}

// ExcerptMax bounds every excerpt, so that a one-line 100 MB file cannot
// make a finding 100 MB.
const ExcerptMax = 200

// Detection is one reason to believe a file is a webshell.
type Detection struct {
	// Rule is a stable identifier, "<lang>.<behaviour>" for analyses
	// (php.exec-input, jsp.classloader-input) and "family.<name>" or
	// "yara.<rule>" for recognitions.
	Rule   string `json:"rule"`
	Score  int    `json:"score"`            // 0..100; see Report and High
	Family string `json:"family,omitempty"` // known family when recognised, e.g. "Behinder"

	Source *Point  `json:"source,omitempty"` // attacker-controlled input, when one is involved
	Steps  []Point `json:"steps,omitempty"`  // decoding or propagation steps, in order
	Sink   *Point  `json:"sink,omitempty"`   // the dangerous operation

	Why   string `json:"why"`    // one sentence in English
	WhyZh string `json:"why_zh"` // the same in Chinese
}

// Excerpt returns the text of line (1-based) in src, trimmed and bounded
// to ExcerptMax bytes, or "" for a line outside src.
func Excerpt(src []byte, line int) string {
	if line < 1 {
		return ""
	}
	start := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[start:], '\n')
		if i < 0 {
			return ""
		}
		start += i + 1
	}
	return ExcerptAt(src, start)
}

// ExcerptAt returns the line of src holding byte offset off, trimmed and
// bounded to ExcerptMax bytes around off (a one-line packed file shows the
// part that matters, not its first 200 bytes).
func ExcerptAt(src []byte, off int) string {
	if off < 0 || off > len(src) {
		return ""
	}
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	end := bytes.IndexByte(src[off:], '\n')
	if end < 0 {
		end = len(src)
	} else {
		end += off
	}
	return ExcerptLine(src, start, end, off)
}

// LineStarts returns the offsets in src at which its lines start: 0 and
// the offset after each newline. It is the table ExcerptIn reads.
func LineStarts(src []byte) []int {
	starts := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return starts
		}
		off += i + 1
		starts = append(starts, off)
	}
}

// ExcerptIn is ExcerptAt for a caller with src's LineStarts that knows
// off is on the 1-based line: "" when it is not (or either is outside
// src).
func ExcerptIn(src []byte, starts []int, line, off int) string {
	if line < 1 || line > len(starts) || off < 0 || off > len(src) {
		return ""
	}
	start, end := starts[line-1], len(src)
	if line < len(starts) {
		end = starts[line] - 1
	}
	if off < start || off > end {
		return ""
	}
	return ExcerptLine(src, start, end, off)
}

// ExcerptLine is ExcerptAt for a caller that knows the line of off spans
// src[start:end] (an analysis with a table of line starts, for which a
// search from off would cost the line's length at every point).
func ExcerptLine(src []byte, start, end, off int) string {
	line := bytes.TrimSpace(src[start:end])
	if len(line) <= ExcerptMax {
		return string(line)
	}
	// Window of ExcerptMax bytes starting a little before off.
	lo := max(off-ExcerptMax/4, start)
	hi := min(lo+ExcerptMax, end)
	for lo < hi && !utf8.RuneStart(src[lo]) {
		lo++
	}
	for hi > lo && hi < len(src) && !utf8.RuneStart(src[hi]) {
		hi--
	}
	s := string(src[lo:hi])
	if lo > start {
		s = "…" + s
	}
	if hi < end {
		s += "…"
	}
	return s
}

// Clip trims s and bounds it to ExcerptMax bytes (on a UTF-8 boundary),
// marking a cut with "…".
func Clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) <= ExcerptMax {
		return s
	}
	cut := ExcerptMax
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// IsNote reports whether d is a note about the analysis's limits.
func IsNote(d Detection) bool { return d.Score == 0 && strings.HasSuffix(d.Rule, ".limit") }

// Max returns the highest score among ds, 0 for none.
func Max(ds []Detection) int {
	m := 0
	for _, d := range ds {
		m = max(m, d.Score)
	}
	return m
}
