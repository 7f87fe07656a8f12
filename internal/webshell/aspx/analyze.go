package aspx

import (
	"sort"

	"github.com/yingji/yingji/internal/webshell/lang"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

// Analyze analyses one ASP.NET file (.aspx, .ashx, .asmx, .ascx, ...)
// and returns why it is, or may be, a webshell; nil when nothing was
// found. It never runs the file and is safe on hostile input.
func Analyze(src []byte) []verdict.Detection {
	return analyze(src, 0, false)
}

// AnalyzeFor is Analyze for a goal. With verdict.Decide the evaluation
// stops at the first detection scored verdict.Report or more: a
// detection, once recorded, is never lowered or removed (report keeps
// the higher of two at one sink, finish only adds), so the verdict is
// the one the whole evaluation would give.
func AnalyzeFor(src []byte, goal verdict.Goal) []verdict.Detection {
	return analyzeFor(src, 0, false, goal == verdict.Decide)
}

// analyze is Analyze at a nesting depth (code found inside code), with
// vbs set when the text is classic ASP dropped by a .NET page.
func analyze(src []byte, depth int, vbs bool) []verdict.Detection {
	return analyzeFor(src, depth, vbs, false)
}

// analyzeFor is analyze, stopping at the first reporting detection when
// decide is set.
func analyzeFor(src []byte, depth int, vbs, decide bool) []verdict.Detection {
	if len(src) > maxInput {
		src = src[:maxInput]
	}
	text, _ := lang.Text(src)
	pg := parsePage(text)
	if vbs && pg.lang == langCS && pg.langWhy != "" && pg.dirs == nil {
		pg.lang = langVB
		for i := range pg.segs {
			pg.segs[i].lang = langVB
		}
	}
	prog := buildProgram(pg)
	ev := newAnalyzer(pg, prog)
	ev.nested = depth
	ev.vbs = vbs
	ev.decide = decide
	ev.run()
	return ev.finish()
}

// buildProgram lexes and parses every piece of server code of the page:
// class code (script blocks, a handler's source, XSLT scripts) into
// methods, and the <% %> blocks of each language into one render method.
func buildProgram(pg *page) *program {
	prog := newProgram()
	render := map[language][]token{}
	bind := map[language][]token{}
	for _, s := range pg.segs {
		if s.end <= s.start {
			continue
		}
		toks := lex(pg.code, s.start, s.end, pg.ls.at(s.start), s.lang, pg.dbcs)
		switch s.kind {
		case segClass:
			m := &method{global: true, lang: s.lang, off: int32(s.start), line: int32(pg.ls.at(s.start))}
			prog.add(m)
			parseInto(prog, toks, s.lang, m)
		case segStmt:
			render[s.lang] = appendStmt(render[s.lang], toks, s.lang)
		case segExpr:
			render[s.lang] = appendStmt(render[s.lang], writeCall(toks, s), s.lang)
		case segBind:
			bind[s.lang] = appendStmt(bind[s.lang], toks, s.lang)
		}
	}
	for _, group := range []struct {
		toks map[language][]token
		bind bool
	}{{render, false}, {bind, true}} {
		langs := make([]language, 0, len(group.toks))
		for l := range group.toks {
			langs = append(langs, l)
		}
		sort.Slice(langs, func(i, j int) bool { return langs[i] < langs[j] })
		for _, l := range langs {
			m := &method{render: true, bind: group.bind, lang: l}
			prog.add(m)
			parseInto(prog, group.toks[l], l, m)
		}
	}
	return prog
}

func parseInto(prog *program, toks []token, lang language, m *method) {
	if lang == langVB {
		parseVB(prog, toks, m)
		return
	}
	parseBrace(prog, toks, lang, m)
}

// appendStmt joins the tokens of one <% %> block to the render code,
// ending the statement.
func appendStmt(dst, toks []token, lang language) []token {
	dst = append(dst, toks...)
	if len(toks) == 0 {
		return dst
	}
	last := toks[len(toks)-1]
	if lang == langVB {
		return append(dst, token{k: tNL, s: "\n", off: last.off, line: last.line})
	}
	return append(dst, token{k: tOp, s: ";", off: last.off, line: last.line})
}

// writeCall turns <%= expr %> into Response.Write(expr).
func writeCall(toks []token, s segment) []token {
	if len(toks) == 0 {
		return nil
	}
	at := toks[0]
	mk := func(k tkind, v string) token { return token{k: k, s: v, raw: v, off: at.off, line: at.line} }
	out := []token{mk(tIdent, "response"), mk(tOp, "."), mk(tIdent, "write"), mk(tOp, "(")}
	for _, t := range toks {
		if t.k != tNL {
			out = append(out, t)
		}
	}
	return append(out, mk(tOp, ")"))
}
