package yara

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"
)

// TestProbe checks that deciding from a file's head never changes a
// result: every rule is scanned over large files through ScanTree (which
// probes first) and over the whole data directly.
func TestProbe(t *testing.T) {
	src := `
import "pe"
import "math"
rule small { strings: $a = "needle" condition: filesize < 100KB and $a }
rule mz { strings: $a = "needle" condition: uint16(0) == 0x5A4D and $a }
rule far { condition: uint8(200000) == 0x41 }
rule past_end { condition: not defined uint8(filesize) }
rule pe_mod { condition: pe.number_of_sections == 0 or not pe.is_pe }
rule math_mod { condition: math.entropy(0, filesize) < 1.0 }
rule ref { condition: far }
rule str_only { strings: $a = "needle" condition: $a }
`
	f, err := Parse("p.yar", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := Compile([]*File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	big := bytes.Repeat([]byte("x"), 300000)
	big[200000] = 'A'
	files := map[string][]byte{
		"plain":  bytes.Repeat([]byte("y"), 300000),
		"far":    big,
		"mz":     append([]byte("MZ"), bytes.Repeat([]byte("z"), 200000)...),
		"needle": append(bytes.Repeat([]byte("q"), 250000), "needle"...),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string][]string{}
	err = rules.ScanTree(context.Background(), dir, TreeOptions{Workers: 1}, func(fr FileResult) {
		if fr.Err != nil {
			t.Fatal(fr.Err)
		}
		for _, m := range fr.Result.Matches {
			got[filepath.Base(fr.Path)] = append(got[filepath.Base(fr.Path)], m.Rule)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	probed := 0
	for name, b := range files {
		res, err := rules.Scan(b, nil)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, m := range res.Matches {
			want = append(want, m.Rule)
		}
		g := got[name]
		sort.Strings(want)
		sort.Strings(g)
		if !slices.Equal(want, g) {
			t.Errorf("%s: whole %v, through the probe %v", name, want, g)
		}
		if rules.NewScanner().Probe(b[:HeadSize], int64(len(b))) {
			probed++
			if len(want) > 0 {
				t.Errorf("%s: probe decided no match, but %v match", name, want)
			}
		}
	}
	// pe_mod matches non-PE files, so no file can be decided by its head
	// with this rule set; without it, "plain" is.
	if probed != 0 {
		t.Errorf("%d files decided by the probe despite rules that need modules", probed)
	}
	f2, _ := Parse("q.yar", []byte(`rule small { strings: $a = "needle" condition: filesize < 100KB and $a }
rule mz { strings: $a = "needle" condition: uint16(0) == 0x5A4D and $a }`), nil)
	r2, err := Compile([]*File{f2}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !r2.NewScanner().Probe(files["plain"][:HeadSize], 300000) {
		t.Error("a large file without the MZ header was not decided by its head")
	}
	if r2.NewScanner().Probe(files["mz"][:HeadSize], 200002) {
		t.Error("a large MZ file was decided by its head, but its strings may match")
	}
}

// TestScanTreeTruncated scans a file larger than the scan limit (and
// than the probe's head): the beginning is scanned, filesize is the real
// size, reads past the scanned part are undefined, and the result says so.
func TestScanTreeTruncated(t *testing.T) {
	f, err := Parse("t.yar", []byte(`rule size { condition: filesize == 300000 }
rule far { condition: defined uint8(200000) }
rule count { strings: $a = "xxxx" condition: #a == 997 }`), nil)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := Compile([]*File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "big"), bytes.Repeat([]byte("x"), 300000), 0o644); err != nil {
		t.Fatal(err)
	}
	var got []string
	var scanErr error
	err = rules.ScanTree(context.Background(), dir, TreeOptions{MaxScanSize: 1000}, func(fr FileResult) {
		scanErr = fr.Err
		for _, m := range fr.Result.Matches {
			got = append(got, m.Rule)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(scanErr, ErrTruncated) || !slices.Equal(got, []string{"size", "count"}) {
		t.Fatalf("matches %v, error %v; want [size count] and ErrTruncated", got, scanErr)
	}
}
