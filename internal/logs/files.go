package logs

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Kind is the format family of a log file, which decides its parser.
type Kind string

// Kinds of log files.
const (
	KindSyslog  Kind = "syslog"  // syslog text: auth.log, secure, messages, syslog, kern.log, cron
	KindAccess  Kind = "access"  // HTTP access logs: nginx, Apache, IIS
	KindAuditd  Kind = "auditd"  // audit.log
	KindHistory Kind = "history" // shell histories
	KindWtmp    Kind = "wtmp"    // login records
	KindBtmp    Kind = "btmp"    // failed login records
	KindUtmp    Kind = "utmp"    // current logins
	KindLastlog Kind = "lastlog" // last login per user
	KindUnknown Kind = ""
)

// File is a log file to read.
type File struct {
	Path string // in the file system given to Find, or as the user named it
	Kind Kind
	// Set names the rotation set the file belongs to (its path without the
	// rotation suffix), and Order its place in the set, oldest first: the
	// files of a set are read in that order so that events come in time
	// order.
	Set   string
	Order int
	// User is the owner of a shell history, from its path.
	User    string
	Size    int64
	ModTime time.Time
}

// knownLogs maps file names under var/log to their kind.
var knownLogs = map[string]Kind{
	"auth.log": KindSyslog, "secure": KindSyslog, "syslog": KindSyslog, "messages": KindSyslog,
	"kern.log": KindSyslog, "cron": KindSyslog, "cron.log": KindSyslog, "daemon.log": KindSyslog,
	"user.log": KindSyslog, "sshd.log": KindSyslog, "sudo.log": KindSyslog,
	"wtmp": KindWtmp, "btmp": KindBtmp, "lastlog": KindLastlog,
}

// webLogDirs are where web servers and hosting panels keep access logs
// (宝塔 BT panel: /www/wwwlogs).
var webLogDirs = []string{"var/log/nginx", "var/log/apache2", "var/log/httpd", "www/wwwlogs",
	"usr/local/nginx/logs", "usr/local/apache2/logs", "usr/local/openresty/nginx/logs", "var/log/lighttpd"}

// histories are the shell history files in a home directory.
var histories = []string{".bash_history", ".zsh_history", ".sh_history", ".ash_history",
	".histfile", ".local/share/fish/fish_history"}

// rotated splits a rotated log name: auth.log.2.gz, auth.log.1,
// secure-20260301, access.log-2026030112.gz, messages.1.xz.
var rotated = regexp.MustCompile(`^(.+?)(?:\.(\d{1,4})|-(\d{8}|\d{10}))?(?:\.(?:gz|bz2|xz|zst|zstd))?$`)

// Find lists the log files of a root file system (a live host's /, a
// mounted image, an unpacked bundle): the system logs under var/log, the
// login records, auditd, web servers' access logs in the usual places,
// and the shell histories of root and of the users under home. Problems
// reading directories are returned and do not stop the search.
func Find(fsys fs.FS) ([]File, []error) {
	f := &finder{fsys: fsys}
	f.dir("var/log", func(name string) Kind { return knownLogs[name] })
	f.dir("var/log/audit", func(name string) Kind {
		if name == "audit.log" {
			return KindAuditd
		}
		return KindUnknown
	})
	for _, d := range webLogDirs {
		f.dir(d, accessName)
	}
	// Tomcat: localhost_access_log.2026-03-01.txt, one file a day.
	if ents, err := fs.ReadDir(fsys, "var/log"); err == nil {
		for _, e := range ents {
			if e.IsDir() && strings.HasPrefix(e.Name(), "tomcat") {
				f.dir("var/log/"+e.Name(), accessName)
			}
		}
	}
	for _, p := range []string{"var/run/utmp", "run/utmp"} {
		if f.add(p, KindUtmp, p, 0, "") {
			break
		}
	}
	f.home("root", "root")
	if ents, err := fs.ReadDir(fsys, "home"); err == nil {
		for _, e := range ents {
			if e.IsDir() {
				f.home("home/"+e.Name(), e.Name())
			}
		}
	}
	f.order()
	return f.files, f.errs
}

// accessName recognises access logs by name in a web server's log
// directory; error logs are not access logs.
func accessName(name string) Kind {
	l := strings.ToLower(name)
	if strings.Contains(l, "error") {
		return KindUnknown
	}
	if strings.Contains(l, "access") || strings.HasSuffix(l, ".log") || strings.Contains(l, ".log.") ||
		strings.HasPrefix(l, "u_ex") { // IIS
		return KindAccess
	}
	return KindUnknown
}

type finder struct {
	fsys  fs.FS
	files []File
	errs  []error
	seen  map[string]bool
}

// dir adds the files of dir whose base name (without rotation suffix)
// kind recognises.
func (f *finder) dir(dir string, kind func(base string) Kind) {
	ents, err := fs.ReadDir(f.fsys, dir)
	if err != nil {
		if !isNotExist(err) {
			f.errs = append(f.errs, err)
		}
		return
	}
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		base, order := Rotation(e.Name())
		k := kind(base)
		if k == KindUnknown {
			k = kind(e.Name()) // a name that only looks rotated (access.log-site)
			base, order = e.Name(), 0
		}
		if k != KindUnknown {
			f.add(path.Join(dir, e.Name()), k, path.Join(dir, base), order, "")
		}
	}
}

func (f *finder) home(dir, user string) {
	for _, h := range histories {
		f.add(path.Join(dir, h), KindHistory, path.Join(dir, h), 0, user)
	}
}

// add records a regular file, and reports whether it exists.
func (f *finder) add(p string, k Kind, set string, order int, user string) bool {
	st, err := fs.Stat(f.fsys, p)
	if err != nil {
		if !isNotExist(err) {
			f.errs = append(f.errs, err)
		}
		return false
	}
	if !st.Mode().IsRegular() || f.seen[p] {
		return false
	}
	if f.seen == nil {
		f.seen = map[string]bool{}
	}
	f.seen[p] = true
	f.files = append(f.files, File{Path: p, Kind: k, Set: set, Order: order, User: user, Size: st.Size(), ModTime: st.ModTime()})
	return true
}

// order sorts the files by set, and within a set oldest first.
func (f *finder) order() { sortFiles(f.files) }

// sortFiles sorts files by set, and within a set oldest first, which is
// the order Read wants.
func sortFiles(files []File) {
	slices.SortStableFunc(files, func(a, b File) int {
		if c := strings.Compare(a.Set, b.Set); c != 0 {
			return c
		}
		return a.Order - b.Order
	})
}

// Rotation splits a log file name into the name of its rotation set and
// its order in the set, smaller being older: dated copies (secure-20260301,
// oldest first) come before numbered ones (auth.log.3.gz before
// auth.log.1), which come before the live file (order 0 for the live file,
// negative for the copies).
func Rotation(name string) (base string, order int) {
	m := rotated.FindStringSubmatch(name)
	if m == nil {
		return name, 0
	}
	base = m[1]
	switch {
	case m[2] != "":
		n, _ := strconv.Atoi(m[2])
		return base, -n
	case m[3] != "":
		// Dated copies are older than every numbered one: a set has one
		// kind or the other, and a date sorts by its digits.
		d, _ := strconv.Atoi(m[3][:8])
		return base, d - 1_000_000_000
	}
	return base, 0
}

// Sniff guesses the kind of a file the user named directly from its name
// and first bytes: a copied log keeps its content, not always its name.
func Sniff(name string, head []byte) Kind {
	base, _ := Rotation(path.Base(name))
	if k, ok := knownLogs[base]; ok {
		return k
	}
	switch {
	case base == "audit.log":
		return KindAuditd
	case base == "utmp":
		return KindUtmp
	case slices.Contains(histories, base) || strings.HasSuffix(base, "_history"):
		return KindHistory
	}
	text := head
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		text = text[:i]
	}
	switch {
	case bytes.HasPrefix(text, []byte("type=")) || bytes.HasPrefix(text, []byte("node=")) && bytes.Contains(text, []byte(" type=")):
		return KindAuditd
	case bytes.HasPrefix(text, []byte("#Software: Microsoft")) || bytes.HasPrefix(text, []byte("#Fields:")) ||
		bytes.HasPrefix(text, []byte("#Version:")):
		return KindAccess
	case accessLine.Match(text):
		return KindAccess
	case syslogLine.Match(text):
		return KindSyslog
	case bytes.HasPrefix(text, []byte("#")) && len(text) > 1 && isDigits(text[1:]) ||
		bytes.HasPrefix(text, []byte(": ")) && bytes.Contains(text, []byte(";")):
		return KindHistory
	}
	if accessName(path.Base(name)) == KindAccess && strings.Contains(strings.ToLower(name), "access") {
		return KindAccess
	}
	return KindUnknown
}

var (
	// accessLine: a client address, two fields and a bracketed time.
	accessLine = regexp.MustCompile(`^\S+ \S+ \S+ \[\d{1,2}/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "`)
	// syslogLine: an RFC 3164, ISO 8601 or RFC 5424 time stamp first.
	syslogLine = regexp.MustCompile(`^(?:<\d{1,3}>\d? ?)?(?:\w{3} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)`)
)

func isDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

func isNotExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist)
}

// maxZoneFile bounds the time zone file read from a root.
const maxZoneFile = 1 << 20

// Zone returns the time zone of the host whose root fsys is, from its
// /etc/localtime (a TZif file, read as data) or /etc/timezone, or nil
// when it has neither: logs that write local times without a zone must
// be read in the zone of the host that wrote them, not of the analyst's.
func Zone(fsys fs.FS) *time.Location {
	// Usually a link into /usr/share/zoneinfo, absolute: resolve it in
	// the root, or by the zone's name.
	if target, err := fs.ReadLink(fsys, "etc/localtime"); err == nil {
		if _, name, ok := strings.Cut(target, "zoneinfo/"); ok {
			if data, err := readSmall(fsys, path.Join("usr/share/zoneinfo", name)); err == nil {
				if loc, err := time.LoadLocationFromTZData(name, data); err == nil {
					return loc
				}
			}
			if loc, err := time.LoadLocation(name); err == nil {
				return loc
			}
		}
	}
	if data, err := readSmall(fsys, "etc/localtime"); err == nil {
		if loc, err := time.LoadLocationFromTZData("localtime", data); err == nil {
			return loc
		}
	}
	if data, err := readSmall(fsys, "etc/timezone"); err == nil {
		if loc, err := time.LoadLocation(strings.TrimSpace(string(data))); err == nil {
			return loc
		}
	}
	return nil
}

func readSmall(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxZoneFile))
}
