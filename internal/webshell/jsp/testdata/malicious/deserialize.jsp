<%-- expect rule=jsp.deserialize-input min=80 --%>
<%
    java.io.ObjectInputStream ois = new java.io.ObjectInputStream(request.getInputStream());
    Object o = ois.readObject();
%>
