package yaramath

import (
	"bufio"
	"fmt"
	"math"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/yara/module"
	"github.com/yingji/yingji/internal/yara/module/moduletest"
)

// call calls a function of a loaded module.
func loadBytes(b []byte) *module.Struct {
	return Module.Load(&module.Input{Data: b, Size: int64(len(b))})
}

func TestRegistered(t *testing.T) {
	if module.Lookup("math") != Module {
		t.Fatal("math not registered")
	}
	// Functions yara 4.2.3 does not have must not be declared, so that
	// rules using them fail to compile as with yara.
	for _, name := range []string{"to_string", "to_int"} {
		if _, ok := Module.Schema.Fields[name]; ok {
			t.Errorf("%s declared, but yara 4.2.3 has no such function", name)
		}
	}
	s := loadBytes(nil)
	for name, typ := range Module.Schema.Fields {
		v := s.Get(name)
		switch typ.Kind {
		case module.KindFunc:
			if _, ok := v.(module.Func); !ok {
				t.Errorf("%s: declared function not set", name)
			}
		case module.KindFloat:
			if _, ok := v.(float64); !ok {
				t.Errorf("%s: declared float not set", name)
			}
		}
	}
}

// TestLog2 pins values where Go's math.Log2 and glibc's non-FMA log2 both
// differ from the FMA build of glibc's log2 that yara uses on this
// hardware.
func TestLog2(t *testing.T) {
	bits := [][2]uint64{
		{0x3fef2c250aba42bc, 0xbfa35aa0b4868f23},
		{0x3fe1c92ee9f7767d, 0xbfeb1d692bfcb3b0},
		{0x3ff0422d9726b3b5, 0x3f97ad8ce89b249b},
		{0x3fd0421727985f55, 0xbfffa169a6e6d013},
		{0x3ff0b531630e8f78, 0x3faff9421b912ed1},
		{0x3fae6b2d0f359688, 0xc0104adec8c5393b},
		{0x3ff0b7d8f5c40d9c, 0x3fb0374a88ad7dd2},
		{0x3fe14872dbbd03b2, 0xbfec7060c8501c09},
		{0x3fef0b0412bbba00, 0xbfa66d476b54358b},
		{0x3fa3c9a46801760e, 0xc012c61d23ab1b0d},
		{0x3ff046239b22c11b, 0x3f99154b04b6ac67},
		{0x3fe2047d58400042, 0xbfea84770c9d2e21},
	}
	for _, b := range bits {
		x := math.Float64frombits(b[0])
		if got := math.Float64bits(log2(x)); got != b[1] {
			t.Errorf("log2(%v) = %#x, want %#x", x, got, b[1])
		}
	}
	// Where the FMA and plain builds of glibc disagree.
	for _, c := range [][2]float64{
		{0.4672810655946076, -1.0976375150486413},
		{0.9522020285323379, -0.07066039253120526},
		{1.0309068960192014, 0.043914044911033304},
	} {
		if got := log2(c[0]); got != c[1] {
			t.Errorf("log2(%v) = %v, want %v", c[0], got, c[1])
		}
	}
	for _, c := range []struct{ x, want float64 }{
		{1, 0}, {2, 1}, {0.5, -1}, {0x1p-1074, -1074}, {0x1p-1030 * 3, math.Log2(3) - 1030},
		{math.Inf(1), math.Inf(1)}, {0, math.Inf(-1)},
	} {
		if got := log2(c.x); got != c.want {
			t.Errorf("log2(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	for _, x := range []float64{-1, math.NaN(), math.Inf(-1)} {
		if got := log2(x); !math.IsNaN(got) {
			t.Errorf("log2(%v) = %v, want NaN", x, got)
		}
	}
}

// TestLog2AgainstLibm compares log2 with the system libm's on many
// quotients of integers (the inputs entropy feeds it) and on values near
// 1, through a small C program.
func TestLog2AgainstLibm(t *testing.T) {
	gcc := moduletest.NeedTool(t, "gcc")
	dir := t.TempDir()
	src := filepath.Join(dir, "l2.c")
	bin := filepath.Join(dir, "l2")
	const prog = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <math.h>
int main(void) {
	char line[64];
	while (fgets(line, sizeof line, stdin)) {
		uint64_t u = strtoull(line, 0, 16);
		double d;
		memcpy(&d, &u, 8);
		d = log2(d);
		memcpy(&u, &d, 8);
		printf("%016llx\n", (unsigned long long) u);
	}
	return 0;
}
`
	if err := os.WriteFile(src, []byte(prog), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(gcc, "-O2", "-o", bin, src, "-lm").CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	r := rand.New(rand.NewSource(3))
	var xs []float64
	var in strings.Builder
	for i := 0; i < 100000; i++ {
		var x float64
		switch i % 3 {
		case 0:
			n := r.Int63n(1<<24) + 1
			x = float64(r.Int63n(n)+1) / float64(n)
		case 1:
			x = 1 + (r.Float64()-0.5)*0.1
		default:
			x = math.Float64frombits(r.Uint64() >> 1)
		}
		xs = append(xs, x)
		fmt.Fprintf(&in, "%016x\n", math.Float64bits(x))
	}
	cmd := exec.Command(bin)
	cmd.Stdin = strings.NewReader(in.String())
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	i, bad := 0, 0
	for sc.Scan() {
		want, _ := strconv.ParseUint(sc.Text(), 16, 64)
		got := math.Float64bits(log2(xs[i]))
		if math.IsNaN(xs[i]) {
			// NaN payloads are not part of the contract.
			got, want = 0, 0
		}
		if got != want {
			if bad++; bad <= 10 {
				t.Errorf("log2(%v): %#x, libm %#x", xs[i], got, want)
			}
		}
		i++
	}
	if i != len(xs) {
		t.Fatalf("libm answered %d of %d", i, len(xs))
	}
}

func TestEdgeCases(t *testing.T) {
	s := loadBytes([]byte("abcdefghij"))
	for _, c := range []struct {
		name string
		args []any
		want any
	}{
		{"entropy", []any{int64(-1), int64(5)}, nil},
		{"entropy", []any{int64(10), int64(1)}, nil},
		{"entropy", []any{int64(0), int64(-1)}, nil},
		{"entropy", []any{int64(0), int64(0)}, 0.0},
		{"entropy", []any{int64(9), int64(100)}, 0.0},
		{"entropy", []any{""}, 0.0},
		{"mean", []any{""}, nil},
		{"mean", []any{int64(0), int64(0)}, nil},
		{"mean", []any{"\xff"}, -1.0},
		{"deviation", []any{"", 1.0}, nil},
		{"serial_correlation", []any{""}, -100000.0},
		{"serial_correlation", []any{int64(0), int64(1)}, -100000.0},
		{"monte_carlo_pi", []any{int64(0), int64(5)}, nil},
		{"monte_carlo_pi", []any{"\xff\x01\x80\x00\x00\x00"}, 1.0},
		{"percentage", []any{int64(97)}, float64(float32(0.1))},
		{"percentage", []any{int64(97), int64(0), int64(0)}, nil},
		{"count", []any{int64(353)}, int64(1)},
		{"count", []any{int64(-159)}, int64(1)},
		{"mode", []any{int64(0), int64(0)}, int64(0)},
		{"mode", []any{}, int64(97)},
		{"max", []any{int64(-1), int64(1)}, int64(-1)},
		{"min", []any{int64(-1), int64(1)}, int64(1)},
		{"abs", []any{int64(math.MinInt64)}, int64(math.MinInt64)},
		{"abs", []any{int64(-3)}, int64(3)},
		{"to_number", []any{int64(1)}, int64(1)},
		{"to_number", []any{int64(0)}, int64(0)},
		{"to_number", []any{true}, int64(1)},
		{"in_range", []any{1.0, 0.0, 2.0}, int64(1)},
		{"in_range", []any{3.0, 0.0, 2.0}, int64(0)},
	} {
		if got := moduletest.Call(t, s, c.name, c.args...); got != c.want {
			t.Errorf("%s%v = %#v, want %#v", c.name, c.args, got, c.want)
		}
	}
	if got := s.Get("MEAN_BYTES"); got != 127.5 {
		t.Errorf("MEAN_BYTES = %v", got)
	}

	// An empty file has no data for the whole-file overloads.
	e := loadBytes(nil)
	for _, name := range []string{"count", "percentage"} {
		if got := moduletest.Call(t, e, name, int64(0)); got != nil {
			t.Errorf("%s on an empty file = %v, want undefined", name, got)
		}
	}
	if got := moduletest.Call(t, e, "mode"); got != nil {
		t.Errorf("mode on an empty file = %v, want undefined", got)
	}

	// Only a prefix in memory: ranges past it are undefined, not wrong.
	p := Module.Load(&module.Input{Data: []byte("abcd"), Size: 100})
	if got := moduletest.Call(t, p, "entropy", int64(0), int64(4)); got != 2.0 {
		t.Errorf("entropy of the prefix = %v", got)
	}
	if got := moduletest.Call(t, p, "entropy", int64(0), int64(5)); got != nil {
		t.Errorf("entropy past the prefix = %v, want undefined", got)
	}
	if got := moduletest.Call(t, p, "count", int64(97)); got != nil {
		t.Errorf("count of a partly read file = %v, want undefined", got)
	}
}

// testBuffers are the files the oracle test scans.
func testBuffers() map[string][]byte {
	r := rand.New(rand.NewSource(42))
	random := func(n int) []byte {
		b := make([]byte, n)
		r.Read(b)
		return b
	}
	text := []byte(strings.Repeat("The quick brown fox jumps over the lazy dog. ", 40))
	skewed := make([]byte, 3000)
	for i := range skewed {
		skewed[i] = byte(r.ExpFloat64() * 8)
	}
	return map[string][]byte{
		"one":    {0x41},
		"five":   random(5),
		"six":    random(6),
		"seven":  random(7),
		"zeros":  make([]byte, 100),
		"text":   text,
		"skewed": skewed,
		"random": random(5000),
	}
}

// TestAgainstYara checks every function on several files and ranges
// (inside, straddling the end, outside, negative, empty) and on strings
// against yara 4.2.3.
func TestAgainstYara(t *testing.T) {
	yara := moduletest.NeedTool(t, "yara")
	r := rand.New(rand.NewSource(7))
	for name, data := range testBuffers() {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			s := loadBytes(data)
			n := int64(len(data))
			offsets := []int64{-1, 0, 1, n / 3, n - 1, n, n + 1}
			lengths := []int64{-1, 0, 1, 5, 6, 7, n / 2, n, n + 10, math.MaxInt64}
			var checks []moduletest.Check
			add := func(fn string, args ...any) {
				var parts []string
				for _, a := range args {
					switch a := a.(type) {
					case int64:
						parts = append(parts, moduletest.IntLiteral(a))
					case float64:
						parts = append(parts, moduletest.FloatLiteral(a))
					case string:
						parts = append(parts, moduletest.StringLiteral(a))
					}
				}
				expr := fmt.Sprintf("math.%s(%s)", fn, strings.Join(parts, ", "))
				checks = append(checks, moduletest.Check{Expr: expr, Want: moduletest.Call(t, s, fn, args...)})
			}
			for _, o := range offsets {
				for _, l := range lengths {
					add("entropy", o, l)
					add("mean", o, l)
					add("deviation", o, l, MeanBytes)
					add("deviation", o, l, 3.25)
					add("serial_correlation", o, l)
					add("monte_carlo_pi", o, l)
					add("mode", o, l)
					add("count", int64(data[0]), o, l)
					add("percentage", int64(data[len(data)-1]), o, l)
				}
			}
			for _, b := range []int64{0, 32, 65, 255, 353, -159} {
				add("count", b)
				add("percentage", b)
			}
			add("mode")
			// String overloads, on pieces of the file and on random
			// strings with bytes above 0x7f.
			strs := []string{"", "a", "\xff", "\x80\x01", string(data[:min(len(data), 40)])}
			for i := 0; i < 8; i++ {
				b := make([]byte, r.Intn(60))
				r.Read(b)
				strs = append(strs, string(b))
			}
			for _, str := range strs {
				add("entropy", str)
				add("mean", str)
				add("deviation", str, MeanBytes)
				add("deviation", str, -7.5)
				add("serial_correlation", str)
				add("monte_carlo_pi", str)
			}
			moduletest.RunOracle(t, yara, "import \"math\"\n", file, checks)
		})
	}
}

// TestIntegerHelpersAgainstYara checks the integer helpers on edge values.
func TestIntegerHelpersAgainstYara(t *testing.T) {
	yara := moduletest.NeedTool(t, "yara")
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := loadBytes([]byte("x"))
	vals := []int64{0, 1, -1, 5, math.MaxInt64, math.MinInt64 + 1}
	var checks []moduletest.Check
	for _, a := range vals {
		checks = append(checks, moduletest.Check{Expr: fmt.Sprintf("math.abs(%s)", moduletest.IntLiteral(a)), Want: moduletest.Call(t, s, "abs", a)})
		for _, b := range vals {
			checks = append(checks,
				moduletest.Check{Expr: fmt.Sprintf("math.min(%s, %s)", moduletest.IntLiteral(a), moduletest.IntLiteral(b)), Want: moduletest.Call(t, s, "min", a, b)},
				moduletest.Check{Expr: fmt.Sprintf("math.max(%s, %s)", moduletest.IntLiteral(a), moduletest.IntLiteral(b)), Want: moduletest.Call(t, s, "max", a, b)})
		}
	}
	fs := []float64{-1.5, 0, 0.5, 1, 2.25}
	for _, a := range fs {
		for _, b := range fs {
			for _, c := range fs {
				checks = append(checks, moduletest.Check{Expr: fmt.Sprintf("math.in_range(%s, %s, %s)", moduletest.FloatLiteral(a), moduletest.FloatLiteral(b), moduletest.FloatLiteral(c)), Want: moduletest.Call(t, s, "in_range", a, b, c)})
			}
		}
	}
	checks = append(checks,
		moduletest.Check{Expr: "math.to_number(1 == 1)", Want: moduletest.Call(t, s, "to_number", int64(1))},
		moduletest.Check{Expr: "math.to_number(1 == 2)", Want: moduletest.Call(t, s, "to_number", int64(0))},
		moduletest.Check{Expr: "math.MEAN_BYTES", Want: s.Get("MEAN_BYTES")},
	)
	moduletest.RunOracle(t, yara, "import \"math\"\n", file, checks)
}

// TestSchemaAgainstYara compiles a call to every declared overload with
// yara, and calls to functions yara 4.2.3 lacks, which must not compile.
func TestSchemaAgainstYara(t *testing.T) {
	yara := moduletest.NeedTool(t, "yara")
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	compiles := func(cond string) bool {
		rf := filepath.Join(dir, "r.yar")
		rule := "import \"math\"\nrule r { condition: " + cond + " }\n"
		if err := os.WriteFile(rf, []byte(rule), 0o644); err != nil {
			t.Fatal(err)
		}
		return exec.Command(yara, "-w", rf, file).Run() == nil
	}
	argOf := map[byte]string{'i': "1", 'f': "1.5", 's': `"a"`, 'b': "true"}
	for name, typ := range Module.Schema.Fields {
		if typ.Kind != module.KindFunc {
			continue
		}
		for _, sig := range typ.Overloads {
			var args []string
			for i := 0; i < len(sig.Args); i++ {
				args = append(args, argOf[sig.Args[i]])
			}
			call := fmt.Sprintf("math.%s(%s)", name, strings.Join(args, ", "))
			if !compiles("defined " + call) {
				t.Errorf("yara rejects %s", call)
			}
		}
	}
	for _, bad := range []string{"math.to_string(1)", `math.to_int("1")`, `math.count("a")`, "math.to_number(1)", "math.in_range(1, 0, 2)"} {
		if compiles("defined " + bad) {
			t.Errorf("yara accepts %s", bad)
		}
	}
}

// TestEntropyAgainstYara stresses entropy, whose result depends on every
// bit of log2, on many distributions and ranges.
func TestEntropyAgainstYara(t *testing.T) {
	yara := moduletest.NeedTool(t, "yara")
	r := rand.New(rand.NewSource(11))
	data := make([]byte, 20000)
	for i := range data {
		// Segments of different skews, so that ranges see many
		// distributions.
		data[i] = byte(r.ExpFloat64() * float64(1+i/1000))
	}
	file := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	s := loadBytes(data)
	var checks []moduletest.Check
	for i := 0; i < 600; i++ {
		o := r.Int63n(int64(len(data)))
		l := r.Int63n(int64(len(data))/2) + 1
		checks = append(checks, moduletest.Check{Expr: fmt.Sprintf("math.entropy(%d, %d)", o, l), Want: moduletest.Call(t, s, "entropy", o, l)})
	}
	for i := 0; i < 100; i++ {
		o := r.Intn(len(data) - 200)
		str := string(data[o : o+1+r.Intn(199)])
		checks = append(checks, moduletest.Check{Expr: "math.entropy(" + moduletest.StringLiteral(str) + ")", Want: moduletest.Call(t, s, "entropy", str)})
	}
	moduletest.RunOracle(t, yara, "import \"math\"\n", file, checks)
}
