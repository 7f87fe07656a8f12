/*
 * yingji rule pack: Linux/IoT DDoS botnets and backdoors (Mirai, Gafgyt/
 * Bashlite, Tsunami/Kaiten, Kaiji, XorDDoS, BillGates, Mozi, Perl IRC bots).
 */

rule Linux_Botnet_Mirai : botnet mirai elf
{
    meta:
        author = "yingji"
        description = "Mirai or a Mirai-derived IoT bot: its XOR-obfuscated string table (busybox MIRAI probe, TSource Engine Query, nameserver) and watchdog handling"
        description_zh = "Mirai 及其变种 IoT 僵尸程序：XOR 混淆的字符串表(busybox MIRAI 探测、TSource Engine Query、nameserver)及看门狗处理"
        severity = "critical"
        mitre = "T1498"
        reference = "https://github.com/jgamblin/Mirai-Source-Code"
        date = "2026-11-28"
    strings:
        $t1 = "/bin/busybox MIRAI" xor
        $t2 = "MIRAI: applet not found" xor
        $t3 = "TSource Engine Query" xor(0x01-0xff)
        $t4 = "LCOGQGPTGP"
        $t5 = "/proc/net/tcp" xor(0x01-0xff)
        $t6 = "/dev/watchdog" xor(0x01-0xff)
        $t7 = "/bin/busybox ECCHI" xor
        $t8 = "dvrHelper" xor
        $t9 = "ncorrect" xor(0x01-0xff)
        $w1 = "/dev/watchdog"
        $w2 = "/dev/misc/watchdog"
        $w3 = "TSource Engine Query"
    condition:
        uint32(0) == 0x464c457f and filesize < 5MB and
        ($t1 or $t2 or $t7 or (2 of ($t3, $t4, $t5, $t6, $t8, $t9)) or ($w1 and $w2 and $w3))
}

rule Linux_Botnet_Gafgyt : botnet gafgyt bashlite elf
{
    meta:
        author = "yingji"
        description = "Gafgyt/Bashlite/Qbot IoT bot: plain-text C2 commands (PING, GETLOCALIP, SCANNER ON, KILLATTK, LOLNOGTFO) and flood routines"
        description_zh = "Gafgyt/Bashlite/Qbot IoT 僵尸程序：明文 C2 命令(PING、GETLOCALIP、SCANNER ON、KILLATTK、LOLNOGTFO)与洪水攻击例程"
        severity = "critical"
        mitre = "T1498"
        reference = "https://attack.mitre.org/techniques/T1498/"
        date = "2026-11-28"
    strings:
        $c1 = "GETLOCALIP"
        $c2 = "SCANNER ON"
        $c3 = "SCANNER OFF"
        $c4 = "KILLATTK"
        $c5 = "LOLNOGTFO"
        $c6 = "gayfgt"
        $c7 = "HTTPFLOOD"
        $c8 = "PONG!"
        $c9 = "Failed opening raw socket."
        $c10 = "Failed setting raw headers mode."
        $c11 = "BOTKILL"
        $c12 = "REPORT %s:%s:%s"
        $c13 = "Invalid flag \"%s\""
        $c14 = "STD" fullword
        $c15 = "JUNK" fullword
        $c16 = "HOLD" fullword
    condition:
        filesize < 5MB and 3 of ($c1, $c2, $c3, $c4, $c5, $c6, $c7, $c9, $c10, $c11, $c12, $c13) and 4 of them
}

rule Linux_Backdoor_Tsunami_Kaiten : botnet tsunami kaiten irc
{
    meta:
        author = "yingji"
        description = "Tsunami/Kaiten IRC DDoS backdoor (binary or C source): NOTICE/PRIVMSG help lines for TSUNAMI, PAN, UDP, UNKNOWN, GETSPOOFS, KILLALL"
        description_zh = "Tsunami/Kaiten IRC DDoS 后门(二进制或 C 源码)：TSUNAMI、PAN、UDP、UNKNOWN、GETSPOOFS、KILLALL 等命令帮助"
        severity = "critical"
        mitre = "T1498"
        reference = "https://attack.mitre.org/techniques/T1498/"
        date = "2026-11-28"
    strings:
        $k1 = "TSUNAMI <target> <secs>"
        $k2 = "PAN <target> <port> <secs>"
        $k3 = "UNKNOWN <target> <secs>"
        $k4 = "GETSPOOFS"
        $k5 = "SPOOFS <subnet>"
        $k6 = "KILLALL"
        $k7 = "NICK <nick>"
        $k8 = "Kaiten wa goraku"
        $k9 = "NOTICE %s :"
        $k10 = "PRIVMSG %s :"
        $k11 = "DISABLE" fullword
        $k12 = "ENABLE" fullword
        $k13 = "GET <http address> <save as>"
        $k14 = "SH <command>"
        $k15 = "Killing pid %d"
    condition:
        filesize < 5MB and ($k8 or (2 of ($k1, $k2, $k3, $k4, $k5, $k13, $k14, $k15) and 5 of them))
}

rule Linux_Botnet_Kaiji_Chaos : botnet kaiji chaos elf golang
{
    meta:
        author = "yingji"
        description = "Kaiji / Chaos Go DDoS bot: main.Ares_* attack functions and its persistence helpers"
        description_zh = "Kaiji/Chaos Go 语言 DDoS 僵尸程序：main.Ares_* 攻击函数及持久化例程"
        severity = "critical"
        mitre = "T1498"
        reference = "https://www.intezer.com/blog/research/kaiji-new-chinese-linux-malware-turning-to-golang/"
        date = "2026-11-28"
    strings:
        $a = "main.Ares_"
        $b1 = "main.Killcpu"
        $b2 = "main.Watchdog"
        $b3 = "main.Link_Server"
        $b4 = "main.Getjiami"
    condition:
        uint32(0) == 0x464c457f and (#a >= 3 or ($a and any of ($b*)))
}

rule Linux_Trojan_XorDDoS : botnet xorddos
{
    meta:
        author = "yingji"
        description = "XorDDoS trojan (binary or its dropped cron script): XOR key BB2FA36AAA9541F0, /etc/cron.hourly/gcc.sh persistence and /lib/libudev.so copies"
        description_zh = "XorDDoS 木马(二进制或其投放的计划任务脚本)：XOR 密钥 BB2FA36AAA9541F0、/etc/cron.hourly/gcc.sh 持久化、/lib/libudev.so 副本"
        severity = "critical"
        mitre = "T1498"
        reference = "https://www.microsoft.com/en-us/security/blog/2022/05/19/rise-in-xorddos-a-deeper-look-at-the-stealthy-ddos-malware-targeting-linux-devices/"
        date = "2026-11-28"
    strings:
        $k = "BB2FA36AAA9541F0"
        $s1 = "/etc/cron.hourly/gcc.sh"
        $s2 = "/lib/libudev.so"
        $s3 = "/var/run/gcc.pid"
        $s4 = "m7A4nQ_/nA"
        $s5 = /cp \/lib\/libudev\.so \/lib\/libudev\.so\.6/
        $s6 = /for i in `cat \/proc\/net\/dev\|grep :\|awk -F: \{'print \$1'\}`; do ifconfig \$i up& done/
        $s7 = "HideFile" fullword
        $s8 = "HidePidPort" fullword
    condition:
        filesize < 5MB and ($k or $s4 or $s6 or 3 of ($s*))
}

rule Linux_Botnet_BillGates : botnet billgates elf
{
    meta:
        author = "yingji"
        description = "BillGates (Setag) DDoS backdoor: gates.lod/moni.lod lock files, fake.cfg and its C++ attack classes"
        description_zh = "BillGates(Setag) DDoS 后门：gates.lod/moni.lod 锁文件、fake.cfg 及 C++ 攻击类"
        severity = "critical"
        mitre = "T1498"
        reference = "https://attack.mitre.org/techniques/T1498/"
        date = "2026-11-28"
    strings:
        $f1 = "/tmp/gates.lod"
        $f2 = "/tmp/moni.lod"
        $f3 = "fake.cfg"
        $c1 = "CAttackSyn"
        $c2 = "CAttackUdp"
        $c3 = "CAttackIcmp"
        $c4 = "CAttackDns"
        $c5 = "CAttackAmp"
        $c6 = "CAttackCc"
        $c7 = "CThreadAttack"
        $c8 = "CSubTask"
    condition:
        uint32(0) == 0x464c457f and (2 of ($f*) or 4 of ($c*))
}

rule Linux_Botnet_Mozi : botnet mozi elf
{
    meta:
        author = "yingji"
        description = "Mozi P2P IoT botnet: DHT-based config with [ss] [dip] [hp] [cpu] [idp] tags"
        description_zh = "Mozi P2P IoT 僵尸网络：基于 DHT 的配置，含 [ss] [dip] [hp] [cpu] [idp] 标签"
        severity = "critical"
        mitre = "T1498"
        reference = "https://blog.netlab.360.com/mozi-another-botnet-using-dht/"
        date = "2026-11-28"
    strings:
        $t1 = "[ss]"
        $t2 = "[dip]"
        $t3 = "[hp]"
        $t4 = "[cpu]"
        $t5 = "[idp]"
        $t6 = "[ver]"
        $t7 = "[sv]"
        $t8 = "[rn]"
        $d = "dht.transmissionbt.com"
    condition:
        uint32(0) == 0x464c457f and 5 of ($t*) and ($d or 7 of ($t*))
}

rule Linux_Bot_Perl_IRC_ShellBot : botnet irc perl shellbot
{
    meta:
        author = "yingji"
        description = "Perl IRC bot (ShellBot / Outlaw dota / pbot): IRC NICK/PRIVMSG handling with flood, portscan and shell commands"
        description_zh = "Perl IRC 僵尸程序(ShellBot/Outlaw dota/pbot)：IRC NICK/PRIVMSG 处理及洪水攻击、端口扫描、Shell 命令"
        severity = "critical"
        mitre = "T1071.003"
        reference = "https://attack.mitre.org/techniques/T1071/003/"
        date = "2026-11-28"
    strings:
        $p1 = "IO::Socket::INET"
        $p2 = /use\s+(Socket|IO::Socket)/
        $i1 = "PRIVMSG"
        $i2 = /NICK\s+\$/
        $i3 = /USER\s+\$/
        $i4 = "JOIN"
        $f1 = /udpflood|tcpflood|httpflood|sqlflood/ nocase
        $f2 = /portscan/ nocase
        $f3 = "@adms"
        $f4 = /\$servidor|\$processo/
        $f5 = "shellbot" nocase
        $f6 = /!u\s|!@\s|@system|@rootable|@nmap|@back/
        $f7 = /\$0\s*=\s*["'][^"']{0,40}["']\s*;/
        $x = /(system|exec)\s*\(|`\$/
    condition:
        filesize < 500KB and any of ($p*) and 3 of ($i*) and 2 of ($f*) and $x
}
