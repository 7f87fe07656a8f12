package lang

import (
	"bytes"
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
