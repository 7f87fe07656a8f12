// Package module is the object model shared by yingji's YARA engine and its
// modules (pe, elf, math, hash, time, console): a module declares the schema
// of what it exports, and for every scanned file builds the values a rule's
// condition reads.
//
// A value is one of:
//
//   - nil: undefined (a field the file does not have, an index out of range,
//     a function that cannot answer). Undefined propagates through yara's
//     conditions and makes a rule false; it is not an error.
//   - int64, float64, or string (a byte string; Go strings hold any bytes).
//   - *Struct, *Array, *Dict: structures, arrays and dictionaries.
//   - Func: a function, called with arguments of the types of one of the
//     overloads its schema declares.
//
// Like libyara's, the model is dynamic: a module fills in only what the file
// gives; a field left out of Struct.Fields reads as undefined.
package module

import "fmt"

// Kind is the type of a schema entry.
type Kind uint8

// Value kinds. KindRegexp appears only as a function argument.
const (
	KindInt Kind = iota + 1
	KindFloat
	KindString
	KindStruct
	KindArray
	KindDict
	KindFunc
	KindRegexp
	KindBool // only as a function result: true/false are returned as int64 1/0
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindInt:
		return "integer"
	case KindFloat:
		return "float"
	case KindString:
		return "string"
	case KindStruct:
		return "structure"
	case KindArray:
		return "array"
	case KindDict:
		return "dictionary"
	case KindFunc:
		return "function"
	case KindRegexp:
		return "regexp"
	case KindBool:
		return "boolean"
	}
	return fmt.Sprintf("kind(%d)", k)
}

// Type is the schema of a value.
type Type struct {
	Kind Kind
	// Fields are the members of a structure.
	Fields map[string]*Type
	// Elem is the element type of an array or dictionary.
	Elem *Type
	// Overloads are the signatures of a function.
	Overloads []Signature
}

// Signature is one overload of a function. Args uses yara's letters: 'i'
// integer, 'f' float, 's' string, 'r' regular expression, 'b' boolean
// (passed as int64 1 or 0). Result is
// KindInt, KindFloat, KindString or KindBool.
type Signature struct {
	Args   string
	Result Kind
}

// Struct is a structure value. Missing fields are undefined.
type Struct struct {
	Fields map[string]any
}

// NewStruct returns an empty structure.
func NewStruct() *Struct { return &Struct{Fields: map[string]any{}} }

// Set sets a field; a nil value leaves it undefined.
func (s *Struct) Set(name string, v any) {
	if v != nil {
		s.Fields[name] = v
	}
}

// Get returns a field, nil if undefined.
func (s *Struct) Get(name string) any {
	if s == nil {
		return nil
	}
	return s.Fields[name]
}

// Array is an array value; nil items are undefined.
type Array struct {
	Items []any
}

// Dict is a dictionary value keyed by byte strings.
type Dict struct {
	Items map[string]any
	// Keys keeps insertion order, for iteration in for-in loops as yara
	// does.
	Keys []string
}

// NewDict returns an empty dictionary.
func NewDict() *Dict { return &Dict{Items: map[string]any{}} }

// Set sets a key, keeping the first insertion order.
func (d *Dict) Set(key string, v any) {
	if _, ok := d.Items[key]; !ok {
		d.Keys = append(d.Keys, key)
	}
	d.Items[key] = v
}

// Regexp is a compiled regular expression passed to a module function.
// Like libyara's, a search tries a match at every offset before the end
// of the string (none for an empty string), leftmost first.
type Regexp interface {
	// MatchString reports whether a match attempt succeeds (yara's
	// matches operator; an empty match counts).
	MatchString(s string) bool
	// MatchEnd is libyara's yr_re_match as the pe module uses it: the
	// offset where the first match that ends after offset 0 ends (its
	// start plus its length), -1 when there is none. An empty match at
	// offset 0 does not count; one further in does.
	MatchEnd(s string) int
}

// Func is a module function. Args hold int64, float64, string or Regexp,
// matching one of the declared overloads. It returns int64, float64,
// string, or nil for undefined; a boolean result is int64 1 or 0.
type Func func(args []any) any

// Input is what a module sees of the file being scanned.
type Input struct {
	// Data is the file's content (possibly a bounded prefix, see Size).
	Data []byte
	// Size is the file's size; it exceeds len(Data) when only a prefix
	// was read.
	Size int64
}

// Span returns the bytes yara's hash and math functions read for
// (offset, length): undefined (false) when the offset is negative or not
// inside the file or the length is negative; clipped to the end of the
// file otherwise. A zero length at a valid offset is an empty, defined
// range. When only a prefix of the file is in memory, a range reaching
// past it cannot be computed and is undefined rather than silently wrong.
func Span(data []byte, size, offset, length int64) ([]byte, bool) {
	size = max(size, int64(len(data)))
	if offset < 0 || length < 0 || offset >= size {
		return nil, false
	}
	n := min(size-offset, length)
	if offset+n > int64(len(data)) {
		return nil, false
	}
	return data[offset : offset+n], true
}

// Module is a YARA module.
type Module struct {
	// Name is what `import` names.
	Name string
	// Schema is the structure the module exports (Kind KindStruct).
	Schema *Type
	// Load builds the module's values for one file. It must not keep
	// in.Data beyond the scan of the file (functions may read it while
	// the file is scanned), must bound its work by the input size, and
	// must never panic on hostile input; a file the module cannot parse
	// gives a structure with whatever could be read (or only constants).
	Load func(in *Input) *Struct
}

// Helpers for building schemas tersely.

// Int, Float and Str are the scalar types.
var (
	Int   = &Type{Kind: KindInt}
	Float = &Type{Kind: KindFloat}
	Str   = &Type{Kind: KindString}
)

// StructOf returns a structure type.
func StructOf(fields map[string]*Type) *Type { return &Type{Kind: KindStruct, Fields: fields} }

// ArrayOf returns an array type.
func ArrayOf(elem *Type) *Type { return &Type{Kind: KindArray, Elem: elem} }

// DictOf returns a dictionary type.
func DictOf(elem *Type) *Type { return &Type{Kind: KindDict, Elem: elem} }

// FuncOf returns a function type with the given overloads.
func FuncOf(sigs ...Signature) *Type { return &Type{Kind: KindFunc, Overloads: sigs} }

// Bool converts a Go bool to yara's boolean function result.
func Bool(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// registry of built-in modules.
var registry = map[string]*Module{}

// Register adds a module; modules register themselves from init.
func Register(m *Module) {
	if _, dup := registry[m.Name]; dup {
		panic("yara module registered twice: " + m.Name)
	}
	if m.Schema == nil || m.Schema.Kind != KindStruct {
		panic("yara module " + m.Name + " without a structure schema")
	}
	registry[m.Name] = m
}

// Lookup returns a registered module.
func Lookup(name string) *Module { return registry[name] }

// Names returns the registered module names.
func Names() []string {
	var out []string
	for n := range registry {
		out = append(out, n)
	}
	return out
}
