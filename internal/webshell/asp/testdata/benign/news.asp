<%@LANGUAGE="VBSCRIPT" CODEPAGE="65001"%>
<!--#include virtual="/inc/conn.asp"-->
<%
Dim id, rs, classid, keyword, sql
id = Request.QueryString("id")
classid = Request("classid")
keyword = Request("keyword")
If id <> "" Then
	If Not IsNumeric(id) Then Response.End
	Set rs = Server.CreateObject("ADODB.Recordset")
	rs.Open "SELECT * FROM news WHERE id=" & CLng(id), conn, 1, 3
	If Not rs.EOF Then
		rs("hits") = rs("hits") + 1
		rs.Update
		Response.Write "<h1>" & rs("title") & "</h1>" & rs("content")
	End If
	rs.Close
Else
	sql = "SELECT TOP 20 id, title, addtime FROM news WHERE 1=1"
	If classid <> "" Then sql = sql & " AND classid=" & CInt(classid)
	If keyword <> "" Then sql = sql & " AND title LIKE '%" & Replace(keyword, "'", "") & "%'"
	Set rs = conn.Execute(sql & " ORDER BY id DESC")
	Do Until rs.EOF
		Response.Write "<li><a href=""news.asp?id=" & rs("id") & """>" & rs("title") & "</a> " & FormatDateTime(rs("addtime"), 2) & "</li>"
		rs.MoveNext
	Loop
End If
Call CloseConn()
%>
