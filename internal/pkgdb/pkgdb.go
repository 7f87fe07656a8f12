// Package pkgdb reads a target's package database: which installed package
// owns a file, and the checksum the package shipped for it.
//
// This is how host checks tell the operating system's own files from what an
// intruder added or replaced: a file a package owns, with the package's
// checksum, is not a finding; a file in a system path that no package owns,
// or whose checksum differs, is. Debian's dpkg database is read (status,
// info/*.list, info/*.md5sums, info/*.conffiles, diversions). RPM databases
// (BerkeleyDB, NDB, SQLite) are not read yet: on such targets ownership is
// unknown and checks say so rather than guess.
package pkgdb

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// DB is a loaded package database. The zero value is an empty database.
type DB struct {
	Format   string // "dpkg", or "" when none was found
	Packages map[string]*Package
	owner    map[string]string            // absolute path -> package
	md5      map[string]string            // absolute path -> md5 hex of the file there
	md5Pkg   map[string]string            // absolute path -> package that shipped md5[path]
	dupSums  map[string]map[string]string // paths shipped by several packages: package -> md5
	conf     map[string]bool              // conffiles: admins edit them, a changed hash is normal
	// Problems lists files of the database that could not be read.
	Problems []string
}

// Package is one installed package.
type Package struct {
	Name, Version, Arch, Status string
}

// maxFile bounds one database file.
const maxFile = 256 << 20

// Load reads the package database of the target root fsys (names relative
// to the root). A target without one gives an empty DB and no error.
func Load(fsys fs.FS) (*DB, error) {
	db := &DB{Packages: map[string]*Package{}, owner: map[string]string{}, md5: map[string]string{}, md5Pkg: map[string]string{}, dupSums: map[string]map[string]string{}, conf: map[string]bool{}}
	status, err := readLimit(fsys, "var/lib/dpkg/status")
	if errors.Is(err, fs.ErrNotExist) {
		return db, nil
	}
	if err != nil {
		return db, fmt.Errorf("pkgdb: %w", err)
	}
	db.Format = "dpkg"
	for _, p := range parseStatus(status) {
		if strings.HasSuffix(p.Status, " installed") || strings.HasSuffix(p.Status, " half-configured") || strings.HasSuffix(p.Status, " unpacked") {
			db.Packages[p.Name] = p
		}
	}
	ents, err := fs.ReadDir(fsys, "var/lib/dpkg/info")
	if err != nil {
		db.Problems = append(db.Problems, "var/lib/dpkg/info: "+err.Error())
	}
	for _, e := range ents {
		n := e.Name()
		ext := path.Ext(n)
		pkg := strings.Clone(strings.TrimSuffix(n, ext))
		if i := strings.IndexByte(pkg, ':'); i >= 0 {
			pkg = pkg[:i] // multiarch: libc6:amd64
		}
		if ext != ".list" && ext != ".md5sums" && ext != ".conffiles" {
			continue
		}
		b, err := readLimit(fsys, "var/lib/dpkg/info/"+n)
		if err != nil {
			db.Problems = append(db.Problems, n+": "+err.Error())
			continue
		}
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimRight(line, "\r")
			if line == "" {
				continue
			}
			switch ext {
			case ".list":
				// Clones, so that the file's buffer is not kept alive by
				// substrings: a big system lists 10^5 to 10^6 paths.
				db.owner[strings.Clone(line)] = pkg
			case ".md5sums":
				// "<md5>  <path without leading slash>"
				if len(line) > 34 && line[32] == ' ' {
					p := "/" + strings.TrimLeft(line[33:], " ")
					sum := strings.Clone(line[:32])
					if first, ok := db.md5Pkg[p]; ok && first != pkg {
						// Rare (diversions): keep every package's sum.
						if db.dupSums[p] == nil {
							db.dupSums[p] = map[string]string{first: db.md5[p]}
						}
						db.dupSums[p][pkg] = sum
					}
					db.md5[p], db.md5Pkg[p] = sum, pkg
				}
			case ".conffiles":
				f := strings.Fields(line)
				if len(f) > 0 {
					db.conf[strings.Clone(f[0])] = true
				}
			}
		}
	}
	// dpkg-divert: the diverted package's file is installed at "to"; the
	// path "from" holds the diverting package's file (or a local one, ":").
	// Both packages may list "from", so ownership and checksums are sorted
	// out per package here.
	if b, err := readLimit(fsys, "var/lib/dpkg/diversions"); err == nil {
		lines := strings.Split(string(b), "\n")
		for i := 0; i+2 < len(lines); i += 3 {
			from, to, by := lines[i], lines[i+1], lines[i+2]
			sums := db.dupSums[from]
			if sums == nil {
				if sum, ok := db.md5[from]; ok {
					sums = map[string]string{db.md5Pkg[from]: sum}
				}
			}
			for pkg, sum := range sums {
				if pkg != by {
					db.owner[to], db.md5[to] = pkg, sum
				}
			}
			if _, ok := db.owner[to]; !ok {
				if pkg, ok := db.owner[from]; ok && pkg != by {
					db.owner[to] = pkg
				}
			}
			if by == ":" {
				delete(db.owner, from)
				delete(db.md5, from)
				continue
			}
			db.owner[from] = by
			if sum, ok := sums[by]; ok {
				db.md5[from] = sum
			} else {
				delete(db.md5, from)
			}
		}
	}
	db.md5Pkg, db.dupSums = nil, nil
	return db, nil
}

func readLimit(fsys fs.FS, name string) ([]byte, error) {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if fi.Size() > maxFile {
		return nil, fmt.Errorf("%s: %d bytes, over the limit", name, fi.Size())
	}
	return fs.ReadFile(fsys, name)
}

func parseStatus(b []byte) []*Package {
	var out []*Package
	s := bufio.NewScanner(bytes.NewReader(b))
	s.Buffer(make([]byte, 0, 64<<10), 1<<20)
	cur := &Package{}
	flush := func() {
		if cur.Name != "" {
			out = append(out, cur)
		}
		cur = &Package{}
	}
	for s.Scan() {
		line := s.Text()
		if line == "" {
			flush()
			continue
		}
		k, v, ok := strings.Cut(line, ": ")
		if !ok {
			continue
		}
		switch k {
		case "Package":
			cur.Name = v
		case "Version":
			cur.Version = v
		case "Architecture":
			cur.Arch = v
		case "Status":
			cur.Status = v
		}
	}
	flush()
	return out
}

// usrMerged are top-level directories that merged-/usr systems link into
// /usr: a package may list /bin/ls while the file is at /usr/bin/ls.
var usrMerged = []string{"bin", "sbin", "lib", "lib32", "lib64", "libx32"}

// aliases returns p and its merged-/usr twin.
func aliases(p string) []string {
	for _, d := range usrMerged {
		if strings.HasPrefix(p, "/"+d+"/") {
			return []string{p, "/usr" + p}
		}
		if strings.HasPrefix(p, "/usr/"+d+"/") {
			return []string{p, strings.TrimPrefix(p, "/usr")}
		}
	}
	return []string{p}
}

// Owner returns the package that owns the absolute path p.
func (db *DB) Owner(p string) (string, bool) {
	if db == nil {
		return "", false
	}
	for _, a := range aliases(p) {
		if pkg, ok := db.owner[a]; ok {
			return pkg, true
		}
	}
	return "", false
}

// MD5 returns the checksum the owning package shipped for p.
func (db *DB) MD5(p string) (string, bool) {
	if db == nil {
		return "", false
	}
	for _, a := range aliases(p) {
		if s, ok := db.md5[a]; ok {
			return s, true
		}
	}
	return "", false
}

// Conffile reports a configuration file, which administrators may edit.
func (db *DB) Conffile(p string) bool {
	if db == nil {
		return false
	}
	for _, a := range aliases(p) {
		if db.conf[a] {
			return true
		}
	}
	return false
}

// Known reports whether a package database was found.
func (db *DB) Known() bool { return db != nil && db.Format != "" }

// Files returns the number of owned paths.
func (db *DB) Files() int {
	if db == nil {
		return 0
	}
	return len(db.owner)
}
