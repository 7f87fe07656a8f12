<%-- expect rule=jsp.eval-input min=85 --%>
<%@ page import="javax.el.*" %>
<%
    ExpressionFactory ef = ExpressionFactory.newInstance();
    ELContext ctx = pageContext.getELContext();
    ValueExpression ve = ef.createValueExpression(ctx, "${" + request.getParameter("x") + "}", Object.class);
    out.print(ve.getValue(ctx));
%>
