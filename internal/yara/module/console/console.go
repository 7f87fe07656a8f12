// Package console is YARA's "console" module: console.log and console.hex
// write a message for the person running the scan and are always true, so
// that they can be and-ed into a condition to trace it.
//
// The messages are built exactly as yara 4.2.3 builds them (the same
// escaping of non-printable bytes, the same %f and 0x%llx formatting) and
// handed to the function installed with SetOutput; with none installed
// (the default) the functions print nothing and only return true.
package console

import (
	"math"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/yingji/yingji/internal/yara/module"
)

// Module is the console module.
var Module = &module.Module{
	Name:   "console",
	Schema: schema(),
	Load:   load,
}

func init() { module.Register(Module) }

// schema declares 4.2.3's overloads exactly: log(s), log(s, s), log(i),
// log(s, i), log(f), log(s, f), hex(i), hex(s, i). Anything else, such as
// hex(1.5), must fail to compile as it does with yara.
func schema() *module.Type {
	sig := func(args string) module.Signature {
		return module.Signature{Args: args, Result: module.KindInt}
	}
	return module.StructOf(map[string]*module.Type{
		"log": module.FuncOf(sig("s"), sig("ss"), sig("i"), sig("si"), sig("f"), sig("sf")),
		"hex": module.FuncOf(sig("i"), sig("si")),
	})
}

// output is the installed message sink, nil for none.
var output atomic.Pointer[func(string)]

// SetOutput installs the function that receives each console message (one
// call per message, without a trailing newline); nil removes it. It may be
// called concurrently with scans.
func SetOutput(fn func(msg string)) {
	if fn == nil {
		output.Store(nil)
		return
	}
	output.Store(&fn)
}

func load(*module.Input) *module.Struct {
	s := module.NewStruct()
	s.Set("log", module.Func(func(args []any) any { return emit(logMessage(args)) }))
	s.Set("hex", module.Func(func(args []any) any { return emit(hexMessage(args)) }))
	return s
}

// emit hands a message to the sink and returns yara's result, true.
func emit(msg string) any {
	if fn := output.Load(); fn != nil {
		(*fn)(msg)
	}
	return int64(1)
}

// logMessage formats console.log's arguments.
func logMessage(args []any) string {
	if len(args) == 0 {
		return ""
	}
	if len(args) == 1 {
		return value(args[0])
	}
	// The first argument of the two-argument overloads is read as a C
	// string: it ends at its first NUL and is not escaped.
	prefix, _ := args[0].(string)
	return cString(prefix) + value(args[1])
}

// hexMessage formats console.hex's arguments: 0x and the integer's two's
// complement in lower-case hex, as printf's 0x%llx.
func hexMessage(args []any) string {
	var prefix string
	if len(args) == 2 {
		prefix, _ = args[0].(string)
	}
	v, _ := args[len(args)-1].(int64)
	return cString(prefix) + "0x" + strconv.FormatUint(uint64(v), 16)
}

// value formats the logged value: a string escaped, an integer as %lli, a
// float as %f.
func value(v any) string {
	switch v := v.(type) {
	case string:
		return escape(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return formatF(v)
	}
	return ""
}

// escape keeps the bytes isprint accepts in the C locale (space to tilde)
// and writes every other byte as \xNN, as yara does.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c <= 0x7e {
			b.WriteByte(c)
			continue
		}
		const digits = "0123456789abcdef"
		b.WriteString(`\x`)
		b.WriteByte(digits[c>>4])
		b.WriteByte(digits[c&15])
	}
	return b.String()
}

// cString cuts a string at its first NUL, as C's string functions read it.
func cString(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

// formatF is printf's %f: six decimals, exact rounding of the binary value
// (which strconv does too), and glibc's spelling of infinities and NaN.
func formatF(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		if math.Signbit(f) {
			return "-nan"
		}
		return "nan"
	}
	return strconv.FormatFloat(f, 'f', 6, 64)
}
