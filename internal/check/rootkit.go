package check

// Rootkit and evasion checks: libraries preloaded into every process,
// kernel modules hidden from /proc/modules, kernel taint, known rootkit
// files, modules and kernel symbols, deceptive file names, immutable
// attributes, timestomping and set-user-id programs outside the package
// database.
//
// Each check compares two views or judges content and ownership: a file a
// package ships unmodified is never a finding, whatever its name.

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	debugelf "debug/elf"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/source"
	"github.com/yingji/yingji/internal/targetfs"
)

func init() {
	Register(
		&Check{
			ID: "rootkit.preload_library", Family: "rootkit",
			Title:         "Library in /etc/ld.so.preload that no package ships, hides in a temporary place or hooks libc",
			TitleZh:       "/etc/ld.so.preload 预加载的库文件无软件包归属、位于临时/隐藏目录或劫持 libc 函数",
			Description:   "Every library named in /etc/ld.so.preload is loaded into every dynamically linked program. User-mode rootkits (Azazel, Jynx2, Beurk, Vlany, Bdvl and many miner droppers) use it to hide files, processes and connections by overriding readdir, fopen, stat and similar libc functions. This check judges the library file itself.",
			DescriptionZh: "/etc/ld.so.preload 中列出的库会被加载进每一个动态链接程序。用户态 Rootkit（Azazel、Jynx2、Beurk、Vlany、Bdvl 及大量挖矿木马）借此覆盖 readdir、fopen、stat 等 libc 函数，隐藏文件、进程和网络连接。本检查针对被预加载的库文件本身进行研判。",
			Verify:        "Read /etc/ld.so.preload from a trusted environment (rescue system or the mounted disk), not with the host's own tools; hash the library and look it up in threat intelligence; list its dynamic symbols (readelf -Ws --dyn-syms) from a trusted machine; compare file times with the intrusion timeline.",
			VerifyZh:      "在可信环境（救援系统或挂载磁盘）中读取 /etc/ld.so.preload，不要使用主机自身的命令；计算库文件哈希并查询威胁情报；在可信机器上用 readelf -Ws --dyn-syms 查看其导出符号；将文件时间与入侵时间线比对。",
			Advice:        "From a trusted environment empty /etc/ld.so.preload (keep a copy as evidence), quarantine the library, then re-check the host with trusted tools: what the rootkit hid (processes, files, ports, cron entries) becomes visible only after it is gone. Rebuilding the host is the safe choice.",
			AdviceZh:      "在可信环境中清空 /etc/ld.so.preload（保留副本作为证据），隔离该库文件，然后用可信工具重新排查：Rootkit 隐藏的进程、文件、端口、定时任务只有在其移除后才会显现。稳妥起见建议重装系统。",
			Attack:        []string{"T1574.006", "T1014"},
			Category:      "MPTH",
			Severity:      finding.Critical,
			Reads:         []string{"/etc/ld.so.preload", "preloaded libraries"},
			Run:           rootkitPreloadLibrary,
		},
		&Check{
			ID: "rootkit.hidden_module", Family: "rootkit",
			Title:         "Kernel module present in /sys/module but missing from /proc/modules",
			TitleZh:       "内核模块存在于 /sys/module 但未出现在 /proc/modules 中（隐藏内核模块）",
			Description:   "Kernel rootkits (Diamorphine, Reptile, KoviD, Suterusu) unlink themselves from the kernel's module list so lsmod and /proc/modules no longer show them, but their kobject usually stays under /sys/module. A loadable module (initstate \"live\") that /proc/modules does not list is hidden. Built-in modules also appear in /sys/module without being in /proc/modules; they have no initstate file and are listed in modules.builtin, so they are not reported.",
			DescriptionZh: "内核级 Rootkit（Diamorphine、Reptile、KoviD、Suterusu 等）会将自身从内核模块链表中摘除，使 lsmod 与 /proc/modules 不再显示，但其 kobject 通常仍留在 /sys/module 下。状态为 live 的可加载模块若不在 /proc/modules 中即为被隐藏。内置模块同样会出现在 /sys/module 而不在 /proc/modules 中，但它们没有 initstate 文件且列于 modules.builtin，因此不会报告。",
			Verify:        "On the live host compare ls /sys/module with cat /proc/modules; look at /sys/module/NAME/ (initstate, refcnt, sections, parameters); check dmesg and the journal for the module's load messages and taint; capture memory (LiME/AVML) before rebooting.",
			VerifyZh:      "在主机上对比 ls /sys/module 与 cat /proc/modules；查看 /sys/module/NAME/ 下的 initstate、refcnt、sections、parameters；检查 dmesg 与 journal 中该模块的加载记录和污染（taint）信息；重启前先获取内存镜像（LiME/AVML）。",
			Advice:        "Treat the host as fully compromised at kernel level: capture memory, isolate it from the network, and rebuild from trusted media; a hidden module cannot be removed reliably from the running system. Rotate every credential that was used on the host.",
			AdviceZh:      "按内核级完全失陷处理：先获取内存镜像，断网隔离，再用可信介质重装系统；隐藏模块无法在运行中的系统上可靠清除。轮换在该主机上使用过的全部凭据。",
			Attack:        []string{"T1014", "T1547.006"},
			Category:      "MPOT",
			Severity:      finding.Critical,
			Needs:         NeedsVolatile,
			Reads:         []string{"/proc/modules", "/sys/module", "/sys/module/*/initstate", "/lib/modules/KERNEL/modules.builtin"},
			Run:           rootkitHiddenModule,
		},
		&Check{
			ID: "rootkit.kallsyms_module", Family: "rootkit",
			Title:         "Kernel symbols belong to a module that /proc/modules does not list",
			TitleZh:       "内核符号表中存在 /proc/modules 未列出的模块",
			Description:   "/proc/kallsyms tags each module symbol with its module's name. A module that owns symbols but is missing from /proc/modules has been hidden from the module list.",
			DescriptionZh: "/proc/kallsyms 为每个模块符号标注所属模块名。拥有符号却不在 /proc/modules 中的模块已被从模块列表中隐藏。",
			Verify:        "Run grep '\\[NAME\\]' /proc/kallsyms and cat /proc/modules on the host and compare; look for the module in /sys/module and in the kernel log.",
			VerifyZh:      "在主机上执行 grep '\\[NAME\\]' /proc/kallsyms 与 cat /proc/modules 并比对；在 /sys/module 与内核日志中查找该模块。",
			Advice:        "Capture memory, isolate the host and rebuild it from trusted media; rotate the credentials used on it.",
			AdviceZh:      "获取内存镜像，隔离主机并使用可信介质重装；轮换在该主机上使用过的凭据。",
			Attack:        []string{"T1014"},
			Category:      "MPOT",
			Severity:      finding.Critical,
			Needs:         NeedsLive,
			Reads:         []string{"/proc/kallsyms", "/proc/modules"},
			Run:           rootkitKallsymsModule,
		},
		&Check{
			ID: "rootkit.kallsyms_symbol", Family: "rootkit",
			Title:         "Known rootkit function names in the kernel symbol table",
			TitleZh:       "内核符号表中存在已知 Rootkit 函数名",
			Description:   "Loaded kernel modules export symbols that public rootkits are known by (Diamorphine's hacked_getdents and give_root, KBeast's h4x_* hooks, Vampire's should_hide_file_name, IntoXonia-NG's find_sys_call_tbl).",
			DescriptionZh: "已加载内核模块中存在公开 Rootkit 特有的函数符号（如 Diamorphine 的 hacked_getdents、give_root，KBeast 的 h4x_* 钩子，Vampire 的 should_hide_file_name，IntoXonia-NG 的 find_sys_call_tbl）。",
			Verify:        "grep for the symbol in /proc/kallsyms on the host; find the module file (modinfo NAME from a trusted tool set) and hash it.",
			VerifyZh:      "在主机上 grep /proc/kallsyms 确认该符号；用可信工具（modinfo）找到模块文件并计算哈希。",
			Advice:        "Capture memory, isolate the host and rebuild it from trusted media; rotate the credentials used on it.",
			AdviceZh:      "获取内存镜像，隔离主机并使用可信介质重装；轮换在该主机上使用过的凭据。",
			Attack:        []string{"T1014", "T1547.006"},
			Category:      "MPOT",
			Severity:      finding.Critical,
			Needs:         NeedsLive,
			Reads:         []string{"/proc/kallsyms"},
			Run:           rootkitKallsymsSymbol,
		},
		&Check{
			ID: "rootkit.kernel_taint", Family: "rootkit",
			Title:         "Kernel tainted by a forced, unsigned or out-of-tree module",
			TitleZh:       "内核被强制加载、未签名或树外模块污染（taint）",
			Description:   "The kernel records in /proc/sys/kernel/tainted when a module was force-loaded (F) or force-unloaded (R), is unsigned (E), was built outside the kernel tree (O) or is proprietary (P). Kernel rootkits are built out of tree and unsigned, and taint the kernel when they load; the taint stays after the module hides or unloads.",
			DescriptionZh: "内核会在 /proc/sys/kernel/tainted 中记录：模块被强制加载（F）或强制卸载（R）、未签名（E）、在内核源码树外编译（O）或为专有模块（P）。内核 Rootkit 通常为树外、未签名模块，加载时即污染内核，且模块隐藏或卸载后污染标志仍然保留。",
			Verify:        "Read /proc/sys/kernel/tainted and the per-module taint in /proc/modules (lsmod does not show it) and /sys/module/*/taint; find in dmesg or the journal which module first tainted the kernel (\"loading out-of-tree module taints kernel\", \"module verification failed\").",
			VerifyZh:      "读取 /proc/sys/kernel/tainted，以及 /proc/modules 与 /sys/module/*/taint 中各模块的污染标志；在 dmesg 或 journal 中查找首次污染内核的模块（\"loading out-of-tree module taints kernel\"、\"module verification failed\"）。",
			Advice:        "Account for every out-of-tree module (DKMS drivers, VirtualBox, ZFS, security agents); an unexplained one means a kernel rootkit: capture memory and rebuild the host.",
			AdviceZh:      "逐一核实所有树外模块（DKMS 驱动、VirtualBox、ZFS、安全代理等）；无法解释来源的模块意味着内核 Rootkit，应获取内存镜像并重装系统。",
			Attack:        []string{"T1014", "T1547.006"},
			Category:      "MPOT",
			Severity:      finding.Medium,
			Needs:         NeedsVolatile,
			Reads:         []string{"/proc/sys/kernel/tainted", "/proc/modules", "/lib/modules/KERNEL"},
			Run:           rootkitKernelTaint,
		},
		&Check{
			ID: "rootkit.known_module", Family: "rootkit",
			Title:         "Kernel module with the name of a known rootkit is loaded",
			TitleZh:       "已加载的内核模块名称与已知 Rootkit 一致",
			Description:   "A loaded kernel module (in /proc/modules or /sys/module) has the name of a public kernel rootkit such as Diamorphine, Reptile, KoviD, Suterusu or KBeast.",
			DescriptionZh: "/proc/modules 或 /sys/module 中存在与公开内核 Rootkit（Diamorphine、Reptile、KoviD、Suterusu、KBeast 等）同名的模块。",
			Verify:        "Look at /sys/module/NAME and the kernel log for the load time; find the .ko file and hash it; check persistence that loads it (modules-load.d, rc.local, cron, systemd units).",
			VerifyZh:      "查看 /sys/module/NAME 及内核日志中的加载时间；找到对应 .ko 文件并计算哈希；排查加载它的持久化配置（modules-load.d、rc.local、cron、systemd 单元）。",
			Advice:        "Capture memory, isolate the host and rebuild it from trusted media; remove the persistence that loads the module on any other host that shares it.",
			AdviceZh:      "获取内存镜像，隔离主机并使用可信介质重装；在共享相同配置的其他主机上清除加载该模块的持久化项。",
			Attack:        []string{"T1014", "T1547.006"},
			Category:      "MPOT",
			Severity:      finding.Critical,
			Needs:         NeedsVolatile,
			Reads:         []string{"/proc/modules", "/sys/module"},
			Run:           rootkitKnownModule,
		},
		&Check{
			ID: "rootkit.module_file", Family: "rootkit",
			Title:         "Kernel module file of a known rootkit, or a kernel module kept outside /lib/modules",
			TitleZh:       "存在已知 Rootkit 内核模块文件，或内核模块存放于 /lib/modules 之外",
			Description:   "Kernel modules belong under /lib/modules. A .ko file in a temporary, hidden, home or configuration directory is staged for loading by hand or by a persistence entry; a module with a known rootkit name or rootkit function names inside it anywhere is a rootkit.",
			DescriptionZh: "内核模块应位于 /lib/modules。存放在临时、隐藏、家目录或配置目录中的 .ko 文件通常是为手工或持久化加载而放置的；任何位置的模块若名称或内部函数名与已知 Rootkit 一致即为 Rootkit。",
			Verify:        "Hash the file and look it up; read its modinfo (author, description, vermagic) from a trusted machine; search the persistence locations (modules-load.d, rc.local, cron, systemd units) for its name.",
			VerifyZh:      "计算文件哈希并查询情报；在可信机器上查看其 modinfo（作者、描述、vermagic）；在 modules-load.d、rc.local、cron、systemd 单元等持久化位置搜索该名称。",
			Advice:        "Quarantine the file and remove whatever loads it; if it is or was loaded (see rootkit.known_module, rootkit.kernel_taint), rebuild the host.",
			AdviceZh:      "隔离该文件并清除加载它的配置；若该模块已被加载（参见 rootkit.known_module、rootkit.kernel_taint），应重装系统。",
			Attack:        []string{"T1014", "T1547.006"},
			Category:      "MPOT",
			Severity:      finding.High,
			Reads:         []string{"/lib/modules", "/tmp", "/var/tmp", "/dev/shm", "/etc", "/root", "/home"},
			Run:           rootkitModuleFile,
		},
		&Check{
			ID: "rootkit.known_files", Family: "rootkit",
			Title:         "Files or directories of a known rootkit or malware family",
			TitleZh:       "存在已知 Rootkit 或恶意软件家族的文件/目录",
			Description:   "A path that public rootkit catalogues (rkhunter, OSSEC rootcheck, osquery's ossec-rootkit pack) attribute to a rootkit, backdoor or worm exists and no package ships it.",
			DescriptionZh: "存在公开 Rootkit 特征库（rkhunter、OSSEC rootcheck、osquery ossec-rootkit 规则包）中归属于某 Rootkit、后门或蠕虫的路径，且不属于任何软件包。",
			Verify:        "Inspect the path from a trusted environment (ls -la of the mounted disk), hash its files and look them up; note times to place it on the timeline.",
			VerifyZh:      "在可信环境中检查该路径（在挂载磁盘上 ls -la），计算文件哈希并查询情报；记录文件时间以纳入时间线。",
			Advice:        "Quarantine the files and everything they reference; a known rootkit means the host should be rebuilt from trusted media and all credentials rotated.",
			AdviceZh:      "隔离这些文件及其引用的内容；确认存在已知 Rootkit 时应使用可信介质重装系统并轮换全部凭据。",
			Attack:        []string{"T1014", "T1036.005"},
			Category:      "MPOT",
			Severity:      finding.Critical,
			Reads:         []string{"known rootkit paths (rkhunter, OSSEC rootcheck)"},
			Run:           rootkitKnownFiles,
		},
		&Check{
			ID: "rootkit.deceptive_name", Family: "rootkit",
			Title:         "Deceptive file name in a system or temporary directory",
			TitleZh:       "系统或临时目录中存在伪装/欺骗性文件名",
			Description:   "Names made to escape a glance at ls: \"...\", \". \" or \".. \" (dots and spaces), names of only spaces, names with control characters, invisible zero-width or bidirectional-override characters, or a known name with leading or trailing spaces (\".ICE-unix \"). Intruders keep their tools under such names.",
			DescriptionZh: "为躲避 ls 肉眼检查而构造的名称：\"...\"、\". \"、\".. \"（点加空格）、纯空格名称、含控制字符、零宽或双向文本控制字符的名称，或在常见名称前后加空格（如 \".ICE-unix \"）。入侵者常以此类名称存放工具。",
			Verify:        "List the directory with ls -lab (escapes show the real bytes) from a trusted environment; inspect the entry's content and times.",
			VerifyZh:      "在可信环境中用 ls -lab 列出该目录（转义显示真实字节）；检查该条目的内容和时间。",
			Advice:        "Quarantine the entry (mv -- with the escaped name, or by inode: find . -inum N); examine what it contains and what references it.",
			AdviceZh:      "隔离该条目（使用转义后的名称 mv --，或按 inode：find . -inum N）；检查其内容及引用它的位置。",
			Attack:        []string{"T1564.001", "T1036.006"},
			Category:      "ABOT",
			Severity:      finding.High,
			Reads:         []string{"/tmp", "/var/tmp", "/dev/shm", "/dev", "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/include", "/etc", "/root"},
			Run:           rootkitDeceptiveName,
		},
		&Check{
			ID: "rootkit.dev_file", Family: "rootkit",
			Title:         "Regular file in /dev",
			TitleZh:       "/dev 目录中存在普通文件",
			Description:   "/dev holds device nodes, directories and a few links. Regular files there (often in hidden subdirectories such as /dev/.lib or /dev/.oz) are a classic rootkit hiding place; old kits kept their configuration and tools there.",
			DescriptionZh: "/dev 中应只有设备节点、目录和少量链接。其中的普通文件（常位于 /dev/.lib、/dev/.oz 等隐藏子目录）是传统 Rootkit 的藏匿位置，用于存放配置和工具。",
			Verify:        "ls -la the file from a trusted environment; read or hash it; find what references it (grep -r in /etc, cron, systemd units).",
			VerifyZh:      "在可信环境中 ls -la 查看该文件；读取或计算哈希；排查引用它的位置（在 /etc、cron、systemd 单元中 grep）。",
			Advice:        "Quarantine the file; if it is a program or a rootkit configuration, treat the host as compromised.",
			AdviceZh:      "隔离该文件；若为程序或 Rootkit 配置文件，按主机失陷处理。",
			Attack:        []string{"T1564.001"},
			Category:      "ABOT",
			Severity:      finding.Medium,
			Reads:         []string{"/dev"},
			Run:           rootkitDevFile,
		},
		&Check{
			ID: "rootkit.immutable_file", Family: "rootkit",
			Title:         "Immutable or append-only attribute on a credential, persistence, system or temporary file",
			TitleZh:       "凭据、持久化、系统或临时文件被设置了不可修改（immutable）或仅追加（append-only）属性",
			Description:   "chattr +i makes a file impossible to change or delete even for root until the attribute is removed. Intruders and miners set it on /etc/passwd, ld.so.preload, crontabs, authorized_keys and their own droppers so that cleanup fails and their persistence survives.",
			DescriptionZh: "chattr +i 使文件在属性移除前即使 root 也无法修改或删除。入侵者与挖矿木马会对 /etc/passwd、ld.so.preload、定时任务、authorized_keys 以及自身的投放程序设置该属性，使清理失败、持久化得以保留。",
			Verify:        "lsattr the file from a trusted environment; check whether an administrator set it deliberately (hardening notes, configuration management) and when the file last changed.",
			VerifyZh:      "在可信环境中用 lsattr 查看属性；确认是否为管理员有意设置（加固记录、配置管理），以及文件最后修改时间。",
			Advice:        "After preserving evidence, remove the attribute (chattr -i -a, using a trusted chattr: miners replace or delete it), then clean the file; check for a process or cron job that sets it again.",
			AdviceZh:      "保全证据后移除属性（chattr -i -a，使用可信的 chattr：挖矿木马会替换或删除它），再清理文件；排查是否有进程或定时任务会重新设置该属性。",
			Attack:        []string{"T1222.002", "T1564"},
			Category:      "ABOT",
			Severity:      finding.High,
			Reads:         []string{"/etc/passwd", "/etc/shadow", "/etc/ld.so.preload", "crontabs", "authorized_keys", "/usr/bin", "/usr/sbin", "/tmp", "/var/tmp", "/dev/shm"},
			Run:           rootkitImmutableFile,
		},
		&Check{
			ID: "rootkit.timestomp", Family: "rootkit",
			Title:         "Executable in a system path with forged or impossible timestamps",
			TitleZh:       "系统路径中的可执行文件时间戳被伪造或不合理",
			Description:   "touch -r and similar tools copy an old modification time onto a planted or replaced binary so it blends in. The kernel still sets the change time (ctime) and the birth time when the file is written, so a modified or unowned executable whose mtime lies long before its ctime or birth time, in the future, or before 1990 has had its time forged.",
			DescriptionZh: "攻击者使用 touch -r 等方法将旧的修改时间复制到植入或替换的二进制文件上以混淆视听。但内核在写入时仍会更新状态改变时间（ctime）和创建时间（birth time），因此被修改或无归属的可执行文件若 mtime 远早于 ctime/创建时间、位于未来或早于 1990 年，说明时间被伪造。",
			Verify:        "stat the file (all four times) from a trusted environment; compare with the package's install time in /var/log/dpkg.log and with neighbouring files; hash it and compare with the package's file.",
			VerifyZh:      "在可信环境中 stat 查看文件的四个时间；与 /var/log/dpkg.log 中软件包安装时间及同目录文件比较；计算哈希并与软件包原始文件比对。",
			Advice:        "Restore the file from its package (apt-get install --reinstall PKG from a trusted mirror) and quarantine the forged copy; use ctime and birth time, not mtime, on the incident timeline.",
			AdviceZh:      "从软件包恢复该文件（从可信源 apt-get install --reinstall 软件包）并隔离被伪造的副本；时间线分析中应采用 ctime 和创建时间而非 mtime。",
			Attack:        []string{"T1070.006"},
			Category:      "ABOT",
			Severity:      finding.Medium,
			Reads:         []string{"/usr/bin", "/usr/sbin", "/usr/lib", "/usr/local/bin", "/usr/local/sbin"},
			Run:           rootkitTimestomp,
		},
		&Check{
			ID: "rootkit.suid_unowned", Family: "rootkit",
			Title:         "Set-user-id or set-group-id program that no package ships, or that differs from its package",
			TitleZh:       "无软件包归属或与软件包不一致的 SUID/SGID 程序",
			Description:   "A set-user-id root program runs with root power for any local user. Every legitimate one comes from a package; one that no package ships, or whose content differs from the package, is a privilege-escalation backdoor.",
			DescriptionZh: "SUID root 程序会以 root 权限为任意本地用户运行。合法的 SUID 程序都来自软件包；无软件包归属或内容与软件包不一致的 SUID 程序即为提权后门。",
			Verify:        "ls -la and hash the file; check which package should own it (dpkg -S) and compare its checksum (dpkg --verify / debsums from trusted media); look at its times on the timeline.",
			VerifyZh:      "ls -la 查看并计算哈希；确认其应属的软件包（dpkg -S）并比对校验和（使用可信介质上的 dpkg --verify / debsums）；在时间线上分析其时间。",
			Advice:        "Remove the set-id bit (chmod u-s,g-s) and quarantine the file; reinstall the package of a modified one; look for how it was created (root access earlier in the timeline).",
			AdviceZh:      "移除 SUID/SGID 位（chmod u-s,g-s）并隔离文件；被修改的文件重新安装其软件包；追查其创建方式（时间线上更早的 root 权限获取）。",
			Attack:        []string{"T1548.001"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/usr", "/opt", "/tmp", "/var/tmp", "/dev/shm", "/home", "/root", "/srv"},
			Run:           rootkitSuidUnowned,
		},
		&Check{
			ID: "rootkit.suid_shell", Family: "rootkit",
			Title:         "Shell or interpreter with the set-user-id bit",
			TitleZh:       "Shell 或脚本解释器被设置了 SUID 位",
			Description:   "A set-user-id copy of a shell, interpreter or program that can spawn one (bash, sh, python, perl, find, vim, awk...) gives root to anyone who runs it (bash -p). It is the most common local root backdoor.",
			DescriptionZh: "Shell、脚本解释器或可派生 Shell 的程序（bash、sh、python、perl、find、vim、awk 等）被设置 SUID 后，任何运行它的人都可获得 root（如 bash -p），是最常见的本地 root 后门。",
			Verify:        "ls -la and hash the file; compare the hash with the shells of the system; look for who created it on the timeline.",
			VerifyZh:      "ls -la 查看并计算哈希，与系统中的 Shell 比对；在时间线上追查其创建者。",
			Advice:        "Remove the set-id bit immediately (chmod u-s,g-s) and quarantine the copy; restore a package file's mode (apt-get install --reinstall); treat root as compromised.",
			AdviceZh:      "立即移除 SUID/SGID 位（chmod u-s,g-s）并隔离该副本；软件包文件可通过重新安装恢复权限（apt-get install --reinstall）；按 root 权限已失陷处理。",
			Attack:        []string{"T1548.001"},
			Category:      "NABACKIMPL",
			Severity:      finding.Critical,
			Reads:         []string{"/usr", "/opt", "/tmp", "/var/tmp", "/dev/shm", "/home", "/root", "/srv"},
			Run:           rootkitSuidShell,
		},
		&Check{
			ID: "rootkit.hidden_executable", Family: "rootkit",
			Title:         "Executable program under a hidden name in a temporary or system directory",
			TitleZh:       "临时或系统目录中以隐藏名称存放的可执行程序",
			Description:   "An ELF program whose name or directory starts with a dot, in /tmp, /var/tmp, /dev/shm or a system directory, and that no package ships. Miners and backdoors (Kinsing, TeamTNT droppers, Mirai variants) stage themselves this way (/tmp/.X25-unix/.rsync, /var/tmp/.systemd/kworker).",
			DescriptionZh: "位于 /tmp、/var/tmp、/dev/shm 或系统目录中、文件名或所在目录以点开头、且无软件包归属的 ELF 程序。挖矿与后门程序（Kinsing、TeamTNT 投放器、Mirai 变种）常以此方式藏身（如 /tmp/.X25-unix/.rsync、/var/tmp/.systemd/kworker）。",
			Verify:        "Hash the file and look it up; check whether a process runs it (ls -l /proc/*/exe) and what starts it (cron, systemd, rc.local).",
			VerifyZh:      "计算文件哈希并查询情报；确认是否有进程正在运行它（ls -l /proc/*/exe）以及由什么启动（cron、systemd、rc.local）。",
			Advice:        "Stop the process that runs it, quarantine the file and remove its persistence; look for the entry point (weak password, exposed service) on the timeline.",
			AdviceZh:      "结束运行它的进程，隔离文件并清除其持久化；在时间线上追查入侵入口（弱口令、暴露服务等）。",
			Attack:        []string{"T1564.001", "T1036.005"},
			Category:      "MPTH",
			Severity:      finding.High,
			Reads:         []string{"/tmp", "/var/tmp", "/dev/shm", "/usr/bin", "/usr/sbin", "/usr/lib", "/etc"},
			Run:           rootkitHiddenExecutable,
		},
	)
}

// ---------------------------------------------------------------------------
// Shared helpers of the rootkit, integrity and hardening families.

// rootkitWalk walks each of dirs (root-relative), once per real directory:
// on merged-/usr systems bin and usr/bin are the same directory.
func rootkitWalk(c *Context, dirs []string, max int, fn func(name string, st *targetfs.Stat) error) error {
	seen := map[string]bool{}
	for _, d := range dirs {
		real := rootkitCanon(c, d)
		dup := false
		for w := range seen {
			if real == w || strings.HasPrefix(real, w+"/") || w == "." {
				dup = true
			}
		}
		if dup {
			continue
		}
		seen[real] = true
		fi, err := c.Src().Stat(d)
		if err != nil || !fi.IsDir() {
			continue
		}
		// Walk the real directory so that names in evidence are canonical,
		// leaving out trees of the list walked on their own (dev/shm
		// inside dev).
		root := real
		err = c.Walk(real, max, func(name string, st *targetfs.Stat) error {
			if st.IsDir() && name != root && seen[name] {
				return fs.SkipDir
			}
			return fn(name, st)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// rootkitCanon returns the canonical name of a root-relative name, so that
// /lib/x86_64-linux-gnu/libc.so.6 and /usr/lib/x86_64-linux-gnu/libc.so.6
// are one file on merged-/usr systems.
func rootkitCanon(c *Context, name string) string {
	if r, err := c.Resolve(strings.TrimPrefix(name, "/")); err == nil {
		return r
	}
	return strings.TrimPrefix(path.Clean("/"+name), "/")
}

// rootkitMagic reads the first bytes of a regular file.
func rootkitMagic(c *Context, name string, n int) []byte {
	f, err := c.Src().Open(name)
	if err != nil {
		return nil
	}
	defer f.Close()
	b := make([]byte, n)
	m, _ := io.ReadFull(f, b)
	return b[:m]
}

// rootkitIsELF reports a file starting with the ELF magic.
func rootkitIsELF(c *Context, name string) bool {
	return bytes.HasPrefix(rootkitMagic(c, name, 4), []byte("\x7fELF"))
}

// rootkitSHA256 hashes at most max bytes of a file ("" on error).
func rootkitSHA256(c *Context, name string, max int64) string {
	f, err := c.Src().Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, max)); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// rootkitMD5 hashes a file with MD5, as dpkg's md5sums do ("" on error).
func rootkitMD5(c *Context, name string) string {
	f, err := c.Src().Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := md5.New()
	if _, err := io.Copy(h, io.LimitReader(f, 1<<30)); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// rootkitFileEvidence describes a file: path, hash, mode, owner and times.
func rootkitFileEvidence(c *Context, name string, st *targetfs.Stat) finding.Evidence {
	ev := finding.Evidence{Path: "/" + strings.TrimPrefix(name, "/"), Fields: map[string]string{}}
	if st != nil {
		ev.Fields["mode"] = fmt.Sprintf("%#o", st.Mode&0o7777)
		ev.Fields["uid"] = strconv.FormatUint(uint64(st.UID), 10)
		ev.Fields["mtime"] = st.Mtime.UTC().Format(time.RFC3339)
		ev.Fields["ctime"] = st.Ctime.UTC().Format(time.RFC3339)
		if !st.Btime.IsZero() {
			ev.Fields["btime"] = st.Btime.UTC().Format(time.RFC3339)
		}
		if st.IsRegular() {
			ev.Fields["size"] = strconv.FormatInt(st.Size, 10)
			ev.SHA256 = rootkitSHA256(c, name, 256<<20)
		}
	}
	return ev
}

// rootkitOwnership names an Ownership for details.
func rootkitOwnership(pkg string, o Ownership) (en, zh string) {
	switch o {
	case Unowned:
		return "no package ships it", "不属于任何软件包"
	case Modified:
		return "its content differs from package " + pkg, "内容与软件包 " + pkg + " 不一致"
	case Pristine:
		return "shipped unmodified by package " + pkg, "属于软件包 " + pkg + " 且未被修改"
	case Edited:
		return "a configuration file of " + pkg + " edited locally", "软件包 " + pkg + " 的配置文件被本地修改"
	}
	return "ownership unknown (no package database)", "归属未知（无软件包数据库）"
}

// rootkitRecent reports a file created or changed within d of now.
func rootkitRecent(c *Context, st *targetfs.Stat, d time.Duration) bool {
	t := st.Ctime
	if !st.Btime.IsZero() {
		t = st.Btime
	}
	return !t.IsZero() && c.Now().Sub(t) < d && c.Now().Sub(t) > -24*time.Hour
}

// rootkitExecutable reports a regular file with an execute bit.
func rootkitExecutable(st *targetfs.Stat) bool { return st.IsRegular() && st.Mode&0o111 != 0 }

// ---------------------------------------------------------------------------
// rootkit.preload_library

// rootkitHookSymbols are libc functions a preloaded library overrides to
// hide files, processes and connections or to steal credentials.
var rootkitHookSymbols = map[string]bool{
	"readdir": true, "readdir64": true, "readdir_r": true, "readdir64_r": true,
	"fopen": true, "fopen64": true, "open": true, "open64": true, "openat": true,
	"__xstat": true, "__xstat64": true, "__lxstat": true, "__lxstat64": true, "__fxstat": true,
	"stat": true, "lstat": true, "stat64": true, "lstat64": true, "statx": true,
	"access": true, "unlink": true, "unlinkat": true, "rmdir": true, "opendir": true,
	"accept": true, "pcap_loop": true, "pam_authenticate": true, "pam_sm_authenticate": true,
	"getpwnam": true, "getspnam": true, "execve": true, "kill": true,
}

// rootkitStealthSymbols are the hooks that only hiding needs: a library
// exporting one of them besides libc itself is a rootkit.
var rootkitStealthSymbols = map[string]bool{"readdir": true, "readdir64": true, "__lxstat": true, "__lxstat64": true, "__xstat": true, "__xstat64": true, "fopen": true, "fopen64": true}

// rootkitExports lists the defined dynamic function symbols of an ELF file
// among names (bounded read).
func rootkitExports(c *Context, name string, names map[string]bool) []string {
	b, err := c.ReadFile(name, 64<<20)
	if err != nil && len(b) == 0 {
		return nil
	}
	f, err := debugelf.NewFile(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	defer f.Close()
	syms, err := f.DynamicSymbols()
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, s := range syms {
		if s.Section == debugelf.SHN_UNDEF || debugelf.ST_TYPE(s.Info) != debugelf.STT_FUNC && debugelf.ST_TYPE(s.Info) != debugelf.STT_GNU_IFUNC {
			continue
		}
		n := s.Name
		if i := strings.IndexByte(n, '@'); i >= 0 {
			n = n[:i]
		}
		if names[n] && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// rootkitLibDirs are where ld.so looks for a bare library name.
var rootkitLibDirs = []string{"lib", "usr/lib", "lib64", "usr/lib64", "lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu", "lib/aarch64-linux-gnu", "usr/lib/aarch64-linux-gnu", "usr/local/lib"}

// rootkitPreloadEntries parses /etc/ld.so.preload: names separated by
// white space or colons (as ld.so reads it).
func rootkitPreloadEntries(b []byte) []string {
	return strings.FieldsFunc(string(b), func(r rune) bool { return r == ':' || unicode.IsSpace(r) })
}

func rootkitPreloadLibrary(c *Context) error {
	b, err := c.ReadFile("etc/ld.so.preload", 64<<10)
	if err != nil && len(b) == 0 {
		return ignoreMissing(err)
	}
	seen := map[string]bool{}
	for _, ent := range rootkitPreloadEntries(b) {
		if strings.HasPrefix(ent, "#") {
			continue
		}
		var cands []string
		if strings.Contains(ent, "/") {
			cands = []string{strings.TrimPrefix(path.Clean("/"+ent), "/")}
		} else {
			for _, d := range rootkitLibDirs {
				cands = append(cands, d+"/"+ent)
			}
		}
		for _, name := range cands {
			st, err := c.StatOf(name)
			if err != nil {
				continue
			}
			if real := rootkitCanon(c, name); real != name {
				if st2, err := c.StatOf(real); err == nil {
					name, st = real, st2
				}
			}
			if seen[name] || !st.IsRegular() {
				break
			}
			seen[name] = true
			rootkitJudgePreload(c, ent, name, st)
			break
		}
	}
	return nil
}

func rootkitJudgePreload(c *Context, ent, name string, st *targetfs.Stat) {
	abs := "/" + name
	pkg, own := c.Owned(name)
	var en, zh []string
	sev := finding.Medium
	bump := func(s finding.Severity) {
		if s > sev {
			sev = s
		}
	}
	switch own {
	case Pristine, Edited:
		return // a package's library (jemalloc, libfakeroot...) shipped as is
	case Modified:
		bump(finding.Critical)
	case Unowned:
		bump(finding.High)
	}
	oe, oz := rootkitOwnership(pkg, own)
	en, zh = append(en, oe), append(zh, oz)
	if InTempDir(abs) {
		bump(finding.Critical)
		en, zh = append(en, "it lies in a world-writable temporary directory"), append(zh, "位于全局可写的临时目录")
	}
	if HiddenPath(abs) {
		bump(finding.Critical)
		en, zh = append(en, "its path is hidden (a name starting with a dot)"), append(zh, "路径为隐藏路径（以点开头）")
	}
	if rootkitRecent(c, st, 30*24*time.Hour) {
		en, zh = append(en, "it was created or changed in the last 30 days"), append(zh, "在最近 30 天内创建或修改")
	}
	hooks := rootkitExports(c, name, rootkitHookSymbols)
	stealth := 0
	for _, h := range hooks {
		if rootkitStealthSymbols[h] {
			stealth++
		}
	}
	if len(hooks) > 0 {
		if stealth > 0 {
			bump(finding.Critical)
		} else {
			bump(finding.High)
		}
		en = append(en, "it overrides libc functions used to hide or to steal credentials: "+strings.Join(hooks, ", "))
		zh = append(zh, "覆盖了用于隐藏或窃取凭据的 libc 函数："+strings.Join(hooks, ", "))
	}
	ev := rootkitFileEvidence(c, name, st)
	ev.Fields["preload_entry"] = ent
	c.Report(Hit{
		Severity: sev, SeveritySet: true,
		Detail:   fmt.Sprintf("/etc/ld.so.preload loads %s: %s.", abs, strings.Join(en, "; ")),
		DetailZh: fmt.Sprintf("/etc/ld.so.preload 预加载 %s：%s。", abs, strings.Join(zh, "；")),
		Evidence: []finding.Evidence{ev, {Path: "/etc/ld.so.preload", Excerpt: Excerpt(ent, 200)}},
	})
}

// ---------------------------------------------------------------------------
// Kernel modules.

// rootkitModName normalises a module name as the kernel does ("-" is "_").
func rootkitModName(s string) string { return strings.ReplaceAll(s, "-", "_") }

// rootkitBuiltin reads lib/modules/KERNEL/modules.builtin: the modules
// compiled into the kernel. ok is false when it cannot be read.
func rootkitBuiltin(c *Context, kernel string) (map[string]bool, bool) {
	if kernel == "" || strings.Contains(kernel, "/") {
		return nil, false
	}
	var b []byte
	var err error
	for _, d := range []string{"lib/modules/", "usr/lib/modules/"} {
		if b, err = c.ReadFile(d+kernel+"/modules.builtin", 8<<20); err == nil {
			break
		}
	}
	if err != nil {
		return nil, false
	}
	out := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		base := path.Base(line)
		if i := strings.Index(base, ".ko"); i >= 0 {
			base = base[:i]
		}
		out[rootkitModName(base)] = true
	}
	return out, true
}

func rootkitHiddenModule(c *Context) error {
	snap, err := c.Snapshot()
	if err != nil {
		return err
	}
	loaded := map[string]bool{}
	for _, m := range snap.Modules {
		loaded[rootkitModName(m.Name)] = true
	}
	builtin, haveBuiltin := rootkitBuiltin(c, snap.Host.Kernel)
	live := c.Src().Kind() == source.KindLive
	var unsure []string
	for _, name := range snap.SysModules {
		n := rootkitModName(name)
		if loaded[n] || strings.ContainsAny(name, "/\x00") || name == "." || name == ".." {
			continue
		}
		state, rerr := c.ReadFile("sys/module/"+name+"/initstate", 64)
		st := strings.TrimSpace(string(state))
		switch {
		case rerr == nil && st != "":
			// Only loadable modules have initstate: this one is loaded but
			// unlisted.
			if st == "live" || st == "coming" || st == "going" {
				c.Report(Hit{
					Detail:   fmt.Sprintf("Module %q is loaded (initstate %s) but hidden from /proc/modules.", name, st),
					DetailZh: fmt.Sprintf("模块 %q 已加载（initstate 为 %s），但未出现在 /proc/modules 中。", name, st),
					Evidence: []finding.Evidence{{Path: "/sys/module/" + name + "/initstate", Excerpt: st}, {Path: "/proc/modules", Fields: map[string]string{"modules_listed": strconv.Itoa(len(snap.Modules))}}},
				})
			}
		case live && IsNotExist(rerr):
			// Built into the kernel: no initstate.
		case haveBuiltin && builtin[n]:
		case haveBuiltin:
			c.Report(Hit{
				Severity: finding.Medium, SeveritySet: true, Confidence: "low",
				Detail:   fmt.Sprintf("Module %q has a /sys/module entry, is not in /proc/modules and is not listed as built into kernel %s; its initstate could not be read from the snapshot.", name, snap.Host.Kernel),
				DetailZh: fmt.Sprintf("模块 %q 存在于 /sys/module，不在 /proc/modules 中，也未列入内核 %s 的内置模块清单；快照中无法读取其 initstate。", name, snap.Host.Kernel),
				Evidence: []finding.Evidence{{Path: "/sys/module/" + name}, {Path: "/lib/modules/" + snap.Host.Kernel + "/modules.builtin"}},
			})
		default:
			unsure = append(unsure, name)
		}
	}
	if len(unsure) > 0 && !live {
		sort.Strings(unsure)
		c.Report(Hit{
			Severity: finding.Low, SeveritySet: true, Confidence: "low",
			Detail:   fmt.Sprintf("%d /sys/module entries are not in /proc/modules and the snapshot cannot tell built-in modules from hidden ones (no modules.builtin for kernel %q): %s.", len(unsure), snap.Host.Kernel, Excerpt(strings.Join(unsure, ", "), 600)),
			DetailZh: fmt.Sprintf("有 %d 个 /sys/module 条目不在 /proc/modules 中，且快照无法区分内置模块与隐藏模块（缺少内核 %q 的 modules.builtin）：%s。", len(unsure), snap.Host.Kernel, Excerpt(strings.Join(unsure, ", "), 600)),
			Evidence: []finding.Evidence{{Path: "/sys/module"}},
		})
	}
	return nil
}

// rootkitKallsyms reads /proc/kallsyms on the live host and calls fn with
// each module-owned symbol and its module.
func rootkitKallsyms(c *Context, fn func(sym, mod string)) error {
	f, err := c.Src().Open("proc/kallsyms")
	if err != nil {
		return ignoreMissing(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(io.LimitReader(f, 512<<20))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		i := strings.IndexByte(line, '[')
		if i < 0 || !strings.HasSuffix(line, "]") {
			continue
		}
		mod := line[i+1 : len(line)-1]
		f := strings.Fields(line[:i])
		if len(f) < 3 {
			continue
		}
		fn(f[2], mod)
	}
	return sc.Err()
}

// rootkitPseudoModule reports kallsyms tags that are not modules.
func rootkitPseudoModule(mod string) bool {
	return mod == "bpf" || strings.HasPrefix(mod, "__builtin") || mod == "kprobes" || mod == "ftrace"
}

func rootkitKallsymsModule(c *Context) error {
	snap, err := c.Snapshot()
	if err != nil {
		return err
	}
	loaded := map[string]bool{}
	for _, m := range snap.Modules {
		loaded[rootkitModName(m.Name)] = true
	}
	count := map[string]int{}
	sample := map[string]string{}
	if err := rootkitKallsyms(c, func(sym, mod string) {
		if rootkitPseudoModule(mod) || loaded[rootkitModName(mod)] {
			return
		}
		count[mod]++
		if sample[mod] == "" {
			sample[mod] = sym
		}
	}); err != nil {
		return err
	}
	mods := make([]string, 0, len(count))
	for m := range count {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	for _, m := range mods {
		c.Report(Hit{
			Detail:   fmt.Sprintf("/proc/kallsyms holds %d symbols of module %q (e.g. %s) that /proc/modules does not list.", count[m], m, sample[m]),
			DetailZh: fmt.Sprintf("/proc/kallsyms 中有模块 %q 的 %d 个符号（如 %s），但 /proc/modules 未列出该模块。", m, count[m], sample[m]),
			Evidence: []finding.Evidence{{Path: "/proc/kallsyms", Excerpt: sample[m] + " [" + m + "]"}},
		})
	}
	return nil
}

// rootkitKernelSymbols are function names of public kernel rootkits
// (rkhunter's and GScan's kernel symbol lists), matched only on symbols
// that belong to a module.
var rootkitKernelSymbols = map[string]string{
	"hacked_getdents": "Diamorphine", "hacked_getdents64": "Diamorphine", "hacked_kill": "Diamorphine",
	"give_root": "Diamorphine", "is_invisible": "Diamorphine", "module_hide": "Diamorphine", "module_hidden": "Diamorphine",
	"h4x_delete_module": "KBeast", "h4x_getdents64": "KBeast", "h4x_kill": "KBeast", "h4x_open": "KBeast",
	"h4x_read": "KBeast", "h4x_rename": "KBeast", "h4x_rmdir": "KBeast", "h4x_tcp4_seq_show": "KBeast", "h4x_write": "KBeast",
	"should_hide_file_name": "Vampire", "should_hide_task_name": "Vampire", "new_getdents": "Vampire",
	"find_sys_call_tbl": "IntoXonia-NG", "ixinit": "IntoXonia-NG", "kernel_unlink": "IntoXonia-NG",
	"heroin": "Heroin LKM",
}

func rootkitKallsymsSymbol(c *Context) error {
	type hit struct{ kit, mod string }
	found := map[hit][]string{}
	if err := rootkitKallsyms(c, func(sym, mod string) {
		if kit, ok := rootkitKernelSymbols[sym]; ok && !rootkitPseudoModule(mod) {
			h := hit{kit, mod}
			found[h] = append(found[h], sym)
		}
	}); err != nil {
		return err
	}
	keys := make([]hit, 0, len(found))
	for k := range found {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].mod < keys[j].mod })
	for _, k := range keys {
		syms := found[k]
		sort.Strings(syms)
		c.Report(Hit{
			Detail:   fmt.Sprintf("Module %q exports %s, function names of the %s rootkit.", k.mod, strings.Join(syms, ", "), k.kit),
			DetailZh: fmt.Sprintf("模块 %q 导出了 %s，与 %s Rootkit 的函数名一致。", k.mod, strings.Join(syms, ", "), k.kit),
			Evidence: []finding.Evidence{{Path: "/proc/kallsyms", Excerpt: strings.Join(syms, " ") + " [" + k.mod + "]"}},
		})
	}
	return nil
}

// rootkitTaintFlags are the bits of /proc/sys/kernel/tainted
// (Documentation/admin-guide/tainted-kernels.rst).
var rootkitTaintFlags = []struct {
	bit    uint
	letter string
	en, zh string
}{
	{0, "P", "proprietary module loaded", "加载了专有（非 GPL）模块"},
	{1, "F", "module force-loaded", "模块被强制加载"},
	{2, "S", "kernel running on out-of-spec system", "内核运行在不符合规范的系统上"},
	{3, "R", "module force-unloaded", "模块被强制卸载"},
	{4, "M", "machine check exception", "发生机器检查异常"},
	{5, "B", "bad page referenced", "引用了错误内存页"},
	{6, "U", "taint requested by user space", "用户空间请求设置污染"},
	{7, "D", "kernel died recently (oops or BUG)", "内核近期发生 oops 或 BUG"},
	{8, "A", "ACPI table overridden", "ACPI 表被覆盖"},
	{9, "W", "kernel issued a warning", "内核发出过警告"},
	{10, "C", "staging driver loaded", "加载了 staging 驱动"},
	{11, "I", "firmware bug workaround applied", "应用了固件缺陷规避"},
	{12, "O", "out-of-tree module loaded", "加载了内核源码树外编译的模块"},
	{13, "E", "unsigned module loaded", "加载了未签名模块"},
	{14, "L", "soft lockup occurred", "发生过软死锁"},
	{15, "K", "kernel live-patched", "内核被热补丁修改"},
	{16, "X", "auxiliary taint (distribution-defined)", "发行版定义的辅助污染"},
	{17, "T", "built with struct randomization plugin", "使用结构体随机化插件编译"},
	{18, "N", "in-kernel test run", "运行过内核内测试"},
}

func rootkitKernelTaint(c *Context) error {
	snap, err := c.Snapshot()
	if err != nil {
		return err
	}
	t := snap.KernelTaint
	const moduleBits = 1<<0 | 1<<1 | 1<<3 | 1<<12 | 1<<13
	if t&moduleBits == 0 {
		return nil
	}
	var letters, en, zh []string
	for _, f := range rootkitTaintFlags {
		if t&(1<<f.bit) != 0 {
			letters = append(letters, f.letter)
			en = append(en, f.letter+" = "+f.en)
			zh = append(zh, f.letter+" = "+f.zh)
		}
	}
	// Which listed modules carry the module taints, and are they modules
	// installed on disk the ordinary way (a package or DKMS)?
	var carriers, unexplained []string
	for _, m := range snap.Modules {
		if !strings.ContainsAny(m.Taint, "OEPF") {
			continue
		}
		carriers = append(carriers, m.Name+"("+m.Taint+")")
		if !rootkitModuleInstalled(c, snap.Host.Kernel, m.Name) {
			unexplained = append(unexplained, m.Name)
		}
	}
	sev := finding.Low
	var why, whyZh string
	switch {
	case t&(1<<1|1<<3) != 0:
		sev = finding.High
		why, whyZh = "A module was force-loaded or force-unloaded, which normal operation never does.", "存在模块被强制加载或强制卸载，正常运维不会这样做。"
	case len(unexplained) > 0:
		sev = finding.Medium
		why = "Tainting modules not installed under /lib/modules by a package or DKMS: " + strings.Join(unexplained, ", ") + "."
		whyZh = "以下污染内核的模块并非由软件包或 DKMS 安装在 /lib/modules 下：" + strings.Join(unexplained, ", ") + "。"
	case len(carriers) == 0:
		sev = finding.Medium
		why = "No module now listed in /proc/modules carries the taint: the module that set it has been unloaded or is hidden."
		whyZh = "当前 /proc/modules 中没有模块带有该污染标志：设置污染的模块已被卸载或被隐藏。"
	default:
		why = "The tainting modules are installed under /lib/modules: " + strings.Join(carriers, ", ") + "."
		whyZh = "污染内核的模块均安装在 /lib/modules 下：" + strings.Join(carriers, ", ") + "。"
	}
	c.Report(Hit{
		Severity: sev, SeveritySet: true,
		Detail:   fmt.Sprintf("Kernel taint %d (%s): %s. %s", t, strings.Join(letters, ""), strings.Join(en, "; "), why),
		DetailZh: fmt.Sprintf("内核污染值 %d（%s）：%s。%s", t, strings.Join(letters, ""), strings.Join(zh, "；"), whyZh),
		Evidence: []finding.Evidence{{Path: "/proc/sys/kernel/tainted", Excerpt: strconv.FormatUint(t, 10), Fields: map[string]string{"tainting_modules": strings.Join(carriers, " ")}}},
	})
	return nil
}

// rootkitModuleInstalled reports a module file for name under
// lib/modules/KERNEL owned by a package or placed by DKMS.
func rootkitModuleInstalled(c *Context, kernel, name string) bool {
	if kernel == "" || strings.Contains(kernel, "/") {
		return false
	}
	want := rootkitModName(name)
	found := false
	for _, base := range []string{"lib/modules/" + kernel, "usr/lib/modules/" + kernel} {
		c.Walk(base, 200000, func(p string, st *targetfs.Stat) error {
			if found || st.IsDir() {
				return nil
			}
			b := path.Base(p)
			i := strings.Index(b, ".ko")
			if i < 0 || rootkitModName(b[:i]) != want {
				return nil
			}
			if strings.Contains(p, "/updates/dkms/") || strings.Contains(p, "/extra/") {
				found = true
			} else if _, o := c.Owned(p); o == Pristine {
				found = true
			}
			if found {
				return fs.SkipAll
			}
			return nil
		})
		if found {
			return true
		}
	}
	return false
}

// rootkitKnownModules are kernel module names of public rootkits.
var rootkitKnownModules = map[string]string{
	"diamorphine": "Diamorphine", "reptile": "Reptile", "reptile_module": "Reptile", "kovid": "KoviD",
	"suterusu": "Suterusu", "ipsecs_kbeast_v1": "KBeast", "enyelkm": "EnyeLKM", "adore": "Adore-ng",
	"adore_ng": "Adore-ng", "heroin": "Heroin LKM", "nuk3gh0st": "Nuk3Gh0st", "rootfoo": "Rootfoo",
	"brootus": "Brootus", "puszek": "Puszek", "sutekh": "Sutekh", "bds_lkm": "BDS",
}

func rootkitKnownModule(c *Context) error {
	snap, err := c.Snapshot()
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	report := func(name, where string) {
		n := rootkitModName(strings.ToLower(name))
		kit, ok := rootkitKnownModules[n]
		if !ok || seen[n] {
			return
		}
		seen[n] = true
		c.Report(Hit{
			Detail:   fmt.Sprintf("Module %q (the %s rootkit) is listed in %s.", name, kit, where),
			DetailZh: fmt.Sprintf("%s 中存在模块 %q（%s Rootkit）。", where, name, kit),
			Evidence: []finding.Evidence{{Path: where, Excerpt: name}},
		})
	}
	for _, m := range snap.Modules {
		report(m.Name, "/proc/modules")
	}
	for _, m := range snap.SysModules {
		report(m, "/sys/module")
	}
	return nil
}

// rootkitModuleStrings are byte strings inside rootkit modules.
var rootkitModuleStrings = []string{"hacked_getdents", "hacked_kill", "h4x_getdents64", "should_hide_file_name", "find_sys_call_tbl", "reptile_shell", "give_root"}

func rootkitModuleFile(c *Context) error {
	scan := rootkitScanOf(c)
	for _, e := range scan.kos {
		p, st := e.name, e.st
		mod := rootkitKOName(p)
		inTree := strings.HasPrefix(p, "lib/modules/") || strings.HasPrefix(p, "usr/lib/modules/")
		kit, known := rootkitKnownModules[rootkitModName(strings.ToLower(mod))]
		if inTree && !known {
			continue // integrity.unowned_kernel_module judges these
		}
		if _, o := c.Owned(p); o == Pristine {
			continue
		}
		sev := finding.High
		var en, zh []string
		if known {
			sev = finding.Critical
			en, zh = append(en, "it has the name of the "+kit+" rootkit"), append(zh, "与 "+kit+" Rootkit 同名")
		}
		if b, _ := c.ReadFile(p, 16<<20); len(b) > 0 {
			for _, s := range rootkitModuleStrings {
				if bytes.Contains(b, []byte(s)) {
					sev = finding.Critical
					en, zh = append(en, "it contains the rootkit function name "+s), append(zh, "包含 Rootkit 函数名 "+s)
					break
				}
			}
		}
		if InTempDir("/"+p) || HiddenPath("/"+p) {
			en, zh = append(en, "it lies in a temporary or hidden directory"), append(zh, "位于临时或隐藏目录")
		}
		if !inTree {
			en, zh = append(en, "kernel modules belong under /lib/modules"), append(zh, "内核模块应位于 /lib/modules 下")
		}
		c.Report(Hit{
			Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("Kernel module file %s: %s.", "/"+p, strings.Join(en, "; ")),
			DetailZh: fmt.Sprintf("内核模块文件 %s：%s。", "/"+p, strings.Join(zh, "；")),
			Evidence: []finding.Evidence{rootkitFileEvidence(c, p, st)},
		})
	}
	return scan.err
}

// ---------------------------------------------------------------------------
// rootkit.known_files

// rootkitKnownPaths maps rootkit and malware names to paths attributed to
// them by public catalogues: rkhunter's rootkit file lists, OSSEC's
// rootcheck rootkit_files.txt (published as osquery's ossec-rootkit pack)
// and vendor reports. Paths that collide with files of real packages on some
// distributions (libproc.so.2.0.x, in.telnetd, sshd_config) are left out;
// every hit is also checked against the package database. A '*' is a glob.
var rootkitKnownPaths = map[string][]string{
	"Reptile":             {"/reptile", "/reptile/reptile_cmd", "/lib/udev/reptile"},
	"Beurk / Azazel":      {"/lib/libselinux.so"},
	"Jynx":                {"/xochikit", "/omgxochi", "/var/local/^^"},
	"Jynx2":               {"/XxJynx", "/XxJynx/reality.so", "/XxJynx/jynx2.so"},
	"KBeast":              {"/usr/_h4x_", "/usr/_h4x_/ipsecs-kbeast-v1.ko", "/usr/_h4x_/_h4x_bd"},
	"Mood-NT":             {"/_cthulhu", "/sbin/init__mood-nt-_-_cthulhu"},
	"Phalanx":             {"/uNFuNF", "/etc/host.ph1", "/bin/host.ph1", "/usr/share/.home.ph1"},
	"Phalanx2":            {"/etc/khubd.p2", "/etc/lolzz.p2", "/usr/lib/zupzz.p2", "/etc/cron.d/zupzzplaceholder"},
	"Ebury":               {"/lib/libns2.so", "/lib64/libns2.so", "/lib/libns5.so", "/lib64/libns5.so", "/lib/libpw3.so", "/lib64/libpw3.so", "/lib/libpw5.so", "/lib64/libpw5.so", "/lib/libsbr.so", "/lib64/libsbr.so", "/lib/libslr.so", "/lib64/libslr.so", "/lib/tls/libkeyutils.so.1", "/lib64/tls/libkeyutils.so.1"},
	"ld-linuxv":           {"/lib/ld-linuxv.so.1", "/var/opt/_so_cache"},
	"Umbreon":             {"/usr/share/libc.so.*"},
	"Adore":               {"/usr/secure", "/usr/doc/kern/adore.o", "/usr/lib/kterm", "/etc/bin/ava", "/etc/sbin/ava", "/usr/bin/adore"},
	"AjaKit / Tuxtendo":   {"/dev/tux", "/lib/.libgh-gh", "/lib/.libgh.gh", "/lib/.ligh.gh"},
	"Ambient (ark)":       {"/dev/ptyxx"},
	"BOBkit":              {"/usr/sbin/...", "/usr/include/...", "/usr/lib/...", "/usr/lib/.bkit-", "/tmp/.bkp", "/usr/sbin/ntpsx", "/usr/bin/ntpsx"},
	"cb":                  {"/usr/bin/.zeen", "/usr/bin/.system"},
	"CiNIK / Slapper":     {"/tmp/.cinik", "/tmp/.font-unix/.cinik", "/tmp/.bugtraq", "/tmp/.bugtraq.c", "/tmp/.uubugtraq", "/tmp/.unlock"},
	"Dica-Kit":            {"/var/run/...dica", "/lib/.sso"},
	"Duarawkz":            {"/usr/bin/duarawkz"},
	"ENYE LKM":            {"/etc/.enyelkmHIDE^IT.ko", "/etc/.enyelkmOCULTAR.ko"},
	"Flea / iLLogiC":      {"/lib/security/.config", "/etc/ld.so.hash", "/dev/..0"},
	"Fuckit":              {"/dev/proc/fuckit", "/usr/lib/libcps.a", "/usr/lib/libtty.a"},
	"GasKit":              {"/dev/dev/gaskit"},
	"HjC Kit":             {"/dev/.hijackerz"},
	"ignoKit":             {"/usr/lib/.libigno", "/lib/defs", "/usr/lib/defs"},
	"Lion / T0rn":         {"/dev/.lib/lib", "/usr/src/.puta", "/usr/info/.t0rn", "/usr/info/.torn", "/bin/mjy"},
	"Lockit":              {"/usr/lib/libmen.oo"},
	"MRK / Xzibit":        {"/dev/ida/.inet"},
	"Ni0 / Ohhara":        {"/var/lock/subsys/...datafile..."},
	"Oz":                  {"/dev/.oz"},
	"R3dstorm":            {"/var/log/tk02", "/bin/..."},
	"RH-Sharpe":           {"/usr/bin/lpstree", "/usr/bin/ltop", "/usr/bin/lkillall", "/usr/bin/ldu", "/usr/bin/lnetstat", "/bin/lps"},
	"RSHA":                {"/bin/kr4p", "/usr/bin/n3tstat", "/usr/bin/chsh2", "/usr/bin/slice2", "/etc/rc.d/rsha"},
	"SHV4 / SHV5":         {"/lib/libsh.so", "/usr/lib/libsh", "/lib/ldd.so", "/lib/lidps1.so", "/etc/sh.conf"},
	"Sin":                 {"/dev/.haos", "/usr/lib/sn"},
	"Sneakin":             {"/tmp/.X11-unix/..."},
	"Suckit":              {"/sbin/initsk12", "/sbin/initxrk", "/usr/share/locale/sk/.sk12", "/dev/sdhu0", "/etc/.MG"},
	"Superkit":            {"/usr/man/.sman"},
	"trNkit":              {"/dev/.ttpy", "/usr/lib/libbins.la", "/usr/lib/libtcs.so"},
	"Trojanit":            {"/bin/.ps", "/bin/.ls", "/bin/.netstat", "/usr/bin/.nop", "/usr/bin/.who"},
	"Volc":                {"/usr/lib/volc", "/usr/bin/volc", "/var/spool/.recent"},
	"zk":                  {"/usr/share/.zk", "/etc/1ssue.net", "/usr/X11R6/.zk"},
	"Ramen worm":          {"/usr/lib/ldlibps.so", "/usr/lib/ldlibns.so", "/usr/lib/ldliblogin.so", "/usr/src/.poop", "/tmp/ramen.tgz"},
	"Knark":               {"/dev/.pizda", "/dev/.pula"},
	"55808 worm":          {"/tmp/..."},
	"Showtee / Balaur":    {"/usr/lib/.egcs", "/usr/lib/.wormie", "/usr/lib/.kinetic", "/usr/lib/liblog.o"},
	"Madalin / Dreams":    {"/usr/include/icekey.h", "/usr/include/iceconf.h", "/usr/include/iceseed.h", "/usr/lib/libshtift"},
	"Kinsing":             {"/tmp/kdevtmpfsi", "/var/tmp/kdevtmpfsi", "/dev/shm/kdevtmpfsi", "/tmp/kinsing", "/var/tmp/kinsing"},
	"Triple Cross (eBPF)": {"/tmp/rootlog"},
}

func rootkitKnownFiles(c *Context) error {
	kits := make([]string, 0, len(rootkitKnownPaths))
	for k := range rootkitKnownPaths {
		kits = append(kits, k)
	}
	sort.Strings(kits)
	for _, kit := range kits {
		var evs []finding.Evidence
		var names []string
		seen := map[string]bool{}
		for _, p := range rootkitKnownPaths[kit] {
			var hits []string
			if strings.ContainsAny(p, "*?[") {
				hits = c.Glob(p)
			} else if c.Exists(strings.TrimPrefix(p, "/")) {
				hits = []string{strings.TrimPrefix(p, "/")}
			}
			for _, h := range hits {
				real := rootkitCanon(c, h)
				if seen[real] {
					continue
				}
				seen[real] = true
				st, err := c.StatOf(h)
				if err != nil || st.IsSymlink() {
					continue // merged-/usr links are not the kit's files
				}
				if _, o := c.Owned(h); o == Pristine || o == Edited {
					continue
				}
				if st.IsDir() {
					if _, owned := c.Packages().Owner("/" + real); owned {
						continue
					}
				}
				names = append(names, "/"+h)
				evs = append(evs, rootkitFileEvidence(c, h, st))
			}
		}
		if len(evs) == 0 {
			continue
		}
		c.Report(Hit{
			Detail:   fmt.Sprintf("Paths of %s found: %s.", kit, strings.Join(names, ", ")),
			DetailZh: fmt.Sprintf("发现 %s 的特征路径：%s。", kit, strings.Join(names, ", ")),
			Evidence: evs,
		})
	}
	return nil
}

// ---------------------------------------------------------------------------
// rootkit.deceptive_name

// rootkitDeceptive says why a directory entry name is deceptive, or "".
func rootkitDeceptive(name string) (en, zh string) {
	if name == "" || name == "." || name == ".." {
		return "", ""
	}
	if !utf8.ValidString(name) {
		return "the name is not valid UTF-8", "名称不是有效的 UTF-8"
	}
	onlyDots, dotsSpaces, onlySpace := true, true, true
	for _, r := range name {
		if r != '.' {
			onlyDots = false
		}
		if r != '.' && !unicode.IsSpace(r) {
			dotsSpaces = false
		}
		if !unicode.IsSpace(r) {
			onlySpace = false
		}
	}
	switch {
	case onlyDots:
		return "the name is only dots (\"" + name + "\"), made to pass for . and ..", "名称全部由点组成（\"" + name + "\"），用于伪装成 . 和 .."
	case onlySpace:
		return "the name is only white space", "名称全部由空白字符组成"
	case dotsSpaces:
		return "the name is dots and spaces, made to pass for . or ..", "名称由点和空格组成，用于伪装成 . 或 .."
	}
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return fmt.Sprintf("the name holds the control character U+%04X", r), fmt.Sprintf("名称包含控制字符 U+%04X", r)
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
			return fmt.Sprintf("the name holds the bidirectional override U+%04X, which reorders how it is displayed", r), fmt.Sprintf("名称包含双向文本控制字符 U+%04X，会改变显示顺序", r)
		case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff, r == 0x00ad, r == 0x180e:
			return fmt.Sprintf("the name holds the invisible character U+%04X", r), fmt.Sprintf("名称包含不可见字符 U+%04X", r)
		}
	}
	if strings.TrimSpace(name) != name {
		return "the name has leading or trailing white space (\"" + name + "\"), made to look like \"" + strings.TrimSpace(name) + "\"", "名称首尾含空白（\"" + name + "\"），用于伪装成 \"" + strings.TrimSpace(name) + "\""
	}
	return "", ""
}

func rootkitDeceptiveName(c *Context) error {
	scan := rootkitScanOf(c)
	var reported []string
	for _, e := range scan.deceptive {
		p, st := e.name, e.st
		inside := false
		for _, r := range reported {
			if strings.HasPrefix(p, r+"/") {
				inside = true
			}
		}
		if inside {
			continue // one finding per hidden tree
		}
		if _, o := c.Owned(p); o == Pristine || o == Edited {
			continue
		}
		en, zh := rootkitDeceptive(path.Base(p))
		kind, kindZh := "File", "文件"
		if st.IsDir() {
			kind, kindZh = "Directory", "目录"
			reported = append(reported, p)
		}
		c.Report(Hit{
			Detail:   fmt.Sprintf("%s %q: %s.", kind, "/"+p, en),
			DetailZh: fmt.Sprintf("%s %q：%s。", kindZh, "/"+p, zh),
			Evidence: []finding.Evidence{rootkitFileEvidence(c, p, st)},
		})
	}
	return scan.err
}

// ---------------------------------------------------------------------------
// rootkit.dev_file

// rootkitDevSkip are subtrees of /dev where regular files belong: tmpfs
// mounts for shared memory and message queues, hugepages, and old udev's
// database.
var rootkitDevSkip = map[string]bool{"dev/shm": true, "dev/mqueue": true, "dev/hugepages": true, "dev/pts": true, "dev/.udev": true, "dev/.initramfs": true}

// rootkitDevAllow are exact regular files that container runtimes put in /dev.
var rootkitDevAllow = map[string]bool{"dev/termination-log": true}

func rootkitDevFile(c *Context) error {
	return c.Walk("dev", 100000, func(p string, st *targetfs.Stat) error {
		if st.IsDir() && rootkitDevSkip[p] {
			return fs.SkipDir
		}
		if !st.IsRegular() || rootkitDevAllow[p] {
			return nil
		}
		if _, o := c.Owned(p); o == Pristine || o == Edited {
			return nil // e.g. MAKEDEV
		}
		sev := finding.Medium
		en, zh := "a regular file", "普通文件"
		if rootkitIsELF(c, p) {
			sev = finding.High
			en, zh = "an executable program (ELF)", "可执行程序（ELF）"
		} else if rootkitExecutable(st) {
			sev = finding.High
			en, zh = "an executable file", "可执行文件"
		}
		if HiddenPath("/" + p) {
			en, zh = en+" under a hidden name", zh+"，且位于隐藏路径"
			if sev < finding.High {
				sev = finding.High
			}
		}
		c.Report(Hit{
			Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("/%s is %s in /dev.", p, en),
			DetailZh: fmt.Sprintf("/%s 是位于 /dev 中的%s。", p, zh),
			Evidence: []finding.Evidence{rootkitFileEvidence(c, p, st)},
		})
		return nil
	})
}

// ---------------------------------------------------------------------------
// rootkit.immutable_file

// rootkitSensitive lists credential and persistence files (globs).
var rootkitSensitive = []string{
	"etc/passwd", "etc/shadow", "etc/group", "etc/gshadow", "etc/sudoers", "etc/sudoers.d/*",
	"etc/ld.so.preload", "etc/ld.so.conf", "etc/ld.so.conf.d/*", "etc/crontab", "etc/cron.d/*", "etc/cron.hourly/*",
	"etc/cron.daily/*", "etc/anacrontab", "var/spool/cron/*", "var/spool/cron/crontabs/*", "etc/rc.local", "etc/rc.d/rc.local",
	"etc/profile", "etc/profile.d/*", "etc/bash.bashrc", "etc/bashrc", "etc/environment", "etc/hosts", "etc/resolv.conf",
	"etc/ssh/sshd_config", "etc/ssh/sshd_config.d/*", "etc/pam.d/*", "etc/systemd/system/*", "etc/init.d/*",
	"root/.ssh/authorized_keys", "root/.ssh/authorized_keys2", "root/.bashrc", "root/.profile", "root/.bash_profile",
}

func rootkitImmutableFile(c *Context) error {
	seen := map[string]bool{}
	report := func(p string, st *targetfs.Stat, sev finding.Severity, what, whatZh string) {
		if seen[p] || !(st.Immutable || st.AppendOnly) {
			return
		}
		seen[p] = true
		attr := "immutable (+i)"
		if !st.Immutable {
			attr = "append-only (+a)"
		} else if st.AppendOnly {
			attr = "immutable and append-only (+i +a)"
		}
		ev := rootkitFileEvidence(c, p, st)
		ev.Fields["attributes"] = attr
		c.Report(Hit{
			Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("%s /%s is %s.", what, p, attr),
			DetailZh: fmt.Sprintf("%s /%s 被设置为 %s。", whatZh, p, attr),
			Evidence: []finding.Evidence{ev},
		})
	}
	names := []string{}
	for _, g := range rootkitSensitive {
		names = append(names, c.Glob(g)...)
	}
	for _, h := range c.Homes() {
		for _, f := range []string{".ssh/authorized_keys", ".ssh/authorized_keys2", ".bashrc", ".profile", ".bash_profile"} {
			names = append(names, h.Dir+"/"+f)
		}
	}
	for _, n := range names {
		if st, err := c.StatOf(n); err == nil && !st.IsSymlink() {
			report(n, st, finding.High, "Credential or persistence file", "凭据或持久化文件")
		}
	}
	// Everything else the broad scan saw: system programs, temporary
	// files, configuration.
	scan := rootkitScanOf(c)
	for _, e := range scan.immutable {
		p, st := e.name, e.st
		sev, what, whatZh := finding.Medium, "File", "文件"
		switch {
		case InTempDir("/" + p):
			what, whatZh = "Entry in a temporary directory", "临时目录中的条目"
			if rootkitExecutable(st) || (st.IsRegular() && rootkitIsELF(c, p)) {
				sev = finding.High
			}
		case rootkitSystemPath(p):
			what, whatZh = "System program or library", "系统程序或库文件"
		case strings.HasPrefix(p, "etc/"):
			what, whatZh = "Configuration file", "配置文件"
		}
		report(p, st, sev, what, whatZh)
	}
	return scan.err
}

// ---------------------------------------------------------------------------
// rootkit.timestomp

func rootkitTimestomp(c *Context) error {
	if !c.Packages().Known() {
		return nil // without a package database every file would be "unowned"
	}
	y1990 := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	dirs := []string{"usr/bin", "usr/sbin", "bin", "sbin", "usr/lib/x86_64-linux-gnu", "usr/lib64", "usr/lib/systemd", "usr/libexec"}
	return rootkitWalk(c, dirs, 200000, func(p string, st *targetfs.Stat) error {
		if !st.IsRegular() {
			return nil
		}
		if !rootkitExecutable(st) && !strings.Contains(path.Base(p), ".so") {
			return nil
		}
		// Cheap time tests first; ownership (which hashes) only for
		// candidates.
		var en, zh []string
		sev := finding.Low
		const far = 30 * 24 * time.Hour
		future := st.Mtime.After(c.Now().Add(24 * time.Hour))
		ancient := st.Mtime.Before(y1990) && st.Mtime.Unix() > 86400 // 0 and 1 are reproducible-build epochs
		btimeGap := !st.Btime.IsZero() && st.Btime.Sub(st.Mtime) > far
		ctimeGap := st.Ctime.Sub(st.Mtime) > 365*24*time.Hour
		if !future && !ancient && !btimeGap && !ctimeGap {
			return nil
		}
		pkg, o := c.Owned(p)
		if o != Modified && o != Unowned {
			return nil
		}
		if future {
			sev = finding.Medium
			en, zh = append(en, "its modification time is in the future ("+st.Mtime.UTC().Format(time.RFC3339)+")"), append(zh, "修改时间位于未来（"+st.Mtime.UTC().Format(time.RFC3339)+"）")
		}
		if ancient {
			sev = finding.Medium
			en, zh = append(en, "its modification time is before 1990 ("+st.Mtime.UTC().Format(time.RFC3339)+")"), append(zh, "修改时间早于 1990 年（"+st.Mtime.UTC().Format(time.RFC3339)+"）")
		}
		if btimeGap {
			if o == Modified {
				sev = finding.Medium
			}
			en = append(en, fmt.Sprintf("it was created %s, %d days after its claimed modification time", st.Btime.UTC().Format(time.RFC3339), int(st.Btime.Sub(st.Mtime).Hours()/24)))
			zh = append(zh, fmt.Sprintf("创建时间为 %s，比其声称的修改时间晚 %d 天", st.Btime.UTC().Format(time.RFC3339), int(st.Btime.Sub(st.Mtime).Hours()/24)))
		}
		if ctimeGap && o == Modified {
			sev = finding.Medium
			en = append(en, fmt.Sprintf("its content differs from the package but its mtime (%s) lies %d days before its ctime (%s)", st.Mtime.UTC().Format(time.RFC3339), int(st.Ctime.Sub(st.Mtime).Hours()/24), st.Ctime.UTC().Format(time.RFC3339)))
			zh = append(zh, fmt.Sprintf("内容与软件包不一致，但 mtime（%s）比 ctime（%s）早 %d 天", st.Mtime.UTC().Format(time.RFC3339), st.Ctime.UTC().Format(time.RFC3339), int(st.Ctime.Sub(st.Mtime).Hours()/24)))
		}
		if len(en) == 0 {
			return nil
		}
		oe, oz := rootkitOwnership(pkg, o)
		c.Report(Hit{
			Severity: sev, SeveritySet: true, Confidence: "medium",
			Detail:   fmt.Sprintf("/%s (%s): %s.", p, oe, strings.Join(en, "; ")),
			DetailZh: fmt.Sprintf("/%s（%s）：%s。", p, oz, strings.Join(zh, "；")),
			Evidence: []finding.Evidence{rootkitFileEvidence(c, p, st)},
		})
		return nil
	})
}

// ---------------------------------------------------------------------------
// Set-user-id programs.

func rootkitSetID(st *targetfs.Stat) bool { return st.IsRegular() && st.Mode&0o6000 != 0 }

func rootkitSetIDName(st *targetfs.Stat) (string, string) {
	switch {
	case st.Mode&0o4000 != 0 && st.Mode&0o2000 != 0:
		return "set-user-id and set-group-id", "SUID 与 SGID"
	case st.Mode&0o4000 != 0:
		return "set-user-id", "SUID"
	}
	return "set-group-id", "SGID"
}

func rootkitSuidUnowned(c *Context) error {
	known := c.Packages().Known()
	scan := rootkitScanOf(c)
	for _, e := range scan.setid {
		p, st := e.name, e.st
		abs := "/" + p
		if rootkitShellName(path.Base(p)) != "" {
			continue // rootkit.suid_shell reports it
		}
		pkg, o := c.Owned(p)
		var sev finding.Severity
		switch {
		case o == Modified || o == Unowned:
			sev = finding.High
		case !known && (InTempDir(abs) || HiddenPath(abs) || strings.HasPrefix(abs, "/home/") || strings.HasPrefix(abs, "/root/")):
			sev = finding.High
		default:
			continue
		}
		sid, sidZh := rootkitSetIDName(st)
		oe, oz := rootkitOwnership(pkg, o)
		owner := "root"
		if st.UID != 0 {
			owner = "uid " + strconv.FormatUint(uint64(st.UID), 10)
		}
		c.Report(Hit{
			Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("%s is %s (owner %s) and %s.", abs, sid, owner, oe),
			DetailZh: fmt.Sprintf("%s 具有 %s 权限（属主 %s），且%s。", abs, sidZh, owner, oz),
			Evidence: []finding.Evidence{rootkitFileEvidence(c, p, st)},
		})
	}
	return scan.err
}

// rootkitShells are programs that give a shell or run code (GTFOBins
// "SUID" entries among the common ones).
var rootkitShells = []string{"sh", "bash", "dash", "zsh", "ksh", "ksh93", "mksh", "csh", "tcsh", "fish", "ash", "busybox",
	"python", "python2", "python3", "perl", "ruby", "php", "lua", "node", "nodejs", "tclsh", "wish", "expect", "gdb",
	"find", "vim", "vi", "vim.basic", "vim.tiny", "nvim", "nano", "less", "more", "awk", "gawk", "mawk", "nawk",
	"env", "nice", "xargs", "tar", "zip", "rsync", "cp", "mv", "tee", "dd", "socat", "nc", "ncat", "netcat", "nmap", "strace",
	"taskset", "ionice", "timeout", "stdbuf", "flock", "script", "run-parts", "start-stop-daemon", "docker", "chroot", "ed", "sed", "git"}

// rootkitShellName returns the shell a file name designates, or "".
func rootkitShellName(base string) string {
	b := strings.ToLower(base)
	for _, s := range rootkitShells {
		if b == s {
			return s
		}
		// python3.11, perl5.36.0, php8.2, lua5.4
		if rest, ok := strings.CutPrefix(b, s); ok && rest != "" && strings.Trim(rest, "0123456789.") == "" {
			return s
		}
	}
	return ""
}

func rootkitSuidShell(c *Context) error {
	// Hashes of the system's shells and interpreters: a renamed copy is
	// still a shell.
	shellHash := map[string]string{}
	for _, d := range []string{"usr/bin", "bin"} {
		for _, s := range []string{"bash", "dash", "sh", "zsh", "ksh", "busybox", "python3", "perl", "find", "vim.basic", "awk"} {
			n := d + "/" + s
			if st, err := c.StatOf(n); err == nil {
				if st.IsSymlink() {
					if r, err := c.Resolve(n); err == nil {
						n = r
					}
				}
				if st2, err := c.StatOf(n); err == nil && st2.IsRegular() && st2.Size < 64<<20 {
					if h := rootkitSHA256(c, n, 64<<20); h != "" {
						shellHash[h] = s
					}
				}
			}
		}
	}
	scan := rootkitScanOf(c)
	for _, e := range scan.setid {
		p, st := e.name, e.st
		shell := rootkitShellName(path.Base(p))
		ev := rootkitFileEvidence(c, p, st)
		how, howZh := "its name", "文件名"
		if s, ok := shellHash[ev.SHA256]; ok && ev.SHA256 != "" {
			shell, how, howZh = s, "its content (a copy of the system's "+s+")", "文件内容（与系统的 "+s+" 相同）"
		}
		if shell == "" {
			continue
		}
		// A set-group-id shell of a package (e.g. none in Debian) is still
		// reported; only an unmodified package file with just the sgid
		// bit that the package itself sets would be a false positive, and
		// no distribution ships one.
		sid, sidZh := rootkitSetIDName(st)
		sev := finding.Critical
		if st.Mode&0o4000 == 0 || st.UID != 0 {
			sev = finding.High
		}
		c.Report(Hit{
			Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("/%s is %s (owner uid %d) and is %s by %s: running it gives its owner's privileges.", p, sid, st.UID, shell, how),
			DetailZh: fmt.Sprintf("/%s 具有 %s 权限（属主 uid %d），根据%s判断为 %s：运行即可获得属主权限。", p, sidZh, st.UID, howZh, shell),
			Evidence: []finding.Evidence{ev},
		})
	}
	return scan.err
}

// ---------------------------------------------------------------------------
// rootkit.hidden_executable

func rootkitHiddenExecutable(c *Context) error {
	scan := rootkitScanOf(c)
	for _, e := range scan.hidden {
		p, st := e.name, e.st
		if !rootkitIsELF(c, p) {
			continue
		}
		pkg, o := c.Owned(p)
		if o == Pristine || o == Edited {
			continue
		}
		oe, oz := rootkitOwnership(pkg, o)
		x, xz := "", ""
		if rootkitExecutable(st) {
			x, xz = ", executable", "，具有执行权限"
		}
		c.Report(Hit{
			Detail:   fmt.Sprintf("ELF program /%s under a hidden name%s; %s.", p, x, oe),
			DetailZh: fmt.Sprintf("隐藏路径下的 ELF 程序 /%s%s；%s。", p, xz, oz),
			Evidence: []finding.Evidence{rootkitFileEvidence(c, p, st)},
		})
	}
	return scan.err
}

// ---------------------------------------------------------------------------
// The broad scan: one walk of the system, temporary and home trees shared by
// the checks that look for set-id files, kernel modules, deceptive names,
// hidden programs and file attributes.

// rootkitScanDirs are walked by the broad scan.
var rootkitScanDirs = []string{"usr", "bin", "sbin", "lib", "lib64", "lib32", "etc", "tmp", "var/tmp", "dev/shm", "run/shm", "dev", "boot",
	"opt", "srv", "var/www", "var/spool", "var/lib/dpkg", "var/opt", "var/local", "var/run", "var/lock", "root", "home", "reptile", "XxJynx", "_cthulhu"}

// rootkitEnt is one entry the broad scan kept.
type rootkitEnt struct {
	name string
	st   *targetfs.Stat
}

type rootkitScanResult struct {
	once                                     sync.Once
	setid, kos, deceptive, hidden, immutable []rootkitEnt
	err                                      error
}

// rootkitScanOf runs the broad scan once per run and returns its result.
func rootkitScanOf(c *Context) *rootkitScanResult {
	r := c.Memo("rootkit.scan", func() any { return &rootkitScanResult{} }).(*rootkitScanResult)
	r.once.Do(func() {
		r.err = rootkitWalk(c, rootkitScanDirs, 1_000_000, func(p string, st *targetfs.Stat) error {
			if st.IsDir() && (p == "dev/pts" || p == "proc" || p == "sys") {
				return fs.SkipDir
			}
			e := rootkitEnt{p, st}
			if en, _ := rootkitDeceptive(path.Base(p)); en != "" {
				r.deceptive = append(r.deceptive, e)
			}
			if st.Immutable || st.AppendOnly {
				r.immutable = append(r.immutable, e)
			}
			if !st.IsRegular() {
				return nil
			}
			if rootkitSetID(st) {
				r.setid = append(r.setid, e)
			}
			if rootkitKOName(p) != "" {
				r.kos = append(r.kos, e)
			}
			if st.Size >= 24 && HiddenPath("/"+p) && !rootkitHiddenNormal(p) {
				r.hidden = append(r.hidden, e)
			}
			return nil
		})
	})
	return r
}

// rootkitHiddenNormal reports trees where hidden names are everyday: user
// and application trees keep hidden caches and tool chains (~/.cache,
// ~/.cargo), often hundreds of thousands of files. The broad scan does not
// keep their entries.
func rootkitHiddenNormal(p string) bool {
	for _, d := range []string{"home/", "root/", "opt/", "srv/", "var/www/", "usr/share/"} {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}

// rootkitKOName returns the module name of a kernel module file, or "".
func rootkitKOName(p string) string {
	b := path.Base(p)
	for _, ext := range []string{".ko", ".ko.xz", ".ko.zst", ".ko.gz"} {
		if strings.HasSuffix(b, ext) && len(b) > len(ext) {
			return strings.TrimSuffix(b, ext)
		}
	}
	return ""
}

// rootkitSystemPath reports a program or library directory of the system.
func rootkitSystemPath(p string) bool {
	for _, d := range []string{"usr/bin/", "usr/sbin/", "bin/", "sbin/", "usr/lib/", "usr/lib64/", "lib/", "lib64/", "usr/libexec/", "usr/local/bin/", "usr/local/sbin/"} {
		if strings.HasPrefix(p, d) {
			return true
		}
	}
	return false
}
