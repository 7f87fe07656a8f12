// Package check is the host intrusion analysis: many small, read-only checks
// over a source.Source, each with its metadata beside its logic as data.
//
// A check never trusts or runs the target's programs and never writes to
// it: it reads files through the Source and the volatile state (processes,
// sockets, mounts, modules) from the Source's snapshot. So the same checks
// run on the live host, on a mounted image (where the checks that need live
// state say so and do not run) and on a collected bundle.
//
// Checks judge content and ownership rather than names: a file that a
// package owns and whose hash matches the package database is not a finding;
// an entry no package owns that downloads, decodes or runs from a temporary
// or hidden place is. Allow-lists are exact paths plus package ownership,
// never substrings.
package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/source"
	"github.com/yingji/yingji/internal/yara"
)

// Needs says what state a check reads.
type Needs int

// What a check can need.
const (
	// NeedsFiles: only the target's files (runs everywhere).
	NeedsFiles Needs = iota
	// NeedsVolatile: processes, sockets, mounts, modules; from the live
	// host or a bundle's snapshot, not from a bare image.
	NeedsVolatile
	// NeedsLive: probes only possible on the running host itself (brute
	// force PID probing, bind probes), not on a snapshot.
	NeedsLive
)

func (n Needs) String() string {
	switch n {
	case NeedsVolatile:
		return "volatile state (live host or bundle snapshot)"
	case NeedsLive:
		return "the live host"
	}
	return "files"
}

// Check is one detection with its metadata.
type Check struct {
	ID     string // stable: family.name
	Family string // accounts, logins, logs, processes, network, persistence, rootkit, integrity, hardening, malware
	// Names and descriptions for people, in English and Chinese.
	Title, TitleZh             string
	Description, DescriptionZh string
	// Verify says what a responder should check by hand (手工排查确认).
	Verify, VerifyZh string
	// Advice is the remediation (处理方案).
	Advice, AdviceZh string
	Attack           []string // MITRE ATT&CK technique ids
	Category         string   // GB/T 20986-2023 event category code
	Severity         finding.Severity
	Needs            Needs
	// Reads lists what the check reads, for the catalogue ("/etc/passwd",
	// "processes").
	Reads []string
	Run   func(c *Context) error
}

var (
	regMu    sync.Mutex
	registry = map[string]*Check{}
)

var idRe = regexp.MustCompile(`^[a-z]+\.[a-z0-9_]+$`)

// Register adds checks to the catalogue; it panics on a malformed or
// duplicate check, which is a programming error caught by any test.
func Register(cs ...*Check) {
	regMu.Lock()
	defer regMu.Unlock()
	for _, c := range cs {
		switch {
		case !idRe.MatchString(c.ID) || !strings.HasPrefix(c.ID, c.Family+"."):
			panic(fmt.Sprintf("check %q: id must be family.name in lower case", c.ID))
		case registry[c.ID] != nil:
			panic("duplicate check " + c.ID)
		case c.Title == "" || c.TitleZh == "" || c.Description == "" || c.DescriptionZh == "" ||
			c.Advice == "" || c.AdviceZh == "" || c.Verify == "" || c.VerifyZh == "" || c.Category == "" ||
			len(c.Attack) == 0 || len(c.Reads) == 0 || c.Run == nil:
			panic("check " + c.ID + ": incomplete metadata")
		}
		if _, ok := finding.Categories[c.Category]; !ok {
			panic("check " + c.ID + ": unknown category " + c.Category)
		}
		registry[c.ID] = c
	}
}

// All returns every registered check, sorted by id.
func All() []*Check {
	regMu.Lock()
	defer regMu.Unlock()
	out := make([]*Check, 0, len(registry))
	for _, c := range registry {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Select returns the checks whose id matches pattern: a comma-separated list
// of path.Match globs ("persistence.*,rootkit.*"); empty means all.
func Select(pattern string) ([]*Check, error) {
	all := All()
	if strings.TrimSpace(pattern) == "" {
		return all, nil
	}
	var out []*Check
	for _, c := range all {
		for _, p := range strings.Split(pattern, ",") {
			p = strings.TrimSpace(p)
			ok, err := path.Match(p, c.ID)
			if err != nil {
				return nil, fmt.Errorf("bad check pattern %q: %w", p, err)
			}
			if ok || p == c.Family {
				out = append(out, c)
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no check matches %q", pattern)
	}
	return out, nil
}

// Hit is what a check reports; the rest of the finding comes from the
// check's metadata.
type Hit struct {
	// Severity overrides the check's default when not zero-valued via
	// SeveritySet (content can make an entry worse or milder).
	Severity    finding.Severity
	SeveritySet bool
	Confidence  string // "low", "medium", "high" (default "high")
	// Detail says what exactly was found, in both languages; it follows the
	// check's description in the finding.
	Detail, DetailZh string
	// Attack overrides the check's techniques when set (a YARA rule
	// names its own); Title, TitleZh and Category override the check's
	// when set (a check that finds several kinds of thing).
	Attack         []string
	Title, TitleZh string
	Category       string
	Evidence       []finding.Evidence
	Time           *time.Time
}

// Status is the outcome of one check in a run.
type Status struct {
	ID       string        `json:"id"`
	Ran      bool          `json:"ran"`
	Skipped  string        `json:"skipped,omitempty"`
	Error    string        `json:"error,omitempty"`
	Findings int           `json:"findings"`
	Duration time.Duration `json:"duration_ns"`
	// Notes say what the check left out (a bound it reached), so that a
	// clean result is not mistaken for a complete one.
	Notes []string `json:"notes,omitempty"`
}

// Options of a run.
type Options struct {
	Pattern string
	Now     time.Time // the reference "now" (default: time.Now)
	// Workers bounds concurrent checks (default 2).
	Workers int
	// YARA is the rule set of malware.yara; nil means the embedded pack.
	YARA *yara.Rules
	// WebRoots are more web roots for malware.webshell (absolute paths on
	// the target), beside those found from server configurations.
	WebRoots []string
	// WebBaselines are clean copies of web roots (a backup or release),
	// by the root's path on the target ("/var/www/html"): web.dark_link
	// compares the site with it for defacement and new doorway pages.
	WebBaselines map[string]fs.FS
}

// Result of a run.
type Result struct {
	Findings []finding.Finding
	Statuses []Status
}

// Run runs the selected checks over src.
func Run(ctx context.Context, src source.Source, opt Options) (*Result, error) {
	checks, err := Select(opt.Pattern)
	if err != nil {
		return nil, err
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Workers <= 0 {
		opt.Workers = 2
	}
	env := newEnv(ctx, src, opt.Now)
	env.yara = opt.YARA
	env.webRoots = opt.WebRoots
	env.webBaselines = opt.WebBaselines
	res := &Result{Statuses: make([]Status, len(checks))}
	found := make([][]finding.Finding, len(checks))
	sem := make(chan struct{}, opt.Workers)
	var wg sync.WaitGroup
	for i, chk := range checks {
		res.Statuses[i].ID = chk.ID
		if why := env.cannotRun(chk); why != "" {
			res.Statuses[i].Skipped = why
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func(i int, chk *Check) {
			defer func() { <-sem; wg.Done() }()
			c := &Context{Context: ctx, env: env, check: chk}
			start := time.Now()
			err := safeRun(chk, c)
			st := &res.Statuses[i]
			st.Ran, st.Duration, st.Findings, st.Notes = true, time.Since(start), len(c.findings), c.notes
			if err != nil {
				st.Error = err.Error()
			}
			found[i] = c.findings
		}(i, chk)
	}
	wg.Wait()
	for _, f := range found {
		res.Findings = append(res.Findings, f...)
	}
	sort.SliceStable(res.Findings, func(i, j int) bool { return res.Findings[i].Severity > res.Findings[j].Severity })
	return res, ctx.Err()
}

// safeRun turns a panic in a check (a bug, or hostile input it did not
// expect) into an error for that check alone.
func safeRun(chk *Check, c *Context) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("check %s panicked: %v", chk.ID, r)
		}
	}()
	return chk.Run(c)
}

// Context is what a running check sees.
type Context struct {
	context.Context
	env      *env
	check    *Check
	findings []finding.Finding
	notes    []string
}

// maxNotes bounds the notes of one check.
const maxNotes = 20

// Note records what the check left out, in English, for the run's
// status: the files it did not read because a bound was reached.
func (c *Context) Note(format string, args ...any) {
	if len(c.notes) < maxNotes {
		c.notes = append(c.notes, fmt.Sprintf(format, args...))
	}
}

// Src returns the target.
func (c *Context) Src() source.Source { return c.env.src }

// Now is the reference time of the run.
func (c *Context) Now() time.Time { return c.env.now }

// Report records a finding of the running check.
func (c *Context) Report(h Hit) {
	chk := c.check
	f := finding.Finding{
		Rule: chk.ID, Severity: chk.Severity, Confidence: "high",
		Title: chk.Title, TitleZh: chk.TitleZh,
		Description: chk.Description, DescriptionZh: chk.DescriptionZh,
		Attack: chk.Attack, Category: chk.Category, Evidence: h.Evidence, Time: h.Time,
		Advice: chk.Advice, AdviceZh: chk.AdviceZh,
	}
	if h.SeveritySet {
		f.Severity = h.Severity
	}
	if h.Confidence != "" {
		f.Confidence = h.Confidence
	}
	if len(h.Attack) > 0 {
		f.Attack = h.Attack
	}
	if h.Title != "" {
		f.Title, f.TitleZh = h.Title, h.TitleZh
	}
	if h.Category != "" {
		f.Category = h.Category
	}
	if h.Detail != "" {
		f.Description += " " + h.Detail
	}
	if h.DetailZh != "" {
		f.DescriptionZh += " " + h.DetailZh
	}
	c.findings = append(c.findings, f)
}

// ReportFinding records a finding made whole by the check's content (a
// log rule carries its own title, category and advice), instead of one
// built from the check's metadata.
func (c *Context) ReportFinding(f finding.Finding) {
	c.findings = append(c.findings, f)
}

// ReadFile reads a target file of at most max bytes (see source.ReadFileLimit).
func (c *Context) ReadFile(name string, max int64) ([]byte, error) {
	return source.ReadFileLimit(c.env.src, name, max)
}

// Exists reports whether a name exists on the target (without following a
// final link).
func (c *Context) Exists(name string) bool {
	_, err := c.env.src.Lstat(name)
	return err == nil
}

// IsNotExist reports an error that means "no such file" (not "not collected").
func IsNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
