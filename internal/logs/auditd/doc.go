// Package auditd parses the Linux audit daemon's log (/var/log/audit/audit.log)
// into events (internal/event), one event per audit event: the records that
// share an audit(SECONDS.MILLIS:SERIAL) stamp are joined.
//
// # Format
//
// Each line is one record:
//
//	[node=NAME ]type=TYPE msg=audit(1364481363.243:24287): key=value key="value" ...
//
// Kernel events are several records with one stamp (SYSCALL, EXECVE, CWD,
// PATH, PROCTITLE, SOCKADDR, ...), usually closed by an EOE record;
// user-space messages (USER_LOGIN, USER_AUTH, USER_CMD, ADD_USER, CRED_ACQ,
// ...) are a single record whose msg='...' value holds more key=value
// pairs. auditd's "enriched" log format (log_format = ENRICHED) appends,
// after a 0x1d byte, the interpreted values in upper case: SYSCALL=execve
// AUID="root" UID="root".
//
// Values that the kernel normally quotes (exe, comm, cwd, name, proctitle,
// EXECVE arguments, acct, cmd, key, ...) are written as hexadecimal when
// they contain a space, a quote or a control byte; they are decoded here.
// The PROCTITLE and EXECVE arguments are NUL-separated / split records:
// proctitle NULs become spaces, long arguments written as aN_len=... aN[0]=
// aN[1]= ... are reassembled, and arguments spread over several EXECVE
// records are gathered. "(null)", "(none)" and "?" mean "no value".
//
// # Joining
//
// Records of one event are usually adjacent but may interleave with those of
// other events (several CPUs log at once). The parser keeps a bounded set of
// open events keyed by stamp and emits an event when its EOE record
// arrives, when a newer record's serial is more than Options.SerialWindow
// away, when a newer record's time is more than Options.MaxAge later, when
// more than Options.MaxOpen events are open (the oldest goes first), or at
// the end of the input. Memory is bounded whatever the input: lines are cut
// at MaxLine bytes (and counted), and an event that grows past
// MaxEventRecords records or MaxEventBytes bytes is emitted and a new one
// started for the rest (counted in Stats.Split). Events therefore come out
// in roughly, not strictly, the input order.
//
// # Events
//
// Type is "audit_" + the lower-case type of the primary record: EXECVE when
// present, else the first record that is neither SYSCALL nor an auxiliary
// record (CWD, PATH, PROCTITLE, SOCKADDR, ...), else SYSCALL, else the first
// record (audit_execve, audit_syscall, audit_user_login, audit_avc, ...).
// The canonical fields (syscall, success, exe, comm, key, auid, uid, tty,
// cwd, command) are set when present; command is the EXECVE argument list
// joined with spaces, else USER_CMD's cmd, else the proctitle. Besides
// those, Fields holds a0..aN (EXECVE arguments, which Sigma auditd rules
// name directly), argc, proctitle, name (the first PATH item), acct, op,
// hostname (when it is not an address), terminal, ses, ppid and exit.
//
// User is, for records carrying acct= (authentication, session and
// credential records), that account; for account-management records
// (ADD_USER, DEL_USER, USER_MGMT, ...) acct is the TargetUser and User the
// acting account. Otherwise, and for the acting account, User is the
// enriched AUID name (unless "unset"), else the enriched UID name; the raw
// log has only numbers, which are kept in the auid and uid fields and not
// resolved here. SrcIP comes from addr= (or hostname= when it is an
// address), SrcPort from rport=, and success from SYSCALL's success= or, for
// user-space records, res= (success/1 → yes, failed/0 → no). Message is the
// text of msg='...'. Raw is the event's lines joined with "\n" and Line the
// number of its first line.
//
// Lines that are not audit records (no type=, no msg=audit(...) stamp) are
// counted in Stats.Unparsed, with the first line numbers in
// Stats.UnparsedLines; they produce no event since they carry no time or
// type to order or classify them by.
package auditd
