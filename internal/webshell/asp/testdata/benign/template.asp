<%
' Render a page from a fixed template file, filling in placeholders.
Function ReadTemplate(name)
	Dim fso, ts
	Set fso = CreateObject("Scripting.FileSystemObject")
	Set ts = fso.OpenTextFile(Server.MapPath("templates/" & name & ".html"), 1, False)
	ReadTemplate = ts.ReadAll
	ts.Close
End Function

Dim html, title
title = Server.HTMLEncode(Request.QueryString("title"))
html = ReadTemplate("default")
html = Replace(html, "{$title}", title)
html = Replace(html, "{$year}", Year(Now))
html = Replace(html, "{$body}", "欢迎访问本站")
Response.Write html

' A configuration snippet run with Execute (constant code).
Execute "Const SiteName = ""示例网站"""
ExecuteGlobal "Dim SiteVersion: SiteVersion = ""1.0"""
Dim ops: ops = Array("a", "b", "c")
Dim i
For i = 0 To UBound(ops)
	Execute "Dim v_" & ops(i)
Next
%>
