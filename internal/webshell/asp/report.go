package asp

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/yingji/yingji/internal/webshell/lang"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

// Analyze analyses a classic ASP page and returns what it found, most
// severe first. A page that is ASP.NET or JSP (by its directives), or
// text without server code that does not read as VBScript, gives nil.
// Analyze never panics on hostile input: an internal error gives nil.
func Analyze(src []byte) []verdict.Detection { return AnalyzeFor(src, verdict.Explain) }

// AnalyzeFor is Analyze with a goal: with verdict.Decide the analysis of
// the page ends at its first finding scoring verdict.Report (see
// analyzer.decided).
func AnalyzeFor(src []byte, goal verdict.Goal) (ds []verdict.Detection) {
	defer func() {
		if recover() != nil {
			ds = nil
		}
	}()
	return analyzeFor(src, goal == verdict.Decide)
}

// encLine is the line base of code decoded from the Script Encoder: a
// token at line encLine*(k+1)+n is line n of the k-th decoded block.
const encLine = 1 << 24

func analyze(src []byte) []verdict.Detection { return analyzeFor(src, false) }

func analyzeFor(src []byte, decide bool) []verdict.Detection {
	p := parsePage(src)
	if p.foreign {
		return nil
	}
	if p.tagless {
		if r := lang.Detect(src, ""); r.Lang != lang.ASP {
			return nil
		}
		p.blocks = []block{{lang: vbscript, code: p.text, line: 1}}
	}
	ds := analyzePage(p, decide)
	if p.tagless && verdict.Max(ds) < verdict.Report {
		// A fragment written into a string of a configuration file
		// (`1":eval request("a")'`): read it from inside the string.
		if i := bytes.IndexByte(p.text, '"'); i >= 0 && i < 200 {
			q := *p
			line := 1 + bytes.Count(p.text[:i], []byte{'\n'})
			q.blocks = []block{{lang: vbscript, code: p.text[i+1:], line: line}}
			if ds2 := analyzePage(&q, decide); verdict.Max(ds2) > verdict.Max(ds) {
				ds = ds2
			}
		}
	}
	return ds
}

func analyzePage(p *page, decide bool) []verdict.Detection {
	a := newAnalyzer(p)
	a.decide = decide
	a.runPage()
	ds := a.verdicts()
	// The detections keep no node of the page's program.
	a.prog.free()
	return ds
}

// runPage lexes, parses and analyses the page's code blocks.
func (a *analyzer) runPage() {
	p := a.page
	a.lay = &layer{text: p.text}
	prog := &program{reuse: true}
	a.prog = prog
	var vbToks, jsToks []token
	var enc []encBlock
	n := 0
	for _, b := range p.blocks {
		if b.lang != jscript {
			n += lexCap(len(b.code)) + 4
		}
	}
	vbToks = newToks(min(n, maxTokens+16))
	// Sized for the page (a distinct identifier every few hundred bytes
	// of code), as growing it was a large part of lexing.
	words := make(map[string]spelling, min(n/64, 4096))
	for _, b := range p.blocks {
		line := b.line
		if b.encoded {
			enc = append(enc, encBlock{line: b.line, text: b.code})
			line = encLine*len(enc) + 1
		}
		a.codeLen += len(bytes.TrimSpace(b.code))
		if b.lang == jscript {
			toks := lexJS(b.code, line)
			toks = toks[:len(toks)-1]
			if len(toks) > 0 {
				toks[0].nl = true
			}
			if b.expr {
				l := line
				jsToks = append(jsToks, token{k: tIdent, s: "Response", low: "response", line: l, nl: true},
					token{k: tOp, s: ".", line: l}, token{k: tIdent, s: "Write", low: "write", line: l}, token{k: tOp, s: "(", line: l})
				jsToks = append(jsToks, toks...)
				jsToks = append(jsToks, token{k: tOp, s: ")", line: l}, token{k: tOp, s: ";", line: l})
			} else {
				jsToks = append(jsToks, toks...)
			}
			freeToks(toks)
			continue
		}
		vbToks = append(vbToks, token{k: tNL, line: line})
		if b.expr {
			vbToks = append(vbToks, token{k: tIdent, s: "Response", low: "response", line: line},
				token{k: tOp, s: ".", line: line}, token{k: tIdent, s: "Write", low: "write", line: line})
		}
		vbToks = lexVBWords(vbToks, b.code, line, words)
		vbToks = vbToks[:len(vbToks)-1] // its EOF
		if len(vbToks) > maxTokens {
			break
		}
	}
	a.enc = enc
	vbToks = append(vbToks, token{k: tEOF})
	jsToks = append(jsToks, token{k: tEOF, nl: true})
	prog.stmts = append(prog.stmts, parseVB(vbToks, prog)...)
	prog.stmts = append(prog.stmts, parseJS(jsToks, prog)...)
	freeToks(vbToks)
	a.run(prog, p.objects)
}

// encBlock is a block decoded from the Script Encoder.
type encBlock struct {
	line int
	text []byte
}

// excerptLine returns line l (1-based) of text, or of the decoded block
// it designates.
func excerptLine(text []byte, l int) string {
	return verdict.Excerpt(text, l)
}

// family markers: names the big Chinese ASP shells carry in their banner,
// in UTF-8 and in GBK.
var familyMarks = []struct {
	family, zh string
	marks      []string
}{
	{"HaiYang", "海阳顶端网", []string{"海阳顶端网", "\xba\xa3\xd1\xf4\xb6\xa5\xb6\xcb\xcd\xf8", "hididi.net", "haiyangtop"}},
	{"LaoBing", "老兵", []string{"老兵", "\xc0\xcf\xb1\xf8", "laobing"}},
	{"BuMieZhiHun", "不灭之魂", []string{"不灭之魂", "\xb2\xbb\xc3\xf0\xd6\xae\xbb\xea"}},
}

func (a *analyzer) verdicts() []verdict.Detection {
	var ds []verdict.Detection
	top := 0
	for _, h := range a.hits {
		top = max(top, h.score)
	}
	for _, h := range a.hits {
		d := verdict.Detection{Rule: h.rule, Score: h.score, Why: h.why, WhyZh: h.whyZh, Family: h.family}
		if h.src != nil {
			d.Source = a.sourcePoint(h.src)
		}
		steps := h.steps
		if b := a.encAt(h.line); b != nil {
			steps = addSteps([]step{{what: "Script Encoder (VBScript.Encode/JScript.Encode) decoded", line: h.line}}, steps)
		}
		for _, s := range steps {
			d.Steps = append(d.Steps, verdict.Point{Line: a.pageLine(s.line), What: s.what})
		}
		d.Sink = &verdict.Point{Line: a.pageLine(h.line), What: h.sink, Excerpt: verdict.Clip(h.excerpt)}
		if d.Sink.Excerpt == "" {
			d.Sink.Excerpt = a.pageExcerpt(h.line)
		}
		ds = append(ds, d)
	}
	// The China Chopper one-liner: input straight into Execute/Eval and
	// nearly nothing else.
	if a.codeLen > 0 && a.codeLen < 400 {
		for _, h := range a.hits {
			if h.rule == "asp.exec-input" {
				ds = append(ds, verdict.Detection{Rule: "family.china-chopper", Score: 95, Family: "ChinaChopper",
					Source: a.sourcePoint(h.src),
					Sink:   &verdict.Point{Line: a.pageLine(h.line), What: h.sink, Excerpt: a.pageExcerpt(h.line)},
					Why:    "a one-line server (\"eval request\"): the server side of China Chopper, also used by AntSword and Cknife",
					WhyZh:  "一句话木马（eval request）：中国菜刀的服务端，蚁剑、C刀等客户端同样使用"})
				top = max(top, 95)
				break
			}
		}
	}
	// A database manager: any server, any statement, chosen by the client;
	// with xp_cmdshell or sp_OACreate, commands through SQL Server.
	if a.dbConn && a.dbSQL != nil {
		d := verdict.Detection{Rule: "asp.db-manager", Score: 65, Source: a.sourcePoint(a.dbSQL),
			Why:   "the client chooses the database server and runs any SQL statement on it: a database manager",
			WhyZh: "由客户端指定数据库服务器并执行任意 SQL 语句：数据库管理功能"}
		if a.strs["xp_cmdshell"] || a.strs["sp_oacreate"] {
			d.Rule, d.Score = "asp.sql-cmdshell", 80
			d.Why = "the client chooses a SQL Server and runs any statement on it, with xp_cmdshell/sp_OACreate at hand: commands through the database"
			d.WhyZh = "由客户端指定 SQL Server 并执行任意语句，且含 xp_cmdshell/sp_OACreate：借数据库执行系统命令"
		}
		ds = append(ds, d)
		top = max(top, d.Score)
	}
	// A database browser: rows of tables the request names, read from a
	// server the request chooses.
	if a.dbConn && a.dbSQL == nil && a.dbQuery != nil {
		d := verdict.Detection{Rule: "asp.db-browser", Score: 60, Source: a.sourcePoint(a.dbQuery),
			Why:   "the client chooses the database server and the query reads rows built from request input: a database browser",
			WhyZh: "由客户端指定数据库服务器，并按请求参数构造查询读取数据：数据库浏览功能"}
		ds = append(ds, d)
		top = max(top, d.Score)
	}
	// A write-permission probe: empty files created on request-chosen
	// paths and deleted again, with no data written: the reconnaissance
	// that finds where a webshell can be dropped.
	if a.probeCreate != nil && a.probeDelete != nil && !a.dataWrite {
		d := verdict.Detection{Rule: "asp.write-probe", Score: 60, Source: a.sourcePoint(a.probeCreate),
			Why:   "empty files are created on paths sent by the client and deleted again: a scanner of writable directories",
			WhyZh: "在客户端指定的路径上创建空文件后再删除：可写目录扫描工具"}
		ds = append(ds, d)
		top = max(top, d.Score)
	}
	// Big shells: file manager, command, database, upload in one page.
	if d, ok := a.bigShell(); ok {
		ds = append(ds, d)
		top = max(top, d.Score)
	}
	if top >= verdict.High || a.features["files"] != 0 && len(a.features) >= 3 {
		for i, found := range a.families() {
			if f := familyMarks[i]; found {
				ds = append(ds, verdict.Detection{Rule: "family." + lower(f.family), Score: max(top, 80), Family: f.family,
					Why:   fmt.Sprintf("the banner of the %s (%s) ASP shell, with its behaviour", f.family, f.zh),
					WhyZh: fmt.Sprintf("含 %s 大马的标识，且具备其功能", f.zh)})
			}
		}
	}
	if n := a.page.encoded; n > 0 {
		ds = append(ds, verdict.Detection{Rule: "asp.script-encoded", Score: 30,
			Why:   fmt.Sprintf("%d block(s) written with the Microsoft Script Encoder (decoded and analysed)", n),
			WhyZh: fmt.Sprintf("%d 段代码经 Microsoft Script Encoder 加密（已解密并分析）", n)})
	}
	for _, note := range a.page.notes {
		if strings.HasPrefix(note, "UTF-7") {
			ds = append(ds, verdict.Detection{Rule: "asp.utf7", Score: 40,
				Why:   "the page declares code page 65000 (UTF-7), which hides its code from byte scanners",
				WhyZh: "页面声明代码页 65000（UTF-7），用于躲避特征扫描"})
		}
	}
	if len(a.obfus) > 0 {
		d := verdict.Detection{Rule: "asp.obfuscated", Score: 40,
			Why:   "strings are built at run time by " + stepNames(a.obfus),
			WhyZh: "字符串在运行时经 " + stepNames(a.obfus) + " 拼接还原"}
		for _, s := range a.obfus {
			d.Steps = append(d.Steps, verdict.Point{Line: a.pageLine(s.line), What: s.what})
		}
		ds = append(ds, d)
	}
	for _, inc := range a.page.includes {
		ext := lower(inc.path)
		if i := strings.LastIndexByte(ext, '.'); i >= 0 {
			ext = ext[i:]
		}
		switch ext {
		case ".asp", ".inc", ".asa", ".htm", ".html", ".shtml", ".js", ".vbs", ".config", ".cls", ".fun", ".lib":
			if top >= verdict.Report {
				ds = append(ds, verdict.Detection{Rule: "asp.include", Score: 5,
					Sink:  &verdict.Point{Line: inc.line, What: "#include " + inc.path, Excerpt: a.pageExcerpt(inc.line)},
					Why:   "server-side include of " + inc.path + " (its code runs with this page)",
					WhyZh: "服务器端包含 " + inc.path + "（其代码随本页执行）"})
			}
		default:
			ds = append(ds, verdict.Detection{Rule: "asp.include-nonscript", Score: 50,
				Sink:  &verdict.Point{Line: inc.line, What: "#include " + inc.path, Excerpt: a.pageExcerpt(inc.line)},
				Why:   "server-side include of a file that is not a script (" + inc.path + "): its content runs as code",
				WhyZh: "服务器端包含非脚本文件（" + inc.path + "），其内容将作为代码执行"})
		}
	}
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Score > ds[j].Score })
	// The same behaviour repeated on many lines (a big shell decodes
	// dozens of blocks) is reported a few times, not a hundred.
	per := map[string]int{}
	out := ds[:0]
	for _, d := range ds {
		per[d.Rule]++
		if per[d.Rule] <= maxPerRule {
			out = append(out, d)
		}
	}
	return out
}

// maxPerRule bounds the detections of one rule in one page.
const maxPerRule = 3

// families reports, for each of familyMarks, whether the page carries
// one of its marks (looked for once).
func (a *analyzer) families() []bool {
	if a.family == nil {
		a.family = make([]bool, len(familyMarks))
		for i, f := range familyMarks {
			for _, m := range f.marks {
				if containsFold(a.page.text, m) {
					a.family[i] = true
					break
				}
			}
		}
	}
	return a.family
}

// bigShellFeatures lists the webshell features of the page, in report
// order, and scores their combination (0: not a big shell).
func (a *analyzer) bigShellFeatures() (names []string, score int) {
	f := a.features
	has := func(k string) bool { _, ok := f[k]; return ok }
	exec := has("exec") || has("shellobj")
	for _, k := range []string{"files", "exec", "db", "upload", "download", "registry"} {
		if k == "exec" && exec || k != "exec" && has(k) {
			names = append(names, k)
		}
	}
	if a.strs["localadministrator"] || a.strs["-setusersetup"] {
		names = append(names, "serv-u")
	}
	switch {
	case has("files") && exec && has("db"):
		score = 80
	case has("files") && len(names) >= 3:
		score = 75
	case len(names) >= 3:
		score = 65
	case len(names) == 2 && has("files"):
		score = 50
	}
	return names, score
}

// bigShellScore is the score of bigShell's detection, 0 for none.
func (a *analyzer) bigShellScore() int {
	_, score := a.bigShellFeatures()
	return score
}

// bigShell scores the combination of webshell features.
func (a *analyzer) bigShell() (verdict.Detection, bool) {
	f := a.features
	names, score := a.bigShellFeatures()
	if score == 0 {
		return verdict.Detection{}, false
	}
	zh := map[string]string{"files": "文件管理", "exec": "命令执行", "db": "数据库管理", "upload": "上传", "download": "下载", "registry": "注册表读取", "serv-u": "Serv-U 提权"}
	var zs []string
	for _, n := range names {
		zs = append(zs, zh[n])
	}
	d := verdict.Detection{Rule: "asp.big-shell", Score: score,
		Why:   "one page combines " + strings.Join(names, ", ") + " driven by the request, as ASP webshells (\"大马\") do",
		WhyZh: "同一页面集成了由请求驱动的" + strings.Join(zs, "、") + "功能，符合 ASP 大马特征"}
	for _, n := range names {
		if l := f[n]; l > 0 {
			d.Steps = append(d.Steps, verdict.Point{Line: a.pageLine(l), What: n, Excerpt: a.pageExcerpt(l)})
		}
	}
	return d, true
}

// sourcePoint is the evidence point of an input.
func (a *analyzer) sourcePoint(o *origin) *verdict.Point {
	p := &verdict.Point{Line: a.pageLine(o.line), What: o.what, Excerpt: verdict.Clip(o.excerpt)}
	if p.Excerpt == "" {
		p.Excerpt = a.pageExcerpt(o.line)
	}
	return p
}

// encAt returns the decoded block a line designates.
func (a *analyzer) encAt(l int) *encBlock {
	if l >= encLine {
		if k := l/encLine - 1; k < len(a.enc) {
			return &a.enc[k]
		}
	}
	return nil
}

// pageLine maps a line to the page.
func (a *analyzer) pageLine(l int) int {
	if b := a.encAt(l); b != nil {
		return b.line
	}
	return l
}

// pageExcerpt gives the text of line l, decoded where it was encoded.
func (a *analyzer) pageExcerpt(l int) string {
	// Each look-up scans the text from its start: remember the answers
	// (a large page asks for the same lines again and again).
	if s, ok := a.excerpts[l]; ok {
		return s
	}
	var s string
	if b := a.encAt(l); b != nil {
		s = verdict.Clip(printable(verdict.Excerpt(b.text, l%encLine)))
	} else {
		// verdict.Excerpt of the page, from a table of where its lines
		// start, made once: a page asks for hundreds of lines, and each
		// was a scan from the start of the text.
		if a.lineStarts == nil {
			a.lineStarts = verdict.LineStarts(a.page.text)
		}
		if l >= 1 && l <= len(a.lineStarts) {
			s = verdict.ExcerptIn(a.page.text, a.lineStarts, l, a.lineStarts[l-1])
		}
		s = verdict.Clip(printable(s))
	}
	if a.excerpts == nil {
		a.excerpts = map[int]string{}
	}
	a.excerpts[l] = s
	return s
}
