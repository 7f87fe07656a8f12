// Package rules embeds yingji's detection content in the binary: the
// YARA rule pack under yara/ (see yara/README.md). Users add their own
// rule directories at run time; these are the defaults.
package rules

import "embed"

// YARA holds the embedded YARA rule files, under "yara/".
//
//go:embed yara/*.yar
var YARA embed.FS
