package php

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// File-manager shells (WSO, b374k, c99, r57 and their clones) spread their
// power over many small operations, each on a path the request chooses:
// list a directory, read, write, delete, rename, change modes, upload,
// run commands, open database and network connections. One such operation
// is ordinary; many of them in one file is a remote administration tool.

// fileFeatures maps functions to the feature they give when their first
// argument comes from the request.
var fileFeatures = map[string]string{
	"opendir": "list", "scandir": "list", "glob": "list", "dir": "list",
	"readfile": "read", "file_get_contents": "read", "file": "read", "highlight_file": "read",
	"show_source": "read", "fopen": "read", "unlink": "delete", "rmdir": "delete",
	"chmod": "attr", "chown": "attr", "chgrp": "attr", "touch": "attr",
	"rename": "move", "mkdir": "move", "symlink": "move",
	"mysql_connect": "db", "mysqli_connect": "db", "mysql_query": "db", "mysqli_query": "db",
	"pg_connect": "db", "fsockopen": "net", "pfsockopen": "net", "socket_connect": "net",
	"stream_socket_client": "net", "stream_socket_server": "net", "socket_bind": "net",
}

func (a *analyzer) fileFeature(name string, args []*node, n *node, e env) {
	f, ok := fileFeatures[name]
	if !ok || len(args) == 0 {
		return
	}
	if v := a.eval(args[0], e); v.tainted() {
		a.feature(f, n)
		if !v.prefixed && v.chosenBy(formInput) {
			// The request names the whole path: any file of the host.
			a.anyPath[f] = true
		}
	}
}

func (a *analyzer) feature(name string, n *node) {
	if a.features[name] == nil {
		a.features[name] = a.point(n.tok, name)
	}
}

// fileManager scores the features found.
func (a *analyzer) fileManager() {
	// Listing or reading any directory or file the request names is a file
	// browser on its own (path traversal by design).
	if len(a.features) < 3 && !(a.anyPath["list"] && a.anyPath["read"]) {
		return
	}
	names := make([]string, 0, len(a.features))
	for k := range a.features {
		names = append(names, k)
	}
	sort.Strings(names)
	score := 0
	switch {
	case len(names) >= 5, len(names) >= 4 && a.features["exec"] != nil:
		score = 80
	case len(names) >= 4:
		score = 70
	case a.features["exec"] != nil || a.features["delete"] != nil && a.features["write"] != nil:
		score = 55
	case a.anyPath["list"] && a.anyPath["read"]:
		score = 65
	default:
		score = 40
	}
	steps := make([]verdict.Point, 0, len(names))
	for _, k := range names {
		steps = append(steps, *a.features[k])
	}
	a.emit("php.file-manager", score, nil, steps, nil,
		"Offers remote administration on paths the request chooses: "+strings.Join(names, ", ")+".",
		"对请求指定的路径提供远程管理功能："+strings.Join(names, "、")+"。")
}

// uploadSink checks move_uploaded_file/copy: an upload to a place the
// request chooses is a way to plant more shells.
func (a *analyzer) uploadSink(name string, from, to *value, n *node) {
	if name == "copy" && from.known() && remoteURL(strings.ToLower(from.strs[0])) && scriptPath(to) {
		a.remoteDropper(name, &origin{pt: a.point(n.tok, "copy('"+verdict.Clip(from.strs[0])+"')"), input: "remote"}, to, n)
	}
	if !from.tainted() && !to.tainted() {
		return
	}
	if from.tainted() && scriptPath(to) {
		// Whatever is uploaded becomes a script the server runs.
		src := from.source()
		en, zh := scriptNames(to)
		a.emit("php.upload", 75, src, to.steps, a.point(n.tok, name),
			fmt.Sprintf("Stores an uploaded file (%s) as a script (%s) the web server will run.", src.pt.What, en),
			fmt.Sprintf("将上传的文件（%s）保存为 Web 服务器可执行的脚本（%s）。", src.pt.What, zh))
		return
	}
	a.feature("upload", n)
	src := to.source()
	if src == nil {
		return
	}
	if to.prefixed && src.input == "_FILES" && to.flows() == 1 {
		// A directory, then the name the client sent, unchanged (no
		// basename, no generated name): any script can be uploaded.
		a.emit("php.upload", 60, src, to.steps, a.point(n.tok, name),
			"Stores an uploaded file under the name the client sent, unchanged, so a script can be uploaded and run.",
			"将上传文件以客户端提供的文件名原样保存，可借此上传并运行脚本。")
		return
	}
	if to.prefixed {
		return
	}
	if src.input == "_FILES" {
		if to.hidden { // built from pieces: a directory in front
			return
		}
		a.emit("php.upload", 65, src, to.steps, a.point(n.tok, name),
			"Stores an uploaded file under the name the client sent, unchecked, in the current directory: anyone can plant a script.",
			"将上传文件以客户端提供的文件名原样保存到当前目录，未做任何检查，任何人都可借此植入脚本。")
		return
	}
	a.emit("php.upload", 70, src, to.steps, a.point(n.tok, name),
		fmt.Sprintf("Stores an uploaded file under a path chosen by the request (%s).", src.pt.What),
		fmt.Sprintf("将上传的文件保存到由请求（%s）指定的路径。", src.pt.What))
}

// writeSink checks file_put_contents and fwrite: attacker content written
// to an attacker-chosen file plants code.
func (a *analyzer) writeSink(name string, path, data *value, n *node) {
	if data.known() && (len(data.steps) > 0 || data.hidden) {
		// Decoded or assembled content written to a file: a dropper, when
		// it is a shell.
		for _, s := range data.strs {
			a.droppedCode(s, data.steps, a.point(n.tok, name))
		}
	}
	if data.chosenBy(func(in string) bool { return in == "remote" }) && scriptPath(path) {
		a.remoteDropper(name, data.source(), path, n)
	}
	if !path.tainted() && !data.tainted() {
		return
	}
	if data.chosenBy(formInput) {
		a.noteWritten(path, data.source())
	}
	a.feature("write", n)
	if !path.tainted() || !data.tainted() || path.prefixed {
		return
	}
	// An upload handler names the file from the upload's own name (its
	// extension, after checks the analysis does not model); a writer
	// shell takes the path from the request's parameters.
	// Server variables (the URI, the user agent) written to a file are a
	// log; a writer shell takes its path and content from form fields.
	// A path taken whole from a request header is no log file either:
	// the request names the file and fills it.
	byHeader := path.chosenBy(func(in string) bool { return in == "_SERVER" || in == "headers" }) &&
		data.chosenBy(func(in string) bool { return in != "remote" })
	if !byHeader && (!path.chosenBy(func(in string) bool { return formInput(in) && in != "_FILES" || !path.hidden && in == "_FILES" }) ||
		!data.chosenBy(formInput)) {
		return
	}
	src := data.source()
	if path.sock {
		// A connection, not a file: the request picks a host and port
		// and what is sent there, which makes the server a relay (port
		// scans, attacks on services behind the firewall, spam).
		a.emit("php.net-relay", 75, src, data.steps, a.point(n.tok, name),
			fmt.Sprintf("Sends request content (%s) over a network connection to the host the request names (%s): the server relays the attacker's traffic to any host and port.", src.pt.What, path.source().pt.What),
			fmt.Sprintf("把请求内容（%s）通过网络连接发送到请求（%s）指定的主机：服务器替攻击者向任意主机和端口转发流量。", src.pt.What, path.source().pt.What))
		return
	}
	a.emit("php.write-input", 75, src, data.steps, a.point(n.tok, name),
		fmt.Sprintf("Writes request content (%s) to a file the request names (%s).", src.pt.What, path.source().pt.What),
		fmt.Sprintf("将请求内容（%s）写入由请求（%s）指定的文件。", src.pt.What, path.source().pt.What))
}

// mailSink checks mail(). When the request chooses the recipients, the
// message and the sender, the page is an open mail relay, the spam mailer
// attackers plant on hacked sites (a contact form fixes the recipient, a
// "send me a copy" form the sender). Mail to an address the code conceals
// (decoded, or assembled so that neither its mailbox nor its domain
// appears in the file) is a drop
// for phished credentials or skimmed cards: a site's own address has no
// reason to hide.
func (a *analyzer) mailSink(to, subject, body, headers *value, n *node) {
	if to.chosenBy(formInput) && headers.chosenBy(formInput) &&
		(subject.chosenBy(formInput) || body.chosenBy(formInput)) {
		src := to.source()
		a.emit("php.mailer", 70, src, nil, a.point(n.tok, "mail"),
			fmt.Sprintf("Sends mail whose recipients (%s), sender and message the request chooses: an open relay for spam or phishing.", src.pt.What),
			fmt.Sprintf("发送邮件，收件人（%s）、发件人和内容均由请求决定：可被用来群发垃圾或钓鱼邮件的开放中继。", src.pt.What))
		return
	}
	if to.chosenBy(formInput) && (subject.chosenBy(formInput) || body.chosenBy(formInput)) && a.inLoop(n.tok) {
		// The same message to each address of a list the request gives:
		// mass mailing. A form mails its owner, or its sender once.
		src := to.source()
		a.emit("php.mailer", 70, src, nil, a.point(n.tok, "mail"),
			fmt.Sprintf("Sends mail in a loop to the recipients the request lists (%s), with a message the request gives: a mass mailer for spam or phishing.", src.pt.What),
			fmt.Sprintf("循环向请求列出的收件人（%s）发送由请求提供内容的邮件：用于群发垃圾或钓鱼邮件的工具。", src.pt.What))
		return
	}
	if !to.known() || to.tainted() {
		return
	}
	for _, addr := range to.strs {
		// Concealed: neither the mailbox nor the domain is written out
		// ('webmaster@' . $domain is how a configuration reads).
		box, domain, ok := strings.Cut(addr, "@")
		if !ok || bytes.Contains(a.src, []byte(box)) || bytes.Contains(a.src, []byte(domain)) {
			return
		}
	}
	a.emit("php.mail-drop", 65, nil, to.steps, a.point(n.tok, "mail"),
		"Sends mail to an address the code conceals ("+verdict.Clip(to.strs[0])+"): a drop for phished credentials or skimmed card data.",
		"向代码刻意隐藏的邮箱（"+verdict.Clip(to.strs[0])+"）发送邮件：钓鱼账号或盗刷银行卡数据的收件点。")
}

// maxLoopScan bounds the tokens inLoop looks back over.
const maxLoopScan = 1 << 14

// inLoop reports whether token tok is inside the braced body of a for,
// foreach, while or do loop of the same function.
func (a *analyzer) inLoop(tok int) bool {
	depth := 0
	for i := min(tok, len(a.ts)) - 1; i >= 0 && tok-i < maxLoopScan; i-- {
		t := a.ts[i]
		if t.Kind == Keyword && t.Value == "function" {
			return false
		}
		if t.Kind != Op && t.Kind != CurlyOpen && t.Kind != DollarOpenCurly {
			continue
		}
		switch t.Value {
		case "}":
			depth++
		case "{", "${":
			if depth > 0 {
				depth--
				continue
			}
			// An enclosing block: what opens it?
			j := i - 1
			if j >= 0 && a.ts[j].Kind == Op && a.ts[j].Value == ")" {
				j = a.openParen(j)
				j--
			}
			if j >= 0 && a.ts[j].Kind == Keyword {
				switch a.ts[j].Value {
				case "for", "foreach", "while", "do":
					return true
				}
			}
		}
	}
	return false
}

// openParen returns the index of the "(" matching the ")" at i, or -1.
func (a *analyzer) openParen(i int) int {
	depth := 0
	for j := i; j >= 0 && i-j < maxLoopScan; j-- {
		if a.ts[j].Kind != Op {
			continue
		}
		switch a.ts[j].Value {
		case ")":
			depth++
		case "(":
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// scriptPath reports whether every name path may be is a server-side
// script that the web server would run.
func scriptPath(path *value) bool {
	if !path.known() {
		return path.ext != ""
	}
	named := false
	for _, p := range path.strs {
		if p == "" {
			continue // a default the code replaces (empty($f) ? name : $f)
		}
		named = true
		switch strings.ToLower(filepath.Ext(p)) {
		case ".php", ".phtml", ".php5", ".php7", ".inc", ".jsp", ".jspx", ".asp", ".aspx", ".ashx", ".asa", ".cer":
		default:
			return false
		}
	}
	return named
}

// scriptExt returns the extension of path when it names a script the
// web server runs, "" otherwise.
func scriptExt(path string) string {
	switch x := strings.ToLower(filepath.Ext(path)); x {
	case ".php", ".phtml", ".php5", ".php7", ".inc", ".jsp", ".jspx", ".asp", ".aspx", ".ashx", ".asa", ".cer":
		return x
	}
	return ""
}

// remoteDropper reports code fetched from a URL and saved as a script: a
// dropper installing its real payload (updaters unpack archives into
// place; they do not write a .php file from a URL's content).
func (a *analyzer) remoteDropper(name string, src *origin, path *value, n *node) {
	en, zh := scriptNames(path)
	a.emit("php.remote-dropper", 65, src, path.steps, a.point(n.tok, name),
		fmt.Sprintf("Saves content downloaded from a URL (%s) as a script (%s) the web server will run.", src.pt.What, en),
		fmt.Sprintf("将从 URL 下载的内容（%s）保存为 Web 服务器可执行的脚本（%s）。", src.pt.What, zh))
}

// scriptNames names, in English and Chinese, the script a path that
// scriptPath accepts stands for: its possible values, or, when only how
// it ends is known, that.
func scriptNames(path *value) (en, zh string) {
	if path.known() {
		s := verdict.Clip(strings.Join(path.strs, " | "))
		return s, s
	}
	return "a name ending in " + path.ext, "以 " + path.ext + " 结尾的文件名"
}

// formInput reports whether an input is one the client fills freely:
// parameters, cookies, uploads, the body.
func formInput(in string) bool {
	return in != "_SERVER" && in != "remote" && in != "headers" && in != "exif"
}

// statistics adds supporting evidence from the shape of the file: a long
// encoded literal is how packed payloads look.
func (a *analyzer) statistics() {
	longest, at := 0, -1
	for i, t := range a.ts {
		if (t.Kind == ConstString || t.Kind == EncapsedString) && len(t.Value) > longest {
			longest, at = len(t.Value), i
		}
	}
	if longest < 2048 {
		return
	}
	s := a.ts[at].Value
	if h := entropy(s); h > 5.2 && !strings.ContainsAny(s[:min(len(s), 4096)], " \n") {
		a.emit("php.packed", 30, nil, nil, a.point(at, "encoded literal"),
			fmt.Sprintf("Holds a %d-byte encoded literal (entropy %.1f bits/byte), the usual shape of a packed payload.", longest, h),
			fmt.Sprintf("包含 %d 字节的编码字面量（熵 %.1f 位/字节），是打包载荷的常见形态。", longest, h))
	}
}

func entropy(s string) float64 {
	var c [256]int
	for i := 0; i < len(s); i++ {
		c[s[i]]++
	}
	h := 0.0
	for _, n := range c {
		if n > 0 {
			p := float64(n) / float64(len(s))
			h -= p * math.Log2(p)
		}
	}
	return h
}

// maxEmbedded bounds the string literals analysed as code per file.
const maxEmbedded = 32

// embeddedShells analyses string literals that hold PHP code: a file that
// carries a complete webshell as text writes it somewhere (a dropper, an
// SQL "INTO OUTFILE", a .htaccess or template injection).
func (a *analyzer) embeddedShells() {
	if a.nested >= MaxNested {
		return
	}
	n := 0
	for i, t := range a.ts {
		if t.Kind != ConstString && t.Kind != EncapsedString || len(t.Value) < 16 || !strings.Contains(t.Value, "<?") {
			continue
		}
		if n++; n > maxEmbedded {
			return
		}
		a.droppedCode(t.Value, nil, a.point(i, "string holding PHP code"))
	}
}

var (
	// cgiEnableRe finds web server configuration that runs files of the
	// directory as CGI programs, or runs another extension as PHP.
	cgiEnableRe = regexp.MustCompile(`(?i)\bAddHandler\s+cgi-script\b|\b(?:AddType|AddHandler)\s+application/x-httpd-php\d*\s+(?:\.?(?:jpe?g|gif|png|ico|txt|html?|css|js|hax|xxx|\w*shell\w*))\b`)
	// cgiShellRe finds a CGI script that runs its query string as a
	// command.
	cgiShellRe = regexp.MustCompile(`(?s)#!\s*/(?:usr/)?bin/(?:ba|k|z)?sh\b.*\$\{?QUERY_STRING|#!\s*/usr/bin/(?:env\s+)?perl\b.*(?:system|exec|qx|open)\b.*\$ENV\{\s*['"]?QUERY_STRING`)
)

// containsFoldASCII reports whether s holds lit, a lower-case ASCII word
// without k or s, in any case: what a case-insensitive regular expression
// needs to match that word (no other rune folds to its letters), found
// without the expression's automaton, which is slow on a long string.
func containsFoldASCII(s, lit string) bool {
	lo, up := lit[0], lit[0]-('a'-'A')
	nextLo, nextUp := -1, -1 // the next positions of each case of lit's first letter (-2: none)
	for i := 0; i+len(lit) <= len(s); i++ {
		if nextLo != -2 && nextLo < i {
			if nextLo = strings.IndexByte(s[i:], lo); nextLo >= 0 {
				nextLo += i
			} else {
				nextLo = -2
			}
		}
		if nextUp != -2 && nextUp < i {
			if nextUp = strings.IndexByte(s[i:], up); nextUp >= 0 {
				nextUp += i
			} else {
				nextUp = -2
			}
		}
		switch {
		case nextLo == -2 && nextUp == -2:
			return false
		case nextLo == -2:
			i = nextUp
		case nextUp == -2:
			i = nextLo
		default:
			i = min(nextLo, nextUp)
		}
		if i+len(lit) > len(s) {
			return false
		}
		j := 1
		for j < len(lit) && s[i+j]|0x20 == lit[j] {
			j++
		}
		if j == len(lit) {
			return true
		}
	}
	return false
}

// cgiDropper reports a script that carries the configuration making its
// directory run CGI programs (or another extension as PHP) together with
// a CGI script that runs the request's query string: it plants a shell
// outside PHP, past disable_functions.
func (a *analyzer) cgiDropper() {
	var conf, shell *verdict.Point
	for i, t := range a.ts {
		if t.Kind != ConstString && t.Kind != EncapsedString || len(t.Value) < 16 {
			continue
		}
		if conf == nil && (strings.Contains(t.Value, "Add") || strings.Contains(t.Value, "add")) &&
			(containsFoldASCII(t.Value, "addhandler") || containsFoldASCII(t.Value, "addtype")) && cgiEnableRe.MatchString(t.Value) {
			conf = a.point(i, "server configuration enabling CGI")
		}
		if shell == nil && strings.Contains(t.Value, "QUERY_STRING") && strings.Contains(t.Value, "#!") && cgiShellRe.MatchString(t.Value) {
			shell = a.point(i, "CGI shell script")
		}
		if conf != nil && shell != nil {
			a.emit("php.cgi-dropper", 75, nil, []verdict.Point{*conf}, shell,
				"Carries a web server configuration that runs the directory's files as CGI programs and a CGI script that runs the request's query string as a command: it plants a command shell outside PHP.",
				"携带让目录中文件作为 CGI 程序运行的 Web 服务器配置，以及把请求查询串当作命令执行的 CGI 脚本：在 PHP 之外植入命令执行后门。")
			return
		}
	}
}

// droppedCode reports text that holds a webshell's code.
func (a *analyzer) droppedCode(text string, steps []verdict.Point, at *verdict.Point) {
	if a.nested >= MaxNested || !strings.Contains(text, "<?") || a.shared.bytes+len(text) > maxBytes {
		return
	}
	r, ok := a.shared.nested["\x00dropped\x00"+text]
	if !ok {
		a.shared.bytes += len(text)
		r.dets = newAnalyzer([]byte(text), a.nested+1, a.shared).run()
		a.shared.nested["\x00dropped\x00"+text] = r
	}
	ds := r.dets
	// Text that is decoded and then written is a payload being
	// installed: any reported behaviour of its code counts. Other text
	// holding code must hold a webshell's.
	least, score := verdict.High, 80
	if len(steps) > 0 && len(ds) > 0 && ds[0].Score < verdict.High {
		least, score = verdict.Report, ds[0].Score
	}
	if len(ds) == 0 || ds[0].Score < least {
		return
	}
	d := ds[0]
	a.emit("php.embedded-shell", score, nil, steps, at,
		"Carries the code of a webshell as text, to write it elsewhere: "+d.Why,
		"以文本形式携带 WebShell 代码，用于写入其他位置："+d.WhyZh)
}
