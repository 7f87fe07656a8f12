<%-- expect max=50 --%>
<%@ page import="java.sql.*" %>
<%
    Class.forName("org.postgresql.Driver");
    Connection c = DriverManager.getConnection("jdbc:postgresql://localhost/app", "report", "secret");
    Statement st = c.createStatement();
    String order = "date".equals(request.getParameter("sort")) ? "created" : "title";
    ResultSet rs = st.executeQuery("select title, created from article order by " + order);
    while (rs.next()) { %><tr><td><%= rs.getString(1) %></td><td><%= rs.getDate(2) %></td></tr><% }
    c.close();
%>
