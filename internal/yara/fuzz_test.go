package yara

import (
	"os"
	"testing"
)

// FuzzParse feeds arbitrary input to the lexer and the parser: they must
// never panic or hang, whatever the input. Includes resolve to a fixed small
// file so that include handling is exercised without touching the disk.
func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.src)
	}
	for _, name := range []string{"testdata/include/main.yar", "testdata/include/sub/a.yar"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(string(b))
		}
	}
	opts := &Options{
		Externals: map[string]any{"filename": "", "size": int64(1)},
		ReadFile: func(path string) ([]byte, error) {
			return []byte(`rule inc_` + "x" + ` { condition: true }`), nil
		},
		MaxSize: 1 << 20,
	}
	f.Fuzz(func(t *testing.T, src string) {
		l := NewLexer("f", []byte(src))
		for i := 0; l.Next().Kind != EOF; i++ {
			if i > len(src)+1 {
				t.Fatalf("lexer does not advance on %q", src)
			}
		}
		file, err := Parse("f.yar", []byte(src), opts)
		if file == nil {
			t.Fatal("nil File")
		}
		if err == nil {
			for _, r := range file.Rules {
				if r.Condition == nil || !r.Pos.IsValid() {
					t.Fatalf("rule %q without condition or position", r.Name)
				}
			}
		}
	})
}
