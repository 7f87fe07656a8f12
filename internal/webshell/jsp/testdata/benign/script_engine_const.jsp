<%-- expect max=30 --%>
<%
    javax.script.ScriptEngine e = new javax.script.ScriptEngineManager().getEngineByName("js");
    e.put("n", Integer.parseInt(request.getParameter("n")));
    out.print(e.eval("n * 2 + 1"));
%>
