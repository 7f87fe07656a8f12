package yara

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/yara/module"
	"github.com/yingji/yingji/internal/yara/re"
)

// ErrTimeout is returned when a scan exceeds its time budget; the result
// holds the rules that matched before the budget ran out, which may be
// incomplete.
var ErrTimeout = errors.New("yara: scan time budget exceeded")

// ErrMatchBudget is returned when the file gave more matches than one
// scan keeps (re.MaxScanMatches over all strings): some were dropped, and
// the result, evaluated on the others, may miss rules.
var ErrMatchBudget = errors.New("yara: too many matches in one file, some were dropped")

// ScanOptions tune one scan.
type ScanOptions struct {
	// Timeout bounds the scan of one input; 0 means no limit.
	Timeout time.Duration
	// Size is the size of the whole file when Data is only a bounded
	// prefix of it (filesize reports Size); 0 means len(data).
	Size int64
	// Strings asks for the matched strings of matching rules (yara -s);
	// without it, strings of rules already decided by the first pass are
	// not searched.
	Strings bool
	// Negate reports the rules that do not match instead (yara -n).
	Negate bool
}

// MatchedString is one match of a string.
type MatchedString struct {
	ID     string
	Offset int64
	// Data is the matched bytes (a copy).
	Data []byte
	// Hex says the string was a hex string (yara prints its matches as
	// hex bytes).
	Hex bool
}

// FormatMatchData renders matched bytes as yara -s does: hex strings as
// space-separated hex bytes, others as text with non-printable bytes as
// \xHH.
func FormatMatchData(s MatchedString) string {
	var b strings.Builder
	if s.Hex {
		for i, c := range s.Data {
			if i > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%02X", c)
		}
		return b.String()
	}
	for _, c := range s.Data {
		if c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "\\x%02X", c)
		}
	}
	return b.String()
}

// Match is a rule that matched.
type Match struct {
	Rule      string
	Namespace string
	Tags      []string
	Metas     []*Meta
	// Strings holds the matches of the rule's strings when asked for,
	// in declaration order and then offset order; private strings are
	// left out.
	Strings []MatchedString
}

// Result is the outcome of a scan.
type Result struct {
	Matches []Match
	// TooManyMatches names the strings ("rule:$id") that reached yara's
	// limit of 1,000,000 matches; their further matches were dropped, as
	// yara does.
	TooManyMatches []string
}

// Scanner scans data with a rule set. It keeps buffers between scans and
// is not safe for concurrent use; make one per goroutine.
type Scanner struct {
	r  *Rules
	sc *re.Scanner
	// enabled says, by rule, which patterns the current scan searches.
	enabled []bool
	// hit lists the strings with matches in the current scan; strGen
	// stamps them with gen.
	hit     []int
	strGen  []uint32
	gen     uint32
	ctx     scanCtx
	memoSet []bool
	memoVal []value
}

// NewScanner returns a Scanner for the rules.
func (r *Rules) NewScanner() *Scanner {
	return &Scanner{r: r, sc: r.set.NewScanner(), enabled: make([]bool, len(r.rules)), ctx: scanCtx{matches: make([][]re.Match, len(r.strs))}, strGen: make([]uint32, len(r.strs))}
}

// Scan is a convenience for one scan with a fresh Scanner.
func (r *Rules) Scan(data []byte, opts *ScanOptions) (*Result, error) {
	return r.NewScanner().Scan(data, opts)
}

// Scan evaluates every rule on data.
//
// It works in two passes. The first evaluates every condition with the
// strings unknown: filesize, header checks (uint16(0) == 0x5A4D), module
// fields and rule references often decide a rule without its strings,
// and a rule decided false needs none of its strings searched. The
// patterns of the undecided rules are then searched in one pass over the
// data, and the conditions evaluated again with the matches. The result
// is the same as evaluating every rule with all its strings searched.
func (s *Scanner) Scan(data []byte, opts *ScanOptions) (*Result, error) {
	if opts == nil {
		opts = &ScanOptions{}
	}
	r := s.r
	sc := &s.ctx
	size := int64(len(data))
	if opts.Size > 0 {
		size = opts.Size
	}
	s.reset(data, size)
	var deadline time.Time
	if opts.Timeout > 0 {
		deadline = time.Now().Add(opts.Timeout)
		sc.stop = func() bool { return time.Now().After(deadline) }
	}
	in := &module.Input{Data: data, Size: sc.size}
	sc.mods = make([]*module.Struct, len(r.modules))
	for i, m := range r.modules {
		sc.mods[i] = loadModule(m, in)
	}

	nsDead := s.firstPass()
	// The strings to search: those of the undecided rules (and, for -s,
	// of the rules already true). A false global rule fails its whole
	// namespace, so its rules need no search (rules reference only their
	// namespace).
	for _, si := range s.hit {
		sc.matches[si] = nil
	}
	s.hit = s.hit[:0]
	any := false
	for i, cr := range r.rules {
		need := sc.rules[i] == triUnknown || (opts.Strings && sc.rules[i] == triTrue)
		s.enabled[i] = need && !nsDead[cr.ns] && len(cr.strs) > 0
		any = any || s.enabled[i]
	}

	// Search the strings of the undecided rules.
	res := &Result{}
	var scanErr error
	if any {
		pm, tooMany, err := s.sc.Scan(data, re.ScanOptions{Enabled: s.enabled, Group: r.patRule, Stop: sc.stop})
		switch {
		case errors.Is(err, re.ErrStopped):
			scanErr = ErrTimeout
		case errors.Is(err, re.ErrMatchBudget):
			scanErr = ErrMatchBudget
		}
		s.collect(data, pm, tooMany, res)
	}

	// Second pass.
	sc.pre = false
	nsDead = make([]bool, len(r.ns))
	for i, cr := range r.rules {
		if sc.rules[i] == triUnknown {
			if cr.positive && !s.anyHit(cr) {
				sc.rules[i] = triFalse
			} else {
				sc.rules[i] = cr.cond(sc).truth()
			}
			if sc.stopped {
				scanErr = ErrTimeout
			}
		}
		if cr.global && sc.rules[i] != triTrue {
			nsDead[cr.ns] = true
		}
	}
	for i, cr := range r.rules {
		matched := sc.rules[i] == triTrue && !nsDead[cr.ns]
		if cr.private || matched == opts.Negate {
			continue
		}
		m := Match{Rule: cr.name, Namespace: r.ns[cr.ns], Tags: cr.tags, Metas: cr.metas}
		if opts.Strings && !opts.Negate {
			for _, si := range cr.strs {
				st := r.strs[si]
				if st.private {
					continue
				}
				for _, x := range sc.matches[si] {
					m.Strings = append(m.Strings, MatchedString{ID: st.id, Offset: int64(x.Offset), Data: append([]byte(nil), data[x.Offset:x.Offset+x.Length]...), Hex: st.hex})
				}
			}
		}
		res.Matches = append(res.Matches, m)
	}
	sc.data, sc.mods = nil, nil
	return res, scanErr
}

// collect merges the matches of each string's forms: the fullword check,
// then one match per offset (the first form that matched there, ascii
// before wide, as yara verifies them), in offset order. Only the strings
// of patterns that matched are visited; s.hit lists them.
func (s *Scanner) collect(data []byte, pm [][]re.Match, tooMany []bool, res *Result) {
	r := s.r
	sc := &s.ctx
	s.gen++
	s.hit = s.hit[:0]
	for _, p := range s.sc.Matched() {
		si := r.pats[p].str
		if s.strGen[si] != s.gen {
			s.strGen[si] = s.gen
			s.hit = append(s.hit, si)
		}
	}
	for _, si := range s.hit {
		st := r.strs[si]
		var out []re.Match
		for _, p := range st.pats {
			if tooMany[p] {
				res.TooManyMatches = append(res.TooManyMatches, r.rules[st.rule].name+":"+st.id)
			}
			for _, m := range pm[p] {
				if st.fixed >= 0 && int64(m.Offset) != st.fixed {
					continue
				}
				if st.fullword && !fullwordOK(data, m.Offset, m.Length, r.pats[p].wide) {
					continue
				}
				out = append(out, m)
			}
		}
		if len(st.pats) > 1 && len(out) > 1 {
			sort.SliceStable(out, func(a, b int) bool { return out[a].Offset < out[b].Offset })
			k := 0
			for _, m := range out {
				if k > 0 && out[k-1].Offset == m.Offset {
					continue
				}
				out[k] = m
				k++
			}
			out = out[:k]
		}
		if len(out) > re.MaxStringMatches {
			out = out[:re.MaxStringMatches]
		}
		sc.matches[si] = out
	}
}

// HeadSize is how much of a file Probe needs: the header checks of rule
// sets read the first few hundred bytes.
const HeadSize = 64 << 10

// Probe decides, from the beginning of a file (head) and its size alone,
// whether no rule can match: it evaluates every condition with the
// strings, the module values and the bytes past head unknown. When it
// returns true, scanning the whole file would report no match, so the
// rest of the file need not be read (rules gated by filesize or by a
// header check skip most files of a tree that is not theirs).
func (s *Scanner) Probe(head []byte, size int64) bool {
	r := s.r
	sc := &s.ctx
	s.reset(head, size)
	sc.head = true
	nsDead := s.firstPass()
	decided := true
	for i, cr := range r.rules {
		if sc.rules[i] != triFalse && !nsDead[cr.ns] {
			decided = false
			break
		}
	}
	sc.data = nil
	return decided
}

// reset prepares the context for a scan of data (of a file of size
// bytes), in the first pass.
func (s *Scanner) reset(data []byte, size int64) {
	r := s.r
	sc := &s.ctx
	*sc = scanCtx{r: r, data: data, size: size, rules: growTri(sc.rules, len(r.rules)), vars: growValues(sc.vars, r.slots), matches: sc.matches, pre: true}
	s.resetMemo()
}

// firstPass evaluates the conditions with the strings unknown and returns
// the namespaces failed by a global rule. Conditions made only of string
// terms cannot be decided without the strings and are not evaluated.
func (s *Scanner) firstPass() (nsDead []bool) {
	r := s.r
	sc := &s.ctx
	nsDead = make([]bool, len(r.ns))
	for i, cr := range r.rules {
		if !cr.pre {
			sc.rules[i] = triUnknown
			continue
		}
		sc.rules[i] = cr.cond(sc).truth()
		if cr.global && sc.rules[i] == triFalse {
			nsDead[cr.ns] = true
		}
	}
	return nsDead
}

// resetMemo empties the per-scan cache of file-only terms.
func (s *Scanner) resetMemo() {
	sc := &s.ctx
	n := len(s.r.memo)
	if cap(s.memoSet) < n {
		s.memoSet, s.memoVal = make([]bool, n), make([]value, n)
	}
	sc.memoSet, sc.memoVal = s.memoSet[:n], s.memoVal[:n]
	clear(sc.memoSet)
}

// anyHit reports whether a string of the rule matched in this scan.
func (s *Scanner) anyHit(cr *crule) bool {
	for _, si := range cr.strs {
		if s.strGen[si] == s.gen {
			return true
		}
	}
	return false
}

// loadModule runs a module's Load, turning a panic into an empty
// structure: a module bug must not stop the scan of the other rules.
func loadModule(m *module.Module, in *module.Input) (s *module.Struct) {
	defer func() {
		if recover() != nil {
			s = module.NewStruct()
		}
	}()
	return m.Load(in)
}

func growTri(s []tri, n int) []tri {
	if cap(s) < n {
		return make([]tri, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func growValues(s []value, n int) []value {
	if cap(s) < n {
		return make([]value, n)
	}
	s = s[:n]
	clear(s)
	return s
}
