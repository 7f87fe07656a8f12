package pkgdb

import (
	"io/fs"
	"os"
	"testing"
	"testing/fstest"
)

func TestLoad(t *testing.T) {
	fsys := fstest.MapFS{
		"var/lib/dpkg/status": {Data: []byte("Package: coreutils\nStatus: install ok installed\nVersion: 9.1-1\nArchitecture: amd64\n\n" +
			"Package: gone\nStatus: deinstall ok config-files\nVersion: 1\n\nPackage: libc6\nStatus: install ok installed\nVersion: 2.36\n")},
		"var/lib/dpkg/info/coreutils.list":        {Data: []byte("/.\n/bin\n/bin/ls\n/usr/bin/id\n")},
		"var/lib/dpkg/info/coreutils.md5sums":     {Data: []byte("0123456789abcdef0123456789abcdef  bin/ls\nfedcba9876543210fedcba9876543210  usr/bin/id\n")},
		"var/lib/dpkg/info/libc6:amd64.list":      {Data: []byte("/etc/ld.so.conf.d/x86_64-linux-gnu.conf\n")},
		"var/lib/dpkg/info/libc6:amd64.conffiles": {Data: []byte("/etc/ld.so.conf.d/x86_64-linux-gnu.conf\n")},
		// The diverting package also ships /usr/bin/id.
		"var/lib/dpkg/info/wrapper.list":    {Data: []byte("/usr/bin/id\n")},
		"var/lib/dpkg/info/wrapper.md5sums": {Data: []byte("11111111111111111111111111111111  usr/bin/id\n")},
		"var/lib/dpkg/diversions":           {Data: []byte("/usr/bin/id\n/usr/bin/id.real\nwrapper\n")},
	}
	db, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if !db.Known() || len(db.Packages) != 2 || db.Packages["coreutils"].Version != "9.1-1" {
		t.Fatalf("packages %+v", db.Packages)
	}
	for p, want := range map[string]string{"/bin/ls": "coreutils", "/usr/bin/ls": "coreutils", "/usr/bin/id.real": "coreutils", "/usr/bin/id": "wrapper", "/etc/ld.so.conf.d/x86_64-linux-gnu.conf": "libc6"} {
		if got, ok := db.Owner(p); !ok || got != want {
			t.Errorf("Owner(%s) = %q, %v; want %q", p, got, ok, want)
		}
	}
	if _, ok := db.Owner("/usr/bin/evil"); ok {
		t.Error("unowned file owned")
	}
	if s, ok := db.MD5("/usr/bin/ls"); !ok || s != "0123456789abcdef0123456789abcdef" {
		t.Errorf("MD5 via usr-merge alias: %q %v", s, ok)
	}
	if s, _ := db.MD5("/usr/bin/id"); s != "11111111111111111111111111111111" {
		t.Errorf("diverting package's checksum at the diverted path: %q", s)
	}
	if s, _ := db.MD5("/usr/bin/id.real"); s != "fedcba9876543210fedcba9876543210" {
		t.Errorf("diverted package's checksum at its new path: %q", s)
	}
	if !db.Conffile("/etc/ld.so.conf.d/x86_64-linux-gnu.conf") {
		t.Error("conffile not known")
	}
	empty, err := Load(fstest.MapFS{})
	if err != nil || empty.Known() {
		t.Fatalf("empty root: %v %v", empty, err)
	}
}

func TestLiveDatabase(t *testing.T) {
	// This machine is Debian: its own database must load, and /bin/sh
	// must be owned (by dash) through the merged-/usr alias or directly.
	db, err := Load(osRoot{})
	if err != nil {
		t.Fatal(err)
	}
	if !db.Known() {
		t.Skip("not a dpkg system")
	}
	if _, ok := db.Owner("/usr/bin/dpkg"); !ok {
		t.Errorf("/usr/bin/dpkg not owned; %d files known, problems %v", db.Files(), db.Problems)
	}
}

type osRoot struct{}

func (osRoot) Open(name string) (fs.File, error) { return os.DirFS("/").Open(name) }
