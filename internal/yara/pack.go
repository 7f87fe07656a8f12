package yara

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Pack is a set of rule files loaded together: a pack embedded in the
// binary or a directory of the user's. Each pack compiles into its own
// namespace, so two packs may use the same rule names.
type Pack struct {
	// Name is the pack's namespace.
	Name string
	// Origin is "embedded" or the directory the pack was read from.
	Origin string
	// Files are the parsed rule files, in path order; a file with errors
	// keeps the rules that compiled.
	Files []*File
	// SHA256 is the digest over the files' names and contents, in path
	// order, for the tool record.
	SHA256 string
	// Errors lists the files that did not compile cleanly.
	Errors ErrorList
}

// LoadPack reads every *.yar and *.yara file below dir in fsys (includes
// are resolved inside fsys too). A file that does not compile is reported
// in Pack.Errors and its good rules kept; LoadPack fails only when the
// pack cannot be read or holds no rule at all.
func LoadPack(name, origin string, fsys fs.FS, dir string, opts *Options) (*Pack, error) {
	var names []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && (strings.HasSuffix(p, ".yar") || strings.HasSuffix(p, ".yara")) {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("rule pack %s: %w", origin, err)
	}
	sort.Strings(names)
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.CheckRegexp == nil {
		o.CheckRegexp = CheckRegexp
	}
	o.ReadFile = func(p string) ([]byte, error) { return fs.ReadFile(fsys, path.Clean(p)) }
	pk := &Pack{Name: name, Origin: origin}
	h := sha256.New()
	rules := 0
	for _, n := range names {
		src, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("rule pack %s: %w", origin, err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", n, len(src))
		h.Write(src)
		f, err := Parse(n, src, &o)
		// The pack is one namespace: later files may use the rules and
		// modules of earlier ones, as with the yara command.
		if f != nil {
			o.follow(f)
		}
		var el ErrorList
		if errors.As(err, &el) {
			pk.Errors = append(pk.Errors, el...)
		} else if err != nil {
			pk.Errors = append(pk.Errors, &Error{Pos: Pos{File: n}, Msg: err.Error()})
		}
		if f != nil {
			rules += len(f.Rules)
			pk.Files = append(pk.Files, f)
		}
	}
	pk.SHA256 = hex.EncodeToString(h.Sum(nil))
	if rules == 0 {
		if len(pk.Errors) > 0 {
			return pk, fmt.Errorf("rule pack %s: no rule compiles:\n%w", origin, pk.Errors)
		}
		return pk, fmt.Errorf("rule pack %s: no rules", origin)
	}
	return pk, nil
}

// CompilePacks compiles packs into one rule set, each pack in its own
// namespace.
func CompilePacks(packs []*Pack, externals map[string]any) (*Rules, error) {
	var files []*File
	var ns []string
	for _, p := range packs {
		for _, f := range p.Files {
			files = append(files, f)
			ns = append(ns, p.Name)
		}
	}
	return Compile(files, &CompileOptions{Externals: externals, Namespaces: ns})
}
