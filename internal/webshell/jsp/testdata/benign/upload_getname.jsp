<%-- expect max=50 --%>
<%
    javax.servlet.http.Part part = request.getPart("avatar");
    String name = new java.io.File(part.getSubmittedFileName()).getName();
    part.write("/var/lib/app/avatars/" + name);
%>
