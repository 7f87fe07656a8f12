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

// openFile opens a regular file for reading without updating its access
// time where the kernel allows it, and returns its size.
func openFile(path string) (*os.File, int64, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOATIME|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		// O_NOATIME is refused on files the caller does not own
		// (EPERM) unless it has CAP_FOWNER.
		f, err = os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
		if err != nil {
			return nil, 0, err
		}
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, 0, fmt.Errorf("%s: not a regular file", path)
	}
	return f, fi.Size(), nil
}

// readMore appends to data what r gives, up to n bytes in all (data is
// cut to n bytes when it already holds more). A file that shrank since its
// size was read gives what it still has.
func readMore(r io.Reader, data []byte, n int64) ([]byte, error) {
	if int64(len(data)) >= n {
		return data[:n], nil
	}
	if int64(cap(data)) < n {
		data = append(make([]byte, 0, n), data...)
	}
	got, err := io.ReadFull(r, data[len(data):n])
	data = data[:len(data)+got]
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		err = nil
	}
	return data, err
}
