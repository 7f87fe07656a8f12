package php

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// Sinks outside the code, command and file core: database statements
// that write files or load libraries, stream wrappers that bypass path
// checks, XSLT stylesheets and YAML callbacks that call PHP functions.
//
// Databases run more than queries: MySQL writes files (SELECT ... INTO
// OUTFILE/DUMPFILE) and loads user-defined functions from libraries
// (CREATE FUNCTION ... SONAME), which attackers use to plant a script, a
// Windows MOF file or a UDF library that runs operating-system commands.

// sqlFuncs maps query functions to the argument holding the SQL text (-1:
// the last one).
var sqlFuncs = map[string]int{
	"mysql_query": 0, "mysql_unbuffered_query": 0, "mysql_db_query": 1, "mysqli_query": 1,
	"mysqli_multi_query": 1, "mysqli_real_query": 1, "pg_query": -1, "pg_send_query": -1,
	"mssql_query": 0, "sqlsrv_query": 1, "odbc_exec": 1, "sqlite_query": -1,
}

var (
	sqlListTablesRe = regexp.MustCompile(`(?i)^\s*show\s+(?:full\s+)?tables\b`)
	sqlAllRowsRe    = regexp.MustCompile(`(?i)^\s*select\s+\*\s+from\s*` + "`?" + `\s*$`)
	sqlStoreRe      = regexp.MustCompile(`(?i)^\s*(?:update|insert|replace)\b`)
	sqlCodeRe       = regexp.MustCompile(`(?i)\$\{\s*(?:eval|assert|system|passthru|shell_exec)\s*\(|\b(?:eval|assert)\s*\(\s*(?:base64_decode|gzinflate|gzuncompress|str_rot13)\s*\(`)
	sqlFileWriteRe  = regexp.MustCompile(`(?i)\binto\s+(?:out|dump)file\b`)
	sqlUDFRe        = regexp.MustCompile(`(?i)\bcreate\s+(?:aggregate\s+)?function\s+\S+\s+returns\s+\w+\s+soname\b|\bsys_(?:exec|eval)\s*\(`)
)

// maxSQLText bounds the constant text gathered from one query expression.
const maxSQLText = 1 << 16

// sqlSink checks the SQL text of a query.
func (a *analyzer) sqlSink(name string, i int, args []*node, n *node, e env) {
	if i < 0 {
		i = len(args) - 1
	}
	if i < 0 || i >= len(args) {
		return
	}
	var b strings.Builder
	a.sqlText(args[i], e, 0, &b)
	text := b.String()
	if sqlUDFRe.MatchString(text) {
		a.emit("php.sql-udf", 75, nil, nil, a.point(n.tok, name),
			"Loads or calls a MySQL user-defined function from a library (CREATE FUNCTION ... SONAME, sys_exec): a way to run operating-system commands through the database.",
			"从库文件加载或调用 MySQL 自定义函数（CREATE FUNCTION ... SONAME、sys_exec）：借数据库执行系统命令的手法。")
		return
	}
	v := a.eval(args[i], e)
	if a.sqlWrap(v, args[i], e) {
		a.addWraps(v, kSQL, func() *verdict.Point { return a.point(n.tok, name) }, e)
	}
	if !v.prefixed {
		a.noteSQL(v, a.point(n.tok, name), nil)
	}
	switch {
	case a.sqlTables == nil && sqlListTablesRe.MatchString(text):
		a.sqlTables = a.point(n.tok, name+" SHOW TABLES")
	case a.sqlRows == nil && !v.known() && sqlAllRowsRe.MatchString(a.constPrefix(args[i], e, 0)):
		a.sqlRows = a.point(n.tok, name+" SELECT * FROM each table")
	}
	a.sqlSecurityOff(text, n, name)
	a.notePostWrite(text, v, n, name)
	if sqlStoreRe.MatchString(text) && sqlCodeRe.MatchString(text) {
		a.emit("php.sql-code-injection", 75, v.source(), v.steps, a.point(n.tok, name),
			"Stores PHP code that runs encoded input (${eval(...)}, eval(base64_decode(...))) into database rows: templates or settings that the site's application evaluates, planting a backdoor or defacement in it.",
			"把执行编码内容的 PHP 代码（${eval(...)}、eval(base64_decode(...))）写入数据库记录：网站程序会对这些模板或设置求值，从而植入后门或篡改页面。")
	}
	if !sqlFileWriteRe.MatchString(text) {
		return
	}
	if v.chosenBy(formInput) {
		src := v.source()
		a.emit("php.sql-file-write", 75, src, v.steps, a.point(n.tok, name),
			"Has the database write a file (SELECT ... INTO OUTFILE/DUMPFILE) whose content or path the request ("+src.pt.What+") chooses: a way to plant a script, a MOF file or a library.",
			"让数据库写文件（SELECT ... INTO OUTFILE/DUMPFILE），其内容或路径由请求（"+src.pt.What+"）决定：借此植入脚本、MOF 文件或库文件。")
	}
}

// sqlText gathers the constant fragments of a query expression: its
// literals, and those of the variables it is built from.
func (a *analyzer) sqlText(n *node, e env, depth int, b *strings.Builder) {
	if n == nil || depth > 6 || b.Len() > maxSQLText {
		return
	}
	switch n.k {
	case nStr:
		b.WriteString(n.s)
		b.WriteByte(' ')
	case nInterp:
		for _, k := range n.kids {
			a.sqlText(k, e, depth+1, b)
		}
	case nBin:
		if n.s == "." {
			a.sqlText(n.kids[0], e, depth+1, b)
			a.sqlText(n.kids[1], e, depth+1, b)
		}
	case nVar:
		if e.f == nil {
			return
		}
		for _, as := range e.f.assigns[n.s] {
			if (as.op == "=" || as.op == ".=") && as.from == nil {
				a.sqlText(as.rhs, e, depth+1, b)
			}
		}
	}
}

// wrapperReaders are the functions that open a path for reading.
var wrapperReaders = map[string]bool{"copy": true, "file_get_contents": true, "readfile": true, "fopen": true,
	"file": true, "highlight_file": true, "show_source": true, "gzopen": true, "gzfile": true}

// wrapperRead reports a file the request names opened through a stream
// wrapper put in front of it (compress.zlib://, php://filter/...): the
// wrapper opens the file where safe_mode and open_basedir checks do not
// apply, the way safe-mode bypass shells read any file of the host.
func (a *analyzer) wrapperRead(name string, args []*node, n *node, e env) {
	if len(args) == 0 {
		return
	}
	x := args[0]
	first := x
	switch x.k {
	case nBin:
		for first.k == nBin && first.s == "." {
			first = first.kids[0]
		}
	case nInterp:
		if len(x.kids) == 0 {
			return
		}
		first = x.kids[0]
	default:
		return
	}
	if first == nil || first.k != nStr {
		return
	}
	l := strings.ToLower(strings.TrimSpace(first.s))
	wrapper := ""
	for _, w := range []string{"compress.zlib://", "compress.bzip2://", "php://filter/", "glob://"} {
		if strings.HasPrefix(l, w) {
			wrapper = w
		}
	}
	if wrapper == "" {
		return
	}
	v := a.eval(x, e)
	if !v.chosenBy(func(in string) bool { return formInput(in) && in != "_FILES" }) {
		return
	}
	src := v.source()
	a.emit("php.wrapper-read", 65, src, v.steps, a.point(n.tok, name),
		"Opens a file the request names ("+src.pt.What+") through the "+wrapper+" wrapper, which bypasses safe_mode and open_basedir checks: reads any file of the host.",
		"通过 "+wrapper+" 封装协议打开请求（"+src.pt.What+"）指定的文件，可绕过 safe_mode 和 open_basedir 检查：读取主机上任意文件。")
}

// dbConnects are the functions that open a database connection, server,
// user and password first (after the link for mysqli_real_connect).
var dbConnects = map[string]bool{"mysql_connect": true, "mysql_pconnect": true, "mysqli_connect": true, "mysqli_real_connect": true,
	"pg_connect": true, "pg_pconnect": true, "mssql_connect": true, "sqlsrv_connect": true, "oci_connect": true}

// dbClasses are PHP's classes whose constructor opens a database
// connection, server (or DSN), user and password first.
var dbClasses = map[string]bool{"mysqli": true, "pdo": true}

// sqlMethods are the methods of PHP's database classes (mysqli, PDO,
// SQLite3) that run the statement given first.
var sqlMethods = map[string]bool{"query": true, "multi_query": true, "real_query": true,
	"unbuffered_query": true, "exec": true, "prepare": true}

// dbMethod checks a method call for database use: a mysqli connection
// opened by real_connect, and the statement run by a query method. The
// object's class is not known, so a query method of some other class
// counts too; php.sql-client asks for a connection to a server the
// request names as well, which applications never make (an installer
// connects to the server given, but runs its own statements).
func (a *analyzer) dbMethod(m string, args []*node, n *node, e env) {
	switch {
	case m == "real_connect":
		a.dbConnect("->"+m, args, n, e)
	case sqlMethods[m] && len(args) > 0:
		a.sqlSink("->"+m, 0, args, n, e)
	}
}

// dbConnect records a connection to a server or account the request names.
func (a *analyzer) dbConnect(name string, args []*node, n *node, e env) {
	if a.dbAny != nil {
		return
	}
	if name == "mysqli_real_connect" && len(args) > 0 {
		args = args[1:] // the link comes first
	}
	for i := 0; i < len(args) && i < 3; i++ {
		v := a.eval(args[i], e)
		if v.chosenBy(formInput) {
			a.dbAny = a.point(n.tok, name)
			return
		}
		// A wrapper's parameter: its callers decide (see dbWrapped).
		a.addWraps(v, kDBServer, func() *verdict.Point { return a.point(n.tok, name) }, e)
	}
}

// sqlWrap reports whether the statement x (of value v) may be a
// parameter of the current function, whole: no constant text begins it
// ("SELECT * FROM " . $table is the code's statement), and it comes from
// one parameter only ("$verb " . $name makes a statement of two).
func (a *analyzer) sqlWrap(v *value, x *node, e env) bool {
	return paramFlows(v, e) == 1 && !leadingText(x, e, 0)
}

// paramFlows counts the parameters of the current function v comes from.
func paramFlows(v *value, e env) int {
	n := 0
	for _, o := range v.taint {
		if o.pt == nil && o.fn == e.f {
			n++
		}
	}
	return n
}

// leadingText reports whether the string x builds begins with literal
// text: "SELECT ... " . $x, "SHOW TABLES FROM $db", or a variable
// assigned once such a string.
func leadingText(x *node, e env, depth int) bool {
	for ; x != nil && depth < 8; depth++ {
		switch x.k {
		case nStr:
			return strings.TrimSpace(x.s) != ""
		case nBin:
			if x.s != "." {
				return false
			}
			x = x.kids[0]
		case nInterp:
			if len(x.kids) == 0 {
				return false
			}
			x = x.kids[0]
		case nVar:
			if e.f == nil {
				return false
			}
			as := e.f.assigns[x.s]
			if len(as) != 1 || as[0].op != "=" || as[0].from != nil {
				return false
			}
			x = as[0].rhs
		default:
			return false
		}
	}
	return false
}

// formOrigin returns v's first origin in request input other than the
// server's variables, or nil.
func formOrigin(v *value) *origin {
	for i := range v.taint {
		if o := &v.taint[i]; o.pt != nil && formInput(o.input) {
			return o
		}
	}
	return nil
}

// noteSQL records a statement whose whole text v the request gives, run
// at sink (by a wrapper when call is set). Of several, the one made of
// the fewest inputs is kept: it explains best (a statement built from
// rows of an earlier query carries every input of that query too).
func (a *analyzer) noteSQL(v *value, sink, call *verdict.Point) {
	if a.sqlAny != nil && len(v.taint) >= a.sqlAnyFlows {
		return
	}
	if src := formOrigin(v); src != nil {
		a.sqlAny, a.sqlAnyFrom, a.sqlAnyCall, a.sqlAnyFlows = sink, src, call, len(v.taint)
	}
}

// dbWrapped checks a call of a function that hands its parameter to a
// database connection (kDBServer) or runs it as a statement (kSQL).
func (a *analyzer) dbWrapped(w wrap, v *value, n *node, via string) {
	call := a.point(n.tok, "passed to "+via)
	switch w.kind {
	case kDBServer:
		if a.dbAny == nil && v.chosenBy(formInput) {
			a.dbAny = w.sink
			a.dbAnyCall = call
		}
	case kSQL:
		if !v.prefixed {
			a.noteSQL(v, w.sink, call)
		}
	}
}

// sqlClient reports a database client for any server: the request names
// the server or account and gives whole statements to run, or has every
// table listed and read (a dump of any database the caller can name).
// Applications connect with their own configuration and build their
// statements.
func (a *analyzer) sqlClient() {
	if a.dbAny != nil && a.sqlTables != nil && a.sqlRows != nil && a.sqlAny == nil {
		a.emit("php.sql-dump", 65, nil, []verdict.Point{*a.dbAny, *a.sqlTables}, a.sqlRows,
			"Connects to a database server or account the request names, lists its tables and reads every row of each: a tool that dumps any database.",
			"连接请求指定的数据库服务器或账户，列出所有表并读取每张表的全部数据：可导出任意数据库的工具。")
		return
	}
	if a.sqlAny == nil || a.dbAny == nil {
		return
	}
	var steps []verdict.Point
	for _, p := range []*verdict.Point{a.dbAnyCall, a.dbAny, a.sqlAnyCall} {
		if p != nil {
			steps = append(steps, *p)
		}
	}
	a.emit("php.sql-client", 65, a.sqlAnyFrom, steps, a.sqlAny,
		"Connects to a database server or account the request names and runs whole statements the request ("+a.sqlAnyFrom.pt.What+") gives: a remote database client.",
		"连接请求指定的数据库服务器或账户，并执行请求（"+a.sqlAnyFrom.pt.What+"）提供的完整语句：远程数据库客户端。")
}

var (
	xslNSRe   = regexp.MustCompile(`xmlns:([A-Za-z_][\w.-]*)\s*=\s*\\?["']http://php\.net/xsl\\?["']`)
	xslCallRe = regexp.MustCompile(`([A-Za-z_][\w.-]*):function(?:String)?\(\s*\\?['"]([A-Za-z_]\w*(?:\\[A-Za-z_]\w*)*)\\?['"]`)
)

// xsltCalls reports an XSL stylesheet that calls PHP's code or command
// functions (php:function('assert', ...)): with XSLTProcessor's
// registerPHPFunctions, transforming a document runs its text as code.
func (a *analyzer) xsltCalls() {
	if !bytes.Contains(a.src, []byte("php.net/xsl")) {
		return
	}
	ns := map[string]bool{}
	for _, m := range xslNSRe.FindAllSubmatch(a.src, 16) {
		ns[string(m[1])] = true
	}
	for _, m := range xslCallRe.FindAllSubmatchIndex(a.src, 64) {
		prefix, fn := string(a.src[m[2]:m[3]]), strings.ToLower(string(a.src[m[4]:m[5]]))
		if !ns[prefix] || dangerous(funcName(fn)) != kCode && dangerous(funcName(fn)) != kCmd {
			continue
		}
		a.emit("php.xslt-exec", 80, nil, nil, a.pointAt(m[0], prefix+":function('"+fn+"')"),
			"An XSL stylesheet calls PHP's "+fn+" (php:function): transformed by XSLTProcessor with PHP functions registered, the document's text runs as code or commands.",
			"XSL 样式表调用 PHP 的 "+fn+"（php:function）：XSLTProcessor 注册 PHP 函数后进行转换时，文档文本将作为代码或命令执行。")
		return
	}
}

// pointAt is a point at byte offset off of the source.
func (a *analyzer) pointAt(off int, what string) *verdict.Point {
	line := 1 + bytes.Count(a.src[:off], []byte("\n"))
	return &verdict.Point{Line: line, What: what, Excerpt: a.excerpt(line, off)}
}

// yamlCallbacks checks yaml_parse's callbacks: a map from YAML tags to
// functions called with the tagged values. A code or command function
// there, with request input in the document or the tags, runs it.
func (a *analyzer) yamlCallbacks(name string, args []*node, n *node, e env) {
	if len(args) < 4 || args[3].k != nArray {
		return
	}
	var data *value
	for _, pair := range args[3].kids {
		if pair == nil || len(pair.kids) != 2 || pair.kids[1] == nil {
			continue
		}
		cb := a.eval(pair.kids[1], e)
		for _, s := range cb.strs {
			fn := funcName(strings.ToLower(s))
			if k := dangerous(fn); k != kCode && k != kCmd {
				continue
			}
			if data == nil {
				data = a.merge(a.eval(args[0], e), a.eval(pair.kids[0], e))
			}
			if !data.tainted() {
				return
			}
			src := data.source()
			a.emit("php.exec-input", 85, src, data.steps, a.point(n.tok, name+" callback "+fn),
				"Attacker-controlled input ("+src.pt.What+") reaches "+fn+", which "+name+" calls for a YAML tag.",
				"攻击者可控的输入（"+src.pt.What+"）进入 "+fn+"，"+name+" 在处理 YAML 标签时调用该函数。")
			return
		}
	}
}
