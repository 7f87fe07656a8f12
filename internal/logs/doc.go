// Package logs finds and opens the logs of a Source and turns them into
// events (internal/event) through the parser of each kind: syslog text
// with the programs that write to it, login records, auditd, web access
// logs and shell histories.
//
// Rotated copies form a set (auth.log.3.gz, auth.log.2.gz, auth.log.1,
// auth.log) read oldest first, so that each set's events come in time
// order; compressed files are recognised by their magic bytes (gzip,
// bzip2, xz, zstd) and bounded in what they may expand to.
package logs
