/*
 * yingji rule pack: Linux rootkits: loadable kernel modules (Diamorphine,
 * Reptile, Suterusu, KBeast...) and LD_PRELOAD userland rootkits
 * (libprocesshider, Azazel, Jynx, BEURK, bdvl, vlany).
 */

rule Rootkit_LKM_Diamorphine : rootkit lkm diamorphine
{
    meta:
        author = "yingji"
        description = "Diamorphine kernel rootkit module (or source): hooked kill/getdents, module hiding, magic-signal root and invisible processes"
        description_zh = "Diamorphine 内核 Rootkit 模块(或源码)：劫持 kill/getdents、隐藏模块、魔术信号提权与隐藏进程"
        severity = "critical"
        mitre = "T1014"
        reference = "https://github.com/m0nad/Diamorphine"
        date = "2026-11-28"
    strings:
        $d1 = "diamorphine" nocase
        $s1 = "hacked_kill"
        $s2 = "hacked_getdents"
        $s3 = "module_hide"
        $s4 = "module_show"
        $s5 = "is_invisible"
        $s6 = "give_root"
        $s7 = "find_task"
        $s8 = "MAGIC_PREFIX"
        $s9 = "SIGINVIS"
        $s10 = "SIGSUPER"
        $s11 = "SIGMODINVIS"
        $c1 = "asmlinkage"
        $c2 = /#include\s*<linux\//
    condition:
        filesize < 5MB and (uint32(0) == 0x464c457f or $c1 or $c2) and (($d1 and 2 of ($s*)) or 5 of ($s*))
}

rule Rootkit_LKM_Reptile : rootkit lkm reptile
{
    meta:
        author = "yingji"
        description = "Reptile kernel rootkit (module, client or installer) or a file containing its hidden-content tags #<reptile> ... #</reptile>"
        description_zh = "Reptile 内核 Rootkit(模块、客户端或安装器)，或含其隐藏内容标签 #<reptile> ... #</reptile> 的文件"
        severity = "critical"
        mitre = "T1014"
        reference = "https://github.com/f0rb1dd3n/Reptile"
        date = "2026-11-28"
    strings:
        $t1 = /#<(reptile|[a-z_]{3,20}_hide)>/
        $t2 = "#</reptile>"
        $r1 = "reptile" nocase
        $s1 = "reptile_init"
        $s2 = "reptile_exit"
        $s3 = "khook_" 
        $s4 = "/reptile/reptile_"
        $s5 = "reptile_shell"
        $s6 = "hide_proc"
        $s7 = "flip_hidden_flag"
        $s8 = "REPTILE_GID"
        $s9 = "kmatryoshka"
        $s10 = "reptile_rc"
    condition:
        filesize < 10MB and ($t2 or ($t1 and $r1) or ($r1 and 2 of ($s*)) or 4 of ($s*))
}

rule Rootkit_LKM_Generic_Syscall_Hook : rootkit lkm elf
{
    meta:
        author = "yingji"
        description = "Kernel module that resolves hidden symbols (kallsyms_lookup_name) to patch the syscall table or hook getdents/kill/tcp4_seq_show, with hiding or root-granting helpers: LKM rootkit (Suterusu, KBeast, Reveng_rtkit, Singularity...)"
        description_zh = "通过 kallsyms_lookup_name 获取隐藏符号以修改系统调用表或劫持 getdents/kill/tcp4_seq_show，并带隐藏或提权函数的内核模块：LKM Rootkit"
        severity = "critical"
        mitre = "T1014"
        reference = "https://attack.mitre.org/techniques/T1014/"
        date = "2026-11-28"
    strings:
        $mod = ".gnu.linkonce.this_module"
        $k1 = "kallsyms_lookup_name"
        $k2 = "sys_call_table"
        $k3 = "__x64_sys_getdents64"
        $k4 = "tcp4_seq_show"
        $k5 = "__x64_sys_kill"
        $k6 = "filldir64"
        $h1 = /hide_(pid|proc|process|file|module|port|tcp)/ nocase
        $h2 = /hidden_(pid|proc|process|file|module|port)/ nocase
        $h3 = /(give|set|get)_root/ nocase
        $h4 = /hook_(getdents|kill|tcp4_seq_show|filldir)/ nocase
        $h5 = /(orig|original|real)_(getdents|kill|tcp4_seq_show|filldir)/ nocase
        $h6 = "rootkit" nocase
        $h7 = /magic_(signal|prefix|packet)/ nocase
    condition:
        uint32(0) == 0x464c457f and uint16(16) == 1 and $mod and ($k1 or $k2) and 2 of ($k*) and 2 of ($h*)
}

rule Rootkit_LDPreload_Process_Hider : rootkit ld_preload libprocesshider
{
    meta:
        author = "yingji"
        description = "LD_PRELOAD userland rootkit that filters /proc entries from readdir (libprocesshider and derivatives used by miner worms)"
        description_zh = "LD_PRELOAD 用户态 Rootkit，通过劫持 readdir 过滤 /proc 条目隐藏进程(libprocesshider 及挖矿蠕虫使用的变种)"
        severity = "critical"
        mitre = "T1574.006"
        reference = "https://github.com/gianlucaborello/libprocesshider"
        date = "2026-11-28"
    strings:
        $p1 = "process_to_filter"
        $p2 = "get_process_name"
        $p3 = "get_dir_name"
        $p4 = "/proc/self/fd/%d"
        $p5 = "/proc/%s/stat"
        $r1 = "readdir64"
        $r2 = "readdir"
        $r3 = "dlsym"
        $r4 = "original_readdir" nocase
        $src = /RTLD_NEXT\s*,\s*"readdir(64)?"/
    condition:
        filesize < 5MB and (
            ($p1 and ($r1 or $r2 or $src)) or
            (uint32(0) == 0x464c457f and $p2 and $p3 and $p4 and $p5 and $r3 and ($r1 or $r2)) or
            ($src and $p2) or
            ($r4 and $p5)
        )
}

rule Rootkit_LDPreload_Known_Families : rootkit ld_preload
{
    meta:
        author = "yingji"
        description = "Known LD_PRELOAD rootkits (Azazel, Jynx/Jynx2, BEURK, bdvl, vlany, Vlany/Umbreon, Father, Symbiote): characteristic names, environment switches and hidden-file markers"
        description_zh = "已知 LD_PRELOAD Rootkit(Azazel、Jynx、BEURK、bdvl、vlany、Umbreon、Father、Symbiote)的特征名称、环境变量开关与隐藏标记"
        severity = "critical"
        mitre = "T1574.006"
        reference = "https://attack.mitre.org/techniques/T1574/006/"
        date = "2026-11-28"
    strings:
        $n1 = "azazel" nocase fullword
        $n2 = "jynx" nocase
        $n3 = "beurk" nocase
        $n4 = "bdvl" fullword
        $n5 = "vlany" nocase
        $n6 = "umbreon" nocase
        $n7 = "HIDE_THIS_SHELL"
        $n8 = "__libc_dlsym"
        $n9 = "ld.so.preload"
        $h1 = "readdir"
        $h2 = "fopen"
        $h3 = "accept"
        $h4 = "pam_authenticate"
        $h5 = "dlsym"
    condition:
        uint32(0) == 0x464c457f and filesize < 10MB and (any of ($n1, $n2, $n3, $n4, $n5, $n6, $n7)) and ($n8 or $n9) and 3 of ($h*)
}

rule Rootkit_LDPreload_Config_Script : rootkit ld_preload persistence
{
    meta:
        author = "yingji"
        description = "Script that writes a library path into /etc/ld.so.preload (often with chattr +i), installing an LD_PRELOAD rootkit for every process"
        description_zh = "将库路径写入 /etc/ld.so.preload(常配合 chattr +i)的脚本，为所有进程安装 LD_PRELOAD Rootkit"
        severity = "critical"
        mitre = "T1574.006"
        reference = "https://attack.mitre.org/techniques/T1574/006/"
        date = "2026-11-28"
    strings:
        $w1 = /echo\s+['"]?\/[^\s'"]{1,120}\.so['"]?\s*>>?\s*\/etc\/ld\.so\.preload/
        $w2 = /(printf|cat)\s+[^\n]{0,120}>>?\s*\/etc\/ld\.so\.preload/
        $w3 = /(mv|cp)\s+[^\n]{1,120}\s\/etc\/ld\.so\.preload/
    condition:
        filesize < 2MB and any of them
}
