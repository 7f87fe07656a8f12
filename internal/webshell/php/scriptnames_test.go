package php

import "testing"

// TestScriptNames checks that a script path known only by how it ends is
// named by its extension, not as an empty list.
func TestScriptNames(t *testing.T) {
	for _, c := range []struct {
		v      *value
		en, zh string
	}{
		{&value{strs: []string{"a.php", "b.php"}}, "a.php | b.php", "a.php | b.php"},
		{&value{ext: ".php"}, "a name ending in .php", "以 .php 结尾的文件名"},
	} {
		if en, zh := scriptNames(c.v); en != c.en || zh != c.zh {
			t.Errorf("scriptNames(%+v) = %q, %q; want %q, %q", c.v, en, zh, c.en, c.zh)
		}
	}
}
