// Package aspx finds ASP.NET webshells (.aspx, .ashx, .asmx, .ascx and
// the like, in C#, VB.NET and JScript.NET) by analysing what their code
// does, not by matching known text.
//
// The analysis, for one file:
//
//  1. Text. A UTF-8 BOM is dropped and UTF-16 is converted, keeping line
//     breaks, so every line number refers to the original file. GBK and
//     other legacy double-byte encodings are kept as bytes: the lexers
//     step over their two-byte characters, whose second byte may be '\'
//     or a typographic quote.
//  2. Page structure (extract.go). Directives (<%@ Page Language=...%>,
//     WebHandler, WebService, Control, Import, Assembly; also the broken
//     "<% @Page" and "< %@" of pasted shells), <% %>, <%= %>, <%# %>,
//     <script runat="server"> blocks (and <script language="C#"> ones a
//     browser never runs), the whole source after a WebHandler or
//     WebService directive, <msxsl:script> blocks of XSLT, and the server
//     controls of the markup whose value the client posts (TextBox,
//     HiddenField, FileUpload, <input runat="server">, ...). The
//     language comes from the directive, the script tag, or the syntax.
//  3. Lexers (lex.go) for C# (verbatim, interpolated and raw strings, char
//     literals, \u escapes in identifiers), VB.NET (case-insensitive, ""
//     escapes, ' and REM comments, _ continuation, & concatenation) and
//     JScript.NET (regular expressions, \x escapes), with one token model.
//  4. Parsers (parse.go, parsevb.go) reduce the code to methods holding
//     flat lists of actions (declare, evaluate, return, loop variable) over
//     one expression model. Control flow is dropped on purpose; they never
//     stop at an error, so mangled shells are still read.
//  5. Evaluation (eval.go, api.go, objects.go) is an abstract
//     interpretation of those actions. A value carries request data
//     (taint: where it entered, and the steps it took: decoding,
//     decryption, user methods, Session), a folded constant (concatenation,
//     String.Format/Concat/Join, char codes and arrays, reversal,
//     Convert.FromBase64String, Encoding.GetString, URL and hex decoding),
//     a .NET type, and a shared object state (a Process and its StartInfo,
//     a writer and its path, a command and its connection, a
//     StringBuilder). Sources are the Request collections and streams
//     (Request[...], Form, QueryString, Params, Cookies, Headers,
//     ServerVariables, Item, InputStream, BinaryRead, Files), whether
//     reached through Page, HttpContext.Current or a handler's context,
//     posted server controls, and web method parameters. Methods are
//     evaluated per call with their arguments, so a method whose parameter
//     reaches a sink is a sink wrapper and one whose parameter flows to its
//     return passes the data on; reflection with constant names (also
//     built from pieces or decoded) resolves to the method it names, and
//     constant code given to eval or a script control is itself parsed and
//     evaluated. Assignments in loops merge with earlier values, and a
//     variable once holding request data keeps it.
//  6. Sinks (sinks.go) score what reaches them: process execution
//     (Process.Start, ProcessStartInfo, standard input of a shell,
//     WScript.Shell, Shell, WMI, PowerShell), dynamic code (JScript eval,
//     JScriptEvaluate, script controls, CodeDom, XSLT scripts), assembly
//     loading (Assembly.Load, AppDomain.Load), reflection with
//     request-chosen names, file writes and uploads, downloads to disk,
//     database managers, deserialization with type information, tunnels,
//     sniffers, registry browsing, and the combination of capabilities of
//     an all-in-one shell. Families are named from their published traits:
//     China Chopper (eval(Request.Item[...], "unsafe")), Behinder
//     (decrypted request bytes loaded as an assembly, CreateInstance("U"),
//     Equals(this)), Godzilla (a decrypted payload assembly kept in
//     Session), ASPXSpy, reGeorg, WebAdmin2Y.
//
// Scores follow verdict: request data reaching eval, a process or an
// assembly load is 85-95 (95 when it was decrypted first); request data
// written to a request-chosen path is 75; an all-in-one shell is 80;
// execution of a non-constant value of unknown origin is 55 and
// obfuscation alone is below 60, supporting evidence only.
//
// Work is bounded (input size, evaluation steps, call depth, variants per
// method, nesting of code in strings), so hostile files cannot make the
// analysis slow, and no code of the file is ever run.
package aspx
