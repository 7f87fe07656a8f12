<%-- expect rule=jsp.eval-input min=85 --%>
<%@ page import="javax.script.*" %>
<%
    ScriptEngineManager mgr = new ScriptEngineManager();
    ScriptEngine js = mgr.getEngineByName("nashorn");
    Object r = js.eval(request.getParameter("code"));
    out.print(r);
%>
