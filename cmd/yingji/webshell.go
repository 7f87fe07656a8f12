package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/oplog"
	"github.com/yingji/yingji/internal/source"
	"github.com/yingji/yingji/internal/webshell"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

func webshellCmd() *cobra.Command {
	var (
		asJSON, listOnly, all bool
		workers               int
		lang                  string
	)
	c := &cobra.Command{
		Use:   "webshell [--json | -l] [-p N] PATH...",
		Short: "Find webshells (PHP, JSP, ASP, ASP.NET) in files and directories, with the reason for each",
		Long: `Analyse every file under the given paths for webshell behaviour. The language
is decided by content (a shell named .jpg is still PHP), and each language's
analysis follows request input through variables, string building, decoding
layers and calls to code execution, commands, file writes and uploads. Nothing
is executed. Each reported file comes with why: the input, every decoding step
and the dangerous operation, with line numbers.

Files are read without following symbolic links and without updating access
times where the kernel allows it; a file over 8 MiB is analysed over its first
7 MiB and last 1 MiB. Exit status: 0 no webshell, 1 webshells found, 2 error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			tuneGC()
			out := bufio.NewWriter(cmd.OutOrStdout())
			defer out.Flush()
			stderr := cmd.ErrOrStderr()
			found, errs, files := 0, 0, 0
			for _, arg := range args {
				abs, err := filepath.Abs(arg)
				if err != nil {
					return &exitError{2, err}
				}
				fi, err := os.Lstat(abs)
				if err != nil {
					fmt.Fprintln(stderr, "error:", err)
					errs++
					continue
				}
				root, rel := abs, "."
				if !fi.IsDir() {
					root, rel = filepath.Dir(abs), filepath.Base(abs)
				}
				src, err := source.OpenDir(root, false)
				if err != nil {
					fmt.Fprintln(stderr, "error:", err)
					errs++
					continue
				}
				err = webshell.ScanFS(cmd.Context(), src, []string{rel}, webshell.Options{Workers: workers, VerdictOnly: listOnly}, func(r webshell.Result) {
					files++
					name := webshell.Join(arg, relTo(rel, r.Path))
					if r.Err != nil {
						fmt.Fprintf(stderr, "error: %s: %v\n", name, r.Err)
						errs++
						return
					}
					if !r.Reported() && !all {
						return
					}
					if r.Reported() {
						found++
					}
					switch {
					case listOnly:
						fmt.Fprintln(out, name)
					case asJSON:
						_ = finding.WriteJSONL(out, []finding.Finding{webshell.Finding(r, name)})
					default:
						printWebshell(out, r, name, lang)
					}
				})
				src.Close()
				if err != nil {
					fmt.Fprintf(stderr, "error: %s: %v\n", arg, err)
					errs++
				}
			}
			if !listOnly && !asJSON {
				fmt.Fprintf(out, "%d files analysed, %d webshells, %d errors\n", files, found, errs)
			}
			_ = appendOplog(cmd, oplog.Record{Action: "webshell", Target: fmt.Sprint(args),
				Result: fmt.Sprintf("%d files, %d webshells, %d errors", files, found, errs)})
			switch {
			case errs > 0:
				return &exitError{2, fmt.Errorf("%d files could not be analysed", errs)}
			case found > 0:
				return &exitError{1, nil}
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print findings as JSON Lines")
	c.Flags().BoolVarP(&listOnly, "list", "l", false, "print only the paths of the webshells found")
	c.Flags().BoolVar(&all, "all", false, "also print files below the reporting threshold that have supporting evidence")
	c.Flags().IntVarP(&workers, "threads", "p", 0, "files analysed in parallel (default: the number of CPUs)")
	c.Flags().StringVar(&lang, "lang", "en", "language of the explanations: en or zh-CN")
	return c
}

// tuneGC sets the garbage collector for a webshell scan, unless GOGC or
// GOMEMLIMIT say otherwise. The analyses allocate a lot of short-lived
// memory (tokens, syntax trees, abstract values) per file and keep
// little: with the default GOGC of 100 the collector ran for about a fifth
// of the CPU time. A heap allowed to grow to four times what is live
// (typically a few tens of MB: the files being analysed and each
// worker's pooled buffers) costs a few hundred MB at most (about 370 MB
// on the development set, against 430 MB for five times, which saves
// the collector only 1% of the CPU time), and the soft limit makes the
// collector work harder before the process passes it.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(300)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(512 << 20)
	}
}

// relTo returns p relative to the walk root rel.
func relTo(rel, p string) string {
	if rel == "." {
		return p
	}
	r, err := filepath.Rel(rel, p)
	if err != nil {
		return p
	}
	return r
}

// printWebshell prints one result for a person: the verdict line, then
// each detection with its source, steps and sink.
func printWebshell(w *bufio.Writer, r webshell.Result, name, lang string) {
	sev, _ := webshell.Severity(r.Score)
	fmt.Fprintf(w, "%s  %s  score %d  %s\n", sev, r.Lang, r.Score, name)
	for _, d := range r.Detections {
		if verdict.IsNote(d) {
			fmt.Fprintf(w, "  note: %s\n", pick(lang, d.Why, d.WhyZh))
			continue
		}
		fmt.Fprintf(w, "  %-26s %3d  %s\n", d.Rule, d.Score, pick(lang, d.Why, d.WhyZh))
		pt := func(role string, p *verdict.Point) {
			if p != nil {
				fmt.Fprintf(w, "      %-6s line %-5d %-24s %s\n", role, p.Line, verdict.Clip(p.What), p.Excerpt)
			}
		}
		pt("source", d.Source)
		for i := range d.Steps {
			pt("step", &d.Steps[i])
		}
		pt("sink", d.Sink)
	}
}
