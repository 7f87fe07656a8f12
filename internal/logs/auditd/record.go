package auditd

import (
	"encoding/hex"
	"strconv"
	"strings"
)

// stamp identifies an audit event: the records of one event share it.
type stamp struct {
	sec    int64
	nsec   int64
	serial uint64
}

// kv is one key=value pair of a record. inner marks pairs that came from
// inside msg='...'; quoted marks values that were written in quotes, which
// are never hex-decoded.
type kv struct {
	key, val      string
	quoted, inner bool
}

// record is one parsed line.
type record struct {
	node string
	typ  string // as written, e.g. "SYSCALL"
	st   stamp
	kvs  []kv
	enr  []kv   // enriched (after 0x1d) pairs: SYSCALL=execve AUID="root"
	msg  string // the text of msg='...', when present
	raw  string
	line int64
}

// parseRecord parses one audit.log line. ok is false when the line is not an
// audit record (no type= or no msg=audit(...) stamp).
func parseRecord(line string, kvs []kv) (rec record, ok bool) {
	rec.raw = line
	s := line
	if strings.HasPrefix(s, "node=") {
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			return rec, false
		}
		rec.node = s[len("node="):i]
		s = strings.TrimLeft(s[i:], " ")
	}
	if !strings.HasPrefix(s, "type=") {
		return rec, false
	}
	s = s[len("type="):]
	i := strings.IndexByte(s, ' ')
	if i <= 0 {
		return rec, false
	}
	rec.typ = s[:i]
	s = strings.TrimLeft(s[i:], " ")
	if !strings.HasPrefix(s, "msg=audit(") {
		return rec, false
	}
	s = s[len("msg=audit("):]
	end := strings.IndexByte(s, ')')
	if end < 0 {
		return rec, false
	}
	st, good := parseStamp(s[:end])
	if !good {
		return rec, false
	}
	rec.st = st
	s = s[end+1:]
	// Old user-space records (DAEMON_CONFIG) have no colon after the stamp.
	s = strings.TrimPrefix(s, ":")
	if j := strings.IndexByte(s, 0x1d); j >= 0 {
		rec.enr = parseKVs(s[j+1:], nil, false)
		s = s[:j]
	}
	rec.kvs = parseKVs(s, kvs[:0], false)
	for _, p := range rec.kvs {
		if p.key == "msg" && !p.inner {
			rec.msg = p.val
			break
		}
	}
	return rec, true
}

// parseStamp parses "1364481363.243:24287".
func parseStamp(s string) (st stamp, ok bool) {
	dot := strings.IndexByte(s, '.')
	colon := strings.IndexByte(s, ':')
	if dot <= 0 || colon < dot+2 || colon == len(s)-1 {
		return st, false
	}
	var err error
	if st.sec, err = strconv.ParseInt(s[:dot], 10, 64); err != nil || st.sec < 0 {
		return st, false
	}
	frac := s[dot+1 : colon]
	if len(frac) > 9 {
		return st, false
	}
	if st.nsec, err = strconv.ParseInt(frac, 10, 64); err != nil || st.nsec < 0 {
		return st, false
	}
	// Scale to nanoseconds whatever the number of digits (auditd writes 3).
	for range 9 - len(frac) {
		st.nsec *= 10
	}
	if st.serial, err = strconv.ParseUint(s[colon+1:], 10, 64); err != nil {
		return st, false
	}
	return st, true
}

// parseKVs appends the key=value pairs of s to dst. Words without "=" (the
// free text of old records: "avc:  denied  { read } for") are skipped. A
// msg='...' value is both kept whole and parsed for the pairs inside it.
func parseKVs(s string, dst []kv, inner bool) []kv {
	const maxPairs = 512 // a record has ~40; bounds work on forged lines
	for len(s) > 0 && len(dst) < maxPairs {
		// Skip separators. "(hostname=?, addr=?" in old PAM records.
		for len(s) > 0 && (s[0] == ' ' || s[0] == ',' || s[0] == '(' || s[0] == ')') {
			s = s[1:]
		}
		if len(s) == 0 {
			break
		}
		eq := -1
		j := 0
		for ; j < len(s) && s[j] != ' '; j++ {
			if s[j] == '=' {
				eq = j
				break
			}
		}
		if eq <= 0 {
			// A bare word (or "=value" with no key): skip it.
			for j < len(s) && s[j] != ' ' {
				j++
			}
			s = s[j:]
			continue
		}
		key := s[:eq]
		s = s[eq+1:]
		var val string
		quoted := false
		if len(s) > 0 && (s[0] == '"' || s[0] == '\'') {
			q := s[0]
			k := strings.IndexByte(s[1:], q)
			if k < 0 {
				val, s = s[1:], ""
			} else {
				val, s = s[1:1+k], s[k+2:]
			}
			quoted = true
			if q == '\'' && key == "msg" && !inner {
				dst = append(dst, kv{key: key, val: val, quoted: true})
				dst = parseKVs(val, dst, true)
				continue
			}
		} else {
			k := strings.IndexByte(s, ' ')
			if k < 0 {
				k = len(s)
			}
			val, s = s[:k], s[k:]
			// Old PAM records close a parenthesis or list:
			// "(hostname=?, addr=?, terminal=cron res=success)"; "(null)"
			// and "(none)" keep theirs.
			val = strings.TrimSuffix(val, ",")
			if strings.HasSuffix(val, ")") && !strings.Contains(val, "(") {
				val = val[:len(val)-1]
			}
		}
		dst = append(dst, kv{key: key, val: val, quoted: quoted, inner: inner})
	}
	return dst
}

// encodable lists the fields the kernel and libaudit write in quotes, or in
// hex when the value holds a space, quote or control byte.
var encodable = map[string]bool{
	"exe": true, "comm": true, "cwd": true, "name": true, "proctitle": true,
	"cmd": true, "acct": true, "key": true, "path": true, "data": true,
	"new-chardev": true, "old-chardev": true, "new-disk": true, "old-disk": true,
	"new-fs": true, "old-fs": true, "ocomm": true, "watch": true, "dir": true,
	"file": true, "root_dir": true, "grp": true, "new_group": true,
	"old-rng": true, "new-rng": true, "vm": true, "device": true, "cgroup": true,
	"sw": true,
}

// isEncodable reports whether key is a field that is hex-encoded when it
// is not quoted: the list above plus the EXECVE arguments a0, a1[2], ....
func isEncodable(key string) bool {
	if encodable[key] {
		return true
	}
	if len(key) >= 2 && key[0] == 'a' && key[1] >= '0' && key[1] <= '9' {
		return !strings.HasSuffix(key, "_len")
	}
	return false
}

// value returns the value of p decoded, or "" when it means "no value".
func value(p kv) string {
	v := p.val
	if p.quoted {
		return v
	}
	switch v {
	case "", "?", "(null)", "(none)":
		return ""
	}
	if isEncodable(p.key) {
		// A stray closing quote after a hex value has been seen in the wild.
		h := strings.TrimSuffix(v, `"`)
		if d, ok := unhex(h); ok {
			return d
		}
	}
	return v
}

// unhex decodes s when it is an even-length string of hex digits.
func unhex(s string) (string, bool) {
	if len(s) == 0 || len(s)%2 != 0 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'F' || 'a' <= c && c <= 'f') {
			return "", false
		}
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return "", false
	}
	return string(b), true
}

// get returns the decoded value of the first pair named key in kvs.
func get(kvs []kv, key string) (string, bool) {
	for _, p := range kvs {
		if p.key == key {
			return value(p), true
		}
	}
	return "", false
}
