// Package rules embeds yingji's detection content in the binary: the
// YARA rule pack under yara/ (see yara/README.md) and the Sigma rules for
// logs under sigma/ (see sigma/README.md). Users add their own rule
// directories at run time; these are the defaults.
package rules

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"

	"github.com/yingji/yingji/internal/sigma"
	"github.com/yingji/yingji/internal/yara"
)

// YARA holds the embedded YARA rule files, under "yara/".
//
//go:embed yara/*.yar
var YARA embed.FS

// Sigma holds the embedded Sigma rule files, under "sigma/".
//
//go:embed sigma
var Sigma embed.FS

var (
	sigmaOnce sync.Once
	sigmaSet  *sigma.Set
	sigmaErr  error
)

// SigmaSet returns the embedded Sigma rules, compiled once per process.
// A rule of the pack that does not compile is an error.
func SigmaSet() (*sigma.Set, error) {
	sigmaOnce.Do(func() {
		var errs []error
		sigmaSet, errs = sigma.LoadFS(Sigma, "sigma", nil)
		if len(errs) > 0 {
			sigmaErr = fmt.Errorf("embedded Sigma rules: %w", errors.Join(errs...))
		}
	})
	return sigmaSet, sigmaErr
}

// SigmaSetWith compiles the embedded Sigma rules together with the rules
// under dirs (the user's own, *.yml and *.yaml, in the same format; a
// correlation rule may refer to embedded rules). Bad user rules are
// returned as errors naming their file and rule; the others are used.
func SigmaSetWith(dirs []string) (*sigma.Set, []error) {
	if len(dirs) == 0 {
		set, err := SigmaSet()
		if err != nil {
			return nil, []error{err}
		}
		return set, nil
	}
	// Parsed afresh and compiled as one set: a Set marks its rules
	// (Hidden), and references between files resolve only within a set.
	var all []*sigma.Rule
	var errs []error
	parse := func(fsys fs.FS, root string) {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			if ext := strings.ToLower(path.Ext(p)); d.IsDir() || ext != ".yml" && ext != ".yaml" {
				return nil
			}
			data, err := readRule(fsys, p)
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			rs, err := sigma.Parse(p, data, nil)
			all = append(all, rs...)
			if err != nil {
				errs = append(errs, err)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	parse(Sigma, "sigma")
	for _, d := range dirs {
		parse(os.DirFS(d), ".")
	}
	set, es := sigma.NewSet(all)
	return set, append(errs, es...)
}

// maxRuleFile bounds a user's rule file.
const maxRuleFile = 1 << 20

func readRule(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxRuleFile+1))
	if err == nil && len(data) > maxRuleFile {
		err = fmt.Errorf("%s: larger than %d bytes", name, maxRuleFile)
	}
	return data, err
}

var (
	packOnce sync.Once
	pack     *yara.Pack
	packErr  error
)

// YARAPack returns the embedded rule pack, parsed once per process. A file
// of the pack that does not compile is an error: the pack is ours and is
// checked by its tests.
func YARAPack() (*yara.Pack, error) {
	packOnce.Do(func() {
		pack, packErr = yara.LoadPack("yingji", "embedded", YARA, "yara", nil)
		if packErr == nil && len(pack.Errors) > 0 {
			packErr = fmt.Errorf("embedded YARA pack: %w", pack.Errors)
		}
	})
	return pack, packErr
}
