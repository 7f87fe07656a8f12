// Package bodyfile writes and reads file-system timelines in the Sleuth Kit
// body file format (version 3), which mactime, plaso and Timesketch read:
//
//	MD5|name|inode|mode_as_string|UID|GID|size|atime|mtime|ctime|crtime
//
// yingji puts the SHA-256 of the file in the first column when it hashed the
// file, and "0" otherwise; mactime treats the column as an opaque string.
// Names come from the target and are hostile: they are encoded with
// pathenc.EscapeWith so that a '|', a newline or invalid UTF-8 in a name cannot
// break a line or lose bytes, and " -> " only ever separates a symbolic link
// from its target.
package bodyfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/yingji/yingji/internal/pathenc"
)

// Entry is one line of a body file.
type Entry struct {
	Hash       string // hex digest, or "" when not hashed ("0" on disk)
	Name       string // full path on the target, as raw bytes
	LinkTarget string // target of a symbolic link, raw bytes
	Inode      uint64
	Mode       uint32 // st_mode: file type and permission bits
	UID, GID   uint32
	Size       int64
	// Times in seconds since the epoch; Crtime is 0 when unknown.
	Atime, Mtime, Ctime, Crtime int64
}

// File type bits of st_mode.
const (
	ModeType  = 0o170000
	ModeSock  = 0o140000
	ModeLink  = 0o120000
	ModeReg   = 0o100000
	ModeBlock = 0o060000
	ModeDir   = 0o040000
	ModeChar  = 0o020000
	ModeFIFO  = 0o010000
)

var typeChars = []struct {
	bits uint32
	c    byte
}{{ModeReg, 'r'}, {ModeDir, 'd'}, {ModeLink, 'l'}, {ModeChar, 'c'}, {ModeBlock, 'b'}, {ModeFIFO, 'p'}, {ModeSock, 's'}}

// ModeString formats st_mode as the Sleuth Kit does, e.g. "r/rrwxr-xr-x".
func ModeString(mode uint32) string {
	t := byte('-')
	for _, tc := range typeChars {
		if mode&ModeType == tc.bits {
			t = tc.c
		}
	}
	b := []byte{t, '/', t, 'r', 'w', 'x', 'r', 'w', 'x', 'r', 'w', 'x'}
	for i := 0; i < 9; i++ {
		if mode&(1<<(8-i)) == 0 {
			b[3+i] = '-'
		}
	}
	special := func(pos int, bit uint32, set, unsetX byte) {
		if mode&bit != 0 {
			if b[pos] == 'x' {
				b[pos] = set
			} else {
				b[pos] = unsetX
			}
		}
	}
	special(5, 0o4000, 's', 'S')
	special(8, 0o2000, 's', 'S')
	special(11, 0o1000, 't', 'T')
	return string(b)
}

// ParseMode reverses ModeString. It also accepts the bare ten-character form.
func ParseMode(s string) (uint32, error) {
	if len(s) == 12 && s[1] == '/' {
		s = s[2:]
	}
	if len(s) != 10 {
		return 0, fmt.Errorf("bodyfile: bad mode %q", s)
	}
	var mode uint32
	switch s[0] {
	case '-':
	default:
		found := false
		for _, tc := range typeChars {
			if tc.c == s[0] {
				mode, found = tc.bits, true
			}
		}
		if !found {
			return 0, fmt.Errorf("bodyfile: bad file type %q in mode %q", s[0], s)
		}
	}
	perm := "rwxrwxrwx"
	for i := 0; i < 9; i++ {
		c := s[1+i]
		switch {
		case c == '-':
		case c == perm[i]:
			mode |= 1 << (8 - i)
		case (i == 2 || i == 5) && (c == 's' || c == 'S'):
			if c == 's' {
				mode |= 1 << (8 - i)
			}
			if i == 2 {
				mode |= 0o4000
			} else {
				mode |= 0o2000
			}
		case i == 8 && (c == 't' || c == 'T'):
			if c == 't' {
				mode |= 1
			}
			mode |= 0o1000
		default:
			return 0, fmt.Errorf("bodyfile: bad permission %q in mode %q", c, s)
		}
	}
	return mode, nil
}

const linkSep = " -> "

// Writer writes body file lines.
type Writer struct {
	w   *bufio.Writer
	buf []byte
}

// NewWriter returns a Writer that buffers output to w; call Flush at the end.
func NewWriter(w io.Writer) *Writer { return &Writer{w: bufio.NewWriterSize(w, 64<<10)} }

// Write writes one entry.
func (w *Writer) Write(e *Entry) error {
	b := w.buf[:0]
	if e.Hash == "" {
		b = append(b, '0')
	} else {
		b = append(b, pathenc.EscapeWith(e.Hash, ">")...)
	}
	b = append(b, '|')
	b = append(b, pathenc.EscapeWith(e.Name, ">")...)
	if e.Mode&ModeType == ModeLink {
		b = append(b, linkSep...)
		b = append(b, pathenc.EscapeWith(e.LinkTarget, ">")...)
	}
	b = append(b, '|')
	b = strconv.AppendUint(b, e.Inode, 10)
	b = append(b, '|')
	b = append(b, ModeString(e.Mode)...)
	for _, v := range []int64{int64(e.UID), int64(e.GID), e.Size, e.Atime, e.Mtime, e.Ctime, e.Crtime} {
		b = append(b, '|')
		b = strconv.AppendInt(b, v, 10)
	}
	b = append(b, '\n')
	w.buf = b
	_, err := w.w.Write(b)
	return err
}

// Flush writes buffered data to the underlying writer.
func (w *Writer) Flush() error { return w.w.Flush() }

// MaxLine bounds the length of one line a Reader accepts.
const MaxLine = 1 << 20

// Reader reads body file lines, from yingji or from other tools (fls, plaso).
type Reader struct {
	r    *bufio.Reader
	line int
}

// NewReader returns a Reader over r.
func NewReader(r io.Reader) *Reader { return &Reader{r: bufio.NewReaderSize(r, 64<<10)} }

// ErrSyntax is wrapped by the errors Read returns for malformed lines.
var ErrSyntax = errors.New("bodyfile: syntax error")

// Read returns the next entry, or io.EOF at the end. A malformed line, or
// one longer than MaxLine, gives an error wrapping ErrSyntax with its line
// number; reading continues with the next line.
func (r *Reader) Read() (*Entry, error) {
	for {
		raw, err := r.readLine()
		if err != nil {
			return nil, err
		}
		r.line++
		if raw == nil {
			return nil, fmt.Errorf("line %d: %w: longer than %d bytes", r.line, ErrSyntax, MaxLine)
		}
		line := strings.TrimSuffix(strings.TrimSuffix(string(raw), "\n"), "\r")
		if line == "" {
			continue
		}
		e, err := ParseLine(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", r.line, err)
		}
		return e, nil
	}
}

// readLine returns the next line; nil (and no error) for a line over
// MaxLine, which is skipped to its end.
func (r *Reader) readLine() ([]byte, error) {
	var buf []byte
	long := false
	for {
		chunk, err := r.r.ReadSlice('\n')
		if !long {
			buf = append(buf, chunk...)
			if len(buf) > MaxLine {
				long, buf = true, nil
			}
		}
		switch {
		case err == nil:
			if long {
				return nil, nil
			}
			return buf, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF:
			if long {
				return nil, nil
			}
			if len(buf) == 0 {
				return nil, io.EOF
			}
			return buf, nil
		default:
			return nil, err
		}
	}
}

// ParseLine parses one body file line.
func ParseLine(line string) (*Entry, error) {
	f := strings.Split(line, "|")
	if len(f) < 11 {
		return nil, fmt.Errorf("%w: %d fields, want 11", ErrSyntax, len(f))
	}
	// Tools that do not escape names leave extra '|' in the name field.
	n := len(f)
	name := strings.Join(f[1:n-9], "|")
	f = append([]string{f[0], name}, f[n-9:]...)

	e := &Entry{}
	var err error
	if f[0] != "0" {
		if e.Hash, err = pathenc.Unescape(f[0]); err != nil {
			return nil, fmt.Errorf("%w: hash: %v", ErrSyntax, err)
		}
	}
	if e.Mode, err = ParseMode(f[3]); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	if e.Mode&ModeType == ModeLink {
		if i := strings.Index(name, linkSep); i >= 0 {
			name, e.LinkTarget = name[:i], name[i+len(linkSep):]
			if e.LinkTarget, err = pathenc.Unescape(e.LinkTarget); err != nil {
				return nil, fmt.Errorf("%w: link target: %v", ErrSyntax, err)
			}
		}
	}
	if e.Name, err = pathenc.Unescape(name); err != nil {
		return nil, fmt.Errorf("%w: name: %v", ErrSyntax, err)
	}
	// TSK writes NTFS inodes as "inode-type-id"; the first number identifies the file.
	ino := f[2]
	if i := strings.IndexByte(ino, '-'); i > 0 {
		ino = ino[:i]
	}
	if e.Inode, err = strconv.ParseUint(ino, 10, 64); err != nil {
		return nil, fmt.Errorf("%w: inode %q", ErrSyntax, f[2])
	}
	u, err1 := strconv.ParseUint(f[4], 10, 32)
	g, err2 := strconv.ParseUint(f[5], 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("%w: uid/gid %q/%q", ErrSyntax, f[4], f[5])
	}
	e.UID, e.GID = uint32(u), uint32(g)
	nums := []*int64{&e.Size, &e.Atime, &e.Mtime, &e.Ctime, &e.Crtime}
	for i, p := range nums {
		if *p, err = strconv.ParseInt(f[6+i], 10, 64); err != nil {
			return nil, fmt.Errorf("%w: field %d %q is not a number", ErrSyntax, 7+i, f[6+i])
		}
	}
	return e, nil
}
