package jsp

// The parser allocated a syntax tree node per name, literal, call and
// statement of the page, and the evaluation a value per literal, call
// and concatenation at every pass and a scope per branch: over the
// development set, more than two million allocations per pass, each a
// call into the allocator that cost more than building the object.
// These are handed out from arrays of their type instead, and argument
// and statement lists carved from shared arrays. All of them live as
// long as the page's analysis, so keeping a whole array alive for one
// of them costs nothing.

// slab hands out zeroed values of one type from arrays allocated a chunk
// at a time; the chunks grow with the page, so that a small page does not
// pay for a large array.
type slab[T any] struct {
	free []T
	next int // size of the next chunk
}

const (
	minChunk = 8
	maxChunk = 128 // elements: a chunk of values (some 200 bytes each) stays a small object (32 KiB at most)
)

// alloc returns a pointer to a new zero T.
func (s *slab[T]) alloc() *T {
	if len(s.free) == 0 {
		s.next = min(max(2*s.next, minChunk), maxChunk)
		s.free = make([]T, s.next)
	}
	x := &s.free[0]
	s.free = s.free[1:]
	return x
}

// put returns a pointer to a copy of v allocated from s.
func put[T any](s *slab[T], v T) *T {
	x := s.alloc()
	*x = v
	return x
}

// listSlab carves lists of exactly their length (a list that is appended
// to later is copied by append, never written over its neighbours).
type listSlab[T any] struct {
	free []T
	next int
}

// copyOf returns a copy of xs carved from the slab, or nil for an empty
// list (as appending to a nil list left it).
func (s *listSlab[T]) copyOf(xs []T) []T {
	n := len(xs)
	switch {
	case n == 0:
		return nil
	case n > maxChunk/4:
		return append([]T(nil), xs...)
	case len(s.free) < n:
		s.next = min(max(2*s.next, 4*minChunk), 2*maxChunk)
		s.free = make([]T, s.next)
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	copy(out, xs)
	return out
}

// take returns a zeroed list of n elements carved from the slab.
func (s *listSlab[T]) take(n int) []T {
	switch {
	case n == 0:
		return []T{}
	case n > maxChunk/4:
		return make([]T, n)
	case len(s.free) < n:
		s.next = min(max(2*s.next, 4*minChunk), 2*maxChunk)
		s.free = make([]T, s.next)
	}
	out := s.free[:n:n]
	s.free = s.free[n:]
	return out
}

// values holds the slabs of the scopes and of the values one page's
// analysis makes most of (a literal's value at every pass,
// concatenations, call results).
type values struct {
	envs  slab[env]
	vals  slab[value]
	one   slab[[1]string]
	lists listSlab[*value]
}

// newValue returns a new zero value from the analysis's slab. Callers
// set its fields one by one: a composite literal would be copied in
// whole, which costs about what the allocation saved.
func (a *analysis) newValue() *value { return a.vs.vals.alloc() }

// kindVal is the package's kindVal from the analysis's slab.
func (a *analysis) kindVal(k kind) *value {
	v := a.vs.vals.alloc()
	v.kinds, v.open = k, true
	return v
}

// strVal is the package's strVal from the analysis's slabs.
func (a *analysis) strVal(s string) *value {
	v, one := a.vs.vals.alloc(), a.vs.one.alloc()
	one[0] = s
	v.strs = one[:]
	return v
}

// nodes holds the slabs of one page's syntax tree.
type nodes struct {
	names   slab[nameExpr]
	lits    slab[litExpr]
	calls   slab[callExpr]
	fields  slab[fieldExpr]
	bins    slab[binaryExpr]
	assigns slab[assignExpr]
	unaries slab[unaryExpr]
	indexes slab[indexExpr]
	news    slab[newExpr]
	conds   slab[condExpr]
	casts   slab[castExpr]
	xstmts  slab[exprStmt]
	vars    slab[localVar]
	blocks  slab[block]
	ifs     slab[ifStmt]
	rets    slab[returnStmt]
	exprs   listSlab[expr]
	stmts   listSlab[stmt]
	strs    listSlab[string]
	// exprStack and stmtStack hold the lists being parsed, innermost
	// last: a list is pushed element by element, then copied out to its
	// slab and popped.
	exprStack []expr
	stmtStack []stmt
}
