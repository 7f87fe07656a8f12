/*
 * yingji rule pack: cloud/server worms and their shell droppers (Kinsing,
 * TeamTNT, WatchDog, 8220 Gang, Rocke, Sysrv...): competitor-miner killing,
 * security-agent removal, download-and-execute chains, SSH propagation.
 */

rule Linux_Worm_Kinsing : worm kinsing miner
{
    meta:
        author = "yingji"
        description = "Kinsing (H2Miner) dropper or bot: kdevtmpfsi miner / kinsing agent names, its d.sh loader and Go bot functions"
        description_zh = "Kinsing(H2Miner)投放脚本或木马：kdevtmpfsi 矿工/kinsing 代理名称、d.sh 加载器及 Go 函数名"
        severity = "critical"
        mitre = "T1496"
        reference = "https://www.aquasec.com/blog/threat-alert-kinsing-malware-container-vulnerability/"
        date = "2026-11-28"
    strings:
        $n1 = "kdevtmpfsi"
        $n2 = "kinsing" fullword
        $n3 = "/tmp/kdevtmpfsi"
        $n4 = "/etc/kinsing"
        $n5 = "/tmp/kinsing"
        $g1 = "main.masscan"
        $g2 = "main.redisBrute"
        $g3 = "main.minerRunningCheck"
        $g4 = "main.getMinerPid"
        $g5 = "main.backconnect"
        $g6 = "main.downloadAndExecute"
        $g7 = "main.goCheckRoot"
        $sh1 = /(curl|wget)[^\n]{0,80}\/(d|spr|ex|s)\.sh/
    condition:
        filesize < 20MB and (($n1 or $n3) and ($n2 or $n4 or $n5) or 3 of ($g*) or ($sh1 and any of ($n*)))
}

rule Linux_Worm_TeamTNT : worm teamtnt
{
    meta:
        author = "yingji"
        description = "TeamTNT tooling: TeamTNT/Hildegard markers, tmate backdoor sessions, cloud credential grabbing and Docker API propagation"
        description_zh = "TeamTNT 工具：TeamTNT/Hildegard 标识、tmate 后门会话、云凭据窃取及 Docker API 传播"
        severity = "critical"
        mitre = "T1496"
        reference = "https://unit42.paloaltonetworks.com/hildegard-malware-teamtnt/"
        date = "2026-11-28"
    strings:
        $m1 = "teamtnt" nocase
        $m2 = "hildegard" nocase
        $m3 = "TNTfeatB0RG" nocase
        $m4 = "chimaera" nocase fullword
        $t1 = /tmate\s+-S\s+\S{1,60}\s+new-session\s+-d/
        $t2 = /tmate\s+-S\s+\S{1,60}\s+display\s+-p\s+['"]?#\{tmate_ssh\}/
        $c1 = ".aws/credentials"
        $c2 = ".docker/config.json"
        $c3 = "169.254.169.254"
        $d1 = /docker\s+-H\s+(tcp:\/\/)?\$?\S{1,60}:2375/
        $d2 = "2375/containers/create"
        $sh = /(curl|wget)\s/
    condition:
        filesize < 5MB and ((any of ($m*) and ($sh or any of ($c*) or any of ($d*) or any of ($t*))) or (any of ($t*) and $sh) or (any of ($d*) and 2 of ($c*)))
}

rule Linux_Worm_Competitor_Miner_Killer : worm miner killer
{
    meta:
        author = "yingji"
        description = "Shell script that kills competing miners and botnets by name (kdevtmpfsi, kinsing, kworkerds, sysupdate, xmrig...) before installing its own: Kinsing/TeamTNT/8220/WatchDog/Rocke droppers"
        description_zh = "按名称清除竞争矿工和僵尸程序(kdevtmpfsi、kinsing、kworkerds、sysupdate、xmrig 等)的脚本：Kinsing/TeamTNT/8220/WatchDog/Rocke 投放器典型行为"
        severity = "critical"
        mitre = "T1489"
        reference = "https://attack.mitre.org/techniques/T1489/"
        date = "2026-11-28"
    strings:
        $k1 = /(pkill|killall)\s+(-9\s+|-f\s+)*[^\n|;]{0,30}(kdevtmpfsi|kinsing|kworkerds|kthreaddi|sysupdate|networkservice|sysguard|watchbog|ddgs|qW3xT|xmr-stak|minerd|kerberods|khugepageds|sustes|xmrig|dbused|kpsmouseds|kthreaddk|pamdicks|zzh|kswapd0|\.javae|bashirc|solrd|tracepath|xmrigDaemon|xmrigMiner|cryptonight|stratum|nanopool|minexmr|supportxmr|c3pool|moneroocean)/
        $k2 = /grep\s+[^\n|]{0,60}(kdevtmpfsi|kinsing|kworkerds|kthreaddi|sysupdate|networkservice|sysguard|watchbog|ddgs|qW3xT|xmr-stak|minerd|kerberods|khugepageds|sustes|xmrig|dbused|kpsmouseds|pamdicks|cryptonight|stratum|nanopool|minexmr|supportxmr|c3pool|moneroocean|:3333|:4444|:5555|:7777|:14444)[^\n]{0,120}\|\s*xargs\s+(-I\s*%\s+)?kill/
        $k3 = /netstat\s+-an?[pt]{1,3}\s*\|\s*grep\s+[^\n]{0,60}\|\s*awk\s+[^\n]{0,80}\|\s*xargs\s+(-I\s*%\s+)?kill/
        $k4 = /rm\s+-rf\s+\/(tmp|var\/tmp)\/(kdevtmpfsi|kinsing|\.X1[0-9]-unix|\.xm|xmrig|sysupdate|networkservice|kworkerds)/
    condition:
        filesize < 1MB and (#k1 + #k2 + #k3 + #k4 >= 4)
}

rule Linux_Dropper_Security_Agent_Removal : worm defense_evasion
{
    meta:
        author = "yingji"
        description = "Script that uninstalls or stops cloud host-security agents (Aliyun Aegis/AliYunDun, Tencent YunJing/Stargate/Barad, Huawei HostGuard, BCM) or disables SELinux/AppArmor/firewall"
        description_zh = "卸载或停止云主机安全代理(阿里云盾 Aegis/AliYunDun、腾讯云镜 YunJing/Stargate/Barad、华为 HostGuard 等)或关闭 SELinux/AppArmor/防火墙的脚本"
        severity = "critical"
        mitre = "T1562.001"
        reference = "https://attack.mitre.org/techniques/T1562/001/"
        date = "2026-11-28"
    strings:
        $a1 = "/usr/local/aegis/uninstall" nocase
        $a2 = "aegis_uninstall" nocase
        $a3 = /(killall|pkill|kill)[^\n]{0,30}(AliYunDun|AliHids|AliYunDunUpdate|aegis_cli|aegis_update)/
        $a4 = "update.aegis.aliyun.com"
        $a5 = /systemctl\s+(stop|disable)\s+aliyun/
        $a6 = "/usr/local/cloudmonitor/" nocase
        $t1 = "/usr/local/qcloud/stargate/admin/uninstall.sh"
        $t2 = "/usr/local/qcloud/YunJing/uninst.sh"
        $t3 = "/usr/local/qcloud/monitor/barad/admin/uninstall.sh"
        $t4 = /(pkill|killall)[^\n]{0,20}(YDService|YDLive|sgagent|barad_agent)/
        $h1 = /(hostguard|HostGuard)[^\n]{0,60}(stop|uninstall|kill)/
        $h2 = /\/usr\/local\/(bcm|hostguard|uniagent)[^\n]{0,60}uninstall/
        $s1 = /setenforce\s+0/
        $s2 = /SELINUX=disabled/
        $s3 = /(ufw\s+disable|iptables\s+-F|systemctl\s+stop\s+(apparmor|firewalld))/
        $s4 = /echo\s+0\s*>\s*\/proc\/sys\/kernel\/nmi_watchdog/
    condition:
        filesize < 2MB and (2 of ($a*, $t*, $h*) or (any of ($a*, $t*, $h*) and any of ($s*)))
}

rule Linux_Dropper_Download_Execute_Chain : dropper
{
    meta:
        author = "yingji"
        description = "Dropper script: downloads a payload to /tmp, /var/tmp or /dev/shm with curl/wget (or a /dev/tcp fallback), makes it executable, runs it in the background and hides or persists it"
        description_zh = "投放脚本：用 curl/wget(或 /dev/tcp 回退)下载载荷到 /tmp、/var/tmp 或 /dev/shm，赋予执行权限后台运行并隐藏或持久化"
        severity = "high"
        mitre = "T1105"
        reference = "https://attack.mitre.org/techniques/T1105/"
        date = "2026-11-28"
    strings:
        $dl1 = /(curl|wget|cur|wge|cd1|wd1)\s+[^\n]{0,100}(-o|-O|>)\s*['"]?\/(tmp|var\/tmp|dev\/shm)\//
        $dl2 = /(curl|wget)\s+[^\n|]{0,160}\|\s*(ba|z|da)?sh\b/
        $dl3 = /exec\s+\d{1,2}<>\/dev\/tcp\/[^\n]{3,80}\n[^\n]{0,40}printf\s+['"]GET\s/
        $dl4 = /(curl|wget)\s+[^\n|]{0,160}\|\|\s*(curl|wget)/
        $x1 = /chmod\s+(\+x|[0-7]?7[0-7][0-7])\s+['"]?\/(tmp|var\/tmp|dev\/shm)\//
        $x2 = /nohup\s+['"]?\/(tmp|var\/tmp|dev\/shm)\/[^\n]{0,80}&/
        $x3 = /chattr\s+[+-]i/
        $x4 = /(crontab\s+-l|\/etc\/cron\.d\/|\/var\/spool\/cron)/
        $x5 = /history\s+-c|unset\s+HISTFILE|export\s+HISTFILE=\/dev\/null/
        $x6 = /ulimit\s+-n\s+\d{5}/
        $x7 = /\/etc\/ld\.so\.preload/
        $x8 = /echo\s+[^\n]{0,200}>>\s*\/root\/\.ssh\/authorized_keys/
    condition:
        filesize < 1MB and 1 of ($dl*) and 3 of ($x*)
}

rule Linux_Dropper_Base64_Pipe_Shell : dropper obfuscation
{
    meta:
        author = "yingji"
        description = "Base64 (or hex) encoded payload piped into a shell: echo <b64> | base64 -d | bash, or the Java Runtime.exec brace form {echo,...}|{base64,-d}|{bash,-i}"
        description_zh = "经 base64(或十六进制)编码后管道交给 Shell 执行：echo <b64> | base64 -d | bash，或 Java Runtime.exec 花括号形式"
        severity = "high"
        mitre = "T1027"
        reference = "https://attack.mitre.org/techniques/T1140/"
        date = "2026-11-28"
    strings:
        $b1 = /echo\s+['"]?[A-Za-z0-9+\/]{40,}={0,2}['"]?\s*\|\s*base64\s+(-d|--decode|-di)\s*\|\s*(ba|z|da)?sh\b/
        $b2 = "{base64,-d}|{bash,-i}"
        $b3 = /base64\s+(-d|--decode)\s*<<<\s*['"]?[A-Za-z0-9+\/]{40,}/
        $b4 = /(ba)?sh\s+-c\s+["']?\$\(\s*echo\s+[A-Za-z0-9+\/]{40,}={0,2}\s*\|\s*base64\s+(-d|--decode)/
        $b5 = /echo\s+['"]?[0-9a-fA-F]{60,}['"]?\s*\|\s*xxd\s+-r\s+-p\s*\|\s*(ba)?sh\b/
        $b6 = /python[23]?\s+-c\s+["'][^\n]{0,40}(exec|eval)\s*\(\s*[^\n]{0,40}(b64decode|decodestring)\s*\(/
    condition:
        filesize < 5MB and any of them
}

rule Linux_Worm_SSH_Propagation : worm lateral_movement
{
    meta:
        author = "yingji"
        description = "Script spreading over SSH with harvested keys: reads known_hosts/.bash_history/.ssh/config for targets and runs non-interactive ssh with StrictHostKeyChecking=no and BatchMode to fetch and run a payload"
        description_zh = "利用窃取的密钥通过 SSH 横向传播的脚本：读取 known_hosts/.bash_history/.ssh/config 获取目标，以 StrictHostKeyChecking=no、BatchMode 执行下载命令"
        severity = "critical"
        mitre = "T1021.004"
        reference = "https://attack.mitre.org/techniques/T1021/004/"
        date = "2026-11-28"
    strings:
        $h1 = ".ssh/known_hosts"
        $h2 = ".bash_history"
        $h3 = ".ssh/config"
        $h4 = /id_rsa|id_ed25519|\*\.pem/
        $o1 = /StrictHostKeyChecking=no/
        $o2 = /BatchMode=yes/
        $o3 = /ConnectTimeout=\d/
        $p = /(curl|wget)[^\n]{0,200}\|\s*(ba)?sh|\/dev\/tcp\//
        $loop = /for\s+\w+\s+in\s+\$/
    condition:
        filesize < 1MB and 2 of ($h*) and $o1 and ($o2 or $o3) and $p and $loop
}

rule Linux_Persistence_Cron_Download_Exec : persistence dropper
{
    meta:
        author = "yingji"
        description = "Cron line that periodically downloads and executes a script (curl/wget/python urllib | sh), the re-infection hook of miner worms"
        description_zh = "定期下载并执行脚本的计划任务(curl/wget | sh)，挖矿蠕虫常用的复活机制"
        severity = "high"
        mitre = "T1053.003"
        reference = "https://attack.mitre.org/techniques/T1053/003/"
        date = "2026-11-28"
    strings:
        $c1 = /(^|\n)\s*(\*|\*\/\d{1,2}|\d{1,2}|@reboot|@hourly|@daily)\s+[^\n]{0,60}\(?\s*(curl|wget|cur|wge)\s+[^\n]{0,200}\|\s*(ba|z|da)?sh/
        $c2 = /(^|\n)\s*(\*|\*\/\d{1,2}|\d{1,2}|@reboot|@hourly|@daily)\s+[^\n]{0,60}(python[23]?\s+-c\s+[^\n]{0,80}urlopen|base64\s+-d\s*\|\s*(ba)?sh)/
        $c3 = /(^|\n)\s*(\*|\*\/\d{1,2}|\d{1,2}|@reboot)\s+[^\n]{0,60}(curl|wget)\s+[^\n]{0,60}(pastebin\.com\/raw|transfer\.sh|ngrok\.io|githubusercontent)/
    condition:
        filesize < 200KB and any of them
}

rule Linux_Persistence_Systemd_Unit_Temp_Exec : persistence systemd
{
    meta:
        author = "yingji"
        description = "systemd unit whose ExecStart runs a program from /tmp, /var/tmp, /dev/shm or a hidden directory, or a curl|sh chain"
        description_zh = "ExecStart 指向 /tmp、/var/tmp、/dev/shm 或隐藏目录中的程序，或执行 curl|sh 的 systemd 服务单元"
        severity = "high"
        mitre = "T1543.002"
        reference = "https://attack.mitre.org/techniques/T1543/002/"
        date = "2026-11-28"
    strings:
        $u = "[Service]"
        $e1 = /ExecStart(Pre|Post)?\s*=\s*[-@+!]{0,2}\s*\/(tmp|var\/tmp|dev\/shm)\//
        $e2 = /ExecStart(Pre|Post)?\s*=\s*[^\n]{0,80}\/\.[a-zA-Z0-9_\-]{1,40}\/[^\n]{0,80}/
        $e3 = /ExecStart(Pre|Post)?\s*=\s*[^\n]{0,120}(curl|wget)\s[^\n]{0,200}\|\s*(ba)?sh/
        $e4 = /ExecStart(Pre|Post)?\s*=\s*[^\n]{0,80}(xmrig|kdevtmpfsi|kinsing|\/bin\/(ba)?sh\s+-c\s+['"]?echo\s+[A-Za-z0-9+\/]{40,})/
    condition:
        filesize < 50KB and $u and any of ($e*)
}
