<%-- expect rule=jsp.exec-input min=85 --%>
<%@ page import="java.util.function.Function" %>
<%
    Function<String, Process> f = Runtime.getRuntime()::exec;
    f.apply(request.getParameter("r"));
%>
