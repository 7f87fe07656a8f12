package syslog

import (
	"math/rand/v2"
	"testing"
)

// TestPidTable runs random sets and removals, of pids that share home
// slots and runs of slots, against a map.
func TestPidTable(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var tab pidTable
	want := map[int]*conn{}
	// pids drawn from a few hundred, many with the same home
	pids := make([]int, 0, 300)
	for len(pids) < cap(pids) {
		p := r.IntN(1 << 22)
		if len(pids)%3 == 0 {
			for p = r.IntN(1 << 22); tab.home(p) > 8; p = r.IntN(1 << 22) {
			}
		}
		pids = append(pids, p)
	}
	for step := range 200_000 {
		pid := pids[r.IntN(len(pids))]
		if _, ok := want[pid]; ok && r.IntN(2) == 0 || len(want) >= maxConns {
			tab.remove(pid)
			delete(want, pid)
		} else {
			c := &conn{key: connKey{pid: pid}}
			tab.set(pid, c)
			want[pid] = c
		}
		if step%97 == 0 {
			for _, p := range pids {
				if got := tab.get(p); got != want[p] {
					t.Fatalf("step %d: pid %d: %p, want %p", step, p, got, want[p])
				}
			}
		}
	}
}
