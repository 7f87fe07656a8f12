package source

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/bodyfile"
	"github.com/yingji/yingji/internal/targetfs"
)

// Limits of the body-file index. A bundle is hostile: its body file can
// be a decompression bomb or hold absurd names, and the index must stay
// within memory whatever it says.
const (
	// MaxTimelineEntries bounds the body-file entries indexed; the rest of
	// a longer body file is left out (see TimelineInfo.Stopped). At about
	// 55 bytes an entry this is at most about half a gigabyte. Directories
	// are bounded to half as many, and the names and metadata of all
	// entries to maxBlob bytes.
	MaxTimelineEntries = 1 << 23
	// maxBlob bounds the bytes of names, link targets and metadata held.
	maxBlob = 1 << 30
	// maxNameLen bounds a whole path and maxBaseLen one element of it:
	// longer ones cannot come from Linux (NAME_MAX 255; the collector's
	// walk stops at depth 256) and would make work quadratic.
	maxNameLen = 64 << 10
	maxBaseLen = 4096
	// maxLinkLen is the longest link target Linux stores (PATH_MAX - 1).
	maxLinkLen = 4095
	// maxReportedErrors bounds the malformed-line errors kept for people.
	maxReportedErrors = 10
)

// TimelineInfo describes the index built from a bundle's body file.
type TimelineInfo struct {
	// Present is false when the bundle has no body file (collected with
	// --no-timeline): then only the manifest says what exists.
	Present bool
	// Entries is the number of paths indexed, directories implied by
	// deeper paths included.
	Entries int
	// Skipped counts lines left out: malformed, with unusable names, or
	// repeating a path already seen.
	Skipped int
	// Errors holds the first few reasons for skipped lines.
	Errors []string
	// Stopped, when not empty, says why the body file was not read to its
	// end (damaged member, MaxTimelineEntries reached); what was read
	// before is indexed.
	Stopped string
	// Bytes is the memory held by the index.
	Bytes int64
}

// The index keeps one 12-byte tnode per path, sorted by (directory, name),
// and all else in one byte blob, so that a body file of two million paths
// fits in about 120 MB instead of the gigabyte that a map of structs with
// strings and time.Time values would take. A directory's children are a
// contiguous run of the sorted slice, found by binary search; names are
// looked up one element at a time from the root.
type tnode struct {
	off  uint32 // offset of the node's record in blob
	dir  uint32 // id of the directory holding the node
	self uint32 // id of the directory the node is, or noDir
}

// noDir marks a node that is not a directory known to the index.
const noDir = math.MaxUint32

// rootDir is the id of the target's "/".
const rootDir = 0

// A record in the blob is:
//
//	uvarint len, name bytes, flags byte,
//	uvarint mode, uid, gid, inode; varint size, mtime;
//	varint atime-mtime, ctime-mtime; [varint crtime-mtime if flagCrtime];
//	[uvarint len, link target if flagLink]
//
// Times are stored as differences from mtime because they are usually close
// to it and then take one to three bytes instead of eight.
const (
	flagCrtime   = 1 << iota // the birth time is known
	flagLink                 // a link target follows
	flagImplicit             // a directory implied by a deeper path; no metadata
)

type timeline struct {
	nodes   []tnode
	blob    []byte
	root    uint32 // offset of the "/" record, when hasRoot
	hasRoot bool
	info    TimelineInfo
}

type dirKey struct {
	parent uint32
	name   string
}

type dirVal struct {
	id   uint32
	seen bool // a directory line of the body file is this directory
}

// builder holds the state that is only needed while reading the body file.
type builder struct {
	t       *timeline
	dirs    map[dirKey]dirVal
	nextID  uint32
	max     int
	maxDirs uint32
}

// buildTimeline indexes a body file. It never fails: a malformed line is
// skipped and counted, and a read error ends the index where it happened.
func buildTimeline(r io.Reader, maxEntries int) *timeline {
	b := &builder{t: &timeline{info: TimelineInfo{Present: true}}, dirs: map[dirKey]dirVal{}, nextID: rootDir + 1,
		max: maxEntries, maxDirs: uint32(min(max(maxEntries/2, 1), noDir-1))}
	br := bodyfile.NewReader(r)
	for {
		e, err := br.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// A malformed or overlong line is skipped; the reader goes on.
			if errors.Is(err, bodyfile.ErrSyntax) {
				b.skip(err.Error())
				continue
			}
			b.t.info.Stopped = "body file: " + err.Error()
			break
		}
		if len(b.t.nodes) >= b.max {
			b.t.info.Stopped = fmt.Sprintf("more than %d entries: the rest of the body file is not indexed", b.max)
			break
		}
		if why := b.add(e); why != "" {
			if why == errBlobFull {
				b.t.info.Stopped = why
				break
			}
			if why == errTooManyDirs {
				b.t.info.Stopped = fmt.Sprintf("more than %d directories: the rest of the body file is not indexed", b.maxDirs)
				break
			}
			b.skip(fmt.Sprintf("%q: %s", truncate(e.Name, 200), why))
		}
	}
	b.finish()
	return b.t
}

// Reasons that stop the index.
var (
	errBlobFull    = fmt.Sprintf("more than %d bytes of names and metadata: the rest of the body file is not indexed", maxBlob)
	errTooManyDirs = "too many directories"
)

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}

func (b *builder) skip(why string) {
	b.t.info.Skipped++
	if len(b.t.info.Errors) < maxReportedErrors {
		b.t.info.Errors = append(b.t.info.Errors, why)
	}
}

// intern returns the id of directory name inside parent, making one up.
func (b *builder) intern(parent uint32, name string, seen bool) (uint32, bool) {
	k := dirKey{parent, name}
	v, ok := b.dirs[k]
	if !ok {
		if b.nextID > b.maxDirs {
			return 0, false
		}
		v.id = b.nextID
		b.nextID++
		// Clone: the key would otherwise pin the whole line in memory.
		k.name = strings.Clone(name)
	}
	if seen {
		v.seen = true
	}
	if !ok || seen {
		b.dirs[k] = v
	}
	return v.id, true
}

// add indexes one body-file entry, or says why not.
func (b *builder) add(e *bodyfile.Entry) string {
	name := strings.TrimPrefix(e.Name, "/")
	switch {
	case len(name) > maxNameLen:
		return "path too long"
	case name == "":
		if e.Mode&bodyfile.ModeType != bodyfile.ModeDir {
			return "the root is not a directory"
		}
		if b.t.hasRoot {
			return "repeated path"
		}
		off, ok := b.record("", e, 0)
		if !ok {
			return errBlobFull
		}
		b.t.root, b.t.hasRoot = off, true
		return ""
	case name == "." || !validName(name):
		return "not a clean absolute path"
	}
	if e.Mode&bodyfile.ModeType == bodyfile.ModeLink && len(e.LinkTarget) > maxLinkLen {
		return "link target too long"
	}
	dir, base := "", name
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		dir, base = name[:i], name[i+1:]
	}
	if len(base) > maxBaseLen {
		return "name too long"
	}
	parent := uint32(rootDir)
	for dir != "" {
		el := dir
		if i := strings.IndexByte(dir, '/'); i >= 0 {
			el, dir = dir[:i], dir[i+1:]
		} else {
			dir = ""
		}
		var ok bool
		if parent, ok = b.intern(parent, el, false); !ok {
			return errTooManyDirs
		}
	}
	self := uint32(noDir)
	if e.Mode&bodyfile.ModeType == bodyfile.ModeDir {
		var ok bool
		if self, ok = b.intern(parent, base, true); !ok {
			return errTooManyDirs
		}
	}
	off, ok := b.record(base, e, 0)
	if !ok {
		return errBlobFull
	}
	b.t.nodes = append(b.t.nodes, tnode{off: off, dir: parent, self: self})
	return ""
}

// record appends a record to the blob and returns its offset.
func (b *builder) record(name string, e *bodyfile.Entry, flags byte) (uint32, bool) {
	t := b.t
	off := len(t.blob)
	if off+len(name)+len(e.LinkTarget)+128 > maxBlob {
		return 0, false
	}
	if e.Crtime != 0 {
		flags |= flagCrtime
	}
	if e.Mode&bodyfile.ModeType == bodyfile.ModeLink {
		flags |= flagLink
	}
	buf := binary.AppendUvarint(t.blob, uint64(len(name)))
	buf = append(buf, name...)
	buf = append(buf, flags)
	if flags&flagImplicit == 0 {
		buf = binary.AppendUvarint(buf, uint64(e.Mode))
		buf = binary.AppendUvarint(buf, uint64(e.UID))
		buf = binary.AppendUvarint(buf, uint64(e.GID))
		buf = binary.AppendUvarint(buf, e.Inode)
		buf = binary.AppendVarint(buf, e.Size)
		buf = binary.AppendVarint(buf, e.Mtime)
		// Differences wrap around for absurd times; adding back wraps
		// the same way, so the value read is still exact.
		buf = binary.AppendVarint(buf, e.Atime-e.Mtime)
		buf = binary.AppendVarint(buf, e.Ctime-e.Mtime)
		if flags&flagCrtime != 0 {
			buf = binary.AppendVarint(buf, e.Crtime-e.Mtime)
		}
		if flags&flagLink != 0 {
			buf = binary.AppendUvarint(buf, uint64(len(e.LinkTarget)))
			buf = append(buf, e.LinkTarget...)
		}
	}
	t.blob = buf
	return uint32(off), true
}

// finish adds the directories that only deeper paths imply, sorts, and
// drops repeated paths (keeping the first line, as the body file order is
// the collection order).
func (b *builder) finish() {
	t := b.t
	for k, v := range b.dirs {
		if v.seen {
			continue
		}
		off, ok := b.record(k.name, &bodyfile.Entry{}, flagImplicit)
		if !ok {
			t.info.Stopped = errBlobFull
			break
		}
		t.nodes = append(t.nodes, tnode{off: off, dir: k.parent, self: v.id})
	}
	b.dirs = nil
	slices.SortFunc(t.nodes, func(x, y tnode) int {
		if c := cmp.Compare(x.dir, y.dir); c != 0 {
			return c
		}
		if c := bytes.Compare(t.name(x.off), t.name(y.off)); c != 0 {
			return c
		}
		// Offsets grow with the line number: the first line comes first.
		return cmp.Compare(x.off, y.off)
	})
	out := t.nodes[:0]
	for i, n := range t.nodes {
		if i > 0 {
			p := out[len(out)-1]
			if p.dir == n.dir && bytes.Equal(t.name(p.off), t.name(n.off)) {
				if t.flags(n.off)&flagImplicit == 0 && t.flags(p.off)&flagImplicit == 0 {
					b.skip(fmt.Sprintf("%q: repeated path", truncate(string(t.name(n.off)), 200)))
				}
				// A directory implied by deeper paths but listed as something
				// else keeps what the listing says; its children become
				// unreachable, as they would be on a real file system.
				continue
			}
		}
		out = append(out, n)
	}
	t.nodes = slices.Clip(out)
	t.blob = slices.Clip(t.blob)
	t.info.Entries = len(t.nodes)
	t.info.Bytes = int64(cap(t.nodes))*12 + int64(cap(t.blob))
}

// name returns the name bytes of the record at off.
func (t *timeline) name(off uint32) []byte {
	n, k := binary.Uvarint(t.blob[off:])
	start := int(off) + k
	return t.blob[start : start+int(n)]
}

func (t *timeline) flags(off uint32) byte {
	n, k := binary.Uvarint(t.blob[off:])
	return t.blob[int(off)+k+int(n)]
}

// find returns the index of name in directory dir, or -1.
func (t *timeline) find(dir uint32, name string) int {
	nodes := t.nodes
	i := sort.Search(len(nodes), func(i int) bool {
		n := nodes[i]
		if n.dir != dir {
			return n.dir > dir
		}
		return string(t.name(n.off)) >= name
	})
	if i < len(nodes) && nodes[i].dir == dir && string(t.name(nodes[i].off)) == name {
		return i
	}
	return -1
}

// children returns the range of nodes in directory dir.
func (t *timeline) children(dir uint32) (lo, hi int) {
	lo = sort.Search(len(t.nodes), func(i int) bool { return t.nodes[i].dir >= dir })
	hi = lo + sort.Search(len(t.nodes)-lo, func(i int) bool { return t.nodes[lo+i].dir > dir })
	return lo, hi
}

// implicitDir is the metadata shown for a directory that is only implied by
// deeper paths: nothing is known of it but that it is a directory.
var implicitDir = targetfs.Stat{Mode: bodyfile.ModeDir | 0o755}

// stat decodes the metadata and link target of the record at off.
func (t *timeline) stat(off uint32) (targetfs.Stat, string) {
	p := t.blob[off:]
	n, k := binary.Uvarint(p)
	p = p[k+int(n):]
	flags := p[0]
	p = p[1:]
	if flags&flagImplicit != 0 {
		return implicitDir, ""
	}
	u := func() uint64 {
		v, k := binary.Uvarint(p)
		p = p[k:]
		return v
	}
	s := func() int64 {
		v, k := binary.Varint(p)
		p = p[k:]
		return v
	}
	var st targetfs.Stat
	st.Mode = uint32(u())
	st.UID = uint32(u())
	st.GID = uint32(u())
	st.Ino = u()
	st.Size = s()
	mtime := s()
	st.Mtime = unixTime(mtime)
	st.Atime = unixTime(mtime + s())
	st.Ctime = unixTime(mtime + s())
	if flags&flagCrtime != 0 {
		st.Btime = unixTime(mtime + s())
	}
	link := ""
	if flags&flagLink != 0 {
		n := u()
		link = string(p[:n])
	}
	return st, link
}

func unixTime(sec int64) time.Time { return time.Unix(sec, 0).UTC() }
