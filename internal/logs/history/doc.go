// Package history parses shell history files (bash, zsh, fish) into events
// (internal/event): one event of Type command per command, with the
// command in Fields["command"], the owner the caller names in Options.User
// (from the path: /home/USER/.bash_history, /root/...), and At when the
// history records a time.
//
// # bash (and sh, ash, ksh)
//
// One command per line, without times, unless the shell ran with
// HISTTIMEFORMAT set: bash then writes "#1599999999" (Unix seconds) before
// each command. readline treats a line of "#" followed by a digit as a
// timestamp (HIST_TIMESTAMP_START) and, when the file begins with one,
// reads every following non-timestamp line that does not directly follow
// a timestamp as a continuation of the previous entry: that is how a
// multi-line command (cmdhist + lithist) is stored. This parser does the
// same once it has seen a timestamp anywhere, not only on the first line:
// a file that begins with untimed lines and then has timestamps (plaso's
// "desynchronised" bash_history_desync: its first timestamp line was lost,
// or HISTTIMEFORMAT was set later) keeps its leading lines as separate
// untimed commands and still gets its multi-line entries right, where bash
// would split them into fake commands. plaso drops the leading untimed line
// with a warning; here it is an event with a zero At (Stats.Untimed), since
// nothing collected may be lost. Empty lines are skipped, as readline does.
// Consecutive timestamps leave the earlier without a command
// (Stats.OrphanTimestamps).
//
// # zsh
//
// With EXTENDED_HISTORY each entry is ": 1599999999:0;command" (start time
// and elapsed seconds, kept in Fields["elapsed"]); without, a bare command
// line. A line ending in an odd number of backslashes continues on the next
// line (zsh writes each newline of a command as "\\\n"); the backslash is
// replaced by the newline. zsh "metafies" the history: a byte 0x83 (Meta)
// marks the next byte as XORed with 0x20 (used for NUL and bytes 0x83..0x9f,
// which are common in UTF-8 text); it is undone.
//
// # fish
//
// fish_history is a YAML-like list of "- cmd: COMMAND" entries with an
// indented "when: 1599999999" and optional "paths:" list; "\n" and "\\" in
// the command are unescaped.
//
// # Design
//
// Parsing streams over an io.Reader with fixed buffers: lines are cut at
// MaxLine bytes (Stats.Truncated), and a multi-line command at MaxCommand
// bytes (Stats.Split: the rest becomes a new event with the same time). Raw
// holds the lines of the entry as read, the timestamp line included; Line is
// the number of the command's first line; Process is the shell format.
// FormatFor maps a file name to its format; otherwise the first non-blank
// line decides (": DIGITS:" zsh, "- cmd:" fish, else bash).
package history
