package demo

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"os"
	"sort"
	"strings"
	"time"
)

// The host's logs: auth.log and syslog (RFC 3164, since the last weekly
// rotation), the nginx access and error logs, and the login records
// (wtmp, btmp, lastlog). The normal life of the server (cron, the
// administrator's daily logins, visitors and search engines) surrounds the
// intruder's brute force, logins and webshell requests.

// logLine is one line of a text log at a time; lines are sorted by time
// (stable: lines of one moment keep their order).
type logLine struct {
	at   time.Time
	text string
}

type logBook []logLine

func (l *logBook) add(at time.Time, text string) { *l = append(*l, logLine{at, text}) }

func (l logBook) render(format func(time.Time) string) (string, time.Time) {
	sort.SliceStable(l, func(i, j int) bool { return l[i].at.Before(l[j].at) })
	var w strings.Builder
	var last time.Time
	for _, x := range l {
		w.WriteString(format(x.at))
		w.WriteString(x.text)
		w.WriteByte('\n')
		last = x.at
	}
	return w.String(), last
}

func syslogTime(t time.Time) string { return t.Format("Jan _2 15:04:05") + " " + hostname + " " }

// session is one SSH login, for auth.log and the login records.
type session struct {
	user, ip, method string
	port             int
	pid              int // sshd's pid
	tty              string
	from, to         time.Time // to zero: still logged in
	id               int       // logind session number
}

// pids hands out process ids that grow with time, as a Linux kernel does.
type pids struct {
	base time.Time
	rng  *rand.Rand
}

func (p *pids) at(t time.Time) int {
	return 1200 + int(t.Sub(p.base).Seconds()/11) + p.rng.IntN(5)
}

// logs writes the logs. Their lines are generated from the story's
// timeline with a fixed random sequence.
func (b *builder) logs(h *Host) error {
	t := b.t
	rng := rand.New(rand.NewPCG(0x79696e676a69, 0x64656d6f))
	pid := &pids{base: t.updated, rng: rng}
	boot := t.updated.Add(9*time.Minute + 12*time.Second) // rebooted after the upgrade

	// The administrator's sessions since the reboot: on working days,
	// from the office, with the password.
	var sessions []*session
	sid := 1
	newSession := func(user, ip, method string, from, to time.Time, tty string) *session {
		s := &session{user: user, ip: ip, method: method, port: 49152 + rng.IntN(16000), pid: pid.at(from), tty: tty, from: from, to: to, id: sid}
		sid++
		sessions = append(sessions, s)
		return s
	}
	for d := boot; d.Before(t.now); d = d.AddDate(0, 0, 1) {
		y, m, dd := d.Date()
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		from := time.Date(y, m, dd, 9, 12+rng.IntN(40), rng.IntN(60), 0, d.Location())
		if !from.After(boot) || !from.Before(t.now.Add(-time.Hour)) {
			continue
		}
		to := from.Add(time.Duration(8+rng.IntN(35))*time.Minute + time.Duration(rng.IntN(60))*time.Second)
		newSession(admin, officeIP, "password", from, to, "pts/0")
	}
	rootPw := newSession("root", attackerIP, "password", t.attack, t.cmd["exit"].Add(time.Second), "pts/1")
	rootKey := newSession("root", attackerIP, "publickey", t.keyLogin, t.cmd["exit2"].Add(time.Second), "pts/1")
	sort.SliceStable(sessions, func(i, j int) bool { return sessions[i].from.Before(sessions[j].from) })
	for i, s := range sessions {
		s.id = 1 + i
	}

	var auth, sys logBook
	// cron: the hourly run-parts and PHP's session cleaner (every 30
	// minutes); logrotate and the administrator's backup daily.
	for at := t.logStart.Truncate(time.Hour); at.Before(t.now); at = at.Add(time.Hour) {
		for _, job := range []struct {
			min  int
			user string
			cmd  string
		}{
			{9, "root", "  [ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system ]; then /usr/lib/php/sessionclean; fi"},
			{17, "root", "cd / && run-parts --report /etc/cron.hourly"},
			{39, "root", "  [ -x /usr/lib/php/sessionclean ] && if [ ! -d /run/systemd/system ]; then /usr/lib/php/sessionclean; fi"},
		} {
			x := at.Add(time.Duration(job.min)*time.Minute + time.Second)
			if x.Before(t.logStart) || !x.Before(t.now) {
				continue
			}
			p := pid.at(x)
			auth.add(x, fmt.Sprintf("CRON[%d]: pam_unix(cron:session): session opened for user %s(uid=0) by (uid=0)", p, job.user))
			sys.add(x, fmt.Sprintf("CRON[%d]: (%s) CMD (%s)", p, job.user, job.cmd))
			auth.add(x, fmt.Sprintf("CRON[%d]: pam_unix(cron:session): session closed for user %s", p, job.user))
		}
		if at.Hour() == 0 {
			x := at.Add(time.Duration(rng.IntN(50)) * time.Second)
			if !x.Before(t.logStart) && x.Before(t.now) {
				sys.add(x, "systemd[1]: Starting logrotate.service - Rotate log files...")
				sys.add(x.Add(time.Second), "systemd[1]: logrotate.service: Deactivated successfully.")
				sys.add(x.Add(time.Second), "systemd[1]: Finished logrotate.service - Rotate log files.")
			}
		}
		if at.Hour() == 2 {
			x := at.Add(30*time.Minute + time.Second)
			if !x.Before(t.logStart) && x.Before(t.now) {
				p := pid.at(x)
				auth.add(x, fmt.Sprintf("CRON[%d]: pam_unix(cron:session): session opened for user %s(uid=1000) by (uid=0)", p, admin))
				sys.add(x, fmt.Sprintf("CRON[%d]: (%s) CMD (tar -czf /var/backups/www-$(date +\\%%F).tar.gz -C /var/www html >/dev/null 2>&1)", p, admin))
				auth.add(x.Add(3*time.Second), fmt.Sprintf("CRON[%d]: pam_unix(cron:session): session closed for user %s", p, admin))
			}
		}
		if at.Hour() == 6 || at.Hour() == 18 {
			x := at.Add(time.Duration(rng.IntN(3000)) * time.Second)
			if x.Before(t.now) && !x.Before(t.logStart) {
				sys.add(x, fmt.Sprintf("chronyd[%d]: Selected source 192.0.2.123 (2.debian.pool.ntp.org)", 498))
			}
		}
	}

	// SSH sessions in auth.log.
	fp := keyFingerprint(attackerKeySeed)
	for _, s := range sessions {
		if s.from.Before(t.logStart) {
			continue
		}
		how := "ssh2"
		if s.method == "publickey" {
			how = "ssh2: ED25519 " + fp // only the intruder's key logs in
		}
		uid := 1000
		if s.user == "root" {
			uid = 0
		}
		auth.add(s.from, fmt.Sprintf("sshd[%d]: Accepted %s for %s from %s port %d %s", s.pid, s.method, s.user, s.ip, s.port, how))
		auth.add(s.from, fmt.Sprintf("sshd[%d]: pam_unix(sshd:session): session opened for user %s(uid=%d) by (uid=0)", s.pid, s.user, uid))
		auth.add(s.from, fmt.Sprintf("systemd-logind[512]: New session %d of user %s.", s.id, s.user))
		if s.user == admin {
			// a look at the logs with sudo, now and then
			if s.id%2 == 0 {
				x := s.from.Add(time.Duration(60+rng.IntN(200)) * time.Second)
				auth.add(x, fmt.Sprintf("sudo: %s : TTY=%s ; PWD=/home/%s ; USER=root ; COMMAND=/usr/bin/tail -n 50 /var/log/nginx/access.log", admin, s.tty, admin))
				auth.add(x, fmt.Sprintf("sudo: pam_unix(sudo:session): session opened for user root(uid=0) by %s(uid=1000)", admin))
				auth.add(x, "sudo: pam_unix(sudo:session): session closed for user root")
			}
		}
		if s.to.IsZero() || !s.to.Before(t.now) {
			continue
		}
		auth.add(s.to, fmt.Sprintf("sshd[%d]: Received disconnect from %s port %d:11: disconnected by user", s.pid, s.ip, s.port))
		auth.add(s.to, fmt.Sprintf("sshd[%d]: Disconnected from user %s %s port %d", s.pid, s.user, s.ip, s.port))
		auth.add(s.to, fmt.Sprintf("sshd[%d]: pam_unix(sshd:session): session closed for user %s", s.pid, s.user))
		auth.add(s.to, fmt.Sprintf("systemd-logind[512]: Session %d logged out. Waiting for processes to exit.", s.id))
		auth.add(s.to, fmt.Sprintf("systemd-logind[512]: Removed session %d.", s.id))
	}

	// The brute force: two sources, about 20 minutes, common account
	// names and root, then the password of root is found.
	fails := b.bruteForce(rng, pid, &auth)

	// What the intruder did as root, as the system logged it.
	at := t.cmd["useradd"]
	auth.add(at, fmt.Sprintf("useradd[%d]: new user: name=%s, UID=0, GID=0, home=/root, shell=/bin/bash, from=/dev/pts/1", pid.at(at), backdoor))
	at = t.cmd["chpasswd"]
	auth.add(at, fmt.Sprintf("chpasswd[%d]: pam_unix(chpasswd:chauthtok): password changed for %s", pid.at(at), backdoor))
	at = t.cmd["crontab"]
	sys.add(at, fmt.Sprintf("crontab[%d]: (root) REPLACE (root)", pid.at(at)))
	sys.add(at.Add(time.Minute-time.Duration(at.Second())*time.Second+time.Second), "cron[431]: (root) RELOAD (crontabs/root)")
	at = t.cmd["enable"]
	sys.add(at, "systemd[1]: Reloading.")
	sys.add(at.Add(2*time.Second), "systemd[1]: Started "+minerUnit+" - "+minerUnitDesc+".")
	// the miner's cron entry, every 30 minutes since
	for x := t.attack.Truncate(30 * time.Minute).Add(30*time.Minute + time.Second); x.Before(t.now); x = x.Add(30 * time.Minute) {
		p := pid.at(x)
		auth.add(x, fmt.Sprintf("CRON[%d]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)", p))
		sys.add(x, fmt.Sprintf("CRON[%d]: (root) CMD (%s)", p, minerCron))
		auth.add(x, fmt.Sprintf("CRON[%d]: pam_unix(cron:session): session closed for user root", p))
	}
	_, _ = rootPw, rootKey

	authText, authLast := auth.render(syslogTime)
	sysText, sysLast := sys.render(syslogTime)
	if err := b.file("", "/var/log/auth.log", authText, 0o640, authLast); err != nil {
		return err
	}
	if err := b.file("", "/var/log/syslog", sysText, 0o640, sysLast); err != nil {
		return err
	}

	// Login records.
	if err := b.loginRecords(boot, sessions, fails); err != nil {
		return err
	}
	// The web server's logs.
	return b.accessLog(rng)
}

// failure is one failed SSH login, for btmp.
type failure struct {
	at        time.Time
	user, ip  string
	pid, port int
}

var bruteUsers = []string{"admin", "test", "user", "oracle", "postgres", "ubuntu", "ftpuser", "git", "guest", "mysql", "www", "deploy", "test1", "dev",
	"hadoop", "nagios", "pi", "support", "jenkins", "minecraft", "tomcat", "elastic", "es", "centos", "debian", "admin1", "administrator", "zabbix",
	"redis", "sa", "ftp", "user1", "ubnt", "teamspeak", "steam", "odoo", "vagrant", "ansible", "docker", "gitlab", "web", "www-data", "nginx", "server", "backup"}

// bruteForce writes the failed logins of the two sources and returns them.
func (b *builder) bruteForce(rng *rand.Rand, pid *pids, auth *logBook) []failure {
	t := b.t
	var out []failure
	type src struct {
		ip       string
		from, to time.Time
		gap      int // mean seconds between connections
	}
	for _, s := range []src{
		{attackerIP, t.bruteFrom, t.attack.Add(-40 * time.Second), 5},
		{helperIP, t.bruteFrom.Add(2*time.Minute + 31*time.Second), t.bruteFrom.Add(14*time.Minute + 3*time.Second), 9},
	} {
		for at := s.from; at.Before(s.to); at = at.Add(time.Duration(s.gap-2+rng.IntN(5)) * time.Second) {
			p, port := pid.at(at), 32768+rng.IntN(28000)
			user := "root"
			if rng.IntN(3) > 0 {
				user = bruteUsers[rng.IntN(len(bruteUsers))]
			}
			tries := 1 + rng.IntN(2)
			if user == "root" {
				tries = 2 + rng.IntN(2)
			}
			x := at
			if user != "root" {
				auth.add(x, fmt.Sprintf("sshd[%d]: Invalid user %s from %s port %d", p, user, s.ip, port))
			}
			for i := 0; i < tries; i++ {
				x = x.Add(time.Duration(1+rng.IntN(2)) * time.Second)
				if user == "root" {
					if i == 0 {
						auth.add(x, fmt.Sprintf("sshd[%d]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=%s  user=root", p, s.ip))
					}
					auth.add(x.Add(2*time.Second), fmt.Sprintf("sshd[%d]: Failed password for root from %s port %d ssh2", p, s.ip, port))
				} else {
					if i == 0 {
						auth.add(x, fmt.Sprintf("sshd[%d]: pam_unix(sshd:auth): check pass; user unknown", p))
						auth.add(x, fmt.Sprintf("sshd[%d]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=%s ", p, s.ip))
					}
					auth.add(x.Add(2*time.Second), fmt.Sprintf("sshd[%d]: Failed password for invalid user %s from %s port %d ssh2", p, user, s.ip, port))
				}
				out = append(out, failure{x.Add(2 * time.Second), user, s.ip, p, port})
				x = x.Add(2 * time.Second)
			}
			if user == "root" {
				auth.add(x.Add(time.Second), fmt.Sprintf("sshd[%d]: Connection closed by authenticating user root %s port %d [preauth]", p, s.ip, port))
			} else {
				auth.add(x.Add(time.Second), fmt.Sprintf("sshd[%d]: Connection closed by invalid user %s %s port %d [preauth]", p, user, s.ip, port))
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

// keyFingerprint returns OpenSSH's SHA256 fingerprint of an ed25519 key
// made from seed.
func keyFingerprint(seed string) string {
	f := strings.Fields(authorizedKey(seed, "x"))
	blob, _ := base64.StdEncoding.DecodeString(f[1])
	sum := sha256.Sum256(blob)
	return "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])
}

// utmpRecord encodes one glibc struct utmp of x86_64 (384 bytes).
func utmpRecord(typ int16, pid int, line, id, user, host string, at time.Time) []byte {
	r := make([]byte, 384)
	binary.LittleEndian.PutUint16(r[0:], uint16(typ))
	binary.LittleEndian.PutUint32(r[4:], uint32(pid))
	copy(r[8:40], line)
	copy(r[40:44], id)
	copy(r[44:76], user)
	copy(r[76:332], host)
	binary.LittleEndian.PutUint32(r[336:], uint32(pid))
	binary.LittleEndian.PutUint32(r[340:], uint32(at.Unix()))
	binary.LittleEndian.PutUint32(r[344:], uint32(at.Nanosecond()/1000))
	if a, err := netip.ParseAddr(host); err == nil && a.Is4() {
		a4 := a.As4()
		copy(r[348:352], a4[:])
	}
	return r
}

const (
	utBootTime     = 2
	utRunLevel     = 1
	utLoginProcess = 6
	utUserProcess  = 7
	utDeadProcess  = 8
)

// loginRecords writes wtmp (the boot and the sessions), btmp (the failed
// logins) and lastlog (each account's last login).
func (b *builder) loginRecords(boot time.Time, sessions []*session, fails []failure) error {
	t := b.t
	type rec struct {
		at time.Time
		b  []byte
	}
	var wtmp []rec
	wtmp = append(wtmp, rec{boot, utmpRecord(utBootTime, 0, "~", "~~", "reboot", "6.1.0-18-amd64", boot)})
	wtmp = append(wtmp, rec{boot.Add(4 * time.Second), utmpRecord(utRunLevel, 53, "~", "~~", "runlevel", "6.1.0-18-amd64", boot.Add(4*time.Second))})
	wtmp = append(wtmp, rec{boot.Add(5 * time.Second), utmpRecord(utLoginProcess, 611, "tty1", "tty1", "LOGIN", "", boot.Add(5*time.Second))})
	last := map[string]*session{}
	for _, s := range sessions {
		id := strings.TrimPrefix(s.tty, "pts/")
		wtmp = append(wtmp, rec{s.from, utmpRecord(utUserProcess, s.pid+1, s.tty, "ts/"+id, s.user, s.ip, s.from)})
		if !s.to.IsZero() && s.to.Before(t.now) {
			wtmp = append(wtmp, rec{s.to, utmpRecord(utDeadProcess, s.pid+1, s.tty, "ts/"+id, "", "", s.to)})
		}
		if l := last[s.user]; l == nil || s.from.After(l.from) {
			last[s.user] = s
		}
	}
	sort.SliceStable(wtmp, func(i, j int) bool { return wtmp[i].at.Before(wtmp[j].at) })
	var w []byte
	for _, r := range wtmp {
		w = append(w, r.b...)
	}
	if err := b.file("", "/var/log/wtmp", string(w), 0o664, wtmp[len(wtmp)-1].at); err != nil {
		return err
	}
	var bt []byte
	for _, f := range fails {
		bt = append(bt, utmpRecord(utLoginProcess, f.pid, "ssh:notty", "", f.user, f.ip, f.at)...)
	}
	if err := b.file("", "/var/log/btmp", string(bt), 0o660, fails[len(fails)-1].at); err != nil {
		return err
	}
	// lastlog: struct lastlog {int32 ll_time; char ll_line[32]; char
	// ll_host[256]} indexed by UID, a sparse file.
	p := b.path("/var/log/lastlog")
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o664)
	if err != nil {
		return err
	}
	var newest time.Time
	for uid, user := range map[int]string{0: "root", 1000: admin} {
		s := last[user]
		if s == nil {
			continue
		}
		r := make([]byte, 292)
		binary.LittleEndian.PutUint32(r[0:], uint32(s.from.Unix()))
		copy(r[4:36], s.tty)
		copy(r[36:292], s.ip)
		if _, err := f.WriteAt(r, int64(uid)*292); err != nil {
			f.Close()
			return err
		}
		if s.from.After(newest) {
			newest = s.from
		}
	}
	if err := f.Close(); err != nil {
		return err
	}
	b.times["/var/log/lastlog"] = newest
	b.clean["/var/log/lastlog"] = true
	return nil
}

// Visitors of the site: pages with their assets, from browsers of many
// addresses, and the search engines' crawlers.
var (
	browsers = []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36 Edg/123.0.2420.97",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x1800312c) NetType/WIFI Language/zh_CN",
		"Mozilla/5.0 (Linux; Android 13; V2183A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.5359.95 Safari/537.36 QIHU 360SE",
	}
	crawlers = []struct{ ip, ua string }{
		{"192.0.2.201", "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"},
		{"192.0.2.202", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
		{"192.0.2.203", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"},
		{"192.0.2.204", "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)"},
		{"192.0.2.205", "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.118 Mobile Safari/537.36 (compatible; YisouSpider/5.0; +http://www.yisou.com/help.html)"},
	}
	pages = []string{"/", "/", "/", "/about.html", "/products.html", "/products.html", "/news.html", "/contact.html"}
	// The webshell client's user agent (AntSword's default is a random
	// browser string).
	shellUA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.110 Safari/537.36"
)

// accessLog writes nginx's combined-format access log since the last
// weekly rotation, and a short error log.
func (b *builder) accessLog(rng *rand.Rand) error {
	t := b.t
	var acc logBook
	size := map[string]int{}
	for _, p := range []string{"/", "/about.html", "/products.html", "/news.html", "/contact.html", "/css/style.css", "/js/main.js", "/robots.txt"} {
		f := p
		if p == "/" {
			f = "/index.html"
		}
		c, err := os.ReadFile(b.path(webRoot + f))
		if err != nil {
			return err
		}
		size[p] = len(c)
	}
	for _, img := range []string{"/images/logo.png", "/images/banner.jpg", "/images/icon-dev.png", "/images/icon-cloud.png", "/images/icon-support.png", "/images/product-wms.jpg", "/images/product-erp.jpg", "/favicon.ico"} {
		fi, err := os.Stat(b.path(webRoot + img))
		if err != nil {
			return err
		}
		size[img] = int(fi.Size())
	}
	assets := map[string][]string{
		"/":              {"/css/style.css", "/images/logo.png", "/images/banner.jpg", "/images/icon-dev.png", "/images/icon-cloud.png", "/images/icon-support.png", "/js/main.js", "/favicon.ico"},
		"/products.html": {"/css/style.css", "/images/logo.png", "/images/product-wms.jpg", "/images/product-erp.jpg", "/js/main.js"},
	}
	line := func(ip string, at time.Time, req string, status, n int, ref, ua string) string {
		return fmt.Sprintf("%s - - [%s] \"%s\" %d %d \"%s\" \"%s\"", ip, at.Format("02/Jan/2006:15:04:05 -0700"), req, status, n, ref, ua)
	}
	site := "http://" + domain
	// Visits: more by day than by night.
	for at := t.logStart; at.Before(t.now); {
		gap := 240 + rng.IntN(600)
		if h := at.Hour(); h < 8 || h >= 22 {
			gap *= 4
		}
		at = at.Add(time.Duration(gap) * time.Second)
		if !at.Before(t.now.Add(-time.Minute)) {
			break
		}
		ip := fmt.Sprintf("%s.%d", []string{"198.51.100", "203.0.113", "192.0.2"}[rng.IntN(3)], 20+rng.IntN(200))
		if ip == attackerIP || ip == helperIP || ip == officeIP {
			continue
		}
		ua := browsers[rng.IntN(len(browsers))]
		ref := "https://www.baidu.com/link?url=" + fmt.Sprintf("%x", rng.Uint64())
		x := at
		for i, n := 0, 1+rng.IntN(3); i < n; i++ {
			p := pages[rng.IntN(len(pages))]
			n := size[p]
			if p == "/" && x.After(t.darkLink) {
				n += len(darkLinks) // the injected block is served with the page
			}
			acc.add(x, line(ip, x, "GET "+p+" HTTP/1.1", 200, n, ref, ua))
			for _, a := range assets[p] {
				if a == "/css/style.css" || rng.IntN(4) > 0 {
					acc.add(x, line(ip, x, "GET "+a+" HTTP/1.1", 200, size[a], site+p, ua))
				}
			}
			ref = site + p
			x = x.Add(time.Duration(5+rng.IntN(90)) * time.Second)
		}
	}
	// Crawlers, a few times a day each.
	for _, c := range crawlers {
		for at := t.logStart.Add(time.Duration(rng.IntN(7200)) * time.Second); at.Before(t.now); at = at.Add(time.Duration(3600*3+rng.IntN(3600*6)) * time.Second) {
			p := []string{"/robots.txt", "/", "/about.html", "/products.html", "/news.html", "/contact.html"}[rng.IntN(6)]
			n := size[p]
			if p == "/" && at.After(t.darkLink) {
				n += len(darkLinks)
			}
			acc.add(at, line(c.ip, at, "GET "+p+" HTTP/1.1", 200, n, "-", c.ua))
		}
	}
	// The intruder tests the webshell right after writing it, and uses it
	// the next evening to look around and rewrite the home page.
	shell := strings.TrimPrefix(webshell, webRoot)
	at := t.webshell.Add(2*time.Minute + 9*time.Second)
	acc.add(at, line(helperIP, at, "GET "+shell+" HTTP/1.1", 200, 0, "-", shellUA))
	posts := []struct {
		off  time.Duration
		size int
	}{
		{-9*time.Minute - 36*time.Second, 1021}, {-9*time.Minute - 31*time.Second, 2894}, {-8*time.Minute - 2*time.Second, 415},
		{-6*time.Minute - 44*time.Second, 7730}, {-5*time.Minute - 10*time.Second, 96}, {-3*time.Minute - 58*time.Second, 3105},
		{-1*time.Minute - 12*time.Second, 2660}, {0, 44}, {35 * time.Second, 3262}, {2*time.Minute + 5*time.Second, 44},
	}
	for _, p := range posts {
		x := t.darkLink.Add(p.off)
		acc.add(x, line(helperIP, x, "POST "+shell+" HTTP/1.1", 200, p.size, "-", shellUA))
	}
	text, last := acc.render(func(time.Time) string { return "" })
	if err := b.file("", "/var/log/nginx/access.log", text, 0o640, last); err != nil {
		return err
	}
	errAt := t.keyLogin.Add(-3*time.Hour - 12*time.Minute - 9*time.Second)
	errLog := fmt.Sprintf("%s [error] 512#512: *%d open() \"/var/www/html/apple-touch-icon.png\" failed (2: No such file or directory), client: 198.51.100.61, server: %s, request: \"GET /apple-touch-icon.png HTTP/1.1\", host: \"%s\"\n",
		errAt.Format("2006/01/02 15:04:05"), 4107, domain, domain)
	return b.file("", "/var/log/nginx/error.log", errLog, 0o640, errAt)
}
