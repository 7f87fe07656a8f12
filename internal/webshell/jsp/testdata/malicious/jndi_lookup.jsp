<%-- expect rule=jsp.jndi-input min=85 --%>
<%@ page import="javax.naming.*" %>
<%
    Context ctx = new InitialContext();
    ctx.lookup(request.getParameter("name"));
%>
