package check

// Process checks: what runs on the host, judged from the volatile state
// (the live host's /proc or a bundle's snapshot) and, where the running
// kernel must be asked, by probes on the live host. A process is judged by
// its executable (where it lives, whether a package ships it unmodified,
// whether the file on disk is still the one running), its environment, its
// descriptors and its arguments, never by its name alone.

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/snapshot"
	"github.com/yingji/yingji/internal/source"
)

// processesView is the snapshot with the indexes the process and network
// checks share.
type processesView struct {
	snap    *snapshot.Snapshot
	byPID   map[int]*snapshot.Process
	sock    map[uint64]*snapshot.Socket
	hostMnt string
	self    int // the analysing process on a live host (0 otherwise)
}

func processesLoad(c *Context) (*processesView, error) {
	snap, err := c.Snapshot()
	if err != nil {
		return nil, err
	}
	v := &processesView{snap: snap, byPID: map[int]*snapshot.Process{}, sock: map[uint64]*snapshot.Socket{}}
	count := map[string]int{}
	for i := range snap.Processes {
		p := &snap.Processes[i]
		v.byPID[p.PID] = p
		if p.MntNS != "" {
			count[p.MntNS]++
		}
	}
	for i := range snap.Sockets {
		s := &snap.Sockets[i]
		if _, ok := v.sock[s.Inode]; !ok && s.Inode != 0 {
			v.sock[s.Inode] = s
		}
	}
	// The host's mount namespace is init's; when init's links are not
	// readable, the namespace most processes share.
	if p1 := v.byPID[1]; p1 != nil && p1.MntNS != "" {
		v.hostMnt = p1.MntNS
	} else {
		best := 0
		for ns, n := range count {
			if n > best || n == best && ns < v.hostMnt {
				v.hostMnt, best = ns, n
			}
		}
	}
	// The collecting or analysing program itself (often copied to /tmp by
	// the responder) is not a finding.
	v.self = v.snap.CollectorPID
	if c.Src().Kind() == source.KindLive {
		v.self = os.Getpid()
	}
	return v, nil
}

// procs returns the processes to judge: all but the analyser itself.
func (v *processesView) procs() []*snapshot.Process {
	out := make([]*snapshot.Process, 0, len(v.snap.Processes))
	for i := range v.snap.Processes {
		p := &v.snap.Processes[i]
		if v.self != 0 && p.PID == v.self {
			continue
		}
		out = append(out, p)
	}
	return out
}

// inHost reports a process that sees the host's file system, so that its
// executable path names a file of the target root (a container's paths
// name files of the container's root).
func (v *processesView) inHost(p *snapshot.Process) bool {
	if p.Root != "" && p.Root != "/" {
		return false
	}
	return v.hostMnt == "" || p.MntNS == "" || p.MntNS == v.hostMnt
}

// processesKernelThread reports a kernel thread: no executable, no
// command line, a child of kthreadd (or kthreadd itself).
func processesKernelThread(p *snapshot.Process) bool {
	return p.Exe == "" && len(p.Cmdline) == 0 && (p.PPID == 2 || p.PID == 2 || p.PPID == 0)
}

func processesCmdline(p *snapshot.Process) string { return strings.Join(p.Cmdline, " ") }

// processesMemfd reports an executable that lives only in memory.
func processesMemfd(exe string) bool { return strings.HasPrefix(exe, "/memfd:") }

// processesEvidence describes a process for a finding.
func processesEvidence(p *snapshot.Process) finding.Evidence {
	e := finding.Evidence{Path: p.Exe, PID: p.PID, SHA256: p.ExeSHA256, Excerpt: Excerpt(processesCmdline(p), 300),
		Fields: map[string]string{"name": p.Name, "ppid": strconv.Itoa(p.PPID), "uid": strconv.FormatUint(uint64(p.UID), 10)}}
	if e.Path == "" {
		e.Path = "/proc/" + strconv.Itoa(p.PID)
	}
	if p.EUID != p.UID {
		e.Fields["euid"] = strconv.FormatUint(uint64(p.EUID), 10)
	}
	if p.ExeDeleted {
		e.Fields["exe"] = p.Exe + " (deleted)"
	}
	if !p.StartTime.IsZero() {
		e.Fields["started"] = p.StartTime.UTC().Format(time.RFC3339)
	}
	if p.Cwd != "" {
		e.Fields["cwd"] = p.Cwd
	}
	return e
}

func processesTime(p *snapshot.Process) *time.Time {
	if p == nil || p.StartTime.IsZero() {
		return nil
	}
	t := p.StartTime
	return &t
}

// processesShellRe matches command interpreters and tools that give a
// remote party a shell.
var processesShellRe = regexp.MustCompile(`^((ba|da|z|k|mk|pdk|tc|c|fi|a|r|rba|y)?sh|busybox|python[0-9.]*|perl[0-9.]*|php[0-9.]*|ruby[0-9.]*|lua[0-9.]*|tclsh[0-9.]*|node|nodejs|nc|ncat|netcat|nc\.openbsd|nc\.traditional|socat|telnet|openssl|gawk|mawk|awk|expect)$`)

// processesPlainShellRe matches the shells and the netcat family alone.
var processesPlainShellRe = regexp.MustCompile(`^((ba|da|z|k|mk|pdk|tc|c|fi|a|r|rba|y)?sh|busybox|nc|ncat|netcat|nc\.openbsd|nc\.traditional|socat|telnet)$`)

// processesNames returns the names a process goes by: comm, the
// executable's base name and argv[0]'s base name.
func processesNames(p *snapshot.Process) []string {
	out := []string{p.Name}
	if p.Exe != "" && !processesMemfd(p.Exe) {
		out = append(out, path.Base(p.Exe))
	}
	if len(p.Cmdline) > 0 {
		a := strings.TrimPrefix(p.Cmdline[0], "-")
		if f := strings.Fields(a); len(f) > 0 {
			out = append(out, path.Base(f[0]))
		}
	}
	return out
}

// processesIsShell reports a process that is a shell or interpreter by
// its executable or, when that is unknown, its name.
func processesIsShell(p *snapshot.Process, re *regexp.Regexp) bool {
	if p.Exe != "" && !processesMemfd(p.Exe) {
		return re.MatchString(path.Base(p.Exe)) || re.MatchString(p.Name)
	}
	return re.MatchString(p.Name)
}

// processesPlace judges where an executable lives: "temp", "hidden", or "".
func processesPlace(exe string) string {
	switch {
	case exe == "":
		return ""
	case processesMemfd(exe):
		return "memory"
	case InTempDir(exe):
		return "temp"
	case HiddenPath(exe):
		return "hidden"
	}
	return ""
}

// processesExeJudge is the combined judgment of a process's executable.
type processesExeJudge struct {
	place string // "memory", "temp", "hidden" or ""
	pkg   string
	own   Ownership
	known bool // ownership could be judged (host namespace, file present)
}

func (j processesExeJudge) bad() bool { return j.place != "" }

func (j processesExeJudge) unowned() bool {
	return j.known && (j.own == Unowned || j.own == Modified)
}

func (j processesExeJudge) pristine() bool { return j.known && j.own == Pristine }

// describe says in both languages what is wrong with the executable.
func (j processesExeJudge) describe() (string, string) {
	switch {
	case j.place == "memory":
		return "runs from memory (memfd), with no file on disk", "从内存（memfd）运行，磁盘上无对应文件"
	case j.place == "temp":
		return "runs from a world-writable temporary directory", "从全局可写的临时目录运行"
	case j.place == "hidden":
		return "runs from a hidden directory", "从隐藏目录运行"
	case j.known && j.own == Modified:
		return "its binary differs from the one package " + j.pkg + " shipped", "其程序文件与软件包 " + j.pkg + " 发布的版本不一致"
	case j.known && j.own == Unowned:
		return "its binary belongs to no installed package", "其程序文件不属于任何已安装软件包"
	}
	return "", ""
}

// processesJudgeExe judges p's executable, with a per-check cache.
func processesJudgeExe(c *Context, v *processesView, p *snapshot.Process, cache map[string]processesExeJudge) processesExeJudge {
	key := p.Exe
	if p.ExeDeleted || !v.inHost(p) {
		key = "\x00" + strconv.Itoa(p.PID)
	}
	if j, ok := cache[key]; ok {
		return j
	}
	j := processesExeJudge{place: processesPlace(p.Exe)}
	if p.Exe != "" && !p.ExeDeleted && v.inHost(p) && j.place != "memory" && c.Exists(strings.TrimPrefix(p.Exe, "/")) {
		j.pkg, j.own = c.Owned(p.Exe)
		j.known = j.own != Unknown
	}
	cache[key] = j
	return j
}

// Kernel-thread names: prefixes that end in '/' (per-CPU threads) and
// exact names, plus the names miners copy with a suffix (kworkerds,
// kdevtmpfsi, ksoftirqds).
var (
	processesKthreadRe     = regexp.MustCompile(`^(kworker|ksoftirqd|migration|cpuhp|watchdog|rcuo[psg]?|rcu[bc]|jbd2|irq|idle_inject|xfsaild|scsi_eh|scsi_tmf|kdmflush|kcryptd|card[0-9]+-crtc[0-9]*|kvm-[a-z-]+)/`)
	processesKthreadPrefix = []string{"kworker", "ksoftirqd", "kthreadd", "kdevtmpfs", "kswapd", "khugepaged", "kcompactd", "kauditd", "khungtaskd", "migration/"}
	processesKthreadExact  = map[string]bool{"oom_reaper": true, "ksmd": true, "kblockd": true, "kintegrityd": true, "kthrotld": true,
		"ipv6_addrconf": true, "writeback": true, "netns": true, "mm_percpu_wq": true, "rcu_preempt": true, "rcu_sched": true, "rcu_bh": true,
		"rcu_gp": true, "rcu_par_gp": true, "kstrp": true, "watchdogd": true, "edac-poller": true, "devfreq_wq": true, "kpsmoused": true,
		"ata_sff": true, "md": true, "kmpath_rdacd": true, "kaluad": true, "ksgxd": true, "hwrng": true, "zswap-shrink": true, "khubd": true}
)

func processesKthreadName(name string) bool {
	if processesKthreadRe.MatchString(name) || processesKthreadExact[name] {
		return true
	}
	for _, p := range processesKthreadPrefix {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// processesDaemons maps well-known daemon names (as comm shows them, at
// most 15 bytes) to the base names of the executables that may carry them.
var processesDaemons = map[string][]string{
	"sshd": {"sshd", "sshd-session", "sshd-auth"}, "systemd": {"systemd"}, "systemd-journal": {"systemd-journald"},
	"systemd-logind": {"systemd-logind"}, "systemd-udevd": {"systemd-udevd", "udevadm"}, "systemd-resolve": {"systemd-resolved"},
	"systemd-network": {"systemd-networkd"}, "systemd-timesyn": {"systemd-timesyncd"}, "cron": {"cron"}, "crond": {"crond"},
	"atd": {"atd"}, "rsyslogd": {"rsyslogd"}, "syslog-ng": {"syslog-ng"}, "dbus-daemon": {"dbus-daemon"}, "dbus-broker": {"dbus-broker"},
	"agetty": {"agetty"}, "nginx": {"nginx"}, "apache2": {"apache2"}, "httpd": {"httpd"}, "mysqld": {"mysqld", "mariadbd"},
	"mariadbd": {"mariadbd"}, "containerd": {"containerd"}, "dockerd": {"dockerd"}, "kubelet": {"kubelet"}, "polkitd": {"polkitd"},
	"chronyd": {"chronyd"}, "ntpd": {"ntpd"}, "auditd": {"auditd"}, "irqbalance": {"irqbalance"}, "init": {"init", "systemd", "busybox"},
	"udevd": {"udevd", "systemd-udevd"}, "master": {"master"}, "postgres": {"postgres"}, "redis-server": {"redis-server", "redis-check-rdb"},
	"smbd": {"smbd"}, "named": {"named"}, "dhclient": {"dhclient"}, "NetworkManager": {"NetworkManager"}, "snapd": {"snapd"},
	"accounts-daemon": {"accounts-daemon"}, "unattended-upgr": {"python3*", "unattended-upgrade"},
}

// processesDaemonName returns the daemon name a process claims by comm or
// argv[0], or "".
func processesDaemonName(p *snapshot.Process) string {
	if _, ok := processesDaemons[p.Name]; ok {
		return p.Name
	}
	if len(p.Cmdline) > 0 {
		a := strings.TrimPrefix(p.Cmdline[0], "-")
		if i := strings.IndexAny(a, ": "); i >= 0 {
			a = a[:i]
		}
		a = path.Base(a)
		if len(a) > 15 {
			a = a[:15]
		}
		if _, ok := processesDaemons[a]; ok && a != "" {
			return a
		}
	}
	return ""
}

// Miner indicators.
var (
	processesMinerNames = map[string]bool{"xmrig": true, "xmrig-notls": true, "xmrig-cuda": true, "xmr-stak": true, "xmr-stak-rx": true,
		"xmr-stak-cpu": true, "minerd": true, "cpuminer": true, "cpuminer-multi": true, "cpuminer-opt": true, "ccminer": true, "cgminer": true,
		"bfgminer": true, "ethminer": true, "nbminer": true, "t-rex": true, "phoenixminer": true, "lolminer": true, "teamredminer": true,
		"gminer": true, "nanominer": true, "srbminer": true, "srbminer-multi": true, "xmrigdaemon": true, "xmrigminer": true,
		"kdevtmpfsi": true, "kinsing": true, "kworkerds": true, "ksoftirqds": true, "kthreaddi": true, "xmr-proxy": true, "xmrig-proxy": true}
	processesStratumRe  = regexp.MustCompile(`(?i)\bstratum[0-9]?\+(tcp|ssl|tls|udp)://[^\s"']+`)
	processesMinerOptRe = regexp.MustCompile(`(?i)--donate-level\b|--donate-over-proxy\b|--randomx-[a-z-]+|--cpu-max-threads-hint\b|--coin[= ](monero|xmr)\b|` +
		`(^|\s)(-a|--algo)[= ]?(rx/0|rx/wow|cn/r|cn/0|cryptonight[a-z/-]*|randomx|argon2/[a-z]+|ghostrider|kawpow|ethash)(\s|$)`)
	processesMoneroRe  = regexp.MustCompile(`(^|[^1-9A-HJ-NP-Za-km-z])(4[0-9AB][1-9A-HJ-NP-Za-km-z]{104}|[48][0-9AB][1-9A-HJ-NP-Za-km-z]{93})($|[^1-9A-HJ-NP-Za-km-z])`)
	processesPoolArgRe = regexp.MustCompile(`(?i)(^|\s)(-o|--url)[= ]?([a-z0-9+]+://)?(\[[^\]\s]+\]|[^\s:/\[]+):([0-9]{2,5})\b`)
	processesUserArgRe = regexp.MustCompile(`(^|\s)(-u|--user)[= ]?\S+`)
	processesHostRe    = regexp.MustCompile(`(?i)[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.[a-z]{2,}`)
)

// processesPoolDomains are mining pools; a host matches a domain or any of
// its subdomains.
var processesPoolDomains = []string{"minexmr.com", "supportxmr.com", "hashvault.pro", "nanopool.org", "moneroocean.stream", "c3pool.com",
	"c3pool.org", "f2pool.com", "2miners.com", "herominers.com", "xmrpool.eu", "minergate.com", "nicehash.com", "unmineable.com",
	"dwarfpool.com", "crypto-pool.fr", "monerohash.com", "p2pool.io", "kryptex.network", "xmrfast.com", "skypool.org", "viabtc.com",
	"antpool.com", "ethermine.org", "flexpool.io", "hiveon.net", "zergpool.com", "prohashing.com", "miningpoolhub.com", "xmr.pool.gntl.co.uk",
	"pool.minergate.com", "mining-dutch.nl", "zpool.ca", "bohemianpool.com", "xmrpool.net", "monero.crypto-pool.fr"}

// processesPoolPorts are the ports mining pools and stratum proxies use.
var processesPoolPorts = map[uint16]bool{3333: true, 3334: true, 3335: true, 3357: true, 5555: true, 5556: true, 5588: true, 7777: true,
	9000: false, 10128: true, 10343: true, 13333: true, 14433: true, 14444: true, 15555: true, 17777: true, 20535: true, 20580: true,
	45560: true, 45700: true, 1800: false}

// processesPoolHost reports a host name that belongs to a mining pool.
func processesPoolHost(h string) string {
	h = strings.ToLower(strings.TrimSuffix(h, "."))
	for _, d := range processesPoolDomains {
		if h == d || strings.HasSuffix(h, "."+d) {
			return d
		}
	}
	return ""
}

// processesMinerReasons returns what in a process says "miner".
func processesMinerReasons(p *snapshot.Process) (strong, weak []Reason) {
	for _, n := range processesNames(p) {
		if processesMinerNames[strings.ToLower(n)] {
			strong = append(strong, Reason{En: "known miner program name", Zh: "已知挖矿程序名称", Match: n})
			break
		}
	}
	cmd := processesCmdline(p)
	if m := processesStratumRe.FindString(cmd); m != "" {
		strong = append(strong, Reason{En: "stratum mining pool URL", Zh: "Stratum 矿池地址", Match: m})
	}
	if m := processesMinerOptRe.FindString(cmd); m != "" {
		strong = append(strong, Reason{En: "miner option", Zh: "挖矿程序参数", Match: m})
	}
	if m := processesMoneroRe.FindStringSubmatch(cmd); m != nil {
		strong = append(strong, Reason{En: "Monero wallet address", Zh: "门罗币钱包地址", Match: m[2]})
	}
	for _, h := range processesHostRe.FindAllString(cmd, 20) {
		if d := processesPoolHost(h); d != "" {
			strong = append(strong, Reason{En: "mining pool host", Zh: "矿池域名", Match: h})
			break
		}
	}
	if m := processesPoolArgRe.FindStringSubmatch(cmd); m != nil {
		port, _ := strconv.Atoi(m[5])
		user := processesUserArgRe.FindString(cmd)
		switch {
		case processesPoolPorts[uint16(port)] && user != "":
			strong = append(strong, Reason{En: "pool URL on a mining port with a user (wallet) argument", Zh: "矿池端口地址及用户（钱包）参数", Match: strings.TrimSpace(m[0]) + " " + strings.TrimSpace(user)})
		case processesPoolPorts[uint16(port)] || user != "":
			weak = append(weak, Reason{En: "-o host:port argument typical of miners", Zh: "挖矿程序典型的 -o 主机:端口 参数", Match: strings.TrimSpace(m[0])})
		}
	}
	return strong, weak
}

// processesCPUShare is the average share of one CPU a process used over
// its life, and that life's length.
func processesCPUShare(snap *snapshot.Snapshot, p *snapshot.Process) (float64, time.Duration) {
	if p.StartTime.IsZero() || snap.Taken.IsZero() {
		return 0, 0
	}
	life := snap.Taken.Sub(p.StartTime)
	if life <= 0 {
		return 0, 0
	}
	return p.CPUSeconds / life.Seconds(), life
}

// processesEnvValue returns the value of name in an environment list.
func processesEnvValue(env []string, name string) (string, bool) {
	for _, e := range env {
		if v, ok := strings.CutPrefix(e, name+"="); ok {
			return v, true
		}
	}
	return "", false
}

// processesWebUsers are accounts web servers and application servers run as.
var processesWebUsers = map[string]bool{"www-data": true, "www": true, "wwwrun": true, "nginx": true, "apache": true, "httpd": true,
	"lighttpd": true, "tomcat": true, "tomcat7": true, "tomcat8": true, "tomcat9": true, "tomcat10": true, "jetty": true, "caddy": true,
	"php-fpm": true, "iis": true, "weblogic": true, "jboss": true, "wildfly": true}

// processesWebServerRe matches web server and application server programs.
var processesWebServerRe = regexp.MustCompile(`^(nginx|apache2?|httpd|lighttpd|caddy|php-fpm[0-9.]*|php-cgi[0-9.]*|uwsgi|gunicorn|tomcat[0-9]*|catalina\.sh|jsvc|weblogic|java|openresty|tengine)$`)

// processesWebTools are what an attacker runs through a webshell.
var processesWebToolRe = regexp.MustCompile(`^((ba|da|z|k|mk|tc|c|a)?sh|busybox|nc|ncat|netcat|nc\.openbsd|nc\.traditional|socat|telnet|curl|wget|python[0-9.]*|perl[0-9.]*|ruby[0-9.]*|whoami|id|uname|ifconfig|ip|netstat|ss|hostname|nmap|masscan|fscan|frpc|npc|ew|chisel|gost|nps|iox)$`)

// processesShellMetaRe finds shell syntax that chains or redirects.
var processesShellMetaRe = regexp.MustCompile("[;&|`$<>()]")

func init() {
	Register(
		&Check{
			ID: "processes.deleted_exe", Family: "processes",
			Title:         "Process running a deleted executable",
			TitleZh:       "进程运行的程序文件已被删除",
			Description:   "A process runs a binary whose file was deleted after it started. Intruders start a tool and delete it to leave no file behind; a package upgrade also leaves old binaries running until the service restarts.",
			DescriptionZh: "进程启动后其程序文件被删除。攻击者常在运行恶意程序后删除文件以规避查杀；软件包升级后未重启的服务也会出现此现象。",
			Verify:        "Copy the running binary from /proc/PID/exe before anything else (it is the only copy); check its hash on threat intelligence; compare with the package version on disk (dpkg -S, rpm -qf) and the process's start time with the package log.",
			VerifyZh:      "先从 /proc/PID/exe 复制出正在运行的程序（这是唯一副本）；查询其哈希的威胁情报；对比磁盘上同名文件的软件包版本（dpkg -S、rpm -qf），并核对进程启动时间与软件包升级日志。",
			Advice:        "Preserve /proc/PID/exe and the process memory, then stop the process; if it was an upgraded package service, restart the service.",
			AdviceZh:      "保全 /proc/PID/exe 与进程内存后结束该进程；若是软件包升级后未重启的服务，重启该服务即可。",
			Attack:        []string{"T1070.004", "T1036"},
			Category:      "MPTH",
			Severity:      finding.Medium,
			Needs:         NeedsVolatile,
			Reads:         []string{"processes", "package database"},
			Run:           processesDeletedExe,
		},
		&Check{
			ID: "processes.memfd_exe", Family: "processes",
			Title:         "Fileless process running from memory (memfd)",
			TitleZh:       "无文件进程：从内存（memfd）运行",
			Description:   "A process runs an executable that only exists in an anonymous memory file (memfd_create), the technique of fileless loaders that never write their payload to disk.",
			DescriptionZh: "进程运行的程序仅存在于匿名内存文件（memfd_create）中，这是无文件落地木马加载器的典型手法，载荷从不写入磁盘。",
			Verify:        "Dump /proc/PID/exe and check its hash; look at the parent process and how it started (cron, a webshell, a service); some container runtimes clone themselves into a memfd only while starting a container.",
			VerifyZh:      "导出 /proc/PID/exe 并查询哈希；查看父进程及其启动方式（计划任务、Webshell、服务）；部分容器运行时仅在启动容器的瞬间将自身复制到 memfd 中运行。",
			Advice:        "Dump the binary and memory for analysis, stop the process and its parent loader, and find the persistence that starts it.",
			AdviceZh:      "导出程序与内存样本后结束该进程及其父加载进程，并排查拉起它的持久化项。",
			Attack:        []string{"T1620", "T1027.011"},
			Category:      "MPTH",
			Severity:      finding.High,
			Needs:         NeedsVolatile,
			Reads:         []string{"processes"},
			Run:           processesMemfdExe,
		},
		&Check{
			ID: "processes.exe_temp_dir", Family: "processes",
			Title:         "Process running from a temporary directory",
			TitleZh:       "进程从临时目录运行",
			Description:   "A process runs a binary or script in /tmp, /var/tmp or /dev/shm. Every user can write there, and it is where droppers put miners, backdoors and scanners.",
			DescriptionZh: "进程运行的程序或脚本位于 /tmp、/var/tmp 或 /dev/shm。这些目录任何用户可写，是下载器投放挖矿程序、后门与扫描器的常用位置。",
			Verify:        "Check the file's owner and times, its hash, its network connections (ss -tanp) and the parent that started it.",
			VerifyZh:      "检查该文件的属主与时间、哈希、进程的网络连接（ss -tanp）以及拉起它的父进程。",
			Advice:        "Preserve the file, stop the process, remove the file after analysis and find how it got there.",
			AdviceZh:      "保全文件后结束进程，分析完成后删除文件，并追查文件的来源。",
			Attack:        []string{"T1036.005", "T1059"},
			Category:      "MPTH",
			Severity:      finding.High,
			Needs:         NeedsVolatile,
			Reads:         []string{"processes"},
			Run:           processesExeTempDir,
		},
		&Check{
			ID: "processes.exe_hidden_dir", Family: "processes",
			Title:         "Process running from a hidden directory",
			TitleZh:       "进程从隐藏目录运行",
			Description:   "A process runs a binary whose path has an element starting with a dot (/usr/lib/.x/, /root/.cache/kthreadd), a common hiding place of dropped tools.",
			DescriptionZh: "进程运行的程序路径中含以点开头的目录（如 /usr/lib/.x/、/root/.cache/kthreadd），是投放工具常用的隐藏位置。",
			Verify:        "Check whether the program is a known user tool installed there (editor servers, language version managers) or an unknown binary; check its hash and network activity.",
			VerifyZh:      "确认该程序是否为安装在该处的已知用户工具（编辑器远程服务、语言版本管理器等），或来历不明的程序；检查其哈希与网络行为。",
			Advice:        "If unknown, preserve the directory, stop the process and remove the directory after analysis.",
			AdviceZh:      "若来历不明，保全该目录后结束进程，分析完成后删除该目录。",
			Attack:        []string{"T1564.001", "T1036.005"},
			Category:      "MPTH",
			Severity:      finding.High,
			Needs:         NeedsVolatile,
			Reads:         []string{"processes", "/etc/passwd"},
			Run:           processesExeHiddenDir,
		},
		&Check{
			ID: "processes.exe_home_dir", Family: "processes",
			Title:         "Process running from a home directory",
			TitleZh:       "进程从用户主目录运行",
			Description:   "A process runs a binary stored in a user's home directory rather than an installed system path. It is usual on development machines and notable on servers.",
			DescriptionZh: "进程运行的程序位于用户主目录而非系统安装路径。开发环境中常见，服务器上值得关注。",
			Verify:        "Confirm with the owner of the home directory that the program is theirs.",
			VerifyZh:      "与该主目录的用户确认程序是否为其本人部署。",
			Advice:        "Install server software in system paths under package management; remove unknown programs.",
			AdviceZh:      "服务器软件应通过包管理安装到系统路径；清除来历不明的程序。",
			Attack:        []string{"T1059"},
			Category:      "SHVULN",
			Severity:      finding.Low,
			Needs:         NeedsVolatile,
			Reads:         []string{"processes", "/etc/passwd"},
			Run:           processesExeHomeDir,
		},
		&Check{
			ID: "processes.root_writable_exe", Family: "processes",
			Title:         "Root process running a binary other users can replace",
			TitleZh:       "root 进程运行的程序可被其他用户替换",
			Description:   "A process running as root executes a file that is world-writable, writable by a non-root group, owned by another user, or in a directory others can write. Whoever controls the file controls root the next time it starts.",
			DescriptionZh: "以 root 身份运行的进程所执行的文件全局可写、非 root 组可写、属于其他用户，或位于他人可写的目录中。谁能改写该文件，谁就能在其下次启动时获得 root 权限。",
			Verify:        "Check the file and directory permissions (ls -l, namei -l) and whether the file changed recently.",
			VerifyZh:      "检查文件及各级目录的权限（ls -l、namei -l），以及文件最近是否被修改。",
			Advice:        "Make the binary and its directories owned by root and not writable by others; verify the binary against a trusted copy.",
			AdviceZh:      "将程序及其所在目录的属主改为 root 且禁止他人写入；用可信副本校验该程序。",
			Attack:        []string{"T1574.010", "T1548"},
			Category:      "SHVULN",
			Severity:      finding.High,
			Needs:         NeedsVolatile,
			Reads:         []string{"processes", "file metadata of executables"},
			Run:           processesRootWritableExe,
		},
		&Check{
			ID: "processes.kthread_masquerade", Family: "processes",
			Title:         "User process disguised as a kernel thread",
			TitleZh:       "用户进程伪装为内核线程",
			Description:   "A process has the name of a kernel thread (kworker/…, ksoftirqd, kthreadd, [..] in brackets) but it has an executable or a command line, or is not a child of kthreadd. Real kernel threads have neither; miners and backdoors take these names to pass unnoticed in ps.",
			DescriptionZh: "进程使用内核线程的名称（kworker/…、ksoftirqd、kthreadd 或方括号包裹的名称），但拥有可执行文件或命令行，或其父进程不是 kthreadd。真正的内核线程二者皆无；挖矿程序与后门常借此在 ps 中蒙混过关。",
			Verify:        "ls -l /proc/PID/exe and cat /proc/PID/cmdline; a kernel thread has no exe link; check the parent with ps -o ppid.",
			VerifyZh:      "执行 ls -l /proc/PID/exe 与 cat /proc/PID/cmdline，内核线程没有 exe 链接；用 ps -o ppid 查看父进程。",
			Advice:        "Preserve /proc/PID/exe, stop the process and remove its binary and persistence.",
			AdviceZh:      "保全 /proc/PID/exe 后结束进程，清除其程序文件与持久化项。",
			Attack:        []string{"T1036.004", "T1036.005"},
			Category:      "MPTH",
			Severity:      finding.High,
			Needs:         NeedsVolatile,
			Reads:         []string{"processes"},
			Run:           processesKthreadMasquerade,
		},
		&Check{
			ID: "processes.daemon_masquerade", Family: "processes",
			Title:         "Process disguised as a system daemon",
			TitleZh:       "进程伪装为系统守护进程",
			Description:   "A process calls itself sshd, systemd, cron or another system daemon, but its executable is not that daemon's binary, or no package ships it, or it differs from the packaged file.",
			DescriptionZh: "进程自称 sshd、systemd、cron 等系统守护进程，但其可执行文件并非该守护进程的程序，或不属于任何软件包，或与软件包发布的文件不一致。",
			Verify:        "Compare /proc/PID/exe with the daemon's packaged path (dpkg -S / rpm -qf, debsums / rpm -V) and the process tree (a real sshd descends from systemd).",
			VerifyZh:      "比对 /proc/PID/exe 与该守护进程的软件包路径（dpkg -S / rpm -qf，debsums / rpm -V），并检查进程树（真正的 sshd 由 systemd 拉起）。",
			Advice:        "Preserve the binary, stop the process, reinstall the genuine package if its file was replaced, and remove the impostor's persistence.",
			AdviceZh:      "保全程序后结束进程；若软件包文件被替换，重新安装正版软件包，并清除冒名程序的持久化项。",
			Attack:        []string{"T1036.005", "T1036.004"},
			Category:      "MPTH",
			Severity:      finding.High,
			Needs:         NeedsVolatile,
			Reads:         []string{"processes", "package database"},
			Run:           processesDaemonMasquerade,
		},
		&Check{
			ID: "processes.ld_preload_env", Family: "processes",
			Title:         "Process started with LD_PRELOAD or a library path override",
			TitleZh:       "进程以 LD_PRELOAD 或库路径劫持方式启动",
			Description:   "A process's environment sets LD_PRELOAD or LD_AUDIT (a library loaded into it before all others) or an LD_LIBRARY_PATH into a temporary or hidden directory: user-mode rootkits and credential stealers load themselves this way.",
			DescriptionZh: "进程环境变量设置了 LD_PRELOAD 或 LD_AUDIT（在所有库之前加载指定库），或将 LD_LIBRARY_PATH 指向临时或隐藏目录：用户态 Rootkit 与凭据窃取程序常以此方式注入。",
			Verify:        "cat /proc/PID/environ | tr '\\0' '\\n'; check the library's package (dpkg -S), hash and symbols; check what set the variable (service unit, shell profile).",
			VerifyZh:      "执行 cat /proc/PID/environ | tr '\\0' '\\n' 查看；检查该库所属软件包（dpkg -S）、哈希与导出符号；排查设置该变量的位置（服务单元、shell 配置）。",
			Advice:        "Remove the variable from where it is set, restart the affected processes and quarantine an unknown library.",
			AdviceZh:      "从设置位置删除该变量，重启受影响的进程，并隔离来历不明的库文件。",
			Attack:        []string{"T1574.006"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Needs:         NeedsVolatile,
			Reads:         []string{"processes (environment)", "package database"},
			Run:           processesLDPreloadEnv,
		},
		&Check{
			ID: "processes.reverse_shell", Family: "processes",
			Title:         "Shell or interpreter with a network socket as its terminal",
			TitleZh:       "Shell 或解释器的标准输入输出为网络连接（反弹 Shell）",
			Description:   "A shell, interpreter or netcat-like tool has a network socket on standard input, output or error: the shape of a reverse or bind shell, which hands a remote party a command line.",
			DescriptionZh: "Shell、脚本解释器或 netcat 类工具的标准输入、输出或错误指向网络套接字，这正是反弹 Shell 或正向 Shell 的特征，远端可借此执行任意命令。",
			Verify:        "ls -l /proc/PID/fd; ss -tanp | grep PID for the remote address; check the parent process (a webshell, a cron job, an exploited service).",
			VerifyZh:      "执行 ls -l /proc/PID/fd；用 ss -tanp | grep PID 查看远端地址；检查父进程（Webshell、计划任务、被利用的服务）。",
			Advice:        "Block the remote address, kill the shell and its parent chain after preserving them, and find the entry point.",
			AdviceZh:      "封禁远端地址，保全现场后结束该 Shell 及其父进程链，并追查入侵入口。",
			Attack:        []string{"T1059.004", "T1071"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Needs:         NeedsVolatile,
			Reads:         []string{"processes (descriptors)", "sockets"},
			Run:           processesReverseShell,
		},
		&Check{
			ID: "processes.miner", Family: "processes",
			Title:         "Cryptocurrency miner process",
			TitleZh:       "挖矿进程",
			Description:   "A process looks like a cryptocurrency miner: a known miner program, a stratum pool URL, a pool host or port with a wallet argument, a Monero wallet address or miner options in its command line.",
			DescriptionZh: "进程具有挖矿程序特征：已知挖矿程序名、Stratum 矿池地址、矿池主机或端口及钱包参数、门罗币钱包地址或挖矿参数。",
			Verify:        "Check CPU use (top), the connections to the pool (ss -tanp), the binary's hash and the configuration file beside it (config.json).",
			VerifyZh:      "检查 CPU 占用（top）、到矿池的连接（ss -tanp）、程序哈希及其旁边的配置文件（config.json）。",
			Advice:        "Block the pool addresses, stop the miner, remove its files and every persistence entry (cron, systemd, rc.local, SSH keys), and close the hole it came through.",
			AdviceZh:      "封禁矿池地址，结束挖矿进程，删除其文件及全部持久化项（计划任务、systemd、rc.local、SSH 公钥），并修补入侵入口。",
			Attack:        []string{"T1496"},
			Category:      "MPMINER",
			Severity:      finding.High,
			Needs:         NeedsVolatile,
			Reads:         []string{"processes"},
			Run:           processesMiner,
		},
		&Check{
			ID: "processes.sustained_cpu", Family: "processes",
			Title:         "Process not from a package using a full CPU for a long time",
			TitleZh:       "非软件包程序长时间高 CPU 占用",
			Description:   "A process whose binary no package ships has used most of a CPU over a long life, the resource profile of a miner.",
			DescriptionZh: "程序不属于任何软件包的进程在较长运行时间内持续占用大部分 CPU，符合挖矿程序的资源特征。",
			Verify:        "Watch it in top; check what it is, its connections and who started it.",
			VerifyZh:      "在 top 中观察；确认程序用途、网络连接与启动者。",
			Advice:        "If it is not a known workload, treat it as a miner: stop it and remove its persistence.",
			AdviceZh:      "若非已知业务负载，按挖矿程序处置：结束进程并清除持久化项。",
			Attack:        []string{"T1496"},
			Category:      "MPMINER",
			Severity:      finding.Low,
			Needs:         NeedsVolatile,
			Reads:         []string{"processes", "package database"},
			Run:           processesSustainedCPU,
		},
		&Check{
			ID: "processes.exe_replaced", Family: "processes",
			Title:         "Running binary differs from the file at its path",
			TitleZh:       "正在运行的程序与其路径上的文件不一致",
			Description:   "The binary a process runs (read through /proc/PID/exe) differs from the file now at the same path, or that path no longer exists although the file was not deleted: the file was swapped underneath it (a mount over the path, a rootkit hiding the file) or the running image was replaced.",
			DescriptionZh: "进程实际运行的程序（经 /proc/PID/exe 读取）与当前同一路径上的文件内容不一致，或该路径已不存在而文件并未被删除：说明文件被偷换（路径上被挂载覆盖、Rootkit 隐藏文件）或运行映像被替换。",
			Verify:        "sha256sum /proc/PID/exe and the path; check mounts over the path (findmnt); compare with the package (debsums / rpm -V).",
			VerifyZh:      "分别计算 /proc/PID/exe 与该路径文件的 sha256；检查该路径上的挂载（findmnt）；与软件包比对（debsums / rpm -V）。",
			Advice:        "Preserve both files, stop the process and restore the genuine binary from the package.",
			AdviceZh:      "保全两份文件后结束进程，从软件包恢复正版程序。",
			Attack:        []string{"T1036.005", "T1564"},
			Category:      "MPTH",
			Severity:      finding.High,
			Needs:         NeedsVolatile,
			Reads:         []string{"processes (executable hashes)", "executables on disk"},
			Run:           processesExeReplaced,
		},
		&Check{
			ID: "processes.chroot", Family: "processes",
			Title:         "Process confined to a different root directory (chroot)",
			TitleZh:       "进程运行于不同的根目录（chroot）",
			Description:   "A process outside any container has a root directory other than \"/\". Some services chroot themselves (sshd privilege separation, postfix, named); an unknown chroot can hide a tool's files from casual inspection.",
			DescriptionZh: "不在容器中的进程根目录不是“/”。部分服务会自行 chroot（sshd 权限分离、postfix、named）；来历不明的 chroot 可用于隐藏工具文件。",
			Verify:        "ls -l /proc/PID/root; check which service the process belongs to and what is inside the directory.",
			VerifyZh:      "执行 ls -l /proc/PID/root；确认进程所属服务及该目录内容。",
			Advice:        "Nothing for known services; investigate an unknown chroot like an unknown process.",
			AdviceZh:      "已知服务无需处理；来历不明的 chroot 按未知进程处置。",
			Attack:        []string{"T1564", "T1611"},
			Category:      "ABOT",
			Severity:      finding.Low,
			Needs:         NeedsVolatile,
			Reads:         []string{"processes"},
			Run:           processesChroot,
		},
		&Check{
			ID: "processes.hidden_pid", Family: "processes",
			Title:         "Process hidden from the /proc listing",
			TitleZh:       "进程在 /proc 目录列表中被隐藏",
			Description:   "A process exists (the kernel answers for its PID when asked directly, by stat of /proc/PID and by kill with signal 0, which delivers nothing) but it does not appear when /proc is listed: a rootkit filters it from ps, top and every tool that lists processes.",
			DescriptionZh: "进程真实存在（直接 stat /proc/PID 或发送 0 号信号探测时内核均有应答，0 号信号不会投递任何信号），但列出 /proc 目录时却看不到：Rootkit 将其从 ps、top 等所有进程列举工具中过滤掉了。",
			Verify:        "Compare ls /proc with a loop over kill -0 PID; read /proc/PID/status, exe and cmdline of the hidden PID directly; check loaded kernel modules and /etc/ld.so.preload.",
			VerifyZh:      "对比 ls /proc 与逐个 kill -0 PID 的结果；直接读取隐藏 PID 的 /proc/PID/status、exe 与 cmdline；检查已加载的内核模块与 /etc/ld.so.preload。",
			Advice:        "Treat the host as rootkitted: preserve memory, isolate the host, and rebuild it from trusted media after the investigation.",
			AdviceZh:      "按主机已被植入 Rootkit 处置：保全内存，隔离主机，调查结束后用可信介质重建系统。",
			Attack:        []string{"T1014", "T1564.001"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Needs:         NeedsLive,
			Reads:         []string{"/proc listing", "stat and kill(0) of every PID up to pid_max"},
			Run:           processesHiddenPID,
		},
		&Check{
			ID: "processes.proc_bind_mount", Family: "processes",
			Title:         "Mount over a /proc/PID directory (process hiding)",
			TitleZh:       "/proc/PID 目录被挂载覆盖（隐藏进程）",
			Description:   "Something is mounted on /proc/<pid>. Mounting an empty directory over a process's /proc entry hides it from ps and top without any rootkit; no legitimate software does this.",
			DescriptionZh: "/proc/<pid> 上存在挂载。将空目录挂载到某进程的 /proc 条目上，无需 Rootkit 即可在 ps、top 中隐藏该进程；正常软件不会这样做。",
			Verify:        "grep /proc/ /proc/self/mountinfo; umount the entry in a copy of the namespace or read /proc/PID/status after unmounting to see the hidden process.",
			VerifyZh:      "执行 grep /proc/ /proc/self/mountinfo 查看；卸载该挂载后读取 /proc/PID/status 即可看到被隐藏的进程。",
			Advice:        "Unmount it (umount /proc/PID), examine and stop the revealed process, and find what mounted it.",
			AdviceZh:      "卸载该挂载（umount /proc/PID），检查并结束显露出的进程，追查执行挂载的程序。",
			Attack:        []string{"T1564", "T1014"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Needs:         NeedsVolatile,
			Reads:         []string{"mounts (mountinfo)"},
			Run:           processesProcBindMount,
		},
		&Check{
			ID: "processes.webshell_child", Family: "processes",
			Title:         "Web server spawned a shell or network tool",
			TitleZh:       "Web 服务进程派生 Shell 或网络工具",
			Description:   "A shell, interpreter, reconnaissance or network tool runs as the web server's user under a web server or application server process: the trace of commands run through a webshell.",
			DescriptionZh: "以 Web 服务用户身份运行、父进程为 Web 或应用服务器的 Shell、解释器、信息收集或网络工具：这是通过 Webshell 执行命令留下的痕迹。",
			Verify:        "ps -ef --forest around the PID; check the web access log at its start time for the requested script, and look for the webshell file in the document root.",
			VerifyZh:      "用 ps -ef --forest 查看进程树；按其启动时间检查 Web 访问日志中被请求的脚本，并在网站目录中查找 Webshell 文件。",
			Advice:        "Kill the process, take the site offline or block the path, remove the webshell, patch the upload or vulnerability used, and rotate credentials the site holds.",
			AdviceZh:      "结束该进程，下线网站或封禁相关路径，清除 Webshell，修补上传点或漏洞，并更换网站保存的凭据。",
			Attack:        []string{"T1505.003", "T1059.004"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Needs:         NeedsVolatile,
			Reads:         []string{"processes", "/etc/passwd"},
			Run:           processesWebshellChild,
		},
	)
}

func processesDeletedExe(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	for _, p := range v.procs() {
		if !p.ExeDeleted || p.Exe == "" || processesMemfd(p.Exe) {
			continue
		}
		sev, en, zh := finding.Medium, "", ""
		switch place := processesPlace(p.Exe); {
		case place != "":
			sev = finding.High
			en, zh = "It ran from a temporary or hidden directory.", "其原路径位于临时或隐藏目录。"
		case v.inHost(p) && c.Exists(strings.TrimPrefix(p.Exe, "/")):
			if pkg, o := c.Owned(p.Exe); o == Pristine {
				sev = finding.Low
				en = "A file of package " + pkg + " is at that path again: probably upgraded while running; restart the service."
				zh = "该路径上现为软件包 " + pkg + " 的文件：多为升级后服务未重启，重启服务即可。"
			}
		}
		c.Report(Hit{Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("PID %d (%s) runs the deleted file %s. %s", p.PID, p.Name, p.Exe, en),
			DetailZh: fmt.Sprintf("PID %d（%s）运行的文件 %s 已被删除。%s", p.PID, p.Name, p.Exe, zh),
			Evidence: []finding.Evidence{processesEvidence(p)}, Time: processesTime(p)})
	}
	return nil
}

func processesMemfdExe(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	for _, p := range v.procs() {
		if !processesMemfd(p.Exe) {
			continue
		}
		name := strings.TrimPrefix(p.Exe, "/memfd:")
		c.Report(Hit{
			Detail:   fmt.Sprintf("PID %d (%s) runs the in-memory file %q.", p.PID, p.Name, name),
			DetailZh: fmt.Sprintf("PID %d（%s）运行内存文件 %q。", p.PID, p.Name, name),
			Evidence: []finding.Evidence{processesEvidence(p)}, Time: processesTime(p)})
	}
	return nil
}

// processesScriptArg returns the script an interpreter runs (its first
// argument that is not an option), or "".
func processesScriptArg(p *snapshot.Process) string {
	if !processesIsShell(p, processesShellRe) || len(p.Cmdline) < 2 {
		return ""
	}
	for _, a := range p.Cmdline[1:] {
		if a == "-c" || a == "-e" || a == "-r" {
			return "" // inline code: judged by other checks
		}
		if strings.HasPrefix(a, "-") {
			continue
		}
		if strings.HasPrefix(a, "/") {
			return path.Clean(a)
		}
		if p.Cwd != "" {
			return path.Join(p.Cwd, a)
		}
		return ""
	}
	return ""
}

func processesExeTempDir(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	for _, p := range v.procs() {
		what, whatZh := "", ""
		switch {
		case InTempDir(p.Exe):
			what, whatZh = "binary "+p.Exe, "程序 "+p.Exe
		case InTempDir(processesScriptArg(p)):
			s := processesScriptArg(p)
			what, whatZh = "script "+s+" with "+path.Base(p.Exe), "脚本 "+s+"（解释器 "+path.Base(p.Exe)+"）"
		default:
			continue
		}
		if p.ExeDeleted {
			what += " (deleted)"
			whatZh += "（已删除）"
		}
		c.Report(Hit{
			Detail:   fmt.Sprintf("PID %d (%s, uid %d) runs the %s.", p.PID, p.Name, p.UID, what),
			DetailZh: fmt.Sprintf("PID %d（%s，uid %d）运行%s。", p.PID, p.Name, p.UID, whatZh),
			Evidence: []finding.Evidence{processesEvidence(p)}, Time: processesTime(p)})
	}
	return nil
}

// processesHomeDirs returns the home directories as absolute paths with a
// trailing slash.
func processesHomeDirs(c *Context) []string {
	var out []string
	seen := map[string]bool{}
	for _, h := range c.Homes() {
		d := "/" + h.Dir + "/"
		if h.Dir == "" || d == "//" || seen[d] {
			continue
		}
		// Accounts whose "home" is a system directory are not homes.
		if d == "/root/" || strings.HasPrefix(d, "/home/") || h.UID >= 1000 {
			switch d {
			case "/bin/", "/usr/bin/", "/usr/sbin/", "/sbin/", "/usr/", "/var/", "/etc/", "/nonexistent/", "/dev/", "/run/", "/proc/":
				continue
			}
			seen[d] = true
			out = append(out, d)
		}
	}
	if !seen["/root/"] {
		out = append(out, "/root/")
	}
	return out
}

func processesUnderAny(p string, dirs []string) bool {
	for _, d := range dirs {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}

func processesExeHiddenDir(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	homes := processesHomeDirs(c)
	for _, p := range v.procs() {
		exe := p.Exe
		if exe == "" || processesMemfd(exe) || InTempDir(exe) || !HiddenPath(exe) {
			continue
		}
		sev, en, zh := finding.High, "", ""
		if processesUnderAny(exe, homes) {
			sev = finding.Medium
			en, zh = " The directory is in a home directory, where some user tools install themselves; confirm it.", "该目录位于用户主目录中，部分用户工具会安装于此，请确认。"
		}
		c.Report(Hit{Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("PID %d (%s, uid %d) runs %s.%s", p.PID, p.Name, p.UID, exe, en),
			DetailZh: fmt.Sprintf("PID %d（%s，uid %d）运行 %s。%s", p.PID, p.Name, p.UID, exe, zh),
			Evidence: []finding.Evidence{processesEvidence(p)}, Time: processesTime(p)})
	}
	return nil
}

func processesExeHomeDir(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	homes := processesHomeDirs(c)
	for _, p := range v.procs() {
		exe := p.Exe
		if exe == "" || !v.inHost(p) || HiddenPath(exe) || !processesUnderAny(exe, homes) {
			continue
		}
		c.Report(Hit{
			Detail:   fmt.Sprintf("PID %d (%s, uid %d) runs %s.", p.PID, p.Name, p.UID, exe),
			DetailZh: fmt.Sprintf("PID %d（%s，uid %d）运行 %s。", p.PID, p.Name, p.UID, exe),
			Evidence: []finding.Evidence{processesEvidence(p)}, Time: processesTime(p)})
	}
	return nil
}

func processesRootWritableExe(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	// On a copy made without privileges (an image unpacked by a user)
	// every file belongs to that user: ownership then says nothing.
	owners := true
	if st, err := c.StatOf("."); err == nil && st.UID != 0 {
		owners = false
	}
	for _, p := range v.procs() {
		if p.EUID != 0 && p.UID != 0 || p.Exe == "" || p.ExeDeleted || processesMemfd(p.Exe) || !v.inHost(p) {
			continue
		}
		name := strings.TrimPrefix(p.Exe, "/")
		st, err := c.StatOf(name)
		if err != nil || !st.IsRegular() {
			continue
		}
		var why, whyZh []string
		sev := finding.Medium
		if st.Mode&0o002 != 0 {
			why, whyZh, sev = append(why, "the file is world-writable"), append(whyZh, "文件全局可写"), finding.High
		}
		if st.Mode&0o020 != 0 && st.GID != 0 && owners {
			why, whyZh = append(why, fmt.Sprintf("the file is writable by group %d", st.GID)), append(whyZh, fmt.Sprintf("文件可被组 %d 写入", st.GID))
		}
		if st.UID != 0 && owners {
			why, whyZh = append(why, fmt.Sprintf("the file is owned by uid %d", st.UID)), append(whyZh, fmt.Sprintf("文件属主为 uid %d", st.UID))
		}
		// Every directory on the way: writable by others without the
		// sticky bit, or owned by another user.
		for d := path.Dir(name); d != "." && d != "/" && d != ""; d = path.Dir(d) {
			ds, err := c.StatOf(d)
			if err != nil || !ds.IsDir() {
				break
			}
			if ds.Mode&0o002 != 0 && ds.Mode&0o1000 == 0 {
				why, whyZh, sev = append(why, "directory /"+d+" is world-writable"), append(whyZh, "目录 /"+d+" 全局可写"), finding.High
			} else if ds.UID != 0 && ds.Mode&0o1000 == 0 && owners {
				why, whyZh = append(why, fmt.Sprintf("directory /%s is owned by uid %d", d, ds.UID)), append(whyZh, fmt.Sprintf("目录 /%s 属主为 uid %d", d, ds.UID))
			}
		}
		if len(why) == 0 {
			continue
		}
		c.Report(Hit{Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("Root process PID %d (%s) runs %s: %s.", p.PID, p.Name, p.Exe, strings.Join(why, "; ")),
			DetailZh: fmt.Sprintf("root 进程 PID %d（%s）运行 %s：%s。", p.PID, p.Name, p.Exe, strings.Join(whyZh, "；")),
			Evidence: []finding.Evidence{processesEvidence(p)}, Time: processesTime(p)})
	}
	return nil
}

func processesKthreadMasquerade(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	for _, p := range v.procs() {
		if p.State == "Z" || processesKernelThread(p) {
			continue
		}
		argv0 := ""
		if len(p.Cmdline) > 0 {
			argv0 = p.Cmdline[0]
		}
		var why, whyZh string
		switch {
		case processesKthreadName(p.Name):
			why, whyZh = fmt.Sprintf("its name %q is a kernel thread's", p.Name), fmt.Sprintf("其名称 %q 为内核线程名", p.Name)
		case len(argv0) > 2 && argv0[0] == '[' && strings.HasSuffix(strings.TrimSpace(processesCmdline(p)), "]"):
			why, whyZh = fmt.Sprintf("its command line %q is bracketed like a kernel thread's", Excerpt(argv0, 60)), fmt.Sprintf("其命令行 %q 像内核线程一样用方括号包裹", Excerpt(argv0, 60))
		case argv0 != "" && processesKthreadName(strings.Trim(strings.Fields(argv0 + " x")[0], "[]")):
			why, whyZh = fmt.Sprintf("its command line %q names a kernel thread", Excerpt(argv0, 60)), fmt.Sprintf("其命令行 %q 冒用内核线程名", Excerpt(argv0, 60))
		default:
			continue
		}
		var has, hasZh []string
		if p.Exe != "" {
			has, hasZh = append(has, "an executable "+p.Exe), append(hasZh, "可执行文件 "+p.Exe)
		}
		if len(p.Cmdline) > 0 {
			has, hasZh = append(has, "a command line"), append(hasZh, "命令行")
		}
		if p.PPID != 2 && p.PID != 2 {
			has, hasZh = append(has, fmt.Sprintf("parent PID %d (not kthreadd)", p.PPID)), append(hasZh, fmt.Sprintf("父进程 PID %d（不是 kthreadd）", p.PPID))
		}
		c.Report(Hit{
			Detail:   fmt.Sprintf("PID %d: %s, but it has %s.", p.PID, why, strings.Join(has, ", ")),
			DetailZh: fmt.Sprintf("PID %d：%s，但它拥有%s。", p.PID, whyZh, strings.Join(hasZh, "、")),
			Evidence: []finding.Evidence{processesEvidence(p)}, Time: processesTime(p)})
	}
	return nil
}

func processesDaemonMasquerade(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	cache := map[string]processesExeJudge{}
	for _, p := range v.procs() {
		d := processesDaemonName(p)
		if d == "" || p.Exe == "" || p.State == "Z" {
			continue
		}
		base := path.Base(p.Exe)
		var why, whyZh string
		if processesMemfd(p.Exe) {
			why, whyZh = "it runs from memory (memfd)", "它从内存（memfd）运行"
		} else if !processesDaemonExe(d, base) {
			why, whyZh = fmt.Sprintf("its executable is %s, not the daemon's binary", p.Exe), fmt.Sprintf("其可执行文件为 %s，并非该守护进程的程序", p.Exe)
		} else if j := processesJudgeExe(c, v, p, cache); j.bad() || j.known && j.own == Modified || j.unowned() && !processesAppDaemons[d] {
			why, whyZh = j.describe()
			why, whyZh = "its executable "+p.Exe+" "+why, "其可执行文件 "+p.Exe+" "+whyZh
		} else {
			continue
		}
		c.Report(Hit{
			Detail:   fmt.Sprintf("PID %d calls itself %q but %s.", p.PID, d, why),
			DetailZh: fmt.Sprintf("PID %d 自称 %q，但%s。", p.PID, d, whyZh),
			Evidence: []finding.Evidence{processesEvidence(p)}, Time: processesTime(p)})
	}
	return nil
}

// processesAppDaemons are application servers that are often built from
// source or installed from tarballs (/usr/local/nginx, /www/server/mysql):
// for them a binary no package ships is not by itself a disguise.
var processesAppDaemons = map[string]bool{"nginx": true, "apache2": true, "httpd": true, "mysqld": true, "mariadbd": true,
	"postgres": true, "redis-server": true, "containerd": true, "dockerd": true, "kubelet": true, "named": true, "smbd": true,
	"snapd": true, "master": true, "chronyd": true, "ntpd": true}

// processesDaemonExe reports an executable base name that may carry the
// daemon name d; an allowed name ending in '*' is a prefix.
func processesDaemonExe(d, base string) bool {
	if len(base) > 15 && base[:15] == d {
		return true
	}
	for _, a := range processesDaemons[d] {
		if a == base || strings.HasSuffix(a, "*") && strings.HasPrefix(base, strings.TrimSuffix(a, "*")) {
			return true
		}
	}
	return false
}

func processesLDPreloadEnv(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	for _, p := range v.procs() {
		sev := finding.Info
		var found, foundZh []string
		consider := func(s finding.Severity, en, zh string) {
			if s > sev {
				sev = s
			}
			found, foundZh = append(found, en), append(foundZh, zh)
		}
		for _, name := range []string{"LD_PRELOAD", "LD_AUDIT"} {
			val, ok := processesEnvValue(p.Environ, name)
			if !ok || strings.TrimSpace(val) == "" {
				continue
			}
			for _, lib := range strings.FieldsFunc(val, func(r rune) bool { return r == ':' || r == ' ' || r == '\t' }) {
				switch {
				case processesPlace(lib) != "":
					consider(finding.High, fmt.Sprintf("%s=%s (in a temporary or hidden directory)", name, lib), fmt.Sprintf("%s=%s（位于临时或隐藏目录）", name, lib))
				case !strings.HasPrefix(lib, "/") || !v.inHost(p):
					consider(finding.Medium, fmt.Sprintf("%s=%s", name, lib), fmt.Sprintf("%s=%s", name, lib))
				case !c.Exists(strings.TrimPrefix(lib, "/")):
					consider(finding.Medium, fmt.Sprintf("%s=%s (no such file now)", name, lib), fmt.Sprintf("%s=%s（该文件当前不存在）", name, lib))
				default:
					switch pkg, o := c.Owned(lib); o {
					case Pristine:
						consider(finding.Low, fmt.Sprintf("%s=%s (from package %s)", name, lib, pkg), fmt.Sprintf("%s=%s（属于软件包 %s）", name, lib, pkg))
					case Modified:
						consider(finding.High, fmt.Sprintf("%s=%s (differs from package %s)", name, lib, pkg), fmt.Sprintf("%s=%s（与软件包 %s 不一致）", name, lib, pkg))
					default:
						consider(finding.Medium, fmt.Sprintf("%s=%s (no package ships it)", name, lib), fmt.Sprintf("%s=%s（不属于任何软件包）", name, lib))
					}
				}
			}
		}
		if val, ok := processesEnvValue(p.Environ, "LD_LIBRARY_PATH"); ok {
			for _, dir := range strings.Split(val, ":") {
				if processesPlace(dir) != "" || processesPlace(dir+"/") != "" {
					consider(finding.Medium, "LD_LIBRARY_PATH includes "+dir, "LD_LIBRARY_PATH 包含 "+dir)
				}
			}
		}
		if len(found) == 0 {
			continue
		}
		c.Report(Hit{Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("PID %d (%s) was started with %s.", p.PID, p.Name, strings.Join(found, "; ")),
			DetailZh: fmt.Sprintf("PID %d（%s）启动时设置了 %s。", p.PID, p.Name, strings.Join(foundZh, "；")),
			Evidence: []finding.Evidence{processesEvidence(p)}, Time: processesTime(p)})
	}
	return nil
}

// processesSockAddr formats a socket's endpoints.
func processesSockAddr(s *snapshot.Socket) (local, remote string) {
	local = fmt.Sprintf("%s:%d", s.LocalIP, s.LocalPort)
	if s.LocalIP.Is6() {
		local = fmt.Sprintf("[%s]:%d", s.LocalIP, s.LocalPort)
	}
	remote = fmt.Sprintf("%s:%d", s.RemoteIP, s.RemotePort)
	if s.RemoteIP.Is6() {
		remote = fmt.Sprintf("[%s]:%d", s.RemoteIP, s.RemotePort)
	}
	return local, remote
}

func processesReverseShell(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	for _, p := range v.procs() {
		if !processesIsShell(p, processesShellRe) {
			continue
		}
		plain := processesIsShell(p, processesPlainShellRe)
		var ev []finding.Evidence
		var what, whatZh []string
		sev := finding.Info
		seen := map[uint64]bool{}
		for _, fd := range p.FDs {
			if fd.FD > 2 || fd.SocketInode == 0 || seen[fd.SocketInode] {
				continue
			}
			seen[fd.SocketInode] = true
			s := v.sock[fd.SocketInode]
			if s == nil || s.Proto == "unix" {
				continue
			}
			local, remote := processesSockAddr(s)
			s2 := finding.High
			switch {
			case s.State == "LISTEN" && !plain:
				// FastCGI and inetd-style servers get their listening
				// socket on descriptor 0.
				s2 = finding.Medium
			case s.RemoteIP.IsValid() && s.RemoteIP.Unmap().IsLoopback():
				s2 = finding.Medium
			}
			if s2 > sev {
				sev = s2
			}
			what = append(what, fmt.Sprintf("fd %d is %s socket %s -> %s (%s)", fd.FD, s.Proto, local, remote, s.State))
			whatZh = append(whatZh, fmt.Sprintf("描述符 %d 为 %s 套接字 %s -> %s（%s）", fd.FD, s.Proto, local, remote, s.State))
			e := processesEvidence(p)
			e.Fields["socket"] = fmt.Sprintf("%s %s -> %s %s inode %d", s.Proto, local, remote, s.State, s.Inode)
			e.Fields["fd"] = strconv.Itoa(fd.FD)
			e.Fields["remote"] = remote
			ev = append(ev, e)
		}
		if len(ev) == 0 {
			continue
		}
		c.Report(Hit{Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("PID %d (%s): %s.", p.PID, p.Name, strings.Join(what, "; ")),
			DetailZh: fmt.Sprintf("PID %d（%s）：%s。", p.PID, p.Name, strings.Join(whatZh, "；")),
			Evidence: ev, Time: processesTime(p)})
	}
	return nil
}

func processesMiner(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	for _, p := range v.procs() {
		if processesKernelThread(p) {
			continue
		}
		strong, weak := processesMinerReasons(p)
		if len(strong) == 0 && len(weak) == 0 {
			continue
		}
		sev := finding.Medium
		if len(strong) > 0 {
			sev = finding.High
		}
		rs := append(strong, weak...)
		en, zh := JoinReasons(rs)
		if share, life := processesCPUShare(v.snap, p); share >= 0.5 && life >= 10*time.Minute {
			en += fmt.Sprintf("; it used %.0f%% of a CPU on average over %s", share*100, life.Round(time.Minute))
			zh += fmt.Sprintf("；其在 %s 内平均占用 %.0f%% 的 CPU", life.Round(time.Minute), share*100)
		}
		c.Report(Hit{Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("PID %d (%s): %s.", p.PID, p.Name, en),
			DetailZh: fmt.Sprintf("PID %d（%s）：%s。", p.PID, p.Name, zh),
			Evidence: []finding.Evidence{processesEvidence(p)}, Time: processesTime(p)})
	}
	return nil
}

func processesSustainedCPU(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	cache := map[string]processesExeJudge{}
	for _, p := range v.procs() {
		share, life := processesCPUShare(v.snap, p)
		if share < 0.8 || life < 30*time.Minute || processesKernelThread(p) || p.Exe == "" {
			continue
		}
		j := processesJudgeExe(c, v, p, cache)
		sev := finding.Low
		switch {
		case j.bad() || p.ExeDeleted:
			sev = finding.Medium
		case j.pristine() || !j.known && v.inHost(p) && !p.ExeDeleted:
			continue // a packaged program at work, or one we cannot judge
		}
		en, zh := j.describe()
		if en == "" && p.ExeDeleted {
			en, zh = "its binary was deleted", "其程序文件已被删除"
		}
		c.Report(Hit{Severity: sev, SeveritySet: true, Confidence: "medium",
			Detail:   fmt.Sprintf("PID %d (%s) used %.0f%% of a CPU on average over %s; %s.", p.PID, p.Name, share*100, life.Round(time.Minute), en),
			DetailZh: fmt.Sprintf("PID %d（%s）在 %s 内平均占用 %.0f%% 的 CPU；%s。", p.PID, p.Name, life.Round(time.Minute), share*100, zh),
			Evidence: []finding.Evidence{processesEvidence(p)}, Time: processesTime(p)})
	}
	return nil
}

// processesMaxHash bounds the on-disk files hashed for comparison.
const processesMaxHash = 256 << 20

func processesHashFile(c *Context, name string) (string, error) {
	f, err := c.Src().Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(f, processesMaxHash+1))
	if err != nil {
		return "", err
	}
	if n > processesMaxHash {
		return "", errors.New("too large")
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func processesExeReplaced(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	type result struct {
		sum     string
		missing bool
		err     error
	}
	done := map[string]result{}
	// A binary the collector could hash (through /proc/PID/exe) but that is
	// not at its path is a discrepancy, unless most binaries are missing:
	// then the root being read is not the processes' root.
	missing, present := 0, 0
	for _, p := range v.procs() {
		if p.Exe != "" && !p.ExeDeleted && !processesMemfd(p.Exe) && v.inHost(p) {
			if c.Exists(strings.TrimPrefix(p.Exe, "/")) {
				present++
			} else {
				missing++
			}
		}
	}
	foreignRoot := missing > present
	for _, p := range v.procs() {
		if p.Exe == "" || p.ExeDeleted || processesMemfd(p.Exe) || !v.inHost(p) || p.State == "Z" {
			continue
		}
		name := strings.TrimPrefix(p.Exe, "/")
		r, ok := done[p.Exe+"\x00"+p.ExeSHA256]
		if !ok {
			st, err := c.StatOf(name)
			switch {
			case IsNotExist(err):
				r.missing = true
			case err != nil:
				r.err = err
			case p.ExeSHA256 == "":
				r.err = errors.New("no hash")
			case c.Src().Kind() == source.KindLive && st.Ino == p.ExeInode && st.Dev == p.ExeDevice &&
				!p.StartTime.IsZero() && st.Mtime.Before(p.StartTime) && st.Ctime.Before(p.StartTime):
				// The same file, unchanged since the process started.
				r.sum = p.ExeSHA256
			default:
				r.sum, r.err = processesHashFile(c, name)
			}
			done[p.Exe+"\x00"+p.ExeSHA256] = r
		}
		e := processesEvidence(p)
		switch {
		case r.missing && p.ExeSHA256 != "" && !foreignRoot:
			c.Report(Hit{Severity: finding.Medium, SeveritySet: true, Confidence: "medium",
				Detail:   fmt.Sprintf("PID %d (%s) runs %s, which is not marked deleted but cannot be found on disk.", p.PID, p.Name, p.Exe),
				DetailZh: fmt.Sprintf("PID %d（%s）运行 %s，该文件未标记为已删除，但在磁盘上找不到。", p.PID, p.Name, p.Exe),
				Evidence: []finding.Evidence{e}, Time: processesTime(p)})
		case r.err == nil && r.sum != "" && p.ExeSHA256 != "" && r.sum != p.ExeSHA256:
			e.Fields["sha256_on_disk"] = r.sum
			c.Report(Hit{
				Detail:   fmt.Sprintf("PID %d (%s) runs a binary with SHA-256 %s, but the file now at %s has SHA-256 %s.", p.PID, p.Name, p.ExeSHA256, p.Exe, r.sum),
				DetailZh: fmt.Sprintf("PID %d（%s）运行的程序 SHA-256 为 %s，但 %s 处当前文件的 SHA-256 为 %s。", p.PID, p.Name, p.ExeSHA256, p.Exe, r.sum),
				Evidence: []finding.Evidence{e}, Time: processesTime(p)})
		}
	}
	return nil
}

func processesChroot(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	cache := map[string]processesExeJudge{}
	for _, p := range v.procs() {
		if p.Root == "" || p.Root == "/" || v.hostMnt != "" && p.MntNS != "" && p.MntNS != v.hostMnt {
			continue
		}
		sev := finding.Low
		switch {
		case processesPlace(p.Root+"/") != "":
			sev = finding.Medium
		default:
			// Judge the executable as seen from the host: it is below
			// the chroot.
			q := *p
			q.Root = "/"
			if j := processesJudgeExe(c, v, &q, cache); j.pristine() {
				sev = finding.Info
			}
		}
		e := processesEvidence(p)
		e.Fields["root"] = p.Root
		c.Report(Hit{Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("PID %d (%s) runs with root directory %s.", p.PID, p.Name, p.Root),
			DetailZh: fmt.Sprintf("PID %d（%s）的根目录为 %s。", p.PID, p.Name, p.Root),
			Evidence: []finding.Evidence{e}, Time: processesTime(p)})
	}
	return nil
}

// processesPIDProbe is how the hidden-process check asks the kernel; the
// live implementation reads /proc and probes PIDs, tests supply their own.
type processesPIDProbe struct {
	list func() (map[int]bool, error) // readdir of /proc
	kill func(pid int) bool           // kill(PID, 0) finds it
	stat func(pid int) bool           // stat("/proc/PID") finds it
	tgid func(pid int) int            // thread group of a task id (0: unknown)
	max  int                          // highest PID to probe with kill
	// statMax bounds the (slower) stat probe: every PID up to pid_max
	// when that is small, else well past the highest PID in use.
	statMax int
}

func (pr processesPIDProbe) exists(pid int) bool {
	return pr.kill(pid) || pid <= pr.statMax && pr.stat(pid)
}

// processesFindHidden returns the thread-group ids that exist but are not
// listed, confirmed by a second listing to rule out processes that
// started during the probe.
func processesFindHidden(pr processesPIDProbe, deadline time.Time) ([]int, error) {
	listed, err := pr.list()
	if err != nil {
		return nil, err
	}
	if pr.statMax == 0 {
		high := 0
		for pid := range listed {
			high = max(high, pid)
		}
		pr.statMax = min(pr.max, max(high+65536, 131072))
	}
	cand := map[int]bool{}
	for pid := 1; pid <= pr.max; pid++ {
		if pid&0xfff == 0 && time.Now().After(deadline) {
			break
		}
		if listed[pid] || !pr.exists(pid) {
			continue
		}
		// /proc lists thread-group leaders only: a thread of a listed
		// process is not hidden.
		t := pr.tgid(pid)
		if t <= 0 {
			t = pid
		}
		if !listed[t] {
			cand[t] = true
		}
	}
	if len(cand) == 0 {
		return nil, nil
	}
	again, err := pr.list()
	if err != nil {
		return nil, err
	}
	var out []int
	for pid := range cand {
		if !again[pid] && pr.exists(pid) {
			out = append(out, pid)
		}
	}
	sort.Ints(out)
	return out, nil
}

// processesLiveProbe probes the running kernel's /proc.
func processesLiveProbe() processesPIDProbe {
	const procDir = "/proc"
	max := 4194304
	if b, err := os.ReadFile(procDir + "/sys/kernel/pid_max"); err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && n > 0 && n <= 1<<22 {
			max = n
		}
	}
	return processesPIDProbe{
		max: max,
		list: func() (map[int]bool, error) {
			f, err := os.Open(procDir)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			names, err := f.Readdirnames(-1)
			if err != nil {
				return nil, err
			}
			out := map[int]bool{}
			for _, n := range names {
				if pid, err := strconv.Atoi(n); err == nil {
					out[pid] = true
				}
			}
			return out, nil
		},
		kill: func(pid int) bool {
			// Signal 0 delivers nothing: it only asks whether the PID
			// exists. EPERM means it exists but belongs to another user.
			err := syscall.Kill(pid, 0)
			return err == nil || errors.Is(err, syscall.EPERM)
		},
		stat: func(pid int) bool {
			var st syscall.Stat_t
			return syscall.Stat(procDir+"/"+strconv.Itoa(pid), &st) == nil
		},
		tgid: func(pid int) int {
			f, err := os.Open(procDir + "/" + strconv.Itoa(pid) + "/status")
			if err != nil {
				return 0
			}
			defer f.Close()
			sc := bufio.NewScanner(io.LimitReader(f, 64<<10))
			for sc.Scan() {
				if v, ok := strings.CutPrefix(sc.Text(), "Tgid:"); ok {
					n, _ := strconv.Atoi(strings.TrimSpace(v))
					return n
				}
			}
			return 0
		},
	}
}

// processesReadStatus reads a few lines of /proc/PID/status for evidence.
func processesReadStatus(pid int) map[string]string {
	out := map[string]string{}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return out
	}
	if len(b) > 64<<10 {
		b = b[:64<<10]
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, val, ok := strings.Cut(line, ":")
		if ok && (k == "Name" || k == "PPid" || k == "Uid" || k == "State") {
			out[strings.ToLower(k)] = strings.TrimSpace(val)
		}
	}
	if exe, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/exe"); err == nil {
		out["exe"] = exe
	}
	return out
}

func processesHiddenPID(c *Context) error {
	hidden, err := processesFindHidden(processesLiveProbe(), time.Now().Add(20*time.Second))
	if err != nil {
		return err
	}
	inSnap := map[int]bool{}
	if snap, err := c.Snapshot(); err == nil {
		for _, p := range snap.Processes {
			inSnap[p.PID] = true
		}
	}
	for _, pid := range hidden {
		f := processesReadStatus(pid)
		if inSnap[pid] {
			f["snapshot"] = "listed in the snapshot taken earlier"
		} else {
			f["snapshot"] = "absent from the snapshot"
		}
		c.Report(Hit{
			Detail:   fmt.Sprintf("PID %d (%s) exists but is not listed in /proc.", pid, f["name"]),
			DetailZh: fmt.Sprintf("PID %d（%s）真实存在，但未出现在 /proc 目录列表中。", pid, f["name"]),
			Evidence: []finding.Evidence{{Path: "/proc/" + strconv.Itoa(pid), PID: pid, Fields: f}}})
	}
	return nil
}

var processesProcPIDRe = regexp.MustCompile(`^/proc/[0-9]+(/|$)`)

func processesProcBindMount(c *Context) error {
	snap, err := c.Snapshot()
	if err != nil {
		return err
	}
	for _, m := range snap.Mounts {
		if !processesProcPIDRe.MatchString(m.MountPoint) {
			continue
		}
		pid, _ := strconv.Atoi(strings.SplitN(strings.TrimPrefix(m.MountPoint, "/proc/"), "/", 2)[0])
		c.Report(Hit{
			Detail:   fmt.Sprintf("%s is covered by a %s mount of %s (root %s): process %d is hidden.", m.MountPoint, m.FSType, m.Source, m.Root, pid),
			DetailZh: fmt.Sprintf("%s 被 %s 类型的挂载（来源 %s，根 %s）覆盖：进程 %d 被隐藏。", m.MountPoint, m.FSType, m.Source, m.Root, pid),
			Evidence: []finding.Evidence{{Path: m.MountPoint, PID: pid, Fields: map[string]string{
				"mount_id": strconv.Itoa(m.ID), "fs_type": m.FSType, "source": m.Source, "root": m.Root, "device": m.Device, "mnt_ns": m.MntNS}}}})
	}
	return nil
}

// processesBenignShellC reports "sh -c /abs/program args" running one
// package-owned program without shell syntax (PHP's mail(), piped logs).
func processesBenignShellC(c *Context, v *processesView, p *snapshot.Process) bool {
	if !processesIsShell(p, processesPlainShellRe) || len(p.Cmdline) != 3 || p.Cmdline[1] != "-c" {
		return false
	}
	cmd := strings.TrimSpace(p.Cmdline[2])
	if processesShellMetaRe.MatchString(cmd) || !v.inHost(p) {
		return false
	}
	f := strings.Fields(cmd)
	if len(f) == 0 || !strings.HasPrefix(f[0], "/") {
		return false
	}
	_, o := c.Owned(f[0])
	return o == Pristine
}

func processesWebshellChild(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	webUID := map[uint32]string{}
	if accts, err := c.Accounts(); err == nil {
		for _, a := range accts {
			if processesWebUsers[a.Name] && a.UID > 0 {
				webUID[uint32(a.UID)] = a.Name
			}
		}
	}
	isWebServer := func(q *snapshot.Process) bool {
		for _, n := range processesNames(q) {
			if processesWebServerRe.MatchString(n) {
				return true
			}
		}
		return false
	}
	for _, p := range v.procs() {
		tool := false
		for _, n := range processesNames(p) {
			if processesWebToolRe.MatchString(n) {
				tool = true
			}
		}
		if !tool || p.State == "Z" {
			continue
		}
		user, webUser := webUID[p.UID]
		// Walk up to the web server: sh -> sh -> php-fpm.
		var server *snapshot.Process
		q := p
		for i := 0; i < 4; i++ {
			par := v.byPID[q.PPID]
			if par == nil || par.PID == q.PID {
				break
			}
			if isWebServer(par) {
				server = par
				break
			}
			q = par
		}
		if server == nil || !webUser && webUID[server.UID] == "" {
			continue
		}
		if user == "" {
			user = webUID[server.UID]
		}
		if processesBenignShellC(c, v, p) {
			continue
		}
		// An interpreter running a package-owned script (a CGI program).
		if s := processesScriptArg(p); s != "" && !processesIsShell(p, processesPlainShellRe) && v.inHost(p) {
			if _, o := c.Owned(s); o == Pristine {
				continue
			}
		}
		e := processesEvidence(p)
		e.Fields["web_server"] = fmt.Sprintf("%d %s %s", server.PID, server.Name, server.Exe)
		e.Fields["user"] = user
		c.Report(Hit{
			Detail:   fmt.Sprintf("PID %d (%s, user %s) runs under web server PID %d (%s): %s.", p.PID, p.Name, user, server.PID, server.Name, Excerpt(processesCmdline(p), 200)),
			DetailZh: fmt.Sprintf("PID %d（%s，用户 %s）由 Web 服务进程 PID %d（%s）派生：%s。", p.PID, p.Name, user, server.PID, server.Name, Excerpt(processesCmdline(p), 200)),
			Evidence: []finding.Evidence{e, processesEvidence(server)}, Time: processesTime(p)})
	}
	return nil
}
