package logs

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/yingji/yingji/internal/event"
	"github.com/yingji/yingji/internal/finding"
)

// Detections that a rule language cannot say because they depend on what
// is usual for this host: a login from an address or with a key the
// account never used before, root logging in in the middle of the night,
// and a script that only one
// or two addresses ever call, by POST (the way a webshell is used).

// Bounds on the state kept, whatever the size of the logs.
const (
	maxAccounts = 10_000 // accounts whose login addresses are remembered
	maxAddrs    = 64     // addresses remembered per account
	maxScripts  = 50_000 // scripts whose callers are counted
	// minKnown is how many logins an account must have made, all from
	// other addresses, before a new address is worth a finding.
	minKnown = 3
)

type behaviour struct {
	accounts map[string]*account
	scripts  map[string]*script
	dropped  int // scripts not followed once maxScripts was reached
	found    []finding.Finding
	webshell func(vhost, urlPath string) (file, why string, ok bool)
}

// maxChecked bounds the scripts looked up on disk as possible webshells.
const maxChecked = 5000

type account struct {
	logins   int
	addrs    map[string]bool
	keyed    int             // logins by public key
	keys     map[string]bool // key fingerprints seen
	reported map[string]bool // new keys already reported
}

type script struct {
	total, posts, ok int
	sources          map[string]int
	first, last      *event.Event
	firstOK          *event.Event // the first request that succeeded
	vhost            string
}

func newBehaviour() *behaviour {
	return &behaviour{accounts: map[string]*account{}, scripts: map[string]*script{}}
}

func (b *behaviour) event(e *event.Event) {
	switch {
	case e.Source == event.SourceSSHD && e.Type == event.TypeSSHAccepted && e.User != "" && e.SrcIP != "":
		b.login(e)
	case e.Source == event.SourceWeb && e.Type == event.TypeWebRequest:
		b.request(e)
	}
}

func (b *behaviour) login(e *event.Event) {
	// The strings of e may be cut from a line buffer shared with other
	// lines (Options.Forget): what is kept is cloned, map keys when new,
	// and the events of findings detached, so as not to keep the buffer.
	a := b.accounts[e.User]
	if a == nil {
		if len(b.accounts) >= maxAccounts {
			return
		}
		a = &account{addrs: map[string]bool{}, keys: map[string]bool{}, reported: map[string]bool{}}
		b.accounts[strings.Clone(e.User)] = a
	}
	if !a.addrs[e.SrcIP] && a.logins >= minKnown {
		f := behaviourFinding("log.new_login_address", finding.Medium, "medium",
			"SSH login from an address this account never used", "账户从未使用过的地址 SSH 登录",
			fmt.Sprintf("%s logged in from %s; its %d earlier logins in these logs came from %d other address(es) only.", e.User, e.SrcIP, a.logins, len(a.addrs)),
			fmt.Sprintf("%s 从 %s 登录；该账户在日志中此前的 %d 次登录仅来自另外 %d 个地址。", e.User, e.SrcIP, a.logins, len(a.addrs)),
			"Ask the account's owner whether this login was theirs; if not, treat the account as compromised (change its password and keys, review what it did).",
			"向账户所有人确认该次登录是否本人所为；否则按账户失陷处理（修改口令与密钥，排查其操作）。",
			[]string{"T1078"}, "ABACCESS", e.Detach())
		b.found = append(b.found, f)
	}
	if fp := e.Fields[event.FieldKeyFingerprint]; fp != "" {
		// A key the account has not used before, after it logged in with
		// others: an attacker's key added to authorized_keys.
		if !a.keys[fp] && a.keyed >= minKnown && !a.reported[fp] && len(a.reported) < maxAddrs {
			a.reported[strings.Clone(fp)] = true
			b.found = append(b.found, behaviourFinding("log.new_login_key", finding.High, "medium",
				"SSH login with a key this account never used", "账户使用从未用过的密钥 SSH 登录",
				fmt.Sprintf("%s logged in from %s with the key %s; its %d earlier key logins in these logs used %d other key(s) only.", e.User, e.SrcIP, fp, a.keyed, len(a.keys)),
				fmt.Sprintf("%s 从 %s 使用密钥 %s 登录；该账户在日志中此前的 %d 次密钥登录仅使用另外 %d 个密钥。", e.User, e.SrcIP, fp, a.keyed, len(a.keys)),
				"Compare the account's authorized_keys with the keys its owners use (ssh-keygen -lf); remove keys nobody knows and find when they were added.",
				"将该账户的 authorized_keys 与其使用者的密钥比对（ssh-keygen -lf），删除无人认领的公钥并查明其添加时间。",
				[]string{"T1098.004"}, "ABACCESS", e.Detach()))
		}
		a.keyed++
		if _, ok := a.keys[fp]; !ok && len(a.keys) < maxAddrs {
			a.keys[strings.Clone(fp)] = true
		}
	}
	a.logins++
	if _, ok := a.addrs[e.SrcIP]; !ok && len(a.addrs) < maxAddrs {
		a.addrs[strings.Clone(e.SrcIP)] = true
	}
	if h := e.At.Hour(); !e.At.IsZero() && h < 5 && e.User == "root" {
		b.found = append(b.found, behaviourFinding("log.night_root_login", finding.Low, "low",
			"root logged in over SSH in the middle of the night", "root 在深夜通过 SSH 登录",
			fmt.Sprintf("root logged in from %s at %s (host time), outside usual working hours.", e.SrcIP, e.At.Format("15:04")),
			fmt.Sprintf("root 于 %s（主机时间）从 %s 登录，不在常规工作时间。", e.At.Format("15:04"), e.SrcIP),
			"Confirm with the administrators that the login was planned maintenance.",
			"与管理员确认该次登录是否为计划内维护。",
			[]string{"T1078.003"}, "ABACCESS", e.Detach()))
	}
}

// scriptExts are the server-side script extensions a webshell has.
var scriptExts = map[string]bool{".php": true, ".php5": true, ".phtml": true, ".jsp": true, ".jspx": true,
	".asp": true, ".aspx": true, ".ashx": true, ".asmx": true, ".asa": true, ".cer": true, ".cgi": true, ".pl": true}

func (b *behaviour) request(e *event.Event) {
	p := e.Fields[event.FieldPath]
	if !scriptExts[strings.ToLower(path.Ext(p))] {
		return
	}
	key := e.Fields[event.FieldVhost] + " " + p
	s := b.scripts[key]
	if s == nil {
		if len(b.scripts) >= maxScripts {
			b.dropped++
			return
		}
		s = &script{sources: map[string]int{}, first: e, vhost: e.Fields[event.FieldVhost]}
		b.scripts[key] = s
	}
	s.total++
	s.last = e
	if e.Fields[event.FieldMethod] == "POST" {
		s.posts++
	}
	if st := e.Fields[event.FieldStatus]; st == "200" {
		s.ok++
		if s.firstOK == nil {
			s.firstOK = e
		}
	}
	if len(s.sources) < 8 {
		s.sources[e.SrcIP]++
	}
}

// findings closes the input: scripts called as a webshell is.
func (b *behaviour) findings() []finding.Finding {
	keys := make([]string, 0, len(b.scripts))
	for k := range b.scripts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	b.requestsToWebshells(keys)
	for _, k := range keys {
		s := b.scripts[k]
		// A webshell: called by one or two addresses, by POST (commands
		// and files travel in the body), answering 200, and never
		// browsed by anyone else.
		if len(s.sources) > 2 || s.posts < 3 || s.posts*10 < s.total*8 || s.ok*10 < s.total*8 {
			continue
		}
		var srcs []string
		for ip := range s.sources {
			srcs = append(srcs, ip)
		}
		sort.Strings(srcs)
		p := s.first.Fields[event.FieldPath]
		f := behaviourFinding("log.webshell_access", finding.Medium, "low",
			"Script used the way a webshell is", "脚本的访问方式与 WebShell 一致",
			fmt.Sprintf("%s was requested %d times, %d of them POST, only from %s, and answered 200: the pattern of a webshell driven by its owner. Check the file with yingji webshell.", p, s.total, s.posts, strings.Join(srcs, ", ")),
			fmt.Sprintf("%s 共被请求 %d 次，其中 POST %d 次，仅来自 %s，且均返回 200，符合攻击者操控 WebShell 的特征。请用 yingji webshell 检测该文件。", p, s.total, s.posts, strings.Join(srcs, "、")),
			"Scan the file with yingji webshell; if it is a webshell, quarantine it, block the addresses and find how it was uploaded (the first request, the upload function, the application's vulnerabilities).",
			"用 yingji webshell 检测该文件；如确认为 WebShell，隔离文件、封禁相关地址，并查明上传途径（首次请求、上传功能、应用漏洞）。",
			[]string{"T1505.003"}, "MPTH", s.first)
		if s.last != s.first {
			f.Evidence = append(f.Evidence, evidenceOf(s.last))
		}
		f.Evidence[0].Fields["script"] = p
		b.found = append(b.found, f)
	}
	return b.found
}

// requestsToWebshells reports the scripts that answered requests and
// are webshells on disk: the addresses that called them are the
// attacker's, and the first request dates the intrusion.
func (b *behaviour) requestsToWebshells(keys []string) {
	if b.webshell == nil {
		return
	}
	checked := 0
	for _, k := range keys {
		s := b.scripts[k]
		if s.firstOK == nil {
			continue
		}
		if checked++; checked > maxChecked {
			break
		}
		p := s.first.Fields[event.FieldPath]
		file, why, ok := b.webshell(s.vhost, p)
		if !ok {
			continue
		}
		var srcs []string
		for ip, n := range s.sources {
			srcs = append(srcs, fmt.Sprintf("%s (%d)", ip, n))
		}
		sort.Strings(srcs)
		f := behaviourFinding("log.webshell_requests", finding.Critical, "high",
			"Requests to a webshell", "WebShell 被访问",
			fmt.Sprintf("%s is a webshell on disk (%s: %s) and was requested %d times (%d by POST, %d answered 200) from %s, first at %s: these addresses used it.",
				p, file, why, s.total, s.posts, s.ok, strings.Join(srcs, ", "), s.firstOK.At.Format("2006-01-02 15:04:05 -0700")),
			fmt.Sprintf("%s 是磁盘上的 WebShell（%s：%s），共被请求 %d 次（POST %d 次，返回 200 共 %d 次），来源 %s，首次成功访问于 %s：这些地址使用了该 WebShell。",
				p, file, why, s.total, s.posts, s.ok, strings.Join(srcs, "、"), s.firstOK.At.Format("2006-01-02 15:04:05 -0700")),
			"Quarantine the file, block the addresses, and trace how the file got there from the requests before the first one to it (uploads, exploits) and the file's times.",
			"隔离该文件并封禁上述地址；结合首次访问之前的请求（上传、漏洞利用）与文件时间追查其来源。",
			[]string{"T1505.003"}, "MPTH", s.firstOK)
		f.Evidence[0].Fields["script"] = p
		f.Evidence[0].Fields["webshell"] = file
		if s.last != s.firstOK {
			f.Evidence = append(f.Evidence, evidenceOf(s.last))
		}
		b.found = append(b.found, f)
	}
}

func behaviourFinding(rule string, sev finding.Severity, conf, title, titleZh, desc, descZh, advice, adviceZh string,
	attack []string, category string, e *event.Event) finding.Finding {
	f := finding.Finding{Rule: rule, Severity: sev, Confidence: conf, Title: title, TitleZh: titleZh,
		Description: desc, DescriptionZh: descZh, Advice: advice, AdviceZh: adviceZh, Attack: attack, Category: category,
		Evidence: []finding.Evidence{evidenceOf(e)}}
	if !e.At.IsZero() {
		t := e.At
		f.Time = &t
	}
	if f.Evidence[0].Fields == nil {
		f.Evidence[0].Fields = map[string]string{}
	}
	return f
}
