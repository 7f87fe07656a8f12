package snapshot

// Pure parsers for the /proc and target-file text formats that are parsed
// by hand, either because procfs has no parser for them or because its
// parser rejects a whole file for one odd line (ARP on non-Ethernet
// devices, mountinfo) or loses detail the analysis needs (mountinfo
// octal escapes, option order). Each takes the file's bytes and returns
// what it could parse plus one error per line it could not: a bad line
// never hides the others. They are fuzzed in parse_test.go.

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// lines returns the lines of data; bufio.Scanner would stop at its token
// limit, which a hostile file (os-release, resolv.conf) could exceed.
func lines(data []byte) []string {
	s := strings.Split(string(data), "\n")
	if len(s) > 0 && s[len(s)-1] == "" {
		s = s[:len(s)-1]
	}
	return s
}

// tcpStates names the kernel's TCP states (include/net/tcp_states.h);
// UDP and raw sockets reuse them (7 = CLOSE for unconnected, 1 when
// connected).
var tcpStates = map[uint64]string{
	1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RECV", 4: "FIN_WAIT1", 5: "FIN_WAIT2",
	6: "TIME_WAIT", 7: "CLOSE", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN",
	11: "CLOSING", 12: "NEW_SYN_RECV",
}

// parseNetIP parses /proc/net/{tcp,tcp6,udp,udp6,raw,raw6}. Addresses are
// printed by the kernel as 32-bit words in host byte order, so order is
// the byte order of the host that produced the file (binary.NativeEndian
// for a live read).
func parseNetIP(data []byte, proto string, order binary.ByteOrder) ([]Socket, []error) {
	var socks []Socket
	var errs []error
	for i, line := range lines(data) {
		f := strings.Fields(line)
		if i == 0 || len(f) == 0 { // header
			continue
		}
		if len(f) < 10 {
			errs = append(errs, fmt.Errorf("line %d: %d fields", i+1, len(f)))
			continue
		}
		la, lp, err1 := parseHexAddrPort(f[1], order)
		ra, rp, err2 := parseHexAddrPort(f[2], order)
		st, err3 := strconv.ParseUint(f[3], 16, 8)
		uid, err4 := strconv.ParseUint(f[7], 10, 32)
		inode, err5 := strconv.ParseUint(f[9], 10, 64)
		if err := firstErr(err1, err2, err3, err4, err5); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", i+1, err))
			continue
		}
		state, ok := tcpStates[st]
		if !ok {
			state = "UNKNOWN_" + f[3]
		}
		socks = append(socks, Socket{Proto: proto, LocalIP: la, LocalPort: lp, RemoteIP: ra, RemotePort: rp,
			State: state, UID: uint32(uid), Inode: inode})
	}
	return socks, errs
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// parseHexAddrPort parses "0100007F:0035" or the 32-hex-digit IPv6 form.
func parseHexAddrPort(s string, order binary.ByteOrder) (netip.Addr, uint16, error) {
	a, p, ok := strings.Cut(s, ":")
	if !ok {
		return netip.Addr{}, 0, fmt.Errorf("address %q: no port", s)
	}
	port, err := strconv.ParseUint(p, 16, 16)
	if err != nil {
		return netip.Addr{}, 0, fmt.Errorf("address %q: %w", s, err)
	}
	raw, err := hex.DecodeString(a)
	if err != nil || (len(raw) != 4 && len(raw) != 16) {
		return netip.Addr{}, 0, fmt.Errorf("address %q: bad hex", s)
	}
	// Each 4-byte word was printed as a host-order integer (see word4).
	var b [16]byte
	for w := 0; w < len(raw); w += 4 {
		order.PutUint32(b[w:], binary.BigEndian.Uint32(raw[w:w+4]))
	}
	if len(raw) == 4 {
		return netip.AddrFrom4([4]byte(b[:4])), uint16(port), nil
	}
	return netip.AddrFrom16(b), uint16(port), nil
}

// Unix socket types and states (include/linux/net.h, include/uapi/linux/net.h).
var (
	unixTypes  = map[uint64]string{1: "stream", 2: "dgram", 3: "raw", 4: "rdm", 5: "seqpacket"}
	unixStates = map[uint64]string{0: "FREE", 1: "UNCONNECTED", 2: "CONNECTING", 3: "CONNECTED", 4: "DISCONNECTING"}
)

const soAcceptCon = 1 << 16 // __SO_ACCEPTCON: a listening socket

// parseNetUnix parses /proc/net/unix. The path is everything after the
// seventh field, so names with spaces survive; abstract names start "@".
func parseNetUnix(data []byte) ([]Socket, []error) {
	var socks []Socket
	var errs []error
	for i, line := range lines(data) {
		if i == 0 || strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 7 {
			errs = append(errs, fmt.Errorf("line %d: %d fields", i+1, len(f)))
			continue
		}
		flags, err1 := strconv.ParseUint(f[3], 16, 32)
		typ, err2 := strconv.ParseUint(f[4], 16, 16)
		st, err3 := strconv.ParseUint(f[5], 16, 8)
		inode, err4 := strconv.ParseUint(f[6], 10, 64)
		if err := firstErr(err1, err2, err3, err4); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", i+1, err))
			continue
		}
		s := Socket{Proto: "unix", Inode: inode, Type: unixTypes[typ], State: unixStates[st]}
		if s.Type == "" {
			s.Type = f[4]
		}
		if flags&soAcceptCon != 0 {
			s.State = "LISTEN"
		} else if s.State == "" {
			s.State = "UNKNOWN_" + f[5]
		}
		if len(f) > 7 {
			s.Path = afterFields(line, 7)
		}
		socks = append(socks, s)
	}
	return socks, errs
}

// afterFields returns line after its first n space-separated fields and
// the single space that follows them, keeping any later spaces.
func afterFields(line string, n int) string {
	rest := line
	for range n {
		rest = strings.TrimLeft(rest, " \t")
		i := strings.IndexAny(rest, " \t")
		if i < 0 {
			return ""
		}
		rest = rest[i:]
	}
	return strings.TrimPrefix(rest, " ")
}

// Route flags from include/uapi/linux/route.h and ipv6_route.h.
var routeFlagNames = []struct {
	bit  uint32
	name string
}{{0x1, "UP"}, {0x2, "GATEWAY"}, {0x4, "HOST"}, {0x8, "REINSTATE"}, {0x10, "DYNAMIC"},
	{0x20, "MODIFIED"}, {0x200, "REJECT"}, {0x40000, "ADDRCONF"}, {0x80000, "DEFAULT"},
	{0x1000000, "NONEXTHOP"}, {0x80000000, "LOCAL"}}

func routeFlags(f uint32) []string {
	var out []string
	for _, n := range routeFlagNames {
		if f&n.bit != 0 {
			out = append(out, n.name)
		}
	}
	return out
}

// parseRoute parses /proc/net/route (IPv4). Like the socket tables it
// prints addresses as host-order words.
func parseRoute(data []byte, order binary.ByteOrder) ([]Route, []error) {
	var routes []Route
	var errs []error
	for i, line := range lines(data) {
		f := strings.Fields(line)
		if i == 0 || len(f) == 0 {
			continue
		}
		if len(f) < 11 {
			errs = append(errs, fmt.Errorf("line %d: %d fields", i+1, len(f)))
			continue
		}
		// The kernel prints "%s\t%08X\t%08X\t%04X\t%d\t%u\t%d\t%08X\t%d\t%u\t%u":
		// Destination Gateway Flags are hex, RefCnt Use Metric decimal,
		// Mask hex, MTU Window IRTT decimal.
		var v [10]uint64
		var err error
		for j := range v {
			base := 10
			if j <= 2 || j == 6 {
				base = 16
			}
			if v[j], err = strconv.ParseUint(f[j+1], base, 32); err != nil {
				break
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", i+1, err))
			continue
		}
		// Columns: Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT.
		dst := word4(uint32(v[0]), order)
		mask := word4(uint32(v[6]), order)
		bits := maskBits(mask)
		r := Route{Family: "inet", Iface: f[0], Destination: netip.PrefixFrom(dst, bits),
			Flags: routeFlags(uint32(v[2])), Metric: uint32(v[5]), MTU: uint32(v[7])}
		if gw := word4(uint32(v[1]), order); gw != netip.IPv4Unspecified() {
			r.Gateway = gw
		}
		routes = append(routes, r)
	}
	return routes, errs
}

// word4 turns a word printed by the kernel back into an IPv4 address: the
// kernel printed the network-order address bytes read as a host-order
// integer, so writing the integer back in host order restores the bytes.
func word4(w uint32, order binary.ByteOrder) netip.Addr {
	var b [4]byte
	order.PutUint32(b[:], w)
	return netip.AddrFrom4(b)
}

// maskBits counts the leading one bits of a netmask.
func maskBits(m netip.Addr) int {
	b := m.As4()
	n := 0
	for _, c := range b {
		for bit := 7; bit >= 0; bit-- {
			if c&(1<<bit) == 0 {
				return n
			}
			n++
		}
	}
	return n
}

// parseIPv6Route parses /proc/net/ipv6_route, whose addresses are printed
// as bytes in network order (no host-order words here).
func parseIPv6Route(data []byte) ([]Route, []error) {
	var routes []Route
	var errs []error
	for i, line := range lines(data) {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 10 {
			errs = append(errs, fmt.Errorf("line %d: %d fields", i+1, len(f)))
			continue
		}
		dst, err1 := hex16(f[0])
		dlen, err2 := strconv.ParseUint(f[1], 16, 8)
		src, err3 := hex16(f[2])
		slen, err4 := strconv.ParseUint(f[3], 16, 8)
		nh, err5 := hex16(f[4])
		metric, err6 := strconv.ParseUint(f[5], 16, 32)
		flags, err7 := strconv.ParseUint(f[8], 16, 32)
		if err := firstErr(err1, err2, err3, err4, err5, err6, err7); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", i+1, err))
			continue
		}
		if dlen > 128 || slen > 128 {
			errs = append(errs, fmt.Errorf("line %d: prefix length over 128", i+1))
			continue
		}
		r := Route{Family: "inet6", Iface: f[9], Destination: netip.PrefixFrom(dst, int(dlen)),
			Flags: routeFlags(uint32(flags)), Metric: uint32(metric)}
		if slen != 0 || !src.IsUnspecified() {
			r.Source = netip.PrefixFrom(src, int(slen))
		}
		if !nh.IsUnspecified() {
			r.Gateway = nh
		}
		routes = append(routes, r)
	}
	return routes, errs
}

func hex16(s string) (netip.Addr, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != 16 {
		return netip.Addr{}, fmt.Errorf("address %q: bad hex", s)
	}
	return netip.AddrFrom16([16]byte(b)), nil
}

// parseARP parses /proc/net/arp. The hardware address is kept as printed:
// it is not always a 6-byte MAC (InfiniBand, tunnels).
func parseARP(data []byte) ([]ARPEntry, []error) {
	var out []ARPEntry
	var errs []error
	for i, line := range lines(data) {
		f := strings.Fields(line)
		if i == 0 || len(f) == 0 {
			continue
		}
		if len(f) < 6 {
			errs = append(errs, fmt.Errorf("line %d: %d fields", i+1, len(f)))
			continue
		}
		ip, err1 := netip.ParseAddr(f[0])
		hw, err2 := strconv.ParseUint(f[1], 0, 32)
		flags, err3 := strconv.ParseUint(f[2], 0, 32)
		if err := firstErr(err1, err2, err3); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", i+1, err))
			continue
		}
		out = append(out, ARPEntry{IP: ip, HWType: uint32(hw), Flags: uint32(flags),
			HardwareAddr: f[3], Mask: f[4], Device: f[5]})
	}
	return out, errs
}

// parseModules parses /proc/modules:
// "name size refcount deps state address [taint flags]".
func parseModules(data []byte) ([]Module, []error) {
	var out []Module
	var errs []error
	for i, line := range lines(data) {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 6 {
			errs = append(errs, fmt.Errorf("line %d: %d fields", i+1, len(f)))
			continue
		}
		size, err1 := strconv.ParseUint(f[1], 10, 64)
		var err2 error
		ref := -1 // "-": the module cannot be unloaded
		if f[2] != "-" {
			var r int64
			r, err2 = strconv.ParseInt(f[2], 10, 32)
			ref = int(r)
		}
		addr, err3 := strconv.ParseUint(strings.TrimPrefix(f[5], "0x"), 16, 64)
		if err := firstErr(err1, err2, err3); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", i+1, err))
			continue
		}
		m := Module{Name: f[0], Size: size, RefCount: ref, State: f[4], Address: addr}
		for _, u := range strings.Split(f[3], ",") {
			if u != "" && u != "-" {
				m.UsedBy = append(m.UsedBy, u)
			}
		}
		if len(f) > 6 {
			m.Taint = strings.Trim(strings.Join(f[6:], " "), "()")
		}
		out = append(out, m)
	}
	return out, errs
}

// parseMountinfo parses /proc/PID/mountinfo (proc(5)):
// "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue".
// Root, mount point and source are unescaped (the kernel writes space,
// tab, newline and backslash as \040 \011 \012 \134).
func parseMountinfo(data []byte) ([]Mount, []error) {
	var out []Mount
	var errs []error
	for i, line := range lines(data) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		pre, post, ok := strings.Cut(line, " - ")
		f := strings.Fields(pre)
		g := strings.Fields(post)
		if !ok || len(f) < 6 || len(g) < 2 {
			errs = append(errs, fmt.Errorf("line %d: malformed", i+1))
			continue
		}
		id, err1 := strconv.Atoi(f[0])
		parent, err2 := strconv.Atoi(f[1])
		if err := firstErr(err1, err2); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", i+1, err))
			continue
		}
		m := Mount{ID: id, Parent: parent, Device: f[2], Root: unescapeOctal(f[3]),
			MountPoint: unescapeOctal(f[4]), Options: f[5], FSType: g[0], Source: unescapeOctal(g[1])}
		if len(f) > 6 {
			m.Propagation = f[6:]
		}
		if len(g) > 2 {
			m.SuperOptions = g[2]
		}
		out = append(out, m)
	}
	return out, errs
}

// unescapeOctal undoes the kernel's \ooo escaping in mount tables.
func unescapeOctal(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) {
			if n, err := strconv.ParseUint(s[i+1:i+4], 8, 8); err == nil {
				b.WriteByte(byte(n))
				i += 3
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// parseResolv extracts name servers and search domains from resolv.conf
// (resolv.conf(5)): the last "search" or "domain" line wins, as in glibc.
func parseResolv(data []byte) (nameservers, search []string) {
	for _, line := range lines(data) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		switch f[0] {
		case "nameserver":
			nameservers = append(nameservers, f[1])
		case "search", "domain":
			search = append([]string(nil), f[1:]...)
		}
	}
	return nameservers, search
}

// parseOSRelease parses os-release(5): KEY=value lines, values optionally
// quoted with shell-style backslash escapes. Keys that are not
// [A-Za-z0-9_]+ are dropped (they cannot be valid, and keeping them as map
// keys could not round-trip through JSON if they were not UTF-8).
func parseOSRelease(data []byte) map[string]string {
	m := map[string]string{}
	for _, line := range lines(data) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || !validKey(k) {
			continue
		}
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			q := v[0]
			v = v[1 : len(v)-1]
			if q == '"' {
				var b strings.Builder
				for i := 0; i < len(v); i++ {
					if v[i] == '\\' && i+1 < len(v) && strings.IndexByte("\"\\$`", v[i+1]) >= 0 {
						i++
					}
					b.WriteByte(v[i])
				}
				v = b.String()
			}
		}
		m[k] = v
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

func validKey(k string) bool {
	if k == "" {
		return false
	}
	for _, c := range []byte(k) {
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// splitNUL splits a NUL-separated /proc list (cmdline, environ) exactly:
// one trailing NUL terminates the last element; anything else, including
// empty elements and a missing final NUL (a process that rewrote its
// argv), is kept as it is.
func splitNUL(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	b = bytes.TrimSuffix(b, []byte{0})
	parts := bytes.Split(b, []byte{0})
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = string(p)
	}
	return out
}
