package php

import (
	"encoding/json"
	"os"
	"sort"
	"testing"
	"time"
)

func TestDebugFile(t *testing.T) {
	b, err := os.ReadFile(os.Getenv("PHPFILE"))
	if err != nil {
		t.Skip()
	}
	out, _ := json.MarshalIndent(Analyze(b), "", " ")
	t.Logf("%s", out)
}

func TestDebugSlow(t *testing.T) {
	dir := os.Getenv("PHPDIR")
	if dir == "" {
		t.Skip()
	}
	ents, _ := os.ReadDir(dir)
	type ft struct {
		n string
		d time.Duration
	}
	var all []ft
	for _, e := range ents {
		b, _ := os.ReadFile(dir + "/" + e.Name())
		st := time.Now()
		Analyze(b)
		all = append(all, ft{e.Name(), time.Since(st)})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].d > all[j].d })
	var tot, top time.Duration
	for i, x := range all {
		tot += x.d
		if i < 40 {
			top += x.d
		}
	}
	for _, x := range all[:25] {
		t.Logf("%v %s", x.d, x.n)
	}
	t.Logf("total %v, top 40 %v", tot, top)
}
