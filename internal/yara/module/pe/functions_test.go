package pe

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/yara/module"
	"github.com/yingji/yingji/internal/yara/module/moduletest"
)

// goRegexp stands in for the engine's regular expressions in tests.
type goRegexp struct{ *regexp.Regexp }

// MatchEnd is yr_re_match on Go's leftmost matches: the end of the first
// match that starts before the end of s and ends after offset 0.
func (g goRegexp) MatchEnd(s string) int {
	for _, loc := range g.FindAllStringIndex(s, -1) {
		if loc[0] < len(s) && loc[1] > 0 {
			return loc[1]
		}
	}
	return -1
}

func re(s string) module.Regexp { return goRegexp{regexp.MustCompile(s)} }

// call is one function call: the YARA expression and the same call made
// on the module structure (path of the function, arguments).
type call struct {
	expr string
	fn   string
	args []any
}

// calls are the function calls checked on every test file.
var calls = []call{
	{`pe.imphash()`, "imphash", nil},
	{`pe.imports("kernel32.dll", "ExitProcess")`, "imports", []any{"kernel32.dll", "ExitProcess"}},
	{`pe.imports("KERNEL32.DLL", "exitprocess")`, "imports", []any{"KERNEL32.DLL", "exitprocess"}},
	{`pe.imports("kernel32.dll", "GetProcAddress")`, "imports", []any{"kernel32.dll", "GetProcAddress"}},
	{`pe.imports("ws2_32.dll", "socket")`, "imports", []any{"ws2_32.dll", "socket"}},
	{`pe.imports("ws2_32.dll", "ord999")`, "imports", []any{"ws2_32.dll", "ord999"}},
	{`pe.imports("ws2_32.dll", 23)`, "imports", []any{"ws2_32.dll", int64(23)}},
	{`pe.imports("ws2_32.dll", 24)`, "imports", []any{"ws2_32.dll", int64(24)}},
	{`pe.imports("oleaut32.dll", "SysFreeString")`, "imports", []any{"oleaut32.dll", "SysFreeString"}},
	{`pe.imports("msvcrt.dll", "")`, "imports", []any{"msvcrt.dll", ""}},
	{`pe.imports("kernel32.dll")`, "imports", []any{"kernel32.dll"}},
	{`pe.imports("user32")`, "imports", []any{"user32"}},
	{`pe.imports("nothere.dll")`, "imports", []any{"nothere.dll"}},
	{`pe.imports(/kernel32/i, /Process/)`, "imports", []any{re(`(?i)kernel32`), re(`Process`)}},
	{`pe.imports(/32/, /./)`, "imports", []any{re(`32`), re(`.`)}},
	{`pe.imports(/dll/, /^/)`, "imports", []any{re(`dll`), re(`^`)}},
	{`pe.imports(/.*/, /t*/)`, "imports", []any{re(`.*`), re(`t*`)}},
	{`pe.imports(/./, /^$/)`, "imports", []any{re(`.`), re(`^$`)}},
	{`pe.imports(/^/, /Exit/)`, "imports", []any{re(`^`), re(`Exit`)}},
	{`pe.imports(/z*/, /Exit/)`, "imports", []any{re(`z*`), re(`Exit`)}},
	{`pe.imports(/dll/, /^|q/)`, "imports", []any{re(`dll`), re(`^|q`)}},
	{`pe.imports(/dll/, /$/)`, "imports", []any{re(`dll`), re(`$`)}},
	{`pe.imports(/dll/, /s$|^/)`, "imports", []any{re(`dll`), re(`s$|^`)}},
	{`pe.imports(/L$/, /x?/)`, "imports", []any{re(`L$`), re(`x?`)}},
	{`pe.exports(/q*/)`, "exports", []any{re(`q*`)}},
	{`pe.imports(pe.IMPORT_DELAYED, "advapi32.dll", "RegOpenKeyExW")`, "imports", []any{int64(2), "advapi32.dll", "RegOpenKeyExW"}},
	{`pe.imports(pe.IMPORT_STANDARD, "advapi32.dll", "RegOpenKeyExW")`, "imports", []any{int64(1), "advapi32.dll", "RegOpenKeyExW"}},
	{`pe.imports(pe.IMPORT_ANY, "advapi32.dll", 5)`, "imports", []any{int64(-1), "advapi32.dll", int64(5)}},
	{`pe.imports(pe.IMPORT_DELAYED, "wsock32.dll")`, "imports", []any{int64(2), "wsock32.dll"}},
	{`pe.imports(pe.IMPORT_ANY, "kernel32.dll")`, "imports", []any{int64(-1), "kernel32.dll"}},
	{`pe.imports(pe.IMPORT_ANY, /32/, /./)`, "imports", []any{int64(-1), re(`32`), re(`.`)}},
	{`pe.imports(pe.IMPORT_DELAYED, /api/, /Reg/)`, "imports", []any{int64(2), re(`api`), re(`Reg`)}},
	{`pe.exports("DllMain")`, "exports", []any{"DllMain"}},
	{`pe.exports("dllmain")`, "exports", []any{"dllmain"}},
	{`pe.exports("nope")`, "exports", []any{"nope"}},
	{`pe.exports(/^zet/)`, "exports", []any{re(`^zet`)}},
	{`pe.exports(/^$/)`, "exports", []any{re(`^$`)}},
	{`pe.exports(3)`, "exports", []any{int64(3)}},
	{`pe.exports(4)`, "exports", []any{int64(4)}},
	{`pe.exports(7)`, "exports", []any{int64(7)}},
	{`pe.exports(0)`, "exports", []any{int64(0)}},
	{`pe.exports_index("zeta")`, "exports_index", []any{"zeta"}},
	{`pe.exports_index("nope")`, "exports_index", []any{"nope"}},
	{`pe.exports_index(/Forw/)`, "exports_index", []any{re(`Forw`)}},
	{`pe.exports_index(5)`, "exports_index", []any{int64(5)}},
	{`pe.exports_index(8)`, "exports_index", []any{int64(8)}},
	{`pe.section_index(".text")`, "section_index", []any{".text"}},
	{`pe.section_index(".rsrc")`, "section_index", []any{".rsrc"}},
	{`pe.section_index("nope")`, "section_index", []any{"nope"}},
	{`pe.section_index(0x400)`, "section_index", []any{int64(0x400)}},
	{`pe.section_index(0x1234)`, "section_index", []any{int64(0x1234)}},
	{`pe.section_index(0)`, "section_index", []any{int64(0)}},
	{`pe.rva_to_offset(0x1000)`, "rva_to_offset", []any{int64(0x1000)}},
	{`pe.rva_to_offset(0x10)`, "rva_to_offset", []any{int64(0x10)}},
	{`pe.rva_to_offset(0x1100)`, "rva_to_offset", []any{int64(0x1100)}},
	{`pe.rva_to_offset(0x7fffffff)`, "rva_to_offset", []any{int64(0x7fffffff)}},
	{`pe.rva_to_offset(-1)`, "rva_to_offset", []any{int64(-1)}},
	{`pe.is_dll()`, "is_dll", nil},
	{`pe.is_32bit()`, "is_32bit", nil},
	{`pe.is_64bit()`, "is_64bit", nil},
	{`pe.calculate_checksum()`, "calculate_checksum", nil},
	{`pe.locale(0x409)`, "locale", []any{int64(0x409)}},
	{`pe.locale(0x407)`, "locale", []any{int64(0x407)}},
	{`pe.locale(0x410)`, "locale", []any{int64(0x410)}},
	{`pe.language(9)`, "language", []any{int64(9)}},
	{`pe.language(0x10)`, "language", []any{int64(0x10)}},
	{`pe.rich_signature.version(0x5d6e)`, "rich_signature.version", []any{int64(0x5d6e)}},
	{`pe.rich_signature.version(0x7809)`, "rich_signature.version", []any{int64(0x7809)}},
	{`pe.rich_signature.version(0x7809, 0xff)`, "rich_signature.version", []any{int64(0x7809), int64(0xff)}},
	{`pe.rich_signature.toolid(0x103)`, "rich_signature.toolid", []any{int64(0x103)}},
	{`pe.rich_signature.toolid(0x103, 0x7809)`, "rich_signature.toolid", []any{int64(0x103), int64(0x7809)}},
	{`pe.rich_signature.toolid(1)`, "rich_signature.toolid", []any{int64(1)}},
	{`pe.signatures[0].valid_on(1600000000)`, "signatures[0].valid_on", []any{int64(1600000000)}},
	{`pe.signatures[0].valid_on(1500000000)`, "signatures[0].valid_on", []any{int64(1500000000)}},
	{`pe.signatures[1].valid_on(2600000000)`, "signatures[1].valid_on", []any{int64(2600000000)}},
}

// resolveFunc finds a function by path ("imphash", "signatures[0].valid_on").
func resolveFunc(root *module.Struct, path string) module.Func {
	s := root
	parts := strings.Split(path, ".")
	for _, part := range parts[:len(parts)-1] {
		name, idx := part, -1
		if i := strings.IndexByte(part, '['); i >= 0 {
			name = part[:i]
			idx, _ = strconv.Atoi(strings.TrimSuffix(part[i+1:], "]"))
		}
		if idx >= 0 {
			s = arrayItem(s, name, idx)
		} else {
			s, _ = s.Get(name).(*module.Struct)
		}
		if s == nil {
			return nil
		}
	}
	f, _ := s.Get(parts[len(parts)-1]).(module.Func)
	return f
}

// TestFunctionsMatchYara evaluates every call with Load's functions and
// has yara check each answer with a rule.
func TestFunctionsMatchYara(t *testing.T) {
	yara := moduletest.NeedTool(t, "yara")
	files := append(craftedSamples(t), signedSamples(t)...)
	if _, err := exec.LookPath("go"); err == nil || os.Getenv("CI") == "true" {
		files = append(files, goSamples(t)...)
	}
	files = append(files, extraSamples()...)
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			root := loadFile(t, f.path)
			var rules strings.Builder
			rules.WriteString("import \"pe\"\n")
			type expect struct {
				call  call
				got   any
				match map[string]bool // rule name -> must match
			}
			var expects []expect
			for i, c := range calls {
				var got any
				if fn := resolveFunc(root, c.fn); fn != nil {
					got = fn(c.args)
				} else if !strings.Contains(c.fn, "[") {
					t.Fatalf("%s: no function %s", f.name, c.fn)
				}
				e := expect{call: c, got: got, match: map[string]bool{}}
				switch v := got.(type) {
				case nil:
					// Undefined: neither comparison holds.
					zero := "0"
					if c.fn == "imphash" {
						zero = `""`
					}
					fmt.Fprintf(&rules, "rule u%d_a { condition: %s == %s }\n", i, c.expr, zero)
					fmt.Fprintf(&rules, "rule u%d_b { condition: not (%s == %s) }\n", i, c.expr, zero)
					e.match[fmt.Sprintf("u%d_a", i)] = false
					e.match[fmt.Sprintf("u%d_b", i)] = false
				case int64:
					fmt.Fprintf(&rules, "rule d%d { condition: %s == %d }\n", i, c.expr, v)
					e.match[fmt.Sprintf("d%d", i)] = true
				case string:
					fmt.Fprintf(&rules, "rule d%d { condition: %s == %q }\n", i, c.expr, v)
					e.match[fmt.Sprintf("d%d", i)] = true
				default:
					t.Fatalf("%s returned %T", c.expr, got)
				}
				expects = append(expects, e)
			}
			ruleFile := filepath.Join(t.TempDir(), "calls.yar")
			if err := os.WriteFile(ruleFile, []byte(rules.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(yara, "-w", ruleFile, f.path).CombinedOutput()
			if err != nil {
				t.Fatalf("yara: %v\n%s", err, out)
			}
			matched := map[string]bool{}
			for _, line := range strings.Split(string(out), "\n") {
				if fields := strings.Fields(line); len(fields) > 0 {
					matched[fields[0]] = true
				}
			}
			for _, e := range expects {
				for rule, want := range e.match {
					if matched[rule] != want {
						t.Errorf("%s: we answer %v, yara disagrees (rule %s matched=%v)", e.call.expr, e.got, rule, matched[rule])
					}
				}
			}
		})
	}
}
