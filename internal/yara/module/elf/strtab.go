package elf

import "bytes"

// strtab answers yara's str_table_entry look-ups in one string table.
//
// Two things make the naive look-up quadratic on hostile files, which this
// type avoids: finding the NUL that ends an entry (every symbol may point
// at the start of one huge unterminated run, and section names are read up
// to the end of the file), and copying the entry (each such name would be
// a separate copy of the run). Ends are found through a per-block summary,
// so a look-up reads at most two blocks; names are substrings of a single
// copy of the table, made at the first hit.
type strtab struct {
	raw []byte
	str string // copy of raw, made lazily; names share its memory
	// nextNul[b] is the first block at or after block b that contains a
	// NUL, or -1; built at the first look-up that needs it.
	nextNul []int32
}

// strtabBlock is the block size of the NUL summary: the memory it costs
// (4 bytes per block) against the bytes a look-up may scan (two blocks).
const strtabBlock = 256

func newStrtab(raw []byte) *strtab { return &strtab{raw: raw} }

// entry is str_table_entry: the NUL-terminated string at index, or false
// when the table does not start with a NUL (yara takes it for corrupt), the
// index is outside the table, or the string runs to the end of the table
// without a NUL. The index is a C int in yara: values from 2^31 are
// negative and rejected.
func (t *strtab) entry(index uint64) (string, bool) {
	if len(t.raw) == 0 || t.raw[0] != 0 || index >= 1<<31 || index >= uint64(len(t.raw)) {
		return "", false
	}
	start := int(index)
	end := t.nul(start)
	if end < 0 {
		return "", false
	}
	if t.str == "" {
		t.str = string(t.raw)
	}
	return t.str[start:end], true
}

// nul returns the index of the first NUL at or after i, or -1.
func (t *strtab) nul(i int) int {
	blockEnd := min((i/strtabBlock+1)*strtabBlock, len(t.raw))
	if j := bytes.IndexByte(t.raw[i:blockEnd], 0); j >= 0 {
		return i + j
	}
	b := i/strtabBlock + 1
	if b*strtabBlock >= len(t.raw) {
		return -1
	}
	if t.nextNul == nil {
		t.buildIndex()
	}
	nb := t.nextNul[b]
	if nb < 0 {
		return -1
	}
	start := int(nb) * strtabBlock
	end := min(start+strtabBlock, len(t.raw))
	return start + bytes.IndexByte(t.raw[start:end], 0)
}

func (t *strtab) buildIndex() {
	n := (len(t.raw) + strtabBlock - 1) / strtabBlock
	t.nextNul = make([]int32, n)
	next := int32(-1)
	for b := n - 1; b >= 0; b-- {
		start := b * strtabBlock
		end := min(start+strtabBlock, len(t.raw))
		if bytes.IndexByte(t.raw[start:end], 0) >= 0 {
			next = int32(b)
		}
		t.nextNul[b] = next
	}
}
