// Package syslog parses syslog text files (auth.log, secure, syslog,
// messages, kern.log, cron, journalctl short exports) into event.Event,
// one event per line, streaming: memory does not grow with the input.
//
// # Line formats
//
// The header of each line is detected on its own (files rarely mix
// formats, but detection costs a few byte comparisons):
//
//   - RFC 3164 / traditional: "Mar  1 10:00:01 host prog[123]: msg", also
//     with a zero-padded day and fractional seconds ("Mar 01 10:00:01.123",
//     journalctl -o short / short-precise). The line has no year and no
//     zone: see Year inference below; the zone is Options.Location.
//   - rsyslog high precision (RSYSLOG_FileFormat) and journalctl -o
//     short-iso / short-iso-precise: "2026-03-01T10:00:01.123456+08:00 host
//     prog[123]: msg"; the offset may be "Z", "+08:00" or "+0800"; without
//     one the time is read in Options.Location and marked TimeGuessed.
//   - RFC 5424: "<34>1 2026-03-01T10:00:01.003Z host app procid msgid [sd]
//     msg", with or without the "<PRI>"; "-" (NILVALUE) fields are empty,
//     the structured data is skipped (it stays in Raw), a UTF-8 BOM before
//     the message is dropped.
//   - a "<PRI>" before an RFC 3164 or ISO header is skipped too.
//
// After the time comes the host, unless the next word is already a tag
// ("prog[1]:", "prog:"), as when a relay drops the host. The tag is
// "prog[pid]:", "prog:", "prog(pam_unix)[pid]:" (old PAM, Process is the
// part before the parenthesis) or absent ("Job `cron.daily' terminated").
// A line that starts with a space or tab right after a parsed line is the
// continuation of a multi-line message: it becomes an event with the time,
// host and program of the line it continues (Stats.Continued). A line
// whose header cannot be read becomes an event too, with Raw, File and
// Line, no time and Source syslog, and is counted in Stats.Unparsed:
// nothing read is dropped. Lines longer than MaxLine are cut to MaxLine
// bytes (the rest up to the newline is skipped), counted in
// Stats.Truncated and marked with the field "truncated".
//
// # Year inference
//
// RFC 3164 lines have no year. The parser takes it from Options.Reference,
// normally the file's modification time (its last write): the first dated
// line gets the reference's year, or the year before when its month is
// later than the reference's month (a file written up to March that
// starts in November started last year). After that, each time the month
// goes back by more than one month (Dec -> Jan, Nov -> Feb) the year is
// incremented; a step back of one month (Dec 31 -> Nov 18, a late write
// from a buffered daemon) keeps the year, as plaso does. Such events are
// marked TimeGuessed. Limits: a file spanning more than a year cannot be
// dated right from the month alone (its first part is given a year too
// late when the first month is not after the reference month, and a gap
// of a year or more without a line is invisible); lines of an unrotated
// file written after a long pause get the right year only if the reference
// is right. The years of ISO and RFC 5424 lines are taken as written and
// do not move the inferred year.
//
// # Program parsers
//
// The message is then read by the parser of its program: sshd (and
// sshd-session), sudo, su, the shadow-utils account tools (useradd,
// usermod, userdel, groupadd, groupmod, groupdel, passwd, chpasswd, chage,
// gpasswd), cron (CRON, crond), systemd (units started and stopped,
// sessions), systemd-logind, the kernel, and pam_unix lines of any
// program. Their events carry Type, User, TargetUser, SrcIP, SrcPort and
// the canonical Fields (auth_method, key_type, key_fingerprint, command,
// cwd, tty, unit, home, shell, group, uid). Anything else is a
// Source syslog event with Process, PID and Message. SrcIP holds what the
// log names as the remote end: an IPv4 or IPv6 address, or a host name
// when sshd or PAM logged a name (UseDNS, rhost=).
//
// "message repeated N times: [ msg ]" (rsyslog's reduction) is one event,
// parsed from the inner message, with the field "repeat" set to N; use
// Repeat to weigh it.
//
// # Failed authentications, as fail2ban counts them
//
// IsAuthFailure reports the events that fail2ban's Debian filter
// filter.d/sshd.conf (fail2ban 1.0.2, mode normal, publickey=nofail)
// counts as failures, with the same source: "fail2ban-regex -o ip auth.log
// sshd.conf | sort | uniq -c" and counting IsAuthFailure events by SrcIP
// give the same table. The rules, from sshd.conf:
//
//   - counted: "Failed <method> for [invalid user] X from H" unless the
//     method is publickey for a valid user; "Invalid user X from H";
//     "maximum authentication attempts exceeded for X from H"; "Disconnecting:
//     Too many authentication failures" and "User X not allowed because
//     account is locked" (no address: the address is the one the same
//     connection, host and sshd pid, logged before); "User X from H not
//     allowed because ..." (AllowUsers, DenyUsers, groups);
//     "Authentication failure for X from H"; "ROOT LOGIN REFUSED FROM H";
//     "refused connect from N (H)"; "Received disconnect from H: 3: ...:
//     Auth fail"; "Disconnecting: ... Change of username or service not
//     allowed".
//   - not counted, though fail2ban reads them to learn a connection's
//     address: "pam_unix(sshd:auth): authentication failure; ... rhost=H"
//     (the twin of the "Failed password" line that follows it: counting
//     both would count every password guess twice), "Connection from",
//     "Connection closed/reset by", "Disconnected from", "Received
//     disconnect from H: 11:", "Accepted", "Failed publickey" for a valid
//     user (clients offer several keys; a failed key is not a guess).
//   - not counted at all: "message repeated N times: [ Failed password
//     ... ]" (fail2ban's expressions are anchored at the start of the
//     message and never see the inner line, so it under-counts these
//     floods; Repeat gives the real number), the old
//     "sshd(pam_unix)[pid]: authentication failure; ..." form, "PAM N more
//     authentication failures", "input_userauth_request: invalid user".
//   - fail2ban's connection state is kept as it does: per host and sshd
//     pid, at most 100 connections (first in, first out), forgotten on a
//     disconnect or an accepted login. A line it would not count becomes a
//     failure when the connection has a failure whose address was unknown
//     (pending) or has tried more than one user name, as in fail2ban.
//   - differences, on purpose: lines of "sshd-session" (OpenSSH >= 9.8)
//     are read as sshd lines, as newer fail2ban filters do (1.0.2's prefix
//     does not accept the name); a failure whose address is unknown is not
//     counted (as with fail2ban-regex -o; its summary counts such a line as
//     "matched" without an address).
//
// Event Types say what a line says, which is not always what fail2ban
// counts: "Failed publickey" is ssh_failed, "message repeated" of a
// failure is ssh_failed with a repeat count, "PAM N more authentication
// failures" is ssh_max_auth. Count failures with IsAuthFailure, not by
// Type. The pam_unix(sshd:auth) twin is left unclassified (Type ""), with
// its user and rhost, since event.TypeAuthFailure is for PAM failures
// outside sshd.
//
// # Performance
//
// No regular expression is used: headers and messages are matched by
// prefixes and keywords, and every string field of an event is a
// substring of its Raw line. Scan allocates the event and its raw line
// (plus the Fields map when an event has fields).
package syslog
