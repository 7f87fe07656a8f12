<%@ Language="JScript" %>
<%
// A report page: fixed connection, query parameters validated, output
// cached through a helper.
function openConn() {
	var c = Server.CreateObject("ADODB.Connection");
	c.Open("Provider=SQLOLEDB;Data Source=(local);Initial Catalog=shop;Integrated Security=SSPI");
	return c;
}
function cache(name, text) {
	var fso = Server.CreateObject("Scripting.FileSystemObject");
	var ts = fso.CreateTextFile(Server.MapPath("/cache/" + name + ".htm"), true);
	ts.Write(text);
	ts.Close();
}
var conn = openConn();
var month = parseInt(String(Request.QueryString("m")), 10) || 1;
var rs = conn.Execute("SELECT name, total FROM sales WHERE month=" + month);
var out = [];
while (!rs.EOF) {
	out.push("<tr><td>" + Server.HTMLEncode(String(rs("name"))) + "</td><td>" + rs("total") + "</td></tr>");
	rs.MoveNext();
}
var page = "<table>" + out.join("") + "</table>";
cache("sales_" + month, page);
Response.Write(page);
%>
