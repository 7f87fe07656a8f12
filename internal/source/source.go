// Package source is what every analyzer reads: a target's file system and
// its volatile state, behind one interface, whether the target is the live
// host, a mounted disk image or an evidence bundle collected earlier.
//
// Analyzers never touch the operating system directly. They take a Source,
// read files through io/fs with names relative to the target's root
// ("etc/passwd", "." for "/"), and ask Volatile for the processes, sockets
// and mounts. So the same analysis runs on a suspect host, offline on a copy
// of its disk, and on the server for an uploaded bundle, and every analyzer
// can be tested on a fixture root in a temporary directory.
//
// All kinds agree on the details analyzers depend on:
//
//   - FileInfo.Sys() is a *targetfs.Stat (owner, inode, the four times with
//     the birth time, st_mode), so analyzers can reason about timestamps and
//     ownership the same way everywhere.
//   - FileInfo.Name() is the base of the name asked for, also when a link was
//     followed (the io/fs and os convention).
//   - Symbolic links resolve inside the target root as if chrooted: an
//     absolute target starts at the target's "/", ".." stops at the root, and
//     more than targetfs.MaxLinks links give ELOOP. A hostile link can never
//     lead an analyzer onto the analysis host.
//
// A bundle holds the content of only the files that were collected, but its
// file-system timeline (a body file) lists every file of the target. So in a
// bundle a file can exist, with its metadata, directory entry and link
// target, without content: opening it gives an error wrapping
// ErrNotCollected, which is deliberately not fs.ErrNotExist, because "the
// file is not there" and "we did not copy it" lead an analyst to different
// conclusions.
package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/yingji/yingji/internal/bundle"
	"github.com/yingji/yingji/internal/snapshot"
)

// Kind says what a Source reads.
type Kind string

// The kinds of Source.
const (
	KindLive   Kind = "live"   // the running host: its root and /proc
	KindImage  Kind = "image"  // a mounted disk image or any directory: files only
	KindBundle Kind = "bundle" // an evidence bundle written by yingji collect
)

// Source is a read-only target: its file system, with names relative to the
// target root, and its volatile state. Implementations are safe for
// concurrent use, so analyzers can run in parallel over one Source.
type Source interface {
	fs.FS
	fs.StatFS
	fs.ReadDirFS
	fs.ReadFileFS
	fs.ReadLinkFS

	// Resolve returns the canonical name of name with every symbolic link
	// followed inside the target root (merged /usr, alternatives, linked
	// directories).
	Resolve(name string) (string, error)
	// Kind says what the Source reads.
	Kind() Kind
	// Describe names the Source for people, in reports and messages:
	// "live host NAME", "image DIR" or "bundle FILE (collected TIME from
	// HOST, complete)".
	Describe() string
	// Volatile returns the volatile state: taken once from /proc on a live
	// host (and then reused, so all analyzers see the same moment), or the
	// snapshot stored at collection time in a bundle. It returns an error
	// wrapping ErrNoVolatile when there is none. The snapshot is shared:
	// callers must not modify it.
	Volatile(ctx context.Context) (*snapshot.Snapshot, error)
	// Close releases the Source's descriptors.
	Close() error
}

// Collected is implemented by Sources that hold copies of files rather than
// the files themselves (a bundle). Entry returns the manifest entry of the
// copy that reading name gives, or nil when there is none, so that an
// analyzer can tell that what it read is truncated (Truncated, Offset),
// redacted (Redacted) or changed while it was being copied (Changed), and
// word its findings accordingly.
type Collected interface {
	Entry(name string) *bundle.Entry
}

var (
	// ErrNoVolatile means the Source has no volatile state: a disk image,
	// or a bundle collected without a snapshot (not from a live host).
	ErrNoVolatile = errors.New("no volatile state: not a live host, and no snapshot was collected")
	// ErrNotCollected means the file exists on the target (the bundle's
	// timeline or manifest lists it) but its content is not in the bundle.
	// It does not match fs.ErrNotExist.
	ErrNotCollected = errors.New("file exists on the target but its content was not collected")
	// ErrTooLarge is wrapped by ReadFileLimit's error for a file over the
	// limit.
	ErrTooLarge = errors.New("file larger than the limit")
)

// ReadFileLimit reads the whole file name from src, but at most limit bytes:
// a bigger file gives its first limit bytes and an error wrapping ErrTooLarge.
// Analyzers use it instead of fs.ReadFile because target files are hostile
// and one huge file must not exhaust the analysis host's memory. The size
// reported by Stat is only used as a hint: it can be wrong (files in /proc,
// a file growing, a copy shorter than the original).
func ReadFileLimit(src fs.FS, name string, limit int64) ([]byte, error) {
	if limit < 0 {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("%w: negative limit", fs.ErrInvalid)}
	}
	f, err := src.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	hint := int64(0)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		hint = fi.Size()
	}
	// Preallocate what the file claims, but never much: the claim is hostile.
	hint = min(max(hint, 0), limit, 16<<20)
	buf := make([]byte, 0, hint+1)
	lr := io.LimitReader(f, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return buf, wrapRead(name, err)
		}
	}
	if int64(len(buf)) > limit {
		return buf[:limit], &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("%w of %d bytes", ErrTooLarge, limit)}
	}
	return buf, nil
}

func wrapRead(name string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return err
	}
	return &fs.PathError{Op: "read", Path: name, Err: err}
}
