// Package yara is the front end of yingji's pure-Go YARA engine: a lexer, a
// recursive-descent parser and the compile-time checks of the reference
// `yara` 4.2.3, producing a typed AST with a source position on every node.
//
// Parse and ParseFile take a rule file (and the files it includes, resolved
// relative to the including file) and return a File with the rules that
// compiled and an ErrorList, each Error with file, line and column of the
// offending token and yara's wording. Like yara, parsing goes on after an
// error with the next rule, so the good rules of a file with bad ones are
// usable when the caller wants them; yara itself rejects the whole file.
//
// The checks done here are yara's compile-time ones: syntax (yara's two
// expression levels, so "true == true" and "1 < 2 < 3" are errors as in
// yara), duplicated rules, tags, strings and loop variables, undefined and
// unreferenced strings, anonymous strings outside for-of loops, undefined
// identifiers (rules must be declared before use; a rule may name itself),
// modules used without import, undefined external variables, string
// modifier combinations, xor ranges and base64 alphabets, hex string syntax
// and jump limits, types of operands, constant division by zero, integer
// overflow and negative shifts.
//
// What this package leaves to others, by design:
//   - Regular expression bodies are kept as source; the regexp package
//     validates them through Options.CheckRegexp.
//   - Module fields and functions are not known here: any member, index or
//     call on an imported module is accepted with TypeUnknown. yara rejects
//     unknown fields ("invalid field name") and mistyped uses at compile
//     time; a module schema will plug in here.
//
// Known, tested differences from yara's messages (not verdicts):
//   - Positions are those of the offending token. yara prints only a line,
//     which is the line of the token its parser read last: for an error on
//     the last token of a line, or a hex string spanning lines, yara names a
//     later line. "unreferenced string" points at the declaration, where
//     yara names the rule's closing brace.
//   - Syntax errors say which token was unexpected ("syntax error,
//     unexpected <and>"); yara 4.2.3 says only "syntax error".
//   - include is a statement between rules; yara's scanner would also
//     splice an include found inside a rule.
//
// As in yara's flex scanner, a regular expression ends at the first '/' not
// preceded by a backslash, even inside a character class ("/[/]/" is an
// error in yara too), and "{ }" is lexed as an (invalid) hex string.
package yara
