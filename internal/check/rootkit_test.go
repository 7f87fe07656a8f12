package check

import (
	"bytes"
	"context"
	"encoding/binary"
	"io/fs"
	"net/netip"
	"os"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/snapshot"
	"github.com/yingji/yingji/internal/source"
	"github.com/yingji/yingji/internal/targetfs"
)

// rkPattern limits scenario runs to the families of these files, so other
// families' checks do not change their outcome.
const rkPattern = "rootkit.*,integrity.*,hardening.*"

// rkELF builds a minimal ELF64 shared object whose dynamic symbol table
// defines the named functions, enough for debug/elf.DynamicSymbols.
func rkELF(syms ...string) string {
	var dynstr bytes.Buffer
	dynstr.WriteByte(0)
	var dynsym bytes.Buffer
	dynsym.Write(make([]byte, 24)) // the null symbol
	for _, s := range syms {
		var e [24]byte
		binary.LittleEndian.PutUint32(e[0:], uint32(dynstr.Len()))
		e[4] = 0x12                                  // STB_GLOBAL, STT_FUNC
		binary.LittleEndian.PutUint16(e[6:], 1)      // defined in section 1
		binary.LittleEndian.PutUint64(e[8:], 0x1000) // value
		dynsym.Write(e[:])
		dynstr.WriteString(s)
		dynstr.WriteByte(0)
	}
	shstr := []byte("\x00.dynsym\x00.dynstr\x00.shstrtab\x00")
	off := uint64(64)
	symOff := off
	strOff := symOff + uint64(dynsym.Len())
	shsOff := strOff + uint64(dynstr.Len())
	shOff := (shsOff + uint64(len(shstr)) + 7) &^ 7
	var b bytes.Buffer
	h := make([]byte, 64)
	copy(h, "\x7fELF\x02\x01\x01")
	binary.LittleEndian.PutUint16(h[16:], 3)  // ET_DYN
	binary.LittleEndian.PutUint16(h[18:], 62) // EM_X86_64
	binary.LittleEndian.PutUint32(h[20:], 1)
	binary.LittleEndian.PutUint64(h[40:], shOff)
	binary.LittleEndian.PutUint16(h[52:], 64)
	binary.LittleEndian.PutUint16(h[54:], 56)
	binary.LittleEndian.PutUint16(h[58:], 64)
	binary.LittleEndian.PutUint16(h[60:], 4)
	binary.LittleEndian.PutUint16(h[62:], 3)
	b.Write(h)
	b.Write(dynsym.Bytes())
	b.Write(dynstr.Bytes())
	b.Write(shstr)
	for uint64(b.Len()) < shOff {
		b.WriteByte(0)
	}
	sh := func(name, typ uint32, off, size uint64, link, info uint32, entsize uint64) {
		e := make([]byte, 64)
		binary.LittleEndian.PutUint32(e[0:], name)
		binary.LittleEndian.PutUint32(e[4:], typ)
		binary.LittleEndian.PutUint64(e[24:], off)
		binary.LittleEndian.PutUint64(e[32:], size)
		binary.LittleEndian.PutUint32(e[40:], link)
		binary.LittleEndian.PutUint32(e[44:], info)
		binary.LittleEndian.PutUint64(e[48:], 8)
		binary.LittleEndian.PutUint64(e[56:], entsize)
		b.Write(e)
	}
	sh(0, 0, 0, 0, 0, 0, 0)
	sh(1, 11, symOff, uint64(dynsym.Len()), 2, 1, 24) // .dynsym
	sh(9, 3, strOff, uint64(dynstr.Len()), 0, 0, 0)   // .dynstr
	sh(17, 3, shsOff, uint64(len(shstr)), 0, 0, 0)    // .shstrtab
	return b.String()
}

func TestRkELF(t *testing.T) {
	r := newRoot(t)
	r.write("/usr/lib/x.so", rkELF("readdir", "fopen", "harmless"))
	src, _ := source.OpenDir(r.dir, false)
	defer src.Close()
	c := &Context{Context: context.Background(), env: newEnv(context.Background(), src, time.Now())}
	got := rootkitExports(c, "usr/lib/x.so", rootkitHookSymbols)
	if strings.Join(got, ",") != "fopen,readdir" {
		t.Fatalf("exports = %v", got)
	}
}

// rkSource wraps a test root: it can carry a snapshot (as a bundle does),
// pretend to be the live host, and change file attributes the test cannot
// set without privileges (immutable).
type rkSource struct {
	source.Source
	snap  *snapshot.Snapshot
	live  bool
	tweak map[string]func(*targetfs.Stat)
}

func (s *rkSource) Kind() source.Kind {
	if s.live {
		return source.KindLive
	}
	return source.KindBundle
}

func (s *rkSource) Volatile(context.Context) (*snapshot.Snapshot, error) {
	if s.snap == nil {
		return nil, source.ErrNoVolatile
	}
	return s.snap, nil
}

func (s *rkSource) fix(name string, fi fs.FileInfo) fs.FileInfo {
	f, ok := s.tweak[strings.TrimPrefix(path.Clean(name), "/")]
	st := targetfs.StatOf(fi)
	if !ok || st == nil {
		return fi
	}
	cp := *st
	f(&cp)
	return &targetfs.FileInfo{Base: fi.Name(), St: cp}
}

func (s *rkSource) Lstat(name string) (fs.FileInfo, error) {
	fi, err := s.Source.Lstat(name)
	if err != nil {
		return nil, err
	}
	return s.fix(name, fi), nil
}

func (s *rkSource) Stat(name string) (fs.FileInfo, error) {
	fi, err := s.Source.Stat(name)
	if err != nil {
		return nil, err
	}
	return s.fix(name, fi), nil
}

type rkDirEntry struct {
	fs.DirEntry
	s    *rkSource
	name string
}

func (e rkDirEntry) Info() (fs.FileInfo, error) {
	fi, err := e.DirEntry.Info()
	if err != nil {
		return nil, err
	}
	return e.s.fix(e.name, fi), nil
}

func (s *rkSource) ReadDir(name string) ([]fs.DirEntry, error) {
	ents, err := s.Source.ReadDir(name)
	for i, e := range ents {
		ents[i] = rkDirEntry{e, s, join(name, e.Name())}
	}
	return ents, err
}

// rkScenario is a scenario that also sets volatile state or attributes.
type rkScenario struct {
	name  string
	plant func(r *testRoot)
	snap  func(r *testRoot) *snapshot.Snapshot
	live  bool
	tweak map[string]func(*targetfs.Stat)
	want  []want
	// absent are rules that must not report (for checks whose findings
	// are all low, where "nothing above low" proves nothing).
	absent []string
}

func rkRun(t *testing.T, scs []rkScenario) {
	t.Helper()
	for _, sc := range scs {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel() // building the root dominates; checks are cheap
			r := newRoot(t)
			if sc.plant != nil {
				sc.plant(r)
			}
			inner, err := source.OpenDir(r.dir, false)
			if err != nil {
				t.Fatal(err)
			}
			defer inner.Close()
			src := &rkSource{Source: inner, live: sc.live, tweak: sc.tweak}
			if sc.snap != nil {
				src.snap = sc.snap(r)
			}
			res, err := Run(context.Background(), src, Options{Pattern: rkPattern, Now: r.now})
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range res.Statuses {
				if st.Error != "" {
					t.Errorf("check %s failed: %s", st.ID, st.Error)
				}
			}
			fs := res.Findings
			if len(sc.want) == 0 && len(sc.absent) == 0 {
				for _, f := range fs {
					if f.Severity > finding.Low {
						t.Errorf("benign look-alike reported: %s (%s) %s %+v", f.Rule, f.Severity, f.Description, f.Evidence)
					}
				}
			}
			for _, w := range sc.want {
				if !hasFinding(fs, w) {
					t.Errorf("want %s with evidence path %q; got:\n%s", w.rule, w.path, summary(fs))
				}
			}
			for _, a := range sc.absent {
				if hasFinding(fs, want{rule: a}) {
					t.Errorf("%s must not report; got:\n%s", a, summary(fs))
				}
			}
		})
	}
}

// rkFiles runs file-only scenarios (runScenarios' semantics) in parallel.
func rkFiles(t *testing.T, scs []scenario) {
	t.Helper()
	out := make([]rkScenario, 0, len(scs))
	for _, sc := range scs {
		out = append(out, rkScenario{name: sc.name, plant: sc.plant, want: sc.want})
	}
	rkRun(t, out)
}

// rkSeverity asserts the severity of the first finding of rule.
func rkSeverity(t *testing.T, fs []finding.Finding, rule string, sev finding.Severity) {
	t.Helper()
	for _, f := range fs {
		if f.Rule == rule {
			if f.Severity != sev {
				t.Errorf("%s severity %s, want %s", rule, f.Severity, sev)
			}
			return
		}
	}
	t.Errorf("%s not reported; got:\n%s", rule, summary(fs))
}

func TestRootkitFiles(t *testing.T) {
	p := rkPattern
	rkFiles(t, []scenario{
		// rootkit.preload_library
		{name: "preload unowned hook library", pattern: p, plant: func(r *testRoot) {
			r.write("/usr/local/lib/libprocesshider.so", rkELF("readdir", "readdir64", "fopen"))
			r.write("/etc/ld.so.preload", "/usr/local/lib/libprocesshider.so\n")
		}, want: []want{{"rootkit.preload_library", "/usr/local/lib/libprocesshider.so"}}},
		{name: "preload hidden temp library, colon separated", pattern: p, plant: func(r *testRoot) {
			r.write("/tmp/.ICE-unix/.x/libz.so", "not even an ELF")
			r.write("/etc/ld.so.preload", "  :/tmp/.ICE-unix/.x/libz.so:\t\n")
		}, want: []want{{"rootkit.preload_library", "/tmp/.ICE-unix/.x/libz.so"}}},
		{name: "preload bare library name", pattern: p, plant: func(r *testRoot) {
			r.write("/usr/lib/x86_64-linux-gnu/libseconf.so", rkELF("__lxstat", "accept"))
			r.write("/etc/ld.so.preload", "libseconf.so")
		}, want: []want{{"rootkit.preload_library", "/usr/lib/x86_64-linux-gnu/libseconf.so"}}},
		{name: "benign preload of a package library", pattern: p, plant: func(r *testRoot) {
			r.write("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", rkELF("malloc", "free"))
			r.own("libjemalloc2", "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2")
			r.write("/etc/ld.so.preload", "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2\n")
		}},
		{name: "benign preload naming a missing file", pattern: p, plant: func(r *testRoot) {
			r.write("/etc/ld.so.preload", "# nothing preloaded\n")
		}},
		// rootkit.known_files
		{name: "reptile files", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/reptile/reptile_cmd", fakeELF("reptile"), 0o755)
			r.write("/lib/udev/reptile", "#!/bin/bash\n/reptile/reptile_start\n")
		}, want: []want{{"rootkit.known_files", "/reptile/reptile_cmd"}, {"rootkit.known_files", "/lib/udev/reptile"}}},
		{name: "jynx2 and umbreon glob", pattern: p, plant: func(r *testRoot) {
			r.write("/XxJynx/reality.so", rkELF("readdir"))
			r.write("/usr/share/libc.so.x86_64.ld-2.22.so", fakeELF("umbreon"))
		}, want: []want{{"rootkit.known_files", "/XxJynx/reality.so"}, {"rootkit.known_files", "/usr/share/libc.so.x86_64.ld-2.22.so"}}},
		{name: "kinsing dropper in tmp", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/tmp/kdevtmpfsi", fakeELF("miner"), 0o755)
		}, want: []want{{"rootkit.known_files", "/tmp/kdevtmpfsi"}}},
		{name: "benign: known name shipped by a package, similar names", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/usr/bin/ltop", fakeELF("ltop"), 0o755)
			r.own("ltop", "/usr/bin/ltop")
			r.write("/usr/lib/x86_64-linux-gnu/libselinux.so.1", fakeELF("selinux"))
			r.own("libselinux1", "/usr/lib/x86_64-linux-gnu/libselinux.so.1")
			r.mkdir("/tmp/.X11-unix")
		}},
		// rootkit.deceptive_name
		{name: "three dots directory in tmp", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/var/tmp/.../bot", fakeELF("bot"), 0o755)
		}, want: []want{{"rootkit.deceptive_name", "/var/tmp/..."}}},
		{name: "dot-space and trailing space names", pattern: p, plant: func(r *testRoot) {
			r.write("/usr/lib/. /sniff.log", "x")
			r.mkdir("/tmp/.ICE-unix ")
		}, want: []want{{"rootkit.deceptive_name", "/usr/lib/. "}, {"rootkit.deceptive_name", "/tmp/.ICE-unix "}}},
		{name: "bidi override and zero-width names", pattern: p, plant: func(r *testRoot) {
			r.write("/etc/cron.d/logrotate\u202egnp.sh", "x")
			r.write("/dev/shm/\u200b", "x")
			r.write("/usr/bin/ls\x01", "x")
		}, want: []want{{"rootkit.deceptive_name", "/etc/cron.d/logrotate\u202egnp.sh"}, {"rootkit.deceptive_name", "/dev/shm/\u200b"}, {"rootkit.deceptive_name", "/usr/bin/ls\x01"}}},
		{name: "benign: ordinary hidden and unicode names", pattern: p, plant: func(r *testRoot) {
			r.mkdir("/tmp/.ICE-unix")
			r.mkdir("/tmp/.X11-unix")
			r.write("/tmp/报告 2024 年.docx", "x")
			r.write("/etc/kubernetes/..data/config", "x")
			r.write("/root/.cache/pip/x", "x")
		}},
		// rootkit.dev_file
		{name: "hidden kit directory in dev", pattern: p, plant: func(r *testRoot) {
			r.write("/dev/.lib/lib/lib/.1proc", "2210\n")
			r.writeMode("/dev/sdx1", fakeELF("backdoor"), 0o644)
		}, want: []want{{"rootkit.dev_file", "/dev/.lib/lib/lib/.1proc"}, {"rootkit.dev_file", "/dev/sdx1"}}},
		{name: "benign: shared memory and runtime files in dev", pattern: p, plant: func(r *testRoot) {
			r.write("/dev/shm/sem.pgsql", "x")
			r.write("/dev/termination-log", "")
			r.mkdir("/dev/mqueue")
			r.write("/dev/mqueue/q", "x")
		}},
		// rootkit.timestomp
		{name: "replaced ps with an old mtime", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/usr/bin/ps", fakeELF("evilps"), 0o755)
			r.setTimes("/usr/bin/ps", r.now.AddDate(-3, 0, 0))
		}, want: []want{{"rootkit.timestomp", "/usr/bin/ps"}, {"integrity.modified_binary", "/usr/bin/ps"}}},
		{name: "unowned binary dated in the future and before 1990", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/usr/sbin/crond-helper", fakeELF("x"), 0o755)
			r.setTimes("/usr/sbin/crond-helper", r.now.AddDate(2, 0, 0))
			r.writeMode("/usr/lib/x86_64-linux-gnu/libnss_x.so.2", fakeELF("y"), 0o755)
			r.setTimes("/usr/lib/x86_64-linux-gnu/libnss_x.so.2", time.Date(1985, 3, 1, 0, 0, 0, 0, time.UTC))
		}, want: []want{{"rootkit.timestomp", "/usr/sbin/crond-helper"}, {"rootkit.timestomp", "/usr/lib/x86_64-linux-gnu/libnss_x.so.2"}}},
		{name: "benign: package files with build-time mtimes", pattern: p, plant: func(r *testRoot) {
			r.setTimes("/usr/bin/ls", r.now.AddDate(-4, 0, 0))
			r.setTimes("/usr/bin/bash", time.Unix(1, 0)) // reproducible-build epoch
		}},
		// rootkit.suid_unowned and rootkit.suid_shell
		{name: "unowned setuid programs", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/usr/local/bin/pkexec-helper", fakeELF("helper"), os.ModeSetuid|0o755)
			r.writeMode("/var/tmp/.cache/x", fakeELF("x"), os.ModeSetuid|os.ModeSetgid|0o755)
		}, want: []want{{"rootkit.suid_unowned", "/usr/local/bin/pkexec-helper"}, {"rootkit.suid_unowned", "/var/tmp/.cache/x"}}},
		{name: "setuid copy of bash under another name", pattern: p, plant: func(r *testRoot) {
			b, _ := os.ReadFile(r.path("/usr/bin/bash"))
			r.writeMode("/tmp/.font-unix/systemd-journal", string(b), os.ModeSetuid|0o755)
		}, want: []want{{"rootkit.suid_shell", "/tmp/.font-unix/systemd-journal"}}},
		{name: "setuid bit added to package find and python", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/usr/bin/find", fakeELF("find"), 0o755)
			r.own("findutils", "/usr/bin/find")
			os.Chmod(r.path("/usr/bin/find"), os.ModeSetuid|0o755)
			r.writeMode("/home/debian/.local/bin/python3.11", fakeELF("python"), os.ModeSetuid|0o755)
		}, want: []want{{"rootkit.suid_shell", "/usr/bin/find"}, {"rootkit.suid_shell", "/home/debian/.local/bin/python3.11"}}},
		{name: "benign: package setuid programs", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/usr/bin/crontab", fakeELF("crontab"), os.ModeSetgid|0o755)
			r.writeMode("/usr/lib/dbus-1.0/dbus-daemon-launch-helper", fakeELF("dbus"), os.ModeSetuid|0o754)
			r.own("cron", "/usr/bin/crontab")
			r.own("dbus", "/usr/lib/dbus-1.0/dbus-daemon-launch-helper")
		}},
		// rootkit.hidden_executable
		{name: "hidden miner in tmp", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/tmp/.X25-unix/.rsync/c/kswapd0", fakeELF("xmrig"), 0o755)
			r.writeMode("/var/tmp/.systemd/kworker", fakeELF("kworker"), 0o644)
		}, want: []want{{"rootkit.hidden_executable", "/tmp/.X25-unix/.rsync/c/kswapd0"}, {"rootkit.hidden_executable", "/var/tmp/.systemd/kworker"}}},
		{name: "hidden program in a system library directory", pattern: p, plant: func(r *testRoot) {
			r.writeMode("/usr/lib/.cache/ld", fakeELF("ld"), 0o755)
		}, want: []want{{"rootkit.hidden_executable", "/usr/lib/.cache/ld"}}},
		{name: "benign: hidden data files and user caches", pattern: p, plant: func(r *testRoot) {
			r.write("/tmp/.hidden-notes.txt", strings.Repeat("notes ", 30))
			r.writeMode("/home/debian/.cache/go-build/ab/test.exe", fakeELF("gotest"), 0o755)
		}},
		// rootkit.module_file
		{name: "rootkit module staged in tmp", pattern: p, plant: func(r *testRoot) {
			r.write("/tmp/.k/diamorphine.ko", fakeELF("module"))
		}, want: []want{{"rootkit.module_file", "/tmp/.k/diamorphine.ko"}}},
		{name: "renamed module with rootkit functions in root's home", pattern: p, plant: func(r *testRoot) {
			r.write("/root/nvidia-fix.ko", fakeELF("mod")+"hacked_getdents64\x00give_root\x00")
		}, want: []want{{"rootkit.module_file", "/root/nvidia-fix.ko"}}},
		{name: "known rootkit module installed in the module tree", pattern: p, plant: func(r *testRoot) {
			r.write("/lib/modules/6.1.0-18-amd64/kernel/drivers/misc/reptile.ko", fakeELF("mod"))
		}, want: []want{{"rootkit.module_file", "/usr/lib/modules/6.1.0-18-amd64/kernel/drivers/misc/reptile.ko"}}},
		{name: "benign: dkms and packaged modules", pattern: p, plant: func(r *testRoot) {
			r.write("/lib/modules/6.1.0-18-amd64/kernel/fs/ext4/ext4.ko", fakeELF("ext4"))
			r.write("/lib/modules/6.1.0-18-amd64/kernel/fs/fat/fat.ko", fakeELF("fat"))
			r.own("linux-image-6.1.0-18-amd64", "/lib/modules/6.1.0-18-amd64/kernel/fs/ext4/ext4.ko", "/lib/modules/6.1.0-18-amd64/kernel/fs/fat/fat.ko")
			r.write("/lib/modules/6.1.0-18-amd64/updates/dkms/vboxdrv.ko", fakeELF("vbox"))
		}},
	})
}

func TestRootkitVolatile(t *testing.T) {
	const kernel = "6.1.0-18-amd64"
	host := snapshot.Host{Kernel: kernel}
	rkRun(t, []rkScenario{
		// rootkit.hidden_module
		{name: "hidden module on the live host", live: true, plant: func(r *testRoot) {
			r.write("/sys/module/diamorph/initstate", "live\n")
			r.write("/sys/module/ext4/parameters/x", "1\n")
			r.write("/sys/module/e1000/initstate", "live\n")
		}, snap: func(*testRoot) *snapshot.Snapshot {
			return &snapshot.Snapshot{Host: host, Modules: []snapshot.Module{{Name: "e1000", State: "Live"}}, SysModules: []string{"diamorph", "e1000", "ext4"}}
		}, want: []want{{"rootkit.hidden_module", "/sys/module/diamorph/initstate"}}},
		{name: "hidden module in a bundle snapshot", plant: func(r *testRoot) {
			r.write("/lib/modules/"+kernel+"/modules.builtin", "kernel/fs/ext4/ext4.ko\nkernel/drivers/tty/vt.ko\n")
		}, snap: func(*testRoot) *snapshot.Snapshot {
			return &snapshot.Snapshot{Host: host, SysModules: []string{"ext4", "vt", "kovid_x"}}
		}, want: []want{{"rootkit.hidden_module", "/sys/module/kovid_x"}}},
		{name: "benign: built-in modules in /sys/module", live: true, plant: func(r *testRoot) {
			r.write("/sys/module/kernel/parameters/panic", "0\n")
			r.write("/sys/module/loop/initstate", "live\n")
		}, snap: func(*testRoot) *snapshot.Snapshot {
			return &snapshot.Snapshot{Host: host, Modules: []snapshot.Module{{Name: "loop"}}, SysModules: []string{"kernel", "loop", "printk"}}
		}},
		// rootkit.kallsyms_module and rootkit.kallsyms_symbol
		{name: "kallsyms shows a module /proc/modules hides", live: true, plant: func(r *testRoot) {
			r.write("/proc/kallsyms", "ffffffff81000000 T _stext\n0000000000000000 t hacked_kill\t[diamorphine]\n0000000000000000 t hacked_getdents64\t[diamorphine]\n0000000000000000 t e1000_probe\t[e1000]\n0000000000000000 t bpf_prog_6deef7357e7b4530\t[bpf]\n")
		}, snap: func(*testRoot) *snapshot.Snapshot {
			return &snapshot.Snapshot{Host: host, Modules: []snapshot.Module{{Name: "e1000"}}}
		}, want: []want{{"rootkit.kallsyms_module", "/proc/kallsyms"}, {"rootkit.kallsyms_symbol", "/proc/kallsyms"}}},
		{name: "kbeast symbols in a listed module", live: true, plant: func(r *testRoot) {
			r.write("/proc/kallsyms", "0000000000000000 t h4x_tcp4_seq_show\t[ipsecs_kbeast_v1]\n")
		}, snap: func(*testRoot) *snapshot.Snapshot {
			return &snapshot.Snapshot{Host: host, Modules: []snapshot.Module{{Name: "ipsecs_kbeast_v1"}}}
		}, want: []want{{"rootkit.kallsyms_symbol", "/proc/kallsyms"}, {"rootkit.known_module", "/proc/modules"}}},
		{name: "benign: kallsyms of listed modules and bpf", live: true, plant: func(r *testRoot) {
			r.write("/proc/kallsyms", "0000000000000000 t e1000_probe\t[e1000]\n0000000000000000 t bpf_prog_x\t[bpf]\n0000000000000000 t ftrace_trampoline\t[__builtin__ftrace]\n")
		}, snap: func(*testRoot) *snapshot.Snapshot {
			return &snapshot.Snapshot{Host: host, Modules: []snapshot.Module{{Name: "e1000"}}}
		}},
		// rootkit.known_module
		{name: "diamorphine loaded", snap: func(*testRoot) *snapshot.Snapshot {
			return &snapshot.Snapshot{Host: host, Modules: []snapshot.Module{{Name: "diamorphine", Taint: "OE"}}, KernelTaint: 12288}
		}, want: []want{{"rootkit.known_module", "/proc/modules"}, {"rootkit.kernel_taint", "/proc/sys/kernel/tainted"}}},
		{name: "reptile kobject only in /sys/module", snap: func(*testRoot) *snapshot.Snapshot {
			return &snapshot.Snapshot{Host: host, SysModules: []string{"Reptile"}}
		}, want: []want{{"rootkit.known_module", "/sys/module"}}},
		// rootkit.kernel_taint
		{name: "forced module load", snap: func(*testRoot) *snapshot.Snapshot {
			return &snapshot.Snapshot{Host: host, KernelTaint: 2 | 4096}
		}, want: []want{{"rootkit.kernel_taint", "/proc/sys/kernel/tainted"}}},
		{name: "benign: dkms driver taints the kernel", plant: func(r *testRoot) {
			r.write("/lib/modules/"+kernel+"/updates/dkms/vboxdrv.ko", fakeELF("vbox"))
		}, snap: func(*testRoot) *snapshot.Snapshot {
			return &snapshot.Snapshot{Host: host, KernelTaint: 4096 | 8192, Modules: []snapshot.Module{{Name: "vboxdrv", Taint: "OE"}}}
		}},
		// rootkit.immutable_file
		{name: "immutable passwd and authorized_keys", tweak: map[string]func(*targetfs.Stat){
			"etc/passwd":                       func(s *targetfs.Stat) { s.Immutable = true },
			"home/debian/.ssh/authorized_keys": func(s *targetfs.Stat) { s.AppendOnly = true },
		}, want: []want{{"rootkit.immutable_file", "/etc/passwd"}, {"rootkit.immutable_file", "/home/debian/.ssh/authorized_keys"}}},
		{name: "immutable miner in tmp and immutable system binary", plant: func(r *testRoot) {
			r.writeMode("/tmp/.x/kthreadd", fakeELF("miner"), 0o755)
		}, tweak: map[string]func(*targetfs.Stat){
			"tmp/.x/kthreadd": func(s *targetfs.Stat) { s.Immutable = true },
			"usr/bin/ps":      func(s *targetfs.Stat) { s.Immutable = true },
		}, want: []want{{"rootkit.immutable_file", "/tmp/.x/kthreadd"}, {"rootkit.immutable_file", "/usr/bin/ps"}}},
		{name: "benign: append-only log outside the scanned trees", plant: func(r *testRoot) {
			r.write("/var/log/audit/audit.log", "type=DAEMON_START\n")
		}, tweak: map[string]func(*targetfs.Stat){
			"var/log/audit/audit.log": func(s *targetfs.Stat) { s.AppendOnly = true },
		}},
	})
}

func TestRootkitSeverities(t *testing.T) {
	r := newRoot(t)
	r.write("/tmp/.ICE-unix/libz.so", rkELF("readdir"))
	r.write("/etc/ld.so.preload", "/tmp/.ICE-unix/libz.so\n")
	r.writeMode("/usr/local/bin/helper", fakeELF("helper"), os.ModeSetuid|0o755)
	fs := r.scan("rootkit.preload_library,rootkit.suid_unowned")
	rkSeverity(t, fs, "rootkit.preload_library", finding.Critical)
	rkSeverity(t, fs, "rootkit.suid_unowned", finding.High)

	// Benign kernel taint is low, a taint no listed module explains medium.
	for _, tc := range []struct {
		snap *snapshot.Snapshot
		sev  finding.Severity
	}{
		{&snapshot.Snapshot{Host: snapshot.Host{Kernel: "k"}, KernelTaint: 4096}, finding.Medium},
		{&snapshot.Snapshot{Host: snapshot.Host{Kernel: "k"}, KernelTaint: 1 << 1}, finding.High},
	} {
		r := newRoot(t)
		inner, _ := source.OpenDir(r.dir, false)
		res, err := Run(context.Background(), &rkSource{Source: inner, snap: tc.snap}, Options{Pattern: "rootkit.kernel_taint"})
		inner.Close()
		if err != nil {
			t.Fatal(err)
		}
		rkSeverity(t, res.Findings, "rootkit.kernel_taint", tc.sev)
	}
}

// rkSocket is a listening TCP socket for snapshot scenarios.
func rkSocket(addr string, port uint16, pid int) snapshot.Socket {
	return snapshot.Socket{Proto: "tcp", LocalIP: netip.MustParseAddr(addr), LocalPort: port, State: "LISTEN", PIDs: []int{pid}}
}

// rkRunCollect runs pattern on a clean root with snap as its volatile state.
func rkRunCollect(t *testing.T, snap *snapshot.Snapshot, pattern string, out *[]finding.Finding) {
	t.Helper()
	r := newRoot(t)
	inner, err := source.OpenDir(r.dir, false)
	if err != nil {
		t.Fatal(err)
	}
	defer inner.Close()
	res, err := Run(context.Background(), &rkSource{Source: inner, snap: snap}, Options{Pattern: pattern, Now: r.now})
	if err != nil {
		t.Fatal(err)
	}
	*out = res.Findings
}
