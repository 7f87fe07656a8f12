<%-- expect max=40 --%>
<%@ page import="java.io.*" %>
<%-- Server status page for administrators: runs fixed commands only. --%>
<%
    String what = request.getParameter("what");
    String[] cmd = "disk".equals(what) ? new String[]{"/bin/df", "-h"} : new String[]{"/usr/bin/uptime"};
    Process p = Runtime.getRuntime().exec(cmd);
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()));
    String line;
%>
<h2>Status: <%= what == null ? "uptime" : org.apache.commons.text.StringEscapeUtils.escapeHtml4(what) %></h2>
<pre><% while ((line = r.readLine()) != null) { %><%= line %>
<% } %></pre>
