package darklink

import (
	"net/netip"
	"net/url"
	"strings"
)

// hostOf returns the host of an absolute http(s), ws(s) or scheme-relative
// link, lower case without port; "" for relative, fragment, mailto:,
// javascript: and other links that stay on the page or the site.
func hostOf(href string) string {
	h := strings.TrimSpace(href)
	// browsers drop tabs and newlines inside URLs
	h = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(h)
	lh := strings.ToLower(h)
	switch {
	case strings.HasPrefix(lh, "http://"), strings.HasPrefix(lh, "https://"),
		strings.HasPrefix(lh, "ws://"), strings.HasPrefix(lh, "wss://"):
	case strings.HasPrefix(lh, "//"):
		h = "http:" + h
	case strings.HasPrefix(lh, "http:\\\\"), strings.HasPrefix(lh, "https:\\\\"), strings.HasPrefix(lh, "\\\\"):
		h = "http://" + strings.TrimLeft(h[strings.Index(h, "\\"):], "\\")
	default:
		return ""
	}
	h = strings.ReplaceAll(h, "\\", "/")
	u, err := url.Parse(h)
	if err != nil {
		// take what lies between the scheme and the next slash
		rest := h[strings.Index(h, "//")+2:]
		if i := strings.IndexAny(rest, "/?#"); i >= 0 {
			rest = rest[:i]
		}
		if i := strings.LastIndexByte(rest, '@'); i >= 0 {
			rest = rest[i+1:]
		}
		if i := strings.IndexByte(rest, ':'); i >= 0 {
			rest = rest[:i]
		}
		return strings.TrimSuffix(strings.ToLower(rest), ".")
	}
	return strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
}

// secondLevel are the second-level labels under which registrations sit
// (example.edu.cn, example.co.uk).
var secondLevel = map[string]bool{"com": true, "net": true, "org": true, "gov": true, "edu": true, "ac": true, "co": true,
	"mil": true, "int": true, "info": true, "biz": true, "ltd": true, "plc": true, "sch": true, "nic": true}

// registrable approximates the registrable domain (eTLD+1) without the
// public suffix list: the last two labels, or three when the second to
// last is a usual second-level label under a two-letter country code. An
// IP address is its own.
func registrable(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return host
	}
	labels := strings.Split(host, ".")
	n := len(labels)
	if n <= 2 {
		return host
	}
	if len(labels[n-1]) == 2 && secondLevel[labels[n-2]] || len(labels[n-1]) == 2 && len(labels[n-2]) <= 3 && labels[n-2] != "" && n >= 3 && isProvince(labels[n-2]) {
		return strings.Join(labels[n-3:], ".")
	}
	return strings.Join(labels[n-2:], ".")
}

// isProvince: Chinese provincial second-level domains (bj.cn, sh.cn …).
func isProvince(l string) bool {
	switch l {
	case "bj", "sh", "tj", "cq", "he", "sx", "nm", "ln", "jl", "hl", "js", "zj", "ah", "fj", "jx", "sd", "ha", "hb", "hn",
		"gd", "gx", "hi", "sc", "gz", "yn", "xz", "sn", "gs", "qh", "nx", "xj", "tw", "hk", "mo":
		return true
	}
	return false
}

// sameSite reports whether host belongs to one of the site's hosts (same
// registrable domain); an empty host (a relative link) does.
func sameSite(host string, site []string) bool {
	if host == "" {
		return true
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	r := registrable(host)
	for _, s := range site {
		s = strings.ToLower(strings.TrimSuffix(s, "."))
		if s == host || registrable(s) == r {
			return true
		}
	}
	return false
}

// defaultAllow are hosts of analytics, tag managers, video embeds and
// public CDNs whose hidden iframes and scripts are expected (Google Tag
// Manager's noscript iframe, CNZZ and Baidu Tongji loaders, Bilibili and
// YouTube players). A host matches a listed domain or any name under it.
var defaultAllow = []string{
	"googletagmanager.com", "google-analytics.com", "googlesyndication.com", "doubleclick.net", "google.com", "gstatic.com",
	"googleapis.com", "recaptcha.net", "youtube.com", "youtube-nocookie.com", "ytimg.com", "vimeo.com",
	"facebook.com", "facebook.net", "twitter.com", "x.com", "linkedin.com",
	"cnzz.com", "hm.baidu.com", "zz.bdstatic.com", "bdstatic.com", "map.baidu.com", "api.map.baidu.com", "tongji.baidu.com",
	"push.zhanzhang.baidu.com", "51.la", "umeng.com", "growingio.com", "qq.com", "gtimg.cn", "weibo.com", "sinaimg.cn",
	"bilibili.com", "hdslb.com", "youku.com", "iqiyi.com", "ixigua.com", "amap.com", "jsdelivr.net", "cdnjs.cloudflare.com",
	"cloudflare.com", "unpkg.com", "bootcdn.net", "bootcss.com", "staticfile.org", "staticfile.net", "jquery.com",
	"microsoft.com", "aspnetcdn.com", "clarity.ms", "hotjar.com", "cloudflareinsights.com",
}

func allowed(host string, extra []string) bool {
	for _, lists := range [][]string{defaultAllow, extra} {
		for _, a := range lists {
			a = strings.ToLower(a)
			if host == a || strings.HasSuffix(host, "."+a) {
				return true
			}
		}
	}
	return false
}

// HostOf returns the lower-case host of an absolute http(s), ws(s) or
// scheme-relative URL, "" for a relative one.
func HostOf(href string) string { return hostOf(href) }

// SameSite reports whether host has the registrable domain of one of the
// site's hosts; an empty host (a relative link) is same-site.
func SameSite(host string, site []string) bool { return sameSite(host, site) }

// Allowed reports whether host is an analytics, tag manager, video or
// public CDN host (or under one of extra).
func Allowed(host string, extra []string) bool { return allowed(host, extra) }
