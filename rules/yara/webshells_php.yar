/*
 * yingji rule pack: PHP webshells.
 *
 * The rules model "attacker-controlled input reaches a dangerous operation"
 * (code evaluation, command execution, dynamic calls, file writes) and the
 * obfuscation layers webshells use to hide that, plus markers of well-known
 * webshell families and management tools. Written for yingji; see README.md.
 */

rule WebShell_PHP_Eval_Request : webshell php chopper
{
    meta:
        author = "yingji"
        description = "PHP code evaluation (eval/assert) of request data, possibly through a decoder: China Chopper style one-line backdoor"
        description_zh = "PHP 代码执行函数(eval/assert)直接执行请求参数(可经解码)，典型中国菜刀一句话木马"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $e1 = /(^|[^\w>$:])(eval|assert)\s*\(\s*@?\s*(\(\s*)?((base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|stripslashes|stripcslashes|urldecode|rawurldecode|hex2bin|strrev|trim|convert_uudecode|htmlspecialchars_decode|pack)\s*\(\s*@?\s*(['"][^'"]{0,8}['"]\s*,\s*)?){0,4}\$(\{\s*['"])?_(POST|GET|REQUEST|COOKIE|FILES)\b/ nocase
        $e2 = /(^|[^\w>$:])(eval|assert)\s*\(\s*@?\s*(\(\s*)?((base64_decode|gzinflate|gzuncompress|str_rot13|stripslashes|urldecode|rawurldecode|hex2bin|strrev|trim)\s*\(\s*@?\s*){0,4}\$_SERVER\s*\[\s*['"]HTTP_/ nocase
        $e3 = /(^|[^\w>$:])(eval|assert)\s*\(\s*@?\s*(\(\s*)?((base64_decode|gzinflate|gzuncompress|str_rot13|stripslashes|urldecode|hex2bin|strrev|trim)\s*\(\s*@?\s*){0,4}\$GLOBALS\s*\[\s*['"]_(POST|GET|REQUEST|COOKIE)/ nocase
        $e4 = /(^|[^\w>$:])(eval|assert)\s*\(\s*@?\s*(\(\s*)?((base64_decode|gzinflate|str_rot13|stripslashes|urldecode|hex2bin|strrev|trim)\s*\(\s*@?\s*){0,4}(getallheaders|apache_request_headers)\s*\(/ nocase
        $e5 = /(^|[^\w>$:])(eval|assert)\s*\(\s*@?\s*(\(\s*)?((base64_decode|gzinflate|str_rot13|stripslashes|urldecode|hex2bin|strrev|trim)\s*\(\s*@?\s*){0,4}file_get_contents\s*\(\s*['"]php:\/\/input/ nocase
        $e6 = /\bcreate_function\s*\(\s*(null|''|""|['"]\$\w{1,10}['"])\s*,\s*@?\s*((base64_decode|gzinflate|gzuncompress|str_rot13|stripslashes|urldecode|rawurldecode|hex2bin|strrev|trim)\s*\(\s*@?\s*){0,4}\$(\{\s*['"])?_(POST|GET|REQUEST|COOKIE|SERVER)\b/ nocase
        $e7 = /(^|[^\w>$:])(eval|assert)\s*\(\s*@?\s*['"]\\?\$\w{1,20}\s*=\s*\$\w{1,20};?['"]\s*\)/
    condition:
        filesize < 3MB and any of them
}

rule WebShell_PHP_Exec_Request : webshell php
{
    meta:
        author = "yingji"
        description = "PHP command execution function called directly on request data"
        description_zh = "PHP 命令执行函数(system/exec/passthru/shell_exec/popen 等)直接执行请求参数"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $x1 = /(^|[^\w>$:])(system|passthru|shell_exec|exec|popen|proc_open|pcntl_exec|create_function)\s*\(\s*@?\s*(\(\s*)?((base64_decode|stripslashes|urldecode|rawurldecode|trim|str_rot13|hex2bin|strrev|gzinflate|escapeshellcmd|html_entity_decode)\s*\(\s*@?\s*){0,3}\$(\{\s*['"])?_(POST|GET|REQUEST|COOKIE)\b/ nocase
        $x2 = /(^|[^\w>$:])(system|passthru|shell_exec|exec|popen|proc_open|pcntl_exec)\s*\(\s*@?\s*((base64_decode|stripslashes|urldecode|trim|str_rot13|hex2bin|strrev)\s*\(\s*){0,3}\$_SERVER\s*\[\s*['"]HTTP_/ nocase
        $x3 = /(echo|print|=|\(|return)\s*`\s*\{?\s*\$_(GET|POST|REQUEST|COOKIE)\s*\[[^\]`]{1,30}\]\s*\}?\s*`/
        $x4 = /(^|[^\w>$:])(system|passthru|shell_exec|exec|popen|proc_open)\s*\(\s*['"][^'"\n]{0,40}['"]\s*\.\s*\$_(GET|POST|REQUEST|COOKIE|SERVER)\s*\[/ nocase
    condition:
        filesize < 3MB and any of them
}

rule WebShell_PHP_Eval_Decoded_Payload : webshell php obfuscation
{
    meta:
        author = "yingji"
        description = "PHP eval/assert of a decoded or decompressed blob (eval(gzinflate(base64_decode(...)))), the usual packing of webshells and injected malware"
        description_zh = "PHP eval/assert 执行解码或解压后的数据(如 eval(gzinflate(base64_decode(...))))，常见木马/后门加壳方式"
        severity = "high"
        mitre = "T1027"
        reference = "https://attack.mitre.org/techniques/T1027/"
        date = "2026-11-28"
    strings:
        $d1 = /(^|[^\w>$:])(eval|assert)\s*\(\s*@?\s*(gzinflate|gzuncompress|gzdecode|base64_decode|str_rot13|convert_uudecode|strrev|hex2bin|rawurldecode|urldecode|bzdecompress|lzf_decompress)\s*\(/ nocase
        $d2 = /(^|[^\w>$:])eval\s*\(\s*['"]\?>['"]\s*\.\s*(gzinflate|gzuncompress|base64_decode|str_rot13|strrev|gzdecode|file_get_contents)\s*\(/ nocase
        $d3 = /(^|[^\w>$:])(eval|assert)\s*\(\s*@?\s*\$\w{1,20}\s*\(\s*\$\w{1,20}\s*\(\s*\$\w{1,20}\s*\(\s*['"][A-Za-z0-9+\/=]{40}/
    condition:
        filesize < 5MB and any of them
}

rule WebShell_PHP_Superglobal_Call : webshell php
{
    meta:
        author = "yingji"
        description = "PHP calls a function whose name comes from the request ($_GET['a']($_POST['b'])): a dynamic-call backdoor"
        description_zh = "PHP 以请求参数作为函数名动态调用(如 $_GET['a']($_POST['b']))，动态调用型后门"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $c1 = /\$(\{\s*['"])?_(POST|GET|REQUEST|COOKIE|SERVER)(['"]\s*\})?\s*\[[^\]\)\n;]{1,40}\]\s*\(/
        $c2 = /\$_{1,4}\s*\(\s*@?\s*\$_(POST|GET|REQUEST|COOKIE)\s*\[/
        $c3 = /\$\{\s*['"]_(POST|GET|REQUEST|COOKIE)['"]\s*\}\s*\[[^\]]{1,40}\]\s*\(/
        $c4 = /\(\s*\$_(POST|GET|REQUEST|COOKIE)\s*\[[^\]\n]{1,40}\]\s*\)\s*\(\s*\$_(POST|GET|REQUEST|COOKIE)/
        $c5 = /[\]\}]\s*\(\s*@?\$(\{\s*['"])?_(POST|GET|REQUEST|COOKIE)\b/
        $c6 = /\(\s*\.\.\.\s*\$_(GET|POST|REQUEST|COOKIE)\b/
    condition:
        filesize < 3MB and any of them
}

rule WebShell_PHP_Variable_Function_Request : webshell php
{
    meta:
        author = "yingji"
        description = "PHP calls a variable function with raw request data in a small file ($f($_POST['x'])), the shape of most one-line backdoors that hide the function name"
        description_zh = "小型 PHP 文件中以变量函数直接处理请求参数(如 $f($_POST['x']))，隐藏函数名的一句话后门"
        severity = "high"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $v1 = /\$[a-zA-Z_\x7f-\xff][\w\x7f-\xff]{0,30}\s*\(\s*@?\s*\$(\{\s*['"])?_(POST|GET|REQUEST|COOKIE)\b/
        $v2 = /\$[a-zA-Z_\x7f-\xff][\w\x7f-\xff]{0,30}\s*\(\s*@?\s*(base64_decode|stripslashes|str_rot13|gzinflate|urldecode|hex2bin|strrev|trim)\s*\(\s*\$_(POST|GET|REQUEST|COOKIE)\b/ nocase
    condition:
        filesize < 20KB and any of them
}

rule WebShell_PHP_Callback_Sink : webshell php
{
    meta:
        author = "yingji"
        description = "PHP callback API (array_map, call_user_func, usort, register_shutdown_function, preg_replace_callback, filter_var...) used with a request-supplied callback or with assert/eval/system as the callback"
        description_zh = "PHP 回调函数(array_map/call_user_func/usort/preg_replace_callback/filter_var 等)以请求参数或 assert/system 等危险函数为回调，回调型后门"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $f1 = /\b(array_map|call_user_func|call_user_func_array|register_shutdown_function|register_tick_function|forward_static_call|forward_static_call_array|set_error_handler|set_exception_handler|ob_start|header_register_callback|spl_autoload_register)\s*\(\s*@?\s*\$_(POST|GET|REQUEST|COOKIE|SERVER)\s*\[/ nocase
        $f1b = /\b(usort|uasort|uksort|array_filter|array_walk|array_walk_recursive|array_reduce)\s*\([^;]{1,80},\s*@?\$_(POST|GET|REQUEST|COOKIE)\s*\[[^\]]{1,30}\]\s*\)/ nocase
        $f2 = /\b(array_map|array_filter|array_walk|array_walk_recursive|call_user_func|call_user_func_array|usort|uasort|uksort|register_shutdown_function|register_tick_function|array_reduce|iterator_apply|forward_static_call|forward_static_call_array|ob_start|array_diff_ukey|array_intersect_ukey|array_udiff|preg_replace_callback|mb_ereg_replace_callback|set_error_handler)\s*\([^;]{0,80}['"](assert|eval|system|shell_exec|passthru|exec|popen|proc_open|pcntl_exec|create_function)['"]/ nocase
        $f3 = /\bcreate_function\s*\(\s*['"][^'"]{0,30}['"]\s*,\s*['"][^'"]{0,60}\b(eval|assert|system|passthru|shell_exec)\s*\(/ nocase
        $f4 = /['"]options['"]\s*=>\s*['"](assert|system|eval|passthru|shell_exec|exec)['"]/ nocase
        $f5 = /\bnew\s+ReflectionFunction\s*\(\s*\$_(POST|GET|REQUEST|COOKIE)/ nocase
        $f6 = /\b(array_map|call_user_func|call_user_func_array|register_shutdown_function|register_tick_function|forward_static_call|forward_static_call_array|iterator_apply|ob_start|set_error_handler|set_exception_handler|array_walk|array_filter)\s*\(\s*@?(base64_decode|str_rot13|strrev|gzinflate|hex2bin|urldecode|rawurldecode|substr_replace|str_replace|implode|join|chr)\s*\(/ nocase
        $f7 = /\b(usort|uasort|uksort|array_filter|array_walk|array_reduce)\s*\([^;]{1,80},\s*@?(base64_decode|str_rot13|gzinflate|hex2bin)\s*\(\s*\$\w{1,20}\s*\)\s*\)/ nocase
        $f8 = /\b(array_map|call_user_func|call_user_func_array|register_shutdown_function|register_tick_function|forward_static_call|forward_static_call_array|ob_start|array_filter|usort|uasort|uksort|array_walk)\s*\([^;]{0,60}['"][a-z_]{0,10}\\(x[0-9a-f]{2}|[0-7]{3})/ nocase
        $f9 = /\b(forward_static_call|forward_static_call_array|call_user_func|call_user_func_array|register_shutdown_function|register_tick_function|array_map)\s*\(\s*\$\w{1,20}\s*\.\s*['"](ert|sert|ssert|rt|al|val|em|tem|stem)['"]/ nocase
        $x1 = /:function\s*\(\s*\\?['"](assert|system|exec|passthru|shell_exec|eval|create_function)\\?['"]/ nocase
        $x2 = "registerPHPFunctions" nocase
        $y1 = /yaml_parse\s*\([^;]{0,200}=>\s*['"](preg_replace|assert|system|create_function)['"]/ nocase
    condition:
        filesize < 3MB and (any of ($f*) or all of ($x*) or $y1)
}


rule WebShell_PHP_Preg_Replace_Eval : webshell php
{
    meta:
        author = "yingji"
        description = "PHP preg_replace/preg_filter/mb_ereg_replace with the /e (evaluate) modifier in a file that reads request data"
        description_zh = "PHP preg_replace 等使用 /e 修饰符(替换结果作为代码执行)且文件读取请求参数，正则执行型后门"
        severity = "high"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $p1 = /\b(preg_replace|preg_filter)\s*\(\s*['"][^'"\n]{0,200}[\/|#@~!%}][imsxuADSUXJ]{0,6}e[imsxuADSUXJ]{0,6}['"]\s*,/ nocase
        $p3 = /\b(preg_replace|preg_filter)\s*\(\s*['"][^'"\n]{0,200}[\/|#@~!%}][imsxuADSUXJ]{0,6}\\(x65|145)['"]\s*,/ nocase
        $p4 = /\b(preg_replace|preg_filter)\s*\(\s*\$_(POST|GET|REQUEST|COOKIE)/ nocase
        $p5 = /\bpreg_replace\s*\(\s*\$exif\w{0,10}\s*\[/ nocase
        $p2 = /\bmb_eregi?_replace\s*\([^;]{1,300},\s*['"][imsxp]{0,5}e[imsxp]{0,5}['"]\s*\)/ nocase
        $r1 = /\$(\{\s*['"])?_(POST|GET|REQUEST|COOKIE)\b/
        $r2 = /\$_SERVER\s*\[\s*['"]HTTP_/
    condition:
        filesize < 3MB and 1 of ($p*) and 1 of ($r*)
}

rule WebShell_PHP_Obfuscated_Function_Name : webshell php obfuscation
{
    meta:
        author = "yingji"
        description = "PHP builds the name of a dangerous function (assert, eval, system, base64_decode, create_function...) from a base64, reversed, rot13 or escaped literal"
        description_zh = "PHP 以 base64/反转/rot13/转义字符串构造危险函数名(assert/eval/system/base64_decode/create_function 等)，免杀混淆特征"
        severity = "high"
        mitre = "T1027"
        reference = "https://attack.mitre.org/techniques/T1027/"
        date = "2026-11-28"
    strings:
        $b64 = /base64_decode\s*\(\s*['"](YXNzZXJ0|ZXZhbA|c3lzdGVt|c2hlbGxfZXhlYw|cGFzc3RocnU|cHJvY19vcGVu|Y3JlYXRlX2Z1bmN0aW9u|YmFzZTY0X2RlY29kZQ|Z3ppbmZsYXRl|Z3p1bmNvbXByZXNz|c3RyX3JvdDEz|cHJlZ19yZXBsYWNl|Y2FsbF91c2VyX2Z1bmM|YXJyYXlfbWFw|ZXhlYyg|cG9wZW4o)/
        $rev1 = /strrev\s*\(\s*['"](tressa|lave|metsys|cexe_llehs|urhtssap|nepo_corp|nepop|noitcnuf_etaerc|edoced_46esab|etalfnizg|sserpmocnuzg|31tor_rts|ecalper_gerp|cnuf_resu_llac|pam_yarra)['"]/ nocase
        $rev2 = /['"](tressa|edoced_46esab|noitcnuf_etaerc|etalfnizg|cexe_llehs|sserpmocnuzg|ecalper_gerp)['"]/ nocase
        $rot1 = /str_rot13\s*\(\s*['"](nffreg|riny|flfgrz|furyy_rkrp|cnffgueh|perngr_shapgvba|onfr64_qrpbqr|tmvasyngr|tmhapbzcerff|cbcra|cebp_bcra|cert_ercynpr|pnyy_hfre_shap)['"]/ nocase
        $rot2 = /['"](nffreg|perngr_shapgvba|onfr64_qrpbqr|tmvasyngr|furyy_rkrp)['"]/ nocase
        $hx1 = "\\x65\\x76\\x61\\x6c" nocase
        $hx2 = "\\x61\\x73\\x73\\x65\\x72\\x74" nocase
        $hx3 = "\\x62\\x61\\x73\\x65\\x36\\x34\\x5f\\x64\\x65\\x63\\x6f\\x64\\x65" nocase
        $hx4 = "\\x73\\x79\\x73\\x74\\x65\\x6d" nocase
        $hx5 = "\\x63\\x72\\x65\\x61\\x74\\x65\\x5f\\x66\\x75\\x6e\\x63\\x74\\x69\\x6f\\x6e" nocase
        $hx6 = "\\x67\\x7a\\x69\\x6e\\x66\\x6c\\x61\\x74\\x65" nocase
        $hx7 = "\\x73\\x68\\x65\\x6c\\x6c\\x5f\\x65\\x78\\x65\\x63" nocase
        $oc1 = "\\145\\166\\141\\154"
        $oc2 = "\\141\\163\\163\\145\\162\\164"
        $oc3 = "\\142\\141\\163\\145\\66\\64\\137\\144\\145\\143\\157\\144\\145"
        $gl1 = "\\x47\\x4c\\x4f\\x42\\x41\\x4c\\x53" nocase
        $gl2 = /\$\{\s*["'](G|\\x47)(L|\\x4c)(O|\\x4f)(B|\\x42)(A|\\x41)(L|\\x4c)(S|\\x53)["']\s*\}/ nocase
        $gl3 = "\\x5f\\x50\\x4f\\x53\\x54" nocase
        $gl4 = "\\x5f\\x47\\x45\\x54" nocase
        $gl5 = "\\x5f\\x52\\x45\\x51\\x55\\x45\\x53\\x54" nocase
        $mix = /\\(x62|142)\\(x61|141)\\(x73|163)\\(x65|145)\\(x36|66)\\(x34|64)\\(x5f|137)\\(x64|144)/ nocase
    condition:
        filesize < 5MB and any of them
}

rule WebShell_PHP_Weevely_Junk_Obfuscation : webshell php weevely
{
    meta:
        author = "yingji"
        description = "Weevely-style PHP agent: code split into junk-padded string fragments, cleaned with str_replace and run through create_function"
        description_zh = "Weevely 类 PHP 木马：代码被拆分并插入垃圾字符，经 str_replace 还原后由 create_function 执行"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://github.com/epinna/weevely3"
        date = "2026-11-28"
    strings:
        $sr = /\$\w{1,12}\s*=\s*str_replace\s*\(\s*['"][\w]{1,6}['"]\s*,\s*['"]['"]\s*,\s*['"]?[\w$]/
        $cf = /=\s*\$\w{1,12}\s*\(\s*(''|"")\s*,\s*(\$\w{1,12}\s*\(\s*['"][^'"]{1,6}['"]\s*,\s*(''|"")\s*,\s*)?\$\w{1,12}\s*[.)]/
        $sr2 = /str_replace\s*\(\s*['"][^'"\n]{1,6}['"]\s*,\s*(''|"")\s*,\s*\$\w{1,12}\s*\.\s*\$\w{1,12}\s*\.\s*\$\w{1,12}\s*\.\s*\$\w/
        $sr3 = /str_replace\s*\(\s*['"][^'"\n]{1,6}['"]\s*,\s*(''|"")\s*,\s*['"][a-z_]{0,6}[^'"\n]{0,12}(cr|fu|ba|ev|as|ed|ge)[^'"\n]{1,24}['"]\s*\)/ nocase
        $cf2 = /create_function\s*\(\s*['"]['"]\s*,\s*\$\w{1,12}\s*\.\s*\$\w{1,12}/ nocase
        $k1 = /\$kh\s*=\s*['"][0-9a-f]{4,12}['"]/
        $k2 = /\$kf\s*=\s*['"][0-9a-f]{4,12}['"]/
    condition:
        filesize < 200KB and ((($sr or $sr3) and ($cf or $cf2)) or ($sr2 and ($cf or $cf2 or $sr3)) or all of ($k*))
}

rule WebShell_PHP_Behinder : webshell php behinder
{
    meta:
        author = "yingji"
        description = "Behinder (冰蝎) PHP server: AES/XOR-decrypted request body evaluated through a class __invoke, with the default key or its session handshake"
        description_zh = "冰蝎(Behinder) PHP 服务端：请求体经 AES/XOR 解密后执行，含默认密钥或会话握手特征"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://github.com/rebeyond/Behinder"
        date = "2026-11-28"
    strings:
        $key = "e45e329feb5d925b"
        $inv = /class\s+\w{1,10}\s*\{\s*public\s+function\s+__invoke\s*\(\s*\$\w{1,10}\s*\)\s*\{\s*eval\s*\(\s*\$\w{1,10}\s*\.\s*['"]['"]\s*\)/ nocase
        $xor = /\$\w{1,10}\s*\[\s*\$i\s*\]\s*=\s*\$\w{1,10}\s*\[\s*\$i\s*\]\s*\^\s*\$key\s*\[\s*\$i\s*\+\s*1\s*&\s*15\s*\]/
        $in = "php://input" nocase
        $ssl = "openssl_decrypt" nocase
        $sess = /\$_SESSION\s*\[\s*['"]k['"]\s*\]\s*=/
    condition:
        filesize < 100KB and ($key or $inv or $xor or ($in and $ssl and $sess))
}

rule WebShell_PHP_Godzilla : webshell php godzilla
{
    meta:
        author = "yingji"
        description = "Godzilla (哥斯拉) PHP server: XOR/AES payload stored in the session, default key 3c6e0b8a9c15224a or its payloadName/md5(pass.key) logic"
        description_zh = "哥斯拉(Godzilla) PHP 服务端：载荷保存在 Session 中，含默认密钥 3c6e0b8a9c15224a 或 payloadName/md5(pass.key) 特征"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://github.com/BeichenDream/Godzilla"
        date = "2026-11-28"
    strings:
        $key = "3c6e0b8a9c15224a"
        $p1 = "$payloadName" nocase
        $p2 = /\$\w\s*\[\s*\$i\s*\]\s*\^\s*\$\w\s*\[\s*\$i\s*\+\s*1\s*&\s*15\s*\]/
        $p3 = /md5\s*\(\s*\$pass\s*\.\s*\$key\s*\)/
        $p4 = /\$_SESSION\s*\[\s*\$payloadName\s*\]/
    condition:
        filesize < 100KB and ($key or 2 of ($p*))
}

rule WebShell_Chopper_Response_Markers : webshell chopper antsword
{
    meta:
        author = "yingji"
        description = "China Chopper / AntSword compatible server: response framed by the ->| and |<- markers, or an AntSword reference next to code execution"
        description_zh = "中国菜刀/蚁剑兼容服务端：响应以 ->| 和 |<- 包裹，或含 AntSword 标识与代码执行"
        severity = "high"
        mitre = "T1505.003"
        reference = "https://github.com/AntSwordProject/antSword"
        date = "2026-11-28"
    strings:
        $m1 = "\"->|\""
        $m2 = "\"|<-\""
        $m3 = "'->|'"
        $m4 = "'|<-'"
        $ant = "antsword" nocase
        $sink = /\b(eval|assert|system|exec|Execute|getRuntime)\s*\(/ nocase
    condition:
        filesize < 1MB and ((($m1 or $m3) and ($m2 or $m4)) or ($ant and $sink))
}

rule WebShell_PHP_File_Write_Request : webshell php uploader
{
    meta:
        author = "yingji"
        description = "PHP writes a file whose name and content come from the request, or saves an upload under the client-chosen name: a webshell dropper/uploader"
        description_zh = "PHP 以请求参数指定的文件名和内容写文件，或按客户端文件名保存上传文件：木马上传/写入器"
        severity = "high"
        mitre = "T1105"
        reference = "https://attack.mitre.org/techniques/T1105/"
        date = "2026-11-28"
    strings:
        $w1 = /\b(file_put_contents|fopen)\s*\(\s*[^,;]{0,80}\$_(GET|POST|REQUEST|COOKIE)\s*\[[^;]{0,100},\s*[^;]{0,60}\$_(GET|POST|REQUEST|COOKIE)\s*\[/ nocase
        $w2 = /\bfwrite\s*\(\s*fopen\s*\(\s*[^;]{0,80}\$_(GET|POST|REQUEST)/ nocase
        $u1 = /\b(move_uploaded_file|copy)\s*\(\s*\$_FILES\s*\[[^\]]{1,30}\]\s*\[\s*['"]tmp_name['"]\s*\]\s*,\s*[^;]{0,60}\$_FILES\s*\[[^\]]{1,30}\]\s*\[\s*['"]name['"]\s*\]\s*\)/ nocase
        $w3 = /\b(file_put_contents|fwrite|fputs)\s*\([^;]{1,80},\s*(base64_decode|gzinflate|str_rot13|urldecode)\s*\(\s*\$_(GET|POST|REQUEST)/ nocase
        $w4 = /\b(fwrite|fputs)\s*\(\s*@?fopen\s*\([^;]{0,120}(base64_decode|gzinflate|str_rot13|gzuncompress)\s*\(\s*['"]/ nocase
        $w5 = /\b(file_put_contents|fwrite|fputs)\s*\([^;]{0,120}(base64_decode|gzinflate|str_rot13|gzuncompress)\s*\(\s*['"](PD9waHA|PD9QSFA|PD8|DQo8P3Bo|PHNjcmlwdCBsYW5ndWFnZT0icGhwIj)/
        $w6 = /\b(file_put_contents|fwrite|fputs)\s*\([^;]{0,80}\$_SERVER\s*\[\s*['"]HTTP_\w{1,20}['"]\s*\]\s*,\s*\$_SERVER\s*\[\s*['"]HTTP_/
    condition:
        filesize < 100KB and any of them
}

rule WebShell_PHP_Include_Request : webshell php
{
    meta:
        author = "yingji"
        description = "PHP includes a path or stream taken from the request (include $_GET[...], php://input, data://): remote/local file inclusion backdoor"
        description_zh = "PHP include/require 请求参数指定的路径或 php://input、data:// 流，文件包含型后门"
        severity = "high"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $i1 = /\b(include|include_once|require|require_once)\s*\(?\s*@?\s*\$_(GET|POST|REQUEST|COOKIE)\s*\[/ nocase
        $i2 = /\b(include|include_once|require|require_once)\s*\(?\s*['"](php:\/\/input|data:\/\/text\/plain;base64)/ nocase
        $i3 = /\b(include|include_once|require|require_once)\s*\(?\s*@?\s*(base64_decode|urldecode)\s*\(\s*\$_(GET|POST|REQUEST|COOKIE)/ nocase
    condition:
        filesize < 1MB and any of them
}

rule WebShell_PHP_Image_Polyglot : webshell php
{
    meta:
        author = "yingji"
        description = "Image header (GIF/PNG/JPEG) followed by PHP code that evaluates, executes or reads request data: a webshell disguised as a picture"
        description_zh = "图片文件头(GIF/PNG/JPEG)后紧跟执行代码或读取请求的 PHP 代码：伪装成图片的木马"
        severity = "high"
        mitre = "T1036.008"
        reference = "https://attack.mitre.org/techniques/T1036/008/"
        date = "2026-11-28"
    strings:
        $php = /<\?(php|=)?[\s@$]/ nocase
        $s1 = /\b(eval|assert|system|passthru|shell_exec|create_function|base64_decode|gzinflate|call_user_func)\s*\(/ nocase
        $s2 = /\$_(POST|GET|REQUEST|COOKIE)\b/
    condition:
        filesize < 2MB and
        (uint32(0) == 0x38464947 or uint32(0) == 0x474e5089 or uint16(0) == 0xd8ff) and
        $php in (0..4096) and 1 of ($s*)
}

rule WebShell_PHP_Bitwise_String_Construction : webshell php obfuscation
{
    meta:
        author = "yingji"
        description = "PHP builds function names from XOR/NOT/OR of string literals ('%01'^'`', ~'\\x9e..'): the 'no letters' webshell obfuscation"
        description_zh = "PHP 以字符串异或/取反/或运算构造函数名(无字母木马)，免杀混淆特征"
        severity = "high"
        mitre = "T1027"
        reference = "https://attack.mitre.org/techniques/T1027/"
        date = "2026-11-28"
    strings:
        $x1 = /[^\s,(=\[]'\^'[^\s,)\]]/
        $x2 = /[^\s,(=\[]"\^"[^\s,)\]]/
        $x3 = "'|~"
        $php = "<?"
    condition:
        filesize < 100KB and $php and #x1 + #x2 + #x3 >= 4
}

rule WebShell_PHP_Small_Request_Sink : webshell php
{
    meta:
        author = "yingji"
        description = "Small PHP file in which request input meets a code/command execution sink, a dynamic callback, a dynamic include or a file write (a one-line or few-line backdoor)"
        description_zh = "小型 PHP 文件中请求参数与代码/命令执行、动态回调、动态包含或写文件同时出现，一句话/小马特征"
        severity = "high"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $php = /<\?(php|=)?[\s@$\/]|<script\s+language\s*=\s*['"]?php/ nocase
        $req1 = /\$(\{\s*['"])?_(POST|GET|REQUEST|COOKIE|FILES)\b/
        $req2 = /\$_SERVER\s*\[\s*['"]HTTP_/
        $req3 = /\$HTTP_(POST|GET)_VARS\b/
        $req4 = "php://input" nocase
        $req5 = /\b(getallheaders|apache_request_headers)\s*\(/ nocase
        $sink1 = /(^|[^\w>$:])(eval|assert|system|passthru|shell_exec|popen|proc_open|pcntl_exec|create_function)\s*\(\s*@?\s*[$'"]/ nocase
        $sink2 = /\b(array_map|call_user_func|call_user_func_array|register_shutdown_function|register_tick_function|forward_static_call|forward_static_call_array|ob_start|iterator_apply|set_error_handler|set_exception_handler|array_walk)\s*\(\s*@?\$\w/ nocase
        $sink3 = /\b(usort|uasort|uksort|array_filter|array_walk|array_reduce)\s*\([^;]{1,80},\s*@?\$\w{1,30}\s*\)/ nocase
        $sink4 = /['"](assert|create_function|passthru|shell_exec|proc_open|pcntl_exec)['"]/ nocase
        $sink5 = /\b(include|include_once|require|require_once)\s*\(?\s*@?\$\w{1,30}\s*\)?\s*;/ nocase
        $sink6 = /\b(fwrite|fputs)\s*\(\s*@?fopen\s*\(/ nocase
        $sink7 = /\bextract\s*\(\s*\$_(REQUEST|POST|GET|COOKIE)/ nocase
        $sink8 = /\bpreg_replace\s*\(\s*\$\w/ nocase
        $sink9 = /\$\w{1,20}\s*=\s*['"](assert|create_function|passthru|shell_exec|system|exec|popen|proc_open|pcntl_exec|preg_replace|eval|base64_decode|str_rot13|gzinflate|call_user_func|array_map)['"]\s*;/ nocase
    condition:
        filesize < 2KB and $php and any of ($req*) and any of ($sink*)
}

rule WebShell_PHP_Obfuscated_Fragments : webshell php obfuscation
{
    meta:
        author = "yingji"
        description = "PHP assembles a superglobal name or a dangerous function name from small string fragments, chr() codes or a character table ($s[3].$s[17]...)"
        description_zh = "PHP 以短字符串片段、chr() 编码或字符表下标拼接超全局变量名或危险函数名，免杀混淆特征"
        severity = "high"
        mitre = "T1027"
        reference = "https://attack.mitre.org/techniques/T1027/"
        date = "2026-11-28"
    strings:
        $sg1 = /'_(P|PO|POS|G|GE|R|RE|REQ|REQU|REQUE|REQUES|C|CO|COO|COOK|COOKI|S|SE|SER|SERV|SERVE)'\s*\.\s*'/
        $sg2 = /"_(P|PO|POS|G|GE|R|RE|REQ|REQU|REQUE|REQUES|C|CO|COO|COOK|COOKI|S|SE|SER|SERV|SERVE)"\s*\.\s*"/
        $sg3 = /'\$?_'\s*\.\s*'(P|PO|POS|POST|G|GE|GET|R|RE|REQ|REQUEST|C|CO|COOKIE)/
        $sg4 = /"\$?_"\s*\.\s*"(P|PO|POS|POST|G|GE|GET|R|RE|REQ|REQUEST|C|CO|COOKIE)/
        $sg5 = /'\$'\s*\.\s*'_[PGRC]/
        $sg6 = /"\$"\s*\.\s*"_[PGRC]/
        $as1 = /'(a'\s*\.\s*'s|as'\s*\.\s*'s|ass'\s*\.\s*'e|asse'\s*\.\s*'r|asser'\s*\.\s*'t)/ nocase
        $as2 = /"(a"\s*\.\s*"s|as"\s*\.\s*"s|ass"\s*\.\s*"e|asse"\s*\.\s*"r|asser"\s*\.\s*"t)/ nocase
        $as3 = /'(e'\s*\.\s*'va|ev'\s*\.\s*'al|eva'\s*\.\s*'l')/ nocase
        $as4 = /"(e"\s*\.\s*"va|ev"\s*\.\s*"al|eva"\s*\.\s*"l")/ nocase
        $as5 = /(edoced_4['"]\s*\.|'base'\s*\.\s*'64_|"base"\s*\.\s*"64_|'bas'\s*\.\s*'e64|"bas"\s*\.\s*"e64|'base6'\s*\.\s*'4_|"base6"\s*\.\s*"4_)/ nocase
        $fr1 = /'\w{1,3}'\.'\w{1,3}'\.'\w{1,3}'\.'\w{1,3}'/
        $fr2 = /"\w{1,3}"\."\w{1,3}"\."\w{1,3}"\."\w{1,3}"/
        $fr3 = /'\w{1,3}' \. '\w{1,3}' \. '\w{1,3}' \. '\w{1,3}'/
        $fr4 = /"\w{1,3}" \. "\w{1,3}" \. "\w{1,3}" \. "\w{1,3}"/
        $ch1 = /chr\s*\(\s*\d{2,3}\s*\)\s*\.\s*chr\s*\(\s*\d{2,3}\s*\)\s*\.\s*chr\s*\(\s*\d{2,3}\s*\)\s*\.\s*chr\s*\(/ nocase
        $ch2 = /\(\d{2,3}\)\.\$\w{1,10}\(\d{2,3}\)\.\$\w{1,10}\(\d{2,3}\)\.\$/
        $tb1 = /\]\.\$\w{1,20}\[\d{1,3}\]\.\$\w{1,20}\[\d{1,3}\]\.\$\w{1,20}\[\d{1,3}\]\.\$\w{1,20}\[\d{1,3}\]\.\$/
        $tb2 = /\}\.\$\w{1,20}\{\d{1,3}\}\.\$\w{1,20}\{\d{1,3}\}\.\$\w{1,20}\{\d{1,3}\}\.\$\w{1,20}\{\d{1,3}\}\.\$/
        $tb3 = /\] \. \$\w{1,20}\[\d{1,3}\] \. \$\w{1,20}\[\d{1,3}\] \. \$\w{1,20}\[\d{1,3}\] \. \$\w{1,20}\[\d{1,3}\] \. \$/
        $tb4 = /\} \. \$\w{1,20}\{\d{1,3}\} \. \$\w{1,20}\{\d{1,3}\} \. \$\w{1,20}\{\d{1,3}\} \. \$\w{1,20}\{\d{1,3}\} \. \$/
        $b64n = /'base'\s*\.\s*\(\s*\d{1,2}\s*\*\s*\d{1,2}\s*\)\s*\.\s*'_de'/
        $o1 = /\$\{?['"]?(OO0|O0O|OOO|O00|0OO|0O0|00O)[O0]{5,12}\b/
        $o2 = /\$GLOBALS\s*\[\s*['"][O0_]{6,}['"]\s*\]/
        $u8 = /(urldecode|rawurldecode)\s*\(\s*['"](%[0-9a-fA-F]{2}){8,}/
        $sink = /(^|[^\w>$:])(eval|assert|create_function|system|passthru|shell_exec|base64_decode|gzinflate|str_rot13|gzuncompress)\s*\(/ nocase
        $req = /\$(\{\s*['"])?_(POST|GET|REQUEST|COOKIE)\b/
    condition:
        filesize < 2MB and (
            any of ($sg*) or any of ($as*) or $b64n or $o1 or $o2 or
            ((any of ($fr*) or #ch1 >= 2 or $ch2 or #tb1 >= 2 or #tb2 >= 2 or #tb3 >= 2 or #tb4 >= 2 or $u8) and ($sink or $req))
        )
}

rule WebShell_PHP_NonAlphanumeric : webshell php obfuscation
{
    meta:
        author = "yingji"
        description = "PHP written without letters or digits ($_++, $__.=~(...), ('>'>'<')): the non-alphanumeric webshell construction"
        description_zh = "PHP 无字母数字木马构造($_++、$__.=~(...)、('>'>'<'))"
        severity = "high"
        mitre = "T1027"
        reference = "https://attack.mitre.org/techniques/T1027/"
        date = "2026-11-28"
    strings:
        $u5 = "$_____"
        $inc = "$__++;"
        $not = ".=~("
        $cmp = "('>'>'<')"
        $idx = /\$_{1,4}\s*\[\s*\+\s*(\$_{1,4}|''|"")\s*\]/
        $arr = /\$_+\s*=\s*\$_+\s*\[\s*['"][^a-zA-Z0-9'"]['"]\s*==\s*['"][^a-zA-Z0-9'"]['"]\s*\]/
    condition:
        filesize < 200KB and (#u5 >= 6 or #inc >= 10 or #not >= 3 or $cmp or $idx or $arr)
}

rule WebShell_PHP_Password_Gate : webshell php
{
    meta:
        author = "yingji"
        description = "PHP compares a hash of a request value with a hard-coded hash before running code: a password-protected backdoor"
        description_zh = "PHP 将请求参数的哈希与硬编码哈希比较后执行代码：带密码的后门"
        severity = "high"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $g1 = /\b(md5|sha1|crypt|hash)\s*\(\s*(['"][a-z0-9]{2,10}['"]\s*,\s*)?\$_(GET|POST|REQUEST|COOKIE|SERVER)\s*\[[^\]]{1,40}\]\s*(,[^)]{1,20})?\)\s*[!=]==?\s*['"][0-9a-zA-Z.\/$]{13,64}['"]/ nocase
        $g2 = /['"][0-9a-f]{32,64}['"]\s*[!=]==?\s*(md5|sha1|hash)\s*\(\s*(['"][a-z0-9]{2,10}['"]\s*,\s*)?\$_(GET|POST|REQUEST|COOKIE|SERVER)\s*\[/ nocase
        $sink = /(^|[^\w>$:])(eval|assert|system|passthru|shell_exec|popen|proc_open|create_function|file_put_contents|fwrite|move_uploaded_file|array_map|call_user_func|include|require)\s*\(/ nocase
    condition:
        filesize < 500KB and any of ($g*) and $sink
}

rule WebShell_PHP_Manager_Features : webshell php
{
    meta:
        author = "yingji"
        description = "PHP file combining command execution with post-exploitation features (system info, /etc/passwd, SUID search, config hunting, back-connect, port binding): a full-featured webshell (WSO, c99, r57, b374k...)"
        description_zh = "PHP 文件同时具备命令执行与提权/信息收集功能(系统信息、/etc/passwd、SUID 查找、配置文件搜索、反弹/绑定端口)：大马(WSO/c99/r57/b374k 等)"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $exec1 = /(^|[^\w>$:])(system|passthru|shell_exec|popen|proc_open|exec)\s*\(/ nocase
        $f1 = "/etc/passwd"
        $f2 = "netstat -an" nocase
        $f3 = /find \/ -type f -perm -0?4000/
        $f4 = /find \/ -perm -[024]{1,4}/
        $f5 = "locate config" nocase
        $f6 = "uname -a"
        $f7 = /back.?connect/ nocase
        $f8 = /bind.?port/ nocase
        $f9 = "/bin/sh -i"
        $f10 = ".bash_history"
        $f11 = "/etc/shadow"
        $f12 = "/etc/named.conf"
        $f13 = "cmd.exe" nocase
        $f14 = "ps aux"
        $f15 = "posix_getpwuid"
        $f16 = /safe.?mode/ nocase
        $f17 = "disable_functions"
        $f18 = "FilesMan"
        $f19 = "/var/cpanel" nocase
        $f20 = /suid|sgid/ nocase
        $f21 = "whoami"
        $f22 = "php_uname" nocase
        $f23 = /\.htpasswd|\.htaccess/
        $f24 = "ipconfig" nocase
        $f25 = "net user" nocase
        $f26 = "str_rot13" nocase
    condition:
        filesize < 3MB and $exec1 and 6 of ($f*)
}

rule WebShell_PHP_Known_Family_Markers : webshell php
{
    meta:
        author = "yingji"
        description = "Markers of well-known PHP webshells (WSO, c99, r57, b374k, IndoXploit, PhpSpy, Antichat, nsTView, Ani-Shell, Spider PHP Shell...)"
        description_zh = "知名 PHP 大马家族特征(WSO、c99、r57、b374k、IndoXploit、PhpSpy、Antichat、nsTView、Ani-Shell、Spider PHP Shell 等)"
        severity = "critical"
        mitre = "T1505.003"
        reference = "https://attack.mitre.org/techniques/T1505/003/"
        date = "2026-11-28"
    strings:
        $n1 = "WSO_VERSION"
        $n2 = /\$default_action\s*=\s*['"]FilesMan['"]/
        $n3 = "c99shell" nocase
        $n4 = "c99sh_" nocase
        $n5 = "r57shell" nocase
        $n6 = "b374k" nocase
        $n7 = "IndoXploit" nocase
        $n8 = "phpspy" nocase
        $n9 = "Antichat Shell" nocase
        $n10 = "nsTView" nocase
        $n11 = "Ani-Shell" nocase
        $n12 = "Spider PHP Shell" nocase
        $n13 = "phpRemoteView" nocase
        $n14 = "NetworkFileManagerPHP" nocase
        $n15 = "PHPJackal" nocase
        $n16 = "KA_uShell" nocase
        $n17 = "GFS web-shell" nocase
        $n18 = "Safe0ver" nocase
        $n19 = "SnIpEr_SA" nocase
        $n20 = "Gamma Web Shell" nocase
        $n21 = "Sym403" nocase
        $n22 = "MulCiShell" nocase
        $n23 = "Sosyete Safe Mode Bypass" nocase
        $n24 = "SimAttacker" nocase
        $n25 = "Small Web Shell by" nocase
        $n26 = "EgY_SpIdEr" nocase
        $n27 = "CrystalShell" nocase
        $n28 = "Dive Shell" nocase
        $n29 = "Locus7s" nocase
        $n30 = "KingDefacer" nocase
        $n31 = "Security Angel Team" nocase
        $n32 = "Safe Mode Shell" nocase
        $n33 = "Mini Shell" nocase fullword
        $n34 = "Priv8 Shell" nocase
        $n35 = "Cyber Shell" nocase
        $n36 = "Webshell by" nocase
        $n37 = "INDRAJITH SHELL" nocase
        $n38 = "sohaip-hackerDZ" nocase
        $n39 = "Silic Group Hacker Army" nocase
        $n40 = "AnonGhost" nocase
        $t1 = /<title>[^<\n]{0,80}\b(web.?shell|shell|backdoor|hacker|h4x0r|priv8|defacer)\b/ nocase
        $sink = /(^|[^\w>$:])(eval|assert|system|passthru|shell_exec|popen|proc_open|exec|move_uploaded_file)\s*\(/ nocase
    condition:
        filesize < 3MB and $sink and (any of ($n*) or $t1)
}
