/*
 * yingji rule pack: Java (JSP/JSPX) webshells.
 *
 * Request data reaching Runtime.exec/ProcessBuilder, script engines,
 * reflection or a custom ClassLoader (Behinder, Godzilla), file writes from
 * the request, and markers of well-known JSP webshell families.
 */

rule WebShell_JSP_Runtime_Exec_Request : webshell jsp
{
    meta:
        author = "yingji"
        description = "JSP runs an operating-system command taken from the request (Runtime.getRuntime().exec / ProcessBuilder with request.getParameter)"
        description_zh = "JSP 执行请求参数中的系统命令(Runtime.getRuntime().exec / ProcessBuilder + request.getParameter)"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $d1 = /getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(\s*(new\s+String\s*\[\s*\]\s*\{[^}]{0,120})?request\s*\.\s*getParameter/ nocase
        $d2 = /new\s+ProcessBuilder\s*\([^;]{0,120}request\s*\.\s*getParameter/
        $d3 = /getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(\s*(new\s+String\s*\[\s*\]\s*\{[^}]{0,120})?(cmd|command|c|exec|shell)\s*[,)\}]/
        $rt1 = /getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(/
        $rt2 = /new\s+ProcessBuilder\s*\(/
        $rt3 = /ProcessImpl|UNIXProcess|forkAndExec/
        $rt4 = /Runtime\s+\w{1,20}\s*=\s*Runtime\s*\.\s*getRuntime\s*\(\s*\)\s*;\s*(Process\s+\w{1,20}\s*=\s*)?\w{1,20}\s*\.\s*exec\s*\(/
        $req = /request\s*\.\s*(getParameter|getHeader|getInputStream|getReader|getQueryString)\s*\(/
        $jsp = /<%|<jsp:/
    condition:
        filesize < 2MB and (($d1 or $d2) or ($jsp and $req and ($d3 or (any of ($rt*) and filesize < 20KB))))
}

rule WebShell_JSP_ClassLoader_Payload : webshell jsp behinder godzilla
{
    meta:
        author = "yingji"
        description = "JSP defines classes from request bytes through a custom ClassLoader or reflective defineClass, usually AES-decrypted: Behinder / Godzilla / AntSword JSP servers and memory-shell injectors"
        description_zh = "JSP 通过自定义 ClassLoader 或反射 defineClass 加载请求中(常经 AES 解密)的字节码：冰蝎/哥斯拉/蚁剑 JSP 服务端及内存马注入器"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://github.com/rebeyond/Behinder"
        date = "2026-11-28"
    strings:
        $k1 = "e45e329feb5d925b"
        $k2 = "3c6e0b8a9c15224a"
        $cl1 = /extends\s+ClassLoader/
        $cl2 = /defineClass\s*\(/
        $cl3 = /getDeclaredMethod\s*\(\s*"defineClass"/
        $cl4 = /super\s*\.\s*defineClass\s*\(/
        $in1 = /request\s*\.\s*(getReader|getInputStream|getParameter)\s*\(/
        $in2 = /Cipher\s*\.\s*getInstance\s*\(\s*"AES/
        $in3 = /(BASE64Decoder|Base64\s*\.\s*getDecoder|decodeBuffer|Base64\s*\.\s*decode)/
        $sess = /session\s*\.\s*(putValue|setAttribute)\s*\(\s*"u"/
        $jsp = /<%|<jsp:/
    condition:
        filesize < 1MB and (
            (($k1 or $k2) and ($cl2 or $cl3 or $in2)) or
            ($jsp and ($cl1 or $cl3) and ($cl2 or $cl4) and $in1) or
            ($jsp and ($cl2 or $cl3) and $in2 and $in3) or
            ($sess and $in2 and ($cl1 or $cl2))
        )
}

rule WebShell_JSP_Script_Engine_Request : webshell jsp
{
    meta:
        author = "yingji"
        description = "JSP evaluates request data with a script engine (ScriptEngineManager/JavaScript/Nashorn), EL processor or Groovy"
        description_zh = "JSP 以脚本引擎(ScriptEngineManager/Nashorn)、EL 处理器或 Groovy 执行请求参数"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $e1 = "ScriptEngineManager"
        $e2 = /getEngineByName\s*\(/
        $e3 = "ELProcessor"
        $e4 = "GroovyShell"
        $ev = /\.\s*(eval|evaluate)\s*\(\s*(request\s*\.\s*getParameter|new\s+String\s*\()/
        $req = /request\s*\.\s*getParameter\s*\(/
        $jsp = /<%|<jsp:/
    condition:
        filesize < 500KB and $jsp and $req and (($e1 and $e2) or $e3 or $e4) and $ev
}

rule WebShell_JSP_Reflection_Exec : webshell jsp obfuscation
{
    meta:
        author = "yingji"
        description = "JSP reaches Runtime/ProcessBuilder through reflection (Class.forName(\"java.lang.Runtime\"), getMethod(\"exec\")) to hide the command execution"
        description_zh = "JSP 通过反射(Class.forName(\"java.lang.Runtime\")、getMethod(\"exec\"))调用命令执行以规避检测"
        severity = "high"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $r1 = /Class\s*\.\s*forName\s*\(\s*"java\.lang\.(Runtime|ProcessBuilder|ProcessImpl|UNIXProcess)"/
        $r2 = /getMethod\s*\(\s*"(exec|getRuntime|start)"/
        $r3 = /getDeclaredMethod\s*\(\s*"(exec|getRuntime|forkAndExec|start)"/
        $r4 = /"ja"\s*\+\s*"va\.lang|"java\.lang\."\s*\+\s*"Run|"Run"\s*\+\s*"time"|"ex"\s*\+\s*"ec"/
        $req = /request\s*\.\s*(getParameter|getHeader)\s*\(/
        $jsp = /<%|<jsp:/
    condition:
        filesize < 1MB and $jsp and $req and (($r1 and ($r2 or $r3)) or $r4)
}

rule WebShell_JSP_File_Write_Request : webshell jsp uploader
{
    meta:
        author = "yingji"
        description = "JSP writes request-supplied content (often base64) to a path under the web root: a JSP dropper/uploader"
        description_zh = "JSP 将请求中的内容(常为 base64)写入 Web 目录下的文件：JSP 木马写入/上传器"
        severity = "high"
        mitre = "T1105"
        reference = "https://attack.mitre.org/techniques/T1105/"
        date = "2026-11-28"
    strings:
        $w1 = /new\s+(java\.io\.)?(FileOutputStream|FileWriter|RandomAccessFile|PrintWriter)\s*\(\s*[^;]{0,120}request\s*\.\s*getParameter/
        $w4 = /new\s+(java\.util\.logging\.)?FileHandler\s*\([^;]{0,120}request\s*\.\s*getParameter/
        $v1 = /new\s+(java\.io\.)?(FileOutputStream|FileWriter|RandomAccessFile|PrintWriter|BufferedWriter)\s*\(/
        $v2 = /String\s+\w{1,20}\s*=\s*(new\s+String\s*\(\s*)?request\s*\.\s*getParameter\s*\(\s*"(path|file|filename|f|url|p|name|fn)"/ nocase
        $v3 = /String\s+\w{1,20}\s*=\s*(new\s+String\s*\(\s*)?request\s*\.\s*getParameter\s*\(\s*"(content|text|t|c|data|body|code|value)"/ nocase
        $w2 = /\.write\s*\(\s*(new\s+sun\.misc\.BASE64Decoder\s*\(\s*\)\s*\.\s*decodeBuffer\s*\(\s*)?request\s*\.\s*getParameter/
        $w3 = /new\s+(FileOutputStream|FileWriter)\s*\(\s*[^;]{0,80}getRealPath/
        $b1 = /decodeBuffer\s*\(\s*request\s*\.\s*getParameter|getDecoder\s*\(\s*\)\s*\.\s*decode\s*\(\s*request\s*\.\s*getParameter/
        $jsp = /<%|<jsp:/
    condition:
        filesize < 200KB and $jsp and ($w1 or $w4 or ($w2 and ($w3 or $b1)) or ($w3 and $b1) or (filesize < 10KB and $v1 and $v2 and $v3))
}

rule WebShell_JSP_Chopper_Server : webshell jsp chopper
{
    meta:
        author = "yingji"
        description = "JSP server side of China Chopper/Cknife clients: EC()/GC() helpers, ->| |<- framing and the one-letter command dispatch"
        description_zh = "中国菜刀/Cknife 的 JSP 服务端：EC()/GC() 辅助函数、->| |<- 响应包裹与单字母命令分发"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/software/S0020/"
        date = "2026-11-28"
    strings:
        $ec = /String\s+EC\s*\(\s*String\s+\w{1,5}\s*,\s*String\s+\w{1,5}\s*\)/
        $gc = /Connection\s+GC\s*\(\s*String\s+\w{1,5}\s*\)/
        $pwd = /String\s+Pwd\s*=\s*"/
        $m1 = "\"->|\""
        $m2 = "\"|<-\""
        $z0 = /request\s*\.\s*getParameter\s*\(\s*"z[0-9]"\s*\)/
    condition:
        filesize < 500KB and (($ec and $gc) or ($pwd and ($ec or $gc)) or ($m1 and $m2 and $z0))
}

rule WebShell_JSP_Known_Family_Markers : webshell jsp
{
    meta:
        author = "yingji"
        description = "Markers of well-known JSP webshells (JspSpy, JFolder, jsp File browser, JspWebshell, pwnshell, Cknife, Behinder/Godzilla templates)"
        description_zh = "知名 JSP 大马家族特征(JspSpy、JFolder、jsp File browser、JspWebshell、pwnshell 等)"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $n1 = "JspSpy" nocase
        $n2 = "Codz By - Ninty" nocase
        $n3 = "JFolder" nocase
        $n4 = "jsp File browser" nocase
        $n5 = "JspWebshell" nocase
        $n6 = "pwnshell" nocase
        $n7 = "JspDo Code By" nocase
        $n8 = "KJ021320" nocase
        $n9 = "Cknife" nocase
        $n10 = "jshell ver" nocase
        $n11 = "JSP Shell" nocase
        $n12 = "Code By Ninty" nocase
        $n13 = "jspshell" nocase
        $n14 = "cmdjsp" nocase
        $n15 = "Dark Shell" nocase
        $n16 = "Jsp Backdoor" nocase
        $n17 = "reDuh" fullword
        $t1 = /<title>[^<\n]{0,80}\b(web.?shell|shell|backdoor|hacker|spy)\b/ nocase
        $sink = /getRuntime\s*\(\s*\)\s*\.\s*exec|new\s+ProcessBuilder|new\s+FileOutputStream|listFiles\s*\(\s*\)|DriverManager\s*\.\s*getConnection/
        $jsp = /<%|<jsp:/
    condition:
        filesize < 2MB and $jsp and $sink and (any of ($n*) or $t1)
}

rule WebShell_JSP_Manager_Features : webshell jsp
{
    meta:
        author = "yingji"
        description = "JSP combining command execution with file management, database access, port scanning or back-connect: a full-featured JSP webshell"
        description_zh = "JSP 同时具备命令执行、文件管理、数据库连接、端口扫描或反弹连接功能：JSP 大马"
        severity = "high"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $exec1 = /getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(/
        $exec2 = /new\s+ProcessBuilder\s*\(/
        $f1 = "cmd.exe" nocase
        $f2 = "/bin/sh"
        $f3 = "listRoots"
        $f4 = "setLastModified"
        $f5 = /new\s+Socket\s*\(/
        $f6 = "DriverManager.getConnection"
        $f7 = "new FileOutputStream"
        $f8 = "renameTo"
        $f9 = /getRealPath\s*\(/
        $f10 = "ZipOutputStream"
        $f11 = /request\s*\.\s*getParameter\s*\(/
        $f12 = /\.delete\s*\(\s*\)/
        $f13 = "System.getProperty(\"os.name\")"
        $f14 = "getInputStream()"
        $jsp = /<%|<jsp:/
    condition:
        filesize < 2MB and $jsp and ($exec1 or $exec2) and 7 of ($f*)
}

rule WebShell_JSP_EL_Exec : webshell jsp
{
    meta:
        author = "yingji"
        description = "JSP Expression Language or scriptlet expression that runs a command from request parameters (${Runtime.getRuntime().exec(param...)})"
        description_zh = "JSP EL 表达式或脚本表达式执行请求参数中的命令"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $e1 = /\$\{[^}]{0,120}getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(\s*(param|request)/
        $e2 = /<%=\s*[^%]{0,80}getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(\s*request/
        $e3 = /\$\{[^}]{0,80}(ProcessBuilder|ScriptEngineManager)[^}]{0,200}param\./
    condition:
        filesize < 1MB and any of them
}

rule WebShell_JSP_Reverse_Shell : webshell jsp reverse_shell
{
    meta:
        author = "yingji"
        description = "JSP that connects a socket to a shell process (StreamConnector threads between Socket and Runtime.exec of cmd.exe or /bin/sh)"
        description_zh = "JSP 反弹 Shell：以线程在 Socket 与 cmd.exe 或 /bin/sh 进程之间转发数据"
        severity = "critical"
        mitre = "T1059.004"
        reference = "https://attack.mitre.org/techniques/T1059/004/"
        date = "2026-11-28"
    strings:
        $c1 = /class\s+StreamConnector\s+extends\s+Thread/
        $c2 = /new\s+(java\.net\.)?Socket\s*\(/
        $c3 = /getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(|new\s+ProcessBuilder\s*\(/
        $sh1 = "cmd.exe" nocase
        $sh2 = "/bin/sh"
        $sh3 = "/bin/bash"
        $dev = /exec\s*\(\s*"[^"]{0,40}\/dev\/tcp\//
    condition:
        filesize < 200KB and (($c1 and $c2 and $c3) or ($c2 and $c3 and any of ($sh*) and filesize < 10KB) or $dev)
}
