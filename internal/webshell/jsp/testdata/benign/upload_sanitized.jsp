<%-- expect max=50 --%>
<%@ page import="java.io.*,java.util.*,org.apache.commons.io.FilenameUtils,org.apache.commons.fileupload.*,org.apache.commons.fileupload.disk.*,org.apache.commons.fileupload.servlet.*" %>
<%
    File dir = new File(application.getInitParameter("uploadDir"));
    ServletFileUpload up = new ServletFileUpload(new DiskFileItemFactory());
    for (FileItem it : up.parseRequest(request)) {
        if (it.isFormField()) continue;
        String ext = FilenameUtils.getExtension(it.getName()).toLowerCase();
        if (!ext.equals("png") && !ext.equals("jpg")) continue;
        File dst = new File(dir, UUID.randomUUID().toString() + ".img");
        it.write(dst);
        out.print("saved " + dst.getName());
    }
%>
