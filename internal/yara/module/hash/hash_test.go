package hash

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/yingji/yingji/internal/yara/module"
	"github.com/yingji/yingji/internal/yara/module/moduletest"
)

func loadBytes(b []byte) *module.Struct {
	return Module.Load(&module.Input{Data: b, Size: int64(len(b))})
}

func TestKnownValues(t *testing.T) {
	if module.Lookup("hash") != Module {
		t.Fatal("hash not registered")
	}
	s := loadBytes([]byte("abcdefghij"))
	for _, c := range []struct {
		name string
		args []any
		want any
	}{
		{"md5", []any{""}, "d41d8cd98f00b204e9800998ecf8427e"},
		{"md5", []any{int64(0), int64(0)}, "d41d8cd98f00b204e9800998ecf8427e"},
		{"md5", []any{int64(10), int64(0)}, nil},
		{"md5", []any{int64(-1), int64(3)}, nil},
		{"md5", []any{int64(0), int64(-1)}, nil},
		{"md5", []any{int64(0), int64(3)}, "900150983cd24fb0d6963f7d28e17f72"},
		{"md5", []any{int64(0), int64(3)}, "900150983cd24fb0d6963f7d28e17f72"}, // cached
		{"sha1", []any{"abc"}, "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{"sha256", []any{int64(0), int64(math.MaxInt64)}, "72399361da6a7754fec986dca5b7cbaf1c810a28ded4abaf56b2106d06cb78b0"},
		{"checksum32", []any{"\xff\xff"}, int64(510)},
		{"checksum32", []any{int64(0), int64(10)}, int64(1015)},
		{"crc32", []any{"a"}, int64(0xe8b7be43)},
		{"crc32", []any{""}, int64(0)},
		{"crc32", []any{int64(0), int64(0)}, int64(0)},
		{"crc32", []any{int64(11), int64(0)}, nil},
	} {
		if got := moduletest.Call(t, s, c.name, c.args...); got != c.want {
			t.Errorf("%s%v = %#v, want %#v", c.name, c.args, got, c.want)
		}
	}
	// An empty file has no offset inside it.
	e := loadBytes(nil)
	if got := moduletest.Call(t, e, "md5", int64(0), int64(0)); got != nil {
		t.Errorf("md5(0, 0) of an empty file = %v, want undefined", got)
	}
	// Only a prefix in memory: ranges past it are undefined, not wrong.
	p := Module.Load(&module.Input{Data: []byte("abc"), Size: 10})
	if got := moduletest.Call(t, p, "md5", int64(0), int64(3)); got != "900150983cd24fb0d6963f7d28e17f72" {
		t.Errorf("md5 of the prefix = %v", got)
	}
	if got := moduletest.Call(t, p, "md5", int64(0), int64(4)); got != nil {
		t.Errorf("md5 past the prefix = %v, want undefined", got)
	}
}

// TestAgainstYara compares every function with yara 4.2.3 on ranges in,
// across and outside the file, and on strings.
func TestAgainstYara(t *testing.T) {
	yara := moduletest.NeedTool(t, "yara")
	r := rand.New(rand.NewSource(5))
	for _, n := range []int{0, 1, 64, 3001} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			data := make([]byte, n)
			r.Read(data)
			file := filepath.Join(t.TempDir(), "f")
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			s := loadBytes(data)
			size := int64(n)
			var checks []moduletest.Check
			for _, o := range []int64{-1, 0, 1, size / 2, size - 1, size, size + 1} {
				for _, l := range []int64{-1, 0, 1, 63, size / 3, size, size + 1, math.MaxInt64} {
					for _, fn := range []string{"md5", "sha1", "sha256", "checksum32", "crc32"} {
						checks = append(checks, moduletest.Check{Expr: fmt.Sprintf("hash.%s(%s, %s)", fn, moduletest.IntLiteral(o), moduletest.IntLiteral(l)), Want: moduletest.Call(t, s, fn, o, l)})
					}
				}
			}
			for i := 0; i < 10; i++ {
				b := make([]byte, r.Intn(100))
				r.Read(b)
				for _, fn := range []string{"md5", "sha1", "sha256", "checksum32", "crc32"} {
					checks = append(checks, moduletest.Check{Expr: fmt.Sprintf("hash.%s(%s)", fn, moduletest.StringLiteral(string(b))), Want: moduletest.Call(t, s, fn, string(b))})
				}
			}
			moduletest.RunOracle(t, yara, "import \"hash\"\n", file, checks)
		})
	}
}
