// Package indicator pulls indicators of compromise out of findings: the
// addresses, domains, URLs, accounts, SSH keys, user agents, wallet
// addresses and file hashes a responder hands to threat intelligence, to
// a firewall, or to the customer's report.
//
// Indicators come from the structured evidence first (a source address
// field, a key fingerprint, a file's SHA-256) and then from the quoted
// text (a log line, a crontab entry), where each kind is recognised by its
// syntax and checked (addresses parse, wallet checksums verify, keys
// decode), so a random token does not become an indicator.
package indicator

import (
	"crypto/sha256"
	"math/big"
	"net/netip"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/yingji/yingji/internal/finding"
)

// Kinds of indicators.
const (
	KindIP        = "ip"
	KindDomain    = "domain"
	KindURL       = "url"
	KindAccount   = "account"
	KindSSHKey    = "ssh-key"    // value: SHA256 fingerprint
	KindUserAgent = "user-agent" // HTTP user agent of attack requests
	KindWallet    = "wallet"     // cryptocurrency address (mining payouts)
	KindFile      = "file"       // value: SHA-256 of a malicious file
)

// kindOrder is the order of kinds in a list: network first, as a
// responder blocks those first.
var kindOrder = map[string]int{KindIP: 0, KindDomain: 1, KindURL: 2, KindWallet: 3, KindSSHKey: 4, KindAccount: 5, KindUserAgent: 6, KindFile: 7}

// Indicator is one indicator with where it was seen.
type Indicator struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
	// Note qualifies the value: "private address (RFC 1918)", the file's
	// path, a key's comment.
	Note  string    `json:"note,omitempty"`
	First time.Time `json:"first,omitzero"`
	Last  time.Time `json:"last,omitzero"`
	// Count is the number of findings that cite it.
	Count int `json:"count"`
	// Rules are the rule ids of those findings, sorted.
	Rules []string `json:"rules"`
	// Worst is the highest severity among them.
	Worst finding.Severity `json:"worst"`
}

// MinSeverity is the least severity of a finding whose evidence gives
// indicators: low and informational findings describe the host (its
// listeners, its resolvers, its own administrator), not the attacker.
const MinSeverity = finding.Medium

// ipFields, hostFields, … name the evidence fields that hold a value of
// a kind, whatever analyzer wrote them.
var (
	addrFields    = map[string]bool{"src_ip": true, "rhost": true, "source": true, "host": true, "remote": true, "ip": true, "address": true, "client": true, "peer": true}
	accountFields = map[string]bool{"user": true, "account": true, "username": true}
	uaFields      = map[string]bool{"user_agent": true, "useragent": true}
	urlFields     = map[string]bool{"url": true, "download": true}
	keyFields     = map[string]bool{"key_fingerprint": true, "fingerprint": true}
)

var (
	ipv4Re   = regexp.MustCompile(`(?:^|[^0-9.])((?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3})(?:$|[^0-9.])`)
	urlRe    = regexp.MustCompile(`(?i)\b(?:https?|ftp|stratum\+(?:tcp|ssl|tls))://[^\s"'<>()\x60\\|;,]{1,400}`)
	sshKeyRe = regexp.MustCompile(`\b(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) AAAA[0-9A-Za-z+/]{20,}={0,3}`)
	// Monero standard and integrated addresses; Bitcoin bech32 and base58.
	moneroRe  = regexp.MustCompile(`\b[48][0-9AB][1-9A-HJ-NP-Za-km-z]{93}(?:[1-9A-HJ-NP-Za-km-z]{11})?\b`)
	bech32Re  = regexp.MustCompile(`\bbc1[ac-hj-np-z02-9]{25,87}\b`)
	base58Re  = regexp.MustCompile(`\b[13][1-9A-HJ-NP-Za-km-z]{25,34}\b`)
	domainRe  = regexp.MustCompile(`^(?i:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$`)
	timeKeys  = []string{"time", "first", "last"}
	maxValues = 10_000
)

// collector gathers indicators; the key is kind+value.
type collector struct {
	m     map[string]*Indicator
	order []string
	// per finding: which indicators it has already counted.
	seen map[string]bool
	f    *finding.Finding
}

// Extract returns the indicators of the findings of at least MinSeverity,
// sorted by kind (addresses first) and then by how many findings cite
// them. The list is bounded; a finding marked as a false positive must be
// removed by the caller before.
func Extract(fs []finding.Finding) []Indicator {
	c := &collector{m: map[string]*Indicator{}}
	for i := range fs {
		f := &fs[i]
		if f.Severity < MinSeverity {
			continue
		}
		c.f, c.seen = f, map[string]bool{}
		for _, ev := range f.Evidence {
			c.evidence(ev)
		}
	}
	out := make([]Indicator, 0, len(c.order))
	for _, k := range c.order {
		ind := c.m[k]
		sort.Strings(ind.Rules)
		ind.Rules = compactStrings(ind.Rules)
		out = append(out, *ind)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Kind != b.Kind {
			return kindOrder[a.Kind] < kindOrder[b.Kind]
		}
		if a.Worst != b.Worst {
			return a.Worst > b.Worst
		}
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Value < b.Value
	})
	return out
}

func (c *collector) evidence(ev finding.Evidence) {
	when := evidenceTime(ev, c.f)
	if ev.SHA256 != "" && c.f.Severity >= finding.High {
		c.add(KindFile, strings.ToLower(ev.SHA256), ev.Path, when)
	}
	keys := make([]string, 0, len(ev.Fields))
	for k := range ev.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys) // a stable order of discovery
	for _, k := range keys {
		v := strings.TrimSpace(ev.Fields[k])
		lk := strings.ToLower(k)
		switch {
		case v == "":
		case addrFields[lk]:
			c.address(v, when)
		case accountFields[lk]:
			if validAccount(v) {
				c.add(KindAccount, v, "", when)
			}
		case uaFields[lk]:
			if v != "-" {
				c.add(KindUserAgent, v, "", when)
			}
		case keyFields[lk]:
			if strings.HasPrefix(v, "SHA256:") || strings.HasPrefix(v, "MD5:") {
				c.add(KindSSHKey, v, "", when)
			}
		case urlFields[lk]:
			c.text(v, when)
		default:
			c.text(v, when)
		}
	}
	c.text(ev.Excerpt, when)
}

// text finds indicators in free text by their syntax.
func (c *collector) text(s string, when time.Time) {
	if s == "" {
		return
	}
	for _, m := range urlRe.FindAllString(s, -1) {
		m = strings.TrimRight(m, ".,:;!?]}")
		u, err := url.Parse(m)
		if err != nil || u.Hostname() == "" {
			continue
		}
		c.add(KindURL, m, "", when)
		c.address(u.Hostname(), when)
	}
	for _, m := range ipv4Re.FindAllStringSubmatch(s, -1) {
		c.address(m[1], when)
	}
	for _, m := range sshKeyRe.FindAllString(s, -1) {
		if pk, comment, _, _, err := ssh.ParseAuthorizedKey([]byte(m + " " + keyComment(s, m))); err == nil {
			c.add(KindSSHKey, ssh.FingerprintSHA256(pk), comment, when)
		}
	}
	for _, m := range moneroRe.FindAllString(s, -1) {
		c.add(KindWallet, m, "Monero (XMR)", when)
	}
	for _, m := range bech32Re.FindAllString(s, -1) {
		c.add(KindWallet, m, "Bitcoin (bech32)", when)
	}
	for _, m := range base58Re.FindAllString(s, -1) {
		if base58Check(m) {
			c.add(KindWallet, m, "Bitcoin (base58)", when)
		}
	}
}

// keyComment returns the comment after a key in its line, if any.
func keyComment(s, key string) string {
	i := strings.Index(s, key)
	rest := s[i+len(key):]
	if j := strings.IndexAny(rest, "\r\n"); j >= 0 {
		rest = rest[:j]
	}
	return strings.TrimSpace(rest)
}

// address adds an IP address or a host name.
func (c *collector) address(v string, when time.Time) {
	v = strings.Trim(v, "[]")
	if a, err := netip.ParseAddr(v); err == nil {
		a = a.Unmap()
		if a.IsUnspecified() || a.IsLoopback() {
			return
		}
		c.add(KindIP, a.String(), addrNote(a), when)
		return
	}
	if host, _, ok := strings.Cut(v, ":"); ok { // host:port
		v = host
	}
	v = strings.ToLower(strings.TrimSuffix(v, "."))
	if domainRe.MatchString(v) && strings.Contains(v, ".") && v != "localhost.localdomain" {
		c.add(KindDomain, v, domainNote(v), when)
	}
}

func (c *collector) add(kind, value, note string, when time.Time) {
	if len(value) > 2048 {
		value = value[:2048]
	}
	k := kind + "\x00" + value
	ind := c.m[k]
	if ind == nil {
		if len(c.m) >= maxValues {
			return
		}
		ind = &Indicator{Kind: kind, Value: value, Note: note, Worst: c.f.Severity}
		c.m[k] = ind
		c.order = append(c.order, k)
	}
	if ind.Note == "" {
		ind.Note = note
	}
	if !when.IsZero() {
		if ind.First.IsZero() || when.Before(ind.First) {
			ind.First = when
		}
		if when.After(ind.Last) {
			ind.Last = when
		}
	}
	if !c.seen[k] {
		c.seen[k] = true
		ind.Count++
		ind.Rules = append(ind.Rules, c.f.Rule)
		ind.Worst = max(ind.Worst, c.f.Severity)
	}
}

// evidenceTime is the time the evidence names, else the finding's.
func evidenceTime(ev finding.Evidence, f *finding.Finding) time.Time {
	for _, k := range timeKeys {
		if t, err := time.Parse(time.RFC3339, ev.Fields[k]); err == nil {
			return t
		}
	}
	if f.Time != nil {
		return *f.Time
	}
	return time.Time{}
}

var (
	docNets = []netip.Prefix{
		netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("198.51.100.0/24"),
		netip.MustParsePrefix("203.0.113.0/24"), netip.MustParsePrefix("2001:db8::/32"),
	}
	cgnat = netip.MustParsePrefix("100.64.0.0/10")
)

// addrNote says what kind of address it is, so nobody blocks or reports
// a private address as the attacker's.
func addrNote(a netip.Addr) string {
	for _, p := range docNets {
		if p.Contains(a) {
			return "documentation address (RFC 5737/3849)"
		}
	}
	switch {
	case a.IsPrivate():
		return "private address (RFC 1918/4193): an internal host"
	case cgnat.Contains(a):
		return "shared address space (RFC 6598)"
	case a.IsLinkLocalUnicast():
		return "link-local address"
	case a.IsMulticast():
		return "multicast address"
	}
	return ""
}

func domainNote(d string) string {
	for _, tld := range []string{".invalid", ".test", ".example", ".localhost", ".local"} {
		if strings.HasSuffix(d, tld) {
			return "reserved name (RFC 2606/6761)"
		}
	}
	return ""
}

// validAccount rejects what is not a user name: placeholders, numbers
// alone, text with spaces.
func validAccount(v string) bool {
	if v == "-" || v == "?" || len(v) > 64 || strings.ContainsAny(v, " \t,;/") {
		return false
	}
	return strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' }) >= 0
}

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// base58Check reports whether s decodes as Base58Check (a version byte,
// a payload and the first four bytes of its double SHA-256), which a
// random word of the same alphabet passes with odds of 1 in 4 billion.
func base58Check(s string) bool {
	n := new(big.Int)
	for _, r := range s {
		d := strings.IndexRune(base58Alphabet, r)
		if d < 0 {
			return false
		}
		n.Mul(n, big.NewInt(58)).Add(n, big.NewInt(int64(d)))
	}
	b := n.Bytes()
	// Each leading '1' is a leading zero byte.
	for i := 0; i < len(s) && s[i] == '1'; i++ {
		b = append([]byte{0}, b...)
	}
	if len(b) != 25 {
		return false
	}
	h1 := sha256.Sum256(b[:21])
	h2 := sha256.Sum256(h1[:])
	return string(h2[:4]) == string(b[21:])
}

func compactStrings(s []string) []string {
	out := s[:0]
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}
