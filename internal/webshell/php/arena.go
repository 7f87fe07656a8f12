package php

import "sync"

// arena keeps the memory of one file's syntax tree and of its evaluator's
// values for the next file: they are most of what an analysis allocates,
// and a scan analyses thousands of files in a row.
//
// It holds one buffer each of nodes, child lists and values, and chunks
// of flows. The nodes and child lists go to the first parser of the file
// (the parse of the file itself, the largest), the values to the file's
// analyses; a parser or analysis that fills its buffer goes on with chunks
// of its own, as without an arena, so that the paths that make a node or
// a value stay small enough to be inlined. Once a buffer overflowed, the
// arena holds a larger one for the next file. The other parsers (of
// decoded code, of concrete runs) allocate their own chunks.
//
// Nothing may refer to the tree or the values once the file's analysis is
// over (see shared.release): detections hold strings and token indexes,
// never nodes or values.
type arena struct {
	nodes []node
	kids  []*node
	vals  []constValue
	// parser is the parser given nodes and kids (nil: none yet).
	parser  *parser
	assigns [][]assign
	// assignsUsed counts the chunks of assigns handed out.
	assignsUsed int
}

// Sizes of the buffers of a new arena, and bounds of what an arena keeps
// between files, so that one huge file does not pin its memory for the
// rest of the scan: 8 MiB of nodes, 2 MiB of child lists, 4 MiB of flows
// and 8 MiB of values.
const (
	firstNodes            = 1024
	firstKids             = 4096
	firstVals             = 1024
	valChunk              = 64
	maxPooledNodes        = (8 << 20) / 64
	maxPooledKids         = (2 << 20) / 8
	maxPooledVals         = (8 << 20) / 176
	maxPooledAssignChunks = (4 << 20) / (56 * assignChunk)
)

var arenaPool = sync.Pool{New: func() any {
	return &arena{nodes: make([]node, 0, firstNodes), kids: make([]*node, 0, firstKids), vals: make([]constValue, 0, firstVals)}
}}

// giveTree gives p the node and child buffers if no parser has them.
func (ar *arena) giveTree(p *parser) {
	if ar == nil || ar.parser != nil {
		return
	}
	ar.parser = p
	p.slab, p.kidSlab = ar.nodes[:0], ar.kids[:0]
}

// assignChunk returns an empty chunk of at least n flows; only the chunks
// of the usual size are kept.
func (ar *arena) assignChunk(n int) []assign {
	if ar == nil || n > assignChunk {
		return make([]assign, 0, max(assignChunk, n))
	}
	if ar.assignsUsed < len(ar.assigns) {
		c := ar.assigns[ar.assignsUsed]
		ar.assignsUsed++
		return c
	}
	c := make([]assign, 0, assignChunk)
	ar.assigns = append(ar.assigns, c)
	ar.assignsUsed++
	return c
}

// reset makes the arena's memory free again, given the value buffer its
// analyses ended with. What was used and is kept is cleared, so that the
// pooled arena does not keep the last file's text alive; a buffer that
// overflowed is replaced by one twice as large, within the bounds.
func (ar *arena) reset(vals []constValue) {
	if p := ar.parser; p != nil {
		ar.nodes = resetBuf(ar.nodes, p.slab, maxPooledNodes)
		ar.kids = resetBuf(ar.kids, p.kidSlab, maxPooledKids)
		ar.parser = nil
	}
	ar.vals = resetBuf(ar.vals, vals, maxPooledVals)
	if len(ar.assigns) > maxPooledAssignChunks {
		clear(ar.assigns[maxPooledAssignChunks:])
		ar.assigns = ar.assigns[:maxPooledAssignChunks]
	}
	for _, c := range ar.assigns[:min(ar.assignsUsed, len(ar.assigns))] {
		clear(c[:cap(c)])
	}
	ar.assignsUsed = 0
}

// resetBuf returns the buffer buf cleared, or a larger empty one, given
// the slice last the user of buf ended with: still in buf, it tells how
// much of buf was used; elsewhere, buf overflowed.
func resetBuf[T any](buf, last []T, limit int) []T {
	if cap(buf) == 0 {
		return buf
	}
	full := buf[:cap(buf)]
	if cap(last) == cap(buf) && &last[:1][0] == &full[0] {
		clear(full[:len(last)])
		return buf[:0]
	}
	if c := min(2*cap(buf), limit); c > cap(buf) {
		return make([]T, 0, c) // the old buffer is dropped, not cleared
	}
	clear(full)
	return buf[:0]
}
