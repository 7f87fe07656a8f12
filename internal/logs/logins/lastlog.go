package logins

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/event"
)

// Lastlog record sizes. glibc's struct lastlog is
//
//	struct lastlog { ll_time; char ll_line[32]; char ll_host[256]; };
//
// with ll_time an int32 where __WORDSIZE_TIME64_COMPAT32 is defined (x86_64
// and all 32-bit architectures: 292 bytes) and a 64-bit time_t elsewhere
// (aarch64, s390x: 296 bytes, no padding since 296 is a multiple of 8).
// The same split as utmp's 384/400-byte layouts.
const (
	LastlogSize32 = 292
	LastlogSize64 = 296
)

const (
	llLine = 32
	llHost = 256
)

// LastlogOptions configure ScanLastlog.
type LastlogOptions struct {
	File string // copied to Event.File
	// Size is the record size, LastlogSize32 or LastlogSize64; 0 detects
	// it from FileSize (the size that only one of them divides), else
	// takes LastlogSize32, the x86_64 layout.
	Size     int
	FileSize int64
	// BigEndian selects the byte order of ll_time; unless ByteOrderSet,
	// it is detected from the first record whose time is plausible one way
	// and not the other.
	BigEndian    bool
	ByteOrderSet bool
	// Users maps uids to names (from the host's /etc/passwd) to fill
	// Event.User; a uid it lacks leaves User empty.
	Users map[uint32]string
}

// LastlogStats counts what ScanLastlog read.
type LastlogStats struct {
	Records   int64 // record positions read, all-zero ones included
	Events    int64
	Empty     int64 // all-zero records (uids that never logged in), skipped
	Truncated int64 // a partial record at the end (a corrupted_record event)
	Size      int   // the record size used
	BigEndian bool  // the byte order used
}

// ScanLastlog reads a lastlog file, one record per uid at offset uid×Size,
// and calls fn with a last_login event per record that is not all zero
// (the file is sparse: most uids never log in). Event.Line is uid+1 (the
// 1-based record number) and Fields["uid"] the uid.
//
// A lastlog for uids in the billions (LDAP, systemd dynamic users) is a
// huge sparse file; reading it as a stream goes through all its holes at
// memory speed, which the caller may want to bound with FileSize checks.
func ScanLastlog(r io.Reader, opts LastlogOptions, fn func(*event.Event) error) (LastlogStats, error) {
	var st LastlogStats
	size := opts.Size
	if size != LastlogSize32 && size != LastlogSize64 {
		size = LastlogSize32
		if opts.FileSize > 0 && opts.FileSize%LastlogSize64 == 0 && opts.FileSize%LastlogSize32 != 0 {
			size = LastlogSize64
		}
	}
	st.Size = size
	big, orderKnown := opts.BigEndian, opts.ByteOrderSet
	st.BigEndian = big
	// Buffered: a file read record by record would cost a system call each.
	r = bufio.NewReaderSize(r, 64<<10)
	buf := make([]byte, size)
	for uid := int64(0); ; uid++ {
		n, err := io.ReadFull(r, buf)
		if err == io.EOF {
			return st, nil
		}
		if err != nil && err != io.ErrUnexpectedEOF {
			return st, err
		}
		st.Records++
		if n < size {
			st.Truncated++
			st.Events++
			reason := fmt.Sprintf("truncated record: %d of %d bytes", n, size)
			ev := &event.Event{
				Source:  event.SourceLastlog,
				Type:    event.TypeCorruptedRecord,
				Message: reason,
				Raw:     fmt.Sprintf("record=%d offset=%d problem=%q", uid+1, uid*int64(size), reason),
				File:    opts.File,
				Line:    uid + 1,
			}
			ev.Set(event.FieldUID, strconv.FormatInt(uid, 10))
			return st, fn(ev)
		}
		if allZero(buf) {
			st.Empty++
			continue
		}
		if !orderKnown {
			if b, ok := detectOrder(buf, size); ok {
				big, orderKnown = b, true
				st.BigEndian = big
			}
		}
		ev := lastlogEvent(buf, size, big, uid, opts)
		st.Events++
		if err := fn(ev); err != nil {
			return st, err
		}
	}
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// llTime reads ll_time under the given layout and byte order.
func llTime(b []byte, size int, big bool) int64 {
	var o binary.ByteOrder = binary.LittleEndian
	if big {
		o = binary.BigEndian
	}
	if size == LastlogSize64 {
		return int64(o.Uint64(b))
	}
	return int64(int32(o.Uint32(b)))
}

// detectOrder decides the byte order from a record whose time is plausible
// (1980..2100) in exactly one of them.
func detectOrder(b []byte, size int) (big, ok bool) {
	plausible := func(t int64) bool { return t >= 315532800 && t < 4102444800 }
	le, be := plausible(llTime(b, size, false)), plausible(llTime(b, size, true))
	if le == be {
		return false, false
	}
	return be, true
}

func lastlogEvent(b []byte, size int, big bool, uid int64, opts LastlogOptions) *event.Event {
	off := 4
	if size == LastlogSize64 {
		off = 8
	}
	sec := llTime(b, size, big)
	line := cstring(b[off : off+llLine])
	host := cstring(b[off+llLine : off+llLine+llHost])
	ev := &event.Event{
		Source: event.SourceLastlog,
		Type:   event.TypeLastLogin,
		File:   opts.File,
		Line:   uid + 1,
	}
	if sec != 0 {
		ev.At = time.Unix(sec, 0).UTC()
	}
	if opts.Users != nil && uid <= 0xffffffff {
		ev.User = opts.Users[uint32(uid)]
	}
	ev.Set(event.FieldUID, strconv.FormatInt(uid, 10))
	ev.Set(event.FieldTTY, line)
	if a, err := netip.ParseAddr(host); err == nil {
		ev.SrcIP = a.Unmap().String()
	}
	if host != "" && host != ev.SrcIP {
		ev.Set(event.FieldRemoteHost, host)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "uid=%d time=%d line=%s host=%s", uid, sec, strconv.Quote(line), strconv.Quote(host))
	ev.Raw = sb.String()
	return ev
}

// cstring returns the bytes of a C char array up to the first NUL.
func cstring(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}
