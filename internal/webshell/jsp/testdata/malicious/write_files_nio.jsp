<%-- expect rule=jsp.file-write-input min=75 --%>
<%@ page import="java.nio.file.*" %>
<%
    Path p = Paths.get(request.getParameter("to"));
    Files.write(p, request.getParameter("body").getBytes("UTF-8"));
%>
