package php

import (
	"testing"
)

// probeCases are the discovery probes and defacements of abuse_probe.go
// and abuse_deface.go, each with benign look-alikes that must stay below
// verdict.Report.
var probeCases = []abuseCase{
	// Discovery probes.
	{"system of whoami", `<?php system("whoami"); ?>`, "php.abuse.probe"},
	{"echo of shell_exec uname", `<?php echo "<pre>" . shell_exec("uname -a; id") . "</pre>";`, "php.abuse.probe"},
	{"exec with the output lines printed", `<?php
exec("ipconfig /all", $out);
foreach ($out as $line) {
	echo $line . "<br>";
}
`, "php.abuse.probe"},
	{"assert of constant code", `<?php
$c = 'passthru("net user")';
assert($c);
`, "php.abuse.probe"},
	{"constant function run by eval", `<?php
eval("function t() { echo shell_exec('whoami'); }");
t();
`, "php.abuse.probe"},
	{"popen with the pipe read", `<?php
$h = popen("/usr/bin/id", "r");
$r = "";
while (!feof($h)) {
	$r .= fread($h, 1024);
}
pclose($h);
echo $r;
`, "php.abuse.probe"},
	{"cmd /c systeminfo", `<?php echo shell_exec('cmd /c systeminfo 2>&1');`, "php.abuse.probe"},
	{"account list printed", `<?php readfile("/etc/passwd");`, "php.abuse.probe"},
	{"account list read and printed", `<?php
$u = file_get_contents('/etc/passwd');
echo nl2br($u);
`, "php.abuse.probe"},
	{"usable command functions", `<?php
$fs = array('exec', 'shell_exec', 'system', 'passthru', 'popen', 'proc_open');
$off = explode(',', ini_get('disable_functions'));
foreach ($fs as $f) {
	echo $f . ': ' . (in_array($f, $off) || !function_exists($f) ? 'off' : 'on') . "<br>";
}
`, "php.abuse.probe"},
	{"backtick", `<?php echo "<pre>" . ` + "`id; uname -a`" + ` . "</pre>";`, "php.abuse.probe"},
	{"usable command functions tested one by one", `<?php
$d = ini_get('disable_functions');
echo "disabled: $d<br>";
echo 'system: ' . (function_exists('system') ? 'yes' : 'no') . '<br>';
echo 'exec: ' . (function_exists('exec') ? 'yes' : 'no') . '<br>';
echo 'popen: ' . (function_exists('popen') ? 'yes' : 'no') . '<br>';
`, "php.abuse.probe"},

	{"maintenance cron script", `<?php
exec("find /var/www/cache -mtime +7 -delete");
exec("mysqldump shop > /backup/shop.sql");
echo "done\n";
`, ""},
	{"cron script checking its account", `<?php
if (trim(exec('whoami')) !== 'www-data') {
	die("run me as www-data\n");
}
echo "cleaning\n";
cleanup();
`, ""},
	{"which convert", `<?php
$convert = exec('which convert');
echo $convert ? "ImageMagick found" : "ImageMagick missing";
`, ""},
	{"discovery command not printed", `<?php
$who = exec('whoami');
file_put_contents('/tmp/owner.txt', $who);
`, ""},
	{"system information page of an application", `<?php
require 'config.php';
require 'lib/auth.php';
require 'lib/template.php';
check_admin();
$t = new Template('sysinfo');
$t->set('title', 'System information');
$t->set('php', PHP_VERSION);
$t->set('os', PHP_OS);
$t->set('server', $_SERVER['SERVER_SOFTWARE']);
$t->set('uptime', shell_exec('uptime'));
$t->set('disk', shell_exec('df -h'));
$t->set('memory', shell_exec('free -m'));
$t->set('user', shell_exec('whoami'));
$t->set('load', sys_getloadavg());
$t->set('extensions', get_loaded_extensions());
$t->set('limits', ini_get_all());
$t->set('time', date('c'));
echo $t->render();
log_action('sysinfo viewed');
`, ""},
	{"installer environment class", `<?php
class Env {
	function user() { return exec('whoami'); }
	function show() { echo "Running as " . $this->user(); }
}
(new Env)->show();
`, ""},
	{"site health check of exec functions", `<?php
function can_exec() {
	$disabled = array_map('trim', explode(',', ini_get('disable_functions')));
	foreach (array('exec', 'shell_exec', 'proc_open') as $f) {
		if (in_array($f, $disabled, true)) {
			return false;
		}
	}
	return true;
}
echo can_exec() ? 'Thumbnails are made with ImageMagick.' : 'Thumbnails are made with GD.';
`, ""},
	{"backtick maintenance", `<?php echo ` + "`php artisan cache:clear`" + `;`, ""},
	{"disable_functions shown by a setup page", `<?php
$d = ini_get('disable_functions');
echo $d ? "Some functions are disabled: $d" : "No functions are disabled.";
echo function_exists('exec') ? ' Video conversion is available.' : ' Video conversion is not available.';
`, ""},
	{"uptime on a status page", `<?php echo "<pre>" . shell_exec("uptime") . "</pre>";`, ""},
	{"host name on a health page", `<?php echo gethostname() . " " . exec("hostname");`, ""},

	// Defacements.
	{"defacement page", `<html><head><title>Hacked By Someone</title></head>
<body bgcolor="black"><center><font color="red" size="7">Your security is low</font></center></body></html>
<?php echo date('Y'); ?>`, "php.abuse.defacement"},
	{"centred defacement banner", `<?php $t = time(); ?>
<body><center><b>h4ck3d by the crew!</b><br>greetz to all</center></body>`, "php.abuse.defacement"},
	{"marquee banner", `<?php echo '<marquee><h2>Owned by anonymous hackers</h2></marquee>';`, "php.abuse.defacement"},
	{"defacer writing the index page", `<?php
$msg = "<h1>Defaced by someone</h1>";
file_put_contents($_SERVER['DOCUMENT_ROOT'] . "/index.html", $msg);
`, "php.abuse.defacement"},
	{"defacer appending to index.php", `<?php
$fp = fopen("../index.php", "a");
fwrite($fp, "hacked by nobody");
fclose($fp);
`, "php.abuse.defacement"},

	{"blog template telling of a hacked site", `<?php include 'header.php'; ?>
<h1>Incident report</h1>
<p>Last week our forum was hacked by a spam bot; we have restored it from backups.</p>
<?php include 'footer.php'; ?>`, ""},
	{"help page on hacked sites", `<?php $page = 'help'; ?>
<h1>Was your site hacked?</h1>
<h2>Has my site been hacked by someone?</h2>
<p>If your site was hacked by an intruder, restore it from a backup.</p>`, ""},
	{"site owned by a company", `<?php $y = date('Y'); ?>
<title>ACME - a site owned by ACME Corp</title><center>Owned by ACME since 1999</center>`, ""},
	{"cache writing an index page", `<?php
$html = render_home();
file_put_contents(__DIR__ . "/cache/index.html", $html);
`, ""},
	{"log of hacking attempts", `<?php
$fp = fopen("logs/security.log", "a");
fwrite($fp, "Hacking attempt by " . $_SERVER['REMOTE_ADDR'] . "\n");
fclose($fp);
`, ""},
	{"security notice written to a text file", `<?php
file_put_contents("notes.txt", "Our site was hacked by a bot in 2019.");
`, ""},
}

func TestProbeCases(t *testing.T) { checkAbuseCases(t, probeCases) }

func TestDiscoveryCommand(t *testing.T) {
	for s, want := range map[string]bool{
		"id": true, "whoami": true, "uname -a": true, "id\npwd\n": true, "/usr/bin/id": true,
		"cmd.exe /c whoami": true, "net localgroup administrators": true, "cat /etc/passwd": true,
		"ipconfig /all 2>&1": true, "dir": true, "query user": true,
		"pwd": false, "hostname": false, "uptime": false, "df -h": false, "which convert": false,
		"net start w3svc": false, "cat /var/log/app.log": false, "id; rm -rf /tmp/x": false,
		"uname -a | mail root": false,
	} {
		if got := discoveryCommand(s); got != want {
			t.Errorf("discoveryCommand(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestDefaceBanner(t *testing.T) {
	for s, want := range map[string]bool{
		"<title>Hacked by X</title>":                            true,
		"<h1 align=center>HaCkEd By X</h1>":                     true,
		"<center>Hacked!</center>":                              true,
		"<header>Hacked by X</header>":                          false,
		"<p>Hacked by X</p>":                                    false,
		"<h1>Hacked by whom?</h1>":                              false,
		"<title>Owned by ACME</title>":                          false,
		"<center>Owned by ACME, host of the Hackathon</center>": false,
		"<center>Owned by the hackers</center>":                 true,
		"<h2>pwned by x</h2>":                                   true,
		"<title>Hacking attempt detected</title>":               false,
		"<h3>How our site got hacked: a postmortem</h3>":        false,
	} {
		if got, _ := defaceBanner(s); (got != "") != want {
			t.Errorf("defaceBanner(%q) = %q, want %v", s, got, want)
		}
	}
}
