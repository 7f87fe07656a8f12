package yara

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// TreeOptions tune ScanTree.
type TreeOptions struct {
	// Recursive descends into subdirectories (yara -r); otherwise only
	// the files directly in a directory are scanned.
	Recursive bool
	// Workers is the number of files scanned in parallel (yara -p); 0
	// means the number of CPUs.
	Workers int
	// MaxScanSize bounds the bytes read of one file; 0 means
	// DefaultMaxScanSize. A larger file is scanned over its beginning
	// and reported with ErrTruncated.
	MaxScanSize int64
	// Scan are the options of each file's scan.
	Scan ScanOptions
}

// FileResult is the outcome of scanning one file. Err is set when the
// file could not be read (Result nil), when the time budget ran out
// (ErrTimeout, Result partial) or when it was truncated (ErrTruncated).
type FileResult struct {
	Path   string
	Result *Result
	Err    error
}

// ScanTree scans a file, or the regular files of a directory, calling fn
// (from one goroutine at a time) with each result as it completes.
// Symbolic links are not followed (yara's -N): a link could lead outside
// the tree or into a loop, and its target is scanned where it lives.
// Directories that cannot be read are reported through fn with Err set.
func (r *Rules) ScanTree(ctx context.Context, root string, opts TreeOptions, fn func(FileResult)) error {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	fi, err := os.Lstat(root)
	if err != nil {
		return err
	}
	var mu sync.Mutex
	emit := func(fr FileResult) {
		mu.Lock()
		defer mu.Unlock()
		fn(fr)
	}
	paths := make(chan string, 4*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := r.NewScanner()
			var buf []byte
			for p := range paths {
				emit(s.scanPath(p, &buf, opts))
			}
		}()
	}
	var walkErr error
	switch {
	case fi.Mode().IsRegular():
		paths <- root
	case fi.IsDir():
		walkErr = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil {
				emit(FileResult{Path: p, Err: err})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if p != root && !opts.Recursive {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				paths <- p
			}
			return nil
		})
	default:
		walkErr = errors.New(root + ": not a regular file or directory")
	}
	close(paths)
	wg.Wait()
	return walkErr
}

// scanPath reads and scans one file, reusing *buf (dropped after a huge
// file so that one large file does not pin its size for the whole walk).
// The file is opened and read once: a large one is read up to HeadSize
// first, and read further only when Probe cannot rule it out (a rule set
// gated by size and header often needs nothing more of it).
func (s *Scanner) scanPath(p string, buf *[]byte, opts TreeOptions) FileResult {
	limit := opts.MaxScanSize
	if limit <= 0 {
		limit = DefaultMaxScanSize
	}
	f, size, err := openFile(p)
	if err != nil {
		return FileResult{Path: p, Err: err}
	}
	defer f.Close()
	so := opts.Scan
	data := (*buf)[:0]
	if size > HeadSize && !so.Negate {
		if data, err = readMore(f, data, HeadSize); err != nil {
			return FileResult{Path: p, Err: err}
		}
		if s.Probe(data, size) {
			*buf = data[:0]
			return FileResult{Path: p, Result: &Result{}}
		}
	}
	if data, err = readMore(f, data, min(size, limit)); err != nil {
		return FileResult{Path: p, Err: err}
	}
	if cap(data) <= 64<<20 {
		*buf = data[:0]
	} else {
		*buf = nil
	}
	so.Size = max(size, int64(len(data)))
	res, err := s.Scan(data, &so)
	if err == nil && so.Size > int64(len(data)) {
		err = ErrTruncated
	}
	return FileResult{Path: p, Result: res, Err: err}
}
