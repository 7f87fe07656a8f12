<%-- expect max=20 --%>
<%@ page import="java.util.*,java.util.function.*,java.util.stream.*" %>
<%
    Function<String, String> clean = String::trim;
    String q = Optional.ofNullable(request.getParameter("q")).map(clean).orElse("");
    List<String> words = Arrays.stream(q.split("\\s+")).filter(w -> !w.isEmpty()).map(String::toLowerCase).collect(Collectors.toList());
    words.forEach(out::println);
    Supplier<Date> now = Date::new;
    out.print(now.get());
    Map<String, Integer> counts = new TreeMap<>();
    for (String w : words) counts.merge(w, 1, Integer::sum);
    counts.forEach((k, v) -> { try { out.print(k + "=" + v); } catch (java.io.IOException e) { } });
%>
