package php

import (
	"slices"
	"strings"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// Printing what another server sends is how a parasite page and an open
// proxy work. A parasite page (the SEO spammer's doorway planted in a
// hacked site) asks the attacker's server, written into the code, for
// the content to show at this site's address: the URL carries the site's
// host name or the requested path. An open proxy fetches the URL, or the
// host, its caller names. A feed reader or an oEmbed consumer fetches
// from sources it is configured with and renders what it parsed.

// siteKeys are the server variables that name this site or the page
// asked for.
var siteKeys = map[string]bool{"HTTP_HOST": true, "SERVER_NAME": true, "REQUEST_URI": true, "PHP_SELF": true,
	"SCRIPT_NAME": true}

// fetches are the functions whose result is what a URL sends (the first
// argument the URL, -1 when it is set elsewhere).
var fetches = map[string]int{"file_get_contents": 0, "file": 0, "curl_exec": -1}

// handles are the functions that open a connection or a URL, whose
// content socketReads then read.
var handles = map[string]bool{"fsockopen": true, "pfsockopen": true, "stream_socket_client": true, "fopen": true}

var socketReads = map[string]bool{"fgets": true, "fread": true, "fgetss": true, "stream_get_contents": true}

// remoteFacts is what an expression printed is built from.
type remoteFacts struct {
	fetch    *node  // the call that fetches
	remote   string // a URL on a fixed remote host
	remoteAt *node
	site     *node          // this site's host name or the page asked for
	proxy    *verdict.Point // a fetch of a URL or host the request names
	from     *origin
	// reverse: the request names an IP address whose sites a search
	// engine's ip: operator lists (a reverse-IP lookup).
	reverse bool
	// par are the facts of a fetched URL that names both a fixed remote
	// host and this site (remote and site set).
	par *remoteFacts
	// handle is a connection or URL opened (see handles), hproxy the
	// opening of one the request names: content read from it makes a
	// fetch.
	handle *node
	hproxy *verdict.Point
	hfrom  *origin
	// net: the content fetched comes over the network for certain (curl,
	// a socket), not perhaps from a local file a path names.
	net    bool
	budget int
	seen   map[varKey]bool
}

// varKey is a variable of a function, for the walks that follow
// variables to their assignments once.
type varKey struct {
	f    *function
	name string
}

// followVar calls fn with the right-hand side of each assignment of the
// variable name read in f (the global one when f declares it global)
// and the function it is evaluated in, unless seen already holds the
// variable; it records it there. It stops at, and reports, the first
// call of fn that returns true.
func (a *analyzer) followVar(f *function, name string, seen map[varKey]bool, fn func(rhs *node, from *function) bool) bool {
	g := f
	if g.globals[name] {
		g = a.funcs[0]
	}
	key := varKey{g, name}
	if seen[key] {
		return false
	}
	seen[key] = true
	for _, as := range g.assigns[name] {
		from := g
		if as.from != nil {
			from = as.from
		}
		if fn(as.rhs, from) {
			return true
		}
	}
	return false
}

func (r *remoteFacts) merge(s *remoteFacts) {
	if r.fetch == nil {
		r.fetch = s.fetch
	}
	if r.remote == "" {
		r.remote, r.remoteAt = s.remote, s.remoteAt
	}
	if r.site == nil {
		r.site = s.site
	}
	if r.proxy == nil {
		r.proxy, r.from, r.reverse = s.proxy, s.from, s.reverse
	}
	if r.par == nil {
		r.par = s.par
	}
	if r.handle == nil {
		r.handle = s.handle
	}
	if r.hproxy == nil {
		r.hproxy, r.hfrom = s.hproxy, s.hfrom
	}
	r.net = r.net || s.net
}

// remoteWalk gathers what x, in function f, is built from, following
// variables to their assignments, calls to their arguments and user
// functions to what they return.
func (a *analyzer) remoteWalk(x *node, f *function, depth int, r *remoteFacts) {
	if x == nil || depth > 24 || r.budget <= 0 {
		return
	}
	r.budget--
	switch x.k {
	case nStr:
		if r.remote == "" && remoteHost(strings.TrimSpace(x.s)) != "" {
			r.remote, r.remoteAt = strings.TrimSpace(x.s), x
		}
		return
	case nVar:
		a.followVar(f, x.s, r.seen, func(rhs *node, from *function) bool {
			a.remoteWalk(rhs, from, depth+1, r)
			return false
		})
		return
	case nIndex:
		if b := x.kids[0]; b.k == nVar && (b.s == "_SERVER" || b.s == "HTTP_SERVER_VARS") && x.kids[1] != nil && x.kids[1].k == nStr {
			if siteKeys[strings.ToUpper(x.kids[1].s)] && r.site == nil {
				r.site = x
			}
			return
		}
	case nCall:
		if x.kids[0].k != nName {
			break
		}
		name := funcName(x.kids[0].s)
		args := x.kids[1:]
		if name == "getenv" && len(args) > 0 && args[0].k == nStr && siteKeys[strings.ToUpper(args[0].s)] && r.site == nil {
			r.site = x
		}
		if handles[name] && len(args) > 0 {
			if r.handle == nil {
				r.handle = x
			}
			// A port the code fixes is a check of a service (a mail
			// server's), not a relay to any.
			if (name == "fopen" || len(args) < 2 || !a.eval(args[1], env{f: f}).known()) && r.hproxy == nil {
				h := &remoteFacts{}
				a.proxyArg(args[0], f, x, name != "fopen", h)
				r.hproxy, r.hfrom = h.proxy, h.from
			}
		}
		if socketReads[name] && len(args) > 0 {
			sub := &remoteFacts{budget: r.budget, seen: r.seen}
			a.remoteWalk(args[0], f, depth+1, sub)
			r.budget = sub.budget
			if sub.handle != nil {
				if r.fetch == nil {
					r.fetch = x
				}
				r.net = r.net || sub.handle.kids[0].k == nName && funcName(sub.handle.kids[0].s) != "fopen"
				if r.proxy == nil && sub.hproxy != nil {
					r.proxy, r.from = sub.hproxy, sub.hfrom
				}
			}
			return
		}
		if i, ok := fetches[name]; ok {
			if r.fetch == nil {
				r.fetch = x
			}
			r.net = r.net || i < 0
			if i >= 0 && i < len(args) {
				a.proxyArg(args[i], f, x, false, r)
				a.urlFacts(args[i:i+1], f, r)
			} else if ab := a.recon.abuse; i < 0 && ab != nil {
				if r.proxy == nil && ab.curlProxy != nil {
					r.proxy, r.from = ab.curlProxy, ab.curlProxyFrom
				}
				if r.par == nil {
					r.par = ab.curlPar
				}
			}
		}
		for _, g := range a.byName[name] {
			if g.class != "" {
				continue
			}
			sub := &remoteFacts{budget: r.budget, seen: r.seen}
			for _, ret := range g.returns {
				a.remoteWalk(ret, g, depth+1, sub)
			}
			r.budget = sub.budget
			if sub.fetch != nil {
				// A user function that fetches: its arguments make the
				// URL.
				for _, arg := range args {
					a.proxyArg(arg, f, x, sub.net, r)
				}
				a.urlFacts(args, f, r)
			}
			r.merge(sub)
		}
	case nMethod, nStatic:
		for _, k := range x.kids[2:] {
			a.remoteWalk(k, f, depth+1, r)
		}
		return
	case nCast:
		switch strings.ToLower(x.s) {
		case "bool", "boolean", "int", "integer", "float", "double":
			return // a number or a flag carries no content
		}
	}
	for _, k := range x.kids {
		a.remoteWalk(k, f, depth+1, r)
	}
}

// proxyArg notes a URL argument x of a fetch whose host the request
// names ("http://" . $_GET['h'] . "/x"), or that it names whole when
// whole is set (the argument is a URL or a host for certain: a path
// that the request names whole may be a local file's).
func (a *analyzer) proxyArg(x *node, f *function, call *node, whole bool, r *remoteFacts) {
	if r.proxy != nil {
		return
	}
	v := a.eval(x, env{f: f})
	if !v.chosenBy(formInput) {
		return
	}
	p := strings.ToLower(strings.TrimSpace(a.constPrefix(x, env{f: f}, 0)))
	reverse := p == "ip:" || p == "ip%3a"
	if (v.prefixed || !whole) && p != "http://" && p != "https://" && !reverse {
		return
	}
	r.proxy, r.from, r.reverse = a.point(call.tok, "fetch"), formOrigin(v), reverse
	if r.from == nil {
		r.from = v.source()
	}
}

// urlFacts notes, in r.par, URL arguments of a fetch that name both a
// fixed remote host and this site.
func (a *analyzer) urlFacts(args []*node, f *function, r *remoteFacts) {
	if r.par != nil || r.budget <= 0 {
		return
	}
	u := &remoteFacts{budget: min(r.budget, 2000), seen: map[varKey]bool{}}
	for _, arg := range args {
		a.remoteWalk(arg, f, 0, u)
	}
	r.budget -= min(r.budget, 2000) - u.budget
	if u.remote != "" && u.site != nil {
		r.par = u
	}
}

// noteCurlURL records a URL given to curl_init or CURLOPT_URL that the
// request names, or that names a fixed remote host and this site, for
// curl_exec.
func (a *analyzer) noteCurlURL(name string, args []*node, n *node, e env) {
	if name == "curl_init" && len(args) > 0 {
		args = []*node{nil, {k: nName, s: "CURLOPT_URL"}, args[0]}
	}
	if len(args) < 3 || args[1].k != nName || !strings.EqualFold(args[1].s, "CURLOPT_URL") {
		return
	}
	ab := a.recon.abuse
	if ab != nil && ab.curlProxy != nil && ab.curlPar != nil {
		return
	}
	r := &remoteFacts{budget: 2000}
	a.proxyArg(args[2], e.f, n, true, r)
	a.urlFacts(args[2:3], e.f, r)
	if r.proxy == nil && r.par == nil {
		return
	}
	ab = a.abuseOf()
	if r.proxy != nil && ab.curlProxy == nil {
		ab.curlProxy, ab.curlProxyFrom = a.point(n.tok, name+" URL"), r.from
	}
	if ab.curlPar == nil {
		ab.curlPar = r.par
	}
}

// printed returns the expression a root prints (echo, print, <?=), or
// nil.
func (a *analyzer) printed(root *node) *node {
	if root.k == nOther && strings.EqualFold(root.s, "print") && len(root.kids) > 0 {
		return root.kids[0]
	}
	// A node's token is its operator's or its call's "(": the
	// expression begins at the leftmost token of its first operands.
	first := root.tok
	for x := root; x != nil && len(x.kids) > 0; x = x.kids[0] {
		if x.kids[0] != nil {
			first = min(first, x.kids[0].tok)
		}
	}
	// echo (expr): the parentheses open before it.
	for first > 1 && first < len(a.ts) && a.ts[first-1].Kind == Op && a.ts[first-1].Value == "(" {
		first--
	}
	if first <= 0 || first >= len(a.ts) {
		return nil
	}
	t := a.ts[first-1]
	if t.Kind == Keyword && (strings.EqualFold(t.Value, "echo") || strings.EqualFold(t.Value, "print")) || t.Kind == OpenTagWithEcho {
		return root
	}
	return nil
}

// remoteContent checks what the file prints for content fetched from a
// fixed server at this site's address (a parasite page) or from a URL
// the request names (an open proxy).
func (a *analyzer) remoteContent() {
	budget := 20000
	for _, f := range a.funcs {
		for _, root := range f.roots {
			x := a.printed(root)
			if x == nil {
				continue
			}
			start := min(budget, 4000)
			r := &remoteFacts{budget: start, seen: map[varKey]bool{}}
			a.remoteWalk(x, f, 0, r)
			budget -= start - r.budget
			if r.fetch == nil {
				if budget <= 0 {
					return
				}
				continue
			}
			out := a.point(root.tok, "echo")
			switch {
			case r.par != nil:
				a.parasite(r, out)
				return
			case r.proxy != nil:
				a.openProxy(r, out)
				return
			}
			if budget <= 0 {
				return
			}
		}
	}
}

// crawlers are the names search engines' crawlers give in their
// User-Agent, searchEngines the names of search engines in a referrer:
// what cloakers test for.
var (
	crawlers      = []string{"googlebot", "baiduspider", "bingbot", "slurp", "sogou", "360spider", "yandexbot", "msnbot"}
	searchEngines = []string{"google", "baidu", "yahoo", "bing", "yandex", "sogou", "haosou", "so.com"}
)

// botTest returns a token comparing with a crawler's name (a file that
// reads the User-Agent) or a search engine's (a file that reads the
// referrer), or -1.
func (a *analyzer) botTest() int {
	ua, ref := false, false
	for _, t := range a.ts {
		if t.Kind == ConstString || t.Kind == EncapsedString {
			switch strings.ToUpper(t.Value) {
			case "HTTP_USER_AGENT":
				ua = true
			case "HTTP_REFERER":
				ref = true
			}
		}
	}
	for i, t := range a.ts {
		if t.Kind != ConstString && t.Kind != EncapsedString || len(t.Value) > 64 || strings.Contains(t.Value, "/") {
			continue
		}
		l := strings.ToLower(t.Value)
		if ua && slices.ContainsFunc(crawlers, func(b string) bool { return strings.Contains(l, b) }) ||
			ref && slices.ContainsFunc(searchEngines, func(b string) bool { return strings.Contains(l, b) }) {
			return i
		}
	}
	return -1
}

func (a *analyzer) parasite(r *remoteFacts, out *verdict.Point) {
	u := r.par
	what := "$_SERVER"
	if u.site.k == nIndex {
		what = "$_SERVER['" + u.site.kids[1].s + "']"
	}
	src := &origin{pt: a.point(u.site.tok, what), input: "_SERVER"}
	steps := []verdict.Point{*a.point(u.remoteAt.tok, verdict.Clip(u.remote)), *a.point(r.fetch.tok, "fetch")}
	en, zh := "", ""
	if i := a.botTest(); i >= 0 {
		steps = append([]verdict.Point{*a.point(i, "search engine test '"+verdict.Clip(a.ts[i].Value)+"'")}, steps...)
		en, zh = " It tests for search engines, so that crawlers see other content than visitors: cloaking.", "代码还会识别搜索引擎，使爬虫看到与普通访客不同的内容：黑帽 SEO 的“隐藏页面”（cloaking）。"
	}
	host := remoteHost(u.remote)
	a.emit("php.abuse.parasite", 70, src, steps, out,
		"Prints content fetched from a server written into the code ("+host+") with a URL that carries this site's name or the page asked for ("+what+"): a parasite page serving the attacker's SEO spam or links from the hacked site."+en,
		"输出从代码中写定的服务器（"+host+"）获取的内容，请求地址带有本站域名或所访问的页面（"+what+"）：寄生页面，借被入侵的网站展示攻击者的 SEO 垃圾内容或黑链。"+zh)
}

func (a *analyzer) openProxy(r *remoteFacts, out *verdict.Point) {
	what := "the request"
	if r.from != nil && r.from.pt != nil {
		what = r.from.pt.What
	}
	if r.reverse {
		a.emit("php.abuse.reverse-ip", 65, r.from, []verdict.Point{*r.proxy}, out,
			"Asks a search engine (its ip: operator) for the sites hosted on the IP address the request gives ("+what+") and prints them: a reverse-IP scanner listing the neighbouring sites of a shared host to attack next.",
			"借搜索引擎的 ip: 语法查询请求（"+what+"）给出的 IP 地址上托管的所有网站并输出：旁站（反查 IP）扫描器，用来寻找同一主机上的下一批攻击目标。")
		return
	}
	a.emit("php.abuse.open-proxy", 65, r.from, []verdict.Point{*r.proxy}, out,
		"Fetches the URL or host the request names ("+what+") and prints the response: an open proxy, or a scanner of the hosts around the server.",
		"获取请求（"+what+"）指定的 URL 或主机并输出响应内容：开放代理，或用于探测服务器周边主机的扫描器。")
}

// payloadDecoders are the functions that unpack a packed payload.
var payloadDecoders = map[string]bool{"gzinflate": true, "gzuncompress": true, "gzdecode": true, "base64_decode": true,
	"str_rot13": true, "strrev": true, "convert_uudecode": true, "hex2bin": true}

// decoderCall reports whether call x is of a payload decoder, named or
// through a variable.
func (a *analyzer) decoderCall(x *node) bool {
	callee := x.kids[0]
	switch callee.k {
	case nName:
		return payloadDecoders[funcName(callee.s)]
	case nVar:
		for _, s := range a.eval(callee, env{f: a.funcs[0]}).strs {
			if payloadDecoders[funcName(s)] {
				return true
			}
		}
	}
	return false
}

// printedPayload checks what the global code prints for code it
// decodes: a page that prints a webshell's code serves it to the
// droppers that install it on other hosts (they fetch the page and save
// what it prints). Nothing runs here, but the payload is the attacker's
// all the same.
func (a *analyzer) printedPayload() {
	if a.nested >= MaxNested {
		return
	}
	for _, root := range a.funcs[0].roots {
		if root.k != nCall {
			continue
		}
		x := a.printed(root)
		if x == nil || !a.decoderCall(x) {
			continue
		}
		v := a.eval(x, env{f: a.funcs[0]})
		if !v.known() || len(v.steps) == 0 || len(v.strs[0]) < 256 || a.shared.bytes+len(v.strs[0]) > maxBytes {
			continue
		}
		text := v.strs[0]
		if !strings.Contains(text, "<?") {
			text = "<?php " + text
		}
		key := "\x00printed\x00" + text
		r, ok := a.shared.nested[key]
		if !ok {
			a.shared.bytes += len(text)
			r.dets = newAnalyzer([]byte(text), a.nested+1, a.shared).run()
			a.shared.nested[key] = r
		}
		if len(r.dets) == 0 || r.dets[0].Score < verdict.High {
			continue
		}
		d := r.dets[0]
		a.emit("php.abuse.payload-server", 70, nil, v.steps, a.point(root.tok, "echo"),
			"Prints the code of a webshell it decodes ("+describeSteps(v)+"), serving it to the droppers that install it elsewhere: "+d.Why,
			"输出其解码得到的 WebShell 代码（"+describeSteps(v)+"），供其他主机上的下载器获取并安装："+d.WhyZh)
		return
	}
}

// linkClients are link-selling networks whose PHP clients print the
// paid links their server assigns to each page, by a part of the
// client's class name.
var linkClients = []struct{ marker, name string }{
	{"sape", "SAPE"}, {"linkfeed", "Linkfeed"}, {"trustlink", "Trustlink"}, {"mainlink", "MainLink"},
	{"setlinks", "Setlinks"}, {"ml_client", "MainLink"},
}

// linkClient reports a page printing the links of a link-selling
// network's client: the dark links sold on a hacked site. The class name
// only names the network; the rule asks for its client made with new and
// its links printed.
func (a *analyzer) linkClient() {
	for _, f := range a.funcs {
		for _, root := range f.roots {
			if root.k != nMethod || root.kids[1].k != nName || root.kids[0].k != nVar {
				continue
			}
			if m := root.kids[1].s; len(m) < 6 || !strings.EqualFold(m[len(m)-6:], "_links") {
				continue
			}
			x := a.printed(root)
			if x == nil {
				continue
			}
			for _, as := range f.assigns[x.kids[0].s] {
				if as.rhs == nil || as.rhs.k != nNew || len(as.rhs.kids) == 0 || as.rhs.kids[0].k != nName {
					continue
				}
				class := strings.ToLower(as.rhs.kids[0].s)
				for _, c := range linkClients {
					if !strings.Contains(class, c.marker) {
						continue
					}
					a.emit("php.abuse.link-client", 65, nil, []verdict.Point{*a.point(as.rhs.tok, "new "+as.rhs.kids[0].s)}, a.point(root.tok, "echo ->"+x.kids[1].s+"()"),
						"Prints the links that the "+c.name+" link-selling client gets from its network for this page: paid hidden links (dark links) sold on the site.",
						"输出 "+c.name+" 链接买卖客户端从其网络为本页面获取的链接：在网站上出售的付费隐藏链接（黑链）。")
					return
				}
			}
		}
	}
}
