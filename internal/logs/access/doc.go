// Package access parses HTTP server access logs (nginx, Apache httpd,
// IIS) into events (internal/event) with Source "web" and Type
// "web_request", streaming: one line at a time, in memory independent of
// the file's size.
//
// # Formats
//
// Built in, and detected without configuration:
//
//   - the Common Log Format family, read by one hand-written parser:
//     common (%h %l %u %t "%r" %>s %b), combined (+ "referer" "user
//     agent"), vhost_combined (a leading vhost:port), nginx's default
//     "main" (+ "$http_x_forwarded_for"), and what is seen in the wild:
//     anything after the user agent (request and upstream times, kept in
//     Fields["extra"] as logged), "-" for any empty value, IPv6
//     clients, an X-Forwarded-For list as the client ("a, b": SrcIP is
//     its first address, the list is kept as x_forwarded_for), a user
//     name with spaces, a syslog header before the line (nginx logging
//     to syslog: kept as Fields["prefix"]), quotes inside the request or
//     the user agent escaped (\" Apache, \x22 nginx) or not (old
//     servers: a quote closes a field only where what follows fits),
//     non-UTF-8 bytes (kept as they are), requests that are not HTTP (a
//     TLS handshake sent to port 80, "-", "": status and bytes are read,
//     the request stays in Message only), a user agent cut by the end of
//     the line, a fraction of a second in the time, and lines wrapped
//     whole in double quotes (logs exported through CSV, as in published
//     data sets);
//   - W3C extended logs (IIS): "#Fields:" lines give the columns of the
//     lines after them and may change mid-file; values are separated by
//     spaces, IIS writes '+' for a space in the user agent (read back as
//     a space), times are UTC (Options.Location overrides).
//
// Compiled from the server's configuration: ParseNginxFormat (an nginx
// log_format, including escape=json formats) and ParseApacheFormat (an
// Apache LogFormat, including %{strftime}t split over several
// directives). The caller reads the configuration and passes the formats
// in Options.Formats (tried first, then the built-in ones) or forces one
// with Options.Format. A compiled format is a list of literals and
// fields; a line is matched from left to right, each field ending at the
// first occurrence of the literal after it for which the field's value
// is valid (a status is three digits, a time parses) and the rest of the
// line matches, with a bounded number of tries (backtracking is what
// lets a user agent hold the `" ` that follows it in the format). A
// format whose shape is one of the built-in ones (Apache's combined,
// nginx's main, ...) is read by the hand-written parser.
//
// Detection: each line is tried with the format that fitted the line
// before, then the configuration's formats, the built-in family, and the
// W3C columns once a "#Fields:" line was seen; the built-in family never
// goes before the configuration's formats, because it would accept their
// extra fields as "extra".
//
// # Events
//
// Every field is the text as logged, a substring of Raw (no allocation):
// neither percent-encoding nor the server's escaping (\", \xHH) is
// undone; decoding is the detections' job. FieldURL is the request
// target as sent, FieldPath and FieldQuery its halves at the first '?',
// FieldMethod and FieldProtocol the other words of the request line, and
// Message the request line itself. SrcIP is the client address field,
// User the remote user, At the time with its zone (the Common Log Format
// time is parsed by hand; a time without a zone takes Options.Location,
// UTC by default, and is marked TimeGuessed except for W3C, whose times
// are UTC by definition). Fields beyond the canonical ones:
// x_forwarded_for, ident, extra, prefix, truncated, and for compiled
// formats every other variable under its name (nginx $upstream_addr as
// "upstream_addr"; see ParseApacheFormat and ParseW3CFields for theirs).
//
// # Nothing is dropped
//
// A line that no format fits is delivered as an event with Type "" and
// only Source, Raw, File and Line set, and counted in Stats.Unparsed;
// callers that want only requests skip Type "". Blank lines and W3C
// directives are counted, not delivered. Lines longer than MaxLine (64
// KiB) are cut, counted in Stats.Cut and marked with Fields["truncated"].
//
// # Performance
//
// One Event, one string (Raw) and one map per line; no regular
// expressions; the time of the previous line is reused when the text is
// the same, and zones are cached. BenchmarkScanCombined measures the
// built-in parser on elastic-examples/apache_logs, BenchmarkScanCompiled
// the compiled-format matcher on the same lines.
package access
