package webroot

// directive is one parsed configuration directive (nginx or Apache), with
// its block when it has one ("server { ... }", "<VirtualHost ...>").
type directive struct {
	name  string
	args  []string
	line  int
	block []*directive
}

// maxNesting bounds how deep blocks nest in one file, so that a hostile
// file of a million "{" does not build a tree as deep.
const maxNesting = 64

// builder assembles directives into a tree as a parser meets them.
type builder struct {
	top   []*directive
	stack []*directive // open blocks
	deep  int          // blocks opened beyond maxNesting, flattened
}

func (b *builder) add(d *directive) {
	if n := len(b.stack); n > 0 {
		p := b.stack[n-1]
		p.block = append(p.block, d)
	} else {
		b.top = append(b.top, d)
	}
}

// open adds d and makes it the current block. Beyond maxNesting, the
// block's content goes into the deepest block kept.
func (b *builder) open(d *directive) {
	if len(b.stack) >= maxNesting {
		b.deep++
		return
	}
	b.add(d)
	b.stack = append(b.stack, d)
}

// close ends the current block; it reports false when none is open.
func (b *builder) close() bool {
	if b.deep > 0 {
		b.deep--
		return true
	}
	if len(b.stack) == 0 {
		return false
	}
	b.stack = b.stack[:len(b.stack)-1]
	return true
}
