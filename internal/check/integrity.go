package check

// Integrity checks: the target's programs and libraries compared with what
// its package database says they should be. A trojaned ps, ls, sshd or
// libc shows as a file whose MD5 differs from the dpkg md5sums; a dropped
// tool shows as a file in a system path that no package owns. The database
// itself is checked for signs of tampering, and targets whose database
// cannot be read (RPM) say so instead of staying silent.

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/targetfs"
)

func init() {
	Register(
		&Check{
			ID: "integrity.modified_binary", Family: "integrity",
			Title:         "System program differs from its package",
			TitleZh:       "系统程序与软件包原始文件不一致",
			Description:   "A program in /usr/bin, /usr/sbin, /bin or /sbin has an MD5 that differs from the checksum its package shipped (dpkg md5sums). Rootkits replace ps, ls, netstat, ss, top, lsof, find, login, sshd, sudo, su and similar tools so they hide the intruder or steal passwords.",
			DescriptionZh: "/usr/bin、/usr/sbin、/bin、/sbin 中的程序 MD5 与其软件包记录的校验和（dpkg md5sums）不一致。Rootkit 会替换 ps、ls、netstat、ss、top、lsof、find、login、sshd、sudo、su 等工具，以隐藏入侵痕迹或窃取口令。",
			Verify:        "From trusted media run debsums -c or dpkg --verify PACKAGE against the mounted disk; download the same package version (apt-get download) on a clean machine and compare the file; look at the file's ctime on the timeline.",
			VerifyZh:      "使用可信介质对挂载磁盘运行 debsums -c 或 dpkg --verify 软件包；在干净机器上下载相同版本的软件包（apt-get download）比对该文件；在时间线上分析文件的 ctime。",
			Advice:        "Do not trust any tool on the host. Quarantine the modified file, reinstall the package from a trusted mirror (apt-get install --reinstall PKG), and because the attacker had root, plan a rebuild and rotate credentials.",
			AdviceZh:      "不要信任主机上的任何工具。隔离被修改的文件，从可信源重新安装软件包（apt-get install --reinstall 软件包）；由于攻击者已获得 root 权限，应规划重装系统并轮换凭据。",
			Attack:        []string{"T1036.005", "T1014", "T1554"},
			Category:      "MPTH",
			Severity:      finding.High,
			Reads:         []string{"/usr/bin", "/usr/sbin", "/bin", "/sbin", "/var/lib/dpkg/info/*.md5sums"},
			Run:           integrityModifiedBinary,
		},
		&Check{
			ID: "integrity.modified_library", Family: "integrity",
			Title:         "System library or PAM module differs from its package",
			TitleZh:       "系统库文件或 PAM 模块与软件包原始文件不一致",
			Description:   "A shared library, PAM module, systemd or OpenSSH helper in the system library directories has an MD5 that differs from its package's checksum. A trojaned libc, libkeyutils (Ebury), libpam or pam_unix.so backdoors every login and hides the intruder from every program.",
			DescriptionZh: "系统库目录中的共享库、PAM 模块、systemd 或 OpenSSH 辅助程序 MD5 与软件包校验和不一致。被篡改的 libc、libkeyutils（Ebury）、libpam 或 pam_unix.so 会为所有登录留下后门并对所有程序隐藏入侵者。",
			Verify:        "From trusted media run debsums -c or dpkg --verify against the mounted disk; compare the file with the same package version downloaded on a clean machine; check /etc/ld.so.preload and the PAM configuration too.",
			VerifyZh:      "使用可信介质对挂载磁盘运行 debsums -c 或 dpkg --verify；与在干净机器上下载的同版本软件包文件比对；同时检查 /etc/ld.so.preload 与 PAM 配置。",
			Advice:        "Quarantine the library and reinstall its package from a trusted mirror; a modified libc, PAM or SSH library means every password typed on the host may be stolen: rotate them all and plan a rebuild.",
			AdviceZh:      "隔离该库文件并从可信源重新安装其软件包；libc、PAM 或 SSH 相关库被修改意味着在该主机上输入的所有口令都可能被窃取：全部轮换并规划重装系统。",
			Attack:        []string{"T1556.003", "T1554", "T1014"},
			Category:      "MPTH",
			Severity:      finding.High,
			Reads:         []string{"/usr/lib/*-linux-gnu", "/usr/lib64", "*/security/pam_*.so", "/usr/lib/systemd", "/usr/lib/openssh", "/var/lib/dpkg/info/*.md5sums"},
			Run:           integrityModifiedLibrary,
		},
		&Check{
			ID: "integrity.unowned_binary", Family: "integrity",
			Title:         "Program in a system binary directory that no package ships",
			TitleZh:       "系统程序目录中存在不属于任何软件包的程序",
			Description:   "A file in /usr/bin, /usr/sbin, /bin or /sbin is not listed by any installed package. Intruders drop backdoors, miners and renamed tools there; administrators sometimes install software by hand there too, so a recent file, a program with a hidden or kernel-thread-like name, or a script that downloads and runs code weighs more.",
			DescriptionZh: "/usr/bin、/usr/sbin、/bin、/sbin 中的文件不属于任何已安装软件包。入侵者会在此放置后门、挖矿程序或改名的工具；管理员有时也会手工安装软件到这里，因此近期创建、名称隐藏或仿冒内核线程、或会下载执行代码的脚本权重更高。",
			Verify:        "Ask the administrators whether they installed it; hash it and look it up; check its times against the timeline and whether a process, cron job or unit runs it.",
			VerifyZh:      "向管理员确认是否为其安装；计算哈希并查询情报；将文件时间与时间线比对，并检查是否有进程、定时任务或服务单元运行它。",
			Advice:        "If nobody installed it, quarantine it and remove what runs it; install local software under /usr/local or /opt, or as a package, so it can be told from intrusions.",
			AdviceZh:      "若无人安装，则隔离该文件并清除运行它的配置；本地软件应安装到 /usr/local 或 /opt，或打包安装，便于与入侵文件区分。",
			Attack:        []string{"T1036.005", "T1105"},
			Category:      "MPTH",
			Severity:      finding.Medium,
			Reads:         []string{"/usr/bin", "/usr/sbin", "/bin", "/sbin", "/var/lib/dpkg/info/*.list"},
			Run:           integrityUnownedBinary,
		},
		&Check{
			ID: "integrity.unowned_library", Family: "integrity",
			Title:         "Shared library in a system library directory that no package ships",
			TitleZh:       "系统库目录中存在不属于任何软件包的共享库",
			Description:   "An ELF shared object directly in /lib, /usr/lib, /usr/lib64 or the multiarch library directory is not listed by any package. Preload rootkits and SSH backdoors (Ebury's libkeyutils variants, Beurk's /lib/libselinux.so) install themselves there under library-like names.",
			DescriptionZh: "/lib、/usr/lib、/usr/lib64 或多架构库目录下直接存放的 ELF 共享对象不属于任何软件包。预加载 Rootkit 与 SSH 后门（Ebury 的 libkeyutils 变体、Beurk 的 /lib/libselinux.so）会以类似库文件的名称安装在此。",
			Verify:        "Hash the library and look it up; list its exported symbols (readelf --dyn-syms) on a trusted machine; check whether anything loads it (/etc/ld.so.preload, lsof on the live host, ldd of sshd).",
			VerifyZh:      "计算哈希并查询情报；在可信机器上查看其导出符号（readelf --dyn-syms）；检查是否有程序加载它（/etc/ld.so.preload、主机上的 lsof、sshd 的 ldd）。",
			Advice:        "Quarantine unexplained libraries after checking nothing legitimate needs them; install local libraries under /usr/local/lib.",
			AdviceZh:      "确认无合法程序依赖后隔离来历不明的库文件；本地库应安装到 /usr/local/lib。",
			Attack:        []string{"T1574.006", "T1554"},
			Category:      "MPTH",
			Severity:      finding.Medium,
			Reads:         []string{"/lib", "/usr/lib", "/usr/lib64", "/usr/lib/*-linux-gnu"},
			Run:           integrityUnownedLibrary,
		},
		&Check{
			ID: "integrity.unowned_pam_module", Family: "integrity",
			Title:         "PAM module that no package ships",
			TitleZh:       "存在不属于任何软件包的 PAM 模块",
			Description:   "A pam_*.so file in a PAM module directory (security/) is not listed by any package. Backdoor PAM modules accept a master password for every account or record the passwords users type.",
			DescriptionZh: "PAM 模块目录（security/）中的 pam_*.so 文件不属于任何软件包。后门 PAM 模块可用万能密码登录任意账户或记录用户输入的口令。",
			Verify:        "Check whether /etc/pam.d references the module; hash it; list its strings for hard-coded passwords or log paths; ask whether a vendor (2FA, LDAP agent) installed it.",
			VerifyZh:      "检查 /etc/pam.d 是否引用该模块；计算哈希；查看其字符串中是否有硬编码口令或记录口令的文件路径；确认是否为厂商（双因素认证、LDAP 代理）安装。",
			Advice:        "Remove the module from /etc/pam.d and quarantine it; rotate every password used on the host since it appeared.",
			AdviceZh:      "从 /etc/pam.d 中移除该模块并隔离文件；轮换该模块出现以来在主机上使用过的全部口令。",
			Attack:        []string{"T1556.003"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/usr/lib/*-linux-gnu/security", "/usr/lib64/security", "/lib/security"},
			Run:           integrityUnownedPAM,
		},
		&Check{
			ID: "integrity.unowned_kernel_module", Family: "integrity",
			Title:         "Kernel module in the kernel's own module tree that no package ships",
			TitleZh:       "内核自带模块目录中存在不属于任何软件包的模块",
			Description:   "A .ko file under /lib/modules/VERSION/kernel is not listed by the package that installed that kernel. Out-of-tree drivers go to updates/ or extra/; a module slipped in among the kernel's own is loaded as if it were a driver.",
			DescriptionZh: "/lib/modules/版本/kernel 下的 .ko 文件不属于安装该内核的软件包。树外驱动应位于 updates/ 或 extra/ 目录；混入内核自带模块中的文件会被当作正常驱动加载。",
			Verify:        "modinfo the file from trusted tools (author, description, vermagic, signature); hash it; check modules-load.d and modprobe.d for its name.",
			VerifyZh:      "使用可信工具 modinfo 查看其作者、描述、vermagic、签名；计算哈希；在 modules-load.d 与 modprobe.d 中搜索其名称。",
			Advice:        "Quarantine the module, remove configuration that loads it and run depmod; if it was loaded, rebuild the host.",
			AdviceZh:      "隔离该模块，清除加载它的配置并执行 depmod；若已被加载，应重装系统。",
			Attack:        []string{"T1547.006", "T1014"},
			Category:      "MPOT",
			Severity:      finding.High,
			Reads:         []string{"/lib/modules/*/kernel"},
			Run:           integrityUnownedKernelModule,
		},
		&Check{
			ID: "integrity.pkgdb_missing", Family: "integrity",
			Title:         "Package database missing or damaged",
			TitleZh:       "软件包数据库缺失或损坏",
			Description:   "dpkg is installed but its database (/var/lib/dpkg/status and info/) is missing, empty or unreadable. Without it no file can be verified; intruders delete or edit it to hide replaced binaries.",
			DescriptionZh: "系统安装了 dpkg，但其数据库（/var/lib/dpkg/status 与 info/）缺失、为空或无法读取。缺少数据库将无法校验任何文件；入侵者会删除或篡改它以掩盖被替换的程序。",
			Verify:        "Look at /var/lib/dpkg/status, status-old and /var/backups/dpkg.status.*; compare with the backup and with /var/log/dpkg.log.",
			VerifyZh:      "检查 /var/lib/dpkg/status、status-old 及 /var/backups/dpkg.status.*；与备份及 /var/log/dpkg.log 比对。",
			Advice:        "Restore the database from /var/backups/dpkg.status.* or status-old, then verify every package from trusted media (debsums); treat the host as untrustworthy until then.",
			AdviceZh:      "从 /var/backups/dpkg.status.* 或 status-old 恢复数据库，再用可信介质校验全部软件包（debsums）；在此之前视主机为不可信。",
			Attack:        []string{"T1070", "T1565.001"},
			Category:      "ABOT",
			Severity:      finding.Medium,
			Reads:         []string{"/var/lib/dpkg/status", "/var/lib/dpkg/info", "/usr/bin/dpkg"},
			Run:           integrityPkgdbMissing,
		},
		&Check{
			ID: "integrity.md5sums_missing", Family: "integrity",
			Title:         "Installed packages without checksum lists",
			TitleZh:       "已安装软件包缺少校验和清单",
			Description:   "Installed packages that ship files have no info/PACKAGE.md5sums, so their files cannot be verified. A few packages built without checksums are normal; many missing lists suggest the database was tampered with to hide modified files.",
			DescriptionZh: "安装了文件的软件包缺少 info/软件包.md5sums，导致其文件无法校验。少数未带校验和的软件包属正常；大量缺失则可能是为掩盖被修改文件而篡改了数据库。",
			Verify:        "List the packages concerned; check the mtime of /var/lib/dpkg/info and of the remaining md5sums files; compare with /var/backups and a clean host of the same release.",
			VerifyZh:      "列出涉及的软件包；检查 /var/lib/dpkg/info 目录及其余 md5sums 文件的修改时间；与 /var/backups 及同版本干净主机比对。",
			Advice:        "Verify the packages' files against packages downloaded on a clean machine (debsums --generate=missing from trusted .debs), and reinstall packages whose files differ.",
			AdviceZh:      "使用在干净机器上下载的软件包校验这些文件（以可信 .deb 执行 debsums --generate=missing），并重新安装文件不一致的软件包。",
			Attack:        []string{"T1070", "T1565.001"},
			Category:      "ABOT",
			Severity:      finding.Low,
			Reads:         []string{"/var/lib/dpkg/info/*.list", "/var/lib/dpkg/info/*.md5sums"},
			Run:           integrityMD5sumsMissing,
		},
		&Check{
			ID: "integrity.rpm_unverified", Family: "integrity",
			Title:         "RPM package database present: file integrity not verified",
			TitleZh:       "存在 RPM 软件包数据库：未能校验文件完整性",
			Description:   "The target uses RPM. yingji does not read RPM databases (BerkeleyDB, NDB or SQLite) yet, so the integrity, ownership-based rootkit checks could not tell package files from planted or modified ones on this host.",
			DescriptionZh: "目标主机使用 RPM。yingji 目前尚不能读取 RPM 数据库（BerkeleyDB、NDB 或 SQLite 格式），因此在该主机上无法依据软件包归属区分系统文件与被植入或篡改的文件。",
			Verify:        "From trusted media run rpm -Va --root=MOUNTPOINT (or rpm --dbpath on a copy of the database) and review files with a changed digest (5) in binary and library paths.",
			VerifyZh:      "使用可信介质执行 rpm -Va --root=挂载点（或对数据库副本使用 rpm --dbpath），重点检查二进制与库路径中摘要改变（标志 5）的文件。",
			Advice:        "Run the RPM verification by hand as part of this engagement and record the result in the report.",
			AdviceZh:      "在本次应急中手工执行 RPM 校验，并将结果记录到报告中。",
			Attack:        []string{"T1036.005"},
			Category:      "SHVULN",
			Severity:      finding.Info,
			Reads:         []string{"/var/lib/rpm", "/usr/lib/sysimage/rpm"},
			Run:           integrityRPMUnverified,
		},
	)
}

// integrityTrojaned are programs and libraries rootkits replace most.
var integrityTrojaned = map[string]bool{
	"ps": true, "ls": true, "dir": true, "vdir": true, "netstat": true, "ss": true, "top": true, "htop": true, "lsof": true,
	"find": true, "login": true, "sshd": true, "ssh": true, "scp": true, "sudo": true, "su": true, "passwd": true,
	"chpasswd": true, "crontab": true, "systemctl": true, "journalctl": true, "ip": true, "ifconfig": true, "kill": true,
	"pkill": true, "pgrep": true, "killall": true, "pidof": true, "pstree": true, "w": true, "who": true, "last": true,
	"lastb": true, "lastlog": true, "du": true, "df": true, "bash": true, "sh": true, "dash": true, "stat": true,
	"chattr": true, "lsattr": true, "strings": true, "md5sum": true, "sha256sum": true, "sha1sum": true, "ldd": true,
	"file": true, "uptime": true, "vmstat": true, "watch": true, "dmesg": true, "lsmod": true, "insmod": true,
	"modprobe": true, "rmmod": true, "kmod": true, "iptables": true, "nft": true, "tcpdump": true, "grep": true,
	"egrep": true, "fgrep": true, "cron": true, "crond": true, "atd": true, "rsyslogd": true, "syslogd": true,
	"init": true, "systemd": true, "useradd": true, "usermod": true, "chsh": true, "sshd-session": true, "sftp-server": true,
	"tcpd": true, "xinetd": true, "inetd": true, "curl": true, "wget": true, "locate": true, "updatedb": true, "fuser": true,
	"readlink": true, "cat": true, "head": true, "tail": true, "awk": true, "sed": true, "xargs": true, "id": true,
}

// integrityTrojanedLib reports a library rootkits and SSH backdoors replace.
func integrityTrojanedLib(base string) bool {
	for _, p := range []string{"libc.so", "libc-", "ld-linux", "libpam.so", "libpam_misc", "pam_", "libkeyutils", "libcrypt.so",
		"libaudit", "libprocps", "libproc2", "libproc-", "libselinux", "libnss_files", "libnss_compat", "libsystemd.so",
		"libutil.so", "libdl.so", "libpthread.so", "libssl.so", "libcrypto.so", "libz.so", "liblzma.so", "libwrap.so"} {
		if strings.HasPrefix(base, p) {
			return true
		}
	}
	return false
}

var integrityBinDirs = []string{"usr/bin", "usr/sbin", "bin", "sbin"}

func integrityModifiedBinary(c *Context) error {
	if !c.Packages().Known() {
		return nil
	}
	return rootkitWalk(c, integrityBinDirs, 100000, func(p string, st *targetfs.Stat) error {
		if !st.IsRegular() {
			return nil
		}
		pkg, o := c.Owned(p)
		if o != Modified || integrityDivertedMatch(c, p) {
			return nil
		}
		base := path.Base(p)
		sev := finding.High
		en, zh := "", ""
		if integrityTrojaned[base] {
			sev = finding.Critical
			en, zh = " It is one of the tools rootkits replace most.", "该程序是 Rootkit 最常替换的工具之一。"
		}
		want, _ := c.Packages().MD5("/" + p)
		ev := rootkitFileEvidence(c, p, st)
		ev.Fields["package"] = pkg
		ev.Fields["package_md5"] = want
		c.Report(Hit{
			Severity: sev, SeveritySet: true, Time: &st.Ctime,
			Detail:   fmt.Sprintf("/%s differs from the checksum of package %s.%s", p, pkg, en),
			DetailZh: fmt.Sprintf("/%s 与软件包 %s 的校验和不一致。%s", p, pkg, zh),
			Evidence: []finding.Evidence{ev},
		})
		return nil
	})
}

// integrityLibWalk visits the files of the system library directories:
// only the top level of lib dirs, plus the security/ (PAM) subdirectory,
// and the systemd and OpenSSH helper directories.
func integrityLibWalk(c *Context, fn func(p string, st *targetfs.Stat) error) error {
	top := []string{"usr/lib", "usr/lib64", "usr/lib32", "lib", "lib64"}
	for _, g := range []string{"usr/lib/*-linux-gnu*", "lib/*-linux-gnu*"} {
		for _, m := range c.Glob(g) {
			if fi, err := c.Src().Stat(m); err == nil && fi.IsDir() {
				top = append(top, m)
			}
		}
	}
	seen := map[string]bool{}
	var roots []string
	for _, d := range top {
		if !c.Exists(d) {
			continue
		}
		r := rootkitCanon(c, d)
		if !seen[r] {
			seen[r] = true
			roots = append(roots, r)
		}
	}
	isRoot := map[string]bool{}
	for _, r := range roots {
		isRoot[r] = true
	}
	for _, r := range roots {
		err := c.Walk(r, 200000, func(p string, st *targetfs.Stat) error {
			if st.IsDir() && p != r {
				b := path.Base(p)
				if isRoot[p] {
					return fs.SkipDir // walked on its own
				}
				if b == "security" || (path.Dir(p) == r && (b == "systemd" || b == "openssh")) {
					return nil
				}
				return fs.SkipDir
			}
			return fn(p, st)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func integrityModifiedLibrary(c *Context) error {
	if !c.Packages().Known() {
		return nil
	}
	return integrityLibWalk(c, func(p string, st *targetfs.Stat) error {
		if !st.IsRegular() {
			return nil
		}
		base := path.Base(p)
		critical := integrityTrojanedLib(base) || integrityTrojaned[base]
		// Huge libraries (LLVM, CUDA) are rarely trojaned; bound the
		// hashing cost.
		if !critical && st.Size > 64<<20 {
			return nil
		}
		if !strings.Contains(base, ".so") && !rootkitExecutable(st) {
			return nil
		}
		pkg, o := c.Owned(p)
		if o != Modified || integrityDivertedMatch(c, p) {
			return nil
		}
		sev := finding.High
		en, zh := "", ""
		if critical {
			sev = finding.Critical
			en, zh = " Rootkits and SSH backdoors replace this library or helper to steal passwords or hide.", "Rootkit 与 SSH 后门会替换此类库或辅助程序以窃取口令或隐藏自身。"
		}
		want, _ := c.Packages().MD5("/" + p)
		ev := rootkitFileEvidence(c, p, st)
		ev.Fields["package"] = pkg
		ev.Fields["package_md5"] = want
		c.Report(Hit{
			Severity: sev, SeveritySet: true, Time: &st.Ctime,
			Detail:   fmt.Sprintf("/%s differs from the checksum of package %s.%s", p, pkg, en),
			DetailZh: fmt.Sprintf("/%s 与软件包 %s 的校验和不一致。%s", p, pkg, zh),
			Evidence: []finding.Evidence{ev},
		})
		return nil
	})
}

// integrityKernelThreadNames are names of kernel threads and daemons that
// dropped programs borrow.
var integrityKernelThreadNames = []string{"kworker", "kthreadd", "ksoftirqd", "kswapd", "migration", "watchdog", "kdevtmpfs", "kdevtmpfsi", "kinsing", "xmrig", "kauditd", "khugepaged", "jbd2", "rcu_sched"}

func integrityOddName(base string) (string, string) {
	if en, zh := rootkitDeceptive(base); en != "" {
		return en, zh
	}
	if strings.HasPrefix(base, ".") {
		return "the name is hidden (starts with a dot)", "名称为隐藏名称（以点开头）"
	}
	if strings.ContainsAny(base, " \t[]()") {
		return "the name holds spaces or brackets, like a process title", "名称包含空格或括号，仿冒进程名"
	}
	lb := strings.ToLower(base)
	for _, k := range integrityKernelThreadNames {
		if strings.HasPrefix(lb, k) {
			return "the name imitates a kernel thread or a known miner (" + k + ")", "名称仿冒内核线程或已知挖矿程序（" + k + "）"
		}
	}
	return "", ""
}

func integrityUnownedBinary(c *Context) error {
	if !c.Packages().Known() {
		return nil
	}
	return rootkitWalk(c, integrityBinDirs, 100000, func(p string, st *targetfs.Stat) error {
		if !st.IsRegular() {
			return nil
		}
		if integrityOwned(c, p) {
			return nil
		}
		base := path.Base(p)
		isELF := rootkitIsELF(c, p)
		sev := finding.Medium
		var en, zh []string
		if isELF {
			en, zh = append(en, "an ELF program"), append(zh, "ELF 程序")
		} else {
			// A script that does nothing suspicious is an observation.
			sev = finding.Low
			en, zh = append(en, "a script or data file"), append(zh, "脚本或数据文件")
			if b, _ := c.ReadFile(p, 256<<10); len(b) > 0 {
				if rs := ExecReasons(string(b)); len(rs) > 0 {
					sev = finding.High
					e, z := JoinReasons(rs)
					en, zh = append(en, "its content "+e), append(zh, "其内容："+z)
				}
			}
		}
		if oe, oz := integrityOddName(base); oe != "" {
			sev = finding.High
			en, zh = append(en, oe), append(zh, oz)
		}
		if rootkitRecent(c, st, 30*24*time.Hour) && (isELF || sev == finding.High) {
			sev = finding.High
			en, zh = append(en, "created or changed in the last 30 days"), append(zh, "在最近 30 天内创建或修改")
		}
		c.Report(Hit{
			Severity: sev, SeveritySet: true, Time: &st.Ctime,
			Detail:   fmt.Sprintf("/%s is not shipped by any package: %s.", p, strings.Join(en, "; ")),
			DetailZh: fmt.Sprintf("/%s 不属于任何软件包：%s。", p, strings.Join(zh, "；")),
			Evidence: []finding.Evidence{rootkitFileEvidence(c, p, st)},
		})
		return nil
	})
}

func integrityUnownedLibrary(c *Context) error {
	if !c.Packages().Known() {
		return nil
	}
	return integrityLibWalk(c, func(p string, st *targetfs.Stat) error {
		if !st.IsRegular() || strings.Contains(p, "/security/") {
			return nil // PAM modules: integrity.unowned_pam_module
		}
		base := path.Base(p)
		if !strings.Contains(base, ".so") || integrityOwned(c, p) || !rootkitIsELF(c, p) {
			return nil
		}
		sev := finding.Medium
		en, zh := "", ""
		if rootkitRecent(c, st, 30*24*time.Hour) {
			sev = finding.High
			en, zh = " It was created or changed in the last 30 days.", "该文件在最近 30 天内创建或修改。"
		}
		if hooks := rootkitExports(c, p, rootkitStealthSymbols); len(hooks) > 0 && !strings.HasPrefix(base, "libc.so") && !strings.HasPrefix(base, "libc-") {
			sev = finding.High
			en += " It overrides libc functions used to hide files: " + strings.Join(hooks, ", ") + "."
			zh += "其覆盖了用于隐藏文件的 libc 函数：" + strings.Join(hooks, ", ") + "。"
		}
		c.Report(Hit{
			Severity: sev, SeveritySet: true, Time: &st.Ctime,
			Detail:   fmt.Sprintf("Shared library /%s is not shipped by any package.%s", p, en),
			DetailZh: fmt.Sprintf("共享库 /%s 不属于任何软件包。%s", p, zh),
			Evidence: []finding.Evidence{rootkitFileEvidence(c, p, st)},
		})
		return nil
	})
}

func integrityUnownedPAM(c *Context) error {
	if !c.Packages().Known() {
		return nil
	}
	return integrityLibWalk(c, func(p string, st *targetfs.Stat) error {
		if !st.IsRegular() || path.Base(path.Dir(p)) != "security" || !strings.HasSuffix(p, ".so") {
			return nil
		}
		if integrityOwned(c, p) {
			return nil
		}
		base := strings.TrimSuffix(path.Base(p), ".so")
		var refs []finding.Evidence
		for _, f := range c.Glob("etc/pam.d/*") {
			b, _ := c.ReadFile(f, 256<<10)
			for i, line := range strings.Split(string(b), "\n") {
				if strings.Contains(line, base) && !strings.HasPrefix(strings.TrimSpace(line), "#") {
					refs = append(refs, finding.Evidence{Path: "/" + f, Line: i + 1, Excerpt: Excerpt(line, 200)})
				}
			}
		}
		en, zh := " No file in /etc/pam.d uses it.", "/etc/pam.d 中没有文件引用它。"
		if len(refs) > 0 {
			en, zh = fmt.Sprintf(" It is used by %d line(s) in /etc/pam.d.", len(refs)), fmt.Sprintf("/etc/pam.d 中有 %d 行引用了它。", len(refs))
		}
		c.Report(Hit{
			Time:     &st.Ctime,
			Detail:   fmt.Sprintf("PAM module /%s is not shipped by any package.%s", p, en),
			DetailZh: fmt.Sprintf("PAM 模块 /%s 不属于任何软件包。%s", p, zh),
			Evidence: append([]finding.Evidence{rootkitFileEvidence(c, p, st)}, refs...),
		})
		return nil
	})
}

func integrityUnownedKernelModule(c *Context) error {
	if !c.Packages().Known() {
		return nil
	}
	seenK := map[string]bool{}
	for _, kdir := range append(c.Glob("lib/modules/*/kernel"), c.Glob("usr/lib/modules/*/kernel")...) {
		real := rootkitCanon(c, kdir)
		if seenK[real] {
			continue
		}
		seenK[real] = true
		var unowned []string
		var sts []*targetfs.Stat
		total := 0
		c.Walk(real, 200000, func(p string, st *targetfs.Stat) error {
			if !st.IsRegular() || !strings.Contains(path.Base(p), ".ko") {
				return nil
			}
			total++
			if _, ok := c.Packages().Owner("/" + p); !ok {
				unowned = append(unowned, p)
				sts = append(sts, st)
			}
			return nil
		})
		if len(unowned) == 0 {
			continue
		}
		if len(unowned)*2 > total {
			// A kernel built and installed by hand (make modules_install):
			// nothing to compare with.
			c.Report(Hit{
				Severity: finding.Info, SeveritySet: true,
				Detail:   fmt.Sprintf("%d of the %d modules under /%s are not from a package: the kernel was probably built locally, so its modules cannot be verified.", len(unowned), total, real),
				DetailZh: fmt.Sprintf("/%s 下 %d 个模块中有 %d 个不属于软件包：该内核可能为本地编译安装，无法校验其模块。", real, total, len(unowned)),
				Evidence: []finding.Evidence{{Path: "/" + real}},
			})
			continue
		}
		for i, p := range unowned {
			c.Report(Hit{
				Time:     &sts[i].Ctime,
				Detail:   fmt.Sprintf("Module /%s lies among the kernel's own modules but no package ships it.", p),
				DetailZh: fmt.Sprintf("模块 /%s 位于内核自带模块目录中，但不属于任何软件包。", p),
				Evidence: []finding.Evidence{rootkitFileEvidence(c, p, sts[i])},
			})
		}
	}
	return nil
}

func integrityPkgdbMissing(c *Context) error {
	dpkg := ""
	for _, n := range []string{"usr/bin/dpkg", "bin/dpkg"} {
		if c.Exists(n) {
			dpkg = n
			break
		}
	}
	if dpkg == "" {
		return nil
	}
	st, err := c.StatOf("var/lib/dpkg/status")
	switch {
	case err != nil && IsNotExist(err):
		c.Report(Hit{
			Detail:   "/usr/bin/dpkg exists but /var/lib/dpkg/status does not.",
			DetailZh: "/usr/bin/dpkg 存在，但 /var/lib/dpkg/status 不存在。",
			Evidence: []finding.Evidence{{Path: "/" + dpkg}, {Path: "/var/lib/dpkg/status"}},
		})
		return nil
	case err != nil:
		return nil // not collected or unreadable: cannot tell
	case st.Size == 0:
		c.Report(Hit{
			Detail:   "/var/lib/dpkg/status is empty although dpkg is installed.",
			DetailZh: "系统安装了 dpkg，但 /var/lib/dpkg/status 为空。",
			Evidence: []finding.Evidence{rootkitFileEvidence(c, "var/lib/dpkg/status", st)},
		})
		return nil
	}
	db := c.Packages()
	if len(db.Packages) == 0 {
		c.Report(Hit{
			Detail:   "/var/lib/dpkg/status lists no installed package although dpkg is installed.",
			DetailZh: "系统安装了 dpkg，但 /var/lib/dpkg/status 中没有任何已安装软件包。",
			Evidence: []finding.Evidence{rootkitFileEvidence(c, "var/lib/dpkg/status", st)},
		})
		return nil
	}
	if db.Files() == 0 {
		c.Report(Hit{
			Detail:   fmt.Sprintf("%d packages are installed but /var/lib/dpkg/info holds no file lists.", len(db.Packages)),
			DetailZh: fmt.Sprintf("已安装 %d 个软件包，但 /var/lib/dpkg/info 中没有任何文件清单。", len(db.Packages)),
			Evidence: []finding.Evidence{{Path: "/var/lib/dpkg/info"}},
		})
		return nil
	}
	if len(db.Problems) > 0 {
		c.Report(Hit{
			Severity: finding.Low, SeveritySet: true,
			Detail:   fmt.Sprintf("%d files of the package database could not be read: %s.", len(db.Problems), Excerpt(strings.Join(db.Problems, "; "), 400)),
			DetailZh: fmt.Sprintf("软件包数据库中有 %d 个文件无法读取：%s。", len(db.Problems), Excerpt(strings.Join(db.Problems, "; "), 400)),
			Evidence: []finding.Evidence{{Path: "/var/lib/dpkg/info"}},
		})
	}
	return nil
}

func integrityMD5sumsMissing(c *Context) error {
	db := c.Packages()
	if !db.Known() || len(db.Packages) == 0 {
		return nil
	}
	ents, err := c.Src().ReadDir("var/lib/dpkg/info")
	if err != nil {
		return nil
	}
	lists, sums := map[string]string{}, map[string]bool{}
	for _, e := range ents {
		n := e.Name()
		ext := path.Ext(n)
		pkg := strings.TrimSuffix(n, ext)
		switch ext {
		case ".list":
			lists[pkg] = n
		case ".md5sums":
			sums[pkg] = true
		}
	}
	var missing []string
	withFiles := 0
	for pkg, list := range lists {
		// Does the package install at least one regular file? Look at a
		// few of its listed paths.
		b, _ := c.ReadFile("var/lib/dpkg/info/"+list, 8<<20)
		has, checked := false, 0
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || line == "/." || !strings.HasPrefix(line, "/") {
				continue
			}
			if checked++; checked > 200 {
				break
			}
			if st, err := c.StatOf(strings.TrimPrefix(line, "/")); err == nil && st.IsRegular() {
				has = true
				break
			}
		}
		if !has {
			continue
		}
		withFiles++
		if !sums[pkg] {
			missing = append(missing, strings.SplitN(pkg, ":", 2)[0])
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	sev := finding.Low
	if len(missing) >= 10 && len(missing)*5 >= withFiles {
		sev = finding.Medium
	}
	c.Report(Hit{
		Severity: sev, SeveritySet: true,
		Detail:   fmt.Sprintf("%d of %d packages that install files have no md5sums list: %s.", len(missing), withFiles, Excerpt(strings.Join(missing, ", "), 600)),
		DetailZh: fmt.Sprintf("在安装了文件的 %d 个软件包中，有 %d 个缺少 md5sums 清单：%s。", withFiles, len(missing), Excerpt(strings.Join(missing, ", "), 600)),
		Evidence: []finding.Evidence{{Path: "/var/lib/dpkg/info", Fields: map[string]string{"missing": strconv.Itoa(len(missing))}}},
	})
	return nil
}

func integrityRPMUnverified(c *Context) error {
	if c.Packages().Known() {
		return nil
	}
	for _, d := range []string{"var/lib/rpm", "usr/lib/sysimage/rpm"} {
		st, err := c.StatOf(d)
		if err != nil || !st.IsDir() {
			continue
		}
		var files []string
		for _, f := range []string{"Packages", "Packages.db", "rpmdb.sqlite"} {
			if c.Exists(d + "/" + f) {
				files = append(files, f)
			}
		}
		c.Report(Hit{
			Confidence: "high",
			Detail:     fmt.Sprintf("RPM database at /%s (%s) was not read; package files were not verified and files in system paths could not be attributed to packages.", d, strings.Join(files, ", ")),
			DetailZh:   fmt.Sprintf("未读取位于 /%s 的 RPM 数据库（%s）；软件包文件未经校验，系统路径中的文件也无法判定归属。", d, strings.Join(files, ", ")),
			Evidence:   []finding.Evidence{{Path: "/" + d}},
		})
		return nil
	}
	return nil
}

// integrityOwned reports a path that some package lists (no hashing).
func integrityOwned(c *Context, p string) bool {
	_, ok := c.Packages().Owner("/" + strings.TrimPrefix(p, "/"))
	return ok
}

// integrityDivertedMatch reports a file at the new place of a dpkg
// diversion whose content matches what a package other than the diverting
// one shipped at the original place. The package database keeps one
// checksum per path, so when both the diverted and the diverting package
// list the original path, the diverted copy is compared with the wrong one.
func integrityDivertedMatch(c *Context, p string) bool {
	b, err := c.ReadFile("var/lib/dpkg/diversions", 4<<20)
	if err != nil && len(b) == 0 {
		return false
	}
	abs := "/" + strings.TrimPrefix(p, "/")
	lines := strings.Split(string(b), "\n")
	from, by := "", ""
	for i := 0; i+2 < len(lines); i += 3 {
		to := lines[i+1]
		if to == abs || "/usr"+to == abs || to == "/usr"+abs {
			from, by = lines[i], lines[i+2]
			break
		}
	}
	if from == "" {
		return false
	}
	sum := rootkitMD5(c, p)
	if sum == "" {
		return false
	}
	rel := strings.TrimPrefix(from, "/")
	ents, err := c.Src().ReadDir("var/lib/dpkg/info")
	if err != nil {
		return false
	}
	for _, e := range ents {
		n := e.Name()
		if !strings.HasSuffix(n, ".md5sums") || strings.SplitN(strings.TrimSuffix(n, ".md5sums"), ":", 2)[0] == by {
			continue
		}
		data, _ := c.ReadFile("var/lib/dpkg/info/"+n, 64<<20)
		for _, line := range strings.Split(string(data), "\n") {
			if len(line) > 34 && line[32] == ' ' && strings.TrimLeft(line[33:], " ") == rel && line[:32] == sum {
				return true
			}
		}
	}
	return false
}
