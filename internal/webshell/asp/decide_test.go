package asp

import (
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// bigShellPage is a page with the features of a big shell (file manager,
// command, database, all driven by the request) and no single finding
// that reports it: only the combination does, at the end.
const bigShellPage = `<%
Set fso = Server.CreateObject("Scripting.FileSystemObject")
Set fld = fso.GetFolder(Request("dir"))
For Each f In fld.Files
	Response.Write f.Name & "<br>"
Next
Set sh = Server.CreateObject("WScript.Shell")
Set conn = Server.CreateObject("ADODB.Connection")
conn.Open Request("conn")
%>`

// TestDecideSettled: a page whose verdict is made by the features that
// verdicts combines at the end (a big shell) is reported in Decide mode
// as in Explain mode, and Decide stops once the features are seen; pages
// with fewer features are reported by neither.
func TestDecideSettled(t *testing.T) {
	ex := AnalyzeFor([]byte(bigShellPage), verdict.Explain)
	de := AnalyzeFor([]byte(bigShellPage), verdict.Decide)
	if verdict.Max(ex) < verdict.Report || verdict.Max(de) < verdict.Report {
		t.Fatalf("big shell: explain %d, decide %d", verdict.Max(ex), verdict.Max(de))
	}
	if !hasRule(de, "asp.big-shell") {
		t.Errorf("decide: no asp.big-shell: %v", de)
	}
	for _, d := range de {
		if d.Why == "" || d.WhyZh == "" {
			t.Errorf("%s: empty explanation", d.Rule)
		}
	}
	p := parsePage([]byte(bigShellPage))
	a := newAnalyzer(p)
	a.decide = true
	a.runPage()
	// Decided in the first pass, which reports nothing: no hit (Explain
	// has the database connection's).
	if !a.decided || len(a.hits) != 0 || !hasRule(ex, "asp.db-input") {
		t.Errorf("decide: decided %v with %d hits; want the first pass to decide", a.decided, len(a.hits))
	}

	// A file browser with a database: two features, below Report.
	fewer := strings.Replace(bigShellPage, `Set sh = Server.CreateObject("WScript.Shell")`, "", 1)
	for _, g := range []verdict.Goal{verdict.Explain, verdict.Decide} {
		if s := verdict.Max(AnalyzeFor([]byte(fewer), g)); s >= verdict.Report {
			t.Errorf("two features, goal %d: scored %d", g, s)
		}
	}
}

// TestDecideSameVerdict: Decide reports exactly the pages Explain does,
// on every probe and benign page of the package's tests and on pages
// made of their pieces.
func TestDecideSameVerdict(t *testing.T) {
	var pages []string
	for _, p := range malicious {
		pages = append(pages, p.src)
	}
	for _, p := range benign {
		pages = append(pages, p.src)
	}
	pages = append(pages, bigShellPage)
	files, _ := filepath.Glob("testdata/benign/*.asp")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, string(b))
	}
	// Pieces of the pages put together: features of several pages in one.
	r := rand.New(rand.NewSource(7))
	var lines []string
	for _, p := range pages {
		for _, l := range strings.Split(p, "\n") {
			l = strings.TrimSpace(strings.NewReplacer("<%", "", "%>", "").Replace(l))
			if l != "" && !strings.HasPrefix(l, "@") {
				lines = append(lines, l)
			}
		}
	}
	for range 300 {
		var b strings.Builder
		b.WriteString("<%\n")
		for range 3 + r.Intn(25) {
			b.WriteString(lines[r.Intn(len(lines))])
			b.WriteByte('\n')
		}
		b.WriteString("%>")
		pages = append(pages, b.String())
	}
	for i, p := range pages {
		ex := verdict.Max(AnalyzeFor([]byte(p), verdict.Explain)) >= verdict.Report
		de := verdict.Max(AnalyzeFor([]byte(p), verdict.Decide)) >= verdict.Report
		if ex != de {
			t.Errorf("page %d: explain reports %v, decide %v:\n%s", i, ex, de, p)
		}
	}
}

func TestScriptWords(t *testing.T) {
	ref := map[string]bool{"dim": true, "set": true, "if": true, "then": true, "end": true, "function": true, "sub": true,
		"response": true, "request": true, "server": true, "createobject": true, "execute": true, "eval": true, "write": true,
		"var": true, "return": true, "for": true, "next": true, "else": true, "call": true, "session": true, "form": true,
		"nothing": true, "on": true, "error": true, "resume": true, "true": true, "false": true, "new": true}
	words := []string{"", "d", "di", "dimm", "createobjects", "Dim", "executes", "sessio", "nothin"}
	for w := range ref {
		words = append(words, w, w+"x", w[:len(w)-1])
	}
	for _, w := range words {
		if isScriptWord([]byte(w)) != ref[w] {
			t.Errorf("%q: %v", w, isScriptWord([]byte(w)))
		}
	}
}

// strCtxRef is strCtx.offsets as it was, allocating the offsets of every
// string it scans: the reference of the buffer reuse.
type strCtxRef struct {
	mode strMode
	cost int
	keys [4]string
	offs [4][]int32
	next int
}

func (c *strCtxRef) offsets(s string) []int32 {
	if len(s) >= minCached {
		for i, k := range c.keys {
			if len(k) == len(s) && unsafe.StringData(k) == unsafe.StringData(s) {
				return c.offs[i]
			}
		}
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	var o []int32
	if !ascii {
		o = charOffsets(nil, s, c.mode)
		c.cost += len(s)/8 + 1
	}
	if len(s) >= minCached {
		c.keys[c.next], c.offs[c.next] = s, o
		c.next = (c.next + 1) % len(c.keys)
	}
	return o
}

// TestStrCtxReuse: the offsets strCtx hands out from reused buffers are
// those of a fresh scan, and it charges the same cost, over sequences of
// look-ups on new and repeated strings, short and long, UTF-8 and GBK.
func TestStrCtxReuse(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	alpha := []string{"a", "b", "Z", "1", " ", "é", "中", "\xd6\xd0", "\xff", "\xc3", "𝄞"}
	var pool []string
	for range 40 {
		var b strings.Builder
		for range r.Intn(120) {
			b.WriteString(alpha[r.Intn(len(alpha))])
		}
		pool = append(pool, b.String())
	}
	for _, mode := range []strMode{modeUTF8, modeDBCS} {
		c := &strCtx{mode: mode}
		ref := &strCtxRef{mode: mode}
		for n := 0; n < 20000; n++ {
			s := pool[r.Intn(len(pool))]
			if r.Intn(3) == 0 {
				s = strings.Clone(s) // same text, a new string: not a cache hit
			}
			got, want := c.offsets(s), ref.offsets(s)
			if len(got) != len(want) || (got == nil) != (want == nil) {
				t.Fatalf("mode %d %q: %v, want %v", mode, s, got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("mode %d %q: %v, want %v", mode, s, got, want)
				}
			}
			if c.cost != ref.cost {
				t.Fatalf("mode %d: cost %d, want %d", mode, c.cost, ref.cost)
			}
		}
	}
}

// TestPageExcerpt: the page excerpts read from the table of line starts
// are verdict.Excerpt's, on every line and past either end.
func TestPageExcerpt(t *testing.T) {
	for _, text := range []string{
		"",
		"one line",
		"<%\r\nx = 1\r\n\r\n%>",
		"a\nb\n\n" + strings.Repeat("packé ", 100) + "\nlast\n",
		"\n\n\n",
	} {
		a := newAnalyzer(&page{text: []byte(text)})
		for l := -1; l <= strings.Count(text, "\n")+3; l++ {
			want := verdict.Clip(printable(verdict.Excerpt([]byte(text), l)))
			for range 2 { // computed, then remembered
				if got := a.pageExcerpt(l); got != want {
					t.Errorf("%q line %d: %q, want %q", text, l, got, want)
				}
			}
		}
	}
}

// TestVarsCopyOnWrite holds the shared variable bindings to plain maps,
// one per set of bindings, copied at every copy: after any sequence of
// copies, writes, aliases and joins, each set binds what its map does,
// and sameBindings and joinAll answer as on the maps.
func TestVarsCopyOnWrite(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	pool := []*aval{constVal(str("a")), constVal(num(1)), unknown, {unk: true, taint: &origin{what: "Request"}}, constVal(cv{})}
	keys := []string{"a", "b", "c", "d", "e"}
	for round := 0; round < 300; round++ {
		// vs[i] and refs[i] are the same bindings; an alias is the same
		// *vars, and the same map, twice.
		vs := []*vars{newVars()}
		refs := []map[string]*aval{{}}
		for n := 0; n < 60; n++ {
			i := r.Intn(len(vs))
			switch r.Intn(5) {
			case 0:
				vs = append(vs, vs[i].share())
				refs = append(refs, maps.Clone(refs[i]))
			case 1:
				vs = append(vs, vs[i])
				refs = append(refs, refs[i])
			case 2, 3:
				k, v := keys[r.Intn(len(keys))], pool[r.Intn(len(pool))]
				vs[i].set(k, v)
				refs[i][k] = v
			case 4:
				var ms []*vars
				var rs []map[string]*aval
				for range 1 + r.Intn(3) {
					j := r.Intn(len(vs))
					ms, rs = append(ms, vs[j]), append(rs, refs[j])
				}
				same := true
				for _, m := range rs[1:] {
					same = same && maps.Equal(m, rs[0])
				}
				if got := sameBindings(ms); got != same {
					t.Fatalf("sameBindings %v, want %v", got, same)
				}
				j := joinAll(ms)
				want := joinMapsRef(rs)
				if !reflect.DeepEqual(j.s.m, want) {
					t.Fatalf("joinAll: %v, want %v", j.s.m, want)
				}
				vs = append(vs, j)
				if len(ms) == 1 {
					refs = append(refs, rs[0]) // the same bindings, as joinMaps gives
				} else {
					// A new map (the joined values are equal to want's,
					// not the same pointers).
					refs = append(refs, maps.Clone(j.s.m))
				}
			}
			for k := range vs {
				if !maps.Equal(vs[k].s.m, refs[k]) {
					t.Fatalf("round %d step %d: bindings %d are %v, want %v", round, n, k, vs[k].s.m, refs[k])
				}
			}
		}
	}
}
