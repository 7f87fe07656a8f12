package check

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/snapshot"
	"github.com/yingji/yingji/internal/source"
)

// A child of the live test: the test binary re-run as a harmless sleeper
// with whatever argv the test wants (a miner's command line).
func init() {
	if os.Getenv("YINGJI_PROCESSES_HELPER") == "sleep" {
		time.Sleep(60 * time.Second)
		os.Exit(0)
	}
}

// processesSnapSource is a test root with a snapshot the test built, so
// that snapshot-based checks see a deterministic volatile state. With
// live set it claims to be the live host (for checks that read /proc files
// through the Source).
type processesSnapSource struct {
	source.Source
	snap *snapshot.Snapshot
	live bool
}

func (s *processesSnapSource) Volatile(context.Context) (*snapshot.Snapshot, error) {
	return s.snap, nil
}

func (s *processesSnapSource) Kind() source.Kind {
	if s.live {
		return source.KindLive
	}
	return s.Source.Kind()
}

// snapScenario plants files and edits the clean snapshot.
type snapScenario struct {
	name  string
	plant func(r *testRoot)
	snap  func(r *testRoot, s *snapshot.Snapshot)
	want  []want
	// pattern limits the checks run (default: processes and network).
	pattern string
	live    bool
}

const processesHostMnt = "mnt:[4026531841]"

// processesProc builds a process of the host with sensible defaults.
func processesProc(pid, ppid int, name, exe string, cmd ...string) snapshot.Process {
	return snapshot.Process{PID: pid, PPID: ppid, Name: name, Exe: exe, Cmdline: cmd, State: "S", Threads: 1,
		Root: "/", Cwd: "/", MntNS: processesHostMnt, NetNS: "net:[4026531840]", PIDNS: "pid:[4026531836]",
		StartTime: time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC),
		FDs:       []snapshot.FD{{FD: 0, Target: "/dev/null"}, {FD: 1, Target: "/dev/null"}, {FD: 2, Target: "/dev/null"}}}
}

func processesKthread(pid int, name string) snapshot.Process {
	return snapshot.Process{PID: pid, PPID: 2, Name: name, State: "I", Threads: 1, StartTime: time.Date(2026, 11, 28, 8, 0, 0, 0, time.UTC)}
}

func processesIP(s string) netip.Addr { return netip.MustParseAddr(s) }

// processesSock builds an IP socket held by pids.
func processesSock(proto, local string, lport uint16, remote string, rport uint16, state string, inode uint64, pids ...int) snapshot.Socket {
	s := snapshot.Socket{Proto: proto, LocalIP: processesIP(local), LocalPort: lport, State: state, Inode: inode, PIDs: pids, NetNS: "net:[4026531840]"}
	if remote != "" {
		s.RemoteIP, s.RemotePort = processesIP(remote), rport
	}
	return s
}

// processesSocketFDs gives p the socket inode on the descriptors fds.
func processesSocketFDs(p *snapshot.Process, inode uint64, fds ...int) {
	for _, fd := range fds {
		found := false
		for i := range p.FDs {
			if p.FDs[i].FD == fd {
				p.FDs[i] = snapshot.FD{FD: fd, Target: "socket:[" + strconv.FormatUint(inode, 10) + "]", SocketInode: inode}
				found = true
			}
		}
		if !found {
			p.FDs = append(p.FDs, snapshot.FD{FD: fd, Target: "socket:[" + strconv.FormatUint(inode, 10) + "]", SocketInode: inode})
		}
	}
}

// processesFileSHA returns the SHA-256 of a file in the root.
func processesFileSHA(r *testRoot, name string) string {
	b, err := os.ReadFile(r.path(name))
	if err != nil {
		r.t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// processesBaseSnap is the volatile state of the clean root: a quiet
// Debian server with sshd, cron and one logged-in user.
func processesBaseSnap(r *testRoot) *snapshot.Snapshot {
	s := &snapshot.Snapshot{Taken: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC),
		Host: snapshot.Host{Hostname: "web01", Kernel: "6.1.0-18-amd64"}}
	init := processesProc(1, 0, "systemd", "/usr/lib/systemd/systemd", "/sbin/init")
	init.ExeSHA256 = processesFileSHA(r, "/lib/systemd/systemd")
	sshd := processesProc(500, 1, "sshd", "/usr/sbin/sshd", "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups")
	sshd.ExeSHA256 = processesFileSHA(r, "/usr/sbin/sshd")
	processesSocketFDs(&sshd, 1000, 3)
	processesSocketFDs(&sshd, 1002, 4)
	cron := processesProc(510, 1, "cron", "/usr/sbin/cron", "/usr/sbin/cron", "-f", "-P")
	cron.ExeSHA256 = processesFileSHA(r, "/usr/sbin/cron")
	sess := processesProc(700, 500, "sshd", "/usr/sbin/sshd", "sshd: debian@pts/0")
	sess.ExeSHA256 = sshd.ExeSHA256
	processesSocketFDs(&sess, 1001, 4)
	bash := processesProc(710, 700, "bash", "/usr/bin/bash", "-bash")
	bash.UID, bash.EUID, bash.SUID, bash.FSUID = 1000, 1000, 1000, 1000
	bash.Cwd = "/home/debian"
	bash.FDs = []snapshot.FD{{FD: 0, Target: "/dev/pts/0"}, {FD: 1, Target: "/dev/pts/0"}, {FD: 2, Target: "/dev/pts/0"}}
	bash.ExeSHA256 = processesFileSHA(r, "/usr/bin/bash")
	s.Processes = []snapshot.Process{init, processesKthread(2, "kthreadd"), processesKthread(14, "ksoftirqd/0"),
		processesKthread(40, "kworker/0:1-events"), processesKthread(41, "kworker/u8:2-flush-254:0"), processesKthread(55, "jbd2/vda1-8"),
		sshd, cron, sess, bash}
	s.Processes[1].PPID = 0
	s.Sockets = []snapshot.Socket{
		processesSock("tcp", "0.0.0.0", 22, "0.0.0.0", 0, "LISTEN", 1000, 500),
		processesSock("tcp6", "::", 22, "::", 0, "LISTEN", 1002, 500),
		processesSock("tcp", "198.51.100.5", 22, "192.0.2.10", 51234, "ESTABLISHED", 1001, 700),
		{Proto: "unix", State: "LISTEN", Type: "stream", Inode: 2000, PIDs: []int{1}, Path: "/run/systemd/journal/stdout"},
	}
	s.Interfaces = []snapshot.Interface{
		{Name: "lo", Index: 1, MTU: 65536, Flags: []string{"UP", "LOOPBACK", "RUNNING"}, Addrs: []string{"127.0.0.1/8", "::1/128"}},
		{Name: "eth0", Index: 2, MTU: 1500, Flags: []string{"UP", "BROADCAST", "RUNNING", "MULTICAST"}, HardwareAddr: "52:54:00:12:34:56", Addrs: []string{"198.51.100.5/24"}},
	}
	s.Routes = []snapshot.Route{{Family: "inet", Iface: "eth0", Destination: netip.MustParsePrefix("0.0.0.0/0"), Gateway: processesIP("198.51.100.1")}}
	s.ARP = []snapshot.ARPEntry{
		{IP: processesIP("198.51.100.1"), HWType: 1, Flags: 2, HardwareAddr: "52:54:00:aa:bb:01", Device: "eth0"},
		{IP: processesIP("198.51.100.7"), HWType: 1, Flags: 2, HardwareAddr: "52:54:00:aa:bb:07", Device: "eth0"},
	}
	s.Mounts = []snapshot.Mount{
		{ID: 21, Parent: 1, Device: "254:1", Root: "/", MountPoint: "/", FSType: "ext4", Source: "/dev/vda1", Options: "rw,relatime", MntNS: processesHostMnt},
		{ID: 22, Parent: 21, Device: "0:21", Root: "/", MountPoint: "/proc", FSType: "proc", Source: "proc", Options: "rw,nosuid,nodev,noexec", MntNS: processesHostMnt},
		{ID: 23, Parent: 22, Device: "0:40", Root: "/", MountPoint: "/proc/sys/fs/binfmt_misc", FSType: "autofs", Source: "systemd-1", MntNS: processesHostMnt},
	}
	s.DNS = snapshot.DNS{Resolv: "nameserver 192.0.2.53\n", Nameservers: []string{"192.0.2.53"}}
	return s
}

// processesAdd appends a process and returns a pointer to it.
func processesAdd(s *snapshot.Snapshot, p snapshot.Process) *snapshot.Process {
	s.Processes = append(s.Processes, p)
	return &s.Processes[len(s.Processes)-1]
}

// scanSnap runs the checks over the root with the snapshot.
func (r *testRoot) scanSnap(pattern string, snap *snapshot.Snapshot, live bool) []finding.Finding {
	r.t.Helper()
	base, err := source.OpenDir(r.dir, false)
	if err != nil {
		r.t.Fatal(err)
	}
	defer base.Close()
	src := &processesSnapSource{Source: base, snap: snap, live: live}
	res, err := Run(context.Background(), src, Options{Pattern: pattern, Now: r.now})
	if err != nil {
		r.t.Fatal(err)
	}
	for _, st := range res.Statuses {
		if st.Error != "" {
			r.t.Errorf("check %s failed: %s", st.ID, st.Error)
		}
	}
	return res.Findings
}

// runSnapScenarios runs each scenario on its own clean root and snapshot.
// A scenario with wants must produce each wanted finding; one without
// (a benign look-alike) must produce nothing above low.
func runSnapScenarios(t *testing.T, scs []snapScenario) {
	t.Helper()
	for _, sc := range scs {
		t.Run(sc.name, func(t *testing.T) {
			r := newRoot(t)
			if sc.plant != nil {
				sc.plant(r)
			}
			s := processesBaseSnap(r)
			if sc.snap != nil {
				sc.snap(r, s)
			}
			pattern := sc.pattern
			if pattern == "" {
				pattern = "processes.*,network.*"
			}
			if sc.live {
				// Live-only probes of the analysis host are not part of
				// a fixture's scenario.
				pattern = strings.Join(processesNonProbeChecks(t, pattern), ",")
			}
			fs := r.scanSnap(pattern, s, sc.live)
			t.Logf("findings:\n%s", processesSummary(fs))
			if len(sc.want) == 0 {
				for _, f := range fs {
					if f.Severity > finding.Low {
						t.Errorf("benign look-alike reported: %s (%s) %s %+v", f.Rule, f.Severity, f.Description, f.Evidence)
					}
				}
				return
			}
			for _, w := range sc.want {
				if !hasFinding(fs, w) {
					t.Errorf("want %s with evidence path %q; got:\n%s", w.rule, w.path, summary(fs))
				}
			}
		})
	}
}

// processesNonProbeChecks expands pattern without the checks that probe
// the analysis host's kernel directly.
func processesNonProbeChecks(t *testing.T, pattern string) []string {
	cs, err := Select(pattern)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		if c.ID != "processes.hidden_pid" && c.ID != "network.hidden_port" {
			out = append(out, c.ID)
		}
	}
	return out
}

// processesWallet is a syntactically valid Monero address (95 base58
// characters starting with 4); it belongs to nobody.
var processesWallet = "4" + "A" + strings.Repeat("bcdefghijkmnopqrstuvwxyz123456789ABCDEFGHJKLMNPQRSTUVWXYZ", 2)[:93]

func TestProcessesScenarios(t *testing.T) {
	runSnapScenarios(t, []snapScenario{
		{name: "clean snapshot is silent"},
		// processes.deleted_exe
		{name: "deleted miner in a hidden temp dir", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4000, 1, "kdevtmpfsi", "/tmp/.x/kdevtmpfsi", "/tmp/.x/kdevtmpfsi"))
			p.ExeDeleted = true
		}, want: []want{{"processes.deleted_exe", "/tmp/.x/kdevtmpfsi"}, {"processes.exe_temp_dir", "/tmp/.x/kdevtmpfsi"}}},
		{name: "deleted binary in a system-looking path", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4001, 1, "updater", "/usr/local/bin/updater", "updater", "--daemon"))
			p.ExeDeleted = true
		}, want: []want{{"processes.deleted_exe", "/usr/local/bin/updater"}}},
		{name: "benign: cron upgraded while running", snap: func(r *testRoot, s *snapshot.Snapshot) {
			for i := range s.Processes {
				if s.Processes[i].PID == 510 {
					s.Processes[i].ExeDeleted = true
					s.Processes[i].ExeSHA256 = strings.Repeat("ab", 32)
				}
			}
		}},
		// processes.memfd_exe
		{name: "fileless memfd payload", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4010, 1, "3", "/memfd:payload", "/proc/self/fd/3"))
			p.ExeDeleted = true
		}, want: []want{{"processes.memfd_exe", "/memfd:payload"}}},
		{name: "fileless memfd with an empty name posing as a daemon", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4011, 1, "sshd", "/memfd:", "sshd"))
			p.ExeDeleted = true
		}, want: []want{{"processes.memfd_exe", "/memfd:"}, {"processes.daemon_masquerade", "/memfd:"}}},
		{name: "benign: memfd only in the command line", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4012, 710, "cat", "/usr/bin/cat", "cat", "/home/debian/notes-on-memfd:create.txt"))
		}},
		// processes.exe_temp_dir
		{name: "binary in /dev/shm", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4020, 1, "xmr", "/dev/shm/xmr", "./xmr"))
		}, want: []want{{"processes.exe_temp_dir", "/dev/shm/xmr"}}},
		{name: "interpreter running a script from /var/tmp (relative, via cwd)", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4021, 1, "bash", "/usr/bin/bash", "bash", "x.sh"))
			p.Cwd = "/var/tmp"
		}, want: []want{{"processes.exe_temp_dir", "/usr/bin/bash"}}},
		{name: "python with options before a /dev/shm script", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4022, 1, "python3", "/usr/bin/python3.11", "python3", "-u", "-B", "/dev/shm/.s/run.py"))
		}, want: []want{{"processes.exe_temp_dir", "/usr/bin/python3.11"}}},
		{name: "benign: cwd in /tmp and a /tmpfiles path", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4023, 710, "bash", "/usr/bin/bash", "bash", "/tmpfiles/build.sh"))
			p.Cwd = "/tmp"
		}},
		// processes.exe_hidden_dir
		{name: "binary in a hidden system directory", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4030, 1, "updated", "/usr/lib/.cache/updated", "/usr/lib/.cache/updated"))
		}, want: []want{{"processes.exe_hidden_dir", "/usr/lib/.cache/updated"}}},
		{name: "binary in a hidden directory of a home", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4031, 1, "agent", "/home/debian/.config/.x/agent", "agent"))
		}, want: []want{{"processes.exe_hidden_dir", "/home/debian/.config/.x/agent"}}},
		{name: "benign: dotted version in a path", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4032, 1, "app", "/opt/app/v1.2/bin/app", "/opt/app/v1.2/bin/app", "--config", "/etc/app.conf"))
		}},
		// processes.exe_home_dir
		{name: "binary in a home directory", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4040, 710, "tool", "/home/debian/bin/tool", "tool"))
		}, want: []want{{"processes.exe_home_dir", "/home/debian/bin/tool"}}},
		// processes.root_writable_exe
		{name: "root runs a world-writable binary", plant: func(r *testRoot) {
			r.writeMode("/opt/agent/agent", fakeELF("agent"), 0o777)
		}, snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4050, 1, "agent", "/opt/agent/agent", "/opt/agent/agent"))
		}, want: []want{{"processes.root_writable_exe", "/opt/agent/agent"}}},
		{name: "root runs a binary from a world-writable directory", plant: func(r *testRoot) {
			r.writeMode("/srv/drop/run", fakeELF("run"), 0o755)
			os.Chmod(r.path("/srv/drop"), 0o777)
		}, snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4051, 1, "run", "/srv/drop/run", "/srv/drop/run"))
			p.UID = 1000 // setuid: effective root
		}, want: []want{{"processes.root_writable_exe", "/srv/drop/run"}}},
		{name: "benign: root daemon from a root-owned package path", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4052, 1, "sleep", "/usr/bin/sleep", "sleep", "infinity"))
		}},
		// processes.kthread_masquerade
		{name: "miner posing as kworker", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4060, 1, "kworker/0:2", "/usr/bin/.k/kw", "[kworker/0:2]"))
		}, want: []want{{"processes.kthread_masquerade", "/usr/bin/.k/kw"}}},
		{name: "kdevtmpfsi suffix trick", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4061, 1, "kdevtmpfsi", "/var/lib/kdevtmpfsi", "kdevtmpfsi"))
		}, want: []want{{"processes.kthread_masquerade", "/var/lib/kdevtmpfsi"}, {"processes.miner", "/var/lib/kdevtmpfsi"}}},
		{name: "packaged binary with a bracketed argv[0]", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4062, 1, "sleep", "/usr/bin/sleep", "[kthreadd]"))
		}, want: []want{{"processes.kthread_masquerade", "/usr/bin/sleep"}}},
		{name: "kernel-thread name without exe but wrong parent", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesKthread(4063, "ksoftirqd/3"))
			p.PPID = 1
		}, want: []want{{"processes.kthread_masquerade", "/proc/4063"}}},
		{name: "benign: watchdog and kerneloops daemons, zombie", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4064, 1, "watchdog", "/usr/sbin/watchdog", "/usr/sbin/watchdog"))
			processesAdd(s, processesProc(4065, 1, "kerneloops", "/usr/sbin/kerneloops", "/usr/sbin/kerneloops", "--test"))
			z := processesAdd(s, snapshot.Process{PID: 4066, PPID: 510, Name: "kworker", State: "Z"})
			_ = z
		}},
		// processes.daemon_masquerade
		{name: "sleep renamed sshd by argv[0]", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4070, 1, "sleep", "/usr/bin/sleep", "sshd", "-D"))
		}, want: []want{{"processes.daemon_masquerade", "/usr/bin/sleep"}}},
		{name: "unpackaged sshd", plant: func(r *testRoot) {
			r.writeMode("/usr/local/sbin/sshd", fakeELF("evil-sshd"), 0o755)
		}, snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4071, 1, "sshd", "/usr/local/sbin/sshd", "/usr/local/sbin/sshd", "-p", "2222"))
		}, want: []want{{"processes.daemon_masquerade", "/usr/local/sbin/sshd"}}},
		{name: "packaged sshd replaced on disk", plant: func(r *testRoot) {
			r.writeMode("/usr/sbin/sshd", fakeELF("trojaned-sshd"), 0o755)
		}, snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4072, 1, "sshd", "/usr/sbin/sshd", "/usr/sbin/sshd", "-D"))
		}, want: []want{{"processes.daemon_masquerade", "/usr/sbin/sshd"}}},
		{name: "benign: nginx built from source, python daemon with a short comm", plant: func(r *testRoot) {
			r.writeMode("/usr/local/nginx/sbin/nginx", fakeELF("nginx"), 0o755)
		}, snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4073, 1, "nginx", "/usr/local/nginx/sbin/nginx", "nginx: master process /usr/local/nginx/sbin/nginx"))
			processesAdd(s, processesProc(4074, 1, "unattended-upgr", "/usr/bin/python3.11", "/usr/bin/python3", "/usr/share/unattended-upgrades/unattended-upgrade-shutdown", "--wait-for-signal"))
		}},
		// processes.ld_preload_env
		{name: "LD_PRELOAD of an unpackaged library", plant: func(r *testRoot) {
			r.write("/usr/local/lib/libprocesshider.so", fakeELF("hider"))
		}, snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4080, 1, "sleep", "/usr/bin/sleep", "sleep", "100"))
			p.Environ = []string{"PATH=/usr/bin", "LD_PRELOAD=/usr/local/lib/libprocesshider.so"}
		}, want: []want{{"processes.ld_preload_env", "/usr/bin/sleep"}}},
		{name: "LD_PRELOAD from /dev/shm with odd spacing, and LD_AUDIT", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4081, 1, "bash", "/usr/bin/bash", "bash"))
			p.Environ = []string{"LD_PRELOAD=  /dev/shm/.l.so ", "LD_AUDIT=/var/tmp/a.so"}
		}, want: []want{{"processes.ld_preload_env", "/usr/bin/bash"}}},
		{name: "LD_LIBRARY_PATH into a hidden directory", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4082, 1, "cron", "/usr/sbin/cron", "cron"))
			p.Environ = []string{"LD_LIBRARY_PATH=/usr/lib:/root/.lib"}
		}, want: []want{{"processes.ld_preload_env", "/usr/sbin/cron"}}},
		{name: "benign: packaged library preloaded, vendor LD_LIBRARY_PATH", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4083, 1, "sleep", "/usr/bin/sleep", "sleep", "100"))
			p.Environ = []string{"LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libc.so.6", "LD_LIBRARY_PATH=/opt/oracle/instantclient"}
		}},
		// processes.reverse_shell
		{name: "bash with a TCP connection on stdio", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4090, 1, "bash", "/usr/bin/bash", "bash", "-i"))
			processesSocketFDs(p, 3000, 0, 1, 2)
			s.Sockets = append(s.Sockets, processesSock("tcp", "198.51.100.5", 40000, "203.0.113.9", 4444, "ESTABLISHED", 3000, 4090))
		}, want: []want{{"processes.reverse_shell", "/usr/bin/bash"}}},
		{name: "python with only stderr on a UDP socket (IPv6)", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4091, 1, "python3", "/usr/bin/python3.11", "python3", "-c", "import pty"))
			processesSocketFDs(p, 3001, 2)
			s.Sockets = append(s.Sockets, processesSock("udp6", "2001:db8::5", 40001, "2001:db8::66", 53, "ESTABLISHED", 3001, 4091))
		}, want: []want{{"processes.reverse_shell", "/usr/bin/python3.11"}}},
		{name: "benign: daemon logging to journald over a unix socket, php-fpm on fd 0", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4092, 1, "python3", "/usr/bin/python3.11", "/usr/bin/python3", "/usr/bin/networkd-dispatcher"))
			processesSocketFDs(p, 2001, 1, 2)
			s.Sockets = append(s.Sockets, snapshot.Socket{Proto: "unix", State: "CONNECTED", Type: "stream", Inode: 2001, PIDs: []int{4092}})
			q := processesAdd(s, processesProc(4093, 1, "php-fpm8.2", "/usr/sbin/php-fpm8.2", "php-fpm: pool www"))
			processesSocketFDs(q, 3002, 0)
			s.Sockets = append(s.Sockets, processesSock("tcp", "127.0.0.1", 9000, "0.0.0.0", 0, "LISTEN", 3002, 4093))
		}},
		// processes.miner
		{name: "stratum URL under an innocent name", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4100, 1, "systemd-helper", "/opt/x/systemd-helper", "/opt/x/systemd-helper", "-o", "stratum+tcp://pool.example.net:3333", "-k"))
		}, want: []want{{"processes.miner", "/opt/x/systemd-helper"}}},
		{name: "pool port with a Monero wallet, named java", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4101, 1, "java", "/usr/lib/jvm/bin/java", "java", "-o", "203.0.113.50:14444", "-u", processesWallet, "-p", "x"))
		}, want: []want{{"processes.miner", "/usr/lib/jvm/bin/java"}}},
		{name: "donate level and pool domain with odd spacing", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4102, 1, "dbused", "/usr/bin/dbused", "dbused", "--url=GULF.moneroocean.stream:10128", "--donate-level=1"))
		}, want: []want{{"processes.miner", "/usr/bin/dbused"}}},
		{name: "benign: ssh -o, redis, node on 3000", snap: func(r *testRoot, s *snapshot.Snapshot) {
			processesAdd(s, processesProc(4103, 710, "ssh", "/usr/bin/ssh", "ssh", "-o", "StrictHostKeyChecking=no", "-p", "22", "deploy@10.0.0.5"))
			processesAdd(s, processesProc(4104, 1, "redis-server", "/usr/bin/redis-check-rdb", "/usr/bin/redis-server 127.0.0.1:6379"))
			processesAdd(s, processesProc(4105, 1, "node", "/usr/bin/node", "node", "server.js", "-o", "0.0.0.0:3000"))
			processesAdd(s, processesProc(4106, 710, "sudo", "/usr/bin/sudo", "sudo", "-u", "postgres", "psql"))
		}},
		// processes.sustained_cpu
		{name: "unpackaged program burning a CPU for hours", plant: func(r *testRoot) {
			r.writeMode("/opt/svc/worker", fakeELF("worker"), 0o755)
		}, snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4110, 1, "worker", "/opt/svc/worker", "/opt/svc/worker"))
			p.CPUSeconds = 3.9 * 3600
		}, want: []want{{"processes.sustained_cpu", "/opt/svc/worker"}}},
		{name: "busy program from /var/tmp", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4111, 1, "w", "/var/tmp/w", "/var/tmp/w"))
			p.CPUSeconds = 4 * 3600 * 1.9 // two cores
		}, want: []want{{"processes.sustained_cpu", "/var/tmp/w"}}},
		{name: "benign: packaged program busy for hours", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4112, 1, "top", "/usr/bin/top", "top", "-b"))
			p.CPUSeconds = 4 * 3600
		}},
		// processes.exe_replaced
		{name: "running sshd differs from the sshd on disk", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4120, 1, "sshd", "/usr/sbin/sshd", "/usr/sbin/sshd", "-D", "-p", "2022"))
			sum := sha256.Sum256([]byte("the binary that was running"))
			p.ExeSHA256 = hex.EncodeToString(sum[:])
			p.ExeInode = 999999
		}, want: []want{{"processes.exe_replaced", "/usr/sbin/sshd"}}},
		{name: "running binary missing from disk but not deleted", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4121, 1, "ghost", "/usr/local/bin/ghost", "ghost"))
			p.ExeSHA256 = strings.Repeat("cd", 32)
		}, want: []want{{"processes.exe_replaced", "/usr/local/bin/ghost"}}},
		{name: "benign: container process with its own paths, same hash", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4122, 1, "app", "/app/server", "/app/server"))
			p.MntNS = "mnt:[4026532999]"
			q := processesAdd(s, processesProc(4123, 1, "cat", "/usr/bin/cat", "cat"))
			q.ExeSHA256 = processesFileSHA(r, "/usr/bin/cat")
		}},
		// processes.chroot
		{name: "process chrooted into a hidden temp dir", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4130, 1, "sh", "/var/tmp/.jail/bin/sh", "sh"))
			p.Root = "/var/tmp/.jail"
		}, want: []want{{"processes.chroot", "/var/tmp/.jail/bin/sh"}}},
		{name: "benign: sshd privilege separation chroot", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4131, 700, "sshd", "/usr/sbin/sshd", "sshd: debian [net]"))
			p.Root = "/run/sshd"
			p.UID, p.EUID = 101, 101
		}},
		// processes.proc_bind_mount
		{name: "tmpfs mounted over /proc/PID", snap: func(r *testRoot, s *snapshot.Snapshot) {
			s.Mounts = append(s.Mounts, snapshot.Mount{ID: 90, Parent: 22, Device: "0:55", Root: "/", MountPoint: "/proc/4242", FSType: "tmpfs", Source: "none", MntNS: processesHostMnt})
		}, want: []want{{"processes.proc_bind_mount", "/proc/4242"}}},
		{name: "bind mount of a hidden empty dir over /proc/PID/", snap: func(r *testRoot, s *snapshot.Snapshot) {
			s.Mounts = append(s.Mounts, snapshot.Mount{ID: 91, Parent: 22, Device: "254:1", Root: "/dev/shm/.empty", MountPoint: "/proc/31337/", FSType: "ext4", Source: "/dev/vda1"})
		}, want: []want{{"processes.proc_bind_mount", "/proc/31337/"}}},
		// processes.webshell_child
		{name: "php-fpm spawns a recon shell", snap: func(r *testRoot, s *snapshot.Snapshot) {
			fpm := processesProc(4140, 1, "php-fpm8.2", "/usr/sbin/php-fpm8.2", "php-fpm: pool www")
			fpm.UID, fpm.EUID = 33, 33
			processesAdd(s, fpm)
			sh := processesProc(4141, 4140, "sh", "/usr/bin/dash", "sh", "-c", "id;uname -a")
			sh.UID, sh.EUID = 33, 33
			processesAdd(s, sh)
		}, want: []want{{"processes.webshell_child", "/usr/bin/dash"}}},
		{name: "apache spawns sh which spawns a python pty", snap: func(r *testRoot, s *snapshot.Snapshot) {
			ap := processesProc(4150, 1, "apache2", "/usr/sbin/apache2", "/usr/sbin/apache2", "-k", "start")
			ap.UID, ap.EUID = 33, 33
			processesAdd(s, ap)
			sh := processesProc(4151, 4150, "sh", "/usr/bin/dash", "sh", "-c", "python3 -c 'import pty;pty.spawn(\"/bin/bash\")'")
			sh.UID, sh.EUID = 33, 33
			processesAdd(s, sh)
			py := processesProc(4152, 4151, "python3", "/usr/bin/python3.11", "python3", "-c", "import pty;pty.spawn(\"/bin/bash\")")
			py.UID, py.EUID = 33, 33
			processesAdd(s, py)
		}, want: []want{{"processes.webshell_child", "/usr/bin/python3.11"}, {"processes.webshell_child", "/usr/bin/dash"}}},
		{name: "benign: PHP mail() through sendmail, apache piped logs as root", plant: func(r *testRoot) {
			r.writeMode("/usr/sbin/sendmail", fakeELF("sendmail"), 0o755)
			r.writeMode("/usr/bin/rotatelogs", fakeELF("rotatelogs"), 0o755)
			r.own("postfix", "/usr/sbin/sendmail")
			r.own("apache2-utils", "/usr/bin/rotatelogs")
		}, snap: func(r *testRoot, s *snapshot.Snapshot) {
			fpm := processesProc(4160, 1, "php-fpm8.2", "/usr/sbin/php-fpm8.2", "php-fpm: pool www")
			fpm.UID = 33
			processesAdd(s, fpm)
			sh := processesProc(4161, 4160, "sh", "/usr/bin/dash", "sh", "-c", "/usr/sbin/sendmail -t -i ")
			sh.UID = 33
			processesAdd(s, sh)
			processesAdd(s, processesProc(4162, 1, "apache2", "/usr/sbin/apache2", "/usr/sbin/apache2", "-k", "start"))
			processesAdd(s, processesProc(4163, 4162, "sh", "/usr/bin/dash", "sh", "-c", "/usr/bin/rotatelogs /var/log/apache2/access.%Y 86400"))
		}},
		// Hostile input must not break anything.
		{name: "hostile names and huge command lines", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(4170, 1, "a\nb\xff", "/usr/bin/\xff\n", strings.Repeat("A", 200000), "\x00", ""))
			p.Environ = []string{"LD_PRELOAD=", "LD_PRELOAD", "=", "LD_LIBRARY_PATH=::::"}
			p.ExeSHA256 = "\xff"
			processesSocketFDs(p, 77, 0)
			processesAdd(s, snapshot.Process{PID: 4171, PPID: 4171, Name: "", Cmdline: []string{""}})
			s.Mounts = append(s.Mounts, snapshot.Mount{MountPoint: "/proc/\n"})
		}, want: []want{{"processes.exe_replaced", ""}}},
	})
}

// TestProcessesFindHidden plants a hidden process in a fake /proc.
func TestProcessesFindHidden(t *testing.T) {
	listed := map[int]bool{1: true, 2: true, 100: true}
	alive := map[int]bool{1: true, 2: true, 100: true, 101: true, 4242: true, 5000: true}
	calls := 0
	pr := processesPIDProbe{
		max: 70000,
		list: func() (map[int]bool, error) {
			calls++
			out := map[int]bool{}
			for k := range listed {
				out[k] = true
			}
			if calls > 1 {
				out[5000] = true // started during the probe: listed the second time
			}
			return out, nil
		},
		kill: func(pid int) bool { return alive[pid] && pid != 4242 }, // the rootkit also hooks kill
		stat: func(pid int) bool { return alive[pid] },
		tgid: func(pid int) int {
			if pid == 101 {
				return 100 // a thread of a listed process
			}
			return pid
		},
	}
	got, err := processesFindHidden(pr, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != 4242 {
		t.Fatalf("hidden = %v, want [4242]", got)
	}
}

// processesLibc finds the path of the C library on this machine.
func processesLibc() string {
	for _, pat := range []string{"/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6", "/lib/aarch64-linux-gnu/libc.so.6",
		"/usr/lib/aarch64-linux-gnu/libc.so.6", "/lib64/libc.so.6", "/usr/lib64/libc.so.6", "/lib/*/libc.so.6", "/usr/lib/*/libc.so.6"} {
		if m, _ := filepath.Glob(pat); len(m) > 0 {
			return m[0]
		}
	}
	return ""
}

// processesCopy copies a file to dst with mode 0755.
func processesCopy(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// processesStart starts cmd and stops it when the test ends.
func processesStart(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %v: %v", cmd.Args, err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return cmd.Process.Pid
}

// processesFound reports a finding of rule whose evidence names pid.
func processesFound(fs []finding.Finding, rule string, pid int) bool {
	for _, f := range fs {
		if f.Rule != rule {
			continue
		}
		for _, e := range f.Evidence {
			if e.PID == pid {
				return true
			}
		}
	}
	return false
}

// TestProcessesNetworkLive starts harmless processes this test owns in the
// shapes the checks look for, scans the live host and stops them.
func TestProcessesNetworkLive(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs Linux /proc")
	}
	if _, err := os.Stat("/proc/self/exe"); err != nil {
		t.Skip("no /proc")
	}
	sleepBin, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep program")
	}
	if real, err := filepath.EvalSymlinks(sleepBin); err == nil {
		sleepBin = real
	}
	tmp := t.TempDir()
	for _, n := range []string{"sshd", "kworker", "bash", "nc"} {
		processesCopy(t, sleepBin, filepath.Join(tmp, n))
	}
	type expect struct {
		pid   int
		rules []string
		what  string
	}
	var expects []expect

	// A copy of sleep in a temporary directory, named and called sshd.
	pid := processesStart(t, &exec.Cmd{Path: filepath.Join(tmp, "sshd"), Args: []string{"sshd", "60"}})
	ex := expect{pid, []string{"processes.daemon_masquerade"}, "sleep copy named sshd"}
	if InTempDir(tmp + "/") {
		ex.rules = append(ex.rules, "processes.exe_temp_dir")
	}
	expects = append(expects, ex)

	// A copy named kworker with a kernel thread's bracketed argv[0].
	pid = processesStart(t, &exec.Cmd{Path: filepath.Join(tmp, "kworker"), Args: []string{"[kworker/0:2]", "60"}})
	expects = append(expects, expect{pid, []string{"processes.kthread_masquerade"}, "sleep copy named kworker"})

	// sleep with LD_PRELOAD of the C library itself: harmless, but the shape.
	if libc := processesLibc(); libc != "" {
		cmd := exec.Command(sleepBin, "60")
		cmd.Env = append(os.Environ(), "LD_PRELOAD="+libc)
		pid = processesStart(t, cmd)
		expects = append(expects, expect{pid, []string{"processes.ld_preload_env"}, "sleep with LD_PRELOAD=" + libc})
	} else {
		t.Log("no libc found: LD_PRELOAD case skipped")
	}

	// A "bash" (a copy of sleep) whose stdin is a TCP connection.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 4)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	cf, err := conn.(*net.TCPConn).File()
	if err != nil {
		t.Fatal(err)
	}
	pid = processesStart(t, &exec.Cmd{Path: filepath.Join(tmp, "bash"), Args: []string{"bash", "60"}, Stdin: cf})
	cf.Close()
	expects = append(expects, expect{pid, []string{"processes.reverse_shell"}, "bash-named sleep with a socket on stdin"})

	// A "nc" (a copy of sleep) holding a listening socket on 127.0.0.1.
	ln2, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lf, err := ln2.(*net.TCPListener).File()
	if err != nil {
		t.Fatal(err)
	}
	pid = processesStart(t, &exec.Cmd{Path: filepath.Join(tmp, "nc"), Args: []string{"nc", "60"}, Stdin: lf})
	lf.Close()
	ln2.Close()
	ex = expect{pid, []string{"network.listeners"}, "nc-named sleep holding a listener"}
	if InTempDir(tmp + "/") {
		ex.rules = append(ex.rules, "network.suspicious_listener")
	}
	expects = append(expects, ex)

	// A stratum server on 127.0.0.1:3333 and a miner-shaped child holding
	// a connection to it after the mining.subscribe handshake.
	if pool, err := net.Listen("tcp", "127.0.0.1:3333"); err != nil {
		t.Logf("port 3333 is taken (%v): stratum case skipped", err)
	} else {
		defer pool.Close()
		go func() {
			for {
				c, err := pool.Accept()
				if err != nil {
					return
				}
				go func(c net.Conn) {
					defer c.Close()
					br := bufio.NewReader(c)
					line, err := br.ReadString('\n')
					if err != nil || !strings.Contains(line, `"mining.subscribe"`) {
						return
					}
					io.WriteString(c, `{"id":1,"jsonrpc":"2.0","result":[[["mining.notify","ae6812eb4cd7735a302a8a9dd95cf71f"]],"08000002",4],"error":null}`+"\n")
					io.Copy(io.Discard, br)
				}(c)
			}
		}()
		mc, err := net.Dial("tcp", "127.0.0.1:3333")
		if err != nil {
			t.Fatal(err)
		}
		defer mc.Close()
		io.WriteString(mc, `{"id":1,"method":"mining.subscribe","params":["xmrig/6.21.0"]}`+"\n")
		mc.SetReadDeadline(time.Now().Add(5 * time.Second))
		reply, err := bufio.NewReader(mc).ReadString('\n')
		if err != nil || !strings.Contains(reply, "mining.notify") {
			t.Fatalf("stratum handshake: %q %v", reply, err)
		}
		mf, err := mc.(*net.TCPConn).File()
		if err != nil {
			t.Fatal(err)
		}
		self, err := os.Executable()
		if err != nil {
			t.Fatal(err)
		}
		cmd := &exec.Cmd{Path: self, Args: []string{"xmrig", "-o", "stratum+tcp://127.0.0.1:3333", "-u", processesWallet, "--donate-level=1"},
			Env: append(os.Environ(), "YINGJI_PROCESSES_HELPER=sleep"), Stdin: mf}
		pid = processesStart(t, cmd)
		mf.Close()
		expects = append(expects, expect{pid, []string{"processes.miner", "network.mining_pool_connection"}, "miner-shaped child connected to a stratum server on 3333"})
	}

	src, err := source.OpenDir("/", true)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	// The packet-socket check reads /proc/net/packet through the Source.
	if _, err := os.Stat("/proc/net/packet"); err == nil {
		if b, err := source.ReadFileLimit(src, "proc/net/packet", 1<<20); err != nil || !strings.Contains(string(b), "Inode") {
			t.Errorf("proc/net/packet through the live source: %q %v", b, err)
		}
	}
	start := time.Now()
	res, err := Run(context.Background(), src, Options{Pattern: "processes.*,network.*"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("live scan of processes.* and network.* took %s", time.Since(start).Round(time.Millisecond))
	ours := map[int]bool{os.Getpid(): true}
	for _, ex := range expects {
		ours[ex.pid] = true
		for _, rule := range ex.rules {
			if !processesFound(res.Findings, rule, ex.pid) {
				t.Errorf("%s (pid %d): no %s finding", ex.what, ex.pid, rule)
			}
		}
	}
	for _, st := range res.Statuses {
		if st.Error != "" {
			t.Errorf("check %s failed: %s", st.ID, st.Error)
		}
		if st.Duration > 10*time.Second {
			t.Errorf("check %s took %s", st.ID, st.Duration)
		}
	}
	// What the checks say of the rest of this machine (calibration).
	for _, f := range res.Findings {
		mine := false
		for _, e := range f.Evidence {
			mine = mine || ours[e.PID]
		}
		if (f.Rule == "processes.hidden_pid" || f.Rule == "network.hidden_port") && mine {
			t.Errorf("our own process reported hidden: %s %+v", f.Description, f.Evidence)
		}
		if !mine && f.Severity > finding.Low {
			t.Logf("this machine: %s %s: %s", f.Severity, f.Rule, Excerpt(f.Description, 400))
		}
	}
	for _, c := range processesDrain(accepted) {
		c.Close()
	}
}

func processesDrain(ch chan net.Conn) []net.Conn {
	var out []net.Conn
	for {
		select {
		case c := <-ch:
			out = append(out, c)
		default:
			return out
		}
	}
}

// processesSummary lists findings above info with their severity and PID.
func processesSummary(fs []finding.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		if f.Severity == finding.Info {
			continue
		}
		var where []string
		for _, e := range f.Evidence {
			where = append(where, e.Path+"#"+strconv.Itoa(e.PID))
		}
		b.WriteString("  " + f.Severity.String() + " " + f.Rule + " " + strings.Join(where, ",") + "\n")
	}
	return b.String()
}
