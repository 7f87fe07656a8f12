package source

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/yingji/yingji/internal/bundle"
	"github.com/yingji/yingji/internal/pathenc"
	"github.com/yingji/yingji/internal/snapshot"
	"github.com/yingji/yingji/internal/targetfs"
)

// MaxSnapshotSize bounds the volatile snapshot member decoded from a bundle.
// A busy server's snapshot is a few megabytes; decoding JSON takes several
// times its size in memory.
const MaxSnapshotSize = 256 << 20

// maxProblems bounds the problems a Bundle keeps for people.
const maxProblems = 100

// Bundle is a Source over an evidence bundle, read in place: ZIP members
// are read at random, so nothing is unpacked to disk.
//
// What exists and its metadata come from the manifest (the files collected,
// with metadata to the nanosecond and their birth time) and from the
// body-file timeline (every path of the target, to the second). Content comes
// only from the copies. Where both describe a path, the manifest wins: it is
// more precise and is what the content matches. A directory that only the
// paths below it imply is shown with mode 0755 and no times.
//
// The timeline is indexed on first need, not when the bundle is opened,
// because it can list millions of paths and reading a collected file whose
// exact name is in the manifest does not need it.
type Bundle struct {
	r    *bundle.Reader
	name string

	files map[string]*bundle.Entry // KindFile and KindSymlink entries by raw name
	dirs  map[string][]string      // directories the manifest implies: sorted children

	problems []string
	dropped  int // problems beyond maxProblems

	tlOnce sync.Once
	tl     atomic.Pointer[timeline] // nil when the bundle has no body file

	volOnce sync.Once
	vol     *snapshot.Snapshot
	volErr  error
}

// OpenBundle opens the evidence bundle file at path as a Source.
func OpenBundle(path string) (Source, error) {
	r, err := bundle.Open(path)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	return NewBundle(r, path), nil
}

// NewBundle makes a Source of a bundle already opened, for bundles that are
// not files on a local disk (an upload held in an object store, read through
// bundle.NewReader). name is how Describe calls the bundle. Close closes r.
func NewBundle(r *bundle.Reader, name string) *Bundle {
	b := &Bundle{r: r, name: name, files: map[string]*bundle.Entry{}, dirs: map[string][]string{}}
	for _, p := range r.Problems {
		b.problem("archive: " + p)
	}
	b.indexManifest()
	return b
}

func (b *Bundle) problem(s string) {
	if len(b.problems) < maxProblems {
		b.problems = append(b.problems, s)
		return
	}
	b.dropped++
}

// Problems lists, for people, what of the bundle could not be used: members
// the archive reader left out, manifest entries with unusable paths, and
// malformed body-file lines (the latter once the timeline is indexed; see
// Timeline for their count).
func (b *Bundle) Problems() []string {
	out := slices.Clone(b.problems)
	if b.dropped > 0 {
		out = append(out, fmt.Sprintf("and %d more problems", b.dropped))
	}
	if t := b.tl.Load(); t != nil {
		for _, e := range t.info.Errors {
			out = append(out, "timeline: "+e)
		}
		if t.info.Skipped > len(t.info.Errors) {
			out = append(out, fmt.Sprintf("timeline: %d malformed or repeated lines skipped in all", t.info.Skipped))
		}
		if t.info.Stopped != "" {
			out = append(out, "timeline: "+t.info.Stopped)
		}
	}
	return out
}

// Manifest returns the bundle's manifest: who collected what, when, with
// which tool. Callers must not modify it.
func (b *Bundle) Manifest() *bundle.Manifest { return b.r.Manifest }

// Reader returns the underlying bundle reader, to verify the bundle or read
// members that are not files of the target (executables of processes).
func (b *Bundle) Reader() *bundle.Reader { return b.r }

// validName reports a clean relative path: fs.ValidPath's rules (no empty,
// "." or ".." elements, no leading or trailing slash) but any bytes other
// than NUL. Linux file names need not be UTF-8, and attackers use invalid
// names precisely to hide files; fs.ValidPath would make those files
// unreadable here.
func validName(name string) bool {
	if name == "." {
		return true
	}
	if name == "" || strings.IndexByte(name, 0) >= 0 {
		return false
	}
	for {
		i := strings.IndexByte(name, '/')
		el := name
		if i >= 0 {
			el = name[:i]
		}
		if el == "" || el == "." || el == ".." {
			return false
		}
		if i < 0 {
			return true
		}
		name = name[i+1:]
	}
}

// maxDepth bounds the path elements of a manifest path (the collector's
// walk stops at 256).
const maxDepth = 1024

// indexManifest maps the manifest's file and link entries by raw name and
// registers the directories their paths imply.
func (b *Bundle) indexManifest() {
	m := b.r.Manifest
	for i := range m.Entries {
		e := &m.Entries[i]
		if (e.Kind != bundle.KindFile && e.Kind != bundle.KindSymlink) || e.Path == "" {
			continue
		}
		raw, err := pathenc.Unescape(e.Path)
		name, abs := strings.CutPrefix(raw, "/")
		switch {
		case err != nil:
			b.problem(fmt.Sprintf("manifest entry %q left out: %v", truncate(e.Path, 200), err))
			continue
		case !abs || len(name) > maxNameLen || name == "" || name == "." || !validName(name) || strings.Count(name, "/") >= maxDepth:
			b.problem(fmt.Sprintf("manifest entry %q left out: not a clean absolute path", truncate(e.Path, 200)))
			continue
		case e.Kind == bundle.KindSymlink && len(e.LinkTarget) > 3*maxLinkLen:
			b.problem(fmt.Sprintf("manifest entry %q left out: link target too long", truncate(e.Path, 200)))
			continue
		case b.files[name] != nil:
			b.problem(fmt.Sprintf("manifest entry %q left out: path listed twice", truncate(e.Path, 200)))
			continue
		}
		if e.Kind == bundle.KindFile && e.Member != "" && e.Member != contentMember(name) {
			// The content of a path comes only from the member named for it,
			// so an altered manifest cannot show one file's data under
			// another name.
			b.problem(fmt.Sprintf("manifest entry %q names member %q, not %q: its content is not used",
				truncate(e.Path, 200), truncate(e.Member, 200), truncate(contentMember(name), 200)))
		}
		b.files[name] = e
		// Register the name in its directory and the directories above,
		// stopping at the first directory already known (its ancestors are
		// registered too). Keys are substrings of name: no copies.
		for child := name; ; {
			dir, base := ".", child
			if i := strings.LastIndexByte(child, '/'); i >= 0 {
				dir, base = child[:i], child[i+1:]
			}
			kids, known := b.dirs[dir]
			b.dirs[dir] = append(kids, base)
			if known || dir == "." {
				break
			}
			child = dir
		}
	}
	for d, kids := range b.dirs {
		slices.Sort(kids)
		b.dirs[d] = slices.Clip(slices.Compact(kids))
	}
}

func contentMember(name string) string { return "fs/" + pathenc.Member(name) }

// timeline returns the body-file index, building it on first use.
func (b *Bundle) timeline() *timeline {
	b.tlOnce.Do(func() {
		if !b.r.HasMember(bundle.TimelineMember) {
			return
		}
		rc, err := b.r.OpenMember(bundle.TimelineMember)
		if err != nil {
			b.tl.Store(&timeline{info: TimelineInfo{Present: true, Stopped: err.Error()}})
			return
		}
		defer rc.Close()
		b.tl.Store(buildTimeline(rc, MaxTimelineEntries))
	})
	return b.tl.Load()
}

// Timeline indexes the body file if not done yet and describes the index.
func (b *Bundle) Timeline() TimelineInfo {
	if t := b.timeline(); t != nil {
		info := t.info
		info.Errors = slices.Clone(info.Errors)
		return info
	}
	return TimelineInfo{}
}

// meta is what is known of one path.
type meta struct {
	st    targetfs.Stat
	link  string        // target of a symbolic link
	tdir  uint32        // the timeline's id of this directory, or noDir
	entry *bundle.Entry // the manifest entry of this path, if any
}

func (m *meta) isDir() bool  { return m.st.IsDir() }
func (m *meta) isLink() bool { return m.st.IsSymlink() }

// entryMeta turns a manifest entry into metadata. The file type follows the
// entry's kind whatever its mode says, so a tampered mode cannot turn a
// copy into a directory or a link.
func entryMeta(e *bundle.Entry) meta {
	perm := e.Mode &^ syscall.S_IFMT
	st := targetfs.Stat{UID: e.UID, GID: e.GID, Ino: e.Inode, Size: e.SourceSize}
	m := meta{tdir: noDir, entry: e}
	if e.Kind == bundle.KindSymlink {
		if perm == 0 {
			perm = 0o777
		}
		st.Mode = syscall.S_IFLNK | perm
		m.link, _ = pathenc.Unescape(e.LinkTarget)
		if st.Size == 0 {
			st.Size = int64(len(m.link))
		}
	} else {
		st.Mode = syscall.S_IFREG | perm
		if st.Size == 0 && !e.Truncated && !e.Redacted {
			st.Size = e.Size // entries written without the source size
		}
	}
	st.Size = max(st.Size, 0)
	t := func(p *time.Time) time.Time {
		if p == nil {
			return time.Time{}
		}
		return p.UTC()
	}
	st.Atime, st.Mtime, st.Ctime, st.Btime = t(e.Atime), t(e.Mtime), t(e.Ctime), t(e.Btime)
	m.st = st
	return m
}

// rootMeta is what is known of the target's "/".
func (b *Bundle) rootMeta() meta {
	m := meta{st: implicitDir, tdir: noDir}
	if t := b.timeline(); t != nil {
		m.tdir = rootDir
		if t.hasRoot {
			m.st, _ = t.stat(t.root)
		}
	}
	return m
}

// lookup returns what is known of the path p, the element base of the
// directory whose timeline id is parent, without following a final link.
func (b *Bundle) lookup(p, base string, parent uint32) (meta, bool) {
	if e := b.files[p]; e != nil {
		return entryMeta(e), true
	}
	if t := b.timeline(); t != nil && parent != noDir {
		if i := t.find(parent, base); i >= 0 {
			n := t.nodes[i]
			m := meta{tdir: n.self}
			m.st, m.link = t.stat(n.off)
			if !m.isDir() {
				m.tdir = noDir
			}
			return m, true
		}
	}
	if _, ok := b.dirs[p]; ok {
		return meta{st: implicitDir, tdir: noDir}, true
	}
	return meta{}, false
}

// resolved is a name resolved inside the bundle's target root.
type resolved struct {
	canon  string // canonical name, "." for the root
	exists bool
	m      meta
}

// resolve walks name from the root as targetfs does on a real directory:
// links in the middle are always followed, a final one when follow is set;
// absolute link targets restart at the target's root and ".." stops there.
func (b *Bundle) resolve(op, name string, follow bool) (resolved, error) {
	if !validName(name) {
		return resolved{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	type level struct {
		path string
		m    meta
	}
	var stack []level
	top := func() (string, meta) {
		if len(stack) == 0 {
			return ".", b.rootMeta()
		}
		l := stack[len(stack)-1]
		return l.path, l.m
	}
	fail := func(err error) (resolved, error) {
		return resolved{}, &fs.PathError{Op: op, Path: name, Err: err}
	}
	var comps []string
	if name != "." {
		comps = strings.Split(name, "/")
	}
	links := 0
	for len(comps) > 0 {
		c := comps[0]
		comps = comps[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			continue
		}
		last := len(comps) == 0
		dir, dm := top()
		p := c
		if dir != "." {
			p = dir + "/" + c
		}
		m, ok := b.lookup(p, c, dm.tdir)
		if !ok {
			if last {
				return resolved{canon: p}, nil
			}
			return fail(fs.ErrNotExist)
		}
		if last && !follow {
			return resolved{canon: p, exists: true, m: m}, nil
		}
		if m.isLink() {
			links++
			switch {
			case links > targetfs.MaxLinks:
				return fail(syscall.ELOOP)
			case m.link == "":
				return fail(fs.ErrNotExist) // as Linux does for an empty target
			case len(m.link) > maxLinkLen:
				return fail(syscall.ENAMETOOLONG)
			}
			if strings.HasPrefix(m.link, "/") {
				stack = stack[:0]
			}
			comps = append(strings.Split(m.link, "/"), comps...)
			continue
		}
		if last {
			return resolved{canon: p, exists: true, m: m}, nil
		}
		if !m.isDir() {
			return fail(syscall.ENOTDIR)
		}
		stack = append(stack, level{p, m})
	}
	p, m := top()
	return resolved{canon: p, exists: true, m: m}, nil
}

// literal returns the manifest's copy of exactly name, when there is one.
// The collector copied some files by a name that passes through a link
// ("var/run/utmp" with var/run a link to /run): that copy is what reading
// the name gave on the target, so it answers for the name as it is, and
// needs no timeline to find.
func (b *Bundle) literal(name string) *bundle.Entry {
	if e := b.files[name]; e != nil && e.Kind == bundle.KindFile {
		return e
	}
	return nil
}

func (b *Bundle) statInfo(op, name string, follow bool) (fs.FileInfo, error) {
	if e := b.literal(name); e != nil {
		m := entryMeta(e)
		return &targetfs.FileInfo{Base: path.Base(name), St: m.st}, nil
	}
	r, err := b.resolve(op, name, follow)
	if err != nil {
		return nil, err
	}
	if !r.exists {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	return &targetfs.FileInfo{Base: path.Base(name), St: r.m.st}, nil
}

// Stat returns the metadata of name, following links inside the target.
// Sys() is a *targetfs.Stat; Size is the size of the file on the target,
// which can be more than the copy holds (see Entry).
func (b *Bundle) Stat(name string) (fs.FileInfo, error) { return b.statInfo("stat", name, true) }

// Lstat returns the metadata of name without following a final link.
func (b *Bundle) Lstat(name string) (fs.FileInfo, error) { return b.statInfo("lstat", name, false) }

// ReadLink returns the target of the link name, as it was on the target.
func (b *Bundle) ReadLink(name string) (string, error) {
	r, err := b.resolve("readlink", name, false)
	if err != nil {
		return "", err
	}
	switch {
	case !r.exists:
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrNotExist}
	case !r.m.isLink():
		return "", &fs.PathError{Op: "readlink", Path: name, Err: syscall.EINVAL}
	}
	return r.m.link, nil
}

// Entry returns the manifest entry of the copy that reading name gives
// (links followed), or nil when the bundle holds no copy of it.
func (b *Bundle) Entry(name string) *bundle.Entry {
	if e := b.literal(name); e != nil {
		return e
	}
	r, err := b.resolve("open", name, true)
	if err != nil || !r.exists {
		return nil
	}
	return b.literal(r.canon)
}

// Open opens a collected file or a directory. A file that exists on the
// target but was not copied gives an error wrapping ErrNotCollected; a
// FIFO, socket or device gives targetfs.ErrNotRegular, as on a live host.
func (b *Bundle) Open(name string) (fs.File, error) {
	if e := b.literal(name); e != nil {
		return b.openEntry(name, e)
	}
	r, err := b.resolve("open", name, true)
	if err != nil {
		return nil, err
	}
	if !r.exists {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if r.m.isDir() {
		return &bundleDir{b: b, name: name, canon: r.canon, m: r.m,
			fi: &targetfs.FileInfo{Base: path.Base(name), St: r.m.st}}, nil
	}
	if e := b.literal(r.canon); e != nil {
		return b.openEntry(name, e)
	}
	if t := r.m.st.Mode & syscall.S_IFMT; t != syscall.S_IFREG && t != 0 {
		// Type 0 is "unknown" in body files of other tools: treat it as a
		// file that was not copied.
		return nil, &fs.PathError{Op: "open", Path: name, Err: targetfs.ErrNotRegular}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotCollected}
}

// openEntry opens the member holding the copy described by e.
func (b *Bundle) openEntry(name string, e *bundle.Entry) (fs.File, error) {
	m := entryMeta(e)
	fi := &targetfs.FileInfo{Base: path.Base(name), St: m.st}
	canon := strings.TrimPrefix(mustUnescape(e.Path), "/")
	member := contentMember(canon)
	switch {
	case e.Member == "":
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotCollected}
	case e.Member != member:
		return nil, &fs.PathError{Op: "open", Path: name, Err: fmt.Errorf("%w: the manifest names member %q for it instead of %q", ErrNotCollected, e.Member, member)}
	case !b.r.HasMember(member):
		return nil, &fs.PathError{Op: "open", Path: name, Err: fmt.Errorf("%w: member %s, listed in the manifest, is missing from the archive", ErrNotCollected, member)}
	}
	rc, err := b.r.OpenMember(member)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	size, _ := b.r.MemberSize(member)
	return &memberFile{name: name, fi: fi, rc: rc, size: size}, nil
}

func mustUnescape(s string) string {
	u, err := pathenc.Unescape(s)
	if err != nil {
		return s // indexManifest left such entries out
	}
	return u
}

// ReadFile reads the whole copy of name. A copy can be large (logs keep
// up to hundreds of megabytes): analyzers should prefer ReadFileLimit.
func (b *Bundle) ReadFile(name string) ([]byte, error) {
	f, err := b.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	mf, ok := f.(*memberFile)
	if !ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: syscall.EISDIR}
	}
	var buf bytes.Buffer
	// The declared size is checked by archive/zip while reading, but it
	// is hostile: do not allocate it all up front.
	buf.Grow(int(min(max(mf.size, 0), 64<<20)))
	if _, err := buf.ReadFrom(mf); err != nil {
		return nil, wrapRead(name, err)
	}
	return buf.Bytes(), nil
}

// ReadDir lists the directory name, merging the paths the timeline lists
// with those the manifest implies, sorted by name.
func (b *Bundle) ReadDir(name string) ([]fs.DirEntry, error) {
	f, err := b.Open(name)
	if err != nil {
		var pe *fs.PathError
		if errors.Is(err, ErrNotCollected) || errors.Is(err, targetfs.ErrNotRegular) {
			return nil, &fs.PathError{Op: "readdir", Path: name, Err: syscall.ENOTDIR}
		} else if errors.As(err, &pe) {
			pe.Op = "readdir"
		}
		return nil, err
	}
	defer f.Close()
	d, ok := f.(*bundleDir)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: syscall.ENOTDIR}
	}
	return d.ReadDir(-1)
}

// childNames returns the sorted, unique names in the directory canon.
func (b *Bundle) childNames(canon string, m meta) []string {
	var tl []string
	if t := b.timeline(); t != nil && m.tdir != noDir {
		lo, hi := t.children(m.tdir)
		tl = make([]string, 0, hi-lo)
		for _, n := range t.nodes[lo:hi] {
			tl = append(tl, string(t.name(n.off)))
		}
	}
	man := b.dirs[canon]
	if len(man) == 0 {
		return tl
	}
	if len(tl) == 0 {
		return slices.Clone(man)
	}
	out := make([]string, 0, len(tl)+len(man))
	i, j := 0, 0
	for i < len(tl) || j < len(man) {
		switch {
		case j == len(man) || (i < len(tl) && tl[i] < man[j]):
			out = append(out, tl[i])
			i++
		case i == len(tl) || man[j] < tl[i]:
			out = append(out, man[j])
			j++
		default:
			out = append(out, tl[i])
			i++
			j++
		}
	}
	return out
}

// Kind returns KindBundle.
func (b *Bundle) Kind() Kind { return KindBundle }

// Describe names the bundle with when, where from and how completely it
// was collected. The host name and reason come from the bundle and are
// escaped, so that control characters in them cannot rewrite a terminal.
func (b *Bundle) Describe() string {
	m := b.r.Manifest
	when := "at an unknown time"
	if !m.Started.IsZero() {
		when = m.Started.UTC().Format(time.RFC3339)
	}
	host := pathenc.Escape(m.Source.Hostname)
	if host == "" {
		host = "an unnamed host"
	}
	status := pathenc.Escape(m.Status)
	if m.Reason != "" {
		status += ": " + pathenc.Escape(m.Reason)
	}
	return fmt.Sprintf("bundle %s (collected %s from %s, %s)", b.name, when, host, status)
}

// Volatile decodes the snapshot stored in the bundle, once.
func (b *Bundle) Volatile(ctx context.Context) (*snapshot.Snapshot, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b.volOnce.Do(func() {
		if !b.r.HasMember(bundle.SnapshotMember) {
			b.volErr = ErrNoVolatile
			return
		}
		data, err := b.r.ReadMember(bundle.SnapshotMember, MaxSnapshotSize)
		if err != nil {
			b.volErr = fmt.Errorf("source: volatile state: %w", err)
			return
		}
		var s snapshot.Snapshot
		if err := json.Unmarshal(data, &s); err != nil {
			b.volErr = fmt.Errorf("source: volatile state: %s: %w", bundle.SnapshotMember, err)
			return
		}
		b.vol = &s
	})
	return b.vol, b.volErr
}

// Close closes the bundle file.
func (b *Bundle) Close() error { return b.r.Close() }

// memberFile is an open copy of a target file: a ZIP member, read as a
// stream (members are compressed, so there is no ReadAt).
type memberFile struct {
	name   string
	fi     *targetfs.FileInfo
	rc     io.ReadCloser
	size   int64
	closed bool
}

func (f *memberFile) Stat() (fs.FileInfo, error) { return f.fi, nil }

func (f *memberFile) Read(p []byte) (int, error) {
	if f.closed {
		return 0, &fs.PathError{Op: "read", Path: f.name, Err: fs.ErrClosed}
	}
	n, err := f.rc.Read(p)
	if err != nil && err != io.EOF {
		err = &fs.PathError{Op: "read", Path: f.name, Err: err}
	}
	return n, err
}

func (f *memberFile) Close() error {
	if f.closed {
		return &fs.PathError{Op: "close", Path: f.name, Err: fs.ErrClosed}
	}
	f.closed = true
	return f.rc.Close()
}

// bundleDir is an open directory of a bundle. Its names are listed when
// first read; the metadata of each entry is looked up only as the entries
// are handed out, so a huge directory read in batches stays small.
type bundleDir struct {
	b      *Bundle
	name   string
	canon  string
	m      meta
	fi     *targetfs.FileInfo
	names  []string
	listed bool
	pos    int
}

func (d *bundleDir) Stat() (fs.FileInfo, error) { return d.fi, nil }

func (d *bundleDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: syscall.EISDIR}
}

func (d *bundleDir) Close() error { return nil }

// ReadDir implements fs.ReadDirFile.
func (d *bundleDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if !d.listed {
		d.names, d.listed = d.b.childNames(d.canon, d.m), true
	}
	rest := d.names[d.pos:]
	if n > 0 && len(rest) == 0 {
		return nil, io.EOF
	}
	if n > 0 && n < len(rest) {
		rest = rest[:n]
	}
	out := make([]fs.DirEntry, 0, len(rest))
	for _, c := range rest {
		p := c
		if d.canon != "." {
			p = d.canon + "/" + c
		}
		m, ok := d.b.lookup(p, c, d.m.tdir)
		if !ok {
			m = meta{st: implicitDir} // cannot happen: the names come from the same index
		}
		out = append(out, fs.FileInfoToDirEntry(&targetfs.FileInfo{Base: c, St: m.st}))
	}
	d.pos += len(rest)
	return out, nil
}

// Resolve returns the canonical name of name, with every link followed
// inside the target root, as the directory source does.
func (b *Bundle) Resolve(name string) (string, error) {
	r, err := b.resolve("resolve", name, true)
	if err != nil {
		return "", err
	}
	if !r.exists {
		return "", &fs.PathError{Op: "resolve", Path: name, Err: fs.ErrNotExist}
	}
	return r.canon, nil
}
