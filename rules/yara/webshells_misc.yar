/*
 * yingji rule pack: CGI webshells (Perl, Python, shell) and HTTP tunnel
 * scripts dropped in web roots (reGeorg, Neo-reGeorg, Tunna, pystinger).
 */

rule WebShell_Perl_CGI_Command : webshell perl cgi
{
    meta:
        author = "yingji"
        description = "Perl CGI script that runs commands taken from the query string or form (CGI-Telnet, cmd.pl and similar)"
        description_zh = "Perl CGI 脚本执行查询串/表单中的命令(CGI-Telnet、cmd.pl 等)"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $in1 = /\$ENV\s*\{\s*['"]?QUERY_STRING/
        $in2 = /\$ENV\s*\{\s*['"]?CONTENT_LENGTH/
        $in3 = /\bparam\s*\(\s*['"]?\w{1,20}['"]?\s*\)/
        $in4 = /&?ReadParse\b|read_param\s*\(/
        $ct = /Content-type:\s*text\/html/ nocase
        $x1 = /\b(system|exec)\s*\(?\s*\$(FORM|param|in|cmd|command|Command)\b/
        $x2 = /`\s*\$(FORM|param|in|cmd|command|Command)\b/
        $x3 = /\bopen\s*\(\s*\w{1,20}\s*,\s*["'][^"']{0,20}\$(cmd|command|Command|param)[^"']{0,20}\|\s*["']/
        $x4 = /\bqx\s*[\(\{\/]\s*\$(FORM|param|in|cmd|command|Command)/
        $x5 = /\bopen\s*\(\s*\w{1,20}\s*,\s*["']\$\w{1,20}\s*2>&1\s*\|["']/
        $n1 = "CGI-Telnet" nocase
        $n2 = "CommandTimeoutDuration"
        $n3 = "WebShell::" nocase
        $pl1 = /^#!\s*\/usr\/(local\/)?bin\/(env\s+)?perl/
        $pl2 = /use\s+(CGI|strict|Socket|IO::Socket)\b/
        $pl3 = /\bmy\s*[\$@%(]/
    condition:
        filesize < 1MB and ($ct or any of ($in*)) and (any of ($pl*) or $in1 or $in2 or $in4) and (any of ($x*) or ($n2 and any of ($in*)) or $n1 or $n3)
}

rule WebShell_Python_CGI_Command : webshell python cgi
{
    meta:
        author = "yingji"
        description = "Python CGI script passing form fields to os.system/os.popen/subprocess"
        description_zh = "Python CGI 脚本将表单字段交给 os.system/os.popen/subprocess 执行"
        severity = "high"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $i1 = "cgi.FieldStorage()"
        $x1 = /os\.(system|popen)\s*\(\s*\w{1,20}\s*(\.getvalue|\[)/
        $x2 = /subprocess\.(Popen|call|check_output|run)\s*\(\s*\w{1,20}\s*(\.getvalue|\[)[^)]{0,60}shell\s*=\s*True/
        $x3 = /os\.(system|popen)\s*\(\s*(form|fs|f|params)\s*\.\s*getvalue/
        $ct = /Content-type:\s*text\/html/ nocase
    condition:
        filesize < 200KB and $i1 and $ct and any of ($x*)
}

rule WebShell_Tunnel_ReGeorg : webshell tunnel regeorg
{
    meta:
        author = "yingji"
        description = "reGeorg / Neo-reGeorg / Tunna / pystinger style HTTP tunnel script (SOCKS over HTTP through a web page), in any server language"
        description_zh = "reGeorg/Neo-reGeorg/Tunna/pystinger 类 HTTP 隧道脚本(经网页转发 SOCKS 流量)"
        severity = "critical"
        mitre = "T1090.001"
        reference = "https://github.com/sensepost/reGeorg"
        date = "2026-11-28"
    strings:
        $g1 = "Georg says, 'All seems fine'" nocase
        $g2 = "reGeorg" nocase
        $g3 = "Neo-reGeorg" nocase
        $g4 = "NeoreGeorg" nocase
        $h1 = "X-CMD" nocase
        $h2 = "X-STATUS" nocase
        $h3 = "X-ERROR" nocase
        $h4 = "X-TARGET" nocase
        $c1 = "DISCONNECT"
        $c2 = "FORWARD"
        $c3 = "CONNECT"
        $c4 = "READ"
        $t1 = "Tunna" fullword
        $t2 = "pystinger" nocase
        $sock = /(socket_create|fsockopen|SocketChannel|new\s+Socket|TcpClient|socket\.socket|stream_socket_client)/
    condition:
        filesize < 500KB and (
            $g1 or $g3 or $g4 or
            ($g2 and $sock) or
            (3 of ($h*) and 3 of ($c*) and $sock) or
            (($t1 or $t2) and $sock and 2 of ($c*))
        )
}

rule WebShell_Suo5_Tunnel : webshell tunnel
{
    meta:
        author = "yingji"
        description = "suo5 high-performance HTTP tunnel server page (JSP/ASPX/PHP) used to proxy traffic into the intranet"
        description_zh = "suo5 高性能 HTTP 隧道服务端页面(JSP/ASPX/PHP)，用于代理进入内网"
        severity = "critical"
        mitre = "T1090.001"
        reference = "https://github.com/zema1/suo5"
        date = "2026-11-28"
    strings:
        $a = "suo5" nocase
        $s1 = /(SocketChannel|new\s+Socket|TcpClient|fsockopen|socket_create)/
        $s2 = /(getInputStream|InputStream|php:\/\/input)/
    condition:
        filesize < 500KB and $a and all of ($s*)
}
