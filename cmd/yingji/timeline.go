package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/yingji/yingji/internal/bundle"
	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/logs"
	"github.com/yingji/yingji/internal/source"
	"github.com/yingji/yingji/internal/timeline"
	"github.com/yingji/yingji/rules"
)

func timelineCmd() *cobra.Command {
	var (
		bundlePath, bodyPath, format, out, lang, tmp string
		findingFiles, sigmaDirs                      []string
	)
	c := &cobra.Command{
		Use:   "timeline [--bundle FILE | PATH...] [--findings FILE]... [--body FILE] [--format csv|jsonl] [--out FILE]",
		Short: "Merge log events, file times and findings into one timeline (Timesketch CSV or JSON Lines)",
		Long: `Build one time-ordered timeline of a host: every dated log event (as yingji
logs reads them), the findings of the log detections, the findings of other
analyses given with --findings (JSON Lines from yingji scan, webshell or logs
--json), and the file-system times (modification, access, change, birth) of a
bundle's body file or of a body file given with --body.

The CSV is Timesketch's import format: message, datetime, timestamp_desc, then
timestamp (microseconds) and the fields. Entries are sorted with bounded memory
(sorted chunks spilled to the temporary directory and merged), whatever the size
of the inputs.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "csv" && format != "jsonl" {
				return &exitError{2, fmt.Errorf("--format must be csv or jsonl")}
			}
			if bundlePath == "" && bodyPath == "" && len(args) == 0 && len(findingFiles) == 0 {
				return &exitError{2, errors.New("nothing to put in the timeline: give PATHs, --bundle, --body or --findings")}
			}
			set, ruleErrs := rules.SigmaSetWith(sigmaDirs)
			if set == nil {
				return &exitError{2, errors.Join(ruleErrs...)}
			}
			zh := strings.HasPrefix(lang, "zh")
			sorter := &timeline.Sorter{Dir: tmp}
			add := func(e timeline.Entry) { sorter.Add(e) } // an error returns from Each
			stderr := cmd.ErrOrStderr()
			failed := false
			fail := func(err error) {
				fmt.Fprintln(stderr, "error:", err)
				failed = true
			}
			for _, err := range ruleErrs {
				fail(fmt.Errorf("rule: %w", err))
			}
			addFindings := func(fs []finding.Finding) {
				for i := range fs {
					if e, ok := timeline.FromFinding(&fs[i], zh); ok {
						add(e)
					}
				}
			}
			readLogs := func(fsys fs.FS, files []logs.File, opts logs.Options) {
				fs, results := logs.Analyze(cmd.Context(), fsys, files, set, opts, func(ev *event.Event) {
					if e, ok := timeline.FromEvent(ev); ok {
						add(e)
					}
				})
				addFindings(fs)
				for _, r := range results {
					if r.Err != nil {
						fail(r.Err)
					}
				}
			}
			if bundlePath != "" {
				src, err := source.OpenBundle(bundlePath)
				if err != nil {
					return &exitError{2, err}
				}
				defer src.Close()
				files, opts, _ := logs.FindSource(src, nil)
				readLogs(src, files, opts)
				if b, ok := src.(*source.Bundle); ok && b.Reader().HasMember(bundle.TimelineMember) {
					rc, err := b.Reader().OpenMember(bundle.TimelineMember)
					if err != nil {
						fail(err)
					} else {
						if err := timeline.ReadBody(rc, add); err != nil {
							fail(err)
						}
						rc.Close()
					}
				}
			}
			for _, arg := range args {
				fsys, files, opts, err := logInputs(arg)
				if err != nil {
					fail(err)
					continue
				}
				readLogs(fsys, files, opts)
				if c, ok := fsys.(io.Closer); ok {
					c.Close()
				}
			}
			if bodyPath != "" {
				f, err := os.Open(bodyPath)
				if err != nil {
					fail(err)
				} else {
					if err := timeline.ReadBody(f, add); err != nil {
						fail(err)
					}
					f.Close()
				}
			}
			for _, p := range findingFiles {
				f, err := os.Open(p)
				if err != nil {
					fail(err)
					continue
				}
				fs, err := finding.ReadJSONL(f)
				f.Close()
				if err != nil {
					fail(fmt.Errorf("%s: %w", p, err))
				}
				addFindings(fs)
			}
			if err := cmd.Context().Err(); err != nil {
				return &exitError{130, err}
			}
			w := cmd.OutOrStdout()
			if out != "" && out != "-" {
				f, err := os.Create(out)
				if err != nil {
					return &exitError{2, err}
				}
				defer f.Close()
				w = f
			}
			bw := bufio.NewWriterSize(w, 256<<10)
			var write func(timeline.Entry) error
			var csvw *timeline.CSVWriter
			if format == "csv" {
				csvw = timeline.NewCSVWriter(bw)
				write = csvw.Write
			} else {
				enc := json.NewEncoder(bw)
				enc.SetEscapeHTML(false)
				write = func(e timeline.Entry) error { return enc.Encode(e) }
			}
			if err := sorter.Each(write); err != nil {
				return &exitError{2, err}
			}
			if csvw != nil {
				if err := csvw.Flush(); err != nil {
					return &exitError{2, err}
				}
			}
			if err := bw.Flush(); err != nil {
				return &exitError{2, err}
			}
			fmt.Fprintf(stderr, "%s: %d %s\n", pick(lang, "Timeline", "时间线"), sorter.Len(), pick(lang, "entries", "条"))
			if failed {
				return &exitError{2, errors.New("some inputs could not be read")}
			}
			return nil
		},
	}
	c.Flags().StringVar(&bundlePath, "bundle", "", "a bundle made by yingji collect: its logs and its body file")
	c.Flags().StringVar(&bodyPath, "body", "", "a body file (mactime format) whose file times to include")
	c.Flags().StringArrayVar(&findingFiles, "findings", nil, "findings as JSON Lines to include (repeatable)")
	c.Flags().StringVar(&format, "format", "csv", "csv (Timesketch) or jsonl")
	c.Flags().StringVarP(&out, "out", "o", "-", "output file (- for standard output)")
	c.Flags().StringVar(&lang, "lang", "en", "language of finding titles: en or zh-CN")
	c.Flags().StringVar(&tmp, "tmp", "", "directory for the sort's temporary files (default: the system's)")
	c.Flags().StringArrayVar(&sigmaDirs, "sigma", nil, "a directory of your own Sigma rules, used with the embedded ones (repeatable)")
	return c
}

// readBody adds the file times of a body file. Malformed lines are
// skipped and counted; the rest is read.
