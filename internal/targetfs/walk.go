package targetfs

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"sort"

	"golang.org/x/sys/unix"
)

// WalkFunc is called for every entry of a walk, directories before their
// contents. name is relative to the target root ("." for the root). When err
// is not nil, st may be nil and the entry could not be read (a directory that
// could not be listed is reported again with the listing error). Returning
// fs.SkipDir for a directory skips its contents; any other error stops the walk.
type WalkFunc func(name string, st *Stat, err error) error

// WalkOptions bound a walk.
type WalkOptions struct {
	// MaxDepth bounds the directory nesting descended into (default 256); a
	// deeper directory is reported with ErrTooDeep and not listed. Each level
	// holds one open descriptor.
	MaxDepth int
	// Batch is how many names are read from a directory at a time (default
	// 4096), so a directory with millions of entries does not need them all
	// in memory at once.
	Batch int
}

// ErrTooDeep is reported for directories below WalkOptions.MaxDepth.
var ErrTooDeep = errors.New("directory nesting too deep; not descended")

// Walk visits the tree under start without following symbolic links (start
// itself is resolved inside the root). Directories are opened with O_NOATIME
// and read relative to their parent's descriptor, so a rename or a symlink
// swapped in during the walk cannot lead it outside the tree.
func (f *FS) Walk(ctx context.Context, start string, opt WalkOptions, fn WalkFunc) error {
	if opt.MaxDepth <= 0 {
		opt.MaxDepth = 256
	}
	if opt.Batch <= 0 {
		opt.Batch = 4096
	}
	r, err := f.resolve("walk", start, true)
	if err != nil {
		return fn(start, nil, err)
	}
	st, err := r.stat()
	if err != nil {
		r.close()
		return fn(r.canon, nil, err)
	}
	if err := fn(r.canon, &st, nil); err != nil || !st.IsDir() {
		r.close()
		if errors.Is(err, fs.SkipDir) {
			return nil
		}
		return err
	}
	fd, err := f.openFlags(r.canon, r.dirfd, r.base, unix.O_DIRECTORY)
	r.close()
	if err != nil {
		return ignoreSkip(fn(r.canon, &st, err))
	}
	w := &walker{fs: f, ctx: ctx, opt: opt, fn: fn}
	return ignoreSkip(w.dir(fd, r.canon, 1))
}

func ignoreSkip(err error) error {
	if errors.Is(err, fs.SkipDir) {
		return nil
	}
	return err
}

type walker struct {
	fs  *FS
	ctx context.Context
	opt WalkOptions
	fn  WalkFunc
}

func join(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

// dir lists the open directory fd (taking ownership of it), reports each
// entry and then descends into the subdirectories.
func (w *walker) dir(fd int, name string, depth int) error {
	d := os.NewFile(uintptr(fd), "/"+name)
	defer d.Close()
	var subdirs []string
	for {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		ents, rerr := d.ReadDir(w.opt.Batch)
		sort.Slice(ents, func(i, j int) bool { return ents[i].Name() < ents[j].Name() })
		for _, e := range ents {
			child := join(name, e.Name())
			st, err := statAt(fd, e.Name())
			if err != nil {
				if err == unix.ENOENT {
					continue // removed after the listing
				}
				if err := w.fn(child, nil, err); err != nil && !errors.Is(err, fs.SkipDir) {
					return err
				}
				continue
			}
			err = w.fn(child, &st, nil)
			if errors.Is(err, fs.SkipDir) {
				continue
			}
			if err != nil {
				return err
			}
			if st.IsDir() {
				subdirs = append(subdirs, e.Name())
			}
		}
		if rerr != nil {
			if rerr == io.EOF {
				break
			}
			if err := w.fn(name, nil, rerr); err != nil && !errors.Is(err, fs.SkipDir) {
				return err
			}
			break
		}
		if len(ents) == 0 {
			break
		}
	}
	sort.Strings(subdirs)
	for _, s := range subdirs {
		child := join(name, s)
		if depth >= w.opt.MaxDepth {
			if err := w.fn(child, nil, ErrTooDeep); err != nil && !errors.Is(err, fs.SkipDir) {
				return err
			}
			continue
		}
		cfd, err := w.fs.openFlags(child, fd, s, unix.O_DIRECTORY)
		if err != nil {
			if err == unix.ENOENT {
				continue
			}
			if err := w.fn(child, nil, err); err != nil && !errors.Is(err, fs.SkipDir) {
				return err
			}
			continue
		}
		if err := w.dir(cfd, child, depth+1); err != nil {
			return err
		}
	}
	return nil
}
