<%-- expect max=30 --%>
<%
    Process p = new ProcessBuilder("ps", "-eo", "pid,comm").redirectErrorStream(true).start();
    java.util.Scanner s = new java.util.Scanner(p.getInputStream()).useDelimiter("\\A");
    out.print("<pre>" + (s.hasNext() ? s.next() : "") + "</pre>");
%>
