package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"strings"
	"time"

	"github.com/klauspost/compress/flate"
	"golang.org/x/sys/unix"

	"github.com/yingji/yingji/internal/oplog"
)

// Writer writes a bundle. Members are added one at a time; Finish writes the
// manifest, seals the operation record over it and closes the archive.
type Writer struct {
	out   io.Writer
	file  *os.File // nil when writing to a stream
	guard *spaceGuard
	zw    *zip.Writer
	ents  []Entry
	names map[string]bool
	// Log is the operation record of this collection; it is kept in memory
	// and stored as the last members.
	Log    *oplog.Log
	logBuf bytes.Buffer
	closed bool
}

// Options configure a Writer.
type Options struct {
	Identity oplog.Identity
	// Reserve is the output space kept free for the manifest and record at
	// the end (default 8 MiB plus 4 KiB per member).
	Reserve int64
}

// Create creates a new bundle file; it fails if path exists.
func Create(path string, opt Options) (*Writer, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	w := newWriter(f, int(f.Fd()), opt)
	w.file = f
	return w, nil
}

// NewStreamWriter writes a bundle to a stream such as standard output. No
// disk space is reserved: the stream's far end owns its disk.
func NewStreamWriter(out io.Writer, opt Options) *Writer { return newWriter(out, -1, opt) }

func newWriter(out io.Writer, fd int, opt Options) *Writer {
	w := &Writer{out: out, names: map[string]bool{}}
	base := opt.Reserve
	if base <= 0 {
		base = 8 << 20
	}
	w.guard = &spaceGuard{w: out, fd: fd, base: base, perEntry: 4 << 10}
	w.zw = zip.NewWriter(w.guard)
	w.zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, 5)
	})
	w.zw.SetComment("yingji evidence bundle (" + Format + "); check it with: yingji verify FILE")
	w.Log = oplog.New(&w.logBuf, opt.Identity)
	return w
}

// LowSpace reports that the output file system is nearly full: the caller
// must stop adding data and Finish, which still fits in the reserve.
func (w *Writer) LowSpace() bool { return w.guard.low }

// Entries returns the entries added so far.
func (w *Writer) Entries() []Entry { return w.ents }

// Written returns the bytes written to the output so far.
func (w *Writer) Written() int64 { return w.guard.pos }

// storedExt lists names whose data is already compressed.
var storedExt = []string{".gz", ".xz", ".bz2", ".zst", ".zip", ".jar", ".war", ".7z", ".rar", ".lz4", ".jpg", ".png", ".gif", ".tgz"}

// ErrStopped is returned by Add when the copy was cut short by the abort
// function; the entry is kept with what was copied and marked truncated.
var ErrStopped = errors.New("copy stopped")

// AddStream stores what fill writes as a new member described by e, filling
// in Size and SHA256. An error from fill ends the member there; the entry is
// kept, marked truncated, and the error returned.
func (w *Writer) AddStream(e Entry, fill func(io.Writer) error) (Entry, error) {
	mw, err := w.create(&e)
	if err != nil {
		return e, err
	}
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(mw, h)}
	ferr := fill(cw)
	return w.finishEntry(e, cw.n, h, ferr)
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (w *Writer) create(e *Entry) (io.Writer, error) {
	if w.closed {
		return nil, errors.New("bundle: writer is finished")
	}
	if e.Member == "" || w.names[e.Member] || strings.HasPrefix(e.Member, "/") || e.Member == ManifestMember || e.Member == OplogMember || e.Member == HeadMember {
		return nil, fmt.Errorf("bundle: bad or duplicate member name %q", e.Member)
	}
	method := zip.Deflate
	for _, x := range storedExt {
		if strings.HasSuffix(strings.ToLower(e.Member), x) {
			method = zip.Store
		}
	}
	hdr := &zip.FileHeader{Name: e.Member, Method: method, Modified: time.Now().UTC()}
	if e.Mtime != nil {
		hdr.Modified = *e.Mtime
	}
	hdr.SetMode(0o400) // members are evidence: read-only when unpacked
	mw, err := w.zw.CreateHeader(hdr)
	if err != nil {
		return nil, fmt.Errorf("bundle: add %s: %w", e.Member, err)
	}
	w.names[e.Member] = true
	return mw, nil
}

func (w *Writer) finishEntry(e Entry, n int64, h hash.Hash, err error) (Entry, error) {
	e.Size = n
	e.SHA256 = hex.EncodeToString(h.Sum(nil))
	if err != nil {
		e.Truncated = true
	}
	if werr := w.guard.err; werr != nil {
		return e, fmt.Errorf("bundle: write %s: %w", e.Member, werr)
	}
	w.ents = append(w.ents, e)
	w.guard.entries = len(w.ents)
	return e, err
}

// Add stores the data from r as a new member described by e, filling in
// Size and SHA256. abort is polled during the copy; when it returns a non-nil
// error the member is ended there, marked truncated, and Add returns the entry
// with an error wrapping ErrStopped. A read error also ends the member, keeping
// what was read, and is returned.
func (w *Writer) Add(e Entry, r io.Reader, abort func() error) (Entry, error) {
	mw, err := w.create(&e)
	if err != nil {
		return e, err
	}
	h := sha256.New()
	n, copyErr := copyAbortable(io.MultiWriter(mw, h), r, abort)
	if copyErr != nil && !errors.Is(copyErr, ErrStopped) {
		// A read error ends the member with what was read.
		e.Note = strings.TrimSpace(e.Note + " read error: " + copyErr.Error())
	}
	return w.finishEntry(e, n, h, copyErr)
}

// AddBytes stores b as a generated member.
func (w *Writer) AddBytes(e Entry, b []byte) (Entry, error) {
	return w.Add(e, bytes.NewReader(b), nil)
}

// UpdateLast replaces the entry of the member added last, for facts known
// only after its data was stored (the source changed during the copy).
func (w *Writer) UpdateLast(e Entry) {
	if n := len(w.ents); n > 0 && w.ents[n-1].Member == e.Member {
		w.ents[n-1] = e
	}
}

// AddEntry records an entry without data (a symbolic link).
func (w *Writer) AddEntry(e Entry) { w.ents = append(w.ents, e) }

func copyAbortable(dst io.Writer, src io.Reader, abort func() error) (int64, error) {
	buf := make([]byte, 256<<10)
	var n int64
	for {
		if abort != nil {
			if err := abort(); err != nil {
				return n, fmt.Errorf("%w: %v", ErrStopped, err)
			}
		}
		m, rerr := src.Read(buf)
		if m > 0 {
			if _, err := dst.Write(buf[:m]); err != nil {
				return n, err
			}
			n += int64(m)
		}
		if rerr == io.EOF {
			return n, nil
		}
		if rerr != nil {
			return n, rerr
		}
	}
}

// NewID returns a random bundle identifier.
func NewID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Finish writes the manifest (with the entries added), appends the seal
// record to the operation record, writes the record and its head, and closes
// the archive. It returns the head: the hash that pins the whole bundle, to be
// noted down outside the bundle.
func (w *Writer) Finish(m Manifest) (head string, err error) {
	if w.closed {
		return "", errors.New("bundle: already finished")
	}
	w.closed = true
	m.Format = Format
	m.Entries = w.ents
	mb, err := json.MarshalIndent(&m, "", " ")
	if err != nil {
		return "", fmt.Errorf("bundle: encode manifest: %w", err)
	}
	write := func(name string, b []byte) error {
		mw, err := w.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: m.Finished})
		if err == nil {
			_, err = mw.Write(b)
		}
		if err == nil {
			err = w.guard.err
		}
		if err != nil {
			return fmt.Errorf("bundle: write %s: %w", name, err)
		}
		return nil
	}
	if err := write(ManifestMember, mb); err != nil {
		return "", err
	}
	sum := sha256.Sum256(mb)
	if _, err := w.Log.Append(oplog.Record{
		Action: SealAction, Target: ManifestMember, SHA256: hex.EncodeToString(sum[:]),
		Result: oplog.OK, Detail: map[string]any{"status": m.Status, "members": len(w.ents), "bundle_id": m.ID},
	}); err != nil {
		return "", err
	}
	_, head = w.Log.Head()
	if err := write(OplogMember, w.logBuf.Bytes()); err != nil {
		return "", err
	}
	if err := write(HeadMember, []byte(head+"\n")); err != nil {
		return "", err
	}
	if err := w.zw.Close(); err != nil {
		return "", fmt.Errorf("bundle: close archive: %w", err)
	}
	if w.guard.err != nil {
		return "", fmt.Errorf("bundle: %w", w.guard.err)
	}
	if w.file != nil {
		// Give back the space reserved beyond the end.
		w.guard.release()
		if err := w.file.Sync(); err != nil {
			return "", fmt.Errorf("bundle: sync: %w", err)
		}
		if err := w.file.Close(); err != nil {
			return "", fmt.Errorf("bundle: close: %w", err)
		}
	}
	return head, nil
}

// spaceGuard sits under the ZIP writer and keeps a reserve of disk space
// allocated beyond the end of the output (fallocate with KEEP_SIZE), so that
// when the disk fills up the bundle can still be finished: the first failure
// to extend the reserve raises LowSpace, the collector stops copying, and the
// manifest and record are written into the space already held.
type spaceGuard struct {
	w        io.Writer
	fd       int
	pos      int64
	reserved int64 // allocated up to this offset
	base     int64
	perEntry int64
	entries  int
	low      bool
	noAlloc  bool
	err      error
}

func (g *spaceGuard) want() int64 { return g.base + g.perEntry*int64(g.entries) }

func (g *spaceGuard) Write(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	g.ensure(int64(len(p)))
	n, err := g.w.Write(p)
	g.pos += int64(n)
	if err != nil {
		g.err = err
		if errors.Is(err, unix.ENOSPC) {
			g.low = true
		}
	}
	return n, err
}

// ensure extends the reservation so that want() bytes remain beyond the end
// of this write.
func (g *spaceGuard) ensure(n int64) {
	if g.fd < 0 || g.low {
		return
	}
	need := g.pos + n + g.want()
	if need <= g.reserved {
		return
	}
	if !g.noAlloc {
		// Reserve in steps, to keep the number of calls low.
		end := need + 32<<20
		err := unix.Fallocate(g.fd, unix.FALLOC_FL_KEEP_SIZE, g.reserved, end-g.reserved)
		switch {
		case err == nil:
			g.reserved = end
			return
		case errors.Is(err, unix.ENOSPC):
			// Try for exactly what is needed before giving up.
			if unix.Fallocate(g.fd, unix.FALLOC_FL_KEEP_SIZE, g.reserved, need-g.reserved) == nil {
				g.reserved = need
				return
			}
			g.low = true
			return
		default: // file system without fallocate, or output is not a file
			g.noAlloc = true
		}
	}
	var st unix.Statfs_t
	if unix.Fstatfs(g.fd, &st) == nil && int64(st.Bavail)*int64(st.Bsize) < n+g.want() {
		g.low = true
	}
}

func (g *spaceGuard) release() {
	if g.fd >= 0 && g.reserved > g.pos {
		// Blocks allocated past the end with KEEP_SIZE stay allocated
		// until punched out.
		_ = unix.Fallocate(g.fd, unix.FALLOC_FL_PUNCH_HOLE|unix.FALLOC_FL_KEEP_SIZE, g.pos, g.reserved-g.pos)
	}
}
