package check

// Persistence by the boot and service managers: systemd system and user
// units, timers, generators, drop-ins and enablement links, XDG autostart
// entries, SysV init.d scripts, rc.local, inittab and upstart jobs.

import (
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/yingji/yingji/internal/finding"
)

var (
	persistenceSystemUnitDirs = []string{"etc/systemd/system", "run/systemd/system", "usr/local/lib/systemd/system", "lib/systemd/system", "usr/lib/systemd/system", "etc/systemd/system.control"}
	persistenceUserUnitDirs   = []string{"etc/systemd/user", "usr/local/lib/systemd/user", "lib/systemd/user", "usr/lib/systemd/user"}
	persistenceHomeUnitDirs   = []string{".config/systemd/user", ".local/share/systemd/user"}
	persistenceExecKeys       = map[string]bool{"ExecStart": true, "ExecStartPre": true, "ExecStartPost": true, "ExecStop": true, "ExecStopPost": true, "ExecReload": true, "ExecCondition": true}
)

// persistenceUnitKey is one setting of a unit file.
type persistenceUnitKey struct {
	Section, Key, Value string
	Line                int
}

// persistenceParseUnit parses a systemd unit (or desktop entry) file.
func persistenceParseUnit(text string) []persistenceUnitKey {
	var out []persistenceUnitKey
	sec := ""
	for _, l := range persistenceLines(text, true) {
		t := strings.TrimSpace(l.Text)
		if t == "" || t[0] == '#' || t[0] == ';' {
			continue
		}
		if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") {
			sec = t[1 : len(t)-1]
			continue
		}
		k, v, ok := strings.Cut(t, "=")
		if !ok {
			continue
		}
		out = append(out, persistenceUnitKey{Section: sec, Key: strings.TrimSpace(k), Value: strings.TrimSpace(v), Line: l.N})
	}
	return out
}

// persistenceExecValue strips the systemd Exec prefixes (-@:+!).
func persistenceExecValue(v string) string {
	return strings.TrimLeft(v, "-@:+! \t")
}

// persistenceUnitFiles lists unit files matching the suffixes in dirs; a
// link to a file inside one of dirs is skipped (it is listed there), a link
// to a unit elsewhere is listed under its link name.
func persistenceUnitFiles(c *Context, dirs []string, suffixes ...string) []string {
	var pats []string
	real := map[string]bool{}
	for _, d := range dirs {
		for _, s := range suffixes {
			pats = append(pats, d+"/*"+s)
		}
		if r, err := c.Resolve(d); err == nil {
			real[r] = true
		}
	}
	var out []string
	for _, n := range persistenceFiles(c, pats...) {
		if fi, err := c.Src().Lstat(n); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			r, err := c.Resolve(n)
			if err != nil || r == "dev/null" || real[path.Dir(r)] {
				continue
			}
		}
		out = append(out, n)
	}
	return out
}

// persistenceUnitExec judges the Exec lines (and LD_PRELOAD environment) of
// a unit; it returns the verdict and evidence of the lines that made it.
func persistenceUnitExec(j *persistenceJudger, name string, keys []persistenceUnitKey) (persistenceVerdict, []finding.Evidence, []string) {
	var v persistenceVerdict
	var ev []finding.Evidence
	var progs []string
	for _, k := range keys {
		var one persistenceVerdict
		switch {
		case persistenceExecKeys[k.Key] && k.Value != "":
			val := persistenceExecValue(k.Value)
			one = j.Judge(val)
			if f := strings.Fields(val); len(f) > 0 {
				progs = append(progs, j.resolveProgram(strings.Trim(f[0], `"'`), ""))
			}
		case k.Key == "Environment" && strings.Contains(k.Value, "LD_PRELOAD="):
			for _, w := range persistenceSplitShell(k.Value, 0) {
				for _, word := range w.Words {
					if p, ok := strings.CutPrefix(word, "LD_PRELOAD="); ok {
						for _, lib := range strings.FieldsFunc(p, func(r rune) bool { return r == ':' || r == ' ' }) {
							j.judgeExec(&one, persistenceExec{Word: lib, How: "preloads"}, 0)
						}
					}
				}
			}
		default:
			continue
		}
		if len(one.Issues) > 0 {
			ev = append(ev, persistenceEv(name, k.Line, k.Key+"="+k.Value))
			v.merge(one, persistenceKindAll)
		}
	}
	return v, ev, progs
}

// persistenceFindUnit finds a unit by name in dirs.
func persistenceFindUnit(c *Context, dirs []string, unit string) string {
	for _, d := range dirs {
		n := d + "/" + unit
		if persistenceRegular(c, n) {
			return n
		}
	}
	return ""
}

// persistenceHomeDirs lists each home's subdirectories rel.
func persistenceHomeDirs(c *Context, rels ...string) []string {
	var out []string
	for _, h := range c.Homes() {
		for _, r := range rels {
			out = append(out, h.Dir+"/"+r)
		}
	}
	return out
}

// persistenceJudgeUnits reports units of dirs whose Exec lines are judged at
// least Medium for the given kinds.
func persistenceJudgeUnits(c *Context, dirs []string, kinds int, what, whatZh string) {
	j := newPersistenceJudger(c)
	for _, n := range persistenceUnitFiles(c, dirs, ".service", ".socket") {
		if persistenceSkipOwned(c, n) {
			continue
		}
		text, err := persistenceText(c, n)
		if err != nil {
			continue
		}
		v, ev, _ := persistenceUnitExec(j, n, persistenceParseUnit(text))
		if len(ev) == 0 {
			continue
		}
		persistenceReportVerdict(c, v, kinds, finding.Medium, what+" "+path.Base(n), whatZh+" "+path.Base(n), ev...)
	}
}

func init() {
	unitReads := []string{"/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"}
	Register(
		&Check{
			ID: "persistence.systemd_unit_exec", Family: "persistence",
			Title:         "systemd service runs code from a temporary or hidden place, or downloads it",
			TitleZh:       "systemd 服务运行临时目录、隐藏目录中的程序或下载执行代码",
			Description:   "A systemd system unit that no package ships unchanged has an Exec line (ExecStart, ExecStartPre, ExecStartPost, ExecStop...) or an LD_PRELOAD environment that runs a program from a temporary or hidden directory, downloads and runs code, decodes a payload or opens a reverse shell.",
			DescriptionZh: "某个非软件包原样提供的 systemd 系统单元，其 Exec 行（ExecStart、ExecStartPre、ExecStartPost、ExecStop 等）或 LD_PRELOAD 环境变量运行临时目录、隐藏目录中的程序，或下载执行代码、解码载荷、反弹 Shell。",
			Verify:        "systemctl cat UNIT and systemctl status UNIT show the unit and its process; check the unit file's times and the program it runs.",
			VerifyZh:      "使用 systemctl cat 与 systemctl status 查看单元内容与进程；核对单元文件时间及其运行的程序。",
			Advice:        "Preserve the unit and the program, then systemctl disable --now UNIT, remove the unit and the program, systemctl daemon-reload; look for what else the intruder installed.",
			AdviceZh:      "保全单元文件与程序后执行 systemctl disable --now 单元名，删除单元文件与程序并 systemctl daemon-reload；排查入侵者植入的其他内容。",
			Attack:        []string{"T1543.002"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         unitReads,
			Run: func(c *Context) error {
				persistenceJudgeUnits(c, persistenceSystemUnitDirs, persistenceKindContent, "Unit", "单元")
				return nil
			},
		},
		&Check{
			ID: "persistence.systemd_unit_binary", Family: "persistence",
			Title:         "systemd service runs an unowned program from a system directory or a changed package program",
			TitleZh:       "systemd 服务运行系统目录中不属于软件包的程序或被篡改的软件包程序",
			Description:   "A systemd system unit that no package ships unchanged runs a program that no package owns although it sits in a system directory (/usr/bin, /usr/sbin, /usr/lib...), where intruders hide binaries under plausible names, or a package program whose content differs from the package.",
			DescriptionZh: "某个非软件包原样提供的 systemd 系统单元运行了位于系统目录（/usr/bin、/usr/sbin、/usr/lib 等）却不属于任何软件包的程序（入侵者常以仿冒名称藏匿于此），或内容与软件包不一致的软件包程序。",
			Verify:        "Check the program's hash against threat intelligence, its times, strings and network activity; ask the administrators whether they installed it by hand.",
			VerifyZh:      "核对程序哈希与威胁情报、文件时间、字符串特征与网络行为；向管理员确认是否为其手工安装。",
			Advice:        "Disable the unit and quarantine the program if nobody installed it; reinstall the package of a changed program.",
			AdviceZh:      "若无人安装，停用该单元并隔离程序；对被篡改的软件包程序重新安装对应软件包。",
			Attack:        []string{"T1543.002", "T1036.005"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         unitReads,
			Run: func(c *Context) error {
				persistenceJudgeUnits(c, persistenceSystemUnitDirs, persistenceKindOwner, "Unit", "单元")
				return nil
			},
		},
		&Check{
			ID: "persistence.systemd_unit_modified", Family: "persistence",
			Title:         "Package systemd unit changed",
			TitleZh:       "软件包提供的 systemd 单元文件被修改",
			Description:   "A unit file a package ships has content different from the package. Administrators override units with drop-ins or copies in /etc/systemd/system; editing the package's own file in place hides a change where nobody looks.",
			DescriptionZh: "软件包提供的单元文件内容与软件包不一致。管理员通常使用 drop-in 或 /etc/systemd/system 中的副本覆盖单元，直接修改软件包自带文件会把改动藏在无人关注之处。",
			Verify:        "Compare with the package's copy (dpkg -x of the downloaded package) and read the Exec lines.",
			VerifyZh:      "与软件包原始文件比对（下载软件包后 dpkg -x 解包），重点查看 Exec 行。",
			Advice:        "Reinstall the package after preserving the changed file; daemon-reload and restart the service.",
			AdviceZh:      "保全被改文件后重新安装软件包，执行 daemon-reload 并重启服务。",
			Attack:        []string{"T1543.002"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         unitReads,
			Run: func(c *Context) error {
				for _, n := range persistenceUnitFiles(c, persistenceSystemUnitDirs, ".service", ".socket", ".timer", ".path", ".mount", ".target") {
					pkg, o := c.Owned(n)
					if o != Modified {
						continue
					}
					en, zh := persistenceOwnText(pkg, o)
					ev := []finding.Evidence{{Path: "/" + n}}
					if text, err := persistenceText(c, n); err == nil {
						for _, k := range persistenceParseUnit(text) {
							if persistenceExecKeys[k.Key] {
								ev = append(ev, persistenceEv(n, k.Line, k.Key+"="+k.Value))
							}
						}
					}
					persistenceReport(c, finding.Medium, "The unit "+en+".", "该单元"+zh+"。", ev...)
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.systemd_enabled_unowned", Family: "persistence",
			Title:         "Enabled systemd unit that no package ships",
			TitleZh:       "已启用且不属于任何软件包的 systemd 单元",
			Description:   "A *.wants or *.requires link enables a unit that no package ships. Most are the administrators' own services; the finding is raised when the unit lives outside the unit directories or in a temporary or hidden one, or when the program it runs is suspicious.",
			DescriptionZh: "*.wants 或 *.requires 中的链接启用了不属于任何软件包的单元。多数是管理员自建服务；当单元文件位于单元目录之外、临时或隐藏目录，或其运行的程序可疑时提高级别。",
			Verify:        "systemctl list-unit-files --state=enabled; for each unit nobody recognises, read it (systemctl cat) and check its times.",
			VerifyZh:      "执行 systemctl list-unit-files --state=enabled；对无人认领的单元用 systemctl cat 查看并核对时间。",
			Advice:        "Disable and remove units nobody installed, after preserving them.",
			AdviceZh:      "保全后停用并删除无人安装的单元。",
			Attack:        []string{"T1543.002"},
			Category:      "NABACKIMPL",
			Severity:      finding.Low,
			Reads:         unitReads,
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				realDirs := map[string]bool{}
				var pats []string
				for _, d := range persistenceSystemUnitDirs {
					if r, err := c.Resolve(d); err == nil {
						realDirs[r] = true
					}
					pats = append(pats, d+"/*.wants/*", d+"/*.requires/*", d+"/*.upholds/*")
				}
				seen := map[string]bool{}
				for _, l := range persistenceFiles(c, pats...) {
					r, err := c.Resolve(l)
					if err != nil || r == "dev/null" || !persistenceRegular(c, r) {
						continue
					}
					if seen[r] {
						continue
					}
					seen[r] = true
					pkg, o := c.Owned(r)
					if o == Pristine || o == Edited || o == Unknown && pkg != "" {
						continue
					}
					sev := finding.Low
					en, zh := "enabled by "+"/"+l+"; no package owns /"+r, "由 /"+l+" 启用；/"+r+" 不属于任何软件包"
					if o == Modified {
						sev, en, zh = finding.Medium, "enabled by /"+l+"; /"+r+" differs from package "+pkg, "由 /"+l+" 启用；/"+r+" 与软件包 "+pkg+" 不一致"
					}
					if !realDirs[path.Dir(r)] {
						sev = max(sev, finding.Medium)
						en, zh = en+", outside the unit directories", zh+"，且位于单元目录之外"
					}
					if InTempDir("/"+r) || HiddenPath("/"+r) {
						sev = finding.High
					}
					if text, err := persistenceText(c, r); err == nil {
						v, _, _ := persistenceUnitExec(j, r, persistenceParseUnit(text))
						if v.Max(persistenceKindAll) >= finding.Medium {
							sev = max(sev, finding.Medium)
							ve, vz := v.Text(persistenceKindAll, finding.Medium)
							en, zh = en+"; "+ve, zh+"；"+vz
						}
					}
					persistenceReport(c, sev, "Unit "+path.Base(l)+" "+en+".", "单元 "+path.Base(l)+" "+zh+"。",
						finding.Evidence{Path: "/" + l, Fields: map[string]string{"target": "/" + r}}, finding.Evidence{Path: "/" + r})
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.systemd_timer", Family: "persistence",
			Title:         "systemd timer starting an untrusted service",
			TitleZh:       "systemd 定时器触发运行不可信程序的服务",
			Description:   "A systemd timer (OnCalendar, OnBootSec, OnUnitActiveSec...) that no package ships unchanged triggers a service whose Exec lines run untrusted code: a temporary or hidden path, an unowned program in a system directory, a download or a decoded payload. Timers are the systemd equivalent of cron and are used the same way.",
			DescriptionZh: "某个非软件包原样提供的 systemd 定时器（OnCalendar、OnBootSec、OnUnitActiveSec 等）触发的服务运行不可信代码：临时或隐藏路径、系统目录中不属于软件包的程序、下载或解码执行。定时器等同于 systemd 版的 cron，被以同样方式滥用。",
			Verify:        "systemctl list-timers --all; systemctl cat TIMER SERVICE; journalctl -u SERVICE for its runs.",
			VerifyZh:      "执行 systemctl list-timers --all、systemctl cat 定时器与服务，用 journalctl -u 服务名 查看执行记录。",
			Advice:        "Stop and disable the timer and the service, preserve and remove both files and the program.",
			AdviceZh:      "停止并停用定时器与服务，保全后删除两个单元文件及其程序。",
			Attack:        []string{"T1053.006"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         append(append([]string{}, unitReads...), "/etc/systemd/user", "~/.config/systemd/user"),
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				type scope struct{ timers, services []string }
				scopes := []scope{{persistenceSystemUnitDirs, persistenceSystemUnitDirs}, {persistenceUserUnitDirs, persistenceUserUnitDirs}}
				for _, h := range c.Homes() {
					var ds []string
					for _, r := range persistenceHomeUnitDirs {
						ds = append(ds, h.Dir+"/"+r)
					}
					scopes = append(scopes, scope{ds, append(ds, persistenceUserUnitDirs...)})
				}
				for _, sc := range scopes {
					dirs := sc.services
					for _, tn := range persistenceUnitFiles(c, sc.timers, ".timer") {
						if persistenceSkipOwned(c, tn) {
							continue
						}
						text, err := persistenceText(c, tn)
						if err != nil {
							continue
						}
						keys := persistenceParseUnit(text)
						unit := strings.TrimSuffix(path.Base(tn), ".timer") + ".service"
						var when []finding.Evidence
						for _, k := range keys {
							if k.Section == "Timer" && k.Key == "Unit" && k.Value != "" {
								unit = k.Value
							}
							if k.Section == "Timer" && strings.HasPrefix(k.Key, "On") {
								when = append(when, persistenceEv(tn, k.Line, k.Key+"="+k.Value))
							}
						}
						sn := persistenceFindUnit(c, dirs, unit)
						if sn == "" || persistenceSkipOwned(c, sn) {
							continue
						}
						stext, err := persistenceText(c, sn)
						if err != nil {
							continue
						}
						v, ev, _ := persistenceUnitExec(j, sn, persistenceParseUnit(stext))
						persistenceReportVerdict(c, v, persistenceKindAll, finding.Medium, "Timer "+path.Base(tn)+" starts "+unit, "定时器 "+path.Base(tn)+" 触发 "+unit,
							append(append([]finding.Evidence{{Path: "/" + tn}}, when...), ev...)...)
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.systemd_generator", Family: "persistence",
			Title:         "systemd generator that no package ships",
			TitleZh:       "不属于任何软件包的 systemd 生成器（generator）",
			Description:   "A program in a systemd generator directory (system-generators, user-generators, environment generators) is not shipped by a package or differs from the package. systemd runs generators as root very early at every boot and on every daemon-reload, before any unit; administrators almost never write them.",
			DescriptionZh: "systemd 生成器目录（system-generators、user-generators、环境生成器）中的程序不属于任何软件包或与软件包不一致。systemd 在每次开机极早期及每次 daemon-reload 时以 root 身份运行生成器，早于任何单元，管理员几乎不会自行编写。",
			Verify:        "Read the generator (often a script), check its times, and look in /run/systemd/generator* for the units it made.",
			VerifyZh:      "阅读生成器内容（常为脚本），核对文件时间，并在 /run/systemd/generator* 中查看其生成的单元。",
			Advice:        "Preserve and remove the generator, daemon-reload, and remove the units it generated; reinstall the package of a changed generator.",
			AdviceZh:      "保全后删除该生成器并 daemon-reload，清除其生成的单元；被修改的软件包生成器应重新安装软件包。",
			Attack:        []string{"T1543.002", "T1037"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/systemd/system-generators", "/usr/lib/systemd/system-generators", "/usr/lib/systemd/user-generators", "/run/systemd/system-generators"},
			Run: func(c *Context) error {
				var pats []string
				for _, b := range []string{"etc/systemd", "run/systemd", "usr/local/lib/systemd", "lib/systemd", "usr/lib/systemd"} {
					for _, g := range []string{"system-generators", "user-generators", "system-environment-generators", "user-environment-generators"} {
						pats = append(pats, b+"/"+g+"/*")
					}
				}
				j := newPersistenceJudger(c)
				for _, n := range persistenceFiles(c, pats...) {
					target := n
					if r, err := c.Resolve(n); err == nil {
						target = r
					}
					if target == "dev/null" {
						continue
					}
					pkg, o := c.Owned(target)
					if o == Pristine || o == Edited || o == Unknown {
						continue
					}
					en, zh := persistenceOwnText(pkg, o)
					ev := finding.Evidence{Path: "/" + n}
					if target != n {
						ev.Fields = map[string]string{"target": "/" + target}
					}
					if text, err := persistenceText(c, target); err == nil && !persistenceIsELF(c, target) {
						ev.Excerpt = Excerpt(text, 200)
						if v := j.Judge(text); v.Max(persistenceKindContent) >= finding.High {
							ve, vz := v.Text(persistenceKindContent, finding.High)
							en, zh = en+"; "+ve, zh+"；"+vz
						}
					}
					persistenceReport(c, finding.High, "Generator "+path.Base(n)+": "+en+".", "生成器 "+path.Base(n)+"："+zh+"。", ev)
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.systemd_dropin_exec", Family: "persistence",
			Title:         "systemd drop-in overriding what a service runs",
			TitleZh:       "systemd drop-in 覆盖服务的执行命令",
			Description:   "A drop-in (UNIT.d/*.conf) that no package ships changes what a service runs: it replaces or adds ExecStart/ExecStartPre/... with a different program, or sets LD_PRELOAD. An intruder can hijack a trusted package service this way without touching its unit file. Drop-ins that only tune settings (Restart=, LimitNOFILE=) are not reported.",
			DescriptionZh: "不属于软件包的 drop-in（单元名.d/*.conf）改变了服务运行的内容：用其他程序替换或追加 ExecStart/ExecStartPre 等，或设置 LD_PRELOAD。入侵者可借此劫持可信的软件包服务而无需修改其单元文件。仅调整参数（Restart=、LimitNOFILE=）的 drop-in 不报告。",
			Verify:        "systemctl cat UNIT shows the unit with its drop-ins; compare the running process (systemctl status) with the package's ExecStart.",
			VerifyZh:      "systemctl cat 单元名 可显示单元及其 drop-in；将运行中的进程（systemctl status）与软件包原始 ExecStart 比对。",
			Advice:        "Preserve and remove the drop-in, daemon-reload, restart the service, and remove the program it ran.",
			AdviceZh:      "保全后删除该 drop-in，执行 daemon-reload 并重启服务，清除其运行的程序。",
			Attack:        []string{"T1543.002", "T1574"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/systemd/system/*.d/*.conf", "/run/systemd/system/*.d/*.conf", "/usr/lib/systemd/system/*.d/*.conf"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				dirs := append(append([]string{}, persistenceSystemUnitDirs...), persistenceUserUnitDirs...)
				var pats []string
				for _, d := range dirs {
					pats = append(pats, d+"/*.d/*.conf")
				}
				for _, n := range persistenceFiles(c, pats...) {
					if persistenceSkipOwned(c, n) {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					v, ev, progs := persistenceUnitExec(j, n, persistenceParseUnit(text))
					hasExec := len(progs) > 0
					for _, k := range persistenceParseUnit(text) {
						if persistenceExecKeys[k.Key] && k.Value != "" || k.Key == "Environment" && strings.Contains(k.Value, "LD_PRELOAD=") {
							hasExec = true
							if len(ev) == 0 || ev[len(ev)-1].Line != k.Line {
								ev = append(ev, persistenceEv(n, k.Line, k.Key+"="+k.Value))
							}
						}
					}
					if !hasExec {
						continue
					}
					unit := strings.TrimSuffix(path.Base(path.Dir(n)), ".d")
					base := persistenceFindUnit(c, dirs, unit)
					if base == "" {
						if at := strings.Index(unit, "@"); at > 0 {
							base = persistenceFindUnit(c, dirs, unit[:at+1]+unit[strings.LastIndexByte(unit, '.'):])
						}
					}
					basePkg, baseOwn := "", Unowned
					same := true
					if base != "" {
						basePkg, baseOwn = c.Owned(base)
						if bt, err := persistenceText(c, base); err == nil {
							_, _, bprogs := persistenceUnitExec(j, base, persistenceParseUnit(bt))
							known := map[string]bool{}
							for _, p := range bprogs {
								known[p] = true
							}
							for _, p := range progs {
								if p == "" || !known[p] {
									same = false
								}
							}
						}
					} else {
						same = false
					}
					if strings.Contains(text, "LD_PRELOAD=") {
						same = false
					}
					sev := v.Max(persistenceKindAll)
					if sev == finding.Low {
						sev = finding.Info
					}
					pkgUnit := baseOwn == Pristine || baseOwn == Edited || baseOwn == Modified
					if pkgUnit && !same {
						sev = max(sev, finding.Medium)
					}
					if sev < finding.Medium {
						continue
					}
					en, zh := v.Text(persistenceKindAll, finding.Medium)
					detail, detailZh := "Drop-in for "+unit, unit+" 的 drop-in"
					if pkgUnit {
						detail += " (a unit of package " + basePkg + ") changes what it runs"
						detailZh += "（软件包 " + basePkg + " 的单元）改变了其执行内容"
					}
					if en != "" {
						detail, detailZh = detail+": "+en, detailZh+"："+zh
					}
					if base != "" {
						ev = append(ev, finding.Evidence{Path: "/" + base})
					}
					persistenceReport(c, sev, detail+".", detailZh+"。", ev...)
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.systemd_user_unit", Family: "persistence",
			Title:         "systemd user unit running untrusted code",
			TitleZh:       "systemd 用户单元运行不可信代码",
			Description:   "A systemd user unit (~/.config/systemd/user, ~/.local/share/systemd/user, /etc/systemd/user) runs code from a temporary or hidden directory, downloads or decodes code, or runs an unowned program. User units start with the user's session or at boot with lingering, without root.",
			DescriptionZh: "systemd 用户单元（~/.config/systemd/user、~/.local/share/systemd/user、/etc/systemd/user）运行临时或隐藏目录中的代码、下载或解码执行，或运行不属于软件包的程序。用户单元随用户会话启动，开启 linger 后开机即运行，且无需 root 权限。",
			Verify:        "systemctl --user -M USER@ cat UNIT, loginctl show-user USER (Linger), and the unit's times.",
			VerifyZh:      "使用 systemctl --user -M 用户@ cat 单元名、loginctl show-user 用户（Linger 属性）查看，并核对单元文件时间。",
			Advice:        "Disable the unit for that user, remove it and the program, and disable lingering if nobody needs it (loginctl disable-linger USER).",
			AdviceZh:      "为该用户停用并删除该单元及其程序；如无必要关闭 linger（loginctl disable-linger 用户）。",
			Attack:        []string{"T1543.002"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/systemd/user", "~/.config/systemd/user", "~/.local/share/systemd/user"},
			Run: func(c *Context) error {
				dirs := append(append([]string{}, persistenceUserUnitDirs...), persistenceHomeDirs(c, persistenceHomeUnitDirs...)...)
				persistenceJudgeUnits(c, dirs, persistenceKindAll, "User unit", "用户单元")
				return nil
			},
		},
		&Check{
			ID: "persistence.xdg_autostart", Family: "persistence",
			Title:         "XDG autostart entry running untrusted code",
			TitleZh:       "XDG 自启动项运行不可信代码",
			Description:   "A desktop autostart entry (/etc/xdg/autostart or ~/.config/autostart, Exec=) that no package ships runs code from a temporary or hidden directory, downloads or decodes code, or runs a program no package owns in a system directory. Desktop sessions start these at login.",
			DescriptionZh: "不属于软件包的桌面自启动项（/etc/xdg/autostart 或 ~/.config/autostart 中的 Exec=）运行临时或隐藏目录中的代码、下载或解码执行，或运行系统目录中不属于软件包的程序。桌面会话登录时会自动启动这些项。",
			Verify:        "Read the .desktop file and the program, and check their times.",
			VerifyZh:      "查看 .desktop 文件及其程序，核对文件时间。",
			Advice:        "Remove the entry and the program after preserving them.",
			AdviceZh:      "保全后删除该自启动项及其程序。",
			Attack:        []string{"T1547.013"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/xdg/autostart/*.desktop", "~/.config/autostart/*.desktop"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				pats := []string{"etc/xdg/autostart/*.desktop"}
				for _, d := range persistenceHomeDirs(c, ".config/autostart") {
					pats = append(pats, d+"/*.desktop")
				}
				for _, n := range persistenceFiles(c, pats...) {
					if persistenceSkipOwned(c, n) {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					keys := persistenceParseUnit(text)
					disabled := false
					for _, k := range keys {
						if k.Key == "Hidden" && strings.EqualFold(k.Value, "true") || k.Key == "X-GNOME-Autostart-enabled" && strings.EqualFold(k.Value, "false") {
							disabled = true
						}
					}
					if disabled {
						continue
					}
					for _, k := range keys {
						if k.Section != "Desktop Entry" || k.Key != "Exec" {
							continue
						}
						cmd := k.Value
						for _, code := range []string{"%f", "%F", "%u", "%U", "%i", "%c", "%k", "%d", "%D", "%n", "%N", "%v", "%m"} {
							cmd = strings.ReplaceAll(cmd, code, "")
						}
						cmd = strings.ReplaceAll(cmd, "%%", "%")
						persistenceReportVerdict(c, j.Judge(cmd), persistenceKindAll, finding.Medium, "Autostart "+path.Base(n), "自启动项 "+path.Base(n), persistenceEv(n, k.Line, "Exec="+k.Value))
					}
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.initd_script", Family: "persistence",
			Title:         "init.d script not shipped by a package or changed",
			TitleZh:       "init.d 中非软件包或被篡改的启动脚本",
			Description:   "A SysV init script (/etc/init.d, /etc/rc.d/init.d) is not shipped by any package, or a package's script differs from the package, or its content downloads, decodes or runs untrusted code. systemd still starts init.d scripts through its sysv generator, and old malware families install themselves there.",
			DescriptionZh: "SysV 启动脚本（/etc/init.d、/etc/rc.d/init.d）不属于任何软件包，或软件包脚本与原始内容不一致，或其内容下载、解码、运行不可信代码。systemd 仍会通过 sysv 生成器启动这些脚本，许多老牌木马家族安装于此。",
			Verify:        "Read the script, find the rc?.d links that start it (ls -l /etc/rc*.d | grep NAME), and check its times.",
			VerifyZh:      "阅读脚本，查找启动它的 rc?.d 链接（ls -l /etc/rc*.d | grep 名称），核对文件时间。",
			Advice:        "Stop it, remove it with update-rc.d NAME remove and delete the script after preserving it; reinstall the package of a changed script.",
			AdviceZh:      "停止该服务，用 update-rc.d 名称 remove 移除启动链接，保全后删除脚本；被篡改的软件包脚本应重新安装软件包。",
			Attack:        []string{"T1037.004"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/init.d/*", "/etc/rc.d/init.d/*"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, n := range persistenceFiles(c, "etc/init.d/*", "etc/rc.d/init.d/*") {
					pkg, o := c.Owned(n)
					if o == Pristine {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					sev, oen, ozh := persistenceScriptJudgement(j.Judge(text), pkg, o)
					if sev < finding.Medium {
						continue
					}
					persistenceReport(c, sev, "Init script "+path.Base(n)+": "+oen+".", "启动脚本 "+path.Base(n)+"："+ozh+"。", finding.Evidence{Path: "/" + n, Excerpt: Excerpt(text, 200)})
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.rc_local", Family: "persistence",
			Title:         "rc.local runs commands at boot",
			TitleZh:       "rc.local 开机执行命令",
			Description:   "/etc/rc.local (or /etc/rc.d/rc.local) has commands besides comments and exit 0; systemd's rc-local generator runs it as root at boot when it is executable. Content that downloads, decodes or runs untrusted programs is high; an unowned program or a background job is medium; other content is an observation.",
			DescriptionZh: "/etc/rc.local（或 /etc/rc.d/rc.local）中除注释与 exit 0 外还有命令；当其可执行时 systemd 的 rc-local 生成器会在开机时以 root 身份执行。下载、解码或运行不可信程序为高危；运行不属于软件包的程序或后台任务为中危；其他内容作为参考信息。",
			Verify:        "Read the file, check its times and permissions (is it executable), and whether what it starts is running.",
			VerifyZh:      "阅读文件内容，核对时间与权限（是否可执行），确认其启动的程序是否在运行。",
			Advice:        "Remove lines nobody added (keep a copy), kill what they started, and remove the programs.",
			AdviceZh:      "保留副本后删除无人添加的行，结束其启动的进程并清除相关程序。",
			Attack:        []string{"T1037.004"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/rc.local", "/etc/rc.d/rc.local"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, n := range persistenceFiles(c, "etc/rc.local", "etc/rc.d/rc.local") {
					if persistenceSkipOwned(c, n) {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					var body strings.Builder
					var ev []finding.Evidence
					bg := false
					for _, l := range persistenceLines(text, true) {
						t := strings.TrimSpace(l.Text)
						if t == "" || strings.HasPrefix(t, "#") || t == "exit 0" || t == "exit" {
							continue
						}
						body.WriteString(t + "\n")
						if len(ev) < 20 {
							ev = append(ev, persistenceEv(n, l.N, t))
						}
						for _, cmd := range persistenceSplitShell(t, 0) {
							bg = bg || cmd.Background
						}
					}
					if body.Len() == 0 {
						continue
					}
					v := j.Judge(body.String())
					sev := v.Max(persistenceKindAll)
					en, zh := v.Text(persistenceKindAll, finding.Low)
					switch {
					case sev >= finding.Medium:
						en, zh = v.Text(persistenceKindAll, finding.Medium)
					case sev == finding.Low || bg:
						sev = finding.Medium
						if bg {
							en, zh = strings.TrimPrefix(en+"; starts a program in the background", "; "), strings.TrimPrefix(zh+"；在后台启动程序", "；")
						}
					default:
						sev, en, zh = finding.Low, "it runs commands at boot", "开机时执行命令"
					}
					persistenceReport(c, sev, "rc.local: "+en+".", "rc.local："+zh+"。", ev...)
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.inittab_respawn", Family: "persistence",
			Title:         "inittab entry running an untrusted program",
			TitleZh:       "inittab 条目运行不可信程序",
			Description:   "An /etc/inittab entry (respawn, once, boot, sysinit...) runs a program that is unowned, in a temporary or hidden place, or a command that downloads or decodes code. init restarts respawn entries forever.",
			DescriptionZh: "/etc/inittab 中的条目（respawn、once、boot、sysinit 等）运行不属于软件包、位于临时或隐藏目录的程序，或下载、解码执行的命令。init 会无限次重启 respawn 条目。",
			Verify:        "Read the entry; on SysV-init systems init -q rereads the file; see whether the program runs.",
			VerifyZh:      "查看该条目；确认其程序是否在运行（SysV init 系统中 init -q 会重新读取该文件）。",
			Advice:        "Remove the entry, run init q (on SysV init), kill the process and remove the program.",
			AdviceZh:      "删除该条目，SysV init 系统执行 init q，结束进程并清除程序。",
			Attack:        []string{"T1037"},
			Category:      "NABACKIMPL",
			Severity:      finding.High,
			Reads:         []string{"/etc/inittab"},
			Run: func(c *Context) error {
				const n = "etc/inittab"
				if persistenceSkipOwned(c, n) {
					return nil
				}
				text, err := persistenceText(c, n)
				if err != nil {
					return nil
				}
				j := newPersistenceJudger(c)
				for _, l := range persistenceLines(text, false) {
					t := strings.TrimSpace(l.Text)
					if t == "" || strings.HasPrefix(t, "#") {
						continue
					}
					f := strings.SplitN(t, ":", 4)
					if len(f) < 4 || strings.TrimSpace(f[3]) == "" {
						continue
					}
					v := j.Judge(f[3])
					sev := v.Max(persistenceKindAll)
					if sev == finding.Low && f[2] == "respawn" {
						sev = finding.Medium
					}
					if sev < finding.Medium {
						continue
					}
					en, zh := v.Text(persistenceKindAll, finding.Low)
					persistenceReport(c, sev, fmt.Sprintf("Entry %s (%s): %s.", f[0], f[2], en), fmt.Sprintf("条目 %s（%s）：%s。", f[0], f[2], zh), persistenceEv(n, l.N, t))
				}
				return nil
			},
		},
		&Check{
			ID: "persistence.upstart_job", Family: "persistence",
			Title:         "Upstart job not shipped by a package",
			TitleZh:       "不属于软件包的 Upstart 任务",
			Description:   "A job in /etc/init (*.conf, *.override) is not shipped by a package, differs from the package, or runs untrusted code (exec or script stanzas). Upstart starts these at boot on older Ubuntu and RHEL 6 systems.",
			DescriptionZh: "/etc/init 中的任务（*.conf、*.override）不属于软件包、与软件包不一致，或其 exec/script 段运行不可信代码。旧版 Ubuntu 与 RHEL 6 的 Upstart 会在开机时启动这些任务。",
			Verify:        "Read the job and check its times; initctl list shows whether it runs.",
			VerifyZh:      "阅读任务内容并核对时间；initctl list 可查看其是否运行。",
			Advice:        "Stop the job (initctl stop), remove the file after preserving it, and remove the program.",
			AdviceZh:      "停止该任务（initctl stop），保全后删除文件并清除相关程序。",
			Attack:        []string{"T1037"},
			Category:      "NABACKIMPL",
			Severity:      finding.Medium,
			Reads:         []string{"/etc/init/*.conf", "/etc/init/*.override"},
			Run: func(c *Context) error {
				j := newPersistenceJudger(c)
				for _, n := range persistenceFiles(c, "etc/init/*.conf", "etc/init/*.override") {
					pkg, o := c.Owned(n)
					if o == Pristine {
						continue
					}
					text, err := persistenceText(c, n)
					if err != nil {
						continue
					}
					// Judge exec stanzas and script blocks as shell.
					var code strings.Builder
					inScript := false
					var ev []finding.Evidence
					for _, l := range persistenceLines(text, true) {
						t := strings.TrimSpace(l.Text)
						f := strings.Fields(t)
						switch {
						case len(f) == 0 || strings.HasPrefix(t, "#"):
						case t == "end script":
							inScript = false
						case inScript:
							code.WriteString(t + "\n")
						case f[len(f)-1] == "script" && len(f) <= 2:
							inScript = true
						case f[0] == "exec":
							code.WriteString(strings.TrimPrefix(t, "exec") + "\n")
							ev = append(ev, persistenceEv(n, l.N, t))
						case len(f) > 2 && f[1] == "exec":
							code.WriteString(strings.Join(f[2:], " ") + "\n")
							ev = append(ev, persistenceEv(n, l.N, t))
						}
					}
					sev, oen, ozh := persistenceScriptJudgement(j.Judge(code.String()), pkg, o)
					if sev < finding.Medium {
						continue
					}
					persistenceReport(c, sev, "Upstart job "+path.Base(n)+": "+oen+".", "Upstart 任务 "+path.Base(n)+"："+ozh+"。", append([]finding.Evidence{{Path: "/" + n}}, ev...)...)
				}
				return nil
			},
		},
	)
}
