package source

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sync"

	"github.com/yingji/yingji/internal/snapshot"
	"github.com/yingji/yingji/internal/targetfs"
)

// MaxTargetFile bounds the target files the live snapshot reads itself
// (os-release, machine-id, resolv.conf, utmp), as snapshot.Take's own
// default reader does.
const MaxTargetFile = 1 << 20

// dirSource is a Source over a directory: the live "/" or a mounted image.
// Everything goes through targetfs, which reads without changing the
// target (O_NOATIME, no opening of FIFOs or devices) and resolves names as
// if chrooted.
type dirSource struct {
	fsys *targetfs.FS
	root string
	live bool
	host string // name of the running host, for Describe

	mu   sync.Mutex
	snap *snapshot.Snapshot
}

// OpenDir opens the directory root as a Source. With live set, root is the
// file system of the running host (normally "/") and Volatile reads this
// host's /proc and /sys; otherwise root is an image and has no volatile
// state.
func OpenDir(root string, live bool) (Source, error) {
	fsys, err := targetfs.Open(root)
	if err != nil {
		return nil, fmt.Errorf("source: %w", err)
	}
	d := &dirSource{fsys: fsys, root: root, live: live}
	if live {
		d.host, _ = os.Hostname()
	}
	return d, nil
}

func (d *dirSource) Kind() Kind {
	if d.live {
		return KindLive
	}
	return KindImage
}

func (d *dirSource) Describe() string {
	if d.live {
		return "live host " + d.host
	}
	return "image " + d.root
}

// Volatile takes the snapshot on first use and keeps it: every analyzer of a
// run must see the same moment, and a snapshot (hashing every running
// executable) is too costly to repeat. A snapshot cut short by ctx is
// returned with ctx's error but not kept, so a later call takes a full one.
func (d *dirSource) Volatile(ctx context.Context) (*snapshot.Snapshot, error) {
	if !d.live {
		return nil, ErrNoVolatile
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.snap != nil {
		return d.snap, nil
	}
	snap, err := snapshot.Take(ctx, snapshot.Options{
		// Target files are read through the root, never by host path, so
		// a live source over a container root reads that root's files.
		ReadTargetFile:  func(name string) ([]byte, error) { return ReadFileLimit(d, name, MaxTargetFile) },
		HashExecutables: true,
	})
	if err != nil {
		return snap, fmt.Errorf("source: volatile state: %w", err)
	}
	d.snap = snap
	return snap, nil
}

func (d *dirSource) Close() error { return d.fsys.Close() }

// info rebuilds a FileInfo under the base of the name asked for: targetfs
// names it after the resolved file, which would make Stat of a link to a
// directory disagree with Open(link).Stat().
func info(name string, fi fs.FileInfo) fs.FileInfo {
	st := targetfs.StatOf(fi)
	if st == nil {
		return fi
	}
	return &targetfs.FileInfo{Base: path.Base(name), St: *st}
}

func (d *dirSource) Stat(name string) (fs.FileInfo, error) {
	fi, err := d.fsys.Stat(name)
	if err != nil {
		return nil, err
	}
	return info(name, fi), nil
}

func (d *dirSource) Lstat(name string) (fs.FileInfo, error) {
	fi, err := d.fsys.Lstat(name)
	if err != nil {
		return nil, err
	}
	return info(name, fi), nil
}

func (d *dirSource) ReadLink(name string) (string, error) { return d.fsys.ReadLink(name) }

func (d *dirSource) ReadDir(name string) ([]fs.DirEntry, error) { return d.fsys.ReadDir(name) }

func (d *dirSource) ReadFile(name string) ([]byte, error) { return d.fsys.ReadFile(name) }

// Open opens a regular file or a directory. A regular file comes back as a
// hostFile, whose Stat gives a *targetfs.Stat like everything else here
// (the *os.File targetfs returns would give a *syscall.Stat_t).
func (d *dirSource) Open(name string) (fs.File, error) {
	fi, err := d.fsys.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return d.fsys.Open(name)
	}
	f, st, err := d.fsys.OpenFile(name)
	if err != nil {
		return nil, err
	}
	return &hostFile{f: f, fi: &targetfs.FileInfo{Base: path.Base(name), St: *st}}, nil
}

// hostFile is an open regular file of a directory source. It offers ReadAt
// and Seek because scanners (YARA, archive readers) want random access.
type hostFile struct {
	f  *os.File
	fi *targetfs.FileInfo
}

func (h *hostFile) Stat() (fs.FileInfo, error)                { return h.fi, nil }
func (h *hostFile) Read(p []byte) (int, error)                { return h.f.Read(p) }
func (h *hostFile) ReadAt(p []byte, off int64) (int, error)   { return h.f.ReadAt(p, off) }
func (h *hostFile) Seek(off int64, whence int) (int64, error) { return h.f.Seek(off, whence) }
func (h *hostFile) Close() error                              { return h.f.Close() }

// Resolve returns the canonical name of name, with every link followed
// inside the target root.
func (d *dirSource) Resolve(name string) (string, error) { return d.fsys.Resolve(name) }
