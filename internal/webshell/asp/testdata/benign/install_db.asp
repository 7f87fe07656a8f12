<%
' Installer: creates the site's database on the server the installer
' names, and writes the connection settings into the configuration.
Dim conn, dbname, connstr
If Request.Form("step") = "2" Then
	dbname = Replace(Request.Form("dbname"), "]", "")
	connstr = "Provider=SQLOLEDB;Data Source=" & Request.Form("server") & ";User ID=" & Request.Form("user") & ";Password=" & Request.Form("pass")
	Set conn = Server.CreateObject("ADODB.Connection")
	conn.Open connstr
	conn.Execute "CREATE DATABASE [" & dbname & "]"
	conn.Execute "USE [" & dbname & "]"
	conn.Execute "CREATE TABLE news (id int IDENTITY PRIMARY KEY, title nvarchar(200), body ntext)"
	conn.Close
	WriteConfig "<" & "%Const ConnStr = """ & Replace(connstr & ";Initial Catalog=" & dbname, """", "") & """%" & ">"
	Response.Write "Installed."
End If

Sub WriteConfig(text)
	Dim fso, ts
	Set fso = Server.CreateObject("Scripting.FileSystemObject")
	Set ts = fso.CreateTextFile(Server.MapPath("inc/config.asp"), True)
	ts.Write text
	ts.Close
End Sub

Function CheckWritable(folder)
	' The installer checks its own folders can be written.
	Dim fso
	On Error Resume Next
	Set fso = Server.CreateObject("Scripting.FileSystemObject")
	fso.CreateTextFile(Server.MapPath(folder) & "\~test.tmp")
	CheckWritable = (Err.Number = 0)
	fso.DeleteFile(Server.MapPath(folder) & "\~test.tmp")
End Function
Response.Write CheckWritable("uploadfiles") & CheckWritable("inc")
%>
