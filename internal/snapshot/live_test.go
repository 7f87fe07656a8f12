package snapshot

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The live tests read this machine's /proc. They start their own harmless
// processes (copies of /bin/sleep, and this test binary as a helper), use
// only 127.0.0.1 or a network namespace they create, and kill everything
// they start.

func requireLinuxProc(t *testing.T) {
	t.Helper()
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
}

// start runs cmd and registers its killing.
func start(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
}

// waitExec waits until pid has executed a program whose command line
// starts with argv0: after fork, /proc/PID still shows the parent's image
// until execve completes.
func waitExec(t *testing.T, pid int, argv0 string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", pid))
		if strings.HasPrefix(string(b), argv0+"\x00") {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("pid %d did not exec %q", pid, argv0)
}

func findProc(t *testing.T, s *Snapshot, pid int) Process {
	t.Helper()
	for _, p := range s.Processes {
		if p.PID == pid {
			return p
		}
	}
	t.Fatalf("pid %d not in snapshot", pid)
	return Process{}
}

func TestLive(t *testing.T) {
	requireLinuxProc(t)
	dir := t.TempDir()

	// 1. A deleted executable with a hostile argv[0] and LD_PRELOAD set.
	orig, err := os.ReadFile("/bin/sleep")
	if err != nil {
		t.Skip(err)
	}
	sum := sha256.Sum256(orig)
	wantHash := hex.EncodeToString(sum[:])
	copyPath := filepath.Join(dir, "ysleep")
	if err := os.WriteFile(copyPath, orig, 0o755); err != nil {
		t.Fatal(err)
	}
	argv0 := "\xffys\xfeleep" // not UTF-8: must survive JSON exactly
	deleted := exec.Command(copyPath, "300")
	deleted.Args[0] = argv0
	deleted.Env = []string{"LD_PRELOAD=/nonexistent/x.so", "YINGJI_TEST=1"}
	start(t, deleted)
	waitExec(t, deleted.Process.Pid, argv0)
	if err := os.Remove(copyPath); err != nil {
		t.Fatal(err)
	}

	// 2. A listener and a connection on 127.0.0.1, held by this process.
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 2)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	client, err := net.Dial("tcp4", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server := <-accepted
	defer server.Close()

	// 3. A child whose stdin is a socket (like a reverse shell).
	client2, err := net.Dial("tcp4", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client2.Close()
	server2 := <-accepted
	defer server2.Close()
	sockFile, err := client2.(*net.TCPConn).File()
	if err != nil {
		t.Fatal(err)
	}
	shell := exec.Command("/bin/sleep", "301")
	shell.Stdin = sockFile
	start(t, shell)
	sockFile.Close()
	waitExec(t, shell.Process.Pid, "/bin/sleep")

	before := time.Now()
	s, err := Take(context.Background(), Options{HashExecutables: true})
	if err != nil {
		t.Fatal(err)
	}
	if d := s.Taken.Sub(before); d < 0 || d > 5*time.Second || s.Taken.Location() != time.UTC {
		t.Errorf("Taken = %v", s.Taken)
	}
	if s.Host.Kernel == "" || s.Host.Boot.IsZero() || s.Host.Uptime <= 0 {
		t.Errorf("host: %+v", s.Host)
	}

	p := findProc(t, s, deleted.Process.Pid)
	if !p.ExeDeleted || p.Exe != copyPath || p.ExeSHA256 != wantHash || p.ExeSize != int64(len(orig)) {
		t.Errorf("deleted exe: exe=%q deleted=%v sha=%s size=%d, want %q %s", p.Exe, p.ExeDeleted, p.ExeSHA256, p.ExeSize, copyPath, wantHash)
	}
	if !reflect.DeepEqual(p.Cmdline, []string{argv0, "300"}) {
		t.Errorf("cmdline %q", p.Cmdline)
	}
	if !slices.Contains(p.Environ, "LD_PRELOAD=/nonexistent/x.so") {
		t.Errorf("environ %q", p.Environ)
	}
	if p.PPID != os.Getpid() || p.Name != "ysleep" || p.UID != uint32(os.Getuid()) || p.EUID != uint32(os.Geteuid()) {
		t.Errorf("ids: %+v", p)
	}
	// btime has whole-second precision, so allow a little slack.
	if p.StartTime.Before(before.Add(-time.Minute)) || p.StartTime.After(s.Taken.Add(2*time.Second)) {
		t.Errorf("start time %v, snapshot %v", p.StartTime, s.Taken)
	}
	if p.Root != "/" || p.Cwd == "" || p.NetNS == "" || p.Threads != 1 {
		t.Errorf("process: %+v", p)
	}

	self := findProc(t, s, os.Getpid())
	port := uint16(ln.Addr().(*net.TCPAddr).Port)
	clientPort := uint16(client.LocalAddr().(*net.TCPAddr).Port)
	var listen, est *Socket
	for i, sk := range s.Sockets {
		if sk.Proto != "tcp" || sk.LocalIP.String() != "127.0.0.1" {
			continue
		}
		if sk.LocalPort == port && sk.State == "LISTEN" {
			listen = &s.Sockets[i]
		}
		if sk.LocalPort == port && sk.RemotePort == clientPort && sk.State == "ESTABLISHED" {
			est = &s.Sockets[i]
		}
	}
	if listen == nil || !slices.Contains(listen.PIDs, os.Getpid()) || listen.NetNS != self.NetNS {
		t.Errorf("listener on port %d not found with our pid: %+v", port, listen)
	}
	if est == nil || !slices.Contains(est.PIDs, os.Getpid()) {
		t.Errorf("accepted connection not found with our pid: %+v", est)
	}

	sh := findProc(t, s, shell.Process.Pid)
	if len(sh.FDs) == 0 || sh.FDs[0].FD != 0 || sh.FDs[0].SocketInode == 0 || !strings.HasPrefix(sh.FDs[0].Target, "socket:[") {
		t.Fatalf("shell fds: %+v", sh.FDs)
	}
	found := false
	for _, sk := range s.Sockets {
		if sk.Inode == sh.FDs[0].SocketInode {
			found = true
			if sk.State != "ESTABLISHED" || sk.RemotePort != port || !slices.Contains(sk.PIDs, shell.Process.Pid) {
				t.Errorf("stdin socket: %+v", sk)
			}
		}
	}
	if !found {
		t.Errorf("stdin socket inode %d not in socket tables", sh.FDs[0].SocketInode)
	}

	// The whole live snapshot round-trips through JSON exactly.
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back Snapshot
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, s) {
		b2, _ := json.Marshal(&back)
		t.Errorf("JSON round trip differs (re-encoded equal: %v)", string(b) == string(b2))
	}
}

func TestCancelled(t *testing.T) {
	requireLinuxProc(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s, err := Take(ctx, Options{})
	if err != context.Canceled || s == nil {
		t.Fatalf("Take = %v, %v", s, err)
	}
}

// helperEnv marks the re-executed test binary as the namespace helper.
const helperEnv = "YINGJI_SNAPSHOT_NETNS_HELPER"

// TestNetNSHelper is not a test: run in a new network namespace by
// TestOtherNetNS, it listens on a port there, prints it, and waits for
// its stdin to close.
func TestNetNSHelper(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		t.Skip("helper process only")
	}
	ln, err := net.Listen("tcp4", "0.0.0.0:0") // lo is down in a fresh namespace
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	io.Copy(io.Discard, os.Stdin)
	os.Exit(0)
}

// TestOtherNetNS checks that sockets of another network namespace (as in
// a container) are collected and attributed to it.
func TestOtherNetNS(t *testing.T) {
	requireLinuxProc(t)
	if os.Geteuid() != 0 {
		t.Skip("needs root to create a network namespace")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNetNSHelper$")
	cmd.Env = append(os.Environ(), helperEnv+"=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		if os.IsPermission(err) || strings.Contains(err.Error(), "operation not permitted") {
			t.Skipf("cannot create a network namespace here: %v", err)
		}
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		t.Fatalf("helper said %q", line)
	}

	s, err := Take(context.Background(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	helper := findProc(t, s, cmd.Process.Pid)
	self := findProc(t, s, os.Getpid())
	if helper.NetNS == "" || helper.NetNS == self.NetNS {
		t.Fatalf("helper netns %q, ours %q", helper.NetNS, self.NetNS)
	}
	found := false
	for _, sk := range s.Sockets {
		if sk.Proto == "tcp" && sk.LocalPort == uint16(port) && sk.State == "LISTEN" && slices.Contains(sk.PIDs, helper.PID) {
			found = true
			if sk.NetNS != helper.NetNS {
				t.Errorf("socket in %q, helper in %q", sk.NetNS, helper.NetNS)
			}
		}
	}
	if !found {
		t.Errorf("listener of the other namespace (port %d) not found", port)
	}
}

// TestFixtureRoot runs Take on a fake /proc and /sys with damaged files:
// every problem lands in Errors or Process.Error, nothing aborts.
func TestFixtureRoot(t *testing.T) {
	root := t.TempDir()
	proc, sys := filepath.Join(root, "proc"), filepath.Join(root, "sys")
	files := map[string]string{
		"proc/stat":                 "cpu  1 2 3 4 5 6 7 8 9 10\nbtime 1700000000\n",
		"proc/uptime":               "12.5 20.0\n",
		"proc/sys/kernel/hostname":  "fixture\n",
		"proc/sys/kernel/osrelease": "6.1.0-test\n",
		"proc/sys/kernel/version":   "#1 SMP\n",
		"proc/sys/kernel/tainted":   "4096\n",
		"proc/42/stat":              "42 (evil) S 1 42 42 0 -1 4194304 0 0 0 0 150 50 0 0 20 0 1 0 500 1000 10 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n",
		"proc/42/status":            "Name:\tevil\nUid:\t1000\t0\t0\t0\nGid:\t1000\t1000\t1000\t1000\n",
		"proc/42/cmdline":           strings.Repeat("A", 100) + "\x00",
		"proc/42/environ":           "X=1\x00",
		"proc/43/stat":              "garbage",
		"proc/net/route":            routeFixture,
		"proc/net/arp":              arpFixture,
		"proc/modules":              modulesFixture,
		"proc/1/mountinfo":          mountinfoFixture,
	}
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(sys, "module", "diamorphine"), 0o755); err != nil {
		t.Fatal(err)
	}
	utmpRec := make([]byte, 384)
	utmpRec[0] = 7 // USER_PROCESS
	copy(utmpRec[8:], "pts/9")
	copy(utmpRec[44:], "mallory")
	target := map[string]string{
		"etc/os-release":  "ID=debian\n",
		"etc/resolv.conf": "nameserver 10.9.9.9\n" + strings.Repeat("#", MaxResolv),
		"run/utmp":        string(utmpRec) + "tail",
	}
	s, err := Take(context.Background(), Options{ProcPath: proc, SysPath: sys, MaxFieldSize: 64,
		ReadTargetFile: func(name string) ([]byte, error) {
			if c, ok := target[name]; ok {
				return []byte(c), nil
			}
			return nil, os.ErrNotExist
		}})
	if err != nil {
		t.Fatal(err)
	}
	if s.Host.Hostname != "fixture" || s.KernelTaint != 4096 || s.Host.Boot.Unix() != 1700000000 || s.Host.OSRelease["ID"] != "debian" {
		t.Errorf("host: %+v taint %d", s.Host, s.KernelTaint)
	}
	if len(s.Processes) != 2 {
		t.Fatalf("processes: %+v", s.Processes)
	}
	p := s.Processes[0]
	if p.PID != 42 || p.Name != "evil" || p.UID != 1000 || p.EUID != 0 || p.CPUSeconds != 2 ||
		!p.StartTime.Equal(time.Unix(1700000005, 0)) || len(p.Cmdline[0]) != 64 || !slices.Contains(p.Truncated, "cmdline") {
		t.Errorf("process 42: %+v", p)
	}
	if s.Processes[1].PID != 43 || !strings.Contains(s.Processes[1].Error, "stat") {
		t.Errorf("process 43: %+v", s.Processes[1])
	}
	if len(s.Routes) != 2 || len(s.ARP) != 2 || len(s.Modules) != 3 || len(s.Mounts) != 4 ||
		!reflect.DeepEqual(s.SysModules, []string{"diamorphine"}) {
		t.Errorf("tables: routes %d arp %d modules %d mounts %d sys %v", len(s.Routes), len(s.ARP), len(s.Modules), len(s.Mounts), s.SysModules)
	}
	if len(s.Sessions) != 1 || s.Sessions[0].User != "mallory" {
		t.Errorf("sessions: %+v", s.Sessions)
	}
	if !s.DNS.ResolvTruncated || len(s.DNS.Resolv) != MaxResolv || !reflect.DeepEqual(s.DNS.Nameservers, []string{"10.9.9.9"}) {
		t.Errorf("dns: truncated %v len %d %v", s.DNS.ResolvTruncated, len(s.DNS.Resolv), s.DNS.Nameservers)
	}
	joined := strings.Join(s.Errors, "\n")
	for _, want := range []string{"route: line 4", "arp: line 4", "modules: line 4", "mountinfo: line 5", "truncated record"} {
		if !strings.Contains(joined, want) {
			t.Errorf("errors lack %q:\n%s", want, joined)
		}
	}
}
