<script language="JScript" runat="server">
function h(s) { return Server.HTMLEncode(String(s)); }
function pager(total, size, page) {
	var out = [];
	for (var i = 1; i <= Math.ceil(total / size); i++) {
		out.push(i == page ? "<b>" + i + "</b>" : "<a href='?p=" + i + "'>" + i + "</a>");
	}
	return out.join(" ");
}
</script>
<%
Dim q
q = Request.QueryString("q")
Response.Write "搜索：" & h(q)
Response.Write pager(120, 10, 2)
%>
