// Package demo builds the demonstration compromised host of
// `yingji triage --demo`: a realistic Debian 12 web server of a fictional
// customer, laid out as a directory tree (a target root), on which an
// intruder brute-forced SSH, planted a miner with cron and systemd
// persistence, an ld.so.preload process hider, a uid-0 backdoor account, an
// SSH key, a PHP webshell and a hidden gambling dark-link block in the home
// page. A newcomer sees the whole job of yingji without a hacked server.
//
// Everything is written by the project and is inert data, never real
// malware: the "miner" and the "library" are small stand-in files marked
// "yingji demo stand-in, not a real program", the webshell is never run,
// and the attacker's infrastructure lies in documentation address ranges
// (203.0.113.0/24, 198.51.100.0/24) and under the .invalid domain.
//
// Build is deterministic: the same now gives the same files, bytes and
// modification times, whatever the zone of the machine. The host lives in
// China Standard Time (UTC+8, /etc/localtime): its logs are written in that
// zone, as yingji reads them.
package demo

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Host describes the demo host written by Build.
type Host struct {
	Customer, CustomerZh string // the fictional customer
	Hostname             string
	OS                   string // PRETTY_NAME of /etc/os-release
	// AttackAt is when the intruder's brute force succeeded.
	AttackAt time.Time
	// Attackers are the intruder's source addresses.
	Attackers []string
	// Planted are the intruder's traces, in the order of the story.
	Planted []Item
	// Clean lists the paths (absolute on the target, "/etc/passwd") of the
	// host's own files: what a scan must not report above low, except
	// where a planted item lives inside the same file (Item.Paths).
	Clean []string
}

// Item is one planted trace.
type Item struct {
	Name, NameZh string
	// Paths are the target paths of the trace ("/etc/ld.so.preload"); for
	// a trace in a log, the log file.
	Paths []string
	// Rules are the rules expected to report the trace with evidence
	// naming one of Paths: check ids ("persistence.ld_so_preload") and,
	// for the log check logs.detections, the ids of its log rules
	// ("log.ssh_bruteforce"), which its findings carry.
	Rules []string
}

// Story facts shared by the builders.
const (
	customer   = "Example Tech Co., Ltd."
	customerZh = "示例科技有限公司"
	hostname   = "web01"
	domain     = "www.example-tech.example"
	admin      = "zhangwei"      // the customer's administrator, UID 1000
	officeIP   = "192.0.2.10"    // the customer's office
	attackerIP = "203.0.113.45"  // brute force and SSH logins
	helperIP   = "198.51.100.23" // second brute-force source, webshell user
	minerDir   = "/var/tmp/.kworker"
	minerBin   = minerDir + "/kworkerds"
	minerConf  = minerDir + "/config.json"
	poolURL    = "stratum+tcp://pool.minexmr.invalid:4444"
	poolTLSURL = "stratum+ssl://xmr.pool-backup.invalid:14433"
	preloadLib = "/usr/local/lib/.libprocesshider.so"
	webshell   = "/var/www/html/uploads/.config.php"
	backdoor   = "sysadm" // uid-0 account
	dropURL    = "http://203.0.113.45:8080/xmr.sh"
	standIn    = "yingji demo stand-in, not a real program"
)

// timeline holds the story's times, all derived from now.
type timeline struct {
	now       time.Time
	installed time.Time // the system was installed
	updated   time.Time // last apt upgrade
	site      time.Time // the web site was last published
	logStart  time.Time // the current logs start (weekly rotation)
	bruteFrom time.Time // first failed password
	attack    time.Time // Accepted password for root
	webshell  time.Time // the webshell was written
	darkLink  time.Time // the home page was injected (through the webshell)
	keyLogin  time.Time // the attacker's later login with the planted key
	// cmd: when each command of the intruder's sessions ran (session1,
	// session2).
	cmd map[string]time.Time
}

// zone is the host's time zone (Asia/Shanghai, which has kept UTC+8
// without daylight saving since 1991): its logs are written in it.
var zone = time.FixedZone("CST", 8*3600)

func newTimeline(now time.Time) *timeline {
	now = now.Truncate(time.Second).In(zone)
	loc := zone
	day := func(back int, h, m, s int) time.Time {
		y, mo, d := now.AddDate(0, 0, -back).Date()
		return time.Date(y, mo, d, h, m, s, 0, loc)
	}
	t := &timeline{now: now}
	t.installed = day(214, 10, 41, 7)
	t.updated = day(23, 9, 52, 30)
	t.site = day(41, 16, 20, 3)
	t.logStart = day(6, 0, 0, 0)
	t.bruteFrom = day(2, 2, 13, 7)
	t.attack = day(2, 2, 34, 51)
	t.keyLogin = day(1, 21, 7, 12)
	t.darkLink = day(1, 21, 16, 48)
	t.cmd = sessionTimes(t.attack, t.keyLogin)
	t.webshell = t.cmd["webshell"]
	return t
}

// builder writes the tree.
type builder struct {
	root string
	t    *timeline
	// pkgs: package -> owned absolute paths (files; directories are
	// derived), for the dpkg database.
	pkgs  map[string][]string
	conf  map[string]bool // conffiles
	clean map[string]bool // the host's own files
	// times are applied at the end, deepest first, so that writing a
	// file does not move its directory's time afterwards.
	times map[string]time.Time
	// born: when each file or link was created (a file rewritten in
	// place keeps its first time); directories take their times from it.
	born map[string]time.Time
}

// Build writes the demo host under root (an empty or missing directory) as
// it would look at time now, the attack having happened in the days before.
// It returns what was planted. Nothing is written outside root; symbolic
// links are relative and stay inside it.
func Build(root string, now time.Time) (*Host, error) {
	if root == "" {
		return nil, errors.New("demo: empty root")
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if ents, err := os.ReadDir(root); err == nil && len(ents) > 0 {
		return nil, fmt.Errorf("demo: %s is not empty", root)
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	b := &builder{root: root, t: newTimeline(now), pkgs: map[string][]string{}, conf: map[string]bool{},
		clean: map[string]bool{}, times: map[string]time.Time{}, born: map[string]time.Time{}}
	h := &Host{Customer: customer, CustomerZh: customerZh, Hostname: hostname, OS: osPretty,
		AttackAt: b.t.attack, Attackers: []string{attackerIP, helperIP}}
	steps := []func(*Host) error{b.system, b.website, b.logs, b.attack}
	for _, step := range steps {
		if err := step(h); err != nil {
			return nil, fmt.Errorf("demo: %w", err)
		}
	}
	if err := b.dpkg(); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if err := b.applyTimes(); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	planted := map[string]bool{}
	for _, it := range h.Planted {
		for _, p := range it.Paths {
			planted[p] = true
		}
	}
	for p := range b.clean {
		if !planted[p] {
			h.Clean = append(h.Clean, p)
		}
	}
	sort.Strings(h.Clean)
	return h, nil
}

// path returns the host path of a target path.
func (b *builder) path(name string) string {
	return filepath.Join(b.root, filepath.FromSlash(strings.TrimPrefix(name, "/")))
}

// mkdir creates target directories (0755); applyTimes dates them.
func (b *builder) mkdir(names ...string) error {
	for _, n := range names {
		if err := os.MkdirAll(b.path(n), 0o755); err != nil {
			return err
		}
	}
	return nil
}

// file writes a file of the host's own with mode and modification time;
// pkg, when not empty, owns it (conffile when under /etc).
func (b *builder) file(pkg, name, content string, mode os.FileMode, mtime time.Time) error {
	if err := b.write(name, []byte(content), mode, mtime); err != nil {
		return err
	}
	b.clean[name] = true
	if pkg != "" {
		b.pkgs[pkg] = append(b.pkgs[pkg], name)
		if strings.HasPrefix(name, "/etc/") {
			b.conf[name] = true
		}
	}
	return nil
}

// write writes a file with mode and modification time, creating its
// directories. The path must stay inside the root.
func (b *builder) write(name string, content []byte, mode os.FileMode, mtime time.Time) error {
	p := b.path(name)
	if !strings.HasPrefix(p, b.root+string(filepath.Separator)) {
		return fmt.Errorf("%s: outside the root", name)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, content, mode.Perm()); err != nil {
		return err
	}
	if err := os.Chmod(p, mode); err != nil {
		return err
	}
	b.times[merged(name)] = mtime
	if _, ok := b.born[merged(name)]; !ok {
		b.born[merged(name)] = mtime
	}
	return nil
}

// merged returns where a path lies on this merged-/usr system: /lib/x is
// /usr/lib/x (the root's lib is a link to usr/lib).
func merged(name string) string {
	for _, d := range []string{"/bin/", "/sbin/", "/lib/", "/lib64/"} {
		if strings.HasPrefix(name, d) {
			return "/usr" + name
		}
	}
	return name
}

// link creates the symbolic link name -> target at time at; target must
// be relative and resolve inside the root.
func (b *builder) link(target, name string, at time.Time) error {
	if filepath.IsAbs(target) {
		return fmt.Errorf("%s: absolute link target %s", name, target)
	}
	resolved := filepath.Join(filepath.Dir(b.path(name)), target)
	if resolved != b.root && !strings.HasPrefix(resolved, b.root+string(filepath.Separator)) {
		return fmt.Errorf("%s: link target %s leaves the root", name, target)
	}
	if err := os.MkdirAll(filepath.Dir(b.path(name)), 0o755); err != nil {
		return err
	}
	b.born[merged("/"+strings.TrimPrefix(name, "/"))] = at
	return os.Symlink(target, b.path(name))
}

// applyTimes sets the modification times recorded for files, then gives
// each directory, deepest first, the time its last entry was created (as
// on a real system: writing into a file does not change its directory)
// or, when it has none, the install time. Links are not followed (their
// own times are left as they are).
func (b *builder) applyTimes() error {
	var dirs []string
	err := filepath.WalkDir(b.root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			dirs = append(dirs, p)
		case d.Type().IsRegular():
			t, ok := b.times[b.rel(p)]
			if !ok {
				return fmt.Errorf("%s: no time recorded", b.rel(p))
			}
			return os.Chtimes(p, t, t)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Slice(dirs, func(i, j int) bool {
		di, dj := strings.Count(dirs[i], string(filepath.Separator)), strings.Count(dirs[j], string(filepath.Separator))
		if di != dj {
			return di > dj
		}
		return dirs[i] < dirs[j]
	})
	for _, d := range dirs {
		ents, err := os.ReadDir(d)
		if err != nil {
			return err
		}
		// A directory is born just before its first entry and modified
		// when its last one was created.
		var first, last time.Time
		for _, e := range ents {
			t, ok := b.born[b.rel(filepath.Join(d, e.Name()))]
			if !ok {
				continue
			}
			if first.IsZero() || t.Before(first) {
				first = t
			}
			if t.After(last) {
				last = t
			}
		}
		if last.IsZero() {
			first, last = b.t.installed, b.t.installed
		}
		if d != b.root {
			b.born[b.rel(d)] = first
		}
		if err := os.Chtimes(d, last, last); err != nil {
			return err
		}
	}
	return nil
}

// rel returns the target path of a host path below the root.
func (b *builder) rel(p string) string {
	return "/" + filepath.ToSlash(strings.TrimPrefix(strings.TrimPrefix(p, b.root), string(filepath.Separator)))
}

// lines joins lines with a final newline.
func lines(ls ...string) string {
	var w bytes.Buffer
	for _, l := range ls {
		w.WriteString(l)
		w.WriteByte('\n')
	}
	return w.String()
}
