package php

import (
	"bytes"
	"math/bits"
	"slices"
	"strings"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// A hacked site serves its attacker in more ways than a command shell:
// a phishing kit mails the passwords and card numbers its visitors type
// to a drop address, a spam mailer sends a list's worth of mail, a
// parasite page shows search engines content fetched from the attacker's
// server, an open proxy fetches whatever URL its caller names, and a
// plug-in switches off the site's security scanners. Each rule here asks
// for the behaviour and for the evidence that sets it apart from the
// application code it resembles (a contact form, a newsletter, a feed
// reader, a security plug-in's own maintenance).

// abuseFacts records the evidence the abuse rules combine; nil until a
// call of interest is seen.
type abuseFacts struct {
	// phish is the best candidate for a phishing collector: credential
	// fields sent to a fixed mailbox, bot or file, with what corroborates
	// it (see notePhish).
	phish *phishMail
	// redirect is a header('Location: http://host/...') to a host the
	// code writes out.
	redirect *verdict.Point
	// secOff are the security products whose data or settings the code
	// erases or switches off, by name.
	secOff map[string]*verdict.Point
	// curlProxy is a CURLOPT_URL the request names (or whose host it
	// names).
	curlProxy     *verdict.Point
	curlProxyFrom *origin
	// curlPar is a CURLOPT_URL that names a fixed remote host and this
	// site (see urlFacts).
	curlPar *remoteFacts
	// postWrite is a statement that stores request content in the
	// site's posts table.
	postWrite     *verdict.Point
	postWriteFrom *origin
	// probe is a discovery command or account-list read whose result
	// the file prints (see abuse_probe.go); disabled is a read of
	// disable_functions.
	probe    *probe
	disabled *verdict.Point
}

type phishMail struct {
	mail, field *verdict.Point  // the sending (mail, a bot message), a credential field
	steps       []verdict.Point // the visitor's address, the geolocation lookup
	what        string          // the credential fields, for the explanation
	kinds       int             // credential kinds
	ip, geo     bool            // the visitor's address, a geolocation lookup
	// drop: the destination is a free mailbox or a chat bot, where a
	// site's own notices seldom go.
	drop bool
}

func (a *analyzer) abuseOf() *abuseFacts {
	if a.recon.abuse == nil {
		a.recon.abuse = &abuseFacts{}
	}
	return a.recon.abuse
}

// mailFacts is what the arguments of a mail() call are built from.
type mailFacts struct {
	kinds     uint8 // credKind bits of the request fields and variables
	field     *node // the first credential field or variable
	fieldName string
	ip, geo   *node // the visitor's address; a geolocation service
	reads     *node // a read of a file's lines or a URL's content
	db        bool  // rows of a database query
	form      bool  // request parameters
	budget    int
	seen      map[varKey]bool
}

const (
	credPassword uint8 = 1 << iota
	credCard
	credPIN
	credIdentity
)

// credKind classifies a form field or variable name as a credential.
func credKind(name string) uint8 {
	s := strings.ToLower(name)
	switch {
	case strings.Contains(s, "pass") && !strings.Contains(s, "passport") || strings.Contains(s, "pwd") ||
		strings.Contains(s, "senha") || strings.Contains(s, "contrase"):
		return credPassword
	case strings.Contains(s, "card") || strings.Contains(s, "cvv") || strings.Contains(s, "cvc") ||
		strings.Contains(s, "ccnum") || s == "csc" || strings.Contains(s, "expir"):
		return credCard
	case s == "pin" || strings.HasSuffix(s, "pin") && !strings.HasSuffix(s, "spin") || pinPrefix(s):
		return credPIN
	case s == "ssn" || strings.Contains(s, "maiden") || s == "dob" || strings.Contains(s, "socialsec"):
		return credIdentity
	}
	return 0
}

// pinPrefix reports a name that begins with "pin" as a word: pin_1,
// pincode, pinnumber (not ping, pinterest).
func pinPrefix(s string) bool {
	rest, ok := strings.CutPrefix(s, "pin")
	if !ok {
		return false
	}
	return rest == "" || rest[0] < 'a' || rest[0] > 'z' ||
		strings.HasPrefix(rest, "code") || strings.HasPrefix(rest, "num") || strings.HasPrefix(rest, "no")
}

// visitorKeys are the server variables that hold the visitor's address
// or browser.
var visitorKeys = map[string]bool{"REMOTE_ADDR": true, "HTTP_X_FORWARDED_FOR": true, "HTTP_CLIENT_IP": true,
	"HTTP_X_REAL_IP": true, "HTTP_CF_CONNECTING_IP": true, "HTTP_USER_AGENT": true}

// geoServices are public IP geolocation services, by a part of their
// address.
var geoServices = []string{"geoplugin.", "ip-api.com", "ipinfo.io", "freegeoip", "ipapi.co", "geoiplookup", "extreme-ip-lookup", "ipgeolocation", "ipwhois", "iplocation"}

// fileReads are the functions whose results are a file's or a URL's
// content.
var fileReads = map[string]bool{"file": true, "file_get_contents": true, "fgets": true, "fread": true,
	"fgetcsv": true, "curl_exec": true, "stream_get_contents": true}

// oneWay are the functions whose result does not give their argument
// away: hashes, and the checks that compare with one.
var oneWay = map[string]bool{"md5": true, "sha1": true, "hash": true, "hash_hmac": true, "crypt": true,
	"password_hash": true, "password_verify": true, "strlen": true, "count": true, "isset": true, "empty": true}

// mailWalk gathers what x, an argument of mail() in function f, is
// built from: the variables it reads (through their assignments), the
// calls and what they are given, the returns of the user functions it
// calls.
func (a *analyzer) mailWalk(x *node, f *function, depth int, m *mailFacts) {
	if x == nil || depth > 24 || m.budget <= 0 {
		return
	}
	m.budget--
	switch x.k {
	case nStr:
		l := strings.ToLower(x.s)
		for _, g := range geoServices {
			if strings.Contains(l, g) {
				m.geo = x
			}
		}
		return
	case nVar:
		m.credName(x.s, x)
		a.followVar(f, x.s, m.seen, func(rhs *node, from *function) bool {
			a.mailWalk(rhs, from, depth+1, m)
			return false
		})
		return
	case nIndex:
		if b := x.kids[0]; b.k == nVar && x.kids[1] != nil && x.kids[1].k == nStr {
			switch b.s {
			case "_POST", "_GET", "_REQUEST", "_COOKIE":
				m.form = true
				m.credName(x.kids[1].s, x)
				return
			case "_SERVER", "HTTP_SERVER_VARS":
				if visitorKeys[strings.ToUpper(x.kids[1].s)] && m.ip == nil {
					m.ip = x
				}
				return
			}
		}
	case nCall:
		if x.kids[0].k != nName {
			break
		}
		name := funcName(x.kids[0].s)
		switch {
		case oneWay[name]:
			return // a hash or a check of a secret does not give it away
		case name == "getenv":
			if len(x.kids) > 1 && x.kids[1].k == nStr && visitorKeys[strings.ToUpper(x.kids[1].s)] && m.ip == nil {
				m.ip = x
			}
		case fileReads[name]:
			if m.reads == nil {
				m.reads = x
			}
		case strings.Contains(name, "fetch") || name == "mysql_result":
			m.db = true
		}
		for _, g := range a.byName[name] {
			if g.class == "" {
				for _, r := range g.returns {
					a.mailWalk(r, g, depth+1, m)
				}
			}
		}
	case nMethod, nStatic:
		if x.kids[1].k == nName {
			if l := strings.ToLower(x.kids[1].s); strings.Contains(l, "fetch") || strings.HasPrefix(l, "get_") || l == "query" {
				m.db = true
			}
		}
	case nCast:
		if x.s == "int" || x.s == "bool" || x.s == "float" {
			return
		}
	}
	for _, k := range x.kids {
		a.mailWalk(k, f, depth+1, m)
	}
}

// credName notes the name of a request field or variable x that is a
// credential's.
func (m *mailFacts) credName(name string, x *node) {
	if k := credKind(name); k != 0 {
		m.kinds |= k
		if m.field == nil {
			m.field, m.fieldName = x, name
		}
	}
}

func newMailFacts() *mailFacts {
	return &mailFacts{budget: 4000, seen: map[varKey]bool{}}
}

// abusiveMail checks mail() for a phishing kit's collector (credential
// fields mailed to a fixed address) and for a mass mailer (a loop over
// a recipient list read from a file or a URL).
func (a *analyzer) abusiveMail(args []*node, n *node, e env) {
	if len(args) < 3 {
		return
	}
	if a.inLoop(n.tok) {
		a.massMailer(args, n, e)
	}
	if ab := a.recon.abuse; ab != nil && ab.phish != nil && ab.phish.strong() {
		return
	}
	to := a.eval(args[0], e)
	if !to.known() || to.tainted() || !strings.Contains(to.strs[0], "@") {
		return
	}
	a.notePhish(args[1:3], e.f, freeMail(to.strs[0]), func() *verdict.Point { return a.point(n.tok, "mail to "+verdict.Clip(to.strs[0])) })
}

// freeMailDomains are public mail services, by the start of their
// domain names.
var freeMailDomains = []string{"gmail.", "googlemail.", "yahoo.", "ymail.", "hotmail.", "outlook.", "live.", "msn.",
	"aol.", "yandex.", "mail.ru", "protonmail.", "proton.me", "gmx.", "zoho.", "icloud.", "inbox.", "rambler.", "qq.com", "163.com", "126.com"}

// freeMail reports whether every address of a recipient list is on a
// public mail service.
func freeMail(to string) bool {
	n := 0
	for _, addr := range strings.FieldsFunc(to, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		_, domain, ok := strings.Cut(strings.Trim(addr, "<>"), "@")
		if !ok {
			continue
		}
		domain = strings.ToLower(domain)
		if !slices.ContainsFunc(freeMailDomains, func(d string) bool { return strings.HasPrefix(domain, d) }) {
			return false
		}
		n++
	}
	return n > 0
}

// notePhish records, as a phishing collector's candidate, a message
// (parts, in f) sent to a fixed destination (sink) that carries
// credential fields.
func (a *analyzer) notePhish(parts []*node, f *function, drop bool, sink func() *verdict.Point) {
	m := newMailFacts()
	for _, x := range parts {
		a.mailWalk(x, f, 0, m)
	}
	if m.kinds == 0 {
		return
	}
	var steps []verdict.Point
	if m.ip != nil {
		steps = append(steps, *a.point(m.ip.tok, "visitor's address or browser"))
	}
	if m.geo != nil {
		steps = append(steps, *a.point(m.geo.tok, "geolocation lookup"))
	}
	what := "$" + m.fieldName
	if m.field.k == nIndex {
		what = "$" + m.field.kids[0].s + "['" + m.fieldName + "']"
	}
	p := &phishMail{kinds: bits.OnesCount8(m.kinds), ip: m.ip != nil, geo: m.geo != nil, drop: drop}
	if old := a.abuseOf().phish; old != nil && old.weight() >= p.weight() {
		return
	}
	p.mail, p.field, p.what, p.steps = sink(), a.point(m.field.tok, what), what, steps
	a.recon.abuse.phish = p
}

// weight orders the candidates of a phishing collector by their
// evidence; strong is the most a candidate can have.
func (p *phishMail) weight() int {
	w := 2 * min(p.kinds, 2)
	if p.ip {
		w++
	}
	if p.geo {
		w++
	}
	if p.drop {
		w++
	}
	return w
}

func (p *phishMail) strong() bool { return p.weight() >= 7 }

// phishFile checks a write to a file of a fixed name: a kit that keeps
// its victims' secrets in a text file for its owner to download.
func (a *analyzer) phishFile(name string, args []*node, n *node, e env) {
	if ab := a.recon.abuse; ab != nil && ab.phish != nil && ab.phish.strong() || len(args) < 2 {
		return
	}
	path := args[0]
	if name == "fwrite" || name == "fputs" {
		if path, _ = fopenPath(args[0], e, n.tok); path == nil {
			return
		}
	}
	p := a.eval(path, e)
	if !p.known() || p.tainted() {
		return
	}
	a.notePhish(args[1:2], e.f, false, func() *verdict.Point { return a.point(n.tok, name+" to "+verdict.Clip(p.strs[0])) })
}

// telegramExfil checks a request to the Telegram bot API, the other way
// phishing kits deliver what they collect: the message is the URL's
// query (file_get_contents) or the POST fields of a curl request.
func (a *analyzer) telegramExfil(name string, args []*node, n *node, e env) {
	if ab := a.recon.abuse; ab != nil && ab.phish != nil && ab.phish.strong() {
		return
	}
	var msg *node
	switch name {
	case "file_get_contents", "fopen", "file":
		if len(args) > 0 && strings.Contains(strings.ToLower(a.constPrefix(args[0], e, 0)), telegramAPI) {
			msg = args[0]
		}
	case "curl_setopt":
		if len(args) > 2 && args[1].k == nName && strings.EqualFold(args[1].s, "CURLOPT_POSTFIELDS") &&
			bytes.Contains(a.src, []byte(telegramAPI)) {
			msg = args[2]
		}
	}
	if msg == nil {
		return
	}
	a.notePhish([]*node{msg}, e.f, true, func() *verdict.Point { return a.point(n.tok, name+" to the Telegram bot API") })
}

// telegramAPI is the address of the Telegram bot API.
const telegramAPI = "api.telegram.org/bot"

// massMailer reports mail() in a loop to each address of a list read
// from a file or a URL, with a message read from a file, a URL or the
// request: a spam run. Newsletters mail their subscribers from the
// database, and build their message.
func (a *analyzer) massMailer(args []*node, n *node, e env) {
	to := newMailFacts()
	a.mailWalk(args[0], e.f, 0, to)
	if to.reads == nil || to.db {
		return
	}
	body := newMailFacts()
	a.mailWalk(args[2], e.f, 0, body)
	if body.db || body.reads == nil && !body.form {
		return
	}
	steps := []verdict.Point{*a.point(to.reads.tok, "recipients read")}
	if body.reads != nil && body.reads != to.reads {
		steps = append(steps, *a.point(body.reads.tok, "message read"))
	}
	a.emit("php.abuse.mass-mailer", 65, nil, steps, a.point(n.tok, "mail in a loop"),
		"Sends mail in a loop to every address of a list read from a file or a URL, with a message that is read too rather than written by the code: a spam or phishing mass mailer.",
		"循环向从文件或 URL 读取的地址列表逐个发送邮件，邮件内容同样是读入的而非代码生成：群发垃圾或钓鱼邮件的工具。")
}

// noteRedirect records header('Location: http://host/...') to a host
// the code writes out (a phishing kit sends its victim on to the real
// bank's site).
func (a *analyzer) noteRedirect(args []*node, n *node, e env) {
	if len(args) == 0 || a.recon.abuse != nil && a.recon.abuse.redirect != nil {
		return
	}
	p := strings.TrimSpace(a.constPrefix(args[0], e, 0))
	if len(p) < 9 || !strings.EqualFold(p[:9], "location:") || remoteHost(strings.TrimSpace(p[9:])) == "" {
		return
	}
	a.abuseOf().redirect = a.point(n.tok, "header('"+verdict.Clip(p)+"')")
}

// remoteHost returns the host of an absolute http(s) URL whose host is
// written out in full (a name with a dot, not the local host), or "".
func remoteHost(u string) string {
	l := strings.ToLower(u)
	rest, ok := strings.CutPrefix(l, "http://")
	if !ok {
		if rest, ok = strings.CutPrefix(l, "https://"); !ok {
			return ""
		}
	}
	host := rest
	if i := strings.IndexAny(host, "/?#:"); i >= 0 {
		host = host[:i]
	} else {
		// The host may go on in a computed part ("http://" . $host).
		return ""
	}
	if !strings.Contains(host, ".") || internalHost(host) {
		return ""
	}
	return host
}

// internalHost reports a host of the local network: a loopback or
// private address, or a name under a local domain (a back end the site
// forwards to, not another party's server).
func internalHost(host string) bool {
	if strings.HasPrefix(host, "127.") || strings.HasPrefix(host, "10.") || strings.HasPrefix(host, "192.168.") ||
		strings.HasPrefix(host, "localhost") || strings.HasSuffix(host, ".local") || strings.HasSuffix(host, ".internal") ||
		strings.HasSuffix(host, ".lan") || strings.HasSuffix(host, ".localdomain") {
		return true
	}
	if rest, ok := strings.CutPrefix(host, "172."); ok {
		n := 0
		for i := 0; i < len(rest) && rest[i] >= '0' && rest[i] <= '9'; i++ {
			n = n*10 + int(rest[i]-'0')
		}
		return n >= 16 && n <= 31
	}
	return false
}

// phishCollector reports the phishing kit's collector that abusiveMail
// found: credential fields mailed to a fixed address, with what sets it
// apart from a site's own notices (the visitor's address or location,
// the victim sent on to the real site, more than one kind of secret).
func (a *analyzer) phishCollector() {
	ab := a.recon.abuse
	p := ab.phish
	steps := p.steps
	// One secret with the visitor's address is what a site's notice of
	// a new account may hold; more kinds of secret, a lookup of where
	// the victim is, or a free mailbox or a bot as the destination with
	// the victim sent on elsewhere, are a collector's.
	redirect := ab.redirect != nil
	if !(p.kinds >= 2 && (p.ip || p.geo || redirect) || p.geo && (p.ip || redirect) || p.drop && p.ip && redirect) {
		return
	}
	if ab.redirect != nil {
		steps = append(steps, *ab.redirect)
	}
	a.emit("php.abuse.phish-collector", 70, &origin{pt: p.field, input: "_POST"}, steps, p.mail,
		"Sends passwords or card data the visitor submits ("+p.what+"), with the visitor's address, browser or location, to a fixed mailbox, chat or file ("+p.mail.What+")"+redirectText(ab.redirect, false)+": a phishing kit's collector.",
		"把访客提交的密码或银行卡信息（"+p.what+"）连同访客 IP、浏览器或地理位置发送到固定的邮箱、聊天或文件（"+p.mail.What+"）"+redirectText(ab.redirect, true)+"：钓鱼页面的收信脚本。")
}

func redirectText(p *verdict.Point, zh bool) string {
	switch {
	case p == nil:
		return ""
	case zh:
		return "，随后把访客重定向到外部网站（通常是被仿冒的真实网站）"
	}
	return ", then sends the visitor on to an outside site (usually the real one it imitates)"
}

// securityProducts are WordPress security plug-ins, by the names of
// their tables and options.
var securityProducts = []struct{ name, marker string }{
	{"Wordfence", "wfconfig"}, {"Wordfence", "wfissues"}, {"Wordfence", "wfstatus"}, {"Wordfence", "wordfence"},
	{"iThemes Security", "itsec_"}, {"All In One WP Security", "aiowps_"}, {"Sucuri", "sucuriscan"},
	{"Acunetix WP Security", "wsd_plugin_scan"}, {"Exploit Scanner", "exploitscanner_"},
}

// securityProduct names the security product text (a statement, an
// option name) refers to, or "".
func securityProduct(text string) string {
	l := asciiLower(text)
	for _, p := range securityProducts {
		if strings.Contains(l, p.marker) {
			return p.name
		}
	}
	return ""
}

// noteSecurityOff records a statement or option write that erases or
// changes a security product's data (its scan results, its settings).
func (a *analyzer) noteSecurityOff(text string, n *node, what string) {
	p := securityProduct(text)
	if p == "" {
		return
	}
	ab := a.abuseOf()
	if ab.secOff == nil {
		ab.secOff = map[string]*verdict.Point{}
	}
	if ab.secOff[p] == nil {
		ab.secOff[p] = a.point(n.tok, what)
	}
}

// securityOff reports code that erases or rewrites the data of several
// security products: a plug-in's own maintenance touches its own tables
// only; clearing the findings and settings of every scanner around is
// malware hiding from them.
func (a *analyzer) securityOff() {
	ab := a.recon.abuse
	if len(ab.secOff) < 2 {
		return
	}
	var steps []verdict.Point
	var names []string
	for _, p := range securityProducts {
		if pt := ab.secOff[p.name]; pt != nil && !slices.Contains(names, p.name) {
			names = append(names, p.name)
			steps = append(steps, *pt)
		}
	}
	sink := steps[len(steps)-1]
	steps = steps[:len(steps)-1]
	a.emit("php.abuse.security-off", 70, nil, steps, &sink,
		"Erases the findings or rewrites the settings of several security plug-ins ("+strings.Join(names, ", ")+"): malware switching off the scanners that would find it.",
		"清除或改写多个安全插件（"+strings.Join(names, "、")+"）的扫描结果与设置：恶意代码在关闭可能发现它的安全扫描。")
}

// optionWrite checks update_option/delete_option on a security
// product's option.
func (a *analyzer) optionWrite(name string, args []*node, n *node, e env) {
	if len(args) == 0 {
		return
	}
	if v := a.eval(args[0], e); v.known() {
		a.noteSecurityOff(v.strs[0], n, name+"('"+verdict.Clip(v.strs[0])+"')")
	}
}

// sqlSecurityOff checks a statement for one that erases or rewrites a
// security product's table.
func (a *analyzer) sqlSecurityOff(text string, n *node, name string) {
	switch verb := sqlVerb(text); verb {
	case "truncate", "delete", "update", "drop":
		a.noteSecurityOff(text, n, name+" "+strings.ToUpper(verb))
	}
}

// sqlVerb returns the first word of a statement, in lower case.
func sqlVerb(text string) string {
	text = strings.TrimLeft(text, " \t\r\n(")
	i := 0
	for i < len(text) && i < 9 && (text[i]|0x20 >= 'a' && text[i]|0x20 <= 'z') {
		i++
	}
	return strings.ToLower(text[:i])
}

// notePostWrite records a statement that stores request content (v)
// into the site's posts (WordPress's wp_posts and its kin).
func (a *analyzer) notePostWrite(text string, v *value, n *node, name string) {
	if ab := a.recon.abuse; ab != nil && ab.postWrite != nil || !v.chosenBy(formInput) {
		return
	}
	switch sqlVerb(text) {
	case "update", "insert", "replace":
	default:
		return
	}
	if !containsFoldASCII(text, "posts") {
		return
	}
	ab := a.abuseOf()
	ab.postWrite, ab.postWriteFrom = a.point(n.tok, name), formOrigin(v)
}

// fixedKeyGate returns the token of a comparison of request input with
// a long hexadecimal literal (a hard-coded password or its MD5 hash),
// or -1.
func (a *analyzer) fixedKeyGate() int {
	for i, t := range a.ts {
		if t.Kind != Op || t.Value != "==" && t.Value != "===" {
			continue
		}
		lit := -1
		for _, j := range []int{i - 1, i + 1} {
			if j >= 0 && j < len(a.ts) && a.ts[j].Kind == ConstString && hexKey(a.ts[j].Value) {
				lit = j
			}
		}
		if lit < 0 {
			continue
		}
		for j := max(0, i-6); j < min(len(a.ts), i+7); j++ {
			if a.ts[j].Kind == Variable {
				switch a.ts[j].Value {
				case "_GET", "_POST", "_REQUEST", "_COOKIE":
					return i
				}
			}
		}
	}
	return -1
}

// hexKey reports whether s is a hexadecimal string of 16 to 64 digits.
func hexKey(s string) bool {
	if len(s) < 16 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

// contentInjector reports request content stored into the site's posts
// behind a hard-coded key: a link-injection backdoor that lets its
// owner plant spam links and pages in the site. An application stores
// posts for users its own login checks.
func (a *analyzer) contentInjector() {
	ab := a.recon.abuse
	gate := a.fixedKeyGate()
	if gate < 0 {
		return
	}
	src := ab.postWriteFrom
	what := "the request"
	if src != nil && src.pt != nil {
		what = src.pt.What
	}
	a.emit("php.abuse.content-injector", 70, src, []verdict.Point{*a.point(gate, "request compared with a hard-coded key")}, ab.postWrite,
		"Behind a hard-coded key, writes request content ("+what+") into the site's posts table: a backdoor that plants spam links and pages in the site's content.",
		"以写死的密钥校验后，把请求内容（"+what+"）写入网站的文章表：用于在网站内容中植入垃圾链接和页面的后门。")
}

// abuseRules applies the rules whose evidence the walk gathered.
func (a *analyzer) abuseRules() {
	if a.recon.fetched {
		a.remoteContent()
	}
	a.printedPayload()
	a.linkClient()
	if a.defacementBanner() && (a.recon.abuse == nil || a.recon.abuse.probe == nil) {
		a.backtickProbe()
	}
	ab := a.recon.abuse
	if ab == nil {
		return
	}
	if ab.probe != nil {
		a.discoveryProbe()
	}
	if ab.disabled != nil {
		a.execCheck()
	}
	if ab.phish != nil {
		a.phishCollector()
	}
	a.securityOff()
	if ab.postWrite != nil {
		a.contentInjector()
	}
}

// fopenPath returns the path and mode arguments of the fopen whose
// handle h, a variable, holds at token tok (the last fopen assigned to
// it before tok), or nils: the file a write to the handle goes to.
func fopenPath(h *node, e env, tok int) (path, mode *node) {
	if h.k != nVar {
		return nil, nil
	}
	for _, as := range e.f.assigns[h.s] {
		if as.tok > tok {
			break
		}
		r := as.rhs
		for r != nil && r.k == nUnary && len(r.kids) > 0 {
			r = r.kids[0] // @fopen(...)
		}
		if as.op == "=" && r != nil && r.k == nCall && r.kids[0].k == nName && funcName(r.kids[0].s) == "fopen" && len(r.kids) > 2 {
			path, mode = r.kids[1], r.kids[2]
		}
	}
	return path, mode
}
