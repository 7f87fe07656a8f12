package serverconf

import (
	"regexp"
	"strings"

	"github.com/yingji/yingji/internal/web/darklink"
)

var (
	phpUARe       = regexp.MustCompile(`(?i)HTTP_USER_AGENT|\$_SERVER\s*\[\s*['"]HTTP_USER_AGENT|getenv\s*\(\s*['"]HTTP_USER_AGENT`)
	phpRefRe      = regexp.MustCompile(`(?i)HTTP_REFERER`)
	phpStringRe   = regexp.MustCompile(`'(?:[^'\\\n]|\\.){0,400}'|"(?:[^"\\\n]|\\.){0,400}"`)
	phpRemoteRe   = regexp.MustCompile(`(?i)\b(file_get_contents|curl_init|curl_setopt|fopen|readfile|fsockopen|file|include|include_once|require|require_once|stream_get_contents|get_headers)\s*\(`)
	phpURLRe      = regexp.MustCompile(`(?i)https?://[a-z0-9][a-z0-9.\-]*[a-z0-9](?::\d+)?[^\s'"]*`)
	phpOutRe      = regexp.MustCompile(`(?i)\b(echo|print|exit|die|printf)\b`)
	phpLocationRe = regexp.MustCompile(`(?i)header\s*\(\s*['"]\s*(?:Location|Refresh)\s*:[^'"]*?(https?://[^'"\s]+)|location\.(?:href|replace)\s*[=(]\s*\\?['"](https?://[^'"\\]+)`)
	phpObStartRe  = regexp.MustCompile(`(?i)\bob_start\s*\(`)
	phpBodyRe     = regexp.MustCompile(`(?i)\b(str_i?replace|preg_replace(?:_callback)?|substr_replace|str_ireplace)\s*\(\s*(?:array\s*\(|\[)?\s*['"](?:</body>|</head>|<body|</html>|<head>|</title>)`)
)

// php reads PHP source for what a prepended file or an injected block
// does: rewriting the output to add content, echoing remote content to
// spiders, redirecting visitors from search engines.
func (a *analyzer) php() {
	src := a.src
	hosts := a.opt.SiteHosts
	lineOf := func(i int) int { return 1 + strings.Count(src[:i], "\n") }
	// window is the code around a condition: what it selects and does
	// must stand close together, not anywhere in a large file.
	window := func(at int) (string, int) {
		lo, hi := max(0, at-phpBefore), min(len(src), at+phpAfter)
		for lo > 0 && src[lo]&0xC0 == 0x80 {
			lo--
		}
		return src[lo:hi], lo
	}
	externalURLs := func(w string) (hs []string, first string) {
		for _, m := range phpURLRe.FindAllString(w, 32) {
			if h := darklink.HostOf(m); h != "" && !darklink.SameSite(h, hosts) && !darklink.Allowed(h, nil) && !phpDocHost(h) {
				hs = appendUniq(hs, h)
				if first == "" {
					first = m
				}
			}
		}
		return hs, first
	}
	literals := func(w string, re func(string) bool) bool {
		for _, m := range phpStringRe.FindAllString(w, 256) {
			if re(m) {
				return true
			}
		}
		return false
	}
	isSpider := func(s string) bool { return spiderRe.MatchString(s) }
	isEngine := func(s string) bool { return engineRe.MatchString(s) && !strings.Contains(strings.ToLower(s), "http") }
	for k, ua := range phpUARe.FindAllStringIndex(src, 64) {
		if k > 0 && len(a.res.Hits) > 0 {
			break
		}
		w, _ := window(ua[0])
		if !literals(w, isSpider) || !phpRemoteRe.MatchString(w) || !phpOutRe.MatchString(w) {
			continue
		}
		if hs, first := externalURLs(w); len(hs) > 0 {
			a.add(Hit{Kind: KindCloaking, Technique: SpiderUA, Level: darklink.High, Line: lineOf(ua[0]), Hosts: hs, Target: first,
				Detail: "spiders (by their user agent) are served content fetched from another host"})
			break
		}
	}
	for _, ref := range phpRefRe.FindAllStringIndex(src, 64) {
		w, lo := window(ref[0])
		if !literals(w, isEngine) {
			continue
		}
		var hs []string
		target := ""
		for _, m := range phpLocationRe.FindAllStringSubmatchIndex(w, 16) {
			u := ""
			if m[2] >= 0 {
				u = w[m[2]:m[3]]
			} else if m[4] >= 0 {
				u = w[m[4]:m[5]]
			}
			if h := darklink.HostOf(u); h != "" && !darklink.SameSite(h, hosts) {
				hs = appendUniq(hs, h)
				if target == "" {
					target = u
				}
			}
		}
		if len(hs) == 0 && phpRemoteRe.MatchString(w) && phpOutRe.MatchString(w) {
			hs, target = externalURLs(w)
		}
		if len(hs) > 0 {
			a.add(Hit{Kind: KindCloaking, Technique: SearchReferer, Level: darklink.High, Line: lineOf(lo + (ref[0] - lo)), Hosts: hs, Target: target,
				Detail: "visitors from a search engine (by the referer) are sent to or served another host"})
			break
		}
	}
	for _, ob := range phpObStartRe.FindAllStringIndex(src, 16) {
		w, _ := window(ob[0])
		if phpBodyRe.MatchString(w) {
			hs, _ := externalURLs(w)
			if len(hs) == 0 && !a.opt.Prepended {
				continue // a cache or header plugin adding its own markup
			}
			a.add(Hit{Kind: KindConfigInjection, Technique: OutputRewrite, Level: darklink.High, Line: lineOf(ob[0]), Hosts: hs,
				Detail: "the page's output buffer is rewritten to add content before </body> or </head>"})
			break
		}
	}
}

// How far around a condition the code it guards is looked for.
const (
	phpBefore = 600
	phpAfter  = 1500
)

// phpDocHost: hosts named in comments and licences of ordinary PHP code.
func phpDocHost(h string) bool {
	for _, d := range []string{"php.net", "www.php.net", "github.com", "wordpress.org", "w3.org", "schema.org", "apache.org", "gnu.org",
		"opensource.org", "example.com", "laravel.com", "symfony.com", "packagist.org", "getcomposer.org"} {
		if h == d || strings.HasSuffix(h, "."+d) {
			return true
		}
	}
	return false
}
