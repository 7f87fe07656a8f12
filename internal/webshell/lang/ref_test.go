package lang

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"path"
	"strings"
	"sync"
)

// The tests of this file hold the fast implementation of Detect to the
// one it replaced, kept here as the reference: a lower-cased copy of the
// text searched with a hash test at every position (hintSet), and the
// markers read back from that copy.

var lowerHintsRef = func() *hintSet {
	hs := newHintSet(ciHints, vbHints, markerHintsRef)
	for _, h := range csHints {
		hs.addExact(h.text)
	}
	return hs
}()

var markerHintsRef = func() []hint {
	hs := make([]hint, len(markerTexts))
	for i, m := range markerTexts {
		hs[i] = hint{l: Unknown, text: m}
	}
	return hs
}()

// markersRef are the first offsets of markerTexts in a lower-cased text.
type markersRef map[string]int

// at returns the first offset of marker m, or -1.
func (ms markersRef) at(m string) int {
	if i, ok := ms[m]; ok {
		return i
	}
	panic("lang: unknown marker " + m) // a programming error: m is not in markerTexts
}

func (ms markersRef) has(m string) bool { return ms.at(m) >= 0 }

func detectRef(b []byte, name string) Result {
	if len(b) == 0 {
		return Result{Unknown, Low, "empty"}
	}
	if len(b) > 2*maxScan+2 {
		b = b[:2*maxScan+2] // enough for maxScan bytes of text in any encoding
	}
	text, enc := Text(b)
	if len(text) > maxScan {
		text = text[:maxScan]
	}
	if enc != "" {
		enc += "; "
	}
	bin := looksBinaryRef(text)
	lowBuf := lowerPool.Get().(*[]byte)
	defer lowerPool.Put(lowBuf)
	low := LowerASCII((*lowBuf)[:0], text)
	*lowBuf = low
	var s scorer

	pos := lowerHintsRef.findIn(low, text)
	ms := make(markersRef, len(markerTexts))
	for i, m := range markerTexts {
		ms[m] = pos[len(ciHints)+len(vbHints)+i]
	}
	shebang(text, &s)
	phpMarkersRef(low, ms, &s)
	block := serverMarkersRef(low, ms, &s)
	for i, p := range pos[:len(ciHints)+len(vbHints)] {
		if p < 0 {
			continue
		}
		if i < len(ciHints) {
			h := ciHints[i]
			s.add(h.l, h.w, h.text)
			continue
		}
		h := vbHints[i-len(ciHints)]
		s.add(ASP, h.w, h.text)
		s.add(ASPX, h.w, h.text)
	}
	if ms.has("set ") && vbSetRef(low[ms.at("set "):]) {
		s.add(ASP, 3, "set x = (VBScript)")
	}
	for i, p := range pos[len(ciHints)+len(vbHints)+len(markerTexts):] {
		if p < 0 {
			continue
		}
		h := csHints[i]
		s.add(h.l, h.w, h.text)
	}

	extL, hasExt := extLang[strings.ToLower(path.Ext(name))]
	best, top := Unknown, 0
	for _, l := range preference {
		if sc := s.score[l]; sc > top || sc == top && sc > 0 && hasExt && l == extL {
			best, top = l, sc
		}
	}
	second := 0
	for _, l := range preference {
		if l != best {
			second = max(second, s.score[l])
		}
	}
	prefix := enc
	if bin {
		prefix += "binary content; "
	}
	threshold := 3
	if bin {
		// Random bytes must not look like code, yet "<%eval request(..)%>"
		// after a JPEG header (IIS "x.asp;.jpg") must still count.
		threshold = 5
	}
	if best != Unknown && top >= threshold {
		conf := Low
		switch {
		case top >= strong && top >= 2*second:
			conf = High
		case top >= 5 && top > second:
			conf = Medium
		}
		why := prefix + strings.Join(s.reasons[best], ", ")
		if top == second {
			why += fmt.Sprintf(" (tie broken by name %q)", path.Base(name))
		}
		return Result{best, conf, why}
	}
	if bin {
		return Result{Binary, High, prefix + "no embedded code"}
	}
	if block && (best == JSP || best == ASP || best == ASPX) {
		// A "<% %>" block is server code even when too short to tell
		// whose; report the best guess rather than HTML.
		return Result{best, Low, prefix + "<% %> code with weak hints: " + strings.Join(s.reasons[best], ", ")}
	}
	if s.score[HTML] > 0 {
		return Result{HTML, Medium, prefix + "markup without server code: " + strings.Join(s.reasons[HTML], ", ")}
	}
	if hasExt && best != Unknown && top > 0 && extL == best {
		return Result{best, Low, prefix + "weak hints agree with name: " + strings.Join(s.reasons[best], ", ")}
	}
	return Result{Unknown, Low, prefix + "no recognisable code"}
}

func looksBinaryRef(b []byte) bool {
	for _, m := range magics {
		if bytes.HasPrefix(b, m) {
			return true
		}
	}
	n := min(len(b), 8192)
	ctl := 0
	for _, c := range b[:n] {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b || c == 0x7f {
			ctl++
		}
	}
	return ctl*20 > n // more than 5%
}

func phpMarkersRef(low []byte, ms markersRef, s *scorer) {
	if ms.has("<?php") {
		s.add(PHP, strong, "<?php tag")
	}
	if i := ms.at("<?="); i >= 0 && bytes.Contains(low[i:], []byte("?>")) {
		s.add(PHP, 4, "<?= tag")
	}
	for _, q := range []string{`<script language="php"`, `<script language='php'`, "<script language=php"} {
		if ms.has(q) {
			s.add(PHP, strong, "<script language=php>")
			break
		}
	}
	short := 0
	for i := max(ms.at("<?"), 0); short < 3 && ms.has("<?"); {
		j := bytes.Index(low[i:], []byte("<?"))
		if j < 0 {
			break
		}
		i += j
		if c := at(low, i+2); c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '$' || c == '@' || shortTagWord(low[i+2:]) {
			short++
		}
		i += 2
	}
	if short > 0 {
		s.add(PHP, 3+short, "short open tag")
	}
}

func serverMarkersRef(low []byte, ms markersRef, s *scorer) (block bool) {
	if ms.has("<%--") && ms.has("--%>") {
		// Server-side comments exist in JSP and ASP.NET, not classic ASP.
		s.add(JSP, 3, "<%-- --%> comment")
		s.add(ASPX, 3, "<%-- --%> comment")
	}
	if i := ms.at("<%"); i >= 0 && bytes.Contains(low[i+2:], []byte("%>")) {
		block = true
		// Shared by JSP, ASP and ASP.NET; the code inside must decide.
		s.add(JSP, 1, "<% %> block")
		s.add(ASP, 1, "<% %> block")
		s.add(ASPX, 1, "<% %> block")
	}
	for _, m := range []string{"<jsp:root", "<jsp:directive", "<jsp:scriptlet", "<jsp:declaration", "<jsp:expression", "xmlns:jsp="} {
		if ms.has(m) {
			s.add(JSP, strong, m)
			break
		}
	}
	seen := map[string]bool{}
	for i, n := max(ms.at("<%@"), 0), 0; n < 20 && ms.has("<%@"); n++ {
		j := bytes.Index(low[i:], []byte("<%@"))
		if j < 0 {
			break
		}
		i += j + 3
		end := min(len(low), i+600)
		if k := bytes.Index(low[i:end], []byte("%>")); k >= 0 {
			end = i + k
		}
		d := strings.TrimSpace(string(low[i:end]))
		w := 0
		for w < len(d) && d[w] >= 'a' && d[w] <= 'z' {
			w++
		}
		word, attrs := d[:w], d[w:]
		if seen[word] {
			continue
		}
		seen[word] = true
		directive(word, attrs, s)
	}
	for i, n := max(ms.at("<script"), 0), 0; n < 20 && ms.has("<script"); n++ {
		j := bytes.Index(low[i:], []byte("<script"))
		if j < 0 {
			break
		}
		i += j + 7
		end := min(len(low), i+300)
		if k := bytes.IndexByte(low[i:end], '>'); k >= 0 {
			end = i + k
		}
		tag := string(low[i:end])
		if !strings.Contains(strings.NewReplacer(`"`, "", "'", "", " ", "").Replace(tag), "runat=server") {
			continue
		}
		switch lang := attr(tag, "language"); lang {
		case "vbscript", "vbs":
			s.add(ASP, 8, "<script runat=server language=vbscript>")
		case "c#", "cs", "csharp", "vb", "visualbasic":
			s.add(ASPX, 8, "<script runat=server language="+lang+">")
		default:
			s.add(ASP, 3, "<script runat=server>")
			s.add(ASPX, 3, "<script runat=server>")
		}
		break
	}
	return block
}

func vbSetRef(low []byte) bool {
	for i, n := 0, 0; n < 50; n++ {
		j := bytes.Index(low[i:], []byte("set "))
		if j < 0 {
			return false
		}
		i += j
		k := i + 4
		if i > 0 && isWord(low[i-1]) {
			i = k
			continue
		}
		for at(low, k) == ' ' {
			k++
		}
		w := k
		for isWord(at(low, k)) {
			k++
		}
		for at(low, k) == ' ' {
			k++
		}
		if k > w && at(low, k) == '=' && at(low, k+1) != '=' {
			return true
		}
		i += 4
	}
	return false
}

// lowerPool keeps the buffers of lower-cased text, which are as large as
// the text scanned, between files.
var lowerPool = sync.Pool{New: func() any { return new([]byte) }}

// stringsRef is the Strings that NewStrings returned before it moved onto
// the finder: a hintSet folding case.
func stringsRef(list ...string) *hintSet {
	hs := make([]hint, len(list))
	for i, t := range list {
		hs[i] = hint{text: string(LowerASCII(nil, []byte(t)))}
	}
	return newFoldSet(hs)
}

// hintSet finds which of a list of strings occur in a text in one pass
// (a search per hint would read a large file a hundred and fifty times).
type hintSet struct {
	texts [][]byte
	// exact holds, for a text added by addExact, the text as written,
	// to be matched case-sensitively in the original text; texts holds
	// it lower-cased, to be searched for in the lower-cased text.
	exact [][]byte
	// Texts of four bytes or more are indexed by a hash of their first
	// four bytes: byQuad holds their indexes by hash and quads has a bit
	// per hash (8 KiB, which stays in the cache). With some 150 texts in
	// 65536 hashes, nearly every position of a text costs one multiply
	// and one bit test, and a rare collision a look at a few candidates.
	byQuad *[1 << quadBits][]int32
	quads  [1 << quadBits / 64]uint64
	// short are the texts of fewer than four bytes, searched one by one.
	short []int32
	// fold makes the search ignore ASCII case (the texts are lower
	// case): bytes are hashed with bit 0x20 set, which maps both cases of
	// a letter to one value, and candidates compared case-insensitively.
	fold bool
}

func newFoldSet(texts ...[]hint) *hintSet {
	hs := newHintSet()
	hs.fold = true
	for _, list := range texts {
		for _, h := range list {
			hs.add(h.text)
		}
	}
	return hs
}

func newHintSet(texts ...[]hint) *hintSet {
	hs := &hintSet{byQuad: new([1 << quadBits][]int32)}
	for _, list := range texts {
		for _, h := range list {
			hs.add(h.text)
		}
	}
	return hs
}

// add adds a text.
func (hs *hintSet) add(text string) {
	hs.addText([]byte(text), nil)
}

// addExact adds a text to be found exactly as written, in the original
// of the lower-cased text searched (see findIn). A case-sensitive match
// is also a match of the lower-cased text in the lower-cased text at the
// same offset (lower-casing ASCII keeps the length), so the one pass over
// the lower-cased text finds its candidates.
func (hs *hintSet) addExact(text string) {
	hs.addText(LowerASCII(nil, []byte(text)), []byte(text))
}

func (hs *hintSet) addText(t, exact []byte) {
	k := int32(len(hs.texts))
	hs.texts = append(hs.texts, t)
	hs.exact = append(hs.exact, exact)
	if len(t) >= 4 {
		w := binary.LittleEndian.Uint32(t)
		if hs.fold {
			w |= fold4
		}
		q := quadHash(w)
		hs.byQuad[q] = append(hs.byQuad[q], k)
		hs.quads[q>>6] |= 1 << (q & 63)
		return
	}
	hs.short = append(hs.short, k)
}

// check looks at the candidates ks at offset i of b, recording in pos
// those found and counting them off left; it reports whether any is still
// to be found, so that a hash or pair whose texts have all been found is
// retired from the scan's copy of the bitmap.
func (hs *hintSet) check(ks []int32, b, orig []byte, i int, pos []int, left *int) (open bool) {
	for _, k := range ks {
		if pos[k] >= 0 {
			continue
		}
		t := hs.texts[k]
		if e := hs.exact[k]; e != nil && bytes.HasPrefix(orig[i:], e) ||
			e == nil && (hs.fold && len(b)-i >= len(t) && lowerEqual(b[i:i+len(t)], t) || !hs.fold && bytes.HasPrefix(b[i:], t)) {
			pos[k] = i
			*left--
			continue
		}
		open = true
	}
	return open
}

// find returns, for each text, the offset of its first occurrence in b,
// or -1.
func (hs *hintSet) find(b []byte) []int { return hs.findIn(b, b) }

// findIn is find for a set with texts added by addExact: b is the text
// lower-cased and orig the text as it was, of the same length.
func (hs *hintSet) findIn(b, orig []byte) []int {
	pos := make([]int, len(hs.texts))
	for k := range pos {
		pos[k] = -1
	}
	hs.findShort(b, orig, pos)
	left := len(hs.texts) - len(hs.short)
	quads := hs.quads
	var fw uint32 // or-ed into each word: fold4 to ignore case
	if hs.fold {
		fw = fold4
	}
	// Four positions per eight-byte load, tested together: nearly all
	// miss. A hit checks the four in order, so that each text's first
	// occurrence is the one recorded.
	fw8 := uint64(fw) | uint64(fw)<<32
	i := 0
	for ; i+8 <= len(b) && left > 0; i += 4 {
		w := binary.LittleEndian.Uint64(b[i:]) | fw8
		q0, q1 := quadHash(uint32(w)), quadHash(uint32(w>>8))
		q2, q3 := quadHash(uint32(w>>16)), quadHash(uint32(w>>24))
		if (quads[q0>>6]>>(q0&63)|quads[q1>>6]>>(q1&63)|quads[q2>>6]>>(q2&63)|quads[q3>>6]>>(q3&63))&1 == 0 {
			continue
		}
		for k, q := range [4]uint32{q0, q1, q2, q3} {
			if quads[q>>6]&(1<<(q&63)) != 0 && !hs.check(hs.byQuad[q], b, orig, i+k, pos, &left) {
				quads[q>>6] &^= 1 << (q & 63)
			}
		}
	}
	for ; i+4 <= len(b) && left > 0; i++ {
		q := quadHash(binary.LittleEndian.Uint32(b[i:]) | fw)
		if quads[q>>6]&(1<<(q&63)) != 0 && !hs.check(hs.byQuad[q], b, orig, i, pos, &left) {
			quads[q>>6] &^= 1 << (q & 63)
		}
	}
	return pos
}

// findShort finds the texts shorter than four bytes. They are few and
// start with rare bytes ("<?", "<%@"): when they all start with the same
// byte, one walk over that byte's occurrences finds them all; otherwise a
// search each.
func (hs *hintSet) findShort(b, orig []byte, pos []int) {
	if len(hs.short) == 0 {
		return
	}
	c0 := hs.texts[hs.short[0]][0]
	same := !hs.fold || !isASCIILetter(c0)
	for _, k := range hs.short {
		same = same && hs.texts[k][0] == c0 && hs.exact[k] == nil
	}
	if !same {
		for _, k := range hs.short {
			switch {
			case hs.exact[k] != nil:
				pos[k] = bytes.Index(orig, hs.exact[k])
			case hs.fold:
				pos[k] = indexFold(b, hs.texts[k])
			default:
				pos[k] = bytes.Index(b, hs.texts[k])
			}
		}
		return
	}
	left := len(hs.short)
	for i := 0; left > 0; i++ {
		j := bytes.IndexByte(b[i:], c0)
		if j < 0 {
			return
		}
		i += j
		for _, k := range hs.short {
			t := hs.texts[k]
			if pos[k] < 0 && len(b)-i >= len(t) && (hs.fold && lowerEqual(b[i:i+len(t)], t) || !hs.fold && bytes.HasPrefix(b[i:], t)) {
				pos[k] = i
				left--
			}
		}
	}
}

// zeroCountsRef counts the NUL bytes at even and odd offsets of the
// first 1024 bytes of b (an even number), as Text did a byte at a time.
func zeroCountsRef(b []byte) (zeroEven, zeroOdd int) {
	n := min(len(b)&^1, 1024)
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			zeroEven++
		}
		if b[i+1] == 0 {
			zeroOdd++
		}
	}
	return zeroEven, zeroOdd
}

// textRef is Text with zeroCountsRef.
func textRef(b []byte) (text []byte, enc string) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return b[3:], "UTF-8 BOM"
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return FromUTF16(b[2:], false), "UTF-16LE"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return FromUTF16(b[2:], true), "UTF-16BE"
	}
	if len(b) >= 8 {
		zeroEven, zeroOdd := zeroCountsRef(b)
		half := min(len(b)&^1, 1024) / 2
		if zeroOdd*10 >= half*7 && zeroEven*10 < half {
			return FromUTF16(b, false), "UTF-16LE (no BOM)"
		}
		if zeroEven*10 >= half*7 && zeroOdd*10 < half {
			return FromUTF16(b, true), "UTF-16BE (no BOM)"
		}
	}
	return b, ""
}
