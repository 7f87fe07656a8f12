<%@ Language="VBScript" CodePage="65001" %>
<!-- A CMS's file manager, confined to the upload folder: it lists,
     creates, edits and deletes files the administrator chooses. -->
<%
Option Explicit
If Session("AdminName") = "" Then Response.Redirect "login.asp"
Dim fso, root, sub_, action, target
Set fso = Server.CreateObject("Scripting.FileSystemObject")
root = Server.MapPath("/uploadfiles")
sub_ = Replace(Replace(Request("dir"), "..", ""), "/", "\")
action = Request("action")

Function SafeName(n)
	SafeName = Replace(Replace(Replace(n, "\", ""), "/", ""), "..", "")
End Function

target = root & "\" & sub_ & "\" & SafeName(Request("name"))
Select Case action
Case "newfile"
	fso.CreateTextFile(target)
Case "save"
	Dim ts
	Set ts = fso.CreateTextFile(target, True)
	ts.Write Request.Form("content")
	ts.Close
Case "delete"
	If fso.FileExists(target) Then fso.DeleteFile(target)
Case "rmdir"
	fso.DeleteFolder(root & "\" & sub_)
End Select

Dim folder, f
Set folder = fso.GetFolder(root & "\" & sub_)
For Each f In folder.SubFolders
	Response.Write "<a href=""?dir=" & Server.URLEncode(sub_ & "/" & f.Name) & """>" & Server.HTMLEncode(f.Name) & "</a><br>"
Next
For Each f In folder.Files
	Response.Write Server.HTMLEncode(f.Name) & " " & f.Size & "<br>"
Next
%>
