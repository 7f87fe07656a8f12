<%-- expect max=59 --%>
<%
    // Runs the backup script configured in web.xml.
    String script = application.getInitParameter("backupScript");
    if (request.isUserInRole("admin") && script != null) {
        Process p = new ProcessBuilder(script, "--quiet").start();
        out.print("exit " + p.waitFor());
    }
%>
