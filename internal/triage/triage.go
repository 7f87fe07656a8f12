// Package triage runs the whole job on one target: collect (on a live
// host), analyze with every check, pull out the indicators, build the
// timeline and write the customer's report, recording each step in the
// operation record of the case directory.
//
// A case directory holds everything a triage produced:
//
//	report.html, report.pdf, report.md   the report (report.pdf when Chromium is present)
//	report.json                          the report's content
//	findings.jsonl                       every finding (a responder may review it and re-render)
//	indicators.json                      every indicator of compromise
//	timeline.csv                         log events, file times and findings (Timesketch CSV)
//	case.json                            the case: customer, language, source, assessment
//	oplog.jsonl                          the operation record of the triage
//	evidence.zip                         the collected bundle (live hosts only)
package triage

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/buildinfo"
	"github.com/yingji/yingji/internal/bundle"
	"github.com/yingji/yingji/internal/check"
	"github.com/yingji/yingji/internal/collect"
	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/indicator"
	"github.com/yingji/yingji/internal/logs"
	"github.com/yingji/yingji/internal/oplog"
	"github.com/yingji/yingji/internal/progress"
	"github.com/yingji/yingji/internal/report"
	"github.com/yingji/yingji/internal/source"
	"github.com/yingji/yingji/internal/timeline"
	"github.com/yingji/yingji/rules"
)

// Names of the files of a case directory.
const (
	FindingsFile   = "findings.jsonl"
	IndicatorsFile = "indicators.json"
	TimelineFile   = "timeline.csv"
	CaseFile       = "case.json"
	OplogFile      = "oplog.jsonl"
	EvidenceFile   = "evidence.zip"
	ReportHTML     = "report.html"
	ReportPDF      = "report.pdf"
	ReportMarkdown = "report.md"
	ReportJSON     = "report.json"
)

// Case is what a report needs beside the findings; triage writes it to
// case.json so that `yingji report` re-renders with the same settings.
type Case struct {
	Customer   string            `json:"customer"`
	Number     string            `json:"number,omitempty"` // the report's number
	Lang       string            `json:"lang"`
	Responders []string          `json:"responders,omitempty"`
	Importance string            `json:"importance,omitempty"`
	Loss       string            `json:"loss,omitempty"`
	Social     string            `json:"social,omitempty"`
	Source     string            `json:"source"`           // Describe() of the source
	Root       string            `json:"root,omitempty"`   // --root, for file times on re-render
	Bundle     string            `json:"bundle,omitempty"` // --bundle or the collected evidence
	Systems    []report.System   `json:"systems"`
	Custody    report.Custody    `json:"custody"`
	Tool       buildinfo.Record  `json:"tool"`
	FileTimes  map[string]string `json:"file_times,omitempty"` // RFC 3339 times of the files the findings name
	// Zone is the target's time zone (IANA name or a fixed offset), in
	// which the report shows every time.
	Zone string `json:"zone,omitempty"`
}

// Options of a triage.
type Options struct {
	Root   string // the target's root ("/" is the live host), or ""
	Bundle string // a bundle to analyze instead of a root
	// Live reads the volatile state and collects a bundle first (Root "/").
	Live bool
	Out  string // the case directory (created; must be empty or new)

	Case Case // Customer, Lang, Responders and the assessment

	YARADirs    []string
	WebRoots    []string
	LibraryDirs []string // extra recommendation libraries
	Templates   string   // a directory of replacement templates
	NoPDF       bool

	Operator string
	Progress *progress.Reporter
	Now      time.Time // reference time of the checks (default: now)
}

// Result of a triage.
type Result struct {
	Findings   []finding.Finding
	Report     *report.Report
	Files      []string // written, relative to Out
	PDFErr     error    // why the PDF is missing, if it is
	OplogHead  string
	Statuses   []check.Status
	Indicators []indicator.Indicator
}

// Run triages the target of opt into opt.Out.
func Run(ctx context.Context, opt Options) (*Result, error) {
	if opt.Out == "" {
		return nil, errors.New("triage: no output directory")
	}
	if opt.Case.Lang == "" {
		opt.Case.Lang = report.LangZh
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if err := prepareOut(opt.Out); err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	if opt.Operator == "" {
		opt.Operator = oplog.DefaultOperator()
	}
	olf, err := oplog.OpenFile(filepath.Join(opt.Out, OplogFile), oplog.Identity{Operator: opt.Operator, Host: host, Tool: buildinfo.Get().Short()})
	if err != nil {
		return nil, err
	}
	t := &run{opt: opt, olog: olf, res: &Result{}}
	err = t.do(ctx)
	if cerr := olf.Close(); err == nil {
		err = cerr
	}
	return t.res, err
}

type run struct {
	opt  Options
	olog *oplog.File
	res  *Result
	src  source.Source
	cs   Case
	zone *time.Location // the target's
}

func (t *run) record(action, target, result string, sum string, detail map[string]any) {
	if _, err := t.olog.Append(oplog.Record{Action: action, Target: target, Result: result, SHA256: sum, Detail: detail}); err != nil && t.opt.Progress != nil {
		t.opt.Progress.Update("operation record: %v", err)
	}
}

func (t *run) stage(s string) { t.opt.Progress.Stage(s) }

func (t *run) do(ctx context.Context) error {
	opt := t.opt
	t.cs = opt.Case
	t.record("triage.start", describeTarget(opt), oplog.OK, "", map[string]any{"customer": opt.Case.Customer, "lang": opt.Case.Lang})

	// 1. Collect, on a live host: the evidence is preserved before anything
	// else reads the host.
	if opt.Live {
		t.stage("collect")
		out := filepath.Join(opt.Out, EvidenceFile)
		cr, err := collect.Run(ctx, collect.Options{Root: "/", Live: true, Output: out, Operator: opt.Operator, Progress: opt.Progress})
		if err != nil {
			t.record("triage.collect", out, oplog.Error, "", map[string]any{"error": err.Error()})
			return fmt.Errorf("collect: %w", err)
		}
		t.record("triage.collect", out, oplog.OK, cr.Head, map[string]any{"status": cr.Status, "members": cr.Members})
		t.cs.Bundle = out
		t.res.Files = append(t.res.Files, EvidenceFile)
	}

	// 2. The source.
	src, err := openSource(opt)
	if err != nil {
		t.record("triage.source", describeTarget(opt), oplog.Error, "", map[string]any{"error": err.Error()})
		return err
	}
	defer src.Close()
	t.src = src
	t.cs.Source = src.Describe()
	if opt.Bundle == "" {
		t.cs.Root = opt.Root
	} else {
		t.cs.Bundle = opt.Bundle
	}
	t.record("triage.source", src.Describe(), oplog.OK, "", nil)
	t.cs.Systems = []report.System{systemOf(ctx, src)}
	if t.zone = logs.Zone(src); t.zone != nil {
		t.cs.Zone = t.zone.String()
	}
	t.cs.Custody = custody(src, t.cs.Bundle, opt.Case.Lang)

	// 3. Every check.
	t.stage("analyze")
	yr, err := check.LoadYARA(opt.YARADirs)
	if err != nil {
		return err
	}
	cres, err := check.Run(ctx, src, check.Options{Now: opt.Now, YARA: yr, WebRoots: opt.WebRoots})
	if err != nil {
		t.record("triage.scan", src.Describe(), oplog.Error, "", map[string]any{"error": err.Error()})
		return err
	}
	t.res.Findings, t.res.Statuses = cres.Findings, cres.Statuses
	failed := 0
	var notes []string
	for _, st := range cres.Statuses {
		if st.Error != "" {
			failed++
		}
		for _, n := range st.Notes {
			notes = append(notes, st.ID+": "+n)
		}
	}
	sum, err := t.writeFile(FindingsFile, func(w io.Writer) error { return finding.WriteJSONL(w, cres.Findings) })
	if err != nil {
		return err
	}
	detail := map[string]any{"checks": len(cres.Statuses), "failed": failed, "findings": len(cres.Findings)}
	if len(notes) > 0 {
		detail["not_complete"] = notes // bounds reached: what was not read
	}
	t.record("triage.scan", src.Describe(), oplog.OK, sum, detail)

	// 4. Indicators.
	t.res.Indicators = indicator.Extract(standing(cres.Findings))
	sum, err = t.writeFile(IndicatorsFile, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(t.res.Indicators)
	})
	if err != nil {
		return err
	}
	t.record("triage.indicators", IndicatorsFile, oplog.OK, sum, map[string]any{"indicators": len(t.res.Indicators)})

	// 5. The timeline.
	t.stage("timeline")
	n, sum, err := t.timeline(ctx, cres.Findings)
	if err != nil {
		t.record("triage.timeline", TimelineFile, oplog.Error, "", map[string]any{"error": err.Error()})
		return err
	}
	t.record("triage.timeline", TimelineFile, oplog.OK, sum, map[string]any{"entries": n})

	// 6. The report.
	t.stage("report")
	t.cs.Tool = buildinfo.ToolRecord()
	t.cs.FileTimes = fileTimes(src, cres.Findings)
	if _, err := t.writeFile(CaseFile, func(w io.Writer) error { return writeJSON(w, t.cs) }); err != nil {
		return err
	}
	return t.report(ctx, cres.Findings)
}

// report builds and renders the report and records it.
func (t *run) report(ctx context.Context, fs []finding.Finding) error {
	rd, err := Render(ctx, RenderOptions{
		Out: t.opt.Out, Case: t.cs, Findings: fs, Oplog: filepath.Join(t.opt.Out, OplogFile),
		LibraryDirs: t.opt.LibraryDirs, Templates: t.opt.Templates, NoPDF: t.opt.NoPDF, Now: time.Now(), Location: t.zone,
	})
	if err != nil {
		t.record("triage.report", t.opt.Out, oplog.Error, "", map[string]any{"error": err.Error()})
		return err
	}
	t.res.Report, t.res.PDFErr = rd.Report, rd.PDFErr
	t.res.Files = append(t.res.Files, rd.Files...)
	detail := map[string]any{"files": rd.Files}
	if rd.PDFErr != nil {
		detail["pdf"] = rd.PDFErr.Error()
	}
	sum, _ := buildinfo.HashFile(filepath.Join(t.opt.Out, ReportHTML))
	t.record("triage.report", ReportHTML, oplog.OK, sum, detail)
	_, t.res.OplogHead = t.olog.Head()
	return nil
}

// RenderOptions are the inputs of Render.
type RenderOptions struct {
	Out      string
	Case     Case
	Findings []finding.Finding
	// Oplog is the case's operation record; the report shows it (after the
	// records of the bundle's collection, when Case.Bundle names one) as
	// the responders' timeline, and its verified head.
	Oplog       string
	LibraryDirs []string
	Templates   string
	NoPDF       bool
	Now         time.Time
	// Location is the target's zone; nil loads Case.Zone by name (and
	// shows times as recorded when this machine does not know it).
	Location *time.Location
}

// Rendered is what Render wrote.
type Rendered struct {
	Report *report.Report
	Files  []string // names in the output directory
	// PDFErr says why there is no PDF (no Chromium, --no-pdf); the other
	// files are written regardless.
	PDFErr error
}

// Render builds the report from a case and writes report.html,
// report.md, report.json and (when Chromium is found) report.pdf into
// Out.
func Render(ctx context.Context, o RenderOptions) (*Rendered, error) {
	libs := []fs.FS{mustSub(rules.Advice, "advice")}
	packs := []buildinfo.RulePack{}
	for i, d := range append([]string{""}, o.LibraryDirs...) {
		fsys, name, origin := libs[0], "advice:yingji", "embedded"
		if i > 0 {
			fsys, name, origin = os.DirFS(d), "advice:"+d, d
			libs = append(libs, fsys)
		}
		if p, err := buildinfo.HashPack(name, origin, fsys, ".", ".yml", ".yaml"); err == nil {
			packs = append(packs, p)
		}
	}
	lib, err := report.LoadLibrary(libs)
	if err != nil {
		return nil, fmt.Errorf("recommendation library: %w", err)
	}
	a, err := report.ParseAssessment(o.Case.Importance, o.Case.Loss, o.Case.Social)
	if err != nil {
		return nil, err
	}
	ft := map[string]time.Time{}
	for p, s := range o.Case.FileTimes {
		if tm, err := time.Parse(time.RFC3339Nano, s); err == nil {
			ft[p] = tm
		}
	}
	recs, head, err := caseRecords(o.Oplog, o.Case.Bundle)
	if err != nil {
		return nil, err
	}
	loc := o.Location
	if loc == nil && o.Case.Zone != "" {
		loc, _ = time.LoadLocation(o.Case.Zone)
	}
	tool := o.Case.Tool
	tool.RulePacks = append(append([]buildinfo.RulePack(nil), tool.RulePacks...), packs...)
	r, err := report.Build(report.Input{
		Lang: o.Case.Lang, Customer: o.Case.Customer, Number: o.Case.Number, Responders: o.Case.Responders, Systems: o.Case.Systems,
		Findings: o.Findings, Oplog: recs, Assessment: a, Tool: tool, Custody: o.Case.Custody,
		Library: lib, Now: o.Now, Location: loc,
		FileTime: func(p string) (time.Time, bool) { tm, ok := ft[p]; return tm, ok },
	})
	if err != nil {
		return nil, err
	}
	r.Custody.OplogHead, r.Custody.OplogRecords = head.Head, head.Records
	tpl := report.DefaultTemplates()
	if o.Templates != "" {
		if tpl, err = report.LoadTemplates(o.Templates); err != nil {
			return nil, err
		}
	}
	out := &Rendered{Report: r}
	var html bytes.Buffer
	if err := tpl.HTML(&html, r); err != nil {
		return nil, err
	}
	write := func(name string, data []byte) error {
		if err := os.WriteFile(filepath.Join(o.Out, name), data, 0o644); err != nil {
			return err
		}
		out.Files = append(out.Files, name)
		return nil
	}
	if err := write(ReportHTML, html.Bytes()); err != nil {
		return nil, err
	}
	var md bytes.Buffer
	if err := tpl.Markdown(&md, r); err != nil {
		return nil, err
	}
	if err := write(ReportMarkdown, md.Bytes()); err != nil {
		return nil, err
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := write(ReportJSON, append(js, '\n')); err != nil {
		return nil, err
	}
	if o.NoPDF {
		out.PDFErr = errors.New("PDF not requested (--no-pdf)")
		return out, nil
	}
	var pdf bytes.Buffer
	if out.PDFErr = tpl.PDF(ctx, &pdf, r, report.PDFOptions{}); out.PDFErr == nil {
		if err := write(ReportPDF, pdf.Bytes()); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// timeline writes the unified timeline: the source's log events and the
// log detections, the bundle's body file, and the findings.
func (t *run) timeline(ctx context.Context, fs []finding.Finding) (int, string, error) {
	zh := strings.HasPrefix(t.opt.Case.Lang, "zh")
	tmp, err := os.MkdirTemp("", "yingji-timeline-")
	if err != nil {
		return 0, "", err
	}
	defer os.RemoveAll(tmp)
	sorter := &timeline.Sorter{Dir: tmp}
	add := func(e timeline.Entry) { sorter.Add(e) } // an error returns from Each
	files, lopts, _ := logs.FindSource(t.src, t.opt.WebRoots)
	// The detections are already among the findings (check logs.detections);
	// only the events are wanted here, so the logs are read without the
	// rules this time.
	logs.Read(ctx, t.src, files, lopts, func(_ string, ev *event.Event) error {
		if e, ok := timeline.FromEvent(ev); ok {
			add(e)
		}
		return nil
	})
	if b, ok := t.src.(*source.Bundle); ok && b.Reader().HasMember(bundle.TimelineMember) {
		rc, err := b.Reader().OpenMember(bundle.TimelineMember)
		if err == nil {
			err = timeline.ReadBody(rc, add)
			rc.Close()
		}
		if err != nil {
			t.record("triage.timeline", bundle.TimelineMember, oplog.Partial, "", map[string]any{"error": err.Error()})
		}
	}
	for i := range fs {
		if e, ok := timeline.FromFinding(&fs[i], zh); ok {
			add(e)
		}
	}
	sum, err := t.writeFile(TimelineFile, func(w io.Writer) error {
		cw := timeline.NewCSVWriter(w)
		if err := sorter.Each(cw.Write); err != nil {
			return err
		}
		return cw.Flush()
	})
	return int(sorter.Len()), sum, err
}

// writeFile writes a file of the case directory through a buffer and
// returns its SHA-256.
func (t *run) writeFile(name string, fill func(io.Writer) error) (string, error) {
	f, err := os.OpenFile(filepath.Join(t.opt.Out, name), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	bw := bufio.NewWriterSize(io.MultiWriter(f, h), 256<<10)
	err = fill(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	t.res.Files = append(t.res.Files, name)
	return hex.EncodeToString(h.Sum(nil)), nil
}

// prepareOut creates the case directory; an existing one must be empty,
// so a case never mixes the files of two runs.
func prepareOut(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(ents) > 0 {
		return fmt.Errorf("output directory %s is not empty: give a new one for each case", dir)
	}
	return nil
}

func openSource(opt Options) (source.Source, error) {
	if opt.Bundle != "" {
		return source.OpenBundle(opt.Bundle)
	}
	root, err := filepath.Abs(opt.Root)
	if err != nil {
		return nil, err
	}
	return source.OpenDir(root, opt.Live)
}

func describeTarget(opt Options) string {
	switch {
	case opt.Bundle != "":
		return "bundle " + opt.Bundle
	case opt.Live:
		return "live host"
	}
	return "root " + opt.Root
}

// standing returns the findings a responder has not dismissed.
func standing(fs []finding.Finding) []finding.Finding {
	var out []finding.Finding
	for _, f := range fs {
		if !f.Dismissed() {
			out = append(out, f)
		}
	}
	return out
}

// fileTimes records the modification times of the files the findings
// name, so a re-rendered report (which may not have the source at hand)
// places them on the timeline too.
func fileTimes(src source.Source, fs []finding.Finding) map[string]string {
	out := map[string]string{}
	for _, f := range fs {
		if f.Severity < finding.Medium {
			continue
		}
		for _, ev := range f.Evidence {
			p := ev.Path
			if !strings.HasPrefix(p, "/") || out[p] != "" || len(out) >= 10_000 {
				continue
			}
			if st, err := src.Stat(strings.TrimPrefix(p, "/")); err == nil && st.Mode().IsRegular() {
				out[p] = st.ModTime().UTC().Format(time.RFC3339Nano)
			}
		}
	}
	return out
}

// systemOf describes the target host: its name, addresses and system.
func systemOf(ctx context.Context, src source.Source) report.System {
	s := report.System{Source: src.Describe()}
	if b, err := src.ReadFile("etc/hostname"); err == nil {
		s.Name = strings.TrimSpace(string(firstLine(b)))
	}
	if b, err := src.ReadFile("etc/os-release"); err == nil {
		s.OS = osPretty(b)
	} else if b, err := src.ReadFile("usr/lib/os-release"); err == nil {
		s.OS = osPretty(b)
	}
	if snap, err := src.Volatile(ctx); err == nil {
		if snap.Host.Hostname != "" {
			s.Name = snap.Host.Hostname
		}
		var addrs []string
		for _, in := range snap.Interfaces {
			if in.Name == "lo" {
				continue
			}
			for _, a := range in.Addrs {
				addrs = append(addrs, strings.SplitN(a, "/", 2)[0])
			}
		}
		s.Address = strings.Join(addrs, ", ")
	}
	if s.Name == "" {
		s.Name = "?"
	}
	return s
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i]
	}
	return b
}

func osPretty(b []byte) string {
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "PRETTY_NAME="); ok {
			return strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return ""
}

// custody describes the evidence: the bundle verified when there is one.
func custody(src source.Source, bundlePath, lang string) report.Custody {
	c := report.Custody{Source: src.Describe()}
	if bundlePath == "" {
		return c
	}
	en := lang == report.LangEn
	c.Bundle = filepath.Base(bundlePath)
	if sum, err := buildinfo.HashFile(bundlePath); err == nil {
		c.BundleSHA256 = sum
	}
	r, err := bundle.Open(bundlePath)
	if err != nil {
		c.Verification = err.Error()
		return c
	}
	defer r.Close()
	m := r.Manifest
	c.Collected, c.Collector = m.Finished, m.Tool.Version
	rep, err := r.Verify("")
	switch {
	case err != nil:
		c.Verification = err.Error()
	case rep.Intact:
		c.Verified, c.Members = true, rep.Members
		if en {
			c.Verification = fmt.Sprintf("intact: %d members match the manifest; %d operation records chain to head %s", rep.Members, rep.Records, rep.Head)
		} else {
			c.Verification = fmt.Sprintf("完好：%d 个成员与清单一致；%d 条操作记录哈希链完整，末条哈希 %s", rep.Members, rep.Records, rep.Head)
		}
	default:
		c.Members = rep.Members
		if en {
			c.Verification = "ALTERED: " + rep.Culprit + ": " + strings.Join(rep.Problems, "; ")
		} else {
			c.Verification = "已被改动：" + rep.Culprit + "：" + strings.Join(rep.Problems, "；")
		}
	}
	return c
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// ReadFindings reads a findings file (JSON Lines) with its SHA-256, and
// checks every finding, including that a dismissal gives its reason.
func ReadFindings(p string) ([]finding.Finding, string, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	h := sha256.New()
	fs, err := finding.ReadJSONL(io.TeeReader(f, h))
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", p, err)
	}
	for i := range fs {
		if err := fs[i].Validate(); err != nil {
			return nil, "", fmt.Errorf("%s: item %d: %w", p, i+1, err)
		}
	}
	return fs, hex.EncodeToString(h.Sum(nil)), nil
}

// ReadCase reads a case directory's case.json.
func ReadCase(dir string) (Case, error) {
	var c Case
	b, err := os.ReadFile(filepath.Join(dir, CaseFile))
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("%s: %w", CaseFile, err)
	}
	return c, nil
}

// caseRecords reads the case's operation record, checks its chain, and
// puts the records of the bundle's collection (when there is a bundle)
// before its own.
func caseRecords(path, bundlePath string) ([]oplog.Record, *oplog.Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	res, err := oplog.Verify(bytes.NewReader(data), "")
	if err != nil {
		return nil, nil, err
	}
	if !res.OK() {
		return nil, nil, fmt.Errorf("%s: operation record broken at record %d: %s", path, res.BadSeq, res.Problem)
	}
	recs, err := oplog.ReadAll(bytes.NewReader(data))
	if err != nil {
		return nil, nil, err
	}
	if bundlePath == "" {
		return recs, res, nil
	}
	r, err := bundle.Open(bundlePath)
	if err != nil {
		return recs, res, nil // custody says why; the report still renders
	}
	defer r.Close()
	b, err := r.ReadMember(bundle.OplogMember, bundle.MaxOplogSize)
	if err != nil {
		return recs, res, nil
	}
	col, err := oplog.ReadAll(bytes.NewReader(b))
	if err != nil {
		return recs, res, nil
	}
	return append(col, recs...), res, nil
}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // an embedded directory: a build error
	}
	return sub
}

// Rerender renders the report of a case directory again from reviewed
// findings, into out, and records the rendering in the case's operation
// record. A finding marked false positive without a reason is an error:
// the report must say why it was dismissed.
func Rerender(ctx context.Context, caseDir string, cs Case, findingsPath, out string, o RenderOptions) (*Rendered, error) {
	fs, sum, err := ReadFindings(findingsPath)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	oplogPath := filepath.Join(caseDir, OplogFile)
	o.Out, o.Case, o.Findings, o.Oplog = out, cs, fs, oplogPath
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	rd, err := Render(ctx, o)
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	lf, err := oplog.OpenFile(oplogPath, oplog.Identity{Operator: oplog.DefaultOperator(), Host: host, Tool: buildinfo.Get().Short()})
	if err != nil {
		return nil, err
	}
	dismissed := 0
	for i := range fs {
		if fs[i].Dismissed() {
			dismissed++
		}
	}
	detail := map[string]any{"findings": findingsPath, "dismissed": dismissed, "lang": cs.Lang, "files": rd.Files}
	if rd.PDFErr != nil {
		detail["pdf"] = rd.PDFErr.Error()
	}
	_, err = lf.Append(oplog.Record{Action: "report.render", Target: out, Result: oplog.OK, SHA256: sum, Detail: detail})
	if cerr := lf.Close(); err == nil {
		err = cerr
	}
	return rd, err
}

// NewCase starts a case directory for findings made elsewhere (yingji
// scan --json on a bundle, say): it keeps a copy of the findings as the
// case's findings.jsonl, describes the bundle's host, verifies the bundle
// for the chain of custody, notes the file times the findings name, and
// opens the case's operation record. The report is then rendered with
// Rerender.
func NewCase(ctx context.Context, dir, bundlePath string, fs []finding.Finding, base Case) (Case, error) {
	cs := base
	if err := prepareOut(dir); err != nil {
		return cs, err
	}
	if bundlePath != "" {
		src, err := source.OpenBundle(bundlePath)
		if err != nil {
			return cs, err
		}
		defer src.Close()
		cs.Bundle, cs.Source = bundlePath, src.Describe()
		cs.Systems = []report.System{systemOf(ctx, src)}
		cs.Custody = custody(src, bundlePath, cs.Lang)
		cs.FileTimes = fileTimes(src, fs)
		if z := logs.Zone(src); z != nil {
			cs.Zone = z.String()
		}
	}
	cs.Tool = buildinfo.ToolRecord()
	host, _ := os.Hostname()
	lf, err := oplog.OpenFile(filepath.Join(dir, OplogFile), oplog.Identity{Operator: oplog.DefaultOperator(), Host: host, Tool: buildinfo.Get().Short()})
	if err != nil {
		return cs, err
	}
	_, err = lf.Append(oplog.Record{Action: "report.case", Target: dir, Result: oplog.OK, Detail: map[string]any{"bundle": bundlePath, "findings": len(fs)}})
	if cerr := lf.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return cs, err
	}
	for name, write := range map[string]func(io.Writer) error{
		CaseFile:     func(w io.Writer) error { return writeJSON(w, cs) },
		FindingsFile: func(w io.Writer) error { return finding.WriteJSONL(w, fs) },
	} {
		f, err := os.OpenFile(filepath.Join(dir, name), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			return cs, err
		}
		err = write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return cs, fmt.Errorf("%s: %w", name, err)
		}
	}
	return cs, nil
}
