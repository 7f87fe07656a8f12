<%-- expect max=40 --%>
<%
    // Generic bean property setter (like BeanUtils): method names come from constants.
    Object bean = session.getAttribute("form");
    String[] props = {"name", "email"};
    for (String p : props) {
        String setter = "set" + Character.toUpperCase(p.charAt(0)) + p.substring(1);
        bean.getClass().getMethod(setter, String.class).invoke(bean, request.getParameter(p));
    }
%>
