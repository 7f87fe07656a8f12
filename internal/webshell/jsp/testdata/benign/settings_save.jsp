<%-- expect max=50 --%>
<%@ page import="java.util.Properties,java.io.*" %>
<%
    if ("POST".equals(request.getMethod()) && request.isUserInRole("admin")) {
        Properties p = new Properties();
        p.setProperty("site.title", request.getParameter("title"));
        p.setProperty("site.mail", request.getParameter("mail"));
        OutputStream os = new FileOutputStream(application.getRealPath("/WEB-INF/site.properties"));
        p.store(os, "settings");
        os.close();
    }
%>
