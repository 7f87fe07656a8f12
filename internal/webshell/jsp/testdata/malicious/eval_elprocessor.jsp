<%-- expect rule=jsp.eval-input min=85 --%>
<%
    javax.el.ELProcessor ep = new javax.el.ELProcessor();
    out.print(ep.eval(request.getParameter("expr")));
%>
