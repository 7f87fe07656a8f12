package main

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/yingji/yingji/internal/check"
	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/oplog"
	"github.com/yingji/yingji/internal/pathenc"
	"github.com/yingji/yingji/internal/source"
	"github.com/yingji/yingji/internal/yara"
)

// sourceFlags selects the target of an analysis command.
type sourceFlags struct {
	root, bundle string
	noLive       bool
}

func (s *sourceFlags) add(cmd *cobra.Command) {
	cmd.Flags().StringVar(&s.root, "root", "/", "the target's root: / for the live host, or a mounted image")
	cmd.Flags().StringVar(&s.bundle, "bundle", "", "analyse a bundle made by yingji collect instead of a root")
	cmd.Flags().BoolVar(&s.noLive, "no-live", false, "with --root /, do not read the live host's volatile state")
}

func (s *sourceFlags) open() (source.Source, error) {
	if s.bundle != "" {
		return source.OpenBundle(s.bundle)
	}
	root, err := filepath.Abs(s.root)
	if err != nil {
		return nil, err
	}
	return source.OpenDir(root, root == "/" && !s.noLive)
}

func scanCmd() *cobra.Command {
	var (
		sf       sourceFlags
		pattern  string
		asJSON   bool
		lang     string
		list     bool
		catalog  bool
		showInfo bool
		yaraDirs []string
		webRoots []string
	)
	c := &cobra.Command{
		Use:   "scan [--root DIR | --bundle FILE] [--json] [--checks PATTERN]",
		Short: "Examine a host, an image or a bundle for intrusion with the host checks",
		Long: `Run the host checks over the live host (--root /), a mounted image (--root DIR)
or a collected bundle (--bundle FILE). Checks only read; they never run the
target's programs. Checks that need live state run on a live host and on a
bundle's snapshot, and are listed as skipped on a bare image.
Exit code: 0 nothing above low, 1 findings, 2 error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			out := cmd.OutOrStdout()
			if catalog {
				return check.WriteCatalogue(out)
			}
			if list {
				cs, err := check.Select(pattern)
				if err != nil {
					return &exitError{2, err}
				}
				for _, c := range cs {
					fmt.Fprintf(out, "%-44s %-8s %s\n", c.ID, c.Severity, pick(lang, c.Title, c.TitleZh))
				}
				return nil
			}
			// A soft limit: the checks stream what they can, and a scan must
			// stay small on a host that is already in trouble.
			debug.SetMemoryLimit(100 << 20)
			src, err := sf.open()
			if err != nil {
				return &exitError{2, err}
			}
			defer src.Close()
			opts := check.Options{Pattern: pattern, WebRoots: webRoots}
			if opts.YARA, err = scanYARARules(pattern, yaraDirs); err != nil {
				return &exitError{2, err}
			}
			res, err := check.Run(cmd.Context(), src, opts)
			if err != nil {
				return &exitError{2, err}
			}
			worst := finding.Info
			for _, f := range res.Findings {
				worst = max(worst, f.Severity)
			}
			rec := oplog.Record{Action: "scan.run", Target: src.Describe(), Detail: map[string]any{
				"checks": len(res.Statuses), "findings": len(res.Findings), "worst": worst.String(), "pattern": pattern}}
			if err := appendOplog(cmd, rec); err != nil {
				return &exitError{2, err}
			}
			if asJSON {
				if err := finding.WriteJSONL(out, res.Findings); err != nil {
					return &exitError{2, err}
				}
			} else {
				printFindings(out, src.Describe(), res, lang, showInfo)
			}
			if worst > finding.Low {
				return &exitError{1, nil}
			}
			return nil
		},
	}
	sf.add(c)
	f := c.Flags()
	f.StringVar(&pattern, "checks", "", "run only checks whose id matches (globs, comma-separated, or a family name)")
	f.BoolVar(&asJSON, "json", false, "write findings as JSON Lines")
	f.StringVar(&lang, "lang", "zh-CN", "language of the terminal output: zh-CN or en")
	f.BoolVar(&list, "list", false, "list the checks and exit")
	f.BoolVar(&catalog, "catalogue", false, "print the Markdown catalogue of the checks and exit")
	f.BoolVar(&showInfo, "all", false, "also show low and info findings in the terminal")
	f.StringArrayVar(&webRoots, "webroot", nil, "also look for webshells under `DIR` (a path on the target; check malware.webshell), beside the web roots found from server configurations")
	f.StringArrayVar(&yaraDirs, "yara", nil, "add the YARA rules (*.yar, *.yara) of `DIR` to the embedded pack (check malware.yara)")
	return c
}

// scanYARARules compiles the rule set of malware.yara (the embedded pack
// and the user's directories) when the selected checks include it.
func scanYARARules(pattern string, dirs []string) (*yara.Rules, error) {
	cs, err := check.Select(pattern)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.ID == "malware.yara" {
			return check.LoadYARA(dirs)
		}
	}
	return nil, nil
}

func pick(lang, en, zh string) string {
	if strings.HasPrefix(lang, "zh") && zh != "" {
		return zh
	}
	return en
}

// printFindingList writes findings grouped by severity, worst first
// (low and informational ones only when showLow), and returns the count
// per severity.
func printFindingList(w io.Writer, findings []finding.Finding, lang string, showLow bool) map[finding.Severity]int {
	fs := append([]finding.Finding(nil), findings...)
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Severity != fs[j].Severity {
			return fs[i].Severity > fs[j].Severity
		}
		return fs[i].Rule < fs[j].Rule
	})
	counts := map[finding.Severity]int{}
	for _, f := range fs {
		counts[f.Severity]++
	}
	zh := strings.HasPrefix(lang, "zh")
	cur := finding.Severity(-1)
	for _, f := range fs {
		if f.Severity <= finding.Low && !showLow {
			continue
		}
		if f.Severity != cur {
			cur = f.Severity
			name := cur.String()
			if zh {
				name = cur.Zh()
			}
			fmt.Fprintf(w, "\n== %s (%d) ==\n", strings.ToUpper(name), counts[cur])
		}
		fmt.Fprintf(w, "[%s] %s\n", f.Rule, pick(lang, f.Title, f.TitleZh))
		fmt.Fprintf(w, "    %s\n", pathenc.Display(pick(lang, f.Description, f.DescriptionZh)))
		for i, e := range f.Evidence {
			if i == 5 {
				fmt.Fprintf(w, "    … %d more\n", len(f.Evidence)-5)
				break
			}
			loc := pathenc.Escape(e.Path)
			if e.Line > 0 {
				loc += fmt.Sprintf(":%d", e.Line)
			}
			if e.PID > 0 {
				loc += fmt.Sprintf(" pid %d", e.PID)
			}
			if e.Excerpt != "" {
				loc += "  " + pathenc.Display(check.Excerpt(e.Excerpt, 160))
			}
			if loc == "" && len(e.Fields) > 0 {
				// A summary (a correlation's group and counts).
				keys := make([]string, 0, len(e.Fields))
				for k := range e.Fields {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				for _, k := range keys {
					loc += " " + k + "=" + pathenc.Display(check.Excerpt(e.Fields[k], 160))
				}
			}
			fmt.Fprintf(w, "    - %s\n", strings.TrimSpace(loc))
		}
	}
	return counts
}

// printFindings writes findings for people, grouped by severity.
func printFindings(w io.Writer, target string, res *check.Result, lang string, showLow bool) {
	fmt.Fprintf(w, "%s: %s\n", pick(lang, "Target", "检查对象"), target)
	counts := printFindingList(w, res.Findings, lang, showLow)
	var skipped, failed []string
	ran := 0
	for _, st := range res.Statuses {
		switch {
		case st.Skipped != "":
			skipped = append(skipped, st.ID)
		case st.Error != "":
			failed = append(failed, st.ID+": "+st.Error)
		default:
			ran++
		}
	}
	fmt.Fprintf(w, "\n%s: %d %s, %s\n", pick(lang, "Summary", "汇总"), ran, pick(lang, "checks ran", "项检查已运行"), severityCounts(counts, lang))
	if len(skipped) > 0 {
		fmt.Fprintf(w, "%s (%d): %s\n", pick(lang, "Not run on this source (need live state)", "因缺少实时状态未运行"), len(skipped), strings.Join(skipped, ", "))
	}
	for _, f := range failed {
		fmt.Fprintf(w, "%s: %s\n", pick(lang, "Check failed", "检查出错"), f)
	}
	for _, st := range res.Statuses {
		for _, n := range st.Notes {
			fmt.Fprintf(w, "%s %s: %s\n", pick(lang, "Not complete:", "未完整检查："), st.ID, n)
		}
	}
}

// severityCounts writes the number of findings of each severity, worst
// first: "1 critical, 2 high, …" or "1 严重, 2 高危, …".
func severityCounts(counts map[finding.Severity]int, lang string) string {
	var parts []string
	for s := finding.Critical; s >= finding.Info; s-- {
		name := s.String()
		if strings.HasPrefix(lang, "zh") {
			name = s.Zh()
		}
		parts = append(parts, fmt.Sprintf("%d %s", counts[s], name))
	}
	return strings.Join(parts, ", ")
}
