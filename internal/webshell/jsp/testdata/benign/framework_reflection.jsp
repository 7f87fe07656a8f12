<%-- expect max=40 --%>
<%@ page import="java.lang.reflect.Method" %>
<%
    // Plugin dispatch on constant class and method names.
    Class<?> k = Class.forName("com.example.cms.plugins.Renderer");
    Object plugin = k.getDeclaredConstructor().newInstance();
    Method render = k.getMethod("render", String.class);
    Object html = render.invoke(plugin, request.getParameter("page"));
    Method m2 = plugin.getClass().getMethod("getTitle");
    out.print(m2.invoke(plugin));
    out.print(html);
%>
