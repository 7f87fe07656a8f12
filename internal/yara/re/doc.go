// Package re implements the pattern matchers of yingji's YARA engine:
// YARA regular expressions, hex strings and text strings ([Literal]),
// their atoms, and a prefilter ([Set], [Scanner]) that finds candidate
// positions for many patterns at once; [Prog.Find] is the `matches`
// operator. It is independent of the rule parser: the parser hands it
// the text of a regexp (between the slashes), of a hex string (between
// the braces) or the bytes of a text string, and the modifiers.
//
// # Syntax
//
// [Parse] accepts what libyara 4.2.3's re_lexer/re_grammar accept:
// literals; '.'; classes [...] with ranges, negation, escapes, \w \W \s
// \S \d \D inside; a ']' right after '[' or '[^' is literal, and a '-'
// before ']' is literal; an escaped character is accepted as a range end
// ("[\w-z]" is the range w-z, as yara's lexer reads it); \w \W \s \S \d
// \D \b \B; \xNN; \n \t \r \f \a; any other escaped character stands for
// itself (\Q is Q) except digits, which are rejected ("backreferences are
// not allowed"); ^ and $; groups; alternation (an empty alternative is
// allowed except the first one: "a|" and "(a|)b" are valid, "|a" is not);
// quantifiers * + ? {n} {n,} {n,m} {,m} {,} and their non-greedy forms.
// A '{' that does not start a valid interval is a literal. Intervals
// above 32767 are "repeat interval too large"; {0}, {0,0}, {,0} and
// {n,m} with m<n are "bad repeat interval". Assertions cannot be
// quantified. Mixing greedy and non-greedy quantifiers is rejected by
// [Compile], as yara does. Errors are [*Error] values with the byte
// offset where the error was detected (yara itself gives none).
//
// [ParseHex] accepts bytes, ??, nibble wildcards (4? and ?4), jumps [n]
// (n>0), [n-m], [n-], [-] (spaces allowed inside), and nested
// alternatives (a|b|...). A jump may not start or end the string or an
// alternative; inside alternatives jumps must be bounded and at most 200.
// Consecutive jumps are merged. Comments are not accepted (the rule
// lexer removes them).
//
// # Matching semantics
//
// [Prog.MatchAt] returns the length of the match that yara reports for a
// match starting at a given offset, or -1:
//
//   - Regular expressions, and hex strings with alternatives, run on a
//     Pike VM whose threads are kept in priority order, exactly like
//     libyara's fibers in yr_re_exec: the result is the match of the
//     highest-priority thread (leftmost-first, as a backtracking engine
//     would find: greedy quantifiers prefer more, non-greedy less, the
//     first alternative is preferred). A match consumes at most
//     [ScanLimit] (4096) bytes. '.' excludes '\n' unless [DotAll]; ^ is
//     the start of the data and $ its end (not lines); \b is true at the
//     start of the data and at the scan limit; \w, \d, \s and case
//     folding ([NoCase]) are ASCII only; in a negated class, folding is
//     applied before negation ([^a] with /i does not match 'A').
//   - [Wide] regular expressions (yara's wide modifier, RE_FLAGS_WIDE):
//     every literal, class, '.' and escape matches a byte followed by
//     0x00 (the AST is widened before compiling, atoms included); \b and
//     \B compare the wide characters before and at the position (a word
//     byte followed by 0x00), and are true before the second byte of the
//     data and at the end of the (even) scan window; ^ and $ are the
//     data's start and end; nocase folds the first byte of a character.
//     TestWideYara checks this against yara.
//   - [Literal] patterns (text strings) match their bytes at every
//     offset, overlapping, ASCII case-insensitively with [NoCase], with
//     no length limit; [Wide] widens the text first. They are verified
//     by a byte compare.
//   - Hex strings without alternatives use a port of yr_re_fast_exec:
//     jumps are non-greedy, the result is the first position in yara's
//     position list, without the 4096-byte limit. The port keeps yara's
//     duplicate-position quirk, so { 61 [2-4] 62 [1-3] 63 } on
//     "a\tcb\xffbcdca" gives 9 as yara does, not the shortest 7.
//   - Empty matches are never reported ([ScanAll], [Scanner.Scan]).
//
// [Prog.Find] is yara's `matches` operator (yr_re_exec with
// RE_FLAGS_SCAN), checked against yara (TestFindYara): the empty string
// never matches; otherwise an empty match counts ("abc" matches /x*/);
// only the first 4096 bytes are searched and a match must end within
// them; a match may start anywhere before the end of that window but not
// at its end ("ab" matches /$/ is false); \b holds at the end of the
// window.
//
// Chained hex strings: as yara does, a hex string is split at every
// top-level jump whose bounds exceed [ChainingThreshold] (200) or that is
// unbounded; the pieces are matched separately and a match of the whole
// string is assembled from piece matches whose distances fit the jumps,
// in yara's order, giving for each head match the first (shortest)
// completion ([ScanAll], [Scanner.Scan]; [Prog.Chained]). [Prog.MatchAt]
// of a chained string matches it as one pattern instead.
//
// # Atoms and the prefilter
//
// [Prog.Atoms] chooses the atoms of a regexp or hex string: either one
// window of up to [MaxAtomLength] single-byte positions from a run in a
// sequence (literals, case-folded letters, nibble wildcards, classes of
// up to 16 bytes and the first copies of a repeated one; at most 64
// concrete variants), or, for an alternation, one atom per alternative;
// the first two iterations of a repetition are searched as a sequence so
// that a run may cross from one iteration to the next
// (/(\$[^\n]+\.){5}/ gets ".$"). Windows are scored with yara's
// heuristic (common bytes 00 20 CC FF are poor, letters slightly below
// other bytes) plus a bonus for distinct bytes. A Literal's atom is its
// rarest window by a table of byte frequencies (byteRarity); in a [Set],
// a Literal of 8 bytes or more is indexed by a whole 8-byte window. The
// choice only affects speed, never the matches.
//
// [Set] indexes the variants of all atoms of many patterns; identical
// patterns (same kind, flags and AST) are scanned once and share their
// results. A [Scanner] (one per goroutine; a Set is immutable) tests
// every position's 1- to 4-byte windows against cache-resident bitmaps
// (a 2-byte prefix filter first, then exact or hashed bitmaps per
// length) and looks bitmap hits up in open-addressing tables; 8-byte
// literal atoms take a second lookup. On a hit:
//
//   - a Literal, or a pattern with a single atom at a fixed distance from
//     the start of every match, has exactly one candidate start, which
//     is compared (Literal) or verified with MatchAt, with no
//     deduplication needed;
//   - otherwise the reversed prefix of the pattern before the atom is run
//     backwards exhaustively (like yara's backward code; on a lazily
//     built DFA per Scanner when the prefix has no assertions) to find
//     the possible starts, each verified once per scan with MatchAt
//     (deduplicated in a generation-stamped hash set).
//
// Patterns without atoms are tried at every offset whose byte can start
// a match. [ScanOptions].Enabled drops the atom hits of disabled
// patterns and skips their atom-less scans; [ScanOptions].Stop is polled
// every 64 KiB of data and every 4096 verifications. A Scanner reuses
// its buffers: a scan allocates nothing once they have grown
// (TestScannerAllocs). [Scanner.Scan] returns exactly the matches of
// [ScanAll]: this is tested on the tables and fuzzed (FuzzSet, also with
// Literals, Wide, duplicates and Enabled masks), and flags patterns with
// more than [MaxStringMatches] matches.
//
// Cost: a start is verified from the start, so a pattern like
// /(\$[^\n]+\.){5}/ costs O(line length) per candidate start where yara,
// which verifies from the atom, pays it once per atom hit.
// BenchmarkSigbaseWebshells measures the whole signature-base rule set
// over the webshell corpus.
//
// [AC] is a classic Aho-Corasick automaton for long strings, kept for
// callers that need one; [Set] does not use it.
//
// # Known deviations from yara 4.2.3
//
// yara verifies a match from the position of the atom it picked: the
// part after the atom forwards, the part before it backwards and
// exhaustively, and when several atom hits report the same start offset
// the first (or, for greedy regexps, the last) wins. This package
// verifies from the start offset instead. The differential tests against
// /usr/bin/yara (table knownDeviations in yara_diff_test.go) show where
// that differs:
//
//  1. The 4096-byte limit counts from yara's atom, so yara finds some
//     matches up to about 8 KiB long that end more than 4096 bytes after
//     their start; we do not.
//  2. When yara's atom lies inside an alternative, that alternative is
//     matched from the atom and can win over a higher-priority one:
//     /(x|xa|xb)(a|b)?/ gives 3 on "xab" in yara, 2 here.
//  3. yara 4.2.3 takes the atom of /(X)?Y/ from the optional group X and
//     then misses every match without X: /(0x)?[0-9a-f]+/ only matches
//     after "0x", /(xy)?[a-z]/ never matches without "xy". We match.
//  4. yara prints at most 512 bytes of a match (YR_MAX_MATCH_DATA) and
//     -L prints that capped length; lengths above 512 were compared
//     capped.
//  5. yara's byte-code size limit (RE_MAX_CODE_SIZE) and its fiber and
//     split limits are not reproduced; we limit programs to [MaxInsts]
//     instructions with counted repetitions expanded, and hex strings
//     without alternatives need no program.
//  6. Empty-loop corner cases ((a*)*) follow the Pike VM, not yara's
//     split-id bookkeeping. base64, xor and fullword are not implemented
//     here (they are modifiers of text strings, for the rule compiler:
//     xor and base64 expand to Literals; fullword filters matches, which
//     for regexps is not quite yara, which rejects a match before
//     deciding which of several atom hits keeps an offset).
//
// Fixing 1-3 requires porting libyara 4.2.3's atom choice (atoms.c)
// exactly and verifying from the atom as yara does: forward from the
// atom's first instruction, backward exhaustively, first or last wins.
// The reversed-prefix search of Set is the backward half of that.
package re
