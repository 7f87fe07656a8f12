// Package asp analyses classic ASP pages (VBScript and JScript) for
// webshell behaviour: attacker input reaching code execution, command
// execution, file writes, uploads, downloads and database access, and the
// obfuscation that hides it.
//
// The analysis works like a small compiler front end followed by an
// abstract interpreter, never by keyword lists alone:
//
//   - Server code is extracted from the page ("<% %>", "<%= %>",
//     "<%@ LANGUAGE %>", <script runat="server">, <object runat="server">,
//     server-side includes) with its original line numbers; UTF-16 and
//     UTF-7 (codepage 65000) pages are converted, GBK/GB2312 bytes are
//     kept as they are (their trail bytes never form the delimiters the
//     lexers look for), and image headers before the code are skipped.
//   - Blocks written with the Microsoft Script Encoder ("#@~^...^#~@",
//     VBScript.Encode / JScript.Encode) are decoded (the encoder is a
//     fixed three-table substitution) and analysed as the code they are.
//   - VBScript and JScript are lexed and parsed into one small syntax tree
//     (assignments, calls, members, control flow, functions and classes);
//     the parsers never fail on hostile input, they skip what they do not
//     understand; a statement followed on its line by another without the
//     ":" between them (how one-liners are copied into notes) is read as
//     two.
//   - An abstract interpreter walks the tree. A value is a small set of
//     possible constants plus facts: tainted by request input (Request,
//     Request.Form, BinaryRead, ... and Session values set from them),
//     derived by decoding, a COM object of a known class (WScript.Shell,
//     Scripting.FileSystemObject, ADODB.Stream, XMLHTTP, ...). Constants
//     are folded with VBScript's and JScript's own semantics (Chr, ChrW,
//     StrReverse, Replace, Mid, Split/Join, String.fromCharCode, unescape,
//     arithmetic, ...), and user-defined functions are summarised (which
//     parameters reach the result, which reach a sink) and, when called
//     with constants, run by a bounded concrete interpreter, so that a
//     page's own decoder yields the code it hides.
//   - Functions are summarised callees first (a helper that writes a file,
//     called by a helper that walks folders, called by the page), each
//     parameter with every kind of sink it reaches. A file written inside a
//     function from its parameters is judged at each call with the
//     caller's arguments (SaveFile(Request("f"), Request("c")) writes
//     request input to a request-chosen path), and a VBScript procedure
//     that sets a ByRef parameter to an object (Sub CreateObj(F, W)) sets
//     the caller's variable. A name nothing in the page assigns, in a page
//     without includes, is Empty, as VBScript reads it.
//   - Code reaching Execute, ExecuteGlobal, Eval, eval or Function is
//     analysed again (bounded depth) when it is known, so a reversed or
//     Chr-encoded payload is judged by what it does. When only part of it
//     is known ("eval(request(" & x & "))"), its constant skeleton is
//     analysed with a neutral 0 in each hole: the constants must spell the
//     sink and the input. When a custom cipher is too costly to run, a long
//     constant passed through it and on to execution (even through
//     Replace or Session) is hidden code.
//   - The concrete interpreter builds strings in amortised linear time
//     ("s = s & x & y", and "s = x & s" for the StrReverse-style decoders),
//     keeps the character offsets of the strings a decoder indexes, and
//     once a page is certain (score 95) gets only a small remainder of its
//     step budget: more decoding could add evidence, not change the verdict.
//
// Analyze returns verdict detections scored per the thresholds of package
// verdict: attacker input reaching execution scores 85-95, decoded hidden
// code reaching execution 85, attacker-chosen file writes 75, a
// combination of file manager, command and database features ("big
// shells") 80, a database browser (rows of request-named tables read from
// a server the request chooses) and a write-permission probe (empty files
// created on request-chosen paths and deleted again, no data written) 60,
// and weaker facts (execution of a value of unknown origin, obfuscation
// alone, the Script Encoder) are supporting evidence below 60.
package asp
