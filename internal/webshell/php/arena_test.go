package php

import (
	"encoding/json"
	"math/rand"
	"sync"
	"testing"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// arenaInputs are the probe and benign snippets of the package's tests.
func arenaInputs() []string {
	var srcs []string
	for _, p := range probes {
		srcs = append(srcs, p.src)
	}
	for _, p := range benign {
		srcs = append(srcs, p.src)
	}
	for _, p := range constructProbes {
		srcs = append(srcs, p.src)
	}
	for _, p := range constructBenign {
		srcs = append(srcs, p.src)
	}
	for _, p := range recallProbes {
		srcs = append(srcs, p.src)
	}
	for _, p := range recallBenign {
		srcs = append(srcs, p.src)
	}
	for _, p := range recall2Probes {
		srcs = append(srcs, p.src)
	}
	return srcs
}

func marshalDets(t *testing.T, ds []verdict.Detection) string {
	t.Helper()
	b, err := json.Marshal(ds)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestArenaReuse: analysing a file in an arena the previous files used
// (and reset) gives what it gives in a new arena, for both goals, and the
// detections of a file stay the same after its arena has gone on to the
// next files: nothing of a result points into the tree.
func TestArenaReuse(t *testing.T) {
	srcs := arenaInputs()
	for _, goal := range []verdict.Goal{verdict.Explain, verdict.Decide} {
		want := make([]string, len(srcs))
		for i, s := range srcs {
			want[i] = marshalDets(t, analyzeIn([]byte(s), goal, new(arena)))
		}
		rng := rand.New(rand.NewSource(1))
		ar := new(arena)
		for round := range 3 {
			order := rng.Perm(len(srcs))
			if round == 0 {
				for i := range order {
					order[i] = i
				}
			}
			var prev []verdict.Detection
			prevI := -1
			for _, i := range order {
				ds := analyzeIn([]byte(srcs[i]), goal, ar)
				// The previous file's detections, read after its arena
				// was reused for this one.
				if prevI >= 0 {
					if got := marshalDets(t, prev); got != want[prevI] {
						t.Fatalf("goal %v: detections of input %d changed after the arena was reused:\n got %s\nwant %s", goal, prevI, got, want[prevI])
					}
				}
				if got := marshalDets(t, ds); got != want[i] {
					t.Fatalf("goal %v: input %d in a reused arena:\n got %s\nwant %s", goal, i, got, want[i])
				}
				prev, prevI = ds, i
			}
		}
	}
}

// TestArenaConcurrent analyses the probes from several goroutines at once
// through the pool (run with -race).
func TestArenaConcurrent(t *testing.T) {
	srcs := arenaInputs()
	want := make([]string, len(srcs))
	for i, s := range srcs {
		want[i] = marshalDets(t, AnalyzeFor([]byte(s), verdict.Explain))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(g)))
			for _, i := range rng.Perm(len(srcs)) {
				b, _ := json.Marshal(AnalyzeFor([]byte(srcs[i]), verdict.Explain))
				if string(b) != want[i] {
					errs <- srcs[i]
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for s := range errs {
		t.Errorf("different detections under concurrency for %q", s)
	}
}

// TestArenaBuffers: a buffer that overflowed is replaced by a larger
// one, up to the bound; one that did not is cleared as far as it was used
// and kept.
func TestArenaBuffers(t *testing.T) {
	ar := arenaPool.New().(*arena)
	p := &parser{ts: []Token{{}}}
	ar.giveTree(p)
	if q := (&parser{}); true {
		ar.giveTree(q)
		if cap(q.slab) != 0 {
			t.Fatal("a second parser was given the buffers")
		}
	}
	for range 10 {
		p.node(node{s: "x"})
	}
	kept := ar.nodes
	ar.reset(ar.vals[:0])
	if cap(ar.nodes) != firstNodes || &ar.nodes[:1][0] != &kept[:1][0] {
		t.Fatal("a buffer that did not overflow was replaced")
	}
	if ar.nodes[:10][9].s != "" {
		t.Fatal("the used part was not cleared")
	}
	for c := firstNodes; ; c *= 2 {
		p = &parser{}
		ar.giveTree(p)
		for range cap(ar.nodes) + 1 {
			p.node(node{s: "x"})
		}
		ar.reset(ar.vals[:0])
		if want := min(2*c, maxPooledNodes); cap(ar.nodes) != want {
			t.Fatalf("after an overflow of %d nodes: a buffer of %d, want %d", c, cap(ar.nodes), want)
		}
		if c >= maxPooledNodes {
			break
		}
	}
	vals := ar.vals[:3]
	vals[2].one[0] = "x"
	ar.reset(vals)
	if ar.vals[:3][2].one[0] != "" || cap(ar.vals) != firstVals {
		t.Fatal("the used values were not cleared and kept")
	}
}
