<%-- expect max=20 --%>
<%@ taglib prefix="c" uri="http://java.sun.com/jsp/jstl/core" %>
<%@ taglib prefix="fn" uri="http://java.sun.com/jsp/jstl/functions" %>
<html><body>
<h1>Search: ${fn:escapeXml(param.q)}</h1>
<c:forEach var="r" items="${results}">
  <p><a href="${pageContext.request.contextPath}/post/${r.id}">${fn:escapeXml(r.title)}</a>
  ${fn:length(r.tags) gt 0 and not empty r.tags ? fn:join(r.tags, ', ') : ''}</p>
</c:forEach>
<c:if test="${param.page ne null}">Page ${param.page}</c:if>
</body></html>
