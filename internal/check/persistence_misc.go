package check

// Persistence by hooks of the loader, the kernel and system services: the
// dynamic loader (ld.so.preload, ld.so.conf.d), kernel module loading
// (modprobe.d install commands, modules-load.d), udev rules, motd scripts,
// Python .pth files, sshd (configuration, ~/.ssh/rc, the binary itself),
// inetd and xinetd, trusted CA certificates, kubelet static pods, package
// manager hooks and network hooks.

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/finding"
)

// persistenceScriptHook judges a hook script (motd, network hooks): a
// package script that changed is high, an unowned one medium at least, and
// content that downloads or runs untrusted code raises it.
func persistenceScriptHook(c *Context, j *persistenceJudger, n, whatEn, whatZh string) {
	pkg, o := c.Owned(n)
	if o == Pristine || !persistenceRegular(c, n) {
		return
	}
	text, err := persistenceText(c, n)
	if err != nil {
		return
	}
	sev, oen, ozh := persistenceScriptJudgement(j.Judge(text), pkg, o)
	if sev < finding.Medium {
		return
	}
	ex := text
	if persistenceIsELF(c, n) {
		ex = "(ELF binary)"
	}
	persistenceReport(c, sev, whatEn+" "+path.Base(n)+": "+oen+".", whatZh+" "+path.Base(n)+"："+ozh+"。", finding.Evidence{Path: "/" + n, Excerpt: Excerpt(ex, 200)})
}

// persistenceSSHDirective is one sshd_config setting.
type persistenceSSHDirective struct {
	File, Key, Value string // Key in lower case
	Line             int
	Text             string
	Match            string // the Match line it is under, or ""
	MatchLine        int
	MatchFile        string
}

// persistenceSSHDConfig reads sshd_config and the files it includes.
func persistenceSSHDConfig(c *Context) []persistenceSSHDirective {
	var out []persistenceSSHDirective
	seen := map[string]bool{}
	var read func(name string, depth int)
	read = func(name string, depth int) {
		if seen[name] || depth > 4 || len(seen) > 64 {
			return
		}
		seen[name] = true
		text, err := persistenceText(c, name)
		if err != nil {
			return
		}
		match, mline, mfile := "", 0, ""
		for _, l := range persistenceLines(text, false) {
			t := strings.TrimSpace(l.Text)
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			k, v := t, ""
			if i := strings.IndexAny(t, " \t="); i > 0 {
				k, v = t[:i], strings.TrimSpace(strings.TrimLeft(t[i:], " \t="))
			}
			k = strings.ToLower(k)
			switch k {
			case "match":
				match, mline, mfile = t, l.N, name
				if strings.EqualFold(strings.TrimSpace(v), "all") {
					match = ""
				}
				continue
			case "include":
				for _, pat := range strings.Fields(v) {
					if !strings.HasPrefix(pat, "/") {
						pat = "/etc/ssh/" + pat
					}
					for _, n := range c.Glob(strings.TrimPrefix(pat, "/")) {
						read(n, depth+1)
					}
				}
				continue
			}
			out = append(out, persistenceSSHDirective{File: name, Key: k, Value: v, Line: l.N, Text: t, Match: match, MatchLine: mline, MatchFile: mfile})
		}
	}
	read("etc/ssh/sshd_config", 0)
	return out
}

var (
	persistencePthEvalRe   = regexp.MustCompile(`\b(exec|eval|compile)\s*\(`)
	persistencePthDangerRe = regexp.MustCompile(`base64|b64decode|\bsubprocess\b|\bos\.(system|popen|exec\w*|spawn\w*|fork)\b|\bpopen\b|\bsocket\b|urllib|urlopen|\brequests\.|http\.client|marshal\.loads|zlib\.decompress|codecs\.decode|pty\.spawn|\bctypes\b|bytes\.fromhex|__import__\(\s*['"](os|subprocess|socket|base64|urllib|pty|ctypes|marshal|zlib|codecs)['"]`)
	persistenceAptHookRe   = regexp.MustCompile(`(?i)(APT::Update::(?:Pre-Invoke|Post-Invoke(?:-Success)?)|DPkg::(?:Pre-Invoke|Post-Invoke(?:-Success)?|Pre-Install-Pkgs|Post-Install-Pkgs)|APT::Install::(?:Pre|Post)-Invoke(?:-Success)?|RPM::(?:Pre|Post)-Invoke)`)
	persistenceQuotedRe    = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
	persistenceUdevRunRe   = regexp.MustCompile(`\b(RUN|PROGRAM|IMPORT\{program\})(\{program\})?\s*\+?=\s*"([^"]*)"`)
	persistenceSoNameRe    = regexp.MustCompile(`^lib[^/]*\.so(\.[0-9.]+)?$`)
)

func init() {
	Register(
		&Check{
			ID: "persistence.ld_so_preload", Family: "persistence",
			Title:         "/etc/ld.so.preload loads a library into every program",
			TitleZh:       "/etc/ld.so.preload 向所有程序注入库",
			Description:   "/etc/ld.so.preload names libraries the dynamic loader injects into every dynamically linked program. No distribution uses it; user-land rootkits (Azazel, Jynx, libprocesshider, many miners) put their library here to hide files, processes and connections. Any entry is high; a library in a temporary or hidden place, unowned or changed is critical.",
			DescriptionZh: "/etc/ld.so.preload 中列出的库会被动态加载器注入每个动态链接程序。发行版不会使用该文件，用户态 Rootkit（Azazel、Jynx、libprocesshider 及大量挖矿木马）借此隐藏文件、进程与连接。任何条目均为高危；库位于临时或隐藏目录、不属于软件包或被篡改时为严重。",
			Verify:        "Read the file from a trusted environment (the library may hide it from tools on the host); check the library's hash, times and exported symbols (readdir, fopen, getdents hooks).",
			VerifyZh:      "在可信环境中读取该文件（该库可能对主机上的工具隐藏自身）；检查库的哈希、时间及导出符号（readdir、fopen、getdents 等挂钩）。",
			Advice:        "Empty /etc/ld.so.preload, quarantine the library, then restart services or reboot so no process keeps it loaded; treat the host as rootkitted and look for the dropper.",
			AdviceZh:      "清空 /etc/ld.so.preload 并隔离该库，随后重启服务或主机使其不再被加载；按已植入 Rootkit 处理并追查投放程序。",
			Attack:        []string{"T1574.006", "T1014"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/ld.so.preload"},
			Run: func(c *Context) error {
				const n = "etc/ld.so.preload"
				text, err := persistenceText(c, n)
				if err != nil {
					return nil
				}
				for _, l := range persistenceLines(text, false) {
					t := l.Text
					if i := strings.IndexByte(t, '#'); i >= 0 {
						t = t[:i]
					}
					for _, lib := range strings.FieldsFunc(t, func(r rune) bool { return r == ' ' || r == '\t' || r == ':' }) {
						sev, en, zh := persistencePreloadJudge(c, lib, finding.High)
						persistenceReport(c, sev, "Preloaded: "+en+".", "预加载："+zh+"。", persistenceEv(n, l.N, l.Text))
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.ld_so_conf_dir", Family: "persistence",
			Title:         "Library search path includes a temporary or hidden directory, or shadows system libraries",
			TitleZh:       "动态库搜索路径包含临时或隐藏目录，或存在仿冒系统库",
			Description:   "/etc/ld.so.conf or a file in /etc/ld.so.conf.d adds a temporary or hidden directory to the library search path, or a directory of the search path holds a library with the name of a package's system library (libc.so.6, libpam.so.0...) that no package owns: programs then load the intruder's copy first. An unowned directory added by an unowned file is an observation.",
			DescriptionZh: "/etc/ld.so.conf 或 /etc/ld.so.conf.d 中的文件将临时或隐藏目录加入动态库搜索路径，或搜索路径中的某目录存放了与软件包系统库同名（libc.so.6、libpam.so.0 等）却不属于任何软件包的库，程序将优先加载入侵者的副本。由非软件包文件加入的非软件包目录作为参考信息。",
			Verify:        "ldconfig -p | grep NAME shows which copy wins; compare the library with the package's (hash, symbols) and check its times.",
			VerifyZh:      "用 ldconfig -p | grep 库名 查看实际生效的副本；与软件包中的库比对哈希与符号，并核对时间。",
			Advice:        "Remove the configuration line and the rogue library, run ldconfig, and restart the services that loaded it.",
			AdviceZh:      "删除该配置行与仿冒库，执行 ldconfig，并重启加载过该库的服务。",
			Attack:        []string{"T1574.006"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/ld.so.conf", "/etc/ld.so.conf.d/*.conf"},
			Run: func(c *Context) error {
				sysDirs := []string{"lib", "usr/lib", "lib64", "usr/lib64"}
				sysDirs = append(sysDirs, c.Glob("usr/lib/*-linux-gnu*")...)
				sysReal := map[string]bool{}
				for _, d := range sysDirs {
					if r, err := c.Resolve(d); err == nil {
						sysReal[r] = true
					}
				}
				seenDir := map[string]bool{}
				for _, n := range persistenceFiles(c, "etc/ld.so.conf", "etc/ld.so.conf.d/*.conf") {
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					_, fo := c.Owned(n)
					for _, l := range persistenceLines(text, false) {
						t := strings.TrimSpace(l.Text)
						if i := strings.IndexByte(t, '#'); i >= 0 {
							t = strings.TrimSpace(t[:i])
						}
						f := strings.Fields(t)
						if len(f) == 0 || f[0] == "include" || f[0] == "hwcap" || !strings.HasPrefix(f[0], "/") {
							continue
						}
						dir := path.Clean(f[0])
						ev := persistenceEv(n, l.N, l.Text)
						if InTempDir(dir+"/") || HiddenPath(dir) {
							persistenceReport(c, finding.High, "Adds "+dir+", a temporary or hidden directory, to the library search path.", "将临时或隐藏目录 "+dir+" 加入动态库搜索路径。", ev)
							continue
						}
						name := strings.TrimPrefix(dir, "/")
						real, err := c.Resolve(name)
						if err != nil || seenDir[real] || sysReal[real] {
							continue
						}
						seenDir[real] = true
						ents, _ := c.Src().ReadDir(name)
						shadowed := 0
						for i, e := range ents {
							if i > 4096 || shadowed >= 5 {
								break
							}
							if !persistenceSoNameRe.MatchString(e.Name()) {
								continue
							}
							lib := name + "/" + e.Name()
							if _, o := c.Owned(lib); o != Unowned {
								continue
							}
							for _, sd := range sysDirs {
								if _, o := c.Owned(sd + "/" + e.Name()); o == Pristine || o == Modified || o == Edited {
									shadowed++
									persistenceReport(c, finding.High, "/"+lib+", which no package owns, has the name of the system library /"+sd+"/"+e.Name()+" and is searched first.",
										"/"+lib+" 不属于任何软件包，却与系统库 /"+sd+"/"+e.Name()+" 同名并被优先搜索。", ev, finding.Evidence{Path: "/" + lib})
									break
								}
							}
						}
						if fo == Unowned {
							if _, do := c.Owned(name); do == Unowned {
								persistenceReport(c, finding.Low, "Adds "+dir+", a directory no package owns, to the library search path.", "将不属于任何软件包的目录 "+dir+" 加入动态库搜索路径。", ev)
							}
						}
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.modprobe_install", Family: "persistence",
			Title:         "modprobe.d install/remove command runs a program",
			TitleZh:       "modprobe.d 的 install/remove 指令运行程序",
			Description:   "A modprobe configuration (/etc/modprobe.d, /lib/modprobe.d...) that no package ships unchanged has an install or remove command that runs a program instead of, or besides, loading the module; it runs as root whenever the module is requested, which can be triggered at will (e.g. by opening a socket of a rare protocol). Blacklisting with /bin/true or /bin/false is not reported.",
			DescriptionZh: "某个非软件包原样提供的 modprobe 配置（/etc/modprobe.d、/lib/modprobe.d 等）中的 install 或 remove 指令在加载模块之外或代替加载运行程序；每当请求该模块时即以 root 身份执行，可被随时触发（如打开某种冷门协议的 socket）。使用 /bin/true 或 /bin/false 禁用模块的写法不报告。",
			Verify:        "Read the line and the program it runs; modprobe -n -v MODULE shows what would run.",
			VerifyZh:      "查看该行及其运行的程序；modprobe -n -v 模块名 可显示将执行的内容。",
			Advice:        "Remove the line and the program after preserving them.",
			AdviceZh:      "保全后删除该行及其运行的程序。",
			Attack:        []string{"T1547.006", "T1546"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/modprobe.d/*.conf", "/lib/modprobe.d/*.conf", "/run/modprobe.d/*.conf", "/etc/modprobe.conf"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, n := range persistenceFiles(c, "etc/modprobe.d/*.conf", "lib/modprobe.d/*.conf", "usr/lib/modprobe.d/*.conf", "run/modprobe.d/*.conf", "usr/local/lib/modprobe.d/*.conf", "etc/modprobe.conf") {
					if persistenceSkipOwned(c, n) {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					for _, l := range persistenceLines(text, true) {
						f, rest := persistenceCutFields(strings.TrimSpace(l.Text), 2)
						if len(f) < 2 || (f[0] != "install" && f[0] != "remove") || rest == "" {
							continue
						}
						v := j.Judge(rest)
						for _, e := range persistenceExecs(rest, 0) {
							switch path.Base(e.Word) {
							case "true", "false", "modprobe", "echo", "logger", "printf", "rmmod", "insmod", "$MODPROBE":
								continue
							}
							v.add(finding.Medium, persistenceKindOwner, "runs "+e.Word+" when the module "+f[1]+" is requested", "请求模块 "+f[1]+" 时运行 "+e.Word, e.Word)
						}
						for i, is := range v.Issues {
							if is.Sev == finding.Low && is.Kind == persistenceKindOwner {
								v.Issues[i].Sev = finding.High // an unowned program run as root on demand
							}
						}
						persistenceReportVerdict(c, v, persistenceKindAll, finding.Medium, f[0]+" "+f[1], f[0]+" "+f[1], persistenceEv(n, l.N, l.Text))
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.modules_load_unknown", Family: "persistence",
			Title:         "Module loaded at boot that no installed kernel ships",
			TitleZh:       "开机加载的内核模块不在已安装内核的模块树中",
			Description:   "/etc/modules or a modules-load.d file loads a module at boot whose name is in no installed kernel's module tree (modules.dep, modules.builtin), or names a file in a temporary or hidden place. Kernel rootkits (Diamorphine, Reptile) are loaded at boot this way.",
			DescriptionZh: "/etc/modules 或 modules-load.d 中的文件在开机时加载的模块不在任何已安装内核的模块树（modules.dep、modules.builtin）中，或指向临时、隐藏目录中的文件。内核 Rootkit（Diamorphine、Reptile）常以此方式开机加载。",
			Verify:        "modinfo NAME; find / -name 'NAME.ko*'; compare /proc/modules with /sys/module; check the file's times.",
			VerifyZh:      "执行 modinfo 模块名、find / -name '模块名.ko*'；比对 /proc/modules 与 /sys/module；核对配置文件时间。",
			Advice:        "Remove the line, find and quarantine the module file; if it is loaded, plan a reboot from trusted media since a kernel rootkit cannot be trusted to unload.",
			AdviceZh:      "删除该行，查找并隔离模块文件；若已加载，应规划从可信介质重启，内核 Rootkit 无法可靠卸载。",
			Attack:        []string{"T1547.006", "T1014"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/modules", "/etc/modules-load.d/*.conf", "/usr/lib/modules-load.d/*.conf", "/lib/modules/*/modules.dep"},
			Run: func(c *Context) error {
				known := map[string]bool{}
				for _, kd := range c.Glob("lib/modules/*") {
					for _, f := range []string{"modules.dep", "modules.builtin"} {
						text, err := persistenceText(c, kd+"/"+f)
						if err != nil {
							continue
						}
						for _, l := range strings.Split(text, "\n") {
							p, _, _ := strings.Cut(l, ":")
							b := path.Base(strings.TrimSpace(p))
							if i := strings.Index(b, ".ko"); i > 0 {
								known[strings.ReplaceAll(b[:i], "-", "_")] = true
							}
						}
					}
				}
				for _, n := range persistenceFiles(c, "etc/modules", "etc/modules-load.d/*.conf", "usr/lib/modules-load.d/*.conf", "lib/modules-load.d/*.conf", "run/modules-load.d/*.conf", "usr/local/lib/modules-load.d/*.conf") {
					if persistenceSkipOwned(c, n) {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					for _, l := range persistenceLines(text, false) {
						f := strings.Fields(l.Text)
						if len(f) == 0 || strings.HasPrefix(f[0], "#") || strings.HasPrefix(f[0], ";") {
							continue
						}
						mod := f[0]
						ev := persistenceEv(n, l.N, l.Text)
						switch {
						case strings.Contains(mod, "/"):
							sev := finding.Medium
							if InTempDir(mod) || HiddenPath(mod) {
								sev = finding.High
							}
							persistenceReport(c, sev, "Names a module file by path ("+mod+") instead of a module of the kernel tree.", "以路径（"+mod+"）指定模块文件，而非内核模块树中的模块。", ev)
						case len(known) > 0 && !known[strings.ReplaceAll(mod, "-", "_")]:
							persistenceReport(c, finding.Medium, "Module "+mod+" is in no installed kernel's module tree.", "模块 "+mod+" 不在任何已安装内核的模块树中。", ev)
						}
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.udev_rule_run", Family: "persistence",
			Title:         "udev rule runs an untrusted program on device events",
			TitleZh:       "udev 规则在设备事件时运行不可信程序",
			Description:   "A udev rule that no package ships unchanged runs a program (RUN+=, PROGRAM=, IMPORT{program}=) from a temporary or hidden place, no package owns, or that downloads or decodes code. udev runs it as root on every matching device event, at boot and later (a network interface or a random device is enough to trigger it).",
			DescriptionZh: "某个非软件包原样提供的 udev 规则通过 RUN+=、PROGRAM=、IMPORT{program}= 运行位于临时或隐藏目录、不属于任何软件包，或会下载、解码执行的程序。udev 在每次匹配的设备事件（开机及之后，网卡或 random 设备即可触发）时以 root 身份执行。",
			Verify:        "Read the rule and the program; udevadm test on a matching device shows what runs.",
			VerifyZh:      "查看规则及其程序；对匹配设备执行 udevadm test 可显示将运行的内容。",
			Advice:        "Remove the rule (udevadm control --reload) and the program after preserving them.",
			AdviceZh:      "保全后删除该规则（udevadm control --reload）及其程序。",
			Attack:        []string{"T1546"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/udev/rules.d/*.rules", "/lib/udev/rules.d/*.rules", "/run/udev/rules.d/*.rules"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, n := range persistenceFiles(c, "etc/udev/rules.d/*.rules", "lib/udev/rules.d/*.rules", "usr/lib/udev/rules.d/*.rules", "run/udev/rules.d/*.rules", "usr/local/lib/udev/rules.d/*.rules") {
					if persistenceSkipOwned(c, n) {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					for _, l := range persistenceLines(text, true) {
						if strings.HasPrefix(strings.TrimSpace(l.Text), "#") {
							continue
						}
						for _, m := range persistenceUdevRunRe.FindAllStringSubmatch(l.Text, -1) {
							cmd := m[3]
							if f := strings.Fields(cmd); len(f) > 0 && !strings.Contains(f[0], "/") {
								for _, d := range []string{"lib/udev/", "usr/lib/udev/"} {
									if persistenceRegular(c, d+f[0]) {
										cmd = "/" + d + cmd
										break
									}
								}
							}
							v := j.Judge(cmd)
							for i, is := range v.Issues {
								if is.Sev == finding.Low && is.Kind == persistenceKindOwner {
									v.Issues[i].Sev = finding.Medium
								}
							}
							persistenceReportVerdict(c, v, persistenceKindAll, finding.Medium, "udev "+m[1], "udev "+m[1], persistenceEv(n, l.N, l.Text))
						}
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.motd_script", Family: "persistence",
			Title:         "update-motd.d script not shipped by a package or changed",
			TitleZh:       "update-motd.d 中非软件包或被篡改的脚本",
			Description:   "A script in /etc/update-motd.d is not shipped by a package, differs from the package, or runs untrusted code. pam_motd runs these as root at every SSH or console login, which makes them a root backdoor triggered by any login.",
			DescriptionZh: "/etc/update-motd.d 中的脚本不属于任何软件包、与软件包不一致，或运行不可信代码。pam_motd 会在每次 SSH 或控制台登录时以 root 身份执行这些脚本，任何登录都能触发，构成 root 后门。",
			Verify:        "Read the script, check its times, compare a package script with the package's copy.",
			VerifyZh:      "阅读脚本、核对时间，软件包脚本与原始文件比对。",
			Advice:        "Remove or restore the script after preserving it; remove what it dropped.",
			AdviceZh:      "保全后删除或恢复该脚本，并清除其投放的内容。",
			Attack:        []string{"T1546", "T1037"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/update-motd.d/*"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, n := range persistenceFiles(c, "etc/update-motd.d/*") {
					persistenceScriptHook(c, j, n, "motd script", "motd 脚本")
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.python_pth", Family: "persistence",
			Title:         "Python .pth file runs code at interpreter start",
			TitleZh:       "Python .pth 文件在解释器启动时执行代码",
			Description:   "A .pth file in a site-packages or dist-packages directory that no package ships has an import line that runs code (exec, eval, base64, subprocess, os.system, sockets, URL fetching). Python executes such lines every time any Python program starts, including system tools run by root. A .pth that only adds paths is not reported.",
			DescriptionZh: "site-packages 或 dist-packages 目录中不属于软件包的 .pth 文件包含会执行代码的 import 行（exec、eval、base64、subprocess、os.system、socket、URL 下载）。任何 Python 程序（包括 root 运行的系统工具）启动时都会执行这些行。仅添加路径的 .pth 不报告。",
			Verify:        "Read the line; python3 -c 'import site; print(site.getsitepackages())' lists the directories; check the file's times.",
			VerifyZh:      "查看该行；python3 -c 'import site; print(site.getsitepackages())' 可列出目录；核对文件时间。",
			Advice:        "Remove the .pth file and what it loads after preserving them; check pip's installation records for the package that brought it.",
			AdviceZh:      "保全后删除该 .pth 文件及其加载的内容；通过 pip 安装记录排查引入它的包。",
			Attack:        []string{"T1546", "T1059.006"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/usr/lib/python3/dist-packages/*.pth", "/usr/local/lib/python3*/dist-packages/*.pth", "~/.local/lib/python*/site-packages/*.pth"},
			Run: func(c *Context) error {
				pats := []string{"usr/lib/python3/dist-packages/*.pth", "usr/lib/python*/site-packages/*.pth", "usr/lib/python*/dist-packages/*.pth",
					"usr/local/lib/python*/dist-packages/*.pth", "usr/local/lib/python*/site-packages/*.pth", "usr/lib64/python*/site-packages/*.pth",
					"usr/local/lib64/python*/site-packages/*.pth"}
				for _, h := range c.Homes() {
					pats = append(pats, h.Dir+"/.local/lib/python*/site-packages/*.pth")
				}
				for _, n := range persistenceFiles(c, pats...) {
					if persistenceSkipOwned(c, n) {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					for _, l := range persistenceLines(text, false) {
						t := strings.TrimLeft(l.Text, " \t")
						if !strings.HasPrefix(t, "import ") && !strings.HasPrefix(t, "import\t") {
							continue
						}
						var why []string
						sev := finding.High
						if m := persistencePthDangerRe.FindString(t); m != "" {
							why = append(why, m)
						}
						for _, r := range StrongReasons(t) {
							why = append(why, r.En)
						}
						if len(why) == 0 {
							// exec or eval of readable code: review it.
							m := persistencePthEvalRe.FindString(t)
							if m == "" {
								continue
							}
							why, sev = append(why, m), finding.Medium
						}
						persistenceReport(c, sev, "An import line runs code at every Python start ("+strings.Join(why, ", ")+").",
							"import 行会在每次 Python 启动时执行代码（"+strings.Join(why, "，")+"）。", persistenceEv(n, l.N, l.Text))
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.sshd_authorized_keys_file", Family: "persistence",
			Title:         "sshd reads authorized keys from an unusual place",
			TitleZh:       "sshd 从异常位置读取授权公钥",
			Description:   "sshd_config sets AuthorizedKeysFile to a file shared by every account (no %u or %h), to a temporary or hidden place, or to a file outside ~/.ssh. A key placed there logs in as any user and escapes the review of ~/.ssh/authorized_keys.",
			DescriptionZh: "sshd_config 将 AuthorizedKeysFile 设置为所有账户共用的文件（无 %u 或 %h）、临时或隐藏位置，或 ~/.ssh 以外的文件。放在其中的公钥可以任意用户身份登录，且能逃过对 ~/.ssh/authorized_keys 的审查。",
			Verify:        "sshd -T | grep authorizedkeysfile shows the effective value; read the file it names.",
			VerifyZh:      "执行 sshd -T | grep authorizedkeysfile 查看实际生效值，并查看其指向的文件。",
			Advice:        "Restore AuthorizedKeysFile .ssh/authorized_keys, reload sshd, and review the keys of the odd file.",
			AdviceZh:      "恢复为 AuthorizedKeysFile .ssh/authorized_keys 并重载 sshd，审查异常文件中的公钥。",
			Attack:        []string{"T1098.004", "T1556"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/*.conf"},
			Run: func(c *Context) error {
				for _, d := range persistenceSSHDConfig(c) {
					if d.Key != "authorizedkeysfile" {
						continue
					}
					for _, tok := range strings.Fields(d.Value) {
						tok = strings.Trim(tok, `"`)
						if strings.EqualFold(tok, "none") {
							continue
						}
						rel := strings.TrimPrefix(strings.TrimPrefix(tok, "%h/"), "~/")
						perUser := strings.Contains(tok, "%u") || strings.Contains(tok, "%U") || strings.HasPrefix(tok, "%h") || !strings.HasPrefix(tok, "/")
						var sev finding.Severity
						var en, zh string
						hiddenBeyondSSH := HiddenPath(strings.ReplaceAll(strings.ReplaceAll(rel, "/.ssh/", "/"), ".ssh/", ""))
						switch {
						case InTempDir(tok) || strings.HasPrefix(tok, "/") && hiddenBeyondSSH:
							sev, en, zh = finding.High, "a temporary or hidden place", "临时或隐藏位置"
						case !perUser:
							sev, en, zh = finding.High, "one file shared by every account", "所有账户共用的同一个文件"
						case !strings.HasPrefix(tok, "/") && (!strings.HasPrefix(rel, ".ssh/") || hiddenBeyondSSH):
							sev, en, zh = finding.Medium, "a file outside ~/.ssh", "~/.ssh 以外的文件"
						default:
							continue
						}
						ev := []finding.Evidence{persistenceEv(d.File, d.Line, d.Text)}
						if strings.HasPrefix(tok, "/") && !strings.ContainsAny(tok, "%") && c.Exists(strings.TrimPrefix(tok, "/")) {
							ev = append(ev, finding.Evidence{Path: tok})
						}
						persistenceReport(c, sev, "AuthorizedKeysFile "+tok+" is "+en+".", "AuthorizedKeysFile "+tok+" 为"+zh+"。", ev...)
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.sshd_authorized_keys_command", Family: "persistence",
			Title:         "sshd asks a program for authorized keys",
			TitleZh:       "sshd 通过程序获取授权公钥",
			Description:   "sshd_config sets AuthorizedKeysCommand (or AuthorizedPrincipalsCommand): a program decides which keys may log in. Identity services (SSSD, cloud agents) use it legitimately; a program that no package owns or in a temporary or hidden place is a login backdoor.",
			DescriptionZh: "sshd_config 设置了 AuthorizedKeysCommand（或 AuthorizedPrincipalsCommand），由程序决定哪些公钥可以登录。身份服务（SSSD、云厂商代理）会合法使用；若程序不属于任何软件包或位于临时、隐藏目录，则为登录后门。",
			Verify:        "Identify the program and its package; run it by hand for a user from a trusted environment and read what it returns.",
			VerifyZh:      "确认程序及其所属软件包；在可信环境中以某用户手动运行并查看其返回内容。",
			Advice:        "Remove the setting unless an identity service needs it, reload sshd, and quarantine the program.",
			AdviceZh:      "除非身份服务需要，删除该设置并重载 sshd，隔离该程序。",
			Attack:        []string{"T1556", "T1098.004"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/*.conf"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, d := range persistenceSSHDConfig(c) {
					if d.Key != "authorizedkeyscommand" && d.Key != "authorizedprincipalscommand" {
						continue
					}
					f := strings.Fields(d.Value)
					if len(f) == 0 || strings.EqualFold(f[0], "none") {
						continue
					}
					v := j.JudgeProgram(strings.Trim(f[0], `"`))
					v.merge(j.Judge(d.Value), persistenceKindText)
					sev := v.Max(persistenceKindAll)
					en, zh := v.Text(persistenceKindAll, finding.Low)
					switch sev {
					case finding.Info:
						sev, en, zh = finding.Low, "the program is shipped by a package", "该程序由软件包提供"
					case finding.Low:
						sev = finding.Medium
					}
					persistenceReport(c, sev, d.Key+" "+f[0]+": "+en+".", d.Key+" "+f[0]+"："+zh+"。", persistenceEv(d.File, d.Line, d.Text))
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.sshd_force_command", Family: "persistence",
			Title:         "sshd ForceCommand runs a program at every login",
			TitleZh:       "sshd ForceCommand 在每次登录时运行程序",
			Description:   "sshd_config sets ForceCommand (globally or in a Match block) to something other than internal-sftp: the program runs at every matching login, with the user's rights, and sees the command requested. It can log or wrap sessions legitimately, or capture them.",
			DescriptionZh: "sshd_config（全局或 Match 块中）将 ForceCommand 设置为 internal-sftp 以外的内容：每次匹配的登录都会以该用户权限运行该程序，并能获取用户请求的命令，既可能是合法的会话审计或封装，也可能用于窃取会话。",
			Verify:        "Identify who set it and read the program.",
			VerifyZh:      "确认设置者并查看该程序内容。",
			Advice:        "Remove it unless a known tool needs it, and reload sshd.",
			AdviceZh:      "除非已知工具需要，删除该设置并重载 sshd。",
			Attack:        []string{"T1556", "T1546"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/*.conf"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, d := range persistenceSSHDConfig(c) {
					if d.Key != "forcecommand" {
						continue
					}
					f := strings.Fields(d.Value)
					if len(f) == 0 || f[0] == "internal-sftp" || strings.EqualFold(f[0], "none") {
						continue
					}
					v := j.Judge(d.Value)
					sev := max(v.Max(persistenceKindAll), finding.Medium)
					en, zh := v.Text(persistenceKindAll, finding.Low)
					if en == "" {
						en, zh = "review the program", "请审查该程序"
					}
					ev := []finding.Evidence{persistenceEv(d.File, d.Line, d.Text)}
					if d.Match != "" {
						ev = append(ev, persistenceEv(d.MatchFile, d.MatchLine, d.Match))
					}
					persistenceReport(c, sev, "ForceCommand "+Excerpt(d.Value, 80)+": "+en+".", "ForceCommand "+Excerpt(d.Value, 80)+"："+zh+"。", ev...)
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.sshd_user_environment", Family: "persistence",
			Title:         "sshd lets users set their environment (PermitUserEnvironment, SetEnv LD_PRELOAD)",
			TitleZh:       "sshd 允许用户设置环境变量（PermitUserEnvironment、SetEnv LD_PRELOAD）",
			Description:   "sshd_config sets PermitUserEnvironment to yes (or a pattern), so ~/.ssh/environment and environment= key options can set LD_PRELOAD and similar variables for the login, or SetEnv passes LD_PRELOAD itself. A ~/.ssh/environment that sets LD_PRELOAD is high.",
			DescriptionZh: "sshd_config 将 PermitUserEnvironment 设置为 yes（或某模式），~/.ssh/environment 及公钥的 environment= 选项即可为登录设置 LD_PRELOAD 等变量；或 SetEnv 直接传入 LD_PRELOAD。~/.ssh/environment 中设置 LD_PRELOAD 为高危。",
			Verify:        "sshd -T | grep -i -e permituserenvironment -e setenv; read every ~/.ssh/environment.",
			VerifyZh:      "执行 sshd -T | grep -i -e permituserenvironment -e setenv，并查看每个 ~/.ssh/environment。",
			Advice:        "Set PermitUserEnvironment no, remove SetEnv LD_*, reload sshd; remove the environment files.",
			AdviceZh:      "设置 PermitUserEnvironment no，删除 SetEnv LD_* 并重载 sshd；删除相关 environment 文件。",
			Attack:        []string{"T1546", "T1574.006"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/*.conf", "~/.ssh/environment"},
			Run: func(c *Context) error {
				permit := false
				for _, d := range persistenceSSHDConfig(c) {
					switch d.Key {
					case "permituserenvironment":
						if !strings.EqualFold(strings.TrimSpace(d.Value), "no") {
							permit = true
							persistenceReport(c, finding.Medium, "PermitUserEnvironment "+d.Value+".", "PermitUserEnvironment 设置为 "+d.Value+"。", persistenceEv(d.File, d.Line, d.Text))
						}
					case "setenv":
						if strings.Contains(d.Value, "LD_PRELOAD") || strings.Contains(d.Value, "LD_AUDIT") {
							persistenceReport(c, finding.High, "SetEnv passes a loader variable to every session.", "SetEnv 向每个会话传入动态加载器变量。", persistenceEv(d.File, d.Line, d.Text))
						}
					}
				}
				if !permit {
					return nil
				}
				for _, h := range c.Homes() {
					n := h.Dir + "/.ssh/environment"
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					for _, l := range persistenceLines(text, false) {
						if k, v, ok := strings.Cut(strings.TrimSpace(l.Text), "="); ok && (k == "LD_PRELOAD" || k == "LD_AUDIT") {
							sev, en, zh := persistencePreloadJudge(c, v, finding.High)
							persistenceReport(c, max(sev, finding.High), k+" set for ssh logins: "+en+".", "为 SSH 登录设置 "+k+"："+zh+"。", persistenceEv(n, l.N, l.Text))
						}
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.sshd_match_user", Family: "persistence",
			Title:         "sshd Match block loosens authentication for one user or address",
			TitleZh:       "sshd Match 块为特定用户或地址放宽认证",
			Description:   "A Match User or Match Address block of sshd_config turns on root login with a password, password or empty-password authentication, another authorized keys file or command, or user environments, for one user or address only: a targeted backdoor that a glance at the global settings misses.",
			DescriptionZh: "sshd_config 的 Match User 或 Match Address 块仅为某个用户或地址开启了 root 密码登录、密码或空密码认证、其他授权公钥文件或命令、用户环境变量：一种针对性后门，只看全局设置时容易遗漏。",
			Verify:        "sshd -T -C user=NAME,addr=IP,host=x shows the effective settings for that connection.",
			VerifyZh:      "执行 sshd -T -C user=用户名,addr=IP,host=x 查看该连接实际生效的设置。",
			Advice:        "Remove the block unless it is documented, reload sshd, and review logins that matched it.",
			AdviceZh:      "除非有记录说明，删除该块并重载 sshd，审查匹配该块的登录记录。",
			Attack:        []string{"T1556", "T1098"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/ssh/sshd_config", "/etc/ssh/sshd_config.d/*.conf"},
			Run: func(c *Context) error {
				type block struct {
					ev  []finding.Evidence
					why []string
				}
				blocks := map[string]*block{}
				var order []string
				for _, d := range persistenceSSHDConfig(c) {
					m := strings.ToLower(d.Match)
					if m == "" || !strings.Contains(m, "user") && !strings.Contains(m, "address") {
						continue
					}
					val := strings.ToLower(strings.TrimSpace(d.Value))
					loosen := false
					switch d.Key {
					case "permitrootlogin":
						loosen = val == "yes"
					case "passwordauthentication", "permitemptypasswords", "kbdinteractiveauthentication", "challengeresponseauthentication":
						loosen = val == "yes"
					case "authorizedkeysfile", "authorizedkeyscommand", "authorizedprincipalsfile":
						loosen = val != "none"
					case "permituserenvironment":
						loosen = val != "no"
					case "authenticationmethods":
						loosen = val == "none" || val == "any"
					}
					if !loosen {
						continue
					}
					key := d.MatchFile + ":" + fmt.Sprint(d.MatchLine)
					b := blocks[key]
					if b == nil {
						b = &block{ev: []finding.Evidence{persistenceEv(d.MatchFile, d.MatchLine, d.Match)}}
						blocks[key] = b
						order = append(order, key)
					}
					b.ev = append(b.ev, persistenceEv(d.File, d.Line, d.Text))
					b.why = append(b.why, d.Text)
				}
				for _, k := range order {
					b := blocks[k]
					persistenceReport(c, finding.Medium, "The block sets "+strings.Join(b.why, "; ")+".", "该块设置了 "+strings.Join(b.why, "；")+"。", b.ev...)
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.ssh_rc", Family: "persistence",
			Title:         "~/.ssh/rc or /etc/ssh/sshrc runs at every SSH login",
			TitleZh:       "~/.ssh/rc 或 /etc/ssh/sshrc 在每次 SSH 登录时执行",
			Description:   "sshd runs ~/.ssh/rc (or, if absent, /etc/ssh/sshrc) at every login of the user, before the shell or command. Almost nobody uses it, so it is a discreet login trigger; content that downloads or runs untrusted code is high.",
			DescriptionZh: "sshd 会在用户每次登录时、启动 Shell 或命令之前执行 ~/.ssh/rc（不存在时执行 /etc/ssh/sshrc）。几乎无人使用，因而是隐蔽的登录触发器；下载或运行不可信代码的内容为高危。",
			Verify:        "Read the file and its times; see what it started in the process list.",
			VerifyZh:      "查看文件内容与时间，在进程列表中排查其启动的程序。",
			Advice:        "Remove the file after preserving it; set PermitUserRC no in sshd_config if it is not needed.",
			AdviceZh:      "保全后删除该文件；如不需要，在 sshd_config 中设置 PermitUserRC no。",
			Attack:        []string{"T1546", "T1037"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/ssh/sshrc", "~/.ssh/rc"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				names := []string{"etc/ssh/sshrc"}
				for _, h := range c.Homes() {
					names = append(names, h.Dir+"/.ssh/rc")
				}
				for _, n := range persistenceFiles(c, names...) {
					if persistenceSkipOwned(c, n) {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					v := j.Judge(text)
					sev := max(v.Max(persistenceKindAll), finding.Medium)
					en, zh := v.Text(persistenceKindAll, finding.Medium)
					if en == "" {
						en, zh = "runs at every login; review it", "每次登录都会执行，请审查"
					}
					persistenceReport(c, sev, en+".", zh+"。", finding.Evidence{Path: "/" + n, Excerpt: Excerpt(text, 200)})
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.sshd_binary_modified", Family: "persistence",
			Title:         "sshd binary replaced",
			TitleZh:       "sshd 程序被替换",
			Description:   "The SSH server binary (/usr/sbin/sshd, sshd-session, sshd-auth) differs from the package that ships it, or no package owns it although a package database exists. A trojaned sshd logs passwords and accepts a magic password; it is one of the most common backdoors on Linux servers.",
			DescriptionZh: "SSH 服务端程序（/usr/sbin/sshd、sshd-session、sshd-auth）与提供它的软件包不一致，或存在软件包数据库却没有软件包拥有它。被植入木马的 sshd 会记录密码并接受万能密码，是 Linux 服务器上最常见的后门之一。",
			Verify:        "Compare the hash with the package (debsums -s openssh-server or rpm -V openssh-server from trusted media); look for strings of a password log path or a hard-coded password.",
			VerifyZh:      "使用可信介质上的 debsums -s openssh-server 或 rpm -V openssh-server 比对哈希；查找密码记录路径或硬编码密码等字符串。",
			Advice:        "Treat every password used over SSH as stolen; reinstall openssh-server from trusted media, restart sshd, and rotate credentials.",
			AdviceZh:      "视所有经 SSH 使用过的密码为已泄露；从可信介质重新安装 openssh-server、重启 sshd 并更换全部凭据。",
			Attack:        []string{"T1554", "T1556"},
			Category:      "NABACKIMPL",
			Severity:      finding.Critical,
			Reads:         []string{"/usr/sbin/sshd", "/usr/lib/openssh/sshd-session", "/var/lib/dpkg/info/openssh-server.md5sums"},
			Run: func(c *Context) error {
				if !c.Packages().Known() {
					return nil
				}
				for _, n := range []string{"usr/sbin/sshd", "usr/lib/openssh/sshd-session", "usr/lib/openssh/sshd-auth", "usr/libexec/openssh/sshd-session", "usr/libexec/openssh/sshd-auth"} {
					if !persistenceRegular(c, n) {
						continue
					}
					pkg, o := c.Owned(n)
					switch o {
					case Modified:
						persistenceReport(c, finding.Critical, "/"+n+" differs from package "+pkg+".", "/"+n+" 与软件包 "+pkg+" 不一致。", finding.Evidence{Path: "/" + n})
					case Unowned:
						persistenceReport(c, finding.High, "No package owns /"+n+".", "/"+n+" 不属于任何软件包。", finding.Evidence{Path: "/" + n})
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.inetd_service", Family: "persistence",
			Title:         "inetd/xinetd service runs a shell or an untrusted program",
			TitleZh:       "inetd/xinetd 服务运行 Shell 或不可信程序",
			Description:   "An inetd.conf line or an enabled xinetd service starts a shell (a bind shell on a network port: critical), a program no package owns, or one in a temporary or hidden place, for every connection.",
			DescriptionZh: "inetd.conf 中的条目或已启用的 xinetd 服务在每次连接时启动 Shell（网络端口上的绑定 Shell：严重）、不属于任何软件包的程序，或位于临时、隐藏目录的程序。",
			Verify:        "Read the line; find the listening port (ss -lntup) and connect from a safe place only if needed.",
			VerifyZh:      "查看该条目；通过 ss -lntup 查找对应监听端口。",
			Advice:        "Remove the service, restart (x)inetd, quarantine the program, and block the port.",
			AdviceZh:      "删除该服务并重启 (x)inetd，隔离该程序并封禁端口。",
			Attack:        []string{"T1543", "T1059.004"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/inetd.conf", "/etc/inetd.d/*", "/etc/xinetd.conf", "/etc/xinetd.d/*"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				judge := func(n string, line int, text, svc, server, args string) {
					prog := server
					if path.Base(prog) == "tcpd" {
						if f := strings.Fields(args); len(f) > 0 {
							prog = f[0]
						}
					}
					ev := persistenceEv(n, line, text)
					if persistenceShells[path.Base(prog)] || path.Base(prog) == "busybox" && strings.Contains(args, "sh") {
						persistenceReport(c, finding.Critical, "Service "+svc+" gives a shell ("+prog+") to whoever connects.", "服务 "+svc+" 向任何连接者提供 Shell（"+prog+"）。", ev)
						return
					}
					v := j.JudgeProgram(prog)
					v.merge(j.Judge(server+" "+args), persistenceKindText)
					for i, is := range v.Issues {
						if is.Sev == finding.Low && is.Kind == persistenceKindOwner {
							v.Issues[i].Sev = finding.High
						}
					}
					persistenceReportVerdict(c, v, persistenceKindAll, finding.Medium, "Service "+svc, "服务 "+svc, ev)
				}
				for _, n := range persistenceFiles(c, "etc/inetd.conf", "etc/inetd.d/*") {
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					for _, l := range persistenceLines(text, true) {
						t := strings.TrimSpace(l.Text)
						if t == "" || strings.HasPrefix(t, "#") {
							continue
						}
						f, rest := persistenceCutFields(t, 6)
						if len(f) < 6 || f[5] == "internal" {
							continue
						}
						args := rest
						if a := strings.Fields(rest); len(a) > 0 && path.Base(a[0]) == path.Base(f[5]) {
							args = strings.Join(a[1:], " ")
						}
						judge(n, l.N, t, f[0], f[5], args)
					}
				}
				for _, n := range persistenceFiles(c, "etc/xinetd.conf", "etc/xinetd.d/*") {
					if persistenceSkipOwned(c, n) {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					svc, server, args, disabled, sline, stext := "", "", "", false, 0, ""
					for _, l := range persistenceLines(text, false) {
						t := strings.TrimSpace(l.Text)
						switch {
						case strings.HasPrefix(t, "service "):
							svc, server, args, disabled = strings.TrimSpace(t[8:]), "", "", false
						case t == "}":
							if svc != "" && server != "" && !disabled {
								judge(n, sline, stext, svc, server, args)
							}
							svc = ""
						default:
							k, v, ok := strings.Cut(t, "=")
							if !ok {
								continue
							}
							k, v = strings.TrimSpace(strings.TrimSuffix(k, "+")), strings.TrimSpace(v)
							switch k {
							case "server":
								server, sline, stext = v, l.N, t
							case "server_args":
								args = v
							case "disable":
								disabled = v == "yes"
							}
						}
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.rogue_ca_cert", Family: "persistence",
			Title:         "CA certificate added to the system trust store",
			TitleZh:       "系统信任库中添加了 CA 证书",
			Description:   "A certificate in the local trust anchors (/usr/local/share/ca-certificates, /etc/pki/ca-trust/source/anchors) is not shipped by a package. Companies add their own CAs, but an intruder's CA lets them intercept TLS from this host (package downloads, API calls) without warnings.",
			DescriptionZh: "本地信任锚目录（/usr/local/share/ca-certificates、/etc/pki/ca-trust/source/anchors）中存在不属于软件包的证书。企业会添加自有 CA，但入侵者添加的 CA 可在不告警的情况下拦截本机的 TLS 通信（软件包下载、API 调用）。",
			Verify:        "openssl x509 -noout -subject -issuer -dates -in FILE; ask who added it and when (file times).",
			VerifyZh:      "执行 openssl x509 -noout -subject -issuer -dates -in 文件；向相关人员确认添加者与时间（文件时间）。",
			Advice:        "Remove certificates nobody recognises and run update-ca-certificates (or update-ca-trust).",
			AdviceZh:      "删除无人认领的证书并执行 update-ca-certificates（或 update-ca-trust）。",
			Attack:        []string{"T1553.004"},
			Category:      "NAHIJACK",
			Severity:      finding.Medium,
			Reads:         []string{"/usr/local/share/ca-certificates/*", "/etc/pki/ca-trust/source/anchors/*", "/etc/ca-certificates/trust-source/anchors/*", "/etc/pki/trust/anchors/*"},
			Run: func(c *Context) error {
				for _, n := range persistenceFiles(c, "usr/local/share/ca-certificates/*", "usr/local/share/ca-certificates/*/*", "etc/pki/ca-trust/source/anchors/*",
					"etc/ca-certificates/trust-source/anchors/*", "etc/pki/trust/anchors/*", "usr/share/pki/ca-trust-source/anchors/*") {
					if persistenceSkipOwned(c, n) || !persistenceRegular(c, n) {
						continue
					}
					b, err := c.ReadFile(n, 1<<20)
					if err != nil && len(b) == 0 {
						continue
					}
					subj := persistenceCertSubject(b)
					t := persistenceChanged(c, n)
					en, zh := "Trusted certificate "+subj, "受信任证书 "+subj
					if !t.IsZero() {
						en += ", file changed " + t.UTC().Format(time.RFC3339)
						zh += "，文件修改时间 " + t.UTC().Format(time.RFC3339)
					}
					if persistenceRecent(c, t, 30*24*time.Hour) {
						en, zh = en+" (within the last 30 days)", zh+"（最近 30 天内）"
					}
					tt := t
					h := Hit{Severity: finding.Medium, SeveritySet: true, Confidence: "medium", Detail: en + ".", DetailZh: zh + "。", Evidence: []finding.Evidence{{Path: "/" + n, Excerpt: subj}}}
					if !t.IsZero() {
						h.Time = &tt
					}
					c.Report(h)
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.k8s_static_pod", Family: "persistence",
			Title:         "Kubelet static pod that is privileged, shares host namespaces or mounts the host",
			TitleZh:       "kubelet 静态 Pod 具有特权、共享主机命名空间或挂载主机根目录",
			Description:   "A static pod manifest (/etc/kubernetes/manifests or the kubelet's staticPodPath) that the kubelet starts by itself, outside the API server's control, is privileged, uses the host's PID namespace, mounts the host's root, /root, /proc or a container runtime socket, runs code that downloads or mines, or pulls an image from Docker Hub or a registry given by IP address. The control plane's own pods do none of these.",
			DescriptionZh: "kubelet 自行启动、不受 API Server 管控的静态 Pod 清单（/etc/kubernetes/manifests 或 kubelet 的 staticPodPath）具有特权、共享主机 PID 命名空间、挂载主机根目录、/root、/proc 或容器运行时 socket、运行下载或挖矿代码，或从 Docker Hub、以 IP 地址指定的镜像仓库拉取镜像。控制平面自身的 Pod 不会如此配置。",
			Verify:        "crictl pods / crictl ps shows the pod; compare the manifest with the cluster's installation (kubeadm) and check the file's times.",
			VerifyZh:      "通过 crictl pods / crictl ps 查看该 Pod；将清单与集群安装（kubeadm）生成的内容比对，并核对文件时间。",
			Advice:        "Move the manifest out of the directory (the kubelet stops the pod), preserve it, and investigate access to the node.",
			AdviceZh:      "将清单移出该目录（kubelet 随即停止该 Pod）并保全，排查节点被访问的途径。",
			Attack:        []string{"T1610", "T1611"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/kubernetes/manifests/*", "/var/lib/kubelet/config.yaml"},
			Run: func(c *Context) error {
				dirs := []string{"etc/kubernetes/manifests"}
				if text, err := persistenceText(c, "var/lib/kubelet/config.yaml"); err == nil {
					for _, l := range strings.Split(text, "\n") {
						if v, ok := strings.CutPrefix(strings.TrimSpace(l), "staticPodPath:"); ok {
							if d := strings.Trim(strings.TrimSpace(v), `"'`); strings.HasPrefix(d, "/") {
								dirs = append(dirs, strings.TrimPrefix(path.Clean(d), "/"))
							}
						}
					}
				}
				var pats []string
				for _, d := range dirs {
					pats = append(pats, d+"/*")
				}
				for _, n := range persistenceFiles(c, pats...) {
					if strings.HasPrefix(path.Base(n), ".") {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					persistenceJudgeManifest(c, n, text)
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.apt_hook", Family: "persistence",
			Title:         "Package manager hook runs an untrusted command",
			TitleZh:       "软件包管理器钩子运行不可信命令",
			Description:   "An APT configuration that no package ships unchanged has a hook (APT::Update::Pre-Invoke, DPkg::Post-Invoke, DPkg::Pre-Install-Pkgs...) or a yum/dnf post-transaction action that runs a program no package owns, from a temporary or hidden place, or that downloads or decodes code. It runs as root at every apt update or package installation.",
			DescriptionZh: "某个非软件包原样提供的 APT 配置中的钩子（APT::Update::Pre-Invoke、DPkg::Post-Invoke、DPkg::Pre-Install-Pkgs 等）或 yum/dnf 的事务后动作运行了不属于任何软件包、位于临时或隐藏目录，或会下载、解码执行的命令。每次 apt update 或安装软件包时都会以 root 身份执行。",
			Verify:        "apt-config dump | grep -i invoke shows the effective hooks; read the program and the file's times.",
			VerifyZh:      "执行 apt-config dump | grep -i invoke 查看实际生效的钩子；检查其程序及文件时间。",
			Advice:        "Remove the hook file and the program after preserving them.",
			AdviceZh:      "保全后删除该钩子文件及其程序。",
			Attack:        []string{"T1546"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/apt/apt.conf.d/*", "/etc/apt/apt.conf", "/etc/yum/post-actions/*.action", "/etc/dnf/plugins/post-transaction-actions.d/*.action"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				judge := func(n string, line int, text, cmd string) {
					v := j.Judge(cmd)
					for i, is := range v.Issues {
						if is.Sev == finding.Low && is.Kind == persistenceKindOwner {
							v.Issues[i].Sev = finding.Medium
						}
					}
					persistenceReportVerdict(c, v, persistenceKindAll, finding.Medium, "Hook", "钩子", persistenceEv(n, line, text))
				}
				for _, n := range persistenceFiles(c, "etc/apt/apt.conf.d/*", "etc/apt/apt.conf") {
					if persistenceSkipOwned(c, n) {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					for _, loc := range persistenceAptHookRe.FindAllStringIndex(text, 256) {
						rest := text[loc[1]:]
						end := strings.IndexByte(rest, ';')
						if i := strings.IndexAny(rest, "{\""); i >= 0 && rest[i] == '{' && (end < 0 || i < end) {
							end = persistenceMatchBrace(rest, i)
						}
						if end < 0 {
							end = len(rest)
						}
						for _, q := range persistenceQuotedRe.FindAllStringSubmatchIndex(rest[:end], 64) {
							cmd := strings.ReplaceAll(rest[q[2]:q[3]], `\"`, `"`)
							line := strings.Count(text[:loc[1]+q[0]], "\n") + 1
							judge(n, line, text[loc[0]:loc[1]]+" "+rest[q[0]:q[1]], cmd)
						}
					}
				}
				for _, n := range persistenceFiles(c, "etc/yum/post-actions/*.action", "etc/dnf/plugins/post-transaction-actions.d/*.action") {
					if persistenceSkipOwned(c, n) {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					for _, l := range persistenceLines(text, false) {
						t := strings.TrimSpace(l.Text)
						if t == "" || strings.HasPrefix(t, "#") {
							continue
						}
						if f := strings.SplitN(t, ":", 3); len(f) == 3 {
							judge(n, l.N, t, f[2])
						}
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.network_hook_script", Family: "persistence",
			Title:         "Network hook script not shipped by a package or running untrusted code",
			TitleZh:       "非软件包或运行不可信代码的网络钩子脚本",
			Description:   "A NetworkManager dispatcher script, an ifupdown hook (/etc/network/if-up.d...), a ppp or dhclient hook, or an up/down command in /etc/network/interfaces is not shipped by a package, was changed, or runs untrusted code. They run as root whenever an interface changes state, including at every boot.",
			DescriptionZh: "NetworkManager dispatcher 脚本、ifupdown 钩子（/etc/network/if-up.d 等）、ppp 或 dhclient 钩子，或 /etc/network/interfaces 中的 up/down 命令不属于软件包、被修改或运行不可信代码。每当网卡状态变化（包括每次开机）时都会以 root 身份执行。",
			Verify:        "Read the script and its times; compare a package script with the package's copy.",
			VerifyZh:      "阅读脚本内容并核对时间；软件包脚本与原始文件比对。",
			Advice:        "Remove or restore the script after preserving it.",
			AdviceZh:      "保全后删除或恢复该脚本。",
			Attack:        []string{"T1546", "T1037"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/NetworkManager/dispatcher.d/*", "/etc/network/if-*.d/*", "/etc/network/interfaces", "/etc/ppp/ip-*.d/*", "/etc/dhcp/dhclient-*-hooks.d/*"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, n := range persistenceFiles(c, "etc/NetworkManager/dispatcher.d/*", "etc/NetworkManager/dispatcher.d/pre-up.d/*", "etc/NetworkManager/dispatcher.d/pre-down.d/*",
					"etc/NetworkManager/dispatcher.d/no-wait.d/*", "etc/network/if-up.d/*", "etc/network/if-pre-up.d/*", "etc/network/if-down.d/*", "etc/network/if-post-down.d/*",
					"etc/ppp/ip-up.d/*", "etc/ppp/ip-down.d/*", "etc/ppp/ip-up.local", "etc/dhcp/dhclient-exit-hooks.d/*", "etc/dhcp/dhclient-enter-hooks.d/*", "etc/sysconfig/network-scripts/ifup-local") {
					persistenceScriptHook(c, j, n, "Network hook", "网络钩子")
				}
				for _, n := range persistenceFiles(c, "etc/network/interfaces", "etc/network/interfaces.d/*") {
					if persistenceSkipOwned(c, n) {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					for _, l := range persistenceLines(text, true) {
						f, rest := persistenceCutFields(strings.TrimSpace(l.Text), 1)
						if len(f) == 0 || rest == "" {
							continue
						}
						switch f[0] {
						case "up", "pre-up", "post-up", "down", "pre-down", "post-down":
						default:
							continue
						}
						v := j.Judge(rest)
						for i, is := range v.Issues {
							if is.Sev == finding.Low && is.Kind == persistenceKindOwner {
								v.Issues[i].Sev = finding.Medium
							}
						}
						persistenceReportVerdict(c, v, persistenceKindAll, finding.Medium, "Interface "+f[0]+" command", "网卡 "+f[0]+" 命令", persistenceEv(n, l.N, l.Text))
					}
				}
				return nil
			},
		},
	)
}

// persistenceMatchBrace returns the index of the brace closing the one at
// open, or -1.
func persistenceMatchBrace(s string, open int) int {
	d := 0
	inQ := false
	for i := open; i < len(s); i++ {
		switch {
		case s[i] == '\\' && inQ:
			i++
		case s[i] == '"':
			inQ = !inQ
		case inQ:
		case s[i] == '{':
			d++
		case s[i] == '}':
			d--
			if d == 0 {
				return i
			}
		}
	}
	return -1
}

// persistenceCertSubject describes the first certificate of a PEM or DER
// file.
func persistenceCertSubject(b []byte) string {
	der := b
	if blk, _ := pem.Decode(b); blk != nil {
		der = blk.Bytes
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return "(not a parsable certificate)"
	}
	s := "subject " + cert.Subject.String() + ", issuer " + cert.Issuer.String() + ", valid " + cert.NotBefore.UTC().Format("2006-01-02") + " to " + cert.NotAfter.UTC().Format("2006-01-02")
	if cert.IsCA {
		s += ", CA"
	}
	return s
}

// persistenceJudgeManifest reports the dangerous settings of one static pod
// manifest (YAML or JSON, read line by line).
func persistenceJudgeManifest(c *Context, n, text string) {
	type hit struct {
		sev     finding.Severity
		en, zh  string
		line    int
		excerpt string
	}
	var hits []hit
	hostRe := regexp.MustCompile(`^\s*"?path"?\s*:\s*["']?(/|/root|/proc|/var/run/docker\.sock|/run/docker\.sock|/run/containerd/containerd\.sock|/var/run/containerd/containerd\.sock)["']?\s*,?\s*$`)
	for _, l := range persistenceLines(text, false) {
		t := strings.TrimSpace(l.Text)
		low := strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(t, `"`, ""), " ", ""))
		low = strings.TrimSuffix(low, ",")
		switch {
		case low == "privileged:true":
			hits = append(hits, hit{finding.High, "runs a privileged container", "运行特权容器", l.N, t})
		case low == "hostpid:true":
			hits = append(hits, hit{finding.High, "shares the host's PID namespace", "共享主机 PID 命名空间", l.N, t})
		case low == "hostipc:true":
			hits = append(hits, hit{finding.Medium, "shares the host's IPC namespace", "共享主机 IPC 命名空间", l.N, t})
		case hostRe.MatchString(t):
			hits = append(hits, hit{finding.High, "mounts a sensitive host path", "挂载主机敏感路径", l.N, t})
		case strings.HasPrefix(low, "image:") || strings.HasPrefix(low, "-image:"):
			img := strings.Trim(strings.TrimSpace(t[strings.Index(t, ":")+1:]), `"', `)
			host, _, hasSlash := strings.Cut(img, "/")
			if !hasSlash || !strings.ContainsAny(host, ".:") && host != "localhost" {
				hits = append(hits, hit{finding.Medium, "pulls image " + img + " from Docker Hub", "从 Docker Hub 拉取镜像 " + img, l.N, t})
			} else if h, _, _ := strings.Cut(host, ":"); net.ParseIP(h) != nil {
				hits = append(hits, hit{finding.Medium, "pulls image " + img + " from a registry given by IP address", "从以 IP 地址指定的仓库拉取镜像 " + img, l.N, t})
			}
		}
		for _, r := range StrongReasons(t) {
			hits = append(hits, hit{finding.High, r.En, r.Zh, l.N, t})
		}
	}
	if len(hits) == 0 {
		return
	}
	sev := finding.Info
	var en, zh []string
	var ev []finding.Evidence
	for _, h := range hits {
		sev = max(sev, h.sev)
		en, zh = append(en, h.en), append(zh, h.zh)
		ev = append(ev, persistenceEv(n, h.line, h.excerpt))
	}
	persistenceReport(c, sev, "Static pod "+path.Base(n)+": "+strings.Join(en, "; ")+".", "静态 Pod "+path.Base(n)+"："+strings.Join(zh, "；")+"。", ev...)
}
