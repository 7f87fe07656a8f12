package check

import (
	"os"
	"testing"
	"time"

	"github.com/yingji/yingji/internal/finding"
	"github.com/yingji/yingji/internal/snapshot"
)

// Hardening findings are all low or informational, so these scenarios say
// which rules must and must not report rather than "nothing above low".
func TestHardening(t *testing.T) {
	rkRun(t, []rkScenario{
		// SSH settings.
		{name: "root login and passwords in a drop-in", plant: func(r *testRoot) {
			r.write("/etc/ssh/sshd_config.d/50-cloud.conf", "PermitRootLogin yes\nPasswordAuthentication yes\n")
		}, want: []want{{"hardening.ssh_root_login", "/etc/ssh/sshd_config.d/50-cloud.conf"}, {"hardening.ssh_password_auth", "/etc/ssh/sshd_config.d/50-cloud.conf"}, {"hardening.root_password_ssh", "/etc/shadow"}}},
		{name: "odd spacing and equals sign", plant: func(r *testRoot) {
			r.write("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\n  permitrootlogin=yes\n\tPermitEmptyPasswords   yes\nProtocol 2,1\nMaxAuthTries 10\n")
		}, want: []want{{"hardening.ssh_root_login", "/etc/ssh/sshd_config"}, {"hardening.ssh_empty_passwords", "/etc/ssh/sshd_config"}, {"hardening.ssh_protocol1", "/etc/ssh/sshd_config"}, {"hardening.ssh_max_auth_tries", "/etc/ssh/sshd_config"}}},
		{name: "weak ciphers and kex", plant: func(r *testRoot) {
			r.appendTo("/etc/ssh/sshd_config", "Ciphers +aes128-cbc,3des-cbc\nKexAlgorithms diffie-hellman-group1-sha1,curve25519-sha256\nMACs -hmac-md5\n")
		}, want: []want{{"hardening.ssh_weak_crypto", "/etc/ssh/sshd_config"}}},
		{name: "first value wins: drop-in disables root login", plant: func(r *testRoot) {
			r.write("/etc/ssh/sshd_config.d/00-hardening.conf", "PermitRootLogin no\nPasswordAuthentication no\nClientAliveInterval 300\n")
			r.appendTo("/etc/ssh/sshd_config", "PermitRootLogin yes\nPasswordAuthentication yes\n")
		}, absent: []string{"hardening.ssh_root_login", "hardening.ssh_password_auth", "hardening.root_password_ssh", "hardening.ssh_client_alive"}},
		{name: "match block settings are conditional", plant: func(r *testRoot) {
			r.appendTo("/etc/ssh/sshd_config", "PermitRootLogin prohibit-password\nMatch Address 10.0.0.0/8\n    PermitRootLogin yes\n    MaxAuthTries 20\n")
		}, absent: []string{"hardening.ssh_root_login", "hardening.ssh_max_auth_tries", "hardening.ssh_weak_crypto", "hardening.ssh_protocol1", "hardening.ssh_empty_passwords"}},
		{name: "root password login with a locked root", plant: func(r *testRoot) {
			r.write("/etc/ssh/sshd_config.d/x.conf", "PermitRootLogin yes\n")
			b, _ := os.ReadFile(r.path("/etc/shadow"))
			r.writeMode("/etc/shadow", "root:!"+string(b[len("root:"):]), 0o640)
		}, want: []want{{"hardening.ssh_root_login", "/etc/ssh/sshd_config.d/x.conf"}}, absent: []string{"hardening.root_password_ssh"}},
		// Password policy.
		{name: "login.defs without aging and pam without quality", plant: func(r *testRoot) {
			r.write("/etc/login.defs", "MAIL_DIR /var/mail\nPASS_MAX_DAYS\t99999\nPASS_MIN_DAYS\t0\nPASS_WARN_AGE\t7\nENCRYPT_METHOD MD5\n")
		}, want: []want{{"hardening.password_aging", "/etc/login.defs"}, {"hardening.password_quality", "/etc/pam.d/common-password"}}},
		{name: "hardened password policy", plant: func(r *testRoot) {
			r.write("/etc/login.defs", "PASS_MAX_DAYS 90\nPASS_MIN_DAYS 1\nPASS_MIN_LEN 12\nENCRYPT_METHOD YESCRYPT\n")
			r.write("/etc/pam.d/common-password", "password requisite pam_pwquality.so retry=3\npassword [success=1 default=ignore] pam_unix.so obscure use_authtok yescrypt\n")
		}, absent: []string{"hardening.password_aging", "hardening.password_quality"}},
		// World-writable entries.
		{name: "world-writable program and etc files", plant: func(r *testRoot) {
			os.Chmod(r.path("/usr/bin/id"), 0o777)
			os.Chmod(r.path("/etc/passwd"), 0o666)
			r.mkdir("/usr/local/share/app-cache")
			os.Chmod(r.path("/usr/local/share/app-cache"), 0o777)
		}, want: []want{{"hardening.world_writable", "/usr/bin/id"}, {"hardening.world_writable", "/usr/local/share/app-cache"}, {"hardening.world_writable_etc", "/etc/passwd"}}},
		{name: "sticky world-writable directory is fine", plant: func(r *testRoot) {
			r.mkdir("/usr/local/share/drop")
			os.Chmod(r.path("/usr/local/share/drop"), os.ModeSticky|0o777)
			r.link("/tmp", "/usr/local/share/tmp-link")
		}, absent: []string{"hardening.world_writable", "hardening.world_writable_etc"}},
		// Exposed services.
		{name: "redis and docker api on all interfaces", snap: func(*testRoot) *snapshot.Snapshot {
			return &snapshot.Snapshot{
				Processes: []snapshot.Process{{PID: 100, Name: "redis-server"}, {PID: 200, Name: "dockerd"}},
				Sockets:   []snapshot.Socket{rkSocket("0.0.0.0", 6379, 100), rkSocket("::", 2375, 200)},
			}
		}, want: []want{{"hardening.exposed_service", ""}}},
		{name: "benign: redis on loopback", snap: func(*testRoot) *snapshot.Snapshot {
			return &snapshot.Snapshot{
				Processes: []snapshot.Process{{PID: 100, Name: "redis-server"}},
				Sockets:   []snapshot.Socket{rkSocket("127.0.0.1", 6379, 100), rkSocket("0.0.0.0", 22, 1)},
			}
		}, absent: []string{"hardening.exposed_service"}},
		// Kernel parameters.
		{name: "sysctl configuration weakens the kernel", plant: func(r *testRoot) {
			r.write("/etc/sysctl.d/99-perf.conf", "kernel.randomize_va_space = 0\nkernel/kptr_restrict=0\nnet.ipv4.tcp_syncookies = 0\nfs.suid_dumpable = 2\n")
		}, want: []want{{"hardening.sysctl_kernel", "/etc/sysctl.d/99-perf.conf"}, {"hardening.sysctl_network", "/etc/sysctl.d/99-perf.conf"}, {"hardening.suid_core_dump", "/etc/sysctl.d/99-perf.conf"}}},
		{name: "later sysctl.conf restores the values", plant: func(r *testRoot) {
			r.write("/usr/lib/sysctl.d/50-default.conf", "kernel.randomize_va_space = 0\nfs.suid_dumpable = 2\n")
			r.write("/etc/sysctl.conf", "kernel.randomize_va_space = 2\n")
			r.write("/etc/security/limits.conf", "*               hard    core            0\n")
		}, absent: []string{"hardening.sysctl_kernel", "hardening.suid_core_dump"}},
		{name: "live kernel values", live: true, plant: func(r *testRoot) {
			r.write("/proc/sys/kernel/randomize_va_space", "1\n")
			r.write("/proc/sys/net/ipv4/ip_forward", "1\n")
		}, snap: func(*testRoot) *snapshot.Snapshot { return &snapshot.Snapshot{} },
			want: []want{{"hardening.sysctl_kernel", "/proc/sys/kernel/randomize_va_space"}, {"hardening.sysctl_network", "/proc/sys/net/ipv4/ip_forward"}}},
		// Update state.
		{name: "stale apt lists and pending reboot", plant: func(r *testRoot) {
			r.writeMode("/usr/bin/apt-get", fakeELF("apt-get"), 0o755)
			r.write("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", "x")
			r.setTimes("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", r.now.AddDate(0, -7, 0))
			r.write("/run/reboot-required", "*** System restart required ***\n")
			r.write("/run/reboot-required.pkgs", "linux-image-6.1.0-21-amd64\nlibc6\n")
		}, want: []want{{"hardening.updates_stale", "/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease"}, {"hardening.reboot_required", "/run/reboot-required"}}},
		{name: "fresh apt lists", plant: func(r *testRoot) {
			r.writeMode("/usr/bin/apt-get", fakeELF("apt-get"), 0o755)
			r.write("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", "x")
			r.setTimes("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", r.now.Add(-48*time.Hour))
		}, absent: []string{"hardening.updates_stale", "hardening.reboot_required"}},
		// Firewall, audit, time, /tmp.
		{name: "bare host: no firewall, auditd, time sync, tmp mount", want: []want{{"hardening.firewall_absent", ""}, {"hardening.auditd_absent", ""}, {"hardening.time_sync_absent", ""}, {"hardening.tmp_noexec", "/etc/fstab"}}},
		{name: "hardened host", plant: func(r *testRoot) {
			r.write("/etc/ufw/ufw.conf", "# /etc/ufw/ufw.conf\nENABLED=yes\nLOGLEVEL=low\n")
			r.writeMode("/usr/sbin/auditd", fakeELF("auditd"), 0o755)
			r.writeMode("/usr/sbin/chronyd", fakeELF("chronyd"), 0o755)
			r.appendTo("/etc/fstab", "tmpfs /tmp tmpfs defaults,nodev,nosuid,noexec 0 0\n")
		}, absent: []string{"hardening.firewall_absent", "hardening.auditd_absent", "hardening.time_sync_absent", "hardening.tmp_noexec"}},
		{name: "nftables rules and /tmp from the snapshot", plant: func(r *testRoot) {
			r.write("/etc/nftables.conf", "table inet filter {\n  chain input {\n    type filter hook input priority 0; policy drop;\n    tcp dport 22 accept\n  }\n}\n")
		}, snap: func(*testRoot) *snapshot.Snapshot {
			return &snapshot.Snapshot{Mounts: []snapshot.Mount{{MountPoint: "/", FSType: "ext4", Options: "rw"}, {MountPoint: "/tmp", FSType: "tmpfs", Options: "rw,nosuid,nodev"}}}
		}, want: []want{{"hardening.tmp_noexec", "/proc/self/mountinfo"}}, absent: []string{"hardening.firewall_absent"}},
	})
}

func TestHardeningSeverities(t *testing.T) {
	// Unauthenticated services are medium, password-protected databases
	// low; a world-writable credential file is medium.
	r := newRoot(t)
	os.Chmod(r.path("/etc/shadow"), 0o646)
	fs := r.scan("hardening.world_writable_etc")
	rkSeverity(t, fs, "hardening.world_writable_etc", finding.Medium)
	for _, tc := range []struct {
		port uint16
		sev  finding.Severity
	}{{6379, finding.Medium}, {3306, finding.Low}} {
		var got []finding.Finding
		rkRunCollect(t, &snapshot.Snapshot{Sockets: []snapshot.Socket{rkSocket("0.0.0.0", tc.port, 7)}}, "hardening.exposed_service", &got)
		rkSeverity(t, got, "hardening.exposed_service", tc.sev)
	}
}
