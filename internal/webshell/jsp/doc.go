// Package jsp decides whether a JSP or JSPX page is a webshell by
// following attacker input through the page's Java code to the
// operations a webshell exists for. Analyze is the entry point; it
// never runs the page.
//
// The analysis reads the page as the JSP compiler and javac would:
//
//  1. The page is taken apart (extract.go, encoding.go): scriptlets
//     <% %>, declarations <%! %>, expressions <%= %> and page directives,
//     in the standard syntax and in the XML syntax (<jsp:scriptlet> under
//     any namespace prefix, CDATA sections, character references such as
//     &lt; or &#x72;), and the EL expressions of the template text that
//     call methods (${"".getClass().forName(...)...}). UTF-16 pages are
//     converted, and a page whose declared encoding changes what the
//     compiler reads (an ASCII directive before a UTF-16 body, a JSP
//     document in EBCDIC) is also read that way. Line numbers stay those
//     of the original file.
//  2. Java's \uXXXX escapes are decoded before lexing, as javac does, so
//     \u0052untime is Runtime (lexer.go). The lexer reads strings with
//     their escapes, chars, text blocks, numbers and comments; a string
//     left unterminated by a Windows path ("C:\") is re-read leniently.
//     The parser (parser.go, ast.go) is recursive descent and never gives
//     up: webshells are often broken Java, and what can be read is
//     analysed.
//  3. An abstract interpreter (eval.go, expr.go, builtins.go, model_*.go)
//     runs the page: declarations are the servlet class (fields,
//     methods, inner classes), scriptlets and expressions the service
//     method. A value (value.go) carries its taint (request input, and
//     network input, reached it: getParameter, getHeader, getInputStream,
//     getReader, getQueryString, cookies, multipart parts, EL's param,
//     session and application attributes stored from them) with the
//     source and the steps on the way (Base64, hex or URL decoding,
//     Cipher.doFinal, XOR, decompression); its possible constant strings,
//     folded through concatenation, StringBuilder, char and byte arrays,
//     new String(...), Base64 of constants, reverse, replace and
//     substring; and the kind of object it is (Runtime, ProcessBuilder,
//     a File or file stream with its path, Class/Method/Field objects
//     with the names they reflect, script engines, naming contexts,
//     ciphers). Locals are flow-sensitive (branches are joined), fields
//     and attributes accumulate, and the page is iterated to a fixed
//     point. Each declared method gets a summary (which parameter reaches
//     which sink, what flows to its return value and into its argument
//     objects), so a method wrapping exec or defineClass is a sink for
//     its callers; a small method called with a constant is evaluated on
//     it, so a decoding helper yields the name it decodes.
//  4. The sinks are the operations webshells exist for: Runtime.exec and
//     ProcessBuilder, also through reflection, method handles, method
//     references and java.beans.Expression on names the interpreter
//     resolved; defineClass (ClassLoader subclasses, Unsafe, Lookup,
//     TemplatesImpl._bytecodes, BCEL), URLClassLoader and MLet; script
//     engines, EL, SpEL, OGNL, Groovy, BeanShell, JShell, MVEL and XSLT;
//     JNDI lookups (also JdbcRowSetImpl); deserialisation; native
//     libraries; file writes (path and content, including uploads and
//     pages that write webshells); file-manager operations; SQL and
//     database connections from the request; socket tunnels; and
//     memory-shell injection into Tomcat, Jetty, WebLogic, Undertow and
//     Spring (filters, servlets, listeners, valves and mappings added at
//     run time, agents).
//  5. Scoring (report.go) turns what reached the sinks into
//     verdict.Detections with the evidence chain (source, steps, sink),
//     and recognises the families whose traits are public: Behinder
//     (AES-decrypted request bytes defined as a class and run with
//     equals(pageContext), the 16-hex-digit key), Godzilla (the decrypted
//     payload class kept in the session, the md5 framing of the
//     response), China Chopper/AntSword (z0..z2 parameters and the A..Q
//     command letters), JspSpy, reGeorg and JSP File Browser.
//
// The scores:
//
//	request input reaching exec, eval, defineClass or JNDI        85-95
//	decoded or decrypted request bytes defined as a class            95
//	memory-shell injection                                           85
//	a reverse shell (a fixed command and a socket)                80-85
//	request data written into a JSP page; a page writing a webshell 80-85
//	a file write whose path and content the request chooses       75-80
//	a file manager (listing plus reading, writing, deleting or
//	renaming files the request names)                             70-75
//	a database manager; a dump of every table                     60-70
//	exec of a command of unknown origin                 55 (supporting)
//	obfuscation (\u escapes, names built from pieces)   30-50 (supporting,
//	                                         raises a co-occurring one)
//
// Benign pages call the same APIs with constants (an admin page running
// a fixed command, framework reflection on constant names, JNDI lookups
// of java:comp/env, uploads saved under a generated name) or without
// request input reaching them, and score below verdict.Report.
//
// Work is bounded on hostile input: 16 MB of page, a token budget, an
// evaluation-step budget, a budget of constant-string bytes, nesting
// limits in the parser, and a fixed number of passes.
package jsp
