package webroot

import "fmt"

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

// includes is what the nginx and Apache walks share: the files being
// walked (to cut include cycles and bound their depth) and the parse
// cache of one server's configurations, shared by its walks.
type includes struct {
	f      *finder
	server string // "nginx" or "apache", in problems
	parse  func([]byte) ([]*directive, error)
	cache  map[string][]*directive
	stack  []string // canonical names of the files being walked
}

// enter resolves and loads the configuration file name for walking and
// returns its directives; ok is false when it is not to be walked (it
// cannot be resolved or read, it closes a cycle, it is nested too deep,
// or the file limit is reached). A walked file is left with leave.
func (in *includes) enter(name string) (dirs []*directive, ok bool) {
	f := in.f
	canon, err := f.src.Resolve(name)
	if err != nil {
		f.problem("%s: %w", in.server, err)
		return nil, false
	}
	for _, s := range in.stack {
		if s == canon {
			f.problem("%s: %s: include cycle, not followed", in.server, name)
			return nil, false
		}
	}
	if len(in.stack) >= MaxIncludeDepth {
		f.problem("%s: %s: includes nested more than %d deep, not followed", in.server, name, MaxIncludeDepth)
		return nil, false
	}
	f.seen[canon] = true
	dirs, cached := in.cache[canon]
	if !cached {
		data, ok := f.readConfig(name)
		if !ok {
			return nil, false
		}
		var err error
		dirs, err = in.parse(data)
		if err != nil {
			f.problem("%s: %s: %w", in.server, name, err)
		}
		in.cache[canon] = dirs
	} else if f.files >= MaxFiles {
		f.limit(fmt.Sprintf("more than %d configuration files: the rest are not read", MaxFiles))
		return nil, false
	} else {
		f.files++
	}
	in.stack = append(in.stack, canon)
	return dirs, true
}

// leave ends the walk of the file last entered.
func (in *includes) leave() { in.stack = in.stack[:len(in.stack)-1] }

// unseen returns the files matching pattern that are not directories and
// that no walk has read yet: the vhost directories read on their own, in
// case no main configuration includes them.
func (f *finder) unseen(pattern string) []string {
	names, err := f.glob(pattern)
	if err != nil {
		f.problem("%w", err)
		return nil
	}
	var out []string
	for _, n := range names {
		if canon, err := f.src.Resolve(n); err != nil || f.seen[canon] || f.isDir(n) {
			continue
		}
		out = append(out, n)
	}
	return out
}
