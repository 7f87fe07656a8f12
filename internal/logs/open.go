package logs

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/ulikunitz/xz"
)

// Compression formats recognised by their magic bytes, whatever the file
// is called: rotated logs are named .gz, .bz2, .xz, .zst or nothing at
// all (logrotate's compressext is configurable).
const (
	Plain = ""
	Gzip  = "gzip"
	Bzip2 = "bzip2"
	XZ    = "xz"
	Zstd  = "zstd"
)

// MaxRatio bounds what a compressed log may expand to, as a multiple of
// its compressed size (plus MaxSlack): text logs compress 10-30×, so a
// file that expands further is a bomb, not a log. Reading stops there
// with ErrBomb, after the events read so far.
const (
	MaxRatio = 200
	MaxSlack = 64 << 20
)

// ErrBomb reports a compressed file that expands past MaxRatio.
var ErrBomb = errors.New("decompressed size past the limit (a decompression bomb?)")

// Compression returns the compression format of a file from its first
// bytes.
func Compression(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return Gzip
	case bytes.HasPrefix(head, []byte("BZh")) && len(head) > 3 && head[3] >= '1' && head[3] <= '9':
		return Bzip2
	case bytes.HasPrefix(head, []byte{0xfd, '7', 'z', 'X', 'Z', 0}):
		return XZ
	case bytes.HasPrefix(head, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return Zstd
	}
	return Plain
}

// Open opens a log file for reading, decompressed when it is compressed,
// and says which compression it had. The reader stops with ErrBomb once
// the output passes MaxRatio times the compressed size.
func Open(fsys fs.FS, name string) (io.ReadCloser, string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, "", err
	}
	br := bufio.NewReaderSize(f, 64<<10)
	head, _ := br.Peek(6)
	comp := Compression(head)
	if comp == Plain {
		// The bytes br read to peek, then the file itself: the
		// parsers read in blocks of their own, and through br every
		// byte of a large log would be copied twice.
		return readCloser{io.MultiReader(io.LimitReader(br, int64(br.Buffered())), f), f}, comp, nil
	}
	var size int64
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	r, err := decompressor(comp, br)
	if err != nil {
		f.Close()
		return nil, comp, fmt.Errorf("%s: %s: %w", name, comp, err)
	}
	lr := &bombReader{r: r, left: size*MaxRatio + MaxSlack}
	return readCloser{lr, closers{r, f}}, comp, nil
}

func decompressor(comp string, r io.Reader) (io.Reader, error) {
	switch comp {
	case Gzip:
		// Multistream: logrotate appends gzip members to one file
		// (delaycompress with copytruncate can produce them).
		return gzip.NewReader(r)
	case Bzip2:
		return bzip2.NewReader(r), nil
	case XZ:
		return xz.NewReader(r)
	case Zstd:
		// A bounded window: a hostile frame may not make the decoder
		// allocate more than 64 MiB.
		d, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(64<<20),
			zstd.WithDecoderMaxMemory(1<<30))
		if err != nil {
			return nil, err
		}
		return d.IOReadCloser(), nil
	}
	return nil, fmt.Errorf("unknown compression %q", comp)
}

type bombReader struct {
	r    io.Reader
	left int64
}

func (b *bombReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		return 0, ErrBomb
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

type readCloser struct {
	io.Reader
	io.Closer
}

// closers closes a decompressor (when it has a Close) and the file.
type closers struct {
	dec  io.Reader
	file io.Closer
}

func (c closers) Close() error {
	if cl, ok := c.dec.(io.Closer); ok {
		cl.Close()
	}
	return c.file.Close()
}
