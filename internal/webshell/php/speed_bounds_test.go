package php

import (
	"fmt"
	"strings"
	"testing"
)

// analysisSteps analyses src as analyzeIn does in verdict.Decide and
// returns the evaluations the analysis made: the work counted against
// maxEvalSteps, which a file's shape must not make grow faster than the
// file.
func analysisSteps(src string) int {
	sh := &shared{decoded: map[string]decoded{}, nested: map[string]nestedResult{}, badCmd: map[string][2]string{}, decide: true}
	sh.ar, sh.arPooled = arenaPool.Get().(*arena), true
	sh.vals = sh.ar.vals[:0]
	defer sh.release()
	a := newAnalyzerText([]byte(src), src, 0, sh)
	sh.self = src
	a.decisive = true
	a.run()
	return a.steps
}

// TestStepsLinear: files of the shapes that made the analysis quadratic
// or exponential stay within a fixed number of evaluations per line.
func TestStepsLinear(t *testing.T) {
	shapes := []struct {
		name string
		make func(n int) string
		per  int // evaluations allowed per repetition
	}{
		{
			// A straight-line obfuscator: variable variables named
			// through $GLOBALS, each assigned and then read (all kept
			// under "$$", so that every read folded every assignment
			// before it).
			"variable variables read after each assignment",
			func(n int) string {
				var b strings.Builder
				b.WriteString("<?php\n")
				for i := range n {
					fmt.Fprintf(&b, "$GLOBALS['k%d'] = 'v%d';\n${$GLOBALS['k%d']} = strrev(${$GLOBALS['k%d']} . 'x');\nfile_put_contents('out.txt', ${$GLOBALS['k%d']});\n", i, i, i, max(i-1, 0), i)
				}
				return b.String()
			},
			60,
		},
		{
			// A text filter that rewrites its argument step by step,
			// each step reading the text twice: a read before every
			// assignment folded each step again for both its reads.
			"a parameter rewritten from itself",
			func(n int) string {
				var b strings.Builder
				b.WriteString("<?php\nfunction filter($text) {\n")
				for i := range n {
					fmt.Fprintf(&b, "\t$text = str_replace('a%d', $text, $text);\n", i)
				}
				b.WriteString("\tfile_put_contents('out.txt', $text);\n}\n")
				return b.String()
			},
			40,
		},
		{
			// A helper reading the file its argument names into the same
			// variable: its URL prefix was looked for round the cycle
			// until the evaluation's depth bound, at each call.
			"a variable read into itself",
			func(n int) string {
				var b strings.Builder
				b.WriteString("<?php\n")
				for i := range n {
					fmt.Fprintf(&b, "function w%d($source) {\n\t$source = @file_get_contents($source);\n\treturn $source;\n}\n", i)
				}
				return b.String()
			},
			40,
		},
	}
	for _, s := range shapes {
		t.Run(s.name, func(t *testing.T) {
			for _, n := range []int{10, 20, 200} {
				got := analysisSteps(s.make(n))
				t.Logf("n=%d: %d evaluations", n, got)
				if got > s.per*n+100 {
					t.Errorf("n=%d: %d evaluations, want at most %d", n, got, s.per*n+100)
				}
			}
		})
	}
}
