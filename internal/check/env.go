package check

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/yingji/yingji/internal/pkgdb"
	"github.com/yingji/yingji/internal/snapshot"
	"github.com/yingji/yingji/internal/source"
	"github.com/yingji/yingji/internal/targetfs"
	"github.com/yingji/yingji/internal/yara"
)

// env holds what several checks need, computed once per run.
type env struct {
	ctx  context.Context
	src  source.Source
	now  time.Time
	yara *yara.Rules
	// webRoots are the user's extra web roots (Options.WebRoots).
	webRoots []string
	// webBaselines are clean copies of web roots (Options.WebBaselines).
	webBaselines map[string]fs.FS

	snapOnce sync.Once
	snap     *snapshot.Snapshot
	snapErr  error

	acctOnce sync.Once
	accounts []Account
	acctErr  error

	pkgOnce sync.Once
	pkgs    *pkgdb.DB

	memo sync.Map // key -> *memoEntry
}

type memoEntry struct {
	once sync.Once
	v    any
}

// Memo computes fn once per run for key and returns its value to every
// check that asks: one walk of the file system or one parse of a database
// serves several checks.
func (c *Context) Memo(key string, fn func() any) any {
	e, _ := c.env.memo.LoadOrStore(key, &memoEntry{})
	m := e.(*memoEntry)
	m.once.Do(func() { m.v = fn() })
	return m.v
}

func newEnv(ctx context.Context, src source.Source, now time.Time) *env {
	return &env{ctx: ctx, src: src, now: now}
}

func (e *env) snapshot() (*snapshot.Snapshot, error) {
	e.snapOnce.Do(func() { e.snap, e.snapErr = e.src.Volatile(e.ctx) })
	return e.snap, e.snapErr
}

// cannotRun says why a check cannot run on this source, or "".
func (e *env) cannotRun(c *Check) string {
	switch c.Needs {
	case NeedsLive:
		if e.src.Kind() != source.KindLive {
			return "needs the live host; this is " + string(e.src.Kind())
		}
	case NeedsVolatile:
		if _, err := e.snapshot(); err != nil {
			return "needs volatile state (processes, sockets, modules): " + err.Error()
		}
	}
	return ""
}

// Snapshot returns the volatile state (for checks that declared NeedsVolatile
// or NeedsLive).
func (c *Context) Snapshot() (*snapshot.Snapshot, error) { return c.env.snapshot() }

// Account is one line of /etc/passwd joined with its /etc/shadow entry.
type Account struct {
	Name     string
	Password string // the passwd field: "x" when the hash is in shadow
	UID, GID int
	GECOS    string
	Home     string
	Shell    string
	Line     int // line in /etc/passwd
	// From /etc/shadow, when readable: the hash field (possibly redacted
	// to its scheme by the collector, e.g. "$6$REDACTED") and the day of
	// the last change.
	Shadow     string
	HasShadow  bool
	LastChange int // days since 1970-01-01; -1 unknown
}

// LoginShell reports a shell that allows interactive login.
func (a *Account) LoginShell() bool {
	s := path.Base(a.Shell)
	return a.Shell != "" && s != "nologin" && s != "false" && s != "sync" && s != "shutdown" && s != "halt"
}

// Accounts returns the target's accounts.
func (c *Context) Accounts() ([]Account, error) {
	e := c.env
	e.acctOnce.Do(func() {
		b, err := source.ReadFileLimit(e.src, "etc/passwd", 16<<20)
		if err != nil {
			e.acctErr = err
			return
		}
		e.accounts = ParsePasswd(string(b))
		if sb, err := source.ReadFileLimit(e.src, "etc/shadow", 16<<20); err == nil {
			sh := map[string][]string{}
			for _, line := range strings.Split(string(sb), "\n") {
				f := strings.Split(line, ":")
				if len(f) >= 2 {
					sh[f[0]] = f
				}
			}
			for i := range e.accounts {
				a := &e.accounts[i]
				if f, ok := sh[a.Name]; ok {
					a.Shadow, a.HasShadow = f[1], true
					if len(f) > 2 {
						if d, err := strconv.Atoi(f[2]); err == nil {
							a.LastChange = d
						}
					}
				}
			}
		}
	})
	return e.accounts, e.acctErr
}

// ParsePasswd parses /etc/passwd content; malformed lines are skipped.
func ParsePasswd(s string) []Account {
	var out []Account
	for i, line := range strings.Split(s, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, ":")
		if len(f) < 7 {
			continue
		}
		uid, err1 := strconv.Atoi(f[2])
		gid, err2 := strconv.Atoi(f[3])
		if err1 != nil || err2 != nil {
			continue
		}
		out = append(out, Account{Name: f[0], Password: f[1], UID: uid, GID: gid, GECOS: f[4], Home: f[5],
			Shell: strings.Join(f[6:], ":"), Line: i + 1, LastChange: -1})
	}
	return out
}

// Packages returns the target's package database (empty when there is none).
func (c *Context) Packages() *pkgdb.DB {
	e := c.env
	e.pkgOnce.Do(func() {
		db, err := pkgdb.Load(e.src)
		if err != nil || db == nil {
			db = &pkgdb.DB{}
		}
		e.pkgs = db
	})
	return e.pkgs
}

// Ownership is what the package database says of a file.
type Ownership int

// Ownership values.
const (
	// Unknown: there is no package database, or the file's content could
	// not be read to compare.
	Unknown Ownership = iota
	// Unowned: no package ships this path.
	Unowned
	// Pristine: a package ships it and its MD5 matches (or the package
	// ships no checksum for it and it is owned).
	Pristine
	// Modified: a package ships it and its content differs.
	Modified
	// Edited: a configuration file (conffile) changed by an administrator,
	// which is normal.
	Edited
)

// Owned judges name (relative to the root) against the package database:
// the owning package and whether the file is as shipped.
func (c *Context) Owned(name string) (pkg string, o Ownership) {
	db := c.Packages()
	if !db.Known() {
		return "", Unknown
	}
	abs := "/" + strings.TrimPrefix(name, "/")
	pkg, ok := db.Owner(abs)
	if !ok {
		// The file may be reached through a link (merged /usr, alternatives).
		if real, err := c.Resolve(name); err == nil && real != strings.TrimPrefix(name, "/") {
			if pkg, ok = db.Owner("/" + real); ok {
				abs = "/" + real
			}
		}
		if !ok {
			return "", Unowned
		}
	}
	want, ok := db.MD5(abs)
	if !ok {
		return pkg, Pristine
	}
	f, err := c.env.src.Open(strings.TrimPrefix(name, "/"))
	if err != nil {
		return pkg, Unknown
	}
	defer f.Close()
	h := md5.New()
	if _, err := io.Copy(h, io.LimitReader(f, 1<<30)); err != nil {
		return pkg, Unknown
	}
	if hex.EncodeToString(h.Sum(nil)) == want {
		return pkg, Pristine
	}
	if db.Conffile(abs) {
		return pkg, Edited
	}
	return pkg, Modified
}

// Resolve follows links inside the target and returns the canonical name.
func (c *Context) Resolve(name string) (string, error) { return c.env.src.Resolve(name) }

// StatOf returns the target metadata of name (not following a final link).
func (c *Context) StatOf(name string) (*targetfs.Stat, error) {
	fi, err := c.env.src.Lstat(name)
	if err != nil {
		return nil, err
	}
	if st := targetfs.StatOf(fi); st != nil {
		return st, nil
	}
	return nil, errors.New("no metadata")
}

// Glob expands a pattern of root-relative names where '*', '?' and '[...]'
// match within one element. Names are sorted; errors (missing directories)
// give fewer names.
func (c *Context) Glob(pattern string) []string {
	names := []string{"."}
	for _, comp := range strings.Split(strings.TrimPrefix(pattern, "/"), "/") {
		var next []string
		for _, dir := range names {
			if !strings.ContainsAny(comp, "*?[") {
				n := join(dir, comp)
				if c.Exists(n) {
					next = append(next, n)
				}
				continue
			}
			ents, err := c.env.src.ReadDir(dir)
			if err != nil {
				continue
			}
			for _, e := range ents {
				if ok, _ := path.Match(comp, e.Name()); ok {
					next = append(next, join(dir, e.Name()))
				}
			}
		}
		names = next
	}
	sort.Strings(names)
	return names
}

// Walk visits every entry under dir (not following links), calling fn with
// the root-relative name and metadata. Unreadable directories are skipped.
// It stops after max entries (0: 1,000,000) to bound hostile trees.
func (c *Context) Walk(dir string, max int, fn func(name string, st *targetfs.Stat) error) error {
	if max <= 0 {
		max = 1_000_000
	}
	n := 0
	err := fs.WalkDir(c.env.src, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if n++; n > max {
			return errWalkLimit
		}
		if err := c.Err(); err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		st := targetfs.StatOf(fi)
		if st == nil {
			return nil
		}
		return fn(p, st)
	})
	if errors.Is(err, errWalkLimit) {
		return nil
	}
	return err
}

var errWalkLimit = errors.New("walk limit")

func join(dir, name string) string {
	if dir == "." {
		return name
	}
	return dir + "/" + name
}

// Home is an account's home directory on the target.
type Home struct {
	User string
	UID  int
	Dir  string // root-relative ("root", "home/alice")
}

// Homes returns the home directories of all accounts (with an existing
// directory) and every directory under /home, including those of deleted
// accounts (User is then "").
func (c *Context) Homes() []Home {
	seen := map[string]bool{}
	var out []Home
	accts, _ := c.Accounts()
	for _, a := range accts {
		d := strings.TrimPrefix(path.Clean("/"+a.Home), "/")
		if d == "" || seen[d] {
			continue
		}
		if fi, err := c.env.src.Stat(d); err == nil && fi.IsDir() {
			seen[d] = true
			out = append(out, Home{User: a.Name, UID: a.UID, Dir: d})
		}
	}
	if ents, err := c.env.src.ReadDir("home"); err == nil {
		for _, e := range ents {
			d := "home/" + e.Name()
			if e.IsDir() && !seen[d] {
				seen[d] = true
				out = append(out, Home{UID: -1, Dir: d})
			}
		}
	}
	return out
}
