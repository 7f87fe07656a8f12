package demo

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/check"
	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/source"
)

// TestMain builds the demo into $DEMO_OUT, when set, for looking at it
// with yingji scan (go test -run XXX ./internal/demo with DEMO_OUT=dir).
func TestMain(m *testing.M) {
	if out := os.Getenv("DEMO_OUT"); out != "" {
		if _, err := Build(out, time.Now()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	os.Exit(m.Run())
}

// scan runs every check over root as an image, as yingji scan does.
func scan(t *testing.T, root string, now time.Time) []finding.Finding {
	t.Helper()
	src, err := source.OpenDir(root, false)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	rules, err := check.LoadYARA(nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := check.Run(context.Background(), src, check.Options{Now: now, YARA: rules})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range res.Statuses {
		if st.Error != "" {
			t.Errorf("check %s failed: %s", st.ID, st.Error)
		}
	}
	return res.Findings
}

// registered reports whether a rule can be produced: a registered check,
// or a log rule of logs.detections ("log.*").
func registered(rule string) bool {
	if strings.HasPrefix(rule, "log.") {
		_, err := check.Select("logs.detections")
		return err == nil
	}
	cs, err := check.Select(rule)
	return err == nil && len(cs) == 1 && cs[0].ID == rule
}

func describe(f finding.Finding) string {
	var ev []string
	for _, e := range f.Evidence {
		s := e.Path
		if e.Line > 0 {
			s += fmt.Sprintf(":%d", e.Line)
		}
		if e.Excerpt != "" {
			s += " " + check.Excerpt(e.Excerpt, 80)
		}
		if s != "" {
			ev = append(ev, s)
		}
	}
	return fmt.Sprintf("%s (%s) %s; evidence %q", f.Rule, f.Severity, check.Excerpt(f.Description, 200), ev)
}

// TestDemoScan builds the demo host and scans it: every planted trace must
// be reported by each of its rules, and nothing above low may point
// anywhere else.
func TestDemoScan(t *testing.T) {
	for _, tc := range []struct {
		name string
		now  time.Time
	}{
		// What yingji triage --demo does.
		{"now", time.Now()},
		// The logs cross a new year: the RFC 3164 lines have no year.
		{"new-year", time.Date(2026, 1, 1, 0, 40, 0, 0, zone)},
		// Just after midnight on a Monday: the day's logs are nearly empty.
		{"monday-midnight", time.Date(2026, 3, 2, 0, 3, 0, 0, zone)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			h, err := Build(root, tc.now)
			if err != nil {
				t.Fatal(err)
			}
			fs := scan(t, root, tc.now)
			planted := map[string]bool{}
			for _, it := range h.Planted {
				for _, p := range it.Paths {
					planted[p] = true
				}
			}
			// (1) Each planted item, by each of its rules.
			for _, it := range h.Planted {
				paths := map[string]bool{}
				for _, p := range it.Paths {
					paths[p] = true
				}
				for _, rule := range it.Rules {
					if !registered(rule) {
						t.Errorf("%s: check %s not registered (expected to report %v)", it.Name, rule, it.Paths)
						continue
					}
					found := false
					for _, f := range fs {
						if f.Rule != rule {
							continue
						}
						for _, e := range f.Evidence {
							if paths[e.Path] {
								found = true
							}
						}
					}
					if !found {
						t.Errorf("%s: %s did not report any of %v", it.Name, rule, it.Paths)
					}
				}
			}
			// (2) Nothing above low outside the planted items.
			clean := map[string]bool{}
			for _, p := range h.Clean {
				clean[p] = true
			}
			for _, f := range fs {
				onPlanted, onClean := false, false
				for _, e := range f.Evidence {
					onPlanted = onPlanted || planted[e.Path]
					onClean = onClean || clean[e.Path]
				}
				switch {
				case onPlanted:
				case f.Severity > finding.Low && onClean:
					t.Errorf("false positive on the clean host: %s", describe(f))
				case f.Severity > finding.Low:
					t.Errorf("finding on no planted item: %s", describe(f))
				default:
					t.Logf("observation: %s", describe(f))
				}
			}
			if t.Failed() {
				var all []string
				for _, f := range fs {
					all = append(all, describe(f))
				}
				t.Logf("all findings:\n%s", strings.Join(all, "\n"))
			}
		})
	}
}

// tree describes every entry below root: path, mode, link target or
// content, modification time.
func tree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		desc := fi.Mode().String()
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			desc += " -> " + target
			// The link must stay inside the root.
			if filepath.IsAbs(target) {
				t.Errorf("%s: absolute link target %s", rel, target)
			} else if r := filepath.Join(filepath.Dir(p), target); r != root && !strings.HasPrefix(r, root+string(filepath.Separator)) {
				t.Errorf("%s: link leaves the root: %s", rel, target)
			}
		case fi.Mode().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			desc += fmt.Sprintf(" %x %s", b, fi.ModTime().UTC().Format(time.RFC3339Nano))
		default:
			desc += " " + fi.ModTime().UTC().Format(time.RFC3339Nano)
		}
		out[rel] = desc
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBuildDeterministic: the same now gives the same tree, bytes and
// times, and nothing is written beside the root.
func TestBuildDeterministic(t *testing.T) {
	now := time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC)
	var trees []map[string]string
	var hosts []*Host
	for i := 0; i < 2; i++ {
		parent := t.TempDir()
		root := filepath.Join(parent, "root")
		h, err := Build(root, now)
		if err != nil {
			t.Fatal(err)
		}
		ents, err := os.ReadDir(parent)
		if err != nil {
			t.Fatal(err)
		}
		if len(ents) != 1 || ents[0].Name() != "root" {
			t.Errorf("Build wrote beside its root: %v", ents)
		}
		trees = append(trees, tree(t, root))
		hosts = append(hosts, h)
	}
	a, b := trees[0], trees[1]
	if len(a) != len(b) {
		t.Errorf("builds differ in size: %d and %d entries", len(a), len(b))
	}
	var diff []string
	for k, v := range a {
		if b[k] != v {
			diff = append(diff, k)
		}
	}
	sort.Strings(diff)
	if len(diff) > 0 {
		t.Errorf("builds differ at %v", diff)
	}
	if fmt.Sprint(hosts[0]) != fmt.Sprint(hosts[1]) {
		t.Errorf("hosts differ:\n%+v\n%+v", hosts[0], hosts[1])
	}
	if len(a) < 200 {
		t.Errorf("only %d entries", len(a))
	}
}

// TestBuild checks the story's invariants: what was planted exists, times
// follow the story, and a non-empty root is refused.
func TestBuild(t *testing.T) {
	now := time.Date(2026, 7, 1, 9, 0, 0, 0, zone)
	root := t.TempDir()
	h, err := Build(root, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Planted) < 9 || len(h.Clean) < 100 {
		t.Fatalf("planted %d, clean %d", len(h.Planted), len(h.Clean))
	}
	for _, it := range h.Planted {
		if it.Name == "" || it.NameZh == "" || len(it.Paths) == 0 || len(it.Rules) == 0 {
			t.Errorf("incomplete item %+v", it)
		}
		for _, p := range it.Paths {
			if _, err := os.Lstat(filepath.Join(root, p)); err != nil {
				t.Errorf("%s: %v", it.Name, err)
			}
		}
	}
	mtime := func(p string) time.Time {
		fi, err := os.Stat(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		return fi.ModTime()
	}
	// The intruder's files date from the attack, the system's from months
	// before, and the logs end just before now.
	for _, p := range []string{minerBin, webshell, "/etc/ld.so.preload", "/root/.ssh/authorized_keys", "/var/spool/cron/crontabs/root"} {
		if d := now.Sub(mtime(p)); d < 24*time.Hour || d > 3*24*time.Hour {
			t.Errorf("%s: mtime %s, %s before now", p, mtime(p), d)
		}
	}
	for _, p := range []string{"/etc/hostname", "/usr/sbin/sshd", "/etc/nginx/nginx.conf", "/var/www/html/about.html"} {
		if d := now.Sub(mtime(p)); d < 20*24*time.Hour {
			t.Errorf("%s: mtime %s, only %s before now", p, mtime(p), d)
		}
	}
	for _, p := range []string{"/var/log/auth.log", "/var/log/syslog", "/var/log/nginx/access.log"} {
		if d := now.Sub(mtime(p)); d < 0 || d > 2*time.Hour {
			t.Errorf("%s: mtime %s, %s before now", p, mtime(p), d)
		}
	}
	page, err := os.ReadFile(filepath.Join(root, "var/www/html/index.html"))
	if err != nil || !bytes.Contains(page, []byte("left:-9999px")) || !bytes.Contains(page, []byte("澳门博彩")) {
		t.Errorf("home page without the injected links (%v)", err)
	}
	for _, p := range []string{minerBin, preloadLib} {
		b, err := os.ReadFile(filepath.Join(root, p))
		if err != nil || !bytes.Contains(b, []byte(standIn)) {
			t.Errorf("%s is not marked as a stand-in (%v)", p, err)
		}
	}
	if _, err := Build(root, now); err == nil {
		t.Error("Build accepted a non-empty root")
	}
}
