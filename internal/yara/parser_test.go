package yara

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// parseCases are rule sources with the first error we must report ("" for
// none) and its position. When yarac is installed each case is also
// compiled by it and the verdict and error line must agree.
var parseCases = []struct {
	name      string
	src       string
	err       string // substring of the first error message
	line, col int
	// yaraLine is the line yara reports when it differs from ours: yara
	// reports the line of the token its parser read last, which for some
	// errors is past the offending token.
	yaraLine int
}{
	{"minimal", `rule a { condition: true }`, "", 0, 0, 0},
	{"modifiers and tags", `private global rule a : t1 t2 { condition: true }`, "", 0, 0, 0},
	{"meta", `rule a { meta: s = "x\"y" i = -1 j = 0x10 b = true c = false condition: true }`, "", 0, 0, 0},
	{"text modifiers", `rule a { strings: $a = "x" nocase wide ascii fullword private condition: $a }`, "", 0, 0, 0},
	{"xor range", `rule a { strings: $a = "xyz" xor(0x01-0xff) condition: $a }`, "", 0, 0, 0},
	{"xor single", `rule a { strings: $a = "xyz" xor(7) wide condition: $a }`, "", 0, 0, 0},
	{"base64 alphabet", `rule a { strings: $a = "xyz" base64("!@#$%^&*(){}[].,|ABCDEFGHIJ\x09LMNOPQRSTUVWXYZabcdefghijklmnopqrstu") base64wide("!@#$%^&*(){}[].,|ABCDEFGHIJ\x09LMNOPQRSTUVWXYZabcdefghijklmnopqrstu") condition: $a }`, "", 0, 0, 0},
	{"two alphabets", `rule a { strings: $a = "xyz" base64("!@#$%^&*(){}[].,|ABCDEFGHIJ\x09LMNOPQRSTUVWXYZabcdefghijklmnopqrstu") base64wide condition: $a }`, "can not specify multiple alphabets", 1, 108, 0},
	{"escapes", `rule a { strings: $a = "\x41\t\n\r\\\"" condition: $a }`, "", 0, 0, 0},
	{"hex", `rule a { strings: $a = { 4D 5A ?? ?0 A? [2] [1-3] [4-] ( 01 | 02 03 | ( 04 | 05 ) ) [-] FF } condition: $a }`, "", 0, 0, 0},
	{"hex comments", "rule a { strings: $a = { AA // c\n BB /* x */ } condition: $a }", "", 0, 0, 0},
	{"regexp", `rule a { strings: $a = /ab\/c[0-9]{1,3}/is wide condition: $a }`, "", 0, 0, 0},
	{"anonymous", `rule a { strings: $ = "a" $ = "b" condition: all of them }`, "", 0, 0, 0},
	{"wildcard set", `rule a { strings: $a1 = "a" $a2 = "b" $b = "c" condition: 2 of ($a*, $b) }`, "", 0, 0, 0},
	{"percent", `rule a { strings: $a = "a" condition: 50% of them }`, "", 0, 0, 0},
	{"of in range", `rule a { strings: $a = "a" condition: any of ($a) in (0..100) }`, "", 0, 0, 0},
	{"none of", `rule a { strings: $a = "a" condition: none of them }`, "", 0, 0, 0},
	{"count offset length", `rule a { strings: $a = "a" condition: #a > 1 and @a[1] < 10 and !a[1] == 1 and @a == 0 and !a == 1 and #a in (0..10) == 1 }`, "", 0, 0, 0},
	{"at and in", `rule a { strings: $a = "a" $b = "b" condition: $a at 0 and $b in (0..filesize) }`, "", 0, 0, 0},
	{"for in range", `rule a { strings: $a = "a" condition: for all i in (1..#a) : ( @a[i] > 5 ) }`, "", 0, 0, 0},
	{"for in enum", `rule a { condition: for any i in (1, 2, 3) : ( i == 2 ) }`, "", 0, 0, 0},
	{"for of", `rule a { strings: $a = "a" condition: for any of them : ( $ at 0 and # > 0 and @ > 0 and ! > 0 ) }`, "", 0, 0, 0},
	{"rule refs", `rule b { condition: true } rule bc { condition: true } rule a { condition: b and any of (b, bc*) }`, "", 0, 0, 0},
	{"self ref", `rule a { condition: a }`, "", 0, 0, 0},
	{"arith", `rule a { condition: 1 + 2 * 3 \ 1 % 5 - -1 == 8 and (1 | 2 ^ 3 & ~4 << 1 >> 1) > 0 and 1KB == 1024 and 1MB > 0 and 0o17 == 15 and 1.5 > 1 }`, "", 0, 0, 0},
	{"int funcs", `rule a { condition: uint16(0) == 0x5a4d and uint32be(4) > 0 and int8(filesize - 1) < 0 }`, "", 0, 0, 0},
	{"string ops", `rule a { condition: "abc" contains "b" and "abc" icontains "B" and "a" startswith "a" and "a" istartswith "A" and "a" endswith "a" and "a" iendswith "A" and "a" iequals "A" and "a" matches /a/i }`, "", 0, 0, 0},
	{"not defined", `rule a { condition: not defined 1 or not 1 == 2 }`, "", 0, 0, 0},
	{"paren levels", `rule a { condition: (1) + 2 == 3 and (true) and ((1 == 1) or false) }`, "", 0, 0, 0},
	{"modules", `import "pe" rule a { condition: pe.number_of_sections > 1 and pe.imports("k.dll", "f") and pe.sections[0].name == ".text" and for any s in pe.sections : ( s.name == "x" ) }`, "", 0, 0, 0},
	{"entrypoint", `rule a { condition: entrypoint >= 0 }`, "", 0, 0, 0},

	{"syntax error", "rule a { condition: true and }", "syntax error", 1, 30, 0},
	{"syntax error line 2", "rule a { condition: true\n and and }", "syntax error", 2, 6, 0},
	{"missing brace", "rule a condition: true }", "syntax error", 1, 8, 0},
	{"true == true", "rule a { condition: true == true }", "syntax error", 1, 26, 0},
	{"chained compare", "rule a { condition: 1 < 2 < 3 }", "syntax error", 1, 27, 0},
	{"wildcard outside set", `rule a { strings: $a = "x" condition: $a* }`, "syntax error", 1, 39, 0},
	{"duplicate rule", "rule a { condition: true }\nrule a { condition: true }", `duplicated identifier "a"`, 2, 6, 0},
	{"duplicate string", `rule a { strings: $a = "x" $a = "y" condition: $a }`, `duplicated string identifier "$a"`, 1, 28, 0},
	{"duplicate tag", `rule a : t t { condition: true }`, `duplicated tag identifier "t"`, 1, 12, 0},
	{"undefined string", `rule a { strings: $a = "x" condition: $a and $c }`, `undefined string "$c"`, 1, 46, 0},
	{"undefined wildcard", `rule a { strings: $a = "x" condition: any of ($b*) }`, `undefined string "$b*"`, 1, 47, 0},
	{"unreferenced", "rule a {\n strings: $a = \"x\"\n condition: true\n}", `unreferenced string "$a"`, 2, 11, 4},
	{"unreferenced private", `rule a { strings: $a = "x" private condition: true }`, `unreferenced string "$a"`, 1, 19, 0},
	{"unreferenced anonymous", `rule a { strings: $ = "x" condition: true }`, `unreferenced string "$"`, 1, 19, 0},
	{"anonymous misuse", `rule a { strings: $a = "x" condition: $ }`, "wrong use of anonymous string", 1, 39, 0},
	{"undefined identifier", `rule a { condition: foo }`, `undefined identifier "foo"`, 1, 21, 0},
	{"module not imported", `rule a { condition: pe.is_dll() }`, `undefined identifier "pe"`, 1, 21, 0},
	{"unknown module", `import "nosuch"`, `unknown module "nosuch"`, 1, 8, 0},
	{"forward rule ref", `rule a { condition: b } rule b { condition: true }`, `undefined identifier "b"`, 1, 21, 0},
	{"empty string", `rule a { strings: $a = "" condition: $a }`, `empty string "$a"`, 1, 24, 0},
	{"xor nocase", `rule a { strings: $a = "x" nocase xor condition: $a }`, "invalid modifier combination: xor nocase", 1, 19, 0},
	{"base64 fullword", `rule a { strings: $a = "xyz" base64wide xor fullword condition: $a }`, "invalid modifier combination: base64wide fullword", 1, 19, 0},
	{"duplicated modifier", `rule a { strings: $a = "x" wide wide condition: $a }`, "duplicated modifier", 1, 33, 0},
	{"alphabet length", `rule a { strings: $a = "xyz" base64("abc") condition: $a }`, "length of base64 alphabet must be 64", 1, 30, 0},
	{"xor bounds", `rule a { strings: $a = "xyz" xor(2-1) condition: $a }`, "xor lower bound exceeds upper bound", 1, 30, 0},
	{"xor range", `rule a { strings: $a = "xyz" xor(256) condition: $a }`, "invalid xor range", 1, 30, 0},
	{"regexp xor", `rule a { strings: $a = /abc/ xor condition: $a }`, "syntax error", 1, 30, 0},
	{"hex nocase", `rule a { strings: $a = { AA } nocase condition: $a }`, "syntax error", 1, 31, 0},
	{"hex leading jump", `rule a { strings: $a = { [2] AA } condition: $a }`, `invalid hex string "$a": syntax error`, 1, 24, 0},
	{"hex jump range", `rule a { strings: $a = { AA [3-2] BB } condition: $a }`, "invalid jump range", 1, 24, 0},
	{"hex jump zero", `rule a { strings: $a = { AA [0] BB } condition: $a }`, "invalid jump length", 1, 24, 0},
	{"hex odd digits", `rule a { strings: $a = { AA B } condition: $a }`, "uneven number of digits", 1, 24, 0},
	{"hex unbounded in alt", `rule a { strings: $a = { AA ( BB | CC [-] DD ) } condition: $a }`, "unbounded jumps not allowed inside alternation", 1, 24, 0},
	{"hex long jump in alt", `rule a { strings: $a = { AA ( BB | CC [1-300] DD ) } condition: $a }`, "jumps over 200 not allowed inside alternation", 1, 24, 0},
	{"hex not operator", `rule a { strings: $a = { AA ~BB } condition: $a }`, "syntax error", 1, 24, 0},
	{"hex empty alt", `rule a { strings: $a = { AA ( BB | ) } condition: $a }`, "syntax error", 1, 24, 0},
	{"illegal escape", `rule a { strings: $a = "a\qb" condition: $a }`, "illegal escape sequence", 1, 26, 0},
	{"unterminated string", "rule a { strings: $a = \"ab\ncd\" condition: $a }", "unterminated string", 1, 24, 2},
	{"unterminated regexp", "rule a { strings: $a = /ab\ncd/ condition: $a }", "unterminated regular expression", 1, 24, 2},
	{"hex error spans lines", "rule a {\n strings:\n  $a = { AA\n BB C }\n  $b = \"x\"\n condition: $a and $b }", "uneven number of digits", 3, 8, 4},
	{"undefined string at end of line", "rule a {\n strings: $a = \"x\"\n condition: $a and $b\n}", `undefined string "$b"`, 3, 20, 4},
	{"regexp flags order", `rule a { strings: $a = /abc/si condition: $a }`, "syntax error", 1, 30, 0},
	{"regexp class slash", `rule a { strings: $a = /a[/]b/ condition: $a }`, "syntax error", 1, 28, 0},
	{"type mismatch", `rule a { condition: "a" == 1 }`, "type mismatch", 1, 25, 0},
	{"string plus", `rule a { condition: "a" + "b" == "ab" }`, `strings don't support "+" operation`, 1, 25, 0},
	{"float modulo", `rule a { condition: 1.5 % 2 == 1 }`, `wrong type "float" for % operator`, 1, 21, 0},
	{"bool arith", `rule a { condition: 1 + true }`, "syntax error", 1, 25, 0},
	{"rule plus", `rule a { condition: a + 1 == 1 }`, "type mismatch", 1, 23, 0},
	{"contains int", `rule a { condition: "a" contains 1 }`, `wrong type "integer" for contains operator`, 1, 34, 0},
	{"at string", `rule a { strings: $a = "x" condition: $a at "x" }`, `wrong type "string" for at operator`, 1, 45, 0},
	{"division by zero", `rule a { condition: 1 \ 0 == 1 }`, "division by zero", 1, 23, 0},
	{"overflow", `rule a { condition: 9223372036854775807 + 1 == 1 }`, "integer overflow", 1, 41, 0},
	{"literal overflow", `rule a { condition: 9223372036854775808 > 0 }`, "integer overflow", 1, 21, 0},
	{"percent range", `rule a { strings: $a = "x" condition: 150% of them }`, "percentage must be between 1 and 100", 1, 42, 0},
	{"enum types", `rule a { condition: for any i in (1, "a") : ( true ) }`, "enumerations must be all the same type", 1, 38, 0},
	{"loop var dup", `rule a { condition: for all i in (1..2) : ( for any i in (1..2) : ( true ) ) }`, `duplicated loop identifier "i"`, 1, 53, 0},
	{"loop var count", `rule a { condition: for any i, j in (1..2) : ( true ) }`, "but the loop expects 2", 1, 37, 0},
	{"nested for of", `rule a { strings: $a = "x" condition: for all of them : ( for any of them : ( $ ) ) }`, "can't be nested", 1, 59, 0},
	{"missing include", `include "does-not-exist.yar"`, "can't open include file: does-not-exist.yar", 1, 1, 0},
	{"bare module", `import "pe" rule pe { condition: true } rule b { condition: pe }`, `wrong usage of identifier "pe"`, 1, 61, 0},
	{"module call", `import "pe" rule a { condition: pe(1) == 1 }`, `"pe" is not a function`, 1, 35, 0},
	{"module index", `import "pe" rule a { condition: pe[0] == 1 }`, `"pe" is not an array or dictionary`, 1, 35, 0},
	{"module iterator", `import "pe" rule a { condition: for any x in pe : ( true ) }`, `identifier "pe" is not iterable`, 1, 46, 0},
	{"rule after wildcard", "rule a1 { condition: true }\nrule b { condition: any of (a*) }\nrule a2 { condition: true }", `rule identifier "a2" matches previously used wildcard rule set`, 3, 6, 0},
	{"shift by negative", `rule a { condition: filesize << -1 < 0 }`, "negative shift amount", 1, 30, 0},
	{"recovers after error", "rule a { condition: x }\nrule b { condition: true }\nrule c { condition: b and y }", `undefined identifier "x"`, 1, 21, 0},
}

var yaraLine = regexp.MustCompile(`\((\d+)\): (.*)`)

func TestParseCases(t *testing.T) {
	yarac, _ := exec.LookPath("yarac")
	dir := t.TempDir()
	for i, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse("t.yar", []byte(tc.src), &Options{ReadFile: func(string) ([]byte, error) { return nil, os.ErrNotExist }})
			if f == nil {
				t.Fatal("nil File")
			}
			if tc.err == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
			} else {
				var list ErrorList
				if !errors.As(err, &list) || len(list) == 0 {
					t.Fatalf("want error %q, got %v", tc.err, err)
				}
				e := list[0]
				if !bytes.Contains([]byte(e.Msg), []byte(tc.err)) || e.Pos.Line != tc.line || e.Pos.Col != tc.col {
					t.Errorf("got %s, want %d:%d %q", e, tc.line, tc.col, tc.err)
				}
			}
			if yarac == "" {
				return
			}
			path := filepath.Join(dir, strconv.Itoa(i)+".yar")
			if err := os.WriteFile(path, []byte(tc.src), 0o600); err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			cmd := exec.Command(yarac, path, os.DevNull)
			cmd.Stderr = &stderr
			yerr := cmd.Run()
			if (yerr == nil) != (tc.err == "") {
				t.Fatalf("yarac disagrees: ok=%v %s", yerr == nil, stderr.String())
			}
			if m := yaraLine.FindStringSubmatch(firstError(stderr.String())); m != nil {
				want := tc.line
				if tc.yaraLine != 0 {
					want = tc.yaraLine
				}
				if l, _ := strconv.Atoi(m[1]); l != want {
					t.Errorf("yara reports line %d (%s), we expected it to say %d", l, m[2], want)
				}
			}
		})
	}
}

func TestRecovery(t *testing.T) {
	src := "rule a { condition: x }\nrule b { condition: true }\nrule c { strings: $a = \"q\" condition: b and y }\nrule d { condition: b }"
	f, err := Parse("r.yar", []byte(src), nil)
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("want 2 errors, got %v", err)
	}
	var names []string
	for _, r := range f.Rules {
		names = append(names, r.Name)
	}
	if len(names) != 2 || names[0] != "b" || names[1] != "d" {
		t.Fatalf("good rules = %v, want [b d]", names)
	}
	if list[1].Rule != "c" || list[1].Pos.Line != 3 {
		t.Errorf("second error = %v", list[1])
	}
}

func TestCheckRegexp(t *testing.T) {
	var seen []string
	opts := &Options{CheckRegexp: func(body, flags string) error {
		seen = append(seen, body+"/"+flags)
		if strings.Contains(body, "[") && !strings.Contains(body, "]") {
			return errors.New("missing terminating ] for character class")
		}
		return nil
	}}
	src := `rule a { strings: $a = /a\/b/is condition: $a and "x" matches /y/ }`
	if _, err := Parse("r.yar", []byte(src), opts); err != nil {
		t.Fatal(err)
	}
	if strings.Join(seen, " ") != "a/b/is y/" {
		t.Errorf("bodies = %q", seen)
	}
	_, err := Parse("r.yar", []byte(`rule a { strings: $a = /a[b/ condition: $a }`), opts)
	if err == nil || !strings.Contains(err.Error(), `1:24: rule "a": invalid regular expression "$a": missing terminating ]`) {
		t.Errorf("bad regexp: %v", err)
	}
}

func TestLexErrorInSkippedText(t *testing.T) {
	src := "rule a { condition: x }\n\"\\q\"\nrule b { condition: true }"
	f, err := Parse("s.yar", []byte(src), nil)
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 2 || list[1].Msg != "illegal escape sequence" || list[1].Pos.Line != 2 {
		t.Fatalf("errors = %v", err)
	}
	if len(f.Rules) != 1 || f.Rules[0].Name != "b" {
		t.Errorf("rules = %v", f.Rules)
	}
}

func TestParseExternal(t *testing.T) {
	for in, want := range map[string]any{"": "", "true": true, "false": false, "12": int64(12), "-3": int64(-3), "0x10": "0x10", "1.5": 1.5, "1.": 1.0, "1.2.3": "1.2.3", "1e5": "1e5", "-": "-", "abc": "abc"} {
		if got := ParseExternal(in); got != want {
			t.Errorf("ParseExternal(%q) = %#v, want %#v", in, got, want)
		}
	}
}

func TestExternals(t *testing.T) {
	src := `rule a { condition: filename == "x" and size > 1 and flag and ratio > 0.5 }`
	ext := map[string]any{"filename": ParseExternal("a.exe"), "size": ParseExternal("10"), "flag": ParseExternal("true"), "ratio": ParseExternal("0.7")}
	if _, err := Parse("e.yar", []byte(src), &Options{Externals: ext}); err != nil {
		t.Fatal(err)
	}
	if _, err := Parse("e.yar", []byte(src), nil); err == nil {
		t.Fatal("undefined externals accepted")
	}
	if _, err := Parse("e.yar", []byte(`rule filename { condition: true }`), &Options{Externals: ext}); err == nil || !strings.Contains(err.Error(), `e.yar:1:6: duplicated identifier "filename"`) {
		t.Errorf("rule named like an external: %v", err)
	}
	ext["size"] = "str"
	if _, err := Parse("e.yar", []byte(src), &Options{Externals: ext}); err == nil {
		t.Fatal("string compared with integer accepted")
	}
}
