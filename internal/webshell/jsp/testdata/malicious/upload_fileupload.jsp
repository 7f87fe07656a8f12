<%-- expect rule=jsp.file-write-input min=75 --%>
<%@ page import="java.io.*,java.util.*,org.apache.commons.fileupload.*,org.apache.commons.fileupload.disk.*,org.apache.commons.fileupload.servlet.*" %>
<%
    ServletFileUpload up = new ServletFileUpload(new DiskFileItemFactory());
    List<FileItem> items = up.parseRequest(request);
    for (FileItem it : items) {
        if (!it.isFormField()) {
            File dst = new File(application.getRealPath("/"), it.getName());
            it.write(dst);
        }
    }
%>
