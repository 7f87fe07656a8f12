// Package web turns what the three views of a web site found (the files
// on disk: package darklink and the web checks; the page as a browser
// renders it: package render; the page as fetched under search-engine and
// visitor profiles: package profile) into findings.
package web

import (
	"fmt"
	"sort"
	"strings"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/web/darklink"
	"github.com/yingji/yingji/internal/web/profile"
)

// Rule ids of the findings of the rendered and the profile views; the
// static view reports through the host checks (web.dark_link …).
const (
	RuleRender  = "web.rendered_dark_link"
	RuleCloaked = "web.cloaking"
)

// Severity maps a view's level to a finding's severity.
func Severity(l darklink.Level) finding.Severity {
	switch l {
	case darklink.High:
		return finding.High
	case darklink.Medium:
		return finding.Medium
	case darklink.Low:
		return finding.Low
	}
	return finding.Info
}

// maxEvidence bounds the hits quoted in one finding.
const maxEvidence = 24

// Rendered is the finding of a rendered page: its hidden links, frames,
// injected content, loaders and redirects as the browser showed them.
func Rendered(url string, hits []darklink.Hit) (finding.Finding, bool) {
	level := darklink.None
	for _, h := range hits {
		level = max(level, h.Level)
	}
	if level < darklink.Low {
		return finding.Finding{}, false
	}
	f := finding.Finding{
		Rule: RuleRender, Severity: Severity(level), Confidence: "high",
		Title:   "Dark links or injected content in the rendered page",
		TitleZh: "页面渲染后存在暗链或被注入的内容",
		Description: fmt.Sprintf("Rendered in a headless browser with every other host blocked, %s shows %s.",
			url, summary(hits, false)),
		DescriptionZh: fmt.Sprintf("在屏蔽其他主机的无头浏览器中渲染 %s，发现%s。", url, summary(hits, true)),
		Attack:        attackOf(hits),
		Category:      "NATAMPER",
		Advice: "Find the file, template, database content or script that produces each element (the evidence gives the hosts and texts; search the site's files and database for them), " +
			"restore it from a clean copy, then find and close the way in.",
		AdviceZh: "根据证据中的主机和文字，在网站文件和数据库中查找产生这些内容的文件、模板、数据或脚本，从干净副本恢复，并查明和封堵入侵途径。",
	}
	for i, h := range hits {
		if i == maxEvidence {
			break
		}
		f.Evidence = append(f.Evidence, evidence(url, h, nil))
	}
	return f, true
}

// Cloaked is the finding of a page that search engines or their visitors
// see otherwise than a plain visitor does.
func Cloaked(res *profile.Result) (finding.Finding, bool) {
	if res == nil || res.Level < darklink.Low {
		return finding.Finding{}, false
	}
	var hits []darklink.Hit
	var profiles []string
	for _, h := range res.Hits {
		hits = append(hits, h.Hit)
		if !contains(profiles, h.Profile) {
			profiles = append(profiles, h.Profile)
		}
	}
	f := finding.Finding{
		Rule: RuleCloaked, Severity: Severity(res.Level), Confidence: "high",
		Title:   "Search-engine hijacking: the page differs for spiders or search visitors",
		TitleZh: "搜索引擎劫持：页面对爬虫或搜索来访者显示不同内容",
		Description: fmt.Sprintf("Fetched as a plain desktop visitor and under the profiles %s, %s shows %s to some of them only.",
			strings.Join(profiles, ", "), res.URL, summary(hits, false)),
		DescriptionZh: fmt.Sprintf("以普通桌面访客及 %s 身份分别访问 %s，仅部分身份看到%s。",
			strings.Join(profiles, "、"), res.URL, summary(hits, true)),
		Attack:   []string{"T1608.006"},
		Category: "NAHIJACK",
		Advice: "Look for the code that tests the User-Agent or the Referer: prepended or appended PHP (auto_prepend_file in .user.ini or php.ini, the first lines of index.php), " +
			".htaccess and nginx rewrites, and JavaScript that reads document.referrer; restore the files from a clean copy and find how they were written.",
		AdviceZh: "查找判断 User-Agent 或 Referer 的代码：被预置或追加的 PHP（.user.ini 或 php.ini 中的 auto_prepend_file、index.php 开头几行）、.htaccess 与 nginx 重写规则、读取 document.referrer 的 JavaScript；从干净副本恢复并查明写入途径。",
	}
	for i, h := range res.Hits {
		if i == maxEvidence {
			break
		}
		f.Evidence = append(f.Evidence, evidence(res.URL, h.Hit, &h))
	}
	return f, true
}

func evidence(url string, h darklink.Hit, ph *profile.Hit) finding.Evidence {
	fields := map[string]string{"kind": h.Kind, "level": h.Level.String(), "url": url}
	if h.Technique != "" {
		fields["technique"] = h.Technique
	}
	for k, v := range map[string][]string{"hosts": h.Hosts, "texts": h.Texts, "words": h.Words, "families": h.Families, "decoders": h.Steps} {
		if len(v) > 0 {
			fields[k] = strings.Join(v, ", ")
		}
	}
	if h.Injected {
		fields["injected"] = "true"
	}
	if ph != nil {
		fields["profile"] = ph.Profile
		fields["similarity"] = fmt.Sprintf("%.2f", ph.Similarity)
		fields["baseline"] = side(ph.Baseline)
		fields["variant"] = side(ph.Variant)
	}
	ev := finding.Evidence{Line: h.Line, Excerpt: h.Excerpt, Fields: fields}
	if strings.HasPrefix(url, "/") { // a file of the site, rendered from disk
		ev.Path = url
		delete(fields, "url")
	}
	return ev
}

func side(e profile.Evidence) string {
	s := fmt.Sprintf("%s: %d %q", e.Profile, e.Status, finding.Excerpt(e.Title, 80))
	if e.Location != "" {
		s += " → " + e.Location
	}
	if len(e.LinkHosts) > 0 {
		s += " links " + strings.Join(e.LinkHosts, " ")
	}
	return s
}

// summary names the kinds found and the hosts they point at.
func summary(hits []darklink.Hit, zh bool) string {
	kinds := map[string]int{}
	var hosts []string
	for _, h := range hits {
		if h.Level < darklink.Low {
			continue
		}
		kinds[h.Kind]++
		for _, x := range h.Hosts {
			if !contains(hosts, x) && len(hosts) < 8 {
				hosts = append(hosts, x)
			}
		}
	}
	names := map[string][2]string{
		darklink.KindHiddenLink: {"hidden links", "隐藏链接"}, darklink.KindJSLink: {"links written by scripts", "脚本写入的链接"},
		darklink.KindHiddenIframe: {"hidden iframes", "隐藏 iframe"}, darklink.KindScript: {"scripts loaded from other hosts", "加载其他主机脚本"},
		darklink.KindKeyword: {"spam words", "违规关键词"}, darklink.KindRedirect: {"redirects to other hosts", "跳转到其他主机"},
		profile.KindCloaking: {"content or redirects for some profiles only", "仅对部分身份显示的内容或跳转"},
	}
	var parts []string
	keys := make([]string, 0, len(kinds))
	for k := range kinds {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		n := names[k]
		if n[0] == "" {
			n = [2]string{k, k}
		}
		if zh {
			parts = append(parts, fmt.Sprintf("%s %d 处", n[1], kinds[k]))
		} else {
			parts = append(parts, fmt.Sprintf("%d %s", kinds[k], n[0]))
		}
	}
	if zh {
		s := strings.Join(parts, "、")
		if len(hosts) > 0 {
			s += "（指向 " + strings.Join(hosts, "、") + "）"
		}
		return s
	}
	s := strings.Join(parts, ", ")
	if len(hosts) > 0 {
		s += " (to " + strings.Join(hosts, ", ") + ")"
	}
	return s
}

// attackOf cites SEO poisoning for links and keywords, drive-by staging
// for frames, loaders and redirects.
func attackOf(hits []darklink.Hit) []string {
	var out []string
	for _, h := range hits {
		id := "T1608.006"
		switch h.Kind {
		case darklink.KindHiddenIframe, darklink.KindScript, darklink.KindRedirect:
			id = "T1608.004"
		}
		if h.Level >= darklink.Low && !contains(out, id) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
