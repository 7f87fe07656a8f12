// Package moduletest holds what the tests of the YARA modules share: the
// rule that an outside program missing in CI is a failure, and an oracle
// that checks module values against the reference yara 4.2.3 bit for bit.
package moduletest

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/yara/module"
)

// The reference is the yara 4.2.3 binary: rules whose conditions state the
// values this package computes must all match, which checks them bit for
// bit (yara parses a float literal with strtod, so == on a shortest
// round-trip literal is exact).

// NeedTool returns the path of an external program, skipping the test when
// it is missing, except in CI where its absence is a failure.
func NeedTool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI: %v", name, err)
		}
		t.Skipf("%s not installed: %v", name, err)
	}
	return p
}

// Check is one expression and the value a module gives it.
type Check struct {
	Expr string
	Want any // nil (undefined), int64, float64 or string
}

// condition turns a check into a yara condition true exactly when yara
// agrees.
func (c Check) condition() (string, bool) {
	switch v := c.Want.(type) {
	case nil:
		return fmt.Sprintf("not defined (%s)", c.Expr), true
	case int64:
		return fmt.Sprintf("%s == %s", c.Expr, IntLiteral(v)), true
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return "", false
		}
		return fmt.Sprintf("%s == %s", c.Expr, FloatLiteral(v)), true
	case string:
		return fmt.Sprintf("%s == %s", c.Expr, StringLiteral(v)), true
	}
	return "", false
}

// IntLiteral writes v as a YARA integer literal (MinInt64 has none).
func IntLiteral(v int64) string {
	if v == math.MinInt64 {
		return "(-9223372036854775807 - 1)"
	}
	return strconv.FormatInt(v, 10)
}

// FloatLiteral writes the shortest decimal that reads back as v, in the
// digits-dot-digits form yara's lexer accepts.
func FloatLiteral(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// StringLiteral escapes every byte that is not a letter or digit.
func StringLiteral(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, `\x%02x`, c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// RunOracle writes the checks as rules, scans file with yara and reports
// every check yara disagrees with, showing yara's own value (printed with
// console.log, so approximate for floats).
func RunOracle(t testing.TB, yara, imports, file string, checks []Check) {
	t.Helper()
	var rules strings.Builder
	rules.WriteString(imports)
	rules.WriteString("import \"console\"\n")
	used := map[string]Check{}
	for i, c := range checks {
		cond, ok := c.condition()
		if !ok {
			continue
		}
		name := fmt.Sprintf("r%d", i)
		used[name] = c
		fmt.Fprintf(&rules, "rule %s { condition: %s }\n", name, cond)
	}
	dir := t.TempDir()
	rf := filepath.Join(dir, "rules.yar")
	if err := os.WriteFile(rf, []byte(rules.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(yara, "-w", rf, file)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("yara: %v\n%s", err, stderr.String())
	}
	for _, line := range strings.Split(stdout.String(), "\n") {
		if name, _, ok := strings.Cut(line, " "); ok {
			delete(used, name)
		}
	}
	bad := 0
	for _, c := range used {
		bad++
		if bad > 20 {
			break
		}
		t.Errorf("%s: yara disagrees with %#v (yara: %s)", c.Expr, c.Want, yaraValue(yara, imports, file, c.Expr))
	}
}

// yaraValue prints an expression's value as yara 4.2.3 sees it.
func yaraValue(yara, imports, file, expr string) string {
	dir, err := os.MkdirTemp("", "yaravalue")
	if err != nil {
		return err.Error()
	}
	defer os.RemoveAll(dir)
	rf := filepath.Join(dir, "v.yar")
	rule := imports + "import \"console\"\nrule v { condition: console.log(" + expr + ") }\n"
	if err := os.WriteFile(rf, []byte(rule), 0o644); err != nil {
		return err.Error()
	}
	out, err := exec.Command(yara, "-w", rf, file).CombinedOutput()
	if err != nil {
		return fmt.Sprintf("%v: %s", err, out)
	}
	s := strings.TrimSpace(string(out))
	if !strings.Contains(s, "\n") {
		return "undefined"
	}
	v, _, _ := strings.Cut(s, "\n")
	return v
}

// Call calls the function field name of a module structure.
func Call(t testing.TB, s *module.Struct, name string, args ...any) any {
	t.Helper()
	fn, ok := s.Get(name).(module.Func)
	if !ok {
		t.Fatalf("%s is not a function", name)
	}
	return fn(args)
}
