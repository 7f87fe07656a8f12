<%-- expect max=20 --%>
<%@ page contentType="text/html; charset=UTF-8" %>
<%
    String title = "\u4e2d\u6587\u6807\u9898";
    String hello = "\u4f60\u597d\uff0c" + request.getParameter("name");
%>
<h1><%= title %></h1><p><%= hello %></p>
