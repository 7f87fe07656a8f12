package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/yingji/yingji/internal/demo"
	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/progress"
	"github.com/yingji/yingji/internal/report"
	"github.com/yingji/yingji/internal/triage"
)

// caseFlags are the report settings triage and report share.
type caseFlags struct {
	customer, number, lang   string
	responders               []string
	importance, loss, social string
	libraryDirs              []string
	templates                string
	noPDF                    bool
}

func (c *caseFlags) add(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&c.customer, "customer", "", "the customer's name, as the report's title gives it")
	f.StringVar(&c.number, "number", "", "the report's number (default: YJ-<date>-<time>)")
	f.StringVar(&c.lang, "lang", report.LangZh, "language of the report: zh-CN or en")
	f.StringArrayVar(&c.responders, "responder", nil, "a responder's name for the report (repeatable; default: the operators of the operation record)")
	f.StringVar(&c.importance, "importance", "", "importance of the affected systems for the grade (GB/T 20986-2023): 特别重要|重要|一般 (especially-important|important|general)")
	f.StringVar(&c.loss, "loss", "", "business loss for the grade: 特别严重|严重|较大|较小 (especially-serious|serious|considerable|minor)")
	f.StringVar(&c.social, "social", "", "social harm for the grade: 特别重大|重大|较大|一般 (especially-major|major|considerable|general)")
	f.StringArrayVar(&c.libraryDirs, "library", nil, "a directory of your own recommendations and impact statements (*.yml, the format of rules/advice; repeatable)")
	f.StringVar(&c.templates, "templates", "", "a directory of replacement templates (report.html.tmpl, report.md.tmpl, style.css)")
	f.BoolVar(&c.noPDF, "no-pdf", false, "do not render the PDF")
}

// apply sets the flags the user gave on a case.
func (c *caseFlags) apply(cmd *cobra.Command, cs *triage.Case) error {
	set := func(name string, dst *string, v string) {
		if cmd.Flags().Changed(name) {
			*dst = v
		}
	}
	set("customer", &cs.Customer, c.customer)
	set("number", &cs.Number, c.number)
	set("lang", &cs.Lang, c.lang)
	set("importance", &cs.Importance, c.importance)
	set("loss", &cs.Loss, c.loss)
	set("social", &cs.Social, c.social)
	if cmd.Flags().Changed("responder") {
		cs.Responders = c.responders
	}
	if cs.Lang != report.LangZh && cs.Lang != report.LangEn {
		return fmt.Errorf("--lang must be %s or %s", report.LangZh, report.LangEn)
	}
	_, err := report.ParseAssessment(cs.Importance, cs.Loss, cs.Social)
	return err
}

func triageCmd() *cobra.Command {
	var (
		sf       sourceFlags
		cf       caseFlags
		out      string
		demoMode bool
		demoRoot string
		yaraDirs []string
		webRoots []string
	)
	c := &cobra.Command{
		Use:   "triage [--root DIR | --bundle FILE | --demo] --out DIR [--customer NAME] [--lang zh-CN|en]",
		Short: "Collect, analyze and report: the whole job on one host, ending in the customer's report",
		Long: `Triage a target end to end into a new case directory (--out): on the live host
(--root /, the default) collect a bundle first (evidence.zip); then run every
check (accounts, logins, processes, network, persistence, rootkits, integrity,
malware with YARA, webshells, dark links, logs with Sigma), extract the
indicators, build the timeline, and write the report
《<customer> 应急响应服务处理报告及安全优化建议》 as HTML, PDF (with Chromium),
Markdown and JSON, with the findings, indicators, timeline and the operation
record of the whole run beside it.

--demo builds a realistic compromised Linux host (written by the project, no
real malware) in a temporary directory and triages it: the whole job without a
victim at hand.

A responder reviews findings.jsonl (marking false positives with a reason, or
annotating) and renders the report again with yingji report --case DIR.
Exit code: 0 nothing above low (and always with --demo), 1 findings, 2 error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return &exitError{2, errors.New("--out DIR is required: the case directory to write")}
			}
			stderr := cmd.ErrOrStderr()
			opt := triage.Options{Out: out, YARADirs: yaraDirs, WebRoots: webRoots, LibraryDirs: cf.libraryDirs,
				Templates: cf.templates, NoPDF: cf.noPDF, Progress: progress.New(stderr)}
			opt.Case.Lang = report.LangZh
			switch {
			case demoMode:
				if sf.bundle != "" || cmd.Flags().Changed("root") {
					return &exitError{2, errors.New("--demo builds its own target: leave out --root and --bundle")}
				}
				dir := demoRoot
				if dir == "" {
					tmp, err := os.MkdirTemp("", "yingji-demo-")
					if err != nil {
						return &exitError{2, err}
					}
					defer os.RemoveAll(tmp)
					dir = tmp
				} else if err := os.MkdirAll(dir, 0o755); err != nil {
					return &exitError{2, err}
				}
				h, err := demo.Build(dir, time.Now())
				if err != nil {
					return &exitError{2, fmt.Errorf("demo host: %w", err)}
				}
				fmt.Fprintf(stderr, "%s: %s (%s)\n", pick(cf.lang, "Demo host", "演示主机"), h.Hostname, dir)
				opt.Root = dir
				opt.Case.Customer = pick(cf.lang, h.Customer, h.CustomerZh)
				// An assessment a responder could give for a company web
				// server, so the demo shows a graded event.
				opt.Case.Importance, opt.Case.Loss = "重要", "较大"
				opt.Case.Responders = []string{pick(cf.lang, "yingji demo", "yingji 演示")}
			case sf.bundle != "":
				opt.Bundle = sf.bundle
			default:
				root, err := filepath.Abs(sf.root)
				if err != nil {
					return &exitError{2, err}
				}
				opt.Root = root
				opt.Live = root == "/" && !sf.noLive
			}
			if err := cf.apply(cmd, &opt.Case); err != nil {
				return &exitError{2, err}
			}
			if opt.Case.Customer == "" {
				opt.Case.Customer = pick(opt.Case.Lang, "Customer", "客户")
			}
			start := time.Now()
			res, err := triage.Run(cmd.Context(), opt)
			opt.Progress.Done()
			if err != nil {
				return &exitError{2, err}
			}
			printTriage(cmd.OutOrStdout(), out, res, opt.Case.Lang, time.Since(start))
			if demoMode {
				return nil // the demo's findings are the point, not an alarm
			}
			for _, f := range res.Findings {
				if f.Severity > finding.Low && !f.Dismissed() {
					return &exitError{1, nil}
				}
			}
			return nil
		},
	}
	sf.add(c)
	cf.add(c)
	f := c.Flags()
	f.StringVarP(&out, "out", "o", "", "the case directory to create (must be new or empty)")
	f.BoolVar(&demoMode, "demo", false, "triage a built-in demonstration of a compromised host")
	f.StringVar(&demoRoot, "demo-root", "", "with --demo, build the demo host in `DIR` and keep it (default: a temporary directory, removed)")
	f.StringArrayVar(&yaraDirs, "yara", nil, "add the YARA rules of `DIR` to the embedded pack")
	f.StringArrayVar(&webRoots, "webroot", nil, "also treat `DIR` (a path on the target) as a web root")
	return c
}

// printTriage writes the summary of a triage for people.
func printTriage(w io.Writer, out string, res *triage.Result, lang string, took time.Duration) {
	counts := map[finding.Severity]int{}
	for _, f := range res.Findings {
		if !f.Dismissed() {
			counts[f.Severity]++
		}
	}
	fmt.Fprintf(w, "%s: %s\n", pick(lang, "Findings", "发现"), severityCounts(counts, lang))
	if res.Report != nil {
		fmt.Fprintf(w, "%s: %s\n", pick(lang, "Conclusion", "结论"), res.Report.Conclusion)
		fmt.Fprintf(w, "%s: %d\n", pick(lang, "Indicators", "攻击指标"), len(res.Report.Indicators))
	}
	fmt.Fprintf(w, "%s: %s\n", pick(lang, "Report", "报告"), filepath.Join(out, triage.ReportHTML))
	if res.PDFErr != nil {
		fmt.Fprintf(w, "PDF: %v\n", res.PDFErr)
	} else {
		fmt.Fprintf(w, "PDF: %s\n", filepath.Join(out, triage.ReportPDF))
	}
	fmt.Fprintf(w, "%s: %s\n", pick(lang, "Case directory", "案件目录"), strings.Join(res.Files, " "))
	fmt.Fprintf(w, "%s: %s\n", pick(lang, "Operation record head (note it in the case file)", "操作记录末条哈希（请记入案卷）"), res.OplogHead)
	fmt.Fprintf(w, "%s: %s\n", pick(lang, "Took", "耗时"), took.Round(10*time.Millisecond))
}

func reportCmd() *cobra.Command {
	var (
		cf                         caseFlags
		caseDir, findingsPath, out string
		bundlePath                 string
	)
	c := &cobra.Command{
		Use:   "report (--case DIR | --findings FILE [--bundle FILE] --out DIR) [--lang zh-CN|en]",
		Short: "Render the report again from a case directory after a responder's review, or from saved findings",
		Long: `Render the report of a case directory made by yingji triage again (--case DIR):
after a responder edited findings.jsonl (a finding's "review": {"false_positive": true,
"reason": "…"} moves it to the appendix of dismissed items; "note" annotates it),
or to change the language, the customer, the grade's assessment, the templates
or the recommendation library. The report files are written into --out (default:
the case directory, replacing the previous report); the rendering is recorded in
the case's operation record.

Without --case, --findings (JSON Lines, from yingji scan --json or an edited
findings.jsonl) and --out DIR start a new case directory: with --bundle, the
bundle describes the host, its verification is the chain of custody, and its
collection record opens the responders' timeline.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var cs triage.Case
			var err error
			switch {
			case caseDir != "":
				if cs, err = triage.ReadCase(caseDir); err != nil {
					return &exitError{2, err}
				}
				if findingsPath == "" {
					findingsPath = filepath.Join(caseDir, triage.FindingsFile)
				}
				if out == "" {
					out = caseDir
				}
			case findingsPath != "" && out != "":
				cs.Lang = report.LangZh
				if err := cf.apply(cmd, &cs); err != nil {
					return &exitError{2, err}
				}
				fs, _, err := triage.ReadFindings(findingsPath)
				if err != nil {
					return &exitError{2, err}
				}
				if cs, err = triage.NewCase(cmd.Context(), out, bundlePath, fs, cs); err != nil {
					return &exitError{2, err}
				}
				caseDir, findingsPath = out, filepath.Join(out, triage.FindingsFile)
			default:
				return &exitError{2, errors.New("give --case DIR, or --findings FILE and --out DIR")}
			}
			if err := cf.apply(cmd, &cs); err != nil {
				return &exitError{2, err}
			}
			if bundlePath != "" {
				cs.Bundle = bundlePath
			}
			rd, err := triage.Rerender(cmd.Context(), caseDir, cs, findingsPath, out, triage.RenderOptions{
				LibraryDirs: cf.libraryDirs, Templates: cf.templates, NoPDF: cf.noPDF})
			if err != nil {
				return &exitError{2, err}
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "%s: %s\n", pick(cs.Lang, "Conclusion", "结论"), rd.Report.Conclusion)
			fmt.Fprintf(w, "%s: %s\n", pick(cs.Lang, "Written", "已生成"), strings.Join(rd.Files, " "))
			if rd.PDFErr != nil {
				fmt.Fprintf(w, "PDF: %v\n", rd.PDFErr)
			}
			return nil
		},
	}
	cf.add(c)
	f := c.Flags()
	f.StringVar(&caseDir, "case", "", "the case directory made by yingji triage")
	f.StringVar(&findingsPath, "findings", "", "the (reviewed) findings, JSON Lines (default with --case: the case's findings.jsonl)")
	f.StringVar(&bundlePath, "bundle", "", "the bundle the findings came from, for the host and the chain of custody")
	f.StringVarP(&out, "out", "o", "", "where to write the report (default with --case: the case directory; without: a new case directory)")
	return c
}
