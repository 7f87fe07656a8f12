/*
 * yingji rule pack: classic ASP and ASP.NET (aspx/ashx/asmx/ascx) webshells.
 */

rule WebShell_ASP_Eval_Request : webshell asp chopper
{
    meta:
        author = "yingji"
        description = "Classic ASP / JScript evaluates request data (eval/execute/executeglobal request(...)): China Chopper style one-line backdoor"
        description_zh = "ASP/JScript 直接执行请求参数(eval/execute/executeglobal request(...))，中国菜刀一句话木马"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/software/S0020/"
        date = "2026-11-28"
    strings:
        $e1 = /\b(eval|execute|executeglobal)\s*[\(\s]\s*\(?\s*request\s*(\.\s*(form|querystring|item|cookies)\s*)?[\(\[]/ nocase
        $e2 = /\b(eval|execute|executeglobal)\s*[\(\s]\s*\(?\s*(unescape|decode|base64decode|strreverse|replace|trim|cstr|chrw?)\s*\(\s*request\s*[\.\(\[]/ nocase
        $e3 = /\beval\s*\([^;\n]{1,80},\s*["'](unsafe|\\x75\\x6e\\x73\\x61)/ nocase
        $s1 = /\bsession\s*\(\s*["'][^"']{1,30}["']\s*\)\s*=\s*request\s*[\(\.]/ nocase
        $s2 = /\b(execute|eval|executeglobal)\s*\(?\s*session\s*\(/ nocase
        $asp = /<%|runat\s*=\s*["']?server/ nocase
    condition:
        filesize < 2MB and $asp and ($e1 or $e2 or $e3 or ($s1 and $s2))
}

rule WebShell_ASP_Server_Object_CLSID : webshell asp
{
    meta:
        author = "yingji"
        description = "Classic ASP instantiates WScript.Shell, Shell.Application or FileSystemObject through <object runat=server classid=...>, a webshell trick to avoid CreateObject strings"
        description_zh = "ASP 通过 <object runat=server classid=...> 实例化 WScript.Shell/Shell.Application/FSO，木马规避 CreateObject 特征的手法"
        severity = "high"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $obj = /<object\s[^>]{0,80}runat\s*=\s*["']?server/ nocase
        $c1 = "72C24DD5-D70A-438B-8A42-98424B88AFB8" nocase
        $c2 = "F935DC22-1CF0-11D0-ADB9-00C04FD58A0B" nocase
        $c3 = "13709620-C279-11CE-A49E-444553540000" nocase
        $c4 = "0D43FE01-F093-11CF-8940-00A0C9054228" nocase
    condition:
        filesize < 2MB and $obj and any of ($c*)
}

rule WebShell_ASP_Shell_Exec : webshell asp
{
    meta:
        author = "yingji"
        description = "Classic ASP runs commands through WScript.Shell/Shell.Application with request data (cmd.exe /c, .Exec, .Run, ShellExecute)"
        description_zh = "ASP 通过 WScript.Shell/Shell.Application 执行请求中的命令(cmd.exe /c、.Exec、.Run、ShellExecute)"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $o1 = /(WScript\.Shell|Shell\.Application|72C24DD5-D70A-438B-8A42-98424B88AFB8|F935DC22-1CF0-11D0-ADB9-00C04FD58A0B|13709620-C279-11CE-A49E-444553540000)/ nocase
        $o2 = /"WSCR"\s*&\s*"IPT|"Shell\."\s*&\s*"Appl|"WScript\."\s*&\s*"Shell"/ nocase
        $x1 = /\.\s*(exec|run|shellexecute)\s*[\(\s]/ nocase
        $r1 = /request\s*(\.\s*(form|querystring|item)\s*)?[\(\[]/ nocase
        $cmd = /cmd(\.exe)?\s*\/c/ nocase
    condition:
        filesize < 2MB and ($o1 or $o2) and $x1 and $r1 and ($cmd or filesize < 50KB)
}

rule WebShell_ASP_Manager_Features : webshell asp
{
    meta:
        author = "yingji"
        description = "Classic ASP combining file-system, stream and shell objects with privilege-escalation helpers (Serv-U, xp_cmdshell, net user, registry): a full-featured ASP webshell"
        description_zh = "ASP 同时使用文件系统、流与 Shell 对象并带提权功能(Serv-U、xp_cmdshell、net user、注册表)：ASP 大马"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $a1 = "Scripting.FileSystemObject" nocase
        $a2 = "0D43FE01-F093-11CF-8940-00A0C9054228" nocase
        $a3 = "ADODB.Stream" nocase
        $a4 = "WScript.Shell" nocase
        $a5 = "Shell.Application" nocase
        $a6 = "72C24DD5-D70A-438B-8A42-98424B88AFB8" nocase
        $a7 = "Server.ScriptTimeout" nocase
        $a8 = /request\s*(\.\s*(form|querystring)\s*)?\(/ nocase
        $p1 = "xp_cmdshell" nocase
        $p2 = /serv-?u/ nocase
        $p3 = "net user" nocase
        $p4 = "cmd.exe" nocase
        $p5 = "RegRead" nocase
        $p6 = "SaveToFile" nocase
        $p7 = "LocalAdministrator" nocase
        $p8 = /port\s*scan|portscan|scan\s*port/ nocase
        $p9 = "net localgroup" nocase
        $p10 = "UserPass" nocase
        $p11 = /\bmd5\s*\(/ nocase
        $p12 = "GetSpecialFolder" nocase
        $p13 = "terminal" nocase
        $p14 = "CreateTextFile" nocase
        $p15 = "DeleteFile" nocase
        $p16 = "MoveFile" nocase
        $p17 = "DateLastModified" nocase
    condition:
        filesize < 3MB and $a8 and 3 of ($a*) and 5 of ($p*)
}

rule WebShell_ASP_Encoded_Script : webshell asp obfuscation
{
    meta:
        author = "yingji"
        description = "Classic ASP page encoded with the Microsoft Script Encoder (VBScript.Encode / #@~^), a common way of hiding ASP webshells"
        description_zh = "使用 Microsoft Script Encoder 编码的 ASP 页面(VBScript.Encode / #@~^)，ASP 木马常用隐藏方式"
        severity = "medium"
        mitre = "T1027"
        reference = "https://attack.mitre.org/techniques/T1027/"
        date = "2026-11-28"
    strings:
        $l1 = /language\s*=\s*["']?(VBScript|JScript)\.Encode/ nocase
        $m1 = "#@~^"
    condition:
        filesize < 3MB and $l1 and $m1
}

rule WebShell_ASP_Known_Family_Markers : webshell asp aspx
{
    meta:
        author = "yingji"
        description = "Markers of well-known ASP/ASP.NET webshells (ASPXSpy, 海阳顶端, lake2, ASP.NET Web BackDoor, 80sec, Bin, K8, ASPyQAnalyser...)"
        description_zh = "知名 ASP/ASPX 大马家族特征(ASPXSpy、海阳顶端网、lake2、ASP.NET Web BackDoor、80sec 等)"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $n1 = "ASPXSpy" nocase
        $n2 = "ASP.NET Web BackDoor" nocase
        $n3 = "lake2" nocase fullword
        $n4 = "ASPyQAnalyser" nocase
        $n5 = "ASPYDrvsInfo" nocase
        $n6 = "Win MOF Shell" nocase
        $n7 = "BlackBap.Org" nocase
        $n8 = "aspxshell" nocase
        $n9 = "Bin:)" nocase
        $n10 = "Customize.aspx" nocase
        $n11 = "WebAdmin 2." nocase
        $n12 = "hididi.net" nocase
        $n13 = "ReDuh" fullword
        $n14 = "K8cmd" nocase
        $n15 = "NTDaddy" nocase
        $n16 = "CmdAsp.asp" nocase
        $n17 = "ASPXspy2" nocase
        $n18 = "filesystembrowser" nocase
        $n19 = "WebSniff" nocase
        $n20 = "ScanWrtieable" nocase
        $z1 = { BA A3 D1 F4 B6 A5 B6 CB }
        $z2 = "海阳顶端" wide ascii
        $z3 = "提权" wide ascii
        $z4 = { CC E1 C8 A8 }
        $z5 = "大马" wide ascii
        $z6 = { B4 F3 C2 ED }
        $t1 = /<title>[^<\n]{0,80}\b(web.?shell|shell|backdoor|hacker|spy|cmd)\b/ nocase
        $sink = /(WScript\.Shell|Shell\.Application|Scripting\.FileSystemObject|Process\.Start|ProcessStartInfo|ADODB\.Stream|72C24DD5-D70A-438B-8A42-98424B88AFB8|0D43FE01-F093-11CF-8940-00A0C9054228|System\.IO\.File|DirectoryInfo|cmd\.exe)/ nocase
        $asp = /<%|runat\s*=\s*["']?server/ nocase
    condition:
        filesize < 3MB and $asp and $sink and (any of ($n*) or any of ($z*) or $t1)
}

rule WebShell_ASP_Remote_Download : webshell asp
{
    meta:
        author = "yingji"
        description = "Classic ASP downloads a remote file with XMLHTTP and writes it with ADODB.Stream SaveToFile: a webshell dropper"
        description_zh = "ASP 以 XMLHTTP 下载远程文件并用 ADODB.Stream SaveToFile 写入：木马下载器"
        severity = "high"
        mitre = "T1105"
        reference = "https://attack.mitre.org/techniques/T1105/"
        date = "2026-11-28"
    strings:
        $x1 = /(Microsoft|MSXML2)\.(XMLHTTP|ServerXMLHTTP)/ nocase
        $x2 = "ADODB.Stream" nocase
        $x3 = "SaveToFile" nocase
        $x4 = "responseBody" nocase
        $asp = /<%|runat\s*=\s*["']?server/ nocase
    condition:
        filesize < 50KB and $asp and all of ($x*)
}

rule WebShell_ASPX_Process_Request : webshell aspx
{
    meta:
        author = "yingji"
        description = "ASP.NET page starts a process (cmd.exe, Process.Start, ProcessStartInfo) with request-supplied arguments"
        description_zh = "ASP.NET 页面以请求参数启动进程(cmd.exe、Process.Start、ProcessStartInfo)"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $p1 = /Process\s*\.\s*Start\s*\(/
        $p2 = "ProcessStartInfo"
        $p3 = /new\s+(System\.Diagnostics\.)?Process\s*\(\s*\)/
        $r1 = /Request\s*(\.\s*(Form|QueryString|Item|Params|Headers|Cookies)\s*)?[\[\(]/
        $r2 = /\.Text\b/
        $c1 = "cmd.exe" nocase
        $c2 = /["']\s*\/c\s/ nocase
        $c3 = /\.(FileName|Arguments)\s*=/
        $c4 = "RedirectStandardOutput"
        $asp = /<%@\s*(Page|WebHandler|WebService|Control)|runat\s*=\s*["']?server/ nocase
    condition:
        filesize < 2MB and $asp and any of ($p*) and ($r1 or $r2) and 2 of ($c*)
}

rule WebShell_ASPX_Assembly_Load : webshell aspx behinder godzilla
{
    meta:
        author = "yingji"
        description = "ASP.NET page loads an assembly from request bytes (Assembly.Load of a decrypted/decoded body): Behinder / Godzilla / AntSword .NET servers"
        description_zh = "ASP.NET 页面从请求数据加载程序集(Assembly.Load 解密/解码后的请求体)：冰蝎/哥斯拉/蚁剑 .NET 服务端"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://github.com/rebeyond/Behinder"
        date = "2026-11-28"
    strings:
        $k1 = "e45e329feb5d925b"
        $k2 = "3c6e0b8a9c15224a"
        $l1 = /Assembly\s*\.\s*Load\s*\(/
        $l2 = /\.\s*CreateInstance\s*\(\s*"/
        $i1 = /Request\s*\.\s*(BinaryRead|InputStream|Form\s*\[|Item\s*\[|Params\s*\[)/
        $i2 = /Convert\s*\.\s*FromBase64String\s*\(\s*Request/
        $c1 = /(RijndaelManaged|AesManaged|Aes\s*\.\s*Create|CreateDecryptor|TransformFinalBlock)/
        $asp = /<%@\s*(Page|WebHandler|WebService|Control)|runat\s*=\s*["']?server/ nocase
    condition:
        filesize < 1MB and $asp and $l1 and (($k1 or $k2) or ($i1 and ($c1 or $l2)) or $i2)
}

rule WebShell_ASPX_JScript_Eval : webshell aspx chopper
{
    meta:
        author = "yingji"
        description = "ASP.NET JScript page evaluating request data (eval(Request.Item[...], \"unsafe\")): China Chopper ASPX one-liner"
        description_zh = "ASP.NET JScript 页面执行请求参数(eval(Request.Item[...],\"unsafe\"))：中国菜刀 ASPX 一句话"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/software/S0020/"
        date = "2026-11-28"
    strings:
        $l = /Language\s*=\s*["']?J(ava)?Script/ nocase
        $e1 = /\beval\s*\(/ nocase
        $r1 = /Request/
        $u = /["'](unsafe|\\x75\\x6e\\x73\\x61)/ nocase
    condition:
        filesize < 500KB and $l and $e1 and $r1 and ($u or filesize < 4KB)
}

rule WebShell_ASPX_Manager_Features : webshell aspx
{
    meta:
        author = "yingji"
        description = "ASP.NET page combining process execution with file management, registry, database or port-scan features: a full-featured ASPX webshell"
        description_zh = "ASP.NET 页面同时具备进程执行、文件管理、注册表、数据库或端口扫描功能：ASPX 大马"
        severity = "high"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $e1 = /Process\s*\.\s*Start\s*\(|ProcessStartInfo/
        $f1 = "cmd.exe" nocase
        $f2 = /Directory(Info)?\s*\.\s*GetDirectories|\.GetFiles\s*\(/
        $f3 = /File\s*\.\s*(Delete|Move|Copy|SetLastWriteTime|SetCreationTime)\s*\(/
        $f4 = /Registry(Key)?\s*\.\s*(LocalMachine|OpenSubKey|GetValue)/
        $f5 = /(SqlConnection|OleDbConnection)/
        $f6 = /new\s+(System\.Net\.Sockets\.)?TcpClient\s*\(|new\s+Socket\s*\(/
        $f7 = "xp_cmdshell" nocase
        $f8 = /Environment\s*\.\s*(MachineName|UserName|OSVersion)/
        $f9 = /PostedFile\s*\.\s*SaveAs|\.SaveAs\s*\(/
        $f10 = "net user" nocase
        $f11 = /DriveInfo|GetLogicalDrives/
        $f12 = /WindowsIdentity\s*\.\s*GetCurrent/
        $asp = /<%@\s*(Page|WebHandler|WebService|Control)|runat\s*=\s*["']?server/ nocase
    condition:
        filesize < 3MB and $asp and $e1 and 5 of ($f*)
}

rule WebShell_ASPX_File_Write_Request : webshell aspx uploader
{
    meta:
        author = "yingji"
        description = "ASP.NET page writes request-supplied content (often base64) to a request-supplied path: an ASPX dropper"
        description_zh = "ASP.NET 页面将请求中的内容(常为 base64)写入请求指定的路径：ASPX 木马写入器"
        severity = "high"
        mitre = "T1105"
        reference = "https://attack.mitre.org/techniques/T1105/"
        date = "2026-11-28"
    strings:
        $w1 = /File\s*\.\s*(WriteAllBytes|WriteAllText|AppendAllText)\s*\(\s*[^;]{0,80}Request[^;]{0,120},\s*[^;]{0,60}Request/
        $w2 = /File\s*\.\s*WriteAllBytes\s*\([^;]{0,120}Convert\s*\.\s*FromBase64String\s*\(\s*Request/
        $w3 = /new\s+(System\.IO\.)?StreamWriter\s*\(\s*(Server\.MapPath\s*\(\s*)?Request/
        $w4 = /\.SaveAs\s*\(\s*Server\s*\.\s*MapPath\s*\(\s*Request\s*[\(\[\.]/ nocase
        $asp = /<%@\s*(Page|WebHandler|WebService|Control)|runat\s*=\s*["']?server/ nocase
    condition:
        filesize < 200KB and $asp and any of ($w*)
}

rule WebShell_ASP_Small_Request_Eval : webshell asp
{
    meta:
        author = "yingji"
        description = "Small classic ASP/JScript page where request data meets eval/execute, a script control or an eval alias ({'E': eval}), possibly assembled from fragments: one-line backdoor variants"
        description_zh = "小型 ASP/JScript 页面中请求参数与 eval/execute、ScriptControl 或 eval 别名({'E':eval})同时出现(可能经字符拼接)：一句话木马变形"
        severity = "high"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $asp = /<%|runat\s*=\s*["']?server/ nocase
        $req = /request\s*(\.\s*(form|querystring|item)\s*)?[\(\[]|request\s*\)/ nocase
        $s1 = /(^|[\s:%>;])(eval|execute|executeglobal)\s*[\s\(]\s*\(?\s*[a-z_]\w{0,20}\s*\)?\s*(%>|[\r\n:;])/ nocase
        $s2 = /:\s*eval\s*[,}]/ nocase
        $s3 = /ScriptControl/ nocase
        $s4 = /"ev"\s*[&+]\s*"al/ nocase
        $s4b = /"e"\s*[&+]\s*"v"\s*[&+]\s*"a/ nocase
        $s4c = /"eva"\s*[&+]\s*"l"/ nocase
        $s5 = /\beval\s*\(\s*\(?\s*eval\s*\(/ nocase
        $s6 = /chr\s*\(\s*114\s*\)\s*[&+]\s*chr\s*\(\s*101\s*\)\s*[&+]\s*chr\s*\(\s*113\s*\)/ nocase
        $s7 = /\b(execute|eval)\s*\(?\s*replace\s*\(/ nocase
    condition:
        filesize < 3KB and $asp and ($req or $s6) and any of ($s*)
}

rule WebShell_ASP_ScriptControl_Request : webshell asp
{
    meta:
        author = "yingji"
        description = "Classic ASP feeds request data to MSScriptControl (AddCode/ExecuteStatement/Eval)"
        description_zh = "ASP 将请求参数交给 MSScriptControl 执行(AddCode/ExecuteStatement/Eval)"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $c = "ScriptControl" nocase
        $x = /\.\s*(AddCode|ExecuteStatement|Eval|Run)\s*[\(\s]/ nocase
        $r = /request/ nocase
    condition:
        filesize < 100KB and all of them
}

rule WebShell_ASP_File_Write_Request : webshell asp uploader
{
    meta:
        author = "yingji"
        description = "Classic ASP writes request data to a request-supplied path (FileSystemObject CreateTextFile/ADODB.Stream): ASP dropper"
        description_zh = "ASP 将请求数据写入请求指定的路径(FSO CreateTextFile/ADODB.Stream)：ASP 木马写入器"
        severity = "high"
        mitre = "T1105"
        reference = "https://attack.mitre.org/techniques/T1105/"
        date = "2026-11-28"
    strings:
        $asp = /<%|runat\s*=\s*["']?server/ nocase
        $c1 = /CreateTextFile\s*\(\s*(server\.mappath\s*\(\s*)?request/ nocase
        $c2 = /CreateTextFile\s*\(/ nocase
        $w = /\.\s*(Write|WriteLine)\s*[\s\(]\s*\(?\s*request/ nocase
        $r = /request\s*\(/ nocase
        $fso = /scripting\.filesystemobject|0D43FE01-F093-11CF-8940-00A0C9054228/ nocase
    condition:
        filesize < 10KB and $asp and ($c1 or ($c2 and ($w or (#r >= 2 and $fso))))
}
