<%-- expect max=20 --%>
<%@ page import="java.lang.management.*,javax.management.*,java.util.*" %>
<%
    // JVM status for operators: MBeans read by constant names.
    MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
    ObjectName on = new ObjectName("java.lang:type=Memory");
    Object heap = mbs.getAttribute(on, "HeapMemoryUsage");
    Runtime rt = Runtime.getRuntime();
    long free = rt.freeMemory(), total = rt.totalMemory();
    String sort = request.getParameter("sort");
    List<String> names = new ArrayList<>(System.getProperties().stringPropertyNames());
    if ("desc".equals(sort)) Collections.reverse(names);
%>
<p>Heap: <%= heap %>; free <%= free %> of <%= total %></p>
<% for (String n : names) { %><div><%= n %></div><% } %>
