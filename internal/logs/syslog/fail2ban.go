package syslog

import (
	"strings"

	"github.com/yingji/yingji/internal/event"
)

// maxConns is fail2ban's multi-line cache size (Utils.Cache(maxCount=100)
// in filter.py): it bounds the connections remembered, first in, first
// out, and which addresses are found for lines without one.
const maxConns = 100

// IsAuthFailure reports whether e is a failed authentication as fail2ban
// 1.0.2's Debian filter.d/sshd.conf (mode normal) counts it, e.SrcIP being
// the address it counts it against: the events for which it is true, by
// SrcIP, are the rows of "fail2ban-regex -o ip <log> sshd.conf". See the
// package documentation for the rules. It is true only for events of this
// package's parser, which keeps the connection state fail2ban keeps.
func IsAuthFailure(e *event.Event) bool {
	v, _ := e.Field(event.FieldAuthFailure)
	return v == "true"
}

// Repeat returns how many times the event's line stands for: N for
// "message repeated N times: [ ... ]", else 1.
func Repeat(e *event.Event) int {
	if v, ok := e.Field(event.FieldRepeat); ok {
		if n, ok := atoi(v); ok && n > 0 {
			return n
		}
	}
	return 1
}

// connKey is fail2ban's <F-MLFID>: the line prefix, host and daemon with
// its pid.
type connKey struct {
	host, process string
	pid           int
}

// conn is one entry of fail2ban's cache: the merged groups of the lines
// of one connection.
type conn struct {
	key     connKey
	next    *conn // the next connection of the same pid (another host or daemon)
	ip      string
	user    string // the first user named
	multi   bool   // more than one distinct user named
	pending bool   // a failure whose address was unknown (mlfpending)
	seq     uint64
}

func (c *conn) addUser(u string, copies bool) {
	if u == "" {
		return
	}
	if c.user == "" {
		c.user = keep(u, copies)
	} else if c.user != u {
		c.multi = true
	}
}

// connTable is fail2ban's cache of connections. It is looked up for
// nearly every sshd line, so it is keyed by the pid alone, an integer
// that hashes far faster than the host and daemon names; the rare
// connections that share a pid (several hosts in one file) are chained.
type connTable struct {
	// copies says to keep copies of the lines' strings: with
	// Options.SharedLines they are cut from blocks shared by many
	// lines, which a connection kept in the cache would keep in memory.
	copies bool
	m      pidTable
	n      int // connections in m
	// order is the insertion order, with stale entries skipped, from
	// head on: a queue that reuses its array rather than reslicing
	// it away, which made append allocate a new one every few lines.
	order []connOrder
	head  int
	seq   uint64
}

type connOrder struct {
	key connKey
	seq uint64
}

func (t *connTable) get(key connKey) *conn {
	for c := t.m.get(key.pid); c != nil; c = c.next {
		if c.key == key {
			return c
		}
	}
	return nil
}

func (t *connTable) delete(key connKey) {
	var prev *conn
	for c := t.m.get(key.pid); c != nil; prev, c = c, c.next {
		if c.key != key {
			continue
		}
		switch {
		case prev != nil:
			prev.next = c.next
		case c.next != nil:
			t.m.set(key.pid, c.next)
		default:
			t.m.remove(key.pid)
		}
		c.next = nil
		t.n--
		return
	}
}

// apply mirrors fail2ban's Filter._mergeFailure and findFailure (as run
// by fail2ban-regex -o, which takes the first matching expression and
// ignores pending failures) for one sshd event, marks e when fail2ban
// counts it, and fills e.SrcIP from the connection when the line has
// none.
func (t *connTable) apply(e *event.Event, v verdict) {
	key := connKey{e.Host, e.Process, e.PID}
	if v.kind == f2bNone {
		if e.SrcIP == "" && t.n > 0 {
			if c := t.get(key); c != nil {
				e.SrcIP = c.ip
			}
		}
		return
	}
	nofail := v.kind == f2bNoFail || v.kind == f2bGained
	var merged *conn
	var tmp conn
	if c := t.get(key); c != nil {
		c.addUser(v.user, t.copies)
		if v.kind == f2bGained {
			c.pending = false // a login resets pending failures
		}
		if e.SrcIP != "" && e.SrcIP != c.ip {
			c.ip = keep(e.SrcIP, t.copies)
		}
		merged = c
		if v.forget {
			t.delete(key)
		}
	} else if !v.forget {
		c := &conn{ip: keep(e.SrcIP, t.copies)}
		c.addUser(v.user, t.copies)
		t.insert(key, c)
		merged = c
	} else {
		tmp.ip, tmp.user = e.SrcIP, v.user // not kept: no copies
		merged = &tmp
	}
	if merged.pending || merged.multi {
		// pending failures or several users in one connection: fail2ban
		// counts even a line it reads for the address only
		merged.pending = false
		nofail = false
	}
	if e.SrcIP == "" {
		e.SrcIP = merged.ip
	}
	if nofail {
		return
	}
	if merged.ip == "" {
		merged.pending = true
		return
	}
	e.Set(event.FieldAuthFailure, "true")
}

// keep returns s, or a copy of it when copies is set.
func keep(s string, copies bool) string {
	if copies {
		return strings.Clone(s)
	}
	return s
}

// insert adds c, which is not in the table, under key.
func (t *connTable) insert(key connKey, c *conn) {
	if t.n >= maxConns {
		for t.head < len(t.order) {
			o := t.order[t.head]
			t.order[t.head] = connOrder{} // its strings are not kept
			t.head++
			if cur := t.get(o.key); cur != nil && cur.seq == o.seq {
				t.delete(o.key)
				break
			}
		}
	}
	t.seq++
	c.seq = t.seq
	c.key = key
	c.next = t.m.get(key.pid)
	t.m.set(key.pid, c)
	t.n++
	if len(t.order)-t.head >= 4*maxConns {
		// drop stale entries so the order list stays bounded
		live := t.order[:0]
		for _, o := range t.order[t.head:] {
			if cur := t.get(o.key); cur != nil && cur.seq == o.seq {
				live = append(live, o)
			}
		}
		clear(t.order[len(live):])
		t.order, t.head = live, 0
	} else if len(t.order) == cap(t.order) && t.head > 0 {
		// full: the live part moves to the front rather than to a
		// larger array
		n := copy(t.order, t.order[t.head:])
		clear(t.order[n:])
		t.order, t.head = t.order[:n], 0
	}
	t.order = append(t.order, connOrder{key, c.seq})
}

// pidTable maps pids to the first connection of their chain (see
// connTable): a table with open addressing and linear probing, for at
// most maxConns pids, less than half its slots, so that a lookup, made
// for nearly every sshd line, touches a slot or two and costs a fraction
// of a Go map's.
type pidTable struct {
	slots [pidSlots]*conn // chain heads, each at or after its pid's slot
}

const pidSlots = 256 // a power of two, over twice maxConns

func init() {
	if pidSlots < 2*maxConns || pidSlots&(pidSlots-1) != 0 {
		panic("syslog: pidSlots must be a power of two over twice maxConns")
	}
}

// home is the slot where pid's chain goes when it is free.
func (*pidTable) home(pid int) int {
	return int(uint32(pid) * 2654435769 >> 24) // Fibonacci hashing: the top 8 bits
}

// get returns the chain of pid, nil when none.
func (t *pidTable) get(pid int) *conn {
	for i := t.home(pid); ; i = (i + 1) % pidSlots {
		if c := t.slots[i]; c == nil || c.key.pid == pid {
			return c // the table is never full: there is a nil slot
		}
	}
}

// set makes c, not nil, the chain of pid.
func (t *pidTable) set(pid int, c *conn) {
	i := t.home(pid)
	for t.slots[i] != nil && t.slots[i].key.pid != pid {
		i = (i + 1) % pidSlots
	}
	t.slots[i] = c
}

// remove removes the chain of pid, if any. The chains after it in the run
// of used slots move back, each to the freed slot when that is not
// before its home (counting from the home round the table), so that a
// lookup never stops at a gap before reaching its chain.
func (t *pidTable) remove(pid int) {
	i := t.home(pid)
	for ; t.slots[i] != nil; i = (i + 1) % pidSlots {
		if t.slots[i].key.pid == pid {
			break
		}
	}
	if t.slots[i] == nil {
		return
	}
	t.slots[i] = nil
	for j := (i + 1) % pidSlots; t.slots[j] != nil; j = (j + 1) % pidSlots {
		// c can fill the gap at i when i is in the cyclic range
		// [home, j): its probe from home passes i before j.
		c := t.slots[j]
		h := t.home(c.key.pid)
		if (j-h+pidSlots)%pidSlots >= (j-i+pidSlots)%pidSlots {
			t.slots[i], t.slots[j] = c, nil
			i = j
		}
	}
}
