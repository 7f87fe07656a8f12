// Package logins turns login accounting records into events
// (internal/event): utmp, wtmp and btmp records decoded by internal/utmp,
// and lastlog records.
//
// # utmp, wtmp, btmp
//
// internal/utmp detects the record layout (384 or 400 bytes, either byte
// order) and reports corrupted and truncated records as problems; this
// package maps each record to one event, by the caller's choice of Source
// (Options.Source: wtmp, btmp or utmp, from the file name):
//
//   - every btmp record is login_failed (btmp holds failed logins only,
//     written by sshd and login as LOGIN_PROCESS or USER_PROCESS);
//   - USER_PROCESS is login, DEAD_PROCESS logout;
//   - BOOT_TIME, and the RUN_LVL record shutdown writes (ut_user
//     "shutdown"), are boot;
//   - other records keep Type "" with their kind in Fields["ut_type"]:
//     nothing read is dropped, except all-zero EMPTY slots (free utmp
//     entries), which are counted in Stats.Empty;
//   - a record internal/utmp cannot decode, or a truncated tail, is a
//     corrupted_record event (Message: the reason; Fields["offset"]); a
//     record decoded despite an anomaly carries Fields["problem"].
//
// User is ut_user, PID ut_pid, At ut_tv (UTC), Fields["tty"] ut_line and
// Fields["ut_id"] ut_id. SrcIP is ut_addr_v6 when set (and not 0.0.0.0),
// else ut_host when it is an address; ut_host is kept in Fields["rhost"] (event.FieldRemoteHost)
// whenever it says something else (a host name, an X display ":0", or an
// address that disagrees with ut_addr_v6, which a forged record may show).
// For BOOT_TIME and RUN_LVL ut_host is the kernel release, in
// Fields["kernel"]. Raw is a one-line rendering of the whole record with
// quoted strings, Line the 1-based record number.
//
// # lastlog
//
// /var/log/lastlog holds one struct lastlog per uid at offset uid×size, a
// sparse file whose holes read as zeros. glibc's struct is
// { ll_time; char ll_line[32]; char ll_host[256]; } with ll_time an int32
// where __WORDSIZE_TIME64_COMPAT32 is defined (x86_64, 32-bit
// architectures: 292 bytes) and a 64-bit time_t on other 64-bit ones
// (aarch64, s390x: 296 bytes). ScanLastlog takes the size from the caller
// or from the file size, and the byte order from the first record whose
// time is plausible in only one of them. All-zero records are skipped; each
// other record is a last_login event with Fields["uid"], tty and host (or
// SrcIP), User filled from an optional uid→name map. Distributions moving
// to lastlog2 (a SQLite database, util-linux 2.40+) are not covered.
package logins
