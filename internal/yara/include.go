package yara

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// Parse parses YARA source src, named path, and the files it includes
// (resolved relative to path's directory). It returns the rules that
// compiled and, if any rule or statement did not, an ErrorList with every
// error in source order. Like yara, the parser goes on after an error with
// the next rule, so the returned File holds the good rules of a file with
// bad ones; callers that want yara's all-or-nothing behaviour treat a
// non-nil error as failure.
func Parse(path string, src []byte, opts *Options) (*File, error) {
	p := newParser(path, opts)
	if p.opts.MaxSize > 0 && len(src) > p.opts.MaxSize {
		return p.out, ErrorList{{Pos: Pos{File: path, Line: 1, Col: 1}, Msg: fmt.Sprintf("file too large (%d bytes, limit %d)", len(src), p.opts.MaxSize)}}
	}
	p.includeStack = []string{filepath.Clean(path)}
	p.lex = NewLexer(path, src)
	p.parseUnit()
	if len(p.errs) > 0 {
		return p.out, p.errs
	}
	return p.out, nil
}

// ParseFile reads path with opts.ReadFile (os.ReadFile if nil) and parses
// it with Parse.
func ParseFile(path string, opts *Options) (*File, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	read := o.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	src, err := read(path)
	if err != nil {
		return &File{Path: path}, fmt.Errorf("yara: %w", err)
	}
	return Parse(path, src, &o)
}

func newParser(path string, opts *Options) *parser {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.ReadFile == nil {
		o.ReadFile = os.ReadFile
	}
	if o.MaxIncludeDepth <= 0 {
		o.MaxIncludeDepth = 16
	}
	if o.MaxSize <= 0 {
		o.MaxSize = 64 << 20
	}
	if o.MaxNesting <= 0 {
		o.MaxNesting = 256
	}
	if o.Modules == nil {
		o.Modules = DefaultModules
	}
	p := &parser{
		opts:    o,
		out:     &File{Path: path},
		imports: map[string]bool{},
		rules:   map[string]bool{},
	}
	for _, m := range o.Imports {
		p.imports[m] = true
	}
	for _, r := range o.Rules {
		p.rules[r] = true
		p.ruleOrder = append(p.ruleOrder, r)
	}
	p.wildcards = append(p.wildcards, o.Wildcards...)
	return p
}

// ParseFiles parses files that share one namespace, as the yara command
// compiles its rule files: each file may use the rules and modules of the
// files before it. It returns every file (with the rules that compiled)
// and the errors of all of them.
func ParseFiles(paths []string, opts *Options) ([]*File, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	var files []*File
	var errs ErrorList
	for _, path := range paths {
		f, err := ParseFile(path, &o)
		var el ErrorList
		switch {
		case errors.As(err, &el):
			errs = append(errs, el...)
		case err != nil:
			errs = append(errs, &Error{Pos: Pos{File: path}, Msg: err.Error()})
		}
		files = append(files, f)
		o.follow(f)
	}
	if len(errs) > 0 {
		return files, errs
	}
	return files, nil
}

// follow adds what f declares to the options of the next file of the
// namespace (copying, so that earlier options are not changed).
func (o *Options) follow(f *File) {
	o.Rules = append([]string(nil), o.Rules...)
	for _, r := range f.Rules {
		o.Rules = append(o.Rules, r.Name)
	}
	o.Imports = append([]string(nil), o.Imports...)
	for _, imp := range f.Imports {
		o.Imports = append(o.Imports, imp.Module)
	}
	o.Wildcards = append(append([]string(nil), o.Wildcards...), f.Wildcards...)
}

// parseInclude handles `include "file"`: the file is parsed in place, in the
// same namespace, with its own lexer.
func (p *parser) parseInclude() {
	pos := p.tok.Pos
	p.next()
	if p.tok.Kind != Text {
		p.syntaxError()
	}
	name := string(p.tok.Value.([]byte))
	// Do not advance past the string yet: the included file's tokens come
	// first, so fetch the next token only after it was parsed. The
	// lookahead buffer is empty here because include is handled at the top
	// level.
	resolved := name
	if !filepath.IsAbs(name) {
		resolved = filepath.Join(filepath.Dir(p.includeStack[len(p.includeStack)-1]), name)
	}
	resolved = filepath.Clean(resolved)
	for _, f := range p.includeStack {
		if f == resolved {
			p.next()
			p.fail(pos, "includes circular reference")
		}
	}
	if len(p.includeStack) >= p.opts.MaxIncludeDepth {
		p.next()
		p.fail(pos, "too many levels of nested includes (limit %d)", p.opts.MaxIncludeDepth)
	}
	src, err := p.opts.ReadFile(resolved)
	if err != nil {
		p.next()
		p.fail(pos, "can't open include file: %s", name)
	}
	if len(src) > p.opts.MaxSize {
		p.next()
		p.fail(pos, "include file %s too large (%d bytes, limit %d)", name, len(src), p.opts.MaxSize)
	}
	p.out.Includes = append(p.out.Includes, &Include{Pos: pos, Path: name, Resolved: resolved})

	savedLex, savedBuf := p.lex, p.buf
	p.lex, p.buf = NewLexer(resolved, src), nil
	p.includeStack = append(p.includeStack, resolved)
	p.parseUnit()
	p.includeStack = p.includeStack[:len(p.includeStack)-1]
	p.lex, p.buf = savedLex, savedBuf
	p.next()
}

// ParseExternal converts the value of a `-d name=value` definition as yara
// does: "true" and "false" are booleans, an optional '-' and decimal digits
// an integer, the same with one '.' a float, anything else a string.
func ParseExternal(value string) any {
	switch value {
	case "true":
		return true
	case "false":
		return false
	}
	digits, dots := 0, 0
	for i, c := range value {
		switch {
		case c == '-' && i == 0:
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		default:
			return value
		}
	}
	if digits == 0 || dots > 1 {
		return value
	}
	if dots == 0 {
		if i, err := strconv.ParseInt(value, 10, 64); err == nil {
			return i
		}
		return value
	}
	if f, err := strconv.ParseFloat(value, 64); err == nil {
		return f
	}
	return value
}
