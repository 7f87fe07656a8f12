package pathenc

import (
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, esc, member string }{
		{"etc/passwd", "etc/passwd", "etc/passwd"},
		{"var/www/网站/index.php", "var/www/网站/index.php", "var/www/网站/index.php"},
		{"tmp/a|b", "tmp/a%7Cb", "tmp/a%7Cb"},
		{"tmp/100%", "tmp/100%25", "tmp/100%25"},
		{"tmp/x\ny", "tmp/x%0Ay", "tmp/x%0Ay"},
		{"tmp/\xff\xfe", "tmp/%FF%FE", "tmp/%FF%FE"},
		{"tmp/gpj\u202eexe.jpg", "tmp/gpj%E2%80%AEexe.jpg", "tmp/gpj%E2%80%AEexe.jpg"},
		{"lib/libc6:amd64.list", "lib/libc6:amd64.list", "lib/libc6%3Aamd64.list"},
		{`a\b`, `a\b`, "a%5Cb"},
		{"tmp/...", "tmp/...", "tmp/..."},
		{"x\u200by", "x%E2%80%8By", "x%E2%80%8By"},
		{"\xc3", "%C3", "%C3"}, // truncated UTF-8 sequence
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.esc {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.esc)
		}
		if got := Member(tt.in); got != tt.member {
			t.Errorf("Member(%q) = %q, want %q", tt.in, got, tt.member)
		}
		for _, enc := range []string{tt.esc, tt.member} {
			back, err := Unescape(enc)
			if err != nil || back != tt.in {
				t.Errorf("Unescape(%q) = %q, %v; want %q", enc, back, err, tt.in)
			}
		}
	}
}

func TestDisplay(t *testing.T) {
	if got := Display("curl x | sh 100% \x1b[31m\u202e"); got != "curl x | sh 100% %1B[31m%E2%80%AE" {
		t.Errorf("Display = %q", got)
	}
}

func TestUnescapeMalformed(t *testing.T) {
	for _, s := range []string{"%", "%4", "%zz", "a%G0"} {
		if _, err := Unescape(s); err == nil {
			t.Errorf("Unescape(%q): no error", s)
		}
	}
}

func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"", "etc/passwd", "a|b%c\n", "\xff", "网站\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, enc := range []string{Escape(s), Member(s)} {
			if !utf8.ValidString(enc) {
				t.Fatalf("encoding of %q is not valid UTF-8: %q", s, enc)
			}
			for i := 0; i < len(enc); i++ {
				if c := enc[i]; c < 0x20 || c == 0x7f || c == '|' {
					t.Fatalf("encoding of %q contains byte %#x", s, c)
				}
			}
			back, err := Unescape(enc)
			if err != nil || back != s {
				t.Fatalf("round trip of %q via %q gave %q, %v", s, enc, back, err)
			}
		}
	})
}
