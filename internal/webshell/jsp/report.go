package jsp

import (
	"regexp"
	"sort"
	"strings"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// rule texts: why a detection was made, in English and Chinese.
var ruleText = map[string][2]string{
	"jsp.exec-input":           {"Request input reaches operating-system command execution.", "请求参数被传入系统命令执行（命令执行型 webshell）。"},
	"jsp.exec-remote":          {"Content fetched from the network is executed as an operating-system command.", "从网络获取的内容被作为系统命令执行。"},
	"jsp.exec-unknown":         {"The page runs an operating-system command built at run time.", "页面执行运行时拼接的系统命令。"},
	"jsp.exec-fixed":           {"The page runs a fixed operating-system command.", "页面执行固定的系统命令。"},
	"jsp.reverse-shell":        {"The page starts a reverse or bind shell.", "页面启动反弹/绑定 shell。"},
	"jsp.classloader-input":    {"Request input is defined and loaded as Java bytecode (a class-loading webshell such as Behinder or Godzilla).", "请求数据被作为 Java 字节码定义并加载（冰蝎、哥斯拉等类加载型 webshell）。"},
	"jsp.classloader-remote":   {"Java classes are loaded from the network.", "页面从网络加载 Java 类。"},
	"jsp.classloader-embedded": {"The page defines a Java class from bytes embedded in it.", "页面用内嵌的字节码定义 Java 类。"},
	"jsp.classloader-unknown":  {"The page defines a Java class from bytes of unknown origin.", "页面用来源不明的字节码定义 Java 类。"},
	"jsp.eval-input":           {"Request input is evaluated as script or expression-language code.", "请求参数被作为脚本或表达式语言代码执行。"},
	"jsp.eval-embedded":        {"The page evaluates an embedded script that reaches Java runtime classes.", "页面执行内嵌脚本，脚本调用 Java 运行时类。"},
	"jsp.eval-unknown":         {"The page evaluates script code built at run time.", "页面执行运行时生成的脚本代码。"},
	"jsp.jndi-input":           {"Request input is used as a JNDI name (JNDI injection loads remote classes).", "请求参数被用作 JNDI 名称（JNDI 注入可加载远程类）。"},
	"jsp.jndi-remote":          {"The page looks up a remote JNDI address (LDAP/RMI), which can load remote classes.", "页面查询远程 JNDI 地址（LDAP/RMI），可加载远程类。"},
	"jsp.reflect-input":        {"Request input chooses the class or method called by reflection.", "请求参数决定通过反射调用的类或方法。"},
	"jsp.deserialize-input":    {"Request input is deserialised into Java objects.", "请求数据被反序列化为 Java 对象。"},
	"jsp.loadlib-input":        {"Request input names a native library the page loads.", "请求参数指定页面加载的本地库。"},
	"jsp.loadlib":              {"The page loads a native library.", "页面加载本地库。"},
	"jsp.file-write-input":     {"Request input is written to a file whose path the request chooses (file upload webshell).", "请求数据被写入由请求指定路径的文件（文件上传/写入型 webshell）。"},
	"jsp.file-write-jsp":       {"Request input is written into a JSP or class file that the server will run.", "请求数据被写入服务器会执行的 JSP 或 class 文件。"},
	"jsp.file-write-webshell":  {"The page writes a webshell (JSP code that itself runs request input) to a file.", "页面向文件写入 webshell（其 JSP 代码执行请求输入）。"},
	"jsp.file-write-remote":    {"Content fetched from the network is written to a file (a dropper).", "从网络下载的内容被写入文件（下载器）。"},
	"jsp.file-write-partial":   {"The page writes files with request input in the path or the content.", "页面写文件，路径或内容来自请求。"},
	"jsp.file-manager":         {"The page is a file manager: it lists, reads, writes, deletes or renames files the request names.", "页面为文件管理器：按请求列目录、读写、删除或重命名文件。"},
	"jsp.file-ops":             {"The page operates on files the request names.", "页面按请求参数操作文件。"},
	"jsp.sql-input":            {"Request input is run as SQL (a database manager).", "请求参数被作为 SQL 执行（数据库管理功能）。"},
	"jsp.reflect-class-input":  {"Request input names a class the page loads.", "请求参数指定页面加载的类。"},
	"jsp.db-manager":           {"The page is a database manager: it connects to a database and runs SQL, both named by the request.", "页面为数据库管理器：按请求连接数据库并执行 SQL。"},
	"jsp.db-dump":              {"The page dumps the database: it lists every table and writes the rows to files.", "页面导出数据库：枚举所有表并把数据写入文件（拖库）。"},
	"jsp.include-input":        {"Request input chooses the page to include or forward to.", "请求参数决定包含或转发的页面。"},
	"jsp.tunnel":               {"The page relays request data to network addresses the request chooses (a tunnel such as reGeorg).", "页面把请求数据转发到请求指定的网络地址（reGeorg 等隧道）。"},
	"jsp.connect-input":        {"The page opens network connections to addresses the request chooses.", "页面按请求参数建立网络连接。"},
	"jsp.memshell":             {"The page injects a memory shell: it adds a filter, servlet, listener or valve to the running server.", "页面注入内存马：在运行中的服务器上添加 Filter、Servlet、Listener 或 Valve。"},
	"jsp.obfuscation":          {"The page hides its code (\\u escapes, names built from pieces, arrays or Base64).", "页面代码经过混淆（\\u 转义、拆分拼接、数组或 Base64 构造的名称）。"},
	"family.behinder":          {"Behinder (冰蝎) webshell: AES-decrypted request bytes are defined as a class and run with the page context.", "冰蝎 webshell：AES 解密的请求字节被定义为类并以 pageContext 执行。"},
	"family.godzilla":          {"Godzilla (哥斯拉) webshell: a decrypted payload class is kept in the session and run on each request.", "哥斯拉 webshell：解密后的载荷类保存在 session 中并在每次请求时执行。"},
	"family.chopper":           {"China Chopper / AntSword JSP server script: commands dispatched by letter with z0..z2 parameters.", "中国菜刀/蚁剑 JSP 服务端：按字母分派命令，使用 z0..z2 参数。"},
	"family.jspspy":            {"JspSpy webshell (file manager, command execution, database and class upload).", "JspSpy webshell（文件管理、命令执行、数据库与类上传）。"},
	"family.regeorg":           {"reGeorg SOCKS tunnel (X-CMD/X-TARGET headers relayed to sockets).", "reGeorg SOCKS 隧道（通过 X-CMD/X-TARGET 头转发到套接字）。"},
	"family.filebrowser":       {"JSP File Browser file manager.", "JSP File Browser 文件管理器。"},
}

// cand is a detection being built.
type cand struct {
	rule   string
	score  int
	family string
	src    *verdict.Point
	steps  []verdict.Point
	sink   *verdict.Point
	order  int
}

var reverseShellRE = regexp.MustCompile(`(?i)/dev/(tcp|udp)/|\bbash\s+-i\b|\bsh\s+-i\b|\bnc(at)?\b.*\s-[a-z]*e\s|\bmkfifo\b|\bsocat\b.*exec|powershell.*(-e(nc|ncodedcommand)?\s|iex|downloadstring)|python[23]?\s+-c.*socket|perl\s+-e.*socket|(curl|wget)\s.*\|\s*(ba)?sh|/bin/(ba)?sh\s+-i`)

var remoteJNDI = regexp.MustCompile(`(?i)^(ldaps?|rmi|iiop|corbaname|dns|nis)://`)

var scriptDanger = regexp.MustCompile(`(?i)java\.lang|Runtime|exec\s*\(|ProcessBuilder|defineClass|getRuntime|java\.io\.File|Packages\.|Java\.type`)

// scorer collects the candidates of one page's report and what the
// compound detections (file manager, tunnel, reverse shell) need.
type scorer struct {
	a         *analysis
	cands     []*cand
	features  map[string]*hit // file-manager operations on request-chosen paths
	obf       []verdict.Point
	anyExec   *hit
	connect   *hit // a connection to a request-chosen address
	send      *hit // request data sent to a socket
	dbConnect *hit // a database connection the request names
}

func (s *scorer) add(c *cand) {
	c.order = len(s.cands)
	s.cands = append(s.cands, c)
}

func (a *analysis) report() []verdict.Detection {
	s := &scorer{a: a, features: map[string]*hit{}}
	// A method's sink that no call site reached stays as the method found it.
	order := a.order
	for _, k := range a.symOrd {
		if _, ok := a.hits[k]; !ok {
			a.hits[k] = a.sym[k]
			order = append(order, k)
		}
	}
	for _, k := range order {
		s.hit(a.hits[k])
	}
	s.compound()
	s.obfuscation()
	a.families(&s.cands, s.add)
	return a.detections(s.cands)
}

// hit scores one sink by what reached it.
func (s *scorer) hit(h *hit) {
	a := s.a
	t := h.arg.taint()
	req := t.bits&bitRequest != 0
	remote := t.bits&bitRemote != 0
	sink := a.point(h.line, h.what)
	if len(h.obf) > 0 && h.rule != "fs.read" {
		s.obf = mergePoints(s.obf, h.obf, 6)
	}
	mk := func(rule string, score int, v *value) *cand {
		c := &cand{rule: rule, score: score, sink: sink}
		if v != nil {
			c.src = v.t.src
			c.steps = v.t.steps
		}
		return c
	}
	switch h.rule {
	case "exec":
		s.anyExec = h
		switch {
		case req:
			score := 90
			if t.flags&(fDecoded|fDecrypted|fXor) != 0 {
				score = 92
			}
			s.add(mk("jsp.exec-input", score, h.arg))
		case remote:
			s.add(mk("jsp.exec-remote", 85, h.arg))
		default:
			cmd, ok := constCommand(h.arg)
			switch {
			case !ok:
				s.add(mk("jsp.exec-unknown", 55, h.arg))
			case reverseShellRE.MatchString(cmd):
				c := mk("jsp.reverse-shell", 85, nil)
				c.steps = []verdict.Point{{Line: int(h.line), What: "command: " + verdict.Clip(cmd)}}
				s.add(c)
			default:
				c := mk("jsp.exec-fixed", 20, nil)
				c.steps = []verdict.Point{{Line: int(h.line), What: "command: " + verdict.Clip(cmd)}}
				s.add(c)
			}
		}
	case "defineclass":
		switch {
		case req || remote:
			score := 90
			if t.flags&(fDecoded|fDecrypted|fXor|fInflated) != 0 {
				score = 95
			}
			s.add(mk("jsp.classloader-input", score, h.arg))
		case h.arg.isConst():
			s.add(mk("jsp.classloader-embedded", 75, h.arg))
		default:
			s.add(mk("jsp.classloader-unknown", 55, h.arg))
		}
	case "urlclassloader":
		switch {
		case req:
			s.add(mk("jsp.classloader-input", 90, h.arg))
		case anyConst(h.arg, remoteURL):
			s.add(mk("jsp.classloader-remote", 70, h.arg))
		}
	case "eval":
		switch {
		case req || remote:
			s.add(mk("jsp.eval-input", 90, h.arg))
		case anyConst(h.arg, scriptDanger.MatchString) && h.path.taint().tainted():
			// A fixed script running commands on request input bound into the engine.
			c := mk("jsp.eval-input", 90, h.path)
			c.steps = mergePoints(c.steps, []verdict.Point{{Line: int(h.line), What: "bound into the engine, run by a fixed script"}}, maxSteps+1)
			s.add(c)
		case anyConst(h.arg, scriptDanger.MatchString):
			s.add(mk("jsp.eval-embedded", 75, h.arg))
		case !h.arg.isConst() && h.arg.taint().bits == 0:
			s.add(mk("jsp.eval-unknown", 50, h.arg))
		}
	case "jndi":
		switch {
		case req || remote:
			s.add(mk("jsp.jndi-input", 88, h.arg))
		case anyConst(h.arg, remoteJNDI.MatchString):
			s.add(mk("jsp.jndi-remote", 65, h.arg))
		}
	case "reflect":
		if req {
			s.add(mk("jsp.reflect-input", 85, h.arg))
		}
	case "reflect.class":
		if req {
			s.add(mk("jsp.reflect-class-input", 50, h.arg))
		}
	case "deser":
		if req || remote {
			s.add(mk("jsp.deserialize-input", 80, h.arg))
		}
	case "loadlib":
		if req || remote {
			s.add(mk("jsp.loadlib-input", 85, h.arg))
		} else {
			s.add(mk("jsp.loadlib", 45, h.arg))
		}
	case "filewrite":
		if c := a.fileWriteCand(h, sink); c != nil {
			s.add(c)
		}
		if pt := h.path.taint(); pt.bits&concrete != 0 && pt.flags&fSanitized == 0 {
			s.features["write"] = h
		}
	case "fs.list", "fs.read", "fs.delete", "fs.rename", "fs.mkdir", "fs.touch", "fs.chmod", "fs.copy", "fs.create", "fs.open-write":
		if req && t.flags&fSanitized == 0 {
			f := strings.TrimPrefix(h.rule, "fs.")
			if f == "open-write" || f == "create" {
				f = "write"
			}
			if s.features[f] == nil {
				s.features[f] = h
			}
		}
	case "sql":
		if req {
			s.add(mk("jsp.sql-input", 45, h.arg))
			s.features["sql"] = h
		}
	case "sql.connect":
		if req && s.dbConnect == nil {
			s.dbConnect = h
		}
	case "include":
		if req {
			s.add(mk("jsp.include-input", 45, h.arg))
		}
	case "net.connect":
		if req && s.connect == nil {
			s.connect = h
		}
	case "net.send":
		if (req || remote) && s.send == nil {
			s.send = h
		}
	case "memshell":
		s.add(mk("jsp.memshell", 85, nil))
	case "obf.reflect":
		s.obf = mergePoints(s.obf, h.obf, 6)
	}
}

func remoteURL(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "://") && !strings.HasPrefix(s, "file:")
}

// compound adds the detections that combine several sinks.
func (s *scorer) compound() {
	a := s.a
	// A reverse shell: a process and a socket.
	if s.anyExec != nil && a.tr.socket != 0 {
		c := &cand{rule: "jsp.reverse-shell", score: 80, sink: a.point(s.anyExec.line, s.anyExec.what),
			steps: []verdict.Point{{Line: int(a.tr.socket), What: "socket connected to the process"}}}
		if s.connect != nil {
			// The request chooses where the shell connects back to.
			c.score = 85
			c.src = s.connect.arg.taint().src
		}
		s.add(c)
	}
	// A memory shell through the servlet API at run time.
	if a.tr.ctxAdd != 0 && a.tr.impl != 0 {
		s.add(&cand{rule: "jsp.memshell", score: 85, sink: a.point(a.tr.ctxAdd, "ServletContext.add* of a class defined in the page"),
			steps: []verdict.Point{{Line: int(a.tr.impl), What: "Filter/Servlet/Listener implementation"}}})
	}
	// A file manager: listing plus other operations on request-chosen paths.
	if n := len(s.features); n >= 2 {
		names := make([]string, 0, n)
		for f := range s.features {
			names = append(names, f)
		}
		sort.Strings(names)
		var steps []verdict.Point
		var first *hit
		for _, f := range names {
			h := s.features[f]
			steps = append(steps, verdict.Point{Line: int(h.line), What: f + ": " + h.what})
			if first == nil || h.line < first.line {
				first = h
			}
		}
		src := first.arg.taint().src
		if first.rule == "filewrite" {
			src = first.path.taint().src // the path, not the content
		}
		c := &cand{rule: "jsp.file-ops", score: 45, sink: a.point(first.line, first.what), steps: steps, src: src}
		if l := s.features["list"]; l != nil {
			c.rule, c.score = "jsp.file-manager", min(68+n, 75)
			c.sink, c.src = a.point(l.line, l.what), l.arg.taint().src
		}
		s.add(c)
	}
	// A tunnel: connections to request-chosen addresses carrying request data.
	if s.connect != nil {
		c := &cand{rule: "jsp.connect-input", score: 45, sink: a.point(s.connect.line, s.connect.what), src: s.connect.arg.taint().src}
		if s.send != nil {
			c.rule, c.score = "jsp.tunnel", 75
			c.steps = []verdict.Point{{Line: int(s.send.line), What: "relays request data: " + s.send.what}}
		}
		s.add(c)
	}
	// A database manager: the request names the database and the SQL.
	if sql := s.features["sql"]; s.dbConnect != nil && sql != nil {
		s.add(&cand{rule: "jsp.db-manager", score: 70, sink: a.point(sql.line, sql.what), src: s.dbConnect.arg.taint().src,
			steps: []verdict.Point{{Line: int(s.dbConnect.line), What: "connects to the database the request names"}}})
	}
}

// obfuscation adds the obfuscation detection, supporting evidence that
// raises every co-occurring detection of some weight.
func (s *scorer) obfuscation() {
	a := s.a
	var ob *cand
	if a.st.escCode > 0 {
		ob = &cand{rule: "jsp.obfuscation", score: min(50, 30+a.st.escCode/4),
			sink: a.point(int32(a.st.escLine), "code spelled with \\u escapes")}
	}
	if len(s.obf) > 0 {
		if ob == nil {
			ob = &cand{rule: "jsp.obfuscation", score: 40, sink: a.point(int32(s.obf[0].Line), s.obf[0].What)}
		} else {
			ob.score = min(50, ob.score+10)
		}
		ob.steps = mergePoints(ob.steps, s.obf, 6)
	}
	if ob == nil {
		return
	}
	for _, c := range s.cands {
		if c.score >= 50 && c.score < 95 {
			c.score = min(95, c.score+10)
			c.steps = mergePoints(c.steps, []verdict.Point{{Line: ob.sink.Line, What: "obfuscated: " + ob.sink.What}}, maxSteps+1)
		}
	}
	s.add(ob)
}

// fileWriteCand scores a file write by what the request controls.
func (a *analysis) fileWriteCand(h *hit, sink *verdict.Point) *cand {
	dt, pt := h.arg.taint(), h.path.taint()
	dataReq, dataRemote := dt.bits&bitRequest != 0, dt.bits&bitRemote != 0
	pathReq := pt.bits&bitRequest != 0
	sanitized := pt.flags&fSanitized != 0
	runnable := anyConst(h.path, func(s string) bool {
		s = strings.ToLower(s)
		for _, ext := range []string{".jsp", ".jspx", ".jspf", ".class", ".war", ".jar", ".sh", ".php", ".asp", ".aspx"} {
			if strings.HasSuffix(s, ext) {
				return true
			}
		}
		return false
	})
	c := &cand{sink: sink}
	if n := a.nestedShell(h.arg); n != nil {
		c.rule, c.score = "jsp.file-write-webshell", 85
		c.steps = []verdict.Point{{Line: int(h.line), What: "the written page: " + n.Rule + " (" + n.Why + ")"}}
		if n.Sink != nil {
			c.steps = append(c.steps, verdict.Point{Line: int(h.line), What: "payload sink: " + n.Sink.What})
		}
		return c
	}
	switch {
	case dataReq && pathReq && !sanitized:
		c.rule, c.score = "jsp.file-write-input", 75
		if pt.flags&fWebroot != 0 {
			c.score = 80
		}
	case (dataReq || dataRemote) && runnable:
		c.rule, c.score = "jsp.file-write-jsp", 80
	case dataRemote && pathReq:
		c.rule, c.score = "jsp.file-write-remote", 75
	case dataRemote:
		c.rule, c.score = "jsp.file-write-remote", 55
	case dt.bits&bitDB != 0 && a.tr.tableEnum != 0:
		c.rule, c.score = "jsp.db-dump", 60
		c.src = dt.src
		c.steps = []verdict.Point{{Line: int(a.tr.tableEnum), What: "enumerates the database's tables"}}
		return c
	case dataReq && sanitized:
		c.rule, c.score = "jsp.file-write-partial", 35
	case dataReq || pathReq && !sanitized:
		c.rule, c.score = "jsp.file-write-partial", 45
	default:
		return nil
	}
	switch {
	case dataReq || dataRemote:
		c.src, c.steps = dt.src, dt.steps
		if pathReq && pt.src != nil {
			c.steps = mergePoints(c.steps, []verdict.Point{{Line: pt.src.Line, What: "path from " + pt.src.What}}, maxSteps+1)
		}
	default:
		c.src, c.steps = pt.src, pt.steps
	}
	return c
}

// nestedShell analyses JSP code a page writes as a constant (a
// dropper planting a webshell) and returns its best detection.
func (a *analysis) nestedShell(v *value) *verdict.Detection {
	if a.depth >= maxNesting || v == nil {
		return nil
	}
	for _, s := range v.strs {
		if !strings.Contains(s, "<%") && !strings.Contains(s, ":scriptlet") {
			continue
		}
		ds := analyze([]byte(s), a.depth+1, a.decide)
		if len(ds) > 0 && ds[0].Score >= verdict.Report {
			return &ds[0]
		}
	}
	return nil
}

// families recognises known webshell families from the detections and
// the traits seen.
func (a *analysis) families(cands *[]*cand, add func(*cand)) {
	best := func(rules ...string) *cand {
		var b *cand
		for _, c := range *cands {
			for _, r := range rules {
				if c.rule == r && (b == nil || c.score > b.score) {
					b = c
				}
			}
		}
		return b
	}
	top := func() *cand {
		var b *cand
		for _, c := range *cands {
			if c.score >= verdict.Report && (b == nil || c.score > b.score) {
				b = c
			}
		}
		return b
	}
	fam := func(rule, family string, score int, base *cand) {
		c := &cand{rule: rule, score: score, family: family}
		if base != nil {
			c.src, c.steps, c.sink = base.src, base.steps, base.sink
			base.family = family
		}
		add(c)
	}
	tr := &a.tr
	if cl := best("jsp.classloader-input"); cl != nil {
		switch {
		case tr.sessionClass != 0 && (tr.md5 != 0 || tr.substr16 != 0 || tr.equalsPageCtx != 0):
			fam("family.godzilla", "Godzilla", 95, cl)
		case tr.equalsPageCtx != 0 || tr.hexKey != 0 && tr.aes != 0:
			fam("family.behinder", "Behinder", 95, cl)
		}
	}
	letters := len(tr.letters)
	switch {
	case len(tr.zParams) >= 2 || len(tr.zParams) >= 1 && letters >= 5:
		if b := top(); b != nil {
			fam("family.chopper", "China Chopper/AntSword", 90, b)
		}
	case letters >= 8 && len(tr.zVars) >= 2:
		// The letter dispatch over z1/z2 is the family's server script even
		// when the request reads are not visible (damaged or split pages).
		var b *cand
		for _, c := range *cands {
			if b == nil || c.score > b.score {
				b = c
			}
		}
		if b != nil {
			fam("family.chopper", "China Chopper/AntSword", 85, b)
		}
	}
	if tr.spy != 0 {
		if b := top(); b != nil {
			fam("family.jspspy", "JspSpy", 90, b)
		}
	}
	if tr.regeorg != 0 {
		if b := best("jsp.tunnel", "jsp.connect-input"); b != nil {
			fam("family.regeorg", "reGeorg", 85, b)
		}
	}
	if tr.browser != 0 {
		if b := best("jsp.file-manager"); b != nil {
			fam("family.filebrowser", "JSP File Browser", 80, b)
		}
	}
}

// detections keeps the best candidate of each rule, ordered by score.
func (a *analysis) detections(cands []*cand) []verdict.Detection {
	bestOf := map[string]*cand{}
	for _, c := range cands {
		if b, ok := bestOf[c.rule]; !ok || c.score > b.score {
			bestOf[c.rule] = c
		}
	}
	list := make([]*cand, 0, len(bestOf))
	for _, c := range bestOf {
		list = append(list, c)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].score != list[j].score {
			return list[i].score > list[j].score
		}
		return list[i].order < list[j].order
	})
	out := make([]verdict.Detection, 0, len(list))
	// With verdict.Decide only the scores count: the excerpts, for
	// which the page's line starts would be indexed, are left out.
	for _, c := range list {
		txt := ruleText[c.rule]
		d := verdict.Detection{Rule: c.rule, Score: c.score, Family: c.family, Why: txt[0], WhyZh: txt[1]}
		for _, p := range []struct {
			from *verdict.Point
			to   **verdict.Point
		}{{c.src, &d.Source}, {c.sink, &d.Sink}} {
			if p.from != nil {
				q := *p.from
				q.What = verdict.Clip(q.What)
				if q.Excerpt == "" && !a.decide {
					q.Excerpt = a.excerpt(int32(q.Line))
				}
				*p.to = &q
			}
		}
		for _, p := range c.steps {
			if p.Excerpt == "" && !a.decide {
				p.Excerpt = a.excerpt(int32(p.Line))
			}
			p.What = verdict.Clip(p.What)
			d.Steps = append(d.Steps, p)
		}
		out = append(out, d)
	}
	return out
}

// constCommand returns the command a constant value spells (array
// elements joined by spaces).
func constCommand(v *value) (string, bool) {
	if v == nil || v.t.bits != 0 {
		return "", false
	}
	if v.fixed {
		return "(one of several fixed commands)", true
	}
	if len(v.elems) > 0 && !v.open {
		var parts []string
		for _, e := range v.elems {
			if e == nil || e.open || len(e.stringsOf()) == 0 {
				return "", false
			}
			parts = append(parts, e.stringsOf()[0])
		}
		return strings.Join(parts, " "), true
	}
	if v.isConst() {
		return v.strs[0], true
	}
	return "", false
}

// anyConst reports whether one of v's constant strings satisfies fn.
func anyConst(v *value, fn func(string) bool) bool {
	if v == nil {
		return false
	}
	for _, s := range v.strs {
		if fn(s) {
			return true
		}
	}
	for _, e := range v.elems {
		if anyConst(e, fn) {
			return true
		}
	}
	return false
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), sub)
}
