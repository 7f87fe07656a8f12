package snapshot

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Interface flags (include/uapi/linux/if.h), as /sys/class/net/X/flags.
var ifFlagNames = []struct {
	bit  uint64
	name string
}{{0x1, "UP"}, {0x2, "BROADCAST"}, {0x4, "DEBUG"}, {0x8, "LOOPBACK"}, {0x10, "POINTOPOINT"},
	{0x20, "NOTRAILERS"}, {0x40, "RUNNING"}, {0x80, "NOARP"}, {0x100, "PROMISC"},
	{0x200, "ALLMULTI"}, {0x1000, "MULTICAST"}, {0x10000, "LOWER_UP"}}

const iffPromisc = 0x100

// interfaces reads /sys/class/net of the collector's network namespace;
// the addresses come from a netlink query (net.Interfaces) because sysfs
// does not list them.
func (c *collector) interfaces() {
	dir := filepath.Join(c.opt.SysPath, "class", "net")
	ents, err := os.ReadDir(dir)
	if err != nil {
		c.errorf("%s: %v", dir, err)
		return
	}
	for _, e := range ents {
		d := filepath.Join(dir, e.Name())
		num := func(name string, base int) uint64 {
			s, err := readTrim(filepath.Join(d, name))
			if err != nil {
				return 0 // attributes vary with the device type
			}
			n, err := strconv.ParseUint(strings.TrimPrefix(s, "0x"), base, 64)
			if err != nil {
				c.errorf("%s/%s: %v", d, name, err)
			}
			return n
		}
		in := Interface{Name: e.Name(), Index: int(num("ifindex", 10)), MTU: int(num("mtu", 10))}
		flags := num("flags", 16)
		for _, f := range ifFlagNames {
			if flags&f.bit != 0 {
				in.Flags = append(in.Flags, f.name)
			}
		}
		in.Promisc = flags&iffPromisc != 0
		in.HardwareAddr, _ = readTrim(filepath.Join(d, "address"))
		in.OperState, _ = readTrim(filepath.Join(d, "operstate"))
		st := func(n string) uint64 { return num(filepath.Join("statistics", n), 10) }
		in.RxBytes, in.TxBytes = st("rx_bytes"), st("tx_bytes")
		in.RxPackets, in.TxPackets = st("rx_packets"), st("tx_packets")
		in.RxErrors, in.TxErrors = st("rx_errors"), st("tx_errors")
		in.RxDropped, in.TxDropped = st("rx_dropped"), st("tx_dropped")
		if ni, err := net.InterfaceByIndex(in.Index); err == nil && ni.Name == in.Name {
			if addrs, err := ni.Addrs(); err == nil {
				for _, a := range addrs {
					in.Addrs = append(in.Addrs, a.String())
				}
			} else {
				c.errorf("interface %s addresses: %v", in.Name, err)
			}
		}
		c.snap.Interfaces = append(c.snap.Interfaces, in)
	}
}
