package sigma

import "embed"

//go:embed testdata/rules
var testdataFS embed.FS
