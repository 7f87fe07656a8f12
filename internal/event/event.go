// Package event is the one model of a log event that every log parser
// produces (syslog and the programs that write to it, login records, web
// access logs, auditd, shell histories) and that detections, Sigma rules
// and the timeline read.
//
// An Event keeps the line it came from (file, line number, raw text), so
// every finding built on it can quote its evidence. The common fields are
// struct fields; what only some sources have (a URL, an HTTP status, a
// key fingerprint, a command line) goes in Fields under the canonical
// names listed below, which are also the names Sigma rules are mapped to
// (internal/sigma's field map).
package event

import (
	"strconv"
	"strings"
	"time"
	"unsafe"
)

// Event is one log record.
type Event struct {
	// At is when it happened, with its zone; zero when the record has no
	// time. TimeGuessed is set when part of it was inferred (the year of
	// an RFC 3164 syslog line, the zone of a local time).
	At          time.Time `json:"time,omitzero"`
	TimeGuessed bool      `json:"time_guessed,omitempty"`

	Host   string `json:"host,omitempty"` // the host that logged it, when the record says
	Source string `json:"source"`         // the parser: one of the Source* constants
	Type   string `json:"type,omitempty"` // what happened: one of the Type* constants, or "" when not classified

	User       string `json:"user,omitempty"`        // the account acting or logging in
	TargetUser string `json:"target_user,omitempty"` // the account acted on (su/sudo target, useradd's new user)
	SrcIP      string `json:"src_ip,omitempty"`
	SrcPort    int    `json:"src_port,omitempty"`
	DstIP      string `json:"dst_ip,omitempty"`
	DstPort    int    `json:"dst_port,omitempty"`
	Process    string `json:"process,omitempty"` // the program that logged it (sshd, sudo, CRON)
	PID        int    `json:"pid,omitempty"`
	Message    string `json:"message,omitempty"` // the message part, without time, host and program

	Raw  string `json:"raw"`            // the record as read (binary records: a rendering of it)
	File string `json:"file,omitempty"` // the file it was read from, as the user named it
	Line int64  `json:"line,omitempty"` // 1-based line number, or record number for binary files

	// Fields holds the source-specific fields, by the canonical names
	// below. Nil when there are none, or when the event keeps them in
	// itself (see ListFields).
	Fields map[string]string `json:"fields,omitempty"`

	// list, when not nil, holds the fields that Set stores, in the
	// order it stored them, and Fields is not used (see ListFields).
	list *fieldList
}

// fieldList is the fields of an event that keeps them in itself.
type fieldList struct{ f []field }

// Sources: the parser that produced an event.
const (
	SourceSyslog  = "syslog" // a syslog line no program parser recognised
	SourceSSHD    = "sshd"
	SourceSudo    = "sudo"
	SourceSu      = "su"
	SourceCron    = "cron"
	SourceKernel  = "kernel"
	SourceSystemd = "systemd"
	SourceAccount = "account" // useradd, usermod, userdel, groupadd, passwd, chpasswd, chage
	SourceWtmp    = "wtmp"
	SourceBtmp    = "btmp"
	SourceUtmp    = "utmp"
	SourceLastlog = "lastlog"
	SourceWeb     = "web" // HTTP access logs (nginx, Apache, IIS)
	SourceAuditd  = "auditd"
	SourceHistory = "history" // shell histories
)

// Types: what an event says happened. Parsers set the most specific one
// they can; detections and Sigma rules match on them.
const (
	TypeSSHFailed       = "ssh_failed"       // failed password/publickey/keyboard-interactive
	TypeSSHInvalidUser  = "ssh_invalid_user" // login attempt for an account that does not exist
	TypeSSHAccepted     = "ssh_accepted"     // successful authentication
	TypeSSHDisconnect   = "ssh_disconnect"   // connection closed or reset, including preauth
	TypeSSHMaxAuth      = "ssh_max_auth"     // too many authentication failures
	TypeSessionOpen     = "session_open"     // pam_unix session opened
	TypeSessionClose    = "session_close"    // pam_unix session closed
	TypeSudo            = "sudo"             // a command run through sudo
	TypeSudoFailed      = "sudo_failed"      // sudo authentication failure or refusal
	TypeSu              = "su"               // a successful su
	TypeSuFailed        = "su_failed"        // a failed su
	TypeUserAdd         = "user_add"         // useradd / adduser
	TypeUserDel         = "user_del"         // userdel
	TypeUserMod         = "user_mod"         // usermod (groups, shell, home, uid)
	TypeGroupAdd        = "group_add"        // groupadd, or a user added to a group
	TypePasswordChange  = "password_change"  // passwd / chpasswd / chage
	TypeCronCommand     = "cron_command"     // a command cron ran
	TypeServiceStart    = "service_start"    // systemd started a unit
	TypeServiceStop     = "service_stop"     // systemd stopped a unit
	TypeKernel          = "kernel"           // a kernel message
	TypeLogin           = "login"            // a login record (wtmp/utmp USER_PROCESS)
	TypeLogout          = "logout"           // a logout record (DEAD_PROCESS)
	TypeLoginFailed     = "login_failed"     // a btmp record
	TypeBoot            = "boot"             // a boot or shutdown record
	TypeLastLogin       = "last_login"       // a lastlog entry
	TypeWebRequest      = "web_request"      // an HTTP request
	TypeCommand         = "command"          // a shell history command
	TypeAuditPrefix     = "audit_"           // auditd: "audit_" + the lower-case record type (audit_execve, audit_syscall, audit_user_login)
	TypeAccountLocked   = "account_locked"   // faillock/pam_tally lock
	TypeAuthFailure     = "auth_failure"     // a pam_unix authentication failure outside sshd/su/sudo
	TypeUnknownRecord   = "unknown_record"   // a binary record of an unknown kind
	TypeCorruptedRecord = "corrupted_record" // a binary record that failed its checks
)

// Canonical names of the entries of Event.Fields.
const (
	// HTTP
	FieldMethod    = "method"
	FieldURL       = "url" // path and query as sent, not decoded
	FieldPath      = "path"
	FieldQuery     = "query"
	FieldStatus    = "status"
	FieldBytes     = "bytes"
	FieldReferer   = "referer"
	FieldUserAgent = "user_agent"
	FieldVhost     = "vhost"
	FieldProtocol  = "protocol"
	// Authentication
	FieldAuthMethod = "auth_method" // password, publickey, keyboard-interactive/pam, ...
	// FieldAuthFailure is "true" on a failed authentication counted the
	// way fail2ban's sshd filter counts it (one per attempt, against the
	// address of its connection); brute-force detections count these.
	FieldAuthFailure = "auth_failure"
	// FieldRemoteHost is the remote host name of a login record or PAM
	// message when it is not an address (SrcIP holds addresses).
	FieldRemoteHost     = "rhost"
	FieldKeyFingerprint = "key_fingerprint"
	FieldKeyType        = "key_type"
	// Commands (history, auditd execve, sudo COMMAND, cron CMD)
	FieldCommand = "command"
	FieldCwd     = "cwd"
	FieldExe     = "exe"
	FieldTTY     = "tty"
	// auditd
	FieldSyscall = "syscall"
	FieldSuccess = "success"
	FieldKey     = "key"
	FieldAuid    = "auid"
	FieldUID     = "uid"
	FieldComm    = "comm"
	// Account changes
	FieldGroup = "group"
	FieldHome  = "home"
	FieldShell = "shell"
	// Service
	FieldUnit = "unit"
	// Reading
	FieldRepeat    = "repeat"    // N of a syslog "message repeated N times: [ ... ]"
	FieldTruncated = "truncated" // "true" when the line was cut to the parser's bound
)

// Field returns a field by its canonical name, common fields included,
// and whether the event has it. It makes *Event a sigma.Event.
func (e *Event) Field(name string) (string, bool) {
	// Sigma rules look fields up several times per event: by length
	// first, then among the few names of that length, each compared as
	// one or two words, rather than by a switch over all the names.
	switch len(name) {
	case 3:
		switch name {
		case "pid":
			return port(e.PID)
		case "raw":
			return e.Raw, true
		}
	case 4:
		switch name {
		case "time":
			if e.At.IsZero() {
				return "", false
			}
			return e.At.Format(time.RFC3339Nano), true
		case "host":
			return e.Host, e.Host != ""
		case "type":
			return e.Type, e.Type != ""
		case "user":
			return e.User, e.User != ""
		case "file":
			return e.File, e.File != ""
		case "line":
			return strconv.FormatInt(e.Line, 10), e.Line > 0
		}
	case 6:
		switch name {
		case "source":
			return e.Source, e.Source != ""
		case "src_ip":
			return e.SrcIP, e.SrcIP != ""
		case "dst_ip":
			return e.DstIP, e.DstIP != ""
		}
	case 7:
		switch name {
		case "process":
			return e.Process, e.Process != ""
		case "message":
			return e.Message, e.Message != ""
		}
	case 8:
		switch name {
		case "src_port":
			return port(e.SrcPort)
		case "dst_port":
			return port(e.DstPort)
		}
	case 11:
		if name == "target_user" {
			return e.TargetUser, e.TargetUser != ""
		}
	}
	if e.list != nil {
		for _, f := range e.list.f {
			if f.k == name {
				return f.v, true
			}
		}
		return "", false
	}
	v, ok := e.Fields[name]
	return v, ok
}

func port(n int) (string, bool) {
	if n <= 0 {
		return "", false
	}
	return strconv.Itoa(n), true
}

// Set stores a source-specific field, allocating Fields on first use
// (or, after ListFields, in the event itself). An empty value is not
// stored.
func (e *Event) Set(name, value string) {
	if value == "" {
		return
	}
	if l := e.list; l != nil {
		for i := range l.f {
			if l.f[i].k == name {
				l.f[i].v = value
				return
			}
		}
		l.f = append(l.f, field{name, value})
		return
	}
	if e.Fields == nil {
		e.Fields = make(map[string]string, 4)
	}
	e.Fields[name] = value
}

// ListFields makes Set keep e's fields in e itself, in the order they
// are stored, rather than in Fields, which stays nil: for a producer
// whose consumer reads the fields with Field, AppendJSON or an Encoder
// only (logs --events), and reuses its event (Reset), as a map costs a
// hash for every field stored and looked up, and emptying it costs more
// still. The fields are then not in Fields: a consumer that reads
// Fields must not be given such events. Reset keeps the choice; the
// copies Take and Detach return have their fields in Fields.
func (e *Event) ListFields() {
	if e.list == nil {
		e.list = new(fieldList)
	}
}

// Reset empties e, for its producer to make the next event in it,
// keeping the memory of its fields: its Fields map, emptied, or, after
// ListFields, its list.
func (e *Event) Reset() {
	m, l := e.Fields, e.list
	if len(m) > 0 {
		clear(m)
	}
	if l != nil {
		// Its strings are left for the next event's to replace: a
		// few, which keep a few lines' buffers in memory at most.
		l.f = l.f[:0]
	}
	*e = Event{Fields: m, list: l}
}

// fieldMap returns the fields of an event that keeps them in itself
// (ListFields) as a map, nil when there are none.
func (l *fieldList) fieldMap() map[string]string {
	if len(l.f) == 0 {
		return nil
	}
	m := make(map[string]string, len(l.f))
	for _, f := range l.f {
		m[f.k] = f.v
	}
	return m
}

// Take returns a copy of e that takes e's Fields with it, leaving e
// without any: the way to keep an event that its producer reuses (the
// producer then makes a new map when it needs one), cheaper than copying
// the map. The fields of an event that keeps them in itself
// (ListFields) are copied into the copy's Fields, and e keeps its own.
func (e *Event) Take() *Event {
	c := *e
	if e.list != nil {
		c.list, c.Fields = nil, e.list.fieldMap()
		return &c
	}
	if len(c.Fields) == 0 {
		c.Fields = nil
	}
	e.Fields = nil
	return &c
}

// Detach returns a copy of e that keeps none of e's line in memory but
// its own copy: Raw is copied, and the strings that are parts of Raw
// (host, user, addresses, message and the rest, as parsers cut them)
// are the same parts of the copy. Strings that are not parts of Raw
// (constants, the file name) are kept as they are, and so is Fields,
// the same map, whose values a caller that keeps them must copy (the
// fields of an event that keeps them in itself, ListFields, are copied
// into a map of the copy's, their values as they are).
//
// It is the way to keep an event whose line is cut from a buffer shared
// by many lines (syslog.Options.SharedLines): the strings stay valid
// without it, but the event would keep the whole buffer in memory.
func (e *Event) Detach() *Event {
	c, buf := newWithBytes(len(e.Raw))
	*c = *e
	if e.list != nil {
		c.list, c.Fields = nil, e.list.fieldMap()
	}
	if e.Raw == "" {
		return c
	}
	var raw string
	if buf == nil {
		raw = strings.Clone(e.Raw)
	} else {
		copy(buf, e.Raw)
		// buf is the tail of c's own allocation, written only here:
		// the string stays valid and keeps nothing but c in memory.
		raw = unsafe.String(unsafe.SliceData(buf), len(buf))
	}
	c.Raw = raw
	c.Host, c.User, c.TargetUser = rebase(e.Host, e.Raw, raw), rebase(e.User, e.Raw, raw), rebase(e.TargetUser, e.Raw, raw)
	c.SrcIP, c.DstIP = rebase(e.SrcIP, e.Raw, raw), rebase(e.DstIP, e.Raw, raw)
	c.Process, c.Message = rebase(e.Process, e.Raw, raw), rebase(e.Message, e.Raw, raw)
	return c
}

// Events with room for their line after them, in the allocator's size
// classes of 352, 416 and 512 bytes (Event is 256 bytes on 64-bit
// machines): Detach allocates the copy of an event and of its line
// together, one allocation rather than two, for the lines of most logs.
// The bytes hold no pointers, so the collector does not scan them.
type (
	eventBytes96 struct {
		e Event
		b [96]byte
	}
	eventBytes160 struct {
		e Event
		b [160]byte
	}
	eventBytes256 struct {
		e Event
		b [256]byte
	}
)

// newWithBytes returns a new zero Event and n bytes of the same
// allocation, or a new Event and nil when n is 0 or too large to fit.
func newWithBytes(n int) (*Event, []byte) {
	switch {
	case n == 0:
	case n <= 96:
		x := new(eventBytes96)
		return &x.e, x.b[:n]
	case n <= 160:
		x := new(eventBytes160)
		return &x.e, x.b[:n]
	case n <= 256:
		x := new(eventBytes256)
		return &x.e, x.b[:n]
	}
	return new(Event), nil
}

// rebase returns the part of to that s is of from (to a copy of from),
// or s when s is not a part of from.
func rebase(s, from, to string) string {
	if off, ok := within(s, from); ok {
		return to[off : off+len(s)]
	}
	return s
}

// within returns the offset of s in outer when s is a part of outer's
// memory (a substring of it, not an equal string elsewhere).
func within(s, outer string) (int, bool) {
	if s == "" {
		return 0, false
	}
	p, o := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(outer)))
	if p < o || p+uintptr(len(s)) > o+uintptr(len(outer)) {
		return 0, false
	}
	return int(p - o), true
}

// Keywords returns the raw record, which Sigma keyword selections search.
func (e *Event) Keywords() string { return e.Raw }

// Time returns At; with Field and Keywords it makes *Event a sigma.Event.
func (e *Event) Time() time.Time { return e.At }
