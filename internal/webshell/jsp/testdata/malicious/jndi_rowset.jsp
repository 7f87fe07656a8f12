<%-- expect rule=jsp.jndi-input min=85 --%>
<%
    com.sun.rowset.JdbcRowSetImpl rs = new com.sun.rowset.JdbcRowSetImpl();
    rs.setDataSourceName(request.getParameter("ds"));
    rs.setAutoCommit(true);
%>
