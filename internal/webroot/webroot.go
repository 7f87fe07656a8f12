// Package webroot finds the web roots of a target: the directories a web
// server serves files from, where a webshell would be dropped. It reads the
// target only through a source.Source, never the live operating system.
//
// Find gathers roots from four kinds of evidence:
//
//   - nginx (and OpenResty, and the 宝塔 BT-panel's nginx): the main
//     nginx.conf of the usual installs with everything it includes, plus
//     the vhost directories on their own; "root" and "alias" directives of
//     every block, with the "server_name" of the enclosing server.
//   - Apache httpd: apache2.conf / httpd.conf with Include and
//     IncludeOptional (globs, directories), plus sites-enabled, conf.d and
//     the BT-panel vhost directory on their own; DocumentRoot, Alias,
//     AliasMatch, ScriptAlias and ScriptAliasMatch targets, with the
//     ServerName and ServerAlias of the enclosing VirtualHost. <Directory>
//     sections are not taken as evidence: they name access rules, often for
//     "/" or /usr/share, not served trees.
//   - Tomcat: conf/server.xml of the usual CATALINA_BASE directories, Host
//     appBase (relative to CATALINA_BASE) and Context docBase (relative to
//     the appBase), and the context files conf/ENGINE/HOST/*.xml.
//   - The usual places (/var/www and its subdirectories, /www/wwwroot/*,
//     /home/*/public_html, Tomcat webapps, ...), and the paths the user
//     gives.
//
// IIS-style configurations (applicationHost.config physicalPath, mono xsp
// .webapp files) are not read: they are too rare on Linux to be worth the
// parser.
//
// Paths in configurations are absolute on the target. A path with a
// variable ($host, ${APACHE_ROOT}, $1) is cut at the first element holding
// the variable, so "/var/www/$host" gives /var/www; a path that starts with
// a variable, or that would be cut down to "/", is skipped. Relative nginx
// paths are taken relative to the prefix guessed from the configuration's
// place (/usr/share/nginx for /etc/nginx/nginx.conf, /usr/local/nginx for
// /usr/local/nginx/conf/nginx.conf), relative Apache paths relative to
// ServerRoot (or its guess: the configuration directory, or the parent of
// a "conf" one).
//
// Configurations are hostile input: each file is read up to MaxFileSize
// (a longer file is parsed up to the limit and reported), includes nest at
// most MaxIncludeDepth deep, at most MaxFiles configuration files are read
// in all, include cycles are cut and reported, and a file that cannot be
// read or parsed is skipped and reported without stopping the search.
package webroot

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/yingji/yingji/internal/source"
)

// Bounds on the work Find does on a hostile target.
const (
	// MaxFileSize is the most read of one configuration file.
	MaxFileSize = 1 << 20
	// MaxIncludeDepth is how deep includes nest.
	MaxIncludeDepth = 16
	// MaxFiles is how many configuration files are parsed in all,
	// counting a file included several times once per inclusion.
	MaxFiles = 512
	// maxCandidates bounds the paths looked up on the target.
	maxCandidates = 20000
	// maxGlob bounds the names one glob pattern expands to, and maxDirRead
	// the entries read from one directory while expanding it.
	maxGlob    = 1024
	maxDirRead = 10000
	// maxWhy and maxHosts bound what one Root accumulates.
	maxWhy   = 64
	maxHosts = 256
)

// Root is a web root found on the target.
type Root struct {
	// Path is the directory, relative to the target root and canonical
	// (symbolic links followed inside the target): "var/www/html".
	Path string
	// Why says how it was found, one entry per piece of evidence:
	// "nginx: etc/nginx/sites-enabled/default:12 root /var/www/html",
	// "apache: etc/apache2/sites-enabled/000-default.conf:3 DocumentRoot
	// /var/www/html", "tomcat: ...", "usual place", "user".
	Why []string
	// Server is the web server the root belongs to: "nginx", "apache",
	// "tomcat" or "bt-panel" (a BT-panel site directory), taken from the
	// first configuration that names it, else guessed from its place; ""
	// when unknown.
	Server string
	// Hosts are the host names served from the root (server_name,
	// ServerName, ServerAlias, Tomcat Host name and Alias), sorted, when
	// known.
	Hosts []string
}

// Find returns the web roots of src: those named by the web server
// configurations found on it, those in the usual places, and the
// directories in extra (absolute paths on the target, given by the user).
// Only existing directories are returned, each once (under its canonical
// name, with all its evidence), sorted by path; a root inside another is
// kept too.
//
// The error, when not nil, joins the problems met on the way (an
// unreadable, oversized or malformed configuration file, an include cycle,
// a bound reached). They are not fatal: the roots returned are valid all
// the same.
func Find(src source.Source, extra []string) ([]Root, error) {
	roots, _, err := find(src, extra)
	return roots, err
}

// AccessLog is an access log named by a web server's configuration, with
// the format it is written in.
type AccessLog struct {
	Path   string // root-relative
	Server string // "nginx" or "apache"
	// Format is the log format's definition as configured (nginx
	// log_format's string, Apache LogFormat's), or "" for the server's
	// default (nginx "combined"; Apache's common log format); FormatName
	// is the name the configuration used.
	Format, FormatName string
	Why                string // the directive, for people
}

// maxLogs bounds the access logs collected.
const maxLogs = 4096

// Config returns the web roots as Find does, and the access logs the
// configurations name (access_log, CustomLog, TransferLog) with their
// formats (log_format, LogFormat), so that logs kept outside /var/log are
// read too, in the format they were written in.
func Config(src source.Source, extra []string) ([]Root, []AccessLog, error) {
	return find(src, extra)
}

func find(src source.Source, extra []string) ([]Root, []AccessLog, error) {
	f := &finder{src: src, roots: map[string]*Root{}, seen: map[string]bool{},
		formats: map[string]map[string]string{"nginx": {}, "apache": {}}}
	f.nginx()
	f.apache()
	f.tomcat()
	f.usual()
	for _, p := range extra {
		f.add(candidate{path: p, why: "user"})
	}
	out := make([]Root, 0, len(f.roots))
	for _, r := range f.roots {
		sort.Strings(r.Hosts)
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	// A format is often defined after the server block that uses it (or
	// in another file): names are resolved once everything is read.
	logs := make([]AccessLog, 0, len(f.logs))
	seen := map[string]bool{}
	for _, l := range f.logs {
		if seen[l.Path] {
			continue
		}
		seen[l.Path] = true
		if l.FormatName != "" {
			if def, ok := f.formats[l.Server][l.FormatName]; ok {
				l.Format = def
			} else if l.Server == "apache" && strings.Contains(l.FormatName, "%") {
				l.Format, l.FormatName = l.FormatName, "" // CustomLog with the format inline
			}
		}
		logs = append(logs, l)
	}
	sort.Slice(logs, func(i, j int) bool { return logs[i].Path < logs[j].Path })
	return out, logs, errors.Join(f.problems...)
}

// addLog records an access log named by a configuration.
func (f *finder) addLog(l AccessLog) {
	if len(f.logs) >= maxLogs {
		f.limit(fmt.Sprintf("more than %d access logs: the rest are ignored", maxLogs))
		return
	}
	l.Path = rel(l.Path)
	f.logs = append(f.logs, l)
}

// addFormat records a named log format.
func (f *finder) addFormat(server, name, def string) {
	if m := f.formats[server]; len(m) < maxLogs {
		m[name] = short(def)
	}
}

// candidate is a path named by some evidence, not yet checked.
type candidate struct {
	path   string // absolute on the target, or root-relative
	why    string
	server string
	hosts  []string
}

type finder struct {
	src      source.Source
	roots    map[string]*Root
	problems []error
	// seen holds the canonical names of the configuration files already
	// parsed, so that the standalone vhost files are not read twice.
	seen   map[string]bool
	files  int // configuration files parsed
	nCands int // candidates looked up
	full   map[string]bool
	// logs are the access logs named, formats the named log formats per
	// server.
	logs    []AccessLog
	formats map[string]map[string]string
}

func (f *finder) problem(format string, args ...any) {
	if len(f.problems) < 1000 {
		f.problems = append(f.problems, fmt.Errorf("webroot: "+format, args...))
	}
}

// limit reports, once per kind, that a bound was reached.
func (f *finder) limit(kind string) {
	if f.full == nil {
		f.full = map[string]bool{}
	}
	if !f.full[kind] {
		f.full[kind] = true
		f.problem("%s", kind)
	}
}

// rel turns a path on the target (absolute, or relative to the root) into
// a clean root-relative name: ".." stops at the root, as in the target.
func rel(p string) string {
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	if p == "" {
		return "."
	}
	return p
}

// short cuts a configuration value for Why: a hostile file can hold a
// path of a megabyte.
func short(s string) string {
	const n = 256
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// appendHost adds h to hosts, up to maxHosts, skipping duplicates.
func appendHost(hosts []string, h string) []string {
	if h == "" || len(hosts) >= maxHosts || slices.Contains(hosts, h) {
		return hosts
	}
	return append(hosts, short(h))
}

// candidatesFull reports whether no more candidates are taken (and says so once).
func (f *finder) candidatesFull() bool {
	if f.nCands >= maxCandidates {
		f.limit(fmt.Sprintf("more than %d candidate roots: the rest are ignored", maxCandidates))
		return true
	}
	return false
}

// abs is the absolute path on the target of a root-relative name.
func abs(name string) string {
	if name == "." {
		return "/"
	}
	return "/" + name
}

// stripVars cuts p (absolute) at its first element holding a variable.
// It returns "" when nothing useful is left.
func stripVars(p string) string {
	if !strings.Contains(p, "$") {
		return p
	}
	if !strings.HasPrefix(p, "/") {
		return ""
	}
	els := strings.Split(p, "/")
	var keep []string
	for _, el := range els {
		if strings.Contains(el, "$") {
			break
		}
		keep = append(keep, el)
	}
	q := path.Clean("/" + strings.Join(keep, "/"))
	if q == "/" {
		return ""
	}
	return q
}

// targetPath makes value (a path from a configuration) absolute against
// base and strips its variables; "" means unusable.
func targetPath(value, base string) string {
	if value == "" || strings.HasPrefix(value, "$") || strings.IndexByte(value, 0) >= 0 {
		return ""
	}
	if !strings.HasPrefix(value, "/") {
		if base == "" {
			return ""
		}
		value = path.Join(base, value)
	}
	return stripVars(path.Clean(value))
}

// add checks a candidate and records it when it is an existing directory.
func (f *finder) add(c candidate) {
	if c.path == "" {
		return
	}
	if f.candidatesFull() {
		return
	}
	f.nCands++
	canon, err := f.src.Resolve(rel(c.path))
	if err != nil {
		return
	}
	fi, err := f.src.Stat(canon)
	if err != nil || !fi.IsDir() {
		return
	}
	r := f.roots[canon]
	if r == nil {
		r = &Root{Path: canon}
		f.roots[canon] = r
	}
	if len(r.Why) < maxWhy && !slices.Contains(r.Why, c.why) {
		r.Why = append(r.Why, c.why)
	}
	if r.Server == "" {
		r.Server = c.server
	}
	for _, h := range c.hosts {
		r.Hosts = appendHost(r.Hosts, h)
	}
}

// hasMeta reports whether a path element is a glob pattern.
func hasMeta(s string) bool { return strings.ContainsAny(s, "*?[") }

// glob expands the absolute pattern p on the target to root-relative
// names, in lexical order, the way shell globs do (each element can be a
// pattern; a literal element is not checked for existence). It stops at
// maxGlob names.
func (f *finder) glob(p string) ([]string, error) {
	names := []string{"."}
	for _, el := range strings.Split(strings.Trim(path.Clean("/"+p), "/"), "/") {
		if el == "" {
			continue
		}
		var next []string
		for _, dir := range names {
			if !hasMeta(el) {
				next = append(next, path.Join(dir, el))
				continue
			}
			if _, err := path.Match(el, ""); err != nil {
				return nil, fmt.Errorf("glob %q: %w", p, err)
			}
			ents, err := f.readDir(dir)
			if err != nil {
				continue
			}
			for _, e := range ents {
				if ok, _ := path.Match(el, e); ok && (!strings.HasPrefix(e, ".") || strings.HasPrefix(el, ".")) {
					next = append(next, path.Join(dir, e))
				}
			}
		}
		if len(next) > maxGlob {
			f.limit(fmt.Sprintf("glob %q matches more than %d names: the rest are ignored", p, maxGlob))
			next = next[:maxGlob]
		}
		names = next
		if len(names) == 0 {
			break
		}
	}
	sort.Strings(names)
	return names, nil
}

// readDir returns the sorted entry names of dir, at most maxDirRead.
func (f *finder) readDir(dir string) ([]string, error) {
	d, err := f.src.Open(dir)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	rd, ok := d.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: dir, Err: errors.New("not a directory")}
	}
	var names []string
	for len(names) < maxDirRead {
		ents, err := rd.ReadDir(256)
		for _, e := range ents {
			names = append(names, e.Name())
		}
		if err == io.EOF || len(ents) == 0 {
			break
		}
		if err != nil {
			return names, err
		}
	}
	if len(names) > maxDirRead {
		names = names[:maxDirRead]
	}
	sort.Strings(names)
	return names, nil
}

// isDir reports whether name is a directory (following links).
func (f *finder) isDir(name string) bool {
	fi, err := f.src.Stat(name)
	return err == nil && fi.IsDir()
}

// readConfig reads a configuration file, counting it against MaxFiles.
// Oversized files give their first MaxFileSize bytes and a problem. ok is
// false when there is nothing to parse.
func (f *finder) readConfig(name string) (data []byte, ok bool) {
	if f.files >= MaxFiles {
		f.limit(fmt.Sprintf("more than %d configuration files: the rest are not read", MaxFiles))
		return nil, false
	}
	f.files++
	data, err := source.ReadFileLimit(f.src, name, MaxFileSize)
	if err != nil {
		f.problem("%s: %w", name, err)
		if !errors.Is(err, source.ErrTooLarge) {
			return nil, false
		}
	}
	return data, true
}

// usualPlace is a glob of directories that often are web roots.
type usualPlace struct {
	pattern, server string
}

var usualPlaces = []usualPlace{
	{"/var/www", ""},
	{"/var/www/*", ""},
	{"/usr/share/nginx/html", "nginx"},
	{"/usr/local/nginx/html", "nginx"},
	{"/srv/www", ""},
	{"/srv/http", ""},
	{"/home/*/public_html", "apache"},
	{"/home/*/www", ""},
	{"/www/wwwroot/*", "bt-panel"},
	{"/data/www", ""},
	{"/data/wwwroot", ""},
	{"/opt/lampp/htdocs", "apache"},
	{"/usr/local/apache2/htdocs", "apache"},
	{"/var/lib/tomcat*/webapps", "tomcat"},
	{"/usr/share/tomcat*/webapps", "tomcat"},
	{"/opt/tomcat*/webapps", "tomcat"},
	{"/usr/local/tomcat*/webapps", "tomcat"},
}

func (f *finder) usual() {
	for _, u := range usualPlaces {
		names, err := f.glob(u.pattern)
		if err != nil {
			f.problem("%w", err)
			continue
		}
		for _, n := range names {
			f.add(candidate{path: n, why: "usual place", server: u.server})
		}
	}
}

// confPrefix guesses the installation prefix of a configuration file:
// the parent of a "conf" directory (/usr/local/nginx/conf/nginx.conf gives
// /usr/local/nginx), else the file's directory (/etc/nginx).
func confPrefix(name string) string {
	dir := path.Dir(abs(name))
	if path.Base(dir) == "conf" {
		return path.Dir(dir)
	}
	return dir
}
