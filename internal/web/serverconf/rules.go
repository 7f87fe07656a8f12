package serverconf

import (
	"path"
	"regexp"
	"strings"

	"github.com/yingji/yingji/internal/web/darklink"
)

var (
	spiderRe = regexp.MustCompile(`(?i)spider|googlebot|bingbot|slurp|bytespider|yisou|sogou|crawl|yandex|haosou|soso|[^a-z]bot\b|^bot\b|\bbot[^a-z]|\|bot`)
	engineRe = regexp.MustCompile(`(?i)baidu|sogou|so\\?\.com|\bso\b|sm\\?\.cn|\bsm\b|google|bing|yahoo|haosou|360|soso|youdao|toutiao|yandex|easou|shenma|sousou|chinaso`)
	mobileRe = regexp.MustCompile(`(?i)android|iphone|ipad|ipod|mobile|midp|ucweb|windows\s*(ce|phone)|symbian|blackberry|\bwap\b|opera\s*mini|phone|harmony`)
	// a path in a temporary or hidden place, or a script among uploads
	oddPathRe = regexp.MustCompile(`(?i)(^|/)(tmp|temp|var/tmp|dev/shm)(/|$)|(^|/)\.[^/.][^/]*(/|$)|/(uploads?|upfile|attachments?|cache|images?|img|pic|static)/[^?]*\.(php\d?|phtml|asp|aspx|jsp)\b|\.(jpe?g|png|gif|ico|bmp|txt|log)$`)
	// services that prerender JavaScript sites for spiders
	prerenderHosts = []string{"prerender.io", "prerender.cloud", "rendertron", "seo4ajax.com", "brombone.com", "prerender"}
	scriptRe       = regexp.MustCompile(`(?i)\.(php\d?|phtml|asp|aspx|jsp|cgi|pl|py)(\?|$)`)
)

// cond is a condition of a rule on a request header.
type cond struct {
	line    int
	header  string // user-agent, referer (other headers are ignored)
	pattern string
	negated bool
}

// class says who a rule's conditions select.
type class struct {
	spider, engine, mobile bool
	conds                  []string
}

func classify(conds []cond) class {
	var c class
	for _, x := range conds {
		c.conds = append(c.conds, x.header+" "+map[bool]string{true: "!", false: ""}[x.negated]+x.pattern)
		if x.negated {
			continue // hot-link protection, "not a spider" …
		}
		switch x.header {
		case "user-agent":
			if spiderRe.MatchString(x.pattern) {
				c.spider = true
			}
			if mobileRe.MatchString(x.pattern) {
				c.mobile = true
			}
		case "referer":
			if engineRe.MatchString(x.pattern) {
				c.engine = true
			}
		}
	}
	return c
}

// headerOf names the request header of a variable (%{HTTP_USER_AGENT},
// $http_user_agent, {HTTP_USER_AGENT}).
func headerOf(v string) string {
	l := strings.ToLower(v)
	l = strings.NewReplacer("%{", "", "{", "", "}", "", "$", "", "http:", "http_", "-", "_").Replace(l)
	switch l {
	case "http_user_agent", "http_user_agent_", "user_agent", "http_useragent":
		return "user-agent"
	case "http_referer", "http_referrer", "referer", "referrer":
		return "referer"
	}
	return ""
}

// action is what a rule does.
type action struct {
	line   int
	target string // URL or path
	block  bool   // 403, 404, 444, [F], [G]: turning the request away
	kind   string // redirect, rewrite, proxy, return
}

// judgeRule reports a rule conditioned on the user agent or referer.
func (a *analyzer) judgeRule(conds []cond, act action, hosts []string) {
	if act.block || act.target == "" || act.target == "-" {
		return
	}
	c := classify(conds)
	if !c.spider && !c.engine && !c.mobile {
		return
	}
	host := darklink.HostOf(act.target)
	if strings.Contains(host, "%{") || strings.Contains(host, "$") || strings.Contains(act.target, "://%{") || strings.Contains(act.target, "://$") {
		host = "" // the request's own host
	}
	external := host != "" && !darklink.SameSite(host, hosts)
	prerender := false
	for _, p := range prerenderHosts {
		if host == p || strings.HasSuffix(host, "."+p) || strings.Contains(host, p) {
			prerender = true
		}
	}
	p := act.target
	if host == "" {
		if i := strings.IndexAny(p, "?#"); i >= 0 {
			p = p[:i]
		}
	}
	odd := host == "" && oddPathRe.MatchString(p)
	technique := SpiderUA
	switch {
	case c.engine && c.mobile:
		technique = MobileReferer
	case c.engine:
		technique = SearchReferer
	case c.spider:
	default:
		technique = "mobile-ua"
	}
	lvl := darklink.None
	detail := ""
	switch {
	case (c.spider || c.engine) && prerender:
		return // prerendering for spiders
	case (c.spider || c.engine) && external:
		lvl = darklink.High
		detail = "requests selected by " + describe(c) + " are sent to another host"
	case (c.spider || c.engine) && odd:
		lvl = darklink.High
		detail = "requests selected by " + describe(c) + " are served by a file in a temporary or hidden place"
	case c.spider && host == "" && scriptRe.MatchString(p):
		lvl = darklink.Medium
		detail = "spiders are served by another script of the site"
	case c.spider || c.engine:
		lvl = darklink.Low
		detail = "requests selected by " + describe(c) + " get another page of the site"
	case external && len(hosts) > 0:
		lvl = darklink.Low // mobile visitors sent to another registrable domain
		detail = "mobile visitors are sent to another registrable domain"
	default:
		return // mobile site of the same domain
	}
	var hs []string
	if external {
		hs = []string{host}
	}
	line := act.line
	if len(conds) > 0 {
		line = conds[0].line
	}
	h := Hit{Kind: KindCloaking, Technique: technique, Level: lvl, Line: line, Hosts: hs, Target: act.target,
		Conditions: c.conds, Detail: detail}
	a.add(h)
	if lvl >= darklink.Medium {
		h.Kind = KindConfigInjection
		h.Line = act.line
		h.Excerpt = ""
		a.add(h)
	}
}

func describe(c class) string {
	switch {
	case c.engine && c.mobile:
		return "a search engine referer and a mobile user agent"
	case c.engine:
		return "a search engine referer"
	case c.spider:
		return "a spider user agent"
	}
	return "a mobile user agent"
}

// injectedHTML judges HTML an output filter adds to every page.
func (a *analyzer) injectedHTML(html string, line int, technique string, hosts []string) {
	if !strings.Contains(html, "<") {
		return
	}
	r := darklink.Analyze("filter.html", []byte(html), darklink.Options{SiteHosts: hosts})
	var hs []string
	for _, h := range r.Hits {
		for _, x := range h.Hosts {
			hs = appendUniq(hs, x)
		}
	}
	lvl := darklink.None
	detail := "an output filter adds HTML to the pages"
	switch {
	case r.Level >= darklink.Medium:
		lvl = darklink.High
		detail += ": " + r.Hits[0].String()
	default:
		// links, frames or scripts of other hosts, even visible
		for _, m := range hrefRe.FindAllStringSubmatch(html, 16) {
			if h := darklink.HostOf(m[2]); h != "" && !darklink.SameSite(h, hosts) && !darklink.Allowed(h, nil) {
				hs = appendUniq(hs, h)
			}
		}
		if len(hs) > 0 {
			lvl = darklink.Medium
			detail += " with links or scripts of other hosts"
		}
	}
	if lvl == darklink.None {
		return
	}
	a.add(Hit{Kind: KindConfigInjection, Technique: technique, Level: lvl, Line: line, Hosts: hs, Detail: detail})
}

var hrefRe = regexp.MustCompile(`(?i)\b(href|src|action)\s*=\s*["']?([^"'\s>]+)`)

// errorDocument judges an error page sent to a URL.
func (a *analyzer) errorDocument(target string, line int, hosts []string) {
	host := darklink.HostOf(target)
	if host == "" || strings.ContainsAny(host, "%$") || darklink.SameSite(host, hosts) {
		return
	}
	lvl := darklink.High
	if len(hosts) == 0 {
		lvl = darklink.Low // the site's own names are not known
	}
	a.add(Hit{Kind: KindConfigInjection, Technique: ErrorDocument, Level: lvl, Line: line, Hosts: []string{host}, Target: target,
		Detail: "error pages (404 …) send visitors to another host"})
}

var prependRe = regexp.MustCompile(`(?im)^[ \t]*([^;#\n]*?)\bauto_(prepend|append)_file\b["'\]]?[ \t]*(?:=|[ \t])[ \t]*["']?([^"'\s;]*)`)

// prependFiles that are the prepends of known WAFs and profilers.
var knownPrepends = []string{"wordfence-waf", "ninjafirewall", "nfw", "waf", "xhprof", "tideways", "sucuri", "newrelic", "blackfire", "xdebug"}

// prependSettings finds auto_prepend_file and auto_append_file in any
// format (php.ini, .user.ini, php_value in Apache, PHP_VALUE in nginx).
func (a *analyzer) prependSettings() {
	if a.res.Format == FormatPHP {
		return // ini_set cannot set them
	}
	for _, m := range prependRe.FindAllStringSubmatchIndex(a.src, 32) {
		pre := strings.ToLower(a.src[m[2]:m[3]])
		if strings.Contains(pre, "ini_get") || strings.Contains(pre, "ini_set") {
			continue
		}
		val := a.src[m[6]:m[7]]
		if i := strings.IndexByte(val, '"'); i >= 0 {
			val = val[:i]
		}
		if val == "" || strings.EqualFold(val, "none") || strings.EqualFold(val, "off") {
			continue
		}
		line := 1 + strings.Count(a.src[:m[0]], "\n")
		which := "auto_" + strings.ToLower(a.src[m[4]:m[5]]) + "_file"
		a.res.Prepends = appendUniq(a.res.Prepends, val)
		base := strings.ToLower(path.Base(val))
		known := false
		for _, k := range knownPrepends {
			if strings.Contains(base, k) {
				known = true
			}
		}
		lvl, detail := darklink.Low, which+" runs "+val+" before or after every PHP page"
		switch {
		case darklink.HostOf(val) != "":
			lvl, detail = darklink.High, which+" runs a remote file"
		case oddPathRe.MatchString(val):
			lvl, detail = darklink.High, which+" runs "+val+", a file in a temporary or hidden place, with every PHP page"
		case known:
			lvl = darklink.Info
		}
		a.add(Hit{Kind: KindConfigInjection, Technique: AutoPrepend, Level: lvl, Line: line, Target: val, Detail: detail})
	}
}

func hostOf(u string) string                 { return darklink.HostOf(u) }
func sameSite(h string, hosts []string) bool { return darklink.SameSite(h, hosts) }
