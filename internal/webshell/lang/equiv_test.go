package lang

import (
	"bytes"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDetectEquivTrees compares Detect with detectRef on every file
// under the directories of LANGEQUIV (separated by ':').
func TestDetectEquivTrees(t *testing.T) {
	dirs := os.Getenv("LANGEQUIV")
	if dirs == "" {
		t.Skip("LANGEQUIV not set")
	}
	n := 0
	for _, dir := range strings.Split(dirs, ":") {
		filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
			if err != nil || !fi.Mode().IsRegular() {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			n++
			if got, want := Detect(b, p), detectRef(b, p); got != want {
				t.Errorf("%s: got %+v, want %+v", p, got, want)
			}
			return nil
		})
	}
	t.Logf("%d files", n)
}

// equivWords are the pieces the generated inputs are made of: every hint
// and marker in several cases, cut short, and what the markers' readers
// look at around them.
var equivWords = func() []string {
	ws := []string{
		" ", "  ", "\n", "\r\n", "\t", "=", "==", "x", "Y", "_", "%>", "?>", ">", "\"", "'",
		"<%@ page ", "<%@ Page Language=\"C#\" ", "language=\"java\"", "import=", "runat=\"server\"",
		" language=vbscript", "webhandler", "<? ", "<?echo", "<?xml", "<?include(", "set x = 1",
		"Set", "SeT ", "reset x=1", "\x00", "\x01", "\x7f", "\xff", "\xe4\xb8\xad", "GIF89a", "#!/bin/sh\n",
	}
	for _, list := range [][]hint{ciHints, vbHints, csHints} {
		for _, h := range list {
			ws = append(ws, h.text, strings.ToUpper(h.text), h.text[:len(h.text)/2], h.text[len(h.text)/3:])
		}
	}
	for _, m := range markerTexts {
		ws = append(ws, m, strings.ToUpper(m), m[:len(m)-1])
	}
	return ws
}()

// TestDetectEquivRandom compares Detect with detectRef on texts made of
// hints, markers and their fragments, where every offset of the stride
// scan and every anchor byte is met.
func TestDetectEquivRandom(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	n := 30000
	if testing.Short() {
		n = 3000
	}
	for range n {
		var sb strings.Builder
		for i := r.Intn(40); i >= 0; i-- {
			sb.WriteString(equivWords[r.Intn(len(equivWords))])
			if r.Intn(3) == 0 {
				sb.WriteString(strings.Repeat("a", r.Intn(6)))
			}
		}
		b := []byte(sb.String())
		if got, want := Detect(b, "a.txt"), detectRef(b, "a.txt"); got != want {
			t.Fatalf("%q: got %+v, want %+v", b, got, want)
		}
	}
}

// TestFinderEquiv compares the finder's offsets with a search per text
// in the lower-cased text, for all offsets of a text in the stride.
func TestFinderEquiv(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	var pos [256]int
	var occ [maxCollect]int
	for range 20000 {
		var sb strings.Builder
		for i := r.Intn(30); i >= 0; i-- {
			sb.WriteString(equivWords[r.Intn(len(equivWords))])
			sb.WriteString(strings.Repeat("set ", r.Intn(2)))
		}
		b := []byte(sb.String())
		low := LowerASCII(nil, b)
		ps := pos[:len(hintTexts)]
		nOcc := hints.find(b, ps, &occ)
		for k, s := range hintTexts {
			want := strings.Index(string(low), string(LowerASCII(nil, []byte(s))))
			if hintExact[k] {
				want = strings.Index(string(b), s)
			}
			if ps[k] != want {
				t.Fatalf("%q: %q at %d, found at %d", b, s, want, ps[k])
			}
		}
		var wantOcc []int
		for i := 0; len(wantOcc) < maxCollect; i += 4 {
			j := strings.Index(string(low[i:]), "set ")
			if j < 0 {
				break
			}
			i += j
			wantOcc = append(wantOcc, i)
		}
		if got := occ[:nOcc]; !slices.Equal(got, wantOcc) {
			t.Fatalf("%q: set at %v, found at %v", b, wantOcc, got)
		}
	}
}

// FuzzDetectEquiv compares Detect with detectRef on fuzzed input.
func FuzzDetectEquiv(f *testing.F) {
	for _, s := range []string{"<?php 1", "<%@ Page Language=\"C#\" %>", "<%@ page import=\"a\"%>", "\xFF\xFE<\x00%\x00",
		"#!/bin/sh", "<script runat=server language=", "<%@", "<% Set x = y %>", "reset x = 1: Set  y=2", "vbCrLf dim x"} {
		f.Add([]byte(s), "a.asp")
	}
	f.Fuzz(func(t *testing.T, b []byte, name string) {
		if got, want := Detect(b, name), detectRef(b, name); got != want {
			t.Fatalf("got %+v, want %+v", got, want)
		}
	})
}

// TestLooksBinaryEquiv compares looksBinary with looksBinaryRef on
// every byte value at every offset of a word, and on random bytes.
func TestLooksBinaryEquiv(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for c := range 256 {
		for n := range 40 {
			b := []byte(strings.Repeat("a", n))
			for i := 0; i < n; i += 3 {
				b[i] = byte(c)
			}
			if got, want := looksBinary(b), looksBinaryRef(b); got != want {
				t.Fatalf("%q: got %v, want %v", b, got, want)
			}
		}
	}
	for range 20000 {
		b := make([]byte, r.Intn(300))
		for i := range b {
			if r.Intn(4) == 0 {
				b[i] = byte(r.Intn(256))
			} else {
				b[i] = byte('a' + r.Intn(3))
			}
		}
		if got, want := looksBinary(b), looksBinaryRef(b); got != want {
			t.Fatalf("%q: got %v, want %v", b, got, want)
		}
	}
}

// TestMarkerIndexes checks the m* constants against markerTexts, and
// that Detect's offsets fit its array.
func TestMarkerIndexes(t *testing.T) {
	want := map[int]string{
		mPHP: "<?php", mEcho: "<?=", mScriptPHP1: `<script language="php"`, mScriptPHP2: `<script language='php'`,
		mScriptPHP3: "<script language=php", mShort: "<?", mCommentOpen: "<%--", mCommentClose: "--%>",
		mBlock: "<%", mDirective: "<%@", mScript: "<script", mSet: "set ", mJSPRoot: "<jsp:root",
		mJSPDirective: "<jsp:directive", mJSPScriptlet: "<jsp:scriptlet", mJSPDeclaration: "<jsp:declaration",
		mJSPExpression: "<jsp:expression", mJSPNamespace: "xmlns:jsp=",
	}
	if len(markerTexts) != nMarkers || len(want) != nMarkers {
		t.Fatalf("%d marker texts, %d constants", len(markerTexts), nMarkers)
	}
	for m, s := range want {
		if markerTexts[m] != s {
			t.Errorf("marker %d is %q, want %q", m, markerTexts[m], s)
		}
	}
	if len(hintTexts) > 256 {
		t.Errorf("%d hint texts: Detect's posBuf holds 256", len(hintTexts))
	}
}

// stringsLists are lists for NewStrings: the PHP analysis's family
// markers, one-byte and two-byte strings, strings that start or end with
// a space, letters that only a walk finds, and hints cut short.
var stringsLists = [][]string{
	{"b374k", "wso_version", "wsosetcookie", "wso 2.", "wso 4.", "c99sh_", "c99shell", "c99madshell", "r57shell", "r57_"},
	{"WSO_version", "c99", "<%@", "r57shell", "b374k", "ab"},
	{"a", "<", " ", "Z", "\xe4", " x", "x ", "  ", "set ", " set", "$_", "<?", "vbcrlf", "eval(", "[", "{"},
	{"request.getparameter(", "getBytes", "ToString()", "\nfi\n", "%>", "<%", "java", "JAVA"},
}

// TestStringsEquivRandom compares Strings.Index with the search it
// replaced (stringsRef) on texts made of hints, markers and the lists'
// strings in several cases.
func TestStringsEquivRandom(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for _, list := range stringsLists {
		ss, ref := NewStrings(list...), stringsRef(list...)
		words := append([]string{}, equivWords...)
		for _, s := range list {
			words = append(words, s, strings.ToUpper(s), s[:len(s)/2], s[len(s)/2:])
		}
		for range n {
			var sb strings.Builder
			for i := r.Intn(40); i >= 0; i-- {
				sb.WriteString(words[r.Intn(len(words))])
				if r.Intn(3) == 0 {
					sb.WriteString(strings.Repeat(" ", r.Intn(3)))
				}
			}
			b := []byte(sb.String())
			if got, want := ss.Index(b), ref.find(b); !slices.Equal(got, want) {
				t.Fatalf("%q in %q: got %v, want %v", list, b, got, want)
			}
		}
	}
}

// TestStringsEquivTrees compares Strings.Index with stringsRef on every
// file under the directories of LANGEQUIV (separated by ':').
func TestStringsEquivTrees(t *testing.T) {
	dirs := os.Getenv("LANGEQUIV")
	if dirs == "" {
		t.Skip("LANGEQUIV not set")
	}
	type pair struct {
		ss  *Strings
		ref *hintSet
	}
	var ps []pair
	for _, list := range stringsLists {
		ps = append(ps, pair{NewStrings(list...), stringsRef(list...)})
	}
	n := 0
	for _, dir := range strings.Split(dirs, ":") {
		filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
			if err != nil || !fi.Mode().IsRegular() {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			n++
			for k, x := range ps {
				if got, want := x.ss.Index(b), x.ref.find(b); !slices.Equal(got, want) {
					t.Errorf("%s: list %d: got %v, want %v", p, k, got, want)
				}
			}
			return nil
		})
	}
	t.Logf("%d files", n)
}

// FuzzStringsEquiv compares Strings.Index with stringsRef on fuzzed
// input.
func FuzzStringsEquiv(f *testing.F) {
	var ps []*Strings
	var refs []*hintSet
	for _, list := range stringsLists {
		ps = append(ps, NewStrings(list...))
		refs = append(refs, stringsRef(list...))
	}
	for _, s := range []string{"$WSO_VERSION = 1; c99shell", "b374K r57_ wso 2.", "a < Z x  set", "<%@ vbCrLf"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for k := range ps {
			if got, want := ps[k].Index(b), refs[k].find(b); !slices.Equal(got, want) {
				t.Fatalf("list %d: got %v, want %v", k, got, want)
			}
		}
	})
}

// TestTextEquiv compares Text with textRef on UTF-16 and ASCII text, NUL
// bytes at every offset, and every length around the 1024 bytes sniffed.
func TestTextEquiv(t *testing.T) {
	r := rand.New(rand.NewSource(6))
	for n := range 1100 {
		for range 8 {
			b := make([]byte, n)
			zeros := r.Intn(4)
			for i := range b {
				switch {
				case zeros == 1 && i%2 == 1, zeros == 2 && i%2 == 0:
					b[i] = 0
				case r.Intn(4) == 0:
					b[i] = byte(r.Intn(3)) // 0, 1 or 2
				default:
					b[i] = byte('a' + r.Intn(3))
				}
			}
			got, genc := Text(b)
			want, wenc := textRef(b)
			if genc != wenc || !bytes.Equal(got, want) {
				t.Fatalf("%d bytes %q: got %q, want %q", n, b, genc, wenc)
			}
		}
	}
}
