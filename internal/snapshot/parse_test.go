package snapshot

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

// Fixture lines are copied from real kernels' output (Debian 12, 6.1),
// then edited to add the hostile or unusual cases.
const (
	tcpFixture = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   110        0 23456 1 0000000000000000 100 0 0 10 0
   1: 0100007F:0CEA 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 23457 1 0000000000000000 20 4 30 10 -1
   2: garbage line
   3: 0200A8C0:0016 0A00A8C0:C350 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000
`
	tcp6Fixture = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1 0000000000000000 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000100007F:A000 01 00000000:00000000 00:00000000 00000000  1000        0 1235 1 0000000000000000 20 4 1 10 -1
`
	unixFixture = `Num       RefCount Protocol Flags    Type St Inode Path
0000000000000000: 00000002 00000000 00010000 0001 01 15160 /run/systemd/private
0000000000000000: 00000002 00000000 00000000 0002 01 15161 @/tmp/.X11-unix/X0
0000000000000000: 00000003 00000000 00000000 0001 03 15162
0000000000000000: 00000002 00000000 00010000 0005 01 15163 /tmp/dir with  spaces/sock
0000000000000000: bad
`
	routeFixture = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n" +
		"eth0\t00000000\t0102A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n" +
		"eth0\t0002A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t1500\t0\t0\n" +
		"eth0\tZZ\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n"
	ipv6RouteFixture = `20010db8000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000002 00000000 00000003     eth0
00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo
nothex 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
`
	arpFixture = `IP address       HW type     Flags       HW address            Mask     Device
192.168.2.1      0x1         0x2         52:54:00:12:35:02     *        eth0
10.0.0.9         0x20        0x2         80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0f:da:f1     *        ib0
not-an-ip        0x1         0x2         52:54:00:12:35:02     *        eth0
`
	modulesFixture = `nf_tables 331776 0 - Live 0xffffffffc0a1b000
diamorphine 16384 0 - Live 0x0000000000000000 (OE)
nfnetlink 20480 3 nf_tables,nf_conntrack_netlink, Live 0x0000000000000000
bad line
`
	mountinfoFixture = `22 27 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
27 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,errors=remount-ro
99 27 254:1 /tmp/empty /proc/4242 ro,relatime shared:1 - ext4 /dev/vda1 rw
100 27 0:50 / /mnt/with\040space\134x rw - tmpfs my\040src rw,size=1k
oops
`
)

func TestParseNetIP(t *testing.T) {
	socks, errs := parseNetIP([]byte(tcpFixture), "tcp", binary.LittleEndian)
	if len(socks) != 3 || len(errs) != 1 {
		t.Fatalf("got %d sockets, errors %v", len(socks), errs)
	}
	want := Socket{Proto: "tcp", LocalIP: netip.MustParseAddr("127.0.0.1"), LocalPort: 3306,
		RemoteIP: netip.IPv4Unspecified(), State: "LISTEN", UID: 110, Inode: 23456}
	if !reflect.DeepEqual(socks[0], want) {
		t.Errorf("got %+v\nwant %+v", socks[0], want)
	}
	if s := socks[1]; s.State != "ESTABLISHED" || s.RemotePort != 54321 {
		t.Errorf("established: %+v", s)
	}
	if s := socks[2]; s.LocalIP.String() != "192.168.0.2" || s.RemoteIP.String() != "192.168.0.10" || s.State != "TIME_WAIT" || s.LocalPort != 22 {
		t.Errorf("time wait: %+v", s)
	}
	// The same table printed by a big-endian host.
	be := strings.ReplaceAll(tcpFixture, "0100007F", "7F000001")
	socks, _ = parseNetIP([]byte(be), "tcp", binary.BigEndian)
	if socks[0].LocalIP.String() != "127.0.0.1" {
		t.Errorf("big-endian: %v", socks[0].LocalIP)
	}

	socks, errs = parseNetIP([]byte(tcp6Fixture), "tcp6", binary.LittleEndian)
	if len(socks) != 2 || len(errs) != 0 {
		t.Fatalf("tcp6: %v %v", socks, errs)
	}
	if socks[0].LocalIP.String() != "::1" || socks[0].LocalPort != 631 || socks[0].State != "LISTEN" {
		t.Errorf("tcp6 0: %+v", socks[0])
	}
	if socks[1].LocalIP.String() != "::ffff:127.0.0.1" || socks[1].UID != 1000 || socks[1].RemotePort != 0xA000 {
		t.Errorf("tcp6 1: %+v", socks[1])
	}
}

func TestParseNetUnix(t *testing.T) {
	socks, errs := parseNetUnix([]byte(unixFixture))
	if len(socks) != 4 || len(errs) != 1 {
		t.Fatalf("got %v errors %v", socks, errs)
	}
	want := []Socket{
		{Proto: "unix", State: "LISTEN", Type: "stream", Inode: 15160, Path: "/run/systemd/private"},
		{Proto: "unix", State: "UNCONNECTED", Type: "dgram", Inode: 15161, Path: "@/tmp/.X11-unix/X0"},
		{Proto: "unix", State: "CONNECTED", Type: "stream", Inode: 15162},
		{Proto: "unix", State: "LISTEN", Type: "seqpacket", Inode: 15163, Path: "/tmp/dir with  spaces/sock"},
	}
	if !reflect.DeepEqual(socks, want) {
		t.Errorf("got  %+v\nwant %+v", socks, want)
	}
}

func TestParseRoutes(t *testing.T) {
	rs, errs := parseRoute([]byte(routeFixture), binary.LittleEndian)
	if len(rs) != 2 || len(errs) != 1 {
		t.Fatalf("v4: %+v %v", rs, errs)
	}
	if r := rs[0]; r.Destination.String() != "0.0.0.0/0" || r.Gateway.String() != "192.168.2.1" ||
		!reflect.DeepEqual(r.Flags, []string{"UP", "GATEWAY"}) || r.Metric != 100 {
		t.Errorf("default route: %+v", r)
	}
	if r := rs[1]; r.Destination.String() != "192.168.2.0/24" || r.Gateway.IsValid() || r.MTU != 1500 {
		t.Errorf("link route: %+v", r)
	}
	rs, errs = parseIPv6Route([]byte(ipv6RouteFixture))
	if len(rs) != 3 || len(errs) != 1 {
		t.Fatalf("v6: %+v %v", rs, errs)
	}
	if rs[0].Destination.String() != "2001:db8::/64" || rs[0].Metric != 256 || rs[0].Gateway.IsValid() {
		t.Errorf("v6 0: %+v", rs[0])
	}
	if rs[1].Destination.String() != "::/0" || rs[1].Gateway.String() != "fe80::1" || rs[1].Metric != 1024 {
		t.Errorf("v6 1: %+v", rs[1])
	}
	if rs[2].Iface != "lo" || !reflect.DeepEqual(rs[2].Flags, []string{"UP", "LOCAL"}) {
		t.Errorf("v6 2: %+v", rs[2])
	}
}

func TestParseARP(t *testing.T) {
	es, errs := parseARP([]byte(arpFixture))
	if len(es) != 2 || len(errs) != 1 {
		t.Fatalf("%+v %v", es, errs)
	}
	if es[0].IP.String() != "192.168.2.1" || es[0].HardwareAddr != "52:54:00:12:35:02" || es[0].Flags != 2 || es[0].Device != "eth0" {
		t.Errorf("%+v", es[0])
	}
	if es[1].HWType != 0x20 || es[1].Device != "ib0" { // InfiniBand: procfs would reject the file
		t.Errorf("%+v", es[1])
	}
}

func TestParseModules(t *testing.T) {
	ms, errs := parseModules([]byte(modulesFixture))
	if len(ms) != 3 || len(errs) != 1 {
		t.Fatalf("%+v %v", ms, errs)
	}
	if ms[0].Address != 0xffffffffc0a1b000 || ms[0].Size != 331776 || ms[0].State != "Live" || ms[0].UsedBy != nil {
		t.Errorf("%+v", ms[0])
	}
	if ms[1].Taint != "OE" || ms[1].Address != 0 {
		t.Errorf("%+v", ms[1])
	}
	if !reflect.DeepEqual(ms[2].UsedBy, []string{"nf_tables", "nf_conntrack_netlink"}) || ms[2].RefCount != 3 {
		t.Errorf("%+v", ms[2])
	}
}

func TestParseMountinfo(t *testing.T) {
	ms, errs := parseMountinfo([]byte(mountinfoFixture))
	if len(ms) != 4 || len(errs) != 1 {
		t.Fatalf("%+v %v", ms, errs)
	}
	want := Mount{ID: 99, Parent: 27, Device: "254:1", Root: "/tmp/empty", MountPoint: "/proc/4242",
		Options: "ro,relatime", Propagation: []string{"shared:1"}, FSType: "ext4", Source: "/dev/vda1", SuperOptions: "rw"}
	if !reflect.DeepEqual(ms[2], want) {
		t.Errorf("got  %+v\nwant %+v", ms[2], want)
	}
	if ms[3].MountPoint != `/mnt/with space\x` || ms[3].Source != "my src" || ms[3].Propagation != nil {
		t.Errorf("escapes: %+v", ms[3])
	}
}

func TestParseResolvAndOSRelease(t *testing.T) {
	ns, search := parseResolv([]byte("# c\nnameserver 10.0.0.2\n; x\nsearch a.example b.example\nnameserver 2001:db8::53\ndomain corp.example\n"))
	if !reflect.DeepEqual(ns, []string{"10.0.0.2", "2001:db8::53"}) || !reflect.DeepEqual(search, []string{"corp.example"}) {
		t.Errorf("%v %v", ns, search)
	}
	m := parseOSRelease([]byte("NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION='12 (bookworm)'\nX=\"a \\\"q\\\" \\$b\"\n# c\nbad key=1\n=2\n"))
	want := map[string]string{"NAME": "Debian GNU/Linux", "ID": "debian", "VERSION": "12 (bookworm)", "X": `a "q" $b`}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("%q", m)
	}
	if parseOSRelease(nil) != nil {
		t.Error("empty os-release should be nil")
	}
}

func TestSplitNUL(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"sleep\x00300\x00", []string{"sleep", "300"}},
		{"a\x00\x00b\x00", []string{"a", "", "b"}},
		{"rewritten argv no nul", []string{"rewritten argv no nul"}},
		{"\x00", []string{""}},
		{"x\x00\x00", []string{"x", ""}},
	} {
		if got := splitNUL([]byte(tc.in)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("splitNUL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A snapshot holding hostile strings survives JSON exactly.
func TestJSONExact(t *testing.T) {
	s := &Snapshot{
		Host: Host{Hostname: "h", OSRelease: map[string]string{"NAME": "bad\xff/~name"}},
		Processes: []Process{{PID: 7, Name: "x\xfe", Cmdline: []string{"ok", "\xff\x00\xc3", ""},
			Exe: "/tmp/\x80 (x)", Environ: []string{"A=\xff"}, FDs: []FD{{FD: 0, Target: "/dev/\xffnull"}}}},
		DNS:    DNS{Search: []string{"ok", "a\xffb"}},
		Errors: []string{"plain", "odd \xf0\x28\x8c\x28"},
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(`"raw_strings":{`)) || !bytes.Contains(b, []byte(`"/processes/0/cmdline/1"`)) {
		t.Fatalf("no raw strings: %s", b)
	}
	var back Snapshot
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&back, s) {
		t.Errorf("round trip differs:\n%#v\n%#v", back, *s)
	}
	// A pointer to nothing is rejected, not ignored and not a panic.
	for _, bad := range []string{
		`{"raw_strings":{"/processes/5/name":"eA=="}}`,
		`{"raw_strings":{"/host/nope":"eA=="}}`,
		`{"raw_strings":{"/kernel_taint":"eA=="}}`,
		`{"raw_strings":{"no-slash":"eA=="}}`,
		`{"host":{"os_release":{"A":"b"}},"raw_strings":{"/host/os_release/A/x":"eA=="}}`,
	} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}

// FuzzParsers feeds arbitrary bytes to every hand-written parser; they
// must never panic.
func FuzzParsers(f *testing.F) {
	for _, s := range []string{tcpFixture, tcp6Fixture, unixFixture, routeFixture, ipv6RouteFixture,
		arpFixture, modulesFixture, mountinfoFixture, "NAME=\"x\\\"\"", "nameserver 1.1.1.1"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, o := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			parseNetIP(data, "tcp", o)
			parseRoute(data, o)
		}
		parseNetUnix(data)
		parseIPv6Route(data)
		parseARP(data)
		parseModules(data)
		parseMountinfo(data)
		parseResolv(data)
		parseOSRelease(data)
		parts := splitNUL(data)
		if len(data) > 0 && strings.Join(parts, "\x00") != string(bytes.TrimSuffix(data, []byte{0})) {
			t.Fatalf("splitNUL lost bytes: %q -> %q", data, parts)
		}
	})
}

// FuzzUnmarshal: a bundle's snapshot JSON is hostile too.
func FuzzUnmarshal(f *testing.F) {
	f.Add([]byte(`{"processes":[{"pid":1,"cmdline":["a"]}],"raw_strings":{"/processes/0/cmdline/0":"/w=="}}`))
	f.Add([]byte(`{"host":{"os_release":{"A":"b"}},"raw_strings":{"/host/os_release/A":"/w=="}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Snapshot
		if json.Unmarshal(data, &s) != nil {
			return
		}
		b, err := json.Marshal(&s)
		if err != nil {
			t.Fatal(err)
		}
		var s2 Snapshot
		if err := json.Unmarshal(b, &s2); err != nil {
			t.Fatalf("re-decode: %v\n%s", err, b)
		}
	})
}
