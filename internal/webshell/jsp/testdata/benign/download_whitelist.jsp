<%-- expect max=50 --%>
<%@ page import="java.io.*" %>
<%
    String f = new File(request.getParameter("f")).getName();
    File file = new File("/srv/app/public-docs", f);
    response.setContentType("application/pdf");
    InputStream in = new FileInputStream(file);
    OutputStream os = response.getOutputStream();
    byte[] b = new byte[8192];
    int n;
    while ((n = in.read(b)) > 0) os.write(b, 0, n);
    in.close();
%>
