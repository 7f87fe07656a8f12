// Package collect gathers the evidence of a target into one bundle, without
// changing the target.
//
// The order follows RFC 3227, most volatile first: the volatile snapshot
// (processes, sockets...) of a live host, the executables of suspicious
// running processes, account and system files, persistence locations, logs,
// web server configurations, package databases, and last the file-system
// timeline of the whole target. Every file read or copied, and everything
// that could not be, is in the operation record. Ctrl-C or a full output disk
// still ends in a valid bundle, marked incomplete with the reason.
package collect

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/yingji/yingji/internal/buildinfo"
	"github.com/yingji/yingji/internal/bundle"
	"github.com/yingji/yingji/internal/oplog"
	"github.com/yingji/yingji/internal/pathenc"
	"github.com/yingji/yingji/internal/progress"
	"github.com/yingji/yingji/internal/targetfs"
)

// Options configure a collection. Zero sizes take the defaults below.
type Options struct {
	Root   string // the directory that is the target's "/"
	Live   bool   // also read the running host's volatile state
	Output string // bundle path, or "-" for Stdout
	Stdout io.Writer

	Operator      string
	NoRedact      bool          // keep password hashes and private keys
	FileMaxSize   int64         // non-log files: the first part is kept
	LogMaxSize    int64         // each log: the newest part is kept
	LogMaxAge     time.Duration // logs unmodified for longer are skipped (0: no limit)
	LogMaxTotal   int64         // all logs together
	HashMaxSize   int64         // timeline hashes executables and scripts up to this size
	NoTimeline    bool
	IncludeRemote bool     // walk network file systems in the timeline
	Exclude       []string // absolute target paths left out
	StrictAtime   bool     // skip files that cannot be opened with O_NOATIME
	ProcPath      string   // default /proc
	SysPath       string   // default /sys
	Reserve       int64    // output space kept for the manifest (bundle default)
	Progress      *progress.Reporter
}

// Defaults.
const (
	DefaultFileMaxSize = 32 << 20
	DefaultLogMaxSize  = 256 << 20
	DefaultLogMaxTotal = 4 << 30
	DefaultHashMaxSize = 64 << 20
	DefaultLogMaxAge   = 400 * 24 * time.Hour
)

// Result summarises a collection.
type Result struct {
	Path     string
	Head     string // hash of the last operation record: note it down
	Status   string
	Reason   string
	Members  int
	Problems int
	Bytes    int64
}

type collector struct {
	ctx      context.Context
	opt      Options
	fs       *targetfs.FS
	w        *bundle.Writer
	log      *oplog.Log
	problems []bundle.Problem
	seen     map[string]bool
	outDev   uint64
	outIno   uint64
	logTotal int64
	now      time.Time
	stop     string
	atime    []string
}

// testHookOpened lets tests change a file between open and copy.
var testHookOpened func(name string, f *os.File)

// ErrOutputInside is returned when the output would be written inside a
// directory that is being collected.
var ErrOutputInside = errors.New("output path is inside a collected directory")

// Run collects opt.Root into a bundle.
func Run(ctx context.Context, opt Options) (*Result, error) {
	setDefaults(&opt)
	tfs, viewErr, err := targetfs.OpenReadOnly(opt.Root)
	if err != nil {
		return nil, err
	}
	defer tfs.Close()
	tfs.StrictAtime = opt.StrictAtime

	c := &collector{ctx: ctx, opt: opt, fs: tfs, seen: map[string]bool{}, now: time.Now().UTC()}
	tfs.OnAtimeRisk = func(name string) { c.atime = append(c.atime, "/"+name) }
	if err := c.checkOutput(); err != nil {
		return nil, err
	}
	hostname, _ := os.Hostname()
	bopt := bundle.Options{
		Identity: oplog.Identity{Operator: operator(opt.Operator), Host: hostname, Tool: buildinfo.Get().Short()},
		Reserve:  opt.Reserve,
	}
	if opt.Output == "-" {
		c.w = bundle.NewStreamWriter(opt.Stdout, bopt)
	} else {
		if c.w, err = bundle.Create(opt.Output, bopt); err != nil {
			return nil, err
		}
		if st, err := os.Stat(opt.Output); err == nil {
			if s, ok := st.Sys().(*syscall.Stat_t); ok {
				c.outDev, c.outIno = s.Dev, s.Ino
			}
		}
	}
	c.log = c.w.Log
	info := buildinfo.Get()
	c.record(oplog.Record{Action: "collect.start", Target: opt.Root, Detail: map[string]any{
		"live": opt.Live, "output": opt.Output, "binary_sha256": info.BinarySHA256, "options": c.optionsMap(),
	}})
	if viewErr != nil {
		c.record(oplog.Record{Action: "collect.read_only_view", Target: opt.Root, Result: oplog.Error,
			Error: "the target is read through its own mount (" + viewErr.Error() + "): files and directories are " +
				"opened with O_NOATIME, but reading a symbolic link may update the link's access time"})
	} else {
		c.record(oplog.Record{Action: "collect.read_only_view", Target: opt.Root,
			Detail: map[string]any{"note": "target read through a private read-only, noatime copy of its mounts"}})
	}

	stages := []struct {
		name string
		fn   func()
	}{
		{"volatile state", c.volatile},
		{"account and system files", func() { c.artifacts(CatAccounts); c.homes() }},
		{"persistence locations", func() { c.artifacts(CatPersistence) }},
		{"logs", c.logs},
		{"web server configuration", func() { c.artifacts(CatWeb) }},
		{"package databases", func() { c.artifacts(CatPackages) }},
		{"file-system timeline", c.timeline},
	}
	for _, s := range stages {
		if c.stopped() {
			break
		}
		if s.name == "volatile state" && !opt.Live {
			continue
		}
		if s.name == "file-system timeline" && opt.NoTimeline {
			continue
		}
		opt.Progress.Stage(s.name)
		s.fn()
	}
	opt.Progress.Done()
	return c.finish(hostname)
}

func setDefaults(o *Options) {
	if o.Root == "" {
		o.Root = "/"
	}
	if o.FileMaxSize <= 0 {
		o.FileMaxSize = DefaultFileMaxSize
	}
	if o.LogMaxSize <= 0 {
		o.LogMaxSize = DefaultLogMaxSize
	}
	if o.LogMaxTotal <= 0 {
		o.LogMaxTotal = DefaultLogMaxTotal
	}
	if o.HashMaxSize <= 0 {
		o.HashMaxSize = DefaultHashMaxSize
	}
	if o.ProcPath == "" {
		o.ProcPath = "/proc"
	}
	if o.SysPath == "" {
		o.SysPath = "/sys"
	}
	if o.Stdout == nil {
		o.Stdout = os.Stdout
	}
}

func (c *collector) optionsMap() map[string]any {
	o := c.opt
	return map[string]any{
		"root": o.Root, "live": o.Live, "redact": !o.NoRedact, "file_max_size": o.FileMaxSize,
		"log_max_size": o.LogMaxSize, "log_max_age": o.LogMaxAge.String(), "log_max_total": o.LogMaxTotal,
		"hash_max_size": o.HashMaxSize, "timeline": !o.NoTimeline, "include_remote": o.IncludeRemote,
		"exclude": o.Exclude, "strict_atime": o.StrictAtime,
	}
}

func operator(name string) string {
	if name != "" {
		return name
	}
	return oplog.DefaultOperator()
}

// checkOutput refuses an output path inside a directory that is collected,
// since the collection would then read its own output. Excluding the
// directory lifts the refusal.
func (c *collector) checkOutput() error {
	if c.opt.Output == "-" || c.opt.Output == "" {
		if c.opt.Output == "" {
			return errors.New("no output path")
		}
		return nil
	}
	out, err := filepath.Abs(c.opt.Output)
	if err != nil {
		return err
	}
	if d, err := filepath.EvalSymlinks(filepath.Dir(out)); err == nil {
		out = filepath.Join(d, filepath.Base(out))
	}
	root, err := filepath.EvalSymlinks(c.opt.Root)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(root, out)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return nil // outside the target
	}
	for _, ex := range c.opt.Exclude {
		ex = strings.TrimPrefix(path.Clean("/"+ex), "/")
		if rel == ex || strings.HasPrefix(rel, ex+"/") {
			return nil
		}
	}
	for _, a := range systemArtifacts {
		for _, p := range a.Patterns {
			if !strings.HasSuffix(p, "/**") {
				continue
			}
			dir := strings.TrimSuffix(p, "/**")
			if m, _ := path.Match(dir, path.Dir(rel)); m || strings.HasPrefix(rel, dir+"/") && !hasMeta(dir) {
				return fmt.Errorf("%w: %s is under /%s, which is collected; write the bundle elsewhere (best: removable or network storage) or exclude that directory with --exclude", ErrOutputInside, out, dir)
			}
		}
	}
	return nil
}

func hasMeta(s string) bool { return strings.ContainsAny(s, "*?[") }

// stopped reports whether collection must end now, and remembers why.
func (c *collector) stopped() bool {
	if c.stop != "" {
		return true
	}
	if err := c.ctx.Err(); err != nil {
		c.stop = "interrupted: " + context.Cause(c.ctx).Error()
		return true
	}
	if c.w.LowSpace() {
		c.stop = "output disk full: collection stopped early to leave room for the manifest"
		return true
	}
	return false
}

func (c *collector) abort() error {
	if c.stopped() {
		return errors.New(c.stop)
	}
	return nil
}

func (c *collector) record(r oplog.Record) {
	if _, err := c.log.Append(r); err != nil && c.stop == "" {
		c.stop = "operation record failed: " + err.Error()
	}
}

func (c *collector) problem(name, stage string, err error) {
	p := bundle.Problem{Path: "/" + pathenc.Escape(name), Stage: stage, Error: err.Error()}
	c.problems = append(c.problems, p)
	c.record(oplog.Record{Action: "file." + stage, Target: p.Path, Result: oplog.Error, Error: p.Error})
}

func (c *collector) excluded(name string) bool {
	for _, ex := range c.opt.Exclude {
		ex = strings.TrimPrefix(path.Clean("/"+ex), "/")
		if ex == "" || name == ex || strings.HasPrefix(name, ex+"/") {
			return true
		}
	}
	return false
}

func (c *collector) isOutput(st *targetfs.Stat) bool {
	return c.outIno != 0 && st.Ino == c.outIno && st.Dev == c.outDev
}

// artifacts collects every artifact of a category.
func (c *collector) artifacts(cat string) {
	for _, a := range systemArtifacts {
		if a.Category != cat {
			continue
		}
		for _, p := range a.Patterns {
			if c.stopped() {
				return
			}
			c.pattern(a.Category, p, false)
		}
	}
}

// pattern collects what a pattern matches.
func (c *collector) pattern(cat, pat string, secret bool) {
	for _, name := range c.glob(pat) {
		if c.stopped() {
			return
		}
		c.collectName(cat, name, secret)
	}
}

// glob expands a pattern into existing root-relative names. A final "**"
// expands into every entry below the directory.
func (c *collector) glob(pat string) []string {
	recursive := strings.HasSuffix(pat, "/**")
	pat = strings.TrimSuffix(pat, "/**")
	names := []string{"."}
	for _, comp := range strings.Split(pat, "/") {
		var next []string
		for _, dir := range names {
			if !hasMeta(comp) {
				next = append(next, join(dir, comp))
				continue
			}
			ents, err := c.fs.ReadDir(dir)
			if err != nil {
				if !notFound(err) {
					c.problem(dir, "list", err)
				}
				continue
			}
			for _, e := range ents {
				if ok, _ := path.Match(comp, e.Name()); ok {
					next = append(next, join(dir, e.Name()))
				}
			}
		}
		names = next
	}
	if !recursive {
		return names
	}
	var out []string
	for _, dir := range names {
		// Walk does not follow links below dir; links are collected as
		// links, and their targets as files when they are files.
		c.fs.Walk(c.ctx, dir, targetfs.WalkOptions{}, func(name string, st *targetfs.Stat, err error) error {
			if err != nil {
				if !notFound(err) {
					c.problem(name, "list", err)
				}
				return nil
			}
			if c.excluded(name) {
				return fs.SkipDir
			}
			if !st.IsDir() {
				out = append(out, name)
			}
			return nil
		})
	}
	return out
}

func join(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

func notFound(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// collectName collects one root-relative name: a file is copied, a link is
// recorded and its target collected when that is a file inside the root.
func (c *collector) collectName(cat, name string, secret bool) {
	if c.seen[name] || c.excluded(name) {
		return
	}
	fi, err := c.fs.Lstat(name)
	if err != nil {
		if !notFound(err) {
			c.problem(name, "stat", err)
		}
		return
	}
	st := targetfs.StatOf(fi)
	if !st.IsSymlink() {
		// A name reached through a linked directory (var/run -> /run) is
		// collected under its canonical name, once.
		if canon, err := c.fs.Resolve(name); err == nil && canon != name {
			if c.seen[canon] {
				return
			}
			name = canon
		}
	}
	switch {
	case st.IsSymlink():
		c.seen[name] = true
		target, err := c.fs.ReadLink(name)
		if err != nil {
			c.problem(name, "readlink", err)
			return
		}
		e := entryFor(name, st)
		e.Kind, e.Category, e.LinkTarget = bundle.KindSymlink, cat, pathenc.Escape(target)
		c.w.AddEntry(e)
		c.record(oplog.Record{Action: "file.link", Target: e.Path, Detail: map[string]any{"link_target": e.LinkTarget}})
		resolved, err := c.fs.Resolve(name)
		if err != nil {
			if !notFound(err) {
				c.problem(name, "resolve", err)
			}
			return
		}
		if rfi, err := c.fs.Stat(name); err == nil && rfi.Mode().IsRegular() {
			c.collectName(cat, resolved, secret)
		}
	case st.IsRegular():
		c.seen[name] = true
		c.copyFile(cat, name, st, false, secret)
	case st.IsDir():
	default:
		c.seen[name] = true
		c.problem(name, "skip", fmt.Errorf("not a regular file (%s): never opened", fileType(st.Mode)))
	}
}

func fileType(mode uint32) string {
	switch fs := targetfs.UnixMode(mode); {
	case fs&os.ModeNamedPipe != 0:
		return "FIFO"
	case fs&os.ModeSocket != 0:
		return "socket"
	case fs&os.ModeCharDevice != 0:
		return "character device"
	case fs&os.ModeDevice != 0:
		return "block device"
	}
	return "special file"
}

func entryFor(name string, st *targetfs.Stat) bundle.Entry {
	t := func(x time.Time) *time.Time {
		if x.IsZero() {
			return nil
		}
		return &x
	}
	return bundle.Entry{
		Path: "/" + pathenc.Escape(name), Mode: st.Mode, UID: st.UID, GID: st.GID, Inode: st.Ino,
		Atime: t(st.Atime), Mtime: t(st.Mtime), Ctime: t(st.Ctime), Btime: t(st.Btime), SourceSize: st.Size,
	}
}

var compressedExt = []string{".gz", ".xz", ".bz2", ".zst", ".lz4", ".z"}

func isCompressed(name string) bool {
	l := strings.ToLower(name)
	for _, x := range compressedExt {
		if strings.HasSuffix(l, x) {
			return true
		}
	}
	return false
}

// copyFile copies a regular file into the bundle.
func (c *collector) copyFile(cat, name string, pre *targetfs.Stat, isLog, secret bool) {
	if c.isOutput(pre) {
		return
	}
	f, st, err := c.fs.OpenFile(name)
	if err != nil {
		if notFound(err) {
			err = fmt.Errorf("vanished after it was listed: %w", err)
		}
		c.problem(name, "open", err)
		return
	}
	defer f.Close()
	if testHookOpened != nil {
		testHookOpened(name, f)
	}
	e := entryFor(name, st)
	e.Kind, e.Category, e.Member = bundle.KindFile, cat, "fs/"+pathenc.Member(name)

	if !c.opt.NoRedact {
		if data, ok := c.redacted(name, f, st, secret, &e); ok {
			c.store(e, strings.NewReader(data), st.Size, f, st)
			return
		}
	}
	limit := c.opt.FileMaxSize
	if isLog {
		limit = c.opt.LogMaxSize
	}
	n := st.Size
	if n > limit {
		n = limit
		e.Truncated = true
		if isLog && !isCompressed(name) {
			// Keep the newest events; a compressed log is only readable
			// from its start.
			e.Offset = st.Size - limit
			e.Note = fmt.Sprintf("log larger than %d bytes: the last %d bytes are kept", limit, limit)
		} else {
			e.Note = fmt.Sprintf("file larger than %d bytes: the first %d bytes are kept", limit, limit)
		}
	}
	c.store(e, io.NewSectionReader(f, e.Offset, n), n, f, st)
}

// store adds the member and records the copy. want is the number of bytes
// expected from r.
func (c *collector) store(e bundle.Entry, r io.Reader, want int64, f *os.File, st *targetfs.Stat) {
	truncatedBefore := e.Truncated
	e, err := c.w.Add(e, r, c.abort)
	if e.Size < want && !e.Truncated {
		e.Changed = true
		e.Note = strings.TrimSpace(e.Note + fmt.Sprintf(" file shrank during copy: %d of %d bytes", e.Size, want))
	}
	if after, serr := statFd(f); serr == nil && (after.Size != st.Size || !after.Mtime.Equal(st.Mtime) || !after.Ctime.Equal(st.Ctime)) {
		e.Changed = true
	}
	if e.Changed {
		c.w.UpdateLast(e)
	}
	rec := oplog.Record{Action: "file.copy", Target: e.Path, SHA256: e.SHA256, Detail: map[string]any{
		"member": e.Member, "size": e.Size, "source_size": st.Size,
	}}
	if e.Truncated && !truncatedBefore {
		rec.Result, rec.Error = oplog.Partial, "copy stopped: "+c.stop
	} else if e.Truncated {
		rec.Detail["truncated"] = e.Note
	}
	if e.Changed {
		rec.Detail["changed_during_copy"] = true
	}
	if err != nil && !errors.Is(err, bundle.ErrStopped) {
		rec.Result, rec.Error = oplog.Partial, err.Error()
		c.problems = append(c.problems, bundle.Problem{Path: e.Path, Stage: "copy", Error: err.Error()})
	}
	c.record(rec)
}

func statFd(f *os.File) (*targetfs.Stat, error) {
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	s, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil, errors.New("no stat")
	}
	return &targetfs.Stat{Size: s.Size, Mtime: time.Unix(s.Mtim.Unix()).UTC(), Ctime: time.Unix(s.Ctim.Unix()).UTC()}, nil
}

// redacted returns the stored form of a file holding secrets, and whether it
// is one: shadow files keep everything but the hashes, private keys and
// credential files only a description.
func (c *collector) redacted(name string, f *os.File, st *targetfs.Stat, secret bool, e *bundle.Entry) (string, bool) {
	base := path.Base(name)
	shadow := path.Dir(name) == "etc" && (base == "shadow" || base == "shadow-" || base == "gshadow" || base == "gshadow-")
	if !shadow && !secret && st.Size > 64<<10 {
		return "", false // too large to be a key
	}
	if st.Size > 16<<20 {
		return "", false
	}
	head := make([]byte, 64)
	n, _ := f.ReadAt(head, 0)
	head = head[:n]
	isKey := strings.HasPrefix(strings.TrimSpace(string(head)), "-----BEGIN ")
	if !shadow && !secret && !isKey {
		return "", false
	}
	b, err := io.ReadAll(io.NewSectionReader(f, 0, st.Size))
	if err != nil {
		return "", false
	}
	sum := sha256.Sum256(b)
	var out string
	switch {
	case shadow:
		out = string(redactShadow(b))
	case isKey:
		desc, ok := privateKeyInfo(b)
		if !ok {
			if !secret {
				return "", false // a certificate or public key: no secret
			}
			desc = "# yingji: credentials file redacted\n"
		}
		out = desc
	default:
		out = "# yingji: credentials file redacted; its content was not collected\n"
	}
	e.Redacted = true
	e.SourceSHA256 = hex.EncodeToString(sum[:])
	e.Note = "secrets redacted (use --no-redact to keep them)"
	return out, true
}

// homes collects the per-user files of every account home and of every
// directory under /home, including those of accounts that were removed.
func (c *collector) homes() {
	homes := map[string]bool{}
	if b, err := c.readSmall("etc/passwd", 16<<20); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			f := strings.Split(line, ":")
			if len(f) >= 6 && strings.HasPrefix(f[5], "/") {
				homes[strings.TrimPrefix(path.Clean(f[5]), "/")] = true
			}
		}
	}
	if ents, err := c.fs.ReadDir("home"); err == nil {
		for _, e := range ents {
			if e.IsDir() {
				homes["home/"+e.Name()] = true
			}
		}
	}
	list := make([]string, 0, len(homes))
	for h := range homes {
		list = append(list, h)
	}
	sort.Strings(list)
	for _, h := range list {
		for _, p := range userFiles {
			if c.stopped() {
				return
			}
			secret := false
			for _, s := range secretFiles {
				secret = secret || p == s
			}
			c.pattern(CatAccounts, join(dotIfEmpty(h), p), secret)
		}
	}
}

func dotIfEmpty(s string) string {
	if s == "" {
		return "."
	}
	return s
}

func (c *collector) readSmall(name string, max int64) ([]byte, error) {
	f, st, err := c.fs.OpenFile(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.Size > max {
		return nil, fmt.Errorf("%s: %d bytes, over %d", name, st.Size, max)
	}
	return io.ReadAll(io.LimitReader(f, max))
}

type logFile struct {
	name string
	st   *targetfs.Stat
}

// logs collects log files newest first, within the age, size and total limits.
func (c *collector) logs() {
	var files []logFile
	for _, a := range systemArtifacts {
		if !a.Log {
			continue
		}
		for _, p := range a.Patterns {
			for _, name := range c.glob(p) {
				fi, err := c.fs.Lstat(name)
				if err != nil {
					continue
				}
				st := targetfs.StatOf(fi)
				if !st.IsRegular() {
					c.collectName(CatLogs, name, false)
					continue
				}
				files = append(files, logFile{name, st})
			}
		}
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].st.Mtime.After(files[j].st.Mtime) })
	for _, lf := range files {
		if c.stopped() {
			return
		}
		if c.seen[lf.name] {
			continue
		}
		c.seen[lf.name] = true
		if c.opt.LogMaxAge > 0 && c.now.Sub(lf.st.Mtime) > c.opt.LogMaxAge && rotated(lf.name) {
			c.skip(lf.name, fmt.Sprintf("log not modified for more than %s (--log-max-age)", c.opt.LogMaxAge))
			continue
		}
		size := min(lf.st.Size, c.opt.LogMaxSize)
		if c.logTotal+size > c.opt.LogMaxTotal {
			c.skip(lf.name, fmt.Sprintf("total log size limit of %d bytes reached (--log-max-total)", c.opt.LogMaxTotal))
			continue
		}
		c.logTotal += size
		c.copyFile(CatLogs, lf.name, lf.st, true, false)
	}
}

var rotatedRe = regexp.MustCompile(`(\.[0-9]+|-[0-9]{8,10})(\.(gz|xz|bz2|zst|lz4|z))?$|\.(gz|xz|bz2|zst|lz4|z)$|\.old$`)

// rotated reports a rotated-away log ("syslog.2.gz", "secure-20240101").
// Only those obey the age limit: a current log and the binary login
// records (wtmp, btmp, lastlog) are kept however old, since on a quiet host
// their last change can be long ago and they are the record of every login.
func rotated(name string) bool { return rotatedRe.MatchString(strings.ToLower(path.Base(name))) }

// skip records a file deliberately left out by a limit.
func (c *collector) skip(name, why string) {
	p := bundle.Problem{Path: "/" + pathenc.Escape(name), Stage: "limit", Error: why}
	c.problems = append(c.problems, p)
	c.record(oplog.Record{Action: "file.skip", Target: p.Path, Result: oplog.Skipped, Error: why})
}

// finish writes the tool record and the manifest and seals the bundle.
func (c *collector) finish(hostname string) (*Result, error) {
	tool, _ := json.MarshalIndent(buildinfo.ToolRecord(), "", " ")
	if _, err := c.w.AddBytes(bundle.Entry{Member: bundle.ToolMember, Kind: bundle.KindGenerated}, tool); err != nil {
		return nil, err
	}
	if len(c.atime) > 0 {
		c.record(oplog.Record{Action: "collect.atime_risk", Result: oplog.Partial,
			Error:  "O_NOATIME was not permitted (not running as the owner or root): access times of these files may have been updated",
			Detail: map[string]any{"count": len(c.atime), "paths": firstN(c.atime, 1000)}})
	}
	status, reason := bundle.Complete, ""
	if c.stop != "" {
		status, reason = bundle.Incomplete, c.stop
	}
	c.record(oplog.Record{Action: "collect.end", Target: c.opt.Root, Result: map[bool]string{true: oplog.OK, false: oplog.Partial}[status == bundle.Complete],
		Error: reason, Detail: map[string]any{"members": len(c.w.Entries()), "problems": len(c.problems), "bytes": c.w.Written()}})
	src := bundle.SourceInfo{Kind: "image", Root: c.opt.Root, Hostname: hostname}
	if c.opt.Live {
		src.Kind = "live"
	} else if b, err := c.readSmall("etc/hostname", 4096); err == nil {
		src.Hostname = strings.TrimSpace(string(b))
	}
	m := bundle.Manifest{
		ID: bundle.NewID(), Status: status, Reason: reason, Started: c.now, Finished: time.Now().UTC(),
		Source: src, Tool: buildinfo.Get(), Options: c.optionsMap(), Problems: c.problems,
	}
	head, err := c.w.Finish(m)
	if err != nil {
		return nil, err
	}
	return &Result{Path: c.opt.Output, Head: head, Status: status, Reason: reason,
		Members: len(c.w.Entries()), Problems: len(c.problems), Bytes: c.w.Written()}, nil
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
