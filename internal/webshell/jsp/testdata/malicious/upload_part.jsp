<%-- expect rule=jsp.file-write-input min=75 --%>
<%
    javax.servlet.http.Part part = request.getPart("file");
    part.write(application.getRealPath("/") + request.getParameter("name"));
%>
