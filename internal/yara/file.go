package yara

import (
	"fmt"
	"io"
	"os"
	"syscall"
)

// DefaultMaxScanSize bounds how much of one file is read: a larger file
// is scanned over its first DefaultMaxScanSize bytes (filesize still
// reports its real size, and the result says it was truncated).
const DefaultMaxScanSize = 512 << 20

// ErrTruncated is reported with the result of a file larger than the scan
// limit: only its first bytes were scanned.
var ErrTruncated = fmt.Errorf("yara: file larger than the scan limit, only its beginning was scanned")

// ReadFile reads at most limit bytes of a regular file without updating
// its access time where the kernel allows it, reusing buf. It returns the
// data and the file's size.
func ReadFile(path string, limit int64, buf []byte) ([]byte, int64, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOATIME|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		// O_NOATIME is refused on files the caller does not own
		// (EPERM) unless it has CAP_FOWNER.
		f, err = os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
		if err != nil {
			return nil, 0, err
		}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if !fi.Mode().IsRegular() {
		return nil, 0, fmt.Errorf("%s: not a regular file", path)
	}
	size := fi.Size()
	if limit <= 0 {
		limit = DefaultMaxScanSize
	}
	n := min(size, limit)
	if int64(cap(buf)) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	got, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF {
		return nil, 0, err
	}
	// The file may have shrunk since the stat: scan what was read.
	return buf[:got], max(size, int64(got)), nil
}
