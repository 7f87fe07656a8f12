// Package webshell finds webshells in web sites: it decides each file's
// language by its content (shells hide in .jpg, .txt and .ico files), runs
// the analysis of that language (internal/webshell/php and its siblings),
// and turns what they detect into findings that explain themselves: the
// input source, each decoding step and the dangerous operation, with lines
// and excerpts.
//
// Scanning is built for a hosting server with hundreds of thousands of
// files: files are read once, in parallel, without following symbolic
// links, through the read-only Source file systems (no access-time change);
// every file's analysis is bounded in time and memory, and a file larger
// than MaxFileSize is analysed over its first MaxFileSize-TailSize bytes
// and its last TailSize bytes (where appended payloads sit), which the
// result records.
package webshell

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"path"
	"runtime"
	"sync"

	"github.com/yingji/yingji/internal/webshell/asp"
	"github.com/yingji/yingji/internal/webshell/aspx"
	"github.com/yingji/yingji/internal/webshell/jsp"
	"github.com/yingji/yingji/internal/webshell/lang"
	"github.com/yingji/yingji/internal/webshell/php"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

// Bounds of one file's analysis.
const (
	MaxFileSize = 8 << 20 // bytes analysed per file
	TailSize    = 1 << 20 // of which from the end of a larger file
)

// Analyzer is the analysis of one language, for a goal (see
// verdict.Goal).
type Analyzer func(src []byte, goal verdict.Goal) []verdict.Detection

// analyzers maps languages to their analysis.
var analyzers = map[lang.Lang]Analyzer{
	lang.PHP:  php.AnalyzeFor,
	lang.JSP:  jsp.AnalyzeFor,
	lang.ASP:  asp.AnalyzeFor,
	lang.ASPX: aspx.AnalyzeFor,
}

// Result is what the scan found in one file.
type Result struct {
	Path       string // as given to the scan, joined with the file's name
	Size       int64
	SHA256     string // of the whole file when it was read whole
	Lang       lang.Lang
	Detections []verdict.Detection // highest score first
	Score      int                 // the highest detection score
	Truncated  bool                // larger than MaxFileSize: analysed head and tail
	Tagless    bool                // PHP code without a "<?php" tag, with detections
	Err        error               // the file could not be read
}

// Reported says whether the file is reported as a webshell.
func (r Result) Reported() bool { return r.Score >= verdict.Report }

// Scan analyses one file's content. name is used only to break language
// ties (a .php name makes ambiguous text PHP).
func Scan(name string, b []byte) Result {
	r := Result{Path: name, Size: int64(len(b))}
	sum := sha256.Sum256(b)
	r.SHA256 = hex.EncodeToString(sum[:])
	analyze(&r, b, verdict.Explain)
	return r
}

func analyze(r *Result, b []byte, goal verdict.Goal) {
	d := lang.Detect(b, r.Path)
	r.Lang = d.Lang
	if an := analyzers[r.Lang]; an != nil {
		switch {
		case d.Confidence > lang.Low || serverTags(b):
			r.Detections = an(b, goal)
		case r.Lang == lang.PHP:
			// PHP code without a tag is a payload, not a page: PHP
			// prints such a file when it is requested, and runs it
			// when another script reads it into eval. Droppers and
			// stealers are left in web roots this way for a loader.
			// Only PHP's detection is confident enough without tags
			// to analyse such text (ASP's low-confidence guesses are
			// minified JavaScript).
			r.Detections = an(b, goal)
			r.Tagless = len(r.Detections) > 0
		}
	}
	r.Score = verdict.Max(r.Detections)
	corroborate(r, b)
}

// serverTags reports whether b has a server-side code block. A server runs
// code only inside one ("<?php", "<%", <script runat="server">, JSP
// actions), so a text without any, which the language detection guessed
// at from weak hints (a minified library that calls "execute(" and
// "request("), holds nothing to run.
func serverTags(b []byte) bool {
	t, _ := lang.Text(b)
	return bytes.Contains(t, []byte("<?")) || bytes.Contains(t, []byte("<%")) ||
		bytes.Contains(t, []byte("<jsp:")) || lang.ContainsFold(t, "runat")
}

// Options tune a tree scan.
type Options struct {
	Workers int // parallel files; 0 means the number of CPUs
	// MaxFiles stops the walk after this many files (0: no limit), so that
	// a hostile tree cannot keep the scan forever.
	MaxFiles int
	// VerdictOnly is for a caller that uses only whether each file is
	// reported (a list of paths): each analysis may stop at its first
	// reportable detection (verdict.Decide), so a result's Detections
	// may hold fewer reasons, and SHA256 is not computed; Reported and
	// Lang are the same.
	VerdictOnly bool
}

// ScanFS scans the regular files under each root of fsys (a Source's file
// system, or any fs.FS whose walk does not follow symbolic links) and calls
// fn with each result, from one goroutine. Unreadable files give a Result
// with Err set; the walk goes on.
func ScanFS(ctx context.Context, fsys fs.FS, roots []string, opts Options, fn func(Result)) error {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	names := make(chan string, 4*workers)
	results := make(chan Result, 4*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			goal := verdict.Explain
			if opts.VerdictOnly {
				goal = verdict.Decide
			}
			for name := range names {
				var r Result
				r, buf = scanFile(fsys, name, buf, goal)
				results <- r
			}
		}()
	}
	done := make(chan struct{})
	go func() {
		for r := range results {
			fn(r)
		}
		close(done)
	}()
	var walkErr error
	n := 0
	for _, root := range roots {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root {
					return err
				}
				results <- Result{Path: p, Err: err}
				return nil
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if !d.Type().IsRegular() {
				return nil
			}
			if n++; opts.MaxFiles > 0 && n > opts.MaxFiles {
				return fs.SkipAll
			}
			names <- p
			return nil
		})
		if err != nil && walkErr == nil {
			walkErr = err
		}
	}
	close(names)
	wg.Wait()
	close(results)
	<-done
	return walkErr
}

// ScanFile analyses one file of fsys, read as ScanFS reads it.
func ScanFile(fsys fs.FS, name string) Result {
	r, _ := scanFile(fsys, name, nil, verdict.Explain)
	return r
}

// scanFile reads and analyses one file, reusing buf.
func scanFile(fsys fs.FS, name string, buf []byte, goal verdict.Goal) (Result, []byte) {
	r := Result{Path: name}
	f, err := fsys.Open(name)
	if err != nil {
		r.Err = err
		return r, buf
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		r.Err = err
		return r, buf
	}
	r.Size = fi.Size()
	buf, r.Truncated, err = readBounded(f, r.Size, buf)
	if err != nil {
		r.Err = err
		return r, buf
	}
	if !r.Truncated && goal == verdict.Explain {
		sum := sha256.Sum256(buf)
		r.SHA256 = hex.EncodeToString(sum[:])
	}
	analyze(&r, buf, goal)
	return r, buf
}

// readBounded reads a file whole, or, past MaxFileSize, its head and its
// tail joined by a newline.
func readBounded(f fs.File, size int64, buf []byte) ([]byte, bool, error) {
	buf = buf[:0]
	if size <= MaxFileSize {
		b, err := appendAll(buf, io.LimitReader(f, MaxFileSize))
		return b, false, err
	}
	b, err := appendAll(buf, io.LimitReader(f, MaxFileSize-TailSize))
	if err != nil {
		return b, true, err
	}
	ra, ok := f.(io.ReaderAt)
	if !ok {
		return b, true, nil
	}
	b = append(b, '\n')
	tail := make([]byte, TailSize)
	k, err := ra.ReadAt(tail, size-TailSize)
	if err != nil && !errors.Is(err, io.EOF) {
		return b, true, err
	}
	return append(b, tail[:k]...), true, nil
}

func appendAll(b []byte, r io.Reader) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		k, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+k]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// Join names a file found under root for output: root as the user gave it
// followed by the file's path below it.
func Join(root, rel string) string {
	if rel == "." || rel == "" {
		return root
	}
	return path.Join(root, rel)
}
