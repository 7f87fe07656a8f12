// Package targetfs reads a target's file system — the live "/" or a mounted
// image — without changing it and without ever leaving it.
//
// The target is hostile and is evidence. So every name is resolved component
// by component from a directory descriptor of the root, as if chrooted: an
// absolute symbolic link or a ".." is resolved inside the root, never on the
// analysis host. Files are opened read-only with O_NOATIME (reading must not
// update access times) and O_NONBLOCK, and only after lstat shows a regular
// file: opening a FIFO would hang and opening a device can have side effects.
// Directory listings use descriptors opened with O_NOATIME too, because
// getdents updates a directory's access time otherwise.
package targetfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// ErrNotRegular is returned when asked to open something that is not a
// regular file or a directory (a FIFO, socket or device).
var ErrNotRegular = errors.New("not a regular file")

// MaxLinks bounds the symbolic links followed while resolving one name, as
// the kernel's ELOOP limit does.
const MaxLinks = 40

// FS is a read-only view of a directory tree taken as a target's root.
// It implements fs.FS, fs.StatFS, fs.ReadDirFS, fs.ReadFileFS and
// fs.ReadLinkFS with names relative to the target root ("etc/passwd").
type FS struct {
	dir      string
	rootfd   int
	readOnly bool
	// StrictAtime makes opens fail rather than fall back to an open that may
	// update the access time, when O_NOATIME is not permitted (a non-root
	// user reading another user's file).
	StrictAtime bool
	// OnAtimeRisk, if set, is called with the name of each file or directory
	// opened without O_NOATIME, so the caller can record it.
	OnAtimeRisk func(name string)
}

// Open opens the directory dir as a target root.
func Open(dir string) (*FS, error) {
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open root", Path: dir, Err: err}
	}
	return &FS{dir: dir, rootfd: fd}, nil
}

// OpenReadOnly opens dir through a private, read-only copy of its mount
// tree, so that the kernel itself refuses any write and updates no access
// time. O_NOATIME covers files and directories but nothing covers symbolic
// links: readlink(2) and every path walk through a link update the link's
// access time on relatime mounts. A read-only mount does not.
//
// The copy is made with open_tree(2) (OPEN_TREE_CLONE, recursive) and
// mount_setattr(2): it is attached nowhere, invisible to every other process
// and dissolved when the FS is closed. It needs Linux 5.12 and CAP_SYS_ADMIN;
// otherwise the plain FS is returned with viewErr saying why.
func OpenReadOnly(dir string) (f *FS, viewErr error, err error) {
	fd, terr := unix.OpenTree(unix.AT_FDCWD, dir, unix.OPEN_TREE_CLONE|unix.OPEN_TREE_CLOEXEC|unix.AT_RECURSIVE)
	if terr == nil {
		attr := unix.MountAttr{Attr_set: unix.MOUNT_ATTR_RDONLY | unix.MOUNT_ATTR_NOATIME, Attr_clr: unix.MOUNT_ATTR__ATIME}
		if terr = unix.MountSetattr(fd, "", unix.AT_EMPTY_PATH|unix.AT_RECURSIVE, &attr); terr == nil {
			return &FS{dir: dir, rootfd: fd, readOnly: true}, nil, nil
		}
		unix.Close(fd)
		terr = fmt.Errorf("mount_setattr: %w", terr)
	} else {
		terr = fmt.Errorf("open_tree: %w", terr)
	}
	f, err = Open(dir)
	return f, terr, err
}

// ReadOnly reports whether the FS reads through a private read-only mount.
func (f *FS) ReadOnly() bool { return f.readOnly }

// Dir returns the directory the FS was opened on.
func (f *FS) Dir() string { return f.dir }

// Close releases the root descriptor.
func (f *FS) Close() error { return unix.Close(f.rootfd) }

// Stat is the metadata of one file, as the target's kernel reports it.
type Stat struct {
	Dev, Ino uint64
	Mode     uint32 // st_mode: type and permission bits
	Nlink    uint64
	UID, GID uint32
	Rdev     uint64
	Size     int64
	Blocks   int64
	Atime    time.Time
	Mtime    time.Time
	Ctime    time.Time
	Btime    time.Time // birth (creation) time; zero when the file system or kernel does not tell
	// Attributes from statx: immutable and append-only flags.
	Immutable, AppendOnly bool
}

// IsRegular reports a regular file.
func (s *Stat) IsRegular() bool { return s.Mode&unix.S_IFMT == unix.S_IFREG }

// IsDir reports a directory.
func (s *Stat) IsDir() bool { return s.Mode&unix.S_IFMT == unix.S_IFDIR }

// IsSymlink reports a symbolic link.
func (s *Stat) IsSymlink() bool { return s.Mode&unix.S_IFMT == unix.S_IFLNK }

// FileMode converts st_mode to an fs.FileMode.
func (s *Stat) FileMode() fs.FileMode { return UnixMode(s.Mode) }

// UnixMode converts st_mode to an fs.FileMode.
func UnixMode(m uint32) fs.FileMode {
	mode := fs.FileMode(m & 0o777)
	switch m & unix.S_IFMT {
	case unix.S_IFDIR:
		mode |= fs.ModeDir
	case unix.S_IFLNK:
		mode |= fs.ModeSymlink
	case unix.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case unix.S_IFSOCK:
		mode |= fs.ModeSocket
	case unix.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		mode |= fs.ModeDevice
	}
	if m&unix.S_ISUID != 0 {
		mode |= fs.ModeSetuid
	}
	if m&unix.S_ISGID != 0 {
		mode |= fs.ModeSetgid
	}
	if m&unix.S_ISVTX != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}

// FileInfo adapts a Stat to fs.FileInfo; Sys returns the *Stat.
type FileInfo struct {
	Base string
	St   Stat
}

// Name returns the base name.
func (fi *FileInfo) Name() string { return fi.Base }

// Size returns the size in bytes.
func (fi *FileInfo) Size() int64 { return fi.St.Size }

// Mode returns the file mode.
func (fi *FileInfo) Mode() fs.FileMode { return fi.St.FileMode() }

// ModTime returns the modification time.
func (fi *FileInfo) ModTime() time.Time { return fi.St.Mtime }

// IsDir reports a directory.
func (fi *FileInfo) IsDir() bool { return fi.St.IsDir() }

// Sys returns the *Stat.
func (fi *FileInfo) Sys() any { return &fi.St }

// StatOf returns the Stat behind a FileInfo from this package, or nil.
func StatOf(fi fs.FileInfo) *Stat {
	if fi == nil {
		return nil
	}
	st, _ := fi.Sys().(*Stat)
	return st
}

var noStatx atomic.Bool

// statAt stats name relative to dirfd without following a final symlink.
// An empty name stats dirfd itself.
func statAt(dirfd int, name string) (Stat, error) {
	flags := unix.AT_SYMLINK_NOFOLLOW
	if name == "" {
		flags |= unix.AT_EMPTY_PATH
	}
	if !noStatx.Load() {
		var sx unix.Statx_t
		err := unix.Statx(dirfd, name, flags|unix.AT_STATX_DONT_SYNC, unix.STATX_BASIC_STATS|unix.STATX_BTIME, &sx)
		if err == nil {
			st := Stat{
				Dev:   unix.Mkdev(sx.Dev_major, sx.Dev_minor),
				Ino:   sx.Ino,
				Mode:  uint32(sx.Mode),
				Nlink: uint64(sx.Nlink),
				UID:   sx.Uid, GID: sx.Gid,
				Rdev:   unix.Mkdev(sx.Rdev_major, sx.Rdev_minor),
				Size:   int64(sx.Size),
				Blocks: int64(sx.Blocks),
				Atime:  sxTime(sx.Atime), Mtime: sxTime(sx.Mtime), Ctime: sxTime(sx.Ctime),
				Immutable:  sx.Attributes&unix.STATX_ATTR_IMMUTABLE != 0,
				AppendOnly: sx.Attributes&unix.STATX_ATTR_APPEND != 0,
			}
			if sx.Mask&unix.STATX_BTIME != 0 {
				st.Btime = sxTime(sx.Btime)
			}
			return st, nil
		}
		if err != unix.ENOSYS {
			return Stat{}, err
		}
		noStatx.Store(true) // kernels before 4.11
	}
	var s unix.Stat_t
	if err := unix.Fstatat(dirfd, name, &s, flags); err != nil {
		return Stat{}, err
	}
	return Stat{
		Dev: s.Dev, Ino: s.Ino, Mode: s.Mode, Nlink: uint64(s.Nlink), UID: s.Uid, GID: s.Gid,
		Rdev: s.Rdev, Size: s.Size, Blocks: s.Blocks,
		Atime: time.Unix(s.Atim.Unix()).UTC(), Mtime: time.Unix(s.Mtim.Unix()).UTC(), Ctime: time.Unix(s.Ctim.Unix()).UTC(),
	}, nil
}

func sxTime(t unix.StatxTimestamp) time.Time { return time.Unix(t.Sec, int64(t.Nsec)).UTC() }

// resolved is the outcome of resolving a name: the directory holding the
// final component, that component ("" when the name is a directory reached
// through ".." or a link to a directory), and the canonical path.
type resolved struct {
	dirfd int
	owned bool
	base  string
	canon string
}

func (r *resolved) close() {
	if r.owned {
		unix.Close(r.dirfd)
	}
}

// validName is fs.ValidPath without its UTF-8 rule: Linux names are bytes,
// and a name in invalid UTF-8 is exactly what an attacker would use.
func validName(name string) bool {
	if name == "." {
		return true
	}
	if strings.IndexByte(name, 0) >= 0 {
		return false
	}
	for _, el := range strings.Split(name, "/") {
		if el == "" || el == "." || el == ".." {
			return false
		}
	}
	return true
}

func splitName(name string) []string {
	if name == "." || name == "" {
		return nil
	}
	return strings.Split(name, "/")
}

// resolve walks name inside the root. Symbolic links in intermediate
// components are followed with the root as "/", and so is the final one when
// followLast is set.
func (f *FS) resolve(op, name string, followLast bool) (*resolved, error) {
	if !validName(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	type level struct {
		fd   int
		name string
	}
	var stack []level
	closeAll := func() {
		for _, l := range stack {
			unix.Close(l.fd)
		}
		stack = nil
	}
	cur := func() int {
		if len(stack) == 0 {
			return f.rootfd
		}
		return stack[len(stack)-1].fd
	}
	canon := func(last string) string {
		parts := make([]string, 0, len(stack)+1)
		for _, l := range stack {
			parts = append(parts, l.name)
		}
		if last != "" {
			parts = append(parts, last)
		}
		if len(parts) == 0 {
			return "."
		}
		return strings.Join(parts, "/")
	}
	// finish hands over the top of the stack as the directory.
	finish := func(base string) *resolved {
		r := &resolved{dirfd: cur(), base: base, canon: canon(base)}
		if len(stack) > 0 {
			r.owned = true
			for _, l := range stack[:len(stack)-1] {
				unix.Close(l.fd)
			}
		}
		return r
	}
	fail := func(err error) (*resolved, error) {
		closeAll()
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	comps := splitName(name)
	links := 0
	for len(comps) > 0 {
		c := comps[0]
		comps = comps[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if n := len(stack); n > 0 {
				unix.Close(stack[n-1].fd)
				stack = stack[:n-1]
			}
			continue
		}
		last := len(comps) == 0
		if last && !followLast {
			return finish(c), nil
		}
		st, err := statAt(cur(), c)
		if err != nil {
			if last && err == unix.ENOENT {
				return finish(c), nil // let the operation report ENOENT
			}
			return fail(err)
		}
		if st.IsSymlink() {
			links++
			if links > MaxLinks {
				return fail(unix.ELOOP)
			}
			target, err := readlinkAt(cur(), c)
			if err != nil {
				return fail(err)
			}
			if strings.HasPrefix(target, "/") {
				closeAll()
			}
			comps = append(strings.Split(target, "/"), comps...)
			continue
		}
		if last {
			return finish(c), nil
		}
		if !st.IsDir() {
			return fail(unix.ENOTDIR)
		}
		fd, err := unix.Openat(cur(), c, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err != nil {
			return fail(err)
		}
		stack = append(stack, level{fd, c})
	}
	return finish(""), nil
}

func readlinkAt(dirfd int, name string) (string, error) {
	for size := 256; ; size *= 2 {
		buf := make([]byte, size)
		n, err := unix.Readlinkat(dirfd, name, buf)
		if err != nil {
			return "", err
		}
		if n < size {
			return string(buf[:n]), nil
		}
		if size >= 1<<16 {
			return "", unix.ENAMETOOLONG
		}
	}
}

func (r *resolved) stat() (Stat, error) { return statAt(r.dirfd, r.base) }

// Resolve returns the canonical name of name inside the root, with every
// symbolic link followed.
func (f *FS) Resolve(name string) (string, error) {
	r, err := f.resolve("resolve", name, true)
	if err != nil {
		return "", err
	}
	defer r.close()
	return r.canon, nil
}

// Lstat returns the metadata of name without following a final link.
func (f *FS) Lstat(name string) (fs.FileInfo, error) { return f.statInfo("lstat", name, false) }

// Stat returns the metadata of name, following links inside the root.
func (f *FS) Stat(name string) (fs.FileInfo, error) { return f.statInfo("stat", name, true) }

func (f *FS) statInfo(op, name string, follow bool) (fs.FileInfo, error) {
	r, err := f.resolve(op, name, follow)
	if err != nil {
		return nil, err
	}
	defer r.close()
	st, err := r.stat()
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	// io/fs convention: the base of the name asked for, also through a link.
	return &FileInfo{Base: path.Base(name), St: st}, nil
}

// ReadLink returns the target of the symbolic link name, as stored.
func (f *FS) ReadLink(name string) (string, error) {
	r, err := f.resolve("readlink", name, false)
	if err != nil {
		return "", err
	}
	defer r.close()
	if r.base == "" {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: unix.EINVAL}
	}
	t, err := readlinkAt(r.dirfd, r.base)
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	return t, nil
}

func (f *FS) openFlags(name string, dirfd int, base string, extra int) (int, error) {
	flags := unix.O_RDONLY | unix.O_NOFOLLOW | unix.O_NONBLOCK | unix.O_CLOEXEC | extra
	if base == "" {
		base = "."
	}
	fd, err := unix.Openat(dirfd, base, flags|unix.O_NOATIME, 0)
	if err == unix.EPERM && !f.StrictAtime {
		// O_NOATIME needs ownership or CAP_FOWNER. Most mounts are relatime,
		// so a plain read rarely changes the time, but the caller records it.
		fd, err = unix.Openat(dirfd, base, flags, 0)
		if err == nil && f.OnAtimeRisk != nil {
			f.OnAtimeRisk(name)
		}
	}
	return fd, err
}

// OpenFile opens the regular file name (following links inside the root)
// for reading and returns it with its metadata. Anything but a regular file
// gives ErrNotRegular without being opened.
func (f *FS) OpenFile(name string) (*os.File, *Stat, error) {
	r, err := f.resolve("open", name, true)
	if err != nil {
		return nil, nil, err
	}
	defer r.close()
	pre, err := r.stat()
	if err != nil {
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if !pre.IsRegular() {
		return nil, &pre, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	fd, err := f.openFlags(name, r.dirfd, r.base, 0)
	if err != nil {
		return nil, &pre, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	// The name may have been swapped between lstat and open.
	st, err := statAt(fd, "")
	if err != nil || !st.IsRegular() || st.Ino != pre.Ino || st.Dev != pre.Dev {
		unix.Close(fd)
		if err == nil {
			err = errors.New("file replaced while opening")
		}
		return nil, &pre, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	// Reads of a regular file never block; clear O_NONBLOCK for tidiness.
	_ = unix.SetNonblock(fd, false)
	return os.NewFile(uintptr(fd), "/"+r.canon), &st, nil
}

// Open implements fs.FS: regular files and directories only.
func (f *FS) Open(name string) (fs.File, error) {
	fi, err := f.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return f.openDir(name)
	}
	file, _, err := f.OpenFile(name)
	if err != nil {
		return nil, err
	}
	return file, nil
}

// ReadFile implements fs.ReadFileFS.
func (f *FS) ReadFile(name string) ([]byte, error) {
	file, st, err := f.OpenFile(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	b := make([]byte, 0, st.Size+1)
	for {
		n, err := file.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// dirFile is an open directory of the target.
type dirFile struct {
	f    *os.File
	fs   *FS
	name string
	st   Stat
}

func (f *FS) openDir(name string) (*dirFile, error) {
	r, err := f.resolve("open", name, true)
	if err != nil {
		return nil, err
	}
	defer r.close()
	fd, err := f.openFlags(name, r.dirfd, r.base, unix.O_DIRECTORY)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	st, err := statAt(fd, "")
	if err != nil {
		unix.Close(fd)
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	return &dirFile{f: os.NewFile(uintptr(fd), "/"+r.canon), fs: f, name: name, st: st}, nil
}

func (d *dirFile) Stat() (fs.FileInfo, error) {
	return &FileInfo{Base: path.Base(d.name), St: d.st}, nil
}
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: syscall.EISDIR}
}
func (d *dirFile) Close() error { return d.f.Close() }

// ReadDir returns entries with their metadata read relative to the open
// directory, never by path.
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	ents, err := d.f.ReadDir(n)
	out := make([]fs.DirEntry, 0, len(ents))
	for _, e := range ents {
		st, serr := statAt(int(d.f.Fd()), e.Name())
		if serr != nil {
			continue // vanished between getdents and stat
		}
		out = append(out, fs.FileInfoToDirEntry(&FileInfo{Base: e.Name(), St: st}))
	}
	return out, err
}

// ReadDir implements fs.ReadDirFS; entries are sorted by name.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	d, err := f.openDir(name)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	ents, err := d.ReadDir(-1)
	sort.Slice(ents, func(i, j int) bool { return ents[i].Name() < ents[j].Name() })
	if err != nil {
		return ents, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	return ents, nil
}

// String describes the FS for messages.
func (f *FS) String() string { return fmt.Sprintf("target root %s", f.dir) }
