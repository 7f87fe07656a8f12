package lang

import (
	"bytes"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/yingji/yingji/internal/testcorpus"
)

func utf16le(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = []byte{0xFF, 0xFE}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestDetect(t *testing.T) {
	jpeg := "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xFF\xDB\x00\x43\x00\x08\x06\x06\x07\x06"
	cases := []struct {
		name, file, src string
		want            Lang
	}{
		{"php", "a.php", "<?php echo 1;", PHP},
		{"php in gif", "a.gif", "GIF89a\x01\x00\x01\x00\x80\x00\x00<?php @eval($_POST['x']);?>", PHP},
		{"php in jpeg", "x.jpg", jpeg + "<?php system($_GET[c]); ?>", PHP},
		{"php in txt", "notes.txt", "hello\n<?php passthru($_REQUEST['c']);", PHP},
		{"php in ico", "favicon.ico", "\x00\x00\x01\x00\x01\x00\x10\x10<?php eval($_POST[1]);", PHP},
		{"short tag in inc", "db.inc", "<? $a=$_GET['a']; eval($a); ?>", PHP},
		{"short tag word", "a.txt", `<?include($_REQUEST["e"] . "/x.php");?>`, PHP},
		{"xml stylesheet pi", "a.xsl", `<?xml-stylesheet href="a.xsl"?><?xml:x a="b"?><root/>`, Unknown},
		{"script php", "x.htm", `<script language="php">system($_GET['c']);</script>`, PHP},
		{"real jpeg", "x.jpg", jpeg + strings.Repeat("\x00\x13\x91\x02<?\x88", 50), Binary},
		{"png", "x.png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", Binary},
		{"bom php", "x.php", "\xEF\xBB\xBF<?php eval($_POST[a]);", PHP},
		{"jsp", "a.jsp", `<%@ page import="java.io.*" %><% Runtime.getRuntime().exec(request.getParameter("c")); %>`, JSP},
		{"jsp no directive", "a.txt", `<% String c = request.getParameter("c"); Process p = Runtime.getRuntime().exec(c); %>`, JSP},
		{"jspx", "a.jspx", `<jsp:root xmlns:jsp="http://java.sun.com/JSP/Page" version="1.2"><jsp:scriptlet>Runtime.getRuntime().exec(request.getParameter("c"));</jsp:scriptlet></jsp:root>`, JSP},
		{"asp vbs", "a.asp", `<%@ Language=VBScript %><% Dim c : c = Request.Form("c") : Set s = Server.CreateObject("WScript.Shell") %>`, ASP},
		{"asp no directive", "x.jpg", `<% eval request("pass") %>`, ASP},
		{"asp as cer", "a.cer", `<% Set fso = Server.CreateObject("Scripting.FileSystemObject") : Response.Write "ok" %>`, ASP},
		{"asp script runat", "a.asp", `<script language="VBScript" runat="server">Execute Request("x")</script>`, ASP},
		{"asp utf16le", "a.asp", string(utf16le(`<%@ Language=VBScript %><% Execute(Request("x")) %>`, true)), ASP},
		{"asp utf16le no bom", "a.asp", string(utf16le(`<% Dim x : x = Request.Form("x") : Execute x %>`, false)), ASP},
		{"aspx", "a.aspx", `<%@ Page Language="C#" %><% System.Diagnostics.Process.Start("cmd.exe", Request["c"]); %>`, ASPX},
		{"aspx jscript", "a.aspx", `<%@ Page Language="Jscript"%><%eval(Request.Item["pass"],"unsafe");%>`, ASPX},
		{"ashx", "a.ashx", "<%@ WebHandler Language=\"C#\" Class=\"H\" %>\nusing System;\npublic class H : IHttpHandler {}", ASPX},
		{"asmx", "a.asmx", `<%@ WebService Language="C#" Class="S" %>`, ASPX},
		{"ascx", "a.ascx", `<%@ Control Language="C#" AutoEventWireup="true" %><div></div>`, ASPX},
		{"aspx script runat", "a.aspx", `<script runat="server" language="C#">void Page_Load(object s, EventArgs e){}</script>`, ASPX},
		{"ambiguous tie by name jsp", "a.jsp", `<% x %>`, JSP},
		{"ambiguous tie by name asp", "a.asp", `<% x %>`, ASP},
		{"perl", "a.cgi", "#!/usr/bin/perl\nuse strict;\n", Perl},
		{"python", "a.cgi", "#!/usr/bin/env python3\nimport os\n", Python},
		{"shell", "a", "#!/bin/sh\necho hi\n", Shell},
		{"html", "a.html", "<!DOCTYPE html><html><body>hi</body></html>", HTML},
		{"xml html", "a.php", `<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>`, HTML},
		{"plain text", "a.txt", "just some words", Unknown},
		{"empty", "a.php", "", Unknown},
	}
	for _, c := range cases {
		r := Detect([]byte(c.src), c.file)
		if r.Lang != c.want {
			t.Errorf("%s: got %v (%v: %s), want %v", c.name, r.Lang, r.Confidence, r.Reason, c.want)
		}
	}
}

// dirLang maps the corpus directory names to languages.
var dirLang = map[string]Lang{
	"php": PHP, "jsp": JSP, "jspx": JSP, "asp": ASP, "aspx": ASPX, "ashx": ASPX, "asmx": ASPX,
	"ascx": ASPX, "pl": Perl, "py": Python, "sh": Shell,
}

// TestCorpusAgreement measures how often Detect agrees with the language
// directory of each corpus sample. Disagreements are logged for review:
// some are label noise (e.g. an HTML page filed under php).
func TestCorpusAgreement(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus agreement is slow")
	}
	corpus := testcorpus.Path(t, "webshell-dev.tar.gz")
	type stat struct{ ok, okContent, n int }
	stats := map[string]*stat{}
	var bad []string
	err := testcorpus.EachFile(corpus, func(name string, b []byte) error {
		// webshell-dev/<class>/<lang>/<file>
		parts := strings.Split(name, "/")
		if len(parts) != 4 || (parts[1] != "malicious" && parts[1] != "benign") {
			return nil
		}
		want, known := dirLang[parts[2]]
		if !known {
			return nil
		}
		key := parts[1] + "/" + parts[2]
		st := stats[key]
		if st == nil {
			st = &stat{}
			stats[key] = st
		}
		// First without the name, so that only content decides, then
		// with it, as Detect is used in practice.
		st.n++
		if r := Detect(b, ""); r.Lang == want {
			st.okContent++
		}
		if r := Detect(b, parts[3]); r.Lang == want {
			st.ok++
		} else {
			bad = append(bad, key+"/"+parts[3]+": "+r.Lang.String()+" ("+r.Reason+")")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(stats))
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		st := stats[k]
		pct := 100 * float64(st.ok) / float64(max(st.n, 1))
		t.Logf("%-16s with name %4d/%4d %5.1f%%   content only %4d/%4d %5.1f%%", k, st.ok, st.n, pct,
			st.okContent, st.n, 100*float64(st.okContent)/float64(max(st.n, 1)))
		lang := k[strings.IndexByte(k, '/')+1:]
		if st.n >= 20 && (lang == "php" || lang == "jsp" || lang == "asp" || lang == "aspx") && pct < 97 {
			t.Errorf("%s agreement %.1f%% below 97%%", k, pct)
		}
	}
	for _, b := range bad {
		t.Log("disagree:", b)
	}
}

// FuzzDetect checks that Detect never panics on arbitrary input.
func FuzzDetect(f *testing.F) {
	for _, s := range []string{"<?php 1", "<%@ Page Language=\"C#\" %>", "<%@ page import=\"a\"%>", "\xFF\xFE<\x00%\x00", "#!/bin/sh", "<script runat=server language=", "<%@"} {
		f.Add([]byte(s), "a.asp")
	}
	f.Fuzz(func(t *testing.T, b []byte, name string) {
		r := Detect(b, name)
		_ = r.Lang.String() + r.Confidence.String() + r.Reason
	})
}

func TestStrings(t *testing.T) {
	ss := NewStrings("WSO_version", "c99", "<%@", "r57shell", "b374k", "ab")
	for _, c := range []struct {
		text string
		want []int
	}{
		{"", []int{-1, -1, -1, -1, -1, -1}},
		{"a", []int{-1, -1, -1, -1, -1, -1}},
		{"xAB", []int{-1, -1, -1, -1, -1, 1}},
		{"$wso_VERSION='2.5'; // C99 <%@ R57Shell", []int{1, 23, 27, 31, -1, -1}},
		{"{[<%@]}B374K", []int{-1, -1, 2, -1, 7, -1}},
		{"[{\x7b\x5b", []int{-1, -1, -1, -1, -1, -1}},
	} {
		got := ss.Index([]byte(c.text))
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: got %v, want %v", c.text, got, c.want)
		}
	}
}

func TestLowerASCII(t *testing.T) {
	var all []byte
	for i := range 256 {
		all = append(all, byte(i))
	}
	for _, in := range [][]byte{nil, []byte("AbC"), []byte("Hello, WORLD! @[`{ ZAza"), all, append(all, all[:13]...)} {
		for off := range min(len(in), 9) {
			b := in[off:]
			got := LowerASCII([]byte("x"), b)
			want := append([]byte("x"), b...)
			for i, c := range b {
				if 'A' <= c && c <= 'Z' {
					want[i+1] = c + 'a' - 'A'
				}
			}
			if string(got) != string(want) {
				t.Fatalf("LowerASCII(%q) = %q, want %q", b, got[1:], want[1:])
			}
		}
	}
}

// TestHintSetFind checks the one-pass search against a search per text,
// for short texts, exact (case-sensitive) texts and case folding.
func TestHintSetFind(t *testing.T) {
	texts := []string{"<?", "<?=", "<%", "<%@", "eval(", "request(", "set "}
	exact := []string{"String ", ".getBytes(", ".GetBytes("}
	hs := newHintSet()
	for _, s := range texts {
		hs.add(s)
	}
	for _, s := range exact {
		hs.addExact(s)
	}
	fold := NewStrings(texts...)
	for _, in := range []string{
		"", "<", "<?", "x <% y <%@ z <?= w", "String s = x.getBytes(); string t = y.GetBytes();",
		"EVAL(Request( <%", "string STRING String", "<<<??==<%%@@", "set set eval(eval(",
	} {
		orig := []byte(in)
		low := LowerASCII(nil, orig)
		got := hs.findIn(low, orig)
		for k, s := range texts {
			if want := strings.Index(string(low), s); got[k] != want {
				t.Errorf("%q: %q at %d, found at %d", in, s, want, got[k])
			}
		}
		for k, s := range exact {
			if want := strings.Index(in, s); got[len(texts)+k] != want {
				t.Errorf("%q: exact %q at %d, found at %d", in, s, want, got[len(texts)+k])
			}
		}
		for k, p := range fold.Index(orig) {
			if want := strings.Index(string(low), texts[k]); p != want {
				t.Errorf("%q: folded %q at %d, found at %d", in, texts[k], want, p)
			}
		}
	}
}

// TestContainsFold compares ContainsFold with a search in a lower-cased
// copy, with occurrences at and across the block boundaries.
func TestContainsFold(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for _, low := range []string{"runat", "r", "<%", "ab", strings.Repeat("x", 3000)} {
		for range 300 {
			b := make([]byte, r.Intn(3*4096))
			for i := range b {
				b[i] = "rRuUnNaAtTx<% "[r.Intn(14)]
			}
			if r.Intn(2) == 0 && len(b) > len(low) {
				p := r.Intn(len(b) - len(low) + 1)
				if r.Intn(2) == 0 {
					p = min(len(b)-len(low), max(0, 4096-r.Intn(len(low)+1)))
				}
				copy(b[p:], strings.ToUpper(low))
			}
			want := bytes.Contains(LowerASCII(nil, b), []byte(low))
			if got := ContainsFold(b, low); got != want {
				t.Fatalf("%q in %d bytes: got %v, want %v", low, len(b), got, want)
			}
		}
	}
	if !ContainsFold([]byte("x RunAt y"), "runat") || ContainsFold(nil, "runat") || !ContainsFold(nil, "") {
		t.Error("ContainsFold: wrong on a short text")
	}
}
