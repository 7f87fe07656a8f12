<%
Option Explicit
Response.Buffer = True
Dim formData, formSize, bnCrLf, divider, dataStart, dataEnd, fileName, ext, newName, stream, savePath
Const allowExt = "jpg|jpeg|gif|png|bmp"
Const maxSize = 2097152

formSize = Request.TotalBytes
If formSize > maxSize Then
	Response.Write "文件太大"
	Response.End
End If
formData = Request.BinaryRead(formSize)
bnCrLf = ChrB(13) & ChrB(10)
divider = LeftB(formData, InStrB(formData, bnCrLf) - 1)
dataStart = InStrB(formData, bnCrLf & bnCrLf) + 4
dataEnd = InStrB(dataStart + 1, formData, divider) - dataStart
fileName = GetFileName(formData)
ext = LCase(Mid(fileName, InStrRev(fileName, ".") + 1))
If InStr("|" & allowExt & "|", "|" & ext & "|") = 0 Then
	Response.Write "不允许上传该类型文件"
	Response.End
End If
newName = Year(Now) & Month(Now) & Day(Now) & Hour(Now) & Minute(Now) & Second(Now) & Int(Rnd * 1000) & "." & ext
savePath = Server.MapPath("upload/images/") & "\" & newName

Set stream = Server.CreateObject("ADODB.Stream")
stream.Type = 1
stream.Open
stream.Write formData
stream.Position = dataStart - 1
Dim fileStream
Set fileStream = Server.CreateObject("ADODB.Stream")
fileStream.Type = 1
fileStream.Open
stream.CopyTo fileStream, dataEnd - 3
fileStream.SaveToFile savePath, 2
fileStream.Close
stream.Close
Response.Write "上传成功：upload/images/" & newName

Function GetFileName(data)
	Dim p, q, s, i, c
	p = InStrB(data, StrToBin("filename=""")) + 10
	q = InStrB(p, data, StrToBin(""""))
	s = ""
	For i = p To q - 1
		c = AscB(MidB(data, i, 1))
		s = s & Chr(c)
	Next
	GetFileName = Mid(s, InStrRev(s, "\") + 1)
End Function

Function StrToBin(str)
	Dim i
	For i = 1 To Len(str)
		StrToBin = StrToBin & ChrB(AscB(Mid(str, i, 1)))
	Next
End Function
%>
