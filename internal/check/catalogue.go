package check

import (
	"fmt"
	"io"
	"strings"
)

// familyOrder is the order of families in the catalogue.
var familyOrder = []string{"accounts", "logins", "processes", "network", "persistence", "rootkit", "integrity", "hardening", "malware", "web"}

// WriteCatalogue writes the Markdown catalogue of every check (docs/checks.md)
// from the checks' metadata, so the document cannot drift from the code.
func WriteCatalogue(w io.Writer) error {
	all := All()
	byFamily := map[string][]*Check{}
	for _, c := range all {
		byFamily[c.Family] = append(byFamily[c.Family], c)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Host checks (主机检查项)\n\nGenerated from the checks' metadata by `UPDATE_CATALOGUE=1 go test ./internal/check -run TestCatalogue`; do not edit by hand.\n\n")
	fmt.Fprintf(&b, "%d checks. *Needs*: **files** run on every source (live host, disk image, bundle); **volatile** need processes, sockets or modules (live host or a bundle's snapshot); **live** need the running host.\n\n", len(all))
	fams := append([]string{}, familyOrder...)
	for f := range byFamily {
		known := false
		for _, k := range familyOrder {
			known = known || k == f
		}
		if !known {
			fams = append(fams, f)
		}
	}
	esc := func(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
	for _, fam := range fams {
		cs := byFamily[fam]
		if len(cs) == 0 {
			continue
		}
		fmt.Fprintf(&b, "## %s (%d)\n\n| id | title | 名称 | severity | ATT&CK | category | needs | reads |\n|---|---|---|---|---|---|---|---|\n", fam, len(cs))
		for _, c := range cs {
			needs := map[Needs]string{NeedsFiles: "files", NeedsVolatile: "volatile", NeedsLive: "live"}[c.Needs]
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s | %s |\n", c.ID, esc(c.Title), esc(c.TitleZh), c.Severity,
				strings.Join(c.Attack, ", "), c.Category, needs, esc(strings.Join(c.Reads, ", ")))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
