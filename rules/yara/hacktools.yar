/*
 * yingji rule pack: attacker tools found on compromised Linux hosts:
 * intranet scanners, tunnels and proxies, post-exploitation enumeration
 * scripts, credential dumpers, backdoored sshd, local privilege-escalation
 * exploits. Legitimate admins rarely keep these on production servers.
 */

rule HackTool_Fscan : hacktool scanner fscan
{
    meta:
        author = "yingji"
        description = "fscan intranet scanner (shadow1ng/fscan): host discovery, weak-password brute force, MS17-010 and web fingerprinting"
        description_zh = "fscan 内网综合扫描工具(shadow1ng/fscan)：主机发现、弱口令爆破、MS17-010 及 Web 指纹"
        severity = "high"
        mitre = "T1046"
        reference = "https://github.com/shadow1ng/fscan"
        date = "2026-11-28"
    strings:
        $a1 = "shadow1ng/fscan"
        $a2 = "fscan version"
        $s1 = "[+] NetInfo"
        $s2 = "WebTitle"
        $s3 = "ms17-010" nocase
        $s4 = "[*] alive"
        $s5 = "InfoScan"
        $s6 = "Plugins.SmbScan" nocase
        $s7 = "result.txt"
        $s8 = "-hf"
        $s9 = "[+] Redis"
        $s10 = "SshScan"
    condition:
        filesize < 60MB and ($a1 or $a2 or 5 of ($s*))
}

rule HackTool_FRP_Binary : hacktool tunnel frp
{
    meta:
        author = "yingji"
        description = "frp fast reverse proxy client/server binary (fatedier/frp), widely used to expose intranet services"
        description_zh = "frp 内网穿透客户端/服务端程序(fatedier/frp)"
        severity = "high"
        mitre = "T1090"
        reference = "https://github.com/fatedier/frp"
        date = "2026-11-28"
    strings:
        $m1 = "github.com/fatedier/frp"
        $m2 = "fatedier/golib"
        $s1 = "frpc" fullword
        $s2 = "frps" fullword
        $s3 = "server_addr"
        $s4 = "login to server success"
    condition:
        uint32(0) == 0x464c457f and ($m1 or ($m2 and 2 of ($s*)))
}

rule HackTool_FRP_Config : hacktool tunnel frp
{
    meta:
        author = "yingji"
        description = "frp client configuration (frpc.ini / frpc.toml): server address, token and proxied local ports, e.g. SOCKS5 or SSH exposure"
        description_zh = "frp 客户端配置文件(frpc.ini/frpc.toml)：服务端地址、token 及映射的本地端口(如 SOCKS5、SSH)"
        severity = "high"
        mitre = "T1090"
        reference = "https://github.com/fatedier/frp"
        date = "2026-11-28"
    strings:
        $i1 = "[common]"
        $i2 = /server_addr\s*=\s*\S+/
        $i3 = /server_port\s*=\s*\d+/
        $t1 = /serverAddr\s*=\s*"/
        $t2 = /serverPort\s*=\s*\d+/
        $t3 = "[[proxies]]"
        $p1 = /(local_port|localPort|remote_port|remotePort)\s*=\s*\d+/
        $p2 = /(plugin|type)\s*=\s*"?(socks5|tcp|stcp|xtcp|http_proxy)"?/
    condition:
        filesize < 100KB and (($i1 and $i2 and $i3) or ($t1 and $t2) or ($t3 and $t1)) and any of ($p*)
}

rule HackTool_NPS_Client : hacktool tunnel nps
{
    meta:
        author = "yingji"
        description = "nps/npc intranet penetration proxy (ehang.io/nps): npc client with server and vkey"
        description_zh = "nps/npc 内网穿透代理(ehang.io/nps)：npc 客户端，含服务端地址与 vkey"
        severity = "high"
        mitre = "T1090"
        reference = "https://github.com/ehang-io/nps"
        date = "2026-11-28"
    strings:
        $m1 = "ehang.io/nps"
        $m2 = "cnlh/nps"
        $c1 = /-server=\S{3,80}:\d{2,5}/
        $c2 = /-vkey=\S{4,64}/
        $c3 = /vkey\s*=\s*\S{4,64}/
        $c4 = "[common]"
        $c5 = /server_addr\s*=\s*\S+:\d+/
        $c6 = /conn_type\s*=\s*(tcp|kcp)/
    condition:
        (uint32(0) == 0x464c457f and ($m1 or $m2)) or (filesize < 100KB and (($c1 and $c2) or ($c4 and $c5 and $c3 and $c6)))
}

rule HackTool_Tunnel_Proxy_Binaries : hacktool tunnel
{
    meta:
        author = "yingji"
        description = "Tunnelling/pivoting tools: gost, EarthWorm (ew) / Termite, iox, chisel, ligolo-ng, Stowaway, rakshasa, venom, pystinger, reGeorg client"
        description_zh = "隧道/跳板工具：gost、EarthWorm(ew)/Termite、iox、chisel、ligolo-ng、Stowaway、rakshasa、Venom 等"
        severity = "high"
        mitre = "T1090"
        reference = "https://attack.mitre.org/techniques/T1090/"
        date = "2026-11-28"
    strings:
        $g1 = "github.com/ginuerzh/gost"
        $g2 = "github.com/go-gost/"
        $e1 = "rcsocks" fullword
        $e2 = "rssocks" fullword
        $e3 = "lcx_tran" fullword
        $e4 = "lcx_listen" fullword
        $e5 = "lcx_slave" fullword
        $e6 = "ssocksd" fullword
        $i1 = "github.com/EddieIvan01/iox"
        $c1 = "github.com/jpillora/chisel"
        $l1 = "github.com/nicocha30/ligolo-ng"
        $l2 = "ligolo" fullword
        $s1 = "Stowaway" fullword
        $s2 = "github.com/ph4ntonn/Stowaway"
        $r1 = "github.com/Mob2003/rakshasa"
        $v1 = "github.com/Dliv3/Venom"
        $n1 = "github.com/inconshreveable/ngrok"
    condition:
        filesize < 80MB and (any of ($g*, $i1, $c1, $l1, $s2, $r1, $v1) or 3 of ($e*) or ($l2 and $s1) or (uint32(0) == 0x464c457f and $n1))
}

rule HackTool_Linux_Enumeration_Scripts : hacktool discovery
{
    meta:
        author = "yingji"
        description = "Linux privilege-escalation enumeration scripts: linPEAS/PEASS-ng, LinEnum, linux-exploit-suggester(-2), linuxprivchecker, unix-privesc-check, lse.sh, LinuxSmartEnumeration"
        description_zh = "Linux 提权信息收集脚本：linPEAS/PEASS-ng、LinEnum、linux-exploit-suggester、linuxprivchecker、unix-privesc-check、lse.sh 等"
        severity = "high"
        mitre = "T1082"
        reference = "https://github.com/peass-ng/PEASS-ng"
        date = "2026-11-28"
    strings:
        $p1 = "PEASS-ng" nocase
        $p2 = "linpeas" nocase
        $p3 = "carlospolop" nocase
        $e1 = "LinEnum" fullword
        $e2 = "rebootuser" nocase
        $s1 = "linux-exploit-suggester" nocase
        $s3 = "linuxprivchecker" nocase
        $s4 = "unix-privesc-check" nocase
        $s5 = "linux-smart-enumeration" nocase
        $s6 = "diego-treitos" nocase
        $c1 = "find / -perm -4000" nocase
        $c2 = "find / -perm -u=s" nocase
        $c3 = "/etc/shadow"
        $c4 = "sudo -l"
    condition:
        filesize < 10MB and ((($p1 or $p3) and $p2) or ($e1 and $e2) or $s1 or $s3 or $s4 or ($s5 and $s6) or ($p2 and 2 of ($c*)))
}

rule HackTool_Pspy : hacktool discovery pspy
{
    meta:
        author = "yingji"
        description = "pspy unprivileged process snooper (DominicBreuker/pspy), used to spy on cron jobs and other users' commands"
        description_zh = "pspy 无特权进程监控工具(DominicBreuker/pspy)，用于窥探计划任务与其他用户命令"
        severity = "medium"
        mitre = "T1057"
        reference = "https://github.com/DominicBreuker/pspy"
        date = "2026-11-28"
    strings:
        $a = "github.com/dominicbreuker/pspy" nocase
        $b = "pspy - version" nocase
        $c = "Watching directories" nocase
    condition:
        uint32(0) == 0x464c457f and ($a or ($b and $c))
}

rule HackTool_Masscan_Zmap : hacktool scanner
{
    meta:
        author = "yingji"
        description = "masscan/zmap Internet-scale port scanner binary or masscan configuration/output, typical of worms scanning for Redis, Docker and SSH"
        description_zh = "masscan/zmap 大规模端口扫描程序或 masscan 配置/结果文件，蠕虫常用于扫描 Redis、Docker、SSH"
        severity = "medium"
        mitre = "T1046"
        reference = "https://github.com/robertdavidgraham/masscan"
        date = "2026-11-28"
    strings:
        $b1 = "robertdavidgraham/masscan"
        $b2 = "masscan --ping" nocase
        $b3 = "Masscan" fullword
        $b4 = "--banners"
        $z1 = "zmap" fullword
        $z2 = "--probe-module"
        $c1 = /(^|\n)rate\s*=\s*\d{3,}/
        $c2 = /(^|\n)ports\s*=\s*[\d,\-]+/
        $c3 = /(^|\n)(adapter-ip|adapter-mac|router-mac|excludefile|output-filename)\s*=/
        $o1 = /(^|\n)Discovered open port \d{1,5}\/tcp on \d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/
        $o2 = /(^|\n)open tcp \d{1,5} \d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3} \d{9,10}/
    condition:
        (uint32(0) == 0x464c457f and ($b1 or ($b3 and $b4 and $b2) or ($z1 and $z2))) or
        (filesize < 100KB and $c1 and $c2 and $c3) or
        (filesize < 500MB and #o1 + #o2 > 20)
}

rule HackTool_Brute_Forcers : hacktool credential_access
{
    meta:
        author = "yingji"
        description = "Network login brute-forcers (THC-Hydra, Medusa, ncrack, patator, crowbar, the Chinese 'pscan2/ssh-scan' kits) and their user:password wordlists"
        description_zh = "网络登录爆破工具(THC-Hydra、Medusa、ncrack、patator、crowbar、pscan2/ssh-scan 工具包)及账号密码字典"
        severity = "high"
        mitre = "T1110"
        reference = "https://attack.mitre.org/techniques/T1110/"
        date = "2026-11-28"
    strings:
        $h1 = "THC-Hydra" nocase
        $h2 = "van Hauser" nocase
        $m1 = "Medusa v" nocase
        $m2 = "JoMo-Kun" nocase
        $n1 = "Ncrack" fullword
        $k1 = /\.\/(pscan2|ssh-scan|sshd-scan|scanssh|pscan)\s/
        $k2 = /(vuln|mfu|bios|pass_file|scan\.log)\.txt/
        $k3 = "libssh2_userauth_password"
        $k4 = /(pscan2|ssh-scan)\x00/
    condition:
        filesize < 20MB and (($h1 and $h2) or ($m1 and $m2) or ($n1 and uint32(0) == 0x464c457f) or ($k1 and $k2) or (uint32(0) == 0x464c457f and $k3 and $k4))
}

rule HackTool_SSHD_Backdoor : hacktool backdoor sshd
{
    meta:
        author = "yingji"
        description = "Backdoored OpenSSH sshd/ssh/PAM module: credential logging format strings (user:password --> %s:%s) or a magic-password/log-file patch"
        description_zh = "植入后门的 OpenSSH sshd/ssh 或 PAM 模块：记录账号密码的格式串(user:password --> %s:%s)或万能密码/日志补丁"
        severity = "critical"
        mitre = "T1556.003"
        reference = "https://attack.mitre.org/techniques/T1554/"
        date = "2026-11-28"
    strings:
        $o = "OpenSSH" ascii
        $p = "pam_" ascii
        $l1 = "user:password --> %s:%s"
        $l2 = "user:password@host --> %s:%s@%s"
        $l3 = /(user|username|login)\s*[:=]\s*%s\s*[,;| ]\s*(pass|password|pwd)\s*[:=]\s*%s/ nocase
        $l4 = /%s:%s@%s:%d/
        $m1 = "SECRETPW"
        $m2 = /#define\s+(ILOG|OLOG|SECRETPW|MAGIC_PASS)/
        $m3 = /\/(tmp|usr\/include|usr\/share|var\/tmp|dev\/shm|lib)\/\.[a-zA-Z0-9_\-.]{1,30}\x00/
    condition:
        filesize < 20MB and (
            $l1 or $l2 or $m2 or
            (uint32(0) == 0x464c457f and ($o or $p) and ($l3 or ($l4 and $m3) or $m1))
        )
}

rule HackTool_Prism_TinyShell_Backdoor : hacktool backdoor
{
    meta:
        author = "yingji"
        description = "Small open-source Linux backdoors seen in intrusions: Tiny SHell (tsh/tshd), Prism ICMP backdoor, Sliver/Merlin implants, reverse SSH (rsh, reverse_ssh)"
        description_zh = "入侵中常见的小型开源 Linux 后门：Tiny SHell(tsh/tshd)、Prism ICMP 后门、Sliver/Merlin 植入体、reverse_ssh"
        severity = "critical"
        mitre = "T1205"
        reference = "https://attack.mitre.org/techniques/T1205/"
        date = "2026-11-28"
    strings:
        $t1 = "tshd" fullword
        $t2 = "Usage: %s [ -c [ connect_back_host ] ] [ -s secret ] [ -p port ]"
        $t3 = "HISTFILE=/dev/null"
        $p1 = "ICMP_PACKET_SIZE"
        $p2 = "prism" nocase fullword
        $p3 = "I'm not root :("
        $s1 = "github.com/bishopfox/sliver"
        $s2 = "sliverpb"
        $m1 = "github.com/Ne0nd0g/merlin"
        $r1 = "github.com/NHAS/reverse_ssh"
    condition:
        filesize < 60MB and ($t2 or ($t1 and $t3) or ($p2 and $p3) or ($p1 and $p2) or $s1 or $s2 or $m1 or $r1)
}

rule Exploit_Linux_Local_Privilege_Escalation : exploit privilege_escalation
{
    meta:
        author = "yingji"
        description = "Public Linux local privilege-escalation exploit (source or binary): DirtyCow, Dirty Pipe, PwnKit, Baron Samedit, OverlayFS (CVE-2021-3493 / GameOver(lay)), nf_tables, Looney Tunables"
        description_zh = "公开的 Linux 本地提权漏洞利用(源码或程序)：DirtyCow、Dirty Pipe、PwnKit、Baron Samedit、OverlayFS、nf_tables、Looney Tunables"
        severity = "high"
        mitre = "T1068"
        reference = "https://attack.mitre.org/techniques/T1068/"
        date = "2026-11-28"
    strings:
        $dc1 = "/proc/self/mem"
        $dc2 = "madvise"
        $dc3 = "MADV_DONTNEED"
        $dc4 = /dirty\s?c0?ow/ nocase
        $dp1 = /dirty\s?pipe/ nocase
        $dp2 = "PIPE_BUF_FLAG_CAN_MERGE"
        $dp3 = "splice"
        $pk1 = "GCONV_PATH=." 
        $pk2 = "pkexec"
        $pk3 = "pwnkit" nocase
        $pk4 = "CHARSET=PWNKIT"
        $bs1 = "sudoedit"
        $bs2 = "CVE-2021-3156"
        $ov1 = "CVE-2021-3493"
        $ov2 = "CVE-2023-2640"
        $ov3 = "CVE-2023-32629"
        $ov4 = /mount\s*\([^)]{0,40}"overlay"/
        $nf1 = "CVE-2024-1086"
        $nf2 = "CVE-2022-32250"
        $lt1 = "GLIBC_TUNABLES=glibc.malloc.mxfast=glibc.malloc.mxfast="
        $lt2 = "CVE-2023-4911"
        $x1 = "CVE-2022-0847"
        $x2 = "CVE-2016-5195"
        $x3 = "CVE-2021-4034"
        $code1 = /#include\s*<(stdio|stdlib|unistd|sys\/[a-z]+)\.h>/
        $code2 = /int\s+main\s*\(/
        $code3 = /import\s+(os|ctypes|socket|subprocess|struct)\b/
        $code4 = /\bexecv?e?\s*\(|system\s*\(|setuid\s*\(\s*0\s*\)/
    condition:
        filesize < 10MB and (
            ($dc1 and $dc2 and $dc3 and ($dc4 or $x2)) or
            ($dp2 and $dp3 and $code2 and $code4) or ($dp1 and $x1 and 1 of ($code*)) or
            ($pk1 and $pk2) or $pk4 or ($pk3 and $x3) or
            ($bs1 and $bs2 and 2 of ($code*)) or
            (($ov1 or $ov2 or $ov3) and $ov4) or
            (($nf1 or $nf2 or $lt2) and $code4 and ($code1 or $code2 or $code3)) or
            $lt1
        )
}
