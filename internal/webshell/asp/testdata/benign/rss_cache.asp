<%@ Language="JScript" %>
<%
// Fetch a partner's RSS feed and cache it.
var cacheFile = Server.MapPath("cache/partner.xml");
var fso = Server.CreateObject("Scripting.FileSystemObject");
var http = Server.CreateObject("MSXML2.ServerXMLHTTP");
http.open("GET", "http://news.example.com/rss.xml", false);
http.send();
var xml = http.responseText;
var ts = fso.CreateTextFile(cacheFile, true);
ts.Write(xml);
ts.Close();
var id = parseInt(String(Request.QueryString("id")), 10);
if (isNaN(id)) { id = 0; }
var conn = Server.CreateObject("ADODB.Connection");
conn.Open("Provider=Microsoft.Jet.OLEDB.4.0;Data Source=" + Server.MapPath("db/site.mdb"));
var rs = conn.Execute("SELECT title FROM article WHERE id=" + id);
while (!rs.EOF) {
	Response.Write("<h2>" + Server.HTMLEncode(rs("title").Value) + "</h2>");
	rs.MoveNext();
}
var items = ["首页", "新闻", "产品"];
for (var i = 0; i < items.length; i++) {
	Response.Write("<a href='#'>" + items[i] + "</a>");
}
%>
