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
	return e.Fields[event.FieldAuthFailure] == "true"
}

// Repeat returns how many times the event's line stands for: N for
// "message repeated N times: [ ... ]", else 1.
func Repeat(e *event.Event) int {
	if v, ok := e.Fields[event.FieldRepeat]; ok {
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
	m      map[int]*conn
	n      int         // connections in m
	order  []connOrder // insertion order, with stale entries skipped
	seq    uint64
}

type connOrder struct {
	key connKey
	seq uint64
}

func (t *connTable) get(key connKey) *conn {
	for c := t.m[key.pid]; c != nil; c = c.next {
		if c.key == key {
			return c
		}
	}
	return nil
}

func (t *connTable) delete(key connKey) {
	var prev *conn
	for c := t.m[key.pid]; c != nil; prev, c = c, c.next {
		if c.key != key {
			continue
		}
		switch {
		case prev != nil:
			prev.next = c.next
		case c.next != nil:
			t.m[key.pid] = c.next
		default:
			delete(t.m, key.pid)
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
		if e.SrcIP == "" && t.m != nil {
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
	if t.m == nil {
		t.m = make(map[int]*conn)
	}
	if t.n >= maxConns {
		for len(t.order) > 0 {
			o := t.order[0]
			t.order = t.order[1:]
			if cur := t.get(o.key); cur != nil && cur.seq == o.seq {
				t.delete(o.key)
				break
			}
		}
	}
	t.seq++
	c.seq = t.seq
	c.key = key
	c.next = t.m[key.pid]
	t.m[key.pid] = c
	t.n++
	if len(t.order) >= 4*maxConns {
		// drop stale entries so the order list stays bounded
		live := t.order[:0:0]
		for _, o := range t.order {
			if cur := t.get(o.key); cur != nil && cur.seq == o.seq {
				live = append(live, o)
			}
		}
		t.order = live
	}
	t.order = append(t.order, connOrder{key, c.seq})
}
