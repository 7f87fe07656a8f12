/*
 * yingji rule pack: cryptocurrency miners (XMRig and forks, other CPU/GPU
 * miners), their configurations, launch command lines and install scripts.
 */

rule Miner_XMRig_Config : miner xmrig
{
    meta:
        author = "yingji"
        description = "XMRig (or fork) JSON configuration: donate-level with pool/RandomX/CPU settings"
        description_zh = "XMRig(或其变种)挖矿配置文件：donate-level 及矿池/RandomX/CPU 配置项"
        severity = "high"
        mitre = "T1496"
        reference = "https://xmrig.com/docs/miner/config"
        date = "2026-11-28"
    strings:
        $d = "\"donate-level\""
        $k1 = "\"pools\""
        $k2 = "\"randomx\""
        $k3 = "\"rig-id\""
        $k4 = "\"nicehash\""
        $k5 = "\"keepalive\""
        $k6 = "\"huge-pages\""
        $k7 = "\"max-threads-hint\""
        $k8 = "\"donate-over-proxy\""
        $k9 = "\"tls-fingerprint\""
        $k10 = "\"cpu\""
        $k11 = "\"coin\""
        $k12 = "\"algo\""
        $k13 = "\"1gb-pages\""
        $k14 = "\"print-time\""
        $k15 = "\"retry-pause\""
        $k16 = "\"background\""
        $k17 = "\"asm\""
        $k18 = "\"argon2-impl\""
        $k19 = "\"cn/0\""
        $k20 = "\"rx/0\""
    condition:
        filesize < 500KB and $d and 3 of ($k*)
}

rule Miner_Stratum_Pool_Config : miner
{
    meta:
        author = "yingji"
        description = "Miner configuration or script pointing at a stratum mining pool together with wallet/worker credentials"
        description_zh = "指向 stratum 矿池并带钱包/矿工凭据的挖矿配置或脚本"
        severity = "high"
        mitre = "T1496"
        reference = "https://attack.mitre.org/techniques/T1496/"
        date = "2026-11-28"
    strings:
        $s1 = /stratum\d?\+(tcp|ssl|tls):\/\/[a-z0-9.\-]{3,80}:\d{2,5}/ nocase
        $w1 = /["']user["']\s*:\s*["']4[0-9AB][1-9A-HJ-NP-Za-km-z]{93}/
        $w2 = /(-u|--user|--user=|-O)\s*["']?4[0-9AB][1-9A-HJ-NP-Za-km-z]{93}/
        $w3 = /["'](user|pass|wallet)["']\s*:\s*["'][^"']{6,128}["']/
        $w4 = /(-u|--user|--user=|-p|--pass|--pass=)\s*["']?[A-Za-z0-9._+\-]{8,128}/
    condition:
        filesize < 2MB and $s1 and any of ($w*)
}

rule Miner_XMRig_Binary : miner xmrig elf
{
    meta:
        author = "yingji"
        description = "XMRig (or fork) miner executable: XMRig banners, donation pool, RandomX/CryptoNight algorithms and stratum strings"
        description_zh = "XMRig(或变种)挖矿程序：XMRig 标识、捐赠矿池、RandomX/CryptoNight 算法及 stratum 字符串"
        severity = "critical"
        mitre = "T1496"
        reference = "https://github.com/xmrig/xmrig"
        date = "2026-11-28"
    strings:
        $x1 = "xmrig" nocase
        $x2 = "donate.v2.xmrig.com"
        $x3 = "donate.ssl.xmrig.com"
        $x4 = "--donate-level"
        $a1 = "randomx" nocase
        $a2 = "cryptonight" nocase
        $a3 = "rx/0"
        $a4 = "cn/r"
        $a5 = "argon2/chukwa"
        $a6 = "astrobwt"
        $s1 = "stratum+tcp://"
        $s2 = "stratum+ssl://"
        $s3 = "mining.subscribe"
        $s4 = "mining.authorize"
        $s5 = "\"login\""
        $s6 = "nicehash"
        $s7 = "huge pages" nocase
        $s8 = "msr" fullword
    condition:
        (uint32(0) == 0x464c457f or uint16(0) == 0x5a4d) and
        ((($x2 or $x3 or $x4) and 2 of ($a*)) or (#x1 > 3 and 2 of ($a*) and 2 of ($s*)) or (3 of ($a*) and 4 of ($s*)))
}

rule Miner_Generic_CPU_GPU_Miner_Binary : miner elf
{
    meta:
        author = "yingji"
        description = "CPU/GPU cryptocurrency miner executable (cpuminer/minerd, xmr-stak, ccminer, SRBMiner, lolMiner, T-Rex, nbminer, PhoenixMiner...)"
        description_zh = "CPU/GPU 挖矿程序(cpuminer/minerd、xmr-stak、ccminer、SRBMiner、lolMiner、T-Rex、nbminer 等)"
        severity = "high"
        mitre = "T1496"
        reference = "https://attack.mitre.org/techniques/T1496/"
        date = "2026-11-28"
    strings:
        $m1 = "cpuminer" nocase
        $m2 = "minerd" fullword
        $m3 = "xmr-stak" nocase
        $m4 = "ccminer" nocase
        $m5 = "SRBMiner" nocase
        $m6 = "lolMiner" nocase
        $m7 = "T-Rex" fullword
        $m8 = "nbminer" nocase
        $m9 = "PhoenixMiner" nocase
        $m10 = "ethminer" nocase
        $m11 = "cgminer" nocase
        $m12 = "bfgminer" nocase
        $m13 = "teamredminer" nocase
        $m14 = "gminer" fullword
        $s1 = "stratum+tcp://"
        $s2 = "stratum+ssl://"
        $s3 = "mining.subscribe"
        $s4 = "mining.notify"
        $s5 = "mining.submit"
        $s6 = "mining.authorize"
        $s7 = "hashrate" nocase
        $s8 = "getblocktemplate"
    condition:
        uint32(0) == 0x464c457f and any of ($m*) and 3 of ($s*)
}

rule Miner_Command_Line : miner
{
    meta:
        author = "yingji"
        description = "Script, unit or cron entry starting a miner: stratum URL or known pool with miner options (--donate-level, -a rx/0, --cpu-max-threads-hint, -B)"
        description_zh = "启动挖矿程序的脚本、服务单元或计划任务：stratum 地址或已知矿池与挖矿参数(--donate-level、-a rx/0 等)"
        severity = "high"
        mitre = "T1496"
        reference = "https://xmrig.com/docs/miner/command-line-options"
        date = "2026-11-28"
    strings:
        $o1 = /-o\s+["']?(stratum\d?\+(tcp|ssl|tls):\/\/)?[a-z0-9.\-]{3,80}:\d{2,5}/ nocase
        $o2 = /--url[= ]["']?(stratum\d?\+(tcp|ssl|tls):\/\/)?[a-z0-9.\-]{3,80}:\d{2,5}/ nocase
        $a1 = "--donate-level"
        $a2 = /(-a|--algo)[= ](rx\/0|rx\/wow|cn\/r|cn\/half|cryptonight|randomx|argon2\/chukwa|kawpow|ethash|autolykos2|ghostrider)/ nocase
        $a3 = "--cpu-max-threads-hint"
        $a4 = "--randomx-1gb-pages"
        $a5 = /--coin[= ](monero|xmr|ravencoin|rvn)/ nocase
        $a6 = "--nicehash"
        $a7 = "--rig-id"
        $a8 = /--max-cpu-usage|--cpu-priority/
        $p1 = /(pool\.)?(minexmr|supportxmr|hashvault|moneroocean|c3pool|nanopool|xmrpool|f2pool|2miners|herominers|unmineable|nicehash|minergate|dwarfpool|monerohash|xmr\.pool|skypool|ethermine|viabtc|antpool)\.(com|org|pro|stream|eu|net|fr|io)/ nocase
    condition:
        filesize < 1MB and ($o1 or $o2 or $p1) and 1 of ($a*)
}

rule Miner_Installer_Script : miner
{
    meta:
        author = "yingji"
        description = "Shell script installing a miner: downloads XMRig or a pool's setup script, enables huge pages/MSR, and persists it as a service"
        description_zh = "安装挖矿程序的脚本：下载 XMRig 或矿池安装脚本、启用大页/MSR 并注册为服务持久化"
        severity = "critical"
        mitre = "T1496"
        reference = "https://attack.mitre.org/techniques/T1496/"
        date = "2026-11-28"
    strings:
        $x1 = /xmrig[\w.\-]{0,40}\.tar\.gz/ nocase
        $x2 = "setup_c3pool_miner.sh"
        $x3 = "setup_moneroocean_miner.sh"
        $x4 = "c3pool_miner" nocase
        $x5 = "moneroocean_miner" nocase
        $x6 = /github\.com\/xmrig\/xmrig\/releases/ nocase
        $h1 = /vm\.nr_hugepages\s*=?\s*\d{3,}/
        $h2 = /modprobe\s+msr/
        $h3 = /wrmsr\s+-a\s+0x/
        $h4 = "\"donate-level\""
        $h5 = /sed\s+-i[^\n]{0,80}"?(url|user|pass|donate-level)"?/
        $svc1 = /\[Service\][^\[]{0,400}ExecStart\s*=\s*[^\n]{0,200}(xmrig|config\.json)/
        $svc2 = /systemctl\s+(enable|start)\s+[\w\-]{0,40}(miner|xmrig)/ nocase
    condition:
        filesize < 500KB and (any of ($x*)) and (any of ($h*) or any of ($svc*))
}
