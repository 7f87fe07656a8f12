// Package rules embeds yingji's detection content in the binary: the
// YARA rule pack under yara/ (see yara/README.md) and the Sigma rules for
// logs under sigma/ (see sigma/README.md). Users add their own rule
// directories at run time; these are the defaults.
package rules

import (
	"embed"
	"errors"
	"fmt"
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
