package snapshot

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/procfs"

	"github.com/yingji/yingji/internal/utmp"
)

// Options configures Take. The zero value reads the live host.
type Options struct {
	// ProcPath and SysPath are where procfs and sysfs are mounted;
	// defaults "/proc" and "/sys".
	ProcPath string
	SysPath  string
	// ReadTargetFile reads a file of the target's root file system by
	// slash path relative to the root, e.g. "etc/os-release". The caller
	// passes a read-only, atime-preserving, bounded reader. If nil, the
	// file "/"+name is read with O_NOATIME (when permitted), at most
	// 1 MiB.
	ReadTargetFile func(name string) ([]byte, error)
	// HashExecutables turns on SHA-256 hashing of each process's
	// executable. Each distinct (device, inode) is hashed once.
	HashExecutables bool
	// MaxHashSize skips hashing executables larger than this; default
	// 256 MiB.
	MaxHashSize int64
	// MaxFieldSize bounds each read of a process's variable-size data
	// (cmdline, environ; default 256 KiB, as a hostile process can have a
	// 100 MB environment). MaxFieldSize/16 bounds the number of file
	// descriptors examined per process. Cut fields are named in
	// Process.Truncated.
	MaxFieldSize int64
}

const (
	defaultMaxHash  = 256 << 20
	defaultMaxField = 256 << 10
	maxTargetFile   = 1 << 20
	maxProcFile     = 16 << 20 // /proc tables (net/tcp on a busy server)
	maxSmallFile    = 64 << 10 // one-line /proc and /sys values
)

// collector holds the state of one Take.
type collector struct {
	ctx     context.Context
	opt     Options
	fs      procfs.FS
	snap    *Snapshot
	btime   time.Time
	page    int64
	hashes  map[[2]uint64]hashResult
	sockPID map[uint64][]int // socket inode -> holders
}

type hashResult struct {
	sum string
	err error
}

// Take reads the volatile state of the host. Failures to read or parse
// single items are recorded in Snapshot.Errors and never abort. The only
// error returned is ctx's, when it is cancelled: the snapshot returned
// with it is partial but valid.
//
// Order follows volatility (RFC 3227): processes and sockets first, then
// network tables, mounts and modules, then files of the target.
func Take(ctx context.Context, opt Options) (*Snapshot, error) {
	if opt.ProcPath == "" {
		opt.ProcPath = "/proc"
	}
	if opt.SysPath == "" {
		opt.SysPath = "/sys"
	}
	if opt.ReadTargetFile == nil {
		opt.ReadTargetFile = readRootFile
	}
	if opt.MaxHashSize <= 0 {
		opt.MaxHashSize = defaultMaxHash
	}
	if opt.MaxFieldSize <= 0 {
		opt.MaxFieldSize = defaultMaxField
	}
	c := &collector{
		ctx:     ctx,
		opt:     opt,
		snap:    &Snapshot{Taken: time.Now().UTC(), CollectorPID: os.Getpid()},
		page:    int64(os.Getpagesize()),
		hashes:  map[[2]uint64]hashResult{},
		sockPID: map[uint64][]int{},
	}
	var err error
	if c.fs, err = procfs.NewFS(opt.ProcPath); err != nil {
		c.errorf("%s: %v", opt.ProcPath, err)
		return c.snap, nil
	}
	steps := []func(){
		c.host, c.processes, c.sockets, c.interfaces, c.routes, c.arp,
		c.mounts, c.modules, c.sessions, c.dns,
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return c.snap, err
		}
		step()
	}
	if err := ctx.Err(); err != nil {
		return c.snap, err
	}
	return c.snap, nil
}

func (c *collector) errorf(format string, args ...any) {
	c.snap.Errors = append(c.snap.Errors, fmt.Sprintf(format, args...))
}

func (c *collector) proc(elem ...string) string {
	return filepath.Join(append([]string{c.opt.ProcPath}, elem...)...)
}

// readBounded reads at most max bytes of name, reporting whether there
// was more.
func readBounded(name string, max int64) (data []byte, truncated bool, err error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, max+1))
	if int64(len(data)) > max {
		data, truncated = data[:max], true
	}
	return data, truncated, err
}

// readRootFile is the default Options.ReadTargetFile: bounded, and with
// O_NOATIME so that reading does not change the file's access time (a
// trace the responder may need). O_NOATIME needs ownership or
// CAP_FOWNER, so it falls back to a plain read-only open.
func readRootFile(name string) ([]byte, error) {
	p := "/" + strings.TrimPrefix(path.Clean("/"+name), "/")
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NOATIME, 0)
	if errors.Is(err, fs.ErrPermission) {
		f, err = os.Open(p)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTargetFile+1))
	if len(data) > maxTargetFile {
		return data[:maxTargetFile], fmt.Errorf("%s: larger than %d bytes, truncated", p, maxTargetFile)
	}
	return data, err
}

func readTrim(name string) (string, error) {
	b, _, err := readBounded(name, maxSmallFile)
	return strings.TrimSpace(string(b)), err
}

// gone reports whether err means the process exited while being read.
func gone(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ESRCH)
}

func (c *collector) host() {
	h := &c.snap.Host
	var err error
	if h.Hostname, err = readTrim(c.proc("sys/kernel/hostname")); err != nil {
		c.errorf("hostname: %v", err)
	}
	if h.Kernel, err = readTrim(c.proc("sys/kernel/osrelease")); err != nil {
		c.errorf("kernel release: %v", err)
	}
	if h.KernelVersion, err = readTrim(c.proc("sys/kernel/version")); err != nil {
		c.errorf("kernel version: %v", err)
	}
	if st, err := c.fs.Stat(); err != nil {
		c.errorf("%s: %v", c.proc("stat"), err)
	} else {
		c.btime = time.Unix(int64(st.BootTime), 0).UTC()
		h.Boot = c.btime
	}
	if s, err := readTrim(c.proc("uptime")); err != nil {
		c.errorf("uptime: %v", err)
	} else if f := strings.Fields(s); len(f) > 0 {
		if h.Uptime, err = strconv.ParseFloat(f[0], 64); err != nil {
			c.errorf("%s: %v", c.proc("uptime"), err)
		}
	}
	if s, err := readTrim(c.proc("sys/kernel/tainted")); err != nil {
		c.errorf("kernel taint: %v", err)
	} else if c.snap.KernelTaint, err = strconv.ParseUint(s, 10, 64); err != nil {
		c.errorf("%s: %v", c.proc("sys/kernel/tainted"), err)
	}
	if b, err := c.targetFile("etc/os-release", "usr/lib/os-release"); err == nil {
		h.OSRelease = parseOSRelease(b)
	}
	if b, err := c.targetFile("etc/machine-id"); err == nil {
		h.MachineID = strings.TrimSpace(string(b))
	}
}

// targetFile reads the first of names that exists in the target root.
// A missing file is not an error (minimal images lack many); any other
// failure is recorded.
func (c *collector) targetFile(names ...string) ([]byte, error) {
	var err error
	for _, n := range names {
		var b []byte
		if b, err = c.opt.ReadTargetFile(n); err == nil {
			return b, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			c.errorf("target %s: %v", n, err)
			return b, err
		}
	}
	return nil, err
}

// pids lists the numeric entries of /proc, in order.
func (c *collector) pids() []int {
	ents, err := os.ReadDir(c.opt.ProcPath)
	if err != nil {
		c.errorf("%s: %v", c.opt.ProcPath, err)
	}
	var out []int
	for _, e := range ents {
		if pid, err := strconv.Atoi(e.Name()); err == nil && pid > 0 {
			out = append(out, pid)
		}
	}
	sort.Ints(out)
	return out
}

func (c *collector) processes() {
	for _, pid := range c.pids() {
		if c.ctx.Err() != nil {
			return
		}
		p, ok := c.process(pid)
		if !ok {
			continue
		}
		for _, fd := range p.FDs {
			if fd.SocketInode != 0 && !slices.Contains(c.sockPID[fd.SocketInode], pid) {
				c.sockPID[fd.SocketInode] = append(c.sockPID[fd.SocketInode], pid)
			}
		}
		c.snap.Processes = append(c.snap.Processes, p)
	}
}

// process reads /proc/PID. It returns ok=false only when the process
// exited before its stat could be read.
func (c *collector) process(pid int) (p Process, ok bool) {
	p.PID = pid
	var errs []string
	fail := func(what string, err error) {
		errs = append(errs, fmt.Sprintf("%s: %v", what, err))
	}
	pr, err := c.fs.Proc(pid)
	if err != nil {
		if gone(err) {
			return p, false
		}
		fail("proc", err)
	}
	st, err := pr.Stat()
	switch {
	case err != nil && gone(err):
		return p, false
	case err != nil:
		fail("stat", err)
	default:
		p.PPID, p.State, p.Threads = st.PPID, st.State, st.NumThreads
		p.CPUSeconds = float64(st.UTime+st.STime) / ClockTicks
		p.RSS = int64(st.RSS) * c.page
		if !c.btime.IsZero() {
			// Integer arithmetic keeps the result exact (10 ms units).
			p.StartTime = c.btime.Add(time.Duration(st.Starttime) * (time.Second / ClockTicks))
		}
	}
	if status, err := pr.NewStatus(); err != nil {
		if !gone(err) {
			fail("status", err)
		}
	} else {
		p.Name = status.Name
		u, g := status.UIDs, status.GIDs
		p.UID, p.EUID, p.SUID, p.FSUID = uint32(u[0]), uint32(u[1]), uint32(u[2]), uint32(u[3])
		p.GID, p.EGID, p.SGID, p.FSGID = uint32(g[0]), uint32(g[1]), uint32(g[2]), uint32(g[3])
	}
	if p.Name == "" && st.Comm != "" {
		p.Name = st.Comm
	}

	dir := c.proc(strconv.Itoa(pid))
	for _, f := range []struct {
		name string
		dst  *[]string
	}{{"cmdline", &p.Cmdline}, {"environ", &p.Environ}} {
		b, trunc, err := readBounded(filepath.Join(dir, f.name), c.opt.MaxFieldSize)
		if err != nil && !gone(err) {
			fail(f.name, err)
		}
		*f.dst = splitNUL(b)
		if trunc {
			p.Truncated = append(p.Truncated, f.name)
		}
	}

	// Links that kernel threads and zombies lack (ENOENT) are left empty.
	link := func(name string) string {
		s, err := os.Readlink(filepath.Join(dir, name))
		if err != nil && !gone(err) {
			fail(name, err)
		}
		return s
	}
	exe := link("exe")
	p.Exe, p.ExeDeleted = strings.CutSuffix(exe, " (deleted)")
	p.Cwd = link("cwd")
	p.Root = link("root")
	p.NetNS = link("ns/net")
	p.PIDNS = link("ns/pid")
	p.MntNS = link("ns/mnt")
	if exe != "" {
		c.exe(&p, dir, fail)
	}
	c.fds(&p, dir, fail)
	if len(errs) > 0 {
		p.Error = strings.Join(errs, "; ")
	}
	return p, true
}

// exe stats and optionally hashes the executable through /proc/PID/exe,
// which opens the file the process runs even when it was deleted or
// replaced on disk.
func (c *collector) exe(p *Process, dir string, fail func(string, error)) {
	name := filepath.Join(dir, "exe")
	fi, err := os.Stat(name)
	if err != nil {
		if !gone(err) {
			fail("exe stat", err)
		}
		return
	}
	p.ExeSize = fi.Size()
	if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
		p.ExeDevice, p.ExeInode = uint64(sys.Dev), sys.Ino
	}
	if !c.opt.HashExecutables || p.ExeSize > c.opt.MaxHashSize {
		return
	}
	key := [2]uint64{p.ExeDevice, p.ExeInode}
	r, ok := c.hashes[key]
	if !ok || p.ExeInode == 0 {
		r = c.hash(name)
		if r.err == nil || !gone(r.err) {
			c.hashes[key] = r
		}
	}
	if r.err != nil {
		if !gone(r.err) {
			fail("exe hash", r.err)
		}
		return
	}
	p.ExeSHA256 = r.sum
}

func (c *collector) hash(name string) hashResult {
	// Reading through /proc/PID/exe reads the binary on disk: O_NOATIME
	// keeps its access time, which tells when the program last ran.
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NOATIME, 0)
	if errors.Is(err, fs.ErrPermission) {
		f, err = os.Open(name)
	}
	if err != nil {
		return hashResult{err: err}
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, &ctxReader{c.ctx, io.LimitReader(f, c.opt.MaxHashSize+1)})
	if err != nil {
		return hashResult{err: err}
	}
	if n > c.opt.MaxHashSize {
		return hashResult{err: fmt.Errorf("grew past %d bytes while hashing", c.opt.MaxHashSize)}
	}
	return hashResult{sum: hex.EncodeToString(h.Sum(nil))}
}

// ctxReader stops a long read (hashing a large binary) when ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (r *ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

// fds lists the descriptors: sockets and 0, 1, 2 are kept (the others are
// counted). At most MaxFieldSize/16 descriptors are examined.
func (c *collector) fds(p *Process, dir string, fail func(string, error)) {
	d := filepath.Join(dir, "fd")
	f, err := os.Open(d)
	if err != nil {
		if !gone(err) {
			fail("fd", err)
		}
		return
	}
	defer f.Close()
	limit := int(c.opt.MaxFieldSize / 16)
	names, err := f.Readdirnames(limit + 1)
	if err != nil && err != io.EOF && !gone(err) {
		fail("fd", err)
	}
	if len(names) > limit {
		names = names[:limit]
		p.Truncated = append(p.Truncated, "fds")
	}
	p.FDCount = len(names)
	for _, n := range names {
		fd, err := strconv.Atoi(n)
		if err != nil {
			continue
		}
		target, err := os.Readlink(filepath.Join(d, n))
		if err != nil {
			continue // closed meanwhile
		}
		inode := socketInode(target)
		if fd > 2 && inode == 0 {
			continue
		}
		p.FDs = append(p.FDs, FD{FD: fd, Target: target, SocketInode: inode})
	}
	sort.Slice(p.FDs, func(i, j int) bool { return p.FDs[i].FD < p.FDs[j].FD })
}

// socketInode parses "socket:[1234]".
func socketInode(target string) uint64 {
	s, ok := strings.CutPrefix(target, "socket:[")
	if !ok {
		return 0
	}
	n, err := strconv.ParseUint(strings.TrimSuffix(s, "]"), 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// sockets reads the socket tables of every network namespace in use,
// through /proc/PID/net of one process per namespace: /proc/net alone
// shows only the collector's namespace and would miss container sockets.
// A namespace with no process (kept alive by a bind mount only) is not
// seen.
func (c *collector) sockets() {
	type ns struct {
		id  string
		pid int
	}
	var nss []ns
	seen := map[string]bool{}
	for _, p := range c.snap.Processes {
		if p.NetNS != "" && !seen[p.NetNS] {
			seen[p.NetNS] = true
			nss = append(nss, ns{p.NetNS, p.PID})
		}
	}
	if len(nss) == 0 { // no readable ns links: fall back to our own view
		nss = append(nss, ns{"", 0})
	}
	for _, n := range nss {
		if c.ctx.Err() != nil {
			return
		}
		base := c.proc("net")
		if n.pid != 0 {
			base = c.proc(strconv.Itoa(n.pid), "net")
		}
		for _, proto := range []string{"tcp", "tcp6", "udp", "udp6", "raw", "raw6", "unix"} {
			name := filepath.Join(base, proto)
			data, trunc, err := readBounded(name, maxProcFile)
			if err != nil {
				// No tcp6 without IPv6; the process may have exited.
				if !gone(err) {
					c.errorf("%s: %v", name, err)
				}
				continue
			}
			if trunc {
				c.errorf("%s: truncated at %d bytes", name, maxProcFile)
			}
			var socks []Socket
			var errs []error
			if proto == "unix" {
				socks, errs = parseNetUnix(data)
			} else {
				socks, errs = parseNetIP(data, proto, binary.NativeEndian)
			}
			for _, e := range errs {
				c.errorf("%s: %v", name, e)
			}
			for _, s := range socks {
				s.NetNS = n.id
				s.PIDs = c.sockPID[s.Inode]
				c.snap.Sockets = append(c.snap.Sockets, s)
			}
		}
	}
}

func (c *collector) routes() {
	for _, f := range []string{"route", "ipv6_route"} {
		name := c.proc("net", f)
		data, _, err := readBounded(name, maxProcFile)
		if err != nil {
			if !gone(err) {
				c.errorf("%s: %v", name, err)
			}
			continue
		}
		var rs []Route
		var errs []error
		if f == "route" {
			rs, errs = parseRoute(data, binary.NativeEndian)
		} else {
			rs, errs = parseIPv6Route(data)
		}
		for _, e := range errs {
			c.errorf("%s: %v", name, e)
		}
		c.snap.Routes = append(c.snap.Routes, rs...)
	}
}

func (c *collector) arp() {
	name := c.proc("net", "arp")
	data, _, err := readBounded(name, maxProcFile)
	if err != nil {
		c.errorf("%s: %v", name, err)
		return
	}
	var errs []error
	c.snap.ARP, errs = parseARP(data)
	for _, e := range errs {
		c.errorf("%s: %v", name, e)
	}
}

// mounts reads init's mount table (the host's view, where a bind mount
// hiding a /proc/PID directory shows) and, if the collector runs in
// another mount namespace, its own. Containers' own tables are not read:
// their processes' Root and MntNS say where they are.
func (c *collector) mounts() {
	self, _ := os.Readlink(c.proc("self", "ns", "mnt"))
	init, _ := os.Readlink(c.proc("1", "ns", "mnt"))
	views := []struct{ pid, ns string }{{"1", init}}
	// Only when both links are readable can they be compared; an
	// unreadable one (a protected init) is assumed to be the same view
	// rather than reading a duplicate table.
	if self != init && self != "" && init != "" {
		views = append(views, struct{ pid, ns string }{"self", self})
	}
	for _, v := range views {
		name := c.proc(v.pid, "mountinfo")
		data, trunc, err := readBounded(name, maxProcFile)
		if err != nil {
			c.errorf("%s: %v", name, err)
			continue
		}
		if trunc {
			c.errorf("%s: truncated at %d bytes", name, maxProcFile)
		}
		ms, errs := parseMountinfo(data)
		for _, e := range errs {
			c.errorf("%s: %v", name, e)
		}
		for i := range ms {
			ms[i].MntNS = v.ns
		}
		c.snap.Mounts = append(c.snap.Mounts, ms...)
	}
}

// modules reads /proc/modules (absent on kernels without module support,
// which is not an error), /sys/module and nothing else.
func (c *collector) modules() {
	name := c.proc("modules")
	data, _, err := readBounded(name, maxProcFile)
	switch {
	case err == nil:
		var errs []error
		c.snap.Modules, errs = parseModules(data)
		for _, e := range errs {
			c.errorf("%s: %v", name, e)
		}
	case !errors.Is(err, fs.ErrNotExist):
		c.errorf("%s: %v", name, err)
	}
	dir := filepath.Join(c.opt.SysPath, "module")
	ents, err := os.ReadDir(dir)
	if err != nil {
		c.errorf("%s: %v", dir, err)
	}
	for _, e := range ents {
		c.snap.SysModules = append(c.snap.SysModules, e.Name())
	}
}

// sessions reads the target's utmp: who is logged in now.
func (c *collector) sessions() {
	b, err := c.targetFile("run/utmp", "var/run/utmp")
	if err != nil {
		return
	}
	recs, probs := utmp.Parse(b)
	for _, p := range probs {
		c.errorf("target run/utmp: %v", p)
	}
	for _, r := range recs {
		if r.Type == utmp.UserProcess {
			c.snap.Sessions = append(c.snap.Sessions, r)
		}
	}
}

func (c *collector) dns() {
	b, err := c.targetFile("etc/resolv.conf")
	if err != nil {
		return
	}
	d := &c.snap.DNS
	if len(b) > MaxResolv {
		b, d.ResolvTruncated = b[:MaxResolv], true
	}
	d.Resolv = string(b)
	d.Nameservers, d.Search = parseResolv(b)
}
