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
//     understand.
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
//   - Code reaching Execute, ExecuteGlobal, Eval, eval or Function is
//     analysed again (bounded depth) when it is known, so a reversed or
//     Chr-encoded payload is judged by what it does.
//
// Analyze returns verdict detections scored per the thresholds of package
// verdict: attacker input reaching execution scores 85-95, decoded hidden
// code reaching execution 85, attacker-chosen file writes 75, a
// combination of file manager, command and database features ("big
// shells") 80, and weaker facts (execution of a value of unknown origin,
// obfuscation alone, the Script Encoder) are supporting evidence below 60.
package asp
