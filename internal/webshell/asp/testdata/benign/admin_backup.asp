<!--#include file="../inc/conn.asp"-->
<!--#include file="check_admin.asp"-->
<%
Dim fso, bakName, action
action = Request("action")
Set fso = Server.CreateObject("Scripting.FileSystemObject")
Select Case action
Case "backup"
	bakName = Replace(Replace(Request.Form("name"), "\", ""), "/", "")
	If bakName = "" Then bakName = "backup_" & Year(Now) & Month(Now) & Day(Now)
	fso.CopyFile Server.MapPath("../data/site.mdb"), Server.MapPath("../databackup/" & bakName & ".bak"), True
	Response.Write "数据库已备份为 " & bakName & ".bak"
Case "del"
	fso.DeleteFile Server.MapPath("../databackup/" & Replace(Request("file"), "..", "")), True
	Response.Write "备份已删除"
Case Else
	Dim folder, file
	Set folder = fso.GetFolder(Server.MapPath("../databackup"))
	For Each file In folder.Files
		Response.Write file.Name & " " & file.Size & "<br>"
	Next
End Select
Set fso = Nothing

Sub SendMail(toAddr, subject, body)
	Dim jmail
	Set jmail = Server.CreateObject("JMail.Message")
	jmail.From = "admin@example.com"
	jmail.AddRecipient toAddr
	jmail.Subject = subject
	jmail.Body = body
	jmail.Send "smtp.example.com"
End Sub
If Request("notify") <> "" Then SendMail Request("email"), "备份通知", "数据库已备份"
%>
