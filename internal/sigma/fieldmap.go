package sigma

import "strings"

// FieldMapEntry maps the field names of Sigma rules with a given
// logsource to yingji's canonical event fields, and says which of
// yingji's parsers (the canonical "source" field) can produce events for
// that logsource.
//
// Product, Category and Service select the rules the entry applies to:
// an empty one matches anything, a set one must equal the rule's
// logsource value (case-insensitively). An entry with all three empty is
// a generic fallback.
type FieldMapEntry struct {
	Product, Category, Service string

	// Fields maps a Sigma field name (case-sensitive, as Sigma says) to
	// a canonical field name.
	Fields map[string]string

	// ValuePrefix maps a Sigma field name to text prepended to the
	// rule's string values for that field. It exists for auditd, where
	// Sigma writes the record type as type: EXECVE while yingji's event
	// type is audit_execve. Regular expressions, CIDR and numeric
	// comparisons are not prefixed.
	ValuePrefix map[string]string

	// Sources lists the parsers whose events can satisfy rules of this
	// logsource. Set.Match skips such rules for events of any other
	// source. Nil means no restriction.
	Sources []string
}

func (e *FieldMapEntry) specificity() int {
	n := 0
	for _, s := range []string{e.Product, e.Category, e.Service} {
		if s != "" {
			n++
		}
	}
	return n
}

func (e *FieldMapEntry) applies(ls LogSource) bool {
	eq := func(want, have string) bool { return want == "" || strings.EqualFold(want, have) }
	return eq(e.Product, ls.Product) && eq(e.Category, ls.Category) && eq(e.Service, ls.Service)
}

// FieldMap is an ordered set of FieldMapEntry. For a rule, the entries
// that apply to its logsource are consulted in this order: entries added
// with Add, newest first (so a user's mapping overrides the built-in
// one whatever its specificity), then the base entries from the most to
// the least specific (a fallback with no logsource keys comes last).
// The first entry that names the field wins; a field named by none is
// looked up under its own name.
type FieldMap struct {
	base []FieldMapEntry
	user []FieldMapEntry
}

// NewFieldMap returns a map with the given base entries and no built-in
// ones, for callers who want to replace the defaults completely.
func NewFieldMap(entries ...FieldMapEntry) *FieldMap {
	return &FieldMap{base: append([]FieldMapEntry(nil), entries...)}
}

// DefaultFieldMap returns a new FieldMap holding the built-in table
// (DefaultFieldMapEntries); Add to it to override single fields.
func DefaultFieldMap() *FieldMap { return NewFieldMap(DefaultFieldMapEntries...) }

// Add registers an overriding entry: it is consulted before every entry
// added earlier and before all base entries.
func (m *FieldMap) Add(e FieldMapEntry) { m.user = append(m.user, e) }

// resolver is the field map narrowed to one logsource, computed once per
// rule at compile time.
type resolver struct {
	entries []*FieldMapEntry
	sources []string // nil: unrestricted
}

func (m *FieldMap) resolve(ls LogSource) *resolver {
	r := &resolver{}
	for i := len(m.user) - 1; i >= 0; i-- {
		if m.user[i].applies(ls) {
			r.entries = append(r.entries, &m.user[i])
		}
	}
	for spec := 3; spec >= 0; spec-- {
		for i := range m.base {
			if e := &m.base[i]; e.specificity() == spec && e.applies(ls) {
				r.entries = append(r.entries, e)
			}
		}
	}
	for _, e := range r.entries {
		if e.Sources != nil {
			r.sources = e.Sources
			break
		}
	}
	return r
}

// field returns the canonical name for a Sigma field and the value
// prefix to apply to its string values.
func (r *resolver) field(name string) (canonical, prefix string) {
	for _, e := range r.entries {
		if c, ok := e.Fields[name]; ok {
			return c, e.ValuePrefix[name]
		}
	}
	return name, ""
}

// Parsers whose lines come through syslog (auth.log, syslog, messages,
// secure, journal exports).
var syslogSources = []string{"syslog", "sshd", "sudo", "su", "cron", "kernel", "systemd", "account"}

// DefaultFieldMapEntries is the built-in mapping of Sigma field names to
// yingji's canonical event fields:
//
//	logsource                      Sigma field            canonical
//	category webserver             cs-method              method
//	                               c-uri, cs-uri          url (path+query as sent)
//	                               c-uri-stem, cs-uri-stem path
//	                               c-uri-query, cs-uri-query query
//	                               c-uri-extension        (unmapped)
//	                               sc-status              status
//	                               sc-bytes               bytes
//	                               c-ip                   src_ip
//	                               s-ip                   dst_ip
//	                               s-port                 dst_port
//	                               cs-username            user
//	                               cs-user-agent          user_agent
//	                               cs-referer, cs-referrer referer
//	                               cs-host                vhost
//	                               cs-version             protocol
//	                               date, time             time
//	                               cs-useragent,          user_agent
//	                                 c-useragent
//	category proxy                 c-uri → url, c-uri-stem → path, c-uri-query → query,
//	  (evaluated on web access     cs-host, r-dns → vhost, cs-method → method,
//	  events)                      sc-status → status, c-ip → src_ip,
//	                               c-useragent → user_agent, cs-referrer → referer
//	product linux, service auditd  type                   type, values prefixed "audit_"
//	                                                       (type: EXECVE matches audit_execve)
//	                               SYSCALL, syscall       syscall
//	                               key, exe, comm, cwd,   same names
//	                               auid, uid, success,
//	                               pid
//	                               proctitle              command
//	                               a0, a1, ...            (unmapped: looked up as a0, a1, ...)
//	product linux, category        CommandLine            command
//	  process_creation             Image                  exe
//	                               User                   user
//	                               CurrentDirectory       cwd
//	                               ProcessId              pid
//	                               ParentImage,           (unmapped: no canonical field)
//	                               ParentCommandLine
//	product linux, service sshd,   User, user             user
//	  auth, sudo, syslog, cron     TargetUser             target_user
//	                               SourceIp, src_ip       src_ip
//	any logsource (fallback)       User → user, TargetUserName → target_user,
//	                               SourceIp → src_ip, SourcePort → src_port,
//	                               DestinationIp → dst_ip, DestinationPort → dst_port,
//	                               Hostname, ComputerName → host, CommandLine → command,
//	                               Image → exe, CurrentDirectory → cwd, ProcessId → pid,
//	                               Message → message, and the ECS names source.ip,
//	                               source.port, destination.ip, destination.port,
//	                               user.name, host.name, process.command_line,
//	                               process.executable, process.pid,
//	                               process.working_directory, url.original, url.path,
//	                               url.query, http.request.method,
//	                               http.response.status_code, http.request.referrer,
//	                               user_agent.original, event.action → type
//
// Logsources restrict the parsers a rule is evaluated against (Sources):
// webserver and proxy → web; linux auditd → auditd; linux sshd → sshd; linux sudo
// → sudo; linux cron → cron; linux su → su; linux account → account
// (useradd, passwd and the like); linux auth → sshd, sudo, su, account,
// wtmp, btmp, lastlog, syslog; linux syslog → every parser fed
// by syslog; linux process_creation → auditd, history, sudo. Any other
// logsource is evaluated against every event.
//
// The entries share their maps with every DefaultFieldMap; treat them as
// read-only and override with FieldMap.Add instead.
var DefaultFieldMapEntries = []FieldMapEntry{
	{
		Category: "webserver",
		Sources:  []string{"web"},
		Fields: map[string]string{
			"cs-method":      "method",
			"c-uri":          "url",
			"cs-uri":         "url",
			"c-uri-stem":     "path",
			"cs-uri-stem":    "path",
			"c-uri-query":    "query",
			"cs-uri-query":   "query",
			"sc-status":      "status",
			"sc-bytes":       "bytes",
			"c-ip":           "src_ip",
			"s-ip":           "dst_ip",
			"s-port":         "dst_port",
			"cs-username":    "user",
			"cs-user-agent":  "user_agent",
			"cs-referer":     "referer",
			"cs-referrer":    "referer",
			"cs-host":        "vhost",
			"cs-version":     "protocol",
			"date":           "time",
			"time":           "time",
			"cs(User-Agent)": "user_agent",
			"cs(Referer)":    "referer",
			"cs-useragent":   "user_agent",
			"c-useragent":    "user_agent",
			"cs-cookie":      "cookie",
		},
	},
	{
		// Proxy logs: the closest yingji has are web access logs, whose
		// requests the same rules describe (SigmaHQ's proxy rules).
		Category: "proxy",
		Sources:  []string{"web"},
		Fields: map[string]string{
			"c-uri":           "url",
			"c-uri-stem":      "path",
			"c-uri-query":     "query",
			"c-uri-extension": "extension",
			"cs-host":         "vhost",
			"cs-method":       "method",
			"sc-status":       "status",
			"c-ip":            "src_ip",
			"c-useragent":     "user_agent",
			"cs-referrer":     "referer",
			"cs-cookie":       "cookie",
			"r-dns":           "vhost",
		},
	},
	{
		Product: "linux", Service: "auditd",
		Sources: []string{"auditd"},
		Fields: map[string]string{
			"type":      "type",
			"SYSCALL":   "syscall",
			"syscall":   "syscall",
			"key":       "key",
			"exe":       "exe",
			"comm":      "comm",
			"cwd":       "cwd",
			"auid":      "auid",
			"uid":       "uid",
			"success":   "success",
			"pid":       "pid",
			"proctitle": "command",
		},
		ValuePrefix: map[string]string{"type": "audit_"},
	},
	{
		Product: "linux", Category: "process_creation",
		Sources: []string{"auditd", "history", "sudo"},
		Fields: map[string]string{
			"CommandLine":      "command",
			"Image":            "exe",
			"User":             "user",
			"CurrentDirectory": "cwd",
			"ProcessId":        "pid",
		},
	},
	{Product: "linux", Service: "sshd", Sources: []string{"sshd"}, Fields: linuxAuthFields},
	{Product: "linux", Service: "sudo", Sources: []string{"sudo"}, Fields: linuxAuthFields},
	{Product: "linux", Service: "cron", Sources: []string{"cron"}, Fields: linuxAuthFields},
	{Product: "linux", Service: "su", Sources: []string{"su"}, Fields: linuxAuthFields},
	{Product: "linux", Service: "account", Sources: []string{"account"}, Fields: linuxAuthFields},
	{
		Product: "linux", Service: "auth",
		Sources: []string{"sshd", "sudo", "su", "account", "wtmp", "btmp", "lastlog", "syslog"},
		Fields:  linuxAuthFields,
	},
	{Product: "linux", Service: "syslog", Sources: syslogSources, Fields: linuxAuthFields},
	{
		Fields: map[string]string{
			"User":                      "user",
			"TargetUserName":            "target_user",
			"SourceIp":                  "src_ip",
			"SourcePort":                "src_port",
			"DestinationIp":             "dst_ip",
			"DestinationPort":           "dst_port",
			"Hostname":                  "host",
			"ComputerName":              "host",
			"CommandLine":               "command",
			"Image":                     "exe",
			"CurrentDirectory":          "cwd",
			"ProcessId":                 "pid",
			"Message":                   "message",
			"source.ip":                 "src_ip",
			"source.port":               "src_port",
			"destination.ip":            "dst_ip",
			"destination.port":          "dst_port",
			"user.name":                 "user",
			"host.name":                 "host",
			"process.command_line":      "command",
			"process.executable":        "exe",
			"process.pid":               "pid",
			"process.working_directory": "cwd",
			"url.original":              "url",
			"url.path":                  "path",
			"url.query":                 "query",
			"http.request.method":       "method",
			"http.response.status_code": "status",
			"http.request.referrer":     "referer",
			"user_agent.original":       "user_agent",
			"event.action":              "type",
		},
	},
}

var linuxAuthFields = map[string]string{
	"User":       "user",
	"user":       "user",
	"TargetUser": "target_user",
	"SourceIp":   "src_ip",
	"src_ip":     "src_ip",
}
