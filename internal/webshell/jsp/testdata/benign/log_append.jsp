<%-- expect max=50 --%>
<%
    java.io.FileWriter w = new java.io.FileWriter("/var/log/app/visits.log", true);
    w.write(new java.util.Date() + " " + request.getRemoteAddr() + " " + request.getHeader("User-Agent") + "\n");
    w.close();
%>
