// Package rules embeds yingji's detection content in the binary: the
// YARA rule pack under yara/ (see yara/README.md). Users add their own
// rule directories at run time; these are the defaults.
package rules

import (
	"embed"
	"fmt"
	"sync"

	"github.com/yingji/yingji/internal/yara"
)

// YARA holds the embedded YARA rule files, under "yara/".
//
//go:embed yara/*.yar
var YARA embed.FS

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
