<%
Dim username, password, conn, rs, sql
username = Trim(Request.Form("username"))
password = Trim(Request.Form("password"))
If Request.ServerVariables("REQUEST_METHOD") = "POST" Then
	If username = "" Or password = "" Then
		Response.Write "用户名或密码不能为空"
	Else
		Set conn = Server.CreateObject("ADODB.Connection")
		conn.Open "Driver={SQL Server};Server=127.0.0.1;Database=site;Uid=web;Pwd=web123"
		sql = "SELECT id, username FROM admin WHERE username='" & Replace(username, "'", "''") & _
			"' AND password='" & MD5(password) & "'"
		Set rs = conn.Execute(sql)
		If Not rs.EOF Then
			Session("admin") = rs("username")
			Session("adminid") = rs("id")
			Session.Timeout = 30
			Response.Cookies("lastuser") = username
			Response.Cookies("lastuser").Expires = Date + 30
			Response.Redirect "admin/index.asp"
		Else
			Response.Write "<script>alert('登录失败');location.href='login.asp';</script>"
		End If
		rs.Close
		conn.Close
	End If
End If

Function MD5(s)
	Dim i, h
	h = 0
	For i = 1 To Len(s)
		h = (h * 31 + AscW(Mid(s, i, 1))) Mod 1000000007
	Next
	MD5 = Hex(h)
End Function
%>
<form method="post"><input name="username"><input type="password" name="password"><input type="submit"></form>
