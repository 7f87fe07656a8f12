package re

import "testing"

func TestSmoke(t *testing.T) {
	data := []byte("xxabcabcYYab\nc a1b22b")
	for _, tc := range []struct {
		re    string
		start int
		want  int
	}{
		{"a.*?b", 2, 2}, {".*abc", 0, 8}, {"a[^c]*c", 10, 4}, {"a+b", 2, 2}, {"(a|ab)c", 2, 3},
	} {
		p := MustCompileRegexp(tc.re, 0)
		if got := p.MatchAt(data, tc.start); got != tc.want {
			t.Errorf("%s at %d: got %d want %d", tc.re, tc.start, got, tc.want)
		}
	}
	a, err := ParseHex("61 [0-3] 62")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := Compile(a, 0)
	if got := p.MatchAt(data, 2); got != 2 {
		t.Errorf("hex got %d", got)
	}
}
