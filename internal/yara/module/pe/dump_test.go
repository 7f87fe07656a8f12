package pe

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/yara/module"
	"github.com/yingji/yingji/internal/yara/module/moduletest"
)

// yaraDump runs `yara -D` on path with a rule importing pe and returns the
// module data flattened to path -> printed value ("sections[0].name" ->
// "\".text\"").
func yaraDump(t testing.TB, yara, path string) map[string]string {
	t.Helper()
	rule := filepath.Join(t.TempDir(), "pe.yar")
	if err := os.WriteFile(rule, []byte("import \"pe\"\nrule x { condition: false }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(yara, "-D", rule, path).Output()
	if err != nil {
		t.Fatalf("yara -D %s: %v", path, err)
	}
	return parseDump(t, out)
}

// parseDump flattens yara's -D output: one line per value, nesting shown
// by tabs, array items as "[i]" lines.
func parseDump(t testing.TB, out []byte) map[string]string {
	flat := map[string]string{}
	var stack []string // path prefix at each depth
	for _, line := range strings.Split(string(out), "\n") {
		if line == "" {
			continue
		}
		depth := len(line) - len(strings.TrimLeft(line, "\t"))
		text := line[depth:]
		if depth == 0 {
			stack = []string{""}
			continue
		}
		if depth > len(stack) {
			t.Fatalf("unexpected indentation in yara -D output: %q", line)
		}
		parent := stack[depth-1]
		var key, value string
		hasValue := false
		if i := strings.Index(text, " = "); i >= 0 && !strings.HasPrefix(text, "[") {
			key, value, hasValue = text[:i], text[i+3:], true
		} else {
			key = text
		}
		var p string
		switch {
		case strings.HasPrefix(key, "["):
			p = parent + key
		case parent == "":
			p = key
		default:
			p = parent + "." + key
		}
		stack = append(stack[:depth], p)
		if hasValue {
			flat[p] = value
		}
	}
	return flat
}

// flatten renders a module structure like parseDump reads yara's: declared
// fields that are undefined print as YR_UNDEFINED.
func flatten(s *module.Struct, typ *module.Type) map[string]string {
	flat := map[string]string{}
	flattenInto(flat, "", s, typ)
	return flat
}

func flattenInto(flat map[string]string, prefix string, s *module.Struct, typ *module.Type) {
	join := func(name string) string {
		if prefix == "" {
			return name
		}
		return prefix + "." + name
	}
	for name, ft := range typ.Fields {
		v := s.Get(name)
		p := join(name)
		switch ft.Kind {
		case module.KindInt:
			if i, ok := v.(int64); ok {
				flat[p] = fmt.Sprint(i)
			} else {
				flat[p] = "YR_UNDEFINED"
			}
		case module.KindString:
			if str, ok := v.(string); ok {
				flat[p] = quoteLikeYara(str)
			} else {
				flat[p] = "YR_UNDEFINED"
			}
		case module.KindStruct:
			sub, _ := v.(*module.Struct)
			if sub == nil {
				sub = module.NewStruct()
			}
			flattenInto(flat, p, sub, ft)
		case module.KindArray:
			arr, _ := v.(*module.Array)
			if arr == nil {
				continue
			}
			for i, item := range arr.Items {
				ip := fmt.Sprintf("%s[%d]", p, i)
				switch it := item.(type) {
				case *module.Struct:
					flattenInto(flat, ip, it, ft.Elem)
				case string:
					flat[ip] = quoteLikeYara(it)
				case int64:
					flat[ip] = fmt.Sprint(it)
				}
			}
		case module.KindDict:
			d, _ := v.(*module.Dict)
			if d == nil {
				continue
			}
			for _, k := range d.Keys {
				switch it := d.Items[k].(type) {
				case string:
					flat[p+"."+k] = quoteLikeYara(it)
				case int64:
					flat[p+"."+k] = fmt.Sprint(it)
				}
			}
		}
	}
}

// quoteLikeYara prints a string as yara -D does: printable ASCII as is,
// everything else as \xHH.
func quoteLikeYara(s string) string {
	var b bytes.Buffer
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c <= 0x7e {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "\\x%02x", c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// diffDumps lists the differences between yara's and our flattened data.
func diffDumps(want, got map[string]string) []string {
	keys := map[string]bool{}
	for k := range want {
		keys[k] = true
	}
	for k := range got {
		keys[k] = true
	}
	var sorted []string
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	var diffs []string
	for _, k := range sorted {
		w, inW := want[k]
		g, inG := got[k]
		switch {
		case !inW:
			diffs = append(diffs, fmt.Sprintf("%s: yara has nothing, we have %s", k, g))
		case !inG:
			diffs = append(diffs, fmt.Sprintf("%s: yara has %s, we have nothing", k, w))
		case w != g:
			diffs = append(diffs, fmt.Sprintf("%s: yara %s, we %s", k, w, g))
		}
	}
	return diffs
}

// loadFile runs Load on a file.
func loadFile(t testing.TB, path string) *module.Struct {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return Load(&module.Input{Data: data, Size: int64(len(data))})
}

// TestDumpMatchesYara compares every field of Load's result with yara -D.
func TestDumpMatchesYara(t *testing.T) {
	yara := moduletest.NeedTool(t, "yara")
	files := craftedSamples(t)
	files = append(files, signedSamples(t)...)
	if _, err := exec.LookPath("go"); err == nil || os.Getenv("CI") == "true" {
		files = append(files, goSamples(t)...)
	}
	files = append(files, extraSamples()...)
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			want := yaraDump(t, yara, f.path)
			got := flatten(loadFile(t, f.path), Schema())
			diffs := diffDumps(want, got)
			for i, d := range diffs {
				if i == 40 {
					t.Errorf("... %d more", len(diffs)-40)
					break
				}
				t.Error(d)
			}
		})
	}
}
