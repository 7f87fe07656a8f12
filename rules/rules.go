// Package rules embeds yingji's detection content in the binary: the
// YARA rule pack under yara/ (see yara/README.md), the Sigma rules for
// logs under sigma/ (see sigma/README.md), and the library of the
// report's recommendations and impact statements under advice/. Users add
// their own directories at run time; these are the defaults.
package rules

import (
	"embed"
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/yingji/yingji/internal/buildinfo"
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

// Advice holds the report's library of recommendations and impact
// statements, under "advice/" (see advice/recommendations.yml).
//
//go:embed advice/*.yml
var Advice embed.FS

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
		if p, err := buildinfo.HashPack("sigma:yingji", "embedded", Sigma, "sigma", ".yml", ".yaml"); err == nil {
			buildinfo.RegisterRulePack(p)
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
	all, errs := sigma.ParseFS(Sigma, "sigma", nil)
	for _, d := range dirs {
		rs, es := sigma.ParseFS(os.DirFS(d), ".", nil)
		all, errs = append(all, rs...), append(errs, es...)
	}
	set, es := sigma.NewSet(all)
	return set, append(errs, es...)
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
