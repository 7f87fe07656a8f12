// Package serverconf finds search-engine hijacking (蜘蛛劫持, 快照劫持)
// and page injection set up in a web server's or PHP's configuration:
// rewrites and redirects that only spiders or only visitors coming from a
// search engine get (conditions on the user agent or the referrer), error
// pages sent to another host, output filters that inject hidden links
// (nginx sub_filter, Apache mod_substitute), and PHP's auto_prepend_file
// or auto_append_file pointing at a file in a temporary or hidden place.
// It also reads PHP code for what such a prepended file does: rewriting
// the page's output to add links, or echoing remote content to spiders.
//
// Formats: Apache configuration and .htaccess, nginx configuration, PHP
// ini files (php.ini, .user.ini), IIS web.config and PHP source. Nothing
// is fetched or run.
//
// Legitimate look-alikes are not reported above info: redirects to the
// site's mobile host within the same registrable domain, http→https and
// www redirects, front-controller rewrites (WordPress, Laravel),
// hot-link protection (negated referer conditions), blocking of bots
// (403/444), prerendering services for bots, and WAF prepend files.
package serverconf

import (
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/yingji/yingji/internal/web/darklink"
)

// MaxInput bounds the bytes of one file read (2 MiB).
const MaxInput = 2 << 20

// Level orders verdicts (the scale of package darklink).
type Level = darklink.Level

// Kinds of hits.
const (
	// KindConfigInjection: the configuration injects content or code
	// into the site's pages or sends them elsewhere.
	KindConfigInjection = "config_injection"
	// KindCloaking: some visitors (spiders, visitors from a search
	// engine, mobile visitors from a search engine) get another page.
	KindCloaking = "cloaking"
)

// Techniques.
const (
	SpiderUA       = "spider-ua"       // conditioned on a spider user agent
	SearchReferer  = "search-referer"  // conditioned on a search engine referer
	MobileReferer  = "mobile-referer"  // search engine referer and a mobile user agent
	SubFilter      = "sub-filter"      // an output filter injects HTML (sub_filter, Substitute)
	AutoPrepend    = "auto-prepend"    // auto_prepend_file / auto_append_file
	ErrorDocument  = "error-document"  // error pages sent to another host
	OutputRewrite  = "output-rewrite"  // PHP rewrites its output buffer to add content
	RemoteContent  = "remote-content"  // PHP echoes content fetched from another host
	HeaderInjected = "header-redirect" // a response header redirects (Refresh, Location)
)

// Hit is one thing found.
type Hit struct {
	Kind      string
	Technique string
	Level     Level
	Line      int
	// Hosts are the other hosts the rule sends to or loads from.
	Hosts []string
	// Target is where the rule sends or what the setting runs (a URL or
	// a path: /tmp/seo.php, /var/tmp/.sess_7a).
	Target string
	// Conditions are the conditions of the rule, as written.
	Conditions []string
	Excerpt    string
	Detail     string
}

// Result of one file.
type Result struct {
	Format string // apache, nginx, php-ini, iis, php; "" when not a known format
	Hits   []Hit
	Level  Level
	// Prepends are the files auto_prepend_file and auto_append_file run
	// (absolute paths as written): the caller reads them and gives them to
	// Analyze as PHP.
	Prepends  []string
	Truncated bool
}

// Options of an analysis.
type Options struct {
	// SiteHosts are the site's host names; hosts of the same registrable
	// domain are the site's own. An nginx server block's server_name and
	// an Apache virtual host's ServerName and ServerAlias add to them.
	SiteHosts []string
	// Prepended says the file is one that auto_prepend_file or
	// auto_append_file names: rewriting the output there is an
	// injection even when the added content names no other host.
	Prepended bool
	// Format forces the format (apache, nginx, php-ini, iis, php) instead
	// of guessing it from the name and content.
	Format string
}

// Formats.
const (
	FormatApache = "apache"
	FormatNginx  = "nginx"
	FormatPHPIni = "php-ini"
	FormatIIS    = "iis"
	FormatPHP    = "php"
)

// Detect guesses the format of a file from its name and content; "" when
// it is none of them.
func Detect(name string, data []byte) string {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, "\\", "/")))
	head := strings.ToLower(string(data[:min(len(data), 64<<10)]))
	switch {
	case base == ".htaccess" || base == "htaccess" || base == "htaccess.txt" || base == "httpd.conf" || base == "apache2.conf":
		return FormatApache
	case base == "nginx.conf" || strings.HasSuffix(base, ".nginx"):
		return FormatNginx
	case base == ".user.ini" || base == "php.ini" || strings.HasPrefix(base, "php.ini-") || strings.HasSuffix(base, ".ini") && strings.Contains(head, "auto_"):
		return FormatPHPIni
	case base == "web.config":
		return FormatIIS
	case strings.HasSuffix(base, ".php") || strings.HasSuffix(base, ".inc") && strings.Contains(head, "<?php"):
		return FormatPHP
	case strings.HasSuffix(base, ".conf") || strings.HasSuffix(base, ".vhost") || !strings.Contains(base, "."):
		apache := strings.Contains(head, "<virtualhost") || strings.Contains(head, "rewriteengine") || strings.Contains(head, "documentroot") ||
			strings.Contains(head, "<directory") || strings.Contains(head, "rewriterule")
		nginx := nginxServerRe.MatchString(head) || strings.Contains(head, "server_name ") || strings.Contains(head, "location /") ||
			strings.Contains(head, "proxy_pass ") || strings.Contains(head, "fastcgi_pass ")
		switch {
		case nginx && !apache:
			return FormatNginx
		case apache:
			return FormatApache
		}
	}
	// a file that is only PHP code
	if strings.HasPrefix(strings.TrimSpace(head), "<?php") {
		return FormatPHP
	}
	return ""
}

var nginxServerRe = regexp.MustCompile(`(?m)^\s*(server|http|location\s+\S+)\s*\{`)

// Analyze reads one file.
func Analyze(name string, data []byte, opt Options) Result {
	var res Result
	if len(data) > MaxInput {
		data, res.Truncated = data[:MaxInput], true
	}
	res.Format = opt.Format
	if res.Format == "" {
		res.Format = Detect(name, data)
	}
	a := &analyzer{opt: opt, src: string(data), res: &res}
	switch res.Format {
	case FormatApache:
		a.apache()
	case FormatNginx:
		a.nginx()
	case FormatPHPIni:
		a.phpIni()
	case FormatIIS:
		a.iis()
	case FormatPHP:
		a.php()
	}
	// auto_prepend_file in any format
	a.prependSettings()
	sort.SliceStable(res.Hits, func(i, j int) bool {
		if res.Hits[i].Level != res.Hits[j].Level {
			return res.Hits[i].Level > res.Hits[j].Level
		}
		return res.Hits[i].Line < res.Hits[j].Line
	})
	for _, h := range res.Hits {
		if h.Level > res.Level {
			res.Level = h.Level
		}
	}
	return res
}

const maxHits = 64

type analyzer struct {
	opt  Options
	src  string
	res  *Result
	seen map[string]bool
}

func (a *analyzer) add(h Hit) {
	if len(a.res.Hits) >= maxHits {
		return
	}
	if h.Excerpt == "" {
		h.Excerpt = a.line(h.Line)
	}
	key := h.Kind + "|" + h.Technique + "|" + itoa(h.Line)
	if a.seen == nil {
		a.seen = map[string]bool{}
	}
	if a.seen[key] {
		return
	}
	a.seen[key] = true
	a.res.Hits = append(a.res.Hits, h)
}

// line is the source line n (bounded).
func (a *analyzer) line(n int) string {
	return darklink.LineExcerpt(a.src, n)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

func appendUniq(list []string, s string) []string {
	if s == "" || len(list) >= 12 {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}
