<%@ Language=VBScript CODEPAGE=936 %>
<!--#include file="conn.asp"-->
<!--#include file="inc/functions.asp"-->
<%
Option Explicit
Dim conn, rs, sql, name, content, page, action
Set conn = Server.CreateObject("ADODB.Connection")
conn.Open "Provider=Microsoft.Jet.OLEDB.4.0;Data Source=" & Server.MapPath("data/guestbook.mdb")

action = Trim(Request.QueryString("action"))
If action = "save" Then
	name = Server.HTMLEncode(Trim(Request.Form("name")))
	content = Server.HTMLEncode(Request.Form("content"))
	If name = "" Or content = "" Then
		Response.Write "<script>alert('请填写姓名和留言内容');history.back();</script>"
		Response.End
	End If
	sql = "INSERT INTO messages (name, content, ip, addtime) VALUES ('" & Replace(name, "'", "''") & "', '" & _
		Replace(content, "'", "''") & "', '" & Request.ServerVariables("REMOTE_ADDR") & "', Now())"
	conn.Execute sql
	Response.Redirect "guestbook.asp"
End If

page = Request.QueryString("page")
If page = "" Or Not IsNumeric(page) Then page = 1
page = CInt(page)
Set rs = Server.CreateObject("ADODB.Recordset")
sql = "SELECT * FROM messages ORDER BY id DESC"
rs.Open sql, conn, 1, 1
rs.PageSize = 10
If Not rs.EOF Then rs.AbsolutePage = page
%>
<html><head><title>留言本</title></head>
<body>
<% Do While Not rs.EOF %>
<div class="msg"><b><%= rs("name") %></b> <%= rs("addtime") %><br><%= rs("content") %></div>
<% rs.MoveNext: Loop %>
<form action="guestbook.asp?action=save" method="post">
姓名：<input name="name"> 内容：<textarea name="content"></textarea>
<input type="submit" value="提交">
</form>
</body></html>
<%
rs.Close: Set rs = Nothing
conn.Close: Set conn = Nothing
%>
