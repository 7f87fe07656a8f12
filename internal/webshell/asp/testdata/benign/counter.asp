<%
Dim fso, f, countFile, hits
countFile = Server.MapPath("data/counter.txt")
Set fso = Server.CreateObject("Scripting.FileSystemObject")
If fso.FileExists(countFile) Then
	Set f = fso.OpenTextFile(countFile, 1)
	hits = CLng("0" & f.ReadLine)
	f.Close
Else
	hits = 0
End If
If Session("counted") = "" Then
	hits = hits + 1
	Session("counted") = "yes"
	Set f = fso.CreateTextFile(countFile, True)
	f.Write hits
	f.Close
End If
Set fso = Nothing
Response.Write "您是第 " & hits & " 位访客"
%>
