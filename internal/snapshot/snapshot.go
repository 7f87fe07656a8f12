// Package snapshot captures the volatile state of a live Linux host —
// processes, sockets, mounts, kernel modules, logged-in users, network
// configuration — from /proc and /sys, as one JSON-serialisable value.
//
// A snapshot is what analyzers see as "the volatile state" of a Source: on
// a live host it is taken with Take; in an evidence bundle it is the JSON
// written at collection time and read back with encoding/json. Hence the
// rules:
//
//   - Nothing is executed. The target's ps, netstat or lsmod may be
//     trojaned; the kernel's own tables under /proc and /sys are read
//     directly (plus one netlink query, via net.Interfaces, for interface
//     addresses).
//   - Nothing on the target is written. Files of the target root (os-release,
//     resolv.conf, utmp) are read through Options.ReadTargetFile.
//   - Everything the target controls is hostile: reads are bounded, a bad
//     item is recorded in Errors and never stops the rest.
//   - The value round-trips through encoding/json exactly, including
//     strings that are not valid UTF-8 (see Snapshot.MarshalJSON).
package snapshot

import (
	"net/netip"
	"time"

	"github.com/yingji/yingji/internal/utmp"
)

// Snapshot is the volatile state of a host at one moment.
type Snapshot struct {
	// Taken is when the snapshot started, in UTC.
	Taken time.Time `json:"taken"`
	// CollectorPID is the process that took the snapshot (yingji itself),
	// so analysis can leave it out, also later, on a bundle.
	CollectorPID int  `json:"collector_pid,omitempty"`
	Host         Host `json:"host"`

	Processes []Process `json:"processes,omitempty"`
	// Sockets holds the sockets of every network namespace that has at
	// least one process (see Socket.NetNS).
	Sockets []Socket `json:"sockets,omitempty"`
	// Mounts is the mount table of init's mount namespace and, when it
	// differs, of the collector's own (see Mount.MntNS).
	Mounts []Mount `json:"mounts,omitempty"`
	// Modules is /proc/modules; empty on kernels built without module
	// support.
	Modules []Module `json:"modules,omitempty"`
	// SysModules lists the directory names under /sys/module. A rootkit
	// that unlinks itself from the module list (hiding from /proc/modules
	// and lsmod) often leaves its kobject here.
	SysModules []string `json:"sys_modules,omitempty"`
	// KernelTaint is /proc/sys/kernel/tainted; bit 12 (4096, "O") and bit
	// 13 (8192, "E") flag out-of-tree and unsigned modules.
	KernelTaint uint64 `json:"kernel_taint"`
	// Sessions holds the USER_PROCESS records of the target's run/utmp
	// (or var/run/utmp): who was logged in when the snapshot was taken.
	Sessions   []utmp.Record `json:"sessions,omitempty"`
	Interfaces []Interface   `json:"interfaces,omitempty"`
	Routes     []Route       `json:"routes,omitempty"`
	ARP        []ARPEntry    `json:"arp,omitempty"`
	DNS        DNS           `json:"dns"`
	// Errors records, for people, every item that could not be read or
	// parsed, with its path and the reason.
	Errors []string `json:"errors,omitempty"`
}

// Host identifies the machine and its kernel.
type Host struct {
	Hostname string `json:"hostname,omitempty"`
	// Kernel is the release (/proc/sys/kernel/osrelease), e.g. "6.1.0-18-amd64".
	Kernel string `json:"kernel,omitempty"`
	// KernelVersion is /proc/sys/kernel/version, the build string.
	KernelVersion string `json:"kernel_version,omitempty"`
	// OSRelease is the target's etc/os-release (or usr/lib/os-release).
	OSRelease map[string]string `json:"os_release,omitempty"`
	// Boot is the boot time (btime in /proc/stat), UTC, whole seconds.
	Boot time.Time `json:"boot"`
	// Uptime is the first field of /proc/uptime, in seconds.
	Uptime    float64 `json:"uptime"`
	MachineID string  `json:"machine_id,omitempty"`
}

// ClockTicks is USER_HZ, the unit of the times in /proc/PID/stat. The
// kernel exports 100 on every architecture Linux still supports for
// servers (it is fixed in the ABI, unlike CONFIG_HZ), which is what
// sysconf(_SC_CLK_TCK) returns; reading it from the auxiliary vector would
// not be more reliable.
const ClockTicks = 100

// Process is one process (thread group) from /proc/PID.
type Process struct {
	PID  int `json:"pid"`
	PPID int `json:"ppid"`
	// Name is the Name: line of status (comm, at most 15 bytes, with the
	// kernel's escaping of "\n" and "\\").
	Name string `json:"name"`
	// Cmdline is /proc/PID/cmdline split at NULs, byte for byte; a process
	// can rewrite it, so it is a claim, not a fact.
	Cmdline []string `json:"cmdline,omitempty"`
	// Exe is the target of the exe link without the " (deleted)" suffix,
	// which sets ExeDeleted instead. Empty for kernel threads.
	Exe        string `json:"exe,omitempty"`
	ExeDeleted bool   `json:"exe_deleted,omitempty"`
	// ExeSHA256 is the hash of the executable read through /proc/PID/exe
	// (so a deleted binary is hashed too). Empty when hashing is off, the
	// file is larger than Options.MaxHashSize, or it could not be read.
	ExeSHA256 string `json:"exe_sha256,omitempty"`
	ExeSize   int64  `json:"exe_size,omitempty"`
	// ExeDevice and ExeInode identify the executable's file.
	ExeDevice uint64 `json:"exe_device,omitempty"`
	ExeInode  uint64 `json:"exe_inode,omitempty"`
	Cwd       string `json:"cwd,omitempty"`
	// Root is the process's root directory; anything but "/" means a
	// chroot or a container.
	Root string `json:"root,omitempty"`

	UID   uint32 `json:"uid"`
	EUID  uint32 `json:"euid"`
	SUID  uint32 `json:"suid"`
	FSUID uint32 `json:"fsuid"`
	GID   uint32 `json:"gid"`
	EGID  uint32 `json:"egid"`
	SGID  uint32 `json:"sgid"`
	FSGID uint32 `json:"fsgid"`

	// State is the one-letter state from stat (R, S, D, Z, T, ...).
	State   string `json:"state"`
	Threads int    `json:"threads"`
	// StartTime is the start time: btime plus starttime/ClockTicks, UTC.
	StartTime time.Time `json:"start_time"`
	// Environ is /proc/PID/environ split at NULs (the initial
	// environment; a process may have changed its own since).
	Environ []string `json:"environ,omitempty"`
	// FDs lists the socket descriptors and descriptors 0, 1 and 2, so that
	// a shell whose stdin is a network socket shows.
	FDs []FD `json:"fds,omitempty"`
	// FDCount is the number of open descriptors.
	FDCount int    `json:"fd_count"`
	NetNS   string `json:"net_ns,omitempty"` // e.g. "net:[4026531840]"
	PIDNS   string `json:"pid_ns,omitempty"`
	MntNS   string `json:"mnt_ns,omitempty"`
	// CPUSeconds is utime+stime in seconds.
	CPUSeconds float64 `json:"cpu_seconds"`
	RSS        int64   `json:"rss"` // resident set size, bytes
	// Truncated names the fields cut at Options.MaxFieldSize (e.g.
	// "cmdline", "environ", "fds").
	Truncated []string `json:"truncated,omitempty"`
	// Error says what could not be read, when the process was only
	// partly readable.
	Error string `json:"error,omitempty"`
}

// FD is one open file descriptor.
type FD struct {
	FD     int    `json:"fd"`
	Target string `json:"target"` // readlink of /proc/PID/fd/N, e.g. "socket:[1234]"
	// SocketInode is set when Target is a socket.
	SocketInode uint64 `json:"socket_inode,omitempty"`
}

// Socket is one entry of /proc/net/{tcp,tcp6,udp,udp6,raw,raw6,unix}.
type Socket struct {
	// Proto is "tcp", "tcp6", "udp", "udp6", "raw", "raw6" or "unix".
	Proto      string     `json:"proto"`
	LocalIP    netip.Addr `json:"local_ip,omitzero"`
	LocalPort  uint16     `json:"local_port,omitempty"`
	RemoteIP   netip.Addr `json:"remote_ip,omitzero"`
	RemotePort uint16     `json:"remote_port,omitempty"`
	// State is the TCP state name (LISTEN, ESTABLISHED, ...; UDP and raw
	// sockets use CLOSE when unconnected) or, for unix sockets, LISTEN,
	// UNCONNECTED, CONNECTING, CONNECTED, DISCONNECTING.
	State string `json:"state"`
	// Type is the unix socket type: stream, dgram, seqpacket.
	Type  string `json:"type,omitempty"`
	UID   uint32 `json:"uid"`
	Inode uint64 `json:"inode"`
	// PIDs are the processes holding the socket open.
	PIDs  []int  `json:"pids,omitempty"`
	NetNS string `json:"net_ns,omitempty"`
	// Path is the unix socket's path ("@name" for abstract sockets).
	Path string `json:"path,omitempty"`
}

// Mount is one line of /proc/PID/mountinfo.
type Mount struct {
	ID     int    `json:"id"`
	Parent int    `json:"parent"`
	Device string `json:"device"` // "major:minor"
	// Root is the path within the file system mounted here (not "/" for
	// bind mounts).
	Root       string `json:"root"`
	MountPoint string `json:"mount_point"`
	FSType     string `json:"fs_type"`
	Source     string `json:"source"`
	// Options are the per-mount options; SuperOptions those of the super
	// block.
	Options      string `json:"options"`
	SuperOptions string `json:"super_options,omitempty"`
	// Propagation holds the optional fields such as "shared:1".
	Propagation []string `json:"propagation,omitempty"`
	MntNS       string   `json:"mnt_ns,omitempty"`
}

// Module is one loaded kernel module from /proc/modules.
type Module struct {
	Name string `json:"name"`
	Size uint64 `json:"size"`
	// RefCount is -1 when the kernel prints "-" (module cannot be unloaded).
	RefCount int      `json:"ref_count"`
	UsedBy   []string `json:"used_by,omitempty"`
	State    string   `json:"state"` // Live, Loading, Unloading
	// Address is the load address; 0 when kptr_restrict hides it.
	Address uint64 `json:"address"`
	// Taint holds the module's taint letters, e.g. "OE".
	Taint string `json:"taint,omitempty"`
}

// Interface is a network interface of the collector's network namespace.
type Interface struct {
	Name         string   `json:"name"`
	Index        int      `json:"index"`
	MTU          int      `json:"mtu"`
	Flags        []string `json:"flags,omitempty"`
	HardwareAddr string   `json:"hardware_addr,omitempty"`
	// Addrs are the addresses in CIDR form.
	Addrs     []string `json:"addrs,omitempty"`
	OperState string   `json:"oper_state,omitempty"`
	// Promisc is set when IFF_PROMISC is on: a sniffer may be running.
	Promisc   bool   `json:"promisc,omitempty"`
	RxBytes   uint64 `json:"rx_bytes"`
	TxBytes   uint64 `json:"tx_bytes"`
	RxPackets uint64 `json:"rx_packets"`
	TxPackets uint64 `json:"tx_packets"`
	RxErrors  uint64 `json:"rx_errors"`
	TxErrors  uint64 `json:"tx_errors"`
	RxDropped uint64 `json:"rx_dropped"`
	TxDropped uint64 `json:"tx_dropped"`
}

// Route is an entry of the main routing table (/proc/net/route, ipv6_route).
type Route struct {
	Family      string       `json:"family"` // "inet" or "inet6"
	Iface       string       `json:"iface"`
	Destination netip.Prefix `json:"destination"`
	Gateway     netip.Addr   `json:"gateway,omitzero"`
	// Source is the IPv6 source prefix for source routing.
	Source netip.Prefix `json:"source,omitzero"`
	Flags  []string     `json:"flags,omitempty"`
	Metric uint32       `json:"metric"`
	MTU    uint32       `json:"mtu,omitempty"`
}

// ARPEntry is a line of /proc/net/arp.
type ARPEntry struct {
	IP           netip.Addr `json:"ip"`
	HWType       uint32     `json:"hw_type"`
	Flags        uint32     `json:"flags"` // 0x2 complete, 0x4 permanent
	HardwareAddr string     `json:"hardware_addr"`
	Mask         string     `json:"mask,omitempty"`
	Device       string     `json:"device"`
}

// DNS is the resolver configuration of the target.
type DNS struct {
	// Resolv is the raw content of etc/resolv.conf, at most MaxResolv bytes.
	Resolv          string   `json:"resolv,omitempty"`
	ResolvTruncated bool     `json:"resolv_truncated,omitempty"`
	Nameservers     []string `json:"nameservers,omitempty"`
	Search          []string `json:"search,omitempty"`
}

// MaxResolv bounds DNS.Resolv.
const MaxResolv = 64 << 10
