package verdict

import (
	"sort"
	"strings"
	"testing"
)

// TestExcerptIn: with the table of LineStarts and the right line,
// ExcerptIn gives ExcerptAt's excerpt at every offset; with another
// line, nothing.
func TestExcerptIn(t *testing.T) {
	for _, src := range []string{
		"",
		"one line",
		"a\nb\n\nlast",
		"trailing newline\n",
		"\n\n",
		"  short  \n" + strings.Repeat("packé ", 100) + "\nend",
	} {
		b := []byte(src)
		starts := LineStarts(b)
		if want := strings.Count(src, "\n") + 1; len(starts) != want {
			t.Fatalf("%q: %d line starts, want %d", src, len(starts), want)
		}
		for off := -1; off <= len(b)+1; off++ {
			line := sort.SearchInts(starts, off+1) // the line holding off
			if got, want := ExcerptIn(b, starts, line, off), ExcerptAt(b, off); got != want {
				t.Errorf("%q at %d (line %d): ExcerptIn %q, ExcerptAt %q", src, off, line, got, want)
			}
			if got := ExcerptIn(b, starts, line+1, off); got != "" && line+1 <= len(starts) && off < starts[line] {
				t.Errorf("%q at %d: line %d gives %q", src, off, line+1, got)
			}
		}
	}
}
