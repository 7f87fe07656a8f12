package php

import (
	"math/rand"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The regexps formNames replaced, as references.
var (
	formFieldRef   = regexp.MustCompile(`(?i)<(?:input|textarea|select)\b[^>]*?\bname\s*=\s*["']?([A-Za-z_][A-Za-z0-9_]*)`)
	formControlRef = regexp.MustCompile(`(?i)<(?:input|textarea|select)\b[^>]*?\b(?:name|id)\s*=\s*["']?([A-Za-z_][A-Za-z0-9_]*)`)
)

func formNamesList(s string, attrs []string, max int) []string {
	var out []string
	formNames(s, attrs, max, func(n string) { out = append(out, n) })
	return out
}

func refNames(re *regexp.Regexp, s string, max int) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(s, max) {
		out = append(out, m[1])
	}
	return out
}

// TestFormNamesEquivalent compares formNames with the regexps it
// replaced, on markup made of the fragments that matter to them.
func TestFormNamesEquivalent(t *testing.T) {
	frags := []string{"<", ">", "<input", "<INPUT", "<Input", "<textarea", "<TextArea", "<select", "<SELECT", "<\u017felect",
		"<inputs", "<input_", "<input1", "<inputé", "<input\u212a", " ", "\t", "\n", "\v", "\f", "\r", "name", "NAME", "Name", "nam",
		"id", "ID", "iD", "xname", "_name", "1name", "éname", "-name", "=", "==", "\"", "'", "`", "a", "Z", "_", "0", "9", "k",
		"\u212a", "\u017f", "s", "é", "\xff", "\xe2", "\xe2\x84", "\xc5", "value", "type=text", "/", "?", "<input name=x>",
		"<select id=\"y\">", "name = 'q'", "id=_a1\u212a", "<p>", "<br/>", "&"}
	check := func(s string) {
		t.Helper()
		for _, max := range []int{256, 2} {
			if got, want := formNamesList(s, []string{"name"}, max), refNames(formFieldRef, s, max); !slices.Equal(got, want) {
				t.Fatalf("name in %q (max %d): got %q, want %q", s, max, got, want)
			}
			if got, want := formNamesList(s, []string{"name", "id"}, max), refNames(formControlRef, s, max); !slices.Equal(got, want) {
				t.Fatalf("name or id in %q (max %d): got %q, want %q", s, max, got, want)
			}
		}
	}
	for _, f := range frags {
		for _, g := range frags {
			check(f + g)
			check("<input " + f + g)
			check("<select " + f + "=" + g)
		}
	}
	rng := rand.New(rand.NewSource(1))
	for range 100000 {
		var b strings.Builder
		for range rng.Intn(16) {
			b.WriteString(frags[rng.Intn(len(frags))])
		}
		check(b.String())
	}
	// Many matches, beyond the limit.
	check(strings.Repeat(`<input type="text" name="f1"><br>`, 300))
}
