package jsp

import (
	"sort"
	"sync"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// Analyze returns the webshell detections for a JSP or JSPX page, best
// first, one per rule (nil when nothing was found). Detections scored
// below verdict.Report are supporting evidence (a fixed command run, a
// class of unknown origin defined, obfuscation). It never runs the page,
// bounds its work, and accepts any bytes.
func Analyze(src []byte) []verdict.Detection { return AnalyzeFor(src, verdict.Explain) }

// AnalyzeFor is Analyze for a goal. With verdict.Decide the analysis
// stops at the first sink that makes a detection scored Report or more
// whatever else the page does (request input reaching command execution,
// class loading, script evaluation, ...: see decisive), and returns the
// detections found up to there.
func AnalyzeFor(src []byte, goal verdict.Goal) (ds []verdict.Detection) {
	defer func() {
		if r := recover(); r != nil {
			// A bug must not stop the scan of the other files; the fuzz
			// tests keep this path unused.
			ds = nil
		}
	}()
	return analyze(src, 0, goal == verdict.Decide)
}

// maxNesting bounds the analysis of pages a page writes (a dropper's payload).
const maxNesting = 2

func analyze(src []byte, depth int, decide bool) []verdict.Detection {
	ds := analyzeText(toUTF8(src), depth, decide)
	if decide && verdict.Max(ds) >= verdict.Report {
		return ds
	}
	if alt := altText(src); alt != nil {
		// The page as its declared encoding makes the JSP compiler read it.
		ds = mergeDetections(ds, analyzeText(alt, depth, decide))
	}
	return ds
}

func analyzeText(text []byte, depth int, decide bool) []verdict.Detection {
	pg := parsePage(text)
	if len(pg.segs) == 0 {
		return nil
	}
	a := newAnalysis(pg)
	a.depth = depth
	a.decide = decide
	a.run()
	return a.report()
}

// mergeDetections keeps the best detection of each rule of two readings
// of a page, ordered by score.
func mergeDetections(a, b []verdict.Detection) []verdict.Detection {
	if len(b) == 0 {
		return a
	}
	best := map[string]int{}
	var out []verdict.Detection
	for _, d := range append(a, b...) {
		if i, ok := best[d.Rule]; ok {
			if d.Score > out[i].Score {
				out[i] = d
			}
			continue
		}
		best[d.Rule] = len(out)
		out = append(out, d)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// tokenPool holds token arrays between pages (see newAnalysis).
var tokenPool = sync.Pool{New: func() any { return new([]token) }}

func getTokens() *[]token { return tokenPool.Get().(*[]token) }

// putTokens returns a token array to the pool unless it is outsized.
// Its tokens are not cleared (with the write barriers of a pointer
// array, that cost as much as the allocation saved): the strings of the
// last page stay reachable until the array is reused or the pool
// emptied by a collection.
func putTokens(ts *[]token) {
	if cap(*ts) > 1<<18 {
		return
	}
	*ts = (*ts)[:0]
	tokenPool.Put(ts)
}

// maxPasses bounds the fixed-point iteration.
const maxPasses = 6

func newAnalysis(pg *page) *analysis {
	a := &analysis{
		pg:       pg,
		methods:  map[string][]*method{},
		classes:  map[string]*classDecl{},
		sums:     map[*method]*summary{},
		fields:   &env{vars: map[string]*value{}, shared: true},
		attrs:    map[string]*value{},
		budget:   evalBudget,
		strBytes: strBudget,
	}
	a.fields.vs = &a.vs
	a.tr.zParams = map[string]bool{}
	a.tr.letters = map[byte]bool{}
	a.tr.zVars = map[byte]bool{}
	// The tokens are only read by the parser (the tree keeps none), so
	// their arrays are reused between pages: sized by the page, at about
	// one token per four bytes of code, they were the largest allocation
	// of the analysis, mostly unused on pages made of a long literal.
	declBuf, bodyBuf := getTokens(), getTokens()
	defer putTokens(declBuf)
	defer putTokens(bodyBuf)
	decl, body := (*declBuf)[:0], (*bodyBuf)[:0]
	defer func() { *declBuf, *bodyBuf = decl, body }()
	for i := range pg.segs {
		s := &pg.segs[i]
		switch s.kind {
		case segDeclaration:
			decl = lex(s, decl, &a.st)
		case segScriptlet:
			body = lex(s, body, &a.st)
			body = append(body, token{kind: tOp, text: ";", line: int32(s.line)})
		case segExpression, segEL:
			l := int32(s.line)
			body = append(body,
				token{kind: tIdent, text: "out", line: l}, token{kind: tOp, text: ".", line: l},
				token{kind: tIdent, text: "print", line: l}, token{kind: tOp, text: "(", line: l})
			n := len(body)
			body = lex(s, body, &a.st)
			if s.kind == segEL {
				body = append(body[:n], elTokens(body[n:])...)
			}
			body = append(body, token{kind: tOp, text: ")", line: l}, token{kind: tOp, text: ";", line: l})
		}
	}
	a.markers(decl)
	a.markers(body)
	ps := &parser{t: decl}
	a.pageCls = &classDecl{kind: "class", supers: []string{"HttpJspBase"}}
	ps.classBody(a.pageCls, false)
	ps.t, ps.p, ps.depth = body, 0, 0 // one parser: the slabs serve both
	a.body = ps.stmts()
	return a
}

// elTokens maps EL's word operators to Java's and drops function
// prefixes (fn:escapeXml(...)).
func elTokens(ts []token) []token {
	out := ts[:0]
	for i := 0; i < len(ts); i++ {
		t := ts[i]
		if t.kind == tIdent {
			if op, ok := elOps[t.text]; ok {
				t.kind, t.text = tOp, op
			} else if i+2 < len(ts) && ts[i+1].kind == tOp && ts[i+1].text == ":" && ts[i+2].kind == tIdent {
				i++
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

var elOps = map[string]string{
	"and": "&&", "or": "||", "not": "!", "eq": "==", "ne": "!=", "lt": "<", "gt": ">",
	"le": "<=", "ge": ">=", "div": "/", "mod": "%", "empty": "!",
}

// markers notes names and strings that public write-ups tie to families.
func (a *analysis) markers(ts []token) {
	for i := range ts {
		t := &ts[i]
		switch t.kind {
		case tIdent:
			if len(t.text) == 2 && (t.text[0] == 'z' || t.text[0] == 'Z') && t.text[1] >= '0' && t.text[1] <= '9' {
				a.tr.zVars[t.text[1]] = true
			}
			// Every name below is nine bytes or more and starts with
			// 'S', 'A' or 'F': most names are ruled out before the
			// switch compares them.
			if len(t.text) < 9 || t.text[0] != 'S' && t.text[0] != 'A' && t.text[0] != 'F' {
				continue
			}
			switch t.text {
			case "SpyClassLoader":
				a.tr.spy = t.line
			case "StandardContext", "ApplicationContext", "FilterDef", "FilterMap", "StandardWrapper", "ApplicationFilterConfig":
				a.tr.runtimeCtx = true
			}
		case tString:
			a.stringMarker(t.text, t.line)
		}
	}
	for _, c := range a.st.comments {
		a.stringMarker(c.text, int32(c.line))
	}
}

func (a *analysis) stringMarker(s string, line int32) {
	if len(s) > 256 {
		return
	}
	if len(s) < len("jspspy") {
		// Too short for the other markers; most literals are.
		if s == "X-CMD" {
			a.tr.regeorg = line
		}
		return
	}
	// One pass over s, comparing ignoring ASCII case where a marker's
	// first letter is: string literals are many, and lower-casing one
	// allocates. (strings.ToLower, which this replaced, also maps
	// non-ASCII letters, but none of them to the ASCII letters of these
	// markers.)
	var spy, browser, ctx bool
	// No marker is shorter than "jspspy", and most bytes start none.
	for i := 0; i <= len(s)-len("jspspy"); i++ {
		if !markerStart[s[i]] {
			continue
		}
		switch s[i] | 0x20 {
		case 'j':
			spy = spy || hasPrefixFold(s[i:], "jspspy")
			browser = browser || hasPrefixFold(s[i:], "jsp file browser")
		case 'o':
			ctx = ctx || hasPrefixFold(s[i:], "org.apache.catalina.core.standardcontext")
		case 'f':
			ctx = ctx || hasPrefixFold(s[i:], "filterdef")
		}
	}
	switch {
	case spy:
		a.tr.spy = line
	case s == "X-CMD" || s == "X-TARGET":
		a.tr.regeorg = line
	case browser:
		a.tr.browser = line
	case ctx:
		a.tr.runtimeCtx = true
	}
}

// markerStart holds the first bytes of stringMarker's markers, in both
// cases.
var markerStart = func() (t [256]bool) {
	for _, c := range "jJoOfF" {
		t[c] = true
	}
	return t
}()

// hasPrefixFold reports whether s starts with low (lower case) ignoring
// ASCII case.
func hasPrefixFold(s, low string) bool {
	if len(s) < len(low) {
		return false
	}
	for i := 0; i < len(low); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != low[i] {
			return false
		}
	}
	return true
}

func (a *analysis) run() {
	a.collect(a.pageCls)
	for pass := 0; pass < maxPasses && a.budget > 0; pass++ {
		a.changed = false
		prev := a.sinks
		a.sinks = sinks{hits: map[hitKey]*hit{}, sym: map[hitKey]*hit{}}
		a.evalClass(a.pageCls, nil)
		en := newEnv(a.fields)
		a.withFrame(nil, func() { a.execBlock(a.body, en) })
		if a.decided {
			break
		}
		if a.budget <= 0 && pass > 0 {
			// A pass cut short by the budget has not reached every sink
			// the pass before it did: keep those (values only grow from
			// pass to pass, so the earlier ones are not wrong, only less
			// complete), so that no detection is lost to the budget.
			prev.add(&a.sinks)
			a.sinks = prev
		}
		if !a.changed && pass > 0 {
			break
		}
	}
}

// traits are family markers seen while evaluating.
type traits struct {
	equalsPageCtx int32 // a defined class's instance .equals(pageContext) (Behinder, Godzilla)
	sessionClass  int32 // a defined class stored in the session (Godzilla)
	aes           int32 // Cipher.getInstance("AES...")
	hexKey        int32 // a 16-hex-digit key (Behinder's md5(pass)[:16])
	md5           int32
	substr16      int32 // md5.substring(0,16) / substring(16) (Godzilla's response framing)
	zParams       map[string]bool
	zVars         map[byte]bool // variables z0..z9 (China Chopper's argument names)
	letters       map[byte]bool // single-letter command comparisons (China Chopper's A..Q)
	impl          int32         // a Filter/Servlet/Listener/Valve implementation
	ctxAdd        int32         // ServletContext.addFilter/addServlet/addListener
	runtimeCtx    bool          // the page reaches Tomcat's StandardContext
	unsafe        int32
	roots         int32
	socket        int32
	fileHandler   int32
	tableEnum     int32 // the page lists the database's tables
	spy           int32
	regeorg       int32
	browser       int32
}
