<%
' Shared helpers: a connection opened through a ByRef parameter, a log
' writer and a cache writer with fixed paths, an upload saver that checks
' the extension.
Sub OpenConn(c)
	Set c = Server.CreateObject("ADODB.Connection")
	c.Open "Provider=Microsoft.Jet.OLEDB.4.0;Data Source=" & Server.MapPath("/data/site.mdb")
End Sub

Sub WriteLog(msg)
	Dim fso, ts
	Set fso = Server.CreateObject("Scripting.FileSystemObject")
	Set ts = fso.OpenTextFile(Server.MapPath("/logs/site.log"), 8, True)
	ts.WriteLine Now() & vbTab & Server.HTMLEncode(msg)
	ts.Close
End Sub

Sub SaveText(path, text)
	Dim fso, ts
	Set fso = Server.CreateObject("Scripting.FileSystemObject")
	Set ts = fso.CreateTextFile(path, True)
	ts.Write text
	ts.Close
End Sub

Function SaveUpload(name, stream)
	Dim ext
	ext = LCase(Mid(name, InStrRev(name, ".") + 1))
	If InStr("|jpg|jpeg|gif|png|", "|" & ext & "|") = 0 Then
		SaveUpload = False
		Exit Function
	End If
	stream.SaveToFile Server.MapPath("/uploadfiles/" & name), 2
	SaveUpload = True
End Function

Dim conn, rs, id, html
OpenConn conn
id = CLng("0" & Request.QueryString("id"))
Set rs = conn.Execute("SELECT title, body FROM news WHERE id=" & id)
If Not rs.EOF Then
	html = "<h1>" & Server.HTMLEncode(rs("title")) & "</h1>" & rs("body")
	SaveText Server.MapPath("/cache/news_" & id & ".htm"), html
	Response.Write html
End If
WriteLog "viewed " & Request.QueryString("id") & " from " & Request.ServerVariables("REMOTE_ADDR")

If Request.TotalBytes > 0 Then
	Dim st
	Set st = Server.CreateObject("ADODB.Stream")
	st.Type = 1
	st.Open
	st.Write Request.BinaryRead(Request.TotalBytes)
	SaveUpload Request.QueryString("file"), st
End If
%>
