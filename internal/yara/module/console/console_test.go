package console

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/yingji/yingji/internal/yara/module"
	"github.com/yingji/yingji/internal/yara/module/moduletest"
)

// logCall is a console call as yara source and as arguments.
type logCall struct {
	fn, src string
	args    []any
}

var calls = []logCall{
	{"log", `""`, []any{""}},
	{"log", `"plain text"`, []any{"plain text"}},
	{"log", `"x\x01y\xff\x7f\x20~"`, []any{"x\x01y\xff\x7f\x20~"}},
	{"log", `"ab\x00cd", "x\x00y\x80"`, []any{"ab\x00cd", "x\x00y\x80"}},
	{"log", `0`, []any{int64(0)}},
	{"log", `-9223372036854775807 - 1`, []any{int64(math.MinInt64)}},
	{"log", `"n=", 42`, []any{"n=", int64(42)}},
	{"log", `"a\x00b", 3`, []any{"a\x00b", int64(3)}},
	{"log", `1.5`, []any{1.5}},
	{"log", `-0.0`, []any{math.Copysign(0, -1)}},
	{"log", `0.0000005`, []any{0.0000005}},
	{"log", `0.0000015`, []any{0.0000015}},
	{"log", `123456789012.123456789`, []any{123456789012.123456789}},
	{"log", `1.5 * 9223372036854775807 * 9223372036854775807`, []any{1.5 * 9223372036854775807 * 9223372036854775807}},
	{"log", `"f=", 2.5`, []any{"f=", 2.5}},
	{"hex", `255`, []any{int64(255)}},
	{"hex", `-1`, []any{int64(-1)}},
	{"hex", `"p\x00q", 4096`, []any{"p\x00q", int64(4096)}},
}

func TestMessages(t *testing.T) {
	if module.Lookup("console") != Module {
		t.Fatal("console not registered")
	}
	var mu sync.Mutex
	var got []string
	SetOutput(func(m string) {
		mu.Lock()
		got = append(got, m)
		mu.Unlock()
	})
	defer SetOutput(nil)
	s := Module.Load(&module.Input{})
	for _, c := range calls {
		if r := s.Get(c.fn).(module.Func)(c.args); r != int64(1) {
			t.Errorf("%s(%s) = %v, want 1", c.fn, c.src, r)
		}
	}
	if len(got) != len(calls) {
		t.Fatalf("%d messages for %d calls", len(got), len(calls))
	}
	if got[2] != `x\x01y\xff\x7f ~` || got[3] != `abx\x00y\x80` || got[16] != "0xffffffffffffffff" {
		t.Errorf("unexpected messages %q", got)
	}

	// Without an output the functions are silent and still true.
	SetOutput(nil)
	if r := s.Get("log").(module.Func)([]any{"x"}); r != int64(1) {
		t.Errorf("log without output = %v", r)
	}
	if formatF(math.Inf(1)) != "inf" || formatF(math.Inf(-1)) != "-inf" || formatF(math.NaN()) != "nan" {
		t.Error("infinities and NaN not spelled as glibc does")
	}
}

// TestAgainstYara compares the messages with what yara 4.2.3 prints.
func TestAgainstYara(t *testing.T) {
	yara := moduletest.NeedTool(t, "yara")
	var want []string
	SetOutput(func(m string) { want = append(want, m) })
	defer SetOutput(nil)
	s := Module.Load(&module.Input{})
	var conds []string
	for _, c := range calls {
		s.Get(c.fn).(module.Func)(c.args)
		conds = append(conds, "console."+c.fn+"("+c.src+")")
	}
	dir := t.TempDir()
	rf := filepath.Join(dir, "r.yar")
	rule := "import \"console\"\nrule r { condition: " + strings.Join(conds, " and ") + " }\n"
	if err := os.WriteFile(rf, []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(yara, "-w", rf, file)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("yara: %v\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(lines) != len(want)+1 || lines[len(lines)-1] != "r "+file {
		t.Fatalf("yara printed %q", lines)
	}
	for i, w := range want {
		if lines[i] != w {
			t.Errorf("%s(%s): %q, yara %q", calls[i].fn, calls[i].src, w, lines[i])
		}
	}
}

// TestSchemaAgainstYara checks that yara accepts every declared overload
// and rejects others.
func TestSchemaAgainstYara(t *testing.T) {
	yara := moduletest.NeedTool(t, "yara")
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	compiles := func(cond string) bool {
		rf := filepath.Join(dir, "r.yar")
		if err := os.WriteFile(rf, []byte("import \"console\"\nrule r { condition: "+cond+" }\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return exec.Command(yara, "-w", rf, file).Run() == nil
	}
	argOf := map[byte]string{'i': "1", 'f': "1.5", 's': `"a"`}
	for name, typ := range Module.Schema.Fields {
		for _, sig := range typ.Overloads {
			var args []string
			for i := 0; i < len(sig.Args); i++ {
				args = append(args, argOf[sig.Args[i]])
			}
			call := "console." + name + "(" + strings.Join(args, ", ") + ")"
			if !compiles(call) {
				t.Errorf("yara rejects %s", call)
			}
		}
	}
	for _, bad := range []string{"console.hex(1.5)", `console.hex("a")`, `console.log(1, 2)`, "console.log()", `console.hex("a", 1.5)`} {
		if compiles(bad) {
			t.Errorf("yara accepts %s", bad)
		}
	}
}
