package check

import (
	"strings"
	"testing"
)

// TestWebshell plants webshells (text, never run) in web roots found in
// different ways, and benign pages beside them.
func TestWebshell(t *testing.T) {
	const ws = "malware.webshell"
	runScenarios(t, []scenario{
		{name: "obfuscated shell disguised as an image in the default root", pattern: ws, plant: func(r *testRoot) {
			r.write("var/www/html/index.php", "<?php echo 'hello';")
			r.write("var/www/html/uploads/logo.jpg", "GIF89a\n<?php $f = str_rot13('flfgrz'); $f($_COOKIE['c']);")
		}, want: []want{{ws, "/var/www/html/uploads/logo.jpg"}}},
		{name: "shell in an nginx root outside the usual places", pattern: ws, plant: func(r *testRoot) {
			r.write("etc/nginx/sites-enabled/shop", "server {\n  listen 80;\n  root /data/shop/public;\n}\n")
			r.write("data/shop/public/cache/x.php", `<?php @eval($_POST['pass']);?>`)
		}, want: []want{{ws, "/data/shop/public/cache/x.php"}}},
		{name: "shell under a root only the responder knows", pattern: ws, opts: func(o *Options) { o.WebRoots = []string{"/opt/app/static"} }, plant: func(r *testRoot) {
			r.write("opt/app/static/x.php", `<?php @eval($_POST['pass']);?>`)
		}, want: []want{{ws, "/opt/app/static/x.php"}}},
		{name: "benign: pages using request input and commands safely", pattern: ws, plant: func(r *testRoot) {
			r.write("var/www/html/search.php", "<?php\n$q = htmlspecialchars($_GET['q'] ?? '');\necho \"<h1>$q</h1>\";\n")
			r.write("var/www/html/status.php", "<?php echo shell_exec('uptime');")
		}},
	})
}

// TestWebshellFinding checks the evidence: the file and the source and
// sink lines of the detection.
func TestWebshellFinding(t *testing.T) {
	r := newRoot(t)
	r.write("var/www/html/x.php", "<?php\n$c = $_POST['c'];\nsystem($c);\n")
	for _, f := range r.scan("malware.webshell") {
		if f.Rule != "malware.webshell" {
			continue
		}
		ev := f.Evidence
		if ev[0].Path != "/var/www/html/x.php" || ev[0].SHA256 == "" || ev[0].Fields["language"] != "PHP" {
			t.Errorf("file evidence %+v", ev[0])
		}
		var lines []int
		for _, e := range ev[1:] {
			lines = append(lines, e.Line)
		}
		if len(lines) < 2 || lines[0] != 2 || lines[len(lines)-1] != 3 {
			t.Errorf("source/sink lines %v in %+v", lines, ev)
		}
		if !strings.Contains(f.DescriptionZh, "系统命令") {
			t.Errorf("description %q", f.DescriptionZh)
		}
		return
	}
	t.Fatal("no malware.webshell finding")
}
