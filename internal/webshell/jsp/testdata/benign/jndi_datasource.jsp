<%-- expect max=20 --%>
<%@ page import="javax.naming.*,javax.sql.DataSource,java.sql.*" %>
<%
    Context ctx = new InitialContext();
    DataSource ds = (DataSource) ctx.lookup("java:comp/env/jdbc/app");
    Connection c = ds.getConnection();
    PreparedStatement ps = c.prepareStatement("select title from post where id = ?");
    ps.setString(1, request.getParameter("id"));
    ResultSet rs = ps.executeQuery();
    while (rs.next()) out.print(rs.getString(1));
    c.close();
%>
