package check

import (
	"regexp"
	"strings"

	"github.com/yingji/yingji/internal/finding"
)

// Content judgments shared by the checks. Each returns the reasons it found,
// in English and Chinese, so findings can say why an entry is bad.

// Reason is one thing found in a piece of content.
type Reason struct {
	En, Zh string
	Match  string // the matching text
	// Weak reasons only say that a temporary or hidden path is mentioned;
	// the caller decides whether it is run (bad) or only named (a cleanup
	// job, a PATH entry).
	Weak bool
	// Kind groups reasons: download, decode, reverse_shell, temp_exec,
	// temp_path, hidden_path, miner.
	Kind string
}

type rule struct {
	re     *regexp.Regexp
	en, zh string
	weak   bool
	kind   string
}

var execRules = []rule{
	{regexp.MustCompile(`(?i)\b(curl|wget|fetch|tftp|busybox\s+wget)\b[^|;&\n]*(\||;|&&)\s*(ba|da|z|k)?sh\b`), "downloads and runs a script", "下载并执行脚本", false, "download"},
	{regexp.MustCompile(`(?i)\b(curl|wget)\b[^\n]*\s-(O|o)\s*\S*(/tmp/|/var/tmp/|/dev/shm/)`), "downloads into a temporary directory", "下载文件到临时目录", false, "download"},
	{regexp.MustCompile(`(?i)\bbase64\s+(-d|--decode|-D)\b[^\n]*\|\s*(ba|da|z)?sh\b`), "decodes base64 and runs it", "Base64 解码后执行", false, "decode"},
	{regexp.MustCompile(`(?i)\becho\s+['"]?[A-Za-z0-9+/=]{40,}['"]?\s*\|\s*base64`), "runs a long base64 blob", "执行长 Base64 编码内容", false, "decode"},
	{regexp.MustCompile(`/dev/(tcp|udp)/[^/\s]+/\d+`), "opens a network connection from the shell (/dev/tcp)", "通过 /dev/tcp 建立网络连接（反弹 Shell）", false, "reverse_shell"},
	{regexp.MustCompile(`(?i)\b(nc|ncat|netcat)\b[^\n]*\s-(e|c)\s`), "netcat with a program attached (reverse or bind shell)", "netcat 绑定程序（反弹/正向 Shell）", false, "reverse_shell"},
	{regexp.MustCompile(`(?i)\b(python[23]?|perl|ruby|php)\b[^\n]*-(c|e|r)\s*['"][^'"]*socket`), "script one-liner opening a socket", "脚本单行命令建立 socket 连接", false, "reverse_shell"},
	{regexp.MustCompile(`(?i)\bsocat\b[^\n]*(exec|system):`), "socat executing a program", "socat 执行程序", false, "reverse_shell"},
	{regexp.MustCompile(`(?i)\bmkfifo\b[^\n]*\|\s*(ba)?sh\s+-i`), "named-pipe reverse shell", "命名管道反弹 Shell", false, "reverse_shell"},
	{regexp.MustCompile(`(?i)\bchmod\s+(\+x|[0-7]*7[0-7]{0,2})\s+(/tmp/|/var/tmp/|/dev/shm/)\S*`), "makes a file in a temporary directory executable", "为临时目录中的文件添加执行权限", false, "temp_exec"},
	{regexp.MustCompile(`(?i)(^|[\s;&|'"])(/tmp|/var/tmp|/dev/shm)/\S+`), "runs or references a file in a temporary directory", "运行或引用临时目录中的文件", true, "temp_path"},
	{regexp.MustCompile(`(?i)(^|[\s;&|'"=])/\S*/\.[^/\s.][^/\s]*/\S*`), "runs or references a hidden directory", "运行或引用隐藏目录中的文件", true, "hidden_path"},
	{regexp.MustCompile(`(?i)stratum\+(tcp|ssl)://|\b(xmrig|xmr-stak|minerd|cpuminer|ccminer|kdevtmpfsi|kinsing|nbminer|t-rex)\b|--donate-level|\bpool\.(minexmr|supportxmr|hashvault)`), "cryptocurrency miner", "挖矿程序", false, "miner"},
}

// ExecReasons reports content that downloads, decodes or runs code from an
// untrusted place, or opens a shell over the network.
func ExecReasons(s string) []Reason {
	var out []Reason
	for _, r := range execRules {
		if m := r.re.FindString(s); m != "" {
			out = append(out, Reason{En: r.en, Zh: r.zh, Match: strings.TrimSpace(m), Weak: r.weak, Kind: r.kind})
		}
	}
	return out
}

// StrongReasons returns the reasons that hold on their own: downloading and
// running, decoding and running, reverse shells, miners.
func StrongReasons(s string) []Reason {
	var out []Reason
	for _, r := range ExecReasons(s) {
		if !r.Weak {
			out = append(out, r)
		}
	}
	return out
}

// JoinReasons formats reasons for a finding's detail.
func JoinReasons(rs []Reason) (en, zh string) {
	var e, z []string
	for _, r := range rs {
		e = append(e, r.En+" ("+Excerpt(r.Match, 120)+")")
		z = append(z, r.Zh+"（"+Excerpt(r.Match, 120)+"）")
	}
	return strings.Join(e, "; "), strings.Join(z, "；")
}

// Excerpt shortens s to at most n runes for evidence (finding.Excerpt,
// named here for the many checks that quote).
func Excerpt(s string, n int) string { return finding.Excerpt(s, n) }

// TempDirs are world-writable places where intruders stage their tools.
var TempDirs = []string{"/tmp/", "/var/tmp/", "/dev/shm/", "/run/shm/", "/dev/mqueue/"}

// InTempDir reports a path inside a world-writable temporary directory.
func InTempDir(p string) bool {
	for _, d := range TempDirs {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}

// HiddenPath reports a path with an element starting with '.' (but not "."
// or ".."), the usual hiding place of dropped tools.
func HiddenPath(p string) bool {
	for _, el := range strings.Split(p, "/") {
		if len(el) > 1 && el[0] == '.' && el != ".." {
			return true
		}
	}
	return false
}
