package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/yingji/yingji/internal/oplog"
)

// Limits that keep a hostile bundle from exhausting the analysis host.
const (
	MaxMembers      = 1 << 20
	MaxManifestSize = 512 << 20
	MaxOplogSize    = 1 << 30
	MaxMemberSize   = 64 << 30
)

// Reader reads a bundle. Structural problems of single members (unsafe names,
// duplicates, links) do not stop it: those members are left out and listed
// in Problems.
type Reader struct {
	zr       *zip.Reader
	closer   io.Closer
	Manifest *Manifest
	files    map[string]*zip.File
	byPath   map[string]*Entry
	// Problems found while opening: members that were left out and why.
	Problems []string
}

// Open opens the bundle file at path.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("bundle: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("bundle: %w", err)
	}
	r, err := NewReader(f, st.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("bundle %s: %w", path, err)
	}
	r.closer = f
	return r, nil
}

// NewReader reads a bundle from ra.
func NewReader(ra io.ReaderAt, size int64) (*Reader, error) {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, fmt.Errorf("not a readable ZIP archive (damaged or not a bundle): %w", err)
	}
	if len(zr.File) > MaxMembers {
		return nil, fmt.Errorf("%d members, more than the limit of %d", len(zr.File), MaxMembers)
	}
	r := &Reader{zr: zr, files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		if err := checkMemberName(f.Name); err != nil {
			r.Problems = append(r.Problems, fmt.Sprintf("member %q left out: %v", f.Name, err))
			continue
		}
		if f.Mode()&fs.ModeSymlink != 0 {
			r.Problems = append(r.Problems, fmt.Sprintf("member %q left out: it is a symbolic link", f.Name))
			continue
		}
		if r.files[f.Name] != nil {
			r.Problems = append(r.Problems, fmt.Sprintf("member %q appears more than once; later copies left out", f.Name))
			continue
		}
		r.files[f.Name] = f
	}
	mb, err := r.readSmall(ManifestMember, MaxManifestSize)
	if err != nil {
		return nil, fmt.Errorf("no readable manifest (an unfinished bundle, or not a yingji bundle): %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(mb, &m); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	if m.Format != Format {
		return nil, fmt.Errorf("manifest format %q, want %q", m.Format, Format)
	}
	r.Manifest = &m
	r.byPath = make(map[string]*Entry, len(m.Entries))
	for i := range m.Entries {
		e := &m.Entries[i]
		if e.Path != "" && (e.Kind == KindFile || e.Kind == KindSymlink) {
			if r.byPath[e.Path] != nil {
				r.Problems = append(r.Problems, fmt.Sprintf("manifest lists %s more than once; the first entry is used", e.Path))
				continue
			}
			r.byPath[e.Path] = e
		}
	}
	return r, nil
}

// checkMemberName rejects names that would escape or confuse an extraction.
func checkMemberName(name string) error {
	switch {
	case name == "":
		return errors.New("empty name")
	case len(name) > 8192:
		return errors.New("name too long")
	case !utf8.ValidString(name):
		return errors.New("name is not UTF-8")
	case strings.HasPrefix(name, "/"):
		return errors.New("absolute name")
	case strings.ContainsAny(name, "\\\x00"):
		return errors.New("backslash or NUL in name")
	case len(name) >= 2 && name[1] == ':':
		return errors.New("drive letter in name")
	}
	for _, c := range strings.Split(name, "/") {
		if c == "" || c == "." || c == ".." {
			return fmt.Errorf("path element %q in name", c)
		}
	}
	return nil
}

// Close closes the underlying file.
func (r *Reader) Close() error {
	if r.closer != nil {
		return r.closer.Close()
	}
	return nil
}

// Entry returns the manifest entry of a target path (absolute, as encoded
// by pathenc.Escape), or nil.
func (r *Reader) Entry(path string) *Entry { return r.byPath[path] }

// HasMember reports whether the bundle holds the named member.
func (r *Reader) HasMember(name string) bool { return r.files[name] != nil }

// Members returns the names of all accepted members in archive order.
func (r *Reader) Members() []string {
	out := make([]string, 0, len(r.files))
	for _, f := range r.zr.File {
		if r.files[f.Name] == f {
			out = append(out, f.Name)
		}
	}
	return out
}

// OpenMember opens a member for reading. Decompression is bounded by the
// member's declared size, which must be within MaxMemberSize.
func (r *Reader) OpenMember(name string) (io.ReadCloser, error) {
	f := r.files[name]
	if f == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if f.UncompressedSize64 > MaxMemberSize {
		return nil, fmt.Errorf("member %s: declared size %d exceeds the limit", name, f.UncompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("member %s: %w", name, err)
	}
	return rc, nil
}

// MemberSize returns the declared uncompressed size of a member.
func (r *Reader) MemberSize(name string) (int64, bool) {
	f := r.files[name]
	if f == nil {
		return 0, false
	}
	return int64(f.UncompressedSize64), true
}

func (r *Reader) readSmall(name string, limit int64) ([]byte, error) {
	f := r.files[name]
	if f == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("member %s: %d bytes, more than the limit of %d", name, f.UncompressedSize64, limit)
	}
	rc, err := r.OpenMember(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("member %s: %w", name, err)
	}
	return b, nil
}

// ReadMember reads a whole member of at most limit bytes.
func (r *Reader) ReadMember(name string, limit int64) ([]byte, error) {
	return r.readSmall(name, limit)
}

// Report is the result of Verify.
type Report struct {
	Intact bool
	// Culprit names the first altered, missing or added member or record.
	Culprit  string
	Problems []string
	Status   string
	Reason   string
	Members  int    // members checked against the manifest
	Records  int    // operation records checked
	Head     string // hash of the last operation record
}

func (rep *Report) fail(culprit, problem string) {
	if rep.Culprit == "" {
		rep.Culprit = culprit
	}
	rep.Problems = append(rep.Problems, problem)
}

// Verify checks the whole bundle: the operation record chain (pinned by
// oplog.head, or by expectHead when given), the seal over the manifest, and
// every member against the manifest; members the manifest does not list are
// reported as added.
func (r *Reader) Verify(expectHead string) (*Report, error) {
	m := r.Manifest
	rep := &Report{Status: m.Status, Reason: m.Reason}
	for _, p := range r.Problems {
		rep.fail("archive structure", p)
	}

	// 1. The operation record.
	headB, err := r.readSmall(HeadMember, 1024)
	head := strings.TrimSpace(string(headB))
	if err != nil {
		rep.fail(HeadMember, fmt.Sprintf("%s: %v", HeadMember, err))
	}
	if expectHead != "" {
		if head != "" && head != expectHead {
			rep.fail(HeadMember, fmt.Sprintf("%s says %s but the expected head is %s", HeadMember, head, expectHead))
		}
		head = expectHead
	}
	var seal *oplog.Record
	logB, err := r.readSmall(OplogMember, MaxOplogSize)
	if err != nil {
		rep.fail(OplogMember, fmt.Sprintf("%s: %v", OplogMember, err))
	} else {
		res, err := oplog.Verify(bytes.NewReader(logB), head)
		if err != nil {
			return nil, err
		}
		rep.Records, rep.Head = res.Records, res.Head
		if !res.OK() {
			rep.fail(fmt.Sprintf("operation record %d (line %d of %s)", res.BadSeq, res.BadLine, OplogMember), "operation record: "+res.Problem)
		} else if recs, err := oplog.ReadAll(bytes.NewReader(logB)); err == nil && len(recs) > 0 && recs[len(recs)-1].Action == SealAction {
			seal = &recs[len(recs)-1]
		} else {
			rep.fail(OplogMember, "operation record does not end with the seal record (truncated?)")
		}
	}

	// 2. The seal over the manifest.
	if seal != nil {
		mb, err := r.readSmall(ManifestMember, MaxManifestSize)
		if err != nil {
			rep.fail(ManifestMember, fmt.Sprintf("%s: %v", ManifestMember, err))
		} else if sum := sha256.Sum256(mb); hex.EncodeToString(sum[:]) != seal.SHA256 {
			rep.fail(ManifestMember, fmt.Sprintf("%s was altered: its SHA-256 is %x, the seal record says %s", ManifestMember, sum, seal.SHA256))
		}
	}

	// 3. Every member against the manifest.
	listed := map[string]bool{ManifestMember: true, OplogMember: true, HeadMember: true}
	buf := make([]byte, 256<<10)
	for i := range m.Entries {
		e := &m.Entries[i]
		if e.Member == "" {
			continue
		}
		listed[e.Member] = true
		rep.Members++
		sum, n, err := r.hashMember(e.Member, buf)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			rep.fail("member "+e.Member, fmt.Sprintf("member %s is listed in the manifest but missing", e.Member))
		case err != nil:
			rep.fail("member "+e.Member, fmt.Sprintf("member %s is damaged: %v", e.Member, err))
		case sum != e.SHA256 || n != e.Size:
			rep.fail("member "+e.Member, fmt.Sprintf("member %s was altered: SHA-256 %s, %d bytes; manifest says %s, %d bytes", e.Member, sum, n, e.SHA256, e.Size))
		}
	}
	for _, name := range r.Members() {
		if !listed[name] {
			rep.fail("member "+name, fmt.Sprintf("member %s is not in the manifest (added after sealing)", name))
		}
	}
	rep.Intact = len(rep.Problems) == 0
	return rep, nil
}

func (r *Reader) hashMember(name string, buf []byte) (string, int64, error) {
	rc, err := r.OpenMember(name)
	if err != nil {
		return "", 0, err
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.CopyBuffer(h, rc, buf)
	if err != nil {
		return "", n, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
