// Package yaramath is YARA's "math" module as yara 4.2.3 has it:
// statistics over a range of the scanned file or over a string (entropy,
// mean, deviation, serial correlation, Monte Carlo pi, byte count,
// percentage and mode) and a few integer helpers.
//
// Results are meant to be bit-identical to yara's: the same formulas in the
// same order of operations, glibc's log2 (see log2.go), and yara's edge
// cases (a range starting outside the file is undefined, one running past
// its end is clipped, 0/0 is NaN and so undefined). The directory is named
// math, the package yaramath so that it does not shadow the standard
// library's math in the files that use both.
package yaramath

import (
	"math"

	"github.com/yingji/yingji/internal/yara/module"
)

// MeanBytes is the value of math.MEAN_BYTES: the mean of uniformly
// distributed bytes.
const MeanBytes = 127.5

// Module is the math module.
var Module = &module.Module{
	Name:   "math",
	Schema: schema(),
	Load:   load,
}

func init() { module.Register(Module) }

// schema declares exactly 4.2.3's functions and overloads: a rule that calls
// one yara 4.2.3 does not have (to_string, to_int, count of a string...)
// must fail to compile, as it does with yara.
func schema() *module.Type {
	f := func(args string, res module.Kind) module.Signature {
		return module.Signature{Args: args, Result: res}
	}
	const (
		i  = module.KindInt
		fl = module.KindFloat
	)
	return module.StructOf(map[string]*module.Type{
		"MEAN_BYTES":         module.Float,
		"in_range":           module.FuncOf(f("fff", i)),
		"deviation":          module.FuncOf(f("iif", fl), f("sf", fl)),
		"mean":               module.FuncOf(f("ii", fl), f("s", fl)),
		"serial_correlation": module.FuncOf(f("ii", fl), f("s", fl)),
		"monte_carlo_pi":     module.FuncOf(f("ii", fl), f("s", fl)),
		"entropy":            module.FuncOf(f("ii", fl), f("s", fl)),
		"min":                module.FuncOf(f("ii", i)),
		"max":                module.FuncOf(f("ii", i)),
		// 'b': yara declares to_number's argument as a boolean, and
		// rejects an integer there.
		"to_number":  module.FuncOf(f("b", i)),
		"abs":        module.FuncOf(f("i", i)),
		"count":      module.FuncOf(f("iii", i), f("i", i)),
		"percentage": module.FuncOf(f("iii", fl), f("i", fl)),
		"mode":       module.FuncOf(f("ii", i), f("", i)),
	})
}

// file is what the functions of one scan read.
type file struct {
	data []byte
	size int64
}

func load(in *module.Input) *module.Struct {
	f := &file{data: in.Data, size: in.Size}
	if f.size < int64(len(f.data)) {
		f.size = int64(len(f.data))
	}
	s := module.NewStruct()
	s.Set("MEAN_BYTES", MeanBytes)
	s.Set("in_range", module.Func(inRange))
	s.Set("deviation", module.Func(f.deviation))
	s.Set("mean", module.Func(f.mean))
	s.Set("serial_correlation", module.Func(f.serialCorrelation))
	s.Set("monte_carlo_pi", module.Func(f.monteCarloPi))
	s.Set("entropy", module.Func(f.entropy))
	s.Set("min", module.Func(minFunc))
	s.Set("max", module.Func(maxFunc))
	s.Set("to_number", module.Func(toNumber))
	s.Set("abs", module.Func(absFunc))
	s.Set("count", module.Func(f.count))
	s.Set("percentage", module.Func(f.percentage))
	s.Set("mode", module.Func(f.mode))
	return s
}

// span is module.Span over the file.
func (f *file) span(offset, length int64) ([]byte, bool) {
	return module.Span(f.data, f.size, offset, length)
}

// whole returns the whole file, for the overloads without a range. yara
// 4.2.3 finds no data to read in an empty file and answers undefined.
func (f *file) whole() ([]byte, bool) {
	if f.size == 0 || int64(len(f.data)) < f.size {
		return nil, false
	}
	return f.data, true
}

// distribution counts each byte value, as yara's get_distribution does.
func distribution(b []byte) *[256]uint32 {
	var d [256]uint32
	for _, c := range b {
		d[c]++
	}
	return &d
}

// float returns a float result; NaN is how yara spells undefined for
// floats (its return_float turns NaN into an undefined value).
func float(v float64) any {
	if math.IsNaN(v) {
		return nil
	}
	return v
}

// rangeOrString dispatches on the overload: (offset, length, ...) or
// (string, ...). It returns the bytes and the index of the first argument
// after them.
func (f *file) rangeOrString(args []any) ([]byte, int, bool) {
	if s, ok := args[0].(string); ok {
		return []byte(s), 1, true
	}
	if len(args) < 2 {
		return nil, 0, false
	}
	off, ok1 := args[0].(int64)
	n, ok2 := args[1].(int64)
	if !ok1 || !ok2 {
		return nil, 0, false
	}
	b, ok := f.span(off, n)
	return b, 2, ok
}

// entropy is Shannon's entropy in bits per byte. yara sums over the byte
// distribution in byte-value order; the string overload divides by the
// string's length, the range one by the total count: the same number.
func (f *file) entropy(args []any) any {
	b, _, ok := f.rangeOrString(args)
	if !ok {
		return nil
	}
	d := distribution(b)
	total := float64(len(b))
	e := 0.0
	for _, c := range d {
		if c != 0 {
			x := float64(c) / total
			e -= float64(x * log2(x))
		}
	}
	return float(e)
}

// signedChar is a string byte as yara's string overloads of mean,
// deviation and serial_correlation read it: through a C char, which is
// signed on x86-64, so that 0xff counts as -1 (math.mean("\xff") is -1.0 in
// yara 4.2.3).
func signedChar(c byte) float64 { return float64(int8(c)) }

// mean is the arithmetic mean of the bytes. The range overload sums over
// the distribution (value times count, in value order), the string one
// byte by byte, as yara does: the sums round differently.
func (f *file) mean(args []any) any {
	if s, ok := args[0].(string); ok {
		sum := 0.0
		for i := 0; i < len(s); i++ {
			sum += signedChar(s[i])
		}
		return float(sum / float64(len(s)))
	}
	b, _, ok := f.rangeOrString(args)
	if !ok {
		return nil
	}
	d := distribution(b)
	sum := 0.0
	for i, c := range d {
		sum += float64(float64(i) * float64(c))
	}
	return float(sum / float64(len(b)))
}

// deviation is the mean absolute deviation from a given mean, summed the
// way mean is.
func (f *file) deviation(args []any) any {
	if s, ok := args[0].(string); ok {
		m, _ := args[1].(float64)
		sum := 0.0
		for i := 0; i < len(s); i++ {
			sum += math.Abs(signedChar(s[i]) - m)
		}
		return float(sum / float64(len(s)))
	}
	b, next, ok := f.rangeOrString(args)
	if !ok || len(args) <= next {
		return nil
	}
	m, _ := args[next].(float64)
	d := distribution(b)
	sum := 0.0
	for i, c := range d {
		sum += float64(math.Abs(float64(i)-m) * float64(c))
	}
	return float(sum / float64(len(b)))
}

// serialCorrelation is ent's serial correlation coefficient; yara returns
// -100000 when the denominator is zero (an empty or constant input).
func (f *file) serialCorrelation(args []any) any {
	b, _, ok := f.rangeOrString(args)
	if !ok {
		return nil
	}
	value := func(c byte) float64 { return float64(c) }
	if _, ok := args[0].(string); ok {
		value = signedChar
	}
	var sccun, scclast, scct1, scct2, scct3 float64
	for _, c := range b {
		sccun = value(c)
		scct1 += float64(scclast * sccun)
		scct2 += sccun
		scct3 += float64(sccun * sccun)
		scclast = sccun
	}
	// yara closes the cycle with the last byte times itself, not times the
	// first byte as ent does: reproduced.
	scct1 += float64(scclast * sccun)
	scct2 *= scct2
	n := float64(len(b))
	scc := float64(n*scct3) - scct2
	if scc == 0 {
		scc = -100000
	} else {
		scc = (float64(n*scct1) - scct2) / scc
	}
	return float(scc)
}

// monteCarloPi is the relative error of a Monte Carlo estimate of pi that
// reads the input as pairs of 24-bit coordinates; undefined when the input
// holds no complete 6-byte point.
func (f *file) monteCarloPi(args []any) any {
	b, _, ok := f.rangeOrString(args)
	if !ok {
		return nil
	}
	// The string overload converts a signed char to unsigned int: 0xff
	// becomes 0xffffffff.
	value := func(c byte) float64 { return float64(c) }
	if _, ok := args[0].(string); ok {
		value = func(c byte) float64 { return float64(uint32(int32(int8(c)))) }
	}
	const inCirc = 281474943156225.0 // pow(pow(256.0, 3.0) - 1, 2.0)
	var mcount, inmont int64
	for i := 0; i+6 <= len(b); i += 6 {
		mx, my := 0.0, 0.0
		for j := 0; j < 3; j++ {
			mx = float64(mx*256.0) + value(b[i+j])
			my = float64(my*256.0) + value(b[i+j+3])
		}
		mcount++
		if float64(mx*mx)+float64(my*my) <= inCirc {
			inmont++
		}
	}
	if mcount == 0 {
		return nil
	}
	// yara counts in C ints: the counts wrap past 2^31 points (a 12 GiB
	// range), kept for fidelity.
	mpi := 4.0 * (float64(int32(inmont)) / float64(int32(mcount)))
	return float(math.Abs((mpi - math.Pi) / math.Pi))
}

// inRange reports lower <= test <= upper.
func inRange(args []any) any {
	t, _ := args[0].(float64)
	lo, _ := args[1].(float64)
	hi, _ := args[2].(float64)
	return module.Bool(lo <= t && t <= hi)
}

// minFunc and maxFunc compare as unsigned 64-bit integers, as yara does
// (it stores the arguments in uint64_t): math.max(-1, 1) is -1.
func minFunc(args []any) any {
	a, _ := args[0].(int64)
	b, _ := args[1].(int64)
	if uint64(a) < uint64(b) {
		return a
	}
	return b
}

func maxFunc(args []any) any {
	a, _ := args[0].(int64)
	b, _ := args[1].(int64)
	if uint64(a) > uint64(b) {
		return a
	}
	return b
}

// toNumber converts a boolean to 1 or 0. Booleans reach functions as
// integers; a Go bool is accepted too.
func toNumber(args []any) any {
	switch v := args[0].(type) {
	case bool:
		return module.Bool(v)
	case int64:
		return module.Bool(v != 0)
	}
	return nil
}

// absFunc is llabs: the absolute value of the minimum int64 is itself.
func absFunc(args []any) any {
	v, _ := args[0].(int64)
	if v < 0 {
		return -v
	}
	return v
}

// byteArg is yara's (uint8_t) cast of the byte argument: math.count(353)
// counts the byte 97.
func byteArg(args []any) byte {
	v, _ := args[0].(int64)
	return byte(v)
}

// bytesFor returns the input of count, percentage and mode: the range
// given after skip leading arguments, or the whole file when there is none.
func (f *file) bytesFor(args []any, skip int) ([]byte, bool) {
	if len(args) >= skip+2 {
		off, _ := args[skip].(int64)
		n, _ := args[skip+1].(int64)
		return f.span(off, n)
	}
	return f.whole()
}

// count is the number of occurrences of a byte.
func (f *file) count(args []any) any {
	c := byteArg(args)
	b, ok := f.bytesFor(args, 1)
	if !ok {
		return nil
	}
	return int64(distribution(b)[c])
}

// percentage is the share of a byte, computed in single precision as yara
// does ((float) count / (float) total), then widened.
func (f *file) percentage(args []any) any {
	c := byteArg(args)
	b, ok := f.bytesFor(args, 1)
	if !ok {
		return nil
	}
	d := distribution(b)
	return float(float64(float32(d[c]) / float32(len(b))))
}

// mode is the most frequent byte, the lowest one on a tie; 0 for an empty
// range.
func (f *file) mode(args []any) any {
	b, ok := f.bytesFor(args, 0)
	if !ok {
		return nil
	}
	d := distribution(b)
	best := 0
	for i := range d {
		if d[i] > d[best] {
			best = i
		}
	}
	return int64(best)
}
