// Package yara is yingji's pure-Go YARA engine: a lexer, a
// recursive-descent parser and the compile-time checks of the reference
// `yara` 4.2.3 producing a typed AST, a compiler, and a scanner whose
// matches are yara's (the conformance tests compare them rule for rule
// and file for file with /usr/bin/yara).
//
// # Scanning
//
// Compile turns parsed files into Rules: every string declaration becomes
// the patterns it is searched as (text strings expand to their ascii and
// wide forms, each xor key and the three base64 encodings; regexps to
// ascii and wide forms), and every condition becomes a tree of closures.
// The modules (package module: pe, elf, math, hash, time, console) are
// loaded once per scanned file for the rule set.
//
// A Scanner evaluates a file in two passes. The first evaluates every
// condition with the strings unknown (three-valued: false, true,
// unknown): filesize, header checks, module fields and rule references
// often decide a rule without its strings, and the strings of a rule
// decided false, or of a namespace whose global rule is false, are not
// searched. The patterns of the undecided rules are then searched in one
// pass over the data (package re: atoms, an Aho-Corasick prefilter and
// verification), and the undecided conditions evaluated with the
// matches; a rule whose condition needs a match and whose strings have
// none is false without evaluation. Terms that depend only on the file
// (header reads, filesize bounds, module calls) are computed once per
// file however many rules repeat them. When scanning a tree, a file
// larger than HeadSize is first probed from its first 64 KiB and its
// size: if that rules every rule out, the rest is not read. yara itself
// searches every string of every rule.
//
// Semantics follow yara 4.2.3, including its corners: undefined values
// (a missing module field, a read past the end, a division by zero) make
// comparisons undefined and count as false in and, or, loop bodies and
// rule results; "not undefined" is undefined; a for-in loop over an
// empty or undefined range is false whatever its quantifier; an undefined
// quantifier means all; a string used only as "$a at N" with one constant
// N keeps only its match at N (visible with -s); the fullword check looks
// at the C-locale isalnum of the neighbouring characters.
//
// Bounds: each string keeps at most 1,000,000 matches (yara's limit, the
// rule is then evaluated on those and the scan reports it); a scan can be
// given a time budget (loops and the pattern search poll it); files are
// read up to a size limit and a larger file is scanned over its beginning
// (filesize still gives the real size; reads past the scanned part are
// undefined), which the result reports. Module loaders bound their work by
// the input size.
//
// Known differences from the yara command: empty files are scanned (yara
// 4.2.3 cannot map them and reports an error); symbolic links are not
// followed when scanning a tree (yara -N); yara's dotnet, cuckoo, magic,
// dex and macho modules are not built in (a rule file importing them does
// not compile); the deprecated entrypoint keyword is each file's own,
// where yara 4.2.3 keeps, in a tree scan, the value of the first file a
// scanning thread sees. As with yara, the rule files given together
// (ParseFiles, a Pack) share one namespace.
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
//   - Module fields and functions are checked against the schemas the
//     modules register (Options.Schema), as yara's compiler does; a module
//     without a schema accepts any use with unknown types.
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
