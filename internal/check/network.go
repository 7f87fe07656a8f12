package check

// Network checks: who listens and who talks to whom, judged by the owning
// process and its binary (from the volatile state), sniffers (raw and
// packet sockets, promiscuous interfaces), ports hidden from /proc/net
// (bind probes on 127.0.0.1 of the live host), and the files that steer
// traffic: hosts, resolv.conf, proxy variables and saved firewall rules.

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/snapshot"
	"github.com/yingji/yingji/internal/source"
)

// networkBadPorts are ports of well-known backdoors, shells and IRC
// botnet command channels.
var networkBadPorts = map[uint16]string{1337: "leet backdoor", 31337: "Back Orifice / elite backdoor", 4444: "Metasploit default",
	4445: "Metasploit", 1524: "ingreslock backdoor", 6666: "IRC", 6667: "IRC", 6668: "IRC", 6669: "IRC", 6697: "IRC over TLS",
	12345: "NetBus", 12346: "NetBus", 20034: "NetBus 2", 27374: "SubSeven", 54320: "Back Orifice 2000", 54321: "Back Orifice 2000",
	65000: "Devil / common backdoor"}

func networkBadPort(p uint16) (string, bool) {
	s, ok := networkBadPorts[p]
	return s, ok
}

// networkConn is a socket with its owner.
type networkConn struct {
	s     *snapshot.Socket
	owner *snapshot.Process // nil when no visible process holds it
}

func (v *processesView) owner(s *snapshot.Socket) *snapshot.Process {
	for _, pid := range s.PIDs {
		if v.self != 0 && pid == v.self {
			continue
		}
		if p := v.byPID[pid]; p != nil {
			return p
		}
	}
	return nil
}

// ownedBySelf reports a socket only the analyser holds.
func (v *processesView) ownedBySelf(s *snapshot.Socket) bool {
	if v.self == 0 || len(s.PIDs) == 0 {
		return false
	}
	for _, pid := range s.PIDs {
		if pid != v.self {
			return false
		}
	}
	return true
}

func networkIP(s *snapshot.Socket) bool {
	switch s.Proto {
	case "tcp", "tcp6", "udp", "udp6":
		return true
	}
	return false
}

func networkTCP(s *snapshot.Socket) bool { return s.Proto == "tcp" || s.Proto == "tcp6" }

// networkListening reports a TCP listener or an unconnected bound UDP socket.
func networkListening(s *snapshot.Socket) bool {
	if networkTCP(s) {
		return s.State == "LISTEN"
	}
	return (s.Proto == "udp" || s.Proto == "udp6") && s.LocalPort != 0 && s.RemotePort == 0
}

// networkListenKey identifies a listening port in a namespace.
func networkListenKey(s *snapshot.Socket) string {
	fam := "tcp"
	if !networkTCP(s) {
		fam = "udp"
	}
	return s.NetNS + "/" + fam + "/" + strconv.Itoa(int(s.LocalPort))
}

// networkListeners returns the set of listening ports, per namespace.
func networkListeners(snap *snapshot.Snapshot) map[string]bool {
	out := map[string]bool{}
	for i := range snap.Sockets {
		if s := &snap.Sockets[i]; networkListening(s) {
			out[networkListenKey(s)] = true
		}
	}
	return out
}

// networkOutbound returns the connected IP sockets that this host opened
// (their local port is not one it listens on).
func networkOutbound(v *processesView) []networkConn {
	listen := networkListeners(v.snap)
	var out []networkConn
	for i := range v.snap.Sockets {
		s := &v.snap.Sockets[i]
		if !networkIP(s) || networkListening(s) || !s.RemoteIP.IsValid() || s.RemotePort == 0 || s.RemoteIP.IsUnspecified() {
			continue
		}
		if networkTCP(s) && s.State != "ESTABLISHED" && s.State != "SYN_SENT" {
			continue
		}
		if listen[networkListenKey(s)] || v.ownedBySelf(s) {
			continue // an inbound connection, or ours
		}
		out = append(out, networkConn{s, v.owner(s)})
	}
	return out
}

// networkEvidence describes a socket and its owner.
func networkEvidence(s *snapshot.Socket, p *snapshot.Process) finding.Evidence {
	local, remote := processesSockAddr(s)
	var e finding.Evidence
	if p != nil {
		e = processesEvidence(p)
	} else {
		e = finding.Evidence{Fields: map[string]string{"owner": "no visible process"}}
	}
	e.Fields["proto"] = s.Proto
	e.Fields["local"] = local
	if s.RemotePort != 0 || networkTCP(s) && s.State != "LISTEN" {
		e.Fields["remote"] = remote
	}
	e.Fields["state"] = s.State
	e.Fields["inode"] = strconv.FormatUint(s.Inode, 10)
	if s.NetNS != "" {
		e.Fields["net_ns"] = s.NetNS
	}
	return e
}

func networkWho(p *snapshot.Process) (string, string) {
	if p == nil {
		return "no visible process", "无可见进程"
	}
	return fmt.Sprintf("PID %d (%s, %s)", p.PID, p.Name, p.Exe), fmt.Sprintf("PID %d（%s，%s）", p.PID, p.Name, p.Exe)
}

func networkAllInterfaces(a netip.Addr) bool { return a.IsValid() && a.Unmap().IsUnspecified() }

func networkLoopback(a netip.Addr) bool { return a.IsValid() && a.Unmap().IsLoopback() }

// networkPublic reports a globally routable address.
func networkPublic(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsUnspecified() || a.IsMulticast() {
		return false
	}
	// Shared address space (RFC 6598) and documentation-free checks.
	if a.Is4() && netip.MustParsePrefix("100.64.0.0/10").Contains(a) {
		return false
	}
	return a.IsGlobalUnicast()
}

// networkInlineInterp reports an interpreter running inline code or a
// one-line file server.
func networkInlineInterp(p *snapshot.Process) bool {
	if p == nil || !processesIsShell(p, processesShellRe) || processesIsShell(p, processesPlainShellRe) {
		return false
	}
	for i, a := range p.Cmdline {
		if i == 0 {
			continue
		}
		switch a {
		case "-c", "-e", "-r", "-E":
			return true
		case "http.server", "SimpleHTTPServer", "pty":
			return i > 1 && p.Cmdline[i-1] == "-m"
		}
	}
	return false
}

// networkPublicResolvers are well-known public DNS services.
var networkPublicResolvers = map[string]string{"8.8.8.8": "Google", "8.8.4.4": "Google", "1.1.1.1": "Cloudflare", "1.0.0.1": "Cloudflare",
	"9.9.9.9": "Quad9", "149.112.112.112": "Quad9", "208.67.222.222": "OpenDNS", "208.67.220.220": "OpenDNS", "114.114.114.114": "114DNS",
	"114.114.115.115": "114DNS", "223.5.5.5": "AliDNS", "223.6.6.6": "AliDNS", "119.29.29.29": "DNSPod", "182.254.116.116": "DNSPod",
	"180.76.76.76": "Baidu DNS", "1.2.4.8": "CNNIC SDNS", "210.2.4.8": "CNNIC SDNS", "101.226.4.6": "360 DNS", "2001:4860:4860::8888": "Google",
	"2001:4860:4860::8844": "Google", "2606:4700:4700::1111": "Cloudflare", "2606:4700:4700::1001": "Cloudflare", "2400:3200::1": "AliDNS",
	"2400:3200:baba::1": "AliDNS", "94.140.14.14": "AdGuard", "94.140.15.15": "AdGuard", "64.6.64.6": "Verisign", "77.88.8.8": "Yandex"}

// networkProtectedDomains are update, security and cloud-agent domains
// that have no business in /etc/hosts; a name matches a domain or any of
// its subdomains.
var networkProtectedDomains = []string{"debian.org", "ubuntu.com", "canonical.com", "launchpad.net", "centos.org", "fedoraproject.org",
	"redhat.com", "rockylinux.org", "almalinux.org", "opensuse.org", "suse.com", "archlinux.org", "alpinelinux.org", "kernel.org",
	"aliyun.com", "aliyuncs.com", "alicdn.com", "tencentyun.com", "qcloud.com", "tencent.com", "myhuaweicloud.com", "huaweicloud.com",
	"volces.com", "bcebos.com", "baidubce.com", "ksyun.com", "ctyun.cn", "amazonaws.com", "cloudfront.net", "azure.com", "microsoft.com",
	"windowsupdate.com", "googleapis.com", "gstatic.com", "docker.com", "docker.io", "clamav.net", "virustotal.com", "rkhunter.sourceforge.net",
	"sophos.com", "trendmicro.com", "crowdstrike.com", "sentinelone.net", "qianxin.com", "360.cn", "huorong.cn", "sangfor.com.cn", "threatbook.cn",
	"pypi.org", "pythonhosted.org", "npmjs.org", "github.com", "githubusercontent.com", "letsencrypt.org", "digicert.com", "sectigo.com"}

func networkProtected(name string) string {
	n := strings.ToLower(strings.TrimSuffix(name, "."))
	for _, d := range networkProtectedDomains {
		if n == d || strings.HasSuffix(n, "."+d) {
			return d
		}
	}
	return ""
}

var networkLocalNames = map[string]bool{"localhost": true, "localhost.localdomain": true, "localhost4": true, "localhost6": true,
	"localhost4.localdomain4": true, "localhost6.localdomain6": true, "ip6-localhost": true, "ip6-loopback": true}

// networkProxyRe finds proxy variables in shell, environment and
// package-manager configuration.
var networkProxyRe = regexp.MustCompile(`(?i)\b(https?_proxy|ftp_proxy|all_proxy|socks_proxy|rsync_proxy)\s*=\s*["']?([^\s"';]+)|\bAcquire::(https?|ftp|socks)::Proxy\s+"([^"]+)"|^\s*proxy\s*=\s*(\S+)`)

// networkProxyHost extracts the host of a proxy setting.
func networkProxyHost(val string) string {
	v := val
	if i := strings.Index(v, "://"); i >= 0 {
		v = v[i+3:]
	}
	if i := strings.LastIndex(v, "@"); i >= 0 {
		v = v[i+1:]
	}
	if i := strings.IndexAny(v, "/?#"); i >= 0 {
		v = v[:i]
	}
	if ap, err := netip.ParseAddrPort(v); err == nil {
		return ap.Addr().String()
	}
	if i := strings.LastIndex(v, ":"); i >= 0 && !strings.Contains(v[:i], ":") {
		v = v[:i]
	}
	return strings.Trim(v, "[]")
}

func init() {
	Register(
		&Check{
			ID: "network.listeners", Family: "network",
			Title:         "Listening port and its program",
			TitleZh:       "监听端口及其所属程序",
			Description:   "Catalogue of the listening TCP and bound UDP sockets with the process and binary that own them, for review against the services the host should offer.",
			DescriptionZh: "列出所有 TCP 监听与 UDP 绑定端口及其所属进程和程序，便于与主机应提供的服务逐一核对。",
			Verify:        "Compare with ss -lntup and the list of services the owner expects.",
			VerifyZh:      "与 ss -lntup 输出及业务方预期的服务清单进行核对。",
			Advice:        "Close services that are not needed and restrict the rest to the addresses that need them.",
			AdviceZh:      "关闭不需要的服务，其余服务仅对必要的地址开放。",
			Attack:        []string{"T1049", "T1571"},
			Category:      "SHVULN",
			Severity:      finding.Info,
			Needs:         NeedsVolatile,
			Reads:         []string{"sockets", "processes"},
			Run:           networkListenersCheck,
		},
		&Check{
			ID: "network.suspicious_listener", Family: "network",
			Title:         "Port opened by a suspicious program",
			TitleZh:       "可疑程序开放的监听端口",
			Description:   "A port is listened on by a program in a temporary or hidden directory, a deleted or in-memory binary, a binary no package ships, a shell or netcat-like tool (a bind shell), an interpreter running inline code, or on a well-known backdoor port.",
			DescriptionZh: "监听端口的程序位于临时或隐藏目录、已被删除或仅存在于内存、不属于任何软件包、是 Shell 或 netcat 类工具（正向 Shell）、是执行内联代码的解释器，或端口为知名后门端口。",
			Verify:        "ss -lntup to confirm; check the binary (hash, package, times) and connect from outside only if safe.",
			VerifyZh:      "用 ss -lntup 确认；检查程序的哈希、所属软件包与时间属性。",
			Advice:        "Block the port at the firewall, stop the process after preserving it and remove its persistence.",
			AdviceZh:      "在防火墙封禁该端口，保全后结束进程并清除其持久化项。",
			Attack:        []string{"T1571", "T1205", "T1059.004"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Needs:         NeedsVolatile,
			Reads:         []string{"sockets", "processes", "package database"},
			Run:           networkSuspiciousListener,
		},
		&Check{
			ID: "network.connections", Family: "network",
			Title:         "Outbound connection and its program",
			TitleZh:       "外联连接及其所属程序",
			Description:   "Catalogue of the connections this host opened to other hosts, with the owning process and binary, for tracing command-and-control and exfiltration.",
			DescriptionZh: "列出本机主动发起的对外连接及其所属进程和程序，用于追查远控通信与数据外传。",
			Verify:        "ss -tanp; check unknown remote addresses against threat intelligence.",
			VerifyZh:      "执行 ss -tanp；将陌生远端地址与威胁情报比对。",
			Advice:        "Block malicious remote addresses and restrict outbound traffic to what the host needs.",
			AdviceZh:      "封禁恶意远端地址，并将出站流量限制在业务必需范围内。",
			Attack:        []string{"T1049", "T1071"},
			Category:      "SHVULN",
			Severity:      finding.Info,
			Needs:         NeedsVolatile,
			Reads:         []string{"sockets", "processes"},
			Run:           networkConnectionsCheck,
		},
		&Check{
			ID: "network.suspicious_connection", Family: "network",
			Title:         "Outbound connection from a suspicious program",
			TitleZh:       "可疑程序发起的外联连接",
			Description:   "A program in a temporary or hidden directory, a deleted or in-memory binary, a binary no package ships, or a shell holds a connection to another host: the usual shape of a backdoor calling home.",
			DescriptionZh: "位于临时或隐藏目录、已被删除或仅存在于内存、不属于任何软件包的程序，或 Shell 本身，持有与其他主机的连接：这是后门回连的典型特征。",
			Verify:        "ss -tanp for the connection; check the remote address on threat intelligence and the binary's hash.",
			VerifyZh:      "用 ss -tanp 确认连接；查询远端地址的威胁情报与程序哈希。",
			Advice:        "Block the remote address, preserve and stop the process, and remove its persistence.",
			AdviceZh:      "封禁远端地址，保全并结束进程，清除其持久化项。",
			Attack:        []string{"T1071", "T1571"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Needs:         NeedsVolatile,
			Reads:         []string{"sockets", "processes", "package database"},
			Run:           networkSuspiciousConnection,
		},
		&Check{
			ID: "network.mining_pool_connection", Family: "network",
			Title:         "Connection to a mining pool port",
			TitleZh:       "连接矿池端口",
			Description:   "A process holds a connection to a port mining pools and stratum proxies use (3333, 5555, 7777, 14444, 45700…).",
			DescriptionZh: "进程持有到矿池或 Stratum 代理常用端口（3333、5555、7777、14444、45700 等）的连接。",
			Verify:        "Check the remote host (reverse DNS, threat intelligence) and the process's command line and CPU use.",
			VerifyZh:      "查询远端主机（反向解析、威胁情报），检查进程命令行与 CPU 占用。",
			Advice:        "Block the pool address, stop the miner and remove its persistence.",
			AdviceZh:      "封禁矿池地址，结束挖矿进程并清除其持久化项。",
			Attack:        []string{"T1496", "T1571"},
			Category:      "MPMINER",
			Severity:      finding.Medium,
			Needs:         NeedsVolatile,
			Reads:         []string{"sockets", "processes"},
			Run:           networkMiningPoolConnection,
		},
		&Check{
			ID: "network.bad_port_connection", Family: "network",
			Title:         "Connection to a well-known backdoor or IRC port",
			TitleZh:       "连接知名后门或 IRC 端口",
			Description:   "A process holds a connection to a port of well-known backdoors and handlers (4444, 1337, 31337…) or to IRC (6666–6669), which servers do not use but botnets do for command and control.",
			DescriptionZh: "进程持有到知名后门或控制端端口（4444、1337、31337 等）或 IRC 端口（6666–6669）的连接；服务器通常不使用 IRC，但僵尸网络常以此作为控制信道。",
			Verify:        "ss -tanp; check the remote address and the owning program.",
			VerifyZh:      "执行 ss -tanp；检查远端地址与所属程序。",
			Advice:        "Block the remote address and stop the program after preserving it.",
			AdviceZh:      "封禁远端地址，保全后结束该程序。",
			Attack:        []string{"T1571", "T1071"},
			Category:      "MPBN",
			Severity:      finding.Medium,
			Needs:         NeedsVolatile,
			Reads:         []string{"sockets", "processes"},
			Run:           networkBadPortConnection,
		},
		&Check{
			ID: "network.raw_socket", Family: "network",
			Title:         "Raw IP socket",
			TitleZh:       "原始 IP 套接字",
			Description:   "A process holds a raw IP socket, which sees or forges IP packets directly: ICMP backdoors and covert channels use them; ping and some DHCP or VRRP daemons do too.",
			DescriptionZh: "进程持有原始 IP 套接字，可直接收发 IP 报文：ICMP 后门与隐蔽信道依赖它，ping 及部分 DHCP、VRRP 服务也会使用。",
			Verify:        "ss -wp (raw sockets) and the owning program's package and purpose.",
			VerifyZh:      "执行 ss -wp 查看原始套接字，确认所属程序的软件包与用途。",
			Advice:        "Stop unknown programs holding raw sockets and remove them.",
			AdviceZh:      "结束并清除持有原始套接字的未知程序。",
			Attack:        []string{"T1205", "T1095"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Needs:         NeedsVolatile,
			Reads:         []string{"sockets", "processes", "package database"},
			Run:           networkRawSocket,
		},
		&Check{
			ID: "network.packet_socket", Family: "network",
			Title:         "Packet capture socket (sniffer)",
			TitleZh:       "数据包捕获套接字（嗅探）",
			Description:   "A process holds an AF_PACKET socket (/proc/net/packet), which sees every frame on an interface: sniffers stealing credentials use them, and so do tcpdump and DHCP clients.",
			DescriptionZh: "进程持有 AF_PACKET 套接字（/proc/net/packet），可看到网卡上的全部数据帧：窃取凭据的嗅探程序依赖它，tcpdump 与 DHCP 客户端也会使用。",
			Verify:        "cat /proc/net/packet and match the inode with ls -l /proc/*/fd; check the owning program.",
			VerifyZh:      "查看 /proc/net/packet，并用 ls -l /proc/*/fd 按 inode 找到所属进程，检查其程序。",
			Advice:        "Stop unknown capture programs, check what they wrote (pcap files) and rotate credentials that crossed the network in clear.",
			AdviceZh:      "结束未知的抓包程序，检查其输出文件（pcap 等），并更换曾以明文传输的凭据。",
			Attack:        []string{"T1040"},
			Category:      "NASCAN",
			Severity:      finding.Medium,
			Needs:         NeedsLive,
			Reads:         []string{"/proc/net/packet", "processes"},
			Run:           networkPacketSocket,
		},
		&Check{
			ID: "network.promiscuous", Family: "network",
			Title:         "Network interface in promiscuous mode",
			TitleZh:       "网卡处于混杂模式",
			Description:   "An interface accepts frames for every address (IFF_PROMISC as the kernel keeps it, which packet-capture programs set too): a sniffer may be recording traffic. Bridge ports are promiscuous by design.",
			DescriptionZh: "网卡接收所有地址的数据帧（内核记录的 IFF_PROMISC 标志，抓包程序也会置位）：可能有嗅探程序在记录流量。网桥端口按设计处于混杂模式。",
			Verify:        "ip -d link show (promiscuity count), cat /sys/class/net/IF/flags, and find the capturing process via /proc/net/packet.",
			VerifyZh:      "执行 ip -d link show 查看 promiscuity 计数、cat /sys/class/net/网卡/flags，并通过 /proc/net/packet 找到抓包进程。",
			Advice:        "Stop the capturing program if it is not an authorised monitor.",
			AdviceZh:      "若非授权的监控程序，结束该抓包程序。",
			Attack:        []string{"T1040"},
			Category:      "NASCAN",
			Severity:      finding.Medium,
			Needs:         NeedsVolatile,
			Reads:         []string{"interfaces (/sys/class/net)"},
			Run:           networkPromiscuous,
		},
		&Check{
			ID: "network.hidden_port", Family: "network",
			Title:         "Port in use but hidden from /proc/net",
			TitleZh:       "端口被占用但在 /proc/net 中被隐藏",
			Description:   "Binding 127.0.0.1 on a TCP port fails because the port is in use, yet no socket on that port appears in /proc/net/tcp or tcp6: a rootkit hides the socket from netstat and ss.",
			DescriptionZh: "在 127.0.0.1 上绑定某 TCP 端口失败（端口已被占用），但 /proc/net/tcp 与 tcp6 中均无该端口的套接字：Rootkit 将该套接字从 netstat、ss 中隐藏。",
			Verify:        "Try to bind the port (python3 -c 'import socket; socket.socket().bind((\"127.0.0.1\", PORT))'); compare with ss -tan; look for hidden processes and kernel modules.",
			VerifyZh:      "尝试绑定该端口（python3 -c 'import socket; socket.socket().bind((\"127.0.0.1\", 端口))'）；与 ss -tan 比对；排查隐藏进程与内核模块。",
			Advice:        "Treat the host as rootkitted: preserve memory, isolate it, and rebuild from trusted media.",
			AdviceZh:      "按主机已被植入 Rootkit 处置：保全内存，隔离主机，并用可信介质重建系统。",
			Attack:        []string{"T1014", "T1205"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Needs:         NeedsLive,
			Reads:         []string{"/proc/net/tcp", "/proc/net/tcp6", "bind probes on 127.0.0.1"},
			Run:           networkHiddenPort,
		},
		&Check{
			ID: "network.hosts_tampering", Family: "network",
			Title:         "Hosts file redirects update, security or local names",
			TitleZh:       "hosts 文件劫持更新、安全或本地域名",
			Description:   "/etc/hosts maps the domain of an update mirror, a security vendor or a cloud agent (to block its reporting or serve a fake), a mining pool, or localhost to a non-loopback address.",
			DescriptionZh: "/etc/hosts 将软件源、安全厂商或云安全代理的域名指向其他地址（阻断其上报或指向伪造服务）、写入矿池域名，或将 localhost 指向非回环地址。",
			Verify:        "Read /etc/hosts; check the file's change time and who changed it; resolve the name with an outside resolver.",
			VerifyZh:      "查看 /etc/hosts；检查文件修改时间与修改者；用外部解析器解析该域名进行比对。",
			Advice:        "Remove the entries, check that the security agent reports again, and look for the intrusion that wrote them.",
			AdviceZh:      "删除相关条目，确认安全代理恢复上报，并排查写入这些条目的入侵行为。",
			Attack:        []string{"T1565.001", "T1562.001"},
			Category:      "NAHIJACK",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/hosts"},
			Run:           networkHostsTampering,
		},
		&Check{
			ID: "network.dns_resolvers", Family: "network",
			Title:         "DNS resolvers configured",
			TitleZh:       "已配置的 DNS 解析服务器",
			Description:   "The name servers in /etc/resolv.conf that are public resolvers or other Internet addresses rather than local or internal ones; whoever runs them sees and can change every name this host resolves.",
			DescriptionZh: "/etc/resolv.conf 中的公共解析服务器或其他互联网地址（而非本地或内网地址）；其运营者可看到并篡改本机解析的每个域名。",
			Verify:        "Check the addresses against the network's intended DNS configuration.",
			VerifyZh:      "核对这些地址是否为网络规划中的 DNS 配置。",
			Advice:        "Use the resolvers your network provides; remove unknown ones.",
			AdviceZh:      "使用网络规划的解析服务器，删除来历不明的地址。",
			Attack:        []string{"T1584.002", "T1557"},
			Category:      "NAHIJACK",
			Severity:      finding.Info,
			Reads:         []string{"/etc/resolv.conf"},
			Run:           networkDNSResolvers,
		},
		&Check{
			ID: "network.resolv_tampered", Family: "network",
			Title:         "resolv.conf changed behind its manager or locked",
			TitleZh:       "resolv.conf 被绕过管理程序修改或被锁定",
			Description:   "/etc/resolv.conf was generated by a manager (systemd-resolved, NetworkManager, resolvconf, dhclient) but carries name servers the manager did not write, points somewhere odd, or is made immutable so that no manager can fix it.",
			DescriptionZh: "/etc/resolv.conf 本由管理程序（systemd-resolved、NetworkManager、resolvconf、dhclient）生成，却含有管理程序未写入的解析服务器、链接到异常位置，或被设置为不可修改以阻止管理程序恢复。",
			Verify:        "lsattr /etc/resolv.conf; ls -l /etc/resolv.conf; compare with resolvectl status or nmcli dev show.",
			VerifyZh:      "执行 lsattr /etc/resolv.conf、ls -l /etc/resolv.conf；与 resolvectl status 或 nmcli dev show 的结果比对。",
			Advice:        "Remove the immutable flag (chattr -i) if nobody set it on purpose, restore the managed file and check the name servers.",
			AdviceZh:      "若非有意设置，去除不可修改属性（chattr -i），恢复由管理程序生成的文件并核查解析服务器。",
			Attack:        []string{"T1565.001", "T1557"},
			Category:      "NAHIJACK",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/resolv.conf"},
			Run:           networkResolvTampered,
		},
		&Check{
			ID: "network.proxy_env", Family: "network",
			Title:         "Proxy variables set for the system or processes",
			TitleZh:       "系统或进程设置了代理变量",
			Description:   "http_proxy, https_proxy, all_proxy or a package-manager proxy is set in /etc/environment, shell profiles, apt or yum configuration, or a process's environment: every download goes through that proxy, which can read or change it.",
			DescriptionZh: "在 /etc/environment、shell 配置、apt/yum 配置或进程环境中设置了 http_proxy、https_proxy、all_proxy 或包管理器代理：所有下载都经过该代理，代理可窃听或篡改。",
			Verify:        "Check with the administrators that the proxy is the organisation's own.",
			VerifyZh:      "与管理员确认该代理是否为本单位所有。",
			Advice:        "Remove proxies that are not the organisation's and re-verify what was downloaded through them.",
			AdviceZh:      "删除非本单位的代理设置，并复核经其下载的软件。",
			Attack:        []string{"T1090", "T1557"},
			Category:      "NAHIJACK",
			Severity:      finding.Low,
			Reads:         []string{"/etc/environment", "/etc/profile", "/etc/profile.d", "shell startup files", "apt and yum configuration", "processes (environment)"},
			Run:           networkProxyEnv,
		},
		&Check{
			ID: "network.firewall_redirect", Family: "network",
			Title:         "Saved firewall rules that redirect or open backdoor ports",
			TitleZh:       "持久化防火墙规则存在端口重定向或开放后门端口",
			Description:   "Saved iptables or nftables rules redirect traffic (REDIRECT, DNAT) — for instance port reuse, where connections from a chosen source port or carrying a keyword are sent to a shell — or open well-known backdoor ports.",
			DescriptionZh: "持久化保存的 iptables 或 nftables 规则存在流量重定向（REDIRECT、DNAT），例如端口复用后门：来自特定源端口或携带特定关键字的连接被转发到 Shell；或开放了知名后门端口。",
			Verify:        "iptables-save / nft list ruleset and compare with the saved file and the firewall's intended configuration.",
			VerifyZh:      "执行 iptables-save / nft list ruleset，并与保存的规则文件及预期配置比对。",
			Advice:        "Remove the rules from the running firewall and the saved file, and find what wrote them.",
			AdviceZh:      "从运行中的防火墙与规则文件中删除这些规则，并追查写入者。",
			Attack:        []string{"T1562.004", "T1205"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/iptables", "/etc/sysconfig/iptables", "/etc/nftables.conf", "/etc/ufw"},
			Run:           networkFirewallRedirect,
		},
		&Check{
			ID: "network.arp_spoof", Family: "network",
			Title:         "Several IP addresses share one MAC address (ARP spoofing)",
			TitleZh:       "多个 IP 地址对应同一 MAC 地址（ARP 欺骗）",
			Description:   "The ARP cache maps different IP addresses, among them the default gateway, to the same hardware address: another machine on the segment answers for the gateway to intercept traffic.",
			DescriptionZh: "ARP 缓存中包括默认网关在内的多个 IP 地址对应同一硬件地址：同网段另一台主机冒充网关以截获流量。",
			Verify:        "ip neigh; arping the gateway from another host; find the machine with that MAC on the switch.",
			VerifyZh:      "执行 ip neigh；从其他主机 arping 网关；在交换机上定位该 MAC 地址所属设备。",
			Advice:        "Isolate the machine that owns the MAC, pin the gateway's MAC (static ARP) and enable ARP inspection on the switch.",
			AdviceZh:      "隔离该 MAC 所属设备，绑定网关静态 ARP，并在交换机上启用 ARP 检测。",
			Attack:        []string{"T1557.002"},
			Category:      "NAHIJACK",
			Severity:      finding.Medium,
			Needs:         NeedsVolatile,
			Reads:         []string{"ARP cache", "routes"},
			Run:           networkARPSpoof,
		},
	)
}

func networkListenersCheck(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	for i := range v.snap.Sockets {
		s := &v.snap.Sockets[i]
		if !networkIP(s) || !networkListening(s) || v.ownedBySelf(s) {
			continue
		}
		p := v.owner(s)
		local, _ := processesSockAddr(s)
		who, whoZh := networkWho(p)
		c.Report(Hit{
			Detail:   fmt.Sprintf("%s %s: %s.", s.Proto, local, who),
			DetailZh: fmt.Sprintf("%s %s：%s。", s.Proto, local, whoZh),
			Evidence: []finding.Evidence{networkEvidence(s, p)}})
	}
	return nil
}

func networkSuspiciousListener(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	cache := map[string]processesExeJudge{}
	for i := range v.snap.Sockets {
		s := &v.snap.Sockets[i]
		if !networkIP(s) || !networkListening(s) || v.ownedBySelf(s) {
			continue
		}
		p := v.owner(s)
		sev := finding.Info
		var why, whyZh []string
		add := func(sv finding.Severity, en, zh string) {
			sev = max(sev, sv)
			why, whyZh = append(why, en), append(whyZh, zh)
		}
		if p != nil {
			j := processesJudgeExe(c, v, p, cache)
			switch {
			case j.bad():
				en, zh := j.describe()
				add(finding.High, "the program "+en, "该程序"+zh)
			case p.ExeDeleted:
				add(finding.High, "the program's binary was deleted", "该程序文件已被删除")
			case j.unowned():
				en, zh := j.describe()
				add(finding.Medium, "the program: "+en, "该程序"+zh)
			}
			if processesIsShell(p, processesPlainShellRe) {
				if networkAllInterfaces(s.LocalIP) || !networkLoopback(s.LocalIP) {
					add(finding.High, "a shell or netcat-like tool listens (bind shell)", "Shell 或 netcat 类工具在监听（正向 Shell）")
				} else {
					add(finding.Medium, "a shell or netcat-like tool listens on loopback", "Shell 或 netcat 类工具在回环地址监听")
				}
			} else if networkInlineInterp(p) && !networkLoopback(s.LocalIP) {
				add(finding.Medium, "an interpreter running inline code listens", "执行内联代码的解释器在监听")
			}
		}
		if name, ok := networkBadPort(s.LocalPort); ok && networkTCP(s) {
			add(finding.Medium, fmt.Sprintf("port %d is a well-known backdoor port (%s)", s.LocalPort, name), fmt.Sprintf("端口 %d 为知名后门端口（%s）", s.LocalPort, name))
		}
		if len(why) == 0 {
			continue
		}
		local, _ := processesSockAddr(s)
		who, whoZh := networkWho(p)
		c.Report(Hit{Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("%s %s is opened by %s: %s.", s.Proto, local, who, strings.Join(why, "; ")),
			DetailZh: fmt.Sprintf("%s %s 由 %s 开放：%s。", s.Proto, local, whoZh, strings.Join(whyZh, "；")),
			Evidence: []finding.Evidence{networkEvidence(s, p)}})
	}
	return nil
}

// networkMaxCatalogue bounds the catalogue of connections.
const networkMaxCatalogue = 300

func networkConnectionsCheck(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	n := 0
	for _, cn := range networkOutbound(v) {
		if networkLoopback(cn.s.RemoteIP) {
			continue
		}
		if n++; n > networkMaxCatalogue {
			break
		}
		local, remote := processesSockAddr(cn.s)
		who, whoZh := networkWho(cn.owner)
		c.Report(Hit{
			Detail:   fmt.Sprintf("%s %s -> %s (%s): %s.", cn.s.Proto, local, remote, cn.s.State, who),
			DetailZh: fmt.Sprintf("%s %s -> %s（%s）：%s。", cn.s.Proto, local, remote, cn.s.State, whoZh),
			Evidence: []finding.Evidence{networkEvidence(cn.s, cn.owner)}})
	}
	return nil
}

func networkSuspiciousConnection(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	cache := map[string]processesExeJudge{}
	for _, cn := range networkOutbound(v) {
		p := cn.owner
		if p == nil || networkLoopback(cn.s.RemoteIP) {
			continue
		}
		var sev finding.Severity
		var en, zh string
		j := processesJudgeExe(c, v, p, cache)
		switch {
		case j.bad():
			sev = finding.High
			en, zh = j.describe()
		case p.ExeDeleted:
			sev, en, zh = finding.High, "its binary was deleted", "其程序文件已被删除"
		case processesIsShell(p, processesPlainShellRe):
			sev, en, zh = finding.High, "it is a shell or netcat-like tool", "它是 Shell 或 netcat 类工具"
		case j.unowned():
			sev = finding.Medium
			en, zh = j.describe()
		default:
			continue
		}
		local, remote := processesSockAddr(cn.s)
		c.Report(Hit{Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("PID %d (%s) is connected %s -> %s; %s.", p.PID, p.Name, local, remote, en),
			DetailZh: fmt.Sprintf("PID %d（%s）存在连接 %s -> %s；%s。", p.PID, p.Name, local, remote, zh),
			Evidence: []finding.Evidence{networkEvidence(cn.s, p)}, Time: processesTime(p)})
	}
	return nil
}

func networkMiningPoolConnection(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	cache := map[string]processesExeJudge{}
	for _, cn := range networkOutbound(v) {
		if !networkTCP(cn.s) || !processesPoolPorts[cn.s.RemotePort] {
			continue
		}
		sev := finding.Medium
		en, zh := "", ""
		if p := cn.owner; p != nil {
			strong, _ := processesMinerReasons(p)
			j := processesJudgeExe(c, v, p, cache)
			switch {
			case len(strong) > 0:
				sev = finding.High
				en, zh = JoinReasons(strong)
				en, zh = " The process also shows: "+en+".", " 该进程还具有："+zh+"。"
			case j.bad() || p.ExeDeleted:
				sev = finding.High
				en, zh = j.describe()
				en, zh = " The program "+en+".", " 该程序"+zh+"。"
			}
		}
		local, remote := processesSockAddr(cn.s)
		who, whoZh := networkWho(cn.owner)
		c.Report(Hit{Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("%s is connected %s -> %s, a mining pool port.%s", who, local, remote, en),
			DetailZh: fmt.Sprintf("%s 存在连接 %s -> %s（矿池常用端口）。%s", whoZh, local, remote, zh),
			Evidence: []finding.Evidence{networkEvidence(cn.s, cn.owner)}, Time: processesTime(cn.owner)})
	}
	return nil
}

func networkBadPortConnection(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	cache := map[string]processesExeJudge{}
	for _, cn := range networkOutbound(v) {
		name, ok := networkBadPort(cn.s.RemotePort)
		if !ok || !networkTCP(cn.s) {
			continue
		}
		sev := finding.Medium
		if p := cn.owner; p != nil {
			if j := processesJudgeExe(c, v, p, cache); j.bad() || p.ExeDeleted || processesIsShell(p, processesPlainShellRe) {
				sev = finding.High
			}
		}
		local, remote := processesSockAddr(cn.s)
		who, whoZh := networkWho(cn.owner)
		c.Report(Hit{Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("%s is connected %s -> %s (%s).", who, local, remote, name),
			DetailZh: fmt.Sprintf("%s 存在连接 %s -> %s（%s）。", whoZh, local, remote, name),
			Evidence: []finding.Evidence{networkEvidence(cn.s, cn.owner)}, Time: processesTime(cn.owner)})
	}
	return nil
}

// networkJudgeSniffer grades a process holding a raw or packet socket.
func networkJudgeSniffer(c *Context, v *processesView, p *snapshot.Process, cache map[string]processesExeJudge, allFrames bool) (finding.Severity, string, string) {
	if p == nil {
		return finding.Medium, "no visible process holds it", "无可见进程持有"
	}
	j := processesJudgeExe(c, v, p, cache)
	switch {
	case j.bad():
		en, zh := j.describe()
		return finding.High, "the program " + en, "该程序" + zh
	case p.ExeDeleted:
		return finding.High, "the program's binary was deleted", "该程序文件已被删除"
	case j.unowned():
		en, zh := j.describe()
		return finding.High, "the program: " + en, "该程序" + zh
	case j.pristine() && allFrames:
		return finding.Low, "a packaged capture program (" + j.pkg + ") is running", "正在运行软件包 " + j.pkg + " 中的抓包程序"
	case j.pristine():
		return finding.Info, "the program is from package " + j.pkg, "该程序属于软件包 " + j.pkg
	}
	return finding.Low, "the program could not be judged (container or unknown package)", "无法判断该程序（位于容器中或软件包未知）"
}

func networkRawSocket(c *Context) error {
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	cache := map[string]processesExeJudge{}
	for i := range v.snap.Sockets {
		s := &v.snap.Sockets[i]
		if s.Proto != "raw" && s.Proto != "raw6" || v.ownedBySelf(s) {
			continue
		}
		p := v.owner(s)
		sev, en, zh := networkJudgeSniffer(c, v, p, cache, false)
		who, whoZh := networkWho(p)
		c.Report(Hit{Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("%s socket (protocol %d) held by %s: %s.", s.Proto, s.LocalPort, who, en),
			DetailZh: fmt.Sprintf("%s 套接字（协议号 %d）由 %s 持有：%s。", s.Proto, s.LocalPort, whoZh, zh),
			Evidence: []finding.Evidence{networkEvidence(s, p)}, Time: processesTime(p)})
	}
	return nil
}

// networkPacket is a line of /proc/net/packet.
type networkPacket struct {
	Type, Proto uint64
	Iface       int
	User        uint32
	Inode       uint64
	Line        int
	Text        string
}

// networkParsePacket parses /proc/net/packet
// ("sk RefCnt Type Proto Iface R Rmem User Inode").
func networkParsePacket(b []byte) []networkPacket {
	var out []networkPacket
	for i, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if i == 0 || len(f) < 9 {
			continue
		}
		typ, err1 := strconv.ParseUint(f[2], 10, 16)
		proto, err2 := strconv.ParseUint(f[3], 16, 16)
		iface, err3 := strconv.Atoi(f[4])
		user, err4 := strconv.ParseUint(f[7], 10, 32)
		inode, err5 := strconv.ParseUint(f[8], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil || err5 != nil {
			continue
		}
		out = append(out, networkPacket{Type: typ, Proto: proto, Iface: iface, User: uint32(user), Inode: inode, Line: i + 1, Text: line})
	}
	return out
}

func networkPacketSocket(c *Context) error {
	b, err := c.ReadFile("proc/net/packet", 4<<20)
	if err != nil && !errors.Is(err, source.ErrTooLarge) {
		return ignoreMissing(err)
	}
	v, err := processesLoad(c)
	if err != nil {
		return err
	}
	holder := map[uint64]*snapshot.Process{}
	for _, p := range v.procs() {
		for _, fd := range p.FDs {
			if fd.SocketInode != 0 && holder[fd.SocketInode] == nil {
				holder[fd.SocketInode] = p
			}
		}
	}
	ifName := map[int]string{}
	for _, in := range v.snap.Interfaces {
		ifName[in.Index] = in.Name
	}
	cache := map[string]processesExeJudge{}
	for _, pk := range networkParsePacket(b) {
		p := holder[pk.Inode]
		if p == nil && v.self != 0 {
			// Our own descriptors are not in the snapshot's view of us;
			// do not report a socket we may hold ourselves.
			if networkSelfHolds(pk.Inode) {
				continue
			}
		}
		allFrames := pk.Proto == 0x0003 // ETH_P_ALL: every frame
		sev, en, zh := networkJudgeSniffer(c, v, p, cache, allFrames)
		iface := "all interfaces"
		ifaceZh := "全部网卡"
		if pk.Iface != 0 {
			iface = fmt.Sprintf("interface %d %s", pk.Iface, ifName[pk.Iface])
			ifaceZh = fmt.Sprintf("网卡 %d %s", pk.Iface, ifName[pk.Iface])
		}
		what := fmt.Sprintf("protocol 0x%04x", pk.Proto)
		if allFrames {
			what = "all protocols (ETH_P_ALL)"
		}
		who, whoZh := networkWho(p)
		var e finding.Evidence
		if p != nil {
			e = processesEvidence(p)
		} else {
			e = finding.Evidence{Path: "/proc/net/packet", Fields: map[string]string{}}
		}
		e.Line = pk.Line
		e.Excerpt = Excerpt(pk.Text, 200)
		e.Fields["packet_inode"] = strconv.FormatUint(pk.Inode, 10)
		e.Fields["source"] = "/proc/net/packet"
		c.Report(Hit{Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("A packet socket capturing %s on %s is held by %s: %s.", what, iface, who, en),
			DetailZh: fmt.Sprintf("%s 持有捕获 %s 上 %s 的数据包套接字：%s。", whoZh, ifaceZh, what, zh),
			Evidence: []finding.Evidence{e}, Time: processesTime(p)})
	}
	return nil
}

// networkSelfHolds reports a socket inode the analysing process holds.
func networkSelfHolds(inode uint64) bool {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return false
	}
	want := "socket:[" + strconv.FormatUint(inode, 10) + "]"
	for _, e := range ents {
		if t, err := os.Readlink("/proc/self/fd/" + e.Name()); err == nil && t == want {
			return true
		}
	}
	return false
}

func networkPromiscuous(c *Context) error {
	snap, err := c.Snapshot()
	if err != nil {
		return err
	}
	for _, in := range snap.Interfaces {
		if !in.Promisc {
			continue
		}
		sev := finding.Low
		for _, a := range in.Addrs {
			if pf, err := netip.ParsePrefix(a); err == nil && !pf.Addr().IsLinkLocalUnicast() && !pf.Addr().IsLoopback() {
				sev = finding.Medium
			}
		}
		en, zh := "", ""
		if c.Src().Kind() == source.KindLive && c.Exists("sys/class/net/"+in.Name+"/brport") {
			sev, en, zh = finding.Info, " It is a bridge port.", "该网卡为网桥端口。"
		} else if sev == finding.Low {
			en, zh = " It has no address of its own (bridge or tap port?).", "该网卡没有自己的地址（可能是网桥或 tap 端口）。"
		}
		c.Report(Hit{Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("Interface %s is promiscuous (flags %s).%s", in.Name, strings.Join(in.Flags, ","), en),
			DetailZh: fmt.Sprintf("网卡 %s 处于混杂模式（标志 %s）。%s", in.Name, strings.Join(in.Flags, ","), zh),
			Evidence: []finding.Evidence{{Path: "/sys/class/net/" + in.Name + "/flags", Fields: map[string]string{
				"interface": in.Name, "addresses": strings.Join(in.Addrs, " "), "rx_packets": strconv.FormatUint(in.RxPackets, 10),
				"rx_bytes": strconv.FormatUint(in.RxBytes, 10), "rx_dropped": strconv.FormatUint(in.RxDropped, 10)}}}})
	}
	return nil
}

// networkPortProbe is how the hidden-port check asks the kernel; tests
// supply their own.
type networkPortProbe struct {
	inUse  func(port int) bool          // bind(127.0.0.1:port) fails with EADDRINUSE
	listed func() (map[int]bool, error) // local ports of every TCP socket in /proc/net/tcp{,6}
}

// networkFindHiddenPorts returns ports that are in use but listed in no
// socket table, confirmed by a second probe and a fresh table.
func networkFindHiddenPorts(pr networkPortProbe, ports []int, deadline time.Time) ([]int, error) {
	before, err := pr.listed()
	if err != nil {
		return nil, err
	}
	var cand []int
	for i, port := range ports {
		if i&0x3ff == 0 && time.Now().After(deadline) {
			break
		}
		if !before[port] && pr.inUse(port) {
			cand = append(cand, port)
		}
	}
	if len(cand) == 0 {
		return nil, nil
	}
	after, err := pr.listed()
	if err != nil {
		return nil, err
	}
	var out []int
	for _, port := range cand {
		if after[port] || !pr.inUse(port) {
			continue
		}
		out = append(out, port)
	}
	if len(out) == 0 {
		return nil, nil
	}
	last, err := pr.listed()
	if err != nil {
		return nil, err
	}
	var confirmed []int
	for _, port := range out {
		if !last[port] {
			confirmed = append(confirmed, port)
		}
	}
	return confirmed, nil
}

// networkLiveProbe binds on 127.0.0.1 only, never listens, and closes at
// once; the socket tables are read from this process's namespace.
func networkLiveProbe() networkPortProbe {
	return networkPortProbe{
		inUse: func(port int) bool {
			fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
			if err != nil {
				return false
			}
			defer syscall.Close(fd)
			// SO_REUSEADDR: sockets in TIME_WAIT do not count as in use.
			_ = syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
			err = syscall.Bind(fd, &syscall.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}})
			return errors.Is(err, syscall.EADDRINUSE)
		},
		listed: func() (map[int]bool, error) {
			out := map[int]bool{}
			read := 0
			for _, name := range []string{"/proc/self/net/tcp", "/proc/self/net/tcp6"} {
				f, err := os.Open(name)
				if err != nil {
					continue
				}
				read++
				sc := bufio.NewScanner(f)
				sc.Buffer(make([]byte, 4096), 4096)
				first := true
				for sc.Scan() {
					if first {
						first = false
						continue
					}
					fields := strings.Fields(sc.Text())
					if len(fields) < 2 {
						continue
					}
					if _, p, ok := strings.Cut(fields[1], ":"); ok {
						if n, err := strconv.ParseUint(p, 16, 16); err == nil {
							out[int(n)] = true
						}
					}
				}
				err = sc.Err()
				f.Close()
				if err != nil {
					return nil, fmt.Errorf("%s: %w", name, err)
				}
			}
			if read == 0 {
				return nil, errors.New("no TCP socket table readable under /proc/self/net")
			}
			return out, nil
		},
	}
}

func networkHiddenPort(c *Context) error {
	ports := make([]int, 0, 65535)
	for p := 1; p <= 65535; p++ {
		ports = append(ports, p)
	}
	hidden, err := networkFindHiddenPorts(networkLiveProbe(), ports, time.Now().Add(5*time.Second))
	if err != nil {
		return err
	}
	for _, port := range hidden {
		note := ""
		if name, ok := networkBadPort(uint16(port)); ok {
			note = " (" + name + ")"
		}
		c.Report(Hit{
			Detail:   fmt.Sprintf("TCP port %d%s is in use on 127.0.0.1 but no socket on it is listed in /proc/net/tcp or tcp6.", port, note),
			DetailZh: fmt.Sprintf("TCP 端口 %d%s 在 127.0.0.1 上已被占用，但 /proc/net/tcp 与 tcp6 中没有该端口的套接字。", port, note),
			Evidence: []finding.Evidence{{Path: "/proc/net/tcp", Fields: map[string]string{"port": strconv.Itoa(port), "probe": "bind 127.0.0.1:" + strconv.Itoa(port) + " -> EADDRINUSE"}}}})
	}
	return nil
}

// networkIsLoopbackIP reports a loopback or unspecified literal.
func networkIsLoopbackIP(s string) (loop, ok bool) {
	a, err := netip.ParseAddr(strings.Split(s, "%")[0])
	if err != nil {
		return false, false
	}
	a = a.Unmap()
	return a.IsLoopback() || a.IsUnspecified(), true
}

func networkHostsTampering(c *Context) error {
	b, err := c.ReadFile("etc/hosts", 4<<20)
	if err != nil && !errors.Is(err, source.ErrTooLarge) {
		return ignoreMissing(err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		loop, ok := networkIsLoopbackIP(f[0])
		if !ok {
			continue
		}
		for _, name := range f[1:] {
			var sev finding.Severity
			var en, zh string
			switch {
			case networkLocalNames[strings.ToLower(name)] && !loop:
				sev, en, zh = finding.Medium, fmt.Sprintf("%s points to %s, not to loopback", name, f[0]), fmt.Sprintf("%s 指向 %s 而非回环地址", name, f[0])
			case processesPoolHost(name) != "":
				sev, en, zh = finding.High, fmt.Sprintf("the mining pool %s is pinned to %s", name, f[0]), fmt.Sprintf("矿池域名 %s 被固定解析到 %s", name, f[0])
			case networkProtected(name) != "" && loop:
				sev, en, zh = finding.High, fmt.Sprintf("%s is blocked (pointed to %s)", name, f[0]), fmt.Sprintf("%s 被屏蔽（指向 %s）", name, f[0])
			case networkProtected(name) != "":
				sev, en, zh = finding.Medium, fmt.Sprintf("%s is redirected to %s", name, f[0]), fmt.Sprintf("%s 被重定向到 %s", name, f[0])
			default:
				continue
			}
			c.Report(Hit{Severity: sev, SeveritySet: true,
				Detail: "/etc/hosts: " + en + ".", DetailZh: "/etc/hosts：" + zh + "。",
				Evidence: []finding.Evidence{{Path: "/etc/hosts", Line: i + 1, Excerpt: Excerpt(line, 200)}}})
		}
	}
	return nil
}

// networkResolvLine is a nameserver line of resolv.conf.
type networkResolvLine struct {
	addr string
	line int
	text string
}

func networkReadResolv(c *Context) (string, []networkResolvLine, error) {
	b, err := c.ReadFile("etc/resolv.conf", 1<<20)
	if err != nil && !errors.Is(err, source.ErrTooLarge) {
		return "", nil, err
	}
	var ns []networkResolvLine
	for i, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "nameserver" {
			ns = append(ns, networkResolvLine{f[1], i + 1, line})
		}
	}
	return string(b), ns, nil
}

func networkDNSResolvers(c *Context) error {
	_, ns, err := networkReadResolv(c)
	if err != nil {
		return ignoreMissing(err)
	}
	for _, n := range ns {
		a, err := netip.ParseAddr(strings.Split(n.addr, "%")[0])
		if err != nil {
			continue
		}
		a = a.Unmap()
		sev := finding.Info
		var en, zh string
		if who, ok := networkPublicResolvers[a.String()]; ok {
			en, zh = fmt.Sprintf("%s is the public resolver %s.", a, who), fmt.Sprintf("%s 为公共解析服务 %s。", a, who)
		} else if networkPublic(a) {
			sev = finding.Low
			en, zh = fmt.Sprintf("%s is an Internet address that is not a well-known public resolver.", a), fmt.Sprintf("%s 为互联网地址，且不是知名公共解析服务。", a)
		} else {
			continue
		}
		c.Report(Hit{Severity: sev, SeveritySet: true, Detail: en, DetailZh: zh,
			Evidence: []finding.Evidence{{Path: "/etc/resolv.conf", Line: n.line, Excerpt: Excerpt(n.text, 200)}}})
	}
	return nil
}

// networkResolvManagers are the headers resolv.conf managers write.
var networkResolvManagers = []struct{ marker, name string }{
	{"This file is managed by man:systemd-resolved(8)", "systemd-resolved"},
	{"Generated by NetworkManager", "NetworkManager"},
	{"generated by resolvconf(8)", "resolvconf"},
	{"Generated by dhcpcd", "dhcpcd"},
	{"generated by /usr/sbin/dhclient-script", "dhclient"},
	{"Generated by Connection Manager", "connman"},
	{"Generated by netconfig", "netconfig"},
}

func networkResolvTampered(c *Context) error {
	text, ns, err := networkReadResolv(c)
	if err != nil && !IsNotExist(err) {
		return err
	}
	// A link to an odd place.
	if fi, err := c.Src().Lstat("etc/resolv.conf"); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if t, err := c.Src().ReadLink("etc/resolv.conf"); err == nil {
			abs := t
			if !strings.HasPrefix(abs, "/") {
				abs = path.Join("/etc", t)
			}
			abs = path.Clean(abs)
			if processesPlace(abs) != "" {
				c.Report(Hit{
					Detail:   "/etc/resolv.conf links to " + t + ", a temporary or hidden place.",
					DetailZh: "/etc/resolv.conf 链接到临时或隐藏位置 " + t + "。",
					Evidence: []finding.Evidence{{Path: "/etc/resolv.conf", Fields: map[string]string{"link": t}}}})
			}
		}
	}
	if st, err := c.StatOf("etc/resolv.conf"); err == nil && (st.Immutable || st.AppendOnly) {
		c.Report(Hit{Severity: finding.Low, SeveritySet: true,
			Detail:   "/etc/resolv.conf is immutable or append-only (chattr), so no network manager can change it.",
			DetailZh: "/etc/resolv.conf 被设置为不可修改或仅追加（chattr），任何网络管理程序都无法再修改它。",
			Evidence: []finding.Evidence{{Path: "/etc/resolv.conf", Fields: map[string]string{"immutable": strconv.FormatBool(st.Immutable), "append_only": strconv.FormatBool(st.AppendOnly)}}}})
	}
	if text == "" {
		return nil
	}
	lines := strings.Split(text, "\n")
	manager, headerLine := "", 0
	for i, line := range lines {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		for _, m := range networkResolvManagers {
			if strings.Contains(line, m.marker) && manager == "" {
				manager, headerLine = m.name, i+1
			}
		}
	}
	if manager == "" {
		return nil
	}
	for _, n := range ns {
		var en, zh string
		switch {
		case n.line < headerLine:
			en = fmt.Sprintf("nameserver %s was written above the header of %s, which generates this file", n.addr, manager)
			zh = fmt.Sprintf("nameserver %s 被写在生成该文件的 %s 头部注释之前", n.addr, manager)
		case manager == "systemd-resolved" && strings.Contains(text, "127.0.0.53") && n.addr != "127.0.0.53" && n.addr != "127.0.0.54":
			en = fmt.Sprintf("nameserver %s sits beside systemd-resolved's stub 127.0.0.53, which the stub file never lists", n.addr)
			zh = fmt.Sprintf("nameserver %s 与 systemd-resolved 本地存根 127.0.0.53 并列，存根文件不会包含此项", n.addr)
		default:
			continue
		}
		c.Report(Hit{
			Detail:   "/etc/resolv.conf: " + en + ".",
			DetailZh: "/etc/resolv.conf：" + zh + "。",
			Evidence: []finding.Evidence{{Path: "/etc/resolv.conf", Line: n.line, Excerpt: Excerpt(n.text, 200), Fields: map[string]string{"manager": manager}}}})
	}
	return nil
}

// networkProxyFiles are the files that set proxies for everyone.
func networkProxyFiles(c *Context) []string {
	names := []string{"etc/environment", "etc/profile", "etc/bash.bashrc", "etc/bashrc", "etc/zsh/zshenv", "etc/zshenv",
		"etc/yum.conf", "etc/dnf/dnf.conf", "etc/wgetrc", "etc/apt/apt.conf"}
	names = append(names, c.Glob("etc/profile.d/*")...)
	names = append(names, c.Glob("etc/apt/apt.conf.d/*")...)
	for _, h := range c.Homes() {
		for _, f := range []string{".bashrc", ".bash_profile", ".profile", ".zshrc", ".zshenv", ".wgetrc", ".curlrc"} {
			names = append(names, h.Dir+"/"+f)
		}
	}
	return names
}

// networkProxySeverity grades a proxy host: an Internet address is
// medium, anything else low.
func networkProxySeverity(host string) finding.Severity {
	if a, err := netip.ParseAddr(host); err == nil && networkPublic(a) {
		return finding.Medium
	}
	return finding.Low
}

func networkProxyEnv(c *Context) error {
	for _, name := range networkProxyFiles(c) {
		b, err := c.ReadFile(name, 1<<20)
		if err != nil && !errors.Is(err, source.ErrTooLarge) {
			continue
		}
		for i, line := range strings.Split(string(b), "\n") {
			t := strings.TrimSpace(line)
			if strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//") {
				continue
			}
			m := networkProxyRe.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			val := m[2] + m[4] + m[5]
			if m[5] != "" && !strings.HasSuffix(name, ".conf") {
				continue // "proxy=" is yum/dnf syntax only
			}
			if val == "" || strings.HasPrefix(val, "$") || strings.EqualFold(val, "_none_") || strings.EqualFold(val, "false") || strings.EqualFold(val, "DIRECT") {
				continue
			}
			host := networkProxyHost(val)
			c.Report(Hit{Severity: networkProxySeverity(host), SeveritySet: true,
				Detail:   fmt.Sprintf("/%s sets a proxy: %s.", name, Excerpt(strings.TrimSpace(m[0]), 200)),
				DetailZh: fmt.Sprintf("/%s 设置了代理：%s。", name, Excerpt(strings.TrimSpace(m[0]), 200)),
				Evidence: []finding.Evidence{{Path: "/" + name, Line: i + 1, Excerpt: Excerpt(line, 200), Fields: map[string]string{"proxy": val}}}})
		}
	}
	// Process environments, when the volatile state is there: one finding
	// per distinct setting.
	snap, err := c.Snapshot()
	if err != nil {
		return nil
	}
	self := snap.CollectorPID
	if c.Src().Kind() == source.KindLive {
		self = os.Getpid()
	}
	type setting struct {
		pids []int
		p    *snapshot.Process
	}
	seen := map[string]*setting{}
	var keys []string
	for i := range snap.Processes {
		p := &snap.Processes[i]
		if p.PID == self {
			continue
		}
		for _, e := range p.Environ {
			k, val, ok := strings.Cut(e, "=")
			if !ok || val == "" {
				continue
			}
			switch strings.ToLower(k) {
			case "http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "socks_proxy":
			default:
				continue
			}
			key := k + "=" + val
			s := seen[key]
			if s == nil {
				s = &setting{p: p}
				seen[key] = s
				keys = append(keys, key)
			}
			if len(s.pids) < 20 {
				s.pids = append(s.pids, p.PID)
			}
		}
	}
	sort.Strings(keys)
	for _, key := range keys {
		s := seen[key]
		_, val, _ := strings.Cut(key, "=")
		e := processesEvidence(s.p)
		e.Fields["proxy"] = key
		pids := make([]string, len(s.pids))
		for i, pid := range s.pids {
			pids[i] = strconv.Itoa(pid)
		}
		e.Fields["pids"] = strings.Join(pids, " ")
		c.Report(Hit{Severity: networkProxySeverity(networkProxyHost(val)), SeveritySet: true,
			Detail:   fmt.Sprintf("Processes run with %s (PIDs %s).", Excerpt(key, 200), strings.Join(pids, ", ")),
			DetailZh: fmt.Sprintf("进程以 %s 运行（PID %s）。", Excerpt(key, 200), strings.Join(pids, "、")),
			Evidence: []finding.Evidence{e}})
	}
	return nil
}

// Firewall rule patterns.
var (
	networkRedirectRe = regexp.MustCompile(`(?i)-j\s+(REDIRECT|DNAT)\b|\b(redirect|dnat)\s+(ip6?\s+)?to\b`)
	networkToPortRe   = regexp.MustCompile(`(?i)--to-ports?\s+([0-9]+)|--to-destination\s+\S*?:([0-9]+)|\bto\s+\S*:([0-9]+)`)
	networkDportRe    = regexp.MustCompile(`(?i)--dports?\s+([0-9]+)|\bdport\s+([0-9]+)`)
	networkTriggerRe  = regexp.MustCompile(`(?i)--sport\s+[0-9]+|\bsport\s+[0-9]+|-m\s+string\b|-m\s+recent\b|--string\s|--hex-string\s|\bu32\b`)
	networkAcceptRe   = regexp.MustCompile(`(?i)-j\s+ACCEPT\b|\baccept\b`)
	networkDockerRe   = regexp.MustCompile(`(?i)^-A\s+DOCKER\b|^-A\s+KUBE-|^-A\s+CNI-`)
)

func networkFirstNum(m []string) int {
	for _, s := range m[1:] {
		if n, err := strconv.Atoi(s); err == nil {
			return n
		}
	}
	return 0
}

func networkFirewallRedirect(c *Context) error {
	names := []string{"etc/iptables/rules.v4", "etc/iptables/rules.v6", "etc/sysconfig/iptables", "etc/sysconfig/ip6tables",
		"etc/iptables.rules", "etc/iptables.up.rules", "etc/network/iptables", "etc/nftables.conf", "etc/ufw/before.rules",
		"etc/ufw/before6.rules", "etc/ufw/after.rules", "etc/firewalld/direct.xml"}
	names = append(names, c.Glob("etc/nftables.d/*")...)
	names = append(names, c.Glob("etc/nftables/*")...)
	for _, name := range names {
		b, err := c.ReadFile(name, 4<<20)
		if err != nil && !errors.Is(err, source.ErrTooLarge) {
			continue
		}
		for i, line := range strings.Split(string(b), "\n") {
			t := strings.TrimSpace(line)
			if t == "" || strings.HasPrefix(t, "#") {
				continue
			}
			var sev finding.Severity
			var en, zh string
			switch {
			case networkRedirectRe.MatchString(t):
				to, dport := 0, 0
				if m := networkToPortRe.FindStringSubmatch(t); m != nil {
					to = networkFirstNum(m)
				}
				if m := networkDportRe.FindStringSubmatch(t); m != nil {
					dport = networkFirstNum(m)
				}
				_, badTo := networkBadPort(uint16(to))
				switch {
				case networkTriggerRe.MatchString(t):
					sev, en, zh = finding.High, "redirects traffic chosen by source port or content (port-reuse backdoor)", "按源端口或报文内容选择性重定向流量（端口复用后门）"
				case badTo || processesPoolPorts[uint16(to)]:
					sev, en, zh = finding.High, fmt.Sprintf("redirects to port %d, a backdoor or mining port", to), fmt.Sprintf("重定向到后门或矿池端口 %d", to)
				case networkDockerRe.MatchString(t):
					continue // container runtimes publish ports this way
				case dport != 0 && to != 0 && dport != to:
					sev, en, zh = finding.Low, fmt.Sprintf("redirects port %d to %d", dport, to), fmt.Sprintf("将端口 %d 重定向到 %d", dport, to)
				default:
					sev, en, zh = finding.Low, "redirects or translates traffic", "存在流量重定向或地址转换"
				}
			case networkAcceptRe.MatchString(t):
				m := networkDportRe.FindStringSubmatch(t)
				if m == nil {
					continue
				}
				port := networkFirstNum(m)
				name, bad := networkBadPort(uint16(port))
				if !bad {
					continue
				}
				sev, en, zh = finding.Medium, fmt.Sprintf("opens port %d (%s)", port, name), fmt.Sprintf("开放端口 %d（%s）", port, name)
			default:
				continue
			}
			c.Report(Hit{Severity: sev, SeveritySet: true,
				Detail:   fmt.Sprintf("/%s line %d %s.", name, i+1, en),
				DetailZh: fmt.Sprintf("/%s 第 %d 行%s。", name, i+1, zh),
				Evidence: []finding.Evidence{{Path: "/" + name, Line: i + 1, Excerpt: Excerpt(t, 300)}}})
		}
	}
	return nil
}

func networkARPSpoof(c *Context) error {
	snap, err := c.Snapshot()
	if err != nil {
		return err
	}
	gateways := map[netip.Addr]bool{}
	for _, r := range snap.Routes {
		if r.Gateway.IsValid() && !r.Gateway.IsUnspecified() {
			gateways[r.Gateway.Unmap()] = true
		}
	}
	type key struct{ dev, mac string }
	groups := map[key][]snapshot.ARPEntry{}
	perDev := map[string]int{}
	var keys []key
	for _, a := range snap.ARP {
		mac := strings.ToLower(a.HardwareAddr)
		if a.Flags&0x2 == 0 || mac == "" || mac == "00:00:00:00:00:00" || mac == "ff:ff:ff:ff:ff:ff" {
			continue
		}
		perDev[a.Device]++
		k := key{a.Device, mac}
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], a)
	}
	for _, k := range keys {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		sev := finding.Low
		var ips []string
		gw := ""
		for _, a := range g {
			ips = append(ips, a.IP.String())
			if gateways[a.IP.Unmap()] {
				gw = a.IP.String()
			}
		}
		en, zh := "", ""
		switch {
		case len(g) == perDev[k.dev] && len(g) >= 3:
			// Every neighbour answers with one MAC: a proxy-ARP network
			// (cloud VPCs do this).
			en, zh = " Every neighbour on the interface has this MAC: probably a proxy-ARP network.", "该网卡上所有邻居均为此 MAC：多为代理 ARP 网络（云厂商 VPC 常见）。"
		case gw != "":
			sev = finding.Medium
			en, zh = " One of them is the default gateway "+gw+".", "其中包括默认网关 "+gw+"。"
		}
		c.Report(Hit{Severity: sev, SeveritySet: true,
			Detail:   fmt.Sprintf("On %s, %s all resolve to %s.%s", k.dev, strings.Join(ips, ", "), k.mac, en),
			DetailZh: fmt.Sprintf("网卡 %s 上 %s 均解析为 %s。%s", k.dev, strings.Join(ips, "、"), k.mac, zh),
			Evidence: []finding.Evidence{{Path: "/proc/net/arp", Fields: map[string]string{"device": k.dev, "mac": k.mac, "ips": strings.Join(ips, " ")}}}})
	}
	return nil
}
