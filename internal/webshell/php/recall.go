package php

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// Reconnaissance tools are planted next to (or instead of) a command
// shell to find the host's weak spots: directories the web server can
// write to (where more shells go), the accounts of the other sites on a
// shared host (whose configurations hold database passwords), and files
// outside the site that PHP's own restrictions would not let it open.

// recon records the evidence the reconnaissance rules combine.
type recon struct {
	// writable is an is_writable test, in a loop, on a path under a
	// directory the request names whole.
	writable     *verdict.Point
	writableFrom *origin
	// passwd is a read of /etc/passwd, homes a path built as
	// "/home/" followed by a computed account name.
	passwd *verdict.Point
	// connect is a network connection to a host and port the request
	// names.
	connect     *verdict.Point
	connectFrom *origin
	// fetchCmd is a command that downloads a file (curl, wget),
	// touchRef one that gives a file another's timestamps (touch -r).
	fetchCmd, touchRef *verdict.Point
	// sessList lists the session directory, sessRead reads a file in it
	// by a computed name.
	sessList, sessRead *verdict.Point
	// pureSafe memoizes pureSafe.
	pureSafe map[*function]bool
	// controls are the names and ids of the form controls in the
	// file's markup (see formControl).
	controls map[string]bool
	// fetched: the file fetches URLs (file_get_contents, curl_exec, ...),
	// so what it prints may be another server's (see remoteContent).
	fetched bool
	// abuse is the evidence of the abuse rules (see abuse.go).
	abuse *abuseFacts
}

// writableTest checks is_writable: a test on each entry of a directory
// the request names whole is a search for where files can be planted.
// One test of the directory being shown (a file manager's "writable"
// column for its own folder) is not in a loop.
func (a *analyzer) writableTest(name string, args []*node, n *node, e env) {
	if a.recon.writable != nil || len(args) == 0 {
		return
	}
	v := a.eval(args[0], e)
	if !v.tainted() || v.prefixed || !v.chosenBy(formInput) || !a.inLoop(n.tok) {
		return
	}
	a.recon.writable = a.point(n.tok, name)
	a.recon.writableFrom = v.source()
}

// passwdRead notes a read of the host's account list.
func (a *analyzer) passwdRead(name string, args []*node, n *node) {
	if a.recon.passwd == nil && len(args) > 0 && args[0].k == nStr && strings.TrimSpace(args[0].s) == "/etc/passwd" {
		a.recon.passwd = a.point(n.tok, name+"('/etc/passwd')")
	}
}

// curlFileURL checks curl_setopt(..., CURLOPT_URL, ...) and curl_init:
// a file: URL whose path the request gives reads any file of the host
// through libcurl, past open_basedir and safe_mode, which only PHP's own
// file functions obey. Applications fetch http(s) URLs with curl.
func (a *analyzer) curlFileURL(name string, args []*node, n *node, e env) {
	i := 0
	if name == "curl_setopt" {
		if len(args) < 3 || args[1].k != nName || !strings.EqualFold(args[1].s, "CURLOPT_URL") {
			return
		}
		i = 2
	}
	if i >= len(args) {
		return
	}
	p := strings.ToLower(strings.TrimSpace(a.constPrefix(args[i], e, 0)))
	if !strings.HasPrefix(p, "file:") {
		return
	}
	v := a.eval(args[i], e)
	if !v.tainted() || !v.chosenBy(formInput) {
		return
	}
	src := directSource(v)
	a.emit("php.file-read-bypass", 70, src, v.steps, a.point(n.tok, name+" file: URL"),
		fmt.Sprintf("Reads the file the request names (%s) through libcurl with a file: URL, which open_basedir and safe_mode do not restrict: any file of the host can be read.", src.pt.What),
		fmt.Sprintf("通过 libcurl 以 file: URL 读取请求（%s）指定的文件，open_basedir 与 safe_mode 对此不设限：可读取主机上的任意文件。", src.pt.What))
}

// directSource returns the origin of v to name in an explanation: a
// superglobal read rather than the register_globals variable a branch
// may leave unset.
func directSource(v *value) *origin {
	for i := range v.taint {
		if o := &v.taint[i]; o.pt != nil && o.input != "register_globals" {
			return o
		}
	}
	return v.source()
}

// requestChosen reports whether the request (its parameters, body or
// headers) gives the whole of v.
func requestChosen(v *value) bool {
	return v.tainted() && !v.prefixed && v.chosenBy(func(in string) bool { return in != "remote" && in != "socket" && in != "exif" })
}

// connectTarget notes a connection whose host and port the request
// gives: with the request body relayed, a tunnel into the network the
// server sits in.
func (a *analyzer) connectTarget(name string, args []*node, n *node, e env) {
	if a.recon.connect != nil {
		return
	}
	host, port := 0, 1
	switch name {
	case "socket_connect":
		host, port = 1, 2
	case "stream_socket_client":
		port = -1 // "tcp://host:port"
	}
	if host >= len(args) || port >= len(args) {
		return
	}
	// The port is a number ((int) drops what the analysis knows of its
	// origin): one the code does not fix is taken as the request's.
	h := a.eval(args[host], e)
	if !requestChosen(h) || port >= 0 && a.eval(args[port], e).known() {
		return
	}
	a.recon.connect = a.point(n.tok, name)
	a.recon.connectFrom = h.source()
}

// bodyRelay finds a read of the raw request body in a file that also
// sends data over a connection (a port check only connects).
func (a *analyzer) bodyRelay() *verdict.Point {
	var body *verdict.Point
	sends := false
	for i, t := range a.ts {
		switch {
		case body == nil && t.Kind == ConstString && len(t.Value) == len("php://input") && strings.EqualFold(t.Value, "php://input"):
			body = a.point(i, "php://input")
		case !sends && t.Kind == Ident:
			switch strings.ToLower(t.Value) {
			case "socket_write", "socket_send", "fwrite", "fputs", "stream_socket_sendto":
				sends = true
			}
		}
	}
	if !sends {
		return nil
	}
	return body
}

// homesPath finds a path built as "/home/" followed by a computed name
// ("/home/$user/public_html", '/home/' . $u): a walk through the home
// directories of the host's accounts.
func (a *analyzer) homesPath() *verdict.Point {
	for i, t := range a.ts[:max(len(a.ts)-1, 0)] {
		if t.Kind != ConstString && t.Kind != EncapsedString || !strings.HasSuffix(t.Value, "/home/") {
			continue
		}
		next := a.ts[i+1]
		if next.Kind == Variable || next.Kind == Op && next.Value == "." {
			return a.point(i, "path under /home/ for each account")
		}
	}
	return nil
}

// reconScan reports the reconnaissance found in the file.
func (a *analyzer) reconScan() {
	if a.recon.writable != nil && a.anyPath["list"] {
		src := a.recon.writableFrom
		a.emit("php.writable-scan", 65, src, []verdict.Point{*a.features["list"]}, a.recon.writable,
			fmt.Sprintf("Lists the directories under a path the request names (%s) and tests each for write access: a search for places to plant more files.", src.pt.What),
			fmt.Sprintf("列出请求（%s）指定路径下的目录并逐一检测是否可写：在寻找可植入更多文件的位置。", src.pt.What))
	}
	if a.recon.connect != nil {
		if body := a.bodyRelay(); body != nil {
			src := a.recon.connectFrom
			a.emit("php.tunnel", 75, src, []verdict.Point{*body}, a.recon.connect,
				fmt.Sprintf("Connects to the host and port the request names (%s) and reads the raw request body to pass on: an HTTP tunnel into the network the server sits in (reGeorg-style SOCKS proxy).", src.pt.What),
				fmt.Sprintf("连接请求（%s）指定的主机和端口，并读取原始请求体进行转发：通往服务器所在内网的 HTTP 隧道（reGeorg 式 SOCKS 代理）。", src.pt.What))
		}
	}
	if a.recon.fetchCmd != nil && a.recon.touchRef != nil {
		a.emit("php.infector", 75, nil, []verdict.Point{*a.recon.fetchCmd}, a.recon.touchRef,
			"Downloads files with a shell command and gives them the timestamps of other files (touch -r): code planted among the site's scripts, hidden from a search by date.",
			"用系统命令下载文件，再赋予其其他文件的时间戳（touch -r）：在网站脚本中植入代码，并躲避按时间排查。")
	}
	if a.recon.sessList != nil && a.recon.sessRead != nil && a.sessPrefix() {
		a.emit("php.session-theft", 70, nil, []verdict.Point{*a.recon.sessList}, a.recon.sessRead,
			"Lists the directory where PHP keeps its sessions, picks the sess_ files and reads them: it steals the logins of the visitors of every site sharing that directory.",
			"列出 PHP 保存会话的目录，挑出 sess_ 文件并读取其内容：窃取共享该目录的所有网站访客的登录会话。")
	}
	if a.recon.passwd != nil {
		if homes := a.homesPath(); homes != nil {
			a.emit("php.account-walk", 65, nil, []verdict.Point{*a.recon.passwd}, homes,
				"Reads the host's account list (/etc/passwd) and builds paths into each account's home directory: it reaches into the other sites of a shared host, for their configuration files and passwords.",
				"读取主机账号列表（/etc/passwd），并为每个账号拼接其主目录下的路径：借此进入共享主机上的其他网站，窃取其配置文件与密码。")
		}
	}
}

// formControl reports whether the file's own markup has a form control
// whose name or id is key. Script-driven pages post their fields by id.
func (a *analyzer) formControl(key string) bool {
	if a.recon.controls == nil {
		a.recon.controls = map[string]bool{}
		a.eachMarkup(func(s string) {
			formNames(s, nameIDAttrs, 256, func(name string) { a.recon.controls[name] = true })
		})
	}
	return a.recon.controls[key]
}

// moduleParam resolves $p['field'] in the global code of a file that
// never sets $p, when the file's own markup has a control named or with
// the id 'field': the module of a shell framework (b374k), which renders
// its form and reads the fields from the array its host script fills
// with the request's parameters. It returns nil otherwise.
func (a *analyzer) moduleParam(name, key string, n *node, e env) *value {
	g := a.funcs[0]
	if e.f != g || a.outer != nil || len(g.assigns[name]) > 0 || superglobals[name] || name == "this" || !a.formControl(key) {
		return nil
	}
	return a.input("form", "$"+name+"['"+verdict.Clip(key)+"'] (a field of the file's own form)", n.tok, false)
}

// arrayToText turn a whole array into text.
var arrayToText = map[string]bool{
	"serialize": true, "json_encode": true, "var_export": true, "print_r": true,
	"implode": true, "http_build_query": true,
}

// wholeForm returns the name of a request array ($_POST, $_REQUEST, ...)
// that x turns whole into text (serialize($_POST)), or "".
func wholeForm(x *node) string {
	found := ""
	visit(x, func(n *node) {
		if found != "" || n.k != nCall || n.kids[0].k != nName || !arrayToText[funcName(n.kids[0].s)] {
			return
		}
		for _, arg := range n.kids[1:] {
			if arg.k == nVar && superglobals[arg.s] && arg.s != "_FILES" && arg.s != "HTTP_POST_FILES" && arg.s != "HTTP_RAW_POST_DATA" {
				found = arg.s
				return
			}
		}
	})
	return found
}

// imageExt reports whether path names an image file.
func imageExt(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".ico", ".webp", ".svg":
		return true
	}
	return false
}

// formLogger checks file_put_contents: everything the visitors submit,
// whole, stored in a file named as an image is stolen form data (card
// numbers and passwords a skimmer collects) kept where nobody looks and
// where the attacker can download it. A request log of the site's own
// is named as one.
func (a *analyzer) formLogger(name string, args []*node, n *node, e env) {
	if len(args) < 2 {
		return
	}
	form := wholeForm(args[1])
	if form == "" {
		return
	}
	p := a.eval(args[0], e)
	if !p.known() {
		return
	}
	for _, s := range p.strs {
		if !imageExt(s) {
			return
		}
	}
	a.emit("php.form-logger", 70, nil, nil, a.point(n.tok, name),
		fmt.Sprintf("Writes everything the visitors submit ($%s, whole) to a file named as an image (%s): a skimmer storing stolen passwords and card data where the attacker can fetch them.", form, verdict.Clip(p.strs[0])),
		fmt.Sprintf("把访客提交的全部数据（$%s 整体）写入伪装成图片的文件（%s）：盗取密码与银行卡数据的窃密程序，将其存放在攻击者可下载的位置。", form, verdict.Clip(p.strs[0])))
}

// forkBomb checks pcntl_fork: a loop whose whole body forks, on a
// condition that never changes, doubles the processes until the host
// can start no more (a denial of service). A pre-forking server keeps
// the child's pid and waits for it.
func (a *analyzer) forkBomb(n *node) {
	paren := n.tok // a call starts at its "(" (after the name)
	if paren >= len(a.ts) || a.ts[paren].Value != "(" {
		return
	}
	i := paren - 2
	for i >= 0 && a.ts[i].Kind == Op && a.ts[i].Value == "@" {
		i--
	}
	if i < 0 {
		return
	}
	end := a.afterCall(paren)
	if end < 0 || end >= len(a.ts) || a.ts[end].Value != ";" {
		return // the result is used
	}
	if t := a.ts[i]; t.Kind == Op && t.Value == "{" {
		if end+1 >= len(a.ts) || a.ts[end+1].Value != "}" {
			return // the body does more than fork
		}
		i--
	}
	if i < 0 || a.ts[i].Kind != Op || a.ts[i].Value != ")" {
		return
	}
	open := a.openParen(i)
	if open < 1 || a.ts[open-1].Kind != Keyword {
		return
	}
	cond := a.ts[open+1 : i]
	switch a.ts[open-1].Value {
	case "while":
		if len(cond) != 1 || !(cond[0].Kind == LNumber && cond[0].Value != "0" || strings.EqualFold(cond[0].Value, "true")) {
			return
		}
	case "for":
		for _, t := range cond {
			if t.Value != ";" {
				return
			}
		}
	default:
		return
	}
	a.emit("php.fork-bomb", 70, nil, nil, a.point(n.tok, "pcntl_fork"),
		"Forks in an endless loop that does nothing else (a fork bomb): the processes double until the server can start no more, a denial of service.",
		"在只做 fork 的无限循环中不断创建进程（fork 炸弹）：进程数成倍增长直到服务器无法再创建进程，造成拒绝服务。")
}

// afterCall returns the index of the token after the argument list
// that opens at paren, or -1.
func (a *analyzer) afterCall(paren int) int {
	depth := 0
	for j := paren; j < len(a.ts) && j-paren < maxLoopScan; j++ {
		if a.ts[j].Kind != Op {
			continue
		}
		switch a.ts[j].Value {
		case "(":
			depth++
		case ")":
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return -1
}

// chmodAny checks chmod: mode 0777 on a path the request gives whole
// makes any file of the host that the server may change writable (and
// executable) for everyone: a weak tool to open files to tampering.
func (a *analyzer) chmodAny(args []*node, n *node, e env) {
	if len(args) < 2 || args[1].k != nNum || args[1].s != "0777" && args[1].s != "511" && args[1].s != "0o777" {
		return
	}
	v := a.eval(args[0], e)
	if !v.tainted() || v.prefixed || !v.chosenBy(formInput) {
		return
	}
	src := directSource(v)
	a.emit("php.chmod-input", 60, src, v.steps, a.point(n.tok, "chmod 0777"),
		fmt.Sprintf("Makes the file or directory the request names (%s), anywhere on the host, writable and executable by everyone (chmod 0777).", src.pt.What),
		fmt.Sprintf("将请求（%s）指定的主机上任意文件或目录设为所有人可写可执行（chmod 0777）。", src.pt.What))
}

// connectionHandoff checks a command given the visitor's own port: a
// program handed REMOTE_PORT finds the web server's socket to the
// visitor and serves a shell over it (findsock), past any firewall.
func (a *analyzer) connectionHandoff(name string, args []*node, n *node) {
	if len(args) == 0 {
		return
	}
	found := false
	visit(args[0], func(x *node) {
		if !found && x.k == nIndex && x.kids[0].k == nVar && x.kids[0].s == "_SERVER" && x.kids[1] != nil && x.kids[1].k == nStr && x.kids[1].s == "REMOTE_PORT" {
			found = true
		}
	})
	if found {
		a.emit("php.connection-handoff", 80, nil, nil, a.point(n.tok, name),
			"Runs a program with the visitor's own address and port ($_SERVER['REMOTE_PORT']): it finds the web server's connection to the visitor and serves a shell over it (findsock), past any firewall.",
			"以访问者自身的地址和端口（$_SERVER['REMOTE_PORT']）运行程序：该程序找到 Web 服务器与访问者之间的连接并在其上提供 Shell（findsock），可绕过防火墙。")
	}
}

// iisMetabase checks new COM(...): the IIS metabase (IIS://) holds every
// site's configuration, with the passwords of its anonymous and
// application pool accounts; a script of a site has no need to read it.
func (a *analyzer) iisMetabase(args []*node, n *node, e env) {
	if len(args) == 0 {
		return
	}
	p := strings.ToLower(strings.TrimSpace(a.constPrefix(args[0], e, 0)))
	if !strings.HasPrefix(p, "iis://") {
		return
	}
	a.emit("php.iis-metabase", 70, nil, nil, a.point(n.tok, "new COM('IIS://...')"),
		"Opens the IIS metabase through COM (IIS://): every site's configuration, with the passwords of their anonymous and application pool accounts.",
		"通过 COM 打开 IIS 元数据库（IIS://）：其中有所有站点的配置及其匿名账户和应用程序池账户的密码。")
}

// fetchCmdRe and touchRefRe match the fixed beginnings of commands that
// download a file and that copy another file's timestamps.
var (
	fetchCmdRe = regexp.MustCompile(`^(curl|wget)(\s|$)`)
	touchRefRe = regexp.MustCompile(`^touch\s+(-[a-z]*\s+)*-r(\s|$)`)
)

// timeCommands notes commands that download files and back-date them.
func (a *analyzer) timeCommands(name string, args []*node, n *node, e env) {
	if len(args) == 0 || a.recon.fetchCmd != nil && a.recon.touchRef != nil {
		return
	}
	p := strings.TrimSpace(a.constPrefix(args[0], e, 0))
	switch {
	case a.recon.fetchCmd == nil && fetchCmdRe.MatchString(p):
		a.recon.fetchCmd = a.point(n.tok, name+" "+verdict.Clip(p))
	case a.recon.touchRef == nil && touchRefRe.MatchString(p):
		a.recon.touchRef = a.point(n.tok, name+" "+verdict.Clip(p))
	}
}

// nativeBinary reports a string literal that holds a Windows or Linux
// executable, in hex or base64: a script carrying a native program (a
// MySQL UDF library that runs commands, an exploit, a back-connect
// client) to write it out and run it. Applications ship their programs
// as files.
func (a *analyzer) nativeBinary() {
	for i, t := range a.ts {
		if t.Kind != ConstString && t.Kind != EncapsedString || len(t.Value) < 1024 {
			continue
		}
		if kind := executableText(t.Value); kind != "" {
			a.emit("php.native-binary", 65, nil, nil, a.point(i, kind+" in a string"),
				"Carries a native program ("+kind+") as text, to write it to disk and run it outside PHP (a MySQL UDF library, an exploit or a back-connect client).",
				"以文本形式携带本机程序（"+kind+"），用于写入磁盘并在 PHP 之外运行（MySQL UDF 库、漏洞利用程序或反连客户端）。")
			return
		}
	}
}

// executableText returns the kind of executable s encodes ("Windows
// executable", "ELF executable"), or "".
func executableText(s string) string {
	var head []byte
	switch {
	case len(s) > 2 && (s[:2] == "0x" || s[:2] == "0X"):
		head, _ = hexPrefix(s[2:])
	case strings.HasPrefix(s, "4d5a") || strings.HasPrefix(s, "4D5A") || strings.HasPrefix(s, "7f454c46") || strings.HasPrefix(s, "7F454C46"):
		head, _ = hexPrefix(s)
	case strings.HasPrefix(s, "TV") || strings.HasPrefix(s, "f0VMR"): // "MZ", "\x7fELF"
		n := min(len(s), 1024) / 4 * 4
		head, _ = base64.StdEncoding.DecodeString(s[:n])
	default:
		return ""
	}
	switch {
	case len(head) >= 0x40 && head[0] == 'M' && head[1] == 'Z':
		// The PE header's offset, and a PE signature or the DOS stub's
		// message where the decoded prefix reaches.
		off := int(binary.LittleEndian.Uint32(head[0x3c:]))
		if off >= 0x40 && off+4 <= len(head) && string(head[off:off+4]) == "PE\x00\x00" || bytes.Contains(head, []byte("This program")) {
			return "Windows executable"
		}
	case len(head) >= 20 && string(head[:4]) == "\x7fELF" && (head[4] == 1 || head[4] == 2) && (head[5] == 1 || head[5] == 2):
		return "ELF executable"
	}
	return ""
}

// hexPrefix decodes up to 512 bytes of hex digits at the start of s.
func hexPrefix(s string) ([]byte, error) {
	n := 0
	for n < len(s) && n < 1024 && isHex(s[n]) {
		n++
	}
	return hex.DecodeString(s[:n/2*2])
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// locationKeys are the server variables that tell where a script lies
// on the server's disk.
var locationKeys = map[string]bool{"DOCUMENT_ROOT": true, "SCRIPT_FILENAME": true, "PATH_TRANSLATED": true}

// serverText reports whether x is text made only of constants and
// server variables ($_SERVER[...]), following variables the global code
// sets once, and whether a location key is among them.
func (a *analyzer) serverText(x *node, depth int) (ok, location bool) {
	if x == nil || depth > 8 {
		return false, false
	}
	switch x.k {
	case nStr, nNum:
		return true, false
	case nBin:
		if x.s != "." {
			return false, false
		}
		fallthrough
	case nInterp:
		for _, k := range x.kids {
			o, l := a.serverText(k, depth+1)
			if !o {
				return false, false
			}
			location = location || l
		}
		return true, location
	case nIndex:
		if x.kids[0].k == nVar && x.kids[0].s == "_SERVER" && x.kids[1] != nil && x.kids[1].k == nStr {
			return true, locationKeys[x.kids[1].s]
		}
	case nVar:
		as := a.funcs[0].assigns[x.s]
		if len(as) == 1 && as[0].op == "=" && as[0].from == nil {
			return a.serverText(as[0].rhs, depth+1)
		}
	}
	return false, false
}

// locationBeacon checks mail(): a message made only of where the script
// lies (its document root, its path on disk) and other server variables,
// sent to a fixed address, is a planted shell reporting its location to
// whoever spread it. A site's own notices carry what happened.
func (a *analyzer) locationBeacon(args []*node, n *node, e env) {
	if len(args) < 3 || a.funcs[0] != e.f {
		return
	}
	to := a.eval(args[0], e)
	if !to.known() || to.tainted() || !strings.Contains(to.strs[0], "@") {
		return
	}
	if ok, loc := a.serverText(args[2], 0); !ok || !loc {
		return
	}
	a.emit("php.location-beacon", 65, nil, nil, a.point(n.tok, "mail"),
		"Mails where the script lies on the server (its document root and path, from $_SERVER) and nothing else to a fixed address ("+verdict.Clip(to.strs[0])+"): a planted shell reporting its location to whoever spread it.",
		"把脚本在服务器上的位置（文档根目录与路径，取自 $_SERVER）且仅此内容发送到固定邮箱（"+verdict.Clip(to.strs[0])+"）：被植入的 WebShell 在向传播者报告自己的位置。")
}

// pureSafe reports whether f's only constructs that sinky counts are
// calls of computed names: a decoder that calls ord and chr through
// variables ($o = d('b3Jk')), which a pure run may follow, since there
// such a call reaches only the pure builtins the interpreter models or
// a user function that is pure-safe in turn.
func (a *analyzer) pureSafe(f *function) bool {
	if v, ok := a.recon.pureSafe[f]; ok {
		return v
	}
	if a.recon.pureSafe == nil {
		a.recon.pureSafe = map[*function]bool{}
	}
	a.recon.pureSafe[f] = true // cycles: a recursive decoder is safe if the rest is
	safe := true
	var callees []string
	for _, r := range f.roots {
		visit(r, func(n *node) {
			if !safe {
				return
			}
			switch n.k {
			case nEval, nInclude, nShell:
				safe = false
			case nCall:
				if n.kids[0].k != nName {
					return
				}
				name := funcName(n.kids[0].s)
				if riskyCall(name) {
					safe = false
				} else if len(a.byName[name]) > 0 {
					callees = append(callees, name)
				}
			case nMethod, nStatic:
				safe = false
			}
		})
		if !safe {
			break
		}
	}
	for _, c := range callees {
		for _, g := range a.byName[c] {
			if safe && g != f && !a.pureSafe(g) {
				safe = false
			}
		}
	}
	a.recon.pureSafe[f] = safe
	return safe
}

// listenInput checks socket_bind and stream_socket_server: a web page
// that listens on an address the request names turns the server into a
// listener for whoever asked (a bind shell, a relay, a hijack of a port
// other services use); applications listen, if at all, where their
// configuration says.
func (a *analyzer) listenInput(name string, args []*node, n *node, e env) {
	i := 0
	if name == "socket_bind" {
		i = 1
	}
	if i >= len(args) {
		return
	}
	v := a.eval(args[i], e)
	if !v.tainted() || !v.chosenBy(formInput) {
		return
	}
	src := directSource(v)
	a.emit("php.listen-input", 70, src, v.steps, a.point(n.tok, name),
		fmt.Sprintf("Listens for network connections on the address the request names (%s): the web server is made a listener for whoever asked (a bind shell, a relay, or a hijack of a port other services use).", src.pt.What),
		fmt.Sprintf("在请求（%s）指定的地址上监听网络连接：Web 服务器被变成替请求者服务的监听端（绑定 Shell、转发代理或劫持其他服务使用的端口）。", src.pt.What))
}

// sessionDir reports whether p (a path or its fixed beginning) is a
// directory where PHP keeps its sessions by default.
func sessionDir(p string) bool {
	p = strings.TrimRight(strings.TrimSpace(p), "/")
	switch p {
	case "/tmp", "/var/tmp", "/var/lib/php/sessions", "/var/lib/php/session", "/var/lib/php5", "/var/lib/php":
		return true
	}
	return false
}

// sessionFiles notes listings and reads of the session directory: a
// script that lists it, picks the sess_ files and reads them takes over
// the logins of every visitor of every site sharing it. PHP reads its
// sessions itself; applications never open those files.
func (a *analyzer) sessionFiles(name string, args []*node, n *node, e env) {
	if len(args) == 0 || a.recon.sessList != nil && a.recon.sessRead != nil {
		return
	}
	x := args[0]
	p := a.constPrefix(x, e, 0)
	switch name {
	case "opendir", "scandir", "glob":
		if a.recon.sessList == nil && (sessionDir(p) || x.k == nCall && x.kids[0].k == nName && funcName(x.kids[0].s) == "session_save_path") {
			a.recon.sessList = a.point(n.tok, name+"('"+verdict.Clip(p)+"')")
		}
	default:
		if a.recon.sessRead == nil && strings.HasSuffix(p, "/") && sessionDir(p) && x.k != nStr {
			a.recon.sessRead = a.point(n.tok, name+"('"+verdict.Clip(p)+"...')")
		}
	}
}

// sessPrefix finds the literal "sess_", the prefix of PHP's session
// files.
func (a *analyzer) sessPrefix() bool {
	for _, t := range a.ts {
		if (t.Kind == ConstString || t.Kind == EncapsedString) && strings.HasPrefix(t.Value, "sess_") && len(t.Value) <= 6 {
			return true
		}
	}
	return false
}
