package php

// Tests of the faster ways the analysis does things, against what they
// replaced.

import (
	"fmt"
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// runInterp runs the function d of src on args concretely, as runPure
// does, and also returns the bytes the run charged to its budget.
func runInterp(t *testing.T, src string, args ...string) (out string, ok bool, charged int) {
	t.Helper()
	a := newAnalyzer([]byte(src), 0, &shared{decoded: map[string]decoded{}, nested: map[string]nestedResult{}, badCmd: map[string][2]string{}})
	fs := a.byName["d"]
	if len(fs) == 0 {
		t.Fatalf("no function d in %s", src)
	}
	it := &interp{a: a}
	func() {
		defer func() {
			if r := recover(); r != nil {
				ok = false
			}
		}()
		vals := make([]cval, len(args))
		for i, s := range args {
			vals[i] = str(s)
		}
		v := it.call(fs[0], vals)
		out, ok = v.String(), v.k == cStr || v.k == cInt
	}()
	return out, ok, it.bytes
}

// TestStringOffsets: string variables written at offsets (kept as byte
// buffers) read and copy as PHP strings do.
func TestStringOffsets(t *testing.T) {
	for _, c := range []struct {
		name, body, arg, want string
		ok                    bool
	}{
		{"in place", `for ($i = 0; $i < strlen($s); $i++) { $s[$i] = chr(ord($s[$i]) - 1); } return $s;`, "fwbm", "eval", true},
		{"a copy keeps its value", `$t = $s; $s[0] = 'X'; return $t . '|' . $s;`, "abc", "abc|Xbc", true},
		{"a read between writes", `$s[0] = 'a'; $u = $s; $s[1] = 'b'; return $u . '|' . $s;`, "xyz", "ayz|abz", true},
		{"padding past the end", `$s[4] = 'z'; return $s . '|' . strlen($s);`, "ab", "ab  z|5", true},
		{"negative and outside reads", `$s[0] = 'q'; return $s[-1] . $s[0] . $s[9] . '.';`, "abc", "cq.", true},
		{"offsets with side effects", `$i = 0; $s[$i++] = 'x'; $s[$i++] = 'y'; return $s . $i;`, "abc", "xyc2", true},
		{"only the first byte is written", `$s[1] = 'hello'; return $s;`, "abc", "ahc", true},
		{"a negative offset leaves the subset", `$s[-1] = 'x'; return $s;`, "abc", "", false},
		{"an append to a written string leaves the subset", `$s[0] = 'x'; $s[] = 'y'; return $s;`, "abc", "", false},
		{"an empty string becomes an array", `$s = ''; $s[] = 'a'; return count($s);`, "", "1", true},
		{"reassigned after writes", `$s[0] = 'x'; $s = 'new'; $s[1] = 'E'; return $s;`, "abc", "nEw", true},
		{"increment of a written string", `$s[2] = 'y'; $s++; return $s;`, "aax", "aaz", true},
		{"concatenation after writes", `$s[0] = 'z'; $s .= '!'; $s[1] = 'q'; return $s;`, "abc", "zqc!", true},
	} {
		got, ok, _ := runInterp(t, "<?php function d($s) { "+c.body+" }", c.arg)
		if ok != c.ok || ok && got != c.want {
			t.Errorf("%s: %q, %v; want %q, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

// TestStringOffsetsBudget: a write charges the length of the whole
// string, as when every write copied it, so the byte budget runs out
// where it did.
func TestStringOffsetsBudget(t *testing.T) {
	_, ok, charged := runInterp(t, `<?php function d($s) { for ($i = 0; $i < 10; $i++) { $s[$i] = 'x'; } return $s; }`, "abcde")
	want := 0
	for i := 0; i < 10; i++ {
		want += max(5, i+1)
	}
	if !ok || charged != want {
		t.Errorf("charged %d, %v; want %d", charged, ok, want)
	}
}

// TestStringOffsetsEquivalent compares random decoders whose offsets are
// plain expressions (read and written in place) with the same decoders
// whose offsets go through an assignment ($s[$j = $i]), and whose string
// is read whole for strlen (${'s'}), which the interpreter evaluates on a
// copy of the string, as it did every write before strings were kept as
// buffers: the same results, and the same bytes charged.
func TestStringOffsetsEquivalent(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	idx := []string{"$i", "$i + 1", "$i + 3", "0", "2", "$n", "$n - 1", "$i * 2", "$i - 1"}
	stmts := []string{
		"$s[@X] = chr(ord($s[@Y]) + 1);",
		"$s[@X] = 'k';",
		"$t = $s;",
		"$o .= $s[@Y];",
		"$o .= strlen($s);",
		"$o .= $t;",
		"$s[@X] = $t[@Y];",
	}
	for n := 0; n < 500; n++ {
		var fast, slow strings.Builder
		for range 1 + r.Intn(6) {
			x, y := idx[r.Intn(len(idx))], idx[r.Intn(len(idx))]
			st := stmts[r.Intn(len(stmts))]
			fast.WriteString(strings.NewReplacer("@X", x, "@Y", y).Replace(st))
			slow.WriteString(strings.NewReplacer("@X", "$j = "+x, "@Y", "$j = "+y, "strlen($s)", "strlen(${'s'})").Replace(st))
		}
		head := fmt.Sprintf("<?php function d($s) { $o = ''; $t = ''; $n = strlen($s); for ($i = 0; $i < %d; $i++) { ", 1+r.Intn(8))
		tail := " } return $s . '|' . $t . '|' . $o; }"
		arg := strings.Repeat(string(rune('a'+r.Intn(26))), r.Intn(6))
		fastSrc, slowSrc := head+fast.String()+tail, head+slow.String()+tail
		gf, okf, cf := runInterp(t, fastSrc, arg)
		gs, oks, cs := runInterp(t, slowSrc, arg)
		if gf != gs || okf != oks || cf != cs {
			t.Fatalf("%s\n%s\non %q: %q, %v, %d bytes; reference %q, %v, %d bytes", fastSrc, slowSrc, arg, gf, okf, cf, gs, oks, cs)
		}
	}
}

// TestContainsFoldASCII holds containsFoldASCII to the case-insensitive
// regular expression of its word, which it stands in for as a filter.
func TestContainsFoldASCII(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	pieces := []string{"a", "A", "d", "aDd", "add", "ADD", "Add", "handler", "HANDLER", "hAnDlEr", "type", "TyPe", "x", " ", "\u212a", "\u017f", "é", "@", "`"}
	for _, lit := range []string{"addhandler", "addtype"} {
		re := regexp.MustCompile("(?i)" + lit)
		for n := 0; n < 5000; n++ {
			var b strings.Builder
			for range r.Intn(24) {
				b.WriteString(pieces[r.Intn(len(pieces))])
			}
			s := b.String()
			if got, want := containsFoldASCII(s, lit), re.MatchString(s); got != want {
				t.Fatalf("containsFoldASCII(%q, %q) = %v; the expression says %v", s, lit, got, want)
			}
		}
	}
}

// TestDecideSQLClient: in verdict.Decide a database client for any server
// is decided as soon as both halves are seen (decidedLate), with the
// verdict of the whole analysis; a client of the site's own database is
// not reported in either mode.
func TestDecideSQLClient(t *testing.T) {
	rest := `function up($x) { return strtoupper(trim($x)); } echo up($_GET['q']);`
	for _, c := range []struct {
		src  string
		want bool
	}{
		{`<?php $c = mysqli_connect($_POST['host'], $_POST['user'], $_POST['pass']); $r = mysqli_query($c, $_POST['sql']); ` + rest, true},
		{`<?php $c = mysqli_connect(DB_HOST, DB_USER, DB_PASS); $r = mysqli_query($c, "SELECT * FROM posts WHERE id = " . intval($_GET['id'])); ` + rest, false},
	} {
		ex := AnalyzeFor([]byte(c.src), verdict.Explain)
		de := AnalyzeFor([]byte(c.src), verdict.Decide)
		if got := verdict.Max(de) >= verdict.Report; got != c.want || (verdict.Max(ex) >= verdict.Report) != c.want {
			t.Errorf("%s: reported %v with Decide, %v with Explain; want %v", c.src, got, verdict.Max(ex) >= verdict.Report, c.want)
		}
		if c.want && (len(de) == 0 || de[0].Rule != "php.sql-client") {
			t.Errorf("%s: Decide gave %+v", c.src, de)
		}
	}
}

// funcNameRef is funcName before its fast path for plain names.
func funcNameRef(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.LastIndexByte(s, '\\'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// TestFuncNameEquivalent compares funcName with the reference on names
// made of every kind of byte that matters to it.
func TestFuncNameEquivalent(t *testing.T) {
	parts := []string{"", "a", "z", "A", "Z", "_", "0", "9", " ", "\t", "\n", "\r", "\v", "\f", "\\", "\x00", "\x1f",
		"\x7f", "é", "É", "\u0085", "\u00a0", "\u2028", "İ", "K", "ſ", "@", "[", "`", "{", "base64_decode", "System", "NS\\Eval"}
	rng := rand.New(rand.NewSource(1))
	check := func(s string) {
		if got, want := funcName(s), funcNameRef(s); got != want {
			t.Fatalf("funcName(%q) = %q, want %q", s, got, want)
		}
	}
	for _, p := range parts {
		for _, q := range parts {
			check(p + q)
		}
	}
	for range 200000 {
		var b strings.Builder
		for range rng.Intn(6) {
			b.WriteString(parts[rng.Intn(len(parts))])
		}
		check(b.String())
	}
}

// capsSink keeps the values of TestGrownCaps on the heap, as the
// analysis's values are.
var capsSink []*value

// TestGrownCaps: the lists grown gives have the capacities the appends
// one at a time into a value's fields gave.
func TestGrownCaps(t *testing.T) {
	t.Logf("taint %v, strs %v", taintCaps, strsCaps)
	for n := 1; n <= maxTaint; n++ {
		v := &value{}
		capsSink = append(capsSink, v)
		var buf []origin
		for i := range n {
			o := origin{param: i}
			v.taint = append(v.taint, o)
			buf = append(buf, o)
		}
		if g := grown(buf, taintCaps); cap(g) != cap(v.taint) || len(g) != n {
			t.Errorf("taint of %d: cap %d, appends gave %d", n, cap(g), cap(v.taint))
		}
	}
	for n := 1; n <= maxStrs; n++ {
		v := &value{}
		capsSink = append(capsSink, v)
		var buf []string
		for i := range n {
			s := strings.Repeat("x", i)
			v.strs = append(v.strs, s)
			buf = append(buf, s)
		}
		if g := grown(buf, strsCaps); cap(g) != cap(v.strs) || len(g) != n {
			t.Errorf("strs of %d: cap %d, appends gave %d", n, cap(g), cap(v.strs))
		}
	}
	capsSink = nil
}

// TestIsSuperglobal: isSuperglobal is the lookup in superglobals.
func TestIsSuperglobal(t *testing.T) {
	names := []string{"", "_", "H", "_GE", "_GET", "_get", "HTTP", "this", "_SERVER", "GLOBALS", "x"}
	for k := range superglobals {
		names = append(names, k, k+"x", k[:len(k)-1], strings.ToLower(k))
	}
	for _, n := range names {
		if got, want := isSuperglobal(n), superglobals[n]; got != want {
			t.Errorf("isSuperglobal(%q) = %v, want %v", n, got, want)
		}
	}
}
