package php

import (
	"regexp"
	"strconv"
)

// badCommands are shell idioms of intruders, recognised in the constant
// commands a PHP file runs: a script that runs them is a dropper or a
// backdoor even when no request input is involved.
var badCommands = []struct {
	re        *regexp.Regexp
	why, whyZ string
}{
	{regexp.MustCompile(`/dev/(tcp|udp)/|\bnc(at)?\b[^|;&]*\s-[a-z]*[ec]\b|\bsocat\b.*exec|\bbash -i\b|\bsh -i\b|socket\.socket\(|\bIO::Socket|\bfsockopen\b.*\bexec`),
		"a reverse shell", "反弹 Shell"},
	{regexp.MustCompile(`\b(wget|curl|fetch|lwp-download|tftp)\b[^;|&]*(\||;|&&)\s*(ba|z|da)?sh\b|\b(wget|curl)\b[^;]*;\s*(chmod|\./|perl|python|sh)\b`),
		"downloads a program and runs it", "下载程序并执行"},
	{regexp.MustCompile(`\bcrontab\b|/etc/cron|/var/spool/cron`),
		"changes scheduled tasks (persistence)", "修改计划任务（持久化）"},
	{regexp.MustCompile(`\bchmod\s+[0-7]*[1357]\d*\s+/(tmp|var/tmp|dev/shm)/|\bchmod\s+\+x\s+/(tmp|var/tmp|dev/shm)/`),
		"makes a file in a temporary directory executable", "将临时目录中的文件设为可执行"},
	{regexp.MustCompile(`\b(useradd|adduser)\b|\bpasswd\b.*--stdin|\bchpasswd\b|authorized_keys`),
		"adds an account or a login key", "添加账号或登录密钥"},
	{regexp.MustCompile(`\bln\s+-s\s+/(\s|$)`),
		"links the file system's root into a directory, to read every site and configuration file through the web server", "把文件系统根目录链接到某个目录，以便经由 Web 服务器读取所有网站和配置文件"},
	{regexp.MustCompile(`\b(killall|pkill)\s+-9|\bhistory -c\b|>\s*/var/log/|\bunset HISTFILE\b`),
		"kills competing processes or erases traces", "结束其他进程或清除痕迹"},
}

// badCommand returns why a constant command is an intruder's, or "";
// each distinct command is matched once per file.
func (a *analyzer) badCommand(s string) (string, string) {
	if r, ok := a.shared.badCmd[s]; ok {
		return r[0], r[1]
	}
	var r [2]string
	for _, b := range badCommands {
		if b.re.MatchString(s) {
			r = [2]string{b.why, b.whyZ}
			break
		}
	}
	a.shared.badCmd[s] = r
	return r[0], r[1]
}

func strconvQuote(s string) string { return strconv.Quote(s) }
