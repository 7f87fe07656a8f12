// Package utmp parses Linux login accounting files (utmp, wtmp, btmp) as
// written by glibc's struct utmp.
//
// The files come from a host that may be compromised, and attackers are
// known to edit wtmp to hide logins, so the parser is defensive: it
// auto-detects the record layout, decodes every record it can, and reports
// corrupted or truncated records as problems instead of stopping. It never
// panics on any input.
//
// Two on-disk record sizes exist in glibc:
//
//   - 384 bytes: architectures that define __WORDSIZE_TIME64_COMPAT32 (x86_64,
//     ppc64, riscv64, ...) and all 32-bit ones. ut_session and ut_tv are
//     int32 so that 32- and 64-bit programs share the file.
//   - 400 bytes: 64-bit architectures without that compatibility (aarch64,
//     and the s390x files seen in the wild): ut_session is a long and ut_tv
//     a struct timeval of two 64-bit fields, plus 4 bytes of tail padding.
//
// Either can be little- or big-endian (s390x, ppc64 are big-endian).
package utmp

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"strconv"
	"time"
)

// Type is ut_type, the kind of a utmp record.
type Type int16

// The ut_type values defined by glibc's <utmp.h>.
const (
	Empty        Type = 0 // EMPTY: unused slot
	RunLevel     Type = 1 // RUN_LVL: change of run level
	BootTime     Type = 2 // BOOT_TIME: system boot
	NewTime      Type = 3 // NEW_TIME: clock changed, time after the change
	OldTime      Type = 4 // OLD_TIME: clock changed, time before the change
	InitProcess  Type = 5 // INIT_PROCESS: process spawned by init
	LoginProcess Type = 6 // LOGIN_PROCESS: getty waiting for a login; in btmp, a failed login
	UserProcess  Type = 7 // USER_PROCESS: a user session
	DeadProcess  Type = 8 // DEAD_PROCESS: a session ended
	Accounting   Type = 9 // ACCOUNTING: unused by glibc
)

var typeNames = [...]string{
	"EMPTY", "RUN_LVL", "BOOT_TIME", "NEW_TIME", "OLD_TIME",
	"INIT_PROCESS", "LOGIN_PROCESS", "USER_PROCESS", "DEAD_PROCESS", "ACCOUNTING",
}

// Valid reports whether t is one of the values glibc defines.
func (t Type) Valid() bool { return t >= 0 && int(t) < len(typeNames) }

// String returns the glibc constant name, e.g. "USER_PROCESS", or the
// number for values glibc does not define.
func (t Type) String() string {
	if t.Valid() {
		return typeNames[t]
	}
	return strconv.Itoa(int(t))
}

// MarshalText encodes t as its name so that JSON evidence is readable;
// undefined values are kept as their number so nothing is lost.
func (t Type) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText accepts what MarshalText produces: a name or a number.
func (t *Type) UnmarshalText(b []byte) error {
	s := string(b)
	for i, n := range typeNames {
		if s == n {
			*t = Type(i)
			return nil
		}
	}
	n, err := strconv.ParseInt(s, 10, 16)
	if err != nil {
		return fmt.Errorf("utmp: unknown record type %q", s)
	}
	*t = Type(n)
	return nil
}

// Record is one decoded struct utmp.
//
// String fields hold the bytes of the C array up to the first NUL, without
// any decoding: they are attacker-controlled and may not be valid UTF-8
// (encoding/json would then replace the bad bytes; internal/snapshot keeps
// them exactly).
type Record struct {
	// Index is the record's position in the file, counting from 0, including
	// corrupted records that were not returned; Offset is its byte offset.
	Index  int   `json:"index"`
	Offset int64 `json:"offset"`

	Type Type  `json:"type"`
	PID  int32 `json:"pid"`
	// Line is the tty device name without "/dev/" (ut_line), e.g. "pts/0".
	Line string `json:"line,omitempty"`
	// ID is the inittab id or tty suffix (ut_id), up to 4 bytes.
	ID   string `json:"id,omitempty"`
	User string `json:"user,omitempty"`
	// Host is the remote host name or address for remote logins, or the
	// kernel release for BOOT_TIME records.
	Host string `json:"host,omitempty"`

	// ExitTermination and ExitStatus are ut_exit (DEAD_PROCESS records).
	ExitTermination int16 `json:"exit_termination,omitempty"`
	ExitStatus      int16 `json:"exit_status,omitempty"`
	Session         int64 `json:"session,omitempty"`
	// Time is ut_tv in UTC, with microsecond precision.
	Time time.Time `json:"time"`
	// Addr is ut_addr_v6: an IPv4 address when only the first word is set,
	// else IPv6; the zero Addr when all words are zero.
	Addr netip.Addr `json:"addr,omitzero"`
}

// Layout describes the on-disk record format.
type Layout struct {
	// Size is the record size in bytes: 384 or 400. Zero means "unknown":
	// NewReader then detects the layout from the data.
	Size      int
	BigEndian bool
}

// Known layouts.
var (
	Layout384LE = Layout{Size: 384}                  // x86_64, i386, riscv64, 32-bit ARM
	Layout384BE = Layout{Size: 384, BigEndian: true} // ppc64, 32-bit big-endian
	Layout400LE = Layout{Size: 400}                  // aarch64
	Layout400BE = Layout{Size: 400, BigEndian: true} // s390x
)

var layouts = [...]Layout{Layout384LE, Layout384BE, Layout400LE, Layout400BE}

// String describes l, e.g. "384-byte little-endian".
func (l Layout) String() string {
	if l.Size == 0 {
		return "auto"
	}
	e := "little-endian"
	if l.BigEndian {
		e = "big-endian"
	}
	return fmt.Sprintf("%d-byte %s", l.Size, e)
}

func (l Layout) valid() bool { return l.Size == 384 || l.Size == 400 }

func (l Layout) order() binary.ByteOrder {
	if l.BigEndian {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// Field offsets common to both layouts. ut_type is a short followed by two
// bytes of padding before the int32 ut_pid.
const (
	offType    = 0
	offPID     = 4
	offLine    = 8 // char[32]
	offID      = 40
	offUser    = 44 // char[32]
	offHost    = 76 // char[256]
	offExit    = 332
	offSession = 336
	lineSize   = 32
	idSize     = 4
	userSize   = 32
	hostSize   = 256
)

// fields returns the offsets that differ between layouts.
func (l Layout) fields() (session, sessionSize, sec, usec, tvSize, addr int) {
	if l.Size == 400 {
		// long ut_session at 336; struct timeval {int64, int64} at 344.
		return 336, 8, 344, 352, 8, 360
	}
	// int32 ut_session; struct { int32 tv_sec, tv_usec } ut_tv.
	return 336, 4, 340, 344, 4, 348
}

// Problem describes a record that could not be decoded, or a finding about
// one that was (e.g. implausible microseconds). It is an error.
type Problem struct {
	Index  int    // record index in the file
	Offset int64  // byte offset of the record
	Reason string // what is wrong, for people
	// Record is the record decoded despite the problem, or nil when there
	// is none (corrupted record, truncated tail).
	Record *Record
}

// Error implements error.
func (p *Problem) Error() string {
	return fmt.Sprintf("utmp: record %d at offset %d: %s", p.Index, p.Offset, p.Reason)
}

// decode decodes one record of exactly l.Size bytes. It returns ok=false
// when the record is corrupted beyond use (ut_type out of range), and a
// non-empty note for anomalies in a record that is still returned.
func decode(b []byte, l Layout, index int, offset int64) (rec Record, ok bool, note string) {
	o := l.order()
	rec.Index, rec.Offset = index, offset
	rec.Type = Type(int16(o.Uint16(b[offType:])))
	if !rec.Type.Valid() {
		return rec, false, fmt.Sprintf("ut_type %d out of range 0..9", rec.Type)
	}
	rec.PID = int32(o.Uint32(b[offPID:]))
	rec.Line = cstring(b[offLine : offLine+lineSize])
	rec.ID = cstring(b[offID : offID+idSize])
	rec.User = cstring(b[offUser : offUser+userSize])
	rec.Host = cstring(b[offHost : offHost+hostSize])
	rec.ExitTermination = int16(o.Uint16(b[offExit:]))
	rec.ExitStatus = int16(o.Uint16(b[offExit+2:]))
	session, sessionSize, secOff, usecOff, tvSize, addrOff := l.fields()
	var sec, usec int64
	if sessionSize == 8 {
		rec.Session = int64(o.Uint64(b[session:]))
	} else {
		rec.Session = int64(int32(o.Uint32(b[session:])))
	}
	if tvSize == 8 {
		sec, usec = int64(o.Uint64(b[secOff:])), int64(o.Uint64(b[usecOff:]))
	} else {
		sec, usec = int64(int32(o.Uint32(b[secOff:]))), int64(int32(o.Uint32(b[usecOff:])))
	}
	if usec < 0 || usec > 999999 {
		note = fmt.Sprintf("tv_usec %d out of range; time normalised", usec)
		// Fold into seconds like the kernel's timeval normalisation would,
		// without overflowing time.Unix's nanosecond argument.
		sec += usec / 1e6
		usec %= 1e6
		if usec < 0 {
			usec += 1e6
			sec--
		}
	}
	rec.Time = time.Unix(sec, usec*1000).UTC()
	rec.Addr = addr(b[addrOff : addrOff+16])
	return rec, true, note
}

// addr interprets ut_addr_v6. The words hold the address bytes in network
// order whatever the host's endianness (glibc copies in_addr/in6_addr into
// it), so the bytes are used as they are.
func addr(b []byte) netip.Addr {
	var a [16]byte
	copy(a[:], b)
	zero := func(s []byte) bool {
		for _, c := range s {
			if c != 0 {
				return false
			}
		}
		return true
	}
	switch {
	case zero(a[:]):
		return netip.Addr{}
	case zero(a[4:]):
		return netip.AddrFrom4([4]byte(a[:4]))
	}
	return netip.AddrFrom16(a)
}

// cstring returns the bytes of a fixed-size C char array up to the first NUL.
func cstring(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}
